//! Component tests: mount the app in headless Chromium and drive it through
//! DOM events, as the browser would deliver them.
//! Run with `cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use nianbao::domain::format::{CellId, T3Col, T3Row, SECTIONS};
use nianbao::ui::editor::cell_dom_id;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("document")
}

/// A mounted app; unmounted (its nodes removed) when dropped.
struct Mounted {
    host: HtmlElement,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.host.remove();
    }
}

fn mount_app() -> Mounted {
    // Each test starts from an empty browser: no drafts from the last one.
    if let Ok(Some(storage)) = web_sys::window().expect("window").local_storage() {
        storage.clear().expect("clear storage");
    }
    let host: HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    document()
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    let handle = mount_to(host.clone(), || {
        use leptos::prelude::*;
        view! { <nianbao::ui::App /> }.into_any()
    });
    Mounted {
        host,
        _handle: handle,
    }
}

/// The 「检查报告」 button of a mounted app.
fn check_report_button(app: &Mounted) -> HtmlElement {
    let button: HtmlElement = app
        .host
        .query_selector(".check-bar button")
        .ok()
        .flatten()
        .expect("检查报告 button")
        .unchecked_into();
    assert_eq!(button.text_content().as_deref(), Some("检查报告"));
    button
}

/// The raw text of every draft in localStorage.
fn stored_drafts() -> Vec<String> {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage");
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with("nianbao.draft."))
        .filter_map(|k| storage.get_item(&k).ok().flatten())
        .collect()
}

/// Lets Leptos run the effects a change scheduled.
async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .expect("timeout");
    });
    JsFuture::from(promise).await.expect("tick");
}

fn input(id: CellId) -> HtmlInputElement {
    document()
        .get_element_by_id(&cell_dom_id(id))
        .expect("cell input")
        .unchecked_into()
}

fn total_text(id: CellId) -> String {
    document()
        .get_element_by_id(&cell_dom_id(id))
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn bubbling(kind: &str) -> web_sys::Event {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    web_sys::Event::new_with_event_init_dict(kind, &init).expect("event")
}

async fn type_into(id: CellId, text: &str) {
    let el = input(id);
    let _ = el.focus();
    el.set_value(text);
    el.dispatch_event(&bubbling("input")).expect("input");
    tick().await;
}

async fn leave(id: CellId) {
    let el = input(id);
    el.dispatch_event(&web_sys::Event::new("blur").expect("blur"))
        .expect("dispatch");
    let _ = el.blur();
    tick().await;
}

fn key(target: &HtmlElement, key: &str, ctrl: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_ctrl_key(ctrl);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        .expect("keyboard event");
    target.dispatch_event(&ev).expect("dispatch");
}

fn active_id() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

const NEW_NATURAL: CellId = CellId::T3(T3Row::New, T3Col::Natural);
const NEW_BUSINESS: CellId = CellId::T3(T3Row::New, T3Col::Business);
const NEW_TOTAL: CellId = CellId::T3(T3Row::New, T3Col::Total);

#[wasm_bindgen_test]
async fn shows_the_six_section_headings_in_order() {
    let app = mount_app();
    tick().await;
    let headings = app.host.query_selector_all("section > h2").expect("query");
    let texts: Vec<String> = (0..headings.length())
        .filter_map(|i| headings.item(i))
        .filter_map(|n| n.text_content())
        .collect();
    let expected: Vec<&str> = SECTIONS.iter().map(|s| s.heading).collect();
    assert_eq!(texts, expected);
}

#[wasm_bindgen_test]
async fn inputs_are_named_by_table_row_and_column() {
    let _app = mount_app();
    let el = input(CellId::T3(T3Row::Disclosed, T3Col::Natural));
    assert_eq!(
        el.get_attribute("aria-label").as_deref(),
        Some("表三 （一）予以公开 自然人")
    );
    assert_eq!(el.get_attribute("inputmode").as_deref(), Some("numeric"));
    // No error state before any check.
    assert_eq!(el.get_attribute("aria-invalid"), None);
}

#[wasm_bindgen_test]
async fn typed_text_stays_until_blur_then_is_normalised() {
    let _app = mount_app();
    type_into(NEW_NATURAL, "１，２３４件").await;
    assert_eq!(
        input(NEW_NATURAL).value(),
        "１，２３４件",
        "never rewritten while focused"
    );
    leave(NEW_NATURAL).await;
    assert_eq!(input(NEW_NATURAL).value(), "1234");
    assert_eq!(input(NEW_NATURAL).get_attribute("aria-invalid"), None);
}

#[wasm_bindgen_test]
async fn a_bad_value_is_kept_and_flagged_after_leaving_the_cell() {
    let _app = mount_app();
    type_into(NEW_NATURAL, "-1").await;
    assert_eq!(
        input(NEW_NATURAL).get_attribute("aria-invalid"),
        None,
        "not while typing"
    );
    leave(NEW_NATURAL).await;
    let el = input(NEW_NATURAL);
    assert_eq!(el.value(), "-1", "what the user typed is kept");
    assert_eq!(el.get_attribute("aria-invalid").as_deref(), Some("true"));
    let msg_id = el
        .get_attribute("aria-describedby")
        .expect("described by its message");
    let msg = document()
        .get_element_by_id(&msg_id)
        .and_then(|m| m.text_content())
        .unwrap_or_default();
    // Inside the cell, only what is wrong: the place goes without saying.
    assert_eq!(msg, "错误：不能为负数");
    // Fixed: the message goes at once.
    type_into(NEW_NATURAL, "1").await;
    assert_eq!(input(NEW_NATURAL).get_attribute("aria-invalid"), None);
}

#[wasm_bindgen_test]
async fn totals_update_on_every_keystroke() {
    let _app = mount_app();
    type_into(NEW_NATURAL, "25").await;
    type_into(NEW_BUSINESS, "3").await;
    assert_eq!(total_text(NEW_TOTAL), "28");
    type_into(NEW_BUSINESS, "30").await;
    assert_eq!(total_text(NEW_TOTAL), "55");
    let results_total = CellId::T3(T3Row::Total, T3Col::Natural);
    type_into(CellId::T3(T3Row::Disclosed, T3Col::Natural), "20").await;
    type_into(CellId::T3(T3Row::Refused1, T3Col::Natural), "4").await;
    assert_eq!(total_text(results_total), "24");
    // The live balance line states the difference (25 vs 24 + 0).
    type_into(CellId::T3(T3Row::CarriedIn, T3Col::Natural), "0").await;
    type_into(CellId::T3(T3Row::CarriedOver, T3Col::Natural), "0").await;
    let lines = document()
        .query_selector("#requests .status-lines")
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    assert!(
        lines.contains("自然人列：一＋二＝25，（七）总计＋四＝24，相差1"),
        "{lines}"
    );
}

#[wasm_bindgen_test]
async fn pasting_a_block_fills_across_and_down() {
    let _app = mount_app();
    let el = input(NEW_NATURAL);
    let _ = el.focus();
    let data = web_sys::DataTransfer::new().expect("data transfer");
    data.set_data(
        "text/plain",
        "3001\t53\t0\t0\t61\t4\t3119\r\n34\tx\t0\t0\t0\t0\t34\r\n",
    )
    .expect("set data");
    let init = web_sys::ClipboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_clipboard_data(Some(&data));
    let ev = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).expect("paste");
    el.dispatch_event(&ev).expect("dispatch");
    tick().await;
    assert_eq!(input(NEW_NATURAL).value(), "3001");
    assert_eq!(input(CellId::T3(T3Row::New, T3Col::OtherOrg)).value(), "4");
    assert_eq!(total_text(NEW_TOTAL), "3119");
    let bad = input(CellId::T3(T3Row::CarriedIn, T3Col::Business));
    assert_eq!(bad.value(), "x", "a failing value is kept");
    assert_eq!(
        bad.get_attribute("aria-invalid").as_deref(),
        Some("true"),
        "and flagged"
    );
    // Nothing outside the pasted block changed.
    assert_eq!(
        input(CellId::T3(T3Row::Disclosed, T3Col::Natural)).value(),
        ""
    );
}

#[wasm_bindgen_test]
async fn enter_and_arrows_move_like_a_spreadsheet() {
    let _app = mount_app();
    let start = input(NEW_NATURAL);
    let _ = start.focus();
    key(&start, "Enter", false);
    assert_eq!(
        active_id(),
        cell_dom_id(CellId::T3(T3Row::CarriedIn, T3Col::Natural))
    );
    let here = input(CellId::T3(T3Row::CarriedIn, T3Col::Natural));
    key(&here, "ArrowRight", false);
    assert_eq!(
        active_id(),
        cell_dom_id(CellId::T3(T3Row::CarriedIn, T3Col::Business))
    );
    let here = input(CellId::T3(T3Row::CarriedIn, T3Col::Business));
    key(&here, "ArrowUp", false);
    assert_eq!(active_id(), cell_dom_id(NEW_BUSINESS));
    // ← inside text moves the caret, not the focus.
    type_into(NEW_BUSINESS, "12").await;
    let el = input(NEW_BUSINESS);
    el.set_selection_range(1, 1).expect("caret");
    key(&el, "ArrowLeft", false);
    assert_eq!(active_id(), cell_dom_id(NEW_BUSINESS));
}

#[wasm_bindgen_test]
async fn undo_and_redo_work_across_the_form() {
    let _app = mount_app();
    type_into(NEW_NATURAL, "5").await;
    leave(NEW_NATURAL).await;
    type_into(NEW_BUSINESS, "7").await;
    leave(NEW_BUSINESS).await;
    assert_eq!(total_text(NEW_TOTAL), "12");
    let body = document().body().expect("body");
    key(&body, "z", true);
    tick().await;
    assert_eq!(input(NEW_BUSINESS).value(), "");
    assert_eq!(input(NEW_NATURAL).value(), "5");
    assert_eq!(total_text(NEW_TOTAL), "5");
    key(&body, "y", true);
    tick().await;
    assert_eq!(input(NEW_BUSINESS).value(), "7");
    assert_eq!(total_text(NEW_TOTAL), "12");
}

#[wasm_bindgen_test]
async fn fill_blanks_with_zero_is_one_undoable_step() {
    let app = mount_app();
    type_into(NEW_NATURAL, "5").await;
    leave(NEW_NATURAL).await;
    let button: HtmlElement = app
        .host
        .query_selector("#requests .table-tools button")
        .ok()
        .flatten()
        .expect("fill button")
        .unchecked_into();
    button.click();
    tick().await;
    assert_eq!(input(NEW_BUSINESS).value(), "0");
    assert_eq!(input(NEW_NATURAL).value(), "5");
    assert_eq!(
        input(CellId::T3(T3Row::CarriedOver, T3Col::OtherOrg)).value(),
        "0"
    );
    let body = document().body().expect("body");
    key(&body, "z", true);
    tick().await;
    assert_eq!(input(NEW_BUSINESS).value(), "");
    assert_eq!(input(NEW_NATURAL).value(), "5");
}

/// Lets `ms` milliseconds of browser time pass: only to pace input like a
/// typist, never to wait for a result (see `until`).
async fn pace(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("timeout");
    });
    JsFuture::from(promise).await.expect("pace");
}

/// Waits until `ready` holds, checking after every browser task, for at
/// most `limit_ms` of browser time; false if it never did.
async fn until(limit_ms: f64, mut ready: impl FnMut() -> bool) -> bool {
    let start = js_sys::Date::now();
    loop {
        if ready() {
            return true;
        }
        if js_sys::Date::now() - start > limit_ms {
            return false;
        }
        pace(10).await;
    }
}

#[wasm_bindgen_test]
async fn check_report_lists_errors_focuses_the_summary_and_titles_the_page() {
    let app = mount_app();
    type_into(NEW_NATURAL, "-1").await;
    check_report_button(&app).click();
    let summary_heading = || {
        document()
            .query_selector(".summary h2")
            .ok()
            .flatten()
            .and_then(|h| h.text_content())
            .is_some_and(|t| t.starts_with("检查结果："))
    };
    assert!(until(2000.0, summary_heading).await, "no summary");
    let heading = document()
        .query_selector(".summary h2")
        .ok()
        .flatten()
        .and_then(|h| h.text_content())
        .unwrap_or_default();
    assert!(heading.starts_with("检查结果："), "{heading}");
    let errors: usize = heading
        .trim_start_matches("检查结果：")
        .split("处错误")
        .next()
        .and_then(|n| n.parse().ok())
        .expect("error count");
    assert!(errors > 0);
    assert!(
        document()
            .title()
            .starts_with(&format!("{errors}处错误 - ")),
        "{}",
        document().title()
    );
    assert_eq!(
        document()
            .active_element()
            .map(|e| e.class_name())
            .as_deref(),
        Some("summary")
    );
    // The invalid cell is named in a link that leads to it.
    let link = document()
        .query_selector(".findings a[href='#cell-t3-new-natural']")
        .ok()
        .flatten();
    assert!(link.is_some());
}

#[wasm_bindgen_test]
async fn a_change_is_in_local_storage_within_a_second() {
    let _app = mount_app();
    type_into(NEW_NATURAL, "42").await;
    let saved = || {
        stored_drafts()
            .concat()
            .contains("\"t3.new.natural\":\"42\"")
    };
    assert!(until(1000.0, saved).await, "not stored within a second");
    let stored = stored_drafts();
    assert_eq!(stored.len(), 1, "one draft stored");
    assert!(
        stored[0].contains("\"t3.new.natural\":\"42\""),
        "{}",
        stored[0]
    );
    let status = document()
        .query_selector(".save-status")
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    assert!(status.starts_with("已保存 "), "{status}");
}

#[wasm_bindgen_test]
async fn steady_typing_still_reaches_storage_within_a_second() {
    let _app = mount_app();
    let stored_text = || stored_drafts().concat();
    // A keystroke every 150 ms never pauses long enough for a plain
    // debounce; the save must come anyway.
    let mut typed = String::new();
    for digit in ["1", "2", "3", "4", "5", "6", "7"] {
        typed.push_str(digit);
        type_into(NEW_NATURAL, &typed).await;
        if stored_text().contains("\"t3.new.natural\":\"1") {
            break;
        }
        pace(150).await;
    }
    assert!(
        stored_text().contains("\"t3.new.natural\":\"1"),
        "nothing saved during a second of steady typing"
    );
}

#[wasm_bindgen_test]
async fn text_fields_are_flagged_only_after_check_report() {
    let app = mount_app();
    let agency = document()
        .get_element_by_id("field-agency")
        .expect("agency input");
    let overview = document()
        .get_element_by_id("field-overview")
        .expect("overview");
    assert_eq!(
        agency.get_attribute("aria-invalid"),
        None,
        "not while drafting"
    );
    check_report_button(&app).click();
    tick().await;
    for el in [&agency, &overview] {
        assert_eq!(
            el.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{}",
            el.id()
        );
        let described = el.get_attribute("aria-describedby").unwrap_or_default();
        let msg_id = described.split(' ').next().unwrap_or_default().to_owned();
        let text = document()
            .get_element_by_id(&msg_id)
            .and_then(|m| m.text_content())
            .unwrap_or_default();
        assert!(text.starts_with("错误："), "{}: {text}", el.id());
    }
    // Fixed: the flag goes (once typing pauses: the full check follows
    // the settled report, not every keystroke).
    let input: HtmlInputElement = agency.unchecked_into();
    input.set_value("测试局");
    input.dispatch_event(&bubbling("input")).expect("input");
    assert!(
        until(1000.0, || input.get_attribute("aria-invalid").is_none()).await,
        "still flagged"
    );
}

/// Types into any text field by its DOM id, as the browser would.
async fn type_field(id: &str, text: &str) {
    let el = document().get_element_by_id(id).expect("field");
    if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
        input.set_value(text);
    } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.set_value(text);
    }
    el.dispatch_event(&bubbling("input")).expect("input");
    tick().await;
}

fn text_area_value(id: &str) -> String {
    document()
        .get_element_by_id(id)
        .map(|e| e.unchecked_into::<web_sys::HtmlTextAreaElement>().value())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_preamble_is_generated_from_the_contact_until_edited() {
    let _app = mount_app();
    type_field("field-agency", "测试局").await;
    type_field("field-year", "2025").await;
    type_field("field-preamble-phone", "0517-1234567").await;
    let generated = text_area_value("field-preamble-text");
    assert!(generated.contains("测试局"), "{generated}");
    assert!(generated.contains("2025年1月1日"), "{generated}");
    assert!(generated.contains("0517-1234567"), "{generated}");
    // The user's own wording replaces it and stays when the contact changes.
    type_field("field-preamble-text", "本报告由测试局编制。").await;
    type_field("field-preamble-phone", "0517-7654321").await;
    assert_eq!(
        text_area_value("field-preamble-text"),
        "本报告由测试局编制。"
    );
    let restore: HtmlElement = document()
        .query_selector(".preamble button.secondary")
        .ok()
        .flatten()
        .expect("restore button")
        .unchecked_into();
    restore.click();
    tick().await;
    assert!(text_area_value("field-preamble-text").contains("0517-7654321"));
    // Filling in the contact switched the preamble on; switching it off
    // is one undoable step.
    let enable: HtmlInputElement = document()
        .get_element_by_id("field-preamble-enabled")
        .expect("checkbox")
        .unchecked_into();
    assert!(enable.checked());
    enable.click();
    tick().await;
    assert!(!enable.checked());
    key(&document().body().expect("body"), "z", true);
    tick().await;
    assert!(enable.checked());
}

#[wasm_bindgen_test]
async fn the_signature_is_unsealed_unless_sealed_is_chosen() {
    let _app = mount_app();
    type_field("field-agency", "测试局").await;
    type_field("field-signature-date", "2025年1月20日").await;
    let checkbox = |id: &str| -> HtmlInputElement {
        document()
            .get_element_by_id(id)
            .expect("checkbox")
            .unchecked_into()
    };
    // Typing the date switched the 落款 on.
    assert!(checkbox("field-signature-enabled").checked());
    let layout = || {
        document()
            .query_selector(".print-preview .signature")
            .ok()
            .flatten()
            .and_then(|s| s.get_attribute("class"))
    };
    let preview = || -> HtmlElement {
        document()
            .get_element_by_id("print-preview-button")
            .expect("打印预览")
            .unchecked_into()
    };
    let close = || {
        let button: HtmlElement = document()
            .query_selector(".preview-bar button:last-child")
            .ok()
            .flatten()
            .expect("返回编辑")
            .unchecked_into();
        assert_eq!(button.text_content().as_deref(), Some("返回编辑"));
        button.click();
    };
    let sealed = checkbox("field-signature-sealed");
    assert!(!sealed.checked(), "unsealed by default");
    // The preview shows the settled report, a moment after the last edit.
    preview().click();
    until(2000.0, || layout().as_deref() == Some("signature unsealed")).await;
    assert_eq!(layout().as_deref(), Some("signature unsealed"));
    close();
    tick().await;
    sealed.click();
    tick().await;
    preview().click();
    until(2000.0, || layout().as_deref() == Some("signature sealed")).await;
    assert_eq!(layout().as_deref(), Some("signature sealed"));
    close();
    tick().await;
}

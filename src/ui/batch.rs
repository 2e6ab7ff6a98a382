//! 批量检查与汇总: the second view of the app (masthead 「批量检查」, or
//! `#batch` in the address). Everything it does runs in the batch worker
//! (`src/bin/worker.rs`, `domain::batch`), started when the view first
//! opens; this module sends it the chosen or dropped files and the user's
//! choices, and puts what it answers on the page: progress, the rows of
//! 「检查结果」, findings and the 汇总表 as markup the worker escaped,
//! downloads as bytes.
//!
//! This code is part of the form's initial load, which the view may grow
//! by 15 KB gzip at most. Typed Leptos views cost several KB of wasm per
//! interactive block, so the view is one static skeleton (`skeleton`, its
//! labels from the domain where the domain has them), one delegated
//! listener per event type (`data-act` names the action), and the worker's
//! answers written into the skeleton by id. User text reaches the page only
//! as text content or inside the worker's escaped markup.

use std::cell::RefCell;

use js_sys::{Array, Object, Reflect, Uint8Array};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, MessageEvent, Worker};

use crate::domain::batch::protocol::{Envelope, Fields, FileKind, Request, Response, PROTOCOL};
use crate::domain::batch::view::{SortKey, ViewState};
use crate::domain::export::json::from_json;
use crate::domain::import::{ImportError, Imported};
use crate::domain::rules::CheckSettings;

use super::drafts::Drafts;
use super::editor::Editor;
use super::persist::download;

/// The address of the view.
pub const HASH: &str = "#batch";
/// The worker's start script in dist/ (assets/batch-worker.js).
const WORKER_URL: &str = "./batch-worker.js";
/// In the single file nianbao.html, what hands over the worker started
/// with the page (scripts/postbuild.mjs: it cannot load a file from disk).
const INLINE_WORKER: &str = "nianbaoBatchWorker";

/// The worker's answer to a request of the form (`Batch::import`,
/// `Batch::docx`), handed to whoever asked instead of to the batch view.
pub enum FormReply {
    Imported(Box<Result<Imported, ImportError>>),
    File {
        name: String,
        mime: String,
        bytes: Vec<u8>,
    },
    /// The request could not be done, or the worker stopped: why, in
    /// Chinese.
    Failed(String),
}

/// Why a request of the form ended when the worker answered it with
/// something else (a worker of another version would be refused first).
pub const UNEXPECTED_REPLY: &str = "后台程序的回答不是预期的内容";

/// A request of the form that waits for its reply: its id and what to do
/// with the reply. Requests are answered in order.
type Waiting = (u32, Box<dyn FnOnce(FormReply)>);

thread_local! {
    static WORKER: RefCell<Option<Worker>> = const { RefCell::new(None) };
    static WAITING: RefCell<Vec<Waiting>> = const { RefCell::new(Vec::new()) };
}

/// The view's state; it outlives the view, so the results are still there
/// after a visit to the form (they live in the worker).
#[derive(Copy, Clone)]
pub struct Batch {
    pub open: RwSignal<bool>,
    drafts: Drafts,
    settings: StoredValue<CheckSettings>,
    view: StoredValue<ViewState>,
    /// The entry whose findings are shown.
    findings: StoredValue<Option<u32>>,
    next_id: StoredValue<u32>,
}

impl Batch {
    /// The view's state, open when the address asks for it; the address
    /// and the browser's back button open and leave it.
    pub fn start(drafts: Drafts, editor: Editor) -> Batch {
        let batch = Batch {
            open: RwSignal::new(is_batch_address()),
            drafts,
            settings: editor.settings,
            view: StoredValue::new(ViewState::default()),
            findings: StoredValue::new(None),
            next_id: StoredValue::new(1),
        };
        let follow = move || batch.open.set(is_batch_address());
        let hash = window_event_listener(ev::hashchange, move |_| follow());
        let pop = window_event_listener(ev::popstate, move |_| follow());
        on_cleanup(move || {
            hash.remove();
            pop.remove();
        });
        batch
    }

    /// Leaves the view for the form, the address without `#batch` (so
    /// that reload and the browser's back button agree with the page). The
    /// way in is a link to `#batch` (the masthead's 「批量检查」).
    fn leave(self) {
        self.open.set(false);
        let w = window();
        let Ok(history) = w.history() else { return };
        let loc = w.location();
        let here = format!(
            "{}{}",
            loc.pathname().unwrap_or_default(),
            loc.search().unwrap_or_default()
        );
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&here));
    }

    /// Sends a request, with files for `Add`; starts the worker first.
    fn send(self, msg: Request, files: Option<Array>) {
        if self.post_request(msg, files).is_none() {
            say("无法把文件交给批量检查，请刷新页面重试。");
        }
    }

    /// Posts a request; its id, or `None` when it could not be sent.
    fn post_request(self, msg: Request, files: Option<Array>) -> Option<u32> {
        let worker = self.worker()?;
        let id = self.next_id.get_value();
        self.next_id.set_value(id.wrapping_add(1));
        post(&worker, &Envelope { id, msg }, files).ok()?;
        Some(id)
    }

    /// The form's 「导入」 (src/ui/import.rs): pasted `text` or a chosen
    /// `file`, read in the worker by the batch's own readers (they are not
    /// part of the form's load), the outcome handed to `reply`.
    pub fn import(
        self,
        name: String,
        text: Option<String>,
        file: Option<web_sys::File>,
        reply: impl FnOnce(Result<Imported, ImportError>) + 'static,
    ) -> Result<(), &'static str> {
        let files = file.map(|f| Array::of1(&f));
        self.ask(Request::Import { name, text }, files, move |r| {
            reply(match r {
                FormReply::Imported(outcome) => *outcome,
                FormReply::Failed(why) => Err(ImportError::Unavailable(why)),
                FormReply::File { .. } => {
                    Err(ImportError::Unavailable(UNEXPECTED_REPLY.to_owned()))
                }
            })
        })
    }

    /// The form's .docx (src/ui/export.rs), built in the worker from the
    /// report as the app's JSON file: the writer is not part of the form's
    /// load. `reply` gets `FormReply::File` or `FormReply::Failed`.
    pub fn docx(
        self,
        report_json: String,
        reply: impl FnOnce(FormReply) + 'static,
    ) -> Result<(), &'static str> {
        self.ask(
            Request::Docx {
                report: report_json,
            },
            None,
            reply,
        )
    }

    /// Sends a request of the form and keeps `reply` for its answer.
    fn ask(
        self,
        msg: Request,
        files: Option<Array>,
        reply: impl FnOnce(FormReply) + 'static,
    ) -> Result<(), &'static str> {
        let id = self
            .post_request(msg, files)
            .ok_or("无法启动后台程序（Web Worker），请刷新页面重试。")?;
        WAITING.with(|w| w.borrow_mut().push((id, Box::new(reply))));
        Ok(())
    }

    fn worker(self) -> Option<Worker> {
        if let Some(w) = WORKER.with(|w| w.borrow().clone()) {
            return Some(w);
        }
        let Some(worker) = new_worker() else {
            say("无法启动批量检查：此浏览器不允许后台运行程序（Web Worker）。");
            return None;
        };
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            self.receive(&e.data());
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            fail_waiting("后台程序出错停止了");
            say("批量检查出错停止了，请刷新页面后重试。");
            set_hidden("batch-cancel", true);
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        WORKER.with(|w| *w.borrow_mut() = Some(worker.clone()));
        let current_year = self.settings.with_value(|s| s.current_year);
        // Sent before anything else; the worker takes messages in order.
        let start = Envelope {
            id: 0,
            msg: Request::Start { current_year },
        };
        let _ = post(&worker, &start, None);
        Some(worker)
    }

    fn receive(self, data: &JsValue) {
        let Some((id, msg)) = read(data) else {
            say("批量检查的程序版本与本页面不一致，请刷新页面。");
            return;
        };
        // Id 0 is the worker's own news, never a reply.
        let waiting = (id != 0)
            .then(|| {
                WAITING.with(|w| {
                    let mut w = w.borrow_mut();
                    let at = w.iter().position(|(want, _)| *want == id)?;
                    Some(w.remove(at).1)
                })
            })
            .flatten();
        if let Some(reply) = waiting {
            reply(match msg {
                // Written by serde in the worker from the same types.
                Response::Imported { result } => FormReply::Imported(Box::new(
                    serde_json::from_str::<Result<Imported, ImportError>>(&result)
                        .unwrap_or(Err(ImportError::Empty)),
                )),
                Response::File { name, mime } => FormReply::File {
                    name,
                    mime,
                    bytes: bytes_of(data),
                },
                Response::Failed { message } => FormReply::Failed(message),
                _ => FormReply::Failed(UNEXPECTED_REPLY.to_owned()),
            });
            return;
        }
        match msg {
            Response::Ready { protocol } if protocol != PROTOCOL => {
                say("批量检查的程序版本与本页面不一致，请刷新页面。");
            }
            Response::Ready { .. } => {}
            Response::Progress {
                done,
                total,
                cancelled,
                running,
            } => {
                set_hidden("batch-progress", total == 0);
                if let Some(bar) = by_id::<Element>("batch-bar") {
                    let _ = bar.set_attribute("max", &total.max(1).to_string());
                    let _ = bar.set_attribute("value", &done.to_string());
                }
                let mut text = format!("已检查 {done}/{total}");
                if cancelled > 0 {
                    text.push_str(&format!("（已取消，{cancelled}个文件未检查）"));
                }
                set_text("batch-done", &text);
                set_hidden("batch-cancel", !running);
                set_hidden("batch-clear", running || done == 0);
            }
            Response::Rows {
                html,
                patch,
                shown,
                files,
                reports,
                selected,
            } => {
                put_rows(&html, patch);
                set_text(
                    "batch-counts",
                    &format!("显示{shown}个，共{files}个文件、{reports}份报告，"),
                );
                set_text("batch-selected", &format!("已选择{selected}份"));
                set_hidden("batch-clear", files == 0);
            }
            Response::Selected { selected } => {
                set_text("batch-selected", &format!("已选择{selected}份"));
            }
            Response::Findings {
                id,
                title,
                html,
                can_open,
            } => {
                self.findings.set_value(Some(id));
                set_text("batch-findings-heading", &title);
                set_html("batch-findings-body", &html);
                set_hidden("batch-open-draft", !can_open);
                set_hidden("batch-findings", false);
                if let Some(h) = by_id::<HtmlElement>("batch-findings-heading") {
                    let _ = h.focus();
                }
            }
            Response::Report { report, last_year } => {
                // The app's own JSON, written by the worker.
                let read = |j: &str| from_json(j.as_bytes());
                match (read(&report), last_year.as_deref().map(read).transpose()) {
                    (Ok(report), Ok(last_year)) => {
                        self.drafts.open_new(report, last_year);
                        self.leave();
                    }
                    (Err(e), _) | (_, Err(e)) => say(&e.to_string()),
                }
            }
            Response::Summary { html } => {
                set_html("batch-summary-body", &html);
                set_hidden("batch-summary", false);
                if let Some(h) = by_id::<HtmlElement>("batch-summary-heading") {
                    let _ = h.focus();
                }
            }
            Response::File { name, mime } => match download(&bytes_of(data), &name, &mime) {
                Ok(()) => say(&format!("已生成「{name}」")),
                Err(e) => say(&format!("未能下载：{e}")),
            },
            Response::Failed { message } => {
                // The worker's own news (id 0: it could not start) also
                // ends an import that waits for it.
                if id == 0 {
                    fail_waiting(&message);
                }
                say(&message);
            }
            // An import whose reply nobody waits for any more (the worker
            // failed and was replaced meanwhile): dropped.
            Response::Imported { .. } => {}
        }
    }

    /// Files chosen or dropped: to the worker, which reads them itself.
    pub fn add(self, files: Option<web_sys::FileList>) {
        let Some(files) = files.filter(|f| f.length() > 0) else {
            return;
        };
        let list = Array::new();
        for i in 0..files.length() {
            if let Some(f) = files.get(i) {
                list.push(&f);
            }
        }
        say("");
        self.send(Request::Add, Some(list));
    }

    fn set_view(self, view: ViewState) {
        self.view.set_value(view);
        self.send(Request::View(view), None);
    }

    /// A click on a button of the view (`data-act`) or on a file's name in
    /// 「检查结果」 (`data-open`).
    fn click(self, target: &Element) {
        let Ok(Some(button)) = target.closest("[data-act],[data-open]") else {
            return;
        };
        if let Some(id) = button
            .get_attribute("data-open")
            .and_then(|v| v.parse().ok())
        {
            self.send(Request::Findings { id }, None);
            return;
        }
        let agency = || {
            by_id::<HtmlInputElement>("batch-agency")
                .map(|i| i.value())
                .unwrap_or_default()
        };
        let file = |kind| {
            self.send(
                Request::File {
                    kind,
                    agency: agency(),
                },
                None,
            )
        };
        match button.get_attribute("data-act").as_deref() {
            Some("back") => self.leave(),
            Some("cancel") => self.send(Request::Cancel, None),
            Some("clear") => {
                set_hidden("batch-findings", true);
                set_hidden("batch-summary", true);
                self.send(Request::Clear, None);
            }
            Some("all") => self.send(Request::SelectShown { on: true }, None),
            Some("none") => self.send(Request::SelectShown { on: false }, None),
            Some("sort") => {
                let Some(key) = button
                    .get_attribute("data-key")
                    .and_then(|k| SortKey::from_name(&k))
                else {
                    return;
                };
                let mut v = self.view.get_value();
                // Text first A→Z, numbers first the largest.
                let first_down = !matches!(key, SortKey::File | SortKey::Agency);
                v.descending = if v.sort == Some(key) {
                    !v.descending
                } else {
                    first_down
                };
                v.sort = Some(key);
                show_sort(v);
                self.set_view(v);
            }
            Some("open-draft") => {
                if let Some(id) = self.findings.get_value() {
                    self.send(Request::Report { id }, None);
                }
            }
            Some("close-findings") => set_hidden("batch-findings", true),
            Some("summary") => self.send(Request::Summary { agency: agency() }, None),
            Some("results-xlsx") => file(FileKind::Results),
            Some("summary-xlsx") => file(FileKind::SummaryXlsx),
            Some("summary-json") => file(FileKind::SummaryJson),
            _ => {}
        }
    }

    /// A change of the file input, the filter or a row's checkbox.
    fn change(self, target: &Element) {
        let Ok(input) = target.clone().dyn_into::<HtmlInputElement>() else {
            return;
        };
        if input.id() == "batch-files" {
            self.add(input.files());
            input.set_value("");
        } else if input.id() == "batch-errors-only" {
            let mut v = self.view.get_value();
            v.errors_only = input.checked();
            self.set_view(v);
        } else if let Some(id) = input.get_attribute("data-id").and_then(|v| v.parse().ok()) {
            let on = input.checked();
            self.send(Request::Select { ids: vec![id], on }, None);
        }
    }
}

/// After the worker failed: the next request starts a new one (a worker
/// whose start failed would keep every message unanswered), and every
/// request of the form that waits for it ends with `why`.
fn fail_waiting(why: &str) {
    if let Some(w) = WORKER.with(|w| w.borrow_mut().take()) {
        w.terminate();
    }
    for (_, reply) in WAITING.with(|w| std::mem::take(&mut *w.borrow_mut())) {
        reply(FormReply::Failed(why.to_owned()));
    }
}

/// The bytes beside a `File` response (empty when there are none).
fn bytes_of(data: &JsValue) -> Vec<u8> {
    Reflect::get(data, &"bytes".into())
        .ok()
        .and_then(|b| b.dyn_into::<Uint8Array>().ok())
        .map(|b| b.to_vec())
        .unwrap_or_default()
}

/// True when the address asks for the view.
pub fn is_batch_address() -> bool {
    window().location().hash().is_ok_and(|h| h == HASH)
}

/// The worker: from its file, or in the single file the one its page
/// started idle with the app (scripts/postbuild.mjs: a worker made from the
/// inlined code must start before the page's policy forbids compiling
/// WebAssembly).
fn new_worker() -> Option<Worker> {
    let inline = Reflect::get(&window(), &INLINE_WORKER.into()).ok()?;
    match inline.dyn_into::<js_sys::Function>() {
        Ok(f) => f.call0(&JsValue::NULL).ok()?.dyn_into::<Worker>().ok(),
        Err(_) => Worker::new(WORKER_URL).ok(),
    }
}

/// Posts `{ json, files? }`.
fn post(worker: &Worker, msg: &Envelope<Request>, files: Option<Array>) -> Result<(), JsValue> {
    let obj = Object::new();
    Reflect::set(&obj, &"json".into(), &msg.msg.envelope_json(msg.id).into())?;
    if let Some(files) = files {
        Reflect::set(&obj, &"files".into(), &files)?;
    }
    worker.post_message(&obj)
}

/// A parsed message's fields, as `Response::read` asks for them.
struct JsFields(JsValue);

impl Fields for JsFields {
    fn number(&self, name: &str) -> Option<f64> {
        Reflect::get(&self.0, &name.into()).ok()?.as_f64()
    }
    fn text(&self, name: &str) -> Option<String> {
        Reflect::get(&self.0, &name.into()).ok()?.as_string()
    }
    fn flag(&self, name: &str) -> Option<bool> {
        Reflect::get(&self.0, &name.into()).ok()?.as_bool()
    }
}

/// The worker's message `{ json }` and the id of the request it answers:
/// the browser parses the JSON, the one key of `msg` is the kind (see
/// `protocol`).
fn read(data: &JsValue) -> Option<(u32, Response)> {
    let json = Reflect::get(data, &"json".into()).ok()?.as_string()?;
    let value = js_sys::JSON::parse(&json).ok()?;
    let id = Reflect::get(&value, &"id".into()).ok()?.as_f64()? as u32;
    let msg = Reflect::get(&value, &"msg".into()).ok()?;
    let kind = Object::keys(msg.dyn_ref::<Object>()?).get(0).as_string()?;
    let fields = Reflect::get(&msg, &JsValue::from_str(&kind)).ok()?;
    Response::read(&kind, &JsFields(fields)).map(|r| (id, r))
}

fn by_id<T: JsCast>(id: &str) -> Option<T> {
    document().get_element_by_id(id)?.dyn_into::<T>().ok()
}

fn set_hidden(id: &str, hidden: bool) {
    if let Some(el) = by_id::<HtmlElement>(id) {
        el.set_hidden(hidden);
    }
}

fn set_text(id: &str, text: &str) {
    if let Some(el) = by_id::<Element>(id) {
        el.set_text_content(Some(text));
    }
}

/// Markup the worker built with every user text escaped.
fn set_html(id: &str, html: &str) {
    if let Some(el) = by_id::<Element>(id) {
        el.set_inner_html(html);
    }
}

/// The view's status line.
fn say(text: &str) {
    set_text("batch-message", text);
}

/// At most this many rows are put in place per frame: laying out a new row
/// of 「检查结果」 (CJK text shaped, a button, a checkbox) costs the browser
/// about 0.6 ms, so a frame stays a short task however many rows the worker
/// sent since the last one (bench/batch.mjs: keystrokes during a run).
const ROWS_PER_FRAME: u32 = 16;

thread_local! {
    /// Rows received but not yet put in place, in order, in a detached
    /// <tbody> (where <tr> markup is at home), and whether a frame will
    /// place some.
    static PENDING: RefCell<Option<Element>> = const { RefCell::new(None) };
    static PLACING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The rows, as the worker wrote them: all of them at once, or with
/// `patch` only the new ones (appended) and the changed ones (each in place
/// of the row with its `data-id`), a few per frame and in order.
fn put_rows(html: &str, patch: bool) {
    let Some(tbody) = by_id::<Element>("batch-rows") else {
        return;
    };
    let Some(pending) = pending_rows() else {
        return;
    };
    if !patch {
        // A new order or filter: what was waiting is stale.
        pending.set_inner_html("");
        keeping_focus(&tbody, || tbody.set_inner_html(html));
        return;
    }
    if html.is_empty() {
        return;
    }
    let _ = pending.insert_adjacent_html("beforeend", html);
    if !PLACING.with(|p| p.replace(true)) {
        request_animation_frame(place_pending);
    }
}

/// The detached <tbody> of rows waiting to be placed, made once.
fn pending_rows() -> Option<Element> {
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        if p.is_none() {
            *p = document().create_element("tbody").ok();
        }
        p.clone()
    })
}

/// One frame's share of the waiting rows put in place; another frame
/// asked for while rows are left.
fn place_pending() {
    let (Some(tbody), Some(pending)) = (
        by_id::<Element>("batch-rows"),
        PENDING.with(|p| p.borrow().clone()),
    ) else {
        PLACING.with(|p| p.set(false));
        return;
    };
    keeping_focus(&tbody, || {
        for _ in 0..ROWS_PER_FRAME {
            let Some(row) = pending.first_element_child() else {
                break;
            };
            let old = row
                .get_attribute("data-id")
                .and_then(|id| tbody.query_selector(&format!("tr[data-id=\"{id}\"]")).ok())
                .flatten();
            let placed = match old {
                Some(old) => old.replace_with_with_node_1(&row),
                None => tbody.append_child(&row).map(|_| ()),
            };
            if placed.is_err() {
                // Never loop on a row that could not be moved.
                let _ = pending.remove_child(&row);
            }
        }
    });
    if pending.first_element_child().is_some() {
        request_animation_frame(place_pending);
    } else {
        PLACING.with(|p| p.set(false));
    }
}

/// Runs `change` on the rows; focus stays on the row's checkbox or button
/// it was on, when that row was replaced.
fn keeping_focus(tbody: &Element, change: impl FnOnce()) {
    let focused = document()
        .active_element()
        .filter(|a| tbody.contains(Some(a)))
        .and_then(|a| {
            ["data-id", "data-open"]
                .into_iter()
                .find_map(|n| a.get_attribute(n).map(|v| format!("[{n}=\"{v}\"]")))
        });
    change();
    if let Some(el) = focused
        .and_then(|sel| tbody.query_selector(&sel).ok().flatten())
        .and_then(|el| el.dyn_into::<HtmlElement>().ok())
    {
        if document().active_element().as_ref() != Some(el.as_ref()) {
            let _ = el.focus();
        }
    }
}

/// `aria-sort` on the column headers.
fn show_sort(v: ViewState) {
    for key in SortKey::ALL {
        let sort = match v.sort {
            Some(k) if k == key && v.descending => "descending",
            Some(k) if k == key => "ascending",
            _ => "none",
        };
        if let Some(th) = by_id::<Element>(&format!("batch-col-{}", key.name())) {
            let _ = th.set_attribute("aria-sort", sort);
        }
    }
}

/// The view's markup: static but for the column headers, whose labels
/// the domain owns. No user text, no style attribute (the CSP allows none).
fn skeleton() -> String {
    let mut head = String::new();
    for key in SortKey::ALL {
        head.push_str(&format!(
            "<th scope=\"col\" id=\"batch-col-{n}\" aria-sort=\"none\"><button type=\"button\" class=\"sort\" data-act=\"sort\" data-key=\"{n}\">{l}</button></th>",
            n = key.name(),
            l = key.label()
        ));
    }
    format!(
        r#"<div class="batch-head"><h1 id="batch-heading">批量检查与汇总</h1><button type="button" class="primary" data-act="back">返回填报</button></div>
<p class="hint">选择或拖入多份年度报告（.docx、.doc、.pdf、.html、.txt、.json，或装有它们的 .zip 压缩包），逐份用与填报相同的规则检查，勾选后可以汇总。文件只在本机浏览器中处理，不会上传，也不会保存。</p>
<div class="batch-tools"><label class="button-like primary-like">选择文件…<input type="file" id="batch-files" class="visually-hidden" multiple accept=".docx,.doc,.wps,.pdf,.html,.htm,.txt,.json,.zip"></label><span class="hint">或把文件拖到本页</span><button type="button" id="batch-clear" data-act="clear" hidden>清空</button></div>
<div class="batch-progress" id="batch-progress" role="status" hidden><progress id="batch-bar" max="1" value="0"></progress><span id="batch-done"></span><button type="button" id="batch-cancel" data-act="cancel" hidden>取消</button></div>
<p class="batch-message" id="batch-message" role="status"></p>
<div class="batch-filter"><label class="check"><input type="checkbox" id="batch-errors-only">只看有错误的</label><button type="button" data-act="all">全选</button><button type="button" data-act="none">全不选</button><span><span id="batch-counts"></span><span id="batch-selected"></span></span></div>
<div class="batch-scroll"><table class="batch-table"><caption>检查结果</caption><colgroup><col class="c-pick"><col class="c-file"><col class="c-agency"><col class="c-year"><col class="c-num"><col class="c-num"><col class="c-num"><col class="c-unread"><col class="c-repeat"></colgroup><thead><tr><th scope="col">选择</th>{head}</tr></thead><tbody id="batch-rows"></tbody></table></div>
<section class="report-part batch-findings" id="batch-findings" aria-labelledby="batch-findings-heading" hidden><h2 id="batch-findings-heading" tabindex="-1"></h2><div id="batch-findings-body"></div><div class="import-actions"><button type="button" class="primary" id="batch-open-draft" data-act="open-draft">作为草稿打开</button><button type="button" data-act="close-findings">关闭</button></div></section>
<div class="batch-actions"><label class="field"><span class="field-label">汇总单位名称</span><input type="text" id="batch-agency"></label><button type="button" class="primary" data-act="summary">汇总所选报告</button><button type="button" data-act="results-xlsx">下载检查结果（.xlsx）</button><button type="button" data-act="summary-xlsx">下载汇总表（.xlsx）</button><button type="button" data-act="summary-json">下载汇总数据（.json）</button></div>
<section class="report-part batch-summary" id="batch-summary" aria-labelledby="batch-summary-heading" hidden><h2 id="batch-summary-heading" tabindex="-1">汇总表</h2><div class="batch-scroll" id="batch-summary-body"></div></section>"#
    )
}

/// The view: the page's `main` while it is open (the form's `main` is
/// hidden then), hidden while the form is shown, its results kept.
#[component]
pub fn BatchView() -> impl IntoView {
    let batch = expect_context::<Batch>();
    let section = NodeRef::<leptos::html::Main>::new();
    // The form gives way to the view (style/main.css, `batch-open`); the
    // view's markup is put in place and the worker started when it first
    // opens, so the form's page holds nothing of it before.
    Effect::new(move |_| {
        let open = batch.open.get();
        if let Some(body) = document().body() {
            let _ = body.class_list().toggle_with_force("batch-open", open);
        }
        if let (true, Some(s)) = (open, section.get()) {
            if s.child_element_count() == 0 {
                s.set_inner_html(&skeleton());
            }
            batch.worker();
        }
    });
    // Files dropped anywhere on the page while the view is open; the
    // browser would otherwise open the file in place of the app.
    let over = window_event_listener(ev::dragover, move |e| {
        if batch.open.get_untracked() {
            e.prevent_default();
        }
    });
    let drop = window_event_listener(ev::drop, move |e| {
        if batch.open.get_untracked() {
            e.prevent_default();
            batch.add(e.data_transfer().and_then(|d| d.files()));
        }
    });
    on_cleanup(move || {
        over.remove();
        drop.remove();
    });
    let target = |e: &web_sys::Event| e.target().and_then(|t| t.dyn_into::<Element>().ok());
    view! {
        <main
            id="batch"
            class="batch"
            aria-labelledby="batch-heading"
            node_ref=section
            on:click=move |e| {
                if let Some(t) = target(&e) {
                    batch.click(&t);
                }
            }
            on:change=move |e| {
                if let Some(t) = target(&e) {
                    batch.change(&t);
                }
            }
        ></main>
    }
}

//! The report header, the text sections, the check summary and the section
//! navigator.

use leptos::ev;
use leptos::prelude::*;

use crate::domain::edit::{text_change, Flag, PreambleField, SignatureField, Slots, TextSlot};
use crate::domain::export::default_preamble;
use crate::domain::format::{
    SectionId, AGENCY_LABEL, OVERVIEW_MAX_CHARS, PREAMBLE_LABEL, SECTIONS, SIGNATURE_LABEL,
    YEAR_LABEL,
};
use crate::domain::model::{title, Report};
use crate::domain::progress::{section_progress, Progress};
use crate::domain::rules::{text_length, Counts, Field, Finding, Severity, Target};
use crate::domain::year::Year;

use super::cells::focus_target;
use super::editor::{cell_dom_id, field_dom_id, Editor};
use super::tables::{Table2, Table3, Table4};

/// 单位名称 and 报告年度 under the live title.
#[component]
pub fn TitleArea() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let agency = editor.text(TextSlot::Field(Field::Agency));
    let year = editor.text(TextSlot::Field(Field::Year));
    let title = move || agency.with(|a| year.with(|y| title(a, y)));
    view! {
        <section class="title-area" aria-labelledby="report-title">
            <h1 id="report-title">{title}</h1>
            <div class="meta-fields">
                <TextInput field=Field::Agency label=AGENCY_LABEL class="field" />
                <TextInput field=Field::Year label=YEAR_LABEL class="field field-year" />
            </div>
            <PreambleEditor />
        </section>
    }
}

/// After 「检查报告」, the findings that point first at `field`: shown under
/// it and linked with `aria-describedby`, like a cell's own message.
fn field_findings(editor: Editor, field: Field) -> Memo<Vec<Finding>> {
    Memo::new(move |_| {
        editor.final_check.with(|f| {
            f.iter()
                .flatten()
                .filter(|x| x.targets.first() == Some(&Target::Field(field)))
                .cloned()
                .collect()
        })
    })
}

/// The messages under a field, each with a visually hidden severity.
fn field_messages(id: String, findings: Memo<Vec<Finding>>) -> impl IntoView {
    move || {
        let list = findings.get();
        (!list.is_empty()).then(|| {
            view! {
                <span id=id.clone() class="field-msg">
                    {list
                        .into_iter()
                        .map(|f| {
                            view! {
                                <span class="cell-msg" class:msg-error=f.severity == Severity::Error>
                                    <span class="visually-hidden">{f.severity.label()} "："</span>
                                    {f.message}
                                </span>
                            }
                        })
                        .collect_view()}
                </span>
            }
        })
    }
}

/// A one-line text field of the report.
#[component]
fn TextInput(field: Field, label: &'static str, class: &'static str) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let value = editor.text(TextSlot::Field(field));
    let dom_id = field_dom_id(field);
    let inputmode = (field == Field::Year).then_some("numeric");
    let msg_id = format!("{dom_id}-msg");
    let findings = field_findings(editor, field);
    let invalid = move || {
        findings
            .with(|f| f.iter().any(|x| x.severity == Severity::Error))
            .then_some("true")
    };
    let described = {
        let msg_id = msg_id.clone();
        move || findings.with(|f| !f.is_empty()).then(|| msg_id.clone())
    };
    view! {
        <label class=class>
            <span class="field-label">{label}</span>
            <input
                type="text"
                id=dom_id
                inputmode=inputmode
                aria-invalid=invalid
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| editor.set_field(field, event_target_value(&ev))
                on:blur=move |_| {
                    // 「２０２４年度」 becomes 「2024」, like a cell's number.
                    if field == Field::Year {
                        let typed = value.get_untracked();
                        if let Ok(y) = Year::parse(&typed) {
                            editor.set_field(field, y.to_string());
                        }
                    }
                    editor.seal()
                }
            />
            {field_messages(msg_id, findings)}
        </label>
    }
}

/// A text section: a field that grows with its text, the format's hint of
/// what it should cover and, for 一、总体情况, a live character count.
#[component]
fn TextSection(field: Field, section: SectionId) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let def = section.def();
    let value = editor.text(TextSlot::Field(field));
    let dom_id = field_dom_id(field);
    let hint_id = format!("{dom_id}-hint");
    let heading_id = format!("{}-heading", def.key);
    let count = (section == SectionId::Overview).then(|| {
        let n = move || value.with(|v| text_length(v));
        view! {
            <p class="char-count" class:over=move || { n() > OVERVIEW_MAX_CHARS }>
                "已写" {n} "字 / 上限" {OVERVIEW_MAX_CHARS} "字"
            </p>
        }
    });
    let msg_id = format!("{dom_id}-msg");
    let findings = field_findings(editor, field);
    let invalid = move || {
        findings
            .with(|f| f.iter().any(|x| x.severity == Severity::Error))
            .then_some("true")
    };
    let described = {
        let (hint_id, msg_id) = (hint_id.clone(), msg_id.clone());
        move || {
            if findings.with(|f| f.is_empty()) {
                hint_id.clone()
            } else {
                format!("{msg_id} {hint_id}")
            }
        }
    };
    view! {
        <p class="hint" id=hint_id.clone()>{def.instruction.unwrap_or_default()}</p>
        {field_messages(msg_id, findings)}
        <textarea
            id=dom_id
            class="grow"
            rows="6"
            aria-labelledby=heading_id
            aria-invalid=invalid
            aria-describedby=described
            prop:value=move || value.get()
            on:input=move |ev| {
                editor.set_field(field, event_target_value(&ev));
                grow(&ev);
            }
            on:blur=move |_| editor.seal()
        ></textarea>
        {count}
    }
}

/// Fits a textarea's height to its text, for browsers without CSS
/// `field-sizing: content`.
fn grow(ev: &ev::Event) {
    use wasm_bindgen::JsCast;
    if let Some(t) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let style = t.style();
        let _ = style.set_property("height", "auto");
        let _ = style.set_property("height", &format!("{}px", t.scroll_height() + 2));
    }
}

/// The six sections in order, each under its official heading.
#[component]
pub fn Sections() -> impl IntoView {
    SECTIONS
        .iter()
        .map(|s| {
            let body = match s.id {
                SectionId::Overview => {
                    view! { <TextSection field=Field::Overview section=s.id /> }.into_any()
                }
                SectionId::Proactive => view! { <Table2 /> }.into_any(),
                SectionId::Requests => view! { <Table3 /> }.into_any(),
                SectionId::Review => view! { <Table4 /> }.into_any(),
                SectionId::Problems => {
                    view! { <TextSection field=Field::Problems section=s.id /> }.into_any()
                }
                SectionId::Other => {
                    view! { <TextSection field=Field::Other section=s.id /> }.into_any()
                }
            };
            view! {
                <section id=s.key class="report-section" aria-labelledby=format!("{}-heading", s.key)>
                    <h2 id=format!("{}-heading", s.key)>{s.heading}</h2>
                    {body}
                </section>
            }
        })
        .collect_view()
}

fn target_dom_id(t: Target) -> String {
    match t {
        Target::Cell(c) => cell_dom_id(c),
        Target::Field(f) => field_dom_id(f),
    }
}

/// One finding as a link that moves the focus to the cell or field.
fn finding_link(f: Finding) -> impl IntoView {
    let target = f.targets.first().copied();
    let href = target.map(|t| format!("#{}", target_dom_id(t)));
    view! {
        // The rule id is for the exported results and a tooltip, not for
        // the text a clerk reads.
        <li title=format!("规则 {}", f.rule.id())>
            <a
                href=href
                on:click=move |ev| {
                    if let Some(t) = target {
                        ev.prevent_default();
                        focus_target(t);
                    }
                }
            >
                {f.message}
            </a>
        </li>
    }
}

/// 「检查报告」 and the summary it opens at the top of the page: errors
/// first, warnings and hints apart, each a link to its cell or field.
#[component]
pub fn CheckSummary() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let summary = NodeRef::<leptos::html::Div>::new();
    let run = move |_| {
        editor.run_final_check();
        // Focus the summary once it is on the page.
        request_animation_frame(move || {
            if let Some(el) = summary.get_untracked() {
                let _ = el.focus();
            }
        });
    };
    let by = move |sev: Severity| {
        editor
            .final_check
            .get()
            .unwrap_or_default()
            .into_iter()
            .filter(move |f| f.severity == sev)
            .collect::<Vec<_>>()
    };
    let list = move |sev: Severity, title: &'static str| {
        let items = by(sev);
        (!items.is_empty()).then(|| {
            let n = items.len();
            view! {
                <h3>{title} "（" {n} "）"</h3>
                <ul class=format!("findings findings-{}", sev.label())>
                    {items.into_iter().map(finding_link).collect_view()}
                </ul>
            }
        })
    };
    view! {
        <div class="check-bar">
            <button type="button" class="primary" on:click=run>"检查报告"</button>
        </div>
        <Show when=move || editor.checked.get()>
            <div class="summary" tabindex="-1" node_ref=summary role="region" aria-labelledby="summary-heading">
                <h2 id="summary-heading">
                    {move || {
                        let c = editor
                            .final_check
                            .with(|f| Counts::of(f.as_deref().unwrap_or_default()));
                        if c.total() == 0 {
                            "检查完毕：未发现问题".to_owned()
                        } else {
                            format!(
                                "检查结果：{}处错误，{}处警告，{}处提示",
                                c.errors,
                                c.warnings,
                                c.hints,
                            )
                        }
                    }}
                </h2>
                {move || list(Severity::Error, "错误")}
                {move || list(Severity::Warning, "警告")}
                {move || list(Severity::Hint, "提示")}
            </div>
        </Show>
    }
}

/// The section navigator: each section's state at a glance.
#[component]
pub fn Navigator() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let progress = Memo::new(move |_| {
        editor
            .drafting
            .with(|findings| editor.report.with(|r| section_progress(r, findings)))
    });
    view! {
        <nav class="section-nav" aria-label="报告各部分">
            <ol>
                {SECTIONS
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let state = move || progress.with(|p| p[i]);
                        let (class, text) = (
                            move || match state() {
                                Progress::Complete => "badge done",
                                Progress::Problems(_) => "badge problems",
                                Progress::Incomplete(_) => "badge partial",
                                Progress::NotStarted => "badge todo",
                            },
                            move || state().label(),
                        );
                        view! {
                            <li>
                                <a href=format!("#{}", s.key)>
                                    <span class="nav-heading">{s.heading}</span>
                                    <span class=class>{text}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

/// A one-line field of the preamble or signature.
fn small_field(label: String, slot: TextSlot, id: &'static str) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let value = editor.text(slot);
    let inputmode = match slot {
        TextSlot::Preamble(PreambleField::Postcode | PreambleField::Phone) => Some("tel"),
        TextSlot::Preamble(PreambleField::Email) => Some("email"),
        _ => None,
    };
    view! {
        <label class="field">
            <span class="field-label">{label}</span>
            <input
                type="text"
                id=format!("field-{id}")
                inputmode=inputmode
                prop:value=move || value.get()
                on:input=move |ev| editor.set_text(slot, event_target_value(&ev))
                on:blur=move |_| editor.seal()
            />
        </label>
    }
}

/// A checkbox that switches an optional part of the report on or off, as
/// one undo step.
fn toggle(flag: Flag, label: &'static str) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let on = editor.flag(flag);
    view! {
        <label class="check">
            <input
                type="checkbox"
                id=format!("field-{}", flag.key())
                prop:checked=move || on.get()
                on:change=move |ev| editor.set_flag(flag, event_target_checked(&ev))
            />
            {label}
        </label>
    }
}

/// 前言: optional, collapsed by default. Its text is generated from agency,
/// year and contact until the user edits it.
#[component]
fn PreambleEditor() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let enabled = editor.flag(Flag::Preamble);
    let own_text = editor.text(TextSlot::Preamble(PreambleField::Text));
    let custom = Memo::new(move |_| own_text.with(|t| !t.trim().is_empty()));
    // The generated text reads only what it is made of: agency, year and
    // the preamble's own fields.
    let generated = Memo::new(move |_| {
        let mut r = Report::default();
        for slot in [Field::Agency, Field::Year]
            .map(TextSlot::Field)
            .into_iter()
            .chain(PreambleField::ALL.map(TextSlot::Preamble))
        {
            r.set_text(slot, editor.text(slot).get());
        }
        default_preamble(&r)
    });
    let text = move || {
        if custom.get() {
            own_text.get()
        } else {
            generated.get()
        }
    };
    let office_label = format!("{}（默认为单位名称）", PreambleField::Office.label());
    let text_slot = TextSlot::Preamble(PreambleField::Text);
    view! {
        <details class="preamble">
            <summary>
                {PREAMBLE_LABEL} "（可选）"
                <span class="summary-state">{move || if enabled.get() { "：已加入报告" } else { "：未加入报告（填写下列任一项即加入）" }}</span>
            </summary>
            {toggle(Flag::Preamble, "在报告开头加入前言（编制依据、统计期限、联系方式）")}
            <div class="meta-fields">
                {small_field(office_label, TextSlot::Preamble(PreambleField::Office), PreambleField::Office.key())}
                {PreambleField::CONTACT
                    .into_iter()
                    .map(|p| small_field(p.label().to_owned(), TextSlot::Preamble(p), p.key()))
                    .collect_view()}
            </div>
            <label class="field">
                <span class="field-label">
                    {PreambleField::Text.label()}
                    {move || if custom.get() { "（已修改）" } else { "（自动生成，可修改）" }}
                </span>
                <textarea
                    id="field-preamble-text"
                    class="grow"
                    rows="4"
                    prop:value=text
                    on:input=move |ev| editor.set_text(text_slot, event_target_value(&ev))
                    on:blur=move |_| editor.seal()
                ></textarea>
            </label>
            <Show when=move || custom.get()>
                <button
                    type="button"
                    class="secondary"
                    on:click=move |_| {
                        editor.batch(|s| text_change(s, text_slot, String::new()).into_iter().collect())
                    }
                >
                    "恢复自动生成的文字"
                </button>
            </Show>
        </details>
    }
}

/// 落款: optional agency and date under the report.
#[component]
pub fn SignatureEditor() -> impl IntoView {
    view! {
        <section class="report-part signature" aria-labelledby="signature-heading">
            <h3 id="signature-heading">{SIGNATURE_LABEL} "（可选）"</h3>
            {toggle(Flag::Signature, "在报告末尾加入落款")}
            <div class="meta-fields">
                {small_field("落款单位（默认为单位名称）".to_owned(), TextSlot::Signature(SignatureField::Agency), SignatureField::Agency.key())}
                {small_field("日期（如2025年1月20日）".to_owned(), TextSlot::Signature(SignatureField::Date), SignatureField::Date.key())}
            </div>
            {toggle(
                Flag::SignatureSealed,
                "加盖印章（成文日期右空四字、单位名称居中其上；不盖章时单位名称右空二字）",
            )}
        </section>
    }
}

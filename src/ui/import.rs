//! Importing last year's report or existing data: paste text or choose a
//! file, see what was recognised before anything changes, then take it as a
//! new draft or as last year's report for the open draft. The reading is
//! `domain::import`; this module shows it and applies the user's choice.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::domain::format::{CellId, SectionId, SECTIONS};
use crate::domain::grid::Grid;
use crate::domain::import::{import, import_text, ImportError, Imported};
use crate::domain::rules::{check, Mode, Severity};

use super::drafts::Drafts;
use super::editor::{EditKey, Editor};
use super::persist::{take_chosen_file, timed};
use crate::domain::edit::{apply_carry_over, Change};

/// Whether the import panel is open.
#[derive(Copy, Clone)]
pub struct ImportOpen(pub RwSignal<bool>);

/// The changes to 上年结转 that last year's 结转下年度继续办理 would make:
/// only the cells that differ from what is there now.
fn carry_over(imported: &Imported, editor: Editor) -> Vec<Change> {
    let mut changes = Vec::new();
    editor.batch_preview(|s| changes = apply_carry_over(s, &imported.report));
    changes
}

/// One table of the imported report, compact, unreadable cells marked.
fn preview_table(imported: &Imported, section: SectionId) -> impl IntoView {
    let unreadable: BTreeSet<CellId> = imported.unreadable.iter().map(|u| u.cell).collect();
    let rows = Grid::of(section).map(|g| g.rows).unwrap_or_default();
    let report = &imported.report;
    let body = rows
        .into_iter()
        .map(|row| {
            let label = row.first().map(|c| c.row_label()).unwrap_or_default();
            let cells = row
                .into_iter()
                .map(|id| {
                    let text = report.cell(id).to_owned();
                    let bad = unreadable.contains(&id);
                    let title = id.accessible_name();
                    view! {
                        <td class:unreadable=bad class:computed=id.is_computed() title=title>
                            {if bad { "？".to_owned() } else { text }}
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="preview-table">
            <caption>{section.heading()}</caption>
            <tbody>{body}</tbody>
        </table>
    }
}

/// What the importer recognised, and the checks of the imported data.
fn preview(imported: &Imported, editor: Editor) -> impl IntoView {
    let r = &imported.report;
    let findings = editor
        .settings
        .with_value(|s| check(r, None, s, Mode::Final));
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.rule.id() != "CELL-EMPTY")
        .map(|f| format!("[{}] {}", f.rule.id(), f.message))
        .collect();
    let texts = SECTIONS
        .iter()
        .filter_map(|s| {
            let text = match s.id {
                SectionId::Overview => &r.overview,
                SectionId::Problems => &r.problems,
                SectionId::Other => &r.other,
                _ => return None,
            };
            let chars = text.chars().count();
            let head: String = text.chars().take(80).collect();
            Some(view! {
                <li>
                    <strong>{s.heading}</strong>
                    {if chars == 0 {
                        "：未识别到文字".to_owned()
                    } else {
                        format!("（{chars}字）：{head}{}", if chars > 80 { "……" } else { "" })
                    }}
                </li>
            })
        })
        .collect_view();
    let unreadable: Vec<String> = imported.unreadable.iter().map(|u| u.to_string()).collect();
    let notes = imported.notes.clone();
    let ambiguous: Vec<String> = imported.ambiguous.iter().map(|a| a.to_string()).collect();
    view! {
        <div class="import-preview">
            <p>
                "识别为" {imported.format.label()} "："
                <strong>{r.title()}</strong>
            </p>
            <ul class="import-texts">{texts}</ul>
            {preview_table(imported, SectionId::Proactive)}
            {preview_table(imported, SectionId::Requests)}
            {preview_table(imported, SectionId::Review)}
            <Show when={
                let n = unreadable.len();
                move || n > 0
            }>
                <h3>"未能读取的单元格（" {unreadable.len()} "个，导入后留空，请核对原文）"</h3>
                <ul class="import-list">
                    {unreadable.iter().map(|u| view! { <li>{u.clone()}</li> }).collect_view()}
                </ul>
            </Show>
            {(!ambiguous.is_empty())
                .then(|| {
                    view! {
                        <h3>"无法确定拆分的数字行"</h3>
                        <ul class="import-list">
                            {ambiguous.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}
                        </ul>
                    }
                })}
            {(!notes.is_empty())
                .then(|| {
                    view! {
                        <h3>"说明"</h3>
                        <ul class="import-list">
                            {notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}
                        </ul>
                    }
                })}
            {(!errors.is_empty())
                .then(|| {
                    view! {
                        <h3 class="import-errors-heading">"原报告本身的错误（" {errors.len()} "处）"</h3>
                        <ul class="import-list import-errors">
                            {errors.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}
                        </ul>
                    }
                })}
        </div>
    }
}

/// The import panel: paste or choose a file, preview, apply.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let drafts = expect_context::<Drafts>();
    let ImportOpen(open) = expect_context::<ImportOpen>();
    let pasted = RwSignal::new(String::new());
    // The last result: what was read, or why not. Nothing is applied yet.
    let result = RwSignal::new(None::<Result<Imported, ImportError>>);
    let fill_carry = RwSignal::new(true);
    let done = RwSignal::new(None::<String>);
    let file_input = NodeRef::<leptos::html::Input>::new();

    let read_text = move |_| {
        let text = pasted.get_untracked();
        result.set(Some(timed("nianbao:import", || import_text(&text))));
        done.set(None);
    };
    let on_file = move |_| {
        let Some(file) = take_chosen_file(&file_input) else {
            return;
        };
        let name = file.name();
        spawn_local(async move {
            let bytes = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
            let r = match bytes {
                Ok(buf) => {
                    let bytes = js_sys::Uint8Array::new(&buf).to_vec();
                    timed("nianbao:import", || import(&bytes, Some(&name)))
                }
                Err(_) => Err(ImportError::Empty),
            };
            result.set(Some(r));
            done.set(None);
        });
    };
    let as_new_draft = move |_| {
        let Some(Ok(imported)) = result.get_untracked() else {
            return;
        };
        drafts.open_new(imported.report.clone(), None);
        // The button is named only when the tables show it.
        let totals = if imported.report.stated_totals().is_empty() {
            ""
        } else {
            "原表中的总计已保留，检查会指出其中的错误；核对后可点击表格下方的「改用自动计算的总计」。"
        };
        done.set(Some(format!(
            "已作为新草稿打开「{}」。{totals}",
            imported.report.title()
        )));
        result.set(None);
    };
    let as_last_year = move |_| {
        let Some(Ok(imported)) = result.get_untracked() else {
            return;
        };
        let carry = if fill_carry.get_untracked() {
            carry_over(&imported, editor)
        } else {
            Vec::new()
        };
        editor.last_year.set(Some(imported.report.clone()));
        let filled = carry.len();
        editor.apply(carry, EditKey::Batch);
        editor.seal();
        done.set(Some(format!(
            "已将「{}」作为上年度报告：上年结转、现行有效件数和「五」的重复度将与其比对{}",
            imported.report.title(),
            if filled == 0 {
                String::new()
            } else {
                format!("；已填入上年结转{filled}格")
            }
        )));
        result.set(None);
    };

    view! {
        <Show when=move || open.get()>
            <section class="report-part import-panel" aria-labelledby="import-heading">
                <h2 id="import-heading">"导入上年报告或已有数据"</h2>
                <p class="hint">
                    "可以粘贴已发布报告的文字（网页或PDF中复制的文字均可），或选择文件：本工具导出的 .json、.txt、.html、.docx，以及按国家格式制作的 Word 文档。导入前会先显示识别结果，确认后才会使用。"
                </p>
                <label class="field">
                    <span class="field-label">"粘贴报告全文"</span>
                    <textarea
                        id="import-text"
                        rows="6"
                        prop:value=move || pasted.get()
                        on:input=move |ev| pasted.set(event_target_value(&ev))
                    ></textarea>
                </label>
                <div class="import-tools">
                    <button type="button" class="primary" on:click=read_text>"识别粘贴的文字"</button>
                    <label class="button-like">
                        "选择文件…"
                        <input
                            type="file"
                            id="import-file"
                            class="visually-hidden"
                            accept=".json,.txt,.html,.htm,.docx,application/json,text/plain,text/html"
                            node_ref=file_input
                            on:change=on_file
                        />
                    </label>
                    <button type="button" on:click=move |_| open.set(false)>"关闭"</button>
                </div>
                {move || done.get().map(|m| view! { <p class="import-done" role="status">{m}</p> })}
                {move || {
                    result
                        .with(|r| match r {
                            None => None,
                            Some(Err(e)) => {
                                Some(
                                    view! {
                                        <p class="import-error" role="alert">
                                            <span class="visually-hidden">"错误："</span>
                                            "无法导入：" {e.to_string()} "（未作任何更改）"
                                        </p>
                                    }
                                        .into_any(),
                                )
                            }
                            Some(Ok(imported)) => {
                                let carry = carry_over(imported, editor);
                                let n = carry.len();
                                Some(
                                    view! {
                                        <div role="region" aria-label="识别结果">
                                            {preview(imported, editor)}
                                            <div class="import-actions">
                                                <button type="button" class="primary" on:click=as_new_draft>
                                                    "作为新草稿"
                                                </button>
                                                <button type="button" on:click=as_last_year>
                                                    "作为上年度报告"
                                                </button>
                                                {(n > 0)
                                                    .then(|| {
                                                        view! {
                                                            <label class="check">
                                                                <input
                                                                    type="checkbox"
                                                                    prop:checked=move || fill_carry.get()
                                                                    on:change=move |ev| fill_carry.set(event_target_checked(&ev))
                                                                />
                                                                "同时用其「四、结转下年度继续办理」填写本年「二、上年结转」（"
                                                                {n}
                                                                "格）"
                                                            </label>
                                                        }
                                                    })}
                                            </div>
                                        </div>
                                    }
                                        .into_any(),
                                )
                            }
                        })
                }}
            </section>
        </Show>
    }
}

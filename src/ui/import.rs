//! Importing last year's report or existing data: paste text or choose a
//! file, see what was recognised before anything changes, then take it as a
//! new draft or as last year's report for the open draft. The reading is
//! `domain::import`, run in the batch worker (`Batch::import`): the readers
//! are a large part of the code and the form's page does not load them
//! until the first import. This module shows the outcome and applies the
//! user's choice.
//!
//! The paste box is a plain, uncontrolled textarea: its text is read only
//! when 「识别粘贴的文字」 is pressed, so pasting a long report costs what it
//! costs in any textarea (binding its value to a signal made the browser
//! replace and lay out the whole text again after every input).
//!
//! The preview puts what needs a decision first, where the two buttons are:
//! a one-line summary, the agency and year when the text does not give
//! them, the rows of run-together digits with their candidate splits (one
//! click each), and the source's own errors as links to their cells in the
//! preview tables below.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::edit::{apply_carry_over, Change};
use crate::domain::format::{
    CellId, SectionId, T2Cell, T3Col, T3Row, T4Col, T4Group, AGENCY_LABEL, SECTIONS, T2_BLOCKS,
    T2_CONTENT_HEADER, T3_APPLICANTS, YEAR_LABEL,
};
use crate::domain::import::{name_in_row, ImportError, Imported};
use crate::domain::rules::{check, Mode, Severity, Target};

use super::batch::Batch;
use super::drafts::Drafts;
use super::editor::{EditKey, Editor};
use super::persist::{take_chosen_file, timing_end, timing_start};

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

/// The id of a cell in the preview, for the links to it.
fn preview_id(id: CellId) -> String {
    format!("import-cell-{}", id.key().replace('.', "-"))
}

/// Moves to a cell of the preview.
fn focus_preview_cell(id: CellId) {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&preview_id(id)))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}

/// One cell of a preview table: what the import put there, 「？」 when
/// nothing could be read, a total as stated (or as computed, marked, when
/// the source stated none).
fn preview_cell(imported: RwSignal<Option<Imported>>, id: CellId) -> impl IntoView {
    let state = move || {
        imported.with(|i| {
            let Some(i) = i else {
                return (String::new(), "", String::new());
            };
            let text = i.report.cell(id).trim().to_owned();
            let open = i.unreadable.iter().any(|u| u.cell == id);
            let picked = i
                .ambiguous
                .iter()
                .any(|a| a.chosen.is_some() && a.cells.contains(&id));
            let settled = i.settled.contains(&id);
            if open {
                let why = i
                    .unreadable
                    .iter()
                    .find(|u| u.cell == id)
                    .map(|u| u.reason.clone())
                    .unwrap_or_default();
                return ("？".to_owned(), "unreadable", why);
            }
            if id.is_computed() {
                let derived = i.report.derived_total(id);
                if text.is_empty() {
                    return match derived {
                        Some(v) => (v.to_string(), "derived", "原表未填，按各项计算".to_owned()),
                        None => (String::new(), "", String::new()),
                    };
                }
                let differs = derived.is_some_and(|d| i.report.count(id) != Some(d));
                if differs {
                    let d = derived.unwrap_or_default();
                    return (text, "differs", format!("原表总计，按各项计算为{d}"));
                }
            }
            if settled {
                return (
                    text,
                    "settled",
                    "按「一、总体情况」中所述的数字确定".to_owned(),
                );
            }
            if picked {
                return (text, "picked", "按您选择的拆分填入".to_owned());
            }
            (text, "", String::new())
        })
    };
    let name = id.accessible_name();
    view! {
        <td
            id=preview_id(id)
            tabindex="-1"
            class=move || state().1
            class:computed=id.is_computed()
            title=move || {
                let why = state().2;
                if why.is_empty() { name.clone() } else { format!("{name}：{why}") }
            }
        >
            {move || state().0}
        </td>
    }
}

/// Table 二 as printed: each block with its columns.
fn preview_t2(imported: RwSignal<Option<Imported>>) -> impl IntoView {
    let blocks = T2_BLOCKS
        .iter()
        .enumerate()
        .map(|(b, block)| {
            let cols = block.columns.len();
            let head = block
                .columns
                .iter()
                .map(|c| view! { <th scope="col">{*c}</th> })
                .collect_view();
            let rows = block
                .rows
                .iter()
                .enumerate()
                .map(|(r, label)| {
                    let cells = T2Cell::ALL
                        .into_iter()
                        .filter(|c| {
                            let (cb, cr, _) = c.position();
                            cb == b && cr == r
                        })
                        .map(|c| preview_cell(imported, CellId::T2(c)))
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row">{*label}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <tr class="block">
                    <th scope="colgroup" colspan=cols + 1>{block.label}</th>
                </tr>
                <tr>
                    <th scope="col">{T2_CONTENT_HEADER}</th>
                    {head}
                </tr>
                {rows}
            }
        })
        .collect_view();
    view! {
        <table class="preview-table">
            <caption>{SectionId::Proactive.heading()}</caption>
            <tbody>{blocks}</tbody>
        </table>
    }
}

/// Table 三 with its seven columns.
fn preview_t3(imported: RwSignal<Option<Imported>>) -> impl IntoView {
    let head = T3Col::ALL
        .iter()
        .map(|c| view! { <th scope="col">{c.label()}</th> })
        .collect_view();
    let rows = T3Row::ALL
        .iter()
        .map(|&row| {
            let cells = T3Col::ALL
                .iter()
                .map(|&c| preview_cell(imported, CellId::T3(row, c)))
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{row.full_label()}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="preview-table">
            <caption>{SectionId::Requests.heading()}</caption>
            <thead>
                <tr>
                    <th scope="col">{T3_APPLICANTS}</th>
                    {head}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// Table 四: three blocks of five columns, one row.
fn preview_t4(imported: RwSignal<Option<Imported>>) -> impl IntoView {
    let groups = T4Group::ALL
        .iter()
        .map(|g| view! { <th scope="colgroup" colspan="5">{g.full_label()}</th> })
        .collect_view();
    let cols = T4Group::ALL
        .iter()
        .flat_map(|_| T4Col::ALL)
        .map(|c| view! { <th scope="col">{c.label()}</th> })
        .collect_view();
    let cells = T4Group::ALL
        .iter()
        .flat_map(|&g| T4Col::ALL.map(|c| CellId::T4(g, c)))
        .map(|id| preview_cell(imported, id))
        .collect_view();
    view! {
        <table class="preview-table">
            <caption>{SectionId::Review.heading()}</caption>
            <thead>
                <tr>{groups}</tr>
                <tr>{cols}</tr>
            </thead>
            <tbody>
                <tr>{cells}</tr>
            </tbody>
        </table>
    }
}

/// The rows of run-together digits, each with its candidate splits: one
/// click takes a split, 「留空」 leaves the undetermined cells empty.
fn choices(imported: RwSignal<Option<Imported>>) -> impl IntoView {
    let rows =
        imported.with_untracked(|i| i.as_ref().map(|i| i.ambiguous.clone()).unwrap_or_default());
    if rows.is_empty() {
        return None;
    }
    let list = rows
        .into_iter()
        .enumerate()
        .map(|(r, amb)| {
            let group = format!("import-split-{r}");
            // Only the cells the candidates disagree on are shown: the
            // others are already filled.
            let open = amb.open();
            let columns: Vec<String> = open.iter().map(|&i| name_in_row(amb.cells[i])).collect();
            let chosen = move |k: Option<usize>| {
                imported.with(|i| i.as_ref().and_then(|i| i.ambiguous.get(r)).map(|a| a.chosen) == Some(k))
            };
            let pick = move |k: Option<usize>| {
                imported.update(|i| {
                    if let Some(i) = i {
                        i.choose(r, k);
                    }
                });
            };
            let candidates = amb
                .candidates
                .iter()
                .enumerate()
                .map(|(k, values)| {
                    let values: Vec<&str> = open.iter().map(|&i| values[i].as_str()).collect();
                    let shown = values.join(" · ");
                    let spoken = columns
                        .iter()
                        .zip(&values)
                        .map(|(c, v)| format!("{c}{v}"))
                        .collect::<Vec<_>>()
                        .join("，");
                    let title = spoken.clone();
                    view! {
                        <label class="choice" title=title>
                            <input
                                type="radio"
                                name=group.clone()
                                prop:checked=move || chosen(Some(k))
                                on:change=move |_| pick(Some(k))
                                aria-label=spoken
                            />
                            <span class="split">{shown}</span>
                        </label>
                    }
                })
                .collect_view();
            let more = (amb.more > 0).then(|| {
                view! { <p class="hint">"另有" {amb.more} "种拆分未列出，如都不对请留空，导入后手动填写。"</p> }
            });
            let legend = amb.to_string();
            let partly = (open.len() < amb.cells.len() && !amb.candidates.is_empty()).then(|| {
                view! {
                    <p class="hint">
                        "其余各格在各种拆分中都相同，已填入。以下依次为：" {columns.join("、")}
                    </p>
                }
            });
            let empty_label = if amb.candidates.is_empty() {
                "留空，导入后手动填写"
            } else {
                "留空（都不对或无法确定）"
            };
            view! {
                <fieldset class="import-choice">
                    <legend>{legend}</legend>
                    {partly}
                    {candidates}
                    <label class="choice">
                        <input
                            type="radio"
                            name=group.clone()
                            prop:checked=move || chosen(None)
                            on:change=move |_| pick(None)
                        />
                        {empty_label}
                    </label>
                    {more}
                </fieldset>
            }
        })
        .collect_view();
    Some(view! {
        <h3>"数字连在一起、需要您选择的行"</h3>
        <p class="hint">"原文中这些行的数字之间没有分隔，按表格的合计关系有不止一种读法。请对照原文选择一种，或留空。"</p>
        {list}
    })
}

/// Errors of the imported report as published, each a link to its cell.
fn source_errors(imported: RwSignal<Option<Imported>>, editor: Editor) -> impl IntoView {
    move || {
        let (errors, unsure) = imported.with(|i| {
            i.as_ref()
                .map(|i| {
                    let findings = editor
                        .settings
                        .with_value(|s| check(&i.report, None, s, Mode::Final));
                    i.source_errors(findings)
                })
                .unwrap_or_default()
        });
        let unsure = (unsure > 0).then(|| {
            view! {
                <p class="hint import-unsure">
                    "另有" {unsure} "处合计关系涉及未能读取的单元格，无法判断原报告是否有误；导入后补全这些单元格即可核对。"
                </p>
            }
        });
        if errors.is_empty() {
            return unsure.map(IntoAny::into_any);
        }
        let n = errors.len();
        let items = errors
            .into_iter()
            .map(|f| {
                let cell = f.targets.iter().find_map(|t| match t {
                    Target::Cell(c) => Some(*c),
                    Target::Field(_) => None,
                });
                let rule = f.rule.id();
                match cell {
                    Some(c) => view! {
                        <li title=rule>
                            <a
                                href=format!("#{}", preview_id(c))
                                on:click=move |ev: ev::MouseEvent| {
                                    ev.prevent_default();
                                    focus_preview_cell(c);
                                }
                            >
                                {f.message}
                            </a>
                        </li>
                    }
                    .into_any(),
                    None => view! { <li title=rule>{f.message}</li> }.into_any(),
                }
            })
            .collect_view();
        Some(
            view! {
                <h3 class="import-errors-heading">"原报告本身的错误（" {n} "处，点击查看所在单元格）"</h3>
                <ul class="import-list import-errors">{items}</ul>
                {unsure}
            }
            .into_any(),
        )
    }
}

/// The texts of 一, 五 and 六: their length and beginning.
fn texts(imported: &Imported) -> impl IntoView {
    let r = &imported.report;
    SECTIONS
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
        .collect_view()
}

/// Agency and year, asked for when the text does not give them.
fn missing_fields(imported: RwSignal<Option<Imported>>) -> impl IntoView {
    let (agency, year) = imported.with_untracked(|i| {
        i.as_ref().map_or((false, false), |i| {
            (
                i.report.agency.trim().is_empty(),
                i.report.year.trim().is_empty(),
            )
        })
    });
    let field = |label: &'static str, id: &'static str, set: fn(&mut Imported, String)| {
        view! {
            <label class="field">
                <span class="field-label">{label} "（原文中没有找到，请填写）"</span>
                <input
                    type="text"
                    id=id
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        imported.update(|i| {
                            if let Some(i) = i {
                                set(i, v);
                            }
                        });
                    }
                />
            </label>
        }
    };
    view! {
        {agency.then(|| field(AGENCY_LABEL, "import-agency", |i, v| i.report.agency = v))}
        {year.then(|| field(YEAR_LABEL, "import-year", |i, v| i.report.year = v))}
    }
}

/// One line on what was read.
fn summary(i: &Imported) -> String {
    let read = i.report.cells().len() + i.report.stated_totals().len();
    let mut parts = vec![format!("读取了{read}个单元格")];
    if !i.unreadable.is_empty() {
        parts.push(format!("{}个未能读取（留空）", i.unreadable.len()));
    }
    if !i.ambiguous.is_empty() {
        parts.push(format!("{}行数字连在一起需要选择", i.ambiguous.len()));
    }
    if !i.settled.is_empty() {
        parts.push(format!(
            "{}个按「一、总体情况」中的数字确定",
            i.settled.len()
        ));
    }
    parts.join("，")
}

/// The import panel: paste or choose a file, preview, apply.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let drafts = expect_context::<Drafts>();
    let batch = expect_context::<Batch>();
    let ImportOpen(open) = expect_context::<ImportOpen>();
    let text_box = NodeRef::<leptos::html::Textarea>::new();
    // The last import: what was read (the user's picks applied), or why
    // nothing was. Nothing is applied to the drafts yet.
    let imported = RwSignal::new(None::<Imported>);
    let error = RwSignal::new(None::<ImportError>);
    // Bumped on every import, to rebuild the preview's structure.
    let generation = RwSignal::new(0u32);
    let fill_carry = RwSignal::new(true);
    let done = RwSignal::new(None::<String>);
    let file_input = NodeRef::<leptos::html::Input>::new();

    let show = move |r: Result<Imported, ImportError>| {
        match r {
            Ok(i) => {
                imported.set(Some(i));
                error.set(None);
            }
            Err(e) => {
                imported.set(None);
                error.set(Some(e));
            }
        }
        done.set(None);
        generation.update(|g| *g += 1);
        // The result's first line and its two buttons in view.
        request_animation_frame(|| {
            let region = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector("#import-result").ok().flatten());
            if let Some(el) = region {
                el.scroll_into_view_with_bool(true);
            }
        });
    };
    // The readers run in the batch worker, started by the first import
    // (src/ui/batch.rs): the form's page does not load them.
    let reading = RwSignal::new(false);
    let read_in_worker = move |name: String, text: Option<String>, file: Option<web_sys::File>| {
        timing_start("nianbao:import");
        reading.set(true);
        let sent = batch.import(name, text, file, move |r| {
            timing_end("nianbao:import");
            reading.set(false);
            show(r);
        });
        if let Err(why) = sent {
            reading.set(false);
            done.set(Some(why.to_owned()));
        }
    };
    let read_text = move |_| {
        let text = text_box
            .get_untracked()
            .map(|t| t.value())
            .unwrap_or_default();
        read_in_worker(String::new(), Some(text), None);
    };
    let on_file = move |_| {
        let Some(file) = take_chosen_file(&file_input) else {
            return;
        };
        read_in_worker(file.name(), None, Some(file));
    };
    let counts = move |r: &crate::domain::model::Report| {
        let findings = editor
            .settings
            .with_value(|s| check(r, None, s, Mode::Final));
        let n = |sev| findings.iter().filter(|f| f.severity == sev).count();
        (n(Severity::Error), n(Severity::Warning))
    };
    let as_new_draft = move |_| {
        let Some(imported_now) = imported.get_untracked() else {
            return;
        };
        let (errors, warnings) = counts(&imported_now.report);
        drafts.open_new(imported_now.report.clone(), None);
        // The button is named only when the tables show it.
        let totals = if imported_now.report.stated_totals().is_empty() {
            ""
        } else {
            "原表中的总计已保留，检查会指出其中的错误；核对后可点击表格下方的「改用自动计算的总计」。"
        };
        done.set(Some(format!(
            "已作为新草稿打开「{}」：{errors}处错误、{warnings}处警告。{totals}",
            imported_now.report.title()
        )));
        imported.set(None);
        generation.update(|g| *g += 1);
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
    };
    let as_last_year = move |_| {
        let Some(imported_now) = imported.get_untracked() else {
            return;
        };
        let carry = if fill_carry.get_untracked() {
            carry_over(&imported_now, editor)
        } else {
            Vec::new()
        };
        editor.last_year.set(Some(imported_now.report.clone()));
        let filled = carry.len();
        editor.apply(carry, EditKey::Batch);
        editor.seal();
        done.set(Some(format!(
            "已将「{}」作为上年度报告：上年结转、现行有效件数和「五」的重复度将与其比对{}",
            imported_now.report.title(),
            if filled == 0 {
                String::new()
            } else {
                format!("；已填入上年结转{filled}格")
            }
        )));
        imported.set(None);
        generation.update(|g| *g += 1);
    };

    let preview = move || {
        generation.track();
        if let Some(e) = error.get_untracked() {
            return Some(
                view! {
                    <p class="import-error" role="alert" id="import-result">
                        <span class="visually-hidden">"错误："</span>
                        "无法导入：" {e.to_string()} "（未作任何更改）"
                    </p>
                }
                .into_any(),
            );
        }
        let (format, texts_view, notes, carry_n) = imported.with_untracked(|i| {
            i.as_ref().map(|i| {
                (
                    i.format.label(),
                    texts(i).into_any(),
                    i.notes.clone(),
                    carry_over(i, editor).len(),
                )
            })
        })?;
        let title =
            move || imported.with(|i| i.as_ref().map(|i| i.report.title()).unwrap_or_default());
        let line = move || imported.with(|i| i.as_ref().map(summary).unwrap_or_default());
        let unreadable = move || {
            imported.with(|i| {
                i.as_ref()
                    .map(|i| {
                        i.unreadable
                            .iter()
                            .map(|u| u.to_string())
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
        };
        Some(
            view! {
                <div role="region" aria-label="识别结果" class="import-preview" id="import-result">
                    <div class="import-summary">
                        <p>
                            "识别为" {format} "：" <strong>{title}</strong>
                        </p>
                        <p class="import-line">{line}</p>
                        {missing_fields(imported)}
                        <div class="import-actions">
                            <button type="button" class="primary" on:click=as_new_draft>
                                "作为新草稿"
                            </button>
                            <button type="button" on:click=as_last_year>
                                "作为上年度报告"
                            </button>
                            {(carry_n > 0)
                                .then(|| {
                                    view! {
                                        <label class="check">
                                            <input
                                                type="checkbox"
                                                prop:checked=move || fill_carry.get()
                                                on:change=move |ev| fill_carry.set(event_target_checked(&ev))
                                            />
                                            "同时用其「四、结转下年度继续办理」填写本年「二、上年结转」（"
                                            {carry_n}
                                            "格）"
                                        </label>
                                    }
                                })}
                        </div>
                    </div>
                    {choices(imported)}
                    {source_errors(imported, editor)}
                    <ul class="import-texts">{texts_view}</ul>
                    <div class="preview-tables">
                        {preview_t2(imported)} {preview_t3(imported)} {preview_t4(imported)}
                    </div>
                    {move || {
                        let list = unreadable();
                        (!list.is_empty())
                            .then(|| {
                                view! {
                                    <h3>"未能读取的单元格（" {list.len()} "个，导入后留空，请核对原文）"</h3>
                                    <ul class="import-list">
                                        {list.into_iter().map(|u| view! { <li>{u}</li> }).collect_view()}
                                    </ul>
                                }
                            })
                    }}
                    {(!notes.is_empty())
                        .then(|| {
                            view! {
                                <h3>"说明"</h3>
                                <ul class="import-list import-notes">
                                    {notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                                </ul>
                            }
                        })}
                </div>
            }
            .into_any(),
        )
    };

    view! {
        <Show when=move || open.get()>
            <section class="report-part import-panel" aria-labelledby="import-heading">
                <h2 id="import-heading">"导入上年报告或已有数据"</h2>
                <p class="hint">
                    "可以粘贴已发布报告的文字（网页或PDF中复制的文字均可），或选择文件：本工具导出的 .json、.txt、.html、.docx，以及按国家格式制作的 Word 文档（.docx 或 .doc）、PDF 文件、保存的网页。导入前会先显示识别结果，确认后才会使用。"
                </p>
                <label class="field">
                    <span class="field-label">"粘贴报告全文"</span>
                    <textarea id="import-text" rows="6" node_ref=text_box></textarea>
                </label>
                <div class="import-tools">
                    <button type="button" class="primary" on:click=read_text>"识别粘贴的文字"</button>
                    <label class="button-like">
                        "选择文件…"
                        <input
                            type="file"
                            id="import-file"
                            class="visually-hidden"
                            accept=".json,.txt,.html,.htm,.docx,.doc,.wps,.pdf,application/json,text/plain,text/html,application/pdf"
                            node_ref=file_input
                            on:change=on_file
                        />
                    </label>
                    <button type="button" on:click=move |_| open.set(false)>"关闭"</button>
                </div>
                {move || reading.get().then(|| view! { <p class="import-reading" role="status">"正在读取…"</p> })}
                {move || done.get().map(|m| view! { <p class="import-done" role="status">{m}</p> })}
                {preview}
            </section>
        </Show>
    }
}

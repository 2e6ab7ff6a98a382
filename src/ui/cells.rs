//! One number cell: what the user types stays as typed while the cell has
//! the focus, is normalised when they leave it, and its own format error
//! shows from then on, next to it, until it is fixed.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};

use crate::domain::format::{CellId, CellKind};
use crate::domain::grid::{is_block, parse_block, Grid, Move};
use crate::domain::number::normalise;
use crate::domain::rules::{check_cell, Target};

use super::editor::{cell_dom_id, EditKey, Editor};

/// Moves the keyboard focus to a cell or field element by its DOM id.
pub fn focus_element(dom_id: &str) -> bool {
    let el = document()
        .get_element_by_id(dom_id)
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    match el {
        Some(el) => {
            el.scroll_into_view_with_bool(false);
            el.focus().is_ok()
        }
        None => false,
    }
}

#[component]
pub fn NumberCell(id: CellId) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let dom_id = cell_dom_id(id);
    let err_id = format!("{dom_id}-err");
    let text = Memo::new(move |_| editor.report.with(|r| r.cell(id).to_owned()));
    // The cell's own problem, shown once the user has left the cell or
    // after 「检查报告」; empty untouched cells are never red while drafting.
    let problem = Memo::new(move |_| {
        let shown = editor.touched.with(|t| t.contains(&id)) || editor.checked.get();
        if !shown {
            return None;
        }
        // A cell's own check reads only its own text: track that, not the
        // whole report, so typing elsewhere does not re-check this cell.
        let empty = text.with(|t| t.trim().is_empty());
        let finding = editor
            .report
            .with_untracked(|r| editor.settings.with_value(|s| check_cell(r, id, s)))?;
        // An empty cell only counts as a problem at the final check.
        if empty && !editor.checked.get() {
            return None;
        }
        Some(finding)
    });
    let is_error = move || {
        problem.with(|p| {
            p.as_ref()
                .is_some_and(|f| f.severity == crate::domain::rules::Severity::Error)
        })
    };
    let inputmode = match id.kind() {
        CellKind::Count => "numeric",
        CellKind::Fee => "decimal",
    };

    let on_input = move |ev: ev::Event| editor.set_cell(id, event_target_value(&ev));
    let on_blur = move |_| {
        let current = editor.report.with_untracked(|r| r.cell(id).to_owned());
        let clean = normalise(&current, id.kind());
        if clean != current {
            // Normalising belongs to the typing just done: one undo step.
            editor.set_cell(id, clean);
        }
        editor.seal();
        editor.touch(id);
    };
    let on_keydown = move |ev: ev::KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.shift_key() {
            return;
        }
        let input: Option<HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        let at_start = input.as_ref().is_some_and(|i| {
            i.selection_start().ok().flatten() == Some(0)
                && i.selection_end().ok().flatten() == Some(0)
        });
        let at_end = input.as_ref().is_some_and(|i| {
            let len = i.value().encode_utf16().count() as u32;
            i.selection_start().ok().flatten() == Some(len)
        });
        let dir = match ev.key().as_str() {
            "Enter" | "ArrowDown" => Some(Move::Down),
            "ArrowUp" => Some(Move::Up),
            "ArrowLeft" if at_start => Some(Move::Left),
            "ArrowRight" if at_end => Some(Move::Right),
            _ => None,
        };
        if let Some(dir) = dir {
            if let Some(next) = Grid::containing(id).step(id, dir) {
                ev.prevent_default();
                focus_element(&cell_dom_id(next));
            } else if ev.key() == "Enter" {
                ev.prevent_default();
            }
        }
    };
    let on_paste = move |ev: ev::ClipboardEvent| {
        let Some(text) = ev
            .clipboard_data()
            .and_then(|d| d.get_data("text/plain").ok())
        else {
            return;
        };
        if !is_block(&text) {
            return; // one value: the browser pastes it into this cell
        }
        ev.prevent_default();
        let placed = Grid::containing(id).place_block(id, &parse_block(&text));
        editor.edit(EditKey::Batch, |r| {
            for (cell, value) in &placed {
                r.set_cell(*cell, value.clone());
            }
        });
        editor.seal();
        // Pasted values are checked at once: a paste is a finished entry.
        editor
            .touched
            .update(|t| t.extend(placed.iter().map(|(c, _)| *c)));
    };

    view! {
        <span class="cell" class:cell-error=is_error>
            <input
                type="text"
                id=dom_id
                class="num"
                inputmode=inputmode
                autocomplete="off"
                aria-label=id.accessible_name()
                aria-invalid=move || is_error().then_some("true")
                aria-describedby={
                    let err_id = err_id.clone();
                    move || problem.with(|p| p.is_some()).then(|| err_id.clone())
                }
                prop:value=move || text.get()
                on:input=on_input
                on:blur=on_blur
                on:keydown=on_keydown
                on:paste=on_paste
            />
            {move || {
                problem
                    .get()
                    .map(|f| {
                        let severity = f.severity;
                        view! {
                            <span
                                id=err_id.clone()
                                class="cell-msg"
                                class:msg-error=severity == crate::domain::rules::Severity::Error
                            >
                                <span class="visually-hidden">{severity.label()}"："</span>
                                {f.message.clone()}
                            </span>
                        }
                    })
            }}
        </span>
    }
}

/// A total the app derives: read-only, updated on every keystroke. An
/// imported report's own total, when it differs, is shown beside it.
#[component]
pub fn ComputedCell(id: CellId) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let derived = Memo::new(move |_| editor.report.with(|r| r.derived_total(id)));
    let stated = Memo::new(move |_| {
        editor.report.with(|r| {
            let s = r.cell(id);
            (!s.is_empty()).then(|| s.to_owned())
        })
    });
    let differs = move || {
        stated.with(|s| {
            s.as_ref().is_some_and(|s| {
                Some(normalise(s, CellKind::Count)) != derived.get().map(|d| d.to_string())
            })
        })
    };
    view! {
        <output
            id=cell_dom_id(id)
            class="total"
            tabindex="-1"
            // Not announced on every keystroke; the status lines say it.
            aria-live="off"
            aria-label=id.accessible_name()
        >
            {move || derived.get().map(|v| v.to_string()).unwrap_or_default()}
            {move || {
                differs()
                    .then(|| {
                        view! {
                            <span class="stated">"（原表：" {stated.get().unwrap_or_default()} "）"</span>
                        }
                    })
            }}
        </output>
    }
}

/// A cell of a table: entered or computed.
#[component]
pub fn Cell(id: CellId) -> impl IntoView {
    if id.is_computed() {
        view! { <ComputedCell id=id /> }.into_any()
    } else {
        view! { <NumberCell id=id /> }.into_any()
    }
}

/// Moves the focus to what a finding points at.
pub fn focus_target(target: Target) {
    let dom_id = match target {
        Target::Cell(c) => cell_dom_id(c),
        Target::Field(f) => super::editor::field_dom_id(f),
    };
    focus_element(&dom_id);
}

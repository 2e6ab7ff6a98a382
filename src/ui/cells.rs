//! One number cell: what the user types stays as typed while the cell has
//! the focus, is normalised when they leave it, and its own format error
//! shows from then on, next to it, until it is fixed.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};

use crate::domain::edit::{text_change, TextSlot};
use crate::domain::format::{CellId, CellKind};
use crate::domain::grid::{is_block, parse_block, Grid, Move};
use crate::domain::number::normalise;
use crate::domain::rules::{cell_finding, Mode, Severity, Target};

use super::editor::{cell_dom_id, Editor};

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
    let text = editor.cell_text(id);
    // While the user types here the cell's message waits (「1,」 on the way
    // to 「1,234」 is no error); it shows once they leave. A value that was
    // loaded, imported or pasted is judged at once.
    let typing = RwSignal::new(false);
    let problem = Memo::new(move |_| {
        if typing.get() {
            return None;
        }
        let mode = if editor.checked.get() {
            Mode::Final
        } else {
            Mode::Drafting
        };
        text.with(|t| editor.settings.with_value(|s| cell_finding(id, t, s, mode)))
    });
    let is_error =
        move || problem.with(|p| p.as_ref().is_some_and(|f| f.severity == Severity::Error));
    let inputmode = match id.kind() {
        CellKind::Count => "numeric",
        CellKind::Fee => "decimal",
    };

    let on_input = move |ev: ev::Event| {
        if !typing.get_untracked() {
            typing.set(true);
        }
        editor.set_cell(id, event_target_value(&ev));
    };
    let on_blur = move |_| {
        let current = text.get_untracked();
        let clean = normalise(&current, id.kind());
        if clean != current {
            // Normalising belongs to the typing just done: one undo step.
            editor.set_cell(id, clean);
        }
        editor.seal();
        typing.set(false);
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
        editor.batch(|slots| {
            placed
                .into_iter()
                .filter(|(cell, _)| !cell.is_computed())
                .filter_map(|(cell, value)| text_change(slots, TextSlot::Cell(cell), value))
                .collect()
        });
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
                                class:msg-error=severity == Severity::Error
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

/// A total the app derives: read-only, updated on every keystroke. A total
/// a source stated (an imported report), when it differs, is shown beside it.
#[component]
pub fn ComputedCell(id: CellId) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let derived = Memo::new(move |_| editor.derived_total(id));
    let stated = editor.cell_text(id);
    let differs = move || {
        stated.with(|s| {
            !s.trim().is_empty()
                && Some(normalise(s, CellKind::Count)) != derived.get().map(|d| d.to_string())
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
                            <span class="stated">"（原表：" {stated.get()} "）"</span>
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

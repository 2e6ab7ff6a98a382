//! One number cell: what the user types stays as typed while the cell has
//! the focus, is normalised when they leave it, and its own format error
//! shows from then on, next to it, until it is fixed.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};

use crate::domain::edit::paste_block;
use crate::domain::format::{CellId, CellKind, SectionId};
use crate::domain::grid::{is_block, parse_block, Grid, Move};
use crate::domain::number::normalise;
use crate::domain::rules::{cell_finding, Mode, Severity, Target};

use super::editor::{cell_dom_id, Editor};

/// Moves the keyboard focus to a cell or field element by its DOM id.
///
/// The element comes to the middle of the screen (and of its table's own
/// scroll box), so its row label, its column and its message are in view,
/// not at the screen's edge.
pub fn focus_element(dom_id: &str) -> bool {
    let el = document()
        .get_element_by_id(dom_id)
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    match el {
        Some(el) => {
            let focus = web_sys::FocusOptions::new();
            focus.set_prevent_scroll(true);
            let focused = el.focus_with_options(&focus).is_ok();
            let scroll = web_sys::ScrollIntoViewOptions::new();
            scroll.set_block(web_sys::ScrollLogicalPosition::Center);
            scroll.set_inline(web_sys::ScrollLogicalPosition::Center);
            el.scroll_into_view_with_scroll_into_view_options(&scroll);
            focused
        }
        None => false,
    }
}

/// What each table shows under itself after a paste: 「已粘贴 25 行 × 7 列」.
/// One note per table, keyed by section and provided at the top: the cells
/// are built before the table box that shows the note, so a context scoped
/// to the box would not reach them.
#[derive(Copy, Clone)]
pub struct TableNotes {
    proactive: RwSignal<Option<String>>,
    requests: RwSignal<Option<String>>,
    review: RwSignal<Option<String>>,
}

impl Default for TableNotes {
    fn default() -> Self {
        Self {
            proactive: RwSignal::new(None),
            requests: RwSignal::new(None),
            review: RwSignal::new(None),
        }
    }
}

impl TableNotes {
    /// The note under the table of `section`; `None` for the text sections.
    pub fn of(self, section: SectionId) -> Option<RwSignal<Option<String>>> {
        match section {
            SectionId::Proactive => Some(self.proactive),
            SectionId::Requests => Some(self.requests),
            SectionId::Review => Some(self.review),
            _ => None,
        }
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
    // Read while the component is built: an event handler has no owner to
    // find contexts through.
    let table_note = use_context::<TableNotes>().and_then(|n| n.of(id.section()));

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
        if ev.ctrl_key() && !ev.alt_key() && !ev.shift_key() {
            // Ctrl+↓ / Ctrl+↑: the first cell of the next / previous table.
            let step: Option<isize> = match ev.key().as_str() {
                "ArrowDown" => Some(1),
                "ArrowUp" => Some(-1),
                _ => None,
            };
            if let Some(target) = step.and_then(|d| neighbour_table(id, d)) {
                ev.prevent_default();
                focus_element(&cell_dom_id(target));
            }
            return;
        }
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
        let grid = Grid::containing(id);
        let dir = match ev.key().as_str() {
            "Enter" | "ArrowDown" => Some(Move::Down),
            "ArrowUp" => Some(Move::Up),
            "ArrowLeft" if at_start => Some(Move::Left),
            "ArrowRight" if at_end => Some(Move::Right),
            _ => None,
        };
        let Some(dir) = dir else { return };
        let next = grid.step(id, dir).or_else(|| {
            // Enter moves on: in a one-row table (四) or at a column's end,
            // to the next cell along.
            (ev.key() == "Enter")
                .then(|| grid.step(id, Move::Right))
                .flatten()
        });
        if let Some(next) = next {
            ev.prevent_default();
            focus_element(&cell_dom_id(next));
        } else if ev.key() == "Enter" {
            ev.prevent_default();
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
        let block = parse_block(&text);
        let mut report = None;
        editor.batch(|slots| {
            let paste = paste_block(slots, id, &block);
            let changes = paste.changes.clone();
            report = Some(paste);
            changes
        });
        if let (Some(p), Some(note)) = (report, table_note) {
            let mut msg = format!("已粘贴 {} 行 × {} 列", p.rows, p.cols);
            if !p.stated.is_empty() {
                msg.push_str(&format!(
                    "；其中{}个总计与各项之和不符，已作为原表总计保留，见表格下方的核对结果",
                    p.stated.len()
                ));
            }
            note.set(Some(msg));
        }
    };

    view! {
        <div class="cell" class:cell-error=is_error>
            // A box of fixed size around the input (style/main.css:
            // .cell-box), so the browser's relayout after a keystroke stays
            // inside it instead of laying out the whole table again.
            //
            // The box is a form of its own. Chromium's autofill (in every
            // browser built on it) reads the whole form of a field that gets
            // the focus, and fields outside any form count as one form: with
            // the report's 183 fields, `focus()` took 8 ms instead of 1
            // (measured in Chromium 156), and the next key waited for it.
            // It is never submitted: Enter moves on (on_keydown), and a
            // submit that happens anyway (a phone keyboard's action key) is
            // cancelled here; method="dialog" outside a dialog does nothing
            // even without the handler, and the page's CSP has
            // form-action 'none'. role="none": not a landmark.
            <form
                class="cell-box"
                method="dialog"
                role="none"
                on:submit=|ev: ev::SubmitEvent| ev.prevent_default()
            >
            <input
                type="text"
                id=dom_id
                class="num"
                inputmode=inputmode
                // A phone keyboard's action key: a field alone in its form
                // would get 「前往」; it sends Enter, which moves on.
                enterkeyhint="next"
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
            </form>
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
                                {f.detail.clone()}
                            </span>
                        }
                    })
            }}
        </div>
    }
}

/// A total the app derives: read-only, updated on every keystroke. A total
/// a source stated (an imported report), when it differs, is shown beside it.
#[component]
pub fn ComputedCell(id: CellId) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let derived = Memo::new(move |_| editor.derived_total(id));
    let stated = editor.cell_text(id);
    // A memo: a keystroke that changes the sum but not whether it differs
    // leaves the stated total's element alone.
    let differs = Memo::new(move |_| {
        stated.with(|s| {
            !s.trim().is_empty()
                && Some(normalise(s, CellKind::Count)) != derived.get().map(|d| d.to_string())
        })
    });
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
                differs
                    .get()
                    .then(|| {
                        view! {
                            <span class="stated">"（原表：" {move || stated.get()} "）"</span>
                        }
                    })
            }}
        </output>
    }
}

/// The first entered cell of the table `delta` tables after (or before)
/// the one holding `id`.
fn neighbour_table(id: CellId, delta: isize) -> Option<CellId> {
    const TABLES: [SectionId; 3] = [SectionId::Proactive, SectionId::Requests, SectionId::Review];
    let here = TABLES.iter().position(|s| *s == id.section())?;
    let there = TABLES.get(here.checked_add_signed(delta)?)?;
    Grid::of(*there)?
        .rows
        .iter()
        .flatten()
        .copied()
        .find(|c| !c.is_computed())
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

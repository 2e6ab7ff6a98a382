//! The bar at the bottom of the screen: while 「检查报告」 has errors left,
//! 「第 3/27 处：…」 with 上一处 / 下一处 / 返回检查结果 (F8 and Shift+F8),
//! updating as errors are fixed; otherwise, while a table cell has the
//! focus, which row and column it is (deep in table 三, or on a phone, the
//! headers are off the screen).

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::format::CellId;
use crate::domain::rules::{Finding, Severity, Target};

use super::cells::focus_target;
use super::drafts::Drafts;
use super::editor::{cell_dom_id, field_dom_id, Editor};

/// The cell an element edits, from its DOM id (see `cell_dom_id`).
fn cell_of(dom_id: &str) -> Option<CellId> {
    dom_id.strip_prefix("cell-")?.replace('-', ".").parse().ok()
}

fn dom_id(t: Target) -> String {
    match t {
        Target::Cell(c) => cell_dom_id(c),
        Target::Field(f) => field_dom_id(f),
    }
}

/// Moves the focus to the 检查报告 summary at the top.
pub fn focus_summary() {
    if let Some(el) = document()
        .query_selector(".summary")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        el.scroll_into_view();
        let _ = el.focus();
    }
}

#[component]
pub fn FixBar() -> impl IntoView {
    let editor = expect_context::<Editor>();
    // The errors to step through, each with the element it points at.
    let errors = Memo::new(move |_| {
        editor.final_check.with(|f| {
            f.iter()
                .flatten()
                .filter(|x| x.severity == Severity::Error && !x.targets.is_empty())
                .cloned()
                .collect::<Vec<Finding>>()
        })
    });
    let current = RwSignal::new(0usize);
    let focused = RwSignal::new(None::<String>);
    let focus = window_event_listener(ev::focusin, move |e| {
        let id = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|el| el.id());
        // Arriving at an error's place makes it the current one.
        if let Some(id) = &id {
            let hit = errors.with_untracked(|list| {
                list.iter()
                    .position(|f| f.targets.first().map(|t| dom_id(*t)).as_ref() == Some(id))
            });
            if let Some(i) = hit {
                current.set(i);
            }
        }
        focused.set(id);
    });
    let go = move |delta: isize| {
        let n = errors.with_untracked(Vec::len);
        if n == 0 {
            return;
        }
        let here = current.get_untracked().min(n - 1);
        // From a fixed (vanished) error, 下一处 is the one now in its place.
        let at_current = errors.with_untracked(|l| {
            l.get(here)
                .and_then(|f| f.targets.first())
                .map(|t| dom_id(*t))
                == focused.get_untracked()
        });
        let next = if delta > 0 && !at_current {
            here
        } else {
            (here as isize + delta).rem_euclid(n as isize) as usize
        };
        current.set(next);
        if let Some(t) =
            errors.with_untracked(|l| l.get(next).and_then(|f| f.targets.first().copied()))
        {
            focus_target(t);
        }
    };
    let keys = window_event_listener(ev::keydown, move |e| {
        if e.key() == "F8" && editor.checked.get_untracked() {
            e.prevent_default();
            go(if e.shift_key() { -1 } else { 1 });
        }
    });
    on_cleanup(move || {
        focus.remove();
        keys.remove();
    });
    let showing_errors = move || editor.checked.get() && errors.with(|e| !e.is_empty());
    let place = move || {
        focused
            .get()
            .as_deref()
            .and_then(cell_of)
            .map(|c| c.place())
    };
    // What the bar shows, apart from what it says: moving from cell to
    // cell changes the place's text only, not the bar's elements.
    let has_place = Memo::new(move |_| focused.with(|f| f.as_deref().and_then(cell_of).is_some()));
    let drafts = expect_context::<Drafts>();
    let notice = drafts.notice;
    view! {
        <Show when=move || showing_errors() || has_place.get() || notice.with(Option::is_some)>
            <div class="fix-bar" role="region" aria-label="错误与位置">
                {move || {
                    notice
                        .get()
                        .map(|n| {
                            view! {
                                <p class="fix-notice" role="status">
                                    {n} " "
                                    <button type="button" class="link" on:click=move |_| notice.set(None)>
                                        "知道了"
                                    </button>
                                </p>
                            }
                        })
                }}
                {move || {
                    if showing_errors() {
                        let n = errors.with(Vec::len);
                        let i = current.get().min(n.saturating_sub(1));
                        let message = errors.with(|l| l.get(i).map(|f| f.message.clone()))
                            .unwrap_or_default();
                        view! {
                            <p class="fix-where">
                                <strong>{format!("第 {}/{} 处错误：", i + 1, n)}</strong>
                                {message}
                            </p>
                            <div class="fix-actions">
                                <button type="button" aria-keyshortcuts="Shift+F8" title="Shift+F8" on:click=move |_| go(-1)>"上一处"</button>
                                <button type="button" aria-keyshortcuts="F8" title="F8" on:click=move |_| go(1)>"下一处"</button>
                                <button type="button" class="link" on:click=move |_| focus_summary()>"返回检查结果"</button>
                            </div>
                        }
                        .into_any()
                    } else if has_place.get() {
                        view! { <p class="fix-where">"当前单元格：" {place}</p> }.into_any()
                    } else {
                        ().into_any()
                    }
                }}
            </div>
        </Show>
    }
}

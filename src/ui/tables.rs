//! Tables 二, 三 and 四 laid out as the format prints them (multi-row
//! headers, row groups), so a clerk can copy last year's Word table row by
//! row. Every label comes from `domain::format`.

use leptos::prelude::*;

use crate::domain::edit::{adopt_computed_totals, fill_empty_with_zero};
use crate::domain::format::{
    CellId, SectionId, T2Cell, T3Col, T3Row, T4Col, T4Group, T2_BLOCKS, T2_CONTENT_HEADER,
    T3_APPLICANTS, T3_CORNER, T3_ORGS, T3_RESULTS_GROUP, T4_LITIGATION, T4_REVIEW,
};
use crate::domain::rules::{line_ids, status_line, LineId, LineState};

use super::cells::{Cell, TableNotes};
use super::editor::{Editor, LiveValues};

/// A table in its own horizontally scrolling box, with its status lines and
/// the 「空白处填0」 button under it.
#[component]
fn TableBox(section: SectionId, children: Children) -> impl IntoView {
    let name = section.table_name().unwrap_or_default();
    // What a paste into this table did, said once under it.
    let note = use_context::<TableNotes>().and_then(|n| n.of(section));
    view! {
        <div class="table-scroll" role="region" aria-label=name tabindex="0">
            {children()}
        </div>
        <p class="table-note" role="status">{move || note.and_then(|n| n.get())}</p>
        <TableTools section=section />
        <StatusLines section=section />
    }
}

/// 「空白处填0」: fills the table's empty entered cells with 0, one undo step.
#[component]
fn TableTools(section: SectionId) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let fill = move |_| editor.batch(|s| fill_empty_with_zero(s, section));
    // A source's own totals (an imported report) are kept so the checks can
    // catch a published mistake; once seen, the user adopts the app's own.
    let stated: Vec<CellId> = CellId::ALL
        .into_iter()
        .filter(|c| c.is_computed() && c.section() == section)
        .collect();
    let has_stated = Memo::new(move |_| {
        stated
            .iter()
            .any(|c| editor.cell_text(*c).with(|t| !t.trim().is_empty()))
    });
    let adopt = move |_| editor.batch(|s| adopt_computed_totals(s, section));
    let name = section.table_name().unwrap_or_default();
    view! {
        <div class="table-tools">
            <Show when=move || has_stated.get()>
                <button type="button" class="secondary" on:click=adopt>
                    "改用自动计算的总计"
                    <span class="visually-hidden">"（" {name} "，不再保留原表中的总计）"</span>
                </button>
            </Show>
            <button type="button" class="secondary" on:click=fill>
                "空白处填0"
                <span class="visually-hidden">"（" {name} "）"</span>
            </button>
        </div>
    }
}

/// One live cross-cell sum: neutral while drafting, an error once the user
/// has asked for 「检查报告」. It re-runs only when a cell it reads changes.
#[component]
fn StatusLineItem(id: LineId) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let line = Memo::new(move |_| {
        editor
            .last_year
            .with(|l| status_line(id, &LiveValues(editor), l.as_ref()))
    });
    // The line's look changes with its state (and 「检查报告」); its text
    // with nearly every keystroke. Kept apart, a keystroke rewrites the
    // line's text only; the line is built again only when its look changes.
    let look = Memo::new(move |_| {
        let checked = editor.checked.get();
        line.with(|l| l.as_ref().map(|line| Look::of(line.state, checked)))
    });
    let text = move || line.with(|l| l.as_ref().map(|l| l.text.clone()));
    move || {
        look.get().map(|look| {
            view! {
                <li class=look.class()>
                    <span class="visually-hidden">{look.prefix()}</span>
                    {text}
                </li>
            }
        })
    }
}

/// How a status line shows its state.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Look {
    Ok,
    Incomplete,
    /// Does not add up, and the user has asked for 「检查报告」.
    Error,
    /// Does not add up while drafting: neutral, not yet an error.
    Mismatch,
}

impl Look {
    fn of(state: LineState, checked: bool) -> Self {
        match state {
            LineState::Ok => Self::Ok,
            LineState::Incomplete => Self::Incomplete,
            LineState::Mismatch if checked => Self::Error,
            LineState::Mismatch => Self::Mismatch,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Self::Ok => "status ok",
            Self::Incomplete => "status incomplete",
            Self::Error => "status error",
            Self::Mismatch => "status mismatch",
        }
    }

    /// Said before the line by a screen reader (the colour is not).
    fn prefix(self) -> &'static str {
        match self {
            Self::Ok => "相符：",
            Self::Incomplete => "未填完：",
            Self::Error => "错误：",
            Self::Mismatch => "不相符：",
        }
    }
}

/// The live cross-cell sums under a table.
#[component]
fn StatusLines(section: SectionId) -> impl IntoView {
    let editor = expect_context::<Editor>();
    let has_last = Memo::new(move |_| editor.last_year.with(Option::is_some));
    view! {
        <ul class="status-lines">
            {move || {
                line_ids(section, has_last.get())
                    .into_iter()
                    .map(|id| view! { <StatusLineItem id=id /> })
                    .collect_view()
            }}
        </ul>
    }
}

#[component]
pub fn Table2() -> impl IntoView {
    let blocks = T2_BLOCKS
        .iter()
        .enumerate()
        .map(|(b, block)| {
            let single = block.columns.len() == 1;
            let span = if single { 3 } else { 1 };
            let header = block
                .columns
                .iter()
                .map(|c| view! { <th scope="col" colspan=span>{*c}</th> })
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
                        .map(|c| view! { <td colspan=span><Cell id=CellId::T2(c) /></td> })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row" class="row-label">{*label}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <tbody>
                    <tr class="block-head">
                        <th colspan="4" scope="colgroup">{block.label}</th>
                    </tr>
                    <tr class="col-head">
                        <th scope="col" class="row-label">{T2_CONTENT_HEADER}</th>
                        {header}
                    </tr>
                    {rows}
                </tbody>
            }
        })
        .collect_view();
    view! {
        <TableBox section=SectionId::Proactive>
            <table class="report-table t2">
                {blocks}
            </table>
        </TableBox>
    }
}

/// The label cells of one row of table 三 (up to three columns: the
/// 「三、本年度办理结果」 group, the （三）–（六） sub-group, the row).
fn t3_labels(row: T3Row) -> impl IntoView {
    let first_result = row == T3Row::Disclosed;
    let group = first_result.then(|| {
        let span = T3Row::ALL.iter().filter(|r| r.in_results()).count();
        view! {
            <th rowspan=span scope="rowgroup" class="lbl lbl-a vgroup">
                {T3_RESULTS_GROUP}
            </th>
        }
    });
    let own = match row.sub_group() {
        Some(g) => {
            let first = g.rows().next() == Some(row);
            let sub = first.then(|| {
                view! {
                    <th rowspan=g.rows().count() scope="rowgroup" class="lbl lbl-b">
                        {g.label()}
                    </th>
                }
            });
            view! {
                {sub}
                <th scope="row" class="lbl lbl-c">{row.label()}</th>
            }
            .into_any()
        }
        None if row.in_results() => {
            view! { <th scope="row" colspan="2" class="lbl lbl-b lbl-c">{row.label()}</th> }
                .into_any()
        }
        None => view! { <th scope="row" colspan="3" class="lbl lbl-a lbl-c">{row.label()}</th> }
            .into_any(),
    };
    view! { {group} {own} }
}

#[component]
pub fn Table3() -> impl IntoView {
    let org_headers = T3Col::ALL
        .into_iter()
        .filter(|c| c.is_org())
        .map(|c| view! { <th scope="col">{c.label()}</th> })
        .collect_view();
    let rows = T3Row::ALL
        .into_iter()
        .map(|row| {
            let cells = T3Col::ALL
                .into_iter()
                .map(|col| {
                    let computed = CellId::T3(row, col).is_computed();
                    view! {
                        <td class:computed=computed>
                            <Cell id=CellId::T3(row, col) />
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr class:total-row=row == T3Row::Total>
                    {t3_labels(row)}
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <TableBox section=SectionId::Requests>
            <table class="report-table t3">
                // Fixed column widths, so the sticky label columns know
                // their offsets (style/main.css: --la, --lb, --lc).
                <colgroup>
                    <col class="col-a" />
                    <col class="col-b" />
                    <col class="col-c" />
                    {T3Col::ALL.map(|_| view! { <col class="col-data" /> }).to_vec()}
                </colgroup>
                <thead>
                    <tr>
                        <th rowspan="3" colspan="3" class="corner">{T3_CORNER}</th>
                        <th colspan="7" scope="colgroup">{T3_APPLICANTS}</th>
                    </tr>
                    <tr>
                        <th rowspan="2" scope="col">{T3Col::Natural.label()}</th>
                        <th colspan="5" scope="colgroup">{T3_ORGS}</th>
                        <th rowspan="2" scope="col">{T3Col::Total.label()}</th>
                    </tr>
                    <tr>{org_headers}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </TableBox>
    }
}

#[component]
pub fn Table4() -> impl IntoView {
    let review_heads = T4Col::ALL
        .into_iter()
        .map(|c| view! { <th rowspan="2" scope="col">{c.label()}</th> })
        .collect_view();
    let suit_groups = [T4Group::DirectSuit, T4Group::SuitAfterReview];
    let suit_group_heads = suit_groups
        .into_iter()
        .map(|g| view! { <th colspan="5" scope="colgroup">{g.label()}</th> })
        .collect_view();
    let suit_heads = suit_groups
        .into_iter()
        .flat_map(|_| T4Col::ALL)
        .map(|c| view! { <th scope="col">{c.label()}</th> })
        .collect_view();
    let cells = T4Group::ALL
        .into_iter()
        .flat_map(|g| T4Col::ALL.into_iter().map(move |c| CellId::T4(g, c)))
        .map(|id| view! { <td class:computed=id.is_computed()><Cell id=id /></td> })
        .collect_view();
    view! {
        <TableBox section=SectionId::Review>
            <table class="report-table t4">
                <thead>
                    <tr>
                        <th colspan="5" scope="colgroup">{T4_REVIEW}</th>
                        <th colspan="10" scope="colgroup">{T4_LITIGATION}</th>
                    </tr>
                    <tr>{review_heads} {suit_group_heads}</tr>
                    <tr>{suit_heads}</tr>
                </thead>
                <tbody>
                    <tr>{cells}</tr>
                </tbody>
            </table>
        </TableBox>
    }
}

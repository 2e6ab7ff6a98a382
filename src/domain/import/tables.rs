//! Reading tables 二, 三 and 四 from a table's segments (see `tokens`):
//! label text, then the values printed after it. A segment's values belong
//! to the last row label in its text, so only the order of labels and
//! values counts, not where lines break:
//!
//! ```text
//! （六）其            ┐
//! 他处理              │ label text: 「（六）其他处理1、申请人无正当理由逾期不补正、
//! 1、申请人无正当…     │ 行政机关不再处理其政府信息公开申请」 → （六）1
//! 息公开申请          ┘
//! 67 3 0 0 1 0 71      values
//! ```
//!
//! A row's values must fill its columns exactly; blank cells beyond the
//! columns are trimmed at the ends (web pages add an empty cell at a row's
//! end, and a label spanning two columns leaves one before the numbers).
//! Digits with fewer separators than columns are a *run*, split by the
//! rules (`split`): each row's own rule, table 三's column rules over all
//! its runs at once, and the numbers 一、总体情况 states for what the rules
//! leave open. Anything else is not guessed at: its cells are reported
//! unreadable with the reason.
//!
//! A number's place must be certain. In table 三, when the label of the
//! next row is missing (lost in a PDF or OCR conversion) the numbers
//! before it may be that row's, so they are not taken.

use std::collections::BTreeMap;

use super::labels::{
    self, T2Col, T2Label, T2Row, T3Label, T4Label, T2_LEGACY_COLUMNS, T2_LEGACY_ROWS,
};
use super::split::{self, Candidates, Equation, Fallback, PrefixRule, Run};
use super::tokens::{printed, Segment, Segments, MAX_SEGMENTS};
use super::{name_in_row, row_place, AmbiguousRow, Builder};
use crate::domain::format::{
    CellId, T2Cell, T3Col, T3Row, T3SubGroup, T4Col, T4Group, T2_BLOCKS, T3_RESULTS_GROUP,
};
use crate::domain::number::parse_count;

/// The longest label text (characters) looked at for a misprinted row
/// label: table 三's header with one row label.
const MAX_LABEL_RUN: usize = 200;

/// The most candidate splits an ambiguous row lists.
pub const MAX_LISTED: usize = 50;

// Reasons for unreadable cells.
const BLANK_CELL: &str = "原表此格为空";
const NO_NUMBERS: &str = "原表此行没有数字";
const ROW_NOT_FOUND: &str = "原表中未找到此行";
const T2_ORDER_UNCLEAR: &str = "原表此处数字与行名的先后不一致，无法确定所属的行";

impl Segments {
    /// The segments for `table` (「表三」) to read; a region cut short is
    /// noted, so the user knows that rows may be missing.
    fn for_table(&self, table: &str, b: &mut Builder) -> &[Segment] {
        if self.truncated {
            b.note(format!(
                "{table}所在部分内容过多，只读取了前{MAX_SEGMENTS}段"
            ));
        }
        &self.list
    }
}

/// How a row's cells fit its columns.
enum Fit {
    /// One cell per column (`None` = blank).
    Exact(Vec<Option<String>>),
    /// Fewer cells than columns.
    Short(Vec<Option<String>>),
    /// More cells than columns: how many.
    Long(usize),
}

fn fit(cells: &[Option<String>], n: usize) -> Fit {
    let (mut s, mut e) = (0, cells.len());
    // Trailing blanks first: a row copied from a web page ends with one.
    while e - s > n && cells[e - 1].is_none() {
        e -= 1;
    }
    while e - s > n && cells[s].is_none() {
        s += 1;
    }
    let v = cells[s..e].to_vec();
    match v.len() {
        l if l == n => Fit::Exact(v),
        l if l > n => Fit::Long(l),
        _ => Fit::Short(v),
    }
}

/// A row's printed cells, sorted out before any rule is applied.
enum RowText {
    /// No value at all.
    Empty,
    /// One value or blank per column.
    Cells(Vec<Option<String>>),
    /// Digits with fewer separators than columns, to be split.
    Run(Vec<String>),
    /// The values cannot be placed: why.
    Unfit(String),
}

fn classify(cells: &[Option<String>], n: usize) -> RowText {
    if cells.iter().all(Option::is_none) {
        return RowText::Empty;
    }
    match fit(cells, n) {
        Fit::Exact(v) => RowText::Cells(v),
        Fit::Long(k) => RowText::Unfit(format!(
            "原表此行有{k}个数，多于应有的{n}个，无法确定各数所在的列"
        )),
        Fit::Short(v) => {
            let k = v.iter().filter(|c| c.is_some()).count();
            let tokens: Option<Vec<String>> = v.iter().map(Clone::clone).collect();
            let digits: usize = v.iter().flatten().map(|t| t.chars().count()).sum();
            match tokens {
                Some(t) if digits >= n && t.iter().all(|t| split::digits_of(t).is_some()) => {
                    RowText::Run(t)
                }
                _ => RowText::Unfit(format!(
                    "原表此行只有{k}个数，应有{n}个，无法确定各数所在的列"
                )),
            }
        }
    }
}

/// A run waiting for the table's rules.
struct PendingRun {
    ids: Vec<CellId>,
    printed: String,
    candidates: Candidates,
    /// The row's own rule, for messages.
    rule_text: &'static str,
}

/// What a table's rows gave, before its runs are settled.
#[derive(Default)]
struct Rows {
    runs: Vec<PendingRun>,
}

impl Rows {
    /// Reads a row's printed cells into `ids`: values into their cells, a
    /// run kept for `settle`, anything else refused (cells unreadable and
    /// a note). False when nothing could be read.
    fn read(
        &mut self,
        b: &mut Builder,
        ids: &[CellId],
        cells: &[Option<String>],
        rule: PrefixRule<'_>,
        rule_text: &'static str,
    ) -> bool {
        match classify(cells, ids.len()) {
            RowText::Empty => {
                for id in ids {
                    b.unreadable(*id, NO_NUMBERS);
                }
                false
            }
            RowText::Cells(v) => {
                for (id, c) in ids.iter().zip(&v) {
                    match c {
                        Some(t) => b.put(*id, t),
                        None => b.unreadable(*id, BLANK_CELL),
                    }
                }
                true
            }
            RowText::Run(tokens) => {
                let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
                self.runs.push(PendingRun {
                    ids: ids.to_vec(),
                    printed: tokens.join(" "),
                    candidates: split::candidates(&refs, ids.len(), rule),
                    rule_text,
                });
                true
            }
            RowText::Unfit(reason) => {
                refuse(b, ids, cells, &reason);
                false
            }
        }
    }

    /// Settles the runs with the table's equations and the text's numbers,
    /// and puts what is certain into the report.
    fn settle(self, b: &mut Builder, rules: &[Equation], stated: &[Equation], table: &str) {
        if self.runs.is_empty() {
            return;
        }
        // Every number read so far in these tables (and the other runs'
        // cells are the unknowns).
        let known: BTreeMap<CellId, u64> = CellId::all()
            .filter_map(|id| Some((id, parse_count(b.report.cell(id)).ok()??)))
            .collect();
        let listable: Vec<Run> = self
            .runs
            .iter()
            .map(|p| Run {
                cells: p.ids.clone(),
                candidates: match &p.candidates {
                    Candidates::List(l) => l.clone(),
                    // Too many to search: a cell of the table's equations
                    // that is simply unknown.
                    Candidates::TooMany => Vec::new(),
                },
            })
            .collect();
        // Runs with too many candidates are left out of the search, so
        // the equations with their cells are not used.
        let searched: Vec<usize> = (0..listable.len())
            .filter(|&i| matches!(self.runs[i].candidates, Candidates::List(_)))
            .collect();
        let runs: Vec<Run> = searched.iter().map(|&i| listable[i].clone()).collect();
        let (settled, fallback) = split::settle(&runs, &known, rules, stated);
        match fallback {
            Fallback::None => {}
            Fallback::Contradiction => b.note(format!(
                "{table}中读到的数字不满足各列的勾稽关系（原表可能有误），连在一起的数字只按各行自身的合计拆分"
            )),
            Fallback::TooHard => b.note(format!(
                "{table}中连在一起的数字组合太多，只按各行自身的合计拆分"
            )),
        }
        let mut settled_iter = settled.into_iter();
        for (i, p) in self.runs.into_iter().enumerate() {
            let s = if searched.contains(&i) {
                settled_iter.next()
            } else {
                None
            };
            apply_run(b, p, s);
        }
    }
}

/// Puts a settled run into the report and says what was done.
fn apply_run(b: &mut Builder, p: PendingRun, s: Option<split::Settled>) {
    let place = row_place(&p.ids);
    let cell_reason = format!("原表此行的数字连在一起（「{}」），无法唯一拆分", p.printed);
    let Some(s) = s else {
        for id in &p.ids {
            b.unreadable(*id, cell_reason.as_str());
        }
        b.ambiguous.push(AmbiguousRow {
            cells: p.ids,
            printed: p.printed,
            reason: "可能的拆分太多，无法确定".to_owned(),
            candidates: Vec::new(),
            more: 0,
            chosen: None,
        });
        return;
    };
    // The table's equations only count when the row's own rule left
    // several splits.
    let row_splits = match &p.candidates {
        Candidates::List(l) => l.len(),
        Candidates::TooMany => usize::MAX,
    };
    let rules = if p.rule_text.is_empty() {
        // Table 二: only the number of digits decides.
        "数字的位数".to_owned()
    } else if s.joint && row_splits > 1 {
        format!("{}和各列的勾稽关系", p.rule_text)
    } else {
        p.rule_text.to_owned()
    };
    let show = |v: &[u64]| v.iter().map(u64::to_string).collect::<Vec<_>>().join(" ");
    let determined = s.values.iter().all(Option::is_some);
    for (id, v) in p.ids.iter().zip(&s.values) {
        match v {
            Some(v) => b.put(*id, &v.to_string()),
            None => b.unreadable(*id, cell_reason.as_str()),
        }
    }
    let text_cells: Vec<CellId> = p
        .ids
        .iter()
        .zip(&s.from_text)
        .filter(|(_, t)| **t)
        .map(|(id, _)| *id)
        .collect();
    if determined {
        let parts: Vec<u64> = s.values.iter().flatten().copied().collect();
        if text_cells.is_empty() {
            b.note(format!(
                "{place}：数字连在一起印为「{}」，按{rules}只有一种拆分，已拆为「{}」，请核对",
                p.printed,
                show(&parts)
            ));
        } else {
            b.note(format!(
                "{place}：数字连在一起印为「{}」，按{rules}有多种拆分，按「一、总体情况」中所述的数字拆为「{}」，请核对",
                p.printed,
                show(&parts)
            ));
        }
        b.settled.extend(text_cells);
        return;
    }
    let partly: Vec<String> = p
        .ids
        .iter()
        .zip(&s.values)
        .filter_map(|(id, v)| Some(format!("{} {}", name_in_row(*id), (*v)?)))
        .collect();
    if !partly.is_empty() {
        b.note(format!(
            "{place}：数字连在一起印为「{}」，有多种拆分，其中{}在各种拆分中都相同，已填入，其余留空",
            p.printed,
            partly.join("，")
        ));
    }
    b.settled.extend(text_cells);
    let reason = if p.rule_text.is_empty() {
        "表二没有可用于核对的合计关系，无法确定如何拆分".to_owned()
    } else if s.candidates.is_empty() {
        format!("没有一种拆分满足{rules}")
    } else {
        format!("有多种拆分都满足{rules}")
    };
    let more = s.candidates.len().saturating_sub(MAX_LISTED);
    b.ambiguous.push(AmbiguousRow {
        cells: p.ids,
        printed: p.printed,
        reason,
        candidates: s
            .candidates
            .iter()
            .take(MAX_LISTED)
            .map(|c| c.iter().map(u64::to_string).collect())
            .collect(),
        more,
        chosen: None,
    });
}

/// Refuses a row whose numbers fit no column: the row is not guessed at,
/// and what was printed is kept in a note for the user to place.
fn refuse(b: &mut Builder, ids: &[CellId], cells: &[Option<String>], reason: &str) {
    for id in ids {
        b.unreadable(*id, reason);
    }
    b.note(format!(
        "{}：印有「{}」，{reason}",
        row_place(ids),
        printed(cells)
    ));
}

// ---------------------------------------------------------------------------
// Table 三
// ---------------------------------------------------------------------------

#[derive(Debug, PartialEq, Eq)]
enum RowState {
    Read,
    /// Found, but no number could be placed (reasons recorded per cell).
    Unread,
    /// Its label appeared without numbers after it.
    NoNumbers,
}

fn t3_ids(row: T3Row) -> Vec<CellId> {
    T3Col::ALL.iter().map(|&c| CellId::T3(row, c)).collect()
}

const T3_ROW_RULE: &str = "“总计＝各类申请人之和”";

/// Table 三's labels in printed order, group labels included.
fn t3_chain() -> Vec<T3Label> {
    let mut out = vec![
        T3Label::Row(T3Row::New),
        T3Label::Row(T3Row::CarriedIn),
        T3Label::Results,
    ];
    let mut group = None;
    for row in T3Row::ALL.into_iter().filter(|r| r.in_results()) {
        if row.sub_group() != group {
            group = row.sub_group();
            if let Some(g) = group {
                out.push(T3Label::Group(g));
            }
        }
        out.push(T3Label::Row(row));
    }
    out.push(T3Label::Row(T3Row::CarriedOver));
    out
}

/// Table 三's column rules: per column, 一＋二＝（七）＋四 and （七）＝ the
/// sum of the results.
pub(crate) fn t3_equations() -> Vec<Equation> {
    let mut eqs = Vec::new();
    for col in T3Col::ALL {
        let c = |r| CellId::T3(r, col);
        eqs.push(Equation::balance(
            &[c(T3Row::New), c(T3Row::CarriedIn)],
            &[c(T3Row::Total), c(T3Row::CarriedOver)],
        ));
        let results: Vec<CellId> = T3Row::results().map(c).collect();
        eqs.push(Equation::balance(&[c(T3Row::Total)], &results));
    }
    eqs
}

/// The segment's label that counts for the order of rows: its last row
/// label, else its last group label.
fn main_label(found: &[labels::Found<T3Label>]) -> Option<T3Label> {
    found
        .iter()
        .rev()
        .find(|f| matches!(f.target, T3Label::Row(_)))
        .or(found.last())
        .map(|f| f.target)
}

/// Rows whose label a conversion misprinted (「4.保护第三方合法杈益」) or
/// wrapped around the numbers (「5.要求行政机关确认或重新出 1 0 0 0 0 0 1 具已
/// 获取信息」): a segment with numbers and no row label whose label text
/// ends like one row's label with a character or two wrong, or with a
/// piece of one row's label (`labels::t3_row_piece`), is read as that row
/// when it stands where that row belongs: after the row before it and
/// before the row after it, both found exactly.
fn misprinted_rows(
    b: &mut Builder,
    segs: &[Segment],
    found: &mut [Vec<labels::Found<T3Label>>],
    order: &dyn Fn(T3Label) -> usize,
) {
    let row_of = |f: &[labels::Found<T3Label>]| {
        f.iter().rev().find_map(|x| match x.target {
            T3Label::Row(r) => Some(r),
            _ => None,
        })
    };
    let exact: Vec<Option<T3Row>> = found.iter().map(|f| row_of(f)).collect();
    // A table has 25 rows: more attempts than this is junk, not worth the
    // comparisons.
    let mut attempts = 0;
    for (i, seg) in segs.iter().enumerate() {
        if seg.values() == 0 {
            continue;
        }
        // The label text after the last label found exactly: a label must
        // be there for these numbers (「…3.危及…4.保护第三方合法杈益 0 0」),
        // with at most a header before it.
        let from = found[i].last().map_or(0, |f| f.end);
        let rest = &seg.label[from..];
        let n = rest.chars().count();
        if !(4..=MAX_LABEL_RUN).contains(&n) || attempts >= 2 * T3Row::ALL.len() {
            continue;
        }
        attempts += 1;
        // Misprinted, else wrapped: the numbers after a piece of the label.
        let (row, misprinted) = match labels::t3_row_near(rest) {
            Some(row) => (row, true),
            None => match labels::t3_row_piece(rest) {
                Some(row) => (row, false),
                None => continue,
            },
        };
        let here = order(T3Label::Row(row));
        let before = exact[..=i].iter().flatten().next_back();
        let after = exact[i + 1..].iter().flatten().next();
        let fits = before.is_none_or(|r| order(T3Label::Row(*r)) < here)
            && after.is_none_or(|r| order(T3Label::Row(*r)) > here)
            && !exact.contains(&Some(row));
        if !fits {
            continue;
        }
        let (printed, label) = (seg.raw_tail(), row.full_label());
        let note = if misprinted {
            format!("表三中「{printed}」与「{label}」只差一两个字，已按此行读取，请核对")
        } else {
            format!(
                "表三中「{printed}」之后的数字「{}」按「{label}」行读取（行名被数字隔开），请核对",
                seg.printed()
            )
        };
        b.note(note);
        found[i].push(labels::Found {
            start: seg.label.len(),
            end: seg.label.len(),
            target: T3Label::Row(row),
        });
    }
}

/// A row of numbers before table 三's first row name, and none after its
/// last: the numbers are printed before their rows' names (a PDF as text
/// boxes, a copy column by column), and each name's numbers after it would
/// be the next row's. No number of the table is placed then; its cells are
/// listed with the reason. True when so.
fn numbers_before_names(
    b: &mut Builder,
    segs: &[Segment],
    found: &[Vec<labels::Found<T3Label>>],
) -> bool {
    let row_in = |f: &Vec<labels::Found<T3Label>>| {
        f.iter().find_map(|x| match x.target {
            T3Label::Row(r) => Some(r),
            _ => None,
        })
    };
    let (Some(first), Some(last)) = (
        found.iter().position(|f| row_in(f).is_some()),
        found.iter().rposition(|f| row_in(f).is_some()),
    ) else {
        return false;
    };
    let n = T3Col::ALL.len();
    let early = segs[..first]
        .iter()
        .find(|s| matches!(classify(&s.cells, n), RowText::Cells(_) | RowText::Run(_)));
    let Some(early) = early else {
        return false;
    };
    if segs[last..].iter().any(|s| s.values() > 0) {
        return false;
    }
    let first_row = row_in(&found[first])
        .map(T3Row::full_label)
        .unwrap_or_default();
    let reason = "数字可能都印在各自行名之前，无法确定所属的行";
    b.note(format!(
        "表三中「{first_row}」之前印有数字「{}」：{reason}，表三未导入",
        early.printed()
    ));
    for row in T3Row::ALL {
        for id in t3_ids(row) {
            b.unreadable(id, reason);
        }
    }
    true
}

pub(crate) fn read_t3(segs: &Segments, b: &mut Builder, stated: &[Equation]) {
    let segs = segs.for_table("表三", b);
    let m = labels::t3_matcher();
    let chain = t3_chain();
    let order = |l: T3Label| chain.iter().position(|x| *x == l).unwrap_or(0);
    let mut state: BTreeMap<T3Row, RowState> = BTreeMap::new();
    let mut found: Vec<Vec<labels::Found<T3Label>>> =
        segs.iter().map(|s| m.find_all(&s.label)).collect();
    misprinted_rows(b, segs, &mut found, &order);
    if numbers_before_names(b, segs, &found) {
        return;
    }
    // The label each segment's values belong to, for the order check: a
    // row label, or a group label printed with numbers (the 2019 format's
    // single （六） row, or a subtotal).
    let mains: Vec<Option<T3Label>> = found
        .iter()
        .zip(segs)
        .map(|(f, s)| main_label(f).filter(|l| matches!(l, T3Label::Row(_)) || s.values() > 0))
        .collect();
    // The first label of each segment that counts for the order check: a
    // row label, or the group label of a row of numbers.
    let firsts: Vec<Option<T3Label>> = found
        .iter()
        .zip(&mains)
        .map(|(f, main)| {
            f.iter()
                .map(|x| x.target)
                .find(|l| matches!(l, T3Label::Row(_)))
                .or(*main)
        })
        .collect();
    // Rows with numbers, with their segment, read after the order check.
    let mut taken: Vec<(T3Row, usize)> = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        let rows: Vec<T3Row> = found[i]
            .iter()
            .filter_map(|f| match f.target {
                T3Label::Row(r) => Some(r),
                _ => None,
            })
            .collect();
        let has_values = seg.values() > 0;
        if let Some((&row, earlier)) = rows.split_last() {
            for r in earlier {
                state.entry(*r).or_insert(RowState::NoNumbers);
            }
            // Read once: a second copy of a row is noted, not read again
            // (which also bounds the work of splitting run-together digits).
            if matches!(state.get(&row), Some(RowState::Read | RowState::Unread)) {
                if has_values {
                    b.note(format!(
                        "表三「{}」行出现了两次，只读取了第一次，第二次的数字「{}」未导入",
                        row.full_label(),
                        seg.printed()
                    ));
                }
                continue;
            }
            if has_values {
                taken.push((row, i));
                state.insert(row, RowState::Read);
            } else {
                for id in t3_ids(row) {
                    b.unreadable(id, NO_NUMBERS);
                }
                state.insert(row, RowState::Unread);
            }
            continue;
        }
        if !has_values {
            continue;
        }
        match found[i].last().map(|f| f.target) {
            Some(T3Label::Group(T3SubGroup::OtherHandling)) => {
                legacy_other(b, seg, &mut state);
            }
            Some(T3Label::Group(g)) => b.note(format!(
                "表三「{}」行印有数字「{}」；2021年格式没有这一小计行，未导入",
                g.label(),
                seg.printed()
            )),
            Some(T3Label::Results) => b.note(format!(
                "表三「{T3_RESULTS_GROUP}」行印有数字「{}」；2021年格式没有这一小计行，未导入",
                seg.printed()
            )),
            Some(T3Label::Row(_)) | None => b.note(format!(
                "表三中「{}」之后的数字「{}」对应不到任何一行，未导入",
                seg.raw_tail(),
                seg.printed()
            )),
        }
    }
    let mut rows = Rows::default();
    for &(row, i) in &taken {
        // The next label with numbers after this row's: a data row skipped
        // in between lost its label, and these numbers may be its.
        let next = firsts[i + 1..].iter().flatten().next().copied();
        let here = order(T3Label::Row(row));
        let skipped = match next {
            Some(l) if order(l) > here => chain[here + 1..order(l)].iter().find_map(|l| match l {
                T3Label::Row(r) => Some(*r),
                _ => None,
            }),
            Some(_) => None,
            None => chain[here + 1..].iter().find_map(|l| match l {
                T3Label::Row(r) if !state.contains_key(r) => Some(*r),
                _ => None,
            }),
        };
        let ids = t3_ids(row);
        if let Some(lost) = skipped {
            let reason = format!(
                "原表中下一行「{}」的标签缺失，此处的数字可能属于那一行，位置无法确定",
                lost.label()
            );
            refuse(b, &ids, &segs[i].cells, &reason);
            state.insert(row, RowState::Unread);
            continue;
        }
        if !rows.read(b, &ids, &segs[i].cells, &split::t3_row_rule, T3_ROW_RULE) {
            state.insert(row, RowState::Unread);
        }
    }
    rows.settle(b, &t3_equations(), stated, "表三");
    for row in T3Row::ALL {
        let reason = match state.get(&row) {
            Some(RowState::Read | RowState::Unread) => continue,
            Some(RowState::NoNumbers) => NO_NUMBERS,
            None => ROW_NOT_FOUND,
        };
        for id in t3_ids(row) {
            b.unreadable(id, reason);
        }
    }
}

/// The 2019 format's single 「（六）其他处理」 row, in a report otherwise in
/// the 2021 format. The 2021 format splits it into （六）1–3.
///
/// Zero in the single row means zero in each of its parts, so each part
/// gets 0 (the same as the hand-typed fixtures). A non-zero number cannot be
/// split without inventing data: （六）1–3 stay empty and unreadable, the
/// printed numbers are kept in a note, and the stated （七）总计 still
/// includes them — so T3-SUM reports the difference until the user has
/// split the number over （六）1–3.
fn legacy_other(b: &mut Builder, seg: &Segment, state: &mut BTreeMap<T3Row, RowState>) {
    let rows = [T3Row::Other1, T3Row::Other2, T3Row::Other3];
    if rows.iter().any(|r| state.get(r) == Some(&RowState::Read)) {
        b.note(format!(
            "表三既有（六）1–3各行，又有单行「{}」（「{}」），只导入了各行",
            T3SubGroup::OtherHandling.label(),
            seg.printed()
        ));
        return;
    }
    // （六）1–3 left empty, since the single row cannot be read into them.
    let unread = |b: &mut Builder, state: &mut BTreeMap<T3Row, RowState>, reason: &str| {
        for r in rows {
            for id in t3_ids(r) {
                b.unreadable(id, reason);
            }
            state.insert(r, RowState::Unread);
        }
    };
    let label = T3SubGroup::OtherHandling.label();
    let values = match classify(&seg.cells, T3Col::ALL.len()) {
        RowText::Cells(v) => Some(v),
        // Run together: taken when exactly one split adds up.
        RowText::Run(tokens) => {
            let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
            match split::candidates(&refs, T3Col::ALL.len(), &split::t3_row_rule) {
                Candidates::List(l) if l.len() == 1 => {
                    Some(l[0].iter().map(|v| Some(v.to_string())).collect())
                }
                _ => None,
            }
        }
        _ => None,
    };
    let Some(values) = values else {
        unread(
            b,
            state,
            &format!("原表为2019年格式的单行「{label}」，且数字个数不对，无法读取"),
        );
        b.note(format!(
            "表三「{label}」为单行，印有「{}」，数字个数不对，未导入",
            seg.printed()
        ));
        return;
    };
    let all_zero = values
        .iter()
        .all(|v| v.as_deref().is_some_and(|t| parse_count(t) == Ok(Some(0))));
    if all_zero {
        for r in rows {
            for (id, v) in t3_ids(r).into_iter().zip(&values) {
                b.put(id, v.as_deref().unwrap_or("0"));
            }
            state.insert(r, RowState::Read);
        }
        b.note(format!(
            "表三「{label}」为2019年格式的单行，各数均为0；2021年格式分为（六）1–3三项，已在三项中都填0"
        ));
        return;
    }
    unread(
        b,
        state,
        &format!("原表为2019年格式的单行「{label}」，无法拆分到1–3项"),
    );
    let listed: Vec<String> = T3Col::ALL
        .iter()
        .zip(&values)
        .map(|(c, v)| format!("{} {}", c.label(), v.as_deref().unwrap_or("空")))
        .collect();
    b.note(format!(
        "表三「{label}」为2019年格式的单行，印有：{}。2021年格式分为（六）1–3三项，无法确定如何拆分，三项已留空，请按实际情况填写；（七）总计仍按原表",
        listed.join("，")
    ));
}

// ---------------------------------------------------------------------------
// Table 二
// ---------------------------------------------------------------------------

/// The 2021 row a table-二 row stands for, if any.
fn t2_current_row(row: T2Row) -> Option<&'static str> {
    match row {
        T2Row::Current(r) => Some(r),
        T2Row::Legacy(r) => T2_LEGACY_ROWS
            .iter()
            .find(|(l, _)| *l == r)
            .and_then(|(_, current)| *current),
    }
}

/// The 2021 column a table-二 column stands for, if any.
fn t2_current_col(col: T2Col) -> Option<&'static str> {
    match col {
        T2Col::Current(c) => Some(c),
        T2Col::Legacy(c) => T2_LEGACY_COLUMNS
            .iter()
            .find(|(l, _)| *l == c)
            .and_then(|(_, current)| *current),
    }
}

fn col_label(col: T2Col) -> &'static str {
    match col {
        T2Col::Current(c) | T2Col::Legacy(c) => c,
    }
}

/// A table-二 row as found: the header's columns when it was found, and
/// the segment whose values follow its label directly, if any.
struct T2Entry<'a> {
    row: T2Row,
    cols: Vec<T2Col>,
    own: Option<&'a Segment>,
}

/// A block of table 二 (「第二十条第（一）项」 and its rows) as found.
#[derive(Default)]
struct T2Block<'a> {
    /// 「第二十条第（一）项」; empty before the first block's name.
    label: &'static str,
    /// Values printed after the block's header and before its first row
    /// label: the layout of a PDF turned into text boxes or copied column
    /// by column, where a row's numbers come before its name.
    before: Option<&'a Segment>,
    rows: Vec<T2Entry<'a>>,
}

impl T2Block<'_> {
    /// Numbers before the first row's name and after every other row's
    /// name but the last's: the whole block printed numbers first.
    fn reads_reversed(&self) -> bool {
        self.before.is_some()
            && self.rows.split_last().is_some_and(|(last, others)| {
                last.own.is_none() && others.iter().all(|e| e.own.is_some())
            })
    }

    /// Nothing before the first row's name and numbers after it: the block
    /// printed names first.
    fn reads_forward(&self) -> bool {
        self.before.is_none() && self.rows.first().is_some_and(|e| e.own.is_some())
    }
}

pub(crate) fn read_t2(segs: &Segments, b: &mut Builder) {
    let segs = segs.for_table("表二", b);
    let m = labels::t2_matcher();
    // First the table as found, block by block; then the values placed.
    // The columns of the header read last, and whether a row has been read
    // since (a new header then replaces it instead of extending it).
    let mut cols: Vec<T2Col> = Vec::new();
    let mut header_open = false;
    let mut blocks: Vec<T2Block> = vec![T2Block::default()];
    for seg in segs {
        let found = m.find_all(&seg.label);
        for f in &found {
            match f.target {
                T2Label::Block(block) => {
                    cols.clear();
                    header_open = false;
                    if block.is_none() {
                        b.legacy();
                    }
                    blocks.push(T2Block {
                        label: block
                            .and_then(|i| T2_BLOCKS.get(i))
                            .map_or("第二十条第（九）项", |bl| bl.label),
                        ..T2Block::default()
                    });
                }
                T2Label::Col(c) => {
                    if !header_open {
                        cols.clear();
                        header_open = true;
                    }
                    cols.push(c);
                }
                T2Label::Row(row) => {
                    header_open = false;
                    if let Some(block) = blocks.last_mut() {
                        block.rows.push(T2Entry {
                            row,
                            cols: cols.clone(),
                            own: None,
                        });
                    }
                }
            }
        }
        // 「（单位：万元，保留 4 位小数）」: the 4 is part of the header.
        let decimals_header = seg.label.ends_with("保留") && seg.values() == 1;
        if seg.values() == 0 || decimals_header {
            continue;
        }
        // The values belong to the last label before them. After a row's
        // label they are that row's; after a header (a block's name or its
        // columns, even where a row's name came first) they belong to no
        // row yet; so do values after words the matcher does not know
        // inside a header (「位小数）」).
        let in_header = blocks.len() > 1;
        let block = blocks.last_mut();
        match (found.last().map(|f| &f.target), block) {
            (Some(T2Label::Row(_)), Some(block)) => {
                if let Some(entry) = block.rows.last_mut() {
                    entry.own = Some(seg);
                }
            }
            (None | Some(T2Label::Block(_) | T2Label::Col(_)), Some(block))
                if in_header && block.rows.is_empty() && block.before.is_none() =>
            {
                block.before = Some(seg);
            }
            _ => b.note(format!(
                "表二中「{}」之后的数字「{}」对应不到任何一行，未导入",
                seg.raw_tail(),
                seg.printed()
            )),
        }
    }
    // Numbers before names only when a block of several rows shows it and
    // no block shows the usual order.
    let reversed = blocks
        .iter()
        .any(|bl| bl.rows.len() > 1 && bl.reads_reversed())
        && !blocks.iter().any(T2Block::reads_forward);
    let mut runs = Rows::default();
    let mut state: BTreeMap<T2Cell, RowState> = BTreeMap::new();
    for block in &blocks {
        let Some(placed) = t2_placed(block, reversed, b) else {
            for cell in block
                .rows
                .iter()
                .filter_map(|e| t2_current_row(e.row))
                .flat_map(|cur| {
                    T2Cell::ALL
                        .into_iter()
                        .filter(move |c| c.row_label() == cur)
                })
            {
                // A row read in full elsewhere (printed twice) stays read.
                if !matches!(state.get(&cell), Some(RowState::Read)) {
                    b.unreadable(CellId::T2(cell), T2_ORDER_UNCLEAR);
                    state.insert(cell, RowState::Unread);
                }
            }
            continue;
        };
        for (entry, values) in placed {
            match values {
                Some(seg) => read_t2_row(b, entry.row, &entry.cols, seg, &mut state, &mut runs),
                None => {
                    if let Some(cur) = t2_current_row(entry.row) {
                        for cell in T2Cell::ALL.iter().filter(|c| c.row_label() == cur) {
                            state.entry(*cell).or_insert(RowState::NoNumbers);
                        }
                    }
                }
            }
        }
    }
    // Table 二 has no sum rule: a run splits only when the digits allow
    // one split.
    runs.settle(b, &[], &[], "表二");
    for cell in T2Cell::ALL {
        let reason = match state.get(&cell) {
            Some(RowState::Read | RowState::Unread) => continue,
            Some(RowState::NoNumbers) => NO_NUMBERS,
            None => ROW_NOT_FOUND,
        };
        b.unreadable(CellId::T2(cell), reason);
    }
}

/// Which values each row of a block reads, `None` when none is placed.
///
/// Values between a block's header and its first row name are a stray
/// number (noted, not read) unless the table shows that its numbers are
/// printed before their rows' names (`reversed`): then a block where that
/// holds throughout (the last row's name has no values after it, every
/// other row's has) is read that way, and a block where it does not has
/// none of its values placed: a wrong number in a table with no sum rule
/// would go unseen.
fn t2_placed<'b, 'a>(
    block: &'b T2Block<'a>,
    reversed: bool,
    b: &mut Builder,
) -> Option<Vec<(&'b T2Entry<'a>, Option<&'a Segment>)>> {
    let forward = || Some(block.rows.iter().map(|e| (e, e.own)).collect());
    let Some(before) = block.before else {
        return forward();
    };
    let (Some(first), true) = (block.rows.first(), reversed) else {
        b.note(format!(
            "表二中「{}」之后的数字「{}」对应不到任何一行，未导入",
            before.raw_tail(),
            before.printed()
        ));
        return forward();
    };
    let name = if block.label.is_empty() {
        format!("「{}」等行", row_label_of(first.row))
    } else {
        format!("{}各行", block.label)
    };
    if block.reads_reversed() {
        b.note(format!("表二{name}的数字印在行名之前，已按此读取，请核对"));
        let values = std::iter::once(Some(before))
            .chain(block.rows.iter().map(|e| e.own))
            .take(block.rows.len());
        return Some(block.rows.iter().zip(values).collect());
    }
    b.note(format!(
        "表二{name}中，数字与行名的先后不一致（「{}」印在「{}」之前），无法确定各数所属的行，未导入",
        before.printed(),
        row_label_of(first.row)
    ));
    None
}

/// A table-二 row's label as printed in its format.
fn row_label_of(row: T2Row) -> &'static str {
    match row {
        T2Row::Current(r) | T2Row::Legacy(r) => r,
    }
}

fn read_t2_row(
    b: &mut Builder,
    row: T2Row,
    header: &[T2Col],
    seg: &Segment,
    state: &mut BTreeMap<T2Cell, RowState>,
    runs: &mut Rows,
) {
    let row_label = match row {
        T2Row::Current(r) | T2Row::Legacy(r) => r,
    };
    let Some(current) = t2_current_row(row) else {
        // A 2019 row with no counterpart: say what it held.
        b.legacy();
        if seg.values() > 0 {
            b.note(format!(
                "表二「{row_label}」行（2019年格式）在2021年格式中没有对应项，其数字「{}」未导入",
                seg.printed()
            ));
        }
        return;
    };
    if matches!(row, T2Row::Legacy(_)) {
        b.legacy();
    }
    let row_cells: Vec<T2Cell> = T2Cell::ALL
        .into_iter()
        .filter(|c| c.row_label() == current)
        .collect();
    // Read once, as in table 三: a second copy is noted, not read.
    if row_cells
        .iter()
        .any(|c| matches!(state.get(c), Some(RowState::Read | RowState::Unread)))
    {
        if seg.values() > 0 {
            b.note(format!(
                "表二「{row_label}」行出现了两次，只读取了第一次，第二次的数字「{}」未导入",
                seg.printed()
            ));
        }
        return;
    }
    // The header's columns when they belong to this row; else the format's.
    let cell_of = |col: T2Col| {
        t2_current_col(col)
            .and_then(|c| row_cells.iter().copied().find(|rc| rc.column_label() == c))
    };
    let header_fits = !header.is_empty()
        && header.iter().all(|&c| match c {
            T2Col::Current(_) => cell_of(c).is_some(),
            T2Col::Legacy(_) => true,
        });
    let cols: Vec<T2Col> = if header_fits {
        header.to_vec()
    } else {
        row_cells
            .iter()
            .map(|c| T2Col::Current(c.column_label()))
            .collect()
    };
    if cols.iter().any(|c| matches!(c, T2Col::Legacy(_))) {
        b.legacy();
    }
    let ids: Vec<CellId> = row_cells.iter().map(|c| CellId::T2(*c)).collect();
    if seg.values() == 0 {
        for c in &row_cells {
            state.insert(*c, RowState::NoNumbers);
        }
        return;
    }
    let n = cols.len();
    let values = match fit(&seg.cells, n) {
        Fit::Exact(v) => v,
        Fit::Long(k) => {
            let reason = format!("原表此行有{k}个数，多于应有的{n}个，无法确定各数所在的列");
            t2_unfit(b, &ids, seg, &reason, state, &row_cells);
            return;
        }
        Fit::Short(_) => {
            // Run together: split when the columns are the format's own.
            let current = cols.len() == row_cells.len()
                && cols.iter().all(|c| matches!(c, T2Col::Current(_)));
            match classify(&seg.cells, n) {
                RowText::Run(_) if current => {
                    runs.read(b, &ids, &seg.cells, &split::no_rule, "");
                    for c in &row_cells {
                        state.insert(*c, RowState::Read);
                    }
                }
                RowText::Unfit(reason) => t2_unfit(b, &ids, seg, &reason, state, &row_cells),
                _ => {
                    let k = seg.values();
                    let reason = format!("原表此行只有{k}个数，应有{n}个，无法确定各数所在的列");
                    t2_unfit(b, &ids, seg, &reason, state, &row_cells);
                }
            }
            return;
        }
    };
    let mut unmapped = Vec::new();
    for (col, v) in cols.iter().zip(&values) {
        match (cell_of(*col), v) {
            (Some(cell), Some(t)) => b.put(CellId::T2(cell), t),
            (Some(cell), None) => b.unreadable(CellId::T2(cell), BLANK_CELL),
            (None, Some(t)) => unmapped.push(format!("{} {t}", col_label(*col))),
            (None, None) => {}
        }
        if let Some(current) = t2_current_col(*col) {
            if let T2Col::Legacy(l) = col {
                if cell_of(*col).is_some() {
                    b.note(format!(
                        "表二「{row_label}」行的2019年格式列「{l}」已按2021年格式的「{current}」导入，请核对"
                    ));
                }
            }
        }
    }
    if !unmapped.is_empty() {
        b.note(format!(
            "表二「{row_label}」行的2019年格式列在2021年格式中没有对应项，未导入：{}",
            unmapped.join("，")
        ));
    }
    for c in &row_cells {
        let read = cols.iter().any(|col| cell_of(*col) == Some(*c));
        if read {
            state.insert(*c, RowState::Read);
        } else {
            // The 2019 header has no column for this cell.
            b.unreadable(
                CellId::T2(*c),
                format!("原表（2019年格式）没有「{}」这一列", c.column_label()),
            );
            state.insert(*c, RowState::Unread);
        }
    }
}

/// Reports a table-二 row whose values do not fit its columns.
fn t2_unfit(
    b: &mut Builder,
    ids: &[CellId],
    seg: &Segment,
    reason: &str,
    state: &mut BTreeMap<T2Cell, RowState>,
    row_cells: &[T2Cell],
) {
    for id in ids {
        b.unreadable(*id, reason);
    }
    b.note(format!(
        "{}：印有「{}」，{reason}",
        row_place(ids),
        seg.printed()
    ));
    for c in row_cells {
        state.insert(*c, RowState::Unread);
    }
}

// ---------------------------------------------------------------------------
// Table 四
// ---------------------------------------------------------------------------

fn t4_ids(groups: &[T4Group]) -> Vec<CellId> {
    groups
        .iter()
        .flat_map(|&g| T4Col::ALL.iter().map(move |&c| CellId::T4(g, c)))
        .collect()
}

const T4_RULE: &str = "“总计＝结果维持＋结果纠正＋其他结果＋尚未审结”";

/// The digits of a segment whose values are all digit groups, counted:
/// a run of table 四's fifteen numbers needs at least fifteen.
fn run_digits(s: &Segment) -> usize {
    let all_digits = s.values() > 0
        && s.cells
            .iter()
            .flatten()
            .all(|t| split::digits_of(t).is_some());
    if !all_digits {
        return 0;
    }
    s.cells.iter().flatten().map(|t| t.chars().count()).sum()
}

pub(crate) fn read_t4(segs: &Segments, b: &mut Builder, stated: &[Equation]) {
    let segs = segs.for_table("表四", b);
    let m = labels::t4_matcher();
    // The table starts at its first label: what comes before is not it
    // (this matters when the heading was not found and the region is
    // larger than the table).
    let start = segs
        .iter()
        .position(|s| !m.find_all(&s.label).is_empty())
        .unwrap_or(segs.len());
    let segs = &segs[start..];
    let all = t4_ids(&T4Group::ALL);
    let mut rows = Rows::default();
    let most = segs
        .iter()
        .enumerate()
        .max_by_key(|(i, s)| (s.values(), *i))
        .map(|(_, s)| s);
    // One printed row of 15 numbers, as the format prints it, or its
    // digits run together.
    let whole_row = most.filter(|s| s.values() >= 10).or_else(|| {
        segs.iter()
            .filter(|s| run_digits(s) >= all.len())
            .max_by_key(|s| run_digits(s))
    });
    if let Some(row) = whole_row {
        rows.read(b, &all, &row.cells, &split::t4_rule, T4_RULE);
        rows.settle(b, &[], stated, "表四");
        return;
    }
    // Three rows of five, one per block, as some pages print it.
    let mut read_any = false;
    for g in T4Group::ALL {
        let row = segs.iter().find(|s| {
            s.values() > 0
                && m.find_all(&s.label).last().map(|f| f.target) == Some(T4Label::Group(g))
                && matches!(classify(&s.cells, 5), RowText::Cells(_) | RowText::Run(_))
        });
        if let Some(seg) = row {
            read_any |= rows.read(b, &t4_ids(&[g]), &seg.cells, &split::t4_rule, T4_RULE);
        }
    }
    if read_any {
        rows.settle(b, &[], stated, "表四");
        for id in &all {
            b.unreadable(*id, ROW_NOT_FOUND);
        }
        return;
    }
    match most.filter(|s| s.values() > 0) {
        Some(best) => {
            rows.read(b, &all, &best.cells, &split::t4_rule, T4_RULE);
            rows.settle(b, &[], stated, "表四");
        }
        None => {
            for id in &all {
                b.unreadable(*id, NO_NUMBERS);
            }
        }
    }
}

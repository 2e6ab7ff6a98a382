//! Reading tables 二, 三 and 四 from lines of cells.
//!
//! The lines of a table's region become one stream of words and cells:
//! label text, values, and blank cells (only a table row with several cells
//! has blank cells; a PDF extraction has none, it just drops them). The
//! stream is cut into segments: some label text, then the values after it.
//! A segment's values belong to the last row label in its text. This reads
//! a web page's tab-separated rows, a Word or HTML grid, and a PDF
//! extraction alike, however the labels are broken over lines, since only
//! the order of labels and values counts, not where the lines break:
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
//! Otherwise the row is not guessed at: its cells are reported unreadable,
//! except run-together digits that split in exactly one way satisfying the
//! sum rules.

use std::collections::BTreeMap;

use super::labels::{
    self, norm, T2Col, T2Label, T2Row, T3Label, T4Label, T2_LEGACY_COLUMNS, T2_LEGACY_ROWS,
};
use super::lines::{trim, Cell, Line};
use super::{AmbiguousRow, Builder};
use crate::domain::format::{
    CellId, T2Cell, T3Col, T3Row, T3SubGroup, T4Col, T4Group, T3_RESULTS_GROUP,
};
use crate::domain::number::{parse_count, MAX_VALUE};

/// More segments than a table can have: the rest is not read (and a huge
/// region costs no more than this).
const MAX_SEGMENTS: usize = 2_000;

/// The steps the search for a split of run-together digits may take.
const SPLIT_BUDGET: usize = 200_000;

/// The longest word taken for a value (bytes): table 四's fifteen numbers
/// run together, with room to spare.
const MAX_VALUE_WORD: usize = 200;

/// Words that stand for 「none」 in a cell. They are kept as printed (the
/// number rules ask for 0 instead).
const NONE_WORDS: [&str; 9] = ["无", "/", "／", "-", "－", "—", "——", "–", "―"];

// Reasons for unreadable cells.
const BLANK_CELL: &str = "原表此格为空";
const NO_NUMBERS: &str = "原表此行没有数字";
const ROW_NOT_FOUND: &str = "原表中未找到此行";

/// Label text and the values printed after it.
#[derive(Debug, Default, Clone)]
pub(crate) struct Segment {
    /// The label words as printed, joined by spaces (for messages).
    pub raw: String,
    /// The label in comparison form.
    pub label: String,
    /// The cells after the label: a value as printed, or `None` for a
    /// blank cell.
    pub cells: Vec<Option<String>>,
}

impl Segment {
    fn values(&self) -> usize {
        self.cells.iter().filter(|c| c.is_some()).count()
    }

    /// The values as printed, for messages: 「0 0 1」; blanks as 「空」.
    fn printed(&self) -> String {
        printed(&self.cells)
    }

    /// The end of the label as printed, for messages.
    fn raw_tail(&self) -> String {
        let chars: Vec<char> = self.raw.chars().collect();
        let from = chars.len().saturating_sub(20);
        let tail: String = chars[from..].iter().collect();
        if from > 0 {
            format!("…{tail}")
        } else {
            tail
        }
    }
}

/// Cells as printed, for messages: 「0 0 1」, blanks as 「空」; cut after 80
/// characters, since junk can be long.
fn printed(cells: &[Option<String>]) -> String {
    let all = cells
        .iter()
        .map(|c| c.as_deref().unwrap_or("空"))
        .collect::<Vec<_>>()
        .join(" ");
    if all.chars().count() <= 80 {
        return all;
    }
    let cut: String = all.chars().take(80).collect();
    format!("{cut}…")
}

/// True for a word that is a cell value: a number (full-width digits,
/// thousands separators and decimals allowed, a unit 件/万元/元 after it, a
/// minus before it) or a word for none. 「1.」 and 「1、」 are not (they
/// number a row label), nor is anything with letters.
pub(crate) fn is_value_word(w: &str) -> bool {
    // Longer than seven numbers of ten digits run together and a unit: no
    // cell value, and not worth looking at character by character.
    if w.len() > MAX_VALUE_WORD {
        return false;
    }
    if NONE_WORDS.contains(&w) {
        return true;
    }
    let core = ["万元", "元", "件", "万"]
        .iter()
        .find_map(|u| w.strip_suffix(u))
        .unwrap_or(w);
    let mut chars = core
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '，' => ',',
            '．' => '.',
            '－' | '−' => '-',
            c => c,
        })
        .peekable();
    if chars.peek() == Some(&'-') {
        chars.next();
    }
    let (mut first, mut last, mut digits) = (None, None, 0);
    for c in chars {
        if c.is_ascii_digit() {
            digits += 1;
        } else if c != ',' && c != '.' {
            return false;
        }
        first.get_or_insert(c);
        last = Some(c);
    }
    digits > 0
        && first.is_some_and(|c| c.is_ascii_digit())
        && last.is_some_and(|c| c.is_ascii_digit())
}

/// A table region cut into segments.
#[derive(Debug, Default)]
pub(crate) struct Segments {
    pub list: Vec<Segment>,
    /// The region had more than `MAX_SEGMENTS`; the rest was not read.
    pub truncated: bool,
}

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

/// Cuts the lines into segments (see the module docs).
pub(crate) fn segments<'a>(lines: impl IntoIterator<Item = &'a Line>) -> Segments {
    let mut out = Vec::new();
    let mut cur = Segment::default();
    for line in lines {
        let multi = line.cells.len() > 1;
        for cell in &line.cells {
            let Cell::Text(t) = cell else { continue };
            let t = trim(t);
            if t.is_empty() {
                if multi {
                    cur.cells.push(None);
                }
                continue;
            }
            for w in t.split_whitespace() {
                if is_value_word(w) {
                    cur.cells.push(Some(w.to_owned()));
                    continue;
                }
                if !cur.cells.is_empty() {
                    out.push(std::mem::take(&mut cur));
                    if out.len() >= MAX_SEGMENTS {
                        return Segments {
                            list: out,
                            truncated: true,
                        };
                    }
                }
                if !cur.raw.is_empty() {
                    cur.raw.push(' ');
                }
                cur.raw.push_str(w);
                cur.label.push_str(&norm(w));
            }
        }
    }
    if !cur.raw.is_empty() || !cur.cells.is_empty() {
        out.push(cur);
    }
    Segments {
        list: out,
        truncated: false,
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

// ---------------------------------------------------------------------------
// Run-together digits
// ---------------------------------------------------------------------------

/// The outcome of splitting run-together digits.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Split {
    Unique(Vec<String>),
    NoneFits,
    Several,
    /// The step budget ran out before the answer was certain.
    TooHard,
}

struct Splitter<'a> {
    tokens: &'a [Vec<u8>],
    /// Digits in `tokens[i..]`, for pruning.
    suffix_digits: Vec<usize>,
    n: usize,
    rule: &'a dyn Fn(&[u64]) -> bool,
    values: Vec<u64>,
    parts: Vec<String>,
    found: Vec<Vec<String>>,
    steps: usize,
}

impl Splitter<'_> {
    /// Tries every split from token `t`, byte `pos`; false to stop.
    fn go(&mut self, t: usize, pos: usize) -> bool {
        self.steps += 1;
        if self.steps > SPLIT_BUDGET {
            return false;
        }
        let Some(tok) = self.tokens.get(t) else {
            if self.values.len() == self.n && (self.rule)(&self.values) {
                self.found.push(self.parts.clone());
                return self.found.len() < 2;
            }
            return true;
        };
        if pos == tok.len() {
            return self.go(t + 1, 0);
        }
        let parts_left = self.n.saturating_sub(self.values.len());
        let digits_left = tok.len() - pos + self.suffix_digits[t + 1];
        let tokens_left = self.tokens.len() - t;
        if parts_left < tokens_left || digits_left < parts_left || digits_left > 10 * parts_left {
            return true;
        }
        for len in 1..=(tok.len() - pos).min(10) {
            let part = &tok[pos..pos + len];
            if len > 1 && part[0] == b'0' {
                break;
            }
            let v = part.iter().fold(0u64, |v, d| v * 10 + u64::from(d - b'0'));
            if v > MAX_VALUE {
                break;
            }
            self.values.push(v);
            self.parts.push(String::from_utf8_lossy(part).into_owned());
            let go_on = self.go(t, pos + len);
            self.values.pop();
            self.parts.pop();
            if !go_on {
                return false;
            }
        }
        true
    }
}

/// Splits digit strings into `n` numbers (no leading zeros, each token at
/// least one number) that satisfy `rule`. Full-width digits count.
pub(crate) fn split_run_together(
    tokens: &[&str],
    n: usize,
    rule: &dyn Fn(&[u64]) -> bool,
) -> Split {
    let digits: Option<Vec<Vec<u8>>> = tokens
        .iter()
        .map(|t| {
            t.chars()
                .map(|c| match c {
                    '0'..='9' => Some(c as u8),
                    '０'..='９' => Some(b'0' + (c as u32 - '０' as u32) as u8),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let Some(tokens) = digits else {
        return Split::NoneFits;
    };
    let mut suffix_digits = vec![0; tokens.len() + 1];
    for i in (0..tokens.len()).rev() {
        suffix_digits[i] = suffix_digits[i + 1] + tokens[i].len();
    }
    let mut s = Splitter {
        tokens: &tokens,
        suffix_digits,
        n,
        rule,
        values: Vec::new(),
        parts: Vec::new(),
        found: Vec::new(),
        steps: 0,
    };
    let finished = s.go(0, 0);
    match s.found.len() {
        0 if s.steps > SPLIT_BUDGET => Split::TooHard,
        0 => Split::NoneFits,
        1 if finished => Split::Unique(s.found.remove(0)),
        1 => Split::TooHard,
        _ => Split::Several,
    }
}

/// Table 三's rule for one row: the six applicant cells add up to 总计.
fn t3_row_rule(v: &[u64]) -> bool {
    v.len() == 7 && v[..6].iter().sum::<u64>() == v[6]
}

/// Table 四's rule: in each block of five, four results add up to 总计.
fn t4_rule(v: &[u64]) -> bool {
    v.len().is_multiple_of(5) && v.chunks(5).all(|b| b[..4].iter().sum::<u64>() == b[4])
}

/// Reads a row's cells into `ids` (printed order). `rule` checks a split of
/// run-together digits. Returns false when nothing was read.
fn read_row(
    b: &mut Builder,
    ids: &[CellId],
    cells: &[Option<String>],
    rule: &dyn Fn(&[u64]) -> bool,
    rule_text: &str,
) -> bool {
    let n = ids.len();
    let all_unreadable = |b: &mut Builder, reason: &str| {
        for id in ids {
            b.unreadable(*id, reason);
        }
    };
    // Numbers that fit no column: the row is not guessed at, and what was
    // printed is kept in a note for the user to place.
    let refuse = |b: &mut Builder, reason: String| {
        all_unreadable(b, &reason);
        b.note(format!(
            "{}：印有「{}」，{}",
            row_place(ids),
            printed(cells),
            reason
        ));
        false
    };
    if cells.iter().all(Option::is_none) {
        all_unreadable(b, NO_NUMBERS);
        return false;
    }
    match fit(cells, n) {
        Fit::Exact(v) => {
            for (id, c) in ids.iter().zip(&v) {
                match c {
                    Some(t) => b.put(*id, t),
                    None => b.unreadable(*id, BLANK_CELL),
                }
            }
            true
        }
        Fit::Long(k) => refuse(
            b,
            format!("原表此行有{k}个数，多于应有的{n}个，无法确定各数所在的列"),
        ),
        Fit::Short(v) => {
            let k = v.iter().filter(|c| c.is_some()).count();
            let tokens: Vec<&str> = v.iter().filter_map(|c| c.as_deref()).collect();
            let digit_count: usize = tokens.iter().map(|t| t.chars().count()).sum();
            let all_digits = k == v.len()
                && tokens.iter().all(|t| {
                    t.chars()
                        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
                });
            if !all_digits || digit_count < n {
                return refuse(
                    b,
                    format!("原表此行只有{k}个数，应有{n}个，无法确定各数所在的列"),
                );
            }
            let split = split_run_together(&tokens, n, rule);
            let joined = tokens.join(" ");
            if let Split::Unique(parts) = &split {
                for (id, p) in ids.iter().zip(parts) {
                    b.put(*id, p);
                }
                b.note(format!(
                    "{}：数字连在一起印为「{joined}」，按{rule_text}只有一种拆分，已拆为「{}」，请核对",
                    row_place(ids),
                    parts.join(" ")
                ));
                return true;
            }
            let reason = match split {
                Split::NoneFits => format!("没有一种拆分满足{rule_text}"),
                Split::TooHard => "可能的拆分太多，无法确定".to_owned(),
                _ => format!("有多种拆分都满足{rule_text}"),
            };
            let cell_reason = format!("原表此行的数字连在一起（「{joined}」），无法唯一拆分");
            all_unreadable(b, &cell_reason);
            b.ambiguous.push(AmbiguousRow {
                cells: ids.to_vec(),
                printed: joined,
                reason,
            });
            false
        }
    }
}

/// 「表三 · （一）予以公开」: the row of the first cell.
fn row_place(ids: &[CellId]) -> String {
    ids.first().map_or_else(String::new, |c| {
        format!(
            "{} · {}",
            c.section().table_name().unwrap_or_default(),
            c.row_label()
        )
    })
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

pub(crate) fn read_t3(segs: &Segments, b: &mut Builder) {
    let segs = segs.for_table("表三", b);
    let m = labels::t3_matcher();
    let mut state: BTreeMap<T3Row, RowState> = BTreeMap::new();
    let rule_text = "“总计＝各类申请人之和”";
    for seg in segs {
        let found = m.find_all(&seg.label);
        let rows: Vec<T3Row> = found
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
            let read = read_row(b, &t3_ids(row), &seg.cells, &t3_row_rule, rule_text);
            state.insert(
                row,
                if read {
                    RowState::Read
                } else {
                    RowState::Unread
                },
            );
            continue;
        }
        if !has_values {
            continue;
        }
        match found.last().map(|f| f.target) {
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
    let Fit::Exact(values) = fit(&seg.cells, T3Col::ALL.len()) else {
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

pub(crate) fn read_t2(segs: &Segments, b: &mut Builder) {
    let segs = segs.for_table("表二", b);
    let m = labels::t2_matcher();
    // The columns of the header read last, and whether a row has been read
    // since (a new header then replaces it instead of extending it).
    let mut cols: Vec<T2Col> = Vec::new();
    let mut header_open = false;
    let mut state: BTreeMap<T2Cell, RowState> = BTreeMap::new();
    for seg in segs {
        let found = m.find_all(&seg.label);
        let last_row = found
            .iter()
            .rposition(|f| matches!(f.target, T2Label::Row(_)));
        for f in &found[..last_row.unwrap_or(found.len())] {
            match f.target {
                T2Label::Block(block) => {
                    cols.clear();
                    header_open = false;
                    if block.is_none() {
                        b.legacy();
                    }
                }
                T2Label::Col(c) => {
                    if !header_open {
                        cols.clear();
                        header_open = true;
                    }
                    cols.push(c);
                }
                T2Label::Row(r) => {
                    if let Some(cur) = t2_current_row(r) {
                        for cell in T2Cell::ALL.iter().filter(|c| c.row_label() == cur) {
                            state.entry(*cell).or_insert(RowState::NoNumbers);
                        }
                    }
                }
            }
        }
        let Some(i) = last_row else {
            // 「（单位：万元，保留 4 位小数）」: the 4 is part of the header.
            let decimals_header = seg.label.ends_with("保留") && seg.values() == 1;
            if seg.values() > 0 && !decimals_header {
                b.note(format!(
                    "表二中「{}」之后的数字「{}」对应不到任何一行，未导入",
                    seg.raw_tail(),
                    seg.printed()
                ));
            }
            continue;
        };
        header_open = false;
        let T2Label::Row(row) = found[i].target else {
            continue;
        };
        read_t2_row(b, row, &cols, seg, &mut state);
    }
    for cell in T2Cell::ALL {
        let reason = match state.get(&cell) {
            Some(RowState::Read | RowState::Unread) => continue,
            Some(RowState::NoNumbers) => NO_NUMBERS,
            None => ROW_NOT_FOUND,
        };
        b.unreadable(CellId::T2(cell), reason);
    }
}

fn read_t2_row(
    b: &mut Builder,
    row: T2Row,
    header: &[T2Col],
    seg: &Segment,
    state: &mut BTreeMap<T2Cell, RowState>,
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
        Fit::Short(v) => {
            let k = v.iter().filter(|c| c.is_some()).count();
            let digits: usize = v.iter().flatten().map(|t| t.chars().count()).sum();
            let run_together = k == v.len()
                && digits >= n
                && v.iter()
                    .flatten()
                    .all(|t| t.chars().all(|c| c.is_ascii_digit()));
            if run_together {
                // Table 二 has no sum rule to check a split against.
                let printed = seg.printed();
                let reason = format!("原表此行的数字连在一起（「{printed}」），无法唯一拆分");
                t2_unfit(b, &ids, seg, &reason, state, &row_cells);
                b.ambiguous.push(AmbiguousRow {
                    cells: ids,
                    printed,
                    reason: "表二没有可用于核对的合计关系，无法确定如何拆分".to_owned(),
                });
            } else {
                let reason = format!("原表此行只有{k}个数，应有{n}个，无法确定各数所在的列");
                t2_unfit(b, &ids, seg, &reason, state, &row_cells);
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

pub(crate) fn read_t4(segs: &Segments, b: &mut Builder) {
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
    let rule_text = "“总计＝结果维持＋结果纠正＋其他结果＋尚未审结”";
    let most = segs
        .iter()
        .enumerate()
        .max_by_key(|(i, s)| (s.values(), *i))
        .map(|(_, s)| s);
    // One printed row of 15 numbers, as the format prints it.
    if let Some(best) = most.filter(|s| s.values() >= 10) {
        read_row(b, &all, &best.cells, &t4_rule, rule_text);
        return;
    }
    // Three rows of five, one per block, as some pages print it.
    let mut read_any = false;
    for g in T4Group::ALL {
        let row = segs.iter().find(|s| {
            s.values() > 0
                && m.find_all(&s.label).last().map(|f| f.target) == Some(T4Label::Group(g))
                && matches!(fit(&s.cells, 5), Fit::Exact(_))
        });
        if let Some(seg) = row {
            read_any |= read_row(b, &t4_ids(&[g]), &seg.cells, &t4_rule, rule_text);
        }
    }
    if read_any {
        for id in &all {
            b.unreadable(*id, ROW_NOT_FOUND);
        }
        return;
    }
    match most.filter(|s| s.values() > 0) {
        Some(best) => {
            read_row(b, &all, &best.cells, &t4_rule, rule_text);
        }
        None => {
            for id in &all {
                b.unreadable(*id, NO_NUMBERS);
            }
        }
    }
}

//! Matching printed labels against the format's labels.
//!
//! Published reports print the format's labels with different punctuation
//! (「(一)」 for 「（一）」, 「1、」 for 「1.」, straight or curly quotes), spaces
//! and line breaks inside them (PDF extraction), and the odd typo. Both the
//! printed text and the labels of `format` are put through `norm` before
//! they are compared, so the labels are never typed again here; the few
//! known variants and typos, and the labels of the older 2019 format, are
//! listed below as what they are: variants, not labels.

use crate::domain::format::{
    SectionId, T2Cell, T3Row, T3SubGroup, T4Group, SECTIONS, T2_BLOCKS, T3_RESULTS_GROUP,
    T4_LITIGATION,
};

/// One character in the form labels are compared in: whitespace dropped,
/// full-width ASCII made half-width, every quote a `"`, 「、」 a point (so
/// 「1、」 and 「1.」 agree; both sides get the same treatment, so 「一、」
/// stays equal to itself), dashes a hyphen.
pub(crate) fn norm_char(c: char) -> Option<char> {
    if c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{0C}') {
        return None;
    }
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    Some(match c {
        '、' | '．' => '.',
        '“' | '”' | '„' | '「' | '」' | '『' | '』' | '‘' | '’' | '\'' | '〝' | '〞' => {
            '"'
        }
        '—' | '–' | '−' | '‐' | '―' => '-',
        '〔' => '(',
        '〕' => ')',
        _ => c,
    })
}

/// The text in comparison form (see `norm_char`).
pub(crate) fn norm(s: &str) -> String {
    s.chars().filter_map(norm_char).collect()
}

/// The part of `raw` after the first `n` characters of its normalised form:
/// what follows a matched prefix, in the original spelling.
pub(crate) fn raw_after_norm_prefix(raw: &str, n: usize) -> &str {
    let mut seen = 0;
    for (i, c) in raw.char_indices() {
        if seen == n {
            return &raw[i..];
        }
        if norm_char(c).is_some() {
            seen += 1;
        }
    }
    ""
}

/// One place where a candidate label was found in a normalised text.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found<T> {
    pub start: usize,
    pub end: usize,
    pub target: T,
}

/// A set of labels in comparison form, each standing for a `T`.
#[derive(Debug)]
pub(crate) struct Matcher<T> {
    candidates: Vec<(String, T)>,
}

/// Only this much of a text (its tail, in bytes: some 400 Chinese
/// characters) is searched. Every label is shorter than 60 characters; the
/// longest real label run, table 三's header with its first row, has some
/// 110. Bounding it keeps the search linear on hostile input.
const WINDOW: usize = 1200;

impl<T: Copy> Matcher<T> {
    pub fn new() -> Matcher<T> {
        Matcher {
            candidates: Vec::new(),
        }
    }

    pub fn add(&mut self, label: &str, target: T) {
        let n = norm(label);
        if !n.is_empty() {
            self.candidates.push((n, target));
        }
    }

    /// Every match in the normalised `text`, left to right, without
    /// overlaps; where two overlap, the one that starts first wins, and at
    /// the same start the longer (「行政规范性文件」 over 「规范性文件」).
    pub fn find_all(&self, text: &str) -> Vec<Found<T>> {
        let mut from = text.len().saturating_sub(WINDOW);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let hay = &text[from..];
        let mut all: Vec<Found<T>> = Vec::new();
        for (label, target) in &self.candidates {
            for (i, _) in hay.match_indices(label.as_str()) {
                all.push(Found {
                    start: from + i,
                    end: from + i + label.len(),
                    target: *target,
                });
            }
        }
        all.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out: Vec<Found<T>> = Vec::new();
        for f in all {
            if out.last().is_none_or(|last| f.start >= last.end) {
                out.push(f);
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Variants met in real reports
// ---------------------------------------------------------------------------

/// Row labels of table 三 as some reports print them. 「其他法律行政止公开」 is
/// a typo of the 洪泽区 reports; 「（二）部分公开」 is the row without its
/// bracketed explanation.
const T3_ROW_VARIANTS: &[(&str, T3Row)] = &[
    ("2.其他法律行政止公开", T3Row::Refused2),
    ("（二）部分公开", T3Row::Partly),
];

/// 「行政法复议」: a typo for 行政复议 met in real reports.
const T4_GROUP_VARIANTS: &[(&str, T4Group)] = &[("行政法复议", T4Group::Review)];

/// The fee column without its unit, as reports that add 「保留4位小数」 to the
/// header print it: 「本年收费金额（单位：万元，保留4位小数）」.
const T2_FEE_COLUMN_STEM: &str = "本年收费金额";

// ---------------------------------------------------------------------------
// The 2019 format (国办公开办函〔2019〕60号), see format-2021.md
// ---------------------------------------------------------------------------

/// A column of table 二 in either format.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum T2Col {
    /// A column of the 2021 format, by its label in `format`.
    Current(&'static str),
    /// A column only the 2019 format has.
    Legacy(&'static str),
}

/// A row of table 二 in either format.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum T2Row {
    /// A row of the 2021 format, by its label in `format`.
    Current(&'static str),
    /// A row only the 2019 format has.
    Legacy(&'static str),
}

/// The 2019 columns and the 2021 column each stands for, if any. 「本年新制作
/// 数量」 counts the documents made in the year, which the 2021 format calls
/// 「本年制发件数」; 「处理决定数量」 is 「本年处理决定数量」 without 本年. The others
/// (published, total published, items last year, change, procurement) have
/// no counterpart.
pub(crate) const T2_LEGACY_COLUMNS: &[(&str, Option<&str>)] = &[
    ("本年新制作数量", Some("本年制发件数")),
    ("本年新公开数量", None),
    ("对外公开总数量", None),
    ("上一年项目数量", None),
    ("本年增/减", None),
    ("本年增减", None),
    ("处理决定数量", Some("本年处理决定数量")),
    ("采购项目数量", None),
    ("采购总金额", None),
];

/// The 2019 rows: 规范性文件 is the row the 2021 format calls 行政规范性文件;
/// 其他对外管理服务事项 and 政府集中采购 have no counterpart.
pub(crate) const T2_LEGACY_ROWS: &[(&str, Option<&str>)] = &[
    ("规范性文件", Some("行政规范性文件")),
    ("其他对外管理服务事项", None),
    ("政府集中采购", None),
];

/// What a label found in table 二's text stands for.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum T2Label {
    /// 「第二十条第（一）项」…; the index in `T2_BLOCKS`, or `None` for the
    /// 2019 block 第（九）项.
    Block(Option<usize>),
    Col(T2Col),
    Row(T2Row),
}

pub(crate) fn t2_matcher() -> Matcher<T2Label> {
    let mut m = Matcher::new();
    for (i, b) in T2_BLOCKS.iter().enumerate() {
        m.add(b.label, T2Label::Block(Some(i)));
        for c in b.columns {
            m.add(c, T2Label::Col(T2Col::Current(c)));
        }
    }
    m.add("第二十条第（九）项", T2Label::Block(None));
    let fee = T2Cell::Fee.column_label();
    m.add(T2_FEE_COLUMN_STEM, T2Label::Col(T2Col::Current(fee)));
    for cell in T2Cell::ALL {
        let row = cell.row_label();
        m.add(row, T2Label::Row(T2Row::Current(row)));
    }
    for (col, _) in T2_LEGACY_COLUMNS {
        m.add(col, T2Label::Col(T2Col::Legacy(col)));
    }
    for (row, _) in T2_LEGACY_ROWS {
        m.add(row, T2Label::Row(T2Row::Legacy(row)));
    }
    m
}

/// What a label found in table 三's text stands for.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum T3Label {
    Row(T3Row),
    /// A numbered group's own label (「（三）不予公开」); with numbers after it,
    /// a subtotal or the 2019 format's single （六） row.
    Group(T3SubGroup),
    /// 「三、本年度办理结果」.
    Results,
}

pub(crate) fn t3_matcher() -> Matcher<T3Label> {
    let mut m = Matcher::new();
    for row in T3Row::ALL {
        m.add(row.label(), T3Label::Row(row));
        // Some reports drop the number of a numbered row; the rest of the
        // label is distinctive when it is long enough (not 「3.其他」).
        if row.sub_group().is_some() {
            if let Some((_, rest)) = row.label().split_once('.') {
                if rest.chars().count() >= 4 {
                    m.add(rest, T3Label::Row(row));
                }
            }
        }
    }
    for (variant, row) in T3_ROW_VARIANTS {
        m.add(variant, T3Label::Row(*row));
    }
    for g in T3SubGroup::ALL {
        m.add(g.label(), T3Label::Group(g));
    }
    m.add(T3_RESULTS_GROUP, T3Label::Results);
    m
}

/// What a label found in table 四's text stands for.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum T4Label {
    Group(T4Group),
    Litigation,
}

pub(crate) fn t4_matcher() -> Matcher<T4Label> {
    let mut m = Matcher::new();
    for g in T4Group::ALL {
        m.add(g.label(), T4Label::Group(g));
    }
    for (variant, g) in T4_GROUP_VARIANTS {
        m.add(variant, T4Label::Group(*g));
    }
    m.add(T4_LITIGATION, T4Label::Litigation);
    m
}

// ---------------------------------------------------------------------------
// Headings and the title
// ---------------------------------------------------------------------------

/// The six headings in comparison form, split into numeral and text, so
/// a line is compared without normalising the headings again.
pub(crate) struct Headings {
    parts: Vec<(SectionId, String, String)>,
}

impl Headings {
    pub fn new() -> Headings {
        let parts = SECTIONS
            .iter()
            .filter_map(|s| {
                let h = norm(s.heading);
                let (numeral, core) = h.split_once('.')?;
                Some((s.id, numeral.to_owned(), core.to_owned()))
            })
            .collect();
        Headings { parts }
    }

    /// The section whose heading the (normalised) line starts with, and how
    /// many normalised characters the heading takes. A heading is its
    /// numeral and text (「一、总体情况」, also 「一.总体情况」 and 「一 总体情况」),
    /// or the text alone on its own line.
    pub fn find(&self, line: &str) -> Option<(SectionId, usize)> {
        for (id, numeral, core) in &self.parts {
            if let Some(rest) = line.strip_prefix(numeral.as_str()) {
                let rest_trim = rest.strip_prefix('.').unwrap_or(rest);
                if rest_trim.starts_with(core.as_str()) {
                    let used = line.len() - rest_trim.len() + core.len();
                    return Some((*id, line[..used].chars().count()));
                }
            }
            if line == core {
                return Some((*id, core.chars().count()));
            }
        }
        None
    }
}

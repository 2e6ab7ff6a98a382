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
// Headings
// ---------------------------------------------------------------------------

/// One heading of the format in comparison form: its numeral and its text.
struct HeadingLabel {
    section: SectionId,
    numeral: char,
    core: Vec<char>,
    core_str: String,
    /// How many characters may be wrong (a typo, a dropped or an added
    /// character) and the heading still be recognised after its numeral.
    tolerance: usize,
}

/// A heading found in the text: raw byte offsets.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct HeadingHit {
    pub section: SectionId,
    pub start: usize,
    pub end: usize,
}

/// The six headings, found wherever they stand.
pub(crate) struct Headings {
    parts: Vec<HeadingLabel>,
}

/// Characters that, right before a numeral, show it is not a heading's
/// (「十一、」, 「（二）」, 「第二」).
fn extends_numeral(c: char) -> bool {
    is_cjk_numeral(c) || matches!(c, '(' | '第')
}

pub(crate) fn is_cjk_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

impl Headings {
    pub fn new() -> Headings {
        let parts = SECTIONS
            .iter()
            .filter_map(|s| {
                let h = norm(s.heading);
                let (numeral, core) = h.split_once('.')?;
                let numeral = numeral.chars().next()?;
                let core_chars: Vec<char> = core.chars().collect();
                // Short headings must be exact: 「总体情况」 with one
                // character off is too common a phrase.
                let tolerance = tolerance(core_chars.len());
                Some(HeadingLabel {
                    section: s.id,
                    numeral,
                    core: core_chars,
                    core_str: core.to_owned(),
                    tolerance,
                })
            })
            .collect();
        Headings { parts }
    }

    /// The headings of `text`, each after the one before it in the format's
    /// order, so table 三's row 「四、结转下年度继续办理」 is never taken for
    /// section 四. A heading is its numeral and text anywhere (「一、总体
    /// 情况」, also 「一.总体情况」, 「一 总体情况」, and with a typo in a long
    /// text after 「X、」), or its text alone on a line.
    pub fn find_all(&self, text: &str) -> Vec<HeadingHit> {
        let mut out: Vec<HeadingHit> = Vec::new();
        let mut prev: Option<char> = None;
        let mut line_start = true;
        let mut iter = text.char_indices();
        while let Some((i, c)) = iter.next() {
            if c == '\n' {
                line_start = true;
            }
            let Some(n) = norm_char(c) else { continue };
            let at_line_start = std::mem::replace(&mut line_start, false);
            let last = out.last().map(|h| h.section);
            let open = |p: &&HeadingLabel| last.is_none_or(|l| p.section > l);
            let hit = if is_cjk_numeral(n) && !prev.is_some_and(extends_numeral) {
                self.parts
                    .iter()
                    .filter(open)
                    .filter(|p| p.numeral == n)
                    .find_map(|p| Headings::after_numeral(text, i + c.len_utf8(), p))
            } else if at_line_start {
                self.parts
                    .iter()
                    .filter(open)
                    .find_map(|p| alone_on_line(text, i, p))
            } else {
                None
            };
            prev = Some(n);
            let Some((end, section)) = hit else { continue };
            out.push(HeadingHit {
                section,
                start: i,
                end,
            });
            if section == SectionId::Other {
                break;
            }
            // Go on after the heading.
            for (j, c2) in iter.by_ref() {
                if j + c2.len_utf8() >= end {
                    prev = norm_char(c2).or(prev);
                    break;
                }
            }
        }
        out
    }

    /// The heading `p` right after its numeral (at `from`): its raw end.
    fn after_numeral(text: &str, from: usize, p: &HeadingLabel) -> Option<(usize, SectionId)> {
        // Up to the core's length and its tolerance of normalised
        // characters, with their raw ends.
        let want = p.core.len() + p.tolerance + 1;
        let mut got: Vec<(char, usize)> = Vec::with_capacity(want);
        for (j, c) in text[from..].char_indices() {
            if let Some(n) = norm_char(c) {
                got.push((n, from + j + c.len_utf8()));
                if got.len() >= want {
                    break;
                }
            }
        }
        let pointed = got.first().is_some_and(|(c, _)| *c == '.');
        let body = if pointed { &got[1..] } else { &got[..] };
        // Without its 「、」 a heading must be exact.
        let tolerance = if pointed { p.tolerance } else { 0 };
        let chars: Vec<char> = body.iter().map(|(c, _)| *c).collect();
        let (dist, len) = approx_prefix(&p.core, &chars)?;
        (dist <= tolerance && len > 0).then(|| (body[len - 1].1, p.section))
    }
}

/// The heading's text alone on its line, starting at `at`.
fn alone_on_line(text: &str, at: usize, p: &HeadingLabel) -> Option<(usize, SectionId)> {
    let end = super::flat::match_at(text, at, &p.core_str)?;
    let line_rest = text[end..].split('\n').next().unwrap_or("");
    line_rest.trim().is_empty().then_some((end, p.section))
}

/// The smallest edit distance between `pattern` and a prefix of `text`,
/// and the length of that prefix (the one closest to the pattern's length
/// among equals).
fn approx_prefix(pattern: &[char], text: &[char]) -> Option<(usize, usize)> {
    let m = pattern.len();
    // prev[j]: distance between pattern[..i] and text[..j].
    let mut prev: Vec<usize> = (0..=text.len()).collect();
    let mut cur = vec![0; text.len() + 1];
    for i in 1..=m {
        cur[0] = i;
        for j in 1..=text.len() {
            let sub = prev[j - 1] + usize::from(pattern[i - 1] != text[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    (0..=text.len())
        .map(|j| (prev[j], j.abs_diff(m), j))
        .min()
        .map(|(d, _, j)| (d, j))
}

/// How many characters of a label of `len` characters may be misprinted
/// (a typo, an OCR error, a dropped character) for it to be recognised.
fn tolerance(len: usize) -> usize {
    match len {
        0..=5 => 0,
        6..=11 => 1,
        _ => 2,
    }
}

/// The fewest characters of a label taken for the whole label.
const PIECE_MIN: usize = 6;

/// By how many characters the best row's piece must be longer than any
/// other row's (「…行政机关不再处理」 ends two labels of （六）).
const PIECE_LEAD: usize = 3;

/// The row of table 三 whose label holds the end of `text` (comparison
/// form) as a piece of it, at least `PIECE_MIN` characters long: a label
/// wrapped in its cell, where a PDF's text puts the row's numbers after
/// the label's first or middle line (「5.要求行政机关确认或重新出 1 0 0 0 0 0 1
/// 具已获取信息」). Only when no other row's label holds nearly as long a
/// piece.
pub(crate) fn t3_row_piece(text: &str) -> Option<T3Row> {
    piece_row(text).or_else(|| {
        // A piece of a group's name may stand between the row's piece and
        // its numbers, the group's cell wrapped beside it (「4.无正当理由
        // 大量反复申 予处理 0 0 0」, 「（五）不予处理」 broken in two).
        let chars: Vec<char> = text.chars().collect();
        let groups: Vec<String> = T3SubGroup::ALL.iter().map(|g| norm(g.label())).collect();
        (2..=4.min(chars.len())).rev().find_map(|k| {
            let end: String = chars[chars.len() - k..].iter().collect();
            let end = norm(&end);
            (end.chars().count() >= 2 && groups.iter().any(|g| g.contains(&end)))
                .then(|| chars[..chars.len() - k].iter().collect::<String>())
                .and_then(|rest| piece_row(&rest))
        })
    })
}

fn piece_row(text: &str) -> Option<T3Row> {
    let tail: Vec<char> = text.chars().rev().take(40).collect();
    let mut scored: Vec<(usize, T3Row)> = Vec::new();
    for row in T3Row::ALL {
        let full = norm(row.label());
        let longest = (PIECE_MIN..=tail.len())
            .rev()
            .find(|&k| {
                let piece: String = tail[..k].iter().rev().collect();
                full.contains(&piece)
            })
            .unwrap_or(0);
        if longest > 0 {
            scored.push((longest, row));
        }
    }
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    match scored.as_slice() {
        [(_, row)] => Some(*row),
        [(k, row), (k2, _), ..] if *k >= k2 + PIECE_LEAD => Some(*row),
        _ => None,
    }
}

/// The row of table 三 whose label the end of `text` (comparison form)
/// spells with a character or two wrong: the closest one, and only when no
/// other row is as close. Exact labels are found by `t3_matcher`; this is
/// for a label a conversion misprinted (「4.保护第三方合法杈益」).
pub(crate) fn t3_row_near(text: &str) -> Option<T3Row> {
    // The longest label is 37 characters; a misprint may add two.
    let tail: Vec<char> = text.chars().rev().take(40).collect();
    let mut scored: Vec<(usize, T3Row)> = Vec::new();
    for row in T3Row::ALL {
        let full = norm(row.label());
        let mut forms = vec![full.clone()];
        if let Some((_, rest)) = full.split_once('.') {
            forms.push(rest.to_owned());
        }
        let best = forms
            .iter()
            .filter_map(|f| {
                let pattern: Vec<char> = f.chars().rev().collect();
                let (d, _) = approx_prefix(&pattern, &tail)?;
                (d <= tolerance(pattern.len())).then_some(d)
            })
            .min();
        if let Some(d) = best {
            scored.push((d, row));
        }
    }
    scored.sort();
    match scored.as_slice() {
        [(d, row)] => Some(*row).filter(|_| *d > 0),
        [(d, row), (d2, _), ..] if d < d2 => Some(*row).filter(|_| *d > 0),
        _ => None,
    }
}

//! The document as one text, whatever its layout.
//!
//! Every reader's lines of cells become one string: lines joined by `\n`,
//! the cells of a table row (or of a text line with tabs) by `\t`. From
//! here on nothing depends on where the lines break: headings, the title
//! and table labels are found wherever they stand, also with spaces or
//! line breaks inside them (a label is compared with its whitespace
//! removed), so a page copied as one long line, a PDF extraction with
//! every label broken over lines, and a browser copy with one value a line
//! are read by the same code.
//!
//! Page numbers of a PDF extraction (「- 3 -」) are removed here: whole
//! lines, and the same marks inside a line when the text has lost its line
//! breaks.

use super::labels::norm_char;
use super::lines::{is_page_number, Cell, Doc, Meta};

/// A document as one text.
#[derive(Debug, Default)]
pub(crate) struct Flat {
    /// Lines joined by `\n`, the cells of a row by `\t`.
    pub text: String,
    /// Every line break is a paragraph break (HTML, Word).
    pub hard_breaks: bool,
    /// Page numbers were removed: the text is a PDF extraction, whose lines
    /// are wrapped inside paragraphs.
    pub page_numbers: bool,
    pub meta: Meta,
}

/// Joins a document's lines (see the module docs).
pub(crate) fn flatten(doc: Doc) -> Flat {
    let mut text = String::new();
    let mut page_numbers = false;
    for line in &doc.lines {
        let texts: Vec<&str> = line
            .cells
            .iter()
            .filter_map(|c| match c {
                Cell::Text(t) => Some(t.as_str()),
                Cell::Spanned => None,
            })
            .collect();
        let filled: Vec<&&str> = texts.iter().filter(|t| !t.trim().is_empty()).collect();
        if let [only] = filled.as_slice() {
            if is_page_number(only) {
                page_numbers = true;
                continue;
            }
        }
        if !text.is_empty() {
            text.push('\n');
        }
        let row = line.cells.len() > 1;
        for (i, t) in texts.iter().enumerate() {
            if i > 0 && row {
                text.push('\t');
            }
            // A tab or line break inside one cell is no cell boundary.
            if t.contains(['\t', '\n', '\r']) {
                text.extend(t.chars().map(|c| match c {
                    '\t' | '\n' | '\r' => ' ',
                    c => c,
                }));
            } else {
                text.push_str(t);
            }
        }
    }
    page_numbers |= strip_inline_page_numbers(&mut text);
    Flat {
        text,
        hard_breaks: doc.hard_breaks,
        page_numbers,
        meta: doc.meta,
    }
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '－' | '—' | '–' | '―' | '−')
}

/// Removes page-number marks inside lines: 「- 3 -」 between spaces, and
/// 「-3-」 even between other text (a text whose whitespace was removed),
/// but never when a digit follows (「2025-1-20」 is a date). True when one
/// was removed.
fn strip_inline_page_numbers(text: &mut String) -> bool {
    // Cheap test first: most texts have no dash at all.
    if !text.chars().any(is_dash) {
        return false;
    }
    let mut out = String::with_capacity(text.len());
    let mut removed = false;
    let mut i = 0;
    let mut prev: Option<char> = None;
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        if is_dash(c) && !prev.is_some_and(is_dash) {
            if let Some(len) = page_mark(rest, prev) {
                out.push(' ');
                i += len;
                prev = Some(' ');
                removed = true;
                continue;
            }
        }
        out.push(c);
        prev = Some(c);
        i += c.len_utf8();
    }
    *text = out;
    removed
}

/// The length of a page mark at the start of `s` (dashes, one to three
/// digits, dashes), if there is one.
fn page_mark(s: &str, prev: Option<char>) -> Option<usize> {
    let mut it = s.char_indices().peekable();
    let mut dashes = 0;
    while it.peek().is_some_and(|(_, c)| is_dash(*c)) {
        it.next();
        dashes += 1;
    }
    if dashes > 2 {
        return None;
    }
    let mut spaced = false;
    let inner_space = |c: char| c.is_whitespace() && c != '\n';
    while it.peek().is_some_and(|(_, c)| inner_space(*c)) {
        it.next();
        spaced = true;
    }
    let mut digits = 0;
    while it.peek().is_some_and(|(_, c)| c.is_ascii_digit()) {
        it.next();
        digits += 1;
    }
    if !(1..=3).contains(&digits) {
        return None;
    }
    while it.peek().is_some_and(|(_, c)| inner_space(*c)) {
        it.next();
        spaced = true;
    }
    let mut closing = 0;
    while it.peek().is_some_and(|(_, c)| is_dash(*c)) {
        it.next();
        closing += 1;
    }
    if !(1..=2).contains(&closing) {
        return None;
    }
    let end = it.peek().map_or(s.len(), |(j, _)| *j);
    let after = it.peek().map(|(_, c)| *c);
    if after.is_some_and(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    // With spaces inside, it must stand between spaces (「第- 3 -页」 is
    // no mark); without, it may touch text (「769-5-法提供」).
    let free = |c: Option<char>| c.is_none_or(char::is_whitespace);
    if spaced && !(free(prev) && free(after)) {
        return None;
    }
    Some(end)
}

/// The raw end of `label` (in comparison form) when it starts at byte
/// `at`; whitespace inside the raw text is skipped, so 「社会公益 组织」 and
/// 「三、本\n年度办理结果」 match.
pub(crate) fn match_at(text: &str, at: usize, label: &str) -> Option<usize> {
    let mut want = label.chars().peekable();
    want.peek()?;
    for (i, c) in text.get(at..)?.char_indices() {
        let Some(n) = norm_char(c) else {
            if i == 0 {
                return None;
            }
            continue;
        };
        if Some(n) != want.next() {
            return None;
        }
        if want.peek().is_none() {
            return Some(at + i + c.len_utf8());
        }
    }
    None
}

/// The first place of `label` (comparison form) in `text[from..to]`:
/// its raw start and end.
pub(crate) fn find(text: &str, from: usize, to: usize, label: &str) -> Option<(usize, usize)> {
    let first = label.chars().next()?;
    let hay = text.get(from..to)?;
    for (i, c) in hay.char_indices() {
        if norm_char(c) != Some(first) {
            continue;
        }
        if let Some(end) = match_at(text, from + i, label).filter(|e| *e <= to) {
            return Some((from + i, end));
        }
    }
    None
}

/// The text with every kind of whitespace removed.
pub(crate) fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The lines of a stretch of the text as prose: each line's cells trimmed
/// and joined by a space, blank lines kept (they end paragraphs).
pub(crate) fn prose_lines(s: &str) -> Vec<String> {
    s.split('\n')
        .map(|l| {
            l.split('\t')
                .map(super::lines::trim)
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_marks_inside_lines_are_removed_but_not_dates() {
        let mut t = "746 12 0 - 5 - 法提供 2025-1-20 769-5-法 第- 3 -页".to_owned();
        assert!(strip_inline_page_numbers(&mut t));
        assert_eq!(t, "746 12 0   法提供 2025-1-20 769 法 第- 3 -页");
        let mut d = "电话：0517-83605210，2025-01-20".to_owned();
        assert!(!strip_inline_page_numbers(&mut d));
    }

    #[test]
    fn labels_match_across_whitespace() {
        let t = "甲 社会公益 组\n织 乙";
        let label: String = "社会公益组织".chars().collect();
        assert_eq!(find(t, 0, t.len(), &label), Some((4, t.len() - 4)));
        assert_eq!(match_at(t, 3, &label), None);
    }
}

//! Plain text: a web page copied as text (tables as tab-separated lines), a
//! PDF extraction (tables as space-separated words), or a table typed with
//! `|` between cells.

use super::lines::{Cell, Doc, Line};

/// Splits text into lines of cells: at tabs when the line has one, else at
/// `|` (a Markdown-style table; the border pipes and separator lines are
/// dropped), else the line is one cell (its words are split later, in the
/// table reader, since a PDF extraction separates cells by spaces).
pub(crate) fn read(text: &str) -> Doc {
    // One line break per line whatever the system wrote: 「\r\n」 is one
    // break, not a break and a blank line (a blank line ends a paragraph).
    // The rarer breaks (a lone \r, U+2028 …) are looked for only when
    // present, since splitting at several characters is slower.
    let rare = |c: char| {
        matches!(
            c,
            '\r' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}' | '\u{85}'
        )
    };
    let mut lines = Vec::new();
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.contains(rare) {
            lines.extend(line.split(rare).map(split_line));
        } else {
            lines.push(split_line(line));
        }
    }
    Doc {
        lines,
        hard_breaks: false,
        meta: Default::default(),
    }
}

/// One line of text as cells (see `read`).
pub(crate) fn split_line(raw: &str) -> Line {
    if raw.contains('\t') {
        return Line {
            cells: raw.split('\t').map(|c| Cell::Text(c.to_owned())).collect(),
        };
    }
    if !raw.contains('|') {
        return Line::text(raw);
    }
    let t = raw.trim();
    // 「|---|:--:|」 separates a Markdown header from its body.
    if t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '+')) {
        return Line::default();
    }
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Line {
        cells: inner.split('|').map(|c| Cell::Text(c.to_owned())).collect(),
    }
}

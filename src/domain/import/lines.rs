//! The shape every reader produces and the report reader consumes: a
//! document as lines of cells.
//!
//! A text file gives one line per line (cells split at tabs or `|`), an
//! HTML page or a Word document one line per paragraph and one per table
//! row (its grid expanded, spanned places marked). Everything after this
//! point is the same for every kind of input.

/// One place in a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Cell {
    /// A cell's text; blank text is a blank cell.
    Text(String),
    /// A place covered by a cell that spans rows or columns: not a cell of
    /// its own, so it is neither a value nor blank.
    Spanned,
}

/// One line: a paragraph (one cell) or a table row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Line {
    pub cells: Vec<Cell>,
}

impl Line {
    pub fn text(s: impl Into<String>) -> Line {
        Line {
            cells: vec![Cell::Text(s.into())],
        }
    }
}

/// A document as the readers produce it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Doc {
    pub lines: Vec<Line>,
    /// True when every line break is a paragraph break (HTML, Word); false
    /// when the reader cannot tell (plain text, which may be a PDF
    /// extraction whose lines are wrapped inside paragraphs).
    pub hard_breaks: bool,
    /// What a page says about itself outside its text: its `<title>` and
    /// the article title and source of its `<meta>` tags.
    pub meta: Meta,
}

/// A saved web page's own description of the article, used when the text
/// itself does not name the agency or the year.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Meta {
    /// `<title>`, and `<meta name="ArticleTitle">` and the like.
    pub titles: Vec<String>,
    /// `<meta name="ContentSource">`: the publishing agency.
    pub source: Option<String>,
}

/// Trims every kind of space, the ideographic one included (web pages
/// indent paragraphs with 「　　」).
pub(crate) fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}')
}

/// True for the page-number lines of a PDF extraction: 「- 3 -」, 「— 12 —」,
/// 「第 3 页」, 「第3页 共10页」, 「第3页/共10页」.
pub(crate) fn is_page_number(line: &str) -> bool {
    if line.len() > 64 {
        return false;
    }
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || t.chars().count() > 16 {
        return false;
    }
    let dash = |c: char| matches!(c, '-' | '－' | '—' | '–' | '―');
    let inner = t.trim_start_matches(dash);
    let stripped = inner.trim_end_matches(dash);
    let had_dashes = inner.len() != t.len() && stripped.len() != inner.len();
    if had_dashes && !stripped.is_empty() && stripped.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    // 第N页, optionally followed by 共M页 with a separator.
    let mut rest = t.as_str();
    let mut pages = 0;
    while let Some(r) = rest.strip_prefix('第').or_else(|| rest.strip_prefix('共')) {
        let digits = r.len() - r.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return false;
        }
        let Some(after) = r[digits..].strip_prefix('页') else {
            return false;
        };
        pages += 1;
        rest = after.trim_start_matches(['/', '，', ',', '、']);
    }
    pages > 0 && rest.is_empty()
}

/// The printed width of a text: two for a CJK character, one for ASCII.
pub(crate) fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

//! HTML pages: a small tolerant tokenizer (no HTML crate: the app only
//! needs text, paragraphs and table grids) that turns a page into lines.
//!
//! - Tags are stripped; entities (&amp; &lt; &gt; &quot; &apos; &nbsp;,
//!   numeric &#NN; &#xNN;, and the typographic ones Word puts into pages)
//!   are decoded; comments, `<script>`, `<style>`, `<head>` are skipped.
//! - Block elements (`<p>`, `<div>`, `<br>`, headings, list items …) end a
//!   line; every line is a paragraph.
//! - A table becomes one line per row, its grid expanded: a cell spanning
//!   rows or columns puts `Cell::Spanned` in the places it covers, so every
//!   row has its cells at their grid columns. Spans are capped, so a hostile
//!   `colspan="1000000"` costs nothing.
//! - A table that holds another table, or has one column, is page layout,
//!   not data: its cells' text flows as paragraphs.
//!
//! Unclosed `<td>`, `<tr>` and `<p>` are closed by what follows, as browsers
//! do; stray closing tags are ignored.

use super::grid_builder::{parse_span, GridBuilder, GridCell, Markup};
use super::lines::{trim, Cell, Doc, Line, Meta};

/// The most grid places a table may expand to.
const MAX_GRID: usize = 200_000;

/// True when the text is an HTML document or fragment.
pub(crate) fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    // The Windows clipboard's HTML format starts with a small header.
    head.starts_with("version:0.9")
        || [
            "<html",
            "<!doctype html",
            "<body",
            "<table",
            "<p>",
            "<p ",
            "<div",
            "<meta",
            "<br",
            "<tr",
            "<td",
            "<span",
            "<h1",
            "<h2",
        ]
        .iter()
        .any(|t| head.contains(t))
}

/// What an HTML table cell records about its spans.
#[derive(Debug)]
struct HtmlSpan {
    rows: usize,
    cols: usize,
}

/// HTML's side of the table builder.
struct Html;

impl Markup for Html {
    type Span = HtmlSpan;

    /// In a page only table tags make cells (a tab was collapsed to a
    /// space as the text came in): a paragraph is one cell.
    fn paragraph(text: &str) -> Line {
        Line::text(trim(text))
    }

    fn table(rows: Vec<Vec<GridCell<HtmlSpan>>>, out: &mut Vec<Line>) {
        // One column: page layout, not data.
        if rows.iter().all(|r| r.len() <= 1) {
            for c in rows.iter().flatten() {
                Html::paragraphs(&c.text, out);
            }
            return;
        }
        out.extend(expand(rows));
    }
}

/// Adds text to a cell or paragraph, collapsing white space as a
/// browser does.
fn push_collapsed(target: &mut String, s: &str) {
    for c in s.chars() {
        if matches!(c, ' ' | '\n' | '\r' | '\t' | '\u{0C}') {
            if !target.is_empty() && !target.ends_with(' ') {
                target.push(' ');
            }
        } else {
            target.push(c);
        }
    }
}

/// The table's rows with their spans expanded into grid places.
fn expand(rows: Vec<Vec<GridCell<HtmlSpan>>>) -> Vec<Line> {
    let n = rows.len();
    let mut grid: Vec<Vec<Option<Cell>>> = (0..n).map(|_| Vec::new()).collect();
    let mut placed = 0usize;
    for (r, row) in rows.into_iter().enumerate() {
        let mut c = 0;
        for cell in row {
            while grid[r].get(c).is_some_and(Option::is_some) {
                c += 1;
            }
            let rs = cell.span.rows.min(n - r);
            let cs = cell.span.cols;
            placed += rs * cs;
            if placed > MAX_GRID {
                break;
            }
            let mut text = Some(cell.joined());
            for (dr, grid_row) in grid[r..r + rs].iter_mut().enumerate() {
                if grid_row.len() < c + cs {
                    grid_row.resize(c + cs, None);
                }
                for (dc, slot) in grid_row[c..c + cs].iter_mut().enumerate() {
                    *slot = Some(match (dr, dc, text.take()) {
                        (0, 0, Some(t)) => Cell::Text(t),
                        _ => Cell::Spanned,
                    });
                }
            }
            c += cs;
        }
    }
    grid.into_iter()
        .map(|row| Line {
            cells: row
                .into_iter()
                .map(|c| c.unwrap_or(Cell::Spanned))
                .collect(),
        })
        .collect()
}

/// The value of attribute `name` in a tag's attribute text, lower-cased
/// (for names and numbers).
pub(crate) fn attr(attrs: &str, name: &str) -> Option<String> {
    attr_raw(attrs, name).map(|v| v.to_ascii_lowercase())
}

/// The value of attribute `name` (lower-case) as written.
pub(crate) fn attr_raw(attrs: &str, name: &str) -> Option<String> {
    // ASCII lower-casing keeps every byte offset, so positions found in
    // `lower` cut `attrs`.
    let lower = attrs.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || !bytes[at - 1].is_ascii_alphanumeric() && bytes[at - 1] != b'-';
        if !before_ok {
            continue;
        }
        let rest = attrs[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest
                .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .next()
                .unwrap_or(""),
        };
        return Some(value.to_owned());
    }
    None
}

/// Decodes character references; an unknown one stays as written.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // An entity is short; look no further than this for its ';'.
        let end = rest
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(j, _)| j);
        let decoded = end.and_then(|j| entity(&rest[1..j]).map(|c| (c, j)));
        match decoded {
            Some((c, j)) => {
                out.push(c);
                rest = &rest[j + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        return Some(
            char::from_u32(code)
                .filter(|c| *c != '\0')
                .unwrap_or('\u{FFFD}'),
        );
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "middot" => '·',
        "times" => '×',
        "yen" => '¥',
        "shy" => '\u{AD}',
        _ => return None,
    })
}

/// Elements whose content is not page text.
const SKIPPED: [&str; 6] = ["script", "style", "head", "title", "noscript", "template"];

/// Elements that end a line.
const BLOCKS: [&str; 24] = [
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "blockquote",
    "pre",
    "hr",
    "header",
    "footer",
    "center",
    "caption",
];

pub(crate) fn read(src: &str) -> Doc {
    let mut b = GridBuilder::<Html>::default();
    let mut meta = Meta::default();
    let mut i = 0;
    let bytes = src.as_bytes();
    let mut skip_until: Option<&'static str> = None;
    while i < src.len() {
        if bytes[i] != b'<' {
            let end = src[i..].find('<').map_or(src.len(), |j| i + j);
            if skip_until.is_none() {
                push_collapsed(b.target(), &decode_entities(&src[i..end]));
            }
            i = end;
            continue;
        }
        let rest = &src[i..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment.find("-->").map_or(src.len(), |j| i + 4 + j + 3);
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            let end = rest.find("]]>").map_or(src.len(), |j| i + j);
            if skip_until.is_none() {
                push_collapsed(b.target(), &src[i + 9..end.max(i + 9)]);
            }
            i = (end + 3).min(src.len());
            continue;
        }
        let after = rest.as_bytes().get(1).copied().unwrap_or(b' ');
        if after == b'!' || after == b'?' {
            i = rest.find('>').map_or(src.len(), |j| i + j + 1);
            continue;
        }
        let closing = after == b'/';
        let name_start = if closing { 2 } else { 1 };
        let name_len = rest[name_start..]
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b':')
            .count();
        if name_len == 0 || !rest.as_bytes()[name_start].is_ascii_alphabetic() {
            // A lone 「<」 in text.
            if skip_until.is_none() {
                push_collapsed(b.target(), "<");
            }
            i += 1;
            continue;
        }
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        // The tag ends at the first '>' outside quotes.
        let mut quote: Option<u8> = None;
        let mut end = None;
        for (j, &c) in rest
            .as_bytes()
            .iter()
            .enumerate()
            .skip(name_start + name_len)
        {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(c),
                (None, b'>') => {
                    end = Some(j);
                    break;
                }
                _ => {}
            }
        }
        let end = end.unwrap_or(rest.len().saturating_sub(1));
        let attrs = rest.get(name_start + name_len..end).unwrap_or("");
        i += end + 1;

        // What the page says about the article outside its text.
        if !closing && matches!(skip_until, None | Some("head")) {
            if name == "meta" {
                read_meta(attrs, &mut meta);
            } else if name == "title" {
                let close = find_ci(&src[i..], "</title").map_or(src.len(), |j| i + j);
                let mut t = String::new();
                push_collapsed(&mut t, &decode_entities(&src[i..close]));
                if !trim(&t).is_empty() {
                    meta.titles.push(trim(&t).to_owned());
                }
                i = close;
                continue;
            }
        }

        if let Some(until) = skip_until {
            // A page without </head> still has a body.
            let body_starts = until == "head" && !closing && name == "body";
            if closing && name == until || body_starts {
                skip_until = None;
            }
            continue;
        }
        if !closing {
            if let Some(s) = SKIPPED.iter().find(|s| **s == name) {
                if !attrs.trim_end().ends_with('/') {
                    skip_until = Some(s);
                }
                continue;
            }
        }
        match (closing, name.as_str()) {
            (false, "table") => b.open_table(),
            (true, "table") => b.close_table(),
            (false, "tr") => b.open_row(),
            (true, "tr") => b.close_row(),
            (false, "td" | "th") => {
                let span = HtmlSpan {
                    rows: parse_span(attr(attrs, "rowspan").as_deref()),
                    cols: parse_span(attr(attrs, "colspan").as_deref()),
                };
                // A cell outside any table: treat it as a paragraph break.
                if !b.open_cell(span) {
                    b.end_line();
                }
            }
            (true, "td" | "th") => b.close_cell(),
            (_, n) if BLOCKS.contains(&n) => b.end_line(),
            _ => {}
        }
    }
    let mut doc = b.finish();
    doc.meta = meta;
    doc
}

/// The first place of an ASCII `needle` in `hay`, ignoring case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The article's title and source from a `<meta>` tag, as government
/// sites write them (`ArticleTitle`, `ContentSource`) and as sharing
/// buttons do (`og:title`).
fn read_meta(attrs: &str, meta: &mut Meta) {
    let Some(name) = attr(attrs, "name").or_else(|| attr(attrs, "property")) else {
        return;
    };
    let Some(content) = attr_raw(attrs, "content") else {
        return;
    };
    let mut value = String::new();
    push_collapsed(&mut value, &decode_entities(&content));
    let value = trim(&value).to_owned();
    if value.is_empty() {
        return;
    }
    match name.as_str() {
        "articletitle" | "og:title" | "title" | "subject" => meta.titles.push(value),
        "contentsource" => meta.source = Some(value),
        _ => {}
    }
}

//! Word documents (`.docx`): our own export and reports written in Word or
//! WPS whose tables follow the format.
//!
//! Only the main part is read (with `zip`, the app's own bounds-checked
//! reader): the one `_rels/.rels` names (Word Online saves
//! `word/document2.xml`), else `word/document.xml`; by a small tolerant tag
//! walker, into the same lines the text
//! reader makes: one line per paragraph (a `<w:br/>` also ends a line; a
//! paragraph with `<w:tab/>`s is a row of cells, as in text), one line per
//! table row. A cell spanning columns (`<w:gridSpan>`) is followed by
//! `Cell::Spanned` for the columns it covers, and a cell continuing a
//! vertical merge (`<w:vMerge/>` without `restart`) is `Cell::Spanned`
//! itself, so rows line up as in HTML.
//!
//! Deleted text of tracked changes (`<w:del>`), field codes
//! (`<w:instrText>`) and the fallback copy of drawings (`<mc:Fallback>`)
//! are skipped, so no text is read twice.

use super::grid_builder::{parse_span, GridBuilder, GridCell, Markup};
use super::html::{attr, attr_raw, decode_entities};
use super::lines::{Cell, Doc, Line};
use super::report;
use super::text::split_line;
use super::{ImportError, Imported, SourceKind};
use crate::domain::zip;

/// The part of a .docx that holds the body text when `_rels/.rels` does
/// not say otherwise.
const DOCUMENT: &str = "word/document.xml";

/// The package's relationships, which name the main part.
const PACKAGE_RELS: &str = "_rels/.rels";

pub(crate) fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    let bad = |e: zip::ZipError| ImportError::BadDocx(e.to_string());
    let entries = zip::list(bytes).map_err(bad)?;
    // Part names are case-insensitive; a leading 「/」 names the root.
    let entry = |name: &str| {
        let name = name.trim_start_matches('/');
        entries.iter().find(|e| e.name.eq_ignore_ascii_case(name))
    };
    let main = match entry(PACKAGE_RELS) {
        Some(rels) => main_part(&String::from_utf8_lossy(
            &zip::read(bytes, rels).map_err(bad)?,
        )),
        None => None,
    };
    let Some(part) = entry(main.as_deref().unwrap_or(DOCUMENT)) else {
        // A zip without a Word body: an archive.
        return Err(ImportError::Archive);
    };
    let xml = zip::read(bytes, part).map_err(bad)?;
    let xml = String::from_utf8_lossy(&xml);
    // The main part of a spreadsheet or a presentation is no Word body.
    if !xml.contains("<w:body") {
        return Err(ImportError::Archive);
    }
    report::read(lines(&xml), SourceKind::Docx)
}

/// The target of the `officeDocument` relationship: 「word/document.xml」,
/// or 「word/document2.xml」 as Word Online saves it.
fn main_part(rels: &str) -> Option<String> {
    rels.split('<')
        .filter(|tag| tag.starts_with("Relationship ") || tag.starts_with("Relationship\t"))
        .find(|tag| attr_raw(tag, "type").is_some_and(|t| t.ends_with("/officeDocument")))
        .and_then(|tag| attr_raw(tag, "target"))
}

/// What a Word table cell records about its spans.
#[derive(Debug)]
struct WordSpan {
    /// Columns covered (`<w:gridSpan>`).
    cols: usize,
    /// Continues the vertical merge of the cell above.
    merged: bool,
}

/// Word's side of the table builder.
struct Word;

impl Markup for Word {
    type Span = WordSpan;

    /// A paragraph with tabs is a row of cells, as in text.
    fn paragraph(text: &str) -> Line {
        split_line(text)
    }

    fn table(rows: Vec<Vec<GridCell<WordSpan>>>, out: &mut Vec<Line>) {
        for row in rows {
            let mut cells = Vec::new();
            for c in row {
                if c.span.merged {
                    cells.push(Cell::Spanned);
                } else {
                    cells.push(Cell::Text(c.joined()));
                }
                cells.extend((1..c.span.cols).map(|_| Cell::Spanned));
            }
            out.push(Line { cells });
        }
    }
}

/// Elements whose text is not the document's text.
/// Paragraph properties hold tab stops (`<w:tab w:pos=…/>`), which are no
/// tabs in the text.
const SKIPPED: [&str; 6] = [
    "w:del",
    "w:delText",
    "w:instrText",
    "mc:Fallback",
    "w:rPr",
    "w:pPr",
];

/// The lines of a `document.xml`.
pub(crate) fn lines(xml: &str) -> Doc {
    let mut w = GridBuilder::<Word>::default();
    // Depth inside a skipped element, and inside `<w:t>`.
    let mut skip: Option<(&'static str, usize)> = None;
    let mut in_text = false;
    let mut i = 0;
    while i < xml.len() {
        let rest = &xml[i..];
        if !rest.starts_with('<') {
            let end = rest.find('<').map_or(xml.len(), |j| i + j);
            if in_text && skip.is_none() {
                let t = decode_entities(&xml[i..end]);
                w.target().push_str(&t);
            }
            i = end;
            continue;
        }
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment.find("-->").map_or(xml.len(), |j| i + 4 + j + 3);
            continue;
        }
        if let Some(cdata) = rest.strip_prefix("<![CDATA[") {
            let end = cdata.find("]]>").unwrap_or(cdata.len());
            if in_text && skip.is_none() {
                w.target().push_str(&cdata[..end]);
            }
            i += 9 + end + 3;
            continue;
        }
        let Some(close) = rest.find('>') else {
            break;
        };
        let tag = &rest[1..close];
        i += close + 1;
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        let closing = tag.starts_with('/');
        let self_closing = tag.ends_with('/');
        let body = tag.trim_start_matches('/').trim_end_matches('/');
        let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
        let (name, attrs) = body.split_at(name_end);

        if let Some((skipped, depth)) = skip.as_mut() {
            if name == *skipped && !self_closing {
                if closing {
                    *depth -= 1;
                    if *depth == 0 {
                        skip = None;
                    }
                } else {
                    *depth += 1;
                }
            }
            continue;
        }
        if !closing && !self_closing {
            if let Some(s) = SKIPPED.iter().find(|s| **s == name) {
                skip = Some((s, 1));
                continue;
            }
        }
        match (closing, name) {
            (false, "w:t") => in_text = !self_closing,
            (true, "w:t") => in_text = false,
            (false, "w:tab") if self_closing => w.target().push('\t'),
            (false, "w:br" | "w:cr") => w.end_line(),
            (false, "w:noBreakHyphen") => w.target().push('-'),
            (true, "w:p") => w.end_line(),
            (false, "w:tbl") if !self_closing => w.open_table(),
            (true, "w:tbl") => w.close_table(),
            (false, "w:tr") if !self_closing => w.open_row(),
            (true, "w:tr") => w.close_row(),
            (false, "w:tc") if !self_closing => {
                // A cell outside any table is ignored: its text joins the
                // paragraph.
                w.open_cell(WordSpan {
                    cols: 1,
                    merged: false,
                });
            }
            (true, "w:tc") => w.close_cell(),
            (false, "w:gridSpan") => {
                let cols = parse_span(attr(attrs, "w:val").as_deref());
                if let Some(c) = w.cell_mut() {
                    c.span.cols = cols;
                }
            }
            (false, "w:vMerge") => {
                // No value, or 「continue」: the cell continues the one above.
                let restart = attr(attrs, "w:val").is_some_and(|v| v.trim() == "restart");
                if let Some(c) = w.cell_mut() {
                    c.span.merged = !restart;
                }
            }
            _ => {}
        }
    }
    w.finish()
}

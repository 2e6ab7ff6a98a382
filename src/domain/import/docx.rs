//! Word documents (`.docx`): our own export and reports written in Word or
//! WPS whose tables follow the format.
//!
//! Only `word/document.xml` is read (with `zip`, the app's own bounds-checked
//! reader), by a small tolerant tag walker, into the same lines the text
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

use super::html::{attr, decode_entities};
use super::lines::{trim, Cell, Doc, Line};
use super::report;
use super::text::split_line;
use super::{ImportError, Imported, SourceKind};
use crate::domain::zip;

/// The part of a .docx that holds the body text.
const DOCUMENT: &str = "word/document.xml";

pub(crate) fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    let xml = match zip::read_entry(bytes, DOCUMENT) {
        Ok(Some(xml)) => xml,
        // A zip without a Word body: an .xlsx, a .pptx, an archive.
        Ok(None) => return Err(ImportError::Archive),
        Err(e) => return Err(ImportError::BadDocx(e.to_string())),
    };
    let xml = String::from_utf8_lossy(&xml);
    report::read(lines(&xml), SourceKind::Docx)
}

/// One cell of a table being read.
#[derive(Debug, Default)]
struct TableCell {
    text: String,
    span: usize,
    /// Continues the vertical merge of the cell above.
    merged: bool,
}

#[derive(Debug, Default)]
struct Table {
    rows: Vec<Vec<TableCell>>,
    row: Option<Vec<TableCell>>,
    cell: Option<TableCell>,
    /// Holds another table: page layout, its cells flow as paragraphs.
    layout: bool,
}

/// The most columns a cell may span (a hostile value costs nothing).
const MAX_SPAN: usize = 64;

#[derive(Debug, Default)]
struct Walker {
    lines: Vec<Line>,
    /// The paragraph being read, outside tables.
    para: String,
    tables: Vec<Table>,
}

impl Walker {
    fn text_target(&mut self) -> &mut String {
        match self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            Some(c) => &mut c.text,
            None => &mut self.para,
        }
    }

    /// Ends a line: a paragraph (split at tabs into cells), or a line in
    /// the open cell.
    fn end_line(&mut self) {
        if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            if !cell.text.is_empty() && !cell.text.ends_with('\n') {
                cell.text.push('\n');
            }
            return;
        }
        let p = std::mem::take(&mut self.para);
        if !trim(&p).is_empty() {
            self.lines.push(split_line(&p));
        }
    }

    fn emit_text(&mut self, t: &str) {
        for piece in t.split('\n') {
            if !trim(piece).is_empty() {
                self.lines.push(split_line(piece));
            }
        }
    }

    fn open_table(&mut self) {
        self.end_line();
        let mut flushed = Vec::new();
        if let Some(outer) = self.tables.last_mut() {
            if outer.cell.is_some() {
                outer.layout = true;
                for row in outer.rows.drain(..) {
                    flushed.extend(row.into_iter().map(|c| c.text));
                }
                if let Some(row) = outer.row.as_mut() {
                    flushed.extend(row.drain(..).map(|c| c.text));
                }
                if let Some(cell) = outer.cell.as_mut() {
                    flushed.push(std::mem::take(&mut cell.text));
                }
            }
        }
        for t in flushed {
            self.emit_text(&t);
        }
        self.tables.push(Table::default());
    }

    fn open_row(&mut self) {
        self.close_row();
        if let Some(t) = self.tables.last_mut() {
            t.row = Some(Vec::new());
        }
    }

    fn open_cell(&mut self) {
        self.close_cell();
        if let Some(t) = self.tables.last_mut() {
            t.row.get_or_insert_with(Vec::new);
            t.cell = Some(TableCell {
                span: 1,
                ..TableCell::default()
            });
        }
    }

    fn cell_mut(&mut self) -> Option<&mut TableCell> {
        self.tables.last_mut().and_then(|t| t.cell.as_mut())
    }

    fn close_cell(&mut self) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        let Some(cell) = t.cell.take() else {
            return;
        };
        if t.layout {
            self.emit_text(&cell.text);
            return;
        }
        t.row.get_or_insert_with(Vec::new).push(cell);
    }

    fn close_row(&mut self) {
        self.close_cell();
        if let Some(t) = self.tables.last_mut() {
            if let Some(row) = t.row.take() {
                if !t.layout && !row.is_empty() {
                    t.rows.push(row);
                }
            }
        }
    }

    fn close_table(&mut self) {
        self.close_row();
        let Some(t) = self.tables.pop() else {
            return;
        };
        if t.layout {
            return;
        }
        for row in t.rows {
            let mut cells = Vec::new();
            for c in row {
                if c.merged {
                    cells.push(Cell::Spanned);
                } else {
                    let text: Vec<&str> = c
                        .text
                        .split('\n')
                        .map(trim)
                        .filter(|s| !s.is_empty())
                        .collect();
                    cells.push(Cell::Text(text.join(" ")));
                }
                cells.extend((1..c.span).map(|_| Cell::Spanned));
            }
            self.lines.push(Line { cells });
        }
    }

    fn finish(mut self) -> Doc {
        while !self.tables.is_empty() {
            self.close_table();
        }
        self.end_line();
        Doc {
            lines: self.lines,
            hard_breaks: true,
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
    let mut w = Walker::default();
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
                w.text_target().push_str(&t);
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
                w.text_target().push_str(&cdata[..end]);
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
            (false, "w:tab") if self_closing => w.text_target().push('\t'),
            (false, "w:br" | "w:cr") => w.end_line(),
            (false, "w:noBreakHyphen") => w.text_target().push('-'),
            (true, "w:p") => w.end_line(),
            (false, "w:tbl") if !self_closing => w.open_table(),
            (true, "w:tbl") => w.close_table(),
            (false, "w:tr") if !self_closing => w.open_row(),
            (true, "w:tr") => w.close_row(),
            (false, "w:tc") if !self_closing => w.open_cell(),
            (true, "w:tc") => w.close_cell(),
            (false, "w:gridSpan") => {
                let span = attr(attrs, "w:val")
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, MAX_SPAN);
                if let Some(c) = w.cell_mut() {
                    c.span = span;
                }
            }
            (false, "w:vMerge") => {
                // No value, or 「continue」: the cell continues the one above.
                let restart = attr(attrs, "w:val").is_some_and(|v| v.trim() == "restart");
                if let Some(c) = w.cell_mut() {
                    c.merged = !restart;
                }
            }
            _ => {}
        }
    }
    w.finish()
}

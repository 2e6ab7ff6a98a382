//! The table state machine of the markup readers (HTML and Word): open and
//! close tables, rows and cells as their tags arrive, collect text into the
//! open cell or paragraph, and turn the result into lines.
//!
//! Both formats nest tables and leave tags unclosed in the same ways, so one
//! builder keeps their handling identical:
//!
//! - Opening a row or a cell closes the one still open, as browsers do.
//! - A cell pushed without an open row starts one; an empty row is dropped.
//! - A table opened inside a cell makes the outer table page layout: what
//!   it held so far, and every cell it closes later, flows as paragraphs,
//!   and the outer table itself gives no rows.
//! - Whatever is still open at the end is closed.
//!
//! What differs is said by `Markup`: how a paragraph becomes a line (Word
//! splits at tabs, HTML does not), what a cell records about its spans, and
//! how a finished table's rows become lines.

use std::marker::PhantomData;

use super::lines::{trim, Doc, Line};

/// The most columns or rows a cell may span: a hostile value
/// (`colspan="1000000"`) then costs nothing.
const MAX_SPAN: usize = 64;

/// A span as written in an attribute: a whole number from 1 to
/// `MAX_SPAN`; anything else (missing, 0, junk) is 1.
pub(crate) fn parse_span(value: Option<&str>) -> usize {
    value
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_SPAN)
}

/// What differs between the readers that use `GridBuilder`.
pub(crate) trait Markup {
    /// What a cell records besides its text: its spans.
    type Span;

    /// A paragraph's text (or one line of a layout cell) as a line; only
    /// called for text that is not blank.
    fn paragraph(text: &str) -> Line;

    /// The rows of a finished table that is not page layout, as lines.
    fn table(rows: Vec<Vec<GridCell<Self::Span>>>, out: &mut Vec<Line>);

    /// Text that may hold line breaks, as paragraphs: its non-blank lines.
    fn paragraphs(text: &str, out: &mut Vec<Line>) {
        for piece in text.split('\n') {
            if !trim(piece).is_empty() {
                out.push(Self::paragraph(piece));
            }
        }
    }
}

/// One cell of a table being read.
#[derive(Debug)]
pub(crate) struct GridCell<S> {
    /// The cell's text; a line break inside a cell is kept as `\n`.
    pub text: String,
    pub span: S,
}

impl<S> GridCell<S> {
    /// The cell's text as one line: its lines trimmed and joined by a
    /// space, so a label broken over lines is one label.
    pub fn joined(&self) -> String {
        self.text
            .split('\n')
            .map(trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Debug)]
struct Table<S> {
    rows: Vec<Vec<GridCell<S>>>,
    row: Option<Vec<GridCell<S>>>,
    cell: Option<GridCell<S>>,
    /// Holds another table: page layout, its cells flow as paragraphs.
    layout: bool,
}

impl<S> Default for Table<S> {
    // Not derived: the derive would require `S: Default`.
    fn default() -> Self {
        Table {
            rows: Vec::new(),
            row: None,
            cell: None,
            layout: false,
        }
    }
}

/// The lines read so far, the paragraph being read outside tables, and the
/// tables open, innermost last.
pub(crate) struct GridBuilder<M: Markup> {
    lines: Vec<Line>,
    para: String,
    tables: Vec<Table<M::Span>>,
    markup: PhantomData<M>,
}

impl<M: Markup> Default for GridBuilder<M> {
    // Not derived: the derive would require `M: Default`.
    fn default() -> Self {
        GridBuilder {
            lines: Vec::new(),
            para: String::new(),
            tables: Vec::new(),
            markup: PhantomData,
        }
    }
}

impl<M: Markup> GridBuilder<M> {
    /// Where text goes: the open cell of the innermost table, else the
    /// paragraph.
    pub fn target(&mut self) -> &mut String {
        match self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            Some(c) => &mut c.text,
            None => &mut self.para,
        }
    }

    /// The open cell of the innermost table, for span tags that come after
    /// the cell's opening tag.
    pub fn cell_mut(&mut self) -> Option<&mut GridCell<M::Span>> {
        self.tables.last_mut().and_then(|t| t.cell.as_mut())
    }

    /// The cells of the innermost table's open row, the open cell closed
    /// first: for what a format says of a row's cells only at its end
    /// (Word 97's merges).
    pub fn row_mut(&mut self) -> Option<&mut Vec<GridCell<M::Span>>> {
        self.close_cell();
        self.tables.last_mut().and_then(|t| t.row.as_mut())
    }

    /// Ends a line: the paragraph, or a line inside the open cell.
    pub fn end_line(&mut self) {
        if let Some(cell) = self.cell_mut() {
            if !cell.text.is_empty() && !cell.text.ends_with('\n') {
                cell.text.push('\n');
            }
            return;
        }
        let p = std::mem::take(&mut self.para);
        if !trim(&p).is_empty() {
            self.lines.push(M::paragraph(&p));
        }
    }

    pub fn open_table(&mut self) {
        self.end_line();
        let mut flushed = Vec::new();
        if let Some(outer) = self.tables.last_mut() {
            if outer.cell.is_some() {
                // A table inside a cell: the outer one is layout. What it
                // held so far flows as paragraphs, before the inner table.
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
            M::paragraphs(&t, &mut self.lines);
        }
        self.tables.push(Table::default());
    }

    pub fn open_row(&mut self) {
        self.close_row();
        if let Some(t) = self.tables.last_mut() {
            t.row = Some(Vec::new());
        }
    }

    /// Opens a cell in the innermost table. False when no table is open:
    /// what a stray cell tag means is the reader's to say.
    pub fn open_cell(&mut self, span: M::Span) -> bool {
        self.close_cell();
        let Some(t) = self.tables.last_mut() else {
            return false;
        };
        t.row.get_or_insert_with(Vec::new);
        t.cell = Some(GridCell {
            text: String::new(),
            span,
        });
        true
    }

    pub fn close_cell(&mut self) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        let Some(cell) = t.cell.take() else {
            return;
        };
        if t.layout {
            M::paragraphs(&cell.text, &mut self.lines);
            return;
        }
        t.row.get_or_insert_with(Vec::new).push(cell);
    }

    pub fn close_row(&mut self) {
        self.close_cell();
        if let Some(t) = self.tables.last_mut() {
            if let Some(row) = t.row.take() {
                if !t.layout && !row.is_empty() {
                    t.rows.push(row);
                }
            }
        }
    }

    pub fn close_table(&mut self) {
        self.close_row();
        let Some(t) = self.tables.pop() else {
            return;
        };
        if !t.layout {
            M::table(t.rows, &mut self.lines);
        }
    }

    /// The lines of the document, closing what is still open.
    pub fn finish(mut self) -> Doc {
        while !self.tables.is_empty() {
            self.close_table();
        }
        self.end_line();
        Doc {
            lines: self.lines,
            hard_breaks: true,
            meta: Default::default(),
        }
    }
}

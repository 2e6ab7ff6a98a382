//! The report as plain text, laid out like the text versions agencies
//! publish (see `shared/reports/2021_laocheng-jiguan-shiwu.txt`): the title,
//! each heading on its own line, paragraphs separated by a blank line, and
//! each table row as tab-separated cells, so that a table pastes into Excel
//! or WPS as a table.
//!
//! Every table row has one cell per grid column: a spanning cell's text is
//! in its first position and the positions it covers are empty, so columns
//! line up (table 三: three label columns, then the seven numbers).
//!
//! Encoded as UTF-8 with a byte-order mark and CRLF line ends, which every
//! Notepad since Windows XP opens as Chinese text.

use super::{
    is_printable, paragraphs, preamble_text, section_text, signature_lines, tables, Slot, Table,
};
use crate::domain::format::SECTIONS;
use crate::domain::model::Report;

const BOM: &str = "\u{FEFF}";
const CRLF: &str = "\r\n";

/// Lines of the file, joined with CRLF at the end.
struct Lines(String);

impl Lines {
    /// One line; a line break inside (an agency name pasted with one) would
    /// split it, so it becomes a space.
    fn line(&mut self, text: &str) {
        let chars = text.chars().filter(|&c| is_printable(c));
        self.0
            .extend(chars.map(|c| if matches!(c, '\r' | '\n') { ' ' } else { c }));
        self.0.push_str(CRLF);
    }

    fn blank(&mut self) {
        self.0.push_str(CRLF);
    }

    /// A user's text: its paragraphs, each followed by a blank line.
    fn text(&mut self, text: &str) {
        for p in paragraphs(text) {
            self.line(p);
            self.blank();
        }
    }

    fn table(&mut self, table: &Table) {
        for row in table.grid() {
            let cells: Vec<String> = row
                .iter()
                .map(|slot| match slot {
                    // A tab or line break inside a cell would break the row.
                    Slot::Start(cell) => cell
                        .text
                        .chars()
                        .map(|c| if c.is_whitespace() { ' ' } else { c })
                        .collect(),
                    Slot::Below(_) | Slot::Covered | Slot::Empty => String::new(),
                })
                .collect();
            self.line(&cells.join("\t"));
        }
        self.blank();
    }
}

/// The report as a .txt file's bytes.
pub fn to_txt(report: &Report) -> Vec<u8> {
    let mut out = Lines(String::from(BOM));
    out.line(&report.title());
    out.blank();
    if let Some(preamble) = preamble_text(report) {
        out.text(&preamble);
    }
    let tables = tables(report);
    for section in &SECTIONS {
        out.line(section.heading);
        out.blank();
        if let Some(text) = section_text(report, section.id) {
            out.text(text);
        }
        if let Some((_, table)) = tables.iter().find(|(s, _)| *s == section.id) {
            out.table(table);
        }
    }
    if let Some((agency, date)) = signature_lines(report) {
        for line in [agency, date] {
            if !line.is_empty() {
                out.line(&line);
            }
        }
    }
    out.0.into_bytes()
}

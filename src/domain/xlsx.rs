//! A small .xlsx (SpreadsheetML) writer: sheets of text and numbers, merged
//! ranges, column widths, a frozen header row and five cell styles. Enough
//! for the batch view's two workbooks (`batch::files`), in plain Rust on top
//! of `zip`.
//!
//! Why not rust_xlsxwriter: built alone for wasm32 (opt-level z, LTO,
//! wasm-opt -Oz) it is 558,877 bytes (252,711 gzip), more than the rest of
//! the batch worker, and brings its own zip, deflate and CRC crates beside
//! the ones the app has. This writer adds a few KB (README, figures).
//!
//! What every office suite reads: strings go into the shared string table
//! as Excel itself writes them (inline strings are optional for readers),
//! every part is one the Office Open XML schema requires, with the
//! relationships a workbook saved by Excel has. Numbers are
//! written as the exact decimal text (`12`, `0.5000` → `0.5000`), never
//! through a float. Text is escaped with the exporters' escaping writer,
//! which drops characters XML 1.0 forbids.

use super::export::push_escaped;
use super::zip::{Method, ZipError, ZipWriter};

/// Excel's limit on the characters of one cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Excel's limit on a sheet name.
const MAX_SHEET_NAME_CHARS: usize = 31;

/// How a cell is drawn: the index of its `<xf>` in `styles.xml`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Style {
    /// No border: titles and notes above a table.
    Plain,
    /// Bold, centred, wrapped, thin border: column headers.
    Header,
    /// Wrapped, thin border, left: labels and text.
    Text,
    /// Thin border, right: numbers.
    Number,
    /// Thin border, pale yellow fill: a sum with unknown parts (不完整).
    Marked,
}

impl Style {
    fn index(self) -> usize {
        match self {
            Style::Plain => 0,
            Style::Header => 1,
            Style::Text => 2,
            Style::Number => 3,
            Style::Marked => 4,
        }
    }
}

/// A cell's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Text(String),
    /// A number as exact decimal text: digits, at most one point, an
    /// optional leading minus. Anything else is written as text.
    Number(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Cell {
    row: u32,
    col: u32,
    value: Value,
    style: Style,
}

/// One worksheet, filled cell by cell (rows and columns from 0).
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    name: String,
    cells: Vec<Cell>,
    /// Merged ranges: first row, first column, last row, last column.
    merges: Vec<(u32, u32, u32, u32)>,
    /// Column widths in characters, by column.
    widths: Vec<(u32, f64)>,
    /// Rows kept in view when scrolling (a header).
    frozen_rows: u32,
}

impl Sheet {
    /// A sheet; the name is cut to what Excel allows and characters it
    /// refuses in names (`[]:*?/\`) are replaced.
    pub fn new(name: &str) -> Sheet {
        let name: String = name
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
            .take(MAX_SHEET_NAME_CHARS)
            .collect();
        Sheet {
            name,
            cells: Vec::new(),
            merges: Vec::new(),
            widths: Vec::new(),
            frozen_rows: 0,
        }
    }

    pub fn text(&mut self, row: u32, col: u32, text: &str, style: Style) {
        self.cells.push(Cell {
            row,
            col,
            value: Value::Text(text.to_owned()),
            style,
        });
    }

    /// A number cell; text that is not a plain decimal number becomes a
    /// text cell, so nothing a report typed can break the sheet's XML.
    pub fn number(&mut self, row: u32, col: u32, number: &str, style: Style) {
        let value = if is_decimal(number) {
            Value::Number(number.to_owned())
        } else {
            Value::Text(number.to_owned())
        };
        self.cells.push(Cell {
            row,
            col,
            value,
            style,
        });
    }

    /// Merges a range of `rows` × `cols` cells starting at `(row, col)`;
    /// the top-left cell holds the content.
    pub fn merge(&mut self, row: u32, col: u32, rows: u32, cols: u32) {
        if rows > 1 || cols > 1 {
            self.merges
                .push((row, col, row + rows.max(1) - 1, col + cols.max(1) - 1));
        }
    }

    pub fn width(&mut self, col: u32, chars: f64) {
        self.widths.push((col, chars));
    }

    pub fn freeze_rows(&mut self, rows: u32) {
        self.frozen_rows = rows;
    }

    fn xml(&self, strings: &mut Strings) -> String {
        let mut out = String::with_capacity(64 + self.cells.len() * 40);
        out.push_str(XML_HEAD);
        out.push_str(
            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
             xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">",
        );
        out.push_str("<sheetViews><sheetView workbookViewId=\"0\">");
        if self.frozen_rows > 0 {
            out.push_str(&format!(
                "<pane ySplit=\"{n}\" topLeftCell=\"A{top}\" activePane=\"bottomLeft\" state=\"frozen\"/>",
                n = self.frozen_rows,
                top = self.frozen_rows + 1
            ));
        }
        out.push_str("</sheetView></sheetViews>");
        out.push_str("<sheetFormatPr defaultRowHeight=\"15\"/>");
        if !self.widths.is_empty() {
            let mut widths = self.widths.clone();
            widths.sort_by_key(|w| w.0);
            widths.dedup_by_key(|w| w.0);
            out.push_str("<cols>");
            for (col, w) in widths {
                out.push_str(&format!(
                    "<col min=\"{c}\" max=\"{c}\" width=\"{w:.1}\" customWidth=\"1\"/>",
                    c = col + 1
                ));
            }
            out.push_str("</cols>");
        }
        out.push_str("<sheetData>");
        // Rows in order, cells in order within a row: the schema requires it.
        let mut cells: Vec<&Cell> = self.cells.iter().collect();
        cells.sort_by_key(|c| (c.row, c.col));
        cells.dedup_by_key(|c| (c.row, c.col));
        let mut open: Option<u32> = None;
        for c in cells {
            if open != Some(c.row) {
                if open.is_some() {
                    out.push_str("</row>");
                }
                out.push_str(&format!("<row r=\"{}\">", c.row + 1));
                open = Some(c.row);
            }
            let r = cell_ref(c.row, c.col);
            let s = c.style.index();
            match &c.value {
                Value::Number(n) => {
                    out.push_str(&format!("<c r=\"{r}\" s=\"{s}\"><v>{n}</v></c>"));
                }
                Value::Text(t) if t.is_empty() => {
                    out.push_str(&format!("<c r=\"{r}\" s=\"{s}\"/>"));
                }
                Value::Text(t) => {
                    let i = strings.index(t);
                    out.push_str(&format!("<c r=\"{r}\" s=\"{s}\" t=\"s\"><v>{i}</v></c>"));
                }
            }
        }
        if open.is_some() {
            out.push_str("</row>");
        }
        out.push_str("</sheetData>");
        if !self.merges.is_empty() {
            out.push_str(&format!("<mergeCells count=\"{}\">", self.merges.len()));
            for (r0, c0, r1, c1) in &self.merges {
                out.push_str(&format!(
                    "<mergeCell ref=\"{}:{}\"/>",
                    cell_ref(*r0, *c0),
                    cell_ref(*r1, *c1)
                ));
            }
            out.push_str("</mergeCells>");
        }
        out.push_str(
            "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>",
        );
        out.push_str("</worksheet>");
        out
    }
}

/// True for the decimal text a `<v>` may hold as it is.
fn is_decimal(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let mut parts = digits.split('.');
    let whole = parts.next().unwrap_or_default();
    let frac = parts.next();
    parts.next().is_none()
        && !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// 「A1」 for row 0, column 0; columns run A…Z, AA…
pub fn cell_ref(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.reverse();
    let mut s: String = letters.into_iter().collect();
    s.push_str(&(row + 1).to_string());
    s
}

/// The shared string table, in order of first use.
#[derive(Default)]
struct Strings {
    list: Vec<String>,
    index: std::collections::HashMap<String, usize>,
    uses: usize,
}

impl Strings {
    fn index(&mut self, s: &str) -> usize {
        self.uses += 1;
        let s: String = s.chars().take(MAX_CELL_CHARS).collect();
        if let Some(i) = self.index.get(&s) {
            return *i;
        }
        let i = self.list.len();
        self.index.insert(s.clone(), i);
        self.list.push(s);
        i
    }

    fn xml(&self) -> String {
        let mut out = String::from(XML_HEAD);
        out.push_str(&format!(
            "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{}\" uniqueCount=\"{}\">",
            self.uses,
            self.list.len()
        ));
        for s in &self.list {
            // Leading or trailing spaces and line breaks are kept only with
            // xml:space="preserve".
            out.push_str("<si><t xml:space=\"preserve\">");
            push_escaped(&mut out, s);
            out.push_str("</t></si>");
        }
        out.push_str("</sst>");
        out
    }
}

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Fonts: 0 regular, 1 bold (宋体 is what Chinese Excel and WPS default to;
/// LibreOffice substitutes its CJK font). Fills: the two the schema
/// reserves, then pale yellow. Borders: none, thin. The five `<xf>` follow
/// `Style::index`.
const STYLES: &str = concat!(
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
    "<fonts count=\"2\">",
    "<font><sz val=\"11\"/><name val=\"宋体\"/><family val=\"2\"/><charset val=\"134\"/></font>",
    "<font><b/><sz val=\"11\"/><name val=\"宋体\"/><family val=\"2\"/><charset val=\"134\"/></font>",
    "</fonts>",
    "<fills count=\"3\">",
    "<fill><patternFill patternType=\"none\"/></fill>",
    "<fill><patternFill patternType=\"gray125\"/></fill>",
    "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFFFF2CC\"/><bgColor indexed=\"64\"/></patternFill></fill>",
    "</fills>",
    "<borders count=\"2\">",
    "<border><left/><right/><top/><bottom/><diagonal/></border>",
    "<border><left style=\"thin\"><color auto=\"1\"/></left><right style=\"thin\"><color auto=\"1\"/></right>",
    "<top style=\"thin\"><color auto=\"1\"/></top><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border>",
    "</borders>",
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>",
    "<cellXfs count=\"5\">",
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>",
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyBorder=\"1\" applyAlignment=\"1\">",
    "<alignment horizontal=\"center\" vertical=\"center\" wrapText=\"1\"/></xf>",
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyBorder=\"1\" applyAlignment=\"1\">",
    "<alignment vertical=\"center\" wrapText=\"1\"/></xf>",
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyBorder=\"1\" applyAlignment=\"1\">",
    "<alignment horizontal=\"right\" vertical=\"center\"/></xf>",
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"2\" borderId=\"1\" xfId=\"0\" applyFill=\"1\" applyBorder=\"1\" applyAlignment=\"1\">",
    "<alignment horizontal=\"right\" vertical=\"center\" wrapText=\"1\"/></xf>",
    "</cellXfs>",
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>",
    "</styleSheet>"
);

/// The workbook as the bytes of an .xlsx file.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, ZipError> {
    let mut strings = Strings::default();
    let sheet_xml: Vec<String> = sheets.iter().map(|s| s.xml(&mut strings)).collect();

    let mut types = String::from(XML_HEAD);
    types.push_str(concat!(
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>",
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>",
        "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>",
        "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>",
        "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>",
    ));
    for i in 1..=sheets.len() {
        types.push_str(&format!(
            "<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        ));
    }
    types.push_str("</Types>");

    let root_rels = format!(
        "{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
         </Relationships>"
    );

    let mut book = String::from(XML_HEAD);
    book.push_str(
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
         <bookViews><workbookView/></bookViews><sheets>",
    );
    let mut rels = String::from(XML_HEAD);
    rels.push_str(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for (i, s) in sheets.iter().enumerate() {
        let n = i + 1;
        book.push_str("<sheet name=\"");
        push_escaped(&mut book, &s.name);
        book.push_str(&format!("\" sheetId=\"{n}\" r:id=\"rId{n}\"/>"));
        rels.push_str(&format!(
            "<Relationship Id=\"rId{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"
        ));
    }
    book.push_str("</sheets></workbook>");
    let n = sheets.len();
    rels.push_str(&format!(
        "<Relationship Id=\"rId{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rId{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>\
         </Relationships>",
        n + 1,
        n + 2
    ));

    let mut zip = ZipWriter::new();
    zip.add("[Content_Types].xml", types.as_bytes(), Method::Deflated)?;
    zip.add("_rels/.rels", root_rels.as_bytes(), Method::Deflated)?;
    zip.add("xl/workbook.xml", book.as_bytes(), Method::Deflated)?;
    zip.add(
        "xl/_rels/workbook.xml.rels",
        rels.as_bytes(),
        Method::Deflated,
    )?;
    let styles = format!("{XML_HEAD}{STYLES}");
    zip.add("xl/styles.xml", styles.as_bytes(), Method::Deflated)?;
    zip.add(
        "xl/sharedStrings.xml",
        strings.xml().as_bytes(),
        Method::Deflated,
    )?;
    for (i, xml) in sheet_xml.iter().enumerate() {
        zip.add(
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            xml.as_bytes(),
            Method::Deflated,
        )?;
    }
    zip.finish()
}

/// The MIME type of an .xlsx download.
pub const MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::zip;

    #[test]
    fn cell_refs_run_past_z() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(9, 25), "Z10");
        assert_eq!(cell_ref(0, 26), "AA1");
        assert_eq!(cell_ref(0, 27 * 26), "AAA1");
    }

    #[test]
    fn only_plain_decimals_are_numbers() {
        for ok in ["0", "12", "0.5000", "-3", "96171.6"] {
            assert!(is_decimal(ok), "{ok}");
        }
        for bad in [
            "", "1e5", "1.", ".5", "1.2.3", "12件", "NaN", "--1", "1,000",
        ] {
            assert!(!is_decimal(bad), "{bad}");
        }
    }

    #[test]
    fn package_has_every_part_and_escapes_text() {
        let mut s = Sheet::new("检查结果");
        s.text(0, 0, "文件", Style::Header);
        s.text(1, 0, "a<b>&\"c\u{1}", Style::Text);
        s.number(1, 1, "12", Style::Number);
        s.number(1, 2, "12件", Style::Number);
        s.text(2, 0, "文件", Style::Text);
        s.merge(3, 0, 2, 3);
        s.freeze_rows(1);
        let bytes = workbook(&[s, Sheet::new("a/b[1]")]).expect("xlsx");
        let names: Vec<String> = zip::list(&bytes)
            .expect("zip")
            .into_iter()
            .map(|e| e.name)
            .collect();
        for part in [
            "[Content_Types].xml",
            "_rels/.rels",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
            "xl/sharedStrings.xml",
            "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet2.xml",
        ] {
            assert!(names.iter().any(|n| n == part), "{part}");
        }
        let read = |name: &str| {
            String::from_utf8(zip::read_entry(&bytes, name).unwrap().unwrap()).unwrap()
        };
        let sst = read("xl/sharedStrings.xml");
        // 「文件」 once in the table, used twice; the control character gone.
        assert!(sst.contains("count=\"4\" uniqueCount=\"3\""), "{sst}");
        assert!(sst.contains("a&lt;b&gt;&amp;&quot;c</t>"), "{sst}");
        let sheet = read("xl/worksheets/sheet1.xml");
        assert!(
            sheet.contains("<c r=\"B2\" s=\"3\"><v>12</v></c>"),
            "{sheet}"
        );
        // Text that is no number stays text.
        assert!(sheet.contains("<c r=\"C2\" s=\"3\" t=\"s\">"), "{sheet}");
        assert!(sheet.contains("<mergeCell ref=\"A4:C5\"/>"), "{sheet}");
        assert!(sheet.contains("state=\"frozen\""), "{sheet}");
        assert!(read("xl/workbook.xml").contains("name=\"a_b_1_\""));
    }
}

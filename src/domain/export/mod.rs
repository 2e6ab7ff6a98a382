//! Exporters: the report as a plain-text file, a web page, a JSON file and
//! a Word document, in plain Rust (the browser UI turns the bytes into a
//! download).
//!
//! What every format prints is decided here, once:
//! - a computed cell prints the total the app derives, else the total an
//!   imported report stated, else nothing; an entered cell prints its
//!   canonical form (`normalise`), or its text as typed when invalid;
//! - the preamble (前言) is the user's text, or `default_preamble`;
//! - the tables are built as one layout model (`Table`: rows of cells with
//!   row and column spans, as the official format prints them) that the
//!   .html, .docx and .txt writers all render.

pub mod docx;
pub mod html;
pub mod json;
pub mod txt;

use std::fmt;

use super::format::{
    CellId, SectionId, T2Cell, T3Col, T3Row, T4Col, T4Group, T2_BLOCKS, T2_CONTENT_HEADER,
    T3_APPLICANTS, T3_CORNER, T3_ORGS, T3_RESULTS_GROUP, T4_LITIGATION, T4_REVIEW, TITLE_SUFFIX,
};
use super::model::Report;
use super::number::{normalise, Sheet};
use super::zip::ZipError;

/// The file formats the report exports to.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Docx,
    Html,
    Txt,
    Json,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Docx, Format::Html, Format::Txt, Format::Json];

    /// The file extension, without the dot.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Txt => "txt",
            Format::Json => "json",
        }
    }

    /// The MIME type for the download.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Html => "text/html;charset=utf-8",
            Format::Txt => "text/plain;charset=utf-8",
            Format::Json => "application/json",
        }
    }
}

/// Why a report could not be exported. In practice neither happens for a
/// report of any size a person can type; they exist so that the UI shows a
/// message instead of a broken file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportError {
    Json(String),
    Zip(ZipError),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Json(e) => write!(f, "无法生成 JSON 文件：{e}"),
            ExportError::Zip(e) => write!(f, "无法生成 Word 文件：{e}"),
        }
    }
}

impl std::error::Error for ExportError {}

impl From<ZipError> for ExportError {
    fn from(e: ZipError) -> Self {
        ExportError::Zip(e)
    }
}

/// The report in `format`, as the bytes of the file.
pub fn export(report: &Report, format: Format) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Docx => docx::to_docx(report),
        Format::Html => Ok(html::to_html(report).into_bytes()),
        Format::Txt => Ok(txt::to_txt(report)),
        Format::Json => json::to_json(report).map(String::into_bytes),
    }
}

// ---------------------------------------------------------------------------
// What is printed
// ---------------------------------------------------------------------------

/// The text printed in a cell (see the module documentation).
pub fn cell_text(report: &Report, id: CellId) -> String {
    printed(report, report.derived_total(id), id)
}

/// `cell_text` with the derived total already known (the exporters use a
/// `Sheet`, which parses every cell once instead of once per total).
fn printed(report: &Report, derived: Option<u64>, id: CellId) -> String {
    match derived {
        Some(total) => total.to_string(),
        // A stated total is printed in canonical form too; invalid text
        // comes back as typed.
        None => normalise(report.cell(id), id.kind()),
    }
}

/// The laws the generated preamble cites. Not labels of the format, so
/// they live here rather than in `format.rs`.
const PREAMBLE_BASIS: &str = "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求编制。";

/// The preamble the app writes when the user has not written one:
/// who compiled the report under which rules, the statistics period, and
/// whom to contact. Contact parts left empty are omitted.
pub fn default_preamble(report: &Report) -> String {
    let p = &report.preamble;
    let office = match p.office.trim() {
        "" => report.agency.trim(),
        o => o,
    };
    let year = crate::domain::year::year_text(&report.year);
    let year = year.as_str();
    let mut s = String::from("本报告");
    if !office.is_empty() {
        s.push('由');
        s.push_str(office);
    }
    s.push_str(PREAMBLE_BASIS);
    if !year.is_empty() {
        s.push_str(&format!(
            "报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        ));
    }
    let contacts: Vec<String> = [
        ("地址", &p.address),
        ("邮编", &p.postcode),
        ("电话", &p.phone),
        ("电子邮箱", &p.email),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| format!("{k}：{}", v.trim()))
    .collect();
    let contacts = if contacts.is_empty() {
        String::new()
    } else {
        format!("（{}）", contacts.join("，"))
    };
    if !office.is_empty() {
        s.push_str(&format!("如对本报告有疑问，请与{office}联系{contacts}。"));
    } else if !contacts.is_empty() {
        s.push_str(&format!("如对本报告有疑问，请联系{contacts}。"));
    }
    s
}

/// The preamble to print, when the report has one.
pub fn preamble_text(report: &Report) -> Option<String> {
    let p = &report.preamble;
    if !p.enabled {
        return None;
    }
    Some(match p.text.trim() {
        "" => default_preamble(report),
        t => t.to_owned(),
    })
}

/// The signature (落款) to print, when the report has one: the signing
/// agency (the report's when none is given) and the date, either possibly
/// empty but not both.
pub fn signature_lines(report: &Report) -> Option<(String, String)> {
    let s = &report.signature;
    if !s.enabled {
        return None;
    }
    let agency = match s.agency.trim() {
        "" => report.agency.trim(),
        a => a,
    };
    let date = s.date.trim();
    if agency.is_empty() && date.is_empty() {
        return None;
    }
    Some((agency.to_owned(), date.to_owned()))
}

/// The user's text of a text section; `None` for a table section.
pub fn section_text(report: &Report, id: SectionId) -> Option<&str> {
    match id {
        SectionId::Overview => Some(&report.overview),
        SectionId::Problems => Some(&report.problems),
        SectionId::Other => Some(&report.other),
        SectionId::Proactive | SectionId::Requests | SectionId::Review => None,
    }
}

/// The paragraphs of a user's text: one per line, trimmed (a typed
/// indent of full-width spaces would double the printed one), blank lines
/// dropped.
pub fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split(['\n', '\r', '\u{2028}', '\u{2029}'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// The longest 「（一）…。」 lead that is printed as a heading in 楷体.
const LEAD_MAX_CHARS: usize = 40;

/// How many bytes at the start of a paragraph form its 「（一）」-style
/// heading, printed in 楷体 as GB/T 9704 prints second-level headings:
/// the text up to and including the first 。 (「（一）主动公开情况。」), the
/// whole paragraph when it is a short line without 。, else only the
/// marker 「（一）」. `None` when the paragraph does not start with （一）
/// to （十九） (full-width or ASCII brackets).
pub fn lead_len(par: &str) -> Option<usize> {
    let rest = par.strip_prefix('（').or_else(|| par.strip_prefix('('))?;
    let close = rest.find(['）', ')'])?;
    let numeral = &rest[..close];
    let is_numeral = (1..=3).contains(&numeral.chars().count())
        && numeral.chars().all(|c| "一二三四五六七八九十".contains(c));
    if !is_numeral {
        return None;
    }
    let bracket = rest[close..].chars().next().map_or(0, char::len_utf8);
    let marker = par.len() - rest.len() + close + bracket;
    let short = |s: &str| s.chars().count() <= LEAD_MAX_CHARS;
    Some(match par.find('。') {
        Some(i) if short(&par[..i]) => i + '。'.len_utf8(),
        Some(_) => marker,
        None if short(par) => par.len(),
        None => marker,
    })
}

/// True for characters a file may carry: control characters (other than
/// tab and line breaks) and the two non-characters are not allowed in XML
/// 1.0, are errors in HTML, and are never meant in a report.
pub fn is_printable(c: char) -> bool {
    let allowed_control = matches!(c, '\t' | '\n' | '\r');
    (allowed_control || !c.is_control()) && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Appends `text` escaped for XML and HTML text and attribute values, with
/// unprintable characters dropped.
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_printable(c) => out.push(c),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------
// File names
// ---------------------------------------------------------------------------

/// The most characters of the agency name kept in a file name, so that the
/// whole name stays far below every file system's limit (255 bytes).
const NAME_AGENCY_CHARS: usize = 40;
/// The most characters of the year kept in a file name.
const NAME_YEAR_CHARS: usize = 8;

/// A file-system-safe name part: letters (CJK included), digits and
/// （）()-_· kept; every run of anything else (path separators, control
/// characters, <>:"/\|?*, spaces, other punctuation, emoji) becomes one
/// 「_」; no 「_」 at either end; at most `max` characters.
fn safe_part(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in s.chars() {
        if c.is_alphanumeric() || "（）()-_·".contains(c) {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    let out: String = out.chars().take(max).collect();
    out.trim_matches('_').to_owned()
}

/// A safe file name for the report:
/// 「老城区机关事务服务中心2021年政府信息公开工作年度报告.docx」.
///
/// The name follows the title; when the agency is empty (or nothing of it is
/// safe) the name is the title without it, 「2021年政府信息公开工作年度报告」.
pub fn file_name(report: &Report, ext: &str) -> String {
    let agency = safe_part(&report.agency, NAME_AGENCY_CHARS);
    let year = safe_part(
        &crate::domain::year::year_text(&report.year),
        NAME_YEAR_CHARS,
    );
    let year = if year.is_empty() {
        year
    } else {
        format!("{year}年")
    };
    let ext: String = ext
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    let mut name = format!("{agency}{year}{TITLE_SUFFIX}");
    if !ext.is_empty() {
        name.push('.');
        name.push_str(&ext);
    }
    name
}

// ---------------------------------------------------------------------------
// Tables as printed
// ---------------------------------------------------------------------------

/// The width of the type area on A4 with GB/T 9704 margins (left 2.8 cm,
/// right 2.6 cm), in twips: 11906 − 1587 − 1474.
pub(crate) const TEXT_WIDTH: u32 = 8845;

/// What a table cell is, which decides how it is drawn.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// A column header.
    Header,
    /// A row label (left-aligned; long labels wrap).
    Label,
    /// A label over a group of rows (「三、本年度办理结果」, 「（三）不予公开」).
    Group,
    /// A number.
    Value,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cell {
    pub text: String,
    pub rows: usize,
    pub cols: usize,
    pub role: Role,
    /// Printed in vertical text, as the format prints 「三、本年度办理结果」.
    pub vertical: bool,
    /// The cell's id, for a number cell.
    pub id: Option<CellId>,
}

impl Cell {
    fn new(text: &str, role: Role) -> Cell {
        Cell {
            text: text.to_owned(),
            rows: 1,
            cols: 1,
            role,
            vertical: false,
            id: None,
        }
    }
    fn span(mut self, rows: usize, cols: usize) -> Cell {
        self.rows = rows;
        self.cols = cols;
        self
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    pub cells: Vec<Cell>,
    /// A header row, repeated at the top of each page the table runs onto.
    pub header: bool,
    /// Kept on the page of the next row. A run of such rows and the row
    /// after it never break across pages: a block of table 二 (its label
    /// and header rows mean nothing alone at the foot of a page), and all
    /// of table 三 (it fits a page), so that neither 「三、本年度办理结果」
    /// nor a 「（三）」–「（六）」 group label is ever cut: when the table does
    /// not fit the rest of a page, it starts the next one, whole.
    pub keep_with_next: bool,
}

/// A table as the official format prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Table {
    /// The width of each grid column, in twips; they add up to
    /// `TEXT_WIDTH`.
    pub widths: &'static [u32],
    pub rows: Vec<Row>,
}

/// A grid position of a table, once spans are laid out.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Slot<'a> {
    /// The top-left position of a cell.
    Start(&'a Cell),
    /// The first column of a cell that spans down from a row above.
    Below(&'a Cell),
    /// Any other position a spanning cell covers.
    Covered,
    /// A position no cell covers (never, for the tables built here).
    Empty,
}

impl Table {
    pub fn columns(&self) -> usize {
        self.widths.len()
    }

    /// Lays the cells out on the grid, as HTML lays out rowspan/colspan:
    /// each cell takes the first position its row has free.
    pub fn grid(&self) -> Vec<Vec<Slot<'_>>> {
        let n = self.columns();
        let mut grid = vec![vec![Slot::Empty; n]; self.rows.len()];
        for (r, row) in self.rows.iter().enumerate() {
            let mut c = 0;
            for cell in &row.cells {
                while c < n && grid[r][c] != Slot::Empty {
                    c += 1;
                }
                for (dr, line) in grid.iter_mut().skip(r).take(cell.rows).enumerate() {
                    for (dc, slot) in line.iter_mut().skip(c).take(cell.cols).enumerate() {
                        *slot = match (dr, dc) {
                            (0, 0) => Slot::Start(cell),
                            (_, 0) => Slot::Below(cell),
                            _ => Slot::Covered,
                        };
                    }
                }
                c += cell.cols;
            }
        }
        grid
    }
}

/// Builds the cells of a value row.
struct Values<'a> {
    report: &'a Report,
    sheet: Sheet,
}

impl Values<'_> {
    fn cell(&self, id: CellId, cols: usize) -> Cell {
        let text = printed(self.report, self.sheet.derived(id), id);
        let mut cell = Cell::new(&text, Role::Value).span(1, cols);
        cell.id = Some(id);
        cell
    }
}

const T2_WIDTHS: [u32; 4] = [2645, 2066, 2067, 2067];
const T3_WIDTHS: [u32; 10] = [470, 1130, 2450, 685, 685, 685, 685, 685, 685, 685];
const T4_WIDTHS: [u32; 15] = [
    590, 590, 590, 590, 590, 590, 590, 590, 590, 590, 589, 589, 589, 589, 589,
];

/// The tables of the report, by section, in the order printed.
pub(crate) fn tables(report: &Report) -> Vec<(SectionId, Table)> {
    let v = Values {
        report,
        sheet: report.sheet(),
    };
    vec![
        (SectionId::Proactive, table2(&v)),
        (SectionId::Requests, table3(&v)),
        (SectionId::Review, table4(&v)),
    ]
}

fn header_row(cells: Vec<Cell>) -> Row {
    Row {
        cells,
        header: true,
        keep_with_next: true,
    }
}

/// A row that is not repeated; `keep_with_next` as in `Row`.
fn body_row(cells: Vec<Cell>, keep_with_next: bool) -> Row {
    Row {
        cells,
        header: false,
        keep_with_next,
    }
}

/// Table 二: four columns; each block has its label row, its header row and
/// its rows, a one-column block spanning the three value columns.
fn table2(v: &Values) -> Table {
    let width = T2_WIDTHS.len();
    let mut rows = Vec::new();
    for (b, block) in T2_BLOCKS.iter().enumerate() {
        let span = (width - 1) / block.columns.len();
        rows.push(body_row(
            vec![Cell::new(block.label, Role::Header).span(1, width)],
            true,
        ));
        let mut head = vec![Cell::new(T2_CONTENT_HEADER, Role::Header)];
        head.extend(
            block
                .columns
                .iter()
                .map(|c| Cell::new(c, Role::Header).span(1, span)),
        );
        rows.push(body_row(head, true));
        for (r, label) in block.rows.iter().enumerate() {
            let mut cells = vec![Cell::new(label, Role::Label)];
            cells.extend(
                T2Cell::ALL
                    .into_iter()
                    .filter(|c| matches!(c.position(), (cb, cr, _) if cb == b && cr == r))
                    .map(|c| v.cell(CellId::T2(c), span)),
            );
            rows.push(body_row(cells, r + 1 < block.rows.len()));
        }
    }
    Table {
        widths: &T2_WIDTHS,
        rows,
    }
}

/// Table 三: three label columns and seven value columns; 「三、本年度办理结果」
/// spans its 22 rows in vertical text, each numbered group its rows.
fn table3(v: &Values) -> Table {
    let applicants = T3Col::ALL.len();
    let orgs = T3Col::ALL.iter().filter(|c| c.is_org()).count();
    let mut rows = vec![
        header_row(vec![
            Cell::new(T3_CORNER, Role::Header).span(3, 3),
            Cell::new(T3_APPLICANTS, Role::Header).span(1, applicants),
        ]),
        header_row(vec![
            Cell::new(T3Col::Natural.label(), Role::Header).span(2, 1),
            Cell::new(T3_ORGS, Role::Header).span(1, orgs),
            Cell::new(T3Col::Total.label(), Role::Header).span(2, 1),
        ]),
        header_row(
            T3Col::ALL
                .into_iter()
                .filter(|c| c.is_org())
                .map(|c| Cell::new(c.label(), Role::Header))
                .collect(),
        ),
    ];
    let results = T3Row::ALL.iter().filter(|r| r.in_results()).count();
    let first_result = T3Row::ALL.into_iter().find(|r| r.in_results());
    for (i, row) in T3Row::ALL.into_iter().enumerate() {
        let last = i + 1 == T3Row::ALL.len();
        let mut cells = Vec::new();
        if !row.in_results() {
            cells.push(Cell::new(row.label(), Role::Label).span(1, 3));
        } else {
            if Some(row) == first_result {
                let mut group = Cell::new(T3_RESULTS_GROUP, Role::Group).span(results, 1);
                group.vertical = true;
                cells.push(group);
            }
            match row.sub_group() {
                None => cells.push(Cell::new(row.label(), Role::Label).span(1, 2)),
                Some(g) => {
                    if g.rows().next() == Some(row) {
                        cells.push(Cell::new(g.label(), Role::Group).span(g.rows().count(), 1));
                    }
                    cells.push(Cell::new(row.label(), Role::Label));
                }
            }
        }
        cells.extend(
            T3Col::ALL
                .into_iter()
                .map(|c| v.cell(CellId::T3(row, c), 1)),
        );
        rows.push(body_row(cells, !last));
    }
    Table {
        widths: &T3_WIDTHS,
        rows,
    }
}

/// Table 四: 行政复议 over five columns, 行政诉讼 over ten, split into its two
/// blocks; the result headers of 行政复议 span two rows; one row of values.
fn table4(v: &Values) -> Table {
    let n = T4Col::ALL.len();
    let suits: Vec<T4Group> = T4Group::ALL
        .into_iter()
        .filter(|g| *g != T4Group::Review)
        .collect();
    let col_headers = || {
        T4Col::ALL
            .into_iter()
            .map(|c| Cell::new(c.label(), Role::Header))
    };
    let mut second: Vec<Cell> = col_headers().map(|c| c.span(2, 1)).collect();
    second.extend(
        suits
            .iter()
            .map(|g| Cell::new(g.label(), Role::Header).span(1, n)),
    );
    let rows = vec![
        header_row(vec![
            Cell::new(T4_REVIEW, Role::Header).span(1, n),
            Cell::new(T4_LITIGATION, Role::Header).span(1, n * suits.len()),
        ]),
        header_row(second),
        header_row(suits.iter().flat_map(|_| col_headers()).collect()),
        body_row(
            T4Group::ALL
                .into_iter()
                .flat_map(|g| T4Col::ALL.into_iter().map(move |c| CellId::T4(g, c)))
                .map(|id| v.cell(id, 1))
                .collect(),
            false,
        ),
    ];
    Table {
        widths: &T4_WIDTHS,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_fills_its_grid_and_its_width() {
        let report = Report::default();
        for (section, table) in tables(&report) {
            assert_eq!(table.widths.iter().sum::<u32>(), TEXT_WIDTH, "{section:?}");
            let grid = table.grid();
            for (r, row) in grid.iter().enumerate() {
                assert!(!row.contains(&Slot::Empty), "{section:?} row {r}");
            }
            // No cell spans past the grid.
            for (r, row) in table.rows.iter().enumerate() {
                for cell in &row.cells {
                    assert!(r + cell.rows <= grid.len(), "{section:?} {}", cell.text);
                }
            }
            let values = grid
                .iter()
                .flatten()
                .filter(|s| matches!(s, Slot::Start(c) if c.role == Role::Value))
                .count();
            let expected = CellId::all().filter(|c| c.section() == section).count();
            assert_eq!(values, expected, "{section:?}");
        }
    }

    #[test]
    fn lead_of_numbered_headings() {
        fn lead(s: &str) -> Option<&str> {
            lead_len(s).map(|n| &s[..n])
        }
        assert_eq!(
            lead("（一）主动公开情况。2024年…"),
            Some("（一）主动公开情况。")
        );
        assert_eq!(
            lead("（三）政府信息管理情况。"),
            Some("（三）政府信息管理情况。")
        );
        assert_eq!(lead("(十)其他"), Some("(十)其他"));
        let long = format!("（二）{}。", "很".repeat(60));
        assert_eq!(lead(&long), Some("（二）"));
        assert_eq!(lead("1、主动公开情况："), None);
        assert_eq!(lead("（注）说明。"), None);
        assert_eq!(lead("（"), None);
    }

    #[test]
    fn paragraphs_split_on_every_line_break() {
        let p: Vec<&str> = paragraphs("a\r\n\r\n　　b \rc\u{2028}d\n").collect();
        assert_eq!(p, ["a", "b", "c", "d"]);
    }
}

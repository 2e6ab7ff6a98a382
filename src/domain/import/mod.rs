//! Importing a report from a file or pasted text: our own `.json` (any
//! schema version), Word `.docx` and `.doc`, PDF, HTML pages, and plain
//! text (web pages copied as text, PDF extractions, tables with `|` or
//! tabs).
//!
//! `import` takes a file's bytes, `import_text` pasted text. The content
//! decides the kind: the zip signature is a Word document (`docx`), an
//! Office 97–2003 compound file a Word 97–2003 one (`doc`, through
//! `cfb`), `%PDF` a PDF (`pdf`, its pages laid out as text), other binary
//! signatures (pictures, archives) are refused with a
//! message that says what to do instead, text is decoded (UTF-8 with or
//! without a byte-order mark, UTF-16 with one; anything else is refused,
//! since it is most likely GBK and a guess would garble it), then JSON
//! (`{`, and valid JSON), HTML (tags) or plain text. The file name only
//! breaks a tie (a fragment of HTML without telltale tags).
//!
//! Every reader turns its input into lines of cells (`lines::Doc`); one
//! reader of the report (`report`) finds the title, preamble, sections and
//! tables in those lines, matching the format's labels (`labels`), so a web
//! page, a Word file and a PDF extraction are read by the same code. The
//! HTML and Word readers also share one builder of tables, rows and cells
//! (`grid_builder`), so nested and unclosed tables read alike in both.
//!
//! The import never invents data. A cell it cannot read stays empty and is
//! listed in `Imported::unreadable` with the reason; a row of run-together
//! digits is split only when exactly one split satisfies the sum rules;
//! totals go into `stated_totals` exactly as printed, so `rules::check`
//! catches a published mistake. Whatever cannot be mapped is said in
//! `notes`: the 2019 format's columns and rows without a 2021 counterpart,
//! and its single （六）其他处理 row when it is not zero (see
//! `tables::legacy_other`: zeros become 0 in each of （六）1–3; any other
//! number is not split — （六）1–3 stay empty, the printed numbers are kept
//! in the note, and the stated （七）总计 still includes them, so T3-SUM
//! shows the difference until the user splits it).
//!
//! Nothing here can panic or hang on hostile input: input is limited to
//! `MAX_BYTES`, every scan is linear or bounded (label searches look at a
//! fixed window, a table region at most a fixed number of segments), and
//! the one search (run-together digits) has a fixed step budget.

mod cfb;
mod doc;
mod docx;
mod encoding;
mod flat;
mod grid_builder;
mod html;
mod json;
mod labels;
mod lines;
mod pdf;
mod pdfcrypt;
mod report;
mod split;
mod tables;
mod text;
mod title;
mod tokens;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::format::CellId;
use super::model::Report;
use super::rules::{Finding, RuleId, Severity, Target};

/// The largest input accepted: real reports are below 1 MB as text and a
/// few MB as Word files with pictures.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The most notes an import gives: a real report needs a handful; junk
/// that happens to match a label could otherwise produce thousands.
const MAX_NOTES: usize = 100;

/// What kind of input a report was read from.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceKind {
    /// Our own `.json` export or a stored draft.
    Json,
    /// A Word document (`.docx`).
    Docx,
    /// A Word 97–2003 document (`.doc`, or WPS saving in that format).
    Doc,
    /// A PDF file, its text laid out as its pages show it.
    Pdf,
    /// An HTML page.
    Html,
    /// Plain text: a web page or PDF copied as text, or a typed table.
    Text,
}

impl SourceKind {
    /// The kind's name for the user.
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::Json => "JSON数据文件",
            SourceKind::Docx => "Word文档",
            SourceKind::Doc => "Word 97-2003文档（.doc）",
            SourceKind::Pdf => "PDF文件",
            SourceKind::Html => "网页",
            SourceKind::Text => "文本",
        }
    }
}

/// A cell the import could not read: it is left empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unreadable {
    pub cell: CellId,
    /// Chinese, e.g. 「原表此行没有数字」.
    pub reason: String,
}

impl fmt::Display for Unreadable {
    /// 「表三 · （一）予以公开 · 自然人：原表此行没有数字」.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}：{}", self.cell.place(), self.reason)
    }
}

/// A row whose numbers ran together (「4200006」) and could not be split in
/// exactly one way that satisfies the rules. Its undetermined cells are
/// left empty (and listed in `Imported::unreadable`) until the user picks
/// one of the candidates (`Imported::choose`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmbiguousRow {
    /// The row's cells, in printed order.
    pub cells: Vec<CellId>,
    /// The numbers as printed.
    pub printed: String,
    /// Chinese: why no single split was found.
    pub reason: String,
    /// The splits the rules allow, each one value per cell (at most
    /// `MAX_LISTED`; empty when there are none or too many to list).
    pub candidates: Vec<Vec<String>>,
    /// How many more splits the rules allow than are listed.
    pub more: usize,
    /// The candidate the user picked, if any.
    pub chosen: Option<usize>,
}

pub use tables::MAX_LISTED;

impl fmt::Display for AmbiguousRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}：原表印为「{}」，{}",
            row_place(&self.cells),
            self.printed,
            self.reason
        )
    }
}

impl AmbiguousRow {
    /// The positions of the cells the candidates disagree on (all of them
    /// when there are no candidates): the cells a pick fills.
    pub fn open(&self) -> Vec<usize> {
        (0..self.cells.len())
            .filter(|&i| {
                let mut values = self.candidates.iter().map(|c| c.get(i));
                let first = values.next().flatten();
                first.is_none() || values.any(|v| v != first)
            })
            .collect()
    }
}

/// A cell's name within its row, for the candidates of a split: the
/// column, and for table 四 its block too (「复议后起诉结果维持」).
pub fn name_in_row(id: CellId) -> String {
    match id {
        CellId::T4(g, c) => format!("{}{}", g.label(), c.label()),
        other => other.column_label().to_owned(),
    }
}

/// 「表三 · （一）予以公开」: the row of the first cell; 「表四」 for table 四's
/// whole row of three blocks.
pub(crate) fn row_place(ids: &[CellId]) -> String {
    let Some(first) = ids.first() else {
        return String::new();
    };
    let table = first.section().table_name().unwrap_or_default();
    let blocks: std::collections::BTreeSet<_> = ids
        .iter()
        .filter_map(|c| match c {
            CellId::T4(g, _) => Some(*g),
            _ => None,
        })
        .collect();
    if blocks.len() > 1 {
        return table.to_owned();
    }
    format!("{table} · {}", first.row_label())
}

/// The result of an import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    pub report: Report,
    /// Every cell that could not be read, in reading order.
    pub unreadable: Vec<Unreadable>,
    /// What was read but could not be mapped, and what was recovered with
    /// a rule, in Chinese, in the order met.
    pub notes: Vec<String>,
    /// Rows of run-together digits that could not be split.
    pub ambiguous: Vec<AmbiguousRow>,
    /// Cells of run-together digits that only the numbers stated in
    /// 一、总体情况 decided (the rules allowed several splits).
    pub settled: Vec<CellId>,
    pub format: SourceKind,
}

impl Imported {
    /// The source's own errors: what `check` finds in the report as read,
    /// without the findings that involve a cell that could not be read
    /// (a sum over a row left empty says nothing about the report as
    /// published), and how many were left out for that reason.
    pub fn source_errors(&self, findings: Vec<Finding>) -> (Vec<Finding>, usize) {
        let (rest, errors): (Vec<Finding>, Vec<Finding>) = findings
            .into_iter()
            .filter(|f| f.severity == Severity::Error && f.rule != RuleId::CellEmpty)
            .partition(|f| self.names_unread(f));
        (errors, rest.len())
    }

    /// Whether a finding names a cell that could not be read: its rule
    /// was checked against an unknown value, so it neither holds nor
    /// fails in the report as published.
    pub fn names_unread(&self, f: &Finding) -> bool {
        // A few hundred cells at most: a scan, which adds less code to the
        // form's wasm than a set.
        f.targets
            .iter()
            .any(|t| matches!(t, Target::Cell(c) if self.unreadable.iter().any(|u| u.cell == *c)))
    }

    /// Takes candidate `pick` of ambiguous row `row` into the report, or,
    /// with `None`, leaves its undetermined cells empty again. False when
    /// there is no such row or candidate.
    pub fn choose(&mut self, row: usize, pick: Option<usize>) -> bool {
        let Some(amb) = self.ambiguous.get_mut(row) else {
            return false;
        };
        let values = match pick {
            Some(k) => match amb.candidates.get(k) {
                Some(v) => Some(v.clone()),
                None => return false,
            },
            None => None,
        };
        let open: Vec<CellId> = amb.open().into_iter().map(|i| amb.cells[i]).collect();
        amb.chosen = pick;
        let reason = format!(
            "原表此行的数字连在一起（「{}」），无法唯一拆分",
            amb.printed
        );
        for (i, id) in amb.cells.clone().into_iter().enumerate() {
            if !open.contains(&id) {
                continue;
            }
            let value = values
                .as_ref()
                .and_then(|v| v.get(i))
                .cloned()
                .unwrap_or_default();
            if id.is_computed() {
                self.report.set_stated(id, value.clone());
            } else {
                self.report.set_cell(id, value.clone());
            }
            self.unreadable.retain(|u| u.cell != id);
            if value.is_empty() {
                self.unreadable.push(Unreadable {
                    cell: id,
                    reason: reason.clone(),
                });
            }
        }
        self.unreadable.sort_by_key(|u| u.cell);
        true
    }
}

/// Why nothing was imported. Every message is Chinese and says what the
/// user can do; the import changes nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportError {
    /// Nothing but whitespace.
    Empty,
    /// More than `MAX_BYTES`.
    TooLarge { bytes: usize },
    /// A PDF file whose text cannot be read (encrypted, scanned, broken):
    /// why.
    PdfUnreadable(String),
    /// An Office 97–2003 file that holds no Word document: a workbook, a
    /// presentation, or a WPS file in its own old format.
    OldOffice,
    /// A picture.
    Image,
    /// A zip archive that is not a Word document, or another archive.
    Archive,
    /// Binary data that is not text.
    Binary,
    /// Text in an encoding other than UTF-8 or UTF-16 that no page
    /// declares and that is not GBK either.
    NotUtf8,
    /// Text in an encoding that could not be decoded: its label.
    Encoding(String),
    /// Readable text that is not an annual report.
    NotAReport,
    /// A JSON file that is not one of ours.
    ForeignJson,
    /// Our JSON, broken (truncated, edited by hand).
    BadJson(String),
    /// Our JSON, saved by a newer version of the app.
    NewerSchema(u64),
    /// A backup of all drafts, which is restored elsewhere.
    Backup,
    /// A Word document that cannot be read.
    BadDocx(String),
    /// The page could not run the readers (its web worker did not start):
    /// what the browser said.
    Unavailable(String),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Empty => f.write_str("文件是空的，没有可导入的内容。"),
            ImportError::TooLarge { bytes } => {
                // Tenths of a MB in whole numbers: formatting an f64 would
                // bring float printing into the form's wasm for this line.
                let tenths = (bytes.saturating_mul(10) + (1 << 19)) >> 20;
                write!(
                    f,
                    "文件太大（{}.{} MB），超过{} MB的上限，不像是一份年度报告。请只导入报告本身。",
                    tenths / 10,
                    tenths % 10,
                    MAX_BYTES / (1024 * 1024)
                )
            }
            ImportError::PdfUnreadable(why) => write!(
                f,
                "PDF文件中的文字无法读取（{why}）。请在PDF阅读器中全选并复制报告文字，粘贴到导入框；或导入网页版、Word版报告。"
            ),
            ImportError::OldOffice => f.write_str(
                "这是旧版Office文件，但其中没有Word文档（可能是Excel、PowerPoint或旧版WPS文件），无法导入。请在Word或WPS中打开报告，另存为.docx后再导入。",
            ),
            ImportError::Image => f.write_str(
                "这是一张图片，无法从中读取文字。请导入报告的网页、Word文件或复制的文字。",
            ),
            ImportError::Archive => f.write_str(
                "这是压缩包或其他Office文件，不是Word文档（.docx）。请导入报告的网页、Word文件或复制的文字。",
            ),
            ImportError::Binary => f.write_str(
                "文件不是文本，也不是可识别的文档格式，无法导入。请导入报告的网页、Word文件或复制的文字。",
            ),
            ImportError::NotUtf8 => f.write_str(
                "文件的文字编码无法识别（不是UTF-8，也不是GBK）。请用记事本或WPS将文件另存为UTF-8编码后再导入，或直接复制文字粘贴。",
            ),
            ImportError::Encoding(label) => write!(
                f,
                "文件的文字编码「{label}」无法转换。请用记事本或WPS将文件另存为UTF-8编码后再导入，或直接复制文字粘贴。"
            ),
            ImportError::NotAReport => f.write_str(
                "没有在文件中找到政府信息公开工作年度报告的内容（标题、“一、总体情况”等章节或统计表格）。请确认导入的是年度报告。",
            ),
            ImportError::ForeignJson => {
                f.write_str("这个JSON文件不是本工具导出的年度报告数据，无法导入。")
            }
            ImportError::BadJson(e) => write!(
                f,
                "本工具的JSON数据文件已损坏或不完整，无法导入（{e}）。"
            ),
            ImportError::NewerSchema(v) => write!(
                f,
                "文件由更新版本的本工具导出（格式版本{v}），请使用新版本打开。"
            ),
            ImportError::Backup => f.write_str(
                "这是全部草稿的备份文件，请使用“恢复备份”导入，而不是导入单份报告。",
            ),
            ImportError::BadDocx(e) => write!(f, "Word文档无法读取（{e}）。请在Word或WPS中重新另存为.docx后再导入。"),
            ImportError::Unavailable(why) => write!(f, "读取报告的后台程序未能运行（{why}）。请刷新页面后重试；仍不行时请换用 Chrome、Edge 或 Firefox 的新版本。"),
        }
    }
}

impl std::error::Error for ImportError {}

/// Imports a report from a file's bytes. `name_hint` is the file name, if
/// known; the content decides the kind, the name only breaks ties. Text in
/// an encoding other than UTF-8 or UTF-16 is refused; `import_with` takes
/// a decoder for those.
pub fn import(bytes: &[u8], name_hint: Option<&str>) -> Result<Imported, ImportError> {
    import_with(bytes, name_hint, &|_, _| None)
}

/// Decodes bytes in a named encoding (a WHATWG label such as 「gb18030」);
/// `None` when it cannot. The browser passes its `TextDecoder`.
pub type Decoder<'a> = &'a dyn Fn(&[u8], &str) -> Option<String>;

/// `import` with a decoder for encodings other than UTF-8 and UTF-16: a
/// saved page that declares GBK, GB2312 or GB18030, or an undeclared text
/// file in GBK.
pub fn import_with(
    bytes: &[u8],
    name_hint: Option<&str>,
    decoder: Decoder<'_>,
) -> Result<Imported, ImportError> {
    if bytes.len() > MAX_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len() });
    }
    let ext = name_hint
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if let Some(err) = binary_kind(bytes) {
        return match err {
            Binary::Zip => docx::read(bytes),
            Binary::Cfb => doc::read(bytes),
            Binary::Pdf => pdf::read(bytes, decoder),
            Binary::Refused(e) => Err(e),
        };
    }
    let text = decode(bytes, decoder)?;
    import_str(&text, &ext)
}

/// Imports a report from pasted text (plain text, HTML or our JSON).
pub fn import_text(text: &str) -> Result<Imported, ImportError> {
    if text.len() > MAX_BYTES {
        return Err(ImportError::TooLarge { bytes: text.len() });
    }
    if text.contains('\0') {
        return Err(ImportError::Binary);
    }
    import_str(text, "")
}

fn import_str(text: &str, ext: &str) -> Result<Imported, ImportError> {
    let body = lines::trim(text);
    if body.is_empty() {
        return Err(ImportError::Empty);
    }
    if looks_binary(body) {
        return Err(ImportError::Binary);
    }
    if body.starts_with('{') || body.starts_with('[') {
        match json::read(body) {
            Ok(report) => {
                return Ok(Imported {
                    report: report.report,
                    unreadable: Vec::new(),
                    notes: report.notes,
                    ambiguous: Vec::new(),
                    settled: Vec::new(),
                    format: SourceKind::Json,
                })
            }
            // Not JSON at all (a page copied as text may start with
            // 「【打印】」 or 「[关闭]」): read it as text.
            Err(ImportError::ForeignJson) if !json::is_json(body) => {}
            Err(e) => return Err(e),
        }
    }
    if ext == "html" || ext == "htm" || html::looks_like_html(body) {
        return report::read(html::read(body), SourceKind::Html);
    }
    report::read(text::read(body), SourceKind::Text)
}

/// What the first bytes say about a binary file.
enum Binary {
    Zip,
    /// An Office 97–2003 compound file.
    Cfb,
    Pdf,
    Refused(ImportError),
}

fn binary_kind(bytes: &[u8]) -> Option<Binary> {
    let starts = |m: &[u8]| bytes.starts_with(m);
    if starts(b"PK\x03\x04") {
        return Some(Binary::Zip);
    }
    if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(Binary::Cfb);
    }
    if starts(b"%PDF") || pdf_after_junk(bytes) {
        return Some(Binary::Pdf);
    }
    let refused = if starts(b"\x89PNG")
        || starts(&[0xFF, 0xD8, 0xFF])
        || starts(b"GIF8")
        || (starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"))
    {
        ImportError::Image
    } else if starts(b"PK\x05\x06")
        || starts(b"PK\x07\x08")
        || starts(&[0x1F, 0x8B])
        || starts(b"7z\xBC\xAF")
        || starts(b"Rar!")
    {
        ImportError::Archive
    } else {
        return None;
    };
    Some(Binary::Refused(refused))
}

/// A PDF with something before its header (a mail gateway's or a web
/// server's bytes): the format allows the header anywhere in the first
/// 1,024 bytes. Only with the end-of-file marker near the end as well, so
/// that a text mentioning 「%PDF-」 stays text.
fn pdf_after_junk(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    head.windows(5).any(|w| w == b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF")
}

/// The text of a file: UTF-8 (with or without a byte order mark), UTF-16
/// with one, as Windows Notepad saves 「Unicode」, or whatever `encoding`
/// finds declared or recognises, through `decoder`.
fn decode(bytes: &[u8], decoder: Decoder<'_>) -> Result<String, ImportError> {
    let utf16 = |le: bool| -> Result<String, ImportError> {
        let units = bytes[2..].chunks_exact(2).map(|p| {
            if le {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| ImportError::NotUtf8)
    };
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return utf16(true);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return utf16(false);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(ImportError::Binary);
    }
    // Valid UTF-8 is UTF-8 whatever a page declares (GBK Chinese is
    // practically never valid UTF-8).
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    let declared = encoding::declared(bytes);
    let label = match declared.as_deref().map(encoding::canonical) {
        Some("utf-8") if !encoding::looks_gb(bytes) && encoding::mostly_utf8(bytes) => {
            // A UTF-8 page with a few broken bytes: keep the rest.
            return Ok(String::from_utf8_lossy(bytes).into_owned());
        }
        Some("utf-8") | None if encoding::looks_gb(bytes) => "gb18030".to_owned(),
        Some("utf-8") | None => {
            // Many stray control bytes: binary junk; else text in an
            // encoding nobody said, which gets a message on how to convert it.
            return Err(if control_share(bytes) {
                ImportError::Binary
            } else {
                ImportError::NotUtf8
            });
        }
        Some(other) => other.to_owned(),
    };
    decoder(bytes, &label).ok_or(ImportError::Encoding(label))
}

/// More than one in 50 bytes a control character other than line breaks
/// and tabs: not text.
fn control_share(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    controls * 50 > sample.len()
}

fn looks_binary(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(64 * 1024).collect();
    let controls = sample
        .iter()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}' | '\u{85}'))
        .count();
    controls * 50 > sample.len()
}

// ---------------------------------------------------------------------------
// What the readers collect
// ---------------------------------------------------------------------------

/// The report being read, and everything said about it on the way.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    pub report: Report,
    pub unreadable: BTreeMap<CellId, String>,
    pub notes: Vec<String>,
    pub ambiguous: Vec<AmbiguousRow>,
    pub settled: Vec<CellId>,
    /// The 2019 format was recognised (said once in the notes).
    pub legacy_2019: bool,
}

impl Builder {
    /// Puts a printed value into its cell: an entered cell's text, or a
    /// total as stated. The text is kept as printed (trimmed), so 「无」 or
    /// 「元」 reach the number rules.
    pub fn put(&mut self, id: CellId, text: &str) {
        let text = lines::trim(text);
        if text.is_empty() {
            return;
        }
        if id.is_computed() {
            self.report.set_stated(id, text);
        } else {
            self.report.set_cell(id, text);
        }
        self.unreadable.remove(&id);
    }

    /// Records a cell as unreadable, unless it was read.
    pub fn unreadable(&mut self, id: CellId, reason: impl Into<String>) {
        if self.report.cell(id).is_empty() {
            self.unreadable.entry(id).or_insert_with(|| reason.into());
        }
    }

    pub fn note(&mut self, note: impl Into<String>) {
        let note = note.into();
        if self.notes.len() > MAX_NOTES || self.notes.contains(&note) {
            return;
        }
        if self.notes.len() == MAX_NOTES {
            self.notes
                .push("说明太多，其余从略。请检查导入的文件是否是一份年度报告。".to_owned());
            return;
        }
        self.notes.push(note);
    }

    /// Says once that the report follows the 2019 format.
    pub fn legacy(&mut self) {
        if !self.legacy_2019 {
            self.legacy_2019 = true;
            self.note(
                "原报告表格使用2019年格式（国办公开办函〔2019〕60号）：能对应到2021年格式的数字已导入，不能对应的见以下说明。",
            );
        }
    }

    pub fn finish(self, format: SourceKind) -> Imported {
        Imported {
            report: self.report,
            unreadable: self
                .unreadable
                .into_iter()
                .map(|(cell, reason)| Unreadable { cell, reason })
                .collect(),
            notes: self.notes,
            ambiguous: self.ambiguous,
            settled: self.settled,
            format,
        }
    }
}

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
//! Text boxes anchored on the page (`<wp:anchor>`: a PDF turned into Word
//! by LibreOffice or a converter holds every line and table cell in one, in
//! no reliable order) are read as the page shows them: page by page, top
//! to bottom, the boxes of one line as the cells of a row.
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
pub(crate) struct WordSpan {
    /// Columns covered (`<w:gridSpan>`).
    pub cols: usize,
    /// Continues the vertical merge of the cell above.
    pub merged: bool,
}

/// Word's side of the table builder (the .doc reader's too).
pub(crate) struct Word;

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

/// A text box anchored at a place on the page (`<wp:anchor>`), in EMU. A
/// PDF turned into Word (LibreOffice, some converters) puts every line of
/// text and every table cell in one, in no reliable order.
struct TextBox {
    top: i64,
    left: i64,
    height: i64,
    /// Its own lines, as read inside it.
    lines: Vec<Line>,
}

impl TextBox {
    fn middle(&self) -> i64 {
        self.top + self.height / 2
    }

    /// The box as one cell of a row: a label wrapped inside it, or numbers
    /// stacked in it, stay apart by a space.
    fn text(&self) -> String {
        self.lines
            .iter()
            .flat_map(|l| &l.cells)
            .filter_map(|c| match c {
                Cell::Text(t) => Some(t.trim()),
                Cell::Spanned => None,
            })
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A box placed this far above the one before it starts a new page (4.2 cm
/// in EMU): in the order converters write, the boxes of one page waver by
/// up to 2.3 cm (measured on three reports), a new page starts again near
/// its top; a page that ends above its middle still starts one.
const NEW_PAGE_RISE: i64 = 1_500_000;

/// The longest anchored element read as a text box: one line or cell of a
/// page is a few KB; a longer one is read where it stands. Bounds the work
/// on hostile input.
const MAX_BOX: usize = 64 * 1024;

/// The number in `<tag …><wp:posOffset>N</wp:posOffset>` inside `xml`: a
/// 32-bit number in the file format, so no sum of two overflows.
fn offset_in(xml: &str, tag: &str) -> Option<i64> {
    let from = xml.find(tag)?;
    let rest = &xml[from..];
    let start = rest.find("<wp:posOffset>")? + "<wp:posOffset>".len();
    let end = rest[start..].find('<')?;
    rest[start..start + end]
        .trim()
        .parse::<i32>()
        .ok()
        .map(i64::from)
}

/// Reads the anchored element `inner` (the XML between `<wp:anchor …>` and
/// `</wp:anchor>`) as a text box, if it is one with a place. A box holding
/// a table is not: its rows are read where it stands.
fn text_box(inner: &str) -> Option<TextBox> {
    if !inner.contains("<w:txbxContent") || inner.contains("<w:tbl") {
        return None;
    }
    let top = offset_in(inner, "<wp:positionV")?;
    let left = offset_in(inner, "<wp:positionH")?;
    let height = inner
        .find("<wp:extent")
        .and_then(|i| inner[i..].find('>').map(|j| &inner[i..i + j]))
        .and_then(|tag| attr(tag, "cy"))
        .and_then(|cy| cy.trim().parse::<u32>().ok())
        .map_or(0, i64::from);
    Some(TextBox {
        top,
        left,
        height,
        lines: lines(inner).lines,
    })
}

/// Writes text boxes as the page shows them: page by page (in the
/// document's order), top to bottom, and the boxes of one line left to
/// right as the cells of a row, so that a table drawn as boxes reads as
/// its rows.
fn write_boxes(w: &mut GridBuilder<Word>, boxes: Vec<TextBox>) {
    let mut pages: Vec<Vec<TextBox>> = Vec::new();
    let mut last_top: Option<i64> = None;
    for b in boxes {
        if last_top.is_none_or(|t| b.top + NEW_PAGE_RISE < t) {
            pages.push(Vec::new());
        }
        last_top = Some(b.top);
        if let Some(page) = pages.last_mut() {
            page.push(b);
        }
    }
    for mut page in pages {
        page.sort_by_key(TextBox::middle);
        // A line: boxes whose middles are within half the lower box's
        // height of the line's first box.
        let mut lines: Vec<Vec<TextBox>> = Vec::new();
        for b in page {
            let same_line = lines.last().and_then(|l| l.first()).is_some_and(|first| {
                (b.middle() - first.middle()).abs() * 2 < b.height.min(first.height)
            });
            match lines.last_mut() {
                Some(line) if same_line => line.push(b),
                _ => lines.push(vec![b]),
            }
        }
        for mut line in lines {
            if let [alone] = line.as_slice() {
                // Alone on its line: its own lines as they are (a 落款 of
                // two lines, a paragraph).
                for l in &alone.lines {
                    let cells: Vec<&str> = l
                        .cells
                        .iter()
                        .map(|c| match c {
                            Cell::Text(t) => t.as_str(),
                            Cell::Spanned => "",
                        })
                        .collect();
                    w.target().push_str(&cells.join("\t"));
                    w.end_line();
                }
                continue;
            }
            line.sort_by_key(|b| b.left);
            let texts: Vec<String> = line
                .iter()
                .map(TextBox::text)
                .filter(|t| !t.is_empty())
                .collect();
            if texts.is_empty() {
                continue;
            }
            w.target().push_str(&texts.join("\t"));
            w.end_line();
        }
    }
}

/// The lines of a `document.xml`.
pub(crate) fn lines(xml: &str) -> Doc {
    let mut w = GridBuilder::<Word>::default();
    // Text boxes of the paragraph being read, written after it; the next
    // `</wp:anchor>` (0: not searched yet), and the end of an anchored
    // element read as it stands.
    let mut boxes: Vec<TextBox> = Vec::new();
    let mut next_close: Option<usize> = Some(0);
    let mut plain_until = 0;
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
        if name == "wp:anchor" && !closing && !self_closing && i >= plain_until {
            const CLOSE: &str = "</wp:anchor>";
            // The next close, searched again only once passed, and never
            // again once there is none: linear however many anchors open.
            if next_close.is_some_and(|c| c < i) {
                next_close = xml[i..].find(CLOSE).map(|j| i + j);
            }
            match next_close {
                Some(end) if end - i <= MAX_BOX => {
                    if let Some(b) = text_box(&xml[i..end]) {
                        boxes.push(b);
                        i = end + CLOSE.len();
                        continue;
                    }
                    // No box: read where it stands, anchors inside it too.
                    plain_until = end;
                }
                Some(end) => plain_until = end,
                None => plain_until = xml.len(),
            }
        }
        match (closing, name) {
            (false, "w:t") => in_text = !self_closing,
            (true, "w:t") => in_text = false,
            (false, "w:tab") if self_closing => w.target().push('\t'),
            (false, "w:br" | "w:cr") => w.end_line(),
            (false, "w:noBreakHyphen") => w.target().push('-'),
            (true, "w:p") => {
                w.end_line();
                if !boxes.is_empty() {
                    write_boxes(&mut w, std::mem::take(&mut boxes));
                }
            }
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
    if !boxes.is_empty() {
        write_boxes(&mut w, boxes);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text box as LibreOffice writes a PDF's text: `mc:Choice` with the
    /// anchor, `mc:Fallback` with a second copy.
    fn anchored(top: i64, left: i64, height: i64, paragraphs: &[&str]) -> String {
        let body: String = paragraphs
            .iter()
            .map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"))
            .collect();
        format!(
            "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor behindDoc=\"1\"><wp:positionH relativeFrom=\"column\"><wp:posOffset>{left}</wp:posOffset></wp:positionH><wp:positionV relativeFrom=\"paragraph\"><wp:posOffset>{top}</wp:posOffset></wp:positionV><wp:extent cx=\"400000\" cy=\"{height}\"/><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>{body}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>{body}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        )
    }

    fn texts(doc: &Doc) -> Vec<String> {
        doc.lines
            .iter()
            .map(|l| {
                l.cells
                    .iter()
                    .map(|c| match c {
                        Cell::Text(t) => t.clone(),
                        Cell::Spanned => "~".to_owned(),
                    })
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect()
    }

    #[test]
    fn text_boxes_read_as_the_page_shows_them() {
        // In the document's order: a row's numbers before its name (the
        // name a little higher, in a taller box), a label wrapped over two
        // boxes with the numbers between, then a second page from its top.
        let boxes = [
            anchored(5_897_245, 3_305_810, 200_000, &["95"]),
            anchored(5_897_245, 3_804_920, 200_000, &["0"]),
            anchored(
                5_868_670,
                975_360,
                260_000,
                &["一、本年新收政府信息公开申请数量"],
            ),
            anchored(5_897_245, 6_303_010, 200_000, &["95"]),
            anchored(
                6_776_720,
                1_283_335,
                200_000,
                &["（二）部分公开（区分处理的，只计这一情"],
            ),
            anchored(6_967_220, 1_283_335, 200_000, &["形，不计其他情形）"]),
            anchored(6_899_910, 6_327_140, 200_000, &["454"]),
            anchored(6_899_910, 3_329_940, 200_000, &["447", "7"]),
            anchored(1_011_555, 975_360, 200_000, &["四、结转下年度继续办理"]),
            anchored(1_011_555, 3_305_810, 200_000, &["6"]),
        ];
        let xml = format!(
            "<w:body><w:p><w:r><w:t>前文</w:t></w:r>{}</w:p><w:p><w:r><w:t>后文</w:t></w:r></w:p></w:body>",
            boxes.concat()
        );
        assert_eq!(
            texts(&lines(&xml)),
            [
                "前文",
                "一、本年新收政府信息公开申请数量|95|0|95",
                "（二）部分公开（区分处理的，只计这一情",
                // The label's second line is within half a line of the
                // numbers: one line, which reads as the same row.
                "形，不计其他情形）|447 7|454",
                "四、结转下年度继续办理|6",
                "后文",
            ]
        );
    }

    #[test]
    fn a_short_page_tables_in_boxes_and_hostile_numbers() {
        // Page 1 ends at 8 cm, page 2 starts at 2.5 cm: two pages, not one.
        let pages = [
            anchored(2_000_000, 900_000, 200_000, &["规章"]),
            anchored(2_000_000, 3_000_000, 200_000, &["1"]),
            anchored(2_900_000, 900_000, 200_000, &["第一页末行"]),
            anchored(
                900_000,
                900_000,
                200_000,
                &["一、本年新收政府信息公开申请数量"],
            ),
            anchored(900_000, 3_000_000, 200_000, &["7"]),
        ];
        let xml = format!("<w:body><w:p>{}</w:p></w:body>", pages.concat());
        assert_eq!(
            texts(&lines(&xml)),
            ["规章|1", "第一页末行", "一、本年新收政府信息公开申请数量|7"]
        );
        // A box holding a table is read where it stands, its rows kept.
        let table = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>行政规范性文件</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>12</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
        let boxed = anchored(1_000_000, 900_000, 200_000, &[])
            .replace("<w:txbxContent>", &format!("<w:txbxContent>{table}"));
        let xml = format!("<w:body><w:p>{boxed}</w:p></w:body>");
        assert!(
            texts(&lines(&xml)).contains(&"行政规范性文件|1||12".to_owned()),
            "{:?}",
            texts(&lines(&xml))
        );
        // Offsets beyond the format's 32 bits are no place: read as it stands.
        let huge = anchored(0, 0, 0, &["甲"]).replace(
            "<wp:posOffset>0</wp:posOffset>",
            "<wp:posOffset>9223372036854775807</wp:posOffset>",
        );
        let xml = format!(
            "<w:body><w:p>{huge}{}</w:p></w:body>",
            anchored(i32::MAX.into(), i32::MIN.into(), u32::MAX.into(), &["乙"])
        );
        let got = texts(&lines(&xml));
        assert!(
            got.iter().any(|l| l.contains('甲')) && got.iter().any(|l| l.contains('乙')),
            "{got:?}"
        );
        // Anchors that never close, many of them: read, once each.
        let open = "<w:r><wp:anchor><wp:positionV><wp:posOffset>1</wp:posOffset></wp:positionV><w:t>丙</w:t></w:r>".repeat(20_000);
        let xml = format!("<w:body><w:p>{open}</w:p></w:body>");
        assert_eq!(texts(&lines(&xml)), ["丙".repeat(20_000)]);
    }

    #[test]
    fn boxes_without_a_place_and_pictures_read_as_before() {
        // No position: read where it stands (joined to its paragraph, as
        // before); an anchored picture has no text.
        let xml = "<w:body><w:p><w:r><w:t>甲</w:t></w:r><w:r><wp:anchor><wps:txbx><w:txbxContent><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:txbxContent></wps:txbx></wp:anchor></w:r></w:p><w:p><w:r><wp:anchor><wp:positionV><wp:posOffset>5</wp:posOffset></wp:positionV><pic:pic/></wp:anchor><w:t>丙</w:t></w:r></w:p></w:body>";
        assert_eq!(texts(&lines(xml)), ["甲乙", "丙"]);
    }
}

//! The report as a Word document (.docx), laid out to GB/T 9704-2012
//! 《党政机关公文格式》: A4, margins 3.7/3.5/2.8/2.6 cm, 22 lines of 28
//! characters, 方正小标宋简体 2号 title, 仿宋_GB2312 3号 body with a fixed
//! 28.95 pt line and a two-character indent, 黑体 「一、」 headings, 楷体
//! 「（一）」 leads, page numbers 「- 1 -」 in 4号 宋体 on the outside edge,
//! and tables 二, 三, 四 merged exactly as the official format prints them.
//!
//! Written by hand, not with a docx crate. Measured on throwaway cdylibs
//! (wasm32-unknown-unknown, opt-level "z", LTO, one codegen unit, panic
//! abort, then wasm-opt -Oz as Trunk runs it; gzip -9 sizes; the baseline
//! links serde_json, as the app does):
//!
//! | what is linked                                    | wasm gzip | over baseline |
//! |---------------------------------------------------|-----------|---------------|
//! | baseline                                          |    7.0 KB |             — |
//! | docx-rs 0.4.22, no default features, a small doc  |  244.1 KB |      +237.1 KB |
//! | this writer, the whole report (format, model,     |   49.4 KB |       +42.4 KB |
//! | number, tables, `zip`, miniz_oxide deflate)       |           |               |
//! | of which miniz_oxide deflate + inflate            |   23.0 KB |       +16.0 KB |
//!
//! The app's bundle was ~154 KB gzip (wasm ~145 KB) and must stay under
//! 400 KB: docx-rs (which brings the `zip` crate, zlib-rs and quick-xml)
//! would take it to ~390 KB and leave no room for anything else; this
//! writer adds at most 42 KB (less in the app, which has the format, model
//! and numbers already), a third of it deflate, whose inflate half the .docx
//! importer needs anyway. The document needs one fixed set of OOXML
//! constructs, which are plain strings here, and the ZIP container is a
//! page of code (`domain::zip`).
//!
//! Every part is well-formed XML: user text goes through `push_escaped`
//! (which also drops control characters, invalid in XML 1.0), and elements
//! follow the schema's order, which Word checks.

use super::{
    lead_len, paragraphs, preamble_text, push_escaped, section_text, signature_lines, tables,
    ExportError, Role, Slot, Table, TEXT_WIDTH,
};
use crate::domain::format::SECTIONS;
use crate::domain::model::Report;
use crate::domain::zip::{Method, ZipWriter};

// ---------------------------------------------------------------------------
// Page and type (twips: 1/20 pt; font sizes in half-points)
// ---------------------------------------------------------------------------

/// A4.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
/// GB/T 9704 margins: top 3.7 cm, bottom 3.5 cm, left 2.8 cm, right 2.6 cm.
const MARGIN_TOP: u32 = 2098;
const MARGIN_BOTTOM: u32 = 1984;
const MARGIN_LEFT: u32 = 1587;
const MARGIN_RIGHT: u32 = 1474;
/// The footer's distance from the page's bottom edge: the page number sits
/// about 7 mm below the type area, as GB/T 9704 places it.
const FOOTER_DIST: u32 = 1304;
/// 22 lines in the 12756-twip type area: a fixed 28.95 pt line.
const LINE: u32 = 579;
/// The title's fixed line: 2号 type needs more than the body's line.
const TITLE_LINE: u32 = 700;
/// 28 characters a line: 3号 characters are 16 pt, and 28 of them are
/// 448 pt, 6 pt more than the 442.25 pt type area; the body's characters
/// are set 0.25 pt closer (in twentieths of a point). Word's character grid
/// (`linesAndChars` with a negative `charSpace`) does this in Word and WPS,
/// but LibreOffice lays such a grid out with ~20 characters a line and
/// gaps, so the grid has lines only.
const TIGHTEN: i32 = -5;
/// One 3号 character (16 pt), for indents.
const CHAR: u32 = 320;
/// Table text line: 五号 type with a little air.
const TABLE_LINE: u32 = 320;
/// Cell margins left and right (0.1 cm): narrow columns of table 四 then
/// hold two characters a line.
const CELL_MARGIN: u32 = 57;

/// A run's fonts and size.
#[derive(Copy, Clone)]
struct Font {
    east_asia: &'static str,
    latin: &'static str,
    half_points: u32,
    /// Character spacing in twentieths of a point (`TIGHTEN` for 3号).
    spacing: i32,
}

const LATIN: &str = "Times New Roman";
const TITLE: Font = Font {
    east_asia: "方正小标宋简体",
    latin: LATIN,
    half_points: 44,
    spacing: 0,
};
const BODY: Font = Font {
    east_asia: "仿宋_GB2312",
    latin: LATIN,
    half_points: 32,
    spacing: TIGHTEN,
};
const HEADING: Font = Font {
    east_asia: "黑体",
    latin: LATIN,
    half_points: 32,
    spacing: TIGHTEN,
};
const LEAD: Font = Font {
    east_asia: "楷体_GB2312",
    latin: LATIN,
    half_points: 32,
    spacing: TIGHTEN,
};
const TABLE_TEXT: Font = Font {
    east_asia: "仿宋_GB2312",
    latin: LATIN,
    half_points: 21,
    spacing: 0,
};
/// Page numbers: 4号 半角宋体 digits.
const PAGE_NUMBER: Font = Font {
    east_asia: "宋体",
    latin: "宋体",
    half_points: 28,
    spacing: 0,
};

/// The fonts named in runs, with the font each falls back to where it is
/// not installed (`w:altName`), its PANOSE, character set (86: GB2312; 0:
/// ANSI), family and pitch, so that Word, WPS and LibreOffice substitute a
/// close face instead of a default one.
const FONTS: [(&str, &str, &str, &str, &str, &str); 8] = [
    (
        "仿宋_GB2312",
        "仿宋",
        "02010609030101010101",
        "86",
        "modern",
        "fixed",
    ),
    (
        "仿宋",
        "FangSong",
        "02010609060101010101",
        "86",
        "modern",
        "fixed",
    ),
    (
        "方正小标宋简体",
        "宋体",
        "02000000000000000000",
        "86",
        "auto",
        "variable",
    ),
    (
        "黑体",
        "SimHei",
        "02010609060101010101",
        "86",
        "modern",
        "fixed",
    ),
    (
        "楷体_GB2312",
        "楷体",
        "02010609030101010101",
        "86",
        "modern",
        "fixed",
    ),
    (
        "楷体",
        "KaiTi",
        "02010609060101010101",
        "86",
        "modern",
        "fixed",
    ),
    (
        "宋体",
        "SimSun",
        "02010600030101010101",
        "86",
        "auto",
        "variable",
    ),
    (
        LATIN,
        "Times",
        "02020603050405020304",
        "00",
        "roman",
        "variable",
    ),
];

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

// ---------------------------------------------------------------------------
// Runs and paragraphs
// ---------------------------------------------------------------------------

fn rpr(out: &mut String, f: Font) {
    // The hint makes characters both scripts have (“ ” · …) use the East
    // Asian font, as Chinese text wants.
    out.push_str(&format!(
        "<w:rPr><w:rFonts w:ascii=\"{l}\" w:hAnsi=\"{l}\" w:eastAsia=\"{e}\" w:cs=\"{l}\" w:hint=\"eastAsia\"/>",
        l = f.latin,
        e = f.east_asia,
    ));
    if f.spacing != 0 {
        out.push_str(&format!("<w:spacing w:val=\"{}\"/>", f.spacing));
    }
    out.push_str(&format!(
        "<w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/></w:rPr>",
        s = f.half_points
    ));
}

/// A run of text; tabs become Word tabs.
fn run(out: &mut String, f: Font, text: &str) {
    out.push_str("<w:r>");
    rpr(out, f);
    for (i, part) in text.split('\t').enumerate() {
        if i > 0 {
            out.push_str("<w:tab/>");
        }
        if !part.is_empty() {
            out.push_str("<w:t xml:space=\"preserve\">");
            push_escaped(out, part);
            out.push_str("</w:t>");
        }
    }
    out.push_str("</w:r>");
}

/// A body paragraph's properties: fixed line, two-character first-line
/// indent, justified.
const BODY_PPR: &str = "<w:spacing w:line=\"579\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:jc w:val=\"both\"/>";

/// A body paragraph, its 「（一）…。」 lead in 楷体.
fn body_paragraph(out: &mut String, text: &str) {
    out.push_str("<w:p><w:pPr>");
    out.push_str(BODY_PPR);
    out.push_str("</w:pPr>");
    let lead = lead_len(text).unwrap_or(0);
    if lead > 0 {
        run(out, LEAD, &text[..lead]);
    }
    if lead < text.len() {
        run(out, BODY, &text[lead..]);
    }
    out.push_str("</w:p>");
}

fn body_text(out: &mut String, text: &str) {
    for p in paragraphs(text) {
        body_paragraph(out, p);
    }
}

/// The width of a text in twips at 3号, counting CJK as a full character
/// and ASCII as half, to centre the signature over its date.
fn width(text: &str) -> i64 {
    text.chars()
        .map(|c| if c.is_ascii() { CHAR / 2 } else { CHAR })
        .map(i64::from)
        .sum()
}

/// The title in 2号 小标宋, centred. A title longer than a line breaks after
/// the agency, as published reports print it (「淮安市人民政府」 /
/// 「2024年政府信息公开工作年度报告」), instead of wherever the line ends.
fn title(out: &mut String, report: &Report) {
    let full = report.title();
    out.push_str(&format!(
        "<w:p><w:pPr><w:pStyle w:val=\"Title\"/><w:spacing w:after=\"{LINE}\" w:line=\"{TITLE_LINE}\" w:lineRule=\"exact\"/><w:jc w:val=\"center\"/></w:pPr>"
    ));
    let agency = report.agency.trim();
    let title_chars_per_line = i64::from(TEXT_WIDTH / 440);
    let fits = width(&full) <= title_chars_per_line * i64::from(CHAR);
    match full.strip_prefix(agency) {
        Some(rest) if !agency.is_empty() && !rest.is_empty() && !fits => {
            run(out, TITLE, agency);
            out.push_str("<w:r>");
            rpr(out, TITLE);
            out.push_str("<w:br/></w:r>");
            run(out, TITLE, rest);
        }
        _ => run(out, TITLE, &full),
    }
    out.push_str("</w:p>");
}

fn heading(out: &mut String, text: &str) {
    out.push_str("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/><w:keepNext/>");
    out.push_str(BODY_PPR);
    out.push_str("</w:pPr>");
    run(out, HEADING, text);
    out.push_str("</w:p>");
}

/// The signature: the date 「右空四字」, the agency centred over it (GB/T
/// 9704), after two blank lines.
fn signature(out: &mut String, agency: &str, date: &str) {
    let date_right = i64::from(4 * CHAR);
    let agency_right = if date.is_empty() {
        date_right
    } else {
        (date_right + (width(date) - width(agency)) / 2).max(0)
    };
    let mut first = true;
    for (text, right) in [(agency, agency_right), (date, date_right)] {
        if text.is_empty() {
            continue;
        }
        let before = if first { 2 * LINE } else { 0 };
        first = false;
        out.push_str(&format!(
            "<w:p><w:pPr><w:spacing w:before=\"{before}\" w:line=\"{LINE}\" w:lineRule=\"exact\"/><w:ind w:right=\"{right}\"/><w:jc w:val=\"right\"/></w:pPr>"
        ));
        run(out, BODY, text);
        out.push_str("</w:p>");
    }
}

// ---------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------

const BORDER: &str = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"";

/// A cell's paragraph, in the `TableText` style (五号 仿宋, off the body's
/// line grid so that a table line is not 28.95 pt high, centred; the style
/// also sizes an empty cell's paragraph mark, so that an empty row is as
/// low as a full one). Row labels are left-aligned.
fn cell_paragraph(out: &mut String, text: &str, left: bool, keep_next: bool) {
    out.push_str("<w:p><w:pPr><w:pStyle w:val=\"TableText\"/>");
    if keep_next {
        // Word and LibreOffice keep a row with the next when its
        // paragraphs are kept with the next.
        out.push_str("<w:keepNext/>");
    }
    if left {
        out.push_str("<w:jc w:val=\"left\"/>");
    }
    out.push_str("</w:pPr>");
    if !text.is_empty() {
        run(out, TABLE_TEXT, text);
    }
    out.push_str("</w:p>");
}

fn table(out: &mut String, table: &Table) {
    out.push_str(&format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{TEXT_WIDTH}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblBorders>"
    ));
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        out.push_str(&format!("<w:{side} {BORDER}/>"));
    }
    out.push_str(&format!(
        "</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"{CELL_MARGIN}\" w:type=\"dxa\"/><w:right w:w=\"{CELL_MARGIN}\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>"
    ));
    for w in table.widths {
        out.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    let grid = table.grid();
    for (r, slots) in grid.iter().enumerate() {
        let row = table.rows.get(r);
        let keep_next = row.is_some_and(|row| row.keep_with_next);
        out.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if row.is_some_and(|row| row.header) {
            out.push_str("<w:tblHeader/>");
        }
        out.push_str("</w:trPr>");
        for (c, slot) in slots.iter().enumerate() {
            let (cell, merge) = match slot {
                Slot::Start(cell) => (Some(*cell), (cell.rows > 1).then_some("restart")),
                Slot::Below(cell) => (Some(*cell), Some("continue")),
                Slot::Covered => continue,
                Slot::Empty => (None, None),
            };
            let cols = cell.map_or(1, |cell| cell.cols);
            let w: u32 = table.widths.iter().skip(c).take(cols).sum();
            out.push_str(&format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>"
            ));
            if cols > 1 {
                out.push_str(&format!("<w:gridSpan w:val=\"{cols}\"/>"));
            }
            if let Some(m) = merge {
                out.push_str(&format!("<w:vMerge w:val=\"{m}\"/>"));
            }
            if cell.is_some_and(|cell| cell.vertical) {
                out.push_str("<w:textDirection w:val=\"tbRlV\"/>");
            }
            out.push_str("<w:vAlign w:val=\"center\"/></w:tcPr>");
            match (slot, cell) {
                (Slot::Start(_), Some(cell)) => {
                    cell_paragraph(out, &cell.text, cell.role == Role::Label, keep_next);
                }
                _ => cell_paragraph(out, "", false, keep_next),
            }
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

// ---------------------------------------------------------------------------
// Parts
// ---------------------------------------------------------------------------

fn document(report: &Report) -> String {
    let mut out = String::with_capacity(256 * 1024);
    out.push_str(XML_DECL);
    out.push_str(&format!(
        "<w:document xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:body>"
    ));
    title(&mut out, report);
    if let Some(p) = preamble_text(report) {
        body_text(&mut out, &p);
    }
    let tables = tables(report);
    for section in &SECTIONS {
        heading(&mut out, section.heading);
        if let Some(text) = section_text(report, section.id) {
            body_text(&mut out, text);
        }
        if let Some((_, t)) = tables.iter().find(|(s, _)| *s == section.id) {
            table(&mut out, t);
        }
    }
    if let Some((agency, date)) = signature_lines(report) {
        signature(&mut out, &agency, &date);
    }
    out.push_str(&format!(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooterOdd\"/><w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>\
<w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/>\
<w:pgMar w:top=\"{MARGIN_TOP}\" w:right=\"{MARGIN_RIGHT}\" w:bottom=\"{MARGIN_BOTTOM}\" w:left=\"{MARGIN_LEFT}\" w:header=\"851\" w:footer=\"{FOOTER_DIST}\" w:gutter=\"0\"/>\
<w:pgNumType w:start=\"1\"/><w:cols w:space=\"425\"/>\
<w:docGrid w:type=\"lines\" w:linePitch=\"{LINE}\"/></w:sectPr>"
    ));
    out.push_str("</w:body></w:document>");
    out
}

/// A footer with the page number 「- 1 -」 on the outside edge, one
/// character in: right on odd pages, left on even ones.
fn footer(odd: bool) -> String {
    let (jc, side) = if odd {
        ("right", "right")
    } else {
        ("left", "left")
    };
    let mut out = String::from(XML_DECL);
    out.push_str(&format!(
        "<w:ftr xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:snapToGrid w:val=\"0\"/><w:ind w:{side}=\"{}\"/><w:jc w:val=\"{jc}\"/></w:pPr>",
        PAGE_NUMBER.half_points * 10
    ));
    run(&mut out, PAGE_NUMBER, "- ");
    for (i, part) in ["begin", "PAGE", "separate", "1", "end"].iter().enumerate() {
        out.push_str("<w:r>");
        rpr(&mut out, PAGE_NUMBER);
        match i {
            1 => out.push_str("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"),
            3 => out.push_str(&format!("<w:t>{part}</w:t>")),
            _ => out.push_str(&format!("<w:fldChar w:fldCharType=\"{part}\"/>")),
        }
        out.push_str("</w:r>");
    }
    run(&mut out, PAGE_NUMBER, " -");
    out.push_str("</w:p></w:ftr>");
    out
}

fn styles() -> String {
    // The defaults carry the body's fonts, so that text Word adds later
    // (a user's own paragraph) looks like the rest.
    let defaults = format!(
        "<w:rPr><w:rFonts w:ascii=\"{LATIN}\" w:hAnsi=\"{LATIN}\" w:eastAsia=\"{e}\" w:cs=\"{LATIN}\"/><w:kern w:val=\"2\"/><w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr>",
        e = BODY.east_asia,
        s = BODY.half_points
    );
    let mut table_rpr = String::new();
    rpr(&mut table_rpr, TABLE_TEXT);
    format!(
        "{XML_DECL}<w:styles xmlns:w=\"{NS_W}\">\
<w:docDefaults><w:rPrDefault>{defaults}</w:rPrDefault><w:pPrDefault><w:pPr><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/><w:pPr><w:widowControl w:val=\"0\"/><w:jc w:val=\"both\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:jc w:val=\"center\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:line=\"{TABLE_LINE}\" w:lineRule=\"exact\"/><w:jc w:val=\"center\"/></w:pPr>{table_rpr}</w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/></w:style>\
<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
</w:styles>"
    )
}

fn font_table() -> String {
    let mut out = format!("{XML_DECL}<w:fonts xmlns:w=\"{NS_W}\">");
    for (name, alt, panose, charset, family, pitch) in FONTS {
        out.push_str(&format!(
            "<w:font w:name=\"{name}\"><w:altName w:val=\"{alt}\"/><w:panose1 w:val=\"{panose}\"/><w:charset w:val=\"{charset}\"/><w:family w:val=\"{family}\"/><w:pitch w:val=\"{pitch}\"/></w:font>"
        ));
    }
    out.push_str("</w:fonts>");
    out
}

/// Settings: separate odd and even footers (the page number changes side),
/// compressed punctuation as Chinese typesetting wants, and Word 2013+
/// layout (no compatibility mode).
fn settings() -> String {
    format!(
        "{XML_DECL}<w:settings xmlns:w=\"{NS_W}\"><w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"420\"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val=\"compressPunctuation\"/>\
<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"
    )
}

fn content_types() -> String {
    let over =
        |part: &str, ty: &str| format!("<Override PartName=\"{part}\" ContentType=\"{ty}\"/>");
    format!(
        "{XML_DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>{}{}{}{}{}{}{}{}</Types>",
        over("/word/document.xml", &format!("{CT}.document.main+xml")),
        over("/word/styles.xml", &format!("{CT}.styles+xml")),
        over("/word/settings.xml", &format!("{CT}.settings+xml")),
        over("/word/fontTable.xml", &format!("{CT}.fontTable+xml")),
        over("/word/footer1.xml", &format!("{CT}.footer+xml")),
        over("/word/footer2.xml", &format!("{CT}.footer+xml")),
        over(
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml"
        ),
        over(
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml"
        ),
    )
}

fn relationships(rels: &[(&str, &str, &str)]) -> String {
    let mut out = format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    );
    for (id, ty, target) in rels {
        out.push_str(&format!(
            "<Relationship Id=\"{id}\" Type=\"{ty}\" Target=\"{target}\"/>"
        ));
    }
    out.push_str("</Relationships>");
    out
}

fn core_properties(report: &Report) -> String {
    let mut out = format!(
        "{XML_DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>"
    );
    push_escaped(&mut out, &report.title());
    out.push_str("</dc:title><dc:creator>");
    push_escaped(&mut out, report.agency.trim());
    out.push_str("</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>");
    out
}

fn app_properties() -> String {
    format!(
        "{XML_DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>nianbao</Application></Properties>"
    )
}

/// The report as the bytes of a .docx file.
pub fn to_docx(report: &Report) -> Result<Vec<u8>, ExportError> {
    let package_rels = relationships(&[
        (
            "rId1",
            &format!("{REL}/officeDocument"),
            "word/document.xml",
        ),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml",
        ),
        (
            "rId3",
            &format!("{REL}/extended-properties"),
            "docProps/app.xml",
        ),
    ]);
    let document_rels = relationships(&[
        ("rIdStyles", &format!("{REL}/styles"), "styles.xml"),
        ("rIdSettings", &format!("{REL}/settings"), "settings.xml"),
        ("rIdFonts", &format!("{REL}/fontTable"), "fontTable.xml"),
        ("rIdFooterOdd", &format!("{REL}/footer"), "footer1.xml"),
        ("rIdFooterEven", &format!("{REL}/footer"), "footer2.xml"),
    ]);
    let parts: [(&str, String); 11] = [
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", package_rels),
        ("docProps/core.xml", core_properties(report)),
        ("docProps/app.xml", app_properties()),
        ("word/document.xml", document(report)),
        ("word/_rels/document.xml.rels", document_rels),
        ("word/styles.xml", styles()),
        ("word/settings.xml", settings()),
        ("word/fontTable.xml", font_table()),
        ("word/footer1.xml", footer(true)),
        ("word/footer2.xml", footer(false)),
    ];
    let mut zip = ZipWriter::new();
    for (name, xml) in &parts {
        zip.add(name, xml.as_bytes(), Method::Deflated)?;
    }
    Ok(zip.finish()?)
}

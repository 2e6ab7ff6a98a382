//! The report as a Word document (.docx), laid out to GB/T 9704-2012
//! 《党政机关公文格式》: A4, margins 3.7/3.5/2.8/2.6 cm, a document grid of
//! 22 lines of 28 characters, 方正小标宋简体 2号 title, 仿宋_GB2312 3号 body
//! with a fixed 28.95 pt line and a two-character indent, 黑体 「一、」
//! headings, 楷体 「（一）」 leads, page numbers 「— 1 —」 in 4号 宋体 7 mm
//! below the type area on the outside edge, the 落款 sealed or unsealed,
//! and tables 二, 三, 四 merged exactly as the official format prints them.
//!
//! The layout lives in styles (正文, 标题, 标题 1, 标题 2, 表格文字, 页脚,
//! 页码) that the paragraphs name, not in the runs, so a clerk who edits
//! the file in Word or WPS and applies 「正文」 or 「标题 1」 keeps it.
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
/// The type area's height (版心, 225 mm).
const TEXT_HEIGHT: u32 = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM;
/// 22 lines of 28 characters a page.
const LINES: u32 = 22;
const CHARS: u32 = 28;
/// The line pitch of the document grid and the body's exact line: the
/// largest that fits 22 lines in the type area (28.95 pt).
const LINE: u32 = TEXT_HEIGHT / LINES;
/// 3号: the body's 16 pt.
const BODY_SIZE: u32 = 32;
/// The character pitch of the document grid, in 4096ths of a point: the
/// largest that fits 28 characters in the type area (15.79 pt). Word sets
/// every East Asian character of a paragraph on the grid one pitch apart,
/// including paragraphs a clerk types later, so no run needs squeezing.
const PITCH: u64 = (TEXT_WIDTH as u64 * 4096) / (20 * CHARS as u64);
/// `w:charSpace`: what the grid adds to (here: takes from) the Normal
/// style's 16 pt to make the pitch: −842. Word and WPS set 28 characters a
/// line; LibreOffice (7.4, and its import code since) cannot put a 16 pt
/// character on a narrower grid and gives each two cells, so it shows the
/// body widely spaced (the title, tables and page numbers are off the grid
/// and look right there too).
const CHAR_SPACE: i64 = PITCH as i64 - (BODY_SIZE as i64 * 4096 / 2);
/// 2号 title on its own fixed line (the body's line is too low for it).
const TITLE_SIZE: u32 = 44;
const TITLE_LINE: u32 = 700;
/// 五号 table text, on a 13 pt line (about the single spacing of a
/// Chinese font at this size): the whole of table 三 then fits a page with
/// its heading, so it can be kept together (see `Row::keep_with_next`).
const TABLE_SIZE: u32 = 21;
const TABLE_LINE: u32 = 260;
/// Cell margins left and right (0.1 cm): narrow columns of table 四 then
/// hold two characters a line.
const CELL_MARGIN: u32 = 57;
/// Page numbers: 4号 (14 pt) 半角宋体 digits between 一字线, on a line
/// exactly one character high so that the dashes sit at its middle.
const PAGE_NUMBER_SIZE: u32 = 28;
const PAGE_NUMBER_LINE: u32 = PAGE_NUMBER_SIZE * 10;
/// 7 mm: the dashes' distance below the type area (GB/T 9704 §7.5).
const DASH_BELOW_TYPE_AREA: u32 = 397;
/// The footer's distance from the page's bottom edge (Word measures to the
/// bottom of the footer's line): puts the middle of the page number's line,
/// where the dashes are, 7 mm below the type area.
const FOOTER_DIST: u32 = MARGIN_BOTTOM - DASH_BELOW_TYPE_AREA - PAGE_NUMBER_LINE / 2;
/// The 一字线 around the page number: full-width dashes in 宋体.
const PAGE_DASH: char = '\u{2014}';

/// Twips for a length in hundredths of a grid character (what `w:…Chars`
/// indents hold), for readers that only know twips.
fn chars_to_twips(hundredths: i64) -> i64 {
    hundredths * PITCH as i64 * 20 / 4096 / 100
}

const LATIN: &str = "Times New Roman";
const BODY_FONT: &str = "仿宋_GB2312";
const TITLE_FONT: &str = "方正小标宋简体";
const HEADING1_FONT: &str = "黑体";
const HEADING2_FONT: &str = "楷体_GB2312";
const PAGE_NUMBER_FONT: &str = "宋体";

/// The fonts the styles name, with the font each falls back to where it is
/// not installed (`w:altName`: what a stock Windows has), its PANOSE,
/// character set (86: GB2312; 0: ANSI), family and pitch, so that Word,
/// WPS and LibreOffice substitute a close face instead of a default one.
const FONTS: [(&str, &str, &str, &str, &str, &str); 8] = [
    (
        BODY_FONT,
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
        TITLE_FONT,
        "宋体",
        "02000000000000000000",
        "86",
        "auto",
        "variable",
    ),
    (
        HEADING1_FONT,
        "SimHei",
        "02010609060101010101",
        "86",
        "modern",
        "fixed",
    ),
    (
        HEADING2_FONT,
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
        PAGE_NUMBER_FONT,
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
// Styles
// ---------------------------------------------------------------------------

/// The paragraph and character styles the document uses (ids as Word names
/// its built-in styles, so that Word and WPS show them as 正文, 标题, 标题 1,
/// 标题 2, 页脚 and 页码). Every paragraph takes its layout from one of
/// them; a run names at most a character style.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Style {
    /// 正文: 3号 仿宋_GB2312, the exact 28.95 pt line, two-character
    /// first-line indent, justified. The default: body paragraphs name no
    /// style.
    Normal,
    /// 标题: the 2号 小标宋 title, centred, off the character grid.
    Title,
    /// 标题 1: 「一、」 headings in 黑体.
    Heading1,
    /// 标题 2: 「（一）」 headings in 楷体.
    Heading2,
    /// 表格文字: 五号 仿宋, centred, off the grid.
    TableText,
    /// 页脚: the page number's paragraph.
    Footer,
}

impl Style {
    fn id(self) -> &'static str {
        match self {
            Style::Normal => "Normal",
            Style::Title => "Title",
            Style::Heading1 => "Heading1",
            Style::Heading2 => "Heading2",
            Style::TableText => "TableText",
            Style::Footer => "Footer",
        }
    }
}

/// 标题 2 as a character style, for the 「（一）…。」 lead that opens a body
/// paragraph (linked to `Heading2`, as Word links them).
const LEAD_STYLE: &str = "Heading2Char";
/// 页码: the page number's runs.
const PAGE_NUMBER_STYLE: &str = "PageNumber";

/// `w:rFonts` naming `east_asia` for Chinese and Times New Roman for Latin
/// text, or one font for both.
fn fonts(east_asia: &str, latin: &str) -> String {
    format!("<w:rFonts w:ascii=\"{latin}\" w:hAnsi=\"{latin}\" w:eastAsia=\"{east_asia}\" w:cs=\"{latin}\"/>")
}

/// A run's properties in a style: fonts, no bold (LibreOffice's own
/// headings are bold), size.
fn style_rpr(east_asia: &str, latin: &str, size: u32) -> String {
    format!(
        "<w:rPr>{}<w:b w:val=\"0\"/><w:bCs w:val=\"0\"/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr>",
        fonts(east_asia, latin)
    )
}

/// No first-line indent, for styles based on Normal that have none.
const NO_INDENT: &str = "<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>";

fn styles() -> String {
    let indent = chars_to_twips(200);
    let body_font = fonts(BODY_FONT, LATIN);
    // Spacing before and after is stated everywhere: LibreOffice's own
    // headings and title otherwise keep theirs.
    let exact = |before: u32, after: u32, line: u32| {
        format!("<w:spacing w:before=\"{before}\" w:after=\"{after}\" w:line=\"{line}\" w:lineRule=\"exact\"/>")
    };
    // Off the character grid (snapToGrid 0), with no first-line indent: the
    // title (2号 characters would take two grid cells each), table text (五号
    // is not set 3号 cells apart; a table line is not 28.95 pt high) and the
    // page number.
    let off_grid = |spacing: String, centred: bool| {
        let jc = if centred {
            "<w:jc w:val=\"center\"/>"
        } else {
            ""
        };
        format!("<w:snapToGrid w:val=\"0\"/>{spacing}{NO_INDENT}{jc}")
    };
    let paragraph = |style: Style, name: &str, extra: &str, ppr: &str, rpr: &str| {
        let id = style.id();
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/>{extra}<w:pPr>{ppr}</w:pPr>{rpr}</w:style>"
        )
    };
    let mut out = format!(
        "{XML_DECL}<w:styles xmlns:w=\"{NS_W}\">\
<w:docDefaults><w:rPrDefault><w:rPr>{body_font}<w:kern w:val=\"2\"/><w:sz w:val=\"{BODY_SIZE}\"/><w:szCs w:val=\"{BODY_SIZE}\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:widowControl w:val=\"0\"/>{}<w:ind w:firstLineChars=\"200\" w:firstLine=\"{indent}\"/><w:jc w:val=\"both\"/></w:pPr>\
<w:rPr>{body_font}<w:sz w:val=\"{BODY_SIZE}\"/><w:szCs w:val=\"{BODY_SIZE}\"/></w:rPr></w:style>",
        exact(0, 0, LINE)
    );
    out.push_str(&paragraph(
        Style::Title,
        "Title",
        "<w:next w:val=\"Normal\"/><w:qFormat/>",
        &off_grid(exact(0, LINE, TITLE_LINE), true),
        &style_rpr(TITLE_FONT, LATIN, TITLE_SIZE),
    ));
    // The headings: body paragraphs in their own font, kept with the next,
    // on outline levels 1 and 2 (Word's navigation pane).
    let lead_link = format!("<w:link w:val=\"{LEAD_STYLE}\"/>");
    for (style, name, link, font, level) in [
        (Style::Heading1, "heading 1", "", HEADING1_FONT, 0),
        (
            Style::Heading2,
            "heading 2",
            lead_link.as_str(),
            HEADING2_FONT,
            1,
        ),
    ] {
        out.push_str(&paragraph(
            style,
            name,
            &format!("<w:next w:val=\"Normal\"/>{link}<w:qFormat/>"),
            &format!(
                "<w:keepNext/>{}<w:outlineLvl w:val=\"{level}\"/>",
                exact(0, 0, LINE)
            ),
            &style_rpr(font, LATIN, BODY_SIZE),
        ));
    }
    out.push_str(&paragraph(
        Style::TableText,
        "表格文字",
        "<w:qFormat/>",
        // The style also sizes an empty cell's paragraph mark, so an empty
        // row is as low as a full one.
        &off_grid(exact(0, 0, TABLE_LINE), true),
        &style_rpr(BODY_FONT, LATIN, TABLE_SIZE),
    ));
    out.push_str(&paragraph(
        Style::Footer,
        "footer",
        "",
        &off_grid(exact(0, 0, PAGE_NUMBER_LINE), false),
        "",
    ));
    out.push_str(&format!(
        "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
<w:style w:type=\"character\" w:customStyle=\"1\" w:styleId=\"{LEAD_STYLE}\"><w:name w:val=\"Heading 2 Char\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:link w:val=\"Heading2\"/><w:rPr>{}</w:rPr></w:style>\
<w:style w:type=\"character\" w:styleId=\"{PAGE_NUMBER_STYLE}\"><w:name w:val=\"page number\"/><w:basedOn w:val=\"DefaultParagraphFont\"/>{}</w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
</w:styles>",
        fonts(HEADING2_FONT, LATIN),
        // 半角宋体 digits: 宋体 for Latin text too.
        style_rpr(PAGE_NUMBER_FONT, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE),
    ));
    out
}

// ---------------------------------------------------------------------------
// Runs and paragraphs
// ---------------------------------------------------------------------------

/// Opens a paragraph in `style`, with `extra` paragraph properties (in
/// schema order after `w:pStyle`).
fn open_paragraph(out: &mut String, style: Style, extra: &str) {
    out.push_str("<w:p>");
    if style == Style::Normal && extra.is_empty() {
        return;
    }
    out.push_str("<w:pPr>");
    if style != Style::Normal {
        out.push_str("<w:pStyle w:val=\"");
        out.push_str(style.id());
        out.push_str("\"/>");
    }
    out.push_str(extra);
    out.push_str("</w:pPr>");
}

/// A run's properties: a character style, if any, and the hint that makes
/// characters both scripts have (“ ” — · …) use the East Asian font, as
/// Chinese text wants. No font or size: those come from the styles.
fn rpr(out: &mut String, char_style: Option<&str>) {
    out.push_str("<w:rPr>");
    if let Some(s) = char_style {
        out.push_str("<w:rStyle w:val=\"");
        out.push_str(s);
        out.push_str("\"/>");
    }
    out.push_str("<w:rFonts w:hint=\"eastAsia\"/></w:rPr>");
}

/// A run of text; tabs become Word tabs.
fn run(out: &mut String, char_style: Option<&str>, text: &str) {
    out.push_str("<w:r>");
    rpr(out, char_style);
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

/// A body paragraph. One that is only a 「（一）…」 heading is a 标题 2
/// paragraph; a paragraph that opens with one has it in 楷体 (the linked
/// character style) and goes on in 仿宋.
fn body_paragraph(out: &mut String, text: &str, keep_next: bool) {
    let lead = lead_len(text).unwrap_or(0);
    if lead == text.len() {
        // Kept with the next paragraph by its style.
        open_paragraph(out, Style::Heading2, "");
        run(out, None, text);
    } else {
        open_paragraph(
            out,
            Style::Normal,
            if keep_next { "<w:keepNext/>" } else { "" },
        );
        if lead > 0 {
            run(out, Some(LEAD_STYLE), &text[..lead]);
        }
        run(out, None, &text[lead..]);
    }
    out.push_str("</w:p>");
}

/// The paragraphs of a text; with `keep_last`, its last paragraph stays on
/// the page of what follows (the 落款 is never alone on a page).
fn body_text(out: &mut String, text: &str, keep_last: bool) {
    let mut paragraphs = paragraphs(text).peekable();
    while let Some(p) = paragraphs.next() {
        body_paragraph(out, p, keep_last && paragraphs.peek().is_none());
    }
}

/// The width of a text in half characters: CJK (and other wide) characters
/// take a whole one, ASCII half.
fn half_chars(text: &str) -> i64 {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// The title in 2号 小标宋, centred. A title longer than a line breaks after
/// the agency, as published reports print it (「淮安市人民政府」 /
/// 「2024年政府信息公开工作年度报告」), instead of wherever the line ends.
fn title(out: &mut String, report: &Report) {
    let full = report.title();
    open_paragraph(out, Style::Title, "");
    let agency = report.agency.trim();
    let title_chars_per_line = i64::from(TEXT_WIDTH / (TITLE_SIZE * 10));
    let fits = half_chars(&full) <= 2 * title_chars_per_line;
    match full.strip_prefix(agency) {
        Some(rest) if !agency.is_empty() && !rest.is_empty() && !fits => {
            run(out, None, agency);
            out.push_str("<w:r>");
            rpr(out, None);
            out.push_str("<w:br/></w:r>");
            run(out, None, rest);
        }
        _ => run(out, None, &full),
    }
    out.push_str("</w:p>");
}

fn heading(out: &mut String, text: &str) {
    open_paragraph(out, Style::Heading1, "");
    run(out, None, text);
    out.push_str("</w:p>");
}

/// Where the 落款 goes: blank lines above the agency, and the right indents
/// of the agency and of the date, in half characters.
#[derive(Debug, PartialEq, Eq)]
struct SignatureLayout {
    lines_before: u32,
    agency_right: i64,
    date_right: i64,
}

/// GB/T 9704-2012 §7.3.5:
/// - sealed (§7.3.5.1): the date four characters from the right, the
///   agency centred over it, two blank lines above for the seal, whose top
///   comes within a line of the text;
/// - unsealed (§7.3.5.2): one blank line, the agency two characters from
///   the right, the date on the next line starting two characters right
///   of the agency's first character; a date that would then come closer
///   than two characters to the right edge is set two characters from it,
///   and the agency moves left with it.
fn signature_layout(agency: &str, date: &str, sealed: bool) -> SignatureLayout {
    let (a, d) = (half_chars(agency), half_chars(date));
    if sealed {
        let date_right = 8;
        SignatureLayout {
            lines_before: 2,
            agency_right: if date.is_empty() {
                date_right
            } else {
                (date_right + (d - a) / 2).max(0)
            },
            date_right,
        }
    } else {
        let date_right = (a - d).max(4);
        SignatureLayout {
            lines_before: 1,
            agency_right: if date.is_empty() {
                4
            } else {
                date_right + d + 4 - a
            },
            date_right,
        }
    }
}

/// The signature (落款) under the text, laid out by `signature_layout`.
fn signature(out: &mut String, agency: &str, date: &str, sealed: bool) {
    let layout = signature_layout(agency, date, sealed);
    let mut first = true;
    for (text, right) in [(agency, layout.agency_right), (date, layout.date_right)] {
        if text.is_empty() {
            continue;
        }
        let (keep, before) = if first {
            // The agency stays on the page of its date.
            ("<w:keepNext/>", layout.lines_before * LINE)
        } else {
            ("", 0)
        };
        first = false;
        // Indents in grid characters (`w:rightChars`, hundredths), with
        // twips for readers that do not know characters.
        open_paragraph(
            out,
            Style::Normal,
            &format!(
                "{keep}<w:spacing w:before=\"{before}\" w:after=\"0\" w:line=\"{LINE}\" w:lineRule=\"exact\"/><w:ind w:rightChars=\"{}\" w:right=\"{}\" w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"right\"/>",
                right * 50,
                chars_to_twips(right * 50),
            ),
        );
        run(out, None, text);
        out.push_str("</w:p>");
    }
}

// ---------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------

const BORDER: &str = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"";

/// A cell's paragraph, in 表格文字; row labels are left-aligned.
fn cell_paragraph(out: &mut String, text: &str, left: bool, keep_next: bool) {
    // Word and LibreOffice keep a row with the next when its paragraphs
    // are kept with the next.
    let keep = if keep_next { "<w:keepNext/>" } else { "" };
    let jc = if left { "<w:jc w:val=\"left\"/>" } else { "" };
    open_paragraph(out, Style::TableText, &format!("{keep}{jc}"));
    if !text.is_empty() {
        run(out, None, text);
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
        body_text(&mut out, &p, false);
    }
    let tables = tables(report);
    let signed = signature_lines(report);
    for (i, section) in SECTIONS.iter().enumerate() {
        heading(&mut out, section.heading);
        if let Some(text) = section_text(report, section.id) {
            let last = i + 1 == SECTIONS.len();
            body_text(&mut out, text, last && signed.is_some());
        }
        if let Some((_, t)) = tables.iter().find(|(s, _)| *s == section.id) {
            table(&mut out, t);
        }
    }
    if let Some((agency, date)) = signed {
        signature(&mut out, &agency, &date, report.signature.sealed);
    }
    // The grid: 22 lines and 28 characters a page (Word's 页面设置 shows
    // 「指定行和字符网格」).
    out.push_str(&format!(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooterOdd\"/><w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>\
<w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/>\
<w:pgMar w:top=\"{MARGIN_TOP}\" w:right=\"{MARGIN_RIGHT}\" w:bottom=\"{MARGIN_BOTTOM}\" w:left=\"{MARGIN_LEFT}\" w:header=\"851\" w:footer=\"{FOOTER_DIST}\" w:gutter=\"0\"/>\
<w:pgNumType w:start=\"1\"/><w:cols w:space=\"425\"/>\
<w:docGrid w:type=\"linesAndChars\" w:linePitch=\"{LINE}\" w:charSpace=\"{CHAR_SPACE}\"/></w:sectPr>"
    ));
    out.push_str("</w:body></w:document>");
    out
}

/// A footer with the page number 「— 1 —」, one character in from the
/// outside edge: right on odd pages, left on even ones (GB/T 9704 §7.5).
fn footer(odd: bool) -> String {
    let side = if odd { "right" } else { "left" };
    let mut out = String::from(XML_DECL);
    out.push_str(&format!("<w:ftr xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\">"));
    open_paragraph(
        &mut out,
        Style::Footer,
        &format!("<w:ind w:{side}=\"{PAGE_NUMBER_LINE}\"/><w:jc w:val=\"{side}\"/>"),
    );
    let style = Some(PAGE_NUMBER_STYLE);
    run(&mut out, style, &format!("{PAGE_DASH} "));
    for (i, part) in ["begin", "PAGE", "separate", "1", "end"].iter().enumerate() {
        out.push_str("<w:r>");
        rpr(&mut out, style);
        match i {
            1 => out.push_str("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"),
            3 => out.push_str(&format!("<w:t>{part}</w:t>")),
            _ => out.push_str(&format!("<w:fldChar w:fldCharType=\"{part}\"/>")),
        }
        out.push_str("</w:r>");
    }
    run(&mut out, style, &format!(" {PAGE_DASH}"));
    out.push_str("</w:p></w:ftr>");
    out
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

//! The report as one self-contained web page: what a portal editor can
//! publish as it is, paste into the portal's editor, or print.
//!
//! The page has its style inline and nothing else: no script, no event
//! attribute, no external resource, no link. Every user text is escaped
//! (& < > " '), and characters HTML forbids are dropped. The markup is
//! also well-formed XML (every element closed, attributes quoted, only the
//! five predefined entities), so it survives editors that re-parse it, and
//! the tests check it with a strict XML parser.
//!
//! The tables have the structure of the printed format (rowspan/colspan),
//! with `border="1"` on each so that they keep their lines even where a
//! portal's editor strips the style sheet.

use super::{
    lead_len, paragraphs, preamble_text, push_escaped, section_text, signature_lines, tables, Role,
    Table, TEXT_WIDTH,
};
use crate::domain::format::SECTIONS;
use crate::domain::model::Report;

/// Screen and print style: A4 with GB/T 9704 margins, 仿宋 body in 三号
/// with the fixed 28.95 pt line, 小标宋 title, 黑体 headings, 楷体 for
/// 「（一）」 leads, tables in 五号. Font lists end with fonts that
/// Windows, macOS and Linux have, then a generic family.
/// (No `<` or `&` in here: the page must stay well-formed XML.)
const STYLE: &str = r#"
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { background: #fff; color: #000; }
body { margin: 0 auto; padding: 2em 1em; max-width: 156mm;
  font-family: "仿宋_GB2312", "仿宋", FangSong, STFangsong, "FangSong_GB2312", "Noto Serif CJK SC", serif;
  font-size: 16pt; line-height: 28.95pt; }
h1 { margin: 0 0 28.95pt; text-align: center; font-weight: normal; font-size: 22pt; line-height: 1.5;
  font-family: "方正小标宋简体", "方正小标宋_GBK", FZXiaoBiaoSong-B05S, "华文中宋", STZhongsong, "宋体", SimSun, "Noto Serif CJK SC", serif; }
h1 .part { display: inline-block; }
h2 { margin: 0; text-indent: 2em; font-weight: normal; font-size: 16pt;
  font-family: "黑体", SimHei, STHeiti, "Noto Sans CJK SC", sans-serif; }
p { margin: 0; text-indent: 2em; text-align: justify; }
.lead { font-family: "楷体_GB2312", "楷体", KaiTi, STKaiti, "KaiTi_GB2312", serif; }
table { width: 100%; margin: 0.5em 0 1em; border-collapse: collapse; table-layout: fixed;
  font-size: 10.5pt; line-height: 1.35; }
th, td { border: 1px solid #000; padding: 2pt 3pt; text-align: center; vertical-align: middle;
  font-weight: normal; word-break: break-all; }
th.label { text-align: left; }
th.vertical { writing-mode: vertical-rl; text-orientation: upright; letter-spacing: 0.2em; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.signature { margin-top: 28.95pt; text-align: right; }
.signature p { text-indent: 0; padding-right: 2em; }
@media print { body { max-width: none; padding: 0; } }
"#;

/// Appends a paragraph, its 「（一）…。」 lead in 楷体.
fn paragraph(out: &mut String, class: Option<&str>, text: &str) {
    match class {
        Some(c) => {
            out.push_str("<p class=\"");
            out.push_str(c);
            out.push_str("\">");
        }
        None => out.push_str("<p>"),
    }
    let lead = lead_len(text).unwrap_or(0);
    if lead > 0 {
        out.push_str("<span class=\"lead\">");
        push_escaped(out, &text[..lead]);
        out.push_str("</span>");
    }
    push_escaped(out, &text[lead..]);
    out.push_str("</p>\n");
}

fn text(out: &mut String, class: Option<&str>, text: &str) {
    for p in paragraphs(text) {
        paragraph(out, class, p);
    }
}

fn span_attrs(out: &mut String, rows: usize, cols: usize) {
    if rows > 1 {
        out.push_str(&format!(" rowspan=\"{rows}\""));
    }
    if cols > 1 {
        out.push_str(&format!(" colspan=\"{cols}\""));
    }
}

fn table(out: &mut String, table: &Table) {
    out.push_str("<table border=\"1\">\n<colgroup>");
    for w in table.widths {
        // Per mille of the type area, so the columns keep the proportions
        // of the printed format.
        let pm = w * 1000 / TEXT_WIDTH;
        out.push_str(&format!("<col style=\"width:{}.{}%\" />", pm / 10, pm % 10));
    }
    out.push_str("</colgroup>\n");
    let header_rows = table.rows.iter().take_while(|r| r.header).count();
    if header_rows > 0 {
        out.push_str("<thead>\n");
    } else {
        out.push_str("<tbody>\n");
    }
    for (i, row) in table.rows.iter().enumerate() {
        if header_rows > 0 && i == header_rows {
            out.push_str("</thead>\n<tbody>\n");
        }
        out.push_str("<tr>");
        for cell in &row.cells {
            let (tag, class) = match cell.role {
                Role::Value => ("td", None),
                Role::Header | Role::Group if cell.vertical => ("th", Some("vertical")),
                Role::Header | Role::Group => ("th", None),
                Role::Label => ("th", Some("label")),
            };
            out.push('<');
            out.push_str(tag);
            if let Some(c) = class {
                out.push_str(" class=\"");
                out.push_str(c);
                out.push('"');
            }
            if tag == "th" {
                let scope = if row.header { "col" } else { "row" };
                out.push_str(" scope=\"");
                out.push_str(scope);
                out.push('"');
            }
            span_attrs(out, cell.rows, cell.cols);
            out.push('>');
            push_escaped(out, &cell.text);
            out.push_str("</");
            out.push_str(tag);
            out.push('>');
        }
        out.push_str("</tr>\n");
    }
    if header_rows == table.rows.len() && header_rows > 0 {
        out.push_str("</thead>\n</table>\n");
    } else {
        out.push_str("</tbody>\n</table>\n");
    }
}

/// The report as an HTML page.
pub fn to_html(report: &Report) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let title = report.title();
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\" />\n");
    out.push_str(
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<title>",
    );
    push_escaped(&mut out, &title);
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<article>\n<h1>");
    // Agency and the rest as two unbreakable parts: a title too long for
    // the line breaks after the agency, as published reports print it.
    let agency = report.agency.trim();
    match title.strip_prefix(agency) {
        Some(rest) if !agency.is_empty() && !rest.is_empty() => {
            for part in [agency, rest] {
                out.push_str("<span class=\"part\">");
                push_escaped(&mut out, part);
                out.push_str("</span>");
            }
        }
        _ => push_escaped(&mut out, &title),
    }
    out.push_str("</h1>\n");
    if let Some(preamble) = preamble_text(report) {
        text(&mut out, Some("preamble"), &preamble);
    }
    let tables = tables(report);
    for section in &SECTIONS {
        out.push_str("<section id=\"");
        out.push_str(section.key);
        out.push_str("\">\n<h2>");
        push_escaped(&mut out, section.heading);
        out.push_str("</h2>\n");
        if let Some(t) = section_text(report, section.id) {
            text(&mut out, None, t);
        }
        if let Some((_, t)) = tables.iter().find(|(s, _)| *s == section.id) {
            table(&mut out, t);
        }
        out.push_str("</section>\n");
    }
    if let Some((agency, date)) = signature_lines(report) {
        out.push_str("<div class=\"signature\">\n");
        for line in [agency, date] {
            if !line.is_empty() {
                out.push_str("<p>");
                push_escaped(&mut out, &line);
                out.push_str("</p>\n");
            }
        }
        out.push_str("</div>\n");
    }
    out.push_str("</article>\n</body>\n</html>\n");
    out
}

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

/// The report's page style, shared with the app's 打印预览 (index.html links
/// the same file), so the preview prints as the exported file does.
const STYLE: &str = include_str!("../../../style/report.css");

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

/// Where the report is shown, which decides how column widths are given.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Target {
    /// The exported file: widths on each `<col>` too, so that they survive
    /// a portal editor that keeps the table but drops the style sheet.
    File,
    /// The app's 打印预览: its Content-Security-Policy refuses `style`
    /// attributes; `report.css` gives the same widths by table class.
    App,
}

fn table(out: &mut String, key: &str, table: &Table, target: Target) {
    out.push_str("<table border=\"1\" class=\"table-");
    out.push_str(key);
    out.push_str("\">\n<colgroup>");
    for w in table.widths {
        match target {
            Target::File => {
                // Per mille of the type area, so the columns keep the
                // proportions of the .docx.
                let pm = w * 1000 / TEXT_WIDTH;
                out.push_str(&format!("<col style=\"width:{}.{}%\" />", pm / 10, pm % 10));
            }
            Target::App => out.push_str("<col />"),
        }
    }
    out.push_str("</colgroup>\n");
    let header_rows = table.rows.iter().take_while(|r| r.header).count();
    if header_rows > 0 {
        out.push_str("<thead>\n");
    }
    // Body rows kept together (`Row::keep_with_next`) share a `<tbody>`,
    // which report.css keeps on one page, as the .docx keeps them.
    let mut open_body = false;
    for (i, row) in table.rows.iter().enumerate() {
        if header_rows > 0 && i == header_rows {
            out.push_str("</thead>\n");
        }
        if !row.header && !open_body {
            out.push_str("<tbody>\n");
            open_body = true;
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
        if open_body && !row.keep_with_next {
            out.push_str("</tbody>\n");
            open_body = false;
        }
    }
    if open_body {
        out.push_str("</tbody>\n");
    } else if header_rows == table.rows.len() && header_rows > 0 {
        out.push_str("</thead>\n");
    }
    out.push_str("</table>\n");
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
    out.push_str("</style>\n</head>\n<body class=\"report-file\">\n");
    out.push_str(&article_for(report, Target::File));
    out.push_str("</body>\n</html>\n");
    out
}

/// The report itself, `<article class="report-doc">…</article>`, as the
/// app's 打印预览 shows it (the exported page's body differs only in carrying
/// column widths on its `<col>`s). Every user text in it is escaped.
pub fn article(report: &Report) -> String {
    article_for(report, Target::App)
}

fn article_for(report: &Report, target: Target) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let title = report.title();
    out.push_str("<article class=\"report-doc\">\n<h1>");
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
        // Prefixed: the app shows this article beside its own sections.
        out.push_str("<section id=\"doc-");
        out.push_str(section.key);
        out.push_str("\">\n<h2>");
        push_escaped(&mut out, section.heading);
        out.push_str("</h2>\n");
        if let Some(t) = section_text(report, section.id) {
            text(&mut out, None, t);
        }
        if let Some((_, t)) = tables.iter().find(|(s, _)| *s == section.id) {
            table(&mut out, section.key, t, target);
        }
        out.push_str("</section>\n");
    }
    if let Some((agency, date)) = signature_lines(report) {
        // report.css lays the two lines out as the .docx does (GB/T 9704
        // §7.3.5), from their own widths: no measurement here.
        let layout = if report.signature.sealed {
            "sealed"
        } else {
            "unsealed"
        };
        out.push_str("<div class=\"signature ");
        out.push_str(layout);
        out.push_str("\">\n");
        for (class, line) in [("agency", agency), ("date", date)] {
            if !line.is_empty() {
                out.push_str("<p class=\"");
                out.push_str(class);
                out.push_str("\">");
                push_escaped(&mut out, &line);
                out.push_str("</p>\n");
            }
        }
        out.push_str("</div>\n");
    }
    out.push_str("</article>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// report.css gives the 打印预览 the .docx's column widths (the exported
    /// page carries them on its `<col>`s as well).
    #[test]
    fn report_css_has_the_docx_column_widths() {
        for (section, table) in tables(&Report::default()) {
            let key = SECTIONS
                .iter()
                .find(|s| s.id == section)
                .map(|s| s.key)
                .expect("section");
            let prefix = format!(".report-doc .table-{key} col:nth-child(");
            let set: Vec<(usize, f64)> = STYLE
                .lines()
                .filter_map(|l| l.strip_prefix(prefix.as_str()))
                .map(|l| {
                    let (n, rest) = l.split_once(')').expect("nth-child(n)");
                    let w = rest
                        .split_once("width: ")
                        .and_then(|(_, w)| w.split_once('%'))
                        .expect("a width in %")
                        .0;
                    (n.parse().expect("n"), w.parse().expect("width"))
                })
                .collect();
            let n = table.widths.len();
            let rest = (100.0 - set.iter().map(|(_, w)| w).sum::<f64>()) / (n - set.len()) as f64;
            for (i, w) in table.widths.iter().enumerate() {
                let expected = f64::from(*w) * 100.0 / f64::from(TEXT_WIDTH);
                let css = set
                    .iter()
                    .find(|(c, _)| *c == i + 1)
                    .map_or(rest, |(_, w)| *w);
                assert!(
                    (css - expected).abs() < 0.1,
                    "{key} column {}: {css}% in report.css, {expected:.2}% in the .docx",
                    i + 1
                );
            }
        }
    }
}

//! The batch view's downloads: 「检查结果」 and the 汇总表 as .xlsx
//! workbooks (`xlsx`), and the 汇总 as a report file in the app's JSON.

use super::summary::Summary;
use super::view::{duplicate_reason, gap_lines, percent, place, summary_lead, SortKey};
use super::{Batch, Entry, Outcome, Source};
use crate::domain::export::{self, json, ExportError, Role, Slot};
use crate::domain::rules::CheckSettings;
use crate::domain::xlsx::{self, Sheet, Style};

/// A file to download: its name, MIME type and bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Download {
    pub name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// The 「检查结果」 workbook: a sheet listing the reports as the table
/// shows them, and a sheet with one row per finding.
pub fn results_xlsx<S: Source>(batch: &Batch<S>, rows: &[&Entry]) -> Result<Download, ExportError> {
    let mut list = Sheet::new("检查结果");
    let mut head: Vec<&str> = SortKey::ALL.iter().map(|k| k.label()).collect();
    head.push("说明");
    for (c, h) in head.iter().enumerate() {
        list.text(0, c as u32, h, Style::Header);
    }
    for (c, w) in [36.0, 28.0, 8.0, 7.0, 7.0, 7.0, 9.0, 12.0, 48.0]
        .into_iter()
        .enumerate()
    {
        list.width(c as u32, w);
    }
    list.freeze_rows(1);

    let mut detail = Sheet::new("问题明细");
    for (c, h) in ["文件", "单位", "规则", "严重程度", "位置", "说明"]
        .iter()
        .enumerate()
    {
        detail.text(0, c as u32, h, Style::Header);
    }
    for (c, w) in [36.0, 28.0, 12.0, 9.0, 40.0, 80.0].into_iter().enumerate() {
        detail.width(c as u32, w);
    }
    detail.freeze_rows(1);

    let mut d = 1;
    for (i, e) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        list.text(r, 0, &e.name, Style::Text);
        match &e.outcome {
            Outcome::Failed(reason) => {
                for c in 1..8 {
                    list.text(r, c, "", Style::Text);
                }
                list.text(r, 8, reason, Style::Text);
            }
            Outcome::Report(c) => {
                let report = &c.imported.report;
                list.text(r, 1, report.agency.trim(), Style::Text);
                let year = report
                    .report_year()
                    .map_or_else(|| report.year.trim().to_owned(), |y| y.to_string());
                list.number(r, 2, &year, Style::Number);
                for (col, n) in [
                    c.counts.errors,
                    c.counts.warnings,
                    c.counts.hints,
                    c.imported.unreadable.len(),
                ]
                .into_iter()
                .enumerate()
                {
                    list.number(r, 3 + col as u32, &n.to_string(), Style::Number);
                }
                list.text(
                    r,
                    7,
                    &c.repeat.map(percent).unwrap_or_default(),
                    Style::Number,
                );
                list.text(
                    r,
                    8,
                    &duplicate_reason(batch, c).unwrap_or_default(),
                    Style::Text,
                );
                let findings = c.findings.iter().map(|f| (f, f.severity.label()));
                let unverified = c.unverified.iter().map(|f| (f, "无法核对"));
                for (f, severity) in findings.chain(unverified) {
                    detail.text(d, 0, &e.name, Style::Text);
                    detail.text(d, 1, report.agency.trim(), Style::Text);
                    detail.text(d, 2, f.rule.id(), Style::Text);
                    detail.text(d, 3, severity, Style::Text);
                    detail.text(d, 4, &place(f), Style::Text);
                    detail.text(d, 5, &f.message, Style::Text);
                    d += 1;
                }
            }
        }
    }
    Ok(Download {
        name: "年度报告检查结果.xlsx".to_owned(),
        mime: xlsx::MIME,
        bytes: xlsx::workbook(&[list, detail])?,
    })
}

/// Twips of the printed format to a column width in characters.
fn chars(twips: u32) -> f64 {
    (f64::from(twips) / 110.0).max(4.0)
}

/// The 汇总表 workbook: tables 二, 三 and 四 each on a sheet, laid out as
/// the format prints them (merged cells, the format's proportions), then a
/// sheet saying which reports went in and which cells are 不完整.
pub fn summary_xlsx(summary: &Summary, settings: &CheckSettings) -> Result<Download, ExportError> {
    let mut sheets = Vec::new();
    for (section, table) in summary.tables() {
        let name = section.table_name().unwrap_or("表");
        let mut sheet = Sheet::new(name);
        let n = table.columns() as u32;
        sheet.text(0, 0, section.heading(), Style::Plain);
        sheet.merge(0, 0, 1, n);
        sheet.text(1, 0, &summary_lead(summary), Style::Plain);
        sheet.merge(1, 0, 1, n);
        for (c, w) in table.widths.iter().enumerate() {
            sheet.width(c as u32, chars(*w));
        }
        let top = 2;
        for (r, row) in table.grid().iter().enumerate() {
            for (c, slot) in row.iter().enumerate() {
                let (r, c) = (top + r as u32, c as u32);
                let Slot::Start(cell) = slot else {
                    continue;
                };
                let style = match cell.role {
                    Role::Header => Style::Header,
                    Role::Label | Role::Group => Style::Text,
                    Role::Value if cell.id.is_some_and(|id| !summary.is_complete(id)) => {
                        Style::Marked
                    }
                    Role::Value => Style::Number,
                };
                if style == Style::Number {
                    sheet.number(r, c, &cell.text, style);
                } else {
                    sheet.text(r, c, &cell.text, style);
                }
                // The positions a spanning cell covers get its border.
                for dr in 0..cell.rows as u32 {
                    for dc in 0..cell.cols as u32 {
                        if dr + dc > 0 {
                            sheet.text(r + dr, c + dc, "", style);
                        }
                    }
                }
                sheet.merge(r, c, cell.rows as u32, cell.cols as u32);
            }
        }
        sheets.push(sheet);
    }

    let mut notes = Sheet::new("汇总说明");
    notes.width(0, 100.0);
    let mut r = 0;
    let mut line = |text: &str, style: Style| {
        notes.text(r, 0, text, style);
        r += 1;
    };
    line(&summary_lead(summary), Style::Header);
    for name in &summary.names {
        line(name, Style::Text);
    }
    let gaps = gap_lines(summary);
    if !gaps.is_empty() {
        line("", Style::Plain);
        line(
            &format!("不完整的格（{}）：数字只是已知部分之和", gaps.len()),
            Style::Header,
        );
        for g in &gaps {
            line(g, Style::Text);
        }
    }
    let findings = summary.findings(settings);
    if !findings.is_empty() {
        line("", Style::Plain);
        line("汇总表的检查结果", Style::Header);
        for f in &findings {
            line(
                &format!("{}：{}", f.severity.label(), f.message),
                Style::Text,
            );
        }
    }
    sheets.push(notes);

    Ok(Download {
        name: format!("{}汇总表.xlsx", stem(summary)),
        mime: xlsx::MIME,
        bytes: xlsx::workbook(&sheets)?,
    })
}

/// The form's report as its .docx, from the app's JSON file the page sent
/// (`Request::Docx`): named and built exactly as the page would.
pub fn report_docx(report_json: &str) -> Result<Download, String> {
    let report = json::from_json(report_json.as_bytes()).map_err(|e| e.to_string())?;
    let format = export::Format::Docx;
    Ok(Download {
        name: export::file_name(&report, format.ext()),
        mime: format.mime(),
        bytes: export::docx::to_docx(&report).map_err(|e| e.to_string())?,
    })
}

/// The 汇总 as a report file in the app's JSON: it opens as a draft (the
/// 不完整 cells are empty there, see `summary`).
pub fn summary_json(summary: &Summary) -> Result<Download, ExportError> {
    Ok(Download {
        name: format!("{}（汇总）.json", stem(summary)),
        mime: export::Format::Json.mime(),
        bytes: json::to_json(&summary.report)?.into_bytes(),
    })
}

/// The report's file name without extension:
/// 「淮安市2024年政府信息公开工作年度报告」.
fn stem(summary: &Summary) -> String {
    export::file_name(&summary.report, "")
}

//! The batch results as the page shows them: the rows of 「检查结果」 in the
//! chosen order, one report's findings, and the 汇总表, each as escaped HTML
//! that the page puts in place as it is (the worker builds it, so the
//! form's own code stays small). Every user text goes through the
//! exporters' escaping writer; no markup carries a style attribute (the
//! page's Content-Security-Policy allows none).

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::summary::{Summary, INCOMPLETE};
use super::{Batch, Checked, Entry, Outcome, Source};
use crate::domain::export::{push_escaped, Role, Table};
use crate::domain::format::SectionId;
use crate::domain::rules::{CheckSettings, Field, Finding, Severity, Target};
use crate::domain::similarity::Overlap;

/// A column of 「检查结果」 the rows can be sorted by.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    File,
    Agency,
    Year,
    Errors,
    Warnings,
    Hints,
    Unreadable,
    Repeat,
}

impl SortKey {
    /// The columns in the order shown.
    pub const ALL: [SortKey; 8] = [
        SortKey::File,
        SortKey::Agency,
        SortKey::Year,
        SortKey::Errors,
        SortKey::Warnings,
        SortKey::Hints,
        SortKey::Unreadable,
        SortKey::Repeat,
    ];

    /// The key's name in messages and in the page's markup (`data-key`),
    /// as serde writes it.
    pub fn name(self) -> &'static str {
        match self {
            SortKey::File => "file",
            SortKey::Agency => "agency",
            SortKey::Year => "year",
            SortKey::Errors => "errors",
            SortKey::Warnings => "warnings",
            SortKey::Hints => "hints",
            SortKey::Unreadable => "unreadable",
            SortKey::Repeat => "repeat",
        }
    }

    pub fn from_name(name: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The column's header, on the page and in the downloaded sheet.
    pub fn label(self) -> &'static str {
        match self {
            SortKey::File => "文件",
            SortKey::Agency => "单位名称",
            SortKey::Year => "年度",
            SortKey::Errors => "错误",
            SortKey::Warnings => "警告",
            SortKey::Hints => "提示",
            SortKey::Unreadable => "未能读取",
            SortKey::Repeat => "与上年重复率",
        }
    }
}

/// How the page wants the rows: order and filter.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewState {
    /// `None`: the order in which the files were met.
    pub sort: Option<SortKey>,
    pub descending: bool,
    /// 「只看有错误的」: reports with errors, and files that are none.
    pub errors_only: bool,
}

/// A sort value: text or a number; an entry without one sorts last in
/// either direction.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Key<'a> {
    Text(&'a str),
    Number(u64),
}

fn key(entry: &Entry, by: SortKey) -> Option<Key<'_>> {
    if by == SortKey::File {
        return Some(Key::Text(&entry.name));
    }
    let c = entry.checked()?;
    let n = |v: usize| Some(Key::Number(v as u64));
    match by {
        SortKey::File => None,
        SortKey::Agency => Some(Key::Text(c.imported.report.agency.trim())),
        SortKey::Year => c
            .imported
            .report
            .report_year()
            .map(|y| Key::Number(u64::from(y.get()))),
        SortKey::Errors => n(c.counts.errors),
        SortKey::Warnings => n(c.counts.warnings),
        SortKey::Hints => n(c.counts.hints),
        SortKey::Unreadable => n(c.imported.unreadable.len()),
        SortKey::Repeat => c.repeat.map(|o| Key::Number(o.permille_ceil() as u64)),
    }
}

/// True for a row 「只看有错误的」 keeps.
pub fn has_errors(entry: &Entry) -> bool {
    entry.checked().is_none_or(|c| c.counts.errors > 0)
}

/// The entries to show, in the order asked for (ties in file order).
pub fn rows<'a, S: Source>(batch: &'a Batch<S>, view: &ViewState) -> Vec<&'a Entry> {
    let mut rows: Vec<&Entry> = batch
        .entries()
        .iter()
        .filter(|e| !view.errors_only || has_errors(e))
        .collect();
    if let Some(by) = view.sort {
        rows.sort_by(|a, b| {
            let order = match (key(a, by), key(b, by)) {
                (Some(x), Some(y)) if view.descending => y.cmp(&x),
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            };
            order.then(a.id.cmp(&b.id))
        });
    }
    rows
}

/// 「46.5%」.
pub fn percent(o: Overlap) -> String {
    let p = o.permille_ceil();
    format!("{}.{}%", p / 10, p % 10)
}

/// Why a readable report has a note in its row: a duplicate.
pub fn duplicate_reason<S: Source>(batch: &Batch<S>, c: &Checked) -> Option<String> {
    let first = batch.entry(c.duplicate_of?)?;
    Some(format!(
        "与“{}”是同一单位同一年度的报告，未参与上下年度比对和汇总",
        first.name
    ))
}

fn esc(out: &mut String, text: &str) {
    push_escaped(out, text);
}

fn cell(out: &mut String, class: &str, text: &str) {
    out.push_str("<td class=\"");
    out.push_str(class);
    out.push_str("\">");
    esc(out, text);
    out.push_str("</td>");
}

/// The `<tr>` rows of 「检查结果」 (the page owns the table and its head).
pub fn rows_html<S: Source>(batch: &Batch<S>, rows: &[&Entry]) -> String {
    let mut out = String::with_capacity(rows.len() * 400);
    for e in rows {
        row_html(&mut out, batch, e);
    }
    out
}

/// One entry's `<tr>`, carrying its id (`data-id`), by which the page
/// replaces it when only some rows changed.
pub fn row_html<S: Source>(out: &mut String, batch: &Batch<S>, e: &Entry) {
    let id = e.id;
    match &e.outcome {
        Outcome::Failed(reason) => {
            out.push_str(&format!("<tr class=\"failed\" data-id=\"{id}\"><td></td>"));
            out.push_str("<th scope=\"row\" class=\"file\">");
            esc(out, &e.name);
            out.push_str("</th><td colspan=\"7\" class=\"reason\">");
            esc(out, reason);
            out.push_str("</td></tr>");
        }
        Outcome::Report(c) => {
            let class = if c.counts.errors > 0 {
                "has-errors"
            } else {
                "clean"
            };
            out.push_str(&format!("<tr class=\"{class}\" data-id=\"{id}\"><td>"));
            if batch.selectable(id) {
                out.push_str(&format!("<input type=\"checkbox\" data-id=\"{id}\""));
                if batch.is_selected(id) {
                    out.push_str(" checked");
                }
                out.push_str(" aria-label=\"选择 ");
                esc(out, &e.name);
                out.push_str("\">");
            }
            out.push_str("</td><th scope=\"row\" class=\"file\">");
            out.push_str(&format!(
                "<button type=\"button\" class=\"link\" data-open=\"{id}\">"
            ));
            esc(out, &e.name);
            out.push_str("</button>");
            if let Some(reason) = duplicate_reason(batch, c) {
                out.push_str("<span class=\"row-reason\">");
                esc(out, &reason);
                out.push_str("</span>");
            }
            out.push_str("</th>");
            let r = &c.imported.report;
            cell(out, "text", r.agency.trim());
            cell(
                out,
                "num",
                &r.report_year()
                    .map_or_else(|| r.year.trim().to_owned(), |y| y.to_string()),
            );
            for n in [
                c.counts.errors,
                c.counts.warnings,
                c.counts.hints,
                c.imported.unreadable.len(),
            ] {
                cell(out, "num", &n.to_string());
            }
            cell(out, "num", &c.repeat.map(percent).unwrap_or_default());
            out.push_str("</tr>");
        }
    }
}

/// The heading of the findings that name a cell the importer could not
/// read, and their 严重程度 in the workbook.
pub const UNVERIFIED: &str = "涉及未能读取的单元格、无法核对";

/// Where a finding points: the first cell or field it names.
pub fn place(f: &Finding) -> String {
    match f.targets.first() {
        Some(Target::Cell(c)) => c.place(),
        Some(Target::Field(field)) => field.label().to_owned(),
        None => String::new(),
    }
}

fn list(out: &mut String, heading: &str, items: impl ExactSizeIterator<Item = String>) {
    if items.len() == 0 {
        return;
    }
    out.push_str("<h3>");
    esc(out, &format!("{heading}（{}）", items.len()));
    out.push_str("</h3><ul>");
    for item in items {
        out.push_str("<li>");
        esc(out, &item);
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

fn findings_lists(out: &mut String, findings: &[Finding]) {
    for severity in [Severity::Error, Severity::Warning, Severity::Hint] {
        let items: Vec<String> = findings
            .iter()
            .filter(|f| f.severity == severity)
            .map(|f| f.message.clone())
            .collect();
        list(out, severity.label(), items.into_iter());
    }
}

/// One entry's findings: the same messages as the form's 「检查报告」, the
/// cells the importer could not read, and its notes.
pub fn findings_html<S: Source>(batch: &Batch<S>, entry: &Entry) -> String {
    let mut out = String::new();
    let c = match &entry.outcome {
        Outcome::Failed(reason) => {
            out.push_str("<p class=\"reason\">");
            esc(&mut out, reason);
            out.push_str("</p>");
            return out;
        }
        Outcome::Report(c) => c,
    };
    let r = &c.imported.report;
    out.push_str("<p>");
    esc(
        &mut out,
        &format!(
            "{}：{}；{}：{}；识别为{}。",
            Field::Agency.label(),
            r.agency.trim(),
            Field::Year.label(),
            r.year.trim(),
            c.imported.format.label()
        ),
    );
    if let Some(last) = c.last_year.and_then(|l| batch.entry(l)) {
        let mut text = format!("已与上年度报告“{}”比对", last.name);
        if let Some(o) = c.repeat {
            text.push_str(&format!("，“五”与上年重复{}", percent(o)));
        }
        text.push('。');
        esc(&mut out, &text);
    }
    if let Some(reason) = duplicate_reason(batch, c) {
        esc(&mut out, &format!("{reason}。"));
    }
    out.push_str("</p>");
    if c.findings.is_empty() && c.unverified.is_empty() {
        out.push_str("<p>没有发现问题。</p>");
    }
    findings_lists(&mut out, &c.findings);
    list(
        &mut out,
        UNVERIFIED,
        c.unverified
            .iter()
            .map(|f| f.message.clone())
            .collect::<Vec<_>>()
            .into_iter(),
    );
    list(
        &mut out,
        "未能读取的单元格",
        c.imported
            .unreadable
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .into_iter(),
    );
    let ambiguous: Vec<String> = c
        .imported
        .ambiguous
        .iter()
        .map(ToString::to_string)
        .collect();
    list(&mut out, "无法确定拆分的数字行", ambiguous.into_iter());
    list(&mut out, "说明", c.imported.notes.clone().into_iter());
    out
}

/// A table of the format for the page, without style attributes: headers
/// and labels as `<th>`, values as `<td>`, a 不完整 value marked.
fn table_html(out: &mut String, caption: &str, table: &Table) {
    out.push_str("<table class=\"summary-table\"><caption>");
    esc(out, caption);
    out.push_str("</caption><tbody>");
    for row in &table.rows {
        out.push_str("<tr>");
        for c in &row.cells {
            let tag = if c.role == Role::Value { "td" } else { "th" };
            out.push('<');
            out.push_str(tag);
            if c.role == Role::Value && c.text.contains(INCOMPLETE) {
                out.push_str(" class=\"incomplete\"");
            }
            if c.rows > 1 {
                out.push_str(&format!(" rowspan=\"{}\"", c.rows));
            }
            if c.cols > 1 {
                out.push_str(&format!(" colspan=\"{}\"", c.cols));
            }
            out.push('>');
            esc(out, &c.text);
            out.push_str("</");
            out.push_str(tag);
            out.push('>');
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

/// 「共汇总3份报告」 and the years when they differ.
pub fn summary_lead(summary: &Summary) -> String {
    let mut s = format!("共汇总{}份报告", summary.count());
    if !summary.years.is_empty() {
        let years: Vec<String> = summary.years.iter().map(ToString::to_string).collect();
        s.push_str(&format!("（年度不同：{}）", years.join("、")));
    }
    s
}

/// One line of 不完整的格: 「表三 · … · 自然人：b.docx 未能读取；c.docx 未填写」.
pub fn gap_lines(summary: &Summary) -> Vec<String> {
    summary
        .gaps()
        .into_iter()
        .map(|(id, gaps)| {
            let parts: Vec<String> = gaps
                .iter()
                .map(|(name, gap)| format!("{name} {}", gap.label()))
                .collect();
            format!("{}：{}", id.place(), parts.join("；"))
        })
        .collect()
}

/// The 汇总表 in the format's layout, how many reports went in, every
/// 不完整 cell with its reasons, and the rules' findings on the 汇总.
pub fn summary_html(summary: &Summary, settings: &CheckSettings) -> String {
    let mut out = String::new();
    out.push_str("<p class=\"summary-lead\">");
    esc(&mut out, &format!("{}：", summary_lead(summary)));
    esc(&mut out, &summary.names.join("、"));
    out.push_str("</p>");
    let gaps = gap_lines(summary);
    if !gaps.is_empty() {
        out.push_str("<p class=\"hint\">");
        esc(
            &mut out,
            &format!("标有“{INCOMPLETE}”的数字只是已知部分之和：有报告未填写或未能读取这些格，见表后的清单。"),
        );
        out.push_str("</p>");
    }
    for (section, table) in summary.tables() {
        table_html(&mut out, section_caption(section), &table);
    }
    list(&mut out, "不完整的格", gaps.into_iter());
    let findings = summary.findings(settings);
    if findings.is_empty() {
        out.push_str("<p>汇总表的勾稽关系全部相符。</p>");
    } else {
        out.push_str("<h3>汇总表的检查结果</h3>");
        findings_lists(&mut out, &findings);
    }
    out
}

/// A table's caption: its section heading.
pub fn section_caption(section: SectionId) -> &'static str {
    section.heading()
}

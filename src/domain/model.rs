//! The report as the user fills it in.
//!
//! Every entered cell keeps exactly the text the user typed; numbers are
//! derived from it (see `number`). Empty is not 0: a cell that is absent or
//! blank is empty. Computed cells (totals) are never stored, except the totals
//! an imported report stated, which are kept apart in `stated_totals` so the
//! rules can catch a published mistake.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::format::CellId;
use super::rules::Field;

/// The version of the serialised report. Bump it when the shape changes and
/// add a migration in `storage`.
pub const SCHEMA_VERSION: u32 = 1;

/// What a JSON text holds before its content is read: an object and its
/// `schema` (when it has a whole number there), or other JSON.
///
/// Drafts, backups and the app's .json files check their version with
/// this before reading the rest, and then deserialize from the text: never
/// through `serde_json::Value`, whose parser, map and serializer would be a
/// second copy of JSON handling in the form's wasm (measured: 2 KB gzip).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonHead {
    Object { schema: Option<u64> },
    Other,
}

impl JsonHead {
    /// Reads `text`'s head; a syntax error is `Err`, and so is a `schema`
    /// that is not a whole number (a data error: `Error::is_data`).
    pub fn of(text: &str) -> Result<JsonHead, serde_json::Error> {
        #[derive(Deserialize)]
        struct Versioned {
            schema: Option<u64>,
        }
        if !text.trim_start().starts_with('{') {
            // Derived structs also read JSON arrays: look at the text.
            serde_json::from_str::<serde::de::IgnoredAny>(text)?;
            return Ok(JsonHead::Other);
        }
        let v: Versioned = serde_json::from_str(text)?;
        Ok(JsonHead::Object { schema: v.schema })
    }
}

/// The optional opening paragraph (前言): which rules the report follows, the
/// statistics period and whom to contact.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preamble {
    /// Whether the report carries a preamble at all.
    pub enabled: bool,
    /// The office that compiled the report; the agency when empty.
    pub office: String,
    pub address: String,
    pub postcode: String,
    pub phone: String,
    pub email: String,
    /// The user's own wording. Empty means "use the generated text", so the
    /// default follows agency, year and contact until the user edits it.
    pub text: String,
}

/// The optional signature block (落款) under the report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Signature {
    pub enabled: bool,
    /// The signing agency; the report's agency when empty.
    pub agency: String,
    /// The date as it should be printed, e.g. 「2025年1月20日」.
    pub date: String,
    /// Laid out for a seal (GB/T 9704 §7.3.5.1: room above, the date four
    /// characters from the right, the agency centred over it) instead of
    /// unsealed (§7.3.5.2, the default). Absent in older files: unsealed.
    pub sealed: bool,
}

/// The whole report.
///
/// The cells are private so that the invariants hold by construction: an
/// entered cell is in `cells` only, a computed cell (a total) in
/// `stated_totals` only, and blank text is no entry at all. A file that
/// breaks them (a total among the entered cells) is refused when read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawReport")]
pub struct Report {
    /// Always `SCHEMA_VERSION` for a report built by this version.
    pub schema: u32,
    /// 单位名称.
    pub agency: String,
    /// 报告年度, as typed (read with `Report::report_year`, checked by META).
    pub year: String,
    pub preamble: Preamble,
    /// 一、总体情况.
    pub overview: String,
    /// 五、存在的主要问题及改进情况.
    pub problems: String,
    /// 六、其他需要报告的事项.
    pub other: String,
    /// The text of every entered cell that is not blank, by cell id.
    cells: BTreeMap<CellId, String>,
    /// Totals as an imported report or a pasted block printed them. Never
    /// filled by typing.
    stated_totals: BTreeMap<CellId, String>,
    pub signature: Signature,
}

/// A report as a file or stored draft has it, before the cell invariants
/// are checked (see `Report`).
#[derive(Deserialize)]
#[serde(default)]
struct RawReport {
    schema: u32,
    agency: String,
    year: String,
    preamble: Preamble,
    overview: String,
    problems: String,
    other: String,
    cells: BTreeMap<CellId, String>,
    stated_totals: BTreeMap<CellId, String>,
    signature: Signature,
}

impl Default for RawReport {
    fn default() -> Self {
        let r = Report::default();
        RawReport {
            schema: r.schema,
            agency: r.agency,
            year: r.year,
            preamble: r.preamble,
            overview: r.overview,
            problems: r.problems,
            other: r.other,
            cells: r.cells,
            stated_totals: r.stated_totals,
            signature: r.signature,
        }
    }
}

/// A report file that breaks the cell invariants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportError {
    /// A computed total among the entered cells.
    TotalAsEntered(CellId),
    /// An entered cell among the stated totals.
    EnteredAsTotal(CellId),
}

impl std::fmt::Display for ReportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReportError::TotalAsEntered(c) => write!(
                f,
                "“{}”（{}）是自动计算的总计，不能作为填写的数据",
                c,
                c.place()
            ),
            ReportError::EnteredAsTotal(c) => {
                write!(f, "“{}”（{}）不是总计，不能作为原表总计", c, c.place())
            }
        }
    }
}

impl std::error::Error for ReportError {}

impl TryFrom<RawReport> for Report {
    type Error = ReportError;
    fn try_from(raw: RawReport) -> Result<Report, ReportError> {
        if let Some(c) = raw.cells.keys().find(|c| c.is_computed()) {
            return Err(ReportError::TotalAsEntered(*c));
        }
        if let Some(c) = raw.stated_totals.keys().find(|c| !c.is_computed()) {
            return Err(ReportError::EnteredAsTotal(*c));
        }
        let blank = |m: BTreeMap<CellId, String>| -> BTreeMap<CellId, String> {
            m.into_iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .collect()
        };
        Ok(Report {
            schema: raw.schema,
            agency: raw.agency,
            year: raw.year,
            preamble: raw.preamble,
            overview: raw.overview,
            problems: raw.problems,
            other: raw.other,
            cells: blank(raw.cells),
            stated_totals: blank(raw.stated_totals),
            signature: raw.signature,
        })
    }
}

impl Default for Report {
    fn default() -> Self {
        Report {
            schema: SCHEMA_VERSION,
            agency: String::new(),
            year: String::new(),
            preamble: Preamble::default(),
            overview: String::new(),
            problems: String::new(),
            other: String::new(),
            cells: BTreeMap::new(),
            stated_totals: BTreeMap::new(),
            signature: Signature::default(),
        }
    }
}

impl Report {
    /// The text in a cell: what the user typed for an entered cell, what the
    /// imported report stated for a computed one; "" when empty.
    pub fn cell(&self, id: CellId) -> &str {
        let map = if id.is_computed() {
            &self.stated_totals
        } else {
            &self.cells
        };
        map.get(&id).map(String::as_str).unwrap_or("")
    }

    /// Every entered cell that holds text, in cell order.
    pub fn cells(&self) -> &BTreeMap<CellId, String> {
        &self.cells
    }

    /// Every total a source stated, in cell order.
    pub fn stated_totals(&self) -> &BTreeMap<CellId, String> {
        &self.stated_totals
    }

    /// Records the total a source (an imported report, a pasted block)
    /// printed for a computed cell; blank text removes it. Entered cells are
    /// ignored and reported as `false`.
    pub fn set_stated(&mut self, id: CellId, text: impl Into<String>) -> bool {
        if !id.is_computed() {
            return false;
        }
        let text = text.into();
        if text.trim().is_empty() {
            self.stated_totals.remove(&id);
        } else {
            self.stated_totals.insert(id, text);
        }
        true
    }

    /// Drops every stated total: the report then shows the app's own.
    pub fn clear_stated(&mut self) {
        self.stated_totals.clear();
    }

    /// One of the report's own text fields.
    pub fn field(&self, field: Field) -> &str {
        match field {
            Field::Agency => &self.agency,
            Field::Year => &self.year,
            Field::Overview => &self.overview,
            Field::Problems => &self.problems,
            Field::Other => &self.other,
        }
    }

    pub fn field_mut(&mut self, field: Field) -> &mut String {
        match field {
            Field::Agency => &mut self.agency,
            Field::Year => &mut self.year,
            Field::Overview => &mut self.overview,
            Field::Problems => &mut self.problems,
            Field::Other => &mut self.other,
        }
    }

    /// Sets an entered cell's text. Blank text removes the cell, so that
    /// "empty" has one representation. Computed cells cannot be typed into;
    /// setting one is ignored and reported as `false`.
    pub fn set_cell(&mut self, id: CellId, text: impl Into<String>) -> bool {
        if id.is_computed() {
            return false;
        }
        let text = text.into();
        if text.trim().is_empty() {
            self.cells.remove(&id);
        } else {
            self.cells.insert(id, text);
        }
        true
    }

    /// 报告年度 read as a year (「2024」「2024年」「2024年度」「２０２４」…).
    pub fn report_year(&self) -> Option<super::year::Year> {
        super::year::Year::parse(&self.year).ok()
    }

    /// The report's title: 「淮安市人民政府2024年政府信息公开工作年度报告」,
    /// also when the year was typed as 「2024年」.
    pub fn title(&self) -> String {
        title(&self.agency, &self.year)
    }
}

/// The title for an agency and a year as typed:
/// 「淮安市人民政府2024年政府信息公开工作年度报告」.
pub fn title(agency: &str, year: &str) -> String {
    let year = super::year::year_text(year);
    let year = if year.is_empty() {
        year
    } else {
        format!("{year}年")
    };
    format!("{}{}{}", agency.trim(), year, super::format::TITLE_SUFFIX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::format::{T3Col, T3Row};

    #[test]
    fn json_head_reads_the_schema_and_nothing_else() {
        let head = |t: &str| JsonHead::of(t).map_err(|e| e.is_data());
        assert_eq!(
            head(r#" {"agency": "x", "schema": 3, "cells": {"a": [1, {}]}}"#),
            Ok(JsonHead::Object { schema: Some(3) })
        );
        assert_eq!(head("{}"), Ok(JsonHead::Object { schema: None }));
        // Arrays and other JSON are no object, even when a derived struct
        // would read an array.
        assert_eq!(head("[3]"), Ok(JsonHead::Other));
        assert_eq!(head("\"text\""), Ok(JsonHead::Other));
        // A schema that is no whole number: a data error; broken JSON: not.
        assert_eq!(head(r#"{"schema": "1"}"#), Err(true));
        assert_eq!(head(r#"{"schema": 1.5}"#), Err(true));
        assert_eq!(head(r#"{"schema": 1"#), Err(false));
        assert_eq!(head("[1,"), Err(false));
    }

    #[test]
    fn blank_cells_are_empty_and_totals_cannot_be_typed() {
        let mut r = Report::default();
        let c = CellId::T3(T3Row::New, T3Col::Natural);
        assert!(r.set_cell(c, " 12 "));
        assert_eq!(r.cell(c), " 12 ");
        r.set_cell(c, "  ");
        assert_eq!(r.cell(c), "");
        assert!(r.cells().is_empty());
        assert!(!r.set_cell(CellId::T3(T3Row::New, T3Col::Total), "5"));
        assert!(r.stated_totals().is_empty());
        assert!(!r.set_stated(c, "5"));
    }

    #[test]
    fn serialises_with_schema_and_cell_keys() {
        let mut r = Report {
            agency: "测试局".into(),
            ..Report::default()
        };
        r.set_cell(CellId::T3(T3Row::New, T3Col::Natural), "3");
        let json = serde_json::to_string(&r).expect("serialise");
        assert!(json.contains("\"schema\":1"));
        assert!(json.contains("\"t3.new.natural\":\"3\""));
        let back: Report = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, r);
        // A total among the entered cells, or the reverse, is refused.
        let bad = r#"{"cells":{"t3.new.total":"5"}}"#;
        let err = serde_json::from_str::<Report>(bad).expect_err("total as entered");
        assert!(err.to_string().contains("自动计算的总计"), "{err}");
        let bad = r#"{"stated_totals":{"t3.new.natural":"5"}}"#;
        assert!(serde_json::from_str::<Report>(bad).is_err());
        let ok: Report =
            serde_json::from_str(r#"{"cells":{"t3.new.natural":" "}}"#).expect("blank");
        assert!(ok.cells().is_empty());
        assert_eq!(r.title(), "测试局政府信息公开工作年度报告");
        for typed in ["2024", "2024年", "2024年度", "２０２４"] {
            let r = Report {
                agency: "某某局".into(),
                year: typed.into(),
                ..Report::default()
            };
            assert_eq!(r.title(), "某某局2024年政府信息公开工作年度报告", "{typed}");
        }
    }
}

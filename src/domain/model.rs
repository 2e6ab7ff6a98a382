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

/// The version of the serialised report. Bump it when the shape changes and
/// add a migration in `storage`.
pub const SCHEMA_VERSION: u32 = 1;

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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Report {
    /// Always `SCHEMA_VERSION` for a report built by this version.
    pub schema: u32,
    /// 单位名称.
    pub agency: String,
    /// 报告年度, as typed (checked by META).
    pub year: String,
    pub preamble: Preamble,
    /// 一、总体情况.
    pub overview: String,
    /// 五、存在的主要问题及改进情况.
    pub problems: String,
    /// 六、其他需要报告的事项.
    pub other: String,
    /// The text of every entered cell that is not blank, by cell id.
    pub cells: BTreeMap<CellId, String>,
    /// Totals as an imported report printed them. Never filled by typing.
    pub stated_totals: BTreeMap<CellId, String>,
    pub signature: Signature,
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

    /// The report's title: 「淮安市人民政府2024年政府信息公开工作年度报告」.
    pub fn title(&self) -> String {
        let year = self.year.trim();
        let year = if year.is_empty() {
            String::new()
        } else {
            format!("{year}年")
        };
        format!(
            "{}{}{}",
            self.agency.trim(),
            year,
            super::format::TITLE_SUFFIX
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::format::{T3Col, T3Row};

    #[test]
    fn blank_cells_are_empty_and_totals_cannot_be_typed() {
        let mut r = Report::default();
        let c = CellId::T3(T3Row::New, T3Col::Natural);
        assert!(r.set_cell(c, " 12 "));
        assert_eq!(r.cell(c), " 12 ");
        r.set_cell(c, "  ");
        assert_eq!(r.cell(c), "");
        assert!(r.cells.is_empty());
        assert!(!r.set_cell(CellId::T3(T3Row::New, T3Col::Total), "5"));
        assert!(r.stated_totals.is_empty());
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
        assert_eq!(r.title(), "测试局政府信息公开工作年度报告");
    }
}

//! 汇总: the selected reports added up cell by cell into one report of the
//! format, as a 政务公开办 adds up its departments' tables for the region.
//!
//! Every entered cell is the sum of the reports' values: counts as whole
//! numbers, the fee in 万元 exactly (`Fee::checked_add`). A sum is complete
//! only when every report gave the cell a valid value; a report that left
//! it empty, whose importer could not read it, or whose text is no valid
//! value makes it 不完整, and the sum of the known parts is shown only with
//! that mark, never as a complete figure. A total is derived from the summed
//! cells as the form derives it, and is 不完整 when any of its inputs is.
//!
//! `report` holds the complete sums only (a 不完整 cell stays empty there),
//! so the same rules as the form check it, and the JSON download opens as a
//! draft without presenting a partial sum as a figure.

use std::collections::BTreeSet;

use crate::domain::export::{self, Table};
use crate::domain::format::{CellId, SectionId};
use crate::domain::import::Imported;
use crate::domain::model::Report;
use crate::domain::number::{CellValue, Fee};
use crate::domain::rules::{self, CheckSettings, Finding, Mode, RuleId, Target};
use crate::domain::year::Year;

/// Why a report adds nothing known to a cell.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gap {
    /// The importer could not read the cell.
    Unreadable,
    /// The report left it empty.
    Empty,
    /// Its text is no valid value (「无」, a negative number …).
    Invalid,
}

impl Gap {
    pub fn label(self) -> &'static str {
        match self {
            Gap::Unreadable => "未能读取",
            Gap::Empty => "未填写",
            Gap::Invalid => "数值无效",
        }
    }
}

/// A value of the 汇总.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Sum {
    Count(u64),
    Fee(Fee),
}

impl Sum {
    fn add(self, other: Sum) -> Sum {
        match (self, other) {
            (Sum::Count(a), Sum::Count(b)) => Sum::Count(a.saturating_add(b)),
            (Sum::Fee(a), Sum::Fee(b)) => a.checked_add(b).map_or(Sum::Fee(a), Sum::Fee),
            // A cell is either a count or the fee, for every report.
            (a, _) => a,
        }
    }

    fn text(self) -> String {
        match self {
            Sum::Count(n) => n.to_string(),
            Sum::Fee(f) => f.trimmed().to_string(),
        }
    }
}

/// One cell of the 汇总: the sum of what is known, and which reports gave
/// nothing known (entered cells only; a total is incomplete through its
/// inputs).
#[derive(Clone, Debug, Default)]
struct CellSum {
    known: Option<Sum>,
    complete: bool,
    gaps: Vec<(usize, Gap)>,
}

/// The mark of a sum with unknown parts.
pub const INCOMPLETE: &str = "不完整";

/// The selected reports added up.
#[derive(Clone, Debug)]
pub struct Summary {
    /// The complete sums as a report of the format: agency as given, the
    /// year when every report has the same one.
    pub report: Report,
    /// The file names of the reports added up, in the order given.
    pub names: Vec<String>,
    /// Their different years, when they are not all of one year.
    pub years: Vec<Year>,
    cells: Vec<CellSum>,
}

impl Summary {
    /// Adds up `reports` (file name, import) under `agency`.
    pub fn of<'a>(
        agency: &str,
        reports: impl IntoIterator<Item = (&'a str, &'a Imported)>,
    ) -> Self {
        let reports: Vec<(&str, &Imported)> = reports.into_iter().collect();
        let mut cells = vec![CellSum::default(); CellId::COUNT];
        for id in CellId::entered() {
            let cell = &mut cells[id.index()];
            cell.complete = !reports.is_empty();
            for (i, (_, imported)) in reports.iter().enumerate() {
                let value = match imported.report.value(id) {
                    Ok(Some(CellValue::Count(n))) => Sum::Count(n),
                    Ok(Some(CellValue::Fee(f))) => Sum::Fee(f),
                    Ok(None) => {
                        let unreadable = imported.unreadable.iter().any(|u| u.cell == id);
                        let gap = if unreadable {
                            Gap::Unreadable
                        } else {
                            Gap::Empty
                        };
                        cell.gaps.push((i, gap));
                        cell.complete = false;
                        continue;
                    }
                    Err(_) => {
                        cell.gaps.push((i, Gap::Invalid));
                        cell.complete = false;
                        continue;
                    }
                };
                cell.known = Some(cell.known.map_or(value, |k| k.add(value)));
            }
        }
        for id in CellId::all().filter(|c| c.is_computed()) {
            let mut sum = CellSum {
                complete: true,
                ..CellSum::default()
            };
            for input in id.inputs_iter() {
                let part = &cells[input.index()];
                sum.complete &= part.complete;
                if let Some(k) = part.known {
                    sum.known = Some(sum.known.map_or(k, |s| s.add(k)));
                }
            }
            cells[id.index()] = sum;
        }

        let mut report = Report::default();
        report.agency = agency.trim().to_owned();
        for id in CellId::entered() {
            let cell = &cells[id.index()];
            if let (true, Some(v)) = (cell.complete, cell.known) {
                report.set_cell(id, v.text());
            }
        }
        let years: BTreeSet<Year> = reports
            .iter()
            .filter_map(|(_, i)| i.report.report_year())
            .collect();
        let all_have_year = reports
            .iter()
            .all(|(_, i)| i.report.report_year().is_some());
        let years: Vec<Year> = years.into_iter().collect();
        if let ([year], true) = (years.as_slice(), all_have_year) {
            report.year = year.to_string();
        }
        Summary {
            report,
            names: reports.iter().map(|(n, _)| (*n).to_owned()).collect(),
            years: if years.len() > 1 { years } else { Vec::new() },
            cells,
        }
    }

    /// How many reports went in.
    pub fn count(&self) -> usize {
        self.names.len()
    }

    pub fn is_complete(&self, id: CellId) -> bool {
        self.cells[id.index()].complete
    }

    /// The sum of the known parts, complete or not.
    pub fn known(&self, id: CellId) -> Option<String> {
        self.cells[id.index()].known.map(Sum::text)
    }

    /// The cell as the 汇总表 shows it: 「12」, 「12（不完整）」, or
    /// 「不完整」 when nothing is known.
    pub fn text(&self, id: CellId) -> String {
        let cell = &self.cells[id.index()];
        match (cell.complete, cell.known) {
            (true, Some(v)) => v.text(),
            (true, None) => String::new(),
            (false, Some(v)) => format!("{}（{INCOMPLETE}）", v.text()),
            (false, None) => INCOMPLETE.to_owned(),
        }
    }

    /// The entered cells with unknown parts, in reading order, each with
    /// the reports that gave nothing known and why.
    pub fn gaps(&self) -> Vec<(CellId, Vec<(&str, Gap)>)> {
        CellId::entered()
            .filter(|id| !self.cells[id.index()].gaps.is_empty())
            .map(|id| {
                let gaps = self.cells[id.index()]
                    .gaps
                    .iter()
                    .map(|(i, g)| (self.names[*i].as_str(), *g))
                    .collect();
                (id, gaps)
            })
            .collect()
    }

    /// The rules of the form on the 汇总's tables: the checks that read
    /// cells (the 汇总 has no text of its own). Empty cells are the 不完整
    /// ones, shown as such already.
    pub fn findings(&self, settings: &CheckSettings) -> Vec<Finding> {
        rules::check(&self.report, None, settings, Mode::Drafting)
            .into_iter()
            .filter(|f| {
                f.rule != RuleId::CellEmpty
                    && f.targets.iter().all(|t| matches!(t, Target::Cell(_)))
            })
            .collect()
    }

    /// Tables 二, 三 and 四 as the format prints them, each value cell
    /// showing `text`.
    pub(crate) fn tables(&self) -> Vec<(SectionId, Table)> {
        let mut tables = export::tables(&self.report);
        for (_, table) in &mut tables {
            for row in &mut table.rows {
                for cell in &mut row.cells {
                    if let Some(id) = cell.id {
                        cell.text = self.text(id);
                    }
                }
            }
        }
        tables
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::format::{T2Cell, T3Col, T3Row};
    use crate::domain::import::{SourceKind, Unreadable};

    fn imported(cells: &[(CellId, &str)], unreadable: &[CellId]) -> Imported {
        let mut report = Report::default();
        report.agency = "某局".into();
        report.year = "2024".into();
        for (id, text) in cells {
            report.set_cell(*id, *text);
        }
        Imported {
            report,
            unreadable: unreadable
                .iter()
                .map(|c| Unreadable {
                    cell: *c,
                    reason: "原表此行没有数字".into(),
                })
                .collect(),
            notes: Vec::new(),
            ambiguous: Vec::new(),
            settled: Vec::new(),
            format: SourceKind::Json,
        }
    }

    #[test]
    fn fee_and_counts_add_exactly() {
        let fee = CellId::T2(T2Cell::Fee);
        let new = CellId::T3(T3Row::New, T3Col::Natural);
        let a = imported(&[(fee, "0.5"), (new, "3")], &[]);
        let b = imported(&[(fee, "1.2500"), (new, "4")], &[]);
        let s = Summary::of("全市", [("a", &a), ("b", &b)]);
        assert_eq!(s.text(fee), "1.75");
        assert_eq!(s.text(new), "7");
        assert_eq!(s.report.cell(new), "7");
        assert_eq!(s.report.year, "2024");
        assert_eq!(s.count(), 2);
    }

    #[test]
    fn a_part_unknown_marks_the_cell_and_its_totals() {
        let nat = CellId::T3(T3Row::New, T3Col::Natural);
        let bus = CellId::T3(T3Row::New, T3Col::Business);
        let row_total = CellId::T3(T3Row::New, T3Col::Total);
        let a = imported(&[(nat, "3"), (bus, "1")], &[]);
        let b = imported(&[(bus, "2")], &[nat]);
        let c = imported(&[(nat, "无"), (bus, "5")], &[]);
        let s = Summary::of("", [("a", &a), ("b", &b), ("c", &c)]);
        assert_eq!(s.text(nat), "3（不完整）");
        assert!(!s.is_complete(nat));
        assert_eq!(s.report.cell(nat), "", "no partial sum in the report");
        assert_eq!(s.text(bus), "8");
        // The row total reads an incomplete part.
        assert_eq!(s.text(row_total), "11（不完整）");
        let gaps = s.gaps();
        let (_, nat_gaps) = gaps.iter().find(|(id, _)| *id == nat).unwrap();
        assert_eq!(nat_gaps, &vec![("b", Gap::Unreadable), ("c", Gap::Invalid)]);
        // Every report left 科研机构 empty: nothing known at all.
        assert_eq!(s.text(CellId::T3(T3Row::New, T3Col::Research)), "不完整");
    }

    #[test]
    fn different_years_leave_the_year_empty() {
        let a = imported(&[], &[]);
        let mut b = imported(&[], &[]);
        b.report.year = "2023年".into();
        let s = Summary::of("", [("a", &a), ("b", &b)]);
        assert_eq!(s.report.year, "");
        assert_eq!(s.years.len(), 2);
    }
}

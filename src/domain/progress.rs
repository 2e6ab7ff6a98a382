//! How far each section of the report is, for the navigator: not started,
//! N problems, N cells left empty, or complete. Decided here from the
//! drafting findings, so the navigator and anything else that shows
//! progress agree.

use super::format::{SectionId, SECTIONS};
use super::model::Report;
use super::rules::{Finding, RuleId, Severity, Target};

/// The state of one section.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Progress {
    NotStarted,
    /// Errors and warnings other than empty cells.
    Problems(usize),
    /// Cells still empty, and nothing worse.
    Incomplete(usize),
    Complete,
}

impl Progress {
    /// 「已完成」「3处问题」「12格未填」「未开始」.
    pub fn label(self) -> String {
        match self {
            Progress::NotStarted => "未开始".to_owned(),
            Progress::Problems(n) => format!("{n}处问题"),
            Progress::Incomplete(n) => format!("{n}格未填"),
            Progress::Complete => "已完成".to_owned(),
        }
    }
}

/// The section a finding belongs to (the header's fields have none).
pub fn finding_section(f: &Finding) -> Option<SectionId> {
    match f.targets.first()? {
        Target::Cell(c) => Some(c.section()),
        Target::Field(field) => SECTIONS.iter().find(|s| s.key == field.key()).map(|s| s.id),
    }
}

/// Whether the user has begun a section: text in a text section, any
/// entered cell in a table.
fn started(report: &Report, section: SectionId) -> bool {
    match section {
        SectionId::Overview => !report.overview.trim().is_empty(),
        SectionId::Problems => !report.problems.trim().is_empty(),
        SectionId::Other => !report.other.trim().is_empty(),
        table => report.cells().keys().any(|c| c.section() == table),
    }
}

/// The progress of every section, in report order, from the findings of a
/// drafting check of the same report.
pub fn section_progress(report: &Report, drafting: &[Finding]) -> [Progress; 6] {
    SECTIONS.each_ref().map(|s| {
        if !started(report, s.id) {
            return Progress::NotStarted;
        }
        let mine = drafting.iter().filter(|f| finding_section(f) == Some(s.id));
        let empty = mine.clone().filter(|f| f.rule == RuleId::CellEmpty).count();
        let problems = mine
            .filter(|f| f.rule != RuleId::CellEmpty && f.severity != Severity::Hint)
            .count();
        if problems > 0 {
            Progress::Problems(problems)
        } else if empty > 0 {
            Progress::Incomplete(empty)
        } else {
            Progress::Complete
        }
    })
}

/// The whole report at a glance, the same counts as the navigator's:
/// problems (errors and warnings other than empty cells) and empty cells.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Overall {
    pub problems: usize,
    pub empty: usize,
}

impl Overall {
    pub fn of(report: &Report, drafting: &[Finding]) -> Overall {
        section_progress(report, drafting)
            .into_iter()
            .fold(Overall::default(), |mut o, p| {
                match p {
                    Progress::Problems(n) => o.problems += n,
                    Progress::Incomplete(n) => o.empty += n,
                    _ => {}
                }
                o
            })
    }

    /// 「3处问题」「12格未填」「已完成」, as the drafts list shows it.
    pub fn label(self) -> String {
        match (self.problems, self.empty) {
            (0, 0) => "未发现问题".to_owned(),
            (0, e) => format!("{e}格未填"),
            (p, 0) => format!("{p}处问题"),
            (p, e) => format!("{p}处问题，{e}格未填"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::format::{CellId, T3Col, T3Row};
    use crate::domain::rules::{check, CheckSettings, Mode};

    fn progress(r: &Report) -> [Progress; 6] {
        let f = check(r, None, &CheckSettings::default(), Mode::Drafting);
        section_progress(r, &f)
    }

    #[test]
    fn a_blank_report_has_nothing_started() {
        assert_eq!(progress(&Report::default()), [Progress::NotStarted; 6]);
    }

    #[test]
    fn a_table_counts_its_empty_cells_then_its_problems() {
        let mut r = Report::default();
        r.overview = "本年度……".to_owned();
        r.set_cell(CellId::T3(T3Row::New, T3Col::Natural), "3");
        let p = progress(&r);
        assert_eq!(p[0], Progress::Complete);
        assert_eq!(p[2], Progress::Incomplete(24 * 6 - 1));
        r.set_cell(CellId::T3(T3Row::New, T3Col::Business), "-1");
        assert_eq!(progress(&r)[2], Progress::Problems(1));
        assert_eq!(Progress::Problems(1).label(), "1处问题");
    }
}

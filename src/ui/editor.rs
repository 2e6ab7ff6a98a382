//! The editing state shared by every component: the report (one signal,
//! the single source of truth), undo/redo, and what the user has been shown.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::domain::format::CellId;
use crate::domain::model::Report;
use crate::domain::rules::{self, CheckSettings, Field, Finding, Mode};

/// How many undo steps are kept; a report is small, so snapshots are cheap.
const UNDO_DEPTH: usize = 200;

/// What an edit changed, to merge a burst of typing in one field into one
/// undo step (as word processors do).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditKey {
    Cell(CellId),
    Field(Field),
    /// A field of the preamble or signature, by name.
    Named(&'static str),
    /// Edits that are always their own step (paste, fill with 0, …).
    Batch,
}

/// The text fields of the report that are not cells.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum TextField {
    Agency,
    Year,
    Overview,
    Problems,
    Other,
}

impl TextField {
    pub fn get(self, r: &Report) -> &str {
        match self {
            TextField::Agency => &r.agency,
            TextField::Year => &r.year,
            TextField::Overview => &r.overview,
            TextField::Problems => &r.problems,
            TextField::Other => &r.other,
        }
    }
    fn slot(self, r: &mut Report) -> &mut String {
        match self {
            TextField::Agency => &mut r.agency,
            TextField::Year => &mut r.year,
            TextField::Overview => &mut r.overview,
            TextField::Problems => &mut r.problems,
            TextField::Other => &mut r.other,
        }
    }
    pub fn field(self) -> Field {
        match self {
            TextField::Agency => Field::Agency,
            TextField::Year => Field::Year,
            TextField::Overview => Field::Overview,
            TextField::Problems => Field::Problems,
            TextField::Other => Field::Other,
        }
    }
}

/// The state of the form, cheap to copy into closures.
#[derive(Copy, Clone)]
pub struct Editor {
    pub report: RwSignal<Report>,
    pub last_year: RwSignal<Option<Report>>,
    pub settings: StoredValue<CheckSettings>,
    undo: StoredValue<Vec<Report>>,
    redo: StoredValue<Vec<Report>>,
    last_key: StoredValue<Option<EditKey>>,
    /// Cells the user has left at least once: their own format errors show.
    pub touched: RwSignal<BTreeSet<CellId>>,
    /// Whether the user has asked for 「检查报告」: from then on the final
    /// findings are kept up to date as they fix things.
    pub checked: RwSignal<bool>,
    /// Every rule as for publication, once `checked`; `None` before.
    pub final_check: Memo<Option<Vec<Finding>>>,
    /// Every rule as while drafting (empty cells are warnings), live.
    pub drafting: Memo<Vec<Finding>>,
}

impl Editor {
    pub fn new(report: Report) -> Editor {
        let settings = CheckSettings {
            current_year: current_year(),
            ..CheckSettings::default()
        };
        let report = RwSignal::new(report);
        let last_year = RwSignal::new(None::<Report>);
        let settings = StoredValue::new(settings);
        let checked = RwSignal::new(false);
        let run = move |mode| {
            report.with(|r| {
                last_year
                    .with(|last| settings.with_value(|s| rules::check(r, last.as_ref(), s, mode)))
            })
        };
        let final_check = Memo::new(move |_| checked.get().then(|| run(Mode::Final)));
        let drafting = Memo::new(move |_| run(Mode::Drafting));
        Editor {
            report,
            last_year,
            settings,
            undo: StoredValue::new(Vec::new()),
            redo: StoredValue::new(Vec::new()),
            last_key: StoredValue::new(None),
            touched: RwSignal::new(BTreeSet::new()),
            checked,
            final_check,
            drafting,
        }
    }

    /// Applies a change as one undo step, or merges it into the previous
    /// step when it continues typing in the same place. Changes that leave
    /// the report as it was record nothing.
    pub fn edit(&self, key: EditKey, change: impl FnOnce(&mut Report)) {
        let before = self.report.get_untracked();
        let mut after = before.clone();
        change(&mut after);
        if after == before {
            return;
        }
        let merge = key != EditKey::Batch && self.last_key.with_value(|k| k.as_ref() == Some(&key));
        if !merge {
            self.undo.update_value(|u| {
                u.push(before);
                if u.len() > UNDO_DEPTH {
                    u.remove(0);
                }
            });
        }
        self.redo.update_value(Vec::clear);
        self.last_key.set_value(Some(key));
        self.report.set(after);
    }

    /// Replaces the whole report (another draft was opened): history and
    /// what was shown start afresh.
    pub fn load(&self, report: Report, last_year: Option<Report>) {
        self.undo.update_value(Vec::clear);
        self.redo.update_value(Vec::clear);
        self.last_key.set_value(None);
        self.touched.set(BTreeSet::new());
        self.checked.set(false);
        self.last_year.set(last_year);
        self.report.set(report);
    }

    /// Ends the current typing burst: the next edit is a new undo step.
    pub fn seal(&self) {
        self.last_key.set_value(None);
    }

    pub fn set_cell(&self, id: CellId, text: String) {
        self.edit(EditKey::Cell(id), |r| {
            r.set_cell(id, text);
        });
    }

    pub fn set_text(&self, field: TextField, text: String) {
        self.edit(EditKey::Field(field.field()), |r| *field.slot(r) = text);
    }

    pub fn can_undo(&self) -> bool {
        self.undo.with_value(|u| !u.is_empty())
    }

    pub fn undo(&self) -> bool {
        self.travel(self.undo, self.redo)
    }

    pub fn redo(&self) -> bool {
        self.travel(self.redo, self.undo)
    }

    fn travel(&self, from: StoredValue<Vec<Report>>, to: StoredValue<Vec<Report>>) -> bool {
        let Some(target) = from.try_update_value(Vec::pop).flatten() else {
            return false;
        };
        let current = self.report.get_untracked();
        to.update_value(|t| t.push(current));
        self.last_key.set_value(None);
        self.report.set(target);
        true
    }

    /// Runs every rule as for publication, from now on.
    pub fn run_final_check(&self) {
        self.checked.set(true);
    }

    pub fn touch(&self, id: CellId) {
        if !self.touched.with_untracked(|t| t.contains(&id)) {
            self.touched.update(|t| {
                t.insert(id);
            });
        }
    }
}

/// This year by the browser's clock, for the plausibility of 报告年度.
fn current_year() -> u32 {
    let year = js_sys::Date::new_0().get_full_year();
    if year > 0 {
        year
    } else {
        rules::DEFAULT_CURRENT_YEAR
    }
}

/// The id of the DOM element that edits a cell.
pub fn cell_dom_id(id: CellId) -> String {
    format!("cell-{}", id.key().replace('.', "-"))
}

/// The id of the element that edits a field.
pub fn field_dom_id(field: Field) -> String {
    format!("field-{}", field.key())
}

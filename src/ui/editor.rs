//! The editing state shared by every component.
//!
//! Every editable text of the report (each cell, each field) is its own
//! signal, and each cell's parsed value and each derived total its own
//! memo, so a keystroke re-runs only what reads the changed cell: its own
//! message, its row and column totals, the status lines of that column. The
//! whole report is rebuilt from the signals only when something needs all of
//! it: saving, exporting (`snapshot`), and the full check and navigator,
//! which read `report`, a copy settled once typing pauses for a moment.
//!
//! What an edit means (fill with 0, adopt totals, carry-over, undo steps)
//! is decided in `domain::edit`; this module applies it to the signals.

use leptos::prelude::*;

use crate::domain::edit::{
    all_text_slots, typing, Change, Flag, History, PreambleField, ReadSlots, SignatureField, Slots,
    TextSlot,
};
use crate::domain::format::{CellId, T3Col, T3Row};
use crate::domain::model::Report;
use crate::domain::number::{parse, sum_present, CellValue, CellValues, NumberError};
use crate::domain::rules::{self, CheckSettings, Field, Finding, Mode};

/// How long typing must pause before `report` (the settled copy) follows.
const SETTLE_MS: u64 = 60;

/// What an edit changed, to merge a burst of typing into one undo step.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum EditKey {
    /// Typing in one place: merged with the previous step in the same place.
    Slot(TextSlot),
    /// Always its own step (paste, fill with 0, import, …).
    Batch,
}

/// A cell's text parsed.
pub type Parsed = Result<Option<CellValue>, NumberError>;

/// The index of a text slot among the editor's signals.
fn slot_index(slot: TextSlot) -> usize {
    const CELLS: usize = CellId::COUNT;
    const FIELDS: usize = CELLS + Field::ALL.len();
    const PREAMBLE: usize = FIELDS + PreambleField::ALL.len();
    match slot {
        TextSlot::Cell(c) => c.index(),
        TextSlot::Field(f) => CELLS + f as usize,
        TextSlot::Preamble(p) => FIELDS + p as usize,
        TextSlot::Signature(s) => PREAMBLE + s as usize,
    }
}

const SLOT_COUNT: usize =
    CellId::COUNT + Field::ALL.len() + PreambleField::ALL.len() + SignatureField::ALL.len();

/// The state of the form, cheap to copy into closures.
#[derive(Copy, Clone)]
pub struct Editor {
    texts: StoredValue<Vec<RwSignal<String>>>,
    flags: StoredValue<Vec<RwSignal<bool>>>,
    parsed: StoredValue<Vec<Memo<Parsed>>>,
    /// The derived total of each computed cell (`None` for entered cells).
    derived: StoredValue<Vec<Option<Memo<Option<u64>>>>>,
    pub last_year: RwSignal<Option<Report>>,
    pub settings: StoredValue<CheckSettings>,
    history: StoredValue<History>,
    /// Counts every change, for autosave.
    pub revision: RwSignal<u64>,
    /// The report as of the last pause in typing (see `SETTLE_MS`), for
    /// what reads all of it while the user works: the full check, the
    /// navigator, the drafts list. Exact copies come from `snapshot`.
    pub report: RwSignal<Report>,
    settle_pending: StoredValue<bool>,
    /// The cell the user is typing into: its message waits until they leave.
    pub editing: RwSignal<Option<CellId>>,
    /// Whether the user has asked for 「检查报告」: from then on the final
    /// findings are kept up to date as they fix things.
    pub checked: RwSignal<bool>,
    /// Every rule as for publication, once `checked`; `None` before.
    pub final_check: Memo<Option<Vec<Finding>>>,
    /// Every rule as while drafting (empty cells are warnings).
    pub drafting: Memo<Vec<Finding>>,
}

impl Editor {
    pub fn new(report: Report) -> Editor {
        let settings = StoredValue::new(CheckSettings {
            current_year: current_year(),
            ..CheckSettings::default()
        });
        let texts: Vec<RwSignal<String>> = all_text_slots()
            .map(|slot| RwSignal::new(report.text(slot)))
            .collect();
        debug_assert_eq!(texts.len(), SLOT_COUNT);
        let flags: Vec<RwSignal<bool>> = Flag::ALL
            .into_iter()
            .map(|f| RwSignal::new(report.flag(f)))
            .collect();
        let parsed: Vec<Memo<Parsed>> = CellId::ALL
            .into_iter()
            .map(|id| {
                let text = texts[slot_index(TextSlot::Cell(id))];
                Memo::new(move |_| text.with(|t| parse(t, id.kind())))
            })
            .collect();
        let own = |memo: Memo<Parsed>| match memo.get() {
            Ok(Some(CellValue::Count(v))) => Some(v),
            _ => None,
        };
        let mut derived: Vec<Option<Memo<Option<u64>>>> = vec![None; CellId::COUNT];
        for id in CellId::ALL.into_iter().filter(|c| c.is_computed()) {
            // The grand total adds the column totals (the same cells) so it
            // follows six memos rather than 126 cells.
            if id == CellId::T3(T3Row::Total, T3Col::Total) {
                continue;
            }
            let inputs: Vec<Memo<Parsed>> = id.inputs_iter().map(|c| parsed[c.index()]).collect();
            derived[id.index()] = Some(Memo::new(move |_| {
                sum_present(inputs.iter().map(|m| own(*m)))
            }));
        }
        let columns: Vec<Memo<Option<u64>>> = T3Col::APPLICANTS
            .into_iter()
            .filter_map(|c| derived[CellId::T3(T3Row::Total, c).index()])
            .collect();
        derived[CellId::T3(T3Row::Total, T3Col::Total).index()] = Some(Memo::new(move |_| {
            sum_present(columns.iter().map(|m| m.get()))
        }));

        let report = RwSignal::new(report);
        let last_year = RwSignal::new(None::<Report>);
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
            texts: StoredValue::new(texts),
            flags: StoredValue::new(flags),
            parsed: StoredValue::new(parsed),
            derived: StoredValue::new(derived),
            last_year,
            settings,
            history: StoredValue::new(History::default()),
            revision: RwSignal::new(0),
            report,
            settle_pending: StoredValue::new(false),
            editing: RwSignal::new(None),
            checked,
            final_check,
            drafting,
        }
    }

    // -- reading -----------------------------------------------------------

    /// The signal of one text slot.
    pub fn text(&self, slot: TextSlot) -> RwSignal<String> {
        self.texts.with_value(|t| t[slot_index(slot)])
    }

    pub fn cell_text(&self, id: CellId) -> RwSignal<String> {
        self.text(TextSlot::Cell(id))
    }

    pub fn flag(&self, flag: Flag) -> RwSignal<bool> {
        self.flags.with_value(|f| f[flag as usize])
    }

    /// A cell's text parsed; tracked.
    pub fn parsed(&self, id: CellId) -> Memo<Parsed> {
        self.parsed.with_value(|p| p[id.index()])
    }

    /// The total the app derives for a computed cell; tracked.
    pub fn derived_total(&self, id: CellId) -> Option<u64> {
        self.derived
            .with_value(|d| d[id.index()])
            .and_then(|m| m.get())
    }

    /// The report exactly as on screen now, untracked: for saving and
    /// exporting. `None` once the app is unmounted.
    pub fn try_snapshot(&self) -> Option<Report> {
        let mut r = Report::default();
        let texts = self.texts.try_get_value()?;
        for (slot, sig) in all_text_slots().zip(texts) {
            let text = sig.try_get_untracked()?;
            if !text.is_empty() {
                r.set_text(slot, text);
            }
        }
        for f in Flag::ALL {
            r.set_flag(f, self.flag(f).try_get_untracked()?);
        }
        Some(r)
    }

    /// `try_snapshot` for code that runs while the app is mounted.
    pub fn snapshot(&self) -> Report {
        self.try_snapshot().unwrap_or_default()
    }

    // -- editing -----------------------------------------------------------

    /// Applies changes as one undo step (merged with the previous step when
    /// `key` continues typing in the same place).
    pub fn apply(&self, changes: Vec<Change>, key: EditKey) {
        if changes.is_empty() {
            return;
        }
        Live(*self).apply(&changes, true);
        let burst = match key {
            EditKey::Slot(s) => Some(s),
            EditKey::Batch => None,
        };
        self.history.update_value(|h| h.record(changes, burst));
        self.changed();
    }

    /// Runs an operation of `domain::edit` on the current values and
    /// applies the changes it decides, as one undo step.
    pub fn batch(&self, op: impl FnOnce(&dyn ReadSlots) -> Vec<Change>) {
        let changes = op(&Live(*self));
        self.apply(changes, EditKey::Batch);
        self.seal();
    }

    /// Lets an operation of `domain::edit` read the current values without
    /// applying anything (to show what it would do).
    pub fn batch_preview(&self, op: impl FnOnce(&dyn ReadSlots)) {
        op(&Live(*self));
    }

    /// Changes the report through a closure, as one undo step: for rare
    /// whole-report edits (an import's choices). Costs a snapshot and a
    /// comparison of every slot.
    pub fn edit(&self, key: EditKey, change: impl FnOnce(&mut Report)) {
        let before = self.snapshot();
        let mut after = before.clone();
        change(&mut after);
        let mut changes: Vec<Change> = all_text_slots()
            .filter_map(|slot| {
                let (b, a) = (before.text(slot), after.text(slot));
                (b != a).then_some(Change::Text {
                    slot,
                    before: b,
                    after: a,
                })
            })
            .collect();
        changes.extend(Flag::ALL.into_iter().filter_map(|flag| {
            let (b, a) = (before.flag(flag), after.flag(flag));
            (b != a).then_some(Change::Flag {
                flag,
                before: b,
                after: a,
            })
        }));
        self.apply(changes, key);
    }

    /// Typing in a text slot (see `domain::edit::typing`).
    pub fn set_text(&self, slot: TextSlot, value: String) {
        let changes = typing(&Live(*self), slot, value);
        self.apply(changes, EditKey::Slot(slot));
    }

    pub fn set_cell(&self, id: CellId, text: String) {
        self.set_text(TextSlot::Cell(id), text);
    }

    pub fn set_field(&self, field: Field, text: String) {
        self.set_text(TextSlot::Field(field), text);
    }

    /// Switches an optional part on or off, as one undo step.
    pub fn set_flag(&self, flag: Flag, on: bool) {
        let before = self.flag(flag).get_untracked();
        if before != on {
            self.apply(
                vec![Change::Flag {
                    flag,
                    before,
                    after: on,
                }],
                EditKey::Batch,
            );
            self.seal();
        }
    }

    /// Replaces the whole report (another draft was opened): history and
    /// what was shown start afresh.
    pub fn load(&self, report: Report, last_year: Option<Report>) {
        // Only slots that differ are set, so opening a draft re-renders
        // what changes, not every cell.
        for slot in all_text_slots() {
            let text = report.text(slot);
            let sig = self.text(slot);
            if sig.with_untracked(|t| *t != text) {
                sig.set(text);
            }
        }
        for f in Flag::ALL {
            let on = report.flag(f);
            if self.flag(f).get_untracked() != on {
                self.flag(f).set(on);
            }
        }
        self.history.update_value(History::clear);
        self.editing.set(None);
        self.checked.set(false);
        self.last_year.set(last_year);
        self.report.set(report);
    }

    /// Ends the current typing burst: the next edit is a new undo step.
    pub fn seal(&self) {
        self.history.update_value(History::seal);
    }

    pub fn can_undo(&self) -> bool {
        self.history.with_value(History::can_undo)
    }

    pub fn undo(&self) -> bool {
        let step = self
            .history
            .try_update_value(|h| h.undo().cloned())
            .flatten();
        let Some(step) = step else { return false };
        Live(*self).apply(&step.changes, false);
        self.changed();
        true
    }

    pub fn redo(&self) -> bool {
        let step = self
            .history
            .try_update_value(|h| h.redo().cloned())
            .flatten();
        let Some(step) = step else { return false };
        Live(*self).apply(&step.changes, true);
        self.changed();
        true
    }

    /// Runs every rule as for publication, from now on, on the report as it
    /// is this moment.
    pub fn run_final_check(&self) {
        self.settle();
        self.checked.set(true);
    }

    /// After any change: autosave hears of it, and the settled copy follows
    /// once typing pauses (never on the keystroke's own path).
    fn changed(&self) {
        self.revision.update(|r| *r += 1);
        if self.settle_pending.get_value() {
            return;
        }
        self.settle_pending.set_value(true);
        let editor = *self;
        set_timeout(
            move || {
                // `try_set_value` hands the value back when the app is gone.
                if editor.settle_pending.try_set_value(false).is_none() {
                    editor.settle();
                }
            },
            std::time::Duration::from_millis(SETTLE_MS),
        );
    }

    /// Brings the settled copy up to date now.
    pub fn settle(&self) {
        let _ = self.settle_pending.try_set_value(false);
        let Some(now) = self.try_snapshot() else {
            return;
        };
        if self.report.try_with_untracked(|r| *r != now) == Some(true) {
            self.report.set(now);
        }
    }
}

/// The editor's signals seen as `domain::edit::Slots` (untracked reads).
#[derive(Copy, Clone)]
struct Live(Editor);

impl ReadSlots for Live {
    fn text(&self, slot: TextSlot) -> String {
        self.0.text(slot).get_untracked()
    }
    fn flag(&self, flag: Flag) -> bool {
        self.0.flag(flag).get_untracked()
    }
}

impl Slots for Live {
    fn set_text(&mut self, slot: TextSlot, value: String) {
        self.0.text(slot).set(value);
    }
    fn set_flag(&mut self, flag: Flag, on: bool) {
        self.0.flag(flag).set(on);
    }
}

/// The editor's memos as `CellValues`, tracked: a status line computed
/// through it re-runs only when a cell it read changes.
#[derive(Copy, Clone)]
pub struct LiveValues(pub Editor);

impl CellValues for LiveValues {
    fn own(&self, id: CellId) -> Option<u64> {
        match self.0.parsed(id).get() {
            Ok(Some(CellValue::Count(v))) => Some(v),
            _ => None,
        }
    }
    fn derived(&self, id: CellId) -> Option<u64> {
        self.0.derived_total(id)
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

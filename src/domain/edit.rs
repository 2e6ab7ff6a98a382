//! Editing a report: every place a user can change (`TextSlot`, `Flag`),
//! one change (`Change`), the undo history of changes (`History`), and the
//! editing operations that decide what changes (「空白处填0」, 「改用自动计算的
//! 总计」, the carry-over from last year).
//!
//! The history keeps changes, not snapshots: a keystroke records one slot's
//! text before and after, so typing costs the same however large the report
//! is. Operations read and write through `Slots`, which `Report` implements
//! here and the editor implements over its per-cell signals in the browser,
//! so the same code decides both and is tested natively.

use super::format::{CellId, SectionId, T3Col, T3Row};
use super::grid::Grid;
use super::model::Report;
use super::number::{parse_count, sum_present};
use super::rules::Field;

/// How many undo steps are kept.
pub const UNDO_DEPTH: usize = 500;

/// A field of the preamble (前言). Its labels are written here only.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PreambleField {
    Office,
    Address,
    Postcode,
    Phone,
    Email,
    Text,
}

impl PreambleField {
    pub const ALL: [PreambleField; 6] = [
        PreambleField::Office,
        PreambleField::Address,
        PreambleField::Postcode,
        PreambleField::Phone,
        PreambleField::Email,
        PreambleField::Text,
    ];
    /// The contact details, in the order the preamble states them.
    pub const CONTACT: [PreambleField; 4] = [
        PreambleField::Address,
        PreambleField::Postcode,
        PreambleField::Phone,
        PreambleField::Email,
    ];

    /// The label of the detail, as printed in the preamble and on the form.
    pub fn label(self) -> &'static str {
        match self {
            PreambleField::Office => "编制单位",
            PreambleField::Address => "地址",
            PreambleField::Postcode => "邮编",
            PreambleField::Phone => "电话",
            PreambleField::Email => "电子邮箱",
            PreambleField::Text => "前言文字",
        }
    }

    /// A stable id for the DOM.
    pub fn key(self) -> &'static str {
        match self {
            PreambleField::Office => "preamble-office",
            PreambleField::Address => "preamble-address",
            PreambleField::Postcode => "preamble-postcode",
            PreambleField::Phone => "preamble-phone",
            PreambleField::Email => "preamble-email",
            PreambleField::Text => "preamble-text",
        }
    }
}

/// A field of the signature block (落款).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SignatureField {
    Agency,
    Date,
}

impl SignatureField {
    pub const ALL: [SignatureField; 2] = [SignatureField::Agency, SignatureField::Date];
    pub fn key(self) -> &'static str {
        match self {
            SignatureField::Agency => "signature-agency",
            SignatureField::Date => "signature-date",
        }
    }
}

/// Every text a user can edit.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TextSlot {
    /// A cell: what was typed into an entered cell, or the total an imported
    /// report or a pasted block stated for a computed one.
    Cell(CellId),
    Field(Field),
    Preamble(PreambleField),
    Signature(SignatureField),
}

/// The optional parts switched on and off, and the 落款's layout.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Flag {
    Preamble,
    Signature,
    /// The 落款 laid out for a seal (`Signature::sealed`).
    SignatureSealed,
}

impl Flag {
    pub const ALL: [Flag; 3] = [Flag::Preamble, Flag::Signature, Flag::SignatureSealed];
    pub fn key(self) -> &'static str {
        match self {
            Flag::Preamble => "preamble-enabled",
            Flag::Signature => "signature-enabled",
            Flag::SignatureSealed => "signature-sealed",
        }
    }
}

/// One slot's value before and after an edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Text {
        slot: TextSlot,
        before: String,
        after: String,
    },
    Flag {
        flag: Flag,
        before: bool,
        after: bool,
    },
}

/// Something the report's editable values can be read from: the `Report`
/// itself, or the editor's signals in the browser. The operations below
/// read through it and return the changes they decide.
pub trait ReadSlots {
    fn text(&self, slot: TextSlot) -> String;
    fn flag(&self, flag: Flag) -> bool;
}

/// `ReadSlots` that can be written, so changes can be applied.
pub trait Slots: ReadSlots {
    fn set_text(&mut self, slot: TextSlot, value: String);
    fn set_flag(&mut self, flag: Flag, on: bool);

    /// Applies changes in order (`forward`) or undoes them in reverse.
    fn apply(&mut self, changes: &[Change], forward: bool) {
        let mut apply_one = |c: &Change| match c {
            Change::Text {
                slot,
                before,
                after,
            } => self.set_text(*slot, if forward { after } else { before }.clone()),
            Change::Flag {
                flag,
                before,
                after,
            } => self.set_flag(*flag, if forward { *after } else { *before }),
        };
        if forward {
            changes.iter().for_each(&mut apply_one);
        } else {
            changes.iter().rev().for_each(&mut apply_one);
        }
    }
}

/// The change that sets `slot` to `value`, or `None` when it holds it
/// already. Cells compare what they would store: blank is empty.
pub fn text_change<R: ReadSlots + ?Sized>(
    slots: &R,
    slot: TextSlot,
    value: String,
) -> Option<Change> {
    let before = slots.text(slot);
    let same = match slot {
        TextSlot::Cell(_) => before.trim().is_empty() && value.trim().is_empty() || before == value,
        _ => before == value,
    };
    (!same).then_some(Change::Text {
        slot,
        before,
        after: value,
    })
}

/// The changes typing `value` into `slot` makes: the text, and for a field
/// of the preamble or the signature, switching that part on — a clerk who
/// fills in the contact details wants them in the report, and should not
/// have to find a checkbox too.
pub fn typing<R: ReadSlots + ?Sized>(slots: &R, slot: TextSlot, value: String) -> Vec<Change> {
    let part = match slot {
        TextSlot::Preamble(_) => Some(Flag::Preamble),
        TextSlot::Signature(_) => Some(Flag::Signature),
        _ => None,
    };
    let switch_on = !value.trim().is_empty();
    let Some(text) = text_change(slots, slot, value) else {
        return Vec::new();
    };
    let mut changes = vec![text];
    if let Some(flag) = part.filter(|f| switch_on && !slots.flag(*f)) {
        changes.push(Change::Flag {
            flag,
            before: false,
            after: true,
        });
    }
    changes
}

impl ReadSlots for Report {
    fn text(&self, slot: TextSlot) -> String {
        match slot {
            TextSlot::Cell(id) => self.cell(id).to_owned(),
            TextSlot::Field(f) => self.field(f).to_owned(),
            TextSlot::Preamble(p) => {
                let pr = &self.preamble;
                match p {
                    PreambleField::Office => &pr.office,
                    PreambleField::Address => &pr.address,
                    PreambleField::Postcode => &pr.postcode,
                    PreambleField::Phone => &pr.phone,
                    PreambleField::Email => &pr.email,
                    PreambleField::Text => &pr.text,
                }
                .clone()
            }
            TextSlot::Signature(SignatureField::Agency) => self.signature.agency.clone(),
            TextSlot::Signature(SignatureField::Date) => self.signature.date.clone(),
        }
    }

    fn flag(&self, flag: Flag) -> bool {
        match flag {
            Flag::Preamble => self.preamble.enabled,
            Flag::Signature => self.signature.enabled,
            Flag::SignatureSealed => self.signature.sealed,
        }
    }
}

impl Slots for Report {
    fn set_text(&mut self, slot: TextSlot, value: String) {
        match slot {
            // Each setter takes only its own kind of cell.
            TextSlot::Cell(id) => {
                if id.is_computed() {
                    self.set_stated(id, value);
                } else {
                    self.set_cell(id, value);
                }
            }
            TextSlot::Field(f) => *self.field_mut(f) = value,
            TextSlot::Preamble(p) => {
                let pr = &mut self.preamble;
                *match p {
                    PreambleField::Office => &mut pr.office,
                    PreambleField::Address => &mut pr.address,
                    PreambleField::Postcode => &mut pr.postcode,
                    PreambleField::Phone => &mut pr.phone,
                    PreambleField::Email => &mut pr.email,
                    PreambleField::Text => &mut pr.text,
                } = value;
            }
            TextSlot::Signature(SignatureField::Agency) => self.signature.agency = value,
            TextSlot::Signature(SignatureField::Date) => self.signature.date = value,
        }
    }

    fn set_flag(&mut self, flag: Flag, on: bool) {
        match flag {
            Flag::Preamble => self.preamble.enabled = on,
            Flag::Signature => self.signature.enabled = on,
            Flag::SignatureSealed => self.signature.sealed = on,
        }
    }
}

/// Every text slot of a report, for building a report from other storage
/// (the editor's signals) and for comparing two reports slot by slot.
pub fn all_text_slots() -> impl Iterator<Item = TextSlot> {
    let cells = CellId::ALL.into_iter().map(TextSlot::Cell);
    let fields = Field::ALL.into_iter().map(TextSlot::Field);
    let pre = PreambleField::ALL.into_iter().map(TextSlot::Preamble);
    let sig = SignatureField::ALL.into_iter().map(TextSlot::Signature);
    cells.chain(fields).chain(pre).chain(sig)
}

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

/// 「空白处填0」: every empty entered cell of the table gets 0.
pub fn fill_empty_with_zero<R: ReadSlots + ?Sized>(slots: &R, section: SectionId) -> Vec<Change> {
    let Some(grid) = Grid::of(section) else {
        return Vec::new();
    };
    grid.rows
        .iter()
        .flatten()
        .filter(|c| !c.is_computed())
        .filter_map(|&c| {
            let slot = TextSlot::Cell(c);
            slots
                .text(slot)
                .trim()
                .is_empty()
                .then(|| text_change(slots, slot, "0".to_owned()))
                .flatten()
        })
        .collect()
}

/// 「改用自动计算的总计」: the totals a source stated in this table are
/// dropped, so the app's own derived totals show.
pub fn adopt_computed_totals<R: ReadSlots + ?Sized>(slots: &R, section: SectionId) -> Vec<Change> {
    CellId::ALL
        .into_iter()
        .filter(|c| c.is_computed() && c.section() == section)
        .filter_map(|c| text_change(slots, TextSlot::Cell(c), String::new()))
        .collect()
}

/// The tables that hold totals a source stated (imported or pasted).
pub fn has_stated_totals<R: ReadSlots + ?Sized>(slots: &R, section: SectionId) -> bool {
    CellId::ALL
        .into_iter()
        .filter(|c| c.is_computed() && c.section() == section)
        .any(|c| !slots.text(TextSlot::Cell(c)).trim().is_empty())
}

/// The cells of 「二、上年结转政府信息公开申请数量」 and what last year's
/// 「四、结转下年度继续办理」 says they should hold: the one place the
/// carry-over is decided (next year's draft, an imported last year).
pub fn carry_over(last_year: &Report) -> Vec<(CellId, String)> {
    T3Col::APPLICANTS
        .into_iter()
        .filter_map(|col| {
            let text = last_year.cell(CellId::T3(T3Row::CarriedOver, col)).trim();
            (!text.is_empty()).then(|| (CellId::T3(T3Row::CarriedIn, col), text.to_owned()))
        })
        .collect()
}

/// The changes that write last year's carry-over into 上年结转.
pub fn apply_carry_over<R: ReadSlots + ?Sized>(slots: &R, last_year: &Report) -> Vec<Change> {
    carry_over(last_year)
        .into_iter()
        .filter_map(|(c, v)| text_change(slots, TextSlot::Cell(c), v))
        .collect()
}

/// What a pasted block did, for the page to say: 「已粘贴 25 行 × 7 列」.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paste {
    pub changes: Vec<Change>,
    /// Rows and columns of the block that landed in the table.
    pub rows: usize,
    pub cols: usize,
    /// Totals in the block that differ from the sum of their cells (or are
    /// no number): kept as the source's stated totals, so the discrepancy
    /// shows as it does for an imported report, never dropped silently.
    pub stated: Vec<CellId>,
}

/// Pastes a block (rows of values, as Excel, WPS and Word put them on the
/// clipboard) at `start`. Entered cells take their values; a total in the
/// block that agrees with its cells is the app's own and needs no keeping,
/// one that does not is kept as stated.
pub fn paste_block<R: ReadSlots + ?Sized>(
    slots: &R,
    start: CellId,
    block: &[Vec<String>],
) -> Paste {
    let grid = Grid::containing(start);
    let placed = grid.place_all(start, block);
    let mut paste = Paste::default();
    if let Some((r0, c0)) = grid.position(start) {
        let landed_rows = grid.rows.len().saturating_sub(r0).min(block.len());
        paste.rows = landed_rows;
        paste.cols = block
            .iter()
            .zip(grid.rows.iter().skip(r0))
            .map(|(values, row)| values.len().min(row.len().saturating_sub(c0)))
            .max()
            .unwrap_or(0);
    }
    let entered: Vec<&(CellId, String)> = placed.iter().filter(|(c, _)| !c.is_computed()).collect();
    paste.changes = entered
        .iter()
        .filter_map(|(c, v)| text_change(slots, TextSlot::Cell(*c), v.clone()))
        .collect();
    // A cell's text once the block is in.
    let after = |cell: CellId| -> String {
        entered
            .iter()
            .find(|(c, _)| *c == cell)
            .map_or_else(|| slots.text(TextSlot::Cell(cell)), |(_, v)| v.clone())
    };
    for (total, value) in placed.iter().filter(|(c, _)| c.is_computed()) {
        if value.trim().is_empty() {
            continue;
        }
        let sum = sum_present(
            total
                .inputs_iter()
                .map(|c| parse_count(&after(c)).ok().flatten()),
        );
        let agrees = matches!(parse_count(value), Ok(Some(v)) if Some(v) == sum);
        let keep = if agrees { String::new() } else { value.clone() };
        if !agrees {
            paste.stated.push(*total);
        }
        paste
            .changes
            .extend(text_change(slots, TextSlot::Cell(*total), keep));
    }
    paste
}

// ---------------------------------------------------------------------------
// History
// ---------------------------------------------------------------------------

/// One undo step: the changes of one edit, or of a burst of typing in one
/// slot merged together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub changes: Vec<Change>,
}

/// Undo and redo, as word processors do them: typing in one place is one
/// step until the user leaves it (`seal`) or edits elsewhere; a batch (a
/// paste, 「空白处填0」) is always its own step.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: std::collections::VecDeque<Step>,
    redo: Vec<Step>,
    /// The slot of the typing burst the last step belongs to, if still open.
    open: Option<TextSlot>,
}

impl History {
    /// Records changes already applied. `burst` names the slot when they are
    /// typing in it, to merge with the previous step of the same burst.
    pub fn record(&mut self, changes: Vec<Change>, burst: Option<TextSlot>) {
        if changes.is_empty() {
            return;
        }
        self.redo.clear();
        let merge = burst.is_some() && burst == self.open;
        self.open = burst;
        if merge {
            if let Some(step) = self.undo.back_mut() {
                merge_into(&mut step.changes, changes);
                // Typing back to the text the burst began with leaves no step.
                if step.changes.is_empty() {
                    self.undo.pop_back();
                    self.open = None;
                }
                return;
            }
        }
        self.undo.push_back(Step { changes });
        if self.undo.len() > UNDO_DEPTH {
            self.undo.pop_front();
        }
    }

    /// Ends the current typing burst: the next edit is a new step.
    pub fn seal(&mut self) {
        self.open = None;
    }

    /// The step to undo (apply backwards), moved to the redo list.
    pub fn undo(&mut self) -> Option<&Step> {
        self.open = None;
        let step = self.undo.pop_back()?;
        self.redo.push(step);
        self.redo.last()
    }

    /// The step to redo (apply forwards), moved back to the undo list.
    pub fn redo(&mut self) -> Option<&Step> {
        self.open = None;
        let step = self.redo.pop()?;
        self.undo.push_back(step);
        self.undo.back()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Forgets everything (another draft is shown).
    pub fn clear(&mut self) {
        *self = History::default();
    }
}

/// Merges later changes into a step: a slot changed again keeps its first
/// `before` and takes the new `after`; a slot back at its `before` drops out.
fn merge_into(step: &mut Vec<Change>, later: Vec<Change>) {
    for change in later {
        let existing = step.iter_mut().find(|c| match (c, &change) {
            (Change::Text { slot: a, .. }, Change::Text { slot: b, .. }) => a == b,
            (Change::Flag { flag: a, .. }, Change::Flag { flag: b, .. }) => a == b,
            _ => false,
        });
        match (existing, change) {
            (Some(Change::Text { after, .. }), Change::Text { after: new, .. }) => *after = new,
            (Some(Change::Flag { after, .. }), Change::Flag { after: new, .. }) => *after = new,
            (_, change) => step.push(change),
        }
    }
    step.retain(|c| match c {
        Change::Text { before, after, .. } => before != after,
        Change::Flag { before, after, .. } => before != after,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::format::{T4Col, T4Group};

    const NEW: CellId = CellId::T3(T3Row::New, T3Col::Natural);

    fn typed(r: &mut Report, h: &mut History, slot: TextSlot, text: &str) {
        if let Some(c) = text_change(r, slot, text.to_owned()) {
            r.apply(std::slice::from_ref(&c), true);
            h.record(vec![c], Some(slot));
        }
    }

    #[test]
    fn typing_in_one_cell_is_one_step_until_sealed() {
        let mut r = Report::default();
        let mut h = History::default();
        let slot = TextSlot::Cell(NEW);
        for t in ["1", "12", "123"] {
            typed(&mut r, &mut h, slot, t);
        }
        h.seal();
        typed(&mut r, &mut h, slot, "1234");
        assert_eq!(r.cell(NEW), "1234");
        let step = h.undo().expect("step").clone();
        r.apply(&step.changes, false);
        assert_eq!(r.cell(NEW), "123");
        let step = h.undo().expect("step").clone();
        r.apply(&step.changes, false);
        assert_eq!(r.cell(NEW), "");
        assert!(!h.can_undo());
        let step = h.redo().expect("redo").clone();
        r.apply(&step.changes, true);
        assert_eq!(r.cell(NEW), "123");
    }

    #[test]
    fn typing_back_to_the_start_leaves_no_step_and_a_new_edit_clears_redo() {
        let mut r = Report::default();
        let mut h = History::default();
        let slot = TextSlot::Field(Field::Agency);
        typed(&mut r, &mut h, slot, "甲");
        typed(&mut r, &mut h, slot, "");
        assert!(!h.can_undo());
        typed(&mut r, &mut h, slot, "乙");
        let step = h.undo().expect("step").clone();
        r.apply(&step.changes, false);
        assert!(h.can_redo());
        typed(&mut r, &mut h, TextSlot::Field(Field::Year), "2024");
        assert!(!h.can_redo());
    }

    #[test]
    fn the_history_is_bounded() {
        let mut r = Report::default();
        let mut h = History::default();
        for i in 0..UNDO_DEPTH + 20 {
            typed(&mut r, &mut h, TextSlot::Cell(NEW), &i.to_string());
            h.seal();
        }
        let mut n = 0;
        while h.undo().is_some() {
            n += 1;
        }
        assert_eq!(n, UNDO_DEPTH);
    }

    #[test]
    fn fill_with_zero_touches_only_empty_entered_cells_of_its_table() {
        let mut r = Report::default();
        r.set_cell(NEW, "5");
        let changes = fill_empty_with_zero(&r, SectionId::Requests);
        assert_eq!(changes.len(), 24 * 6 - 1);
        r.apply(&changes, true);
        assert_eq!(r.cell(NEW), "5");
        assert_eq!(r.cell(CellId::T3(T3Row::CarriedOver, T3Col::OtherOrg)), "0");
        assert_eq!(r.cell(CellId::T3(T3Row::Total, T3Col::Natural)), "");
        assert_eq!(r.cell(CellId::T4(T4Group::Review, T4Col::Upheld)), "");
        r.apply(&changes, false);
        assert_eq!(r.cell(CellId::T3(T3Row::CarriedOver, T3Col::OtherOrg)), "");
        assert_eq!(r.cell(NEW), "5");
    }

    #[test]
    fn adopting_computed_totals_drops_only_that_tables_stated_totals() {
        let mut r = Report::default();
        let t3 = CellId::T3(T3Row::New, T3Col::Total);
        let t4 = CellId::T4(T4Group::Review, T4Col::Total);
        r.set_stated(t3, "9".to_owned());
        r.set_stated(t4, "1".to_owned());
        assert!(has_stated_totals(&r, SectionId::Requests));
        let changes = adopt_computed_totals(&r, SectionId::Requests);
        r.apply(&changes, true);
        assert!(!has_stated_totals(&r, SectionId::Requests));
        assert_eq!(r.cell(t4), "1");
        r.apply(&changes, false);
        assert_eq!(r.cell(t3), "9");
    }

    #[test]
    fn a_pasted_block_keeps_totals_that_disagree_and_says_its_size() {
        let r = Report::default();
        // Two rows of table 三 with their 总计: the first adds up, the
        // second's 总计 is one too many.
        let block = vec![
            vec!["1", "2", "0", "0", "0", "0", "3"],
            vec!["4", "0", "0", "0", "0", "0", "5"],
        ]
        .into_iter()
        .map(|r| r.into_iter().map(str::to_owned).collect())
        .collect::<Vec<Vec<String>>>();
        let p = paste_block(&r, NEW, &block);
        assert_eq!((p.rows, p.cols), (2, 7));
        assert_eq!(p.stated, vec![CellId::T3(T3Row::CarriedIn, T3Col::Total)]);
        let mut r = r;
        r.apply(&p.changes, true);
        assert_eq!(r.cell(CellId::T3(T3Row::New, T3Col::Business)), "2");
        assert_eq!(r.cell(CellId::T3(T3Row::New, T3Col::Total)), "");
        assert_eq!(r.cell(CellId::T3(T3Row::CarriedIn, T3Col::Total)), "5");
        // A block wider than the table lands clipped.
        let wide = vec![vec!["1".to_owned(); 9]];
        let p = paste_block(
            &Report::default(),
            CellId::T3(T3Row::New, T3Col::Legal),
            &wide,
        );
        assert_eq!((p.rows, p.cols), (1, 3));
    }

    #[test]
    fn carry_over_moves_last_years_carried_over_row() {
        let mut last = Report::default();
        last.set_cell(CellId::T3(T3Row::CarriedOver, T3Col::Natural), " 4 ");
        last.set_cell(CellId::T3(T3Row::CarriedOver, T3Col::Legal), "0");
        let mut r = Report::default();
        let changes = apply_carry_over(&r, &last);
        assert_eq!(changes.len(), 2);
        r.apply(&changes, true);
        assert_eq!(r.cell(CellId::T3(T3Row::CarriedIn, T3Col::Natural)), "4");
        assert_eq!(r.cell(CellId::T3(T3Row::CarriedIn, T3Col::Legal)), "0");
        assert!(apply_carry_over(&r, &last).is_empty());
    }

    #[test]
    fn filling_in_the_contact_switches_the_preamble_on() {
        let mut r = Report::default();
        let mut h = History::default();
        let phone = TextSlot::Preamble(PreambleField::Phone);
        let changes = typing(&r, phone, "0517-1".to_owned());
        r.apply(&changes, true);
        h.record(changes, Some(phone));
        assert!(r.flag(Flag::Preamble));
        // More typing does not touch the flag again; undo takes both back.
        let changes = typing(&r, phone, "0517-12".to_owned());
        assert_eq!(changes.len(), 1);
        r.apply(&changes, true);
        h.record(changes, Some(phone));
        let step = h.undo().expect("step").clone();
        r.apply(&step.changes, false);
        assert!(!r.flag(Flag::Preamble));
        assert_eq!(r.text(phone), "");
        // Other fields leave the parts alone.
        assert_eq!(
            typing(&r, TextSlot::Field(Field::Agency), "甲".into()).len(),
            1
        );
    }

    #[test]
    fn every_slot_round_trips_through_a_report() {
        let mut r = Report::default();
        for (i, slot) in all_text_slots().enumerate() {
            r.set_text(slot, format!("v{i}"));
        }
        for (i, slot) in all_text_slots().enumerate() {
            assert_eq!(r.text(slot), format!("v{i}"), "{slot:?}");
        }
        for f in Flag::ALL {
            r.set_flag(f, true);
            assert!(r.flag(f));
        }
    }
}

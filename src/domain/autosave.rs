//! When the open draft is saved, and what the save status says: the state
//! machine behind autosave, without timers or storage, so that every
//! transition is tested natively. The page wires it: it calls `changed` on
//! every edit, starts the timer `Autosave` asks for, calls `due` when the
//! timer fires or the page is hidden, performs the save `due` allows, and
//! reports the result with `saved`, `unchanged` or `failed`.
//!
//! The promises it keeps: a change reaches storage within `DEBOUNCE_MS` of
//! the first keystroke after the last save (a pending save is never pushed
//! back by more typing); a failed save is retried every `RETRY_MS` and the
//! stored copy stays as it was; once another tab has saved a newer revision
//! nothing is written until the user chooses.

use super::drafts::{Envelope, SaveOutcome, StoreError};

/// Typing pauses shorter than this are one save: a browser that dies
/// mid-typing loses at most the last half second.
pub const DEBOUNCE_MS: u32 = 500;
/// How often a failed save (storage full) is tried again.
pub const RETRY_MS: u32 = 5_000;

/// What the save status in the masthead says.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveStatus {
    /// Nothing typed yet in this draft, and it was never saved.
    Fresh,
    /// A change waits for its save.
    Pending,
    /// In storage; milliseconds since the epoch.
    Saved { at: f64 },
    /// The last save failed; the change is on screen only.
    Failed(StoreError),
    /// Another tab saved this draft; saving waits for the user's choice.
    Conflict,
}

/// What the page should do with its save timer.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Leave it as it is (running or not).
    Keep,
    /// Start it to fire after this many milliseconds (none is running).
    Start(u32),
}

/// The autosave state of the open draft.
#[derive(Clone, Debug, PartialEq)]
pub struct Autosave {
    status: SaveStatus,
    /// The screen differs (or may differ) from the stored copy.
    dirty: bool,
    /// A timer is running; its firing calls `due`.
    timer: bool,
    /// Another tab's newer save of this draft, while the user decides.
    conflict: Option<Box<Envelope>>,
}

impl Autosave {
    /// The state for a draft just shown: saved before, or new.
    pub fn shown(env: &Envelope) -> Autosave {
        Autosave {
            status: if env.revision > 0 {
                SaveStatus::Saved { at: env.saved_at }
            } else {
                SaveStatus::Fresh
            },
            dirty: false,
            timer: false,
            conflict: None,
        }
    }

    pub fn status(&self) -> &SaveStatus {
        &self.status
    }

    pub fn conflict(&self) -> Option<&Envelope> {
        self.conflict.as_deref()
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// The user changed the report.
    pub fn changed(&mut self) -> Timer {
        self.dirty = true;
        let quiet = self.conflict.is_none()
            && !matches!(self.status, SaveStatus::Failed(_) | SaveStatus::Pending);
        if quiet {
            self.status = SaveStatus::Pending;
        }
        self.start(DEBOUNCE_MS)
    }

    fn start(&mut self, ms: u32) -> Timer {
        if self.timer {
            // Never pushed back: steady typing is still saved in time.
            Timer::Keep
        } else {
            self.timer = true;
            Timer::Start(ms)
        }
    }

    /// The timer fired, or the page is being hidden or left: whether to
    /// save now. Nothing is written while another tab's save is unresolved.
    pub fn due(&mut self, from_timer: bool) -> bool {
        if from_timer {
            self.timer = false;
        }
        self.dirty && self.conflict.is_none()
    }

    /// The screen equals the stored copy after all (typing undone): clean.
    pub fn unchanged(&mut self, stored: &Envelope) {
        self.dirty = false;
        if matches!(self.status, SaveStatus::Pending | SaveStatus::Failed(_)) {
            self.status = if stored.revision > 0 {
                SaveStatus::Saved {
                    at: stored.saved_at,
                }
            } else {
                SaveStatus::Fresh
            };
        }
    }

    /// The result of a save of the open draft.
    pub fn saved(&mut self, result: Result<SaveOutcome, StoreError>, env: &Envelope) -> Timer {
        match result {
            Ok(SaveOutcome::Saved { .. }) => {
                self.dirty = false;
                self.status = SaveStatus::Saved { at: env.saved_at };
                Timer::Keep
            }
            Ok(SaveOutcome::Conflict { stored }) => {
                self.conflict_found(*stored);
                Timer::Keep
            }
            Err(e) => {
                // The stored copy is untouched; the change stays on screen
                // and is tried again.
                self.status = SaveStatus::Failed(e);
                self.start(RETRY_MS)
            }
        }
    }

    /// Another tab saved a newer revision of this draft.
    pub fn conflict_found(&mut self, stored: Envelope) {
        self.conflict = Some(Box::new(stored));
        self.status = SaveStatus::Conflict;
    }

    /// True when the open draft has changes that are not in storage and
    /// cannot be saved now: leaving it would lose them.
    pub fn has_unsaved(&self) -> bool {
        self.dirty && matches!(self.status, SaveStatus::Failed(_) | SaveStatus::Conflict)
    }

    /// The timer the page should cancel before showing another draft.
    pub fn timer_running(&self) -> bool {
        self.timer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::drafts::{save_draft, KeyValue, MemoryStore};
    use crate::domain::model::Report;

    fn env() -> Envelope {
        Envelope::new("a".to_owned(), Report::default())
    }

    /// One save as the page does it: ask `due`, write, report the result.
    fn save(a: &mut Autosave, store: &mut MemoryStore, e: &mut Envelope, now: f64) -> Timer {
        assert!(a.due(true), "a save was due");
        let result = save_draft(store, e, now);
        a.saved(result, e)
    }

    #[test]
    fn the_first_change_starts_the_timer_and_more_typing_does_not_push_it_back() {
        let mut a = Autosave::shown(&env());
        assert_eq!(a.status(), &SaveStatus::Fresh);
        assert_eq!(a.changed(), Timer::Start(DEBOUNCE_MS));
        assert_eq!(a.status(), &SaveStatus::Pending);
        assert_eq!(a.changed(), Timer::Keep);
        assert_eq!(a.changed(), Timer::Keep);
        let mut store = MemoryStore::default();
        let mut e = env();
        assert_eq!(save(&mut a, &mut store, &mut e, 7.0), Timer::Keep);
        assert_eq!(a.status(), &SaveStatus::Saved { at: 7.0 });
        assert!(!a.is_dirty());
        // The next change starts a new timer.
        assert_eq!(a.changed(), Timer::Start(DEBOUNCE_MS));
    }

    #[test]
    fn nothing_is_due_without_a_change() {
        let mut a = Autosave::shown(&env());
        assert!(!a.due(false), "pagehide with nothing typed");
        a.changed();
        assert!(a.due(false), "pagehide saves at once");
    }

    #[test]
    fn a_full_store_fails_retries_and_recovers() {
        let mut store = MemoryStore {
            quota: Some(10),
            ..MemoryStore::default()
        };
        let mut e = env();
        let mut a = Autosave::shown(&e);
        a.changed();
        assert_eq!(
            save(&mut a, &mut store, &mut e, 1.0),
            Timer::Start(RETRY_MS)
        );
        assert_eq!(a.status(), &SaveStatus::Failed(StoreError::Full));
        assert!(a.has_unsaved());
        assert!(store.map.is_empty(), "nothing written");
        // More typing while failed keeps the failure shown and the retry.
        assert_eq!(a.changed(), Timer::Keep);
        assert_eq!(a.status(), &SaveStatus::Failed(StoreError::Full));
        // Still full at the retry: another retry.
        assert_eq!(
            save(&mut a, &mut store, &mut e, 2.0),
            Timer::Start(RETRY_MS)
        );
        store.quota = None;
        assert_eq!(save(&mut a, &mut store, &mut e, 3.0), Timer::Keep);
        assert_eq!(a.status(), &SaveStatus::Saved { at: 3.0 });
        assert!(!a.has_unsaved());
    }

    #[test]
    fn another_tabs_newer_save_stops_saving_until_resolved() {
        let mut store = MemoryStore::default();
        let mut mine = env();
        let mut a = Autosave::shown(&mine);
        a.changed();
        save(&mut a, &mut store, &mut mine, 1.0);
        // Another tab writes revision 2.
        let mut theirs = mine.clone();
        theirs.report.overview = "另一个窗口".to_owned();
        save_draft(&mut store, &mut theirs, 2.0).expect("their save");
        mine.report.overview = "本窗口".to_owned();
        a.changed();
        assert_eq!(save(&mut a, &mut store, &mut mine, 3.0), Timer::Keep);
        assert_eq!(a.status(), &SaveStatus::Conflict);
        assert_eq!(a.conflict().map(|e| e.revision), Some(2));
        assert!(a.has_unsaved());
        // Neither more typing nor hiding the page writes anything.
        let before = store.map.clone();
        a.changed();
        assert!(!a.due(false));
        assert_eq!(a.status(), &SaveStatus::Conflict);
        assert_eq!(store.map, before);
        // Resolved by showing their version: a clean state.
        let a = Autosave::shown(&theirs);
        assert_eq!(a.status(), &SaveStatus::Saved { at: 2.0 });
        assert!(a.conflict().is_none());
    }

    #[test]
    fn a_conflict_seen_through_the_storage_event_stops_saving_too() {
        let mut a = Autosave::shown(&env());
        let mut other = env();
        other.revision = 3;
        a.conflict_found(other);
        a.changed();
        assert!(!a.due(true));
        assert!(a.has_unsaved());
    }

    #[test]
    fn undoing_back_to_the_stored_copy_is_clean_without_a_write() {
        let mut store = MemoryStore::default();
        let mut e = env();
        let mut a = Autosave::shown(&e);
        a.changed();
        save(&mut a, &mut store, &mut e, 1.0);
        a.changed();
        assert!(a.due(true));
        a.unchanged(&e);
        assert_eq!(a.status(), &SaveStatus::Saved { at: 1.0 });
        assert!(!a.is_dirty());
        let stored = store.get(&e.key()).ok().flatten().expect("stored");
        assert_eq!(
            crate::domain::drafts::load_envelope(&stored).map(|s| s.revision),
            Ok(1),
            "nothing written"
        );
    }

    #[test]
    fn a_save_after_a_restore_of_the_same_draft_is_no_conflict() {
        // A backup restored while this draft had changes: the restore writes
        // the open draft's revision as the page's envelope, so the next
        // autosave goes on from it instead of colliding with it.
        let mut store = MemoryStore::default();
        let mut e = env();
        let mut a = Autosave::shown(&e);
        a.changed();
        save(&mut a, &mut store, &mut e, 1.0);
        let mut restored = e.clone();
        restored.report.problems = "备份中的文字".to_owned();
        save_draft(&mut store, &mut restored, 2.0).expect("restore");
        // The page shows the restored envelope and continues from it.
        let mut a = Autosave::shown(&restored);
        let mut e = restored;
        e.report.problems.push('。');
        a.changed();
        assert_eq!(save(&mut a, &mut store, &mut e, 3.0), Timer::Keep);
        assert_eq!(a.status(), &SaveStatus::Saved { at: 3.0 });
        assert_eq!(e.revision, 3);
    }
}

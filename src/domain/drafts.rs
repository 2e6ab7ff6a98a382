//! Drafts kept in the browser: the stored envelope, its migrations, the
//! revision rule that stops two tabs overwriting each other, backups and
//! their merge — all behind the small `KeyValue` interface, so that it is
//! tested natively with `MemoryStore` and runs on localStorage in the app.
//!
//! The one promise: nothing the user wrote is lost. A failed write leaves
//! the last good copy as it was; an entry that cannot be read is listed and
//! kept, never overwritten or deleted without the user's word.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

#[cfg(test)]
use super::format::{CellId, T3Col, T3Row};
use super::model::{JsonHead, Report};

/// The version of the stored envelope. Version 1 is the first; a later
/// version adds a step to `migrate` and a fixture in tests/fixtures/drafts.
pub const ENVELOPE_SCHEMA: u32 = 1;

/// Every stored draft's key starts with this.
pub const DRAFT_PREFIX: &str = "nianbao.draft.";
/// Which draft was open last.
pub const CURRENT_KEY: &str = "nianbao.current";
/// Set once the user has read the notice about where drafts live.
pub const NOTICE_KEY: &str = "nianbao.notice-seen";

/// One stored draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub schema: u32,
    /// Stable id; the storage key is `DRAFT_PREFIX` + id.
    pub id: String,
    /// The user's name for the draft; empty means 单位名称 + 年度.
    #[serde(default)]
    pub name: String,
    /// Incremented by every save. A tab saves only over the revision it
    /// loaded, so it never silently overwrites another tab's newer save.
    pub revision: u64,
    /// Milliseconds since the Unix epoch, from the browser's clock.
    pub saved_at: f64,
    pub report: Report,
    /// Last year's report, for the year-to-year rules.
    #[serde(default)]
    pub last_year: Option<Report>,
    /// The DOM id of the cell or field the user was in, to return there.
    #[serde(default)]
    pub position: Option<String>,
}

impl Envelope {
    pub fn new(id: String, report: Report) -> Envelope {
        Envelope {
            schema: ENVELOPE_SCHEMA,
            id,
            name: String::new(),
            revision: 0,
            saved_at: 0.0,
            report,
            last_year: None,
            position: None,
        }
    }

    pub fn key(&self) -> String {
        format!("{DRAFT_PREFIX}{}", self.id)
    }

    /// The name shown in the drafts list.
    pub fn display_name(&self) -> String {
        if !self.name.trim().is_empty() {
            return self.name.trim().to_owned();
        }
        let agency = self.report.agency.trim();
        let year = super::year::year_text(&self.report.year);
        match (agency.is_empty(), year.is_empty()) {
            (true, true) => "未命名草稿".to_owned(),
            (false, true) => agency.to_owned(),
            (true, false) => format!("{year}年度（未填单位）"),
            (false, false) => format!("{agency} {year}年度"),
        }
    }

    /// Whether this stored copy is newer than what `mine` was based on: a
    /// higher revision, or the same revision written by someone else (two
    /// tabs that both saved revision n+1 before either saw the other's).
    pub fn supersedes(&self, mine: &Envelope) -> bool {
        self.revision > mine.revision
            || (self.revision == mine.revision
                && self.revision > 0
                && self.saved_at != mine.saved_at)
    }

    /// The same content (report, last year, name), whatever the revision.
    pub fn same_content(&self, other: &Envelope) -> bool {
        self.report == other.report && self.last_year == other.last_year && self.name == other.name
    }
}

/// Why a stored or backed-up draft cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    NotJson(String),
    WrongShape(String),
    /// Saved by a newer version of the app.
    NewerSchema(u64),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NotJson(e) => write!(f, "不是有效的JSON数据（{e}）"),
            LoadError::WrongShape(e) => write!(f, "数据结构不符合草稿格式（{e}）"),
            LoadError::NewerSchema(v) => {
                write!(f, "由更新版本的本工具保存（格式版本{v}），请使用新版本打开")
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Reads a stored envelope of any known schema version.
///
/// The version is read first (`JsonHead`), then the envelope from the text
/// as its version wrote it; no `serde_json::Value` on the way (see
/// `JsonHead`).
pub fn load_envelope(raw: &str) -> Result<Envelope, LoadError> {
    let head = JsonHead::of(raw).map_err(|e| {
        if e.is_data() {
            LoadError::WrongShape(e.to_string())
        } else {
            LoadError::NotJson(e.to_string())
        }
    })?;
    let JsonHead::Object {
        schema: Some(version),
    } = head
    else {
        return Err(LoadError::WrongShape("缺少schema版本号".to_owned()));
    };
    if version > u64::from(ENVELOPE_SCHEMA) {
        return Err(LoadError::NewerSchema(version));
    }
    let text = migrate(version, raw)?;
    let env: Envelope =
        serde_json::from_str(&text).map_err(|e| LoadError::WrongShape(e.to_string()))?;
    // A report saved by a newer app could carry fields this one drops.
    if env.report.schema > super::model::SCHEMA_VERSION {
        return Err(LoadError::NewerSchema(u64::from(env.report.schema)));
    }
    Ok(env)
}

/// Brings an envelope of an older schema to the current one, step by step,
/// as text. Version 1 is current: there is nothing to do yet. A future
/// version 2 adds `1 => step_1_to_2(raw)` and keeps this chain.
fn migrate(version: u64, raw: &str) -> Result<std::borrow::Cow<'_, str>, LoadError> {
    match version {
        1 => Ok(std::borrow::Cow::Borrowed(raw)),
        other => Err(LoadError::WrongShape(format!("未知的格式版本{other}"))),
    }
}

/// Why storage refused something.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The browser's storage for this site is full.
    Full,
    /// There is no storage (disabled, private mode that throws).
    Unavailable,
    Other(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Full => f.write_str("浏览器存储空间已满"),
            StoreError::Unavailable => f.write_str("浏览器不允许本页面保存数据"),
            StoreError::Other(e) => write!(f, "浏览器存储出错（{e}）"),
        }
    }
}

impl std::error::Error for StoreError {}

/// The storage the drafts live in: localStorage in the browser, a map in
/// tests.
pub trait KeyValue {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError>;
    fn remove(&mut self, key: &str) -> Result<(), StoreError>;
    fn keys(&self) -> Result<Vec<String>, StoreError>;
    /// True when `value` is exactly what this store itself last wrote
    /// under `key`, so a save may skip reading its own copy in full; false
    /// when the store does not know.
    fn wrote(&self, _key: &str, _value: &str) -> bool {
        false
    }
}

/// The last value a store wrote, by key (`KeyValue::wrote`): one draft is
/// saved again and again, so one entry is enough.
#[derive(Clone, Debug, Default)]
pub struct LastWrite(Option<(String, String)>);

impl LastWrite {
    pub fn record(&mut self, key: &str, value: &str) {
        self.0 = Some((key.to_owned(), value.to_owned()));
    }
    pub fn forget(&mut self, key: &str) {
        if self.0.as_ref().is_some_and(|(k, _)| k == key) {
            self.0 = None;
        }
    }
    pub fn holds(&self, key: &str, value: &str) -> bool {
        self.0.as_ref().is_some_and(|(k, v)| k == key && v == value)
    }
}

/// An in-memory store with an optional quota (in characters, as browsers
/// count localStorage), for tests and for when the browser has no storage.
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    pub map: BTreeMap<String, String>,
    pub quota: Option<usize>,
    pub last_write: LastWrite,
}

impl MemoryStore {
    fn used_without(&self, key: &str) -> usize {
        self.map
            .iter()
            .filter(|(k, _)| k.as_str() != key)
            .map(|(k, v)| k.chars().count() + v.chars().count())
            .sum()
    }
}

impl KeyValue for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.map.get(key).cloned())
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if let Some(q) = self.quota {
            if self.used_without(key) + key.chars().count() + value.chars().count() > q {
                // Like localStorage: a refused write leaves the old value.
                return Err(StoreError::Full);
            }
        }
        self.map.insert(key.to_owned(), value.to_owned());
        self.last_write.record(key, value);
        Ok(())
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.map.remove(key);
        self.last_write.forget(key);
        Ok(())
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.map.keys().cloned().collect())
    }
    fn wrote(&self, key: &str, value: &str) -> bool {
        self.last_write.holds(key, value)
    }
}

/// A stored entry as found: a readable draft, or one that is not.
#[derive(Clone, Debug, PartialEq)]
pub enum Stored {
    Draft(Box<Envelope>),
    Unreadable {
        key: String,
        raw: String,
        error: LoadError,
    },
}

/// Every draft in the store, newest first; unreadable entries last.
pub fn list_drafts(store: &impl KeyValue) -> Result<Vec<Stored>, StoreError> {
    let mut drafts = Vec::new();
    let mut broken = Vec::new();
    for key in store.keys()? {
        if !key.starts_with(DRAFT_PREFIX) {
            continue;
        }
        let Some(raw) = store.get(&key)? else {
            continue;
        };
        match load_envelope(&raw) {
            Ok(env) => drafts.push(env),
            Err(error) => broken.push(Stored::Unreadable { key, raw, error }),
        }
    }
    drafts.sort_by(|a, b| b.saved_at.total_cmp(&a.saved_at));
    let mut out: Vec<Stored> = drafts
        .into_iter()
        .map(|e| Stored::Draft(Box::new(e)))
        .collect();
    out.extend(broken);
    Ok(out)
}

/// The result of trying to save a draft.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveOutcome {
    /// Written; the envelope now has this revision.
    Saved { revision: u64 },
    /// Another tab saved a newer revision since this one loaded: nothing
    /// was written. The caller offers to load it or keep this as a copy.
    Conflict { stored: Box<Envelope> },
}

/// Saves `env` unless the stored copy is newer than the revision `env` was
/// based on. On success `env.revision` and `env.saved_at` are updated; on a
/// storage failure `env` keeps its old revision and the stored copy stays
/// byte for byte as it was.
pub fn save_draft(
    store: &mut impl KeyValue,
    env: &mut Envelope,
    now_ms: f64,
) -> Result<SaveOutcome, StoreError> {
    let key = env.key();
    if let Some(raw) = store.get(&key)? {
        // The common case, read cheaply: the stored copy is exactly what
        // this store last wrote (so it was readable) and it is this tab's
        // own last save (same revision and time stamp). Anything else is
        // read in full: another tab's newer save, or an unreadable entry.
        if store.wrote(&key, &raw) && is_own_last_save(&raw, env) {
            return write_next(store, &key, env, now_ms);
        }
        // An unreadable stored entry is never overwritten.
        match load_envelope(&raw) {
            Ok(stored) if stored.supersedes(env) => {
                return Ok(SaveOutcome::Conflict {
                    stored: Box::new(stored),
                })
            }
            Ok(_) => {}
            Err(_) => {
                return Err(StoreError::Other(
                    "原有数据无法读取，为免覆盖已停止保存".to_owned(),
                ))
            }
        }
    }
    write_next(store, &key, env, now_ms)
}

/// Writes `env` as its next revision and, once stored, takes it as `env`.
fn write_next(
    store: &mut impl KeyValue,
    key: &str,
    env: &mut Envelope,
    now_ms: f64,
) -> Result<SaveOutcome, StoreError> {
    let mut next = env.clone();
    next.revision = env.revision + 1;
    next.saved_at = now_ms;
    next.schema = ENVELOPE_SCHEMA;
    let raw = serde_json::to_string(&next).map_err(|e| StoreError::Other(e.to_string()))?;
    store.set(key, &raw)?;
    *env = next;
    Ok(SaveOutcome::Saved {
        revision: env.revision,
    })
}

/// True when `raw` is well-formed JSON whose schema, id, revision and
/// time stamp are those of `env` as this tab last saved it. Skips the
/// report without building it (a saved report has some 200 cells).
fn is_own_last_save(raw: &str, env: &Envelope) -> bool {
    #[derive(Deserialize)]
    struct Head<'a> {
        schema: u32,
        #[serde(borrow)]
        id: std::borrow::Cow<'a, str>,
        revision: u64,
        saved_at: f64,
    }
    env.revision > 0
        && serde_json::from_str::<Head<'_>>(raw).is_ok_and(|h| {
            h.schema == ENVELOPE_SCHEMA
                && h.id == env.id
                && h.revision == env.revision
                && h.saved_at == env.saved_at
        })
}

/// Why a draft other than the open one (a copy, a restored draft, a new
/// draft from an import) was not written. Each has its own words: a full
/// store is not a conflict, and a conflict is not a duplicate id.
#[derive(Clone, Debug, PartialEq)]
pub enum WriteError {
    Store(StoreError),
    /// This browser holds a newer revision of the same draft (saved by
    /// another tab since it was read): nothing was overwritten.
    Newer {
        name: String,
    },
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Store(e) => e.fmt(f),
            WriteError::Newer { name } => write!(
                f,
                "本机的「{name}」刚在另一个窗口中保存了较新的版本，为免覆盖未写入"
            ),
        }
    }
}

impl std::error::Error for WriteError {}

/// Saves a draft that is not the open one; the saved envelope comes back.
pub fn write_other(
    store: &mut impl KeyValue,
    mut env: Envelope,
    now_ms: f64,
) -> Result<Envelope, WriteError> {
    match save_draft(store, &mut env, now_ms).map_err(WriteError::Store)? {
        SaveOutcome::Saved { .. } => Ok(env),
        SaveOutcome::Conflict { stored } => Err(WriteError::Newer {
            name: stored.display_name(),
        }),
    }
}

/// A backup file: every readable draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    /// Always `BACKUP_KIND`, so a random JSON file is not taken for one.
    pub kind: String,
    pub schema: u32,
    pub exported_at: f64,
    pub drafts: Vec<Envelope>,
}

pub const BACKUP_KIND: &str = "nianbao-backup";

pub fn make_backup(drafts: Vec<Envelope>, now_ms: f64) -> Backup {
    Backup {
        kind: BACKUP_KIND.to_owned(),
        schema: ENVELOPE_SCHEMA,
        exported_at: now_ms,
        drafts,
    }
}

/// Why a backup file cannot be restored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupError {
    Empty,
    NotJson(String),
    NotBackup,
    NewerSchema(u64),
    /// A draft inside it cannot be read; nothing is restored.
    BadDraft {
        index: usize,
        error: LoadError,
    },
}

impl fmt::Display for BackupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackupError::Empty => f.write_str("文件是空的，没有可恢复的草稿"),
            BackupError::NotJson(e) => write!(
                f,
                "文件不是有效的JSON（可能不完整或已损坏：{e}），未作任何更改"
            ),
            BackupError::NotBackup => f.write_str("这不是本工具导出的草稿备份文件，未作任何更改"),
            BackupError::NewerSchema(v) => write!(
                f,
                "备份由更新版本的本工具生成（格式版本{v}），请使用新版本恢复，未作任何更改"
            ),
            BackupError::BadDraft { index, error } => write!(
                f,
                "备份中的第{}份草稿无法读取：{error}。未作任何更改",
                index + 1
            ),
        }
    }
}

impl std::error::Error for BackupError {}

/// Reads a backup file; all or nothing.
pub fn read_backup(raw: &str) -> Result<Vec<Envelope>, BackupError> {
    #[derive(Deserialize)]
    struct BackupFile<'a> {
        kind: Option<String>,
        schema: Option<u64>,
        /// Each draft as its own text, read like a stored one.
        #[serde(borrow)]
        drafts: Option<Vec<&'a RawValue>>,
    }
    if raw.trim().is_empty() {
        return Err(BackupError::Empty);
    }
    let refused = |e: serde_json::Error| {
        if e.is_data() {
            BackupError::NotBackup
        } else {
            BackupError::NotJson(e.to_string())
        }
    };
    // Derived structs also read JSON arrays: anything but an object is no
    // backup (once it is JSON at all), without reading the file twice.
    if !raw.trim_start().starts_with('{') {
        JsonHead::of(raw).map_err(refused)?;
        return Err(BackupError::NotBackup);
    }
    let file: BackupFile<'_> = serde_json::from_str(raw).map_err(refused)?;
    if file.kind.as_deref() != Some(BACKUP_KIND) {
        return Err(BackupError::NotBackup);
    }
    let schema = file.schema.ok_or(BackupError::NotBackup)?;
    if schema > u64::from(ENVELOPE_SCHEMA) {
        return Err(BackupError::NewerSchema(schema));
    }
    file.drafts
        .ok_or(BackupError::NotBackup)?
        .iter()
        .enumerate()
        .map(|(index, d)| {
            load_envelope(d.get()).map_err(|error| BackupError::BadDraft { index, error })
        })
        .collect()
}

/// A draft of a backup that differs from the one here with the same id.
#[derive(Clone, Debug, PartialEq)]
pub struct RestoreChoice {
    /// This browser's version (for the open draft: as it is on screen).
    pub here: Envelope,
    /// The backup's version.
    pub incoming: Envelope,
}

/// What restoring a backup would do, before anything is written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RestorePlan {
    /// Drafts not in this browser: added.
    pub new: Vec<Envelope>,
    /// Drafts identical to one here: nothing to do.
    pub same: Vec<String>,
    /// Drafts that differ from the one here with the same id: the user
    /// chooses (keep this browser's, take the backup's, or keep both).
    pub differ: Vec<RestoreChoice>,
}

/// Plans a restore against the drafts here. `existing` must hold the open
/// draft as it is on screen (see `with_open_draft`), also when it was never
/// saved: a backup made from this very draft then differs from it or equals
/// it, and is never written as a "new" draft over the one being edited.
pub fn plan_restore(existing: &[Envelope], incoming: Vec<Envelope>) -> RestorePlan {
    let mut plan = RestorePlan::default();
    for env in incoming {
        match existing.iter().find(|e| e.id == env.id) {
            None => plan.new.push(env),
            Some(here) if here.same_content(&env) => plan.same.push(env.id),
            Some(here) => plan.differ.push(RestoreChoice {
                here: here.clone(),
                incoming: env,
            }),
        }
    }
    plan
}

/// The stored drafts with the open one as it is on screen: its stored copy
/// replaced, or added when it was never saved.
pub fn with_open_draft(stored: Vec<Envelope>, open: Envelope) -> Vec<Envelope> {
    let mut all = stored;
    match all.iter().position(|e| e.id == open.id) {
        Some(i) => all[i] = open,
        None => all.push(open),
    }
    all
}

/// How the user resolves one differing draft of a backup.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum RestoreDecision {
    KeepHere,
    TakeBackup,
    KeepBoth,
}

/// The envelope to write for a decision, if any: the backup's version as
/// the next revision of this browser's (so no other copy is overwritten
/// unseen), or as a new draft beside it.
pub fn resolve_restore(
    choice: &RestoreChoice,
    decision: RestoreDecision,
    new_id: String,
) -> Option<Envelope> {
    match decision {
        RestoreDecision::KeepHere => None,
        RestoreDecision::TakeBackup => {
            let mut env = choice.incoming.clone();
            env.revision = choice.here.revision;
            env.saved_at = choice.here.saved_at;
            Some(env)
        }
        RestoreDecision::KeepBoth => {
            let mut env = choice.incoming.clone();
            env.id = new_id;
            env.revision = 0;
            env.name = format!("{}（备份中的版本）", env.display_name());
            Some(env)
        }
    }
}

/// What 「备份全部草稿」 writes: every readable stored draft, with the open
/// draft as it is on screen — also when storage refused it (full, or
/// another tab saved it), since the backup is what the user is told to make
/// then. With another tab's newer save stored, both go in: that save, and
/// this window's text as a separate draft named so.
pub fn backup_drafts(
    stored: Vec<Envelope>,
    open: Envelope,
    unsaved: bool,
    in_conflict: bool,
    new_id: String,
) -> Vec<Envelope> {
    let mut drafts = stored;
    match drafts.iter().position(|d| d.id == open.id) {
        Some(i) if unsaved && in_conflict => {
            let mut env = open;
            env.id = new_id;
            env.revision = 0;
            env.name = format!("{}（本窗口未保存的版本）", env.display_name());
            drafts.insert(i + 1, env);
        }
        Some(i) if unsaved => drafts[i] = open,
        Some(_) => {}
        None => drafts.push(open),
    }
    drafts
}

/// A new draft for the following year: agency, preamble and contact copied,
/// the year advanced, 结转下年度继续办理 moved into 上年结转, and this
/// report kept as last year's for the year-to-year rules.
pub fn next_year(report: &Report) -> (Report, Report) {
    let mut next = Report::default();
    next.agency = report.agency.clone();
    next.preamble = report.preamble.clone();
    next.signature = super::model::Signature {
        date: String::new(),
        ..report.signature.clone()
    };
    // A generated preamble follows the new year by itself; a custom one is
    // kept for the user to update.
    if let Some(y) = report.report_year().and_then(|y| y.next()) {
        next.year = y.to_string();
    }
    for (cell, text) in super::edit::carry_over(report) {
        next.set_cell(cell, text);
    }
    (next, report.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(id: &str, agency: &str) -> Envelope {
        let mut r = Report::default();
        r.agency = agency.to_owned();
        r.year = "2024".to_owned();
        r.set_cell(CellId::T3(T3Row::New, T3Col::Natural), "3");
        Envelope::new(id.to_owned(), r)
    }

    #[test]
    fn saves_and_lists_newest_first() {
        let mut store = MemoryStore::default();
        let mut a = sample("a", "甲局");
        let mut b = sample("b", "乙局");
        assert_eq!(
            save_draft(&mut store, &mut a, 1.0),
            Ok(SaveOutcome::Saved { revision: 1 })
        );
        assert_eq!(
            save_draft(&mut store, &mut b, 2.0),
            Ok(SaveOutcome::Saved { revision: 1 })
        );
        assert_eq!(
            save_draft(&mut store, &mut a, 3.0),
            Ok(SaveOutcome::Saved { revision: 2 })
        );
        let list = list_drafts(&store).expect("list");
        let ids: Vec<&str> = list
            .iter()
            .map(|s| match s {
                Stored::Draft(e) => e.id.as_str(),
                Stored::Unreadable { .. } => "?",
            })
            .collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(a.display_name(), "甲局 2024年度");
    }

    #[test]
    fn a_full_store_keeps_the_last_good_copy_byte_for_byte() {
        let mut store = MemoryStore::default();
        let mut a = sample("a", "甲局");
        save_draft(&mut store, &mut a, 1.0).expect("first save");
        let before = store.map.clone();
        store.quota = Some(store.used_without(""));
        a.report.overview = "很长的文字".repeat(100);
        assert_eq!(save_draft(&mut store, &mut a, 2.0), Err(StoreError::Full));
        assert_eq!(store.map, before);
        assert_eq!(a.revision, 1, "the failed save did not count");
        // Space returns: saving resumes.
        store.quota = None;
        assert_eq!(
            save_draft(&mut store, &mut a, 3.0),
            Ok(SaveOutcome::Saved { revision: 2 })
        );
    }

    #[test]
    fn a_newer_revision_from_another_tab_is_never_overwritten() {
        let mut store = MemoryStore::default();
        let mut tab1 = sample("a", "甲局");
        save_draft(&mut store, &mut tab1, 1.0).expect("save");
        let mut tab2 = tab1.clone();
        tab2.report.overview = "第二个窗口".to_owned();
        save_draft(&mut store, &mut tab2, 2.0).expect("save");
        tab1.report.overview = "第一个窗口".to_owned();
        let stored_before = store.map.clone();
        match save_draft(&mut store, &mut tab1, 3.0) {
            Ok(SaveOutcome::Conflict { stored }) => {
                assert_eq!(stored.report.overview, "第二个窗口");
                assert_eq!(stored.revision, 2);
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        assert_eq!(store.map, stored_before);
    }

    #[test]
    fn two_tabs_that_both_wrote_the_same_revision_see_a_conflict() {
        let mut store = MemoryStore::default();
        let mut base = sample("a", "甲局");
        save_draft(&mut store, &mut base, 1.0).expect("save");
        let mut tab1 = base.clone();
        let mut tab2 = base.clone();
        // Both write revision 2 before either sees the other's.
        tab1.report.overview = "一".to_owned();
        save_draft(&mut store, &mut tab1, 2.0).expect("save");
        tab2.report.overview = "二".to_owned();
        tab2.revision = 2;
        tab2.saved_at = 2.5;
        store
            .set(&tab2.key(), &serde_json::to_string(&tab2).expect("json"))
            .expect("set");
        // Tab 1's next save finds revision 2 written by someone else.
        tab1.report.overview = "一又改".to_owned();
        assert!(matches!(
            save_draft(&mut store, &mut tab1, 3.0),
            Ok(SaveOutcome::Conflict { .. })
        ));
        // Its own last save is not a conflict.
        let mut again = tab2.clone();
        assert!(matches!(
            save_draft(&mut store, &mut again, 4.0),
            Ok(SaveOutcome::Saved { revision: 3 })
        ));
    }

    #[test]
    fn a_stored_copy_that_only_starts_like_the_last_save_is_read_in_full() {
        let mut store = MemoryStore::default();
        let mut env = sample("a", "甲局");
        save_draft(&mut store, &mut env, 1.0).expect("save");
        // This tab's own last save: saved again without a conflict.
        assert!(matches!(
            save_draft(&mut store, &mut env, 2.0),
            Ok(SaveOutcome::Saved { revision: 2 })
        ));
        // The same head (revision 2, saved at 2.0) over a body that breaks
        // off, or over a report with a cell of no format, written by someone
        // else: read in full, and never written over.
        let head = r#"{"schema":1,"id":"a","name":"","revision":2,"saved_at":2.0,"report":"#;
        for raw in [
            format!("{head}{{"),
            format!(r#"{head}{{"cells":{{"t9.x":"1"}},"stated_totals":{{}}}}}}"#),
        ] {
            // Written by someone else (another tab, a hand edit).
            store.map.insert(env.key(), raw.clone());
            assert!(save_draft(&mut store, &mut env, 3.0).is_err(), "{raw}");
            assert_eq!(store.get(&env.key()).expect("get"), Some(raw));
        }
    }

    #[test]
    fn unreadable_entries_are_listed_and_never_overwritten() {
        let mut store = MemoryStore::default();
        store.set("nianbao.draft.x", "{not json").expect("set");
        store
            .set("nianbao.draft.y", r#"{"schema":99,"id":"y"}"#)
            .expect("set");
        let list = list_drafts(&store).expect("list");
        assert_eq!(list.len(), 2);
        assert!(list.iter().all(|s| matches!(s, Stored::Unreadable { .. })));
        assert!(list.iter().any(|s| matches!(
            s,
            Stored::Unreadable {
                error: LoadError::NewerSchema(99),
                ..
            }
        )));
        let mut env = sample("x", "甲局");
        assert!(save_draft(&mut store, &mut env, 1.0).is_err());
        assert_eq!(
            store.get("nianbao.draft.x").expect("get").as_deref(),
            Some("{not json")
        );
    }

    #[test]
    fn backups_round_trip_and_merge_without_silent_replacement() {
        let a = sample("a", "甲局");
        let b = sample("b", "乙局");
        let backup = make_backup(vec![a.clone(), b.clone()], 5.0);
        let raw = serde_json::to_string(&backup).expect("serialise");
        let read = read_backup(&raw).expect("read");
        assert_eq!(read, vec![a.clone(), b.clone()]);

        let mut changed_b = b.clone();
        changed_b.report.overview = "改过".to_owned();
        let c = sample("c", "丙局");
        let plan = plan_restore(
            &[a.clone(), changed_b.clone()],
            vec![a.clone(), b.clone(), c.clone()],
        );
        assert_eq!(plan.new, vec![c]);
        assert_eq!(plan.same, vec!["a".to_owned()]);
        assert_eq!(
            plan.differ,
            vec![RestoreChoice {
                here: changed_b,
                incoming: b
            }]
        );
    }

    #[test]
    fn a_backup_of_the_open_unsaved_draft_is_never_written_over_it() {
        let stored = vec![sample("a", "甲局")];
        let mut open = sample("o", "乙局");
        let backup = make_backup(with_open_draft(stored.clone(), open.clone()), 1.0);
        // The user typed on after the backup, without a save yet.
        open.report.overview = "新写的".to_owned();
        let here = with_open_draft(stored, open.clone());
        let plan = plan_restore(&here, backup.drafts);
        assert!(plan.new.is_empty(), "{:?}", plan.new);
        assert_eq!(plan.same, vec!["a".to_owned()]);
        assert_eq!(plan.differ.len(), 1);
        assert_eq!(plan.differ[0].here, open);
        // Taking the backup's version writes it as the open draft's next
        // revision; keeping both adds a named copy.
        let take = resolve_restore(&plan.differ[0], RestoreDecision::TakeBackup, "n".into())
            .expect("take");
        assert_eq!((take.id.as_str(), take.revision), ("o", open.revision));
        let both =
            resolve_restore(&plan.differ[0], RestoreDecision::KeepBoth, "n".into()).expect("both");
        assert_eq!((both.id.as_str(), both.revision), ("n", 0));
        assert!(both.name.ends_with("（备份中的版本）"));
        assert_eq!(
            resolve_restore(&plan.differ[0], RestoreDecision::KeepHere, "n".into()),
            None
        );
    }

    #[test]
    fn writing_another_draft_names_what_went_wrong() {
        let mut store = MemoryStore::default();
        let a = write_other(&mut store, sample("a", "甲局"), 1.0).expect("written");
        assert_eq!(a.revision, 1);
        // Another tab saved it again; writing the old revision is refused.
        let mut newer = a.clone();
        save_draft(&mut store, &mut newer, 2.0).expect("newer");
        let err = write_other(&mut store, a, 3.0).expect_err("older");
        assert_eq!(
            err.to_string(),
            "本机的「甲局 2024年度」刚在另一个窗口中保存了较新的版本，为免覆盖未写入"
        );
        store.quota = Some(1);
        let err = write_other(&mut store, sample("b", "乙局"), 4.0).expect_err("full");
        assert_eq!(err, WriteError::Store(StoreError::Full));
        assert_eq!(err.to_string(), "浏览器存储空间已满");
    }

    #[test]
    fn a_backup_holds_what_is_on_screen() {
        let mut stored_open = sample("o", "乙局");
        stored_open.revision = 2;
        let stored = vec![sample("a", "甲局"), stored_open.clone()];
        let mut open = stored_open.clone();
        open.report.overview = "屏幕上的".to_owned();
        // Saved already: the stored copy is the open draft.
        let b = backup_drafts(stored.clone(), open.clone(), false, false, "n".into());
        assert_eq!(b, stored);
        // Unsaved (storage full): the screen's version replaces it.
        let b = backup_drafts(stored.clone(), open.clone(), true, false, "n".into());
        assert_eq!(b[1], open);
        // Another tab saved: both, this window's as a named copy.
        let b = backup_drafts(stored.clone(), open.clone(), true, true, "n".into());
        assert_eq!(b.len(), 3);
        assert_eq!(b[1], stored_open);
        assert_eq!(b[2].id, "n");
        assert!(b[2].name.ends_with("（本窗口未保存的版本）"));
        // Never saved: added.
        let fresh = sample("f", "丙局");
        let b = backup_drafts(stored, fresh.clone(), true, false, "n".into());
        assert_eq!(b.last(), Some(&fresh));
    }

    #[test]
    fn bad_backups_are_refused_with_a_reason() {
        assert_eq!(read_backup(""), Err(BackupError::Empty));
        assert!(matches!(
            read_backup("{\"kind\":"),
            Err(BackupError::NotJson(_))
        ));
        assert_eq!(read_backup("[1,2]"), Err(BackupError::NotBackup));
        assert_eq!(
            read_backup(r#"{"kind":"nianbao-backup","schema":7,"drafts":[]}"#),
            Err(BackupError::NewerSchema(7))
        );
        let bad = r#"{"kind":"nianbao-backup","schema":1,"drafts":[{"schema":1,"id":5}]}"#;
        assert!(matches!(
            read_backup(bad),
            Err(BackupError::BadDraft { index: 0, .. })
        ));
        assert!(BackupError::NotBackup.to_string().contains("未作任何更改"));
    }

    #[test]
    fn next_year_carries_over_and_keeps_last_year() {
        let mut r = Report::default();
        r.agency = "甲局".to_owned();
        r.year = "2023".to_owned();
        r.preamble.phone = "0517-1".to_owned();
        r.set_cell(CellId::T3(T3Row::CarriedOver, T3Col::Natural), "4");
        r.set_cell(CellId::T3(T3Row::New, T3Col::Natural), "9");
        r.overview = "去年的文字".to_owned();
        let (next, last) = next_year(&r);
        assert_eq!(next.year, "2024");
        assert_eq!(next.agency, "甲局");
        // However the year was typed, next year has one.
        for typed in ["2023年", "2023年度", "２０２３"] {
            r.year = typed.to_owned();
            assert_eq!(next_year(&r).0.year, "2024", "{typed}");
        }
        r.year = "2023".to_owned();
        assert_eq!(next.preamble.phone, "0517-1");
        assert_eq!(next.cell(CellId::T3(T3Row::CarriedIn, T3Col::Natural)), "4");
        assert_eq!(next.cell(CellId::T3(T3Row::New, T3Col::Natural)), "");
        assert_eq!(next.overview, "");
        assert_eq!(last, r);
    }
}

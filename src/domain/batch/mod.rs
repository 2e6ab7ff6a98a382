//! 批量检查与汇总: dozens of agencies' reports checked and added up at once,
//! in plain Rust. The browser runs this in a web worker (`src/bin/worker.rs`)
//! so that the page stays responsive and the form's initial load does not
//! carry it; native tests run it directly.
//!
//! - `Batch` takes files (`Source`: a name, a size, bytes on demand) and
//!   .zip archives of them, nested folders and archives included, and turns
//!   each file into one `Entry`: a report read by the form's importers
//!   (`import::import`) and checked with every rule (`rules::check`), or the
//!   reason it is none. Work is done one file per `step`, so the caller can
//!   slice it and cancel between files.
//! - Years are paired by agency and `Year`: a report whose agency's previous
//!   year is among the files is checked against it (X-CARRY, X-VALID,
//!   TXT-REPEAT) and shows how much of 五 repeats it. The same agency and
//!   year twice is a duplicate, listed with the reason and left out of the
//!   pairing and the 汇总.
//! - `summary` adds up selected reports (不完整 where any part is unknown),
//!   `view` lays the results out for the page, `files` writes the downloads,
//!   `protocol` is what the page and the worker say to each other.
//!
//! Limits keep hostile input harmless: a file over the importer's limit is
//! not read, an archive over `MAX_ARCHIVE_BYTES` is not read, and a tree of
//! archives that would expand beyond `MAX_EXPANDED_BYTES`, hold more than
//! `MAX_TREE_FILES` files or nest deeper than `MAX_DEPTH` (a zip bomb) is
//! stopped with one row that says so.

pub mod files;
pub mod protocol;
pub mod session;
pub mod summary;
pub mod view;

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::rc::Rc;

use super::import::{self, ImportError, Imported};
use super::rules::{self, CheckSettings, Counts, Finding, Mode, RuleId};
use super::similarity::{self, Overlap};
use super::year::Year;
use super::zip;

/// The largest archive read (a .zip of a region's reports with their
/// pictures stays well below it). The single file's page reads no larger
/// file for the worker either (scripts/postbuild.mjs, READ_MAX).
pub const MAX_ARCHIVE_BYTES: u64 = 100 << 20;
/// The most bytes all archives of one chosen file may expand to.
pub const MAX_EXPANDED_BYTES: u64 = 512 << 20;
/// The most files one chosen file (an archive tree) may hold.
pub const MAX_TREE_FILES: usize = 5_000;
/// How deep archives may nest inside a chosen archive.
pub const MAX_DEPTH: u8 = 3;

/// A file as the caller has it: the browser's `File`, or bytes in a test.
pub trait Source {
    fn name(&self) -> String;
    /// The size in bytes, known before reading.
    fn size(&self) -> u64;
    /// The bytes; the error is a Chinese reason.
    fn read(&self) -> Result<Vec<u8>, String>;
}

/// A file in memory.
#[derive(Clone, Debug)]
pub struct Bytes {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Source for Bytes {
    fn name(&self) -> String {
        self.name.clone()
    }
    fn size(&self) -> u64 {
        self.bytes.len() as u64
    }
    fn read(&self) -> Result<Vec<u8>, String> {
        Ok(self.bytes.clone())
    }
}

/// An entry's id: its place in the order the files were met.
pub type EntryId = u32;

/// A report read and checked.
#[derive(Clone, Debug)]
pub struct Checked {
    pub imported: Imported,
    /// Every rule's findings, with last year's report when it is paired,
    /// but those that name a cell the importer could not read.
    pub findings: Vec<Finding>,
    /// The findings that name a cell the importer could not read: checked
    /// against an unknown value, they say nothing about the report as
    /// published, so they count as neither errors nor warnings (a
    /// 政务公开办 would otherwise blame the agency for the reader's gap).
    /// An unread cell's own 「未填写」 is left out: it is in the
    /// 未能读取 list already.
    pub unverified: Vec<Finding>,
    /// Of `findings` only.
    pub counts: Counts,
    /// The agency (whitespace removed) and year, when both are there.
    pub key: Option<(String, Year)>,
    /// The first file of the same agency and year, when this one repeats it.
    pub duplicate_of: Option<EntryId>,
    /// The same agency's report of the year before, among the files.
    pub last_year: Option<EntryId>,
    /// How much of 五 repeats last year's, when paired.
    pub repeat: Option<Overlap>,
}

/// What became of one file.
#[derive(Clone, Debug)]
pub enum Outcome {
    Report(Box<Checked>),
    /// Not a report, or unreadable: the reason, in Chinese.
    Failed(String),
}

/// One row of the results: one file.
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: EntryId,
    /// The file's name; inside an archive, its path after the archive's
    /// name (「2024.zip/城区/财政局.docx」).
    pub name: String,
    pub outcome: Outcome,
}

impl Entry {
    pub fn checked(&self) -> Option<&Checked> {
        match &self.outcome {
            Outcome::Report(c) => Some(c),
            Outcome::Failed(_) => None,
        }
    }
}

/// An archive being expanded: its bytes stay while its entries wait.
struct Archive {
    bytes: Vec<u8>,
    /// The chosen file it came from (directly or nested).
    tree: usize,
}

enum Pending<S> {
    File(S),
    Entry {
        archive: Rc<Archive>,
        entry: zip::Entry,
        /// Path shown for the entry.
        name: String,
        depth: u8,
    },
}

impl<S> Pending<S> {
    fn tree(&self) -> Option<usize> {
        match self {
            Pending::File(_) => None,
            Pending::Entry { archive, .. } => Some(archive.tree),
        }
    }
}

/// What one chosen archive has cost so far (see the limits above).
#[derive(Default)]
struct Tree {
    name: String,
    expanded: u64,
    files: usize,
    stopped: bool,
}

/// The batch: every file met so far, and those still to read.
pub struct Batch<S> {
    settings: CheckSettings,
    entries: Vec<Entry>,
    queue: VecDeque<Pending<S>>,
    trees: Vec<Tree>,
    /// The first entry of each agency, by year (see `same_agency`).
    by_year: HashMap<Year, Vec<(String, EntryId)>>,
    /// Entries chosen for the 汇总.
    selected: BTreeSet<EntryId>,
    /// Files dropped by 取消 before they were read.
    cancelled: usize,
    /// Text in encodings other than UTF-8 and UTF-16 (a page saved from a
    /// site in GBK): the browser's `TextDecoder` in the worker.
    decoder: Option<TextDecoder>,
}

/// Decodes bytes in a named encoding (a WHATWG label), as
/// `import::Decoder`; shared by the batches of one session.
pub type TextDecoder = Rc<dyn Fn(&[u8], &str) -> Option<String>>;

/// How far the work is: `done` of `total` files (archives count as the
/// files they hold once opened).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub cancelled: usize,
}

impl<S: Source> Batch<S> {
    pub fn new(settings: CheckSettings) -> Batch<S> {
        Batch {
            settings,
            entries: Vec::new(),
            queue: VecDeque::new(),
            trees: Vec::new(),
            by_year: HashMap::new(),
            selected: BTreeSet::new(),
            cancelled: 0,
            decoder: None,
        }
    }

    /// The same, reading text in other encodings through `decoder`.
    pub fn with_decoder(settings: CheckSettings, decoder: Option<TextDecoder>) -> Batch<S> {
        Batch {
            decoder,
            ..Batch::new(settings)
        }
    }

    /// Queues chosen or dropped files; nothing is read yet.
    pub fn add(&mut self, files: impl IntoIterator<Item = S>) {
        self.queue.extend(files.into_iter().map(Pending::File));
    }

    pub fn is_idle(&self) -> bool {
        self.queue.is_empty()
    }

    pub fn progress(&self) -> Progress {
        Progress {
            done: self.entries.len(),
            total: self.entries.len() + self.queue.len(),
            cancelled: self.cancelled,
        }
    }

    /// Drops every file not read yet (取消); what was checked stays.
    pub fn cancel(&mut self) {
        self.cancelled += self.queue.len();
        self.queue.clear();
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, id: EntryId) -> Option<&Entry> {
        self.entries.get(id as usize)
    }

    pub fn settings(&self) -> &CheckSettings {
        &self.settings
    }

    /// Reads and checks the next file, or opens the next archive. Returns
    /// false when there was nothing to do.
    pub fn step(&mut self) -> bool {
        let Some(next) = self.queue.pop_front() else {
            return false;
        };
        match next {
            Pending::File(source) => self.read_file(source),
            Pending::Entry {
                archive,
                entry,
                name,
                depth,
            } => self.read_entry(&archive, &entry, name, depth),
        }
        true
    }

    /// Runs every queued step (tests, tools).
    pub fn run(&mut self) {
        while self.step() {}
    }

    fn read_file(&mut self, source: S) {
        let name = source.name();
        let size = source.size();
        // A report is never larger than the importer's limit, so a larger
        // file is read only when it is named as an archive.
        if is_zip_name(&name) && size > MAX_ARCHIVE_BYTES {
            let reason = format!(
                "压缩包太大（{}），超过{}的上限。请分成几个较小的压缩包。",
                mb(size),
                mb(MAX_ARCHIVE_BYTES)
            );
            self.fail(name, reason);
            return;
        }
        if !is_zip_name(&name) && size > import::MAX_BYTES as u64 {
            self.fail(name, too_large(size));
            return;
        }
        let bytes = match source.read() {
            Ok(bytes) => bytes,
            Err(reason) => {
                self.fail(name, reason);
                return;
            }
        };
        match classify(&name, &bytes) {
            Kind::Archive(entries) => {
                let tree = self.trees.len();
                self.trees.push(Tree {
                    name: name.clone(),
                    ..Tree::default()
                });
                self.open_archive(bytes, entries, name, tree, 0);
            }
            Kind::Broken(reason) => self.fail(name, reason),
            Kind::File if bytes.len() > import::MAX_BYTES => {
                self.fail(name, too_large(bytes.len() as u64));
            }
            Kind::File => self.check_bytes(name, &bytes),
        }
    }

    /// Lists an archive and queues its files in front of what waits, so
    /// that its files are read in their order before the next chosen file.
    fn open_archive(
        &mut self,
        bytes: Vec<u8>,
        listed: Vec<zip::Entry>,
        name: String,
        tree: usize,
        depth: u8,
    ) {
        let files: Vec<zip::Entry> = listed
            .into_iter()
            .filter(|e| !e.is_dir() && !is_system_file(&e.name))
            .collect();
        let expanded: u64 = files.iter().map(|e| e.size as u64).sum();
        let t = &mut self.trees[tree];
        t.expanded = t.expanded.saturating_add(expanded);
        t.files += files.len();
        let over = if t.expanded > MAX_EXPANDED_BYTES {
            Some(format!("解压后超过{}的上限", mb(MAX_EXPANDED_BYTES)))
        } else if t.files > MAX_TREE_FILES {
            Some(format!("包含的文件超过{MAX_TREE_FILES}个"))
        } else {
            None
        };
        if let Some(why) = over {
            self.stop_tree(tree, &why);
            return;
        }
        if files.is_empty() {
            self.fail(name, "压缩包是空的，没有可检查的文件。".to_owned());
            return;
        }
        let archive = Rc::new(Archive { bytes, tree });
        for entry in files.into_iter().rev() {
            let path = format!("{name}/{}", entry.name);
            self.queue.push_front(Pending::Entry {
                archive: Rc::clone(&archive),
                entry,
                name: path,
                depth: depth + 1,
            });
        }
    }

    /// Stops a chosen archive that exceeds a limit: one row for it, and
    /// none of its remaining files is read.
    fn stop_tree(&mut self, tree: usize, why: &str) {
        let t = &mut self.trees[tree];
        if t.stopped {
            return;
        }
        t.stopped = true;
        let name = t.name.clone();
        let before = self.queue.len();
        self.queue.retain(|p| p.tree() != Some(tree));
        let skipped = before - self.queue.len();
        let mut reason = format!("压缩包{why}，可能是“压缩炸弹”，已停止处理");
        if skipped > 0 {
            reason.push_str(&format!("（其余{skipped}个文件未检查）"));
        }
        reason.push('。');
        self.fail(name, reason);
    }

    fn read_entry(&mut self, archive: &Archive, entry: &zip::Entry, name: String, depth: u8) {
        if self.trees[archive.tree].stopped {
            return;
        }
        let size = entry.size as u64;
        let is_nested = is_zip_name(&entry.name);
        if !is_nested && size > import::MAX_BYTES as u64 {
            self.fail(name, too_large(size));
            return;
        }
        let bytes = match zip::read(&archive.bytes, entry) {
            Ok(b) => b,
            Err(e) => {
                self.fail(name, format!("无法从压缩包中解压：{e}。"));
                return;
            }
        };
        match classify(&name, &bytes) {
            Kind::Archive(_) if depth >= MAX_DEPTH => {
                self.stop_tree(archive.tree, &format!("中的压缩包嵌套超过{MAX_DEPTH}层"));
            }
            Kind::Archive(entries) => self.open_archive(bytes, entries, name, archive.tree, depth),
            Kind::Broken(reason) => self.fail(name, reason),
            Kind::File => self.check_bytes(name, &bytes),
        }
    }

    fn fail(&mut self, name: String, reason: String) {
        let id = self.next_id();
        self.entries.push(Entry {
            id,
            name,
            outcome: Outcome::Failed(reason),
        });
    }

    fn next_id(&self) -> EntryId {
        EntryId::try_from(self.entries.len()).unwrap_or(EntryId::MAX)
    }

    /// Imports one file and checks it; pairs it with the same agency's
    /// other year when that is among the files.
    fn check_bytes(&mut self, name: String, bytes: &[u8]) {
        let decode = |b: &[u8], label: &str| self.decoder.as_ref().and_then(|d| d(b, label));
        let imported = match import::import_with(bytes, Some(&name), &decode) {
            Ok(i) => i,
            Err(e) => {
                self.fail(name, reason_of(&e));
                return;
            }
        };
        let id = self.next_id();
        let key = key_of(&imported.report);
        let duplicate_of = key.as_ref().and_then(|(a, y)| self.find(a, *y));
        let mut checked = Checked {
            imported,
            findings: Vec::new(),
            unverified: Vec::new(),
            counts: Counts::default(),
            key: key.clone(),
            duplicate_of,
            last_year: None,
            repeat: None,
        };
        if let (Some((agency, year)), None) = (&key, duplicate_of) {
            self.by_year
                .entry(*year)
                .or_default()
                .push((agency.clone(), id));
            checked.last_year = year.previous().and_then(|p| self.find(agency, p));
        }
        self.entries.push(Entry {
            id,
            name,
            outcome: Outcome::Report(Box::new(checked)),
        });
        self.recheck(id);
        // This report may be the year before one already checked.
        if let (Some((agency, year)), None) = (&key, duplicate_of) {
            let next = year.next().and_then(|n| self.find(agency, n));
            if let Some(next) = next {
                if let Some(Outcome::Report(c)) =
                    self.entries.get_mut(next as usize).map(|e| &mut e.outcome)
                {
                    c.last_year = Some(id);
                }
                self.recheck(next);
            }
        }
    }

    /// The first report of `agency` for `year`.
    fn find(&self, agency: &str, year: Year) -> Option<EntryId> {
        self.by_year
            .get(&year)?
            .iter()
            .find(|(a, _)| same_agency(a, agency))
            .map(|(_, id)| *id)
    }

    /// Runs every rule on an entry, with its last year's report if paired.
    fn recheck(&mut self, id: EntryId) {
        let last = self
            .entry(id)
            .and_then(Entry::checked)
            .and_then(|c| c.last_year)
            .and_then(|l| self.entry(l))
            .and_then(Entry::checked)
            .map(|c| c.imported.report.clone());
        let settings = self.settings.clone();
        let Some(Outcome::Report(c)) = self.entries.get_mut(id as usize).map(|e| &mut e.outcome)
        else {
            return;
        };
        let report = &c.imported.report;
        let all = rules::check(report, last.as_ref(), &settings, Mode::Final);
        let (unverified, findings): (Vec<Finding>, Vec<Finding>) =
            all.into_iter().partition(|f| c.imported.names_unread(f));
        c.unverified = unverified
            .into_iter()
            .filter(|f| f.rule != RuleId::CellEmpty)
            .collect();
        c.counts = Counts::of(&findings);
        c.findings = findings;
        c.repeat = last
            .as_ref()
            .filter(|l| !l.problems.trim().is_empty())
            .and_then(|l| similarity::overlap(&report.problems, &l.problems));
    }

    // -----------------------------------------------------------------
    // Selection for the 汇总
    // -----------------------------------------------------------------

    /// True for an entry that can go into the 汇总: a report, not a
    /// duplicate.
    pub fn selectable(&self, id: EntryId) -> bool {
        self.entry(id)
            .and_then(Entry::checked)
            .is_some_and(|c| c.duplicate_of.is_none())
    }

    pub fn select(&mut self, ids: &[EntryId], on: bool) {
        for id in ids {
            if !on {
                self.selected.remove(id);
            } else if self.selectable(*id) {
                self.selected.insert(*id);
            }
        }
    }

    pub fn is_selected(&self, id: EntryId) -> bool {
        self.selected.contains(&id)
    }

    pub fn selected(&self) -> impl Iterator<Item = &Entry> {
        self.selected.iter().filter_map(|id| self.entry(*id))
    }
}

/// The agency without whitespace and the year, for pairing; `None` when
/// either is missing.
pub fn key_of(report: &super::model::Report) -> Option<(String, Year)> {
    let agency: String = report
        .agency
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let year = report.report_year()?;
    (!agency.is_empty()).then_some((agency, year))
}

/// Where a place's name ends, when an agency writes it in front of its own
/// name.
const PLACE_ENDS: [char; 7] = ['省', '市', '区', '县', '州', '盟', '旗'];

/// True when two agency names (whitespace removed) name the same agency:
/// equal, or one is the other with the place it belongs to in front. A
/// report names itself 「淮安市洪泽区人民政府」 one year and 「洪泽区人民政府」
/// the next; 「淮安市人民政府」 and 「南京市人民政府」 stay apart.
pub fn same_agency(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (long, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
    let Some(place) = long.strip_suffix(short) else {
        return false;
    };
    // A name too short to be an agency's own (「政府」) pairs with nothing.
    short.chars().count() >= 4 && place.chars().count() >= 2 && place.ends_with(PLACE_ENDS)
}

/// The reason a file is not a report, for its row.
fn reason_of(e: &ImportError) -> String {
    e.to_string()
}

fn too_large(bytes: u64) -> String {
    ImportError::TooLarge {
        bytes: usize::try_from(bytes).unwrap_or(usize::MAX),
    }
    .to_string()
}

/// 「50.0 MB」.
fn mb(bytes: u64) -> String {
    let tenths = bytes * 10 / (1 << 20);
    if tenths.is_multiple_of(10) {
        format!("{} MB", tenths / 10)
    } else {
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

fn is_zip_name(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".zip")
}

/// What a file's bytes are, for the batch.
enum Kind {
    /// A ZIP archive of files to open, with its entries.
    Archive(Vec<zip::Entry>),
    /// A ZIP named as an archive that cannot be read: the reason.
    Broken(String),
    /// Anything else, Word documents (which are ZIPs too) included: for
    /// the importer, which says what it is when it is no report.
    File,
}

fn classify(name: &str, bytes: &[u8]) -> Kind {
    if !bytes.starts_with(b"PK\x03\x04") && !bytes.starts_with(b"PK\x05\x06") {
        return Kind::File;
    }
    match zip::list(bytes) {
        // Office files (.docx, .xlsx) and OpenDocument files name their
        // parts this way; an archive of reports does not.
        Ok(entries) => {
            let office = entries.iter().any(|e| {
                e.name == "[Content_Types].xml"
                    || e.name == "mimetype"
                    || e.name.starts_with("word/")
            });
            if office {
                Kind::File
            } else {
                Kind::Archive(entries)
            }
        }
        Err(e) if is_zip_name(name) => Kind::Broken(format!("压缩包无法读取：{e}。")),
        // A truncated .docx: the importer says so.
        Err(_) => Kind::File,
    }
}

/// Files an archiver adds that are no one's document: macOS resource forks
/// and Finder data, Windows thumbnails. Not listed.
fn is_system_file(path: &str) -> bool {
    let base = path.rsplit('/').next().unwrap_or(path);
    path.starts_with("__MACOSX/")
        || base == ".DS_Store"
        || base.eq_ignore_ascii_case("Thumbs.db")
        || base.eq_ignore_ascii_case("desktop.ini")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_megabytes() {
        assert_eq!(mb(50 << 20), "50 MB");
        assert_eq!(mb((3 << 20) / 2), "1.5 MB");
    }

    #[test]
    fn an_agency_is_the_same_with_its_place_in_front() {
        assert!(same_agency("洪泽区人民政府", "淮安市洪泽区人民政府"));
        assert!(same_agency(
            "淮安市洪泽区人民政府",
            "江苏省淮安市洪泽区人民政府"
        ));
        assert!(same_agency("财政局", "财政局"));
        assert!(!same_agency("淮安市人民政府", "南京市人民政府"));
        assert!(!same_agency("区人民政府", "淮安市洪泽区人民政府"));
        assert!(!same_agency("洪泽区人民政府", "洪泽区人民政府办公室"));
        // Not a place in front: another agency.
        assert!(!same_agency("人民政府办公室", "区人民政府办公室"));
        assert!(!same_agency("政府", "淮安市政府"));
    }

    #[test]
    fn system_files_are_not_documents() {
        assert!(is_system_file("__MACOSX/a/._b.docx"));
        assert!(is_system_file("a/.DS_Store"));
        assert!(is_system_file("Thumbs.db"));
        assert!(!is_system_file("a/b.docx"));
    }
}

//! Drafts in the page: autosave within a second of typing and at once when
//! the page is hidden, the save status, the drafts panel, backups, and the
//! warnings when storage fails or another tab saved the same draft.
//! The rules themselves (revisions, migrations, merge) are in
//! `domain::drafts`; this module wires them to localStorage and the DOM.

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::domain::autosave::{Autosave, SaveStatus, Timer};
use crate::domain::drafts::{
    backup_drafts, list_drafts, load_envelope, make_backup, next_year, plan_restore, read_backup,
    resolve_restore, save_draft, with_open_draft, write_other, Envelope, KeyValue, RestoreChoice,
    RestoreDecision, SaveOutcome, StoreError, Stored, WriteError, CURRENT_KEY, DRAFT_PREFIX,
    NOTICE_KEY,
};
use crate::domain::model::Report;
use crate::domain::progress::Overall;
use crate::domain::rules::{check, Counts, Mode};

use super::cells::focus_element;
use super::editor::Editor;
use super::persist::{
    clock_time, day_time, download, mark_memory, new_id, now_ms, take_chosen_file, timed, Store,
};

/// The drafts state, cheap to copy into closures.
#[derive(Copy, Clone)]
pub struct Drafts {
    store: StoredValue<Store>,
    /// The open draft's envelope as last saved (its report may be older
    /// than the editor's).
    env: StoredValue<Envelope>,
    /// When to save and what the status says (`domain::autosave`).
    pub save: RwSignal<Autosave>,
    pub list: RwSignal<Vec<Stored>>,
    pub persistent: bool,
    timer: StoredValue<Option<TimeoutHandle>>,
    /// The last deleted draft, for 「撤销」.
    pub deleted: RwSignal<Option<Envelope>>,
    /// A one-line answer to the last panel action.
    pub message: RwSignal<Option<String>>,
    /// What was just opened or imported, and how it stands (shown in the
    /// bar at the bottom, wherever the page is scrolled).
    pub notice: RwSignal<Option<String>>,
    /// Drafts in a restored backup that differ from the ones here.
    pub restore_conflicts: RwSignal<Vec<RestoreChoice>>,
    editor: Editor,
}

impl Drafts {
    /// Opens storage and the draft the user had open last (or the newest,
    /// or a new one), and starts autosaving.
    pub fn start(editor: Editor) -> Drafts {
        let store = Store::open();
        let persistent = store.is_persistent();
        let list = list_drafts(&store).unwrap_or_default();
        let current = store.get(CURRENT_KEY).ok().flatten();
        let readable = |s: &Stored| match s {
            Stored::Draft(e) => Some((**e).clone()),
            Stored::Unreadable { .. } => None,
        };
        let env = list
            .iter()
            .filter_map(readable)
            .find(|e| Some(&e.id) == current.as_ref())
            .or_else(|| list.iter().find_map(readable))
            .unwrap_or_else(|| Envelope::new(new_id(), Report::default()));
        editor.load(env.report.clone(), env.last_year.clone());
        let drafts = Drafts {
            store: StoredValue::new(store),
            save: RwSignal::new(Autosave::shown(&env)),
            env: StoredValue::new(env),
            list: RwSignal::new(list),
            persistent,
            timer: StoredValue::new(None),
            deleted: RwSignal::new(None),
            message: RwSignal::new(None),
            notice: RwSignal::new(None),
            restore_conflicts: RwSignal::new(Vec::new()),
            editor,
        };
        drafts.remember_current();
        drafts.watch();
        drafts
    }

    /// How many drafts there are, the open one included before its first
    /// save; tracked.
    pub fn count(self) -> usize {
        let current = self.current_id();
        self.list.with(|l| {
            let listed = l
                .iter()
                .any(|s| matches!(s, Stored::Draft(e) if e.id == current));
            l.len() + usize::from(!listed)
        })
    }

    /// Says in one line what was just put on screen and how it stands:
    /// 「已打开「…」：2处错误，3处警告，12格未填」.
    fn announce(self, what: &str) {
        let Some(env) = self.env.try_get_value() else {
            return;
        };
        let findings = self
            .editor
            .settings
            .with_value(|s| check(&env.report, env.last_year.as_ref(), s, Mode::Drafting));
        let empty = findings
            .iter()
            .filter(|f| f.rule == crate::domain::rules::RuleId::CellEmpty)
            .count();
        let c = Counts::of(&findings);
        let mut line = format!(
            "{what}「{}」：{}处错误，{}处警告",
            env.display_name(),
            c.errors,
            c.warnings - empty
        );
        if empty > 0 {
            line.push_str(&format!("，{empty}格未填"));
        }
        self.notice.set(Some(line));
    }

    /// The save status, tracked.
    pub fn status(self) -> SaveStatus {
        self.save.with(|a| a.status().clone())
    }

    /// Another tab's newer save of the open draft, tracked.
    pub fn conflict(self) -> Option<Envelope> {
        self.save.with(|a| a.conflict().cloned())
    }

    fn watch(self) {
        // Every edit (not loading a draft) tells autosave; the report itself
        // is not read here, so this costs nothing per keystroke. Compared
        // with the revision seen last rather than skipping the effect's
        // first run, so an edit made before that run is not missed.
        let seen = StoredValue::new(self.editor.revision.get_untracked());
        Effect::new(move |_| {
            let revision = self.editor.revision.get();
            if seen.try_get_value() != Some(revision) {
                let _ = seen.try_set_value(revision);
                self.changed();
            }
        });
        // Leaving or hiding the page saves at once: the tab may never come
        // back (phones kill background tabs without another event).
        let hide = window_event_listener(ev::pagehide, move |_| self.save_now());
        let vis = window_event_listener(ev::visibilitychange, move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Hidden {
                self.save_now();
            }
        });
        // Another tab saved a draft: refresh the list, and stop if it is the
        // one open here.
        let other = window_event_listener(ev::storage, move |e| {
            let Some(key) = e.key() else { return };
            if !key.starts_with(DRAFT_PREFIX) {
                return;
            }
            self.refresh_list();
            let mine = self.env.with_value(|env| env.key() == key);
            let Some(raw) = e.new_value() else { return };
            if !mine {
                return;
            }
            if let Ok(stored) = load_envelope(&raw) {
                if self.env.with_value(|env| stored.supersedes(env)) {
                    self.save.update(|a| a.conflict_found(stored));
                }
            }
        });
        // The cell or field the user is in, to return there next time.
        let focus = window_event_listener(ev::focusin, move |e| {
            let id = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|el| el.id())
                .filter(|id| id.starts_with("cell-") || id.starts_with("field-"));
            if let Some(id) = id {
                self.env.update_value(|env| env.position = Some(id));
            }
        });
        // Closing the tab with changes that could not be saved: the browser
        // asks first (its own wording; ours cannot be shown).
        let unload = window_event_listener(ev::beforeunload, move |e| {
            self.save_now();
            let dirty = self.save.try_with_untracked(Autosave::is_dirty) == Some(true);
            if self.has_unsaved() || (!self.persistent && dirty) {
                e.prevent_default();
                e.set_return_value("unsaved");
            }
        });
        on_cleanup(move || {
            hide.remove();
            vis.remove();
            other.remove();
            focus.remove();
            unload.remove();
        });
    }

    /// The report changed on screen.
    fn changed(self) {
        if let Some(t) = self.save.try_update(Autosave::changed) {
            self.start_timer(t);
        }
    }

    fn start_timer(self, t: Timer) {
        let Timer::Start(ms) = t else { return };
        let handle = set_timeout_with_handle(
            move || {
                let _ = self.timer.try_set_value(None);
                if self.save.try_update(|a| a.due(true)) == Some(true) {
                    self.write_open();
                }
            },
            std::time::Duration::from_millis(u64::from(ms)),
        )
        .ok();
        self.timer.set_value(handle);
    }

    /// Cancels a save on its way (another draft is about to be shown).
    fn cancel_timer(self) {
        if let Some(t) = self.timer.get_value() {
            t.clear();
        }
        self.timer.set_value(None);
    }

    /// True when the open draft has changes that are not in storage and
    /// cannot be saved now (storage full or refused, or another tab saved
    /// it): leaving it would lose them.
    pub fn has_unsaved(self) -> bool {
        self.save.try_with_untracked(Autosave::has_unsaved) == Some(true)
    }

    /// Saves the open draft before it is replaced on screen. With changes
    /// that cannot be saved, asks the user first; `false` means stay.
    fn leave_current(self) -> bool {
        self.save_now();
        if !self.has_unsaved() {
            return true;
        }
        window()
            .confirm_with_message(
                "当前草稿有修改未能保存（见页面顶部的保存状态）。离开后这些修改将丢失；建议先点「备份全部草稿」。仍要离开吗？",
            )
            .unwrap_or(false)
    }

    /// Writes the open draft now if it changed since the last save (page
    /// hidden, another draft about to be shown, a backup).
    pub fn save_now(self) {
        // Runs from page events, possibly after the app was unmounted:
        // every read must tolerate disposed state.
        if self.save.try_update(|a| a.due(false)) == Some(true) {
            self.write_open();
        }
    }

    /// The open draft as it is on screen, in its envelope.
    pub fn on_screen(self) -> Option<Envelope> {
        let mut env = self.env.try_get_value()?;
        env.report = self.editor.try_snapshot()?;
        env.last_year = self.editor.last_year.try_get_untracked()?;
        Some(env)
    }

    /// Performs a save that `Autosave` allowed; `forced` writes even when
    /// the report is as stored (the envelope's name changed).
    fn write_open_as(self, forced: bool) {
        let Some(mut env) = self.on_screen() else {
            return;
        };
        let unchanged = self
            .env
            .with_value(|e| e.report == env.report && e.last_year == env.last_year);
        if unchanged && !forced {
            self.env
                .with_value(|e| self.save.update(|a| a.unchanged(e)));
            return;
        }
        let result = timed("nianbao:save", || {
            self.store
                .try_update_value(|store| save_draft(store, &mut env, now_ms()))
        });
        let Some(result) = result else { return };
        let saved = matches!(result, Ok(SaveOutcome::Saved { .. }));
        let timer = self
            .save
            .try_update(|a| a.saved(result, &env))
            .unwrap_or(Timer::Keep);
        if saved {
            let at = env.saved_at;
            // Only this draft changed: update its entry rather than
            // re-reading and parsing every stored draft on each save.
            self.list.update(|list| {
                list.retain(|s| !matches!(s, Stored::Draft(e) if e.id == env.id));
                let newest = list
                    .iter()
                    .position(|s| !matches!(s, Stored::Draft(e) if e.saved_at > at))
                    .unwrap_or(list.len());
                list.insert(newest, Stored::Draft(Box::new(env.clone())));
            });
            self.env.set_value(env);
            self.remember_current();
            mark_memory();
        }
        self.start_timer(timer);
    }

    fn write_open(self) {
        self.write_open_as(false);
    }

    fn remember_current(self) {
        let id = self.env.with_value(|e| e.id.clone());
        self.store.update_value(|s| {
            let _ = s.set(CURRENT_KEY, &id);
        });
    }

    pub fn refresh_list(self) {
        let list = self
            .store
            .with_value(|s| list_drafts(s).unwrap_or_default());
        self.list.set(list);
    }

    pub fn current_id(self) -> String {
        self.env.with_value(|e| e.id.clone())
    }

    fn find(self, id: &str) -> Option<Envelope> {
        self.list.with_untracked(|l| {
            l.iter().find_map(|s| match s {
                Stored::Draft(e) if e.id == id => Some((**e).clone()),
                _ => None,
            })
        })
    }

    /// The readable stored drafts.
    fn stored(self) -> Vec<Envelope> {
        self.list.with_untracked(|l| {
            l.iter()
                .filter_map(|s| match s {
                    Stored::Draft(e) => Some((**e).clone()),
                    Stored::Unreadable { .. } => None,
                })
                .collect()
        })
    }

    /// Shows a draft in the editor.
    fn show(self, env: Envelope) {
        self.cancel_timer();
        let position = env.position.clone();
        self.editor.load(env.report.clone(), env.last_year.clone());
        self.save.set(Autosave::shown(&env));
        self.env.set_value(env);
        // The list marks the open draft: let it redraw.
        self.list.update(|_| {});
        // Back to where this draft was left; a draft never worked on
        // starts at the top.
        request_animation_frame(move || match position {
            Some(p) => {
                focus_element(&p);
            }
            None => window().scroll_to_with_x_and_y(0.0, 0.0),
        });
        self.remember_current();
    }

    /// Returns the user to where they were when the draft was saved.
    pub fn restore_position(self) {
        if let Some(p) = self.env.with_value(|e| e.position.clone()) {
            request_animation_frame(move || {
                focus_element(&p);
            });
        }
    }

    pub fn open(self, id: &str) {
        if !self.leave_current() {
            return;
        }
        if let Some(env) = self.find(id) {
            self.show(env);
            self.announce("已打开");
        }
    }

    pub fn new_blank(self) {
        if !self.leave_current() {
            return;
        }
        self.show(Envelope::new(new_id(), Report::default()));
        self.refresh_list();
    }

    /// Saves an envelope that is not the open draft (copies, restores).
    fn write(self, env: Envelope) -> Result<Envelope, WriteError> {
        self.store
            .try_update_value(|s| write_other(s, env, now_ms()))
            .unwrap_or(Err(WriteError::Store(StoreError::Unavailable)))
    }

    fn report_result(self, what: &str, r: Result<Envelope, WriteError>) {
        self.refresh_list();
        self.message.set(Some(match r {
            Ok(e) => format!("{what}：「{}」", e.display_name()),
            Err(e) => format!("未能{what}：{e}"),
        }));
    }

    pub fn duplicate(self, id: &str) {
        self.save_now();
        let Some(src) = self.find(id) else { return };
        let mut copy = src.clone();
        copy.id = new_id();
        copy.revision = 0;
        copy.name = format!("{}（副本）", src.display_name());
        let r = self.write(copy);
        self.report_result("已复制", r);
    }

    pub fn rename(self, id: &str, name: String) {
        if id == self.current_id() {
            self.env.update_value(|e| e.name = name);
            // The name is part of the envelope, not the report: written at
            // once, with whatever else is waiting.
            self.changed();
            if self.save.try_update(|a| a.due(false)) == Some(true) {
                self.write_open_as(true);
            }
            self.refresh_list();
            return;
        }
        let Some(mut env) = self.find(id) else { return };
        env.name = name;
        let r = self.write(env);
        self.report_result("已重命名", r);
    }
    pub fn delete(self, id: &str) {
        // What is still waiting to be saved belongs in the copy that
        // 「撤销删除」 brings back.
        self.save_now();
        let Some(env) = self.find(id) else { return };
        let ok = window()
            .confirm_with_message(&format!(
                "确定删除草稿「{}」吗？删除后可以立即撤销。",
                env.display_name()
            ))
            .unwrap_or(false);
        if !ok {
            return;
        }
        let key = env.key();
        self.store.update_value(|s| {
            let _ = s.remove(&key);
        });
        let was_open = env.id == self.current_id();
        self.message
            .set(Some(format!("已删除草稿「{}」", env.display_name())));
        self.deleted.set(Some(env));
        self.refresh_list();
        if was_open {
            let next = self.list.with_untracked(|l| {
                l.iter().find_map(|s| match s {
                    Stored::Draft(e) => Some((**e).clone()),
                    Stored::Unreadable { .. } => None,
                })
            });
            self.show(next.unwrap_or_else(|| Envelope::new(new_id(), Report::default())));
        }
    }

    pub fn undo_delete(self) {
        let Some(mut env) = self.deleted.get_untracked() else {
            return;
        };
        // Written back as new content of the same id.
        env.revision = 0;
        let r = self.write(env);
        if r.is_ok() {
            self.deleted.set(None);
        }
        self.report_result("已恢复", r);
    }

    pub fn delete_unreadable(self, key: &str) {
        let ok = window()
            .confirm_with_message(
                "确定删除这条无法读取的数据吗？删除后无法恢复，建议先「下载原始数据」。",
            )
            .unwrap_or(false);
        if ok {
            let key = key.to_owned();
            self.store.update_value(|s| {
                let _ = s.remove(&key);
            });
            self.refresh_list();
        }
    }

    /// Opens a report (an import) as a new draft, saved at once.
    pub fn open_new(self, report: Report, last_year: Option<Report>) {
        if !self.leave_current() {
            return;
        }
        let mut env = Envelope::new(new_id(), report);
        env.last_year = last_year;
        match self.write(env.clone()) {
            Ok(saved) => {
                self.show(saved);
                self.announce("已打开导入的报告");
            }
            Err(_) => {
                // Not stored, but not lost either: it is on screen, and
                // autosave keeps trying (and says why) until it can.
                self.show(env);
                self.announce("已打开导入的报告");
                self.changed();
                self.save_now();
            }
        }
        self.refresh_list();
    }

    /// 「以此为基础新建下一年度报告」.
    pub fn start_next_year(self) {
        if !self.leave_current() {
            return;
        }
        let report = self.editor.snapshot();
        let (next, last) = next_year(&report);
        let mut env = Envelope::new(new_id(), next);
        env.last_year = Some(last);
        match self.write(env) {
            Ok(env) => {
                self.refresh_list();
                self.message.set(Some(format!(
                    "已新建「{}」，上年结转已从本报告的结转下年度继续办理填入",
                    env.display_name()
                )));
                self.show(env);
                self.announce("已新建");
            }
            Err(e) => self.message.set(Some(format!("未能新建：{e}"))),
        }
    }

    /// Resolves a conflict with another tab by taking its newer version.
    pub fn load_newer(self) {
        if let Some(env) = self.save.with_untracked(|a| a.conflict().cloned()) {
            self.show(env);
            self.refresh_list();
        }
    }

    /// Resolves a conflict by keeping this tab's text as a new draft.
    pub fn keep_mine_as_copy(self) {
        let Some(mut env) = self.on_screen() else {
            return;
        };
        env.id = new_id();
        env.revision = 0;
        env.name = format!("{}（本窗口的版本）", env.display_name());
        match self.write(env) {
            Ok(env) => {
                self.show(env);
                self.refresh_list();
            }
            Err(e) => self.message.set(Some(format!("未能另存为副本：{e}"))),
        }
    }

    /// 「备份全部草稿」: one .json with every readable draft, the open one
    /// as it is on screen (see `domain::drafts::backup_drafts`).
    pub fn backup(self) {
        self.save_now();
        let Some(open) = self.on_screen() else { return };
        let (dirty, in_conflict) = self
            .save
            .with_untracked(|a| (a.is_dirty(), a.conflict().is_some()));
        let drafts = backup_drafts(self.stored(), open, dirty, in_conflict, new_id());
        let backup = make_backup(drafts, now_ms());
        let d = js_sys::Date::new_0();
        let name = format!(
            "年报草稿备份-{}{:02}{:02}.json",
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date()
        );
        match serde_json::to_vec_pretty(&backup) {
            Ok(bytes) => {
                if let Err(e) = download(&bytes, &name, "application/json") {
                    self.message.set(Some(format!("未能下载备份：{e}")));
                }
            }
            Err(e) => self.message.set(Some(format!("未能生成备份：{e}"))),
        }
    }

    /// 「从备份恢复」: adds new drafts, asks about the ones that differ,
    /// replaces nothing silently; a bad file changes nothing.
    pub fn restore(self, raw: &str) {
        let incoming = match read_backup(raw) {
            Ok(d) => d,
            Err(e) => {
                self.message.set(Some(format!("无法恢复：{e}")));
                return;
            }
        };
        self.save_now();
        // The open draft takes part as it is on screen, saved or not.
        let existing = match self.on_screen() {
            Some(open) => with_open_draft(self.stored(), open),
            None => self.stored(),
        };
        let plan = plan_restore(&existing, incoming);
        let mut added = 0;
        let mut failed = None;
        for mut env in plan.new {
            env.revision = 0;
            match self.write(env) {
                Ok(_) => added += 1,
                Err(e) => failed = Some(e),
            }
        }
        self.refresh_list();
        let mut msg = format!(
            "已从备份恢复{added}份新草稿，{}份与本机相同",
            plan.same.len()
        );
        if !plan.differ.is_empty() {
            msg.push_str(&format!(
                "，{}份与本机不同，请在下方逐一选择",
                plan.differ.len()
            ));
        }
        if let Some(e) = failed {
            msg.push_str(&format!("；部分未能保存：{e}"));
        }
        self.message.set(Some(msg));
        self.restore_conflicts.set(plan.differ);
    }

    /// The user's choice for one differing draft of a backup.
    pub fn resolve_restore(self, index: usize, decision: RestoreDecision) {
        let choice = self
            .restore_conflicts
            .with_untracked(|c| c.get(index).cloned());
        let Some(choice) = choice else { return };
        if let Some(env) = resolve_restore(&choice, decision, new_id()) {
            match self.write(env) {
                // The open draft replaced by the backup's: shown at once.
                Ok(e) if e.id == self.current_id() => self.show(e),
                Ok(_) => {}
                Err(e) => self.message.set(Some(format!("未能恢复：{e}"))),
            }
        }
        self.restore_conflicts.update(|c| {
            if index < c.len() {
                c.remove(index);
            }
        });
        self.refresh_list();
    }

    /// Downloads an unreadable entry exactly as stored.
    pub fn download_raw(self, key: &str, raw: &str) {
        let name = format!("{}-原始数据.txt", key.replace('.', "-"));
        if let Err(e) = download(raw.as_bytes(), &name, "text/plain;charset=utf-8") {
            self.message.set(Some(format!("未能下载：{e}")));
        }
    }

    pub fn notice_seen(self) -> bool {
        self.store
            .with_value(|s| s.get(NOTICE_KEY).ok().flatten().is_some())
    }

    pub fn mark_notice_seen(self) {
        self.store.update_value(|s| {
            let _ = s.set(NOTICE_KEY, "1");
        });
    }
}

/// The save status in the header: what is true now.
#[component]
pub fn SaveStatusLine() -> impl IntoView {
    let drafts = expect_context::<Drafts>();
    let text = move || {
        match drafts.status() {
        SaveStatus::Fresh if drafts.persistent => "尚未输入内容".to_owned(),
        SaveStatus::Fresh => "内容不会被保存".to_owned(),
        SaveStatus::Pending => "保存中…".to_owned(),
        SaveStatus::Saved { at } if drafts.persistent => format!("已保存 {}", clock_time(at)),
        SaveStatus::Saved { .. } => "仅在本页面中（未保存到浏览器）".to_owned(),
        SaveStatus::Failed(StoreError::Full) => {
            "未能保存：浏览器存储空间已满。请立即「备份全部草稿」，或删除不用的草稿；有空间后会自动继续保存".to_owned()
        }
        SaveStatus::Failed(e) => format!("未能保存：{e}。请「备份全部草稿」以免丢失"),
        SaveStatus::Conflict => "未保存：此草稿已在另一个窗口中修改".to_owned(),
    }
    };
    let failed = move || {
        matches!(
            drafts.status(),
            SaveStatus::Failed(_) | SaveStatus::Conflict
        )
    };
    view! {
        // Not a live region: 「保存中…」/「已保存」 every second would drown a
        // screen reader. A failure is announced once, as an alert.
        <p class="save-status" class:failed=failed>
            <span>{text}</span>
            <Show when=failed>
                <span role="alert" class="visually-hidden">{text}</span>
                <button type="button" class="link" on:click=move |_| drafts.backup()>
                    "备份全部草稿"
                </button>
            </Show>
        </p>
    }
}

/// Banners: storage unavailable, the one-time notice, a conflict with
/// another tab, differing drafts of a restored backup.
#[component]
pub fn DraftBanners() -> impl IntoView {
    let drafts = expect_context::<Drafts>();
    let show_notice = RwSignal::new(drafts.persistent && !drafts.notice_seen());
    let unreadable = Memo::new(move |_| {
        drafts.list.with(|l| {
            l.iter()
                .filter(|s| matches!(s, Stored::Unreadable { .. }))
                .count()
        })
    });
    view! {
        <Show when=move || !drafts.persistent>
            <div class="banner banner-error" role="alert">
                "此浏览器不允许本页面保存数据（可能是隐私模式或禁用了网站存储）：关闭页面后填写的内容将丢失。请随时用「备份全部草稿」或下载报告文件保存。"
            </div>
        </Show>
        <Show when=move || show_notice.get()>
            <div class="banner" role="note">
                <p>
                    "草稿只保存在本浏览器、本设备中，不会上传到任何服务器。清除浏览器数据、换电脑或换浏览器后将看不到草稿；Safari 浏览器在7天未访问本页面后会自动删除草稿。请定期使用「备份全部草稿」下载备份文件。"
                </p>
                <button
                    type="button"
                    on:click=move |_| {
                        drafts.mark_notice_seen();
                        show_notice.set(false);
                    }
                >
                    "知道了"
                </button>
            </div>
        </Show>
        <Show when=move || { unreadable.get() > 0 }>
            <div class="banner banner-error" role="alert">
                <p>
                    "本浏览器中有" {move || unreadable.get()}
                    "份草稿数据无法读取，已原样保留，不会被覆盖或删除。可在「草稿」列表中下载其原始数据，交给技术人员恢复。"
                </p>
                <button type="button" on:click=move |_| open_drafts_panel()>
                    "查看草稿列表"
                </button>
            </div>
        </Show>
        <Show when=move || drafts.conflict().is_some()>
            <div class="banner banner-error" role="alert">
                <p>
                    "此草稿已在另一个窗口（或标签页）中修改并保存。为免覆盖，本窗口已暂停保存。"
                </p>
                <button type="button" on:click=move |_| drafts.load_newer()>
                    "载入较新的版本"
                </button>
                " "
                <button type="button" on:click=move |_| drafts.keep_mine_as_copy()>
                    "将本窗口的内容另存为副本"
                </button>
            </div>
        </Show>
        {move || {
            let pairs = drafts.restore_conflicts.get();
            (!pairs.is_empty())
                .then(|| {
                    view! {
                        <div class="banner" role="region" aria-label="备份中与本机不同的草稿">
                            <p>"以下草稿在备份和本机中内容不同，请选择："</p>
                            <ul>
                                {pairs
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, RestoreChoice { here, incoming })| {
                                        let here_saved = if here.revision == 0 {
                                            "本机的尚未保存".to_owned()
                                        } else {
                                            format!("本机保存于 {}", day_time(here.saved_at))
                                        };
                                        view! {
                                            <li>
                                                "「" {here.display_name()} "」" {here_saved} "，备份中保存于 "
                                                {day_time(incoming.saved_at)} " "
                                                <button type="button" on:click=move |_| drafts.resolve_restore(i, RestoreDecision::KeepHere)>
                                                    "保留本机的"
                                                </button>
                                                <button type="button" on:click=move |_| drafts.resolve_restore(i, RestoreDecision::TakeBackup)>
                                                    "用备份替换"
                                                </button>
                                                <button type="button" on:click=move |_| drafts.resolve_restore(i, RestoreDecision::KeepBoth)>
                                                    "两者都保留"
                                                </button>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    }
                })
        }}
    }
}

/// A stored draft at a glance, counted as the navigator counts.
fn overall(env: &Envelope, settings: &crate::domain::rules::CheckSettings) -> Overall {
    let findings = check(
        &env.report,
        env.last_year.as_ref(),
        settings,
        Mode::Drafting,
    );
    Overall::of(&env.report, &findings)
}

/// Opens the 草稿 panel in the masthead and moves the focus into it.
fn open_drafts_panel() {
    if let Some(d) = document()
        .get_element_by_id("drafts-panel")
        .and_then(|e| e.dyn_into::<web_sys::HtmlDetailsElement>().ok())
    {
        d.set_open(true);
        if let Some(summary) = d.first_element_child() {
            if let Ok(el) = summary.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    }
}

/// The drafts panel: list, open, rename, duplicate, delete, next year,
/// backup and restore.
#[component]
pub fn DraftsPanel() -> impl IntoView {
    let drafts = expect_context::<Drafts>();
    let editor = expect_context::<Editor>();
    let file_input = NodeRef::<leptos::html::Input>::new();
    let on_file = move |_| {
        let Some(file) = take_chosen_file(&file_input) else {
            return;
        };
        spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(text) => drafts.restore(&text.as_string().unwrap_or_default()),
                Err(_) => drafts
                    .message
                    .set(Some("无法读取所选文件，未作任何更改".to_owned())),
            }
        });
    };
    // The list (with a check of every draft for its counts) is built only
    // while the panel is open, not on every save.
    let panel_open = RwSignal::new(false);
    let details = NodeRef::<leptos::html::Details>::new();
    let close = move || {
        if let Some(d) = details.get_untracked() {
            d.set_open(false);
        }
    };
    // A tap outside the open panel closes it (on a phone it covers the form).
    // Seen on mousedown, before any click handler: a button inside that
    // removes itself (「撤销删除」) is not taken for a tap outside.
    let outside = window_event_listener(ev::mousedown, move |e| {
        let Some(d) = details.get_untracked() else {
            return;
        };
        if !d.open() {
            return;
        }
        let inside = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .is_some_and(|n| d.contains(Some(&n)));
        if !inside {
            d.set_open(false);
        }
    });
    on_cleanup(move || outside.remove());
    let rows = move || {
        if !panel_open.get() {
            return None;
        }
        let current = drafts.current_id();
        let mut entries = drafts.list.get();
        // The open draft is listed at once, before its first save.
        let listed = entries
            .iter()
            .any(|s| matches!(s, Stored::Draft(e) if e.id == current));
        if !listed {
            if let Some(env) = drafts.on_screen() {
                entries.insert(0, Stored::Draft(Box::new(env)));
            }
        }
        entries
            .into_iter()
            .map(|s| match s {
                Stored::Draft(env) => {
                    let id = env.id.clone();
                    let is_current = id == current;
                    // The open draft's counts are the navigator's own.
                    let overall = if is_current {
                        editor
                            .drafting
                            .with(|f| editor.report.with(|r| Overall::of(r, f)))
                    } else {
                        editor.settings.with_value(|st| overall(&env, st))
                    };
                    let name = env.display_name();
                    let (id1, id2, id3, id4) = (id.clone(), id.clone(), id.clone(), id.clone());
                    let rename = move |_| {
                        let current_name = drafts.find(&id2).map(|e| e.display_name()).unwrap_or_default();
                        if let Ok(Some(n)) = window().prompt_with_message_and_default("草稿名称", &current_name) {
                            drafts.rename(&id2, n);
                        }
                    };
                    view! {
                        <li class="draft" class:current=is_current>
                            <div class="draft-name">
                                {name}
                                {is_current.then(|| view! { <span class="badge done">"正在编辑"</span> })}
                            </div>
                            <div class="draft-meta">
                                {if env.revision == 0 {
                                    "尚未保存".to_owned()
                                } else {
                                    format!("保存于 {}", day_time(env.saved_at))
                                }}
                                " · " {overall.label()}
                            </div>
                            <div class="draft-actions">
                                <button type="button" disabled=is_current on:click=move |_| {
                                    drafts.open(&id1);
                                    close();
                                }>"打开"</button>
                                <button type="button" on:click=rename>"重命名"</button>
                                <button type="button" on:click=move |_| drafts.duplicate(&id3)>"复制"</button>
                                <button type="button" on:click=move |_| drafts.delete(&id4)>"删除"</button>
                            </div>
                        </li>
                    }
                    .into_any()
                }
                Stored::Unreadable { key, raw, error } => {
                    let (k1, k2) = (key.clone(), key.clone());
                    view! {
                        <li class="draft unreadable">
                            <div class="draft-name">"无法读取的草稿数据（" {key.clone()} "）"</div>
                            <div class="draft-meta">{error.to_string()}</div>
                            <div class="draft-actions">
                                <button type="button" on:click=move |_| drafts.download_raw(&k1, &raw)>"下载原始数据"</button>
                                <button type="button" on:click=move |_| drafts.delete_unreadable(&k2)>"删除"</button>
                            </div>
                        </li>
                    }
                    .into_any()
                }
            })
            .collect_view()
            .into()
    };
    view! {
        <details
            id="drafts-panel"
            class="drafts-panel"
            node_ref=details
            on:toggle=move |ev| {
                let open = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                    .is_some_and(|d| d.open());
                panel_open.set(open);
            }
        >
            <summary>"草稿（" {move || drafts.count()} "）"</summary>
            <div class="drafts-body">
                <div class="drafts-tools">
                    <button type="button" on:click=move |_| {
                        drafts.new_blank();
                        close();
                    }>"新建空白草稿"</button>
                    <button type="button" on:click=move |_| {
                        drafts.start_next_year();
                        close();
                    }>"以此为基础新建下一年度报告"</button>
                    <button type="button" on:click=move |_| drafts.backup()>"备份全部草稿"</button>
                    <label class="button-like">
                        "从备份恢复"
                        <input type="file" accept=".json,application/json" class="visually-hidden" node_ref=file_input on:change=on_file />
                    </label>
                </div>
                {move || {
                    drafts
                        .message
                        .get()
                        .map(|m| {
                            view! {
                                <p class="drafts-message" role="status">
                                    {m}
                                    {move || {
                                        drafts
                                            .deleted
                                            .with(Option::is_some)
                                            .then(|| {
                                                view! {
                                                    " "
                                                    <button type="button" on:click=move |_| drafts.undo_delete()>"撤销删除"</button>
                                                }
                                            })
                                    }}
                                </p>
                            }
                        })
                }}
                <ul class="drafts-list">{rows}</ul>
            </div>
        </details>
    }
}

//! The browser UI: Leptos components that wire the domain to the page.
//! Nothing here decides what the report means; that is `crate::domain`.

pub mod batch;
pub mod cells;
pub mod drafts;
pub mod editor;
pub mod export;
pub mod fixbar;
pub mod import;
pub mod persist;
pub mod sections;
pub mod tables;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::edit::TextSlot;
use crate::domain::model::{title, Report};
use crate::domain::rules::{Counts, Field};

use drafts::{DraftBanners, Drafts, DraftsPanel, SaveStatusLine};
use editor::Editor;
use export::{ExportBar, Preview, PrintPreview};
use import::{ImportOpen, ImportPanel};
use sections::{CheckSummary, Navigator, Sections, SignatureEditor, TitleArea};

pub use crate::APP_NAME;

#[component]
pub fn App() -> impl IntoView {
    let editor = Editor::new(Report::default());
    provide_context(editor);
    provide_context(Preview(RwSignal::new(false)));
    provide_context(cells::TableNotes::default());
    let import_open = RwSignal::new(false);
    provide_context(ImportOpen(import_open));
    let drafts = persist::timed("nianbao:open-drafts", || Drafts::start(editor));
    // The batch view (批量检查与汇总): its state only; its code runs in a
    // worker started when the view first opens.
    let batch = batch::Batch::start(drafts, editor);
    provide_context(batch);
    provide_context(drafts);
    drafts.restore_position();

    // Ctrl+Z / Ctrl+Y (and Ctrl+Shift+Z) undo and redo edits across the
    // whole form, not only inside the focused field.
    // Fields that are not part of the report (the import box, file
    // inputs) keep the browser's own undo, and so does text still being
    // composed by an input method.
    let keys = window_event_listener(ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() || ev.is_composing() {
            return;
        }
        // The form is hidden behind the batch view: nothing to undo there.
        if batch.open.get_untracked() {
            return;
        }
        let foreign_field = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA")
                    && !(el.id().starts_with("cell-") || el.id().starts_with("field-"))
            });
        if foreign_field {
            return;
        }
        // ASCII only: `str::to_lowercase` would bring Unicode's case tables
        // (some 11 KB) into the wasm for two letters.
        let key = ev.key().to_ascii_lowercase();
        match (key.as_str(), ev.shift_key()) {
            ("z", false) => {
                editor.undo();
            }
            ("y", _) | ("z", true) => {
                editor.redo();
            }
            _ => return,
        }
        // Even with nothing to undo, the browser's own per-field undo would
        // disagree with ours, so it never runs.
        ev.prevent_default();
    });
    on_cleanup(move || keys.remove());

    // The page title: the report's title, prefixed with the error count
    // once the user has run 「检查报告」.
    let agency = editor.text(TextSlot::Field(Field::Agency));
    let year = editor.text(TextSlot::Field(Field::Year));
    Effect::new(move |_| {
        let title = agency.with(|a| {
            if a.trim().is_empty() {
                APP_NAME.to_owned()
            } else {
                format!("{} - {}", year.with(|y| title(a, y)), APP_NAME)
            }
        });
        let errors = editor
            .final_check
            .with(|f| Counts::of(f.as_deref().unwrap_or_default()).errors);
        let full = if errors > 0 {
            format!("{errors}处错误 - {title}")
        } else {
            title
        };
        document().set_title(&full);
    });

    view! {
        <header class="masthead">
            <p class="app-name">{APP_NAME}</p>
            <SaveStatusLine />
            <button
                type="button"
                class="import-button"
                aria-expanded=move || import_open.get().to_string()
                on:click=move |_| import_open.update(|o| *o = !*o)
            >
                "导入"
            </button>
            <DraftsPanel />
            // A link to the view's address (src/ui/batch.rs follows it),
            // after the drafts panel, whose list opens leftwards from its
            // right edge and so must not wrap to the left on a phone.
            // Hidden with the form's tools while the view is open (the class
            // `batch-open` on <body>, style/main.css); the view's own
            // heading, which stays in sight, leads back.
            <a class="batch-button button-like" href=batch::HASH>
                "批量检查"
            </a>
        </header>
        <batch::BatchView />
        <div class="layout">
            <Navigator />
            <main id="report" class="report">
                <DraftBanners />
                <ImportPanel />
                <CheckSummary />
                <TitleArea />
                <Sections />
                <SignatureEditor />
                <ExportBar />
            </main>
        </div>
        <fixbar::FixBar />
        <PrintPreview />
    }
}

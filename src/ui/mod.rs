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
    let batch = batch::Batch::new();
    provide_context(batch);
    let hash = window_event_listener(ev::hashchange, move |_| {
        batch.open.set(batch::is_batch_address());
    });
    let pop = window_event_listener(ev::popstate, move |_| {
        batch.open.set(batch::is_batch_address());
    });
    on_cleanup(move || {
        hash.remove();
        pop.remove();
    });
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
        let key = ev.key().to_lowercase();
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
                class="batch-button"
                on:click=move |_| batch.show(!batch.open.get_untracked())
            >
                {move || if batch.open.get() { "返回填报" } else { "批量检查" }}
            </button>
            <div class="form-tools" hidden=move || batch.open.get()>
                <button
                    type="button"
                    class="import-button"
                    aria-expanded=move || import_open.get().to_string()
                    on:click=move |_| import_open.update(|o| *o = !*o)
                >
                    "导入"
                </button>
                <DraftsPanel />
            </div>
        </header>
        <Show when=move || batch.open.get()>
            <batch::BatchView />
        </Show>
        <div class="form-view" hidden=move || batch.open.get()>
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
        </div>
        <PrintPreview />
    }
}

//! Downloading the finished report: .docx, .html, .txt, .json. The files
//! are built by `domain::export`; this module asks before downloading a
//! report that still has errors, and hands the bytes to the browser.

use leptos::prelude::*;

use crate::domain::export::{export, file_name, Format};
use crate::domain::rules::{check, Mode, Severity};

use super::editor::Editor;
use super::persist::{download, timed};

/// What a button says for each format.
fn label(format: Format) -> &'static str {
    match format {
        Format::Docx => "下载Word文件（.docx）",
        Format::Html => "下载网页文件（.html）",
        Format::Txt => "下载纯文本（.txt）",
        Format::Json => "下载数据文件（.json）",
    }
}

/// Builds the file and offers it; with errors left, asks first (drafts are
/// shared for review too, so it never refuses).
fn download_report(editor: Editor, format: Format, message: RwSignal<Option<String>>) {
    let report = editor.report.get_untracked();
    let errors = editor.last_year.with_untracked(|last| {
        editor.settings.with_value(|s| {
            check(&report, last.as_ref(), s, Mode::Final)
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count()
        })
    });
    if errors > 0 {
        let ok = window()
            .confirm_with_message(&format!(
                "「检查报告」发现{errors}处错误尚未改正。仍要下载吗？（可用于送审或交流，正式发布前请改正）"
            ))
            .unwrap_or(false);
        if !ok {
            return;
        }
    }
    let name = file_name(&report, format.ext());
    let result = timed(&format!("nianbao:export-{}", format.ext()), || {
        export(&report, format)
    });
    match result {
        Ok(bytes) => match download(&bytes, &name, format.mime()) {
            Ok(()) => message.set(Some(format!("已生成「{name}」"))),
            Err(e) => message.set(Some(format!("未能下载：{e}"))),
        },
        Err(e) => message.set(Some(format!("未能生成文件：{e}"))),
    }
}

/// The download buttons under the report.
#[component]
pub fn ExportBar() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let message = RwSignal::new(None::<String>);
    view! {
        <section class="report-part export-bar" aria-labelledby="export-heading">
            <h3 id="export-heading">"下载报告"</h3>
            <div class="export-buttons">
                {Format::ALL
                    .into_iter()
                    .map(|f| {
                        view! {
                            <button
                                type="button"
                                class=if f == Format::Docx { "primary" } else { "secondary" }
                                on:click=move |_| download_report(editor, f, message)
                            >
                                {label(f)}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="export-message" role="status" aria-live="polite">
                {move || message.get()}
            </p>
        </section>
    }
}

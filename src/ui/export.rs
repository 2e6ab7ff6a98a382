//! Downloading the finished report: .docx, .html, .txt, .json. The files
//! are built by `domain::export` (the .docx in the batch worker); this
//! module asks before downloading a report that still has errors, and
//! hands the bytes to the browser.

use leptos::prelude::*;

use leptos::ev;

use crate::domain::export::html::{self, article};
use crate::domain::export::json::to_json;
use crate::domain::export::{file_name, txt, Format};
use crate::domain::model::Report;
use crate::domain::rules::{check, Counts, Mode};

use super::batch::{Batch, FormReply, UNEXPECTED_REPLY};
use super::editor::Editor;
use super::persist::{download, timed, timing_end, timing_start};

/// What a button says for each format.
fn label(format: Format) -> &'static str {
    match format {
        Format::Docx => "下载Word文件（.docx）",
        Format::Html => "下载网页文件（.html）",
        Format::Txt => "下载纯文本（.txt）",
        Format::Json => "下载数据文件（.json）",
    }
}

/// How many errors 「检查报告」 finds in the report as it is now.
fn errors_left(editor: Editor, report: &Report) -> usize {
    editor.last_year.with_untracked(|last| {
        editor
            .settings
            .with_value(|s| Counts::of(&check(report, last.as_ref(), s, Mode::Final)).errors)
    })
}

/// With errors left, asks before going on to `what` (下载, 打印); true to go
/// on. Drafts are shared for review too, so it never refuses.
fn go_on_despite_errors(editor: Editor, report: &Report, what: &str) -> bool {
    let errors = errors_left(editor, report);
    errors == 0
        || window()
            .confirm_with_message(&format!(
                "「检查报告」发现{errors}处错误尚未改正。仍要{what}吗？（可用于送审或交流，正式发布前请改正）"
            ))
            .unwrap_or(false)
}

/// Builds the file and offers it, asking first when errors are left. The
/// .docx is built in the worker (`Batch::docx`): its writer and deflate are
/// not part of the form's load; the worker starts on the first .docx.
fn download_report(editor: Editor, format: Format, message: RwSignal<Option<String>>) {
    let report = editor.snapshot();
    if !go_on_despite_errors(editor, &report, "下载") {
        return;
    }
    let mark = format!("nianbao:export-{}", format.ext());
    let offer = move |bytes: &[u8], name: &str, mime: &str| match download(bytes, name, mime) {
        Ok(()) => message.set(Some(format!("已生成「{name}」"))),
        Err(e) => message.set(Some(format!("未能下载：{e}"))),
    };
    let built = match format {
        Format::Docx => {
            let json = match to_json(&report) {
                Ok(json) => json,
                Err(e) => return message.set(Some(format!("未能生成文件：{e}"))),
            };
            message.set(Some("正在生成Word文件…".to_owned()));
            timing_start(&mark);
            let asked = expect_context::<Batch>().docx(json, move |reply| {
                timing_end(&mark);
                let why = match reply {
                    FormReply::File { name, mime, bytes } => return offer(&bytes, &name, &mime),
                    FormReply::Failed(why) => why,
                    FormReply::Imported(_) => UNEXPECTED_REPLY.to_owned(),
                };
                message.set(Some(format!(
                    "未能生成Word文件：{why}。可先下载数据文件（.json）保存。"
                )));
            });
            return if let Err(why) = asked {
                message.set(Some(format!("未能生成Word文件：{why}")));
            };
        }
        Format::Html => timed(&mark, || Ok(html::to_html(&report).into_bytes())),
        Format::Txt => timed(&mark, || Ok(txt::to_txt(&report))),
        Format::Json => timed(&mark, || to_json(&report).map(String::into_bytes)),
    };
    match built {
        Ok(bytes) => offer(&bytes, &file_name(&report, format.ext()), format.mime()),
        Err(e) => message.set(Some(format!("未能生成文件：{e}"))),
    }
}

/// Whether 「打印预览」 is open.
#[derive(Copy, Clone)]
pub struct Preview(pub RwSignal<bool>);

/// 「打印预览」: the report as it will print (the same article and style as
/// the exported .html), over the form; the browser's print dialog then
/// prints only this, on A4. The bar says how many errors are left, and
/// 「打印」 asks first when there are any, as the downloads do (printing
/// from the browser's menu cannot be held back; the bar has said it).
#[component]
pub fn PrintPreview() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let Preview(open) = expect_context::<Preview>();
    // Printing from the browser's menu shows the report, not the form. The
    // preview shows the settled report (`Editor::report`), brought up to
    // date as it opens.
    let before = window_event_listener(ev::beforeprint, move |_| {
        editor.settle();
        open.set(true);
    });
    on_cleanup(move || before.remove());
    let close_button = NodeRef::<leptos::html::Button>::new();
    // Closing returns the focus to the button that opened the preview.
    let close = move || {
        open.set(false);
        request_animation_frame(|| {
            super::cells::focus_element("print-preview-button");
        });
    };
    Effect::new(move |_| {
        if open.get() {
            request_animation_frame(move || {
                if let Some(b) = close_button.try_get_untracked().flatten() {
                    let _ = b.focus();
                }
            });
        }
    });
    view! {
        <Show when=move || open.get()>
            <div
                class="print-preview"
                role="dialog"
                aria-modal="true"
                aria-label="打印预览"
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        ev.prevent_default();
                        close();
                    }
                }
            >
                <div class="preview-bar">
                    <span>
                        "打印预览：A4纸，打印对话框中可选择“另存为PDF”"
                        {move || match editor.report.with(|r| errors_left(editor, r)) {
                            0 => String::new(),
                            n => format!("。注意：还有{n}处错误尚未改正"),
                        }}
                    </span>
                    <button type="button" class="primary" on:click=move |_| {
                        let go = editor
                            .report
                            .with_untracked(|r| go_on_despite_errors(editor, r, "打印"));
                        if go {
                            let _ = window().print();
                        }
                    }>"打印"</button>
                    <button type="button" node_ref=close_button on:click=move |_| close()>
                        "返回编辑"
                    </button>
                </div>
                // The article is built by the exporter, which escapes every
                // user text (tested natively); it holds no script.
                <div class="preview-page" inner_html=move || editor.report.with(article)></div>
            </div>
        </Show>
    }
}

/// The download buttons under the report.
#[component]
pub fn ExportBar() -> impl IntoView {
    let editor = expect_context::<Editor>();
    let Preview(preview) = expect_context::<Preview>();
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
                <button
                    type="button"
                    id="print-preview-button"
                    class="secondary"
                    on:click=move |_| {
                        editor.settle();
                        preview.set(true);
                    }
                >
                    "打印预览"
                </button>
            </div>
            <p class="export-message" role="status" aria-live="polite">
                {move || message.get()}
            </p>
        </section>
    }
}

//! 批量检查与汇总: the second view of the app (masthead 「批量检查」, or
//! `#batch` in the address). Everything it does runs in the batch worker
//! (`src/bin/worker.rs`, `domain::batch`), started when the view first
//! opens; this module sends it the chosen or dropped files and the user's
//! choices, and puts what it answers on the page: progress, the rows of
//! 「检查结果」 and the 汇总表 as markup the worker escaped, downloads as
//! bytes. Kept small on purpose: it is part of the form's initial load.

use std::cell::RefCell;

use js_sys::{Array, Object, Reflect, Uint8Array};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

use crate::domain::batch::protocol::{Envelope, FileKind, Request, Response, PROTOCOL};
use crate::domain::batch::view::{SortKey, ViewState};

use super::drafts::Drafts;
use super::editor::Editor;
use super::persist::download;

/// The address of the view.
pub const HASH: &str = "#batch";
/// The worker's start script in dist/ (assets/batch-worker.js).
const WORKER_URL: &str = "./batch-worker.js";
/// In the single file nianbao.html, the worker's code inlined by
/// scripts/postbuild.mjs (it cannot load a file from disk).
const INLINE_WORKER: &str = "nianbao-worker-code";

thread_local! {
    static WORKER: RefCell<Option<Worker>> = const { RefCell::new(None) };
}

/// The view's state; it outlives the view, so the results are still there
/// after a visit to the form.
#[derive(Copy, Clone)]
pub struct Batch {
    pub open: RwSignal<bool>,
    /// done, total, cancelled, running.
    progress: RwSignal<Option<(usize, usize, usize, bool)>>,
    rows: RwSignal<String>,
    /// shown, files, reports, selected.
    counts: RwSignal<(usize, usize, usize, usize)>,
    view: RwSignal<ViewState>,
    /// id, title, markup, can open as a draft.
    findings: RwSignal<Option<(u32, String, String, bool)>>,
    summary: RwSignal<Option<String>>,
    message: RwSignal<Option<String>>,
    agency: RwSignal<String>,
    next_id: StoredValue<u32>,
}

impl Batch {
    pub fn new() -> Batch {
        Batch {
            open: RwSignal::new(is_batch_address()),
            progress: RwSignal::new(None),
            rows: RwSignal::new(String::new()),
            counts: RwSignal::new((0, 0, 0, 0)),
            view: RwSignal::new(ViewState::default()),
            findings: RwSignal::new(None),
            summary: RwSignal::new(None),
            message: RwSignal::new(None),
            agency: RwSignal::new(String::new()),
            next_id: StoredValue::new(1),
        }
    }

    /// Opens or leaves the view, keeping the address in step (so that
    /// reload and the browser's back button agree with the page).
    pub fn show(self, open: bool) {
        self.open.set(open);
        let w = window();
        let Ok(history) = w.history() else { return };
        let loc = w.location();
        let here = format!(
            "{}{}",
            loc.pathname().unwrap_or_default(),
            loc.search().unwrap_or_default()
        );
        if open == is_batch_address() {
            return;
        }
        let url = if open { format!("{here}{HASH}") } else { here };
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
    }

    /// Sends a request, with files for `Add`; starts the worker first.
    fn send(self, msg: Request, files: Option<Array>) {
        let Some(worker) = self.worker() else { return };
        let id = self.next_id.get_value();
        self.next_id.set_value(id.wrapping_add(1));
        let Ok(json) = serde_json::to_string(&Envelope { id, msg }) else {
            return;
        };
        let obj = Object::new();
        let _ = Reflect::set(&obj, &"json".into(), &json.into());
        if let Some(files) = files {
            let _ = Reflect::set(&obj, &"files".into(), &files);
        }
        if worker.post_message(&obj).is_err() {
            self.message
                .set(Some("无法把文件交给批量检查，请刷新页面重试。".into()));
        }
    }

    fn worker(self) -> Option<Worker> {
        if let Some(w) = WORKER.with(|w| w.borrow().clone()) {
            return Some(w);
        }
        let worker = match new_worker() {
            Ok(w) => w,
            Err(_) => {
                self.message.set(Some(
                    "无法启动批量检查：此浏览器不允许后台运行程序（Web Worker）。".into(),
                ));
                return None;
            }
        };
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            self.receive(&e.data());
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            self.message
                .set(Some("批量检查出错停止了，请刷新页面后重试。".into()));
            if let Some(p) = self.progress.get_untracked() {
                self.progress.set(Some((p.0, p.1, p.2, false)));
            }
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        WORKER.with(|w| *w.borrow_mut() = Some(worker.clone()));
        let current_year = expect_context::<Editor>()
            .settings
            .with_value(|s| s.current_year);
        // Sent before anything else; the worker takes messages in order.
        let start = Envelope {
            id: 0,
            msg: Request::Start { current_year },
        };
        if let Ok(json) = serde_json::to_string(&start) {
            let obj = Object::new();
            let _ = Reflect::set(&obj, &"json".into(), &json.into());
            let _ = worker.post_message(&obj);
        }
        Some(worker)
    }

    fn receive(self, data: &JsValue) {
        let json = Reflect::get(data, &"json".into())
            .ok()
            .and_then(|j| j.as_string())
            .unwrap_or_default();
        let Ok(Envelope { msg, .. }) = serde_json::from_str::<Envelope<Response>>(&json) else {
            self.message.set(Some(
                "批量检查的程序版本与本页面不一致，请刷新页面。".into(),
            ));
            return;
        };
        match msg {
            Response::Ready { protocol } if protocol != PROTOCOL => {
                self.message.set(Some(
                    "批量检查的程序版本与本页面不一致，请刷新页面。".into(),
                ));
            }
            Response::Ready { .. } => {}
            Response::Progress {
                done,
                total,
                cancelled,
                running,
            } => self.progress.set(Some((done, total, cancelled, running))),
            Response::Rows {
                html,
                shown,
                files,
                reports,
                selected,
            } => {
                self.rows.set(html);
                self.counts.set((shown, files, reports, selected));
            }
            Response::Selected { selected } => self.counts.update(|c| c.3 = selected),
            Response::Findings {
                id,
                title,
                html,
                can_open,
            } => self.findings.set(Some((id, title, html, can_open))),
            Response::Report { report, last_year } => {
                expect_context::<Drafts>().open_new(*report, last_year.map(|l| *l));
                self.show(false);
            }
            Response::Summary { html } => self.summary.set(Some(html)),
            Response::File { name, mime } => {
                let bytes = Reflect::get(data, &"bytes".into())
                    .ok()
                    .and_then(|b| b.dyn_into::<Uint8Array>().ok())
                    .map(|b| b.to_vec())
                    .unwrap_or_default();
                let text = match download(&bytes, &name, &mime) {
                    Ok(()) => format!("已生成「{name}」"),
                    Err(e) => format!("未能下载：{e}"),
                };
                self.message.set(Some(text));
            }
            Response::Failed { message } => self.message.set(Some(message)),
        }
    }

    fn add(self, files: Option<web_sys::FileList>) {
        let Some(files) = files.filter(|f| f.length() > 0) else {
            return;
        };
        let list = Array::new();
        for i in 0..files.length() {
            if let Some(f) = files.get(i) {
                list.push(&f);
            }
        }
        self.message.set(None);
        self.send(Request::Add, Some(list));
    }

    fn set_view(self, view: ViewState) {
        self.view.set(view);
        self.send(Request::View(view), None);
    }
}

impl Default for Batch {
    fn default() -> Self {
        Batch::new()
    }
}

/// True when the address asks for the view.
pub fn is_batch_address() -> bool {
    window().location().hash().is_ok_and(|h| h == HASH)
}

/// The worker: from its file, or in the single file from the inlined code
/// (a Blob, which `worker-src blob:` allows there only).
fn new_worker() -> Result<Worker, JsValue> {
    let Some(code) = document().get_element_by_id(INLINE_WORKER) else {
        return Worker::new(WORKER_URL);
    };
    let text = Reflect::get(&code, &"textContent".into())?;
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&Array::of1(&text), &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    Worker::new(&url)
}

/// The id a delegated event came from: `data-id` / `data-open` of the
/// target.
fn target_attr(e: &web_sys::Event, attr: &str) -> Option<u32> {
    e.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .get_attribute(attr)?
        .parse()
        .ok()
}

/// The sortable column headers of 「检查结果」.
fn head(batch: Batch) -> impl IntoView {
    SortKey::ALL
        .into_iter()
        .map(|key| {
            let sort = move || {
                batch.view.with(|v| match (v.sort, v.descending) {
                    (Some(k), false) if k == key => "ascending",
                    (Some(k), true) if k == key => "descending",
                    _ => "none",
                })
            };
            let click = move |_| {
                let mut v = batch.view.get_untracked();
                // Text first A→Z, numbers first the largest.
                let first_down = !matches!(key, SortKey::File | SortKey::Agency);
                v.descending = if v.sort == Some(key) {
                    !v.descending
                } else {
                    first_down
                };
                v.sort = Some(key);
                batch.set_view(v);
            };
            view! {
                <th scope="col" aria-sort=sort>
                    <button type="button" class="sort" on:click=click>
                        {key.label()}
                    </button>
                </th>
            }
        })
        .collect_view()
}

#[component]
pub fn BatchView() -> impl IntoView {
    let batch = expect_context::<Batch>();
    let input = NodeRef::<leptos::html::Input>::new();
    let body = NodeRef::<leptos::html::Tbody>::new();
    let findings_heading = NodeRef::<leptos::html::H2>::new();

    // Files dropped anywhere on the page while the view is open; the
    // browser would otherwise open the file in place of the app.
    let over = window_event_listener(ev::dragover, |e| e.prevent_default());
    let drop = window_event_listener(ev::drop, move |e| {
        e.prevent_default();
        batch.add(e.data_transfer().and_then(|d| d.files()));
    });
    on_cleanup(move || {
        over.remove();
        drop.remove();
    });

    // The rows, put in place as the worker wrote them; focus stays on the
    // row's checkbox or button it was on.
    Effect::new(move |_| {
        let html = batch.rows.get();
        let Some(tbody) = body.get() else { return };
        let focused = document()
            .active_element()
            .filter(|a| tbody.contains(Some(a)))
            .and_then(|a| {
                ["data-id", "data-open"]
                    .into_iter()
                    .find_map(|n| a.get_attribute(n).map(|v| format!("[{n}=\"{v}\"]")))
            });
        tbody.set_inner_html(&html);
        if let Some(sel) = focused {
            if let Ok(Some(el)) = tbody.query_selector(&sel) {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        }
    });
    Effect::new(move |_| {
        if batch.findings.with(Option::is_some) {
            if let Some(h) = findings_heading.get() {
                let _ = h.focus();
            }
        }
    });

    let on_change = move |e: ev::Event| {
        let Some(id) = target_attr(&e, "data-id") else {
            return;
        };
        let on = event_target_checked(&e);
        batch.send(Request::Select { ids: vec![id], on }, None);
    };
    let on_click = move |e: ev::MouseEvent| {
        if let Some(id) = target_attr(&e, "data-open") {
            batch.send(Request::Findings { id }, None);
        }
    };
    let file = move |kind: FileKind| {
        batch.send(
            Request::File {
                kind,
                agency: batch.agency.get_untracked(),
            },
            None,
        );
    };
    let running = move || batch.progress.with(|p| p.is_some_and(|p| p.3));

    view! {
        <section id="batch" class="batch" aria-labelledby="batch-heading">
            <div class="batch-head">
                <h1 id="batch-heading">"批量检查与汇总"</h1>
                <button type="button" on:click=move |_| batch.show(false)>"返回填报"</button>
            </div>
            <p class="hint">
                "选择或拖入多份年度报告（.docx、.html、.txt、.json，或装有它们的 .zip 压缩包），逐份用与填报相同的规则检查，勾选后可以汇总。文件只在本机浏览器中处理，不会上传，也不会保存。"
            </p>
            <div class="batch-tools">
                <label class="button-like primary-like">
                    "选择文件…"
                    <input
                        type="file"
                        id="batch-files"
                        class="visually-hidden"
                        multiple
                        accept=".docx,.html,.htm,.txt,.json,.zip"
                        node_ref=input
                        on:change=move |_| {
                            if let Some(i) = input.get_untracked() {
                                batch.add(i.files());
                                i.set_value("");
                            }
                        }
                    />
                </label>
                <span class="hint">"或把文件拖到本页"</span>
                <button
                    type="button"
                    hidden=move || batch.counts.with(|c| c.1 == 0) || running()
                    on:click=move |_| {
                        batch.findings.set(None);
                        batch.summary.set(None);
                        batch.send(Request::Clear, None);
                    }
                >
                    "清空"
                </button>
            </div>
            {move || {
                batch
                    .progress
                    .get()
                    .map(|(done, total, cancelled, running)| {
                        view! {
                            <div class="batch-progress" role="status">
                                <progress max=total.max(1) value=done></progress>
                                <span>{format!("已检查 {done}/{total}")}</span>
                                {(cancelled > 0)
                                    .then(|| format!("（已取消，{cancelled}个文件未检查）"))}
                                {running
                                    .then(|| {
                                        view! {
                                            <button type="button" on:click=move |_| batch.send(Request::Cancel, None)>
                                                "取消"
                                            </button>
                                        }
                                    })}
                            </div>
                        }
                    })
            }}
            <p class="batch-message" role="status">{move || batch.message.get()}</p>
            <div class="batch-filter">
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || batch.view.with(|v| v.errors_only)
                        on:change=move |e| {
                            let mut v = batch.view.get_untracked();
                            v.errors_only = event_target_checked(&e);
                            batch.set_view(v);
                        }
                    />
                    "只看有错误的"
                </label>
                <button type="button" on:click=move |_| batch.send(Request::SelectShown { on: true }, None)>
                    "全选"
                </button>
                <button type="button" on:click=move |_| batch.send(Request::SelectShown { on: false }, None)>
                    "全不选"
                </button>
                <span>
                    {move || {
                        batch
                            .counts
                            .with(|(shown, files, reports, selected)| {
                                format!("显示{shown}个，共{files}个文件、{reports}份报告，已选择{selected}份")
                            })
                    }}
                </span>
            </div>
            <div class="batch-scroll">
                <table class="batch-table">
                    <caption>"检查结果"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"选择"</th>
                            {head(batch)}
                        </tr>
                    </thead>
                    <tbody node_ref=body on:change=on_change on:click=on_click></tbody>
                </table>
            </div>
            {move || {
                batch
                    .findings
                    .get()
                    .map(|(id, title, html, can_open)| {
                        view! {
                            <section class="report-part batch-findings" aria-labelledby="batch-findings-heading">
                                <h2 id="batch-findings-heading" tabindex="-1" node_ref=findings_heading>
                                    {title}
                                </h2>
                                <div inner_html=html></div>
                                <div class="import-actions">
                                    {can_open
                                        .then(|| {
                                            view! {
                                                <button type="button" class="primary" on:click=move |_| batch.send(Request::Report { id }, None)>
                                                    "作为草稿打开"
                                                </button>
                                            }
                                        })}
                                    <button type="button" on:click=move |_| batch.findings.set(None)>"关闭"</button>
                                </div>
                            </section>
                        }
                    })
            }}
            <div class="batch-actions">
                <label class="field">
                    <span class="field-label">"汇总单位名称"</span>
                    <input
                        type="text"
                        id="batch-agency"
                        prop:value=move || batch.agency.get()
                        on:input=move |e| batch.agency.set(event_target_value(&e))
                    />
                </label>
                <button
                    type="button"
                    class="primary"
                    on:click=move |_| {
                        batch.send(Request::Summary { agency: batch.agency.get_untracked() }, None)
                    }
                >
                    "汇总所选报告"
                </button>
                <button type="button" on:click=move |_| file(FileKind::Results)>"下载检查结果（.xlsx）"</button>
                <button type="button" on:click=move |_| file(FileKind::SummaryXlsx)>"下载汇总表（.xlsx）"</button>
                <button type="button" on:click=move |_| file(FileKind::SummaryJson)>"下载汇总数据（.json）"</button>
            </div>
            {move || {
                batch
                    .summary
                    .get()
                    .map(|html| {
                        view! {
                            <section class="report-part batch-summary" aria-labelledby="batch-summary-heading">
                                <h2 id="batch-summary-heading">"汇总表"</h2>
                                <div class="batch-scroll" inner_html=html></div>
                            </section>
                        }
                    })
            }}
        </section>
    }
}

//! The batch worker: a web worker that runs `domain::batch::Session` off
//! the page's main thread, so that checking hundreds of reports never
//! blocks typing or scrolling, and loads only when the 批量检查与汇总 view
//! opens (index.html builds it with Trunk's worker pipeline; the page
//! starts it from `assets/batch-worker.js`, or in the single file from a
//! Blob, ARCHITECTURE.md).
//!
//! This file only moves messages: JSON envelopes in and out
//! (`domain::batch::protocol`), the page's `File`s into the session (read
//! with `FileReaderSync` when their turn comes, never all at once), and the
//! bytes of a download out as a transferred buffer. Work is done in slices
//! of `SLICE_MS`: between slices the worker takes the page's messages
//! (取消 among them) and reports progress.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("nianbao-worker is the batch view's web worker: it runs in the browser (make dist).");
}

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::RefCell;
    use std::rc::Rc;

    use js_sys::{Array, Object, Reflect, Uint8Array};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageChannel, MessageEvent};

    use nianbao::domain::batch::protocol::{Envelope, Request, Response, PROTOCOL};
    use nianbao::domain::batch::session::Session;
    use nianbao::domain::batch::Source;
    use nianbao::domain::rules::CheckSettings;

    /// How long one slice of work runs before the worker looks at its
    /// messages again.
    const SLICE_MS: f64 = 12.0;
    /// How often the rows are sent while files are being checked: the page
    /// puts the new ones in place each time, so not after every slice, but
    /// often enough that each time is a short task for the page (some 20
    /// new rows; bench/batch.mjs measures the longest).
    const ROWS_EVERY_MS: f64 = 50.0;

    /// A file the page sent: a `File`, read when its turn comes, or, from
    /// the single file nianbao.html, its name, size and bytes as the page
    /// read them (WebKit cannot read there a `File` sent to a worker;
    /// scripts/postbuild.mjs), without bytes when it was too large to read.
    enum PageFile {
        File(File),
        Read {
            name: String,
            size: u64,
            bytes: Option<Uint8Array>,
        },
    }

    impl PageFile {
        fn of(value: JsValue) -> Option<PageFile> {
            if let Some(f) = value.dyn_ref::<File>() {
                return Some(PageFile::File(f.clone()));
            }
            let get = |k: &str| Reflect::get(&value, &k.into()).ok();
            Some(PageFile::Read {
                name: get("name")?.as_string()?,
                size: get("size")?.as_f64()? as u64,
                bytes: get("buffer")
                    .filter(|b| b.is_instance_of::<js_sys::ArrayBuffer>())
                    .map(|b| Uint8Array::new(&b)),
            })
        }
    }

    impl Source for PageFile {
        fn name(&self) -> String {
            match self {
                PageFile::File(f) => f.name(),
                PageFile::Read { name, .. } => name.clone(),
            }
        }
        fn size(&self) -> u64 {
            match self {
                PageFile::File(f) => f.size() as u64,
                PageFile::Read { size, .. } => *size,
            }
        }
        fn read(&self) -> Result<Vec<u8>, String> {
            let unreadable = || "无法读取文件（可能是文件夹，或已被移动、删除）。".to_owned();
            match self {
                PageFile::File(f) => {
                    let reader = FileReaderSync::new().map_err(|_| unreadable())?;
                    let buffer = reader.read_as_array_buffer(f).map_err(|_| unreadable())?;
                    Ok(Uint8Array::new(&buffer).to_vec())
                }
                PageFile::Read { bytes, .. } => bytes
                    .as_ref()
                    .map(Uint8Array::to_vec)
                    .ok_or_else(unreadable),
            }
        }
    }

    struct State {
        session: Session<PageFile>,
        /// A slice is scheduled (a message on `channel`).
        scheduled: bool,
        rows_sent_at: f64,
        channel: MessageChannel,
    }

    thread_local! {
        static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
    }

    /// Text in a named encoding (a saved page in GBK), as the form's
    /// import decodes it: the browser's `TextDecoder`.
    fn decode(bytes: &[u8], label: &str) -> Option<String> {
        let decoder = web_sys::TextDecoder::new_with_label(label).ok()?;
        decoder.decode_with_u8_array(bytes).ok()
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn now() -> f64 {
        js_sys::Date::now()
    }

    /// Posts one message; a download's bytes go as a transferred buffer.
    fn post(id: u32, msg: Response, bytes: Option<Vec<u8>>) {
        let json = match serde_json::to_string(&Envelope { id, msg }) {
            Ok(j) => j,
            Err(_) => return,
        };
        let obj = Object::new();
        let _ = Reflect::set(&obj, &"json".into(), &json.into());
        let result = match bytes {
            Some(b) => {
                let array = Uint8Array::from(b.as_slice());
                let _ = Reflect::set(&obj, &"bytes".into(), &array);
                scope().post_message_with_transfer(&obj, &Array::of1(&array.buffer()))
            }
            None => scope().post_message(&obj),
        };
        // The page is gone or refused the message: nothing to tell.
        let _ = result;
    }

    fn with_state<T>(f: impl FnOnce(&mut State) -> T) -> Option<T> {
        STATE.with(|s| s.borrow_mut().as_mut().map(f))
    }

    /// Schedules the next slice through a message to ourselves: unlike a
    /// timer, it is not clamped to 4 ms, and the page's messages that
    /// arrived meanwhile are taken first.
    fn schedule(state: &mut State) {
        if !state.scheduled {
            state.scheduled = true;
            let _ = state.channel.port2().post_message(&JsValue::NULL);
        }
    }

    fn slice() {
        let replies = with_state(|state| {
            state.scheduled = false;
            let end = now() + SLICE_MS;
            let running = state.session.pump(|| now() < end);
            let mut out = vec![state.session.progress()];
            let t = now();
            if !running || t - state.rows_sent_at >= ROWS_EVERY_MS {
                state.rows_sent_at = t;
                out.push(state.session.rows());
            }
            if running {
                schedule(state);
            }
            out
        });
        for r in replies.unwrap_or_default() {
            post(0, r, None);
        }
    }

    fn files_of(data: &JsValue) -> Vec<PageFile> {
        let files = Reflect::get(data, &"files".into()).unwrap_or(JsValue::UNDEFINED);
        if !Array::is_array(&files) {
            return Vec::new();
        }
        Array::from(&files)
            .iter()
            .filter_map(PageFile::of)
            .collect()
    }

    fn on_message(event: MessageEvent) {
        let data = event.data();
        let json = Reflect::get(&data, &"json".into())
            .ok()
            .and_then(|j| j.as_string())
            .unwrap_or_default();
        let Ok(Envelope { id, msg }) = serde_json::from_str::<Envelope<Request>>(&json) else {
            post(
                0,
                Response::Failed {
                    message: "批量检查收到无法识别的消息，请刷新页面。".to_owned(),
                },
                None,
            );
            return;
        };
        let files = files_of(&data);
        let replies = with_state(|state| {
            let replies = state.session.handle(msg, files);
            if state.session.is_running() {
                schedule(state);
            }
            replies
        });
        for (r, bytes) in replies.unwrap_or_default() {
            post(id, r, bytes);
        }
    }

    pub fn start() {
        let channel = match MessageChannel::new() {
            Ok(c) => c,
            Err(_) => {
                post(
                    0,
                    Response::Failed {
                        message: "此浏览器无法运行批量检查（缺少 MessageChannel）。".to_owned(),
                    },
                    None,
                );
                return;
            }
        };
        let pump = Closure::<dyn FnMut(MessageEvent)>::new(|_: MessageEvent| slice());
        channel
            .port1()
            .set_onmessage(Some(pump.as_ref().unchecked_ref()));
        pump.forget();
        STATE.with(|s| {
            *s.borrow_mut() = Some(State {
                session: Session::with_decoder(CheckSettings::default(), Some(Rc::new(decode))),
                scheduled: false,
                rows_sent_at: 0.0,
                channel,
            });
        });
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(on_message);
        scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
        handler.forget();
        post(0, Response::Ready { protocol: PROTOCOL }, None);
    }
}

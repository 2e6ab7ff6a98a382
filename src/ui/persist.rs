//! localStorage behind the domain's `KeyValue` interface, and the browser
//! helpers around it (clock, downloads).

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::{GetUntracked, NodeRef};
use wasm_bindgen::{JsCast, JsValue};

use crate::domain::drafts::{KeyValue, LastWrite, MemoryStore, StoreError};

/// Where drafts go: the browser's localStorage, or memory when the browser
/// refuses storage (then nothing outlives the page, and the UI says so).
pub enum Store {
    /// With what this page last wrote there (`KeyValue::wrote`).
    Local(LastWrite),
    Memory(MemoryStore),
}

impl Store {
    /// localStorage when it can be read and written, memory otherwise.
    pub fn open() -> Store {
        if local_storage_works() {
            Store::Local(LastWrite::default())
        } else {
            Store::Memory(MemoryStore::default())
        }
    }

    pub fn is_persistent(&self) -> bool {
        matches!(self, Store::Local(_))
    }
}

/// Probes localStorage: some browsers expose it but throw on every call
/// (disabled storage, old Safari private mode).
fn local_storage_works() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Ok(Some(storage)) = window.local_storage() else {
        return false;
    };
    const PROBE: &str = "nianbao.probe";
    let ok = storage.set_item(PROBE, "1").is_ok();
    let _ = storage.remove_item(PROBE);
    ok
}

/// Maps a failed localStorage write to what it means for the user.
fn store_error(err: JsValue) -> StoreError {
    let name = err
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.name()))
        .or_else(|| err.dyn_ref::<web_sys::DomException>().map(|e| e.name()))
        .unwrap_or_default();
    let text = format!("{err:?}");
    if name.contains("Quota") || text.contains("Quota") || text.contains("quota") {
        StoreError::Full
    } else {
        StoreError::Other(name)
    }
}

impl KeyValue for Store {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        match self {
            Store::Local(_) => LocalStorage::raw()
                .get_item(key)
                .map_err(|_| StoreError::Unavailable),
            Store::Memory(m) => m.get(key),
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        match self {
            // Raw strings, not gloo's JSON encoding: the envelope is JSON
            // already and must stay readable by `load_envelope` as is.
            Store::Local(last) => {
                LocalStorage::raw()
                    .set_item(key, value)
                    .map_err(store_error)?;
                last.record(key, value);
                Ok(())
            }
            Store::Memory(m) => m.set(key, value),
        }
    }

    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        match self {
            Store::Local(last) => {
                LocalStorage::delete(key);
                last.forget(key);
                Ok(())
            }
            Store::Memory(m) => m.remove(key),
        }
    }

    fn keys(&self) -> Result<Vec<String>, StoreError> {
        match self {
            Store::Local(_) => {
                let raw = LocalStorage::raw();
                let n = raw.length().map_err(|_| StoreError::Unavailable)?;
                Ok((0..n).filter_map(|i| raw.key(i).ok().flatten()).collect())
            }
            Store::Memory(m) => m.keys(),
        }
    }

    fn wrote(&self, key: &str, value: &str) -> bool {
        match self {
            Store::Local(last) => last.holds(key, value),
            Store::Memory(m) => m.wrote(key, value),
        }
    }
}

/// Milliseconds since the epoch by the browser's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// 「21:03:15」.
pub fn clock_time(ms: f64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms));
    format!(
        "{:02}:{:02}:{:02}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// 「11月26日 21:03」.
pub fn day_time(ms: f64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms));
    format!(
        "{}年{}月{}日 {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// Offers bytes as a file download: a Blob behind an `<a download>`. The
/// object URL is revoked a minute later, not at once, because some browsers
/// (old Edge, Safari) read it after the click returns.
pub fn download(bytes: &[u8], file_name: &str, mime: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("没有浏览器窗口")?;
    let document = window.document().ok_or("没有页面文档")?;
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| "无法生成文件")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "无法生成下载链接")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "无法生成下载链接")?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.set_hidden(true);
    if let Some(body) = document.body() {
        let _ = body.append_child(&a);
    }
    a.click();
    a.remove();
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    Ok(())
}

/// A short random id for a new draft (no clock collisions across tabs).
pub fn new_id() -> String {
    let a = (js_sys::Math::random() * 2f64.powi(32)) as u64;
    let b = (now_ms() as u64) & 0xffff_ffff;
    format!("{b:08x}{a:08x}")
}

/// Runs `f` and records its duration as a User Timing measure named `name`,
/// which the benchmark (bench/browser.mjs) reads back. Costs two calls.
pub fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
    timing_start(name);
    let out = f();
    timing_end(name);
    out
}

/// `timed` for work that ends later (a reply from the worker): the start…
pub fn timing_start(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(&format!("{name}:start"));
    }
}

/// …and the end, recorded as the measure `name`.
pub fn timing_end(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let start = format!("{name}:start");
        let _ = p.measure_with_start_mark(name, &start);
        p.clear_marks_with_mark_name(&start);
    }
}

/// Records the size of the wasm's linear memory as a User Timing mark
/// (`nianbao:wasm-memory`, its detail in bytes), which the benchmark reads
/// beside the JS heap. Costs one call.
pub fn mark_memory() {
    let Some(perf) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let Ok(memory) = wasm_bindgen::memory().dyn_into::<js_sys::WebAssembly::Memory>() else {
        return;
    };
    let bytes = memory
        .buffer()
        .dyn_into::<js_sys::ArrayBuffer>()
        .map_or(0.0, |b| f64::from(b.byte_length()));
    // `performance.mark(name, { detail })`, called by name: web-sys has
    // the options dictionary only among its unstable APIs.
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"detail".into(), &JsValue::from_f64(bytes));
    let mark = js_sys::Reflect::get(&perf, &"mark".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(mark) = mark {
        let _ = mark.call2(&perf, &"nianbao:wasm-memory".into(), &options);
    }
}

/// The file the user just chose in a file input, which is then cleared so
/// that choosing the same file again fires `change` again.
pub fn take_chosen_file(input: &NodeRef<leptos::html::Input>) -> Option<web_sys::File> {
    let input = input.get_untracked()?;
    let file = input.files().and_then(|f| f.get(0))?;
    input.set_value("");
    Some(file)
}

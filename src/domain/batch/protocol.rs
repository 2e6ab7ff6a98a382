//! What the page and the batch worker say to each other, defined once for
//! both sides.
//!
//! A message is a plain object `{ json, files?, bytes? }`: `json` is an
//! `Envelope` as JSON text (request id, then the message, tagged the serde
//! way: `{"progress":{…}}`), `files` the `File`s of an `Add` (structured clone:
//! the worker reads them, the page never does), and `bytes` the contents of
//! a `File` response, a `Uint8Array` whose buffer is transferred, not
//! copied. The protocol is meant to carry more than the batch: a new kind
//! of work is a new variant here.
//!
//! Replies carry the id of the request they answer; the worker's own news
//! (progress, rows during a run) carries id 0.
//!
//! The worker reads requests and writes responses with serde. The page
//! does neither with serde's derived code, which would cost the form's
//! initial load (measured: about 15 KB of wasm before wasm-opt for the
//! responses alone) for code only the batch view runs: it writes requests
//! with `Request::envelope_json`, and reads responses from the JSON the
//! browser parsed through `Response::read`, by field name (`Fields`). The
//! tests hold both to exactly what serde reads and writes. One exception:
//! the form's `Import` answers with `Imported` as JSON text, which the page
//! reads with serde (the import panel needs the whole structure, and its
//! types are small beside the readers the worker keeps off the page).
//!
//! The form uses the worker for what only it needs and the page would
//! otherwise load at start: `Import` (the readers) and `Docx` (the .docx
//! writer). Their replies go to whoever asked (`src/ui/batch.rs`), not to
//! the batch view.

use serde::{Deserialize, Serialize};

use super::view::ViewState;
use super::EntryId;

/// Bumped whenever a message changes shape: the page refuses a worker of
/// another version (a cached worker file next to a new page) instead of
/// misreading it.
pub const PROTOCOL: u32 = 3;

/// One message with the id of its request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub id: u32,
    pub msg: T,
}

/// A download of the batch view.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// 「下载检查结果（.xlsx）」.
    Results,
    /// 「下载汇总表（.xlsx）」.
    SummaryXlsx,
    /// 「下载汇总数据（.json）」.
    SummaryJson,
}

/// The page to the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    /// First message: the year the META rule takes as current (the page's
    /// clock; the worker keeps the domain's checks deterministic).
    Start { current_year: u32 },
    /// Check the files sent with the message, after those already queued.
    Add,
    /// Stop reading files; what was checked stays.
    Cancel,
    /// Forget every file.
    Clear,
    /// The order and filter of the rows.
    View(ViewState),
    /// Select or unselect entries for the 汇总.
    Select { ids: Vec<EntryId>, on: bool },
    /// Select or unselect every selectable row shown.
    SelectShown { on: bool },
    /// One entry's findings.
    Findings { id: EntryId },
    /// One report (and its last year's), to open as a draft.
    Report { id: EntryId },
    /// Add up the selected reports.
    Summary { agency: String },
    /// Build a download.
    File { kind: FileKind, agency: String },
    /// The form's 「导入」: read one report, from pasted `text` or from the
    /// file sent with the message (named `name`), with the same readers as
    /// the batch. They live in the worker so the form's page does not load
    /// them until first used.
    Import { name: String, text: Option<String> },
    /// The form's 「下载Word文件（.docx）」: `report` is the app's JSON file
    /// (`export::json`); the answer is a `File`. The .docx writer and its
    /// deflate live in the worker, like the readers, off the form's load.
    Docx { report: String },
}

/// The worker to the page.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// Started, speaking `protocol`.
    Ready { protocol: u32 },
    /// 「已检查 N/M」.
    Progress {
        done: usize,
        total: usize,
        cancelled: usize,
        running: bool,
    },
    /// The rows as the page's `ViewState` asks, as `<tr>` markup.
    Rows {
        html: String,
        /// `html` holds only the rows that are new (put after the rest) or
        /// changed (put in place of the row with their `data-id`); the
        /// others stay as shown. Otherwise it holds every row shown.
        patch: bool,
        /// Rows shown, files in all, reports among them, selected.
        shown: usize,
        files: usize,
        reports: usize,
        selected: usize,
    },
    /// How many reports are selected, after a `Select`.
    Selected { selected: usize },
    /// One entry's findings as markup, under the heading `title`.
    Findings {
        id: EntryId,
        title: String,
        html: String,
        /// A report (not an unreadable file) that can open as a draft.
        can_open: bool,
    },
    /// One report and its last year's, to open as a draft, each as the
    /// app's JSON file (`export::json`): the page reads them with the
    /// reader it has for .json files, no second deserializer.
    Report {
        report: String,
        last_year: Option<String>,
    },
    /// The 汇总表 and what goes with it, as markup.
    Summary { html: String },
    /// A download; its bytes travel beside the JSON.
    File { name: String, mime: String },
    /// The request could not be done: why, in Chinese.
    Failed { message: String },
    /// An `Import`'s outcome: `Result<Imported, ImportError>` as JSON
    /// (serde's own shape; the page reads it with serde: the import
    /// panel needs the whole structure).
    Imported { result: String },
}

impl FileKind {
    /// The kind's name as serde writes it.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Results => "results",
            FileKind::SummaryXlsx => "summary_xlsx",
            FileKind::SummaryJson => "summary_json",
        }
    }
}

impl Request {
    /// The request in its envelope as JSON, as serde would write it (see
    /// the module's comment: the page writes it without serde's derived
    /// serializer). Only text goes through serde_json, for its escaping.
    pub fn envelope_json(&self, id: u32) -> String {
        let text = |t: &str| serde_json::to_string(t).unwrap_or_else(|_| "\"\"".to_owned());
        let body = match self {
            Request::Start { current_year } => {
                format!("{{\"start\":{{\"current_year\":{current_year}}}}}")
            }
            Request::Add => "\"add\"".to_owned(),
            Request::Cancel => "\"cancel\"".to_owned(),
            Request::Clear => "\"clear\"".to_owned(),
            Request::View(v) => format!(
                "{{\"view\":{{\"sort\":{},\"descending\":{},\"errors_only\":{}}}}}",
                v.sort
                    .map_or_else(|| "null".to_owned(), |k| format!("\"{}\"", k.name())),
                v.descending,
                v.errors_only
            ),
            Request::Select { ids, on } => {
                let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
                format!("{{\"select\":{{\"ids\":[{}],\"on\":{on}}}}}", ids.join(","))
            }
            Request::SelectShown { on } => format!("{{\"select_shown\":{{\"on\":{on}}}}}"),
            Request::Findings { id } => format!("{{\"findings\":{{\"id\":{id}}}}}"),
            Request::Report { id } => format!("{{\"report\":{{\"id\":{id}}}}}"),
            Request::Summary { agency } => {
                format!("{{\"summary\":{{\"agency\":{}}}}}", text(agency))
            }
            Request::File { kind, agency } => format!(
                "{{\"file\":{{\"kind\":\"{}\",\"agency\":{}}}}}",
                kind.name(),
                text(agency)
            ),
            Request::Import { name, text: pasted } => format!(
                "{{\"import\":{{\"name\":{},\"text\":{}}}}}",
                text(name),
                pasted.as_deref().map_or_else(|| "null".to_owned(), text)
            ),
            Request::Docx { report } => format!("{{\"docx\":{{\"report\":{}}}}}", text(report)),
        };
        format!("{{\"id\":{id},\"msg\":{body}}}")
    }
}

/// The fields of one message as the receiving side has them: an object
/// the browser parsed on the page, a `serde_json::Value` in tests.
pub trait Fields {
    fn number(&self, name: &str) -> Option<f64>;
    fn text(&self, name: &str) -> Option<String>;
    fn flag(&self, name: &str) -> Option<bool>;
}

impl Response {
    /// The response serde wrote as `{kind: fields}`; `None` for a kind or
    /// a field this version does not know (a worker of another version).
    pub fn read(kind: &str, f: &impl Fields) -> Option<Response> {
        // Counts and ids are whole numbers well below 2^53: exact in f64.
        let n = |name: &str| f.number(name).map(|v| v as usize);
        let id = |name: &str| f.number(name).map(|v| v as u32);
        Some(match kind {
            "ready" => Response::Ready {
                protocol: id("protocol")?,
            },
            "progress" => Response::Progress {
                done: n("done")?,
                total: n("total")?,
                cancelled: n("cancelled")?,
                running: f.flag("running")?,
            },
            "rows" => Response::Rows {
                html: f.text("html")?,
                patch: f.flag("patch")?,
                shown: n("shown")?,
                files: n("files")?,
                reports: n("reports")?,
                selected: n("selected")?,
            },
            "selected" => Response::Selected {
                selected: n("selected")?,
            },
            "findings" => Response::Findings {
                id: id("id")?,
                title: f.text("title")?,
                html: f.text("html")?,
                can_open: f.flag("can_open")?,
            },
            "report" => Response::Report {
                report: f.text("report")?,
                last_year: f.text("last_year"),
            },
            "summary" => Response::Summary {
                html: f.text("html")?,
            },
            "file" => Response::File {
                name: f.text("name")?,
                mime: f.text("mime")?,
            },
            "failed" => Response::Failed {
                message: f.text("message")?,
            },
            "imported" => Response::Imported {
                result: f.text("result")?,
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_as_tagged_json() {
        let req = Envelope {
            id: 7,
            msg: Request::Select {
                ids: vec![1, 2],
                on: true,
            },
        };
        let json = serde_json::to_string(&req).unwrap();
        assert_eq!(json, r#"{"id":7,"msg":{"select":{"ids":[1,2],"on":true}}}"#);
        assert_eq!(
            serde_json::from_str::<Envelope<Request>>(&json).unwrap(),
            req
        );
        let add = serde_json::to_string(&Envelope {
            id: 1,
            msg: Request::Add,
        })
        .unwrap();
        assert_eq!(add, r#"{"id":1,"msg":"add"}"#);
    }

    #[test]
    fn the_page_writes_every_request_as_serde_does() {
        use crate::domain::batch::view::SortKey;
        let all = [
            Request::Start { current_year: 2025 },
            Request::Add,
            Request::Cancel,
            Request::Clear,
            Request::View(ViewState::default()),
            Request::View(ViewState {
                sort: Some(SortKey::Repeat),
                descending: true,
                errors_only: true,
            }),
            Request::Select {
                ids: vec![],
                on: false,
            },
            Request::Select {
                ids: vec![3, 40],
                on: true,
            },
            Request::SelectShown { on: true },
            Request::Findings { id: 12 },
            Request::Report { id: 0 },
            Request::Summary {
                agency: "某市\"人民\\政府\n</script>".into(),
            },
            Request::File {
                kind: FileKind::SummaryXlsx,
                agency: String::new(),
            },
            Request::File {
                kind: FileKind::Results,
                agency: "x".into(),
            },
            Request::File {
                kind: FileKind::SummaryJson,
                agency: "\u{1F600}".into(),
            },
            Request::Import {
                name: "淮安市.docx".into(),
                text: None,
            },
            Request::Import {
                name: String::new(),
                text: Some("一、总体情况\n\"引号\"\t</script>".into()),
            },
            Request::Docx {
                report: "{\"agency\": \"某市\\n</script>\"}".into(),
            },
        ];
        for msg in all {
            let json = msg.envelope_json(7);
            let serde = serde_json::to_string(&Envelope {
                id: 7,
                msg: msg.clone(),
            })
            .unwrap();
            assert_eq!(json, serde);
            assert_eq!(
                serde_json::from_str::<Envelope<Request>>(&json).unwrap(),
                Envelope { id: 7, msg }
            );
        }
        for k in SortKey::ALL {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.name())
            );
            assert_eq!(SortKey::from_name(k.name()), Some(k));
        }
    }

    impl Fields for serde_json::Value {
        fn number(&self, name: &str) -> Option<f64> {
            self.get(name)?.as_f64()
        }
        fn text(&self, name: &str) -> Option<String> {
            self.get(name)?.as_str().map(str::to_owned)
        }
        fn flag(&self, name: &str) -> Option<bool> {
            self.get(name)?.as_bool()
        }
    }

    /// Reads a response as the page does: the JSON parsed, its one key the
    /// kind, the fields by name.
    fn as_page_reads(r: &Response) -> Option<Response> {
        let value = serde_json::to_value(r).unwrap();
        let (kind, fields) = value.as_object()?.iter().next()?;
        Response::read(kind, fields)
    }

    #[test]
    fn the_page_reads_every_response_as_serde_wrote_it() {
        let all = [
            Response::Ready { protocol: PROTOCOL },
            Response::Progress {
                done: 3,
                total: 30,
                cancelled: 2,
                running: true,
            },
            Response::Rows {
                html: "<tr><td>&lt;b&gt;</td></tr>".into(),
                patch: true,
                shown: 1,
                files: 2,
                reports: 3,
                selected: 4,
            },
            Response::Selected { selected: 7 },
            Response::Findings {
                id: 9,
                title: "a.docx 的检查结果".into(),
                html: "<p>x</p>".into(),
                can_open: true,
            },
            Response::Report {
                report: "{}".into(),
                last_year: Some("{\"a\":1}".into()),
            },
            Response::Report {
                report: "{}".into(),
                last_year: None,
            },
            Response::Summary {
                html: "<table></table>".into(),
            },
            Response::File {
                name: "汇总表.xlsx".into(),
                mime: "application/x".into(),
            },
            Response::Failed {
                message: "无法读取".into(),
            },
            Response::Imported {
                result: "{\"Err\":\"Empty\"}".into(),
            },
        ];
        for r in all {
            assert_eq!(as_page_reads(&r), Some(r.clone()), "{r:?}");
        }
        // A field missing or of another type: not read at all.
        let wrong = serde_json::json!({ "done": "3", "total": 4, "cancelled": 0, "running": true });
        assert_eq!(Response::read("progress", &wrong), None);
        assert_eq!(Response::read("unknown", &serde_json::json!({})), None);
    }
}

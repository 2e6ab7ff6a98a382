//! What the page and the batch worker say to each other, defined once for
//! both sides.
//!
//! A message is a plain object `{ json, files?, bytes? }`: `json` is an
//! `Envelope` as JSON text (request id, then the message, tagged by `kind`
//! with its `payload`), `files` the `File`s of an `Add` (structured clone:
//! the worker reads them, the page never does), and `bytes` the contents of
//! a `File` response, a `Uint8Array` whose buffer is transferred, not
//! copied. The protocol is meant to carry more than the batch: a new kind
//! of work is a new variant here.
//!
//! Replies carry the id of the request they answer; the worker's own news
//! (progress, rows during a run) carries id 0.

use serde::{Deserialize, Serialize};

use super::view::ViewState;
use super::EntryId;
use crate::domain::model::Report;

/// Bumped whenever a message changes shape: the page refuses a worker of
/// another version (a cached worker file next to a new page) instead of
/// misreading it.
pub const PROTOCOL: u32 = 1;

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
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
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
}

/// The worker to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
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
    /// One report and its last year's, to open as a draft (boxed: a
    /// report is far larger than every other message).
    Report {
        report: Box<Report>,
        last_year: Option<Box<Report>>,
    },
    /// The 汇总表 and what goes with it, as markup.
    Summary { html: String },
    /// A download; its bytes travel beside the JSON.
    File { name: String, mime: String },
    /// The request could not be done: why, in Chinese.
    Failed { message: String },
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
        assert_eq!(
            json,
            r#"{"id":7,"msg":{"kind":"select","payload":{"ids":[1,2],"on":true}}}"#
        );
        assert_eq!(
            serde_json::from_str::<Envelope<Request>>(&json).unwrap(),
            req
        );
        let add = serde_json::to_string(&Envelope {
            id: 1,
            msg: Request::Add,
        })
        .unwrap();
        assert_eq!(add, r#"{"id":1,"msg":{"kind":"add"}}"#);
        let res = Envelope {
            id: 0,
            msg: Response::Progress {
                done: 3,
                total: 30,
                cancelled: 0,
                running: true,
            },
        };
        let json = serde_json::to_string(&res).unwrap();
        assert_eq!(
            serde_json::from_str::<Envelope<Response>>(&json).unwrap(),
            res
        );
    }
}

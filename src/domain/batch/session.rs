//! The worker's side of the protocol as plain Rust: a `Session` answers
//! each `Request` with `Response`s, and `pump` does the queued work in
//! slices. The worker (`src/bin/worker.rs`) only moves messages and files
//! between the page and this; native tests drive it the same way.

use super::files::{self, Download};
use super::protocol::{FileKind, Request, Response};
use super::summary::Summary;
use super::view::{self, ViewState};
use super::{Batch, Entry, EntryId, Source, TextDecoder};
use crate::domain::export::{json, ExportError};
use crate::domain::import::{self, ImportError, Imported};
use crate::domain::rules::CheckSettings;

/// A reply: a message, and for a download its bytes.
pub type Reply = (Response, Option<Vec<u8>>);

/// The batch of one page, and how that page shows it.
pub struct Session<S> {
    batch: Batch<S>,
    view: ViewState,
    /// The rows the page shows, in order, as last sent: a new `Rows`
    /// sends only what differs, so that while hundreds of files are
    /// checked the page lays out the new rows, not all of them again.
    shown: Vec<(EntryId, String)>,
    decoder: Option<TextDecoder>,
}

impl<S: Source> Session<S> {
    pub fn new(settings: CheckSettings) -> Session<S> {
        Session::with_decoder(settings, None)
    }

    /// A session whose files may be in encodings other than UTF-8 and
    /// UTF-16 (GBK pages), read through `decoder`.
    pub fn with_decoder(settings: CheckSettings, decoder: Option<TextDecoder>) -> Session<S> {
        Session {
            batch: Batch::with_decoder(settings, decoder.clone()),
            view: ViewState::default(),
            shown: Vec::new(),
            decoder,
        }
    }

    pub fn batch(&self) -> &Batch<S> {
        &self.batch
    }

    /// True while files wait to be read: the caller keeps calling `pump`.
    pub fn is_running(&self) -> bool {
        !self.batch.is_idle()
    }

    /// Answers one request; `files` are those sent with an `Add`.
    pub fn handle(&mut self, request: Request, files: Vec<S>) -> Vec<Reply> {
        let one = |r: Response| vec![(r, None)];
        match request {
            Request::Start { current_year } => {
                let settings = CheckSettings {
                    current_year,
                    ..CheckSettings::default()
                };
                self.batch = Batch::with_decoder(settings, self.decoder.clone());
                self.shown.clear();
                one(self.progress())
            }
            Request::Add => {
                self.batch.add(files);
                one(self.progress())
            }
            Request::Cancel => {
                self.batch.cancel();
                vec![(self.progress(), None), (self.rows(), None)]
            }
            Request::Clear => {
                self.batch =
                    Batch::with_decoder(self.batch.settings().clone(), self.decoder.clone());
                vec![(self.progress(), None), (self.rows(), None)]
            }
            Request::View(view) => {
                self.view = view;
                one(self.rows())
            }
            Request::Select { ids, on } => {
                self.batch.select(&ids, on);
                one(Response::Selected {
                    selected: self.batch.selected().count(),
                })
            }
            Request::SelectShown { on } => {
                let ids: Vec<_> = view::rows(&self.batch, &self.view)
                    .iter()
                    .map(|e| e.id)
                    .collect();
                self.batch.select(&ids, on);
                one(self.rows())
            }
            Request::Findings { id } => one(self.findings(id)),
            Request::Report { id } => one(self.report(id)),
            Request::Summary { agency } => one(match self.summary(&agency) {
                Ok(s) => Response::Summary {
                    html: view::summary_html(&s, self.batch.settings()),
                },
                Err(message) => Response::Failed { message },
            }),
            Request::Import { name, text } => {
                let result = self.import(&name, text, files);
                let result = serde_json::to_string(&result).unwrap_or_else(|_| {
                    // Serialising plain data cannot fail; never leave the
                    // page waiting all the same.
                    "{\"Err\":\"Empty\"}".to_owned()
                });
                one(Response::Imported { result })
            }
            Request::Docx { report } => file_reply(files::report_docx(&report)),
            Request::File { kind, agency } => file_reply(self.file(kind, &agency)),
        }
    }

    /// Reads files while `more()` says there is time; returns whether work
    /// is left.
    pub fn pump(&mut self, mut more: impl FnMut() -> bool) -> bool {
        while more() && self.batch.step() {}
        self.is_running()
    }

    pub fn progress(&self) -> Response {
        let p = self.batch.progress();
        Response::Progress {
            done: p.done,
            total: p.total,
            cancelled: p.cancelled,
            running: self.is_running(),
        }
    }

    /// The form's import of one report: pasted text, or the first file.
    fn import(
        &self,
        name: &str,
        text: Option<String>,
        files: Vec<S>,
    ) -> Result<Imported, ImportError> {
        if let Some(text) = text {
            return import::import_text(&text);
        }
        let Some(file) = files.into_iter().next() else {
            return Err(ImportError::Empty);
        };
        // A file the browser could not hand over reads as nothing, as it
        // did when the page read it itself.
        let bytes = file.read().map_err(|_| ImportError::Empty)?;
        let decode = |b: &[u8], label: &str| self.decoder.as_ref().and_then(|d| d(b, label));
        let name = if name.is_empty() {
            file.name()
        } else {
            name.to_owned()
        };
        import::import_with(&bytes, Some(&name), &decode)
    }

    /// The rows as the page's view asks: only the new and changed ones
    /// when the rows shown before are still shown, in the same order, at
    /// the top (files added, a pairing or duplicate found); all of them
    /// otherwise (sorted, filtered, cleared).
    pub fn rows(&mut self) -> Response {
        let rows = view::rows(&self.batch, &self.view);
        let now: Vec<(EntryId, String)> = rows
            .iter()
            .map(|e| {
                let mut html = String::with_capacity(400);
                view::row_html(&mut html, &self.batch, e);
                (e.id, html)
            })
            .collect();
        let patch =
            self.shown.len() <= now.len() && self.shown.iter().zip(&now).all(|(a, b)| a.0 == b.0);
        let mut html = String::new();
        for (i, (_, row)) in now.iter().enumerate() {
            if !patch || self.shown.get(i).is_none_or(|(_, was)| was != row) {
                html.push_str(row);
            }
        }
        self.shown = now;
        Response::Rows {
            html,
            patch,
            shown: rows.len(),
            files: self.batch.entries().len(),
            reports: self
                .batch
                .entries()
                .iter()
                .filter(|e| e.checked().is_some())
                .count(),
            selected: self.batch.selected().count(),
        }
    }

    /// The entry, or why not (in Chinese: the page shows it).
    fn entry(&self, id: u32) -> Result<&Entry, String> {
        self.batch
            .entry(id)
            .ok_or_else(|| "找不到这个文件，请重新选择文件。".to_owned())
    }

    fn findings(&self, id: u32) -> Response {
        match self.entry(id) {
            Ok(e) => Response::Findings {
                id,
                title: format!("{} 的检查结果", e.name),
                html: view::findings_html(&self.batch, e),
                can_open: e.checked().is_some(),
            },
            Err(message) => Response::Failed { message },
        }
    }

    fn report(&self, id: u32) -> Response {
        let entry = match self.entry(id) {
            Ok(e) => e,
            Err(message) => return Response::Failed { message },
        };
        let Some(c) = entry.checked() else {
            return Response::Failed {
                message: "这个文件不是可以读取的年度报告，无法作为草稿打开。".to_owned(),
            };
        };
        let last_year = c
            .last_year
            .and_then(|l| self.batch.entry(l))
            .and_then(Entry::checked)
            .map(|l| json::to_json(&l.imported.report));
        match (json::to_json(&c.imported.report), last_year.transpose()) {
            (Ok(report), Ok(last_year)) => Response::Report { report, last_year },
            (Err(e), _) | (_, Err(e)) => Response::Failed {
                message: e.to_string(),
            },
        }
    }

    fn summary(&self, agency: &str) -> Result<Summary, String> {
        let selected: Vec<(&str, &Imported)> = self
            .batch
            .selected()
            .filter_map(|e| e.checked().map(|c| (e.name.as_str(), &c.imported)))
            .collect();
        if selected.is_empty() {
            return Err("请先在检查结果中勾选要汇总的报告。".to_owned());
        }
        Ok(Summary::of(agency, selected))
    }

    fn file(&self, kind: FileKind, agency: &str) -> Result<Download, String> {
        let failed = |e: ExportError| match e {
            ExportError::Zip(z) => format!("无法生成 Excel 文件：{z}"),
            other => other.to_string(),
        };
        match kind {
            FileKind::Results => {
                let rows = view::rows(&self.batch, &self.view);
                if rows.is_empty() {
                    return Err("还没有检查结果可以下载。".to_owned());
                }
                files::results_xlsx(&self.batch, &rows).map_err(failed)
            }
            FileKind::SummaryXlsx => {
                let s = self.summary(agency)?;
                files::summary_xlsx(&s, self.batch.settings()).map_err(failed)
            }
            FileKind::SummaryJson => {
                let s = self.summary(agency)?;
                files::summary_json(&s).map_err(failed)
            }
        }
    }
}

/// A download as its reply: the `File` with its bytes beside it, or why
/// it could not be made.
fn file_reply(made: Result<Download, String>) -> Vec<Reply> {
    match made {
        Ok(d) => vec![(
            Response::File {
                name: d.name,
                mime: d.mime.to_owned(),
            },
            Some(d.bytes),
        )],
        Err(message) => vec![(Response::Failed { message }, None)],
    }
}

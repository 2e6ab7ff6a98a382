//! The report as a JSON file: the `Report` exactly as the app keeps it,
//! with its schema version, pretty-printed. It is the lossless format: a
//! file read back with `from_json` gives the same report, and it is what
//! another tool can read. `docs/json-schema.md` describes it.

use std::fmt;

use super::ExportError;
use crate::domain::model::{JsonHead, Report, SCHEMA_VERSION};

/// The report as JSON text.
pub fn to_json(report: &Report) -> Result<String, ExportError> {
    let mut s =
        serde_json::to_string_pretty(report).map_err(|e| ExportError::Json(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// Why a JSON file is not a report this version can read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonError {
    /// Not JSON, or JSON of another shape (the message says where).
    Invalid(String),
    /// Written by a newer version of the app.
    NewerSchema(u64),
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonError::Invalid(e) => write!(f, "不是本工具导出的报告 JSON 文件：{e}"),
            JsonError::NewerSchema(v) => write!(
                f,
                "文件由更新版本的工具导出（数据格式版本 {v}，本版本支持 {SCHEMA_VERSION}），请使用最新版本打开"
            ),
        }
    }
}

impl std::error::Error for JsonError {}

/// Reads a report written by `to_json` (a byte-order mark, which some
/// editors add when the file is saved again, is skipped).
pub fn from_json(bytes: &[u8]) -> Result<Report, JsonError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // As text: the report's `Deserialize` is instantiated for `StrRead`
    // only, the reader the stored drafts use too (src/domain/drafts.rs).
    let text = std::str::from_utf8(bytes)
        .map_err(|_| JsonError::Invalid("文件不是UTF-8编码的文字".to_owned()))?;
    // A newer schema may mean fields this version would silently drop, so
    // it is refused rather than half read.
    match JsonHead::of(text).map_err(|e| JsonError::Invalid(e.to_string()))? {
        JsonHead::Object { schema: Some(v) } if v > u64::from(SCHEMA_VERSION) => {
            return Err(JsonError::NewerSchema(v));
        }
        JsonHead::Object { .. } => {}
        JsonHead::Other => return Err(JsonError::Invalid("顶层不是对象".to_owned())),
    }
    serde_json::from_str(text).map_err(|e| JsonError::Invalid(e.to_string()))
}

//! Our own `.json`: a report as `serde_json` writes `Report` (the export),
//! or wrapped in an object with a `report` field (a stored draft's
//! envelope, or an export with a header).
//!
//! Every schema version is read: `migrate` brings an older report up to
//! `SCHEMA_VERSION` one step at a time. Version 1 is the first and current
//! one, so the chain is empty today; version 2 will add `1 => …` there.

use serde_json::{Map, Value};

use super::ImportError;
use crate::domain::format::CellId;
use crate::domain::model::{Report, SCHEMA_VERSION};

pub(crate) struct JsonReport {
    pub report: Report,
    pub notes: Vec<String>,
}

/// The field that marks a backup of all drafts (see `drafts`).
const BACKUP_KIND: &str = "nianbao-backup";

/// The fields of a report; a JSON object with none of them is somebody
/// else's. Every field may be missing (docs/json-schema.md), `schema` too:
/// a report without it is read as version 1, the first.
const REPORT_FIELDS: [&str; 9] = [
    "agency",
    "year",
    "preamble",
    "overview",
    "problems",
    "other",
    "cells",
    "stated_totals",
    "signature",
];

pub(crate) fn read(text: &str) -> Result<JsonReport, ImportError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        // Text that is not JSON at all is not ours; JSON that breaks off is.
        if text.contains("\"schema\"") {
            ImportError::BadJson(e.to_string())
        } else {
            ImportError::ForeignJson
        }
    })?;
    let Value::Object(mut obj) = value else {
        return Err(ImportError::ForeignJson);
    };
    if obj.get("kind").and_then(Value::as_str) == Some(BACKUP_KIND) {
        return Err(ImportError::Backup);
    }
    let mut notes = Vec::new();
    let report = match obj.remove("report") {
        Some(Value::Object(r)) => {
            if obj.get("last_year").is_some_and(|v| !v.is_null()) {
                notes.push("文件中附带的上一年度报告未导入，只导入了本年度报告".to_owned());
            }
            r
        }
        Some(_) => return Err(ImportError::ForeignJson),
        None => obj,
    };
    if !REPORT_FIELDS.iter().any(|f| report.contains_key(*f)) {
        return Err(ImportError::ForeignJson);
    }
    let version = match report.get("schema") {
        None | Some(Value::Null) => 1,
        Some(v) => v.as_u64().ok_or(ImportError::ForeignJson)?,
    };
    if version > u64::from(SCHEMA_VERSION) {
        return Err(ImportError::NewerSchema(version));
    }
    let mut report = migrate(version, report)?;
    for field in ["cells", "stated_totals"] {
        if let Some(map) = report.get_mut(field) {
            clean_cells(field, map, &mut notes)?;
        }
    }
    let mut report: Report = serde_json::from_value(Value::Object(report))
        .map_err(|e| ImportError::BadJson(e.to_string()))?;
    report.schema = SCHEMA_VERSION;
    Ok(JsonReport { report, notes })
}

/// True when the text is JSON of any shape.
pub(crate) fn is_json(text: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

/// Brings a report of schema `version` to `SCHEMA_VERSION`, one step at a
/// time (`1 => step_1_to_2(report)` and so on, falling through).
fn migrate(version: u64, report: Map<String, Value>) -> Result<Map<String, Value>, ImportError> {
    match version {
        1 => Ok(report),
        0 => Err(ImportError::ForeignJson),
        other => Err(ImportError::NewerSchema(other)),
    }
}

/// Keeps the cells whose key names a cell of the format; a number is taken
/// as its text. Anything else is left out and said in a note, so a hand
/// edit does not make the whole file unreadable.
fn clean_cells(field: &str, map: &mut Value, notes: &mut Vec<String>) -> Result<(), ImportError> {
    let Value::Object(cells) = map else {
        if map.is_null() {
            *map = Value::Object(Map::new());
            return Ok(());
        }
        return Err(ImportError::BadJson(format!("“{field}”不是对象")));
    };
    let mut dropped = Vec::new();
    let keys: Vec<String> = cells.keys().cloned().collect();
    for key in keys {
        let known = key.parse::<CellId>().is_ok();
        let value = cells.get(&key).cloned().unwrap_or(Value::Null);
        let text = match value {
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        match (known, text) {
            (true, Some(t)) => {
                cells.insert(key, Value::String(t));
            }
            _ => {
                cells.remove(&key);
                dropped.push(key);
            }
        }
    }
    if !dropped.is_empty() {
        notes.push(format!(
            "文件中有{}个无法识别的单元格（{}），未导入",
            dropped.len(),
            dropped
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
    Ok(())
}

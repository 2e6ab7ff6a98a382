//! nianbao — 政府信息公开工作年度报告填报.
//!
//! `domain` is plain Rust (no web-sys): the format as data, the report model,
//! number entry, totals and rules. `ui` wires it to the page and only exists
//! in the wasm build.

pub mod domain;

/// The name of the tool, shown in the masthead and the page title.
pub const APP_NAME: &str = "政府信息公开工作年度报告填报";

pub mod shell;

#[cfg(target_arch = "wasm32")]
pub mod ui;

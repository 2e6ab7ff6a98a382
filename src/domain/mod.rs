//! Domain logic: plain Rust, no web-sys. Tested natively with `cargo test`.

pub mod autosave;
pub mod batch;
pub mod drafts;
pub mod edit;
pub mod export;
pub mod format;
pub mod grid;
pub mod import;
pub mod model;
pub mod number;
pub mod progress;
pub mod rules;
pub mod similarity;
pub mod textnum;
pub mod xlsx;
pub mod year;
pub mod zip;

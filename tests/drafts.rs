//! Stored drafts of every schema version still load. When the envelope or
//! report schema changes, add a fixture of the new version beside the old
//! ones; the old ones stay and must keep loading through the migrations.

use nianbao::domain::drafts::{load_envelope, ENVELOPE_SCHEMA};
use nianbao::domain::format::{CellId, T3Col, T3Row};

#[test]
fn every_committed_schema_version_loads() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/drafts");
    let mut versions = Vec::new();
    for entry in std::fs::read_dir(dir).expect("fixtures folder") {
        let path = entry.expect("entry").path();
        let raw = std::fs::read_to_string(&path).expect("read fixture");
        let env = load_envelope(&raw).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            env.schema,
            ENVELOPE_SCHEMA,
            "{} migrates to the current schema",
            path.display()
        );
        versions.push(path.file_name().map(|n| n.to_string_lossy().into_owned()));
    }
    // One fixture per version up to the current one.
    assert_eq!(versions.len() as u32, ENVELOPE_SCHEMA);
}

#[test]
fn the_version_1_fixture_keeps_its_content() {
    let raw = include_str!("fixtures/drafts/envelope-v1.json");
    let env = load_envelope(raw).expect("v1 loads");
    assert_eq!(env.id, "k3x9");
    assert_eq!(env.revision, 7);
    assert_eq!(env.report.agency, "老城区机关事务服务中心");
    assert_eq!(env.report.cell(CellId::T3(T3Row::New, T3Col::Natural)), "0");
    assert_eq!(env.position.as_deref(), Some("cell-t3-new-natural"));
    assert_eq!(env.display_name(), "老城区机关事务服务中心 2021年度");
}

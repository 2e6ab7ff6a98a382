//! The end-to-end tests type the real reports into the page. They read them
//! from tests/e2e/fixtures/*.json, which must equal the hand-typed Rust
//! fixtures (tests/common/reports.rs) serialised: this test checks that, and
//! rewrites the files when run with NIANBAO_UPDATE_FIXTURES=1.

mod common;

use common::reports::{hongze_2023, hongze_2024, huaian_2024, laocheng_2021};
use nianbao::domain::model::Report;

fn check_fixture(name: &str, report: Report) {
    let path = format!(
        "{}/tests/e2e/fixtures/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let json = serde_json::to_string_pretty(&report).expect("serialise") + "\n";
    if std::env::var_os("NIANBAO_UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &json).expect("write fixture");
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == json,
        "{path} is out of date: run NIANBAO_UPDATE_FIXTURES=1 cargo test --test e2e_fixtures"
    );
    let back: Report = serde_json::from_str(&stored).expect("parse fixture");
    assert_eq!(back, report);
}

#[test]
fn e2e_fixtures_equal_the_typed_reports() {
    check_fixture("huaian-2024", huaian_2024());
    check_fixture("hongze-2023", hongze_2023());
    check_fixture("hongze-2024", hongze_2024());
    check_fixture("laocheng-2021", laocheng_2021());
}

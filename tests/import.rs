//! Importers: the four real reports of `shared/reports/` read back cell by
//! cell and text by text against the hand-typed fixtures, every input kind
//! (JSON, HTML, text with tabs, `|` or spaces, Word), the 2019 format, run
//! together digits, refusals with their Chinese messages, round trips, and
//! generated input that must never panic.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::reports::{hongze_2023, hongze_2024, huaian_2024, laocheng_2021, LAOCHENG_LOST_ROWS};
use nianbao::domain::format::{CellId, T2Cell, T3Col, T3Row, T4Col, T4Group};
use nianbao::domain::import::{import, Imported, SourceKind};
use nianbao::domain::model::Report;
use nianbao::domain::rules::{check, CheckSettings, Mode, RuleId, Severity};

/// A file of `shared/reports/`.
fn shared(name: &str) -> Vec<u8> {
    let path = format!("{}/../shared/reports/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn import_shared(name: &str) -> Imported {
    import(&shared(name), Some(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Compares every cell, entered and stated, then the other fields, so a
/// failure names the first cell that differs.
fn assert_same_report(got: &Report, want: &Report) {
    for id in CellId::all() {
        assert_eq!(got.cell(id), want.cell(id), "{} ({id})", id.place());
    }
    assert_eq!(got.cells, want.cells);
    assert_eq!(got.stated_totals, want.stated_totals);
    assert_eq!(got.agency, want.agency, "agency");
    assert_eq!(got.year, want.year, "year");
    assert_eq!(got.preamble, want.preamble, "preamble");
    assert_eq!(got.overview, want.overview, "overview");
    assert_eq!(got.problems, want.problems, "problems");
    assert_eq!(got.other, want.other, "other");
    assert_eq!(got.signature, want.signature, "signature");
    assert_eq!(got, want);
}

fn rules_of(r: &Report, last: Option<&Report>) -> Vec<(RuleId, Severity)> {
    check(r, last, &CheckSettings::default(), Mode::Final)
        .into_iter()
        .map(|f| (f.rule, f.severity))
        .collect()
}

// ---------------------------------------------------------------------------
// The four real reports
// ---------------------------------------------------------------------------

#[test]
fn huaian_2024_pdf_extraction_imports_exactly() {
    let got = import_shared("2024_huaian-shi.txt");
    assert_eq!(got.format, SourceKind::Text);
    assert_same_report(&got.report, &huaian_2024());
    assert_eq!(got.unreadable, []);
    assert_eq!(got.ambiguous, []);
    assert_eq!(got.notes, Vec::<String>::new());
    // One row read from the file by hand: 「（四）无 1.本机关不掌握相关政府信息
    // 746 12 0 0 10 1 769」, its group label broken around a page line.
    let row = |r: T3Row| -> Vec<&str> {
        T3Col::ALL
            .iter()
            .map(|&c| got.report.cell(CellId::T3(r, c)))
            .collect()
    };
    assert_eq!(
        row(T3Row::Unable1),
        ["746", "12", "0", "0", "10", "1", "769"]
    );
    assert_eq!(row(T3Row::Other1), ["67", "3", "0", "0", "1", "0", "71"]);
    assert_eq!(got.report.cell(CellId::T2(T2Cell::Fee)), "96171.6");
    assert_eq!(
        got.report
            .cell(CellId::T4(T4Group::SuitAfterReview, T4Col::Total)),
        "20"
    );
    assert_eq!(
        rules_of(&got.report, None),
        [(RuleId::TxtLen, Severity::Warning)]
    );
}

#[test]
fn hongze_2023_imports_with_its_published_table_four_errors() {
    let got = import_shared("2023_hongze-qu.txt");
    assert_same_report(&got.report, &hongze_2023());
    assert_eq!(got.unreadable, []);
    assert_eq!(
        got.notes,
        ["表三「（六）其他处理」为2019年格式的单行，各数均为0；2021年格式分为（六）1–3三项，已在三项中都填0"]
    );
    // 「10 1 0 0 0 0 0 0 0 0 5 0 0 0 0」, as printed.
    let t4: Vec<&str> = CellId::all()
        .filter(|c| matches!(c, CellId::T4(..)))
        .map(|c| got.report.cell(c))
        .collect();
    assert_eq!(
        t4,
        ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"]
    );
    let errors: Vec<String> = check(&got.report, None, &CheckSettings::default(), Mode::Final)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect();
    assert_eq!(
        errors,
        [
            "T4-SUM 表四 行政复议：结果维持＋结果纠正＋其他结果＋尚未审结＝10＋1＋0＋0＝11，表中总计为0，相差11",
            "T4-SUM 表四 行政诉讼 复议后起诉：结果维持＋结果纠正＋其他结果＋尚未审结＝5＋0＋0＋0＝5，表中总计为0，相差5",
        ]
    );
}

#[test]
fn hongze_2024_imports_and_follows_2023() {
    let got = import_shared("2024_hongze-qu.txt");
    assert_same_report(&got.report, &hongze_2024());
    assert_eq!(got.unreadable, []);
    let last = import_shared("2023_hongze-qu.txt").report;
    assert_eq!(
        rules_of(&got.report, Some(&last)),
        [(RuleId::TxtNum, Severity::Warning)]
    );
}

#[test]
fn laocheng_2021_reports_the_rows_that_lost_their_numbers() {
    let got = import_shared("2021_laocheng-jiguan-shiwu.txt");
    assert_same_report(&got.report, &laocheng_2021());
    let lost: Vec<(CellId, &str)> = LAOCHENG_LOST_ROWS
        .into_iter()
        .flat_map(|r| {
            T3Col::ALL
                .into_iter()
                .map(move |c| (CellId::T3(r, c), "原表此行没有数字"))
        })
        .collect();
    let got_lost: Vec<(CellId, &str)> = got
        .unreadable
        .iter()
        .map(|u| (u.cell, u.reason.as_str()))
        .collect();
    assert_eq!(got_lost, lost);
    assert_eq!(
        got.unreadable[0].to_string(),
        "表三 · （一）予以公开 · 自然人：原表此行没有数字"
    );
    assert_eq!(got.notes, Vec::<String>::new());
    // 「一、本年新收政府信息公开申请数量→0→0→0→0→0→0→0→」: seven zeros, the
    // trailing empty cell dropped.
    assert_eq!(got.report.cell(CellId::T3(T3Row::New, T3Col::Total)), "0");
}

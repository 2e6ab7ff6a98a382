//! Number entry: what users type into cells, parsed, refused with the exact
//! message, normalised; derived and effective totals of a report.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::reports::{hongze_2023, huaian_2024, laocheng_2021};
use nianbao::domain::format::{CellId, CellKind, T2Cell, T3Col, T3Row, T4Col, T4Group};
use nianbao::domain::model::Report;
use nianbao::domain::number::{
    normalise, parse_cell, parse_count, parse_fee, sum_present, CellValue, Fee, NumberError,
};

const NATURAL: CellId = CellId::T3(T3Row::Disclosed, T3Col::Natural);
const FEE: CellId = CellId::T2(T2Cell::Fee);

/// The message for `text` typed into `cell`, or "" when it is valid.
fn message(cell: CellId, text: &str) -> String {
    parse_cell(cell, text)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default()
}

fn fee(text: &str) -> Fee {
    match parse_fee(text) {
        Ok(Some(f)) => f,
        other => panic!("{text:?} is no fee: {other:?}"),
    }
}

#[test]
fn counts_accept_what_input_methods_and_pdfs_produce() {
    let cases = [
        ("12", 12),
        ("０", 0),
        ("１２３", 123),
        (" 12 ", 12),
        ("1 234", 1234),
        ("\u{3000}7\u{3000}", 7),
        ("1,234", 1234),
        ("1，234，567", 1_234_567),
        ("12件", 12),
        ("12 件", 12),
        ("007", 7),
        ("3.0", 3),
        ("3。00", 3),
        ("-0", 0),
        ("1000000000", 1_000_000_000),
    ];
    for (text, want) in cases {
        assert_eq!(parse_count(text), Ok(Some(want)), "{text:?}");
    }
    for blank in ["", "  ", "\u{3000}", "\n"] {
        assert_eq!(parse_count(blank), Ok(None), "{blank:?}");
    }
}

#[test]
fn counts_refuse_with_one_specific_message() {
    let cases = [
        ("-1", "不能为负数，现为“-1”"),
        ("－５", "不能为负数，现为“－５”"),
        ("1.5", "应为整数，不能有小数，现为“1.5”"),
        ("２．５件", "应为整数，不能有小数，现为“２．５件”"),
        ("12a", "含有字母 a，只能填数字，现为“12a”"),
        ("1O", "含有字母 O（大写o，不是数字0），只能填数字，现为“1O”"),
        ("l2", "含有字母 l（小写L），只能填数字，现为“l2”"),
        (
            "１Ｏ",
            "含有全角字母 Ｏ（大写o，不是数字0），只能填数字，现为“１Ｏ”",
        ),
        ("十二", "含有文字“十”，只能填数字，现为“十二”"),
        ("3人", "含有文字“人”，只能填数字，现为“3人”"),
        ("1000000001", "数值超过1000000000，请核对，现为“1000000001”"),
        ("1,23", "千位分隔符的位置不对，现为“1,23”"),
        ("1.2.3", "不是有效的数字，现为“1.2.3”"),
        ("+5", "不是有效的数字，现为“+5”"),
        ("无", "没有的请填0，现为“无”"),
        ("/", "没有的请填0，现为“/”"),
        ("—", "没有的请填0，现为“—”"),
        // A negative decimal is reported as negative: that is what to fix first.
        ("-1.5", "不能为负数，现为“-1.5”"),
    ];
    for (text, want) in cases {
        assert_eq!(
            message(NATURAL, text),
            format!("表三 · （一）予以公开 · 自然人：{want}"),
            "{text:?}"
        );
    }
}

#[test]
fn error_kinds_are_distinct() {
    assert_eq!(parse_count("-1"), Err(NumberError::Negative));
    assert_eq!(parse_count("1.5"), Err(NumberError::Decimal));
    assert_eq!(parse_count("a"), Err(NumberError::Letters));
    assert_eq!(parse_count("2000000000"), Err(NumberError::TooLarge));
    assert_eq!(parse_count("1,2345"), Err(NumberError::Separator));
    assert_eq!(parse_count("无"), Err(NumberError::NoneWord));
    assert_eq!(parse_count("#"), Err(NumberError::Malformed));
}

#[test]
fn fees_are_exact_decimals_in_wan_yuan() {
    assert_eq!(fee("96171.6").to_string(), "96171.6");
    assert_eq!(fee("7,730.28万元").to_string(), "7730.28");
    assert_eq!(fee("７５４５万").to_string(), "7545");
    assert_eq!(fee(".5").to_string(), "0.5");
    assert_eq!(fee("5.").to_string(), "5");
    assert_eq!(fee("0.0000").to_string(), "0.0000");
    // Values compare exactly, whatever the typed decimals.
    assert_eq!(fee("0.1"), fee("0.1000"));
    assert!(fee("0.1") < fee("0.1000001"));
    assert_eq!(fee("7539.443252").decimals(), 6);
    assert_eq!(fee("7545.00").decimals(), 0);
    assert_eq!(fee("7545.00").scale(), 2);
    assert_eq!(Fee::new(7_539_443_252, 6), Some(fee("7539.443252")));
    assert_eq!(Fee::new(1, 30), None);
    assert_eq!(parse_fee(" "), Ok(None));
}

#[test]
fn fees_refuse_with_one_specific_message() {
    let place = "表二 · 行政事业性收费 · 本年收费金额（单位：万元）";
    let cases = [
        (
            "75394432.52元",
            "看起来是以元为单位，请换算为万元（75394432.52元 ＝ 7539.443252万元）",
        ),
        (
            "100元",
            "看起来是以元为单位，请换算为万元（100元 ＝ 0.01万元）",
        ),
        ("-5", "金额不能为负数，现为“-5”"),
        (
            "五万",
            "含有文字“五”，只能填以万元为单位的金额数字，现为“五万”",
        ),
        (
            "2000000000",
            "金额超过1000000000万元，请核对，现为“2000000000”",
        ),
        (
            "0.1234567890123456789",
            "小数位数过多（最多18位），现为“0.1234567890123456789”",
        ),
        ("无", "没有的请填0，现为“无”"),
    ];
    for (text, want) in cases {
        assert_eq!(message(FEE, text), format!("{place}：{want}"), "{text:?}");
    }
}

#[test]
fn normalise_gives_the_canonical_form_and_keeps_invalid_text() {
    let count = [
        ("１，２３４件", "1234"),
        (" 0 ", "0"),
        ("007", "7"),
        ("  ", ""),
        ("3.00", "3"),
        ("-1", "-1"),
        (" 12a ", " 12a "),
    ];
    for (text, want) in count {
        assert_eq!(normalise(text, CellKind::Count), want, "{text:?}");
        assert_eq!(
            normalise(want, CellKind::Count),
            want,
            "idempotent {want:?}"
        );
    }
    let fee = [
        (" 96,171.60万元", "96171.60"),
        ("７７３０．２８", "7730.28"),
        ("75394432.52元", "75394432.52元"),
        (".5", "0.5"),
    ];
    for (text, want) in fee {
        assert_eq!(normalise(text, CellKind::Fee), want, "{text:?}");
        assert_eq!(normalise(want, CellKind::Fee), want, "idempotent {want:?}");
    }
}

#[test]
fn values_of_a_report() {
    let r = huaian_2024();
    assert_eq!(r.value(NATURAL), Ok(Some(CellValue::Count(1288))));
    assert_eq!(r.value(FEE), Ok(Some(CellValue::Fee(fee("96171.6")))));
    // A computed cell's own value is what the imported report stated.
    assert_eq!(r.count(CellId::T3(T3Row::New, T3Col::Total)), Some(3119));
    assert_eq!(
        r.derived_total(CellId::T3(T3Row::New, T3Col::Total)),
        Some(3119)
    );
    assert_eq!(
        r.derived_total(CellId::T3(T3Row::Total, T3Col::Natural)),
        Some(2932)
    );
    assert_eq!(
        r.derived_total(CellId::T3(T3Row::Total, T3Col::Total)),
        Some(3050)
    );
    assert_eq!(
        r.derived_total(CellId::T4(T4Group::SuitAfterReview, T4Col::Total)),
        Some(20)
    );
    assert_eq!(
        r.derived_total(NATURAL),
        None,
        "entered cells derive nothing"
    );

    let mut bad = Report::default();
    bad.set_cell(NATURAL, "-1");
    let err = bad.value(NATURAL).expect_err("negative");
    assert_eq!(
        err.to_string(),
        "表三 · （一）予以公开 · 自然人：不能为负数，现为“-1”"
    );
}

#[test]
fn derived_totals_are_empty_only_when_all_inputs_are() {
    let total = CellId::T3(T3Row::Disclosed, T3Col::Total);
    let mut r = Report::default();
    assert_eq!(r.derived_total(total), None);
    r.set_cell(NATURAL, "5");
    r.set_cell(CellId::T3(T3Row::Disclosed, T3Col::Business), "abc");
    assert_eq!(
        r.derived_total(total),
        Some(5),
        "invalid inputs are skipped"
    );
    r.set_cell(CellId::T3(T3Row::Disclosed, T3Col::Legal), "2");
    assert_eq!(r.derived_total(total), Some(7));
    assert_eq!(sum_present([None, None]), None);
    assert_eq!(sum_present([None, Some(0)]), Some(0));
}

#[test]
fn effective_value_prefers_the_stated_total() {
    // 洪泽区 2023 printed 0 as the 复议 总计 of 10 + 1 + 0 + 0.
    let r = hongze_2023();
    let review = CellId::T4(T4Group::Review, T4Col::Total);
    assert_eq!(r.effective(review), Some(0));
    assert_eq!(r.derived_total(review), Some(11));
    let mut typed = r.clone();
    typed.clear_stated();
    assert_eq!(typed.effective(review), Some(11));
    // The seed report lost rows (一) and (二): their totals are empty.
    let lc = laocheng_2021();
    assert_eq!(
        lc.effective(CellId::T3(T3Row::Disclosed, T3Col::Total)),
        None
    );
    assert_eq!(
        lc.effective(CellId::T3(T3Row::Total, T3Col::Total)),
        Some(0)
    );
    // The sheet agrees with the report's own helpers on every cell.
    let sheet = r.sheet();
    for c in CellId::all() {
        assert_eq!(sheet.effective(c), r.effective(c), "{c}");
        assert_eq!(sheet.derived(c), r.derived_total(c), "{c}");
    }
}

//! Properties over generated input: normalisation is idempotent and keeps
//! the value, no input panics the parsers or `check`, and a report generated
//! to satisfy the rules gets no error or warning.
#![cfg(not(target_arch = "wasm32"))]

use nianbao::domain::format::{
    CellId, CellKind, T2Cell, T3Col, T3Row, T4Col, T4Group, ValidRow, T2_VALID_ROWS,
};
use nianbao::domain::model::Report;
use nianbao::domain::number::{normalise, parse, parse_count, parse_fee};
use nianbao::domain::rules::{check, check_cell, CheckSettings, Mode, Severity};
use proptest::prelude::*;

/// Text made of what people type into number cells, and what breaks them.
fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9０-９,，.。． \u{3000}件万元\\-－a无/]{0,14}",
        "[0-9]{1,12}",
        "[0-9]{1,4}(,[0-9]{3}){0,3}(\\.[0-9]{0,8})?(件|万元|元)?",
        any::<String>(),
    ]
}

/// Free text with the words and numbers TXT-NUM reads.
fn prose() -> impl Strategy<Value = String> {
    "(受理|收到|新收|上年结转|结转下年度|顺延到下年度|行政复议|行政诉讼|申请|政府信息|[0-9]{1,4}|件|，|。| |\n|- 2 -\n|[a-z]){0,40}"
}

fn kind() -> impl Strategy<Value = CellKind> {
    prop_oneof![Just(CellKind::Count), Just(CellKind::Fee)]
}

proptest! {
    #[test]
    fn normalise_is_idempotent(text in cell_text(), kind in kind()) {
        let once = normalise(&text, kind);
        prop_assert_eq!(normalise(&once, kind), once);
    }

    #[test]
    fn normalise_keeps_the_value_or_the_text(text in cell_text(), kind in kind()) {
        let once = normalise(&text, kind);
        match parse(&text, kind) {
            Ok(v) => prop_assert_eq!(parse(&once, kind), Ok(v)),
            Err(_) => prop_assert_eq!(once, text),
        }
    }

    #[test]
    fn parsers_never_panic(text in any::<String>()) {
        let _ = parse_count(&text);
        let _ = parse_fee(&text);
    }

    #[test]
    fn check_never_panics(
        cells in prop::collection::vec((0..CellId::COUNT, cell_text()), 0..60),
        texts in (prose(), prose(), prose(), "[0-9０-９年a ]{0,6}"),
        last_cells in prop::collection::vec((0..CellId::COUNT, cell_text()), 0..30),
        with_last in any::<bool>(),
    ) {
        let ids: Vec<CellId> = CellId::all().collect();
        let build = |cells: &[(usize, String)]| {
            let mut r = Report::default();
            for (i, text) in cells {
                let id = ids[*i];
                if id.is_computed() {
                    r.set_stated(id, text.clone());
                } else {
                    r.set_cell(id, text.clone());
                }
            }
            r
        };
        let mut r = build(&cells);
        (r.overview, r.problems, r.other, r.year) = texts;
        let mut last = build(&last_cells);
        last.problems = r.overview.clone();
        let settings = CheckSettings::default();
        for mode in [Mode::Drafting, Mode::Final] {
            let findings = check(&r, with_last.then_some(&last), &settings, mode);
            prop_assert!(findings.iter().all(|f| !f.message.is_empty()));
        }
        let sheet = r.sheet();
        for id in CellId::all() {
            let _ = check_cell(&r, id, &settings);
            // The sheet's shortcuts give what the report's own helpers give.
            prop_assert_eq!(sheet.derived(id), r.derived_total(id));
            prop_assert_eq!(sheet.effective(id), r.effective(id));
        }
    }
}

/// One applicant column of table 三 that balances: 21 result counts, 四, and
/// a split of the rest between 一 and 二.
#[derive(Clone, Debug)]
struct Column {
    results: Vec<u64>,
    carried_over: u64,
    carried_in: u64,
    new: u64,
}

fn column() -> impl Strategy<Value = Column> {
    (prop::collection::vec(0u64..60, 21), 0u64..30, any::<u64>()).prop_map(
        |(results, carried_over, split)| {
            let out = results.iter().sum::<u64>() + carried_over;
            let carried_in = split % (out + 1);
            Column {
                results,
                carried_over,
                carried_in,
                new: out - carried_in,
            }
        },
    )
}

/// How a valid count is typed: the rules must not care.
fn styled(v: u64, style: u8) -> String {
    match style % 4 {
        0 => v.to_string(),
        1 => v
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        2 => format!("{v}件"),
        _ => format!(" {v} "),
    }
}

/// A report and last year's, generated to satisfy every rule.
fn consistent() -> impl Strategy<Value = (Report, Report)> {
    (
        prop::collection::vec(column(), 6),
        prop::collection::vec(0u64..40, 12),
        prop::collection::vec((0u64..50, 0u64..10, any::<u64>()), 2),
        prop::collection::vec(0u64..100_000, 3),
        (0u64..1_000_000_000, 0u32..=4),
        any::<u8>(),
        any::<bool>(),
    )
        .prop_map(|(cols, t4, docs, decisions, fee, style, stated)| {
            let mut r = {
                let mut r = Report::default();
                r.agency = "测试局".into();
                r.year = "2024".into();
                r.overview = "本年度依法依规做好政府信息公开工作。".into();
                r.problems = "培训不足。下一步加强业务培训。".into();
                r.other = "本年度未收取信息处理费。".into();
                r
            };
            let mut last = r.clone();
            last.problems = "去年的问题是平台建设滞后，将推进平台改版。".into();
            let mut k = style;
            let mut set = |r: &mut Report, id: CellId, v: u64| {
                k = k.wrapping_add(1);
                r.set_cell(id, styled(v, k));
            };
            for (c, col) in T3Col::APPLICANTS.into_iter().zip(&cols) {
                for (row, v) in T3Row::results().zip(&col.results) {
                    set(&mut r, CellId::T3(row, c), *v);
                }
                set(&mut r, CellId::T3(T3Row::New, c), col.new);
                set(&mut r, CellId::T3(T3Row::CarriedIn, c), col.carried_in);
                set(&mut r, CellId::T3(T3Row::CarriedOver, c), col.carried_over);
                set(&mut last, CellId::T3(T3Row::CarriedOver, c), col.carried_in);
            }
            let t4_cells = T4Group::ALL
                .into_iter()
                .flat_map(|g| T4Col::ENTERED.into_iter().map(move |c| CellId::T4(g, c)));
            for (id, v) in t4_cells.zip(t4) {
                set(&mut r, id, v);
            }
            let rows = T2_VALID_ROWS;
            for (
                ValidRow {
                    issued,
                    repealed,
                    valid,
                },
                (last_valid, n_issued, split),
            ) in rows.into_iter().zip(docs)
            {
                let n_repealed = split % (last_valid + n_issued + 1);
                set(&mut r, CellId::T2(issued), n_issued);
                set(&mut r, CellId::T2(repealed), n_repealed);
                set(
                    &mut r,
                    CellId::T2(valid),
                    last_valid + n_issued - n_repealed,
                );
                set(&mut last, CellId::T2(valid), last_valid);
            }
            for (c, v) in [T2Cell::Licensing, T2Cell::Penalty, T2Cell::Enforcement]
                .into_iter()
                .zip(decisions)
            {
                set(&mut r, CellId::T2(c), v);
            }
            let (mantissa, scale) = fee;
            let unit = 10u64.pow(scale);
            let fee_text = if scale == 0 {
                mantissa.to_string()
            } else {
                format!(
                    "{}.{:0w$}",
                    mantissa / unit,
                    mantissa % unit,
                    w = scale as usize
                )
            };
            r.set_cell(CellId::T2(T2Cell::Fee), fee_text);
            if stated {
                // As an importer would record a correct published report.
                for id in CellId::all().filter(|c| c.is_computed()) {
                    if let Some(v) = r.derived_total(id) {
                        r.set_stated(id, v.to_string());
                    }
                }
            }
            (r, last)
        })
}

proptest! {
    #[test]
    fn a_consistent_report_has_no_error_or_warning((r, last) in consistent()) {
        let findings = check(&r, Some(&last), &CheckSettings::default(), Mode::Final);
        let serious: Vec<_> = findings
            .iter()
            .filter(|f| f.severity != Severity::Hint)
            .collect();
        prop_assert!(serious.is_empty(), "{:#?}", serious);
    }

    #[test]
    fn breaking_one_cell_of_table_three_breaks_the_balance(
        (mut r, _) in consistent(),
        col in 0usize..6,
        row in 0usize..21,
    ) {
        // Without stated totals the balance is the only rule that can see it.
        r.clear_stated();
        let c = T3Col::APPLICANTS[col];
        let id = CellId::T3(T3Row::results().nth(row).expect("21 result rows"), c);
        let v = r.count(id).expect("generated cells are valid");
        r.set_cell(id, (v + 1).to_string());
        let bal: Vec<String> = check(&r, None, &CheckSettings::default(), Mode::Final)
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.message)
            .collect();
        prop_assert_eq!(bal.len(), 2, "{:?}", bal);
        prop_assert!(bal[0].starts_with(&format!("表三 {}列：", c.label())), "{:?}", bal);
        prop_assert!(bal[1].starts_with("表三 总计列："), "{:?}", bal);
        prop_assert!(bal.iter().all(|m| m.ends_with("相差1")), "{:?}", bal);
    }
}

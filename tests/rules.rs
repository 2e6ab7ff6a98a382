//! Every rule of the format's rule table, passing and failing, with the
//! exact message; the expected outcomes of the real reports.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::reports::{
    hongze_2023, hongze_2024, huaian_2024, laocheng_2021, HONGZE_2023_PROBLEMS, LAOCHENG_LOST_ROWS,
};
use nianbao::domain::format::{CellId, SectionId, T2Cell, T3Col, T3Row, T4Col, T4Group};
use nianbao::domain::model::Report;
use nianbao::domain::rules::{
    check, check_cell, status_lines, t3_balance, CheckSettings, Field, LineState, Mode, RuleId,
    Severity, Target,
};

/// The findings of one rule: (severity, message).
fn of_rule(r: &Report, last: Option<&Report>, mode: Mode, rule: RuleId) -> Vec<(Severity, String)> {
    check(r, last, &CheckSettings::default(), mode)
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.severity, f.message))
        .collect()
}

fn errors(messages: &[&str]) -> Vec<(Severity, String)> {
    messages
        .iter()
        .map(|m| (Severity::Error, (*m).to_owned()))
        .collect()
}

fn warnings(messages: &[&str]) -> Vec<(Severity, String)> {
    messages
        .iter()
        .map(|m| (Severity::Warning, (*m).to_owned()))
        .collect()
}

/// The huaian report as if typed into the app: no stated totals.
fn typed(mut r: Report) -> Report {
    r.clear_stated();
    r
}

/// A small typed report that satisfies every rule: 20 requests from
/// natural persons plus 5 carried in; 20 disclosed, 1 other handling,
/// 4 carried over.
fn small() -> Report {
    let mut r = {
        let mut r = Report::default();
        r.agency = "测试局".into();
        r.year = "2024".into();
        r.overview = "本年受理政府信息公开申请20件。".into();
        r.problems = "问题是培训不够。改进是加强培训。".into();
        r.other = "未收取信息处理费。".into();
        r
    };
    for c in CellId::entered() {
        r.set_cell(c, "0");
    }
    r.set_cell(CellId::T3(T3Row::New, T3Col::Natural), "20");
    r.set_cell(CellId::T3(T3Row::CarriedIn, T3Col::Natural), "5");
    r.set_cell(CellId::T3(T3Row::Disclosed, T3Col::Natural), "20");
    r.set_cell(CellId::T3(T3Row::Other3, T3Col::Natural), "1");
    r.set_cell(CellId::T3(T3Row::CarriedOver, T3Col::Natural), "4");
    r
}

const DISCLOSED_NATURAL: CellId = CellId::T3(T3Row::Disclosed, T3Col::Natural);

// ---------------------------------------------------------------------------
// The real reports
// ---------------------------------------------------------------------------

#[test]
fn huaian_2024_has_no_error_and_only_the_length_warning() {
    let findings = check(&huaian_2024(), None, &CheckSettings::default(), Mode::Final);
    let rules: Vec<RuleId> = findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, [RuleId::TxtLen], "{findings:#?}");
    assert!(findings.iter().all(|f| f.severity != Severity::Error));
}

#[test]
fn hongze_2023_has_exactly_the_two_published_table_four_errors() {
    let findings = check(&hongze_2023(), None, &CheckSettings::default(), Mode::Final);
    let errors: Vec<(RuleId, &str)> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.rule, f.message.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                RuleId::T4Sum,
                "表四 行政复议：结果维持＋结果纠正＋其他结果＋尚未审结＝10＋1＋0＋0＝11，表中总计为0，相差11"
            ),
            (
                RuleId::T4Sum,
                "表四 行政诉讼 复议后起诉：结果维持＋结果纠正＋其他结果＋尚未审结＝5＋0＋0＋0＝5，表中总计为0，相差5"
            ),
        ]
    );
    assert_eq!(
        findings.len(),
        2,
        "no warning or hint either: {findings:#?}"
    );
    assert_eq!(
        findings[0].targets[0],
        Target::Cell(CellId::T4(T4Group::Review, T4Col::Total))
    );
}

#[test]
fn hongze_2024_after_2023_is_consistent_year_to_year() {
    let (this, last) = (hongze_2024(), hongze_2023());
    let findings = check(&this, Some(&last), &CheckSettings::default(), Mode::Final);
    // Carry-over, valid documents and the text of 五 (46.5% repeated) pass;
    // the text says 17 requests where table 三 has 95.
    assert_eq!(
        findings
            .iter()
            .map(|f| (f.rule, f.severity))
            .collect::<Vec<_>>(),
        [(RuleId::TxtNum, Severity::Warning)],
        "{findings:#?}"
    );
    // The year-to-year lines all add up.
    let proactive = status_lines(&this, Some(&last), SectionId::Proactive);
    assert_eq!(proactive.len(), 2);
    assert!(proactive.iter().all(|l| l.state == LineState::Ok));
    let requests = status_lines(&this, Some(&last), SectionId::Requests);
    assert_eq!(requests.len(), 14);
    assert!(requests.iter().all(|l| l.state == LineState::Ok));
}

#[test]
fn laocheng_2021_reports_exactly_the_cells_that_lost_their_numbers() {
    let r = laocheng_2021();
    let lost: Vec<Target> = LAOCHENG_LOST_ROWS
        .into_iter()
        .flat_map(|row| {
            T3Col::APPLICANTS
                .into_iter()
                .map(move |c| Target::Cell(CellId::T3(row, c)))
        })
        .collect();
    assert_eq!(lost.len(), 30);
    for (mode, severity) in [
        (Mode::Final, Severity::Error),
        (Mode::Drafting, Severity::Warning),
    ] {
        let findings = check(&r, None, &CheckSettings::default(), mode);
        let empty: Vec<Target> = findings
            .iter()
            .filter(|f| f.rule == RuleId::CellEmpty)
            .inspect(|f| assert_eq!(f.severity, severity))
            .flat_map(|f| f.targets.clone())
            .collect();
        assert_eq!(empty, lost);
        // Besides: 六 is 「无」, which does not say whether a fee was charged.
        let other: Vec<RuleId> = findings
            .iter()
            .map(|f| f.rule)
            .filter(|r| *r != RuleId::CellEmpty)
            .collect();
        assert_eq!(other, [RuleId::TxtFee]);
    }
    assert_eq!(
        of_rule(&r, None, Mode::Final, RuleId::CellEmpty)[0].1,
        "表三 · （一）予以公开 · 自然人：未填写，没有的请填0"
    );
}

// ---------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------

#[test]
fn cell_int() {
    assert_eq!(
        of_rule(&huaian_2024(), None, Mode::Final, RuleId::CellInt),
        []
    );
    let mut r = huaian_2024();
    r.set_cell(DISCLOSED_NATURAL, "-1");
    r.set_stated(CellId::T3(T3Row::New, T3Col::Total), "3119件x");
    assert_eq!(
        of_rule(&r, None, Mode::Final, RuleId::CellInt),
        errors(&[
            "表三 · 一、本年新收政府信息公开申请数量 · 总计：含有字母 x，只能填数字，现为“3119件x”",
            "表三 · （一）予以公开 · 自然人：不能为负数，现为“-1”",
        ])
    );
}

#[test]
fn cell_fee() {
    let fee = CellId::T2(T2Cell::Fee);
    assert_eq!(
        of_rule(&huaian_2024(), None, Mode::Final, RuleId::CellFee),
        []
    );
    let mut r = huaian_2024();
    r.set_cell(fee, "75394432.52元");
    assert_eq!(
        of_rule(&r, None, Mode::Final, RuleId::CellFee),
        errors(&["表二 · 行政事业性收费 · 本年收费金额（单位：万元）：看起来是以元为单位，请换算为万元（75394432.52元 ＝ 7539.443252万元）"])
    );
    r.set_cell(fee, "7539.443252");
    assert_eq!(
        of_rule(&r, None, Mode::Final, RuleId::CellFee),
        warnings(&["表二 · 行政事业性收费 · 本年收费金额（单位：万元）：有6位小数，多于设定的4位，现为“7539.443252”"])
    );
    let six = CheckSettings {
        fee_max_decimals: 6,
        ..CheckSettings::default()
    };
    assert_eq!(check_cell(&r, fee, &six), None);
    // Trailing zeros carry no value: four places, not six.
    r.set_cell(fee, "7539.443200");
    assert_eq!(of_rule(&r, None, Mode::Final, RuleId::CellFee), []);
}

#[test]
fn cell_empty_is_a_warning_while_drafting_and_an_error_at_the_end() {
    let mut r = small();
    assert_eq!(of_rule(&r, None, Mode::Final, RuleId::CellEmpty), []);
    r.set_cell(DISCLOSED_NATURAL, " ");
    let m = "表三 · （一）予以公开 · 自然人：未填写，没有的请填0";
    assert_eq!(
        of_rule(&r, None, Mode::Drafting, RuleId::CellEmpty),
        warnings(&[m])
    );
    assert_eq!(
        of_rule(&r, None, Mode::Final, RuleId::CellEmpty),
        errors(&[m])
    );
    // Computed cells are never empty: the app derives them.
    assert!(!r
        .stated_totals()
        .contains_key(&CellId::T3(T3Row::Total, T3Col::Natural)));
}

#[test]
fn check_cell_reports_the_cell_as_the_user_leaves_it() {
    let s = CheckSettings::default();
    let mut r = Report::default();
    assert_eq!(
        check_cell(&r, DISCLOSED_NATURAL, &s),
        None,
        "empty is no news"
    );
    r.set_cell(DISCLOSED_NATURAL, "12");
    assert_eq!(check_cell(&r, DISCLOSED_NATURAL, &s), None);
    r.set_cell(DISCLOSED_NATURAL, "1.5");
    let f = check_cell(&r, DISCLOSED_NATURAL, &s).expect("finding");
    assert_eq!(f.rule, RuleId::CellInt);
    assert_eq!(f.rule.id(), "CELL-INT");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(
        f.message,
        "表三 · （一）予以公开 · 自然人：应为整数，不能有小数，现为“1.5”"
    );
    assert_eq!(f.targets, [Target::Cell(DISCLOSED_NATURAL)]);
}

// ---------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------

#[test]
fn t3_row() {
    assert_eq!(
        of_rule(&huaian_2024(), None, Mode::Final, RuleId::T3Row),
        []
    );
    let mut r = huaian_2024();
    r.set_stated(CellId::T3(T3Row::Disclosed, T3Col::Total), "1363");
    assert_eq!(
        of_rule(&r, None, Mode::Final, RuleId::T3Row),
        errors(&["表三 · （一）予以公开 · 总计：各类申请人之和为1362，表中为1363，相差1"])
    );
    // Without stated totals the app derives them: the rule cannot fail.
    let mut t = typed(huaian_2024());
    t.set_cell(DISCLOSED_NATURAL, "1");
    assert_eq!(of_rule(&t, None, Mode::Final, RuleId::T3Row), []);
}

#[test]
fn t3_sum() {
    assert_eq!(
        of_rule(&huaian_2024(), None, Mode::Final, RuleId::T3Sum),
        []
    );
    let mut r = huaian_2024();
    r.set_stated(CellId::T3(T3Row::Total, T3Col::Natural), "2933");
    assert_eq!(
        of_rule(&r, None, Mode::Final, RuleId::T3Sum),
        errors(&["表三 · （七）总计 · 自然人：各项办理结果之和为2932，表中为2933，相差1"])
    );
    // The same stated cell is also the （七） row's part: T3-ROW sees it.
    assert_eq!(
        of_rule(&r, None, Mode::Final, RuleId::T3Row),
        errors(&["表三 · （七）总计 · 总计：各类申请人之和为3051，表中为3050，相差1"])
    );
    let mut t = typed(huaian_2024());
    t.set_cell(DISCLOSED_NATURAL, "1");
    assert_eq!(of_rule(&t, None, Mode::Final, RuleId::T3Sum), []);
}

#[test]
fn t3_bal() {
    assert_eq!(of_rule(&small(), None, Mode::Final, RuleId::T3Bal), []);
    let mut r = small();
    r.set_cell(DISCLOSED_NATURAL, "19");
    assert_eq!(
        of_rule(&r, None, Mode::Final, RuleId::T3Bal),
        errors(&[
            "表三 自然人列：一＋二＝25，（七）总计＋四＝24，相差1",
            "表三 总计列：一＋二＝25，（七）总计＋四＝24，相差1",
        ])
    );
    // Stated totals take part: a printed total that breaks the balance.
    let mut h = huaian_2024();
    h.set_stated(CellId::T3(T3Row::CarriedOver, T3Col::Total), "100");
    assert_eq!(
        of_rule(&h, None, Mode::Final, RuleId::T3Bal),
        errors(&["表三 总计列：一＋二＝3153，（七）总计＋四＝3150，相差3"])
    );
}

#[test]
fn t3_balance_lines_for_live_display() {
    let lines = t3_balance(&small());
    assert_eq!(lines.len(), 7);
    assert_eq!(
        lines[0].text(),
        "自然人列：一＋二＝25，（七）总计＋四＝25，相符"
    );
    assert_eq!(
        lines[6].text(),
        "总计列：一＋二＝25，（七）总计＋四＝25，相符"
    );
    let mut r = small();
    r.set_cell(CellId::T3(T3Row::CarriedOver, T3Col::Natural), "");
    let lines = status_lines(&r, None, SectionId::Requests);
    assert_eq!(lines[0].state, LineState::Incomplete);
    assert_eq!(
        lines[0].text,
        "自然人列：一＋二＝25，（七）总计＋四＝未填完"
    );
    assert_eq!(
        lines[0].targets[3],
        Target::Cell(CellId::T3(T3Row::CarriedOver, T3Col::Natural))
    );
    // An empty report: nothing adds up yet, and nothing is wrong.
    let empty = status_lines(&Report::default(), None, SectionId::Requests);
    assert!(empty.iter().all(|l| l.state == LineState::Incomplete));
    assert_eq!(status_lines(&small(), None, SectionId::Overview), []);
}

#[test]
fn t4_sum() {
    assert_eq!(
        of_rule(&huaian_2024(), None, Mode::Final, RuleId::T4Sum),
        []
    );
    // Typed, the totals are derived and cannot disagree.
    assert_eq!(
        of_rule(&typed(hongze_2023()), None, Mode::Final, RuleId::T4Sum),
        []
    );
    let mut r = huaian_2024();
    r.set_cell(CellId::T4(T4Group::DirectSuit, T4Col::Pending), "2");
    assert_eq!(
        of_rule(&r, None, Mode::Final, RuleId::T4Sum),
        errors(&["表四 行政诉讼 未经复议直接起诉：结果维持＋结果纠正＋其他结果＋尚未审结＝13＋4＋8＋2＝27，表中总计为26，相差1"])
    );
    let lines = status_lines(&r, None, SectionId::Review);
    assert_eq!(
        lines[0].text,
        "行政复议：结果维持＋结果纠正＋其他结果＋尚未审结＝72＋64＋178＋37＝351"
    );
    assert_eq!(
        lines.iter().map(|l| l.state).collect::<Vec<_>>(),
        [LineState::Ok, LineState::Mismatch, LineState::Ok]
    );
}

#[test]
fn t3_other() {
    assert_eq!(
        of_rule(&huaian_2024(), None, Mode::Final, RuleId::T3Other),
        []
    );
    let mut r = small();
    // 12 of 30 results are 「其他处理」: 40%.
    r.set_cell(CellId::T3(T3Row::New, T3Col::Natural), "31");
    r.set_cell(CellId::T3(T3Row::Disclosed, T3Col::Natural), "18");
    r.set_cell(CellId::T3(T3Row::Other1, T3Col::Legal), "5");
    r.set_cell(CellId::T3(T3Row::New, T3Col::Legal), "5");
    r.set_cell(CellId::T3(T3Row::Other3, T3Col::Natural), "7");
    let f: Vec<_> = check(&r, None, &CheckSettings::default(), Mode::Final)
        .into_iter()
        .filter(|f| f.rule == RuleId::T3Other)
        .collect();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].severity, Severity::Hint);
    assert_eq!(
        f[0].message,
        "表三 · （六）其他处理：共12件，占（七）总计30件的40.0%（超过20%），宜在报告中说明原因"
    );
    assert_eq!(
        f[0].targets.last(),
        Some(&Target::Cell(CellId::T3(T3Row::Total, T3Col::Total)))
    );
    // A small agency: 1 of 21 requests, or 9 of 10, is not worth a hint.
    assert_eq!(of_rule(&small(), None, Mode::Final, RuleId::T3Other), []);
    let few = CheckSettings {
        other_min_count: 13,
        ..CheckSettings::default()
    };
    assert!(check(&r, None, &few, Mode::Final)
        .iter()
        .all(|f| f.rule != RuleId::T3Other));
}

// ---------------------------------------------------------------------------
// Year to year
// ---------------------------------------------------------------------------

#[test]
fn x_carry() {
    let last = hongze_2023();
    assert_eq!(
        of_rule(&hongze_2024(), Some(&last), Mode::Final, RuleId::XCarry),
        []
    );
    let mut r = hongze_2024();
    r.set_cell(CellId::T3(T3Row::CarriedIn, T3Col::Natural), "2");
    assert_eq!(
        of_rule(&r, Some(&last), Mode::Final, RuleId::XCarry),
        warnings(&["表三 自然人列：本年“二、上年结转政府信息公开申请数量”为2，上年报告“四、结转下年度继续办理”为0，相差2"])
    );
    // Without last year's report there is nothing to compare.
    assert_eq!(of_rule(&r, None, Mode::Final, RuleId::XCarry), []);
    // Typed, this year's total column follows the changed cell too.
    assert_eq!(
        of_rule(&typed(r), Some(&last), Mode::Final, RuleId::XCarry).len(),
        2
    );
}

#[test]
fn x_valid_is_never_an_error() {
    let last = hongze_2023();
    assert_eq!(
        of_rule(&hongze_2024(), Some(&last), Mode::Final, RuleId::XValid),
        []
    );
    let mut r = hongze_2024();
    r.set_cell(CellId::T2(T2Cell::NormsValid), "9");
    r.set_cell(CellId::T2(T2Cell::RulesRepealed), "1");
    assert_eq!(
        of_rule(&r, Some(&last), Mode::Final, RuleId::XValid),
        warnings(&[
            "表二 规章：上年现行有效件数＋本年制发件数－本年废止件数＝0＋0－1＝-1，本年现行有效件数为0，相差1",
            "表二 行政规范性文件：上年现行有效件数＋本年制发件数－本年废止件数＝5＋3－0＝8，本年现行有效件数为9，相差1",
        ])
    );
    assert_eq!(of_rule(&r, None, Mode::Final, RuleId::XValid), []);
}

// ---------------------------------------------------------------------------
// Texts and header
// ---------------------------------------------------------------------------

#[test]
fn txt_req() {
    let mut r = small();
    assert_eq!(of_rule(&r, None, Mode::Final, RuleId::TxtReq), []);
    r.other = "无".into();
    assert_eq!(of_rule(&r, None, Mode::Final, RuleId::TxtReq), []);
    r.overview = " \n".into();
    r.problems = String::new();
    r.other = "\u{3000}".into();
    assert_eq!(
        of_rule(&r, None, Mode::Drafting, RuleId::TxtReq),
        errors(&[
            "一、总体情况：未填写",
            "五、存在的主要问题及改进情况：未填写",
            "六、其他需要报告的事项：未填写，没有需要报告的事项请填“无”",
        ])
    );
}

#[test]
fn txt_len_counts_characters_not_bytes_nor_whitespace() {
    assert_eq!(
        of_rule(&huaian_2024(), None, Mode::Final, RuleId::TxtLen),
        warnings(&["一、总体情况：共1290字（不计空白），超过1000字"])
    );
    let mut r = small();
    r.overview = format!("{}\n{}", "字".repeat(500), " 字".repeat(500));
    assert_eq!(of_rule(&r, None, Mode::Final, RuleId::TxtLen), []);
    r.overview.push('。');
    assert_eq!(
        of_rule(&r, None, Mode::Final, RuleId::TxtLen),
        warnings(&["一、总体情况：共1001字（不计空白），超过1000字"])
    );
}

#[test]
fn txt_repeat() {
    let last = hongze_2023();
    // 46.5% of the 2024 text's trigrams repeat 2023's: under the threshold.
    assert_eq!(
        of_rule(&hongze_2024(), Some(&last), Mode::Final, RuleId::TxtRepeat),
        []
    );
    let mut r = hongze_2024();
    r.problems = HONGZE_2023_PROBLEMS.replace("2023", "2024");
    assert_eq!(
        of_rule(&r, Some(&last), Mode::Final, RuleId::TxtRepeat),
        warnings(&["五、存在的主要问题及改进情况：约98.9%的内容与上年报告相同（超过50%）"])
    );
    let strict = CheckSettings {
        repeat_max_percent: 40,
        ..CheckSettings::default()
    };
    let found = check(&hongze_2024(), Some(&last), &strict, Mode::Final);
    assert_eq!(
        found
            .iter()
            .filter(|f| f.rule == RuleId::TxtRepeat)
            .map(|f| f.message.as_str())
            .collect::<Vec<_>>(),
        ["五、存在的主要问题及改进情况：约46.5%的内容与上年报告相同（超过40%）"]
    );
    assert_eq!(of_rule(&r, None, Mode::Final, RuleId::TxtRepeat), []);
}

#[test]
fn txt_num_reads_the_real_reports() {
    assert_eq!(
        of_rule(&huaian_2024(), None, Mode::Final, RuleId::TxtNum),
        []
    );
    assert_eq!(
        of_rule(&hongze_2023(), None, Mode::Final, RuleId::TxtNum),
        []
    );
    assert_eq!(
        of_rule(&hongze_2024(), None, Mode::Final, RuleId::TxtNum),
        warnings(&["一、总体情况：文中“区政府办代表区政府受理政府信息公开申请17件”与表三“一、本年新收政府信息公开申请数量”的总计95不一致"])
    );
}

#[test]
fn txt_num_compares_each_figure_with_its_table() {
    let cases = [
        (
            "受理政府信息公开申请 3119 件",
            "受理政府信息公开申请 3118 件",
            "一、总体情况：文中“全市共受理政府信息公开申请3118件”与表三“一、本年新收政府信息公开申请数量”的总计3119不一致",
        ),
        (
            "含上年度结转申请 34 件",
            "含上年度结转申请 35 件",
            "一、总体情况：文中“含上年度结转申请35件”与表三“二、上年结转政府信息公开申请数量”的总计34不一致",
        ),
        (
            "另有 103 件顺延",
            "另有 13 件顺延",
            "一、总体情况：文中“另有13件顺延到下年度答复”与表三“四、结转下年度继续办理”的总计103不一致",
        ),
        (
            "行政复议 351",
            "行政复议 350",
            "一、总体情况：文中“政府信息公开行政复议350件”与表四“行政复议”的总计351不一致",
        ),
        (
            "行政诉讼 46 件",
            "行政诉讼 45 件",
            "一、总体情况：文中“政府信息公开行政诉讼45件”与表四“行政诉讼”两项总计之和26＋20＝46不一致",
        ),
    ];
    for (from, to, want) in cases {
        let mut r = huaian_2024();
        assert!(r.overview.contains(from), "{from}");
        r.overview = r.overview.replace(from, to);
        assert_eq!(
            of_rule(&r, None, Mode::Final, RuleId::TxtNum),
            warnings(&[want]),
            "{from}"
        );
    }
    // Received requests may include the carried-in ones: 3119 + 34.
    let mut r = huaian_2024();
    r.overview = r.overview.replace("申请 3119 件", "申请 3153 件");
    assert_eq!(of_rule(&r, None, Mode::Final, RuleId::TxtNum), []);
    let f = check(&hongze_2024(), None, &CheckSettings::default(), Mode::Final);
    assert_eq!(
        f[0].targets,
        [
            Target::Field(Field::Overview),
            Target::Cell(CellId::T3(T3Row::New, T3Col::Total))
        ]
    );
}

#[test]
fn txt_fee() {
    assert_eq!(
        of_rule(&huaian_2024(), None, Mode::Final, RuleId::TxtFee),
        []
    );
    let r = laocheng_2021();
    let f: Vec<_> = check(&r, None, &CheckSettings::default(), Mode::Final)
        .into_iter()
        .filter(|f| f.rule == RuleId::TxtFee)
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Hint);
    assert_eq!(
        f[0].message,
        "六、其他需要报告的事项：未说明是否收取信息处理费"
    );
    assert_eq!(f[0].targets, [Target::Field(Field::Other)]);
}

#[test]
fn meta() {
    assert_eq!(of_rule(&huaian_2024(), None, Mode::Final, RuleId::Meta), []);
    let mut r = small();
    r.year = "２０２４年".into();
    assert_eq!(of_rule(&r, None, Mode::Final, RuleId::Meta), []);
    let cases = [
        ("", "", vec!["单位名称：未填写", "报告年度：未填写"]),
        (
            "测试局",
            "24",
            vec!["报告年度：应为四位数字的年份（如2025），现为“24”"],
        ),
        (
            "测试局",
            "2030",
            vec!["报告年度：应在2019年至2026年之间，现为“2030”"],
        ),
        (
            "测试局",
            "2018",
            vec!["报告年度：应在2019年至2026年之间，现为“2018”"],
        ),
    ];
    for (agency, year, want) in cases {
        r.agency = agency.into();
        r.year = year.into();
        assert_eq!(
            of_rule(&r, None, Mode::Drafting, RuleId::Meta),
            errors(&want),
            "{agency:?} {year:?}"
        );
    }
    // The current year comes from the settings, not the clock.
    let later = CheckSettings {
        current_year: 2030,
        ..CheckSettings::default()
    };
    r.year = "2030".into();
    assert!(check(&r, None, &later, Mode::Final)
        .iter()
        .all(|f| f.rule != RuleId::Meta));
}

// ---------------------------------------------------------------------------
// The findings as a whole
// ---------------------------------------------------------------------------

#[test]
fn findings_come_in_report_order() {
    let mut r = small();
    r.agency = String::new();
    r.problems = String::new();
    r.set_cell(CellId::T4(T4Group::Review, T4Col::Upheld), "x");
    r.set_cell(CellId::T2(T2Cell::Licensing), "-3");
    r.set_cell(DISCLOSED_NATURAL, "19");
    r.overview = "字".repeat(1001);
    let rules: Vec<&str> = check(&r, None, &CheckSettings::default(), Mode::Final)
        .iter()
        .map(|f| f.rule.id())
        .collect();
    assert_eq!(
        rules,
        ["META", "TXT-LEN", "CELL-INT", "T3-BAL", "T3-BAL", "CELL-INT", "TXT-REQ"]
    );
}

#[test]
fn every_rule_has_its_table_id() {
    let ids: Vec<&str> = RuleId::ALL.iter().map(|r| r.id()).collect();
    assert_eq!(
        ids,
        [
            "CELL-INT",
            "CELL-FEE",
            "CELL-EMPTY",
            "T3-ROW",
            "T3-SUM",
            "T3-BAL",
            "T4-SUM",
            "X-CARRY",
            "X-VALID",
            "TXT-REQ",
            "TXT-LEN",
            "TXT-REPEAT",
            "TXT-NUM",
            "TXT-FEE",
            "T3-OTHER",
            "META"
        ]
    );
    // The rule table of the format lists the same ids, in the same order.
    let md = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/format-2021.md"
    ))
    .expect("shared/format-2021.md beside the repository");
    let table_ids: Vec<&str> = md
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .filter(|id| {
            id.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
        })
        .filter(|id| id.contains(|c: char| c.is_ascii_uppercase()))
        .collect();
    assert_eq!(table_ids, ids);
}

#[test]
fn fixtures_serialise_and_come_back_equal() {
    for r in [huaian_2024(), hongze_2023(), hongze_2024(), laocheng_2021()] {
        let json = serde_json::to_string(&r).expect("serialise");
        let back: Report = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, r);
        // Entered cells only in `cells`, totals only in `stated_totals`.
        assert!(r.cells().keys().all(|c| !c.is_computed()));
        assert!(r.stated_totals().keys().all(|c| c.is_computed()));
    }
    assert_eq!(huaian_2024().cells().len(), CellId::entered().count());
    assert_eq!(huaian_2024().stated_totals().len(), 25 + 6 + 3);
    assert_eq!(
        laocheng_2021().cells().len(),
        CellId::entered().count() - LAOCHENG_LOST_ROWS.len() * 6
    );
}

//! Importers: the four real reports of `shared/reports/` read back cell by
//! cell and text by text against the hand-typed fixtures, every input kind
//! (JSON, HTML, text with tabs, `|` or spaces, Word), the 2019 format, run
//! together digits, refusals with their Chinese messages, round trips, and
//! generated input that must never panic.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::time::Instant;

use common::reports::{hongze_2023, hongze_2024, huaian_2024, laocheng_2021, LAOCHENG_LOST_ROWS};
use nianbao::domain::export::{export, file_name, Format};
use nianbao::domain::format::{CellId, T2Cell, T3Col, T3Row, T4Col, T4Group};
use nianbao::domain::import::{import, import_text, ImportError, Imported, SourceKind, MAX_BYTES};
use nianbao::domain::model::Report;
use nianbao::domain::rules::{check, CheckSettings, Mode, RuleId, Severity};
use nianbao::domain::zip::{Method, ZipWriter};

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
    assert_eq!(got.cells(), want.cells());
    assert_eq!(got.stated_totals(), want.stated_totals());
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
    // The final check asks for exactly the 30 entered cells that were lost
    // (the lost totals are computed, so they are not asked for), and hints
    // that 六 「无」 does not say whether a fee was collected.
    let mut want = vec![(RuleId::CellEmpty, Severity::Error); 30];
    want.push((RuleId::TxtFee, Severity::Hint));
    assert_eq!(rules_of(&got.report, None), want);
}

// ---------------------------------------------------------------------------
// Published-style HTML and typed tables, built from the fixtures
// ---------------------------------------------------------------------------

/// Escapes text for HTML, and writes curly quotes as entities as Word's
/// 「save as web page」 does, so decoding is exercised.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('“', "&ldquo;")
        .replace('”', "&rdquo;")
}

fn td(text: &str, rowspan: usize, colspan: usize) -> String {
    let mut attrs = String::new();
    if rowspan > 1 {
        attrs.push_str(&format!(" rowspan=\"{rowspan}\""));
    }
    if colspan > 1 {
        attrs.push_str(&format!(" colspan={colspan}"));
    }
    // Word wraps cell text in <p><span>; 「&nbsp;」 pads empty cells.
    format!(
        "<td{attrs} valign=top><p align=center><span style='font-size:10.5pt'>{}</span></p></td>",
        esc(text)
    )
}

/// A page as government sites publish one: navigation, title, date line,
/// then the report with tables whose labels span rows and columns exactly
/// as the format's published HTML does (三、本年度办理结果 over 22 rows …).
fn published_html(r: &Report) -> String {
    let mut h = String::from(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>年度报告</title>\
         <script>var a = '<table><tr><td>1</td></tr></table>';</script>\
         <style>td { border: 1px }</style></head><body>\
         <div class=nav>首页 &gt; 政务公开 &gt; 年度报告</div>\n",
    );
    h.push_str(&format!(
        "<h1>{}{}年政府信息公开工作年度报告</h1>\n",
        esc(&r.agency),
        r.year
    ));
    h.push_str("<div class=info>发布日期：2025-01-20</div><!-- 正文 -->\n");
    let paras = |h: &mut String, text: &str| {
        for p in text.split('\n') {
            h.push_str(&format!(
                "<p style=\"text-indent:2em\">&nbsp;&nbsp;{}</p>\n",
                esc(p)
            ));
        }
    };
    if r.preamble.enabled {
        paras(&mut h, &r.preamble.text);
    }
    let cell = |id: CellId| r.cell(id).to_owned();
    h.push_str("<p><strong>一、总体情况</strong></p>\n");
    paras(&mut h, &r.overview);
    h.push_str("<p><b>二、主动公开政府信息情况</b></p><table border=1>");
    for (block, header, rows) in [
        (
            "第二十条第（一）项",
            vec!["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            vec![
                (
                    "规章",
                    vec![
                        T2Cell::RulesIssued,
                        T2Cell::RulesRepealed,
                        T2Cell::RulesValid,
                    ],
                ),
                (
                    "行政规范性文件",
                    vec![
                        T2Cell::NormsIssued,
                        T2Cell::NormsRepealed,
                        T2Cell::NormsValid,
                    ],
                ),
            ],
        ),
        (
            "第二十条第（五）项",
            vec!["信息内容", "本年处理决定数量"],
            vec![("行政许可", vec![T2Cell::Licensing])],
        ),
        (
            "第二十条第（六）项",
            vec!["信息内容", "本年处理决定数量"],
            vec![
                ("行政处罚", vec![T2Cell::Penalty]),
                ("行政强制", vec![T2Cell::Enforcement]),
            ],
        ),
        (
            "第二十条第（八）项",
            vec!["信息内容", "本年收费金额（单位：万元）"],
            vec![("行政事业性收费", vec![T2Cell::Fee])],
        ),
    ] {
        h.push_str(&format!("<tr>{}</tr>", td(block, 1, 4)));
        let span = 4 - header.len() + 1;
        let mut row = String::new();
        for (i, c) in header.iter().enumerate() {
            row.push_str(&td(c, 1, if i + 1 == header.len() { span } else { 1 }));
        }
        h.push_str(&format!("<tr>{row}</tr>"));
        for (label, cells) in rows {
            let mut row = td(label, 1, 1);
            for (i, c) in cells.iter().enumerate() {
                let span = if i + 1 == cells.len() {
                    4 - cells.len()
                } else {
                    1
                };
                row.push_str(&td(&cell(CellId::T2(*c)), 1, span));
            }
            h.push_str(&format!("<tr>{row}</tr>"));
        }
    }
    h.push_str("</table>\n<p>三、收到和处理政府信息公开申请情况</p>\n<table>");
    h.push_str(&format!(
        "<tr>{}{}</tr><tr>{}{}{}</tr><tr>{}{}{}{}{}</tr>",
        td(
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            3,
            3
        ),
        td("申请人情况", 1, 7),
        td("自然人", 2, 1),
        td("法人或其他组织", 1, 5),
        td("总计", 2, 1),
        td("商业企业", 1, 1),
        td("科研机构", 1, 1),
        td("社会公益组织", 1, 1),
        td("法律服务机构", 1, 1),
        td("其他", 1, 1),
    ));
    for row in T3Row::ALL {
        let mut tr = String::new();
        let numbered = row.sub_group().is_some();
        if row == T3Row::Disclosed {
            tr.push_str(&td("三、本年度办理结果", 22, 1));
        }
        if let Some(g) = row.sub_group() {
            if g.rows().next() == Some(row) {
                tr.push_str(&td(g.label(), g.rows().count(), 1));
            }
        }
        let span = if !row.in_results() {
            3
        } else if numbered {
            1
        } else {
            2
        };
        tr.push_str(&td(row.label(), 1, span));
        for c in T3Col::ALL {
            let t = cell(CellId::T3(row, c));
            tr.push_str(&if t.is_empty() {
                td("\u{a0}", 1, 1).replace('\u{a0}', "&nbsp;")
            } else {
                td(&t, 1, 1)
            });
        }
        h.push_str(&format!("<tr>{tr}</tr>"));
    }
    h.push_str("</table><p>四、政府信息公开行政复议、行政诉讼情况</p><table>");
    h.push_str(&format!(
        "<tr>{}{}</tr><tr>{}{}</tr><tr>",
        td("行政复议", 1, 5),
        td("行政诉讼", 1, 10),
        td("未经复议直接起诉", 1, 5),
        td("复议后起诉", 1, 5),
    ));
    let heads: String = T4Col::ALL.iter().map(|c| td(c.label(), 1, 1)).collect();
    for _ in T4Group::ALL {
        h.push_str(&heads);
    }
    h.push_str("</tr><tr>");
    for g in T4Group::ALL {
        for c in T4Col::ALL {
            h.push_str(&td(&cell(CellId::T4(g, c)), 1, 1));
        }
    }
    h.push_str("</tr></table>\n<p>五、存在的主要问题及改进情况</p>");
    paras(&mut h, &r.problems);
    h.push_str("<p>六、其他需要报告的事项</p>");
    paras(&mut h, &r.other);
    h.push_str("</body></html>");
    h
}

#[test]
fn html_pages_with_spanned_tables_import_exactly() {
    for (name, fixture) in [
        ("huaian", huaian_2024()),
        ("hongze_2023", hongze_2023()),
        ("hongze_2024", hongze_2024()),
        ("laocheng", laocheng_2021()),
    ] {
        let page = published_html(&fixture);
        let got =
            import(page.as_bytes(), Some("report.html")).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got.format, SourceKind::Html);
        assert_same_report(&got.report, &fixture);
        assert_eq!(
            got.notes,
            ["标题与「一、总体情况」之间的文字不像前言，未导入：「发布日期：2025-01-20」"],
            "{name}"
        );
        // The name does not decide: the same page without it is HTML too.
        assert_eq!(import_text(&page).map(|i| i.format), Ok(SourceKind::Html));
    }
    let got = import(published_html(&laocheng_2021()).as_bytes(), None).expect("import");
    assert_eq!(got.unreadable.len(), 35);
    assert!(got
        .unreadable
        .iter()
        .all(|u| u.reason == "原表此行没有数字"));
}

/// The report as typed text: paragraphs between blank lines and tables
/// with `|` between cells (Markdown style, with its separator line).
fn pipe_text(r: &Report) -> String {
    let mut t = format!("{}{}年政府信息公开工作年度报告\n\n", r.agency, r.year);
    if r.preamble.enabled {
        t.push_str(&format!("{}\n\n", r.preamble.text));
    }
    let cell = |id: CellId| r.cell(id).to_owned();
    t.push_str(&format!(
        "一、总体情况\n\n{}\n\n二、主动公开政府信息情况\n\n",
        r.overview.replace('\n', "\n\n")
    ));
    t.push_str("| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n");
    for (label, cells) in [
        (
            "规章",
            [
                T2Cell::RulesIssued,
                T2Cell::RulesRepealed,
                T2Cell::RulesValid,
            ],
        ),
        (
            "行政规范性文件",
            [
                T2Cell::NormsIssued,
                T2Cell::NormsRepealed,
                T2Cell::NormsValid,
            ],
        ),
    ] {
        let cs: Vec<String> = cells.iter().map(|c| cell(CellId::T2(*c))).collect();
        t.push_str(&format!("| {label} | {} |\n", cs.join(" | ")));
    }
    for (label, c) in [
        ("行政许可", T2Cell::Licensing),
        ("行政处罚", T2Cell::Penalty),
        ("行政强制", T2Cell::Enforcement),
    ] {
        t.push_str(&format!("| {label} | {} |\n", cell(CellId::T2(c))));
    }
    t.push_str(&format!(
        "| 行政事业性收费 | {} |\n\n三、收到和处理政府信息公开申请情况\n\n",
        cell(CellId::T2(T2Cell::Fee))
    ));
    t.push_str("| | 自然人 | 商业企业 | 科研机构 | 社会组织 | 法律服务机构 | 其他 | 总计 |\n");
    for row in T3Row::ALL {
        let cs: Vec<String> = T3Col::ALL
            .iter()
            .map(|c| cell(CellId::T3(row, *c)))
            .collect();
        t.push_str(&format!("| {} | {} |\n", row.full_label(), cs.join(" | ")));
    }
    t.push_str("\n四、政府信息公开行政复议、行政诉讼情况\n\n| 行政复议 | 行政诉讼 |\n");
    let cs: Vec<String> = CellId::all()
        .filter(|c| matches!(c, CellId::T4(..)))
        .map(cell)
        .collect();
    t.push_str(&format!("| {} |\n\n", cs.join(" | ")));
    t.push_str(&format!(
        "五、存在的主要问题及改进情况\n\n{}\n\n六、其他需要报告的事项\n\n{}\n",
        r.problems.replace('\n', "\n\n"),
        r.other
    ));
    t
}

#[test]
fn pipe_tables_import_exactly() {
    for fixture in [huaian_2024(), hongze_2023(), hongze_2024(), laocheng_2021()] {
        let got = import_text(&pipe_text(&fixture)).expect("import");
        assert_same_report(&got.report, &fixture);
        assert_eq!(got.notes, Vec::<String>::new());
    }
}

#[test]
fn none_words_units_and_blank_cells_are_kept_or_reported() {
    let mut r = huaian_2024();
    r.set_cell(CellId::T2(T2Cell::Fee), "75394432.52元");
    r.set_cell(CellId::T2(T2Cell::Licensing), "447228件");
    r.set_cell(CellId::T3(T3Row::Refused1, T3Col::Research), "无");
    r.set_cell(CellId::T3(T3Row::Refused2, T3Col::Research), "/");
    r.set_cell(CellId::T3(T3Row::Refused3, T3Col::Research), "—");
    r.set_cell(CellId::T3(T3Row::Refused4, T3Col::Research), "");
    let got = import_text(&pipe_text(&r)).expect("import");
    // Kept as printed, so the number rules speak.
    assert_same_report(&got.report, &r);
    let unreadable: Vec<String> = got.unreadable.iter().map(ToString::to_string).collect();
    assert_eq!(
        unreadable,
        ["表三 · （三）不予公开 4.保护第三方合法权益 · 科研机构：原表此格为空"]
    );
    let messages: Vec<String> = check(&got.report, None, &CheckSettings::default(), Mode::Final)
        .into_iter()
        .filter(|f| {
            matches!(
                f.rule,
                RuleId::CellInt | RuleId::CellFee | RuleId::CellEmpty
            )
        })
        .map(|f| f.message)
        .collect();
    assert_eq!(
        messages,
        [
            "表二 · 行政事业性收费 · 本年收费金额（单位：万元）：看起来是以元为单位，请换算为万元（75394432.52元 ＝ 7539.443252万元）",
            "表三 · （三）不予公开 1.属于国家秘密 · 科研机构：没有的请填0，现为“无”",
            "表三 · （三）不予公开 2.其他法律行政法规禁止公开 · 科研机构：没有的请填0，现为“/”",
            "表三 · （三）不予公开 3.危及“三安全一稳定” · 科研机构：没有的请填0，现为“—”",
            "表三 · （三）不予公开 4.保护第三方合法权益 · 科研机构：未填写，没有的请填0",
        ]
    );
}

// ---------------------------------------------------------------------------
// Run-together digits
// ---------------------------------------------------------------------------

/// The 淮安市 extraction with one line replaced.
fn huaian_with(line: &str, replacement: &str) -> String {
    let text = String::from_utf8(shared("2024_huaian-shi.txt")).expect("utf-8");
    assert!(text.contains(line), "{line}");
    text.replacen(line, replacement, 1)
}

#[test]
fn run_together_digits_split_when_exactly_one_split_adds_up() {
    let got = import_text(&huaian_with(
        "一、本年新收政府信息公开申请数量 3001 53 0 0 61 4 3119",
        "一、本年新收政府信息公开申请数量 300153006143119",
    ))
    .expect("import");
    assert_same_report(&got.report, &huaian_2024());
    assert_eq!(
        got.notes,
        ["表三 · 一、本年新收政府信息公开申请数量：数字连在一起印为「300153006143119」，按“总计＝各类申请人之和”只有一种拆分，已拆为「3001 53 0 0 61 4 3119」，请核对"]
    );
    assert_eq!(got.ambiguous, []);

    // Split in two places: still one way.
    let got = import_text(&huaian_with(
        "二、上年结转政府信息公开申请数量 34 0 0 0 0 0 34",
        "二、上年结转政府信息公开申请数量 3400 00034",
    ))
    .expect("import");
    assert_same_report(&got.report, &huaian_2024());
}

#[test]
fn run_together_digits_that_split_several_ways_are_ambiguous() {
    // 「20110320155」: 20+1+10+3+20+1 = 55 and 20+11+0+3+20+1 = 55. The
    // column rules cannot choose (no split gives the 11 the other rows
    // need), so only the row's own rule counts: the cells both splits agree
    // on are taken, the two others are left open with both candidates.
    let got = import_text(&huaian_with(
        "2.没有现成信息需要另行制作 11 0 0 0 0 0 11",
        "2.没有现成信息需要另行制作 20110320155",
    ))
    .expect("import");
    let cell = |c| CellId::T3(T3Row::Unable2, c);
    let row: Vec<CellId> = T3Col::ALL.iter().map(|&c| cell(c)).collect();
    assert_eq!(got.ambiguous.len(), 1);
    assert_eq!(got.ambiguous[0].cells, row);
    assert_eq!(
        got.ambiguous[0].to_string(),
        "表三 · （四）无法提供 2.没有现成信息需要另行制作：原表印为「20110320155」，有多种拆分都满足“总计＝各类申请人之和”"
    );
    assert_eq!(
        got.ambiguous[0].candidates,
        [
            ["20", "1", "10", "3", "20", "1", "55"],
            ["20", "11", "0", "3", "20", "1", "55"]
        ]
    );
    let unreadable: Vec<CellId> = got.unreadable.iter().map(|u| u.cell).collect();
    assert_eq!(unreadable, [cell(T3Col::Business), cell(T3Col::Research)]);
    let filled: Vec<&str> = row.iter().map(|c| got.report.cell(*c)).collect();
    assert_eq!(filled, ["20", "", "", "3", "20", "1", "55"]);
    assert!(got.notes.iter().any(|n| n.contains("不满足各列的勾稽关系")));
    // Picking a candidate fills the open cells; 「留空」 empties them again.
    let mut picked = got.clone();
    assert!(picked.choose(0, Some(1)));
    let filled: Vec<&str> = row.iter().map(|c| picked.report.cell(*c)).collect();
    assert_eq!(filled, ["20", "11", "0", "3", "20", "1", "55"]);
    assert!(picked.unreadable.is_empty());
    assert!(picked.choose(0, None));
    assert_eq!(picked.report, got.report);
    assert_eq!(picked.unreadable, got.unreadable);
    assert!(!picked.choose(0, Some(2)));
    assert!(!picked.choose(1, None));

    // No split adds up: 「11000011」.
    let got = import_text(&huaian_with(
        "2.没有现成信息需要另行制作 11 0 0 0 0 0 11",
        "2.没有现成信息需要另行制作 11000011",
    ))
    .expect("import");
    assert_eq!(
        got.ambiguous[0].reason,
        "没有一种拆分满足“总计＝各类申请人之和”"
    );

    // Table 四 run together: the block rule fixes the first two blocks and
    // the last total; 「12116」 with total 20 splits three ways (12 1 1 6,
    // 1 2 11 6, 1 2 1 16), and the text's 「行政诉讼46件」 (26 + 20) cannot
    // tell them apart, so those four cells stay open.
    let got = import_text(&huaian_with(
        "72 64 178 37 351 13 4 8 1 26 12 1 1 6 20",
        "72641783735113481261211620",
    ))
    .expect("import");
    let t4: Vec<&str> = CellId::all()
        .filter(|c| matches!(c, CellId::T4(..)))
        .map(|c| got.report.cell(c))
        .collect();
    assert_eq!(
        t4,
        ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "", "", "", "", "20"]
    );
    assert_eq!(got.ambiguous.len(), 1);
    assert_eq!(got.ambiguous[0].cells.len(), 15);
    let last_block: Vec<Vec<&str>> = got.ambiguous[0]
        .candidates
        .iter()
        .map(|c| c[10..14].iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        last_block,
        [
            ["1", "2", "1", "16"],
            ["1", "2", "11", "6"],
            ["12", "1", "1", "6"]
        ]
    );
    assert_eq!(got.unreadable.len(), 4);
    assert_eq!(got.settled, []);
}

#[test]
fn short_rows_are_unreadable_not_guessed() {
    let got = import_text(&huaian_with(
        "3.补正后申请内容仍不明确 1 0 0 0 0 0 1",
        "3.补正后申请内容仍不明确 1 0 0 1",
    ))
    .expect("import");
    let reasons: Vec<String> = got.unreadable.iter().map(|u| u.reason.clone()).collect();
    assert_eq!(
        reasons,
        vec![
            "原表此行只有4个数，应有7个，无法确定各数所在的列".to_owned();
            7
        ]
    );
    assert_eq!(got.ambiguous, []);
}

// ---------------------------------------------------------------------------
// The 2019 format
// ---------------------------------------------------------------------------

/// A 2020 report in the 2019 format, as a web page copied as text (tabs).
const REPORT_2019: &str = "某某县人民政府办公室2020年政府信息公开工作年度报告

一、总体情况

2020年，我办认真贯彻落实《中华人民共和国政府信息公开条例》。

二、主动公开政府信息情况

第二十条第（一）项
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t0\t0\t0
规范性文件\t5\t5\t37
第二十条第（五）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t120\t-3\t4512
其他对外管理服务事项\t12\t0\t40
第二十条第（六）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政处罚\t300\t5\t876
行政强制\t20\t0\t31
第二十条第（八）项
信息内容\t上一年项目数量\t本年增/减
行政事业性收费\t15\t-2
第二十条第（九）项
信息内容\t采购项目数量\t采购总金额
政府集中采购\t42\t1234.5

三、收到和处理政府信息公开申请情况

\t\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计
一、本年新收政府信息公开申请数量\t\t5\t0\t0\t0\t0\t0\t5
二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0
三、本年度办理结果\t（一）予以公开\t2\t0\t0\t0\t0\t0\t2
\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t0\t0\t0\t0\t0\t0\t0
\t（三）不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0
\t\t2.其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0
\t\t3.危及“三安全一稳定”\t0\t0\t0\t0\t0\t0\t0
\t\t4.保护第三方合法权益\t0\t0\t0\t0\t0\t0\t0
\t\t5.属于三类内部事务信息\t0\t0\t0\t0\t0\t0\t0
\t\t6.属于四类过程性信息\t0\t0\t0\t0\t0\t0\t0
\t\t7.属于行政执法案卷\t0\t0\t0\t0\t0\t0\t0
\t\t8.属于行政查询事项\t0\t0\t0\t0\t0\t0\t0
\t（四）无法提供\t1.本机关不掌握相关政府信息\t0\t0\t0\t0\t0\t0\t0
\t\t2.没有现成信息需要另行制作\t0\t0\t0\t0\t0\t0\t0
\t\t3.补正后申请内容仍不明确\t0\t0\t0\t0\t0\t0\t0
\t（五）不予处理\t1.信访举报投诉类申请\t0\t0\t0\t0\t0\t0\t0
\t\t2.重复申请\t0\t0\t0\t0\t0\t0\t0
\t\t3.要求提供公开出版物\t0\t0\t0\t0\t0\t0\t0
\t\t4.无正当理由大量反复申请\t0\t0\t0\t0\t0\t0\t0
\t\t5.要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0
\t（六）其他处理\t\t3\t0\t0\t0\t0\t0\t3
\t（七）总计\t\t5\t0\t0\t0\t0\t0\t5
四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0

四、政府信息公开行政复议、行政诉讼情况

行政复议\t\t\t\t\t行政诉讼
结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计
0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0

五、存在的主要问题及改进情况

无。

六、其他需要报告的事项

无。
";

#[test]
fn the_2019_format_maps_what_it_can_and_says_what_it_cannot() {
    let got = import_text(REPORT_2019).expect("import");
    let r = &got.report;
    assert_eq!(
        (r.agency.as_str(), r.year.as_str()),
        ("某某县人民政府办公室", "2020")
    );
    let t2: Vec<&str> = T2Cell::ALL.iter().map(|&c| r.cell(CellId::T2(c))).collect();
    // 本年新制作数量 → 本年制发件数, 处理决定数量 → 本年处理决定数量; no fee.
    assert_eq!(t2, ["0", "", "", "5", "", "", "4512", "876", "31", ""]);
    let unreadable: Vec<String> = got
        .unreadable
        .iter()
        .filter(|u| matches!(u.cell, CellId::T2(_)))
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        unreadable,
        [
            "表二 · 规章 · 本年废止件数：原表（2019年格式）没有「本年废止件数」这一列",
            "表二 · 规章 · 现行有效件数：原表（2019年格式）没有「现行有效件数」这一列",
            "表二 · 行政规范性文件 · 本年废止件数：原表（2019年格式）没有「本年废止件数」这一列",
            "表二 · 行政规范性文件 · 现行有效件数：原表（2019年格式）没有「现行有效件数」这一列",
            "表二 · 行政事业性收费 · 本年收费金额（单位：万元）：原表（2019年格式）没有「本年收费金额（单位：万元）」这一列",
        ]
    );
    assert_eq!(
        got.notes,
        [
            "原报告表格使用2019年格式（国办公开办函〔2019〕60号）：能对应到2021年格式的数字已导入，不能对应的见以下说明。",
            "表二「规章」行的2019年格式列「本年新制作数量」已按2021年格式的「本年制发件数」导入，请核对",
            "表二「规章」行的2019年格式列在2021年格式中没有对应项，未导入：本年新公开数量 0，对外公开总数量 0",
            "表二「规范性文件」行的2019年格式列「本年新制作数量」已按2021年格式的「本年制发件数」导入，请核对",
            "表二「规范性文件」行的2019年格式列在2021年格式中没有对应项，未导入：本年新公开数量 5，对外公开总数量 37",
            "表二「行政许可」行的2019年格式列「处理决定数量」已按2021年格式的「本年处理决定数量」导入，请核对",
            "表二「行政许可」行的2019年格式列在2021年格式中没有对应项，未导入：上一年项目数量 120，本年增/减 -3",
            "表二「其他对外管理服务事项」行（2019年格式）在2021年格式中没有对应项，其数字「12 0 40」未导入",
            "表二「行政处罚」行的2019年格式列「处理决定数量」已按2021年格式的「本年处理决定数量」导入，请核对",
            "表二「行政处罚」行的2019年格式列在2021年格式中没有对应项，未导入：上一年项目数量 300，本年增/减 5",
            "表二「行政强制」行的2019年格式列「处理决定数量」已按2021年格式的「本年处理决定数量」导入，请核对",
            "表二「行政强制」行的2019年格式列在2021年格式中没有对应项，未导入：上一年项目数量 20，本年增/减 0",
            "表二「行政事业性收费」行的2019年格式列在2021年格式中没有对应项，未导入：上一年项目数量 15，本年增/减 -2",
            "表二「政府集中采购」行（2019年格式）在2021年格式中没有对应项，其数字「42 1234.5」未导入",
            "表三「（六）其他处理」为2019年格式的单行，印有：自然人 3，商业企业 0，科研机构 0，社会公益组织 0，法律服务机构 0，其他 0，总计 3。2021年格式分为（六）1–3三项，无法确定如何拆分，三项已留空，请按实际情况填写；（七）总计仍按原表",
        ]
    );
    // The single （六） row is not split: （六）1–3 are unreadable, and the
    // stated （七）总计 still counts its 3, so T3-SUM asks for the split.
    let other: Vec<CellId> = [T3Row::Other1, T3Row::Other2, T3Row::Other3]
        .into_iter()
        .flat_map(|r| T3Col::ALL.into_iter().map(move |c| CellId::T3(r, c)))
        .collect();
    let t3_unreadable: Vec<CellId> = got
        .unreadable
        .iter()
        .filter(|u| matches!(u.cell, CellId::T3(..)))
        .map(|u| u.cell)
        .collect();
    assert_eq!(t3_unreadable, other);
    assert_eq!(
        got.unreadable.last().map(|u| u.reason.as_str()),
        Some("原表为2019年格式的单行「（六）其他处理」，无法拆分到1–3项")
    );
    assert_eq!(r.cell(CellId::T3(T3Row::Total, T3Col::Natural)), "5");
    let sums: Vec<String> = check(r, None, &CheckSettings::default(), Mode::Final)
        .into_iter()
        .filter(|f| f.rule == RuleId::T3Sum)
        .map(|f| f.message)
        .collect();
    assert_eq!(
        sums,
        [
            "表三 · （七）总计 · 自然人：各项办理结果之和为2，表中为5，相差3",
            "表三 · （七）总计 · 总计：各项办理结果之和为2，表中为5，相差3",
        ]
    );
}

// ---------------------------------------------------------------------------
// Refusals, encodings and our own JSON
// ---------------------------------------------------------------------------

#[test]
fn bad_input_is_refused_with_a_chinese_message() {
    let refused = |bytes: &[u8], name: Option<&str>| import(bytes, name).expect_err("refused");
    assert_eq!(refused(b"", None), ImportError::Empty);
    assert_eq!(
        refused(" \n\t\u{3000}\n".as_bytes(), Some("a.txt")),
        ImportError::Empty
    );
    assert_eq!(
        refused(&vec![b'0'; MAX_BYTES + 1], None),
        ImportError::TooLarge {
            bytes: MAX_BYTES + 1
        }
    );
    // A PDF cut after its first object: no page to read.
    assert!(matches!(
        refused(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj", Some("a.pdf")),
        ImportError::PdfUnreadable(_)
    ));
    assert_eq!(
        refused(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None),
        ImportError::Image
    );
    // A Word 97 file cut after its signature: read as one, and broken.
    let cut = refused(
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
        Some("a.doc"),
    );
    assert!(matches!(cut, ImportError::BadDocx(_)), "{cut:?}");
    assert!(cut.to_string().starts_with("Word文档无法读取"), "{cut}");
    assert_eq!(
        refused(&[0x1F, 0x8B, 8, 0, 0, 0], None),
        ImportError::Archive
    );
    let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    assert_eq!(refused(&junk, Some("report.txt")), ImportError::Binary);
    // 「中文报告」 in GBK: without a decoder (the browser passes its own)
    // it is refused, naming the encoding.
    let gbk = refused(&[0xD6, 0xD0, 0xCE, 0xC4, 0xB1, 0xA8, 0xB8, 0xE6], None);
    assert_eq!(gbk, ImportError::Encoding("gb18030".into()));
    assert!(gbk.to_string().contains("gb18030"));
    // Neither UTF-8 nor GBK (Latin-1 text).
    assert_eq!(
        refused(b"caf\xE9 cr\xE8me br\xFBl\xE9e \xE0 la fran\xE7aise", None),
        ImportError::NotUtf8
    );
    // A different document.
    let notice = "关于做好2025年春节期间安全生产工作的通知\n\n各乡镇人民政府：\n现将有关事项通知如下。\n一、高度重视\n二、加强检查\n";
    assert_eq!(refused(notice.as_bytes(), None), ImportError::NotAReport);
    assert_eq!(
        refused(
            b"<html><body><p>Hello</p><table><tr><td>1</td><td>2</td></tr></table></body></html>",
            None
        ),
        ImportError::NotAReport
    );
    assert_eq!(
        refused(br#"{"name": "x", "version": 3}"#, Some("a.json")),
        ImportError::ForeignJson
    );
    assert_eq!(refused(b"[1, 2, 3]", None), ImportError::ForeignJson);
    assert_eq!(
        refused(
            br#"{"kind":"nianbao-backup","schema":1,"exported_at":0,"drafts":[]}"#,
            None
        ),
        ImportError::Backup
    );
    assert_eq!(
        refused(br#"{"schema": 2, "agency": "x"}"#, None),
        ImportError::NewerSchema(2)
    );
    assert!(matches!(
        refused(br#"{"schema": 1, "agency": "x", "cel"#, None),
        ImportError::BadJson(_)
    ));

    // The messages say what happened and what to do, in Chinese.
    assert_eq!(
        ImportError::PdfUnreadable("文件已加密".into()).to_string(),
        "PDF文件中的文字无法读取（文件已加密）。请在PDF阅读器中全选并复制报告文字，粘贴到导入框；或导入网页版、Word版报告。"
    );
    assert_eq!(
        ImportError::NotUtf8.to_string(),
        "文件的文字编码无法识别（不是UTF-8，也不是GBK）。请用记事本或WPS将文件另存为UTF-8编码后再导入，或直接复制文字粘贴。"
    );
    assert_eq!(
        ImportError::TooLarge { bytes: 11 << 20 }.to_string(),
        "文件太大（11.0 MB），超过10 MB的上限，不像是一份年度报告。请只导入报告本身。"
    );
    assert_eq!(
        ImportError::TooLarge {
            bytes: (10 << 20) + 110_000
        }
        .to_string(),
        "文件太大（10.1 MB），超过10 MB的上限，不像是一份年度报告。请只导入报告本身。"
    );
    assert_eq!(
        ImportError::NotAReport.to_string(),
        "没有在文件中找到政府信息公开工作年度报告的内容（标题、“一、总体情况”等章节或统计表格）。请确认导入的是年度报告。"
    );
    assert_eq!(import_text(""), Err(ImportError::Empty));
    assert_eq!(import_text("a\0b"), Err(ImportError::Binary));
}

#[test]
fn utf16_byte_order_marks_and_crlf_read_the_same() {
    let text = String::from_utf8(shared("2024_huaian-shi.txt")).expect("utf-8");
    let want = huaian_2024();
    let mut utf16le = vec![0xFF, 0xFE];
    utf16le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut utf16be = vec![0xFE, 0xFF];
    utf16be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let mut bom_crlf = b"\xEF\xBB\xBF".to_vec();
    bom_crlf.extend(text.replace('\n', "\r\n").into_bytes());
    for bytes in [utf16le, utf16be, bom_crlf] {
        assert_same_report(&import(&bytes, None).expect("import").report, &want);
    }
}

#[test]
fn json_of_every_fixture_round_trips_exactly() {
    for r in [huaian_2024(), hongze_2023(), hongze_2024(), laocheng_2021()] {
        for json in [
            serde_json::to_string(&r).expect("json"),
            serde_json::to_string_pretty(&r).expect("json"),
        ] {
            let got = import(json.as_bytes(), Some("report.json")).expect("import");
            assert_eq!(got.format, SourceKind::Json);
            assert_eq!(got.report, r);
            assert_eq!((got.unreadable.len(), got.notes.len()), (0, 0));
        }
        // Inside an object with a `report` field (a stored draft).
        let wrapped = serde_json::json!({"schema": 1, "id": "x", "revision": 3, "report": r});
        assert_eq!(import_text(&wrapped.to_string()).expect("import").report, r);
    }
}

#[test]
fn json_written_by_hand_is_read_tolerantly() {
    let got = import_text(
        r#"{"schema": 1, "agency": "某局", "year": "2024",
            "cells": {"t3.new.natural": 3, "t9.nothing": "1", "t2.fee": "1.5"},
            "stated_totals": null}"#,
    )
    .expect("import");
    assert_eq!(got.report.agency, "某局");
    assert_eq!(got.report.cell(CellId::T3(T3Row::New, T3Col::Natural)), "3");
    assert_eq!(got.report.cell(CellId::T2(T2Cell::Fee)), "1.5");
    assert_eq!(
        got.notes,
        ["文件中有1个无法识别的单元格（t9.nothing），未导入"]
    );
    // Every field may be missing (docs/json-schema.md), the version too,
    // which is then the first; an object with no field of a report is not
    // ours, nor is a version below the first.
    let got = import_text(r#"{"agency": "某局"}"#).expect("import");
    assert_eq!(got.report.agency, "某局");
    assert_eq!(got.report.schema, 1);
    assert_eq!(
        import_text(r#"{"schema": 1}"#),
        Err(ImportError::ForeignJson)
    );
    assert_eq!(
        import_text(r#"{"schema": 0, "agency": "x"}"#),
        Err(ImportError::ForeignJson)
    );
}

// ---------------------------------------------------------------------------
// Size and time
// ---------------------------------------------------------------------------

/// `unit` repeated up to about `bytes`.
fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len().max(1) + 1)
}

/// Hostile and huge inputs import or are refused: every scan is bounded and
/// the split search has a budget. (How long they take is printed by `make
/// bench`; a test asserts no timing.)
#[test]
fn five_megabytes_import_or_are_refused() {
    const FIVE_MB: usize = 5 << 20;
    let huaian = String::from_utf8(shared("2024_huaian-shi.txt")).expect("utf-8");
    let t3_rows: String = huaian
        .lines()
        .filter(|l| l.ends_with(" 0") || l.contains(" 0 "))
        .collect::<Vec<_>>()
        .join("\n");
    let cases: Vec<(&str, String)> = vec![
        ("the 淮安市 report repeated", repeat_to(&huaian, FIVE_MB)),
        (
            "one line of prose",
            repeat_to("政府信息公开工作取得一定成效，", FIVE_MB),
        ),
        (
            "table 三 rows repeated",
            format!(
                "一、总体情况\n好。\n三、收到和处理政府信息公开申请情况\n{}",
                repeat_to(&(t3_rows + "\n"), FIVE_MB)
            ),
        ),
        (
            "labels and numbers alternating",
            format!(
                "二、主动公开政府信息情况\n{}",
                repeat_to("规章 1 行政许可 2 第二十条第（一）项 ", FIVE_MB)
            ),
        ),
        (
            "long labels between numbers",
            format!(
                "三、收到和处理政府信息公开申请情况\n{}",
                repeat_to(&format!("{} 1 ", "申请".repeat(500)), FIVE_MB)
            ),
        ),
        (
            "table 三 run together, repeated",
            format!(
                "一、总体情况\n三、收到和处理政府信息公开申请情况\n{}",
                repeat_to(
                    &huaian
                        .lines()
                        .filter(|l| l.ends_with(" 0") || l.contains(" 0 "))
                        .map(|l| l.replace(' ', ""))
                        .collect::<String>(),
                    FIVE_MB
                )
            ),
        ),
        (
            "hard run-together rows",
            format!(
                "一、总体情况\n三、收到和处理政府信息公开申请情况\n{}",
                repeat_to(
                    "1.属于国家秘密 31001010011411 2.重复申请 1111111111111111111111\n",
                    FIVE_MB
                )
            ),
        ),
        ("digits", repeat_to("0123456789", FIVE_MB)),
        (
            "headings",
            repeat_to("一、总体情况\n二、主动公开政府信息情况\n", FIVE_MB),
        ),
        (
            "html cells",
            format!(
                "<table>{}",
                repeat_to("<tr><td rowspan=64 colspan=64>规章</td><td>1</td>", FIVE_MB)
            ),
        ),
        (
            "html tags",
            repeat_to(
                "<p><span class=\"a\">一、总体情况</span><br/>&amp;&#x4e2d;&bogus",
                FIVE_MB,
            ),
        ),
        ("angle brackets", repeat_to("<<<>", FIVE_MB)),
        (
            "json",
            format!(
                "{{\"schema\":1,\"overview\":\"{}\"}}",
                repeat_to("文字", FIVE_MB)
            ),
        ),
    ];
    for (name, text) in &cases {
        let start = Instant::now();
        let result = import(text.as_bytes(), None);
        println!(
            "{name}: {:.1} MB in {:.0} ms (test build) → {}",
            text.len() as f64 / (1 << 20) as f64,
            start.elapsed().as_secs_f64() * 1e3,
            match &result {
                Ok(i) => format!(
                    "imported, {} cells, {} notes, {} ambiguous rows",
                    i.report.cells().len(),
                    i.notes.len(),
                    i.ambiguous.len()
                ),
                Err(e) => format!("refused: {e}"),
            }
        );
        match result {
            Ok(i) => assert!(i.notes.len() <= 101, "{name}: notes are bounded"),
            Err(e) => assert!(!e.to_string().is_empty(), "{name}"),
        }
    }
}

// ---------------------------------------------------------------------------
// Round trips through the exporters
// ---------------------------------------------------------------------------

#[test]
fn exported_txt_and_html_import_back_to_the_same_report() {
    for format in [Format::Txt, Format::Html, Format::Json] {
        for r in [huaian_2024(), hongze_2024(), laocheng_2021()] {
            let bytes = export(&r, format).expect("export");
            let name = file_name(&r, format.ext());
            let got = import(&bytes, Some(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_same_report(&got.report, &r);
            assert_eq!(got.notes, Vec::<String>::new(), "{name}");
        }
    }
}

#[test]
fn exported_docx_imports_back_to_the_same_report() {
    for r in [huaian_2024(), hongze_2024(), laocheng_2021()] {
        let bytes = export(&r, Format::Docx).expect("export");
        let got = import(&bytes, Some("report.docx")).expect("import");
        assert_eq!(got.format, SourceKind::Docx);
        assert_same_report(&got.report, &r);
        assert_eq!(got.notes, Vec::<String>::new());
    }
}

/// A Word document with `document.xml` as given.
fn docx(document: &str) -> Vec<u8> {
    let mut z = ZipWriter::new();
    z.add(
        "[Content_Types].xml",
        b"<?xml version=\"1.0\"?><Types/>",
        Method::Deflated,
    )
    .expect("zip");
    z.add("word/document.xml", document.as_bytes(), Method::Deflated)
        .expect("zip");
    z.finish().expect("zip")
}

fn w_p(text: &str) -> String {
    format!("<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", esc(text))
}

/// A table cell: `span` columns, `merge` "restart", "continue" or "".
fn w_tc(text: &str, span: usize, merge: &str) -> String {
    let mut pr = String::new();
    if span > 1 {
        pr.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
    }
    match merge {
        "restart" => pr.push_str("<w:vMerge w:val=\"restart\"/>"),
        "continue" => pr.push_str("<w:vMerge/>"),
        _ => {}
    }
    format!("<w:tc><w:tcPr>{pr}</w:tcPr>{}</w:tc>", w_p(text))
}

#[test]
fn word_documents_with_merged_cells_tabs_and_tracked_changes_import() {
    let r = huaian_2024();
    let mut body = String::new();
    // The title over two lines with a break, as Word users type it.
    body.push_str("<w:p><w:r><w:t>淮安市人民政府</w:t></w:r><w:r><w:br/><w:t>2024年政府信息公开工作年度报告</w:t></w:r></w:p>");
    body.push_str(&w_p(&r.preamble.text));
    body.push_str(&w_p("一、总体情况"));
    for p in r.overview.split('\n') {
        // A tracked deletion and a field code must not be read.
        body.push_str(&format!(
            "<w:p><w:r><w:t>{}</w:t></w:r><w:del w:id=\"1\"><w:r><w:delText>删掉的字</w:delText></w:r></w:del><w:r><w:instrText> PAGE </w:instrText></w:r></w:p>",
            esc(p)
        ));
    }
    body.push_str(&w_p("二、主动公开政府信息情况"));
    // Table 二 typed with tabs instead of a table.
    let t2 = |c: T2Cell| r.cell(CellId::T2(c)).to_owned();
    for line in [
        "第二十条第（一）项".to_owned(),
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数".to_owned(),
        format!(
            "规章\t{}\t{}\t{}",
            t2(T2Cell::RulesIssued),
            t2(T2Cell::RulesRepealed),
            t2(T2Cell::RulesValid)
        ),
        format!(
            "行政规范性文件\t{}\t{}\t{}",
            t2(T2Cell::NormsIssued),
            t2(T2Cell::NormsRepealed),
            t2(T2Cell::NormsValid)
        ),
        format!("行政许可\t{}", t2(T2Cell::Licensing)),
        format!("行政处罚\t{}", t2(T2Cell::Penalty)),
        format!("行政强制\t{}", t2(T2Cell::Enforcement)),
        format!("行政事业性收费\t{}", t2(T2Cell::Fee)),
    ] {
        let runs: Vec<String> = line
            .split('\t')
            .map(|p| format!("<w:r><w:t>{}</w:t></w:r>", esc(p)))
            .collect();
        body.push_str(&format!("<w:p>{}</w:p>", runs.join("<w:r><w:tab/></w:r>")));
    }
    body.push_str(&w_p("三、收到和处理政府信息公开申请情况"));
    body.push_str("<w:tbl><w:tblGrid/>");
    body.push_str(&format!(
        "<w:tr>{}{}</w:tr>",
        w_tc(
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            3,
            "restart"
        ),
        w_tc("申请人情况", 7, "")
    ));
    body.push_str(&format!(
        "<w:tr>{}{}{}{}</w:tr>",
        w_tc("", 3, "continue"),
        w_tc("自然人", 1, "restart"),
        w_tc("法人或其他组织", 5, ""),
        w_tc("总计", 1, "restart")
    ));
    let orgs: String = [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    .iter()
    .map(|t| w_tc(t, 1, ""))
    .collect();
    body.push_str(&format!(
        "<w:tr>{}{}{orgs}{}</w:tr>",
        w_tc("", 3, "continue"),
        w_tc("", 1, "continue"),
        w_tc("", 1, "continue")
    ));
    for row in T3Row::ALL {
        let mut tr = String::new();
        if row.in_results() {
            tr.push_str(&w_tc(
                "三、本年度办理结果",
                1,
                if row == T3Row::Disclosed {
                    "restart"
                } else {
                    "continue"
                },
            ));
        }
        match row.sub_group() {
            Some(g) => {
                let first = g.rows().next() == Some(row);
                tr.push_str(&w_tc(
                    g.label(),
                    1,
                    if first { "restart" } else { "continue" },
                ));
                tr.push_str(&w_tc(row.label(), 1, ""));
            }
            None if row.in_results() => tr.push_str(&w_tc(row.label(), 2, "")),
            None => tr.push_str(&w_tc(row.label(), 3, "")),
        }
        for c in T3Col::ALL {
            tr.push_str(&w_tc(r.cell(CellId::T3(row, c)), 1, ""));
        }
        body.push_str(&format!("<w:tr>{tr}</w:tr>"));
    }
    body.push_str("</w:tbl>");
    body.push_str(&w_p("四、政府信息公开行政复议、行政诉讼情况"));
    body.push_str(&format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>",
        w_tc("行政复议", 5, ""),
        w_tc("行政诉讼", 10, "")
    ));
    let t4: String = CellId::all()
        .filter(|c| matches!(c, CellId::T4(..)))
        .map(|c| w_tc(r.cell(c), 1, ""))
        .collect();
    body.push_str(&format!("</w:tr><w:tr>{t4}</w:tr></w:tbl>"));
    body.push_str(&w_p("五、存在的主要问题及改进情况"));
    for p in r.problems.split('\n') {
        body.push_str(&w_p(p));
    }
    body.push_str(&w_p("六、其他需要报告的事项"));
    body.push_str(&w_p(&r.other));
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let got = import(&docx(&document), Some("年报.docx")).expect("import");
    assert_same_report(&got.report, &r);
    assert_eq!(got.notes, Vec::<String>::new());
}

#[test]
fn zip_files_that_are_no_word_documents_are_refused() {
    let mut z = ZipWriter::new();
    z.add("xl/workbook.xml", b"<workbook/>", Method::Stored)
        .expect("zip");
    let xlsx = z.finish().expect("zip");
    assert_eq!(import(&xlsx, Some("a.xlsx")), Err(ImportError::Archive));
    let mut broken = docx("<w:document/>");
    let n = broken.len();
    broken.truncate(n - 30);
    match import(&broken, Some("a.docx")) {
        Err(ImportError::BadDocx(e)) => assert!(!e.is_empty()),
        other => panic!("{other:?}"),
    }
    // An empty Word document is no report.
    assert_eq!(
        import(
            &docx("<w:document><w:body><w:p/></w:body></w:document>"),
            None
        ),
        Err(ImportError::NotAReport)
    );
}

// ---------------------------------------------------------------------------
// Details through the public API
// ---------------------------------------------------------------------------

/// A small report in the layout of a PDF extraction, with the details the
/// real ones happen not to have.
const SMALL_PDF_TEXT: &str = "第 1 页 共 3 页
某某县
二〇二四年度政府信息公开工作年度报告
本报告依据《条例》编制。如对本报告有疑问，请与某某县政府办
公室联系（通讯地址：某某县人民路 8 号（行政中心东楼），邮政编
码：100001，联系电话：（010）1234-5678，网站地址：http://x.gov.cn，
电子信箱：ban.gong@x.gov.cn）。
一、总体情况：2024年，本县依法公开政府信息，全年共受理政府
信息公开申请２件。
（一）主动公开情况
全年主动公开政府信息1,234条，工作有
序开展
— 2 —
（二）依申请公开情况。收到申请２件，均已答复。
二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 0
行政规范性文件 1 0 １２
第二十条第（五）项
信息内容 本年处理决定数量
行政许可 1,234
第二十条第（六）项
信息内容 本年处理决定数量
行政处罚 5件
行政强制 0
第二十条第（八）项
信息内容 本年收费金额（单位：万元，保留 4 位小数）
行政事业性收费 0.5000
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量 2 0 0 0 0 0 2
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
（一）予以公开 2 0 0 0 0 0 2
四、结转下年度继续办理 0 0 0 0 0 0 0
四、政府信息公开行政复议、行政诉讼情况
行政复议 0 0 0 0 0
未经复议直接起诉 0 0 0 0 0
复议后起诉 0 0 0 0 0
第2页/共3页
五、存在的主要问题及改进情况
无。
六、其他需要报告的事项
本年度未收取信息处理费。
某某县人民政府办公室
2025年1月20日
";

/// Table 二 as a PDF turned into text boxes or copied column by column
/// prints it: each row's numbers before its name. Read in that order where
/// the whole block shows it; where a block does not, none of its numbers
/// is placed, and never one across a block's header.
#[test]
fn table_two_with_numbers_before_the_row_names() {
    let t2_of = |table: &str| -> Vec<String> {
        let start = SMALL_PDF_TEXT.find("第二十条第（一）项").expect("table 二");
        let end = SMALL_PDF_TEXT.find("三、收到和处理").expect("table 三");
        let text = format!(
            "{}{table}{}",
            &SMALL_PDF_TEXT[..start],
            &SMALL_PDF_TEXT[end..]
        );
        let got = import_text(&text).expect("import");
        let unreadable: Vec<String> = got
            .unreadable
            .iter()
            .filter(|u| matches!(u.cell, CellId::T2(_)))
            .map(|u| format!("{:?}", u.cell))
            .collect();
        T2Cell::ALL
            .iter()
            .map(|&c| {
                let v = got.report.cell(CellId::T2(c)).to_owned();
                if unreadable.contains(&format!("{:?}", CellId::T2(c))) {
                    assert!(v.is_empty(), "{c:?} unreadable but holds {v}");
                    "?".to_owned()
                } else {
                    v
                }
            })
            .collect()
    };
    let header = "第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n";
    let rest = "第二十条第（五）项\n信息内容\n本年处理决定数量\n1,234\n行政许可\n第二十条第（六）项\n信息内容\n本年处理决定数量\n5\n行政处罚\n0\n行政强制\n第二十条第（八）项\n信息内容\n本年收费金额（单位：万元，保留 4 位小数）\n0.5000\n行政事业性收费\n";
    // Every block with its numbers first.
    let before = format!("{header}0\n0\n0\n规章\n1\n0\n12\n行政规范性文件\n{rest}");
    assert_eq!(
        t2_of(&before),
        ["0", "0", "0", "1", "0", "12", "1,234", "5", "0", "0.5000"]
    );
    // One block mixed: numbers before its first row and after its last.
    let mixed = format!("{header}0\n0\n0\n规章\n1\n0\n12\n行政规范性文件\n7 7 7\n{rest}");
    assert_eq!(
        t2_of(&mixed),
        ["?", "?", "?", "?", "?", "?", "1,234", "5", "0", "0.5000"]
    );
    // A row's name, then the next block's header, then numbers: they are
    // not the row's (its cells are listed as having no numbers); and with
    // the other blocks in the usual order, not 行政许可's either (a stray
    // number, noted).
    let across = "第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 0 0\n行政规范性文件\n第二十条第（五）项 信息内容 本年处理决定数量 1234\n行政许可\n第二十条第（六）项 信息内容 本年处理决定数量\n行政处罚 5\n行政强制 0\n第二十条第（八）项\n信息内容 本年收费金额（单位：万元，保留 4 位小数）\n行政事业性收费 0.5000\n";
    assert_eq!(
        t2_of(across),
        ["0", "0", "0", "?", "?", "?", "?", "5", "0", "0.5000"]
    );
}

/// Table 三 as PDF texts print it: a row name wrapped in its cell with the
/// numbers after its first line is read as that row; numbers printed
/// before the row names leave the whole table unread, never shifted a row.
#[test]
fn table_three_with_wrapped_names_and_numbers_before_names() {
    let t3 = |text: &str| {
        let got = import_text(text).expect("import");
        let cells: Vec<(T3Row, String)> = [
            T3Row::New,
            T3Row::CarriedIn,
            T3Row::Disclosed,
            T3Row::CarriedOver,
        ]
        .into_iter()
        .map(|r| (r, got.report.cell(CellId::T3(r, T3Col::Total)).to_owned()))
        .collect();
        (cells, got)
    };
    let wrapped = SMALL_PDF_TEXT.replace(
        "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n（一）予以公开 2 0 0 0 0 0 2",
        "二、上年结转政府信息\n        5 0 0 0 0 0 5\n公开申请数量\n（一）予以公开 2 0 0 0 0 0 2",
    );
    assert_ne!(wrapped, SMALL_PDF_TEXT);
    let (cells, got) = t3(&wrapped);
    assert_eq!(
        cells,
        [
            (T3Row::New, "2".to_owned()),
            (T3Row::CarriedIn, "5".to_owned()),
            // Not read in the sample either: the rows after it are missing.
            (T3Row::Disclosed, String::new()),
            (T3Row::CarriedOver, "0".to_owned())
        ]
    );
    assert!(
        got.notes.iter().any(|n| n
            .contains("「二、上年结转政府信息」之后的数字「5 0 0 0 0 0 5」按「二、上年结转政府信息公开申请数量」行读取")),
        "{:?}",
        got.notes
    );

    let before = SMALL_PDF_TEXT.replace(
        "一、本年新收政府信息公开申请数量 2 0 0 0 0 0 2\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n（一）予以公开 2 0 0 0 0 0 2\n四、结转下年度继续办理 0 0 0 0 0 0 0",
        "2 0 0 0 0 0 2\n一、本年新收政府信息公开申请数量\n0 0 0 0 0 0 0\n二、上年结转政府信息公开申请数量\n2 0 0 0 0 0 2\n（一）予以公开\n0 0 0 0 0 0 0\n四、结转下年度继续办理",
    );
    assert_ne!(before, SMALL_PDF_TEXT);
    let (cells, got) = t3(&before);
    assert!(cells.iter().all(|(_, v)| v.is_empty()), "{cells:?}");
    let unread = got
        .unreadable
        .iter()
        .filter(|u| matches!(u.cell, CellId::T3(..)))
        .count();
    assert_eq!(unread, T3Row::ALL.len() * T3Col::ALL.len());
    assert!(
        got.notes.iter().any(
            |n| n.contains("「一、本年新收政府信息公开申请数量」之前印有数字「2 0 0 0 0 0 2」")
        ),
        "{:?}",
        got.notes
    );
}

/// A row name wrapped in its cell with a piece of its group's name (the
/// group's own cell wrapped beside it) between the name and the numbers,
/// as a PDF printed by a browser lays 淮安市's （五） out: read as that row.
#[test]
fn a_wrapped_row_name_with_its_groups_name_beside_it() {
    let text = std::fs::read_to_string(format!(
        "{}/../shared/reports/2024_huaian-shi.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("report");
    let printed = "（五）不\n予处理\n1.信访举报投诉类申请 56 6 0 0 0 0 62\n2.重复申请 25 0 0 0 0 0 25\n3.要求提供公开出版物 0 0 0 0 0 0 0\n4.无正当理由大量反复申请 9 0 0 0 0 0 9";
    let wrapped = "1.信访举报投诉类申请 56 6 0 0 0 0 62\n2.重复申请 25 0 0 0 0 0 25\n（五）不 3.要求提供公开出版物 0 0 0 0 0 0 0\n4.无正当理由大量反复申 予处理\n9 0 0 0 0 0 9\n请";
    let changed = text.replace(
        "4.无正当理由大量反复申请 0 0 0 0 0 0 0",
        "4.无正当理由大量反复申请 9 0 0 0 0 0 9",
    );
    assert!(changed.contains(printed), "the sample's rows");
    let got = import_text(&changed.replace(printed, wrapped)).expect("import");
    let row4 = CellId::T3(T3Row::NotProcessed4, T3Col::Natural);
    assert_eq!(got.report.cell(row4), "9", "{:?}", got.notes);
    assert_eq!(
        got.report
            .cell(CellId::T3(T3Row::NotProcessed3, T3Col::Natural)),
        "0"
    );
    assert!(
        got.notes
            .iter()
            .any(|n| n.contains("按「（五）不予处理 4.无正当理由大量反复申请」行读取")),
        "{:?}",
        got.notes
    );
}

/// The errors the import shows as the source's own leave out those that
/// involve a cell that could not be read: with the numbers of 淮安市's row
/// （一）予以公开 lost, its column sums say nothing about the report.
#[test]
fn source_errors_leave_out_sums_over_unread_cells() {
    let text = std::fs::read_to_string(format!(
        "{}/../shared/reports/2024_huaian-shi.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("report");
    let lost = text.replace("（一）予以公开 1288 21 0 0 50 3 1362", "（一）予以公开");
    assert_ne!(lost, text);
    let got = import_text(&lost).expect("import");
    assert!(got
        .unreadable
        .iter()
        .any(|u| u.cell == CellId::T3(T3Row::Disclosed, T3Col::Natural)));
    let findings = check(&got.report, None, &CheckSettings::default(), Mode::Final);
    // The five columns where the lost row held more than 0 no longer add
    // up to the stated （七）总计: T3-SUM over an unread cell each.
    let sums_over_lost: Vec<RuleId> = findings
        .iter()
        .filter(|f| f.rule == RuleId::T3Sum)
        .map(|f| f.rule)
        .collect();
    assert_eq!(sums_over_lost.len(), 5, "{findings:#?}");
    let (errors, unsure) = got.source_errors(findings);
    assert_eq!(unsure, 5);
    // The report as published balances: nothing else to show.
    assert_eq!(errors, []);
    // A report read whole keeps every error: 洪泽区 2023's table 四.
    let hongze = std::fs::read_to_string(format!(
        "{}/../shared/reports/2023_hongze-qu.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("report");
    let got = import_text(&hongze).expect("import");
    let findings = check(&got.report, None, &CheckSettings::default(), Mode::Final);
    let (errors, unsure) = got.source_errors(findings);
    assert_eq!(unsure, 0);
    assert_eq!(
        errors.iter().map(|f| f.rule).collect::<Vec<_>>(),
        [RuleId::T4Sum, RuleId::T4Sum]
    );
}

/// A page's text that starts with the preamble (the site kept the title
/// apart), which cites the format's notice as nearly every report since
/// 2022 does, and gives one number for phone and fax.
#[test]
fn a_preamble_citing_the_format_is_read_whole_and_names_no_agency() {
    let old_preamble = SMALL_PDF_TEXT
        .split_once("本报告依据")
        .and_then(|(_, rest)| rest.split_once("一、总体情况"))
        .map(|(p, _)| p)
        .expect("the sample's preamble");
    let preamble = "本报告根据《中华人民共和国政府信息公开条例》（国务院令第711号，以下简称《条例》）、《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）编制。统计期限自2024年1月1日起至2024年12月31日止。如对本报告有疑问，请与某某县政府办公室联系。通讯地址：某某县人民路8号；邮编：100001；电话/传真：0591-23165370。\n";
    let text = SMALL_PDF_TEXT
        .replace("某某县\n二〇二四年度政府信息公开工作年度报告\n", "")
        .replace(&format!("本报告依据{old_preamble}"), preamble);
    assert!(text.starts_with("第 1 页 共 3 页\n本报告根据"), "{text}");
    let got = import_text(&text).expect("import");
    let r = &got.report;
    // No title: the agency is the signature's, not one made of the
    // citation's words; the year is the statistics period's.
    assert_eq!(
        (r.agency.as_str(), r.year.as_str()),
        ("某某县人民政府办公室", "2024")
    );
    assert!(r.preamble.enabled);
    assert_eq!(r.preamble.text, preamble.trim_end());
    assert_eq!(r.preamble.office, "某某县政府办公室");
    assert_eq!(r.preamble.postcode, "100001");
    assert_eq!(r.preamble.phone, "0591-23165370");
}

#[test]
fn details_of_layout_title_preamble_paragraphs_and_signature() {
    let got = import_text(SMALL_PDF_TEXT).expect("import");
    let r = &got.report;
    // Title over two lines, year in Chinese numerals and 年度.
    assert_eq!((r.agency.as_str(), r.year.as_str()), ("某某县", "2024"));
    // The preamble is one paragraph; contact details are read where the
    // keys differ (通讯地址, 邮政编码, 联系电话, 电子信箱) and a web address
    // is not taken for the postal one.
    assert!(r.preamble.enabled);
    assert_eq!(r.preamble.text, "本报告依据《条例》编制。如对本报告有疑问，请与某某县政府办公室联系（通讯地址：某某县人民路 8 号（行政中心东楼），邮政编码：100001，联系电话：（010）1234-5678，网站地址：http://x.gov.cn，电子信箱：ban.gong@x.gov.cn）。");
    assert_eq!(r.preamble.office, "某某县政府办公室");
    assert_eq!(r.preamble.address, "某某县人民路8号（行政中心东楼）");
    assert_eq!(r.preamble.postcode, "100001");
    assert_eq!(r.preamble.phone, "（010）1234-5678");
    assert_eq!(r.preamble.email, "ban.gong@x.gov.cn");
    // The heading's own line carries text; a short line ends a paragraph;
    // enumerations start one; page lines of every form are dropped.
    assert_eq!(
        r.overview,
        "2024年，本县依法公开政府信息，全年共受理政府信息公开申请２件。\n（一）主动公开情况\n全年主动公开政府信息1,234条，工作有序开展\n（二）依申请公开情况。收到申请２件，均已答复。"
    );
    assert_eq!(r.problems, "无。");
    // The signature is taken off the end of 六.
    assert_eq!(r.other, "本年度未收取信息处理费。");
    assert!(r.signature.enabled);
    assert_eq!(r.signature.agency, "某某县人民政府办公室");
    assert_eq!(r.signature.date, "2025年1月20日");
    // Values as printed: full-width digits, thousands separators, units,
    // decimals; the 「4」 of 「保留 4 位小数」 in the fee header is no value.
    let t2: Vec<&str> = T2Cell::ALL.iter().map(|&c| r.cell(CellId::T2(c))).collect();
    assert_eq!(
        t2,
        ["0", "0", "0", "1", "0", "１２", "1,234", "5件", "0", "0.5000"]
    );
    // Table 四 as three rows of five.
    let t4: Vec<&str> = CellId::all()
        .filter(|c| matches!(c, CellId::T4(..)))
        .map(|c| r.cell(c))
        .collect();
    assert_eq!(t4, ["0"; 15]);
    // Rows of table 三 that are not printed are reported, not invented.
    let missing: Vec<&str> = got
        .unreadable
        .iter()
        .filter(|u| u.cell == CellId::T3(T3Row::Partly, T3Col::Natural))
        .map(|u| u.reason.as_str())
        .collect();
    assert_eq!(missing, ["原表中未找到此行"]);
    // （一）予以公开 is printed, but the rows after it are not: its numbers
    // may be those of a row whose label was lost, so they are not taken.
    let disclosed = CellId::T3(T3Row::Disclosed, T3Col::Natural);
    let reason = got
        .unreadable
        .iter()
        .find(|u| u.cell == disclosed)
        .map(|u| u.reason.as_str());
    assert_eq!(
        reason,
        Some("原表中下一行「（二）部分公开（区分处理的，只计这一情形，不计其他情形）」的标签缺失，此处的数字可能属于那一行，位置无法确定")
    );
    assert_eq!(got.unreadable.len(), 22 * 7);
    assert_eq!(
        got.notes,
        ["表三 · （一）予以公开：印有「2 0 0 0 0 0 2」，原表中下一行「（二）部分公开（区分处理的，只计这一情形，不计其他情形）」的标签缺失，此处的数字可能属于那一行，位置无法确定"]
    );
}

#[test]
fn html_details_entities_layout_tables_and_clipboard_headers() {
    // The whole article inside a one-cell layout table, a data table inside
    // it, a clipboard header, character references of every kind.
    let page = "Version:0.9\r\nStartHTML:0000000105\r\n<html><body><table><tr><td>\
        <p>某某局2024年政府信息公开工作年度报告</p>\
        <p>一、总体情况</p><p>公开&ldquo;政策&rdquo;&#x4E09;件&#19977;&amp;&lt;b&gt;&nbsp;。</p>\
        <p>二、主动公开政府信息情况</p>\
        <table><tr><td>规章</td><td>1</td><td>0</td><td>11</td></tr>\
        <tr><td>行政规范性文件</td><td>8</td><td>26</td><td>66</td></tr></table>\
        <p>五、存在的主要问题及改进情况</p><p>无。<br>改进。</p>\
        <p>六、其他需要报告的事项</p><div>无</div>\
        </td></tr></table></body></html>";
    let got = import_text(page).expect("import");
    assert_eq!(got.format, SourceKind::Html);
    let r = &got.report;
    assert_eq!((r.agency.as_str(), r.year.as_str()), ("某某局", "2024"));
    assert_eq!(r.overview, "公开“政策”三件三&<b>\u{a0}。");
    assert_eq!(r.problems, "无。\n改进。");
    assert_eq!(r.other, "无");
    let t2: Vec<&str> = T2Cell::ALL[..6]
        .iter()
        .map(|&c| r.cell(CellId::T2(c)))
        .collect();
    assert_eq!(t2, ["1", "0", "11", "8", "26", "66"]);
}

// ---------------------------------------------------------------------------
// Generated input: nothing panics, and what is imported is consistent
// ---------------------------------------------------------------------------

mod fuzz {
    use super::*;
    use nianbao::domain::format::{T3SubGroup, SECTIONS};
    use nianbao::domain::model::SCHEMA_VERSION;
    use proptest::prelude::*;

    /// Fragments a report is made of, and what breaks one: every label of
    /// the format, variants, numbers of every shape, separators, page
    /// lines, markup.
    fn fragments() -> Vec<String> {
        let mut f: Vec<String> = Vec::new();
        f.extend(SECTIONS.iter().map(|s| s.heading.to_owned()));
        f.extend(T3Row::ALL.iter().map(|r| r.label().to_owned()));
        f.extend(T3SubGroup::ALL.iter().map(|g| g.label().to_owned()));
        f.extend(T2Cell::ALL.iter().map(|c| c.row_label().to_owned()));
        f.extend(T2Cell::ALL.iter().map(|c| c.column_label().to_owned()));
        f.extend(T4Group::ALL.iter().map(|g| g.label().to_owned()));
        f.extend(T4Col::ALL.iter().map(|c| c.label().to_owned()));
        for s in [
            "第二十条第（一）项",
            "第二十条第（九）项",
            "三、本年度办理结果",
            "行政诉讼",
            "社会组织",
            "2.其他法律行政止公开",
            "行政法复议",
            "本年新制作数量",
            "处理决定数量",
            "政府集中采购",
            "淮安市人民政府",
            "2024 年政府信息公开工作年度报告",
            "本报告",
            "请与某办联系（地址：某路",
            "电话：0517-1",
            "2025年1月20日",
            "0",
            "1",
            "12",
            "3119",
            "4200006",
            "20110320155",
            "96171.6",
            "1,234",
            "１２",
            "3件",
            "7.5万元",
            "75394432.52元",
            "无",
            "/",
            "—",
            "-1",
            "1.",
            "1、",
            "（一）",
            "一、",
            "。",
            "，",
            " ",
            "  ",
            "\t",
            "\t\t",
            "|",
            "\n",
            "\n\n",
            "\r\n",
            "- 3 -",
            "第3页",
            "\u{3000}",
            "<table>",
            "</table>",
            "<tr>",
            "<td rowspan=22>",
            "<td colspan=\"5\">",
            "</td>",
            "<p>",
            "<br>",
            "&amp;",
            "&#x4e2d;",
            "&#99999999;",
            "<!--",
            "<script>",
            "{",
            "}",
            "\"schema\":1",
            "\"cells\":{",
            "\u{FEFF}",
            "\0",
            "\u{FFFD}",
            "𝒳",
        ] {
            f.push(s.to_owned());
        }
        f
    }

    fn report_text() -> impl Strategy<Value = String> {
        let f = fragments();
        prop::collection::vec(prop::sample::select(f), 0..120).prop_map(|v| v.concat())
    }

    /// What must hold of every import that succeeds.
    fn consistent(got: &Imported) -> Result<(), TestCaseError> {
        prop_assert_eq!(got.report.schema, SCHEMA_VERSION);
        let mut last = None;
        for u in &got.unreadable {
            prop_assert!(
                got.report.cell(u.cell).is_empty(),
                "{} is read and unreadable",
                u.cell
            );
            prop_assert!(last < Some(u.cell), "unreadable out of order");
            prop_assert!(!u.reason.is_empty());
            last = Some(u.cell);
        }
        // An ambiguous row's cells are open, or hold what every candidate
        // agrees on.
        for a in &got.ambiguous {
            for (i, c) in a.cells.iter().enumerate() {
                let open = got.unreadable.iter().any(|u| u.cell == *c);
                let agreed = !a.candidates.is_empty()
                    && a.candidates.iter().all(|k| k[i] == got.report.cell(*c));
                prop_assert!(open || agreed, "{} of an ambiguous row", c);
            }
        }
        // Entered cells only in `cells`, totals only in `stated_totals`.
        prop_assert!(
            got.report.cells().keys().all(|c| !c.is_computed()) || got.format == SourceKind::Json
        );
        prop_assert!(
            got.report.stated_totals().keys().all(|c| c.is_computed())
                || got.format == SourceKind::Json
        );
        prop_assert!(got.notes.len() <= 101);
        Ok(())
    }

    fn refused_in_chinese(e: &ImportError) -> Result<(), TestCaseError> {
        let msg = e.to_string();
        prop_assert!(
            msg.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
            "{msg}"
        );
        Ok(())
    }

    fn check_import(result: Result<Imported, ImportError>) -> Result<(), TestCaseError> {
        match result {
            Ok(got) => consistent(&got),
            Err(e) => refused_in_chinese(&e),
        }
    }

    /// The real reports with random edits: a range deleted, a fragment
    /// inserted, two lines swapped.
    fn mutated_report() -> impl Strategy<Value = String> {
        let files = [
            "2021_laocheng-jiguan-shiwu.txt",
            "2023_hongze-qu.txt",
            "2024_hongze-qu.txt",
            "2024_huaian-shi.txt",
        ];
        let texts: Vec<String> = files
            .iter()
            .map(|f| String::from_utf8(shared(f)).expect("utf-8"))
            .collect();
        let edit = (
            0usize..100_000,
            0usize..200,
            prop::sample::select(fragments()),
            0usize..3,
        );
        (
            prop::sample::select(texts),
            prop::collection::vec(edit, 1..8),
        )
            .prop_map(|(mut text, edits)| {
                for (at, len, frag, kind) in edits {
                    let chars: Vec<char> = text.chars().collect();
                    let at = at % (chars.len() + 1);
                    let end = (at + len).min(chars.len());
                    text = match kind {
                        0 => chars[..at].iter().chain(&chars[end..]).collect(),
                        1 => {
                            let mut s: String = chars[..at].iter().collect();
                            s.push_str(&frag);
                            s.extend(&chars[at..]);
                            s
                        }
                        _ => {
                            let mut lines: Vec<&str> = text.lines().collect();
                            let n = lines.len().max(1);
                            lines.swap(at % n, (at + len) % n);
                            lines.join("\n")
                        }
                    };
                }
                text
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic(
            bytes in prop::collection::vec(any::<u8>(), 0..4096),
            prefix in prop::sample::select(vec![&b""[..], b"PK\x03\x04", b"{", b"<html>", b"\xEF\xBB\xBF", b"\xFF\xFE", b"%PDF"]),
            hint in prop::sample::select(vec![None, Some("a.docx"), Some("a.json"), Some("a.html"), Some("a.txt")]),
        ) {
            let mut input = prefix.to_vec();
            input.extend(bytes);
            check_import(import(&input, hint))?;
        }

        #[test]
        fn report_fragments_never_panic(text in report_text()) {
            check_import(import_text(&text))?;
            check_import(import(text.as_bytes(), Some("a.html")))?;
        }

        #[test]
        fn arbitrary_strings_never_panic(text in any::<String>()) {
            check_import(import_text(&text))?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn mutated_real_reports_never_panic(text in mutated_report()) {
            check_import(import_text(&text))?;
        }

        #[test]
        fn fragments_in_html_tables_never_panic(
            cells in prop::collection::vec((report_text(), 0usize..30, 0usize..30, any::<bool>()), 0..60),
        ) {
            let mut page = String::from("<p>一、总体情况</p><p>三、收到和处理政府信息公开申请情况</p><table>");
            for (text, rowspan, colspan, new_row) in cells {
                if new_row {
                    page.push_str("<tr>");
                }
                page.push_str(&format!("<td rowspan={rowspan} colspan=\"{colspan}\">{text}</td>"));
            }
            check_import(import(page.as_bytes(), None))?;
        }

        #[test]
        fn fragments_in_word_documents_never_panic(
            cells in prop::collection::vec((report_text(), 0usize..5, any::<bool>(), any::<bool>()), 0..60),
        ) {
            let mut body = String::from("<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p><w:tbl>");
            for (text, span, merged, new_row) in cells {
                if new_row {
                    body.push_str("</w:tr><w:tr>");
                }
                let merge = if merged { "<w:vMerge/>" } else { "" };
                body.push_str(&format!(
                    "<w:tc><w:tcPr><w:gridSpan w:val=\"{span}\"/>{merge}</w:tcPr><w:p><w:r><w:t>{}</w:t><w:tab/></w:r></w:p></w:tc>",
                    esc(&text)
                ));
            }
            check_import(import(&docx(&format!("<w:document><w:body>{body}</w:body></w:document>")), None))?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn damaged_word_files_never_panic(flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..20)) {
            let mut bytes = export(&huaian_2024(), Format::Docx).expect("export");
            for (at, value) in flips {
                let i = at.index(bytes.len());
                bytes[i] = value;
            }
            check_import(import(&bytes, Some("a.docx")))?;
        }
    }
}

#[test]
fn text_that_only_starts_like_json_is_read_as_text() {
    let mut page = String::from("[打印本页] [关闭窗口]\n{来源：区政府办}\n");
    page.push_str(&String::from_utf8(shared("2021_laocheng-jiguan-shiwu.txt")).expect("utf-8"));
    let got = import(page.as_bytes(), Some("page.json")).expect("import");
    assert_eq!(got.format, SourceKind::Text);
    assert_same_report(&got.report, &laocheng_2021());
}

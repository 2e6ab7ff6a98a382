//! A layout scrambler for the importer's tests: from a report's text (a
//! real published one, or the app's own export) it makes the layouts other
//! sites, browsers and converters produce, and it says, independently of
//! the importer, which cells a layout still determines.
//!
//! The layouts: all whitespace collapsed to one line; all whitespace
//! removed (every row's numbers run together, labels glued to them); the
//! same with only table 四 spaced; stray spaces and line breaks inside
//! labels; headings run into the text around them; no title; a title with
//! the year first; a site's furniture before and after the article; a saved
//! page with navigation, scripts and an iframe around the article (also
//! declared and encoded as GBK); the article with every cell's content
//! wrapped in `<p>`, as sites publish it, for a browser's copy.
//!
//! "Determined" is computed here from the true report, not from the
//! importer: a row printed with separators determines its cells; a row run
//! together determines a cell when every split of its digits (no leading
//! zeros, at most ten digits a number) that satisfies the row's own rule and,
//! in table 三, the column rules jointly with the other rows, gives that
//! cell the same value. The splits are enumerated by brute force.
#![allow(dead_code)] // Each test crate uses part of it.

use std::collections::BTreeMap;

use nianbao::domain::format::{CellId, T2Cell, T3Col, T3Row, T4Col, T4Group, SECTIONS};
use nianbao::domain::model::Report;

/// How a layout prints the numbers of the tables.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Numbers {
    /// Every value apart (spaces, tabs, lines or cells between).
    Separated,
    /// Every row's values run together.
    RunTogether,
    /// Tables 二 and 三 run together, table 四 spaced.
    RunTogetherButTable4,
}

/// One layout of a report.
#[derive(Clone, Debug)]
pub struct Variant {
    pub name: String,
    pub text: String,
    pub numbers: Numbers,
    /// The title is in the text (so agency and year must be read).
    pub title: bool,
}

/// All whitespace collapsed to single spaces: a page copied as one line.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// All whitespace removed: cells run together, labels glued to numbers.
pub fn tight(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{FEFF}')
        .collect()
}

/// Labels of the format broken by a stray space (and, every other one, a
/// line break) in their middle, as PDF conversions and pages print them:
/// 「三、本年度办 理结果」, 「社会公益 组织」.
pub fn spaced_labels(s: &str) -> String {
    let mut labels: Vec<String> = vec![
        "本年度办理结果".into(),
        "社会公益组织".into(),
        "法律服务机构".into(),
        "行政规范性文件".into(),
        "本年处理决定数量".into(),
        "未经复议直接起诉".into(),
    ];
    labels.extend(T3Row::ALL.iter().map(|r| {
        let l = r.label();
        l.split_once('.').map_or(l, |(_, rest)| rest).to_owned()
    }));
    let mut out = s.to_owned();
    for (i, label) in labels.iter().enumerate() {
        let chars: Vec<char> = label.chars().collect();
        if chars.len() < 4 {
            continue;
        }
        let mid = chars.len() / 2;
        let sep = if i % 2 == 0 { " " } else { "\n" };
        let broken: String = chars[..mid]
            .iter()
            .chain(sep.chars().collect::<Vec<_>>().iter())
            .chain(chars[mid..].iter())
            .collect();
        out = out.replacen(label.as_str(), &broken, 1);
    }
    out
}

/// Headings run into the text before and after them.
pub fn inline_headings(s: &str) -> String {
    let mut out = s.replace("\r\n", "\n");
    for sec in &SECTIONS {
        if let Some(i) = out.find(sec.heading) {
            let end = i + sec.heading.len();
            let before = out[..i].trim_end_matches(['\n', ' ', '\t']).len();
            let after =
                end + (out[end..].len() - out[end..].trim_start_matches(['\n', ' ', '\t']).len());
            out = format!("{} {} {}", &out[..before], sec.heading, &out[after..]);
        }
    }
    out
}

/// Typos in three headings, as real reports have them.
pub fn heading_typos(s: &str) -> String {
    s.replacen("主动公开政府信息情况", "主动公开政府信息的情况", 1)
        .replacen(
            "收到和处理政府信息公开申请情况",
            "收到和处理政府信息公开申情况",
            1,
        )
        .replacen("存在的主要问题及改进情况", "存在的主要问题和改进情况", 1)
}

/// Two row labels misprinted by a conversion (one character each).
pub fn misprinted_labels(s: &str) -> String {
    s.replacen("保护第三方合法权益", "保护第三方合法杈益", 1)
        .replacen("属于行政查询事项", "属于行政査询事项", 1)
}

/// One line whose spaces are non-breaking or ideographic, with an
/// ideographic space inside some labels too.
pub fn odd_spaces(s: &str) -> String {
    let mut out = String::new();
    for (i, w) in one_line(s).split(' ').enumerate() {
        if i > 0 {
            out.push(if i % 2 == 0 { '\u{A0}' } else { '\u{3000}' });
        }
        out.push_str(w);
    }
    out.replacen("社会公益组织", "社会公益\u{3000}组织", 1)
        .replacen(
            "本年新收政府信息公开申请数量",
            "本年新收\u{A0}政府信息公开申请数量",
            1,
        )
}

/// Table 三's header as OCR output prints it: generic column names
/// 「数据1…7」 instead of the applicants (for texts with a header line
/// that holds 「自然人」).
pub fn generic_columns(s: &str) -> String {
    s.lines()
        .map(|l| {
            if l.contains("自然人") || (l.contains("商业企业") && l.contains("科研机构"))
            {
                "序号\t项目\t数据1\t数据2\t数据3\t数据4\t数据5\t数据6\t数据7"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The lines before the first heading that hold the title, and the
/// agency's line above a title that starts with its year.
fn title_lines(s: &str) -> Vec<usize> {
    let lines: Vec<&str> = s.lines().collect();
    let first_heading = lines
        .iter()
        .position(|l| l.contains(SECTIONS[0].heading))
        .unwrap_or(lines.len());
    let mut out = Vec::new();
    for (i, l) in lines[..first_heading].iter().enumerate() {
        let c = tight(l);
        if c.contains("政府信息公开工作年度报告") || c.contains("政府信息公开工作年度")
        {
            out.push(i);
            // 「淮安市人民政府\n2024 年政府信息公开工作年度报告」
            if c.starts_with("20") && i > 0 {
                let above = lines[..i].iter().rposition(|l| !l.trim().is_empty());
                if let Some(a) = above {
                    out.push(a);
                }
            }
        }
    }
    out
}

/// The text without its title.
pub fn without_title(s: &str) -> String {
    let drop = title_lines(s);
    s.lines()
        .enumerate()
        .filter(|(i, _)| !drop.contains(i))
        .map(|(_, l)| l)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The title rewritten with the year first: 「2024年淮安市人民政府政府信息公开
/// 工作年度报告」.
pub fn year_first(s: &str, truth: &Report) -> String {
    format!(
        "{}年{}政府信息公开工作年度报告\n{}",
        truth.year,
        truth.agency,
        without_title(s)
    )
}

/// A site's furniture around the article: breadcrumbs and a date line
/// (with numbers) before, print links and a footer (with numbers) after.
pub fn with_furniture(s: &str, truth: &Report) -> String {
    let lines: Vec<&str> = s.lines().collect();
    let title_end = title_lines(s).into_iter().max().map_or(0, |i| i + 1);
    format!(
        "首页 > 政务公开 > 政府信息公开年报\n{}\n发布时间：2025-01-20 09:30 来源：{} 浏览次数：1024 字号：【大 中 小】 【打印本页】\n{}\n【打印本页】 【关闭窗口】\n相关链接：国务院办公厅 省政府\n主办单位：{}办公室 网站标识码：3208000001 苏ICP备05000000号-1",
        lines[..title_end].join("\n"),
        truth.agency,
        lines[title_end..].join("\n"),
        truth.agency
    )
}

/// Only table 四's values spaced again in a text made `tight`.
pub fn table4_spaced(tight_text: &str, truth: &Report) -> String {
    let values: Vec<&str> = T4Group::ALL
        .iter()
        .flat_map(|&g| T4Col::ALL.map(|c| CellId::T4(g, c)))
        .map(|id| truth.cell(id))
        .collect();
    let run: String = values.concat();
    match tight_text.rfind(&run) {
        Some(i) => format!(
            "{}{}{}",
            &tight_text[..i],
            values.join(" "),
            &tight_text[i + run.len()..]
        ),
        None => tight_text.to_owned(),
    }
}

/// The text layouts of one source text.
pub fn text_variants(source_name: &str, text: &str, truth: &Report) -> Vec<Variant> {
    let text = text.trim_start_matches('\u{FEFF}').replace("\r\n", "\n");
    let v = |name: &str, t: String, numbers: Numbers, title: bool| Variant {
        name: format!("{source_name} · {name}"),
        text: t,
        numbers,
        title,
    };
    let tight_text = tight(&text);
    vec![
        v("as published", text.clone(), Numbers::Separated, true),
        v("one line", one_line(&text), Numbers::Separated, true),
        v(
            "one line, labels broken",
            one_line(&spaced_labels(&text)),
            Numbers::Separated,
            true,
        ),
        v(
            "cells run together",
            tight_text.clone(),
            Numbers::RunTogether,
            true,
        ),
        v(
            "cells run together, table 四 spaced",
            table4_spaced(&tight_text, truth),
            Numbers::RunTogetherButTable4,
            true,
        ),
        v(
            "labels broken",
            spaced_labels(&text),
            Numbers::Separated,
            true,
        ),
        v(
            "headings inline",
            inline_headings(&text),
            Numbers::Separated,
            true,
        ),
        v("no title", without_title(&text), Numbers::Separated, false),
        v(
            "no title, one line",
            one_line(&without_title(&text)),
            Numbers::Separated,
            false,
        ),
        v(
            "year first",
            year_first(&text, truth),
            Numbers::Separated,
            true,
        ),
        v(
            "site furniture",
            with_furniture(&text, truth),
            Numbers::Separated,
            true,
        ),
        v(
            "site furniture, one line",
            one_line(&with_furniture(&text, truth)),
            Numbers::Separated,
            true,
        ),
        v(
            "site furniture, run together",
            tight(&with_furniture(&text, truth)),
            Numbers::RunTogether,
            true,
        ),
        v(
            "heading typos, one line",
            one_line(&heading_typos(&text)),
            Numbers::Separated,
            true,
        ),
        v(
            "heading typos, run together",
            tight(&heading_typos(&text)),
            Numbers::RunTogether,
            true,
        ),
        v(
            "misprinted row labels",
            misprinted_labels(&text),
            Numbers::Separated,
            true,
        ),
        v(
            "misprinted row labels, run together",
            tight(&misprinted_labels(&text)),
            Numbers::RunTogether,
            true,
        ),
        v(
            "non-breaking and ideographic spaces",
            odd_spaces(&text),
            Numbers::Separated,
            true,
        ),
        v(
            "generic column names",
            generic_columns(&text),
            Numbers::Separated,
            true,
        ),
    ]
}

// ---------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------

/// The `<article>` of an exported page.
pub fn article(page: &str) -> &str {
    let start = page.find("<article").expect("an article");
    let end = page.find("</article>").expect("its end") + "</article>".len();
    &page[start..end]
}

/// Every table cell's content wrapped in `<p>`, as sites publish tables
/// pasted from Word.
pub fn p_cells(html: &str) -> String {
    let mut out = String::with_capacity(html.len() * 2);
    let mut rest = html;
    while let Some(i) = rest.find(['<']) {
        let tag_end = rest[i..].find('>').map_or(rest.len(), |j| i + j + 1);
        let tag = &rest[i..tag_end];
        out.push_str(&rest[..tag_end]);
        rest = &rest[tag_end..];
        let opens_cell = tag.starts_with("<td") || tag.starts_with("<th ") || tag == "<th>";
        if opens_cell {
            let close = rest.find("</t").unwrap_or(rest.len());
            out.push_str("<p>");
            out.push_str(&rest[..close]);
            out.push_str("</p>");
            rest = &rest[close..];
        }
    }
    out.push_str(rest);
    out
}

/// A saved page of a government site with the article inside its
/// navigation, scripts, an iframe and a footer; `charset` as declared.
pub fn site_page(article: &str, truth: &Report, charset: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_{agency}</title>
<meta name="ArticleTitle" content="{title}">
<meta name="ContentSource" content="{agency}">
<script type="text/javascript">var nav = "<td>1</td>"; document.write('<div>广告 2024</div>');</script>
<style>.nav td {{ color: red }}</style>
</head><body>
<div class="top"><a href="/">网站首页</a> | <a href="/zwgk">政务公开</a> | <a href="/hdjl">互动交流</a></div>
<table class="layout"><tr><td><ul><li>机构概况</li><li>政策文件</li><li>统计数据 2024</li></ul></td>
<td><div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<div class="info">发布时间：2025-01-20 来源：{agency} 浏览次数：356 【字体：大 中 小】</div>
{article}
<div class="tools">【打印本页】 【关闭窗口】</div></td></tr></table>
<iframe src="/share.html" title="分享"></iframe>
<script>var stats = [1, 2, 3];</script>
<div class="foot">主办单位：{agency}办公室 网站标识码：3208000001 苏ICP备05000000号-1 技术支持：某某公司 电话：0517-12345678</div>
</body></html>"#,
        title = truth.title(),
        agency = truth.agency,
    )
}

// ---------------------------------------------------------------------------
// Determined cells
// ---------------------------------------------------------------------------

/// The rows of the three tables as printed: their cells in order.
fn rows() -> Vec<(char, Vec<CellId>)> {
    let mut out = Vec::new();
    let mut t2: BTreeMap<(usize, usize), Vec<CellId>> = BTreeMap::new();
    for c in T2Cell::ALL {
        let (b, r, _) = c.position();
        t2.entry((b, r)).or_default().push(CellId::T2(c));
    }
    out.extend(t2.into_values().map(|r| ('2', r)));
    for row in T3Row::ALL {
        out.push(('3', T3Col::ALL.map(|c| CellId::T3(row, c)).to_vec()));
    }
    out.push((
        '4',
        T4Group::ALL
            .iter()
            .flat_map(|&g| T4Col::ALL.map(|c| CellId::T4(g, c)))
            .collect(),
    ));
    out
}

/// A row's own rule on a complete split.
fn row_ok(table: char, v: &[u64]) -> bool {
    match table {
        '3' => v[..6].iter().sum::<u64>() == v[6],
        '4' => v.chunks(5).all(|b| b[..4].iter().sum::<u64>() == b[4]),
        _ => true,
    }
}

/// Every split of `digits` into `n` numbers without leading zeros, each
/// of at most ten digits and at most 10⁹, whose complete blocks of five
/// (table 四) add up on the way.
fn splits(table: char, digits: &[u8], n: usize) -> Vec<Vec<u64>> {
    fn go(table: char, d: &[u8], n: usize, cur: &mut Vec<u64>, out: &mut Vec<Vec<u64>>) {
        if cur.len() == n {
            if d.is_empty() && row_ok(table, cur) {
                out.push(cur.clone());
            }
            return;
        }
        if d.is_empty() || out.len() > 100_000 {
            return;
        }
        for len in 1..=d.len().min(10) {
            if len > 1 && d[0] == b'0' {
                break;
            }
            let v: u64 = std::str::from_utf8(&d[..len])
                .unwrap_or("0")
                .parse()
                .unwrap_or(0);
            if v > 1_000_000_000 {
                break;
            }
            cur.push(v);
            let block_ok = table != '4'
                || !cur.len().is_multiple_of(5)
                || cur[cur.len() - 5..cur.len() - 1].iter().sum::<u64>() == cur[cur.len() - 1];
            if block_ok {
                go(table, &d[len..], n, cur, out);
            }
            cur.pop();
        }
    }
    let mut out = Vec::new();
    go(table, digits, n, &mut Vec::new(), &mut out);
    out
}

/// Table 三's column rules hold for the values.
fn columns_ok(v: &BTreeMap<CellId, u64>) -> bool {
    T3Col::ALL.iter().all(|&c| {
        let get = |r| v.get(&CellId::T3(r, c)).copied();
        let bal = match (
            get(T3Row::New),
            get(T3Row::CarriedIn),
            get(T3Row::Total),
            get(T3Row::CarriedOver),
        ) {
            (Some(a), Some(b), Some(t), Some(o)) => a + b == t + o,
            _ => true,
        };
        let results: Option<Vec<u64>> = T3Row::ALL
            .iter()
            .filter(|r| r.in_results() && **r != T3Row::Total)
            .map(|&r| get(r))
            .collect();
        let sum = match (results, get(T3Row::Total)) {
            (Some(rs), Some(t)) => rs.iter().sum::<u64>() == t,
            _ => true,
        };
        bal && sum
    })
}

/// The cells a layout determines, with their values (see the module docs).
/// `None` when the joint search is too large for a brute force.
pub fn determined(truth: &Report, numbers: Numbers) -> Option<BTreeMap<CellId, String>> {
    let mut out = BTreeMap::new();
    // Table 三's runs, for the joint search.
    let mut t3_runs: Vec<(Vec<CellId>, Vec<Vec<u64>>)> = Vec::new();
    for (table, cells) in rows() {
        let printed: Vec<&str> = cells.iter().map(|c| truth.cell(*c)).collect();
        if printed.iter().any(|p| p.is_empty()) {
            continue;
        }
        let separated = match numbers {
            Numbers::Separated => true,
            Numbers::RunTogether => false,
            Numbers::RunTogetherButTable4 => table == '4',
        };
        if separated || cells.len() == 1 {
            for (c, p) in cells.iter().zip(&printed) {
                out.insert(*c, (*p).to_owned());
            }
            continue;
        }
        let digits: String = printed.concat();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let cands = splits(table, digits.as_bytes(), cells.len());
        if table == '3' {
            t3_runs.push((cells, cands));
            continue;
        }
        agree(&cells, &cands.iter().collect::<Vec<_>>(), &mut out);
    }
    // Table 三 jointly: every combination of the runs' candidates that
    // satisfies the column rules.
    let combos: f64 = t3_runs.iter().map(|(_, c)| c.len().max(1) as f64).product();
    if combos > 2e6 {
        return None;
    }
    let mut solutions: Vec<Vec<usize>> = Vec::new();
    let mut pick = vec![0usize; t3_runs.len()];
    if t3_runs.iter().all(|(_, c)| !c.is_empty()) {
        loop {
            let mut v: BTreeMap<CellId, u64> = BTreeMap::new();
            for ((cells, cands), &k) in t3_runs.iter().zip(&pick) {
                for (c, x) in cells.iter().zip(&cands[k]) {
                    v.insert(*c, *x);
                }
            }
            if columns_ok(&v) {
                solutions.push(pick.clone());
            }
            // Next combination.
            let mut i = 0;
            while i < pick.len() {
                pick[i] += 1;
                if pick[i] < t3_runs[i].1.len() {
                    break;
                }
                pick[i] = 0;
                i += 1;
            }
            if i == pick.len() {
                break;
            }
        }
    }
    for (r, (cells, cands)) in t3_runs.iter().enumerate() {
        let kept: Vec<&Vec<u64>> = if solutions.is_empty() {
            cands.iter().collect()
        } else {
            solutions.iter().map(|s| &cands[s[r]]).collect()
        };
        agree(cells, &kept, &mut out);
    }
    Some(out)
}

/// The cells on which all candidates agree.
fn agree(cells: &[CellId], cands: &[&Vec<u64>], out: &mut BTreeMap<CellId, String>) {
    let Some(first) = cands.first() else { return };
    for (i, c) in cells.iter().enumerate() {
        if cands.iter().all(|k| k[i] == first[i]) {
            out.insert(*c, first[i].to_string());
        }
    }
}

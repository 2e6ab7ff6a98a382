//! Reading a report from the document as one text (`flat`): the title
//! (agency and year), the preamble with its contact details, the texts of
//! 一, 五 and 六, the signature, and the three tables (see `tables`).
//!
//! Sections are found by their headings wherever they stand, in order; a
//! heading is accepted only after the previous one, so table 三's row
//! 「四、结转下年度继续办理」 is never taken for section 四. A page's
//! furniture around the article (navigation, 「来源：」, 「打印本页」, the
//! footer) is left out: before the title it is not read, between the title
//! and 一 it is not taken for the preamble, and after 六 it is cut off.
//!
//! Paragraphs. HTML and Word paragraphs are paragraphs. Plain text may be a
//! web page copied as text (one line per paragraph) or a PDF extraction
//! (lines wrapped inside paragraphs, page-number lines between them). Text
//! counts as wrapped when it has page-number lines, or when its lines are
//! all shorter than 60 characters and blank lines do not separate them.
//! Wrapped lines are joined without a separator (Chinese has no spaces;
//! the extraction's own spaces around numbers stay), and a paragraph ends
//! at a blank line, after a line ending in 。！？ (closing quotes and brackets
//! after it allowed), before a line starting with an enumeration
//! (「（二）」, 「二、」, 「2、」), and after a line much shorter than the
//! others. The preamble is one paragraph: a line ending in 。 inside it is
//! no paragraph end (as in the real reports, where the statistics period
//! ends a line in mid-paragraph). A section that arrives as one long line
//! is cut before its 「（二）」… after a full stop.

use std::ops::Range;

use super::flat::{compact, flatten, prose_lines, Flat};
use super::labels::{is_cjk_numeral, Headings};
use super::lines::{fold_radicals, trim, width, Doc};
use super::split::Equation;
use super::title::{
    agency_like, date_year, find_title, is_date, period_year, phrase_year, trailing_date,
};
use super::tokens::{segments, Segments};
use super::{tables, Builder, ImportError, Imported, SourceKind};
use crate::domain::format::{CellId, SectionId, T3Col, T3Row, T4Col, T4Group};
use crate::domain::model::Signature;
use crate::domain::textnum::{stated_numbers, Quantity};

/// Words that start a site's furniture after the article: the report ends
/// before the first of them.
const FURNITURE_AFTER: [&str; 16] = [
    "打印本页",
    "【打印】",
    "[打印]",
    "【关闭】",
    "[关闭]",
    "关闭窗口",
    "分享到",
    "扫一扫在手机",
    "主办单位",
    "版权所有",
    "网站标识码",
    "ICP备",
    "上一篇",
    "下一篇",
    "相关链接",
    "返回顶部",
];

pub(crate) fn read(doc: Doc, kind: SourceKind) -> Result<Imported, ImportError> {
    let mut flat = flatten(doc);
    flat.text = fold_radicals(std::mem::take(&mut flat.text));
    let text = flat.text.as_str();
    let mut b = Builder::default();
    let heads = Headings::new().find_all(text);
    let first_head = heads.first().map_or(text.len(), |h| h.start);

    // Title and preamble: before the first heading (and not further than
    // `MAX_FRONT` into the text).
    let title = find_title(text, first_head.min(MAX_FRONT));
    let front_from = title.as_ref().map_or(0, |t| t.end).min(first_head);
    let front_to = floor_boundary(text, first_head.min(front_from + MAX_FRONT));
    let front = prose_lines(&text[front_from..front_to]);

    // A section's text: after its heading, up to the next one; the last
    // one ends where the site's furniture starts.
    let mut ranges: Vec<(SectionId, Range<usize>)> = heads
        .iter()
        .enumerate()
        .map(|(i, h)| {
            (
                h.section,
                h.end..heads.get(i + 1).map_or(text.len(), |n| n.start),
            )
        })
        .collect();
    // A section is a few KB: megabytes after a heading are junk, read only
    // as far as a section could reach.
    for (id, r) in ranges.iter_mut() {
        let end = floor_boundary(text, r.end.min(r.start + MAX_TABLE));
        if end < r.end {
            r.end = end;
            b.note(format!(
                "「{}」部分内容过多，只读取了前{} KB",
                id.heading(),
                MAX_TABLE / 1024
            ));
        }
    }
    if let Some((_, last)) = ranges.last_mut() {
        let body = &text[last.clone()];
        if let Some(cut) = FURNITURE_AFTER.iter().filter_map(|f| body.find(f)).min() {
            // 「【打印本页】」: its bracket too.
            let kept = body[..cut].trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, '【' | '[' | '（' | '(' | '|' | '｜')
            });
            last.end = last.start + kept.len();
        }
    }
    let section = |s: SectionId| {
        ranges
            .iter()
            .find(|(id, _)| *id == s)
            .map(|(_, r)| r.clone())
    };
    let text_of = |s: SectionId| -> Vec<String> {
        section(s).map_or_else(Vec::new, |r| prose_lines(strip_heading_rest(&text[r])))
    };
    let overview = text_of(SectionId::Overview);
    let problems = text_of(SectionId::Problems);
    let mut other = text_of(SectionId::Other);

    let soft = !flat.hard_breaks
        && (flat.page_numbers
            || wrapped(front.iter().chain(&overview).chain(&problems).chain(&other)));

    preamble(&mut b, &front, soft);
    if let Some(sig) = split_signature(&mut other) {
        b.report.signature = sig;
    }
    b.report.overview = prose(&overview, soft);
    b.report.problems = prose(&problems, soft);
    b.report.other = prose(&other, soft);
    agency_and_year(&mut b, &flat, title.as_ref(), first_head);

    for s in [SectionId::Overview, SectionId::Problems, SectionId::Other] {
        if !heads.iter().any(|h| h.section == s) && !heads.is_empty() {
            b.note(format!("未找到「{}」部分，其内容需手动填写", s.heading()));
        }
    }

    // Tables: a table whose heading is missing is looked for between the
    // headings around it (the whole text when there is none). Regions that
    // coincide are cut into segments once.
    let stated = stated_equations(&b.report.overview);
    let mut cut: Vec<(Range<usize>, Segments)> = Vec::new();
    for s in [SectionId::Proactive, SectionId::Requests, SectionId::Review] {
        let range = section(s).unwrap_or_else(|| {
            let before = heads.iter().rev().find(|h| h.section < s);
            let after = heads.iter().find(|h| h.section > s);
            let from = before.map_or(0, |h| h.end);
            let to = after.map_or(text.len(), |h| h.start);
            if !heads.is_empty() {
                b.note(format!(
                    "未找到「{}」标题，已在前后内容中查找该表",
                    s.heading()
                ));
            }
            from.min(to)..to
        });
        // A table is a few KB: a region of megabytes is junk, read only
        // as far as a table could reach (a section's own range is cut
        // already).
        let range = range.start..floor_boundary(text, range.end.min(range.start + MAX_TABLE));
        let i = cut
            .iter()
            .position(|(r, _)| *r == range)
            .unwrap_or_else(|| {
                cut.push((range.clone(), segments(&text[range])));
                cut.len() - 1
            });
        let segs = &cut[i].1;
        match s {
            SectionId::Proactive => tables::read_t2(segs, &mut b),
            SectionId::Requests => tables::read_t3(segs, &mut b, &stated),
            _ => tables::read_t4(segs, &mut b, &stated),
        }
    }

    let cells_read = b.report.cells().len() + b.report.stated_totals().len();
    let evidence =
        heads.len() + usize::from(title.is_some()) + if cells_read >= 10 { 2 } else { 0 };
    if evidence < 2 {
        return Err(ImportError::NotAReport);
    }
    Ok(b.finish(kind))
}

/// How far into the text the title, the preamble and the year are looked
/// for: a page's navigation and the preamble take a few KB; junk pasted
/// by mistake can take megabytes, and is not read through for them.
const MAX_FRONT: usize = 256 * 1024;

/// How much of a section or a table's region is read: a table with every
/// label broken over lines and padded by a page's markup is still below
/// 64 KB, a section's text below 20 KB.
const MAX_TABLE: usize = 512 * 1024;

/// `at`, or the char boundary before it.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The start of a section after its heading: 「：」 or 「，」 after the heading
/// on its line (「一、总体情况：2024年…」) is not text.
fn strip_heading_rest(s: &str) -> &str {
    s.trim_start_matches(|c: char| {
        (c.is_whitespace() && c != '\n') || matches!(c, '：' | ':' | '，' | ',' | '。' | '.')
    })
}

// ---------------------------------------------------------------------------
// Agency and year
// ---------------------------------------------------------------------------

/// Fills agency and year from the title, else from wherever the report
/// states them (see `title`), and says what is still missing.
fn agency_and_year(
    b: &mut Builder,
    flat: &Flat,
    title: Option<&super::title::Title>,
    first_head: usize,
) {
    let text = flat.text.as_str();
    if let Some(t) = title {
        b.report.agency = t.agency.clone();
        b.report.year = t.year.clone();
    }
    let page_titles: Vec<super::title::Title> = flat
        .meta
        .titles
        .iter()
        .filter_map(|t| find_title(t, t.len()))
        .collect();
    if b.report.year.is_empty() {
        let front_and_overview =
            &text[..floor_boundary(text, (first_head + 20_000).min(MAX_FRONT))];
        let year = period_year(front_and_overview)
            .or_else(|| {
                page_titles
                    .iter()
                    .find(|t| !t.year.is_empty())
                    .map(|t| t.year.clone())
            })
            .or_else(|| phrase_year(&text[..floor_boundary(text, MAX_FRONT)]));
        if let Some(y) = year {
            b.report.year = y;
        } else if let Some(signed) = date_year(&b.report.signature.date) {
            // Reports are published early in the following year.
            b.report.year = (signed - 1).to_string();
            b.note(format!(
                "报告年度根据落款日期「{}」推断为{}年，请核对",
                b.report.signature.date, b.report.year
            ));
        }
    }
    if b.report.agency.is_empty() {
        let agency = page_titles
            .iter()
            .find(|t| !t.agency.is_empty())
            .map(|t| t.agency.clone())
            .or_else(|| {
                let signed = b.report.signature.agency.clone();
                agency_like(&signed).then_some(signed)
            })
            .or_else(|| flat.meta.source.clone().filter(|s| agency_like(s)));
        if let Some(a) = agency {
            b.report.agency = a;
        }
    }
    let missing: Vec<&str> = [
        (b.report.agency.is_empty(), "单位名称"),
        (b.report.year.is_empty(), "报告年度"),
    ]
    .into_iter()
    .filter_map(|(m, name)| m.then_some(name))
    .collect();
    if title.is_none() && !missing.is_empty() {
        b.note("未找到报告标题（「…年政府信息公开工作年度报告」），单位名称和报告年度请手动填写");
    } else if !missing.is_empty() {
        b.note(format!("原文中没有找到{}，请手动填写", missing.join("和")));
    } else if title.is_none() {
        b.note(format!(
            "未找到报告标题，单位名称「{}」和报告年度「{}」取自正文，请核对",
            b.report.agency, b.report.year
        ));
    }
}

// ---------------------------------------------------------------------------
// Numbers stated in the text
// ---------------------------------------------------------------------------

/// The numbers 一、总体情况 states about the tables, as equations on their
/// cells: 新收 → 表三 一 总计, 上年结转 → 二 总计, 结转下年度 → 四 总计,
/// 行政复议 → 表四 复议 总计, 行政诉讼 → the two 诉讼 总计 together. A
/// quantity stated twice with different numbers is not used.
fn stated_equations(overview: &str) -> Vec<Equation> {
    let mut by: Vec<(Quantity, u64, bool)> = Vec::new();
    for s in stated_numbers(overview) {
        match by.iter_mut().find(|(q, _, _)| *q == s.quantity) {
            Some((_, v, ok)) => *ok &= *v == s.value,
            None => by.push((s.quantity, s.value, true)),
        }
    }
    by.into_iter()
        .filter(|(_, _, ok)| *ok)
        .filter_map(|(q, v, _)| {
            let t3 = |r| vec![(1, CellId::T3(r, T3Col::Total))];
            let terms = match q {
                Quantity::New => t3(T3Row::New),
                Quantity::CarriedIn => t3(T3Row::CarriedIn),
                Quantity::CarriedOver => t3(T3Row::CarriedOver),
                Quantity::Review => vec![(1, CellId::T4(T4Group::Review, T4Col::Total))],
                Quantity::Litigation => vec![
                    (1, CellId::T4(T4Group::DirectSuit, T4Col::Total)),
                    (1, CellId::T4(T4Group::SuitAfterReview, T4Col::Total)),
                ],
            };
            Some(Equation {
                terms,
                constant: i64::try_from(v).ok()?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Preamble
// ---------------------------------------------------------------------------

/// Words that show a paragraph before 一 is the preamble, not a page's
/// date line or navigation.
const PREAMBLE_MARKERS: [&str; 6] = ["本报告", "条例", "统计期限", "年度报告", "编制", "联系"];

fn preamble(b: &mut Builder, lines: &[String], soft: bool) {
    // The preamble is one paragraph in wrapped text, whatever its lines
    // end with; a blank line still ends it.
    let paras: Vec<String> = if soft {
        let mut out = Vec::new();
        let mut cur = String::new();
        for l in lines {
            let t = trim(l);
            if t.is_empty() {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            } else {
                cur.push_str(t);
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out
    } else {
        lines
            .iter()
            .map(|l| trim(l).to_owned())
            .filter(|l| !l.is_empty())
            .collect()
    };
    let mut paras = paras;
    let first = paras
        .iter()
        .position(|p| PREAMBLE_MARKERS.iter().any(|m| p.contains(m)));
    let mut skipped = paras[..first.unwrap_or(paras.len())].to_vec();
    // Page furniture on the preamble's line (「发布时间：… 来源：… 本报告…」,
    // a page copied as one line): the preamble starts with the sentence
    // of its first marker.
    if let Some(p) = first.and_then(|i| paras.get_mut(i)) {
        let at = PREAMBLE_MARKERS
            .iter()
            .filter_map(|m| p.find(m))
            .min()
            .unwrap_or(0);
        let start = p[..at]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace() || matches!(c, '。' | '】' | ']'))
            .map(|(i, c)| i + c.len_utf8());
        if let Some(start) = start {
            skipped.push(trim(&p[..start]).to_owned());
            *p = p[start..].to_owned();
        }
    }
    if !skipped.is_empty() {
        let text: String = skipped.join(" ").chars().take(60).collect();
        b.note(format!(
            "标题与「{}」之间的文字不像前言，未导入：「{text}」",
            SectionId::Overview.heading()
        ));
    }
    let Some(first) = first else {
        return;
    };
    let text = paras[first..].join("\n");
    let p = &mut b.report.preamble;
    p.enabled = true;
    contact(&text, p);
    p.text = text;
}

/// Fills office, address, postcode, phone and e-mail from the preamble's
/// 「请与…联系（地址：…，邮编：…，电话：…，电子邮箱：…）」, where present.
fn contact(text: &str, p: &mut crate::domain::model::Preamble) {
    let t = compact(text);
    if let Some(i) = t.rfind("请与") {
        let after = &t[i + "请与".len()..];
        if let Some(j) = after.find("联系") {
            let office = &after[..j];
            if (2..=40).contains(&office.chars().count()) {
                p.office = office.to_owned();
            }
        }
    }
    p.address = field(&t, &["通讯地址", "联系地址", "地址"], |_| true).unwrap_or_default();
    p.postcode = field(&t, &["邮政编码", "邮编"], |c| c.is_ascii_digit())
        .filter(|v| v.len() == 6)
        .unwrap_or_default();
    p.phone = field(&t, &["联系电话", "咨询电话", "电话"], |c| {
        c.is_ascii_digit() || matches!(c, '-' | '－' | '—' | '(' | ')' | '（' | '）' | '、' | '/')
    })
    .unwrap_or_default();
    p.email = field(
        &t,
        &[
            "电子邮箱",
            "电子信箱",
            "电子邮件",
            "邮箱",
            "E-mail",
            "Email",
            "email",
        ],
        |c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '@'),
    )
    .filter(|v| v.contains('@'))
    .unwrap_or_default();
}

/// What may stand between 「电话」 and its colon when the number is also the
/// fax's.
const SHARED_WITH_FAX: [&str; 7] = [
    "/传真",
    "／传真",
    "（传真）",
    "(传真)",
    "、传真",
    "及传真",
    "和传真",
];

/// The value after the first of `keys` followed by a colon: up to the next
/// comma, semicolon, full stop or unmatched closing bracket, and only while
/// `ok` accepts the characters.
fn field(t: &str, keys: &[&str], ok: impl Fn(char) -> bool) -> Option<String> {
    for key in keys {
        for (i, _) in t.match_indices(key) {
            // 「网站地址」 is no postal address.
            if t[..i].ends_with("网站") || t[..i].ends_with("网页") || t[..i].ends_with('网') {
                continue;
            }
            let after = &t[i + key.len()..];
            // 「电话/传真：」: one number for both.
            let after = key
                .ends_with("电话")
                .then(|| SHARED_WITH_FAX.iter().find_map(|q| after.strip_prefix(q)))
                .flatten()
                .unwrap_or(after);
            let Some(after) = after.strip_prefix('：').or_else(|| after.strip_prefix(':')) else {
                continue;
            };
            let mut depth = 0usize;
            let mut value = String::new();
            for c in after.chars() {
                match c {
                    '（' | '(' => depth += 1,
                    '）' | ')' if depth == 0 => break,
                    '）' | ')' => depth -= 1,
                    '，' | ',' | '；' | ';' | '。' | '、' if depth == 0 => break,
                    _ => {}
                }
                if !ok(c) {
                    break;
                }
                value.push(c);
            }
            if !value.is_empty() {
                return Some(value);
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Paragraphs and the signature
// ---------------------------------------------------------------------------

/// True when the text's lines look wrapped inside paragraphs (see the
/// module docs).
fn wrapped<'a>(lines: impl Iterator<Item = &'a String>) -> bool {
    let (mut long, mut max, mut blank, mut filled) = (0, 0, 0, 0);
    for l in lines {
        let n = trim(l).chars().count();
        if n == 0 {
            blank += 1;
            continue;
        }
        filled += 1;
        max = max.max(n);
        if n >= 15 {
            long += 1;
        }
    }
    max <= 60 && long >= 4 && blank * 3 < filled
}

/// The sentence-ending marks after which a wrapped line ends a paragraph.
fn ends_paragraph(s: &str) -> bool {
    let s = s.trim_end_matches(['”', '’', '」', '』', '）', ')', '】', '"', '\'', ' ']);
    s.ends_with(['。', '！', '？', '!', '?'])
}

/// A line that starts an enumerated paragraph: 「（二）」, 「二、」, 「2、」,
/// 「2.」 followed by text.
fn starts_paragraph(s: &str) -> bool {
    let mut chars = s.chars().peekable();
    match chars.peek() {
        Some('（' | '(') => {
            chars.next();
            let mut n = 0;
            while chars
                .peek()
                .is_some_and(|c| is_cjk_numeral(*c) || c.is_ascii_digit())
            {
                chars.next();
                n += 1;
            }
            (1..=3).contains(&n) && matches!(chars.next(), Some('）' | ')'))
        }
        Some(c) if is_cjk_numeral(*c) => {
            let mut n = 0;
            while chars.peek().is_some_and(|c| is_cjk_numeral(*c)) {
                chars.next();
                n += 1;
            }
            n <= 3 && chars.next() == Some('、')
        }
        Some(c) if c.is_ascii_digit() => {
            let mut n = 0;
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
                n += 1;
            }
            n <= 2
                && match chars.next() {
                    Some('、') => true,
                    Some('.' | '．') => chars.next().is_some_and(|c| !c.is_ascii_digit()),
                    _ => false,
                }
        }
        _ => false,
    }
}

/// The section's text: paragraphs separated by one `\n`.
pub(crate) fn prose(lines: &[String], soft: bool) -> String {
    let filled: Vec<&String> = lines.iter().filter(|l| !trim(l).is_empty()).collect();
    if let [only] = filled.as_slice() {
        if only.chars().count() > 300 {
            return cut_run_on(only).join("\n");
        }
    }
    let mut widths: Vec<usize> = lines
        .iter()
        .map(|l| width(trim(l)))
        .filter(|w| *w > 0)
        .collect();
    widths.sort_unstable();
    // A line much shorter than the typical one ends its paragraph.
    let typical = if soft && widths.len() >= 4 {
        widths[widths.len() / 2]
    } else {
        0
    };
    let mut paras: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_short = false;
    for l in lines {
        let t = trim(l);
        if t.is_empty() {
            if !cur.is_empty() {
                paras.push(std::mem::take(&mut cur));
            }
            prev_short = false;
            continue;
        }
        let breaks = !soft || ends_paragraph(&cur) || starts_paragraph(t) || prev_short;
        if !cur.is_empty() && breaks {
            paras.push(std::mem::take(&mut cur));
        }
        cur.push_str(t);
        prev_short = typical > 0
            && width(t) * 10 < typical * 6
            && !t.ends_with(['，', '、', '；', '：', ',', ';', ':']);
    }
    if !cur.is_empty() {
        paras.push(cur);
    }
    paras.join("\n")
}

/// One long line cut into paragraphs before 「（二）」… that follow a full
/// stop: a section that arrived as one line (its line breaks lost).
fn cut_run_on(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in line.char_indices() {
        if c != '（' && c != '(' || i == 0 {
            continue;
        }
        let before = line[..i].trim_end();
        if !before.ends_with(['。', '！', '？']) {
            continue;
        }
        let rest: Vec<char> = line[i + c.len_utf8()..].chars().take(4).collect();
        let n = rest.iter().take_while(|c| is_cjk_numeral(**c)).count();
        if (1..=2).contains(&n) && matches!(rest.get(n), Some('）' | ')')) {
            out.push(trim(&line[start..i]).to_owned());
            start = i;
        }
    }
    out.push(trim(&line[start..]).to_owned());
    out.retain(|p| !p.is_empty());
    out
}

/// Takes the signature off the end of 六: a date line, and the agency line
/// above it when there is one; or, in text that lost its line breaks, a
/// date at the end of the last line and the agency right before it.
fn split_signature(lines: &mut Vec<String>) -> Option<Signature> {
    let last = lines.iter().rposition(|l| !trim(l).is_empty())?;
    if !is_date(&lines[last]) {
        return split_inline_signature(lines, last);
    }
    let date = trim(&lines[last]).to_owned();
    let above = lines[..last].iter().rposition(|l| !trim(l).is_empty());
    let mut cut = last;
    let mut agency = String::new();
    if let Some(a) = above {
        let t = trim(&lines[a]);
        if agency_like(t) {
            agency = t.to_owned();
            cut = a;
        }
    }
    lines.truncate(cut);
    Some(Signature {
        enabled: true,
        agency,
        date,
        ..Signature::default()
    })
}

/// 「…信息处理费。淮安市人民政府 2025年1月20日」 on one line.
fn split_inline_signature(lines: &mut [String], last: usize) -> Option<Signature> {
    let line = lines[last].clone();
    let at = trailing_date(&line)?;
    let date = trim(&line[at..]).to_owned();
    let before = line[..at].trim_end();
    // The agency: the words after the last sentence.
    let from = before.rfind(['。', '！', '？', '；']).map_or(0, |i| {
        i + before[i..].chars().next().map_or(0, char::len_utf8)
    });
    let candidate = trim(&before[from..]);
    let (text_end, agency) = if agency_like(&compact(candidate)) {
        (from, compact(candidate))
    } else {
        (before.len(), String::new())
    };
    // A sentence must end before a date on the same line; else the date
    // is part of the text (「…于2025年1月20日」).
    if text_end == before.len() && !before.is_empty() && !before.ends_with(['。', '！', '？', '；'])
    {
        return None;
    }
    lines[last] = line[..text_end].to_owned();
    // Whether the published report was sealed cannot be read from text;
    // the unsealed layout is the default.
    Some(Signature {
        enabled: true,
        agency,
        date,
        sealed: false,
    })
}

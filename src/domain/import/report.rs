//! Reading a report from lines of cells: the title (agency and year), the
//! preamble with its contact details, the texts of 一, 五 and 六, the
//! signature, and the three tables (see `tables`).
//!
//! Sections are found by their headings, in order; a heading is accepted
//! only after the previous one, so table 三's row 「四、结转下年度继续办理」 is
//! never taken for section 四.
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
//! ends a line in mid-paragraph).

use std::ops::Range;

use super::labels::{norm_char, raw_after_norm_prefix, Headings};
use super::lines::{is_page_number, trim, width, Cell, Doc, Line};
use super::tables;
use super::{Builder, ImportError, Imported, SourceKind};
use crate::domain::format::{SectionId, TITLE_SUFFIX};
use crate::domain::model::Signature;
use crate::domain::year::{is_year_digit, Year};

/// A section heading found in the lines.
struct Head {
    section: SectionId,
    line: usize,
    /// Text after the heading on its line (「一、总体情况：2024年…」).
    rest: String,
}

pub(crate) fn read(doc: Doc, kind: SourceKind) -> Result<Imported, ImportError> {
    let mut b = Builder::default();
    let mut page_numbers = false;
    let lines: Vec<Line> = doc
        .lines
        .into_iter()
        .filter(|l| {
            let filled = l
                .cells
                .iter()
                .filter(|c| matches!(c, Cell::Text(t) if !trim(t).is_empty()))
                .count();
            if filled == 1 && is_page_number(&l.joined()) {
                page_numbers = true;
                return false;
            }
            true
        })
        .collect();
    let heads = find_heads(&lines);
    let first_head = heads.first().map_or(lines.len(), |h| h.line);

    // Title and preamble: before the first heading.
    let front = &lines[..first_head];
    let title = find_title(front);
    let preamble_from = title.as_ref().map_or(0, |t| t.end).min(front.len());
    let front_text: Vec<String> = front[preamble_from..]
        .iter()
        .map(|l| l.joined().into_owned())
        .collect();

    // A section's lines: the rest of its heading line, then the lines up to
    // the next heading.
    let section = |s: SectionId| -> Option<(Option<Line>, Range<usize>)> {
        let i = heads.iter().position(|h| h.section == s)?;
        let end = heads.get(i + 1).map_or(lines.len(), |h| h.line);
        let rest = (!heads[i].rest.is_empty()).then(|| Line::text(heads[i].rest.clone()));
        Some((rest, heads[i].line + 1..end))
    };
    let text_of = |s: SectionId| -> Vec<String> {
        let Some((rest, range)) = section(s) else {
            return Vec::new();
        };
        rest.iter()
            .chain(&lines[range])
            .map(|l| l.joined().into_owned())
            .collect()
    };
    let overview = text_of(SectionId::Overview);
    let problems = text_of(SectionId::Problems);
    let mut other = text_of(SectionId::Other);

    let soft = !doc.hard_breaks
        && (page_numbers
            || wrapped(
                front_text
                    .iter()
                    .chain(&overview)
                    .chain(&problems)
                    .chain(&other),
            ));

    if let Some(t) = &title {
        b.report.agency = t.agency.clone();
        b.report.year = t.year.clone();
    } else {
        b.note("未找到报告标题（「…年政府信息公开工作年度报告」），单位名称和报告年度请手动填写");
    }
    preamble(&mut b, &front_text, soft);

    if let Some(sig) = split_signature(&mut other) {
        b.report.signature = sig;
    }
    b.report.overview = prose(&overview, soft);
    b.report.problems = prose(&problems, soft);
    b.report.other = prose(&other, soft);

    for s in [SectionId::Overview, SectionId::Problems, SectionId::Other] {
        if !heads.iter().any(|h| h.section == s) && !heads.is_empty() {
            b.note(format!("未找到「{}」部分，其内容需手动填写", s.heading()));
        }
    }

    // Tables: a table whose heading is missing is looked for between the
    // headings around it (the whole text when there is none). Regions that
    // coincide are cut into segments once.
    let mut cut: Vec<(Range<usize>, bool, tables::Segments)> = Vec::new();
    for s in [SectionId::Proactive, SectionId::Requests, SectionId::Review] {
        let (rest, range) = section(s).unwrap_or_else(|| {
            let before = heads.iter().rev().find(|h| h.section < s);
            let after = heads.iter().find(|h| h.section > s);
            let from = before.map_or(0, |h| h.line + 1);
            let to = after.map_or(lines.len(), |h| h.line);
            if !heads.is_empty() {
                b.note(format!(
                    "未找到「{}」标题，已在前后内容中查找该表",
                    s.heading()
                ));
            }
            (None, from.min(to)..to)
        });
        let known = cut
            .iter()
            .position(|(r, has_rest, _)| *r == range && *has_rest == rest.is_some());
        let i = known.unwrap_or_else(|| {
            let segs = tables::segments(rest.iter().chain(&lines[range.clone()]));
            cut.push((range, rest.is_some(), segs));
            cut.len() - 1
        });
        let segs = &cut[i].2;
        match s {
            SectionId::Proactive => tables::read_t2(segs, &mut b),
            SectionId::Requests => tables::read_t3(segs, &mut b),
            _ => tables::read_t4(segs, &mut b),
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

/// The headings, each after the one before it in the format's order.
fn find_heads(lines: &[Line]) -> Vec<Head> {
    let headings = Headings::new();
    let mut heads: Vec<Head> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let text = l.joined();
        if text.is_empty() {
            continue;
        }
        // Headings are short: look at the start of the line only, so a
        // huge line costs nothing. A cut line gets a mark at its end so it
        // never equals a heading's text.
        let mut n: String = text.chars().take(60).filter_map(norm_char).collect();
        if text.chars().nth(60).is_some() {
            n.push('…');
        }
        let Some((section, used)) = headings.find(&n) else {
            continue;
        };
        if heads.last().is_some_and(|h| section <= h.section) {
            continue;
        }
        let rest = raw_after_norm_prefix(&text, used)
            .trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '：' | ':' | '，' | ',' | '。' | '.')
            })
            .to_owned();
        heads.push(Head {
            section,
            line: i,
            rest,
        });
    }
    heads
}

// ---------------------------------------------------------------------------
// Title
// ---------------------------------------------------------------------------

struct Title {
    agency: String,
    year: String,
    /// The index of the first line after the title.
    end: usize,
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The title: the first line with 「政府信息公开工作年度报告」 (also when the
/// phrase is broken over two lines); agency and year before it, or the
/// agency on the line above (「淮安市人民政府\n2024 年政府信息公开工作年度报告」).
fn find_title(lines: &[Line]) -> Option<Title> {
    for i in 0..lines.len() {
        // A title is short; a long line is not looked at closely.
        let joined = lines[i].joined();
        if joined.len() > 400 {
            continue;
        }
        let here = compact(&joined);
        let (text, end) = if here.contains(TITLE_SUFFIX) {
            (here, i + 1)
        } else {
            let Some(next) = lines.get(i + 1) else {
                continue;
            };
            let next = next.joined();
            if next.len() > 400 {
                continue;
            }
            let next = compact(&next);
            let two = format!("{here}{next}");
            if here.is_empty() || next.contains(TITLE_SUFFIX) || !two.contains(TITLE_SUFFIX) {
                continue;
            }
            (two, i + 2)
        };
        let at = text.find(TITLE_SUFFIX).unwrap_or(0);
        let prefix = &text[..at];
        // A page's breadcrumbs: 「首页>政务公开>…」.
        let prefix = prefix
            .rsplit(['>', '》', '|', '：', ':'])
            .next()
            .unwrap_or(prefix);
        let (mut agency, year) = split_agency_year(prefix);
        if agency.is_empty() {
            if let Some(above) = lines[..i]
                .iter()
                .rev()
                .map(Line::joined)
                .find(|l| !trim(l).is_empty())
            {
                let above = trim(&above);
                let n = above.chars().count();
                if (2..=40).contains(&n) && !above.contains(['。', '，', '；', '：', ':', '>', ','])
                {
                    agency = above.to_owned();
                }
            }
        }
        return Some(Title { agency, year, end });
    }
    None
}

/// 「淮安市人民政府2024年」 → (「淮安市人民政府」, 「2024」); the year is four
/// digits (full-width or 〇一二… allowed) before 年 or 年度.
fn split_agency_year(prefix: &str) -> (String, String) {
    let Some(before) = prefix
        .strip_suffix("年度")
        .or_else(|| prefix.strip_suffix('年'))
    else {
        return (clean_agency(prefix), String::new());
    };
    let chars: Vec<char> = before.chars().collect();
    if chars.len() >= 4 {
        let tail: String = chars[chars.len() - 4..].iter().collect();
        let not_longer = chars.len() == 4 || !is_year_digit(chars[chars.len() - 5]);
        if let (Ok(year), true) = (Year::parse(&tail), not_longer) {
            let agency: String = chars[..chars.len() - 4].iter().collect();
            return (clean_agency(&agency), year.to_string());
        }
    }
    (clean_agency(prefix), String::new())
}

fn clean_agency(s: &str) -> String {
    let s = trim(s);
    let s = s.strip_suffix("关于").unwrap_or(s);
    trim(s).to_owned()
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
    let first = paras
        .iter()
        .position(|p| PREAMBLE_MARKERS.iter().any(|m| p.contains(m)));
    let skipped = &paras[..first.unwrap_or(paras.len())];
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

/// Chinese numerals as used in enumerations.
fn is_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
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
                .is_some_and(|c| is_numeral(*c) || c.is_ascii_digit())
            {
                chars.next();
                n += 1;
            }
            (1..=3).contains(&n) && matches!(chars.next(), Some('）' | ')'))
        }
        Some(c) if is_numeral(*c) => {
            let mut n = 0;
            while chars.peek().is_some_and(|c| is_numeral(*c)) {
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

/// 「2025年1月20日」, also with 〇一二… numerals.
fn is_date(s: &str) -> bool {
    let s = compact(s);
    let num = |part: &str, max: usize| {
        let n = part.chars().count();
        (1..=max).contains(&n)
            && part.chars().all(|c| {
                c.is_ascii_digit()
                    || ('０'..='９').contains(&c)
                    || is_numeral(c)
                    || matches!(c, '〇' | '○' | '零')
            })
    };
    let Some((y, rest)) = s.split_once('年') else {
        return false;
    };
    let Some((m, rest)) = rest.split_once('月') else {
        return false;
    };
    let Some(d) = rest.strip_suffix('日') else {
        return false;
    };
    y.chars().count() == 4 && num(y, 4) && num(m, 3) && num(d, 3)
}

/// The endings of agency names, for telling a signature line from text.
const AGENCY_ENDINGS: [&str; 22] = [
    "政府",
    "局",
    "委员会",
    "委",
    "办公室",
    "办",
    "中心",
    "厅",
    "院",
    "署",
    "部",
    "处",
    "所",
    "站",
    "馆",
    "会",
    "队",
    "公司",
    "街道",
    "乡",
    "镇",
    "社区",
];

/// Takes the signature off the end of 六: a date line, and the agency line
/// above it when there is one.
fn split_signature(lines: &mut Vec<String>) -> Option<Signature> {
    let last = lines.iter().rposition(|l| !trim(l).is_empty())?;
    if !is_date(&lines[last]) {
        return None;
    }
    let date = trim(&lines[last]).to_owned();
    let above = lines[..last].iter().rposition(|l| !trim(l).is_empty());
    let mut cut = last;
    let mut agency = String::new();
    if let Some(a) = above {
        let t = trim(&lines[a]);
        let n = t.chars().count();
        if (2..=30).contains(&n)
            && !t.contains(['。', '，', '；', '：', ':', ',', ';', '!', '?', '！', '？'])
            && AGENCY_ENDINGS.iter().any(|e| t.ends_with(e))
        {
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

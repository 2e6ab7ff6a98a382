//! The agency and the report year, read from wherever a report states
//! them: its title (the year before or after the agency, with breadcrumbs
//! or navigation around it, or the agency on the line above), the
//! statistics period of the preamble (「统计期限为2024年1月1日至2024年12月31日」),
//! 「…2024年度政府信息公开工作年度报告」 in the text, a saved page's `<title>`
//! and `<meta>`, and, last, the date of the signature.

use super::flat::{compact, find};
use super::labels::norm;
use super::lines::trim;
use crate::domain::format::TITLE_SUFFIX;
use crate::domain::year::{is_year_digit, Year};

/// The title found in the text, as raw byte offsets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Title {
    pub agency: String,
    pub year: String,
    pub start: usize,
    /// The first byte after the title (and a year after it in brackets).
    pub end: usize,
}

/// Where a title's prefix stops: navigation, punctuation, a new line or
/// cell.
fn hard_boundary(c: char) -> bool {
    matches!(
        c,
        '\n' | '\t'
            | '>'
            | '＞'
            | '》'
            | '›'
            | '»'
            | '→'
            | '|'
            | '｜'
            | '/'
            | '：'
            | ':'
            | '。'
            | '，'
            | ','
            | '；'
            | ';'
            | '】'
            | ']'
    )
}

/// Words of a site's navigation and article furniture, which are never
/// part of an agency's name.
fn is_furniture(word: &str) -> bool {
    const WORDS: [&str; 18] = [
        "首页",
        "网站首页",
        "政务公开",
        "信息公开",
        "政府信息公开",
        "年度报告",
        "公开年报",
        "正文",
        "专题专栏",
        "栏目",
        "发布",
        "来源",
        "字号",
        "打印",
        "浏览",
        "索引号",
        "文号",
        "分类",
    ];
    WORDS.contains(&word)
        || word.ends_with("年报")
        || word.ends_with("年度报告")
        || word.contains("首页")
        || word.contains("位置")
}

/// The endings of agency names, for telling an agency from other text.
pub(crate) const AGENCY_ENDINGS: [&str; 28] = [
    "政府",
    "省",
    "市",
    "县",
    "区",
    "州",
    "旗",
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

pub(crate) fn agency_like(s: &str) -> bool {
    let n = s.chars().count();
    (2..=40).contains(&n)
        && !s.contains([
            '。', '，', '；', '：', ':', ',', ';', '!', '?', '！', '？', '>',
        ])
        && AGENCY_ENDINGS.iter().any(|e| s.ends_with(e))
}

/// Four year digits as a plausible report year (2000–2099), in its
/// canonical form.
fn as_year(chars: &[char]) -> Option<String> {
    let y = Year::parse(&chars.iter().collect::<String>()).ok()?;
    (2000..=2099).contains(&y.get()).then(|| y.to_string())
}

/// 「…2024年」 or 「…2024年度」 at the end of `chars` (no whitespace): the
/// year and where it starts.
fn year_at_end(chars: &[char]) -> Option<(usize, String)> {
    let n = chars.len();
    let before = if chars.ends_with(&['年', '度']) {
        n - 2
    } else if chars.ends_with(&['年']) {
        n - 1
    } else {
        return None;
    };
    let start = before.checked_sub(4)?;
    if start > 0 && is_year_digit(chars[start - 1]) {
        return None;
    }
    Some((start, as_year(&chars[start..before])?))
}

/// 「2024年…」 or 「2024年度…」 at the start: the year and the length taken.
fn year_at_start(chars: &[char]) -> Option<(usize, String)> {
    let year = as_year(chars.get(..4)?)?;
    match chars.get(4..6) {
        Some(['年', '度']) => Some((6, year)),
        _ if chars.get(4) == Some(&'年') => Some((5, year)),
        _ => None,
    }
}

/// 「淮安市人民政府2024年」 → (「淮安市人民政府」, 「2024」); 「2024年上海市科委」
/// → (「上海市科委」, 「2024」); 「某局关于2024年」 → (「某局」, 「2024」).
pub(crate) fn split_agency_year(prefix: &str) -> (String, String) {
    let chars: Vec<char> = compact(prefix).chars().collect();
    if let Some((start, year)) = year_at_end(&chars) {
        let agency: String = chars[..start].iter().collect();
        return (clean_agency(&agency), year);
    }
    if let Some((len, year)) = year_at_start(&chars) {
        let agency: String = chars[len..].iter().collect();
        return (clean_agency(&agency), year);
    }
    (
        clean_agency(&chars.iter().collect::<String>()),
        String::new(),
    )
}

/// Navigation glued to an agency's name when a page lost its spaces
/// (「政府信息公开年报淮安市人民政府」): the name starts after the last of
/// these.
const GLUED_NAVIGATION: [&str; 5] = ["年报", "年度报告", "首页", "正文", "专栏"];

/// Navigation that names no agency at the start of one.
const LEADING_NAVIGATION: [&str; 3] = ["政务公开", "信息公开", "政府信息公开"];

fn clean_agency(s: &str) -> String {
    let mut s = trim(s);
    if let Some(end) = GLUED_NAVIGATION
        .iter()
        .filter_map(|w| s.rfind(w).map(|i| i + w.len()))
        .max()
    {
        s = &s[end..];
    }
    for w in LEADING_NAVIGATION {
        s = s.strip_prefix(w).unwrap_or(s);
    }
    let s = s.strip_suffix("关于").unwrap_or(s);
    let s = s.trim_start_matches(['“', '"', '「', '【', '(', '（', '[']);
    trim(s).to_owned()
}

/// The agency and year of the words before a title on its line: the
/// longest run of words, counted from the title back, with no navigation
/// word in it, preferring one that ends like an agency's name.
fn parse_prefix(prefix: &str) -> (String, String) {
    let words: Vec<&str> = prefix.split_whitespace().collect();
    let mut best: Option<(String, String)> = None;
    let mut best_agency_like: Option<(String, String)> = None;
    for k in 1..=words.len() {
        let word = compact(words[words.len() - k]);
        if is_furniture(&word) {
            break;
        }
        let joined: String = words[words.len() - k..].concat();
        let (agency, year) = split_agency_year(&joined);
        if agency.chars().count() > 40 {
            break;
        }
        if agency_like(&agency) {
            best_agency_like = Some((agency.clone(), year.clone()));
        }
        best = Some((agency, year));
    }
    let (agency, year) = best_agency_like.or(best).unwrap_or_default();
    // A year may stand apart from the run chosen (「淮安市人民政府 2024 年」
    // is one run; 「2024年 淮安市」 another).
    if year.is_empty() {
        let all = split_agency_year(prefix);
        return (agency, all.1);
    }
    (agency, year)
}

/// A year in brackets right after the title: 「（2024年度）」.
fn year_after(text: &str) -> Option<(usize, String)> {
    let t = text.trim_start();
    let skipped = text.len() - t.len();
    let inner = t.strip_prefix('（').or_else(|| t.strip_prefix('('))?;
    let close = inner.find(['）', ')'])?;
    if close > 24 {
        return None;
    }
    let chars: Vec<char> = compact(&inner[..close]).chars().collect();
    let year = match year_at_end(&chars) {
        Some((0, y)) => y,
        _ => as_year(&chars).filter(|_| chars.len() == 4)?,
    };
    let bracket = t.len() - inner.len();
    let close_len = inner[close..].chars().next().map_or(0, char::len_utf8);
    Some((skipped + bracket + close + close_len, year))
}

/// The first title in `text[..limit]` (see the module docs).
pub(crate) fn find_title(text: &str, limit: usize) -> Option<Title> {
    let suffix = norm(TITLE_SUFFIX);
    let mut from = 0;
    let mut first: Option<Title> = None;
    while let Some((start, end)) = find(text, from, limit.min(text.len()), &suffix) {
        from = end;
        if names_the_format(&text[end..]) {
            continue;
        }
        let t = title_at(text, start, end);
        if !t.agency.is_empty() {
            return Some(t);
        }
        first.get_or_insert(t);
    }
    first
}

/// True when the words after a match make it the name of the format, not
/// a title: nearly every report since 2022 cites 「《…关于印发〈中华人民共和国
/// 政府信息公开工作年度报告格式〉的通知》」 in its first sentence, and a blank
/// template is titled 「…年度报告格式模板」.
fn names_the_format(after: &str) -> bool {
    let mut rest = after.chars().filter(|c| !c.is_whitespace());
    rest.next() == Some('格') && rest.next() == Some('式')
}

/// Brackets of a cited document's name, which an agency's name never holds.
const CITATION_BRACKETS: [char; 4] = ['《', '》', '〈', '〉'];

fn title_at(text: &str, start: usize, end: usize) -> Title {
    // Back to a hard boundary, at most 60 characters.
    let mut p = start;
    for (count, (i, c)) in text[..start].char_indices().rev().enumerate() {
        if hard_boundary(c) || count >= 60 {
            break;
        }
        p = i;
    }
    let (mut agency, mut year) = parse_prefix(&text[p..start]);
    if agency.contains(CITATION_BRACKETS) {
        agency.clear();
    }
    let mut end = end;
    if let Some((len, y)) = year_after(&text[end..]) {
        if year.is_empty() {
            year = y;
        }
        end += len;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    if agency.is_empty() && p <= line_start {
        // The agency on the line above: 「淮安市人民政府\n2024 年政府…」.
        let above = text[..line_start.saturating_sub(1)]
            .rsplit('\n')
            .map(trim)
            .find(|l| !l.is_empty())
            .unwrap_or("");
        let above = compact(above);
        if agency_like(&above) && !is_furniture(&above) {
            agency = above;
        }
    }
    Title {
        agency,
        year,
        start: p.min(start),
        end,
    }
}

/// The year of the statistics period, 「2024年1月1日至2024年12月31日」, when
/// both dates are in one year.
pub(crate) fn period_year(text: &str) -> Option<String> {
    let t: Vec<char> = compact(text).chars().collect();
    let pattern_start: Vec<char> = "1月1日".chars().collect();
    let pattern_end: Vec<char> = "12月31日".chars().collect();
    for i in 0..t.len() {
        if !t[i..].starts_with(&pattern_start) {
            continue;
        }
        let Some((_, y1)) = year_at_end(&t[i.saturating_sub(6)..i]) else {
            continue;
        };
        // 「至」 and the end date within a few characters.
        let window = &t[i + pattern_start.len()..(i + 30).min(t.len())];
        if let Some(j) = (0..window.len()).find(|&j| window[j..].starts_with(&pattern_end)) {
            if let Some((_, y2)) = year_at_end(&window[j.saturating_sub(6)..j]) {
                if y1 == y2 {
                    return Some(y1);
                }
            }
        }
    }
    None
}

/// 「2024年度政府信息公开工作年度报告」 or 「2024年度政府信息公开」 anywhere:
/// the year before 年/年度 of the phrase.
pub(crate) fn phrase_year(text: &str) -> Option<String> {
    let label = norm("政府信息公开");
    let mut from = 0;
    while let Some((start, end)) = find(text, from, text.len(), &label) {
        from = end;
        let mut before: Vec<char> = text[..start]
            .chars()
            .rev()
            .filter(|c| !c.is_whitespace())
            .take(8)
            .collect();
        before.reverse();
        if let Some((_, y)) = year_at_end(&before) {
            return Some(y);
        }
    }
    None
}

/// The year of a date such as 「2025年1月20日」 (the signature).
pub(crate) fn date_year(date: &str) -> Option<u32> {
    let chars: Vec<char> = compact(date).chars().collect();
    let (_, y) = year_at_start(&chars)?;
    y.parse().ok()
}

/// A date 「2025年1月20日」 (also 〇一二… numerals) at the end of `s`: the
/// byte where it starts. Spaces between the parts are allowed (a PDF
/// extraction's).
pub(crate) fn trailing_date(s: &str) -> Option<usize> {
    // The last characters that are not whitespace, last first.
    let tail: Vec<(usize, char)> = s
        .char_indices()
        .rev()
        .filter(|(_, c)| !c.is_whitespace())
        .take(16)
        .collect();
    let mut at = 0;
    let expect = |want: char, at: &mut usize| -> bool {
        let ok = tail.get(*at).is_some_and(|(_, c)| *c == want);
        *at += usize::from(ok);
        ok
    };
    let numerals = |at: &mut usize, max: usize| -> usize {
        let mut n = 0;
        while n < max
            && tail
                .get(*at)
                .is_some_and(|(_, c)| is_year_digit(*c) || *c == '十')
        {
            *at += 1;
            n += 1;
        }
        n
    };
    if !expect('日', &mut at) || numerals(&mut at, 3) == 0 {
        return None;
    }
    if !expect('月', &mut at) || numerals(&mut at, 3) == 0 {
        return None;
    }
    if !expect('年', &mut at) {
        return None;
    }
    let year: Vec<char> = tail
        .get(at..at + 4)?
        .iter()
        .rev()
        .map(|(_, c)| *c)
        .collect();
    as_year(&year)?;
    if tail.get(at + 4).is_some_and(|(_, c)| is_year_digit(*c)) {
        return None;
    }
    Some(tail[at + 3].0)
}

/// True when `s` is nothing but a date.
pub(crate) fn is_date(s: &str) -> bool {
    let t = trim(s);
    trailing_date(t) == Some(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> (String, String) {
        let found = find_title(s, s.len()).expect(s);
        (found.agency, found.year)
    }

    #[test]
    fn titles_with_the_year_before_or_after_the_agency() {
        let pair = |a: &str, y: &str| (a.to_owned(), y.to_owned());
        assert_eq!(
            t("2024年上海市科委政府信息公开工作年度报告"),
            pair("上海市科委", "2024")
        );
        assert_eq!(
            t("淮安市人民政府2024年度政府信息公开工作年度报告"),
            pair("淮安市人民政府", "2024")
        );
        assert_eq!(
            t("首页 > 政务公开 > 某区人民政府关于2023年政府信息公开工作年度报告"),
            pair("某区人民政府", "2023")
        );
        assert_eq!(
            t("首页 政务公开 年度报告 2024年上海市科委政府信息公开工作年度报告 发布时间"),
            pair("上海市科委", "2024")
        );
        assert_eq!(
            t("淮安市洪泽区 人民政府 2024 年政府信息公开 工作年度报告"),
            pair("淮安市洪泽区人民政府", "2024")
        );
        assert_eq!(
            t("淮安市人民政府\n2024 年政府信息公开工作年度报告"),
            pair("淮安市人民政府", "2024")
        );
        assert_eq!(
            t("某市统计局政府信息公开工作年度报告（二〇二四年度）"),
            pair("某市统计局", "2024")
        );
    }

    #[test]
    fn the_cited_name_of_the_format_is_no_title() {
        let preamble = "本报告根据《中华人民共和国政府信息公开条例》（国务院令第711号，以下简称《条例》）、《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）等文件要求编制。";
        assert_eq!(find_title(preamble, preamble.len()), None);
        // With a title before it that names no agency, that title is taken,
        // not the citation with brackets for an agency.
        let text = format!("2023年度政府信息公开工作年度报告\n\n{preamble}");
        let found = find_title(&text, text.len()).expect("a title");
        assert_eq!((found.agency.as_str(), found.year.as_str()), ("", "2023"));
        assert_eq!(found.start, 0);
        assert_eq!(&text[found.end..found.end + 2], "\n\n");
        // Broken over lines by a PDF's copy, and a blank template's title.
        let wrapped = "关于印发〈中华人民共和国政府信息公开工作年度报告\n格式〉的通知》";
        assert_eq!(find_title(wrapped, wrapped.len()), None);
        let template = "XX政府信息公开工作年度报告格式模板";
        assert_eq!(find_title(template, template.len()), None);
        // A bracket left in the words before a title is no agency either.
        assert_eq!(t("见〈某某政府信息公开工作年度报告").0, "");
    }

    #[test]
    fn years_from_the_period_the_text_and_dates() {
        assert_eq!(
            period_year("本报告所列数据统计期限为2024年1月1日至2024年12月31日。").as_deref(),
            Some("2024")
        );
        assert_eq!(
            period_year("统计期限自 2024 年 1 月 1 日起至 2024 年 12 月 31 日止").as_deref(),
            Some("2024")
        );
        assert_eq!(period_year("2023年1月1日至2024年12月31日"), None);
        assert_eq!(
            phrase_year("现公布本局2024年度政府信息公开工作年度报告").as_deref(),
            Some("2024")
        );
        assert_eq!(trailing_date("某局 2025年1月20日"), Some(7));
        assert_eq!(trailing_date("二〇二五年一月二十日"), Some(0));
        assert!(is_date(" 2025 年 1 月 20 日 "));
        assert!(!is_date("12025年1月20日"));
        assert_eq!(date_year("2025年1月20日"), Some(2025));
    }
}

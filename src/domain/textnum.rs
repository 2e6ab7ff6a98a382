//! Numbers that 一、总体情况 states about requests, reviews and lawsuits: the
//! reading behind TXT-NUM.
//!
//! The reader is deliberately narrow: it only attributes a number when the
//! words right before or after it say unambiguously which table figure it
//! is, and ignores everything else (「主动公开政府信息1136条」, dates,
//! 「答复3050件」, 「其中结果维持72件」). A missed number costs nothing; a wrongly
//! attributed one would warn about a correct report.
//!
//! How a number is read:
//! - whitespace is dropped first (PDF extractions put spaces around numbers
//!   and break lines mid-phrase) and page-number lines (「- 3 -」) are
//!   skipped; full-width digits count as digits;
//! - only Arabic numbers directly followed by 件 count (「5500余条」, 「12场」,
//!   「3000余件」 do not);
//! - its *clause* is the text back to the previous punctuation mark or
//!   number (not 、, which joins 「行政复议、行政诉讼共3件」 into one clause) (at most `MAX_CLAUSE` characters), and its *tail* the text after
//!   件 up to the next punctuation mark, so 「2024年，全市共受理政府信息公开
//!   申请3119件，答复3050件」 gives 「全市共受理政府信息公开申请」 for 3119;
//! - the clause (or, for 「103件顺延到下年度」, the tail) decides what the
//!   number is, see `Quantity`.

use super::number::MAX_VALUE;

/// The longest clause looked at before a number.
const MAX_CLAUSE: usize = 30;

/// What a number in the text stands for.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// Requests received this year (table 三 一, 总计): the clause has
    /// 新收, 收到 or 受理 and 申请, and nothing about carrying, reviews,
    /// lawsuits or answers.
    New,
    /// Requests carried in from last year (table 三 二): 「上年（度）结转」,
    /// 「上一年度结转」.
    CarriedIn,
    /// Requests carried over to next year (table 三 四): 「结转（至）下年度」,
    /// 「顺延到下年度」, 「转入下一年度」, before the number or right after 件.
    CarriedOver,
    /// Administrative reviews (table 四 行政复议 总计): 复议 without 诉讼 or a
    /// result word.
    Review,
    /// Lawsuits (table 四, both 行政诉讼 总计 together): 诉讼 without 复议 or a
    /// result word.
    Litigation,
}

/// A number the text states, with the words that attribute it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stated {
    pub quantity: Quantity,
    pub value: u64,
    /// The phrase as it reads with whitespace removed, e.g.
    /// 「含上年度结转申请34件」 or 「另有103件顺延到下年度答复」.
    pub phrase: String,
}

/// Characters that end a clause.
fn is_boundary(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(
            c,
            '，' | '。'
                | '；'
                | '：'
                | '！'
                | '？'
                | '（'
                | '）'
                | '('
                | ')'
                | '【'
                | '】'
                | '“'
                | '”'
                | '《'
                | '》'
                | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '"'
                | '.'
        )
}

/// A page-number line of a PDF extraction: 「- 3 -」.
fn is_page_line(line: &str) -> bool {
    let t = line.trim();
    t.len() > 2
        && t.starts_with('-')
        && t.ends_with('-')
        && t[1..t.len() - 1].trim().chars().all(|c| c.is_ascii_digit())
        && !t[1..t.len() - 1].trim().is_empty()
}

/// The text's characters without whitespace and page-number lines, with
/// full-width digits made ASCII.
fn content_chars(text: &str) -> Vec<char> {
    text.lines()
        .filter(|l| !is_page_line(l))
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect()
}

fn has(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

/// Whether words say "to next year" after a carrying verb.
fn says_next_year(s: &str) -> bool {
    has(s, &["结转", "顺延", "转入", "转至", "延至"]) && has(s, &["下年", "下一年"])
}

/// Words that show the number is one outcome, not the total.
const RESULT_WORDS: [&str; 5] = ["维持", "纠正", "其他结果", "尚未审结", "其中"];

fn classify(clause: &str, tail: &str) -> Option<(Quantity, bool)> {
    // Checked first: 「上年结转」 also contains 结转.
    if says_next_year(clause) {
        return Some((Quantity::CarriedOver, false));
    }
    if says_next_year(tail) {
        return Some((Quantity::CarriedOver, true));
    }
    if has(clause, &["上年", "上一年"]) && clause.contains("结转") {
        return Some((Quantity::CarriedIn, false));
    }
    if has(clause, &RESULT_WORDS) {
        return None;
    }
    let review = clause.contains("复议");
    let suit = clause.contains("诉讼");
    match (review, suit) {
        (true, false) => return Some((Quantity::Review, false)),
        (false, true) => return Some((Quantity::Litigation, false)),
        (true, true) => return None,
        (false, false) => {}
    }
    let received = has(clause, &["新收", "收到", "受理"]) && clause.contains("申请");
    let other = has(clause, &["结转", "答复", "办结", "办理"]);
    (received && !other).then_some((Quantity::New, false))
}

/// Every number of `text` that can be attributed, in order.
pub fn stated_numbers(text: &str) -> Vec<Stated> {
    let chars = content_chars(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        // Digits, with thousands separators between digits.
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || (matches!(chars[i], ',' | '，')
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                    && i > start))
        {
            i += 1;
        }
        let end = i;
        // A number directly after a point is the fraction of a decimal.
        let after_point = start > 0 && matches!(chars[start - 1], '.' | '．');
        if after_point || chars.get(end) != Some(&'件') {
            continue;
        }
        let mut value: u64 = 0;
        let mut too_large = false;
        for d in chars[start..end].iter().filter_map(|c| c.to_digit(10)) {
            value = value * 10 + u64::from(d);
            if value > MAX_VALUE {
                too_large = true;
                break;
            }
        }
        if too_large {
            continue;
        }
        let clause_start = chars[..start]
            .iter()
            .rposition(|c| is_boundary(*c))
            .map_or(0, |p| p + 1)
            .max(start.saturating_sub(MAX_CLAUSE));
        let tail_end = chars[end + 1..]
            .iter()
            .position(|c| is_boundary(*c))
            .map_or(chars.len(), |p| end + 1 + p);
        let clause: String = chars[clause_start..start].iter().collect();
        let tail: String = chars[end + 1..tail_end].iter().collect();
        if let Some((quantity, uses_tail)) = classify(&clause, &tail) {
            let phrase_end = if uses_tail { tail_end } else { end + 1 };
            out.push(Stated {
                quantity,
                value,
                phrase: chars[clause_start..phrase_end].iter().collect(),
            });
        }
        i = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(Quantity, u64)> {
        stated_numbers(text)
            .into_iter()
            .map(|s| (s.quantity, s.value))
            .collect()
    }

    #[test]
    fn reads_the_phrasings_of_real_reports() {
        let t = "2024 年，全市共受理政府信息公开申请 3119 件，答\n复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度\n答复）。政府信息公开行政复议 351\n件，其中结果维持 72 件；政府信息公开行政诉讼 46 件，其中结果维持 25\n件。";
        assert_eq!(
            read(t),
            [
                (Quantity::New, 3119),
                (Quantity::CarriedIn, 34),
                (Quantity::CarriedOver, 103),
                (Quantity::Review, 351),
                (Quantity::Litigation, 46),
            ]
        );
        let s = stated_numbers(t);
        assert_eq!(s[2].phrase, "另有103件顺延到下年度答复");
        assert_eq!(s[0].phrase, "全市共受理政府信息公开申请3119件");
    }

    #[test]
    fn other_phrasings() {
        assert_eq!(
            read("本年新收政府信息公开申请１２件，上年结转2件，结转下年度继续办理1件。"),
            [
                (Quantity::New, 12),
                (Quantity::CarriedIn, 2),
                (Quantity::CarriedOver, 1)
            ]
        );
        assert_eq!(
            read("共收到政府信息公开申请1,234件"),
            [(Quantity::New, 1234)]
        );
    }

    #[test]
    fn ignores_what_it_cannot_attribute() {
        let t = "主动公开政府信息22条，1136条；2024年1月1日；答复 3050 件；新增规章 1 件、\
                 政策性文件 11 件；受理投诉5件；行政复议、行政诉讼共3件；收到申请3000余件；\
                 - 2 -\n复议维持2件";
        assert_eq!(read(t), []);
    }
}

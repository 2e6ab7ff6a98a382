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
//! - the text is read around each 件 only: only Arabic numbers directly
//!   followed by 件 count (「5500余条」, 「12场」, 「3000余件」 do not);
//! - whitespace is skipped (PDF extractions put spaces around numbers and
//!   break lines mid-phrase), and so are page-number lines (「- 3 -」);
//!   full-width digits count as digits;
//! - a number's *clause* is the text back to the previous punctuation mark
//!   or number, at most `MAX_CLAUSE` characters (、 does not end it, so
//!   「行政复议、行政诉讼共3件」 stays one clause), and its *tail* the text
//!   after 件 up to the next punctuation mark, so 「2024年，全市共受理政府
//!   信息公开申请3119件，答复3050件」 gives 「全市共受理政府信息公开申请」 for
//!   3119;
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

/// A full-width digit made ASCII; any other character unchanged.
fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        c => c,
    }
}

/// The characters of `text[..end]` backwards, without whitespace and
/// page-number lines, full-width digits made ASCII.
struct Backwards<'a> {
    text: &'a str,
    end: usize,
}

impl Iterator for Backwards<'_> {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        loop {
            let c = self.text[..self.end].chars().next_back()?;
            self.end -= c.len_utf8();
            if c == '\n' {
                // The line that ends here may be a page number: skip it.
                let start = self.text[..self.end].rfind('\n').map_or(0, |p| p + 1);
                if is_page_line(&self.text[start..self.end]) {
                    self.end = start;
                }
            } else if !c.is_whitespace() {
                return Some(ascii_digit(c));
            }
        }
    }
}

/// The characters of `text[start..]` forwards, like `Backwards`.
struct Forwards<'a> {
    text: &'a str,
    start: usize,
}

impl Iterator for Forwards<'_> {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        loop {
            let c = self.text[self.start..].chars().next()?;
            self.start += c.len_utf8();
            if c == '\n' {
                // The line that starts here may be a page number: skip it.
                let rest = &self.text[self.start..];
                let end = rest.find('\n').unwrap_or(rest.len());
                if is_page_line(&rest[..end]) {
                    self.start += end;
                }
            } else if !c.is_whitespace() {
                return Some(ascii_digit(c));
            }
        }
    }
}

/// The key words of a clause, as bits: found in one pass over its
/// characters (this runs for every number of 一 on every keystroke, and a
/// substring search per word was the slowest part of a whole check).
#[derive(Copy, Clone, Default)]
struct Words(u32);

/// 结转, 顺延, 转入, 转至, 延至: a carrying verb.
const CARRY: u32 = 1;
/// 下年, 下一年.
const NEXT_YEAR: u32 = 1 << 1;
/// 上年, 上一年.
const LAST_YEAR: u32 = 1 << 2;
/// 结转 itself.
const CARRIED: u32 = 1 << 3;
/// 维持, 纠正, 其他结果, 尚未审结, 其中: the number is one outcome, not a total.
const RESULT: u32 = 1 << 4;
/// 复议.
const REVIEW: u32 = 1 << 5;
/// 诉讼.
const SUIT: u32 = 1 << 6;
/// 新收, 收到, 受理.
const RECEIVE: u32 = 1 << 7;
/// 申请.
const REQUEST: u32 = 1 << 8;
/// 答复, 办结, 办理: answers, not receipts.
const ANSWER: u32 = 1 << 9;

impl Words {
    fn of(chars: &[char]) -> Words {
        let mut bits = 0;
        for (i, c) in chars.iter().enumerate() {
            let at = |k: usize| chars.get(i + k).copied().unwrap_or('\0');
            bits |= match (c, at(1)) {
                ('结', '转') => CARRY | CARRIED,
                ('顺', '延') | ('转', '入' | '至') | ('延', '至') => CARRY,
                ('下', '年') => NEXT_YEAR,
                ('下', '一') if at(2) == '年' => NEXT_YEAR,
                ('上', '年') => LAST_YEAR,
                ('上', '一') if at(2) == '年' => LAST_YEAR,
                ('维', '持') | ('纠', '正') | ('其', '中') => RESULT,
                ('其', '他') if at(2) == '结' && at(3) == '果' => RESULT,
                ('尚', '未') if at(2) == '审' && at(3) == '结' => RESULT,
                ('复', '议') => REVIEW,
                ('诉', '讼') => SUIT,
                ('新', '收') | ('收', '到') | ('受', '理') => RECEIVE,
                ('申', '请') => REQUEST,
                ('答', '复') | ('办', '结' | '理') => ANSWER,
                _ => 0,
            };
        }
        Words(bits)
    }

    fn has(self, bits: u32) -> bool {
        self.0 & bits == bits
    }

    fn any(self, bits: u32) -> bool {
        self.0 & bits != 0
    }
}

fn classify(clause: Words, tail: Words) -> Option<(Quantity, bool)> {
    // Checked first: 「上年结转」 also has a carrying verb.
    if clause.has(CARRY | NEXT_YEAR) {
        return Some((Quantity::CarriedOver, false));
    }
    if tail.has(CARRY | NEXT_YEAR) {
        return Some((Quantity::CarriedOver, true));
    }
    if clause.has(LAST_YEAR | CARRIED) {
        return Some((Quantity::CarriedIn, false));
    }
    if clause.any(RESULT) {
        return None;
    }
    match (clause.any(REVIEW), clause.any(SUIT)) {
        (true, false) => return Some((Quantity::Review, false)),
        (false, true) => return Some((Quantity::Litigation, false)),
        (true, true) => return None,
        (false, false) => {}
    }
    let received = clause.has(RECEIVE | REQUEST);
    (received && !clause.any(CARRIED | ANSWER)).then_some((Quantity::New, false))
}

/// The longest tail looked at after 件.
const MAX_TAIL: usize = 20;

/// Every number of `text` that can be attributed, in order.
///
/// The text is read around each 件 only, so a long 一 costs little more
/// than its count of 件.
pub fn stated_numbers(text: &str) -> Vec<Stated> {
    let mut out = Vec::new();
    for (pos, unit) in text.match_indices('件') {
        let mut back = Backwards { text, end: pos }.peekable();
        // The number, read backwards: digits, with separators between them.
        let mut number = Buf::<MAX_DIGITS>::default();
        while let Some(&c) = back.peek() {
            let separator =
                matches!(c, ',' | '，') && number.last().is_some_and(|d| d.is_ascii_digit());
            if !(c.is_ascii_digit() || separator) || !number.push(c) {
                break;
            }
            back.next();
        }
        // A separator must stand between digits: one before the number is
        // punctuation, which ends the clause.
        let dangling = number.last().is_some_and(|c| !c.is_ascii_digit());
        if dangling {
            number.len -= 1;
        }
        // Too many digits, or a number right after a point (the fraction of
        // a decimal), or no number at all.
        let too_long = back.peek().is_some_and(char::is_ascii_digit);
        if number.len == 0 || too_long || matches!(back.peek(), Some('.' | '．')) {
            continue;
        }
        let number = number.reversed();
        let Some(value) = number
            .chars()
            .iter()
            .filter_map(|c| c.to_digit(10))
            .try_fold(0u64, |v, d| {
                Some(v * 10 + u64::from(d)).filter(|v| *v <= MAX_VALUE)
            })
        else {
            continue;
        };
        let mut clause = Buf::<MAX_CLAUSE>::default();
        if !dangling {
            for c in back.take_while(|c| !is_boundary(*c)) {
                if !clause.push(c) {
                    break;
                }
            }
        }
        let clause = clause.reversed();
        let mut tail = Buf::<MAX_TAIL>::default();
        let forwards = Forwards {
            text,
            start: pos + unit.len(),
        };
        for c in forwards.take_while(|c| !is_boundary(*c)) {
            if !tail.push(c) {
                break;
            }
        }
        let words = |b: &[char]| Words::of(b);
        if let Some((quantity, uses_tail)) = classify(words(clause.chars()), words(tail.chars())) {
            let mut phrase: String = clause.chars().iter().chain(number.chars()).collect();
            phrase.push_str(unit);
            if uses_tail {
                phrase.extend(tail.chars());
            }
            out.push(Stated {
                quantity,
                value,
                phrase,
            });
        }
    }
    out
}

/// The most digits (and separators) a number may have: `MAX_VALUE` with
/// separators, and then some.
const MAX_DIGITS: usize = 16;

/// A few characters on the stack: a number, a clause or a tail.
struct Buf<const N: usize> {
    chars: [char; N],
    len: usize,
}

impl<const N: usize> Default for Buf<N> {
    fn default() -> Self {
        Buf {
            chars: ['\0'; N],
            len: 0,
        }
    }
}

impl<const N: usize> Buf<N> {
    /// Appends `c`; false when full.
    fn push(&mut self, c: char) -> bool {
        if self.len == N {
            return false;
        }
        self.chars[self.len] = c;
        self.len += 1;
        true
    }

    fn last(&self) -> Option<char> {
        self.chars().last().copied()
    }

    fn chars(&self) -> &[char] {
        &self.chars[..self.len]
    }

    fn reversed(mut self) -> Self {
        self.chars[..self.len].reverse();
        self
    }
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
    fn reads_across_page_lines_and_line_breaks() {
        let t = "- 1 -\n2023 年全区受理政府信息公开申\n- 2 -\n请 2１ 件，另有 3\n件结转至下\n- 3 -\n一年度";
        let s = stated_numbers(t);
        assert_eq!(
            s.iter().map(|s| (s.quantity, s.value)).collect::<Vec<_>>(),
            [(Quantity::New, 21), (Quantity::CarriedOver, 3)]
        );
        assert_eq!(s[0].phrase, "年全区受理政府信息公开申请21件");
        assert_eq!(s[1].phrase, "另有3件结转至下一年度");
        assert_eq!(read("受理申请1.5件；受理申请,5件"), []);
    }

    #[test]
    fn ignores_what_it_cannot_attribute() {
        let t = "主动公开政府信息22条，1136条；2024年1月1日；答复 3050 件；新增规章 1 件、\
                 政策性文件 11 件；受理投诉5件；行政复议、行政诉讼共3件；收到申请3000余件；\
                 - 2 -\n复议维持2件";
        assert_eq!(read(t), []);
    }
}

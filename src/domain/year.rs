//! The report year (报告年度): one type and one parser for everything that
//! reads it — the title, file names, the preamble, 「新建下一年度报告」, the
//! META rule and the importers.
//!
//! Clerks type the year the way they write it in documents: 「2024」,
//! 「2024年」, 「2024年度」, 「２０２４」, sometimes 「二〇二四年」. All of them
//! mean the same year; `Report::year` keeps exactly what was typed and
//! `Year::parse` reads it, so 「2024年」 never becomes 「2024年年」 anywhere.

use std::fmt;
use std::str::FromStr;

/// A four-digit calendar year, 1000–9999. Whether it is a plausible report
/// year is the META rule's business (`rules::CheckSettings`), not the
/// type's: an implausible year is still a year the user typed.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Year(u16);

/// Why a text is not a year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum YearError {
    /// Nothing was typed.
    Empty,
    /// Something was typed, but not four digits (with 年 or 年度 after).
    NotAYear,
}

impl fmt::Display for YearError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            YearError::Empty => f.write_str("未填写"),
            YearError::NotAYear => f.write_str("应为四位数字的年份"),
        }
    }
}

impl std::error::Error for YearError {}

/// True for a character that can be a digit of a year (see `Year::parse`).
pub fn is_year_digit(c: char) -> bool {
    digit(c).is_some()
}

/// The value of one digit as a clerk may write it in a year: ASCII,
/// full-width, or a Chinese numeral (「二〇二四」).
fn digit(c: char) -> Option<u16> {
    let d = match c {
        '0'..='9' => c as u32 - '0' as u32,
        '０'..='９' => c as u32 - '０' as u32,
        '〇' | '○' | '零' | 'Ｏ' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    };
    u16::try_from(d).ok()
}

impl Year {
    /// The year, if `value` has four digits.
    pub fn new(value: u16) -> Option<Year> {
        (1000..=9999).contains(&value).then_some(Year(value))
    }

    /// Reads a year as typed: four digits (ASCII, full-width or Chinese
    /// numerals), optionally followed by 「年」 or 「年度」, spaces anywhere.
    pub fn parse(text: &str) -> Result<Year, YearError> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            return Err(YearError::Empty);
        }
        let digits = compact
            .strip_suffix("年度")
            .or_else(|| compact.strip_suffix('年'))
            .unwrap_or(&compact);
        let mut value: u16 = 0;
        let mut n = 0;
        for c in digits.chars() {
            let d = digit(c).ok_or(YearError::NotAYear)?;
            n += 1;
            if n > 4 {
                return Err(YearError::NotAYear);
            }
            value = value * 10 + d;
        }
        if n != 4 {
            return Err(YearError::NotAYear);
        }
        Year::new(value).ok_or(YearError::NotAYear)
    }

    pub fn get(self) -> u16 {
        self.0
    }

    /// The following year, for 「以此为基础新建下一年度报告」.
    pub fn next(self) -> Option<Year> {
        self.0.checked_add(1).and_then(Year::new)
    }

    /// The year before, for pairing a report with last year's.
    pub fn previous(self) -> Option<Year> {
        self.0.checked_sub(1).and_then(Year::new)
    }
}

impl fmt::Display for Year {
    /// The canonical form: four ASCII digits, 「2024」.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Year {
    type Err = YearError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Year::parse(s)
    }
}

/// The year part of a title or file name for text typed into 报告年度: the
/// canonical digits when it is a year, else the text without a trailing
/// 「年」/「年度」 (so the title never reads 「2024年年」), else "".
pub fn year_text(typed: &str) -> String {
    match Year::parse(typed) {
        Ok(y) => y.to_string(),
        Err(YearError::Empty) => String::new(),
        Err(YearError::NotAYear) => {
            let t = typed.trim();
            let t = t
                .strip_suffix("年度")
                .or_else(|| t.strip_suffix('年'))
                .unwrap_or(t);
            t.trim().to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_ways_clerks_write_a_year() {
        for typed in [
            "2024",
            " 2024 ",
            "2024年",
            "2024年度",
            "2024 年度",
            "２０２４",
            "２０２４年",
            "二〇二四年",
            "二零二四年度",
        ] {
            assert_eq!(Year::parse(typed), Ok(Year(2024)), "{typed}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_year() {
        assert_eq!(Year::parse(""), Err(YearError::Empty));
        assert_eq!(Year::parse("  "), Err(YearError::Empty));
        for typed in ["24", "20245", "2024年年", "年度", "去年", "2024-25", "0999"] {
            assert_eq!(Year::parse(typed), Err(YearError::NotAYear), "{typed}");
        }
    }

    #[test]
    fn title_part_never_doubles_the_year_suffix() {
        assert_eq!(year_text("2024年"), "2024");
        assert_eq!(year_text("2024年度"), "2024");
        assert_eq!(year_text("二〇二四"), "2024");
        assert_eq!(year_text("去年"), "去");
        assert_eq!(year_text(""), "");
    }

    #[test]
    fn next_and_previous() {
        let y = Year::parse("2024年").expect("year");
        assert_eq!(y.next().map(|y| y.to_string()).as_deref(), Some("2025"));
        assert_eq!(y.previous(), Year::new(2023));
        assert_eq!(Year::new(9999).and_then(Year::next), None);
    }
}

//! A table's stretch of the text as segments: label text, then the values
//! printed after it.
//!
//! The text is read character by character, so nothing depends on where
//! the lines break or whether cells are separated at all:
//!
//! - whitespace separates words and values; a tab is a cell boundary, and
//!   two tabs with only whitespace between them enclose a blank cell (a row
//!   of tab-separated cells, and a browser's copy of cells that hold
//!   paragraphs, 「3\n\n\t\n\n4」, alike);
//! - digits end a label and start a value even without a space
//!   (「申请数量3001」), and a value ends where letters start;
//! - a digit before 「.」 or 「、」 and text is the number of the next row's
//!   label, not a value (「…0 02.其他法律…」: the value 0, then the label
//!   「2.其他法律…」), since the format's rows are numbered 1 to 8;
//! - digits glued to 数据/列/栏/第/保留 are part of a label (「数据1」, a
//!   generic column name of OCR output; 「保留4位小数」);
//! - a word for none (「无」, 「/」, 「—」) is a value only standing alone.
//!
//! A segment's values belong to the last row label in its text.

use super::labels::norm;

/// More segments than a table can have: the rest is not read (and a huge
/// region costs no more than this).
pub(crate) const MAX_SEGMENTS: usize = 2_000;

/// The longest digit run taken for a value (bytes): table 四's fifteen
/// numbers run together, with room to spare. A longer run is junk, read as
/// label text.
const MAX_VALUE_LEN: usize = 200;

/// Words that stand for 「none」 in a cell. They are kept as printed (the
/// number rules ask for 0 instead).
const NONE_WORDS: [&str; 9] = ["无", "/", "／", "-", "－", "—", "——", "–", "―"];

/// Words a number glued to them belongs to.
const GLUE: [&str; 5] = ["数据", "列", "栏", "第", "保留"];

/// Label text and the values printed after it.
#[derive(Debug, Default, Clone)]
pub(crate) struct Segment {
    /// The label words as printed, joined by spaces (for messages).
    pub raw: String,
    /// The label in comparison form.
    pub label: String,
    /// The cells after the label: a value as printed, or `None` for a
    /// blank cell.
    pub cells: Vec<Option<String>>,
}

impl Segment {
    pub fn values(&self) -> usize {
        self.cells.iter().filter(|c| c.is_some()).count()
    }

    /// The values as printed, for messages: 「0 0 1」; blanks as 「空」.
    pub fn printed(&self) -> String {
        printed(&self.cells)
    }

    /// The end of the label as printed, for messages.
    pub fn raw_tail(&self) -> String {
        let chars: Vec<char> = self.raw.chars().collect();
        let from = chars.len().saturating_sub(20);
        let tail: String = chars[from..].iter().collect();
        if from > 0 {
            format!("…{tail}")
        } else {
            tail
        }
    }
}

/// Cells as printed, for messages: 「0 0 1」, blanks as 「空」; cut after 80
/// characters, since junk can be long.
pub(crate) fn printed(cells: &[Option<String>]) -> String {
    let all = cells
        .iter()
        .map(|c| c.as_deref().unwrap_or("空"))
        .collect::<Vec<_>>()
        .join(" ");
    if all.chars().count() <= 80 {
        return all;
    }
    let cut: String = all.chars().take(80).collect();
    format!("{cut}…")
}

/// A table region cut into segments.
#[derive(Debug, Default)]
pub(crate) struct Segments {
    pub list: Vec<Segment>,
    /// The region had more than `MAX_SEGMENTS`; the rest was not read.
    pub truncated: bool,
}

/// One token of a table's text.
#[derive(Debug, PartialEq, Eq)]
enum Tok<'a> {
    Tab,
    Word(&'a str),
    Value(&'a str),
}

fn digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_space(c: char) -> bool {
    c != '\t' && (c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}'))
}

fn is_sign(c: char) -> bool {
    matches!(c, '-' | '－' | '−')
}

/// The tokens of `s`, whitespace dropped.
struct Tokens<'a> {
    s: &'a str,
    i: usize,
    /// A token continues at `i` that the previous step started (the label
    /// number split off a digit run).
    pending_word: bool,
}

impl<'a> Tokens<'a> {
    fn at(&self, i: usize) -> Option<char> {
        self.s.get(i..).and_then(|r| r.chars().next())
    }

    /// The end of the digit run (with separators between digits) at `i`,
    /// and whether it is a whole number.
    fn number_end(&self, i: usize) -> (usize, bool) {
        let mut j = i;
        let mut whole = true;
        while let Some(c) = self.at(j) {
            if digit(c) {
                j += c.len_utf8();
                continue;
            }
            let sep = matches!(c, ',' | '，' | '.' | '．');
            let next_digit = self.at(j + c.len_utf8()).is_some_and(digit);
            if sep && next_digit && j > i {
                if matches!(c, '.' | '．') {
                    whole = false;
                }
                j += c.len_utf8();
                continue;
            }
            // 「4068. 208」: a decimal point with a stray space after it (an
            // OCR or PDF conversion's) still joins the decimals.
            if matches!(c, '.' | '．') && whole && j > i {
                let after = &self.s[j + c.len_utf8()..];
                let spaces =
                    after.len() - after.trim_start_matches([' ', '\u{A0}', '\u{3000}']).len();
                if spaces > 0 && self.at(j + c.len_utf8() + spaces).is_some_and(digit) {
                    whole = false;
                    j += c.len_utf8() + spaces;
                    continue;
                }
            }
            break;
        }
        (j, whole)
    }

    /// A unit right after a number: 件, 万元, 元, 万.
    fn unit_len(&self, j: usize) -> usize {
        let rest = &self.s[j..];
        ["万元", "件", "元", "万"]
            .iter()
            .find(|u| rest.starts_with(**u))
            .map_or(0, |u| u.len())
    }

    /// True when a point and then a letter follow (`j` is after digits):
    /// the digits number a label (「2.其他…」, 「1、申请人…」).
    fn label_number_follows(&self, j: usize) -> bool {
        let Some(p) = self.at(j) else { return false };
        if !matches!(p, '.' | '、' | '．') {
            return false;
        }
        let after = self.s[j + p.len_utf8()..].chars().find(|c| !is_space(*c));
        after.is_some_and(|c| !digit(c) && c != '\t')
    }

    /// Scans a word from `start`: up to whitespace, or a digit that starts a
    /// value.
    fn word(&mut self, start: usize) -> Tok<'a> {
        let mut j = start;
        while let Some(c) = self.at(j) {
            if c == '\t' || is_space(c) {
                break;
            }
            if digit(c) && j > start {
                let glued = GLUE.iter().any(|g| self.s[start..j].ends_with(g));
                let (end, whole) = self.number_end(j);
                if glued {
                    j = end;
                    continue;
                }
                // A label's own number inside the word: 「（三）不予公开1.属于」.
                let digits = self.s[j..end].chars().count();
                if whole && digits == 1 && self.label_number_follows(end) {
                    j = end;
                    continue;
                }
                break;
            }
            j += c.len_utf8();
        }
        if j == start {
            // Never stand still (a caller's mistake would loop forever).
            j += self.at(j).map_or(1, char::len_utf8);
        }
        self.i = j;
        let w = &self.s[start..j];
        let standalone = self.s[..start]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace())
            && self.at(j).is_none_or(char::is_whitespace);
        if standalone && NONE_WORDS.contains(&w) {
            Tok::Value(w)
        } else {
            Tok::Word(w)
        }
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Tok<'a>;

    fn next(&mut self) -> Option<Tok<'a>> {
        loop {
            let i = self.i;
            let c = self.at(i)?;
            if std::mem::take(&mut self.pending_word) {
                return Some(self.word(i));
            }
            if c == '\t' {
                self.i += 1;
                return Some(Tok::Tab);
            }
            if is_space(c) {
                self.i += c.len_utf8();
                continue;
            }
            let token_start = self.s[..i]
                .chars()
                .next_back()
                .is_none_or(|p| p.is_whitespace());
            let signed = is_sign(c) && token_start && self.at(i + c.len_utf8()).is_some_and(digit);
            if !(digit(c) || signed) {
                return Some(self.word(i));
            }
            let digits_from = if signed { i + c.len_utf8() } else { i };
            let (end, whole) = self.number_end(digits_from);
            if whole && self.label_number_follows(end) {
                // The last digit numbers the next label; the rest is a value.
                let last = self.s[..end]
                    .char_indices()
                    .next_back()
                    .map_or(i, |(k, _)| k);
                if last <= digits_from {
                    return Some(self.word(i));
                }
                self.i = last;
                self.pending_word = true;
                return Some(Tok::Value(&self.s[i..last]));
            }
            if end - i > MAX_VALUE_LEN {
                // Junk: a huge digit run is no cell.
                self.i = end;
                return Some(Tok::Word(&self.s[i..end]));
            }
            let end = end + self.unit_len(end);
            self.i = end;
            return Some(Tok::Value(&self.s[i..end]));
        }
    }
}

/// The longest word kept whole (bytes); longer ones keep their end.
const MAX_WORD: usize = 4096;

/// The last `max` bytes of `s` or fewer, at a char boundary.
fn tail(s: &str, max: usize) -> &str {
    let mut from = s.len().saturating_sub(max);
    while !s.is_char_boundary(from) {
        from += 1;
    }
    &s[from..]
}

/// Cuts a table's text into segments (see the module docs).
pub(crate) fn segments(region: &str) -> Segments {
    let mut out = Vec::new();
    let mut cur = Segment::default();
    let mut after_tab = false;
    let tokens = Tokens {
        s: region,
        i: 0,
        pending_word: false,
    };
    for tok in tokens {
        match tok {
            Tok::Tab => {
                if after_tab {
                    cur.cells.push(None);
                }
                after_tab = true;
                continue;
            }
            Tok::Value(v) => cur
                .cells
                .push(Some(v.chars().filter(|c| !c.is_whitespace()).collect())),
            Tok::Word(w) => {
                // Only a label's end is ever compared (`labels::Matcher`
                // looks at a window): a huge word of junk is cut to its
                // end instead of being copied whole.
                let w = tail(w, MAX_WORD);
                if !cur.cells.is_empty() {
                    out.push(std::mem::take(&mut cur));
                    if out.len() >= MAX_SEGMENTS {
                        return Segments {
                            list: out,
                            truncated: true,
                        };
                    }
                }
                if !cur.raw.is_empty() {
                    cur.raw.push(' ');
                }
                cur.raw.push_str(w);
                cur.label.push_str(&norm(w));
            }
        }
        after_tab = false;
    }
    if !cur.raw.is_empty() || !cur.cells.is_empty() {
        out.push(cur);
    }
    Segments {
        list: out,
        truncated: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok<'_>> {
        Tokens {
            s,
            i: 0,
            pending_word: false,
        }
        .collect()
    }

    #[test]
    fn digits_and_labels_are_told_apart_without_spaces() {
        use Tok::*;
        assert_eq!(
            toks("1.属于国家秘密20000022.其他法律"),
            [Word("1.属于国家秘密"), Value("2000002"), Word("2.其他法律")]
        );
        assert_eq!(
            toks("（三）不予公开1.属于 2 0\t\t3件 无 无法提供 数据1数据2 96171.6 -26"),
            [
                Word("（三）不予公开1.属于"),
                Value("2"),
                Value("0"),
                Tab,
                Tab,
                Value("3件"),
                Value("无"),
                Word("无法提供"),
                Word("数据1数据2"),
                Value("96171.6"),
                Value("-26"),
            ]
        );
        assert_eq!(toks("0 1、申请人"), [Value("0"), Word("1、申请人")]);
        assert_eq!(toks("保留4位小数"), [Word("保留4位小数")]);
        assert_eq!(toks("收费 4068. 208"), [Word("收费"), Value("4068. 208")]);
        assert_eq!(toks("1. 属于"), [Word("1."), Word("属于")]);
    }

    #[test]
    fn blank_cells_between_tabs_in_rows_and_in_browser_copies() {
        let rows = segments("规章\t1\t\t3\n行政许可\t5");
        assert_eq!(
            rows.list[0].cells,
            [Some("1".into()), None, Some("3".into())]
        );
        let copy = segments("（一）予以公开\n\n\t\n\n3\n\n\t\t\n\n4\n\n\t\n\n\t\n\n5");
        assert_eq!(
            copy.list[0].cells,
            [
                Some("3".into()),
                None,
                Some("4".into()),
                None,
                Some("5".into())
            ]
        );
        assert_eq!(copy.list[0].label, "(一)予以公开");
    }
}

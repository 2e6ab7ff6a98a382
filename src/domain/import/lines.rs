//! The shape every reader produces and the report reader consumes: a
//! document as lines of cells.
//!
//! A text file gives one line per line (cells split at tabs or `|`), an
//! HTML page or a Word document one line per paragraph and one per table
//! row (its grid expanded, spanned places marked). Everything after this
//! point is the same for every kind of input.

/// One place in a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Cell {
    /// A cell's text; blank text is a blank cell.
    Text(String),
    /// A place covered by a cell that spans rows or columns: not a cell of
    /// its own, so it is neither a value nor blank.
    Spanned,
}

/// One line: a paragraph (one cell) or a table row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Line {
    pub cells: Vec<Cell>,
}

impl Line {
    pub fn text(s: impl Into<String>) -> Line {
        Line {
            cells: vec![Cell::Text(s.into())],
        }
    }
}

/// A document as the readers produce it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Doc {
    pub lines: Vec<Line>,
    /// True when every line break is a paragraph break (HTML, Word); false
    /// when the reader cannot tell (plain text, which may be a PDF
    /// extraction whose lines are wrapped inside paragraphs).
    pub hard_breaks: bool,
    /// What a page says about itself outside its text: its `<title>` and
    /// the article title and source of its `<meta>` tags.
    pub meta: Meta,
}

/// A saved web page's own description of the article, used when the text
/// itself does not name the agency or the year.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Meta {
    /// `<title>`, and `<meta name="ArticleTitle">` and the like.
    pub titles: Vec<String>,
    /// `<meta name="ContentSource">`: the publishing agency.
    pub source: Option<String>,
}

/// Trims every kind of space, the ideographic one included (web pages
/// indent paragraphs with 「　　」).
pub(crate) fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}')
}

/// True for the page-number lines of a PDF extraction: 「- 3 -」, 「— 12 —」,
/// 「第 3 页」, 「第3页 共10页」, 「第3页/共10页」.
pub(crate) fn is_page_number(line: &str) -> bool {
    if line.len() > 64 {
        return false;
    }
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || t.chars().count() > 16 {
        return false;
    }
    let dash = |c: char| matches!(c, '-' | '－' | '—' | '–' | '―');
    let inner = t.trim_start_matches(dash);
    let stripped = inner.trim_end_matches(dash);
    let had_dashes = inner.len() != t.len() && stripped.len() != inner.len();
    if had_dashes && !stripped.is_empty() && stripped.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    // 第N页, optionally followed by 共M页 with a separator.
    let mut rest = t.as_str();
    let mut pages = 0;
    while let Some(r) = rest.strip_prefix('第').or_else(|| rest.strip_prefix('共')) {
        let digits = r.len() - r.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return false;
        }
        let Some(after) = r[digits..].strip_prefix('页') else {
            return false;
        };
        pages += 1;
        rest = after.trim_start_matches(['/', '，', ',', '、']);
    }
    pages > 0 && rest.is_empty()
}

/// The printed width of a text: two for a CJK character, one for ASCII.
pub(crate) fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// The ideographs of the 214 Kangxi radicals (U+2F00–U+2FD5), in order,
/// as Unicode's compatibility mappings give them.
const KANGXI: &str = "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";

/// Forms of the CJK Radicals Supplement that fonts draw with the glyph of
/// a simplified character in everyday use.
const SUPPLEMENT: [(char, char); 31] = [
    ('\u{2E81}', '厂'),
    ('\u{2E87}', '几'),
    ('\u{2E8A}', '卜'),
    ('\u{2E93}', '幺'),
    ('\u{2E9D}', '月'),
    ('\u{2E9F}', '母'),
    ('\u{2EA0}', '民'),
    ('\u{2EA9}', '王'),
    ('\u{2EC4}', '西'),
    ('\u{2EC5}', '见'),
    ('\u{2EC6}', '角'),
    ('\u{2EC9}', '贝'),
    ('\u{2ECB}', '车'),
    ('\u{2ED3}', '长'),
    ('\u{2ED4}', '门'),
    ('\u{2ED8}', '青'),
    ('\u{2ED9}', '韦'),
    ('\u{2EDA}', '页'),
    ('\u{2EDB}', '风'),
    ('\u{2EDC}', '飞'),
    ('\u{2EDD}', '食'),
    ('\u{2EE2}', '马'),
    ('\u{2EE3}', '骨'),
    ('\u{2EE4}', '鬼'),
    ('\u{2EE5}', '鱼'),
    ('\u{2EE6}', '鸟'),
    ('\u{2EE8}', '麦'),
    ('\u{2EE9}', '黄'),
    ('\u{2EEC}', '齐'),
    ('\u{2EF0}', '龙'),
    ('\u{2EF3}', '龟'),
];

/// Radical forms as the ideographs they look like. A PDF that Chromium
/// prints (a clerk's 「另存为PDF」 in 360, 奇安信 or Chrome) names many
/// characters by their radical's code point when its font draws both with
/// one glyph — 「⼈⺠政府」, 「⾏政」 — and text copied from such a PDF
/// carries them; no label, agency or keyword would match them.
pub(crate) fn fold_radicals(s: String) -> String {
    let radical = |c: char| ('\u{2E80}'..='\u{2FDF}').contains(&c);
    if !s.contains(radical) {
        return s;
    }
    s.chars()
        .map(|c| {
            if !radical(c) {
                return c;
            }
            let k = u32::from(c).wrapping_sub(0x2F00) as usize;
            if let Some(i) = KANGXI.chars().nth(k) {
                return i;
            }
            SUPPLEMENT
                .iter()
                .find(|(r, _)| *r == c)
                .map_or(c, |(_, i)| *i)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_fold_to_the_ideographs_they_look_like() {
        assert_eq!(KANGXI.chars().count(), 214);
        assert_eq!(
            fold_radicals("淮安市⼈⺠政府⼀、总体情况，⾏政规范性⽂件，⻓期".into()),
            "淮安市人民政府一、总体情况，行政规范性文件，长期"
        );
        // The last Kangxi radical, and text without any, unchanged.
        assert_eq!(fold_radicals("\u{2FD5}".into()), "龠");
        assert_eq!(fold_radicals("人民政府 2024".into()), "人民政府 2024");
    }
}

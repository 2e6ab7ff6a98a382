//! Number entry: what users type into a cell, parsed, checked and put into
//! canonical form.
//!
//! Users type numbers with a Chinese input method, paste them from Word or
//! Excel, or copy them from last year's PDF, so the parsers accept what is
//! unambiguous — full-width digits (０–９), full-width and ideographic
//! punctuation (，。．), thousands separators, spaces anywhere, a trailing
//! 件 (counts) or 万元 (the fee) — and refuse everything else with one
//! message that says what is wrong and shows what was typed.
//!
//! Values are exact: counts are `u64`, the fee is a scaled integer (`Fee`),
//! never a float.
//!
//! The parsers do not allocate: a check of the whole report parses every
//! cell, and it runs on every keystroke.

use std::cmp::Ordering;
use std::fmt;

use super::format::{CellId, CellKind, T3Col, T3Row, T4Col, T4Group, FEE_UNIT};
use super::model::Report;

/// The largest value a cell may hold (counts, and the fee in 万元). No agency
/// comes near it; a larger number is a typing slip.
pub const MAX_VALUE: u64 = 1_000_000_000;

/// The most decimals a typed fee may have. Real reports use 0 to 6; more
/// than this is certainly a slip, and the bound keeps `Fee` exact in a `u128`.
pub const MAX_FEE_DECIMALS: u32 = 18;

/// The unit a count may carry: 「12件」.
pub const COUNT_UNIT: &str = "件";
/// The unit the fee must not be in: 元 (the format asks for 万元).
pub const YUAN: &str = "元";

/// Texts that mean "none": the format wants 0 instead.
const NONE_WORDS: [&str; 7] = ["无", "/", "-", "—", "——", "–", "空"];

/// The longest cleaned text the parsers look at character by character.
/// Anything longer is not a valid number (at most 10 integer digits with
/// separators, a point and 18 decimals, a unit), so it is classified without
/// being buffered.
const BUF: usize = 48;

// ---------------------------------------------------------------------------
// The fee
// ---------------------------------------------------------------------------

/// An exact non-negative amount in 万元: `mantissa / 10^scale`.
///
/// `scale` is the number of decimals as typed, so 「0.5000」 keeps its four
/// places when shown again; equality and order compare values, so
/// `0.5 == 0.5000`.
#[derive(Copy, Clone, Debug)]
pub struct Fee {
    mantissa: u128,
    scale: u32,
}

/// The largest scale a `Fee` can carry: typed decimals plus the four a
/// conversion from 元 adds.
const MAX_SCALE: u32 = MAX_FEE_DECIMALS + 4;

impl Fee {
    /// `mantissa / 10^scale`; `None` when the scale or the whole part is
    /// beyond what a `Fee` keeps exact (`MAX_VALUE` 万元).
    pub fn new(mantissa: u128, scale: u32) -> Option<Fee> {
        let fee = Fee { mantissa, scale };
        (scale <= MAX_SCALE && fee.whole() <= u128::from(MAX_VALUE)).then_some(fee)
    }

    /// The decimals as typed (「7545.00」 has 2).
    pub fn scale(self) -> u32 {
        self.scale
    }

    /// The decimals that carry a value: trailing zeros do not count, so
    /// 「7545.00」 has 0 and 「7730.280」 has 2.
    pub fn decimals(self) -> u32 {
        self.trimmed().scale
    }

    /// The same value without trailing zero decimals.
    pub fn trimmed(self) -> Fee {
        let mut f = self;
        while f.scale > 0 && f.mantissa.is_multiple_of(10) {
            f.mantissa /= 10;
            f.scale -= 1;
        }
        f
    }

    /// The whole 万元 part.
    pub fn whole(self) -> u128 {
        self.mantissa / 10u128.pow(self.scale)
    }

    /// The exact sum, with the larger of the two scales (「0.5」＋「1.25」＝
    /// 「1.75」); `None` beyond what a `Fee` keeps exact.
    pub fn checked_add(self, other: Fee) -> Option<Fee> {
        let scale = self.scale.max(other.scale);
        Fee::new(
            self.at_scale(scale).checked_add(other.at_scale(scale))?,
            scale,
        )
    }

    /// The mantissa at a larger scale; `scale <= MAX_SCALE` keeps it in range
    /// because the whole part is at most `MAX_VALUE`.
    fn at_scale(self, scale: u32) -> u128 {
        self.mantissa * 10u128.pow(scale - self.scale)
    }
}

impl PartialEq for Fee {
    fn eq(&self, other: &Fee) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Fee {}

impl PartialOrd for Fee {
    fn partial_cmp(&self, other: &Fee) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Fee {
    fn cmp(&self, other: &Fee) -> Ordering {
        let s = self.scale.max(other.scale);
        self.at_scale(s).cmp(&other.at_scale(s))
    }
}

impl fmt::Display for Fee {
    /// The canonical form: no separators, no leading zeros, the typed
    /// decimals (「96171.6」, 「0.5000」).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = 10u128.pow(self.scale);
        write!(f, "{}", self.mantissa / unit)?;
        if self.scale > 0 {
            write!(
                f,
                ".{:0width$}",
                self.mantissa % unit,
                width = self.scale as usize
            )?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// Why a cell's text is not a valid value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// 「无」, 「/」, 「—」: the format wants 0 for none.
    NoneWord,
    /// A minus sign before a non-zero number.
    Negative,
    /// A count with a non-zero fraction.
    Decimal,
    /// Letters or other words (「12a」, 「十二」, 「3人」).
    Letters,
    /// Thousands separators that do not split groups of three (「1,23」).
    Separator,
    /// Symbols or points that make no number (「1.2.3」, 「+5」).
    Malformed,
    /// Above `MAX_VALUE`.
    TooLarge,
    /// A fee with more than `MAX_FEE_DECIMALS` decimals.
    TooManyDecimals,
    /// A fee written in 元; `converted` is the amount in 万元 and `amount`
    /// the 元 amount in canonical form.
    Yuan { amount: Fee, converted: Fee },
}

/// How a letter in a number is named, so that one that looks like a digit
/// in the page's font is recognised: 「字母 O」 for O (not 0), 「字母 l（小写
/// L）」 for l (not 1), 「全角字母 Ｏ」 for a full-width letter.
fn name_letter(c: char) -> String {
    let full_width = ('Ａ'..='Ｚ').contains(&c) || ('ａ'..='ｚ').contains(&c);
    let hint = match c {
        'l' | 'ｌ' => "（小写L）",
        'I' | 'Ｉ' => "（大写i）",
        'O' | 'Ｏ' => "（大写o，不是数字0）",
        'o' | 'ｏ' => "（小写o，不是数字0）",
        _ => "",
    };
    if full_width {
        format!("全角字母 {c}{hint}")
    } else if c.is_ascii_alphabetic() {
        format!("字母 {c}{hint}")
    } else {
        format!("文字“{c}”")
    }
}

impl NumberError {
    /// What is wrong, in a few words for the cell itself: 「不能为负数」,
    /// 「含有字母 O（大写o，不是数字0），只能填数字」.
    pub fn what(&self, text: &str, kind: CellKind) -> String {
        // The units a number may carry are not the culprit.
        let letters = || {
            text.chars()
                .find(|c| c.is_alphabetic() && !matches!(c, '件' | '万' | '元'))
                .map_or_else(|| "文字".to_owned(), name_letter)
        };
        match (self, kind) {
            (NumberError::NoneWord, _) => "没有的请填0".to_owned(),
            (NumberError::Negative, CellKind::Count) => "不能为负数".to_owned(),
            (NumberError::Negative, CellKind::Fee) => "金额不能为负数".to_owned(),
            (NumberError::Decimal, _) => "应为整数，不能有小数".to_owned(),
            (NumberError::Letters, CellKind::Count) => {
                format!("含有{}，只能填数字", letters())
            }
            (NumberError::Letters, CellKind::Fee) => {
                format!("含有{}，只能填以{FEE_UNIT}为单位的金额数字", letters())
            }
            (NumberError::Separator, _) => "千位分隔符的位置不对".to_owned(),
            (NumberError::Malformed, _) => "不是有效的数字".to_owned(),
            (NumberError::TooLarge, CellKind::Count) => {
                format!("数值超过{MAX_VALUE}，请核对")
            }
            (NumberError::TooLarge, CellKind::Fee) => {
                format!("金额超过{MAX_VALUE}{FEE_UNIT}，请核对")
            }
            (NumberError::TooManyDecimals, _) => {
                format!("小数位数过多（最多{MAX_FEE_DECIMALS}位）")
            }
            (NumberError::Yuan { amount, converted }, _) => format!(
                "看起来是以{YUAN}为单位，请换算为{FEE_UNIT}（{amount}{YUAN} ＝ {converted}{FEE_UNIT}）"
            ),
        }
    }

    /// What is wrong, for the text the user typed: the part of a message
    /// after the cell's place, with the text itself.
    pub fn describe(&self, text: &str, kind: CellKind) -> String {
        let what = self.what(text, kind);
        // The conversion shows the typed amount already.
        if matches!(self, NumberError::Yuan { .. }) {
            return what;
        }
        format!("{what}，现为“{}”", text.trim())
    }
}

/// A cell whose text is not a valid value: where, what was typed, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellError {
    pub cell: CellId,
    pub text: String,
    pub error: NumberError,
}

impl fmt::Display for CellError {
    /// 「表三 · （一）予以公开 · 自然人：不能为负数，现为“-1”」.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}：{}",
            self.cell.place(),
            self.error.describe(&self.text, self.cell.kind())
        )
    }
}

impl std::error::Error for CellError {}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

/// A parsed cell value.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum CellValue {
    Count(u64),
    Fee(Fee),
}

/// Maps what an input method or a PDF puts into a number to ASCII, or drops
/// it (`None`): full-width digits and signs, ideographic and full-width
/// points and commas, and every kind of space.
fn clean(c: char) -> Option<char> {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        '，' => Some(','),
        '。' | '．' => Some('.'),
        '－' | '−' => Some('-'),
        '＋' => Some('+'),
        c if c.is_whitespace() => None,
        c => Some(c),
    }
}

/// The cleaned text in a fixed buffer, or `None` when it is longer than any
/// valid number.
struct Cleaned {
    buf: [char; BUF],
    len: usize,
}

impl Cleaned {
    fn of(text: &str) -> Option<Cleaned> {
        let mut out = Cleaned {
            buf: ['\0'; BUF],
            len: 0,
        };
        for c in text.chars().filter_map(clean) {
            if out.len == BUF {
                return None;
            }
            out.buf[out.len] = c;
            out.len += 1;
        }
        Some(out)
    }

    fn chars(&self) -> &[char] {
        &self.buf[..self.len]
    }
}

fn is(chars: &[char], word: &str) -> bool {
    chars.iter().copied().eq(word.chars())
}

fn strip_suffix<'a>(chars: &'a [char], suffix: &str) -> Option<&'a [char]> {
    let n = suffix.chars().count();
    let split = chars.len().checked_sub(n)?;
    is(&chars[split..], suffix).then_some(&chars[..split])
}

/// The classification of text that cannot be a number at all.
fn junk(chars: impl IntoIterator<Item = char>) -> NumberError {
    let mut only_number_chars = true;
    for c in chars {
        if c.is_alphabetic() {
            return NumberError::Letters;
        }
        if !(c.is_ascii_digit() || c == ',' || c == '.') {
            only_number_chars = false;
        }
    }
    if only_number_chars {
        // Only digits, separators and points, but too many of them.
        NumberError::TooLarge
    } else {
        NumberError::Malformed
    }
}

/// A number as typed: sign, whole digits (separators removed), decimals.
struct Decimal<'a> {
    negative: bool,
    whole: &'a [char],
    frac: &'a [char],
}

/// Splits `chars` (units already removed) into sign, whole part and
/// decimals, checking the characters and the thousands separators.
fn decimal(chars: &[char]) -> Result<Decimal<'_>, NumberError> {
    let (negative, body) = match chars.split_first() {
        Some(('-', rest)) => (true, rest),
        _ => (false, chars),
    };
    if body
        .iter()
        .any(|c| !(c.is_ascii_digit() || *c == ',' || *c == '.'))
    {
        return Err(junk(body.iter().copied()));
    }
    let mut parts = body.split(|c| *c == '.');
    let whole = parts.next().unwrap_or_default();
    let frac = parts.next().unwrap_or_default();
    if parts.next().is_some() || frac.contains(&',') || (whole.is_empty() && frac.is_empty()) {
        return Err(NumberError::Malformed);
    }
    if whole.contains(&',') {
        // Groups of three after the first, which has one to three digits.
        let mut groups = whole.split(|c| *c == ',');
        let first = groups.next().unwrap_or_default();
        let ok = (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3);
        if !ok {
            return Err(NumberError::Separator);
        }
    }
    Ok(Decimal {
        negative,
        whole,
        frac,
    })
}

/// The value of the digits (separators skipped), or `TooLarge`.
fn whole_value(digits: &[char]) -> Result<u64, NumberError> {
    let mut v: u64 = 0;
    for d in digits.iter().filter_map(|c| c.to_digit(10)) {
        v = v * 10 + u64::from(d);
        if v > MAX_VALUE {
            return Err(NumberError::TooLarge);
        }
    }
    Ok(v)
}

fn is_none_word(chars: &[char]) -> bool {
    NONE_WORDS.iter().any(|w| is(chars, w))
}

/// The value of text that is nothing but ASCII digits, short enough to be
/// below `MAX_VALUE`: what almost every cell holds, so it skips the general
/// parser (a full check parses some 200 cells on every keystroke).
fn plain_digits(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() > 9 {
        return None;
    }
    bytes.iter().try_fold(0u64, |v, b| {
        b.is_ascii_digit().then(|| v * 10 + u64::from(b - b'0'))
    })
}

/// Parses a count cell: `Ok(None)` when blank.
pub fn parse_count(text: &str) -> Result<Option<u64>, NumberError> {
    if let Some(v) = plain_digits(text) {
        return Ok(Some(v));
    }
    let Some(cleaned) = Cleaned::of(text) else {
        return Err(junk(text.chars().filter_map(clean)));
    };
    let chars = cleaned.chars();
    if chars.is_empty() {
        return Ok(None);
    }
    if is_none_word(chars) {
        return Err(NumberError::NoneWord);
    }
    let chars = strip_suffix(chars, COUNT_UNIT).unwrap_or(chars);
    let d = decimal(chars)?;
    let v = whole_value(d.whole)?;
    let fraction_is_zero = d.frac.iter().all(|c| *c == '0');
    if d.negative && (v > 0 || !fraction_is_zero) {
        return Err(NumberError::Negative);
    }
    // 「3.0」 comes from spreadsheets and is a whole number; 「1.5」 is not.
    if !fraction_is_zero {
        return Err(NumberError::Decimal);
    }
    Ok(Some(v))
}

/// Parses the fee cell (万元): `Ok(None)` when blank.
pub fn parse_fee(text: &str) -> Result<Option<Fee>, NumberError> {
    let Some(cleaned) = Cleaned::of(text) else {
        return Err(junk(text.chars().filter_map(clean)));
    };
    let chars = cleaned.chars();
    if chars.is_empty() {
        return Ok(None);
    }
    if is_none_word(chars) {
        return Err(NumberError::NoneWord);
    }
    let (chars, yuan) = if let Some(c) = strip_suffix(chars, FEE_UNIT) {
        (c, false)
    } else if let Some(c) = strip_suffix(chars, "万") {
        (c, false)
    } else if let Some(c) = strip_suffix(chars, YUAN) {
        (c, true)
    } else {
        (chars, false)
    };
    let d = decimal(chars)?;
    let scale = d.frac.len() as u32;
    if scale > MAX_FEE_DECIMALS {
        return Err(NumberError::TooManyDecimals);
    }
    let mut mantissa: u128 = 0;
    for digit in d.whole.iter().chain(d.frac).filter_map(|c| c.to_digit(10)) {
        mantissa = mantissa * 10 + u128::from(digit);
        // Bounded by the whole part's limit, checked below; this only stops
        // runaway digits before they overflow.
        if mantissa > u128::from(MAX_VALUE) * 10u128.pow(MAX_SCALE) {
            return Err(NumberError::TooLarge);
        }
    }
    if d.negative && mantissa > 0 {
        return Err(NumberError::Negative);
    }
    let fee = Fee { mantissa, scale };
    if yuan {
        let converted = Fee {
            mantissa,
            scale: scale + 4,
        }
        .trimmed();
        if converted.whole() > u128::from(MAX_VALUE) {
            return Err(NumberError::TooLarge);
        }
        return Err(NumberError::Yuan {
            amount: fee,
            converted,
        });
    }
    if fee.whole() > u128::from(MAX_VALUE) {
        return Err(NumberError::TooLarge);
    }
    Ok(Some(fee))
}

/// Parses a cell's text according to its kind.
pub fn parse(text: &str, kind: CellKind) -> Result<Option<CellValue>, NumberError> {
    match kind {
        CellKind::Count => parse_count(text).map(|v| v.map(CellValue::Count)),
        CellKind::Fee => parse_fee(text).map(|v| v.map(CellValue::Fee)),
    }
}

/// Parses the text of cell `id`, naming the cell in the error.
pub fn parse_cell(id: CellId, text: &str) -> Result<Option<CellValue>, CellError> {
    parse(text, id.kind()).map_err(|error| CellError {
        cell: id,
        text: text.to_owned(),
        error,
    })
}

/// The canonical form of a cell's text, for when the user leaves the cell:
/// 「１，２３４件」 → 「1234」, 「 96,171.60万元」 → 「96171.60」, blank → 「」.
///
/// Text that is not a valid value comes back unchanged, so nothing the user
/// typed is lost; the message tells them what to fix. The function is
/// idempotent: a canonical text is its own canonical form.
pub fn normalise(text: &str, kind: CellKind) -> String {
    match parse(text, kind) {
        Ok(None) => String::new(),
        Ok(Some(CellValue::Count(v))) => v.to_string(),
        Ok(Some(CellValue::Fee(f))) => f.to_string(),
        Err(_) => text.to_owned(),
    }
}

// ---------------------------------------------------------------------------
// Values of a report
// ---------------------------------------------------------------------------

/// Adds the values that are present; `None` when none is.
///
/// This is the rule for every derived total: empty when all its inputs are
/// empty, otherwise the sum of the valid values (an empty or invalid input
/// is reported on its own cell, not by making the total disappear).
pub fn sum_present(values: impl IntoIterator<Item = Option<u64>>) -> Option<u64> {
    values
        .into_iter()
        .flatten()
        .fold(None, |acc, v| Some(acc.unwrap_or(0) + v))
}

/// Cell values as the rules read them. `Sheet` answers for a whole report
/// parsed at once; the editor answers from its per-cell memos, so that a
/// status line recomputes from the few cells it reads.
pub trait CellValues {
    /// The cell's own count (entered, or stated for a computed cell):
    /// `None` when empty, invalid or not a count.
    fn own(&self, id: CellId) -> Option<u64>;

    /// The total the app derives for a computed cell; `None` for an entered
    /// cell or when all its inputs are empty.
    fn derived(&self, id: CellId) -> Option<u64>;

    /// The value the rules use: an entered cell's own value; for a computed
    /// cell the total a source stated when it stated a valid one, else the
    /// derived total.
    fn effective(&self, id: CellId) -> Option<u64> {
        if id.is_computed() {
            self.own(id).or_else(|| self.derived(id))
        } else {
            self.own(id)
        }
    }
}

/// Every cell of a report parsed once, and every derived total computed
/// once, for checks that read cells many times.
#[derive(Clone, Debug)]
pub struct Sheet {
    /// The parse of each cell's own text (entered, or stated for a computed
    /// cell), by `CellId::index`.
    parsed: Vec<Result<Option<CellValue>, NumberError>>,
    /// The derived total of each computed cell, by `CellId::index`.
    derived: Vec<Option<u64>>,
}

impl Sheet {
    pub fn new(report: &Report) -> Sheet {
        let mut parsed = vec![Ok(None); CellId::COUNT];
        // `Report` keeps entered cells and stated totals apart by type.
        for (id, text) in report.cells().iter().chain(report.stated_totals()) {
            parsed[id.index()] = parse(text, id.kind());
        }
        let mut sheet = Sheet {
            parsed,
            derived: vec![None; CellId::COUNT],
        };
        sheet.derive();
        sheet
    }

    /// Computes every derived total once. The same sums as
    /// `CellId::inputs`, written out so that a check on every keystroke
    /// does not walk 400 inputs through iterator chains; the grand total is
    /// the sum of the column totals, which is the sum of the same inputs.
    fn derive(&mut self) {
        let own = |s: &Sheet, r: T3Row, c: T3Col| s.own(CellId::T3(r, c));
        for r in T3Row::ALL.into_iter().filter(|r| *r != T3Row::Total) {
            self.derived[CellId::T3(r, T3Col::Total).index()] =
                sum_present(T3Col::APPLICANTS.map(|c| own(self, r, c)));
        }
        for c in T3Col::APPLICANTS {
            self.derived[CellId::T3(T3Row::Total, c).index()] =
                sum_present(T3Row::results().map(|r| own(self, r, c)));
        }
        self.derived[CellId::T3(T3Row::Total, T3Col::Total).index()] = sum_present(
            T3Col::APPLICANTS.map(|c| self.derived[CellId::T3(T3Row::Total, c).index()]),
        );
        for g in T4Group::ALL {
            self.derived[CellId::T4(g, T4Col::Total).index()] =
                sum_present(T4Col::ENTERED.map(|c| self.own(CellId::T4(g, c))));
        }
    }

    /// The parse of the cell's own text.
    pub fn parsed(&self, id: CellId) -> &Result<Option<CellValue>, NumberError> {
        &self.parsed[id.index()]
    }

    /// The cell's own count: `None` when empty, invalid or not a count.
    pub fn own(&self, id: CellId) -> Option<u64> {
        match self.parsed(id) {
            Ok(Some(CellValue::Count(v))) => Some(*v),
            _ => None,
        }
    }

    /// The fee: `None` when empty or invalid.
    pub fn fee(&self) -> Option<Fee> {
        match self.parsed(CellId::T2(super::format::T2Cell::Fee)) {
            Ok(Some(CellValue::Fee(f))) => Some(*f),
            _ => None,
        }
    }

    /// The total the app derives for a computed cell; `None` for an entered
    /// cell or when all inputs are empty.
    pub fn derived(&self, id: CellId) -> Option<u64> {
        self.derived[id.index()]
    }

    /// The value the rules use: an entered cell's own value; for a computed
    /// cell the total the imported report stated when it stated a valid one,
    /// else the derived total.
    pub fn effective(&self, id: CellId) -> Option<u64> {
        if id.is_computed() {
            self.own(id).or_else(|| self.derived(id))
        } else {
            self.own(id)
        }
    }
}

impl CellValues for Sheet {
    fn own(&self, id: CellId) -> Option<u64> {
        Sheet::own(self, id)
    }
    fn derived(&self, id: CellId) -> Option<u64> {
        Sheet::derived(self, id)
    }
}

impl CellValues for Report {
    fn own(&self, id: CellId) -> Option<u64> {
        self.count(id)
    }
    fn derived(&self, id: CellId) -> Option<u64> {
        self.derived_total(id)
    }
}

impl Report {
    /// The parsed value of any cell's own text (what was typed, or the
    /// stated total of a computed cell).
    pub fn value(&self, id: CellId) -> Result<Option<CellValue>, CellError> {
        parse_cell(id, self.cell(id))
    }

    /// The cell's own count: `None` when empty, invalid or the fee.
    pub fn count(&self, id: CellId) -> Option<u64> {
        match self.value(id) {
            Ok(Some(CellValue::Count(v))) => Some(v),
            _ => None,
        }
    }

    /// The total the app derives for a computed cell (see `CellId::inputs`);
    /// `None` for an entered cell or when all inputs are empty.
    pub fn derived_total(&self, id: CellId) -> Option<u64> {
        if !id.is_computed() {
            return None;
        }
        sum_present(id.inputs_iter().map(|c| self.count(c)))
    }

    /// The value the rules use (see `Sheet::effective`).
    pub fn effective(&self, id: CellId) -> Option<u64> {
        if id.is_computed() {
            self.count(id).or_else(|| self.derived_total(id))
        } else {
            self.count(id)
        }
    }

    /// Every cell parsed once.
    pub fn sheet(&self) -> Sheet {
        Sheet::new(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_compares_values_not_text() {
        let a = parse_fee("0.5").unwrap().unwrap();
        let b = parse_fee("0.5000").unwrap().unwrap();
        assert_eq!(a, b);
        assert_eq!(b.to_string(), "0.5000");
        assert_eq!(b.decimals(), 1);
        assert!(parse_fee("0.45").unwrap().unwrap() < a);
    }

    #[test]
    fn fees_add_exactly_at_the_larger_scale() {
        let fee = |s| parse_fee(s).unwrap().unwrap();
        let sum = fee("0.5").checked_add(fee("1.25")).unwrap();
        assert_eq!(sum.to_string(), "1.75");
        assert_eq!(
            fee("0.1").checked_add(fee("0.2")).unwrap().to_string(),
            "0.3"
        );
        let big = Fee::new(u128::from(MAX_VALUE), 0).unwrap();
        assert_eq!(big.checked_add(fee("1")), None);
    }

    #[test]
    fn long_text_is_classified_without_buffering() {
        let digits = "9".repeat(200);
        assert_eq!(parse_count(&digits), Err(NumberError::TooLarge));
        let words = "很".repeat(200);
        assert_eq!(parse_count(&words), Err(NumberError::Letters));
        assert_eq!(parse_count(&"+".repeat(200)), Err(NumberError::Malformed));
    }
}

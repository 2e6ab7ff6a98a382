//! The consistency rules of the national format (see `format-2021.md`,
//! section 「Rules」), each with its id and severity.
//!
//! `check` runs every rule on a report and returns its findings in report
//! order; `check_cell` checks one cell as the user leaves it;
//! `status_lines` gives the cross-cell sums of a table for live display.
//! Every message is Chinese, names the place (from `format`, never typed
//! again here) and states the numbers involved.

use std::fmt;

use super::format::{
    CellId, CellKind, SectionId, T2Cell, T3Col, T3Row, T3SubGroup, T4Col, T4Group, ValidRow,
    AGENCY_LABEL, OVERVIEW_MAX_CHARS, T2_VALID_ROWS, T4_LITIGATION, YEAR_LABEL,
};
use super::model::Report;
use super::number::{parse_cell, sum_present, CellValue, CellValues, Sheet};
use super::similarity;
use super::textnum::{self, Quantity};
use super::year::Year;

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

/// The rules of the format, in the order of its rule table.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    CellInt,
    CellFee,
    CellEmpty,
    T3Row,
    T3Sum,
    T3Bal,
    T4Sum,
    XCarry,
    XValid,
    TxtReq,
    TxtLen,
    TxtRepeat,
    TxtNum,
    TxtFee,
    T3Other,
    Meta,
}

impl RuleId {
    pub const ALL: [RuleId; 16] = [
        RuleId::CellInt,
        RuleId::CellFee,
        RuleId::CellEmpty,
        RuleId::T3Row,
        RuleId::T3Sum,
        RuleId::T3Bal,
        RuleId::T4Sum,
        RuleId::XCarry,
        RuleId::XValid,
        RuleId::TxtReq,
        RuleId::TxtLen,
        RuleId::TxtRepeat,
        RuleId::TxtNum,
        RuleId::TxtFee,
        RuleId::T3Other,
        RuleId::Meta,
    ];

    /// The id shared by the rule table, code, tests and messages: 「T3-BAL」.
    pub fn id(self) -> &'static str {
        match self {
            RuleId::CellInt => "CELL-INT",
            RuleId::CellFee => "CELL-FEE",
            RuleId::CellEmpty => "CELL-EMPTY",
            RuleId::T3Row => "T3-ROW",
            RuleId::T3Sum => "T3-SUM",
            RuleId::T3Bal => "T3-BAL",
            RuleId::T4Sum => "T4-SUM",
            RuleId::XCarry => "X-CARRY",
            RuleId::XValid => "X-VALID",
            RuleId::TxtReq => "TXT-REQ",
            RuleId::TxtLen => "TXT-LEN",
            RuleId::TxtRepeat => "TXT-REPEAT",
            RuleId::TxtNum => "TXT-NUM",
            RuleId::TxtFee => "TXT-FEE",
            RuleId::T3Other => "T3-OTHER",
            RuleId::Meta => "META",
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// How serious a finding is: an error means the report is wrong as
/// published, a warning that it probably is, a hint that it is worth a look.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Hint,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Hint => "提示",
        }
    }
}

/// How many findings of each severity: the one count behind the summary,
/// the page title, the drafts list and the download warning.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub hints: usize,
}

impl Counts {
    pub fn of(findings: &[Finding]) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            match f.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Hint => c.hints += 1,
            }
        }
        c
    }

    pub fn total(self) -> usize {
        self.errors + self.warnings + self.hints
    }
}

/// Whether the user is still filling in (empty cells are expected) or
/// checks the report before publishing it (empty cells are errors).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    Drafting,
    Final,
}

/// A field of the report other than a cell.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Agency,
    Year,
    Overview,
    Problems,
    Other,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::Agency,
        Field::Year,
        Field::Overview,
        Field::Problems,
        Field::Other,
    ];

    /// The field's label as shown on the form.
    pub fn label(self) -> &'static str {
        match self {
            Field::Agency => AGENCY_LABEL,
            Field::Year => YEAR_LABEL,
            Field::Overview => SectionId::Overview.heading(),
            Field::Problems => SectionId::Problems.heading(),
            Field::Other => SectionId::Other.heading(),
        }
    }

    /// A stable id for the DOM; the text fields use their section's key.
    pub fn key(self) -> &'static str {
        match self {
            Field::Agency => "agency",
            Field::Year => "year",
            Field::Overview => SectionId::Overview.def().key,
            Field::Problems => SectionId::Problems.def().key,
            Field::Other => SectionId::Other.def().key,
        }
    }
}

/// What a finding points at, so the UI can move the focus there.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Cell(CellId),
    Field(Field),
}

/// One result of a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    /// Chinese, naming the place and stating the numbers: for the summary,
    /// the exported check results, anything read away from the place.
    pub message: String,
    /// What is wrong in a few words, for the place itself (inside a narrow
    /// cell the place goes without saying): 「不能为负数」.
    pub detail: String,
    /// The cells and fields involved, the one to fix first.
    pub targets: Vec<Target>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{} {}] {}",
            self.rule,
            self.severity.label(),
            self.message
        )
    }
}

/// The thresholds of the rules that have one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckSettings {
    /// CELL-FEE: more decimals than this is a warning. Agencies differ (the
    /// seed report asks for 4, 「保留4位小数」); real reports use 0 to 6.
    pub fee_max_decimals: u32,
    /// META: the latest plausible report year. The caller passes the
    /// current year from its clock; the domain never reads one, so checks
    /// are deterministic. A report for the current year can be drafted in
    /// December, so the current year itself is plausible.
    pub current_year: u32,
    /// META: the earliest plausible report year (the first under the
    /// revised 条例 of 2019).
    pub first_year: u32,
    /// TXT-LEN: the most characters of 一、总体情况, whitespace not counted.
    pub overview_max_chars: usize,
    /// TXT-REPEAT: warn when more than this share (percent) of 五 repeats
    /// last year's 五.
    pub repeat_max_percent: u32,
    /// T3-OTHER: hint when （六）其他处理 is more than this share (percent)
    /// of （七）总计 …
    pub other_max_percent: u32,
    /// … and at least this many requests, so that one request out of
    /// three at a small agency is not flagged.
    pub other_min_count: u64,
}

/// The year `CheckSettings::default()` takes as current. The UI sets
/// `current_year` from the browser's clock; this default only serves tests
/// and tools.
pub const DEFAULT_CURRENT_YEAR: u32 = 2026;

impl Default for CheckSettings {
    fn default() -> Self {
        CheckSettings {
            fee_max_decimals: 4,
            current_year: DEFAULT_CURRENT_YEAR,
            first_year: 2019,
            overview_max_chars: OVERVIEW_MAX_CHARS,
            repeat_max_percent: 50,
            other_max_percent: 20,
            other_min_count: 10,
        }
    }
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn table(section: SectionId) -> &'static str {
    section.table_name().unwrap_or_default()
}

/// 「自然人列」, 「总计列」.
fn column_name(col: T3Col) -> String {
    format!("{}列", col.label())
}

/// A value in a message: the number, or 「空」 when the cell is empty or
/// invalid (that cell has its own finding).
fn show(v: Option<u64>) -> String {
    v.map_or_else(|| "空".to_owned(), |v| v.to_string())
}

/// A share in tenths of a percent, rounded up (so a share above a threshold
/// never reads as equal to it): 「25.0%」.
fn percent_ceil(part: u64, whole: u64) -> String {
    let permille = (part * 1000).div_ceil(whole.max(1));
    format!("{}.{}%", permille / 10, permille % 10)
}

fn finding(rule: RuleId, severity: Severity, message: String, targets: Vec<Target>) -> Finding {
    Finding {
        rule,
        severity,
        detail: message.clone(),
        message,
        targets,
    }
}

/// A finding about one cell's own text, with its short detail.
fn cell_own(
    rule: RuleId,
    severity: Severity,
    id: CellId,
    detail: String,
    message: String,
) -> Finding {
    Finding {
        rule,
        severity,
        message,
        detail,
        targets: vec![Target::Cell(id)],
    }
}

/// The text's length as TXT-LEN counts it: characters, not bytes, and not
/// whitespace (line breaks and the spaces a PDF extraction puts around
/// numbers are not 字).
pub fn text_length(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

// ---------------------------------------------------------------------------
// Single cells
// ---------------------------------------------------------------------------

/// The finding on a cell's own text, if any: CELL-INT or CELL-FEE for text
/// that is no valid value, CELL-FEE's warning for too many decimals.
/// Emptiness is not reported here (see `check`): a blank cell the user has
/// not reached yet is no news while typing.
pub fn check_cell(report: &Report, id: CellId, settings: &CheckSettings) -> Option<Finding> {
    own_text_finding(id, report.cell(id), settings)
}

/// The finding a cell shows in place for its text: `check_cell`'s, and at
/// the final check CELL-EMPTY for a blank entered cell, as in `check`.
pub fn cell_finding(
    id: CellId,
    text: &str,
    settings: &CheckSettings,
    mode: Mode,
) -> Option<Finding> {
    if text.trim().is_empty() {
        return (mode == Mode::Final && !id.is_computed()).then(|| empty_cell(id, mode));
    }
    own_text_finding(id, text, settings)
}

fn own_text_finding(id: CellId, text: &str, settings: &CheckSettings) -> Option<Finding> {
    let parsed = parse_cell(id, text);
    let rule = match id.kind() {
        CellKind::Count => RuleId::CellInt,
        CellKind::Fee => RuleId::CellFee,
    };
    match parsed {
        Err(e) => Some(cell_own(
            rule,
            Severity::Error,
            id,
            e.error.what(text, id.kind()),
            e.to_string(),
        )),
        Ok(Some(CellValue::Fee(fee))) if fee.decimals() > settings.fee_max_decimals => {
            let detail = format!(
                "有{}位小数，多于设定的{}位",
                fee.decimals(),
                settings.fee_max_decimals
            );
            let message = format!("{}：{detail}，现为“{}”", id.place(), text.trim());
            Some(cell_own(
                RuleId::CellFee,
                Severity::Warning,
                id,
                detail,
                message,
            ))
        }
        Ok(_) => None,
    }
}

/// CELL-EMPTY: a warning while drafting, an error at the final check.
fn empty_cell(id: CellId, mode: Mode) -> Finding {
    let detail = "未填写，没有的请填0".to_owned();
    cell_own(
        RuleId::CellEmpty,
        match mode {
            Mode::Drafting => Severity::Warning,
            Mode::Final => Severity::Error,
        },
        id,
        detail.clone(),
        format!("{}：{detail}", id.place()),
    )
}

/// `check_cell`, and CELL-EMPTY for a blank entered cell.
fn check_cell_in(
    report: &Report,
    sheet: &Sheet,
    id: CellId,
    settings: &CheckSettings,
    mode: Mode,
) -> Option<Finding> {
    match sheet.parsed(id) {
        // Nothing to say about a valid value unless it is the fee (decimals).
        Ok(Some(CellValue::Count(_))) => None,
        Ok(None) if id.is_computed() => None,
        Ok(None) => Some(empty_cell(id, mode)),
        _ => check_cell(report, id, settings),
    }
}

// ---------------------------------------------------------------------------
// Status lines
// ---------------------------------------------------------------------------

/// The 勾稽关系 of one column of table 三: 一 + 二 = （七）总计 + 四.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Balance {
    pub col: T3Col,
    pub new: Option<u64>,
    pub carried_in: Option<u64>,
    pub total: Option<u64>,
    pub carried_over: Option<u64>,
}

impl Balance {
    fn of(values: &impl CellValues, col: T3Col) -> Balance {
        let v = |r| values.effective(CellId::T3(r, col));
        Balance {
            col,
            new: v(T3Row::New),
            carried_in: v(T3Row::CarriedIn),
            total: v(T3Row::Total),
            carried_over: v(T3Row::CarriedOver),
        }
    }

    /// 一 + 二, when both are known.
    pub fn left(&self) -> Option<u64> {
        Some(self.new? + self.carried_in?)
    }

    /// （七）总计 + 四, when both are known.
    pub fn right(&self) -> Option<u64> {
        Some(self.total? + self.carried_over?)
    }

    pub fn state(&self) -> LineState {
        match (self.left(), self.right()) {
            (Some(l), Some(r)) if l == r => LineState::Ok,
            (Some(_), Some(_)) => LineState::Mismatch,
            _ => LineState::Incomplete,
        }
    }

    /// 「自然人列：一＋二＝25，（七）总计＋四＝24，相差1」.
    pub fn text(&self) -> String {
        let side = |v: Option<u64>| v.map_or_else(|| "未填完".to_owned(), |v| v.to_string());
        let mut s = format!(
            "{}：{}＋{}＝{}，{}＋{}＝{}",
            column_name(self.col),
            T3Row::New.short_label(),
            T3Row::CarriedIn.short_label(),
            side(self.left()),
            T3Row::Total.short_label(),
            T3Row::CarriedOver.short_label(),
            side(self.right()),
        );
        if let (Some(l), Some(r)) = (self.left(), self.right()) {
            if l == r {
                s.push_str("，相符");
            } else {
                s.push_str(&format!("，相差{}", l.abs_diff(r)));
            }
        }
        s
    }

    fn targets(&self) -> Vec<Target> {
        [
            T3Row::New,
            T3Row::CarriedIn,
            T3Row::Total,
            T3Row::CarriedOver,
        ]
        .into_iter()
        .map(|r| Target::Cell(CellId::T3(r, self.col)))
        .collect()
    }
}

/// The balance of every column of table 三, 总计 last.
pub fn t3_balance(report: &Report) -> Vec<Balance> {
    let sheet = Sheet::new(report);
    T3Col::ALL.map(|c| Balance::of(&sheet, c)).to_vec()
}

/// Whether a status line adds up.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum LineState {
    Ok,
    Mismatch,
    /// A number it needs is empty or invalid.
    Incomplete,
}

/// A cross-cell sum shown under a table while the user types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusLine {
    pub text: String,
    pub state: LineState,
    pub targets: Vec<Target>,
}

/// The sum of one block of table 四: its four results and its 总计.
struct T4Line {
    group: T4Group,
    parts: [Option<u64>; 4],
    stated: Option<u64>,
}

impl T4Line {
    fn of(values: &impl CellValues, group: T4Group) -> T4Line {
        T4Line {
            group,
            parts: T4Col::ENTERED.map(|c| values.own(CellId::T4(group, c))),
            stated: values.own(CellId::T4(group, T4Col::Total)),
        }
    }

    fn sum(&self) -> Option<u64> {
        sum_present(self.parts)
    }

    /// 「行政复议：结果维持＋结果纠正＋其他结果＋尚未审结＝10＋1＋0＋0＝11」, and
    /// when an imported total differs, 「，表中总计为0，相差11」.
    fn text(&self) -> String {
        let labels: Vec<&str> = T4Col::ENTERED.iter().map(|c| c.label()).collect();
        let values: Vec<String> = self.parts.iter().map(|v| show(*v)).collect();
        let mut s = format!(
            "{}：{}＝{}＝{}",
            self.group.full_label(),
            labels.join("＋"),
            values.join("＋"),
            show(self.sum())
        );
        if let (Some(stated), Some(sum)) = (self.stated, self.sum()) {
            if stated != sum {
                s.push_str(&format!(
                    "，表中{}为{}，相差{}",
                    T4Col::Total.label(),
                    stated,
                    stated.abs_diff(sum)
                ));
            }
        }
        s
    }

    fn state(&self) -> LineState {
        match (self.stated, self.sum()) {
            (Some(a), Some(b)) if a != b => LineState::Mismatch,
            _ if self.parts.iter().any(Option::is_none) => LineState::Incomplete,
            _ => LineState::Ok,
        }
    }

    fn targets(&self) -> Vec<Target> {
        let mut t = vec![Target::Cell(CellId::T4(self.group, T4Col::Total))];
        t.extend(
            T4Col::ENTERED
                .into_iter()
                .map(|c| Target::Cell(CellId::T4(self.group, c))),
        );
        t
    }
}

struct ValidLine {
    valid_cell: T2Cell,
    issued_cell: T2Cell,
    repealed_cell: T2Cell,
    last_valid: Option<u64>,
    issued: Option<u64>,
    repealed: Option<u64>,
    valid: Option<u64>,
}

impl ValidLine {
    fn of(values: &impl CellValues, last: &Report, row: ValidRow) -> ValidLine {
        ValidLine {
            valid_cell: row.valid,
            issued_cell: row.issued,
            repealed_cell: row.repealed,
            last_valid: last.count(CellId::T2(row.valid)),
            issued: values.own(CellId::T2(row.issued)),
            repealed: values.own(CellId::T2(row.repealed)),
            valid: values.own(CellId::T2(row.valid)),
        }
    }

    /// Last year's valid + issued − repealed (can be negative when the
    /// numbers are wrong).
    fn expected(&self) -> Option<i128> {
        Some(i128::from(self.last_valid?) + i128::from(self.issued?) - i128::from(self.repealed?))
    }

    fn state(&self) -> LineState {
        match (self.expected(), self.valid) {
            (Some(e), Some(v)) if e == i128::from(v) => LineState::Ok,
            (Some(_), Some(_)) => LineState::Mismatch,
            _ => LineState::Incomplete,
        }
    }

    /// 「规章：上年现行有效件数＋本年制发件数－本年废止件数＝10＋1－0＝11，
    /// 本年现行有效件数为12，相差1」.
    fn text(&self) -> String {
        let expected = self
            .expected()
            .map_or_else(|| "空".to_owned(), |e| e.to_string());
        let mut s = format!(
            "{}：上年{}＋{}－{}＝{}＋{}－{}＝{}，本年{}为{}",
            self.valid_cell.row_label(),
            self.valid_cell.column_label(),
            self.issued_cell.column_label(),
            self.repealed_cell.column_label(),
            show(self.last_valid),
            show(self.issued),
            show(self.repealed),
            expected,
            self.valid_cell.column_label(),
            show(self.valid),
        );
        if let (Some(e), Some(v)) = (self.expected(), self.valid) {
            if e != i128::from(v) {
                s.push_str(&format!("，相差{}", (e - i128::from(v)).abs()));
            }
        }
        s
    }

    fn targets(&self) -> Vec<Target> {
        [self.valid_cell, self.issued_cell, self.repealed_cell]
            .into_iter()
            .map(|c| Target::Cell(CellId::T2(c)))
            .collect()
    }
}

/// X-CARRY for one column: this year's 二 against last year's 四.
struct CarryLine {
    col: T3Col,
    this: Option<u64>,
    last: Option<u64>,
}

impl CarryLine {
    fn of(values: &impl CellValues, last: &Report, col: T3Col) -> CarryLine {
        CarryLine {
            col,
            this: values.effective(CellId::T3(T3Row::CarriedIn, col)),
            last: last.effective(CellId::T3(T3Row::CarriedOver, col)),
        }
    }

    fn state(&self) -> LineState {
        match (self.this, self.last) {
            (Some(a), Some(b)) if a == b => LineState::Ok,
            (Some(_), Some(_)) => LineState::Mismatch,
            _ => LineState::Incomplete,
        }
    }

    /// 「自然人列：本年“二、上年结转政府信息公开申请数量”为3，上年报告
    /// “四、结转下年度继续办理”为5，相差2」.
    fn text(&self) -> String {
        let mut s = format!(
            "{}：本年“{}”为{}，上年报告“{}”为{}",
            column_name(self.col),
            T3Row::CarriedIn.label(),
            show(self.this),
            T3Row::CarriedOver.label(),
            show(self.last),
        );
        if let (Some(a), Some(b)) = (self.this, self.last) {
            if a != b {
                s.push_str(&format!("，相差{}", a.abs_diff(b)));
            }
        }
        s
    }
}

/// One status line under a table.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum LineId {
    /// X-VALID for a row of 第二十条第（一）项 (needs last year).
    Valid(ValidRow),
    /// T3-BAL for a column of table 三.
    Balance(T3Col),
    /// X-CARRY for a column of table 三 (needs last year).
    Carry(T3Col),
    /// T4-SUM for a block of table 四.
    Review(T4Group),
}

/// The status lines of a table, in display order: table 二's 现行有效件数
/// against last year (when known), table 三's balance per column (and the
/// carry-over from last year, when known), table 四's totals. Other
/// sections have none.
pub fn line_ids(section: SectionId, has_last_year: bool) -> Vec<LineId> {
    match section {
        SectionId::Proactive if has_last_year => T2_VALID_ROWS.map(LineId::Valid).to_vec(),
        SectionId::Requests => {
            let mut ids: Vec<LineId> = T3Col::ALL.map(LineId::Balance).to_vec();
            if has_last_year {
                ids.extend(T3Col::ALL.map(LineId::Carry));
            }
            ids
        }
        SectionId::Review => T4Group::ALL.map(LineId::Review).to_vec(),
        _ => Vec::new(),
    }
}

/// One status line from the cell values it reads; `None` for a line that
/// needs last year's report when there is none.
pub fn status_line(
    id: LineId,
    values: &impl CellValues,
    last_year: Option<&Report>,
) -> Option<StatusLine> {
    Some(match id {
        LineId::Valid(row) => {
            let l = ValidLine::of(values, last_year?, row);
            StatusLine {
                text: l.text(),
                state: l.state(),
                targets: l.targets(),
            }
        }
        LineId::Balance(col) => {
            let b = Balance::of(values, col);
            StatusLine {
                text: b.text(),
                state: b.state(),
                targets: b.targets(),
            }
        }
        LineId::Carry(col) => {
            let l = CarryLine::of(values, last_year?, col);
            StatusLine {
                text: l.text(),
                state: l.state(),
                targets: vec![Target::Cell(CellId::T3(T3Row::CarriedIn, col))],
            }
        }
        LineId::Review(group) => {
            let l = T4Line::of(values, group);
            StatusLine {
                text: l.text(),
                state: l.state(),
                targets: l.targets(),
            }
        }
    })
}

/// Every status line of a table (see `line_ids`), from the whole report.
pub fn status_lines(
    report: &Report,
    last_year: Option<&Report>,
    section: SectionId,
) -> Vec<StatusLine> {
    let sheet = Sheet::new(report);
    line_ids(section, last_year.is_some())
        .into_iter()
        .filter_map(|id| status_line(id, &sheet, last_year))
        .collect()
}

// ---------------------------------------------------------------------------
// The whole report
// ---------------------------------------------------------------------------

/// Every rule on the report, findings in report order: the header (META),
/// 一 (texts, then TXT-NUM), each table (its cells in reading order, then
/// the sums across cells), 五, 六.
///
/// `last_year` enables X-CARRY, X-VALID and TXT-REPEAT.
pub fn check(
    report: &Report,
    last_year: Option<&Report>,
    settings: &CheckSettings,
    mode: Mode,
) -> Vec<Finding> {
    let sheet = Sheet::new(report);
    // Last year's report is read for a few cells only (X-CARRY, X-VALID),
    // so it is not parsed as a whole.
    let last = last_year;
    let mut out = Vec::new();

    meta(report, settings, &mut out);

    // 一、总体情况
    required(report, Field::Overview, &mut out);
    overview_length(report, settings, &mut out);
    text_numbers(report, &sheet, &mut out);

    // Tables, each: its cells, then the rules across cells.
    let all = &CellId::ALL;
    let cells_of = |section: SectionId, out: &mut Vec<Finding>| {
        out.extend(
            all.iter()
                .filter(|c| c.section() == section)
                .filter_map(|c| check_cell_in(report, &sheet, *c, settings, mode)),
        );
    };
    cells_of(SectionId::Proactive, &mut out);
    if let Some(last) = last {
        valid_documents(&sheet, last, &mut out);
    }
    cells_of(SectionId::Requests, &mut out);
    t3_rows(&sheet, &mut out);
    t3_columns(&sheet, &mut out);
    t3_balances(&sheet, &mut out);
    if let Some(last) = last {
        carry(&sheet, last, &mut out);
    }
    t3_other(&sheet, settings, &mut out);
    cells_of(SectionId::Review, &mut out);
    t4_sums(&sheet, &mut out);

    // 五、存在的主要问题及改进情况
    required(report, Field::Problems, &mut out);
    if let Some(last) = last {
        repeated(report, last, settings, &mut out);
    }

    // 六、其他需要报告的事项
    required(report, Field::Other, &mut out);
    fee_mentioned(report, &mut out);

    out
}

/// META: agency and year given; the year four digits in a plausible range.
fn meta(report: &Report, settings: &CheckSettings, out: &mut Vec<Finding>) {
    let missing = |field: Field| {
        finding(
            RuleId::Meta,
            Severity::Error,
            format!("{}：未填写", field.label()),
            vec![Target::Field(field)],
        )
    };
    if report.agency.trim().is_empty() {
        out.push(missing(Field::Agency));
    }
    let year = report.year.trim();
    if year.is_empty() {
        out.push(missing(Field::Year));
        return;
    }
    let message = match Year::parse(year).ok().map(|y| u32::from(y.get())) {
        None => format!(
            "{}：应为四位数字的年份（如{}），现为“{}”",
            YEAR_LABEL,
            settings.current_year.saturating_sub(1),
            year
        ),
        Some(y) if y < settings.first_year || y > settings.current_year => format!(
            "{}：应在{}年至{}年之间，现为“{}”",
            YEAR_LABEL, settings.first_year, settings.current_year, year
        ),
        Some(_) => return,
    };
    out.push(finding(
        RuleId::Meta,
        Severity::Error,
        message,
        vec![Target::Field(Field::Year)],
    ));
}

/// TXT-REQ: 一, 五 and 六 are not empty (「无」 is an answer for 六).
fn required(report: &Report, field: Field, out: &mut Vec<Finding>) {
    if matches!(field, Field::Agency | Field::Year) {
        return;
    }
    let text = report.field(field);
    if !text.trim().is_empty() {
        return;
    }
    let message = if field == Field::Other {
        format!("{}：未填写，没有需要报告的事项请填“无”", field.label())
    } else {
        format!("{}：未填写", field.label())
    };
    out.push(finding(
        RuleId::TxtReq,
        Severity::Error,
        message,
        vec![Target::Field(field)],
    ));
}

/// TXT-LEN: 一 has at most `overview_max_chars` characters (see
/// `text_length`).
fn overview_length(report: &Report, settings: &CheckSettings, out: &mut Vec<Finding>) {
    let n = text_length(&report.overview);
    if n > settings.overview_max_chars {
        out.push(finding(
            RuleId::TxtLen,
            Severity::Warning,
            format!(
                "{}：共{}字（不计空白），超过{}字",
                Field::Overview.label(),
                n,
                settings.overview_max_chars
            ),
            vec![Target::Field(Field::Overview)],
        ));
    }
}

/// TXT-NUM: numbers 一 states (see `textnum`) agree with the tables.
///
/// A number of received requests may count this year's only (一) or include
/// the carried-in ones (一 + 二): agencies write both, so either matches.
fn text_numbers(report: &Report, sheet: &Sheet, out: &mut Vec<Finding>) {
    let t3 = |r| sheet.effective(CellId::T3(r, T3Col::Total));
    let t4 = |g| sheet.effective(CellId::T4(g, T4Col::Total));
    let mut seen: Vec<(Quantity, u64)> = Vec::new();
    for s in textnum::stated_numbers(&report.overview) {
        // One finding per stated figure, however often the text repeats it.
        if seen.contains(&(s.quantity, s.value)) {
            continue;
        }
        seen.push((s.quantity, s.value));
        let (agrees, table_says, cells) = match s.quantity {
            Quantity::New => {
                let Some(new) = t3(T3Row::New) else { continue };
                let with_carried = t3(T3Row::CarriedIn).map(|c| new + c);
                (
                    s.value == new || Some(s.value) == with_carried,
                    format!(
                        "表三“{}”的{}{}",
                        T3Row::New.label(),
                        T3Col::Total.label(),
                        new
                    ),
                    vec![CellId::T3(T3Row::New, T3Col::Total)],
                )
            }
            Quantity::CarriedIn | Quantity::CarriedOver => {
                let row = if s.quantity == Quantity::CarriedIn {
                    T3Row::CarriedIn
                } else {
                    T3Row::CarriedOver
                };
                let Some(v) = t3(row) else { continue };
                (
                    s.value == v,
                    format!("表三“{}”的{}{}", row.label(), T3Col::Total.label(), v),
                    vec![CellId::T3(row, T3Col::Total)],
                )
            }
            Quantity::Review => {
                let Some(v) = t4(T4Group::Review) else {
                    continue;
                };
                (
                    s.value == v,
                    format!(
                        "表四“{}”的{}{}",
                        T4Group::Review.label(),
                        T4Col::Total.label(),
                        v
                    ),
                    vec![CellId::T4(T4Group::Review, T4Col::Total)],
                )
            }
            Quantity::Litigation => {
                let (Some(a), Some(b)) = (t4(T4Group::DirectSuit), t4(T4Group::SuitAfterReview))
                else {
                    continue;
                };
                (
                    s.value == a + b,
                    format!(
                        "表四“{}”两项{}之和{}＋{}＝{}",
                        T4_LITIGATION,
                        T4Col::Total.label(),
                        a,
                        b,
                        a + b
                    ),
                    vec![
                        CellId::T4(T4Group::DirectSuit, T4Col::Total),
                        CellId::T4(T4Group::SuitAfterReview, T4Col::Total),
                    ],
                )
            }
        };
        if agrees {
            continue;
        }
        let mut targets = vec![Target::Field(Field::Overview)];
        targets.extend(cells.into_iter().map(Target::Cell));
        out.push(finding(
            RuleId::TxtNum,
            Severity::Warning,
            format!(
                "{}：文中“{}”与{}不一致",
                Field::Overview.label(),
                s.phrase,
                table_says
            ),
            targets,
        ));
    }
}

/// X-VALID: 现行有效件数 = last year's + 本年制发件数 − 本年废止件数. Never an
/// error: agencies legitimately adjust after a clean-up.
fn valid_documents(sheet: &Sheet, last: &Report, out: &mut Vec<Finding>) {
    for row in T2_VALID_ROWS {
        let line = ValidLine::of(sheet, last, row);
        if line.state() == LineState::Mismatch {
            out.push(finding(
                RuleId::XValid,
                Severity::Warning,
                format!("{} {}", table(SectionId::Proactive), line.text()),
                line.targets(),
            ));
        }
    }
}

/// A stated total against the sum of its parts (T3-ROW, T3-SUM): only
/// imported reports state totals, so for typed ones this cannot fail.
fn stated_vs_sum(
    sheet: &Sheet,
    rule: RuleId,
    cell: CellId,
    parts: &[CellId],
    what: &str,
    out: &mut Vec<Finding>,
) {
    let Some(stated) = sheet.own(cell) else {
        return;
    };
    let Some(sum) = sum_present(parts.iter().map(|c| sheet.effective(*c))) else {
        return;
    };
    if stated != sum {
        let mut targets = vec![Target::Cell(cell)];
        targets.extend(parts.iter().map(|c| Target::Cell(*c)));
        out.push(finding(
            rule,
            Severity::Error,
            format!(
                "{}：{}之和为{}，表中为{}，相差{}",
                cell.place(),
                what,
                sum,
                stated,
                stated.abs_diff(sum)
            ),
            targets,
        ));
    }
}

/// T3-ROW: each row's stated 总计 = the sum of its six applicant columns.
fn t3_rows(sheet: &Sheet, out: &mut Vec<Finding>) {
    for r in T3Row::ALL {
        let parts = T3Col::APPLICANTS.map(|c| CellId::T3(r, c));
        stated_vs_sum(
            sheet,
            RuleId::T3Row,
            CellId::T3(r, T3Col::Total),
            &parts,
            "各类申请人",
            out,
        );
    }
}

/// T3-SUM: each column's stated （七）总计 = the sum of the result rows.
fn t3_columns(sheet: &Sheet, out: &mut Vec<Finding>) {
    for c in T3Col::ALL {
        let parts: Vec<CellId> = T3Row::results().map(|r| CellId::T3(r, c)).collect();
        stated_vs_sum(
            sheet,
            RuleId::T3Sum,
            CellId::T3(T3Row::Total, c),
            &parts,
            "各项办理结果",
            out,
        );
    }
}

/// T3-BAL: per column, 一 + 二 = （七）总计 + 四.
fn t3_balances(sheet: &Sheet, out: &mut Vec<Finding>) {
    for c in T3Col::ALL {
        let b = Balance::of(sheet, c);
        if b.state() == LineState::Mismatch {
            out.push(finding(
                RuleId::T3Bal,
                Severity::Error,
                format!("{} {}", table(SectionId::Requests), b.text()),
                b.targets(),
            ));
        }
    }
}

/// X-CARRY: this year's 二 = last year's 四, per column.
fn carry(sheet: &Sheet, last: &Report, out: &mut Vec<Finding>) {
    for c in T3Col::ALL {
        let line = CarryLine::of(sheet, last, c);
        if line.state() == LineState::Mismatch {
            out.push(finding(
                RuleId::XCarry,
                Severity::Warning,
                format!("{} {}", table(SectionId::Requests), line.text()),
                vec![Target::Cell(CellId::T3(T3Row::CarriedIn, c))],
            ));
        }
    }
}

/// T3-OTHER: （六）其他处理 is a large share of （七）总计.
fn t3_other(sheet: &Sheet, settings: &CheckSettings, out: &mut Vec<Finding>) {
    let rows: Vec<T3Row> = T3SubGroup::OtherHandling.rows().collect();
    let Some(other) = sum_present(
        rows.iter()
            .map(|r| sheet.effective(CellId::T3(*r, T3Col::Total))),
    ) else {
        return;
    };
    let Some(total) = sheet.effective(CellId::T3(T3Row::Total, T3Col::Total)) else {
        return;
    };
    if other < settings.other_min_count
        || other * 100 <= u64::from(settings.other_max_percent) * total
    {
        return;
    }
    let mut targets: Vec<Target> = rows
        .iter()
        .map(|r| Target::Cell(CellId::T3(*r, T3Col::Total)))
        .collect();
    targets.push(Target::Cell(CellId::T3(T3Row::Total, T3Col::Total)));
    out.push(finding(
        RuleId::T3Other,
        Severity::Hint,
        format!(
            "{} · {}：共{}件，占{}{}件的{}（超过{}%），宜在报告中说明原因",
            table(SectionId::Requests),
            T3SubGroup::OtherHandling.label(),
            other,
            T3Row::Total.label(),
            total,
            percent_ceil(other, total),
            settings.other_max_percent
        ),
        targets,
    ));
}

/// T4-SUM: each stated 总计 of table 四 = its four results.
fn t4_sums(sheet: &Sheet, out: &mut Vec<Finding>) {
    for g in T4Group::ALL {
        let line = T4Line::of(sheet, g);
        if line.state() == LineState::Mismatch {
            out.push(finding(
                RuleId::T4Sum,
                Severity::Error,
                format!("{} {}", table(SectionId::Review), line.text()),
                line.targets(),
            ));
        }
    }
}

/// TXT-REPEAT: 五 repeats more than the set share of last year's 五 (see
/// `similarity` for the measure).
fn repeated(report: &Report, last: &Report, settings: &CheckSettings, out: &mut Vec<Finding>) {
    if last.problems.trim().is_empty() {
        return;
    }
    let Some(o) = similarity::overlap(&report.problems, &last.problems) else {
        return;
    };
    if o.exceeds(settings.repeat_max_percent) {
        let permille = o.permille_ceil();
        out.push(finding(
            RuleId::TxtRepeat,
            Severity::Warning,
            format!(
                "{}：约{}.{}%的内容与上年报告相同（超过{}%）",
                Field::Problems.label(),
                permille / 10,
                permille % 10,
                settings.repeat_max_percent
            ),
            vec![Target::Field(Field::Problems)],
        ));
    }
}

/// The word whose mention TXT-FEE looks for (信息处理费 contains it).
const FEE_WORD: &str = "处理费";

/// TXT-FEE: 六 says whether 信息处理费 was collected.
fn fee_mentioned(report: &Report, out: &mut Vec<Finding>) {
    // An empty 六 is TXT-REQ's error already.
    if report.other.trim().is_empty() || report.other.contains(FEE_WORD) {
        return;
    }
    out.push(finding(
        RuleId::TxtFee,
        Severity::Hint,
        format!("{}：未说明是否收取信息处理费", Field::Other.label()),
        vec![Target::Field(Field::Other)],
    ));
}

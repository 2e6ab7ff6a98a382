//! The 2021 national format (国办公开办函〔2021〕30号) as data.
//!
//! This module is the single source of truth for every label of the report:
//! the UI, the rules, the exporters and the importers all read it. Labels are
//! verbatim from the format; `tests/format_labels.rs` compares them with
//! `../shared/format-2021.md` so a typo here fails the build's tests.

use std::fmt;
use std::str::FromStr;

/// The six sections of the report, in order.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionId {
    Overview,
    Proactive,
    Requests,
    Review,
    Problems,
    Other,
}

/// One section of the report: its official heading and, for the text
/// sections, the format's instruction on what it should cover.
#[derive(Debug)]
pub struct Section {
    pub id: SectionId,
    /// Stable id, used in the DOM (anchors) and in exported files.
    pub key: &'static str,
    pub heading: &'static str,
    /// The format's instruction for a text section, without its brackets.
    pub instruction: Option<&'static str>,
}

pub const SECTIONS: [Section; 6] = [
    Section {
        id: SectionId::Overview,
        key: "overview",
        heading: "一、总体情况",
        instruction: Some("文字描述：主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障等情况；篇幅原则上不超过一千字"),
    },
    Section {
        id: SectionId::Proactive,
        key: "proactive",
        heading: "二、主动公开政府信息情况",
        instruction: None,
    },
    Section {
        id: SectionId::Requests,
        key: "requests",
        heading: "三、收到和处理政府信息公开申请情况",
        instruction: None,
    },
    Section {
        id: SectionId::Review,
        key: "review",
        heading: "四、政府信息公开行政复议、行政诉讼情况",
        instruction: None,
    },
    Section {
        id: SectionId::Problems,
        key: "problems",
        heading: "五、存在的主要问题及改进情况",
        instruction: Some("文字描述：实事求是、明确具体，不得年年雷同"),
    },
    Section {
        id: SectionId::Other,
        key: "other",
        heading: "六、其他需要报告的事项",
        instruction: Some("文字描述，收取信息处理费情况在此处报告。"),
    },
];

impl SectionId {
    pub fn def(self) -> &'static Section {
        &SECTIONS[self as usize]
    }
    pub fn heading(self) -> &'static str {
        self.def().heading
    }
    /// The short table name used in messages and accessible names: 「表二」….
    pub fn table_name(self) -> Option<&'static str> {
        match self {
            SectionId::Proactive => Some("表二"),
            SectionId::Requests => Some("表三"),
            SectionId::Review => Some("表四"),
            _ => None,
        }
    }
}

/// Labels of the report's own fields (header, preamble, signature).
pub const AGENCY_LABEL: &str = "单位名称";
pub const YEAR_LABEL: &str = "报告年度";
pub const PREAMBLE_LABEL: &str = "前言";
pub const SIGNATURE_LABEL: &str = "落款";

/// The recommended maximum length of 一、总体情况 (「篇幅原则上不超过一千字」).
pub const OVERVIEW_MAX_CHARS: usize = 1000;

/// Title suffix after agency and year: 「…2024年政府信息公开工作年度报告」.
pub const TITLE_SUFFIX: &str = "政府信息公开工作年度报告";

// ---------------------------------------------------------------------------
// Table 二
// ---------------------------------------------------------------------------

/// What a cell holds, which decides how its text is parsed.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum CellKind {
    /// A non-negative whole number of items.
    Count,
    /// An amount in 万元 (the fee of 第二十条第（八）项).
    Fee,
}

/// The column header shared by every block of table 二.
pub const T2_CONTENT_HEADER: &str = "信息内容";

/// The unit of the fee, as the format writes it in the column header.
pub const FEE_UNIT: &str = "万元";

/// One block of table 二 (「第二十条第（一）项」 …).
#[derive(Debug)]
pub struct T2Block {
    pub key: &'static str,
    pub label: &'static str,
    /// Column headers after 「信息内容」.
    pub columns: &'static [&'static str],
    /// Row labels; each row has one cell per column.
    pub rows: &'static [&'static str],
}

pub const T2_BLOCKS: [T2Block; 4] = [
    T2Block {
        key: "a1",
        label: "第二十条第（一）项",
        columns: &["本年制发件数", "本年废止件数", "现行有效件数"],
        rows: &["规章", "行政规范性文件"],
    },
    T2Block {
        key: "a5",
        label: "第二十条第（五）项",
        columns: &["本年处理决定数量"],
        rows: &["行政许可"],
    },
    T2Block {
        key: "a6",
        label: "第二十条第（六）项",
        columns: &["本年处理决定数量"],
        rows: &["行政处罚", "行政强制"],
    },
    T2Block {
        key: "a8",
        label: "第二十条第（八）项",
        columns: &["本年收费金额（单位：万元）"],
        rows: &["行政事业性收费"],
    },
];

/// The ten cells of table 二, in reading order.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum T2Cell {
    RulesIssued,
    RulesRepealed,
    RulesValid,
    NormsIssued,
    NormsRepealed,
    NormsValid,
    Licensing,
    Penalty,
    Enforcement,
    Fee,
}

/// A row of 第二十条第（一）项: what X-VALID compares with last year.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ValidRow {
    /// 本年制发件数.
    pub issued: T2Cell,
    /// 本年废止件数.
    pub repealed: T2Cell,
    /// 现行有效件数.
    pub valid: T2Cell,
}

/// 规章 and 行政规范性文件.
pub const T2_VALID_ROWS: [ValidRow; 2] = [
    ValidRow {
        issued: T2Cell::RulesIssued,
        repealed: T2Cell::RulesRepealed,
        valid: T2Cell::RulesValid,
    },
    ValidRow {
        issued: T2Cell::NormsIssued,
        repealed: T2Cell::NormsRepealed,
        valid: T2Cell::NormsValid,
    },
];

impl T2Cell {
    pub const ALL: [T2Cell; 10] = [
        T2Cell::RulesIssued,
        T2Cell::RulesRepealed,
        T2Cell::RulesValid,
        T2Cell::NormsIssued,
        T2Cell::NormsRepealed,
        T2Cell::NormsValid,
        T2Cell::Licensing,
        T2Cell::Penalty,
        T2Cell::Enforcement,
        T2Cell::Fee,
    ];

    /// (block index, row index, column index) in `T2_BLOCKS`.
    pub const fn position(self) -> (usize, usize, usize) {
        match self {
            T2Cell::RulesIssued => (0, 0, 0),
            T2Cell::RulesRepealed => (0, 0, 1),
            T2Cell::RulesValid => (0, 0, 2),
            T2Cell::NormsIssued => (0, 1, 0),
            T2Cell::NormsRepealed => (0, 1, 1),
            T2Cell::NormsValid => (0, 1, 2),
            T2Cell::Licensing => (1, 0, 0),
            T2Cell::Penalty => (2, 0, 0),
            T2Cell::Enforcement => (2, 1, 0),
            T2Cell::Fee => (3, 0, 0),
        }
    }

    pub fn block(self) -> &'static T2Block {
        &T2_BLOCKS[self.position().0]
    }
    pub fn row_label(self) -> &'static str {
        let (b, r, _) = self.position();
        T2_BLOCKS[b].rows[r]
    }
    pub fn column_label(self) -> &'static str {
        let (b, _, c) = self.position();
        T2_BLOCKS[b].columns[c]
    }
    pub fn kind(self) -> CellKind {
        if self == T2Cell::Fee {
            CellKind::Fee
        } else {
            CellKind::Count
        }
    }
    fn key(self) -> &'static str {
        match self {
            T2Cell::RulesIssued => "rules.issued",
            T2Cell::RulesRepealed => "rules.repealed",
            T2Cell::RulesValid => "rules.valid",
            T2Cell::NormsIssued => "norms.issued",
            T2Cell::NormsRepealed => "norms.repealed",
            T2Cell::NormsValid => "norms.valid",
            T2Cell::Licensing => "licensing",
            T2Cell::Penalty => "penalty",
            T2Cell::Enforcement => "enforcement",
            T2Cell::Fee => "fee",
        }
    }
}

// ---------------------------------------------------------------------------
// Table 三
// ---------------------------------------------------------------------------

/// The top-left header cell of table 三.
pub const T3_CORNER: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
/// Header over all applicant columns.
pub const T3_APPLICANTS: &str = "申请人情况";
/// Header over the five organisation columns.
pub const T3_ORGS: &str = "法人或其他组织";

/// The columns of table 三.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum T3Col {
    Natural,
    Business,
    Research,
    Public,
    Legal,
    OtherOrg,
    Total,
}

impl T3Col {
    pub const ALL: [T3Col; 7] = [
        T3Col::Natural,
        T3Col::Business,
        T3Col::Research,
        T3Col::Public,
        T3Col::Legal,
        T3Col::OtherOrg,
        T3Col::Total,
    ];
    /// The six entered applicant columns (everything but 总计).
    pub const APPLICANTS: [T3Col; 6] = [
        T3Col::Natural,
        T3Col::Business,
        T3Col::Research,
        T3Col::Public,
        T3Col::Legal,
        T3Col::OtherOrg,
    ];
    pub fn label(self) -> &'static str {
        match self {
            T3Col::Natural => "自然人",
            T3Col::Business => "商业企业",
            T3Col::Research => "科研机构",
            T3Col::Public => "社会公益组织",
            T3Col::Legal => "法律服务机构",
            T3Col::OtherOrg => "其他",
            T3Col::Total => TOTAL,
        }
    }
    /// True for the five columns under 「法人或其他组织」.
    pub fn is_org(self) -> bool {
        !matches!(self, T3Col::Natural | T3Col::Total)
    }
    fn key(self) -> &'static str {
        match self {
            T3Col::Natural => "natural",
            T3Col::Business => "business",
            T3Col::Research => "research",
            T3Col::Public => "public",
            T3Col::Legal => "legal",
            T3Col::OtherOrg => "other",
            T3Col::Total => "total",
        }
    }
}

/// The label of every total cell and row.
pub const TOTAL: &str = "总计";

/// The group of rows 「三、本年度办理结果」 spans.
pub const T3_RESULTS_GROUP: &str = "三、本年度办理结果";

/// The four sub-groups of the results whose rows are numbered 1., 2., ….
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum T3SubGroup {
    Refused,
    Unable,
    NotProcessed,
    OtherHandling,
}

impl T3SubGroup {
    pub const ALL: [T3SubGroup; 4] = [
        T3SubGroup::Refused,
        T3SubGroup::Unable,
        T3SubGroup::NotProcessed,
        T3SubGroup::OtherHandling,
    ];
    pub fn label(self) -> &'static str {
        match self {
            T3SubGroup::Refused => "（三）不予公开",
            T3SubGroup::Unable => "（四）无法提供",
            T3SubGroup::NotProcessed => "（五）不予处理",
            T3SubGroup::OtherHandling => "（六）其他处理",
        }
    }
    /// The rows of the group, in order.
    pub fn rows(self) -> impl Iterator<Item = T3Row> {
        T3Row::ALL
            .into_iter()
            .filter(move |r| r.sub_group() == Some(self))
    }
}

/// The 25 data rows of table 三, in printed order.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum T3Row {
    New,
    CarriedIn,
    Disclosed,
    Partly,
    Refused1,
    Refused2,
    Refused3,
    Refused4,
    Refused5,
    Refused6,
    Refused7,
    Refused8,
    Unable1,
    Unable2,
    Unable3,
    NotProcessed1,
    NotProcessed2,
    NotProcessed3,
    NotProcessed4,
    NotProcessed5,
    Other1,
    Other2,
    Other3,
    Total,
    CarriedOver,
}

impl T3Row {
    pub const ALL: [T3Row; 25] = [
        T3Row::New,
        T3Row::CarriedIn,
        T3Row::Disclosed,
        T3Row::Partly,
        T3Row::Refused1,
        T3Row::Refused2,
        T3Row::Refused3,
        T3Row::Refused4,
        T3Row::Refused5,
        T3Row::Refused6,
        T3Row::Refused7,
        T3Row::Refused8,
        T3Row::Unable1,
        T3Row::Unable2,
        T3Row::Unable3,
        T3Row::NotProcessed1,
        T3Row::NotProcessed2,
        T3Row::NotProcessed3,
        T3Row::NotProcessed4,
        T3Row::NotProcessed5,
        T3Row::Other1,
        T3Row::Other2,
        T3Row::Other3,
        T3Row::Total,
        T3Row::CarriedOver,
    ];

    /// The rows that add up to （七）总计: every result row but the total.
    pub fn results() -> impl Iterator<Item = T3Row> {
        T3Row::ALL
            .into_iter()
            .filter(|r| r.in_results() && *r != T3Row::Total)
    }

    /// The verbatim row label as printed in its own cell.
    pub fn label(self) -> &'static str {
        match self {
            T3Row::New => "一、本年新收政府信息公开申请数量",
            T3Row::CarriedIn => "二、上年结转政府信息公开申请数量",
            T3Row::Disclosed => "（一）予以公开",
            T3Row::Partly => "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            T3Row::Refused1 => "1.属于国家秘密",
            T3Row::Refused2 => "2.其他法律行政法规禁止公开",
            T3Row::Refused3 => "3.危及“三安全一稳定”",
            T3Row::Refused4 => "4.保护第三方合法权益",
            T3Row::Refused5 => "5.属于三类内部事务信息",
            T3Row::Refused6 => "6.属于四类过程性信息",
            T3Row::Refused7 => "7.属于行政执法案卷",
            T3Row::Refused8 => "8.属于行政查询事项",
            T3Row::Unable1 => "1.本机关不掌握相关政府信息",
            T3Row::Unable2 => "2.没有现成信息需要另行制作",
            T3Row::Unable3 => "3.补正后申请内容仍不明确",
            T3Row::NotProcessed1 => "1.信访举报投诉类申请",
            T3Row::NotProcessed2 => "2.重复申请",
            T3Row::NotProcessed3 => "3.要求提供公开出版物",
            T3Row::NotProcessed4 => "4.无正当理由大量反复申请",
            T3Row::NotProcessed5 => "5.要求行政机关确认或重新出具已获取信息",
            T3Row::Other1 => "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            T3Row::Other2 => {
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
            }
            T3Row::Other3 => "3.其他",
            T3Row::Total => "（七）总计",
            T3Row::CarriedOver => "四、结转下年度继续办理",
        }
    }

    /// The numbered sub-group a row belongs to, if any.
    pub fn sub_group(self) -> Option<T3SubGroup> {
        use T3Row::*;
        match self {
            Refused1 | Refused2 | Refused3 | Refused4 | Refused5 | Refused6 | Refused7
            | Refused8 => Some(T3SubGroup::Refused),
            Unable1 | Unable2 | Unable3 => Some(T3SubGroup::Unable),
            NotProcessed1 | NotProcessed2 | NotProcessed3 | NotProcessed4 | NotProcessed5 => {
                Some(T3SubGroup::NotProcessed)
            }
            Other1 | Other2 | Other3 => Some(T3SubGroup::OtherHandling),
            _ => None,
        }
    }

    /// True for the rows under 「三、本年度办理结果」 (including （七）总计).
    pub fn in_results(self) -> bool {
        !matches!(self, T3Row::New | T3Row::CarriedIn | T3Row::CarriedOver)
    }

    /// The label that names the row unambiguously in a message or an
    /// accessible name: numbered rows carry their group, e.g.
    /// 「（三）不予公开 1.属于国家秘密」.
    pub fn full_label(self) -> String {
        match self.sub_group() {
            Some(g) => format!("{} {}", g.label(), self.label()),
            None => self.label().to_owned(),
        }
    }

    /// The short name of the row used in status lines: 「一」, 「二」,
    /// 「（七）总计」, 「四」…
    pub fn short_label(self) -> &'static str {
        match self {
            T3Row::New => "一",
            T3Row::CarriedIn => "二",
            T3Row::CarriedOver => "四",
            other => other.label(),
        }
    }

    fn key(self) -> &'static str {
        use T3Row::*;
        match self {
            New => "new",
            CarriedIn => "carried_in",
            Disclosed => "disclosed",
            Partly => "partly",
            Refused1 => "refused1",
            Refused2 => "refused2",
            Refused3 => "refused3",
            Refused4 => "refused4",
            Refused5 => "refused5",
            Refused6 => "refused6",
            Refused7 => "refused7",
            Refused8 => "refused8",
            Unable1 => "unable1",
            Unable2 => "unable2",
            Unable3 => "unable3",
            NotProcessed1 => "not_processed1",
            NotProcessed2 => "not_processed2",
            NotProcessed3 => "not_processed3",
            NotProcessed4 => "not_processed4",
            NotProcessed5 => "not_processed5",
            Other1 => "other1",
            Other2 => "other2",
            Other3 => "other3",
            Total => "total",
            CarriedOver => "carried_over",
        }
    }
}

// ---------------------------------------------------------------------------
// Table 四
// ---------------------------------------------------------------------------

pub const T4_REVIEW: &str = "行政复议";
pub const T4_LITIGATION: &str = "行政诉讼";

/// The three blocks of five numbers in table 四.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum T4Group {
    Review,
    DirectSuit,
    SuitAfterReview,
}

impl T4Group {
    pub const ALL: [T4Group; 3] = [
        T4Group::Review,
        T4Group::DirectSuit,
        T4Group::SuitAfterReview,
    ];
    /// The block's own header (for the two 行政诉讼 blocks, the sub-header).
    pub fn label(self) -> &'static str {
        match self {
            T4Group::Review => T4_REVIEW,
            T4Group::DirectSuit => "未经复议直接起诉",
            T4Group::SuitAfterReview => "复议后起诉",
        }
    }
    /// The name that identifies the block alone: 「行政诉讼 未经复议直接起诉」.
    pub fn full_label(self) -> String {
        match self {
            T4Group::Review => T4_REVIEW.to_owned(),
            other => format!("{} {}", T4_LITIGATION, other.label()),
        }
    }
    fn key(self) -> &'static str {
        match self {
            T4Group::Review => "review",
            T4Group::DirectSuit => "direct_suit",
            T4Group::SuitAfterReview => "suit_after_review",
        }
    }
}

/// The five columns of each table-四 block.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum T4Col {
    Upheld,
    Corrected,
    OtherResult,
    Pending,
    Total,
}

impl T4Col {
    pub const ALL: [T4Col; 5] = [
        T4Col::Upheld,
        T4Col::Corrected,
        T4Col::OtherResult,
        T4Col::Pending,
        T4Col::Total,
    ];
    pub const ENTERED: [T4Col; 4] = [
        T4Col::Upheld,
        T4Col::Corrected,
        T4Col::OtherResult,
        T4Col::Pending,
    ];
    pub fn label(self) -> &'static str {
        match self {
            T4Col::Upheld => "结果维持",
            T4Col::Corrected => "结果纠正",
            T4Col::OtherResult => "其他结果",
            T4Col::Pending => "尚未审结",
            T4Col::Total => TOTAL,
        }
    }
    fn key(self) -> &'static str {
        match self {
            T4Col::Upheld => "upheld",
            T4Col::Corrected => "corrected",
            T4Col::OtherResult => "other",
            T4Col::Pending => "pending",
            T4Col::Total => "total",
        }
    }
}

// ---------------------------------------------------------------------------
// Cell ids
// ---------------------------------------------------------------------------

/// Every number cell of the report, entered or computed.
///
/// Its string form (`t3.disclosed.natural`) is stable: it keys cells in
/// stored drafts and `.json` files and names inputs in the DOM.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CellId {
    T2(T2Cell),
    T3(T3Row, T3Col),
    T4(T4Group, T4Col),
}

impl CellId {
    /// How many cells the report has: 10 in table 二, 25 × 7 in 三, 15 in 四.
    pub const COUNT: usize = 10 + 25 * 7 + 15;

    /// A dense index in `0..CellId::COUNT`, in reading order, so callers
    /// can keep per-cell data in a plain array instead of a map.
    pub const fn index(self) -> usize {
        match self {
            CellId::T2(c) => c as usize,
            CellId::T3(r, c) => 10 + r as usize * 7 + c as usize,
            CellId::T4(g, c) => 10 + 25 * 7 + g as usize * 5 + c as usize,
        }
    }

    /// Every cell in reading order, as a table: `all()` without building
    /// the iterator chain, for code that walks the cells on every keystroke.
    pub const ALL: [CellId; CellId::COUNT] = {
        let mut out = [CellId::T2(T2Cell::RulesIssued); CellId::COUNT];
        let mut i = 0;
        while i < T2Cell::ALL.len() {
            out[i] = CellId::T2(T2Cell::ALL[i]);
            i += 1;
        }
        let mut r = 0;
        while r < T3Row::ALL.len() {
            let mut c = 0;
            while c < T3Col::ALL.len() {
                out[CellId::T3(T3Row::ALL[r], T3Col::ALL[c]).index()] =
                    CellId::T3(T3Row::ALL[r], T3Col::ALL[c]);
                c += 1;
            }
            r += 1;
        }
        let mut g = 0;
        while g < T4Group::ALL.len() {
            let mut c = 0;
            while c < T4Col::ALL.len() {
                out[CellId::T4(T4Group::ALL[g], T4Col::ALL[c]).index()] =
                    CellId::T4(T4Group::ALL[g], T4Col::ALL[c]);
                c += 1;
            }
            g += 1;
        }
        out
    };

    /// The entered cells a computed cell adds up; empty for an entered cell.
    ///
    /// A row total adds the six applicant cells of its row, a （七）总计 cell
    /// adds the result rows of its column, the grand total adds every result
    /// cell of the six applicant columns, and a table-四 总计 adds the four
    /// results of its block. Only entered cells are listed, so a total never
    /// depends on another (possibly stated) total.
    pub fn inputs(self) -> Vec<CellId> {
        self.inputs_iter().collect()
    }

    /// `inputs` without allocating.
    pub fn inputs_iter(self) -> impl Iterator<Item = CellId> {
        let results = |c: T3Col| T3Row::results().map(move |r| CellId::T3(r, c));
        let (rows, cols, t4): (&[T3Row], &[T3Col], Option<T4Group>) = match self {
            CellId::T3(T3Row::Total, T3Col::Total) => (&[], &T3Col::APPLICANTS, None),
            CellId::T3(T3Row::Total, c) => (
                &[],
                T3Col::ALL.get(c as usize..=c as usize).unwrap_or(&[]),
                None,
            ),
            CellId::T3(r, T3Col::Total) => (
                T3Row::ALL.get(r as usize..=r as usize).unwrap_or(&[]),
                &[],
                None,
            ),
            CellId::T4(g, T4Col::Total) => (&[], &[], Some(g)),
            _ => (&[], &[], None),
        };
        // A column total (or the grand total) adds the result rows of its
        // columns; a row total adds the applicants of its row.
        let by_column = cols.iter().flat_map(move |c| results(*c));
        let by_row = rows.iter().flat_map(|r| {
            T3Col::APPLICANTS
                .into_iter()
                .map(move |c| CellId::T3(*r, c))
        });
        let by_block = t4
            .into_iter()
            .flat_map(|g| T4Col::ENTERED.into_iter().map(move |c| CellId::T4(g, c)));
        by_column.chain(by_row).chain(by_block)
    }

    /// Every cell in reading order: table 二, then 三 row by row, then 四.
    pub fn all() -> impl Iterator<Item = CellId> {
        let t2 = T2Cell::ALL.into_iter().map(CellId::T2);
        let t3 = T3Row::ALL
            .into_iter()
            .flat_map(|r| T3Col::ALL.into_iter().map(move |c| CellId::T3(r, c)));
        let t4 = T4Group::ALL
            .into_iter()
            .flat_map(|g| T4Col::ALL.into_iter().map(move |c| CellId::T4(g, c)));
        t2.chain(t3).chain(t4)
    }

    /// Every cell the user types into (computed totals excluded).
    pub fn entered() -> impl Iterator<Item = CellId> {
        CellId::all().filter(|c| !c.is_computed())
    }

    /// True for the cells the app derives: table 三's 总计 column and
    /// （七）总计 row, and table 四's three 总计.
    pub fn is_computed(self) -> bool {
        match self {
            CellId::T2(_) => false,
            CellId::T3(r, c) => r == T3Row::Total || c == T3Col::Total,
            CellId::T4(_, c) => c == T4Col::Total,
        }
    }

    pub fn kind(self) -> CellKind {
        match self {
            CellId::T2(c) => c.kind(),
            _ => CellKind::Count,
        }
    }

    pub fn section(self) -> SectionId {
        match self {
            CellId::T2(_) => SectionId::Proactive,
            CellId::T3(..) => SectionId::Requests,
            CellId::T4(..) => SectionId::Review,
        }
    }

    /// The row part of the cell's name (「（一）予以公开」, 「规章」, 「行政复议」).
    pub fn row_label(self) -> String {
        match self {
            CellId::T2(c) => c.row_label().to_owned(),
            CellId::T3(r, _) => r.full_label(),
            CellId::T4(g, _) => g.full_label(),
        }
    }

    /// The column part of the cell's name.
    pub fn column_label(self) -> &'static str {
        match self {
            CellId::T2(c) => c.column_label(),
            CellId::T3(_, c) => c.label(),
            CellId::T4(_, c) => c.label(),
        }
    }

    /// The parts that name the cell: table, row, column.
    fn name_parts(self) -> [String; 3] {
        let table = self.section().table_name().unwrap_or_default().to_owned();
        [table, self.row_label(), self.column_label().to_owned()]
    }

    /// The place as used in messages: 「表三 · （一）予以公开 · 自然人」.
    pub fn place(self) -> String {
        self.name_parts().join(" · ")
    }

    /// The accessible name of the cell's input: 「表三 （一）予以公开 自然人」.
    pub fn accessible_name(self) -> String {
        self.name_parts().join(" ")
    }

    /// The stable string id.
    pub fn key(self) -> String {
        match self {
            CellId::T2(c) => format!("t2.{}", c.key()),
            CellId::T3(r, c) => format!("t3.{}.{}", r.key(), c.key()),
            CellId::T4(g, c) => format!("t4.{}.{}", g.key(), c.key()),
        }
    }
}

impl fmt::Display for CellId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

/// A string that names no cell of the format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCell(pub String);

impl fmt::Display for UnknownCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "未知的单元格编号“{}”", self.0)
    }
}

impl std::error::Error for UnknownCell {}

impl FromStr for CellId {
    type Err = UnknownCell;
    /// Read part by part (「t3.new.natural」), not by comparing with every
    /// cell's key: a report file or draft names some 200 cells, and a
    /// batch of 300 files 60 000 of them.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        fn part<T: Copy, const N: usize>(
            all: [T; N],
            key: fn(T) -> &'static str,
            s: &str,
        ) -> Option<T> {
            all.into_iter().find(|x| key(*x) == s)
        }
        // Table 二's keys have a dot of their own (「t2.rules.issued」).
        let cell = match s.split_once('.') {
            Some(("t2", c)) => part(T2Cell::ALL, T2Cell::key, c).map(CellId::T2),
            Some(("t3", rest)) => rest.split_once('.').and_then(|(r, c)| {
                part(T3Row::ALL, T3Row::key, r)
                    .zip(part(T3Col::ALL, T3Col::key, c))
                    .map(|(r, c)| CellId::T3(r, c))
            }),
            Some(("t4", rest)) => rest.split_once('.').and_then(|(g, c)| {
                part(T4Group::ALL, T4Group::key, g)
                    .zip(part(T4Col::ALL, T4Col::key, c))
                    .map(|(g, c)| CellId::T4(g, c))
            }),
            _ => None,
        };
        cell.ok_or_else(|| UnknownCell(s.to_owned()))
    }
}

impl serde::Serialize for CellId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.key())
    }
}

impl<'de> serde::Deserialize<'de> for CellId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_matches_the_format() {
        assert_eq!(T3Row::ALL.len(), 25);
        assert_eq!(T3Col::ALL.len(), 7);
        assert_eq!(
            CellId::all()
                .filter(|c| matches!(c, CellId::T4(..)))
                .count(),
            15
        );
        // 三、本年度办理结果 spans 22 rows in published HTML.
        assert_eq!(T3Row::ALL.iter().filter(|r| r.in_results()).count(), 22);
        let spans: Vec<usize> = T3SubGroup::ALL.iter().map(|g| g.rows().count()).collect();
        assert_eq!(spans, [8, 3, 5, 3]);
        assert_eq!(CellId::entered().count(), 10 + 24 * 6 + 12);
    }

    #[test]
    fn index_is_dense_and_in_reading_order() {
        let idx: Vec<usize> = CellId::all().map(CellId::index).collect();
        assert_eq!(idx, (0..CellId::COUNT).collect::<Vec<_>>());
        assert!(CellId::all().eq(CellId::ALL));
    }

    #[test]
    fn inputs_of_totals_are_entered_cells() {
        for c in CellId::all() {
            let inputs = c.inputs();
            assert_eq!(inputs.is_empty(), !c.is_computed(), "{c}");
            assert!(inputs.iter().all(|i| !i.is_computed()), "{c}");
        }
        assert_eq!(CellId::T3(T3Row::Total, T3Col::Natural).inputs().len(), 21);
        assert_eq!(
            CellId::T3(T3Row::Total, T3Col::Total).inputs().len(),
            21 * 6
        );
        assert_eq!(CellId::T4(T4Group::Review, T4Col::Total).inputs().len(), 4);
    }

    #[test]
    fn keys_are_unique_and_round_trip() {
        let mut keys: Vec<String> = CellId::all().map(|c| c.key()).collect();
        for c in CellId::all() {
            assert_eq!(c.key().parse::<CellId>(), Ok(c));
        }
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n);
        for bad in [
            "t9.nothing",
            "",
            "t3",
            "t3.new",
            "t3.new.natural.x",
            "t3.natural.new",
            "t2.new",
            "t2.licensing.total",
            "t2.rules",
            "t4.review",
            "T3.new.natural",
        ] {
            assert_eq!(bad.parse::<CellId>(), Err(UnknownCell(bad.to_owned())));
        }
    }

    #[test]
    fn names_carry_table_row_and_column() {
        let c = CellId::T3(T3Row::Disclosed, T3Col::Natural);
        assert_eq!(c.place(), "表三 · （一）予以公开 · 自然人");
        assert_eq!(c.accessible_name(), "表三 （一）予以公开 自然人");
        let r = CellId::T3(T3Row::Refused1, T3Col::Total);
        assert_eq!(
            r.accessible_name(),
            "表三 （三）不予公开 1.属于国家秘密 总计"
        );
    }
}

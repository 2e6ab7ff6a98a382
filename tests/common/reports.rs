//! The four real reports of `shared/reports/` as `Report` values, typed cell
//! by cell from the published texts, for the rule, exporter and importer
//! tests and the benchmark.
//!
//! Texts of 一, 五 and 六 are verbatim: the broken lines of the PDF
//! extractions are joined (line breaks and 「- N -」 page lines inside a
//! paragraph removed, the extraction's spaces around numbers kept) and
//! paragraphs are separated by one `\n`. The preamble's `text` is verbatim
//! too; its contact fields are as a user would type them (the extraction's
//! spaces dropped).
//!
//! Totals (table 三's 总计 column and （七）总计 row, table 四's 总计) go into
//! `stated_totals` exactly as printed, since only imported reports have
//! them; every other number goes into `cells`.
#![allow(dead_code)] // Each test crate uses some of the reports.

use nianbao::domain::format::{CellId, T2Cell, T3Col, T3Row, T4Col, T4Group};
use nianbao::domain::model::{Preamble, Report};

/// Fills table 二 in reading order (`T2Cell::ALL`).
fn t2(r: &mut Report, values: [&str; 10]) {
    for (c, v) in T2Cell::ALL.into_iter().zip(values) {
        r.set_cell(CellId::T2(c), v);
    }
}

/// Fills one row of table 三: the six applicant columns, and the printed
/// 总计 (`None` when the row printed none).
fn t3(r: &mut Report, row: T3Row, applicants: [&str; 6], total: Option<&str>) {
    for (c, v) in T3Col::APPLICANTS.into_iter().zip(applicants) {
        if row == T3Row::Total {
            r.set_stated(CellId::T3(row, c), v.to_owned());
        } else {
            r.set_cell(CellId::T3(row, c), v);
        }
    }
    if let Some(t) = total {
        r.set_stated(CellId::T3(row, T3Col::Total), t.to_owned());
    }
}

/// Fills table 四 from its one printed row of 15 numbers; the 总计 of each
/// block is stated.
fn t4(r: &mut Report, values: [&str; 15]) {
    let cells = T4Group::ALL
        .into_iter()
        .flat_map(|g| T4Col::ALL.into_iter().map(move |c| CellId::T4(g, c)));
    for (c, v) in cells.zip(values) {
        if c.is_computed() {
            r.set_stated(c, v.to_owned());
        } else {
            r.set_cell(c, v);
        }
    }
}

/// A row of six zeros, the most common row of table 三.
const Z6: [&str; 6] = ["0"; 6];

/// The 2019-style single 「（六）其他处理」 row of the 洪泽区 reports printed
/// zeros only. The 2021 format splits it into （六）1–3; zero in one row
/// means zero in each of its parts, so each sub-row gets 0, and each its
/// total 0, without inventing a number.
fn single_other_row_of_zeros(r: &mut Report) {
    for row in [T3Row::Other1, T3Row::Other2, T3Row::Other3] {
        t3(r, row, Z6, Some("0"));
    }
}

/// 淮安市人民政府 2024 (`2024_huaian-shi.txt`): complete, tables balance,
/// numbers in the text match the tables; 一 is longer than 1000 characters.
pub fn huaian_2024() -> Report {
    let mut r = {
        let mut r = Report::default();
        r.agency = "淮安市人民政府".into();
        r.year = "2024".into();
        r.preamble = Preamble {
            enabled: true,
            office: "淮安市人民政府办公室".into(),
            address: "淮安市翔宇南道1号".into(),
            postcode: "223001".into(),
            phone: "0517-83605210".into(),
            email: "hazwgkc@163.com".into(),
            text: HUAIAN_2024_PREAMBLE.into(),
        };
        r.overview = HUAIAN_2024_OVERVIEW.into();
        r.problems = HUAIAN_2024_PROBLEMS.into();
        r.other = HUAIAN_2024_OTHER.into();
        r
    };
    t2(
        &mut r,
        [
            "1", "0", "11", "8", "26", "66", "447228", "3985758", "88283", "96171.6",
        ],
    );
    use T3Row::*;
    t3(
        &mut r,
        New,
        ["3001", "53", "0", "0", "61", "4"],
        Some("3119"),
    );
    t3(
        &mut r,
        CarriedIn,
        ["34", "0", "0", "0", "0", "0"],
        Some("34"),
    );
    t3(
        &mut r,
        Disclosed,
        ["1288", "21", "0", "0", "50", "3"],
        Some("1362"),
    );
    t3(
        &mut r,
        Partly,
        ["447", "7", "0", "0", "0", "0"],
        Some("454"),
    );
    t3(&mut r, Refused1, ["2", "0", "0", "0", "0", "0"], Some("2"));
    t3(
        &mut r,
        Refused2,
        ["30", "1", "0", "0", "0", "0"],
        Some("31"),
    );
    t3(&mut r, Refused3, ["5", "0", "0", "0", "0", "0"], Some("5"));
    t3(&mut r, Refused4, ["6", "0", "0", "0", "0", "0"], Some("6"));
    t3(&mut r, Refused5, ["7", "1", "0", "0", "0", "0"], Some("8"));
    t3(
        &mut r,
        Refused6,
        ["12", "0", "0", "0", "0", "0"],
        Some("12"),
    );
    t3(&mut r, Refused7, ["9", "0", "0", "0", "0", "0"], Some("9"));
    t3(
        &mut r,
        Refused8,
        ["105", "0", "0", "0", "0", "0"],
        Some("105"),
    );
    t3(
        &mut r,
        Unable1,
        ["746", "12", "0", "0", "10", "1"],
        Some("769"),
    );
    t3(&mut r, Unable2, ["11", "0", "0", "0", "0", "0"], Some("11"));
    t3(&mut r, Unable3, ["1", "0", "0", "0", "0", "0"], Some("1"));
    t3(
        &mut r,
        NotProcessed1,
        ["56", "6", "0", "0", "0", "0"],
        Some("62"),
    );
    t3(
        &mut r,
        NotProcessed2,
        ["25", "0", "0", "0", "0", "0"],
        Some("25"),
    );
    t3(&mut r, NotProcessed3, Z6, Some("0"));
    t3(&mut r, NotProcessed4, Z6, Some("0"));
    t3(
        &mut r,
        NotProcessed5,
        ["1", "0", "0", "0", "0", "0"],
        Some("1"),
    );
    t3(&mut r, Other1, ["67", "3", "0", "0", "1", "0"], Some("71"));
    t3(&mut r, Other2, ["6", "0", "0", "0", "0", "0"], Some("6"));
    t3(
        &mut r,
        Other3,
        ["108", "2", "0", "0", "0", "0"],
        Some("110"),
    );
    t3(
        &mut r,
        Total,
        ["2932", "53", "0", "0", "61", "4"],
        Some("3050"),
    );
    t3(
        &mut r,
        CarriedOver,
        ["103", "0", "0", "0", "0", "0"],
        Some("103"),
    );
    t4(
        &mut r,
        [
            "72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20",
        ],
    );
    r
}

/// 淮安市洪泽区人民政府 2023 (`2023_hongze-qu.txt`): table 四's totals are
/// wrong as published (复议 10 + 1 + 0 + 0 printed as 0; 复议后起诉 5 printed as
/// 0); single 「（六）其他处理」 row.
pub fn hongze_2023() -> Report {
    let mut r = {
        let mut r = Report::default();
        r.agency = "洪泽区人民政府".into();
        r.year = "2023".into();
        r.preamble = Preamble {
            enabled: true,
            office: "淮安市洪泽区人民政府办公室".into(),
            address: "淮安市洪泽区洪泽湖大道90号".into(),
            postcode: "223100".into(),
            phone: "0517-87222589".into(),
            email: "hzzwgk@126.com".into(),
            text: HONGZE_2023_PREAMBLE.into(),
        };
        r.overview = HONGZE_2023_OVERVIEW.into();
        r.problems = HONGZE_2023_PROBLEMS.into();
        r.other = HONGZE_2023_OTHER.into();
        r
    };
    t2(
        &mut r,
        [
            "0", "0", "0", "0", "5", "5", "550", "4119", "195", "7730.28",
        ],
    );
    use T3Row::*;
    t3(&mut r, New, ["21", "0", "0", "0", "0", "0"], Some("21"));
    t3(&mut r, CarriedIn, Z6, Some("0"));
    t3(&mut r, Disclosed, Z6, Some("0"));
    t3(&mut r, Partly, ["4", "0", "0", "0", "0", "0"], Some("4"));
    t3(&mut r, Refused1, ["1", "0", "0", "0", "0", "0"], Some("1"));
    t3(&mut r, Refused2, Z6, Some("0"));
    t3(&mut r, Refused3, Z6, Some("0"));
    t3(&mut r, Refused4, Z6, Some("0"));
    t3(&mut r, Refused5, Z6, Some("0"));
    t3(&mut r, Refused6, ["1", "0", "0", "0", "0", "0"], Some("1"));
    t3(&mut r, Refused7, ["1", "0", "0", "0", "0", "0"], Some("1"));
    t3(&mut r, Refused8, Z6, Some("0"));
    t3(&mut r, Unable1, ["10", "0", "0", "0", "0", "0"], Some("10"));
    t3(&mut r, Unable2, ["3", "0", "0", "0", "0", "0"], Some("3"));
    t3(&mut r, Unable3, Z6, Some("0"));
    t3(
        &mut r,
        NotProcessed1,
        ["1", "0", "0", "0", "0", "0"],
        Some("1"),
    );
    t3(&mut r, NotProcessed2, Z6, Some("0"));
    t3(&mut r, NotProcessed3, Z6, Some("0"));
    t3(&mut r, NotProcessed4, Z6, Some("0"));
    t3(&mut r, NotProcessed5, Z6, Some("0"));
    single_other_row_of_zeros(&mut r);
    t3(&mut r, Total, ["21", "0", "0", "0", "0", "0"], Some("21"));
    t3(&mut r, CarriedOver, Z6, Some("0"));
    t4(
        &mut r,
        [
            "10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0",
        ],
    );
    r
}

/// 淮安市洪泽区人民政府 2024 (`2024_hongze-qu.txt`), the year after
/// `hongze_2023`: tables consistent with themselves and with 2023; 一 says
/// 受理政府信息公开申请17件 where table 三 has 95; single （六） row.
pub fn hongze_2024() -> Report {
    let mut r = {
        let mut r = Report::default();
        r.agency = "淮安市洪泽区人民政府".into();
        r.year = "2024".into();
        r.preamble = Preamble {
            enabled: true,
            office: "淮安市洪泽区人民政府办公室".into(),
            address: "淮安市洪泽区洪泽湖大道90号".into(),
            postcode: "223100".into(),
            phone: "0517-87290606".into(),
            email: String::new(),
            text: HONGZE_2024_PREAMBLE.into(),
        };
        r.overview = HONGZE_2024_OVERVIEW.into();
        r.problems = HONGZE_2024_PROBLEMS.into();
        r.other = HONGZE_2024_OTHER.into();
        r
    };
    t2(
        &mut r,
        ["0", "0", "0", "3", "0", "8", "9487", "2776", "84", "7545"],
    );
    use T3Row::*;
    t3(&mut r, New, ["95", "0", "0", "0", "0", "0"], Some("95"));
    t3(&mut r, CarriedIn, Z6, Some("0"));
    t3(
        &mut r,
        Disclosed,
        ["50", "0", "0", "0", "0", "0"],
        Some("50"),
    );
    t3(&mut r, Partly, ["9", "0", "0", "0", "0", "0"], Some("9"));
    t3(&mut r, Refused1, Z6, Some("0"));
    t3(&mut r, Refused2, Z6, Some("0"));
    t3(&mut r, Refused3, ["1", "0", "0", "0", "0", "0"], Some("1"));
    t3(&mut r, Refused4, Z6, Some("0"));
    t3(&mut r, Refused5, Z6, Some("0"));
    t3(&mut r, Refused6, ["1", "0", "0", "0", "0", "0"], Some("1"));
    t3(&mut r, Refused7, ["1", "0", "0", "0", "0", "0"], Some("1"));
    t3(&mut r, Refused8, Z6, Some("0"));
    t3(&mut r, Unable1, ["31", "0", "0", "0", "0", "0"], Some("31"));
    t3(&mut r, Unable2, ["1", "0", "0", "0", "0", "0"], Some("1"));
    t3(&mut r, Unable3, Z6, Some("0"));
    t3(
        &mut r,
        NotProcessed1,
        ["1", "0", "0", "0", "0", "0"],
        Some("1"),
    );
    t3(&mut r, NotProcessed2, Z6, Some("0"));
    t3(&mut r, NotProcessed3, Z6, Some("0"));
    t3(&mut r, NotProcessed4, Z6, Some("0"));
    t3(&mut r, NotProcessed5, Z6, Some("0"));
    single_other_row_of_zeros(&mut r);
    t3(&mut r, Total, ["95", "0", "0", "0", "0", "0"], Some("95"));
    t3(&mut r, CarriedOver, Z6, Some("0"));
    t4(
        &mut r,
        [
            "1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3",
        ],
    );
    r
}

/// 老城区机关事务服务中心 2021 (`2021_laocheng-jiguan-shiwu.txt`, the seed
/// report): in table 三 the rows （一）, （二）, （三）1–3 lost their numbers,
/// totals included, so those cells are absent (empty, not 0). Its column
/// 「社会组织」 is 社会公益组织. No preamble.
pub fn laocheng_2021() -> Report {
    let mut r = {
        let mut r = Report::default();
        r.agency = "老城区机关事务服务中心".into();
        r.year = "2021".into();
        r.overview = LAOCHENG_2021_OVERVIEW.into();
        r.problems = LAOCHENG_2021_PROBLEMS.into();
        r.other = LAOCHENG_2021_OTHER.into();
        r
    };
    t2(&mut r, ["0"; 10]);
    use T3Row::*;
    for row in T3Row::ALL {
        // The rows that lost their numbers in the published page.
        if matches!(row, Disclosed | Partly | Refused1 | Refused2 | Refused3) {
            continue;
        }
        t3(&mut r, row, Z6, Some("0"));
    }
    t4(&mut r, ["0"; 15]);
    r
}

/// The rows of table 三 that lost their numbers in `laocheng_2021`.
pub const LAOCHENG_LOST_ROWS: [T3Row; 5] = [
    T3Row::Disclosed,
    T3Row::Partly,
    T3Row::Refused1,
    T3Row::Refused2,
    T3Row::Refused3,
];

// ---------------------------------------------------------------------------
// Texts
// ---------------------------------------------------------------------------

pub const HUAIAN_2024_PREAMBLE: &str = "本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第 711 号）（以下简称《条例》）规定编制。报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。如对本报告有疑问，请与淮安市人民政府办公室联系（地址：淮安市翔宇南道 1 号，邮编：223001，电话：0517-83605210，电子邮箱：hazwgkc@163.com）。";

pub const HUAIAN_2024_OVERVIEW: &str = "2024 年，我市坚持以习近平新时代中国特色社会主义思想为指导，认真学习宣传贯彻党的二十大和二十届二中、三中全会精神，按照党中央国务院、省委省政府决策部署和市委工作要求，严格落实《中华人民共和国政府信息公开条例》各项规定，圆满完成了各项任务。\n\
（一）主动公开情况。2024 年，市政府网站主动公开各类政府信息 5500 余条，全年新增公开市政府规章 1 件、市政府及市政府办政策性文件 11 件，通过文字、图片等形式制作政策解读21 个，制作《淮安市人民政府公报》6 期。紧紧围绕保障民生、深化改革、科技创新等工作主线，组织召开了“春节前后服务企业用工和促进返乡人员就业创业专项活动”“建设‘四最’一流营商环境高质量推进产业发展”“加快建设长三角北部重要产业科技创新高地的若干政策”等新闻发布会 12 场，努力传递政府声音、宣传政策法规、回应舆论关切。\n\
（二）依申请公开情况。定期对政府信息公开申请集中的领域和热点问题进行研判，探索从源头上解决实际问题。着力强化与申请人的直接沟通，准确了解申请人诉求，提高答复的及时性和针对性。2024 年，全市共受理政府信息公开申请 3119 件，答复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度答复），均在法定期限内予以答复。政府信息公开行政复议 351件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚未审结 37 件；政府信息公开行政诉讼 46 件，其中结果维持 25件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。\n\
（三）政府信息管理情况。在政府网站、政务新媒体、政府公报等公开平台发布信息时，坚持“先审查、后公开”“一事一审”工作原则，规范审查程序，建立健全重要事项公开保密审查协调机制，落实政府信息公开属性源头认定机制，加强政府信息源头管理工作。对政务公开平台已公开信息进行梳理，优化主动公开目录，着力为群众提供看得懂、找得到、用得上的政府信息公开服务。系统性排查全市各地各部门政务服务网办事指南、表格样表、在线申请等与群众密切相关服务事项，并不断修改完善，积极构建权威、便捷、高效的一体化互联网政务服务平台。\n\
（四）政府信息公开平台建设情况。进一步优化政务公开专栏设置，省市联动制作“全力巩固和增强经济回升向好态势”“推动大规模设备更新和消费品以旧换新”等专题专栏。在日常读网巡查的基础上，定期对政府信息公开栏目进行检查，将栏目不更新、政策解读不通俗易懂、互动咨询不回应等问题列入重点检查范围。深入开展防治政务新媒体“指尖上的形式主义”工作，聚焦解决政务新媒体开而少用、更新不及时、不互动不回应、表述不规范等新老问题。截至目前，全市在运维政务新媒体共计 95个，在省办 2024 年四个季度政务新媒体检查抽查中，合格率均为 100%。\n\
（五）政府信息公开监督保障情况。根据省政务公开年度和季度监测指标，全年组织 4 次政府信息公开栏目全覆盖检查，并出具各县区、各部门政务公开评估分报告。在日常巡查的基础上，按季度开展政务新媒体专项检查，针对突出问题和日常共性问题，及时督促整改。针对具体问题，创新开展调研式培训、过堂式培训，不断提高全市政务公开工作人员的工作能力和水平。";

pub const HUAIAN_2024_PROBLEMS: &str = "对照上级新要求和公众新期待，还有一些需要加强和改进的地方。主要表现在：一是政策解读质量仍需提升，个别单位政策解读内容简单、形式单一；二是政务公开队伍建设还需进一步加强，个别单位存在人员配备不足、兼职多、流动性过快的问题。\n\
针对存在问题，下一步，我市将着力加强政策解读质效，重点提升解读的针对性和通俗化，探索建立政社合作、多元参与的政策宣传解读模式，开发更多可读、可视、可感的政策解读产品，积极回应企业和群众的实际需求；建立健全“传帮带”机制，对新上岗人员开展“面对面、手把手”指导，定期组织业务培训，全面提升政务公开工作队伍水平，同时加强先进典型宣传和正面激励，增强队伍凝聚力。";

pub const HUAIAN_2024_OTHER: &str = "2024 年，市政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费 3940 元。";

pub const HONGZE_2023_PREAMBLE: &str = "本报告由淮安市洪泽区人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第 711 号）（以下简称《条例》）要求编制此报告。报告中所列数据统计期限自 2023 年 1 月 1 日起至 2023 年 12 月 31 日止。如对本报告有疑问，请与淮安市洪泽区人民政府办公室联系（地址：淮安市洪泽区洪泽湖大道 90号 ， 邮 编 ： 223100 ， 电 话 ： 0517-87222589 ， 电 子 邮 箱 ：hzzwgk@126.com）。";

pub const HONGZE_2023_OVERVIEW: &str = "2023 年，洪泽区人民政府坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《条例》相关规范要求，不断完善政府信息公开制度，建立健全政府信息公开保障机制，始终将政务公开工作摆在重要位置，推进政府信息公开工作规范、有序、健康发展 。\n\
（一）主动公开情况。主要通过政府门户网站主动公开政府文件、项目审批、通知公告等各类政府信息。2023 年，我区在政府网站平台主动公开政府信息 1136 条。\n\
（二）依申请公开情况。进一步规范依申请公开流程，畅通依申请公开受理渠。2023 年全区受理政府信息公开申请 21 件，均在法定期限答复。\n\
（三）政府信息管理情况。\n\
加强区政府门户网站及政务新媒体日常管理，运用第三方检测平台实行常态化监测，执行信息审核发布制度。严格执行“分级审核、先审后发”程序，落实 “三审三校”制度，从严从实把好政治关、法律关、政策关、保密关、文字关，未经审核的信息一律不准发布。\n\
（四）政府信息公开平台建设情况。加强对区政府网站、政务新媒体动态全面监管，按照管理标准定期检查，及时关停整合用户关注度低、更新不及时、无力运维的新媒体账号，将相关功能进行集约整合。同时对存在未及时更新、空白栏目、不良链接等问题进行严格督查，确保公开信息及时准确规范。\n\
（五）政府信息公开监督保障情况。进一步细化分解政府门户网站和政务新媒体内容保障责任单位，形成工作清单，做到任务具体、责任明确，确保政府门户网站和政务新媒体工作有序开展。继续加强对政府网站和政务新媒体的日常维护监管，建立政府网站日常监测机制。";

pub const HONGZE_2023_PROBLEMS: &str = "2023 年，洪泽区政府信息公开工作取得一定的成效，但对照上级要求，仍存在一定差距。如依申请公开工作规范性还有待提高、政务公开内容的深度和广度还有待提升、政务公开队伍建设有待加强等。针对存在问题，下一步，将切实抓好以下工作：一是扎实推进依申请公开工作，全面梳理和优化工作流程、健全工作机制、强化部门协同配合，全面提升政府信息依申请公开规范化、专业化水平。二是围绕区委区政府中心工作，进一步梳理明确政务公开的重点领域，继续优化政务公开、政策解读、关切回应等工作。三是继续加强业务指导培训。实行政府信息公开工作人员跟班学习制度，不断提高各单位政府信息公开工作人员的思想认识和业务工作水平。";

pub const HONGZE_2023_OTHER: &str = "2023 年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费 0 元。";

pub const HONGZE_2024_PREAMBLE: &str = "本报告由淮安市洪泽区人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第 711 号）（以下简称《条例》）要求编制此报告。报告中所列数据统计期限自 2024 年 1 月 1 日起至 2024 年 12 月 31 日止。如对本报告有疑问，请与淮安市洪泽区人民政府办公室联系（地址：淮安市洪泽区洪泽湖大道 90号，邮编：223100，电话：0517-87290606）。";

pub const HONGZE_2024_OVERVIEW: &str = "2024 年，淮安市洪泽区人民政府坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党中央国务院、省委省政府、淮安市委市政府关于全面推进政务公开工作的各项决策部署，围绕区委、区政府中心工作，以完善信息公开制度、推进公开平台建设为抓手，全面推动政务公开工作转职能、增效能、强功能，有力服务保障我区经济社会高质量发展。\n\
（一）主动公开情况。主要通过政府门户网站主动公开政府文件、项目审批、通知公告等各类政府信息。2024 年，我区在政府网站平台主动发布各类政府信息 2428 条，公开政府常务会议 7期，解读信息发布 7 条。\n\
（二）依申请公开情况。根据《条例》和上级部门关于依申请办理的规范要求，强化组织领导、规范办理流程，指导各部门采取自行办理、协同办理、会商办理相结合的工作方式，确保依申请答复工作规范高效。2024 年，区政府办代表区政府受理政府信息公开申请 17 件，均已在法定期限内予以答复。\n\
（三）政府信息管理情况。加强区政府门户网站及政务新媒体日常管理，运用第三方检测平台实行常态化监测，新增信息审核发布报备制度。严格执行“分级审核、先审后发”程序，落实“三审三校”制度，从严从实把好政治关、法律关、政策关、保密关、文字关，未经审核报备的信息一律不准发布。\n\
（四）政府信息公开平台建设情况。加强对区政府网站、政务新媒体动态全面监管，按照政务新媒体管理标准定期检查，对存在未及时更新、不良链接等问题进行严格督查，及时关停整合用户关注度低、更新不及时、无力运维的政务新媒体账号，确保公开信息及时准确规范。\n\
（五）政府信息公开监督保障情况。将政府网站平台信息公开工作纳入全区高质量发展考核内容，促进信息公开工作持续向好。紧盯重要时间节点，保障政务新媒体安全平稳运行，及时转载党中央、国务院重大方针政策。";

pub const HONGZE_2024_PROBLEMS: &str = "2024 年，全区政府信息公开工作虽取得一定成绩，但对照上级要求和群众期盼，仍存在一些不足，主要是：个别部门对复杂申请件的研判能力不足，答复文书规范性有待提升，疑难问题协调处理机制尚需完善，政策解读的形式还不够丰富，政务新媒体运维管理还需加强等。\n\
针对存在问题，2025 年我们将切实抓好以下工作：一是扎实推进依申请公开工作，全面梳理和优化工作流程、健全工作机制、强化部门协同配合，全面提升政府信息依申请公开规范化、专业化水平。二是加强对典型案例的研究、梳理和汇总。不定期更新编制适用性广、操作性强的依申请公开政府信息答复书模板，使各行政机关答复的方式、格式、不予公开依据等更加规范，有效降低行政复议、行政诉讼发生率和纠错率。三是继续加强业务指导培训，实行政府信息公开工作人员跟班学习制度，不断提高各单位政府信息公开工作人员的思想认识和业务工作水平。";

pub const HONGZE_2024_OTHER: &str = "2024 年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费 0 元。";

pub const LAOCHENG_2021_OVERVIEW: &str = "2021年，老城区机关事务服务中心坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻党的十九大和十九届二中、三中、四中、五中、六中全会精神，认真组织学习贯彻《中华人民共和国政府信息公开条例》，同时紧紧围绕区委、区政府中心工作及群众关注关切，着力提升政府信息公开质量，推进拓宽政府信息公开渠道，不断增强政府信息公开实效。\n\
1、主动公开情况：为全面落实政府信息公开要求，我中心进一步扩大政府信息公开的内容和形式，全面梳理和优化工作流程，健全工作机制，进一步做好主动公开工作，2021年，共通过精彩老城主动公开政府信息22条。\n\
2、依申请公开情况：2021年，我中心无依申请公开信息。\n\
3、政府信息管理情况：2021年，中心认真学习贯彻《政府信息公开条例》，紧紧围绕服务工作，规范公开流程，完善各项公开制度，及时发布政府信息，积极做好各项公开工作。中心认真贯彻落实上级工作任务，严格按照政府信息公开工作要求，加强信息公开审查，每次发布公开信息前，均由主管领导审核通过后发布，妥善处理公开与保密的关系，合理界定信息公开范围，做到信息发布积极稳妥。\n\
4、政府信息公开平台建设情况：坚持“公开为常态，不公开为例外”的原则，按照“一查二看三校对”工作法把好信息发布关。通过精彩老城、中心LED电子显示屏和中心宣传公告栏公开政策信息，并落实专人认真做好日常维护工作。\n\
5、监督保障情况：充分发挥内部监督、层级监督的作用，对拟公开的政府信息逐条、逐项进行严格审查，确定信息是否对外公开。对已发布的信息，安排专人定期进行检查，发现涉密内容及不宜公开的事项，及时进行处理。";

pub const LAOCHENG_2021_PROBLEMS: &str = "存在的主要问题有：2021年，我中心积极主动地推动了全年的政府信息公开工作，但与上级的要求相比还存在一些不足和问题，主要表现在思想认识还不到位、公开的主动性有待进一步加强、监督制约机制有待进一步健全完善等。\n\
改进情况：2022年，我中心将结合工作职能，继续加大政务信息公开力度，不断提升政务公开质量和水平。一是大力开展政府信息公开工作知识的学习和培训，增强政府信息公开工作人员法律和责任意识，进一步提高业务能力和工作水平。二是认真贯彻落实区委区政府有关政府信息公开的各项规章制度，进一步规范政府信息公开工作。三是不断完善栏目设置，积极公开社会关注度高、公众利益密切相关的信息，丰富和深化信息公开的内容。";

pub const LAOCHENG_2021_OTHER: &str = "无";

//! The exporters, read back: the .docx through the ZIP reader and a strict
//! XML parser (every label and number in its table cell, merges as the
//! format prints them, GB/T 9704 page and fonts), the .html through the same
//! parser (no script, no event attribute, hostile text escaped), the .txt as
//! bytes (BOM, CRLF, tab-separated rows as in published text versions), the
//! .json read back to the same report. Each on the complete 2024 淮安市
//! report and on a report made to break writers.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;

use common::reports::{hongze_2023, huaian_2024, laocheng_2021, LAOCHENG_LOST_ROWS};
use nianbao::domain::export::json::{from_json, to_json, JsonError};
use nianbao::domain::export::{
    cell_text, default_preamble, docx::to_docx, export, file_name, html::to_html, is_printable,
    preamble_text, txt::to_txt, Format,
};
use nianbao::domain::format::{
    CellId, T2Cell, T3Col, T3Row, T3SubGroup, T4Col, T4Group, SECTIONS, T2_BLOCKS,
    T2_CONTENT_HEADER, T3_APPLICANTS, T3_CORNER, T3_ORGS, T3_RESULTS_GROUP, T4_LITIGATION,
    T4_REVIEW,
};
use nianbao::domain::model::{Preamble, Report, Signature, SCHEMA_VERSION};
use nianbao::domain::zip::{self, Method, ZipError, ZipWriter};
use roxmltree::{Document, Node};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Text made to break writers: markup of every format, entities, quotes,
/// an emoji, control characters and a non-character.
const EVIL: &str = "<script>alert(1)</script><img src=x onerror=alert(2)> </w:t>]]> &amp; \"双引号\" 'single' <a href=\"javascript:alert(3)\">链接</a> 😀 \u{1}控制\u{1F}符\u{7F}\u{FFFF}";

/// `EVIL` as a file shows it: unprintable characters dropped.
fn printable(s: &str) -> String {
    s.chars().filter(|&c| is_printable(c)).collect()
}

fn hostile() -> Report {
    let mut r = {
        let mut r = Report::default();
        r.agency = "市/区:局\\a*b?\"c\"<d>|e\u{1}".into();
        r.year = "2024".into();
        r.preamble = Preamble {
            enabled: true,
            text: EVIL.into(),
            ..Preamble::default()
        };
        r.overview = format!("{EVIL}\n{}", "很".repeat(10_000));
        r.problems = String::new();
        r.other = format!("（一）{EVIL}");
        r.signature = Signature {
            enabled: true,
            agency: EVIL.into(),
            date: "2025年1月20日\u{1}".into(),
            ..Signature::default()
        };
        r
    };
    r.set_cell(CellId::T3(T3Row::Disclosed, T3Col::Natural), EVIL);
    r.set_cell(CellId::T2(T2Cell::Fee), "１，２３４．５０万元");
    // A stated total whose inputs are all empty is printed as stated.
    r.set_stated(CellId::T4(T4Group::Review, T4Col::Total), EVIL);
    r
}

// ---------------------------------------------------------------------------
// Reading a .docx back
// ---------------------------------------------------------------------------

fn parts(docx: &[u8]) -> BTreeMap<String, String> {
    zip::read_entries(docx)
        .expect("the .docx is a readable ZIP")
        .into_iter()
        .map(|(name, data)| {
            let text = String::from_utf8(data).expect("every part is UTF-8");
            (name, text)
        })
        .collect()
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn children<'a, 'i>(n: Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

fn val<'a>(n: Node<'a, '_>, path: &[&str]) -> Option<&'a str> {
    let mut n = n;
    for p in path {
        n = child(n, p)?;
    }
    n.attribute((W, "val"))
}

/// The text of a paragraph, cell or run: its `w:t`, with `w:tab` as a tab.
fn text(n: Node) -> String {
    n.descendants()
        .filter_map(|d| match d.tag_name().name() {
            "t" if d.is_element() => Some(d.text().unwrap_or("").to_owned()),
            "tab" if d.is_element() && d.parent().is_some_and(|p| p.tag_name().name() == "r") => {
                Some("\t".to_owned())
            }
            _ => None,
        })
        .collect()
}

#[derive(Debug)]
struct Tc {
    col: usize,
    span: usize,
    vmerge: Option<String>,
    vertical: Option<String>,
    text: String,
}

#[derive(Debug)]
struct Tr {
    header: bool,
    cant_split: bool,
    /// Every paragraph of the row is kept with the next, which keeps the
    /// row with the next row.
    kept: bool,
    cells: Vec<Tc>,
}

impl Tr {
    fn at(&self, col: usize) -> &Tc {
        self.cells
            .iter()
            .find(|c| c.col == col)
            .unwrap_or_else(|| panic!("no cell starts at column {col}: {self:?}"))
    }
    fn texts(&self, cols: std::ops::Range<usize>) -> Vec<&str> {
        cols.map(|c| self.at(c).text.as_str()).collect()
    }
}

struct Tbl {
    grid: Vec<u32>,
    rows: Vec<Tr>,
}

fn read_table(tbl: Node) -> Tbl {
    let grid = children(child(tbl, "tblGrid").expect("tblGrid"), "gridCol")
        .map(|g| g.attribute((W, "w")).expect("w").parse().expect("number"))
        .collect();
    let rows = children(tbl, "tr")
        .map(|tr| {
            let pr = child(tr, "trPr");
            let mut col = 0;
            let cells = children(tr, "tc")
                .map(|tc| {
                    let pr = child(tc, "tcPr").expect("tcPr");
                    let span = val(pr, &["gridSpan"]).map_or(1, |v| v.parse().expect("span"));
                    // `<w:vMerge/>` without a value means continue.
                    let vmerge = child(pr, "vMerge")
                        .map(|m| m.attribute((W, "val")).unwrap_or("continue").to_owned());
                    let cell = Tc {
                        col,
                        span,
                        vmerge,
                        vertical: val(pr, &["textDirection"]).map(str::to_owned),
                        text: text(tc),
                    };
                    col += span;
                    cell
                })
                .collect();
            let keeps: Vec<bool> = tr
                .descendants()
                .filter(|n| n.has_tag_name((W, "p")))
                .map(|p| {
                    child(p, "pPr")
                        .and_then(|pr| child(pr, "keepNext"))
                        .is_some()
                })
                .collect();
            let kept = keeps.iter().all(|k| *k);
            assert!(kept || !keeps.iter().any(|k| *k), "a row half kept");
            Tr {
                header: pr.and_then(|p| child(p, "tblHeader")).is_some(),
                cant_split: pr.and_then(|p| child(p, "cantSplit")).is_some(),
                kept,
                cells,
            }
        })
        .collect();
    Tbl { grid, rows }
}

fn body<'a, 'i>(doc: &'a Document<'i>) -> Node<'a, 'i> {
    child(doc.root_element(), "body").expect("w:body")
}

fn tables(doc: &Document) -> Vec<Tbl> {
    children(body(doc), "tbl").map(read_table).collect()
}

fn paragraphs<'a, 'i>(doc: &'a Document<'i>) -> Vec<Node<'a, 'i>> {
    children(body(doc), "p").collect()
}

/// The styles of a .docx, to read what a paragraph or run looks like as
/// Word shows it: its own properties, then its character style's, then its
/// paragraph style's (each with the styles it is based on), then the
/// document defaults.
struct Styles<'a, 'i> {
    doc: &'a Document<'i>,
}

impl<'a, 'i> Styles<'a, 'i> {
    fn new(doc: &'a Document<'i>) -> Self {
        Styles { doc }
    }

    fn style(&self, id: &str) -> Node<'a, 'i> {
        self.doc
            .root_element()
            .children()
            .find(|s| s.has_tag_name((W, "style")) && s.attribute((W, "styleId")) == Some(id))
            .unwrap_or_else(|| panic!("style {id} is not defined"))
    }

    fn default_paragraph_style(&self) -> &'a str {
        self.doc
            .root_element()
            .children()
            .find(|s| {
                s.has_tag_name((W, "style"))
                    && s.attribute((W, "type")) == Some("paragraph")
                    && s.attribute((W, "default")) == Some("1")
            })
            .and_then(|s| s.attribute((W, "styleId")))
            .expect("a default paragraph style")
    }

    /// A style and the styles it is based on, nearest first.
    fn based_on(&self, id: &str) -> Vec<Node<'a, 'i>> {
        let mut chain = vec![self.style(id)];
        while let Some(next) = val(chain[chain.len() - 1], &["basedOn"]) {
            assert!(chain.len() < 10, "basedOn loop at {id}");
            chain.push(self.style(next));
        }
        chain
    }

    fn default(&self, which: &str) -> Option<Node<'a, 'i>> {
        let defaults = child(self.doc.root_element(), "docDefaults")?;
        child(child(defaults, &format!("{which}Default"))?, which)
    }

    fn paragraph_style(&self, p: Node) -> String {
        val(p, &["pPr", "pStyle"])
            .unwrap_or(self.default_paragraph_style())
            .to_owned()
    }

    /// The `w:pPr` elements that decide a paragraph's properties.
    fn paragraph_chain<'d>(&self, p: Node<'d, 'i>) -> Vec<Node<'d, 'i>>
    where
        'a: 'd,
    {
        let mut chain: Vec<Node> = child(p, "pPr").into_iter().collect();
        chain.extend(
            self.based_on(&self.paragraph_style(p))
                .into_iter()
                .filter_map(|s| child(s, "pPr")),
        );
        chain.extend(self.default("pPr"));
        chain
    }

    /// The `w:rPr` elements that decide a run's properties.
    fn run_chain<'d>(&self, p: Node<'d, 'i>, r: Node<'d, 'i>) -> Vec<Node<'d, 'i>>
    where
        'a: 'd,
    {
        let mut chain: Vec<Node> = child(r, "rPr").into_iter().collect();
        if let Some(s) = val(r, &["rPr", "rStyle"]) {
            chain.extend(self.based_on(s).into_iter().filter_map(|s| child(s, "rPr")));
        }
        chain.extend(
            self.based_on(&self.paragraph_style(p))
                .into_iter()
                .filter_map(|s| child(s, "rPr")),
        );
        chain.extend(self.default("rPr"));
        chain
    }
}

/// The first value of `attr` on the `element` child along a chain of
/// property elements; for toggles (`w:b`), present without a value is "1".
fn resolved<'a>(chain: &[Node<'a, '_>], element: &str, attr: &str) -> Option<&'a str> {
    chain.iter().find_map(|props| {
        let e = child(*props, element)?;
        match e.attribute((W, attr)) {
            Some(v) => Some(v),
            None if attr == "val" && e.attributes().len() == 0 => Some("1"),
            None => None,
        }
    })
}

/// A run as Word shows it: East Asian font, Latin font, size in
/// half-points.
fn run_look<'a>(
    styles: &Styles<'a, '_>,
    p: Node<'a, '_>,
    r: Node<'a, '_>,
) -> (String, String, String) {
    let chain = styles.run_chain(p, r);
    let get = |e: &str, a: &str| resolved(&chain, e, a).unwrap_or("").to_owned();
    (
        get("rFonts", "eastAsia"),
        get("rFonts", "ascii"),
        get("sz", "val"),
    )
}

/// A paragraph property as Word shows it.
fn para<'a>(
    styles: &Styles<'a, '_>,
    p: Node<'a, '_>,
    element: &str,
    attr: &str,
) -> Option<&'a str> {
    resolved(&styles.paragraph_chain(p), element, attr)
}

/// The text runs of a paragraph.
fn text_runs<'a, 'i>(p: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    children(p, "r")
        .filter(|r| child(*r, "t").is_some())
        .collect()
}

fn huaian_docx() -> (Report, BTreeMap<String, String>) {
    let r = huaian_2024();
    let bytes = to_docx(&r).expect("docx");
    (r, parts(&bytes))
}

/// Twips in a length in mm.
fn mm(twips: f64) -> f64 {
    twips / 1440.0 * 25.4
}

fn number(s: Option<&str>) -> i64 {
    s.and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not a number: {s:?}"))
}

// ---------------------------------------------------------------------------
// .docx
// ---------------------------------------------------------------------------

#[test]
fn docx_is_a_complete_package_of_well_formed_parts() {
    let (_, parts) = huaian_docx();
    let names: Vec<&str> = parts.keys().map(String::as_str).collect();
    for needed in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/settings.xml",
        "word/fontTable.xml",
        "word/footer1.xml",
        "word/footer2.xml",
        "docProps/core.xml",
    ] {
        assert!(names.contains(&needed), "{needed} missing from {names:?}");
    }
    for (name, xml) in &parts {
        Document::parse(xml).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    // Every part but the content types and the relationships has a content
    // type, and every relationship target exists.
    let types = Document::parse(&parts["[Content_Types].xml"]).expect("parse");
    let overrides: Vec<&str> = types
        .descendants()
        .filter_map(|n| n.attribute("PartName"))
        .collect();
    for name in parts
        .keys()
        .filter(|n| n.ends_with(".xml") && !n.starts_with('['))
    {
        assert!(overrides.contains(&format!("/{name}").as_str()), "{name}");
    }
    let rels = Document::parse(&parts["word/_rels/document.xml.rels"]).expect("parse");
    let doc = &parts["word/document.xml"];
    for rel in rels
        .descendants()
        .filter(|n| n.has_tag_name("Relationship"))
    {
        let target = format!("word/{}", rel.attribute("Target").expect("Target"));
        assert!(parts.contains_key(&target), "{target}");
        let id = rel.attribute("Id").expect("Id");
        if target.contains("footer") {
            assert!(doc.contains(&format!("r:id=\"{id}\"")), "{id}");
        }
    }
}

/// The order of the children of each element the writer produces, from
/// the WordprocessingML schema (ECMA-376 Part 1, Transitional); names
/// joined by 「|」 are a choice, in any order. Word refuses a file whose
/// elements are out of order.
const SCHEMA_ORDER: &[(&str, &[&str])] = &[
    ("body", &["p|tbl", "sectPr"]),
    (
        "sectPr",
        &[
            "headerReference",
            "footerReference",
            "footnotePr",
            "endnotePr",
            "type",
            "pgSz",
            "pgMar",
            "paperSrc",
            "pgBorders",
            "lnNumType",
            "pgNumType",
            "cols",
            "formProt",
            "vAlign",
            "noEndnote",
            "titlePg",
            "textDirection",
            "bidi",
            "rtlGutter",
            "docGrid",
        ],
    ),
    ("p", &["pPr", "r"]),
    (
        "pPr",
        &[
            "pStyle",
            "keepNext",
            "keepLines",
            "pageBreakBefore",
            "framePr",
            "widowControl",
            "numPr",
            "suppressLineNumbers",
            "pBdr",
            "shd",
            "tabs",
            "suppressAutoHyphens",
            "kinsoku",
            "wordWrap",
            "overflowPunct",
            "topLinePunct",
            "autoSpaceDE",
            "autoSpaceDN",
            "bidi",
            "adjustRightInd",
            "snapToGrid",
            "spacing",
            "ind",
            "contextualSpacing",
            "mirrorIndents",
            "suppressOverlap",
            "jc",
            "textDirection",
            "textAlignment",
            "textboxTightWrap",
            "outlineLvl",
            "divId",
            "cnfStyle",
            "rPr",
        ],
    ),
    ("r", &["rPr", "t|tab|br|fldChar|instrText"]),
    (
        "rPr",
        &[
            "rStyle",
            "rFonts",
            "b",
            "bCs",
            "i",
            "iCs",
            "caps",
            "smallCaps",
            "strike",
            "dstrike",
            "outline",
            "shadow",
            "emboss",
            "imprint",
            "noProof",
            "snapToGrid",
            "vanish",
            "webHidden",
            "color",
            "spacing",
            "w",
            "kern",
            "position",
            "sz",
            "szCs",
            "highlight",
            "u",
            "effect",
            "bdr",
            "shd",
            "fitText",
            "vertAlign",
            "rtl",
            "cs",
            "em",
            "lang",
        ],
    ),
    ("tbl", &["tblPr", "tblGrid", "tr"]),
    (
        "tblPr",
        &[
            "tblStyle",
            "tblpPr",
            "tblOverlap",
            "bidiVisual",
            "tblStyleRowBandSize",
            "tblStyleColBandSize",
            "tblW",
            "jc",
            "tblCellSpacing",
            "tblInd",
            "tblBorders",
            "shd",
            "tblLayout",
            "tblCellMar",
            "tblLook",
        ],
    ),
    (
        "tblBorders",
        &["top", "left", "bottom", "right", "insideH", "insideV"],
    ),
    ("tblCellMar", &["top", "left", "bottom", "right"]),
    ("tr", &["tblPrEx", "trPr", "tc"]),
    ("tc", &["tcPr", "p|tbl"]),
    (
        "tcPr",
        &[
            "cnfStyle",
            "tcW",
            "gridSpan",
            "hMerge",
            "vMerge",
            "tcBorders",
            "shd",
            "noWrap",
            "tcMar",
            "textDirection",
            "tcFitText",
            "vAlign",
            "hideMark",
        ],
    ),
    ("styles", &["docDefaults", "latentStyles", "style"]),
    ("docDefaults", &["rPrDefault", "pPrDefault"]),
    (
        "style",
        &[
            "name",
            "aliases",
            "basedOn",
            "next",
            "link",
            "autoRedefine",
            "hidden",
            "uiPriority",
            "semiHidden",
            "unhideWhenUsed",
            "qFormat",
            "locked",
            "personal",
            "personalCompose",
            "personalReply",
            "rsid",
            "pPr",
            "rPr",
            "tblPr",
            "trPr",
            "tcPr",
            "tblStylePr",
        ],
    ),
    (
        "font",
        &[
            "altName",
            "panose1",
            "charset",
            "family",
            "notTrueType",
            "pitch",
            "sig",
        ],
    ),
    (
        "settings",
        &[
            "writeProtection",
            "view",
            "zoom",
            "defaultTabStop",
            "evenAndOddHeaders",
            "characterSpacingControl",
            "compat",
        ],
    ),
];

#[test]
fn docx_parts_follow_the_schema_order() {
    for report in [huaian_2024(), hostile(), Report::default()] {
        let parts = parts(&to_docx(&report).expect("docx"));
        for (name, xml) in parts
            .iter()
            .filter(|(n, _)| n.starts_with("word/") && !n.contains("_rels"))
        {
            let doc = Document::parse(xml).expect("parse");
            let mut checked = 0;
            for n in doc.descendants().filter(|n| n.is_element()) {
                let Some((_, order)) = SCHEMA_ORDER.iter().find(|(e, _)| {
                    n.tag_name().namespace() == Some(W) && *e == n.tag_name().name()
                }) else {
                    continue;
                };
                checked += 1;
                let mut last = 0;
                for c in n.children().filter(|c| c.is_element()) {
                    let name_of = c.tag_name().name();
                    let at = order
                        .iter()
                        .position(|o| o.split('|').any(|o| o == name_of))
                        .unwrap_or_else(|| {
                            panic!(
                                "{name}: <w:{name_of}> is not allowed in <w:{}>",
                                n.tag_name().name()
                            )
                        });
                    assert!(
                        at >= last,
                        "{name}: <w:{name_of}> comes too late in <w:{}>",
                        n.tag_name().name()
                    );
                    last = at;
                }
            }
            assert!(checked > 0, "{name}");
        }
    }
}

#[test]
fn docx_page_is_a4_with_gb_t_9704_margins() {
    let (_, parts) = huaian_docx();
    let doc = Document::parse(&parts["word/document.xml"]).expect("parse");
    let sect = child(body(&doc), "sectPr").expect("sectPr");
    let pg = child(sect, "pgSz").expect("pgSz");
    assert_eq!(pg.attribute((W, "w")), Some("11906"));
    assert_eq!(pg.attribute((W, "h")), Some("16838"));
    let m = child(sect, "pgMar").expect("pgMar");
    let margin = |side| m.attribute((W, side)).expect(side);
    assert_eq!(
        [
            margin("top"),
            margin("bottom"),
            margin("left"),
            margin("right")
        ],
        ["2098", "1984", "1587", "1474"]
    );
}

/// The type area (版心) of the document: width and height in twips.
fn type_area(sect: Node) -> (i64, i64) {
    let pg = child(sect, "pgSz").expect("pgSz");
    let m = child(sect, "pgMar").expect("pgMar");
    let a = |n: Node, k: &str| number(n.attribute((W, k)));
    (
        a(pg, "w") - a(m, "left") - a(m, "right"),
        a(pg, "h") - a(m, "top") - a(m, "bottom"),
    )
}

#[test]
fn docx_grid_sets_22_lines_of_28_characters_without_squeezing_runs() {
    let (_, parts) = huaian_docx();
    let doc = Document::parse(&parts["word/document.xml"]).expect("parse");
    let styles_doc = Document::parse(&parts["word/styles.xml"]).expect("parse");
    let styles = Styles::new(&styles_doc);
    let sect = child(body(&doc), "sectPr").expect("sectPr");
    let (width, height) = type_area(sect);
    assert_eq!(
        (mm(width as f64).round(), mm(height as f64).round()),
        (156.0, 225.0)
    );
    let grid = child(sect, "docGrid").expect("docGrid");
    // Lines and characters: Word's 页面设置 shows 「指定行和字符网格」.
    assert_eq!(grid.attribute((W, "type")), Some("linesAndChars"));
    let pitch = number(grid.attribute((W, "linePitch")));
    assert!(22 * pitch <= height && height < 23 * pitch, "{pitch}");
    // The character pitch is the Normal style's East Asian size plus
    // charSpace (in 4096ths of a point): the largest that fits 28 in 156 mm.
    let normal = styles.based_on("Normal");
    let normal_rpr: Vec<Node> = normal.iter().filter_map(|s| child(*s, "rPr")).collect();
    let size = number(resolved(&normal_rpr, "sz", "val"));
    assert_eq!(size, 32, "3号");
    let char_space = number(grid.attribute((W, "charSpace")));
    let char_pitch = size * 4096 / 2 + char_space;
    let width_4096 = width * 4096 / 20;
    assert!(28 * char_pitch <= width_4096, "28 characters fit");
    assert!(
        28 * (char_pitch + 1) > width_4096,
        "and the pitch is the largest that does"
    );
    // The body's line is the grid's.
    let normal_ppr: Vec<Node> = normal.iter().filter_map(|s| child(*s, "pPr")).collect();
    assert_eq!(number(resolved(&normal_ppr, "spacing", "line")), pitch);
    assert_eq!(resolved(&normal_ppr, "spacing", "lineRule"), Some("exact"));
    // No run is squeezed or scaled to make the count.
    for (name, xml) in &parts {
        let d = Document::parse(xml).expect("parse");
        for rpr in d.descendants().filter(|n| n.has_tag_name((W, "rPr"))) {
            for squeeze in ["spacing", "w", "fitText"] {
                assert!(
                    child(rpr, squeeze).is_none(),
                    "{name}: w:{squeeze} in a run"
                );
            }
        }
    }
}

#[test]
fn docx_page_numbers_are_dashes_around_4hao_songti_7mm_below_the_type_area() {
    let (_, parts) = huaian_docx();
    let doc = Document::parse(&parts["word/document.xml"]).expect("parse");
    let styles_doc = Document::parse(&parts["word/styles.xml"]).expect("parse");
    let styles = Styles::new(&styles_doc);
    let sect = child(body(&doc), "sectPr").expect("sectPr");
    // Odd pages carry the number on the right, even pages on the left.
    assert!(parts["word/settings.xml"].contains("<w:evenAndOddHeaders/>"));
    let rels = Document::parse(&parts["word/_rels/document.xml.rels"]).expect("parse");
    let target = |id: &str| -> String {
        let rel = rels
            .descendants()
            .find(|n| n.attribute("Id") == Some(id))
            .expect("relationship");
        format!("word/{}", rel.attribute("Target").expect("Target"))
    };
    let refs: BTreeMap<&str, String> = children(sect, "footerReference")
        .map(|f| {
            let id = f
                .attribute((
                    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                    "id",
                ))
                .expect("id");
            (f.attribute((W, "type")).expect("type"), target(id))
        })
        .collect();
    assert_eq!(refs.len(), 2);
    let margin = child(sect, "pgMar").expect("pgMar");
    let footer_from_bottom = number(margin.attribute((W, "footer")));
    let bottom = number(margin.attribute((W, "bottom")));
    for (kind, side) in [("default", "right"), ("even", "left")] {
        let file = &refs[kind];
        let f = Document::parse(&parts[file]).expect("parse");
        let p = f
            .descendants()
            .find(|n| n.has_tag_name((W, "p")))
            .expect("p");
        // 「— 1 —」: 一字线 (full-width dashes), 半角 digits.
        assert_eq!(text(p), "\u{2014} 1 \u{2014}", "{file}");
        let instr: String = f
            .descendants()
            .filter(|n| n.has_tag_name((W, "instrText")))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(instr.trim(), "PAGE");
        // 4号 宋体, through the 页码 style.
        for r in f.descendants().filter(|n| n.has_tag_name((W, "r"))) {
            assert_eq!(val(r, &["rPr", "rStyle"]), Some("PageNumber"));
            let look = run_look(&styles, p, r);
            assert_eq!(
                (look.0.as_str(), look.1.as_str(), look.2.as_str()),
                ("宋体", "宋体", "28")
            );
            assert_eq!(
                resolved(&styles.run_chain(p, r), "rFonts", "hint"),
                Some("eastAsia"),
                "the dashes take the East Asian font: full width"
            );
        }
        assert_eq!(
            val(styles.style("PageNumber"), &["name"]),
            Some("page number"),
            "Word and WPS show it as 页码"
        );
        assert_eq!(val(styles.style("Footer"), &["name"]), Some("footer"));
        // On the outside edge, one 4号 character in.
        assert_eq!(para(&styles, p, "jc", "val"), Some(side), "{file}");
        assert_eq!(number(para(&styles, p, "ind", side)), 280, "{file}");
        // Off the grid, on a line one character high whose middle (where the
        // dashes are) is 7 mm below the type area.
        assert_eq!(para(&styles, p, "snapToGrid", "val"), Some("0"));
        assert_eq!(para(&styles, p, "spacing", "lineRule"), Some("exact"));
        let line = number(para(&styles, p, "spacing", "line"));
        assert_eq!(line, 280);
        let dash_below = bottom - footer_from_bottom - line / 2;
        assert!(
            (mm(dash_below as f64) - 7.0).abs() < 0.05,
            "{}",
            mm(dash_below as f64)
        );
    }
}

#[test]
fn docx_fonts_have_fallbacks_in_the_font_table() {
    let (_, parts) = huaian_docx();
    let fonts = Document::parse(&parts["word/fontTable.xml"]).expect("parse");
    let alt: BTreeMap<&str, &str> = fonts
        .descendants()
        .filter(|n| n.has_tag_name((W, "font")))
        .map(|f| {
            (
                f.attribute((W, "name")).expect("name"),
                val(f, &["altName"]).expect("every font names a fallback"),
            )
        })
        .collect();
    assert_eq!(alt.get("仿宋_GB2312"), Some(&"仿宋"));
    assert_eq!(alt.get("楷体_GB2312"), Some(&"楷体"));
    assert_eq!(alt.get("方正小标宋简体"), Some(&"宋体"));
    // Every font a style or run names is in the table.
    let styles = Document::parse(&parts["word/styles.xml"]).expect("parse");
    let doc = Document::parse(&parts["word/document.xml"]).expect("parse");
    let mut named = 0;
    for d in [&styles, &doc] {
        for f in d.descendants().filter(|n| n.has_tag_name((W, "rFonts"))) {
            for a in ["eastAsia", "ascii", "hAnsi", "cs"] {
                if let Some(font) = f.attribute((W, a)) {
                    named += 1;
                    assert!(alt.contains_key(font), "{font} not in the font table");
                }
            }
        }
    }
    assert!(named > 10);
}

#[test]
fn readme_names_the_fonts_of_an_exact_page_and_what_windows_shows_instead() {
    let (_, parts) = huaian_docx();
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let fonts = Document::parse(&parts["word/fontTable.xml"]).expect("parse");
    let mut rows = 0;
    for f in fonts.descendants().filter(|n| n.has_tag_name((W, "font"))) {
        let name = f.attribute((W, "name")).expect("name");
        let alt = val(f, &["altName"]).expect("altName");
        // The faces the styles name; their alternates are listed with them.
        if name.is_ascii() || ["仿宋", "楷体"].contains(&name) {
            continue;
        }
        rows += 1;
        assert!(
            readme
                .lines()
                .any(|l| l.starts_with(&format!("| {name} |")) && l.contains(&format!("| {alt} |"))),
            "README.md lacks the row for {name} (shown as {alt} where it is missing)"
        );
    }
    assert_eq!(rows, 5);
}

#[test]
fn docx_paragraphs_take_their_layout_from_named_styles() {
    let (_, parts) = huaian_docx();
    let doc = Document::parse(&parts["word/document.xml"]).expect("parse");
    let styles_doc = Document::parse(&parts["word/styles.xml"]).expect("parse");
    let styles = Styles::new(&styles_doc);
    // The styles, under the names Word and WPS show as 正文, 标题, 标题 1,
    // 标题 2, 表格文字, 页脚, 页码.
    for (id, kind, name) in [
        ("Normal", "paragraph", "Normal"),
        ("Title", "paragraph", "Title"),
        ("Heading1", "paragraph", "heading 1"),
        ("Heading2", "paragraph", "heading 2"),
        ("TableText", "paragraph", "表格文字"),
        ("Footer", "paragraph", "footer"),
        ("Heading2Char", "character", "Heading 2 Char"),
        ("PageNumber", "character", "page number"),
    ] {
        let s = styles.style(id);
        assert_eq!(s.attribute((W, "type")), Some(kind), "{id}");
        assert_eq!(val(s, &["name"]), Some(name), "{id}");
    }
    assert_eq!(styles.default_paragraph_style(), "Normal");
    let look = |id: &str, element: &str, attr: &str| -> Option<String> {
        let chain: Vec<Node> = styles
            .based_on(id)
            .into_iter()
            .flat_map(|s| [child(s, "pPr"), child(s, "rPr")])
            .flatten()
            .chain(styles.default("rPr"))
            .collect();
        resolved(&chain, element, attr).map(str::to_owned)
    };
    let is = |v: &str| Some(v.to_owned());
    // 正文: 3号 仿宋_GB2312, exact 28.95 pt line, two-character indent,
    // justified.
    assert_eq!(look("Normal", "rFonts", "eastAsia"), is("仿宋_GB2312"));
    assert_eq!(look("Normal", "sz", "val"), is("32"));
    assert_eq!(look("Normal", "spacing", "line"), is("579"));
    assert_eq!(look("Normal", "spacing", "lineRule"), is("exact"));
    assert_eq!(look("Normal", "ind", "firstLineChars"), is("200"));
    assert_eq!(look("Normal", "jc", "val"), is("both"));
    // 标题 1 in 黑体, 标题 2 in 楷体, both 3号, not bold, kept with the next
    // paragraph, on outline levels 1 and 2 (the navigation pane).
    for (id, font, level) in [("Heading1", "黑体", "0"), ("Heading2", "楷体_GB2312", "1")] {
        assert_eq!(look(id, "rFonts", "eastAsia"), is(font), "{id}");
        assert_eq!(look(id, "sz", "val"), is("32"), "{id}");
        assert_eq!(look(id, "b", "val"), is("0"), "{id}");
        assert_eq!(look(id, "keepNext", "val"), is("1"), "{id}");
        assert_eq!(look(id, "outlineLvl", "val"), is(level), "{id}");
        assert_eq!(look(id, "spacing", "line"), is("579"), "{id}");
        assert_eq!(look(id, "ind", "firstLineChars"), is("200"), "{id}");
    }
    assert_eq!(
        look("Heading2Char", "rFonts", "eastAsia"),
        is("楷体_GB2312")
    );
    // 标题: 2号 方正小标宋简体, centred, off the grid, a blank line after.
    assert_eq!(look("Title", "rFonts", "eastAsia"), is("方正小标宋简体"));
    assert_eq!(look("Title", "sz", "val"), is("44"));
    assert_eq!(look("Title", "jc", "val"), is("center"));
    assert_eq!(look("Title", "snapToGrid", "val"), is("0"));
    assert_eq!(look("Title", "ind", "firstLine"), is("0"));
    assert_eq!(look("Title", "spacing", "after"), is("579"));
    // 表格文字: 五号 仿宋, centred, no indent, off the grid.
    assert_eq!(look("TableText", "rFonts", "eastAsia"), is("仿宋_GB2312"));
    assert_eq!(look("TableText", "sz", "val"), is("21"));
    assert_eq!(look("TableText", "jc", "val"), is("center"));
    assert_eq!(look("TableText", "ind", "firstLine"), is("0"));
    assert_eq!(look("TableText", "snapToGrid", "val"), is("0"));

    // Paragraphs name a style and carry no layout of their own (a table
    // cell may keep its row with the next or align a label left); runs
    // name at most a character style and the East Asian hint.
    let mut by_style: BTreeMap<String, usize> = BTreeMap::new();
    for p in doc.descendants().filter(|n| n.has_tag_name((W, "p"))) {
        let style = styles.paragraph_style(p);
        styles.style(&style);
        *by_style.entry(style.clone()).or_default() += 1;
        if let Some(ppr) = child(p, "pPr") {
            let allowed: &[&str] = if style == "TableText" {
                &["pStyle", "keepNext", "jc"]
            } else {
                &["pStyle"]
            };
            for c in ppr.children().filter(|c| c.is_element()) {
                assert!(
                    allowed.contains(&c.tag_name().name()),
                    "direct {} on 「{}」",
                    c.tag_name().name(),
                    text(p)
                );
            }
        }
        for r in children(p, "r") {
            let Some(rpr) = child(r, "rPr") else { continue };
            for c in rpr.children().filter(|c| c.is_element()) {
                match c.tag_name().name() {
                    "rStyle" => {
                        styles.style(c.attribute((W, "val")).expect("val"));
                    }
                    "rFonts" => {
                        let attrs: Vec<&str> = c.attributes().map(|a| a.name()).collect();
                        assert_eq!(attrs, ["hint"], "fonts on 「{}」", text(r));
                    }
                    other => panic!("direct {other} on 「{}」", text(r)),
                }
            }
        }
    }
    assert_eq!(by_style["Title"], 1);
    assert_eq!(by_style["Heading1"], 6);
    assert!(by_style["Normal"] > 5, "{by_style:?}");
    assert!(by_style["TableText"] > 300);
}

#[test]
fn docx_title_headings_and_body_follow_the_official_style() {
    let (r, parts) = huaian_docx();
    let doc = Document::parse(&parts["word/document.xml"]).expect("parse");
    let styles_doc = Document::parse(&parts["word/styles.xml"]).expect("parse");
    let styles = Styles::new(&styles_doc);
    let ps = paragraphs(&doc);
    let looks = |p: Node| -> Vec<(String, String, String)> {
        text_runs(p)
            .into_iter()
            .map(|r| run_look(&styles, p, r))
            .collect()
    };
    let look = |east: &str, size: &str| {
        (
            east.to_owned(),
            "Times New Roman".to_owned(),
            size.to_owned(),
        )
    };
    // Title: 2号 方正小标宋简体, centred, broken after the agency.
    let title = ps[0];
    assert_eq!(para(&styles, title, "jc", "val"), Some("center"));
    assert_eq!(text(title), r.title());
    assert_eq!(text(text_runs(title)[0]), "淮安市人民政府");
    assert!(looks(title)
        .iter()
        .all(|l| *l == look("方正小标宋简体", "44")));
    assert!(title.descendants().any(|n| n.has_tag_name((W, "br"))));
    // The preamble is the user's text, a body paragraph.
    assert_eq!(text(ps[1]), r.preamble.text);
    assert_eq!(styles.paragraph_style(ps[1]), "Normal");
    // Headings: 黑体 3号, each on its own paragraph, in order.
    let headings: Vec<&Node> = ps
        .iter()
        .filter(|p| SECTIONS.iter().any(|s| text(**p) == s.heading))
        .collect();
    assert_eq!(headings.len(), 6);
    for (h, s) in headings.iter().zip(&SECTIONS) {
        assert_eq!(text(**h), s.heading);
        assert_eq!(styles.paragraph_style(**h), "Heading1");
        assert!(looks(**h).iter().all(|l| *l == look("黑体", "32")));
        assert_eq!(para(&styles, **h, "keepNext", "val"), Some("1"));
    }
    // Body: fixed 28.95 pt line, two-character indent, 仿宋_GB2312 3号, the
    // 「（一）…。」 lead in 楷体_GB2312.
    let lead = *ps
        .iter()
        .find(|p| text(**p).starts_with("（一）主动公开情况。2024 年"))
        .expect("the （一） paragraph of 一");
    assert_eq!(para(&styles, lead, "spacing", "line"), Some("579"));
    assert_eq!(para(&styles, lead, "spacing", "lineRule"), Some("exact"));
    assert_eq!(para(&styles, lead, "ind", "firstLineChars"), Some("200"));
    let runs = text_runs(lead);
    assert_eq!(text(runs[0]), "（一）主动公开情况。");
    assert_eq!(val(runs[0], &["rPr", "rStyle"]), Some("Heading2Char"));
    assert_eq!(looks(lead)[0], look("楷体_GB2312", "32"));
    assert!(text(runs[1]).starts_with("2024 年，市政府网站"));
    assert_eq!(looks(lead)[1], look("仿宋_GB2312", "32"));
    // A paragraph that is only a 「（一）」 heading is a 标题 2 paragraph.
    let mut short = Report::default();
    short.overview = "（一）主动公开情况\n正文。".into();
    let short = parts_of(&short);
    let short_doc = Document::parse(&short["word/document.xml"]).expect("parse");
    let p = paragraphs(&short_doc)
        .into_iter()
        .find(|p| text(*p) == "（一）主动公开情况")
        .expect("heading paragraph");
    assert_eq!(val(p, &["pPr", "pStyle"]), Some("Heading2"));
    // Every text paragraph of the report is there, in order.
    let all: Vec<String> = ps.iter().map(|p| text(*p)).collect();
    let mut at = 0;
    for para in [&r.overview, &r.problems, &r.other]
        .iter()
        .flat_map(|t| t.split('\n'))
    {
        let found = all[at..]
            .iter()
            .position(|p| p == para)
            .unwrap_or_else(|| panic!("paragraph missing or out of order: {para}"));
        at += found + 1;
    }
}

fn parts_of(r: &Report) -> BTreeMap<String, String> {
    parts(&to_docx(r).expect("docx"))
}

#[test]
fn docx_tables_hold_every_label_and_number_in_its_cell() {
    let (r, parts) = huaian_docx();
    let doc = Document::parse(&parts["word/document.xml"]).expect("parse");
    let t = tables(&doc);
    assert_eq!(t.len(), 3);
    for tbl in &t {
        assert_eq!(
            tbl.grid.iter().sum::<u32>(),
            8845,
            "tables fill the type area"
        );
        for row in &tbl.rows {
            assert!(row.cant_split, "no row splits across pages");
            let width: usize = row.cells.iter().map(|c| c.span).sum();
            assert_eq!(width, tbl.grid.len(), "{row:?}");
        }
    }

    // 二: block label row, header row, value rows.
    let t2 = &t[0];
    assert_eq!(t2.grid.len(), 4);
    let mut i = 0;
    for (b, block) in T2_BLOCKS.iter().enumerate() {
        assert_eq!(t2.rows[i].cells[0].text, block.label);
        assert_eq!(t2.rows[i].cells[0].span, 4);
        let head = &t2.rows[i + 1];
        assert_eq!(head.at(0).text, T2_CONTENT_HEADER);
        let span = 3 / block.columns.len();
        for (c, label) in block.columns.iter().enumerate() {
            assert_eq!(head.at(1 + c * span).text, *label);
            assert_eq!(head.at(1 + c * span).span, span);
        }
        for (row_index, label) in block.rows.iter().enumerate() {
            let row = &t2.rows[i + 2 + row_index];
            assert_eq!(row.at(0).text, *label);
            for cell in T2Cell::ALL {
                let (cb, cr, cc) = cell.position();
                if (cb, cr) == (b, row_index) {
                    assert_eq!(row.at(1 + cc * span).text, cell_text(&r, CellId::T2(cell)));
                }
            }
        }
        i += 2 + block.rows.len();
    }
    assert_eq!(i, t2.rows.len());
    let t2_values: Vec<&str> = t2
        .rows
        .iter()
        .filter(|row| {
            T2_BLOCKS
                .iter()
                .any(|b| b.rows.contains(&row.cells[0].text.as_str()))
        })
        .flat_map(|row| row.cells[1..].iter().map(|c| c.text.as_str()))
        .collect();
    assert_eq!(
        t2_values,
        ["1", "0", "11", "8", "26", "66", "447228", "3985758", "88283", "96171.6"]
    );

    // 三: three header rows, repeated on each page; 25 data rows.
    let t3 = &t[1];
    assert_eq!(t3.grid.len(), 10);
    assert_eq!(t3.rows.len(), 3 + 25);
    let headers: Vec<bool> = t3.rows.iter().map(|r| r.header).collect();
    assert_eq!(headers.iter().filter(|h| **h).count(), 3);
    assert!(headers[..3].iter().all(|h| *h));
    let corner = t3.rows[0].at(0);
    assert_eq!((corner.text.as_str(), corner.span), (T3_CORNER, 3));
    assert_eq!(corner.vmerge.as_deref(), Some("restart"));
    assert_eq!(
        (t3.rows[0].at(3).text.as_str(), t3.rows[0].at(3).span),
        (T3_APPLICANTS, 7)
    );
    for row in 1..3 {
        assert_eq!(t3.rows[row].at(0).vmerge.as_deref(), Some("continue"));
        assert_eq!(t3.rows[row].at(0).span, 3);
    }
    assert_eq!(t3.rows[1].at(3).text, T3Col::Natural.label());
    assert_eq!(t3.rows[1].at(3).vmerge.as_deref(), Some("restart"));
    assert_eq!(
        (t3.rows[1].at(4).text.as_str(), t3.rows[1].at(4).span),
        (T3_ORGS, 5)
    );
    assert_eq!(t3.rows[1].at(9).text, T3Col::Total.label());
    let orgs: Vec<&str> = T3Col::ALL
        .iter()
        .filter(|c| c.is_org())
        .map(|c| c.label())
        .collect();
    assert_eq!(t3.rows[2].texts(4..9), orgs);
    assert_eq!(t3.rows[2].at(3).vmerge.as_deref(), Some("continue"));
    assert_eq!(t3.rows[2].at(9).vmerge.as_deref(), Some("continue"));

    for (i, row) in T3Row::ALL.into_iter().enumerate() {
        let tr = &t3.rows[3 + i];
        let label_col = match (row.in_results(), row.sub_group()) {
            (false, _) => 0,
            (true, None) => 1,
            (true, Some(_)) => 2,
        };
        assert_eq!(tr.at(label_col).text, row.label(), "{row:?}");
        assert_eq!(tr.at(label_col).span, 3 - label_col, "{row:?}");
        let expected: Vec<String> = T3Col::ALL
            .iter()
            .map(|&c| cell_text(&r, CellId::T3(row, c)))
            .collect();
        assert_eq!(tr.texts(3..10), expected, "{row:?}");
    }
    assert_eq!(
        t3.rows[3 + 2].texts(3..10),
        ["1288", "21", "0", "0", "50", "3", "1362"],
        "（一）予以公开"
    );
    assert_eq!(
        t3.rows[3 + 23].texts(3..10),
        ["2932", "53", "0", "0", "61", "4", "3050"],
        "（七）总计"
    );
    // 三、本年度办理结果 spans its 22 rows, in vertical text; each numbered
    // group spans its rows.
    let col_merges = |col: usize| -> Vec<(usize, String, String)> {
        t3.rows
            .iter()
            .enumerate()
            .filter_map(|(i, tr)| {
                let c = tr.cells.iter().find(|c| c.col == col)?;
                Some((i, c.vmerge.clone()?, c.text.clone()))
            })
            .collect()
    };
    let group = col_merges(0);
    let results: Vec<_> = group.iter().filter(|(i, _, _)| *i >= 3).collect();
    assert_eq!(results.len(), 22);
    assert_eq!(results[0].1, "restart");
    assert_eq!(results[0].2, T3_RESULTS_GROUP);
    assert!(results[1..]
        .iter()
        .all(|(_, m, t)| m == "continue" && t.is_empty()));
    assert_eq!(
        t3.rows[results[0].0].at(0).vertical.as_deref(),
        Some("tbRlV")
    );
    let sub = col_merges(1);
    for g in T3SubGroup::ALL {
        let start = sub
            .iter()
            .position(|(_, m, t)| m == "restart" && t == g.label())
            .unwrap_or_else(|| panic!("{g:?}"));
        let n = g.rows().count();
        assert!(
            sub[start + 1..start + n]
                .iter()
                .all(|(_, m, _)| m == "continue"),
            "{g:?}"
        );
        assert!(
            sub.get(start + n).is_none_or(|(_, m, _)| m == "restart"),
            "{g:?}"
        );
    }

    // 四: 行政复议 over 5 columns, 行政诉讼 over 10, 15 numbers.
    let t4 = &t[2];
    assert_eq!(t4.grid.len(), 15);
    assert_eq!(t4.rows.len(), 4);
    assert_eq!(
        (t4.rows[0].at(0).text.as_str(), t4.rows[0].at(0).span),
        (T4_REVIEW, 5)
    );
    assert_eq!(
        (t4.rows[0].at(5).text.as_str(), t4.rows[0].at(5).span),
        (T4_LITIGATION, 10)
    );
    let cols: Vec<&str> = T4Col::ALL.iter().map(|c| c.label()).collect();
    assert_eq!(t4.rows[1].texts(0..5), cols);
    assert!(t4.rows[1].cells[..5]
        .iter()
        .all(|c| c.vmerge.as_deref() == Some("restart")));
    assert_eq!(t4.rows[1].at(5).text, T4Group::DirectSuit.label());
    assert_eq!(t4.rows[1].at(10).text, T4Group::SuitAfterReview.label());
    assert_eq!(t4.rows[2].texts(5..10), cols);
    assert_eq!(t4.rows[2].texts(10..15), cols);
    assert!(t4.rows[..3].iter().all(|r| r.header));
    assert_eq!(
        t4.rows[3].texts(0..15),
        ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"]
    );
}

/// The width of a text in table type (五号, 10.5 pt) in twips: a CJK
/// character 210, anything ASCII at most half of that.
fn table_text_width(s: &str) -> i64 {
    s.chars()
        .map(|c| if c.is_ascii() { 105 } else { 210 })
        .sum()
}

#[test]
fn docx_keeps_merged_labels_and_row_groups_on_one_page() {
    let (_, parts) = huaian_docx();
    let doc = Document::parse(&parts["word/document.xml"]).expect("parse");
    let styles_doc = Document::parse(&parts["word/styles.xml"]).expect("parse");
    let styles = Styles::new(&styles_doc);
    let t = tables(&doc);
    for (n, tbl) in t.iter().enumerate() {
        // No row splits, and every vertically merged label (「三、本年度办理
        // 结果」, 「（三）不予公开」…, the header cells) has its rows kept
        // together, so no page break falls inside it.
        for (i, row) in tbl.rows.iter().enumerate() {
            assert!(row.cant_split, "table {n} row {i}");
            for cell in row
                .cells
                .iter()
                .filter(|c| c.vmerge.as_deref() == Some("restart"))
            {
                let mut last = i;
                while tbl.rows.get(last + 1).is_some_and(|r| {
                    r.cells
                        .iter()
                        .any(|c| c.col == cell.col && c.vmerge.as_deref() == Some("continue"))
                }) {
                    last += 1;
                }
                assert!(last > i, "{}", cell.text);
                for r in i..last {
                    assert!(
                        tbl.rows[r].kept,
                        "table {n}: 「{}」 may break after row {r}",
                        cell.text
                    );
                }
            }
        }
    }
    // Table 二: each block (label, header, rows) stays together.
    let t2 = &t[0];
    let mut i = 0;
    for block in T2_BLOCKS {
        let n = 2 + block.rows.len();
        let kept: Vec<bool> = t2.rows[i..i + n].iter().map(|r| r.kept).collect();
        let mut expected = vec![true; n];
        expected[n - 1] = false;
        assert_eq!(kept, expected, "{}", block.label);
        i += n;
    }
    // Table 三 is one chain: when it does not fit the rest of a page it
    // starts the next one, whole, with its heading (kept with the next
    // paragraph).
    let t3 = &t[1];
    let kept: Vec<bool> = t3.rows.iter().map(|r| r.kept).collect();
    let mut expected = vec![true; t3.rows.len()];
    expected[t3.rows.len() - 1] = false;
    assert_eq!(kept, expected);
    assert!(t3.rows[..3].iter().all(|r| r.header));
    // The chain, under its heading, fits the type area (an upper bound of
    // its height: every line of 表格文字 as the style sets it, a wrapped label a character
    // longer than it is, 1 pt of border a row), so Word never has to
    // break it.
    let tbl3 = children(body(&doc), "tbl").nth(1).expect("table 三");
    let any_p = tbl3
        .descendants()
        .find(|n| n.has_tag_name((W, "p")))
        .expect("p");
    assert_eq!(styles.paragraph_style(any_p), "TableText");
    let line = number(para(&styles, any_p, "spacing", "line"));
    let margin = 2 * 57;
    let row_height = |row: &Tr| -> i64 {
        let lines = row
            .cells
            .iter()
            .filter(|c| c.vmerge.is_none() && c.vertical.is_none())
            .map(|c| {
                let width: i64 = t3.grid[c.col..c.col + c.span]
                    .iter()
                    .map(|w| i64::from(*w))
                    .sum();
                let avail = width - margin;
                let text = table_text_width(&c.text);
                if text <= avail {
                    1
                } else {
                    (text + 210 + avail - 1) / avail
                }
            })
            .max()
            .unwrap_or(1);
        lines * line + 20
    };
    // The header's merged cells need their rows' height too.
    let corner = &t3.rows[0].cells[0];
    let corner_width: i64 = t3.grid[..3].iter().map(|w| i64::from(*w)).sum::<i64>() - margin;
    let header = t3.rows[..3]
        .iter()
        .map(row_height)
        .sum::<i64>()
        .max((table_text_width(&corner.text) / corner_width + 2) * line);
    let results: i64 = t3.rows[3..].iter().map(row_height).sum();
    let heading = 579;
    let sect = child(body(&doc), "sectPr").expect("sectPr");
    let (_, height) = type_area(sect);
    assert!(
        heading + header + results <= height,
        "heading {heading} + header {header} + rows {results} twips > {height}"
    );
}

/// The 落款 of a report: each line's text, right indent in hundredths of a
/// grid character and in twips, blank space above, alignment.
fn signature_of(r: &Report) -> Vec<(String, i64, i64, i64, String)> {
    let parts = parts_of(r);
    let doc = Document::parse(&parts["word/document.xml"]).expect("parse");
    let styles_doc = Document::parse(&parts["word/styles.xml"]).expect("parse");
    let styles = Styles::new(&styles_doc);
    let ps = paragraphs(&doc);
    // Never alone on a page: the last paragraph of the text and the agency
    // are kept with the next.
    for p in &ps[ps.len() - 3..ps.len() - 1] {
        assert_eq!(
            para(&styles, *p, "keepNext", "val"),
            Some("1"),
            "{}",
            text(*p)
        );
    }
    ps[ps.len() - 2..]
        .iter()
        .map(|p| {
            assert_eq!(para(&styles, *p, "ind", "firstLine"), Some("0"));
            (
                text(*p),
                number(para(&styles, *p, "ind", "rightChars")),
                number(para(&styles, *p, "ind", "right")),
                number(para(&styles, *p, "spacing", "before")),
                para(&styles, *p, "jc", "val").unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// A text's width in characters (ASCII is half a character).
fn chars_wide(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

#[test]
fn docx_signature_is_unsealed_by_default_and_sealed_on_request() {
    assert!(!Signature::default().sealed);
    // A file from before the choice existed reads as unsealed.
    let old = from_json(
        "{\"signature\": {\"enabled\": true, \"agency\": \"某局\", \"date\": \"2025年1月20日\"}}"
            .as_bytes(),
    )
    .expect("old file");
    assert!(old.signature.enabled && !old.signature.sealed);
    let parts = parts_of(&old);
    let grid = Document::parse(&parts["word/document.xml"]).expect("parse");
    let grid = grid
        .descendants()
        .find(|n| n.has_tag_name((W, "docGrid")))
        .expect("docGrid")
        .attribute((W, "charSpace"))
        .map(|c| number(Some(c)))
        .expect("charSpace");
    // One grid character in twips.
    let pitch = (32 * 4096 / 2 + grid) as f64 * 20.0 / 4096.0;
    for (agency, date) in [
        // The agency longer than the date, and the other way round.
        ("淮安市人民政府办公室", "2025年1月20日"),
        ("某局", "2025年12月31日"),
    ] {
        for sealed in [false, true] {
            let mut r = Report::default();
            r.agency = "淮安市人民政府".into();
            r.other = "本年度无其他需要报告的事项。".into();
            r.signature = Signature {
                enabled: true,
                agency: agency.into(),
                date: date.into(),
                sealed,
            };
            let lines = signature_of(&r);
            let case = format!("{agency} / {date}, sealed: {sealed}");
            assert_eq!(lines[0].0, agency, "{case}");
            assert_eq!(lines[1].0, date, "{case}");
            for l in &lines {
                assert_eq!(l.4, "right", "{case}");
                let twips = l.1 as f64 / 100.0 * pitch;
                assert!((l.2 as f64 - twips).abs() <= 1.0, "{case}: {l:?}");
            }
            let right = |i: usize| lines[i].1 as f64 / 100.0;
            // Where each line starts, in characters from the left margin.
            let start = |i: usize| 28.0 - right(i) - chars_wide(&lines[i].0);
            if sealed {
                // §7.3.5.1: room for the seal, the date 右空四字, the agency
                // centred over it.
                assert_eq!(lines[0].3, 2 * 579, "{case}");
                assert_eq!(right(1), 4.0, "{case}");
                let centre = |i: usize| right(i) + chars_wide(&lines[i].0) / 2.0;
                assert!((centre(0) - centre(1)).abs() <= 0.25, "{case}");
            } else {
                // §7.3.5.2: one blank line, 右空二字, the date starting two
                // characters right of the agency.
                assert_eq!(lines[0].3, 579, "{case}");
                assert_eq!(start(1) - start(0), 2.0, "{case}");
                assert_eq!(right(0).min(right(1)), 2.0, "{case}");
            }
        }
    }
}

#[test]
fn docx_prints_derived_totals_over_wrong_stated_ones() {
    // 洪泽区 2023 published 复议 总计 0 for 10 + 1 + 0 + 0.
    let r = hongze_2023();
    assert_eq!(r.cell(CellId::T4(T4Group::Review, T4Col::Total)), "0");
    let parts = parts(&to_docx(&r).expect("docx"));
    let doc = Document::parse(&parts["word/document.xml"]).expect("parse");
    let t = tables(&doc);
    assert_eq!(t[2].rows[3].at(4).text, "11");
}

#[test]
fn docx_of_a_hostile_report_is_valid_and_keeps_the_text() {
    let r = hostile();
    let bytes = to_docx(&r).expect("docx");
    let parts = parts(&bytes);
    for (name, xml) in &parts {
        Document::parse(xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!xml.contains('\u{1}'), "{name}");
    }
    let doc = Document::parse(&parts["word/document.xml"]).expect("parse");
    let texts: Vec<String> = paragraphs(&doc).iter().map(|p| text(*p)).collect();
    let evil = printable(EVIL);
    assert_eq!(texts[0], printable(&r.title()));
    assert_eq!(texts[1], evil, "the preamble");
    assert!(texts.contains(&"很".repeat(10_000)));
    assert!(texts.contains(&format!("（一）{evil}")));
    assert!(texts.contains(&evil), "the signature");
    assert!(texts.contains(&"2025年1月20日".to_owned()));
    let t = tables(&doc);
    assert_eq!(t[1].rows[3 + 2].at(3).text, evil);
    assert_eq!(t[0].rows[t[0].rows.len() - 1].at(1).text, "1234.50");
    assert_eq!(t[2].rows[3].at(4).text, evil);
    let core = Document::parse(&parts["docProps/core.xml"]).expect("parse");
    let title = core
        .descendants()
        .find(|n| n.tag_name().name() == "title")
        .and_then(|n| n.text())
        .expect("dc:title");
    assert_eq!(title, printable(&r.title()));
}

#[test]
fn docx_of_an_empty_report_is_valid() {
    let r = Report::default();
    let parts = parts(&to_docx(&r).expect("docx"));
    let doc = Document::parse(&parts["word/document.xml"]).expect("parse");
    let t = tables(&doc);
    assert_eq!(t.len(), 3);
    assert!(t[1].rows[3..]
        .iter()
        .all(|row| row.texts(3..10).iter().all(|s| s.is_empty())));
    // Every cell, empty or not, has a paragraph (Word requires one).
    for tc in doc.descendants().filter(|n| n.has_tag_name((W, "tc"))) {
        assert!(child(tc, "p").is_some());
    }
}

#[test]
fn exports_are_deterministic() {
    let r = huaian_2024();
    for f in Format::ALL {
        assert_eq!(
            export(&r, f).expect("export"),
            export(&r, f).expect("export"),
            "{f:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// .html
// ---------------------------------------------------------------------------

/// Checks the page is well-formed and has nothing active or external.
fn assert_inert(html: &str) -> Document<'_> {
    let doc = Document::parse_with_options(
        html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        },
    )
    .expect("the page is well-formed");
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"));
    assert!(!lower.contains("<iframe"));
    assert!(!lower.contains("@import"));
    assert!(!lower.contains("url("));
    for n in doc.descendants().filter(|n| n.is_element()) {
        let name = n.tag_name().name();
        assert!(
            !["script", "iframe", "object", "embed", "img", "a", "link", "form", "base"]
                .contains(&name),
            "{name}"
        );
        for a in n.attributes() {
            assert!(!a.name().to_lowercase().starts_with("on"), "{}", a.name());
            assert!(
                !["src", "href", "action", "srcset"].contains(&a.name()),
                "{}",
                a.name()
            );
            assert!(!a.value().to_lowercase().contains("javascript:"));
        }
    }
    doc
}

fn element_text(n: Node) -> String {
    n.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect()
}

#[test]
fn html_has_the_report_in_the_printed_structure() {
    let r = huaian_2024();
    let html = to_html(&r);
    let doc = assert_inert(&html);
    let find =
        |tag: &str| -> Vec<Node> { doc.descendants().filter(|n| n.has_tag_name(tag)).collect() };
    assert_eq!(element_text(find("title")[0]), r.title());
    assert_eq!(element_text(find("h1")[0]), r.title());
    let h2: Vec<String> = find("h2").into_iter().map(element_text).collect();
    let headings: Vec<&str> = SECTIONS.iter().map(|s| s.heading).collect();
    assert_eq!(h2, headings);
    let ps: Vec<String> = find("p").into_iter().map(element_text).collect();
    assert_eq!(ps[0], r.preamble.text);
    for para in [&r.overview, &r.problems, &r.other]
        .iter()
        .flat_map(|t| t.split('\n'))
    {
        assert!(ps.iter().any(|p| p == para), "{para}");
    }
    let lead = find("span")
        .into_iter()
        .find(|s| s.attribute("class") == Some("lead"))
        .expect("a 楷体 lead");
    assert_eq!(element_text(lead), "（一）主动公开情况。");
    // The style is inline and prints A4.
    let style = element_text(find("style")[0]);
    assert!(style.contains("size: A4"));
    assert!(style.contains("仿宋_GB2312"));

    let tables = find("table");
    assert_eq!(tables.len(), 3);
    let rows_of = |t: Node| -> Vec<Vec<(String, String, String)>> {
        t.descendants()
            .filter(|n| n.has_tag_name("tr"))
            .map(|tr| {
                tr.children()
                    .filter(|c| c.is_element())
                    .map(|c| {
                        (
                            element_text(c),
                            c.attribute("rowspan").unwrap_or("1").to_owned(),
                            c.attribute("colspan").unwrap_or("1").to_owned(),
                        )
                    })
                    .collect()
            })
            .collect()
    };
    let t3 = rows_of(tables[1]);
    let cell = |row: usize, text: &str| {
        t3[row]
            .iter()
            .find(|c| c.0 == text)
            .cloned()
            .unwrap_or_else(|| panic!("{text} not in row {row}: {:?}", t3[row]))
    };
    let span = |c: (String, String, String)| (c.1, c.2);
    let s = |a: &str, b: &str| (a.to_owned(), b.to_owned());
    assert_eq!(span(cell(0, T3_CORNER)), s("3", "3"));
    assert_eq!(span(cell(0, T3_APPLICANTS)), s("1", "7"));
    assert_eq!(span(cell(1, T3_ORGS)), s("1", "5"));
    assert_eq!(span(cell(1, "自然人")), s("2", "1"));
    assert_eq!(span(cell(5, T3_RESULTS_GROUP)), s("22", "1"));
    let spans: Vec<String> = T3SubGroup::ALL
        .iter()
        .map(|g| {
            t3.iter()
                .flatten()
                .find(|c| c.0 == g.label())
                .map(|c| c.1.clone())
                .expect("group label")
        })
        .collect();
    assert_eq!(spans, ["8", "3", "5", "3"]);
    let disclosed = &t3[5];
    let numbers: Vec<&str> = disclosed[disclosed.len() - 7..]
        .iter()
        .map(|c| c.0.as_str())
        .collect();
    assert_eq!(numbers, ["1288", "21", "0", "0", "50", "3", "1362"]);
    assert_eq!(t3.len(), 28);
    let thead_rows = tables[1]
        .descendants()
        .find(|n| n.has_tag_name("thead"))
        .map(|t| t.children().filter(|c| c.has_tag_name("tr")).count());
    assert_eq!(thead_rows, Some(3));
    let t4 = rows_of(tables[2]);
    let numbers: Vec<&str> = t4[3].iter().map(|c| c.0.as_str()).collect();
    assert_eq!(
        numbers,
        ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"]
    );
    assert_eq!(
        (t4[0][1].0.as_str(), t4[0][1].2.as_str()),
        (T4_LITIGATION, "10")
    );
}

#[test]
fn html_keeps_rows_together_as_the_docx_does() {
    let r = huaian_2024();
    let docx = parts_of(&r);
    let docx = Document::parse(&docx["word/document.xml"]).expect("parse");
    let html = to_html(&r);
    let doc = assert_inert(&html);
    let html_tables: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("table"))
        .collect();
    let docx_tables = tables(&docx);
    assert_eq!(html_tables.len(), docx_tables.len());
    for (h, d) in html_tables.iter().zip(&docx_tables) {
        // The .docx's chains of rows kept together: the header rows, then
        // each run of kept rows with the row after it.
        let headers = d.rows.iter().take_while(|r| r.header).count();
        let mut chains = Vec::new();
        let mut n = 0;
        for row in &d.rows[headers..] {
            n += 1;
            if !row.kept {
                chains.push(n);
                n = 0;
            }
        }
        let groups = |tag: &str| -> Vec<usize> {
            h.children()
                .filter(|c| c.has_tag_name(tag))
                .map(|g| g.children().filter(|r| r.has_tag_name("tr")).count())
                .collect()
        };
        assert_eq!(groups("thead").iter().sum::<usize>(), headers);
        assert_eq!(groups("tbody"), chains);
    }
    // Table 三 is one group of 25 rows.
    assert!(html_tables[1]
        .children()
        .filter(|c| c.has_tag_name("tbody"))
        .any(|g| g.children().filter(|r| r.has_tag_name("tr")).count() == 25));
    // The style keeps a group on one page and prints 「— 1 —」 in the page
    // margin, right on odd pages and left on even ones.
    let style = element_text(
        doc.descendants()
            .find(|n| n.has_tag_name("style"))
            .expect("style"),
    );
    assert!(style.contains(".report-doc tr, .report-doc tbody { break-inside: avoid;"));
    for (page, box_) in [(":right", "@bottom-right"), (":left", "@bottom-left")] {
        let rule = style
            .split("@page ")
            .find(|r| r.starts_with(page))
            .unwrap_or_else(|| panic!("@page {page}"));
        assert!(rule.contains(box_), "{page}");
        assert!(
            rule.contains("content: \"\u{2014} \" counter(page) \" \u{2014}\""),
            "{page}"
        );
        assert!(rule.contains("font-size: 14pt"), "4号");
    }
}

#[test]
fn html_signature_is_laid_out_sealed_or_unsealed() {
    for sealed in [false, true] {
        let mut r = Report::default();
        r.agency = "某局".into();
        r.signature = Signature {
            enabled: true,
            date: "2025年1月20日".into(),
            sealed,
            ..Signature::default()
        };
        let html = to_html(&r);
        let doc = assert_inert(&html);
        let sig = doc
            .descendants()
            .find(|n| {
                n.attribute("class")
                    .is_some_and(|c| c.starts_with("signature"))
            })
            .expect("signature");
        let layout = if sealed {
            "signature sealed"
        } else {
            "signature unsealed"
        };
        assert_eq!(sig.attribute("class"), Some(layout));
        let lines: Vec<(Option<&str>, String)> = sig
            .children()
            .filter(|c| c.has_tag_name("p"))
            .map(|p| (p.attribute("class"), element_text(p)))
            .collect();
        assert_eq!(
            lines,
            [
                (Some("agency"), "某局".to_owned()),
                (Some("date"), "2025年1月20日".to_owned())
            ]
        );
    }
}

#[test]
fn html_escapes_hostile_text() {
    let r = hostile();
    let html = to_html(&r);
    let doc = assert_inert(&html);
    let evil = printable(EVIL);
    assert!(!html.contains(EVIL) && !html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;双引号&quot; &#39;single&#39;"));
    assert!(html.contains("&amp;amp;"));
    assert!(!html.contains('\u{1}') && !html.contains('\u{7F}'));
    let ps: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("p"))
        .map(element_text)
        .collect();
    assert_eq!(ps[0], evil);
    assert!(ps.contains(&"很".repeat(10_000)));
    assert!(ps.contains(&format!("（一）{evil}")));
    let title = doc
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .map(element_text);
    assert_eq!(title, Some(printable(&r.title())));
    let tds: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("td"))
        .map(element_text)
        .collect();
    assert!(tds.contains(&evil));
}

// ---------------------------------------------------------------------------
// .txt
// ---------------------------------------------------------------------------

fn txt_lines(bytes: &[u8]) -> Vec<String> {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let s = std::str::from_utf8(&bytes[3..]).expect("UTF-8");
    assert!(s.ends_with("\r\n"));
    let without_crlf = s.replace("\r\n", "");
    assert!(
        !without_crlf.contains('\n') && !without_crlf.contains('\r'),
        "CRLF only"
    );
    s.split("\r\n").map(str::to_owned).collect()
}

#[test]
fn txt_has_the_published_text_layout() {
    let r = huaian_2024();
    let lines = txt_lines(&to_txt(&r));
    assert_eq!(lines[0], r.title());
    assert_eq!(lines[1], "");
    assert_eq!(lines[2], r.preamble.text);
    for s in &SECTIONS {
        let i = lines
            .iter()
            .position(|l| l == s.heading)
            .expect("heading line");
        assert_eq!(lines[i + 1], "", "blank line after {}", s.heading);
    }
    for para in [&r.overview, &r.problems, &r.other]
        .iter()
        .flat_map(|t| t.split('\n'))
    {
        let i = lines
            .iter()
            .position(|l| l == para)
            .expect("paragraph line");
        assert_eq!(lines[i + 1], "");
    }
    let t3_row = |label: &str| -> Vec<String> {
        lines
            .iter()
            .find(|l| l.split('\t').any(|c| c == label))
            .unwrap_or_else(|| panic!("{label}"))
            .split('\t')
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        t3_row(T3Row::Disclosed.label()),
        [
            T3_RESULTS_GROUP,
            T3Row::Disclosed.label(),
            "",
            "1288",
            "21",
            "0",
            "0",
            "50",
            "3",
            "1362"
        ]
    );
    assert_eq!(
        t3_row(T3Row::Refused1.label()),
        [
            "",
            T3SubGroup::Refused.label(),
            T3Row::Refused1.label(),
            "2",
            "0",
            "0",
            "0",
            "0",
            "0",
            "2"
        ]
    );
    assert_eq!(
        t3_row(T3Row::Refused2.label()),
        [
            "",
            "",
            T3Row::Refused2.label(),
            "30",
            "1",
            "0",
            "0",
            "0",
            "0",
            "31"
        ]
    );
    assert_eq!(
        t3_row(T3Row::New.label()),
        [
            T3Row::New.label(),
            "",
            "",
            "3001",
            "53",
            "0",
            "0",
            "61",
            "4",
            "3119"
        ]
    );
    // Every row of table 三 has its ten cells.
    let start = lines
        .iter()
        .position(|l| l.starts_with(T3_CORNER))
        .expect("corner");
    for l in &lines[start..start + 28] {
        assert_eq!(l.split('\t').count(), 10, "{l}");
    }
    assert_eq!(lines[start + 28], "");
    let t4 = lines
        .iter()
        .find(|l| l.starts_with("72\t"))
        .expect("table 四 values");
    assert_eq!(t4, "72\t64\t178\t37\t351\t13\t4\t8\t1\t26\t12\t1\t1\t6\t20");
    let fee = lines
        .iter()
        .find(|l| l.starts_with("行政事业性收费\t"))
        .expect("fee");
    assert_eq!(fee, "行政事业性收费\t96171.6\t\t");
}

#[test]
fn txt_tables_match_the_published_laocheng_text() {
    // The seed report's web page as text: its tables 二 and 四 are laid out
    // exactly like ours (its fee header has the agency's own note).
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/reports/2021_laocheng-jiguan-shiwu.txt"
    );
    let published = std::fs::read_to_string(path).expect("shared/reports beside the repository");
    let published: Vec<&str> = published.lines().collect();
    let r = laocheng_2021();
    let ours = txt_lines(&to_txt(&r));
    assert!(published.contains(&ours[0].as_str()), "the title");
    let from = ours
        .iter()
        .position(|l| l == SECTIONS[1].heading)
        .expect("二");
    let to = ours
        .iter()
        .position(|l| l == SECTIONS[2].heading)
        .expect("三");
    let mut compared = 0;
    for l in &ours[from..to] {
        if l.starts_with("信息内容\t本年收费金额") {
            continue;
        }
        assert!(
            published.contains(&l.as_str()),
            "{l:?} not in the published text"
        );
        compared += 1;
    }
    assert_eq!(compared, 1 + 1 + 13 + 1);
    let from = ours
        .iter()
        .position(|l| l == SECTIONS[3].heading)
        .expect("四");
    for l in &ours[from..from + 6] {
        assert!(
            published.contains(&l.as_str()),
            "{l:?} not in the published text"
        );
    }
    // The rows that lost their numbers are printed empty, not as 0.
    for row in LAOCHENG_LOST_ROWS {
        let line = ours
            .iter()
            .find(|l| l.split('\t').any(|c| c == row.label()))
            .expect("row");
        assert!(line.ends_with("\t\t\t\t\t\t\t"), "{line}");
    }
}

#[test]
fn txt_of_a_hostile_report_keeps_lines_and_columns() {
    let r = hostile();
    let lines = txt_lines(&to_txt(&r));
    let evil = printable(EVIL);
    assert_eq!(lines[0], printable(&r.title()));
    assert!(lines.contains(&evil));
    assert!(!lines.iter().any(|l| l.contains('\u{1}')));
    let start = lines
        .iter()
        .position(|l| l.starts_with(T3_CORNER))
        .expect("corner");
    for l in &lines[start..start + 28] {
        assert_eq!(l.split('\t').count(), 10, "{l}");
    }
    assert!(lines.contains(&"2025年1月20日".to_owned()));
    // An empty section is its heading and a blank line.
    let i = lines
        .iter()
        .position(|l| l == SECTIONS[4].heading)
        .expect("五");
    assert_eq!(lines[i + 1..i + 3], ["", SECTIONS[5].heading]);
}

// ---------------------------------------------------------------------------
// .json
// ---------------------------------------------------------------------------

#[test]
fn json_round_trips_exactly() {
    for r in [
        huaian_2024(),
        hongze_2023(),
        laocheng_2021(),
        hostile(),
        Report::default(),
    ] {
        let json = to_json(&r).expect("json");
        assert_eq!(from_json(json.as_bytes()), Ok(r.clone()));
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), json.as_bytes()].concat();
        assert_eq!(from_json(&with_bom), Ok(r));
    }
    let json = to_json(&huaian_2024()).expect("json");
    assert!(
        json.starts_with("{\n  \"schema\": 1,"),
        "pretty, schema first"
    );
    assert!(json.contains("\"t3.disclosed.natural\": \"1288\""));
    assert!(json.contains("\"t3.disclosed.total\": \"1362\""));
}

#[test]
fn json_refuses_other_files() {
    let newer = format!("{{\"schema\": {}}}", SCHEMA_VERSION + 1);
    assert_eq!(
        from_json(newer.as_bytes()),
        Err(JsonError::NewerSchema(u64::from(SCHEMA_VERSION) + 1))
    );
    assert!(matches!(from_json(b"[1, 2]"), Err(JsonError::Invalid(_))));
    assert!(matches!(
        from_json(b"{\"cells\": {\"t9.x\": \"1\"}}"),
        Err(JsonError::Invalid(_))
    ));
    assert!(matches!(from_json(b"not json"), Err(JsonError::Invalid(_))));
    assert!(matches!(from_json(b""), Err(JsonError::Invalid(_))));
    // A report saved again in GBK by an editor: said in words, not a
    // parser's byte offset.
    let gbk = b"{\"agency\": \"\xba\xe9\xd4\xf3\xc7\xf8\"}";
    assert_eq!(
        from_json(gbk),
        Err(JsonError::Invalid("文件不是UTF-8编码的文字".to_owned()))
    );
}

// ---------------------------------------------------------------------------
// What every format prints
// ---------------------------------------------------------------------------

#[test]
fn cells_print_derived_totals_canonical_numbers_or_text_as_typed() {
    let r = huaian_2024();
    assert_eq!(
        cell_text(&r, CellId::T3(T3Row::Total, T3Col::Total)),
        "3050"
    );
    let mut r = Report::default();
    let natural = CellId::T3(T3Row::New, T3Col::Natural);
    r.set_cell(natural, "１，２３４件");
    r.set_cell(CellId::T3(T3Row::New, T3Col::Business), "12a");
    assert_eq!(cell_text(&r, natural), "1234");
    assert_eq!(
        cell_text(&r, CellId::T3(T3Row::New, T3Col::Business)),
        "12a"
    );
    assert_eq!(cell_text(&r, CellId::T3(T3Row::New, T3Col::Total)), "1234");
    assert_eq!(
        cell_text(&r, CellId::T3(T3Row::CarriedIn, T3Col::Total)),
        ""
    );
    r.set_stated(CellId::T3(T3Row::CarriedIn, T3Col::Total), " 3,050 ");
    assert_eq!(
        cell_text(&r, CellId::T3(T3Row::CarriedIn, T3Col::Total)),
        "3050"
    );
    // A stated total is not printed when the app can derive one.
    r.set_stated(CellId::T3(T3Row::New, T3Col::Total), "9");
    assert_eq!(cell_text(&r, CellId::T3(T3Row::New, T3Col::Total)), "1234");
}

#[test]
fn default_preamble_names_office_period_and_contacts() {
    let mut r = huaian_2024();
    r.preamble.text.clear();
    assert_eq!(
        default_preamble(&r),
        "本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求编制。报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。如对本报告有疑问，请与淮安市人民政府办公室联系（地址：淮安市翔宇南道1号，邮编：223001，电话：0517-83605210，电子邮箱：hazwgkc@163.com）。"
    );
    assert_eq!(preamble_text(&r), Some(default_preamble(&r)));
    r.preamble.office.clear();
    r.preamble.address.clear();
    r.preamble.postcode.clear();
    r.preamble.email.clear();
    assert!(default_preamble(&r).starts_with("本报告由淮安市人民政府根据"));
    assert!(default_preamble(&r).ends_with("请与淮安市人民政府联系（电话：0517-83605210）。"));
    r.preamble.phone.clear();
    assert!(default_preamble(&r).ends_with("请与淮安市人民政府联系。"));
    r.preamble.enabled = false;
    assert_eq!(preamble_text(&r), None);
    let empty = Report::default();
    assert_eq!(
        default_preamble(&empty),
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求编制。"
    );
}

#[test]
fn file_names_are_safe() {
    let r = laocheng_2021();
    assert_eq!(
        file_name(&r, "docx"),
        "老城区机关事务服务中心2021年政府信息公开工作年度报告.docx"
    );
    let name = file_name(&hostile(), "html");
    assert_eq!(
        name,
        "市_区_局_a_b_c_d_e2024年政府信息公开工作年度报告.html"
    );
    let fallback = {
        let mut r = Report::default();
        r.year = "2024".into();
        r.agency = " /// ".into();
        r
    };
    assert_eq!(
        file_name(&fallback, "txt"),
        "2024年政府信息公开工作年度报告.txt"
    );
    assert_eq!(
        file_name(&Report::default(), ".j/son"),
        "政府信息公开工作年度报告.json"
    );
    let long = {
        let mut r = Report::default();
        r.agency = "很长的单位名称（试点）·A-1_".repeat(20);
        r.year = "2024年".into();
        r
    };
    let name = file_name(&long, "docx");
    assert!(name.len() < 200, "{}", name.len());
    assert!(name.starts_with("很长的单位名称（试点）·A-1_很长"));
    assert!(name.ends_with("2024年政府信息公开工作年度报告.docx"));
    for r in [hostile(), long, huaian_2024()] {
        let n = file_name(&r, "docx");
        assert!(
            !n.chars()
                .any(|c| "<>:\"/\\|?*".contains(c) || c.is_control()),
            "{n}"
        );
    }
}

// ---------------------------------------------------------------------------
// The ZIP reader on junk
// ---------------------------------------------------------------------------

/// A small deterministic generator, so junk is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[test]
fn zip_reader_survives_junk_truncation_and_flipped_bits() {
    let docx = to_docx(&huaian_2024()).expect("docx");
    assert!(zip::read_entries(&docx).is_ok());
    let mut rng = Lcg(7);
    // Random bytes, with and without an end record.
    for len in [0, 1, 21, 22, 100, 5000] {
        let junk: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        assert!(zip::read_entries(&junk).is_err());
        let mut with_end = junk.clone();
        with_end.extend_from_slice(&[0x50, 0x4b, 5, 6]);
        with_end.extend((0..18).map(|_| rng.next() as u8));
        let _ = zip::read_entries(&with_end);
    }
    // Every truncation fails cleanly (the end record is gone or points past
    // the end).
    for cut in (0..docx.len()).step_by(97) {
        assert!(zip::read_entries(&docx[..cut]).is_err(), "cut at {cut}");
    }
    // Flipped bytes never panic; flipped data is caught by the CRC or
    // the inflater.
    let mut caught = 0;
    for _ in 0..400 {
        let mut bad = docx.clone();
        let at = (rng.next() as usize) % bad.len();
        bad[at] ^= 1 << (rng.next() % 8);
        if zip::read_entries(&bad).is_err() {
            caught += 1;
        }
    }
    assert!(caught > 300, "{caught}");
}

#[test]
fn zip_reader_checks_crc_sizes_and_counts() {
    let mut w = ZipWriter::new();
    w.add("a.xml", "数据".repeat(100).as_bytes(), Method::Stored)
        .expect("add");
    let good = w.finish().expect("finish");
    let entries = zip::list(&good).expect("list");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].size, 600);
    // A changed byte of stored data: the CRC catches it.
    let mut bad = good.clone();
    bad[40] ^= 0xFF;
    assert_eq!(
        zip::read_entries(&bad),
        Err(ZipError::Checksum("a.xml".into()))
    );
    // A declared size beyond the limit is refused before inflating.
    let mut big = good.clone();
    let central = big.len() - 22 - (46 + 5);
    big[central + 24..central + 28].copy_from_slice(&(200u32 << 20).to_le_bytes());
    assert_eq!(zip::read_entries(&big), Err(ZipError::TooLarge));
    // An entry count the directory cannot hold.
    let mut lie = good.clone();
    let end = lie.len() - 22;
    lie[end + 10..end + 12].copy_from_slice(&5000u16.to_le_bytes());
    assert!(matches!(zip::read_entries(&lie), Err(ZipError::Corrupt(_))));
    lie[end + 10..end + 12].copy_from_slice(&u16::MAX.to_le_bytes());
    assert_eq!(zip::read_entries(&lie), Err(ZipError::Zip64));
    // An unknown method.
    let mut method = good.clone();
    method[central + 10] = 12;
    assert_eq!(
        zip::read_entries(&method),
        Err(ZipError::UnsupportedMethod(12))
    );
    assert_eq!(zip::read_entries(b"PK"), Err(ZipError::NotZip));
}

// ---------------------------------------------------------------------------
// docs/json-schema.md
// ---------------------------------------------------------------------------

#[test]
fn json_schema_doc_names_every_cell_and_its_example_reads() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/json-schema.md");
    let doc = std::fs::read_to_string(path).expect("docs/json-schema.md");
    let part = |id: CellId, n: usize| id.key().split('.').nth(n).expect("part").to_owned();
    let mut lines = Vec::new();
    for c in T2Cell::ALL {
        let id = CellId::T2(c);
        lines.push(format!(
            "| `{}` | {} · {} |",
            id.key(),
            id.row_label(),
            id.column_label()
        ));
    }
    for r in T3Row::ALL {
        lines.push(format!(
            "| `{}` | {} |",
            part(CellId::T3(r, T3Col::Natural), 1),
            r.full_label()
        ));
    }
    for c in T3Col::ALL {
        lines.push(format!(
            "| `{}` | {} |",
            part(CellId::T3(T3Row::New, c), 2),
            c.label()
        ));
    }
    for g in T4Group::ALL {
        lines.push(format!(
            "| `{}` | {} |",
            part(CellId::T4(g, T4Col::Upheld), 1),
            g.full_label()
        ));
    }
    for c in T4Col::ALL {
        lines.push(format!(
            "| `{}` | {} |",
            part(CellId::T4(T4Group::Review, c), 2),
            c.label()
        ));
    }
    for l in &lines {
        assert!(doc.lines().any(|d| d == l), "docs/json-schema.md lacks {l}");
    }
    let example = doc
        .split("```json\n")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("a JSON example");
    let r = from_json(example.as_bytes()).expect("the example is a report");
    assert_eq!(r.schema, SCHEMA_VERSION);
    assert_eq!(r.cell(CellId::T3(T3Row::Disclosed, T3Col::Natural)), "1288");
    assert_eq!(r.cell(CellId::T4(T4Group::Review, T4Col::Total)), "351");
}

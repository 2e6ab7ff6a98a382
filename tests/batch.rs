//! 批量检查与汇总: files and archives in, one row each; years of one
//! agency paired; duplicates, non-reports and hostile archives listed with
//! their reason; the 汇总 of real reports against sums computed here; the
//! session the worker runs, downloads included.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::cell::Cell;

use common::reports::{hongze_2023, hongze_2024, huaian_2024, laocheng_2021};
use nianbao::domain::batch::files;
use nianbao::domain::batch::protocol::{FileKind, Request, Response};
use nianbao::domain::batch::session::Session;
use nianbao::domain::batch::summary::{Gap, Summary};
use nianbao::domain::batch::view::{self, SortKey, ViewState};
use nianbao::domain::batch::{Batch, Bytes, Entry, Outcome, Source, MAX_DEPTH, MAX_EXPANDED_BYTES};
use nianbao::domain::export::{self, Format};
use nianbao::domain::format::{CellId, T2Cell, T3Col, T3Row};
use nianbao::domain::import::{self, Imported};
use nianbao::domain::model::Report;
use nianbao::domain::number::CellValue;
use nianbao::domain::rules::{self, CheckSettings, Mode, RuleId};
use nianbao::domain::zip::{self, Method, ZipWriter};

/// A file of `shared/reports/`.
fn shared(name: &str) -> Vec<u8> {
    let path = format!("{}/../shared/reports/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn file(name: &str, bytes: Vec<u8>) -> Bytes {
    Bytes {
        name: name.to_owned(),
        bytes,
    }
}

fn json_of(r: &Report) -> Vec<u8> {
    export::export(r, Format::Json).unwrap()
}

fn docx_of(r: &Report) -> Vec<u8> {
    export::export(r, Format::Docx).unwrap()
}

fn zip_of(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = ZipWriter::new();
    for (name, bytes) in files {
        w.add(name, bytes, Method::Deflated).unwrap();
    }
    w.finish().unwrap()
}

fn run(files: Vec<Bytes>) -> Batch<Bytes> {
    let mut b = Batch::new(CheckSettings::default());
    b.add(files);
    b.run();
    b
}

fn reason(e: &Entry) -> &str {
    match &e.outcome {
        Outcome::Failed(r) => r,
        Outcome::Report(_) => panic!("{} was read as a report", e.name),
    }
}

fn names(b: &Batch<Bytes>) -> Vec<&str> {
    b.entries().iter().map(|e| e.name.as_str()).collect()
}

#[test]
fn every_file_of_an_archive_tree_gets_its_row_in_order() {
    let inner = zip_of(&[
        ("2023/洪泽区.txt", shared("2023_hongze-qu.txt")),
        (
            "说明.txt",
            "本压缩包收录各单位年度报告。".as_bytes().to_vec(),
        ),
    ]);
    let outer = zip_of(&[
        ("城区/", Vec::new()),
        ("城区/淮安市.txt", shared("2024_huaian-shi.txt")),
        ("城区/洪泽区2024.docx", docx_of(&hongze_2024())),
        ("__MACOSX/城区/._淮安市.txt", vec![0, 5, 22, 7]),
        ("城区/.DS_Store", vec![0; 16]),
        ("往年.zip", inner),
        ("老城区.json", json_of(&laocheng_2021())),
    ]);
    let b = run(vec![
        file("2024各单位.zip", outer),
        file("图片.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
    ]);
    assert_eq!(
        names(&b),
        [
            "2024各单位.zip/城区/淮安市.txt",
            "2024各单位.zip/城区/洪泽区2024.docx",
            "2024各单位.zip/往年.zip/2023/洪泽区.txt",
            "2024各单位.zip/往年.zip/说明.txt",
            "2024各单位.zip/老城区.json",
            "图片.png",
        ]
    );
    let agencies: Vec<Option<&str>> = b
        .entries()
        .iter()
        .map(|e| e.checked().map(|c| c.imported.report.agency.as_str()))
        .collect();
    assert_eq!(
        agencies,
        [
            Some("淮安市人民政府"),
            Some("淮安市洪泽区人民政府"),
            Some("洪泽区人民政府"),
            None,
            Some("老城区机关事务服务中心"),
            None,
        ]
    );
    // The reasons are the importer's own, in Chinese.
    assert!(!reason(&b.entries()[3]).is_empty());
    assert!(!reason(&b.entries()[5]).is_empty());
    assert_eq!(b.progress().done, 6);
    assert_eq!(b.progress().total, 6);
}

#[test]
fn broken_files_get_a_reason_each_and_the_rest_is_checked() {
    let docx = docx_of(&huaian_2024());
    let truncated = docx[..docx.len() / 2].to_vec();
    let junk: Vec<u8> = (0..4000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let mut broken_zip = zip_of(&[("a.txt", shared("2024_huaian-shi.txt"))]);
    broken_zip.truncate(broken_zip.len() - 30);
    let b = run(vec![
        file("截断.docx", truncated),
        file("乱码.txt", junk),
        file("坏的.zip", broken_zip),
        file("空.zip", zip_of(&[])),
        file("洪泽区2024.json", json_of(&hongze_2024())),
    ]);
    let rows: Vec<(&str, bool)> = b
        .entries()
        .iter()
        .map(|e| (e.name.as_str(), e.checked().is_some()))
        .collect();
    assert_eq!(
        rows,
        [
            ("截断.docx", false),
            ("乱码.txt", false),
            ("坏的.zip", false),
            ("空.zip", false),
            ("洪泽区2024.json", true),
        ]
    );
    assert!(reason(&b.entries()[2]).starts_with("压缩包无法读取"));
    assert_eq!(reason(&b.entries()[3]), "压缩包是空的，没有可检查的文件。");
}

/// A file that says how large it is but must not be read.
struct Huge {
    name: &'static str,
    size: u64,
    read: Cell<bool>,
}

impl Source for &Huge {
    fn name(&self) -> String {
        self.name.to_owned()
    }
    fn size(&self) -> u64 {
        self.size
    }
    fn read(&self) -> Result<Vec<u8>, String> {
        self.read.set(true);
        Ok(Vec::new())
    }
}

#[test]
fn a_file_too_large_is_listed_without_being_read() {
    let big = Huge {
        name: "扫描件.docx",
        size: 50 << 20,
        read: Cell::new(false),
    };
    let archive = Huge {
        name: "全部.zip",
        size: 300 << 20,
        read: Cell::new(false),
    };
    let mut b = Batch::new(CheckSettings::default());
    b.add([&big, &archive]);
    b.run();
    assert!(!big.read.get() && !archive.read.get());
    let reasons: Vec<String> = b
        .entries()
        .iter()
        .map(|e| match &e.outcome {
            Outcome::Failed(r) => r.clone(),
            Outcome::Report(_) => String::new(),
        })
        .collect();
    assert!(reasons[0].contains("50"), "{}", reasons[0]);
    assert_eq!(
        reasons[1],
        "压缩包太大（300 MB），超过100 MB的上限。请分成几个较小的压缩包。"
    );
}

/// A raw deflate stream of `n` zero bytes, as a zip bomb carries them: one
/// literal, then matches of 258 bytes at distance 1 (fixed Huffman codes,
/// 13 bits each), so 40 MiB take about 250 KiB.
fn deflated_zeros(n: usize) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        len: u32,
    }
    impl Bits {
        fn put(&mut self, value: u32, bits: u32) {
            self.acc |= u64::from(value) << self.len;
            self.len += bits;
            while self.len >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.len -= 8;
            }
        }
        /// A Huffman code: its bits go most significant first.
        fn code(&mut self, code: u32, bits: u32) {
            let reversed = code.reverse_bits() >> (32 - bits);
            self.put(reversed, bits);
        }
    }
    let mut b = Bits {
        out: Vec::new(),
        acc: 0,
        len: 0,
    };
    b.put(1, 1); // the final block
    b.put(1, 2); // fixed Huffman codes
    let literal_zero = |b: &mut Bits| b.code(0x30, 8);
    literal_zero(&mut b);
    let mut left = n - 1;
    while left >= 258 {
        b.code(0b1100_0101, 8); // length 258 (code 285)
        b.code(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        literal_zero(&mut b);
    }
    b.code(0, 7); // end of block
    b.put(0, 7);
    b.out
}

/// A zip of `count` entries that each inflate to `size` zero bytes, all
/// sharing one deflate stream (the headers say so honestly).
fn zero_bomb(count: usize, size: usize) -> Vec<u8> {
    let data = deflated_zeros(size);
    let crc = zip::crc32(&vec![0; size]);
    let mut out = Vec::new();
    let mut central = Vec::new();
    let u16le = |v: usize| (v as u16).to_le_bytes();
    let u32le = |v: usize| (v as u32).to_le_bytes();
    for i in 0..count {
        let name = format!("零{i}.txt");
        let offset = out.len();
        let fixed = |sig: u32, extra_head: &[u8]| {
            let mut h = sig.to_le_bytes().to_vec();
            h.extend_from_slice(extra_head);
            h.extend_from_slice(&20u16.to_le_bytes()); // version needed
            h.extend_from_slice(&(1u16 << 11).to_le_bytes()); // UTF-8 name
            h.extend_from_slice(&8u16.to_le_bytes()); // deflated
            h.extend_from_slice(&[0, 0, 0x21, 0]); // time, date 1980-01-01
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&u32le(data.len()));
            h.extend_from_slice(&u32le(size));
            h.extend_from_slice(&u16le(name.len()));
            h.extend_from_slice(&[0, 0]); // extra length
            h
        };
        out.extend(fixed(0x0403_4b50, &[]));
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&data);
        central.extend(fixed(0x0201_4b50, &20u16.to_le_bytes()));
        central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        central.extend_from_slice(&[0; 4]); // external attributes
        central.extend_from_slice(&u32le(offset));
        central.extend_from_slice(name.as_bytes());
    }
    let cd_offset = out.len();
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&u16le(count));
    out.extend_from_slice(&u16le(count));
    out.extend_from_slice(&u32le(central.len()));
    out.extend_from_slice(&u32le(cd_offset));
    out.extend_from_slice(&[0, 0]);
    out
}

#[test]
fn the_zero_stream_is_real_deflate() {
    let small = zero_bomb(1, 100_000);
    let entries = zip::list(&small).unwrap();
    assert_eq!(zip::read(&small, &entries[0]).unwrap(), vec![0; 100_000]);
}

#[test]
fn zip_bombs_stop_with_one_row_and_the_rest_goes_on() {
    // 15 × 40 MiB: beyond the 512 MiB one chosen file may expand to, from
    // a file of under 4 MiB. Stopped before anything is inflated.
    let bomb = zero_bomb(15, 40 << 20);
    assert!(bomb.len() < 4 << 20);
    const { assert!(15 * (40u64 << 20) > MAX_EXPANDED_BYTES) };
    // Archives nested deeper than MAX_DEPTH, each holding a report too.
    let mut nested = zip_of(&[("最深.txt", shared("2024_huaian-shi.txt"))]);
    for level in (0..=MAX_DEPTH).rev() {
        nested = zip_of(&[
            (&format!("第{level}层.zip"), nested),
            (&format!("报告{level}.json"), json_of(&hongze_2023())),
        ]);
    }
    let b = run(vec![
        file("炸弹.zip", bomb),
        file("套娃.zip", nested),
        file("淮安市2024.txt", shared("2024_huaian-shi.txt")),
    ]);
    let rows: Vec<(&str, Option<&str>)> = b
        .entries()
        .iter()
        .map(|e| {
            let r = match &e.outcome {
                Outcome::Failed(r) => Some(r.as_str()),
                Outcome::Report(_) => None,
            };
            (e.name.as_str(), r)
        })
        .collect();
    assert_eq!(
        rows[0],
        (
            "炸弹.zip",
            Some("压缩包解压后超过512 MB的上限，可能是“压缩炸弹”，已停止处理。")
        )
    );
    // The archive that nests too deep is stopped as a whole, files
    // waiting at the outer levels included: one row says why.
    let nested_rows: Vec<&(&str, Option<&str>)> = rows
        .iter()
        .filter(|(n, _)| n.starts_with("套娃.zip"))
        .collect();
    assert_eq!(
        nested_rows,
        [&(
            "套娃.zip",
            Some(
                "压缩包中的压缩包嵌套超过3层，可能是“压缩炸弹”，已停止处理（其余3个文件未检查）。"
            )
        )]
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2], ("淮安市2024.txt", None));
}

#[test]
fn too_many_files_in_one_archive_tree_stop_it() {
    let many: Vec<(String, Vec<u8>)> = (0..5001)
        .map(|i| (format!("f{i}.txt"), b"x".to_vec()))
        .collect();
    let refs: Vec<(&str, Vec<u8>)> = many.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let b = run(vec![file("很多.zip", zip_of(&refs))]);
    assert_eq!(b.entries().len(), 1);
    assert_eq!(
        reason(&b.entries()[0]),
        "压缩包包含的文件超过5000个，可能是“压缩炸弹”，已停止处理。"
    );
}

#[test]
fn two_years_of_one_agency_are_checked_against_each_other_in_any_order() {
    // 2023 names itself 「洪泽区人民政府」, 2024 「淮安市洪泽区人民政府」.
    for order in [[0, 1], [1, 0]] {
        let files = [
            file("洪泽区2023.txt", shared("2023_hongze-qu.txt")),
            file("洪泽区2024.txt", shared("2024_hongze-qu.txt")),
        ];
        let b = run(order.iter().map(|&i| files[i].clone()).collect());
        let by_name = |n: &str| b.entries().iter().find(|e| e.name == n).unwrap();
        let (e23, e24) = (by_name("洪泽区2023.txt"), by_name("洪泽区2024.txt"));
        let (c23, c24) = (e23.checked().unwrap(), e24.checked().unwrap());
        assert_eq!(c24.last_year, Some(e23.id));
        assert_eq!(c23.last_year, None);
        // Exactly what the form finds with 2023 imported as last year.
        let expected = rules::check(
            &c24.imported.report,
            Some(&c23.imported.report),
            &CheckSettings::default(),
            Mode::Final,
        );
        assert_eq!(c24.findings, expected);
        let repeat = c24.repeat.expect("五 compared with 2023's");
        let percent = view::percent(repeat);
        assert!(percent.ends_with('%'), "{percent}");
    }
    // The published pair is consistent; with 上年结转 changed, X-CARRY
    // speaks, and only with last year present.
    let mut changed = hongze_2024();
    let carried = CellId::T3(T3Row::CarriedIn, T3Col::Natural);
    changed.set_cell(carried, "9");
    let b = run(vec![
        file("洪泽区2024.json", json_of(&changed)),
        file("洪泽区2023.txt", shared("2023_hongze-qu.txt")),
    ]);
    let c24 = b.entries()[0].checked().unwrap();
    assert_eq!(c24.last_year, Some(1));
    assert!(c24.findings.iter().any(|f| f.rule == RuleId::XCarry));
    let alone = run(vec![file("洪泽区2024.json", json_of(&changed))]);
    let c = alone.entries()[0].checked().unwrap();
    assert!(!c.findings.iter().any(|f| f.rule == RuleId::XCarry));
}

/// A rule checked against a cell the reader could not read says nothing
/// about the report as published: 淮安市 2024 with its row （一）予以公开
/// printed without numbers counts no error (its column sums are listed
/// apart as 无法核对), the same report with a real error counts it, and
/// 「只看有错误的」 keeps only that one.
#[test]
fn rules_over_unread_cells_are_listed_apart_and_count_as_no_error() {
    let text = String::from_utf8(shared("2024_huaian-shi.txt")).unwrap();
    let lost = text.replace("（一）予以公开 1288 21 0 0 50 3 1362", "（一）予以公开");
    assert_ne!(lost, text);
    let wrong = text.replace(
        "（一）予以公开 1288 21 0 0 50 3 1362",
        "（一）予以公开 1288 21 0 0 50 3 1363",
    );
    assert_ne!(wrong, text);
    let b = run(vec![file("淮安市-缺一行.txt", lost.into_bytes())]);
    let c = b.entries()[0].checked().unwrap();
    let unread = CellId::T3(T3Row::Disclosed, T3Col::Natural);
    assert!(c.imported.unreadable.iter().any(|u| u.cell == unread));
    // Everything the rules find, split in two: nothing lost, nothing twice
    // but the unread cells' own 「未填写」, which the 未能读取 list holds.
    let all = rules::check(
        &c.imported.report,
        None,
        &CheckSettings::default(),
        Mode::Final,
    );
    let not_empty =
        |f: &&rules::Finding| f.rule != RuleId::CellEmpty || !c.imported.names_unread(f);
    let kept: Vec<_> = all.iter().filter(not_empty).collect();
    let split: Vec<_> = c.findings.iter().chain(&c.unverified).collect();
    assert_eq!(split.len(), kept.len(), "{all:#?}");
    assert!(kept.iter().all(|f| split.contains(f)));
    assert_eq!(c.counts.errors, 0, "{:#?}", c.findings);
    let sums: Vec<_> = c
        .unverified
        .iter()
        .filter(|f| f.rule == RuleId::T3Sum)
        .collect();
    assert_eq!(sums.len(), 5, "{:#?}", c.unverified);
    assert!(c.findings.iter().all(|f| !c.imported.names_unread(f)));
    let html = view::findings_html(&b, &b.entries()[0]);
    assert!(
        html.contains(&format!("{}（{}）", view::UNVERIFIED, c.unverified.len())),
        "{html}"
    );
    assert!(html.contains(&sums[0].message), "{html}");
    // The workbook's 问题明细 lists them with 严重程度 「无法核对」.
    let rows: Vec<&Entry> = b.entries().iter().collect();
    let book = files::results_xlsx(&b, &rows).unwrap();
    let detail = sheet_cells(&book.bytes, 2);
    let unsure = (2..)
        .map_while(|r| detail.get(&format!("D{r}")))
        .filter(|s| s.as_str() == "无法核对")
        .count();
    assert_eq!(unsure, c.unverified.len());
    let errors_only = ViewState {
        errors_only: true,
        ..ViewState::default()
    };
    assert!(view::rows(&b, &errors_only).is_empty());
    // The report read whole counts its wrong 总计.
    let b = run(vec![file("淮安市-总计错.txt", wrong.into_bytes())]);
    let w = b.entries()[0].checked().unwrap();
    assert!(
        w.imported.unreadable.is_empty(),
        "{:?}",
        w.imported.unreadable
    );
    assert!(w.counts.errors > 0);
    assert!(w.unverified.is_empty());
    assert_eq!(view::rows(&b, &errors_only).len(), 1);
}

#[test]
fn the_same_agency_and_year_twice_is_a_duplicate_kept_out_of_pairing_and_汇总() {
    let mut b = Batch::new(CheckSettings::default());
    b.add([
        file("淮安市.txt", shared("2024_huaian-shi.txt")),
        file("淮安市（另存）.json", json_of(&huaian_2024())),
        file("洪泽区2023.txt", shared("2023_hongze-qu.txt")),
        file("洪泽区2024.txt", shared("2024_hongze-qu.txt")),
        file("洪泽区2024（重复）.docx", docx_of(&hongze_2024())),
    ]);
    b.run();
    let dup = b.entries()[1].checked().unwrap();
    assert_eq!(dup.duplicate_of, Some(0));
    assert!(!b.selectable(1));
    let dup24 = b.entries()[4].checked().unwrap();
    assert_eq!(dup24.duplicate_of, Some(3));
    assert_eq!(dup24.last_year, None, "a duplicate is not paired");
    b.select(&[0, 1, 3, 4], true);
    let chosen: Vec<u32> = b.selected().map(|e| e.id).collect();
    assert_eq!(chosen, [0, 3]);
    let html = view::rows_html(&b, &view::rows(&b, &ViewState::default()));
    assert!(html.contains("与“淮安市.txt”是同一单位同一年度的报告，未参与上下年度比对和汇总"));
    assert_eq!(html.matches("type=\"checkbox\"").count(), 3);
}

#[test]
fn rows_sort_by_each_column_and_filter_to_errors() {
    let b = run(vec![
        file("c.txt", shared("2021_laocheng-jiguan-shiwu.txt")),
        file("a.txt", shared("2023_hongze-qu.txt")),
        file("b.txt", shared("2024_huaian-shi.txt")),
        file("d.txt", b"not a report at all".to_vec()),
    ]);
    let order = |sort, descending, errors_only| -> Vec<&str> {
        let v = ViewState {
            sort,
            descending,
            errors_only,
        };
        view::rows(&b, &v).iter().map(|e| e.name.as_str()).collect()
    };
    assert_eq!(
        order(None, false, false),
        ["c.txt", "a.txt", "b.txt", "d.txt"]
    );
    assert_eq!(
        order(Some(SortKey::File), false, false),
        ["a.txt", "b.txt", "c.txt", "d.txt"]
    );
    assert_eq!(
        order(Some(SortKey::File), true, false),
        ["d.txt", "c.txt", "b.txt", "a.txt"]
    );
    // Numbers: hongze 2023 has two errors, huaian and laocheng none (the
    // 30 cells laocheng's text lost are 未能读取, not errors of its own);
    // ties keep the files' order; the file that is no report has no number
    // and sorts last either way.
    assert_eq!(
        order(Some(SortKey::Errors), true, false),
        ["a.txt", "c.txt", "b.txt", "d.txt"]
    );
    assert_eq!(
        order(Some(SortKey::Errors), false, false),
        ["c.txt", "b.txt", "a.txt", "d.txt"]
    );
    assert_eq!(
        order(Some(SortKey::Year), false, false),
        ["c.txt", "a.txt", "b.txt", "d.txt"]
    );
    assert_eq!(order(Some(SortKey::Unreadable), true, false)[0], "c.txt");
    // 「只看有错误的」 keeps reports with errors and files that are none.
    assert_eq!(order(None, false, true), ["a.txt", "d.txt"]);
}

/// An entered cell's value in a report, as a number of 1/10000 (counts and
/// fees alike), `None` when empty or invalid.
fn ten_thousandths(r: &Report, id: CellId) -> Option<u128> {
    match r.value(id) {
        Ok(Some(CellValue::Count(n))) => Some(u128::from(n) * 10_000),
        Ok(Some(CellValue::Fee(f))) => {
            let s = f.to_string();
            let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
            let frac: String = frac.chars().chain("0000".chars()).take(4).collect();
            Some(whole.parse::<u128>().unwrap() * 10_000 + frac.parse::<u128>().unwrap())
        }
        _ => None,
    }
}

fn imported(r: Report) -> Imported {
    import::import(&json_of(&r), Some("r.json")).unwrap()
}

#[test]
fn the_汇总_of_real_reports_is_the_sum_of_every_cell() {
    let reports = [imported(huaian_2024()), imported(hongze_2024())];
    let s = Summary::of(
        "淮安市（汇总）",
        [("淮安市.json", &reports[0]), ("洪泽区.json", &reports[1])],
    );
    assert_eq!(s.count(), 2);
    assert_eq!(s.report.year, "2024");
    assert_eq!(s.report.agency, "淮安市（汇总）");
    for id in CellId::entered() {
        let parts: Vec<Option<u128>> = reports
            .iter()
            .map(|i| ten_thousandths(&i.report, id))
            .collect();
        if parts.iter().all(Option::is_some) {
            let sum: u128 = parts.iter().flatten().sum();
            assert!(s.is_complete(id), "{id:?}");
            assert_eq!(ten_thousandths(&s.report, id), Some(sum), "{id:?}");
        } else {
            assert!(!s.is_complete(id), "{id:?}");
            assert_eq!(s.report.cell(id), "", "{id:?}: no partial sum as a figure");
        }
    }
    // The fee is in 万元 and added exactly.
    let fee = CellId::T2(T2Cell::Fee);
    assert_eq!(
        ten_thousandths(&s.report, fee),
        Some(
            ten_thousandths(&reports[0].report, fee).unwrap()
                + ten_thousandths(&reports[1].report, fee).unwrap()
        )
    );
}

#[test]
fn unreadable_cells_make_their_sums_and_totals_不完整() {
    let laocheng =
        import::import(&shared("2021_laocheng-jiguan-shiwu.txt"), Some("l.txt")).unwrap();
    let huaian = imported(huaian_2024());
    assert!(!laocheng.unreadable.is_empty());
    let s = Summary::of("", [("老城区.txt", &laocheng), ("淮安市.json", &huaian)]);
    for u in &laocheng.unreadable {
        assert!(!s.is_complete(u.cell), "{:?}", u.cell);
        assert!(s.text(u.cell).contains("不完整"), "{}", s.text(u.cell));
        // Entered cells list who left them unknown; totals are 不完整
        // through their parts.
        if !u.cell.is_computed() {
            let gaps = s.gaps();
            let (_, why) = gaps.iter().find(|(id, _)| *id == u.cell).unwrap();
            assert_eq!(why, &vec![("老城区.txt", Gap::Unreadable)]);
        }
    }
    // A total with an unreadable part is 不完整 too, with the known sum.
    let lost = laocheng
        .unreadable
        .iter()
        .map(|u| u.cell)
        .find(|c| !c.is_computed())
        .unwrap();
    let CellId::T3(row, _) = lost else {
        panic!("laocheng's lost cells are in table 三: {lost:?}")
    };
    let total = CellId::T3(row, T3Col::Total);
    assert!(!s.is_complete(total));
    assert!(s.text(total).contains("不完整"));
    // Different years: the 汇总 names no year.
    assert_eq!(s.report.year, "");
    assert_eq!(s.years.len(), 2);
}

#[test]
fn the_rules_run_on_the_汇总() {
    // A report whose 办理结果 do not add up to what it received: the 汇总
    // inherits the imbalance and says so; consistent reports give none.
    let good = imported(huaian_2024());
    let mut off = huaian_2024();
    let disclosed = CellId::T3(T3Row::Disclosed, T3Col::Natural);
    let n: u64 = off.cell(disclosed).trim().parse().unwrap();
    off.set_cell(disclosed, (n + 5).to_string());
    let off = imported(off);
    let settings = CheckSettings::default();
    let clean = Summary::of("", [("a", &good), ("b", &good.clone())]);
    assert!(
        clean.findings(&settings).is_empty(),
        "{:?}",
        clean.findings(&settings)
    );
    let s = Summary::of("", [("a", &good), ("b", &off)]);
    let findings = s.findings(&settings);
    assert!(
        findings.iter().any(|f| f.rule == RuleId::T3Bal),
        "{findings:?}"
    );
    assert!(view::summary_html(&s, &settings).contains("汇总表的检查结果"));
}

/// The cells of one worksheet, by reference (「B3」), shared strings
/// resolved.
fn sheet_cells(xlsx: &[u8], sheet: usize) -> std::collections::HashMap<String, String> {
    let strings = zip::read_entry(xlsx, "xl/sharedStrings.xml")
        .unwrap()
        .unwrap();
    let strings = String::from_utf8(strings).unwrap();
    let doc = roxmltree::Document::parse(&strings).unwrap();
    let shared: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("si"))
        .map(|si| {
            si.descendants()
                .filter(|n| n.is_text())
                .filter_map(|t| t.text())
                .collect()
        })
        .collect();
    let xml = zip::read_entry(xlsx, &format!("xl/worksheets/sheet{sheet}.xml"))
        .unwrap()
        .unwrap();
    let xml = String::from_utf8(xml).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("c"))
        .filter_map(|c| {
            let v = c
                .children()
                .find(|n| n.has_tag_name("v"))?
                .text()?
                .to_owned();
            let v = if c.attribute("t") == Some("s") {
                shared[v.parse::<usize>().ok()?].clone()
            } else {
                v
            };
            Some((c.attribute("r")?.to_owned(), v))
        })
        .collect()
}

#[test]
fn the_session_checks_selects_adds_up_and_downloads() {
    let mut s: Session<Bytes> = Session::new(CheckSettings::default());
    s.handle(Request::Start { current_year: 2025 }, Vec::new());
    s.handle(
        Request::Add,
        vec![
            file("淮安市.txt", shared("2024_huaian-shi.txt")),
            file("洪泽区2024.json", json_of(&hongze_2024())),
            file("说明.txt", "各单位报告汇总说明".as_bytes().to_vec()),
        ],
    );
    assert!(s.is_running());
    // Slices of work: here one file per slice.
    let mut slices = 0;
    while s.pump({
        let mut once = true;
        move || std::mem::take(&mut once)
    }) {
        slices += 1;
    }
    assert_eq!(slices, 2);
    assert_eq!(
        s.progress(),
        Response::Progress {
            done: 3,
            total: 3,
            cancelled: 0,
            running: false
        }
    );
    let Response::Rows {
        shown,
        files,
        reports,
        selected,
        html,
        ..
    } = s.rows()
    else {
        panic!("rows")
    };
    assert_eq!((shown, files, reports, selected), (3, 3, 2, 0));
    assert!(html.contains("aria-label=\"选择 淮安市.txt\""));

    let replies = s.handle(Request::SelectShown { on: true }, Vec::new());
    assert!(matches!(replies[0].0, Response::Rows { selected: 2, .. }));
    let replies = s.handle(
        Request::Summary {
            agency: "淮安市".into(),
        },
        Vec::new(),
    );
    let Response::Summary { html } = &replies[0].0 else {
        panic!("{:?}", replies[0].0)
    };
    assert!(html.contains("共汇总2份报告"));

    // 「下载汇总表（.xlsx）」: table 三's new requests, 自然人, is the sum.
    let new_natural = CellId::T3(T3Row::New, T3Col::Natural);
    let sum: u64 = [huaian_2024(), hongze_2024()]
        .iter()
        .map(|r| r.cell(new_natural).trim().parse::<u64>().unwrap())
        .sum();
    let replies = s.handle(
        Request::File {
            kind: FileKind::SummaryXlsx,
            agency: "淮安市".into(),
        },
        Vec::new(),
    );
    let (Response::File { name, .. }, Some(bytes)) = &replies[0] else {
        panic!("{:?}", replies[0].0)
    };
    assert_eq!(name, "淮安市2024年政府信息公开工作年度报告汇总表.xlsx");
    let t3 = sheet_cells(bytes, 2);
    assert!(t3.values().any(|v| v == &sum.to_string()), "{sum}");
    assert!(t3
        .values()
        .any(|v| v.contains("本年新收政府信息公开申请数量")));

    // 「下载检查结果（.xlsx）」: the rows, then one row per finding.
    let replies = s.handle(
        Request::File {
            kind: FileKind::Results,
            agency: String::new(),
        },
        Vec::new(),
    );
    let (Response::File { .. }, Some(bytes)) = &replies[0] else {
        panic!("{:?}", replies[0].0)
    };
    let list = sheet_cells(bytes, 1);
    assert_eq!(list.get("A1").map(String::as_str), Some("文件"));
    assert_eq!(list.get("A2").map(String::as_str), Some("淮安市.txt"));
    assert_eq!(list.get("B2").map(String::as_str), Some("淮安市人民政府"));
    assert_eq!(list.get("A4").map(String::as_str), Some("说明.txt"));
    let detail = sheet_cells(bytes, 2);
    let heads: Vec<&str> = ["A1", "B1", "C1", "D1", "E1", "F1"]
        .iter()
        .map(|r| detail[*r].as_str())
        .collect();
    assert_eq!(heads, ["文件", "单位", "规则", "严重程度", "位置", "说明"]);

    // 「下载汇总数据（.json）」 opens as a report with the complete sums.
    let replies = s.handle(
        Request::File {
            kind: FileKind::SummaryJson,
            agency: "淮安市".into(),
        },
        Vec::new(),
    );
    let (Response::File { name, .. }, Some(bytes)) = &replies[0] else {
        panic!("{:?}", replies[0].0)
    };
    assert!(name.ends_with("（汇总）.json"), "{name}");
    let back = import::import(bytes, Some(name)).unwrap().report;
    assert_eq!(back.agency, "淮安市");
    assert_eq!(back.cell(new_natural), sum.to_string());

    // 作为草稿打开: the report as the app's JSON.
    let replies = s.handle(Request::Report { id: 1 }, Vec::new());
    let Response::Report { report, last_year } = &replies[0].0 else {
        panic!("{:?}", replies[0].0)
    };
    assert_eq!(last_year, &None);
    let opened = import::import_text(report).unwrap().report;
    assert_eq!(opened.agency, hongze_2024().agency);
    assert_eq!(opened.cell(new_natural), hongze_2024().cell(new_natural));
    let replies = s.handle(Request::Report { id: 2 }, Vec::new());
    assert!(matches!(replies[0].0, Response::Failed { .. }));
}

#[test]
fn cancel_keeps_what_was_checked_and_drops_the_rest() {
    let mut s: Session<Bytes> = Session::new(CheckSettings::default());
    let files: Vec<Bytes> = (0..10)
        .map(|i| file(&format!("{i}.json"), json_of(&hongze_2024())))
        .collect();
    s.handle(Request::Add, files);
    let mut budget = 3;
    s.pump(move || {
        budget -= 1;
        budget >= 0
    });
    let replies = s.handle(Request::Cancel, Vec::new());
    assert_eq!(
        replies[0].0,
        Response::Progress {
            done: 3,
            total: 3,
            cancelled: 7,
            running: false
        }
    );
    assert!(!s.is_running());
    let replies = s.handle(Request::Clear, Vec::new());
    assert!(matches!(
        replies[1].0,
        Response::Rows {
            files: 0,
            reports: 0,
            ..
        }
    ));
}

#[test]
fn user_text_is_escaped_in_every_markup() {
    let mut r = hongze_2024();
    r.agency = "<img src=x onerror=alert(1)>局".into();
    let b = run(vec![file("<b>名</b>.json", json_of(&r))]);
    let html = view::rows_html(&b, &view::rows(&b, &ViewState::default()));
    assert!(!html.contains("<img") && !html.contains("<b>"), "{html}");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;局"));
    let findings = view::findings_html(&b, &b.entries()[0]);
    assert!(!findings.contains("<img") && !findings.contains("<b>"));
    let imported = b.entries()[0].checked().unwrap().imported.clone();
    let s = Summary::of("<script>", [("<b>名</b>.json", &imported)]);
    let html = view::summary_html(&s, &CheckSettings::default());
    assert!(!html.contains("<script") && !html.contains("<b>"));
}

/// The rows of one `Rows` reply: (patch, the files named in its rows).
fn sent_rows(r: Response) -> (bool, Vec<String>) {
    let Response::Rows { html, patch, .. } = r else {
        panic!("not rows: {r:?}")
    };
    let names = html
        .split("<tr ")
        .skip(1)
        .map(|tr| {
            let open = "class=\"file\">";
            let th = &tr[tr.find(open).expect("a file cell") + open.len()..];
            let th = th
                .strip_prefix("<button")
                .map_or(th, |b| &b[b.find('>').unwrap() + 1..]);
            th[..th.find('<').unwrap()].to_owned()
        })
        .collect();
    (patch, names)
}

#[test]
fn while_files_are_checked_only_new_and_changed_rows_are_sent() {
    let mut s: Session<Bytes> = Session::new(CheckSettings::default());
    s.handle(Request::Start { current_year: 2025 }, Vec::new());
    let one_file = || {
        let mut once = true;
        move || std::mem::take(&mut once)
    };
    s.handle(
        Request::Add,
        vec![
            file("洪泽区2024.txt", shared("2024_hongze-qu.txt")),
            file("说明.txt", "各单位报告汇总说明".as_bytes().to_vec()),
        ],
    );
    s.pump(one_file());
    assert_eq!(
        sent_rows(s.rows()),
        (true, vec!["洪泽区2024.txt".to_owned()])
    );
    s.pump(|| true);
    // The first row is shown already and unchanged: only the new one.
    assert_eq!(sent_rows(s.rows()), (true, vec!["说明.txt".to_owned()]));
    assert_eq!(sent_rows(s.rows()), (true, vec![]), "nothing changed");

    // The previous year arrives: its row is new, and 2024's row changes
    // (its 与上年重复率 is known now); 说明.txt's row is not sent again.
    s.handle(
        Request::Add,
        vec![file("洪泽区2023.txt", shared("2023_hongze-qu.txt"))],
    );
    s.pump(|| true);
    let (patch, names) = sent_rows(s.rows());
    assert!(patch);
    assert_eq!(names, ["洪泽区2024.txt", "洪泽区2023.txt"]);

    // Another order: every row again, in it.
    let replies = s.handle(
        Request::View(ViewState {
            sort: Some(SortKey::File),
            descending: true,
            errors_only: false,
        }),
        Vec::new(),
    );
    let (patch, names) = sent_rows(replies.into_iter().next().unwrap().0);
    assert!(!patch);
    assert_eq!(names, ["说明.txt", "洪泽区2024.txt", "洪泽区2023.txt"]);
    // Cleared: no row, the page's rows replaced by none.
    let replies = s.handle(Request::Clear, Vec::new());
    assert_eq!(
        sent_rows(replies.into_iter().nth(1).unwrap().0),
        (false, vec![])
    );
}

/// What the browser's `TextDecoder` does in the worker, for the tests.
fn browser_decoder() -> nianbao::domain::batch::TextDecoder {
    std::rc::Rc::new(|bytes: &[u8], label: &str| {
        let enc = encoding_rs::Encoding::for_label(label.as_bytes())?;
        let (text, _, bad) = enc.decode(bytes);
        (!bad).then(|| text.into_owned())
    })
}

#[test]
fn reports_saved_in_gbk_are_read_through_the_browsers_decoder() {
    let text = String::from_utf8(shared("2024_huaian-shi.txt")).unwrap();
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    let page = format!(
        "<html><head><meta charset=\"gbk\"><title>淮安市人民政府2024年政府信息公开工作年度报告</title></head><body><pre>{text}</pre></body></html>"
    );
    let (gbk_page, _, bad) = encoding_rs::GBK.encode(&page);
    assert!(!bad);
    let files = || {
        vec![
            file("淮安市.txt", gbk.to_vec()),
            file("淮安市.html", gbk_page.to_vec()),
        ]
    };
    // Without a decoder: each file says why (not silently dropped).
    let plain = run(files());
    assert_eq!(plain.entries().len(), 2);
    assert!(plain.entries().iter().all(|e| e.checked().is_none()));
    // With the browser's: both read, the same agency and year; the second
    // is the first's duplicate.
    let mut b: Batch<Bytes> =
        Batch::with_decoder(CheckSettings::default(), Some(browser_decoder()));
    b.add(files());
    b.run();
    let read: Vec<_> = b.entries().iter().filter_map(Entry::checked).collect();
    assert_eq!(
        read.len(),
        2,
        "{:?}",
        b.entries().iter().map(reason).collect::<Vec<_>>()
    );
    for c in &read {
        assert_eq!(c.imported.report.agency, "淮安市人民政府");
        assert_eq!(c.imported.report.year.trim(), "2024");
    }
    let natural = CellId::T3(T3Row::New, T3Col::Natural);
    assert_eq!(
        read[0].imported.report.cell(natural),
        huaian_2024().cell(natural)
    );
    // Through the session the worker runs, too.
    let mut s: Session<Bytes> =
        Session::with_decoder(CheckSettings::default(), Some(browser_decoder()));
    s.handle(Request::Start { current_year: 2025 }, Vec::new());
    s.handle(Request::Add, files());
    while s.pump(|| true) {}
    assert!(s.batch().entries().iter().all(|e| e.checked().is_some()));
}

#[test]
fn the_forms_import_runs_in_the_session_with_the_same_readers() {
    let mut s: Session<Bytes> =
        Session::with_decoder(CheckSettings::default(), Some(browser_decoder()));
    s.handle(Request::Start { current_year: 2025 }, Vec::new());
    let result = |replies: Vec<(Response, Option<Vec<u8>>)>| {
        let [(Response::Imported { result }, None)] = replies.as_slice() else {
            panic!("{replies:?}")
        };
        serde_json::from_str::<Result<Imported, import::ImportError>>(result).expect("json")
    };
    // Pasted text: what the reader gives, exactly.
    let text = String::from_utf8(shared("2024_huaian-shi.txt")).unwrap();
    let got = result(s.handle(
        Request::Import {
            name: String::new(),
            text: Some(text.clone()),
        },
        Vec::new(),
    ));
    assert_eq!(got, import::import_text(&text));
    assert_eq!(got.unwrap().report.agency, "淮安市人民政府");
    // A file in GBK, through the decoder.
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let got = result(s.handle(
        Request::Import {
            name: "淮安市.txt".into(),
            text: None,
        },
        vec![file("淮安市.txt", gbk.to_vec())],
    ));
    assert_eq!(got.unwrap().report.year.trim(), "2024");
    // Not a report, and no file at all: the reasons, as the form shows them.
    let got = result(s.handle(
        Request::Import {
            name: "a.pdf".into(),
            text: None,
        },
        vec![file("a.pdf", b"%PDF-1.7".to_vec())],
    ));
    assert!(
        matches!(got, Err(import::ImportError::PdfUnreadable(_))),
        "{got:?}"
    );
    let got = result(s.handle(
        Request::Import {
            name: String::new(),
            text: None,
        },
        Vec::new(),
    ));
    assert_eq!(got, Err(import::ImportError::Empty));
    // The batch itself is untouched.
    assert!(s.batch().entries().is_empty());
}

#[test]
fn the_forms_docx_is_built_in_the_session_as_the_page_would() {
    let mut s: Session<Bytes> = Session::new(CheckSettings::default());
    s.handle(Request::Start { current_year: 2025 }, Vec::new());
    let r = huaian_2024();
    let report = String::from_utf8(json_of(&r)).unwrap();
    let replies = s.handle(Request::Docx { report }, Vec::new());
    let [(Response::File { name, mime }, Some(bytes))] = replies.as_slice() else {
        panic!("{replies:?}")
    };
    assert_eq!(name, &export::file_name(&r, "docx"));
    assert_eq!(mime, Format::Docx.mime());
    // The same bytes as written on the page before it moved here.
    assert_eq!(bytes, &docx_of(&r));
    // Not the app's JSON: said in words, no file.
    let replies = s.handle(
        Request::Docx {
            report: "[1, 2]".into(),
        },
        Vec::new(),
    );
    let [(Response::Failed { message }, None)] = replies.as_slice() else {
        panic!("{replies:?}")
    };
    assert!(message.contains("顶层不是对象"), "{message}");
    assert!(s.batch().entries().is_empty());
}

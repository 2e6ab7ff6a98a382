//! The importer against layouts nobody here has seen: every real report of
//! `shared/reports/` and the app's own exports of them, put through the
//! layout scrambler (`common::scramble`): one line, cells run together,
//! labels broken, no title, site furniture, saved pages in UTF-8 and GBK,
//! a browser's copy of the article (rendered in Chromium), and Word files
//! made by LibreOffice. For every layout: not one wrong number, and every
//! cell the layout still determines is read. Random reports that satisfy
//! the rules go through the same scrambler.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::reports::{hongze_2023, hongze_2024, huaian_2024, laocheng_2021};
use common::scramble::{
    article, determined, one_line, p_cells, site_page, text_variants, tight, Numbers, Variant,
};
use nianbao::domain::export::{cell_text, export, Format};
use nianbao::domain::format::{CellId, T2Cell, T3Col, T3Row, T4Col, T4Group};
use nianbao::domain::import::{import, import_text, import_with, Imported, SourceKind};
use nianbao::domain::model::Report;

/// The real reports with their hand-typed truth.
fn real() -> Vec<(&'static str, String, Report)> {
    [
        ("2024_huaian-shi.txt", huaian_2024()),
        ("2023_hongze-qu.txt", hongze_2023()),
        ("2024_hongze-qu.txt", hongze_2024()),
        ("2021_laocheng-jiguan-shiwu.txt", laocheng_2021()),
    ]
    .into_iter()
    .map(|(name, truth)| {
        let path = format!("{}/../shared/reports/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        (name, text, truth)
    })
    .collect()
}

/// The report as an export prints it: totals as the app derives them
/// (a published wrong total is printed corrected), values in canonical
/// form. The truth for layouts made from an export.
fn as_printed(r: &Report) -> Report {
    let mut p = r.clone();
    for id in CellId::all() {
        let text = cell_text(r, id);
        if id.is_computed() {
            p.set_stated(id, text);
        } else {
            p.set_cell(id, text);
        }
    }
    p
}

fn exported(r: &Report, format: Format) -> String {
    let bytes = export(r, format).expect("export");
    String::from_utf8(bytes)
        .expect("utf-8")
        .trim_start_matches('\u{FEFF}')
        .to_owned()
}

/// What an import of a layout must satisfy; the determined cells are
/// computed by the scrambler, not by the importer. Returns how many cells
/// were read, for the summary.
fn check(v: &Variant, got: &Imported, truth: &Report) -> usize {
    let want = determined(truth, v.numbers).unwrap_or_default();
    let mut read = 0;
    for id in CellId::all() {
        let (g, t) = (got.report.cell(id).trim(), truth.cell(id));
        if !g.is_empty() {
            read += 1;
            assert_eq!(g, t, "{}: {} is wrong", v.name, id.place());
        }
        if let Some(d) = want.get(&id) {
            assert_eq!(d, t, "{}: the scrambler determined {}", v.name, id.place());
            assert_eq!(
                g,
                t,
                "{}: {} is determined but not read",
                v.name,
                id.place()
            );
        }
    }
    for (what, g, t) in [
        ("agency", &got.report.agency, &truth.agency),
        ("year", &got.report.year, &truth.year),
    ] {
        if v.title {
            assert_eq!(g, t, "{}: {what}", v.name);
        } else {
            assert!(g.is_empty() || g == t, "{}: {what} {g}", v.name);
        }
    }
    // Whatever was not read is listed, with a reason.
    for a in &got.ambiguous {
        assert!(!a.reason.is_empty());
    }
    read
}

fn run(variants: &[(Variant, Report)]) {
    for (v, truth) in variants {
        let got = import_text(&v.text).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        let read = check(v, &got, truth);
        println!(
            "{}: {read} cells, {} ambiguous rows, {} settled from the text",
            v.name,
            got.ambiguous.len(),
            got.settled.len()
        );
    }
}

#[test]
fn real_reports_in_every_text_layout() {
    let mut all = Vec::new();
    for (name, text, truth) in real() {
        for v in text_variants(name, &text, &truth) {
            all.push((v, truth.clone()));
        }
    }
    run(&all);
}

#[test]
fn exported_texts_in_every_text_layout() {
    let mut all = Vec::new();
    for (name, _, truth) in real() {
        let txt = exported(&truth, Format::Txt);
        let printed = as_printed(&truth);
        for v in text_variants(&format!("exported {name}"), &txt, &printed) {
            all.push((v, printed.clone()));
        }
    }
    run(&all);
}

#[test]
fn one_line_pages_read_their_tables_agency_and_year() {
    // The 淮安市 report as one line, cells run together: every row of
    // table 三 is split by the rules alone, and the title gives agency and
    // year.
    let (_, text, truth) = real().remove(0);
    let got = import_text(&tight(&text)).expect("import");
    assert_eq!(got.report.agency, "淮安市人民政府");
    assert_eq!(got.report.year, "2024");
    for row in T3Row::ALL {
        for col in T3Col::ALL {
            let id = CellId::T3(row, col);
            assert_eq!(got.report.cell(id), truth.cell(id), "{}", id.place());
        }
    }
    // 「规章1011」: 1 0 11 or 10 1 1, which table 二 cannot tell apart.
    let rules = got
        .ambiguous
        .iter()
        .find(|a| a.cells[0] == CellId::T2(T2Cell::RulesIssued))
        .expect("an ambiguous row");
    assert_eq!(rules.candidates, [["1", "0", "11"], ["10", "1", "1"]]);
    assert_eq!(got.report.cell(CellId::T2(T2Cell::RulesIssued)), "");
    // The year first, the agency after it.
    let year_first = format!(
        "2024年上海市科委政府信息公开工作年度报告 {}",
        one_line(&text)
    );
    let got = import_text(&year_first).expect("import");
    assert_eq!(
        (got.report.agency.as_str(), got.report.year.as_str()),
        ("上海市科委", "2024")
    );
}

#[test]
fn agency_and_year_come_from_wherever_the_report_states_them() {
    let (_, text, _) = real().remove(0);
    let body = text[text.find("本报告").expect("preamble")..].to_owned();
    // No title at all: the year from the statistics period, the agency
    // from nowhere (asked for in the preview).
    let got = import_text(&body).expect("import");
    assert_eq!(got.report.year, "2024");
    assert_eq!(got.report.agency, "");
    assert!(got.notes.iter().any(|n| n.contains("单位名称")));
    // A signature gives the agency, and without a period also the year
    // (the year before the one it was signed in, said in a note).
    let signed = format!(
        "{}\n淮安市人民政府\n2025年1月20日\n",
        body.replace("统计期限", "期限")
    );
    let signed = signed
        .replace("2024 年 1 月 1 日", "")
        .replace("2024 年 12 月 31 日", "");
    let got = import_text(&signed).expect("import");
    assert_eq!(got.report.agency, "淮安市人民政府");
    assert_eq!(got.report.signature.date, "2025年1月20日");
    assert_eq!(got.report.year, "2024");
    // A page's <title> and <meta>.
    let page = format!(
        "<html><head><title>2024年度淮安市人民政府政府信息公开工作年度报告_淮安市人民政府</title></head><body><pre>{}</pre></body></html>",
        body.replace('<', "&lt;")
    );
    let got = import(page.as_bytes(), Some("a.html")).expect("import");
    assert_eq!(
        (got.report.agency.as_str(), got.report.year.as_str()),
        ("淮安市人民政府", "2024")
    );
}

// ---------------------------------------------------------------------------
// Saved pages and a browser's copy
// ---------------------------------------------------------------------------

fn gbk(page: &str) -> Vec<u8> {
    let (bytes, _, bad) = encoding_rs::GBK.encode(page);
    assert!(!bad, "the page encodes in GBK");
    bytes.into_owned()
}

/// What the browser's `TextDecoder` does, for the tests.
fn decode(bytes: &[u8], label: &str) -> Option<String> {
    let enc = encoding_rs::Encoding::for_label(label.as_bytes())?;
    let (text, _, bad) = enc.decode(bytes);
    (!bad).then(|| text.into_owned())
}

#[test]
fn saved_pages_with_site_furniture_in_utf8_and_gbk() {
    for (name, _, truth) in real() {
        let html = exported(&truth, Format::Html);
        let truth = as_printed(&truth);
        for (kind, art) in [
            ("plain", article(&html).to_owned()),
            ("cells in <p>", p_cells(article(&html))),
        ] {
            let utf8 = site_page(&art, &truth, "utf-8");
            let v = Variant {
                name: format!("{name} · saved page, {kind}"),
                text: utf8.clone(),
                numbers: Numbers::Separated,
                title: true,
            };
            let got = import(utf8.as_bytes(), Some("page.html")).expect("utf-8 page");
            check(&v, &got, &truth);
            assert_eq!(got.report.problems, truth.problems, "{}", v.name);
            assert_eq!(got.report.other, truth.other, "{}", v.name);
            // The same page saved as GB2312 (the site's declared charset).
            let page = site_page(&art, &truth, "gb2312");
            let bytes = gbk(&page);
            assert!(std::str::from_utf8(&bytes).is_err());
            let got = import_with(&bytes, Some("page.htm"), &decode).expect("gbk page");
            check(&v, &got, &truth);
            // A GBK text file, declared nowhere.
            let txt = gbk(&exported(&truth, Format::Txt));
            let got = import_with(&txt, Some("report.txt"), &decode).expect("gbk text");
            check(&v, &got, &truth);
        }
    }
}

/// Chromium, which setup installs; the tests that need it say so when it
/// is missing instead of passing without it.
fn chromium() -> PathBuf {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .map(|n| Path::new("/usr/bin").join(n))
        .find(|p| p.exists());
    found.unwrap_or_else(|| {
        panic!(
            "Chromium is missing: run `make setup` (scripts/setup.sh installs Debian's chromium)"
        )
    })
}

/// The `innerText` of each page's article, as a person gets it by
/// selecting the article and copying it: rendered by headless Chromium.
fn browser_copies(pages: &[String]) -> Vec<String> {
    let dir = tempdir("copies");
    let mut host = String::from("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>");
    for (i, p) in pages.iter().enumerate() {
        host.push_str(&format!("<div id=\"page{i}\">{}</div>", article(p)));
    }
    host.push_str(
        "<pre id=\"out\"></pre><script>\
         const all = [...document.querySelectorAll('article')].map(a => a.innerText);\
         document.getElementById('out').textContent = JSON.stringify(all);\
         </script></body></html>",
    );
    let file = dir.join("copies.html");
    std::fs::write(&file, host).expect("write");
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--dump-dom",
            &format!("file://{}", file.display()),
        ])
        .output()
        .expect("run Chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"out\">").expect("the copied texts") + "<pre id=\"out\">".len();
    let end = start + dom[start..].find("</pre>").expect("end");
    let json = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    serde_json::from_str(&json).expect("JSON of the copies")
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nianbao-import-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn browser_copies_of_the_article_with_and_without_paragraphs_in_cells() {
    let reports = real();
    let mut pages = Vec::new();
    for (_, _, truth) in &reports {
        let html = exported(truth, Format::Html);
        pages.push(html.clone());
        pages.push(p_cells(&html));
    }
    let copies = browser_copies(&pages);
    assert_eq!(copies.len(), pages.len());
    let mut all = Vec::new();
    for (i, copy) in copies.into_iter().enumerate() {
        let (name, _, truth) = &reports[i / 2];
        let truth = &as_printed(truth);
        let kind = if i % 2 == 0 {
            "cells as text"
        } else {
            "cells in <p>"
        };
        if i % 2 == 1 {
            // One value a line, blank lines and a tab between cells.
            assert!(copy.contains("\n\n\t\n\n"), "{name}: {kind}");
        }
        all.push((
            Variant {
                name: format!("{name} · browser copy, {kind}"),
                text: copy.clone(),
                numbers: Numbers::Separated,
                title: true,
            },
            truth.clone(),
        ));
        all.push((
            Variant {
                name: format!("{name} · browser copy, {kind}, one line"),
                text: one_line(&copy),
                numbers: Numbers::Separated,
                title: true,
            },
            truth.clone(),
        ));
    }
    run(&all);
}

// ---------------------------------------------------------------------------
// Word files from another producer
// ---------------------------------------------------------------------------

/// LibreOffice, which setup installs.
fn soffice() -> PathBuf {
    let found = ["soffice", "libreoffice"]
        .iter()
        .map(|n| Path::new("/usr/bin").join(n))
        .find(|p| p.exists());
    found.unwrap_or_else(|| {
        panic!("LibreOffice (soffice) is missing: run `make setup` (scripts/setup.sh installs LibreOffice Writer)")
    })
}

/// The real reports exported as .html into `dir` (`r0.html`, …), with
/// their names and truths.
fn exported_pages(dir: &Path) -> (Vec<(&'static str, String, Report)>, Vec<PathBuf>) {
    let reports = real();
    let inputs = reports
        .iter()
        .enumerate()
        .map(|(i, (_, _, truth))| {
            let file = dir.join(format!("r{i}.html"));
            std::fs::write(&file, exported(truth, Format::Html)).expect("write");
            file
        })
        .collect();
    (reports, inputs)
}

/// Our .docx of each report, written into `dir` as 「w0.docx」….
fn exported_docx(dir: &Path, reports: &[(&'static str, String, Report)]) -> Vec<PathBuf> {
    reports
        .iter()
        .enumerate()
        .map(|(i, (_, _, truth))| {
            let file = dir.join(format!("w{i}.docx"));
            std::fs::write(&file, export(truth, Format::Docx).expect("export")).expect("write");
            file
        })
        .collect()
}

/// Runs LibreOffice headless with its own profile in `dir` on `files`,
/// writing into `dir`.
fn soffice_convert(dir: &Path, args: &[&str], files: &[PathBuf]) {
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    let out = Command::new(soffice())
        .arg("--headless")
        .arg(&profile)
        .args(args)
        .arg("--outdir")
        .arg(dir)
        .args(files)
        .output()
        .expect("run LibreOffice");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn word_files_made_by_libreoffice_from_the_exported_pages() {
    let dir = tempdir("soffice");
    let (reports, inputs) = exported_pages(&dir);
    soffice_convert(
        &dir,
        &["--infilter=HTML (StarWriter)", "--convert-to", "docx"],
        &inputs,
    );
    for (i, (name, _, truth)) in reports.iter().enumerate() {
        let bytes = std::fs::read(dir.join(format!("r{i}.docx"))).expect("the .docx");
        let got = import(&bytes, Some("r.docx")).unwrap_or_else(|e| panic!("{name}: {e}"));
        let truth = &as_printed(truth);
        let v = Variant {
            name: format!("{name} · .docx by LibreOffice"),
            text: String::new(),
            numbers: Numbers::Separated,
            title: true,
        };
        check(&v, &got, truth);
    }
}

/// Word 97–2003 files (.doc), as agencies still publish them: our own
/// .docx and our exported page saved as .doc by LibreOffice. Each reads
/// exactly as the same document read from .docx (every cell, every text),
/// and against the report: no wrong cell, every cell read.
#[test]
fn word_97_files_read_as_their_docx() {
    let dir = tempdir("soffice-doc");
    let (reports, pages) = exported_pages(&dir);
    let docx = exported_docx(&dir, &reports);
    soffice_convert(&dir, &["--convert-to", "doc:MS Word 97"], &docx);
    soffice_convert(
        &dir,
        &[
            "--infilter=HTML (StarWriter)",
            "--convert-to",
            "doc:MS Word 97",
        ],
        &pages,
    );
    for (i, (name, _, truth)) in reports.iter().enumerate() {
        let truth = &as_printed(truth);
        for (stem, from) in [("w", "our .docx"), ("r", "our page")] {
            let bytes = std::fs::read(dir.join(format!("{stem}{i}.doc"))).expect("the .doc");
            assert!(
                bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]),
                "{name}: a compound file"
            );
            let got = import(&bytes, Some("r.doc")).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(got.format, SourceKind::Doc);
            let v = Variant {
                name: format!("{name} · {from} saved as .doc by LibreOffice"),
                text: String::new(),
                numbers: Numbers::Separated,
                title: true,
            };
            check(&v, &got, truth);
            // Unread only where the report itself has no number (老城区's
            // PDF lost five rows): the same cells as its .docx.
            let blank: Vec<CellId> = CellId::all()
                .filter(|c| truth.cell(*c).trim().is_empty())
                .collect();
            assert!(
                got.unreadable.iter().all(|u| blank.contains(&u.cell)),
                "{}: {:?}",
                v.name,
                got.unreadable
            );
            // LibreOffice's reading of the page splits a long paragraph in
            // two (its .docx of the page shows the same break), so the page's
            // texts are compared without their line breaks.
            let flat = |t: &str| -> String { t.chars().filter(|c| *c != '\n').collect() };
            for (got, want) in [
                (&got.report.overview, &truth.overview),
                (&got.report.problems, &truth.problems),
                (&got.report.other, &truth.other),
            ] {
                if stem == "w" {
                    assert_eq!(got, want, "{}", v.name);
                } else {
                    assert_eq!(flat(got), flat(want), "{}", v.name);
                }
            }
        }
        // The .doc made from our .docx reads as that .docx does.
        let from_docx =
            import(&std::fs::read(&docx[i]).expect("docx"), Some("w.docx")).expect("docx");
        let from_doc = import(
            &std::fs::read(dir.join(format!("w{i}.doc"))).expect("doc"),
            Some("w.doc"),
        )
        .expect("doc");
        assert_eq!(from_doc.report, from_docx.report, "{name}");
        assert_eq!(from_doc.unreadable, from_docx.unreadable, "{name}");
    }
    // A damaged .doc never panics: bytes changed all over (headers,
    // sector chains, piece table, paragraph pages), and cut anywhere.
    let doc = std::fs::read(dir.join("w0.doc")).expect("doc");
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..400 {
        let mut bad = doc.clone();
        for _ in 0..(1 + next() % 8) {
            let at = (next() % bad.len() as u64) as usize;
            bad[at] = next() as u8;
        }
        let _ = import(&bad, Some("bad.doc"));
        let cut = (next() % doc.len() as u64) as usize;
        if let Err(e) = import(&doc[..cut], Some("cut.doc")) {
            assert!(!e.to_string().is_empty());
        }
    }
}

/// PDFs, as most agencies publish the report: our .docx and our page
/// printed to PDF by LibreOffice (the .docx in its 公文 layout, the page
/// as a web page). No cell may be read wrong; most are read, the rest
/// listed; agency and year come from the title. (The e2e tests read a PDF
/// printed by Chromium whole.)
#[test]
fn pdfs_read_without_a_wrong_cell() {
    let dir = tempdir("soffice-pdf-direct");
    let (reports, pages) = exported_pages(&dir);
    let docx = exported_docx(&dir, &reports);
    soffice_convert(&dir, &["--convert-to", "pdf:writer_pdf_Export"], &docx);
    soffice_convert(&dir, &["--convert-to", "pdf:writer_web_pdf_Export"], &pages);
    for (i, (name, _, truth)) in reports.iter().enumerate() {
        let truth = &as_printed(truth);
        let filled = CellId::all()
            .filter(|c| !truth.cell(*c).trim().is_empty())
            .count();
        for (stem, from) in [("w", "our .docx"), ("r", "our page")] {
            let bytes = std::fs::read(dir.join(format!("{stem}{i}.pdf"))).expect("the .pdf");
            let got = import(&bytes, Some("r.pdf")).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(got.format, SourceKind::Pdf);
            let mut read = 0;
            for id in CellId::all() {
                let g = got.report.cell(id).trim();
                if !g.is_empty() {
                    read += 1;
                    assert_eq!(
                        g,
                        truth.cell(id),
                        "{name} · {from} as PDF: {} is wrong",
                        id.place()
                    );
                }
            }
            println!("{name} · {from} as PDF: {read} of {filled} cells read");
            // Our .docx: every cell. The page: 179–186 of 200 when
            // written, LibreOffice wrapping a few row names around their
            // numbers so that they stay unread (listed, never guessed).
            if stem == "w" {
                assert_eq!(read, filled, "{name} · {from} as PDF: {:?}", got.unreadable);
            }
            assert!(
                read * 10 >= filled * 8,
                "{name} · {from} as PDF: only {read} read"
            );
            assert!(
                got.unreadable.len() >= filled - read,
                "{name} · {from}: a cell neither read nor listed"
            );
            // LibreOffice's PDF of the page leaves its title out (pdftotext
            // finds none either): then the agency is asked for.
            for (got, want) in [
                (&got.report.agency, &truth.agency),
                (&got.report.year, &truth.year),
            ] {
                assert!(got.is_empty() || got == want, "{name} · {from}: {got}");
            }
            if stem == "w" {
                assert_eq!(got.report.agency, truth.agency, "{name}");
            }
        }
    }
}

/// qpdf, which setup installs (it writes encrypted PDFs as Acrobat does).
fn qpdf() -> PathBuf {
    let path = Path::new("/usr/bin/qpdf");
    assert!(
        path.exists(),
        "qpdf is missing: run `make setup` (scripts/setup.sh installs it)"
    );
    path.to_path_buf()
}

/// PDFs published with an owner password only, copying or printing
/// "restricted": every reader opens them without asking, and so does the
/// importer, with each method of PDF's standard security handler (RC4 of
/// 40 and 128 bits, AES-128, AES-256 of both revisions; objects in object
/// streams too) — the same report as from the file unencrypted. A PDF that
/// asks for a password to open (RC4-40, AES-128, AES-256) is refused with
/// that reason.
#[test]
fn pdfs_locked_by_an_owner_password_read_as_the_plain_file() {
    let dir = tempdir("pdf-encrypted");
    let reports = real();
    let docx = exported_docx(&dir, &reports[..1]);
    soffice_convert(&dir, &["--convert-to", "pdf:writer_pdf_Export"], &docx);
    let source = dir.join("w0.pdf");
    let plain = import(&std::fs::read(&source).expect("the .pdf"), Some("r.pdf"))
        .expect("the unencrypted PDF");
    let truth = as_printed(&reports[0].2);
    assert_eq!(plain.report.agency, truth.agency);
    let weak = ["--allow-weak-crypto"];
    let methods: [(&str, &[&str], &[&str]); 8] = [
        ("rc4-40", &weak, &["", "owner", "40"]),
        ("rc4-128", &weak, &["", "owner", "128", "--use-aes=n"]),
        ("aes-128", &[], &["", "owner", "128", "--use-aes=y"]),
        (
            "aes-128 metadata in clear",
            &[],
            &["", "owner", "128", "--use-aes=y", "--cleartext-metadata"],
        ),
        (
            "aes-128 object streams",
            &["--object-streams=generate"],
            &["", "owner", "128", "--use-aes=y"],
        ),
        ("aes-256", &[], &["", "owner", "256"]),
        (
            "aes-256 object streams",
            &["--object-streams=generate"],
            &["", "owner", "256"],
        ),
        (
            "aes-256 revision 5",
            &weak,
            &["", "owner", "256", "--force-R5"],
        ),
    ];
    for (name, before, encrypt) in methods {
        let out = dir.join(format!("{}.pdf", name.replace(' ', "-")));
        let status = Command::new(qpdf())
            .args(before)
            .arg("--encrypt")
            .args(encrypt)
            .arg("--")
            .arg(&source)
            .arg(&out)
            .status()
            .expect("run qpdf");
        assert!(status.success(), "qpdf {name}");
        let bytes = std::fs::read(&out).expect("the encrypted .pdf");
        assert!(
            bytes.windows(8).any(|w| w == b"/Encrypt"),
            "{name}: the file is encrypted"
        );
        let got = import(&bytes, Some("r.pdf")).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got.report, plain.report, "{name}");
        assert_eq!(got.unreadable, plain.unreadable, "{name}");
    }
    let user_password: [(&str, &[&str], &[&str]); 3] = [
        ("40", &weak, &[]),
        ("128", &[], &["--use-aes=y"]),
        ("256", &[], &[]),
    ];
    for (bits, before, more) in user_password {
        let out = dir.join(format!("user-{bits}.pdf"));
        let status = Command::new(qpdf())
            .args(before)
            .args(["--encrypt", "user", "owner", bits])
            .args(more)
            .arg("--")
            .arg(&source)
            .arg(&out)
            .status()
            .expect("run qpdf");
        assert!(status.success(), "qpdf user password {bits}");
        let err = import(&std::fs::read(&out).expect("the .pdf"), Some("r.pdf"))
            .expect_err("a PDF that asks for a password");
        assert!(
            err.to_string().contains("文件设有打开密码"),
            "{bits}: {err}"
        );
    }
}

/// The exported page printed to PDF and the PDF opened in LibreOffice and
/// saved as .docx: every line and table cell in a text box placed on the
/// page, in no reliable order, as converters turn a published PDF into
/// Word. No cell may be read wrong; most are read.
///
/// The table's item numbers and wrapped labels come as boxes of their own
/// at heights of their own, so some rows stay unread (listed as such).
#[test]
fn word_files_made_from_pdfs_hold_text_boxes_read_in_page_order() {
    let dir = tempdir("soffice-pdf");
    let (reports, inputs) = exported_pages(&dir);
    soffice_convert(
        &dir,
        &["--convert-to", "pdf:writer_web_pdf_Export"],
        &inputs,
    );
    let pdfs: Vec<PathBuf> = (0..reports.len())
        .map(|i| dir.join(format!("r{i}.pdf")))
        .collect();
    soffice_convert(
        &dir,
        &["--infilter=writer_pdf_import", "--convert-to", "docx"],
        &pdfs,
    );
    for (i, (name, _, truth)) in reports.iter().enumerate() {
        let bytes = std::fs::read(dir.join(format!("r{i}.docx"))).expect("the .docx");
        assert!(
            String::from_utf8_lossy(
                &nianbao::domain::zip::read_entry(&bytes, "word/document.xml")
                    .expect("zip")
                    .expect("document.xml")
            )
            .matches("<wp:anchor")
            .count()
                > 100,
            "{name}: the .docx holds its text in boxes"
        );
        let got = import(&bytes, Some("r.docx")).unwrap_or_else(|e| panic!("{name}: {e}"));
        let truth = &as_printed(truth);
        let mut read = 0;
        for id in CellId::all() {
            let g = got.report.cell(id).trim();
            if !g.is_empty() {
                read += 1;
                assert_eq!(g, truth.cell(id), "{name} via PDF: {} is wrong", id.place());
            }
        }
        println!("{name} via PDF as text boxes: {read} cells read");
        // 130–137 of 200 when written; the rest is listed as unreadable
        // (item numbers and wrapped labels in boxes of their own).
        assert!(read >= 120, "{name} via PDF: only {read} cells read");
        // The conversion may lose the title; a year read is the right one.
        let year = &got.report.year;
        assert!(
            year.is_empty() || year == &truth.year,
            "{name}: year {year}"
        );
    }
}

/// A zip entry as some writers store it: the sizes after the data in a
/// data descriptor (general-purpose flag bit 3), stored or deflated.
fn entry(out: &mut Vec<u8>, central: &mut Vec<u8>, name: &str, data: &[u8], deflate: bool) {
    let crc = nianbao::domain::zip::crc32(data);
    let body = if deflate {
        miniz_oxide::deflate::compress_to_vec(data, 6)
    } else {
        data.to_vec()
    };
    let method: u16 = if deflate { 8 } else { 0 };
    let offset = out.len() as u32;
    let put16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let put32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    put32(out, 0x0403_4b50);
    put16(out, 20);
    put16(out, 1 << 3);
    put16(out, method);
    put16(out, 0);
    put16(out, 0x21);
    put32(out, 0); // crc, sizes: in the descriptor
    put32(out, 0);
    put32(out, 0);
    put16(out, name.len() as u16);
    put16(out, 0);
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(&body);
    put32(out, 0x0807_4b50);
    put32(out, crc);
    put32(out, body.len() as u32);
    put32(out, data.len() as u32);
    put32(central, 0x0201_4b50);
    put16(central, 20);
    put16(central, 20);
    put16(central, 1 << 3);
    put16(central, method);
    put16(central, 0);
    put16(central, 0x21);
    put32(central, crc);
    put32(central, body.len() as u32);
    put32(central, data.len() as u32);
    put16(central, name.len() as u16);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put32(central, 0);
    put32(central, offset);
    central.extend_from_slice(name.as_bytes());
}

#[test]
fn word_online_document2_with_stored_entries_and_data_descriptors() {
    let truth = huaian_2024();
    let docx = export(&truth, Format::Docx).expect("docx");
    let parts = nianbao::domain::zip::read_entries(&docx).expect("our docx");
    let mut out = Vec::new();
    let mut central = Vec::new();
    let mut count = 0u16;
    for (i, (name, data)) in parts.iter().enumerate() {
        // Word Online's names: the body in document2.xml, named by the
        // package relationships.
        let (name, data) = match name.as_str() {
            "word/document.xml" => ("word/document2.xml".to_owned(), data.clone()),
            "_rels/.rels" => (
                name.clone(),
                String::from_utf8_lossy(data)
                    .replace("word/document.xml", "/word/document2.xml")
                    .into_bytes(),
            ),
            "[Content_Types].xml" => (
                name.clone(),
                String::from_utf8_lossy(data)
                    .replace("/word/document.xml", "/word/document2.xml")
                    .into_bytes(),
            ),
            _ => (name.clone(), data.clone()),
        };
        entry(&mut out, &mut central, &name, &data, i % 2 == 0);
        count += 1;
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    let got = import(&out, Some("online.docx")).expect("Word Online's file");
    assert_eq!(got.report.cells(), truth.cells());
    assert_eq!(got.report.stated_totals(), truth.stated_totals());
    assert_eq!(got.report.agency, truth.agency);
}

// ---------------------------------------------------------------------------
// Random reports
// ---------------------------------------------------------------------------

mod random {
    use super::*;
    use proptest::prelude::*;

    /// A report whose tables satisfy every rule: small counts, mostly 0.
    fn consistent_report() -> impl Strategy<Value = Report> {
        let count = prop_oneof![6 => Just(0u64), 3 => 1u64..10, 1 => 10u64..500];
        (
            prop::collection::vec(count.clone(), 22 * 6),
            prop::collection::vec(count.clone(), 6),
            prop::collection::vec(count.clone(), 6),
            prop::collection::vec(count.clone(), 12),
            prop::collection::vec(count, 10),
        )
            .prop_map(|(results, carried_in, carried_over, t4, t2)| {
                let mut r = Report::default();
                r.agency = "某某县人民政府".into();
                r.year = "2024".into();
                r.overview = "本年度依法公开政府信息。".into();
                r.problems = "无。".into();
                r.other = "无。".into();
                let rows: Vec<T3Row> = T3Row::results().collect();
                let mut totals = [0u64; 6];
                for (i, row) in rows.iter().enumerate() {
                    let v = &results[i * 6..i * 6 + 6];
                    for (c, x) in T3Col::APPLICANTS.iter().zip(v) {
                        r.set_cell(CellId::T3(*row, *c), x.to_string());
                    }
                    for (t, x) in totals.iter_mut().zip(v) {
                        *t += x;
                    }
                    let sum: u64 = v.iter().sum();
                    r.set_stated(CellId::T3(*row, T3Col::Total), sum.to_string());
                }
                // 一 + 二 = （七） + 四, with 二 at most （七） + 四.
                let mut put_row = |row: T3Row, v: &[u64]| {
                    for (c, x) in T3Col::APPLICANTS.iter().zip(v) {
                        let id = CellId::T3(row, *c);
                        if row == T3Row::Total {
                            r.set_stated(id, x.to_string());
                        } else {
                            r.set_cell(id, x.to_string());
                        }
                    }
                    r.set_stated(
                        CellId::T3(row, T3Col::Total),
                        v.iter().sum::<u64>().to_string(),
                    );
                };
                let over: Vec<u64> = carried_over.clone();
                let carried: Vec<u64> = (0..6)
                    .map(|i| carried_in[i].min(totals[i] + over[i]))
                    .collect();
                let new: Vec<u64> = (0..6).map(|i| totals[i] + over[i] - carried[i]).collect();
                put_row(T3Row::Total, &totals);
                put_row(T3Row::New, &new);
                put_row(T3Row::CarriedIn, &carried);
                put_row(T3Row::CarriedOver, &over);
                for (g, v) in T4Group::ALL.iter().zip(t4.chunks(4)) {
                    for (c, x) in T4Col::ENTERED.iter().zip(v) {
                        r.set_cell(CellId::T4(*g, *c), x.to_string());
                    }
                    r.set_stated(
                        CellId::T4(*g, T4Col::Total),
                        v.iter().sum::<u64>().to_string(),
                    );
                }
                for (c, x) in T2Cell::ALL.iter().zip(&t2) {
                    r.set_cell(CellId::T2(*c), x.to_string());
                }
                r
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

        /// Exported, then run together: never a wrong cell; what the rules
        /// determine is read; the rest is listed as ambiguous, never guessed.
        #[test]
        fn random_consistent_reports_run_together_import_without_a_wrong_cell(r in consistent_report()) {
            let txt = super::exported(&r, Format::Txt);
            for (name, text, numbers) in [
                ("one line", one_line(&txt), Numbers::Separated),
                ("run together", tight(&txt), Numbers::RunTogether),
            ] {
                let got = import_text(&text).map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
                for id in CellId::all() {
                    let g = got.report.cell(id);
                    prop_assert!(g.is_empty() || g == r.cell(id), "{}: {} read as {} for {}", name, id.place(), g, r.cell(id));
                }
                let want: BTreeMap<CellId, String> = determined(&r, numbers).unwrap_or_default();
                for (id, v) in &want {
                    prop_assert_eq!(got.report.cell(*id), v.as_str(), "{}: {} determined", name, id.place());
                }
                // Every cell left open belongs to an ambiguous row or is
                // listed with its reason.
                for id in CellId::all().filter(|id| got.report.cell(*id).is_empty()) {
                    prop_assert!(got.unreadable.iter().any(|u| u.cell == id), "{}: {} open without a reason", name, id.place());
                }
            }
        }
    }
}

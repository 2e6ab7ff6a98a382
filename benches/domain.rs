//! Native benchmarks of the domain logic. Run with `make bench` or
//! `cargo bench --bench domain`.
//!
//! No benchmark framework: a warm-up, then many timed runs of one call,
//! reporting the median and the 95th percentile. `check` runs on every
//! keystroke in the browser, so its budget is 50 µs natively for the whole
//! 2024 淮安市 report with last year's report given.

#[path = "../tests/common/reports.rs"]
mod reports;

use std::hint::black_box;
use std::time::{Duration, Instant};

use nianbao::domain::format::{CellId, T3Col, T3Row, ValidRow, T2_VALID_ROWS};
use nianbao::domain::model::Report;
use nianbao::domain::number::Sheet;
use nianbao::domain::rules::{check, CheckSettings, Mode};
use nianbao::domain::similarity::overlap;
use nianbao::domain::textnum::stated_numbers;

const WARM_UP: usize = 2_000;
const RUNS: usize = 20_000;

/// Times `f` `RUNS` times and prints the median and p95.
fn bench<T>(name: &str, mut f: impl FnMut() -> T) {
    for _ in 0..WARM_UP {
        black_box(f());
    }
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort_unstable();
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "{name}: median {:.1} µs, p95 {:.1} µs (n={RUNS})",
        micros(times[RUNS / 2]),
        micros(times[RUNS * 95 / 100]),
    );
}

/// A last year for 淮安市 2024 that agrees with it: its 四 is this year's
/// 二, its 现行有效件数 this year's minus this year's changes, and its 五 is
/// another real text (so TXT-REPEAT compares two full texts).
fn synthetic_last_year(this: &Report) -> Report {
    let mut last = this.clone();
    last.year = "2023".into();
    last.problems = reports::HONGZE_2024_PROBLEMS.into();
    for c in T3Col::ALL {
        let carried_in = this.cell(CellId::T3(T3Row::CarriedIn, c)).to_owned();
        let over = CellId::T3(T3Row::CarriedOver, c);
        if over.is_computed() {
            last.set_stated(over, carried_in);
        } else {
            last.set_cell(over, carried_in);
        }
    }
    for ValidRow {
        issued,
        repealed,
        valid,
    } in T2_VALID_ROWS
    {
        let n = |c| this.count(CellId::T2(c)).unwrap_or(0);
        let before = n(valid) + n(repealed) - n(issued);
        last.set_cell(CellId::T2(valid), before.to_string());
    }
    last
}

fn main() {
    let this = reports::huaian_2024();
    let last = synthetic_last_year(&this);
    let settings = CheckSettings::default();
    // The bench measures the real work: the report must pass as expected.
    let findings = check(&this, Some(&last), &settings, Mode::Final);
    let rules: Vec<&str> = findings.iter().map(|f| f.rule.id()).collect();
    assert_eq!(rules, ["TXT-LEN"], "{findings:#?}");

    bench("check(full report, with last year)", || {
        check(
            black_box(&this),
            black_box(Some(&last)),
            &settings,
            Mode::Final,
        )
    });
    bench("check(full report, no last year)", || {
        check(black_box(&this), None, &settings, Mode::Final)
    });
    bench("parse every cell (Sheet::new)", || {
        Sheet::new(black_box(&this))
    });
    bench("read the numbers of 一 (stated_numbers)", || {
        stated_numbers(black_box(&this.overview))
    });
    bench("compare 五 with last year's (overlap)", || {
        overlap(black_box(&this.problems), black_box(&last.problems))
    });
    bench_exports(&this);
    bench_imports();
}

// ---------------------------------------------------------------------------
// Exports
// ---------------------------------------------------------------------------

/// Building each export file of the complete report. A .docx should take
/// about 1 ms natively (the browser budget is 100 ms); each run is long
/// enough that a few hundred runs give a stable median.
fn bench_exports(report: &Report) {
    use nianbao::domain::export::{export, Format};
    const EXPORT_RUNS: usize = 300;
    for format in Format::ALL {
        let size = export(report, format).map(|b| b.len()).unwrap_or(0);
        let mut times: Vec<Duration> = (0..EXPORT_RUNS)
            .map(|_| {
                let start = Instant::now();
                let _ = black_box(export(black_box(report), format));
                start.elapsed()
            })
            .collect();
        times.sort_unstable();
        let micros = |d: Duration| d.as_secs_f64() * 1e6;
        println!(
            "export .{}: median {:.1} µs, p95 {:.1} µs (n={EXPORT_RUNS}), {size} bytes",
            format.ext(),
            micros(times[EXPORT_RUNS / 2]),
            micros(times[EXPORT_RUNS * 95 / 100]),
        );
    }
}

// ---------------------------------------------------------------------------
// Imports
// ---------------------------------------------------------------------------

/// Importing each real report of `shared/reports/` (the browser budget
/// for a file the user picks is about 100 ms).
fn bench_imports() {
    use nianbao::domain::import::import;
    const IMPORT_RUNS: usize = 300;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/reports");
    for name in [
        "2021_laocheng-jiguan-shiwu.txt",
        "2023_hongze-qu.txt",
        "2024_hongze-qu.txt",
        "2024_huaian-shi.txt",
    ] {
        let Ok(bytes) = std::fs::read(format!("{dir}/{name}")) else {
            println!("import {name}: file not found, skipped");
            continue;
        };
        assert!(import(&bytes, Some(name)).is_ok(), "{name}");
        let mut times: Vec<Duration> = (0..IMPORT_RUNS)
            .map(|_| {
                let start = Instant::now();
                let _ = black_box(import(black_box(&bytes), Some(name)));
                start.elapsed()
            })
            .collect();
        times.sort_unstable();
        println!(
            "import {name}: median {:.1} µs (n={IMPORT_RUNS}), {} bytes",
            times[IMPORT_RUNS / 2].as_secs_f64() * 1e6,
            bytes.len()
        );
        // The same text as one line, and with every space and line break
        // removed (all cells run together, split by the table's rules).
        let text = String::from_utf8_lossy(&bytes);
        let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let tight: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        for (layout, t) in [("as one line", one_line), ("run together", tight)] {
            let mut times: Vec<Duration> = (0..IMPORT_RUNS)
                .map(|_| {
                    let start = Instant::now();
                    let _ = black_box(nianbao::domain::import::import_text(black_box(&t)));
                    start.elapsed()
                })
                .collect();
            times.sort_unstable();
            println!(
                "import {name} {layout}: median {:.1} µs (n={IMPORT_RUNS})",
                times[IMPORT_RUNS / 2].as_secs_f64() * 1e6
            );
        }
    }
    // Five megabytes of digits: imported or refused, within the bounds of
    // the split search.
    let digits = "0123456789".repeat(512 * 1024);
    let start = Instant::now();
    let result = nianbao::domain::import::import_text(black_box(&digits));
    println!(
        "import 5 MB of digits: {:.1} ms ({})",
        start.elapsed().as_secs_f64() * 1e3,
        if result.is_ok() {
            "imported"
        } else {
            "refused"
        }
    );
}

//! Every label of `format.rs` against the verbatim code block of
//! `shared/format-2021.md`: the block is rebuilt from the data, line by
//! line, so a typo, a missing row or a wrong order fails here.
#![cfg(not(target_arch = "wasm32"))]

use nianbao::domain::format::{
    SectionId, T3Col, T3Row, T4Col, T4Group, SECTIONS, T2_BLOCKS, T2_CONTENT_HEADER, T3_APPLICANTS,
    T3_CORNER, T3_ORGS, T3_RESULTS_GROUP, T4_LITIGATION,
};

/// The first code block after the heading of the 2021 format.
fn format_block() -> String {
    // CI lays shared/ beside the repository, as on the developers' machines.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/format-2021.md");
    let md = std::fs::read_to_string(path).expect("shared/format-2021.md beside the repository");
    let (_, after) = md
        .split_once("## The 2021 format (current)")
        .expect("heading of the 2021 format");
    let (_, block) = after.split_once("```\n").expect("code block start");
    let (block, _) = block.split_once("```").expect("code block end");
    block.to_owned()
}

/// Lines without indentation, inner runs of spaces made one, blank lines
/// dropped: the layout of the block is for reading, the words are the data.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// The block as `format.rs` describes it.
fn rebuilt() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for section in &SECTIONS {
        out.push(section.heading.to_owned());
        if let Some(instruction) = section.instruction {
            out.push(format!("（{instruction}）"));
        }
        match section.id {
            SectionId::Proactive => {
                for block in &T2_BLOCKS {
                    out.push(block.label.to_owned());
                    let mut header = vec![T2_CONTENT_HEADER];
                    header.extend(block.columns);
                    out.push(header.join(" | "));
                    out.extend(block.rows.iter().map(|r| (*r).to_owned()));
                }
            }
            SectionId::Requests => {
                out.push(format!("top-left header cell: {T3_CORNER}"));
                let orgs: Vec<&str> = T3Col::ALL
                    .iter()
                    .filter(|c| c.is_org())
                    .map(|c| c.label())
                    .collect();
                out.push(format!(
                    "columns: {T3_APPLICANTS} → {} | {T3_ORGS} {{{}}} | {}",
                    T3Col::Natural.label(),
                    orgs.join(" | "),
                    T3Col::Total.label()
                ));
                out.push("rows:".to_owned());
                let mut group = None;
                for row in T3Row::ALL {
                    if row.in_results() && row == T3Row::Disclosed {
                        out.push(T3_RESULTS_GROUP.to_owned());
                    }
                    if row.sub_group() != group {
                        group = row.sub_group();
                        if let Some(g) = group {
                            out.push(g.label().to_owned());
                        }
                    }
                    out.push(row.label().to_owned());
                }
            }
            SectionId::Review => {
                let cols: Vec<&str> = T4Col::ALL.iter().map(|c| c.label()).collect();
                for g in T4Group::ALL {
                    let name = match g {
                        T4Group::Review => g.label().to_owned(),
                        _ => format!("{T4_LITIGATION} · {}", g.label()),
                    };
                    out.push(format!("{name}: {}", cols.join(" | ")));
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn every_label_matches_the_format_verbatim() {
    let want = lines(&format_block());
    let have = rebuilt();
    for (i, (w, h)) in want.iter().zip(&have).enumerate() {
        assert_eq!(h, w, "line {} of the format's code block", i + 1);
    }
    assert_eq!(have.len(), want.len(), "number of lines");
}

#[test]
fn the_block_is_read_as_expected() {
    // Guards the reading itself: a broken split would compare nothing.
    let want = lines(&format_block());
    assert_eq!(want.first().map(String::as_str), Some("一、总体情况"));
    assert_eq!(
        want.last().map(String::as_str),
        Some("（文字描述，收取信息处理费情况在此处报告。）")
    );
    // 6 headings + 3 instructions; table 二: 4 blocks × (label + header) + 6
    // rows; table 三: corner, columns, 「rows:」, 25 rows, 1 group and 4
    // sub-group labels; table 四: 3 blocks.
    assert_eq!(want.len(), 6 + 3 + (4 * 2 + 6) + (3 + 25 + 1 + 4) + 3);
}

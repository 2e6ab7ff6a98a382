//! Word 97–2003 binary documents (`.doc`, and WPS files saved in that
//! format), as [MS-DOC] describes them: the text of the main document
//! through the piece table, paragraphs and table rows through the
//! paragraph properties, into the same lines as a `.docx`.
//!
//! Many agencies still publish their report as a `.doc` attachment, and a
//! 政务公开办 receives them by the dozen; asking for each to be saved
//! again as `.docx` first is the work this tool saves.
//!
//! What is read: the main text (not headers, footnotes or text boxes),
//! with field codes left out and their results kept; tables with their
//! rows and cells, a cell merged with the one above marked as covered, a
//! table inside a cell handled as in a `.docx` (the outer one is page
//! layout). What is not: encrypted files, and Word 95 or older.

use super::cfb::{u16_at, u32_at, Cfb, CfbError};
use super::docx::{Word, WordSpan};
use super::grid_builder::GridBuilder;
use super::lines::Doc;
use super::{report, ImportError, Imported, SourceKind};

const MAIN: &str = "WordDocument";
/// The FIB's `wIdent`.
const WORD_IDENT: u16 = 0xA5EC;
/// `nFib` of Word 97; Word 6 and 95 files are older and laid out otherwise.
const NFIB_97: u16 = 0x00C1;
/// Bytes of a formatted disk page (FKP).
const PAGE: usize = 512;

// Sprms read from paragraph properties.
const SPRM_P_F_IN_TABLE: u16 = 0x2416;
const SPRM_P_F_TTP: u16 = 0x2417;
const SPRM_P_ITAP: u16 = 0x6649;
const SPRM_P_F_INNER_TABLE_CELL: u16 = 0x244A;
const SPRM_P_F_INNER_TTP: u16 = 0x244B;
const SPRM_T_DEF_TABLE: u16 = 0xD608;
const SPRM_T_VERT_MERGE: u16 = 0xD62B;
const SPRM_P_CHG_TABS: u16 = 0xC615;
/// Properties too long for their page, kept in the Data stream.
const SPRM_P_HUGE_PAPX: u16 = 0x6646;

fn bad(e: impl ToString) -> ImportError {
    ImportError::BadDocx(e.to_string())
}

pub(crate) fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    let cfb = Cfb::open(bytes).map_err(bad)?;
    if !cfb.has(MAIN) {
        // A workbook, a presentation, or a WPS file of its own old format.
        return Err(ImportError::OldOffice);
    }
    report::read(lines(&cfb)?, SourceKind::Doc)
}

/// What this reader takes from the File Information Block.
struct Fib {
    /// The table stream is 「1Table」, else 「0Table」.
    table1: bool,
    /// Characters of the main document.
    ccp_text: u32,
    clx: (u32, u32),
    bte_papx: (u32, u32),
    bte_chpx: (u32, u32),
}

impl Fib {
    fn read(word: &[u8]) -> Result<Fib, ImportError> {
        let short = || bad("文件头不完整");
        if u16_at(word, 0).ok_or_else(short)? != WORD_IDENT {
            return Err(bad("不是Word文档"));
        }
        let nfib = u16_at(word, 2).ok_or_else(short)?;
        let flags = u16_at(word, 0x0A).ok_or_else(short)?;
        if nfib < NFIB_97 {
            return Err(bad("Word 95 或更早版本的文件"));
        }
        if flags & 0x0100 != 0 {
            return Err(bad("文件已加密，请先在Word或WPS中取消密码"));
        }
        // FibBase (32 bytes), then three arrays, each after its count.
        let csw = usize::from(u16_at(word, 32).ok_or_else(short)?);
        let lw = 32 + 2 + 2 * csw;
        let cslw = usize::from(u16_at(word, lw).ok_or_else(short)?);
        let ccp_text = u32_at(word, lw + 2 + 4 * 3).ok_or_else(short)?;
        let fc_lcb = lw + 2 + 4 * cslw + 2;
        let pair = |i: usize| -> Result<(u32, u32), ImportError> {
            let at = fc_lcb + 8 * i;
            Ok((
                u32_at(word, at).ok_or_else(short)?,
                u32_at(word, at + 4).ok_or_else(short)?,
            ))
        };
        Ok(Fib {
            table1: flags & 0x0200 != 0,
            ccp_text,
            bte_papx: pair(13)?,
            bte_chpx: pair(12)?,
            clx: pair(33)?,
        })
    }
}

/// A run of the main text stored in one place (`Pcd`).
struct Piece {
    cp: u32,
    cp_end: u32,
    /// Byte offset in the WordDocument stream.
    at: usize,
    /// One byte a character (Windows-1252), else UTF-16.
    compressed: bool,
}

fn pieces(table: &[u8], (fc, lcb): (u32, u32)) -> Result<Vec<Piece>, ImportError> {
    let broken = || bad("文字位置表已损坏");
    let start = fc as usize;
    let clx = table
        .get(start..start.saturating_add(lcb as usize))
        .ok_or_else(broken)?;
    // Property runs (Prc) come first; then the piece table (Pcdt).
    let mut i = 0;
    loop {
        match clx.get(i) {
            Some(1) => {
                let cb = u16_at(clx, i + 1).ok_or_else(broken)?;
                i += 3 + usize::from(cb);
            }
            Some(2) => break,
            _ => return Err(broken()),
        }
    }
    let lcb = u32_at(clx, i + 1).ok_or_else(broken)? as usize;
    let plc = clx
        .get(i + 5..(i + 5).saturating_add(lcb))
        .ok_or_else(broken)?;
    if lcb < 4 || !(lcb - 4).is_multiple_of(12) {
        return Err(broken());
    }
    let n = (lcb - 4) / 12;
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        let cp = u32_at(plc, 4 * k).ok_or_else(broken)?;
        let cp_end = u32_at(plc, 4 * (k + 1)).ok_or_else(broken)?;
        let fc = u32_at(plc, 4 * (n + 1) + 8 * k + 2).ok_or_else(broken)?;
        let compressed = fc & 0x4000_0000 != 0;
        let raw = (fc & 0x3FFF_FFFF) as usize;
        out.push(Piece {
            cp,
            cp_end: cp_end.max(cp),
            at: if compressed { raw / 2 } else { raw },
            compressed,
        });
    }
    Ok(out)
}

/// Windows-1252's characters for 0x80–0x9F, as Word's compressed text
/// stores them; other bytes are Latin-1.
pub(crate) fn cp1252(b: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => char::from_u32(u32::from(HIGH[usize::from(b - 0x80)])).unwrap_or('\u{FFFD}'),
        _ => char::from(b),
    }
}

/// The main document's characters, each with the byte offset where it is
/// stored (paragraph properties are found by that offset).
fn text(word: &[u8], pieces: &[Piece], ccp_text: u32) -> Result<Vec<(char, usize)>, ImportError> {
    let cut = || bad("文字内容不完整");
    let mut out = Vec::new();
    // Pieces follow one another; one that goes back over text already read
    // (a broken table) is read from where the text stands, so no text is
    // read twice and the whole is at most `ccp_text` characters.
    let mut next = 0u32;
    for p in pieces {
        let end = p.cp_end.min(ccp_text);
        let from = p.cp.max(next);
        if from >= end {
            continue;
        }
        next = end;
        let skip = (from - p.cp) as usize;
        let n = (end - from) as usize;
        let p = Piece {
            cp: from,
            cp_end: end,
            at: if p.compressed {
                p.at.saturating_add(skip)
            } else {
                p.at.saturating_add(2 * skip)
            },
            compressed: p.compressed,
        };
        if p.compressed {
            let bytes = word.get(p.at..p.at.saturating_add(n)).ok_or_else(cut)?;
            out.extend(
                bytes
                    .iter()
                    .enumerate()
                    .map(|(i, &b)| (cp1252(b), p.at + i)),
            );
        } else {
            let bytes = word
                .get(p.at..p.at.saturating_add(n.saturating_mul(2)))
                .ok_or_else(cut)?;
            let units = bytes
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]));
            let mut at = p.at;
            for c in char::decode_utf16(units) {
                let c = c.unwrap_or('\u{FFFD}');
                out.push((c, at));
                at += 2 * c.len_utf16();
            }
        }
    }
    Ok(out)
}

/// What a paragraph's properties say about tables.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Para {
    /// Table depth: 0 outside tables.
    depth: u32,
    /// Ends a row of a table of depth 1.
    ttp: bool,
    /// Ends a cell of a nested table.
    inner_cell: bool,
    /// Ends a row of a nested table.
    inner_ttp: bool,
    /// For a row's end: the cells that continue a merge (the cell above,
    /// or the one to the left in Word 97's horizontal merges).
    merged: Vec<bool>,
}

/// Calls `f` with each sprm's opcode and operand.
fn sprms(grpprl: &[u8], mut f: impl FnMut(u16, &[u8])) {
    let mut i = 0;
    while let Some(op) = u16_at(grpprl, i) {
        i += 2;
        let len = match op >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            // Variable: a size first. sprmTDefTable's is two bytes and
            // counts itself less one; sprmPChgTabs's 255 means the
            // operand is too long to skip safely here.
            _ if op == SPRM_T_DEF_TABLE => match u16_at(grpprl, i) {
                Some(cb) => usize::from(cb) + 1,
                None => return,
            },
            // sprmPChgTabs too long for its size byte (255): deleted tabs
            // (2 + 2 bytes each) and added ones (2 + 1 bytes each), counted.
            _ if op == SPRM_P_CHG_TABS && grpprl.get(i) == Some(&255) => {
                let Some(&del) = grpprl.get(i + 1) else {
                    return;
                };
                let add_at = i + 2 + 4 * usize::from(del);
                let Some(&add) = grpprl.get(add_at) else {
                    return;
                };
                1 + (1 + 4 * usize::from(del)) + (1 + 3 * usize::from(add))
            }
            _ => match grpprl.get(i) {
                Some(&cb) => 1 + usize::from(cb),
                None => return,
            },
        };
        let Some(operand) = grpprl.get(i..i + len) else {
            return;
        };
        f(op, operand);
        i += len;
    }
}

fn para(grpprl: &[u8]) -> Para {
    let mut p = Para::default();
    let mut in_table = false;
    let mut itap = None;
    sprms(grpprl, |op, v| {
        let on = v.first().is_some_and(|&b| b != 0);
        match op {
            SPRM_P_F_IN_TABLE => in_table = on,
            SPRM_P_F_TTP => p.ttp = on,
            SPRM_P_ITAP => itap = u32_at(v, 0),
            SPRM_P_F_INNER_TABLE_CELL => p.inner_cell = on,
            SPRM_P_F_INNER_TTP => p.inner_ttp = on,
            SPRM_T_DEF_TABLE => {
                // cb (2), itcMac (1), rgdxaCenter (2 each, itcMac + 1),
                // then a TC80 of 20 bytes a cell, which may stop early.
                let Some(&cells) = v.get(2) else {
                    return;
                };
                let cells = usize::from(cells);
                let tcs = 3 + 2 * (cells + 1);
                p.merged = (0..cells)
                    .map(|c| {
                        let grf = u16_at(v, tcs + 20 * c).unwrap_or(0);
                        let horizontal = grf & 0b11;
                        let vertical = (grf >> 5) & 0b11;
                        horizontal >= 2 || vertical == 1
                    })
                    .collect();
            }
            SPRM_T_VERT_MERGE => {
                // cb, the cell, then 1 when it continues the cell above.
                if let (Some(&c), Some(&flag)) = (v.get(1), v.get(2)) {
                    let c = usize::from(c);
                    if p.merged.len() <= c {
                        p.merged.resize(c + 1, false);
                    }
                    p.merged[c] = flag == 1;
                }
            }
            _ => {}
        }
    });
    p.depth = match itap {
        Some(d) => d.min(16),
        None => u32::from(in_table),
    };
    p
}

/// The paragraph properties of the text stored in `[start, end)`.
struct Run {
    start: usize,
    end: usize,
    para: Para,
}

/// Every run of paragraph properties the PAPX pages list, by offset.
/// The formatted disk pages (FKPs) a bin table names (its location in the
/// table stream given by the FIB), each once however often it is named.
fn fkp_pages<'w>(word: &'w [u8], table: &[u8], (fc, lcb): (u32, u32)) -> Vec<&'w [u8]> {
    let Some(plc) = table.get(fc as usize..(fc as usize).saturating_add(lcb as usize)) else {
        return Vec::new();
    };
    let n = plc.len().saturating_sub(4) / 8;
    let mut pages: Vec<u32> = (0..n)
        .filter_map(|k| u32_at(plc, 4 * (n + 1) + 4 * k))
        .map(|pn| pn & 0x3F_FFFF)
        .collect();
    pages.sort_unstable();
    pages.dedup();
    pages
        .into_iter()
        .filter_map(|pn| {
            let at = pn as usize * PAGE;
            word.get(at..at + PAGE)
        })
        .collect()
}

fn runs(word: &[u8], table: &[u8], data: &[u8], bte: (u32, u32)) -> Vec<Run> {
    let mut out = Vec::new();
    let mut huge_cache: std::collections::HashMap<u32, Vec<u8>> = Default::default();
    for fkp in fkp_pages(word, table, bte) {
        // At most 0x1D paragraphs a page, as the format says.
        let count = usize::from(fkp[PAGE - 1]).min(0x1D);
        let bx = 4 * (count + 1);
        for i in 0..count {
            let (Some(start), Some(end)) = (u32_at(fkp, 4 * i), u32_at(fkp, 4 * i + 4)) else {
                break;
            };
            let offset = fkp.get(bx + 13 * i).map_or(0, |&b| 2 * usize::from(b));
            let grpprl = if offset == 0 {
                &[][..]
            } else {
                // PapxInFkp: a count of words (less a byte), or 0 and the
                // count of words in the next byte; then istd and sprms.
                let cb = fkp.get(offset).copied().unwrap_or(0);
                let (from, len) = if cb != 0 {
                    (offset + 1, 2 * usize::from(cb) - 1)
                } else {
                    (
                        offset + 2,
                        2 * usize::from(fkp.get(offset + 1).copied().unwrap_or(0)),
                    )
                };
                fkp.get(from..from + len)
                    .and_then(|g| g.get(2..))
                    .unwrap_or(&[])
            };
            // A row of many cells has properties too long for the page
            // (its cells' widths, borders and merges): they are in the
            // Data stream, two bytes of length first.
            let mut huge = Vec::new();
            sprms(grpprl, |op, v| {
                if op == SPRM_P_HUGE_PAPX {
                    let Some(at) = u32_at(v, 0) else {
                        return;
                    };
                    let bytes = huge_cache.entry(at).or_insert_with(|| {
                        let at = at as usize;
                        u16_at(data, at)
                            .and_then(|cb| data.get(at + 2..at + 2 + usize::from(cb)))
                            .unwrap_or(&[])
                            .to_vec()
                    });
                    huge.extend_from_slice(bytes);
                }
            });
            let props = if huge.is_empty() {
                para(grpprl)
            } else {
                para(&[grpprl, &huge].concat())
            };
            out.push(Run {
                start: start as usize,
                end: end as usize,
                para: props,
            });
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

fn props_at(runs: &[Run], at: usize) -> Para {
    let i = runs.partition_point(|r| r.start <= at);
    match i.checked_sub(1).and_then(|i| runs.get(i)) {
        Some(r) if at < r.end => r.para.clone(),
        _ => Para::default(),
    }
}

/// The lines of a Word 97–2003 document.
fn lines(cfb: &Cfb) -> Result<Doc, ImportError> {
    let word = cfb.stream(MAIN).map_err(bad)?;
    let fib = Fib::read(&word)?;
    let name = if fib.table1 { "1Table" } else { "0Table" };
    let table = cfb.stream(name).map_err(|e| match e {
        CfbError::NoStream(_) => bad("缺少文字位置表"),
        e => bad(e),
    })?;
    let pieces = pieces(&table, fib.clx)?;
    let mut chars = text(&word, &pieces, fib.ccp_text)?;
    // Text deleted with changes tracked is still in the file: Word shows
    // it struck through, a reader of the report must not see it (a figure
    // changed from 12 to 15 would read 「1215」).
    let gone = deleted(&word, &table, fib.bte_chpx);
    if !gone.is_empty() {
        chars.retain(|(_, at)| {
            let i = gone.partition_point(|(start, _)| *start <= *at);
            i.checked_sub(1).is_none_or(|i| *at >= gone[i].1)
        });
    }
    // Only documents with long properties have a Data stream.
    let data = cfb.stream("Data").unwrap_or_default();
    let runs = runs(&word, &table, &data, fib.bte_papx);
    Ok(build(&chars, |at| props_at(&runs, at)))
}

/// sprmCFRMarkDel: the text is a tracked deletion.
const SPRM_C_F_R_MARK_DEL: u16 = 0x0800;

/// The stored ranges `[start, end)` of text marked deleted, from the
/// character properties' pages (CHPX FKPs), in order.
fn deleted(word: &[u8], table: &[u8], bte: (u32, u32)) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for fkp in fkp_pages(word, table, bte) {
        // At most 0x65 runs a page, as the format says.
        let count = usize::from(fkp[PAGE - 1]).min(0x65);
        let rgb = 4 * (count + 1);
        for i in 0..count {
            let (Some(start), Some(end)) = (u32_at(fkp, 4 * i), u32_at(fkp, 4 * i + 4)) else {
                break;
            };
            let offset = fkp.get(rgb + i).map_or(0, |&b| 2 * usize::from(b));
            if offset == 0 {
                continue;
            }
            let cb = usize::from(fkp.get(offset).copied().unwrap_or(0));
            let grpprl = fkp.get(offset + 1..offset + 1 + cb).unwrap_or(&[]);
            let mut gone = false;
            sprms(grpprl, |op, v| {
                if op == SPRM_C_F_R_MARK_DEL {
                    gone = v.first() == Some(&1);
                }
            });
            if gone && start < end {
                out.push((start as usize, end as usize));
            }
        }
    }
    out.sort_unstable();
    out
}

/// Lines from the main text's characters and each paragraph mark's
/// properties.
fn build(chars: &[(char, usize)], props: impl Fn(usize) -> Para) -> Doc {
    let mut w = GridBuilder::<Word>::default();
    let span = || WordSpan {
        cols: 1,
        merged: false,
    };
    // Tables open in `w`; the paragraph being read, its line breaks as
    // `\n`; open fields, true while in a field's code (before its result).
    let mut depth = 0;
    let mut text = String::new();
    // How many of them are in their code, kept as a count so that a
    // character costs the same however many fields are open.
    let mut fields: Vec<bool> = Vec::new();
    let mut in_code = 0usize;
    for &(c, at) in chars {
        match c {
            '\u{13}' => {
                fields.push(true);
                in_code += 1;
            }
            '\u{14}' => {
                if let Some(code) = fields.last_mut() {
                    if std::mem::replace(code, false) {
                        in_code -= 1;
                    }
                }
            }
            '\u{15}' => {
                if fields.pop() == Some(true) {
                    in_code -= 1;
                }
            }
            '\r' | '\u{7}' => {
                let p = props(at);
                let k = p.depth;
                while depth > k {
                    w.close_table();
                    depth -= 1;
                }
                while depth < k {
                    if depth > 0 && w.cell_mut().is_none() {
                        w.open_cell(span());
                    }
                    w.open_table();
                    depth += 1;
                }
                let row_end = (k == 1 && c == '\u{7}' && p.ttp) || (k > 1 && p.inner_ttp);
                if row_end {
                    // The row's own mark holds no text; its properties
                    // say which cells continue a merge.
                    if let Some(row) = w.row_mut() {
                        for (cell, &merged) in row.iter_mut().zip(&p.merged) {
                            cell.span.merged = merged;
                        }
                    }
                    w.close_row();
                } else {
                    if k > 0 && w.cell_mut().is_none() {
                        w.open_cell(span());
                    }
                    for (i, line) in text.split('\n').enumerate() {
                        if i > 0 {
                            w.end_line();
                        }
                        w.target().push_str(line);
                    }
                    w.end_line();
                    let cell_end = (k == 1 && c == '\u{7}') || (k > 1 && p.inner_cell);
                    if cell_end {
                        w.close_cell();
                    }
                }
                text.clear();
            }
            _ if in_code > 0 => {}
            '\t' => text.push('\t'),
            // Line, page, column and section breaks inside a paragraph.
            '\u{b}' | '\u{c}' | '\u{e}' => text.push('\n'),
            '\u{1e}' => text.push('-'),
            // Optional hyphens, anchors of pictures and notes: no text.
            c if u32::from(c) < 0x20 => {}
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        w.target().push_str(&text);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::super::lines::Cell;
    use super::*;

    fn cells(doc: &Doc) -> Vec<Vec<String>> {
        doc.lines
            .iter()
            .map(|l| {
                l.cells
                    .iter()
                    .map(|c| match c {
                        Cell::Text(t) => t.clone(),
                        Cell::Spanned => "^".to_owned(),
                    })
                    .collect()
            })
            .collect()
    }

    /// Characters at consecutive offsets, with the properties of each
    /// paragraph mark given by its place among the marks.
    fn doc_of(text: &str, marks: &[Para]) -> Doc {
        let chars: Vec<(char, usize)> = text.chars().enumerate().map(|(i, c)| (c, i)).collect();
        let at: Vec<usize> = chars
            .iter()
            .filter(|(c, _)| matches!(c, '\r' | '\u{7}'))
            .map(|&(_, i)| i)
            .collect();
        build(&chars, |i| {
            let k = at.iter().position(|&a| a == i).unwrap();
            marks[k].clone()
        })
    }

    fn cell() -> Para {
        Para {
            depth: 1,
            ..Para::default()
        }
    }

    fn row_end(merged: &[bool]) -> Para {
        Para {
            depth: 1,
            ttp: true,
            merged: merged.to_vec(),
            ..Para::default()
        }
    }

    #[test]
    fn paragraphs_rows_cells_and_merges() {
        let text = "标题\r三、本年度办理结果\u{7}（一）予以公开\u{7}5\u{7}\u{7}\u{7}（二）部分公开\u{7}\u{7}\u{7}后文\r";
        let marks = [
            Para::default(),
            cell(),
            cell(),
            cell(),
            row_end(&[false, false, false]),
            // An empty cell, a merged one: the first continues the
            // cell above.
            cell(),
            cell(),
            cell(),
            row_end(&[true, false, false]),
            Para::default(),
        ];
        let doc = doc_of(text, &marks);
        assert_eq!(
            cells(&doc),
            [
                vec!["标题"],
                vec!["三、本年度办理结果", "（一）予以公开", "5"],
                vec!["^", "（二）部分公开", ""],
                vec!["后文"],
            ]
        );
    }

    #[test]
    fn field_codes_are_dropped_and_their_results_kept() {
        let text = "见\u{13} HYPERLINK \"http://x\" \u{14}网站\u{15}。第\u{13}PAGE\u{15}页\r";
        let doc = doc_of(text, &[Para::default()]);
        assert_eq!(cells(&doc), [vec!["见网站。第页"]]);
    }

    #[test]
    fn a_table_in_a_cell_makes_the_outer_one_layout() {
        let inner = |ttp: bool| Para {
            depth: 2,
            inner_cell: !ttp,
            inner_ttp: ttp,
            ..Para::default()
        };
        let text = "前言\r项目\r数量\r\r\u{7}\u{7}";
        let marks = [
            cell(),
            inner(false),
            inner(false),
            inner(true),
            cell(),
            row_end(&[]),
        ];
        let doc = doc_of(text, &marks);
        assert_eq!(cells(&doc), [vec!["前言"], vec!["项目", "数量"]]);
    }

    #[test]
    fn sprms_give_table_depth_row_ends_and_merges() {
        // sprmPFInTable 1, sprmPFTtp 1, then sprmTDefTable for two cells,
        // the second continuing the cell above (vertMerge 1 at bit 5).
        let mut g = vec![0x16, 0x24, 1, 0x17, 0x24, 1];
        let mut def = vec![2u8];
        def.extend([0u8; 6]);
        def.extend([0u8; 20]);
        let mut tc = vec![0u8; 20];
        tc[0] = 1 << 5;
        def.extend(tc);
        g.extend([0x08, 0xD6]);
        g.extend(((def.len() + 1) as u16).to_le_bytes());
        g.extend(&def);
        // sprmPItap 1 after it: read only if the sizes were right.
        g.extend([0x49, 0x66, 1, 0, 0, 0]);
        let p = para(&g);
        assert_eq!(
            p,
            Para {
                depth: 1,
                ttp: true,
                merged: vec![false, true],
                ..Para::default()
            }
        );
        // A truncated operand stops the reading, without a panic.
        assert_eq!(para(&[0x49, 0x66, 1]).depth, 0);
    }

    /// A minimal Word 97 file: a FIB, the text in two pieces (the first
    /// UTF-16, the second compressed to one byte a character), a piece
    /// table in 1Table, and no paragraph properties. The piece table
    /// claims `more` characters more than the second piece holds.
    fn word97(utf16: &str, compressed: &str, more: u32) -> Vec<u8> {
        word97_deleting(utf16, compressed, more, None)
    }

    /// `word97`, with the UTF-16 characters `gone` (a range of them)
    /// marked as a tracked deletion in a CHPX page.
    fn word97_deleting(
        utf16: &str,
        compressed: &str,
        more: u32,
        gone: Option<std::ops::Range<u32>>,
    ) -> Vec<u8> {
        let mut word = vec![0u8; 1024];
        word[0..2].copy_from_slice(&WORD_IDENT.to_le_bytes());
        word[2..4].copy_from_slice(&NFIB_97.to_le_bytes());
        word[0x0A..0x0C].copy_from_slice(&0x0200u16.to_le_bytes());
        word[32..34].copy_from_slice(&14u16.to_le_bytes());
        let lw = 34 + 28;
        word[lw..lw + 2].copy_from_slice(&22u16.to_le_bytes());
        let fc_lcb = lw + 2 + 88 + 2;
        word[fc_lcb - 2..fc_lcb].copy_from_slice(&93u16.to_le_bytes());
        let units: Vec<u16> = utf16.encode_utf16().collect();
        let n1 = units.len() as u32;
        let n2 = compressed.len() as u32;
        word[lw + 2 + 12..lw + 2 + 16].copy_from_slice(&(n1 + n2 + more).to_le_bytes());
        let at1 = word.len() as u32;
        word.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        let at2 = word.len() as u32;
        word.extend(compressed.bytes());
        // The piece table: CPs 0, n1, n1+n2; then two Pcds.
        let mut plc = Vec::new();
        for cp in [0, n1, n1 + n2 + more] {
            plc.extend(cp.to_le_bytes());
        }
        for fc in [at1, (at2 * 2) | 0x4000_0000] {
            plc.extend([0, 0]);
            plc.extend(fc.to_le_bytes());
            plc.extend([0, 0]);
        }
        let mut clx = vec![2u8];
        clx.extend((plc.len() as u32).to_le_bytes());
        clx.extend(plc);
        let at = fc_lcb + 8 * 33;
        word[at..at + 4].copy_from_slice(&0u32.to_le_bytes());
        word[at + 4..at + 8].copy_from_slice(&(clx.len() as u32).to_le_bytes());
        if let Some(gone) = gone {
            // One CHPX page: the run from the first deleted character's
            // byte to after the last, with sprmCFRMarkDel 1.
            let (start, end) = (at1 + 2 * gone.start, at1 + 2 * gone.end);
            while !word.len().is_multiple_of(PAGE) {
                word.push(0);
            }
            let pn = (word.len() / PAGE) as u32;
            let mut fkp = vec![0u8; PAGE];
            fkp[0..4].copy_from_slice(&start.to_le_bytes());
            fkp[4..8].copy_from_slice(&end.to_le_bytes());
            fkp[8] = 200; // the CHPX at byte 400
            fkp[400] = 3;
            fkp[401..404].copy_from_slice(&[0x00, 0x08, 1]);
            fkp[PAGE - 1] = 1;
            word.extend(fkp);
            let bte = clx.len() as u32;
            clx.extend(start.to_le_bytes());
            clx.extend(end.to_le_bytes());
            clx.extend(pn.to_le_bytes());
            let at = fc_lcb + 8 * 12;
            word[at..at + 4].copy_from_slice(&bte.to_le_bytes());
            word[at + 4..at + 8].copy_from_slice(&12u32.to_le_bytes());
        }
        super::super::cfb::tests::build(&[("WordDocument", &word), ("1Table", &clx)])
    }

    #[test]
    fn a_word_97_file_reads_through_its_pieces() {
        let file = word97(
            "某某县财政局2024年政府信息公开工作年度报告\r一、总体情况\r",
            "2024 (see page 3)\r",
            0,
        );
        let cfb = Cfb::open(&file).unwrap();
        let doc = lines(&cfb).unwrap();
        assert_eq!(
            cells(&doc),
            [
                vec!["某某县财政局2024年政府信息公开工作年度报告"],
                vec!["一、总体情况"],
                vec!["2024 (see page 3)"],
            ]
        );
        // The same through the importer: a report of that agency and year.
        let got = super::super::import(&file, Some("a.doc")).unwrap();
        assert_eq!(got.format, SourceKind::Doc);
        assert_eq!(got.report.agency, "某某县财政局");
        assert_eq!(got.report.year, "2024");
    }

    #[test]
    fn other_compound_files_and_broken_ones_say_what_they_are() {
        let book = super::super::cfb::tests::build(&[("Workbook", &[1, 2, 3])]);
        assert_eq!(read(&book).err(), Some(ImportError::OldOffice));
        let junk = super::super::cfb::tests::build(&[("WordDocument", &[9; 600])]);
        assert!(matches!(read(&junk), Err(ImportError::BadDocx(_))));
        // The text runs past the end of the stream.
        let cut = word97("一、总体情况\r", "2024\r", 5000);
        assert!(matches!(read(&cut), Err(ImportError::BadDocx(_))));
        // Encrypted, and Word 95.
        for (at, value) in [(0x0A, 0x0300u16), (2, 0x0068)] {
            let mut f = word97("一\r", "", 0);
            let w = Cfb::open(&f).unwrap().stream("WordDocument").unwrap();
            let start = f.windows(w.len()).position(|x| x == w.as_slice()).unwrap();
            f[start + at..start + at + 2].copy_from_slice(&value.to_le_bytes());
            let err = read(&f).unwrap_err().to_string();
            assert!(err.contains("加密") || err.contains("Word 95"), "{err}");
        }
    }

    #[test]
    fn text_deleted_with_changes_tracked_is_not_read() {
        // 「12」 changed to 「15」 with changes tracked: 「2」 deleted.
        let text = "本年收费 125 元\r";
        let file = word97_deleting(text, "", 0, Some(6..7));
        let doc = lines(&Cfb::open(&file).unwrap()).unwrap();
        assert_eq!(cells(&doc), [vec!["本年收费 15 元"]]);
        let plain = word97_deleting(text, "", 0, None);
        let doc = lines(&Cfb::open(&plain).unwrap()).unwrap();
        assert_eq!(cells(&doc), [vec!["本年收费 125 元"]]);
    }

    #[test]
    fn pieces_that_go_back_are_not_read_twice() {
        // A broken piece table naming the same 5 characters 10,000 times:
        // read once.
        let word: Vec<u8> = "一二三四五"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let pieces: Vec<Piece> = (0..10_000)
            .map(|_| Piece {
                cp: 0,
                cp_end: 5,
                at: 0,
                compressed: false,
            })
            .collect();
        let got = text(&word, &pieces, 1_000_000).unwrap();
        assert_eq!(
            got.iter().map(|(c, _)| *c).collect::<String>(),
            "一二三四五"
        );
        // A piece starting inside text already read gives only the rest.
        let two = [
            Piece {
                cp: 0,
                cp_end: 3,
                at: 0,
                compressed: false,
            },
            Piece {
                cp: 1,
                cp_end: 5,
                at: 2,
                compressed: false,
            },
        ];
        let got = text(&word, &two, 5).unwrap();
        assert_eq!(
            got.iter().map(|(c, _)| *c).collect::<String>(),
            "一二三四五"
        );
    }

    #[test]
    fn compressed_text_maps_windows_1252() {
        assert_eq!(cp1252(b'A'), 'A');
        assert_eq!(cp1252(0x93), '“');
        assert_eq!(cp1252(0xA0), '\u{a0}');
    }
}

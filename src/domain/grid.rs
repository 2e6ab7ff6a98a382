//! The tables as grids of cells, in their printed layout: what is next to
//! what, for spreadsheet-like keyboard moves and for pasting a block copied
//! from Excel, WPS or a Word table.
//!
//! A grid holds computed cells too, at the place they are printed, so that a
//! pasted row that includes its 总计 lines up; values that land on a computed
//! cell are not entered.

use super::format::{CellId, SectionId, T2Cell, T3Col, T3Row, T4Col, T4Group};

/// A table's cells by printed row and column. Rows may be ragged (table 二's
/// blocks have one or three columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub rows: Vec<Vec<CellId>>,
}

/// A direction to move the focus in.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
    Left,
    Right,
}

impl Grid {
    /// The grid of the table in `section`; `None` for a text section.
    pub fn of(section: SectionId) -> Option<Grid> {
        let rows = match section {
            SectionId::Proactive => {
                let mut rows: Vec<Vec<CellId>> = Vec::new();
                for cell in T2Cell::ALL {
                    let (block, row, _) = cell.position();
                    let starts_row =
                        rows.last()
                            .and_then(|r| r.first())
                            .is_none_or(|first| match first {
                                CellId::T2(f) => {
                                    let (fb, fr, _) = f.position();
                                    (fb, fr) != (block, row)
                                }
                                _ => true,
                            });
                    if starts_row {
                        rows.push(Vec::new());
                    }
                    if let Some(r) = rows.last_mut() {
                        r.push(CellId::T2(cell));
                    }
                }
                rows
            }
            SectionId::Requests => T3Row::ALL
                .iter()
                .map(|&r| T3Col::ALL.iter().map(|&c| CellId::T3(r, c)).collect())
                .collect(),
            SectionId::Review => vec![T4Group::ALL
                .iter()
                .flat_map(|&g| T4Col::ALL.iter().map(move |&c| CellId::T4(g, c)))
                .collect()],
            _ => return None,
        };
        Some(Grid { rows })
    }

    /// The grid that holds `cell`.
    pub fn containing(cell: CellId) -> Grid {
        // Every cell belongs to a table section, so the grid exists.
        Grid::of(cell.section()).unwrap_or(Grid { rows: Vec::new() })
    }

    /// Row and column of a cell.
    pub fn position(&self, cell: CellId) -> Option<(usize, usize)> {
        self.rows
            .iter()
            .enumerate()
            .find_map(|(r, row)| row.iter().position(|&c| c == cell).map(|c| (r, c)))
    }

    /// The entered cell the focus moves to from `from`, skipping computed
    /// cells; `None` at the table's edge.
    pub fn step(&self, from: CellId, dir: Move) -> Option<CellId> {
        let (mut r, mut c) = self.position(from)?;
        loop {
            match dir {
                Move::Up => r = r.checked_sub(1)?,
                Move::Down => r += 1,
                Move::Left => c = c.checked_sub(1)?,
                Move::Right => c += 1,
            }
            let row = self.rows.get(r)?;
            // Moving vertically into a shorter row lands on its last cell.
            let col = if matches!(dir, Move::Up | Move::Down) {
                c.min(row.len().checked_sub(1)?)
            } else {
                c
            };
            let cell = *row.get(col)?;
            if !cell.is_computed() {
                return Some(cell);
            }
        }
    }

    /// Where each value of a pasted block goes, starting at `start`: the
    /// block's rows go down the grid's rows, its columns across. Values that
    /// fall outside the table or on a computed cell are dropped.
    pub fn place_block(&self, start: CellId, block: &[Vec<String>]) -> Vec<(CellId, String)> {
        self.place_all(start, block)
            .into_iter()
            .filter(|(cell, _)| !cell.is_computed())
            .collect()
    }

    /// Where each value of a pasted block lands, computed cells included;
    /// values outside the table are dropped.
    pub fn place_all(&self, start: CellId, block: &[Vec<String>]) -> Vec<(CellId, String)> {
        let Some((r0, c0)) = self.position(start) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (dr, values) in block.iter().enumerate() {
            let Some(row) = self.rows.get(r0 + dr) else {
                break;
            };
            for (dc, value) in values.iter().enumerate() {
                if let Some(&cell) = row.get(c0 + dc) {
                    out.push((cell, value.clone()));
                }
            }
        }
        out
    }
}

/// Splits clipboard text into rows of cells: rows by line breaks, cells by
/// tabs, as Excel, WPS and Word tables put them on the clipboard. A trailing
/// line break (Excel always adds one) makes no extra row.
pub fn parse_block(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    text.split('\n')
        .map(|line| {
            line.strip_suffix('\r')
                .unwrap_or(line)
                .split('\t')
                .map(|v| v.trim().to_owned())
                .collect()
        })
        .collect()
}

/// True when clipboard text is a block (more than one cell) rather than a
/// value to paste into one cell.
pub fn is_block(text: &str) -> bool {
    let b = parse_block(text);
    b.len() > 1 || b.first().is_some_and(|r| r.len() > 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_skip_computed_cells_and_stop_at_edges() {
        let g = Grid::of(SectionId::Requests).expect("table 三");
        let c = |r, col| CellId::T3(r, col);
        assert_eq!(
            g.step(c(T3Row::New, T3Col::Natural), Move::Down),
            Some(c(T3Row::CarriedIn, T3Col::Natural))
        );
        // Down from 3.其他 jumps over （七）总计 to 四.
        assert_eq!(
            g.step(c(T3Row::Other3, T3Col::Legal), Move::Down),
            Some(c(T3Row::CarriedOver, T3Col::Legal))
        );
        assert_eq!(
            g.step(c(T3Row::CarriedOver, T3Col::Legal), Move::Down),
            None
        );
        assert_eq!(g.step(c(T3Row::New, T3Col::Natural), Move::Up), None);
        assert_eq!(g.step(c(T3Row::New, T3Col::OtherOrg), Move::Right), None);
        assert_eq!(
            g.step(c(T3Row::New, T3Col::Business), Move::Left),
            Some(c(T3Row::New, T3Col::Natural))
        );

        let t4 = Grid::of(SectionId::Review).expect("table 四");
        assert_eq!(
            t4.step(CellId::T4(T4Group::Review, T4Col::Pending), Move::Right),
            Some(CellId::T4(T4Group::DirectSuit, T4Col::Upheld))
        );

        let t2 = Grid::of(SectionId::Proactive).expect("table 二");
        assert_eq!(t2.rows.len(), 6);
        assert_eq!(
            t2.step(CellId::T2(T2Cell::RulesValid), Move::Down),
            Some(CellId::T2(T2Cell::NormsValid))
        );
        assert_eq!(
            t2.step(CellId::T2(T2Cell::NormsValid), Move::Down),
            Some(CellId::T2(T2Cell::Licensing))
        );
    }

    #[test]
    fn a_pasted_row_with_its_total_lines_up() {
        let g = Grid::of(SectionId::Requests).expect("table 三");
        let block = parse_block("3001\t53\t0\t0\t61\t4\t3119\r\n34\t0\t0\t0\t0\t0\t34\r\n");
        assert_eq!(block.len(), 2);
        let placed = g.place_block(CellId::T3(T3Row::New, T3Col::Natural), &block);
        assert_eq!(placed.len(), 12, "the two 总计 values are dropped");
        assert_eq!(
            placed[0],
            (CellId::T3(T3Row::New, T3Col::Natural), "3001".to_owned())
        );
        assert_eq!(
            placed[11],
            (
                CellId::T3(T3Row::CarriedIn, T3Col::OtherOrg),
                "0".to_owned()
            )
        );
        // Starting in the last column, everything right of the table is dropped.
        let edge = g.place_block(CellId::T3(T3Row::New, T3Col::OtherOrg), &block);
        assert_eq!(edge.len(), 2);
        assert!(is_block("1\t2"));
        assert!(!is_block("12\n"));
    }
}

//! Run-together digits: the ways a run splits into a row's cells, and the
//! search over all runs of a table at once against its rules.
//!
//! A run is a row's digits printed with fewer separators than the row has
//! cells (「300153006143119」 for seven cells). Its *candidates* are the
//! splits into one number per cell (no leading zeros, none above
//! `MAX_VALUE`, each printed token at least one number) that the row's own
//! rule accepts (table 三: the six applicants add up to 总计; table 四: each
//! block of five adds up; table 二 has none).
//!
//! The table's other rules tie the rows together (table 三, per column:
//! 一＋二＝（七）＋四 and （七）＝ the sum of the results). `solve` looks for
//! every *assignment*, one candidate per run, that satisfies all the
//! equations whose cells are known or in a run; a run's cell is determined
//! when it has the same value in every assignment. Numbers stated in the
//! text are more equations, tried only for what the rules leave open
//! (`settle`), and the cells they decide are reported as such.
//!
//! Everything is bounded: the candidates of a run (`MAX_CANDIDATES`, and a
//! step budget while enumerating) and the joint search (`JOINT_BUDGET`
//! steps). What a budget cuts short is never guessed: it is left open.

use std::collections::BTreeMap;

use crate::domain::format::CellId;
use crate::domain::number::MAX_VALUE;

/// The most candidates of one run that are kept; a run with more is left
/// to the user.
pub(crate) const MAX_CANDIDATES: usize = 500;

/// Steps for enumerating one run's candidates.
const ENUM_BUDGET: usize = 300_000;

/// Steps for the joint search of a table.
const JOINT_BUDGET: usize = 2_000_000;

/// The longest number, in digits.
const MAX_DIGITS: usize = 10;

/// A run's splits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Candidates {
    List(Vec<Vec<u64>>),
    /// More than `MAX_CANDIDATES`, or the budget ran out first.
    TooMany,
}

/// A rule checked on every prefix of a split: false when the values so
/// far can no longer be completed into a valid row.
pub(crate) type PrefixRule<'a> = &'a dyn Fn(&[u64]) -> bool;

struct Enumerator<'a> {
    tokens: &'a [Vec<u8>],
    suffix_digits: Vec<usize>,
    n: usize,
    rule: PrefixRule<'a>,
    values: Vec<u64>,
    found: Vec<Vec<u64>>,
    steps: usize,
    cut: bool,
}

impl Enumerator<'_> {
    /// Every split from token `t`, byte `pos`; false to stop.
    fn go(&mut self, t: usize, pos: usize) -> bool {
        self.steps += 1;
        if self.steps > ENUM_BUDGET {
            self.cut = true;
            return false;
        }
        let Some(tok) = self.tokens.get(t) else {
            if self.values.len() == self.n {
                if self.found.len() == MAX_CANDIDATES {
                    self.cut = true;
                    return false;
                }
                self.found.push(self.values.clone());
            }
            return true;
        };
        if pos == tok.len() {
            return self.go(t + 1, 0);
        }
        let parts_left = self.n.saturating_sub(self.values.len());
        let digits_left = tok.len() - pos + self.suffix_digits[t + 1];
        let tokens_left = self.tokens.len() - t;
        if parts_left < tokens_left
            || digits_left < parts_left
            || digits_left > MAX_DIGITS * parts_left
        {
            return true;
        }
        for len in 1..=(tok.len() - pos).min(MAX_DIGITS) {
            let part = &tok[pos..pos + len];
            if len > 1 && part[0] == 0 {
                break;
            }
            let v = part.iter().fold(0u64, |v, d| v * 10 + u64::from(*d));
            if v > MAX_VALUE {
                break;
            }
            self.values.push(v);
            let go_on = !(self.rule)(&self.values) || self.go(t, pos + len);
            self.values.pop();
            if !go_on {
                return false;
            }
        }
        true
    }
}

/// The digits of a printed token (full-width digits count); `None` when
/// it has anything else.
pub(crate) fn digits_of(token: &str) -> Option<Vec<u8>> {
    token
        .chars()
        .map(|c| match c {
            '0'..='9' => Some(c as u8 - b'0'),
            '０'..='９' => u8::try_from(c as u32 - '０' as u32).ok(),
            _ => None,
        })
        .collect()
}

/// Every split of `tokens` into `n` numbers that `rule` accepts (see the
/// module docs).
pub(crate) fn candidates(tokens: &[&str], n: usize, rule: PrefixRule<'_>) -> Candidates {
    let Some(tokens) = tokens
        .iter()
        .map(|t| digits_of(t))
        .collect::<Option<Vec<_>>>()
    else {
        return Candidates::List(Vec::new());
    };
    let mut suffix_digits = vec![0; tokens.len() + 1];
    for i in (0..tokens.len()).rev() {
        suffix_digits[i] = suffix_digits[i + 1] + tokens[i].len();
    }
    let mut e = Enumerator {
        tokens: &tokens,
        suffix_digits,
        n,
        rule,
        values: Vec::new(),
        found: Vec::new(),
        steps: 0,
        cut: false,
    };
    e.go(0, 0);
    if e.cut {
        Candidates::TooMany
    } else {
        Candidates::List(e.found)
    }
}

/// Table 三's row rule on a prefix: the six applicants add up to 总计.
pub(crate) fn t3_row_rule(v: &[u64]) -> bool {
    match v.len() {
        7 => v[..6].iter().sum::<u64>() == v[6],
        _ => true,
    }
}

/// Table 四's rule on a prefix: every complete block of five adds up.
pub(crate) fn t4_rule(v: &[u64]) -> bool {
    !v.len().is_multiple_of(5) || v[v.len() - 5..v.len() - 1].iter().sum::<u64>() == v[v.len() - 1]
}

/// No rule (table 二).
pub(crate) fn no_rule(_: &[u64]) -> bool {
    true
}

/// One run of a table, with its candidates.
#[derive(Clone, Debug)]
pub(crate) struct Run {
    pub cells: Vec<CellId>,
    pub candidates: Vec<Vec<u64>>,
}

/// Σ coefficient × cell = constant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Equation {
    pub terms: Vec<(i64, CellId)>,
    pub constant: i64,
}

impl Equation {
    /// a + b − c − d = 0, written as cells with signs.
    pub fn balance(plus: &[CellId], minus: &[CellId]) -> Equation {
        let terms = plus
            .iter()
            .map(|&c| (1, c))
            .chain(minus.iter().map(|&c| (-1, c)))
            .collect();
        Equation { terms, constant: 0 }
    }
}

/// What the joint search found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Joint {
    /// The candidates of each run (indices) that occur in some
    /// assignment.
    Found { survivors: Vec<Vec<usize>> },
    /// No assignment satisfies the equations.
    NoSolution,
    /// The budget ran out.
    TooHard,
}

/// An equation with the known cells folded into its constant and its
/// other cells grouped by run: for each run, each candidate's share.
struct Bound {
    rest: i64,
    shares: Vec<(usize, Vec<i64>)>,
}

/// Finds every assignment of candidates to runs that satisfies `eqs`
/// (see the module docs). Equations with a cell that is neither known nor
/// in a run, and equations with no run in them, are not used.
pub(crate) fn solve(runs: &[Run], known: &BTreeMap<CellId, u64>, eqs: &[Equation]) -> Joint {
    let mut place: BTreeMap<CellId, (usize, usize)> = BTreeMap::new();
    for (r, run) in runs.iter().enumerate() {
        for (p, c) in run.cells.iter().enumerate() {
            place.insert(*c, (r, p));
        }
    }
    let mut bounds: Vec<Bound> = Vec::new();
    'eq: for eq in eqs {
        let mut rest = eq.constant;
        let mut by_run: BTreeMap<usize, Vec<(i64, usize)>> = BTreeMap::new();
        for &(coef, cell) in &eq.terms {
            if let Some(&v) = known.get(&cell) {
                rest -= coef * v as i64;
            } else if let Some(&(r, p)) = place.get(&cell) {
                by_run.entry(r).or_default().push((coef, p));
            } else {
                continue 'eq;
            }
        }
        if by_run.is_empty() {
            continue;
        }
        let shares = by_run
            .into_iter()
            .map(|(r, terms)| {
                let per_candidate = runs[r]
                    .candidates
                    .iter()
                    .map(|cand| terms.iter().map(|(c, p)| c * cand[*p] as i64).sum())
                    .collect();
                (r, per_candidate)
            })
            .collect();
        bounds.push(Bound { rest, shares });
    }
    // Which candidates occur in an assignment.
    let mut seen: Vec<Vec<bool>> = runs
        .iter()
        .map(|r| vec![false; r.candidates.len()])
        .collect();
    // Runs in no equation keep every candidate and are not searched.
    let mut linked: Vec<usize> = (0..runs.len())
        .filter(|r| bounds.iter().any(|b| b.shares.iter().any(|(x, _)| x == r)))
        .collect();
    for (r, s) in seen.iter_mut().enumerate() {
        if !linked.contains(&r) {
            s.fill(true);
        }
    }
    if linked.iter().any(|&r| runs[r].candidates.is_empty()) {
        return Joint::NoSolution;
    }
    // Fewest candidates first: the search narrows fastest.
    linked.sort_by_key(|&r| runs[r].candidates.len());
    let depth_of: BTreeMap<usize, usize> =
        linked.iter().enumerate().map(|(d, &r)| (r, d)).collect();
    // For each equation, the least and most the runs from depth d on can
    // still add.
    let ranges: Vec<(Vec<i64>, Vec<i64>)> = bounds
        .iter()
        .map(|b| {
            let mut lo = vec![0i64; linked.len() + 1];
            let mut hi = vec![0i64; linked.len() + 1];
            for (r, share) in &b.shares {
                let d = depth_of[r];
                lo[d] += share.iter().copied().min().unwrap_or(0);
                hi[d] += share.iter().copied().max().unwrap_or(0);
            }
            for d in (0..linked.len()).rev() {
                lo[d] += lo[d + 1];
                hi[d] += hi[d + 1];
            }
            (lo, hi)
        })
        .collect();
    // Each run's share in each equation, by depth, for the search.
    let shares_at: Vec<Vec<(usize, &Vec<i64>)>> = linked
        .iter()
        .map(|r| {
            bounds
                .iter()
                .enumerate()
                .flat_map(|(e, b)| {
                    b.shares
                        .iter()
                        .filter(move |(x, _)| x == r)
                        .map(move |(_, s)| (e, s))
                })
                .collect()
        })
        .collect();
    let mut search = Search {
        linked: &linked,
        runs,
        bounds: &bounds,
        ranges: &ranges,
        shares_at: &shares_at,
        sums: vec![0; bounds.len()],
        chosen: Vec::new(),
        seen: &mut seen,
        steps: 0,
        found: false,
    };
    if !search.go(0) {
        return Joint::TooHard;
    }
    if !search.found {
        return Joint::NoSolution;
    }
    let survivors = seen
        .into_iter()
        .map(|s| {
            s.into_iter()
                .enumerate()
                .filter(|(_, y)| *y)
                .map(|(k, _)| k)
                .collect()
        })
        .collect();
    Joint::Found { survivors }
}

struct Search<'a> {
    linked: &'a [usize],
    runs: &'a [Run],
    bounds: &'a [Bound],
    ranges: &'a [(Vec<i64>, Vec<i64>)],
    shares_at: &'a [Vec<(usize, &'a Vec<i64>)>],
    sums: Vec<i64>,
    chosen: Vec<usize>,
    seen: &'a mut Vec<Vec<bool>>,
    steps: usize,
    found: bool,
}

impl Search<'_> {
    /// Tries every candidate at depth `d`; false when the budget ran out.
    fn go(&mut self, d: usize) -> bool {
        self.steps += 1;
        if self.steps > JOINT_BUDGET {
            return false;
        }
        // Can every equation still be met?
        for (e, b) in self.bounds.iter().enumerate() {
            let (lo, hi) = &self.ranges[e];
            let s = self.sums[e];
            if s + lo[d] > b.rest || s + hi[d] < b.rest {
                return true;
            }
        }
        if d == self.linked.len() {
            self.found = true;
            for (dd, &k) in self.chosen.iter().enumerate() {
                self.seen[self.linked[dd]][k] = true;
            }
            return true;
        }
        let r = self.linked[d];
        for k in 0..self.runs[r].candidates.len() {
            for (e, share) in &self.shares_at[d] {
                self.sums[*e] += share[k];
            }
            self.chosen.push(k);
            let ok = self.go(d + 1);
            self.chosen.pop();
            for (e, share) in &self.shares_at[d] {
                self.sums[*e] -= share[k];
            }
            if !ok {
                return false;
            }
        }
        true
    }
}

/// What became of one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Settled {
    /// Each cell's value when it is determined.
    pub values: Vec<Option<u64>>,
    /// Cells determined only with the text's numbers.
    pub from_text: Vec<bool>,
    /// The candidates still possible (all of them when nothing narrowed
    /// them down).
    pub candidates: Vec<Vec<u64>>,
    /// The candidates were narrowed by the table's equations (not only the
    /// row's own rule).
    pub joint: bool,
}

/// Why the table's equations were not used, if they were not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Fallback {
    /// Used.
    None,
    /// The equations contradict the numbers read (a published mistake).
    Contradiction,
    /// Too many combinations to search.
    TooHard,
}

/// The cells on which all the given candidates agree.
fn agreed(candidates: &[&Vec<u64>], width: usize) -> Vec<Option<u64>> {
    (0..width)
        .map(|p| {
            let first = candidates.first()?.get(p)?;
            candidates
                .iter()
                .all(|c| c.get(p) == Some(first))
                .then_some(*first)
        })
        .collect()
}

/// Settles every run: first with the table's equations `rules`, then, for
/// what they leave open, also with the text's numbers `stated`.
pub(crate) fn settle(
    runs: &[Run],
    known: &BTreeMap<CellId, u64>,
    rules: &[Equation],
    stated: &[Equation],
) -> (Vec<Settled>, Fallback) {
    let (survivors, fallback, joint) = match solve(runs, known, rules) {
        Joint::Found { survivors } => (survivors, Fallback::None, !rules.is_empty()),
        other => {
            let all = runs
                .iter()
                .map(|r| (0..r.candidates.len()).collect())
                .collect();
            let why = if other == Joint::TooHard {
                Fallback::TooHard
            } else if rules.is_empty() {
                Fallback::None
            } else {
                Fallback::Contradiction
            };
            (all, why, false)
        }
    };
    let narrowed: Vec<Run> = runs
        .iter()
        .zip(&survivors)
        .map(|(run, keep)| Run {
            cells: run.cells.clone(),
            candidates: keep.iter().map(|&k| run.candidates[k].clone()).collect(),
        })
        .collect();
    let first: Vec<Vec<Option<u64>>> = narrowed
        .iter()
        .map(|r| agreed(&r.candidates.iter().collect::<Vec<_>>(), r.cells.len()))
        .collect();
    let open = first.iter().any(|v| v.iter().any(Option::is_none));
    // The text's numbers, with the rules when the rules hold.
    let mut second: Option<Vec<Vec<usize>>> = None;
    if open && !stated.is_empty() {
        let mut eqs: Vec<Equation> = stated.to_vec();
        if fallback == Fallback::None {
            eqs.extend(rules.iter().cloned());
        }
        if let Joint::Found { survivors } = solve(&narrowed, known, &eqs) {
            second = Some(survivors);
        }
    }
    let out = narrowed
        .into_iter()
        .zip(first)
        .enumerate()
        .map(|(i, (run, values))| {
            let width = run.cells.len();
            let (values, from_text, candidates) = match &second {
                Some(s2) if s2[i].len() < run.candidates.len() => {
                    let kept: Vec<&Vec<u64>> = s2[i].iter().map(|&k| &run.candidates[k]).collect();
                    let with_text = agreed(&kept, width);
                    let from_text = values
                        .iter()
                        .zip(&with_text)
                        .map(|(a, b)| a.is_none() && b.is_some())
                        .collect();
                    let candidates = kept.into_iter().cloned().collect();
                    (with_text, from_text, candidates)
                }
                _ => (values, vec![false; width], run.candidates),
            };
            Settled {
                values,
                from_text,
                candidates,
                joint,
            }
        })
        .collect();
    (out, fallback)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::format::{T3Col, T3Row};

    fn list(c: Candidates) -> Vec<Vec<u64>> {
        match c {
            Candidates::List(l) => l,
            Candidates::TooMany => panic!("too many"),
        }
    }

    #[test]
    fn candidates_respect_tokens_leading_zeros_and_the_rule() {
        assert_eq!(
            list(candidates(&["300153006143119"], 7, &t3_row_rule)),
            [vec![3001, 53, 0, 0, 61, 4, 3119]]
        );
        assert_eq!(
            list(candidates(&["1011"], 3, &no_rule)),
            [vec![1, 0, 11], vec![10, 1, 1]]
        );
        assert_eq!(
            list(candidates(&["20110320155"], 7, &t3_row_rule)),
            [vec![20, 1, 10, 3, 20, 1, 55], vec![20, 11, 0, 3, 20, 1, 55]]
        );
        assert_eq!(
            list(candidates(&["11000011"], 7, &t3_row_rule)),
            Vec::<Vec<u64>>::new()
        );
        assert_eq!(
            candidates(&["1".repeat(40).as_str()], 7, &t3_row_rule),
            Candidates::TooMany
        );
    }

    #[test]
    fn the_columns_decide_between_splits() {
        let cell = |r, c| CellId::T3(r, c);
        let a = cell(T3Row::Unable2, T3Col::Natural);
        let b = cell(T3Row::Unable2, T3Col::Business);
        // One run with three candidates; an equation a + b = 21 keeps two.
        let runs = vec![Run {
            cells: vec![a, b],
            candidates: vec![vec![20, 1], vec![1, 20], vec![5, 5]],
        }];
        let eq = Equation {
            terms: vec![(1, a), (1, b)],
            constant: 21,
        };
        let (s, f) = settle(&runs, &BTreeMap::new(), std::slice::from_ref(&eq), &[]);
        assert_eq!(f, Fallback::None);
        assert_eq!(s[0].values, [None, None]);
        assert_eq!(s[0].candidates.len(), 2);
        // A stated number settles it.
        let stated = Equation {
            terms: vec![(1, a)],
            constant: 20,
        };
        let (s, _) = settle(
            &runs,
            &BTreeMap::new(),
            std::slice::from_ref(&eq),
            &[stated],
        );
        assert_eq!(s[0].values, [Some(20), Some(1)]);
        assert_eq!(s[0].from_text, [true, true]);
        // Contradicting equations fall back to the row's own candidates.
        let wrong = Equation {
            terms: vec![(1, a), (1, b)],
            constant: 99,
        };
        let (s, f) = settle(&runs, &BTreeMap::new(), &[wrong], &[]);
        assert_eq!(f, Fallback::Contradiction);
        assert_eq!(s[0].candidates.len(), 3);
    }
}

//! How much of a text repeats another: the measure behind TXT-REPEAT.
//!
//! Assessment rules deduct points when 五 「repeats more than 50% of last
//! year's text」. The measure used here is the share of this year's character
//! trigrams that also occur in last year's text, counted as multisets: each
//! trigram of this year's text is matched with at most one unmatched
//! occurrence in last year's. Whitespace and punctuation are dropped first
//! (PDF line breaks and a changed comma are not changes of content).
//!
//! Why trigrams and containment: bigrams of Chinese text are mostly common
//! words (政府, 信息, 公开), so two unrelated reports on the same subject
//! already share 20–30% of their bigrams; trigrams share 7–17% between
//! unrelated real reports and still find every copied sentence. Containment
//! (not Jaccard) because the question is how much of *this* year's text is
//! old, whatever last year's length. On the real reports in `shared/reports`,
//! 洪泽区 2024 vs 2023 gives 46.5% (two sentences copied word for word).

/// How many of a text's trigrams also occur in the other text.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Overlap {
    pub repeated: usize,
    pub total: usize,
}

impl Overlap {
    /// True when more than `percent` % of the trigrams repeat (exact).
    pub fn exceeds(self, percent: u32) -> bool {
        self.repeated * 100 > percent as usize * self.total
    }

    /// The share in tenths of a percent, rounded up, so that a share that
    /// exceeds a threshold is never shown as equal to it.
    pub fn permille_ceil(self) -> usize {
        if self.total == 0 {
            return 0;
        }
        (self.repeated * 1000).div_ceil(self.total)
    }
}

/// The text's characters that carry content, without whitespace and
/// punctuation.
fn content(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter(|c| is_content(*c))
}

/// `char::is_alphanumeric`, with the answer for common Chinese text found
/// without the Unicode tables: this runs over both years' 五 on every check.
fn is_content(c: char) -> bool {
    match c {
        '\u{4E00}'..='\u{9FFF}' => true,
        '\0'..='\u{7F}' => c.is_ascii_alphanumeric(),
        // CJK symbols and punctuation (、。「」…), general punctuation (“”…)
        // and the full-width punctuation before the full-width digits.
        '\u{3000}'..='\u{3004}' | '\u{3008}'..='\u{3020}' | '\u{2000}'..='\u{206F}' => false,
        '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// The trigrams of a text, each packed into a `u64` (a `char` fits in 21
/// bits, and no trigram of content characters is 0).
fn trigrams(text: &str) -> impl Iterator<Item = u64> + '_ {
    const MASK: u64 = (1 << 63) - 1;
    let mut gram = 0u64;
    let mut seen = 0;
    content(text).filter_map(move |c| {
        gram = ((gram << 21) | u64::from(c)) & MASK;
        seen += 1;
        (seen >= 3).then_some(gram)
    })
}

/// A multiset of trigrams: an open-addressing table of (trigram, count),
/// because this runs on every check and hashing the few hundred trigrams
/// of a 五 with a multiplicative hash is cheaper than sorting them.
struct Counts {
    slots: Vec<(u64, u32)>,
    mask: usize,
}

impl Counts {
    fn of(text: &str) -> Counts {
        // At most one trigram per byte of text, and at most half full.
        let size = (2 * text.len()).next_power_of_two().max(16);
        let mut counts = Counts {
            slots: vec![(0, 0); size],
            mask: size - 1,
        };
        for g in trigrams(text) {
            let i = counts.find(g);
            counts.slots[i].0 = g;
            counts.slots[i].1 += 1;
        }
        counts
    }

    /// The slot of `gram`, or the empty slot where it would go.
    fn find(&self, gram: u64) -> usize {
        let mut i = (gram.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & self.mask;
        while self.slots[i].0 != 0 && self.slots[i].0 != gram {
            i = (i + 1) & self.mask;
        }
        i
    }

    /// Takes one occurrence of `gram`; false when none is left.
    fn take(&mut self, gram: u64) -> bool {
        let i = self.find(gram);
        let (g, n) = &mut self.slots[i];
        if *g == gram && *n > 0 {
            *n -= 1;
            true
        } else {
            false
        }
    }
}

/// The trigrams of `this` that repeat `last`; `None` when `this` has no
/// trigram (fewer than three content characters).
pub fn overlap(this: &str, last: &str) -> Option<Overlap> {
    let mut old = Counts::of(last);
    let (mut repeated, mut total) = (0, 0);
    for g in trigrams(this) {
        total += 1;
        if old.take(g) {
            repeated += 1;
        }
    }
    (total > 0).then_some(Overlap { repeated, total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_repeats_as_multisets() {
        // 「甲乙丙甲乙丙」 has trigrams 甲乙丙, 乙丙甲, 丙甲乙, 甲乙丙; the other
        // text has 甲乙丙 once, so only one of the two matches.
        let o = overlap("甲乙丙甲乙丙", "甲乙丙").expect("trigrams");
        assert_eq!(
            o,
            Overlap {
                repeated: 1,
                total: 4
            }
        );
        assert!(!o.exceeds(50));
        assert_eq!(o.permille_ceil(), 250);
    }

    #[test]
    fn fast_path_agrees_with_the_standard_library() {
        let ranges = [0..0x3100u32, 0x4DF0..0xA010, 0xFF00..0xFF70];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            assert_eq!(
                is_content(c),
                c.is_alphanumeric(),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn ignores_whitespace_and_punctuation() {
        let o = overlap("一是加强，\n培训。", "一是 加强培训").expect("trigrams");
        assert_eq!(o.repeated, o.total);
        assert!(o.exceeds(50));
        assert_eq!(overlap("无", "无"), None);
    }
}

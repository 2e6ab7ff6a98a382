//! Which text encoding a file is in.
//!
//! UTF-8 (with or without a byte order mark) and UTF-16 with one are
//! decoded here. Anything else needs a decoder the caller passes in: the
//! browser's own `TextDecoder`, which knows every encoding a page can
//! declare (GBK, GB2312 and GB18030 among them), so the app carries no
//! tables of its own for them. This module only says which encoding to ask
//! for: the one a page declares (`<meta charset>`, `<meta http-equiv>`, an
//! XML declaration), or GB18030 for undeclared text whose bytes are all
//! well-formed GB18030 (a GBK file saved by Notepad or WPS on a Chinese
//! Windows).

/// The encoding label a page or XML file declares in its first 4 KB,
/// lower-cased, if any.
pub(crate) fn declared(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    for key in [&b"charset"[..], &b"encoding"[..]] {
        let mut from = 0;
        while let Some(i) = find(&lower[from..], key) {
            let mut j = from + i + key.len();
            from = j;
            while lower.get(j).is_some_and(|b| b.is_ascii_whitespace()) {
                j += 1;
            }
            if lower.get(j) != Some(&b'=') {
                continue;
            }
            j += 1;
            while lower
                .get(j)
                .is_some_and(|b| b.is_ascii_whitespace() || matches!(b, b'"' | b'\''))
            {
                j += 1;
            }
            let label: String = lower[j..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
                .map(|&b| char::from(b))
                .collect();
            if !label.is_empty() {
                return Some(label);
            }
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The WHATWG name of a declared label, for the decoder: every GB label
/// is read as GB18030, which contains GBK and GB2312.
pub(crate) fn canonical(label: &str) -> &str {
    match label {
        "gbk" | "gb2312" | "gb_2312" | "gb_2312-80" | "x-gbk" | "cp936" | "ms936"
        | "windows-936" | "gb18030" | "euc-cn" | "chinese" | "csgb2312" | "iso-ir-58"
        | "csiso58gb231280" => "gb18030",
        "utf8" | "unicode-1-1-utf-8" => "utf-8",
        other => other,
    }
}

/// True when the bytes are well-formed GB18030 with at least one
/// two-byte or four-byte character (and so not plain ASCII).
pub(crate) fn looks_gb(bytes: &[u8]) -> bool {
    let mut i = 0;
    let mut wide = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        if !(0x81..=0xFE).contains(&b) {
            return false;
        }
        match bytes.get(i + 1) {
            Some(0x40..=0x7E | 0x80..=0xFE) => i += 2,
            Some(0x30..=0x39) => {
                let ok = bytes.get(i + 2).is_some_and(|b| (0x81..=0xFE).contains(b))
                    && bytes.get(i + 3).is_some_and(u8::is_ascii_digit);
                if !ok {
                    return false;
                }
                i += 4;
            }
            _ => return false,
        }
        wide += 1;
    }
    wide > 0
}

/// The share of bytes that break UTF-8 is small (a few bad bytes in an
/// otherwise UTF-8 page).
pub(crate) fn mostly_utf8(bytes: &[u8]) -> bool {
    let lossy = String::from_utf8_lossy(bytes);
    let bad = lossy.chars().filter(|&c| c == '\u{FFFD}').count();
    bad * 200 < lossy.chars().count().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_labels_of_pages_and_xml() {
        let page = br#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=GB2312"></head>"#;
        assert_eq!(declared(page).as_deref(), Some("gb2312"));
        assert_eq!(canonical("gb2312"), "gb18030");
        assert_eq!(declared(b"<meta charset='gbk'>").as_deref(), Some("gbk"));
        assert_eq!(
            declared(b"<?xml version=\"1.0\" encoding=\"GB18030\"?>").as_deref(),
            Some("gb18030")
        );
        assert_eq!(declared(b"<p>charset is a word</p>"), None);
    }

    #[test]
    fn gb_bytes_are_recognised() {
        // 「年报」 in GBK: C4EA B1A8; and a four-byte sequence.
        assert!(looks_gb(b"2024\xC4\xEA\xB1\xA8"));
        assert!(looks_gb(b"\x81\x30\x81\x30"));
        assert!(!looks_gb(b"plain ascii"));
        assert!(!looks_gb(b"\xC4"));
        assert!(!looks_gb(b"\xFF\xFE"));
    }
}

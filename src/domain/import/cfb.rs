//! Reading streams out of a Compound File Binary (the container of Word
//! 97–2003 `.doc`, WPS `.wps`, `.xls` and `.ppt`), as [MS-CFB] describes
//! it: a FAT of sector chains, a directory of named entries, and a mini
//! stream for the small ones.
//!
//! Only what a reader of the top-level streams needs: no writing, no
//! storages below the root. Every chain is followed with a step limit and
//! every offset checked, so a hostile or truncated file gives an error,
//! never a panic or an endless loop.

use std::fmt;

const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// Sector numbers from here up are markers, not sectors.
const MAX_REG_SECT: u32 = 0xFFFF_FFFA;
const NO_STREAM: u32 = 0xFFFF_FFFF;
const HEADER_DIFAT: usize = 109;
const DIR_ENTRY: usize = 128;
const STREAM: u8 = 2;
const ROOT: u8 = 5;

/// Why a compound file cannot be read, in Chinese.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum CfbError {
    /// The header is cut short or not a compound file's.
    Header,
    /// A sector chain leaves the file, loops or is cut short.
    Chain,
    /// The directory names no such stream at the top level.
    NoStream(&'static str),
}

impl fmt::Display for CfbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CfbError::Header => f.write_str("文件头不完整"),
            CfbError::Chain => f.write_str("文件内容不完整或已损坏"),
            CfbError::NoStream(name) => write!(f, "文件中没有「{name}」部分"),
        }
    }
}

/// A compound file held in memory.
pub(crate) struct Cfb<'a> {
    bytes: &'a [u8],
    sector: usize,
    mini_sector: usize,
    mini_cutoff: u64,
    fat: Vec<u32>,
    mini_fat: Vec<u32>,
    /// The root's stream: every small stream's sectors.
    mini_stream: Vec<u8>,
    entries: Vec<Entry>,
}

#[derive(Clone, Debug)]
struct Entry {
    name: String,
    kind: u8,
    left: u32,
    right: u32,
    child: u32,
    start: u32,
    size: u64,
}

// Offsets come from the file: added with a check, as a hostile value
// would wrap on wasm32's 32-bit `usize`.
pub(crate) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

pub(crate) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(
        b.get(at..at.checked_add(8)?)?.try_into().ok()?,
    ))
}

impl<'a> Cfb<'a> {
    pub fn open(bytes: &'a [u8]) -> Result<Cfb<'a>, CfbError> {
        if bytes.len() < 512 || bytes[..8] != SIGNATURE {
            return Err(CfbError::Header);
        }
        let shift = u16_at(bytes, 0x1E).ok_or(CfbError::Header)?;
        let mini_shift = u16_at(bytes, 0x20).ok_or(CfbError::Header)?;
        // Version 3 files use 512-byte sectors, version 4 files 4096;
        // mini sectors are always 64 bytes.
        if !(shift == 9 || shift == 12) || mini_shift != 6 {
            return Err(CfbError::Header);
        }
        let sector = 1usize << shift;
        let field = |at| u32_at(bytes, at).ok_or(CfbError::Header);
        let fat_sectors = field(0x2C)? as usize;
        let dir_start = field(0x30)?;
        let mini_cutoff = u64::from(field(0x38)?);
        let mini_fat_start = field(0x3C)?;
        let mut difat_next = field(0x44)?;
        // No more FAT sectors than the file has sectors.
        let total = bytes.len() / sector;
        if fat_sectors > total {
            return Err(CfbError::Header);
        }
        let mut fat_list: Vec<u32> = (0..HEADER_DIFAT)
            .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
            .filter(|&s| s < MAX_REG_SECT)
            .collect();
        // The DIFAT chain lists the FAT sectors beyond the first 109; its
        // sectors end with the next DIFAT sector's number.
        let mut steps = 0;
        while difat_next < MAX_REG_SECT && fat_list.len() < fat_sectors {
            steps += 1;
            if steps > total {
                return Err(CfbError::Chain);
            }
            let page = Self::sector_bytes(bytes, sector, difat_next)
                .filter(|p| p.len() == sector)
                .ok_or(CfbError::Chain)?;
            let per = sector / 4 - 1;
            fat_list.extend(
                (0..per)
                    .filter_map(|i| u32_at(page, 4 * i))
                    .filter(|&s| s < MAX_REG_SECT),
            );
            difat_next = u32_at(page, 4 * per).ok_or(CfbError::Chain)?;
        }
        fat_list.truncate(fat_sectors);
        let mut fat = Vec::with_capacity(fat_list.len() * sector / 4);
        for s in fat_list {
            let page = Self::sector_bytes(bytes, sector, s)
                .filter(|p| p.len() == sector)
                .ok_or(CfbError::Chain)?;
            fat.extend(page.chunks_exact(4).filter_map(|c| u32_at(c, 0)));
        }
        let mut cfb = Cfb {
            bytes,
            sector,
            mini_sector: 1 << mini_shift,
            mini_cutoff,
            fat,
            mini_fat: Vec::new(),
            mini_stream: Vec::new(),
            entries: Vec::new(),
        };
        let dir = cfb.chain(dir_start, None)?;
        cfb.entries = dir
            .chunks_exact(DIR_ENTRY)
            .map(|e| {
                let len = usize::from(u16_at(e, 64).unwrap_or(0)).min(64);
                let units: Vec<u16> = e[..len]
                    .chunks_exact(2)
                    .filter_map(|c| u16_at(c, 0))
                    .take_while(|&u| u != 0)
                    .collect();
                Entry {
                    name: String::from_utf16_lossy(&units),
                    kind: e[66],
                    left: u32_at(e, 68).unwrap_or(NO_STREAM),
                    right: u32_at(e, 72).unwrap_or(NO_STREAM),
                    child: u32_at(e, 76).unwrap_or(NO_STREAM),
                    start: u32_at(e, 116).unwrap_or(END_OF_CHAIN),
                    size: u64_at(e, 120).unwrap_or(0),
                }
            })
            .collect();
        let root = cfb.entries.first().cloned().ok_or(CfbError::Chain)?;
        if root.kind != ROOT {
            return Err(CfbError::Header);
        }
        if mini_fat_start < MAX_REG_SECT {
            let raw = cfb.chain(mini_fat_start, None)?;
            cfb.mini_fat = raw.chunks_exact(4).filter_map(|c| u32_at(c, 0)).collect();
            // Version 3 files leave the size's high half undefined.
            let size = if cfb.sector == 512 {
                root.size & 0xFFFF_FFFF
            } else {
                root.size
            };
            cfb.mini_stream = cfb.chain(root.start, Some(size))?;
        }
        Ok(cfb)
    }

    /// Where sector `n` starts; `None` past what an address can hold.
    fn offset(sector: usize, n: u32) -> Option<usize> {
        (n as usize).checked_add(1)?.checked_mul(sector)
    }

    /// Sector `n`'s bytes, which may be cut short at the file's end.
    fn sector_bytes(bytes: &[u8], sector: usize, n: u32) -> Option<&[u8]> {
        let at = Self::offset(sector, n)?;
        bytes.get(at..at.checked_add(sector)?.min(bytes.len()))
    }

    /// The bytes of a chain of sectors of the FAT, cut to `size` when
    /// given.
    fn chain(&self, start: u32, size: Option<u64>) -> Result<Vec<u8>, CfbError> {
        let mut out = Vec::new();
        let mut s = start;
        let mut steps = 0;
        // A chain has no more sectors than the file: a FAT that loops or
        // names a sector twice stops here, not after gigabytes.
        let most = self.bytes.len() / self.sector + 1;
        while s < MAX_REG_SECT {
            steps += 1;
            if steps > most {
                return Err(CfbError::Chain);
            }
            // The last sector of a file may be cut short.
            let page = Self::sector_bytes(self.bytes, self.sector, s).ok_or(CfbError::Chain)?;
            out.extend_from_slice(page);
            if size.is_some_and(|n| out.len() as u64 >= n) {
                break;
            }
            s = *self.fat.get(s as usize).ok_or(CfbError::Chain)?;
        }
        Self::cut(out, size)
    }

    /// The bytes of a chain of the mini FAT, cut to `size`.
    fn mini_chain(&self, start: u32, size: u64) -> Result<Vec<u8>, CfbError> {
        let mut out = Vec::new();
        let mut s = start;
        let mut steps = 0;
        while s < MAX_REG_SECT && (out.len() as u64) < size {
            steps += 1;
            if steps > self.mini_fat.len() {
                return Err(CfbError::Chain);
            }
            let at = (s as usize)
                .checked_mul(self.mini_sector)
                .ok_or(CfbError::Chain)?;
            let piece = self
                .mini_stream
                .get(at..at.saturating_add(self.mini_sector))
                .ok_or(CfbError::Chain)?;
            out.extend_from_slice(piece);
            s = *self.mini_fat.get(s as usize).ok_or(CfbError::Chain)?;
        }
        Self::cut(out, Some(size))
    }

    fn cut(mut out: Vec<u8>, size: Option<u64>) -> Result<Vec<u8>, CfbError> {
        if let Some(n) = size {
            let n = usize::try_from(n).map_err(|_| CfbError::Chain)?;
            if out.len() < n {
                return Err(CfbError::Chain);
            }
            out.truncate(n);
        }
        Ok(out)
    }

    /// The entries directly in the root storage, by walking its tree of
    /// siblings (an embedded document keeps its own streams of the same
    /// names one level down, which must not be taken for the file's).
    fn top_level(&self) -> Vec<&Entry> {
        let mut out = Vec::new();
        let mut todo = vec![self.entries[0].child];
        let mut seen = vec![false; self.entries.len()];
        while let Some(i) = todo.pop() {
            let Some(e) = self.entries.get(i as usize) else {
                continue;
            };
            if std::mem::replace(&mut seen[i as usize], true) {
                continue;
            }
            out.push(e);
            todo.push(e.left);
            todo.push(e.right);
        }
        out
    }

    /// Whether the root holds a stream of this name.
    pub fn has(&self, name: &str) -> bool {
        self.top_level()
            .iter()
            .any(|e| e.kind == STREAM && e.name.eq_ignore_ascii_case(name))
    }

    /// A stream of the root storage, by name (case-insensitive, as the
    /// format compares names).
    pub fn stream(&self, name: &'static str) -> Result<Vec<u8>, CfbError> {
        let e = self
            .top_level()
            .into_iter()
            .find(|e| e.kind == STREAM && e.name.eq_ignore_ascii_case(name))
            .ok_or(CfbError::NoStream(name))?;
        // Version 3 files leave the size's high half undefined.
        let size = if self.sector == 512 {
            e.size & 0xFFFF_FFFF
        } else {
            e.size
        };
        if size > self.bytes.len() as u64 {
            return Err(CfbError::Chain);
        }
        if size < self.mini_cutoff {
            self.mini_chain(e.start, size)
        } else {
            self.chain(e.start, Some(size))
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A version 3 compound file holding `streams` at the top level, laid
    /// out as the format says: header, FAT, directory, mini FAT, mini
    /// stream, then the big streams. Streams under 4096 bytes go into the
    /// mini stream.
    pub(crate) fn build(streams: &[(&str, &[u8])]) -> Vec<u8> {
        const S: usize = 512;
        let mut sectors: Vec<Vec<u8>> = Vec::new();
        let mut fat: Vec<u32> = Vec::new();
        // Appends a chain of whole sectors, returns its first sector.
        let add = |data: &[u8], sectors: &mut Vec<Vec<u8>>, fat: &mut Vec<u32>| -> u32 {
            let first = sectors.len() as u32;
            let n = data.len().div_ceil(S).max(1);
            for i in 0..n {
                let mut page = data
                    .get(i * S..((i + 1) * S).min(data.len()))
                    .unwrap_or(&[])
                    .to_vec();
                page.resize(S, 0);
                sectors.push(page);
                fat.push(if i + 1 == n {
                    END_OF_CHAIN
                } else {
                    first + i as u32 + 1
                });
            }
            first
        };
        // Sector 0: the FAT itself (one sector: up to 128 entries).
        sectors.push(vec![0; S]);
        fat.push(0xFFFF_FFFD);
        // Mini stream and mini FAT.
        let mut mini = Vec::new();
        let mut mini_fat: Vec<u32> = Vec::new();
        let mut entries: Vec<(String, u32, u64)> = Vec::new();
        let mut big: Vec<(usize, &[u8])> = Vec::new();
        for (i, (name, data)) in streams.iter().enumerate() {
            if data.len() < 4096 {
                let first = mini_fat.len() as u32;
                let n = data.len().div_ceil(64).max(1);
                for k in 0..n {
                    let mut piece = data
                        .get(k * 64..((k + 1) * 64).min(data.len()))
                        .unwrap_or(&[])
                        .to_vec();
                    piece.resize(64, 0);
                    mini.extend(piece);
                    mini_fat.push(if k + 1 == n {
                        END_OF_CHAIN
                    } else {
                        first + k as u32 + 1
                    });
                }
                entries.push((name.to_string(), first, data.len() as u64));
            } else {
                entries.push((name.to_string(), 0, data.len() as u64));
                big.push((i, data));
            }
        }
        let mini_fat_bytes: Vec<u8> = mini_fat.iter().flat_map(|v| v.to_le_bytes()).collect();
        let mini_fat_start = add(&mini_fat_bytes, &mut sectors, &mut fat);
        let mini_start = add(&mini, &mut sectors, &mut fat);
        for (i, data) in big {
            entries[i].1 = add(data, &mut sectors, &mut fat);
        }
        // Directory: root, then the streams as a chain of right siblings.
        let mut dir = Vec::new();
        let entry = |name: &str, kind: u8, right: u32, child: u32, start: u32, size: u64| {
            let mut e = vec![0u8; DIR_ENTRY];
            let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
            for (k, u) in units.iter().enumerate() {
                e[2 * k..2 * k + 2].copy_from_slice(&u.to_le_bytes());
            }
            e[64..66].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
            e[66] = kind;
            e[68..72].copy_from_slice(&NO_STREAM.to_le_bytes());
            e[72..76].copy_from_slice(&right.to_le_bytes());
            e[76..80].copy_from_slice(&child.to_le_bytes());
            e[116..120].copy_from_slice(&start.to_le_bytes());
            e[120..128].copy_from_slice(&size.to_le_bytes());
            e
        };
        let child = if entries.is_empty() { NO_STREAM } else { 1 };
        dir.extend(entry(
            "Root Entry",
            ROOT,
            NO_STREAM,
            child,
            mini_start,
            mini.len() as u64,
        ));
        for (k, (name, start, size)) in entries.iter().enumerate() {
            let right = if k + 1 < entries.len() {
                k as u32 + 2
            } else {
                NO_STREAM
            };
            dir.extend(entry(name, STREAM, right, NO_STREAM, *start, *size));
        }
        let dir_start = add(&dir, &mut sectors, &mut fat);
        assert!(
            fat.len() <= S / 4,
            "the test builder keeps to one FAT sector"
        );
        let mut fat_page: Vec<u8> = fat.iter().flat_map(|v| v.to_le_bytes()).collect();
        fat_page.resize(S, 0xFF);
        sectors[0] = fat_page;
        let mut header = vec![0u8; S];
        header[..8].copy_from_slice(&SIGNATURE);
        header[0x18..0x1A].copy_from_slice(&0x3Eu16.to_le_bytes());
        header[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes());
        header[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes());
        header[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
        header[0x20..0x22].copy_from_slice(&6u16.to_le_bytes());
        header[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes());
        header[0x30..0x34].copy_from_slice(&dir_start.to_le_bytes());
        header[0x38..0x3C].copy_from_slice(&4096u32.to_le_bytes());
        header[0x3C..0x40].copy_from_slice(&mini_fat_start.to_le_bytes());
        header[0x40..0x44].copy_from_slice(&1u32.to_le_bytes());
        header[0x44..0x48].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        for k in 0..HEADER_DIFAT {
            let v: u32 = if k == 0 { 0 } else { NO_STREAM };
            header[0x4C + 4 * k..0x50 + 4 * k].copy_from_slice(&v.to_le_bytes());
        }
        let mut out = header;
        for s in sectors {
            out.extend(s);
        }
        out
    }

    #[test]
    fn small_and_large_streams_come_back_whole() {
        let small: Vec<u8> = (0..300u32).map(|i| i as u8).collect();
        let large: Vec<u8> = (0..9000u32).map(|i| (i * 7) as u8).collect();
        let file = build(&[("1Table", &small), ("WordDocument", &large)]);
        let cfb = Cfb::open(&file).unwrap();
        assert_eq!(cfb.stream("1Table").unwrap(), small);
        assert_eq!(cfb.stream("worddocument").unwrap(), large);
        assert!(cfb.has("WordDocument"));
        assert!(!cfb.has("Workbook"));
        assert_eq!(cfb.stream("0Table"), Err(CfbError::NoStream("0Table")));
    }

    #[test]
    fn cut_and_looping_files_are_errors() {
        let large: Vec<u8> = vec![7; 9000];
        let file = build(&[("WordDocument", &large)]);
        // Cut inside the big stream: its chain points past the end.
        let cut = &file[..file.len() - 3000];
        let got = Cfb::open(cut).and_then(|c| c.stream("WordDocument"));
        assert!(got.is_err(), "{got:?}");
        // A FAT whose chain points back at itself.
        let mut looping = file.clone();
        let fat = 512;
        for k in 0..128 {
            let at = fat + 4 * k;
            let v = u32::from_le_bytes(looping[at..at + 4].try_into().unwrap());
            if v == END_OF_CHAIN {
                looping[at..at + 4].copy_from_slice(&(k as u32).to_le_bytes());
            }
        }
        assert!(Cfb::open(&looping)
            .and_then(|c| c.stream("WordDocument"))
            .is_err());
        // Not a compound file, or a header cut short.
        assert_eq!(Cfb::open(b"PK\x03\x04").err(), Some(CfbError::Header));
        assert_eq!(Cfb::open(&file[..300]).err(), Some(CfbError::Header));
    }
}

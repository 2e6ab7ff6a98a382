//! A small ZIP writer and reader: enough for .docx files, in plain Rust.
//!
//! The writer makes the classic (non-Zip64) format every Office suite reads:
//! one local header per entry, then the central directory. Entries are stored
//! or deflated (`miniz_oxide`). Timestamps are fixed at 1980-01-01, so the
//! same report always gives the same bytes.
//!
//! The reader takes untrusted files (a .docx chosen by the user): every read
//! is bounds-checked, sizes and counts are limited before anything is
//! allocated, inflated data is capped at its declared size and checked
//! against its CRC-32, and nothing panics on junk.

use std::fmt;
use std::sync::OnceLock;

/// The most entries a read archive may have.
pub const MAX_ENTRIES: usize = 10_000;
/// The largest uncompressed entry the reader inflates (64 MiB).
pub const MAX_ENTRY_SIZE: usize = 64 << 20;
/// The most uncompressed bytes `read_entries` returns in all (128 MiB).
pub const MAX_TOTAL_SIZE: usize = 128 << 20;

const LOCAL_SIG: u32 = 0x0403_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const END_SIG: u32 = 0x0605_4b50;
const LOCAL_LEN: usize = 30;
const CENTRAL_LEN: usize = 46;
const END_LEN: usize = 22;
/// Version 2.0: deflate, no Zip64.
const VERSION: u16 = 20;
/// General-purpose flag bit 11: the name is UTF-8.
const FLAG_UTF8: u16 = 1 << 11;
/// General-purpose flag bit 0: the entry is encrypted.
const FLAG_ENCRYPTED: u16 = 1;
/// MS-DOS date of 1980-01-01 (the earliest a ZIP can say), time 00:00.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;
/// Deflate level: 6 is zlib's default; on report XML it is within a few
/// per cent of 9 and several times faster.
const LEVEL: u8 = 6;

/// How an entry's data is kept.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Method {
    Stored,
    Deflated,
}

impl Method {
    fn code(self) -> u16 {
        match self {
            Method::Stored => 0,
            Method::Deflated => 8,
        }
    }
}

/// Why an archive cannot be written or read. The messages are for users:
/// an importer shows them when a chosen file is not a usable .docx.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ZipError {
    /// No end-of-central-directory record: not a ZIP file at all.
    NotZip,
    /// A record points outside the file, or a signature is wrong.
    Corrupt(&'static str),
    /// Zip64 archives (over 4 GiB or 65,535 entries) are not supported.
    Zip64,
    Encrypted,
    /// A compression method other than stored (0) or deflated (8).
    UnsupportedMethod(u16),
    TooManyEntries,
    /// An entry, or all entries together, larger than the limits.
    TooLarge,
    /// Deflated data that does not inflate to its declared size.
    Inflate(String),
    /// The data does not match its CRC-32.
    Checksum(String),
}

impl fmt::Display for ZipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZipError::NotZip => f.write_str("不是有效的 ZIP 文件（.docx 文件本身是 ZIP 压缩包）"),
            ZipError::Corrupt(what) => write!(f, "ZIP 文件已损坏：{what}"),
            ZipError::Zip64 => f.write_str("不支持超过 4 GB 或 65535 个文件的 ZIP64 压缩包"),
            ZipError::Encrypted => f.write_str("文件已加密，无法读取"),
            ZipError::UnsupportedMethod(m) => write!(f, "不支持的压缩方式（{m}）"),
            ZipError::TooManyEntries => {
                write!(f, "压缩包内文件过多（超过{MAX_ENTRIES}个）")
            }
            ZipError::TooLarge => f.write_str("压缩包内文件过大"),
            ZipError::Inflate(name) => write!(f, "无法解压“{name}”"),
            ZipError::Checksum(name) => write!(f, "“{name}”校验失败，文件可能已损坏"),
        }
    }
}

impl std::error::Error for ZipError {}

// ---------------------------------------------------------------------------
// CRC-32 (IEEE, as ZIP uses it)
// ---------------------------------------------------------------------------

const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// Tables for slicing-by-8: table `k` gives the CRC of a byte followed by
/// `k` zero bytes, so eight bytes are folded in per step instead of one
/// (a .docx checksums ~200 KB of XML, which byte by byte took half a
/// millisecond). Built on first use rather than stored, which keeps 7 KB of
/// tables out of the wasm file.
fn slice_tables() -> &'static [[u32; 256]; 8] {
    static TABLES: OnceLock<[[u32; 256]; 8]> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = [CRC_TABLE; 8];
        for i in 0..256 {
            let mut c = CRC_TABLE[i];
            for table in t.iter_mut().skip(1) {
                c = CRC_TABLE[(c & 0xff) as usize] ^ (c >> 8);
                table[i] = c;
            }
        }
        t
    })
}

/// The CRC-32 of `data`, as stored in ZIP headers.
pub fn crc32(data: &[u8]) -> u32 {
    let t = slice_tables();
    let mut crc = !0u32;
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let lo = u32::from_le_bytes([c[0], c[1], c[2], c[3]]) ^ crc;
        let hi = u32::from_le_bytes([c[4], c[5], c[6], c[7]]);
        crc = t[7][(lo & 0xff) as usize]
            ^ t[6][((lo >> 8) & 0xff) as usize]
            ^ t[5][((lo >> 16) & 0xff) as usize]
            ^ t[4][(lo >> 24) as usize]
            ^ t[3][(hi & 0xff) as usize]
            ^ t[2][((hi >> 8) & 0xff) as usize]
            ^ t[1][((hi >> 16) & 0xff) as usize]
            ^ t[0][(hi >> 24) as usize];
    }
    for &b in chunks.remainder() {
        crc = t[0][((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8);
    }
    !crc
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/// Builds an archive in memory.
#[derive(Debug, Default)]
pub struct ZipWriter {
    out: Vec<u8>,
    central: Vec<u8>,
    entries: u16,
}

fn put16(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_le_bytes());
}

fn put32(v: &mut Vec<u8>, x: u32) {
    v.extend_from_slice(&x.to_le_bytes());
}

/// A size or offset as the classic format stores it, or `Zip64` beyond.
fn u32_of(n: usize) -> Result<u32, ZipError> {
    u32::try_from(n)
        .ok()
        .filter(|&v| v != u32::MAX)
        .ok_or(ZipError::Zip64)
}

impl ZipWriter {
    pub fn new() -> ZipWriter {
        ZipWriter::default()
    }

    /// Adds an entry. `Deflated` falls back to stored when compressing does
    /// not make the data smaller (tiny parts), as zip tools do.
    pub fn add(&mut self, name: &str, data: &[u8], method: Method) -> Result<(), ZipError> {
        if self.entries == u16::MAX {
            return Err(ZipError::Zip64);
        }
        let deflated = match method {
            Method::Deflated => Some(miniz_oxide::deflate::compress_to_vec(data, LEVEL)),
            Method::Stored => None,
        };
        let (method, body) = match &deflated {
            Some(d) if d.len() < data.len() => (Method::Deflated, d.as_slice()),
            _ => (Method::Stored, data),
        };
        let name_len = u16::try_from(name.len()).map_err(|_| ZipError::TooLarge)?;
        let flags = if name.is_ascii() { 0 } else { FLAG_UTF8 };
        let crc = crc32(data);
        let offset = u32_of(self.out.len())?;
        let (csize, size) = (u32_of(body.len())?, u32_of(data.len())?);

        let o = &mut self.out;
        put32(o, LOCAL_SIG);
        put16(o, VERSION);
        put16(o, flags);
        put16(o, method.code());
        put16(o, DOS_TIME);
        put16(o, DOS_DATE);
        put32(o, crc);
        put32(o, csize);
        put32(o, size);
        put16(o, name_len);
        put16(o, 0); // extra field length
        o.extend_from_slice(name.as_bytes());
        o.extend_from_slice(body);

        let c = &mut self.central;
        put32(c, CENTRAL_SIG);
        put16(c, VERSION); // made by: MS-DOS, 2.0
        put16(c, VERSION);
        put16(c, flags);
        put16(c, method.code());
        put16(c, DOS_TIME);
        put16(c, DOS_DATE);
        put32(c, crc);
        put32(c, csize);
        put32(c, size);
        put16(c, name_len);
        put16(c, 0); // extra
        put16(c, 0); // comment
        put16(c, 0); // disk
        put16(c, 0); // internal attributes
        put32(c, 0); // external attributes
        put32(c, offset);
        c.extend_from_slice(name.as_bytes());

        self.entries += 1;
        Ok(())
    }

    /// The finished archive.
    pub fn finish(mut self) -> Result<Vec<u8>, ZipError> {
        let cd_offset = u32_of(self.out.len())?;
        let cd_size = u32_of(self.central.len())?;
        self.out.append(&mut self.central);
        u32_of(self.out.len())?;
        let o = &mut self.out;
        put32(o, END_SIG);
        put16(o, 0); // this disk
        put16(o, 0); // disk of the central directory
        put16(o, self.entries);
        put16(o, self.entries);
        put32(o, cd_size);
        put32(o, cd_offset);
        put16(o, 0); // comment length
        Ok(self.out)
    }
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/// One entry of an archive, as its central directory describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The path inside the archive (`word/document.xml`).
    pub name: String,
    /// The ZIP method code: 0 stored, 8 deflated.
    pub method: u16,
    pub compressed_size: usize,
    pub size: usize,
    pub crc32: u32,
    flags: u16,
    local_offset: usize,
}

impl Entry {
    /// True for directory entries (`word/`), which hold no data.
    pub fn is_dir(&self) -> bool {
        self.name.ends_with('/')
    }
}

fn slice(b: &[u8], at: usize, len: usize) -> Result<&[u8], ZipError> {
    at.checked_add(len)
        .and_then(|end| b.get(at..end))
        .ok_or(ZipError::Corrupt("记录超出文件末尾"))
}

fn get16(b: &[u8], at: usize) -> Result<u16, ZipError> {
    let s = slice(b, at, 2)?;
    Ok(u16::from_le_bytes([s[0], s[1]]))
}

fn get32(b: &[u8], at: usize) -> Result<u32, ZipError> {
    let s = slice(b, at, 4)?;
    Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// The position of the end-of-central-directory record: the last signature
/// within the 64 KiB a comment may take whose comment reaches the end of
/// the file exactly (a signature inside the comment would not).
fn find_end(b: &[u8]) -> Result<usize, ZipError> {
    let last = b.len().checked_sub(END_LEN).ok_or(ZipError::NotZip)?;
    let first = last.saturating_sub(usize::from(u16::MAX));
    let mut fallback = None;
    for pos in (first..=last).rev() {
        if get32(b, pos)? != END_SIG {
            continue;
        }
        let comment = usize::from(get16(b, pos + 20)?);
        if pos + END_LEN + comment == b.len() {
            return Ok(pos);
        }
        fallback.get_or_insert(pos);
    }
    // Some writers get the comment length wrong; the last record found is
    // still the best guess.
    fallback.ok_or(ZipError::NotZip)
}

/// Lists the entries of an archive from its central directory.
pub fn list(bytes: &[u8]) -> Result<Vec<Entry>, ZipError> {
    let end = find_end(bytes)?;
    let count = usize::from(get16(bytes, end + 10)?);
    let cd_size = get32(bytes, end + 12)?;
    let cd_offset = get32(bytes, end + 16)?;
    if count == usize::from(u16::MAX) || cd_size == u32::MAX || cd_offset == u32::MAX {
        return Err(ZipError::Zip64);
    }
    if count > MAX_ENTRIES {
        return Err(ZipError::TooManyEntries);
    }
    let (cd_offset, cd_size) = (cd_offset as usize, cd_size as usize);
    if cd_offset.checked_add(cd_size).is_none_or(|e| e > end) {
        return Err(ZipError::Corrupt("中央目录超出文件范围"));
    }
    // Every central record is at least 46 bytes; a count the directory cannot
    // hold is a lie that would otherwise make us loop over junk.
    if count.saturating_mul(CENTRAL_LEN) > cd_size {
        return Err(ZipError::Corrupt("中央目录的条目数与大小不符"));
    }
    let mut entries = Vec::with_capacity(count);
    let mut at = cd_offset;
    for _ in 0..count {
        if get32(bytes, at)? != CENTRAL_SIG {
            return Err(ZipError::Corrupt("中央目录记录的标记错误"));
        }
        let flags = get16(bytes, at + 8)?;
        let method = get16(bytes, at + 10)?;
        let crc32 = get32(bytes, at + 16)?;
        let compressed_size = get32(bytes, at + 20)?;
        let size = get32(bytes, at + 24)?;
        let name_len = usize::from(get16(bytes, at + 28)?);
        let extra_len = usize::from(get16(bytes, at + 30)?);
        let comment_len = usize::from(get16(bytes, at + 32)?);
        let local_offset = get32(bytes, at + 42)?;
        if [compressed_size, size, local_offset].contains(&u32::MAX) {
            return Err(ZipError::Zip64);
        }
        let name = slice(bytes, at + CENTRAL_LEN, name_len)?;
        // Office files name their parts in ASCII; other names are decoded
        // leniently (flag bit 11 means UTF-8, older tools used code pages).
        let name = String::from_utf8_lossy(name).into_owned();
        entries.push(Entry {
            name,
            method,
            compressed_size: compressed_size as usize,
            size: size as usize,
            crc32,
            flags,
            local_offset: local_offset as usize,
        });
        at = at
            .checked_add(CENTRAL_LEN + name_len + extra_len + comment_len)
            .ok_or(ZipError::Corrupt("中央目录超出文件范围"))?;
    }
    Ok(entries)
}

/// The uncompressed data of one entry of `bytes` (as listed by `list`).
pub fn read(bytes: &[u8], entry: &Entry) -> Result<Vec<u8>, ZipError> {
    if entry.flags & FLAG_ENCRYPTED != 0 {
        return Err(ZipError::Encrypted);
    }
    if entry.size > MAX_ENTRY_SIZE {
        return Err(ZipError::TooLarge);
    }
    let at = entry.local_offset;
    if get32(bytes, at)? != LOCAL_SIG {
        return Err(ZipError::Corrupt("文件记录的标记错误"));
    }
    // The local header's own name and extra lengths decide where the data
    // starts; its sizes may be zero (streamed archives), so the central
    // directory's are used.
    let name_len = usize::from(get16(bytes, at + 26)?);
    let extra_len = usize::from(get16(bytes, at + 28)?);
    let start = at
        .checked_add(LOCAL_LEN + name_len + extra_len)
        .ok_or(ZipError::Corrupt("记录超出文件末尾"))?;
    let raw = slice(bytes, start, entry.compressed_size)?;
    let data = match entry.method {
        0 => {
            if raw.len() != entry.size {
                return Err(ZipError::Corrupt("存储条目的大小不一致"));
            }
            raw.to_vec()
        }
        8 => {
            let data = miniz_oxide::inflate::decompress_to_vec_with_limit(raw, entry.size)
                .map_err(|_| ZipError::Inflate(entry.name.clone()))?;
            if data.len() != entry.size {
                return Err(ZipError::Inflate(entry.name.clone()));
            }
            data
        }
        m => return Err(ZipError::UnsupportedMethod(m)),
    };
    if crc32(&data) != entry.crc32 {
        return Err(ZipError::Checksum(entry.name.clone()));
    }
    Ok(data)
}

/// Every file entry of an archive with its data, in directory order
/// (directory entries are skipped).
pub fn read_entries(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, ZipError> {
    let entries = list(bytes)?;
    let total = entries
        .iter()
        .try_fold(0usize, |sum, e| sum.checked_add(e.size))
        .ok_or(ZipError::TooLarge)?;
    if total > MAX_TOTAL_SIZE {
        return Err(ZipError::TooLarge);
    }
    entries
        .iter()
        .filter(|e| !e.is_dir())
        .map(|e| Ok((e.name.clone(), read(bytes, e)?)))
        .collect()
}

/// The data of the entry named `name`, or `None` when there is none.
pub fn read_entry(bytes: &[u8], name: &str) -> Result<Option<Vec<u8>>, ZipError> {
    list(bytes)?
        .iter()
        .find(|e| e.name == name)
        .map(|e| read(bytes, e))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_of_known_strings() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        // Lengths around the eight-byte steps agree with the bytewise CRC.
        let data: Vec<u8> = (0..100u8).map(|i| i.wrapping_mul(37)).collect();
        for n in 0..data.len() {
            let bytewise = !data[..n].iter().fold(!0u32, |c, &b| {
                CRC_TABLE[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8)
            });
            assert_eq!(crc32(&data[..n]), bytewise, "{n}");
        }
    }

    #[test]
    fn round_trip_stored_and_deflated() {
        let big = "政府信息公开".repeat(1000);
        let mut w = ZipWriter::new();
        w.add("a.txt", b"hi", Method::Deflated).unwrap();
        w.add("dir/中文.xml", big.as_bytes(), Method::Deflated)
            .unwrap();
        w.add("s", big.as_bytes(), Method::Stored).unwrap();
        let zip = w.finish().unwrap();
        let listed = list(&zip).unwrap();
        // Tiny data is stored even when deflate was asked for.
        assert_eq!(listed[0].method, 0);
        assert_eq!(listed[1].method, 8);
        assert!(listed[1].compressed_size < big.len() / 10);
        assert_eq!(listed[2].method, 0);
        let all = read_entries(&zip).unwrap();
        assert_eq!(all[0], ("a.txt".to_owned(), b"hi".to_vec()));
        assert_eq!(all[1], ("dir/中文.xml".to_owned(), big.as_bytes().to_vec()));
        assert_eq!(all[2].1, big.as_bytes());
        assert_eq!(read_entry(&zip, "nope").unwrap(), None);
    }
}

//! PDF files: the text of every page, laid out as the page shows it.
//!
//! Most agencies publish the report as a PDF beside the web page (often
//! the PDF alone), and a 政务公开办 collects PDFs by the dozen. A PDF holds
//! no paragraphs or tables, only glyphs placed on the page; this reader
//! places them as `pdftotext -layout` would: glyphs of one baseline make a
//! line, left to right, a wide gap (a table's column rule) a tab. The
//! result goes to the plain-text reader, which already reads PDF
//! extractions and their quirks (row names wrapped around their numbers,
//! page numbers, lines broken inside paragraphs).
//!
//! What is read: objects wherever they stand (the cross-reference table
//! is not trusted: objects are found by scanning, later definitions win)
//! and inside object streams; the page tree in order; content streams
//! (Flate or unfiltered) with the text operators, the graphics state's
//! matrices and form XObjects; fonts through their ToUnicode map, or the
//! WinAnsi encoding and glyph names for simple fonts, or the predefined
//! UCS-2 and GB encodings of composite fonts (GB codes decoded by the
//! caller's decoder); widths for the gaps.
//! Files locked with an owner password only (they open without asking)
//! are decrypted (`pdfcrypt`). What is not read: files that ask for a
//! password to open, and text drawn as pictures (scans), which are refused
//! with what to do instead.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::ops::Deref;
use std::rc::Rc;

use super::pdfcrypt::{Crypt, CryptError, Params};
use super::{report, text, Decoder, ImportError, Imported, SourceKind};

/// Nesting of arrays and dictionaries a value may have.
const MAX_DEPTH: usize = 32;
/// The most a stream may inflate to.
const MAX_INFLATED: usize = 64 * 1024 * 1024;
/// The most glyphs read from a file (a report has some 20,000).
const MAX_GLYPHS: usize = 2_000_000;
/// Form XObjects drawn inside one another.
const MAX_FORMS: usize = 8;
/// Operators interpreted, plus decoded bytes / 16, over the whole file: a
/// report's pages take well under a million.
const MAX_WORK: usize = 40_000_000;

fn unreadable(why: &str) -> ImportError {
    ImportError::PdfUnreadable(why.to_owned())
}

/// `decoder` reads the codes of fonts in the predefined GB encodings
/// (GBK-EUC-H and the like) that carry no ToUnicode map: the browser's
/// `TextDecoder` knows GB18030, so the app carries no table of its own.
pub(crate) fn read(bytes: &[u8], decoder: Decoder<'_>) -> Result<Imported, ImportError> {
    let file = File::open(bytes)?;
    let mut glyphs = file.glyphs()?;
    decode_gb(&mut glyphs, decoder);
    if glyphs.iter().all(|g| g.c.is_whitespace()) {
        return Err(unreadable("其中没有文字，可能是扫描件（图片）"));
    }
    let text = layout(&glyphs);
    report::read(text::read(&text), SourceKind::Pdf)
}

/// Where a glyph of a GB-encoded font holds its code until it is decoded:
/// Plane 15's private use area, `GB_CODE + code` for a two-byte code.
const GB_CODE: u32 = 0xF0000;

/// Decodes the glyphs of GB-encoded fonts through `decoder` (each code
/// once); a code it cannot read is dropped, never guessed.
fn decode_gb(glyphs: &mut Vec<Glyph>, decoder: Decoder<'_>) {
    let mut known: HashMap<char, Option<char>> = HashMap::new();
    glyphs.retain_mut(|g| {
        if !g.gb {
            return true;
        }
        let decoded = *known.entry(g.c).or_insert_with(|| {
            let code = u32::from(g.c).checked_sub(GB_CODE)?;
            let bytes = [(code >> 8) as u8, code as u8];
            let text = decoder(&bytes, "gb18030")?;
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c != char::REPLACEMENT_CHARACTER => Some(c),
                _ => None,
            }
        });
        match decoded {
            Some(c) => {
                g.c = c;
                g.gb = false;
                true
            }
            None => false,
        }
    });
}

// ---------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Obj<'a> {
    Null,
    Bool(bool),
    Num(f64),
    Str(Vec<u8>),
    Name(String),
    Array(Vec<Obj<'a>>),
    Dict(Dict<'a>),
    Ref(u32),
    /// A stream: its dictionary and its raw (still encoded) bytes, as in
    /// the file or, in an encrypted file, decrypted.
    Stream(Dict<'a>, Bytes<'a>),
    /// A content stream's operator.
    Op(String),
}

type Dict<'a> = Vec<(String, Obj<'a>)>;

/// A stream's bytes: the file's own, or decrypted once and shared by every
/// lookup of the object.
#[derive(Clone, Debug, PartialEq)]
enum Bytes<'a> {
    File(&'a [u8]),
    Decrypted(Rc<[u8]>),
}

impl Deref for Bytes<'_> {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::File(b) => b,
            Bytes::Decrypted(b) => b,
        }
    }
}

/// The most bytes decrypted from one file: each stream is decrypted once,
/// so a file's streams take at most its size; streams made to overlap (a
/// stream runs to the next 「endstream」) cannot make it quadratic.
const MAX_DECRYPTED: usize = 4 * super::MAX_BYTES;

fn get<'d, 'a>(d: &'d Dict<'a>, key: &str) -> Option<&'d Obj<'a>> {
    d.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

impl<'a> Obj<'a> {
    fn num(&self) -> Option<f64> {
        match self {
            Obj::Num(n) => Some(*n),
            _ => None,
        }
    }

    fn name(&self) -> Option<&str> {
        match self {
            Obj::Name(n) => Some(n),
            _ => None,
        }
    }

    fn dict(&self) -> Option<&Dict<'a>> {
        match self {
            Obj::Dict(d) | Obj::Stream(d, _) => Some(d),
            _ => None,
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// A reader of PDF syntax over a buffer.
struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Lexer<'a> {
    fn new(b: &'a [u8], i: usize) -> Lexer<'a> {
        Lexer { b, i }
    }

    fn skip_space(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            if is_space(c) {
                self.i += 1;
            } else if c == b'%' {
                while self
                    .b
                    .get(self.i)
                    .is_some_and(|&c| c != b'\n' && c != b'\r')
                {
                    self.i += 1;
                }
            } else {
                break;
            }
        }
    }

    fn word(&mut self) -> &'a [u8] {
        // A `>>` at the very end may have stepped past it.
        self.i = self.i.min(self.b.len());
        let start = self.i;
        while self
            .b
            .get(self.i)
            .is_some_and(|&c| !is_space(c) && !is_delim(c))
        {
            self.i += 1;
        }
        &self.b[start..self.i]
    }

    /// The next value; `None` at the end or on a token that is none (a
    /// stray `>>` or `]`, which the caller's loop ends on).
    fn value(&mut self, depth: usize) -> Option<Obj<'a>> {
        self.skip_space();
        let c = *self.b.get(self.i)?;
        if depth > MAX_DEPTH {
            return None;
        }
        match c {
            b'/' => {
                self.i += 1;
                let raw = self.word();
                Some(Obj::Name(name(raw)))
            }
            b'(' => Some(Obj::Str(self.literal())),
            b'<' if self.b.get(self.i + 1) == Some(&b'<') => {
                self.i += 2;
                let mut d = Dict::new();
                loop {
                    self.skip_space();
                    match self.b.get(self.i) {
                        None => break,
                        Some(b'>') => {
                            self.i += 2;
                            break;
                        }
                        Some(b'/') => {
                            self.i += 1;
                            let key = name(self.word());
                            let v = self.value(depth + 1).unwrap_or(Obj::Null);
                            d.push((key, v));
                        }
                        Some(_) => {
                            // Junk inside a dictionary: skip a token.
                            if self.value(depth + 1).is_none() {
                                self.i += 1;
                            }
                        }
                    }
                }
                Some(Obj::Dict(d))
            }
            b'<' => Some(Obj::Str(self.hex())),
            b'[' => {
                self.i += 1;
                let mut a = Vec::new();
                loop {
                    self.skip_space();
                    match self.b.get(self.i) {
                        None => break,
                        Some(b']') => {
                            self.i += 1;
                            break;
                        }
                        Some(_) => match self.value(depth + 1) {
                            Some(v) => a.push(v),
                            None => self.i += 1,
                        },
                    }
                }
                Some(Obj::Array(a))
            }
            b']' | b'>' | b')' | b'{' | b'}' => None,
            _ => {
                let w = self.word();
                if w.is_empty() {
                    return None;
                }
                if let Some(n) = number(w) {
                    // 「12 0 R」 is a reference.
                    let save = self.i;
                    self.skip_space();
                    let gen = self.word();
                    if number(gen).is_some() {
                        self.skip_space();
                        if self.word() == b"R" {
                            return Some(Obj::Ref(n as u32));
                        }
                    }
                    self.i = save;
                    return Some(Obj::Num(n));
                }
                Some(match w {
                    b"true" => Obj::Bool(true),
                    b"false" => Obj::Bool(false),
                    b"null" => Obj::Null,
                    _ => Obj::Op(String::from_utf8_lossy(w).into_owned()),
                })
            }
        }
    }

    /// A literal string, at its `(`.
    fn literal(&mut self) -> Vec<u8> {
        self.i += 1;
        let mut out = Vec::new();
        let mut depth = 1;
        while let Some(&c) = self.b.get(self.i) {
            self.i += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(c);
                }
                b'\\' => {
                    let Some(&e) = self.b.get(self.i) else {
                        break;
                    };
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.b.get(self.i) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.i += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        // A line continuation.
                        b'\r' => {
                            if self.b.get(self.i) == Some(&b'\n') {
                                self.i += 1;
                            }
                        }
                        b'\n' => {}
                        e => out.push(e),
                    }
                }
                c => out.push(c),
            }
        }
        out
    }

    /// A hex string, at its `<`.
    fn hex(&mut self) -> Vec<u8> {
        self.i += 1;
        let mut digits = Vec::new();
        while let Some(&c) = self.b.get(self.i) {
            self.i += 1;
            if c == b'>' {
                break;
            }
            if let Some(d) = (c as char).to_digit(16) {
                digits.push(d as u8);
            }
        }
        if digits.len() % 2 == 1 {
            digits.push(0);
        }
        digits.chunks(2).map(|p| p[0] * 16 + p[1]).collect()
    }
}

/// A name's text, its `#xx` escapes decoded.
fn name(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#' && i + 2 < raw.len() {
            if let Ok(v) = u8::from_str_radix(&String::from_utf8_lossy(&raw[i + 1..i + 3]), 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn number(w: &[u8]) -> Option<f64> {
    let first = *w.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    std::str::from_utf8(w)
        .ok()?
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

// ---------------------------------------------------------------------
// The file's objects
// ---------------------------------------------------------------------

/// Where an object is defined.
#[derive(Clone, Copy, Debug)]
enum Loc {
    /// At this offset of the file, after 「N G obj」.
    Plain(usize),
    /// The `index`th object of object stream `stream`.
    Packed { stream: u32, index: usize },
}

struct File<'a> {
    bytes: &'a [u8],
    /// Where each 「obj」 keyword and each 「endstream」 is, in order: an
    /// object's value is read no further than the next object (so an
    /// unclosed one cannot make every later read run to the end), a
    /// stream ends at the next 「endstream」.
    objs: Vec<usize>,
    endstreams: Vec<usize>,
    locs: HashMap<u32, Loc>,
    /// Object streams decoded: their objects' ids and values.
    packed: HashMap<u32, Vec<(u32, Obj<'a>)>>,
    root: Option<u32>,
    /// Generation numbers other than 0 (an encrypted object's key mixes
    /// them in).
    gens: HashMap<u32, u16>,
    /// An encrypted file's key for its streams.
    crypt: Option<Crypt>,
    /// Streams decrypted, by object, and their bytes in all.
    decrypted: RefCell<HashMap<u32, Rc<[u8]>>>,
    decrypted_total: Cell<usize>,
}

/// What the trailers say about encryption.
#[derive(Default)]
struct Trailer<'a> {
    encrypt: Option<Obj<'a>>,
    id0: Vec<u8>,
}

impl<'a> File<'a> {
    fn open(bytes: &'a [u8]) -> Result<File<'a>, ImportError> {
        let mut file = File {
            bytes,
            objs: Vec::new(),
            endstreams: Vec::new(),
            locs: HashMap::new(),
            packed: HashMap::new(),
            root: None,
            gens: HashMap::new(),
            crypt: None,
            decrypted: RefCell::new(HashMap::new()),
            decrypted_total: Cell::new(0),
        };
        // Every 「N G obj」, later ones replacing earlier (an update appends
        // new versions of objects).
        let mut at = 0;
        while let Some(k) = find(bytes, b"obj", at) {
            at = k + 3;
            if bytes
                .get(k + 3)
                .is_some_and(|&c| !is_space(c) && !is_delim(c))
            {
                continue;
            }
            let Some((id, gen)) = object_number(bytes, k) else {
                continue;
            };
            file.objs.push(k + 3);
            file.locs.insert(id, Loc::Plain(k + 3));
            if gen == 0 {
                file.gens.remove(&id);
            } else {
                file.gens.insert(id, gen);
            }
        }
        let mut at = 0;
        while let Some(k) = find(bytes, b"endstream", at) {
            file.endstreams.push(k);
            at = k + 9;
        }
        let mut trailer = Trailer::default();
        // Trailers (classic and cross-reference streams) name the catalog
        // and say whether the file is encrypted.
        let mut at = 0;
        while let Some(k) = find(bytes, b"trailer", at) {
            at = k + 7;
            let end = bytes.len().min(at + 64 * 1024).min(file.limit(at));
            if let Some(Obj::Dict(d)) = Lexer::new(&bytes[..end], at).value(0) {
                file.take_trailer(&d, &mut trailer);
            }
        }
        // Each object once, in the order of the file: cross-reference
        // streams are trailers too (and never encrypted); object streams
        // are opened once the key is known.
        let mut plain: Vec<(usize, u32)> = file
            .locs
            .iter()
            .filter_map(|(id, l)| match l {
                Loc::Plain(at) => Some((*at, *id)),
                Loc::Packed { .. } => None,
            })
            .collect();
        plain.sort_unstable();
        let mut object_streams = Vec::new();
        for (offset, id) in plain {
            let Some(Obj::Stream(d, raw)) = file.plain(id) else {
                continue;
            };
            match get(&d, "Type").and_then(Obj::name) {
                Some("XRef") => file.take_trailer(&d, &mut trailer),
                Some("ObjStm") => object_streams.push((offset, id, d, raw)),
                _ => {}
            }
        }
        if let Some(encrypt) = &trailer.encrypt {
            let d = file.resolve_dict(Some(encrypt));
            file.crypt = Some(crypt(&file, &d, &trailer.id0)?);
        }
        for (offset, id, d, raw) in object_streams {
            let raw = file.decrypt(id, &d, raw);
            let objects = unpack(&d, &raw);
            for (index, (num, _)) in objects.iter().enumerate() {
                // The later of two definitions wins: a plain one after this
                // stream (an update) stays.
                let newer_plain = matches!(file.locs.get(num), Some(Loc::Plain(p)) if *p > offset);
                if !newer_plain {
                    file.locs.insert(*num, Loc::Packed { stream: id, index });
                }
            }
            file.packed.insert(id, objects);
        }
        Ok(file)
    }

    fn gen(&self, id: u32) -> u16 {
        self.gens.get(&id).copied().unwrap_or(0)
    }

    /// Object `id`'s stream as its filters expect it: decrypted in an
    /// encrypted file (cross-reference streams never are), once.
    fn decrypt(&self, id: u32, d: &Dict, raw: Bytes<'a>) -> Bytes<'a> {
        let Some(crypt) = &self.crypt else {
            return raw;
        };
        if !crypt.encrypts_streams() || get(d, "Type").and_then(Obj::name) == Some("XRef") {
            return raw;
        }
        if let Some(done) = self.decrypted.borrow().get(&id) {
            return Bytes::Decrypted(done.clone());
        }
        let total = self.decrypted_total.get().saturating_add(raw.len());
        let bytes: Rc<[u8]> = if total > MAX_DECRYPTED {
            Rc::from(Vec::new())
        } else {
            self.decrypted_total.set(total);
            Rc::from(crypt.stream(id, self.gen(id), &raw))
        };
        self.decrypted.borrow_mut().insert(id, bytes.clone());
        Bytes::Decrypted(bytes)
    }

    fn take_trailer(&mut self, d: &Dict<'a>, t: &mut Trailer<'a>) {
        if let Some(Obj::Ref(r)) = get(d, "Root") {
            self.root = Some(*r);
        }
        if let Some(e) = get(d, "Encrypt").filter(|e| **e != Obj::Null) {
            t.encrypt = Some(e.clone());
        }
        if let Some(Obj::Array(ids)) = get(d, "ID") {
            if let Some(Obj::Str(first)) = ids.first() {
                t.id0 = first.clone();
            }
        }
    }

    /// Where a value starting at `at` must end: the next object's start.
    fn limit(&self, at: usize) -> usize {
        let i = self.objs.partition_point(|&o| o <= at);
        self.objs.get(i).copied().unwrap_or(self.bytes.len())
    }

    fn plain(&self, id: u32) -> Option<Obj<'a>> {
        let Some(Loc::Plain(at)) = self.locs.get(&id) else {
            return None;
        };
        let bytes: &'a [u8] = self.bytes;
        let mut lx = Lexer::new(&bytes[..self.limit(*at)], *at);
        let v = lx.value(0)?;
        let Obj::Dict(d) = v else {
            return Some(v);
        };
        // A dictionary followed by 「stream」 is a stream's.
        lx.skip_space();
        if lx.word() != b"stream" {
            return Some(Obj::Dict(d));
        }
        let mut start = lx.i;
        if self.bytes.get(start) == Some(&b'\r') {
            start += 1;
        }
        if self.bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        // The declared length when it ends at 「endstream」, else the
        // search for it (lengths are often wrong or indirect).
        let declared = match get(&d, "Length") {
            Some(Obj::Num(n)) => Some(*n as usize),
            // Read as a bare value: a length is never a stream, and
            // following streams here could loop between two of them.
            Some(Obj::Ref(r)) => match self.locs.get(r) {
                Some(Loc::Plain(at)) => Lexer::new(&self.bytes[..self.limit(*at)], *at)
                    .value(0)
                    .and_then(|o| o.num())
                    .map(|n| n as usize),
                _ => None,
            },
            _ => None,
        };
        let fits = |len: usize| {
            let end = start.checked_add(len)?;
            let rest = self.bytes.get(end..)?;
            let trimmed = rest
                .iter()
                .position(|&c| !is_space(c))
                .map_or(rest, |p| &rest[p..]);
            trimmed.starts_with(b"endstream").then_some(end)
        };
        let end = declared
            .and_then(fits)
            .or_else(|| {
                let i = self.endstreams.partition_point(|&e| e < start);
                self.endstreams.get(i).copied()
            })
            .unwrap_or(self.bytes.len());
        let raw = Bytes::File(self.bytes.get(start..end.max(start))?);
        let raw = self.decrypt(id, &d, raw);
        Some(Obj::Stream(d, raw))
    }

    /// An object by number.
    fn object(&self, id: u32) -> Option<Obj<'a>> {
        match self.locs.get(&id)? {
            Loc::Plain(_) => self.plain(id),
            Loc::Packed { stream, index } => {
                self.packed.get(stream)?.get(*index).map(|(_, o)| o.clone())
            }
        }
    }

    /// A value with a reference followed (one step; a reference to a
    /// reference is broken).
    fn resolve(&self, o: &Obj<'a>) -> Obj<'a> {
        match o {
            Obj::Ref(r) => self.object(*r).unwrap_or(Obj::Null),
            o => o.clone(),
        }
    }

    fn resolve_dict(&self, o: Option<&Obj<'a>>) -> Dict<'a> {
        match o.map(|o| self.resolve(o)) {
            Some(Obj::Dict(d)) | Some(Obj::Stream(d, _)) => d,
            _ => Dict::new(),
        }
    }

    /// The pages in order, each with its resources (inherited from the
    /// tree when the page has none).
    fn pages(&self) -> Vec<(Dict<'a>, Dict<'a>)> {
        let mut out = Vec::new();
        let catalog = match self.root.and_then(|r| self.object(r)) {
            Some(Obj::Dict(d)) => d,
            // No trailer: the catalog is the object that says it is one.
            _ => self
                .locs
                .keys()
                .filter_map(|id| self.object(*id))
                .filter_map(|o| o.dict().cloned())
                .find(|d| get(d, "Type").and_then(Obj::name) == Some("Catalog"))
                .unwrap_or_default(),
        };
        let mut seen = HashSet::new();
        if let Some(root) = get(&catalog, "Pages") {
            self.walk(root, Dict::new(), &mut seen, &mut out, 0);
        }
        out
    }

    fn walk(
        &self,
        node: &Obj<'a>,
        inherited: Dict<'a>,
        seen: &mut HashSet<u32>,
        out: &mut Vec<(Dict<'a>, Dict<'a>)>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        if let Obj::Ref(r) = node {
            if !seen.insert(*r) {
                return;
            }
        }
        let Some(d) = self.resolve(node).dict().cloned() else {
            return;
        };
        let resources = match get(&d, "Resources") {
            Some(r) => self.resolve_dict(Some(r)),
            None => inherited,
        };
        match get(&d, "Kids").map(|k| self.resolve(k)) {
            Some(Obj::Array(kids)) => {
                for k in &kids {
                    self.walk(k, resources.clone(), seen, out, depth + 1);
                }
            }
            _ => out.push((d, resources)),
        }
    }
}

/// The number of the object whose 「obj」 keyword is at `k`: 「12 0 obj」.
fn object_number(b: &[u8], k: usize) -> Option<(u32, u16)> {
    let mut i = k;
    let back_space = |i: &mut usize| {
        let start = *i;
        while *i > 0 && is_space(b[*i - 1]) {
            *i -= 1;
        }
        *i < start
    };
    let back_digits = |i: &mut usize| {
        let end = *i;
        while *i > 0 && b[*i - 1].is_ascii_digit() {
            *i -= 1;
        }
        (*i < end).then(|| &b[*i..end])
    };
    if !back_space(&mut i) {
        return None;
    }
    let gen = back_digits(&mut i)?;
    if !back_space(&mut i) {
        return None;
    }
    let id = back_digits(&mut i)?;
    if i > 0 && !is_space(b[i - 1]) && !is_delim(b[i - 1]) {
        return None;
    }
    fn number<T: std::str::FromStr>(d: &[u8]) -> Option<T> {
        std::str::from_utf8(d).ok()?.parse().ok()
    }
    // A generation past 65535 breaks the format, not the object.
    let gen = number::<u64>(gen).map_or(u16::MAX, |g| g.min(u64::from(u16::MAX)) as u16);
    Some((number(id)?, gen))
}

/// The key of an encrypted file's streams, from its encryption dictionary
/// and the first string of its ID.
fn crypt(file: &File, d: &Dict, id0: &[u8]) -> Result<Crypt, ImportError> {
    let int = |k: &str| get(d, k).and_then(Obj::num).map(|n| n as i64);
    let bytes = |k: &str| match get(d, k) {
        Some(Obj::Str(s)) => s.as_slice(),
        _ => &[],
    };
    let v = int("V").unwrap_or(0);
    // Version 4 and 5 name the crypt filter of streams; 「Identity」
    // leaves them as they are.
    let stream_method = if v >= 4 {
        match get(d, "StmF").and_then(Obj::name).unwrap_or("Identity") {
            "Identity" => None,
            // A filter the dictionary does not define is no method known
            // here (its streams would stay encrypted).
            f => {
                let cf = file.resolve_dict(get(d, "CF"));
                let filter = file.resolve_dict(get(&cf, f));
                Some(match get(&filter, "CFM") {
                    Some(m) => m.name().unwrap_or("?").to_owned(),
                    None if filter.is_empty() => "?".to_owned(),
                    None => "None".to_owned(),
                })
            }
        }
    } else {
        None
    };
    let params = Params {
        filter: get(d, "Filter").and_then(Obj::name),
        v,
        r: int("R").unwrap_or(0),
        length: int("Length"),
        o: bytes("O"),
        u: bytes("U"),
        ue: bytes("UE"),
        p: int("P").unwrap_or(0),
        id0,
        encrypt_metadata: get(d, "EncryptMetadata") != Some(&Obj::Bool(false)),
        stream_method: stream_method.as_deref(),
    };
    Crypt::new(&params).map_err(|e| match e {
        CryptError::UserPassword => unreadable("文件设有打开密码"),
        CryptError::Unsupported => unreadable("文件以本工具无法解开的方式加密"),
    })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let rest = hay.get(from..)?;
    let first = needle[0];
    let mut i = 0;
    while let Some(p) = rest.get(i..)?.iter().position(|&c| c == first) {
        let at = i + p;
        if rest[at..].starts_with(needle) {
            return Some(from + at);
        }
        i = at + 1;
    }
    None
}

/// A stream's bytes, its filters undone; empty when one is not read here.
fn decode(d: &Dict, raw: &[u8]) -> Vec<u8> {
    let filters: Vec<&str> = match get(d, "Filter") {
        None => Vec::new(),
        Some(Obj::Name(n)) => vec![n.as_str()],
        Some(Obj::Array(a)) => a.iter().filter_map(Obj::name).collect(),
        Some(_) => return Vec::new(),
    };
    // Predictors are for images and cross-reference streams, not for
    // text; a stream with one is left unread.
    let predictor = |p: &Obj| {
        p.dict()
            .and_then(|p| get(p, "Predictor"))
            .and_then(Obj::num)
            .is_some_and(|n| n > 1.0)
    };
    if match get(d, "DecodeParms") {
        Some(Obj::Array(a)) => a.iter().any(predictor),
        Some(p) => predictor(p),
        None => false,
    } {
        return Vec::new();
    }
    let mut data = raw.to_vec();
    for f in filters {
        data = match f {
            "FlateDecode" | "Fl" => {
                miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&data, MAX_INFLATED)
                    .unwrap_or_else(|e| e.output)
            }
            "ASCIIHexDecode" | "AHx" => Lexer::new(&[&[b'<'][..], &data].concat(), 0).hex(),
            "ASCII85Decode" | "A85" => ascii85(&data),
            // LZW, run-length and the image filters: not a report's text.
            _ => return Vec::new(),
        };
    }
    data
}

/// ASCII base-85 (`ASCII85Decode`), up to its 「~>」.
fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 4 / 5);
    let mut group = [0u8; 5];
    let mut n = 0;
    let flush = |group: &[u8; 5], n: usize, out: &mut Vec<u8>| {
        let mut padded = *group;
        for g in padded.iter_mut().skip(n) {
            *g = b'u' - b'!';
        }
        let v = padded.iter().fold(0u64, |a, &d| a * 85 + u64::from(d));
        let bytes = (v.min(u64::from(u32::MAX)) as u32).to_be_bytes();
        out.extend_from_slice(&bytes[..n.saturating_sub(1)]);
    };
    for &c in data {
        match c {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = c - b'!';
                n += 1;
                if n == 5 {
                    flush(&group, 5, &mut out);
                    n = 0;
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        flush(&group, n, &mut out);
    }
    out
}

/// The objects of an object stream: 「N offset」 pairs, then the objects
/// from `/First`.
fn unpack<'a>(d: &Dict<'a>, raw: &[u8]) -> Vec<(u32, Obj<'a>)> {
    let data = decode(d, raw);
    let n = get(d, "N").and_then(Obj::num).unwrap_or(0.0) as usize;
    let first = get(d, "First").and_then(Obj::num).unwrap_or(0.0) as usize;
    let mut lx = Lexer::new(&data, 0);
    let mut heads = Vec::new();
    for _ in 0..n.min(data.len() / 2) {
        lx.skip_space();
        let (Some(num), Some(off)) = (number(lx.word()), {
            lx.skip_space();
            number(lx.word())
        }) else {
            break;
        };
        heads.push((num as u32, off as usize));
    }
    // Each object ends where the next begins, so that an unclosed one
    // cannot make every later read run to the stream's end.
    let mut ends: Vec<usize> = heads.iter().map(|h| h.1).collect();
    ends.sort_unstable();
    heads
        .into_iter()
        .filter_map(|(num, off)| {
            let at = first.checked_add(off)?;
            let next = ends.partition_point(|&e| e <= off);
            let end = ends
                .get(next)
                .and_then(|e| first.checked_add(*e))
                .unwrap_or(data.len())
                .min(data.len());
            let mut lx = Lexer::new(data.get(..end)?, at);
            let v = lx.value(0)?;
            Some((num, own(v)))
        })
        .collect()
}

/// A value read from a decoded buffer, made independent of it (object
/// streams hold no streams, so nothing borrowed remains).
fn own<'a>(o: Obj<'_>) -> Obj<'a> {
    match o {
        Obj::Null => Obj::Null,
        Obj::Bool(b) => Obj::Bool(b),
        Obj::Num(n) => Obj::Num(n),
        Obj::Str(s) => Obj::Str(s),
        Obj::Name(n) => Obj::Name(n),
        Obj::Array(a) => Obj::Array(a.into_iter().map(own).collect()),
        Obj::Dict(d) | Obj::Stream(d, _) => {
            Obj::Dict(d.into_iter().map(|(k, v)| (k, own(v))).collect())
        }
        Obj::Ref(r) => Obj::Ref(r),
        Obj::Op(o) => Obj::Op(o),
    }
}

// ---------------------------------------------------------------------
// Fonts
// ---------------------------------------------------------------------

/// What a glyph's code means: its text and its width.
struct Font {
    /// Codes are two bytes (a CID font), else one.
    two_byte: bool,
    to_unicode: HashMap<u32, String>,
    /// A simple font's own code → character (its encoding).
    simple: Option<[char; 256]>,
    /// A composite font whose codes are UCS-2 or UTF-16 units.
    ucs2: bool,
    /// A composite font in a predefined GB encoding (GBK-EUC-H…): one
    /// byte for ASCII, two for a character (four, GB18030's rare ones,
    /// are not read).
    gb: bool,
    widths: HashMap<u32, f64>,
    default_width: f64,
}

impl Font {
    fn load(file: &File, d: &Dict) -> Font {
        // A simple font's codes are one byte, a composite (Type0) font's
        // two with the Identity and Unicode encodings; a font missing
        // from the resources gives no text rather than a guess.
        let two_byte = get(d, "Subtype").and_then(Obj::name) == Some("Type0");
        let mut font = Font {
            two_byte,
            to_unicode: HashMap::new(),
            simple: None,
            ucs2: false,
            gb: false,
            widths: HashMap::new(),
            default_width: if two_byte { 1000.0 } else { 500.0 },
        };
        if d.is_empty() {
            return font;
        }
        if let Some(Obj::Stream(sd, raw)) = get(d, "ToUnicode").map(|o| file.resolve(o)) {
            font.to_unicode = cmap(&decode(&sd, &raw));
        }
        if two_byte {
            // 「UniGB-UCS2-H」 and the like: the code is the character. The
            // GB encodings (「GBK-EUC-H」…) mix code lengths; their codes
            // are GB18030's bytes, decoded once the page is read. Other
            // predefined encodings need their tables; without a ToUnicode
            // they give no text.
            let encoding = get(d, "Encoding").and_then(Obj::name).unwrap_or("");
            font.ucs2 = encoding.contains("UCS2") || encoding.contains("UTF16");
            // Horizontal ones only: glyphs here advance along the line.
            font.gb = matches!(
                encoding,
                "GB-EUC-H" | "GBpc-EUC-H" | "GBK-EUC-H" | "GBKp-EUC-H" | "GBK2K-H"
            );
            let desc = match get(d, "DescendantFonts").map(|o| file.resolve(o)) {
                Some(Obj::Array(a)) => a.first().map(|o| file.resolve_dict(Some(o))),
                _ => None,
            }
            .unwrap_or_default();
            if let Some(dw) = get(&desc, "DW").and_then(Obj::num) {
                font.default_width = dw;
            }
            if let Obj::Array(w) = get(&desc, "W")
                .map(|o| file.resolve(o))
                .unwrap_or(Obj::Null)
            {
                let mut i = 0;
                let mut room: usize = 1 << 17;
                while i < w.len() && room > 0 {
                    let Some(c) = w[i].num() else {
                        break;
                    };
                    match w.get(i + 1).map(|o| file.resolve(o)) {
                        Some(Obj::Array(list)) => {
                            for (k, v) in list.iter().enumerate().take(room) {
                                let code = (c as u32).checked_add(k as u32);
                                if let (Some(v), Some(code)) = (v.num(), code) {
                                    font.widths.insert(code, v);
                                }
                            }
                            room = room.saturating_sub(list.len());
                            i += 2;
                        }
                        Some(Obj::Num(last)) => {
                            let v = w
                                .get(i + 2)
                                .and_then(Obj::num)
                                .unwrap_or(font.default_width);
                            let (c, last) = (c as u32, last as u32);
                            let last = last.min(c.saturating_add(room as u32 - 1));
                            for code in c..=last {
                                font.widths.insert(code, v);
                            }
                            room = room.saturating_sub((last.saturating_sub(c) + 1) as usize);
                            i += 3;
                        }
                        _ => break,
                    }
                }
            }
        } else {
            let first = get(d, "FirstChar").and_then(Obj::num).unwrap_or(0.0) as u32;
            if let Obj::Array(w) = get(d, "Widths")
                .map(|o| file.resolve(o))
                .unwrap_or(Obj::Null)
            {
                for (k, v) in w.iter().enumerate().take(256) {
                    let code = first.checked_add(k as u32);
                    if let (Some(v), Some(code)) = (file.resolve(v).num(), code) {
                        font.widths.insert(code, v);
                    }
                }
            }
            // The encoding speaks only where no ToUnicode does: a code the
            // map leaves out is no character of the encoding's.
            if font.to_unicode.is_empty() {
                font.simple = Some(encoding(file, d));
            }
        }
        font
    }

    /// The codes of a shown string.
    fn codes(&self, s: &[u8]) -> Vec<u32> {
        if self.gb {
            let mut codes = Vec::new();
            let mut i = 0;
            while i < s.len() {
                let n = match (s[i], s.get(i + 1)) {
                    (0..=0x80, _) => 1,
                    // GB18030's four-byte codes: a digit second.
                    (_, Some(0x30..=0x39)) => 4,
                    _ => 2,
                };
                let code = s[i..(i + n).min(s.len())]
                    .iter()
                    .fold(0u32, |a, &b| a << 8 | u32::from(b));
                codes.push(code);
                i += n;
            }
            codes
        } else if self.two_byte {
            s.chunks(2)
                .map(|p| u32::from(p[0]) << 8 | u32::from(*p.get(1).unwrap_or(&0)))
                .collect()
        } else {
            s.iter().map(|&b| u32::from(b)).collect()
        }
    }

    fn text(&self, code: u32) -> Option<String> {
        if let Some(t) = self.to_unicode.get(&code) {
            return Some(t.clone());
        }
        if self.ucs2 && self.to_unicode.is_empty() {
            return char::from_u32(code).map(String::from);
        }
        if self.gb_codes() {
            return match code {
                0..=0x7F => char::from_u32(code).map(String::from),
                // A placeholder until `decode_gb` reads it.
                0x8100..=0xFFFF => char::from_u32(GB_CODE + code).map(String::from),
                _ => None,
            };
        }
        let table = self.simple.as_ref()?;
        let c = *table.get(code as usize)?;
        (c != '\0').then(|| c.to_string())
    }

    /// Whether the codes' characters come from the GB encoding (no
    /// ToUnicode map speaks instead).
    fn gb_codes(&self) -> bool {
        self.gb && self.to_unicode.is_empty()
    }

    fn width(&self, code: u32) -> f64 {
        if self.gb {
            // Widths are by CID, which only the encoding's table knows:
            // ASCII half, the rest full.
            return if code < 0x100 {
                0.5
            } else {
                self.default_width / 1000.0
            };
        }
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
            / 1000.0
    }
}

/// A ToUnicode CMap: code → text, at most 2^17 codes.
fn cmap(data: &[u8]) -> HashMap<u32, String> {
    const ROOM: usize = 1 << 17;
    let mut map = HashMap::new();
    let mut lx = Lexer::new(data, 0);
    let mut args: Vec<Obj> = Vec::new();
    let hex_text = |s: &[u8]| -> String {
        let units: Vec<u16> = s
            .chunks(2)
            .map(|p| u16::from(p[0]) << 8 | u16::from(*p.get(1).unwrap_or(&0)))
            .collect();
        String::from_utf16_lossy(&units)
    };
    let code = |s: &[u8]| s.iter().fold(0u32, |a, &b| a << 8 | u32::from(b));
    let mut section = String::new();
    while lx.i < data.len() {
        let Some(v) = lx.value(0) else {
            lx.i += 1;
            continue;
        };
        let Obj::Op(op) = v else {
            args.push(v);
            continue;
        };
        match op.as_str() {
            "begincodespacerange" | "beginbfchar" | "beginbfrange" => {
                section = op;
                args.clear();
            }
            "endcodespacerange" => {
                args.clear();
                section.clear();
            }
            "endbfchar" => {
                for pair in args.chunks(2).take(ROOM.saturating_sub(map.len())) {
                    if let [Obj::Str(src), Obj::Str(dst)] = pair {
                        map.insert(code(src), hex_text(dst));
                    }
                }
                args.clear();
                section.clear();
            }
            "endbfrange" => {
                for triple in args.chunks(3) {
                    let [Obj::Str(lo), Obj::Str(hi), dst] = triple else {
                        continue;
                    };
                    let (lo, hi) = (code(lo), code(hi));
                    if hi < lo || hi - lo > 65_535 || map.len() >= ROOM {
                        continue;
                    }
                    match dst {
                        Obj::Str(first) => {
                            let base = hex_text(first);
                            let mut chars: Vec<char> = base.chars().collect();
                            for c in lo..=hi {
                                map.insert(c, chars.iter().collect());
                                if let Some(last) = chars.last_mut() {
                                    *last = char::from_u32(u32::from(*last) + 1).unwrap_or(*last);
                                }
                            }
                        }
                        Obj::Array(list) => {
                            for (k, d) in list.iter().enumerate() {
                                if let (Obj::Str(d), Some(c)) = (d, lo.checked_add(k as u32)) {
                                    map.insert(c, hex_text(d));
                                }
                            }
                        }
                        _ => {}
                    }
                }
                args.clear();
                section.clear();
            }
            _ => {
                if section.is_empty() {
                    args.clear();
                }
            }
        }
    }
    map
}

/// A simple font's encoding: WinAnsi, with its `/Differences` by glyph
/// name.
fn encoding(file: &File, d: &Dict) -> [char; 256] {
    let mut table = [0 as char; 256];
    for (b, slot) in table.iter_mut().enumerate() {
        *slot = if (0x20..0x7F).contains(&b) || b >= 0xA0 {
            char::from(b as u8)
        } else if (0x80..0xA0).contains(&b) {
            super::doc::cp1252(b as u8)
        } else {
            '\0'
        };
    }
    if let Some(Obj::Dict(e)) = get(d, "Encoding").map(|o| file.resolve(o)) {
        if let Some(Obj::Array(diff)) = get(&e, "Differences").map(|o| file.resolve(o)) {
            let mut code = 0usize;
            for item in diff {
                match item {
                    Obj::Num(n) => code = n as usize,
                    Obj::Name(n) => {
                        // A name not known here is no character: better
                        // none than the encoding's, which it replaced.
                        if let Some(slot) = table.get_mut(code) {
                            *slot = glyph_char(&n).unwrap_or('\0');
                        }
                        code = code.saturating_add(1);
                    }
                    _ => {}
                }
            }
        }
    }
    table
}

/// The character of a glyph name, for the names numbers and punctuation
/// use, and 「uniXXXX」.
fn glyph_char(n: &str) -> Option<char> {
    const NAMES: [(&str, char); 24] = [
        ("zero", '0'),
        ("one", '1'),
        ("two", '2'),
        ("three", '3'),
        ("four", '4'),
        ("five", '5'),
        ("six", '6'),
        ("seven", '7'),
        ("eight", '8'),
        ("nine", '9'),
        ("space", ' '),
        ("period", '.'),
        ("comma", ','),
        ("hyphen", '-'),
        ("percent", '%'),
        ("parenleft", '('),
        ("parenright", ')'),
        ("colon", ':'),
        ("semicolon", ';'),
        ("slash", '/'),
        ("plus", '+'),
        ("equal", '='),
        ("bracketleft", '['),
        ("bracketright", ']'),
    ];
    // 「one.tf」, 「one.oldstyle」: the same character.
    let n = n.split('.').next().unwrap_or(n);
    if let Some(hex) = n.strip_prefix("uni") {
        return u32::from_str_radix(hex.get(..4)?, 16)
            .ok()
            .and_then(char::from_u32);
    }
    if n.len() == 1 {
        return n.chars().next().filter(char::is_ascii_alphabetic);
    }
    NAMES.iter().find(|(k, _)| *k == n).map(|(_, c)| *c)
}

// ---------------------------------------------------------------------
// Pages' content
// ---------------------------------------------------------------------

/// A glyph placed on a page: its text, left edge, baseline, width and
/// size in page units.
#[derive(Clone, Debug)]
struct Glyph {
    page: usize,
    c: char,
    x: f64,
    y: f64,
    w: f64,
    size: f64,
    /// The way the text runs, in quarter turns counterclockwise: 0 left
    /// to right, 1 upwards (a landscape table on a portrait page), …
    turn: u8,
    /// `c` is a GB code's placeholder still to decode (`decode_gb`).
    gb: bool,
}

type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a` then `b`: a point is moved by `a`, the result by `b`.
fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

/// What the pages' interpretation shares: the fonts loaded, the glyphs
/// placed, the forms being drawn (one inside itself is skipped), and a
/// budget of operators and decoded bytes, so that a crafted file (a form
/// drawing another many times over) stops instead of running for hours.
struct Ctx {
    page: usize,
    fonts: HashMap<String, Font>,
    out: Vec<Glyph>,
    forms: Vec<u32>,
    budget: usize,
    runs: usize,
}

impl Ctx {
    fn charge(&mut self, bytes: usize) {
        self.budget = self.budget.saturating_sub(bytes / 16);
    }
}

#[derive(Clone)]
struct TextState {
    font: Option<String>,
    hidden: bool,
    size: f64,
    char_space: f64,
    word_space: f64,
    scale: f64,
    leading: f64,
    rise: f64,
}

impl<'a> File<'a> {
    fn glyphs(&self) -> Result<Vec<Glyph>, ImportError> {
        let pages = self.pages();
        if pages.is_empty() {
            return Err(unreadable("没有找到页面"));
        }
        let mut cx = Ctx {
            page: 0,
            fonts: HashMap::new(),
            out: Vec::new(),
            forms: Vec::new(),
            budget: MAX_WORK,
            runs: 0,
        };
        for (n, (page, resources)) in pages.iter().enumerate() {
            cx.page = n;
            let content: Vec<u8> = match get(page, "Contents").map(|o| self.resolve(o)) {
                Some(Obj::Stream(d, raw)) => decode(&d, &raw),
                Some(Obj::Array(parts)) => parts
                    .iter()
                    .filter_map(|p| match self.resolve(p) {
                        Obj::Stream(d, raw) => Some(decode(&d, &raw)),
                        _ => None,
                    })
                    .flat_map(|mut v| {
                        v.push(b'\n');
                        v
                    })
                    .collect(),
                _ => Vec::new(),
            };
            cx.charge(content.len());
            self.run(&content, resources, IDENTITY, &mut cx, 0);
            if cx.out.len() > MAX_GLYPHS {
                return Err(unreadable("文字过多"));
            }
            if cx.budget == 0 {
                return Err(unreadable("页面内容过于复杂"));
            }
        }
        Ok(cx.out)
    }

    /// Interprets a content stream (a page's, or a form's).
    fn run(&self, content: &[u8], resources: &Dict<'a>, base: Matrix, cx: &mut Ctx, depth: usize) {
        cx.runs += 1;
        let run_id = cx.runs;
        let font_dict = self.resolve_dict(get(resources, "Font"));
        let xobjects = self.resolve_dict(get(resources, "XObject"));
        let mut ctm = base;
        let mut stack: Vec<(Matrix, TextState)> = Vec::new();
        let mut ts = TextState {
            font: None,
            hidden: false,
            size: 12.0,
            char_space: 0.0,
            word_space: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        let mut args: Vec<Obj> = Vec::new();
        let mut lx = Lexer::new(content, 0);
        // Fonts are cached by object: a form's resource names are its own,
        // so 「F1」 may be another font there.
        let key = |name: &str| match get(&font_dict, name) {
            Some(Obj::Ref(r)) => format!("#{r}"),
            _ => format!("{run_id}:{name}"),
        };
        while lx.i < content.len() {
            lx.skip_space();
            if lx.i >= content.len() {
                break;
            }
            if cx.budget == 0 {
                return;
            }
            cx.budget -= 1;
            let Some(v) = lx.value(0) else {
                lx.i += 1;
                continue;
            };
            let Obj::Op(op) = v else {
                // Operands without an operator pile up in junk: keep a few.
                if args.len() < 64 {
                    args.push(v);
                }
                continue;
            };
            let num = |i: usize| args.get(i).and_then(Obj::num).unwrap_or(0.0);
            match op.as_str() {
                "q" => stack.push((ctm, ts.clone())),
                "Q" => {
                    if let Some((m, t)) = stack.pop() {
                        ctm = m;
                        ts = t;
                    }
                }
                "cm" if args.len() >= 6 => {
                    let m = [num(0), num(1), num(2), num(3), num(4), num(5)];
                    ctm = mul(&m, &ctm);
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tf" => {
                    if let Some(Obj::Name(n)) = args.first() {
                        let k = key(n);
                        if !cx.fonts.contains_key(&k) {
                            let d = self.resolve_dict(get(&font_dict, n));
                            cx.fonts.insert(k.clone(), Font::load(self, &d));
                        }
                        ts.font = Some(k);
                    }
                    ts.size = num(1);
                }
                "Tc" => ts.char_space = num(0),
                "Tw" => ts.word_space = num(0),
                "Tz" => ts.scale = num(0) / 100.0,
                "TL" => ts.leading = num(0),
                "Ts" => ts.rise = num(0),
                // Modes 3 and 7 draw nothing: a scan's recognised text under
                // its picture, whose digits may be misread.
                "Tr" => ts.hidden = matches!(num(0) as i64, 3 | 7),
                "Td" | "TD" => {
                    if op == "TD" {
                        ts.leading = -num(1);
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, num(0), num(1)], &tlm);
                    tm = tlm;
                }
                "Tm" if args.len() >= 6 => {
                    tlm = [num(0), num(1), num(2), num(3), num(4), num(5)];
                    tm = tlm;
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -ts.leading], &tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    if op == "'" || op == "\"" {
                        if op == "\"" {
                            ts.word_space = num(0);
                            ts.char_space = num(1);
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -ts.leading], &tlm);
                        tm = tlm;
                    }
                    let Some(font) = ts.font.as_ref().and_then(|k| cx.fonts.get(k)) else {
                        args.clear();
                        continue;
                    };
                    let items: Vec<Obj> = match args.last() {
                        Some(Obj::Array(a)) if op == "TJ" => a.clone(),
                        Some(s @ Obj::Str(_)) => vec![s.clone()],
                        _ => Vec::new(),
                    };
                    for item in items {
                        match item {
                            Obj::Num(n) => {
                                let tx = -n / 1000.0 * ts.size * ts.scale;
                                tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                            }
                            Obj::Str(s) => {
                                for code in font.codes(&s) {
                                    let trm = mul(
                                        &mul(
                                            &[ts.size * ts.scale, 0.0, 0.0, ts.size, 0.0, ts.rise],
                                            &tm,
                                        ),
                                        &ctm,
                                    );
                                    let w0 = font.width(code);
                                    let space = if !font.two_byte && code == 32 {
                                        ts.word_space
                                    } else {
                                        0.0
                                    };
                                    let tx = (w0 * ts.size + ts.char_space + space) * ts.scale;
                                    // The glyph's size and width on the page.
                                    let size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
                                    let scale_x = (trm[0] * trm[0] + trm[1] * trm[1]).sqrt();
                                    // The nearest quarter turn of the
                                    // text's direction.
                                    let turn = if trm[0].abs() >= trm[1].abs() {
                                        if trm[0] >= 0.0 {
                                            0
                                        } else {
                                            2
                                        }
                                    } else if trm[1] > 0.0 {
                                        1
                                    } else {
                                        3
                                    };
                                    if let Some(t) = font.text(code).filter(|_| !ts.hidden) {
                                        let n = t.chars().count().max(1) as f64;
                                        for (k, c) in t.chars().enumerate() {
                                            if cx.out.len() > MAX_GLYPHS {
                                                break;
                                            }
                                            let along = w0 * k as f64 / n;
                                            cx.out.push(Glyph {
                                                page: cx.page,
                                                c,
                                                x: trm[4] + trm[0] * along,
                                                y: trm[5] + trm[1] * along,
                                                w: scale_x * w0 / n,
                                                size,
                                                turn,
                                                // A GB code's placeholder
                                                // (`Font::text`).
                                                gb: font.gb_codes() && u32::from(c) >= GB_CODE,
                                            });
                                        }
                                    }
                                    tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                "Do" if depth < MAX_FORMS => {
                    if let Some(Obj::Name(n)) = args.first() {
                        // A form drawn inside itself is drawn once.
                        let id = match get(&xobjects, n) {
                            Some(Obj::Ref(r)) => Some(*r),
                            _ => None,
                        };
                        if id.is_some_and(|r| cx.forms.contains(&r)) {
                            args.clear();
                            continue;
                        }
                        if let Some(Obj::Stream(d, raw)) =
                            get(&xobjects, n).map(|o| self.resolve(o))
                        {
                            if get(&d, "Subtype").and_then(Obj::name) == Some("Form") {
                                let m = match get(&d, "Matrix") {
                                    Some(Obj::Array(a)) if a.len() == 6 => {
                                        let v: Vec<f64> =
                                            a.iter().map(|o| o.num().unwrap_or(0.0)).collect();
                                        [v[0], v[1], v[2], v[3], v[4], v[5]]
                                    }
                                    _ => IDENTITY,
                                };
                                let inner = match get(&d, "Resources") {
                                    Some(r) => self.resolve_dict(Some(r)),
                                    None => resources.clone(),
                                };
                                let data = decode(&d, &raw);
                                cx.charge(data.len());
                                if let Some(r) = id {
                                    cx.forms.push(r);
                                }
                                self.run(&data, &inner, mul(&m, &ctm), cx, depth + 1);
                                if id.is_some() {
                                    cx.forms.pop();
                                }
                            }
                        }
                    }
                }
                "BI" => {
                    // An inline image: its data runs to 「EI」.
                    let mut at = lx.i;
                    while let Some(k) = find(content, b"EI", at) {
                        at = k + 2;
                        let before = k == 0 || is_space(content[k - 1]);
                        let after = content.get(k + 2).is_none_or(|&c| is_space(c));
                        if before && after {
                            break;
                        }
                    }
                    lx.i = at;
                }
                _ => {}
            }
            args.clear();
        }
    }
}

// ---------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------

/// The glyphs as text: a line per baseline, top to bottom, left to
/// right; a tab for a gap as wide as a character, a space for a narrower
/// one between Latin letters or digits.
fn layout(glyphs: &[Glyph]) -> String {
    let mut out = String::new();
    let pages = glyphs.iter().map(|g| g.page).max().map_or(0, |p| p + 1);
    let mut by_page: Vec<Vec<&Glyph>> = vec![Vec::new(); pages];
    for g in glyphs {
        if g.size > 0.0 && g.x.is_finite() && g.y.is_finite() {
            by_page[g.page].push(g);
        }
    }
    for page in by_page {
        // A page whose text mostly runs another way (a table set
        // landscape on a portrait page, a page rotated when printed) is
        // turned back first, so its lines run left to right.
        let mut turns = [0usize; 4];
        for g in &page {
            turns[usize::from(g.turn & 3)] += 1;
        }
        let main = (0..4).max_by_key(|&t| (turns[t], t == 0)).unwrap_or(0);
        let turned: Vec<Glyph> = page
            .iter()
            .map(|g| {
                let (x, y) = match main {
                    1 => (g.y, -g.x),
                    2 => (-g.x, -g.y),
                    3 => (-g.y, g.x),
                    _ => (g.x, g.y),
                };
                Glyph {
                    x,
                    y,
                    ..(*g).clone()
                }
            })
            .collect();
        let mut page: Vec<&Glyph> = turned.iter().collect();
        // Top to bottom (the page's y grows upwards).
        page.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
        let mut lines: Vec<(f64, f64, Vec<&Glyph>)> = Vec::new();
        for g in page {
            // Same line: the baseline within a third of the size (a
            // cell's text is centred a little off its neighbours').
            match lines.last_mut() {
                Some((y, size, line)) if (*y - g.y).abs() <= 0.35 * size.max(g.size) => {
                    line.push(g);
                    *size = size.max(g.size);
                }
                _ => lines.push((g.y, g.size, vec![g])),
            }
        }
        for (_, _, mut line) in lines {
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            // The line's usual gap between glyphs: 0 in a table row or in
            // set text, wide in text spread out to fill its line (a
            // justified line, a character grid the font does not fit). A
            // gap counts only beyond it, so spread text stays one cell.
            // Spreading moves Chinese characters apart, not the letters of a
            // Latin word or number: the gaps between Chinese characters
            // decide, when there are enough of them (a row of numbers has
            // none, and its column gaps must stay gaps).
            let mut wide: Vec<f64> = line
                .windows(2)
                .filter(|p| !p[0].c.is_ascii() && !p[1].c.is_ascii())
                .map(|p| (p[1].x - (p[0].x + p[0].w)).max(0.0))
                .collect();
            wide.sort_by(f64::total_cmp);
            let usual = if wide.len() >= 3 {
                wide[wide.len() / 2]
            } else {
                0.0
            };
            let mut text = String::new();
            let mut end: Option<f64> = None;
            let mut last = ' ';
            for g in line {
                if let Some(e) = end {
                    // Digits and letters are not spread: the gap between two
                    // numbers is a gap whatever the line's Chinese does.
                    let spread = if last.is_ascii() && g.c.is_ascii() {
                        0.0
                    } else {
                        usual
                    };
                    let gap = g.x - e - spread;
                    if gap > 0.9 * g.size {
                        text.push('\t');
                    } else if gap > 0.2 * g.size
                        && (last.is_ascii_alphanumeric() || g.c.is_ascii_alphanumeric())
                        && !text.ends_with(' ')
                    {
                        text.push(' ');
                    }
                }
                // Overprinted glyphs (fake bold) are one glyph.
                if end.is_some_and(|e| g.x < e - 0.5 * g.w) && last == g.c {
                    continue;
                }
                if !(g.c == ' ' && text.ends_with([' ', '\t'])) {
                    text.push(g.c);
                }
                last = g.c;
                end = Some(end.map_or(g.x + g.w, |e| e.max(g.x + g.w)));
            }
            let t = text.trim();
            if !t.is_empty() {
                out.push_str(t);
                out.push('\n');
            }
        }
        // A page's end is a line break like any other: the text reader
        // takes page numbers and paragraph breaks from the lines.
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF of one page: `content` drawn with font F1, a Type0 font whose
    /// two-byte codes map through a ToUnicode CMap to `chars` (code 1 is
    /// the first), every glyph 1000 units wide but digits 500; and F2, a
    /// simple font with WinAnsi codes. Optionally the content Flate-packed
    /// and the fonts in an object stream.
    fn pdf(chars: &str, content: &str, packed: bool) -> Vec<u8> {
        let mut bf = String::new();
        let mut widths = String::new();
        for (i, c) in chars.chars().enumerate() {
            let code = i + 1;
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            bf.push_str(&format!("<{code:04X}> <{hex}>\n"));
            let w = if c.is_ascii_digit() { 500 } else { 1000 };
            widths.push_str(&format!("{code} [{w}] "));
        }
        let cmap = format!(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n{} beginbfchar\n{bf}endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end",
            chars.chars().count()
        );
        let (content_dict, content_bytes) = if packed {
            let z = miniz_oxide::deflate::compress_to_vec_zlib(content.as_bytes(), 6);
            (format!("<< /Length {} /Filter /FlateDecode >>", z.len()), z)
        } else {
            (
                format!("<< /Length {} >>", content.len()),
                content.as_bytes().to_vec(),
            )
        };
        let font1 = "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 6 0 R >>";
        let font2 = "<< /Type /Font /Subtype /TrueType /BaseFont /Y /FirstChar 32 /LastChar 57 /Widths [250 0 0 0 0 0 0 0 0 0 0 0 0 0 250 0 500 500 500 500 500 500 500 500 500 500] /Encoding /WinAnsiEncoding >>";
        let cid =
            format!("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /DW 1000 /W [{widths}] >>");
        let mut out = b"%PDF-1.5\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let obj = |out: &mut Vec<u8>, n: u32, body: &[u8]| {
            out.extend(format!("{n} 0 obj\n").as_bytes());
            out.extend(body);
            out.extend(b"\nendobj\n");
        };
        obj(&mut out, 1, b"<< /Type /Catalog /Pages 2 0 R >>");
        obj(&mut out, 2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> >>");
        obj(
            &mut out,
            3,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 8 0 R >>",
        );
        if packed {
            let objs = [(4, font1.to_owned()), (5, font2.to_owned()), (7, cid)];
            let mut head = String::new();
            let mut body = String::new();
            for (n, o) in &objs {
                head.push_str(&format!("{n} {} ", body.len()));
                body.push_str(o);
                body.push(' ');
            }
            let data = format!("{head}{body}");
            let z = miniz_oxide::deflate::compress_to_vec_zlib(data.as_bytes(), 6);
            let mut s = format!(
                "<< /Type /ObjStm /N {} /First {} /Length {} /Filter /FlateDecode >>\nstream\n",
                objs.len(),
                head.len(),
                z.len()
            )
            .into_bytes();
            s.extend(z);
            s.extend(b"\nendstream");
            obj(&mut out, 9, &s);
        } else {
            obj(&mut out, 4, font1.as_bytes());
            obj(&mut out, 5, font2.as_bytes());
            obj(&mut out, 7, cid.as_bytes());
        }
        let mut s = format!("<< /Length {} >>\nstream\n", cmap.len()).into_bytes();
        s.extend(cmap.as_bytes());
        s.extend(b"\nendstream");
        obj(&mut out, 6, &s);
        let mut s = content_dict.into_bytes();
        s.extend(b"\nstream\n");
        s.extend(content_bytes);
        s.extend(b"\nendstream");
        obj(&mut out, 8, &s);
        out.extend(b"trailer\n<< /Root 1 0 R /Size 10 >>\n%%EOF\n");
        out
    }

    /// Hex codes of `text`'s characters in `chars` (1-based).
    fn codes(chars: &str, text: &str) -> String {
        let list: Vec<char> = chars.chars().collect();
        let hex: String = text
            .chars()
            .map(|c| format!("{:04X}", list.iter().position(|&x| x == c).unwrap() + 1))
            .collect();
        format!("<{hex}>")
    }

    /// The browser's `TextDecoder`, as the worker passes it (encoding_rs
    /// is a native test dependency; the wasm build of the tests, which
    /// clippy checks, has no decoder).
    #[cfg(target_arch = "wasm32")]
    fn decoder(_: &[u8], _: &str) -> Option<String> {
        None
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn decoder(bytes: &[u8], label: &str) -> Option<String> {
        let (text, bad) =
            encoding_rs::Encoding::for_label(label.as_bytes())?.decode_without_bom_handling(bytes);
        (!bad).then(|| text.into_owned())
    }

    fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
        super::read(bytes, &decoder)
    }

    fn text_of(file: &[u8]) -> String {
        let f = File::open(file).unwrap();
        let mut glyphs = f.glyphs().unwrap();
        decode_gb(&mut glyphs, &decoder);
        layout(&glyphs)
    }

    /// A font in a predefined GB encoding with no ToUnicode map (a PDF
    /// made with the system's SimSun not embedded): one byte for ASCII,
    /// two for a character, read through the decoder the app passes (the
    /// browser's GB18030). Without one the characters are dropped, never
    /// guessed; a vertical GB encoding gives no text.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn predefined_gb_encodings_read_through_the_decoder() {
        let gbk = |s: &str| -> String {
            let (bytes, _, bad) = encoding_rs::GBK.encode(s);
            assert!(!bad);
            bytes.iter().map(|b| format!("{b:02X}")).collect()
        };
        let content = format!(
            "BT /F1 12 Tf 72 800 Td <{}> Tj 0 -20 Td <{}> Tj 300 0 Td <{}> Tj 60 0 Td <{}> Tj ET",
            gbk("一、总体情况"),
            gbk("（一）予以公开"),
            gbk("1288"),
            gbk("7件"),
        );
        let identity = pdf("一", &content, false);
        let with_encoding = |enc: &str| {
            let from = b"/Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 6 0 R";
            let at = find(&identity, from, 0).unwrap();
            let mut file = identity.clone();
            let to = format!("/Encoding /{enc} /DescendantFonts [7 0 R]");
            file.splice(at..at + from.len(), to.bytes());
            file
        };
        let want = "一、总体情况\n（一）予以公开\t1288\t7件\n";
        assert_eq!(text_of(&with_encoding("GBK-EUC-H")), want);
        assert_eq!(text_of(&with_encoding("GB-EUC-H")), want);
        // The same codes as Identity-H with a one-entry ToUnicode: not GB.
        assert!(!text_of(&identity).contains("总体"));
        // No decoder (natively, `import`): ASCII only, nothing invented.
        let f = with_encoding("GBK-EUC-H");
        let mut glyphs = File::open(&f).unwrap().glyphs().unwrap();
        decode_gb(&mut glyphs, &|_, _| None);
        assert_eq!(layout(&glyphs), "1288\t7\n");
        // Vertical: not laid out here, so not read.
        assert_eq!(text_of(&with_encoding("GBK-EUC-V")).trim(), "");
    }

    #[test]
    fn lines_cells_and_fonts_as_the_page_shows_them() {
        let chars = "（一）予以公开总体情况一、0123456789";
        // A heading at the top; then a table row: its name, and three
        // numbers far apart, drawn right to left and in two text objects;
        // then a line in the simple font with a kerned TJ.
        let content = format!(
            "BT /F1 12 Tf 1 0 0 1 72 800 Tm {} Tj ET\n\
             BT /F1 10.5 Tf 1 0 0 1 300 700 Tm {} Tj 1 0 0 1 72 700.8 Tm {} Tj ET\n\
             q 1 0 0 1 200 0 cm BT /F1 10.5 Tf 1 0 0 1 0 700 Tm {} Tj ET Q\n\
             BT /F2 10 Tf 12 TL 72 650 Td [(20) -300 (24)] TJ (  5) ' ET",
            codes(chars, "一、总体情况"),
            codes(chars, "7"),
            codes(chars, "（一）予以公开"),
            codes(chars, "1288"),
        );
        for packed in [false, true] {
            let got = text_of(&pdf(chars, &content, packed));
            assert_eq!(
                got, "一、总体情况\n（一）予以公开\t1288\t7\n20 24\n5\n",
                "packed {packed}"
            );
        }
    }

    /// Each stream of an encrypted file is decrypted once however often it
    /// is looked up, and all of them together no more than a bound: 2,000
    /// stream headers before one 4 MB body each run to its 「endstream」.
    #[test]
    fn decryption_is_once_per_stream_and_bounded() {
        let mut bytes = b"%PDF-1.5\n".to_vec();
        for n in 1..=2000 {
            bytes.extend(format!("{n} 0 obj << /Length 1 >> stream\n").as_bytes());
        }
        bytes.extend(std::iter::repeat_n(b'x', 4 << 20));
        bytes.extend(b"\nendstream\nendobj\n%%EOF\n");
        let mut file = File::open(&bytes).unwrap();
        file.crypt = Some(Crypt::rc4_for_tests(b"12345"));
        let Some(Obj::Stream(_, first)) = file.object(1) else {
            panic!("a stream");
        };
        let once = file.decrypted_total.get();
        assert!(once >= 4 << 20 && first.len() == once);
        let Some(Obj::Stream(_, again)) = file.object(1) else {
            panic!("a stream");
        };
        assert_eq!(again, first);
        assert_eq!(
            file.decrypted_total.get(),
            once,
            "looked up again, not decrypted again"
        );
        for n in 2..=2000 {
            let _ = file.object(n);
        }
        assert!(file.decrypted_total.get() <= MAX_DECRYPTED);
        let Some(Obj::Stream(_, last)) = file.object(2000) else {
            panic!("a stream");
        };
        assert!(last.is_empty(), "past the bound a stream gives nothing");
    }

    #[test]
    fn encrypted_empty_and_broken_files_say_why() {
        let chars = "一";
        let mut enc = pdf(chars, "BT /F1 12 Tf 72 800 Td <0001> Tj ET", false);
        let at = find(&enc, b"/Size 10", 0).unwrap();
        enc.splice(at..at, b"/Encrypt 99 0 R ".iter().copied());
        assert_eq!(
            read(&enc).err(),
            Some(unreadable("文件以本工具无法解开的方式加密"))
        );
        // A page that draws no text (a scan).
        let scan = pdf(chars, "q 595 0 0 842 0 0 cm /Im1 Do Q", false);
        assert!(matches!(read(&scan), Err(ImportError::PdfUnreadable(w)) if w.contains("扫描件")));
        // Cut anywhere, changed anywhere: an error or a reading, never a
        // panic.
        let good = pdf(
            "一、总体情况",
            "BT /F1 12 Tf 72 800 Td <000100020003> Tj ET",
            true,
        );
        for cut in (0..good.len()).step_by(7) {
            let _ = read(&good[..cut]);
        }
        let mut seed = 7u32;
        for _ in 0..300 {
            let mut bad = good.clone();
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let at = (seed >> 8) as usize % bad.len();
            bad[at] = (seed >> 3) as u8;
            let _ = read(&bad);
        }
    }

    #[test]
    fn a_page_whose_text_runs_upwards_is_turned_back() {
        let chars = "（一）予以公开总体情况一、0123456789";
        // Landscape text on a portrait page: every line runs up the page,
        // the next line to its right; the page number stays upright.
        let content = format!(
            "BT /F1 10.5 Tf 0 1 -1 0 100 100 Tm {} Tj 0 1 -1 0 120 100 Tm {} Tj \
             0 1 -1 0 120 300 Tm {} Tj ET BT /F1 9 Tf 1 0 0 1 290 40 Tm {} Tj ET",
            codes(chars, "一、总体情况"),
            codes(chars, "（一）予以公开"),
            codes(chars, "1288"),
            codes(chars, "3"),
        );
        let got = text_of(&pdf(chars, &content, false));
        assert!(
            got.starts_with("一、总体情况\n（一）予以公开\t1288\n"),
            "{got}"
        );
    }

    #[test]
    fn hidden_text_self_drawing_forms_and_unknown_glyphs_give_nothing() {
        let chars = "一、总体情况0123456789";
        // Text drawn invisibly (a scan's recognised text): nothing to read.
        let hidden = pdf(
            chars,
            &format!(
                "BT 3 Tr /F1 12 Tf 72 800 Td {} Tj ET",
                codes(chars, "一、总体情况")
            ),
            false,
        );
        assert!(
            matches!(read(&hidden), Err(ImportError::PdfUnreadable(w)) if w.contains("扫描件"))
        );
        // A form that draws itself twice, eight deep, would be 2^8 runs of
        // itself; it is drawn once, and the page's own text is read.
        let mut file = pdf(
            chars,
            &format!(
                "BT /F1 12 Tf 72 800 Td {} Tj ET /X Do",
                codes(chars, "一、")
            ),
            false,
        );
        let form = b"/X Do /X Do BT /F1 12 Tf 72 700 Td <0003> Tj ET";
        let obj = format!(
            "10 0 obj\n<< /Type /XObject /Subtype /Form /Length {} >>\nstream\n",
            form.len()
        );
        let at = find(&file, b"trailer", 0).unwrap();
        let mut add = obj.into_bytes();
        add.extend(form);
        add.extend(b"\nendstream\nendobj\n");
        file.splice(at..at, add);
        let pages = find(&file, b"/Font << /F1 4 0 R /F2 5 0 R >>", 0).unwrap();
        file.splice(pages..pages, b"/XObject << /X 10 0 R >> ".iter().copied());
        assert_eq!(text_of(&file), "一、\n总\n");
        // A simple font whose Differences name a glyph this reader does not
        // know gives no character for it, not the encoding's digit.
        let mut diff = pdf(chars, "BT /F2 10 Tf 72 650 Td (12) Tj ET", false);
        let at = find(&diff, b"/Encoding /WinAnsiEncoding", 0).unwrap();
        let new = b"/Encoding << /BaseEncoding /WinAnsiEncoding /Differences [49 /g17] >>";
        diff.splice(
            at..at + b"/Encoding /WinAnsiEncoding".len(),
            new.iter().copied(),
        );
        assert_eq!(text_of(&diff), "2\n");
    }

    #[test]
    fn a_header_after_junk_is_still_a_pdf_and_a_text_naming_one_is_text() {
        let chars = "某局2024年政府信息公开工作度报告一、总体情况";
        let content = format!(
            "BT /F1 16 Tf 72 800 Td {} Tj ET BT /F1 12 Tf 72 760 Td {} Tj ET",
            codes(chars, "某局2024年政府信息公开工作年度报告"),
            codes(chars, "一、总体情况")
        );
        let mut file = b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n".to_vec();
        file.extend(pdf(chars, &content, false));
        let got = super::super::import(&file, Some("a.pdf")).expect("a PDF");
        assert_eq!(got.format, SourceKind::Pdf);
        assert_eq!(
            (got.report.agency.as_str(), got.report.year.as_str()),
            ("某局", "2024")
        );
        // A text that names the format is text.
        let text = "说明：附件为%PDF-1.7格式，请查收。".as_bytes();
        assert_eq!(
            super::super::import(text, Some("a.txt")).err(),
            Some(ImportError::NotAReport)
        );
    }

    #[test]
    fn ascii_filters_before_flate() {
        assert_eq!(ascii85(b"z@:E^~>"), b"\0\0\0\0abc");
        let text = b"BT /F1 12 Tf 72 800 Td <0001> Tj ET";
        assert_eq!(
            ascii85(b"6<#'\\7PQ#?1*BP.+?)%u3&!$/<+I+60JG184s3g>+@T6~>"),
            text
        );
        // ASCII85 over Flate, as some producers chain them.
        let z = miniz_oxide::deflate::compress_to_vec_zlib(text, 6);
        let hex: String = z.iter().map(|b| format!("{b:02X} ")).collect();
        let d: Dict = vec![(
            "Filter".into(),
            Obj::Array(vec![Obj::Name("AHx".into()), Obj::Name("Fl".into())]),
        )];
        assert_eq!(decode(&d, format!("{hex}>").as_bytes()), text);
        // An unknown filter leaves the stream unread.
        let lzw: Dict = vec![("Filter".into(), Obj::Name("LZWDecode".into()))];
        assert!(decode(&lzw, b"anything").is_empty());
    }

    #[test]
    fn syntax_strings_names_and_references() {
        let mut lx = Lexer::new(
            br"<< /A#20B (a\(b\)\101\
c) /R 12 0 R /H <4E2D 6587> /N [1 -2.5 .5] >>",
            0,
        );
        let Some(Obj::Dict(d)) = lx.value(0) else {
            panic!("a dictionary")
        };
        assert_eq!(get(&d, "A B"), Some(&Obj::Str(b"a(b)Ac".to_vec())));
        assert_eq!(get(&d, "R"), Some(&Obj::Ref(12)));
        assert_eq!(get(&d, "H"), Some(&Obj::Str(vec![0x4E, 0x2D, 0x65, 0x87])));
        assert_eq!(
            get(&d, "N"),
            Some(&Obj::Array(vec![
                Obj::Num(1.0),
                Obj::Num(-2.5),
                Obj::Num(0.5)
            ]))
        );
        // Nesting beyond the limit stops, without a stack overflow.
        let deep = "[".repeat(100_000);
        let _ = Lexer::new(deep.as_bytes(), 0).value(0);
        let map = cmap(b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <20> <22> <0041> endbfrange");
        assert_eq!(map.get(&0x21).map(String::as_str), Some("B"));
    }
}

//! Encrypted PDFs that open without a password: PDF's standard security
//! handler with the empty user password (ISO 32000-1 §7.6.3 for RC4 and
//! AES-128, ISO 32000-2 §7.6.4 for AES-256).
//!
//! Government sites often publish reports with an owner password only:
//! every reader opens them, but copying or printing is "restricted". The
//! text is there, encrypted with a key derived from the file itself; a
//! file with a user password (one that asks for a password to open) is
//! refused with that reason. Only streams are decrypted: the reader takes
//! text from content streams, fonts' ToUnicode maps and object streams,
//! never from a string in a dictionary.

use aes::cipher::consts::U16;
use aes::cipher::{BlockDecrypt, BlockEncrypt, BlockSizeUser, KeyInit};
use aes::{Aes128, Aes256};
use md5::{Digest, Md5};
use sha2::{Sha256, Sha384, Sha512};

/// The padding every password is brought to 32 bytes with (the empty
/// password is this string itself), from the standard.
const PAD: [u8; 32] = [
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
    0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
];

/// What the encryption dictionary says, as read by the PDF reader.
#[derive(Debug, Default)]
pub(super) struct Params<'p> {
    /// /Filter: only 「Standard」 is the password handler.
    pub filter: Option<&'p str>,
    pub v: i64,
    pub r: i64,
    /// /Length in bits (40 when absent).
    pub length: Option<i64>,
    pub o: &'p [u8],
    pub u: &'p [u8],
    pub ue: &'p [u8],
    pub p: i64,
    /// The first string of the trailer's /ID.
    pub id0: &'p [u8],
    pub encrypt_metadata: bool,
    /// For /V 4 and 5: the /CFM of the crypt filter /StmF names (None when
    /// streams are not encrypted, /StmF /Identity).
    pub stream_method: Option<&'p str>,
}

/// Why an encrypted file cannot be read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum CryptError {
    /// It asks for a password to open.
    UserPassword,
    /// Another handler (certificates) or a version this reader lacks.
    Unsupported,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cipher {
    /// Streams not encrypted (/StmF /Identity).
    None,
    Rc4,
    /// AES-128 with a key per object.
    Aes128,
    /// AES-256 with the file key itself.
    Aes256,
}

/// Decrypts the streams of one file.
#[derive(Debug)]
pub(super) struct Crypt {
    cipher: Cipher,
    key: Vec<u8>,
}

impl Crypt {
    pub(super) fn new(p: &Params) -> Result<Crypt, CryptError> {
        if p.filter != Some("Standard") {
            return Err(CryptError::Unsupported);
        }
        match (p.v, p.r) {
            (1 | 2, 2 | 3) | (4, 4) => legacy(p),
            (5, 5 | 6) => aes256(p),
            _ => Err(CryptError::Unsupported),
        }
    }

    /// Whether streams are encrypted at all (/StmF /Identity: not).
    pub(super) fn encrypts_streams(&self) -> bool {
        self.cipher != Cipher::None
    }

    /// The stream of object `num` (generation `gen`), decrypted. Data that
    /// is not whole AES blocks loses its broken end; nothing panics.
    pub(super) fn stream(&self, num: u32, gen: u16, data: &[u8]) -> Vec<u8> {
        match self.cipher {
            Cipher::None => data.to_vec(),
            Cipher::Rc4 => rc4(&self.object_key(num, gen, false), data),
            Cipher::Aes128 => aes_cbc_decrypt(&self.object_key(num, gen, true), data),
            Cipher::Aes256 => aes_cbc_decrypt(&self.key, data),
        }
    }

    /// Algorithm 1: the file key mixed with the object's number.
    fn object_key(&self, num: u32, gen: u16, aes: bool) -> Vec<u8> {
        let mut h = Md5::new();
        h.update(&self.key);
        h.update(&num.to_le_bytes()[..3]);
        h.update(gen.to_le_bytes());
        if aes {
            h.update(b"sAlT");
        }
        let full = h.finalize();
        full[..(self.key.len() + 5).min(16)].to_vec()
    }
}

#[cfg(test)]
impl Crypt {
    /// RC4 with a given file key, for the PDF reader's tests of its limits.
    pub(super) fn rc4_for_tests(key: &[u8]) -> Crypt {
        Crypt {
            cipher: Cipher::Rc4,
            key: key.to_vec(),
        }
    }
}

/// RC4 and AES-128 (revisions 2–4): the key from MD5 over the padded
/// empty password, the owner entry, the permissions and the file's ID,
/// checked against the user entry.
fn legacy(p: &Params) -> Result<Crypt, CryptError> {
    let cipher = if p.v == 4 {
        match p.stream_method {
            None | Some("None") => Cipher::None,
            Some("V2") => Cipher::Rc4,
            Some("AESV2") => Cipher::Aes128,
            Some(_) => return Err(CryptError::Unsupported),
        }
    } else {
        Cipher::Rc4
    };
    // The key's length: /Length counts only for versions 2 and 3 (ISO
    // 32000-1 table 20); version 1 is 40 bits, version 4 128.
    let n = match (p.v, p.r) {
        (_, 2) | (1, _) => 5,
        (4, _) => 16,
        _ => {
            let bits = p.length.unwrap_or(40);
            if !(40..=128).contains(&bits) || bits % 8 != 0 {
                return Err(CryptError::Unsupported);
            }
            (bits / 8) as usize
        }
    };
    if p.o.len() < 32 || p.u.len() < 16 {
        return Err(CryptError::Unsupported);
    }
    let mut h = Md5::new();
    h.update(PAD);
    h.update(&p.o[..32]);
    // /P is a signed 32-bit number; files write it either way.
    h.update((p.p as u32).to_le_bytes());
    h.update(p.id0);
    if p.r >= 4 && !p.encrypt_metadata {
        h.update([0xFF; 4]);
    }
    let mut key = h.finalize().to_vec();
    if p.r >= 3 {
        for _ in 0..50 {
            key = Md5::digest(&key[..n]).to_vec();
        }
    }
    key.truncate(n);
    // Algorithms 4 and 5: the user entry the empty password gives.
    let opens = if p.r == 2 {
        p.u.len() >= 32 && rc4(&key, &PAD) == p.u[..32]
    } else {
        let mut h = Md5::new();
        h.update(PAD);
        h.update(p.id0);
        let mut x = rc4(&key, &h.finalize());
        for i in 1..=19u8 {
            let k: Vec<u8> = key.iter().map(|b| b ^ i).collect();
            x = rc4(&k, &x);
        }
        x[..16] == p.u[..16]
    };
    if !opens {
        return Err(CryptError::UserPassword);
    }
    Ok(Crypt { cipher, key })
}

/// AES-256 (revisions 5 and 6): the user entry's hash of the empty
/// password with its validation salt must match; the key salt's hash then
/// unwraps the file key from /UE.
fn aes256(p: &Params) -> Result<Crypt, CryptError> {
    match p.stream_method {
        None | Some("None") | Some("AESV3") => {}
        Some(_) => return Err(CryptError::Unsupported),
    }
    if p.u.len() < 48 || p.ue.len() < 32 {
        return Err(CryptError::Unsupported);
    }
    let hash = |salt: &[u8]| {
        if p.r == 5 {
            Sha256::digest(salt).to_vec()
        } else {
            hash_r6(salt)
        }
    };
    if hash(&p.u[32..40]) != p.u[..32] {
        return Err(CryptError::UserPassword);
    }
    let wrap = hash(&p.u[40..48]);
    let cipher = Aes256::new_from_slice(&wrap).map_err(|_| CryptError::Unsupported)?;
    // CBC with a zero IV over two blocks, no padding.
    let mut key = p.ue[..32].to_vec();
    cbc_decrypt(&cipher, [0; 16], &mut key);
    let cipher = if p.stream_method.is_some_and(|m| m != "None") {
        Cipher::Aes256
    } else {
        Cipher::None
    };
    Ok(Crypt { cipher, key })
}

/// Algorithm 2.B of ISO 32000-2 for the empty password and no user key:
/// rounds of AES-128-CBC and SHA-2 until the last byte allows the end.
fn hash_r6(salt: &[u8]) -> Vec<u8> {
    let mut k = Sha256::digest(salt).to_vec();
    let mut round: usize = 0;
    loop {
        // The password is empty, and so is the user key data here.
        let k1 = k.repeat(64);
        let Ok(aes) = Aes128::new_from_slice(&k[..16]) else {
            return k;
        };
        let mut e = k1;
        let mut prev: [u8; 16] = k[16..32].try_into().unwrap_or([0; 16]);
        for block in e.chunks_exact_mut(16) {
            block.iter_mut().zip(prev).for_each(|(b, p)| *b ^= p);
            aes.encrypt_block(block.into());
            prev = block.try_into().unwrap_or([0; 16]);
        }
        let sum: u32 = e[..16].iter().map(|&b| u32::from(b)).sum();
        k = match sum % 3 {
            0 => Sha256::digest(&e).to_vec(),
            1 => Sha384::digest(&e).to_vec(),
            _ => Sha512::digest(&e).to_vec(),
        };
        round += 1;
        let last = usize::from(*e.last().unwrap_or(&0));
        if round >= 64 && last + 32 <= round {
            break;
        }
    }
    k.truncate(32);
    k
}

fn rc4(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut s: [u8; 256] = std::array::from_fn(|i| i as u8);
    if key.is_empty() {
        return data.to_vec();
    }
    let mut j: u8 = 0;
    for i in 0..256 {
        j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len()]);
        s.swap(i, usize::from(j));
    }
    let (mut i, mut j) = (0u8, 0u8);
    data.iter()
        .map(|&b| {
            i = i.wrapping_add(1);
            j = j.wrapping_add(s[usize::from(i)]);
            s.swap(usize::from(i), usize::from(j));
            b ^ s[usize::from(s[usize::from(i)].wrapping_add(s[usize::from(j)]))]
        })
        .collect()
}

/// AES-CBC with the IV in the first 16 bytes and PKCS#7 padding (the key
/// 16 or 32 bytes long).
fn aes_cbc_decrypt(key: &[u8], data: &[u8]) -> Vec<u8> {
    if data.len() < 32 {
        return Vec::new();
    }
    let iv: [u8; 16] = data[..16].try_into().unwrap_or([0; 16]);
    let whole = (data.len() - 16) / 16 * 16;
    let mut out = data[16..16 + whole].to_vec();
    let keyed = match key.len() {
        16 => Aes128::new_from_slice(key).map(|c| cbc_decrypt(&c, iv, &mut out)),
        32 => Aes256::new_from_slice(key).map(|c| cbc_decrypt(&c, iv, &mut out)),
        _ => return Vec::new(),
    };
    if keyed.is_err() {
        return Vec::new();
    }
    let pad = usize::from(*out.last().unwrap_or(&0));
    if (1..=16).contains(&pad)
        && pad <= out.len()
        && out[out.len() - pad..]
            .iter()
            .all(|&b| usize::from(b) == pad)
    {
        out.truncate(out.len() - pad);
    }
    out
}

/// CBC decryption in place over whole 16-byte blocks (a rest is left).
fn cbc_decrypt<C>(cipher: &C, iv: [u8; 16], data: &mut [u8])
where
    C: BlockDecrypt + BlockSizeUser<BlockSize = U16>,
{
    let mut prev = iv;
    for block in data.chunks_exact_mut(16) {
        let this: [u8; 16] = (&*block).try_into().unwrap_or([0; 16]);
        cipher.decrypt_block(block.into());
        block.iter_mut().zip(prev).for_each(|(b, p)| *b ^= p);
        prev = this;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn rc4_matches_the_published_vectors() {
        // The three vectors of RC4's description (Wikipedia, 「RC4」).
        assert_eq!(rc4(b"Key", b"Plaintext"), hex("bbf316e8d940af0ad3"));
        assert_eq!(rc4(b"Wiki", b"pedia"), hex("1021bf0420"));
        assert_eq!(
            rc4(b"Secret", b"Attack at dawn"),
            hex("45a01f645fc35b383552544b9bf5")
        );
    }

    #[test]
    fn aes_cbc_strips_padding_and_survives_broken_data() {
        // FIPS-197 C.1: AES-128 of 00112233… under 000102…0f.
        let key = hex("000102030405060708090a0b0c0d0e0f");
        let mut data = vec![0u8; 16]; // IV zero: CBC = ECB for one block
        data.extend(hex("69c4e0d86a7b0430d8cdb78070b4c55a"));
        assert_eq!(
            aes_cbc_decrypt(&key, &data),
            hex("00112233445566778899aabbccddeeff")
        );
        // FIPS-197 C.3: AES-256.
        let key = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        let mut data = vec![0u8; 16];
        data.extend(hex("8ea2b7ca516745bfeafc49904b496089"));
        assert_eq!(
            aes_cbc_decrypt(&key, &data),
            hex("00112233445566778899aabbccddeeff")
        );
        // Too short, or not whole blocks: what is whole, never a panic.
        assert!(aes_cbc_decrypt(&key, &data[..20]).is_empty());
        assert_eq!(
            aes_cbc_decrypt(&key, &[data.clone(), vec![1, 2, 3]].concat()).len(),
            16
        );
    }

    #[test]
    fn aes_cbc_removes_pkcs7_padding_of_any_length() {
        // CBC built here over the block cipher: plaintexts whose padding
        // is 16 bytes (a whole block), 5 bytes and 1 byte come back bare.
        let key = hex("2b7e151628aed2a6abf7158809cf4f3c");
        let aes = Aes128::new_from_slice(&key).unwrap();
        for len in [16, 27, 31] {
            let plain: Vec<u8> = (0..len as u8).map(|b| b.wrapping_mul(7)).collect();
            let pad = 16 - len % 16;
            let mut padded = plain.clone();
            padded.extend(std::iter::repeat_n(pad as u8, pad));
            let iv = hex("000102030405060708090a0b0c0d0e0f");
            let mut out = iv.clone();
            let mut prev: [u8; 16] = iv.try_into().unwrap();
            for block in padded.chunks(16) {
                let mut b: [u8; 16] = block.try_into().unwrap();
                b.iter_mut().zip(prev).for_each(|(x, p)| *x ^= p);
                aes.encrypt_block((&mut b).into());
                out.extend(b);
                prev = b;
            }
            assert_eq!(aes_cbc_decrypt(&key, &out), plain, "{len} bytes");
        }
    }

    #[test]
    fn other_handlers_and_versions_are_unsupported() {
        let p = Params {
            filter: Some("Adobe.PubSec"),
            v: 4,
            r: 4,
            ..Params::default()
        };
        assert_eq!(Crypt::new(&p).err(), Some(CryptError::Unsupported));
        let p = Params {
            filter: Some("Standard"),
            v: 3,
            r: 3,
            ..Params::default()
        };
        assert_eq!(Crypt::new(&p).err(), Some(CryptError::Unsupported));
        // Entries too short to hold their hashes.
        let p = Params {
            filter: Some("Standard"),
            v: 2,
            r: 3,
            length: Some(128),
            ..Params::default()
        };
        assert_eq!(Crypt::new(&p).err(), Some(CryptError::Unsupported));
        let p = Params {
            filter: Some("Standard"),
            v: 5,
            r: 6,
            stream_method: Some("AESV3"),
            ..Params::default()
        };
        assert_eq!(Crypt::new(&p).err(), Some(CryptError::Unsupported));
    }
}

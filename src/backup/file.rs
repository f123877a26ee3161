//! Reading a backup file: parsed as it is read, so a file that goes wrong early is refused
//! there without being read on (a 2 GB file broken at its 68th byte costs 68 bytes, not
//! 2 GB of memory); bounded in size; decoded from UTF-16 when a byte-order mark says so,
//! and read past a UTF-8 one; fingerprinted as it is read.

use std::io::{BufReader, Read};
use std::path::Path;

use encoding_rs::{Decoder, Encoding, UTF_8};

use super::Backup;
use crate::error::{Error, Result};

/// Backups larger than this are refused: a backup of a hundred thousand cards with ten
/// reviews each is about 600 MB.
pub const MAX_BACKUP_BYTES: usize = 2048 * 1024 * 1024;

/// A backup as read, with the fingerprint of its bytes (FNV-1a, in hexadecimal).
#[derive(Debug, Clone, PartialEq)]
pub struct ReadBackup {
    pub backup: Backup,
    pub hash: String,
}

/// Parses the backup whose first bytes are `head` and the rest `rest`, reading no more
/// than `limit` bytes in all. `path` is for the messages.
pub fn read(path: &Path, head: Vec<u8>, rest: impl Read, limit: usize) -> Result<ReadBackup> {
    let bad = |reason: String| Error::BadBackup {
        path: path.to_path_buf(),
        reason,
    };
    let bom = Encoding::for_bom(&head);
    let mut counted = Counted {
        inner: std::io::Cursor::new(head).chain(rest).take(limit as u64 + 1),
        bytes: 0,
        hash: Fnv::default(),
    };
    let parsed: serde_json::Result<Backup> = match bom {
        Some((encoding, _)) if encoding != UTF_8 => {
            serde_json::from_reader(BufReader::new(Utf8From::new(&mut counted, encoding.new_decoder())))
        }
        Some((_, bom_length)) => {
            let mut skip = [0u8; 3];
            counted.read_exact(&mut skip[..bom_length]).map_err(|e| Error::Read {
                path: path.to_path_buf(),
                source: e,
            })?;
            serde_json::from_reader(BufReader::new(&mut counted))
        }
        None => serde_json::from_reader(BufReader::new(&mut counted)),
    };
    if counted.bytes > limit {
        return Err(bad(format!(
            "it is over {} MB; backups over that are refused",
            limit / (1024 * 1024)
        )));
    }
    let backup = parsed.map_err(|e| match e.classify() {
        serde_json::error::Category::Io => Error::Read {
            path: path.to_path_buf(),
            source: e.into(),
        },
        serde_json::error::Category::Data => bad(e.to_string()),
        _ => bad(format!("invalid JSON: {e}")),
    })?;
    backup.recognise().map_err(|problem| bad(problem.to_string()))?;
    // A JSON value ends where its closing brace is; what follows is read to the end, so
    // the fingerprint is of the whole file.
    std::io::copy(&mut counted, &mut std::io::sink()).map_err(|e| Error::Read {
        path: path.to_path_buf(),
        source: e,
    })?;
    Ok(ReadBackup {
        backup,
        hash: counted.hash.hex(),
    })
}

/// The fingerprint of a file (a backup, an imported document): FNV-1a over its bytes,
/// given whole or piece by piece (read, or written through it as a writer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub fn of(bytes: &[u8]) -> Fnv {
        let mut hash = Fnv::default();
        hash.add(bytes);
        hash
    }

    pub fn value(self) -> u64 {
        self.0
    }

    pub fn add(&mut self, bytes: &[u8]) {
        self.0 = bytes
            .iter()
            .fold(self.0, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    }

    /// In hexadecimal, as the settings keep it.
    pub fn hex(self) -> String {
        hex(self.0)
    }
}

/// A fingerprint as the database keeps it: sixteen hexadecimal digits.
pub fn hex(fingerprint: u64) -> String {
    format!("{fingerprint:016x}")
}

impl std::io::Write for Fnv {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.add(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A reader that counts and fingerprints the bytes read through it.
struct Counted<R> {
    inner: R,
    bytes: usize,
    hash: Fnv,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n;
        self.hash.add(&buf[..n]);
        Ok(n)
    }
}

/// UTF-8 from a reader of text in another encoding (its byte-order mark left out), a piece
/// at a time.
struct Utf8From<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    output: Vec<u8>,
    /// How much of `output` was handed out already.
    given: usize,
    ended: bool,
}

impl<R: Read> Utf8From<R> {
    const PIECE: usize = 64 * 1024;

    fn new(inner: R, decoder: Decoder) -> Self {
        Utf8From {
            inner,
            decoder,
            input: vec![0; Self::PIECE],
            output: Vec::new(),
            given: 0,
            ended: false,
        }
    }
}

impl<R: Read> Read for Utf8From<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.given == self.output.len() && !self.ended {
            let n = self.inner.read(&mut self.input)?;
            self.ended = n == 0;
            let room = self
                .decoder
                .max_utf8_buffer_length(n)
                .ok_or_else(|| std::io::Error::other("the text is too long to decode"))?;
            self.output.resize(room, 0);
            // With room for all of it, the whole piece is decoded in one call.
            let (_, _, written, _) = self
                .decoder
                .decode_to_utf8(&self.input[..n], &mut self.output, self.ended);
            self.output.truncate(written);
            self.given = 0;
        }
        let n = buf.len().min(self.output.len() - self.given);
        buf[..n].copy_from_slice(&self.output[self.given..self.given + n]);
        self.given += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_is_fnv_1a_whole_or_in_pieces() {
        // FNV-1a's published values: the fingerprints stored by earlier builds stay valid.
        assert_eq!(Fnv::of(b"").hex(), "cbf29ce484222325");
        assert_eq!(Fnv::of(b"a").hex(), "af63dc4c8601ec8c");
        assert_eq!(Fnv::of(b"foobar").hex(), "85944171f73967e8");
        let mut pieces = Fnv::default();
        pieces.add(b"foo");
        pieces.add(b"bar");
        assert_eq!(pieces, Fnv::of(b"foobar"));
    }

    const SMALL: &str =
        r#"{"format": "prepdeck-backup", "version": 3, "exported_at": "2026-03-01T09:00:00+00:00", "decks": []}"#;

    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        let mut bytes = if little_endian {
            vec![0xff, 0xfe]
        } else {
            vec![0xfe, 0xff]
        };
        for unit in text.encode_utf16() {
            let pair = if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            bytes.extend_from_slice(&pair);
        }
        bytes
    }

    fn read_all(bytes: &[u8]) -> Result<Backup> {
        let head = bytes[..bytes.len().min(10)].to_vec();
        read(Path::new("b.json"), head, &bytes[bytes.len().min(10)..], 1 << 20).map(|read| read.backup)
    }

    #[test]
    fn byte_order_marks_are_read_through() {
        let mut utf8 = b"\xef\xbb\xbf".to_vec();
        utf8.extend_from_slice(SMALL.as_bytes());
        for bytes in [utf8, utf16(SMALL, true), utf16(SMALL, false), SMALL.as_bytes().to_vec()] {
            let backup = read_all(&bytes).unwrap();
            assert_eq!(backup.version, 3);
            assert!(Backup::looks_like_one(&bytes));
        }
    }

    #[test]
    fn utf16_is_decoded_whatever_the_pieces() {
        let long = SMALL.replace(
            "\"decks\": []",
            &format!("\"decks\": [], \"x\": \"{}\"", "é😀".repeat(50_000)),
        );
        let backup = read_all(&utf16(&long, true)).unwrap();
        assert_eq!(backup.format, "prepdeck-backup");
    }

    #[test]
    fn reading_stops_at_the_first_error_and_at_the_limit() {
        let mut endless = std::io::repeat(b' ');
        let err = read(Path::new("b.json"), b"{\"format\": x".to_vec(), &mut endless, 1 << 30).unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid JSON: expected value at line 1 column 12"),
            "{err}"
        );
        let err = read(
            Path::new("b.json"),
            b"{\"format\": ".to_vec(),
            std::io::repeat(b' '),
            1000,
        )
        .unwrap_err();
        assert!(err.to_string().contains("it is over 0 MB"), "{err}");
    }
}

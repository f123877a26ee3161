//! Opening Anki's packages: a zip archive (`.apkg`, `.colpkg`) holding the collection —
//! `collection.anki21b` (zstd-compressed SQLite) in Anki's current format, else
//! `collection.anki21` or `collection.anki2` — and media files, which are counted, never
//! read. The collection is unpacked, with a cap on its size, into a private temporary
//! file that `store` reads. A bare collection file (`collection.anki2`) is read the same
//! way, from a copy.

use std::io::{Read, Seek};
use std::path::Path;

use chrono::FixedOffset;

use crate::interchange::{CardSet, Shape, anki};

/// A collection unpacked to more than this is refused: far beyond any real deck (a
/// collection of a hundred thousand notes with their review logs is a few hundred MB), and
/// it keeps a crafted archive from filling the disk.
pub const MAX_COLLECTION_BYTES: u64 = 1024 * 1024 * 1024;

/// The first bytes of a zip archive (an empty one starts with its end record).
#[must_use]
pub fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

/// The first bytes of an SQLite database.
#[must_use]
pub fn is_sqlite(head: &[u8]) -> bool {
    head.starts_with(b"SQLite format 3\0")
}

/// Reads the notes of the package `file`; `whole` when it is named a collection package
/// (`.colpkg`), which only changes how the report names it. The error is a sentence.
pub fn read_package(file: impl Read + Seek, whole: bool, offset: FixedOffset, cap: u64) -> Result<CardSet, String> {
    let mut archive = zip::ZipArchive::new(file).map_err(|e| format!("not a readable zip archive ({e})"))?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(std::borrow::Cow::into_owned)
        .collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    // The current format carries an old-format collection too, saying only "please
    // update Anki": the newest collection inside is the real one.
    let (entry, zstd, legacy) = if has("collection.anki21b") {
        ("collection.anki21b", true, false)
    } else if has("collection.anki21") {
        ("collection.anki21", false, true)
    } else if has("collection.anki2") {
        ("collection.anki2", false, true)
    } else {
        return Err("a zip archive with no Anki collection inside (no collection.anki21b, collection.anki21 or collection.anki2)".to_string());
    };
    // Media files are stored under numbers ("0", "1", …).
    let media_files = names
        .iter()
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .count();
    let mut unpacked = tempfile::NamedTempFile::new().map_err(|e| format!("no room to unpack it ({e})"))?;
    {
        let member = archive
            .by_name(entry)
            .map_err(|e| format!("its {entry} cannot be read ({e})"))?;
        let too_large = || {
            format!(
                "its collection unpacks to more than {} MB, which is refused",
                cap / (1024 * 1024)
            )
        };
        // The size the archive declares is refused at once; a false one is caught below.
        if !zstd && member.size() > cap {
            return Err(too_large());
        }
        let written = if zstd {
            let decoder = ruzstd::decoding::StreamingDecoder::new(member)
                .map_err(|e| format!("its {entry} is not zstd-compressed as Anki writes it ({e})"))?;
            copy_capped(decoder, unpacked.as_file_mut(), cap)
        } else {
            copy_capped(member, unpacked.as_file_mut(), cap)
        };
        written.map_err(|e| match e {
            Unpack::TooLarge => too_large(),
            Unpack::Io(e) => format!("its {entry} cannot be unpacked ({e})"),
        })?;
    }
    read_collection_file(
        unpacked.path(),
        Shape::AnkiPackage { legacy, whole },
        offset,
        media_files,
    )
}

/// Reads a bare collection file: from a private copy, so that a collection Anki has open
/// is never touched.
pub fn read_collection(path: &Path, offset: FixedOffset) -> Result<CardSet, String> {
    let mut copy = tempfile::NamedTempFile::new().map_err(|e| format!("no room to copy it ({e})"))?;
    let source = std::fs::File::open(path).map_err(|e| format!("it cannot be read ({e})"))?;
    copy_capped(source, copy.as_file_mut(), MAX_COLLECTION_BYTES).map_err(|e| match e {
        Unpack::TooLarge => "the collection is over the size limit".to_string(),
        Unpack::Io(e) => format!("it cannot be read ({e})"),
    })?;
    read_collection_file(copy.path(), Shape::AnkiCollection, offset, 0)
}

fn read_collection_file(path: &Path, shape: Shape, offset: FixedOffset, media: usize) -> Result<CardSet, String> {
    let mut head = [0u8; 16];
    let read = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| format!("its collection cannot be read ({e})"))?;
    if !is_sqlite(&head[..read]) {
        return Err("its collection is not an SQLite database".to_string());
    }
    let collection = crate::store::read_anki_collection(path)?;
    Ok(anki::notes_of(&collection, shape, offset, media))
}

enum Unpack {
    TooLarge,
    Io(std::io::Error),
}

/// Copies at most `cap` bytes; more is an error, not a cut.
fn copy_capped(from: impl Read, to: &mut std::fs::File, cap: u64) -> Result<u64, Unpack> {
    let written = std::io::copy(&mut from.take(cap.saturating_add(1)), to).map_err(Unpack::Io)?;
    if written > cap {
        return Err(Unpack::TooLarge);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            writer
                .start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    #[test]
    fn archives_that_are_no_anki_package_are_named_so() {
        let not_zip = read_package(Cursor::new(b"PK\x03\x04 broken".to_vec()), false, utc(), 1 << 20);
        assert!(not_zip.unwrap_err().starts_with("not a readable zip archive"));
        let other = read_package(Cursor::new(zip_of(&[("notes.txt", b"hi")])), false, utc(), 1 << 20);
        assert!(other.unwrap_err().contains("no Anki collection inside"));
        let text = read_package(
            Cursor::new(zip_of(&[("collection.anki2", b"just text, no database")])),
            false,
            utc(),
            1 << 20,
        );
        assert_eq!(text.unwrap_err(), "its collection is not an SQLite database");
        let garbage = read_package(
            Cursor::new(zip_of(&[("collection.anki21b", b"not zstd at all")])),
            false,
            utc(),
            1 << 20,
        );
        let message = garbage.unwrap_err();
        assert!(message.contains("not zstd-compressed"), "{message}");
    }

    #[test]
    fn a_collection_that_unpacks_past_the_cap_is_refused() {
        let zeros = vec![0u8; 64 * 1024];
        let bomb = read_package(
            Cursor::new(zip_of(&[("collection.anki21", &zeros)])),
            false,
            utc(),
            1024,
        );
        assert!(bomb.unwrap_err().contains("unpacks to more than"));
    }

    fn fixture(name: &str, whole: bool) -> CardSet {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/anki")
            .join(name);
        read_package(std::fs::File::open(path).unwrap(), whole, utc(), MAX_COLLECTION_BYTES).unwrap()
    }

    /// Anki's four package formats of one collection hold the same notes, schedules and logs.
    #[test]
    fn every_package_format_anki_writes_reads_the_same() {
        let current = fixture("collection.apkg", false);
        assert_eq!(
            current.shape,
            Shape::AnkiPackage {
                legacy: false,
                whole: false
            }
        );
        assert_eq!(current.notes.len(), 10);
        assert!(
            current.remarks.contains(&"1 media file skipped".to_string()),
            "{:?}",
            current.remarks
        );
        for (name, whole, legacy) in [
            ("legacy.apkg", false, true),
            ("collection.colpkg", true, false),
            ("legacy.colpkg", true, true),
        ] {
            let other = fixture(name, whole);
            assert_eq!(other.shape, Shape::AnkiPackage { legacy, whole }, "{name}");
            assert_eq!(other.notes, current.notes, "{name}");
        }
    }
}

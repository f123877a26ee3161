//! Finding and reading what `import` is given: files, or every visible file under a
//! folder; each read, with no database involved, as what its content is (never by its
//! name): a JSON backup, an Anki package (a zip archive) or collection (SQLite), a
//! spreadsheet or Anki's text export, or a profile.

use std::path::{Path, PathBuf};

use chrono::FixedOffset;

use super::package;
use crate::backup::Backup;
use crate::backup::file::{Fnv, MAX_BACKUP_BYTES, ReadBackup};
use crate::error::{Error, Result};
use crate::interchange::{CardSet, delimited};
use crate::profile::{self, Profile};

/// A file found under a path given on the command line.
pub struct Source {
    pub path: PathBuf,
    /// Found inside a folder (a failure there is reported, not fatal).
    pub in_folder: bool,
}

/// The files a path names: the file itself, or every visible file under a folder.
pub fn expand(path: &Path) -> Result<Vec<Source>> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::PathNotFound(path.to_path_buf()),
        _ => Error::Read {
            path: path.to_path_buf(),
            source: e,
        },
    })?;
    if !meta.is_dir() {
        refuse_special(path, &meta)?;
        return Ok(vec![Source {
            path: path.to_path_buf(),
            in_folder: false,
        }]);
    }
    let mut files = Vec::new();
    collect_files(path, &mut files)?;
    files.sort();
    if files.is_empty() {
        return Err(Error::EmptyFolder(path.to_path_buf()));
    }
    Ok(files.into_iter().map(|path| Source { path, in_folder: true }).collect())
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type().map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        if kind.is_dir() {
            collect_files(&path, out)?;
        } else if kind.is_file() || (kind.is_symlink() && path.is_file()) {
            out.push(path);
        }
    }
    Ok(())
}

/// Whether the file a document was imported from is no longer at its path (a file that
/// cannot be looked at for another reason is not taken for gone).
#[must_use]
pub fn file_is_gone(path: &str) -> bool {
    matches!(std::fs::metadata(path), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
}

/// Whether the profile at `path` names the company `name` (in any case): an edited copy of
/// a document names the company its original names. Anything that cannot be read as a
/// profile names none.
#[must_use]
pub fn profile_names(path: &str, name: &str) -> bool {
    let source = Source {
        path: PathBuf::from(path),
        in_folder: false,
    };
    match load(&source, chrono::FixedOffset::east_opt(0).expect("UTC is an offset")) {
        Ok(Loaded::Profile { profile, .. }) => profile.company.to_lowercase() == name.to_lowercase(),
        _ => false,
    }
}

/// Refuses what is not a regular file (a pipe, a device, a socket): reading one could
/// block forever or never end, and none of them is a profile.
fn refuse_special(path: &Path, meta: &std::fs::Metadata) -> Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    let what = {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            let kind = meta.file_type();
            if kind.is_fifo() {
                "a named pipe"
            } else if kind.is_char_device() || kind.is_block_device() {
                "a device"
            } else if kind.is_socket() {
                "a socket"
            } else {
                "not a regular file"
            }
        }
        #[cfg(not(unix))]
        {
            "not a regular file"
        }
    };
    Err(Error::NotARegularFile {
        path: path.to_path_buf(),
        what,
    })
}

/// How much of a file is read to tell a backup from a profile.
const HEAD_BYTES: usize = 64 * 1024;

/// Spreadsheets and Anki's text exports larger than this are refused.
pub const MAX_SHEET_BYTES: usize = 256 * 1024 * 1024;

/// A file read and parsed, ready to write.
pub enum Loaded {
    Profile {
        profile: Profile,
        hash: String,
    },
    Backup(Box<ReadBackup>),
    /// Another tool's notes: an Anki package or collection, a spreadsheet, Anki's text.
    Notes {
        set: CardSet,
        hash: String,
    },
}

/// Reads and parses one file (no database): a JSON backup, another tool's notes or a
/// profile. `offset` is the user's UTC offset, for the days of Anki's times. Should a
/// reader fail on some input (a fault of ours, which the panic's own line reports), that
/// file is refused like any unreadable document and the others are still imported.
pub fn load(source: &Source, offset: FixedOffset) -> Result<Loaded> {
    guarded(&source.path, || load_unguarded(source, offset))
}

/// What `read` gives, or the file refused as a reader's fault should `read` panic.
fn guarded(path: &Path, read: impl FnOnce() -> Result<Loaded>) -> Result<Loaded> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| {
        Err(Error::Document {
            path: path.to_path_buf(),
            problem: profile::ProfileError::ReaderFault,
        })
    })
}

fn load_unguarded(source: &Source, offset: FixedOffset) -> Result<Loaded> {
    let path = &source.path;
    let read_error = |e| Error::Read {
        path: path.clone(),
        source: e,
    };
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    // Checked again on what was opened: the path may have changed since it was listed.
    let meta = file.metadata().map_err(read_error)?;
    refuse_special(path, &meta)?;
    let too_large = |size: u64, backup: bool| {
        let megabytes = (size / (1024 * 1024)) as usize;
        if backup {
            Error::BadBackup {
                path: path.clone(),
                reason: format!(
                    "the file is {megabytes} MB; backups over {} MB are refused",
                    MAX_BACKUP_BYTES / (1024 * 1024)
                ),
            }
        } else {
            Error::Document {
                path: path.clone(),
                problem: profile::ProfileError::TooLarge(megabytes),
            }
        }
    };
    let mut bytes = read_capped(&mut file, HEAD_BYTES).map_err(read_error)?;
    if package::is_zip(&bytes) || package::is_sqlite(&bytes) {
        return load_package(path, file, &bytes, meta.len(), offset);
    }
    let backup = Backup::looks_like_one(&bytes);
    let sheet =
        !backup && !profile::text::looks_binary(&bytes) && delimited::looks_like_one(&profile::text::decode(&bytes).0);
    let limit = if backup {
        MAX_BACKUP_BYTES
    } else if sheet {
        MAX_SHEET_BYTES
    } else {
        profile::MAX_PROFILE_BYTES
    };
    // Refused before reading on: a stray log or dump never fills memory. The size the
    // file system gives can be wrong (0 for many files under /proc), so the read itself is
    // capped too.
    if meta.len() > limit as u64 {
        return Err(too_large(meta.len(), backup));
    }
    if backup {
        let backup = crate::backup::file::read(path, bytes, file, limit)?;
        return Ok(Loaded::Backup(Box::new(backup)));
    }
    let rest = read_capped(&mut file, limit + 1 - bytes.len()).map_err(read_error)?;
    bytes.extend_from_slice(&rest);
    if bytes.len() > limit {
        return Err(too_large(bytes.len() as u64, backup));
    }
    let hash = Fnv::of(&bytes).hex();
    if sheet {
        let (text, _) = profile::text::decode(&bytes);
        match delimited::read(&text) {
            Ok(Some(set)) => return Ok(Loaded::Notes { set, hash }),
            Ok(None) => {}
            Err(problem) => {
                return Err(Error::BadSheet {
                    path: path.clone(),
                    shape: if delimited::anki_text(&text) {
                        "Anki text export"
                    } else {
                        "spreadsheet"
                    },
                    problem,
                });
            }
        }
    }
    let stem = path
        .file_stem()
        .map_or_else(|| "profile".to_string(), |s| s.to_string_lossy().into_owned());
    match profile::parse(&bytes, &stem) {
        Ok(profile) => Ok(Loaded::Profile { profile, hash }),
        // Two columns without a header: only once nothing else fits.
        Err(problem @ profile::ProfileError::NoSections) => {
            let spreadsheet_name = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("tsv"));
            let (text, _) = profile::text::decode(&bytes);
            match delimited::read_two_columns(&text, spreadsheet_name) {
                Some(set) => Ok(Loaded::Notes { set, hash }),
                None => Err(Error::Document {
                    path: path.clone(),
                    problem,
                }),
            }
        }
        Err(problem) => Err(Error::Document {
            path: path.clone(),
            problem,
        }),
    }
}

/// Reads an Anki package (a zip archive) or a bare collection (SQLite) whose first bytes
/// are `head`.
fn load_package(path: &Path, mut file: std::fs::File, head: &[u8], size: u64, offset: FixedOffset) -> Result<Loaded> {
    let bad = |reason: String| Error::BadPackage {
        path: path.to_path_buf(),
        reason,
    };
    // The package is not read whole (its media can be large): its head and size stand for it.
    let hash = crate::backup::file::hex(Fnv::of(head).value() ^ size);
    let set = if package::is_zip(head) {
        use std::io::Seek;
        file.rewind().map_err(|e| Error::Read {
            path: path.to_path_buf(),
            source: e,
        })?;
        let whole = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("colpkg"));
        package::read_package(
            std::io::BufReader::new(file),
            whole,
            offset,
            package::MAX_COLLECTION_BYTES,
        )
        .map_err(bad)?
    } else {
        package::read_collection(path, offset).map_err(bad)?
    };
    Ok(Loaded::Notes { set, hash })
}

/// Reads at most `limit` bytes (fewer at the end of the file).
fn read_capped(reader: &mut impl std::io::Read, limit: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader.take(limit as u64).read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stop_at_their_limit_whatever_the_source_says() {
        let mut endless = std::io::repeat(b'x');
        assert_eq!(read_capped(&mut endless, 10).unwrap().len(), 10);
        let mut short: &[u8] = b"abc";
        assert_eq!(read_capped(&mut short, 10).unwrap(), b"abc");
    }

    #[test]
    fn a_reader_that_panics_refuses_its_file_in_one_sentence() {
        let path = Path::new("/banks/odd.md");
        let error = guarded(path, || panic!("a reader's fault")).map(|_| ()).unwrap_err();
        assert!(
            matches!(&error, Error::Document { path: p, problem: profile::ProfileError::ReaderFault } if p == path),
            "{error:?}"
        );
        assert!(error.to_string().contains("odd.md"), "{error}");
        assert!(error.to_string().contains("fault in prepdeck"), "{error}");
        let fine = guarded(path, || Err(Error::DeckGone(crate::domain::DeckId(1))))
            .map(|_| ())
            .unwrap_err();
        assert!(
            matches!(fine, Error::DeckGone(_)),
            "other errors pass through: {fine:?}"
        );
    }
}

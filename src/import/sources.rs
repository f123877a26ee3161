//! Finding and reading what `import` is given: files, or every visible file under a
//! folder; each read as a JSON backup or parsed as a profile, with no database involved.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::profile::{self, Profile};
use crate::store::Backup;

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

/// A file read and parsed, ready to write.
pub enum Loaded {
    Profile { profile: Profile, hash: String },
    Backup(Box<Backup>),
}

/// Reads and parses one file (no database): a JSON backup or a profile.
pub fn load(source: &Source) -> Result<Loaded> {
    let path = &source.path;
    let read_error = |e| Error::Read {
        path: path.clone(),
        source: e,
    };
    let size = std::fs::metadata(path).map_err(read_error)?.len();
    if size > profile::MAX_PROFILE_BYTES as u64 && !starts_like_a_backup(path).map_err(read_error)? {
        // Refused before reading: a stray log or dump never fills memory.
        return Err(Error::Document {
            path: path.clone(),
            problem: profile::ProfileError::TooLarge((size / (1024 * 1024)) as usize),
        });
    }
    let bytes = std::fs::read(path).map_err(read_error)?;
    if Backup::looks_like_one(&bytes) {
        let bad = |reason: String| Error::BadBackup {
            path: path.clone(),
            reason,
        };
        let backup: Backup = serde_json::from_slice(&bytes).map_err(|e| {
            bad(if e.is_data() {
                e.to_string()
            } else {
                format!("invalid JSON: {e}")
            })
        })?;
        backup.validate().map_err(bad)?;
        return Ok(Loaded::Backup(Box::new(backup)));
    }
    let stem = path
        .file_stem()
        .map_or_else(|| "profile".to_string(), |s| s.to_string_lossy().into_owned());
    let profile = profile::parse(&bytes, &stem).map_err(|problem| Error::Document {
        path: path.clone(),
        problem,
    })?;
    Ok(Loaded::Profile {
        profile,
        hash: format!("{:016x}", fnv1a(&bytes)),
    })
}

/// Whether a (large) file opens like a prepdeck backup, judged from its first 64 KiB.
fn starts_like_a_backup(path: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut head = Vec::with_capacity(64 * 1024);
    std::fs::File::open(path)?.take(64 * 1024).read_to_end(&mut head)?;
    Ok(Backup::looks_like_one(&head))
}

/// FNV-1a: a small, stable fingerprint of a document's bytes.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

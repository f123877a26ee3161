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

/// Backups larger than this are refused: a backup of a hundred thousand cards with ten
/// reviews each is about 600 MB.
pub const MAX_BACKUP_BYTES: usize = 2048 * 1024 * 1024;

/// How much of a file is read to tell a backup from a profile.
const HEAD_BYTES: usize = 64 * 1024;

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
    let backup = Backup::looks_like_one(&bytes);
    let limit = if backup {
        MAX_BACKUP_BYTES
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
        let backup = crate::import::backup_file::read(path, bytes, file, limit)?;
        return Ok(Loaded::Backup(Box::new(backup)));
    }
    let rest = read_capped(&mut file, limit + 1 - bytes.len()).map_err(read_error)?;
    bytes.extend_from_slice(&rest);
    if bytes.len() > limit {
        return Err(too_large(bytes.len() as u64, backup));
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

/// Reads at most `limit` bytes (fewer at the end of the file).
fn read_capped(reader: &mut impl std::io::Read, limit: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader.take(limit as u64).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// FNV-1a: a small, stable fingerprint of a document's bytes.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
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
}

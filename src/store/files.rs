//! The files of a database on disk: whether this user may write them, how a connection is
//! opened accordingly (read-write, read-only, or as an unchanging file when nothing beside
//! it can be created), companion files left unwritable by an earlier read-only open, and
//! the copy made before a schema upgrade, written whole or not at all.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{AtPath, upgrade_copy_path};
use crate::error::{Error, Result};

/// How a database can be opened by this user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Access {
    ReadWrite,
    /// The file or its folder cannot be written, but the write-ahead log may hold
    /// committed changes: read through SQLite's read-only mode.
    ReadOnly,
    /// Nothing can be written and there is no write-ahead log to read: opened as an
    /// unchanging file, so SQLite creates nothing beside it.
    Immutable,
}

/// What this user may do with the database at `path` (which exists).
pub(super) fn access_of(path: &Path) -> Access {
    let wal = companion(path, "-wal");
    let shm = companion(path, "-shm");
    let file_writable = writable(path);
    let companions_writable = [&wal, &shm].iter().all(|p| p.exists() && writable(p));
    if file_writable && (folder_writable(path) || companions_writable) {
        return Access::ReadWrite;
    }
    if fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        Access::ReadOnly
    } else {
        Access::Immutable
    }
}

/// Opens a connection for `access`.
pub(super) fn open_connection(path: &Path, access: Access) -> Result<Connection> {
    match access {
        Access::ReadWrite => Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        ),
        Access::ReadOnly => {
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        }
        Access::Immutable => Connection::open_with_flags(
            immutable_uri(path),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        ),
    }
    .at(path)
}

/// `-wal` and `-shm` files that this user owns but cannot write (SQLite creates them with
/// the database file's mode, so a read while the database was read-only leaves them 0400)
/// get the database file's mode back: otherwise every later write would fail.
pub(super) fn repair_companion_modes(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let Ok(database) = fs::metadata(path) else {
            return Ok(());
        };
        for suffix in ["-wal", "-shm"] {
            let file = companion(path, suffix);
            let Ok(meta) = fs::metadata(&file) else {
                continue;
            };
            if meta.uid() == database.uid() && meta.permissions().mode() & 0o200 == 0 {
                let mode = database.permissions().mode() & 0o777;
                fs::set_permissions(&file, fs::Permissions::from_mode(mode))
                    .map_err(|e| Error::io(format!("{}: cannot make it writable again", file.display()), e))?;
            }
        }
    }
    Ok(())
}

/// Copies the database (of schema `version`) aside before it is upgraded, as
/// `prepdeck.db.vN.bak`: written to a temporary name, checked to be a whole database of
/// that version, then renamed. A copy already there is kept only if it passes the same
/// check, so a copy cut short by a full disk is never taken for a good one.
pub(super) fn write_upgrade_copy(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    let copy = upgrade_copy_path(path, version);
    if is_whole_copy(&copy, version) {
        return Ok(());
    }
    let mut partial = copy.clone().into_os_string();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let failed = |reason: String| Error::UpgradeCopyFailed {
        path: path.to_path_buf(),
        copy: copy.clone(),
        reason,
    };
    let _ = fs::remove_file(&partial);
    let written = private_like(path, &partial)
        .map_err(|e| failed(e.to_string()))
        .and_then(|()| {
            conn.execute("VACUUM INTO ?1", [partial.to_string_lossy()])
                .map_err(|e| failed(e.to_string()))
        })
        .and_then(|_| {
            if is_whole_copy(&partial, version) {
                Ok(())
            } else {
                Err(failed("the copy came out incomplete".to_string()))
            }
        })
        .and_then(|()| {
            fs::File::open(&partial)
                .and_then(|f| f.sync_all())
                .and_then(|()| fs::rename(&partial, &copy))
                .map_err(|e| failed(e.to_string()))
        });
    if written.is_err() {
        let _ = fs::remove_file(&partial);
    }
    written
}

/// Creates `copy` empty (as `VACUUM INTO` accepts it), with the mode of the database at
/// `path`: the copy holds the same history and is no easier to read.
fn private_like(path: &Path, copy: &Path) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        options.open(copy)?;
        let mode = fs::metadata(path)?.permissions().mode() & 0o777;
        fs::set_permissions(copy, fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    options.open(copy).map(drop)
}

/// Whether `copy` is a whole SQLite database of schema `version`: its size is what its
/// header says, and it reads back.
fn is_whole_copy(copy: &Path, version: i64) -> bool {
    let Ok(meta) = fs::metadata(copy) else {
        return false;
    };
    let Ok(conn) =
        Connection::open_with_flags(copy, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
    else {
        return false;
    };
    let read = || -> rusqlite::Result<bool> {
        let pages: i64 = conn.pragma_query_value(None, "page_count", |r| r.get(0))?;
        let page_size: i64 = conn.pragma_query_value(None, "page_size", |r| r.get(0))?;
        let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let check: String = conn.pragma_query_value(None, "quick_check", |r| r.get(0))?;
        Ok(pages > 0 && u64::try_from(pages * page_size).ok() == Some(meta.len()) && found == version && check == "ok")
    };
    read().unwrap_or(false)
}

/// `prepdeck.db-wal` and the like.
fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether this user can open the file for writing (the kernel's answer, which file modes
/// alone do not give: root, access lists, read-only mounts).
fn writable(path: &Path) -> bool {
    fs::OpenOptions::new().write(true).open(path).is_ok()
}

/// Whether files can be created beside `path`: an unnamed temporary file is made and gone
/// at once.
fn folder_writable(path: &Path) -> bool {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    tempfile::tempfile_in(folder).is_ok()
}

/// A `file:` URI for `path` that tells SQLite the file never changes.
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for &byte in absolute.as_os_str().as_encoded_bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_escape_what_sqlite_would_read_as_syntax() {
        assert_eq!(
            immutable_uri(Path::new("/data/my db?#%.db")),
            "file:/data/my%20db%3F%23%25.db?immutable=1"
        );
    }

    #[test]
    fn a_cut_short_upgrade_copy_is_not_taken_for_a_whole_one() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("p.db");
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (randomblob(20000)); PRAGMA user_version = 2;")
            .unwrap();
        let copy = upgrade_copy_path(&db, 2);
        fs::write(&copy, b"").unwrap();
        assert!(!is_whole_copy(&copy, 2));
        write_upgrade_copy(&conn, &db, 2).unwrap();
        assert!(is_whole_copy(&copy, 2));
        let bytes = fs::read(&copy).unwrap();
        fs::write(&copy, &bytes[..bytes.len() / 2]).unwrap();
        assert!(!is_whole_copy(&copy, 2), "half a copy");
        assert!(!is_whole_copy(&copy, 3), "another version");
    }
}

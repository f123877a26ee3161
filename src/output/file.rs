//! Writing a file the user named with `-o`, for every command that has one: never over
//! the database or its companion files, through a symlink to the file it points at,
//! streamed into a device or a pipe (which stay what they are), and for a regular file
//! whole or not at all (a temporary file renamed into place) with the old file's mode kept,
//! or private (0600) when the file is new.

use std::fs::{self, Metadata};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::store::DatabaseFile;

/// How many symlinks are followed before the path is called a loop (as the kernel does).
const MAX_SYMLINKS: usize = 40;

/// Writes what `write` writes to the file at `path`, the output of a command working on
/// the database at `database`, as it is made (a backup is never held whole). See the module
/// documentation for what is refused and how each kind of target is written. When `write`
/// fails, a regular file is left as it was and the error is `write`'s, or the output's when
/// writing to it failed.
pub fn write_output(path: &Path, database: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let target = Target::resolve(path)?;
    refuse_database_files(path, &target, database)?;
    match &target.metadata {
        None => write_replacing(path, &target.path, None, write),
        Some(meta) if meta.is_file() => write_replacing(path, &target.path, Some(meta), write),
        Some(meta) if streams(meta) => write_streaming(path, &target.path, write),
        Some(meta) => Err(Error::OutputNotAFile {
            path: path.to_path_buf(),
            what: describe_special(meta),
        }),
    }
}

/// Checks, before anything is read or written, that `path` may be written as the output of
/// a command on `database`.
pub fn check_output(path: &Path, database: &Path) -> Result<()> {
    let target = Target::resolve(path)?;
    refuse_database_files(path, &target, database)?;
    match &target.metadata {
        Some(meta) if !(meta.is_file() || streams(meta)) => Err(Error::OutputNotAFile {
            path: path.to_path_buf(),
            what: describe_special(meta),
        }),
        _ => Ok(()),
    }
}

/// The file a path names once its symlinks are followed, and what is there now.
struct Target {
    path: PathBuf,
    metadata: Option<Metadata>,
}

impl Target {
    fn resolve(given: &Path) -> Result<Target> {
        let cannot = |e| Error::io(format!("{}: cannot write the output there", given.display()), e);
        let mut path = given.to_path_buf();
        for _ in 0..MAX_SYMLINKS {
            match fs::symlink_metadata(&path) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    let link = fs::read_link(&path).map_err(cannot)?;
                    path = match path.parent() {
                        Some(dir) if link.is_relative() => dir.join(link),
                        _ => link,
                    };
                }
                Ok(meta) => {
                    return Ok(Target {
                        path,
                        metadata: Some(meta),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Target { path, metadata: None }),
                Err(e) => return Err(cannot(e)),
            }
        }
        Err(cannot(std::io::Error::other("too many levels of symbolic links")))
    }
}

/// A character device (`/dev/null`, `/dev/stdout`, a terminal) or a pipe: written in
/// place, as a shell redirection would.
fn streams(meta: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        kind.is_char_device() || kind.is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

fn describe_special(meta: &Metadata) -> &'static str {
    if meta.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Refuses the database, its write-ahead log, shared-memory index, rollback journal and the
/// copies made before upgrades, however the path reaches them (`..`, symlinks, hard links).
fn refuse_database_files(given: &Path, target: &Target, database: &Path) -> Result<()> {
    let Some(name) = target.path.file_name() else {
        return Ok(());
    };
    let folder = canonical_folder(&target.path);
    let database_folder = canonical_folder(&fs::canonicalize(database).unwrap_or_else(|_| database.to_path_buf()));
    let database_name = fs::canonicalize(database)
        .ok()
        .and_then(|p| p.file_name().map(ToOwned::to_owned))
        .or_else(|| database.file_name().map(ToOwned::to_owned));
    let refuse = |what: DatabaseFile| Error::OutputIsDatabase {
        path: given.to_path_buf(),
        what: what.describe(),
    };
    if let (Some(folder), Some(database_folder), Some(database_name)) = (&folder, &database_folder, &database_name)
        && folder == database_folder
        && let Some(what) = DatabaseFile::of(database_name, name)
    {
        return Err(refuse(what));
    }
    // The same file under another name: a hard link to the database or one of its files.
    if let (Some(meta), Some(database_folder), Some(database_name)) =
        (&target.metadata, &database_folder, &database_name)
        && let Ok(entries) = fs::read_dir(database_folder)
    {
        for entry in entries.flatten() {
            if let Some(what) = DatabaseFile::of(database_name, &entry.file_name())
                && entry.metadata().is_ok_and(|other| same_file(meta, &other))
            {
                return Err(refuse(what));
            }
        }
    }
    Ok(())
}

/// The canonical form of the folder holding `path` (which itself may not exist yet).
fn canonical_folder(path: &Path) -> Option<PathBuf> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::canonicalize(folder).ok()
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_a: &Metadata, _b: &Metadata) -> bool {
    false
}

/// The error without the temporary file's path that tempfile adds to its text (` at path
/// "…"`): the user named another file, and the message names that one.
fn os_error(e: std::io::Error) -> std::io::Error {
    if e.raw_os_error().is_some() {
        return e;
    }
    let text = e.to_string();
    match text.rfind(" at path \"") {
        Some(at) => std::io::Error::new(e.kind(), &text[..at]),
        None => e,
    }
}

/// A regular file (or none yet): a temporary file beside it, renamed over it once written
/// and synced, so an interrupted write never leaves half a file where a good one was.
fn write_replacing(
    given: &Path,
    target: &Path,
    existing: Option<&Metadata>,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let failed = |e| Error::io(format!("{}: cannot write the output", given.display()), os_error(e));
    let folder = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    // tempfile creates the file readable by this user only.
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".prepdeck-tmp")
        .tempfile_in(folder)
        .map_err(failed)?;
    if let Some(meta) = existing {
        fs::set_permissions(temp.path(), meta.permissions()).map_err(failed)?;
    }
    let mut out = super::Recording::new(temp.as_file_mut());
    let written = write(&mut out);
    if let Some(e) = out.failed.take() {
        return Err(failed(e));
    }
    written?;
    temp.as_file().sync_all().map_err(failed)?;
    temp.persist(target).map_err(|e| failed(e.error))?;
    // The rename itself is made durable by syncing the folder; where that is not possible
    // the file is still whole, so a failure here is not one of the output.
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// A device or a pipe: opened as it is (never created, truncated or replaced) and written.
fn write_streaming(given: &Path, target: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let failed = |e| Error::io(format!("{}: cannot write the output", given.display()), e);
    let file = fs::OpenOptions::new().write(true).open(target).map_err(failed)?;
    let mut out = super::Recording::new(file);
    let written = write(&mut out).and_then(|()| out.flush().map_err(|e| Error::io("", e)));
    match out.failed.take() {
        Some(e) => Err(failed(e)),
        None => written,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_files_are_private_and_existing_ones_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("prepdeck.db");
        fs::write(&db, "").unwrap();
        let new = dir.path().join("new.txt");
        write_output(&new, &db, |out| crate::output::write_text(out, b"one")).unwrap();
        assert_eq!(fs::metadata(&new).unwrap().permissions().mode() & 0o777, 0o600);
        let shared = dir.path().join("shared.txt");
        fs::write(&shared, "old").unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o644)).unwrap();
        write_output(&shared, &db, |out| crate::output::write_text(out, b"two")).unwrap();
        assert_eq!(fs::read(&shared).unwrap(), b"two");
        assert_eq!(fs::metadata(&shared).unwrap().permissions().mode() & 0o777, 0o644);
        let leftovers = fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".prepdeck-tmp")
            })
            .count();
        assert_eq!(leftovers, 0, "no temporary file is left behind");
    }

    #[test]
    fn the_database_is_refused_by_any_name() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("prepdeck.db");
        fs::write(&db, "db").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        for given in [
            db.clone(),
            dir.path().join("sub/../prepdeck.db"),
            dir.path().join("prepdeck.db-wal"),
            dir.path().join("prepdeck.db-shm"),
            dir.path().join("prepdeck.db.v2.bak"),
        ] {
            assert!(
                matches!(check_output(&given, &db), Err(Error::OutputIsDatabase { .. })),
                "{}",
                given.display()
            );
        }
        assert!(check_output(&dir.path().join("prepdeck.db.csv"), &db).is_ok());
        assert!(check_output(&dir.path().join("prepdeck.db.vx.bak"), &db).is_ok());
    }
}

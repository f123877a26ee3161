//! `sync DIR`: the everyday form of a merge. DIR is a folder the machines share (Syncthing,
//! Dropbox, a network drive, a git repository). Each machine owns one file in it,
//! `prepdeck-MACHINE.json`, a backup of its whole database (so a lost or stale file never
//! loses anything), and merges every other `prepdeck-*.json` it finds. A file is read and
//! checked like any backup and merged in one transaction; one that does not read or does
//! not check (a sync tool midway through copying it) is skipped with one line and merged
//! on a later run. Running it on every machine, in any order, any number of times, brings
//! them to one database.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::file::Fnv;
use super::merge::{MergeOutcome, merge, recompute_after};
use super::validate::check;
use super::write::{Layout, write as write_backup};
use crate::domain::DeckId;
use crate::domain::version::is_machine;
use crate::error::{Error, Result};
use crate::report::sync::{FileResult, SyncReport, SyncedFile};
use crate::store::Store;

/// The start of every sync file's name; the rest is the machine's name and `.json`.
pub const FILE_PREFIX: &str = "prepdeck-";
const FILE_SUFFIX: &str = ".json";

/// The settings key of the fingerprint of the file last merged from a machine.
fn seen_key(machine: &str) -> String {
    format!("sync.seen.{machine}")
}

/// The settings keys of what this machine last wrote into a folder: the fingerprint of
/// the file, and of its content without the moment it was written.
fn written_keys(dir: &Path) -> (String, String) {
    let dir = dir.to_string_lossy();
    (format!("sync.written.{dir}"), format!("sync.content.{dir}"))
}

/// Checks that `dir` is a folder other machines can share: there, a folder (through
/// symlinks), not the database.
fn check_folder(dir: &Path, database: &Path) -> Result<PathBuf> {
    let refuse = |what: String| Error::SyncFolder {
        path: dir.to_path_buf(),
        what,
    };
    let meta = match fs::metadata(dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(refuse(
                "no such folder; make it, or check that the shared drive is mounted".to_string(),
            ));
        }
        Err(e) => return Err(Error::io(format!("{}: cannot read the folder", dir.display()), e)),
    };
    let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if fs::canonicalize(database).is_ok_and(|db| db == canonical) {
        return Err(refuse(
            "it is the prepdeck database itself; give the folder your machines share".to_string(),
        ));
    }
    match crate::file_kind::not_regular(&meta) {
        Some("a folder") => Ok(canonical),
        Some(what) => Err(refuse(format!(
            "it is {what}, not a folder; give the folder your machines share"
        ))),
        None => Err(refuse(
            "it is a file, not a folder; give the folder your machines share".to_string(),
        )),
    }
}

/// The machine a sync file's name names, if it is one: `prepdeck-MACHINE.json`.
fn machine_of(name: &str) -> Option<&str> {
    name.strip_prefix(FILE_PREFIX)?
        .strip_suffix(FILE_SUFFIX)
        .filter(|machine| is_machine(machine))
}

/// The FNV-1a fingerprint of a file's bytes, read as they come (the same as a backup's,
/// [`super::file::read`]), or why it could not be read.
fn fingerprint(path: &Path) -> std::result::Result<String, String> {
    let mut file = fs::File::open(path).map_err(|e| format!("cannot read it ({e})"))?;
    let mut hash = Fnv::default();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut total = 0usize;
    loop {
        let n = file.read(&mut buffer).map_err(|e| format!("cannot read it ({e})"))?;
        if n == 0 {
            break;
        }
        total += n;
        if total > super::file::MAX_BACKUP_BYTES {
            return Err(format!(
                "it is over {} MB",
                super::file::MAX_BACKUP_BYTES / (1024 * 1024)
            ));
        }
        hash.add(&buffer[..n]);
    }
    Ok(hash.hex())
}

/// Reads and checks one sync file; the reason it cannot be merged otherwise.
fn read_checked(path: &Path) -> std::result::Result<super::Checked, String> {
    let mut file = fs::File::open(path).map_err(|e| format!("cannot read it ({e})"))?;
    let mut head = vec![0u8; 64 * 1024];
    let mut read = 0;
    while read < head.len() {
        match file.read(&mut head[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) => return Err(format!("cannot read it ({e})")),
        }
    }
    head.truncate(read);
    if !super::Backup::looks_like_one(&head) {
        return Err("it is not a prepdeck backup (incomplete, or another file)".to_string());
    }
    let backup = super::file::read(path, head, file, super::file::MAX_BACKUP_BYTES).map_err(|e| {
        // The file's name is on the line already.
        let said = e.to_string();
        let prefix = format!("{}: ", path.display());
        said.strip_prefix(&prefix).map_or(said.clone(), str::to_string)
    })?;
    check(&backup.backup, &backup.hash).map_err(|problem| format!("it holds a value prepdeck cannot use ({problem})"))
}

/// Syncs the database with the folder `dir`: merges what the other machines wrote there,
/// then writes this machine's file. `now` dates the file and says the day due dates are
/// recomputed for. With `dry_run` nothing is written, and the report says what would be.
/// `on_file` is called before each file is read.
pub fn sync(
    store: &mut Store,
    dir: &Path,
    now: &crate::clock::Now,
    dry_run: bool,
    on_file: &mut dyn FnMut(&str),
) -> Result<SyncReport> {
    let folder = check_folder(dir, store.path())?;
    let mut machine = store.machine()?;
    let names = sync_files(dir, &folder)?;
    let renamed_from = own_name_taken(store, &folder, &machine, &names)?;
    let mut report = SyncReport {
        folder: dir.display().to_string(),
        machine: machine.clone(),
        renamed_from: renamed_from.clone(),
        files: Vec::new(),
        rescheduled: 0,
        wrote: None,
        dry_run,
    };
    let mut changed = MergeOutcome::default();
    for name in &names {
        let Some(from) = machine_of(name) else {
            continue;
        };
        if from == machine && renamed_from.is_none() {
            continue;
        }
        on_file(name);
        let (file, outcome) = sync_file(store, &folder, name, from, dry_run)?;
        report.files.push(file);
        if let Some(outcome) = outcome {
            changed.rules_changed.extend(&outcome.rules_changed);
            changed.settings_changed |= outcome.settings_changed;
        }
    }
    if renamed_from.is_some() && !dry_run {
        machine = store.new_machine()?;
        report.machine.clone_from(&machine);
    }
    if dry_run {
        return Ok(report);
    }
    changed.rules_changed.sort_unstable();
    changed.rules_changed.dedup();
    report.rescheduled = recompute_after(store, &changed, now.today())?;
    report.wrote = write_own(store, &folder, &machine, now)?;
    Ok(report)
}

/// The names of the folder's sync files, in order.
fn sync_files(dir: &Path, folder: &Path) -> Result<Vec<String>> {
    let mut names: Vec<String> = fs::read_dir(folder)
        .map_err(|e| Error::io(format!("{}: cannot list the folder", dir.display()), e))?
        .filter_map(std::result::Result::ok)
        .filter_map(|entry| entry.file_name().to_str().map(str::to_string))
        .filter(|name| machine_of(name).is_some())
        .collect();
    names.sort();
    Ok(names)
}

/// A file of this machine's name that this database did not write: another database
/// (copied from this one) writes as this machine. It is merged like any other, and this
/// database takes a new name, so the two never write one file; returns the name given up.
/// (A file of this name that does not read, or does not check, is this machine's own file
/// damaged: it is written anew.)
fn own_name_taken(store: &Store, folder: &Path, machine: &str, names: &[String]) -> Result<Option<String>> {
    let own_name = format!("{FILE_PREFIX}{machine}{FILE_SUFFIX}");
    if !names.contains(&own_name) {
        return Ok(None);
    }
    let own = folder.join(&own_name);
    let own_hash = fingerprint(&own).ok();
    let (written_key, _) = written_keys(folder);
    let taken = own_hash.is_some() && own_hash != store.sync_mark(&written_key)? && read_checked(&own).is_ok();
    Ok(taken.then(|| machine.to_string()))
}

/// Merges one other machine's file, `name`, written by `from`, unless it is no file, is
/// what was merged from it last time, or does not read or check (then it is skipped).
/// Returns the report's line and, when it was merged, what the merge did.
fn sync_file(
    store: &mut Store,
    folder: &Path,
    name: &str,
    from: &str,
    dry_run: bool,
) -> Result<(SyncedFile, Option<MergeOutcome>)> {
    let path = folder.join(name);
    let mut file = SyncedFile {
        file: name.to_string(),
        machine: from.to_string(),
        result: FileResult::Unchanged,
        notes: Vec::new(),
    };
    if let Some(what) = crate::file_kind::not_regular_at(&path) {
        file.result = FileResult::Skipped {
            reason: format!("it is {what}, not a file"),
            later: false,
        };
        return Ok((file, None));
    }
    let hash = match fingerprint(&path) {
        Ok(hash) => hash,
        Err(reason) => {
            file.result = FileResult::Skipped { reason, later: true };
            return Ok((file, None));
        }
    };
    if store.sync_mark(&seen_key(from))?.as_deref() == Some(hash.as_str()) {
        return Ok((file, None));
    }
    let checked = match read_checked(&path) {
        Ok(checked) => checked,
        Err(reason) => {
            file.result = FileResult::Skipped { reason, later: true };
            return Ok((file, None));
        }
    };
    let outcome = merge(store, &checked, dry_run, &mut || {})?;
    if !dry_run {
        store.set_sync_mark(&seen_key(from), Some(&hash))?;
    }
    file.result = merged(&outcome);
    file.notes.clone_from(&outcome.notes);
    Ok((file, Some(outcome)))
}

/// Writes this machine's file whole to a temporary file beside it and renames it, so the
/// others never see half of it; not again when its content is what is there. The file is
/// written as it is read from the database, never held whole. Returns the file when it was
/// written.
fn write_own(store: &mut Store, folder: &Path, machine: &str, now: &crate::clock::Now) -> Result<Option<String>> {
    let (written_key, content_key) = written_keys(folder);
    let decks: Vec<DeckId> = store.decks(None)?.into_iter().map(|deck| deck.id).collect();
    // The content's fingerprint leaves out when it was written.
    let mut content = Fnv::default();
    write_backup(store, &decks, true, "", Layout::Compact, &mut content)?;
    let content_hash = content.hex();
    let own = folder.join(format!("{FILE_PREFIX}{machine}{FILE_SUFFIX}"));
    let unchanged = own.is_file()
        && store.sync_mark(&content_key)?.as_deref() == Some(content_hash.as_str())
        && fingerprint(&own).ok() == store.sync_mark(&written_key)?;
    if unchanged {
        return Ok(None);
    }
    let exported_at = now.stamp().to_string();
    let mut written = Fnv::default();
    crate::output::file::write_output(&own, store.path(), |out| {
        let mut out = Fingerprinted {
            out,
            hash: &mut written,
        };
        write_backup(store, &decks, true, &exported_at, Layout::Compact, &mut out)
    })
    .map_err(|e| {
        let why = match &e {
            Error::Io { source, .. } => source.to_string(),
            other => other.to_string(),
        };
        // The other machines' files are merged and committed already: say so, since only
        // the error is printed.
        Error::SyncFolder {
            path: folder.to_path_buf(),
            what: format!(
                "cannot write this machine's file there ({why}); what the other machines wrote is merged, and \
                 this machine's changes reach them once a sync can write there"
            ),
        }
    })?;
    store.set_sync_mark(&written_key, Some(&written.hex()))?;
    store.set_sync_mark(&content_key, Some(&content_hash))?;
    Ok(Some(own.display().to_string()))
}

/// A writer that fingerprints what it passes on.
struct Fingerprinted<'a> {
    out: &'a mut dyn Write,
    hash: &'a mut Fnv,
}

impl Write for Fingerprinted<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(bytes)?;
        self.hash.add(&bytes[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// A file's merge as the report gives it.
fn merged(outcome: &MergeOutcome) -> FileResult {
    FileResult::Merged {
        cards_added: outcome.added.len(),
        reviews_added: outcome.reviews_added,
        values_changed: outcome.values_set.values().sum(),
        removals: outcome.values_removed.values().sum(),
        decks_added: outcome.decks_created,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_files_are_named_after_their_machine() {
        assert_eq!(machine_of("prepdeck-3fa2c19d0e4b7a61.json"), Some("3fa2c19d0e4b7a61"));
        assert_eq!(machine_of("prepdeck-.json"), None);
        assert_eq!(machine_of("prepdeck-Laptop.json"), None);
        assert_eq!(machine_of(".prepdeck-ab.json.x1.prepdeck-tmp"), None);
        assert_eq!(machine_of("prepdeck-ab.sync-conflict-20260301.json"), None);
        assert_eq!(machine_of("notes.json"), None);
    }

    #[test]
    fn the_fingerprint_is_the_one_a_backup_is_read_with() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prepdeck-ab.json");
        let text =
            r#"{"format": "prepdeck-backup", "version": 6, "exported_at": "2026-03-01T09:00:00+00:00", "decks": []}"#;
        fs::write(&path, text).unwrap();
        let read = super::super::file::read(&path, Vec::new(), fs::File::open(&path).unwrap(), 1 << 20).unwrap();
        assert_eq!(fingerprint(&path).unwrap(), read.hash);
        assert_eq!(Fnv::of(text.as_bytes()).hex(), read.hash);
    }
}

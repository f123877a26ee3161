//! SQLite storage, the only place with SQL: opening a database safely (recognising foreign,
//! damaged and newer files without touching them), connection settings, migrations, and
//! one module per table family.

mod anki;
mod backup;
mod cards;
mod check;
mod cues;
mod decks;
mod edits;
mod files;
mod import;
mod migrate;
mod mock_interviews;
mod notes;
mod reviews;
mod search;
mod settings;
mod stats;
mod stories;
mod story_rows;
mod tags;
pub(crate) mod value;
mod values;
pub(crate) mod versions;

use std::fs::{self, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::domain::DeckId;
use crate::error::{Error, Result};
use files::Access;

pub(crate) use anki::read_anki_collection;
pub(crate) use backup::{CardContent, HeldGuids, RestoreCard, RestoreDeck, RestoreWriter};
pub(crate) use cards::CardFilter;
pub(crate) use check::Subject;
pub(crate) use decks::{Deck, DeckLookup, deck_names};
pub(crate) use edits::HandCard;
pub(crate) use import::{DeckChoice, DocumentChooser, KnownDocument, StoredItem};
pub use migrate::LATEST_VERSION;
pub(crate) use mock_interviews::MockHistory;
pub(crate) use notes::{HeldCard, LogRow, NotesWriter};
pub(crate) use reviews::{LogEntry, LoggedReview};
pub(crate) use settings::ChosenSettings;
pub(crate) use stats::DeckAggregates;
pub(crate) use stories::story_name;

/// `PRAGMA application_id` of prepdeck databases ("prep" in ASCII).
const APPLICATION_ID: i64 = 0x7072_6570;

/// How long a writer waits for another prepdeck process before giving up, or, once
/// [`wait_out_other_writers`] is set, before saying that it waits.
const BUSY_TIMEOUT_MS: u64 = 10_000;

/// What this process does once another prepdeck has held the database for
/// [`BUSY_TIMEOUT_MS`] (an import or restore of a large file holds it for as long as it
/// writes, to stay atomic): unset, it gives up with [`Error::Busy`]; set, it calls this
/// once and goes on waiting.
static WAITING_NOTICE: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Whether this process has said it waits.
static TOLD_WAITING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Makes every connection this process opens wait for another prepdeck's write for as
/// long as it takes, calling `notice` once when the wait passes ten seconds (so a grade
/// given during a long restore is recorded after it, never refused).
pub(crate) fn wait_out_other_writers(notice: fn()) {
    let _ = WAITING_NOTICE.set(notice);
}

/// SQLite's busy handler: called with how many times it was called for this lock; pauses
/// briefly and asks SQLite to try again, or gives up after [`BUSY_TIMEOUT_MS`] unless
/// this process waits out other writers.
fn wait_for_lock(attempt: i32) -> bool {
    const PAUSES_MS: [u64; 6] = [1, 2, 5, 10, 20, 50];
    let attempt = usize::try_from(attempt).unwrap_or(0);
    let waited: u64 =
        PAUSES_MS.iter().take(attempt).sum::<u64>() + 100 * attempt.saturating_sub(PAUSES_MS.len()) as u64;
    if waited >= BUSY_TIMEOUT_MS {
        let Some(notice) = WAITING_NOTICE.get() else {
            return false;
        };
        if !TOLD_WAITING.swap(true, std::sync::atomic::Ordering::Relaxed) {
            notice();
        }
    }
    std::thread::sleep(std::time::Duration::from_millis(
        PAUSES_MS.get(attempt).copied().unwrap_or(100),
    ));
    true
}

/// An open prepdeck database.
pub(crate) struct Store {
    conn: Connection,
    path: PathBuf,
    /// This user cannot write the database: reading commands work, writes are refused.
    read_only: bool,
    /// The cues of the decks read so far.
    cues: cues::CueCache,
    /// When the changes this command makes are dated ([`Store::set_clock`]).
    clock: Option<crate::domain::version::Stamp>,
}

/// `AND <column> IN (…)` for a list of deck ids, or nothing for "all decks" (the ids are
/// integers from the database, so writing them into the SQL is safe).
pub(crate) fn deck_filter(column: &str, decks: &[DeckId]) -> String {
    if decks.is_empty() {
        return String::new();
    }
    let ids: Vec<String> = decks.iter().map(DeckId::to_string).collect();
    format!("AND {column} IN ({})", ids.join(","))
}

/// One unit of writing: a transaction of its own, or a savepoint inside a batch.
pub(crate) enum Write<'a> {
    Own(Transaction<'a>),
    Nested(rusqlite::Savepoint<'a>),
}

impl Write<'_> {
    /// Commits, after giving the cards this unit moved their places in their lists. A unit
    /// of its own also works out the cues of the decks it changed; inside a batch that waits
    /// for the batch's commit (a deck fed by many files of one import is worked out once).
    pub(crate) fn commit(self) -> rusqlite::Result<()> {
        cards::renumber_marked_decks(&self)?;
        match self {
            Write::Own(tx) => {
                cues::recue_marked_decks(&tx)?;
                tx.commit()
            }
            Write::Nested(sp) => sp.commit(),
        }
    }

    /// Commits with `keep` (as [`Write::commit`]), or drops every write: a dry run.
    pub(crate) fn finish(self, keep: bool) -> rusqlite::Result<()> {
        if keep { self.commit() } else { self.rollback() }
    }

    pub(crate) fn rollback(self) -> rusqlite::Result<()> {
        match self {
            Write::Own(tx) => tx.rollback(),
            // Dropping a savepoint rolls it back and releases it.
            Write::Nested(sp) => {
                drop(sp);
                Ok(())
            }
        }
    }
}

impl std::ops::Deref for Write<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        match self {
            Write::Own(tx) => tx,
            Write::Nested(sp) => sp,
        }
    }
}

/// Attaches the database path to SQLite errors, for messages that name the file.
pub(crate) trait AtPath<T> {
    fn at(self, path: &Path) -> Result<T>;
}

impl<T> AtPath<T> for rusqlite::Result<T> {
    fn at(self, path: &Path) -> Result<T> {
        self.map_err(|source| classify_sqlite_error(path, source))
    }
}

/// `Ok` for a statement another connection's lock kept from running (and was not needed).
fn tolerate_busy(outcome: rusqlite::Result<()>) -> rusqlite::Result<()> {
    match outcome {
        Err(rusqlite::Error::SqliteFailure(e, _))
            if matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Damage is reported as such, with the file named; other errors pass through.
fn classify_sqlite_error(path: &Path, source: rusqlite::Error) -> Error {
    if let rusqlite::Error::SqliteFailure(err, _) = &source {
        use rusqlite::ErrorCode::{DatabaseBusy, DatabaseCorrupt, DatabaseLocked, NotADatabase};
        if matches!(err.code, DatabaseCorrupt | NotADatabase) {
            return Error::NotOurDatabase {
                path: path.to_path_buf(),
                reason: "the file is damaged".to_string(),
            };
        }
        if matches!(err.code, DatabaseBusy | DatabaseLocked) {
            return Error::Busy {
                path: path.to_path_buf(),
            };
        }
        if err.code == rusqlite::ErrorCode::ReadOnly {
            return Error::ReadOnly {
                path: path.to_path_buf(),
            };
        }
    }
    Error::Database {
        path: path.to_path_buf(),
        source,
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path`, migrating it to the current
    /// schema. A file that is not a prepdeck database, or is from a newer prepdeck, is
    /// refused and left byte-for-byte as it was.
    ///
    /// A database this user cannot write (its file, or its folder where SQLite keeps the
    /// write-ahead log) is opened for reading: reading commands work, and a write is
    /// refused with [`Error::ReadOnly`].
    pub fn open(path: &Path) -> Result<Store> {
        // A pipe would block the first read, and SQLite would put its journal beside a
        // device (in /dev): neither is opened at all.
        if let Some(what) = crate::file_kind::not_regular_at(path) {
            return Err(Error::NotOurDatabase {
                path: path.to_path_buf(),
                reason: format!("it is {what}, not a file"),
            });
        }
        let exists = path.exists();
        let access = if exists {
            files::access_of(path)
        } else {
            create_private(path)?;
            Access::ReadWrite
        };
        if exists {
            inspect_existing(path, access)?;
        }
        if access == Access::ReadWrite {
            files::repair_companion_modes(path)?;
        }
        let conn = files::open_connection(path, access)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            read_only: access != Access::ReadWrite,
            cues: cues::CueCache::default(),
            clock: None,
        };
        store.configure()?;
        let version = migrate::current_version(&store.conn).at(path)?;
        if store.read_only {
            if version < LATEST_VERSION {
                return Err(Error::ReadOnlyNeedsUpgrade {
                    path: path.to_path_buf(),
                    version: LATEST_VERSION,
                });
            }
            return Ok(store);
        }
        if exists && version > 0 && version < LATEST_VERSION {
            files::write_upgrade_copy(&store.conn, path, version)?;
        }
        migrate::run(&mut store.conn, APPLICATION_ID, path)?;
        if exists && version > 0 && version < LATEST_VERSION {
            // An upgrade to schema 11 leaves every deck's cues to be worked out: once,
            // here, rather than by every read until something is written.
            let tx = store
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .at(path)?;
            cues::recue_marked_decks(&tx).at(path)?;
            tx.commit().at(path)?;
        }
        Ok(store)
    }

    /// A fresh database in memory: for tests and dry runs on a machine with no database yet.
    pub fn open_in_memory() -> Result<Store> {
        let path = PathBuf::from(":memory:");
        let mut conn = Connection::open_in_memory().at(&path)?;
        migrate::run(&mut conn, APPLICATION_ID, &path)?;
        conn.pragma_update(None, "foreign_keys", true).at(&path)?;
        Ok(Store {
            conn,
            path,
            read_only: false,
            cues: cues::CueCache::default(),
            clock: None,
        })
    }

    /// Shortens the wait for another process's write lock, for tests of what happens after.
    #[cfg(test)]
    pub(crate) fn set_busy_timeout(&self, wait: std::time::Duration) {
        self.conn.busy_timeout(wait).expect("the busy timeout is set");
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Connection settings, applied outside any transaction (SQLite ignores some inside).
    fn configure(&mut self) -> Result<()> {
        self.conn.busy_handler(Some(wait_for_lock)).at(&self.path)?;
        let conn = &self.conn;
        if !self.read_only {
            // Another prepdeck's first import may be writing through a rollback journal
            // ([`Store::begin_bulk`]) and hold the lock the switch needs: then this
            // connection works with the journal it finds, and that import returns the
            // database to the log when it ends.
            tolerate_busy(conn.pragma_update(None, "journal_mode", "WAL")).at(&self.path)?;
        }
        conn.pragma_update(None, "synchronous", "NORMAL").at(&self.path)?;
        conn.pragma_update(None, "foreign_keys", true).at(&self.path)?;
        // Plans that do not depend on bound values: a cached statement is never prepared
        // again because a date it was given changed (partial indexes would cause that).
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)
            .at(&self.path)?;
        // 16 MB of page cache: a bulk import's hot pages stay in memory.
        conn.pragma_update(None, "cache_size", -16_000).at(&self.path)?;
        conn.pragma_update(None, "temp_store", "MEMORY").at(&self.path)?;
        Ok(())
    }

    /// Starts a unit of writing: its own transaction, which takes the write lock at once
    /// so a concurrent writer waits (busy timeout) instead of failing half-way; or, inside
    /// a batch, a savepoint, so that the unit is still all-or-nothing.
    pub(crate) fn write(&mut self) -> Result<Write<'_>> {
        if self.conn.is_autocommit() {
            self.conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map(Write::Own)
                .at(&self.path)
        } else {
            self.conn.savepoint().map(Write::Nested).at(&self.path)
        }
    }

    /// Starts a bulk import. Into a database without cards (a first import), pages are
    /// written through a rollback journal rather than the write-ahead log: each page goes
    /// into the database once, instead of into the log and then copied over when the
    /// import ends (copying and waiting for the disk cost about a fifth of a first import).
    /// Only while no other connection has the database open (SQLite refuses the switch
    /// otherwise, and the import keeps the log); [`Store::end_bulk`] returns to the log.
    fn begin_bulk(&mut self) -> Result<()> {
        // A bulk import writes many pages: its write-ahead log is copied into the database
        // once, when the import closes it, not every thousand pages (each copy waits for
        // the disk twice).
        self.conn.pragma_update(None, "wal_autocheckpoint", 0).at(&self.path)?;
        let empty: bool = self
            .conn
            .query_row("SELECT NOT EXISTS (SELECT 1 FROM cards)", [], |r| r.get(0))
            .at(&self.path)?;
        if empty && !self.read_only {
            // Every commit waits for the disk, so that no crash can leave a half-written page.
            self.conn.pragma_update(None, "synchronous", "FULL").at(&self.path)?;
            let mode: rusqlite::Result<String> =
                self.conn
                    .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0));
            if !matches!(mode.as_deref(), Ok("delete")) {
                self.conn.pragma_update(None, "synchronous", "NORMAL").at(&self.path)?;
            }
        }
        Ok(())
    }

    /// Ends a bulk import: back to the write-ahead log, as [`Store::open`] sets it.
    fn end_bulk(&mut self) -> Result<()> {
        if self.read_only {
            return Ok(());
        }
        // Everything is committed by now: if another prepdeck holds the database at this
        // moment, the switch waits for the next one to open it.
        tolerate_busy(self.conn.pragma_update(None, "journal_mode", "WAL")).at(&self.path)?;
        self.conn.pragma_update(None, "synchronous", "NORMAL").at(&self.path)
    }

    /// Opens a batch: one transaction around many units of writing (each a savepoint), so a
    /// bulk import pays for one commit, not one per file.
    fn begin_batch(&mut self) -> Result<()> {
        self.conn.execute_batch("BEGIN IMMEDIATE").at(&self.path)
    }

    /// Runs `work` in one write transaction, committed when it succeeds and dropped whole
    /// when it fails: what it reads cannot change under it before it writes. Inside an
    /// open transaction it simply runs in it.
    pub fn atomically<T>(&mut self, work: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return work(self);
        }
        self.begin_batch()?;
        let outcome = work(self);
        let ended = self.end_batch(outcome.is_ok());
        // What went wrong in the work is the story to tell, not a rollback failing after it.
        let value = outcome?;
        ended?;
        Ok(value)
    }

    /// Commits the batch (or, with `keep` false, drops it whole), after working out the
    /// cues of the decks it changed.
    fn end_batch(&mut self, keep: bool) -> Result<()> {
        if self.conn.is_autocommit() {
            return Ok(());
        }
        if keep {
            cues::recue_marked_decks(&self.conn).at(&self.path)?;
        }
        self.conn
            .execute_batch(if keep { "COMMIT" } else { "ROLLBACK" })
            .at(&self.path)
    }

    /// Starts a bulk write, as a large import makes one: see [`BulkWrite`].
    pub fn bulk_write(&mut self) -> Result<BulkWrite<'_>> {
        self.begin_bulk()?;
        self.begin_batch()?;
        Ok(BulkWrite { store: self })
    }

    /// Runs `PRAGMA integrity_check` and `foreign_key_check`; returns each problem found.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check").at(&self.path)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).at(&self.path)?;
        for row in rows {
            let line = row.at(&self.path)?;
            if line != "ok" {
                problems.push(format!("integrity: {line}"));
            }
        }
        for problem in migrate::foreign_key_problems(&self.conn).at(&self.path)? {
            problems.push(format!("foreign key: {problem}"));
        }
        Ok(problems)
    }
}

/// A bulk write: its units of writing (each a savepoint, all or nothing) go in chunks,
/// one transaction and one commit each, so many small files share a wait for the disk;
/// the journal is set for writing much at once until [`BulkWrite::finish`] (see
/// [`Store::begin_bulk`]). Dropped unfinished (its work failed), the open chunk is rolled
/// back.
pub(crate) struct BulkWrite<'s> {
    store: &'s mut Store,
}

impl BulkWrite<'_> {
    /// The store to write through; each unit of writing is a savepoint in the open chunk.
    pub fn store(&mut self) -> &mut Store {
        self.store
    }

    /// Commits the open chunk, runs `meanwhile` with no transaction open (to report what
    /// was committed), then opens the next chunk.
    pub fn commit(&mut self, meanwhile: impl FnOnce() -> Result<()>) -> Result<()> {
        self.store.end_batch(true)?;
        meanwhile()?;
        self.store.begin_batch()
    }

    /// Commits the last chunk, runs `meanwhile`, and puts the journal back as
    /// [`Store::open`] sets it.
    pub fn finish(self, meanwhile: impl FnOnce()) -> Result<()> {
        self.store.end_batch(true)?;
        meanwhile();
        self.store.end_bulk()
    }
}

impl Drop for BulkWrite<'_> {
    fn drop(&mut self) {
        // Unfinished, the work failed: what it wrote since the last commit goes, as it would
        // with the connection's close (its own error is the one to tell). Once finished, no
        // transaction is open and this does nothing.
        let _ = self.store.end_batch(false);
    }
}

/// Creates the database's folder (private to the user) and an empty file (mode 0600), so
/// that SQLite never creates it with looser permissions.
fn create_private(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(dir)
            .map_err(|e| Error::io(format!("{}: cannot create the folder", dir.display()), e))?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let created = match options.open(path) {
        // A symlink to a file not there yet: the file is made where it points, private
        // too (creating it anew refuses the link itself, and SQLite would make it 0644).
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && is_dangling_symlink(path) => {
            options.create_new(false).create(true).open(path)
        }
        other => other,
    };
    match created {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::io(format!("{}: cannot create the database", path.display()), e)),
    }
}

/// Whether `path` is a symlink to nothing.
fn is_dangling_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
        && matches!(fs::metadata(path), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
}

/// Looks at an existing file without changing it: is it SQLite, is it ours, is it from a
/// newer prepdeck?
fn inspect_existing(path: &Path, access: Access) -> Result<()> {
    let refuse = |reason: &str| Error::NotOurDatabase {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    if path.is_dir() {
        return Err(refuse("it is a folder"));
    }
    let mut header = [0u8; 100];
    let read = fs::File::open(path)
        .and_then(|mut f| {
            let mut n = 0;
            while n < header.len() {
                match f.read(&mut header[n..])? {
                    0 => break,
                    k => n += k,
                }
            }
            Ok(n)
        })
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
    if read == 0 {
        return Ok(()); // An empty file: ours to initialise (we may have just created it).
    }
    if read < 100 || &header[..16] != b"SQLite format 3\0" {
        return Err(refuse("not an SQLite database"));
    }
    let newer = |version: i64| Error::NewerSchema {
        path: path.to_path_buf(),
        found: version,
        known: LATEST_VERSION,
    };
    // SQLite's header holds the application id (at byte 68) and the schema version (at
    // 60). While no write-ahead log is pending (each prepdeck leaves none behind), they
    // are the database's own, and a database of ours is known without a connection of
    // its own: a second open, with its log and schema reads, on every command.
    let header_field = |at: usize| {
        i64::from(i32::from_be_bytes([
            header[at],
            header[at + 1],
            header[at + 2],
            header[at + 3],
        ]))
    };
    if header_field(68) == APPLICATION_ID && !log_pending(path) {
        let version = header_field(60);
        return if version > LATEST_VERSION {
            Err(newer(version))
        } else {
            Ok(())
        };
    }
    let mut conn = files::open_connection(
        path,
        if access == Access::ReadWrite {
            Access::ReadOnly
        } else {
            access
        },
    )?;
    conn.busy_handler(Some(wait_for_lock)).at(path)?;
    // One statement, so one snapshot: read one by one, another prepdeck creating the
    // database could commit in between, and its tables would be seen without its id.
    let (application_id, version, tables): (i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id()),
                    (SELECT user_version FROM pragma_user_version()),
                    (SELECT count(*) FROM sqlite_schema WHERE type = 'table')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .at(path)?;
    if application_id != APPLICATION_ID && !(application_id == 0 && version == 0 && tables == 0) {
        return Err(refuse("it is another program's SQLite database"));
    }
    if version > LATEST_VERSION {
        return Err(newer(version));
    }
    Ok(())
}

/// Whether the database's write-ahead log holds anything (pages the file's header may not
/// show yet).
fn log_pending(path: &Path) -> bool {
    let mut log = path.as_os_str().to_owned();
    log.push("-wal");
    fs::metadata(log).is_ok_and(|meta| meta.len() > 0)
}

/// The files SQLite and prepdeck keep beside a database: none of them may be overwritten
/// by anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DatabaseFile {
    Database,
    WriteAheadLog,
    SharedMemory,
    Journal,
    /// The copy made before a schema upgrade (`prepdeck.db.v3.bak`), or one being written.
    UpgradeCopy,
}

impl DatabaseFile {
    /// Which of the database's files `name` is, for the database file named `database`.
    #[must_use]
    pub fn of(database: &std::ffi::OsStr, name: &std::ffi::OsStr) -> Option<DatabaseFile> {
        let (Some(database), Some(name)) = (database.to_str(), name.to_str()) else {
            return (database == name).then_some(DatabaseFile::Database);
        };
        let rest = name.strip_prefix(database)?;
        match rest {
            "" => Some(DatabaseFile::Database),
            "-wal" => Some(DatabaseFile::WriteAheadLog),
            "-shm" => Some(DatabaseFile::SharedMemory),
            "-journal" => Some(DatabaseFile::Journal),
            _ => {
                let version = rest.strip_prefix(".v")?;
                let digits = version.find(|c: char| !c.is_ascii_digit()).unwrap_or(version.len());
                let after = &version[digits..];
                (digits > 0 && (after == ".bak" || after == UPGRADE_COPY_PARTIAL)).then_some(DatabaseFile::UpgradeCopy)
            }
        }
    }

    /// What the file is, for a sentence: "the database's write-ahead log".
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            DatabaseFile::Database => "the prepdeck database",
            DatabaseFile::WriteAheadLog => "the prepdeck database's write-ahead log",
            DatabaseFile::SharedMemory => "the prepdeck database's shared-memory index",
            DatabaseFile::Journal => "the prepdeck database's rollback journal",
            DatabaseFile::UpgradeCopy => "the copy of the prepdeck database made before an upgrade",
        }
    }
}

/// The name ending of an upgrade copy while it is being written.
const UPGRADE_COPY_PARTIAL: &str = ".bak.partial";

/// Where the copy of a database of schema `version` is kept before it is upgraded.
#[must_use]
pub(crate) fn upgrade_copy_path(database: &Path, version: i64) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(format!(".v{version}.bak"));
    PathBuf::from(name)
}

/// The database path: `--db` when given, else `PREPDECK_DB`, else the platform data
/// directory. A path that would keep nothing (empty, or SQLite's `:memory:`) is misuse.
pub(crate) fn database_path(flag: Option<PathBuf>, env: Option<PathBuf>) -> Result<PathBuf> {
    let Some(path) = flag.or(env) else {
        return dirs::data_dir()
            .map(|dir| dir.join("prepdeck").join("prepdeck.db"))
            .ok_or(Error::NoDataDir);
    };
    if path.as_os_str().is_empty() {
        return Err(Error::Usage(
            "the database path is empty: give --db PATH the path of a database file".to_string(),
        ));
    }
    if path.as_os_str() == ":memory:" {
        return Err(Error::Usage(
            "\":memory:\" keeps nothing once the command ends: give the path of a database file".to_string(),
        ));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deck_store(dir: &Path) -> Store {
        let mut store = Store::open(&dir.join("atomic.db")).unwrap();
        crate::import::add_test_profile(
            &mut store,
            "# Company Profile: Test Co\n## Common Questions\n- One?\n",
            "/t.md",
        );
        store
    }

    #[test]
    fn atomic_work_keeps_other_writers_out_until_it_ends() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = deck_store(dir.path());
        let other = rusqlite::Connection::open(dir.path().join("atomic.db")).unwrap();
        other.busy_timeout(std::time::Duration::ZERO).unwrap();
        store
            .atomically(|store| {
                let deck = store.find_deck("test")?;
                let interview = store.deck(deck)?.interview;
                assert!(
                    other.execute("UPDATE cards SET due = '2026-01-01'", []).is_err(),
                    "a write slipped in between what the work read and what it writes"
                );
                store.set_interview(deck, interview)
            })
            .unwrap();
        assert_eq!(other.execute("UPDATE cards SET due = '2026-01-01'", []).unwrap(), 1);
    }

    #[test]
    fn atomic_work_that_fails_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = deck_store(dir.path());
        let deck = store.find_deck("test").unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 5, 1);
        let failed = store.atomically(|store| {
            store.set_interview(deck, day)?;
            Err::<(), _>(Error::DeckGone(deck))
        });
        assert!(failed.is_err());
        assert_eq!(
            store.deck(deck).unwrap().interview,
            None,
            "the date went with the failure"
        );
        store.atomically(|store| store.set_interview(deck, day)).unwrap();
        assert_eq!(store.deck(deck).unwrap().interview, day);
    }
}

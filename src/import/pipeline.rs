//! An `import` end to end: every path expanded to the files it names, a reader thread
//! loading and parsing them while this one writes them, the writes committed in chunks
//! (each file a savepoint of its own, so it is still imported whole or not at all), and
//! each file told only once its chunk is committed: what is said to be imported is in the
//! database.

use std::path::{Path, PathBuf};

use chrono::FixedOffset;

use super::KnownDocuments;
use super::sources::{Loaded, Source, expand, load};
use super::write::{How, write_loaded};
use crate::domain::Timestamp;
use crate::domain::card::GuidSource;
use crate::error::{Error, Result};
use crate::report::import::{FileReport, ImportReport, Problem};
use crate::store::Store;
use crate::ui::progress::Progress;
use crate::ui::safe_line;

/// One `import`: what to read, and how to write it.
pub struct Request<'a> {
    pub paths: &'a [PathBuf],
    /// `--deck`, cleaned.
    pub deck_flag: Option<&'a str>,
    pub dry_run: bool,
    pub prune: bool,
    pub stamp: &'a Timestamp,
    pub today: chrono::NaiveDate,
    /// The user's UTC offset, for the days of another tool's review times.
    pub offset: FixedOffset,
}

/// What an import tells as it goes, each with the progress bars lifted.
pub enum Told<'a> {
    /// A file whose chunk is committed (in a dry run, one that was gone through).
    Imported(&'a FileReport),
    /// A file inside a folder that gave no cards, and why.
    Skipped(&'a Error),
}

/// The whole import: its report, and the errors of the paths that failed (each also in
/// the report).
pub struct Imported {
    pub report: ImportReport,
    pub errors: Vec<Error>,
}

/// Imports every path of `request`, telling each file as it is committed.
pub fn run(
    store: &mut Store,
    request: &Request<'_>,
    guids: &mut GuidSource,
    progress: &Progress,
    tell: impl FnMut(Told<'_>) -> Result<()>,
) -> Result<Imported> {
    let mut run = Run {
        imported: Imported {
            report: ImportReport {
                dry_run: request.dry_run,
                files: Vec::new(),
                skipped: Vec::new(),
                failed: Vec::new(),
            },
            errors: Vec::new(),
        },
        per_path: vec![0; request.paths.len()],
        from_folder: vec![false; request.paths.len()],
        written: Vec::new(),
        progress,
        tell,
    };
    // Every file to read, with the index of the path it came from.
    let mut jobs: Vec<(usize, Source)> = Vec::new();
    for (given_index, given) in request.paths.iter().enumerate() {
        match expand(given) {
            Ok(sources) => jobs.extend(sources.into_iter().map(|s| (given_index, s))),
            Err(e) => run.fail(given, e),
        }
    }
    let files_bar = (jobs.len() > 1).then(|| progress.bar(jobs.len(), "importing", "files"));
    let how = How {
        deck_flag: request.deck_flag,
        dry_run: request.dry_run,
        prune: request.prune,
        stamp: request.stamp,
        today: request.today,
        progress,
    };
    // The two cores each do half the work: a reader thread loads and parses files while
    // this one writes them.
    std::thread::scope(|scope| -> Result<()> {
        let (send, receive) = std::sync::mpsc::sync_channel::<(usize, &Source, Result<Loaded>)>(16);
        let jobs = &jobs;
        let offset = request.offset;
        scope.spawn(move || {
            for (given_index, source) in jobs {
                if send.send((*given_index, source, load(source, offset))).is_err() {
                    break;
                }
            }
        });
        let mut bulk = store.bulk_write()?;
        let mut chunk = Chunk::default();
        let mut known = KnownDocuments::default();
        for (given_index, source, loaded) in receive {
            run.from_folder[given_index] |= source.in_folder;
            if let Some(bar) = &files_bar {
                bar.set_message(safe_line(&source.path.display().to_string()).into_owned());
            }
            let outcome = loaded.and_then(|loaded| write_loaded(bulk.store(), source, loaded, &how, guids, &mut known));
            if let Some(bar) = &files_bar {
                bar.inc(1);
            }
            match outcome {
                Ok(file) => {
                    crate::crash::point("import.file");
                    chunk.add(file.items());
                    run.written.push((given_index, file));
                }
                // Not this file's fault: no other file would fare better.
                Err(e @ Error::ReadOnly { .. }) => return Err(e),
                Err(e) if source.in_folder => run.skip(&source.path, &e)?,
                Err(e) => run.fail(&source.path, e),
            }
            if chunk.is_full() {
                bulk.commit(|| {
                    crate::crash::point("import.chunk");
                    run.tell_written()
                })?;
                chunk = Chunk::default();
            }
        }
        bulk.finish(|| crate::crash::point("import.chunk"))?;
        run.tell_written()
    })?;
    if let Some(bar) = &files_bar {
        progress.done(bar);
    }
    for (given_index, given) in request.paths.iter().enumerate() {
        if run.from_folder[given_index] && run.per_path[given_index] == 0 {
            run.fail(given, Error::FolderYieldedNothing(given.clone()));
        }
    }
    Ok(run.imported)
}

/// An import under way: what it has to say so far.
struct Run<'p, F> {
    imported: Imported,
    /// For each path given: the files imported from it, and whether it was a folder.
    per_path: Vec<usize>,
    from_folder: Vec<bool>,
    /// Files written and not yet told (their chunk is not committed), each with the index
    /// of the path it came from.
    written: Vec<(usize, FileReport)>,
    progress: &'p Progress,
    tell: F,
}

impl<F: FnMut(Told<'_>) -> Result<()>> Run<'_, F> {
    /// Tells the files written, once their chunk is committed.
    fn tell_written(&mut self) -> Result<()> {
        for (given_index, file) in std::mem::take(&mut self.written) {
            self.per_path[given_index] += 1;
            crate::crash::point("import.report");
            self.progress.suspend(|| (self.tell)(Told::Imported(&file)))?;
            self.imported.report.files.push(file);
        }
        Ok(())
    }

    /// A file inside a folder that gave no cards: told, and in the report.
    fn skip(&mut self, path: &Path, e: &Error) -> Result<()> {
        self.progress.suspend(|| (self.tell)(Told::Skipped(e)))?;
        self.imported.report.skipped.push(problem(path, e));
        Ok(())
    }

    /// A path that failed: in the report, and among the errors.
    fn fail(&mut self, path: &Path, e: Error) {
        self.imported.report.failed.push(problem(path, &e));
        self.imported.errors.push(e);
    }
}

fn problem(path: &Path, e: &Error) -> Problem {
    Problem {
        path: path.display().to_string(),
        error: e.to_string(),
    }
}

/// What the open chunk of an import holds so far. A chunk is committed once it holds
/// [`CHUNK_FILES`] files or [`CHUNK_ITEMS`] items, whichever comes first: a grade given
/// meanwhile waits for one chunk at most, and what is reported when depends on the files
/// alone, never on how fast the machine is.
#[derive(Default)]
struct Chunk {
    files: usize,
    items: usize,
}

/// Files in one chunk: many small files share a commit (each waits for the disk).
const CHUNK_FILES: usize = 100;
/// Items (cards added, changed, restored, retired or found unchanged) in one chunk: it is
/// committed after the file that takes it to this many.
const CHUNK_ITEMS: usize = 5_000;

impl Chunk {
    /// Counts one more file, of `items` items.
    fn add(&mut self, items: usize) {
        self.files += 1;
        self.items += items;
    }

    fn is_full(&self) -> bool {
        self.files >= CHUNK_FILES || self.items >= CHUNK_ITEMS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunk_is_full_at_a_hundred_files_or_five_thousand_items() {
        let mut chunk = Chunk::default();
        for _ in 0..CHUNK_FILES - 1 {
            chunk.add(1);
        }
        assert!(!chunk.is_full());
        chunk.add(1);
        assert!(chunk.is_full());
        let mut chunk = Chunk::default();
        chunk.add(CHUNK_ITEMS - 1);
        assert!(!chunk.is_full());
        chunk.add(1);
        assert!(chunk.is_full());
        assert_eq!((CHUNK_FILES, CHUNK_ITEMS), (100, 5_000));
    }
}

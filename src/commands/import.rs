//! `prepdeck import`: files and folders of profiles into decks, one transaction per file,
//! with a report of what was added, changed, restored and retired.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::{Context, emit, emit_json};
use crate::cli::ImportArgs;
use crate::domain::card::GuidSource;
use crate::domain::{DeckId, Kind};
use crate::error::{Error, Result};
use crate::import::notes::{NotesImport, import_notes};
use crate::import::restore::restore;
use crate::import::sources::{Loaded, Source, expand, load};
use crate::import::{DocumentImport, ImportOptions, ImportOutcome, ItemChange, KnownDocuments, import_document_with};
use crate::interchange::CardSet;
use crate::profile::{Profile, Reading};
use crate::store::{Backup, Store};
use crate::study::reschedule::{Recompute, after_model_change, reschedule_decks};
use crate::ui::progress::Progress;
use crate::ui::{Tone, agreeing, count, prefixed, safe, safe_line, wrap};

#[derive(Serialize)]
struct FileReport {
    path: String,
    deck: String,
    deck_created: bool,
    named_by: &'static str,
    format: &'static str,
    /// What the document was read as, in one line (`question bank: 412 questions, …`).
    read_as: String,
    /// The same, in parts.
    shape: ShapeJson,
    notes: Vec<String>,
    added: Vec<ItemJson>,
    changed: Vec<ChangeJson>,
    restored: Vec<ItemJson>,
    retired: Vec<ItemJson>,
    unchanged: usize,
}

/// What a document was read as: a company profile, a question bank (with its counts),
/// or a backup.
#[derive(Serialize)]
struct ShapeJson {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    questions: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    answered: Option<usize>,
    /// Questions of each way of writing them (`question headings`, `<details> blocks`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    written_as: BTreeMap<&'static str, usize>,
    /// What was left out: table-of-contents entries, back-to-top links, badges, front
    /// matter or MDX, repeated questions.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    skipped: BTreeMap<&'static str, usize>,
}

impl ShapeJson {
    fn of(reading: &Reading) -> ShapeJson {
        match reading {
            Reading::Profile { contents_skipped } => ShapeJson {
                kind: "company profile",
                questions: None,
                answered: None,
                written_as: BTreeMap::new(),
                skipped: [("table of contents", *contents_skipped)]
                    .into_iter()
                    .filter(|(_, n)| *n > 0)
                    .collect(),
            },
            Reading::Bank(bank) => {
                let s = &bank.skipped;
                let skipped = [
                    ("table of contents", s.contents),
                    ("navigation links", s.navigation),
                    ("badges", s.badges),
                    ("front matter and mdx", s.markup),
                    ("repeated questions", s.repeats),
                ]
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .collect();
                ShapeJson {
                    kind: "question bank",
                    questions: Some(bank.questions),
                    answered: Some(bank.answered),
                    written_as: bank.shapes.iter().map(|(shape, n)| (shape.describe(), *n)).collect(),
                    skipped,
                }
            }
        }
    }
}

#[derive(Serialize)]
struct ItemJson {
    kind: Kind,
    text: String,
}

#[derive(Serialize)]
struct ChangeJson {
    kind: Kind,
    from: String,
    to: String,
}

#[derive(Serialize)]
struct Problem {
    path: String,
    error: String,
}

#[derive(Serialize)]
struct Report {
    dry_run: bool,
    files: Vec<FileReport>,
    /// Files inside folders that yielded no cards.
    skipped: Vec<Problem>,
    /// Paths that failed.
    failed: Vec<Problem>,
}

pub fn run(args: &ImportArgs, ctx: &Context) -> Result<()> {
    let deck_flag = args
        .deck
        .as_deref()
        .map(|name| crate::names::typed(name, "deck", "--deck needs a name that is not empty"))
        .transpose()?;
    // A dry run on a machine with no database yet must not create one.
    let mut store = if args.dry_run && !ctx.db.exists() {
        Store::open_in_memory()?
    } else {
        ctx.store()?
    };
    let stamp = ctx.now.stamp();
    let mut guids = ctx.guids();
    let mut report = Report {
        dry_run: args.dry_run,
        files: Vec::new(),
        skipped: Vec::new(),
        failed: Vec::new(),
    };
    let mut errors: Vec<Error> = Vec::new();

    // Every file to read, with the index of the path it came from.
    let mut jobs: Vec<(usize, Source)> = Vec::new();
    for (given_index, given) in args.paths.iter().enumerate() {
        match expand(given) {
            Ok(sources) => jobs.extend(sources.into_iter().map(|s| (given_index, s))),
            Err(e) => {
                report.failed.push(problem(given, &e));
                errors.push(e);
            }
        }
    }
    let mut imported = vec![0usize; args.paths.len()];
    let mut from_folder = vec![false; args.paths.len()];
    let progress = Progress::new(!args.json);
    let files_bar = (jobs.len() > 1).then(|| progress.bar(jobs.len(), "importing", "files"));

    // A reader thread loads and parses files while this one writes them: the two cores
    // each do half the work. Writes go in chunks (one commit per chunk), each file a
    // savepoint of its own so it is still imported whole or not at all. A file is reported
    // only once its chunk is committed: what was said to be imported is in the database.
    let mut written: Vec<(usize, FileReport)> = Vec::new();
    let mut publish = |written: &mut Vec<(usize, FileReport)>, report: &mut Report| -> Result<()> {
        for (given_index, file) in written.drain(..) {
            imported[given_index] += 1;
            crate::crash::point("import.report");
            if !args.json {
                progress.suspend(|| emit(&render_file(&file, args.dry_run, ctx)))?;
            }
            report.files.push(file);
        }
        Ok(())
    };
    std::thread::scope(|scope| -> Result<()> {
        let (send, receive) = std::sync::mpsc::sync_channel::<(usize, &Source, Result<Loaded>)>(16);
        let jobs = &jobs;
        let offset = *ctx.now.at.offset();
        scope.spawn(move || {
            for (given_index, source) in jobs {
                if send.send((*given_index, source, load(source, offset))).is_err() {
                    break;
                }
            }
        });
        store.begin_bulk()?;
        store.begin_batch()?;
        let mut chunk = Chunk::default();
        let mut known = KnownDocuments::default();
        for (given_index, source, loaded) in receive {
            from_folder[given_index] |= source.in_folder;
            if let Some(bar) = &files_bar {
                bar.set_message(safe_line(&source.path.display().to_string()).into_owned());
            }
            let outcome = loaded.and_then(|loaded| {
                let how = How {
                    deck_flag: deck_flag.as_deref(),
                    dry_run: args.dry_run,
                    prune: args.prune,
                    stamp: &stamp,
                    today: ctx.now.today(),
                    progress: &progress,
                };
                write_loaded(&mut store, source, loaded, &how, &mut guids, &mut known)
            });
            if let Some(bar) = &files_bar {
                bar.inc(1);
            }
            match outcome {
                Ok(file) => {
                    crate::crash::point("import.file");
                    chunk.add(file.items());
                    written.push((given_index, file));
                }
                // Not this file's fault: no other file would fare better.
                Err(e @ Error::ReadOnly { .. }) => return Err(e),
                Err(e) if source.in_folder => {
                    if !args.json {
                        progress.suspend(|| eprintln!("prepdeck: skipped {}", safe_line(&e.to_string())));
                    }
                    report.skipped.push(problem(&source.path, &e));
                }
                Err(e) => {
                    report.failed.push(problem(&source.path, &e));
                    errors.push(e);
                }
            }
            if chunk.is_full() {
                store.end_batch(true)?;
                crate::crash::point("import.chunk");
                publish(&mut written, &mut report)?;
                store.begin_batch()?;
                chunk = Chunk::default();
            }
        }
        store.end_batch(true)?;
        crate::crash::point("import.chunk");
        store.end_bulk()?;
        publish(&mut written, &mut report)
    })?;
    if let Some(bar) = &files_bar {
        progress.done(bar);
    }

    for (given_index, given) in args.paths.iter().enumerate() {
        if from_folder[given_index] && imported[given_index] == 0 {
            let e = Error::FolderYieldedNothing(given.clone());
            report.failed.push(problem(given, &e));
            errors.push(e);
        }
    }

    if args.json {
        emit_json(&report)?;
    } else if report.files.len() > 1 {
        emit(&render_total(&report, ctx))?;
    }
    finish(errors, args.paths.len(), args.json)
}

/// One failing path: its own error. Several paths: each failure on its own line, then a
/// count (what succeeded stays imported).
fn finish(mut errors: Vec<Error>, total: usize, json: bool) -> Result<()> {
    match errors.len() {
        0 => Ok(()),
        1 if total == 1 => Err(errors.remove(0)),
        failed => {
            if !json {
                for e in &errors {
                    eprintln!("prepdeck: {}", safe_line(&e.to_string()));
                }
            }
            Err(Error::SomeImportsFailed { failed, total })
        }
    }
}

fn problem(path: &Path, e: &Error) -> Problem {
    Problem {
        path: path.display().to_string(),
        error: e.to_string(),
    }
}

/// "1 card had" / "3 cards had".
fn count_had(n: usize) -> String {
    format!("{} had", count(n, "card"))
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

/// How every file of one `import` is written.
struct How<'a> {
    /// `--deck`, cleaned.
    deck_flag: Option<&'a str>,
    dry_run: bool,
    prune: bool,
    stamp: &'a str,
    today: chrono::NaiveDate,
    progress: &'a Progress,
}

/// Writes one loaded file into the store, all or nothing. `known` follows the documents
/// imported so far (a backup or another tool's notes may bring documents of their own:
/// it reads them all again after one).
fn write_loaded(
    store: &mut Store,
    source: &Source,
    loaded: Loaded,
    how: &How<'_>,
    guids: &mut GuidSource,
    known: &mut KnownDocuments,
) -> Result<FileReport> {
    let How {
        deck_flag,
        dry_run,
        prune,
        stamp,
        ..
    } = *how;
    let path = &source.path;
    let (profile, hash) = match loaded {
        // A backup names its decks itself, perhaps several: --deck has nothing to choose.
        Loaded::Backup(_) if deck_flag.is_some() => return Err(Error::DeckFlagOnBackup(path.clone())),
        Loaded::Backup(backup) => {
            known.forget();
            return restore_backup(store, path, &backup, how);
        }
        Loaded::Notes { set, hash } => {
            known.forget();
            return write_notes(store, path, &set, &hash, how, guids);
        }
        Loaded::Profile { profile, hash } => (profile, hash),
    };
    let (company, cut_from) = crate::names::shortened(&profile.company);
    let identity = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
    let identity = identity.to_string_lossy();
    let outcome = import_document_with(
        store,
        &DocumentImport {
            deck: &company,
            deck_flag,
            path: &identity,
            content_hash: &hash,
            items: &profile.items,
            notes: &profile.notes,
            stamp,
        },
        guids,
        ImportOptions { dry_run, prune },
        known,
    )?;
    let mut report = file_report(path, &profile, deck_flag.is_some(), prune, outcome);
    if let Some(chars) = cut_from
        && report.deck_created
        && report.deck == company
    {
        report.notes.push(crate::names::shortened_note("deck", chars));
    }
    Ok(report)
}

/// Writes another tool's notes (an Anki package, a spreadsheet), all or nothing.
fn write_notes(
    store: &mut Store,
    path: &Path,
    set: &CardSet,
    hash: &str,
    how: &How<'_>,
    guids: &mut GuidSource,
) -> Result<FileReport> {
    let identity = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let stem = path
        .file_stem()
        .map(|s| crate::names::shortened(&s.to_string_lossy()).0)
        .unwrap_or_default();
    let model = store.fsrs_model()?;
    let outcome = import_notes(
        store,
        &NotesImport {
            set,
            path: &identity.to_string_lossy(),
            content_hash: hash,
            deck_flag: how.deck_flag,
            file_deck: if stem.is_empty() { "imported" } else { &stem },
            stamp: how.stamp,
        },
        guids,
        &model,
        how.dry_run,
    )?;
    let mut notes = Vec::new();
    if outcome.reviews_added > 0 {
        notes.push(format!("brought in {}", count(outcome.reviews_added, "logged review")));
    }
    let item = |change: ItemChange| ItemJson {
        kind: change.kind,
        text: change.text,
    };
    Ok(FileReport {
        path: path.display().to_string(),
        deck: outcome.decks.join(", "),
        deck_created: outcome.decks_created > 0,
        named_by: outcome.named_by,
        format: set.shape.format(),
        read_as: set.summary(),
        shape: ShapeJson {
            kind: set.shape.format(),
            questions: Some(set.notes.len()),
            answered: None,
            written_as: BTreeMap::new(),
            skipped: BTreeMap::new(),
        },
        notes,
        added: outcome.added.into_iter().map(item).collect(),
        changed: outcome
            .changed
            .into_iter()
            .map(|edit| ChangeJson {
                kind: edit.kind,
                from: edit.from,
                to: edit.to,
            })
            .collect(),
        restored: outcome.restored.into_iter().map(item).collect(),
        retired: outcome.retired.into_iter().map(item).collect(),
        unchanged: outcome.unchanged,
    })
}

/// Restores a JSON backup made by `prepdeck export --format json`, merging it with what
/// the database holds (see `import::restore`).
fn restore_backup(store: &mut Store, path: &Path, backup: &Backup, how: &How<'_>) -> Result<FileReport> {
    let How {
        stamp,
        today,
        dry_run,
        progress,
        ..
    } = *how;
    let cards = backup.decks.iter().map(|d| d.cards.len()).sum();
    let bar = progress.bar(cards, "restoring", "cards");
    let outcome = restore(store, path, backup, stamp, dry_run, &mut || {
        crate::crash::point("restore.card");
        bar.inc(1);
    });
    progress.done(&bar);
    let outcome = outcome?;
    if !dry_run {
        // A backup carries the log, not the FSRS memory derived from it: replay it, and
        // recompute due dates where the restore changed the rules a deck follows. Each deck
        // once, with the most any of these asks of it.
        let model = store.fsrs_model()?;
        let mut plan: BTreeMap<DeckId, Recompute> = if outcome.fsrs_changed {
            after_model_change(store, today)?.into_iter().collect()
        } else {
            BTreeMap::new()
        };
        if outcome.reviews_added > 0 {
            for &deck in &outcome.deck_ids {
                plan.entry(deck).or_insert(Recompute::Memory);
            }
        }
        for &deck in &outcome.reschedule {
            plan.insert(deck, Recompute::DueDates { today });
        }
        reschedule_decks(store, &model, &plan.into_iter().collect::<Vec<_>>())?;
    }
    let mut notes = vec![format!("restored {}", count(outcome.reviews_added, "logged review"))];
    if outcome.merged > 0 {
        let were = agreeing(outcome.merged, "was", "were");
        notes.push(format!(
            "{} {were} already here (same guid, or same kind and text): histories merged",
            count(outcome.merged, "card")
        ));
    }
    if outcome.answers_kept_both > 0 {
        notes.push(format!(
            "{} a different answer here and in the backup: both are kept, the backup's under a marked line",
            count_had(outcome.answers_kept_both)
        ));
    }
    if outcome.tags_added > 0 {
        notes.push(format!(
            "added {} to cards already here",
            count(outcome.tags_added, "tag")
        ));
    }
    if outcome.own_texts_restored > 0 {
        notes.push(format!(
            "restored your own front or back on {}",
            count(outcome.own_texts_restored, "card")
        ));
    }
    if outcome.mock_runs_added > 0 {
        notes.push(format!(
            "restored {}",
            count(outcome.mock_runs_added, "mock interview run")
        ));
    }
    if outcome.stories_added > 0 {
        notes.push(format!("restored {}", count(outcome.stories_added, "story")));
    }
    if outcome.stories_kept_both > 0 {
        notes.push(format!(
            "{} had a different text here and in the backup: both are kept, the backup's under a marked line",
            count(outcome.stories_kept_both, "story")
        ));
    }
    if outcome.documents_restored > 0 {
        notes.push(format!(
            "restored {}: re-importing that document updates its deck",
            count(outcome.documents_restored, "document link")
        ));
    }
    notes.extend(outcome.notes);
    Ok(FileReport {
        path: path.display().to_string(),
        deck: outcome.decks.join(", "),
        deck_created: outcome.decks_created > 0,
        named_by: "from the backup",
        format: "prepdeck backup",
        read_as: "prepdeck backup".to_string(),
        shape: ShapeJson {
            kind: "prepdeck backup",
            questions: None,
            answered: None,
            written_as: BTreeMap::new(),
            skipped: BTreeMap::new(),
        },
        notes,
        added: outcome
            .added
            .into_iter()
            .map(|change| ItemJson {
                kind: change.kind,
                text: change.text,
            })
            .collect(),
        changed: Vec::new(),
        restored: Vec::new(),
        retired: Vec::new(),
        unchanged: outcome.merged,
    })
}

fn file_report(
    path: &Path,
    profile: &Profile,
    deck_given: bool,
    pruned: bool,
    mut outcome: ImportOutcome,
) -> FileReport {
    let mut notes = Vec::new();
    if let Some(note) = profile.decoding.note() {
        notes.push(note);
    }
    if profile.repaired_mojibake {
        notes.push("repaired mis-decoded characters (mojibake)".to_string());
    }
    if let Some(old) = &outcome.moved_from {
        notes.push(format!(
            "the same document as {}, which is gone from there: its cards carry on here",
            crate::ui::safe_line(old)
        ));
    }
    if let Some(copy) = &outcome.copy_of {
        notes.push(format!(
            "an edited copy of {} ({} of its {} are that document's): into its deck, beside it; \
             --deck NAME puts it elsewhere",
            crate::ui::safe_line(&copy.path),
            copy.shared,
            count(copy.items, "item")
        ));
    }
    if !outcome.unheld.is_empty() {
        let gone = match outcome.gone_documents.as_slice() {
            [] => "no document holds".to_string(),
            [one] => format!("only {}, which is gone, holds", crate::ui::safe_line(one)),
            many => format!("only documents that are gone ({}) hold", many.len()),
        };
        let n = outcome.unheld.len();
        if pruned {
            notes.push(format!(
                "{} retired by --prune: {gone} {}",
                count(n, "card"),
                agreeing(n, "it", "them")
            ));
            outcome.retired.append(&mut outcome.unheld);
        } else {
            notes.push(format!(
                "{} of the deck: {gone} {}; --prune retires {}",
                count(n, "card"),
                agreeing(n, "it", "them"),
                agreeing(n, "it", "them")
            ));
        }
    }
    let item = |change: ItemChange| ItemJson {
        kind: change.kind,
        text: change.text,
    };
    FileReport {
        path: path.display().to_string(),
        deck: outcome.deck,
        deck_created: outcome.deck_created,
        named_by: if deck_given {
            "--deck"
        } else {
            profile.named_by.describe()
        },
        format: profile.format.as_str(),
        read_as: profile.reading.describe(&profile.items),
        shape: ShapeJson::of(&profile.reading),
        notes,
        added: outcome.added.into_iter().map(item).collect(),
        changed: outcome
            .changed
            .into_iter()
            .map(|edit| ChangeJson {
                kind: edit.kind,
                from: edit.from,
                to: edit.to,
            })
            .collect(),
        restored: outcome.restored.into_iter().map(item).collect(),
        retired: outcome.retired.into_iter().map(item).collect(),
        unchanged: outcome.unchanged,
    }
}

impl FileReport {
    /// The items the file's import went through: added, changed, restored, retired or found
    /// unchanged.
    fn items(&self) -> usize {
        self.added.len() + self.changed.len() + self.restored.len() + self.retired.len() + self.unchanged
    }
}

fn counts(file: &FileReport) -> String {
    let mut parts = Vec::new();
    for (n, word) in [
        (file.added.len(), "added"),
        (file.changed.len(), "changed"),
        (file.restored.len(), "restored"),
        (file.retired.len(), "retired"),
        (file.unchanged, "unchanged"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {word}"));
        }
    }
    if parts.is_empty() {
        "nothing to do".to_string()
    } else {
        parts.join(", ")
    }
}

fn render_file(file: &FileReport, dry_run: bool, ctx: &Context) -> String {
    let style = &ctx.style;
    let mut out = String::new();
    let deck_note = if file.deck_created {
        format!(" (new deck, named {})", file.named_by)
    } else {
        String::new()
    };
    let verb = if dry_run { "would import" } else { "imported" };
    out.push_str(&format!(
        "{} {verb} into {}{deck_note}: {}\n",
        safe_line(&file.path),
        style.paint(&safe_line(&file.deck), Tone::Bold),
        counts(file)
    ));
    if file.shape.kind != "prepdeck backup" {
        let line = format!("read as {}", file.read_as);
        out.push_str(&prefixed(
            wrap(&safe(&line), style.width.saturating_sub(4).max(20)),
            "  ",
        ));
    }
    for note in &file.notes {
        out.push_str(&format!("  {} {note}\n", style.paint("note:", Tone::Warn)));
    }
    if dry_run {
        let line = |sign: &str, tone: Tone, kind: Kind, text: &str| {
            format!(
                "  {} {:<13} {}\n",
                style.paint(sign, tone),
                kind.as_str(),
                crate::ui::truncate(&safe(text), style.width.saturating_sub(18))
            )
        };
        for item in &file.added {
            out.push_str(&line("+", Tone::Good, item.kind, &item.text));
        }
        for change in &file.changed {
            out.push_str(&line("~", Tone::Warn, change.kind, &change.to));
            if change.from == change.to {
                // Same wording: the document's answer to it changed.
                out.push_str(&format!(
                    "  {:<15} {}\n",
                    "",
                    style.paint("its answer changed", Tone::Dim)
                ));
                continue;
            }
            out.push_str(&format!(
                "  {:<15} {}\n",
                "",
                style.paint(
                    &format!(
                        "was: {}",
                        crate::ui::truncate(&safe(&change.from), style.width.saturating_sub(23))
                    ),
                    Tone::Dim
                )
            ));
        }
        for item in &file.restored {
            out.push_str(&line("↺", Tone::Accent, item.kind, &item.text));
        }
        for item in &file.retired {
            out.push_str(&line("-", Tone::Bad, item.kind, &item.text));
        }
    }
    out
}

fn render_total(report: &Report, ctx: &Context) -> String {
    let sum = |f: fn(&FileReport) -> usize| report.files.iter().map(f).sum::<usize>();
    let decks: std::collections::BTreeSet<&str> = report.files.iter().map(|f| f.deck.as_str()).collect();
    let text = format!(
        "{} into {}: {} added, {} changed, {} restored, {} retired, {} unchanged{}\n",
        count(report.files.len(), "file"),
        count(decks.len(), "deck"),
        sum(|f| f.added.len()),
        sum(|f| f.changed.len()),
        sum(|f| f.restored.len()),
        sum(|f| f.retired.len()),
        sum(|f| f.unchanged),
        if report.dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    );
    ctx.style.paint(&text, Tone::Bold)
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

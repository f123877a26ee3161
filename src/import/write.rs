//! Writing one loaded file into the store, all or nothing: a profile (its document's
//! items into its deck), another tool's notes, or a backup (merged, then the schedules it
//! changed recomputed); and the report of what became of it.

use std::path::Path;

use super::notes::{NotesImport, import_notes};
use super::sources::{Loaded, Source};
use super::{DocumentImport, ImportOptions, ImportOutcome, ItemChange, ItemEdit, KnownDocuments, import_document_with};
use crate::backup::file::ReadBackup;
use crate::backup::merge::{MergeOutcome, merge, recompute_after, value_notes};
use crate::backup::validate::check;
use crate::domain::Timestamp;
use crate::domain::card::GuidSource;
use crate::error::{Error, Result};
use crate::interchange::CardSet;
use crate::profile::Profile;
use crate::report::import::{BACKUP, ChangeLine, FileReport, ItemLine, Shape};
use crate::store::Store;
use crate::ui::progress::Progress;
use crate::ui::safe_line;
use crate::wording::{agreeing, count};

/// How every file of one `import` is written.
pub struct How<'a> {
    /// `--deck`, cleaned.
    pub deck_flag: Option<&'a str>,
    pub dry_run: bool,
    pub prune: bool,
    pub stamp: &'a Timestamp,
    pub today: chrono::NaiveDate,
    pub progress: &'a Progress,
}

/// Writes one loaded file into the store, all or nothing. `known` follows the documents
/// imported so far (a backup or another tool's notes may bring documents of their own:
/// it reads them all again after one).
pub fn write_loaded(
    store: &mut Store,
    source: &Source,
    loaded: Loaded,
    how: &How<'_>,
    guids: &mut GuidSource,
    known: &mut KnownDocuments,
) -> Result<FileReport> {
    let path = &source.path;
    let (profile, hash) = match loaded {
        // A backup names its decks itself, perhaps several: --deck has nothing to choose.
        Loaded::Backup(_) if how.deck_flag.is_some() => return Err(Error::DeckFlagOnBackup(path.clone())),
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
            deck_flag: how.deck_flag,
            path: &identity,
            content_hash: &hash,
            items: &profile.items,
            notes: &profile.notes,
            stamp: how.stamp,
        },
        guids,
        ImportOptions {
            dry_run: how.dry_run,
            prune: how.prune,
        },
        known,
    )?;
    let mut report = profile_report(path, &profile, how.deck_flag.is_some(), how.prune, outcome);
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
    Ok(FileReport {
        path: path.display().to_string(),
        deck: outcome.decks.join(", "),
        deck_created: outcome.decks_created > 0,
        named_by: outcome.named_by,
        format: set.shape.format(),
        read_as: set.summary(),
        shape: Shape::plain(set.shape.format(), Some(set.notes.len())),
        notes,
        added: items(outcome.added),
        changed: changes(outcome.changed),
        restored: items(outcome.restored),
        retired: items(outcome.retired),
        unchanged: outcome.unchanged,
    })
}

/// Restores a JSON backup made by `prepdeck export --format json` (or written by `sync`):
/// checks every value in it, merges it with what the database holds (see
/// `backup::merge`), then recomputes the decks whose rules it changed.
fn restore_backup(store: &mut Store, path: &Path, read: &ReadBackup, how: &How<'_>) -> Result<FileReport> {
    let checked = check(&read.backup, &read.hash).map_err(|problem| Error::InvalidBackup {
        path: path.to_path_buf(),
        problem: problem.to_string(),
    })?;
    let cards = checked.backup.decks.iter().map(|d| d.cards.len()).sum();
    let bar = how.progress.bar(cards, "restoring", "cards");
    let outcome = merge(store, &checked, how.dry_run, &mut || {
        crate::crash::point("restore.card");
        bar.inc(1);
    });
    how.progress.done(&bar);
    let outcome = outcome?;
    let rescheduled = if how.dry_run {
        0
    } else {
        recompute_after(store, &outcome, how.today)?
    };
    let notes = restore_notes(&outcome, rescheduled);
    Ok(FileReport {
        path: path.display().to_string(),
        deck: outcome.decks.join(", "),
        deck_created: outcome.decks_created > 0,
        named_by: "from the backup",
        format: BACKUP,
        read_as: BACKUP.to_string(),
        shape: Shape::plain(BACKUP, None),
        notes,
        added: outcome.added,
        changed: Vec::new(),
        restored: Vec::new(),
        retired: Vec::new(),
        unchanged: outcome.merged,
    })
}

/// What a restore says besides its counts of cards: the log, cards merged, the values
/// taken, decks rescheduled, mock runs, documents.
fn restore_notes(outcome: &MergeOutcome, rescheduled: usize) -> Vec<String> {
    let mut notes = vec![format!("restored {}", count(outcome.reviews_added, "logged review"))];
    if outcome.merged > 0 {
        let were = agreeing(outcome.merged, "was", "were");
        notes.push(format!(
            "{} {were} already here (same guid, or same kind and text): histories merged",
            count(outcome.merged, "card")
        ));
    }
    notes.extend(value_notes(outcome, "the backup"));
    if rescheduled > 0 {
        notes.push(format!(
            "interview dates or schedulers changed: {} rescheduled as `interview` would",
            count(rescheduled, "card")
        ));
    }
    if outcome.mock_runs_added > 0 {
        notes.push(format!(
            "restored {}",
            count(outcome.mock_runs_added, "mock interview run")
        ));
    }
    if outcome.documents_restored > 0 {
        notes.push(format!(
            "restored {}: re-importing that document updates its deck",
            count(outcome.documents_restored, "document link")
        ));
    }
    notes.extend(outcome.notes.iter().cloned());
    notes
}

/// A profile's import: what it was read as, what became of its items, and what the
/// reading and the matching found worth a note.
fn profile_report(
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
            safe_line(old)
        ));
    }
    if let Some(copy) = &outcome.copy_of {
        notes.push(format!(
            "an edited copy of {} ({} of its {} are that document's): into its deck, beside it; \
             --deck NAME puts it elsewhere",
            safe_line(&copy.path),
            copy.shared,
            count(copy.items, "item")
        ));
    }
    if !outcome.unheld.is_empty() {
        notes.push(unheld_note(&outcome, pruned));
        if pruned {
            outcome.retired.append(&mut outcome.unheld);
        }
    }
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
        shape: Shape::of(&profile.reading),
        notes,
        added: items(outcome.added),
        changed: changes(outcome.changed),
        restored: items(outcome.restored),
        retired: items(outcome.retired),
        unchanged: outcome.unchanged,
    }
}

/// The deck's cards that no document on disk holds: retired by `--prune`, else counted.
fn unheld_note(outcome: &ImportOutcome, pruned: bool) -> String {
    let gone = match outcome.gone_documents.as_slice() {
        [] => "no document holds".to_string(),
        [one] => format!("only {}, which is gone, holds", safe_line(one)),
        many => format!("only documents that are gone ({}) hold", many.len()),
    };
    let n = outcome.unheld.len();
    let them = agreeing(n, "it", "them");
    if pruned {
        format!("{} retired by --prune: {gone} {them}", count(n, "card"))
    } else {
        format!(
            "{} of the deck: {gone} {them}; --prune retires {them}",
            count(n, "card")
        )
    }
}

fn items(changes: Vec<ItemChange>) -> Vec<ItemLine> {
    changes
        .into_iter()
        .map(|change| ItemLine {
            kind: change.kind,
            text: change.text,
        })
        .collect()
}

fn changes(edits: Vec<ItemEdit>) -> Vec<ChangeLine> {
    edits
        .into_iter()
        .map(|edit| ChangeLine {
            kind: edit.kind,
            from: edit.from,
            to: edit.to,
        })
        .collect()
}

//! Bringing another tool's notes (an Anki package, a spreadsheet, Anki's text export) into
//! decks without loss, in one transaction per file.
//!
//! - A note with a GUID (Anki's) is the card with that guid, wherever it is: a re-import
//!   updates its front and back and never makes a second card. A note without one is
//!   paired with its deck's cards by its question, as a profile's items are (an edited
//!   question keeps its card).
//! - Each note goes into the deck the file names for it (`Interview::Systems`), else the
//!   deck this file fed before, else the file's name; `--deck` puts every note in one
//!   deck. A card already in a deck stays there.
//! - Tags are added, never removed (a card's tags may be the user's own).
//! - A note's schedule and log come in with a new card. For a card already here, only
//!   grades it does not have yet are added (a grade is known by the moment it was given),
//!   the log kept in the order grades were given; the card takes the other tool's schedule
//!   when the latest grade is one of those, and keeps its own otherwise. Its FSRS memory is
//!   replayed from the whole log. The user's answers are never touched.
//! - Cards this file held whose note is gone from it are retired (hidden, history kept),
//!   unless another document holds them too.

use std::collections::{BTreeMap, HashSet};

use super::{ItemChange, ItemEdit};
use crate::domain::card::GuidSource;
use crate::domain::{CardId, DeckId, Effect, Kind, LoggedGrade, Origin, Progress};
use crate::error::Result;
use crate::interchange::{CardSet, ForeignNote, ForeignReview, Shape};
use crate::profile::reconcile::{self, Incoming};
use crate::schedule::Rules;
use crate::schedule::fsrs::Model;
use crate::store::{LogRow, NotesWriter, Store};

/// One file's notes to import.
#[derive(Debug, Clone)]
pub struct NotesImport<'a> {
    pub set: &'a CardSet,
    /// The file's canonical path: its identity across re-imports.
    pub path: &'a str,
    pub content_hash: &'a str,
    /// `--deck`, cleaned.
    pub deck_flag: Option<&'a str>,
    /// The deck for notes the file names none for, when it fed none before.
    pub file_deck: &'a str,
    pub stamp: &'a str,
}

/// What importing the notes did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotesOutcome {
    /// The decks the notes went into, in the file's order.
    pub decks: Vec<String>,
    pub decks_created: usize,
    /// How the decks were named: `--deck`, from the file, from the file's name.
    pub named_by: &'static str,
    pub added: Vec<ItemChange>,
    pub changed: Vec<ItemEdit>,
    pub restored: Vec<ItemChange>,
    pub retired: Vec<ItemChange>,
    pub unchanged: usize,
    pub reviews_added: usize,
}

/// The longest guid kept as one (Anki's are ten characters).
const MAX_GUID_CHARS: usize = 100;

/// Imports one file's notes in one transaction. With `dry_run` nothing is written, but the
/// outcome says exactly what would have happened.
pub fn import_notes(
    store: &mut Store,
    import: &NotesImport<'_>,
    guids: &mut GuidSource,
    model: &Model,
    dry_run: bool,
) -> Result<NotesOutcome> {
    let notes = &import.set.notes;
    let writer = store.begin_notes(import.stamp)?;
    let known = writer.documents_of(import.path)?;
    let fed_before = known.first().map(|(_, _, name)| name.clone());
    let mut outcome = NotesOutcome {
        named_by: if import.deck_flag.is_some() {
            "--deck"
        } else if notes.iter().any(|n| n.deck.is_some()) {
            "from the file"
        } else if fed_before.is_some() {
            "as before"
        } else {
            "from the file name"
        },
        ..NotesOutcome::default()
    };
    let default_deck = fed_before.unwrap_or_else(|| import.file_deck.to_string());
    let note_decks = deck_of_each_note(&writer, import, &default_deck, &mut outcome)?;
    let guid_of = usable_guids(notes);
    let mut pairing = Pairing::by_guid(&writer, &guid_of)?;
    let this_file: HashSet<i64> = note_decks.iter().map(|(_, document)| *document).collect();
    let documents = documents_this_file_is(&writer, import.path, &known, &this_file, &pairing.taken)?;
    let held_before = writer.held_by(&documents.all)?;
    for &document in &documents.replaced {
        writer.release_all(document)?;
    }
    pairing.by_question(&writer, notes, &note_decks, &guid_of)?;
    let write = NoteWriting {
        writer: &writer,
        model,
        origin: match import.set.shape {
            Shape::AnkiPackage { .. } | Shape::AnkiCollection | Shape::AnkiText => Origin::Anki,
            Shape::Spreadsheet { .. } => Origin::Grade,
        },
    };
    for (i, note) in notes.iter().enumerate() {
        let card = if let Some((card, shared)) = pairing.paired[i] {
            write.onto(card, shared, note, i, note_decks[i].1, &mut outcome)?
        } else {
            let guid = guid_of[i].map_or_else(|| guids.next_guid(), str::to_string);
            write.new_card(&guid, note, i, note_decks[i], &mut outcome)?
        };
        writer.add_tags(card, &note.tags)?;
    }
    retire_gone(&writer, held_before, &pairing.taken, &documents.all, &mut outcome)?;
    writer.finish(!dry_run)?;
    Ok(outcome)
}

/// Each note's deck and document row, in the notes' order: `--deck`, else the deck the
/// file names for it, else `default_deck`. Decks are made (and said) once each.
fn deck_of_each_note(
    writer: &NotesWriter<'_>,
    import: &NotesImport<'_>,
    default_deck: &str,
    outcome: &mut NotesOutcome,
) -> Result<Vec<(DeckId, i64)>> {
    let mut decks: BTreeMap<String, (DeckId, i64)> = BTreeMap::new();
    let mut note_decks: Vec<(DeckId, i64)> = Vec::with_capacity(import.set.notes.len());
    for note in &import.set.notes {
        let name = import
            .deck_flag
            .map(str::to_string)
            .or_else(|| {
                note.deck
                    .as_deref()
                    .map(|d| crate::names::shortened(d).0)
                    .filter(|n| !n.is_empty())
            })
            .unwrap_or_else(|| default_deck.to_string());
        let key = name.to_lowercase();
        let target = if let Some(target) = decks.get(&key) {
            *target
        } else {
            let deck = writer.deck(&name)?;
            let document = writer.document(deck.id, import.path, import.content_hash)?;
            outcome.decks.push(deck.name);
            outcome.decks_created += usize::from(deck.created);
            decks.insert(key, (deck.id, document));
            (deck.id, document)
        };
        note_decks.push(target);
    }
    Ok(note_decks)
}

/// Each note's guid where it can serve as one: not too long, no control characters, and
/// the first note to carry it.
fn usable_guids(notes: &[ForeignNote]) -> Vec<Option<&str>> {
    let mut seen_guids: HashSet<&str> = HashSet::new();
    notes
        .iter()
        .map(|n| {
            n.guid
                .as_deref()
                .filter(|g| g.chars().count() <= MAX_GUID_CHARS && g.chars().all(|c| !c.is_control()))
                .filter(|g| seen_guids.insert(g))
        })
        .collect()
}

/// Which card each note is, as found so far.
struct Pairing {
    /// By note: the card, and whether the item is unchanged (shared) there.
    paired: Vec<Option<(CardId, bool)>>,
    /// Cards some note is.
    taken: HashSet<CardId>,
}

impl Pairing {
    /// Notes paired by guid, wherever their card is.
    fn by_guid(writer: &NotesWriter<'_>, guid_of: &[Option<&str>]) -> Result<Pairing> {
        let mut pairing = Pairing {
            paired: vec![None; guid_of.len()],
            taken: HashSet::new(),
        };
        for (i, guid) in guid_of.iter().enumerate() {
            if let Some(guid) = guid
                && let Some(card) = writer.card_by_guid(guid)?
            {
                pairing.taken.insert(card);
                pairing.paired[i] = Some((card, false));
            }
        }
        Ok(pairing)
    }

    /// The notes without a guid paired by question with their deck's cards not taken, as
    /// a profile's items are.
    fn by_question(
        &mut self,
        writer: &NotesWriter<'_>,
        notes: &[ForeignNote],
        note_decks: &[(DeckId, i64)],
        guid_of: &[Option<&str>],
    ) -> Result<()> {
        let mut by_deck: BTreeMap<(DeckId, i64), Vec<usize>> = BTreeMap::new();
        for (i, target) in note_decks.iter().enumerate() {
            if self.paired[i].is_none() && guid_of[i].is_none() {
                by_deck.entry(*target).or_default().push(i);
            }
        }
        for ((deck, document), indices) in &by_deck {
            let mut stored = writer.deck_items(*deck, *document)?;
            stored.retain(|c| !self.taken.contains(&c.id));
            let existing = super::existing(&stored);
            let incoming: Vec<Incoming> = indices
                .iter()
                .map(|&i| Incoming {
                    kind: Kind::Question,
                    key: crate::profile::item_key(Kind::Question, &notes[i].front, &notes[i].back),
                })
                .collect();
            for pair in reconcile::plan(&existing, &incoming).paired {
                self.paired[indices[pair.item]] = Some((pair.card, pair.shared));
                self.taken.insert(pair.card);
            }
        }
        Ok(())
    }
}

/// The documents this file is: those of its path and its decks, and those of another
/// file whose cards are mostly this file's notes by guid (the same Anki deck exported
/// again, under another name), which it replaces.
struct Documents {
    all: Vec<i64>,
    replaced: Vec<i64>,
}

fn documents_this_file_is(
    writer: &NotesWriter<'_>,
    path: &str,
    known: &[(i64, DeckId, String)],
    this_file: &HashSet<i64>,
    by_guid: &HashSet<CardId>,
) -> Result<Documents> {
    let by_guid: Vec<CardId> = by_guid.iter().copied().collect();
    let mut same_file: HashSet<i64> = known.iter().map(|(id, _, _)| *id).collect();
    let mut by_path: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (document, other, shared, all) in writer.holders(&by_guid)? {
        if other != path && !same_file.contains(&document) && !this_file.contains(&document) {
            let counts = by_path.entry(other).or_default();
            counts.0 += shared;
            counts.1 += all;
        }
    }
    let mut replaced = Vec::new();
    for (other, (shared, all)) in by_path {
        if shared * 2 >= all.max(1) {
            for (document, _, _) in writer.documents_of(&other)? {
                same_file.insert(document);
                replaced.push(document);
            }
        }
    }
    same_file.extend(this_file);
    Ok(Documents {
        all: same_file.into_iter().collect(),
        replaced,
    })
}

/// Writing notes as cards, with the other tool's schedules and logs.
struct NoteWriting<'w, 't> {
    writer: &'w NotesWriter<'t>,
    model: &'w Model,
    origin: Origin,
}

impl NoteWriting<'_, '_> {
    /// Writes note `i` onto `card`, the card it is (its item unchanged there when
    /// `shared`), held by `document`; merges its log.
    fn onto(
        &self,
        card: CardId,
        shared: bool,
        note: &ForeignNote,
        i: usize,
        document: i64,
        outcome: &mut NotesOutcome,
    ) -> Result<CardId> {
        let before = self.writer.card(card)?;
        if shared || (before.item_text == note.front && before.detail == note.back && !before.retired) {
            self.writer.hold(document, card)?;
            outcome.unchanged += 1;
        } else {
            self.writer
                .update_text(card, document, &note.front, &note.back, i as i64)?;
            if before.retired {
                outcome.restored.push(question(&note.front));
            } else {
                outcome.changed.push(ItemEdit {
                    kind: before.kind,
                    from: before.item_text.clone(),
                    to: note.front.clone(),
                });
            }
        }
        if let Some(schedule) = &note.schedule {
            outcome.reviews_added += merge_schedule(self.writer, &before, schedule, self.model, self.origin)?;
        }
        Ok(card)
    }

    /// Writes note `i` as a new card under `guid` into its deck and document, with its
    /// schedule and log.
    fn new_card(
        &self,
        guid: &str,
        note: &ForeignNote,
        i: usize,
        (deck, document): (DeckId, i64),
        outcome: &mut NotesOutcome,
    ) -> Result<CardId> {
        let card = self
            .writer
            .insert(deck, document, guid, &note.front, &note.back, i as i64)?;
        outcome.added.push(question(&note.front));
        if let Some(schedule) = &note.schedule {
            outcome.reviews_added += schedule.log.len();
            write_new_schedule(self.writer, card, deck, note, self.model, self.origin)?;
        }
        Ok(card)
    }
}

/// Cards this file held whose note is gone: released where another document holds them
/// too, else retired.
fn retire_gone(
    writer: &NotesWriter<'_>,
    held_before: Vec<crate::store::HeldCard>,
    taken: &HashSet<CardId>,
    documents: &[i64],
    outcome: &mut NotesOutcome,
) -> Result<()> {
    for held in held_before {
        if taken.contains(&held.id) {
            continue;
        }
        if held.held_elsewhere {
            writer.release(documents, held.id)?;
        } else if !held.retired {
            let card = writer.card(held.id)?;
            writer.retire(held.id)?;
            outcome.retired.push(ItemChange {
                kind: card.kind,
                text: card.item_text,
            });
        }
    }
    Ok(())
}

fn question(text: &str) -> ItemChange {
    ItemChange {
        kind: Kind::Question,
        text: text.to_string(),
    }
}

/// A new card's schedule and log, as the other tool left them.
fn write_new_schedule(
    writer: &NotesWriter<'_>,
    card: CardId,
    deck: DeckId,
    note: &ForeignNote,
    model: &Model,
    origin: Origin,
) -> Result<()> {
    let Some(schedule) = &note.schedule else {
        return Ok(());
    };
    for review in &schedule.log {
        writer.insert_review(card, deck, review, origin)?;
    }
    let log: Vec<LoggedGrade> = schedule.log.iter().map(logged).collect();
    let progress = Progress {
        memory: memory_of(&log, model),
        ..schedule.progress
    };
    writer.set_progress(card, &progress, schedule.log.len(), Some(schedule.suspended))
}

/// A row of a merged log: one of ours (moved), or one of the other tool's (added).
enum Tail<'a> {
    Ours(&'a LogRow),
    Theirs(&'a ForeignReview),
}

/// Adds the grades of `schedule` a card here lacks, keeping its log in the order grades
/// were given; returns how many were added.
fn merge_schedule(
    writer: &NotesWriter<'_>,
    card: &crate::domain::Card,
    schedule: &crate::interchange::Schedule,
    model: &Model,
    origin: Origin,
) -> Result<usize> {
    let existing = writer.log(card.id)?;
    let known: HashSet<i64> = existing
        .iter()
        .filter(|r| r.origin == origin)
        .filter_map(|r| r.at.map(|at| at.timestamp_millis()))
        .collect();
    let new: Vec<&ForeignReview> = schedule
        .log
        .iter()
        .filter(|r| !known.contains(&r.at.timestamp_millis()))
        .collect();
    if new.is_empty() {
        return Ok(0);
    }
    // Each row of ours at the moment it was given (a stamp that does not read as one stays
    // where it is: it takes the moment of the row before it).
    let mut moments: Vec<i64> = Vec::with_capacity(existing.len());
    for row in &existing {
        let previous = moments.last().copied().unwrap_or(i64::MIN);
        moments.push(row.at.map_or(previous, |at| at.timestamp_millis()).max(previous));
    }
    let first_new = new.iter().map(|r| r.at.timestamp_millis()).min().unwrap_or(i64::MAX);
    let keep = moments.iter().take_while(|&&m| m <= first_new).count();
    // The rows from there on, ours and theirs, by the moment each was given (ours first
    // at the same moment).
    let mut tail: Vec<(i64, u8, Tail<'_>)> = existing[keep..]
        .iter()
        .zip(&moments[keep..])
        .map(|(row, &at)| (at, 0, Tail::Ours(row)))
        .chain(new.iter().map(|r| (r.at.timestamp_millis(), 1, Tail::Theirs(r))))
        .collect();
    tail.sort_by_key(|(at, side, _)| (*at, *side));
    let mut log: Vec<LoggedGrade> = existing[..keep].iter().map(logged_row).collect();
    // Whether the latest schedule-setting grade is one of theirs.
    let mut theirs_last = existing[..keep]
        .iter()
        .rev()
        .find(|r| r.effect == Effect::Review)
        .map(|_| false);
    for (_, _, row) in &tail {
        match row {
            Tail::Ours(row) => {
                writer.move_review_to_end(row.id)?;
                log.push(logged_row(row));
                if row.effect == Effect::Review {
                    theirs_last = Some(false);
                }
            }
            Tail::Theirs(review) => {
                writer.insert_review(card.id, card.deck_id, review, origin)?;
                log.push(logged(review));
                if review.effect == Effect::Review {
                    theirs_last = Some(true);
                }
            }
        }
    }
    let own = card.progress;
    let base = if theirs_last == Some(true) {
        schedule.progress
    } else {
        own
    };
    let progress = Progress {
        first_reviewed: log.first().map(|l| l.day).or(base.first_reviewed),
        memory: memory_of(&log, model),
        ..base
    };
    writer.set_progress(card.id, &progress, log.len(), None)?;
    Ok(new.len())
}

fn logged(review: &ForeignReview) -> LoggedGrade {
    LoggedGrade {
        day: review.day,
        grade: review.grade,
        effect: review.effect,
        recorded: None,
    }
}

fn logged_row(row: &LogRow) -> LoggedGrade {
    LoggedGrade {
        day: row.day,
        grade: row.grade,
        effect: row.effect,
        recorded: None,
    }
}

/// FSRS's memory of a card after its whole log (kept whatever the deck's scheduler).
fn memory_of(log: &[LoggedGrade], model: &Model) -> Option<crate::domain::Memory> {
    crate::schedule::replay(log, &Rules::sm2(None, model)).memory
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::delimited;
    use crate::store::CardFilter;

    fn import(store: &mut Store, text: &str, path: &str) -> NotesOutcome {
        // A new run of guids each time, as each command has.
        static RUN: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let set = delimited::read(text).unwrap().unwrap();
        let model = store.fsrs_model().unwrap();
        let import = NotesImport {
            set: &set,
            path,
            content_hash: "0",
            deck_flag: None,
            file_deck: "sheet",
            stamp: "2026-03-10T09:00:00+00:00",
        };
        let run = RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        import_notes(store, &import, &mut GuidSource::new(run, 0), &model, false).unwrap()
    }

    #[test]
    fn a_sheet_reimported_edits_in_place_and_retires_what_is_gone() {
        let mut store = Store::open_in_memory().unwrap();
        let first = import(
            &mut store,
            "question,answer,tags\nWhy do we need DNS at all?,Names to addresses,net\nExplain TCP congestion control,Windows,net\n",
            "/q.csv",
        );
        assert_eq!(
            (first.added.len(), first.decks.as_slice()),
            (2, ["sheet".to_string()].as_slice())
        );
        let again = import(
            &mut store,
            "question,answer\nWhy do we need the DNS at all?,Names to addresses\nWhat is UDP?,Datagrams\n",
            "/q.csv",
        );
        assert_eq!(again.changed.len(), 1, "{again:?}");
        assert_eq!(again.added.len(), 1);
        assert_eq!(again.retired.len(), 1);
        let cards = store
            .cards(&CardFilter {
                all: true,
                ..CardFilter::default()
            })
            .unwrap();
        assert_eq!(cards[0].item_text, "Why do we need the DNS at all?");
        assert_eq!(cards[0].tags, ["net"], "tags stay");
        assert!(cards[1].retired);
    }
}

//! Writing the notes of another tool's file (an Anki package, a spreadsheet) in one
//! transaction: its decks and its document rows (one per deck it feeds, all with the file's
//! path), the cards it holds, found by guid or as the importer pairs them, their tags,
//! schedules and review logs. The decisions are the importer's (`import::notes`).

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{OptionalExtension, params};

use super::cards::{ONE_CARD_SCOPE, ProgressValues, card_from_row, progress_columns, select_cards};
use super::decks::ensure_deck;
use super::import::{StoredItem, hold};
use super::{AtPath, Store, Write};
use crate::domain::{Card, CardId, DeckId, Effect, Grade, Origin, Progress, Timestamp};
use crate::error::{Error, Result};
use crate::interchange::ForeignReview;

/// The notes of one file being written: everything in one transaction (a savepoint
/// inside a batch), committed by [`NotesWriter::finish`].
pub struct NotesWriter<'s> {
    tx: Write<'s>,
    path: PathBuf,
    stamp: Timestamp,
    /// Tags the file gives are recorded as this machine's changes.
    changer: super::versions::Changer,
}

/// A deck found or made for the file's notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotesDeck {
    pub id: DeckId,
    pub name: String,
    pub created: bool,
}

/// A card the file's documents held before this import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldCard {
    pub id: CardId,
    pub retired: bool,
    /// A document of another file holds it too.
    pub held_elsewhere: bool,
}

/// One row of a card's review log as merging logs reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRow {
    pub id: i64,
    /// The moment it was given, when its stamp reads as one.
    pub at: Option<DateTime<FixedOffset>>,
    pub day: NaiveDate,
    pub grade: Grade,
    pub effect: Effect,
    pub origin: Origin,
}

impl Store {
    /// Starts writing one file's notes.
    pub fn begin_notes(&mut self, stamp: &Timestamp) -> Result<NotesWriter<'_>> {
        let changer = self.changer()?;
        let path = self.path.clone();
        let tx = self.write()?;
        Ok(NotesWriter {
            tx,
            path,
            stamp: stamp.clone(),
            changer,
        })
    }
}

impl NotesWriter<'_> {
    /// The documents imported before from `document` (a canonical path), newest first,
    /// with their decks' ids and names.
    pub fn documents_of(&self, document: &str) -> Result<Vec<(i64, DeckId, String)>> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT d.id, d.deck_id, k.name FROM documents d JOIN decks k ON k.id = d.deck_id
                 WHERE d.path = ?1 ORDER BY d.imported_at DESC, d.id DESC",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([document], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// The deck of this name (any case), made if missing.
    pub fn deck(&self, name: &str) -> Result<NotesDeck> {
        let deck = ensure_deck(&self.tx, name, &self.stamp).at(&self.path)?;
        Ok(NotesDeck {
            id: deck.id,
            name: deck.name,
            created: deck.created,
        })
    }

    /// The file's document row in `deck`, made or brought up to date.
    pub fn document(&self, deck: DeckId, document: &str, content_hash: &str) -> Result<i64> {
        self.tx
            .query_row(
                "INSERT INTO documents (deck_id, path, content_hash, imported_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (deck_id, path) DO UPDATE SET content_hash = excluded.content_hash,
                     imported_at = excluded.imported_at
                 RETURNING id",
                params![deck, document, content_hash, self.stamp],
                |r| r.get(0),
            )
            .at(&self.path)
    }

    /// The cards the given documents hold.
    pub fn held_by(&self, documents: &[i64]) -> Result<Vec<HeldCard>> {
        if documents.is_empty() {
            return Ok(Vec::new());
        }
        // Document ids are integers from the database: safe to write into the SQL.
        let ids: Vec<String> = documents.iter().map(i64::to_string).collect();
        let list = ids.join(",");
        let sql = format!(
            "SELECT DISTINCT c.id, c.retired_at IS NOT NULL,
                 EXISTS (SELECT 1 FROM document_cards o WHERE o.card_id = c.id AND o.document_id NOT IN ({list}))
             FROM document_cards h JOIN cards c ON c.id = h.card_id WHERE h.document_id IN ({list})"
        );
        let mut stmt = self.tx.prepare(&sql).at(&self.path)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(HeldCard {
                    id: r.get(0)?,
                    retired: r.get(1)?,
                    held_elsewhere: r.get(2)?,
                })
            })
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// For each document holding any of `cards`: its path, how many of them it holds, and
    /// how many cards it holds in all.
    pub fn holders(&self, cards: &[CardId]) -> Result<Vec<(i64, String, usize, usize)>> {
        let mut counts: std::collections::BTreeMap<i64, usize> = std::collections::BTreeMap::new();
        let mut stmt = self
            .tx
            .prepare_cached("SELECT document_id FROM document_cards WHERE card_id = ?1")
            .at(&self.path)?;
        for card in cards {
            let documents = stmt.query_map([card], |r| r.get::<_, i64>(0)).at(&self.path)?;
            for document in documents {
                *counts.entry(document.at(&self.path)?).or_default() += 1;
            }
        }
        let mut total = self
            .tx
            .prepare_cached(
                "SELECT d.path, (SELECT count(*) FROM document_cards h WHERE h.document_id = d.id)
                 FROM documents d WHERE d.id = ?1",
            )
            .at(&self.path)?;
        counts
            .into_iter()
            .map(|(document, shared)| {
                let (path, all): (String, i64) = total
                    .query_row([document], |r| Ok((r.get(0)?, r.get(1)?)))
                    .at(&self.path)?;
                Ok((document, path, shared, all as usize))
            })
            .collect()
    }

    /// Lets a document go of every card it holds (another file has taken its place).
    pub fn release_all(&self, document: i64) -> Result<()> {
        self.tx
            .execute("DELETE FROM document_cards WHERE document_id = ?1", [document])
            .at(&self.path)?;
        Ok(())
    }

    /// The card with this guid, in any deck.
    pub fn card_by_guid(&self, guid: &str) -> Result<Option<CardId>> {
        self.tx
            .prepare_cached("SELECT id FROM cards WHERE guid = ?1")
            .and_then(|mut s| s.query_row([guid], |r| r.get(0)).optional())
            .at(&self.path)
    }

    /// A whole card, as every command reads it.
    pub fn card(&self, id: CardId) -> Result<Card> {
        let sql = format!("{} WHERE c.id = ?1", select_cards(ONE_CARD_SCOPE));
        self.tx
            .query_row(&sql, [id], card_from_row)
            .optional()
            .at(&self.path)?
            .ok_or_else(|| Error::UnknownCard(id.to_string()))
    }

    /// Every card of a deck a file's notes may pair with (`document` holds the ones
    /// marked held here): those of documents and files, never one added by hand.
    pub fn deck_items(&self, deck: DeckId, document: i64) -> Result<Vec<StoredItem>> {
        super::import::stored_items(&self.tx, &self.path, deck, document)
    }

    /// Gives a card a note's front and back and its place in the file, bringing it back if
    /// it was retired; its schedule, history and answer stay as they are.
    pub fn update_text(&self, card: CardId, document: i64, front: &str, back: &str, position: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE cards SET document_id = ?1, item_text = ?2, detail = ?3, position = ?4, retired_at = NULL,
                     updated_at = ?5
                 WHERE id = ?6",
            )
            .and_then(|mut s| s.execute(params![document, front, back, position, self.stamp, card]))
            .at(&self.path)?;
        self.hold(document, card)
    }

    /// Records that a document holds a card.
    pub fn hold(&self, document: i64, card: CardId) -> Result<()> {
        hold(&self.tx, document, card).at(&self.path)
    }

    /// A new question card with a note's front and back, held by `document`.
    pub fn insert(
        &self,
        deck: DeckId,
        document: i64,
        guid: &str,
        front: &str,
        back: &str,
        position: i64,
    ) -> Result<CardId> {
        let id = self
            .tx
            .prepare_cached(
                "INSERT INTO cards (deck_id, document_id, guid, kind, section, item_text, detail, context, position,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, 'question', '', ?4, ?5, '', ?6, ?7, ?7) RETURNING id",
            )
            .and_then(|mut s| {
                s.query_row(params![deck, document, guid, front, back, position, self.stamp], |r| {
                    r.get(0)
                })
            })
            .at(&self.path)?;
        self.hold(document, id)?;
        Ok(id)
    }

    /// Adds tags a card does not carry yet (in any case).
    pub fn add_tags(&self, card: CardId, tags: &[String]) -> Result<()> {
        for tag in tags {
            super::tags::add_tag(&self.tx, &self.changer, card, tag).at(&self.path)?;
        }
        Ok(())
    }

    /// A card's review log, in the order it was given.
    pub fn log(&self, card: CardId) -> Result<Vec<LogRow>> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT id, reviewed_at, review_day, grade, effect, origin FROM reviews WHERE card_id = ?1 ORDER BY id",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([card], |r| {
                Ok(LogRow {
                    id: r.get(0)?,
                    at: DateTime::parse_from_rfc3339(&r.get::<_, String>(1)?).ok(),
                    day: r.get(2)?,
                    grade: r.get(3)?,
                    effect: r.get(4)?,
                    origin: r.get(5)?,
                })
            })
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// Adds one grade of another tool to a card's log.
    pub fn insert_review(&self, card: CardId, deck: DeckId, review: &ForeignReview, origin: Origin) -> Result<()> {
        let before = &review.before;
        self.tx
            .prepare_cached(
                "INSERT INTO reviews (card_id, deck_id, reviewed_at, review_day, grade, effect, origin, duration_ms,
                     ease_before, interval_before, reps_before, lapses_before, due_before, last_reviewed_before,
                     last_grade_before, first_reviewed_before, ease_after, interval_after, reps_after, due_after)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    card,
                    deck,
                    review.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, false),
                    review.day,
                    review.grade,
                    review.effect,
                    origin,
                    review.duration_ms.map(|ms| i64::try_from(ms).unwrap_or(i64::MAX)),
                    before.sm2.ease,
                    before.sm2.interval,
                    before.sm2.repetitions,
                    before.lapses,
                    before.due,
                    before.last_reviewed,
                    before.last_grade,
                    before.first_reviewed,
                    review.sm2_after.ease,
                    review.sm2_after.interval,
                    review.sm2_after.repetitions,
                    review.due_after,
                ])
            })
            .at(&self.path)?;
        Ok(())
    }

    /// Moves a logged review to the end of its card's log (a new id, everything else as
    /// it was; a mock interview's answer follows it), so that grades merged in from another
    /// tool keep the log in the order they were given.
    pub fn move_review_to_end(&self, review: i64) -> Result<()> {
        const COLUMNS: &str = "card_id, deck_id, reviewed_at, review_day, grade, effect, origin, duration_ms,
            ease_before, interval_before, reps_before, lapses_before, due_before, last_reviewed_before,
            last_grade_before, first_reviewed_before, ease_after, interval_after, reps_after, due_after,
            stability_before, difficulty_before, memory_day_before";
        self.tx
            .execute(
                &format!("INSERT INTO reviews ({COLUMNS}) SELECT {COLUMNS} FROM reviews WHERE id = ?1"),
                [review],
            )
            .at(&self.path)?;
        let moved = self.tx.last_insert_rowid();
        self.tx
            .execute(
                "UPDATE mock_answers SET review_id = ?1 WHERE review_id = ?2",
                [moved, review],
            )
            .at(&self.path)?;
        self.tx
            .execute("DELETE FROM reviews WHERE id = ?1", [review])
            .at(&self.path)?;
        Ok(())
    }

    /// Sets a card's schedule, its count of logged reviews, and (when given) whether it is
    /// suspended.
    pub fn set_progress(&self, card: CardId, p: &Progress, reviews: usize, suspended: Option<bool>) -> Result<()> {
        self.tx
            .prepare_cached(concat!(
                "UPDATE cards SET ",
                progress_columns!(set),
                ", review_count = ?12, suspended = coalesce(?13, suspended) WHERE id = ?14"
            ))
            .and_then(|mut s| {
                let values = ProgressValues::of(p);
                let reviews = reviews as i64;
                let rest: [&dyn rusqlite::ToSql; 3] = [&reviews, &suspended, &card];
                s.execute(rusqlite::params_from_iter(values.params().into_iter().chain(rest)))
            })
            .at(&self.path)?;
        Ok(())
    }

    /// Retires a card no document holds any more: hidden, its history kept.
    pub fn retire(&self, card: CardId) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE cards SET retired_at = ?1, updated_at = ?1 WHERE id = ?2")
            .and_then(|mut s| s.execute(params![self.stamp, card]))
            .at(&self.path)?;
        self.release(&[], card)
    }

    /// Records that the given documents (all, when empty) no longer hold a card.
    pub fn release(&self, documents: &[i64], card: CardId) -> Result<()> {
        if documents.is_empty() {
            self.tx
                .execute("DELETE FROM document_cards WHERE card_id = ?1", [card])
                .at(&self.path)?;
        }
        for document in documents {
            self.tx
                .execute(
                    "DELETE FROM document_cards WHERE document_id = ?1 AND card_id = ?2",
                    params![document, card],
                )
                .at(&self.path)?;
        }
        Ok(())
    }

    /// Commits the file's writes, or with `keep` false (a dry run) drops them all.
    pub fn finish(self, keep: bool) -> Result<()> {
        self.tx.finish(keep).at(&self.path)
    }
}

//! JSON backups: every field of decks, cards, the review log and mock interviews, read in
//! one snapshot of the database; and the writer a restore reads rows from and writes its
//! decisions through (the decisions themselves are the import's: `import::restore`).

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use super::decks::ensure_deck;
use super::settings::{self, ChosenSettings};
use super::{AtPath, Store, Write};
use crate::domain::{CardId, DeckId, Effect, Grade, Kind, NoteTopic, Origin, Progress, Scheduler, Sm2, StoryId};
use crate::error::{Error, Result};
use crate::schedule::fsrs::Model;

/// Names the format in the file, so `import` can recognise a backup by its content.
pub const BACKUP_FORMAT: &str = "prepdeck-backup";
/// The backup format's version; a reader refuses versions it does not know. Version 2
/// added mock interviews, version 3 stories, version 4 each deck's scheduler and documents
/// and the database's settings, version 5 each card's tags, the user's own front and back
/// and whether it was added by hand; older files are still read (they lack what came
/// later).
pub const BACKUP_VERSION: u32 = 5;

/// A whole backup file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub decks: Vec<BackupDeck>,
    /// The stories linked to the backup's cards (every story, in a backup of every deck).
    /// Since version 3.
    #[serde(default)]
    pub stories: Vec<BackupStory>,
    /// The settings the user set (default scheduler, FSRS's desired retention and fitted
    /// parameters); unset ones are absent. Since version 4.
    #[serde(default)]
    pub settings: ChosenSettings,
}

/// A story as a backup holds it: its identity, its text, and the guids of the cards it is
/// linked to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupStory {
    pub guid: String,
    pub name: String,
    pub body: String,
    pub created_at: String,
    pub updated_at: String,
    pub cards: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupDeck {
    pub name: String,
    pub interview: Option<NaiveDate>,
    pub created_at: String,
    pub cards: Vec<BackupCard>,
    /// Since version 2.
    #[serde(default)]
    pub mock_runs: Vec<BackupMockRun>,
    /// The deck's own scheduler; `None` when it follows the default. Since version 4.
    #[serde(default)]
    pub scheduler: Option<Scheduler>,
    /// The documents the deck was imported from. Since version 4.
    #[serde(default)]
    pub documents: Vec<BackupDocument>,
}

/// A document a deck was imported from: its canonical path and content hash when last
/// imported, and the guids of the cards it holds (a re-import finds the deck by them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupDocument {
    pub path: String,
    pub content_hash: String,
    pub imported_at: String,
    pub cards: Vec<String>,
    /// Its notes for the prep sheet (keywords, mission and values), in document order.
    /// Optional: backups written before they were carried read as having none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<BackupNote>,
}

/// One note section of a document: its topic (`keywords` or `values`), heading and
/// entries, as the document words them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupNote {
    pub topic: String,
    pub heading: String,
    pub entries: Vec<BackupNoteEntry>,
}

/// One line of a note section, with its nesting depth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupNoteEntry {
    pub depth: u32,
    pub text: String,
}

/// A mock interview run and the answers given in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupMockRun {
    pub started_at: String,
    pub run_day: NaiveDate,
    pub seed: i64,
    pub limit_seconds: u32,
    pub completed: bool,
    pub answers: Vec<BackupMockAnswer>,
}

/// One answer of a mock run: its card by guid, and the review its self-grade was recorded
/// as, by that review's time (`reviewed_at`), when it was graded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupMockAnswer {
    pub card: String,
    pub position: i64,
    pub elapsed_ms: u64,
    pub timed_out: bool,
    pub review: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupCard {
    pub guid: String,
    pub kind: Kind,
    pub section: String,
    pub item_text: String,
    pub detail: String,
    pub context: String,
    pub answer: String,
    pub position: i64,
    pub ease: f64,
    pub interval: u32,
    pub repetitions: u32,
    pub lapses: u32,
    pub due: Option<NaiveDate>,
    pub last_reviewed: Option<NaiveDate>,
    pub last_grade: Option<Grade>,
    pub first_reviewed: Option<NaiveDate>,
    pub review_count: u32,
    pub suspended: bool,
    pub retired_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub reviews: Vec<BackupReview>,
    /// The user's own front and back over the document's (`prepdeck edit`). Since
    /// version 5.
    #[serde(default)]
    pub own_front: Option<String>,
    #[serde(default)]
    pub own_back: Option<String>,
    /// Added by hand (`prepdeck add`): no document holds it. Since version 5.
    #[serde(default)]
    pub by_hand: bool,
    /// Its tags. Since version 5.
    #[serde(default)]
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupReview {
    pub reviewed_at: String,
    pub review_day: NaiveDate,
    pub grade: Grade,
    pub effect: Effect,
    pub origin: Origin,
    pub duration_ms: Option<u64>,
    pub ease_before: f64,
    pub interval_before: u32,
    pub reps_before: u32,
    pub lapses_before: u32,
    pub due_before: Option<NaiveDate>,
    pub last_reviewed_before: Option<NaiveDate>,
    pub last_grade_before: Option<Grade>,
    pub first_reviewed_before: Option<NaiveDate>,
    pub ease_after: f64,
    pub interval_after: u32,
    pub reps_after: u32,
    pub due_after: Option<NaiveDate>,
}

impl BackupCard {
    /// The card's progress as the backup records it.
    #[must_use]
    pub fn progress(&self) -> Progress {
        Progress {
            sm2: Sm2 {
                ease: self.ease,
                interval: self.interval,
                repetitions: self.repetitions,
            },
            due: self.due,
            last_reviewed: self.last_reviewed,
            last_grade: self.last_grade,
            first_reviewed: self.first_reviewed,
            lapses: self.lapses,
            // A backup carries the log, not the FSRS memory derived from it.
            memory: None,
        }
    }
}

impl BackupReview {
    /// The card's progress before this review, as the log recorded it.
    #[must_use]
    pub fn before(&self) -> Progress {
        Progress {
            sm2: Sm2 {
                ease: self.ease_before,
                interval: self.interval_before,
                repetitions: self.reps_before,
            },
            due: self.due_before,
            last_reviewed: self.last_reviewed_before,
            last_grade: self.last_grade_before,
            first_reviewed: self.first_reviewed_before,
            lapses: self.lapses_before,
            memory: None,
        }
    }

    /// The card's SM-2 state after this review, as the log recorded it.
    #[must_use]
    pub fn sm2_after(&self) -> Sm2 {
        Sm2 {
            ease: self.ease_after,
            interval: self.interval_after,
            repetitions: self.reps_after,
        }
    }
}

impl Backup {
    /// Recognises a backup by its first bytes: the start of a JSON object (`{` and then
    /// `"` or `}`), after a byte-order mark (UTF-8 or UTF-16) if there is one, wherever
    /// the object names its format. A profile starting with a `{Placeholder}` is not one;
    /// a JSON object that is not a backup is refused as one, saying what it lacks.
    #[must_use]
    pub fn looks_like_one(head: &[u8]) -> bool {
        let text = match encoding_rs::Encoding::for_bom(head) {
            Some((encoding, bom_length)) => encoding.decode_without_bom_handling(&head[bom_length..]).0,
            None => String::from_utf8_lossy(head),
        };
        let mut opening = text.chars().filter(|c| !c.is_whitespace());
        opening.next() == Some('{') && matches!(opening.next(), Some('"' | '}'))
    }

    /// Checks that the file is a backup this prepdeck reads (its values are checked by the
    /// restore). Returns the problem found.
    pub fn validate(&self) -> std::result::Result<(), String> {
        if self.format != BACKUP_FORMAT {
            return Err(format!("the format is \"{}\", not \"{BACKUP_FORMAT}\"", self.format));
        }
        if self.version > BACKUP_VERSION {
            return Err(format!(
                "it is version {} of the backup format; this prepdeck reads up to {BACKUP_VERSION}",
                self.version
            ));
        }
        Ok(())
    }
}

const CARD_FIELDS: &str = "guid, kind, section, item_text, detail, context, answer, position,
    ease, interval_days, repetitions, lapses, due, last_reviewed, last_grade, first_reviewed, review_count,
    suspended, retired_at, created_at, updated_at, own_front, own_back, by_hand";

const REVIEW_FIELDS: &str = "reviewed_at, review_day, grade, effect, origin, duration_ms, ease_before, interval_before,
    reps_before, lapses_before, due_before, last_reviewed_before, last_grade_before, first_reviewed_before,
    ease_after, interval_after, reps_after, due_after";

impl Store {
    /// Everything about the given decks, in deck then card order, read in one read
    /// transaction: a backup taken while another prepdeck grades is one moment's database.
    /// With `every_story`, stories linked to no card of these decks are kept too (a backup
    /// of every deck holds the whole story bank).
    pub fn backup(&self, decks: &[DeckId], every_story: bool, exported_at: &str) -> Result<Backup> {
        self.snapshot(|store| {
            let mut out = Vec::with_capacity(decks.len());
            for &deck in decks {
                out.push(store.backup_deck(deck)?);
            }
            let stories = read_stories(&store.conn, decks, every_story).at(&store.path)?;
            Ok(Backup {
                format: BACKUP_FORMAT.to_string(),
                version: BACKUP_VERSION,
                exported_at: exported_at.to_string(),
                decks: out,
                stories,
                settings: store.chosen_settings()?,
            })
        })
    }

    fn backup_deck(&self, deck: DeckId) -> Result<BackupDeck> {
        let (name, interview, created_at, scheduler): (String, Option<NaiveDate>, String, Option<Scheduler>) = self
            .conn
            .query_row(
                "SELECT name, interview_date, created_at, scheduler FROM decks WHERE id = ?1",
                [deck],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .at(&self.path)?
            .ok_or(Error::DeckGone(deck))?;
        let rows: Vec<(i64, BackupCard)> = read_cards(&self.conn, deck).at(&self.path)?;
        let mut reviews = read_reviews(&self.conn, deck).at(&self.path)?;
        let mut cards = Vec::with_capacity(rows.len());
        for (id, mut card) in rows {
            card.reviews = reviews
                .remove(&id)
                .unwrap_or_default()
                .into_iter()
                .map(|(_, r)| r)
                .collect();
            cards.push(card);
        }
        Ok(BackupDeck {
            name,
            interview,
            created_at,
            cards,
            mock_runs: read_mock_runs(&self.conn, deck).at(&self.path)?,
            scheduler,
            documents: read_documents(&self.conn, deck).at(&self.path)?,
        })
    }
}

/// The documents a deck was imported from, oldest first, each with the guids of the
/// cards it holds in document order.
fn read_documents(conn: &rusqlite::Connection, deck: DeckId) -> rusqlite::Result<Vec<BackupDocument>> {
    let mut documents = conn
        .prepare_cached("SELECT id, path, content_hash, imported_at FROM documents WHERE deck_id = ?1 ORDER BY id")?;
    let rows: Vec<(i64, BackupDocument)> = documents
        .query_map([deck], |r| {
            Ok((
                r.get(0)?,
                BackupDocument {
                    path: r.get(1)?,
                    content_hash: r.get(2)?,
                    imported_at: r.get(3)?,
                    cards: Vec::new(),
                    notes: Vec::new(),
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut held = conn.prepare_cached(
        "SELECT c.guid FROM document_cards h JOIN cards c ON c.id = h.card_id
         WHERE h.document_id = ?1 ORDER BY c.position, c.id",
    )?;
    let mut notes = conn.prepare_cached(
        "SELECT topic, heading, depth, entry FROM document_notes WHERE document_id = ?1 ORDER BY position",
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, mut document) in rows {
        document.cards = held.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        let rows = notes.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for row in rows {
            let (topic, heading, depth, text) = row?;
            let entry = BackupNoteEntry { depth, text };
            match document.notes.last_mut() {
                Some(note) if note.topic == topic && note.heading == heading => note.entries.push(entry),
                _ => document.notes.push(BackupNote {
                    topic,
                    heading,
                    entries: vec![entry],
                }),
            }
        }
        out.push(document);
    }
    Ok(out)
}

/// The stories linked to cards of `decks` (or every story), each with the guids of all
/// the cards it is linked to, by name.
fn read_stories(
    conn: &rusqlite::Connection,
    decks: &[DeckId],
    every_story: bool,
) -> rusqlite::Result<Vec<BackupStory>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, guid, name, body, created_at, updated_at FROM stories ORDER BY name_key")?;
    let stories: Vec<(i64, BackupStory)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                BackupStory {
                    guid: r.get(1)?,
                    name: r.get(2)?,
                    body: r.get(3)?,
                    created_at: r.get(4)?,
                    updated_at: r.get(5)?,
                    cards: Vec::new(),
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut links = conn.prepare_cached(
        "SELECT c.guid, c.deck_id FROM story_links l JOIN cards c ON c.id = l.card_id
         WHERE l.story_id = ?1 ORDER BY l.linked_at, c.id",
    )?;
    let mut out = Vec::with_capacity(stories.len());
    for (id, mut story) in stories {
        let cards: Vec<(String, DeckId)> = links
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if every_story || cards.iter().any(|(_, deck)| decks.contains(deck)) {
            story.cards = cards.into_iter().map(|(guid, _)| guid).collect();
            out.push(story);
        }
    }
    Ok(out)
}

/// Every card of a deck with its database id and tags, in document order.
fn read_cards(conn: &rusqlite::Connection, deck: DeckId) -> rusqlite::Result<Vec<(i64, BackupCard)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, {CARD_FIELDS} FROM cards WHERE deck_id = ?1 ORDER BY position, id"
    ))?;
    let rows = stmt.query_map([deck], |r| Ok((r.get(0)?, card_from_backup_row(r)?)))?;
    let mut cards: Vec<(i64, BackupCard)> = rows.collect::<rusqlite::Result<_>>()?;
    let mut tags = conn.prepare_cached(
        "SELECT t.card_id, t.tag FROM card_tags t JOIN cards c ON c.id = t.card_id
         WHERE c.deck_id = ?1 ORDER BY t.card_id, t.tag COLLATE NOCASE",
    )?;
    let mut by_card: std::collections::HashMap<i64, Vec<String>> = std::collections::HashMap::new();
    for row in tags.query_map([deck], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (card, tag) = row?;
        by_card.entry(card).or_default().push(tag);
    }
    for (id, card) in &mut cards {
        if let Some(tags) = by_card.remove(id) {
            card.tags = tags;
        }
    }
    Ok(cards)
}

/// Every logged review of a deck's cards with its id, by card, in the log's order.
fn read_reviews(
    conn: &rusqlite::Connection,
    deck: DeckId,
) -> rusqlite::Result<std::collections::HashMap<i64, Vec<(i64, BackupReview)>>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT card_id, id, {REVIEW_FIELDS} FROM reviews WHERE deck_id = ?1 ORDER BY card_id, id"
    ))?;
    let mut rows = stmt.query([deck])?;
    let mut by_card: std::collections::HashMap<i64, Vec<(i64, BackupReview)>> = std::collections::HashMap::new();
    while let Some(row) = rows.next()? {
        by_card
            .entry(row.get(0)?)
            .or_default()
            .push((row.get(1)?, review_from_row(row, 2)?));
    }
    Ok(by_card)
}

/// A deck's mock runs, oldest first, with their answers.
fn read_mock_runs(conn: &rusqlite::Connection, deck: DeckId) -> rusqlite::Result<Vec<BackupMockRun>> {
    let mut runs_stmt = conn.prepare_cached(
        "SELECT id, started_at, run_day, seed, limit_seconds, completed FROM mock_runs WHERE deck_id = ?1 ORDER BY id",
    )?;
    let runs: Vec<(i64, BackupMockRun)> = runs_stmt
        .query_map([deck], |r| {
            Ok((
                r.get(0)?,
                BackupMockRun {
                    started_at: r.get(1)?,
                    run_day: r.get(2)?,
                    seed: r.get(3)?,
                    limit_seconds: r.get(4)?,
                    completed: r.get(5)?,
                    answers: Vec::new(),
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut answers_stmt = conn.prepare_cached(
        "SELECT c.guid, a.position, a.elapsed_ms, a.timed_out, r.reviewed_at
         FROM mock_answers a JOIN cards c ON c.id = a.card_id LEFT JOIN reviews r ON r.id = a.review_id
         WHERE a.run_id = ?1 ORDER BY a.position, a.id",
    )?;
    let mut out = Vec::with_capacity(runs.len());
    for (id, mut run) in runs {
        run.answers = answers_stmt
            .query_map([id], |r| {
                Ok(BackupMockAnswer {
                    card: r.get(0)?,
                    position: r.get(1)?,
                    elapsed_ms: r.get::<_, i64>(2)?.max(0) as u64,
                    timed_out: r.get(3)?,
                    review: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        out.push(run);
    }
    Ok(out)
}

/// A card of a deck as a restore compares it with a backup's: its identity and texts,
/// the user's answer, its progress and its log (each row with its id).
#[derive(Debug, Clone, PartialEq)]
pub struct RestoreCard {
    pub id: CardId,
    pub deck: DeckId,
    pub guid: String,
    pub kind: Kind,
    pub item_text: String,
    pub detail: String,
    pub answer: String,
    pub own_front: Option<String>,
    pub own_back: Option<String>,
    pub by_hand: bool,
    pub tags: Vec<String>,
    pub progress: Progress,
    pub log: Vec<(i64, BackupReview)>,
}

/// A deck a restore writes into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreDeck {
    pub id: DeckId,
    pub name: String,
    pub interview: Option<NaiveDate>,
    /// Its own scheduler; `None` when it follows the default.
    pub scheduler: Option<Scheduler>,
    pub created: bool,
}

/// One backup file being restored: everything happens in one transaction (a savepoint
/// inside a batch), committed by [`RestoreWriter::finish`].
pub struct RestoreWriter<'s> {
    tx: Write<'s>,
    path: std::path::PathBuf,
}

impl Store {
    /// Starts restoring a backup.
    pub fn begin_restore(&mut self) -> Result<RestoreWriter<'_>> {
        let path = self.path.clone();
        let tx = self.write()?;
        Ok(RestoreWriter { tx, path })
    }
}

impl RestoreWriter<'_> {
    /// The deck a backup's deck goes into: the one already holding most of its cards (by
    /// guid, whatever it is called now), else the deck of that name, else a new one.
    pub fn deck_for(&self, name: &str, created_at: &str, guids: &[&str]) -> Result<RestoreDeck> {
        let mut holding: std::collections::HashMap<DeckId, usize> = std::collections::HashMap::new();
        let mut stmt = self
            .tx
            .prepare_cached("SELECT deck_id FROM cards WHERE guid = ?1")
            .at(&self.path)?;
        for guid in guids {
            if let Some(deck) = stmt
                .query_row([guid], |r| r.get::<_, DeckId>(0))
                .optional()
                .at(&self.path)?
            {
                *holding.entry(deck).or_default() += 1;
            }
        }
        let by_guid = holding
            .into_iter()
            .max_by_key(|&(deck, n)| (n, std::cmp::Reverse(deck.0)));
        if let Some((deck, _)) = by_guid {
            return self.deck(deck);
        }
        // Else the deck of that name, or a new one: as an import finds or makes it.
        let ensured = ensure_deck(&self.tx, name, created_at).at(&self.path)?;
        Ok(RestoreDeck {
            created: ensured.created,
            ..self.deck(ensured.id)?
        })
    }

    /// A deck as it stands in the restore's transaction.
    pub fn deck(&self, id: DeckId) -> Result<RestoreDeck> {
        self.tx
            .query_row(
                "SELECT name, interview_date, scheduler FROM decks WHERE id = ?1",
                [id],
                |r| {
                    Ok(RestoreDeck {
                        id,
                        name: r.get(0)?,
                        interview: r.get(1)?,
                        scheduler: r.get(2)?,
                        created: false,
                    })
                },
            )
            .optional()
            .at(&self.path)?
            .ok_or(Error::DeckGone(id))
    }

    /// Gives a deck its own scheduler, or (`None`) makes it follow the default.
    pub fn set_deck_scheduler(&self, deck: DeckId, scheduler: Option<Scheduler>) -> Result<()> {
        super::decks::set_scheduler(&self.tx, deck, scheduler).at(&self.path)
    }

    /// The scheduler each deck follows (its own, or the default), as things stand in the
    /// restore's transaction.
    pub fn schedulers(&self) -> Result<std::collections::HashMap<DeckId, Scheduler>> {
        let default = self.chosen_settings()?.default_scheduler.unwrap_or_default();
        let mut stmt = self
            .tx
            .prepare_cached("SELECT id, scheduler FROM decks")
            .at(&self.path)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, Option<Scheduler>>(1)?)))
            .at(&self.path)?;
        rows.map(|row| row.map(|(id, own)| (id, own.unwrap_or(default))))
            .collect::<rusqlite::Result<_>>()
            .at(&self.path)
    }

    /// The settings the user set, as things stand in the restore's transaction.
    pub fn chosen_settings(&self) -> Result<ChosenSettings> {
        settings::chosen_settings(&self.tx, &self.path)
    }

    /// The FSRS model of the settings in the restore's transaction.
    pub fn fsrs_model(&self) -> Result<Model> {
        settings::model_of(&self.chosen_settings()?, &self.path)
    }

    /// Writes the settings given (`Some`, or non-empty parameters); leaves the others.
    pub fn set_settings(&self, chosen: &ChosenSettings) -> Result<()> {
        if let Some(scheduler) = chosen.default_scheduler {
            settings::set_default_scheduler(&self.tx, &self.path, scheduler)?;
        }
        if let Some(retention) = chosen.desired_retention {
            settings::set_desired_retention(&self.tx, &self.path, Some(retention))?;
        }
        if !chosen.fsrs_parameters.is_empty() {
            let fitted = chosen.fitted_on.zip(chosen.fitted_from_reviews);
            settings::set_fsrs_parameters(&self.tx, &self.path, &chosen.fsrs_parameters, fitted)?;
        }
        Ok(())
    }

    /// Whether a document was imported from this path, into any deck.
    pub fn document_known(&self, path: &str) -> Result<bool> {
        self.tx
            .query_row("SELECT EXISTS (SELECT 1 FROM documents WHERE path = ?1)", [path], |r| {
                r.get(0)
            })
            .at(&self.path)
    }

    /// The cards each document of a deck holds.
    pub fn deck_documents(&self, deck: DeckId) -> Result<Vec<Vec<CardId>>> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT d.id, h.card_id FROM documents d LEFT JOIN document_cards h ON h.document_id = d.id
                 WHERE d.deck_id = ?1 ORDER BY d.id",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([deck], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<CardId>>(1)?)))
            .at(&self.path)?;
        let mut out: Vec<(i64, Vec<CardId>)> = Vec::new();
        for row in rows {
            let (document, card) = row.at(&self.path)?;
            if out.last().is_none_or(|(last, _)| *last != document) {
                out.push((document, Vec::new()));
            }
            if let (Some(card), Some((_, held))) = (card, out.last_mut()) {
                held.push(card);
            }
        }
        Ok(out.into_iter().map(|(_, held)| held).collect())
    }

    /// Adds a backup's document to a deck, holding `held`.
    pub fn insert_document(&self, deck: DeckId, document: &BackupDocument, held: &[CardId]) -> Result<()> {
        self.tx
            .execute(
                "INSERT INTO documents (deck_id, path, content_hash, imported_at) VALUES (?1, ?2, ?3, ?4)",
                params![deck, document.path, document.content_hash, document.imported_at],
            )
            .at(&self.path)?;
        let id = self.tx.last_insert_rowid();
        for &card in held {
            super::import::hold(&self.tx, id, card).at(&self.path)?;
        }
        self.insert_notes(id, &document.notes)
    }

    /// Gives the document imported from `path` the backup's notes when it has none (a
    /// restore by a build that did not carry them left it without).
    pub fn fill_document_notes(&self, path: &str, notes: &[BackupNote]) -> Result<bool> {
        if notes.is_empty() {
            return Ok(false);
        }
        let bare: Option<i64> = self
            .tx
            .query_row(
                "SELECT id FROM documents d WHERE path = ?1
                     AND NOT EXISTS (SELECT 1 FROM document_notes n WHERE n.document_id = d.id)
                 ORDER BY imported_at DESC, id DESC LIMIT 1",
                [path],
                |r| r.get(0),
            )
            .optional()
            .at(&self.path)?;
        match bare {
            Some(id) => self.insert_notes(id, notes).map(|()| true),
            None => Ok(false),
        }
    }

    /// Writes a document's notes, entry by entry in order (topics prepdeck does not know
    /// are left out, as reading them would).
    fn insert_notes(&self, document: i64, notes: &[BackupNote]) -> Result<()> {
        let mut insert = self
            .tx
            .prepare_cached(
                "INSERT INTO document_notes (document_id, position, topic, heading, depth, entry)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .at(&self.path)?;
        let entries = notes
            .iter()
            .filter(|note| NoteTopic::from_stored(&note.topic).is_some())
            .flat_map(|note| note.entries.iter().map(move |entry| (note, entry)));
        for (position, (note, entry)) in entries.enumerate() {
            insert
                .execute(params![
                    document,
                    position as i64,
                    note.topic,
                    note.heading,
                    entry.depth,
                    entry.text
                ])
                .at(&self.path)?;
        }
        Ok(())
    }

    pub fn set_interview(&self, deck: DeckId, date: Option<NaiveDate>) -> Result<()> {
        super::decks::set_interview(&self.tx, deck, date).at(&self.path)
    }

    /// Every card of a deck, with its log.
    pub fn deck_cards(&self, deck: DeckId) -> Result<Vec<RestoreCard>> {
        let rows = read_cards(&self.tx, deck).at(&self.path)?;
        let mut reviews = read_reviews(&self.tx, deck).at(&self.path)?;
        Ok(rows
            .into_iter()
            .map(|(id, card)| RestoreCard {
                id: CardId(id),
                deck,
                progress: card.progress(),
                log: reviews.remove(&id).unwrap_or_default(),
                guid: card.guid,
                kind: card.kind,
                item_text: card.item_text,
                detail: card.detail,
                answer: card.answer,
                own_front: card.own_front,
                own_back: card.own_back,
                by_hand: card.by_hand,
                tags: card.tags,
            })
            .collect())
    }

    /// The card with this guid in another deck, if any.
    pub fn card_elsewhere(&self, guid: &str, not_in: DeckId) -> Result<Option<RestoreCard>> {
        let deck: Option<DeckId> = self
            .tx
            .query_row(
                "SELECT deck_id FROM cards WHERE guid = ?1 AND deck_id != ?2",
                params![guid, not_in],
                |r| r.get(0),
            )
            .optional()
            .at(&self.path)?;
        let Some(deck) = deck else {
            return Ok(None);
        };
        Ok(self.deck_cards(deck)?.into_iter().find(|c| c.guid == guid))
    }

    /// Adds a backup's card (its progress and review count as the restore computed them,
    /// its log written with [`RestoreWriter::write_log`]) with its tags.
    pub fn insert_card(&self, deck: DeckId, card: &BackupCard, progress: &Progress, reviews: usize) -> Result<CardId> {
        self.tx
            .prepare_cached(&format!(
                "INSERT INTO cards (deck_id, {CARD_FIELDS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,
                     ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)"
            ))
            .and_then(|mut stmt| {
                stmt.execute(params![
                    deck,
                    card.guid,
                    card.kind,
                    card.section,
                    card.item_text,
                    card.detail,
                    card.context,
                    card.answer,
                    card.position,
                    progress.sm2.ease,
                    progress.sm2.interval,
                    progress.sm2.repetitions,
                    progress.lapses,
                    progress.due,
                    progress.last_reviewed,
                    progress.last_grade,
                    progress.first_reviewed,
                    reviews as i64,
                    card.suspended,
                    card.retired_at,
                    card.created_at,
                    card.updated_at,
                    card.own_front,
                    card.own_back,
                    card.by_hand
                ])
            })
            .at(&self.path)?;
        let id = CardId(self.tx.last_insert_rowid());
        self.add_tags(id, &card.tags)?;
        Ok(id)
    }

    /// Adds tags to a card (those it has, in any case, stay as they are); returns how many
    /// it did not have.
    pub fn add_tags(&self, card: CardId, tags: &[String]) -> Result<usize> {
        let mut added = 0;
        for tag in tags {
            added += usize::from(super::tags::add_tag(&self.tx, card, tag).at(&self.path)?);
        }
        Ok(added)
    }

    /// Fills in a document's card's own front and back (`None` leaves each as it is).
    pub fn fill_own_texts(&self, card: CardId, front: Option<&str>, back: Option<&str>, stamp: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE cards SET own_front = coalesce(?1, own_front), own_back = coalesce(?2, own_back), updated_at = ?3
                 WHERE id = ?4 AND by_hand = 0",
            )
            .and_then(|mut s| s.execute(params![front, back, stamp, card]))
            .at(&self.path)?;
        Ok(())
    }

    /// Gives a card its merged answer, progress and review count.
    pub fn update_card(
        &self,
        card: CardId,
        answer: &str,
        progress: &Progress,
        reviews: usize,
        stamp: &str,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE cards SET answer = ?1, ease = ?2, interval_days = ?3, repetitions = ?4, lapses = ?5, due = ?6,
                     last_reviewed = ?7, last_grade = ?8, first_reviewed = ?9, review_count = ?10, updated_at = ?11
                 WHERE id = ?12",
            )
            .and_then(|mut s| {
                s.execute(params![
                    answer,
                    progress.sm2.ease,
                    progress.sm2.interval,
                    progress.sm2.repetitions,
                    progress.lapses,
                    progress.due,
                    progress.last_reviewed,
                    progress.last_grade,
                    progress.first_reviewed,
                    reviews as i64,
                    stamp,
                    card
                ])
            })
            .at(&self.path)?;
        Ok(())
    }

    /// Writes a card's log as `rows`, in that order: rows already logged (`Some(id)`) that
    /// keep their place at the front stay as they are; from the first row that does not,
    /// every row is written anew (mock answers linked to a rewritten row follow it) and the
    /// old rows go.
    pub fn write_log(
        &self,
        card: CardId,
        deck: DeckId,
        rows: &[(Option<i64>, BackupReview)],
        old: &[i64],
    ) -> Result<()> {
        let kept = rows
            .iter()
            .zip(old)
            .take_while(|((id, _), old)| *id == Some(**old))
            .count();
        let mut insert = self
            .tx
            .prepare_cached(&format!(
                "INSERT INTO reviews (card_id, deck_id, {REVIEW_FIELDS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
                     ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)"
            ))
            .at(&self.path)?;
        let mut relink = self
            .tx
            .prepare_cached("UPDATE mock_answers SET review_id = ?1 WHERE review_id = ?2")
            .at(&self.path)?;
        for (was, r) in &rows[kept..] {
            insert
                .execute(params![
                    card,
                    deck,
                    r.reviewed_at,
                    r.review_day,
                    r.grade,
                    r.effect,
                    r.origin,
                    r.duration_ms.map(|ms| i64::try_from(ms).unwrap_or(i64::MAX)),
                    r.ease_before,
                    r.interval_before,
                    r.reps_before,
                    r.lapses_before,
                    r.due_before,
                    r.last_reviewed_before,
                    r.last_grade_before,
                    r.first_reviewed_before,
                    r.ease_after,
                    r.interval_after,
                    r.reps_after,
                    r.due_after
                ])
                .at(&self.path)?;
            if let Some(was) = was {
                relink
                    .execute(params![self.tx.last_insert_rowid(), was])
                    .at(&self.path)?;
            }
        }
        let mut delete = self
            .tx
            .prepare_cached("DELETE FROM reviews WHERE id = ?1")
            .at(&self.path)?;
        for id in &old[kept..] {
            delete.execute([id]).at(&self.path)?;
        }
        Ok(())
    }

    /// The id of a card's review logged at `reviewed_at`, for linking a mock answer.
    pub fn review_at(&self, card: CardId, reviewed_at: &str) -> Result<Option<i64>> {
        self.tx
            .query_row(
                "SELECT id FROM reviews WHERE card_id = ?1 AND reviewed_at = ?2 ORDER BY id DESC LIMIT 1",
                params![card, reviewed_at],
                |r| r.get(0),
            )
            .optional()
            .at(&self.path)
    }

    /// Whether the deck has a mock run that started at `started_at` with `seed`.
    pub fn has_mock_run(&self, deck: DeckId, started_at: &str, seed: i64) -> Result<bool> {
        self.tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM mock_runs WHERE deck_id = ?1 AND started_at = ?2 AND seed = ?3)",
                params![deck, started_at, seed],
                |r| r.get(0),
            )
            .at(&self.path)
    }

    /// Adds a mock run; its answers are given as (card, answer, review id).
    pub fn insert_mock_run(
        &self,
        deck: DeckId,
        run: &BackupMockRun,
        answers: &[(CardId, &BackupMockAnswer, Option<i64>)],
    ) -> Result<()> {
        self.tx
            .execute(
                "INSERT INTO mock_runs (deck_id, started_at, run_day, seed, limit_seconds, completed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    deck,
                    run.started_at,
                    run.run_day,
                    run.seed,
                    run.limit_seconds,
                    run.completed
                ],
            )
            .at(&self.path)?;
        let run_id = self.tx.last_insert_rowid();
        let mut insert = self
            .tx
            .prepare_cached(
                "INSERT INTO mock_answers (run_id, card_id, position, elapsed_ms, timed_out, review_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .at(&self.path)?;
        for (card, answer, review) in answers {
            insert
                .execute(params![
                    run_id,
                    card,
                    answer.position,
                    i64::try_from(answer.elapsed_ms).unwrap_or(i64::MAX),
                    answer.timed_out,
                    review
                ])
                .at(&self.path)?;
        }
        Ok(())
    }

    /// The story with this guid, else the one with this name (in any case): its id and
    /// text.
    pub fn story_for(&self, guid: &str, name: &str) -> Result<Option<(StoryId, String)>> {
        self.tx
            .query_row(
                "SELECT id, body FROM stories WHERE guid = ?1 OR name_key = ?2
                 ORDER BY guid = ?1 DESC LIMIT 1",
                params![guid, name.trim().to_lowercase()],
                |r| Ok((StoryId(r.get(0)?), r.get(1)?)),
            )
            .optional()
            .at(&self.path)
    }

    /// Adds a story from a backup.
    pub fn insert_story(&self, story: &BackupStory) -> Result<StoryId> {
        super::stories::insert_story(
            &self.tx,
            &story.guid,
            &story.name,
            &story.body,
            &story.created_at,
            &story.updated_at,
        )
        .at(&self.path)
    }

    /// Replaces a story's text (both sides' texts kept, merged by the caller).
    pub fn set_story_body(&self, story: StoryId, body: &str, stamp: &str) -> Result<()> {
        self.tx
            .execute(
                "UPDATE stories SET body = ?1, updated_at = ?2 WHERE id = ?3",
                params![body, stamp, story.0],
            )
            .at(&self.path)?;
        Ok(())
    }

    /// Links a story to a card, unless it already is.
    pub fn link_story(&self, story: StoryId, card: CardId, stamp: &str) -> Result<()> {
        super::stories::insert_link(&self.tx, story, card, stamp).at(&self.path)?;
        Ok(())
    }

    /// The card with this guid, in any deck.
    pub fn card_by_guid(&self, guid: &str) -> Result<Option<CardId>> {
        self.tx
            .query_row("SELECT id FROM cards WHERE guid = ?1", [guid], |r| r.get(0))
            .optional()
            .at(&self.path)
    }

    /// Commits the restore, or with `keep` false (a dry run) drops it all.
    pub fn finish(self, keep: bool) -> Result<()> {
        if keep {
            self.tx.commit().at(&self.path)
        } else {
            self.tx.rollback().at(&self.path)
        }
    }
}

fn card_from_backup_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BackupCard> {
    Ok(BackupCard {
        guid: r.get(1)?,
        kind: r.get(2)?,
        section: r.get(3)?,
        item_text: r.get(4)?,
        detail: r.get(5)?,
        context: r.get(6)?,
        answer: r.get(7)?,
        position: r.get(8)?,
        ease: r.get(9)?,
        interval: r.get(10)?,
        repetitions: r.get(11)?,
        lapses: r.get(12)?,
        due: r.get(13)?,
        last_reviewed: r.get(14)?,
        last_grade: r.get(15)?,
        first_reviewed: r.get(16)?,
        review_count: r.get(17)?,
        suspended: r.get(18)?,
        retired_at: r.get(19)?,
        created_at: r.get(20)?,
        updated_at: r.get(21)?,
        reviews: Vec::new(),
        own_front: r.get(22)?,
        own_back: r.get(23)?,
        by_hand: r.get(24)?,
        tags: Vec::new(),
    })
}

/// A review from a row of [`REVIEW_FIELDS`] starting at column `at`.
fn review_from_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<BackupReview> {
    Ok(BackupReview {
        reviewed_at: r.get(at)?,
        review_day: r.get(at + 1)?,
        grade: r.get(at + 2)?,
        effect: r.get(at + 3)?,
        origin: r.get(at + 4)?,
        duration_ms: r.get::<_, Option<i64>>(at + 5)?.map(|ms| ms.max(0) as u64),
        ease_before: r.get(at + 6)?,
        interval_before: r.get(at + 7)?,
        reps_before: r.get(at + 8)?,
        lapses_before: r.get(at + 9)?,
        due_before: r.get(at + 10)?,
        last_reviewed_before: r.get(at + 11)?,
        last_grade_before: r.get(at + 12)?,
        first_reviewed_before: r.get(at + 13)?,
        ease_after: r.get(at + 14)?,
        interval_after: r.get(at + 15)?,
        reps_after: r.get(at + 16)?,
        due_after: r.get(at + 17)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A restore finds or makes a backup's deck as an import does: by its trimmed,
    /// lower-cased name.
    #[test]
    fn backups_are_recognised_by_the_start_of_a_json_object() {
        assert!(Backup::looks_like_one(b"  {\n  \"decks\": []"));
        assert!(Backup::looks_like_one(b"\xef\xbb\xbf{\"format\""));
        assert!(Backup::looks_like_one(b"\xff\xfe{\0\"\0"));
        assert!(!Backup::looks_like_one(
            b"{Company} Interview Prep\n## Common Questions"
        ));
        assert!(!Backup::looks_like_one(b"{{company}}"));
        assert!(!Backup::looks_like_one(b"# Company Profile: {\"x\"}"));
        assert!(!Backup::looks_like_one(b"\xff\xfe#\0 \0"));
    }

    #[test]
    fn a_restore_finds_the_deck_of_a_name_as_an_import_does() {
        let mut store = crate::import::test_store("# Company Profile: Quarry\n## Common Questions\n- Why mining?\n");
        let writer = store.begin_restore().unwrap();
        let found = writer.deck_for(" quarry ", "2026-03-01T09:00:00+00:00", &[]).unwrap();
        assert_eq!(
            (found.id, found.name.as_str(), found.created),
            (DeckId(1), "Quarry", false)
        );
        let made = writer
            .deck_for(" Kelp Analytics ", "2026-03-01T09:00:00+00:00", &[])
            .unwrap();
        assert_eq!((made.name.as_str(), made.created), ("Kelp Analytics", true));
        assert_eq!(writer.deck_for("kelp analytics", "x", &[]).unwrap().id, made.id);
        writer.finish(true).unwrap();
    }
}

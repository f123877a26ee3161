//! JSON backups as SQL sees them: every field of decks, cards, the review log, mock
//! interviews, stories and the versions of every value the user edits, read in one
//! snapshot of the database; and the writer a merge reads rows from and writes its
//! decisions through (the decisions themselves are `backup::merge`'s).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::versions::{self, Materialised};
use super::{AtPath, ChosenSettings, Store, Write};
use crate::backup::{
    BackupAlias, BackupCard, BackupDeck, BackupDocument, BackupMockAnswer, BackupMockRun, BackupNote, BackupNoteEntry,
    BackupReview, BackupStory, BackupVersion,
};
use crate::domain::version::{Register, Version};
use crate::domain::{CardId, DeckId, Kind, NoteTopic, Progress, Scheduler, StoryId};
use crate::error::{Error, Result};
use crate::schedule::fsrs::Model;

const CARD_FIELDS: &str = "guid, kind, section, item_text, detail, context, answer, position,
    ease, interval_days, repetitions, lapses, due, last_reviewed, last_grade, first_reviewed, review_count,
    suspended, retired_at, created_at, updated_at, own_front, own_back, by_hand, content_at";

const REVIEW_FIELDS: &str = "reviewed_at, review_day, grade, effect, origin, duration_ms, ease_before, interval_before,
    reps_before, lapses_before, due_before, last_reviewed_before, last_grade_before, first_reviewed_before,
    ease_after, interval_after, reps_after, due_after";

/// What a backup holds after its decks: the stories, settings, machine, versions and
/// aliases. Read once the decks are, since a backup of some decks keeps only the versions
/// of what those decks hold.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupTail {
    pub stories: Vec<BackupStory>,
    pub settings: ChosenSettings,
    pub machine: String,
    pub versions: Vec<BackupVersion>,
    pub aliases: Vec<BackupAlias>,
}

/// The guids of what a backup's decks hold, gathered as the decks are read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeldGuids {
    decks: Vec<String>,
    cards: HashSet<String>,
}

impl HeldGuids {
    pub fn add(&mut self, deck: &BackupDeck) {
        self.decks.extend(deck.guid.clone());
        self.cards.extend(deck.cards.iter().map(|c| c.guid.clone()));
    }
}

impl Store {
    /// Everything about the given decks, in deck then card order, read in one read
    /// transaction: a backup taken while another prepdeck grades is one moment's database.
    /// With `everything`, stories linked to no card of these decks are kept too (a backup
    /// of every deck holds the whole story bank), and so is every version, removals of
    /// decks and stories no longer here included. What `backup::write` streams deck by deck
    /// without holding it whole; the tests compare with it.
    #[cfg(test)]
    pub fn backup(
        &self,
        decks: &[DeckId],
        everything: bool,
        exported_at: &crate::domain::Timestamp,
    ) -> Result<crate::backup::Backup> {
        self.snapshot(|store| {
            let mut out = Vec::with_capacity(decks.len());
            let mut held = HeldGuids::default();
            for &deck in decks {
                let deck = store.backup_deck(deck)?;
                held.add(&deck);
                out.push(deck);
            }
            let tail = store.backup_tail(decks, everything, &held)?;
            Ok(crate::backup::Backup {
                format: crate::backup::BACKUP_FORMAT.to_string(),
                version: crate::backup::BACKUP_VERSION,
                exported_at: exported_at.to_string(),
                decks: out,
                stories: tail.stories,
                settings: tail.settings,
                machine: Some(tail.machine),
                versions: tail.versions,
                aliases: tail.aliases,
            })
        })
    }

    /// What a backup of `decks` holds after them; `held` names what those decks hold.
    /// Call inside the snapshot the decks were read in.
    pub fn backup_tail(&self, decks: &[DeckId], everything: bool, held: &HeldGuids) -> Result<BackupTail> {
        let stories = read_stories(&self.conn, decks, everything).at(&self.path)?;
        let kept = if everything {
            versions::all_versions(&self.conn).at(&self.path)?
        } else {
            let story_guids: HashSet<String> = stories.iter().map(|s| s.guid.clone()).collect();
            versions::versions_for(&self.conn, &held.decks, &held.cards, &story_guids).at(&self.path)?
        };
        let aliases = versions::aliases(&self.conn)
            .at(&self.path)?
            .into_iter()
            .map(|(alias, canonical)| BackupAlias { alias, canonical })
            .collect();
        Ok(BackupTail {
            stories,
            settings: self.chosen_settings()?,
            machine: self.machine()?,
            versions: kept.into_iter().map(backup_version).collect(),
            aliases,
        })
    }

    /// One deck of a backup, its cards with their logs. Call inside a snapshot.
    pub fn backup_deck(&self, deck: DeckId) -> Result<BackupDeck> {
        type DeckRow = (String, String, Option<NaiveDate>, String, Option<Scheduler>);
        let (guid, name, interview, created_at, scheduler): DeckRow = self
            .conn
            .query_row(
                "SELECT guid, name, interview_date, created_at, scheduler FROM decks WHERE id = ?1",
                [deck],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
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
            guid: Some(guid),
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

/// A version as a backup carries it: its value as JSON.
fn backup_version(version: Version) -> BackupVersion {
    BackupVersion {
        subject: version.register.subject.as_str().to_string(),
        key: version.register.key,
        field: version.register.field.as_str().to_string(),
        value: version
            .value
            .as_deref()
            .and_then(|text| serde_json::from_str(text).ok())
            .unwrap_or(serde_json::Value::Null),
        changed_at: version.changed_at.to_string(),
        machine: version.machine,
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

/// Every logged review of a deck's cards with its id, by card, in the log's order: read
/// card by card through the log's index on cards (filtering the log by its `deck_id`
/// would scan the whole log once for each deck).
fn read_reviews(
    conn: &rusqlite::Connection,
    deck: DeckId,
) -> rusqlite::Result<std::collections::HashMap<i64, Vec<(i64, BackupReview)>>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT card_id, id, {REVIEW_FIELDS} FROM reviews
         WHERE card_id IN (SELECT id FROM cards WHERE deck_id = ?1) ORDER BY card_id, id"
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

/// A card as a merge compares it with a backup's: its identity, its texts and their time,
/// its progress and its log (each row with its id).
#[derive(Debug, Clone, PartialEq)]
pub struct RestoreCard {
    pub id: CardId,
    pub deck: DeckId,
    pub guid: String,
    pub kind: Kind,
    pub item_text: String,
    pub detail: String,
    pub by_hand: bool,
    /// The card's text as its document gives it, with the time it last changed.
    pub content: CardContent,
    pub progress: Progress,
    pub log: Vec<(i64, BackupReview)>,
}

/// What a document gives a card (no user's value among it), and when it last changed: of
/// two, a merge keeps the later.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CardContent {
    /// RFC 3339, as the card row keeps it; compared as instants by the merge.
    pub at: String,
    pub section: String,
    pub item_text: String,
    pub detail: String,
    pub context: String,
    pub position: i64,
    pub retired_at: Option<String>,
}

impl CardContent {
    /// The content of a backup's card.
    #[must_use]
    pub fn of(card: &BackupCard) -> CardContent {
        CardContent {
            at: card.content_at.clone().unwrap_or_else(|| card.created_at.clone()),
            section: card.section.clone(),
            item_text: card.item_text.clone(),
            detail: card.detail.clone(),
            context: card.context.clone(),
            position: card.position,
            retired_at: card.retired_at.clone(),
        }
    }
}

/// A deck a merge writes into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreDeck {
    pub id: DeckId,
    pub guid: String,
    pub name: String,
    pub interview: Option<NaiveDate>,
    /// Its own scheduler; `None` when it follows the default.
    pub scheduler: Option<Scheduler>,
    pub created: bool,
}

/// One backup being merged: everything happens in one transaction (a savepoint inside a
/// batch), committed by [`RestoreWriter::finish`].
pub struct RestoreWriter<'s> {
    tx: Write<'s>,
    path: std::path::PathBuf,
}

impl Store {
    /// Starts merging a backup.
    pub fn begin_restore(&mut self) -> Result<RestoreWriter<'_>> {
        let path = self.path.clone();
        let tx = self.write()?;
        Ok(RestoreWriter { tx, path })
    }
}

impl RestoreWriter<'_> {
    /// Every alias pair this database knows.
    pub fn aliases(&self) -> Result<Vec<(String, String)>> {
        versions::aliases(&self.tx).at(&self.path)
    }

    /// Records that `alias` names what `canonical` names; whether it is new.
    pub fn add_alias(&self, alias: &str, canonical: &str) -> Result<bool> {
        versions::add_alias(&self.tx, alias, canonical).at(&self.path)
    }

    /// Renames a guid (of a card, story or deck) wherever it is used: its row and the keys
    /// of the versions that name it.
    pub fn rename_guid(&self, from: &str, to: &str) -> Result<()> {
        versions::rename_guid(&self.tx, from, to).at(&self.path)
    }

    /// Adds a version to the set; whether the set changed.
    pub fn learn(&self, version: &Version) -> Result<bool> {
        versions::insert_version(&self.tx, version).at(&self.path)
    }

    /// The winning version of a register, among those held now.
    pub fn winner(&self, register: &Register) -> Result<Option<Version>> {
        versions::winner(&self.tx, register).at(&self.path)
    }

    /// Writes every register's winner into its live value.
    pub fn materialise(&self) -> Result<Materialised> {
        versions::materialise_all(&self.tx).at(&self.path)
    }

    /// The deck with this guid.
    pub fn deck_by_guid(&self, guid: &str) -> Result<Option<RestoreDeck>> {
        let id: Option<DeckId> = self
            .tx
            .query_row("SELECT id FROM decks WHERE guid = ?1", [guid], |r| r.get(0))
            .optional()
            .at(&self.path)?;
        id.map(|id| self.deck(id)).transpose()
    }

    /// The deck already holding most of these cards (by guid), if any.
    pub fn deck_holding(&self, guids: &[&str]) -> Result<Option<RestoreDeck>> {
        let mut holding: HashMap<DeckId, usize> = HashMap::new();
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
        let most = holding
            .into_iter()
            .max_by_key(|&(deck, n)| (n, std::cmp::Reverse(deck.0)));
        most.map(|(deck, _)| self.deck(deck)).transpose()
    }

    /// The deck of this name (in any case), as an import finds it.
    pub fn deck_named(&self, name: &str) -> Result<Option<RestoreDeck>> {
        let id: Option<DeckId> = self
            .tx
            .query_row(
                "SELECT id FROM decks WHERE name_key = ?1",
                [name.trim().to_lowercase()],
                |r| r.get(0),
            )
            .optional()
            .at(&self.path)?;
        id.map(|id| self.deck(id)).transpose()
    }

    /// Makes a deck (with `guid`, or a new one when `None`); its name, dates and settings
    /// come from the versions.
    pub fn create_deck(&self, name: &str, created_at: &str, guid: Option<&str>) -> Result<RestoreDeck> {
        self.tx
            .execute(
                "INSERT INTO decks (name, name_key, created_at, guid) VALUES (?1, ?2, ?3, ?4)",
                params![name.trim(), name.trim().to_lowercase(), created_at, guid.unwrap_or("")],
            )
            .at(&self.path)?;
        let id = DeckId(self.tx.last_insert_rowid());
        Ok(RestoreDeck {
            created: true,
            ..self.deck(id)?
        })
    }

    /// A deck as it stands in the merge's transaction.
    pub fn deck(&self, id: DeckId) -> Result<RestoreDeck> {
        self.tx
            .query_row(
                "SELECT guid, name, interview_date, scheduler FROM decks WHERE id = ?1",
                [id],
                |r| {
                    Ok(RestoreDeck {
                        id,
                        guid: r.get(0)?,
                        name: r.get(1)?,
                        interview: r.get(2)?,
                        scheduler: r.get(3)?,
                        created: false,
                    })
                },
            )
            .optional()
            .at(&self.path)?
            .ok_or(Error::DeckGone(id))
    }

    /// The scheduler decks follow by default, as things stand in the merge's transaction.
    pub fn default_scheduler(&self) -> Result<Scheduler> {
        Ok(super::settings::chosen_settings(&self.tx, &self.path)?
            .default_scheduler
            .unwrap_or_default())
    }

    /// The FSRS model of the settings in the merge's transaction.
    pub fn fsrs_model(&self) -> Result<Model> {
        super::settings::model_of(&super::settings::chosen_settings(&self.tx, &self.path)?, &self.path)
    }

    /// Every card of a deck, with its log.
    pub fn deck_cards(&self, deck: DeckId) -> Result<Vec<RestoreCard>> {
        let rows = read_cards(&self.tx, deck).at(&self.path)?;
        let mut reviews = read_reviews(&self.tx, deck).at(&self.path)?;
        Ok(rows
            .into_iter()
            .map(|(id, card)| restore_card(CardId(id), deck, card, reviews.remove(&id).unwrap_or_default()))
            .collect())
    }

    /// The card with this guid, in any deck, with its log.
    pub fn card_by_guid(&self, guid: &str) -> Result<Option<RestoreCard>> {
        let found: Option<(i64, DeckId)> = self
            .tx
            .query_row("SELECT id, deck_id FROM cards WHERE guid = ?1", [guid], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .at(&self.path)?;
        let Some((id, deck)) = found else {
            return Ok(None);
        };
        let card = self
            .tx
            .prepare_cached(&format!("SELECT id, {CARD_FIELDS} FROM cards WHERE id = ?1"))
            .and_then(|mut s| s.query_row([id], card_from_backup_row))
            .at(&self.path)?;
        let log = read_card_reviews(&self.tx, id).at(&self.path)?;
        Ok(Some(restore_card(CardId(id), deck, card, log)))
    }

    /// Adds a backup's card, new (its log and progress are written once the merge has
    /// settled the rules it is replayed under); its values come from the versions.
    pub fn insert_card(&self, deck: DeckId, card: &BackupCard, guid: &str) -> Result<CardId> {
        self.tx
            .prepare_cached(
                "INSERT INTO cards (deck_id, guid, kind, section, item_text, detail, context, position,
                     retired_at, created_at, updated_at, by_hand, content_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    deck,
                    guid,
                    card.kind,
                    card.section,
                    card.item_text,
                    card.detail,
                    card.context,
                    card.position,
                    card.retired_at,
                    card.created_at,
                    card.updated_at,
                    card.by_hand,
                    card.content_at,
                ])
            })
            .at(&self.path)?;
        Ok(CardId(self.tx.last_insert_rowid()))
    }

    /// Gives a card the content of the same card elsewhere, which changed later.
    pub fn set_content(&self, card: CardId, content: &CardContent) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE cards SET section = ?1, item_text = CASE WHEN by_hand THEN item_text ELSE ?2 END,
                     detail = CASE WHEN by_hand THEN detail ELSE ?3 END, context = ?4, position = ?5,
                     retired_at = ?6, content_at = ?7
                 WHERE id = ?8",
            )
            .and_then(|mut s| {
                s.execute(params![
                    content.section,
                    content.item_text,
                    content.detail,
                    content.context,
                    content.position,
                    content.retired_at,
                    content.at,
                    card
                ])
            })
            .at(&self.path)?;
        Ok(())
    }

    /// Gives a card its progress (replayed from its merged log) and review count.
    pub fn set_progress(&self, card: CardId, progress: &Progress, reviews: usize) -> Result<()> {
        super::reviews::write_progress(&self.tx, card, progress).at(&self.path)?;
        self.tx
            .prepare_cached("UPDATE cards SET review_count = ?1 WHERE id = ?2")
            .and_then(|mut s| s.execute(params![reviews as i64, card]))
            .at(&self.path)?;
        Ok(())
    }

    /// The story with this guid.
    pub fn story_by_guid(&self, guid: &str) -> Result<Option<StoryId>> {
        self.tx
            .query_row("SELECT id FROM stories WHERE guid = ?1", [guid], |r| {
                r.get(0).map(StoryId)
            })
            .optional()
            .at(&self.path)
    }

    /// The story of this name (in any case): its guid.
    pub fn story_named(&self, name: &str) -> Result<Option<String>> {
        self.tx
            .query_row(
                "SELECT guid FROM stories WHERE name_key = ?1",
                [name.trim().to_lowercase()],
                |r| r.get(0),
            )
            .optional()
            .at(&self.path)
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

    /// Commits the merge, or with `keep` false (a dry run) drops it all.
    pub fn finish(self, keep: bool) -> Result<()> {
        self.tx.finish(keep).at(&self.path)
    }
}

/// A card read for a merge.
fn restore_card(id: CardId, deck: DeckId, card: BackupCard, log: Vec<(i64, BackupReview)>) -> RestoreCard {
    RestoreCard {
        id,
        deck,
        content: CardContent::of(&card),
        progress: card.progress(),
        log,
        guid: card.guid,
        kind: card.kind,
        item_text: card.item_text,
        detail: card.detail,
        by_hand: card.by_hand,
    }
}

/// One card's logged reviews with their ids, in the log's order.
fn read_card_reviews(conn: &rusqlite::Connection, card: i64) -> rusqlite::Result<Vec<(i64, BackupReview)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, {REVIEW_FIELDS} FROM reviews WHERE card_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([card], |r| Ok((r.get(0)?, review_from_row(r, 1)?)))?;
    rows.collect()
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
        content_at: r.get(25)?,
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

    /// A merge finds a deck by its name as an import does: trimmed, in any case.
    #[test]
    fn a_merge_finds_the_deck_of_a_name_as_an_import_does() {
        let mut store = crate::import::test_store("# Company Profile: Quarry\n## Common Questions\n- Why mining?\n");
        let writer = store.begin_restore().unwrap();
        let found = writer.deck_named(" quarry ").unwrap().unwrap();
        assert_eq!((found.id, found.name.as_str()), (DeckId(1), "Quarry"));
        assert_eq!(writer.deck_named("kelp").unwrap(), None);
        let made = writer
            .create_deck(" Kelp Analytics ", "2026-03-01T09:00:00+00:00", None)
            .unwrap();
        assert_eq!((made.name.as_str(), made.created), ("Kelp Analytics", true));
        assert_eq!(made.guid.len(), 20, "a new deck is given a guid");
        assert_eq!(writer.deck_named("kelp analytics").unwrap().unwrap().id, made.id);
        writer.finish(true).unwrap();
    }
}

//! JSON backups: every field of decks, cards and the review log, written out and restored
//! into any database. Cards are identified by their guid, so restoring twice adds nothing.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use super::decks::ensure_deck;
use super::{AtPath, Store};
use crate::domain::{DeckId, Effect, Grade, Kind, Origin, Progress, Sm2};
use crate::error::Result;

/// Names the format in the file, so `import` can recognise a backup by its content.
pub const BACKUP_FORMAT: &str = "prepdeck-backup";
/// The backup format's version; a reader refuses versions it does not know.
pub const BACKUP_VERSION: u32 = 1;

/// A whole backup file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub decks: Vec<BackupDeck>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupDeck {
    pub name: String,
    pub interview: Option<NaiveDate>,
    pub created_at: String,
    pub cards: Vec<BackupCard>,
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
            // Derived from the log; a restore leaves it to be replayed.
            memory: None,
        }
    }
}

/// What restoring a backup did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestoreOutcome {
    pub decks: Vec<String>,
    pub decks_created: usize,
    /// (kind, item text) of each card added.
    pub added: Vec<(Kind, String)>,
    pub cards_present: usize,
    pub reviews_added: usize,
}

impl Backup {
    /// Recognises a backup by its content: a JSON object naming the backup format.
    #[must_use]
    pub fn looks_like_one(bytes: &[u8]) -> bool {
        let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
        start.is_some_and(|i| bytes[i] == b'{')
            && bytes
                .windows(BACKUP_FORMAT.len())
                .any(|w| w == BACKUP_FORMAT.as_bytes())
    }

    /// Checks what the database would refuse, so a bad backup is named as such and
    /// nothing is written. Returns the first problem found.
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
        for deck in &self.decks {
            if deck.name.trim().is_empty() {
                return Err("a deck has no name".to_string());
            }
            for card in &deck.cards {
                let at = format!("card {} of deck \"{}\"", card.guid, deck.name);
                if card.guid.trim().is_empty() {
                    return Err(format!("a card of deck \"{}\" has no guid", deck.name));
                }
                if !card.ease.is_finite() || card.ease < crate::domain::card::MIN_EASE {
                    return Err(format!("{at} has an impossible schedule"));
                }
            }
        }
        Ok(())
    }
}

const CARD_FIELDS: &str = "guid, kind, section, item_text, detail, context, answer, position,
    ease, interval_days, repetitions, lapses, due, last_reviewed, last_grade, first_reviewed, review_count,
    suspended, retired_at, created_at, updated_at";

const REVIEW_FIELDS: &str = "reviewed_at, review_day, grade, effect, origin, duration_ms, ease_before, interval_before,
    reps_before, lapses_before, due_before, last_reviewed_before, last_grade_before, first_reviewed_before,
    ease_after, interval_after, reps_after, due_after";

impl Store {
    /// Everything about the given decks, in deck then card order.
    pub fn backup(&self, decks: &[DeckId], exported_at: &str) -> Result<Backup> {
        let mut out = Vec::new();
        for &deck in decks {
            let (name, interview, created_at): (String, Option<NaiveDate>, String) = self
                .conn
                .query_row(
                    "SELECT name, interview_date, created_at FROM decks WHERE id = ?1",
                    [deck],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .at(&self.path)?;
            let mut cards_stmt = self
                .conn
                .prepare_cached(&format!(
                    "SELECT id, {CARD_FIELDS} FROM cards WHERE deck_id = ?1 ORDER BY position, id"
                ))
                .at(&self.path)?;
            let mut reviews_stmt = self
                .conn
                .prepare_cached(&format!(
                    "SELECT {REVIEW_FIELDS} FROM reviews WHERE card_id = ?1 ORDER BY id"
                ))
                .at(&self.path)?;
            let rows: Vec<(i64, BackupCard)> = cards_stmt
                .query_map([deck], |r| Ok((r.get(0)?, card_from_backup_row(r)?)))
                .at(&self.path)?
                .collect::<rusqlite::Result<_>>()
                .at(&self.path)?;
            let mut cards = Vec::with_capacity(rows.len());
            for (id, mut card) in rows {
                card.reviews = reviews_stmt
                    .query_map([id], review_from_row)
                    .at(&self.path)?
                    .collect::<rusqlite::Result<_>>()
                    .at(&self.path)?;
                cards.push(card);
            }
            out.push(BackupDeck {
                name,
                interview,
                created_at,
                cards,
            });
        }
        Ok(Backup {
            format: BACKUP_FORMAT.to_string(),
            version: BACKUP_VERSION,
            exported_at: exported_at.to_string(),
            decks: out,
        })
    }

    /// Restores a backup in one transaction. Cards already present (same guid) are left as
    /// they are, so a backup restored twice duplicates nothing. `on_card` is called as each
    /// card is done (a progress bar).
    pub fn restore(&mut self, backup: &Backup, dry_run: bool, on_card: &mut dyn FnMut()) -> Result<RestoreOutcome> {
        let path = self.path.clone();
        let tx = self.write()?;
        let mut outcome = RestoreOutcome::default();
        for deck in &backup.decks {
            let ensured = ensure_deck(&tx, &deck.name, &deck.created_at).at(&path)?;
            let deck_id = ensured.id;
            outcome.decks.push(deck.name.clone());
            if ensured.created {
                outcome.decks_created += 1;
                tx.execute(
                    "UPDATE decks SET interview_date = ?1 WHERE id = ?2",
                    params![deck.interview, deck_id],
                )
                .at(&path)?;
            }
            for card in &deck.cards {
                on_card();
                let present = tx
                    .query_row("SELECT id FROM cards WHERE guid = ?1", [&card.guid], |r| {
                        r.get::<_, i64>(0)
                    })
                    .optional()
                    .at(&path)?;
                if present.is_some() {
                    outcome.cards_present += 1;
                    continue;
                }
                tx.prepare_cached(&format!(
                    "INSERT INTO cards (deck_id, {CARD_FIELDS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,
                         ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)"
                ))
                .and_then(|mut stmt| {
                    stmt.execute(params![
                        deck_id,
                        card.guid,
                        card.kind,
                        card.section,
                        card.item_text,
                        card.detail,
                        card.context,
                        card.answer,
                        card.position,
                        card.ease,
                        card.interval,
                        card.repetitions,
                        card.lapses,
                        card.due,
                        card.last_reviewed,
                        card.last_grade,
                        card.first_reviewed,
                        card.review_count,
                        card.suspended,
                        card.retired_at,
                        card.created_at,
                        card.updated_at
                    ])
                })
                .at(&path)?;
                let card_id = tx.last_insert_rowid();
                outcome.added.push((card.kind, card.item_text.clone()));
                let mut insert = tx
                    .prepare_cached(&format!(
                        "INSERT INTO reviews (card_id, deck_id, {REVIEW_FIELDS}) VALUES (?1, ?20, ?2, ?3, ?4, ?5, ?6, ?7,
                             ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)"
                    ))
                    .at(&path)?;
                for r in &card.reviews {
                    insert
                        .execute(params![
                            card_id,
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
                            r.due_after,
                            deck_id
                        ])
                        .at(&path)?;
                    outcome.reviews_added += 1;
                }
            }
        }
        if dry_run {
            tx.rollback().at(&path)?;
        } else {
            tx.commit().at(&path)?;
        }
        Ok(outcome)
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
    })
}

fn review_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BackupReview> {
    Ok(BackupReview {
        reviewed_at: r.get(0)?,
        review_day: r.get(1)?,
        grade: r.get(2)?,
        effect: r.get(3)?,
        origin: r.get(4)?,
        duration_ms: r.get::<_, Option<i64>>(5)?.map(|ms| ms.max(0) as u64),
        ease_before: r.get(6)?,
        interval_before: r.get(7)?,
        reps_before: r.get(8)?,
        lapses_before: r.get(9)?,
        due_before: r.get(10)?,
        last_reviewed_before: r.get(11)?,
        last_grade_before: r.get(12)?,
        first_reviewed_before: r.get(13)?,
        ease_after: r.get(14)?,
        interval_after: r.get(15)?,
        reps_after: r.get(16)?,
        due_after: r.get(17)?,
    })
}

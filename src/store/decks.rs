//! Decks: one per company, found by case-insensitive name or unique prefix, with their
//! interview dates and card counts.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::{AtPath, Store};
use crate::error::{Error, Result};

/// A deck with its card counts as of a given day.
#[derive(Debug, Clone, PartialEq)]
pub struct Deck {
    pub id: i64,
    pub name: String,
    pub interview: Option<NaiveDate>,
    /// Active cards (neither suspended nor retired).
    pub cards: u32,
    pub new: u32,
    pub learning: u32,
    pub review: u32,
    /// Active cards with an interval of 21 days or more.
    pub mature: u32,
    /// Reviewed cards due today or earlier.
    pub due: u32,
    pub suspended: u32,
    pub retired: u32,
    /// Active questions, and how many have a prepared answer.
    pub questions: u32,
    pub answered: u32,
    /// The day readiness is measured for: the interview while it is ahead, else today.
    pub readiness_day: NaiveDate,
    /// Readiness on `readiness_day` (SPEC §4), 0–100.
    pub readiness: f64,
}

/// How a deck name typed by the user resolved.
pub enum DeckLookup {
    Found(i64),
    Ambiguous(Vec<String>),
    Missing { suggestions: Vec<String> },
}

/// One scan of a deck's cards: counts by state, answers written, and readiness summed
/// with the `recall` SQL function on the deck's readiness day (`?1` is today).
const DECK_SUMMARY: &str = "
    SELECT d.id, d.name, d.interview_date,
        count(c.id) FILTER (WHERE c.retired_at IS NULL AND c.suspended = 0),
        count(c.id) FILTER (WHERE c.retired_at IS NULL AND c.suspended = 0 AND c.last_reviewed IS NULL),
        count(c.id) FILTER (WHERE c.retired_at IS NULL AND c.suspended = 0 AND c.last_reviewed IS NOT NULL AND c.repetitions < 2),
        count(c.id) FILTER (WHERE c.retired_at IS NULL AND c.suspended = 0 AND c.repetitions >= 2),
        count(c.id) FILTER (WHERE c.retired_at IS NULL AND c.suspended = 0 AND c.interval_days >= 21),
        count(c.id) FILTER (WHERE c.retired_at IS NULL AND c.suspended = 0 AND c.due IS NOT NULL AND c.due <= ?1),
        count(c.id) FILTER (WHERE c.retired_at IS NULL AND c.suspended = 1),
        count(c.id) FILTER (WHERE c.retired_at IS NOT NULL),
        count(c.id) FILTER (WHERE c.retired_at IS NULL AND c.suspended = 0 AND c.kind = 'question'),
        count(c.id) FILTER (WHERE c.retired_at IS NULL AND c.suspended = 0 AND c.kind = 'question' AND c.answer != ''),
        CASE WHEN d.interview_date >= ?1 THEN d.interview_date ELSE ?1 END AS target,
        coalesce(sum(recall(julianday(CASE WHEN d.interview_date >= ?1 THEN d.interview_date ELSE ?1 END) - julianday(c.last_reviewed), c.interval_days))
            FILTER (WHERE c.retired_at IS NULL AND c.suspended = 0 AND c.last_grade >= 3), 0)
    FROM decks d LEFT JOIN cards c ON c.deck_id = d.id";

impl Store {
    /// Every deck with its counts on `today`, nearest interview first, then by name.
    pub fn decks(&self, today: NaiveDate) -> Result<Vec<Deck>> {
        let sql = format!(
            "{DECK_SUMMARY} GROUP BY d.id
             ORDER BY d.interview_date IS NULL, d.interview_date, d.name_key"
        );
        let mut stmt = self.conn.prepare_cached(&sql).at(&self.path)?;
        let rows = stmt.query_map([today], deck_from_row).at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// One deck with its counts on `today`.
    pub fn deck(&self, id: i64, today: NaiveDate) -> Result<Deck> {
        let sql = format!("{DECK_SUMMARY} WHERE d.id = ?2 GROUP BY d.id");
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut stmt| stmt.query_row(params![today, id], deck_from_row))
            .at(&self.path)
    }

    /// Resolves a deck name: exact (case-insensitive) first, then a unique prefix.
    pub fn lookup_deck(&self, typed: &str) -> Result<DeckLookup> {
        let wanted = typed.trim().to_lowercase();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, name_key FROM decks ORDER BY name_key")
            .at(&self.path)?;
        let decks: Vec<(i64, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .at(&self.path)?
            .collect::<rusqlite::Result<_>>()
            .at(&self.path)?;
        if let Some((id, _, _)) = decks.iter().find(|(_, _, key)| *key == wanted) {
            return Ok(DeckLookup::Found(*id));
        }
        let prefixed: Vec<&(i64, String, String)> =
            decks.iter().filter(|(_, _, key)| key.starts_with(&wanted)).collect();
        match prefixed.as_slice() {
            [(id, _, _)] => Ok(DeckLookup::Found(*id)),
            [] => {
                let mut scored: Vec<(f64, &String)> = decks
                    .iter()
                    .map(|(_, name, key)| (name_similarity(key, &wanted), name))
                    .filter(|(score, _)| *score >= 0.7)
                    .collect();
                scored.sort_by(|a, b| b.0.total_cmp(&a.0));
                Ok(DeckLookup::Missing {
                    suggestions: scored.into_iter().take(3).map(|(_, n)| n.clone()).collect(),
                })
            }
            many => Ok(DeckLookup::Ambiguous(
                many.iter().map(|(_, name, _)| name.clone()).collect(),
            )),
        }
    }

    /// Resolves a deck name or fails with a sentence that helps the user.
    pub fn find_deck(&self, typed: &str) -> Result<i64> {
        match self.lookup_deck(typed)? {
            DeckLookup::Found(id) => Ok(id),
            DeckLookup::Ambiguous(names) => Err(Error::AmbiguousDeck {
                name: typed.to_string(),
                candidates: names.join(", "),
            }),
            DeckLookup::Missing { suggestions } => {
                let any: bool = self
                    .conn
                    .query_row("SELECT EXISTS (SELECT 1 FROM decks)", [], |r| r.get(0))
                    .at(&self.path)?;
                if !any {
                    return Err(Error::NoDecks);
                }
                let hint = if suggestions.is_empty() {
                    "; `prepdeck decks` lists them".to_string()
                } else {
                    format!(
                        "; did you mean {}?",
                        suggestions
                            .iter()
                            .map(|s| format!("\"{s}\""))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    )
                };
                Err(Error::UnknownDeck {
                    name: typed.to_string(),
                    hint,
                })
            }
        }
    }

    /// Sets or clears a deck's interview date.
    pub fn set_interview(&mut self, deck: i64, date: Option<NaiveDate>) -> Result<()> {
        self.conn
            .execute(
                "UPDATE decks SET interview_date = ?1 WHERE id = ?2",
                params![date, deck],
            )
            .at(&self.path)?;
        Ok(())
    }

    /// The id of the deck with this name (case-insensitive), if there is one.
    pub fn deck_id_by_name(&self, name: &str) -> Result<Option<i64>> {
        self.conn
            .query_row(
                "SELECT id FROM decks WHERE name_key = ?1",
                [name.trim().to_lowercase()],
                |r| r.get(0),
            )
            .optional()
            .at(&self.path)
    }
}

/// How close a typed name is to a deck's name, or to any one of its words (`kelpp` is
/// close to `kelp analytics`).
fn name_similarity(key: &str, typed: &str) -> f64 {
    std::iter::once(key)
        .chain(key.split_whitespace())
        .map(|part| strsim::jaro_winkler(part, typed))
        .fold(0.0, f64::max)
}

fn deck_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Deck> {
    let cards: u32 = row.get(3)?;
    let recall_sum: f64 = row.get(14)?;
    Ok(Deck {
        id: row.get(0)?,
        name: row.get(1)?,
        interview: row.get(2)?,
        cards,
        new: row.get(4)?,
        learning: row.get(5)?,
        review: row.get(6)?,
        mature: row.get(7)?,
        due: row.get(8)?,
        suspended: row.get(9)?,
        retired: row.get(10)?,
        questions: row.get(11)?,
        answered: row.get(12)?,
        readiness_day: row.get(13)?,
        readiness: if cards == 0 { 0.0 } else { 100.0 * recall_sum / f64::from(cards) },
    })
}

/// Creates the deck if it is missing, inside an import's transaction; returns its id and
/// its name as stored (an existing deck keeps the spelling it was created with).
pub(crate) fn ensure_deck(tx: &rusqlite::Connection, name: &str, now: &str) -> rusqlite::Result<(i64, String)> {
    let key = name.trim().to_lowercase();
    if let Some(found) = tx
        .query_row("SELECT id, name FROM decks WHERE name_key = ?1", [&key], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
    {
        return Ok(found);
    }
    tx.execute(
        "INSERT INTO decks (name, name_key, created_at) VALUES (?1, ?2, ?3)",
        params![name.trim(), key, now],
    )?;
    Ok((tx.last_insert_rowid(), name.trim().to_string()))
}

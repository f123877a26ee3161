//! Decks: one per company, found by case-insensitive name or unique prefix, with their
//! interview dates and card counts.

use chrono::NaiveDate;
use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use crate::schedule::readiness::{Readiness, Recall};

use super::{AtPath, Store};
use crate::error::{Error, Result};

/// A deck with its card counts as of a given day.
#[derive(Debug, Clone, PartialEq)]
pub struct Deck {
    pub id: i64,
    pub name: String,
    pub interview: Option<NaiveDate>,
    pub counts: DeckCounts,
    /// The day readiness is measured for: the interview while it is ahead, else today.
    pub readiness_day: NaiveDate,
    /// Readiness on `readiness_day` (SPEC §4), 0–100.
    pub readiness: f64,
}

/// A deck's cards counted by state; totals across decks add these up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DeckCounts {
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
}

impl std::ops::AddAssign for DeckCounts {
    fn add_assign(&mut self, other: DeckCounts) {
        self.cards += other.cards;
        self.new += other.new;
        self.learning += other.learning;
        self.review += other.review;
        self.mature += other.mature;
        self.due += other.due;
        self.suspended += other.suspended;
        self.retired += other.retired;
        self.questions += other.questions;
        self.answered += other.answered;
    }
}

impl Deck {
    fn empty(id: i64, name: String, interview: Option<NaiveDate>, today: NaiveDate) -> Deck {
        Deck {
            id,
            name,
            interview,
            counts: DeckCounts::default(),
            readiness_day: crate::schedule::readiness::target_day(interview, today),
            readiness: 0.0,
        }
    }
}

/// A `YYYY-MM-DD` date as stored.
fn parse_day(text: &str) -> Option<NaiveDate> {
    let (y, rest) = text.split_once('-')?;
    let (m, d) = rest.split_once('-')?;
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

impl Store {
    /// Renames a deck; fails if another deck has the name (in any case).
    pub fn rename_deck(&mut self, deck: i64, name: &str) -> Result<()> {
        let name = name.trim();
        let key = name.to_lowercase();
        let taken: bool = self
            .conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM decks WHERE name_key = ?1 AND id != ?2)",
                params![key, deck],
                |r| r.get(0),
            )
            .at(&self.path)?;
        if taken {
            return Err(Error::DeckExists(name.to_string()));
        }
        self.conn
            .execute(
                "UPDATE decks SET name = ?1, name_key = ?2 WHERE id = ?3",
                params![name, key, deck],
            )
            .at(&self.path)?;
        Ok(())
    }

    /// Deletes a deck with its documents, cards, review log and mock runs.
    pub fn remove_deck(&mut self, deck: i64) -> Result<()> {
        let path = self.path.clone();
        let tx = self.write()?;
        tx.execute("DELETE FROM decks WHERE id = ?1", [deck]).at(&path)?;
        tx.commit().at(&path)
    }
}

/// How a deck name typed by the user resolved.
pub enum DeckLookup {
    Found(i64),
    Ambiguous(Vec<String>),
    Missing { suggestions: Vec<String> },
}

impl Store {
    /// Every deck with its counts on `today`, nearest interview first, then by name.
    pub fn decks(&self, today: NaiveDate) -> Result<Vec<Deck>> {
        Ok(self.summarise(None, today, None)?.0)
    }

    /// One deck with its counts on `today`.
    pub fn deck(&self, id: i64, today: NaiveDate) -> Result<Deck> {
        self.summarise(Some(id), today, None)?
            .0
            .pop()
            .ok_or_else(|| Error::Usage(format!("deck {id} is not in the database")))
    }

    /// Decks with their counts, and how many active cards fall due on each day from
    /// `today` to `horizon` (overdue ones count today): one pass over the cards.
    pub fn decks_and_forecast(
        &self,
        only: Option<i64>,
        today: NaiveDate,
        horizon: NaiveDate,
    ) -> Result<(Vec<Deck>, HashMap<NaiveDate, u32>)> {
        self.summarise(only, today, Some(horizon))
    }

    /// Reads each card's few schedule columns once and tallies them per deck in Rust:
    /// far cheaper than a dozen SQL aggregates over every row.
    fn summarise(
        &self,
        only: Option<i64>,
        today: NaiveDate,
        horizon: Option<NaiveDate>,
    ) -> Result<(Vec<Deck>, HashMap<NaiveDate, u32>)> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, name, interview_date FROM decks WHERE ?1 IS NULL OR id = ?1
                 ORDER BY interview_date IS NULL, interview_date, name_key",
            )
            .at(&self.path)?;
        let mut decks: Vec<Deck> = stmt
            .query_map([only], |r| {
                let interview: Option<NaiveDate> = r.get(2)?;
                Ok(Deck::empty(r.get(0)?, r.get(1)?, interview, today))
            })
            .at(&self.path)?
            .collect::<rusqlite::Result<_>>()
            .at(&self.path)?;
        let slot: HashMap<i64, usize> = decks.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        let mut readiness: Vec<Readiness> = decks.iter().map(|d| Readiness::on(d.readiness_day)).collect();
        let today_text = today.to_string();
        let horizon_text = horizon.map(|h| h.to_string());
        let mut forecast: HashMap<NaiveDate, u32> = HashMap::new();

        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT deck_id, suspended, retired_at IS NOT NULL, last_reviewed, last_grade, interval_days, repetitions,
                        due, kind = 'question', answer != ''
                 FROM cards WHERE ?1 IS NULL OR deck_id = ?1",
            )
            .at(&self.path)?;
        let mut rows = stmt.query([only]).at(&self.path)?;
        while let Some(row) = rows.next().at(&self.path)? {
            let mut tally = || -> rusqlite::Result<()> {
                let Some(&i) = slot.get(&row.get::<_, i64>(0)?) else {
                    return Ok(());
                };
                let deck = &mut decks[i].counts;
                if row.get::<_, bool>(2)? {
                    deck.retired += 1;
                    return Ok(());
                }
                if row.get::<_, bool>(1)? {
                    deck.suspended += 1;
                    return Ok(());
                }
                deck.cards += 1;
                let last_reviewed = row.get_ref(3)?.as_str_or_null()?;
                let interval: i64 = row.get(5)?;
                let repetitions: i64 = row.get(6)?;
                match last_reviewed {
                    None => deck.new += 1,
                    Some(_) if repetitions < 2 => deck.learning += 1,
                    Some(_) => deck.review += 1,
                }
                if interval >= 21 {
                    deck.mature += 1;
                }
                if let Some(due) = row.get_ref(7)?.as_str_or_null()? {
                    if due <= today_text.as_str() {
                        if last_reviewed.is_some() {
                            deck.due += 1;
                        }
                        if horizon_text.is_some() {
                            *forecast.entry(today).or_default() += 1;
                        }
                    } else if horizon_text.as_deref().is_some_and(|h| due <= h)
                        && let Some(day) = parse_day(due)
                    {
                        *forecast.entry(day).or_default() += 1;
                    }
                }
                if row.get::<_, bool>(8)? {
                    deck.questions += 1;
                    if row.get::<_, bool>(9)? {
                        deck.answered += 1;
                    }
                }
                readiness[i].add(Recall {
                    last_reviewed: last_reviewed.and_then(parse_day),
                    last_grade: row.get(4)?,
                    interval: u32::try_from(interval).unwrap_or(0),
                });
                Ok(())
            };
            tally().at(&self.path)?;
        }
        for (deck, tally) in decks.iter_mut().zip(&readiness) {
            deck.readiness = tally.percent();
        }
        Ok((decks, forecast))
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
}

/// How close a typed name is to a deck's name, or to any one of its words (`kelpp` is
/// close to `kelp analytics`).
fn name_similarity(key: &str, typed: &str) -> f64 {
    std::iter::once(key)
        .chain(key.split_whitespace())
        .map(|part| strsim::jaro_winkler(part, typed))
        .fold(0.0, f64::max)
}

/// A deck as an import finds or makes it.
pub(crate) struct EnsuredDeck {
    pub id: i64,
    /// The name as stored: an existing deck keeps the spelling it was created with.
    pub name: String,
    pub created: bool,
}

/// Creates the deck if it is missing (names match in any case), inside an import's
/// transaction.
pub(crate) fn ensure_deck(tx: &rusqlite::Connection, name: &str, now: &str) -> rusqlite::Result<EnsuredDeck> {
    let key = name.trim().to_lowercase();
    if let Some((id, name)) = tx
        .query_row("SELECT id, name FROM decks WHERE name_key = ?1", [&key], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
    {
        return Ok(EnsuredDeck {
            id,
            name,
            created: false,
        });
    }
    tx.execute(
        "INSERT INTO decks (name, name_key, created_at) VALUES (?1, ?2, ?3)",
        params![name.trim(), key, now],
    )?;
    Ok(EnsuredDeck {
        id: tx.last_insert_rowid(),
        name: name.trim().to_string(),
        created: true,
    })
}

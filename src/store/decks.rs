//! Decks: one per company, found by case-insensitive name or unique prefix, with their
//! interview dates; and the per-card facts the deck tallies are made from.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, params};

use super::cards::{progress_columns, progress_from_row};
use super::value::Value;
use super::versions::{Changer, change, deck_guid};
use super::{AtPath, Store};
use crate::domain::card::Prepared;
use crate::domain::version::{Field, Register, Stamp};
use crate::domain::{CardId, CardStatus, DeckId, Scheduler, Timestamp};
use crate::error::{Error, Result};

/// A deck as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deck {
    pub id: DeckId,
    pub name: String,
    pub interview: Option<chrono::NaiveDate>,
    /// The deck's own scheduler, or `None` when it follows the database's default.
    pub scheduler: Option<Scheduler>,
    /// The deck's own daily budget in minutes, or `None` when it follows the config
    /// file's `daily_minutes` (or has none).
    pub daily_minutes: Option<u32>,
}

impl Store {
    /// Renames a deck; fails if another deck has the name (in any case).
    pub fn rename_deck(&mut self, deck: DeckId, name: &str) -> Result<()> {
        let name = name.trim();
        let key = name.to_lowercase();
        let changer = self.changer()?;
        let path = self.path.clone();
        // The check and the change in one transaction: another prepdeck cannot take the
        // name in between.
        let tx = self.write()?;
        let taken: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM decks WHERE name_key = ?1 AND id != ?2)",
                params![key, deck],
                |r| r.get(0),
            )
            .at(&path)?;
        if taken {
            return Err(Error::DeckExists(name.to_string()));
        }
        let guid = deck_guid(&tx, deck).at(&path)?.ok_or(Error::DeckGone(deck))?;
        let value = Value::Text(name.to_string());
        change(&tx, &changer, &Register::deck(&guid, Field::Name), Some(&value)).at(&path)?;
        tx.commit().at(&path)
    }

    /// What identifies a deck across renames, restores and re-imports: the guid of its
    /// first card (guids begin with their creation time, a backup carries them, and cards
    /// are retired, never deleted); the lower-cased name for a deck without cards.
    pub fn deck_identity(&self, deck: DeckId) -> Result<String> {
        self.conn
            .query_row(
                "SELECT coalesce((SELECT min(guid) FROM cards WHERE deck_id = ?1), name_key)
                 FROM decks WHERE id = ?1",
                [deck],
                |r| r.get(0),
            )
            .optional()
            .at(&self.path)?
            .ok_or(Error::DeckGone(deck))
    }

    /// Deletes a deck with its documents, cards, review log and mock runs; recorded as the
    /// deck's removal, so a merge with a machine that still has it removes it there too.
    pub fn remove_deck(&mut self, deck: DeckId) -> Result<()> {
        let changer = self.changer()?;
        let path = self.path.clone();
        let tx = self.write()?;
        let guid = deck_guid(&tx, deck).at(&path)?.ok_or(Error::DeckGone(deck))?;
        change(&tx, &changer, &Register::deck(&guid, Field::Present), None).at(&path)?;
        tx.commit().at(&path)
    }
}

/// Every deck's name, for shell completion: read-only, without creating, migrating or
/// waiting long on the database; no file means no decks.
pub fn deck_names(path: &std::path::Path) -> Result<Vec<String>> {
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let access = super::files::access_of(path);
    super::inspect_existing(path, access)?;
    let read_only = match access {
        super::files::Access::ReadWrite => super::files::Access::ReadOnly,
        other => other,
    };
    let conn = super::files::open_connection(path, read_only)?;
    conn.busy_timeout(std::time::Duration::from_millis(200)).at(path)?;
    let mut stmt = conn.prepare("SELECT name FROM decks ORDER BY name_key").at(path)?;
    let names = stmt.query_map([], |r| r.get(0)).at(path)?;
    names.collect::<rusqlite::Result<_>>().at(path)
}

/// Names listed when a typed name matches several, before the rest are counted.
const NAMES_SHOWN: usize = 5;

/// The first few of `names`, quoted, and how many more there are: `"A", "B", and 7 more`.
pub(super) fn some_names<S: std::fmt::Display>(names: impl ExactSizeIterator<Item = S>) -> String {
    let total = names.len();
    let mut shown: Vec<String> = names.take(NAMES_SHOWN).map(|n| format!("\"{n}\"")).collect();
    if total > NAMES_SHOWN {
        shown.push(format!("and {} more", total - NAMES_SHOWN));
    }
    shown.join(", ")
}

/// How a deck name typed by the user resolved.
pub enum DeckLookup {
    Found(DeckId),
    Ambiguous(Vec<String>),
    Missing { suggestions: Vec<String> },
}

impl Store {
    /// Every deck (or just `only`), nearest interview first, then by name.
    pub fn decks(&self, only: Option<DeckId>) -> Result<Vec<Deck>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, name, interview_date, scheduler, daily_minutes FROM decks WHERE ?1 IS NULL OR id = ?1
                 ORDER BY interview_date IS NULL, interview_date, name_key",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([only], |r| {
                Ok(Deck {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    interview: r.get(2)?,
                    scheduler: r.get(3)?,
                    daily_minutes: r.get(4)?,
                })
            })
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// One deck; [`Error::DeckGone`] if it was removed meanwhile.
    pub fn deck(&self, id: DeckId) -> Result<Deck> {
        self.decks(Some(id))?.pop().ok_or(Error::DeckGone(id))
    }

    /// Hands each card's status (of every deck, or just `only`) to `visit`, one row at a
    /// time: the deck tallies read a hundred thousand cards without holding them. Each
    /// deck's scheduler and the cards with a linked story are read once, not per card.
    pub fn visit_card_statuses(&self, only: Option<DeckId>, mut visit: impl FnMut(&CardStatus)) -> Result<()> {
        let default = self.default_scheduler()?;
        let schedulers: HashMap<DeckId, Scheduler> = self
            .decks(only)?
            .into_iter()
            .map(|deck| (deck.id, deck.scheduler.unwrap_or(default)))
            .collect();
        let with_story: HashSet<CardId> = self
            .conn
            .prepare_cached("SELECT DISTINCT card_id FROM story_links")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .at(&self.path)?;
        let mut stmt = self
            .conn
            .prepare_cached(concat!(
                "SELECT c.deck_id, c.kind, c.suspended, c.retired_at IS NOT NULL, c.answer != '', c.id, ",
                progress_columns!("c."),
                " FROM cards c WHERE ?1 IS NULL OR c.deck_id = ?1",
            ))
            .at(&self.path)?;
        let mut rows = stmt.query([only]).at(&self.path)?;
        while let Some(r) = rows.next().at(&self.path)? {
            let status = (|| -> rusqlite::Result<Option<CardStatus>> {
                let deck: DeckId = r.get(0)?;
                let id: CardId = r.get(5)?;
                // A card of a deck created since the decks were read is not counted.
                let Some(&scheduler) = schedulers.get(&deck) else {
                    return Ok(None);
                };
                Ok(Some(CardStatus {
                    id,
                    deck,
                    scheduler,
                    kind: r.get(1)?,
                    suspended: r.get(2)?,
                    retired: r.get(3)?,
                    prepared: Prepared {
                        own_answer: r.get(4)?,
                        story: with_story.contains(&id),
                    },
                    progress: progress_from_row(r, 6)?,
                }))
            })()
            .at(&self.path)?;
            if let Some(status) = status {
                visit(&status);
            }
        }
        Ok(())
    }

    /// Resolves a deck name: exact (case-insensitive) first, then a unique prefix.
    pub fn lookup_deck(&self, typed: &str) -> Result<DeckLookup> {
        let wanted = typed.trim().to_lowercase();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, name_key FROM decks ORDER BY name_key")
            .at(&self.path)?;
        let decks: Vec<(DeckId, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .at(&self.path)?
            .collect::<rusqlite::Result<_>>()
            .at(&self.path)?;
        if let Some((id, _, _)) = decks.iter().find(|(_, _, key)| *key == wanted) {
            return Ok(DeckLookup::Found(*id));
        }
        let prefixed: Vec<&(DeckId, String, String)> =
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
    pub fn find_deck(&self, typed: &str) -> Result<DeckId> {
        match self.lookup_deck(typed)? {
            DeckLookup::Found(id) => Ok(id),
            DeckLookup::Ambiguous(names) => Err(Error::AmbiguousDeck {
                name: typed.to_string(),
                count: names.len(),
                candidates: some_names(names.iter()),
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

    /// The scheduler a deck follows: its own, or the database's default.
    pub fn scheduler_of(&self, deck: DeckId) -> Result<Scheduler> {
        match self.deck(deck)?.scheduler {
            Some(own) => Ok(own),
            None => self.default_scheduler(),
        }
    }

    /// Sets a deck's own scheduler, or (`None`) makes it follow the database's default.
    pub fn set_deck_scheduler(&mut self, deck: DeckId, scheduler: Option<Scheduler>) -> Result<()> {
        self.change_deck(deck, Field::Scheduler, scheduler.map(Value::Scheduler).as_ref())
    }

    /// Sets or clears a deck's interview date.
    pub fn set_interview(&mut self, deck: DeckId, date: Option<chrono::NaiveDate>) -> Result<()> {
        self.change_deck(deck, Field::Interview, date.map(Value::Day).as_ref())
    }

    /// Sets a deck's daily budget in minutes (1–1440), or (`None`) makes it follow the
    /// config file.
    pub fn set_daily_minutes(&mut self, deck: DeckId, minutes: Option<u32>) -> Result<()> {
        self.change_deck(deck, Field::DailyMinutes, minutes.map(Value::Minutes).as_ref())
    }

    /// Changes one of a deck's registers, in one unit of writing: each of a deck's settings
    /// passes through here.
    fn change_deck(&mut self, deck: DeckId, field: Field, value: Option<&Value>) -> Result<()> {
        let guid = deck_guid(&self.conn, deck)
            .at(&self.path)?
            .ok_or(Error::DeckGone(deck))?;
        self.change_one(&Register::deck(&guid, field), value)?;
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
    pub id: DeckId,
    /// The name as stored: an existing deck keeps the spelling it was created with.
    pub name: String,
    pub created: bool,
}

/// Creates the deck if it is missing (names match in any case), inside an import's
/// transaction.
pub(crate) fn ensure_deck(tx: &rusqlite::Connection, name: &str, now: &Timestamp) -> rusqlite::Result<EnsuredDeck> {
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
    let id = DeckId(tx.last_insert_rowid());
    // The deck's name is its first version: a deck made on two machines from one document
    // takes one name when they meet.
    if let Some(guid) = deck_guid(tx, id)? {
        let changer = Changer {
            machine: super::versions::machine(tx)?,
            now: Stamp::from_rfc3339(now.as_str()).unwrap_or(Stamp::EPOCH),
        };
        let value = Value::Text(name.trim().to_string());
        change(tx, &changer, &Register::deck(&guid, Field::Name), Some(&value))?;
    }
    Ok(EnsuredDeck {
        id,
        name: name.trim().to_string(),
        created: true,
    })
}

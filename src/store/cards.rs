//! Cards: reading them with their deck and schedule, the queries behind `cards`, `due`
//! and `drill`, answers, suspension.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::{AtPath, Store, deck_filter};
use crate::domain::{Card, CardId, DeckId, Kind, Memory, NewCardUsage, Place, Progress, Sm2, StoryText};
use crate::error::{Error, Result};

/// Which cards `cards` lists.
#[derive(Debug, Clone, Default)]
pub struct CardFilter {
    pub deck: Option<DeckId>,
    pub kind: Option<Kind>,
    /// Include suspended and retired cards.
    pub all: bool,
}

const CARD_COLUMNS: &str = "
    c.id, c.guid, c.deck_id, d.name, d.interview_date, c.kind, c.section, c.item_text,
    c.detail, c.context, c.answer, c.position, c.review_count, c.suspended, c.retired_at IS NOT NULL,
    c.ease, c.interval_days, c.repetitions, c.lapses, c.due, c.last_reviewed, c.last_grade, c.first_reviewed,
    c.stability, c.difficulty, c.memory_day,
    coalesce(d.scheduler, (SELECT value FROM settings WHERE key = 'scheduler'), 'sm2'),
    p.number, p.count";

/// Where a card's progress starts in a row of [`CARD_COLUMNS`].
const PROGRESS_AT: usize = 15;

/// A card's progress from eleven columns of a row, from `at` on, in this order: ease,
/// interval_days, repetitions, lapses, due, last_reviewed, last_grade, first_reviewed,
/// stability, difficulty, memory_day.
pub(super) fn progress_from_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Progress> {
    Ok(Progress {
        sm2: Sm2 {
            ease: r.get(at)?,
            interval: r.get(at + 1)?,
            repetitions: r.get(at + 2)?,
        },
        lapses: r.get(at + 3)?,
        due: r.get(at + 4)?,
        last_reviewed: r.get(at + 5)?,
        last_grade: r.get(at + 6)?,
        first_reviewed: r.get(at + 7)?,
        memory: memory_from(r.get(at + 8)?, r.get(at + 9)?, r.get(at + 10)?),
    })
}

/// A card's FSRS memory from its three columns (all set, or the card has none).
pub(super) fn memory_from(
    stability: Option<f64>,
    difficulty: Option<f64>,
    day: Option<chrono::NaiveDate>,
) -> Option<Memory> {
    Some(Memory {
        stability: stability?,
        difficulty: difficulty?,
        day: day?,
    })
}

/// `SELECT` of whole cards (`c`) with their deck (`d`), to be followed by `WHERE`.
/// `scope` is a condition on `cards` that holds for every card the query reads: within
/// it, each talking point and question to ask gets its number in its list (the cards of
/// its document, kind and section that are not retired, in document order), which its
/// front shows. Only those two kinds are numbered, and only within `scope`, so that a
/// query of one card or one deck numbers no more than that deck.
pub(super) fn select_cards(scope: &str) -> String {
    format!(
        "WITH places AS (
             SELECT id,
                 row_number() OVER list AS number,
                 count(*) OVER (PARTITION BY deck_id, document_id, kind, section) AS count
             FROM cards
             WHERE retired_at IS NULL AND kind IN ('talking-point', 'ask') AND ({scope})
             WINDOW list AS (PARTITION BY deck_id, document_id, kind, section ORDER BY position, id)
         )
         SELECT {CARD_COLUMNS} FROM cards c JOIN decks d ON d.id = c.deck_id LEFT JOIN places p ON p.id = c.id"
    )
}

/// The scope of a query of one card `?1`: its deck.
pub(super) const ONE_CARD_SCOPE: &str = "deck_id = (SELECT deck_id FROM cards WHERE id = ?1)";

/// A card from a row of [`select_cards`].
pub(super) fn card_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Card> {
    Ok(Card {
        id: r.get(0)?,
        guid: r.get(1)?,
        deck_id: r.get(2)?,
        deck: r.get(3)?,
        interview: r.get(4)?,
        kind: r.get(5)?,
        section: r.get(6)?,
        item_text: r.get(7)?,
        detail: r.get(8)?,
        context: r.get(9)?,
        answer: r.get(10)?,
        position: r.get(11)?,
        progress: progress_from_row(r, PROGRESS_AT)?,
        reviews: r.get(12)?,
        suspended: r.get(13)?,
        retired: r.get(14)?,
        stories: Vec::new(),
        scheduler: r.get(26)?,
        place: match (r.get::<_, Option<u32>>(27)?, r.get::<_, Option<u32>>(28)?) {
            (Some(number), Some(of)) => Some(Place { number, of }),
            _ => None,
        },
    })
}

impl Store {
    /// One card by id, whatever its state.
    pub fn card(&self, id: CardId) -> Result<Card> {
        let sql = format!("{} WHERE c.id = ?1", select_cards(ONE_CARD_SCOPE));
        let card = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut s| s.query_row([id], card_from_row).optional())
            .at(&self.path)?
            .ok_or_else(|| Error::UnknownCard(id.to_string()))?;
        let mut cards = [card];
        self.attach_stories(&mut cards)?;
        let [card] = cards;
        Ok(card)
    }

    /// Cards for listing: by deck (nearest interview first), kind, then document order.
    pub fn cards(&self, filter: &CardFilter) -> Result<Vec<Card>> {
        let sql = format!(
            "{} WHERE (?1 IS NULL OR c.deck_id = ?1)
               AND (?2 IS NULL OR c.kind = ?2)
               AND (?3 OR (c.retired_at IS NULL AND c.suspended = 0))
             ORDER BY d.interview_date IS NULL, d.interview_date, d.name_key, c.position, c.id",
            select_cards("?1 IS NULL OR deck_id = ?1")
        );
        let mut stmt = self.conn.prepare_cached(&sql).at(&self.path)?;
        let rows = stmt
            .query_map(params![filter.deck, filter.kind, filter.all], card_from_row)
            .at(&self.path)?;
        let mut cards: Vec<Card> = rows.collect::<rusqlite::Result<_>>().at(&self.path)?;
        self.attach_stories(&mut cards)?;
        Ok(cards)
    }

    /// Enough of the active cards due on or before `today` (in the given decks, all when
    /// empty) to fill the first `limit` places of the queue: every one of the decks whose
    /// interview is today or tomorrow (the limit never hides those), the first `limit` of
    /// the other decks with an interview ahead (ordered by the whole queue key) and the
    /// first `limit` of the decks without one (in the order of the `cards_due` index, so
    /// nothing is sorted).
    pub fn due_cards(&self, decks: &[DeckId], today: NaiveDate, limit: usize) -> Result<Vec<Card>> {
        let filter = deck_filter("c.deck_id", decks);
        let active = "c.due IS NOT NULL AND c.due <= ?1 AND c.suspended = 0 AND c.retired_at IS NULL";
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let tomorrow = crate::schedule::sm2::add_days(today, 1);
        let select = select_cards(&format!("1 {}", deck_filter("deck_id", decks)));
        let imminent =
            format!("{select} WHERE {active} AND d.interview_date >= ?1 AND d.interview_date <= ?2 {filter}");
        let with_interview = format!(
            "{select} WHERE {active} AND d.interview_date > ?3 {filter}
             ORDER BY c.due, d.interview_date, c.deck_id, c.position, c.id LIMIT ?2"
        );
        let without = format!(
            "{select} WHERE {active} AND (d.interview_date IS NULL OR d.interview_date < ?1) {filter}
             ORDER BY c.due, c.deck_id, c.position LIMIT ?2"
        );
        let mut cards = self.query_cards(&imminent, (today, tomorrow))?;
        cards.extend(self.query_cards(&with_interview, (today, limit, tomorrow))?);
        cards.extend(self.query_cards(&without, (today, limit))?);
        Ok(cards)
    }

    /// The first `limit` never-reviewed active cards of each kind in one deck, in document
    /// order: enough for the queue to introduce any mix of kinds up to `limit`.
    pub fn new_cards(&self, deck: DeckId, limit: usize) -> Result<Vec<Card>> {
        let sql = format!(
            "{} WHERE c.id IN (
                 SELECT id FROM (
                     SELECT id, row_number() OVER (PARTITION BY kind ORDER BY position, id) AS nth
                     FROM cards
                     WHERE deck_id = ?1 AND last_reviewed IS NULL AND suspended = 0 AND retired_at IS NULL
                 ) WHERE nth <= ?2
             )
             ORDER BY c.position, c.id",
            select_cards("deck_id = ?1")
        );
        self.query_cards(&sql, (deck, i64::try_from(limit).unwrap_or(i64::MAX)))
    }

    /// Active cards of one deck, optionally of one kind.
    pub fn active_cards(&self, deck: DeckId, kind: Option<Kind>) -> Result<Vec<Card>> {
        self.cards(&CardFilter {
            deck: Some(deck),
            kind,
            all: false,
        })
    }

    /// What today's new-card quota of each deck (all when `decks` is empty) depends on:
    /// its interview date, the cards first reviewed today, and, for a deck whose interview
    /// is today or ahead, the cards not yet reviewed at the start of today.
    pub fn new_card_usage(&self, decks: &[DeckId], today: NaiveDate) -> Result<Vec<NewCardUsage>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.interview_date,
                    (SELECT count(*) FROM cards c WHERE c.first_reviewed = ?1 AND c.deck_id = d.id
                        AND c.suspended = 0 AND c.retired_at IS NULL),
                    CASE WHEN d.interview_date >= ?1 THEN
                        (SELECT count(*) FROM cards c WHERE c.deck_id = d.id AND c.last_reviewed IS NULL
                            AND c.suspended = 0 AND c.retired_at IS NULL)
                    ELSE 0 END,
                    EXISTS (SELECT 1 FROM cards c WHERE c.deck_id = d.id AND c.last_reviewed IS NULL
                        AND c.suspended = 0 AND c.retired_at IS NULL)
                 FROM decks d",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([today], |r| {
                let introduced: i64 = r.get(2)?;
                let never_reviewed: i64 = r.get(3)?;
                Ok(NewCardUsage {
                    deck: r.get(0)?,
                    interview: r.get(1)?,
                    introduced_today: introduced as usize,
                    unseen_at_start_of_day: (never_reviewed + introduced) as usize,
                    has_new: r.get(4)?,
                })
            })
            .at(&self.path)?;
        let all: Vec<NewCardUsage> = rows.collect::<rusqlite::Result<_>>().at(&self.path)?;
        Ok(all
            .into_iter()
            .filter(|u| decks.is_empty() || decks.contains(&u.deck))
            .collect())
    }

    /// Writes the user's answer (a question's back, or notes on other kinds).
    pub fn set_answer(&mut self, id: CardId, answer: &str, now: &str) -> Result<()> {
        let changed = self
            .conn
            .execute(
                "UPDATE cards SET answer = ?1, updated_at = ?2 WHERE id = ?3",
                params![answer, now, id],
            )
            .at(&self.path)?;
        if changed == 0 {
            return Err(Error::UnknownCard(id.to_string()));
        }
        Ok(())
    }

    /// Writes the user's answer only if the card's answer is still `before` (what an
    /// editor was opened on); false when another writer changed it meanwhile.
    pub fn set_answer_if(&mut self, id: CardId, before: &str, answer: &str, now: &str) -> Result<bool> {
        let changed = self
            .conn
            .execute(
                "UPDATE cards SET answer = ?1, updated_at = ?2 WHERE id = ?3 AND answer = ?4",
                params![answer, now, id, before],
            )
            .at(&self.path)?;
        if changed == 0 {
            self.card(id)?;
        }
        Ok(changed > 0)
    }

    /// Suspends or resumes a card.
    pub fn set_suspended(&mut self, id: CardId, suspended: bool, now: &str) -> Result<()> {
        let changed = self
            .conn
            .execute(
                "UPDATE cards SET suspended = ?1, updated_at = ?2 WHERE id = ?3",
                params![suspended, now, id],
            )
            .at(&self.path)?;
        if changed == 0 {
            return Err(Error::UnknownCard(id.to_string()));
        }
        Ok(())
    }

    /// The earliest due day after `today` among active cards of the given decks.
    pub fn next_due_after(&self, decks: &[DeckId], today: NaiveDate) -> Result<Option<NaiveDate>> {
        let sql = format!(
            "SELECT min(c.due) FROM cards c WHERE c.due > ?1 AND c.suspended = 0 AND c.retired_at IS NULL {}",
            deck_filter("c.deck_id", decks)
        );
        self.conn.query_row(&sql, [today], |r| r.get(0)).at(&self.path)
    }

    fn query_cards<P: rusqlite::Params>(&self, sql: &str, params: P) -> Result<Vec<Card>> {
        let mut stmt = self.conn.prepare_cached(sql).at(&self.path)?;
        let rows = stmt.query_map(params, card_from_row).at(&self.path)?;
        let mut cards: Vec<Card> = rows.collect::<rusqlite::Result<_>>().at(&self.path)?;
        self.attach_stories(&mut cards)?;
        Ok(cards)
    }

    /// Fills in each card's linked stories (a few hundred links at most, read at once).
    fn attach_stories(&self, cards: &mut [Card]) -> Result<()> {
        if cards.is_empty() {
            return Ok(());
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT l.card_id, s.name, s.body FROM story_links l JOIN stories s ON s.id = l.story_id
                 ORDER BY l.card_id, l.linked_at, s.name_key",
            )
            .at(&self.path)?;
        let mut rows = stmt.query([]).at(&self.path)?;
        let mut by_card: std::collections::HashMap<CardId, Vec<StoryText>> = std::collections::HashMap::new();
        while let Some(row) = rows.next().at(&self.path)? {
            let card: CardId = row.get(0).at(&self.path)?;
            by_card.entry(card).or_default().push(StoryText {
                name: row.get(1).at(&self.path)?,
                body: row.get(2).at(&self.path)?,
            });
        }
        if by_card.is_empty() {
            return Ok(());
        }
        for card in cards {
            if let Some(stories) = by_card.get(&card.id) {
                card.stories.clone_from(stories);
            }
        }
        Ok(())
    }
}

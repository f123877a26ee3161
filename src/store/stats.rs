//! Aggregates behind `decks` and `stats` that read the review log's daily totals
//! (`deck_days`, kept by triggers): recent retention and time per deck, and streak days.
//! None reads the whole log.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{AtPath, Store};
use crate::domain::DeckId;
use crate::error::Result;

/// Per-deck figures from the recent review log.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeckAggregates {
    /// Reviews in the window graded 3 or more, and all reviews in the window.
    pub passed: u32,
    pub reviewed: u32,
    /// Mean time to answer over the window's reviews that recorded one.
    pub mean_answer_ms: Option<f64>,
    pub reviews_today: u32,
    pub ms_today: u64,
}

impl Store {
    /// Review-log figures per deck from `window_start` through `today`.
    pub fn deck_aggregates(
        &self,
        window_start: NaiveDate,
        today: NaiveDate,
    ) -> Result<HashMap<DeckId, DeckAggregates>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT deck_id,
                    sum(passed),
                    sum(reviews),
                    CASE WHEN sum(timed) > 0 THEN CAST(sum(milliseconds) AS REAL) / sum(timed) END,
                    coalesce(sum(reviews) FILTER (WHERE day = ?2), 0),
                    coalesce(sum(milliseconds) FILTER (WHERE day = ?2), 0)
                 FROM deck_days WHERE day >= ?1 AND day <= ?2 GROUP BY deck_id",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map((window_start, today), |r| {
                Ok((
                    r.get(0)?,
                    DeckAggregates {
                        passed: r.get(1)?,
                        reviewed: r.get(2)?,
                        mean_answer_ms: r.get(3)?,
                        reviews_today: r.get(4)?,
                        ms_today: r.get::<_, i64>(5)?.max(0) as u64,
                    },
                ))
            })
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// The latest `count` days with a review (of one deck, or of any), newest first from
    /// `today`.
    pub fn review_days(&self, deck: Option<DeckId>, today: NaiveDate, count: usize) -> Result<Vec<NaiveDate>> {
        let sql = match deck {
            Some(_) => "SELECT day FROM deck_days WHERE deck_id = ?2 AND day <= ?1 ORDER BY day DESC LIMIT ?3",
            None => "SELECT DISTINCT day FROM deck_days WHERE day <= ?1 AND ?2 IS NULL ORDER BY day DESC LIMIT ?3",
        };
        let count = i64::try_from(count).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(sql).at(&self.path)?;
        let rows = stmt.query_map((today, deck, count), |r| r.get(0)).at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// Whether no card (of one deck, or of any) was due on any day from `from` to `to`,
    /// days on which it had no review: each card as its last schedule-setting review before
    /// `from` left it (new cards are never due; suspended and retired ones are left out).
    /// Only cards first reviewed before `from` can have such a review: the others are not
    /// looked at (a streak reaching back over old gaps reads only the cards of that time).
    pub fn nothing_due_between(&self, deck: Option<DeckId>, from: NaiveDate, to: NaiveDate) -> Result<bool> {
        // One statement per scope, so that a deck's is read through its own cards.
        let scope = match deck {
            Some(_) => "c.deck_id = ?1",
            None => "?1 IS NULL",
        };
        self.conn
            .prepare_cached(&format!(
                "SELECT NOT EXISTS (
                     SELECT 1 FROM cards c
                     WHERE {scope} AND c.first_reviewed < ?2 AND c.suspended = 0 AND c.retired_at IS NULL
                         AND c.last_reviewed IS NOT NULL
                         AND (SELECT r.due_after FROM reviews r
                              WHERE r.card_id = c.id AND r.effect = 'review' AND r.review_day < ?2
                              ORDER BY r.reviewed_at DESC, r.id DESC LIMIT 1) <= ?3)"
            ))
            .and_then(|mut s| s.query_row((deck, from, to), |r| r.get(0)))
            .at(&self.path)
    }

    /// Runs `read` inside one read transaction: one consistent snapshot, and the locking
    /// paid once rather than per query.
    pub fn snapshot<T>(&self, read: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        let tx = self.conn.unchecked_transaction().at(&self.path)?;
        let result = read(self);
        tx.finish().at(&self.path)?;
        result
    }
}

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

    /// The days with a review, newest first from `today`, read only as far back as the
    /// first gap (today may be missing): all a streak needs, however long the history.
    pub fn recent_review_days(&self, deck: Option<DeckId>, today: NaiveDate) -> Result<Vec<NaiveDate>> {
        let sql = match deck {
            Some(_) => "SELECT day FROM deck_days WHERE deck_id = ?2 AND day <= ?1 ORDER BY day DESC",
            None => "SELECT DISTINCT day FROM deck_days WHERE day <= ?1 AND ?2 IS NULL ORDER BY day DESC",
        };
        let mut stmt = self.conn.prepare_cached(sql).at(&self.path)?;
        let mut rows = stmt.query((today, deck)).at(&self.path)?;
        let mut days: Vec<NaiveDate> = Vec::new();
        let mut expected = today;
        while let Some(row) = rows.next().at(&self.path)? {
            let day: NaiveDate = row.get(0).at(&self.path)?;
            if (expected - day).num_days() > 1 {
                break;
            }
            days.push(day);
            expected = day;
        }
        Ok(days)
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

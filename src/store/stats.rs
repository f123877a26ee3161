//! Aggregates behind `decks` and `stats`, computed in SQL per deck: recall inputs,
//! retention, review days, answers written, answer time, and the due forecast.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{AtPath, Store};
use crate::error::Result;
use crate::schedule::readiness::Recall;

/// Per-deck aggregates of the review log and cards.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeckAggregates {
    /// Reviews in the window graded 3 or more, and all reviews in the window.
    pub passed: u32,
    pub reviewed: u32,
    /// Days with at least one review (any window), newest first.
    pub days: Vec<NaiveDate>,
    pub questions: u32,
    pub answered: u32,
    /// Mean time to answer, over reviews that recorded one.
    pub mean_answer_ms: Option<f64>,
    pub reviews_today: u32,
    pub ms_today: u64,
}

impl Store {
    /// What readiness needs of every active card, by deck.
    pub fn recall_by_deck(&self) -> Result<HashMap<i64, Vec<Recall>>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT deck_id, last_reviewed, last_grade, interval_days FROM cards
                 WHERE suspended = 0 AND retired_at IS NULL",
            )
            .at(&self.path)?;
        let mut out: HashMap<i64, Vec<Recall>> = HashMap::new();
        let mut rows = stmt.query([]).at(&self.path)?;
        while let Some(row) = rows.next().at(&self.path)? {
            let recall = Recall {
                last_reviewed: row.get(1).at(&self.path)?,
                last_grade: row.get(2).at(&self.path)?,
                interval: row.get(3).at(&self.path)?,
            };
            out.entry(row.get(0).at(&self.path)?).or_default().push(recall);
        }
        Ok(out)
    }

    /// Review-log aggregates per deck: retention since `window_start`, review days, today's
    /// work, answers written and answer time.
    pub fn deck_aggregates(&self, window_start: NaiveDate, today: NaiveDate) -> Result<HashMap<i64, DeckAggregates>> {
        let mut out: HashMap<i64, DeckAggregates> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT c.deck_id,
                    count(*) FILTER (WHERE r.review_day >= ?1 AND r.grade >= 3),
                    count(*) FILTER (WHERE r.review_day >= ?1),
                    avg(r.duration_ms),
                    count(*) FILTER (WHERE r.review_day = ?2),
                    coalesce(sum(r.duration_ms) FILTER (WHERE r.review_day = ?2), 0)
                 FROM reviews r JOIN cards c ON c.id = r.card_id GROUP BY c.deck_id",
            )
            .at(&self.path)?;
        let mut rows = stmt.query((window_start, today)).at(&self.path)?;
        while let Some(row) = rows.next().at(&self.path)? {
            let entry = out.entry(row.get(0).at(&self.path)?).or_default();
            entry.passed = row.get(1).at(&self.path)?;
            entry.reviewed = row.get(2).at(&self.path)?;
            entry.mean_answer_ms = row.get(3).at(&self.path)?;
            entry.reviews_today = row.get(4).at(&self.path)?;
            entry.ms_today = row.get::<_, i64>(5).at(&self.path)?.max(0) as u64;
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT c.deck_id, r.review_day FROM reviews r JOIN cards c ON c.id = r.card_id
                 ORDER BY c.deck_id, r.review_day DESC",
            )
            .at(&self.path)?;
        let mut rows = stmt.query([]).at(&self.path)?;
        while let Some(row) = rows.next().at(&self.path)? {
            out.entry(row.get(0).at(&self.path)?)
                .or_default()
                .days
                .push(row.get(1).at(&self.path)?);
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT deck_id, count(*), count(*) FILTER (WHERE answer != '') FROM cards
                 WHERE kind = 'question' AND suspended = 0 AND retired_at IS NULL GROUP BY deck_id",
            )
            .at(&self.path)?;
        let mut rows = stmt.query([]).at(&self.path)?;
        while let Some(row) = rows.next().at(&self.path)? {
            let entry = out.entry(row.get(0).at(&self.path)?).or_default();
            entry.questions = row.get(1).at(&self.path)?;
            entry.answered = row.get(2).at(&self.path)?;
        }
        Ok(out)
    }

    /// Active cards due on each day from `from` to `to` (overdue cards count on `from`),
    /// for the given decks (all when empty).
    pub fn due_forecast(&self, decks: &[i64], from: NaiveDate, to: NaiveDate) -> Result<HashMap<NaiveDate, u32>> {
        let filter = if decks.is_empty() {
            String::new()
        } else {
            format!(
                "AND deck_id IN ({})",
                decks.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
            )
        };
        let sql = format!(
            "SELECT max(due, ?1), count(*) FROM cards
             WHERE due IS NOT NULL AND due <= ?2 AND suspended = 0 AND retired_at IS NULL {filter}
             GROUP BY max(due, ?1)"
        );
        let mut stmt = self.conn.prepare_cached(&sql).at(&self.path)?;
        let rows = stmt
            .query_map((from, to), |r| Ok((r.get(0)?, r.get(1)?)))
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }
}

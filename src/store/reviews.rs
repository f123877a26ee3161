//! The review log: each grade committed with the card's new schedule in one transaction,
//! undo of the last grade, and the history queries behind stats.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::cards::{CARD_COLUMNS, card_from_row};
use super::{AtPath, Store};
use crate::error::{Error, Result};
use crate::schedule::{Scheduled, Sm2};
use crate::types::{CardId, Grade};

/// Whether a logged grade set the card's schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// A normal review: the schedule is what SM-2 (and the deadline) made of the grade.
    Review,
    /// A repeat inside a session or a cram of a card not due: logged, schedule untouched.
    Practice,
}

impl Effect {
    fn as_str(self) -> &'static str {
        match self {
            Effect::Review => "review",
            Effect::Practice => "practice",
        }
    }
}

/// A grade to record.
#[derive(Debug, Clone, Copy)]
pub struct NewReview {
    pub grade: Grade,
    /// The command that gave it: `review`, `drill`, `grade`, `mock`.
    pub origin: &'static str,
    pub duration_ms: Option<u64>,
}

/// A grade as recorded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoggedReview {
    pub id: i64,
    pub card: CardId,
    pub grade: Grade,
    pub effect: Effect,
    pub due_after: Option<NaiveDate>,
    pub sm2_after: Sm2,
}

impl Store {
    /// Records a grade: reads the card inside the write transaction, lets `decide` say
    /// what the grade does to it (a new schedule, or `None` for practice), and commits the
    /// card and its log row together.
    pub fn record_review(
        &mut self,
        id: CardId,
        review: NewReview,
        today: NaiveDate,
        stamp: &str,
        decide: impl FnOnce(&super::Card) -> Option<Scheduled>,
    ) -> Result<LoggedReview> {
        let path = self.path.clone();
        let tx = self.write()?;
        let sql = format!("SELECT {CARD_COLUMNS} FROM cards c JOIN decks d ON d.id = c.deck_id WHERE c.id = ?1");
        let card = tx
            .query_row(&sql, [id], card_from_row)
            .optional()
            .at(&path)?
            .ok_or_else(|| Error::UnknownCard(id.to_string()))?;
        let decision = decide(&card);
        let effect = if decision.is_some() {
            Effect::Review
        } else {
            Effect::Practice
        };
        let (sm2_after, due_after, lapses_after, last_reviewed, last_grade) = match decision {
            Some(s) => (
                s.state,
                Some(s.due),
                card.lapses + u32::from(s.lapsed),
                Some(today),
                Some(review.grade),
            ),
            None => (card.sm2, card.due, card.lapses, card.last_reviewed, card.last_grade),
        };
        let first_reviewed = card.first_reviewed.unwrap_or(today);
        tx.execute(
            "INSERT INTO reviews (card_id, reviewed_at, review_day, grade, effect, origin, duration_ms,
                 ease_before, interval_before, reps_before, lapses_before, due_before, last_reviewed_before,
                 last_grade_before, first_reviewed_before, ease_after, interval_after, reps_after, due_after, deck_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
            params![
                id,
                stamp,
                today,
                review.grade,
                effect.as_str(),
                review.origin,
                review.duration_ms.map(|ms| ms as i64),
                card.sm2.ease,
                card.sm2.interval,
                card.sm2.repetitions,
                card.lapses,
                card.due,
                card.last_reviewed,
                card.last_grade,
                card.first_reviewed,
                sm2_after.ease,
                sm2_after.interval,
                sm2_after.repetitions,
                due_after,
                card.deck_id,
            ],
        )
        .at(&path)?;
        let log_id = tx.last_insert_rowid();
        tx.execute(
            "UPDATE cards SET ease = ?1, interval_days = ?2, repetitions = ?3, lapses = ?4, due = ?5,
                 last_reviewed = ?6, last_grade = ?7, first_reviewed = ?8, review_count = review_count + 1,
                 updated_at = ?9
             WHERE id = ?10",
            params![
                sm2_after.ease,
                sm2_after.interval,
                sm2_after.repetitions,
                lapses_after,
                due_after,
                last_reviewed,
                last_grade,
                first_reviewed,
                stamp,
                id
            ],
        )
        .at(&path)?;
        tx.commit().at(&path)?;
        Ok(LoggedReview {
            id: log_id,
            card: id,
            grade: review.grade,
            effect,
            due_after,
            sm2_after,
        })
    }

    /// Takes back a logged grade: the card's schedule returns to what it was before it and
    /// the log row goes. Only the card's latest grade can be undone.
    pub fn undo_review(&mut self, review_id: i64) -> Result<CardId> {
        let path = self.path.clone();
        let tx = self.write()?;
        let (card_id, latest): (CardId, i64) = tx
            .query_row(
                "SELECT r.card_id, (SELECT max(id) FROM reviews WHERE card_id = r.card_id) FROM reviews r WHERE r.id = ?1",
                [review_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .at(&path)?
            .ok_or_else(|| Error::Usage(format!("review {review_id} is not in the log")))?;
        if latest != review_id {
            return Err(Error::Usage("only the card's latest grade can be undone".to_string()));
        }
        tx.execute(
            "UPDATE cards SET
                 (ease, interval_days, repetitions, lapses, due, last_reviewed, last_grade, first_reviewed) =
                 (SELECT ease_before, interval_before, reps_before, lapses_before, due_before,
                         last_reviewed_before, last_grade_before, first_reviewed_before
                  FROM reviews WHERE id = ?1),
                 review_count = max(review_count - 1, 0)
             WHERE id = ?2",
            params![review_id, card_id],
        )
        .at(&path)?;
        tx.execute("DELETE FROM reviews WHERE id = ?1", [review_id]).at(&path)?;
        tx.commit().at(&path)?;
        Ok(card_id)
    }

    /// Reviews per day (practice included) for the given decks (all when empty), from
    /// `since` on.
    pub fn activity(&self, decks: &[i64], since: NaiveDate) -> Result<Vec<(NaiveDate, u32)>> {
        let sql = format!(
            "SELECT day, sum(reviews) FROM deck_days WHERE day >= ?1 {} GROUP BY day ORDER BY day",
            super::deck_filter("deck_id", decks)
        );
        let mut stmt = self.conn.prepare_cached(&sql).at(&self.path)?;
        let rows = stmt.query_map([since], |r| Ok((r.get(0)?, r.get(1)?))).at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// The log of one card, oldest first: (day, grade, effect is review, origin).
    pub fn card_history(&self, id: CardId) -> Result<Vec<(NaiveDate, Grade, bool, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT review_day, grade, effect = 'review', origin FROM reviews WHERE card_id = ?1 ORDER BY id",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }
}

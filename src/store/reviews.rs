//! The review log: each grade committed with the card's new schedule in one transaction,
//! undo of the last grade, and the history queries behind stats.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::cards::{ONE_CARD_SCOPE, ProgressValues, card_from_row, progress_columns, select_cards};
use super::{AtPath, Store};
use crate::domain::{Card, CardId, DeckId, Effect, Grade, HistoryEntry, LoggedGrade, Origin, Progress, Sm2, Timestamp};
use crate::error::{Error, Result};

/// A grade to write to the log, with the command that gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    pub grade: Grade,
    pub effect: Effect,
    pub origin: Origin,
    pub duration_ms: Option<u64>,
    /// The local day the grade counts for, and the moment it was given.
    pub day: NaiveDate,
    pub stamp: Timestamp,
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
    /// Records a grade in one transaction: the log row (with the card's progress before
    /// and after, so it can be undone and checked) and the card's new progress. `before`
    /// is the card the grade was applied to; if another process changed it meanwhile,
    /// nothing is written and [`Error::CardChanged`] says so, so the caller can apply the
    /// grade again to what is stored now.
    pub fn record_review(&mut self, before: &Card, after: &Progress, entry: &LogEntry) -> Result<LoggedReview> {
        let path = self.path.clone();
        let tx = self.write()?;
        let sql = format!("{} WHERE c.id = ?1", select_cards(ONE_CARD_SCOPE));
        let stored = tx
            .query_row(&sql, [before.id], card_from_row)
            .optional()
            .at(&path)?
            .ok_or_else(|| Error::UnknownCard(before.id.to_string()))?;
        if stored.progress != before.progress || stored.reviews != before.reviews {
            return Err(Error::CardChanged(before.id));
        }
        let id = insert_log(&tx, &stored, after, entry).at(&path)?;
        write_progress(&tx, before.id, after).at(&path)?;
        tx.execute(
            "UPDATE cards SET review_count = review_count + 1, updated_at = ?1 WHERE id = ?2",
            params![entry.stamp, before.id],
        )
        .at(&path)?;
        crate::crash::point("grade.written");
        tx.commit().at(&path)?;
        crate::crash::point("grade.committed");
        Ok(LoggedReview {
            id,
            card: before.id,
            grade: entry.grade,
            effect: entry.effect,
            due_after: after.due,
            sm2_after: after.sm2,
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
            .ok_or(Error::CannotUndo("it is no longer in the review log"))?;
        if latest != review_id {
            return Err(Error::CannotUndo("the card was graded again since"));
        }
        tx.execute(
            concat!(
                "UPDATE cards SET (",
                progress_columns!(""),
                ") =
                 (SELECT ease_before, interval_before, reps_before, lapses_before, due_before,
                         last_reviewed_before, last_grade_before, first_reviewed_before,
                         stability_before, difficulty_before, memory_day_before
                  FROM reviews WHERE id = ?1),
                 review_count = max(review_count - 1, 0)
             WHERE id = ?2"
            ),
            params![review_id, card_id],
        )
        .at(&path)?;
        tx.execute("DELETE FROM reviews WHERE id = ?1", [review_id]).at(&path)?;
        tx.commit().at(&path)?;
        Ok(card_id)
    }

    /// Reviews per day (practice included) for the given decks (all when empty), from
    /// `since` on.
    pub fn activity(&self, decks: &[DeckId], since: NaiveDate) -> Result<Vec<(NaiveDate, u32)>> {
        let sql = format!(
            "SELECT day, sum(reviews) FROM deck_days WHERE day >= ?1 {} GROUP BY day ORDER BY day",
            super::deck_filter("deck_id", decks)
        );
        let mut stmt = self.conn.prepare_cached(&sql).at(&self.path)?;
        let rows = stmt.query_map([since], |r| Ok((r.get(0)?, r.get(1)?))).at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// The log's grades from `since` on, oldest first, as the daily budget reads them. The
    /// log is walked back from its newest row and stops at the first older day, so a long
    /// history costs nothing.
    pub fn recent_grades(&self, since: NaiveDate) -> Result<Vec<crate::schedule::budget::LoggedGrade>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT r.card_id, r.deck_id, r.review_day, r.grade, r.duration_ms, c.first_reviewed
                 FROM reviews r JOIN cards c ON c.id = r.card_id ORDER BY r.id DESC",
            )
            .at(&self.path)?;
        let mut rows = stmt.query([]).at(&self.path)?;
        let mut grades = Vec::new();
        while let Some(row) = rows.next().at(&self.path)? {
            let day: NaiveDate = row.get(2).at(&self.path)?;
            if day < since {
                break;
            }
            let ms: Option<i64> = row.get(4).at(&self.path)?;
            grades.push(crate::schedule::budget::LoggedGrade {
                card: row.get(0).at(&self.path)?,
                deck: row.get(1).at(&self.path)?,
                day,
                grade: row.get(3).at(&self.path)?,
                seconds: ms.map(|ms| ms as f64 / 1000.0),
                first_reviewed: row.get(5).at(&self.path)?,
            });
        }
        grades.reverse();
        Ok(grades)
    }

    /// The log of one card, oldest first.
    pub fn card_history(&self, id: CardId) -> Result<Vec<HistoryEntry>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT review_day, grade, effect, origin FROM reviews WHERE card_id = ?1 ORDER BY id")
            .at(&self.path)?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(HistoryEntry {
                    day: r.get(0)?,
                    grade: r.get(1)?,
                    effect: r.get(2)?,
                    origin: r.get(3)?,
                })
            })
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }
}

impl Store {
    /// Every logged grade of the cards of `deck` (of all decks when `None`), card by card,
    /// oldest first: what replaying a log reads.
    pub fn logs(&self, deck: Option<DeckId>) -> Result<Vec<(CardId, Vec<LoggedGrade>)>> {
        // A deck's log is found through its cards (reviews are kept by card, not by deck).
        let sql = match deck {
            Some(_) => {
                "SELECT r.card_id, r.review_day, r.grade, r.effect FROM cards c JOIN reviews r ON r.card_id = c.id
                 WHERE c.deck_id = ?1 AND r.deck_id = ?1 ORDER BY r.card_id, r.id"
            }
            None => "SELECT card_id, review_day, grade, effect FROM reviews WHERE ?1 IS NULL ORDER BY card_id, id",
        };
        let mut stmt = self.conn.prepare_cached(sql).at(&self.path)?;
        let mut rows = stmt.query([deck]).at(&self.path)?;
        let mut logs: Vec<(CardId, Vec<LoggedGrade>)> = Vec::new();
        while let Some(r) = rows.next().at(&self.path)? {
            let card: CardId = r.get(0).at(&self.path)?;
            let logged = LoggedGrade {
                day: r.get(1).at(&self.path)?,
                grade: r.get(2).at(&self.path)?,
                effect: r.get(3).at(&self.path)?,
                recorded: None,
            };
            match logs.last_mut() {
                Some((id, log)) if *id == card => log.push(logged),
                _ => logs.push((card, vec![logged])),
            }
        }
        Ok(logs)
    }

    /// Writes schedules recomputed from the log (a scheduler switched, FSRS refitted) in one
    /// transaction. Nothing was graded or edited, so neither the log nor the cards' update
    /// times change.
    pub fn rewrite_progress(&mut self, cards: &[(CardId, Progress)]) -> Result<()> {
        let path = self.path.clone();
        let tx = self.write()?;
        for (id, progress) in cards {
            write_progress(&tx, *id, progress).at(&path)?;
        }
        tx.commit().at(&path)
    }
}

/// Writes a card's progress: its SM-2 state, due date, last review and FSRS memory.
pub(super) fn write_progress(tx: &rusqlite::Connection, id: CardId, p: &Progress) -> rusqlite::Result<()> {
    let values = ProgressValues::of(p);
    tx.prepare_cached(concat!("UPDATE cards SET ", progress_columns!(set), " WHERE id = ?12"))?
        .execute(rusqlite::params_from_iter(
            values.params().into_iter().chain([&id as &dyn rusqlite::ToSql]),
        ))?;
    Ok(())
}

/// Inserts one log row: the grade, and the card's progress before and after it.
fn insert_log(tx: &rusqlite::Connection, before: &Card, after: &Progress, entry: &LogEntry) -> rusqlite::Result<i64> {
    let p = &before.progress;
    tx.prepare_cached(
        "INSERT INTO reviews (card_id, reviewed_at, review_day, grade, effect, origin, duration_ms,
             ease_before, interval_before, reps_before, lapses_before, due_before, last_reviewed_before,
             last_grade_before, first_reviewed_before, ease_after, interval_after, reps_after, due_after, deck_id,
             stability_before, difficulty_before, memory_day_before)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
             ?21, ?22, ?23)",
    )?
    .execute(params![
        before.id,
        entry.stamp,
        entry.day,
        entry.grade,
        entry.effect,
        entry.origin,
        entry.duration_ms.map(|ms| i64::try_from(ms).unwrap_or(i64::MAX)),
        p.sm2.ease,
        p.sm2.interval,
        p.sm2.repetitions,
        p.lapses,
        p.due,
        p.last_reviewed,
        p.last_grade,
        p.first_reviewed,
        after.sm2.ease,
        after.sm2.interval,
        after.sm2.repetitions,
        after.due,
        before.deck_id,
        p.memory.map(|m| m.stability),
        p.memory.map(|m| m.difficulty),
        p.memory.map(|m| m.day),
    ])?;
    Ok(tx.last_insert_rowid())
}

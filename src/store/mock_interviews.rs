//! Mock interviews: runs, the answers given in them (time taken, over the limit or not),
//! and the per-deck history `stats` shows.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::params;

use super::{AtPath, Store};
use crate::domain::{CardId, DeckId, Timestamp};
use crate::error::Result;

/// Mock history of one deck.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MockHistory {
    pub runs: u32,
    pub answers: u32,
    pub mean_answer_ms: Option<f64>,
    pub over_limit: u32,
}

impl Store {
    /// Starts a mock run and returns its id.
    pub fn start_mock(
        &mut self,
        deck: DeckId,
        stamp: &Timestamp,
        day: NaiveDate,
        seed: u64,
        limit_seconds: u32,
    ) -> Result<i64> {
        self.conn
            .execute(
                "INSERT INTO mock_runs (deck_id, started_at, run_day, seed, limit_seconds) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![deck, stamp, day, seed as i64, limit_seconds],
            )
            .at(&self.path)?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records an answer as soon as it is given; returns its id.
    pub fn record_mock_answer(
        &mut self,
        run: i64,
        card: CardId,
        position: usize,
        elapsed_ms: u64,
        timed_out: bool,
    ) -> Result<i64> {
        self.conn
            .execute(
                "INSERT INTO mock_answers (run_id, card_id, position, elapsed_ms, timed_out) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![run, card, position as i64, elapsed_ms as i64, timed_out],
            )
            .at(&self.path)?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Links an answer to the review its self-grade was recorded as.
    pub fn link_mock_grade(&mut self, answer: i64, review: i64) -> Result<()> {
        self.conn
            .execute(
                "UPDATE mock_answers SET review_id = ?1 WHERE id = ?2",
                params![review, answer],
            )
            .at(&self.path)?;
        Ok(())
    }

    pub fn complete_mock(&mut self, run: i64) -> Result<()> {
        self.conn
            .execute("UPDATE mock_runs SET completed = 1 WHERE id = ?1", [run])
            .at(&self.path)?;
        Ok(())
    }

    /// Cards of a deck answered in any earlier mock.
    pub fn rehearsed_cards(&self, deck: DeckId) -> Result<HashSet<CardId>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT a.card_id FROM mock_answers a JOIN mock_runs r ON r.id = a.run_id WHERE r.deck_id = ?1",
            )
            .at(&self.path)?;
        let rows = stmt.query_map([deck], |r| r.get(0)).at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// Mock history per deck: runs, answers, mean time per answer, answers over the limit.
    pub fn mock_history(&self) -> Result<HashMap<DeckId, MockHistory>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT r.deck_id, count(DISTINCT r.id), count(a.id), avg(a.elapsed_ms), count(a.id) FILTER (WHERE a.timed_out = 1)
                 FROM mock_runs r LEFT JOIN mock_answers a ON a.run_id = r.id GROUP BY r.deck_id",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    MockHistory {
                        runs: r.get(1)?,
                        answers: r.get(2)?,
                        mean_answer_ms: r.get(3)?,
                        over_limit: r.get(4)?,
                    },
                ))
            })
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }
}

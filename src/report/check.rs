//! What `check` shows: the database's integrity, the schedules that disagree with the
//! review log, values out of range, and the totals.

use chrono::NaiveDate;

/// `check`: every problem found, by kind.
#[derive(Debug)]
pub struct CheckReport {
    /// The database checked.
    pub path: String,
    /// Integrity and foreign-key problems, each in SQLite's words.
    pub integrity: Vec<String>,
    pub schedule: Vec<ScheduleProblem>,
    /// Settings, dates and edited values stored out of the range prepdeck writes them in,
    /// one sentence each.
    pub values: Vec<String>,
    /// Cards last reviewed after today (the clock was ahead then, or is behind now).
    pub reviewed_later: usize,
    pub today: NaiveDate,
    pub decks: u32,
    pub cards: u32,
    pub reviews: u32,
}

impl CheckReport {
    /// Problems found (a note is none).
    #[must_use]
    pub fn problems(&self) -> usize {
        self.integrity.len() + self.schedule.len() + self.values.len()
    }
}

/// One kind of schedule problem, with the ids of the decks or cards (`noun`) it is in.
#[derive(Debug)]
pub struct ScheduleProblem {
    pub what: &'static str,
    pub noun: &'static str,
    pub ids: Vec<i64>,
}

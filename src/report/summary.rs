//! What a session and a mock interview did, as their end-of-run reports show it.

use std::time::Duration;

use crate::domain::{CardId, DeckId, Grade};

/// What a review or drill session did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SessionSummary {
    /// Cards graded at least once.
    pub cards: usize,
    /// Every grade given, repeats included, by value 0–5.
    pub grades: [u32; 6],
    /// Cards graded 4 or 5 the first time they were shown.
    pub first_time: usize,
    /// Cards that needed repeats, by id.
    pub repeated: Vec<RepeatedCard>,
    /// Every grade each card was given in the session, in order, by card.
    pub graded: std::collections::BTreeMap<CardId, Vec<Grade>>,
    pub skipped: usize,
    pub suspended: usize,
    pub elapsed: Duration,
    /// Ended by the user before the queue was empty.
    pub quit_early: bool,
    /// Schedule-setting reviews and practice grades logged.
    pub reviews: usize,
    pub practice: usize,
    /// The decks whose cards were graded, by id.
    pub decks: Vec<DeckId>,
}

/// A card that came back in a session because it was graded below 4.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatedCard {
    pub card: CardId,
    pub front: String,
    /// Grades it took to reach 4.
    pub tries: u32,
}

/// One question of a mock interview, as it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockAnswer {
    pub card: CardId,
    pub front: String,
    pub elapsed: Duration,
    pub timed_out: bool,
    pub grade: Option<Grade>,
}

/// A whole mock interview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockSummary {
    pub run: i64,
    pub drawn: usize,
    pub answers: Vec<MockAnswer>,
    /// Ended before every drawn question was answered and graded.
    pub stopped_early: bool,
}

/// The end of a review or drill session: what it did, and the readiness of the decks it
/// graded before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionReport {
    pub summary: SessionSummary,
    pub before: Vec<super::figures::DeckReadiness>,
    pub after: Vec<super::figures::DeckReadiness>,
    /// What waits after a review (none after a drill).
    pub then: Option<AfterReview>,
}

/// What waits after a review session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterReview {
    /// Cards still in today's queue, and the decks and tag the session was asked for (as
    /// the user named them), to start it again.
    StillWaiting {
        cards: usize,
        decks: Vec<String>,
        tag: Option<String>,
    },
    /// The day the next card is due.
    NextReview {
        day: chrono::NaiveDate,
        today: chrono::NaiveDate,
    },
    Nothing,
}

/// The end of a mock interview: each answer against the limit, the readiness of its deck
/// before and after, and the seed that repeats the draw.
#[derive(Debug, Clone, PartialEq)]
pub struct MockReport {
    pub summary: MockSummary,
    pub limit: Duration,
    pub before: Vec<super::figures::DeckReadiness>,
    pub after: Vec<super::figures::DeckReadiness>,
    pub seed: u64,
}

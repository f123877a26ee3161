//! The figures `decks` and `stats` show for each deck and in total, the due forecast, and a
//! deck's readiness for a session's before → after line.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{DeckCounts, DeckId, Scheduler};

/// A card seen before whose recall on the readiness day is among the lowest of its deck.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WeakCard {
    pub id: i64,
    pub front: String,
    /// The chance of recalling it on the readiness day, 0–1.
    pub recall: f64,
    /// When it is next due (a card failed today counts as forgotten until then).
    #[serde(skip)]
    pub due: Option<NaiveDate>,
}

/// Everything known about one deck on a day, as `decks --json` and `stats --json` print it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DeckFigures {
    pub name: String,
    #[serde(flatten)]
    pub counts: DeckCounts,
    pub interview: Option<NaiveDate>,
    pub days_left: Option<i64>,
    /// Percentage 0–100 of the deck recalled on `readiness_day`.
    pub readiness: f64,
    pub readiness_day: NaiveDate,
    /// How many of the active cards are expected to be recalled on `readiness_day`.
    pub expected_recall: f64,
    /// The cards seen before that are least likely to be recalled then, weakest first.
    pub weakest: Vec<WeakCard>,
    /// What schedules the deck: `sm2` or `fsrs`.
    pub scheduler: Scheduler,
    /// The deck's daily budget in minutes: its own (`decks` and `stats` fill in the config
    /// file's for decks without one), or null.
    pub daily_minutes: Option<u32>,
    pub retention: Option<f64>,
    pub reviews_30d: u32,
    pub streak: u32,
    pub mean_answer_seconds: Option<f64>,
    pub reviews_today: u32,
    pub seconds_today: f64,
    /// Mock interviews run on this deck, answers given, mean time per answer, and
    /// answers that ran over the limit.
    pub mock_runs: u32,
    pub mock_answers: u32,
    pub mock_mean_answer_seconds: Option<f64>,
    pub mock_over_limit: u32,
    #[serde(skip)]
    pub id: DeckId,
    /// Readiness before rounding, for totals.
    #[serde(skip)]
    pub readiness_exact: f64,
}

/// Totals across decks.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TotalFigures {
    pub decks: usize,
    #[serde(flatten)]
    pub counts: DeckCounts,
    /// Mean recall over every active card, each on its own deck's readiness day.
    pub readiness: f64,
    pub retention: Option<f64>,
    pub reviews_30d: u32,
    pub streak: u32,
    pub reviews_today: u32,
    pub seconds_today: f64,
}

/// What `decks` and `stats` show.
pub struct Figures {
    pub decks: Vec<DeckFigures>,
    pub total: TotalFigures,
    /// Active cards falling due on each of the 14 days from today (overdue ones today).
    pub forecast: Vec<ForecastDay>,
}

/// Active cards falling due on a day (overdue ones on today).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct ForecastDay {
    pub day: NaiveDate,
    pub due: u32,
}

/// A deck's readiness, for a session's before → after line: the percentage, and what it
/// means in cards.
#[derive(Debug, Clone, PartialEq)]
pub struct DeckReadiness {
    pub id: DeckId,
    pub name: String,
    /// 0–100.
    pub percent: f64,
    /// Cards expected to be recalled on `day`, of `cards` active ones, `unseen` never seen.
    pub expected: f64,
    pub cards: u32,
    pub unseen: u32,
    /// The interview day (or today when there is none).
    pub day: chrono::NaiveDate,
    /// The weakest cards seen before, weakest first.
    pub weakest: Vec<WeakCard>,
}

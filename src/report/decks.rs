//! What the deck commands show: `decks` and `stats` (each deck's figures), a deck renamed
//! or about to be removed, a deck's interview date and budget set, and which scheduler
//! each deck follows.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::figures::{DeckFigures, ForecastDay, TotalFigures};
use crate::domain::{BudgetChange, InterviewChange, Scheduler};
use crate::schedule::fsrs::Reach;

/// `decks`: every deck with its figures (`decks --json` prints the list).
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct DeckList {
    pub decks: Vec<DeckFigures>,
    #[serde(skip)]
    pub today: NaiveDate,
}

/// The weeks of activity `stats` shows.
pub const ACTIVITY_WEEKS: u64 = 12;

/// `stats`: every deck's figures (or one deck's), the totals, the due forecast, and the
/// activity of the last weeks (on the page only).
#[derive(Debug, Serialize)]
pub struct Stats {
    pub decks: Vec<DeckFigures>,
    pub total: TotalFigures,
    pub forecast: Vec<ForecastDay>,
    /// Reviews on each day of the last weeks, for the heatmap.
    #[serde(skip)]
    pub activity: HashMap<NaiveDate, u32>,
    /// One deck was asked for: the page shows no totals.
    #[serde(skip)]
    pub one_deck: bool,
    #[serde(skip)]
    pub today: NaiveDate,
}

/// A deck about to be removed (or removed), with what goes with it.
#[derive(Debug)]
pub struct DeckRemoval {
    pub name: String,
    pub cards: u32,
    pub suspended: u32,
    pub retired: u32,
}

/// A deck's interview date and budget, as `interview` set them.
#[derive(Debug)]
pub struct InterviewSet {
    /// The deck's name as stored.
    pub deck: String,
    pub today: NaiveDate,
    /// What the command did to the date, and the date as stored now.
    pub change: InterviewChange,
    pub interview: Option<NaiveDate>,
    /// Cards whose due date the new date moved.
    pub rescheduled: usize,
    pub scheduler: Scheduler,
    /// What the command did to the budget; the deck's own budget now, and the config
    /// file's `daily_minutes`.
    pub budget: BudgetChange,
    pub own_minutes: Option<u32>,
    pub config_minutes: Option<u32>,
}

/// `scheduler`: the default scheduler, FSRS's settings, and each deck's scheduler.
#[derive(Debug, Serialize)]
pub struct Schedulers {
    pub default: Scheduler,
    pub desired_retention: f64,
    /// `null` for FSRS-6's defaults.
    pub parameters: Option<Vec<f32>>,
    pub fitted_on: Option<NaiveDate>,
    pub fitted_from_reviews: Option<usize>,
    pub decks: Vec<DeckScheduler>,
}

/// A deck and the scheduler it follows.
#[derive(Debug, Serialize)]
pub struct DeckScheduler {
    pub name: String,
    pub scheduler: Scheduler,
    /// The deck chose it itself (rather than following the default).
    pub own: bool,
}

/// A change `scheduler` made, with the cards it rescheduled.
#[derive(Debug)]
pub enum SchedulerChange {
    /// FSRS's desired retention, for every FSRS deck.
    Retention { retention: f64, rescheduled: usize },
    /// The scheduler of decks without their own.
    Default { scheduler: Scheduler, rescheduled: usize },
    /// One deck's scheduler, its own (or the default, `follows_default`).
    Deck {
        name: String,
        was: Scheduler,
        now: Scheduler,
        follows_default: bool,
        rescheduled: usize,
    },
}

/// What `optimize` did.
#[derive(Debug)]
pub enum Optimized {
    /// Back to FSRS-6's default parameters.
    Reset { recomputed: usize },
    /// Parameters fitted to `reviews` reviews (all, or only the first stabilities).
    Fitted {
        reviews: usize,
        reach: Reach,
        recomputed: usize,
    },
}

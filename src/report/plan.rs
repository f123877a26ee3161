//! What `plan` shows: each deck's days from today to its interview, with the reviews and
//! new cards each holds if every due card is reviewed (and recalled) on its day, what a
//! day costs of the deck's budget, and the recall expected on the interview morning.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::schedule::budget::Budget;
use crate::schedule::plan::PlanDay;

/// The plan covers at most this many days from today: an interview years away gets a
/// year of plan, not a row for every day until then.
pub const PLAN_DAYS: u32 = 366;

/// One deck's days to its interview (its first [`PLAN_DAYS`] at most).
#[derive(Debug, Clone, PartialEq)]
pub struct DeckPlan {
    pub deck: String,
    /// What identifies the deck across renames and restores (see `Store::deck_identity`).
    pub identity: String,
    pub interview: NaiveDate,
    pub days: Vec<PlanDay>,
}

impl DeckPlan {
    /// The interview lies beyond the days planned.
    #[must_use]
    pub fn truncated(&self) -> bool {
        self.days.last().is_some_and(|d| d.day < self.interview)
    }
}

/// A deck's plan with what its heading says about the deck.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub plan: DeckPlan,
    /// Active cards, and of them new ones.
    pub active: usize,
    pub new: usize,
    /// The session limit the plan assumed.
    pub limit: usize,
    pub budget: Option<Budget>,
    /// Expected recall on the interview morning (0–1), with the plan and without the budget.
    pub morning: f64,
    pub morning_without_budget: Option<f64>,
}

/// `plan DECK` or `plan --all-decks` (`plan --json` prints one deck's plan, or with
/// `--all-decks` the list).
#[derive(Debug)]
pub struct Plans {
    pub planned: Vec<Planned>,
    /// Decks with no interview ahead, by name (with `--all-decks`).
    pub unplanned: Vec<String>,
    pub all_decks: bool,
    pub today: NaiveDate,
}

impl Serialize for Plans {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.planned.as_slice() {
            [one] if !self.all_decks => PlanJson::of(one).serialize(serializer),
            planned => serializer.collect_seq(planned.iter().map(PlanJson::of)),
        }
    }
}

#[derive(Serialize)]
struct PlanJson<'a> {
    deck: &'a str,
    interview: NaiveDate,
    /// The deck's daily budget in minutes (its own or the config file's), or null.
    daily_minutes: Option<u32>,
    /// The expected recall on the interview morning if the plan is followed (every card
    /// recalled as planned), 0–1; and without the budget, when there is one.
    morning_recall: f64,
    morning_recall_without_budget: Option<f64>,
    days: Vec<DayJson>,
    /// The interview lies beyond the days planned.
    truncated: bool,
}

#[derive(Serialize)]
struct DayJson {
    day: NaiveDate,
    days_left: i64,
    reviews: usize,
    new: usize,
    /// Of the reviews, final reviews brought forward from the day before the interview.
    brought_forward: usize,
    /// The day's expected minutes, repeats included, when the deck has a budget.
    minutes: Option<f64>,
    /// Cards beyond the session limit: shown anyway when the interview is today or
    /// tomorrow, otherwise waiting for the next day.
    over_limit: usize,
}

impl PlanJson<'_> {
    fn of(planned: &Planned) -> PlanJson<'_> {
        let plan = &planned.plan;
        PlanJson {
            deck: &plan.deck,
            interview: plan.interview,
            daily_minutes: planned.budget.map(|b| b.minutes),
            morning_recall: round3(planned.morning),
            morning_recall_without_budget: planned.morning_without_budget.map(round3),
            days: plan
                .days
                .iter()
                .map(|d| DayJson {
                    day: d.day,
                    days_left: (plan.interview - d.day).num_days(),
                    reviews: d.reviews,
                    new: d.new,
                    brought_forward: d.brought,
                    minutes: d.seconds.map(|s| (s / 6.0).round() / 10.0),
                    over_limit: d.over_limit,
                })
                .collect(),
            truncated: plan.truncated(),
        }
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

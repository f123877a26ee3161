//! `plan`'s days: each deck's simulated days from today to its interview (if every due
//! card is reviewed, and recalled, on its day), within its budget, and the recall expected
//! on the interview morning with and without that budget.

use chrono::NaiveDate;

use super::queue::{minutes_of, recent_log};
use crate::domain::{DeckId, Grade, Progress};
use crate::error::{Error, Result};
use crate::report::plan::{DeckPlan, PLAN_DAYS, Planned, Plans};
use crate::schedule::Rules;
use crate::schedule::budget::Budget;
use crate::schedule::deadline::final_day;
use crate::schedule::plan::{Load, Pace, simulate};
use crate::schedule::readiness::readiness;
use crate::schedule::sm2::add_days;
use crate::store::Store;

/// What a plan assumes of each day: new cards per day and the session limit, and the
/// config file's budget for decks without their own.
#[derive(Debug, Clone, Copy)]
pub struct PlanRules {
    pub pace: Pace,
    pub default_minutes: Option<u32>,
}

/// The plan of the deck `one` names, or with `None` of every deck with an interview ahead.
pub fn plans(store: &Store, one: Option<&str>, rules: PlanRules, today: NaiveDate) -> Result<Plans> {
    let mut unplanned = Vec::new();
    let mut planned = Vec::new();
    match one {
        None => {
            for deck in store.decks(None)? {
                match plan_deck(store, deck.id, rules, today)? {
                    Some(plan) => planned.push(plan),
                    None => unplanned.push(deck.name),
                }
            }
            if planned.is_empty() {
                return Err(Error::NoInterviewsAhead);
            }
        }
        Some(name) => {
            let deck = store.find_deck(name)?;
            let Some(plan) = plan_deck(store, deck, rules, today)? else {
                let name = store.deck(deck)?.name;
                return Err(Error::NoInterviewDate {
                    deck: crate::profile::text::one_line(&name).into_owned(),
                    deck_word: crate::ui::shell_word(&name),
                });
            };
            planned.push(plan);
        }
    }
    Ok(Plans {
        planned,
        unplanned,
        all_decks: one.is_none(),
        today,
    })
}

/// One deck's simulated days to its interview (its first year at most); `None` when it
/// has no interview ahead.
fn plan_deck(store: &Store, deck_id: DeckId, rules: PlanRules, today: NaiveDate) -> Result<Option<Planned>> {
    let deck = store.deck(deck_id)?;
    let Some(interview) = deck.interview.filter(|d| *d >= today) else {
        return Ok(None);
    };
    let progress: Vec<Progress> = store.active_progress(deck_id)?.into_iter().map(|(_, p)| p).collect();
    let last_day = interview.min(add_days(today, PLAN_DAYS - 1));
    let model = store.fsrs_model()?;
    let grade_rules = Rules {
        interview: Some(interview),
        scheduler: store.scheduler_of(deck_id)?,
        model: &model,
    };
    let log = recent_log(store, today)?;
    let budget = minutes_of(&deck, rules.default_minutes).map(|minutes| Budget {
        minutes,
        time: log.time,
    });
    let load = Load {
        budget,
        past_days: log.cards_per_day(deck_id, today),
        spent_today: log.spent_today(deck_id),
    };
    let pace = Pace {
        introduced_today: progress.iter().filter(|p| p.first_reviewed == Some(today)).count(),
        ..rules.pace
    };
    let sim = simulate(&progress, today, last_day, &grade_rules, pace, &load, Grade::GOOD);
    // The morning's expected recall: the days up to the eve, then each card's estimate.
    let morning = |load: &Load| match final_day(interview).filter(|eve| *eve >= today && last_day == interview) {
        Some(eve) => {
            let sim = simulate(&progress, today, eve, &grade_rules, pace, load, Grade::GOOD);
            readiness(&sim.cards, interview, &model) / 100.0
        }
        None => readiness(&progress, interview, &model) / 100.0,
    };
    let without = Load {
        budget: None,
        ..load.clone()
    };
    Ok(Some(Planned {
        active: progress.len(),
        new: progress.iter().filter(|p| p.is_new()).count(),
        plan: DeckPlan {
            identity: store.deck_identity(deck_id)?,
            deck: deck.name,
            interview,
            days: sim.days,
        },
        limit: pace.limit,
        budget,
        morning: morning(&load),
        morning_without_budget: budget.map(|_| morning(&without)),
    }))
}

//! What a deck is called, when its interview is, what it may ask of a day, and which
//! scheduler it follows: each change written in one transaction with the cards it
//! reschedules, and what it did as a view.

use chrono::NaiveDate;

use super::figures::one_deck;
use super::reschedule::{Recompute, reschedule_all, reschedule_deck, reschedule_decks};
use crate::domain::{BudgetChange, DeckId, InterviewChange, Scheduler};
use crate::error::{Error, Result};
use crate::report::Renamed;
use crate::report::decks::{DeckRemoval, DeckScheduler, InterviewSet, Optimized, SchedulerChange, Schedulers};
use crate::schedule::fsrs::{self, DEFAULT_RETENTION, FitError, reviews_to_learn_from};
use crate::store::Store;

/// The decks `names` names, each once in the order named; or every deck with `all_decks`
/// (at least one).
pub fn chosen(store: &Store, names: &[String], all_decks: bool) -> Result<Vec<DeckId>> {
    if all_decks {
        let decks: Vec<DeckId> = store.decks(None)?.into_iter().map(|d| d.id).collect();
        if decks.is_empty() {
            return Err(Error::NoDecks);
        }
        return Ok(decks);
    }
    let mut ids = Vec::new();
    for name in names {
        let id = store.find_deck(name)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Renames the deck `typed` names to `name` (already checked as a name).
pub fn rename(store: &mut Store, typed: &str, name: &str) -> Result<Renamed> {
    let deck = store.find_deck(typed)?;
    let old = store.deck(deck)?.name;
    store.rename_deck(deck, name)?;
    Ok(Renamed {
        old,
        new: name.to_string(),
    })
}

/// What removing `deck` would take with it.
pub fn removal(store: &Store, deck: DeckId, today: NaiveDate) -> Result<DeckRemoval> {
    let figures = one_deck(store, today, deck)?;
    Ok(DeckRemoval {
        name: figures.name,
        cards: figures.counts.cards,
        suspended: figures.counts.suspended,
        retired: figures.counts.retired,
    })
}

/// Sets (or clears) the deck's interview date and its budget in one transaction. Cards
/// reviewed before the date was known get the due date their last review would have set
/// with it (brought back the day before, or held for it), and lose it again when the date
/// is cleared.
pub fn set_interview(
    store: &mut Store,
    deck: DeckId,
    change: InterviewChange,
    budget: BudgetChange,
    today: NaiveDate,
    config_minutes: Option<u32>,
) -> Result<InterviewSet> {
    let rescheduled = store.atomically(|store| {
        match budget {
            BudgetChange::Keep => {}
            BudgetChange::Set(minutes) => store.set_daily_minutes(deck, Some(minutes))?,
            BudgetChange::Remove => store.set_daily_minutes(deck, None)?,
        }
        let date = match change {
            InterviewChange::Keep => return Ok(0),
            InterviewChange::Set(day) => Some(day),
            InterviewChange::Clear => None,
        };
        store.set_interview(deck, date)?;
        let model = store.fsrs_model()?;
        reschedule_deck(store, deck, &model, Recompute::DueDates { today })
    })?;
    let stored = store.deck(deck)?;
    Ok(InterviewSet {
        deck: stored.name,
        today,
        change,
        interview: stored.interview,
        rescheduled,
        scheduler: store.scheduler_of(deck)?,
        budget,
        own_minutes: stored.daily_minutes,
        config_minutes,
    })
}

/// `scheduler`: the default, FSRS's settings, and the scheduler of each deck (or `only`).
pub fn schedulers(store: &Store, only: Option<DeckId>) -> Result<Schedulers> {
    let default = store.default_scheduler()?;
    let settings = store.fsrs_settings()?;
    Ok(Schedulers {
        default,
        desired_retention: settings.desired_retention.unwrap_or(DEFAULT_RETENTION),
        parameters: (!settings.parameters.is_empty()).then(|| settings.parameters.clone()),
        fitted_on: settings.fitted.map(|f| f.0),
        fitted_from_reviews: settings.fitted.map(|f| f.1),
        decks: store
            .decks(only)?
            .into_iter()
            .map(|d| DeckScheduler {
                name: d.name,
                scheduler: d.scheduler.unwrap_or(default),
                own: d.scheduler.is_some(),
            })
            .collect(),
    })
}

/// Sets FSRS's desired retention and reschedules every FSRS deck.
pub fn set_retention(store: &mut Store, retention: f64, today: NaiveDate) -> Result<SchedulerChange> {
    let rescheduled = store.atomically(|store| {
        store.set_desired_retention(Some(retention))?;
        reschedule_picked(store, today, |_, s| s == Scheduler::Fsrs)
    })?;
    Ok(SchedulerChange::Retention { retention, rescheduled })
}

/// Sets the scheduler of decks without their own, and reschedules them when it changed.
pub fn set_default_scheduler(store: &mut Store, scheduler: Scheduler, today: NaiveDate) -> Result<SchedulerChange> {
    let rescheduled = store.atomically(|store| {
        let was = store.default_scheduler()?;
        store.set_default_scheduler(scheduler)?;
        if was == scheduler {
            return Ok(0);
        }
        reschedule_picked(store, today, |own, _| own.is_none())
    })?;
    Ok(SchedulerChange::Default { scheduler, rescheduled })
}

/// Sets one deck's scheduler (`None`: it follows the default) and reschedules its cards
/// from their log when that changes the scheduler it follows.
pub fn set_deck_scheduler(
    store: &mut Store,
    deck: DeckId,
    choice: Option<Scheduler>,
    today: NaiveDate,
) -> Result<SchedulerChange> {
    store.atomically(|store| {
        let name = store.deck(deck)?.name;
        let was = store.scheduler_of(deck)?;
        store.set_deck_scheduler(deck, choice)?;
        let now = store.scheduler_of(deck)?;
        let rescheduled = if was == now {
            0
        } else {
            let model = store.fsrs_model()?;
            reschedule_deck(store, deck, &model, Recompute::DueDates { today })?
        };
        Ok(SchedulerChange::Deck {
            name,
            was,
            now,
            follows_default: choice.is_none(),
            rescheduled,
        })
    })
}

/// Reschedules the decks `pick(own scheduler, effective scheduler)` selects; returns the
/// cards changed.
fn reschedule_picked(
    store: &mut Store,
    today: NaiveDate,
    pick: impl Fn(Option<Scheduler>, Scheduler) -> bool,
) -> Result<usize> {
    let model = store.fsrs_model()?;
    let default = store.default_scheduler()?;
    let plan: Vec<(DeckId, Recompute)> = store
        .decks(None)?
        .into_iter()
        .filter(|deck| pick(deck.scheduler, deck.scheduler.unwrap_or(default)))
        .map(|deck| (deck.id, Recompute::DueDates { today }))
        .collect();
    reschedule_decks(store, &model, &plan)
}

/// `optimize --reset`: FSRS back to its default parameters, every card recomputed.
pub fn reset_fsrs(store: &mut Store, today: NaiveDate) -> Result<Optimized> {
    let recomputed = store.atomically(|store| {
        store.set_fsrs_parameters(None)?;
        let model = store.fsrs_model()?;
        reschedule_all(store, &model, today)
    })?;
    Ok(Optimized::Reset { recomputed })
}

/// `optimize`: FSRS's parameters fitted to the whole log, stored, and every card
/// recomputed with them.
pub fn fit_fsrs(store: &mut Store, today: NaiveDate) -> Result<Optimized> {
    let histories: Vec<fsrs::History> = store
        .logs(None)?
        .into_iter()
        .map(|(_, log)| log.into_iter().map(|l| (l.day, l.grade)).collect())
        .collect();
    let reviews = reviews_to_learn_from(&histories);
    let parameters = fsrs::fit(&histories).map_err(|e| match e {
        FitError::NotEnough { have, needed } => Error::NotEnoughReviews { have, needed },
        FitError::Failed(reason) => Error::FitFailed(reason),
        FitError::LearnedNothing => Error::FitLearnedNothing { reviews },
    })?;
    let recomputed = store.atomically(|store| {
        store.set_fsrs_parameters(Some((&parameters, today, reviews)))?;
        let model = store.fsrs_model()?;
        reschedule_all(store, &model, today)
    })?;
    Ok(Optimized::Fitted {
        reviews,
        reach: fsrs::reach(&parameters),
        recomputed,
    })
}

//! `prepdeck interview DECK DATE [--minutes N]`: sets or clears the day a deck's schedule
//! aims at, and the minutes a day it may ask.

use super::{Context, emit};
use crate::cli::InterviewArgs;
use crate::clock::parse_user_date;
use crate::error::{Error, Result};
use crate::schedule::budget::MINUTES_RANGE;
use crate::study::reschedule::{Recompute, reschedule_deck};
use crate::ui::{count, prefixed, relative_day, shell_word, wrap};

/// What to do with the deck's own budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BudgetChange {
    Keep,
    Set(u32),
    /// Back to the config file's `daily_minutes`, if any.
    Remove,
}

/// `--minutes` as typed: a whole number of minutes in range.
fn parse_minutes(text: &str) -> Result<u32> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|m| MINUTES_RANGE.contains(m))
        .ok_or_else(|| Error::BadMinutes(crate::ui::truncate(text, 40)))
}

pub fn run(args: &InterviewArgs, ctx: &Context) -> Result<()> {
    let today = ctx.now.today();
    let budget = match (&args.minutes, args.no_minutes) {
        (Some(text), _) => BudgetChange::Set(parse_minutes(text)?),
        (None, true) => BudgetChange::Remove,
        (None, false) => BudgetChange::Keep,
    };
    // `None`: the date stays as it is (only the budget changes).
    let date = match (&args.date, args.clear) {
        (Some(_), true) => return Err(Error::DateAndClear),
        (None, false) if budget == BudgetChange::Keep => return Err(Error::MissingDate),
        (None, false) => None,
        (None, true) => Some(None),
        (Some(text), false) => {
            let date = parse_user_date(text, today)?;
            if date < today {
                return Err(Error::PastDate {
                    date: date.to_string(),
                    today: today.to_string(),
                });
            }
            Some(Some(date))
        }
    };
    let mut store = ctx.store()?;
    let deck = store.find_deck(&args.deck)?;
    // Cards reviewed before the date was known get the due date their last review would
    // have set with it (brought back the day before, or held for it), and lose it again
    // when the date is cleared; with the date and the budget, in one transaction.
    let moved = store.atomically(|store| {
        match budget {
            BudgetChange::Keep => {}
            BudgetChange::Set(minutes) => store.set_daily_minutes(deck, Some(minutes))?,
            BudgetChange::Remove => store.set_daily_minutes(deck, None)?,
        }
        let Some(date) = date else {
            return Ok(0);
        };
        store.set_interview(deck, date)?;
        let model = store.fsrs_model()?;
        reschedule_deck(store, deck, &model, Recompute::DueDates { today })
    })?;
    let stored = store.deck(deck)?;
    let name = crate::ui::safe_line(&stored.name).into_owned();
    let scheduler = store.scheduler_of(deck)?.label();
    let moved = match moved {
        0 => String::new(),
        n => format!(" {} rescheduled.", count(n, "card")),
    };
    let plan_hint = format!("`prepdeck plan {}` shows the days ahead.", shell_word(&name));
    let mut said = match (date, stored.interview) {
        (Some(Some(day)), _) if day == today => format!(
            "{name}: interview today. Every card not yet seen is in today's queue, and the session limit hides none of them.{moved}"
        ),
        (Some(Some(day)), _) => format!(
            "{name}: interview on {} ({}). Reviews will land before it.{moved}",
            day.format("%A %-d %B %Y"),
            relative_day(day, today),
        ),
        (Some(None), _) => format!("{name}: interview date cleared; plain {scheduler} scheduling applies.{moved}"),
        (None, Some(day)) => format!(
            "{name}: interview on {} ({}).",
            day.format("%A %-d %B %Y"),
            relative_day(day, today)
        ),
        (None, None) => format!("{name}: no interview date."),
    };
    let budget = budget_sentence(budget, stored.daily_minutes, ctx.settings.daily_minutes());
    if !budget.is_empty() {
        said.push(' ');
        said.push_str(&budget);
    }
    let mut out = prefixed(wrap(&said, ctx.style.width), "");
    if stored.interview.is_some_and(|d| d > today) {
        out.push_str(&prefixed(wrap(&plan_hint, ctx.style.width), ""));
    }
    emit(&out)
}

/// What the deck's budget now is, and where it comes from.
fn budget_sentence(change: BudgetChange, own: Option<u32>, from_config: Option<u32>) -> String {
    let minutes = |m: u32| count(m, "minute");
    match (own, from_config, change) {
        (Some(m), _, BudgetChange::Set(_)) => format!("Budget: {} a day.", minutes(m)),
        (Some(m), _, _) => format!("Budget: {} a day (`--no-minutes` removes it).", minutes(m)),
        (None, Some(m), BudgetChange::Remove) => {
            format!(
                "Its own budget removed; the config file's daily_minutes ({}) applies.",
                minutes(m)
            )
        }
        (None, Some(m), _) => format!("Budget: {} a day, from the config file's daily_minutes.", minutes(m)),
        (None, None, BudgetChange::Remove) => "Budget removed: no limit on the minutes a day.".to_string(),
        (None, None, _) => String::new(),
    }
}

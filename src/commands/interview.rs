//! `prepdeck interview DECK DATE [--minutes N]`: sets or clears the day a deck's schedule
//! aims at, and the minutes a day it may ask.

use super::Context;
use crate::cli::InterviewArgs;
use crate::clock::parse_user_date;
use crate::domain::{BudgetChange, InterviewChange};
use crate::error::{Error, Result};
use crate::output::emit;
use crate::schedule::budget::MINUTES_RANGE;

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
    let change = match (&args.date, args.clear) {
        (Some(_), true) => return Err(Error::DateAndClear),
        (None, false) if budget == BudgetChange::Keep => return Err(Error::MissingDate),
        (None, false) => InterviewChange::Keep,
        (None, true) => InterviewChange::Clear,
        (Some(text), false) => {
            let date = parse_user_date(text, today)?;
            if date < today {
                return Err(Error::PastDate {
                    date: date.to_string(),
                    today: today.to_string(),
                });
            }
            InterviewChange::Set(date)
        }
    };
    let mut store = ctx.store()?;
    let deck = store.find_deck(&args.deck)?;
    let set =
        crate::study::decks::set_interview(&mut store, deck, change, budget, today, ctx.settings.daily_minutes())?;
    emit(&crate::ui::decks::interview_set(&set, &ctx.style))
}

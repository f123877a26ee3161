//! `prepdeck interview DECK DATE`: sets or clears the day a deck's schedule aims at.

use super::{Context, emit};
use crate::cli::InterviewArgs;
use crate::clock::parse_user_date;
use crate::error::{Error, Result};
use crate::study::reschedule::{Recompute, reschedule_deck};
use crate::ui::{count, prefixed, relative_day, shell_word, wrap};

pub fn run(args: &InterviewArgs, ctx: &Context) -> Result<()> {
    let today = ctx.now.today();
    let date = match (&args.date, args.clear) {
        (Some(_), true) => return Err(Error::DateAndClear),
        (None, false) => return Err(Error::MissingDate),
        (None, true) => None,
        (Some(text), false) => {
            let date = parse_user_date(text, today)?;
            if date < today {
                return Err(Error::PastDate {
                    date: date.to_string(),
                    today: today.to_string(),
                });
            }
            Some(date)
        }
    };
    let mut store = ctx.store()?;
    let deck = store.find_deck(&args.deck)?;
    // Cards reviewed before the date was known get the due date their last review would
    // have set with it (brought back the day before, or held for it), and lose it again
    // when the date is cleared; with the date, in one transaction.
    let moved = store.atomically(|store| {
        store.set_interview(deck, date)?;
        let model = store.fsrs_model()?;
        reschedule_deck(store, deck, &model, Recompute::DueDates { today })
    })?;
    let name = crate::ui::safe_line(&store.deck(deck)?.name).into_owned();
    let scheduler = store.scheduler_of(deck)?.label();
    let moved = match moved {
        0 => String::new(),
        n => format!(" {} rescheduled.", count(n, "card")),
    };
    let said = match date {
        Some(day) if day == today => format!(
            "{name}: interview today. Every card not yet seen is in today's queue, and the session limit hides none of them.{moved}"
        ),
        Some(day) => format!(
            "{name}: interview on {} ({}). Reviews will land before it.{moved}\n`prepdeck plan {}` shows the days ahead.",
            day.format("%A %-d %B %Y"),
            relative_day(day, today),
            shell_word(&name)
        ),
        None => format!("{name}: interview date cleared; plain {scheduler} scheduling applies.{moved}"),
    };
    emit(&prefixed(wrap(&said, ctx.style.width), ""))
}

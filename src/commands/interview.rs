//! `prepdeck interview DECK DATE`: sets or clears the day a deck's schedule aims at.

use super::{Context, emit};
use crate::cli::InterviewArgs;
use crate::clock::parse_user_date;
use crate::error::{Error, Result};
use crate::ui::{prefixed, relative_day, shell_word, wrap};

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
    store.set_interview(deck, date)?;
    let name = crate::ui::safe(&store.deck(deck)?.name).into_owned();
    let said = match date {
        Some(day) => format!(
            "{name}: interview on {} ({}). Reviews will land before it; `prepdeck plan {}` shows the days ahead.",
            day.format("%A %-d %B %Y"),
            relative_day(day, today),
            shell_word(&name)
        ),
        None => format!("{name}: interview date cleared; plain SM-2 scheduling applies."),
    };
    emit(&prefixed(wrap(&said, ctx.style.width), ""))
}

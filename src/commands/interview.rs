//! `prepdeck interview DECK DATE`: sets or clears the day a deck's schedule aims at.

use super::{Context, emit};
use crate::cli::InterviewArgs;
use crate::clock::parse_user_date;
use crate::error::{Error, Result};
use crate::ui::relative_day;

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
    let name = crate::ui::safe_line(&store.deck(deck)?.name).into_owned();
    match date {
        Some(day) => emit(&format!(
            "{name}: interview on {} ({}). Reviews will land before it; `prepdeck plan {}` shows the days ahead.\n",
            day.format("%A %-d %B %Y"),
            relative_day(day, today),
            shell_word(&name)
        )),
        None => emit(&format!(
            "{name}: interview date cleared; plain SM-2 scheduling applies.\n"
        )),
    }
}

/// A deck name as one shell word, quoted when it needs to be.
fn shell_word(name: &str) -> String {
    if name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\\\""))
    }
}

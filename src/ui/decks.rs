//! The deck screens: the `decks` table, a deck renamed or removed, the interview date and
//! budget `interview` set, and which scheduler each deck follows.

use super::table::{Table, toned};
use super::{Style, Tone, count, prefixed, relative_day, safe, safe_line, shell_word, wrap};
use crate::domain::{BudgetChange, InterviewChange};
use crate::report::Renamed;
use crate::report::decks::{DeckList, DeckRemoval, InterviewSet, Optimized, SchedulerChange, Schedulers};
use crate::schedule::fsrs::Reach;

/// `decks`: each deck's counts, readiness and interview, and a hint under any whose
/// interview date has passed.
#[must_use]
pub fn deck_list(list: &DeckList, style: &Style) -> String {
    if list.decks.is_empty() {
        return "No decks yet. Import a profile: prepdeck import PATH\n".to_string();
    }
    let today = list.today;
    let mut table = Table::new(&["DECK", "CARDS", "NEW", "DUE", "READY", "INTERVIEW"])
        .right(1)
        .right(2)
        .right(3)
        .right(4)
        .flex(0);
    for deck in &list.decks {
        let interview = match deck.interview {
            Some(day) => format!("{day} ({})", relative_day(day, today)),
            None => "-".to_string(),
        };
        table.row(vec![
            safe_line(&deck.name).into_owned().into(),
            deck.counts.cards.to_string().into(),
            deck.counts.new.to_string().into(),
            if deck.counts.due > 0 {
                toned(deck.counts.due.to_string(), Tone::Warn)
            } else {
                deck.counts.due.to_string().into()
            },
            toned(
                format!("{:.0}%", deck.readiness),
                super::chart::tone_for_percent(deck.readiness),
            ),
            interview.into(),
        ]);
    }
    let mut out = table.render(style);
    for deck in list.decks.iter().filter(|d| d.interview.is_some_and(|day| day < today)) {
        let hint = format!(
            "{}'s interview date has passed: set the next one with prepdeck interview {} DATE, or clear it with --clear.",
            safe(&deck.name),
            shell_word(&deck.name)
        );
        out.push_str(&style.paint(&prefixed(wrap(&hint, style.width), ""), Tone::Dim));
    }
    out
}

/// `renamed OLD to NEW`.
#[must_use]
pub fn renamed(renamed: &Renamed) -> String {
    format!("renamed {} to {}\n", safe_line(&renamed.old), safe_line(&renamed.new))
}

/// What removing a deck takes with it, as the question and the report say it.
#[must_use]
pub fn removal(removal: &DeckRemoval) -> String {
    format!(
        "{} ({}, {} suspended, {} retired, and their whole review history)",
        safe_line(&removal.name),
        count(removal.cards, "card"),
        removal.suspended,
        removal.retired
    )
}

/// `interview`: the deck's date and budget now, and where to see the days ahead.
#[must_use]
pub fn interview_set(set: &InterviewSet, style: &Style) -> String {
    let today = set.today;
    let name = safe_line(&set.deck).into_owned();
    let moved = match set.rescheduled {
        0 => String::new(),
        n => format!(" {} rescheduled.", count(n, "card")),
    };
    let long = |day: chrono::NaiveDate| format!("{} ({})", day.format("%A %-d %B %Y"), relative_day(day, today));
    let mut said = match (set.change, set.interview) {
        (InterviewChange::Set(day), _) if day == today => format!(
            "{name}: interview today. Every card not yet seen is in today's queue, and the session limit hides none of them.{moved}"
        ),
        (InterviewChange::Set(day), _) => format!(
            "{name}: interview on {}. Reviews will land before it.{moved}",
            long(day)
        ),
        (InterviewChange::Clear, _) => format!(
            "{name}: interview date cleared; plain {} scheduling applies.{moved}",
            set.scheduler.label()
        ),
        (InterviewChange::Keep, Some(day)) => format!("{name}: interview on {}.", long(day)),
        (InterviewChange::Keep, None) => format!("{name}: no interview date."),
    };
    let budget = budget_sentence(set.budget, set.own_minutes, set.config_minutes);
    if !budget.is_empty() {
        said.push(' ');
        said.push_str(&budget);
    }
    let mut out = prefixed(wrap(&said, style.width), "");
    if set.interview.is_some_and(|d| d > today) {
        let plan_hint = format!("`prepdeck plan {}` shows the days ahead.", shell_word(&name));
        out.push_str(&prefixed(wrap(&plan_hint, style.width), ""));
    }
    out
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

/// `scheduler`: each deck's scheduler, then the default and FSRS's settings.
#[must_use]
pub fn schedulers(shown: &Schedulers, style: &Style) -> String {
    let mut out = String::new();
    if shown.decks.is_empty() {
        out.push_str("No decks yet.\n");
    } else {
        let mut table = Table::new(&["DECK", "SCHEDULER"]).flex(0);
        for deck in &shown.decks {
            let scheduler = if deck.own {
                deck.scheduler.as_str().to_string()
            } else {
                format!("{} (default)", shown.default.as_str())
            };
            table.row(vec![safe(&deck.name).into_owned().into(), scheduler.into()]);
        }
        out.push_str(&table.render(style));
    }
    let parameters = match (&shown.parameters, shown.fitted_on, shown.fitted_from_reviews) {
        (Some(_), Some(day), Some(reviews)) => format!("parameters fitted on {day} from {reviews} reviews"),
        (Some(_), _, _) => "fitted parameters".to_string(),
        (None, _, _) => "FSRS-6's default parameters (`prepdeck optimize` fits them to your log)".to_string(),
    };
    let footer = format!(
        "Decks without their own scheduler use {}. FSRS: {parameters}, desired retention {:.2}.",
        shown.default.as_str(),
        shown.desired_retention
    );
    out.push_str(&style.record(&footer));
    out
}

/// What `scheduler` changed, one sentence each.
#[must_use]
pub fn scheduler_changes(changes: &[SchedulerChange]) -> String {
    let mut out = String::new();
    for change in changes {
        match change {
            SchedulerChange::Retention { retention, rescheduled } => out.push_str(&format!(
                "FSRS now aims for {:.0}% recall: {} of FSRS decks rescheduled.\n",
                retention * 100.0,
                count(*rescheduled, "card")
            )),
            SchedulerChange::Default { scheduler, rescheduled } => out.push_str(&format!(
                "Decks without their own scheduler now use {}: {} rescheduled from their review log.\n",
                scheduler.label(),
                count(*rescheduled, "card")
            )),
            SchedulerChange::Deck {
                name,
                was,
                now,
                follows_default,
                rescheduled,
            } => {
                let name = safe(name);
                let following = if *follows_default { " (the default)" } else { "" };
                if was == now {
                    out.push_str(&format!("{name} uses {}{following}, as before.\n", now.label()));
                } else {
                    out.push_str(&format!(
                        "{name} now uses {}{following} (was {}): {} rescheduled from their review log.\n\
                         `prepdeck scheduler {} {}` switches back.\n",
                        now.label(),
                        was.label(),
                        count(*rescheduled, "card"),
                        shell_word(&name),
                        was.as_str()
                    ));
                }
            }
        }
    }
    out
}

/// What `optimize` did, and what it leaves alone.
#[must_use]
pub fn optimized(optimized: &Optimized, style: &Style) -> String {
    match *optimized {
        Optimized::Reset { recomputed } => format!(
            "FSRS is back to its default parameters: {} recomputed from their review log.\n",
            count(recomputed, "card")
        ),
        Optimized::Fitted {
            reviews,
            reach,
            recomputed,
        } => {
            let mut out = match reach {
                Reach::All => format!(
                    "Fitted FSRS to {reviews} reviews: the parameters are stored and {} recomputed from their review log.\n",
                    count(recomputed, "card")
                ),
                Reach::FirstStabilities => format!(
                    "Fitted FSRS to {reviews} reviews, in part: only how long a card is remembered after its first grade; too few cards were reviewed again after that for the rest, which keep FSRS-6's defaults. Stored, and {} recomputed from their review log.\n",
                    count(recomputed, "card")
                ),
            };
            out.push_str(&style.paint(
                "Decks under SM-2 keep their due dates; `prepdeck scheduler DECK fsrs` puts a deck under FSRS, `prepdeck optimize --reset` forgets the fit.\n",
                Tone::Dim,
            ));
            out
        }
    }
}

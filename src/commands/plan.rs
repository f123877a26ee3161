//! `prepdeck plan DECK`: the days from today to the interview, with the reviews and new
//! cards each one holds if every due card is reviewed (and recalled) on its day.

use serde::Serialize;

use super::{Context, emit, emit_json};
use crate::cli::PlanArgs;
use crate::domain::{Grade, Progress};
use crate::error::{Error, Result};
use crate::schedule::Rules;
use crate::schedule::plan::{Pace, simulate};
use crate::schedule::sm2::add_days;
use crate::study::queue::{DEFAULT_LIMIT, DEFAULT_NEW_PER_DAY};
use crate::ui::table::{Table, toned};
use crate::ui::{Tone, safe};

/// `plan` shows at most this many days, however far the interview.
const PLAN_HORIZON_DAYS: u32 = 365;

#[derive(Serialize)]
struct PlanJson {
    deck: String,
    interview: chrono::NaiveDate,
    days: Vec<DayJson>,
}

#[derive(Serialize)]
struct DayJson {
    day: chrono::NaiveDate,
    days_left: i64,
    reviews: usize,
    new: usize,
    /// Cards beyond the session limit: shown anyway when the interview is today or
    /// tomorrow, otherwise waiting for the next day.
    over_limit: usize,
}

pub fn run(args: &PlanArgs, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let today = ctx.now.today();
    let deck_id = store.find_deck(&args.deck)?;
    let deck = store.deck(deck_id)?;
    let Some(interview) = deck.interview.filter(|d| *d >= today) else {
        return Err(Error::NoInterviewDate {
            deck: safe(&deck.name).into_owned(),
        });
    };
    let cards = store.active_cards(deck_id, None)?;
    let progress: Vec<Progress> = cards.iter().map(|c| c.progress).collect();
    let introduced_today = progress.iter().filter(|p| p.first_reviewed == Some(today)).count();
    let per_day = args.new_per_day.unwrap_or(DEFAULT_NEW_PER_DAY);
    let limit = args.limit.unwrap_or(DEFAULT_LIMIT);
    // A far interview (year 9999) is planned for its first year only.
    let last_day = interview.min(add_days(today, PLAN_HORIZON_DAYS - 1));
    let model = store.fsrs_model()?;
    let rules = Rules {
        interview: Some(interview),
        scheduler: store.scheduler_of(deck_id)?,
        model: &model,
    };
    let sim = simulate(
        &progress,
        today,
        last_day,
        &rules,
        Pace {
            per_day,
            introduced_today,
            limit,
        },
        Grade::GOOD,
    );
    if args.json {
        return emit_json(&PlanJson {
            deck: deck.name,
            interview,
            days: sim
                .days
                .iter()
                .map(|d| DayJson {
                    day: d.day,
                    days_left: (interview - d.day).num_days(),
                    reviews: d.reviews,
                    new: d.new,
                    over_limit: d.over_limit,
                })
                .collect(),
        });
    }
    let mut out = format!(
        "{}: {} active cards ({} new), interview {} ({} days away)\n",
        ctx.style.paint(&safe(&deck.name), Tone::Bold),
        cards.len(),
        progress.iter().filter(|p| p.is_new()).count(),
        interview.format("%A %-d %B"),
        (interview - today).num_days()
    );
    let mut table = Table::new(&["DAY", "LEFT", "REVIEWS", "NEW", "TOTAL"])
        .right(1)
        .right(2)
        .right(3)
        .right(4);
    for day in &sim.days {
        let left = (interview - day.day).num_days();
        let label = if left == 0 {
            format!("{} interview", day.day.format("%a %d %b"))
        } else {
            day.day.format("%a %d %b").to_string()
        };
        table.row(vec![
            if left == 0 {
                toned(label, Tone::Bold)
            } else {
                label.into()
            },
            left.to_string().into(),
            day.reviews.to_string().into(),
            day.new.to_string().into(),
            (day.reviews + day.new).to_string().into(),
        ]);
    }
    out.push_str(&table.render(&ctx.style));
    if last_day < interview {
        out.push_str(&format!(
            "The interview is more than {PLAN_HORIZON_DAYS} days away: only the first {PLAN_HORIZON_DAYS} days are shown.\n"
        ));
    }
    for day in sim.days.iter().filter(|d| d.over_limit > 0) {
        let total = day.reviews + day.new + if day.imminent { 0 } else { day.over_limit };
        let what = if day.imminent {
            "all are shown, because the interview is that day or the next"
        } else {
            "the rest wait for the next day"
        };
        out.push_str(&ctx.style.paint(
            &format!(
                "{} needs {total} cards, more than the session limit of {limit}: {what}.\n",
                day.day.format("%a %d %b")
            ),
            Tone::Warn,
        ));
    }
    out.push_str(&ctx.style.paint(
        "Assumes every due card is reviewed on its day and recalled (grade 4); failed cards add repeats.\n",
        Tone::Dim,
    ));
    emit(&out)
}

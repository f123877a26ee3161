//! `prepdeck plan DECK`: the days from today to the interview, with the reviews and new
//! cards each one holds if every due card is reviewed (and recalled) on its day.

use serde::Serialize;

use super::{Context, emit, emit_json};
use crate::cli::PlanArgs;
use crate::domain::{Grade, Progress};
use crate::error::{Error, Result};
use crate::schedule::plan::simulate;
use crate::study::queue::DEFAULT_NEW_PER_DAY;
use crate::ui::table::{Table, toned};
use crate::ui::{Tone, safe_line};

/// The plan covers at most this many days from today: an interview years away gets a
/// year of plan, not a row for every day until then.
const PLAN_DAYS: u32 = 366;

#[derive(Serialize)]
struct PlanJson {
    deck: String,
    interview: chrono::NaiveDate,
    days: Vec<DayJson>,
    /// The interview lies beyond the days planned.
    truncated: bool,
}

#[derive(Serialize)]
struct DayJson {
    day: chrono::NaiveDate,
    days_left: i64,
    reviews: usize,
    new: usize,
}

pub fn run(args: &PlanArgs, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let today = ctx.now.today();
    let deck_id = store.find_deck(&args.deck)?;
    let deck = store.deck(deck_id)?;
    let Some(interview) = deck.interview.filter(|d| *d >= today) else {
        return Err(Error::NoInterviewDate {
            deck: safe_line(&deck.name).into_owned(),
        });
    };
    let cards = store.active_cards(deck_id, None)?;
    let progress: Vec<Progress> = cards.iter().map(|c| c.progress).collect();
    let introduced_today = progress.iter().filter(|p| p.first_reviewed == Some(today)).count();
    let per_day = args.new_per_day.unwrap_or(DEFAULT_NEW_PER_DAY);
    let last_day = interview.min(crate::schedule::sm2::add_days(today, PLAN_DAYS - 1));
    let truncated = last_day < interview;
    let sim = simulate(
        &progress,
        today,
        last_day,
        Some(interview),
        per_day,
        introduced_today,
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
                })
                .collect(),
            truncated,
        });
    }
    let mut out = format!(
        "{}: {} active cards ({} new), interview {} ({} days away)\n",
        ctx.style.paint(&safe_line(&deck.name), Tone::Bold),
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
    if truncated {
        out.push_str(&format!(
            "The plan shows the next {PLAN_DAYS} days; the interview is {} days away.\n",
            (interview - today).num_days()
        ));
    }
    out.push_str(&ctx.style.paint(
        "Assumes every due card is reviewed on its day and recalled (grade 4); failed cards add repeats.\n",
        Tone::Dim,
    ));
    emit(&out)
}

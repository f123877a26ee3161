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
use crate::ui::{Tone, count, prefixed, relative_day, safe, wrap};

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
    let sim = simulate(
        &progress,
        today,
        interview,
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
        });
    }
    let heading = format!(
        "{}: {} ({} new), interview {} ({})",
        ctx.style.paint(&safe(&deck.name), Tone::Bold),
        count(cards.len(), "active card"),
        progress.iter().filter(|p| p.is_new()).count(),
        interview.format("%A %-d %B"),
        relative_day(interview, today)
    );
    let mut out = prefixed(wrap(&heading, ctx.style.width), "");
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
    out.push_str(&ctx.style.paint(
        &prefixed(
            wrap(
                "Assumes every due card is reviewed on its day and recalled (grade 4); failed cards add repeats.",
                ctx.style.width,
            ),
            "",
        ),
        Tone::Dim,
    ));
    emit(&out)
}

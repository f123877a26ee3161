//! `prepdeck plan DECK` (or `--all-decks`): the days from today to the interview, with the
//! reviews and new cards each one holds if every due card is reviewed (and recalled) on
//! its day; as a table, JSON, or a calendar file.

use serde::Serialize;

use super::{Context, emit, json_text};
use crate::calendar::{DeckPlan, plan_calendar};
use crate::cli::{PlanArgs, PlanFormat};
use crate::domain::{DeckId, Grade, Progress};
use crate::error::{Error, Result};
use crate::schedule::Rules;
use crate::schedule::plan::{Pace, simulate};
use crate::schedule::sm2::add_days;
use crate::store::Store;
use crate::ui::table::{Table, toned};
use crate::ui::{Style, Tone, count, prefixed, relative_day, safe_line, wrap};

/// The plan covers at most this many days from today: an interview years away gets a
/// year of plan, not a row for every day until then.
const PLAN_DAYS: u32 = 366;

#[derive(Serialize)]
struct PlanJson<'a> {
    deck: &'a str,
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
    /// Cards beyond the session limit: shown anyway when the interview is today or
    /// tomorrow, otherwise waiting for the next day.
    over_limit: usize,
}

/// A deck's plan with what the table's heading says about the deck.
struct Planned {
    plan: DeckPlan,
    active: usize,
    new: usize,
    /// The session limit the plan assumed.
    limit: usize,
}

pub fn run(args: &PlanArgs, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let pace = Pace {
        per_day: ctx.settings.new_per_day(args.new_per_day),
        introduced_today: 0,
        limit: ctx.settings.session_limit(args.limit),
    };
    let mut unplanned = Vec::new();
    let planned = if args.all_decks {
        let mut planned = Vec::new();
        for deck in store.decks(None)? {
            match plan_deck(&store, deck.id, pace, ctx)? {
                Some(plan) => planned.push(plan),
                None => unplanned.push(safe_line(&deck.name).into_owned()),
            }
        }
        if planned.is_empty() {
            return Err(Error::NoInterviewsAhead);
        }
        planned
    } else {
        let name = args.deck.as_deref().unwrap_or_default();
        let deck = store.find_deck(name)?;
        let Some(plan) = plan_deck(&store, deck, pace, ctx)? else {
            return Err(Error::NoInterviewDate {
                deck: safe_line(&store.deck(deck)?.name).into_owned(),
            });
        };
        vec![plan]
    };
    let format = if args.json { PlanFormat::Json } else { args.format };
    // A file gets no colour codes.
    let style = if args.output.is_some() {
        Style::plain(ctx.style.width)
    } else {
        ctx.style
    };
    let text = match format {
        PlanFormat::Table => tables(&planned, &unplanned, ctx, &style),
        PlanFormat::Json => {
            let plans: Vec<PlanJson> = planned.iter().map(|p| plan_json(&p.plan)).collect();
            if args.all_decks {
                json_text(&plans)?
            } else {
                json_text(&plans[0])?
            }
        }
        PlanFormat::Ics => {
            let plans: Vec<DeckPlan> = planned.into_iter().map(|p| p.plan).collect();
            plan_calendar(&plans, ctx.now.at.to_utc())
        }
    };
    match &args.output {
        Some(path) => {
            crate::output::write_output(path, text.as_bytes(), store.path())?;
            eprintln!("prepdeck: wrote the plan to {}", path.display());
            Ok(())
        }
        None => emit(&text),
    }
}

/// One deck's simulated days to its interview (its first year at most); `None` when it
/// has no interview ahead.
fn plan_deck(store: &Store, deck_id: DeckId, pace: Pace, ctx: &Context) -> Result<Option<Planned>> {
    let today = ctx.now.today();
    let deck = store.deck(deck_id)?;
    let Some(interview) = deck.interview.filter(|d| *d >= today) else {
        return Ok(None);
    };
    let cards = store.active_cards(deck_id, None)?;
    let progress: Vec<Progress> = cards.iter().map(|c| c.progress).collect();
    let introduced_today = progress.iter().filter(|p| p.first_reviewed == Some(today)).count();
    let last_day = interview.min(add_days(today, PLAN_DAYS - 1));
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
            introduced_today,
            ..pace
        },
        Grade::GOOD,
    );
    Ok(Some(Planned {
        active: cards.len(),
        new: progress.iter().filter(|p| p.is_new()).count(),
        plan: DeckPlan {
            identity: store.deck_identity(deck_id)?,
            deck: deck.name,
            interview,
            days: sim.days,
        },
        limit: pace.limit,
    }))
}

fn plan_json(plan: &DeckPlan) -> PlanJson<'_> {
    PlanJson {
        deck: &plan.deck,
        interview: plan.interview,
        days: plan
            .days
            .iter()
            .map(|d| DayJson {
                day: d.day,
                days_left: (plan.interview - d.day).num_days(),
                reviews: d.reviews,
                new: d.new,
                over_limit: d.over_limit,
            })
            .collect(),
        truncated: plan.days.last().is_some_and(|d| d.day < plan.interview),
    }
}

/// Each deck's heading and table, then the assumption they share.
fn tables(planned: &[Planned], unplanned: &[String], ctx: &Context, style: &Style) -> String {
    let today = ctx.now.today();
    let mut out = String::new();
    for (i, planned) in planned.iter().enumerate() {
        let plan = &planned.plan;
        if i > 0 {
            out.push('\n');
        }
        let heading = format!(
            "{}: {} ({} new), interview {} ({})",
            style.paint(&safe_line(&plan.deck), Tone::Bold),
            count(planned.active, "active card"),
            planned.new,
            plan.interview.format("%A %-d %B"),
            relative_day(plan.interview, today)
        );
        out.push_str(&prefixed(wrap(&heading, style.width), ""));
        out.push_str(&table(plan).render(style));
        out.push_str(&limits(planned, style));
    }
    if !unplanned.is_empty() {
        out.push_str(&format!(
            "\nNo interview date ahead, not planned: {}\n",
            unplanned.join(", ")
        ));
    }
    out.push_str(&style.paint(
        &prefixed(
            wrap(
                "Assumes every due card is reviewed on its day and recalled (grade 4); failed cards add repeats.",
                style.width,
            ),
            "",
        ),
        Tone::Dim,
    ));
    out
}

fn table(plan: &DeckPlan) -> Table {
    let mut table = Table::new(&["DAY", "LEFT", "REVIEWS", "NEW", "TOTAL"])
        .right(1)
        .right(2)
        .right(3)
        .right(4);
    for day in &plan.days {
        let left = (plan.interview - day.day).num_days();
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
    table
}

/// What the table cannot say: a plan cut at its first year, and days that need more cards
/// than the session limit.
fn limits(planned: &Planned, style: &Style) -> String {
    let plan = &planned.plan;
    let mut out = String::new();
    if let Some(last) = plan.days.last().filter(|d| d.day < plan.interview) {
        let first = plan.days.first().map_or(last.day, |d| d.day);
        out.push_str(&format!(
            "The plan shows the next {PLAN_DAYS} days; the interview is {} days away.\n",
            (plan.interview - first).num_days()
        ));
    }
    for day in plan.days.iter().filter(|d| d.over_limit > 0) {
        let total = day.reviews + day.new + if day.imminent { 0 } else { day.over_limit };
        let what = if day.imminent {
            "all shown, the interview being near"
        } else {
            "the rest wait for the next day"
        };
        let line = format!(
            "{}: {total} cards, over the session limit of {}; {what}.",
            day.day.format("%a %d %b"),
            planned.limit
        );
        out.push_str(&style.paint(&prefixed(wrap(&line, style.width), ""), Tone::Warn));
    }
    out
}

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
use crate::schedule::budget::{Budget, TIMED_REVIEWS_NEEDED};
use crate::schedule::deadline::final_day;
use crate::schedule::plan::{Load, Pace, simulate};
use crate::schedule::readiness::readiness;
use crate::schedule::sm2::add_days;
use crate::store::Store;
use crate::study::queue::{minutes_of, recent_log};
use crate::ui::table::{Table, toned};
use crate::ui::{Style, Tone, count, prefixed, relative_day, safe_line, wrap};

/// The plan covers at most this many days from today: an interview years away gets a
/// year of plan, not a row for every day until then.
const PLAN_DAYS: u32 = 366;

#[derive(Serialize)]
struct PlanJson<'a> {
    deck: &'a str,
    interview: chrono::NaiveDate,
    /// The deck's daily budget in minutes (its own or the config file's), or null.
    daily_minutes: Option<u32>,
    /// The expected recall on the interview morning if the plan is followed (every card
    /// recalled as planned), 0–1; and without the budget, when there is one.
    morning_recall: f64,
    morning_recall_without_budget: Option<f64>,
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
    /// Of the reviews, final reviews brought forward from the day before the interview.
    brought_forward: usize,
    /// The day's expected minutes, repeats included, when the deck has a budget.
    minutes: Option<f64>,
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
    budget: Option<Budget>,
    /// Expected recall on the interview morning, with the plan and without the budget.
    morning: f64,
    morning_without_budget: Option<f64>,
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
            let plans: Vec<PlanJson> = planned.iter().map(plan_json).collect();
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
    let log = recent_log(store, today)?;
    let budget = minutes_of(&deck, ctx.settings.daily_minutes()).map(|minutes| Budget {
        minutes,
        time: log.time,
    });
    let load = Load {
        budget,
        past_days: log.cards_per_day(deck_id, today),
        spent_today: log.spent_today(deck_id),
    };
    let pace = Pace {
        introduced_today,
        ..pace
    };
    let sim = simulate(&progress, today, last_day, &rules, pace, &load, Grade::GOOD);
    // The morning's expected recall: the days up to the eve, then each card's estimate.
    let morning = |load: &Load| match final_day(interview).filter(|eve| *eve >= today && last_day == interview) {
        Some(eve) => {
            let sim = simulate(&progress, today, eve, &rules, pace, load, Grade::GOOD);
            readiness(&sim.cards, interview, &model) / 100.0
        }
        None => readiness(&progress, interview, &model) / 100.0,
    };
    let without = Load {
        budget: None,
        ..load.clone()
    };
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
        budget,
        morning: morning(&load),
        morning_without_budget: budget.map(|_| morning(&without)),
    }))
}

fn plan_json(planned: &Planned) -> PlanJson<'_> {
    let plan = &planned.plan;
    PlanJson {
        deck: &plan.deck,
        interview: plan.interview,
        daily_minutes: planned.budget.map(|b| b.minutes),
        morning_recall: round3(planned.morning),
        morning_recall_without_budget: planned.morning_without_budget.map(round3),
        days: plan
            .days
            .iter()
            .map(|d| DayJson {
                day: d.day,
                days_left: (plan.interview - d.day).num_days(),
                reviews: d.reviews,
                new: d.new,
                brought_forward: d.brought,
                minutes: d.seconds.map(|s| (s / 6.0).round() / 10.0),
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
        if let Some(budget) = planned.budget {
            out.push_str(&prefixed(wrap(&budget_line(budget), style.width), ""));
        }
        out.push_str(&table(plan, planned.budget.is_some()).render(style));
        out.push_str(&limits(planned, style));
        out.push_str(&prefixed(wrap(&morning_line(planned), style.width), ""));
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

/// What the budget is and what a card costs of it.
fn budget_line(budget: Budget) -> String {
    let time = budget.time;
    let cost = if time.from_log {
        format!(
            "your cards take about {:.0} s, {:.0} s on their first day (your log, repeats included)",
            time.seen_card(0.9),
            time.new_card()
        )
    } else {
        format!(
            "{:.0} s a review, with the repeats most learners have, until your log has timed {TIMED_REVIEWS_NEEDED} reviews",
            time.seconds
        )
    };
    format!("Budget: {} a day; {cost}.", count(budget.minutes, "minute"))
}

/// The expected recall on the morning, and what the budget costs of it.
fn morning_line(planned: &Planned) -> String {
    let cards = planned.active as f64;
    let with = format!(
        "Expected recall on the morning: {:.2} (≈ {:.0} of {} cards)",
        planned.morning,
        planned.morning * cards,
        planned.active
    );
    match planned.morning_without_budget {
        // As the line shows them: a budget that costs less than 0.005 costs nothing here.
        Some(without) if format!("{without:.2}") != format!("{:.2}", planned.morning) => {
            format!("{with}, instead of {without:.2} without the budget.")
        }
        Some(_) => format!("{with}, as without the budget."),
        None => format!("{with}."),
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn table(plan: &DeckPlan, minutes: bool) -> Table {
    let headers: &[&str] = if minutes {
        &["DAY", "LEFT", "REVIEWS", "NEW", "TOTAL", "MIN"]
    } else {
        &["DAY", "LEFT", "REVIEWS", "NEW", "TOTAL"]
    };
    let mut table = Table::new(headers).right(1).right(2).right(3).right(4);
    if minutes {
        table = table.right(5);
    }
    for day in &plan.days {
        let left = (plan.interview - day.day).num_days();
        let label = if left == 0 {
            format!("{} interview", day.day.format("%a %d %b"))
        } else {
            day.day.format("%a %d %b").to_string()
        };
        let mut row = vec![
            if left == 0 {
                toned(label, Tone::Bold)
            } else {
                label.into()
            },
            left.to_string().into(),
            day.reviews.to_string().into(),
            day.new.to_string().into(),
            (day.reviews + day.new).to_string().into(),
        ];
        if minutes {
            row.push(
                day.seconds
                    .map_or_else(String::new, |s| format!("{:.0}", s / 60.0))
                    .into(),
            );
        }
        table.row(row);
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

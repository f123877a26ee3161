//! `plan` on screen: each deck's heading (its cards, interview and budget), a table of its
//! days, what the table cannot say (a plan cut at its first year, days over the session
//! limit), and the recall expected on the interview morning.

use super::table::{Table, toned};
use super::{Style, Tone, count, prefixed, relative_day, safe_line, wrap};
use crate::report::plan::{DeckPlan, PLAN_DAYS, Planned, Plans};
use crate::schedule::budget::{Budget, TIMED_REVIEWS_NEEDED};

/// `plan`: each deck's heading and table, then the assumption they share.
#[must_use]
pub fn plans(plans: &Plans, style: &Style) -> String {
    let today = plans.today;
    let mut out = String::new();
    for (i, planned) in plans.planned.iter().enumerate() {
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
    if !plans.unplanned.is_empty() {
        let names: Vec<String> = plans.unplanned.iter().map(|n| safe_line(n).into_owned()).collect();
        out.push_str(&format!(
            "\nNo interview date ahead, not planned: {}\n",
            names.join(", ")
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

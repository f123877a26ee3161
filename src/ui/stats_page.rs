//! The `stats` page: readiness bars, each deck's figures, totals, the due forecast and
//! the activity heatmap, fitted to the terminal's width.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::chart::{bar, forecast, heatmap, tone_for_percent};
use super::{Style, Tone, relative_day, truncate, width};
use crate::report::{DeckFigures, TotalFigures};

/// The whole stats page as text.
#[must_use]
pub fn render(
    decks: &[&DeckFigures],
    total: Option<&TotalFigures>,
    forecast_days: &[(NaiveDate, u32)],
    activity: &HashMap<NaiveDate, u32>,
    today: NaiveDate,
    style: &Style,
) -> String {
    let mut out = String::new();
    out.push_str(&style.paint(
        &format!("prepdeck stats · {}", today.format("%A %-d %B %Y")),
        Tone::Bold,
    ));
    out.push('\n');
    if decks.is_empty() {
        out.push_str("\nNo decks yet. Import a profile: prepdeck import PATH\n");
        return out;
    }
    let name_width = decks.iter().map(|d| width(&d.name)).max().unwrap_or(4).min(28);
    let whens: Vec<String> = decks.iter().map(|deck| interview_text(deck, today)).collect();
    let when_width = whens.iter().map(|w| width(w)).max().unwrap_or(0);
    // Name, bar, percentage and interview share one line; the bar takes what is left.
    let bar_cells = style.width.saturating_sub(name_width + when_width + 13).clamp(8, 30);
    out.push_str(&format!("\n{}\n", style.paint("Readiness", Tone::Bold)));
    for (deck, when) in decks.iter().zip(&whens) {
        let name = truncate(&super::safe_line(&deck.name), name_width);
        let pad = " ".repeat(name_width.saturating_sub(width(&name)));
        let drawn = bar(deck.readiness / 100.0, bar_cells);
        out.push_str(&format!(
            "  {name}{pad}  {} {:>5.1}%  {}\n",
            style.paint(&drawn, tone_for_percent(deck.readiness)),
            deck.readiness,
            style.paint(when, Tone::Dim)
        ));
    }
    for deck in decks {
        out.push_str(&format!(
            "\n{}\n",
            style.paint(&super::safe_line(&deck.name), Tone::Bold)
        ));
        out.push_str(&format!(
            "  cards      {} active: {} new · {} learning · {} review ({} mature){}\n",
            deck.counts.cards,
            deck.counts.new,
            deck.counts.learning,
            deck.counts.review,
            deck.counts.mature,
            if deck.counts.suspended > 0 {
                format!(" · {} suspended", deck.counts.suspended)
            } else {
                String::new()
            }
        ));
        let due_text = format!("{}", deck.counts.due);
        out.push_str(&format!(
            "  due today  {}    retention (30 days)  {}    streak  {}\n",
            style.paint(&due_text, if deck.counts.due > 0 { Tone::Warn } else { Tone::Good }),
            retention_text(deck.retention, deck.reviews_30d),
            days_text(deck.streak)
        ));
        if deck.mock_runs > 0 {
            let per_answer = deck
                .mock_mean_answer_seconds
                .map_or(String::new(), |s| format!(" · {} per answer", duration_text(s)));
            out.push_str(&format!(
                "  mock       {} run(s), {} answers{per_answer} · {} over the limit\n",
                deck.mock_runs, deck.mock_answers, deck.mock_over_limit
            ));
        }
        if deck.counts.questions > 0 {
            let time = deck
                .mean_answer_seconds
                .map_or(String::new(), |s| format!(" · {s:.0} s per answer on average"));
            out.push_str(&format!(
                "  answers    {} of {} questions have a prepared answer{time}\n",
                deck.counts.answered, deck.counts.questions
            ));
        }
    }
    if let Some(total) = total {
        out.push_str(&format!(
            "\n{}  {} cards in {} decks · {} due · readiness {:.1}%\n",
            style.paint("All decks", Tone::Bold),
            total.counts.cards,
            total.decks,
            total.counts.due,
            total.readiness,
        ));
        out.push_str(&format!(
            "           retention {} · streak {} · today {} reviews in {}\n",
            retention_text(total.retention, total.reviews_30d),
            days_text(total.streak),
            total.reviews_today,
            duration_text(total.seconds_today)
        ));
    }
    out.push_str(&format!("\n{}\n", style.paint("Due in the next 14 days", Tone::Bold)));
    out.push_str(&forecast(
        forecast_days,
        style,
        style.width.saturating_sub(20).clamp(8, 30),
    ));
    out.push_str(&format!("\n{}\n", style.paint("Activity, last 12 weeks", Tone::Bold)));
    out.push_str(&heatmap(&|d| activity.get(&d).copied().unwrap_or(0), today, 12, style));
    out
}

/// "interview 2026-03-10 (in 9 days)", "interview was …", or "no interview date".
fn interview_text(deck: &DeckFigures, today: NaiveDate) -> String {
    match (deck.interview, deck.days_left) {
        (Some(day), Some(left)) if left >= 0 => format!("interview {} ({})", day, relative_day(day, today)),
        (Some(day), _) => format!("interview was {day}"),
        _ => "no interview date".to_string(),
    }
}

fn retention_text(retention: Option<f64>, reviews: u32) -> String {
    match retention {
        Some(r) => format!("{:.0}% of {reviews}", r * 100.0),
        None => "–".to_string(),
    }
}

fn days_text(n: u32) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

fn duration_text(seconds: f64) -> String {
    if seconds < 60.0 {
        format!("{seconds:.0} s")
    } else {
        format!("{:.0} min", seconds / 60.0)
    }
}

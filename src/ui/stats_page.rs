//! The `stats` page: readiness bars, each deck's figures, totals, the due forecast and
//! the activity heatmap, fitted to the terminal's width.

use chrono::NaiveDate;

use super::chart::{bar, forecast, heatmap, tone_for_percent};
use super::{Style, Tone, agreeing, count, relative_day, safe, safe_line, shell_word, truncate, width, wrap};
use crate::report::decks::{ACTIVITY_WEEKS, Stats};
use crate::report::figures::{DeckFigures, TotalFigures};

/// The whole stats page as text.
#[must_use]
pub fn render(stats: &Stats, style: &Style) -> String {
    let today = stats.today;
    let decks = &stats.decks;
    let total = (!stats.one_deck).then_some(&stats.total);
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
    out.push_str(&readiness_bars(decks, today, style));
    for deck in decks {
        out.push_str(&deck_figures(deck, today, style));
    }
    if let Some(total) = total {
        out.push_str(&totals(total, style));
    }
    out.push_str(&format!("\n{}\n", style.paint("Due in the next 14 days", Tone::Bold)));
    let forecast_days: Vec<(NaiveDate, u32)> = stats.forecast.iter().map(|f| (f.day, f.due)).collect();
    out.push_str(&forecast(
        &forecast_days,
        style,
        style.width.saturating_sub(20).clamp(8, 30),
    ));
    out.push_str(&format!(
        "\n{}\n",
        style.paint(&format!("Activity, last {ACTIVITY_WEEKS} weeks"), Tone::Bold)
    ));
    out.push_str(&heatmap(
        &|d| stats.activity.get(&d).copied().unwrap_or(0),
        today,
        ACTIVITY_WEEKS as u32,
        style,
    ));
    out
}

/// Each deck's readiness as a bar, with its interview: name, bar, percentage and
/// interview share one line; the name gives way first, then the bar takes what is left.
fn readiness_bars(decks: &[DeckFigures], today: NaiveDate, style: &Style) -> String {
    let mut out = String::new();
    let whens: Vec<String> = decks.iter().map(|deck| interview_text(deck, today)).collect();
    let when_width = whens.iter().map(|w| width(w)).max().unwrap_or(0);
    let name_width = decks
        .iter()
        .map(|d| width(&d.name))
        .max()
        .unwrap_or(4)
        .min(28)
        .min(style.width.saturating_sub(when_width + 21).max(8));
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
    out
}

/// One deck's figures: cards, expected recall and the weakest, due today, budget, mock
/// interviews, answers, pace, and an interview date that has passed.
fn deck_figures(deck: &DeckFigures, today: NaiveDate, style: &Style) -> String {
    let mut out = String::new();
    out.push_str(&format!("\n{}\n", style.paint(&safe_line(&deck.name), Tone::Bold)));
    let counts = &deck.counts;
    let suspended = if counts.suspended > 0 {
        format!(" · {} suspended", counts.suspended)
    } else {
        String::new()
    };
    out.push_str(&field(
        "cards",
        &format!(
            "{} active: {} new · {} learning · {} review ({} mature){suspended}",
            counts.cards, counts.new, counts.learning, counts.review, counts.mature
        ),
        style,
    ));
    out.push_str(&expected_lines(deck, today, style));
    let due_text = format!("{}", counts.due);
    out.push_str(&field(
        "due today",
        &format!(
            "{} · retention (30 days) {} · streak {}",
            style.paint(&due_text, if counts.due > 0 { Tone::Warn } else { Tone::Good }),
            retention_text(deck.retention, deck.reviews_30d),
            count(deck.streak, "day")
        ),
        style,
    ));
    if let Some(minutes) = deck.daily_minutes {
        out.push_str(&field(
            "budget",
            &format!(
                "{} a day · {} today",
                count(minutes, "minute"),
                duration_text(deck.seconds_today)
            ),
            style,
        ));
    }
    if deck.mock_runs > 0 {
        let each = deck
            .mock_mean_answer_seconds
            .map_or(String::new(), |s| format!(", {} each on average", duration_text(s)));
        out.push_str(&field(
            "mock",
            &format!(
                "{} · {} spoken{each} · {} over the limit",
                count(deck.mock_runs, "run"),
                count(deck.mock_answers, "answer"),
                deck.mock_over_limit
            ),
            style,
        ));
    }
    if counts.questions > 0 {
        out.push_str(&field(
            "answers",
            &format!(
                "{} of {} {} a prepared answer{}",
                counts.answered,
                count(counts.questions, "question"),
                agreeing(counts.questions, "has", "have"),
                if counts.storied > 0 {
                    format!(" ({} by a story)", counts.storied)
                } else {
                    String::new()
                }
            ),
            style,
        ));
    }
    if let Some(seconds) = deck.mean_answer_seconds {
        out.push_str(&field(
            "pace",
            &format!("{} per card reviewed, on average", duration_text(seconds)),
            style,
        ));
    }
    if let Some(day) = deck.interview.filter(|d| *d < today) {
        out.push_str(&field(
            "interview",
            &format!(
                "was {} ({}): set the next one with prepdeck interview {} DATE, or clear it with --clear",
                day,
                relative_day(day, today),
                shell_word(&deck.name)
            ),
            style,
        ));
    }
    out
}

/// The totals over every deck.
fn totals(total: &TotalFigures, style: &Style) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "\n{}  {} in {} · {} due · readiness {:.1}%\n",
        style.paint("All decks", Tone::Bold),
        count(total.counts.cards, "card"),
        count(total.decks, "deck"),
        total.counts.due,
        total.readiness,
    ));
    out.push_str(&format!(
        "           retention {} · streak {} · today {} in {}\n",
        retention_text(total.retention, total.reviews_30d),
        count(total.streak, "day"),
        count(total.reviews_today, "review"),
        duration_text(total.seconds_today)
    ));
    out
}

/// "interview 2026-03-10 (in 9 days)", "interview was …", or "no interview date".
fn interview_text(deck: &DeckFigures, today: NaiveDate) -> String {
    match (deck.interview, deck.days_left) {
        (Some(day), Some(left)) if left >= 0 => format!("interview {} ({})", day, relative_day(day, today)),
        // Readiness is measured for today once the interview has passed.
        (Some(day), _) => format!("today (interview was {day})"),
        _ => "no interview date".to_string(),
    }
}

fn retention_text(retention: Option<f64>, reviews: u32) -> String {
    match retention {
        Some(r) => format!("{:.0}% of {reviews}", r * 100.0),
        None => "–".to_string(),
    }
}

/// `  label      text`, the text wrapped to the page's width under itself.
fn field(label: &str, text: &str, style: &Style) -> String {
    const INDENT: usize = 13;
    let lines = wrap(text, style.width.saturating_sub(INDENT).max(20));
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            out.push_str(&format!("  {label:<10} {line}\n"));
        } else {
            out.push_str(&format!("{}{line}\n", " ".repeat(INDENT)));
        }
    }
    out
}

fn duration_text(seconds: f64) -> String {
    if seconds < 60.0 {
        format!("{seconds:.0} s")
    } else {
        format!("{:.0} min", seconds / 60.0)
    }
}
/// What the readiness percentage means in cards: how many are expected to be recalled on
/// the readiness day, and the few weakest, with the command that lists them all.
fn expected_lines(deck: &DeckFigures, today: NaiveDate, style: &Style) -> String {
    let when = if deck.readiness_day == today {
        "today".to_string()
    } else {
        format!("on {}", deck.readiness_day.format("%a %-d %b"))
    };
    let unseen = if deck.counts.new > 0 {
        format!(" ({} not yet seen)", deck.counts.new)
    } else {
        String::new()
    };
    let mut out = field(
        "recall",
        &format!(
            "≈{:.0} of {} {when}{unseen} · {}",
            deck.expected_recall,
            count(usize::try_from(deck.counts.cards).unwrap_or(usize::MAX), "card"),
            deck.scheduler.label()
        ),
        style,
    );
    let id_width = deck
        .weakest
        .iter()
        .map(|w| w.id.to_string().len() + 1)
        .max()
        .unwrap_or(0);
    let item_width = style.width.saturating_sub(22 + id_width).max(10);
    for (i, weak) in deck.weakest.iter().enumerate() {
        out.push_str(&format!(
            "  {:<11}{:>3.0}%  {:<id_width$}  {}\n",
            if i == 0 { "weakest" } else { "" },
            weak.recall * 100.0,
            format!("#{}", weak.id),
            truncate(&safe(&weak.front), item_width)
        ));
    }
    if !deck.weakest.is_empty() {
        let hint = format!(
            "all of them, weakest first: prepdeck cards {} --weakest",
            super::shell_word(&deck.name)
        );
        out.push_str(&style.paint(&field("", &hint, style), Tone::Dim));
    }
    out
}

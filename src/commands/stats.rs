//! `prepdeck stats`, and the per-deck figures `decks` shares: readiness for the interview
//! day, retention, streak, answers written, forecast and activity pictures.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::{Context, emit, emit_json, relative_day};
use crate::cli::StatsArgs;
use crate::error::Result;
use crate::schedule::readiness::{retention, streak};
use crate::store::{Deck, DeckAggregates, DeckCounts, MockHistory, Store};
use crate::ui::chart::{bar, forecast, heatmap, tone_for_percent};
use crate::ui::{Style, Tone, safe};

/// The forecast covers this many days from today.
const FORECAST_DAYS: u64 = 14;

/// Retention looks back this many days.
pub const RETENTION_WINDOW_DAYS: u64 = 30;

/// Everything known about one deck on a day, as `decks --json` and `stats --json` print it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DeckFigures {
    pub name: String,
    #[serde(flatten)]
    pub counts: DeckCounts,
    pub interview: Option<NaiveDate>,
    pub days_left: Option<i64>,
    /// Percentage 0–100 of the deck recalled on `readiness_day`.
    pub readiness: f64,
    pub readiness_day: NaiveDate,
    pub retention: Option<f64>,
    pub reviews_30d: u32,
    pub streak: u32,
    pub mean_answer_seconds: Option<f64>,
    pub reviews_today: u32,
    pub seconds_today: f64,
    /// Mock interviews run on this deck, answers given, mean time per answer, and
    /// answers that ran over the limit.
    pub mock_runs: u32,
    pub mock_answers: u32,
    pub mock_mean_answer_seconds: Option<f64>,
    pub mock_over_limit: u32,
    #[serde(skip)]
    pub id: i64,
    /// Readiness before rounding, for totals.
    #[serde(skip)]
    pub readiness_exact: f64,
}

/// Totals across decks.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TotalFigures {
    pub decks: usize,
    #[serde(flatten)]
    pub counts: DeckCounts,
    /// Mean recall over every active card, each on its own deck's readiness day.
    pub readiness: f64,
    pub retention: Option<f64>,
    pub reviews_30d: u32,
    pub streak: u32,
    pub reviews_today: u32,
    pub seconds_today: f64,
}

/// The figures of every deck (or just `only`) on `today`, their totals, and the due
/// forecast for the 14 days from today, all from one snapshot of the database.
pub fn deck_figures(store: &Store, today: NaiveDate, only: Option<i64>) -> Result<Figures> {
    store.snapshot(|store| figures_in(store, today, only))
}

/// What `decks` and `stats` show.
pub struct Figures {
    pub decks: Vec<DeckFigures>,
    pub total: TotalFigures,
    pub forecast: Vec<(NaiveDate, u32)>,
}

fn figures_in(store: &Store, today: NaiveDate, only: Option<i64>) -> Result<Figures> {
    let horizon = today.checked_add_days(Days::new(FORECAST_DAYS - 1)).unwrap_or(today);
    let (decks, due) = store.decks_and_forecast(only, today, horizon)?;
    let forecast = (0..FORECAST_DAYS)
        .filter_map(|i| today.checked_add_days(Days::new(i)))
        .map(|d| (d, due.get(&d).copied().unwrap_or(0)))
        .collect();
    let window_start = today
        .checked_sub_days(Days::new(RETENTION_WINDOW_DAYS - 1))
        .unwrap_or(today);
    let aggregates = store.deck_aggregates(window_start, today)?;
    let mocks = store.mock_history()?;
    let empty = DeckAggregates::default();
    let mut figures = Vec::with_capacity(decks.len());
    for deck in &decks {
        let agg = aggregates.get(&deck.id).unwrap_or(&empty);
        let mock = mocks.get(&deck.id).copied().unwrap_or_default();
        let days = store.recent_review_days(Some(deck.id), today)?;
        figures.push(figures_of(deck, agg, streak(&days, today), mock, today));
    }
    let total = if let (Some(_), [one]) = (only, figures.as_slice()) {
        total_for_one(one)
    } else {
        let all_days = store.recent_review_days(None, today)?;
        total_of(&figures, &aggregates, streak(&all_days, today))
    };
    Ok(Figures {
        decks: figures,
        total,
        forecast,
    })
}

fn figures_of(deck: &Deck, agg: &DeckAggregates, streak: u32, mock: MockHistory, today: NaiveDate) -> DeckFigures {
    DeckFigures {
        id: deck.id,
        name: deck.name.clone(),
        counts: deck.counts,
        interview: deck.interview,
        days_left: deck.interview.map(|d| (d - today).num_days()),
        readiness: round1(deck.readiness),
        readiness_exact: deck.readiness,
        readiness_day: deck.readiness_day,
        retention: retention(agg.passed, agg.reviewed).map(round3),
        reviews_30d: agg.reviewed,
        streak,
        mean_answer_seconds: agg.mean_answer_ms.map(|ms| round1(ms / 1000.0)),
        reviews_today: agg.reviews_today,
        seconds_today: round1(agg.ms_today as f64 / 1000.0),
        mock_runs: mock.runs,
        mock_answers: mock.answers,
        mock_mean_answer_seconds: mock.mean_answer_ms.map(|ms| round1(ms / 1000.0)),
        mock_over_limit: mock.over_limit,
    }
}

/// Totals: sums of the counts, readiness weighted by each deck's active cards (so each
/// card counts on its own deck's readiness day), retention over every deck's reviews.
fn total_of(figures: &[DeckFigures], aggregates: &HashMap<i64, DeckAggregates>, streak: u32) -> TotalFigures {
    let mut counts = DeckCounts::default();
    for deck in figures {
        counts += deck.counts;
    }
    let cards = counts.cards;
    let weighted: f64 = figures
        .iter()
        .map(|f| f.readiness_exact * f64::from(f.counts.cards))
        .sum();
    let passed = aggregates.values().map(|a| a.passed).sum();
    let reviewed = aggregates.values().map(|a| a.reviewed).sum();
    TotalFigures {
        decks: figures.len(),
        counts,
        readiness: if cards == 0 {
            0.0
        } else {
            round1(weighted / f64::from(cards))
        },
        retention: retention(passed, reviewed).map(round3),
        reviews_30d: reviewed,
        streak,
        reviews_today: figures.iter().map(|f| f.reviews_today).sum(),
        seconds_today: round1(figures.iter().map(|f| f.seconds_today).sum()),
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[derive(Serialize)]
struct StatsJson<'a> {
    decks: Vec<&'a DeckFigures>,
    total: &'a TotalFigures,
    forecast: Vec<ForecastDay>,
}

#[derive(Serialize)]
struct ForecastDay {
    day: NaiveDate,
    due: u32,
}

pub fn run(args: &StatsArgs, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let today = ctx.now.today();
    let only = args.deck.as_deref().map(|d| store.find_deck(d)).transpose()?;
    let Figures {
        decks: figures,
        total,
        forecast: days,
    } = deck_figures(&store, today, only)?;
    let shown: Vec<&DeckFigures> = figures.iter().collect();
    let deck_ids: Vec<i64> = only.into_iter().collect();
    if args.json {
        return emit_json(&StatsJson {
            decks: shown,
            total: &total,
            forecast: days
                .iter()
                .map(|(day, due)| ForecastDay { day: *day, due: *due })
                .collect(),
        });
    }
    let since = today.checked_sub_days(Days::new(7 * 12)).unwrap_or(today);
    let activity: HashMap<NaiveDate, u32> = store.activity(&deck_ids, since)?.into_iter().collect();
    emit(&render(
        &shown,
        only.is_none().then_some(&total),
        &days,
        &activity,
        today,
        &ctx.style,
    ))
}

/// With one deck named, the total is that deck's own figures.
fn total_for_one(deck: &DeckFigures) -> TotalFigures {
    TotalFigures {
        decks: 1,
        counts: deck.counts,
        readiness: deck.readiness,
        retention: deck.retention,
        reviews_30d: deck.reviews_30d,
        streak: deck.streak,
        reviews_today: deck.reviews_today,
        seconds_today: deck.seconds_today,
    }
}

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
    let name_width = decks
        .iter()
        .map(|d| crate::ui::width(&d.name))
        .max()
        .unwrap_or(4)
        .min(28);
    let whens: Vec<String> = decks.iter().map(|deck| interview_text(deck, today)).collect();
    let when_width = whens.iter().map(|w| crate::ui::width(w)).max().unwrap_or(0);
    // Name, bar, percentage and interview share one line; the bar takes what is left.
    let bar_cells = style.width.saturating_sub(name_width + when_width + 13).clamp(8, 30);
    out.push_str(&format!("\n{}\n", style.paint("Readiness", Tone::Bold)));
    for (deck, when) in decks.iter().zip(&whens) {
        let name = crate::ui::truncate(&safe(&deck.name), name_width);
        let pad = " ".repeat(name_width.saturating_sub(crate::ui::width(&name)));
        let drawn = bar(deck.readiness / 100.0, bar_cells);
        out.push_str(&format!(
            "  {name}{pad}  {} {:>5.1}%  {}\n",
            style.paint(&drawn, tone_for_percent(deck.readiness)),
            deck.readiness,
            style.paint(when, Tone::Dim)
        ));
    }
    for deck in decks {
        out.push_str(&format!("\n{}\n", style.paint(&safe(&deck.name), Tone::Bold)));
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

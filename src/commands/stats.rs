//! `prepdeck stats`: readiness for the interview day, retention, streak, answers written,
//! forecast and activity, for every deck or one.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::{Context, emit, emit_json};
use crate::cli::StatsArgs;
use crate::error::Result;
use crate::report::{DeckFigures, Figures, TotalFigures, figures};

#[derive(Serialize)]
struct StatsJson<'a> {
    decks: &'a [DeckFigures],
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
        mut decks,
        total,
        forecast,
    } = figures(&store, today, only)?;
    for deck in &mut decks {
        deck.daily_minutes = deck.daily_minutes.or(ctx.settings.daily_minutes());
    }
    if args.json {
        return emit_json(&StatsJson {
            decks: &decks,
            total: &total,
            forecast: forecast
                .iter()
                .map(|(day, due)| ForecastDay { day: *day, due: *due })
                .collect(),
        });
    }
    let since = today.checked_sub_days(Days::new(7 * 12)).unwrap_or(today);
    let deck_ids: Vec<_> = only.into_iter().collect();
    let activity: HashMap<NaiveDate, u32> = store.activity(&deck_ids, since)?.into_iter().collect();
    let shown: Vec<&DeckFigures> = decks.iter().collect();
    emit(&crate::ui::stats_page::render(
        &shown,
        only.is_none().then_some(&total),
        &forecast,
        &activity,
        today,
        &ctx.style,
    ))
}

//! `prepdeck stats`: readiness for the interview day, retention, streak, answers written,
//! forecast and activity, for every deck or one.

use super::Context;
use crate::cli::StatsArgs;
use crate::error::Result;
use crate::output::{emit, emit_json};

pub fn run(args: &StatsArgs, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let only = args.deck.as_deref().map(|d| store.find_deck(d)).transpose()?;
    let stats = crate::study::figures::stats(&store, ctx.now.today(), only, ctx.settings.daily_minutes())?;
    if args.json {
        return emit_json(&stats);
    }
    emit(&crate::ui::stats_page::render(&stats, &ctx.style))
}

//! `prepdeck scheduler` and `prepdeck optimize`: which scheduler each deck follows, FSRS's
//! desired retention, and FSRS's parameters fitted to the user's own log.

use super::Context;
use crate::cli::{OptimizeArgs, SchedulerArgs};
use crate::domain::Scheduler;
use crate::error::{Error, Result};
use crate::output::{emit, emit_json};
use crate::schedule::fsrs::RETENTION_RANGE;
use crate::study::decks;

/// What the typed scheduler word asks for: a scheduler, or the default.
fn parse_choice(word: &str) -> Result<Option<Scheduler>> {
    if word.trim().eq_ignore_ascii_case("default") {
        Ok(None)
    } else {
        Ok(Some(word.parse()?))
    }
}

pub fn run(args: &SchedulerArgs, ctx: &Context) -> Result<()> {
    if let Some(retention) = args.retention
        && !RETENTION_RANGE.contains(&retention)
    {
        return Err(Error::BadRetention(retention.to_string()));
    }
    let default_choice = args.default.as_deref().map(str::parse::<Scheduler>).transpose()?;
    let choice = args.scheduler.as_deref().map(parse_choice).transpose()?;
    let mut store = ctx.store()?;
    let today = ctx.now.today();
    let mut changes = Vec::new();
    if let Some(retention) = args.retention {
        changes.push(decks::set_retention(&mut store, retention, today)?);
    }
    if let Some(scheduler) = default_choice {
        changes.push(decks::set_default_scheduler(&mut store, scheduler, today)?);
    }
    if let (Some(typed), Some(choice)) = (&args.deck, choice) {
        let deck = store.find_deck(typed)?;
        changes.push(decks::set_deck_scheduler(&mut store, deck, choice, today)?);
    }
    if !changes.is_empty() {
        return emit(&crate::ui::decks::scheduler_changes(&changes));
    }
    let only = args.deck.as_deref().map(|d| store.find_deck(d)).transpose()?;
    let shown = decks::schedulers(&store, only)?;
    if args.json {
        return emit_json(&shown);
    }
    emit(&crate::ui::decks::schedulers(&shown, &ctx.style))
}

pub fn optimize(args: &OptimizeArgs, ctx: &Context) -> Result<()> {
    let mut store = ctx.store()?;
    let today = ctx.now.today();
    let optimized = if args.reset {
        decks::reset_fsrs(&mut store, today)?
    } else {
        decks::fit_fsrs(&mut store, today)?
    };
    emit(&crate::ui::decks::optimized(&optimized, &ctx.style))
}

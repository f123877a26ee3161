//! `prepdeck review` and `prepdeck due`: today's queue (due cards, then the day's new
//! cards), shown interactively or listed.

use super::{Context, parse_tag};
use crate::cli::{DueArgs, QueueArgs, ReviewArgs};
use crate::config::Settings;
use crate::domain::DeckId;
use crate::error::Result;
use crate::output::{emit, emit_json};
use crate::report::cards::TodaysQueue;
use crate::store::Store;
use crate::study::queue::{DayRules, todays_queue};
use crate::study::review::{ReviewAsked, review};
use crate::ui::prompt::TerminalPrompt;

/// The decks named on the command line.
fn decks_named(store: &Store, args: &QueueArgs) -> Result<Vec<DeckId>> {
    args.decks.iter().map(|d| store.find_deck(d)).collect()
}

/// The flags and settings that shape today's queue.
fn day_rules(args: &QueueArgs, settings: &Settings) -> DayRules {
    DayRules {
        new_per_day: settings.new_per_day(args.new_per_day),
        limit: settings.session_limit(args.limit),
        default_minutes: settings.daily_minutes(),
    }
}

/// Today's queue over `decks` (all when empty), as the flags shape it.
fn queue_of(
    store: &Store,
    decks: &[DeckId],
    args: &QueueArgs,
    tag: Option<&str>,
    ctx: &Context,
) -> Result<TodaysQueue> {
    todays_queue(store, decks, ctx.now.today(), day_rules(args, &ctx.settings), tag)
}

pub fn due(args: &DueArgs, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let decks = decks_named(&store, &args.queue)?;
    let tag = parse_tag(args.queue.tag.as_ref())?;
    let queue = queue_of(&store, &decks, &args.queue, tag.as_deref(), ctx)?;
    if args.json {
        return emit_json(&queue);
    }
    emit(&crate::ui::cards::todays_queue(&queue, &ctx.style))
}

pub fn run(args: &ReviewArgs, ctx: &Context) -> Result<()> {
    let mut store = ctx.store()?;
    // A deck that does not exist is named before the terminal is asked for.
    let decks = decks_named(&store, &args.queue)?;
    let mut prompt = TerminalPrompt::open("review", ctx.style, ctx.settings.editor())?;
    let tag = parse_tag(args.queue.tag.as_ref())?;
    let queue = queue_of(&store, &decks, &args.queue, tag.as_deref(), ctx)?;
    if queue.cards.is_empty() {
        return emit(&crate::ui::cards::todays_queue(&queue, &ctx.style));
    }
    emit(&crate::ui::summary::review_intro(&queue, &ctx.style))?;
    let asked = ReviewAsked {
        decks: &decks,
        named: &args.queue.decks,
        rules: day_rules(&args.queue, &ctx.settings),
        tag: tag.as_deref(),
    };
    let report = review(&mut store, &mut prompt, &queue.cards, &asked, ctx.now, &mut ctx.guids())?;
    emit(&crate::ui::summary::session_report(&report, &ctx.style))
}

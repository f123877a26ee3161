//! `prepdeck drill DECK`: every active card of one deck, weakest first (or shuffled), failed
//! cards again until recalled.

use super::{Context, emit, parse_kind, parse_tag};
use crate::cli::DrillArgs;
use crate::error::Result;
use crate::report::readiness_of;
use crate::schedule::queue::{self, DrillCandidate};
use crate::store::CardFilter;
use crate::study::session::{self, Kind};
use crate::ui::prompt::TerminalPrompt;
use crate::ui::safe_line;

pub fn run(args: &DrillArgs, ctx: &Context) -> Result<()> {
    let kind = parse_kind(args.kind.as_ref())?;
    let tag = parse_tag(args.tag.as_ref())?;
    let mut store = ctx.store()?;
    let deck = store.find_deck(&args.deck)?;
    let mut prompt = TerminalPrompt::open("drill", ctx.style, ctx.settings.editor())?;
    let today = ctx.now.today();
    let cards = store.cards(&CardFilter {
        deck: Some(deck),
        kind,
        all: false,
        tag: tag.clone(),
    })?;
    if cards.is_empty() {
        return emit(&match tag {
            Some(tag) => format!("This deck has no active cards tagged {} to drill.\n", safe_line(&tag)),
            None => "This deck has no active cards to drill.\n".to_string(),
        });
    }
    let model = store.fsrs_model()?;
    let mut order = queue::drill(cards.iter().map(|c| DrillCandidate::of(c, today, &model)).collect());
    if let Some(limit) = args.limit {
        order.truncate(limit);
    }
    if args.shuffle {
        let seed = args.seed.unwrap_or_else(rand::random);
        crate::schedule::seeded::Seeded::new(seed).shuffle(&mut order);
    }
    let before = readiness_of(&store, &[deck], today)?;
    let intro = format!(
        "Drilling {} of {}: failed cards come back until recalled. q or Esc ends.",
        crate::ui::count(order.len(), "card"),
        crate::ui::safe_line(&cards[0].deck)
    );
    emit(&crate::ui::prefixed(
        crate::ui::wrap_without_widows(&intro, ctx.style.width),
        "",
    ))?;
    let summary = session::run(&mut store, &mut prompt, order, Kind::Drill, ctx.now, &mut ctx.guids())?;
    let after = readiness_of(&store, &[deck], today)?;
    emit(&crate::ui::summary::session(&summary, &before, &after, &ctx.style))
}

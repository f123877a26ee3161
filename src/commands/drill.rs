//! `prepdeck drill DECK`: every active card of one deck, weakest first (or shuffled), failed
//! cards again until recalled.

use rand::SeedableRng;
use rand::seq::SliceRandom;

use super::review::{readiness_of, render_summary};
use super::{Context, emit, parse_kind};
use crate::cli::DrillArgs;
use crate::error::Result;
use crate::schedule::queue::{self, DrillCandidate};
use crate::schedule::readiness::recall_estimate;
use crate::session::{self, Mode};
use crate::store::Card;
use crate::types::CardId;
use crate::ui::prompt::{TerminalPrompt, require_terminal};

/// The drill order of a deck's cards on `today`.
#[must_use]
pub fn drill_order(cards: &[Card], today: chrono::NaiveDate) -> Vec<CardId> {
    let candidates = cards
        .iter()
        .map(|c| DrillCandidate {
            id: c.id.0,
            never_seen: c.is_new(),
            recall: recall_estimate(c.recall(), today),
            lapses: c.lapses,
            position: c.position,
        })
        .collect();
    queue::drill(candidates).into_iter().map(CardId).collect()
}

pub fn run(args: &DrillArgs, ctx: &Context) -> Result<()> {
    require_terminal("drill")?;
    let mut store = ctx.store()?;
    let today = ctx.now.today();
    let deck = store.find_deck(&args.deck)?;
    let kind = parse_kind(args.kind.as_ref())?;
    let cards = store.active_cards(deck, kind)?;
    if cards.is_empty() {
        return emit("This deck has no active cards to drill.\n");
    }
    let mut order = drill_order(&cards, today);
    if let Some(limit) = args.limit {
        order.truncate(limit);
    }
    if args.shuffle {
        let mut rng = match args.seed {
            Some(seed) => rand::rngs::StdRng::seed_from_u64(seed),
            None => rand::rngs::StdRng::from_rng(&mut rand::rng()),
        };
        order.shuffle(&mut rng);
    }
    let before = readiness_of(&store, &[deck], today)?;
    emit(&format!(
        "Drilling {} cards of {}: failed cards come back until recalled. q or Esc ends.\n",
        order.len(),
        crate::ui::safe(&cards[0].deck)
    ))?;
    let mut prompt = TerminalPrompt::new(ctx.style);
    let summary = session::run(&mut store, &mut prompt, order, Mode::Drill, ctx.now)?;
    let after = readiness_of(&store, &[deck], today)?;
    emit(&render_summary(&summary, &before, &after, &ctx.style))
}

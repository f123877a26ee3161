//! `prepdeck cards` and `prepdeck show`: cards with their state, as a table or JSON.

use super::{Context, emit, emit_json, parse_kind};
use crate::cli::{CardsArgs, ShowArgs};
use crate::error::Result;
use crate::report::CardJson;
use crate::store::CardFilter;

pub fn run(args: &CardsArgs, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let deck = args.deck.as_deref().map(|d| store.find_deck(d)).transpose()?;
    let kind = parse_kind(args.kind.as_ref())?;
    let cards = store.cards(&CardFilter {
        deck,
        kind,
        all: args.all,
    })?;
    if args.json {
        return emit_json(&cards.iter().map(CardJson::from).collect::<Vec<_>>());
    }
    if cards.is_empty() {
        return emit("No cards match.\n");
    }
    emit(&crate::ui::cards::table(
        &cards,
        deck.is_none(),
        ctx.now.today(),
        &ctx.style,
    ))
}

pub fn show(args: &ShowArgs, ctx: &Context) -> Result<()> {
    let id = super::parse_card_id(&args.card)?;
    let store = ctx.store()?;
    let card = store.card(id)?;
    if args.json {
        return emit_json(&CardJson::from(&card));
    }
    let history = store.card_history(id)?;
    emit(&crate::ui::cards::full(&card, &history, &ctx.style))
}

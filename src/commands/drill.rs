//! `prepdeck drill DECK`: every active card of one deck, weakest first (or shuffled), failed
//! cards again until recalled.

use super::{Context, parse_kind, parse_tag};
use crate::cli::DrillArgs;
use crate::error::Result;
use crate::output::emit;
use crate::study::queue::{DrillAsked, drill_order};
use crate::ui::prompt::TerminalPrompt;

pub fn run(args: &DrillArgs, ctx: &Context) -> Result<()> {
    let kind = parse_kind(args.kind.as_ref())?;
    let tag = parse_tag(args.tag.as_ref())?;
    let mut store = ctx.store()?;
    let deck = store.find_deck(&args.deck)?;
    let mut prompt = TerminalPrompt::open("drill", ctx.style, ctx.settings.editor())?;
    let asked = DrillAsked {
        deck,
        kind,
        tag,
        limit: args.limit,
        shuffle: args.shuffle.then(|| args.seed.unwrap_or_else(rand::random)),
    };
    let Some((name, order)) = drill_order(&store, &asked, ctx.now.today())? else {
        return emit(&crate::ui::summary::nothing_to_drill(asked.tag.as_deref()));
    };
    emit(&crate::ui::summary::drill_intro(order.len(), &name, &ctx.style))?;
    let report = crate::study::review::drill(&mut store, &mut prompt, deck, order, ctx.now, &mut ctx.guids())?;
    emit(&crate::ui::summary::session_report(&report, &ctx.style))
}

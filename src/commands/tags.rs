//! `prepdeck tag`, `untag` and `tags`: tags by hand on lists and ranges of cards, and the
//! tags there are with their card counts.

use super::{Context, parse_card_list};
use crate::cli::TagArgs;
use crate::domain::card::clean_tag;
use crate::error::Result;
use crate::output::{emit, emit_json};
use crate::study::edits;

/// `tag TAG CARD...` (or `untag`): every card checked before any changes, all in one
/// transaction.
pub fn tag(args: &TagArgs, adding: bool, ctx: &Context) -> Result<()> {
    let tag = clean_tag(&args.tag)?;
    let refs = parse_card_list(&args.cards)?;
    let mut store = ctx.store()?;
    let tagging = edits::tag(&mut store, &tag, &refs, adding, &ctx.now.stamp())?;
    emit(&crate::ui::cards::tagging(&tagging))
}

/// `tags [--json]`: every tag with its card counts, by name.
pub fn list(json: bool, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let tags = edits::tags(&store)?;
    if json {
        return emit_json(&tags);
    }
    emit(&crate::ui::cards::tag_list(&tags, &ctx.style))
}

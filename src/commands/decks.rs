//! `prepdeck decks`: every deck with its counts, readiness and interview date.

use super::Context;
use crate::error::Result;
use crate::output::{emit, emit_json};
use crate::study::figures::deck_list;

pub fn run(json: bool, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let list = deck_list(&store, ctx.now.today(), ctx.settings.daily_minutes())?;
    if json {
        return emit_json(&list);
    }
    emit(&crate::ui::decks::deck_list(&list, &ctx.style))
}

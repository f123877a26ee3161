//! `prepdeck rename` and `prepdeck remove`: a deck's name, and the deck itself.

use super::Context;
use crate::cli::{RemoveArgs, RenameArgs};
use crate::error::Result;
use crate::output::emit;
use crate::study::decks;
use crate::ui::prompt::confirm_removal;

pub fn rename(args: &RenameArgs, ctx: &Context) -> Result<()> {
    let name = crate::names::typed(&args.name, "deck", "give the deck a name that is not empty")?;
    let mut store = ctx.store()?;
    let renamed = decks::rename(&mut store, &args.deck, &name)?;
    emit(&crate::ui::decks::renamed(&renamed))
}

pub fn remove(args: &RemoveArgs, ctx: &Context) -> Result<()> {
    let mut store = ctx.store()?;
    let id = store.find_deck(&args.deck)?;
    let what = crate::ui::decks::removal(&decks::removal(&store, id, ctx.now.today())?);
    if !args.yes && !confirm_removal(&what, &ctx.style)? {
        return emit("nothing deleted\n");
    }
    store.remove_deck(id)?;
    emit(&format!("deleted {what}\n"))
}

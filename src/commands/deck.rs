//! `prepdeck rename` and `prepdeck remove`: a deck's name, and the deck itself.

use super::{Context, emit};
use crate::cli::{RemoveArgs, RenameArgs};
use crate::error::{Error, Result};
use crate::report::figures;
use crate::ui::prompt::confirm_removal;
use crate::ui::{count, safe_line};

pub fn rename(args: &RenameArgs, ctx: &Context) -> Result<()> {
    let name = crate::names::typed(&args.name, "deck", "give the deck a name that is not empty")?;
    let mut store = ctx.store()?;
    let deck = store.find_deck(&args.deck)?;
    let old = store.deck(deck)?.name;
    store.rename_deck(deck, &name)?;
    emit(&format!("renamed {} to {}\n", safe_line(&old), safe_line(&name)))
}

pub fn remove(args: &RemoveArgs, ctx: &Context) -> Result<()> {
    let mut store = ctx.store()?;
    let id = store.find_deck(&args.deck)?;
    let Some(deck) = figures(&store, ctx.now.today(), Some(id))?.decks.pop() else {
        return Err(Error::DeckGone(id));
    };
    let what = format!(
        "{} ({}, {} suspended, {} retired, and their whole review history)",
        safe_line(&deck.name),
        count(deck.counts.cards, "card"),
        deck.counts.suspended,
        deck.counts.retired
    );
    if !args.yes && !confirm_removal(&what, &ctx.style)? {
        return emit("nothing deleted\n");
    }
    store.remove_deck(id)?;
    emit(&format!("deleted {what}\n"))
}

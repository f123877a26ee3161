//! `prepdeck edit CARD`: a card's front and back in the user's own words, from flags or
//! in the editor; `--revert` returns a document's card to the document's text.

use super::{Context, card_text, parse_card_id};
use crate::cli::EditArgs;
use crate::domain::Card;
use crate::error::{Error, Result};
use crate::output::emit;
use crate::report::cards::CardEdited;
use crate::study::edits;
use crate::ui::card_form::{CardForm, EDIT_INSTRUCTION};
use crate::ui::cards::card_edited;

pub fn edit(args: &EditArgs, ctx: &Context) -> Result<()> {
    let id = parse_card_id(&args.card)?;
    if args.front.as_deref().is_some_and(|f| card_text(f).is_empty()) {
        return Err(Error::EmptyFront);
    }
    let mut store = ctx.store()?;
    let card = store.card(id)?;
    let stamp = ctx.now.stamp();
    if args.revert {
        return emit(&card_edited(id, edits::revert(&mut store, &card, &stamp)?));
    }
    let (front, back) = if args.front.is_none() && args.back.is_none() {
        match in_editor(&card, ctx)? {
            Some(texts) => texts,
            None => return emit(&card_edited(id, CardEdited::Unchanged)),
        }
    } else {
        let given = |flag: &Option<String>, current: String| flag.as_deref().map_or(current, card_text);
        (
            given(&args.front, card.front().trim().to_string()),
            given(&args.back, card.given_back().trim().to_string()),
        )
    };
    if front.is_empty() {
        return Err(Error::EmptyFront);
    }
    emit(&card_edited(id, edits::edit(&mut store, &card, front, back, &stamp)?))
}

/// The front and back as changed in the editor; `None` when left as they were.
fn in_editor(card: &Card, ctx: &Context) -> Result<Option<(String, String)>> {
    let form = CardForm {
        front: card.front(),
        back: card.given_back(),
        ..CardForm::default()
    };
    let about = if card.by_hand {
        format!("Card #{} of {}, added by hand.", card.id, card.deck)
    } else {
        let document = card.text();
        let back = if document.back.trim().is_empty() {
            "(none)"
        } else {
            document.back.trim()
        };
        format!(
            "Card #{} of {}. The document's text (what --revert returns to):\nfront: {}\nback: {back}",
            card.id,
            card.deck,
            document.front.trim()
        )
    };
    let edited = crate::ui::editor::edit_with(
        ctx.settings.editor().as_deref(),
        &form.render(),
        &about,
        EDIT_INSTRUCTION,
    )?;
    Ok(edited.map(|text| {
        let form = CardForm::parse(&text);
        (card_text(&form.front), card_text(&form.back))
    }))
}

//! `prepdeck edit CARD`: a card's front and back in the user's own words, from flags or
//! in the editor; `--revert` returns a document's card to the document's text.

use super::{Context, card_text, emit, parse_card_id};
use crate::cli::EditArgs;
use crate::domain::{Card, OwnTexts};
use crate::error::{Error, Result};
use crate::ui::card_form::{CardForm, EDIT_INSTRUCTION};

pub fn edit(args: &EditArgs, ctx: &Context) -> Result<()> {
    let id = parse_card_id(&args.card)?;
    if args.front.as_deref().is_some_and(|f| card_text(f).is_empty()) {
        return Err(Error::EmptyFront);
    }
    let mut store = ctx.store()?;
    let card = store.card(id)?;
    let stamp = ctx.now.stamp();
    if args.revert {
        if card.by_hand {
            return Err(Error::NothingToRevert {
                card: id,
                why: "it was added by hand, so no document gives it a text to return to",
            });
        }
        if !card.own.any() {
            return Err(Error::NothingToRevert {
                card: id,
                why: "it already shows its document's text",
            });
        }
        store.set_own_texts(id, &OwnTexts::default(), &stamp)?;
        return emit(&format!("card #{id} shows its document's front and back again\n"));
    }
    let (front, back) = if args.front.is_none() && args.back.is_none() {
        match in_editor(&card, ctx)? {
            Some(texts) => texts,
            None => return emit(&format!("card #{id} unchanged\n")),
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
    if front == card.front().trim() && back == card.given_back().trim() {
        return emit(&format!("card #{id} unchanged\n"));
    }
    if card.by_hand {
        store.set_hand_texts(id, &front, &back, &stamp)?;
        return emit(&format!(
            "card #{id} edited; its schedule and history stay as they were\n"
        ));
    }
    // A text the same as the document's is no edit: the card follows its document there.
    let document = card.text();
    let own = OwnTexts {
        front: (front != document.front.trim()).then_some(front),
        back: (back != document.back.trim()).then_some(back),
    };
    store.set_own_texts(id, &own, &stamp)?;
    if own.any() {
        emit(&format!(
            "card #{id} edited; its schedule and history stay, and re-importing keeps your words\n\
             (`prepdeck edit {id} --revert` returns to the document's text)\n"
        ))
    } else {
        emit(&format!("card #{id} shows its document's front and back again\n"))
    }
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

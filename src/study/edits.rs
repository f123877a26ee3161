//! Changing cards outside a session: suspending, tagging, writing a card by hand or in
//! one's own words; each checked whole before anything changes, and what it did as a view.

use std::collections::HashSet;

use crate::domain::{Card, CardId, CardRef, OwnTexts};
use crate::error::{Error, Result};
use crate::report::cards::{CardAdded, CardEdited, Suspension, TagCount, TagList, Tagging};
use crate::store::{DeckChoice, HandCard, Store};

/// The cards a list names, each once, in the order named: every id given must be a card,
/// and a range takes the cards that exist in it (at least one).
pub fn resolve_cards(store: &Store, refs: &[CardRef]) -> Result<Vec<CardId>> {
    let mut ids = Vec::new();
    let mut seen = HashSet::new();
    for card in refs {
        let named = match *card {
            CardRef::One(id) => {
                if !store.card_exists(id)? {
                    return Err(Error::UnknownCard(id.to_string()));
                }
                vec![id]
            }
            CardRef::Range(first, last) => {
                let found = store.card_ids_between(first, last)?;
                if found.is_empty() {
                    return Err(Error::EmptyCardRange(format!("{first}-{last}")));
                }
                found
            }
        };
        ids.extend(named.into_iter().filter(|id| seen.insert(*id)));
    }
    Ok(ids)
}

/// Suspends (or unsuspends) the cards `refs` names, all checked before any changes; says
/// what each card's state is now (a retired card stays hidden whatever its flag).
pub fn suspend(store: &mut Store, refs: &[CardRef], suspending: bool, stamp: &str) -> Result<Suspension> {
    let ids = resolve_cards(store, refs)?;
    let found = ids.iter().map(|id| store.card(*id)).collect::<Result<Vec<_>>>()?;
    let mut said = Suspension {
        suspending,
        ..Suspension::default()
    };
    for card in &found {
        if card.suspended != suspending {
            store.set_suspended(card.id, suspending, stamp)?;
        }
        let list = if card.retired && !suspending {
            &mut said.retired
        } else if card.suspended == suspending {
            &mut said.unchanged
        } else {
            &mut said.changed
        };
        if !list.contains(&card.id) {
            list.push(card.id);
        }
    }
    Ok(said)
}

/// Adds (or takes off) `tag` on the cards `refs` names, all checked before any changes,
/// in one transaction.
pub fn tag(store: &mut Store, tag: &str, refs: &[CardRef], adding: bool, stamp: &str) -> Result<Tagging> {
    let ids = resolve_cards(store, refs)?;
    let changed = if adding {
        store.add_tag(tag, &ids, stamp)?
    } else {
        store.remove_tag(tag, &ids, stamp)?
    };
    Ok(Tagging {
        tag: tag.to_string(),
        adding,
        changed,
        unchanged: ids.len() - changed,
    })
}

/// Every tag with its card counts, by name.
pub fn tags(store: &Store) -> Result<TagList> {
    Ok(TagList {
        tags: store
            .tag_counts()?
            .into_iter()
            .map(|t| TagCount {
                tag: t.tag,
                cards: t.active,
                all: t.all,
            })
            .collect(),
    })
}

/// Adds a card written by hand to `deck` (made when it is a name not yet a deck).
pub fn add(store: &mut Store, deck: DeckChoice<'_>, card: &HandCard<'_>, guid: &str, stamp: &str) -> Result<CardAdded> {
    let added = store.add_card(deck, card, guid, stamp)?;
    Ok(CardAdded {
        card: store.card(added.id)?,
        deck_created: added.deck_created,
    })
}

/// Gives `card` the front and back the user wrote. A card added by hand takes them as
/// they are; a document's card keeps them over its document's where they differ, and
/// follows its document again where they are the same.
pub fn edit(store: &mut Store, card: &Card, front: String, back: String, stamp: &str) -> Result<CardEdited> {
    if front == card.front().trim() && back == card.given_back().trim() {
        return Ok(CardEdited::Unchanged);
    }
    if card.by_hand {
        store.set_hand_texts(card.id, &front, &back, stamp)?;
        return Ok(CardEdited::HandCard);
    }
    let document = card.text();
    let own = OwnTexts {
        front: (front != document.front.trim()).then_some(front),
        back: (back != document.back.trim()).then_some(back),
    };
    store.set_own_texts(card.id, &own, stamp)?;
    Ok(if own.any() {
        CardEdited::OwnWords
    } else {
        CardEdited::DocumentText
    })
}

/// Returns a document's card to its document's front and back (`edit --revert`).
pub fn revert(store: &mut Store, card: &Card, stamp: &str) -> Result<CardEdited> {
    if card.by_hand {
        return Err(Error::NothingToRevert {
            card: card.id,
            why: "it was added by hand, so no document gives it a text to return to",
        });
    }
    if !card.own.any() {
        return Err(Error::NothingToRevert {
            card: card.id,
            why: "it already shows its document's text",
        });
    }
    store.set_own_texts(card.id, &OwnTexts::default(), stamp)?;
    Ok(CardEdited::DocumentText)
}

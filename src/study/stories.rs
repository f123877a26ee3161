//! Stories: answers written once and linked to every question they answer, in any deck.
//! Writing, editing, renaming, removing, linking; what each did as a view.

use std::collections::HashSet;

use super::answers::{self, Saved};
use super::suggestions::Suggester;
use crate::domain::card::GuidSource;
use crate::domain::{Card, CardId, CardRef, StoryId};
use crate::error::{Error, Result};
use crate::report::Renamed;
use crate::report::stories::{StoryEdited, StoryLinks, StoryList, StoryRemoval, StoryShown, StoryWritten};
use crate::store::Store;

/// Questions a new story is offered for.
const OFFERED: usize = 5;

/// The story `typed` names, with the cards it is linked to.
pub fn shown(store: &Store, typed: &str) -> Result<StoryShown> {
    let id = store.find_story(typed)?;
    with_cards(store, id)
}

fn with_cards(store: &Store, id: StoryId) -> Result<StoryShown> {
    Ok(StoryShown {
        story: store.story(id)?,
        cards: linked_cards(store, id)?,
    })
}

/// Every story with its cards, by name.
pub fn list(store: &Store) -> Result<StoryList> {
    let stories = store
        .stories()?
        .into_iter()
        .map(|story| {
            Ok(StoryShown {
                cards: linked_cards(store, story.id)?,
                story,
            })
        })
        .collect::<Result<_>>()?;
    Ok(StoryList { stories })
}

/// The cards a story is linked to.
fn linked_cards(store: &Store, id: StoryId) -> Result<Vec<Card>> {
    store
        .story_cards(id)?
        .into_iter()
        .map(|card| store.card(card))
        .collect()
}

/// Saves a new story named `asked` (free when the editor opened). When another prepdeck
/// took the name meanwhile and the text was written in the editor (`from_editor`), the
/// text goes under the next free name rather than being lost. Says which questions it may
/// answer.
pub fn write(
    store: &mut Store,
    asked: &str,
    body: &str,
    from_editor: bool,
    guids: &mut GuidSource,
    stamp: &str,
) -> Result<StoryWritten> {
    let mut name = asked.to_string();
    let mut nth = 1;
    loop {
        match store.create_story(&name, body, &guids.next_guid(), stamp) {
            Err(Error::StoryExists(_)) if from_editor && nth < 100 => {
                nth += 1;
                name = format!("{asked} ({nth})");
            }
            made => {
                made?;
                break;
            }
        }
    }
    let may_answer = Suggester::load(store)?.for_story(&name, body, OFFERED);
    Ok(StoryWritten {
        taken: (name != asked).then(|| asked.to_string()),
        name,
        may_answer,
    })
}

/// Saves a story's new text: as given (`--text`), or from the editor opened on `before`,
/// keeping below it whatever another prepdeck wrote meanwhile.
pub fn save_text(
    store: &mut Store,
    id: StoryId,
    before: &str,
    body: &str,
    from_editor: bool,
    stamp: &str,
) -> Result<StoryEdited> {
    if body == before.trim() {
        return Ok(StoryEdited::Unchanged);
    }
    let saved = if from_editor {
        answers::save_story(store, id, before, body, stamp)?
    } else {
        store.set_story_body(id, body, stamp)?;
        Saved::Alone
    };
    Ok(match saved {
        Saved::Alone => StoryEdited::Saved,
        Saved::AboveAnother => StoryEdited::SavedAboveAnother,
    })
}

/// Renames the story `typed` names to `name` (already checked as a name).
pub fn rename(store: &mut Store, typed: &str, name: &str, stamp: &str) -> Result<Renamed> {
    let id = store.find_story(typed)?;
    let old = store.story(id)?.name;
    store.rename_story(id, name, stamp)?;
    Ok(Renamed {
        old,
        new: name.to_string(),
    })
}

/// What removing story `id` would do: the cards that show it, and those without an answer
/// of their own, which would keep its text as their answer.
pub fn removal(store: &Store, id: StoryId) -> Result<StoryRemoval> {
    Ok(StoryRemoval {
        name: store.story(id)?.name,
        shown_by: store.story_cards(id)?,
        bare: store.story_cards_without_answer(id)?,
    })
}

/// Removes story `id`; says what it took, as [`removal`] said it would.
pub fn remove(store: &mut Store, id: StoryId, asked: StoryRemoval, stamp: &str) -> Result<StoryRemoval> {
    let given = store.remove_story(id, stamp)?;
    Ok(StoryRemoval { bare: given, ..asked })
}

/// What `story link` or `unlink` did: the links changed, and the cards refused (each with
/// why); the others are linked all the same.
pub struct Linking {
    pub done: Option<StoryLinks>,
    pub refused: Vec<Error>,
}

/// Links (or unlinks) the story `typed` names to the cards `refs` names that can take it.
pub fn link(store: &mut Store, typed: &str, refs: &[CardRef], linking: bool, stamp: &str) -> Result<Linking> {
    let id = store.find_story(typed)?;
    let name = store.story(id)?.name;
    let mut ids = Vec::new();
    let mut refused: Vec<Error> = Vec::new();
    for card in named_cards(store, refs, &mut refused)? {
        match store.card(card) {
            Ok(card) if linking && !card.kind.takes_stories() => refused.push(Error::NotAnswerable {
                card: card.id,
                kind: card.kind.as_str(),
            }),
            Ok(card) => {
                if !ids.contains(&card.id) {
                    ids.push(card.id);
                }
            }
            Err(e @ Error::UnknownCard(_)) => refused.push(e),
            Err(e) => return Err(e),
        }
    }
    let done = if ids.is_empty() {
        None
    } else {
        let changed = if linking {
            store.link_story(id, &ids, stamp)?
        } else {
            store.unlink_story(id, &ids)?
        };
        Some(StoryLinks {
            name,
            cards: ids,
            linking,
            changed,
        })
    };
    Ok(Linking { done, refused })
}

/// The ids a card list names, each once: a range gives the cards in it; a range with
/// none is refused (into `refused`) and the others go on.
fn named_cards(store: &Store, refs: &[CardRef], refused: &mut Vec<Error>) -> Result<Vec<CardId>> {
    let mut ids: Vec<CardId> = Vec::new();
    for card in refs {
        match *card {
            CardRef::One(id) => ids.push(id),
            CardRef::Range(first, last) => {
                let found = store.card_ids_between(first, last)?;
                if found.is_empty() {
                    refused.push(Error::EmptyCardRange(format!("{first}-{last}")));
                }
                ids.extend(found);
            }
        }
    }
    let mut seen = HashSet::new();
    ids.retain(|id| seen.insert(*id));
    Ok(ids)
}

//! Saving an answer or a story written in the editor: the editor may be open for minutes,
//! and whatever another prepdeck wrote to the same text meanwhile is kept, below it.

use crate::domain::text::keep_both;
use crate::domain::{CardId, StoryId};
use crate::error::Result;
use crate::store::Store;

/// How a text from the editor was saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// In place of the text the editor was opened on.
    Alone,
    /// Above a text another writer saved while the editor was open.
    AboveAnother,
}

/// What a session says once an answer from the editor is saved.
#[must_use]
pub fn saved_message(saved: Saved) -> &'static str {
    match saved {
        Saved::Alone => "answer saved",
        Saved::AboveAnother => "answer saved; the answer written elsewhere meanwhile is kept below it",
    }
}

/// Saves `edited`, written from the card's answer `before`, as the card's answer.
pub fn save_answer(store: &mut Store, id: CardId, before: &str, edited: &str, stamp: &str) -> Result<Saved> {
    save(
        store,
        before,
        edited,
        "answer written elsewhere while this one was in the editor",
        |store, expected, text| store.set_answer_if(id, expected, text, stamp),
        |store| store.card(id).map(|c| c.answer),
    )
}

/// Saves `edited`, written from the story's text `before`, as the story's text.
pub fn save_story(store: &mut Store, id: StoryId, before: &str, edited: &str, stamp: &str) -> Result<Saved> {
    save(
        store,
        before,
        edited,
        "story text written elsewhere while this one was in the editor",
        |store, expected, text| store.set_story_body_if(id, expected, text, stamp),
        |store| store.story(id).map(|s| s.body),
    )
}

/// Writes `edited` if the text is still `before`; else keeps both, the edited text first,
/// and tries again against what is there now.
fn save(
    store: &mut Store,
    before: &str,
    edited: &str,
    label: &str,
    write_if: impl Fn(&mut Store, &str, &str) -> Result<bool>,
    read: impl Fn(&Store) -> Result<String>,
) -> Result<Saved> {
    if write_if(store, before, edited)? {
        return Ok(Saved::Alone);
    }
    loop {
        let now = read(store)?;
        let (text, both) = keep_both(edited, &now, label);
        if write_if(store, &now, &text)? {
            return Ok(if both { Saved::AboveAnother } else { Saved::Alone });
        }
    }
}

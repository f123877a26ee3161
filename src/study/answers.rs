//! Saving an answer or a story written in the editor: the editor may be open for minutes,
//! and whatever another prepdeck wrote to the same text meanwhile is kept, below it.

use super::suggestions::Suggester;
use crate::domain::text::keep_both;
use crate::domain::{Card, CardId, StoryId};
use crate::error::Result;
use crate::report::cards::{AnswerOutcome, AnswerWritten};
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

/// What `answer` did to `card`'s answer: the text saved (`None` when left as it was) and
/// how; with the questions elsewhere like it when an answer was saved on a question.
pub fn answer_written(store: &Store, card: &Card, text: Option<&str>, saved: Saved) -> Result<AnswerWritten> {
    let outcome = match (text, saved) {
        (None, _) => AnswerOutcome::Unchanged,
        (Some(_), Saved::AboveAnother) => AnswerOutcome::SavedAboveAnother,
        (Some(""), Saved::Alone) => AnswerOutcome::Cleared,
        (Some(_), Saved::Alone) => AnswerOutcome::Saved,
    };
    let similar = if text.is_some_and(|t| !t.is_empty()) && card.kind.back_is_answer() {
        Some(Suggester::load(store)?.for_card(card))
    } else {
        None
    };
    Ok(AnswerWritten {
        id: card.id,
        outcome,
        similar,
    })
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

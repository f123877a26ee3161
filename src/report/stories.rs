//! What the story commands show: stories with the cards they answer, a story written or
//! edited (with the questions it may answer), renamed, removed, linked or unlinked.

use serde::{Serialize, Serializer};

use super::card_json::CardJson;
use crate::domain::{Card, CardId, Story, Suggestion};

/// A story with the cards it is linked to (`story show --json`).
#[derive(Debug)]
pub struct StoryShown {
    pub story: Story,
    pub cards: Vec<Card>,
}

impl Serialize for StoryShown {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct StoryJson<'a> {
            name: &'a str,
            guid: &'a str,
            body: &'a str,
            created_at: &'a str,
            updated_at: &'a str,
            cards: Vec<CardJson>,
        }
        let story = &self.story;
        StoryJson {
            name: &story.name,
            guid: &story.guid,
            body: &story.body,
            created_at: &story.created_at,
            updated_at: &story.updated_at,
            cards: self.cards.iter().map(CardJson::from).collect(),
        }
        .serialize(serializer)
    }
}

/// `story list`: every story with its cards, by name (`story list --json` prints the list).
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct StoryList {
    pub stories: Vec<StoryShown>,
}

/// `story new`: the story saved, under the name asked for or the next free one, and the
/// questions it may answer.
#[derive(Debug)]
pub struct StoryWritten {
    pub name: String,
    /// The name asked for, when another prepdeck took it while the editor was open.
    pub taken: Option<String>,
    pub may_answer: Vec<Suggestion>,
}

/// `story edit`: whether the text changed, and whether another's text was kept below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryEdited {
    Saved,
    SavedAboveAnother,
    Unchanged,
}

/// A story about to be removed (or removed): the cards that show it, and those without an
/// answer of their own (`bare`), which keep the story's text as their answer.
#[derive(Debug)]
pub struct StoryRemoval {
    pub name: String,
    pub shown_by: Vec<CardId>,
    pub bare: Vec<CardId>,
}

/// `story link` or `story unlink`: the cards it now answers (or no longer does).
#[derive(Debug)]
pub struct StoryLinks {
    pub name: String,
    pub cards: Vec<CardId>,
    pub linking: bool,
    /// Links made (linking) or taken away (unlinking).
    pub changed: usize,
}

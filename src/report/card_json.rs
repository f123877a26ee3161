//! A card as every `--json` output prints it (SPEC §5), derived from the domain's card.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{Card, Kind, State};

/// A card as every `--json` output prints it.
#[derive(Debug, Serialize)]
pub struct CardJson {
    pub id: i64,
    pub deck: String,
    pub kind: Kind,
    pub section: String,
    pub front: String,
    pub back: String,
    pub answer: String,
    pub context: String,
    pub state: State,
    pub ease: f64,
    pub interval: u32,
    pub repetitions: u32,
    pub lapses: u32,
    pub reviews: u32,
    pub due: Option<NaiveDate>,
    pub last_reviewed: Option<NaiveDate>,
    pub guid: String,
    /// Names of the stories linked to the card (its back shows them).
    pub stories: Vec<String>,
}

impl From<&Card> for CardJson {
    fn from(card: &Card) -> Self {
        let progress = &card.progress;
        CardJson {
            id: card.id.0,
            deck: card.deck.clone(),
            kind: card.kind,
            section: card.section.clone(),
            front: card.front(),
            back: card.back(),
            answer: card.answer.clone(),
            context: card.context.clone(),
            state: card.state(),
            ease: progress.sm2.ease,
            interval: progress.sm2.interval,
            repetitions: progress.sm2.repetitions,
            lapses: progress.lapses,
            reviews: card.reviews,
            due: progress.due,
            last_reviewed: progress.last_reviewed,
            guid: card.guid.clone(),
            stories: card.stories.iter().map(|s| s.name.clone()).collect(),
        }
    }
}

//! A card as every `--json` output prints it (SPEC §5), derived from the domain's card.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{Card, Kind, Scheduler, State};

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
    /// Days from the last schedule-setting review to the due date the schedule set.
    pub interval: u32,
    pub repetitions: u32,
    pub lapses: u32,
    pub reviews: u32,
    pub due: Option<NaiveDate>,
    pub last_reviewed: Option<NaiveDate>,
    pub guid: String,
    /// What schedules the card's deck: `sm2` or `fsrs`.
    pub scheduler: Scheduler,
    /// FSRS's model of the card's memory (kept whatever the scheduler): days until recall
    /// falls to 90%, and difficulty 1–10; null before the first review.
    pub stability: Option<f64>,
    pub difficulty: Option<f64>,
    /// Names of the stories linked to the card (its back shows them).
    pub stories: Vec<String>,
    /// Its tags, in alphabetical order (any case).
    pub tags: Vec<String>,
    /// Added by hand (`prepdeck add`): no document holds it.
    pub by_hand: bool,
    /// A document's card whose front or back the user rewrote (`prepdeck edit`).
    pub edited: bool,
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
            // SPEC §5: a talking point's or ask's back is the item's own text; its linked
            // stories are named under `stories`.
            back: if card.kind.back_is_answer() {
                card.back()
            } else {
                card.given_back()
            },
            answer: card.answer.clone(),
            context: card.context.clone(),
            state: card.state(),
            ease: progress.sm2.ease,
            interval: progress.shown_interval(),
            repetitions: progress.sm2.repetitions,
            lapses: progress.lapses,
            reviews: card.reviews,
            due: progress.due,
            last_reviewed: progress.last_reviewed,
            guid: card.guid.clone(),
            scheduler: card.scheduler,
            stability: progress.memory.map(|m| round2(m.stability)),
            difficulty: progress.memory.map(|m| round2(m.difficulty)),
            stories: card.stories.iter().map(|s| s.name.clone()).collect(),
            tags: card.tags.clone(),
            by_hand: card.by_hand,
            edited: card.is_edited(),
        }
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

//! The rules a card's grades are applied under: its deck's interview date and scheduler,
//! and the FSRS model. Below both the grade and the interview's last days, which read them.

use chrono::NaiveDate;

use super::fsrs::Model;
use super::readiness;
use crate::domain::{Card, Progress, Scheduler};

/// What a card's grades are applied under: its deck's interview date and scheduler, and
/// the FSRS model, which keeps every card's memory whatever the scheduler.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub interview: Option<NaiveDate>,
    pub scheduler: Scheduler,
    pub model: &'a Model,
}

impl<'a> Rules<'a> {
    /// SM-2 with an interview date (or none).
    #[must_use]
    pub fn sm2(interview: Option<NaiveDate>, model: &'a Model) -> Rules<'a> {
        Rules {
            interview,
            scheduler: Scheduler::Sm2,
            model,
        }
    }

    /// The rules of a card's deck.
    #[must_use]
    pub fn of(card: &Card, model: &'a Model) -> Rules<'a> {
        Rules {
            interview: card.interview,
            scheduler: card.scheduler,
            model,
        }
    }

    /// The chance of recalling a card on `day` (SPEC §4): the retrievability of its memory
    /// under either scheduler; 0 for a card never reviewed.
    #[must_use]
    pub fn recall_estimate(&self, card: &Progress, day: NaiveDate) -> f64 {
        readiness::recall_estimate(card, day, self.model)
    }
}

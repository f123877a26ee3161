//! Decks: their ids, and what counting a deck's cards means (by state, due, mature,
//! answered), tallied one card at a time so a large deck is never held whole.

use std::fmt;

use chrono::NaiveDate;

use super::Kind;
use super::card::{CardStatus, State};

/// A deck's id in the database.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeckId(pub i64);

impl fmt::Display for DeckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What a deck's new-card quota for today depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewCardUsage {
    pub deck: DeckId,
    pub interview: Option<NaiveDate>,
    /// Cards first reviewed today.
    pub introduced_today: usize,
    /// Cards not yet reviewed at the start of today (those first reviewed today count).
    pub unseen_at_start_of_day: usize,
    /// The deck has cards never reviewed.
    pub has_new: bool,
}

/// A deck's cards counted by state; totals across decks add these up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DeckCounts {
    /// Active cards (neither suspended nor retired).
    pub cards: u32,
    pub new: u32,
    pub learning: u32,
    pub review: u32,
    /// Active cards with an interval of 21 days or more.
    pub mature: u32,
    /// Reviewed active cards due today or earlier.
    pub due: u32,
    pub suspended: u32,
    pub retired: u32,
    /// Active questions; how many are prepared (an answer of their own or a linked
    /// story), and how many have a linked story.
    pub questions: u32,
    pub answered: u32,
    pub storied: u32,
}

impl DeckCounts {
    /// Counts one card as of `today`.
    pub fn add(&mut self, card: &CardStatus, today: NaiveDate) {
        match card.state() {
            State::Retired => self.retired += 1,
            State::Suspended => self.suspended += 1,
            state => {
                self.cards += 1;
                match state {
                    State::New => self.new += 1,
                    State::Learning => self.learning += 1,
                    _ => self.review += 1,
                }
                self.mature += u32::from(card.progress.is_mature());
                self.due += u32::from(card.progress.is_overdue_or_due(today));
                if card.kind == Kind::Question {
                    self.questions += 1;
                    self.answered += u32::from(card.prepared.any());
                    self.storied += u32::from(card.prepared.story);
                }
            }
        }
    }
}

impl std::ops::AddAssign for DeckCounts {
    fn add_assign(&mut self, other: DeckCounts) {
        self.cards += other.cards;
        self.new += other.new;
        self.learning += other.learning;
        self.review += other.review;
        self.mature += other.mature;
        self.due += other.due;
        self.suspended += other.suspended;
        self.retired += other.retired;
        self.questions += other.questions;
        self.answered += other.answered;
        self.storied += other.storied;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Progress;
    use crate::domain::card::Prepared;

    fn status(kind: Kind, suspended: bool, retired: bool, progress: Progress) -> CardStatus {
        CardStatus {
            deck: DeckId(1),
            kind,
            suspended,
            retired,
            prepared: Prepared {
                own_answer: true,
                story: false,
            },
            progress,
        }
    }

    #[test]
    fn counting_follows_the_card_states() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let mut reviewed = Progress {
            last_reviewed: Some(today),
            due: Some(today),
            ..Progress::default()
        };
        reviewed.sm2.repetitions = 3;
        reviewed.sm2.interval = 30;
        let mut counts = DeckCounts::default();
        counts.add(&status(Kind::Question, false, false, Progress::default()), today);
        counts.add(&status(Kind::Question, false, false, reviewed), today);
        counts.add(&status(Kind::Ask, true, false, reviewed), today);
        counts.add(&status(Kind::Ask, true, true, reviewed), today);
        assert_eq!(
            counts,
            DeckCounts {
                cards: 2,
                new: 1,
                learning: 0,
                review: 1,
                mature: 1,
                due: 1,
                suspended: 1,
                retired: 1,
                questions: 2,
                answered: 2,
                storied: 0,
            }
        );
    }
}

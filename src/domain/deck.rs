//! Decks: their ids, and what counting a deck's cards means (by state, due, mature,
//! answered), tallied one card at a time so a large deck is never held whole.

use std::fmt;

use chrono::NaiveDate;

use super::card::{CardStatus, State};
use super::{Kind, ParseError};

/// A deck's id in the database.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeckId(pub i64);

impl fmt::Display for DeckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What a command does to a deck's interview date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterviewChange {
    /// Leaves it as it is (only the budget changes).
    Keep,
    Set(NaiveDate),
    Clear,
}

/// What a command does to a deck's own daily budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BudgetChange {
    Keep,
    Set(u32),
    /// Back to the config file's `daily_minutes`, if any.
    Remove,
}

/// What turns a deck's grades into due dates and recall estimates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Scheduler {
    /// SuperMemo-2 (SPEC §3), the default.
    #[default]
    Sm2,
    /// FSRS-6, through the `fsrs` crate.
    Fsrs,
}

impl Scheduler {
    pub const ALL: [Scheduler; 2] = [Scheduler::Sm2, Scheduler::Fsrs];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Scheduler::Sm2 => "sm2",
            Scheduler::Fsrs => "fsrs",
        }
    }

    /// The name as people write it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Scheduler::Sm2 => "SM-2",
            Scheduler::Fsrs => "FSRS",
        }
    }
}

impl fmt::Display for Scheduler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Scheduler {
    type Err = ParseError;

    /// `sm2` or `fsrs`, in any case (`SM-2` too).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.trim().to_ascii_lowercase().replace('-', "");
        Scheduler::ALL
            .into_iter()
            .find(|k| k.as_str() == key)
            .ok_or_else(|| ParseError::Scheduler(s.to_string()))
    }
}

impl serde::Serialize for Scheduler {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Scheduler {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        name.parse().map_err(serde::de::Error::custom)
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

    #[test]
    fn scheduler_names_read_back() {
        for scheduler in Scheduler::ALL {
            assert_eq!(scheduler.as_str().parse::<Scheduler>().unwrap(), scheduler);
        }
        assert_eq!("SM-2".parse::<Scheduler>().unwrap(), Scheduler::Sm2);
        assert_eq!(" FSRS ".parse::<Scheduler>().unwrap(), Scheduler::Fsrs);
        assert!("anki".parse::<Scheduler>().is_err());
    }

    fn status(kind: Kind, suspended: bool, retired: bool, progress: Progress) -> CardStatus {
        CardStatus {
            id: crate::domain::CardId(1),
            deck: DeckId(1),
            scheduler: Scheduler::Sm2,
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

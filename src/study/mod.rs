//! Studying and everything about it: today's queue, the interactive review and drill
//! sessions, mock interviews, recording one grade, cards and stories changed by hand,
//! decks' dates and schedulers, and the figures and plans that say how it stands. Each
//! reads and writes the store, asks `schedule` what a grade does, talks to the user
//! through a [`crate::ui::prompt::Prompt`] in sessions, and returns what it did as one of
//! `report`'s views.

pub mod answers;
pub mod cards;
pub mod check;
pub mod decks;
pub mod edits;
pub mod figures;
pub mod grading;
pub mod mock_interview;
pub mod plan;
pub mod queue;
pub mod reschedule;
pub mod review;
pub mod session;
pub mod stories;
pub mod suggestions;

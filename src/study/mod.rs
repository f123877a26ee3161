//! Studying: today's queue, the interactive review and drill session, mock interviews,
//! and recording one grade. Each reads the store, asks `schedule` what a grade does and
//! talks to the user through a [`crate::ui::prompt::Prompt`].

pub mod answers;
pub mod grading;
pub mod mock_interview;
pub mod queue;
pub mod reschedule;
pub mod session;
pub mod suggestions;

//! Scheduling: SM-2 and FSRS, the interview deadline and new-card pace, readiness, and the order
//! cards are shown in. Pure functions of (state, grade, today): no I/O, no clock.
//! [`grade::apply`] is where every grade becomes a due date.

pub mod budget;
pub mod deadline;
pub mod fsrs;
pub mod grade;
pub mod interview_draw;
pub mod plan;
pub mod queue;
pub mod readiness;
pub mod replay;
pub mod rules;
pub mod seeded;
pub mod sm2;

pub use grade::{Mode, Preview, Rules, Update, apply, preview};
pub use replay::replay;

//! Scheduling: SM-2, the interview deadline and new-card pace, readiness, and the order
//! cards are shown in. Pure functions of (state, grade, today): no I/O, no clock.

pub mod deadline;
pub mod mock;
pub mod plan;
pub mod queue;
pub mod readiness;
pub mod sm2;

use chrono::NaiveDate;

use crate::types::Grade;
pub use sm2::Sm2;

/// A schedule-setting review's result, with the interview deadline applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scheduled {
    pub state: Sm2,
    pub due: NaiveDate,
    pub lapsed: bool,
}

/// Grades a card on `today`: SM-2 computes the state, the interview date (if any) may
/// pull the due date forward; SM-2's own numbers are left as it computed them.
#[must_use]
pub fn schedule(before: Sm2, grade: Grade, today: NaiveDate, interview: Option<NaiveDate>) -> Scheduled {
    let outcome = sm2::review(before, grade, today);
    Scheduled {
        state: outcome.state,
        due: deadline::pull_forward(outcome.due, today, interview),
        lapsed: outcome.lapsed,
    }
}

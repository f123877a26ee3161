//! `check`'s findings: the database's integrity and foreign keys, the schedules that
//! disagree with the review log, values stored out of range, cards reviewed after today,
//! and the totals.

use chrono::NaiveDate;

use crate::error::Result;
use crate::report::check::{CheckReport, ScheduleProblem};
use crate::store::{Store, Subject};

/// Everything `check` finds in the database.
pub fn check(store: &Store, today: NaiveDate) -> Result<CheckReport> {
    let integrity = store.integrity_problems()?;
    let schedule = store
        .schedule_problems()?
        .into_iter()
        .map(|problem| ScheduleProblem {
            what: problem.what,
            noun: match problem.subject {
                Subject::Decks => "deck",
                Subject::Cards => "card",
            },
            ids: problem.ids,
        })
        .collect();
    let values = store.value_problems()?;
    let reviewed_later = store.reviewed_after(today)?;
    let totals = store.totals()?;
    Ok(CheckReport {
        path: store.path().to_string_lossy().into_owned(),
        integrity,
        schedule,
        values,
        reviewed_later,
        today,
        decks: totals.decks,
        cards: totals.cards,
        reviews: totals.reviews,
    })
}

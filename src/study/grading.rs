//! Recording one grade: the card read, the grade applied by the scheduler's pure
//! [`apply`], the result written in one transaction — and applied again to what is stored
//! now if another prepdeck graded the same card in between, so no grade is lost.

use std::time::Duration;

use chrono::NaiveDate;

use crate::clock::Now;
use crate::domain::{Card, CardId, Grade, Origin, Timestamp};
use crate::error::{Error, Result};
use crate::report::cards::{GradeRecorded, OutOfSessions};
use crate::schedule::{Mode, Rules, Update, apply};
use crate::store::{LogEntry, LoggedReview, Store};

/// How often a grade is applied again to a card another process changed meanwhile.
const ATTEMPTS: usize = 5;

/// One grade to record.
#[derive(Debug, Clone)]
pub struct GradeGiven {
    pub card: CardId,
    pub grade: Grade,
    pub mode: Mode,
    pub origin: Origin,
    /// The day the grade counts for, and the moment it was given.
    pub day: NaiveDate,
    pub stamp: Timestamp,
    /// How long the user took to answer, when timed.
    pub took: Option<Duration>,
}

/// A grade as recorded: the card as it was, what the grade did, and the log row.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub before: Card,
    pub update: Update,
    pub logged: LoggedReview,
}

/// Applies and records a grade.
pub fn record(store: &mut Store, given: &GradeGiven) -> Result<Recorded> {
    let model = store.fsrs_model()?;
    for _ in 0..ATTEMPTS {
        let before = store.card(given.card)?;
        let rules = Rules::of(&before, &model);
        let update = apply(&before.progress, given.grade, given.mode, given.day, &rules);
        let entry = LogEntry {
            grade: given.grade,
            effect: update.effect,
            origin: given.origin,
            duration_ms: given.took.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
            day: given.day,
            stamp: given.stamp.clone(),
        };
        match store.record_review(&before, &update.after, &entry) {
            Ok(logged) => return Ok(Recorded { before, update, logged }),
            Err(Error::CardChanged(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Err(Error::CardChanged(given.card))
}

/// `grade CARD GRADE`: a normal, schedule-setting review given from a script, whether or
/// not the card is due; and what it did to the card's schedule.
pub fn grade_from_script(store: &mut Store, card: CardId, grade: Grade, now: Now) -> Result<GradeRecorded> {
    let today = now.today();
    let recorded = record(
        store,
        &GradeGiven {
            card,
            grade,
            mode: Mode::Review,
            origin: Origin::Grade,
            day: today,
            stamp: now.stamp(),
            took: None,
        },
    )?;
    let logged = recorded.logged;
    // A card out of the sessions is due nowhere, whatever its schedule says.
    let now_stored = store.card(card)?;
    let out_of_sessions = if now_stored.retired {
        Some(OutOfSessions::Retired)
    } else if now_stored.suspended {
        Some(OutOfSessions::Suspended)
    } else {
        None
    };
    Ok(GradeRecorded {
        id: card,
        grade,
        ease: logged.sm2_after.ease,
        interval: recorded.update.after.shown_interval(),
        repetitions: logged.sm2_after.repetitions,
        due: logged.due_after,
        scheduler: recorded.before.scheduler,
        stability: recorded.update.after.memory.map(|m| m.stability),
        out_of_sessions,
        today,
    })
}

#[cfg(test)]
mod tests {
    use chrono::Days;
    use proptest::prelude::*;

    use super::*;
    use crate::domain::{DeckId, Progress, Sm2};
    use crate::schedule::fsrs::default_model;
    use crate::schedule::sm2;

    fn store() -> Store {
        crate::import::test_store("# Company Profile: Test Co\n## Common Questions\n- One?\n- Two?\n- Three?\n")
    }

    /// The grade path as it was before `apply` existed, kept as the reference it was
    /// pinned against: the session's `decide` closure, then the store's own bookkeeping
    /// (practice keeps the schedule, a review sets it and counts a lapse, the first
    /// sighting is dated either way), with the deadline rule of the time replaced by the
    /// final top-up.
    fn reference(card: &Card, mode: Mode, grade: Grade, today: NaiveDate) -> Progress {
        let sets_schedule = match mode {
            Mode::Review | Mode::Mock => true,
            Mode::Drill => card.is_new() || card.progress.is_due(today) || !grade.passed(),
            Mode::Practice => false,
        };
        let p = card.progress;
        let first_reviewed = Some(p.first_reviewed.unwrap_or(today));
        let model = default_model();
        let memory = Some(model.remember(model.memory_of(&p), grade, today));
        if !sets_schedule {
            return Progress {
                first_reviewed,
                memory,
                ..p
            };
        }
        let outcome = sm2::review_after(p.sm2, grade, today, p.last_reviewed);
        // Recall on the interview day: the memory's retrievability then (0 before any).
        let recall_on = |day: NaiveDate| memory.map_or(0.0, |m| model.recall(m, day));
        // A card due on the last day, reviewed before it: its final review, brought forward.
        let waited = card
            .interview
            .is_some_and(|d| p.due == Some(d - Days::new(1)) && today < d - Days::new(1));
        Progress {
            sm2: outcome.state,
            due: Some(reference_top_up(
                outcome.due,
                outcome.state,
                grade,
                today,
                card.interview,
                waited,
                recall_on,
            )),
            last_reviewed: Some(today),
            last_grade: Some(grade),
            first_reviewed,
            lapses: p.lapses + u32::from(outcome.lapsed),
            memory,
        }
    }

    /// The last days before an interview read on their own: a card just learned with a 4
    /// waits two days for its first step, with a 5 four; then it is due the day before
    /// the interview when that day lies strictly between the review and that date and the
    /// estimate for the interview day (the memory's retrievability) is below 0.99 — unless
    /// the card was waiting for that day and its estimate is now 0.97 or more; due that
    /// day too when the date falls up to five days before it (a learned card) or two (a
    /// card just learned with a 4 or 5).
    fn reference_top_up(
        sm2_due: NaiveDate,
        after: Sm2,
        grade: Grade,
        today: NaiveDate,
        interview: Option<NaiveDate>,
        waited: bool,
        recall_on: impl Fn(NaiveDate) -> f64,
    ) -> NaiveDate {
        let Some(interview) = interview else { return sm2_due };
        let last_day = interview - Days::new(1);
        if today >= last_day {
            return sm2_due;
        }
        let sm2_due = match (after.repetitions, grade.value()) {
            (1, 4) => sm2_due.max(today + Days::new(2)),
            (1, 5) => sm2_due.max(today + Days::new(4)),
            _ => sm2_due,
        };
        if sm2_due > last_day {
            let estimate = recall_on(interview);
            let done = waited && estimate >= 0.97;
            return if estimate < 0.99 && !done { last_day } else { sm2_due };
        }
        let hold = match after.repetitions {
            1 if grade.value() >= 4 => 2,
            0 | 1 => 0,
            _ => 5,
        };
        if (last_day - sm2_due).num_days() <= hold {
            last_day
        } else {
            sm2_due
        }
    }

    fn mode_of(n: u8) -> Mode {
        [Mode::Review, Mode::Drill, Mode::Mock, Mode::Practice][usize::from(n % 4)]
    }

    proptest! {
        #![proptest_config(crate::testing::proptest_config(100))]

        /// Random histories of grades under every mode, with and without an interview:
        /// every grade recorded through the pure path leaves the card as the reference
        /// rules say, and the log agrees with the cards (`check` finds nothing).
        #[test]
        fn recorded_grades_follow_the_reference_rules(
            steps in prop::collection::vec((0u8..4, 0u8..=5, 0u64..9, 1i64..=3), 1..40),
            interview_in in prop::option::of(1u64..40),
        ) {
            let mut store = store();
            let start = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
            let interview = interview_in.map(|d| start + Days::new(d));
            store.set_interview(DeckId(1), interview).unwrap();
            let mut today = start;
            for (step, &(mode, grade, gap, card)) in steps.iter().enumerate() {
                today = today + Days::new(gap);
                let (mode, grade, card) = (mode_of(mode), Grade::new(grade).unwrap(), CardId(card));
                let expected = reference(&store.card(card).unwrap(), mode, grade, today);
                let stamp = crate::testing::stamp(&format!("{today}T09:00:{:02}+00:00", step % 60));
                let given = GradeGiven { card, grade, mode, origin: Origin::Review, day: today, stamp, took: None };
                let recorded = record(&mut store, &given).unwrap();
                prop_assert_eq!(recorded.update.after, expected, "step {}", step);
                prop_assert_eq!(store.card(card).unwrap().progress, expected, "step {}", step);
            }
            prop_assert!(store.schedule_problems().unwrap().is_empty());
        }
    }

    #[test]
    fn a_card_changed_by_another_process_gets_the_grade_applied_again() {
        let mut store = store();
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let stale = store.card(CardId(1)).unwrap();
        let given = |grade: u8| GradeGiven {
            card: CardId(1),
            grade: Grade::new(grade).unwrap(),
            mode: Mode::Review,
            origin: Origin::Grade,
            day: today,
            stamp: crate::testing::stamp("2026-03-01T09:00:00+00:00"),
            took: None,
        };
        record(&mut store, &given(5)).unwrap();
        // Writing a grade computed from the stale card is refused, not applied blindly.
        let rules = Rules::sm2(None, default_model());
        let update = apply(&stale.progress, Grade::new(1).unwrap(), Mode::Review, today, &rules);
        let entry = LogEntry {
            grade: Grade::new(1).unwrap(),
            effect: update.effect,
            origin: Origin::Grade,
            duration_ms: None,
            day: today,
            stamp: crate::testing::stamp("2026-03-01T09:00:01+00:00"),
        };
        assert!(matches!(
            store.record_review(&stale, &update.after, &entry),
            Err(Error::CardChanged(CardId(1)))
        ));
        // Through `record` the second grade lands on top of the first: both are logged.
        let second = record(&mut store, &given(1)).unwrap();
        assert_eq!(second.before.reviews, 1);
        let card = store.card(CardId(1)).unwrap();
        assert_eq!(card.reviews, 2);
        assert_eq!(card.progress.lapses, 1);
    }
}

//! A card's progress rebuilt from its review log: each logged grade applied in the log's
//! order with [`apply`], the one grade function. A restore replays two merged logs; a
//! switch of scheduler, a refit of FSRS or a moved interview replays a card's log to
//! recompute its memory and due date.

use super::grade::{Mode, Rules, apply};
use crate::domain::{Effect, LoggedGrade, Progress};

/// A card's progress around one replayed grade.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub before: Progress,
    pub after: Progress,
}

/// Replays a card's whole log from a new card's progress, in the order given, under
/// `rules`, and returns the progress around each grade (the last `after` is the card's
/// progress now).
///
/// Each grade is applied again with [`apply`] under the effect it had — a review sets the
/// schedule, practice leaves it — which also keeps the card's FSRS memory. Where a grade's
/// recorded step starts from the progress the replay has reached, the SM-2 schedule it
/// recorded is kept: it is what the rules of that day (and that day's interview date) made
/// of the grade, so a log replayed unchanged comes out as it was written. From the first
/// grade whose recorded step does not follow on (two logs merged, a grade from another
/// machine), the schedule is the one `rules` give now.
#[must_use]
pub fn replay_steps(log: &[LoggedGrade], rules: &Rules) -> Vec<Step> {
    let mut progress = Progress::default();
    let mut steps = Vec::with_capacity(log.len());
    for logged in log {
        let mode = match logged.effect {
            Effect::Review => Mode::Review,
            Effect::Practice => Mode::Practice,
        };
        let applied = apply(&progress, logged.grade, mode, logged.day, rules).after;
        let after = match logged.recorded {
            Some(recorded) if logged.effect == Effect::Review && same_progress(&recorded.before, &progress) => {
                Progress {
                    sm2: recorded.sm2_after,
                    due: recorded.due_after,
                    ..applied
                }
            }
            _ => applied,
        };
        steps.push(Step {
            before: progress,
            after,
        });
        progress = after;
    }
    steps
}

/// The progress a card's log leads to under `rules` (a card never graded stays new).
#[must_use]
pub fn replay(log: &[LoggedGrade], rules: &Rules) -> Progress {
    replay_steps(log, rules)
        .last()
        .map_or_else(Progress::default, |step| step.after)
}

/// Equal SM-2 progress, easiness compared to within float noise (FSRS memory, which
/// the replay recomputes, is left out).
#[must_use]
pub fn same_progress(a: &Progress, b: &Progress) -> bool {
    (a.sm2.ease - b.sm2.ease).abs() < 1e-9
        && a.sm2.interval == b.sm2.interval
        && a.sm2.repetitions == b.sm2.repetitions
        && a.due == b.due
        && a.last_reviewed == b.last_reviewed
        && a.last_grade == b.last_grade
        && a.first_reviewed == b.first_reviewed
        && a.lapses == b.lapses
}

#[cfg(test)]
mod tests {
    use chrono::{Days, NaiveDate};
    use proptest::prelude::*;

    use super::*;
    use crate::domain::{Grade, RecordedStep, Scheduler};
    use crate::schedule::fsrs::default_model;

    use crate::testing::{day, grade};

    fn rules(scheduler: Scheduler, interview: Option<NaiveDate>) -> Rules<'static> {
        Rules {
            interview,
            scheduler,
            model: default_model(),
        }
    }

    /// A log as a card's grades would have written it, each step recorded.
    fn recorded(grades: &[(&str, u8, Effect)], interview: Option<NaiveDate>) -> Vec<LoggedGrade> {
        let rules = rules(Scheduler::Sm2, interview);
        let mut progress = Progress::default();
        grades
            .iter()
            .map(|&(d, g, effect)| {
                let mode = if effect == Effect::Review {
                    Mode::Review
                } else {
                    Mode::Practice
                };
                let after = apply(&progress, grade(g), mode, day(d), &rules).after;
                let logged = LoggedGrade {
                    day: day(d),
                    grade: grade(g),
                    effect,
                    recorded: Some(RecordedStep {
                        before: progress,
                        sm2_after: after.sm2,
                        due_after: after.due,
                    }),
                };
                progress = after;
                logged
            })
            .collect()
    }

    proptest! {
        #![proptest_config(crate::testing::proptest_config(200))]

        /// Grading a card one grade at a time and replaying its log give the same card,
        /// under either scheduler: nothing lives only in the stored state.
        #[test]
        fn replaying_a_log_gives_the_card_its_grades_made(
            steps in prop::collection::vec((0u8..=5, 0u64..12, any::<bool>()), 1..30),
            interview_in in prop::option::of(1u64..90),
            fsrs in any::<bool>(),
        ) {
            let start = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
            let scheduler = if fsrs { Scheduler::Fsrs } else { Scheduler::Sm2 };
            let rules = rules(scheduler, interview_in.map(|d| start + Days::new(d)));
            let mut card = Progress::default();
            let mut log = Vec::new();
            let mut day = start;
            for &(g, gap, practice) in &steps {
                day = day + Days::new(gap);
                let grade = Grade::new(g).unwrap();
                let mode = if practice && !card.is_new() { Mode::Practice } else { Mode::Review };
                let update = apply(&card, grade, mode, day, &rules);
                log.push(LoggedGrade { day, grade, effect: update.effect, recorded: None });
                card = update.after;
            }
            prop_assert_eq!(replay(&log, &rules), card);
        }
    }

    #[test]
    fn an_empty_log_is_a_new_card() {
        assert_eq!(replay(&[], &rules(Scheduler::Fsrs, None)), Progress::default());
    }

    #[test]
    fn a_log_replayed_unchanged_comes_out_as_it_was_written() {
        let interview = Some(day("2026-03-20"));
        let log = recorded(
            &[
                ("2026-03-01", 4, Effect::Review),
                ("2026-03-01", 2, Effect::Practice),
                ("2026-03-02", 5, Effect::Review),
                ("2026-03-09", 1, Effect::Review),
            ],
            interview,
        );
        // Replayed without the interview date, the recorded steps are still the ones kept.
        let steps = replay_steps(&log, &rules(Scheduler::Sm2, None));
        for (logged, step) in log.iter().zip(&steps) {
            assert!(same_progress(&step.before, &logged.recorded.unwrap().before));
        }
        let last = steps.last().unwrap().after;
        assert_eq!(last.due, log[3].recorded.unwrap().due_after);
        assert_eq!(last.lapses, 1);
        assert_eq!(last.last_reviewed, Some(day("2026-03-09")));
        assert_eq!(last.first_reviewed, Some(day("2026-03-01")));
        assert!(last.memory.is_some(), "the memory is replayed too");
    }

    #[test]
    fn grades_from_two_logs_are_applied_again_from_where_they_meet() {
        let mine = recorded(
            &[("2026-03-01", 4, Effect::Review), ("2026-03-02", 4, Effect::Review)],
            None,
        );
        let theirs = recorded(&[("2026-03-05", 5, Effect::Review)], None);
        let merged = vec![mine[0], mine[1], theirs[0]];
        let sm2 = rules(Scheduler::Sm2, None);
        let steps = replay_steps(&merged, &sm2);
        // Their grade was recorded from a new card; here it follows two reviews, three
        // days into a six-day interval: an early review grows from the days elapsed.
        assert_eq!(steps[2].before.sm2.repetitions, 2);
        assert_eq!(steps[2].after.sm2.repetitions, 3);
        assert_eq!(steps[2].after.sm2.interval, 8);
        assert_eq!(steps[2].after.due, Some(day("2026-03-13")));
        let unrecorded: Vec<LoggedGrade> = merged.iter().map(|l| LoggedGrade { recorded: None, ..*l }).collect();
        assert_eq!(
            replay_steps(&unrecorded, &sm2),
            steps,
            "a log without recorded steps replays the same"
        );
    }
}

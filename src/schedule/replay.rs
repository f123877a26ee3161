//! A card's progress rebuilt from its review log: each logged grade applied in the log's
//! order with [`apply`], the one grade function. Restores use it when two logs are merged;
//! a scheduler that computes its state from the log uses the same walk.

use chrono::NaiveDate;

use super::grade::{Mode, apply};
use crate::domain::{Effect, Grade, Progress, Sm2};

/// One grade of a card's log, as replaying needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoggedGrade {
    pub day: NaiveDate,
    pub grade: Grade,
    /// Whether the grade set the schedule when it was given.
    pub effect: Effect,
    /// What the log recorded of the card around this grade, when it is known.
    pub recorded: Option<RecordedStep>,
}

/// The progress a log row recorded before its grade, and the schedule after it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecordedStep {
    pub before: Progress,
    pub sm2_after: Sm2,
    pub due_after: Option<NaiveDate>,
}

/// A card's progress around one replayed grade.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub before: Progress,
    pub after: Progress,
}

/// Replays a card's whole log from a new card's progress, in the order given, and returns
/// the progress around each grade (the last `after` is the card's progress now).
///
/// Where a grade's recorded step starts from the progress the replay has reached, the
/// schedule it recorded is kept: it is what the rules of the day (and the interview date of
/// the day) made of that grade, and a log replayed unchanged comes out exactly as it was
/// written. From the first grade whose recorded step does not follow on (two logs merged,
/// a grade from another machine), each grade is applied again with [`apply`] under the
/// effect it had — a review sets the schedule, practice leaves it — and `interview`, the
/// deck's interview date now.
#[must_use]
pub fn replay(log: &[LoggedGrade], interview: Option<NaiveDate>) -> Vec<Step> {
    let mut progress = Progress::default();
    let mut steps = Vec::with_capacity(log.len());
    for logged in log {
        let after = match logged.recorded {
            Some(recorded) if same_progress(&recorded.before, &progress) => follow(&progress, logged, &recorded),
            _ => {
                let mode = match logged.effect {
                    Effect::Review => Mode::Review,
                    Effect::Practice => Mode::Practice,
                };
                apply(&progress, logged.grade, mode, logged.day, interview).after
            }
        };
        steps.push(Step {
            before: progress,
            after,
        });
        progress = after;
    }
    steps
}

/// The progress after a grade whose recorded step is trusted: its recorded schedule, and
/// the rest as every grade leaves it.
fn follow(before: &Progress, logged: &LoggedGrade, recorded: &RecordedStep) -> Progress {
    let first_reviewed = before.first_reviewed.or(Some(logged.day));
    match logged.effect {
        Effect::Practice => Progress {
            first_reviewed,
            ..*before
        },
        Effect::Review => Progress {
            sm2: recorded.sm2_after,
            due: recorded.due_after,
            last_reviewed: Some(logged.day),
            last_grade: Some(logged.grade),
            first_reviewed,
            lapses: before.lapses + u32::from(!logged.grade.passed()),
        },
    }
}

/// Equal progress, easiness compared to within float noise.
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
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn grade(g: u8) -> Grade {
        Grade::new(g).unwrap()
    }

    /// A log as a card's grades would have written it, each step recorded.
    fn recorded(grades: &[(&str, u8, Effect)], interview: Option<NaiveDate>) -> Vec<LoggedGrade> {
        let mut progress = Progress::default();
        grades
            .iter()
            .map(|&(d, g, effect)| {
                let mode = if effect == Effect::Review {
                    Mode::Review
                } else {
                    Mode::Practice
                };
                let after = apply(&progress, grade(g), mode, day(d), interview).after;
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
        let steps = replay(&log, None);
        let mut expected = Progress::default();
        for (logged, step) in log.iter().zip(&steps) {
            assert!(same_progress(&step.before, &logged.recorded.unwrap().before));
            expected = step.after;
        }
        assert_eq!(expected.due, log[3].recorded.unwrap().due_after);
        assert_eq!(expected.lapses, 1);
        assert_eq!(expected.last_reviewed, Some(day("2026-03-09")));
        assert_eq!(expected.first_reviewed, Some(day("2026-03-01")));
    }

    #[test]
    fn grades_from_two_logs_are_applied_again_from_where_they_meet() {
        let mine = recorded(
            &[("2026-03-01", 4, Effect::Review), ("2026-03-02", 4, Effect::Review)],
            None,
        );
        let theirs = recorded(&[("2026-03-05", 5, Effect::Review)], None);
        let merged = vec![mine[0], mine[1], theirs[0]];
        let steps = replay(&merged, None);
        // Their grade was recorded from a new card; here it follows two reviews.
        assert_eq!(steps[2].before.sm2.repetitions, 2);
        assert_eq!(steps[2].after.sm2.repetitions, 3);
        assert_eq!(steps[2].after.sm2.interval, 15);
        assert_eq!(steps[2].after.due, Some(day("2026-03-20")));
        let unrecorded: Vec<LoggedGrade> = merged.iter().map(|l| LoggedGrade { recorded: None, ..*l }).collect();
        assert_eq!(
            replay(&unrecorded, None),
            steps,
            "a log without recorded steps replays the same"
        );
    }
}

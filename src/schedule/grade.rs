//! Where a grade becomes a due date: the one pure function every grade passes through,
//! whichever command gave it. It decides whether the grade sets the schedule (or is
//! practice), applies SM-2 (or FSRS) and the interview's last days, keeps the card's FSRS
//! memory, and counts a lapse.

use chrono::NaiveDate;

use super::deadline::{self, own_due};
pub use super::rules::Rules;
use super::sm2;
use crate::domain::{Effect, Grade, Progress};

/// The rules a grade is given under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A daily review or `prepdeck grade`: the grade always sets the schedule.
    Review,
    /// Cramming one deck: a card not yet due that is recalled (3+) is practice and keeps
    /// its schedule; new, due and failed cards are reviewed as usual.
    Drill,
    /// A mock interview's self-grade: a normal review.
    Mock,
    /// A repeat inside a session: logged, the schedule untouched.
    Practice,
}

/// What a grade does to a card: its progress afterwards, and how the grade is logged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Update {
    pub after: Progress,
    /// The grade was below 3 and set the schedule: a lapse.
    pub lapsed: bool,
    pub effect: Effect,
}

/// Applies `grade` given on `today` to a card's progress under its deck's `rules`: SM-2
/// (or FSRS) sets the next review, which the interview date may move to the day before
/// it; every grade, practice included, steps the card's FSRS memory.
#[must_use]
pub fn apply(card: &Progress, grade: Grade, mode: Mode, today: NaiveDate, rules: &Rules) -> Update {
    let sets_schedule = match mode {
        Mode::Review | Mode::Mock => true,
        Mode::Drill => card.is_due(today) || !grade.passed(),
        Mode::Practice => false,
    };
    let first_reviewed = card.first_reviewed.or(Some(today));
    let memory = Some(rules.model.remember(rules.model.memory_of(card), grade, today));
    if !sets_schedule {
        return Update {
            after: Progress {
                first_reviewed,
                memory,
                ..*card
            },
            lapsed: false,
            effect: Effect::Practice,
        };
    }
    let outcome = sm2::review_after(card.sm2, grade, today, card.last_reviewed);
    let mut after = Progress {
        sm2: outcome.state,
        due: None,
        last_reviewed: Some(today),
        last_grade: Some(grade),
        first_reviewed,
        lapses: card.lapses + u32::from(outcome.lapsed),
        memory,
    };
    // A card due on the last day before the interview and reviewed before it had its
    // final review brought forward (the last days spread it, or the budget did).
    let brought_forward = rules
        .interview
        .and_then(deadline::final_day)
        .is_some_and(|last_day| card.due == Some(last_day) && today < last_day);
    after.due = due_after_review(&after, rules, brought_forward);
    Update {
        after,
        lapsed: outcome.lapsed,
        effect: Effect::Review,
    }
}

/// What one grade would do to a card, for the preview on its back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Preview {
    pub grade: Grade,
    /// What [`apply`] gives for it: the very update the grade would record.
    pub update: Update,
    /// The interview's last days set its due date: without the interview it would differ.
    pub last_day: bool,
}

/// What each grade, 0 to 5, would do to a card graded on `today` under `mode`: each
/// [`apply`] itself, so the preview never disagrees with what the grade then stores.
#[must_use]
pub fn preview(card: &Progress, mode: Mode, today: NaiveDate, rules: &Rules) -> [Preview; 6] {
    let without_interview = Rules {
        interview: None,
        ..*rules
    };
    Grade::ALL.map(|grade| {
        let update = apply(card, grade, mode, today, rules);
        let last_day = rules.interview.and_then(deadline::final_day).is_some_and(|last| {
            update.after.due == Some(last)
                && update.effect == Effect::Review
                && apply(card, grade, mode, today, &without_interview).after.due != update.after.due
        });
        Preview {
            grade,
            update,
            last_day,
        }
    })
}

/// The due date a card's last schedule-setting review sets under `rules`, from the card
/// as that review left it: SM-2's interval (with the interview's longer first step) or FSRS's, from the memory then, moved by the
/// interview's last days. `None` for a card never reviewed. `apply` sets it; changing a
/// deck's scheduler or interview date recomputes it.
#[must_use]
pub fn due_after_last_review(card: &Progress, rules: &Rules) -> Option<NaiveDate> {
    due_after_review(card, rules, false)
}

/// [`due_after_last_review`], knowing whether that review was the card's final review
/// brought forward from the last day.
fn due_after_review(card: &Progress, rules: &Rules, brought_forward: bool) -> Option<NaiveDate> {
    let (own, review) = own_due(card, rules)?;
    Some(deadline::final_top_up(
        own,
        deadline::Reviewed {
            brought_forward,
            ..review
        },
        rules.interview,
        |target| rules.recall_estimate(card, target),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::Scheduler;
    use crate::testing::{day, grade};

    fn sm2(interview: Option<NaiveDate>) -> Rules<'static> {
        Rules::sm2(interview, crate::schedule::fsrs::default_model())
    }

    /// A card reviewed on 03-01 with interval 6, due 03-07.
    fn reviewed() -> Progress {
        let mut card = apply(
            &Progress::default(),
            grade(4),
            Mode::Review,
            day("2026-03-01"),
            &sm2(None),
        )
        .after;
        card = apply(&card, grade(4), Mode::Review, day("2026-03-02"), &sm2(None)).after;
        assert_eq!(card.due, Some(day("2026-03-08")));
        card
    }

    #[test]
    fn drill_sets_the_schedule_only_for_new_due_or_failed_cards() {
        let today = day("2026-03-03");
        let new = apply(&Progress::default(), grade(5), Mode::Drill, today, &sm2(None));
        assert_eq!(new.effect, Effect::Review, "a new card is reviewed");
        let early = apply(&reviewed(), grade(3), Mode::Drill, today, &sm2(None));
        assert_eq!(early.effect, Effect::Practice, "recalled early: practice");
        let memory = early.after.memory;
        assert_eq!(
            Progress {
                memory: None,
                ..early.after
            },
            Progress {
                memory: None,
                ..reviewed()
            },
            "practice keeps the schedule"
        );
        assert_eq!(
            memory.map(|m| m.day),
            Some(today),
            "but the card's memory takes the practice in"
        );
        let failed = apply(&reviewed(), grade(2), Mode::Drill, today, &sm2(None));
        assert!(
            failed.lapsed && failed.effect == Effect::Review,
            "failed early: a lapse"
        );
        assert_eq!(failed.after.lapses, 1);
        let due = apply(&reviewed(), grade(4), Mode::Drill, day("2026-03-08"), &sm2(None));
        assert_eq!(due.effect, Effect::Review, "a due card is reviewed");
    }

    #[test]
    fn the_preview_of_each_grade_is_what_apply_gives_and_names_the_last_day() {
        let interview = Some(day("2026-03-12"));
        let card = reviewed();
        let today = day("2026-03-08");
        let previews = preview(&card, Mode::Review, today, &sm2(interview));
        for (g, shown) in (0..=5).zip(previews) {
            assert_eq!(shown.grade, grade(g));
            assert_eq!(
                shown.update,
                apply(&card, grade(g), Mode::Review, today, &sm2(interview))
            );
        }
        // A pass due after the interview is topped up on the last day (03-11); a failure is
        // due tomorrow as without an interview.
        assert!(previews[4].last_day && previews[4].update.after.due == Some(day("2026-03-11")));
        assert!(!previews[1].last_day);
        assert!(
            preview(&card, Mode::Review, today, &sm2(None))
                .iter()
                .all(|p| !p.last_day)
        );
    }

    #[test]
    fn practice_only_marks_the_first_sighting() {
        let today = day("2026-03-01");
        let update = apply(&Progress::default(), grade(0), Mode::Practice, today, &sm2(None));
        assert_eq!(update.effect, Effect::Practice);
        assert!(!update.lapsed);
        assert_eq!(update.after.first_reviewed, Some(today));
        assert_eq!(update.after.last_reviewed, None);
    }

    #[test]
    fn a_card_due_after_the_interview_is_topped_up_the_day_before() {
        let interview = Some(day("2026-03-30"));
        let mut card = reviewed();
        assert_eq!(card.due, Some(day("2026-03-08")), "three weeks out: SM-2's date");
        card = apply(&card, grade(4), Mode::Review, day("2026-03-08"), &sm2(interview)).after;
        assert_eq!(card.due, Some(day("2026-03-23")), "six days before the last day: kept");
        // SM-2 says 38 days (04-30): the card comes back on 03-29, the last day.
        card = apply(&card, grade(4), Mode::Review, day("2026-03-23"), &sm2(interview)).after;
        assert_eq!(card.sm2.interval, 38);
        assert_eq!(card.due, Some(day("2026-03-29")));
        // Reviewed on the last day, six days into its 38: an early review, so the
        // interval stays 38 (⌈6 × 2.5⌉ = 15 is shorter) and no top-up follows.
        card = apply(&card, grade(4), Mode::Review, day("2026-03-29"), &sm2(interview)).after;
        assert_eq!((card.sm2.interval, card.sm2.repetitions), (38, 5));
        assert_eq!(card.due, Some(day("2026-05-06")));
    }

    #[test]
    fn a_review_due_just_before_the_last_day_waits_for_it() {
        // Due 03-08 by SM-2, three days before the last day (03-11): held until then.
        let mut card = apply(
            &Progress::default(),
            grade(4),
            Mode::Review,
            day("2026-03-01"),
            &sm2(None),
        )
        .after;
        card = apply(
            &card,
            grade(4),
            Mode::Review,
            day("2026-03-02"),
            &sm2(Some(day("2026-03-12"))),
        )
        .after;
        assert_eq!(card.due, Some(day("2026-03-11")));
        assert_eq!(card.sm2.interval, 6, "SM-2's own interval is kept");
    }

    #[test]
    fn a_card_recalled_well_on_first_sight_takes_a_longer_first_step_before_an_interview() {
        let interview = Some(day("2026-03-20"));
        let first =
            |g: u8, rules: &Rules| apply(&Progress::default(), grade(g), Mode::Review, day("2026-03-01"), rules).after;
        let good = first(4, &sm2(interview));
        assert_eq!(
            (good.sm2.interval, good.due),
            (1, Some(day("2026-03-03"))),
            "SM-2's interval is kept, only the date moves"
        );
        assert_eq!(first(5, &sm2(interview)).due, Some(day("2026-03-05")));
        assert_eq!(first(3, &sm2(interview)).due, Some(day("2026-03-02")));
        assert_eq!(first(5, &sm2(None)).due, Some(day("2026-03-02")));
        // The next review, two days on, is a late one for SM-2: its six days follow.
        let second = apply(&good, grade(4), Mode::Review, day("2026-03-03"), &sm2(interview)).after;
        assert_eq!((second.sm2.interval, second.due), (6, Some(day("2026-03-09"))));
        // Under FSRS the memory sets the step: the interview's first step is SM-2's.
        let fsrs = Rules {
            scheduler: Scheduler::Fsrs,
            ..sm2(interview)
        };
        let memory = first(5, &fsrs).memory.unwrap();
        let fsrs_days = i64::from(fsrs.model.interval(memory));
        assert_eq!(
            first(5, &fsrs).due,
            Some(day("2026-03-01") + chrono::Days::new(fsrs_days as u64))
        );
        assert_ne!(fsrs_days, 4, "FSRS's own interval for an easy first review");
    }

    #[test]
    fn a_failed_card_is_due_tomorrow_whatever_the_interview() {
        let card = apply(
            &reviewed(),
            grade(1),
            Mode::Review,
            day("2026-03-03"),
            &sm2(Some(day("2026-03-20"))),
        )
        .after;
        assert_eq!(card.due, Some(day("2026-03-04")));
    }

    #[test]
    fn cramming_before_an_interview_leaves_intervals_honest() {
        // A learned card reviewed every day for ten days (the old midpoint rule's
        // pattern) ends with the interval it had, not a 500-day one.
        let interview = Some(day("2026-03-20"));
        let mut card = reviewed();
        card = apply(&card, grade(5), Mode::Review, day("2026-03-08"), &sm2(interview)).after;
        let settled = card.sm2.interval;
        for offset in 1..=10 {
            let today = day("2026-03-08") + chrono::Days::new(offset);
            card = apply(&card, grade(5), Mode::Review, today, &sm2(interview)).after;
        }
        assert!(card.sm2.interval <= 2 * settled + 10, "interval {}", card.sm2.interval);
    }

    #[test]
    fn review_and_mock_always_set_the_schedule_and_count_lapses() {
        let today = day("2026-03-03");
        for mode in [Mode::Review, Mode::Mock] {
            let update = apply(&reviewed(), grade(1), mode, today, &sm2(None));
            assert_eq!(update.effect, Effect::Review);
            assert_eq!(update.after.lapses, 1);
            assert_eq!(update.after.last_grade, Some(grade(1)));
            assert_eq!(update.after.due, Some(day("2026-03-04")));
            assert_eq!(update.after.first_reviewed, Some(day("2026-03-01")));
        }
    }

    #[test]
    fn a_review_of_a_card_waiting_for_the_last_day_counts_as_its_final_review() {
        // Due on the last day (03-19) and reviewed two days before it: when its estimate
        // for the interview is then 0.97 or more it keeps SM-2's date; the same card due
        // elsewhere is topped up on the last day, as any card below 0.99.
        let interview = Some(day("2026-03-20"));
        let rules = sm2(interview);
        let mut differed = 0;
        for stability in (4..80).map(f64::from) {
            let waiting = Progress {
                due: Some(day("2026-03-19")),
                memory: Some(crate::domain::Memory {
                    stability,
                    difficulty: 5.0,
                    day: day("2026-03-08"),
                }),
                last_reviewed: Some(day("2026-03-08")),
                ..reviewed()
            };
            let elsewhere = Progress {
                due: Some(day("2026-03-17")),
                ..waiting
            };
            let on = day("2026-03-17");
            let (brought, plain) = (
                apply(&waiting, grade(4), Mode::Review, on, &rules).after,
                apply(&elsewhere, grade(4), Mode::Review, on, &rules).after,
            );
            let recall = rules.recall_estimate(&brought, day("2026-03-20"));
            let last_day = Some(day("2026-03-19"));
            if recall >= deadline::BROUGHT_FORWARD_HOLDS {
                assert!(brought.due > last_day, "stability {stability}: {brought:?}");
            } else {
                assert_eq!(brought.due, last_day, "stability {stability}");
            }
            if recall < deadline::TOP_UP_BELOW {
                assert_eq!(plain.due, last_day, "stability {stability}");
            }
            differed += usize::from(brought.due != plain.due);
        }
        assert!(differed > 0, "some stability lands between 0.97 and 0.99");
    }
}

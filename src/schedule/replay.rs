//! A card's progress from its whole review log: every logged grade applied again, in order,
//! through [`apply`] — schedule-setting ones as reviews, the rest as practice. What a
//! switch of scheduler, a refit of FSRS, or a merged log needs.

use super::grade::{Mode, Rules, apply};
use crate::domain::{Effect, LoggedGrade, Progress};

/// The progress a card's log leads to under `rules` (a card never graded stays new).
#[must_use]
pub fn replay(log: &[LoggedGrade], rules: &Rules) -> Progress {
    log.iter().fold(Progress::default(), |card, logged| {
        let mode = match logged.effect {
            Effect::Review => Mode::Review,
            Effect::Practice => Mode::Practice,
        };
        apply(&card, logged.grade, mode, logged.day, rules).after
    })
}

#[cfg(test)]
mod tests {
    use chrono::{Days, NaiveDate};
    use proptest::prelude::*;

    use super::*;
    use crate::domain::{Grade, Scheduler};
    use crate::schedule::fsrs::default_model;

    fn rules(scheduler: Scheduler, interview: Option<NaiveDate>) -> Rules<'static> {
        Rules {
            interview,
            scheduler,
            model: default_model(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

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
                log.push(LoggedGrade { day, grade, effect: update.effect });
                card = update.after;
            }
            prop_assert_eq!(replay(&log, &rules), card);
        }
    }

    #[test]
    fn an_empty_log_is_a_new_card() {
        assert_eq!(replay(&[], &rules(Scheduler::Fsrs, None)), Progress::default());
    }
}

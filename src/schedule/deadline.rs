//! The interview date as part of the schedule: the last day before the interview, when
//! every card that needs it is reviewed once more (the final top-up, which reviews due in
//! the days just before it wait for), the longer first step of a card recalled well on
//! first sight, and the new-card pace that shows every card in time.
//! The numbers below are the ones the interview-morning simulation
//! (`examples/simulate.rs`) chose; the README gives its figures.

use chrono::NaiveDate;

use crate::domain::Grade;

/// A card whose recall estimate for the interview day is below this is brought back the
/// day before the interview.
pub const TOP_UP_BELOW: f64 = 0.99;

/// A learned card (two or more repetitions) whose next review would fall this many days
/// or fewer before the last day waits for the last day instead: one review there does the
/// work of two.
pub const HOLD_LEARNED_DAYS: u64 = 5;

/// The same for a card just learned (one repetition) and recalled well (4 or 5): its
/// first step waits for the last day when it falls this close to it.
pub const HOLD_FRESH_DAYS: u64 = 2;

/// Under SM-2, while the interview's last day is ahead, a card just learned and recalled
/// well takes its first step after this many days instead of SM-2's one: a card recalled
/// well on first sight still holds it days later, and a review after a longer wait makes
/// its memory last longer (FSRS's default model starts such a card at 2.3 days' stability,
/// 8.3 when easy).
pub const FIRST_STEP_GOOD_DAYS: u32 = 2;
/// The same for a card graded 5.
pub const FIRST_STEP_EASY_DAYS: u32 = 4;

/// New cards are spread so that every one has been seen this many days before the
/// interview, leaving time for its first steps before the last day.
pub const SEEN_DAYS_BEFORE: i64 = 4;

/// What the rules for the last days need to know of a card after a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reviewed {
    /// The day of the review.
    pub on: NaiveDate,
    /// The grade it was given, and the card's successful repetitions after it.
    pub grade: Grade,
    pub repetitions: u32,
}

impl Reviewed {
    /// How many days before the last day a next review may fall and still wait for it.
    fn hold_days(&self) -> u64 {
        match self.repetitions {
            1 if self.grade.value() >= 4 => HOLD_FRESH_DAYS,
            0 | 1 => 0,
            _ => HOLD_LEARNED_DAYS,
        }
    }

    /// The first step of a card just learned and recalled well, in days.
    fn first_step(&self) -> Option<u32> {
        match (self.repetitions, self.grade.value()) {
            (1, 5) => Some(FIRST_STEP_EASY_DAYS),
            (1, 4) => Some(FIRST_STEP_GOOD_DAYS),
            _ => None,
        }
    }
}

/// The last day before the interview (F = D − 1), when there is one.
#[must_use]
pub fn final_day(interview: NaiveDate) -> Option<NaiveDate> {
    interview.pred_opt()
}

/// SM-2's interval after `review`, with the interview's first step: while the last day
/// before the interview is still ahead of the review, a card just learned and recalled
/// well (one repetition, graded 4 or 5) waits [`FIRST_STEP_GOOD_DAYS`] (graded 4) or
/// [`FIRST_STEP_EASY_DAYS`] (graded 5) instead of `interval`'s one day. Only the due date
/// moves: the next review is a late one for SM-2, which grows the interval as usual.
#[must_use]
pub fn sm2_interval(interval: u32, review: Reviewed, interview: Option<NaiveDate>) -> u32 {
    let last_day_ahead = interview
        .and_then(final_day)
        .is_some_and(|last_day| review.on < last_day);
    match review.first_step() {
        Some(step) if last_day_ahead => interval.max(step),
        _ => interval,
    }
}

/// Where the next review goes once the interview is near. After a schedule-setting review
/// on `review.on` that leaves the next review on `next_due`, with the interview's last day
/// F ahead:
///
/// - the final top-up (SPEC "Interview deadline"): when F falls strictly between the
///   review and `next_due` and `recall_on(interview)`, the card's recall estimate for the
///   interview day, is below [`TOP_UP_BELOW`], the card is due on F;
/// - the hold: when `next_due` falls in the few days just before F (see
///   [`HOLD_LEARNED_DAYS`], [`HOLD_FRESH_DAYS`]), the card waits for F, so that the review
///   there serves as both.
///
/// A review on F itself, or from the interview day on, keeps `next_due`.
#[must_use]
pub fn final_top_up(
    next_due: NaiveDate,
    review: Reviewed,
    interview: Option<NaiveDate>,
    recall_on: impl FnOnce(NaiveDate) -> f64,
) -> NaiveDate {
    let Some((interview, last_day)) = interview.and_then(|d| Some((d, final_day(d)?))) else {
        return next_due;
    };
    if review.on >= last_day {
        return next_due;
    }
    if next_due > last_day {
        return if recall_on(interview) < TOP_UP_BELOW {
            last_day
        } else {
            next_due
        };
    }
    let days_before = (last_day - next_due).num_days();
    if next_due < last_day && days_before <= review.hold_days() as i64 {
        last_day
    } else {
        next_due
    }
}

/// Whether a deck's interview is today or tomorrow: then no card of it waits for another
/// day (the session limit does not cut it).
#[must_use]
pub fn interview_is_imminent(interview: Option<NaiveDate>, today: NaiveDate) -> bool {
    interview.is_some_and(|d| d >= today && (d - today).num_days() <= 1)
}

/// How many new cards a deck introduces today: at least `per_day`; with an interview ahead
/// at least `⌈unseen / max(1, days_left − 3)⌉`, so that every card is seen
/// [`SEEN_DAYS_BEFORE`] days before the interview (all of them today when fewer days are
/// left), where `unseen` is counted at the start of the day (cards first reviewed today
/// still count); on the interview day itself every card not yet seen.
#[must_use]
pub fn new_card_quota(
    per_day: usize,
    unseen_at_start_of_day: usize,
    today: NaiveDate,
    interview: Option<NaiveDate>,
) -> usize {
    match interview {
        Some(interview) if interview > today => {
            let days_left = (interview - today).num_days();
            let spread_over = (days_left - SEEN_DAYS_BEFORE + 1).max(1) as usize;
            per_day.max(unseen_at_start_of_day.div_ceil(spread_over))
        }
        Some(interview) if interview == today => per_day.max(unseen_at_start_of_day),
        _ => per_day,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::day;

    const FORGETTABLE: fn(NaiveDate) -> f64 = |_| 0.5;

    /// A review on `on` graded `grade`, leaving `repetitions`.
    fn reviewed(on: &str, grade: u8, repetitions: u32) -> Reviewed {
        Reviewed {
            on: day(on),
            grade: Grade::new(grade).unwrap(),
            repetitions,
        }
    }

    #[test]
    fn a_card_due_after_the_last_day_comes_back_on_it() {
        let interview = Some(day("2026-03-21"));
        let review = reviewed("2026-03-01", 4, 3);
        // SM-2 says 03-30; the last day before the interview is 03-20.
        assert_eq!(
            final_top_up(day("2026-03-30"), review, interview, FORGETTABLE),
            day("2026-03-20")
        );
        // Due well before the last day: SM-2's date stands.
        assert_eq!(
            final_top_up(day("2026-03-10"), review, interview, FORGETTABLE),
            day("2026-03-10")
        );
        assert_eq!(
            final_top_up(day("2026-03-20"), review, interview, FORGETTABLE),
            day("2026-03-20")
        );
    }

    #[test]
    fn a_card_sure_to_be_recalled_keeps_its_date() {
        let interview = Some(day("2026-03-11"));
        let review = reviewed("2026-03-01", 4, 3);
        assert_eq!(
            final_top_up(day("2026-05-01"), review, interview, |_| 0.995),
            day("2026-05-01")
        );
        assert_eq!(
            final_top_up(day("2026-05-01"), review, interview, |_| 0.989),
            day("2026-03-10"),
            "just below the threshold"
        );
    }

    #[test]
    fn the_estimate_is_asked_for_the_interview_day() {
        let interview = day("2026-03-11");
        let mut asked = None;
        let _ = final_top_up(day("2026-04-01"), reviewed("2026-03-01", 4, 3), Some(interview), |d| {
            asked = Some(d);
            0.0
        });
        assert_eq!(asked, Some(interview));
    }

    #[test]
    fn a_review_due_just_before_the_last_day_waits_for_it() {
        let interview = Some(day("2026-03-21"));
        let learned = reviewed("2026-03-01", 3, 2);
        // Five days or fewer before the last day (03-20): held until it.
        for due in ["2026-03-15", "2026-03-17", "2026-03-19"] {
            assert_eq!(
                final_top_up(day(due), learned, interview, FORGETTABLE),
                day("2026-03-20"),
                "due {due}"
            );
        }
        assert_eq!(
            final_top_up(day("2026-03-14"), learned, interview, FORGETTABLE),
            day("2026-03-14"),
            "six days before: kept"
        );
        // A card just learned and recalled well waits when two days or fewer remain.
        let fresh = reviewed("2026-03-16", 4, 1);
        assert_eq!(
            final_top_up(day("2026-03-18"), fresh, interview, FORGETTABLE),
            day("2026-03-20")
        );
        assert_eq!(
            final_top_up(day("2026-03-17"), reviewed("2026-03-15", 5, 1), interview, FORGETTABLE),
            day("2026-03-17"),
            "three days before: its step stands"
        );
        // Hard or failed cards keep their next day.
        for (grade, repetitions) in [(3, 1), (1, 0)] {
            let weak = reviewed("2026-03-16", grade, repetitions);
            assert_eq!(
                final_top_up(day("2026-03-17"), weak, interview, FORGETTABLE),
                day("2026-03-17"),
                "grade {grade}"
            );
        }
    }

    #[test]
    fn a_card_recalled_well_on_first_sight_takes_a_longer_first_step() {
        let interview = Some(day("2026-03-21"));
        // SM-2's first step is one day; with the last day (03-20) ahead, a 4 waits two
        // days and a 5 four.
        assert_eq!(sm2_interval(1, reviewed("2026-03-01", 4, 1), interview), 2);
        assert_eq!(sm2_interval(1, reviewed("2026-03-01", 5, 1), interview), 4);
        assert_eq!(
            sm2_interval(1, reviewed("2026-03-19", 5, 1), interview),
            4,
            "the top-up then brings it back on 03-20"
        );
        // A hard or failed first review, a learned card, no interview, or a review on or
        // after the last day: SM-2's interval stands.
        assert_eq!(sm2_interval(1, reviewed("2026-03-01", 3, 1), interview), 1);
        assert_eq!(sm2_interval(1, reviewed("2026-03-01", 1, 0), interview), 1);
        assert_eq!(sm2_interval(6, reviewed("2026-03-01", 5, 2), interview), 6);
        assert_eq!(sm2_interval(1, reviewed("2026-03-01", 5, 1), None), 1);
        assert_eq!(sm2_interval(1, reviewed("2026-03-20", 5, 1), interview), 1);
        assert_eq!(sm2_interval(1, reviewed("2026-03-25", 4, 1), interview), 1);
    }

    #[test]
    fn nothing_moves_on_the_last_day_or_from_the_interview_on() {
        let interview = Some(day("2026-03-11"));
        for today in ["2026-03-10", "2026-03-11", "2026-03-20"] {
            let review = reviewed(today, 4, 3);
            assert_eq!(
                final_top_up(day("2026-04-01"), review, interview, FORGETTABLE),
                day("2026-04-01"),
                "reviewed {today}"
            );
        }
        let review = reviewed("2026-03-01", 4, 3);
        assert_eq!(
            final_top_up(day("2026-04-01"), review, None, FORGETTABLE),
            day("2026-04-01")
        );
        // An interview tomorrow: today is the last day, nothing is pulled.
        assert_eq!(
            final_top_up(day("2026-04-01"), review, Some(day("2026-03-02")), FORGETTABLE),
            day("2026-04-01")
        );
        // The calendar's first day has no day before it.
        let first = Reviewed {
            on: NaiveDate::MIN,
            ..review
        };
        assert_eq!(
            final_top_up(NaiveDate::MAX, first, Some(NaiveDate::MIN), FORGETTABLE),
            NaiveDate::MAX
        );
    }

    #[test]
    fn pacing_shows_every_card_four_days_before_the_interview() {
        let today = day("2026-03-01");
        // Ten days left: spread over the seven days up to 03-07, four days before 03-11.
        assert_eq!(new_card_quota(10, 140, today, Some(day("2026-03-11"))), 20);
        assert_eq!(new_card_quota(10, 12, today, Some(day("2026-03-11"))), 10);
        // Four days or fewer left: every unseen card today.
        assert_eq!(new_card_quota(10, 30, today, Some(day("2026-03-05"))), 30);
        assert_eq!(new_card_quota(10, 30, today, Some(day("2026-03-02"))), 30);
        assert_eq!(new_card_quota(3, 30, today, None), 3);
        assert_eq!(
            new_card_quota(3, 30, today, Some(day("2026-02-20"))),
            3,
            "after the interview"
        );
    }

    #[test]
    fn on_the_interview_day_every_unseen_card_is_introduced() {
        let today = day("2026-03-01");
        assert_eq!(new_card_quota(10, 300, today, Some(today)), 300);
        assert_eq!(new_card_quota(10, 4, today, Some(today)), 10);
    }

    #[test]
    fn an_interview_today_or_tomorrow_is_imminent() {
        let today = day("2026-03-01");
        assert!(interview_is_imminent(Some(today), today));
        assert!(interview_is_imminent(Some(day("2026-03-02")), today));
        assert!(!interview_is_imminent(Some(day("2026-03-03")), today));
        assert!(!interview_is_imminent(Some(day("2026-02-28")), today));
        assert!(!interview_is_imminent(None, today));
    }
}

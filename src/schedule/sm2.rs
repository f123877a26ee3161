//! SuperMemo-2 as SPEC §3 reads it: where a grade turns into ease, interval and a due
//! date. Pure functions of (state, grade, day).

use chrono::{Days, NaiveDate};

pub use crate::domain::card::{LAST_DAY, MAX_INTERVAL, MIN_EASE};
use crate::domain::{Grade, Sm2};

/// What one review did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub state: Sm2,
    /// The day plain SM-2 schedules the next review.
    pub due: NaiveDate,
    /// The grade was below 3.
    pub lapsed: bool,
}

/// Applies one graded review on `today`, on or after the card's SM-2 due date.
#[must_use]
pub fn review(before: Sm2, grade: Grade, today: NaiveDate) -> Outcome {
    review_after(before, grade, today, None)
}

/// Applies one graded review on `today` of a card whose last schedule-setting review was
/// `last_reviewed`. A passed review of a learned card (n ≥ 2) before its SM-2 due date
/// (`last_reviewed` + I) grows the interval from the days actually elapsed, e:
/// I = max(I, ⌈e × EF⌉), so reviewing early never inflates an interval. On or after the
/// due date this is plain SM-2.
#[must_use]
pub fn review_after(before: Sm2, grade: Grade, today: NaiveDate, last_reviewed: Option<NaiveDate>) -> Outcome {
    let q = f64::from(grade.value());
    let (interval, repetitions) = if grade.passed() {
        let interval = match before.repetitions {
            0 => 1,
            1 => 6,
            _ => match early_by(before.interval, today, last_reviewed) {
                Some(elapsed) => before.interval.max(ceil_product(elapsed, before.ease)),
                None => grow(before.interval, before.ease),
            },
        };
        (interval, before.repetitions + 1)
    } else {
        (1, 0)
    };
    let miss = 5.0 - q;
    let ease = (before.ease + 0.1 - miss * (0.08 + miss * 0.02)).max(MIN_EASE);
    let state = Sm2 {
        ease: round_ease(ease),
        interval: interval.min(MAX_INTERVAL),
        repetitions,
    };
    Outcome {
        state,
        due: add_days(today, state.interval),
        lapsed: !grade.passed(),
    }
}

/// The days elapsed since the last schedule-setting review, when `today` is before the
/// SM-2 due date that review set; `None` on or after it (or for a card never reviewed). A
/// clock that went back before the last review counts as no time elapsed.
fn early_by(interval: u32, today: NaiveDate, last_reviewed: Option<NaiveDate>) -> Option<u32> {
    let elapsed = (today - last_reviewed?).num_days().max(0);
    (elapsed < i64::from(interval)).then_some(elapsed as u32)
}

/// `⌈interval × ease⌉` for a grown interval (at least one day).
fn grow(interval: u32, ease: f64) -> u32 {
    ceil_product(interval.max(1), ease)
}

/// `⌈days × ease⌉`, where a product within 1e-9 of a whole number is that number, so
/// float noise never adds a day; capped at [`MAX_INTERVAL`].
fn ceil_product(days: u32, ease: f64) -> u32 {
    let product = f64::from(days) * ease;
    let nearest = product.round();
    let days = if (product - nearest).abs() < 1e-9 {
        nearest
    } else {
        product.ceil()
    };
    if days >= f64::from(MAX_INTERVAL) {
        MAX_INTERVAL
    } else {
        days as u32
    }
}

/// Every SM-2 easiness is a whole number of hundredths; rounding there drops float noise
/// (2.6000000000000005 → 2.6) without changing any result.
fn round_ease(ease: f64) -> f64 {
    (ease * 100.0).round() / 100.0
}

/// `day + n`, saturating at the last day prepdeck writes rather than failing.
#[must_use]
pub fn add_days(day: NaiveDate, n: u32) -> NaiveDate {
    day.checked_add_days(Days::new(u64::from(n)))
        .map_or(LAST_DAY, |later| later.min(LAST_DAY))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::day;

    /// Runs a grade sequence one review a day apart and returns (interval, ease) after each.
    fn run(grades: &[u8]) -> Vec<(u32, f64)> {
        let mut state = Sm2::default();
        let mut today = day("2026-01-01");
        grades
            .iter()
            .map(|&g| {
                let out = review(state, Grade::new(g).unwrap(), today);
                state = out.state;
                today = out.due;
                (state.interval, state.ease)
            })
            .collect()
    }

    #[test]
    fn the_spec_vectors_hold() {
        let cases: &[(&[u8], &[u32], &[f64])] = &[
            (&[5, 5, 5, 5, 5], &[1, 6, 17, 48, 140], &[2.6, 2.7, 2.8, 2.9, 3.0]),
            (&[3, 3, 3, 3, 3], &[1, 6, 14, 30, 59], &[2.36, 2.22, 2.08, 1.94, 1.8]),
            (&[5, 0, 5, 5, 5], &[1, 1, 1, 6, 12], &[2.6, 1.8, 1.9, 2.0, 2.1]),
            (&[4, 4, 4, 4], &[1, 6, 15, 38], &[2.5, 2.5, 2.5, 2.5]),
            (&[0, 0, 0, 0, 0], &[1, 1, 1, 1, 1], &[1.7, 1.3, 1.3, 1.3, 1.3]),
            (&[2, 5], &[1, 1], &[2.18, 2.28]),
        ];
        for (grades, intervals, eases) in cases {
            let got = run(grades);
            let got_intervals: Vec<u32> = got.iter().map(|g| g.0).collect();
            let got_eases: Vec<f64> = got.iter().map(|g| g.1).collect();
            assert_eq!(&got_intervals, intervals, "intervals for {grades:?}");
            assert_eq!(&got_eases, eases, "eases for {grades:?}");
        }
    }

    #[test]
    fn a_product_just_above_a_whole_number_adds_no_day() {
        // 6 × 2.0 computed from an ease that drifted in floating point is still 12.
        assert_eq!(grow(6, 1.8 + 0.1 + 0.1), 12);
        assert_eq!(grow(10, 1.3 + 0.2), 15);
        assert_eq!(grow(6, 2.7), 17);
    }

    #[test]
    fn a_lapse_resets_repetitions_and_counts() {
        let state = Sm2 {
            ease: 2.5,
            interval: 40,
            repetitions: 4,
        };
        let out = review(state, Grade::new(1).unwrap(), day("2026-03-01"));
        assert!(out.lapsed);
        assert_eq!(out.state.repetitions, 0);
        assert_eq!(out.state.interval, 1);
        assert_eq!(out.due, day("2026-03-02"));
    }

    #[test]
    fn intervals_stop_at_the_cap() {
        let state = Sm2 {
            ease: 3.0,
            interval: 30_000,
            repetitions: 9,
        };
        let out = review(state, Grade::new(5).unwrap(), day("2026-03-01"));
        assert_eq!(out.state.interval, MAX_INTERVAL);
        assert_eq!(out.due, add_days(day("2026-03-01"), MAX_INTERVAL));
    }

    #[test]
    fn an_early_review_grows_the_interval_from_the_days_elapsed() {
        let learned = Sm2 {
            ease: 2.5,
            interval: 15,
            repetitions: 3,
        };
        let last = Some(day("2026-03-01"));
        let good = Grade::new(4).unwrap();
        // Four days in: ⌈4 × 2.5⌉ = 10 is shorter than 15, so the interval stays 15.
        let early = review_after(learned, good, day("2026-03-05"), last);
        assert_eq!(early.state.interval, 15);
        assert_eq!(early.due, day("2026-03-20"));
        assert_eq!(early.state.repetitions, 4, "n grows as usual");
        // Ten days in: ⌈10 × 2.5⌉ = 25.
        assert_eq!(review_after(learned, good, day("2026-03-11"), last).state.interval, 25);
        // On the due day, and late, it is plain SM-2: ⌈15 × 2.5⌉ = 38.
        assert_eq!(review_after(learned, good, day("2026-03-16"), last).state.interval, 38);
        assert_eq!(review_after(learned, good, day("2026-03-30"), last).state.interval, 38);
        // The same day, or a clock that went back: nothing elapsed, the interval stays.
        assert_eq!(review_after(learned, good, day("2026-03-01"), last).state.interval, 15);
        assert_eq!(review_after(learned, good, day("2026-02-20"), last).state.interval, 15);
    }

    #[test]
    fn early_reviews_keep_the_learning_steps_and_lapses_and_update_ease() {
        let last = Some(day("2026-03-01"));
        let step = Sm2 {
            ease: 2.5,
            interval: 1,
            repetitions: 1,
        };
        assert_eq!(
            review_after(step, Grade::new(5).unwrap(), day("2026-03-01"), last)
                .state
                .interval,
            6,
            "the 6-day step is not an early review"
        );
        let learned = Sm2 {
            ease: 2.5,
            interval: 15,
            repetitions: 3,
        };
        let failed = review_after(learned, Grade::new(1).unwrap(), day("2026-03-03"), last);
        assert!(failed.lapsed);
        assert_eq!((failed.state.interval, failed.state.repetitions), (1, 0));
        let easy = review_after(learned, Grade::new(5).unwrap(), day("2026-03-03"), last);
        assert!((easy.state.ease - 2.6).abs() < 1e-12, "EF updates as usual");
    }

    #[test]
    fn the_ease_floor_holds() {
        let state = Sm2 {
            ease: 1.3,
            interval: 6,
            repetitions: 2,
        };
        let out = review(state, Grade::new(3).unwrap(), day("2026-03-01"));
        assert!((out.state.ease - MIN_EASE).abs() < f64::EPSILON);
        assert_eq!(out.state.interval, 8, "⌈6 × 1.3⌉ uses the ease from before the review");
    }
}

//! SuperMemo-2 as SPEC §3 reads it: where a grade turns into ease, interval and a due
//! date. Pure functions of (state, grade, day).

use chrono::{Days, NaiveDate};

pub use crate::domain::card::{LAST_DAY, MAX_INTERVAL, MIN_EASE, START_EASE};
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

/// Applies one graded review on `today`.
#[must_use]
pub fn review(before: Sm2, grade: Grade, today: NaiveDate) -> Outcome {
    let q = f64::from(grade.value());
    let (interval, repetitions) = if grade.passed() {
        let interval = match before.repetitions {
            0 => 1,
            1 => 6,
            _ => grow(before.interval, before.ease),
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

/// `⌈interval × ease⌉`, where a product within 1e-9 of a whole number is that number, so
/// float noise never adds a day.
fn grow(interval: u32, ease: f64) -> u32 {
    let product = f64::from(interval.max(1)) * ease;
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

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

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

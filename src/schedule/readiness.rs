//! Readiness (SPEC §4): how much of a deck the user would recall on a target day.

use chrono::NaiveDate;

use crate::domain::Progress;

/// The day readiness is measured for: the interview while it is ahead, else today.
#[must_use]
pub fn target_day(interview: Option<NaiveDate>, today: NaiveDate) -> NaiveDate {
    interview.filter(|d| *d >= today).unwrap_or(today)
}

/// The estimated chance of recalling a card on `target`: 0 when never reviewed or last
/// failed, otherwise `0.9 ^ ((target − last review) / interval)`.
#[must_use]
pub fn recall_estimate(card: &Progress, target: NaiveDate) -> f64 {
    match (card.last_reviewed, card.last_grade) {
        (Some(reviewed), Some(grade)) if grade.passed() && card.sm2.interval > 0 => {
            decay((target - reviewed).num_days() as f64, f64::from(card.sm2.interval))
        }
        _ => 0.0,
    }
}

/// `0.9 ^ (elapsed / interval)` for a passed card; days before the review count as none.
fn decay(elapsed_days: f64, interval: f64) -> f64 {
    if interval <= 0.0 {
        return 0.0;
    }
    0.9_f64.powf(elapsed_days.max(0.0) / interval)
}

/// A deck's readiness on a target day, built up one active card at a time: the mean
/// recall estimate as a percentage (0 for an empty deck).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Readiness {
    target: NaiveDate,
    sum: f64,
    cards: u32,
}

impl Readiness {
    #[must_use]
    pub fn on(target: NaiveDate) -> Readiness {
        Readiness {
            target,
            sum: 0.0,
            cards: 0,
        }
    }

    /// The day this tally measures for.
    #[must_use]
    pub fn target(&self) -> NaiveDate {
        self.target
    }

    /// Counts one active card whose chance of recall on the target day is `recall`.
    pub fn add(&mut self, recall: f64) {
        self.sum += recall;
        self.cards += 1;
    }

    /// How many of the cards are expected to be recalled on the target day.
    #[must_use]
    pub fn expected(&self) -> f64 {
        self.sum
    }

    #[must_use]
    pub fn cards(&self) -> u32 {
        self.cards
    }

    #[must_use]
    pub fn percent(&self) -> f64 {
        if self.cards == 0 {
            0.0
        } else {
            100.0 * self.sum / f64::from(self.cards)
        }
    }
}

/// A deck's readiness on `target` over the given active cards under SM-2, as a percentage.
#[must_use]
pub fn readiness<'a>(cards: impl IntoIterator<Item = &'a Progress>, target: NaiveDate) -> f64 {
    let mut tally = Readiness::on(target);
    for card in cards {
        tally.add(recall_estimate(card, target));
    }
    tally.percent()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Grade;

    use crate::testing::day;

    fn card(reviewed: &str, grade: u8, interval: u32) -> Progress {
        let mut card = Progress {
            last_reviewed: Some(day(reviewed)),
            last_grade: Grade::new(grade),
            ..Progress::default()
        };
        card.sm2.interval = interval;
        card
    }

    #[test]
    fn recall_decays_by_a_tenth_per_interval() {
        let c = card("2026-03-01", 4, 6);
        assert!((recall_estimate(&c, day("2026-03-01")) - 1.0).abs() < 1e-12);
        assert!((recall_estimate(&c, day("2026-03-07")) - 0.9).abs() < 1e-12);
        assert!((recall_estimate(&c, day("2026-03-13")) - 0.81).abs() < 1e-12);
    }

    #[test]
    fn unseen_and_failed_cards_count_as_forgotten() {
        assert!(recall_estimate(&Progress::default(), day("2026-03-01")).abs() < f64::EPSILON);
        assert!(recall_estimate(&card("2026-03-01", 2, 1), day("2026-03-01")).abs() < f64::EPSILON);
    }

    #[test]
    fn deck_readiness_is_the_mean_percentage() {
        let cards = [card("2026-03-01", 5, 6), card("2026-03-01", 1, 1)];
        assert!((readiness(&cards, day("2026-03-07")) - 45.0).abs() < 1e-9);
        assert!(readiness([], day("2026-03-07")).abs() < f64::EPSILON);
    }

    #[test]
    fn the_tally_says_how_many_cards_are_expected_to_be_recalled() {
        let mut tally = Readiness::on(day("2026-03-07"));
        for recall in [0.9, 0.5, 0.0, 1.0] {
            tally.add(recall);
        }
        assert!((tally.expected() - 2.4).abs() < 1e-9);
        assert_eq!(tally.cards(), 4);
        assert!((tally.percent() - 60.0).abs() < 1e-9);
    }
}

/// Consecutive days with a review, ending today or yesterday (a streak is not broken
/// until a whole day passes without practice). `days` may come in any order.
#[must_use]
pub fn streak(days: &[NaiveDate], today: NaiveDate) -> u32 {
    let set: std::collections::HashSet<NaiveDate> = days.iter().copied().collect();
    let Some(mut day) = [Some(today), today.pred_opt()]
        .into_iter()
        .flatten()
        .find(|d| set.contains(d))
    else {
        return 0;
    };
    let mut count = 0;
    while set.contains(&day) {
        count += 1;
        match day.pred_opt() {
            Some(previous) => day = previous,
            None => break,
        }
    }
    count
}

/// The share of reviews graded 3 or more, or `None` when there were none.
#[must_use]
pub fn retention(passed: u32, total: u32) -> Option<f64> {
    (total > 0).then(|| f64::from(passed) / f64::from(total))
}

#[cfg(test)]
mod streak_tests {
    use super::*;

    use crate::testing::day;

    #[test]
    fn a_streak_ends_today_or_yesterday_and_stops_at_a_gap() {
        let days = [
            day("2026-03-10"),
            day("2026-03-09"),
            day("2026-03-08"),
            day("2026-03-06"),
        ];
        assert_eq!(streak(&days, day("2026-03-10")), 3);
        assert_eq!(streak(&days, day("2026-03-11")), 3, "yesterday still counts");
        assert_eq!(streak(&days, day("2026-03-12")), 0);
        assert_eq!(streak(&[], day("2026-03-12")), 0);
    }

    #[test]
    fn retention_is_a_share_or_nothing() {
        assert_eq!(retention(3, 4), Some(0.75));
        assert_eq!(retention(0, 0), None);
    }
}

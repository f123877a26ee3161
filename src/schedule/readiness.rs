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

/// Consecutive days kept, ending today or yesterday (a streak is not broken until a whole
/// day passes without practice): each a day with a review, or a day with nothing due, which
/// keeps a streak rather than breaking it. The streak starts on a day with a review and
/// counts every day from then. `days` are the days with a review, newest first;
/// `nothing_due(from, to)` says whether nothing was due on any day from `from` to `to`, days
/// without a review, and is asked about each such stretch back from the newest.
pub fn streak<E>(
    days: &[NaiveDate],
    today: NaiveDate,
    mut nothing_due: impl FnMut(NaiveDate, NaiveDate) -> Result<bool, E>,
) -> Result<u32, E> {
    let end = if days.first() == Some(&today) {
        today
    } else {
        match today.pred_opt() {
            Some(yesterday) => yesterday,
            None => return Ok(0),
        }
    };
    // The latest day not yet known to be kept, and the earliest review day of the streak.
    let mut open = Some(end);
    let mut start = None;
    for &day in days.iter().filter(|d| **d <= end) {
        let Some(latest) = open else { break };
        if day < latest {
            let Some(gap_start) = day.succ_opt() else { break };
            if !nothing_due(gap_start, latest)? {
                break;
            }
        }
        start = Some(day);
        open = day.pred_opt();
    }
    Ok(start.map_or(0, |start| (end - start).num_days() as u32 + 1))
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

    /// The streak when every day without a review had something due.
    fn strict(days: &[NaiveDate], today: NaiveDate) -> u32 {
        streak(days, today, |_, _| Ok::<_, ()>(false)).unwrap()
    }

    #[test]
    fn a_streak_ends_today_or_yesterday_and_stops_at_a_gap() {
        let days = [
            day("2026-03-10"),
            day("2026-03-09"),
            day("2026-03-08"),
            day("2026-03-06"),
        ];
        assert_eq!(strict(&days, day("2026-03-10")), 3);
        assert_eq!(strict(&days, day("2026-03-11")), 3, "yesterday still counts");
        assert_eq!(strict(&days, day("2026-03-12")), 0);
        assert_eq!(strict(&[], day("2026-03-12")), 0);
    }

    #[test]
    fn a_day_with_nothing_due_keeps_the_streak() {
        // Reviews every other day; the days between had nothing due.
        let days = [
            day("2026-03-10"),
            day("2026-03-08"),
            day("2026-03-06"),
            day("2026-03-03"),
        ];
        let free = |from: NaiveDate, to: NaiveDate| -> Result<bool, ()> {
            // Nothing was due on the 7th and 9th; the 4th and 5th had a card due.
            Ok(from >= day("2026-03-07") || to < day("2026-03-04"))
        };
        let mut asked = Vec::new();
        let mut recording = |from, to| {
            asked.push((from, to));
            free(from, to)
        };
        assert_eq!(
            streak(&days, day("2026-03-10"), &mut recording),
            Ok(5),
            "the 6th to the 10th"
        );
        assert_eq!(
            asked,
            [
                (day("2026-03-09"), day("2026-03-09")),
                (day("2026-03-07"), day("2026-03-07")),
                (day("2026-03-04"), day("2026-03-05"))
            ]
        );
        // Today without a review yet: the streak runs to yesterday, kept by nothing due.
        assert_eq!(streak(&days, day("2026-03-11"), free), Ok(5));
        assert_eq!(
            streak(&days, day("2026-03-12"), free),
            Ok(6),
            "nothing due on the 11th either"
        );
        assert_eq!(
            streak(&days, day("2026-03-12"), |from, _| Ok::<_, ()>(
                from != day("2026-03-11")
            )),
            Ok(0),
            "a card due on the 11th and not reviewed ends it"
        );
    }

    #[test]
    fn retention_is_a_share_or_nothing() {
        assert_eq!(retention(3, 4), Some(0.75));
        assert_eq!(retention(0, 0), None);
    }
}

//! Readiness (SPEC §4): how much of a deck the user would recall on a target day.

use chrono::NaiveDate;

use super::fsrs::Model;
use crate::domain::Progress;

/// The day readiness is measured for: the interview while it is ahead, else today.
#[must_use]
pub fn target_day(interview: Option<NaiveDate>, today: NaiveDate) -> NaiveDate {
    interview.filter(|d| *d >= today).unwrap_or(today)
}

/// The estimated chance of recalling a card on `target`: 0 when never reviewed, otherwise
/// the retrievability on `target` of the card's memory as FSRS models it (`model`), from
/// the last day it was seen. That memory takes in every grade, the repeats that follow a
/// lapse in the same session included, so a card failed and then recalled counts as what
/// it is, not as forgotten; and it runs on the days the card really goes unseen, not on a
/// stored interval the interview's last days may have stretched. The simulation
/// (`examples/simulate.rs`, docs/scheduling.md) holds it to the learners' true recall.
#[must_use]
pub fn recall_estimate(card: &Progress, target: NaiveDate, model: &Model) -> f64 {
    if card.is_new() {
        return 0.0;
    }
    model.memory_of(card).map_or(0.0, |memory| model.recall(memory, target))
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

/// A deck's readiness on `target` over the given active cards, as a percentage.
#[must_use]
pub fn readiness<'a>(cards: impl IntoIterator<Item = &'a Progress>, target: NaiveDate, model: &Model) -> f64 {
    let mut tally = Readiness::on(target);
    for card in cards {
        tally.add(recall_estimate(card, target, model));
    }
    tally.percent()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Grade;

    use crate::testing::day;

    fn model() -> &'static Model {
        crate::schedule::fsrs::default_model()
    }

    /// A card graded `grades` on the given days, through the one grade path.
    fn graded(reviews: &[(&str, u8)]) -> Progress {
        let rules = crate::schedule::Rules::sm2(None, model());
        reviews.iter().fold(Progress::default(), |card, &(on, g)| {
            let mode = if card.last_reviewed == Some(day(on)) {
                crate::schedule::Mode::Practice
            } else {
                crate::schedule::Mode::Review
            };
            crate::schedule::apply(&card, Grade::new(g).unwrap(), mode, day(on), &rules).after
        })
    }

    #[test]
    fn recall_is_the_memory_s_retrievability_on_the_day() {
        let card = graded(&[("2026-03-01", 4), ("2026-03-03", 4)]);
        let memory = card.memory.unwrap();
        assert!((recall_estimate(&card, day("2026-03-03"), model()) - 1.0).abs() < 1e-9);
        let later = recall_estimate(&card, day("2026-03-13"), model());
        assert!((later - model().recall(memory, day("2026-03-13"))).abs() < 1e-12);
        assert!(later < 0.95 && later > 0.5, "{later}");
        // Ninety percent after one stability, FSRS's definition of it.
        let at_stability = day("2026-03-03") + chrono::Days::new(memory.stability.round() as u64);
        assert!((recall_estimate(&card, at_stability, model()) - 0.9).abs() < 0.01);
    }

    #[test]
    fn the_estimate_runs_on_the_days_unseen_not_on_the_stored_interval() {
        // Before an interview a card recalled well on first sight waits two days, though
        // SM-2's stored interval says one: the estimate does not care which.
        let card = graded(&[("2026-03-01", 4)]);
        let mut stretched = card;
        stretched.sm2.interval = 9;
        let target = day("2026-03-05");
        assert!((recall_estimate(&card, target, model()) - recall_estimate(&stretched, target, model())).abs() < 1e-12);
    }

    #[test]
    fn a_card_failed_then_recalled_in_the_same_session_is_not_counted_as_forgotten() {
        let failed = graded(&[("2026-03-01", 4), ("2026-03-03", 4), ("2026-03-09", 1)]);
        let relearned = graded(&[
            ("2026-03-01", 4),
            ("2026-03-03", 4),
            ("2026-03-09", 1),
            ("2026-03-09", 4),
        ]);
        assert_eq!(relearned.last_grade, failed.last_grade, "the repeat is practice");
        let tomorrow = day("2026-03-10");
        let (failed, relearned) = (
            recall_estimate(&failed, tomorrow, model()),
            recall_estimate(&relearned, tomorrow, model()),
        );
        assert!(failed > 0.0 && relearned > failed, "{failed} then {relearned}");
    }

    #[test]
    fn unseen_cards_count_as_forgotten() {
        assert!(recall_estimate(&Progress::default(), day("2026-03-01"), model()).abs() < f64::EPSILON);
    }

    #[test]
    fn deck_readiness_is_the_mean_percentage() {
        let seen = graded(&[("2026-03-01", 5)]);
        let target = day("2026-03-07");
        let expected = 100.0 * recall_estimate(&seen, target, model()) / 2.0;
        assert!((readiness(&[seen, Progress::default()], target, model()) - expected).abs() < 1e-9);
        assert!(readiness([], target, model()).abs() < f64::EPSILON);
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

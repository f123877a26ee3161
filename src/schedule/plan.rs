//! Simulating the days to an interview: every due card reviewed each day with an assumed
//! grade, new cards introduced at the deadline pace. Drives `plan` and the tests that hold
//! the deadline rule to its promise.

use chrono::NaiveDate;

use super::deadline::new_card_quota;
use super::grade::{Mode, apply};
use super::sm2::add_days;
use crate::domain::{Grade, Progress};

/// One simulated day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanDay {
    pub day: NaiveDate,
    pub reviews: usize,
    pub new: usize,
}

/// The outcome: one row per day, and the days on which each card was reviewed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Simulation {
    pub days: Vec<PlanDay>,
    pub reviewed_on: Vec<Vec<NaiveDate>>,
}

/// Simulates from `today` through `last_day`: each day every due card is graded `assumed`
/// and new cards are introduced up to the day's quota (`introduced_today` already used).
#[must_use]
pub fn simulate(
    cards: &[Progress],
    today: NaiveDate,
    last_day: NaiveDate,
    interview: Option<NaiveDate>,
    per_day: usize,
    introduced_today: usize,
    assumed: Grade,
) -> Simulation {
    let mut state: Vec<Progress> = cards.to_vec();
    let mut reviewed_on = vec![Vec::new(); cards.len()];
    let mut days = Vec::new();
    let mut day = today;
    let mut first = true;
    while day <= last_day {
        let mut reviews = 0;
        for (i, card) in state.iter_mut().enumerate() {
            if card.is_overdue_or_due(day) {
                *card = apply(card, assumed, Mode::Review, day, interview).after;
                reviewed_on[i].push(day);
                reviews += 1;
            }
        }
        let unseen = state.iter().filter(|c| c.is_new()).count() + if first { introduced_today } else { 0 };
        let used = if first { introduced_today } else { 0 };
        let quota = new_card_quota(per_day, unseen, day, interview).saturating_sub(used);
        let mut new = 0;
        for (i, card) in state.iter_mut().enumerate() {
            if new == quota {
                break;
            }
            if card.is_new() {
                *card = apply(card, assumed, Mode::Review, day, interview).after;
                reviewed_on[i].push(day);
                new += 1;
            }
        }
        days.push(PlanDay { day, reviews, new });
        first = false;
        let next = add_days(day, 1);
        if next == day {
            break;
        }
        day = next;
    }
    Simulation { days, reviewed_on }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Days;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn fresh(n: usize) -> Vec<Progress> {
        vec![Progress::default(); n]
    }

    /// Every card seen by the day before the interview, and reviewed in its last three
    /// days, for many deck sizes, lead times and grades.
    #[test]
    fn the_deadline_promise_holds_over_whole_runs() {
        let today = day("2026-03-01");
        for cards in [1, 7, 25, 60, 200] {
            for lead in 2..=30u64 {
                for grade in [3, 4, 5] {
                    let interview = today + Days::new(lead);
                    let last = interview - Days::new(1);
                    let sim = simulate(
                        &fresh(cards),
                        today,
                        last,
                        Some(interview),
                        10,
                        0,
                        Grade::new(grade).unwrap(),
                    );
                    for (i, days) in sim.reviewed_on.iter().enumerate() {
                        let first = days.first().copied();
                        assert!(
                            first.is_some_and(|d| d <= last),
                            "card {i} of {cards}, lead {lead}: unseen by {last}"
                        );
                        let window_start = interview - Days::new(3);
                        assert!(
                            days.iter().any(|d| *d >= window_start && *d < interview),
                            "card {i} of {cards}, lead {lead}, grade {grade}: not reviewed in the last three days ({days:?})"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn without_an_interview_the_plain_pace_applies() {
        let today = day("2026-03-01");
        let sim = simulate(
            &fresh(25),
            today,
            day("2026-03-03"),
            None,
            10,
            0,
            Grade::new(4).unwrap(),
        );
        let new: Vec<usize> = sim.days.iter().map(|d| d.new).collect();
        assert_eq!(new, vec![10, 10, 5]);
        assert_eq!(sim.days[1].reviews, 10, "yesterday's new cards are due after one day");
    }

    #[test]
    fn cards_introduced_earlier_today_count_against_the_quota() {
        let today = day("2026-03-01");
        let sim = simulate(&fresh(20), today, today, None, 10, 4, Grade::new(4).unwrap());
        assert_eq!(sim.days[0].new, 6);
    }
}

//! Simulating the days to an interview: every card the day plans reviewed with an assumed
//! grade, new cards introduced at the deadline pace, the last days and the daily budget
//! deciding each day through [`deadline::plan_day`], the same code `review` and `due` ask,
//! and the session limit applied as `review` applies it. Drives `plan` and the tests that
//! hold the deadline rule and the budget to their promises.

use chrono::NaiveDate;

use super::budget::Budget;
use super::deadline::{self, DeckDay, average_day, interview_is_imminent, new_card_quota};
use super::grade::{Mode, Rules, apply};
use super::sm2::add_days;
use crate::domain::{Grade, Progress};

/// One simulated day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanDay {
    pub day: NaiveDate,
    pub reviews: usize,
    pub new: usize,
    /// Of the reviews, final reviews brought forward from the last day before the
    /// interview.
    pub brought: usize,
    /// Cards the day holds beyond the session limit: shown anyway when the interview is
    /// today or tomorrow, otherwise left waiting for the next day.
    pub over_limit: usize,
    /// The interview is today or tomorrow, so the limit hides nothing.
    pub imminent: bool,
    /// The day's expected time in seconds, repeats included, when the deck has a budget.
    pub seconds: Option<f64>,
}

/// How many cards a day may hold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    /// New cards per day before the interview pace raises it.
    pub per_day: usize,
    /// New cards already introduced on the first day.
    pub introduced_today: usize,
    /// The session limit.
    pub limit: usize,
}

/// What the days before the first one left: the deck's daily budget, the cards graded on
/// each recent day (oldest first, today left out), and the seconds spent today.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Load {
    pub budget: Option<Budget>,
    pub past_days: Vec<usize>,
    pub spent_today: f64,
}

/// The outcome: one row per day, the days on which each card was reviewed, and each
/// card's progress at the end.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    pub days: Vec<PlanDay>,
    pub reviewed_on: Vec<Vec<NaiveDate>>,
    pub cards: Vec<Progress>,
}

/// Simulates from `today` through `last_day` under the deck's `rules`: each day the cards
/// the day plans ([`deadline::plan_day`]: due, brought forward, new within the pace and the
/// budget) are graded `assumed`, within the session limit unless the interview is today or
/// tomorrow.
#[must_use]
pub fn simulate(
    cards: &[Progress],
    today: NaiveDate,
    last_day: NaiveDate,
    rules: &Rules,
    pace: Pace,
    load: &Load,
    assumed: Grade,
) -> Simulation {
    let interview = rules.interview;
    let mut state: Vec<Progress> = cards.to_vec();
    let mut reviewed_on = vec![Vec::new(); cards.len()];
    let mut days = Vec::new();
    let mut past_days = load.past_days.clone();
    let mut day = today;
    let mut first = true;
    while day <= last_day {
        let imminent = interview_is_imminent(interview, day);
        let room = if imminent { usize::MAX } else { pace.limit };
        let used = if first { pace.introduced_today } else { 0 };
        let unseen = state.iter().filter(|c| c.is_new()).count() + used;
        let quota = new_card_quota(pace.per_day, unseen, day, interview).saturating_sub(used);
        let graded_before = state
            .iter()
            .filter(|c| c.last_reviewed == Some(day) || c.memory.is_some_and(|m| m.day == day))
            .count();
        let plan = deadline::plan_day(&DeckDay {
            cards: &state,
            today: day,
            rules,
            new_allowed: quota,
            budget: load.budget,
            average: average_day(&past_days),
            spent_today: if first { load.spent_today } else { 0.0 },
        });
        let new_cards: Vec<usize> = (0..state.len()).filter(|&i| state[i].is_new()).take(plan.new).collect();
        let needed = plan.seen.len() + new_cards.len();
        let chosen: Vec<usize> = plan.seen.iter().chain(&new_cards).copied().take(room).collect();
        let reviews = chosen.len().min(plan.seen.len());
        let seconds = load.budget.map(|budget| {
            chosen
                .iter()
                .map(|&i| {
                    if state[i].is_new() {
                        budget.time.new_card()
                    } else {
                        budget.time.seen_card(rules.recall_estimate(&state[i], day))
                    }
                })
                // From +0.0: an empty day is 0 seconds, not -0.
                .fold(0.0, |total, each| total + each)
        });
        for &i in &chosen {
            state[i] = apply(&state[i], assumed, Mode::Review, day, rules).after;
            reviewed_on[i].push(day);
        }
        days.push(PlanDay {
            day,
            reviews,
            new: chosen.len() - reviews,
            brought: plan.brought.min(reviews),
            over_limit: needed.saturating_sub(pace.limit),
            imminent,
            seconds,
        });
        past_days.push(graded_before + chosen.len());
        first = false;
        let next = add_days(day, 1);
        if next == day {
            break;
        }
        day = next;
    }
    Simulation {
        days,
        reviewed_on,
        cards: state,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Days;

    use crate::schedule::deadline::{BROUGHT_FORWARD_HOLDS, TOP_UP_BELOW};
    use crate::schedule::fsrs::default_model;
    use crate::schedule::readiness::recall_estimate;

    const NO_LOAD: Load = Load {
        budget: None,
        past_days: Vec::new(),
        spent_today: 0.0,
    };

    use crate::testing::day;

    fn fresh(n: usize) -> Vec<Progress> {
        vec![Progress::default(); n]
    }

    fn pace(per_day: usize, introduced_today: usize) -> Pace {
        Pace {
            per_day,
            introduced_today,
            limit: usize::MAX,
        }
    }

    /// The last days' promise over whole runs, for many deck sizes, lead times and grades:
    /// every card is seen four days before the interview (on the first day when the
    /// interview is nearer), and on the interview morning each card was either reviewed on
    /// the last day before it, or is estimated at 0.99 or more for the interview, or had
    /// its final review brought forward and is estimated at 0.97 or more.
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
                        &Rules::sm2(Some(interview), default_model()),
                        pace(10, 0),
                        &NO_LOAD,
                        Grade::new(grade).unwrap(),
                    );
                    for (i, days) in sim.reviewed_on.iter().enumerate() {
                        let seen_by = (interview - Days::new(4)).max(today);
                        let first = days.first().copied();
                        assert!(
                            first.is_some_and(|d| d <= seen_by),
                            "card {i} of {cards}, lead {lead}: unseen by {seen_by}"
                        );
                        let recall = recall_estimate(&sim.cards[i], interview, default_model());
                        assert!(
                            days.last() == Some(&last) || recall >= TOP_UP_BELOW || recall >= BROUGHT_FORWARD_HOLDS,
                            "card {i} of {cards}, lead {lead}, grade {grade}: estimate {recall:.3} and not reviewed on {last} ({days:?})"
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
            &Rules::sm2(None, default_model()),
            pace(10, 0),
            &NO_LOAD,
            Grade::new(4).unwrap(),
        );
        let new: Vec<usize> = sim.days.iter().map(|d| d.new).collect();
        assert_eq!(new, vec![10, 10, 5]);
        assert_eq!(sim.days[1].reviews, 10, "yesterday's new cards are due after one day");
    }

    #[test]
    fn before_an_interview_a_card_recalled_well_comes_back_two_days_later() {
        let today = day("2026-03-01");
        let interview = day("2026-03-21");
        let rules = Rules::sm2(Some(interview), default_model());
        let sim = simulate(
            &fresh(1),
            today,
            day("2026-03-20"),
            &rules,
            pace(10, 0),
            &NO_LOAD,
            Grade::new(4).unwrap(),
        );
        // First step two days, then SM-2's six (03-09) and ⌈6 × 2.5⌉ = 15 (03-24, past the
        // interview: the last day, 03-20, instead).
        let expected: Vec<NaiveDate> = ["2026-03-01", "2026-03-03", "2026-03-09", "2026-03-20"]
            .map(day)
            .to_vec();
        assert_eq!(sim.reviewed_on[0], expected);
        let easy = simulate(
            &fresh(1),
            today,
            day("2026-03-20"),
            &rules,
            pace(10, 0),
            &NO_LOAD,
            Grade::new(5).unwrap(),
        );
        assert_eq!(easy.reviewed_on[0][1], day("2026-03-05"), "four days when easy");
    }

    #[test]
    fn cards_introduced_earlier_today_count_against_the_quota() {
        let today = day("2026-03-01");
        let sim = simulate(
            &fresh(20),
            today,
            today,
            &Rules::sm2(None, default_model()),
            pace(10, 4),
            &NO_LOAD,
            Grade::new(4).unwrap(),
        );
        assert_eq!(sim.days[0].new, 6);
    }
}

#[cfg(test)]
mod limit_tests {
    use super::*;
    use crate::schedule::fsrs::default_model;
    use chrono::Days;

    use crate::testing::day;

    #[test]
    fn the_limit_holds_cards_back_until_the_interview_is_near() {
        let today = day("2026-03-01");
        let interview = today + Days::new(4);
        let pace = Pace {
            per_day: 10,
            introduced_today: 0,
            limit: 40,
        };
        let sim = simulate(
            &vec![Progress::default(); 300],
            today,
            interview,
            &Rules::sm2(Some(interview), default_model()),
            pace,
            &Load::default(),
            Grade::GOOD,
        );
        let first = sim.days[0];
        assert_eq!((first.new, first.over_limit, first.imminent), (40, 260, false));
        // The day before the interview, and the interview day, show everything.
        let eve = sim.days[3];
        assert!(eve.imminent);
        assert!(eve.reviews + eve.new > 40, "{eve:?}");
        assert_eq!(eve.over_limit, eve.reviews + eve.new - 40);
        assert!(
            sim.cards.iter().all(|c| !c.is_new()),
            "every card seen by the interview day"
        );
    }
}

#[cfg(test)]
mod budget_tests {
    use chrono::Days;
    use proptest::prelude::*;

    use super::*;
    use crate::schedule::budget::CardTime;
    use crate::schedule::fsrs::default_model;
    use crate::testing::day;

    /// A deck of `cards` cards, the first `seen` of them graded on the days before
    /// `today` with the given grades (through the one grade path).
    fn deck(grades: &[(u8, u64)], cards: usize, today: NaiveDate, rules: &Rules) -> Vec<Progress> {
        let mut deck = vec![Progress::default(); cards];
        for (i, &(g, days_ago)) in grades.iter().enumerate() {
            let on = today - Days::new(days_ago);
            let card = &mut deck[i % cards];
            *card = apply(card, Grade::new(g).unwrap(), Mode::Review, on.min(today), rules).after;
        }
        deck
    }

    proptest! {
        #![proptest_config(crate::testing::proptest_config(48))]

        /// Random decks, histories, budgets, card times, paces and interviews: no day
        /// of the plan asks more than the budget's minutes, and every card is still seen.
        #[test]
        fn a_plan_under_a_budget_never_asks_more_than_its_minutes(
            cards in 1usize..120,
            grades in prop::collection::vec((0u8..=5, 1u64..20), 0..150),
            minutes in 1u32..60,
            seconds in 5.0f64..60.0,
            new_back in 0.0f64..0.8,
            hard in 0.0f64..0.5,
            repeats in 0.0f64..2.5,
            lead in 1u64..30,
            per_day in 0usize..30,
            limit in 1usize..300,
            spent_today in 0.0f64..600.0,
        ) {
            let today = day("2026-03-01");
            let interview = today + Days::new(lead);
            let rules = Rules::sm2(Some(interview), default_model());
            let progress = deck(&grades, cards, today, &rules);
            let budget = Budget {
                minutes,
                time: CardTime { seconds, new_back, hard, repeats, from_log: true },
            };
            let load = Load { budget: Some(budget), past_days: vec![cards / 3; 5], spent_today };
            let pace = Pace { per_day, introduced_today: 0, limit };
            let sim = simulate(&progress, today, interview, &rules, pace, &load, Grade::GOOD);
            for (n, planned) in sim.days.iter().enumerate() {
                let room = budget.seconds() - if n == 0 { spent_today } else { 0.0 };
                let asked = planned.seconds.unwrap_or(f64::NAN);
                prop_assert!(asked <= room.max(0.0) + 1e-6, "{}: {asked:.0} s of {room:.0}", planned.day);
            }
        }
    }

    /// Without a budget, the day before the interview holds at most twice the average
    /// day's cards (the plan's days, every card recalled).
    #[test]
    fn the_eve_holds_at_most_twice_an_average_day() {
        let today = day("2026-03-01");
        for (cards, lead) in [(30, 14), (30, 7), (100, 10), (200, 21), (300, 10)] {
            let interview = today + Days::new(lead);
            let rules = Rules::sm2(Some(interview), default_model());
            let pace = Pace {
                per_day: 10,
                introduced_today: 0,
                limit: usize::MAX,
            };
            let eve = interview - Days::new(1);
            let sim = simulate(
                &vec![Progress::default(); cards],
                today,
                eve,
                &rules,
                pace,
                &Load::default(),
                Grade::GOOD,
            );
            let loads: Vec<usize> = sim.days.iter().map(|d| d.reviews + d.new).collect();
            let average = loads.iter().sum::<usize>() as f64 / loads.len() as f64;
            let last = *loads.last().unwrap() as f64;
            assert!(last <= 2.0 * average, "{cards}/{lead}: {loads:?}");
            let before_last_three = &loads[..loads.len().saturating_sub(3)];
            assert!(
                !before_last_three.contains(&0),
                "{cards}/{lead}: an empty day in {loads:?}"
            );
        }
    }
}

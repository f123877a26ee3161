//! The daily budget (SPEC "Daily budget"): minutes a day, and what a card costs of them,
//! measured from the user's own log: the median seconds of a review, and the repeats a
//! card brings when it is failed or found hard.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::{CardId, DeckId, Grade};

/// Days of a deck's log an average day is taken over.
pub const AVERAGE_OVER_DAYS: usize = 28;

/// Seconds a review is assumed to take until the log has timed enough reviews (with the
/// repeats most learners have, see the priors below).
pub const DEFAULT_SECONDS_PER_CARD: f64 = 20.0;

/// Timed reviews the log needs before its own median replaces the default.
pub const TIMED_REVIEWS_NEEDED: usize = 50;

/// The prior the log's shares start from, and how many cards it is worth: about what
/// FSRS's own simulator assumes of learners.
const PRIOR_CARDS: f64 = 10.0;
const PRIOR_NEW_BACK: f64 = 0.35;
const PRIOR_HARD: f64 = 0.2;
const PRIOR_REPEATS: f64 = 1.3;

/// The budgets a user may set, in minutes a day (the database's check says the same).
pub const MINUTES_RANGE: std::ops::RangeInclusive<u32> = 1..=1440;

/// One card's reviews on one day, as the log holds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardDay {
    /// The day's first grade of the card.
    pub first_grade: Grade,
    /// All its reviews that day, repeats included.
    pub reviews: usize,
    /// The card's first day (a new card).
    pub introduced: bool,
}

/// What a card costs of a day's time: the seconds of one review, and the repeats cards
/// bring (a card graded below 4 comes back in the session until it reaches 4).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CardTime {
    /// The median seconds of a timed review.
    pub seconds: f64,
    /// The share of new cards that come back after their first sighting.
    pub new_back: f64,
    /// The share of cards recalled that are recalled with difficulty (graded 3) and so
    /// come back.
    pub hard: f64,
    /// Reviews a card that comes back brings after its first.
    pub repeats: f64,
    /// Measured from the user's log (else the default: 20 seconds a review, and the
    /// priors' repeats).
    pub from_log: bool,
}

impl Default for CardTime {
    fn default() -> CardTime {
        CardTime {
            seconds: DEFAULT_SECONDS_PER_CARD,
            new_back: PRIOR_NEW_BACK,
            hard: PRIOR_HARD,
            repeats: PRIOR_REPEATS,
            from_log: false,
        }
    }
}

impl CardTime {
    /// The time cards take, from the log: the median of `review_seconds` (the timed
    /// reviews), and from `days` how often cards come back and what that costs; the
    /// default while fewer than [`TIMED_REVIEWS_NEEDED`] reviews were timed.
    #[must_use]
    pub fn from_log(review_seconds: &[f64], days: &[CardDay]) -> CardTime {
        let mut timed: Vec<f64> = review_seconds
            .iter()
            .copied()
            .filter(|s| s.is_finite() && *s > 0.0)
            .collect();
        if timed.len() < TIMED_REVIEWS_NEEDED {
            return CardTime::default();
        }
        timed.sort_by(f64::total_cmp);
        let middle = timed.len() / 2;
        let seconds = if timed.len().is_multiple_of(2) {
            f64::midpoint(timed[middle - 1], timed[middle])
        } else {
            timed[middle]
        };
        // Each share starts from a prior worth a few cards, so that a log with few cards of
        // one kind does not say "never".
        let share =
            |part: usize, whole: usize, prior: f64| (part as f64 + PRIOR_CARDS * prior) / (whole as f64 + PRIOR_CARDS);
        let new: Vec<&CardDay> = days.iter().filter(|d| d.introduced).collect();
        let new_back = share(
            new.iter().filter(|d| !d.first_grade.settled()).count(),
            new.len(),
            PRIOR_NEW_BACK,
        );
        let recalled: Vec<&CardDay> = days
            .iter()
            .filter(|d| !d.introduced && d.first_grade.passed())
            .collect();
        let hard = share(
            recalled.iter().filter(|d| !d.first_grade.settled()).count(),
            recalled.len(),
            PRIOR_HARD,
        );
        let back: Vec<&CardDay> = days.iter().filter(|d| !d.first_grade.settled()).collect();
        let repeats = share(
            back.iter().map(|d| d.reviews.saturating_sub(1)).sum(),
            back.len(),
            PRIOR_REPEATS,
        );
        CardTime {
            seconds,
            new_back,
            hard,
            repeats,
            from_log: true,
        }
    }

    /// Seconds a new card takes on the day it is introduced.
    #[must_use]
    pub fn new_card(&self) -> f64 {
        self.seconds * (1.0 + self.new_back * self.repeats)
    }

    /// Seconds a card seen before takes on a day its recall estimate is `recall`: it
    /// comes back when forgotten, or when recalled with difficulty.
    #[must_use]
    pub fn seen_card(&self, recall: f64) -> f64 {
        let recall = recall.clamp(0.0, 1.0);
        self.seconds * (1.0 + ((1.0 - recall) + recall * self.hard) * self.repeats)
    }
}

/// Days of the log the time a card takes is measured over.
pub const MEASURED_OVER_DAYS: u64 = 30;

/// One grade of the recent log, as the budget reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoggedGrade {
    pub card: CardId,
    pub deck: DeckId,
    pub day: NaiveDate,
    pub grade: Grade,
    /// How long the answer took, when the session timed it.
    pub seconds: Option<f64>,
    /// The day the card was first reviewed (to tell a new card's first day).
    pub first_reviewed: Option<NaiveDate>,
}

/// What the recent log says for the budget and the last days: what a card costs, and per
/// deck the cards graded on each recent day and the seconds spent today.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RecentLog {
    pub time: CardTime,
    decks: HashMap<DeckId, DeckLog>,
}

/// One deck's recent days.
#[derive(Debug, Clone, PartialEq, Default)]
struct DeckLog {
    /// Cards graded per day before today, by day.
    cards_on: HashMap<NaiveDate, usize>,
    spent_today: f64,
}

impl RecentLog {
    /// Reads the recent log (`grades` oldest first) as of `today`.
    #[must_use]
    pub fn read(grades: &[LoggedGrade], today: NaiveDate) -> RecentLog {
        let seconds: Vec<f64> = grades.iter().filter_map(|g| g.seconds).collect();
        let mut order = Vec::new();
        let mut days: HashMap<(CardId, NaiveDate), (CardDay, DeckId, f64)> = HashMap::new();
        for g in grades {
            let entry = days.entry((g.card, g.day)).or_insert_with(|| {
                order.push((g.card, g.day));
                let first = CardDay {
                    first_grade: g.grade,
                    reviews: 0,
                    introduced: g.first_reviewed == Some(g.day),
                };
                (first, g.deck, 0.0)
            });
            entry.0.reviews += 1;
            entry.2 += g.seconds.unwrap_or(f64::NAN);
        }
        let card_days: Vec<CardDay> = order.iter().map(|key| days[key].0).collect();
        let time = CardTime::from_log(&seconds, &card_days);
        let mut decks: HashMap<DeckId, DeckLog> = HashMap::new();
        for ((_, day), (card_day, deck, spent)) in &days {
            let log = decks.entry(*deck).or_default();
            if *day == today {
                // A card graded without a timer (`prepdeck grade`) counts at the most the
                // plan would have given it: a new card's time, or a seen card's that came
                // back.
                log.spent_today += if !spent.is_nan() {
                    *spent
                } else if card_day.introduced {
                    time.new_card()
                } else {
                    time.seen_card(0.0)
                };
            } else if *day < today {
                *log.cards_on.entry(*day).or_default() += 1;
            }
        }
        RecentLog { time, decks }
    }

    /// Cards the deck graded on each of the [`AVERAGE_OVER_DAYS`] days before
    /// today, oldest first.
    #[must_use]
    pub fn cards_per_day(&self, deck: DeckId, today: NaiveDate) -> Vec<usize> {
        let log = self.decks.get(&deck);
        (1..=AVERAGE_OVER_DAYS as u64)
            .rev()
            .filter_map(|back| today.checked_sub_days(chrono::Days::new(back)))
            .map(|day| log.and_then(|l| l.cards_on.get(&day)).copied().unwrap_or(0))
            .collect()
    }

    /// Seconds the deck's reviews took today.
    #[must_use]
    pub fn spent_today(&self, deck: DeckId) -> f64 {
        self.decks.get(&deck).map_or(0.0, |l| l.spent_today)
    }
}

/// A deck's daily budget: its minutes, and what its cards cost of them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    pub minutes: u32,
    pub time: CardTime,
}

impl Budget {
    /// The day's seconds, which a day's plan fills with cards at their expected time.
    #[must_use]
    pub fn seconds(&self) -> f64 {
        f64::from(self.minutes) * 60.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::grade;

    fn day(first: u8, reviews: usize, introduced: bool) -> CardDay {
        CardDay {
            first_grade: grade(first),
            reviews,
            introduced,
        }
    }

    #[test]
    fn twenty_seconds_a_review_until_the_log_has_enough() {
        let time = CardTime::from_log(&[12.0; TIMED_REVIEWS_NEEDED - 1], &[day(1, 3, true)]);
        assert_eq!(time, CardTime::default());
        assert!(!time.from_log);
        assert!((time.seconds - 20.0).abs() < 1e-9);
        // With the repeats most learners have: a new card a third more, a card seen
        // before less, a forgotten one more.
        assert!(time.new_card() > 25.0 && time.new_card() < 35.0, "{}", time.new_card());
        assert!(time.seen_card(1.0) > 20.0 && time.seen_card(1.0) < time.new_card());
        assert!(time.seen_card(0.0) > time.new_card());
    }

    #[test]
    fn the_log_gives_the_median_review_and_what_repeats_cost() {
        let mut seconds = vec![10.0; 30];
        seconds.extend([12.0; 30]);
        seconds.push(600.0);
        // Four new cards, one failed (two repeats); four cards seen before, recalled,
        // one of them hard (one repeat).
        let days = [
            day(1, 3, true),
            day(4, 1, true),
            day(5, 1, true),
            day(4, 1, true),
            day(3, 2, false),
            day(4, 1, false),
            day(4, 1, false),
            day(5, 1, false),
        ];
        let time = CardTime::from_log(&seconds, &days);
        assert!(time.from_log);
        assert!((time.seconds - 12.0).abs() < 1e-9, "the median ignores the long pause");
        // Shares start from a prior worth ten cards: (1 + 10 × 0.35) / (4 + 10) and so on.
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(time.new_back, 4.5 / 14.0), "{}", time.new_back);
        assert!(close(time.hard, 3.0 / 14.0), "{}", time.hard);
        assert!(close(time.repeats, (3.0 + 13.0) / 12.0), "{}", time.repeats);
        assert!(close(time.new_card(), 12.0 * (1.0 + time.new_back * time.repeats)));
        // A card sure to be recalled costs its review and its chance of a hard grade; a
        // forgotten one costs its repeats too.
        assert!(close(time.seen_card(1.0), 12.0 * (1.0 + time.hard * time.repeats)));
        assert!(close(time.seen_card(0.0), 12.0 * (1.0 + time.repeats)));
    }

    #[test]
    fn the_recent_log_gives_each_deck_its_days_and_its_time_today() {
        use crate::testing::day as date;
        let logged = |card: i64, deck: i64, on: &str, g: u8, seconds: Option<f64>, first: &str| LoggedGrade {
            card: CardId(card),
            deck: DeckId(deck),
            day: date(on),
            grade: grade(g),
            seconds,
            first_reviewed: Some(date(first)),
        };
        let grades = [
            logged(1, 1, "2026-03-01", 1, Some(10.0), "2026-03-01"),
            logged(1, 1, "2026-03-01", 4, Some(10.0), "2026-03-01"),
            logged(2, 1, "2026-03-01", 4, Some(10.0), "2026-03-01"),
            logged(3, 2, "2026-03-02", 5, Some(10.0), "2026-03-02"),
            logged(1, 1, "2026-03-03", 4, Some(30.0), "2026-03-01"),
            logged(2, 1, "2026-03-03", 3, None, "2026-03-01"),
            logged(2, 1, "2026-03-03", 4, None, "2026-03-01"),
        ];
        let log = RecentLog::read(&grades, date("2026-03-03"));
        assert!(!log.time.from_log, "five timed reviews are not enough");
        let days = log.cards_per_day(DeckId(1), date("2026-03-03"));
        assert_eq!(days.len(), super::AVERAGE_OVER_DAYS);
        assert_eq!(days[days.len() - 2..], [2, 0], "two cards on 03-01, none on 03-02");
        assert_eq!(log.cards_per_day(DeckId(2), date("2026-03-03")).last(), Some(&1));
        // 30 s timed, and an untimed card at the most a seen card costs.
        let spent = 30.0 + log.time.seen_card(0.0);
        assert!(
            (log.spent_today(DeckId(1)) - spent).abs() < 1e-9,
            "{}",
            log.spent_today(DeckId(1))
        );
        assert!(log.spent_today(DeckId(2)).abs() < f64::EPSILON);
    }
}

//! The interview date as part of the schedule: the last day before the interview, when
//! every card that needs it is reviewed once more (the final top-up, which reviews due in
//! the days just before it wait for), the longer first step of a card recalled well on
//! first sight, the new-card pace that shows every card in time, and each day of a deck
//! once its last days near or its daily budget binds ([`plan_day`]): which final reviews
//! come early so that the eve is not the whole deck, and what fits in the budget.
//! The numbers below are the ones the interview-morning simulation
//! (`examples/simulate.rs`) chose; docs/scheduling.md gives its figures and the search.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::budget::{AVERAGE_OVER_DAYS, Budget};
use super::rules::Rules;
use crate::domain::{Grade, Progress, Scheduler};

/// A card whose recall estimate for the interview day is below this is brought back the
/// day before the interview.
pub const TOP_UP_BELOW: f64 = 0.99;

/// A card waiting for the last day whose final review comes earlier (brought forward to
/// spread the eve, or by the budget) has had its top-up when its estimate for the
/// interview day is this or more afterwards; below it, it is due on the last day again.
pub const BROUGHT_FORWARD_HOLDS: f64 = 0.97;

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

/// Under a daily budget new cards come sooner, every one seen this many days before the
/// interview: a card seen early needs fewer reviews to hold, which a budget cannot spare.
pub const SEEN_DAYS_BEFORE_WITH_BUDGET: i64 = 7;

/// The final reviews are shared over this many last days (the last day and the two
/// before it) when the last day alone would hold too many.
pub const LAST_DAYS: i64 = 3;

/// Without a budget, the last day and the day before it hold at most this many times the
/// cards of the deck's average day (the eve then takes at most about twice an average
/// day's time, its cards being the weakest and bringing more repeats); the day two
/// before the last takes the rest.
pub const EVE_LOAD: f64 = 1.7;

/// What the rules for the last days need to know of a card after a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reviewed {
    /// The day of the review.
    pub on: NaiveDate,
    /// The grade it was given, and the card's successful repetitions after it.
    pub grade: Grade,
    pub repetitions: u32,
    /// The card was waiting for the last day before the interview (due on it) and was
    /// reviewed before it: its final review, brought forward.
    pub brought_forward: bool,
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
///   interview day, is below [`TOP_UP_BELOW`], the card is due on F — unless the review
///   was the card's final review brought forward from F and leaves the estimate at
///   [`BROUGHT_FORWARD_HOLDS`] or more;
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
        let recall = recall_on(interview);
        let topped_up = review.brought_forward && recall >= BROUGHT_FORWARD_HOLDS;
        return if recall < TOP_UP_BELOW && !topped_up {
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

/// One deck's day as the last days and the daily budget see it.
#[derive(Debug, Clone, Copy)]
pub struct DeckDay<'a> {
    /// The deck's active cards.
    pub cards: &'a [Progress],
    pub today: NaiveDate,
    pub rules: &'a Rules<'a>,
    /// New cards the pace still allows today.
    pub new_allowed: usize,
    /// The deck's daily budget; `None` without one.
    pub budget: Option<Budget>,
    /// Cards graded on the deck's average day lately (see [`average_day`]).
    pub average: f64,
    /// Seconds the deck's reviews took today already.
    pub spent_today: f64,
}

/// What one deck's day holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DayPlan {
    /// Cards seen before to review today, by index into [`DeckDay::cards`]: those due,
    /// and those whose final review is brought forward to today.
    pub seen: Vec<usize>,
    /// How many of those are brought forward.
    pub brought: usize,
    /// New cards to introduce today.
    pub new: usize,
}

/// The deck's average day lately: cards graded per day over the given days (one count
/// per day, oldest first, today left out), from the first day with a review on.
#[must_use]
pub fn average_day(cards_per_day: &[usize]) -> f64 {
    let recent = &cards_per_day[cards_per_day.len().saturating_sub(AVERAGE_OVER_DAYS)..];
    let Some(first) = recent.iter().position(|n| *n > 0) else {
        return 0.0;
    };
    let days = &recent[first..];
    days.iter().sum::<usize>() as f64 / days.len() as f64
}

/// Whether a card was graded on `day` (any grade, practice included).
fn graded_on(card: &Progress, day: NaiveDate) -> bool {
    card.last_reviewed == Some(day) || card.memory.is_some_and(|m| m.day == day)
}

/// Today's cards of one deck (SPEC "Daily budget"): those due, those whose final review
/// the last days bring forward ([`bring_forward`]), and the new cards of the pace.
///
/// With a budget, new cards come sooner ([`SEEN_DAYS_BEFORE_WITH_BUDGET`]) and the day
/// holds what fits in the minutes left today, each card at its expected time (a card
/// likely forgotten brings repeats): first the new cards (a card never seen is recalled by
/// no one), then the due cards, weakest first, then the final reviews brought forward.
/// What does not fit waits for the next day.
#[must_use]
pub fn plan_day(day: &DeckDay) -> DayPlan {
    let (cards, today, rules) = (day.cards, day.today, day.rules);
    let recall_today = |i: usize| rules.recall_estimate(&cards[i], today);
    let mut due: Vec<usize> = (0..cards.len())
        .filter(|&i| cards[i].is_overdue_or_due(today))
        .collect();
    if day.budget.is_some() {
        let recall: HashMap<usize, f64> = due.iter().map(|&i| (i, recall_today(i))).collect();
        due.sort_by(|a, b| recall[a].total_cmp(&recall[b]).then(a.cmp(b)));
    } else {
        due.sort_by_key(|&i| (cards[i].due, i));
    }
    let unseen = cards.iter().filter(|c| c.is_new()).count();
    let introduced_today = cards.iter().filter(|c| c.first_reviewed == Some(today)).count();
    let mut new = day.new_allowed.min(unseen);
    if let (Some(_), Some(interview)) = (day.budget, rules.interview.filter(|d| *d > today)) {
        let days_left = (interview - today).num_days();
        let spread_over = (days_left - SEEN_DAYS_BEFORE_WITH_BUDGET + 1).max(1) as usize;
        let quota = (unseen + introduced_today).div_ceil(spread_over);
        new = new.max(quota.saturating_sub(introduced_today)).min(unseen);
    }
    let graded_today = cards.iter().filter(|c| graded_on(c, today)).count();
    let brought = bring_forward(day, due.is_empty() && new == 0 && graded_today == 0, unseen - new);
    let Some(budget) = day.budget else {
        let count = brought.len();
        return DayPlan {
            seen: due.into_iter().chain(brought).collect(),
            brought: count,
            new,
        };
    };
    let mut room = (budget.seconds() - day.spent_today).max(0.0);
    // Takes cards in order while their time fits.
    let mut fitting = |count: usize, cost: &dyn Fn(usize) -> f64| {
        let mut taken = 0;
        while taken < count {
            let each = cost(taken);
            if each > room + 1e-9 {
                break;
            }
            room -= each;
            taken += 1;
        }
        taken
    };
    let new = fitting(new, &|_| budget.time.new_card());
    let due_kept = fitting(due.len(), &|n| budget.time.seen_card(recall_today(due[n])));
    let brought_kept = fitting(brought.len(), &|n| budget.time.seen_card(recall_today(brought[n])));
    DayPlan {
        seen: due[..due_kept]
            .iter()
            .chain(&brought[..brought_kept])
            .copied()
            .collect(),
        brought: brought_kept,
        new,
    }
}

/// The cards waiting for the last day (due on it) whose review comes today instead. In the
/// last days the weakest (by each card's estimate for the interview day) are left for the
/// last day, and what comes early is the strongest (the weakest of them first, so that a
/// budget short of room leaves out the strongest).
///
/// - In the [`LAST_DAYS`] before the interview, without a budget: the last day and the
///   day before it take up to [`EVE_LOAD`] times an average day's cards each, the
///   weakest on the last day; what they cannot hold comes on the day two before.
/// - With a budget: the last day, then each day before it, takes the weakest waiting
///   cards its minutes hold besides what is already due then; what no later day holds
///   comes today.
/// - A day before the last three that would be empty (`empty_day`) takes the cards held
///   for the last day whose own date (SM-2's or FSRS's) has come, or else the one whose own
///   date is nearest: reviewed on the way instead of leaving the day empty.
fn bring_forward(day: &DeckDay, empty_day: bool, later_new: usize) -> Vec<usize> {
    let (cards, today, rules) = (day.cards, day.today, day.rules);
    let Some(interview) = rules.interview.filter(|d| *d > today) else {
        return Vec::new();
    };
    let Some(last_day) = final_day(interview).filter(|f| *f > today) else {
        return Vec::new();
    };
    let mut waiting: Vec<(f64, usize)> = (0..cards.len())
        .filter(|&i| !cards[i].is_new() && cards[i].due == Some(last_day))
        .map(|i| (rules.recall_estimate(&cards[i], interview), i))
        .collect();
    if waiting.is_empty() {
        return Vec::new();
    }
    waiting.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let weakest_first: Vec<usize> = waiting.into_iter().map(|(_, i)| i).collect();
    let days_left = (last_day - today).num_days() + 1;
    if day.budget.is_none() && days_left > LAST_DAYS {
        if !empty_day {
            return Vec::new();
        }
        // Those held for the last day whose own date has come, else the one held whose
        // own date is nearest.
        let mut held: Vec<(NaiveDate, usize)> = weakest_first
            .into_iter()
            .filter_map(|i| Some((own_date(&cards[i], rules)?, i)))
            .filter(|(own, _)| *own < last_day)
            .collect();
        held.sort();
        let come = held.iter().take_while(|(own, _)| *own <= today).count();
        return held.iter().take(come.max(1)).map(|(_, i)| *i).collect();
    }
    // What each later day holds besides the final reviews: cards due then, new cards.
    let mut due_then: HashMap<NaiveDate, usize> = HashMap::new();
    for card in cards.iter().filter(|c| !c.is_new()) {
        if let Some(due) = card.due.filter(|d| *d > today && *d < last_day) {
            *due_then.entry(due).or_default() += 1;
        }
    }
    let seen_by = interview - chrono::Days::new(SEEN_DAYS_BEFORE_WITH_BUDGET as u64);
    let new_days = (seen_by - today).num_days().max(0) as usize;
    let new_then = |on: NaiveDate| {
        if on <= seen_by && new_days > 0 {
            later_new.div_ceil(new_days)
        } else {
            0
        }
    };
    let mut placed = 0;
    let mut on = last_day;
    while placed < weakest_first.len() && on > today {
        let other = due_then.get(&on).copied().unwrap_or(0);
        if let Some(budget) = day.budget {
            let time = budget.time;
            // Cards due then are costed as cards recalled nine times in ten.
            let mut left =
                budget.seconds() - new_then(on) as f64 * time.new_card() - other as f64 * time.seen_card(0.9);
            while let Some(&i) = weakest_first.get(placed) {
                let each = time.seen_card(rules.recall_estimate(&cards[i], last_day));
                if each > left {
                    break;
                }
                left -= each;
                placed += 1;
            }
        } else {
            let holds = (EVE_LOAD * day.average).ceil().max(1.0) as usize;
            placed += holds.saturating_sub(other);
        }
        on = on.pred_opt().unwrap_or(today);
    }
    weakest_first[placed.min(weakest_first.len())..].to_vec()
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

/// The card's own next date after its last schedule-setting review: SM-2's interval (with
/// the interview's longer first step) or FSRS's, before the last days move it (the top-up,
/// the hold); with what the last days know of that review.
pub(super) fn own_due(card: &Progress, rules: &Rules) -> Option<(NaiveDate, Reviewed)> {
    let (day, grade) = (card.last_reviewed?, card.last_grade?);
    let review = Reviewed {
        on: day,
        grade,
        repetitions: card.sm2.repetitions,
        brought_forward: false,
    };
    let interval = match (rules.scheduler, card.memory) {
        (Scheduler::Fsrs, Some(memory)) => rules.model.interval(memory),
        _ => sm2_interval(card.sm2.interval, review, rules.interview),
    };
    Some((super::sm2::add_days(day, interval), review))
}

/// The day a card waiting for the last day before the interview would have been due
/// without the last days (see [`own_due`]); `None` for a card never reviewed.
#[must_use]
pub fn own_date(card: &Progress, rules: &Rules) -> Option<NaiveDate> {
    own_due(card, rules).map(|(own, _)| own)
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
            brought_forward: false,
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

#[cfg(test)]
mod day_plan_tests {
    use super::*;
    use crate::domain::{Memory, Sm2};
    use crate::schedule::budget::CardTime;
    use crate::schedule::fsrs::default_model;
    use crate::testing::{day, grade};

    const INTERVIEW: &str = "2026-03-21";

    fn rules() -> Rules<'static> {
        Rules::sm2(Some(day(INTERVIEW)), default_model())
    }

    /// A learned card last reviewed on `reviewed` with a memory of `stability` days,
    /// due on `due`.
    fn card(reviewed: &str, stability: f64, due: &str) -> Progress {
        Progress {
            sm2: Sm2 {
                ease: 2.5,
                interval: 6,
                repetitions: 2,
            },
            due: Some(day(due)),
            last_reviewed: Some(day(reviewed)),
            last_grade: Some(grade(4)),
            first_reviewed: Some(day("2026-03-01")),
            lapses: 0,
            memory: Some(Memory {
                stability,
                difficulty: 5.0,
                day: day(reviewed),
            }),
        }
    }

    fn plan(cards: &[Progress], today: &str, budget: Option<Budget>, average: f64) -> DayPlan {
        plan_day(&DeckDay {
            cards,
            today: day(today),
            rules: &rules(),
            new_allowed: cards.iter().filter(|c| c.is_new()).count(),
            budget,
            average,
            spent_today: 0.0,
        })
    }

    /// Every card a minute, repeats aside.
    fn minutes(minutes: u32) -> Budget {
        Budget {
            minutes,
            time: CardTime {
                seconds: 60.0,
                new_back: 0.0,
                hard: 0.0,
                repeats: 0.0,
                from_log: true,
            },
        }
    }

    #[test]
    fn the_eve_keeps_the_weakest_and_the_strongest_come_two_days_before() {
        // Twelve cards wait for the last day (03-20), card i the (i+1)-th strongest
        // from the weak end; the deck's average day is two cards, so the last day and
        // the day before hold ⌈1.7 × 2⌉ = 4 each and the four strongest come today.
        let cards: Vec<Progress> = (0..12)
            .map(|i| card("2026-03-10", 5.0 + 5.0 * f64::from(i), "2026-03-20"))
            .collect();
        let today = plan(&cards, "2026-03-18", None, 2.0);
        let mut brought = today.seen.clone();
        brought.sort_unstable();
        assert_eq!(brought, vec![8, 9, 10, 11]);
        assert_eq!((today.brought, today.new), (4, 0));
        // The next day, those reviewed (no longer due on the last day), the day before
        // takes its four and the last day keeps the four weakest.
        let mut next = cards.clone();
        for reviewed in &mut next[8..] {
            reviewed.last_reviewed = Some(day("2026-03-18"));
            reviewed.due = Some(day("2026-04-10"));
        }
        let mut tomorrow = plan(&next, "2026-03-19", None, 2.0).seen;
        tomorrow.sort_unstable();
        assert_eq!(tomorrow, vec![4, 5, 6, 7]);
    }

    #[test]
    fn an_eve_with_room_for_everything_keeps_everything() {
        let cards: Vec<Progress> = (0..12).map(|_| card("2026-03-10", 20.0, "2026-03-20")).collect();
        assert_eq!(plan(&cards, "2026-03-18", None, 10.0), DayPlan::default());
        assert_eq!(
            plan(&cards, "2026-03-20", None, 0.0).seen.len(),
            12,
            "on the last day they are simply due"
        );
    }

    #[test]
    fn an_empty_day_takes_the_held_card_whose_own_date_has_come() {
        // Held for the last day: own dates 03-10 and 03-15 (six days after their
        // reviews). Topped up: its own date (03-29) is after the last day.
        let held_now = card("2026-03-04", 8.0, "2026-03-20");
        let held_later = card("2026-03-09", 8.0, "2026-03-20");
        let mut topped = card("2026-03-09", 8.0, "2026-03-20");
        topped.sm2.interval = 20;
        let cards = [held_later, held_now, topped];
        assert_eq!(plan(&cards, "2026-03-10", None, 1.0).seen, vec![1]);
        // No held card's date has come: the nearest comes, so that the day is not empty.
        assert_eq!(plan(&cards[..1], "2026-03-11", None, 1.0).seen, vec![0]);
        assert_eq!(plan(&cards[2..], "2026-03-11", None, 1.0), DayPlan::default());
        // A day with something due is not empty.
        let due = card("2026-03-05", 8.0, "2026-03-11");
        assert_eq!(plan(&[due, held_now], "2026-03-11", None, 1.0).seen, vec![0]);
    }

    #[test]
    fn a_budget_takes_new_cards_then_the_weakest_due_cards_within_its_minutes() {
        let mut cards = vec![Progress::default(); 3];
        for stability in [30.0, 2.0, 10.0, 1.0] {
            cards.push(card("2026-03-01", stability, "2026-03-05"));
        }
        let today = plan(&cards, "2026-03-06", Some(minutes(5)), 0.0);
        assert_eq!(today.new, 3);
        assert_eq!(today.seen, vec![6, 4], "the two weakest of the four due");
        // Minutes already spent today leave less: two and a half, two new cards.
        let spent = plan_day(&DeckDay {
            cards: &cards,
            today: day("2026-03-06"),
            rules: &rules(),
            new_allowed: 3,
            budget: Some(minutes(5)),
            average: 0.0,
            spent_today: 150.0,
        });
        assert_eq!((spent.new, spent.seen.len()), (2, 0));
    }

    #[test]
    fn a_budget_spreads_the_final_reviews_back_from_the_last_day_as_far_as_it_must() {
        // Two cards a day: twelve waiting fill the last day and the four days before it
        // (ten), and the two strongest come today, five days before the last.
        let cards: Vec<Progress> = (0..12)
            .map(|i| card("2026-03-08", 5.0 + f64::from(i), "2026-03-20"))
            .collect();
        let today = plan(&cards, "2026-03-15", Some(minutes(2)), 0.0);
        let mut seen = today.seen.clone();
        seen.sort_unstable();
        assert_eq!(seen, vec![10, 11]);
        assert_eq!(today.brought, 2);
        // Ten waiting fit the days ahead: none comes early.
        assert_eq!(
            plan(&cards[..10], "2026-03-15", Some(minutes(2)), 0.0),
            DayPlan::default()
        );
    }

    #[test]
    fn the_average_day_counts_from_the_first_day_with_reviews() {
        assert!(average_day(&[]).abs() < f64::EPSILON);
        assert!(average_day(&[0, 0, 0]).abs() < f64::EPSILON);
        assert!((average_day(&[0, 0, 4, 0, 2]) - 2.0).abs() < 1e-12);
        let long: Vec<usize> = (0..40).map(|i| if i < 12 { 100 } else { 1 }).collect();
        assert!(
            (average_day(&long) - 1.0).abs() < 1e-12,
            "only the last {AVERAGE_OVER_DAYS} days"
        );
    }

    #[test]
    fn a_final_review_brought_forward_holds_when_the_estimate_is_high_enough() {
        let interview = Some(day(INTERVIEW));
        let review = |brought_forward| Reviewed {
            on: day("2026-03-18"),
            grade: grade(4),
            repetitions: 3,
            brought_forward,
        };
        let own = day("2026-04-10");
        assert_eq!(final_top_up(own, review(true), interview, |_| 0.98), own);
        assert_eq!(final_top_up(own, review(true), interview, |_| 0.96), day("2026-03-20"));
        assert_eq!(final_top_up(own, review(false), interview, |_| 0.98), day("2026-03-20"));
    }
}

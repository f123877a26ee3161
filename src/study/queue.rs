//! Today's queue as `review` and `due` show it: the store's due and new cards, ordered
//! and cut by [`crate::schedule::queue`]. Reads only what it can show.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use crate::domain::{Card, CardId, DeckId, Kind, Progress};
use crate::error::Result;
use crate::report::cards::{EmptyQueue, TodaysQueue};
use crate::schedule::budget::{Budget, MEASURED_OVER_DAYS, RecentLog};
use crate::schedule::deadline::{self, average_day};
use crate::schedule::queue::{self, Candidate, DrillCandidate, new_card_allowances};
use crate::schedule::rules::Rules;
use crate::schedule::seeded::Seeded;
use crate::store::{CardFilter, Store};

/// What shapes each deck's day besides its cards: the new cards per day, the session
/// limit, and the daily budget of decks that follow the config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRules {
    pub new_per_day: usize,
    pub limit: usize,
    /// The config file's `daily_minutes`.
    pub default_minutes: Option<u32>,
}

/// A deck's budget in minutes: its own, else the config file's.
#[must_use]
pub fn minutes_of(deck: &crate::store::Deck, default_minutes: Option<u32>) -> Option<u32> {
    deck.daily_minutes.or(default_minutes)
}

/// The recent log as the budget and the last days read it (see [`RecentLog`]).
pub fn recent_log(store: &Store, today: NaiveDate) -> Result<RecentLog> {
    let since = today
        .checked_sub_days(Days::new(MEASURED_OVER_DAYS))
        .unwrap_or(NaiveDate::MIN);
    Ok(RecentLog::read(&store.recent_grades(since)?, today))
}

/// Whether the last days or a budget plan a deck's day: its interview is ahead (its last
/// days may bring final reviews forward), or it has a budget.
fn is_planned(deck: &crate::store::Deck, minutes: Option<u32>, today: NaiveDate) -> bool {
    minutes.is_some() || deck.interview.is_some_and(|d| d > today)
}

/// Today's queue over `decks` (all when empty), in the order `review` shows it. A deck
/// whose last days are near or that has a budget has its day planned from all its active
/// cards ([`deadline::plan_day`]), as `plan` plans it. With `tag`, only the cards carrying
/// it are shown (each deck's day is planned, and its new-card quota counted, as without).
pub fn today(
    store: &Store,
    decks: &[DeckId],
    today: NaiveDate,
    rules: DayRules,
    tag: Option<&str>,
) -> Result<Vec<Card>> {
    let limit = rules.limit;
    let in_scope: Vec<crate::store::Deck> = store
        .decks(None)?
        .into_iter()
        .filter(|d| decks.is_empty() || decks.contains(&d.id))
        .collect();
    let planned: Vec<(&crate::store::Deck, Option<u32>)> = in_scope
        .iter()
        .map(|d| (d, minutes_of(d, rules.default_minutes)))
        .filter(|(d, minutes)| is_planned(d, *minutes, today))
        .collect();
    let mut due = store.due_cards(decks, today, limit, tag)?;
    let usage = store.new_card_usage(decks, today)?;
    let mut allowance = new_card_allowances(&usage, rules.new_per_day, today, limit);
    let mut due_candidates: Vec<Candidate> = Vec::new();
    if planned.is_empty() {
        due_candidates.extend(due.iter().map(|c| Candidate::of(c, today)));
    } else {
        let log = recent_log(store, today)?;
        let model = store.fsrs_model()?;
        let ids: Vec<DeckId> = planned.iter().map(|(d, _)| d.id).collect();
        due.retain(|c| !ids.contains(&c.deck_id));
        due_candidates.extend(due.iter().map(|c| Candidate::of(c, today)));
        let default_scheduler = store.default_scheduler()?;
        for (deck, minutes) in planned {
            // The day is planned from every active card's progress; only the cards it
            // holds are read whole.
            let progress = store.active_progress(deck.id)?;
            let states: Vec<Progress> = progress.iter().map(|(_, p)| *p).collect();
            let rules = Rules {
                interview: deck.interview,
                scheduler: deck.scheduler.unwrap_or(default_scheduler),
                model: &model,
            };
            let plan = deadline::plan_day(&deadline::DeckDay {
                cards: &states,
                today,
                rules: &rules,
                new_allowed: allowance.get(&deck.id).copied().unwrap_or(0),
                budget: minutes.map(|minutes| Budget {
                    minutes,
                    time: log.time,
                }),
                average: average_day(&log.cards_per_day(deck.id, today)),
                spent_today: log.spent_today(deck.id),
            });
            if plan.new > 0 {
                allowance.insert(deck.id, plan.new);
            } else {
                allowance.remove(&deck.id);
            }
            let held: Vec<CardId> = plan.seen.iter().map(|&i| progress[i].0).collect();
            let cards = store.deck_cards_with_ids(deck.id, &held, tag)?;
            due_candidates.extend(cards.iter().map(|c| queue::planned(c, today)));
            due.extend(cards);
        }
    }
    // New cards follow the due ones, deck by deck: once the first `limit` places are
    // taken, only a deck whose interview is today or tomorrow shows more (those come
    // first), so the other decks' new cards are not read.
    let mut places = due_candidates.len();
    let mut new = Vec::new();
    for (deck, left, imminent) in queue::new_card_decks(&usage, &allowance, today) {
        if places >= limit && !imminent {
            break;
        }
        let cards = store.new_cards(deck, left, tag)?;
        places += left.min(cards.len());
        new.extend(cards);
    }
    let order = queue::daily(
        due_candidates,
        new.iter().map(|c| Candidate::of(c, today)).collect(),
        &allowance,
        limit,
    );
    let mut by_id: HashMap<CardId, Card> = due.into_iter().chain(new).map(|c| (c.id, c)).collect();
    Ok(order.into_iter().filter_map(|id| by_id.remove(&id)).collect())
}

/// Today's queue over `decks` (all when empty) as `due` lists it and `review` starts it;
/// when it is empty, why: the cards `--limit 0` hides, or the day of the next card.
pub fn todays_queue(
    store: &Store,
    decks: &[DeckId],
    day: NaiveDate,
    rules: DayRules,
    tag: Option<&str>,
) -> Result<TodaysQueue> {
    let cards = today(store, decks, day, rules, tag)?;
    let empty = if cards.is_empty() {
        Some(why_empty(store, decks, day, rules, tag)?)
    } else {
        None
    };
    Ok(TodaysQueue {
        cards,
        empty,
        today: day,
    })
}

/// Why today's queue is empty: with a limit of 0, the cards that wait all the same; else
/// nothing is due, until the day of the next card (carrying `tag`), if any.
fn why_empty(
    store: &Store,
    decks: &[DeckId],
    day: NaiveDate,
    rules: DayRules,
    tag: Option<&str>,
) -> Result<EmptyQueue> {
    if rules.limit == 0 {
        let unlimited = DayRules {
            limit: usize::MAX,
            ..rules
        };
        let waiting = today(store, decks, day, unlimited, tag)?;
        if !waiting.is_empty() {
            return Ok(EmptyQueue::LimitHidesAll {
                waiting: waiting.len(),
                new: waiting.iter().filter(|c| c.is_new()).count(),
            });
        }
    }
    Ok(match store.next_due_after(decks, day, tag)? {
        Some(next) => EmptyQueue::NextDue(next),
        None => EmptyQueue::NothingScheduled,
    })
}

/// What a drill is asked for: one deck's active cards (of `kind`, carrying `tag`), the
/// first `limit` of them, weakest first or shuffled from the seed `shuffle`.
#[derive(Debug, Clone)]
pub struct DrillAsked {
    pub deck: DeckId,
    pub kind: Option<Kind>,
    pub tag: Option<String>,
    pub limit: Option<usize>,
    pub shuffle: Option<u64>,
}

/// A drill's cards in the order to show them, with the deck's name; `None` when the deck
/// has no such card.
pub fn drill_order(store: &Store, asked: &DrillAsked, day: NaiveDate) -> Result<Option<(String, Vec<CardId>)>> {
    let cards = store.cards(&CardFilter {
        deck: Some(asked.deck),
        kind: asked.kind,
        all: false,
        tag: asked.tag.clone(),
    })?;
    let Some(first) = cards.first() else {
        return Ok(None);
    };
    let model = store.fsrs_model()?;
    let mut order = queue::drill(cards.iter().map(|c| DrillCandidate::of(c, day, &model)).collect());
    if let Some(limit) = asked.limit {
        order.truncate(limit);
    }
    if let Some(seed) = asked.shuffle {
        Seeded::new(seed).shuffle(&mut order);
    }
    Ok(Some((first.deck.clone(), order)))
}

/// The decks of a list of cards, in first-seen order.
#[must_use]
pub fn decks_of(cards: &[Card]) -> Vec<DeckId> {
    let mut seen = Vec::new();
    for card in cards {
        if !seen.contains(&card.deck_id) {
            seen.push(card.deck_id);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Kind;

    #[test]
    fn the_first_day_of_a_deck_that_lists_talking_points_first_brings_its_questions() {
        let mut doc = String::from("# Company Profile: Orbit Payments\n## Key Talking Points\n");
        for i in 1..=12 {
            doc.push_str(&format!("- Talking point number {i} about ledgers\n"));
        }
        doc.push_str("## Potential Questions\n- Why payments?\n- Why now?\n- Why us?\n");
        let store = crate::import::test_store(&doc);
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let rules = DayRules {
            new_per_day: 10,
            limit: crate::schedule::queue::DEFAULT_LIMIT,
            default_minutes: None,
        };
        let queue = today(&store, &[], day, rules, None).unwrap();
        let kinds: Vec<Kind> = queue.iter().map(|c| c.kind).collect();
        assert_eq!(queue.len(), 10);
        assert_eq!(kinds[..2], [Kind::Question, Kind::TalkingPoint]);
        assert_eq!(
            kinds.iter().filter(|k| **k == Kind::Question).count(),
            3,
            "every question is among the day's ten new cards: {kinds:?}"
        );
    }

    /// The queue reads only the new cards it introduces; it must pick the same ones, in
    /// the same order, as ordering every new card of the deck would.
    #[test]
    fn the_new_cards_read_from_the_index_are_those_ordering_every_new_card_picks() {
        let mut doc = String::from("# Company Profile: Orbit Payments\n## Key Talking Points\n");
        for i in 1..=7 {
            doc.push_str(&format!("- Talking point number {i} about ledgers\n"));
        }
        doc.push_str("## Potential Questions\n");
        for i in 1..=4 {
            doc.push_str(&format!("- Question number {i} about payments?\n"));
        }
        doc.push_str("## Questions to Ask Interviewer\n");
        for i in 1..=9 {
            doc.push_str(&format!("- Ask number {i} about the team?\n"));
        }
        let store = crate::import::test_store(&doc);
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let every_new: Vec<Card> = store
            .cards(&CardFilter::default())
            .unwrap()
            .into_iter()
            .filter(Card::is_new)
            .collect();
        assert_eq!(every_new.len(), 20);
        for new_per_day in [1, 2, 3, 5, 8, 11, 13, 20, 25] {
            let rules = DayRules {
                new_per_day,
                limit: crate::schedule::queue::DEFAULT_LIMIT,
                default_minutes: None,
            };
            let shown: Vec<CardId> = today(&store, &[], day, rules, None)
                .unwrap()
                .iter()
                .map(|c| c.id)
                .collect();
            let allowance: HashMap<DeckId, usize> = [(every_new[0].deck_id, new_per_day)].into();
            let expected = queue::daily(
                Vec::new(),
                every_new.iter().map(|c| Candidate::of(c, day)).collect(),
                &allowance,
                rules.limit,
            );
            assert_eq!(shown, expected, "{new_per_day} new cards a day");
        }
    }
}

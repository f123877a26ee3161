//! Today's queue as `review` and `due` show it: the store's due and new cards, ordered
//! and cut by [`crate::schedule::queue`]. Reads only what it can show.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use crate::domain::{Card, CardId, DeckId};
use crate::error::Result;
use crate::schedule::budget::{Budget, MEASURED_OVER_DAYS, RecentLog};
use crate::schedule::deadline::average_day;
use crate::schedule::queue::{self, Candidate, new_card_allowances};
use crate::store::Store;

/// New cards a deck introduces per day unless `--new` says otherwise.
pub const DEFAULT_NEW_PER_DAY: usize = 10;

/// Cards a session shows at most unless `--limit` says otherwise (Anki's daily review
/// limit): a backlog is worked off over days, not in one sitting.
pub const DEFAULT_LIMIT: usize = 200;

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
/// cards ([`queue::planned_deck`]), as `plan` plans it. With `tag`, only the cards carrying
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
    let mut allowance = new_card_allowances(&store.new_card_usage(decks, today)?, rules.new_per_day, today, limit);
    let mut due_candidates: Vec<Candidate> = Vec::new();
    if planned.is_empty() {
        due_candidates.extend(due.iter().map(|c| Candidate::of(c, today)));
    } else {
        let log = recent_log(store, today)?;
        let model = store.fsrs_model()?;
        let ids: Vec<DeckId> = planned.iter().map(|(d, _)| d.id).collect();
        due.retain(|c| !ids.contains(&c.deck_id));
        due_candidates.extend(due.iter().map(|c| Candidate::of(c, today)));
        for (deck, minutes) in planned {
            let cards = store.active_cards(deck.id, None)?;
            let budget = minutes.map(|minutes| Budget {
                minutes,
                time: log.time,
            });
            let allowed = allowance.get(&deck.id).copied().unwrap_or(0);
            let (seen, new) = queue::planned_deck(
                &cards,
                today,
                &model,
                allowed,
                budget,
                average_day(&log.cards_per_day(deck.id, today)),
                log.spent_today(deck.id),
            );
            if new > 0 {
                allowance.insert(deck.id, new);
            } else {
                allowance.remove(&deck.id);
            }
            let tagged: std::collections::HashSet<CardId> = cards
                .iter()
                .filter(|c| tag.is_none_or(|tag| c.tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase())))
                .map(|c| c.id)
                .collect();
            let seen: Vec<Candidate> = seen.into_iter().filter(|c| tagged.contains(&c.id)).collect();
            let chosen: std::collections::HashSet<CardId> = seen.iter().map(|c| c.id).collect();
            due_candidates.extend(seen);
            due.extend(cards.into_iter().filter(|c| chosen.contains(&c.id)));
        }
    }
    let mut new = Vec::new();
    for (&deck, &left) in &allowance {
        new.extend(store.new_cards(deck, left, tag)?);
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
            limit: DEFAULT_LIMIT,
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
}

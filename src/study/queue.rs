//! Today's queue as `review` and `due` show it: the store's due and new cards, ordered
//! and cut by [`crate::schedule::queue`]. Reads only what it can show.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::{Card, CardId, DeckId};
use crate::error::Result;
use crate::schedule::queue::{self, Candidate, new_card_allowances};
use crate::store::Store;

/// New cards a deck introduces per day unless `--new` says otherwise.
pub const DEFAULT_NEW_PER_DAY: usize = 10;

/// Cards a session shows at most unless `--limit` says otherwise (Anki's daily review
/// limit): a backlog is worked off over days, not in one sitting.
pub const DEFAULT_LIMIT: usize = 200;

/// Today's queue over `decks` (all when empty), in the order `review` shows it; with
/// `tag`, only the cards carrying it (each deck's new-card quota stays the deck's).
pub fn today(
    store: &Store,
    decks: &[DeckId],
    today: NaiveDate,
    new_per_day: usize,
    limit: usize,
    tag: Option<&str>,
) -> Result<Vec<Card>> {
    let due = store.due_cards(decks, today, limit, tag)?;
    let usage = store.new_card_usage(decks, today)?;
    let allowance = new_card_allowances(&usage, new_per_day, today, limit);
    // New cards follow the due ones, deck by deck: once the first `limit` places are
    // taken, only a deck whose interview is today or tomorrow shows more (those come
    // first), so the other decks' new cards are not read.
    let mut places = due.len();
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
        due.iter().map(|c| Candidate::of(c, today)).collect(),
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
        let queue = today(&store, &[], day, 10, DEFAULT_LIMIT, None).unwrap();
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

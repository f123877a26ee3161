//! Finding cards and showing them: the cards a filter or a search finds (or the weakest
//! of them, by their chance of recall on their deck's readiness day), and one card in full
//! with its history and the questions elsewhere like it.

use chrono::NaiveDate;

use super::suggestions::Suggester;
use crate::domain::{Card, CardId, DeckId, SearchTerms, State};
use crate::error::Result;
use crate::report::cards::{CardList, CardShown, ListedAs, RatedCard};
use crate::schedule::Rules;
use crate::schedule::readiness::target_day;
use crate::store::{CardFilter, Store};

/// The cards `cards` asks for.
#[derive(Debug)]
pub struct Wanted {
    pub filter: CardFilter,
    /// `--search`: cards holding every word, best match first.
    pub search: Option<SearchTerms>,
    pub state: Option<State>,
    /// Questions without an answer or a story.
    pub unanswered: bool,
    /// The N cards seen before least likely to be recalled.
    pub weakest: Option<usize>,
}

/// The cards `wanted` names, each with its chance of recall on its deck's readiness day
/// (its interview, or today when it has none).
pub fn list(store: &mut Store, wanted: Wanted, today: NaiveDate) -> Result<CardList> {
    let mut cards = match &wanted.search {
        Some(terms) => store.search_cards(terms, &wanted.filter)?,
        None => store.cards(&wanted.filter)?,
    };
    if let Some(state) = wanted.state {
        cards.retain(|card| card.state() == state);
    }
    if wanted.unanswered {
        cards.retain(|card| !card.is_answered());
    }
    let model = store.fsrs_model()?;
    let rated = |card: Card| {
        let day = target_day(card.interview, today);
        RatedCard {
            recall: Rules::of(&card, &model).recall_estimate(&card.progress, day),
            day,
            card,
        }
    };
    let show_deck = wanted.filter.deck.is_none();
    let (cards, listed_as) = match (wanted.weakest, wanted.search) {
        (Some(n), _) => {
            let unseen = cards.iter().filter(|c| c.is_new()).count();
            let seen = cards.into_iter().filter(|c| !c.is_new()).map(rated).collect();
            (weakest_first(seen, n), ListedAs::Weakest { unseen })
        }
        (None, Some(terms)) => (cards.into_iter().map(rated).collect(), ListedAs::Search(terms)),
        (None, None) => (cards.into_iter().map(rated).collect(), ListedAs::Table),
    };
    Ok(CardList {
        cards,
        listed_as,
        show_deck,
        unanswered: wanted.unanswered,
        today,
    })
}

/// The `n` weakest: least likely to be recalled first, then the most lapses, then by
/// deck and position.
fn weakest_first(mut scored: Vec<RatedCard>, n: usize) -> Vec<RatedCard> {
    scored.sort_by(|a, b| {
        a.recall
            .total_cmp(&b.recall)
            .then(b.card.progress.lapses.cmp(&a.card.progress.lapses))
            .then(a.card.deck.cmp(&b.card.deck))
            .then(a.card.position.cmp(&b.card.position))
    });
    scored.truncate(n);
    scored
}

/// One card in full. Its history, earlier versions and the similar questions elsewhere
/// are read only for the screen (`for_screen`), which alone shows them.
pub fn show(store: &Store, id: CardId, for_screen: bool) -> Result<CardShown> {
    let card = store.card(id)?;
    let (history, earlier, similar) = if for_screen {
        let similar = if card.kind.back_is_answer() {
            Suggester::load(store)?.for_card(&card)
        } else {
            Vec::new()
        };
        (store.card_history(id)?, store.card_text_versions(id)?, similar)
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    Ok(CardShown {
        card,
        history,
        earlier,
        similar,
    })
}

/// The cards of `decks`, deck by deck (with `all`, suspended and retired ones too).
pub fn cards_of(store: &Store, decks: &[DeckId], all: bool) -> Result<Vec<Card>> {
    let mut cards = Vec::new();
    for &deck in decks {
        cards.extend(store.cards(&CardFilter {
            deck: Some(deck),
            kind: None,
            all,
            tag: None,
        })?);
    }
    Ok(cards)
}

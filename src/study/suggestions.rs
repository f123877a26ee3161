//! Questions at other companies that ask what this one asks: found by wording
//! ([`crate::domain::similarity`]), so an answer or story written once can be reused or linked.

use crate::domain::similarity::{Analyzer, Index, SUGGESTION_THRESHOLD};
use crate::domain::{Card, Kind, Suggestion};
use crate::error::Result;
use crate::store::{CardFilter, Store};

/// How many similar questions are offered at most.
pub const SUGGESTIONS: usize = 3;

/// Every active question and topic, indexed by wording.
pub struct Suggester {
    analyzer: Analyzer,
    index: Index,
    cards: Vec<Card>,
}

impl Suggester {
    /// Indexes the active questions and topics of every deck.
    pub fn load(store: &Store) -> Result<Suggester> {
        let mut cards = store.cards(&CardFilter {
            kind: Some(Kind::Question),
            ..CardFilter::default()
        })?;
        cards.extend(store.cards(&CardFilter {
            kind: Some(Kind::Topic),
            ..CardFilter::default()
        })?);
        let analyzer = Analyzer::default();
        let index = Index::new(&analyzer, cards.iter().map(|c| c.item_text.as_str()));
        Ok(Suggester { analyzer, index, cards })
    }

    /// Questions in other decks most like `card`'s.
    #[must_use]
    pub fn for_card(&self, card: &Card) -> Vec<Suggestion> {
        self.like(&card.item_text, SUGGESTIONS, SUGGESTION_THRESHOLD, |other| {
            other.deck_id != card.deck_id
        })
    }

    /// Questions a story may answer: those like its name, or like its name and text
    /// together (a story is long and a question short, which lowers every cosine, so that
    /// comparison has half the usual bar), best first.
    #[must_use]
    pub fn for_story(&self, name: &str, body: &str, limit: usize) -> Vec<Suggestion> {
        let by_name = self.like(name, limit, SUGGESTION_THRESHOLD, |_| true);
        let by_text = self.like(&format!("{name}\n{body}"), limit, SUGGESTION_THRESHOLD / 2.0, |_| true);
        let mut best: Vec<Suggestion> = Vec::new();
        for found in by_name.into_iter().chain(by_text) {
            match best.iter_mut().find(|b| b.card.id == found.card.id) {
                Some(known) => known.score = known.score.max(found.score),
                None => best.push(found),
            }
        }
        best.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.card.id.cmp(&b.card.id)));
        best.truncate(limit);
        best
    }

    fn like(&self, text: &str, limit: usize, threshold: f64, keep: impl Fn(&Card) -> bool) -> Vec<Suggestion> {
        let query = self.analyzer.terms(text);
        self.index
            .most_similar(&query, limit, threshold, |id| !keep(&self.cards[id]))
            .into_iter()
            .map(|(id, score)| Suggestion {
                card: self.cards[id].clone(),
                score,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_come_from_other_decks_best_first() {
        let mut store = crate::import::test_store(
            "# Company Profile: Acme\n## Common Questions\n- How would you design a scalable model serving system?\n- What are your salary expectations?\n",
        );
        crate::import::add_test_profile(
            &mut store,
            "# Company Profile: Kelp\n## Common Questions\n- How do you approach building scalable ML infrastructure?\n- Tell me about a production incident you owned.\n",
            "/kelp.md",
        );
        let suggester = Suggester::load(&store).unwrap();
        let serving = suggester
            .cards
            .iter()
            .find(|c| c.item_text.contains("serving"))
            .unwrap();
        let found = suggester.for_card(serving);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].card.item_text.contains("ML infrastructure"));
        assert_ne!(found[0].card.deck_id, serving.deck_id);
        let salary = suggester.cards.iter().find(|c| c.item_text.contains("salary")).unwrap();
        assert!(suggester.for_card(salary).is_empty());
    }
}

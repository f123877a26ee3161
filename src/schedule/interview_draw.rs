//! Drawing the questions of a mock interview: at random, weighted toward cards that are
//! weak or have never been rehearsed in a mock, repeatable from a seed.

use super::seeded::Seeded;
use crate::domain::CardId;

/// Questions in a mock unless `--questions` or the config file says otherwise.
pub const DEFAULT_QUESTIONS: usize = 5;

/// Minutes per answer unless `--minutes` or the config file says otherwise.
pub const DEFAULT_MINUTES: f64 = 2.0;

/// The longest time limit per answer, in minutes.
pub const MAX_MINUTES: f64 = 60.0;

/// A card as the draw sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MockCandidate {
    pub id: CardId,
    /// Recall estimate today, 0–1.
    pub recall: f64,
    pub lapses: u32,
    /// Answered in an earlier mock interview.
    pub rehearsed: bool,
}

/// How strongly a card pulls: 1, plus up to 3 for weakness, 2 when never rehearsed in a
/// mock, and half a point per lapse (up to 2).
#[must_use]
pub fn weight(card: &MockCandidate) -> f64 {
    let weakness = 3.0 * (1.0 - card.recall.clamp(0.0, 1.0));
    let fresh = if card.rehearsed { 0.0 } else { 2.0 };
    let lapses = 0.5 * f64::from(card.lapses.min(4));
    1.0 + weakness + fresh + lapses
}

/// Draws up to `n` distinct cards, each with probability in proportion to its weight
/// (Efraimidis–Spirakis: the `n` largest keys `u^(1/w)`). Same seed, same draw.
pub fn draw(candidates: &[MockCandidate], n: usize, rng: &mut Seeded) -> Vec<CardId> {
    let mut keyed: Vec<(f64, CardId)> = candidates
        .iter()
        .map(|c| {
            let u = rng.unit();
            (u.powf(1.0 / weight(c)), c.id)
        })
        .collect();
    keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    keyed.into_iter().take(n).map(|(_, id)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(id: i64, recall: f64, rehearsed: bool) -> MockCandidate {
        MockCandidate {
            id: CardId(id),
            recall,
            lapses: 0,
            rehearsed,
        }
    }

    #[test]
    fn weak_and_fresh_cards_weigh_more() {
        assert!((weight(&candidate(1, 1.0, true)) - 1.0).abs() < 1e-12);
        assert!((weight(&candidate(1, 0.0, false)) - 6.0).abs() < 1e-12);
        assert!(
            (weight(&MockCandidate {
                id: CardId(1),
                recall: 1.0,
                lapses: 9,
                rehearsed: true
            }) - 3.0)
                .abs()
                < 1e-12
        );
    }

    #[test]
    fn a_seed_repeats_the_draw_and_no_card_repeats_within_it() {
        let cards: Vec<MockCandidate> = (1..=20).map(|i| candidate(i, 0.5, false)).collect();
        let first = draw(&cards, 5, &mut Seeded::new(42));
        assert_eq!(first, draw(&cards, 5, &mut Seeded::new(42)));
        assert_ne!(first, draw(&cards, 5, &mut Seeded::new(43)));
        let mut unique = first.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 5);
        assert_eq!(draw(&cards[..3], 5, &mut Seeded::new(1)).len(), 3);
    }

    #[test]
    fn the_draw_leans_toward_weak_unrehearsed_cards() {
        // Ten strong, rehearsed cards (weight 1) and ten weak, fresh ones (weight 6).
        let cards: Vec<MockCandidate> = (1..=20)
            .map(|i| {
                if i <= 10 {
                    candidate(i, 1.0, true)
                } else {
                    candidate(i, 0.0, false)
                }
            })
            .collect();
        let mut rng = Seeded::new(7);
        let mut weak = 0;
        for _ in 0..500 {
            weak += draw(&cards, 3, &mut rng).iter().filter(|id| id.0 > 10).count();
        }
        // Exactly expected about 80% of draws; far more than the 50% of a fair draw.
        assert!(weak > 1100, "{weak} of 1500 draws were weak cards");
    }
}

//! Re-import without loss: pairs a document's items with the deck's existing cards, so
//! that unchanged and lightly edited items keep their card (and its history), new items
//! become cards, and cards whose item is gone are retired.

use std::collections::HashMap;

use crate::domain::{CardId, Kind};

/// Two keys at least this similar (normalised Levenshtein) are the same item, edited.
pub const SIMILARITY_THRESHOLD: f64 = 0.8;

/// At most this many similarity comparisons per document: beyond it (a document rewritten
/// wholesale against a huge deck), unmatched items are simply added and the rest retired,
/// rather than letting the import run for minutes.
pub const COMPARISON_BUDGET: usize = 4_000_000;

/// A card already in the deck, as matching needs to see it.
#[derive(Debug, Clone)]
pub struct Existing {
    pub id: CardId,
    pub kind: Kind,
    pub key: String,
    pub retired: bool,
    /// Whether the card came from the document being imported.
    pub from_this_document: bool,
}

/// An item of the document, by kind and match key.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub kind: Kind,
    pub key: String,
}

/// A card paired with an item of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub card: CardId,
    pub item: usize,
    /// Paired by similarity rather than by identical key.
    pub fuzzy: bool,
    /// The card had been retired and comes back.
    pub restored: bool,
}

/// What importing the document does to the deck.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Indices of items that become new cards.
    pub added: Vec<usize>,
    pub paired: Vec<Pair>,
    /// Cards of this document whose item is gone.
    pub retired: Vec<CardId>,
}

/// Pairs items with cards: identical keys first, then the most similar remaining pairs of
/// the same kind above [`SIMILARITY_THRESHOLD`].
#[must_use]
pub fn plan(existing: &[Existing], incoming: &[Incoming]) -> Plan {
    let mut taken = vec![false; existing.len()];
    let mut paired: Vec<Option<Pair>> = vec![None; incoming.len()];

    // Exact keys: prefer an active card of this document, then any active, then retired.
    let mut by_key: HashMap<(Kind, &str), Vec<usize>> = HashMap::new();
    for (i, card) in existing.iter().enumerate() {
        by_key.entry((card.kind, card.key.as_str())).or_default().push(i);
    }
    for candidates in by_key.values_mut() {
        candidates.sort_by_key(|&i| (existing[i].retired, !existing[i].from_this_document, existing[i].id));
    }
    for (item_index, item) in incoming.iter().enumerate() {
        if let Some(candidates) = by_key.get(&(item.kind, item.key.as_str()))
            && let Some(&card_index) = candidates.iter().find(|&&c| !taken[c])
        {
            taken[card_index] = true;
            paired[item_index] = Some(pair(&existing[card_index], item_index, false));
        }
    }

    // Similar keys among what is left, best pairs first.
    let mut scored = Vec::new();
    let mut budget = COMPARISON_BUDGET;
    for (item_index, item) in incoming.iter().enumerate() {
        if paired[item_index].is_some() {
            continue;
        }
        for (card_index, card) in existing.iter().enumerate() {
            if taken[card_index] || card.kind != item.kind || !lengths_close(&card.key, &item.key) {
                continue;
            }
            if budget == 0 {
                break;
            }
            budget -= 1;
            let score = strsim::normalized_levenshtein(&card.key, &item.key);
            if score >= SIMILARITY_THRESHOLD {
                scored.push((score, item_index, card_index));
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, item_index, card_index) in scored {
        if paired[item_index].is_none() && !taken[card_index] {
            taken[card_index] = true;
            paired[item_index] = Some(pair(&existing[card_index], item_index, true));
        }
    }

    let added = (0..incoming.len()).filter(|&i| paired[i].is_none()).collect();
    let retired = existing
        .iter()
        .zip(&taken)
        .filter(|(card, taken)| !**taken && card.from_this_document && !card.retired)
        .map(|(card, _)| card.id)
        .collect();
    Plan {
        added,
        paired: paired.into_iter().flatten().collect(),
        retired,
    }
}

fn pair(card: &Existing, item: usize, fuzzy: bool) -> Pair {
    Pair {
        card: card.id,
        item,
        fuzzy,
        restored: card.retired,
    }
}

/// Keys whose lengths differ by more than the threshold allows can never be similar
/// enough; skipping them keeps matching cheap.
fn lengths_close(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() < b.len() {
        (a.len(), b.len())
    } else {
        (b.len(), a.len())
    };
    long == 0 || (short as f64) / (long as f64) >= SIMILARITY_THRESHOLD - 0.05
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(id: i64, key: &str, retired: bool, mine: bool) -> Existing {
        Existing {
            id: CardId(id),
            kind: Kind::Question,
            key: key.to_string(),
            retired,
            from_this_document: mine,
        }
    }

    fn item(key: &str) -> Incoming {
        Incoming {
            kind: Kind::Question,
            key: key.to_string(),
        }
    }

    #[test]
    fn identical_edited_new_and_gone_items_are_told_apart() {
        let existing = [
            card(1, "why do you want to work here", false, true),
            card(2, "tell me about a production incident you owned", false, true),
            card(3, "what is your biggest weakness", false, true),
        ];
        let incoming = [
            item("why do you want to work here"),
            item("tell me about a production incident that you owned"),
            item("how do you handle conflict"),
        ];
        let plan = plan(&existing, &incoming);
        assert_eq!(plan.added, vec![2]);
        assert_eq!(plan.retired, vec![CardId(3)]);
        assert_eq!(
            plan.paired,
            vec![
                Pair {
                    card: CardId(1),
                    item: 0,
                    fuzzy: false,
                    restored: false
                },
                Pair {
                    card: CardId(2),
                    item: 1,
                    fuzzy: true,
                    restored: false
                },
            ]
        );
    }

    #[test]
    fn retired_cards_come_back_and_other_documents_cards_stay() {
        let existing = [card(1, "why us", true, true), card(2, "from elsewhere", false, false)];
        let plan = plan(&existing, &[item("why us")]);
        assert_eq!(
            plan.paired,
            vec![Pair {
                card: CardId(1),
                item: 0,
                fuzzy: false,
                restored: true
            }]
        );
        assert!(
            plan.retired.is_empty(),
            "a card owned by another document is never retired here"
        );
    }

    #[test]
    fn kinds_never_pair_across() {
        let existing = [card(1, "why us", false, true)];
        let incoming = [Incoming {
            kind: Kind::Ask,
            key: "why us".into(),
        }];
        let plan = plan(&existing, &incoming);
        assert_eq!(plan.added, vec![0]);
        assert_eq!(plan.retired, vec![CardId(1)]);
    }
}

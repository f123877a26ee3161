//! Re-import without loss: pairs a document's items with the deck's existing cards, so
//! that unchanged and lightly edited items keep their card (and its history), new items
//! become cards, and cards whose item is gone are retired.
//!
//! A deck may be fed by several documents. A card is held by every document that has its
//! item; an item identical to a card another document holds is held by both (one card); a
//! reworded item updates only a card no other document holds (otherwise it becomes a card
//! of its own, and the other document keeps the old one); a card is retired only when no
//! document holds it.

use std::collections::HashMap;

use crate::domain::{CardId, Kind};

/// Two keys at least this similar (normalised Levenshtein) are the same item, edited.
pub const SIMILARITY_THRESHOLD: f64 = 0.8;

/// While unmatched items × unmatched cards stays under this, every pair of them is compared.
/// Beyond it (thousands of items edited at once), each item is compared only with the
/// cards most likely to be its own: those near its place in the document, and those that
/// share one of its rarest words. A few hundred comparisons per item instead of thousands.
pub const EXHAUSTIVE_PAIRS: usize = 250_000;

/// Unmatched cards compared on each side of an item's place in the document (edits seldom
/// move an item far).
const NEIGHBOURS: usize = 16;

/// An item's rarest words through which cards are looked up, and how many cards a word may
/// be on and still be looked up through (a word on more tells little).
const RARE_WORDS: usize = 3;
const CARDS_PER_WORD: usize = 64;

/// A card already in the deck, as matching needs to see it.
#[derive(Debug, Clone)]
pub struct Existing {
    pub id: CardId,
    pub kind: Kind,
    /// Place in the deck's document order.
    pub position: i64,
    pub key: String,
    pub retired: bool,
    /// The document being imported holds the card.
    pub held_here: bool,
    /// Another document of the deck holds the card.
    pub held_elsewhere: bool,
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
    /// Another document holds the card too: this one holds it as well, and leaves its
    /// wording and place to that document.
    pub shared: bool,
}

/// What importing the document does to the deck.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Indices of items that become new cards.
    pub added: Vec<usize>,
    pub paired: Vec<Pair>,
    /// Cards this document held whose item is gone from it, and no other document holds.
    pub retired: Vec<CardId>,
    /// Cards this document held whose item is gone from it, that another document holds.
    pub released: Vec<CardId>,
}

/// Whether two documents holding `ours` and `theirs` items, `shared` of them the same,
/// are one document's content: at least half of each is shared.
#[must_use]
pub fn mostly_shared(shared: usize, ours: usize, theirs: usize) -> bool {
    shared * 2 >= ours.max(1) && shared * 2 >= theirs.max(1)
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
        candidates.sort_by_key(|&i| (existing[i].retired, !existing[i].held_here, existing[i].id));
    }
    for (item_index, item) in incoming.iter().enumerate() {
        if let Some(candidates) = by_key.get(&(item.kind, item.key.as_str()))
            && let Some(&card_index) = candidates.iter().find(|&&c| !taken[c])
        {
            taken[card_index] = true;
            paired[item_index] = Some(pair(&existing[card_index], item_index, false));
        }
    }

    // Similar keys among what is left, best pairs first. Each key is prepared once; a
    // pair is compared only as far as it can still reach the threshold.
    let open_items: Vec<usize> = (0..incoming.len()).filter(|&i| paired[i].is_none()).collect();
    // A card another document holds keeps its wording: it is no candidate for a reworded
    // item of this one.
    let open_cards: Vec<usize> = (0..existing.len())
        .filter(|&c| !taken[c] && !existing[c].held_elsewhere)
        .collect();
    let cards: Vec<Option<Prepared>> = existing
        .iter()
        .zip(&taken)
        .map(|(card, taken)| (!taken && !card.held_elsewhere).then(|| Prepared::of(&card.key)))
        .collect();
    let mut scored = Vec::new();
    for_each_candidate(
        existing,
        incoming,
        &open_items,
        &open_cards,
        |item_index, candidates| {
            let item = &incoming[item_index];
            // Prepared at its first candidate: an import into a new deck has none.
            let mut prepared = None;
            for &card_index in candidates {
                let card = &existing[card_index];
                let Some(other) = &cards[card_index] else {
                    continue;
                };
                if card.kind != item.kind || !lengths_close(&card.key, &item.key) {
                    continue;
                }
                let prepared = prepared.get_or_insert_with(|| Prepared::of(&item.key));
                if let Some(score) = prepared.similarity(other) {
                    scored.push((score, item_index, card_index));
                }
            }
        },
    );
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, item_index, card_index) in scored {
        if paired[item_index].is_none() && !taken[card_index] {
            taken[card_index] = true;
            paired[item_index] = Some(pair(&existing[card_index], item_index, true));
        }
    }

    let added = (0..incoming.len()).filter(|&i| paired[i].is_none()).collect();
    let let_go = || {
        existing
            .iter()
            .zip(&taken)
            .filter(|(card, taken)| !**taken && card.held_here && !card.retired)
            .map(|(card, _)| card)
    };
    Plan {
        added,
        paired: paired.into_iter().flatten().collect(),
        retired: let_go().filter(|c| !c.held_elsewhere).map(|c| c.id).collect(),
        released: let_go().filter(|c| c.held_elsewhere).map(|c| c.id).collect(),
    }
}

/// Hands each unmatched item to `compare` with the unmatched cards it is to be compared
/// with: all of them while that is cheap ([`EXHAUSTIVE_PAIRS`]), else its likely ones.
fn for_each_candidate(
    existing: &[Existing],
    incoming: &[Incoming],
    open_items: &[usize],
    open_cards: &[usize],
    mut compare: impl FnMut(usize, &[usize]),
) {
    if open_items.len().saturating_mul(open_cards.len()) <= EXHAUSTIVE_PAIRS {
        for &item in open_items {
            compare(item, open_cards);
        }
        return;
    }
    let mut in_order = open_cards.to_vec();
    in_order.sort_by_key(|&c| (existing[c].position, existing[c].id));
    let mut by_word: HashMap<&str, Vec<usize>> = HashMap::new();
    for &card in &in_order {
        let mut words: Vec<&str> = existing[card].key.split(' ').collect();
        words.sort_unstable();
        words.dedup();
        for word in words {
            by_word.entry(word).or_default().push(card);
        }
    }
    let mut candidates = Vec::new();
    for (rank, &item) in open_items.iter().enumerate() {
        candidates.clear();
        // The item's place among the unmatched items, mapped onto the unmatched cards.
        let centre = rank * in_order.len() / open_items.len();
        let from = centre.saturating_sub(NEIGHBOURS);
        let to = (centre + NEIGHBOURS + 1).min(in_order.len());
        candidates.extend_from_slice(&in_order[from..to]);
        let mut words: Vec<&Vec<usize>> = incoming[item]
            .key
            .split(' ')
            .filter_map(|word| by_word.get(word))
            .filter(|cards| cards.len() <= CARDS_PER_WORD)
            .collect();
        words.sort_by_key(|cards| cards.len());
        for cards in words.into_iter().take(RARE_WORDS) {
            candidates.extend_from_slice(cards);
        }
        candidates.sort_unstable();
        candidates.dedup();
        compare(item, &candidates);
    }
}

fn pair(card: &Existing, item: usize, fuzzy: bool) -> Pair {
    Pair {
        card: card.id,
        item,
        fuzzy,
        restored: card.retired,
        shared: card.held_elsewhere,
    }
}

/// A key ready to be compared many times: its characters, and how many of each kind of
/// character it has (a cheap lower bound on the edit distance to another key).
struct Prepared {
    chars: Vec<char>,
    histogram: [u16; HISTOGRAM_BUCKETS],
}

/// Letters, digits and space have a bucket each; every other character shares one of the
/// rest (a shared bucket only weakens the bound, never breaks it).
const HISTOGRAM_BUCKETS: usize = 48;

impl Prepared {
    fn of(key: &str) -> Prepared {
        let chars: Vec<char> = key.chars().collect();
        let mut histogram = [0u16; HISTOGRAM_BUCKETS];
        for &c in &chars {
            let bucket = match c {
                'a'..='z' => c as usize - 'a' as usize,
                '0'..='9' => 26 + (c as usize - '0' as usize),
                ' ' => 36,
                _ => 37 + (c as usize) % (HISTOGRAM_BUCKETS - 37),
            };
            histogram[bucket] = histogram[bucket].saturating_add(1);
        }
        Prepared { chars, histogram }
    }

    /// The normalised Levenshtein similarity of the two keys (1 − distance ÷ the longer
    /// length, in characters, as `strsim::normalized_levenshtein` gives it) when it reaches
    /// [`SIMILARITY_THRESHOLD`], `None` otherwise, found without computing the distance of
    /// pairs that cannot reach it.
    fn similarity(&self, other: &Prepared) -> Option<f64> {
        let longer = self.chars.len().max(other.chars.len());
        if longer == 0 {
            return Some(1.0);
        }
        let allowed = max_distance(longer);
        // Each edit changes one character count on each side at most.
        let (mut surplus, mut deficit) = (0usize, 0usize);
        for (a, b) in self.histogram.iter().zip(&other.histogram) {
            if a > b {
                surplus += usize::from(a - b);
            } else {
                deficit += usize::from(b - a);
            }
        }
        if surplus.max(deficit) > allowed {
            return None;
        }
        let distance = bounded_levenshtein(&self.chars, &other.chars, allowed)?;
        let score = 1.0 - distance as f64 / longer as f64;
        (score >= SIMILARITY_THRESHOLD).then_some(score)
    }
}

/// The largest edit distance between keys whose longer one has `longer` characters that
/// still reaches [`SIMILARITY_THRESHOLD`], computed with the same arithmetic as the score.
fn max_distance(longer: usize) -> usize {
    let reaches = |d: usize| 1.0 - d as f64 / longer as f64 >= SIMILARITY_THRESHOLD;
    let mut d = ((1.0 - SIMILARITY_THRESHOLD) * longer as f64) as usize;
    while d > 0 && !reaches(d) {
        d -= 1;
    }
    while d < longer && reaches(d + 1) {
        d += 1;
    }
    d
}

/// The Levenshtein distance of `a` and `b` if it is at most `limit`, else `None`: only the
/// diagonal band of width `limit` is computed, and the work stops as soon as every cell of
/// a row is over the limit.
fn bounded_levenshtein(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    let (a, b) = if a.len() > b.len() { (b, a) } else { (a, b) };
    if b.len() - a.len() > limit {
        return None;
    }
    let over = limit + 1;
    // previous[j] is the distance between a[..i] and b[..j], capped at `over`, which is all
    // a bounded answer needs to know. Only the band |i − j| ≤ limit is computed; the cell
    // just outside it on each side is set to `over`, as the next row reads those.
    let mut previous: Vec<usize> = (0..=b.len()).map(|j| j.min(over)).collect();
    let mut current = vec![over; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        let row = i + 1;
        let from = row.saturating_sub(limit).max(1);
        let to = (row + limit).min(b.len());
        current[0] = row.min(over);
        current[from - 1] = if from == 1 { current[0] } else { over };
        if to < b.len() {
            current[to + 1] = over;
        }
        let mut best = current[from - 1];
        for j in from..=to {
            let substitute = previous[j - 1] + usize::from(ca != b[j - 1]);
            let value = substitute.min(previous[j] + 1).min(current[j - 1] + 1).min(over);
            current[j] = value;
            best = best.min(value);
        }
        if best > limit {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = previous[b.len()];
    (distance <= limit).then_some(distance)
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
            position: id,
            key: key.to_string(),
            retired,
            held_here: mine,
            held_elsewhere: !mine,
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
                    restored: false,
                    shared: false
                },
                Pair {
                    card: CardId(2),
                    item: 1,
                    fuzzy: true,
                    restored: false,
                    shared: false
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
                restored: true,
                shared: false
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

    #[test]
    fn bounded_similarity_agrees_with_the_plain_measure() {
        let words = [
            "why", "us", "now", "team", "lead", "cache", "design", "x", "", "déjà", "vu",
        ];
        let mut keys = Vec::new();
        for a in words {
            for b in words {
                for c in words {
                    keys.push(format!("{a} {b} {c}").trim().to_string());
                }
            }
        }
        keys.push(String::new());
        for a in keys.iter().step_by(7) {
            for b in keys.iter().step_by(5) {
                let plain = strsim::normalized_levenshtein(a, b);
                let expected = (plain >= SIMILARITY_THRESHOLD).then_some(plain);
                assert_eq!(Prepared::of(a).similarity(&Prepared::of(b)), expected, "{a:?} vs {b:?}");
            }
        }
        for limit in 0..6 {
            for a in keys.iter().step_by(11) {
                for b in keys.iter().step_by(13) {
                    let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                    let exact = strsim::levenshtein(a, b);
                    let expected = (exact <= limit).then_some(exact);
                    assert_eq!(
                        bounded_levenshtein(&ac, &bc, limit),
                        expected,
                        "{a:?} vs {b:?} within {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_card_another_document_holds_is_shared_never_reworded_and_only_let_go() {
        let mut both = card(1, "why do you want to work here", false, true);
        both.held_elsewhere = true;
        let theirs = card(2, "tell me about a production incident you owned", false, false);
        let mut mine = card(3, "what is your biggest weakness", false, true);
        mine.held_elsewhere = true;
        let plan = plan(
            &[both, theirs, mine],
            &[
                item("why do you want to work here"),
                item("tell me about a production incident that you owned"),
            ],
        );
        assert_eq!(plan.paired.len(), 1);
        assert!(plan.paired[0].shared, "held by both documents");
        assert_eq!(plan.added, vec![1], "the reworded item is a card of its own");
        assert!(plan.retired.is_empty());
        assert_eq!(plan.released, vec![CardId(3)], "let go, still held by the other");
    }
}

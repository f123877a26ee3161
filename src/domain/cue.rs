//! The cue a talking point's or question to ask's front gives: the word from inside the
//! item that no other item of its deck holds (two words where each alone is shared),
//! weighed by rarity as the similarity code weighs words, never a filler word, a word most
//! items share, or one of the item's opening words. Chosen for a whole deck at once, so
//! no two cards of a deck share a cue.

use std::collections::{HashMap, HashSet};

use super::{CardId, Kind};
use crate::domain::similarity::{Analyzer, rarity};

/// One active card of a deck, as cue choosing sees it.
#[derive(Debug, Clone, Copy)]
pub struct DeckItem<'a> {
    pub id: CardId,
    pub kind: Kind,
    /// The item's own text (the talking point, the question).
    pub text: &'a str,
}

/// Whether a card of this kind shows a cue on its front.
#[must_use]
pub fn shows_cue(kind: Kind) -> bool {
    matches!(kind, Kind::TalkingPoint | Kind::Ask)
}

/// Words too common to jog the memory: function words, and the verbs and nouns every
/// interview item uses.
const COMMON_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "before",
    "being", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "during", "each", "every",
    "few", "first", "for", "from", "get", "give", "had", "has", "have", "he", "her", "here", "him", "his", "how", "i",
    "if", "in", "into", "is", "it", "its", "just", "last", "like", "look", "looks", "made", "make", "many", "me",
    "more", "most", "much", "my", "new", "next", "no", "not", "now", "of", "on", "once", "one", "only", "or", "other",
    "our", "out", "over", "own", "per", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "us",
    "very", "was", "way", "we", "well", "were", "what", "what's", "when", "where", "which", "while", "who", "whom",
    "why", "will", "with", "within", "would", "you", "your", "yours", "you're", "you've", "i'm", "i've", "it's", "let",
    "say", "says", "tell", "think", "want", "work", "worked", "working", "works", "team", "teams", "people", "company",
    "role", "system", "systems", "process", "thing", "things", "time", "times", "day", "days", "year", "years", "week",
    "weeks", "month", "months", "part", "kind", "good", "great", "best", "better", "big", "small", "long", "high",
    "low", "across", "alike", "often", "still", "able", "service", "services", "second", "seconds", "million",
    "thousand", "hundred", "whether", "change", "changed", "changes", "help", "helps", "helped", "reach", "reaches",
    "touch", "touches", "share", "shared", "hear", "heard", "need", "needs", "used", "using", "use", "take", "takes",
    "took", "come", "comes", "keep", "keeps", "going", "wants",
];

/// Filler: words that sound specific and say nothing about which item it is.
const FILLER: &str = "today tomorrow yesterday typical significant important specific particular current overall whole \
    entire main key major various different biggest hardest largest common recent usual general real \
    right lot lots bit stuff something anything everything someone anyone everyone always never ever \
    sometimes usually really actually probably maybe perhaps quite rather almost already around toward \
    towards against among without instead ones ways likely sure far gone went got getting done makes \
    making seen see sees minute minutes hour hours percent";

/// Endings of adverbs (`typically`, `significantly`, `currently`): manner words, never
/// what an item is about.
const ADVERB_ENDINGS: &[&str] = &[
    "ally", "ously", "ively", "ently", "antly", "edly", "ately", "fully", "lessly", "ibly", "ably", "ingly",
];

/// Whether a lower-cased word is filler (looked up in a set: every word of every item of
/// a deck is asked about).
fn is_filler(lower: &str) -> bool {
    static SET: std::sync::OnceLock<HashSet<&str>> = std::sync::OnceLock::new();
    let common = SET.get_or_init(|| COMMON_WORDS.iter().copied().chain(FILLER.split_whitespace()).collect());
    common.contains(lower)
        || (lower.chars().count() >= 6 && ADVERB_ENDINGS.iter().any(|ending| lower.ends_with(ending)))
}

/// The analyzer the similarity code uses, made once.
fn analyzer() -> &'static Analyzer {
    static ANALYZER: std::sync::OnceLock<Analyzer> = std::sync::OnceLock::new();
    ANALYZER.get_or_init(Analyzer::default)
}

/// A hasher for the maps of one deck's choosing, keyed by its own words and numbers (no
/// keys from outside to guard against): a multiply-rotate per 8 bytes instead of
/// SipHash, which cost a fifth of the choosing.
#[derive(Default, Clone, Copy)]
struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Words<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<WordHasher>>;

/// One deck's words, each looked up once: what the similarity code reads it as (its terms,
/// numbered, so that the rest of the choosing compares and looks up numbers), and whether
/// it may be a cue at all. Stemming and classifying every word of every item again cost
/// most of the choosing.
#[derive(Default)]
struct Vocabulary {
    ids: Words<String, u32>,
    /// Each word's terms, by word number.
    terms: Vec<Vec<u32>>,
    /// Whether each word may be a cue, by word number.
    uncommon: Vec<bool>,
    term_ids: Words<String, u32>,
}

impl Vocabulary {
    /// The number of a word as written (`company`: the deck's name's words, lower-cased).
    fn id(&mut self, word: &str, company: &HashSet<String>) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.terms.len() as u32;
        let mut terms = Vec::new();
        for term in analyzer().terms(word).into_vec() {
            let next = self.term_ids.len() as u32;
            terms.push(*self.term_ids.entry(term).or_insert(next));
        }
        self.terms.push(terms);
        let lower = word.to_lowercase();
        self.uncommon.push(
            word.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !is_filler(&lower) && !company.contains(&lower),
        );
        self.ids.insert(word.to_string(), id);
        id
    }
}

/// An item's words as written, each trimmed of punctuation, a possessive taken as its
/// noun (`year's` is as common as `year`).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace().map(|raw| {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        word.strip_suffix("'s")
            .or_else(|| word.strip_suffix("’s"))
            .unwrap_or(word)
    })
}

/// An item's words with their numbers in the deck's [`Vocabulary`].
type ItemWords<'a> = Vec<(&'a str, u32)>;

/// How a word ranks among equally rare ones (higher stands out more).
type Standing = (bool, usize, std::cmp::Reverse<usize>);

/// A word of an item that could be its cue.
#[derive(Debug, Clone)]
struct Candidate<'a> {
    word: &'a str,
    /// Its place among the item's words.
    index: usize,
    /// What the similarity code reads it as (stem, folded synonyms), by number.
    terms: &'a [u32],
    /// Marked words (an acronym, a number in a word, a hyphenated term) stand out most.
    marked: bool,
}

impl Candidate<'_> {
    /// How much the word stands out when rarity is equal: marked, then longer, then earlier.
    fn standing(&self) -> Standing {
        (self.marked, self.word.chars().count(), std::cmp::Reverse(self.index))
    }
}

/// The words of an item that may cue it: not its opening words (its first two, and its
/// first uncommon word when that comes within the first four, which would start the item
/// off), not filler, not a word of the deck's name, not a bare number, not a word the
/// similarity code ignores; each meaning once (its first spelling).
fn candidates<'a>(words: &[(&'a str, u32)], vocabulary: &'a Vocabulary) -> Vec<Candidate<'a>> {
    let uncommon = |index: usize| vocabulary.uncommon[words[index].1 as usize];
    let Some(first_uncommon) = (0..words.len()).position(uncommon) else {
        return Vec::new();
    };
    let opening = if first_uncommon < 4 { first_uncommon + 1 } else { 0 };
    let mut seen: HashSet<&[u32], std::hash::BuildHasherDefault<WordHasher>> = HashSet::default();
    let mut found = Vec::new();
    for (index, &(word, id)) in words.iter().enumerate().skip(opening.max(2)) {
        if !uncommon(index) {
            continue;
        }
        let terms = vocabulary.terms[id as usize].as_slice();
        if terms.is_empty() || !seen.insert(terms) {
            continue;
        }
        found.push(Candidate {
            word,
            index,
            terms,
            marked: word.chars().skip(1).any(char::is_uppercase)
                || word.chars().any(|c| c.is_ascii_digit())
                || word.contains('-'),
        });
    }
    found
}

/// Which items hold each term (by its number), by index (ascending).
struct Holders {
    by_term: Vec<Vec<usize>>,
    items: usize,
}

impl Holders {
    fn new(items: &[ItemWords<'_>], vocabulary: &Vocabulary) -> Holders {
        let mut by_term: Vec<Vec<usize>> = vec![Vec::new(); vocabulary.term_ids.len()];
        for (index, words) in items.iter().enumerate() {
            for &(_, id) in words {
                for &term in &vocabulary.terms[id as usize] {
                    let holders = &mut by_term[term as usize];
                    if holders.last() != Some(&index) {
                        holders.push(index);
                    }
                }
            }
        }
        Holders {
            by_term,
            items: items.len(),
        }
    }

    /// The items holding a term.
    fn list(&self, term: u32) -> &[usize] {
        self.by_term.get(term as usize).map_or(&[][..], Vec::as_slice)
    }

    /// The shortest list of holders of `terms` (none when `terms` is empty).
    fn shortest(&self, terms: impl Iterator<Item = u32>) -> Option<&[usize]> {
        terms.map(|t| self.list(t)).min_by_key(|list| list.len())
    }

    /// How many items hold every one of `terms`: the length of a single term's list, or
    /// the walk of the shortest list against the others.
    fn holding(&self, terms: &[u32]) -> usize {
        match terms {
            [] => 0,
            [only] => self.list(*only).len(),
            _ => self.shortest(terms.iter().copied()).map_or(0, |shortest| {
                shortest
                    .iter()
                    .filter(|i| terms.iter().all(|&t| self.list(t).binary_search(i).is_ok()))
                    .count()
            }),
        }
    }

    /// Whether item `index` is the only one holding every one of `terms`: the walk stops at
    /// the first other item that holds them all.
    fn held_only_by(&self, terms: &(impl Iterator<Item = u32> + Clone), index: usize) -> bool {
        let Some(shortest) = self.shortest(terms.clone()) else {
            return false;
        };
        let holds_all = |i: &usize| terms.clone().all(|t| self.list(t).binary_search(i).is_ok());
        holds_all(&index) && !shortest.iter().any(|i| *i != index && holds_all(i))
    }

    /// A word held by more than half the items (and by more than one) says nothing.
    fn most_share(&self, holders: usize) -> bool {
        holders > 1 && holders * 2 > self.items
    }
}

/// A candidate with how many items hold it, whether its own item alone does, and its
/// rarity weight.
struct Weighed<'a> {
    candidate: Candidate<'a>,
    holders: usize,
    alone: bool,
    weight: f64,
}

/// The cue of every item of `items` (one deck's active cards) that shows one: the word
/// only it holds, or else the two words only it holds together, or else its rarest word no
/// other card's cue is; none when the item has no such word. No two items get the same cue.
#[must_use]
pub fn deck_cues(company: &str, items: &[DeckItem<'_>]) -> HashMap<CardId, String> {
    let company: HashSet<String> = words(company).map(str::to_lowercase).collect();
    let mut vocabulary = Vocabulary::default();
    let item_words: Vec<ItemWords<'_>> = items
        .iter()
        .map(|item| {
            words(item.text)
                .map(|word| (word, vocabulary.id(word, &company)))
                .collect()
        })
        .collect();
    let holders = Holders::new(&item_words, &vocabulary);
    let mut cues: HashMap<CardId, String> = HashMap::new();
    let mut undecided: Vec<(CardId, Vec<Weighed<'_>>)> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        if !shows_cue(item.kind) {
            continue;
        }
        let weighed: Vec<Weighed<'_>> = candidates(&item_words[index], &vocabulary)
            .into_iter()
            .map(|candidate| {
                let held = holders.holding(candidate.terms);
                let weight = rarity(holders.items, held.max(1));
                Weighed {
                    alone: held == 1 && holders.held_only_by(&candidate.terms.iter().copied(), index),
                    candidate,
                    holders: held,
                    weight,
                }
            })
            .filter(|w| !holders.most_share(w.holders))
            .collect();
        match unique_cue(index, &weighed, &holders) {
            Some(cue) => {
                cues.insert(item.id, cue);
            }
            None => undecided.push((item.id, weighed)),
        }
    }
    // Items with no word of their own: the rarest word no other card uses as its cue.
    let mut used: HashSet<String> = cues.values().map(|c| c.to_lowercase()).collect();
    for (id, mut weighed) in undecided {
        weighed.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| b.candidate.standing().cmp(&a.candidate.standing()))
        });
        if let Some(best) = weighed
            .iter()
            .find(|w| !used.contains(&w.candidate.word.to_lowercase()))
        {
            used.insert(best.candidate.word.to_lowercase());
            cues.insert(id, best.candidate.word.to_string());
        }
    }
    cues
}

/// How many of an item's rarest words are tried in pairs.
const PAIRED_WORDS: usize = 12;

/// A cue only item `index` holds: its best word held by no other item, or else the pair of
/// its words that no other item holds both of, the rarest pair first.
fn unique_cue(index: usize, weighed: &[Weighed<'_>], holders: &Holders) -> Option<String> {
    if let Some(single) = weighed
        .iter()
        .filter(|w| w.alone)
        .max_by(|a, b| a.candidate.standing().cmp(&b.candidate.standing()))
    {
        return Some(single.candidate.word.to_string());
    }
    // Pairs among the rarest words only: a long item would otherwise make thousands.
    let mut rarest: Vec<&Weighed<'_>> = weighed.iter().collect();
    rarest.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    rarest.truncate(PAIRED_WORDS);
    let mut best: Option<(f64, Standing, &Candidate<'_>, &Candidate<'_>)> = None;
    for (i, a) in rarest.iter().enumerate() {
        for b in &rarest[i + 1..] {
            let both = a.candidate.terms.iter().chain(b.candidate.terms).copied();
            if !holders.held_only_by(&both, index) {
                continue;
            }
            let weight = a.weight + b.weight;
            let standing = a.candidate.standing().max(b.candidate.standing());
            let better = best
                .as_ref()
                .is_none_or(|(w, s, _, _)| weight.total_cmp(w).then(standing.cmp(s)).is_gt());
            if better {
                best = Some((weight, standing, &a.candidate, &b.candidate));
            }
        }
    }
    best.map(|(_, _, a, b)| {
        let (first, second) = if a.index < b.index { (a, b) } else { (b, a) };
        format!("{}, {}", first.word, second.word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: i64, kind: Kind, text: &str) -> DeckItem<'_> {
        DeckItem {
            id: CardId(id),
            kind,
            text,
        }
    }

    fn cue_of(company: &str, items: &[DeckItem<'_>], id: i64) -> Option<String> {
        deck_cues(company, items).remove(&CardId(id))
    }

    #[test]
    fn a_word_only_one_item_holds_is_its_cue_and_a_shared_one_never_alone() {
        let items = [
            item(
                1,
                Kind::TalkingPoint,
                "Scaled a ledger service to 20k writes per second",
            ),
            item(2, Kind::Ask, "What is the on-call load for the ledger team?"),
            item(
                3,
                Kind::Question,
                "Design a double-entry ledger that never loses a cent.",
            ),
        ];
        let cues = deck_cues("Orbit Payments", &items);
        assert_eq!(cues.get(&CardId(1)).map(String::as_str), Some("writes"));
        assert_eq!(cues.get(&CardId(2)).map(String::as_str), Some("load"));
        assert_eq!(cues.get(&CardId(3)), None, "questions show no cue");
    }

    #[test]
    fn filler_is_never_a_cue() {
        let items = [
            item(
                1,
                Kind::Ask,
                "What does a typical incident look like for the fleet today?",
            ),
            item(2, Kind::Question, "Tell us about a production incident you owned."),
            item(3, Kind::Question, "How would you schedule a fleet of robots?"),
            item(
                4,
                Kind::Ask,
                "How has the platform team's budget significantly changed recently?",
            ),
        ];
        let cue = cue_of("Acme", &items, 1).unwrap();
        assert_eq!(cue, "incident, fleet", "each alone is another item's too");
        assert_eq!(cue_of("Acme", &items, 4).as_deref(), Some("budget"));
    }

    #[test]
    fn a_word_most_items_share_is_never_a_cue() {
        let items = [
            item(1, Kind::Ask, "How does the platform team plan the platform roadmap?"),
            item(2, Kind::Ask, "Who owns platform reliability?"),
            item(3, Kind::Ask, "How is platform spending reviewed?"),
        ];
        for id in 1..=3 {
            let cue = cue_of("Lumen", &items, id).unwrap_or_default();
            assert!(!cue.to_lowercase().contains("platform"), "#{id}: {cue}");
        }
    }

    #[test]
    fn the_company_name_is_never_a_cue() {
        let items = [item(1, Kind::Ask, "What’s the hardest problem you’ve solved at Lumen?")];
        assert_eq!(cue_of("Lumen Health", &items, 1).as_deref(), Some("solved"));
    }

    #[test]
    fn items_alike_but_for_their_opening_still_get_different_cues() {
        let items = [
            item(1, Kind::TalkingPoint, "Built the billing pipeline for payments"),
            item(2, Kind::TalkingPoint, "Rebuilt the billing pipeline for payments"),
            item(3, Kind::Question, "How do you test a scheduler?"),
            item(4, Kind::Question, "Why robotics?"),
        ];
        let cues = deck_cues("Acme", &items);
        let (one, two) = (cues.get(&CardId(1)), cues.get(&CardId(2)));
        assert!(one.is_some() && two.is_some() && one != two, "{cues:?}");
    }

    #[test]
    fn opening_words_are_never_a_cue() {
        let items = [
            item(
                1,
                Kind::Ask,
                "What is the release process for code that touches patient data?",
            ),
            item(2, Kind::Ask, "Which part of the system would you rebuild if you could?"),
        ];
        assert_eq!(cue_of("Harbor", &items, 1).as_deref(), Some("patient"));
        assert_eq!(cue_of("Harbor", &items, 2).as_deref(), Some("rebuild"));
    }

    /// The cue of an item that is its deck's only one.
    fn alone(text: &str) -> Option<String> {
        cue_of("Acme", &[item(1, Kind::TalkingPoint, text)], 1)
    }

    #[test]
    fn cues_prefer_marked_and_long_words_from_inside_the_item() {
        assert_eq!(
            alone("Shipped HIPAA-compliant audit logging for 12 million patient records").as_deref(),
            Some("logging")
        );
        assert_eq!(
            alone("Reduced appointment-booking errors by 30% with idempotent retries").as_deref(),
            Some("idempotent")
        );
        assert_eq!(
            alone("Led the migration from nightly batch files to change-data-capture").as_deref(),
            Some("change-data-capture")
        );
        assert_eq!(alone("What does the first 90 days look like for this role?"), None);
        assert_eq!(alone("Why us?"), None);
        assert_eq!(
            alone("what changed after the last school year's launch?").as_deref(),
            Some("school")
        );
    }
}

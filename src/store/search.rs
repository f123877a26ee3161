//! Full-text search over cards (`cards --search`) through the FTS5 indexes of migration
//! 0009: a card matches when every word searched for starts a word of its front, back,
//! answer, context or section, or of a story linked to it. Best first, by bm25.
//!
//! Since migration 0011 a written card is listed as pending (by triggers, whatever code
//! wrote it) rather than indexed at once, and a search first indexes the pending cards in
//! bulk. A database that cannot be written then (read-only, or held by another writer) is
//! searched through an index of every card built for the search in memory: the same cards
//! found, in the same order.

use std::collections::{HashMap, HashSet};

use rusqlite::params;

use super::cards::{CardFilter, card_from_row, select_cards};
use super::{AtPath, Store};
use crate::domain::{Card, CardId, SearchTerms};
use crate::error::Result;

/// The weight of each column of `card_words` in the rank: a word in the front counts
/// most, the context least.
const CARD_WEIGHTS: &str = "4.0, 2.0, 2.0, 1.0";

/// How much a match through a linked story counts beside one in the card itself (bm25's
/// scores are negative: lower is better).
const STORY_FACTOR: f64 = 0.5;

/// One FTS5 query term: the word as a quoted string (so that nothing the user typed is
/// read as query syntax), matching any word it starts.
fn fts_term(term: &str) -> String {
    format!("\"{}\"*", term.replace('"', "\"\""))
}

/// Every term, all required (FTS5's implicit AND), in any order.
fn fts_all(terms: &SearchTerms) -> String {
    terms.terms().iter().map(|t| fts_term(t)).collect::<Vec<_>>().join(" ")
}

/// Any of the terms.
fn fts_any(terms: &SearchTerms) -> String {
    terms
        .terms()
        .iter()
        .map(|t| fts_term(t))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// The words of a card as the index holds them: `SELECT rowid, front, back, answer,
/// context`, to be followed by the cards to take (`c`).
const CARD_WORDS: &str = "SELECT c.id, c.item_text || ' ' || coalesce(c.own_front, ''),
        c.detail || ' ' || coalesce(c.own_back, ''), c.answer, c.context || ' ' || c.section";

/// The index `search_cards` reads: the database's own, or one built in memory for it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WordIndex {
    Kept,
    InMemory,
}

impl WordIndex {
    /// The FTS5 table's name.
    fn table(self) -> &'static str {
        match self {
            WordIndex::Kept => "card_words",
            WordIndex::InMemory => "card_words_now",
        }
    }
}

/// How long a search waits for another writer before it reads an index built in memory.
const INDEXING_WAIT: std::time::Duration = std::time::Duration::from_millis(200);

impl Store {
    /// Indexes the words of the cards written since the index was last brought up to date:
    /// the old words of changed cards out, every pending card's words in, all in one
    /// statement each (one pass of the tokenizer, a few segments). Returns whether the
    /// index is up to date; false when the database cannot be written now.
    pub fn index_pending_words(&mut self) -> Result<bool> {
        let pending: bool = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM card_words_pending)")
            .and_then(|mut s| s.query_row([], |r| r.get(0)))
            .at(&self.path)?;
        if !pending {
            return Ok(true);
        }
        if self.read_only {
            return Ok(false);
        }
        self.conn.busy_timeout(INDEXING_WAIT).at(&self.path)?;
        let indexed = self.conn.execute_batch(&format!(
            "SAVEPOINT index_words;
             DELETE FROM card_words WHERE rowid IN (SELECT card_id FROM card_words_pending WHERE fresh = 0);
             INSERT INTO card_words (rowid, front, back, answer, context)
                 {CARD_WORDS} FROM card_words_pending p JOIN cards c ON c.id = p.card_id;
             DELETE FROM card_words_pending;
             RELEASE index_words;"
        ));
        if indexed.is_err() {
            let _ = self.conn.execute_batch("ROLLBACK TO index_words; RELEASE index_words;");
        }
        self.conn.busy_handler(Some(super::wait_for_lock)).at(&self.path)?;
        match indexed {
            Ok(()) => Ok(true),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy
                        | rusqlite::ErrorCode::DatabaseLocked
                        | rusqlite::ErrorCode::ReadOnly
                ) =>
            {
                Ok(false)
            }
            Err(e) => Err(e).at(&self.path),
        }
    }

    /// The index to search: the database's own once its pending cards are indexed, or else
    /// one of every card built in memory now.
    fn word_index(&mut self) -> Result<WordIndex> {
        if self.index_pending_words()? {
            return Ok(WordIndex::Kept);
        }
        self.conn
            .execute_batch(&format!(
                "DROP TABLE IF EXISTS temp.card_words_now;
                 CREATE VIRTUAL TABLE temp.card_words_now USING fts5(
                     front, back, answer, context, content = '', tokenize = 'unicode61 remove_diacritics 2');
                 INSERT INTO temp.card_words_now (rowid, front, back, answer, context) {CARD_WORDS} FROM cards c;"
            ))
            .at(&self.path)?;
        Ok(WordIndex::InMemory)
    }

    /// The cards `filter` lets through that match every term, best first: those whose
    /// own words hold them all or one of whose stories does, by rank; then those whose
    /// words and stories hold them between them.
    pub fn search_cards(&mut self, terms: &SearchTerms, filter: &CardFilter) -> Result<Vec<Card>> {
        let index = self.word_index()?;
        let words = index.table();
        let query = fts_all(terms);
        let sql = format!(
            "WITH hits(id, rank) AS (
                 SELECT rowid, bm25({words}, {CARD_WEIGHTS}) FROM {words} WHERE {words} MATCH ?1
                 UNION ALL
                 SELECT l.card_id, bm25(story_words) * {STORY_FACTOR}
                 FROM story_words JOIN story_links l ON l.story_id = story_words.rowid
                 WHERE story_words MATCH ?1
             )
             SELECT h.id FROM hits h JOIN cards c ON c.id = h.id
             WHERE (?2 IS NULL OR c.deck_id = ?2)
               AND (?3 IS NULL OR c.kind = ?3)
               AND (?4 OR (c.retired_at IS NULL AND c.suspended = 0))
               AND (?5 IS NULL OR EXISTS (SELECT 1 FROM card_tags t WHERE t.card_id = c.id AND t.tag = ?5))
             GROUP BY h.id ORDER BY min(h.rank), h.id"
        );
        let mut ranked: Vec<CardId> = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut stmt| {
                stmt.query_map(params![query, filter.deck, filter.kind, filter.all, filter.tag], |r| {
                    r.get(0)
                })?
                .collect::<rusqlite::Result<_>>()
            })
            .at(&self.path)?;
        let mut cards = self.cards_in_order(&ranked)?;
        let found: HashSet<CardId> = ranked.drain(..).collect();
        let between = self.matches_across_stories(terms, &found, index)?;
        let mut more = self.cards_in_order(&between)?;
        more.retain(|card| passes(card, filter));
        cards.extend(more);
        Ok(cards)
    }

    /// The cards linked to a story that hold every term only between their own words and
    /// their stories' (none of them alone), not among `found`, by id.
    fn matches_across_stories(
        &self,
        terms: &SearchTerms,
        found: &HashSet<CardId>,
        index: WordIndex,
    ) -> Result<Vec<CardId>> {
        if terms.terms().len() < 2 {
            return Ok(Vec::new());
        }
        let linked_through = |query: &str| -> Result<HashSet<CardId>> {
            self.conn
                .prepare_cached(
                    "SELECT l.card_id FROM story_words JOIN story_links l ON l.story_id = story_words.rowid
                     WHERE story_words MATCH ?1",
                )
                .and_then(|mut stmt| stmt.query_map([query], |r| r.get(0))?.collect::<rusqlite::Result<_>>())
                .at(&self.path)
        };
        let mut candidates: Vec<CardId> = linked_through(&fts_any(terms))?
            .into_iter()
            .filter(|id| !found.contains(id))
            .collect();
        if candidates.is_empty() {
            return Ok(candidates);
        }
        candidates.sort_unstable();
        let ids = serde_json::to_string(&candidates.iter().map(|id| id.0).collect::<Vec<_>>())
            .unwrap_or_else(|_| "[]".to_string());
        let mut holds: HashMap<CardId, usize> = HashMap::new();
        for term in terms.terms() {
            let term = fts_term(term);
            let mut here: HashSet<CardId> = linked_through(&term)?;
            let words = index.table();
            let own: Vec<CardId> = self
                .conn
                .prepare_cached(&format!(
                    "SELECT rowid FROM {words}
                     WHERE {words} MATCH ?1 AND rowid IN (SELECT value FROM json_each(?2))"
                ))
                .and_then(|mut stmt| {
                    stmt.query_map(params![term, ids], |r| r.get(0))?
                        .collect::<rusqlite::Result<_>>()
                })
                .at(&self.path)?;
            here.extend(own);
            for id in &candidates {
                if here.contains(id) {
                    *holds.entry(*id).or_default() += 1;
                }
            }
        }
        candidates.retain(|id| holds.get(id) == Some(&terms.terms().len()));
        Ok(candidates)
    }

    /// Whole cards for `ids`, in that order.
    fn cards_in_order(&self, ids: &[CardId]) -> Result<Vec<Card>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list =
            serde_json::to_string(&ids.iter().map(|id| id.0).collect::<Vec<_>>()).unwrap_or_else(|_| "[]".to_string());
        let sql = format!(
            "{} JOIN json_each(?1) j ON j.value = c.id ORDER BY j.key",
            select_cards("id IN (SELECT value FROM json_each(?1))")
        );
        let mut stmt = self.conn.prepare_cached(&sql).at(&self.path)?;
        let rows = stmt.query_map([list], card_from_row).at(&self.path)?;
        let mut cards: Vec<Card> = rows.collect::<rusqlite::Result<_>>().at(&self.path)?;
        drop(stmt);
        self.attach_extras(&mut cards)?;
        Ok(cards)
    }
}

/// Whether a card passes the filter (for the few matches the query itself did not
/// filter).
fn passes(card: &Card, filter: &CardFilter) -> bool {
    filter.deck.is_none_or(|deck| deck == card.deck_id)
        && filter.kind.is_none_or(|kind| kind == card.kind)
        && (filter.all || card.state().is_active())
        && filter
            .tag
            .as_ref()
            .is_none_or(|tag| card.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Kind;

    fn ids(cards: &[Card]) -> Vec<i64> {
        cards.iter().map(|c| c.id.0).collect()
    }

    fn search(store: &mut Store, typed: &str, filter: &CardFilter) -> Vec<i64> {
        ids(&store.search_cards(&SearchTerms::parse(typed).unwrap(), filter).unwrap())
    }

    /// Cards 1–4: questions on caching, on a cache in the answer, on queues; a talking
    /// point on caching.
    fn store() -> Store {
        let mut store = crate::import::test_store(
            "# Company Profile: Orbit\n## Potential Questions\n- How would you design a cache for the fleet map?\n- Tell me about an outage you handled.\n- How do you size a queue?\n## Key Talking Points\n- Built the cache layer that cut latency by half\n",
        );
        store
            .set_answer(
                CardId(2),
                "The cache stampede at Orbit: we added request coalescing.",
                &crate::testing::stamp("2026-03-01T09:00:00+00:00"),
            )
            .unwrap();
        store
    }

    #[test]
    fn every_word_in_any_order_by_prefix_best_first() {
        let mut store = store();
        let all = CardFilter::default();
        assert_eq!(search(&mut store, "cache", &all), [1, 4, 2], "front before answer");
        assert_eq!(search(&mut store, "CACH", &all), [1, 4, 2], "a prefix in any case");
        assert_eq!(search(&mut store, "map cache", &all), [1], "every word, any order");
        assert_eq!(search(&mut store, "outage stampede", &all), [2]);
        assert!(search(&mut store, "cache queue", &all).is_empty());
        let questions = CardFilter {
            kind: Some(Kind::Question),
            ..CardFilter::default()
        };
        assert_eq!(search(&mut store, "cache", &questions), [1, 2]);
    }

    #[test]
    fn what_the_user_types_is_never_query_syntax() {
        let mut store = store();
        let all = CardFilter::default();
        for typed in [
            "\"cache",
            "cache*",
            "cache AND",
            "-cache",
            "NEAR(cache",
            "cache OR queue)",
            "^cache:",
        ] {
            let found = store.search_cards(&SearchTerms::parse(typed).unwrap(), &all);
            assert!(found.is_ok(), "{typed:?}: {found:?}");
        }
        assert_eq!(search(&mut store, "\"cache\"", &all), [1, 4, 2]);
    }

    #[test]
    fn a_linked_storys_words_find_its_cards_alone_or_with_the_cards_own() {
        let mut store = store();
        let dispatcher = store
            .create_story(
                "Dispatcher",
                "Rewrote the dispatcher in Rust.",
                "g1",
                &crate::testing::stamp("2026-03-01T09:00:00+00:00"),
            )
            .unwrap();
        store
            .link_story(
                dispatcher,
                &[CardId(3)],
                &crate::testing::stamp("2026-03-01T09:00:00+00:00"),
            )
            .unwrap();
        let all = CardFilter::default();
        assert_eq!(search(&mut store, "dispatcher", &all), [3]);
        assert_eq!(
            search(&mut store, "queue rust", &all),
            [3],
            "one word in the card, one in its story"
        );
        assert!(search(&mut store, "queue python", &all).is_empty());
        store
            .set_suspended(CardId(3), true, &crate::testing::stamp("2026-03-01T09:00:00+00:00"))
            .unwrap();
        assert!(
            search(&mut store, "queue rust", &all).is_empty(),
            "a suspended card needs --all"
        );
        let every = CardFilter {
            all: true,
            ..CardFilter::default()
        };
        assert_eq!(search(&mut store, "queue rust", &every), [3]);
    }
}

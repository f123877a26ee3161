//! Tags on cards: reading them with cards, adding and removing them, counting them.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::value::Value;
use super::versions::{Changer, change};
use super::{AtPath, Store};
use crate::domain::version::Register;
use crate::domain::{Card, CardId, Timestamp};
use crate::error::Result;

/// How many card ids one `IN (…)` list holds when tags are read for a list of cards.
const IDS_PER_QUERY: usize = 500;

/// A tag and how many cards carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagCount {
    pub tag: String,
    /// Active cards (neither suspended nor retired) carrying it.
    pub active: usize,
    /// Every card carrying it.
    pub all: usize,
}

/// Adds `tag` to a card inside the caller's transaction, recorded as a change of that
/// tag on that card; false when the card had it (in any case). A tag already in the
/// database in another case is written as it is there, so that one tag has one spelling.
pub(super) fn add_tag(
    conn: &rusqlite::Connection,
    changer: &Changer,
    card: CardId,
    tag: &str,
) -> rusqlite::Result<bool> {
    let (guid, had): (Option<String>, bool) = conn
        .prepare_cached(
            "SELECT (SELECT guid FROM cards WHERE id = ?1),
                 EXISTS (SELECT 1 FROM card_tags WHERE card_id = ?1 AND tag = ?2)",
        )?
        .query_row(params![card, tag], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let Some(guid) = guid.filter(|_| !had) else {
        return Ok(false);
    };
    let spelling: String = conn
        .prepare_cached("SELECT coalesce((SELECT tag FROM card_tags WHERE tag = ?1 LIMIT 1), ?1)")?
        .query_row([tag], |r| r.get(0))?;
    change(
        conn,
        changer,
        &Register::tag(&guid, &spelling),
        Some(&Value::Tag(spelling.clone())),
    )
}

/// Removes `tag` (in any case) from a card, recorded as a change; false when it had none.
fn remove_tag(conn: &rusqlite::Connection, changer: &Changer, card: CardId, tag: &str) -> rusqlite::Result<bool> {
    let guid: Option<String> = conn
        .prepare_cached(
            "SELECT c.guid FROM cards c JOIN card_tags t ON t.card_id = c.id WHERE c.id = ?1 AND t.tag = ?2",
        )?
        .query_row(params![card, tag], |r| r.get(0))
        .optional()?;
    match guid {
        Some(guid) => change(conn, changer, &Register::tag(&guid, tag), None),
        None => Ok(false),
    }
}

impl Store {
    /// Fills in each card's tags, read only for the cards given.
    pub(super) fn attach_tags(&self, cards: &mut [Card]) -> Result<()> {
        let any: bool = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM card_tags)")
            .and_then(|mut s| s.query_row([], |r| r.get(0)))
            .at(&self.path)?;
        if !any || cards.is_empty() {
            return Ok(());
        }
        let mut by_card: HashMap<CardId, Vec<String>> = HashMap::new();
        for chunk in cards.chunks(IDS_PER_QUERY) {
            // The ids are integers read from the database: safe to write into the SQL.
            let ids: Vec<String> = chunk.iter().map(|c| c.id.to_string()).collect();
            let sql = format!(
                "SELECT card_id, tag FROM card_tags WHERE card_id IN ({}) ORDER BY card_id, tag COLLATE NOCASE",
                ids.join(",")
            );
            let mut stmt = self.conn.prepare(&sql).at(&self.path)?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, CardId>(0)?, r.get::<_, String>(1)?)))
                .at(&self.path)?;
            for row in rows {
                let (card, tag) = row.at(&self.path)?;
                by_card.entry(card).or_default().push(tag);
            }
        }
        for card in cards {
            if let Some(tags) = by_card.remove(&card.id) {
                card.tags = tags;
            }
        }
        Ok(())
    }

    /// Adds `tag` to each card (all in one transaction); returns how many did not have it.
    /// An unknown card id refuses the whole command.
    pub fn add_tag(&mut self, tag: &str, cards: &[CardId], now: &Timestamp) -> Result<usize> {
        self.change_tags(tag, cards, now, true)
    }

    /// Removes `tag` (in any case) from each card; returns how many had it.
    pub fn remove_tag(&mut self, tag: &str, cards: &[CardId], now: &Timestamp) -> Result<usize> {
        self.change_tags(tag, cards, now, false)
    }

    fn change_tags(&mut self, tag: &str, cards: &[CardId], now: &Timestamp, add: bool) -> Result<usize> {
        let changer = self.changer()?;
        let path = self.path.clone();
        let tx = self.write()?;
        let mut cards_changed = 0;
        for &card in cards {
            let exists = tx
                .prepare_cached("UPDATE cards SET updated_at = ?2 WHERE id = ?1")
                .and_then(|mut s| s.execute(params![card, now]))
                .at(&path)?;
            if exists == 0 {
                tx.rollback().at(&path)?;
                return Err(crate::error::Error::UnknownCard(card.to_string()));
            }
            let did = if add {
                add_tag(&tx, &changer, card, tag).at(&path)?
            } else {
                remove_tag(&tx, &changer, card, tag).at(&path)?
            };
            cards_changed += usize::from(did);
        }
        tx.commit().at(&path)?;
        Ok(cards_changed)
    }

    /// Every tag with its card counts, by name (any case).
    pub fn tag_counts(&self) -> Result<Vec<TagCount>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT t.tag, sum(c.suspended = 0 AND c.retired_at IS NULL), count(*)
                 FROM card_tags t JOIN cards c ON c.id = t.card_id
                 GROUP BY t.tag ORDER BY t.tag COLLATE NOCASE",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(TagCount {
                    tag: r.get(0)?,
                    active: r.get::<_, i64>(1)? as usize,
                    all: r.get::<_, i64>(2)? as usize,
                })
            })
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::CardFilter;

    fn store_with_cards() -> (Store, Vec<CardId>) {
        let mut store = Store::open_in_memory().unwrap();
        let profile = crate::profile::parse(
            b"# Company Profile: Orbit\n## Potential Questions\n- Why Orbit?\n- Why now?\n- Why you?\n",
            "orbit",
        )
        .unwrap();
        let doc = crate::import::DocumentImport {
            deck: "Orbit",
            deck_flag: None,
            path: "/orbit.md",
            content_hash: "0",
            items: &profile.items,
            notes: &profile.notes,
            stamp: &crate::testing::stamp("2026-03-01T09:00:00+00:00"),
        };
        let mut guids = crate::domain::card::GuidSource::new(1, 1);
        crate::import::import_document(&mut store, &doc, &mut guids, false).unwrap();
        let ids = store
            .cards(&CardFilter::default())
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        (store, ids)
    }

    #[test]
    fn tags_are_one_per_card_in_any_case_and_filter_the_cards() {
        let (mut store, ids) = store_with_cards();
        let now = &crate::testing::stamp("2026-03-02T09:00:00+00:00");
        assert_eq!(store.add_tag("Systems", &ids[..2], now).unwrap(), 2);
        assert_eq!(
            store.add_tag("systems", &ids, now).unwrap(),
            1,
            "only the third lacked it"
        );
        store.add_tag("behavioural", &ids[2..], now).unwrap();
        let tagged = |store: &Store, tag: &str| -> Vec<CardId> {
            let filter = CardFilter {
                tag: Some(tag.to_string()),
                ..CardFilter::default()
            };
            store.cards(&filter).unwrap().iter().map(|c| c.id).collect()
        };
        assert_eq!(tagged(&store, "SYSTEMS"), ids);
        assert_eq!(store.card(ids[2]).unwrap().tags, ["behavioural", "Systems"]);
        assert_eq!(store.remove_tag("SYSTEMS", &ids[..1], now).unwrap(), 1);
        assert_eq!(tagged(&store, "systems"), ids[1..]);
        let counts = store.tag_counts().unwrap();
        assert_eq!(
            counts.iter().map(|t| (t.tag.as_str(), t.all)).collect::<Vec<_>>(),
            [("behavioural", 1), ("Systems", 2)]
        );
    }

    #[test]
    fn an_unknown_card_refuses_the_whole_tagging() {
        let (mut store, ids) = store_with_cards();
        let now = &crate::testing::stamp("2026-03-02T09:00:00+00:00");
        let err = store.add_tag("x", &[ids[0], CardId(999)], now).unwrap_err();
        assert!(matches!(err, crate::error::Error::UnknownCard(_)));
        assert!(store.tag_counts().unwrap().is_empty(), "nothing was tagged");
    }

    #[test]
    fn the_search_index_follows_every_write_of_a_card() {
        let (mut store, ids) = store_with_cards();
        let matches = |store: &mut Store, query: &str| -> Vec<i64> {
            assert!(store.index_pending_words().unwrap(), "the pending cards are indexed");
            let mut stmt = store
                .conn
                .prepare("SELECT rowid FROM card_words WHERE card_words MATCH ?1 ORDER BY rowid")
                .unwrap();
            stmt.query_map([query], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        assert_eq!(matches(&mut store, "orbit"), [ids[0].0]);
        store
            .set_answer(
                ids[1],
                "Kafka streams at scale",
                &crate::testing::stamp("2026-03-02T09:00:00+00:00"),
            )
            .unwrap();
        assert_eq!(matches(&mut store, "kafk*"), [ids[1].0]);
        store
            .set_answer(ids[1], "", &crate::testing::stamp("2026-03-02T09:00:00+00:00"))
            .unwrap();
        assert!(matches(&mut store, "kafka").is_empty(), "the old words are gone");
        store.conn.execute("DELETE FROM cards WHERE id = ?1", [ids[0]]).unwrap();
        assert!(matches(&mut store, "orbit").is_empty());
    }
}

//! Each card's cue, chosen for its whole deck at once (see [`crate::domain::cue`]) and
//! kept in `cards.cue` (migration 0011): worked out again for a marked deck before the
//! change that marked it commits, and written with a new deck's cards by an import. A
//! deck marked by a change that has not committed yet (or by a writer that is not
//! prepdeck) has its cues worked out as its cards are read, and kept for as long as the
//! database is unchanged (by this connection or another), so a session that reads one card
//! at a time reads each deck's items once, not once per card.

use std::cell::RefCell;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

use rusqlite::{Connection, params};

use super::{AtPath, Store};
use crate::domain::cue::{DeckItem, deck_cues, shows_cue};
use crate::domain::{Card, CardId, DeckId, Kind};
use crate::error::Result;

/// The cues of the marked decks read so far, and the state of the database they were read
/// in.
#[derive(Debug, Default)]
pub(super) struct CueCache(RefCell<CachedCues>);

#[derive(Debug, Default)]
struct CachedCues {
    /// `PRAGMA data_version` (moves when another connection commits) and this
    /// connection's count of changed rows (moves with each of its own writes).
    state: Option<(i64, u64)>,
    decks: HashMap<DeckId, HashMap<CardId, String>>,
}

/// How a kept cue is stored: `''` for a card that has none (NULL is "not worked out").
fn stored(cue: Option<&String>) -> &str {
    cue.map_or("", String::as_str)
}

/// The cues of new cards that are all the cards of a new deck named `deck`, in the order
/// given (as their ids will be): each one's cue as [`stored`] keeps it.
#[must_use]
pub(super) fn new_deck_cues(deck: &str, items: &[(i64, Kind, &str)]) -> Vec<String> {
    // Read in document order, as a marked deck's cards are (`ORDER BY position, id`).
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (items[i].0, i));
    let deck_items: Vec<DeckItem<'_>> = order
        .iter()
        .map(|&i| DeckItem {
            id: CardId(i as i64),
            kind: items[i].1,
            text: items[i].2,
        })
        .collect();
    let cues = deck_cues(deck, &deck_items);
    (0..items.len())
        .map(|i| stored(cues.get(&CardId(i as i64))).to_string())
        .collect()
}

/// The cues of one deck's active cards, from every one of its items.
fn read_deck_cues(conn: &Connection, deck: DeckId) -> rusqlite::Result<HashMap<CardId, String>> {
    let name: String = conn
        .prepare_cached("SELECT name FROM decks WHERE id = ?1")?
        .query_row([deck], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, item_text FROM cards WHERE deck_id = ?1 AND retired_at IS NULL ORDER BY position, id",
    )?;
    let rows: Vec<(CardId, Kind, String)> = stmt
        .query_map([deck], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let items: Vec<DeckItem<'_>> = rows
        .iter()
        .map(|(id, kind, text)| DeckItem {
            id: *id,
            kind: *kind,
            text,
        })
        .collect();
    Ok(deck_cues(&name, &items))
}

/// Works out the cues of every marked deck again, keeps them, and clears the marks: run
/// before a change commits, so that readers find every cue kept.
pub(super) fn recue_marked_decks(conn: &Connection) -> rusqlite::Result<()> {
    let marked: Vec<DeckId> = conn
        .prepare_cached("SELECT id FROM decks WHERE cues_stale")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for deck in marked {
        let cues = read_deck_cues(conn, deck)?;
        let mut kept =
            conn.prepare_cached("SELECT id, kind, retired_at IS NOT NULL, cue FROM cards WHERE deck_id = ?1")?;
        let changes: Vec<(CardId, Option<String>)> = kept
            .query_map([deck], |r| {
                Ok((
                    r.get::<_, CardId>(0)?,
                    r.get::<_, Kind>(1)?,
                    r.get::<_, bool>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?
            .filter_map(|row| {
                let (id, kind, retired, cue) = match row {
                    Ok(row) => row,
                    Err(e) => return Some(Err(e)),
                };
                // A retired card's cue is worked out if it comes back.
                let wanted = (!retired).then(|| stored(cues.get(&id).filter(|_| shows_cue(kind))).to_string());
                (cue != wanted).then_some(Ok((id, wanted)))
            })
            .collect::<rusqlite::Result<_>>()?;
        let mut write = conn.prepare_cached("UPDATE cards SET cue = ?1 WHERE id = ?2")?;
        for (id, cue) in changes {
            write.execute(params![cue, id])?;
        }
        conn.prepare_cached("UPDATE decks SET cues_stale = 0 WHERE id = ?1")?
            .execute([deck])?;
    }
    Ok(())
}

impl Store {
    /// Gives each card that shows a cue its deck's cue for it: the kept one, or for a
    /// marked deck one worked out now.
    pub(super) fn attach_cues(&self, cards: &mut [Card]) -> Result<()> {
        let wanted = |card: &Card| shows_cue(card.kind) && !card.retired;
        if !cards.iter().any(wanted) {
            return Ok(());
        }
        let ids: Vec<i64> = cards.iter().filter(|c| wanted(c)).map(|c| c.id.0).collect();
        let list = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".to_string());
        // Each wanted card's kept cue, or None when its deck is marked.
        let kept: HashMap<CardId, Option<String>> = self
            .conn
            .prepare_cached(
                "SELECT c.id, CASE WHEN d.cues_stale THEN NULL ELSE c.cue END
                 FROM cards c JOIN decks d ON d.id = c.deck_id
                 WHERE c.id IN (SELECT value FROM json_each(?1))",
            )
            .and_then(|mut stmt| {
                stmt.query_map([list], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()
            })
            .at(&self.path)?;
        let mut worked_out = false;
        for card in cards.iter_mut().filter(|c| wanted(c)) {
            if let Some(Some(cue)) = kept.get(&card.id) {
                card.cue = (!cue.is_empty()).then(|| cue.clone());
            } else {
                worked_out = true;
            }
        }
        if !worked_out {
            return Ok(());
        }
        let state = (
            self.conn
                .query_row("PRAGMA data_version", [], |r| r.get::<_, i64>(0))
                .at(&self.path)?,
            self.conn.total_changes(),
        );
        let mut cache = self.cues.0.borrow_mut();
        if cache.state != Some(state) {
            cache.decks.clear();
            cache.state = Some(state);
        }
        for card in cards.iter_mut().filter(|c| wanted(c)) {
            if matches!(kept.get(&card.id), Some(Some(_))) {
                continue;
            }
            let cues = match cache.decks.entry(card.deck_id) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(slot) => slot.insert(read_deck_cues(&self.conn, card.deck_id).at(&self.path)?),
            };
            card.cue = cues.get(&card.id).cloned();
        }
        Ok(())
    }
}

//! Each card's cue, chosen for its whole deck at once (see [`crate::domain::cue`]) when
//! its cards are read. A deck's cues are kept for as long as the database is unchanged
//! (by this connection or another), so a session that reads one card at a time reads
//! each deck's items once, not once per card.

use std::cell::RefCell;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::{AtPath, Store};
use crate::domain::cue::{DeckItem, deck_cues, shows_cue};
use crate::domain::{Card, CardId, DeckId, Kind};
use crate::error::Result;

/// The cues of the decks read so far, and the state of the database they were read in.
#[derive(Debug, Default)]
pub(super) struct CueCache(RefCell<CachedCues>);

#[derive(Debug, Default)]
struct CachedCues {
    /// `PRAGMA data_version` (moves when another connection commits) and this
    /// connection's count of changed rows (moves with each of its own writes).
    state: Option<(i64, u64)>,
    decks: HashMap<DeckId, HashMap<CardId, String>>,
}

impl Store {
    /// Gives each card that shows a cue its deck's cue for it.
    pub(super) fn attach_cues(&self, cards: &mut [Card]) -> Result<()> {
        let wanted = |card: &Card| shows_cue(card.kind) && !card.retired;
        if !cards.iter().any(wanted) {
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
            let cues = match cache.decks.entry(card.deck_id) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(slot) => slot.insert(self.read_deck_cues(card.deck_id)?),
            };
            card.cue = cues.get(&card.id).cloned();
        }
        Ok(())
    }

    /// The cues of one deck's active cards, from every one of its items.
    fn read_deck_cues(&self, deck: DeckId) -> Result<HashMap<CardId, String>> {
        let name: String = self
            .conn
            .prepare_cached("SELECT name FROM decks WHERE id = ?1")
            .and_then(|mut s| s.query_row([deck], |r| r.get(0)))
            .at(&self.path)?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, kind, item_text FROM cards WHERE deck_id = ?1 AND retired_at IS NULL ORDER BY position, id",
            )
            .at(&self.path)?;
        let rows: Vec<(CardId, Kind, String)> = stmt
            .query_map([deck], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .at(&self.path)?
            .collect::<rusqlite::Result<_>>()
            .at(&self.path)?;
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
}

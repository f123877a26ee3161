//! Writing one imported document into its deck, in one transaction: the documents already
//! known (to find the deck a document fed, or the document a moved file was), the deck and
//! the document's row, the deck's cards as the import compares them (with which documents
//! hold each), and the writes the import decided on (cards updated in place — schedule,
//! history and answer untouched — added, held, let go, retired). The decisions themselves
//! are the importer's.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::decks::{EnsuredDeck, ensure_deck};
use super::{AtPath, Store, Write};
use crate::domain::card::GuidSource;
use crate::domain::{CardId, DeckId, DocumentNote, Kind, NoteEntry, NoteTopic, Place, Timestamp};
use crate::error::{Error, Result};
use crate::profile::Item;

/// A card of the deck as an import compares it with the document's items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredItem {
    pub id: CardId,
    pub kind: Kind,
    pub section: String,
    pub text: String,
    pub detail: String,
    pub context: String,
    pub position: i64,
    pub retired: bool,
    /// The document being imported holds the card.
    pub held_here: bool,
    /// Another document of the deck holds the card.
    pub held_elsewhere: bool,
}

/// An active card of a deck with the paths of the documents that hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardHolders {
    pub id: CardId,
    pub kind: Kind,
    pub text: String,
    pub held_by: Vec<String>,
}

/// A document imported before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownDocument {
    pub id: i64,
    pub deck: DeckId,
    /// Its canonical path when it was last imported.
    pub path: String,
}

/// A row of `SELECT id, deck_id, path FROM documents`.
fn known_document_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<KnownDocument> {
    Ok(KnownDocument {
        id: r.get(0)?,
        deck: r.get(1)?,
        path: r.get(2)?,
    })
}

/// One document's import before its deck is chosen: the transaction is open, and the
/// documents known so far can be read. [`DocumentChooser::open`] turns it into the
/// [`DocumentWriter`].
pub struct DocumentChooser<'s> {
    tx: Write<'s>,
    path: std::path::PathBuf,
    stamp: Timestamp,
}

/// One document being written into its deck: everything happens in one transaction (a
/// savepoint inside a batch), committed by [`DocumentWriter::finish`].
pub struct DocumentWriter<'s> {
    tx: Write<'s>,
    path: std::path::PathBuf,
    deck: EnsuredDeck,
    document_id: i64,
    stamp: Timestamp,
    /// The deck was created by this import and has no cards yet.
    new_deck: bool,
}

/// The deck a document goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeckChoice<'a> {
    /// The deck of this name, created if missing.
    Named(&'a str),
    /// This deck (the one the document fed before).
    Known(DeckId),
}

impl Store {
    /// Starts importing one document.
    pub fn begin_document(&mut self, stamp: &Timestamp) -> Result<DocumentChooser<'_>> {
        let path = self.path.clone();
        let tx = self.write()?;
        Ok(DocumentChooser {
            tx,
            path,
            stamp: stamp.clone(),
        })
    }
}

impl<'s> DocumentChooser<'s> {
    /// The document last imported from `document` (a canonical path), in any deck.
    pub fn known_document(&self, document: &str) -> Result<Option<KnownDocument>> {
        self.tx
            .query_row(
                "SELECT id, deck_id, path FROM documents WHERE path = ?1 ORDER BY imported_at DESC, id DESC LIMIT 1",
                [document],
                known_document_row,
            )
            .optional()
            .at(&self.path)
    }

    /// Every document imported before (of one deck, or of all).
    pub fn known_documents(&self, deck: Option<DeckId>) -> Result<Vec<KnownDocument>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT id, deck_id, path FROM documents WHERE ?1 IS NULL OR deck_id = ?1 ORDER BY id")
            .at(&self.path)?;
        let rows = stmt.query_map([deck], known_document_row).at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// Whether a deck of this name (in any case) exists.
    pub fn deck_exists(&self, name: &str) -> Result<bool> {
        self.tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM decks WHERE name_key = ?1)",
                [name.trim().to_lowercase()],
                |r| r.get(0),
            )
            .at(&self.path)
    }

    /// The document imported before with this id.
    pub fn known_document_by_id(&self, id: i64) -> Result<Option<KnownDocument>> {
        self.tx
            .prepare_cached("SELECT id, deck_id, path FROM documents WHERE id = ?1")
            .and_then(|mut s| s.query_row([id], known_document_row).optional())
            .at(&self.path)
    }

    /// `PRAGMA data_version`: it moves when another connection commits.
    pub fn data_version(&self) -> Result<i64> {
        self.tx
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .at(&self.path)
    }

    /// Hands each card a document holds (of one document, or of every one) to `visit`:
    /// the document, and the card's kind, text and detail.
    pub fn visit_held_items(&self, document: Option<i64>, mut visit: impl FnMut(i64, Kind, &str, &str)) -> Result<()> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT h.document_id, c.kind, c.item_text, c.detail FROM document_cards h JOIN cards c ON c.id = h.card_id
                 WHERE ?1 IS NULL OR h.document_id = ?1",
            )
            .at(&self.path)?;
        let mut rows = stmt.query([document]).at(&self.path)?;
        while let Some(row) = rows.next().at(&self.path)? {
            let kind: Kind = row.get(1).at(&self.path)?;
            let text = row
                .get_ref(2)
                .and_then(|v| Ok(v.as_str()?.to_string()))
                .at(&self.path)?;
            let detail = row
                .get_ref(3)
                .and_then(|v| Ok(v.as_str()?.to_string()))
                .at(&self.path)?;
            visit(row.get(0).at(&self.path)?, kind, &text, &detail);
        }
        Ok(())
    }

    /// The items (kind, text, detail) of the cards a document holds.
    pub fn held_items(&self, document: i64) -> Result<Vec<(Kind, String, String)>> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT c.kind, c.item_text, c.detail FROM document_cards h JOIN cards c ON c.id = h.card_id
                 WHERE h.document_id = ?1",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([document], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// Chooses the deck and the document's row: the row of `moved` (a document imported
    /// before from a path now gone) takes the new path; otherwise the document's row in that
    /// deck is found or made.
    pub fn open(
        self,
        deck: DeckChoice<'_>,
        document: &str,
        content_hash: &str,
        moved: Option<i64>,
    ) -> Result<DocumentWriter<'s>> {
        let ensured = match deck {
            DeckChoice::Named(name) => ensure_deck(&self.tx, name, &self.stamp).at(&self.path)?,
            DeckChoice::Known(id) => {
                let name: String = self
                    .tx
                    .query_row("SELECT name FROM decks WHERE id = ?1", [id], |r| r.get(0))
                    .optional()
                    .at(&self.path)?
                    .ok_or(Error::DeckGone(id))?;
                EnsuredDeck {
                    id,
                    name,
                    created: false,
                }
            }
        };
        let document_id = match moved {
            Some(id) => {
                self.tx
                    .execute(
                        "UPDATE documents SET path = ?1, content_hash = ?2, imported_at = ?3 WHERE id = ?4",
                        params![document, content_hash, self.stamp, id],
                    )
                    .at(&self.path)?;
                id
            }
            None => self
                .tx
                .query_row(
                    "INSERT INTO documents (deck_id, path, content_hash, imported_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (deck_id, path) DO UPDATE SET content_hash = excluded.content_hash, imported_at = excluded.imported_at
                     RETURNING id",
                    params![ensured.id, document, content_hash, self.stamp],
                    |r| r.get(0),
                )
                .at(&self.path)?,
        };
        Ok(DocumentWriter {
            tx: self.tx,
            path: self.path,
            new_deck: ensured.created,
            deck: ensured,
            document_id,
            stamp: self.stamp,
        })
    }
}

impl DocumentWriter<'_> {
    /// The document's row.
    #[must_use]
    pub fn document_id(&self) -> i64 {
        self.document_id
    }

    #[must_use]
    pub fn deck_id(&self) -> DeckId {
        self.deck.id
    }

    /// The deck's name as stored: an existing deck keeps the spelling it was created with.
    #[must_use]
    pub fn deck_name(&self) -> &str {
        &self.deck.name
    }

    #[must_use]
    pub fn deck_created(&self) -> bool {
        self.deck.created
    }

    /// Every card of the deck, retired ones included, oldest first; not the cards added by
    /// hand, which no document holds, so that no import pairs, changes or retires one.
    pub fn stored_items(&self) -> Result<Vec<StoredItem>> {
        stored_items(&self.tx, &self.path, self.deck.id, self.document_id)
    }

    /// Gives a card its item's new wording and place (and brings it back if it was
    /// retired), leaving its schedule, history and answer as they are; the document holds
    /// it.
    pub fn update(&self, card: CardId, item: &Item, position: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE cards SET document_id = ?1, section = ?2, item_text = ?3, detail = ?4, context = ?5,
                     position = ?6, retired_at = NULL, updated_at = ?7
                 WHERE id = ?8",
            )
            .and_then(|mut s| {
                s.execute(params![
                    self.document_id,
                    item.section,
                    item.text,
                    item.detail,
                    item.context,
                    position,
                    self.stamp,
                    card
                ])
            })
            .at(&self.path)?;
        self.hold(card)
    }

    /// Records that the document holds a card (whose item it has).
    pub fn hold(&self, card: CardId) -> Result<()> {
        hold(&self.tx, self.document_id, card).at(&self.path)
    }

    /// Records that the document no longer holds a card (another document still does).
    pub fn release(&self, card: CardId) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM document_cards WHERE document_id = ?1 AND card_id = ?2")
            .and_then(|mut s| s.execute(params![self.document_id, card]))
            .at(&self.path)?;
        Ok(())
    }

    /// Adds new cards for `(position, item)` pairs, held by the document. The first
    /// cards written into a deck this import created are all its cards, so each is
    /// written with its place in its list (see migration 0008) and nothing is renumbered
    /// when the document commits.
    pub fn insert(&mut self, items: &[(i64, &Item)], guids: &mut GuidSource) -> Result<()> {
        // The same holds for cues (migration 0011): a new deck's are worked out from these
        // items alone and written with them.
        let (places, cues) = if std::mem::take(&mut self.new_deck) {
            let texts: Vec<(i64, Kind, &str)> = items
                .iter()
                .map(|(position, item)| (*position, item.kind, item.text.as_str()))
                .collect();
            (
                places_in_new_deck(items),
                super::cues::new_deck_cues(&self.deck.name, &texts)
                    .into_iter()
                    .map(Some)
                    .collect(),
            )
        } else {
            (vec![None; items.len()], vec![None; items.len()])
        };
        // Many rows per statement: SQLite opens and closes its cursors once per statement,
        // which otherwise costs as much as the rows themselves. One statement serves every
        // full chunk.
        let mut full = None;
        for ((chunk, places), cues) in items
            .chunks(ROWS_PER_INSERT)
            .zip(places.chunks(ROWS_PER_INSERT))
            .zip(cues.chunks(ROWS_PER_INSERT))
        {
            if chunk.len() == ROWS_PER_INSERT && full.is_none() {
                full = Some(self.insert_statements(ROWS_PER_INSERT).at(&self.path)?);
            }
            let mut partial = None;
            let (insert, hold) = match &mut full {
                Some(statements) if chunk.len() == ROWS_PER_INSERT => statements,
                _ => partial.insert(self.insert_statements(chunk.len()).at(&self.path)?),
            };
            let new_guids: Vec<String> = chunk.iter().map(|_| guids.next_guid()).collect();
            let places: Vec<(Option<u32>, Option<u32>)> =
                places.iter().map(|p| (p.map(|p| p.number), p.map(|p| p.of))).collect();
            // The deck, the document and the stamp once (`?1`–`?3`), then each card's own.
            let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(3 + chunk.len() * VALUES_PER_CARD);
            values.extend_from_slice(&[&self.deck.id as &dyn rusqlite::ToSql, &self.document_id, &self.stamp]);
            for ((((position, item), guid), (number, size)), cue) in chunk.iter().zip(&new_guids).zip(&places).zip(cues)
            {
                values.extend_from_slice(&[
                    guid as &dyn rusqlite::ToSql,
                    &item.kind,
                    &item.section,
                    &item.text,
                    &item.detail,
                    &item.context,
                    position,
                    number,
                    size,
                    cue,
                ]);
            }
            let ids: Vec<CardId> = insert
                .query_map(values.as_slice(), |r| r.get(0))
                .at(&self.path)?
                .collect::<rusqlite::Result<_>>()
                .at(&self.path)?;
            let mut holding: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(ids.len() + 1);
            holding.push(&self.document_id);
            holding.extend(ids.iter().map(|id| id as &dyn rusqlite::ToSql));
            hold.execute(holding.as_slice()).at(&self.path)?;
        }
        Ok(())
    }

    /// The statements that write `rows` new cards and record that the document holds them.
    fn insert_statements(
        &self,
        rows: usize,
    ) -> rusqlite::Result<(rusqlite::CachedStatement<'_>, rusqlite::CachedStatement<'_>)> {
        static FULL: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
        let sql;
        let (insert, hold) = if rows == ROWS_PER_INSERT {
            FULL.get_or_init(|| (insert_sql(ROWS_PER_INSERT), hold_sql(ROWS_PER_INSERT)))
        } else {
            sql = (insert_sql(rows), hold_sql(rows));
            &sql
        };
        Ok((self.tx.prepare_cached(insert)?, self.tx.prepare_cached(hold)?))
    }

    /// The deck's active cards that came from documents (not added by hand), in document
    /// order, each with the paths of the documents that hold it (none for a card no
    /// document holds).
    pub fn document_cards(&self) -> Result<Vec<CardHolders>> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT c.id, c.kind, c.item_text, d.path FROM cards c
                     LEFT JOIN document_cards h ON h.card_id = c.id
                     LEFT JOIN documents d ON d.id = h.document_id
                 WHERE c.deck_id = ?1 AND c.retired_at IS NULL AND NOT c.by_hand
                 ORDER BY c.position, c.id, d.path",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([self.deck.id], |r| {
                Ok((
                    r.get::<_, CardId>(0)?,
                    r.get::<_, Kind>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })
            .at(&self.path)?;
        let mut cards: Vec<CardHolders> = Vec::new();
        for row in rows {
            let (id, kind, text, path) = row.at(&self.path)?;
            if cards.last().is_none_or(|last| last.id != id) {
                cards.push(CardHolders {
                    id,
                    kind,
                    text,
                    held_by: Vec::new(),
                });
            }
            if let (Some(path), Some(card)) = (path, cards.last_mut()) {
                card.held_by.push(path);
            }
        }
        Ok(cards)
    }

    /// Retires a card whose item no document holds any more: hidden, its history kept.
    pub fn retire(&self, card: CardId) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE cards SET retired_at = ?1, updated_at = ?1 WHERE id = ?2")
            .and_then(|mut s| s.execute(params![self.stamp, card]))
            .at(&self.path)?;
        self.tx
            .prepare_cached("DELETE FROM document_cards WHERE card_id = ?1")
            .and_then(|mut s| s.execute([card]))
            .at(&self.path)?;
        Ok(())
    }

    /// Replaces the document's notes (keywords, mission and values) with `notes`.
    pub fn set_notes(&self, notes: &[DocumentNote]) -> Result<()> {
        self.tx
            .execute("DELETE FROM document_notes WHERE document_id = ?1", [self.document_id])
            .at(&self.path)?;
        let mut insert = self
            .tx
            .prepare_cached(
                "INSERT INTO document_notes (document_id, position, topic, heading, depth, entry)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .at(&self.path)?;
        let entries = notes
            .iter()
            .flat_map(|note| note.entries.iter().map(move |entry| (note, entry)));
        for (position, (note, entry)) in entries.enumerate() {
            insert
                .execute(params![
                    self.document_id,
                    position as i64,
                    note.topic.as_str(),
                    note.heading,
                    entry.depth as i64,
                    entry.text
                ])
                .at(&self.path)?;
        }
        Ok(())
    }

    /// Commits the document's writes, or with `keep` false (a dry run) drops them all.
    pub fn finish(self, keep: bool) -> Result<()> {
        self.tx.finish(keep).at(&self.path)
    }
}

/// Records that a document holds a card, unless it already does (or was added by hand:
/// no document holds one of those).
pub(super) fn hold(conn: &rusqlite::Connection, document: i64, card: CardId) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO document_cards (document_id, card_id)
         SELECT ?1, id FROM cards WHERE id = ?2 AND by_hand = 0",
    )?
    .execute(params![document, card])?;
    Ok(())
}

/// Cards written per INSERT statement during an import.
const ROWS_PER_INSERT: usize = 64;

/// Values bound for each inserted card, after the three all the cards share (see
/// [`insert_sql`]).
const VALUES_PER_CARD: usize = 10;

/// Each item's place in its list when `items` are every card of a new deck, all from one
/// document: its number among the items of its kind and section in document order (by
/// position, then by the order they are written in, as ids are given), and their count.
/// Only talking points and questions to ask are numbered, as in [`super::cards`].
fn places_in_new_deck(items: &[(i64, &Item)]) -> Vec<Option<Place>> {
    let mut lists: HashMap<(Kind, &str), Vec<usize>> = HashMap::new();
    for (index, (_, item)) in items.iter().enumerate() {
        if matches!(item.kind, Kind::TalkingPoint | Kind::Ask) {
            lists.entry((item.kind, item.section.as_str())).or_default().push(index);
        }
    }
    let mut places = vec![None; items.len()];
    for mut list in lists.into_values() {
        list.sort_by_key(|&index| (items[index].0, index));
        let of = list.len() as u32;
        for (rank, index) in list.into_iter().enumerate() {
            places[index] = Some(Place {
                number: rank as u32 + 1,
                of,
            });
        }
    }
    places
}

/// `INSERT OR IGNORE INTO document_cards …` of `rows` cards (`?2`…) held by document `?1`.
fn hold_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows).map(|row| format!("(?1, ?{})", row + 2)).collect();
    format!(
        "INSERT OR IGNORE INTO document_cards (document_id, card_id) VALUES {}",
        values.join(", ")
    )
}

/// `INSERT INTO cards … VALUES (…), (…) RETURNING id` for `rows` cards of the same deck
/// (`?1`), document (`?2`) and stamp (`?3`, both created and updated), each with
/// [`VALUES_PER_CARD`] values of its own.
fn insert_sql(rows: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO cards (deck_id, document_id, guid, kind, section, item_text, detail, context, position, \
         created_at, updated_at, list_number, list_size, cue) VALUES ",
    );
    for row in 0..rows {
        let p = 3 + row * VALUES_PER_CARD;
        if row > 0 {
            sql.push(',');
        }
        sql.push_str(&format!(
            "(?1, ?2, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?3, ?3, ?{}, ?{}, ?{})",
            p + 1,
            p + 2,
            p + 3,
            p + 4,
            p + 5,
            p + 6,
            p + 7,
            p + 8,
            p + 9,
            p + 10
        ));
    }
    sql.push_str(" RETURNING id");
    sql
}

/// Every card of `deck` an import may pair, change or retire, retired ones included,
/// oldest first (`document` holds the ones marked held here): not the cards added by
/// hand, which no document or file holds.
pub(super) fn stored_items(
    tx: &rusqlite::Connection,
    path: &std::path::Path,
    deck: DeckId,
    document: i64,
) -> Result<Vec<StoredItem>> {
    let mut stmt = tx
        .prepare_cached(
            "SELECT c.id, c.kind, c.section, c.item_text, c.detail, c.context, c.position, c.retired_at IS NOT NULL,
                 EXISTS (SELECT 1 FROM document_cards h WHERE h.card_id = c.id AND h.document_id = ?2),
                 EXISTS (SELECT 1 FROM document_cards h WHERE h.card_id = c.id AND h.document_id != ?2)
             FROM cards c WHERE c.deck_id = ?1 AND c.by_hand = 0 ORDER BY c.id",
        )
        .at(path)?;
    let rows = stmt
        .query_map(params![deck, document], |r| {
            Ok(StoredItem {
                id: r.get(0)?,
                kind: r.get(1)?,
                section: r.get(2)?,
                text: r.get(3)?,
                detail: r.get(4)?,
                context: r.get(5)?,
                position: r.get(6)?,
                retired: r.get(7)?,
                held_here: r.get(8)?,
                held_elsewhere: r.get(9)?,
            })
        })
        .at(path)?;
    rows.collect::<rusqlite::Result<_>>().at(path)
}

impl Store {
    /// The notes of a deck's documents, document by document in the order they were first
    /// imported, each in document order.
    pub fn deck_notes(&self, deck: DeckId) -> Result<Vec<DocumentNote>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT n.document_id, n.topic, n.heading, n.depth, n.entry
                 FROM document_notes n JOIN documents d ON d.id = n.document_id
                 WHERE d.deck_id = ?1 ORDER BY d.id, n.position",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([deck], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .at(&self.path)?;
        let mut notes: Vec<(i64, DocumentNote)> = Vec::new();
        for row in rows {
            let (document, topic, heading, depth, text) = row.at(&self.path)?;
            // The table's CHECK allows only the names `from_stored` knows.
            let Some(topic) = NoteTopic::from_stored(&topic) else {
                continue;
            };
            let entry = NoteEntry {
                depth: usize::try_from(depth).unwrap_or(0),
                text,
            };
            match notes.last_mut() {
                Some((doc, note)) if *doc == document && note.topic == topic && note.heading == heading => {
                    note.entries.push(entry);
                }
                _ => notes.push((
                    document,
                    DocumentNote {
                        topic,
                        heading,
                        entries: vec![entry],
                    },
                )),
            }
        }
        Ok(notes.into_iter().map(|(_, note)| note).collect())
    }
}

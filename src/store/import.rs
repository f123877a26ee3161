//! Writing one imported document into its deck, in one transaction: the deck and the
//! document's row, the deck's cards as the import compares them, and the writes the
//! import decided on (cards updated in place — schedule, history and answer untouched —
//! added, retired). The decisions themselves are the importer's.

use rusqlite::params;

use super::decks::{EnsuredDeck, ensure_deck};
use super::{AtPath, Store, Write};
use crate::domain::card::GuidSource;
use crate::domain::{CardId, DeckId, DocumentNote, Kind, NoteEntry, NoteTopic};
use crate::error::Result;
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
    /// The card came from the document being imported.
    pub from_this_document: bool,
}

/// One document being written into its deck: everything happens in one transaction (a
/// savepoint inside a batch), committed by [`DocumentWriter::finish`].
pub struct DocumentWriter<'s> {
    tx: Write<'s>,
    path: std::path::PathBuf,
    deck: EnsuredDeck,
    document_id: i64,
    stamp: String,
}

impl Store {
    /// Starts writing the document at `document` (its canonical path: its identity across
    /// re-imports) into the deck named `deck`, creating the deck if needed.
    pub fn begin_document(
        &mut self,
        deck: &str,
        document: &str,
        content_hash: &str,
        stamp: &str,
    ) -> Result<DocumentWriter<'_>> {
        let path = self.path.clone();
        let tx = self.write()?;
        let deck = ensure_deck(&tx, deck, stamp).at(&path)?;
        let document_id: i64 = tx
            .query_row(
                "INSERT INTO documents (deck_id, path, content_hash, imported_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (deck_id, path) DO UPDATE SET content_hash = excluded.content_hash, imported_at = excluded.imported_at
                 RETURNING id",
                params![deck.id, document, content_hash, stamp],
                |r| r.get(0),
            )
            .at(&path)?;
        Ok(DocumentWriter {
            tx,
            path,
            deck,
            document_id,
            stamp: stamp.to_string(),
        })
    }
}

impl DocumentWriter<'_> {
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

    /// Every card of the deck, retired ones included, oldest first.
    pub fn stored_items(&self) -> Result<Vec<StoredItem>> {
        let mut stmt = self
            .tx
            .prepare_cached(
                "SELECT id, kind, section, item_text, detail, context, position, retired_at IS NOT NULL, document_id IS ?2
                 FROM cards WHERE deck_id = ?1 ORDER BY id",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map(params![self.deck.id, self.document_id], |r| {
                Ok(StoredItem {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    section: r.get(2)?,
                    text: r.get(3)?,
                    detail: r.get(4)?,
                    context: r.get(5)?,
                    position: r.get(6)?,
                    retired: r.get(7)?,
                    from_this_document: r.get(8)?,
                })
            })
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// Gives a card its item's new wording and place (and brings it back if it was
    /// retired), leaving its schedule, history and answer as they are.
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
        Ok(())
    }

    /// Records that an unchanged card now comes from this document.
    pub fn claim(&self, card: CardId) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE cards SET document_id = ?1 WHERE id = ?2 AND document_id IS NOT ?1")
            .and_then(|mut s| s.execute(params![self.document_id, card]))
            .at(&self.path)?;
        Ok(())
    }

    /// Adds new cards for `(position, item)` pairs.
    pub fn insert(&self, items: &[(i64, &Item)], guids: &mut GuidSource) -> Result<()> {
        // Many rows per INSERT: SQLite opens and closes its cursors once per statement,
        // which otherwise costs as much as the rows themselves.
        for chunk in items.chunks(ROWS_PER_INSERT) {
            let mut insert = if chunk.len() == ROWS_PER_INSERT {
                static FULL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
                self.tx.prepare_cached(FULL.get_or_init(|| insert_sql(ROWS_PER_INSERT)))
            } else {
                self.tx.prepare_cached(&insert_sql(chunk.len()))
            }
            .at(&self.path)?;
            let new_guids: Vec<String> = chunk.iter().map(|_| guids.next_guid()).collect();
            let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(chunk.len() * 10);
            for ((position, item), guid) in chunk.iter().zip(&new_guids) {
                values.extend_from_slice(&[
                    &self.deck.id as &dyn rusqlite::ToSql,
                    &self.document_id,
                    guid,
                    &item.kind,
                    &item.section,
                    &item.text,
                    &item.detail,
                    &item.context,
                    position,
                    &self.stamp,
                ]);
            }
            insert.execute(values.as_slice()).at(&self.path)?;
        }
        Ok(())
    }

    /// Retires a card whose item is gone: hidden, its history kept.
    pub fn retire(&self, card: CardId) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE cards SET retired_at = ?1, updated_at = ?1 WHERE id = ?2")
            .and_then(|mut s| s.execute(params![self.stamp, card]))
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
        if keep {
            self.tx.commit().at(&self.path)
        } else {
            self.tx.rollback().at(&self.path)
        }
    }
}

/// Cards written per INSERT statement during an import.
const ROWS_PER_INSERT: usize = 64;

/// `INSERT INTO cards … VALUES (…), (…)` for `rows` cards of ten values each.
fn insert_sql(rows: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO cards (deck_id, document_id, guid, kind, section, item_text, detail, context, position, created_at, updated_at) VALUES ",
    );
    for row in 0..rows {
        let p = row * 10;
        if row > 0 {
            sql.push(',');
        }
        sql.push_str(&format!(
            "(?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{}, ?{})",
            p + 1,
            p + 2,
            p + 3,
            p + 4,
            p + 5,
            p + 6,
            p + 7,
            p + 8,
            p + 9,
            p + 10,
            p + 10
        ));
    }
    sql
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

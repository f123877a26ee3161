//! Writing one imported document into its deck, in one transaction: new cards added,
//! matched cards updated in place (schedule, history and answer untouched), cards whose
//! item is gone retired.

use rusqlite::params;

use super::decks::ensure_deck;
use super::{AtPath, Store};
use crate::domain::card::GuidSource;
use crate::domain::{DeckId, Kind};
use crate::error::Result;
use crate::profile::Item;
use crate::profile::reconcile::{self, Existing, Incoming};

/// One document to import into a deck.
#[derive(Debug, Clone)]
pub struct DocumentImport<'a> {
    pub deck: &'a str,
    /// The document's canonical path: its identity across re-imports.
    pub path: &'a str,
    pub content_hash: &'a str,
    pub items: &'a [Item],
    pub stamp: &'a str,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    pub deck_id: DeckId,
    pub deck: String,
    pub deck_created: bool,
    /// (kind, text) of each card added.
    pub added: Vec<(Kind, String)>,
    /// (kind, old text, new text) of each card whose item was edited.
    pub changed: Vec<(Kind, String, String)>,
    /// (kind, text) of retired cards that came back.
    pub restored: Vec<(Kind, String)>,
    /// (kind, text) of each card retired.
    pub retired: Vec<(Kind, String)>,
    pub unchanged: usize,
}

/// A stored card as the import compares it.
struct StoredCard {
    id: i64,
    kind: Kind,
    key: String,
    retired: bool,
    mine: bool,
    text: String,
    /// Section, detail and context.
    fields: [String; 3],
    position: i64,
}

impl Store {
    /// Imports one document. With `dry_run` the transaction is rolled back: nothing is
    /// written, but the outcome says exactly what would have happened.
    pub fn import_document(
        &mut self,
        doc: &DocumentImport<'_>,
        guids: &mut GuidSource,
        dry_run: bool,
    ) -> Result<ImportOutcome> {
        let path = self.path.clone();
        let tx = self.write()?;
        let ensured = ensure_deck(&tx, doc.deck, doc.stamp).at(&path)?;
        let deck_id = ensured.id;
        let document_id: i64 = tx
            .query_row(
                "INSERT INTO documents (deck_id, path, content_hash, imported_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (deck_id, path) DO UPDATE SET content_hash = excluded.content_hash, imported_at = excluded.imported_at
                 RETURNING id",
                params![deck_id, doc.path, doc.content_hash, doc.stamp],
                |r| r.get(0),
            )
            .at(&path)?;

        let stored = load_deck_cards(&tx, deck_id, document_id).at(&path)?;
        let existing: Vec<Existing> = stored
            .iter()
            .map(|c| Existing {
                id: c.id,
                kind: c.kind,
                key: c.key.clone(),
                retired: c.retired,
                from_this_document: c.mine,
            })
            .collect();
        let incoming: Vec<Incoming> = doc
            .items
            .iter()
            .map(|i| Incoming {
                kind: i.kind,
                key: i.key.clone(),
            })
            .collect();
        let plan = reconcile::plan(&existing, &incoming);

        let mut outcome = ImportOutcome {
            deck_id,
            deck: ensured.name,
            deck_created: ensured.created,
            ..ImportOutcome::default()
        };
        let by_id: std::collections::HashMap<i64, &StoredCard> = stored.iter().map(|c| (c.id, c)).collect();
        {
            let mut update = tx
                .prepare_cached(
                    "UPDATE cards SET document_id = ?1, section = ?2, item_text = ?3, detail = ?4, context = ?5,
                         position = ?6, retired_at = NULL, updated_at = ?7
                     WHERE id = ?8",
                )
                .at(&path)?;
            let mut claim = tx
                .prepare_cached("UPDATE cards SET document_id = ?1 WHERE id = ?2 AND document_id IS NOT ?1")
                .at(&path)?;
            for pair in &plan.paired {
                let item = &doc.items[pair.item];
                let card = by_id[&pair.card];
                let position = pair.item as i64;
                let fields = [&item.section, &item.detail, &item.context];
                let same_fields = card.fields.iter().zip(fields).all(|(a, b)| a == b);
                if card.text == item.text && same_fields && card.position == position && !card.retired {
                    claim.execute(params![document_id, card.id]).at(&path)?;
                    outcome.unchanged += 1;
                    continue;
                }
                update
                    .execute(params![
                        document_id,
                        item.section,
                        item.text,
                        item.detail,
                        item.context,
                        position,
                        doc.stamp,
                        card.id
                    ])
                    .at(&path)?;
                if pair.restored {
                    outcome.restored.push((item.kind, item.text.clone()));
                } else if card.text != item.text || card.fields[1] != item.detail {
                    outcome.changed.push((item.kind, card.text.clone(), item.text.clone()));
                } else {
                    outcome.unchanged += 1;
                }
            }
            // Many rows per INSERT: SQLite opens and closes its cursors once per statement,
            // which otherwise costs as much as the rows themselves.
            for chunk in plan.added.chunks(ROWS_PER_INSERT) {
                let mut insert = if chunk.len() == ROWS_PER_INSERT {
                    static FULL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
                    tx.prepare_cached(FULL.get_or_init(|| insert_sql(ROWS_PER_INSERT)))
                } else {
                    tx.prepare_cached(&insert_sql(chunk.len()))
                }
                .at(&path)?;
                let new_guids: Vec<String> = chunk.iter().map(|_| guids.next_guid()).collect();
                let positions: Vec<i64> = chunk.iter().map(|&i| i as i64).collect();
                let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(chunk.len() * 10);
                for (n, &index) in chunk.iter().enumerate() {
                    let item = &doc.items[index];
                    values.extend_from_slice(&[
                        &deck_id as &dyn rusqlite::ToSql,
                        &document_id,
                        &new_guids[n],
                        &item.kind,
                        &item.section,
                        &item.text,
                        &item.detail,
                        &item.context,
                        &positions[n],
                        &doc.stamp,
                    ]);
                }
                insert.execute(values.as_slice()).at(&path)?;
                outcome
                    .added
                    .extend(chunk.iter().map(|&i| (doc.items[i].kind, doc.items[i].text.clone())));
            }
            let mut retire = tx
                .prepare_cached("UPDATE cards SET retired_at = ?1, updated_at = ?1 WHERE id = ?2")
                .at(&path)?;
            for id in &plan.retired {
                retire.execute(params![doc.stamp, id]).at(&path)?;
                let card = by_id[id];
                outcome.retired.push((card.kind, card.text.clone()));
            }
        }
        if dry_run {
            tx.rollback().at(&path)?;
        } else {
            tx.commit().at(&path)?;
        }
        Ok(outcome)
    }
}

fn load_deck_cards(tx: &rusqlite::Connection, deck_id: DeckId, document_id: i64) -> rusqlite::Result<Vec<StoredCard>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, kind, retired_at IS NOT NULL, document_id IS ?2, item_text, section, detail, context, position
         FROM cards WHERE deck_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![deck_id, document_id], |r| {
        let kind: Kind = r.get(1)?;
        let text: String = r.get(4)?;
        let detail: String = r.get(6)?;
        Ok(StoredCard {
            id: r.get(0)?,
            kind,
            key: crate::profile::item_key(kind, &text, &detail),
            retired: r.get(2)?,
            mine: r.get(3)?,
            text,
            fields: [r.get(5)?, detail, r.get(7)?],
            position: r.get(8)?,
        })
    })?;
    rows.collect()
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

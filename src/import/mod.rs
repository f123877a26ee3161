//! Importing: finding and reading profile files and backups, and bringing one document's
//! items into its deck without loss — unchanged and lightly edited items keep their card
//! (and its history), new items become cards, cards whose item is gone are retired.

pub mod restore;
pub mod sources;

use crate::domain::card::GuidSource;
use crate::domain::{DeckId, Kind};
use crate::error::Result;
use crate::profile::Item;
use crate::profile::reconcile::{self, Existing, Incoming};
use crate::store::{Store, StoredItem};

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
    pub added: Vec<ItemChange>,
    pub changed: Vec<ItemEdit>,
    /// Retired cards that came back.
    pub restored: Vec<ItemChange>,
    pub retired: Vec<ItemChange>,
    pub unchanged: usize,
}

/// An item added, restored or retired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChange {
    pub kind: Kind,
    pub text: String,
}

/// An item whose wording changed: its card keeps its history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemEdit {
    pub kind: Kind,
    pub from: String,
    pub to: String,
}

/// Imports one document in one transaction. With `dry_run` nothing is written, but the
/// outcome says exactly what would have happened.
pub fn import_document(
    store: &mut Store,
    doc: &DocumentImport<'_>,
    guids: &mut GuidSource,
    dry_run: bool,
) -> Result<ImportOutcome> {
    let writer = store.begin_document(doc.deck, doc.path, doc.content_hash, doc.stamp)?;
    let stored = writer.stored_items()?;
    let plan = reconcile::plan(&existing(&stored), &incoming(doc.items));
    let mut outcome = ImportOutcome {
        deck_id: writer.deck_id(),
        deck: writer.deck_name().to_string(),
        deck_created: writer.deck_created(),
        ..ImportOutcome::default()
    };
    let by_id: std::collections::HashMap<_, &StoredItem> = stored.iter().map(|c| (c.id, c)).collect();
    for pair in &plan.paired {
        let item = &doc.items[pair.item];
        let card = by_id[&pair.card];
        let position = pair.item as i64;
        let same_text = card.text == item.text && card.detail == item.detail;
        let same_place = card.section == item.section && card.context == item.context && card.position == position;
        if same_text && same_place && !card.retired {
            writer.claim(card.id)?;
            outcome.unchanged += 1;
            continue;
        }
        writer.update(card.id, item, position)?;
        if pair.restored {
            outcome.restored.push(change(item.kind, &item.text));
        } else if same_text {
            outcome.unchanged += 1;
        } else {
            outcome.changed.push(ItemEdit {
                kind: item.kind,
                from: card.text.clone(),
                to: item.text.clone(),
            });
        }
    }
    let added: Vec<(i64, &Item)> = plan.added.iter().map(|&i| (i as i64, &doc.items[i])).collect();
    writer.insert(&added, guids)?;
    outcome.added = added.iter().map(|(_, item)| change(item.kind, &item.text)).collect();
    for id in &plan.retired {
        writer.retire(*id)?;
        let card = by_id[id];
        outcome.retired.push(change(card.kind, &card.text));
    }
    writer.finish(!dry_run)?;
    Ok(outcome)
}

fn change(kind: Kind, text: &str) -> ItemChange {
    ItemChange {
        kind,
        text: text.to_string(),
    }
}

/// The deck's cards as matching sees them.
fn existing(stored: &[StoredItem]) -> Vec<Existing> {
    stored
        .iter()
        .map(|c| Existing {
            id: c.id,
            kind: c.kind,
            position: c.position,
            key: crate::profile::item_key(c.kind, &c.text, &c.detail),
            retired: c.retired,
            from_this_document: c.from_this_document,
        })
        .collect()
}

/// The document's items as matching sees them.
fn incoming(items: &[Item]) -> Vec<Incoming> {
    items
        .iter()
        .map(|i| Incoming {
            kind: i.kind,
            key: i.key.clone(),
        })
        .collect()
}

/// An in-memory store holding one imported profile (dated 2026-03-01), for tests.
#[cfg(test)]
pub(crate) fn test_store(profile: &str) -> Store {
    let profile = crate::profile::parse(profile.as_bytes(), "test").expect("a test profile parses");
    let mut store = Store::open_in_memory().expect("an in-memory store opens");
    let doc = DocumentImport {
        deck: &profile.company,
        path: "/test.md",
        content_hash: "0",
        items: &profile.items,
        stamp: "2026-03-01T09:00:00+00:00",
    };
    import_document(&mut store, &doc, &mut GuidSource::new(0, 0), false).expect("a test profile imports");
    store
}

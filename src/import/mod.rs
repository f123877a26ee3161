//! Importing: finding and reading profile files and backups (`pipeline` runs a whole
//! `import`, `write` writes one file), and bringing one document's items into its deck
//! without loss — unchanged and lightly edited items keep their card
//! (and its history), new items become cards, cards whose item is gone are retired.
//!
//! A document stays tied to the deck it fed: re-imported from the same path it updates
//! that deck whatever the deck or the document's title is called now (`--deck` still
//! chooses). A path never seen before whose content is mostly that of a document whose
//! file is gone is that document, moved: it takes over the old document's cards. One whose
//! content is nearly all that of a document still in its place and names the same company,
//! when no deck has that name, is an edited copy of it: it goes into that document's deck (renamed since),
//! beside it. With `prune`, cards that no document still on disk holds are retired.

pub mod notes;
pub mod package;
pub mod pipeline;
pub mod sources;
mod write;

use std::collections::{HashMap, HashSet};

use crate::domain::card::GuidSource;
use crate::domain::{DeckId, DocumentNote, Kind, Timestamp};
use crate::error::Result;
use crate::profile::Item;
use crate::profile::reconcile::{self, Existing, Incoming};
use crate::store::{DeckChoice, DocumentChooser, KnownDocument, Store, StoredItem};

/// One document to import into a deck.
#[derive(Debug, Clone)]
pub struct DocumentImport<'a> {
    /// The deck the document names (its company), used when the document is new.
    pub deck: &'a str,
    /// `--deck`: the deck to import into whatever the document says or fed before.
    pub deck_flag: Option<&'a str>,
    /// The document's canonical path: its identity across re-imports.
    pub path: &'a str,
    pub content_hash: &'a str,
    pub items: &'a [Item],
    /// Its keywords, mission and values, for the prep sheet.
    pub notes: &'a [DocumentNote],
    pub stamp: &'a Timestamp,
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
    /// The path of the document this one was recognised as, moved.
    pub moved_from: Option<String>,
    /// The document this one is an edited copy of, whose deck it went into.
    pub copy_of: Option<CopyOf>,
    /// Cards no document on disk holds: retired with `prune`, else only counted here.
    pub unheld: Vec<ItemChange>,
    /// The documents of the deck whose files are gone, which hold some of `unheld`.
    pub gone_documents: Vec<String>,
}

/// A document imported before that a new path is an edited copy of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyOf {
    pub path: String,
    /// Items of the new document that are that document's too, of `items`.
    pub shared: usize,
    pub items: usize,
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

/// How an import treats what it does not read from the document itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Write nothing; the outcome says exactly what would have happened.
    pub dry_run: bool,
    /// Retire the deck's cards that no document still on disk holds (`--prune`).
    pub prune: bool,
}

/// Imports one document in one transaction. With `dry_run` nothing is written, but the
/// outcome says exactly what would have happened.
#[cfg(test)]
pub fn import_document(
    store: &mut Store,
    doc: &DocumentImport<'_>,
    guids: &mut GuidSource,
    dry_run: bool,
) -> Result<ImportOutcome> {
    import_document_with(
        store,
        doc,
        guids,
        ImportOptions {
            dry_run,
            ..ImportOptions::default()
        },
        &mut KnownDocuments::default(),
    )
}

/// [`import_document`] with every option, comparing a new path with the documents
/// imported before through `known` (one for all the documents of one `import`).
pub fn import_document_with(
    store: &mut Store,
    doc: &DocumentImport<'_>,
    guids: &mut GuidSource,
    options: ImportOptions,
    known: &mut KnownDocuments,
) -> Result<ImportOutcome> {
    let ImportOptions { dry_run, prune } = options;
    let chooser = store.begin_document(doc.stamp)?;
    let Chosen { deck, moved, copy_of } = choose_deck(&chooser, doc, known)?;
    let mut writer = chooser.open(deck, doc.path, doc.content_hash, moved.as_ref().map(|known| known.id))?;
    let document_id = writer.document_id();
    let stored = writer.stored_items()?;
    let plan = reconcile::plan(&existing(&stored), &incoming(doc.items));
    let mut outcome = ImportOutcome {
        deck_id: writer.deck_id(),
        deck: writer.deck_name().to_string(),
        deck_created: writer.deck_created(),
        moved_from: moved.map(|known| known.path),
        copy_of,
        ..ImportOutcome::default()
    };
    let by_id: std::collections::HashMap<_, &StoredItem> = stored.iter().map(|c| (c.id, c)).collect();
    for pair in &plan.paired {
        let item = &doc.items[pair.item];
        let card = by_id[&pair.card];
        let position = pair.item as i64;
        let same_text = card.text == item.text && card.detail == item.detail;
        let same_place = card.section == item.section && card.context == item.context && card.position == position;
        // A card another document holds keeps the wording and place that document gives it.
        if pair.shared || (same_text && same_place && !card.retired) {
            if !card.held_here {
                writer.hold(card.id)?;
            }
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
    crate::crash::point("import.items");
    outcome.added = added.iter().map(|(_, item)| change(item.kind, &item.text)).collect();
    for id in &plan.retired {
        writer.retire(*id)?;
        let card = by_id[id];
        outcome.retired.push(change(card.kind, &card.text));
    }
    for id in &plan.released {
        writer.release(*id)?;
    }
    // A deck this import made holds nothing but this document's cards.
    let cards = if outcome.deck_created {
        Vec::new()
    } else {
        writer.document_cards()?
    };
    let mut gone: std::collections::HashMap<String, bool> = std::collections::HashMap::new();
    let mut is_gone = |path: &str| {
        *gone
            .entry(path.to_string())
            .or_insert_with(|| path != doc.path && sources::file_is_gone(path))
    };
    for card in cards {
        // Held by this document, or by one whose file is still there: the card stays.
        if card.held_by.iter().any(|path| !is_gone(path)) {
            continue;
        }
        for path in &card.held_by {
            if !outcome.gone_documents.contains(path) {
                outcome.gone_documents.push(path.clone());
            }
        }
        if prune {
            writer.retire(card.id)?;
        }
        outcome.unheld.push(change(card.kind, &card.text));
    }
    writer.set_notes(doc.notes)?;
    writer.finish(!dry_run)?;
    if !dry_run {
        if prune && !outcome.unheld.is_empty() {
            // Other documents let go of the cards retired: read every document again.
            known.forget();
        } else {
            // A deck this import made holds this document's new cards alone: their keys are
            // the items' own.
            let held = outcome.deck_created.then(|| {
                let items = plan.added.iter().map(|&i| &doc.items[i]);
                items
                    .map(|item| {
                        debug_assert_eq!(item.key, crate::profile::item_key(item.kind, &item.text, &item.detail));
                        held_key(item.kind, &item.key)
                    })
                    .collect()
            });
            known.wrote(document_id, held);
        }
    }
    Ok(outcome)
}

fn change(kind: Kind, text: &str) -> ItemChange {
    ItemChange {
        kind,
        text: text.to_string(),
    }
}

/// Where a document goes, and why.
struct Chosen<'d> {
    deck: DeckChoice<'d>,
    /// The document it is, moved from a path now gone.
    moved: Option<KnownDocument>,
    /// The document it is an edited copy of.
    copy_of: Option<CopyOf>,
}

/// The deck a document goes into: the deck it fed before (from this path, or from the path
/// it was moved from), the one `--deck` names, the one it names itself, or, when no deck
/// has that name, the deck of the document it is an edited copy of.
fn choose_deck<'d>(
    chooser: &DocumentChooser<'_>,
    doc: &'d DocumentImport<'_>,
    known: &mut KnownDocuments,
) -> Result<Chosen<'d>> {
    let named = |deck| Chosen {
        deck,
        moved: None,
        copy_of: None,
    };
    if let Some(known) = chooser.known_document(doc.path)? {
        return Ok(named(
            doc.deck_flag.map_or(DeckChoice::Known(known.deck), DeckChoice::Named),
        ));
    }
    if let Some(name) = doc.deck_flag {
        // With --deck, a moved document is recognised only within that deck.
        return Ok(named(DeckChoice::Named(name)));
    }
    known.catch_up(chooser)?;
    if let Some((known, _)) = known.best_match(chooser, doc, Match::Moved)? {
        return Ok(Chosen {
            deck: DeckChoice::Known(known.deck),
            moved: Some(known),
            copy_of: None,
        });
    }
    if !chooser.deck_exists(doc.deck)?
        && let Some((known, shared)) = known.best_match(chooser, doc, Match::Copy)?
        // A copy names the company its original names: a document of another company
        // with the same items (a template) is not a copy.
        && sources::profile_names(&known.path, doc.deck)
    {
        return Ok(Chosen {
            deck: DeckChoice::Known(known.deck),
            moved: None,
            copy_of: Some(CopyOf {
                path: known.path,
                shared,
                items: doc.items.len(),
            }),
        });
    }
    Ok(named(DeckChoice::Named(doc.deck)))
}

/// What a document imported before may be to a new path.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Match {
    /// Its file is gone, and at least half of each is the other's: it moved here.
    Moved,
    /// Its file is still there, and at least three quarters of each is the other's: this is
    /// an edited copy of it.
    Copy,
}

/// The key of a held item as the index of known documents keeps it: a hash of its kind
/// and match key. Two keys may share a hash; a document whose count passes only that way
/// is weeded out when its items are compared one by one.
fn held_key(kind: Kind, key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    kind.hash(&mut hasher);
    key.hash(&mut hasher);
    hasher.finish()
}

/// A document imported before, as [`KnownDocuments`] keeps it.
struct KnownEntry {
    document: KnownDocument,
    /// The key of each card it holds.
    held: Vec<u64>,
}

/// The documents imported before, as a new path is compared with them ("was it moved
/// here?", "is it an edited copy?"): each one's deck and path, the keys of the cards it
/// holds, and which documents hold each key. Read from the database once, when the first
/// new path of an `import` is compared, and then kept in step with what that import
/// writes, so that comparing a new file costs its own items and the few documents that
/// share them, not every known document's items (nor a look at every known document's
/// file). Read again when another connection has committed meanwhile, or after
/// [`KnownDocuments::forget`] (a write made other than through [`import_document_with`]).
#[derive(Default)]
pub struct KnownDocuments {
    /// `PRAGMA data_version` when last read or kept in step; None: not read.
    version: Option<i64>,
    documents: HashMap<i64, KnownEntry>,
    /// Which documents hold each key, and how many of their cards do.
    holders: HashMap<u64, Vec<(i64, u32)>>,
    /// Documents written since, to read again (with their held keys when known).
    written: Vec<(i64, Option<Vec<u64>>)>,
    /// Whether each path looked at is gone.
    gone: HashMap<String, bool>,
}

impl KnownDocuments {
    /// Forgets everything: the next comparison reads every document again.
    pub fn forget(&mut self) {
        *self = KnownDocuments::default();
    }

    /// Records that the document `id` was written (with the keys of the cards it now
    /// holds, when the caller knows them).
    fn wrote(&mut self, id: i64, held: Option<Vec<u64>>) {
        if self.version.is_some() {
            self.written.push((id, held));
        }
    }

    fn add(&mut self, document: KnownDocument, held: Vec<u64>) {
        let mut counts: HashMap<u64, u32> = HashMap::new();
        for key in &held {
            *counts.entry(*key).or_default() += 1;
        }
        for (key, count) in counts {
            self.holders.entry(key).or_default().push((document.id, count));
        }
        self.documents.insert(document.id, KnownEntry { document, held });
    }

    fn remove(&mut self, id: i64) {
        let Some(entry) = self.documents.remove(&id) else {
            return;
        };
        for key in entry.held {
            if let Some(list) = self.holders.get_mut(&key) {
                list.retain(|(document, _)| *document != id);
                if list.is_empty() {
                    self.holders.remove(&key);
                }
            }
        }
    }

    /// Brings the index up to date: read whole the first time or when another connection
    /// has committed, else only the documents this import wrote since.
    fn catch_up(&mut self, chooser: &DocumentChooser<'_>) -> Result<()> {
        let version = chooser.data_version()?;
        if self.version != Some(version) {
            self.forget();
            let mut held: HashMap<i64, Vec<u64>> = HashMap::new();
            chooser.visit_held_items(None, |document, kind, text, detail| {
                held.entry(document)
                    .or_default()
                    .push(held_key(kind, &crate::profile::item_key(kind, text, detail)));
            })?;
            for document in chooser.known_documents(None)? {
                let keys = held.remove(&document.id).unwrap_or_default();
                self.add(document, keys);
            }
            self.version = Some(version);
            return Ok(());
        }
        for (id, held) in std::mem::take(&mut self.written) {
            self.remove(id);
            let Some(document) = chooser.known_document_by_id(id)? else {
                continue;
            };
            let held = if let Some(held) = held {
                held
            } else {
                let mut keys = Vec::new();
                chooser.visit_held_items(Some(id), |_, kind, text, detail| {
                    keys.push(held_key(kind, &crate::profile::item_key(kind, text, detail)));
                })?;
                keys
            };
            self.add(document, held);
        }
        Ok(())
    }

    /// Whether the file of a known document is gone (looked at once per import).
    fn is_gone(&mut self, path: &str) -> bool {
        *self
            .gone
            .entry(path.to_string())
            .or_insert_with(|| sources::file_is_gone(path))
    }

    /// The document imported before that this one most shares items with, as `wanted`
    /// asks, and how many items they share. Only documents holding some of its items'
    /// keys are looked at, and those that pass by their keys' hashes are compared item by
    /// item, as they are held now.
    fn best_match(
        &mut self,
        chooser: &DocumentChooser<'_>,
        doc: &DocumentImport<'_>,
        wanted: Match,
    ) -> Result<Option<(KnownDocument, usize)>> {
        let incoming: HashSet<(Kind, &str)> = doc.items.iter().map(|i| (i.kind, i.key.as_str())).collect();
        let hashed: HashSet<u64> = incoming.iter().map(|(kind, key)| held_key(*kind, key)).collect();
        let mut sharing: HashMap<i64, usize> = HashMap::new();
        for key in &hashed {
            for (document, count) in self.holders.get(key).map_or(&[][..], Vec::as_slice) {
                *sharing.entry(*document).or_default() += *count as usize;
            }
        }
        let alike = |shared: usize, held: usize| match wanted {
            Match::Moved => reconcile::mostly_shared(shared, held, incoming.len()),
            Match::Copy => nearly_all_shared(shared, held, incoming.len()),
        };
        // In the order of their ids, as every document was once read.
        let mut candidates: Vec<(i64, usize)> = sharing
            .into_iter()
            .filter(|(id, shared)| alike(*shared, self.documents[id].held.len()))
            .collect();
        candidates.sort_unstable();
        let mut best: Option<(usize, KnownDocument)> = None;
        for (id, _) in candidates {
            let path = self.documents[&id].document.path.clone();
            if self.is_gone(&path) != (wanted == Match::Moved) {
                continue;
            }
            let held = chooser.held_items(id)?;
            let shared = held
                .iter()
                .filter(|(kind, text, detail)| {
                    incoming.contains(&(*kind, crate::profile::item_key(*kind, text, detail).as_str()))
                })
                .count();
            if alike(shared, held.len()) && best.as_ref().is_none_or(|(most, _)| shared > *most) {
                best = Some((shared, self.documents[&id].document.clone()));
            }
        }
        Ok(best.map(|(shared, known)| (known, shared)))
    }
}

/// Whether two documents holding `ours` and `theirs` items, `shared` of them the same,
/// are one document and an edited copy of it: at least three quarters of each is shared.
fn nearly_all_shared(shared: usize, ours: usize, theirs: usize) -> bool {
    shared * 4 >= ours.max(1) * 3 && shared * 4 >= theirs.max(1) * 3
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
            held_here: c.held_here,
            held_elsewhere: c.held_elsewhere,
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
    let mut store = Store::open_in_memory().expect("an in-memory store opens");
    add_test_profile(&mut store, profile, "/test.md");
    store
}

/// Imports one more profile into a test store, as the document at `path`.
#[cfg(test)]
pub(crate) fn add_test_profile(store: &mut Store, profile: &str, path: &str) {
    let profile = crate::profile::parse(profile.as_bytes(), "test").expect("a test profile parses");
    let doc = DocumentImport {
        deck: &profile.company,
        deck_flag: None,
        path,
        content_hash: "0",
        items: &profile.items,
        notes: &profile.notes,
        stamp: &crate::testing::stamp("2026-03-01T09:00:00+00:00"),
    };
    // Each path its own "time", so two test documents never make the same guid.
    let time = path
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let mut guids = GuidSource::new(time, 1 << 20);
    import_document(store, &doc, &mut guids, false).expect("a test profile imports");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CardId;
    use crate::store::CardFilter;

    const TEMPLATE: &str = "# interview prep template\n\n## company background\n- quillfeather is a publishing startup.\n\n## 6. common questions\n- what’s the hardest bug you fixed?\n- a recruiter mentioned they ask about content versioning:\n  - [notes](https://example.com/notes)\n\n---HTML FORMATTING---\n<p>6. Common Questions:<br>\n- What’s the hardest bug you fixed?<br>\n- A recruiter mentioned they ask about content versioning: <a href=\"https://example.com/notes\">notes</a></p>\n";

    fn import(store: &mut Store, items: &[Item]) -> ImportOutcome {
        let doc = DocumentImport {
            deck: "Quillfeather",
            deck_flag: None,
            path: "/template.txt",
            content_hash: "0",
            items,
            notes: &[],
            stamp: &crate::testing::stamp("2026-03-02T09:00:00+00:00"),
        };
        import_document(store, &doc, &mut GuidSource::new(1, 0), false).unwrap()
    }

    #[test]
    fn cards_from_earlier_wordings_of_the_importer_keep_their_history() {
        let items = crate::profile::parse(TEMPLATE.as_bytes(), "t").unwrap().items;
        let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "What’s the hardest bug you fixed?",
                "Content versioning — how would you answer?"
            ]
        );
        // The same document as earlier imports kept it: the markdown's lower case, the
        // reported question as written.
        let earlier: Vec<Item> = items
            .iter()
            .zip([
                "what’s the hardest bug you fixed?",
                "a recruiter mentioned they ask about content versioning",
            ])
            .map(|(item, text)| Item {
                text: text.to_string(),
                key: crate::profile::item_key(item.kind, text, ""),
                context: "notes (https://example.com/notes)".to_string(),
                ..item.clone()
            })
            .collect();
        let mut store = Store::open_in_memory().unwrap();
        import(&mut store, &earlier);
        let before: Vec<CardId> = store
            .cards(&CardFilter::default())
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();

        let outcome = import(&mut store, &items);
        assert!(outcome.added.is_empty() && outcome.retired.is_empty(), "{outcome:?}");
        assert_eq!(outcome.changed.len(), 2, "both wordings change, on the same cards");
        let after = store.cards(&CardFilter::default()).unwrap();
        assert_eq!(after.iter().map(|c| c.id).collect::<Vec<_>>(), before);
        assert_eq!(
            after[1].context,
            "a recruiter mentioned they ask about content versioning\nnotes (https://example.com/notes)",
            "the line the question came from is kept as its context"
        );

        let again = import(&mut store, &items);
        assert_eq!((again.changed.len(), again.unchanged), (0, 2), "nothing changes twice");
    }
}

//! Writing a backup without holding it whole: the decks are read from the database and
//! written one at a time inside one read transaction, so a backup of a million reviews
//! costs the memory of its largest deck, not of the file. The bytes are those of
//! serialising [`Backup`] (a test holds the two together).

use std::cell::RefCell;
use std::io::Write;

use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::{BACKUP_FORMAT, BACKUP_VERSION};
use crate::domain::DeckId;
use crate::error::{Error, Result};
use crate::store::{HeldGuids, Store};

/// How the JSON is laid out: indented for a file a person may read (`export`), on one
/// line for a file machines exchange (`sync`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Pretty,
    Compact,
}

/// Writes a backup of `decks` (see `Store::backup` for what it holds) to `out`, followed by
/// a newline. An error of the database is returned as itself; an error of `out` as an
/// I/O error.
pub fn write(
    store: &Store,
    decks: &[DeckId],
    everything: bool,
    exported_at: &str,
    layout: Layout,
    out: &mut dyn Write,
) -> Result<()> {
    store.snapshot(|store| {
        let streamed = Streamed {
            store,
            decks,
            everything,
            exported_at,
            held: RefCell::new(HeldGuids::default()),
            failure: RefCell::new(None),
        };
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        let written = match layout {
            Layout::Pretty => serde_json::to_writer_pretty(&mut out, &streamed),
            Layout::Compact => serde_json::to_writer(&mut out, &streamed),
        };
        if let Some(failure) = streamed.failure.into_inner() {
            return Err(failure);
        }
        written
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush())
            .map_err(|e| Error::io("cannot write the backup", e))
    })
}

/// A backup being written: what it covers, the guids its decks held so far, and the
/// database's error when one stopped it (serde carries only a message).
struct Streamed<'a> {
    store: &'a Store,
    decks: &'a [DeckId],
    everything: bool,
    exported_at: &'a str,
    held: RefCell<HeldGuids>,
    failure: RefCell<Option<Error>>,
}

impl Streamed<'_> {
    fn fail<E: serde::ser::Error>(&self, error: Error) -> E {
        let message = E::custom(error.to_string());
        *self.failure.borrow_mut() = Some(error);
        message
    }
}

// The fields in `Backup`'s order, with its names.
impl Serialize for Streamed<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut backup = serializer.serialize_struct("Backup", 9)?;
        backup.serialize_field("format", BACKUP_FORMAT)?;
        backup.serialize_field("version", &BACKUP_VERSION)?;
        backup.serialize_field("exported_at", self.exported_at)?;
        backup.serialize_field("decks", &Decks(self))?;
        let tail = self
            .store
            .backup_tail(self.decks, self.everything, &self.held.borrow())
            .map_err(|e| self.fail(e))?;
        backup.serialize_field("stories", &tail.stories)?;
        backup.serialize_field("settings", &tail.settings)?;
        backup.serialize_field("machine", &tail.machine)?;
        backup.serialize_field("versions", &tail.versions)?;
        backup.serialize_field("aliases", &tail.aliases)?;
        backup.end()
    }
}

/// The decks, each read when its turn comes.
struct Decks<'a>(&'a Streamed<'a>);

impl Serialize for Decks<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let streamed = self.0;
        let mut decks = serializer.serialize_seq(Some(streamed.decks.len()))?;
        for &id in streamed.decks {
            let deck = streamed.store.backup_deck(id).map_err(|e| streamed.fail(e))?;
            streamed.held.borrow_mut().add(&deck);
            decks.serialize_element(&deck)?;
        }
        decks.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::stamp;

    /// A database with two decks, a review log, a story, an answer and a tag.
    fn store_with_history() -> Store {
        use crate::domain::card::GuidSource;
        use crate::domain::{Grade, Origin};
        use crate::import::{DocumentImport, import_document};
        use crate::schedule::Mode;
        use crate::study::grading::{GradeGiven, record};

        let mut store = Store::open_in_memory().unwrap();
        let at = stamp("2026-03-01T09:00:00+00:00");
        for (seed, company, profile) in [
            (
                7,
                "quarry",
                "# Company Profile: Quarry\n## Common Questions\n- Why mining?\n- Tell me about telemetry.\n",
            ),
            (
                8,
                "orbit",
                "# Company Profile: Orbit\n## Common Questions\n- Why space?\n- How do you test firmware?\n",
            ),
        ] {
            let profile = crate::profile::parse(profile.as_bytes(), company).unwrap();
            let path = format!("/{company}.md");
            let doc = DocumentImport {
                deck: &profile.company,
                deck_flag: None,
                path: &path,
                content_hash: "0",
                items: &profile.items,
                notes: &profile.notes,
                stamp: &at,
            };
            import_document(&mut store, &doc, &mut GuidSource::new(seed, seed), false).unwrap();
        }
        let cards: Vec<_> = store.cards(&crate::store::CardFilter::default()).unwrap();
        for (n, card) in cards.iter().enumerate() {
            let given = GradeGiven {
                card: card.id,
                grade: Grade::new(if n % 2 == 0 { 4 } else { 2 }).unwrap(),
                mode: Mode::Review,
                origin: Origin::Grade,
                day: crate::testing::day("2026-03-01"),
                stamp: at.clone(),
                took: None,
            };
            record(&mut store, &given).unwrap();
        }
        store.set_answer(cards[0].id, "Because rocks.", &at).unwrap();
        store.add_tag("warmup", &[cards[1].id], &at).unwrap();
        store
            .create_story("Outage", "The night the sensors went dark.", "story-guid", &at)
            .unwrap();
        store
    }

    #[test]
    fn the_streamed_backup_is_byte_for_byte_the_backup_serialised() {
        let store = store_with_history();
        let decks: Vec<DeckId> = store.decks(None).unwrap().into_iter().map(|d| d.id).collect();
        assert!(decks.len() >= 2, "the test needs more than one deck");
        let at = stamp("2026-03-02T09:00:00+00:00");
        for everything in [true, false] {
            for (chosen, layout) in [(&decks[..], Layout::Pretty), (&decks[..1], Layout::Compact)] {
                let whole = store.backup(chosen, everything, &at).unwrap();
                assert!(
                    whole
                        .decks
                        .iter()
                        .any(|d| d.cards.iter().any(|c| !c.reviews.is_empty()))
                );
                let mut expected = match layout {
                    Layout::Pretty => serde_json::to_vec_pretty(&whole).unwrap(),
                    Layout::Compact => serde_json::to_vec(&whole).unwrap(),
                };
                expected.push(b'\n');
                let mut streamed = Vec::new();
                write(&store, chosen, everything, &at.to_string(), layout, &mut streamed).unwrap();
                assert_eq!(
                    String::from_utf8(streamed).unwrap(),
                    String::from_utf8(expected).unwrap(),
                    "everything: {everything}, {layout:?}"
                );
            }
        }
    }

    #[test]
    fn a_deck_gone_stops_the_backup_with_the_database_error() {
        let store = store_with_history();
        let mut out = Vec::new();
        let error = write(&store, &[DeckId(999_999)], true, "x", Layout::Compact, &mut out).unwrap_err();
        assert!(matches!(error, Error::DeckGone(_)), "{error:?}");
    }

    #[test]
    fn a_failing_writer_is_an_io_error() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::from_raw_os_error(28))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let store = store_with_history();
        let decks: Vec<DeckId> = store.decks(None).unwrap().into_iter().map(|d| d.id).collect();
        let error = write(&store, &decks, true, "x", Layout::Pretty, &mut Full).unwrap_err();
        assert!(matches!(error, Error::Io { .. }), "{error:?}");
        assert!(error.to_string().contains("No space left"), "{error}");
    }
}

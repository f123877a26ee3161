//! Cards in the user's own words: cards added by hand (no document holds them), the
//! user's own front and back over a document's, and finding which cards a range of ids
//! names.

use rusqlite::{OptionalExtension, params};

use super::decks::ensure_deck;
use super::import::DeckChoice;
use super::value::{Value, text_value};
use super::versions::change;
use super::{AtPath, Store};
use crate::domain::version::{Field, Register};
use crate::domain::{CardId, DeckId, Kind, OwnTexts};
use crate::error::{Error, Result};

/// A card the user writes by hand.
#[derive(Debug, Clone, Copy)]
pub struct HandCard<'a> {
    pub kind: Kind,
    pub front: &'a str,
    pub back: &'a str,
    pub tags: &'a [String],
}

/// A card added by hand: its id, and its deck as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedCard {
    pub id: CardId,
    pub deck: DeckId,
    pub deck_name: String,
    pub deck_created: bool,
}

impl Store {
    /// Adds a card by hand to a deck (made here when `deck` names one that is missing),
    /// with its tags, in one transaction. It comes after the deck's other cards and no
    /// document holds it, so no import retires or changes it.
    pub fn add_card(
        &mut self,
        deck: DeckChoice<'_>,
        card: &HandCard<'_>,
        guid: &str,
        stamp: &str,
    ) -> Result<AddedCard> {
        let changer = self.changer()?;
        let path = self.path.clone();
        let tx = self.write()?;
        let (deck, deck_name, deck_created) = match deck {
            DeckChoice::Named(name) => {
                let ensured = ensure_deck(&tx, name, stamp).at(&path)?;
                (ensured.id, ensured.name, ensured.created)
            }
            DeckChoice::Known(id) => {
                let name: String = tx
                    .query_row("SELECT name FROM decks WHERE id = ?1", [id], |r| r.get(0))
                    .optional()
                    .at(&path)?
                    .ok_or(Error::DeckGone(id))?;
                (id, name, false)
            }
        };
        let id: CardId = tx
            .query_row(
                "INSERT INTO cards (deck_id, guid, kind, item_text, detail, position, created_at, updated_at, by_hand)
                 VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(position), -1) + 1 FROM cards WHERE deck_id = ?1),
                     ?6, ?6, 1)
                 RETURNING id",
                params![deck, guid, card.kind, card.front, card.back, stamp],
                |r| r.get(0),
            )
            .at(&path)?;
        for tag in card.tags {
            super::tags::add_tag(&tx, &changer, id, tag).at(&path)?;
        }
        tx.commit().at(&path)?;
        Ok(AddedCard {
            id,
            deck,
            deck_name,
            deck_created,
        })
    }

    /// Gives a card from a document the user's own front and back (`None`: the
    /// document's). Its schedule and history stay as they are. Each side that changes is
    /// recorded as a change of the card's front or back; a side left as it was is not (so
    /// an edit of the front never undoes an edit of the back made on another machine).
    pub fn set_own_texts(&mut self, id: CardId, own: &OwnTexts, stamp: &str) -> Result<()> {
        let sides = [(Field::Front, own.front.as_deref()), (Field::Back, own.back.as_deref())];
        self.change_card_texts(id, false, &sides, stamp)
    }

    /// Rewrites the texts of a card added by hand. Its schedule and history stay as they
    /// are.
    pub fn set_hand_texts(&mut self, id: CardId, front: &str, back: &str, stamp: &str) -> Result<()> {
        let sides = [(Field::Front, Some(front)), (Field::Back, Some(back))];
        self.change_card_texts(id, true, &sides, stamp)
    }

    /// Changes the sides of a card (made by hand or not, as `by_hand` says) whose text
    /// differs from the one given, in one transaction.
    fn change_card_texts(
        &mut self,
        id: CardId,
        by_hand: bool,
        sides: &[(Field, Option<&str>)],
        stamp: &str,
    ) -> Result<()> {
        let changer = self.changer()?;
        let path = self.path.clone();
        let tx = self.write()?;
        let found: Option<(String, Option<String>, Option<String>)> = tx
            .query_row(
                "SELECT guid, CASE WHEN by_hand THEN item_text ELSE own_front END,
                     CASE WHEN by_hand THEN detail ELSE own_back END
                 FROM cards WHERE id = ?1 AND by_hand = ?2",
                params![id, by_hand],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .at(&path)?;
        let Some((guid, front, back)) = found else {
            return Err(Error::UnknownCard(id.to_string()));
        };
        for &(field, text) in sides {
            let now = if field == Field::Front { &front } else { &back };
            let value = text.and_then(text_value);
            if value.as_ref().and_then(Value::text) == now.as_deref() && !(by_hand && value.is_none()) {
                continue;
            }
            change(&tx, &changer, &Register::card(&guid, field), value.as_ref()).at(&path)?;
        }
        tx.execute("UPDATE cards SET updated_at = ?1 WHERE id = ?2", params![stamp, id])
            .at(&path)?;
        tx.commit().at(&path)
    }

    /// Whether a card with this id exists.
    pub fn card_exists(&self, id: CardId) -> Result<bool> {
        self.conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM cards WHERE id = ?1)")
            .and_then(|mut s| s.query_row([id], |r| r.get(0)))
            .at(&self.path)
    }

    /// The ids of the cards from `first` to `last` (both included) that exist, in order.
    pub fn card_ids_between(&self, first: CardId, last: CardId) -> Result<Vec<CardId>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM cards WHERE id BETWEEN ?1 AND ?2 ORDER BY id")
            .at(&self.path)?;
        let rows = stmt.query_map([first, last], |r| r.get(0)).at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::card::GuidSource;
    use crate::import::{DocumentImport, import_document};
    use crate::store::CardFilter;

    const PROFILE: &str = "# Company Profile: Orbit\n## Potential Questions\n- Why Orbit?\n- Why now?\n## Key Talking Points\n- Led the ledger rewrite\n";

    fn import(store: &mut Store, profile: &str, run: u64) {
        let profile = crate::profile::parse(profile.as_bytes(), "orbit").unwrap();
        let doc = DocumentImport {
            deck: "Orbit",
            deck_flag: None,
            path: "/orbit.md",
            content_hash: "0",
            items: &profile.items,
            notes: &profile.notes,
            stamp: "2026-03-01T09:00:00+00:00",
        };
        import_document(store, &doc, &mut GuidSource::new(run, run), false).unwrap();
    }

    #[test]
    fn a_card_added_by_hand_is_never_touched_by_reimporting_its_decks_documents() {
        let mut store = Store::open_in_memory().unwrap();
        import(&mut store, PROFILE, 1);
        let orbit = store.find_deck("orbit").unwrap();
        // The same words as a document item, and words close to one: neither is matched.
        let mut added = Vec::new();
        for (front, kind) in [("Why Orbit?", Kind::Question), ("Why now, really?", Kind::Question)] {
            let card = HandCard {
                kind,
                front,
                back: "Because.",
                tags: &["mine".to_string()],
            };
            let made = store
                .add_card(
                    DeckChoice::Known(orbit),
                    &card,
                    &format!("hand-{front}"),
                    "2026-03-02T09:00:00+00:00",
                )
                .unwrap();
            added.push(made.id);
        }
        let before: Vec<_> = added.iter().map(|id| store.card(*id).unwrap()).collect();
        // The document loses every item, then gets them back: its own cards are retired and
        // restored; the hand-made ones stay as they were, unheld.
        import(
            &mut store,
            "# Company Profile: Orbit\n## Potential Questions\n- Why Acme?\n",
            2,
        );
        import(&mut store, PROFILE, 3);
        for (id, was) in added.iter().zip(&before) {
            let card = store.card(*id).unwrap();
            assert_eq!(&card, was, "card #{id} changed");
            assert!(card.by_hand && !card.retired && card.tags == ["mine"]);
        }
        let held: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM document_cards WHERE card_id IN (?1, ?2)",
                [added[0], added[1]],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(held, 0, "no document holds a hand-made card");
        let questions = store
            .cards(&CardFilter {
                kind: Some(Kind::Question),
                ..CardFilter::default()
            })
            .unwrap();
        assert_eq!(
            questions.iter().filter(|c| c.item_text == "Why Orbit?").count(),
            2,
            "the document's own card came back beside the hand-made one"
        );
    }

    #[test]
    fn own_texts_survive_a_reimport_and_a_new_deck_is_made_with_its_card() {
        let mut store = Store::open_in_memory().unwrap();
        import(&mut store, PROFILE, 1);
        let orbit = store.find_deck("orbit").unwrap();
        let id = store.active_cards(orbit, Some(Kind::TalkingPoint)).unwrap()[0].id;
        let own = OwnTexts {
            front: Some("Orbit — the ledger story".to_string()),
            back: None,
        };
        store.set_own_texts(id, &own, "2026-03-02T09:00:00+00:00").unwrap();
        import(
            &mut store,
            &PROFILE.replace("Led the ledger rewrite", "Led the ledger rewrites"),
            2,
        );
        let card = store.card(id).unwrap();
        assert_eq!(card.own, own, "re-importing never reverts the user's front");
        assert_eq!(
            card.item_text, "Led the ledger rewrites",
            "the document's text follows it"
        );
        assert!(card.is_edited());
        let made = store
            .add_card(
                DeckChoice::Named("  Lumen "),
                &HandCard {
                    kind: Kind::Ask,
                    front: "Ask Lumen",
                    back: "What is the roadmap?",
                    tags: &[],
                },
                "hand-lumen",
                "2026-03-02T09:00:00+00:00",
            )
            .unwrap();
        assert!(made.deck_created);
        assert_eq!(made.deck_name, "Lumen");
        let card = store.card(made.id).unwrap();
        assert_eq!(
            (card.front(), card.given_back()),
            ("Ask Lumen".to_string(), "What is the roadmap?".to_string())
        );
        assert_eq!(card.item(), "What is the roadmap?");
        assert!(
            store.set_own_texts(made.id, &own, "t").is_err(),
            "a hand-made card has no document text to put its own over"
        );
        assert_eq!(
            store.card_ids_between(CardId(2), CardId(3)).unwrap(),
            [CardId(2), CardId(3)]
        );
    }
}

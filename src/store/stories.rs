//! The story bank: stories by name (case-insensitive, a unique prefix is enough), their
//! text, and which cards each is linked to.

use rusqlite::{OptionalExtension, params};

use super::story_rows::insert_story;
use super::value::{Value, text_value};
use super::versions::{Changer, card_guid, change, story_guid};
use super::{AtPath, Store};
use crate::domain::version::{Field, Register};
use crate::domain::{CardId, Story, StoryId, Timestamp};
use crate::error::{Error, Result};
use crate::profile::text::clean_name;

/// A story name written by the user, as it is stored (see [`crate::names::typed`]): one of
/// control sequences only, or longer than names may be, is refused.
pub fn story_name(typed: &str) -> Result<String> {
    crate::names::typed(typed, "story", "give the story a name that is not empty")
}

const STORY_COLUMNS: &str = "s.id, s.guid, s.name, s.body, s.created_at, s.updated_at,
    (SELECT count(*) FROM story_links l WHERE l.story_id = s.id)";

/// A card linked to story `?1` with no answer of its own (blank counts as none).
const WITHOUT_OWN_ANSWER: &str = "trim(answer, ' ' || char(9) || char(10) || char(13)) = ''
    AND id IN (SELECT card_id FROM story_links WHERE story_id = ?1)";

fn story_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Story> {
    Ok(Story {
        id: StoryId(r.get(0)?),
        guid: r.get(1)?,
        name: r.get(2)?,
        body: r.get(3)?,
        created_at: r.get(4)?,
        updated_at: r.get(5)?,
        links: r.get(6)?,
    })
}

/// A story's guid and text; [`Error::StoryGone`] when it was removed meanwhile.
fn guid_and_body(conn: &rusqlite::Connection, id: StoryId, path: &std::path::Path) -> Result<(String, String)> {
    conn.query_row("SELECT guid, body FROM stories WHERE id = ?1", [id.0], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()
    .at(path)?
    .ok_or(Error::StoryGone)
}

impl Store {
    /// Every story, by name.
    pub fn stories(&self) -> Result<Vec<Story>> {
        let sql = format!("SELECT {STORY_COLUMNS} FROM stories s ORDER BY s.name_key");
        let mut stmt = self.conn.prepare_cached(&sql).at(&self.path)?;
        let rows = stmt.query_map([], story_from_row).at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// One story by id.
    pub fn story(&self, id: StoryId) -> Result<Story> {
        let sql = format!("SELECT {STORY_COLUMNS} FROM stories s WHERE s.id = ?1");
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut s| s.query_row([id.0], story_from_row).optional())
            .at(&self.path)?
            .ok_or(Error::StoryGone)
    }

    /// The story with exactly this name (in any case), if there is one.
    pub fn story_named(&self, name: &str) -> Result<Option<StoryId>> {
        self.conn
            .query_row(
                "SELECT id FROM stories WHERE name_key = ?1",
                [name.trim().to_lowercase()],
                |r| r.get(0).map(StoryId),
            )
            .optional()
            .at(&self.path)
    }

    /// Resolves a story name typed by the user: exact (any case) first, then a unique
    /// prefix; both also against each name as it is shown (a name stored with control
    /// sequences by an earlier prepdeck is found by what the terminal showed of it).
    pub fn find_story(&self, typed: &str) -> Result<StoryId> {
        if let Some(id) = self.story_named(typed)? {
            return Ok(id);
        }
        let wanted = clean_name(typed).to_lowercase();
        let stories = self.stories()?;
        let shown: Vec<(String, &Story)> = stories
            .iter()
            .map(|s| (clean_name(&s.name).to_lowercase(), s))
            .collect();
        if let Some((_, story)) = shown.iter().find(|(key, _)| !wanted.is_empty() && *key == wanted) {
            return Ok(story.id);
        }
        let prefixed: Vec<&Story> = shown
            .iter()
            .filter(|(key, _)| !wanted.is_empty() && key.starts_with(&wanted))
            .map(|(_, s)| *s)
            .collect();
        match prefixed.as_slice() {
            [one] => Ok(one.id),
            [] if stories.is_empty() => Err(Error::NoStories),
            [] => Err(Error::UnknownStory(typed.to_string())),
            many => Err(Error::AmbiguousStory {
                name: typed.to_string(),
                count: many.len(),
                candidates: super::decks::some_names(many.iter().map(|s| clean_name(&s.name))),
            }),
        }
    }

    /// Adds a story; fails if another has the name (in any case), or the name cannot be
    /// one ([`story_name`]).
    pub fn create_story(&mut self, name: &str, body: &str, guid: &str, stamp: &Timestamp) -> Result<StoryId> {
        let name = story_name(name)?;
        let name = name.as_str();
        let changer = self.changer()?;
        let path = self.path.clone();
        let tx = self.write()?;
        if name_taken(&tx, name, None).at(&path)? {
            return Err(Error::StoryExists(name.to_string()));
        }
        let id = new_story(&tx, &changer, guid, name, body, stamp).at(&path)?;
        tx.commit().at(&path)?;
        Ok(id)
    }

    /// Replaces a story's text.
    pub fn set_story_body(&mut self, id: StoryId, body: &str, stamp: &Timestamp) -> Result<()> {
        self.change_story_body(id, body, stamp, None).map(|_| ())
    }

    /// Replaces a story's text only if it is still `before` (what an editor was opened
    /// on); false when another writer changed it meanwhile.
    pub fn set_story_body_if(&mut self, id: StoryId, before: &str, body: &str, stamp: &Timestamp) -> Result<bool> {
        self.change_story_body(id, body, stamp, Some(before))
    }

    fn change_story_body(&mut self, id: StoryId, body: &str, stamp: &Timestamp, only_if: Option<&str>) -> Result<bool> {
        let changer = self.changer()?;
        let path = self.path.clone();
        let tx = self.write()?;
        let (guid, now) = guid_and_body(&tx, id, &path)?;
        if only_if.is_some_and(|before| before != now) {
            return Ok(false);
        }
        let register = Register::story(&guid, Field::Body);
        change(&tx, &changer, &register, text_value(body).as_ref()).at(&path)?;
        tx.execute("UPDATE stories SET updated_at = ?1 WHERE id = ?2", params![stamp, id.0])
            .at(&path)?;
        tx.commit().at(&path)?;
        Ok(true)
    }

    /// Renames a story; fails if another has the name (in any case), or the name cannot be
    /// one ([`story_name`]).
    pub fn rename_story(&mut self, id: StoryId, name: &str, stamp: &Timestamp) -> Result<()> {
        let name = story_name(name)?;
        let name = name.as_str();
        let changer = self.changer()?;
        let path = self.path.clone();
        let tx = self.write()?;
        if name_taken(&tx, name, Some(id)).at(&path)? {
            return Err(Error::StoryExists(name.to_string()));
        }
        let guid = story_guid(&tx, id).at(&path)?.ok_or(Error::StoryGone)?;
        let value = Value::Text(name.to_string());
        change(&tx, &changer, &Register::story(&guid, Field::Name), Some(&value)).at(&path)?;
        tx.execute("UPDATE stories SET updated_at = ?1 WHERE id = ?2", params![stamp, id.0])
            .at(&path)?;
        tx.commit().at(&path)
    }

    /// The cards linked to a story that have no answer of their own: removing the story
    /// gives them its text.
    pub fn story_cards_without_answer(&self, id: StoryId) -> Result<Vec<CardId>> {
        let sql = format!("SELECT id FROM cards WHERE {WITHOUT_OWN_ANSWER} ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql).at(&self.path)?;
        let rows = stmt.query_map([id.0], |r| r.get(0)).at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// Deletes a story and its links. In the same transaction every linked card without an
    /// answer of its own takes the story's text as its answer (its back showed the story,
    /// maybe its own answer turned into one), so no text is lost. Returns those cards. Each
    /// is recorded as a change: those answers, and the story's removal.
    pub fn remove_story(&mut self, id: StoryId, stamp: &Timestamp) -> Result<Vec<CardId>> {
        let changer = self.changer()?;
        let path = self.path.clone();
        let tx = self.write()?;
        let (guid, body) = guid_and_body(&tx, id, &path)?;
        let sql = format!("SELECT id FROM cards WHERE {WITHOUT_OWN_ANSWER} ORDER BY id");
        let given: Vec<CardId> = tx
            .prepare(&sql)
            .and_then(|mut s| s.query_map([id.0], |r| r.get(0))?.collect())
            .at(&path)?;
        let answer = text_value(&body);
        for &card in &given {
            let Some(card_guid) = card_guid(&tx, card).at(&path)? else {
                continue;
            };
            change(
                &tx,
                &changer,
                &Register::card(&card_guid, Field::Answer),
                answer.as_ref(),
            )
            .at(&path)?;
            tx.execute("UPDATE cards SET updated_at = ?1 WHERE id = ?2", params![stamp, card])
                .at(&path)?;
        }
        change(&tx, &changer, &Register::story(&guid, Field::Present), None).at(&path)?;
        tx.commit().at(&path)?;
        Ok(given)
    }

    /// Links a story to cards; returns how many links are new.
    pub fn link_story(&mut self, id: StoryId, cards: &[CardId], _stamp: &Timestamp) -> Result<usize> {
        self.change_links(id, cards, true)
    }

    /// Unlinks a story from cards; returns how many links went.
    pub fn unlink_story(&mut self, id: StoryId, cards: &[CardId]) -> Result<usize> {
        self.change_links(id, cards, false)
    }

    /// Links or unlinks a story and cards, each link made or removed recorded as a change.
    fn change_links(&mut self, id: StoryId, cards: &[CardId], linked: bool) -> Result<usize> {
        let changer = self.changer()?;
        let path = self.path.clone();
        let tx = self.write()?;
        let story = story_guid(&tx, id).at(&path)?.ok_or(Error::StoryGone)?;
        let mut links = 0;
        for &card in cards {
            let Some(card) = card_guid(&tx, card).at(&path)? else {
                continue;
            };
            links += usize::from(set_link(&tx, &changer, &story, &card, linked).at(&path)?);
        }
        tx.commit().at(&path)?;
        Ok(links)
    }

    /// Turns a card's own answer into a story named `name`, linked to that card and to
    /// `also`: in one transaction the story takes the answer's text and the card's own
    /// answer is emptied, so its back shows the same words, now shared.
    pub fn answer_to_story(
        &mut self,
        source: CardId,
        also: &[CardId],
        name: &str,
        guid: &str,
        stamp: &Timestamp,
    ) -> Result<StoryId> {
        let name = story_name(name)?;
        let name = name.as_str();
        let changer = self.changer()?;
        let path = self.path.clone();
        let tx = self.write()?;
        if name_taken(&tx, name, None).at(&path)? {
            return Err(Error::StoryExists(name.to_string()));
        }
        let (source_guid, answer): (String, String) = tx
            .query_row("SELECT guid, answer FROM cards WHERE id = ?1", [source], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .at(&path)?
            .ok_or_else(|| Error::UnknownCard(source.to_string()))?;
        let id = new_story(&tx, &changer, guid, name, answer.trim(), stamp).at(&path)?;
        for &card in std::iter::once(&source).chain(also) {
            if let Some(card) = card_guid(&tx, card).at(&path)? {
                set_link(&tx, &changer, guid, &card, true).at(&path)?;
            }
        }
        change(&tx, &changer, &Register::card(&source_guid, Field::Answer), None).at(&path)?;
        tx.execute("UPDATE cards SET updated_at = ?1 WHERE id = ?2", params![stamp, source])
            .at(&path)?;
        tx.commit().at(&path)?;
        Ok(id)
    }

    /// The cards a story is linked to, by deck then document order.
    pub fn story_cards(&self, id: StoryId) -> Result<Vec<CardId>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT c.id FROM story_links l JOIN cards c ON c.id = l.card_id JOIN decks d ON d.id = c.deck_id
                 WHERE l.story_id = ?1 ORDER BY d.name_key, c.position, c.id",
            )
            .at(&self.path)?;
        let rows = stmt.query_map([id.0], |r| r.get(0)).at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }
}

/// Adds a story, recorded as made (its name and text the first versions), in the caller's
/// transaction.
fn new_story(
    conn: &rusqlite::Connection,
    changer: &Changer,
    guid: &str,
    name: &str,
    body: &str,
    stamp: &Timestamp,
) -> rusqlite::Result<StoryId> {
    let id = insert_story(conn, guid, name, body.trim(), stamp.as_str(), stamp.as_str())?;
    change(conn, changer, &Register::story(guid, Field::Present), Some(&Value::Yes))?;
    change(
        conn,
        changer,
        &Register::story(guid, Field::Name),
        Some(&Value::Text(name.trim().to_string())),
    )?;
    if let Some(body) = text_value(body) {
        change(conn, changer, &Register::story(guid, Field::Body), Some(&body))?;
    }
    Ok(id)
}

/// Links (or unlinks) a story and a card by their guids, recorded as a change when the
/// link was not (or was) there; returns whether it changed.
fn set_link(
    conn: &rusqlite::Connection,
    changer: &Changer,
    story: &str,
    card: &str,
    linked: bool,
) -> rusqlite::Result<bool> {
    let there: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM story_links l JOIN stories s ON s.id = l.story_id
                 JOIN cards c ON c.id = l.card_id WHERE s.guid = ?1 AND c.guid = ?2)",
        )?
        .query_row(params![story, card], |r| r.get(0))?;
    if there == linked {
        return Ok(false);
    }
    change(
        conn,
        changer,
        &Register::link(story, card),
        linked.then_some(&Value::Yes),
    )
}

/// Whether a story other than `except` has `name` in any case.
fn name_taken(conn: &rusqlite::Connection, name: &str, except: Option<StoryId>) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM stories WHERE name_key = ?1 AND id IS NOT ?2)",
        params![name.to_lowercase(), except.map(|s| s.0)],
        |r| r.get(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const STAMP: &str = "2026-03-01T09:00:00+00:00";
    fn now() -> Timestamp {
        crate::testing::stamp(STAMP)
    }

    /// A story stored with control sequences in its name (by a prepdeck from before names
    /// were cleaned) is found by the name the terminal showed.
    #[test]
    fn a_story_named_with_escapes_earlier_is_found_by_its_shown_name() {
        let store = crate::import::test_store("# Company Profile: Acme\n## Common Questions\n- Why?\n");
        let id = insert_story(&store.conn, "g1", "\u{1b}[31mRed\u{1b}[0m alert", "text", STAMP, STAMP).unwrap();
        insert_story(&store.conn, "g2", "Blue", "text", STAMP, STAMP).unwrap();
        assert_eq!(store.find_story("Red alert").unwrap(), id);
        assert_eq!(store.find_story("red").unwrap(), id);
        assert!(matches!(store.find_story("\u{1b}[31m"), Err(Error::UnknownStory(_))));
    }

    /// A card's own answer turned into a story (the session's `l`) leaves the card without
    /// one; removing the story gives the text back to every card left without an answer,
    /// and leaves a card's own answer alone.
    #[test]
    fn removing_a_story_gives_its_text_to_cards_without_their_own_answer() {
        let mut store = crate::import::test_store(
            "# Company Profile: Acme\n## Common Questions\n- Hardest bug?\n- A bug you chased?\n- Why Acme?\n",
        );
        store
            .set_answer(CardId(1), "The race in the dispatcher.", &now())
            .unwrap();
        store.set_answer(CardId(3), "Their robots.", &now()).unwrap();
        let dispatcher = store
            .answer_to_story(CardId(1), &[CardId(2)], "Dispatcher", "g1", &now())
            .unwrap();
        store.link_story(dispatcher, &[CardId(3)], &now()).unwrap();
        assert_eq!(store.card(CardId(1)).unwrap().answer, "", "the answer became the story");
        assert_eq!(
            store.story_cards_without_answer(dispatcher).unwrap(),
            vec![CardId(1), CardId(2)]
        );

        let given = store
            .remove_story(dispatcher, &crate::testing::stamp("2026-03-02T09:00:00+00:00"))
            .unwrap();
        assert_eq!(given, vec![CardId(1), CardId(2)]);
        let answers: Vec<String> = (1..=3).map(|id| store.card(CardId(id)).unwrap().answer).collect();
        assert_eq!(
            answers,
            vec![
                "The race in the dispatcher.",
                "The race in the dispatcher.",
                "Their robots."
            ]
        );
        assert!(store.stories().unwrap().is_empty());
        assert!(matches!(store.remove_story(dispatcher, &now()), Err(Error::StoryGone)));
    }
}

//! The history of every value the user edits (SPEC §7; see `domain::version`): each change
//! is written as a version in the same transaction as the value it sets ([`change`], the one
//! way a command changes such a value), and a merge writes the versions it learns and then
//! the winners ([`materialise_all`]). Also this database's machine name, the guids known to
//! name one thing ([`add_alias`]), and renaming a guid everywhere it is used.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, params};

use super::value::Value;
use super::{AtPath, Store};
use crate::domain::version::{Field, KEY_SEPARATOR, Register, Stamp, Subject, Version};
use crate::domain::{CardId, DeckId, StoryId};
use crate::error::Result;

/// Who makes a change, and when: this database's machine and the command's clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Changer {
    pub machine: String,
    pub now: Stamp,
}

/// The settings key of this database's machine name.
pub(crate) const MACHINE: &str = "machine";

impl Store {
    /// Sets the time changes made through this connection are dated by: the command's
    /// one reading of the clock. Unset, changes are dated just after the register's
    /// latest version (as a clock set far back would date them).
    pub fn set_clock(&mut self, now: DateTime<FixedOffset>) {
        self.clock = Some(Stamp::new(now.to_utc()));
    }

    #[cfg(test)]
    pub(crate) fn clock_day(&self) -> chrono::NaiveDate {
        self.clock.unwrap_or(Stamp::EPOCH).at().date_naive()
    }

    /// This database's machine name: made once, carried by every change made here.
    pub fn machine(&self) -> Result<String> {
        machine(&self.conn).at(&self.path)
    }

    /// Gives this database a new machine name (another database copied from this one
    /// writes under the old one); changes made from now on carry it.
    pub fn new_machine(&mut self) -> Result<String> {
        let name = new_machine_name();
        self.conn
            .execute("UPDATE settings SET value = ?1 WHERE key = ?2", params![name, MACHINE])
            .at(&self.path)?;
        Ok(name)
    }

    /// Changes one register (its version and its live value) in a unit of writing of its
    /// own; returns whether the live value changed.
    pub(crate) fn change_one(&mut self, register: &Register, value: Option<&Value>) -> Result<bool> {
        let changer = self.changer()?;
        let path = self.path.clone();
        let tx = self.write()?;
        let live_changed = change(&tx, &changer, register, value).at(&path)?;
        tx.commit().at(&path)?;
        Ok(live_changed)
    }

    pub(crate) fn changer(&self) -> Result<Changer> {
        Ok(Changer {
            machine: self.machine()?,
            now: self.clock.unwrap_or(Stamp::EPOCH),
        })
    }

    /// Every version of the card's answer, own front and own back, newest first: its
    /// history, as `show` lists it.
    pub fn card_text_versions(&self, card: CardId) -> Result<Vec<Version>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT v.key, v.field, v.value, v.changed_at, v.machine FROM versions v
                 WHERE v.subject = 'card' AND v.key = (SELECT guid FROM cards WHERE id = ?1)
                     AND v.field IN ('answer', 'front', 'back')
                 ORDER BY v.changed_at DESC, v.machine DESC, v.value DESC",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([card], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .at(&self.path)?;
        let mut out = Vec::new();
        for row in rows {
            let (key, field, value, changed_at, machine) = row.at(&self.path)?;
            let (Ok(field), Some(changed_at)) = (field.parse::<Field>(), Stamp::parse(&changed_at)) else {
                continue;
            };
            out.push(Version {
                register: Register::card(&key, field),
                value,
                changed_at,
                machine,
            });
        }
        Ok(out)
    }

    /// Every version held, in register order.
    #[cfg(test)]
    pub fn versions(&self) -> Result<Vec<Version>> {
        all_versions(&self.conn).at(&self.path)
    }

    /// Versions stored with a register, time or machine that cannot be one, or a value its
    /// register cannot hold (a damaged database): how many.
    pub fn damaged_versions(&self) -> Result<usize> {
        let mut stmt = self
            .conn
            .prepare("SELECT subject, key, field, value, changed_at, machine FROM versions")
            .at(&self.path)?;
        let mut rows = stmt.query([]).at(&self.path)?;
        let mut damaged = 0;
        while let Some(r) = rows.next().at(&self.path)? {
            let (subject, key, field, value, changed_at, machine): (
                String,
                String,
                String,
                Option<String>,
                String,
                String,
            ) = (|| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))().at(&self.path)?;
            let fine = match (subject.parse::<Subject>(), field.parse::<Field>()) {
                (Ok(subject), Ok(field)) => {
                    let register = Register { subject, key, field };
                    super::value::check_register(&register).is_ok()
                        && Stamp::parse(&changed_at).is_some()
                        && crate::domain::version::is_machine(&machine)
                        && value
                            .as_deref()
                            .is_none_or(|text| Value::decode(&register, text).is_ok())
                }
                _ => false,
            };
            damaged += usize::from(!fine);
        }
        Ok(damaged)
    }
}

/// A new machine name: 16 random lower-case hex digits.
fn new_machine_name() -> String {
    format!("{:016x}", rand::random::<u64>())
}

/// This database's machine name, made if it has none (a database written before the
/// migration that makes it is migrated first, so only a damaged one lacks it).
pub(super) fn machine(conn: &Connection) -> rusqlite::Result<String> {
    let found: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([MACHINE], |r| r.get(0))
        .optional()?;
    match found {
        Some(name) if crate::domain::version::is_machine(&name) => Ok(name),
        _ => {
            let name = new_machine_name();
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                params![MACHINE, name],
            )?;
            Ok(name)
        }
    }
}

/// Records that `register` changed to `value` (`None`: cleared or removed) and writes its
/// live value, inside the caller's transaction. The change is dated by the command's clock,
/// or just after the register's latest version if that is later (a clock set back never
/// makes the newest edit lose). Returns whether the live value changed.
pub(crate) fn change(
    conn: &Connection,
    changer: &Changer,
    register: &Register,
    value: Option<&Value>,
) -> rusqlite::Result<bool> {
    let latest: Option<String> = conn
        .prepare_cached("SELECT max(changed_at) FROM versions WHERE subject = ?1 AND key = ?2 AND field = ?3")?
        .query_row(
            params![register.subject.as_str(), register.key, register.field.as_str()],
            |r| r.get(0),
        )?;
    let after_latest = latest
        .as_deref()
        .and_then(Stamp::parse)
        .map_or(Stamp::EPOCH, Stamp::next);
    let version = Version {
        register: register.clone(),
        value: value.map(Value::encode),
        changed_at: changer.now.max(after_latest),
        machine: changer.machine.clone(),
    };
    insert_version(conn, &version)?;
    apply(conn, register, value)
}

/// Adds a version to the set; one with the same register, time and machine keeps the
/// greater value (so the set is the same whatever order versions come in). Returns whether
/// the set changed.
pub(crate) fn insert_version(conn: &Connection, version: &Version) -> rusqlite::Result<bool> {
    let changed = conn
        .prepare_cached(
            "INSERT INTO versions (subject, key, field, value, changed_at, machine) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (subject, key, field, changed_at, machine) DO UPDATE SET value = excluded.value
             WHERE excluded.value IS NOT NULL AND (value IS NULL OR excluded.value > value)",
        )?
        .execute(params![
            version.register.subject.as_str(),
            version.register.key,
            version.register.field.as_str(),
            version.value,
            version.changed_at.to_string(),
            version.machine,
        ])?;
    Ok(changed > 0)
}

/// One row of `versions` read as `subject, key, field, value, changed_at, machine`: the
/// version, and its time as stored. `None` for a row no build writes (a damaged database),
/// which takes no part; `check` counts it.
fn version_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<(Version, String)>> {
    let (subject, key, field, value, stored_at, machine): (String, String, String, Option<String>, String, String) =
        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
    let (Ok(subject), Ok(field), Some(changed_at)) = (
        subject.parse::<Subject>(),
        field.parse::<Field>(),
        Stamp::parse(&stored_at),
    ) else {
        return Ok(None);
    };
    let version = Version {
        register: Register { subject, key, field },
        value,
        changed_at,
        machine,
    };
    Ok(Some((version, stored_at)))
}

/// Every version, in register order and, within a register, in the order that makes the
/// last one its winner.
pub(crate) fn all_versions(conn: &Connection) -> rusqlite::Result<Vec<Version>> {
    let mut stmt = conn.prepare_cached(
        "SELECT subject, key, field, value, changed_at, machine FROM versions
         ORDER BY subject, key, field, changed_at, machine, value",
    )?;
    let mut out = Vec::new();
    for row in stmt.query_map([], version_row)? {
        if let Some((version, _)) = row? {
            out.push(version);
        }
    }
    Ok(out)
}

/// What materialising the winners changed, by subject.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Materialised {
    /// Live values set, by subject.
    pub set: BTreeMap<Subject, usize>,
    /// Live values cleared or removed (a tombstone won), by subject.
    pub removed: BTreeMap<Subject, usize>,
    /// Decks whose interview date or scheduler changed.
    pub rules_changed: Vec<DeckId>,
    /// The default scheduler or FSRS's settings changed.
    pub settings_changed: bool,
    /// Each change of a deck's value or a setting, with the deck's name (before the change),
    /// for the report.
    pub settings: Vec<(Register, Option<Value>, Option<String>)>,
}

/// Writes every register's winning version into the live value where they differ: after a
/// merge, the live values are a function of the set of versions alone. Registers with no
/// version are left as they are.
pub(crate) fn materialise_all(conn: &Connection) -> rusqlite::Result<Materialised> {
    let versions = all_versions(conn)?;
    let mut winners: Vec<&Version> = Vec::new();
    for version in &versions {
        match winners.last_mut() {
            Some(last) if last.register == version.register => *last = version,
            _ => winners.push(version),
        }
    }
    // Decks first (a removed deck takes its cards), stories before their links.
    let rank = |subject: Subject| match subject {
        Subject::Deck => 0,
        Subject::Card => 1,
        Subject::Tag => 2,
        Subject::Story => 3,
        Subject::Link => 4,
        Subject::Settings => 5,
    };
    // A story's presence before its name and text.
    winners.sort_by_key(|v| {
        (
            rank(v.register.subject),
            v.register.field != Field::Present,
            &v.register,
        )
    });
    let mut done = Materialised::default();
    for winner in winners {
        let register = &winner.register;
        let value = match winner.value.as_deref().map(|text| Value::decode(register, text)) {
            Some(Ok(value)) => Some(value),
            None => None,
            // A damaged version takes no part; `check` counts it.
            Some(Err(_)) => continue,
        };
        let deck = if register.subject == Subject::Deck {
            deck_of_guid(conn, &register.key)?
        } else {
            None
        };
        let deck_name = match deck {
            Some(deck) => conn
                .prepare_cached("SELECT name FROM decks WHERE id = ?1")?
                .query_row([deck], |r| r.get(0))
                .optional()?,
            None => None,
        };
        if apply(conn, register, value.as_ref())? {
            if matches!(register.subject, Subject::Deck | Subject::Settings) {
                done.settings.push((register.clone(), value.clone(), deck_name));
            }
            let tally = if value.is_some() {
                &mut done.set
            } else {
                &mut done.removed
            };
            *tally.entry(register.subject).or_default() += 1;
            if let Some(deck) = deck.filter(|_| matches!(register.field, Field::Interview | Field::Scheduler)) {
                done.rules_changed.push(deck);
            }
            if register.subject == Subject::Settings {
                done.settings_changed = true;
            }
        }
    }
    done.rules_changed.sort_unstable();
    done.rules_changed.dedup();
    Ok(done)
}

fn deck_of_guid(conn: &Connection, guid: &str) -> rusqlite::Result<Option<DeckId>> {
    conn.prepare_cached("SELECT id FROM decks WHERE guid = ?1")?
        .query_row([guid], |r| r.get(0))
        .optional()
}

/// A card's guid, by id.
pub(crate) fn card_guid(conn: &Connection, card: CardId) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT guid FROM cards WHERE id = ?1")?
        .query_row([card], |r| r.get(0))
        .optional()
}

/// A deck's guid, by id.
pub(crate) fn deck_guid(conn: &Connection, deck: DeckId) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT guid FROM decks WHERE id = ?1")?
        .query_row([deck], |r| r.get(0))
        .optional()
}

/// A story's guid, by id.
pub(crate) fn story_guid(conn: &Connection, story: StoryId) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT guid FROM stories WHERE id = ?1")?
        .query_row([story.0], |r| r.get(0))
        .optional()
}

fn card_of_guid(conn: &Connection, guid: &str) -> rusqlite::Result<Option<(CardId, bool)>> {
    conn.prepare_cached("SELECT id, by_hand FROM cards WHERE guid = ?1")?
        .query_row([guid], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

fn story_of_guid(conn: &Connection, guid: &str) -> rusqlite::Result<Option<StoryId>> {
    conn.prepare_cached("SELECT id FROM stories WHERE guid = ?1")?
        .query_row([guid], |r| r.get(0).map(StoryId))
        .optional()
}

/// The winning version of one register.
pub(crate) fn winner(conn: &Connection, register: &Register) -> rusqlite::Result<Option<Version>> {
    conn.prepare_cached(
        "SELECT value, changed_at, machine FROM versions WHERE subject = ?1 AND key = ?2 AND field = ?3
         ORDER BY changed_at DESC, machine DESC, value DESC LIMIT 1",
    )?
    .query_row(
        params![register.subject.as_str(), register.key, register.field.as_str()],
        |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        },
    )
    .optional()
    .map(|found| {
        found.map(|(value, changed_at, machine)| Version {
            register: register.clone(),
            value,
            changed_at: Stamp::parse(&changed_at).unwrap_or(Stamp::EPOCH),
            machine,
        })
    })
}

/// Writes one register's live value; returns whether it changed. A register of a card,
/// story or deck this database does not have changes nothing.
pub(crate) fn apply(conn: &Connection, register: &Register, value: Option<&Value>) -> rusqlite::Result<bool> {
    let key = register.key.as_str();
    let changed = match register.subject {
        Subject::Card => apply_to_card(conn, key, register.field, value)?,
        Subject::Tag => apply_to_tag(conn, key, value)?,
        Subject::Story => apply_to_story(conn, key, register.field, value)?,
        Subject::Link => apply_to_link(conn, register, value)?,
        Subject::Deck => apply_to_deck(conn, key, register.field, value)?,
        Subject::Settings => usize::from(super::settings::apply_setting(conn, register.field, value)?),
    };
    Ok(changed > 0)
}

/// A card's answer, own front or back (a hand-made card's own texts), or suspension;
/// returns the rows changed.
fn apply_to_card(conn: &Connection, key: &str, field: Field, value: Option<&Value>) -> rusqlite::Result<usize> {
    let text = value.and_then(Value::text);
    match field {
        Field::Answer => conn
            .prepare_cached("UPDATE cards SET answer = ?1 WHERE guid = ?2 AND answer IS NOT ?1")?
            .execute(params![text.unwrap_or(""), key]),
        Field::Front | Field::Back => {
            let Some((card, by_hand)) = card_of_guid(conn, key)? else {
                return Ok(0);
            };
            let sql = match (field, by_hand) {
                // A card added by hand has no document's text to go back to.
                (_, true) if text.is_none() => return Ok(0),
                (Field::Front, true) => "UPDATE cards SET item_text = ?1 WHERE id = ?2 AND item_text IS NOT ?1",
                (_, true) => "UPDATE cards SET detail = ?1 WHERE id = ?2 AND detail IS NOT ?1",
                (Field::Front, false) => "UPDATE cards SET own_front = ?1 WHERE id = ?2 AND own_front IS NOT ?1",
                (_, false) => "UPDATE cards SET own_back = ?1 WHERE id = ?2 AND own_back IS NOT ?1",
            };
            conn.prepare_cached(sql)?.execute(params![text, card])
        }
        _ => conn
            .prepare_cached("UPDATE cards SET suspended = ?1 WHERE guid = ?2 AND suspended IS NOT ?1")?
            .execute(params![value.is_some(), key]),
    }
}

/// A tag on a card (its spelling as first written), or its removal.
fn apply_to_tag(conn: &Connection, key: &str, value: Option<&Value>) -> rusqlite::Result<usize> {
    let Some((card_guid, lower)) = key.split_once(KEY_SEPARATOR) else {
        return Ok(0);
    };
    let Some((card, _)) = card_of_guid(conn, card_guid)? else {
        return Ok(0);
    };
    match value.and_then(Value::text) {
        Some(tag) => conn
            .prepare_cached(
                "INSERT INTO card_tags (card_id, tag) VALUES (?1, ?2)
                 ON CONFLICT (card_id, tag) DO UPDATE SET tag = excluded.tag
                 WHERE tag IS NOT excluded.tag COLLATE BINARY",
            )?
            .execute(params![card, tag]),
        None => conn
            .prepare_cached("DELETE FROM card_tags WHERE card_id = ?1 AND tag = ?2")?
            .execute(params![card, lower]),
    }
}

/// A story made (from its winning name and text) or removed, renamed, or its text.
fn apply_to_story(conn: &Connection, key: &str, field: Field, value: Option<&Value>) -> rusqlite::Result<usize> {
    let text = value.and_then(Value::text);
    match field {
        Field::Present => match (value, story_of_guid(conn, key)?) {
            (None, Some(story)) => conn.execute("DELETE FROM stories WHERE id = ?1", [story.0]),
            (Some(_), None) => {
                let of = |field| winner(conn, &Register::story(key, field));
                let name = of(Field::Name)?
                    .and_then(|v| v.value)
                    .and_then(|text| serde_json::from_str::<String>(&text).ok())
                    .unwrap_or_else(|| "Story".to_string());
                let body = of(Field::Body)?
                    .and_then(|v| v.value)
                    .and_then(|text| serde_json::from_str::<String>(&text).ok())
                    .unwrap_or_default();
                let at = of(Field::Present)?.map_or(Stamp::EPOCH, |v| v.changed_at).to_string();
                let name = free_name(conn, NameTable::Stories, &name, key)?;
                super::story_rows::insert_story(conn, key, &name, &body, &at, &at)?;
                Ok(1)
            }
            _ => Ok(0),
        },
        Field::Name => {
            let (Some(name), Some(story)) = (text, story_of_guid(conn, key)?) else {
                return Ok(0);
            };
            let name = free_name(conn, NameTable::Stories, name, key)?;
            conn.prepare_cached("UPDATE stories SET name = ?1, name_key = ?2 WHERE id = ?3 AND name IS NOT ?1")?
                .execute(params![name, name.to_lowercase(), story.0])
        }
        _ => conn
            .prepare_cached("UPDATE stories SET body = ?1 WHERE guid = ?2 AND body IS NOT ?1")?
            .execute(params![text.unwrap_or(""), key]),
    }
}

/// A story's link to a card, made (dated by its winning version) or removed.
fn apply_to_link(conn: &Connection, register: &Register, value: Option<&Value>) -> rusqlite::Result<usize> {
    let Some((story_guid, card_guid)) = register.key.split_once(KEY_SEPARATOR) else {
        return Ok(0);
    };
    let (Some(story), Some((card, _))) = (story_of_guid(conn, story_guid)?, card_of_guid(conn, card_guid)?) else {
        return Ok(0);
    };
    match value {
        Some(_) => {
            let at = winner(conn, register)?
                .map_or(Stamp::EPOCH, |v| v.changed_at)
                .to_string();
            super::story_rows::insert_link(conn, story, card, &at)
        }
        None => conn
            .prepare_cached("DELETE FROM story_links WHERE story_id = ?1 AND card_id = ?2")?
            .execute(params![story.0, card]),
    }
}

/// A deck removed, renamed, or its interview date, daily budget or scheduler.
fn apply_to_deck(conn: &Connection, key: &str, field: Field, value: Option<&Value>) -> rusqlite::Result<usize> {
    match field {
        Field::Present => match value {
            None => conn.execute("DELETE FROM decks WHERE guid = ?1", [key]),
            Some(_) => Ok(0),
        },
        Field::Name => {
            let (Some(name), Some(deck)) = (value.and_then(Value::text), deck_of_guid(conn, key)?) else {
                return Ok(0);
            };
            let name = free_name(conn, NameTable::Decks, name, key)?;
            conn.prepare_cached("UPDATE decks SET name = ?1, name_key = ?2 WHERE id = ?3 AND name IS NOT ?1")?
                .execute(params![name, name.to_lowercase(), deck])
        }
        Field::Interview => {
            let day = match value {
                Some(Value::Day(day)) => Some(*day),
                _ => None,
            };
            conn.prepare_cached("UPDATE decks SET interview_date = ?1 WHERE guid = ?2 AND interview_date IS NOT ?1")?
                .execute(params![day, key])
        }
        Field::DailyMinutes => {
            let minutes = match value {
                Some(Value::Minutes(minutes)) => Some(*minutes),
                _ => None,
            };
            conn.prepare_cached("UPDATE decks SET daily_minutes = ?1 WHERE guid = ?2 AND daily_minutes IS NOT ?1")?
                .execute(params![minutes, key])
        }
        _ => {
            let scheduler = match value {
                Some(Value::Scheduler(scheduler)) => Some(*scheduler),
                _ => None,
            };
            conn.prepare_cached("UPDATE decks SET scheduler = ?1 WHERE guid = ?2 AND scheduler IS NOT ?1")?
                .execute(params![scheduler, key])
        }
    }
}

/// The tables whose names are unique in any case.
#[derive(Debug, Clone, Copy)]
enum NameTable {
    Decks,
    Stories,
}

/// The name a deck or story with `guid` takes when its winning name is `name`: `name`
/// itself, unless another one holds it. Two merged from different machines may have come
/// to the same name: the one whose name changed later keeps it, and the other is told
/// apart by the start of its guid (decided by the versions, so every machine decides the
/// same way).
fn free_name(conn: &Connection, table: NameTable, name: &str, guid: &str) -> rusqlite::Result<String> {
    let (sql, subject) = match table {
        NameTable::Decks => (
            "SELECT guid, id FROM decks WHERE name_key = ?1 AND guid != ?2",
            Subject::Deck,
        ),
        NameTable::Stories => (
            "SELECT guid, id FROM stories WHERE name_key = ?1 AND guid != ?2",
            Subject::Story,
        ),
    };
    let holder: Option<(String, i64)> = conn
        .prepare_cached(sql)?
        .query_row(params![name.to_lowercase(), guid], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((other, other_id)) = holder else {
        return Ok(name.to_string());
    };
    let register = |guid: &str| Register {
        subject,
        key: guid.to_string(),
        field: Field::Name,
    };
    let mine = winner(conn, &register(guid))?;
    let theirs = winner(conn, &register(&other))?;
    let mine_wins = match (&mine, &theirs) {
        (Some(mine), Some(theirs)) => mine.beats(theirs),
        (Some(_), None) => true,
        _ => guid < other.as_str(),
    };
    let told_apart = |name: &str, guid: &str| format!("{name} ({})", guid.chars().take(6).collect::<String>());
    if !mine_wins {
        return Ok(told_apart(name, guid));
    }
    let moved = told_apart(name, &other);
    let sql = match table {
        NameTable::Decks => "UPDATE decks SET name = ?1, name_key = ?2 WHERE id = ?3",
        NameTable::Stories => "UPDATE stories SET name = ?1, name_key = ?2 WHERE id = ?3",
    };
    conn.execute(sql, params![moved, moved.to_lowercase(), other_id])?;
    Ok(name.to_string())
}

/// Records that `alias` names what `canonical` names.
pub(crate) fn add_alias(conn: &Connection, alias: &str, canonical: &str) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("INSERT OR IGNORE INTO aliases (alias, canonical) VALUES (?1, ?2)")?
        .execute(params![alias, canonical])?
        > 0)
}

/// Every alias pair known.
pub(crate) fn aliases(conn: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT alias, canonical FROM aliases ORDER BY alias, canonical")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Renames a card's, story's or deck's guid from `from` to `to` wherever it is used: its
/// row, and the key of every version that names it (a card's, story's or deck's own, a
/// tag's card, either side of a link). Versions that come to share a register, time and
/// machine keep the greater value.
pub(crate) fn rename_guid(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<()> {
    for table in ["cards", "stories", "decks"] {
        conn.execute(
            &format!("UPDATE {table} SET guid = ?1 WHERE guid = ?2"),
            params![to, from],
        )?;
    }
    let prefix = format!("{from}{KEY_SEPARATOR}");
    let suffix = format!("{KEY_SEPARATOR}{from}");
    let mut moved = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT subject, key, field, value, changed_at, machine FROM versions
             WHERE key = ?1 OR (subject IN ('tag', 'link') AND substr(key, 1, length(?2)) = ?2)
                 OR (subject = 'link' AND substr(key, -length(?3)) = ?3)",
        )?;
        for row in stmt.query_map(params![from, prefix, suffix], version_row)? {
            let Some((version, stored_at)) = row? else {
                continue;
            };
            let renamed = version
                .register
                .mapped(|guid| if guid == from { to.to_string() } else { guid.to_string() });
            if renamed != version.register {
                moved.push((version, renamed, stored_at));
            }
        }
    }
    for (version, renamed, stored_at) in moved {
        conn.prepare_cached(
            "DELETE FROM versions WHERE subject = ?1 AND key = ?2 AND field = ?3 AND changed_at = ?4 AND machine = ?5",
        )?
        .execute(params![
            version.register.subject.as_str(),
            version.register.key,
            version.register.field.as_str(),
            stored_at,
            version.machine
        ])?;
        insert_version(
            conn,
            &Version {
                register: renamed,
                ..version
            },
        )?;
    }
    Ok(())
}

/// The versions of the registers of the given cards (their own, their tags, their links),
/// of the given decks and stories, and of the settings: what a backup of some decks
/// carries.
pub(crate) fn versions_for(
    conn: &Connection,
    decks: &[String],
    cards: &std::collections::HashSet<String>,
    stories: &std::collections::HashSet<String>,
) -> rusqlite::Result<Vec<Version>> {
    Ok(all_versions(conn)?
        .into_iter()
        .filter(|v| {
            let guids = v.register.guids();
            match v.register.subject {
                Subject::Card | Subject::Tag => guids.first().is_some_and(|g| cards.contains(*g)),
                Subject::Link => guids.get(1).is_some_and(|g| cards.contains(*g)) && stories.contains(guids[0]),
                Subject::Story => stories.contains(v.register.key.as_str()),
                Subject::Deck => decks.contains(&v.register.key),
                Subject::Settings => true,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The migration that made versions of the values already set wrote them with SQLite's
    /// `json_quote`: the same text the values' one form has, so a seeded version and the
    /// same version read back from a backup are one.
    #[test]
    fn sqlite_quotes_text_as_values_are_written() {
        let conn = Connection::open_in_memory().unwrap();
        let mut tricky: String = (0u8..0x20).map(char::from).collect();
        tricky.push_str("\"quoted\" \\ / \u{7f} é 😀 \u{2028} </script>");
        let quoted: String = conn
            .query_row("SELECT json_quote(?1)", [&tricky], |r| r.get(0))
            .unwrap();
        assert_eq!(quoted, Value::Text(tricky).encode());
    }

    /// A version renamed onto one already there keeps the greater value, whichever order.
    #[test]
    fn renaming_a_guid_moves_every_key_that_names_it() {
        let store = Store::open_in_memory().unwrap();
        let conn = &store.conn;
        let changer = Changer {
            machine: "m1".to_string(),
            now: Stamp::parse("2026-03-01T08:00:00.000Z").unwrap(),
        };
        let tag = Value::Tag("Infra".to_string());
        for register in [
            Register::card("b", Field::Answer),
            Register::tag("b", "Infra"),
            Register::link("s", "b"),
            Register::link("b", "c"),
        ] {
            let value = if register.subject == Subject::Tag {
                tag.clone()
            } else if register.subject == Subject::Link {
                Value::Yes
            } else {
                Value::Text("x".to_string())
            };
            change(conn, &changer, &register, Some(&value)).unwrap();
        }
        rename_guid(conn, "b", "a").unwrap();
        let keys: Vec<String> = all_versions(conn)
            .unwrap()
            .into_iter()
            .map(|v| v.register.key)
            .collect();
        assert_eq!(keys, vec!["a", "a\tc", "s\ta", "a\tinfra"]);
    }
}

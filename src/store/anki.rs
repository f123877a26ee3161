//! Reading an Anki collection — another program's SQLite database, in either of Anki's
//! schemas (the current one with its own tables for note types, fields, decks and
//! settings; the older one keeping them as JSON in `col`) — into the rows
//! `interchange::anki` makes notes of. Opened read-only; nothing in it is written.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::interchange::anki::{Card, Collection, Note, NoteType, Revlog};

/// Reads the collection at `path` (a copy the caller owns). The error is a sentence naming
/// what is wrong with it.
pub fn read_anki_collection(path: &Path) -> Result<Collection, String> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(sentence)?;
    // Anki's tables name a collation of its own; without one of that name SQLite finds no
    // way to read them. Case-insensitive order is all it means.
    conn.create_collation("unicase", |a: &str, b: &str| a.to_lowercase().cmp(&b.to_lowercase()))
        .map_err(sentence)?;
    let has = |table: &str| -> Result<bool, String> {
        conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1)",
            [table],
            |r| r.get(0),
        )
        .map_err(sentence)
    };
    if !(has("col")? && has("notes")? && has("cards")?) {
        return Err("it is an SQLite database but not an Anki collection (no notes and cards)".to_string());
    }
    let crt: i64 = conn
        .query_row("SELECT crt FROM col", [], |r| r.get(0))
        .map_err(sentence)?;
    let mut collection = Collection {
        crt,
        rollover_hour: 4,
        scheduler_version: 2,
        ..Collection::default()
    };
    if has("notetypes")? {
        read_tables(&conn, &mut collection).map_err(sentence)?;
    } else {
        read_json(&conn, &mut collection)?;
    }
    collection.notes = rows(&conn, "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id", |r| {
        Ok(Note {
            id: r.get(0)?,
            guid: r.get(1)?,
            notetype: r.get(2)?,
            tags: r.get(3)?,
            fields: r.get(4)?,
        })
    })?;
    collection.cards = rows(
        &conn,
        "SELECT id, nid, did, odid, odue, ord, type, queue, due, ivl, factor, lapses FROM cards ORDER BY nid, ord",
        |r| {
            Ok(Card {
                id: r.get(0)?,
                note: r.get(1)?,
                deck: r.get(2)?,
                original_deck: r.get(3)?,
                original_due: r.get(4)?,
                ord: r.get(5)?,
                kind: r.get(6)?,
                queue: r.get(7)?,
                due: r.get(8)?,
                interval: r.get(9)?,
                factor: r.get(10)?,
                lapses: r.get(11)?,
            })
        },
    )?;
    if has("revlog")? {
        collection.revlog = rows(
            &conn,
            "SELECT id, cid, ease, ivl, factor, time, type FROM revlog ORDER BY cid, id",
            |r| {
                Ok(Revlog {
                    id: r.get(0)?,
                    card: r.get(1)?,
                    ease: r.get(2)?,
                    interval: r.get(3)?,
                    factor: r.get(4)?,
                    taken_ms: r.get(5)?,
                    kind: r.get(6)?,
                })
            },
        )?;
    }
    Ok(collection)
}

fn rows<T>(
    conn: &Connection,
    sql: &str,
    row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, String> {
    let mut stmt = conn.prepare(sql).map_err(sentence)?;
    let rows = stmt.query_map([], row).map_err(sentence)?;
    rows.collect::<rusqlite::Result<_>>().map_err(sentence)
}

/// The current schema: note types, their fields, decks and settings in tables of their own.
fn read_tables(conn: &Connection, collection: &mut Collection) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare("SELECT key, val FROM config")?;
    let settings = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?)))?;
    for setting in settings {
        let (key, value) = setting?;
        let value = serde_json::from_slice::<serde_json::Value>(&value).ok();
        apply_setting(collection, &key, value.as_ref());
    }
    let mut stmt = conn.prepare("SELECT id, name, config FROM notetypes")?;
    let types = stmt.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Vec<u8>>(2)?))
    })?;
    for notetype in types {
        let (id, name, config) = notetype?;
        // The note type's kind is field 1 of its settings (protocol buffers): 1 is cloze.
        let cloze = protobuf_varint(&config, 1) == Some(1);
        collection.notetypes.insert(
            id,
            NoteType {
                name,
                cloze,
                fields: Vec::new(),
            },
        );
    }
    let mut stmt = conn.prepare("SELECT ntid, name FROM fields ORDER BY ntid, ord")?;
    let fields = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for field in fields {
        let (notetype, name) = field?;
        if let Some(notetype) = collection.notetypes.get_mut(&notetype) {
            notetype.fields.push(name);
        }
    }
    let mut stmt = conn.prepare("SELECT id, name FROM decks")?;
    let decks = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for deck in decks {
        let (id, name) = deck?;
        // Levels are joined by U+001F in this schema, by `::` in every other place.
        collection.decks.insert(id, name.replace('\u{1f}', "::"));
    }
    Ok(())
}

/// The older schema: settings, note types and decks as JSON in `col`.
fn read_json(conn: &Connection, collection: &mut Collection) -> Result<(), String> {
    let (settings_json, models_json, decks_json): (String, String, String) = conn
        .query_row("SELECT conf, models, decks FROM col", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .map_err(sentence)?;
    let parse = |text: &str, what: &str| {
        serde_json::from_str::<serde_json::Value>(text).map_err(|e| format!("its {what} are not readable JSON ({e})"))
    };
    let settings = parse(&settings_json, "settings")?;
    for key in ["rollover", "creationOffset", "schedVer"] {
        apply_setting(collection, key, settings.get(key));
    }
    let id_of = |key: &str, value: &serde_json::Value| {
        value
            .get("id")
            .and_then(serde_json::Value::as_i64)
            .or_else(|| key.parse().ok())
    };
    if let Some(models) = parse(&models_json, "note types")?.as_object() {
        for (key, model) in models {
            let Some(id) = id_of(key, model) else { continue };
            let mut fields: Vec<(i64, String)> = model
                .get("flds")
                .and_then(serde_json::Value::as_array)
                .map(|fields| {
                    fields
                        .iter()
                        .enumerate()
                        .map(|(i, f)| {
                            (
                                f.get("ord").and_then(serde_json::Value::as_i64).unwrap_or(i as i64),
                                f.get("name")
                                    .and_then(serde_json::Value::as_str)
                                    .unwrap_or("")
                                    .to_string(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            fields.sort_by_key(|(ord, _)| *ord);
            collection.notetypes.insert(
                id,
                NoteType {
                    name: model
                        .get("name")
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                    cloze: model.get("type").and_then(serde_json::Value::as_i64) == Some(1),
                    fields: fields.into_iter().map(|(_, name)| name).collect(),
                },
            );
        }
    }
    if let Some(decks) = parse(&decks_json, "decks")?.as_object() {
        for (key, deck) in decks {
            if let (Some(id), Some(name)) = (id_of(key, deck), deck.get("name").and_then(serde_json::Value::as_str)) {
                collection.decks.insert(id, name.to_string());
            }
        }
    }
    Ok(())
}

fn apply_setting(collection: &mut Collection, key: &str, value: Option<&serde_json::Value>) {
    let Some(number) = value.and_then(serde_json::Value::as_i64) else {
        return;
    };
    match key {
        "rollover" => collection.rollover_hour = u32::try_from(number.clamp(0, 23)).unwrap_or(4),
        "creationOffset" => collection.creation_offset_minutes = i32::try_from(number).ok(),
        "schedVer" => collection.scheduler_version = u32::try_from(number).unwrap_or(2),
        _ => {}
    }
}

/// The value of a top-level varint field of a protocol-buffers message, if it is there.
fn protobuf_varint(message: &[u8], wanted: u64) -> Option<u64> {
    let mut at = 0;
    while at < message.len() {
        let key = varint(message, &mut at)?;
        let (field, wire) = (key >> 3, key & 7);
        match wire {
            0 => {
                let value = varint(message, &mut at)?;
                if field == wanted {
                    return Some(value);
                }
            }
            1 => at += 8,
            2 => {
                let len = usize::try_from(varint(message, &mut at)?).ok()?;
                at = at.checked_add(len)?;
            }
            5 => at += 4,
            _ => return None,
        }
    }
    None
}

fn varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// A sentence for an SQLite error met reading the collection.
#[allow(clippy::needless_pass_by_value)] // Its shape suits `map_err`.
fn sentence(e: rusqlite::Error) -> String {
    if let rusqlite::Error::SqliteFailure(failure, _) = &e {
        match failure.code {
            rusqlite::ErrorCode::NotADatabase => return "its collection is not an SQLite database".to_string(),
            rusqlite::ErrorCode::DatabaseCorrupt => return "its collection is damaged".to_string(),
            _ => {}
        }
    }
    format!("its collection could not be read ({e})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_type_kinds_are_read_from_their_settings() {
        // Field 1 (kind) = 1, then a string field.
        assert_eq!(protobuf_varint(&[0x08, 0x01, 0x1a, 0x02, b'h', b'i'], 1), Some(1));
        // No kind written: a normal note type.
        assert_eq!(protobuf_varint(&[0x1a, 0x02, b'h', b'i', 0x48, 0x01], 1), None);
        assert_eq!(protobuf_varint(&[0x1a, 0xff], 1), None, "a broken message is no kind");
    }

    #[test]
    fn a_database_that_is_not_a_collection_is_named_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        assert!(
            read_anki_collection(&path)
                .unwrap_err()
                .contains("not an Anki collection")
        );
        std::fs::write(&path, vec![b'x'; 4096]).unwrap();
        assert_eq!(
            read_anki_collection(&path).unwrap_err(),
            "its collection is not an SQLite database"
        );
    }
}

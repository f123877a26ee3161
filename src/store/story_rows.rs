//! The rows of a story and of its links as written on any connection: by the story
//! commands, and by a merge bringing in a story or link whose version won.

use rusqlite::params;

use crate::domain::{CardId, StoryId};

/// Adds a story (its name trimmed, its lower-cased name the key), on any connection.
pub(super) fn insert_story(
    conn: &rusqlite::Connection,
    guid: &str,
    name: &str,
    body: &str,
    created_at: &str,
    updated_at: &str,
) -> rusqlite::Result<StoryId> {
    let name = name.trim();
    conn.execute(
        "INSERT INTO stories (guid, name, name_key, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![guid, name, name.to_lowercase(), body, created_at, updated_at],
    )?;
    Ok(StoryId(conn.last_insert_rowid()))
}

/// Links a story to a card unless it already is, on any connection; returns 1 for a new
/// link, 0 otherwise.
pub(super) fn insert_link(
    conn: &rusqlite::Connection,
    story: StoryId,
    card: CardId,
    stamp: &str,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "INSERT INTO story_links (story_id, card_id, linked_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
    )?
    .execute(params![story.0, card, stamp])
}

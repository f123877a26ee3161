//! Schema migrations: numbered SQL files in `migrations/`, embedded in the binary, applied
//! in order inside one transaction and tracked with `PRAGMA user_version`. A landed
//! migration is never edited; a change of schema is a new file.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use super::AtPath;
use crate::error::{Error, Result};

/// The migrations in order; the schema version is how many have been applied.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_initial", include_str!("../../migrations/0001_initial.sql")),
    (
        "0002_mock_interviews",
        include_str!("../../migrations/0002_mock_interviews.sql"),
    ),
    (
        "0003_cards_reviews_deck_days",
        include_str!("../../migrations/0003_cards_reviews_deck_days.sql"),
    ),
    (
        "0004_document_notes",
        include_str!("../../migrations/0004_document_notes.sql"),
    ),
    ("0005_fsrs", include_str!("../../migrations/0005_fsrs.sql")),
    (
        "0006_document_cards",
        include_str!("../../migrations/0006_document_cards.sql"),
    ),
    ("0007_stories", include_str!("../../migrations/0007_stories.sql")),
    (
        "0008_card_places",
        include_str!("../../migrations/0008_card_places.sql"),
    ),
    (
        "0009_tags_edits_search",
        include_str!("../../migrations/0009_tags_edits_search.sql"),
    ),
    ("0010_versions", include_str!("../../migrations/0010_versions.sql")),
    ("0011_speed", include_str!("../../migrations/0011_speed.sql")),
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// How many dangling rows a failed migration names before "and N more".
const PROBLEMS_NAMED: usize = 3;

/// The schema version of an open database.
pub fn current_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Applies every pending migration in one transaction: all of them or none. Foreign keys
/// are off while they run, because a step may rebuild a table and dropping a table with
/// them on deletes every row that points to it; they are checked before the commit
/// instead, and the connection's own setting is restored afterwards. The setting cannot
/// change inside a transaction, so `conn` must not be in one.
pub fn run(conn: &mut Connection, application_id: i64, path: &Path) -> Result<()> {
    let version = current_version(conn).at(path)?;
    let Ok(applied) = usize::try_from(version) else {
        return Ok(());
    };
    if applied >= MIGRATIONS.len() {
        return Ok(());
    }
    let enforced: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).at(path)?;
    conn.pragma_update(None, "foreign_keys", false).at(path)?;
    let outcome = apply(conn, applied, application_id, path);
    let restored = conn.pragma_update(None, "foreign_keys", enforced).at(path);
    outcome.and(restored)
}

/// The transaction of [`run`], with foreign keys already off.
fn apply(conn: &mut Connection, applied: usize, application_id: i64, path: &Path) -> Result<()> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .at(path)?;
    // Another process may have migrated while we waited for the lock.
    if current_version(&tx).at(path)? >= LATEST_VERSION {
        return tx.commit().at(path);
    }
    for (_, sql) in &MIGRATIONS[applied..] {
        tx.execute_batch(sql).at(path)?;
    }
    let problems = foreign_key_problems(&tx).at(path)?;
    if !problems.is_empty() {
        tx.rollback().at(path)?;
        let mut named = problems[..problems.len().min(PROBLEMS_NAMED)].join("; ");
        if problems.len() > PROBLEMS_NAMED {
            named.push_str(&format!("; and {} more", problems.len() - PROBLEMS_NAMED));
        }
        return Err(Error::MigrationBrokeLinks {
            path: path.to_path_buf(),
            version: LATEST_VERSION,
            problems: named,
        });
    }
    tx.pragma_update(None, "user_version", LATEST_VERSION).at(path)?;
    tx.pragma_update(None, "application_id", application_id).at(path)?;
    tx.commit().at(path)
}

/// Every row whose foreign key points to a missing row, as a sentence each.
pub(super) fn foreign_key_problems(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |r| {
        let table: String = r.get(0)?;
        // A WITHOUT ROWID table (deck_days) has no rowid to name.
        let row = match r.get::<_, Option<i64>>(1)? {
            Some(id) => format!("row {id} of {table}"),
            None => format!("a row of {table}"),
        };
        Ok(format!("{row} points to a missing {}", r.get::<_, String>(2)?))
    })?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        conn
    }

    /// Applies the first `count` migrations the way a build that had only those did.
    fn upto(conn: &Connection, count: usize) {
        for (_, sql) in &MIGRATIONS[..count] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", count as i64).unwrap();
    }

    fn count(conn: &Connection, sql: &str) -> i64 {
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// A deck, two cards, three reviews and a mock run whose answers link to two of them,
    /// written in the schema of migrations 0001 and 0002 as they first landed.
    const VERSION_2_ROWS: &str = "
        INSERT INTO decks (id, name, name_key, created_at) VALUES (1, 'Acme', 'acme', 't');
        INSERT INTO cards (id, deck_id, guid, kind, item_text, match_key, front, created_at, updated_at)
            VALUES (5, 1, 'g5', 'question', 'Why?', 'why', 'Why?', 't', 't'),
                   (9, 1, 'g9', 'question', 'How?', 'how', 'How?', 't', 't');
        INSERT INTO reviews (id, card_id, reviewed_at, review_day, grade, effect, origin, duration_ms,
                ease_before, interval_before, reps_before, lapses_before, ease_after, interval_after, reps_after)
            VALUES (1, 5, 't', '2026-01-05', 4, 'review', 'grade', NULL, 2.5, 0, 0, 0, 2.5, 1, 1),
                   (2, 9, 't', '2026-01-05', 1, 'review', 'mock', 3000, 2.5, 0, 0, 0, 2.3, 1, 0),
                   (3, 5, 't', '2026-01-06', 5, 'review', 'mock', 1500, 2.5, 1, 1, 0, 2.6, 6, 2);
        INSERT INTO mock_runs (id, deck_id, started_at, run_day, seed, limit_seconds, completed)
            VALUES (1, 1, 't', '2026-01-05', 7, 120, 1);
        INSERT INTO mock_answers (run_id, card_id, position, elapsed_ms, timed_out, review_id)
            VALUES (1, 9, 0, 3000, 0, 2), (1, 5, 1, 1500, 0, 3);";

    #[test]
    fn every_migration_applies_to_an_empty_database() {
        let mut conn = memory();
        run(&mut conn, 1, Path::new(":memory:")).unwrap();
        assert_eq!(current_version(&conn).unwrap(), LATEST_VERSION);
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE '%words_%' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            tables,
            vec![
                "aliases",
                "card_tags",
                "card_words",
                "cards",
                "deck_days",
                "decks",
                "document_cards",
                "document_notes",
                "documents",
                "mock_answers",
                "mock_runs",
                "reviews",
                "settings",
                "stories",
                "story_links",
                "story_words",
                "versions"
            ]
        );
        let columns = count(
            &conn,
            "SELECT count(*) FROM pragma_table_info('cards') WHERE name IN ('front', 'back', 'match_key')",
        );
        assert_eq!(columns, 0, "cards keep the item, not its composed texts");
        assert_eq!(count(&conn, "PRAGMA foreign_keys"), 1, "foreign keys are on again");
        // Running again is a no-op.
        run(&mut conn, 1, Path::new(":memory:")).unwrap();
        assert_eq!(current_version(&conn).unwrap(), LATEST_VERSION);
    }

    #[test]
    fn rebuilding_tables_keeps_the_rows_that_point_at_them() {
        let mut conn = memory();
        upto(&conn, 2);
        conn.execute_batch(VERSION_2_ROWS).unwrap();
        run(&mut conn, 1, Path::new(":memory:")).unwrap();
        assert_eq!(current_version(&conn).unwrap(), LATEST_VERSION);
        assert_eq!(count(&conn, "SELECT count(*) FROM cards"), 2);
        assert_eq!(count(&conn, "SELECT count(*) FROM reviews WHERE deck_id = 1"), 3);
        // With foreign keys on, dropping the old tables would have deleted these.
        assert_eq!(
            count(&conn, "SELECT count(*) FROM mock_answers WHERE review_id IS NOT NULL"),
            2
        );
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM deck_days WHERE deck_id = 1 AND day = '2026-01-05' AND reviews = 2 AND passed = 1 AND timed = 1 AND milliseconds = 3000"
            ),
            1
        );
        assert_eq!(count(&conn, "SELECT sum(reviews) FROM deck_days"), 3);
        // The triggers count new reviews from here on.
        conn.execute(
            "INSERT INTO reviews (card_id, deck_id, reviewed_at, review_day, grade, effect, origin, ease_before,
                 interval_before, reps_before, lapses_before, ease_after, interval_after, reps_after)
             VALUES (9, 1, 't', '2026-01-06', 3, 'review', 'grade', 2.3, 1, 0, 1, 2.2, 1, 1)",
            [],
        )
        .unwrap();
        assert_eq!(
            count(&conn, "SELECT reviews FROM deck_days WHERE day = '2026-01-06'"),
            2
        );
        assert!(foreign_key_problems(&conn).unwrap().is_empty());
    }

    #[test]
    fn a_migration_that_leaves_a_dangling_row_changes_nothing() {
        let mut conn = memory();
        upto(&conn, 2);
        conn.execute_batch(VERSION_2_ROWS).unwrap();
        // A mock answer whose review is gone, as if foreign keys had once been off.
        conn.execute_batch("PRAGMA foreign_keys = OFF; DELETE FROM reviews WHERE id = 3; PRAGMA foreign_keys = ON;")
            .unwrap();
        let err = run(&mut conn, 1, Path::new("test.db")).unwrap_err();
        assert!(
            matches!(
                err,
                Error::MigrationBrokeLinks {
                    version: LATEST_VERSION,
                    ..
                }
            ),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            format!(
                "test.db: upgrading the database to schema {LATEST_VERSION} would leave rows pointing to missing rows \
                 (row 2 of mock_answers points to a missing reviews); the database was left as it was"
            )
        );
        assert_eq!(current_version(&conn).unwrap(), 2);
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM pragma_table_info('cards') WHERE name = 'match_key'"
            ),
            1,
            "the old tables are still there"
        );
        assert_eq!(count(&conn, "SELECT count(*) FROM reviews"), 2);
        assert_eq!(count(&conn, "PRAGMA foreign_keys"), 1, "foreign keys are on again");
    }

    #[test]
    fn dangling_rows_are_named_even_without_a_rowid() {
        let mut conn = memory();
        run(&mut conn, 1, Path::new(":memory:")).unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO deck_days VALUES (42, '2026-01-05', 1, 1, 0, 0);
             INSERT INTO mock_runs (id, deck_id, started_at, run_day, seed, limit_seconds) VALUES (7, 42, 't', 'd', 1, 60);",
        )
        .unwrap();
        assert_eq!(
            foreign_key_problems(&conn).unwrap(),
            vec![
                "a row of deck_days points to a missing decks",
                "row 7 of mock_runs points to a missing decks"
            ]
        );
    }

    #[test]
    fn migration_files_are_numbered_in_order() {
        for (i, (name, _)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(&name[..4], format!("{:04}", i + 1), "{name}");
        }
    }

    #[test]
    fn every_file_in_the_migrations_folder_is_applied() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let listed: Vec<String> = MIGRATIONS.iter().map(|(name, _)| format!("{name}.sql")).collect();
        assert_eq!(files, listed);
    }
}

//! Schema migrations: numbered SQL files in `migrations/`, embedded in the binary, applied
//! in order inside one transaction and tracked with `PRAGMA user_version`. A landed
//! migration is never edited; a change of schema is a new file.

use rusqlite::Connection;

/// The migrations in order; the schema version is how many have been applied.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_initial", include_str!("../../migrations/0001_initial.sql")),
    (
        "0002_mock_interviews",
        include_str!("../../migrations/0002_mock_interviews.sql"),
    ),
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// The schema version of an open database.
pub fn current_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Applies every pending migration in one transaction: all of them or none.
pub fn run(conn: &mut Connection, application_id: i64) -> rusqlite::Result<()> {
    let version = current_version(conn)?;
    let Ok(applied) = usize::try_from(version) else {
        return Ok(());
    };
    if applied >= MIGRATIONS.len() {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // Another process may have migrated while we waited for the lock.
    if current_version(&tx)? >= LATEST_VERSION {
        return tx.commit();
    }
    for (_, sql) in &MIGRATIONS[applied..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", LATEST_VERSION)?;
    tx.pragma_update(None, "application_id", application_id)?;
    tx.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_applies_to_an_empty_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        run(&mut conn, 1).unwrap();
        assert_eq!(current_version(&conn).unwrap(), LATEST_VERSION);
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            tables,
            vec![
                "cards",
                "deck_days",
                "decks",
                "documents",
                "mock_answers",
                "mock_runs",
                "reviews"
            ]
        );
        // Running again is a no-op.
        run(&mut conn, 1).unwrap();
        assert_eq!(current_version(&conn).unwrap(), LATEST_VERSION);
    }

    #[test]
    fn migration_files_are_numbered_in_order() {
        for (i, (name, _)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(&name[..4], format!("{:04}", i + 1), "{name}");
        }
    }
}

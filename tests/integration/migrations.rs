//! Schema upgrades: databases frozen at each schema version found in the wild, made by the
//! builds that wrote them (tests/fixtures/schemas/README.md), upgraded by today's binary;
//! and the rule that a landed migration file never changes.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};

use crate::util::{Sandbox, fixtures};

/// SHA-256 of every landed migration file. A new migration's hash is added here when it
/// lands, and no hash is ever changed: a change of schema is a new file.
const LANDED: &[(&str, &str)] = &[
    (
        "0001_initial.sql",
        "16bfe99c5ce5614e1db446d7fb3e0e80d14a665588f97c5a681b503c19814ab5",
    ),
    (
        "0002_mock_interviews.sql",
        "493227979c2fbf8e56120491fdc568b6b7bc5ae5c6dbf60b73133161d3d688c1",
    ),
    (
        "0003_cards_reviews_deck_days.sql",
        "f22ac99c040f0540a30ad7d699377f2279860ebd5c424a6e6ad5e6f2d9b2ab15",
    ),
    (
        "0004_document_notes.sql",
        "4661092e072d8b20cfe0ac2f0274217e5739ff5bd9edaf6b26b817c800c1e091",
    ),
    (
        "0005_fsrs.sql",
        "0727e0aa3508f2abe750d6f52f59fa66115c557e119b5be169570a3a6f77be96",
    ),
    (
        "0006_document_cards.sql",
        "09eb1308c619e2c3ecb71c10539e2d45193fa1759275d8a081d46a1f43cd772c",
    ),
    (
        "0007_stories.sql",
        "06121a7f185744f019721b875bbc65c431e6a7ac97fbf945027d1091db0b66f4",
    ),
    (
        "0008_card_places.sql",
        "c3fafce57c8e83afd3fe8d18a40729f264c162d076f878919fd42821430a4146",
    ),
    (
        "0009_tags_edits_search.sql",
        "8b6fbae1716c1564423a87b31edfd1a40f945b08faae3d3685c14e0961c30b95",
    ),
    (
        "0010_versions.sql",
        "5a39a3d1ef43a442fd789fa75a4f8c1b4bd91721bdeaccb1d362f5d9162b22f1",
    ),
    (
        "0011_speed.sql",
        "d063737bcb6dcd22ea3b3dd70010b033d3dfe822d871c846400c077e3be02b3d",
    ),
];

/// A database frozen by an old build.
struct Frozen {
    file: &'static str,
    /// Its `user_version`.
    version: i64,
    /// How many of today's migration files write the same schema.
    schema_of: usize,
    /// Whether the build had mock interviews (the file then holds a run).
    mock: bool,
}

const V1: Frozen = Frozen {
    file: "v1.db",
    version: 1,
    schema_of: 1,
    mock: false,
};

const V2_EARLY: Frozen = Frozen {
    file: "v2-early.db",
    version: 2,
    schema_of: 2,
    mock: true,
};

/// Version 2 as written after 0001 had been edited: already the tables 0003 makes.
const V2_LATE: Frozen = Frozen {
    file: "v2-late.db",
    version: 2,
    schema_of: 3,
    mock: true,
};

/// Version 3: cards keep the item, reviews name their deck, daily totals (0003).
const V3: Frozen = Frozen {
    file: "v3.db",
    version: 3,
    schema_of: 3,
    mock: true,
};

/// Version 8, the schema this round released: stories, FSRS memory and settings, documents
/// holding cards, card places (0004–0008). Made with `--stories`: a story linked to two
/// cards, a deck under FSRS, a desired retention.
const V8: Frozen = Frozen {
    file: "v8.db",
    version: 8,
    schema_of: 8,
    mock: true,
};

/// Version 9: tags, the user's own front and back, cards by hand, daily budgets, full-text
/// search (0009). Made with `--stories --edits`: as V8, and tags on two cards and an own
/// front on one.
const V9: Frozen = Frozen {
    file: "v9.db",
    version: 9,
    schema_of: 9,
    mock: true,
};

const FROZEN: &[Frozen] = &[V1, V2_EARLY, V2_LATE, V3, V8, V9];

/// The columns of cards and reviews that every schema version has.
const CARD_COLUMNS: &str = "id, deck_id, document_id, guid, kind, section, item_text, detail, context, answer,
    position, ease, interval_days, repetitions, lapses, due, last_reviewed, last_grade, first_reviewed,
    review_count, suspended, retired_at, created_at, updated_at";
const REVIEW_COLUMNS: &str = "id, card_id, reviewed_at, review_day, grade, effect, origin, duration_ms,
    ease_before, interval_before, reps_before, lapses_before, due_before, last_reviewed_before,
    last_grade_before, first_reviewed_before, ease_after, interval_after, reps_after, due_after";

fn frozen_path(frozen: &Frozen) -> PathBuf {
    fixtures().join("schemas").join(frozen.file)
}

/// A copy of a frozen database to read: opening the fixture itself would leave -wal and
/// -shm files beside it.
fn frozen_copy(frozen: &Frozen) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(frozen.file);
    std::fs::copy(frozen_path(frozen), &path).unwrap();
    (dir, path)
}

fn migration_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

fn read_only(path: &Path) -> Connection {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn number(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn rows(conn: &Connection, sql: &str) -> Vec<Vec<Value>> {
    let mut stmt = conn.prepare(sql).unwrap();
    let width = stmt.column_count();
    stmt.query_map([], |r| (0..width).map(|i| r.get(i)).collect())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Every object in the schema with its SQL, whitespace normalised, in a fixed order.
fn schema(conn: &Connection) -> Vec<Vec<Value>> {
    let mut objects = rows(
        conn,
        "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name",
    );
    for object in &mut objects {
        if let Value::Text(sql) = &object[3] {
            object[3] = Value::Text(sql.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    objects
}

/// The schema that today's first `count` migration files write into an empty database.
fn schema_of_migrations(count: usize) -> Vec<Vec<Value>> {
    let conn = Connection::open_in_memory().unwrap();
    // As the runner does: a step may rebuild a table.
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    for file in &migration_files()[..count] {
        conn.execute_batch(&std::fs::read_to_string(file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
    schema(&conn)
}

/// What an upgrade must keep: every row of every table, in the columns all versions share.
fn kept(conn: &Connection, mock: bool) -> Vec<Vec<Vec<Value>>> {
    let mut tables = vec![
        rows(
            conn,
            "SELECT id, name, name_key, interview_date, created_at FROM decks ORDER BY id",
        ),
        rows(conn, "SELECT * FROM documents ORDER BY id"),
        rows(conn, &format!("SELECT {CARD_COLUMNS} FROM cards ORDER BY id")),
        rows(conn, &format!("SELECT {REVIEW_COLUMNS} FROM reviews ORDER BY id")),
    ];
    if mock {
        tables.push(rows(conn, "SELECT * FROM mock_runs ORDER BY id"));
        tables.push(rows(conn, "SELECT * FROM mock_answers ORDER BY id"));
    }
    tables
}

/// Each deck's daily totals as kept, and as counted from the log.
fn daily_totals(conn: &Connection) -> (Vec<Vec<Value>>, Vec<Vec<Value>>) {
    (
        rows(
            conn,
            "SELECT deck_id, day, reviews, passed, timed, milliseconds FROM deck_days ORDER BY 1, 2",
        ),
        rows(
            conn,
            "SELECT deck_id, review_day, count(*), sum(grade >= 3), sum(duration_ms IS NOT NULL),
                 sum(coalesce(duration_ms, 0))
             FROM reviews GROUP BY 1, 2 ORDER BY 1, 2",
        ),
    )
}

/// The schema of a database today's binary creates.
fn fresh_schema() -> Vec<Vec<Value>> {
    let sandbox = Sandbox::new();
    sandbox.ok(&["decks"]);
    schema(&read_only(&sandbox.db))
}

fn assert_check_is_clean(sandbox: &Sandbox, decks: i64, cards: i64, reviews: i64) {
    let report = sandbox.ok(&["check"]);
    assert!(report.contains("✓ integrity and foreign keys"), "{report}");
    assert!(report.contains("✓ schedules agree with the review log"), "{report}");
    assert!(
        report.contains(&format!("{decks} decks, {cards} cards, {reviews} logged reviews")),
        "{report}"
    );
}

/// Upgrades a copy of a frozen database with today's binary and checks that nothing was
/// lost, that the result reads and writes like a new database, and that a copy of the
/// original was kept.
fn upgrades_keeping_everything(frozen: &Frozen) {
    let mut sandbox = Sandbox::new();
    // The day after the frozen history's last review.
    sandbox.on("2026-01-10");
    std::fs::create_dir_all(sandbox.db.parent().unwrap()).unwrap();
    std::fs::copy(frozen_path(frozen), &sandbox.db).unwrap();

    let old = read_only(&sandbox.db);
    assert_eq!(number(&old, "PRAGMA user_version"), frozen.version);
    let before = kept(&old, frozen.mock);
    let decks = number(&old, "SELECT count(*) FROM decks");
    let cards = number(&old, "SELECT count(*) FROM cards");
    let reviews = number(&old, "SELECT count(*) FROM reviews");
    let guids: BTreeSet<String> = rows(&old, "SELECT guid FROM cards")
        .into_iter()
        .map(|row| match &row[0] {
            Value::Text(guid) => guid.clone(),
            other => panic!("a guid that is not text: {other:?}"),
        })
        .collect();
    // The frozen history is what README.md says, so the comparisons below compare something.
    assert_eq!((decks, cards), (4, 28));
    assert!(reviews >= 8, "{reviews} reviews");
    assert_eq!(number(&old, "SELECT count(*) FROM cards WHERE answer != ''"), 1);
    assert_eq!(number(&old, "SELECT count(*) FROM cards WHERE suspended = 1"), 1);
    assert_eq!(
        number(&old, "SELECT count(*) FROM reviews WHERE grade < 3"),
        if frozen.mock { 3 } else { 2 }
    );
    if frozen.mock {
        assert_eq!(
            number(&old, "SELECT count(*) FROM mock_answers WHERE review_id IS NOT NULL"),
            2
        );
    }
    drop(old);

    assert_check_is_clean(&sandbox, decks, cards, reviews);
    let stats = sandbox.json(&["stats", "--json"]);
    assert_eq!(
        stats["total"]["reviews_30d"], reviews,
        "stats read every review: {stats}"
    );
    // One written answer; from version 7 on, a story answers a second question.
    let answered = if frozen.version >= 7 { 2 } else { 1 };
    assert_eq!(stats["total"]["answered"], answered, "{stats}");
    assert!(sandbox.ok(&["stats"]).contains("Quarry Systems"));
    let listing = sandbox.ok(&["decks"]);
    for name in [
        "Quarry Systems",
        "Kelp Analytics",
        "Crème Brûlée Studio",
        "Tessera Maps",
    ] {
        assert!(listing.contains(name), "{name} missing from\n{listing}");
    }
    let listed: BTreeSet<String> = sandbox
        .all_cards()
        .iter()
        .map(|card| card["guid"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, guids, "every card is listed");

    let new = read_only(&sandbox.db);
    assert_eq!(number(&new, "PRAGMA user_version"), prepdeck::store::LATEST_VERSION);
    assert_eq!(kept(&new, frozen.mock), before, "every row of every table is kept");
    assert_eq!(
        number(
            &new,
            "SELECT count(*) FROM reviews r JOIN cards c ON c.id = r.card_id WHERE r.deck_id = c.deck_id"
        ),
        reviews,
        "each review names its card's deck"
    );
    if frozen.mock {
        assert_eq!(
            number(
                &new,
                "SELECT count(*) FROM mock_answers a JOIN reviews r ON r.id = a.review_id
                 WHERE r.card_id = a.card_id AND r.origin = 'mock'"
            ),
            2,
            "mock answers still link to their self-grades"
        );
    }
    assert_eq!(
        number(
            &new,
            "SELECT count(*) FROM cards c JOIN document_cards h ON h.card_id = c.id AND h.document_id = c.document_id
             WHERE c.retired_at IS NULL"
        ),
        number(
            &new,
            "SELECT count(*) FROM cards WHERE document_id IS NOT NULL AND retired_at IS NULL"
        ),
        "each active card is held by the document it came from"
    );
    let (totals, counted) = daily_totals(&new);
    assert!(!totals.is_empty());
    assert_eq!(totals, counted, "daily totals agree with the log");
    assert_eq!(
        schema(&new),
        fresh_schema(),
        "an upgraded database has a new one's schema"
    );
    drop(new);

    let backup = PathBuf::from(format!("{}.v{}.bak", sandbox.db.display(), frozen.version));
    if frozen.version < prepdeck::store::LATEST_VERSION {
        let saved = read_only(&backup);
        assert_eq!(number(&saved, "PRAGMA user_version"), frozen.version);
        assert_eq!(kept(&saved, frozen.mock), before, "the backup holds the original");
        drop(saved);
    } else {
        assert!(!backup.exists(), "a database of today's schema is not copied");
    }

    // The upgraded database takes new grades, and the triggers count them.
    let id = sandbox.id_of("Why Quarry?");
    sandbox.ok(&["grade", &id, "good"]);
    assert_check_is_clean(&sandbox, decks, cards, reviews + 1);
    let new = read_only(&sandbox.db);
    assert_eq!(number(&new, "SELECT sum(reviews) FROM deck_days"), reviews + 1);
    let (totals, counted) = daily_totals(&new);
    assert_eq!(totals, counted);
}

#[test]
fn a_version_1_database_upgrades_keeping_everything() {
    upgrades_keeping_everything(&V1);
}

#[test]
fn a_version_2_database_from_before_0001_was_edited_upgrades_keeping_everything() {
    upgrades_keeping_everything(&V2_EARLY);
}

#[test]
fn a_version_2_database_from_after_0001_was_edited_upgrades_keeping_everything() {
    upgrades_keeping_everything(&V2_LATE);
}

#[test]
fn a_version_3_database_upgrades_keeping_everything() {
    upgrades_keeping_everything(&V3);
}

#[test]
fn a_version_8_database_opens_as_it_is_keeping_everything() {
    upgrades_keeping_everything(&V8);
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.db.parent().unwrap()).unwrap();
    std::fs::copy(frozen_path(&V8), &sandbox.db).unwrap();
    let story = sandbox.json(&["story", "show", "Staged rollout", "--json"]);
    assert_eq!(story["cards"].as_array().map(Vec::len), Some(2), "{story}");
    let schedulers = sandbox.json(&["scheduler", "--json"]);
    assert!(schedulers.to_string().contains("0.92"), "{schedulers}");
}

#[test]
fn a_version_9_database_upgrades_keeping_everything() {
    upgrades_keeping_everything(&V9);
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.db.parent().unwrap()).unwrap();
    std::fs::copy(frozen_path(&V9), &sandbox.db).unwrap();
    let tagged = sandbox.json(&["cards", "--tag", "rollouts", "--json"]);
    assert_eq!(tagged.as_array().map(Vec::len), Some(2), "{tagged}");
    let edited = sandbox.id_of("Why Quarry, in one breath?");
    let card = sandbox.json(&["show", &edited, "--json"]);
    assert_eq!(card["front"], "Why Quarry, in one breath?", "{card}");
    // Every value the user set before versions were kept became this machine's version,
    // so the upgraded database takes part in merges: each one holds.
    let db = read_only(&sandbox.db);
    let count_of = |subject: &str, field: &str| {
        number(
            &db,
            &format!(
                "SELECT count(*) FROM versions WHERE subject = '{subject}' AND field = '{field}' AND value IS NOT NULL"
            ),
        )
    };
    assert_eq!(count_of("card", "answer"), 1);
    assert_eq!(count_of("card", "front"), 1);
    assert_eq!(count_of("card", "suspended"), 1);
    assert_eq!(count_of("tag", "present"), 2);
    assert_eq!((count_of("story", "present"), count_of("link", "present")), (1, 2));
    assert_eq!(count_of("deck", "name"), 4);
    assert_eq!((count_of("deck", "interview"), count_of("deck", "scheduler")), (1, 1));
    assert_eq!(count_of("settings", "desired_retention"), 1);
    assert_eq!(
        number(&db, "SELECT count(*) FROM decks WHERE length(guid) = 20"),
        4,
        "every deck has a guid"
    );
    drop(db);
    assert!(!sandbox.ok(&["check"]).contains('✗'));
    // A backup of it restores into a new database with every value, and back into the
    // database itself changing nothing.
    let backup = sandbox.dir.path().join("v9.json");
    sandbox.ok(&[
        "export",
        "--all-decks",
        "--format",
        "json",
        "-o",
        backup.to_str().unwrap(),
    ]);
    let fresh = Sandbox::new();
    fresh.ok(&["import", backup.to_str().unwrap()]);
    let restored = fresh.json(&["cards", "--tag", "rollouts", "--json"]);
    assert_eq!(restored.as_array().map(Vec::len), Some(2), "{restored}");
    assert_eq!(
        fresh.card_with("Why Quarry, in one breath?")["front"],
        "Why Quarry, in one breath?"
    );
    let again = sandbox.ok(&["import", backup.to_str().unwrap()]);
    assert!(!again.contains("took"), "{again}");
}

#[test]
fn each_frozen_database_has_the_schema_its_migrations_write() {
    for frozen in FROZEN {
        let (_dir, copy) = frozen_copy(frozen);
        let conn = read_only(&copy);
        assert_eq!(
            schema(&conn),
            schema_of_migrations(frozen.schema_of),
            "{} no longer matches the first {} migration file(s): was a landed migration edited?",
            frozen.file,
            frozen.schema_of
        );
    }
}

#[test]
fn a_new_database_has_the_schema_of_the_last_migration_file() {
    assert_eq!(fresh_schema(), schema_of_migrations(migration_files().len()));
}

#[test]
fn landed_migrations_never_change() {
    let found: Vec<String> = migration_files()
        .iter()
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let landed: Vec<&str> = LANDED.iter().map(|(name, _)| *name).collect();
    assert_eq!(found, landed, "every migration file has a hash in LANDED, in order");
    for (name, expected) in LANDED {
        let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(name)).unwrap();
        let actual = Sha256::digest(&bytes).iter().fold(String::new(), |mut hex, byte| {
            write!(hex, "{byte:02x}").unwrap();
            hex
        });
        assert_eq!(
            &actual, expected,
            "{name} changed after it landed: restore it, and put the change in a new migration"
        );
    }
}

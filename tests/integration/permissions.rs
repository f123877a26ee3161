//! Files this user cannot write: a read-only database or folder is read, and a write is
//! refused in one sentence; companion files left read-only by SQLite do not block later
//! writes; the copy made before an upgrade is whole or absent.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::util::{Sandbox, fixtures};

fn seeded() -> Sandbox {
    let sandbox = Sandbox::for_another_user();
    let profile = sandbox.fixture("quarry-systems.md");
    sandbox.ok(&["import", &profile]);
    sandbox
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn read_only_sentence(sandbox: &Sandbox) -> String {
    format!(
        "prepdeck: {}: the database is read-only (this user cannot write the file or its folder); commands that only read it still work\n",
        sandbox.db.display()
    )
}

#[test]
fn a_read_only_database_is_read_and_a_write_is_refused_in_one_sentence() {
    let sandbox = seeded();
    let listed = sandbox.ok(&["cards"]);
    chmod(&sandbox.db, 0o400);
    let out = sandbox.run_unprivileged(&["cards"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), listed);
    assert!(sandbox.run_unprivileged(&["stats"]).status.success());
    let out = sandbox.run_unprivileged(&["grade", "1", "4"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stderr), read_only_sentence(&sandbox));
    // An import of a folder says so once, rather than skipping each file as if it were bad.
    // The folder is copied into the sandbox: the clone may sit where that user cannot go.
    let folder = sandbox.fixture_folder("profiles");
    let out = sandbox.run_unprivileged(&["import", &folder]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stderr), read_only_sentence(&sandbox));
    // Nothing was left beside it that would stop writes once it is writable again.
    chmod(&sandbox.db, 0o600);
    let out = sandbox.run_unprivileged(&["grade", "1", "4"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_stale_read_only_shm_file_does_not_block_writes() {
    let sandbox = seeded();
    // What SQLite leaves after reading a database whose file was 0400: an index file of
    // the same mode.
    let shm = sandbox.db.with_file_name("prepdeck.db-shm");
    std::fs::write(&shm, vec![0u8; 32 * 1024]).unwrap();
    chmod(&shm, 0o400);
    let out = sandbox.run_unprivileged(&["grade", "1", "4"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(sandbox.card_with("900 field sensors")["reviews"], 1);
}

#[test]
fn a_database_in_a_read_only_folder_is_still_read() {
    let sandbox = seeded();
    let listed = sandbox.ok(&["cards"]);
    let folder = sandbox.db.parent().unwrap();
    for name in ["prepdeck.db-wal", "prepdeck.db-shm"] {
        let _ = std::fs::remove_file(folder.join(name));
    }
    chmod(folder, 0o500);
    let out = sandbox.run_unprivileged(&["cards"]);
    let write = sandbox.run_unprivileged(&["answer", "1", "--text", "kept?"]);
    chmod(folder, 0o700);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), listed);
    assert_eq!(write.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&write.stderr), read_only_sentence(&sandbox));
}

#[test]
fn an_upgrade_copy_cut_short_by_a_full_disk_is_never_taken_for_a_whole_one() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.db.parent().unwrap()).unwrap();
    std::fs::copy(fixtures().join("schemas/v2-late.db"), &sandbox.db).unwrap();
    let copy = sandbox.db.with_file_name("prepdeck.db.v2.bak");
    let version = |path: &Path| -> Option<i64> {
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .ok()?
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .ok()
    };
    // No file may grow past 40 kB: the copy (about 100 kB) cannot be written.
    let out = sandbox.run_with_file_size_limit(&["decks"], 40_000);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with(&format!(
            "prepdeck: {}: could not copy the database to {} before upgrading it (",
            sandbox.db.display(),
            copy.display()
        )),
        "{err}"
    );
    assert!(err.ends_with("; the database was left as it was\n"), "{err}");
    assert_eq!(version(&sandbox.db), Some(2), "not upgraded without its copy");
    let left: Vec<String> = std::fs::read_dir(sandbox.db.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".bak"))
        .collect();
    assert!(left.is_empty(), "a partial copy was left: {left:?}");
    // With room again, the copy is made whole before the upgrade.
    sandbox.ok(&["decks"]);
    assert_eq!(version(&copy), Some(2));
    assert_eq!(version(&sandbox.db), Some(prepdeck::store::LATEST_VERSION));
}

#[test]
fn a_database_created_through_a_dangling_symlink_is_private() {
    let sandbox = Sandbox::new();
    let target = sandbox.dir.path().join("real.db");
    let link = sandbox.dir.path().join("link.db");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let profile = sandbox.fixture("quarry-systems.md");
    sandbox.ok(&["--db", &link.to_string_lossy(), "import", &profile]);
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
}

#[test]
fn the_copy_made_before_an_upgrade_has_the_databases_mode() {
    for mode in [0o600, 0o640] {
        let sandbox = Sandbox::new();
        std::fs::create_dir_all(sandbox.db.parent().unwrap()).unwrap();
        std::fs::copy(fixtures().join("schemas/v8.db"), &sandbox.db).unwrap();
        chmod(&sandbox.db, mode);
        sandbox.ok(&["decks"]);
        let copy = sandbox.db.with_file_name("prepdeck.db.v8.bak");
        let copied = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
        assert_eq!(copied, mode, "{copied:o} for a database of {mode:o}");
    }
}

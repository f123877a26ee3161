//! Where `-o` may write: never over the database or its companion files; through a symlink
//! to its target; into a pipe or a device without replacing it; regular files whole, with
//! their mode kept, new ones private.

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::util::{Sandbox, is_root};

fn seeded() -> Sandbox {
    let sandbox = Sandbox::new();
    let profile = sandbox.fixture("quarry-systems.md");
    sandbox.ok(&["import", &profile]);
    sandbox.ok(&["grade", "1", "4"]);
    sandbox
}

fn export_to(sandbox: &Sandbox, format: &str, output: &Path) -> std::process::Output {
    sandbox.run(&[
        "export",
        "--all-decks",
        "--format",
        format,
        "-o",
        output.to_str().unwrap(),
    ])
}

#[test]
fn export_onto_the_database_or_its_companion_files_is_refused() {
    let sandbox = seeded();
    let db = &sandbox.db;
    let data = db.parent().unwrap();
    let before = sandbox.ok(&["cards", "--all", "--json"]);
    // An upgrade copy, a symlink and a hard link to the database, and a path through `..`.
    std::fs::copy(db, data.join("prepdeck.db.v3.bak")).unwrap();
    std::os::unix::fs::symlink(db, sandbox.dir.path().join("link.db")).unwrap();
    std::fs::hard_link(db, sandbox.dir.path().join("hard.db")).unwrap();
    std::fs::create_dir(data.join("sub")).unwrap();
    let cases = [
        (db.clone(), "the prepdeck database"),
        (data.join("sub/../prepdeck.db"), "the prepdeck database"),
        (sandbox.dir.path().join("link.db"), "the prepdeck database"),
        (sandbox.dir.path().join("hard.db"), "the prepdeck database"),
        (data.join("prepdeck.db-wal"), "the prepdeck database's write-ahead log"),
        (
            data.join("prepdeck.db-shm"),
            "the prepdeck database's shared-memory index",
        ),
        (
            data.join("prepdeck.db.v3.bak"),
            "the copy of the prepdeck database made before an upgrade",
        ),
    ];
    for format in ["csv", "json"] {
        for (path, what) in &cases {
            let out = export_to(&sandbox, format, path);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{}: {err}", path.display());
            assert_eq!(
                err,
                format!(
                    "prepdeck: {} is {what}; write the output to another file\n",
                    path.display()
                )
            );
            assert_eq!(sandbox.ok(&["cards", "--all", "--json"]), before, "{}", path.display());
        }
    }
    assert!(sandbox.ok(&["check"]).contains("✓ schedules agree with the review log"));
}

#[test]
fn export_through_a_symlink_writes_its_target_and_keeps_the_link() {
    let sandbox = seeded();
    let target = sandbox.dir.path().join("real.csv");
    std::fs::write(&target, "stale\n").unwrap();
    let link = sandbox.dir.path().join("latest.csv");
    std::os::unix::fs::symlink("real.csv", &link).unwrap();
    let out = export_to(&sandbox, "csv", &link);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(),
        "the link is still a link"
    );
    let expected = sandbox.ok(&["export", "--all-decks", "--format", "csv"]);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), expected);
}

#[test]
fn export_keeps_an_existing_files_mode_and_makes_new_files_private() {
    let sandbox = seeded();
    let shared = sandbox.dir.path().join("shared.md");
    std::fs::write(&shared, "old\n").unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert!(export_to(&sandbox, "md", &shared).status.success());
    assert_eq!(std::fs::metadata(&shared).unwrap().permissions().mode() & 0o777, 0o644);
    assert_ne!(std::fs::read_to_string(&shared).unwrap(), "old\n");
    let fresh = sandbox.dir.path().join("fresh.json");
    assert!(export_to(&sandbox, "json", &fresh).status.success());
    assert_eq!(std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn export_into_a_pipe_streams_through_it_and_leaves_the_pipe() {
    let sandbox = seeded();
    let fifo = sandbox.dir.path().join("pipe");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let received = sandbox.dir.path().join("received.csv");
    let mut reader = Command::new("sh")
        .arg("-c")
        .arg(format!("exec cat '{}' > '{}'", fifo.display(), received.display()))
        .spawn()
        .unwrap();
    let out = sandbox.run_within(
        &["export", "--all-decks", "--format", "csv", "-o", fifo.to_str().unwrap()],
        Duration::from_secs(20),
    );
    let still_a_pipe = std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo();
    // The reader ends once it has read all the export wrote (killing it sooner could lose
    // what it had not yet copied); a reader the export never reached is stopped, so that it
    // does not outlive the test.
    let started = std::time::Instant::now();
    while out.is_some() && reader.try_wait().unwrap().is_none() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = reader.kill();
    let _ = reader.wait();
    let out = out.expect("the export into the pipe finished");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(still_a_pipe, "the pipe was replaced by a file");
    let expected = sandbox.ok(&["export", "--all-decks", "--format", "csv"]);
    assert_eq!(std::fs::read_to_string(&received).unwrap(), expected);
}

#[test]
fn export_onto_a_full_device_fails_in_one_sentence_and_leaves_the_device() {
    let sandbox = seeded();
    // As root, a private copy of /dev/full (a build that renamed over its target could
    // otherwise replace the real one); anyone else cannot replace /dev/full.
    let device = if is_root() {
        let node = sandbox.dir.path().join("full");
        let made = Command::new("mknod")
            .arg(&node)
            .args(["c", "1", "7"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if made {
            node
        } else {
            Path::new("/dev/full").to_path_buf()
        }
    } else {
        Path::new("/dev/full").to_path_buf()
    };
    assert!(std::fs::metadata(&device).unwrap().file_type().is_char_device());
    let out = export_to(&sandbox, "csv", &device);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with(&format!("prepdeck: {}: cannot write the output: ", device.display())),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        std::fs::metadata(&device).unwrap().file_type().is_char_device(),
        "the device was replaced by a file"
    );
    // A folder is named as such, and is a wrong argument (exit 2) like the database.
    let folder = sandbox.dir.path();
    let err = sandbox.fails(
        &[
            "export",
            "--all-decks",
            "--format",
            "csv",
            "-o",
            folder.to_str().unwrap(),
        ],
        2,
    );
    assert_eq!(
        err,
        format!(
            "prepdeck: {} is a folder; give the name of a file for the output\n",
            folder.display()
        )
    );
}

#[test]
fn an_output_that_cannot_be_written_is_named_without_the_temporary_file() {
    let sandbox = seeded();
    let missing = sandbox.dir.path().join("no-such-folder").join("cards.csv");
    let err = sandbox.fails(
        &[
            "export",
            "--all-decks",
            "--format",
            "csv",
            "-o",
            missing.to_str().unwrap(),
        ],
        1,
    );
    assert_eq!(
        err,
        format!(
            "prepdeck: {}: cannot write the output: No such file or directory (os error 2)\n",
            missing.display()
        )
    );
}

//! What a hostile name or file does: deck and story names that hold shell syntax, control
//! sequences or a megabyte of text, and files that are not files.

use std::process::Command;

use crate::util::Sandbox;

const EVIL: &str = "# Company Profile: Evil $(touch X) Bob's\n## Common Questions\n- Why robots?\n- Why now?\n";
const EVIL_NAME: &str = "Evil $(touch X) Bob's";

/// Every `prepdeck …` command printed in `text`, up to the end of its line or backquote.
fn printed_commands(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let mut rest = line;
        while let Some(at) = rest.find("prepdeck ") {
            let command = &rest[at..];
            let end = command.find('`').unwrap_or(command.len());
            found.push(command[..end].trim_end().to_string());
            rest = &command[end..];
        }
    }
    found
}

/// The arguments bash gives `prepdeck` when `command` is pasted, with nothing run: the
/// words are printed by a function standing in for the binary, in an empty folder.
fn pasted(command: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c"])
        .arg(format!("prepdeck() {{ printf '%s\\n' \"$@\"; }}\n{command}"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{command}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "pasting {command} ran something"
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn pasted_suggestions_never_run_what_a_name_holds() {
    let mut sandbox = Sandbox::new();
    let evil = sandbox.write("evil.md", EVIL);
    sandbox.ok(&["import", &evil]);
    let mut said = String::new();
    said += &String::from_utf8(sandbox.run(&["plan", "evil"]).stderr).unwrap();
    said += &sandbox.ok(&["interview", "evil", "+3"]);
    said += &sandbox.ok(&[
        "story",
        "new",
        "Story $(touch X)",
        "--text",
        "Why robots? I built robots.",
    ]);
    said += &sandbox.ok(&["story", "show", "story"]);
    let id = sandbox.active_ids()[0].clone();
    sandbox.ok(&["grade", &id, "good"]);
    said += &sandbox.ok_at(200, &["stats", "evil"]);
    sandbox.on("2026-03-10");
    said += &sandbox.ok_at(200, &["decks"]);
    said += &sandbox.ok_at(200, &["stats"]);

    let commands = printed_commands(&said);
    let with_names: Vec<&String> = commands.iter().filter(|c| c.contains("touch X")).collect();
    assert!(with_names.len() >= 6, "{said}");
    for command in with_names {
        let words = pasted(command);
        assert!(
            words.iter().any(|w| w == EVIL_NAME || w == "Story $(touch X)"),
            "{command} gives {words:?}"
        );
    }
}

#[test]
fn a_database_that_is_not_a_file_is_refused_without_touching_anything() {
    let sandbox = Sandbox::new();
    let fifo = sandbox.dir.path().join("db.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let folder = sandbox.dir.path().join("db.d");
    std::fs::create_dir(&folder).unwrap();
    let journal_before = std::path::Path::new("/dev/null-journal").exists();
    for (path, what) in [
        (fifo.to_string_lossy().into_owned(), "a named pipe"),
        ("/dev/null".to_string(), "a character device"),
        ("/dev/zero".to_string(), "a character device"),
        (folder.to_string_lossy().into_owned(), "a folder"),
    ] {
        for by_env in [false, true] {
            let mut command = if by_env {
                let mut c = sandbox.command(&["decks"]);
                c.env("PREPDECK_DB", &path);
                c
            } else {
                sandbox.command(&["--db", &path, "decks"])
            };
            command.stdout(std::process::Stdio::piped());
            let out = crate::util::output_within(command, std::time::Duration::from_secs(60))
                .unwrap_or_else(|| panic!("{path}: the command hung"));
            assert_eq!(out.status.code(), Some(1), "{path}");
            assert_eq!(
                String::from_utf8_lossy(&out.stderr),
                format!("prepdeck: {path}: not a prepdeck database (it is {what}, not a file); the file was left untouched\n")
            );
        }
    }
    let leaked: Vec<String> = ["/dev/null-journal", "/dev/null-wal", "/dev/null-shm", "/dev/zero-journal"]
        .into_iter()
        .filter(|p| std::path::Path::new(p).exists() && !(journal_before && *p == "/dev/null-journal"))
        .map(String::from)
        .collect();
    for path in &leaked {
        let _ = std::fs::remove_file(path);
    }
    assert!(leaked.is_empty(), "left behind in /dev: {leaked:?}");
}

//! What a hostile or merely huge input does: deck and story names that hold shell syntax,
//! control sequences or a megabyte of text, files that are not files, backups broken early
//! or in another encoding, and a write that holds the database for long.

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
                format!(
                    "prepdeck: {path}: not a prepdeck database (it is {what}, not a file); the file was left untouched\n"
                )
            );
        }
    }
    let leaked: Vec<String> = [
        "/dev/null-journal",
        "/dev/null-wal",
        "/dev/null-shm",
        "/dev/zero-journal",
    ]
    .into_iter()
    .filter(|p| std::path::Path::new(p).exists() && !(journal_before && *p == "/dev/null-journal"))
    .map(String::from)
    .collect();
    for path in &leaked {
        let _ = std::fs::remove_file(path);
    }
    assert!(leaked.is_empty(), "left behind in /dev: {leaked:?}");
}

#[test]
fn a_megabyte_title_names_a_deck_of_100_characters_and_the_import_says_so() {
    let sandbox = Sandbox::new();
    let title = "Acme".repeat(250_000);
    let long = sandbox.write(
        "long.md",
        format!("# Company Profile: {title}\n## Common Questions\n- Why?\n"),
    );
    let out = sandbox.ok(&["import", &long]);
    let name = &title[..100];
    assert!(
        out.starts_with(&format!("{long} imported into {name} (new deck")),
        "{}",
        &out[..400.min(out.len())]
    );
    assert!(
        out.contains("note: the deck name read had 1000000 characters: it keeps the first 100, the most a name has"),
        "{}",
        &out[..400.min(out.len())]
    );
    let decks = sandbox.json(&["decks", "--json"]);
    assert_eq!(decks[0]["name"], name);
    // Imported again, the document goes on in its deck, with nothing more to say.
    let again = sandbox.ok(&["import", &long]);
    assert!(!again.contains("note:"), "{again}");
    assert_eq!(sandbox.json(&["decks", "--json"]).as_array().unwrap().len(), 1);
}

#[test]
fn deck_and_story_names_typed_too_long_are_refused_in_one_sentence() {
    let sandbox = Sandbox::new();
    let evil = sandbox.write("evil.md", EVIL);
    let longest = "é".repeat(100);
    let over = format!("{longest}x");
    let refused = |what: &str| format!("prepdeck: a {what} name is at most 100 characters, and this one has 101\n");
    assert_eq!(sandbox.fails(&["import", &evil, "--deck", &over], 2), refused("deck"));
    assert!(!sandbox.db.exists() || sandbox.json(&["decks", "--json"]) == serde_json::json!([]));
    sandbox.ok(&["import", &evil, "--deck", &longest]);
    assert_eq!(sandbox.fails(&["rename", "é", &over], 2), refused("deck"));
    assert_eq!(sandbox.json(&["decks", "--json"])[0]["name"], longest.as_str());
    assert_eq!(
        sandbox.fails(&["story", "new", &over, "--text", "t"], 2),
        refused("story")
    );
    sandbox.ok(&["story", "new", &longest, "--text", "t"]);
    assert_eq!(sandbox.fails(&["story", "rename", "é", &over], 2), refused("story"));
}

#[test]
fn story_names_of_control_characters_only_are_refused() {
    let sandbox = Sandbox::new();
    for name in ["\u{1b}[31m\u{1b}[0m", "\u{7}\u{1}\u{1b}[2J", "\u{202e}", " \t\n "] {
        let err = sandbox.fails(&["story", "new", name, "--text", "text"], 2);
        assert_eq!(err, "prepdeck: give the story a name that is not empty\n", "{name:?}");
    }
    assert!(!sandbox.db.exists() || sandbox.ok(&["story", "list"]).starts_with("No stories yet"));
}

#[test]
fn an_escape_coloured_story_name_is_found_by_the_name_shown() {
    let sandbox = Sandbox::new();
    sandbox.ok(&["story", "new", "\u{1b}[31mRed\u{1b}[0m alert", "--text", "The outage."]);
    let listed = sandbox.ok(&["story", "list"]);
    assert!(listed.contains("Red alert"), "{listed}");
    assert!(!listed.contains('\u{1b}'), "{listed:?}");
    let shown = sandbox.ok(&["story", "show", "Red alert"]);
    assert!(shown.starts_with("story “Red alert”\n  The outage.\n"), "{shown}");
    sandbox.ok(&["story", "show", "red"]);
}

#[test]
fn an_ambiguous_story_prefix_lists_five_names_and_how_many_more() {
    let sandbox = Sandbox::new();
    for n in 0..300 {
        sandbox.ok(&["story", "new", &format!("Story {n:03}"), "--text", "t"]);
    }
    let err = sandbox.fails(&["story", "show", "story"], 1);
    assert_eq!(
        err,
        "prepdeck: \"story\" matches 300 stories: \"Story 000\", \"Story 001\", \"Story 002\", \"Story 003\", \"Story 004\", and 295 more; type more of the name\n"
    );
}

#[test]
fn names_too_long_in_a_backup_are_cut_with_a_note() {
    let source = Sandbox::new();
    let evil = source.write("evil.md", EVIL);
    source.ok(&["import", &evil]);
    source.ok(&["story", "new", "Outage", "--text", "The outage."]);
    source.ok(&["export", "--all-decks", "--format", "json", "-o", "backup.json"]);
    let backup_path = source.dir.path().join("backup.json");
    let mut backup: serde_json::Value = serde_json::from_slice(&std::fs::read(&backup_path).unwrap()).unwrap();
    backup["decks"][0]["name"] = "D".repeat(5000).into();
    backup["stories"][0]["name"] = "S".repeat(3000).into();
    std::fs::write(&backup_path, serde_json::to_vec(&backup).unwrap()).unwrap();

    let restored = Sandbox::new();
    let out = restored.ok(&["import", &backup_path.to_string_lossy()]);
    assert!(out.contains("note: \"DDDD"), "{}", &out[..out.len().min(600)]);
    assert!(
        out.contains("the deck name read had 5000 characters: it keeps the first 100"),
        "{out}"
    );
    assert!(
        out.contains("the story name read had 3000 characters: it keeps the first 100"),
        "{out}"
    );
    assert_eq!(restored.json(&["decks", "--json"])[0]["name"], "D".repeat(100));
    let story = restored.ok(&["story", "show", "S"]);
    assert!(story.starts_with(&format!("story “{}”\n", "S".repeat(100))), "{story}");
}

#[test]
fn a_huge_backup_broken_early_is_refused_without_being_read_whole() {
    let sandbox = Sandbox::new();
    let path = sandbox.dir.path().join("huge.json");
    let start = br#"{"format": "prepdeck-backup", "version": 3, "exported_at": "2026", "decks": [nope"#;
    let file = std::fs::File::create(&path).unwrap();
    std::io::Write::write_all(&mut &file, start).unwrap();
    // 1.9 GB, all but the start a hole the file system does not store.
    file.set_len(1_900_000_000).unwrap();
    drop(file);
    let path = path.to_string_lossy().into_owned();
    // Far below the file's size: reading it whole fails, parsing as it is read does not.
    let out = sandbox
        .command_with_memory_limit(1024 * 1024 * 1024, &["import", &path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "prepdeck: {path}: not a prepdeck backup (invalid JSON: expected ident at line 1 column {})\n",
            start.len() - 2
        )
    );
}

#[test]
fn backups_with_a_byte_order_mark_or_in_utf16_are_restored() {
    let source = Sandbox::new();
    let evil = source.write("evil.md", EVIL);
    source.ok(&["import", &evil]);
    source.ok(&["story", "new", "Café story", "--text", "Grüße — 😀"]);
    let id = source.active_ids()[0].clone();
    source.ok(&["answer", &id, "--text", &"A long answer. ".repeat(5_000)]);
    source.ok(&["export", "--all-decks", "--format", "json", "-o", "backup.json"]);
    let text = std::fs::read_to_string(source.dir.path().join("backup.json")).unwrap();
    // Written by another tool with its keys sorted: the format is named after 64 KB of decks.
    let sorted: serde_json::Value = serde_json::from_str(&text).unwrap();
    let sorted = serde_json::to_vec_pretty(&sorted).unwrap();
    let format_at = String::from_utf8_lossy(&sorted).find("\"format\"").unwrap();
    assert!(format_at > 64 * 1024, "{format_at}");
    let utf16 = |little: bool| {
        let mut bytes: Vec<u8> = if little { vec![0xff, 0xfe] } else { vec![0xfe, 0xff] };
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&if little { unit.to_le_bytes() } else { unit.to_be_bytes() });
        }
        bytes
    };
    let with_bom = [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat();
    for (name, bytes) in [
        ("bom.json", with_bom),
        ("le.json", utf16(true)),
        ("be.json", utf16(false)),
        ("sorted.json", sorted),
    ] {
        let restored = Sandbox::new();
        let path = restored.write(name, bytes);
        let out = restored.ok(&["import", &path]);
        assert!(out.contains("(new deck, named from the backup)"), "{name}: {out}");
        assert_eq!(restored.all_cards().len(), 2, "{name}");
        let story = restored.ok(&["story", "show", "café"]);
        assert!(story.contains("Grüße — 😀"), "{name}: {story}");
    }
}

#[test]
fn a_grade_waits_out_another_prepdecks_long_write_and_says_so() {
    use std::io::BufRead;
    let sandbox = Sandbox::new();
    let evil = sandbox.write("evil.md", EVIL);
    sandbox.ok(&["import", &evil]);
    let id = sandbox.active_ids()[0].clone();
    // Another process holding the write lock, as a restore of a million cards does for
    // as long as it writes.
    let holder = rusqlite::Connection::open(&sandbox.db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut grade = sandbox
        .command(&["grade", &id, "4"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut said = String::new();
    std::io::BufReader::new(grade.stderr.take().unwrap())
        .read_line(&mut said)
        .unwrap();
    holder.execute_batch("COMMIT").unwrap();
    let status = grade.wait().unwrap();
    assert_eq!(
        said,
        "prepdeck: another prepdeck is writing to the database (a large import or restore takes a while); waiting for it to finish (Ctrl-C stops)\n"
    );
    assert!(status.success());
    assert_eq!(sandbox.card_with("Why robots?")["reviews"], 1);
}

//! Bad input of every kind: one clear sentence, a non-zero status, the database unchanged,
//! never a panic.

use crate::util::Sandbox;

/// A sandbox with one deck imported, and a snapshot of its database contents.
fn seeded() -> (Sandbox, String) {
    let sandbox = Sandbox::new();
    let profile = sandbox.fixture("kelp-analytics.html");
    sandbox.ok(&["import", &profile]);
    let snapshot = sandbox.ok(&["cards", "--all", "--json"]);
    (sandbox, snapshot)
}

#[test]
fn unusable_documents_fail_one_sentence_each_and_change_nothing() {
    let (sandbox, snapshot) = seeded();
    let cases: Vec<(String, String)> = vec![
        (
            sandbox.dir.path().join("missing.md").to_string_lossy().into_owned(),
            "no such file or folder".into(),
        ),
        (sandbox.write("empty.md", ""), "the file is empty".into()),
        (sandbox.write("blank.md", "\n \r\n\t\n"), "the file is empty".into()),
        (
            sandbox.write("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
            "this is a binary file, not a profile".into(),
        ),
        (
            sandbox.write("notes.md", "# Groceries\n- eggs\n- milk\n"),
            "no recognised section".into(),
        ),
        (
            sandbox.write("todo.md", "## Potential Questions\n- [Add questions here]\n"),
            "its sections hold no items".into(),
        ),
    ];
    for (path, reason) in cases {
        let err = sandbox.fails(&["import", &path], 1);
        assert!(err.starts_with(&format!("prepdeck: {path}: ")), "{err}");
        assert!(err.contains(&reason), "{path}: {err}");
        assert_eq!(err.lines().count(), 1, "one sentence: {err}");
        assert_eq!(
            sandbox.ok(&["cards", "--all", "--json"]),
            snapshot,
            "{path} changed the database"
        );
    }
    let empty_dir = sandbox.dir.path().join("nothing-here");
    std::fs::create_dir(&empty_dir).unwrap();
    let err = sandbox.fails(&["import", empty_dir.to_str().unwrap()], 1);
    assert_eq!(
        err,
        format!("prepdeck: {}: the folder holds no profile files\n", empty_dir.display())
    );
}

#[test]
fn a_folder_imports_what_it_can_and_reports_the_rest() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "jobs/kelp.html",
        std::fs::read(crate::util::fixtures().join("profiles/kelp-analytics.html")).unwrap(),
    );
    sandbox.write("jobs/README", "just some notes\n");
    sandbox.write("jobs/.hidden.md", "## Common Questions\n- hidden?\n");
    let jobs = sandbox.dir.path().join("jobs");
    let out = sandbox.run(&["import", jobs.to_str().unwrap()]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("prepdeck: skipped ") && stderr.contains("README: no recognised section"),
        "{stderr}"
    );
    assert_eq!(sandbox.json(&["cards", "--json"]).as_array().unwrap().len(), 5);
}

#[test]
fn a_failing_path_among_several_fails_the_command_but_not_the_others() {
    let sandbox = Sandbox::new();
    let good = sandbox.fixture("kelp-analytics.html");
    let bad = sandbox.write("empty.txt", "");
    let err = sandbox.fails(&["import", &bad, &good], 1);
    assert!(err.contains("empty.txt: the file is empty"), "{err}");
    assert!(
        err.ends_with("prepdeck: 1 of 2 paths could not be imported (see the messages above)\n"),
        "{err}"
    );
    assert_eq!(sandbox.json(&["cards", "--json"]).as_array().unwrap().len(), 5);
}

#[test]
fn wrong_card_ids_grades_and_dates_are_refused() {
    let (sandbox, snapshot) = seeded();
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["grade", "999", "4"],
            1,
            "no card has the id \"999\"; `prepdeck cards --all` lists them",
        ),
        (
            &["mock", "kelp", "--minutes", "0"],
            2,
            "--minutes 0 is not a time limit: give more than 0 minutes and at most 60",
        ),
        (
            &["mock", "kelp", "--minutes", "1e308"],
            2,
            "--minutes is not a time limit: give more than 0 minutes and at most 60",
        ),
        (
            &["interview", "kelp", "2026-02-01"],
            2,
            "2026-02-01 is in the past (today is 2026-03-01); give the day of the interview",
        ),
        (
            &["answer", "1"],
            1,
            "no editor to open: set $VISUAL or $EDITOR (or editor in the config file), or pass the text with --text",
        ),
        (
            &["suspend", "1", "999"],
            1,
            "no card has the id \"999\"; `prepdeck cards --all` lists them",
        ),
    ];
    for (args, code, message) in cases {
        assert_eq!(sandbox.fails(args, *code), format!("prepdeck: {message}\n"), "{args:?}");
    }
    // Values clap reads are refused by clap, with its usage error naming what it accepts.
    let refused_by_clap: &[(&[&str], &str)] = &[
        (
            &["grade", "abc", "4"],
            "invalid value 'abc' for '<CARD>': not a card id: use the number `prepdeck cards` shows, such as 12 or #12",
        ),
        (
            &["grade", "1", "7"],
            "invalid value '7' for '<GRADE>'\n  [possible values: 0, 1, 2, 3, 4, 5, again, hard, good, easy]",
        ),
        (
            &["interview", "kelp", "2026-02-30"],
            "invalid value '2026-02-30' for '[DATE]': not a date: use YYYY-MM-DD, today, tomorrow or +N (days from today)",
        ),
        (
            &["interview", "kelp", "10000-01-01"],
            "invalid value '10000-01-01' for '[DATE]': not a date: use YYYY-MM-DD, today, tomorrow or +N (days from today)",
        ),
    ];
    for (args, message) in refused_by_clap {
        assert_eq!(
            sandbox.fails(args, 2),
            format!("error: {message}\n\nFor more information, try '--help'.\n"),
            "{args:?}"
        );
    }
    assert_eq!(sandbox.ok(&["cards", "--all", "--json"]), snapshot);
}

#[test]
fn a_bad_fixed_clock_is_named() {
    let mut sandbox = Sandbox::new();
    sandbox.now = "next tuesday".to_string();
    let err = sandbox.fails(&["decks"], 2);
    assert_eq!(
        err,
        "prepdeck: PREPDECK_NOW=\"next tuesday\" is not an RFC 3339 time such as 2026-03-01T09:00:00+01:00\n"
    );
}

#[test]
fn interactive_commands_without_a_terminal_point_to_the_script_commands() {
    let (sandbox, _) = seeded();
    for command in [vec!["review"], vec!["drill", "kelp"], vec!["mock", "kelp"]] {
        let err = sandbox.fails(&command, 2);
        assert!(
            err.contains(
                "needs an interactive terminal; use `prepdeck due` to see the queue and `prepdeck grade CARD GRADE`"
            ),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1);
    }
}

#[test]
fn a_deck_that_does_not_exist_is_named_before_the_terminal_is_asked_for() {
    let (sandbox, _) = seeded();
    for command in [
        vec!["review", "nosuch"],
        vec!["drill", "nosuch"],
        vec!["mock", "nosuch"],
    ] {
        let err = sandbox.fails(&command, 1);
        assert_eq!(
            err, "prepdeck: no deck matches \"nosuch\"; `prepdeck decks` lists them\n",
            "{command:?}"
        );
    }
}

#[test]
fn help_lists_every_session_key_and_the_global_options_once() {
    let sandbox = Sandbox::new();
    let review = sandbox.ok_at(80, &["help", "review"]);
    for key in ["Enter ", "0-5 ", "  s ", "  x ", "  u ", "  q, Esc ", "  e ", "  l "] {
        assert!(review.contains(key), "{key:?} missing from:\n{review}");
    }
    assert!(!review.contains("--db") && !review.contains("--color"), "{review}");
    let top = sandbox.ok_at(80, &["--help"]);
    assert_eq!(top.matches("--db <PATH>").count(), 1, "{top}");
    assert_eq!(top.matches("--color <WHEN>").count(), 1, "{top}");
    let long: Vec<&str> = top
        .lines()
        .chain(review.lines())
        .filter(|l| l.chars().count() > 80)
        .collect();
    assert!(long.is_empty(), "lines over 80 columns: {long:?}");
    // PREPDECK_DB is set by the sandbox: usage errors do not show --db as if it were needed.
    let err = sandbox.fails(&["drill"], 2);
    assert!(err.contains("Usage: prepdeck drill <DECK>"), "{err}");
    // The global options still work after the command.
    let elsewhere = sandbox.dir.path().join("other.db");
    sandbox.ok(&["decks", "--db", elsewhere.to_str().unwrap(), "--color", "never"]);
    assert!(elsewhere.exists());
}

#[test]
fn foreign_damaged_and_newer_databases_are_refused_and_left_untouched() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.db.parent().unwrap()).unwrap();
    let mut random = vec![0u8; 4096];
    for (i, b) in random.iter_mut().enumerate() {
        *b = (i * 7919 % 251) as u8;
    }
    let other = sandbox.dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
    }
    let newer = sandbox.dir.path().join("newer.db");
    {
        let conn = rusqlite::Connection::open(&newer).unwrap();
        conn.execute_batch(
            "CREATE TABLE decks (id INTEGER); PRAGMA user_version = 99; PRAGMA application_id = 1886545264;",
        )
        .unwrap();
    }
    let newer_reason = format!(
        "written by a newer prepdeck (schema 99, this build knows up to {})",
        prepdeck::store::LATEST_VERSION
    );
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (random, "not an SQLite database"),
        (b"name,score\nana,3\n".to_vec(), "not an SQLite database"),
        (
            std::fs::read(&other).unwrap(),
            "it is another program's SQLite database",
        ),
        (std::fs::read(&other).unwrap()[..2048].to_vec(), ""),
        (std::fs::read(&newer).unwrap(), &newer_reason),
    ];
    for (bytes, reason) in cases {
        std::fs::write(&sandbox.db, &bytes).unwrap();
        let err = sandbox.fails(&["decks"], 1);
        assert!(
            err.starts_with(&format!("prepdeck: {}: ", sandbox.db.display())),
            "{err}"
        );
        assert!(err.contains(reason), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert_eq!(std::fs::read(&sandbox.db).unwrap(), bytes, "the file was changed");
    }
}

/// A newer prepdeck that has not yet copied its write-ahead log into the file: the file's
/// header still shows this build's schema, the log the newer one.
#[test]
fn a_newer_schema_still_in_the_write_ahead_log_is_refused() {
    let sandbox = Sandbox::new();
    sandbox.ok(&["decks"]);
    let newer = rusqlite::Connection::open(&sandbox.db).unwrap();
    newer
        .execute_batch("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; PRAGMA user_version = 99;")
        .unwrap();
    let err = sandbox.fails(&["decks"], 1);
    assert!(err.contains("written by a newer prepdeck (schema 99"), "{err}");
    drop(newer);
}

#[test]
fn text_from_documents_cannot_drive_the_terminal() {
    let sandbox = Sandbox::new();
    let hostile = sandbox.write(
        "hostile.md",
        "# Company Profile: Evil\u{1b}[2J Corp\n## Potential Questions\n- Why \u{1b}]0;owned\u{7}us\u{1b}[31m?\n- Ring\u{7} the bell?\n",
    );
    let out = sandbox.ok(&["import", &hostile]);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    let cards = sandbox.ok(&["cards"]);
    assert!(!cards.contains('\u{1b}') && !cards.contains('\u{7}'), "{cards:?}");
    assert!(cards.contains("Why us?"), "{cards}");
    assert!(cards.contains("Ring the bell?"), "{cards}");
}

#[test]
fn an_empty_prepdeck_db_means_the_default_database() {
    let sandbox = Sandbox::new();
    let data = sandbox.dir.path().join("xdg");
    let out = sandbox
        .command(&["decks"])
        .env("PREPDECK_DB", "")
        .env("XDG_DATA_HOME", &data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(data.join("prepdeck/prepdeck.db").exists());
}

#[test]
fn an_in_memory_database_is_refused_instead_of_losing_the_import() {
    let sandbox = Sandbox::new();
    let profile = sandbox.fixture("kelp-analytics.html");
    let err = sandbox.fails(&["--db", ":memory:", "import", &profile], 2);
    assert_eq!(
        err,
        "prepdeck: \":memory:\" keeps nothing once the command ends: give the path of a database file\n"
    );
}

#[test]
fn an_ambiguous_deck_prefix_names_a_few_decks_and_counts_the_rest() {
    let sandbox = Sandbox::new();
    for i in 0..12 {
        sandbox.write(
            &format!("many/{i:02}.md"),
            format!("# Company Profile: Company {i:02}\n## Common Questions\n- Why us {i}?\n"),
        );
    }
    sandbox.ok(&["import", sandbox.dir.path().join("many").to_str().unwrap()]);
    let err = sandbox.fails(&["cards", "comp"], 1);
    assert_eq!(
        err,
        "prepdeck: \"comp\" matches 12 decks: \"Company 00\", \"Company 01\", \"Company 02\", \"Company 03\", \"Company 04\", and 7 more; type more of the name\n"
    );
}

#[test]
fn an_empty_deck_name_is_refused() {
    let sandbox = Sandbox::new();
    let profile = sandbox.fixture("kelp-analytics.html");
    for name in ["", "  ", "\n\t"] {
        let err = sandbox.fails(&["import", &profile, "--deck", name], 2);
        assert_eq!(err, "prepdeck: --deck needs a name that is not empty\n");
    }
    assert_eq!(sandbox.json(&["decks", "--json"]), serde_json::json!([]));
    sandbox.ok(&["import", &profile]);
    let err = sandbox.fails(&["rename", "kelp", "\u{1b}[2J\n"], 2);
    assert_eq!(err, "prepdeck: give the deck a name that is not empty\n");
}

#[test]
fn newlines_and_bidi_controls_in_file_and_deck_names_print_on_one_line() {
    let sandbox = Sandbox::new();
    let profile = sandbox.write(
        "two\nlines\u{202e}dm.md",
        "# Company Profile: Kelp\n## Common Questions\n- Why kelp?\n",
    );
    let out = sandbox.ok(&["import", &profile, "--deck", "Evil\u{202e}\nCorp"]);
    assert!(!out.contains('\u{202e}'), "{out:?}");
    // The file's line, then what it was read as.
    assert_eq!(out.lines().count(), 2, "{out:?}");
    assert!(
        out.lines().nth(1).unwrap().starts_with("  read as company profile"),
        "{out:?}"
    );
    assert!(out.contains("two\\nlines"), "{out:?}");
    assert!(out.contains("Evil Corp"), "{out:?}");
    let decks = sandbox.ok(&["decks"]);
    assert!(decks.contains("Evil Corp") && !decks.contains('\u{202e}'), "{decks:?}");
    // A failure naming the file is one line too.
    let missing = sandbox.dir.path().join("gone\nfile.md");
    let err = sandbox.fails(&["import", missing.to_str().unwrap()], 1);
    assert_eq!(err.lines().count(), 1, "{err:?}");
    assert!(err.contains("gone\\nfile.md: no such file or folder"), "{err:?}");
}

#[test]
fn a_plan_for_an_interview_in_year_9999_is_bounded() {
    let sandbox = Sandbox::new();
    let profile = sandbox.fixture("kelp-analytics.html");
    sandbox.ok(&["import", &profile]);
    sandbox.ok(&["interview", "kelp", "9999-12-31"]);
    let out = sandbox
        .run_within(&["plan", "kelp"], std::time::Duration::from_secs(30))
        .expect("plan finished in time");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().count() < 400, "{} lines", text.lines().count());
    assert!(
        text.contains("The plan shows the next 366 days; the interview is 2912383 days away."),
        "{}",
        &text[text.len().saturating_sub(400)..]
    );
    let json = sandbox.json(&["plan", "kelp", "--json"]);
    assert_eq!(json["days"].as_array().unwrap().len(), 366);
    assert_eq!(json["truncated"], true);
}

#[test]
fn unsuspending_a_retired_card_says_it_stays_hidden() {
    let sandbox = Sandbox::new();
    let path = sandbox.write(
        "kelp.md",
        "# Company Profile: Kelp\n## Common Questions\n- Why kelp?\n- Why now?\n",
    );
    sandbox.ok(&["import", &path]);
    let gone = sandbox.id_of("Why now?");
    let kept = sandbox.id_of("Why kelp?");
    sandbox.ok(&["suspend", &gone, &kept]);
    sandbox.write("kelp.md", "# Company Profile: Kelp\n## Common Questions\n- Why kelp?\n");
    sandbox.ok(&["import", &path]);
    assert_eq!(
        sandbox.ok(&["unsuspend", &kept, &gone]),
        format!(
            "unsuspended #{kept}\n#{gone} is retired (the item is gone from its document): hidden until a re-import finds it again\n"
        )
    );
    assert_eq!(
        sandbox.ok(&["unsuspend", &kept]),
        format!("#{kept} was not suspended\n")
    );
    assert_eq!(sandbox.card_with("Why now?")["state"], "retired");
}

#[test]
fn a_card_id_that_is_not_a_number_is_misuse_whatever_the_database() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.db.parent().unwrap()).unwrap();
    std::fs::write(&sandbox.db, "not a database\n").unwrap();
    for args in [
        vec!["show", "abc"],
        vec!["grade", "abc", "4"],
        vec!["answer", "abc", "--text", "x"],
        vec!["suspend", "1", "abc"],
    ] {
        let err = sandbox.fails(&args, 2);
        assert!(
            err.starts_with("error: invalid value 'abc' for '<CARD>")
                && err.contains("': not a card id: use the number `prepdeck cards` shows, such as 12 or #12\n"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn importing_a_device_or_a_pipe_is_refused_without_reading_it() {
    let sandbox = Sandbox::new();
    let fifo = sandbox.dir.path().join("profile.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let link = sandbox.dir.path().join("zero.md");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let cases = [
        (std::path::PathBuf::from("/dev/zero"), "a device"),
        (fifo.clone(), "a named pipe"),
        (link, "a device"),
    ];
    // Reading a device or a pipe would never end: the limit only stops a hang, and is
    // generous so that a loaded machine never reaches it.
    for (path, what) in cases {
        let path = path.to_str().unwrap();
        let out = sandbox
            .run_within(&["import", path], std::time::Duration::from_secs(60))
            .unwrap_or_else(|| panic!("importing {path} did not finish"));
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("prepdeck: {path}: {what}, not a regular file; give a profile file or a folder of them\n")
        );
    }
    // Inside a folder, a pipe is passed over and the profiles beside it are imported.
    let folder = sandbox.dir.path().join("jobs");
    std::fs::create_dir(&folder).unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(folder.join("pipe.md"))
            .status()
            .unwrap()
            .success()
    );
    sandbox.write(
        "jobs/kelp.md",
        "# Company Profile: Kelp\n## Common Questions\n- Why kelp?\n",
    );
    let out = sandbox
        .run_within(
            &["import", folder.to_str().unwrap()],
            std::time::Duration::from_secs(60),
        )
        .expect("the folder import finished");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(sandbox.all_cards().len(), 1);
}

#[test]
fn deck_is_refused_for_a_backup_rather_than_ignored() {
    let sandbox = Sandbox::new();
    let profile = sandbox.fixture("kelp-analytics.html");
    sandbox.ok(&["import", &profile]);
    sandbox.ok(&["export", "--all-decks", "--format", "json", "-o", "backup.json"]);
    let backup = sandbox.dir.path().join("backup.json").to_string_lossy().into_owned();
    let restored = Sandbox::new();
    let err = restored.fails(&["import", &backup, "--deck", "Elsewhere"], 2);
    assert_eq!(
        err,
        format!(
            "prepdeck: {backup}: --deck does not apply to a backup, which restores its decks under their own names; nothing was restored (restore it without --deck, then `prepdeck rename` a deck)\n"
        )
    );
    assert!(!restored.db.exists() || restored.json(&["decks", "--json"]) == serde_json::json!([]));
}

#[test]
fn due_with_a_limit_of_zero_says_that_cards_wait() {
    let sandbox = Sandbox::new();
    let profile = sandbox.fixture("kelp-analytics.html");
    sandbox.ok(&["import", &profile]);
    let waiting = sandbox.json(&["due", "--json"]).as_array().unwrap().len();
    assert!(waiting > 1);
    assert_eq!(
        sandbox.ok(&["due", "--limit", "0"]),
        format!("{waiting} cards wait today (0 due, {waiting} new), but --limit 0 shows none of them.\n")
    );
    assert_eq!(sandbox.json(&["due", "--limit", "0", "--json"]), serde_json::json!([]));
}

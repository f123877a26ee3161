//! The config file end to end: a flag wins over the file, the file over the built-in
//! default; `prepdeck config` says where each setting comes from; every kind of bad file
//! stops the command with one sentence naming the file, the line and the key.

use crate::util::{Sandbox, output_within};

/// One deck of twelve questions: more new cards than a day's built-in ten.
fn twelve_questions() -> Sandbox {
    let sandbox = Sandbox::new();
    let mut text = "# Company Profile: Oak Tools\n## Potential Questions to Prepare For\n".to_string();
    for n in 1..=12 {
        text.push_str(&format!("- Question number {n}?\n"));
    }
    let path = sandbox.write("oak.md", text);
    sandbox.ok(&["import", &path]);
    sandbox
}

fn due_count(sandbox: &Sandbox, flags: &[&str]) -> usize {
    let mut args = vec!["due", "--json"];
    args.extend_from_slice(flags);
    sandbox.json(&args).as_array().unwrap().len()
}

/// An executable script in the sandbox that writes `text` as the answer.
fn editor_writing(sandbox: &Sandbox, name: &str, text: &str) -> String {
    let path = sandbox.write(name, format!("#!/bin/sh\nprintf '{text}\\n' > \"$1\"\n"));
    std::process::Command::new("chmod")
        .args(["+x", &path])
        .status()
        .unwrap();
    path
}

#[test]
fn flags_win_over_the_file_and_the_file_over_built_in_defaults() {
    let sandbox = twelve_questions();
    assert_eq!(due_count(&sandbox, &[]), 10, "built-in: 10 new cards a day");
    sandbox.config("new_per_day = 3\n");
    assert_eq!(due_count(&sandbox, &[]), 3, "the file's new_per_day");
    assert_eq!(due_count(&sandbox, &["--new", "5"]), 5, "--new wins over the file");
    sandbox.config("new_per_day = 8\nsession_limit = 2\n");
    assert_eq!(due_count(&sandbox, &[]), 2, "the file's session_limit");
    assert_eq!(due_count(&sandbox, &["--limit", "6"]), 6, "--limit wins over the file");
    let plan_first_day = |flags: &[&str]| {
        let mut args = vec!["plan", "oak", "--json"];
        args.extend_from_slice(flags);
        sandbox.json(&args)["days"][0]["new"].as_u64().unwrap()
    };
    sandbox.ok(&["interview", "oak", "+30"]);
    assert_eq!(plan_first_day(&[]), 2, "plan keeps to the file's session limit");
    sandbox.config("new_per_day = 8\n");
    assert_eq!(plan_first_day(&[]), 8, "plan paces new cards by the file too");
    assert_eq!(plan_first_day(&["--new", "4"]), 4);
}

#[test]
fn colour_comes_from_the_flag_then_the_file_then_no_color() {
    let sandbox = twelve_questions();
    let coloured = |text: &str| text.contains("\u{1b}[");
    assert!(!coloured(&sandbox.ok(&["decks"])), "piped with NO_COLOR: plain");
    sandbox.config("color = \"always\"\n");
    assert!(
        coloured(&sandbox.ok(&["decks"])),
        "the file's choice wins over NO_COLOR"
    );
    assert!(!coloured(&sandbox.ok(&["--color", "never", "decks"])), "the flag wins");
}

#[test]
fn the_files_editor_wins_over_visual_and_editor() {
    let sandbox = twelve_questions();
    let id = sandbox.id_of("Question number 1?");
    let from_env = editor_writing(&sandbox, "env-editor.sh", "from EDITOR");
    let from_file = editor_writing(&sandbox, "file-editor.sh", "from the config file");
    let answer = |env_editor: &str| {
        let out = sandbox
            .command(&["answer", &id])
            .env("EDITOR", env_editor)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        sandbox.card_with("Question number 1?")["back"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(answer(&from_env), "from EDITOR");
    sandbox.config(&format!("editor = \"{from_file}\"\n"));
    assert_eq!(answer(&from_env), "from the config file");
}

#[test]
fn config_shows_each_setting_and_where_it_comes_from() {
    let sandbox = Sandbox::new();
    let path = sandbox.config("# my defaults\nnew_per_day = 4\n\nmock_minutes = 1.5\ndaily_minutes = 30\n");
    let out = sandbox
        .command(&["--color", "never", "config"])
        .env("EDITOR", "nano")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let db = sandbox.db.display();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!(
            "Config file: {path} (read)
Database:    {db} (--db or PREPDECK_DB)

SETTING         VALUE  FROM          WHAT IT SETS
new_per_day     4      file, line 2  new cards per deck per day (review, due, plan: --new)
session_limit   200    built-in      most cards in one review session (review, due: --limit)
color           never  flag --color  when to colour the output: auto, always or never (--color)
editor          nano   env EDITOR    the editor for answers (answer, and e in a session)
mock_minutes    1.5    file, line 4  minutes allowed per mock answer (mock: --minutes)
mock_questions  5      built-in      questions in a mock interview (mock: --questions)
daily_minutes   30     file, line 5  minutes of study a day per deck (interview --minutes)
"
        )
    );
    assert!(!sandbox.db.exists(), "showing the settings opens no database");
}

#[test]
fn without_a_config_file_the_built_in_defaults_apply() {
    let sandbox = Sandbox::new();
    let out = sandbox.ok(&["config"]);
    let expected_path = sandbox.config_home().join("prepdeck/config.toml");
    assert!(
        out.starts_with(&format!(
            "Config file: {} (not there: built-in defaults apply)\n",
            expected_path.display()
        )),
        "{out}"
    );
    let row = |key: &str| -> Vec<String> {
        let line = out.lines().find(|l| l.starts_with(key)).unwrap_or_default();
        line.split_whitespace().take(3).map(String::from).collect()
    };
    assert_eq!(row("new_per_day"), ["new_per_day", "10", "built-in"], "{out}");
    assert_eq!(row("editor"), ["editor", "(none)", "built-in"], "{out}");
    assert!(
        out.contains("NO_COLOR is set, so color = auto means no colour."),
        "{out}"
    );
}

/// A bad config file: exit status 2, exactly one line on stderr, and nothing ran (the
/// import created no database).
fn refused(sandbox: &Sandbox, text: &str) -> String {
    let path = sandbox.config(text);
    let profile = sandbox.write("oak.md", "# Company Profile: Oak\n## Common Questions\n- Why oak?\n");
    let err = sandbox.fails(&["import", &profile], 2);
    assert_eq!(err.lines().count(), 1, "one sentence: {err}");
    assert!(!sandbox.db.exists(), "nothing ran");
    err.replace(&path, "CONFIG")
}

#[test]
fn an_unknown_key_is_named_with_the_file_and_line() {
    let sandbox = Sandbox::new();
    assert_eq!(
        refused(&sandbox, "new_per_day = 4\nsesion_limit = 4\n"),
        "prepdeck: CONFIG, line 2: \"sesion_limit\" is not a setting; did you mean session_limit?\n"
    );
    assert_eq!(
        refused(&sandbox, "[review]\nnew = 3\n"),
        "prepdeck: CONFIG, line 1: \"review\" is not a setting; the settings are new_per_day, session_limit, color, editor, mock_minutes, mock_questions, daily_minutes\n"
    );
}

#[test]
fn each_bad_value_is_named_with_the_file_line_and_key() {
    let sandbox = Sandbox::new();
    for (text, expected) in [
        (
            "new_per_day = \"ten\"",
            "line 1: new_per_day must be a whole number, 0 or more, not \"ten\"",
        ),
        (
            "\nsession_limit = 0",
            "line 2: session_limit must be a whole number, 1 or more, not 0",
        ),
        (
            "color = \"blue\"",
            "line 1: color must be \"auto\", \"always\" or \"never\", not \"blue\"",
        ),
        (
            "editor = \"\"",
            "line 1: editor must be the command that opens your editor, such as \"nvim\" or \"code --wait\", not \"\"",
        ),
        (
            "mock_minutes = 0",
            "line 1: mock_minutes must be a number of minutes above 0 and at most 60, not 0",
        ),
        (
            "mock_questions = 2.5",
            "line 1: mock_questions must be a whole number, 1 or more, not 2.5",
        ),
    ] {
        assert_eq!(
            refused(&sandbox, text),
            format!("prepdeck: CONFIG, {expected}\n"),
            "{text}"
        );
    }
}

#[test]
fn a_file_that_is_not_toml_names_its_line() {
    let sandbox = Sandbox::new();
    let err = refused(&sandbox, "new_per_day = 4\nsession_limit 50\n");
    assert!(
        err.starts_with("prepdeck: CONFIG, line 2: this is not valid TOML ("),
        "{err}"
    );
    let err = refused(&sandbox, "color = \"always\"\ncolor = \"never\"\n");
    assert!(
        err.starts_with("prepdeck: CONFIG, line 2: this is not valid TOML (duplicate key"),
        "{err}"
    );
}

#[test]
fn prepdeck_config_names_another_file_which_must_exist() {
    let sandbox = twelve_questions();
    let other = sandbox.write("elsewhere.toml", "new_per_day = 1\n");
    let out = sandbox
        .command(&["due", "--json"])
        .env("PREPDECK_CONFIG", &other)
        .output()
        .unwrap();
    let due: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(due.as_array().unwrap().len(), 1);
    let missing = sandbox.dir.path().join("missing.toml");
    let out = sandbox
        .command(&["decks"])
        .env("PREPDECK_CONFIG", &missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "prepdeck: {}: no such config file (named by PREPDECK_CONFIG)\n",
            missing.display()
        )
    );
}

/// A memory bound far above what prepdeck needs, far below a device read whole.
const MEMORY_BOUND: u64 = 1024 * 1024 * 1024;

/// Far longer than any of these commands takes: past it, the command is taken to hang.
const HANG: std::time::Duration = std::time::Duration::from_secs(60);

#[test]
fn a_config_that_is_not_a_text_file_is_refused_in_one_sentence() {
    let sandbox = Sandbox::new();
    let fifo = sandbox.dir.path().join("config.fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let folder = sandbox.dir.path().join("config.d");
    std::fs::create_dir(&folder).unwrap();
    let latin1 = sandbox.write("latin1.toml", b"editor = \"vi\"\n# caf\xe9\n");
    let huge = sandbox.write("huge.toml", "# a comment\n".repeat(10_000));
    for (path, problem) in [
        (fifo.to_string_lossy().into_owned(), "it is a named pipe, not a file"),
        ("/dev/zero".to_string(), "it is a character device, not a file"),
        ("/dev/null".to_string(), "it is a character device, not a file"),
        (folder.to_string_lossy().into_owned(), "it is a folder, not a file"),
        (latin1, "line 2 is not UTF-8 text"),
        (huge, "it is over 64 KB, and a config file holds a few settings"),
    ] {
        let mut command = sandbox.command_with_memory_limit(MEMORY_BOUND, &["decks"]);
        command.env("PREPDECK_CONFIG", &path);
        let out = output_within(command, HANG).unwrap_or_else(|| panic!("{path}: the command hung"));
        assert_eq!(
            out.status.code(),
            Some(2),
            "{path}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("prepdeck: {path}: cannot use it as the config file: {problem}\n")
        );
    }
}

#[test]
fn config_fits_80_columns_without_cutting_what_a_setting_does() {
    let sandbox = Sandbox::new();
    let home = sandbox
        .dir
        .path()
        .join("a-config-home-whose-name-is-long-enough/to-need-a-second-line");
    let out = sandbox
        .command(&["config"])
        .env("COLUMNS", "80")
        .env("XDG_CONFIG_HOME", &home)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "{} columns: {line}", line.chars().count());
    }
    assert!(!text.contains('…'), "nothing is cut: {text}");
    assert!(text.contains("never (--color)"), "{text}");
    let path = home.join("prepdeck/config.toml").display().to_string();
    let joined: String = text
        .lines()
        .take_while(|l| !l.starts_with("Database:"))
        .map(|l| l.trim_start_matches("Config file:").trim())
        .collect();
    assert!(
        joined.starts_with(&path) && joined.ends_with("(not there: built-in defaults apply)"),
        "the path wraps after its separators and reads back whole: {text}"
    );
}

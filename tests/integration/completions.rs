//! Shell completion in a real bash: the script `prepdeck completions bash` prints is
//! sourced, and its completion function is asked for candidates as bash would ask on Tab
//! (COMP_WORDS, COMP_CWORD, the current and previous words).

use std::path::Path;
use std::process::Command;

use crate::util::{Sandbox, bin};

const ACME: &str = "# Company Profile: Acme Robotics
## Potential Questions to Prepare For
- Why robots?
";

const GLOBEX: &str = "# Company Profile: Globex
## Potential Questions to Prepare For
- Why globes?
";

/// The candidates bash's completion function offers for the words typed so far (the last
/// word is the one being completed). Runs in the sandbox, with its database and config.
fn candidates(sandbox: &Sandbox, words: &[&str]) -> (Vec<String>, String) {
    candidates_from(sandbox, &bin(), sandbox.dir.path(), words)
}

/// [`candidates`], with the script made by the binary at `program` run from `folder`.
fn candidates_from(sandbox: &Sandbox, program: &Path, folder: &Path, words: &[&str]) -> (Vec<String>, String) {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| format!("'{}'", w.replace('\'', "'\\''")))
        .collect();
    let script = format!(
        "source <(\"$PREPDECK_BIN\" completions bash) || exit 9\n\
         COMP_WORDS=({words})\n\
         COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))\n\
         COMP_LINE=\"${{COMP_WORDS[*]}}\"\n\
         COMP_POINT=${{#COMP_LINE}}\n\
         COMP_TYPE=9\n\
         complete -p prepdeck >/dev/null || exit 8\n\
         _clap_complete_prepdeck prepdeck \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words = quoted.join(" ")
    );
    // The sandbox's environment (database, clock, config folder), for bash and the
    // prepdeck it calls back.
    let sandboxed = sandbox.command(&[]);
    let mut bash = Command::new("bash");
    for (key, value) in sandboxed.get_envs() {
        match value {
            Some(value) => bash.env(key, value),
            None => bash.env_remove(key),
        };
    }
    let out = bash
        .args(["--norc", "--noprofile", "-c", &script])
        .env("PREPDECK_BIN", program)
        .current_dir(folder)
        .output()
        .expect("bash runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "bash failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines = stdout.lines().filter(|l| !l.is_empty()).map(String::from).collect();
    (lines, String::from_utf8(out.stderr).unwrap())
}

fn two_decks() -> Sandbox {
    let sandbox = Sandbox::new();
    let a = sandbox.write("acme.md", ACME);
    let g = sandbox.write("globex.md", GLOBEX);
    sandbox.ok(&["import", &a, &g]);
    sandbox
}

#[test]
fn bash_completes_subcommands_and_options() {
    let sandbox = two_decks();
    let (got, _) = candidates(&sandbox, &["prepdeck", "dr"]);
    assert_eq!(got, ["drill"]);
    let (got, _) = candidates(&sandbox, &["prepdeck", "co"]);
    assert_eq!(got, ["completions", "config"]);
    let (got, _) = candidates(&sandbox, &["prepdeck", "drill", "acme", "--sh"]);
    assert_eq!(got, ["--shuffle"]);
    let (got, _) = candidates(&sandbox, &["prepdeck", "plan", "acme", "--format", ""]);
    assert_eq!(got, ["table", "json", "ics"]);
}

#[test]
fn bash_completes_deck_names_from_the_database() {
    let sandbox = two_decks();
    let (got, stderr) = candidates(&sandbox, &["prepdeck", "drill", "ac"]);
    assert_eq!(got, ["Acme\\ Robotics"], "escaped for bash: the name has a space");
    assert_eq!(stderr, "");
    let (got, _) = candidates(&sandbox, &["prepdeck", "drill", "G"]);
    assert_eq!(got, ["Globex"]);
    let (got, _) = candidates(&sandbox, &["prepdeck", "drill", "Acme\\ R"]);
    assert_eq!(got, ["Acme\\ Robotics"], "an escaped space typed so far still matches");
    let (got, _) = candidates(&sandbox, &["prepdeck", "drill", ""]);
    assert!(
        got.starts_with(&["Acme\\ Robotics".to_string(), "Globex".to_string()]),
        "every deck, then the options: {got:?}"
    );
    for command in [
        "review",
        "cards",
        "plan",
        "export",
        "interview",
        "stats",
        "mock",
        "remove",
    ] {
        let (got, _) = candidates(&sandbox, &["prepdeck", command, "glo"]);
        assert_eq!(got, ["Globex"], "prepdeck {command}");
    }
}

#[test]
fn deck_names_come_from_the_database_the_command_line_names() {
    let sandbox = two_decks();
    let other = Sandbox::new();
    let path = other.write(
        "other.md",
        "# Company Profile: Gadget Works\n## Potential Questions to Prepare For\n- Why?\n",
    );
    other.ok(&["import", &path]);
    let db = other.db.to_string_lossy().into_owned();
    let (got, _) = candidates(&sandbox, &["prepdeck", "--db", &db, "drill", "g"]);
    assert_eq!(got, ["Gadget\\ Works"], "--db wins over PREPDECK_DB");
    let flag = format!("--db={db}");
    let (got, _) = candidates(&sandbox, &["prepdeck", "drill", &flag, "g"]);
    assert_eq!(got, ["Gadget\\ Works"]);
}

#[test]
fn deck_completion_creates_no_database_and_prints_no_errors() {
    let sandbox = Sandbox::new();
    let (got, stderr) = candidates(&sandbox, &["prepdeck", "drill", "a"]);
    assert!(got.is_empty(), "{got:?}");
    assert_eq!(stderr, "");
    assert!(!sandbox.db.exists(), "completion must not create the database");
    assert!(!sandbox.db.parent().unwrap().exists(), "nor its folder");

    let junk = sandbox.write("junk.db", "not a database at all, just words\n");
    let (got, stderr) = candidates(&sandbox, &["prepdeck", "--db", &junk, "drill", "a"]);
    assert!(got.is_empty(), "{got:?}");
    assert_eq!(stderr, "");
    assert_eq!(
        std::fs::read_to_string(&junk).unwrap(),
        "not a database at all, just words\n"
    );
}

#[test]
fn a_broken_config_file_does_not_break_completion() {
    let sandbox = two_decks();
    sandbox.config("no_such_setting = 1\n");
    let (got, stderr) = candidates(&sandbox, &["prepdeck", "drill", "ac"]);
    assert_eq!(got, ["Acme\\ Robotics"]);
    assert_eq!(stderr, "");
}

#[test]
fn every_shell_gets_a_script_that_calls_prepdeck_back() {
    let sandbox = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = sandbox.ok(&["completions", shell]);
        assert!(script.contains("PREPDECK_COMPLETE"), "{shell}: {script}");
        assert!(
            script.contains(&*bin().to_string_lossy()),
            "{shell} calls this binary back: {script}"
        );
    }
    let err = sandbox.fails(&["completions", "tcsh"], 2);
    assert!(err.contains("invalid value 'tcsh'"), "{err}");
}

/// Puts the binary in `folder` (made inside the sandbox) and returns where it is: a
/// symlink, as a copy could not be run while another test's child still held it open.
fn binary_in(sandbox: &Sandbox, folder: &str) -> std::path::PathBuf {
    let dir = sandbox.dir.path().join(folder);
    std::fs::create_dir_all(&dir).unwrap();
    let link = dir.join("prepdeck");
    std::os::unix::fs::symlink(bin(), &link).unwrap();
    link
}

#[test]
fn completion_works_from_a_folder_with_a_space_and_runs_nothing_from_a_hostile_one() {
    let sandbox = two_decks();
    for folder in ["d$(touch X)x", "q'uote\"d`touch X`", "with space"] {
        let program = binary_in(&sandbox, folder);
        // Called as `./prepdeck` from its folder: the script names it by its full path.
        let folder_path = program.parent().unwrap();
        let (decks, stderr) = candidates_from(
            &sandbox,
            Path::new("./prepdeck"),
            folder_path,
            &["prepdeck", "drill", "ac"],
        );
        let (commands, _) = candidates_from(&sandbox, &program, sandbox.dir.path(), &["prepdeck", "dr"]);
        let ran: Vec<_> = walk(sandbox.dir.path())
            .into_iter()
            .filter(|p| p.ends_with("X"))
            .collect();
        assert!(ran.is_empty(), "a Tab ran the name of {folder}: {ran:?}");
        assert_eq!(decks, ["Acme\\ Robotics"], "from {folder}: {stderr}");
        assert_eq!(commands, ["drill"], "from {folder}");
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        }
        found.push(path);
    }
    found
}

#[test]
fn deck_names_starting_with_a_dash_are_completed_after_a_double_dash() {
    let sandbox = two_decks();
    sandbox.ok(&["rename", "globex", "--", "--db=elsewhere.db"]);
    let (got, _) = candidates(&sandbox, &["prepdeck", "drill", ""]);
    assert!(
        got.starts_with(&["-- --db=elsewhere.db".to_string(), "Acme\\ Robotics".to_string()]),
        "the name comes after `--`, never as an option: {got:?}"
    );
    let (got, _) = candidates(&sandbox, &["prepdeck", "drill", "--", "-"]);
    assert_eq!(got, ["--db=elsewhere.db"], "`--` is typed already");
    // What the completion inserts is the deck, not the option.
    let out = sandbox.ok(&["interview", "--", "--db=elsewhere.db", "+3"]);
    assert!(out.starts_with("--db=elsewhere.db: interview on"), "{out}");
    assert!(!sandbox.dir.path().join("elsewhere.db").exists());
}

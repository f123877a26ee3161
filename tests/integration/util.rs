//! A small builder around the real binary: a private database in a temporary folder, a
//! fixed clock, no colour, no editor, and helpers that check exit status and output.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_prepdeck");

/// The project's own fixture folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A sandbox: temporary folder, database path, and the clock the commands see.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub now: String,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = dir.path().join("data").join("prepdeck.db");
        Sandbox {
            dir,
            db,
            now: "2026-03-01T09:00:00+01:00".to_string(),
        }
    }

    /// Moves the clock to 09:00 on another day.
    pub fn on(&mut self, day: &str) -> &mut Sandbox {
        self.now = format!("{day}T09:00:00+01:00");
        self
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .current_dir(self.dir.path())
            .env("PREPDECK_DB", &self.db)
            .env("PREPDECK_NOW", &self.now)
            .env("NO_COLOR", "1")
            .env_remove("VISUAL")
            .env_remove("EDITOR")
            .env_remove("XDG_DATA_HOME")
            // The user's own config file stays out: each sandbox has its own folder.
            .env_remove("PREPDECK_CONFIG")
            .env("XDG_CONFIG_HOME", self.config_home());
        cmd
    }

    /// The sandbox's config folder: `config_home()/prepdeck/config.toml` is its config file.
    pub fn config_home(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    /// Writes the sandbox's config file and returns its path.
    pub fn config(&self, text: &str) -> String {
        self.write("config/prepdeck/config.toml", text)
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("the binary runs")
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "prepdeck {args:?} failed with {:?}\nstdout: {}\nstderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    /// Runs a command that must fail with `code`; returns its stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "prepdeck {args:?}: wrong exit status\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8(out.stderr).expect("UTF-8 errors");
        assert!(!stderr.contains("panicked"), "a panic: {stderr}");
        stderr
    }

    /// Runs a `--json` command and parses its one document.
    pub fn json(&self, args: &[&str]) -> Value {
        let text = self.ok(args);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("prepdeck {args:?} printed invalid JSON ({e}): {text}"))
    }

    /// Writes a file in the sandbox and returns its path as a string.
    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> String {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, content).unwrap();
        path.to_string_lossy().into_owned()
    }

    /// Copies a fixture profile into the sandbox.
    pub fn fixture(&self, name: &str) -> String {
        let bytes = std::fs::read(fixtures().join("profiles").join(name)).unwrap();
        self.write(name, bytes)
    }

    /// Every card, suspended and retired included, as JSON.
    pub fn all_cards(&self) -> Vec<Value> {
        self.json(&["cards", "--all", "--json"]).as_array().unwrap().clone()
    }

    /// The one card whose front or back contains `text`.
    pub fn card_with(&self, text: &str) -> Value {
        let cards = self.all_cards();
        let found: Vec<&Value> = cards
            .iter()
            .filter(|c| c["front"].as_str().unwrap().contains(text) || c["back"].as_str().unwrap().contains(text))
            .collect();
        assert_eq!(found.len(), 1, "expected one card with {text:?}, found {found:?}");
        found[0].clone()
    }

    /// The ids of the active cards, in listing order.
    pub fn active_ids(&self) -> Vec<String> {
        self.json(&["cards", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].to_string())
            .collect()
    }

    /// Runs `prepdeck answer CARD` with an editor that runs `script` (sh, on the file in
    /// `$1`); the command must succeed.
    pub fn answer_in_editor(&self, card: &str, script: &str) {
        let editor = self.write("fake-editor.sh", format!("#!/bin/sh\n{script}\n"));
        let made_runnable = Command::new("chmod").args(["+x", &editor]).status().unwrap();
        assert!(made_runnable.success());
        let out = self.command(&["answer", card]).env("EDITOR", &editor).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }

    /// Runs a command that must succeed as on a terminal `columns` wide; returns its stdout.
    pub fn ok_at(&self, columns: usize, args: &[&str]) -> String {
        let out = self.command(args).env("COLUMNS", columns.to_string()).output().unwrap();
        assert!(
            out.status.success(),
            "prepdeck {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    pub fn id_of(&self, text: &str) -> String {
        self.card_with(text)["id"].as_i64().unwrap().to_string()
    }
}

/// The text each kind of card carries as the item's own words (SPEC §5).
pub fn item_text(card: &Value) -> String {
    match card["kind"].as_str().unwrap() {
        "talking-point" | "ask" => card["back"].as_str().unwrap().to_string(),
        "topic" => {
            let front = card["front"].as_str().unwrap();
            front.split_once("explain: ").map_or(front, |(_, t)| t).to_string()
        }
        // "<Company> wants: <their requirement> — which of your skills, and which story?"
        "skill-map" => {
            let front = card["front"].as_str().unwrap();
            let requirement = front.split_once(" wants: ").map_or(front, |(_, r)| r);
            requirement
                .rsplit_once(" — which of your skills")
                .map_or(requirement, |(r, _)| r)
                .to_string()
        }
        _ => card["front"].as_str().unwrap().to_string(),
    }
}

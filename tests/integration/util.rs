//! A small builder around the real binary: a private database in a temporary folder, a
//! fixed clock, no colour, no editor, and helpers that check exit status and output.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The binary under test: this build's, or the one `PREPDECK_TEST_BIN` names (to show that
/// a test fails on another build, such as the last release).
pub fn bin() -> PathBuf {
    std::env::var_os("PREPDECK_TEST_BIN").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_prepdeck")), PathBuf::from)
}

/// Whether the tests run as root, whom file permissions do not stop.
pub fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

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
        Sandbox::in_dir(tempfile::tempdir().expect("temporary folder"))
    }

    fn in_dir(dir: tempfile::TempDir) -> Sandbox {
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
        let mut cmd = Command::new(bin());
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
            // Crash and hold points only where a test asks for them.
            .env_remove(prepdeck::crash::CRASH_ENV)
            .env_remove(prepdeck::crash::HOLD_ENV)
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

    /// Runs a command, killing it if it has not finished within `limit`; `None` if it had
    /// to be killed.
    pub fn run_within(&self, args: &[&str], limit: std::time::Duration) -> Option<Output> {
        output_within(self.command(args), limit)
    }

    /// `prepdeck ARGS` with an address space that may not grow past `bytes`: a command
    /// that reads something whole into memory fails instead of taking the machine's.
    pub fn command_with_memory_limit(&self, bytes: u64, args: &[&str]) -> Command {
        let wrapper = ["prlimit".to_string(), format!("--as={bytes}")];
        self.command_through(&wrapper, &bin(), args)
    }

    /// `prepdeck ARGS` run by another program (`wrapper`, then `binary` and `args`), with
    /// the sandbox's environment and nothing else.
    fn command_through(&self, wrapper: &[String], binary: &Path, args: &[&str]) -> Command {
        let inner = self.command(args);
        let mut cmd = Command::new(&wrapper[0]);
        cmd.args(&wrapper[1..])
            .arg(binary)
            .args(inner.get_args())
            .current_dir(self.dir.path())
            .env_clear()
            .envs(
                inner
                    .get_envs()
                    .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))),
            )
            .env("PATH", std::env::var_os("PATH").unwrap_or_default());
        cmd
    }

    /// Runs a command whose files may not grow past `bytes`, as on a disk that fills up: the
    /// signal a process gets for that is ignored, so its writes fail as on a full disk.
    pub fn run_with_file_size_limit(&self, args: &[&str], bytes: u64) -> Output {
        let wrapper = [
            "sh",
            "-c",
            "trap '' XFSZ; exec \"$@\"",
            "sh",
            "prlimit",
            &format!("--fsize={bytes}"),
        ]
        .map(String::from);
        self.command_through(&wrapper, &bin(), args)
            .output()
            .expect("the binary runs")
    }

    /// Runs a command as a user whom file permissions stop: the tests' own user, or, when
    /// the tests run as root, `nobody`. That user may not be able to reach the clone (a
    /// checkout in a private folder) nor the temporary folder, so the sandbox must come
    /// from [`Sandbox::for_another_user`]; it is handed to `nobody`, and the binary is run
    /// from a link (or copy) in a folder beside it that anyone can enter.
    pub fn run_unprivileged(&self, args: &[&str]) -> Output {
        if !is_root() {
            return self.run(args);
        }
        let root = self.dir.path().parent().expect("a sandbox has a parent folder");
        assert!(
            reachable_by_anyone(root),
            "{}: `nobody` cannot reach this sandbox; make it with Sandbox::for_another_user",
            root.display()
        );
        chown_tree(self.dir.path(), NOBODY);
        let reachable = tempfile::Builder::new()
            .prefix("prepdeck-bin")
            .tempdir_in(root)
            .expect("a folder for the binary");
        std::fs::set_permissions(reachable.path(), std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        let binary = reachable.path().join("prepdeck");
        if std::fs::hard_link(bin(), &binary).is_err() {
            std::fs::copy(bin(), &binary).expect("a copy of the binary");
        }
        let wrapper = [
            "setpriv".to_string(),
            format!("--reuid={NOBODY}"),
            format!("--regid={NOBODY}"),
            "--clear-groups".to_string(),
        ];
        self.command_through(&wrapper, &binary, args)
            .output()
            .expect("setpriv runs the binary")
    }

    /// A sandbox another user (`nobody`) can reach: in the temporary folder if every folder
    /// above it lets anyone through, else in `/tmp`.
    pub fn for_another_user() -> Sandbox {
        let temp = std::env::temp_dir();
        let root = if reachable_by_anyone(&temp) {
            temp
        } else {
            PathBuf::from("/tmp")
        };
        let dir = tempfile::tempdir_in(root).expect("temporary folder");
        Sandbox::in_dir(dir)
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

    /// Copies a fixture folder (its files, not its subfolders) into the sandbox and returns
    /// the copy's path.
    pub fn fixture_folder(&self, name: &str) -> String {
        for entry in std::fs::read_dir(fixtures().join(name)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                self.write(
                    &format!("{name}/{}", path.file_name().unwrap().to_string_lossy()),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
        self.dir.path().join(name).to_string_lossy().into_owned()
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

/// Runs `command`, killing it if it has not finished within `limit`; `None` if it had to
/// be killed (a guard against a hang, far above what the command needs).
pub fn output_within(mut command: Command, limit: std::time::Duration) -> Option<Output> {
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let started = std::time::Instant::now();
    while child.try_wait().expect("the child can be waited for").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Some(child.wait_with_output().expect("the output is read"))
}

/// The user and group id of `nobody`.
pub const NOBODY: u32 = 65_534;

/// Whether any user can pass through `dir` and every folder above it.
pub fn reachable_by_anyone(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    dir.ancestors()
        .all(|folder| std::fs::metadata(folder).is_ok_and(|m| m.permissions().mode() & 0o001 != 0))
}

/// Gives every file under `dir` (and `dir`) to `owner`.
pub fn chown_tree(dir: &Path, owner: u32) {
    std::os::unix::fs::chown(dir, Some(owner), Some(owner)).unwrap();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && !path.is_symlink() {
            chown_tree(&path, owner);
        } else {
            std::os::unix::fs::lchown(&path, Some(owner), Some(owner)).unwrap();
        }
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

/// A property test's settings: `default_cases` cases (or `PROPTEST_CASES`), drawn from a
/// fixed seed so that every run of the suite tries the same inputs and a failure repeats;
/// `PROPTEST_RNG_SEED` draws other ones for a run that explores.
pub fn proptest_config(default_cases: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default_cases);
    let mut config = proptest::test_runner::Config::with_cases(cases);
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(20_261_207);
    }
    config
}

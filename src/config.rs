//! The config file (`$XDG_CONFIG_HOME/prepdeck/config.toml`, or `PREPDECK_CONFIG`): the
//! defaults a user sets once. Each key is declared once, in [`KEYS`]; parsing is pure
//! ([`parse`]), [`load`] reads the one file, and [`Settings`] layers flags over it.
//!
//! Precedence, highest first: a command-line flag; the file; the environment's general
//! preferences (`VISUAL`/`EDITOR`, and `NO_COLOR` under `color = "auto"`), which the file
//! overrides as git's `core.editor` does and as no-color.org asks; the built-in default.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use toml::Spanned;

use crate::error::{Error, Result};
use crate::schedule::budget::MINUTES_RANGE;
use crate::schedule::interview_draw::{DEFAULT_MINUTES, DEFAULT_QUESTIONS, MAX_MINUTES};
use crate::schedule::queue::{DEFAULT_LIMIT, DEFAULT_NEW_PER_DAY};

/// When to use colour (`--color` and the config file's `color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    Always,
    Never,
}

/// Names another config file instead of the platform's (tests, a second setup).
pub const CONFIG_ENV: &str = "PREPDECK_CONFIG";

/// A value the file set, and the line it is on.
#[derive(Debug, Clone, PartialEq)]
pub struct FromFile<T> {
    pub value: T,
    pub line: usize,
}

/// What the file says; `None` where it is silent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileSettings {
    pub new_per_day: Option<FromFile<usize>>,
    pub session_limit: Option<FromFile<usize>>,
    pub color: Option<FromFile<ColorChoice>>,
    pub editor: Option<FromFile<String>>,
    pub mock_minutes: Option<FromFile<f64>>,
    pub mock_questions: Option<FromFile<usize>>,
    pub daily_minutes: Option<FromFile<u32>>,
}

/// Where an effective setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag (or its environment variable).
    Flag(&'static str),
    /// The config file, at this line.
    File(usize),
    /// An environment variable of general use (`EDITOR`).
    Env(&'static str),
    BuiltIn,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Flag(flag) => write!(f, "flag {flag}"),
            Origin::File(line) => write!(f, "file, line {line}"),
            Origin::Env(var) => write!(f, "env {var}"),
            Origin::BuiltIn => f.write_str("built-in"),
        }
    }
}

/// One key of the file: its name, what it sets, how its value is read, and how its
/// effective value is shown by `prepdeck config`.
pub struct Key {
    pub name: &'static str,
    pub about: &'static str,
    read: fn(&toml::Value, usize, &mut FileSettings) -> Result<(), String>,
    effective: fn(&Settings) -> (String, Origin),
}

/// Every key the file accepts. A new setting is a field of [`FileSettings`], an entry
/// here, and an accessor on [`Settings`] for the commands that use it.
pub const KEYS: &[Key] = &[
    Key {
        name: "new_per_day",
        about: "new cards per deck per day (review, due, plan: --new)",
        read: |value, line, file| {
            file.new_per_day = Some(FromFile {
                value: whole_number(value, 0)?,
                line,
            });
            Ok(())
        },
        effective: |s| shown(s.new_per_day_from(None)),
    },
    Key {
        name: "session_limit",
        about: "most cards in one review session (review, due: --limit)",
        read: |value, line, file| {
            file.session_limit = Some(FromFile {
                value: whole_number(value, 1)?,
                line,
            });
            Ok(())
        },
        effective: |s| shown(s.session_limit_from(None)),
    },
    Key {
        name: "color",
        about: "when to colour the output: auto, always or never (--color)",
        read: |value, line, file| {
            let text = value.as_str().ok_or("must be \"auto\", \"always\" or \"never\"")?;
            let choice = ColorChoice::from_str(text, false).map_err(|_| "must be \"auto\", \"always\" or \"never\"")?;
            file.color = Some(FromFile { value: choice, line });
            Ok(())
        },
        effective: |s| {
            let (choice, origin) = s.color_choice();
            let name = choice.to_possible_value().map(|v| v.get_name().to_string());
            (name.unwrap_or_default(), origin)
        },
    },
    Key {
        name: "editor",
        about: "the editor for answers (answer, and e in a session)",
        read: |value, line, file| {
            let text = value
                .as_str()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .ok_or("must be the command that opens your editor, such as \"nvim\" or \"code --wait\"")?;
            file.editor = Some(FromFile {
                value: text.to_string(),
                line,
            });
            Ok(())
        },
        effective: |s| match s.editor_with_origin() {
            Some((editor, origin)) => (editor, origin),
            None => ("(none)".to_string(), Origin::BuiltIn),
        },
    },
    Key {
        name: "mock_minutes",
        about: "minutes allowed per mock answer (mock: --minutes)",
        read: |value, line, file| {
            let minutes = match value {
                toml::Value::Float(f) => *f,
                toml::Value::Integer(n) => *n as f64,
                _ => f64::NAN,
            };
            if !(minutes.is_finite() && minutes > 0.0 && minutes <= MAX_MINUTES) {
                return Err(format!("must be a number of minutes above 0 and at most {MAX_MINUTES}"));
            }
            file.mock_minutes = Some(FromFile { value: minutes, line });
            Ok(())
        },
        effective: |s| shown(s.mock_minutes_from(None)),
    },
    Key {
        name: "mock_questions",
        about: "questions in a mock interview (mock: --questions)",
        read: |value, line, file| {
            file.mock_questions = Some(FromFile {
                value: whole_number(value, 1)?,
                line,
            });
            Ok(())
        },
        effective: |s| shown(s.mock_questions_from(None)),
    },
    Key {
        name: "daily_minutes",
        about: "minutes of study a day per deck (interview --minutes)",
        read: |value, line, file| {
            let minutes = value
                .as_integer()
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| MINUTES_RANGE.contains(n))
                .ok_or_else(|| {
                    format!(
                        "must be a whole number of minutes from {} to {}",
                        MINUTES_RANGE.start(),
                        MINUTES_RANGE.end()
                    )
                })?;
            file.daily_minutes = Some(FromFile { value: minutes, line });
            Ok(())
        },
        effective: |s| match &s.loaded.values.daily_minutes {
            Some(found) => (found.value.to_string(), Origin::File(found.line)),
            None => ("(none)".to_string(), Origin::BuiltIn),
        },
    },
];

/// The config file: where it is, what wins over what, and what stops a command; for
/// `config --help` and the manual.
pub const CONFIG_FILE: &str = "Defaults set once go in a TOML file: $XDG_CONFIG_HOME/prepdeck/config.toml on Linux (~/.config/prepdeck/config.toml when XDG_CONFIG_HOME is unset), the platform's config folder elsewhere, or the file PREPDECK_CONFIG names. A flag wins over the file, and the file over the built-in default. The file also wins over the environment's general preferences: its editor over VISUAL and EDITOR (as git's core.editor does), its color over NO_COLOR (as no-color.org asks of config files). An unknown key or a bad value stops every command before it does anything, with one sentence naming the file, the line and the key (exit status 2); so does a config file that is a folder, a pipe or a device (/dev/null included), is over 64 KB or is not UTF-8 text, refused before it is read. prepdeck completions and prepdeck man work whatever the file holds.";

/// A config file setting every key (checked by a test to parse).
pub const CONFIG_EXAMPLE: &str = "\
new_per_day = 15
session_limit = 100
color = \"auto\"
editor = \"code --wait\"
mock_minutes = 1.5
mock_questions = 3
daily_minutes = 30";

/// The environment variables prepdeck reads (the config file's and the others), for
/// `--help` and the manual.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "PREPDECK_DB",
        "The database file, as --db gives it (--db wins; an empty value counts as unset). Without either, the platform data folder holds it.",
    ),
    (
        "PREPDECK_NOW",
        "An RFC 3339 time such as 2026-03-01T09:00:00+01:00 that commands take as now: for tests, demos and what-if planning.",
    ),
    (
        CONFIG_ENV,
        "Another config file to read instead of the platform's; it must exist.",
    ),
    (
        "NO_COLOR",
        "When set and not empty, no colour under color auto (a config file's color or --color wins).",
    ),
    (
        "VISUAL, EDITOR",
        "The editor for answers and stories when the config file names none; VISUAL is tried first.",
    ),
    (
        "XDG_DATA_HOME",
        "On Linux, the data folder: the database is $XDG_DATA_HOME/prepdeck/prepdeck.db (~/.local/share when unset).",
    ),
    (
        "XDG_CONFIG_HOME",
        "On Linux, the config folder: the config file is $XDG_CONFIG_HOME/prepdeck/config.toml (~/.config when unset).",
    ),
    (
        "COLUMNS",
        "The width to fit tables to on a terminal, when the terminal does not say.",
    ),
];

/// A flag, else the file, else the built-in value; with where it came from.
fn pick<T: Clone>(flag: Option<(T, &'static str)>, file: Option<&FromFile<T>>, builtin: T) -> (T, Origin) {
    match (flag, file) {
        (Some((value, name)), _) => (value, Origin::Flag(name)),
        (None, Some(found)) => (found.value.clone(), Origin::File(found.line)),
        (None, None) => (builtin, Origin::BuiltIn),
    }
}

fn shown<T: std::fmt::Display>((value, origin): (T, Origin)) -> (String, Origin) {
    (value.to_string(), origin)
}

/// A TOML integer of at least `min`.
fn whole_number(value: &toml::Value, min: usize) -> Result<usize, String> {
    value
        .as_integer()
        .and_then(|n| usize::try_from(n).ok())
        .filter(|n| *n >= min)
        .ok_or_else(|| format!("must be a whole number, {min} or more"))
}

/// Reads a config file's text. `path` is only for the messages.
pub fn parse(text: &str, path: &Path) -> Result<FileSettings> {
    let line_of = |span: Option<Range<usize>>| span.map_or(1, |s| line_at(text, s.start));
    let table: BTreeMap<Spanned<String>, Spanned<toml::Value>> = toml::from_str(text).map_err(|e| Error::Config {
        path: path.to_path_buf(),
        line: line_of(e.span()),
        problem: format!("this is not valid TOML ({})", first_line(e.message())),
    })?;
    let mut file = FileSettings::default();
    for (key, value) in &table {
        let line = line_at(text, key.span().start);
        let fail = |problem: String| Error::Config {
            path: path.to_path_buf(),
            line,
            problem,
        };
        let Some(spec) = KEYS.iter().find(|k| k.name == key.get_ref()) else {
            return Err(fail(unknown_key(key.get_ref())));
        };
        (spec.read)(value.get_ref(), line, &mut file)
            .map_err(|why| fail(format!("{} {why}, not {}", spec.name, value_text(value.get_ref()))))?;
    }
    Ok(file)
}

/// What to say about a key that is not a setting: the nearest setting when the key looks
/// like a typo of it, else every setting.
fn unknown_key(key: &str) -> String {
    let nearest = KEYS
        .iter()
        .map(|k| {
            (
                strsim::jaro_winkler(&k.name.to_lowercase(), &key.to_lowercase()),
                k.name,
            )
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(score, _)| *score >= 0.85);
    if let Some((_, name)) = nearest {
        return format!("\"{key}\" is not a setting; did you mean {name}?");
    }
    let known: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
    format!("\"{key}\" is not a setting; the settings are {}", known.join(", "))
}

/// A value as the user wrote it, for messages (one line, short).
fn value_text(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("\"{s}\""),
        toml::Value::Table(_) => "a table".to_string(),
        toml::Value::Array(_) => "a list".to_string(),
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text).trim()
}

/// The 1-based line of a byte offset.
fn line_at(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(1, |before| before.matches('\n').count() + 1)
}

/// The file read and what it said.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The file's path, whether or not it exists; `None` when no config folder is known.
    pub path: Option<PathBuf>,
    pub exists: bool,
    pub values: FileSettings,
}

/// The config file's path: `PREPDECK_CONFIG` when set, else the platform's config folder
/// (`$XDG_CONFIG_HOME/prepdeck/config.toml` on Linux).
#[must_use]
pub fn path(from_env: Option<PathBuf>) -> Option<(PathBuf, bool)> {
    match from_env.filter(|p| !p.as_os_str().is_empty()) {
        Some(path) => Some((path, true)),
        None => dirs::config_dir().map(|dir| (dir.join("prepdeck").join("config.toml"), false)),
    }
}

/// The most a config file may hold: it has a few settings, so a larger file is something
/// else named by mistake, and is not read into memory.
pub const MAX_CONFIG_BYTES: u64 = 64 * 1024;

/// Reads the config file, if there is one. A file named by `PREPDECK_CONFIG` must exist.
/// A folder, a pipe or a device, a file over [`MAX_CONFIG_BYTES`] and one that is not
/// UTF-8 are refused as unusable config files (exit status 2), before or without reading
/// them whole.
pub fn load(from_env: Option<PathBuf>) -> Result<Loaded> {
    let Some((path, named)) = path(from_env) else {
        return Ok(Loaded::default());
    };
    match read_text(&path) {
        Ok(text) => Ok(Loaded {
            values: parse(&text, &path)?,
            path: Some(path),
            exists: true,
        }),
        Err(Unread::Missing) => {
            if named {
                return Err(Error::ConfigMissing(path));
            }
            Ok(Loaded {
                path: Some(path),
                exists: false,
                values: FileSettings::default(),
            })
        }
        Err(Unread::Unusable(problem)) => Err(Error::ConfigUnusable { path, problem }),
        Err(Unread::Failed(source)) => Err(Error::Read { path, source }),
    }
}

/// Why the config file's text was not read.
enum Unread {
    Missing,
    Unusable(String),
    Failed(std::io::Error),
}

/// The config file's text: checked to be a regular file before it is opened (a pipe
/// would block), and read no further than its bound.
fn read_text(path: &Path) -> std::result::Result<String, Unread> {
    use std::io::Read;
    let failed = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => Unread::Missing,
        _ => Unread::Failed(e),
    };
    let not_a_file = |what: &str| Unread::Unusable(format!("it is {what}, not a file"));
    let meta = std::fs::metadata(path).map_err(failed)?;
    if let Some(what) = crate::file_kind::not_regular(&meta) {
        return Err(not_a_file(what));
    }
    let file = std::fs::File::open(path).map_err(failed)?;
    // Checked again on what was opened: the path may have changed meanwhile.
    if let Some(what) = file.metadata().ok().as_ref().and_then(crate::file_kind::not_regular) {
        return Err(not_a_file(what));
    }
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(Unread::Unusable(format!(
            "it is over {} KB, and a config file holds a few settings",
            MAX_CONFIG_BYTES / 1024
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = line_at(std::str::from_utf8(&e.as_bytes()[..at]).unwrap_or_default(), at);
        Unread::Unusable(format!("line {line} is not UTF-8 text"))
    })
}

/// The settings a command runs with: the file over the built-in defaults, and the
/// global flags over the file. A command's own flags are laid over with the accessors.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub loaded: Loaded,
    color_flag: Option<ColorChoice>,
    /// `VISUAL` or `EDITOR`, whichever is set first, with its name.
    editor_env: Option<(&'static str, String)>,
}

impl Settings {
    #[must_use]
    pub fn new(loaded: Loaded, color_flag: Option<ColorChoice>, editor_env: Option<(&'static str, String)>) -> Self {
        Settings {
            loaded,
            color_flag,
            editor_env,
        }
    }

    /// New cards per deck per day: `--new`, else the file, else 10.
    #[must_use]
    pub fn new_per_day(&self, flag: Option<usize>) -> usize {
        self.new_per_day_from(flag).0
    }

    fn new_per_day_from(&self, flag: Option<usize>) -> (usize, Origin) {
        let flag = flag.map(|n| (n, "--new"));
        pick(flag, self.loaded.values.new_per_day.as_ref(), DEFAULT_NEW_PER_DAY)
    }

    /// The most cards a review shows: `--limit`, else the file, else 200.
    #[must_use]
    pub fn session_limit(&self, flag: Option<usize>) -> usize {
        self.session_limit_from(flag).0
    }

    fn session_limit_from(&self, flag: Option<usize>) -> (usize, Origin) {
        let flag = flag.map(|n| (n, "--limit"));
        pick(flag, self.loaded.values.session_limit.as_ref(), DEFAULT_LIMIT)
    }

    /// Minutes per mock answer: `--minutes`, else the file, else 2.
    #[must_use]
    pub fn mock_minutes(&self, flag: Option<f64>) -> f64 {
        self.mock_minutes_from(flag).0
    }

    fn mock_minutes_from(&self, flag: Option<f64>) -> (f64, Origin) {
        let flag = flag.map(|m| (m, "--minutes"));
        pick(flag, self.loaded.values.mock_minutes.as_ref(), DEFAULT_MINUTES)
    }

    /// Questions per mock: `--questions`, else the file, else 5.
    #[must_use]
    pub fn mock_questions(&self, flag: Option<usize>) -> usize {
        self.mock_questions_from(flag).0
    }

    fn mock_questions_from(&self, flag: Option<usize>) -> (usize, Origin) {
        let flag = flag.map(|n| (n, "--questions"));
        pick(flag, self.loaded.values.mock_questions.as_ref(), DEFAULT_QUESTIONS)
    }

    /// The daily budget in minutes of decks without their own: the file's, or none.
    #[must_use]
    pub fn daily_minutes(&self) -> Option<u32> {
        self.loaded.values.daily_minutes.as_ref().map(|found| found.value)
    }

    /// `--color`, else the file, else auto.
    #[must_use]
    pub fn color_choice(&self) -> (ColorChoice, Origin) {
        let flag = self.color_flag.map(|c| (c, "--color"));
        pick(flag, self.loaded.values.color.as_ref(), ColorChoice::Auto)
    }

    /// The editor to open: the file's, else `$VISUAL`, else `$EDITOR`.
    #[must_use]
    pub fn editor(&self) -> Option<String> {
        self.editor_with_origin().map(|(editor, _)| editor)
    }

    fn editor_with_origin(&self) -> Option<(String, Origin)> {
        match (&self.loaded.values.editor, &self.editor_env) {
            (Some(found), _) => Some((found.value.clone(), Origin::File(found.line))),
            (None, Some((var, editor))) => Some((editor.clone(), Origin::Env(var))),
            (None, None) => None,
        }
    }

    /// Every key with its effective value and where that came from, in [`KEYS`] order.
    #[must_use]
    pub fn effective(&self) -> Vec<(&'static Key, String, Origin)> {
        KEYS.iter()
            .map(|key| {
                let (value, origin) = (key.effective)(self);
                (key, value, origin)
            })
            .collect()
    }
}

/// What `prepdeck config` shows: where the config file and the database are, and each
/// setting in effect with where it comes from.
pub struct Shown {
    /// The file's path (`None` when no config folder is known), and whether it exists.
    pub file: Option<PathBuf>,
    pub file_exists: bool,
    /// The database, and whether `--db` or `PREPDECK_DB` named it.
    pub db: PathBuf,
    pub db_given: bool,
    pub settings: Vec<(&'static Key, String, Origin)>,
    /// `NO_COLOR` turns colour off under `color = "auto"`.
    pub no_color: bool,
}

impl Settings {
    /// What `prepdeck config` shows of these settings, with the database `db`.
    #[must_use]
    pub fn shown(&self, db: &Path, db_given: bool) -> Shown {
        Shown {
            file: self.loaded.path.clone(),
            file_exists: self.loaded.exists,
            db: db.to_path_buf(),
            db_given,
            settings: self.effective(),
            no_color: no_color_asked() && self.color_choice().0 == ColorChoice::Auto,
        }
    }
}

/// `NO_COLOR` is set and not empty (no-color.org).
#[must_use]
pub fn no_color_asked() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// One setting of the config file, as the help and the manual list it.
pub struct SettingHelp {
    pub name: &'static str,
    pub about: &'static str,
    /// What `prepdeck config` shows for it when nothing sets it.
    pub built_in: String,
}

/// Every config file setting with its built-in value, as `prepdeck config` shows them
/// when no file, flag or environment sets them.
#[must_use]
pub fn settings_with_built_ins() -> Vec<SettingHelp> {
    Settings::default()
        .effective()
        .into_iter()
        .map(|(key, value, _)| SettingHelp {
            name: key.name,
            about: key.about,
            built_in: if value == "(none)" { "none".to_string() } else { value },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<FileSettings> {
        parse(text, Path::new("config.toml"))
    }

    fn message(text: &str) -> String {
        parsed(text).unwrap_err().to_string()
    }

    #[test]
    fn every_key_is_read_with_its_line() {
        let file = parsed(
            "# defaults\nnew_per_day = 15\nsession_limit = 80\ncolor = \"never\"\neditor = \"code --wait\"\nmock_minutes = 1.5\nmock_questions = 3\ndaily_minutes = 30\n",
        )
        .unwrap();
        assert_eq!(file.new_per_day, Some(FromFile { value: 15, line: 2 }));
        assert_eq!(file.session_limit, Some(FromFile { value: 80, line: 3 }));
        assert_eq!(
            file.color,
            Some(FromFile {
                value: ColorChoice::Never,
                line: 4
            })
        );
        assert_eq!(file.editor.unwrap().value, "code --wait");
        assert_eq!(file.mock_minutes, Some(FromFile { value: 1.5, line: 6 }));
        assert_eq!(file.mock_questions, Some(FromFile { value: 3, line: 7 }));
        assert_eq!(file.daily_minutes, Some(FromFile { value: 30, line: 8 }));
    }

    #[test]
    fn whole_minutes_are_accepted() {
        let minutes = parsed("mock_minutes = 3").unwrap().mock_minutes.unwrap().value;
        assert!((minutes - 3.0).abs() < f64::EPSILON);
    }

    #[test]
    fn an_empty_file_sets_nothing() {
        assert_eq!(parsed("").unwrap(), FileSettings::default());
    }

    #[test]
    fn an_unknown_key_is_named_with_its_line() {
        assert_eq!(
            message("new_per_day = 5\n\npace = 3\n"),
            "config.toml, line 3: \"pace\" is not a setting; the settings are new_per_day, session_limit, color, editor, mock_minutes, mock_questions, daily_minutes"
        );
    }

    #[test]
    fn a_misspelt_key_gets_the_nearest_setting() {
        assert_eq!(
            message("sesion_limit = 9"),
            "config.toml, line 1: \"sesion_limit\" is not a setting; did you mean session_limit?"
        );
        assert_eq!(
            message("Color = \"never\""),
            "config.toml, line 1: \"Color\" is not a setting; did you mean color?"
        );
    }

    #[test]
    fn a_bad_value_names_the_key_the_line_and_the_value() {
        assert_eq!(
            message("color = \"sometimes\""),
            "config.toml, line 1: color must be \"auto\", \"always\" or \"never\", not \"sometimes\""
        );
        assert_eq!(
            message("\nnew_per_day = -1"),
            "config.toml, line 2: new_per_day must be a whole number, 0 or more, not -1"
        );
        assert_eq!(
            message("session_limit = 0"),
            "config.toml, line 1: session_limit must be a whole number, 1 or more, not 0"
        );
        assert_eq!(
            message("mock_minutes = 90"),
            "config.toml, line 1: mock_minutes must be a number of minutes above 0 and at most 60, not 90"
        );
        assert_eq!(
            message("editor = \"  \""),
            "config.toml, line 1: editor must be the command that opens your editor, such as \"nvim\" or \"code --wait\", not \"  \""
        );
        for bad in ["0", "1441", "2.5", "\"30\""] {
            assert_eq!(
                message(&format!("daily_minutes = {bad}")),
                format!(
                    "config.toml, line 1: daily_minutes must be a whole number of minutes from 1 to 1440, not {bad}"
                )
            );
        }
        assert_eq!(
            message("[mock_questions]\nn = 1"),
            "config.toml, line 1: mock_questions must be a whole number, 1 or more, not a table"
        );
    }

    #[test]
    fn broken_toml_names_its_line() {
        let text = message("new_per_day = 5\nsession_limit 80\n");
        assert!(
            text.starts_with("config.toml, line 2: this is not valid TOML ("),
            "{text}"
        );
        assert_eq!(text.lines().count(), 1, "one line: {text}");
    }

    #[test]
    fn flags_win_over_the_file_and_the_file_over_built_ins() {
        let loaded = Loaded {
            path: None,
            exists: true,
            values: parsed("new_per_day = 4\ncolor = \"always\"\n").unwrap(),
        };
        let settings = Settings::new(loaded, None, None);
        assert_eq!(settings.new_per_day(None), 4);
        assert_eq!(settings.new_per_day(Some(7)), 7);
        assert_eq!(settings.session_limit(None), DEFAULT_LIMIT);
        assert_eq!(settings.color_choice(), (ColorChoice::Always, Origin::File(2)));
        let flagged = Settings::new(settings.loaded.clone(), Some(ColorChoice::Never), None);
        assert_eq!(flagged.color_choice(), (ColorChoice::Never, Origin::Flag("--color")));
    }

    #[test]
    fn the_file_editor_wins_over_the_environment() {
        let env = Some(("EDITOR", "vi".to_string()));
        let none = Settings::new(Loaded::default(), None, env.clone());
        assert_eq!(
            none.editor_with_origin(),
            Some(("vi".to_string(), Origin::Env("EDITOR")))
        );
        let loaded = Loaded {
            path: None,
            exists: true,
            values: parsed("editor = \"nano\"").unwrap(),
        };
        let set = Settings::new(loaded, None, env);
        assert_eq!(set.editor(), Some("nano".to_string()));
    }

    #[test]
    fn every_key_shows_an_effective_value() {
        let settings = Settings::new(Loaded::default(), None, None);
        let shown: Vec<(String, Origin)> = settings.effective().into_iter().map(|(_, v, o)| (v, o)).collect();
        assert_eq!(shown.len(), KEYS.len());
        assert_eq!(shown[0], ("10".to_string(), Origin::BuiltIn));
        assert_eq!(shown[3], ("(none)".to_string(), Origin::BuiltIn));
    }

    #[test]
    fn the_example_sets_every_setting() {
        let settings = Settings::new(
            Loaded {
                path: None,
                exists: true,
                values: parsed(CONFIG_EXAMPLE).unwrap(),
            },
            None,
            None,
        );
        for (key, value, origin) in settings.effective() {
            assert!(
                matches!(origin, Origin::File(_)),
                "{} = {value} is not set by the example",
                key.name
            );
        }
    }

    #[test]
    fn every_setting_has_its_built_in_value() {
        let shown: Vec<(&str, String)> = settings_with_built_ins()
            .into_iter()
            .map(|s| (s.name, s.built_in))
            .collect();
        assert_eq!(shown.len(), KEYS.len());
        assert!(shown.contains(&("new_per_day", "10".to_string())), "{shown:?}");
        assert!(shown.contains(&("session_limit", "200".to_string())), "{shown:?}");
        assert!(shown.contains(&("daily_minutes", "none".to_string())), "{shown:?}");
    }
}

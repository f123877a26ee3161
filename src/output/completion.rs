//! Shell completion: the script each shell sources, and the deck names offered for DECK
//! arguments. On every Tab the shell runs `prepdeck` itself with `PREPDECK_COMPLETE` set
//! (clap_complete's dynamic completion), so deck names come from the database the command
//! would open (`--db`, `PREPDECK_DB`, the platform default), read without creating or
//! changing anything, and a failure offers nothing instead of printing into the shell.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;
use std::sync::OnceLock;

use clap_complete::engine::CompletionCandidate;
use clap_complete::env::{CompleteEnv, Shells};

/// Set by the completion script when it asks for candidates: the shell's name.
pub const COMPLETE_ENV: &str = "PREPDECK_COMPLETE";

/// The shell asking, kept before clap_complete clears its variable (quoting differs).
static ASKING_SHELL: OnceLock<String> = OnceLock::new();

/// Answers a completion request for the command line `command` describes and exits, when
/// the shell is asking for one; returns at once otherwise. Runs before anything is written
/// to standard output.
pub fn answer_if_asked(command: fn() -> clap::Command) {
    let Some(shell) = std::env::var_os(COMPLETE_ENV) else {
        return;
    };
    let _ = ASKING_SHELL.set(shell.to_string_lossy().into_owned());
    CompleteEnv::with_factory(command).var(COMPLETE_ENV).complete();
}

/// The script that registers prepdeck's completion with `shell`, calling prepdeck back as
/// it was called now (`prepdeck` from `PATH`, or a path, made absolute so the script works
/// from any folder).
pub fn script(shell: clap_complete::Shell) -> crate::error::Result<String> {
    registration(shell, &program()).map_err(|e| crate::error::Error::io("cannot write the completion script", e))
}

/// How the script should call prepdeck back: as it was called now.
fn program() -> String {
    let invoked = std::env::args_os()
        .next()
        .map_or_else(|| "prepdeck".into(), PathBuf::from);
    let program = if invoked.components().count() > 1 && invoked.is_relative() {
        std::env::current_dir().map_or(invoked.clone(), |dir| dir.join(&invoked))
    } else {
        invoked
    };
    program.to_string_lossy().into_owned()
}

/// The script that registers prepdeck's completion with `shell`. `program` is how the
/// script calls prepdeck back (as it was invoked, so a binary outside `PATH` works too).
fn registration(shell: clap_complete::Shell, program: &str) -> std::io::Result<String> {
    let name = shell.to_string();
    let shells = Shells::builtins();
    let Some(completer) = shells.completer(&name) else {
        return Err(std::io::Error::other(format!("no completion support for {name}")));
    };
    let mut script = Vec::new();
    if shell == clap_complete::Shell::Bash {
        // clap_complete quotes the program and then wraps it in double quotes: a folder
        // with a space is never found, and `$(…)` in a folder's name runs on every Tab.
        // The program goes in here instead, as one single-quoted word.
        completer.write_registration(COMPLETE_ENV, "prepdeck", "prepdeck", PROGRAM_SLOT, &mut script)?;
        let script = String::from_utf8_lossy(&script);
        let slot = format!("\"{PROGRAM_SLOT}\"");
        if !script.contains(&slot) {
            return Err(std::io::Error::other("the bash completion script has an unknown shape"));
        }
        return Ok(script.replace(&slot, &crate::ui::shell_word(program)));
    }
    completer.write_registration(COMPLETE_ENV, "prepdeck", "prepdeck", program, &mut script)?;
    Ok(String::from_utf8_lossy(&script).into_owned())
}

/// Stands for the program in the bash script until it is put in, quoted.
const PROGRAM_SLOT: &str = "PREPDECK_PROGRAM_SLOT";

/// The DECK completer: deck names starting with what was typed (ignoring case, as deck
/// lookup does), quoted for the shell where it does not quote them itself.
#[must_use]
pub fn complete_deck(current: &OsStr) -> Vec<CompletionCandidate> {
    let words: Vec<OsString> = std::env::args_os().collect();
    let Some(db) = database(words.iter().cloned()) else {
        return Vec::new();
    };
    let names = crate::store::deck_names(&db).unwrap_or_default();
    let shell = ASKING_SHELL.get().map_or("", String::as_str);
    let options_ended = options_ended(&words, current_index());
    matching(&names, &current.to_string_lossy(), shell, options_ended)
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}

/// Which of the command line's words is being completed, when the shell says (bash passes
/// every word, the cursor's index apart; the other shells stop at the cursor).
fn current_index() -> Option<usize> {
    std::env::var("_CLAP_COMPLETE_INDEX").ok()?.parse().ok()
}

/// Whether a `--` before the word being completed ends the options, so a name starting
/// with `-` is read as a name there. `args` are the completer's own: the words follow `--`.
fn options_ended(args: &[OsString], current: Option<usize>) -> bool {
    let words = args.iter().skip_while(|a| *a != "--").skip(1);
    let before = current.unwrap_or_else(|| words.clone().count().saturating_sub(1));
    words.take(before).skip(1).any(|w| w == "--")
}

/// The names that start with `typed` (shell quoting and case aside), as `shell` should
/// insert them. A name starting with `-` would be read as an option: bash and PowerShell,
/// which insert what they are given, get it after a `--` that ends the options; the other
/// shells quote a candidate as one word, so they are offered it once a `--` is typed.
fn matching(names: &[String], typed: &str, shell: &str, options_ended: bool) -> Vec<String> {
    let typed = unquote(typed).to_lowercase();
    let inserts_as_given = matches!(shell, "bash" | "powershell" | "pwsh");
    names
        .iter()
        .filter(|name| name.to_lowercase().starts_with(&typed))
        .filter_map(|name| match (name.starts_with('-'), options_ended) {
            (false, _) | (true, true) => Some(quote(name, shell)),
            (true, false) if inserts_as_given => Some(format!("-- {}", quote(name, shell))),
            (true, false) => None,
        })
        .collect()
}

/// What the user typed so far with shell quoting taken off: `Acme\ Ro` and `"Acme Ro`
/// are both `Acme Ro`.
fn unquote(typed: &str) -> String {
    let mut out = String::with_capacity(typed.len());
    let mut chars = typed.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '"' | '\'' => {}
            c => out.push(c),
        }
    }
    out
}

/// A name as the shell must insert it. Bash and PowerShell insert candidates as they are,
/// so a name with spaces is escaped there; zsh, fish and elvish quote by themselves.
fn quote(name: &str, shell: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_.,+@%/:=".contains(c);
    if name.chars().all(plain) {
        return name.to_string();
    }
    match shell {
        "bash" => name
            .chars()
            .flat_map(|c| if plain(c) { vec![c] } else { vec!['\\', c] })
            .collect(),
        "powershell" | "pwsh" => format!("'{}'", name.replace('\'', "''")),
        _ => name.to_string(),
    }
}

/// The database the command being completed would open: its `--db`, else `PREPDECK_DB`,
/// else the platform default. `args` are the completer's own: the words follow `--`.
fn database(args: impl Iterator<Item = OsString>) -> Option<PathBuf> {
    let words: Vec<OsString> = args.skip_while(|a| a != "--").skip(1).collect();
    let mut given = None;
    for (i, word) in words.iter().enumerate() {
        let text = word.to_string_lossy();
        // After `--`, a word is a name, even one that reads `--db=…`.
        if text == "--" {
            break;
        }
        if text == "--db" {
            given = words.get(i + 1).map(|w| w.to_string_lossy().into_owned());
        } else if let Some(value) = text.strip_prefix("--db=") {
            given = Some(value.to_string());
        }
    }
    match given.filter(|g| !g.is_empty()) {
        Some(path) => Some(expand_home(&path)),
        None => match std::env::var_os("PREPDECK_DB").filter(|v| !v.is_empty()) {
            Some(path) => Some(PathBuf::from(path)),
            None => crate::store::database_path(None, None).ok(),
        },
    }
}

/// `~/x` as the shell would expand it once the command runs (the words arrive unexpanded).
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        ["Acme Robotics", "acme-labs", "Globex"].map(String::from).to_vec()
    }

    #[test]
    fn names_match_by_prefix_ignoring_case() {
        assert_eq!(matching(&names(), "ac", "zsh", false), ["Acme Robotics", "acme-labs"]);
        assert_eq!(matching(&names(), "", "zsh", false).len(), 3);
        assert!(matching(&names(), "x", "zsh", false).is_empty());
    }

    #[test]
    fn bash_gets_names_with_spaces_escaped_and_typed_escapes_are_understood() {
        assert_eq!(matching(&names(), "Acme\\ R", "bash", false), ["Acme\\ Robotics"]);
        assert_eq!(matching(&names(), "\"acme r", "bash", false), ["Acme\\ Robotics"]);
        assert_eq!(matching(&names(), "acme-", "bash", false), ["acme-labs"]);
    }

    #[test]
    fn names_starting_with_a_dash_are_never_inserted_as_options() {
        let names = ["-rf", "--db=/tmp/x", "Acme"].map(String::from).to_vec();
        assert_eq!(
            matching(&names, "", "bash", false),
            ["-- -rf", "-- --db=/tmp/x", "Acme"]
        );
        assert_eq!(matching(&names, "-", "bash", true), ["-rf", "--db=/tmp/x"]);
        assert_eq!(matching(&names, "", "zsh", false), ["Acme"]);
        assert_eq!(matching(&names, "-r", "zsh", true), ["-rf"]);
        let words = |w: &[&str]| w.iter().map(OsString::from).collect::<Vec<_>>();
        let asked = words(&["prepdeck", "--", "prepdeck", "drill", "--", ""]);
        assert!(options_ended(&asked, None));
        assert!(options_ended(&asked, Some(3)));
        assert!(!options_ended(&asked, Some(2)), "the `--` being completed");
        assert!(!options_ended(
            &words(&["prepdeck", "--", "prepdeck", "drill", ""]),
            None
        ));
    }

    #[test]
    fn powershell_gets_names_with_spaces_in_single_quotes() {
        assert_eq!(quote("Bob's Shop", "powershell"), "'Bob''s Shop'");
    }

    #[test]
    fn the_database_is_the_one_the_command_line_names() {
        let args = |words: &[&str]| {
            ["prepdeck", "--"]
                .iter()
                .chain(words)
                .map(OsString::from)
                .collect::<Vec<_>>()
                .into_iter()
        };
        assert_eq!(
            database(args(&["prepdeck", "--db", "/tmp/x.db", "drill", ""])),
            Some(PathBuf::from("/tmp/x.db"))
        );
        assert_eq!(
            database(args(&["prepdeck", "drill", "--db=/tmp/y.db", "a"])),
            Some(PathBuf::from("/tmp/y.db"))
        );
        assert_eq!(
            database(args(&["prepdeck", "--db=/tmp/y.db", "drill", "--", "--db=/tmp/z.db"])),
            Some(PathBuf::from("/tmp/y.db")),
            "a deck named like the option after `--`"
        );
    }
}

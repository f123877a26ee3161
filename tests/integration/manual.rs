//! The manual page renders with the system's `man` (or groff) without a warning. The
//! roff itself is checked in the unit tests of `man_page`, which need no tool.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::util::Sandbox;

/// Runs `program args` with `input` on standard input; `None` when the program is absent.
fn run_with_input(program: &str, args: &[&str], input: &str, env: &[(&str, &str)]) -> Option<(bool, String, String)> {
    let mut child = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    Some((
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

#[test]
fn the_man_page_renders_without_warnings() {
    let page = Sandbox::new().ok(&["man"]);
    let env = [("MANWIDTH", "80"), ("MAN_KEEP_FORMATTING", ""), ("LC_ALL", "C.UTF-8")];
    match run_with_input("man", &["--warnings", "-l", "-"], &page, &env) {
        Some((ok, text, warnings)) => {
            assert!(ok, "man failed: {warnings}");
            assert_eq!(warnings, "", "man warned");
            for heading in [
                "SESSION KEYS",
                "EXIT STATUS",
                "ENVIRONMENT",
                "COMMANDS",
                "CONFIGURATION",
            ] {
                assert!(text.contains(heading), "{heading} missing from:\n{text}");
            }
            assert!(text.contains("prepdeck review"), "{text}");
        }
        None => eprintln!("skipped man -l: no `man` program on this machine"),
    }
    match run_with_input("groff", &["-man", "-ww", "-z"], &page, &[]) {
        Some((ok, _, warnings)) => {
            assert!(ok, "groff failed: {warnings}");
            assert_eq!(warnings, "", "groff warned");
        }
        None => eprintln!("skipped groff -ww: no `groff` program on this machine"),
    }
}

//! Names written into commands the user may copy and paste (suggestions, hints, plans,
//! errors, calendar descriptions): one shell word each, so pasting never runs anything a
//! deck or story name holds.

/// `name` as one word for sh, bash, zsh and fish, quoted only when it needs to be:
/// `Acme`, `'Acme Robotics'`, `'Evil $(touch X)'`, `'Bob'\''s Shop'`. Inside single
/// quotes no shell expands anything; a single quote or a backslash (which fish reads as an
/// escape even there) is written outside them, escaped. Control characters are dropped
/// first, as everywhere text is printed.
#[must_use]
pub fn word(name: &str) -> String {
    let name = crate::profile::text::one_line(name);
    let plain = |c: char| c.is_alphanumeric() || "-_.,/:@+".contains(c);
    if !name.is_empty() && name.chars().all(plain) {
        return name.into_owned();
    }
    let mut out = String::with_capacity(name.len() + 2);
    out.push('\'');
    for c in name.chars() {
        match c {
            '\'' => out.push_str("'\\''"),
            '\\' => out.push_str("'\\\\'"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_single_quoted_only_when_needed() {
        assert_eq!(word("Acme"), "Acme");
        assert_eq!(word("acme-labs_2.0"), "acme-labs_2.0");
        assert_eq!(word("Café"), "Café");
        assert_eq!(word("Acme Robotics"), "'Acme Robotics'");
        assert_eq!(word(""), "''");
        assert_eq!(word("Evil $(touch X)"), "'Evil $(touch X)'");
        assert_eq!(word("a`id`\"b\"!c"), "'a`id`\"b\"!c'");
        assert_eq!(word("Bob's Shop"), "'Bob'\\''s Shop'");
        assert_eq!(word("back\\slash"), "'back'\\\\'slash'");
        assert_eq!(word("~home"), "'~home'");
        assert_eq!(word("=ls"), "'=ls'");
        assert_eq!(word("colour\u{1b}[31m red"), "'colour red'");
    }

    /// What bash makes of the word: the name itself, with nothing run.
    #[test]
    fn bash_reads_each_quoted_name_back_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "Evil $(touch X)",
            "Bob's `touch X` Shop",
            "a\\'b\\\\c'",
            "$HOME; touch X",
            "\"quoted\" & touch X | x",
            "*",
            "!!",
        ] {
            let out = std::process::Command::new("bash")
                .args(["--norc", "-c", &format!("printf '%s' {}", word(name))])
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert_eq!(String::from_utf8(out.stdout).unwrap(), name);
        }
        assert!(!dir.path().join("X").exists(), "nothing was run");
    }
}

//! The manual page, prepdeck(1), in roff: generated from the same clap definitions as
//! `--help` (clap_mangen), with every command's options, and the reference sections
//! (session keys, configuration, environment, exit status) from the very tables `--help`
//! and `prepdeck config` show, so the page and the help cannot disagree.

use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};

use crate::config::{CONFIG_EXAMPLE, CONFIG_FILE, ENVIRONMENT, settings_with_built_ins};
use crate::error::EXIT_STATUSES;
use crate::ui::prompt::{KEYS_AT_THE_BACK, KEYS_AT_THE_FRONT, LINE_EDITING, MOCK_KEYS};

/// The whole page for the command line `command_line` (prepdeck's, from `cli`).
#[must_use]
pub fn render(command_line: clap::Command) -> String {
    let top = command_line.subcommand_value_name("COMMAND");
    let man = Man::new(top.clone());
    // The global options are hidden from every command's help (described once below the
    // top-level help instead); the page lists them under OPTIONS.
    let with_globals = Man::new(
        top.clone()
            .mut_arg("db", |a| a.hide(false))
            .mut_arg("color", |a| a.hide(false)),
    );
    // Written here: clap_mangen leaves the date out unquoted, which shifts the fields.
    let mut page = format!(
        ".TH PREPDECK 1 \"\" \"prepdeck {}\" \"User Commands\"\n",
        env!("CARGO_PKG_VERSION")
    );
    for part in [
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
    ] {
        page.push_str(&rendered(&man, part));
    }
    page.push_str(&rendered(&with_globals, Man::render_options_section));
    page.push_str(&commands(&top));
    page.push_str(&extra_sections());
    page.push_str(&rendered(&man, Man::render_version_section));
    once_each_definition(&page)
}

/// Each rendered part starts by defining the apostrophe string (`.ie`/`.el`); once is
/// enough.
fn once_each_definition(page: &str) -> String {
    let mut seen = std::collections::HashSet::new();
    let mut out = String::with_capacity(page.len());
    for line in page.lines() {
        let definition = line.starts_with(".ie ") || line.starts_with(".el ");
        if !definition || seen.insert(line) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

type Part = fn(&Man, &mut dyn std::io::Write) -> std::io::Result<()>;

/// One part of clap_mangen's page as text (writing to memory cannot fail).
fn rendered(man: &Man, part: Part) -> String {
    let mut buf = Vec::new();
    let _ = part(man, &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// clap_mangen's part without its `.SH` heading, to sit under a subsection.
fn body(man: &Man, part: Part) -> String {
    let mut text = String::new();
    for line in rendered(man, part).lines().filter(|l| !l.starts_with(".SH")) {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// COMMANDS: each command's synopsis, description and options, as `prepdeck CMD --help`
/// would give them.
fn commands(top: &clap::Command) -> String {
    let mut out = Roff::new().control("SH", ["COMMANDS"]).render();
    for command in top.get_subcommands().filter(|c| !c.is_hide_set()) {
        let name = format!("prepdeck {}", command.get_name());
        let man = Man::new(command.clone().bin_name(&name).disable_help_flag(true));
        out.push_str(&Roff::new().control("SS", [name.as_str()]).render());
        out.push_str(&body(&man, Man::render_synopsis_section));
        out.push_str(&Roff::new().control("PP", []).render());
        out.push_str(&body(&man, Man::render_description_section));
        if command.get_arguments().any(|a| !a.is_hide_set()) {
            out.push_str(&body(&man, Man::render_options_section));
        }
    }
    out
}

/// SESSION KEYS, CONFIGURATION, ENVIRONMENT, FILES, EXIT STATUS and EXAMPLES.
fn extra_sections() -> String {
    let mut roff = Roff::new();
    // Short names (keys) in a column as wide as the widest, so that none runs into its
    // text; longer ones (variables) above their text, at the usual indent.
    let listed = |roff: &mut Roff, entries: &[(&str, &str)]| {
        let widest = entries.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
        let indent = format!("{}n", if widest <= 12 { (widest + 2).max(7) } else { 7 });
        for (name, text) in entries {
            roff.control("TP", [indent.as_str()])
                .text([bold(*name)])
                .text([roman(*text)]);
        }
    };

    roff.control("SH", ["SESSION KEYS"]).text([roman(
        "In review and drill, the card's front is shown first; at either prompt type one of these and Enter.",
    )]);
    roff.control("SS", ["At a card's front"]);
    listed(&mut roff, KEYS_AT_THE_FRONT);
    roff.control("SS", ["Once the back is shown"]);
    listed(&mut roff, KEYS_AT_THE_BACK);
    roff.control("SS", ["Typing, and mock interviews"]);
    roff.text([roman(LINE_EDITING)]);
    roff.control("PP", []).text([roman(MOCK_KEYS)]);

    roff.control("SH", ["CONFIGURATION"]).text([roman(CONFIG_FILE)]);
    roff.control("PP", []).text([roman("The settings:")]);
    for setting in settings_with_built_ins() {
        roff.control("TP", [])
            .text([bold(setting.name)])
            .text([roman(format!("{}; built-in: {}", setting.about, setting.built_in))]);
    }
    roff.control("PP", []).text([roman("For example:")]);
    roff.control("nf", []).control("RS", []);
    for line in CONFIG_EXAMPLE.lines() {
        roff.text([roman(line)]);
    }
    roff.control("RE", []).control("fi", []);

    roff.control("SH", ["ENVIRONMENT"]);
    listed(&mut roff, ENVIRONMENT);

    roff.control("SH", ["FILES"]);
    for (path, what) in [
        (
            "~/.local/share/prepdeck/prepdeck.db",
            "The database on Linux (SQLite). Before an upgrade changes its schema, a copy is kept beside it as prepdeck.db.vN.bak.",
        ),
        ("~/.config/prepdeck/config.toml", "The config file on Linux."),
    ] {
        roff.control("TP", []).text([italic(path)]).text([roman(what)]);
    }

    roff.control("SH", ["EXIT STATUS"])
        .text([roman("Errors are one sentence on standard error.")]);
    listed(&mut roff, EXIT_STATUSES);

    roff.control("SH", ["EXAMPLES"]);
    for (command, does) in [
        ("prepdeck import decks/", "Import the sample profiles."),
        ("prepdeck interview acme 2026-03-10", "Set the interview date."),
        ("prepdeck review", "Today's session."),
        (
            "prepdeck plan acme --format ics -o acme.ics",
            "The days to the interview, for your calendar.",
        ),
        (
            "source <(prepdeck completions bash)",
            "Complete commands and deck names in bash.",
        ),
    ] {
        roff.control("TP", []).text([bold(command)]).text([roman(does)]);
    }
    roff.render()
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    fn page() -> String {
        render(Cli::command())
    }

    /// The macros a man(7) page may use; anything else would be a typo or a groff-only
    /// request that `man` warns about.
    const MAN_MACROS: [&str; 16] = [
        "TH", "SH", "SS", "PP", "TP", "IP", "RS", "RE", "br", "nf", "fi", "B", "I", "sp", "ie", "el",
    ];

    #[test]
    fn every_request_is_a_known_man_macro() {
        let page = page();
        for line in page.lines().filter(|l| l.starts_with('.') || l.starts_with('\'')) {
            let name = line[1..].split_whitespace().next().unwrap_or("");
            assert!(MAN_MACROS.contains(&name), "unknown request {line:?}");
        }
    }

    #[test]
    fn the_page_has_each_section_once_in_order() {
        let page = page();
        let sections: Vec<&str> = page
            .lines()
            .filter_map(|l| l.strip_prefix(".SH "))
            .map(|s| s.trim_matches('"'))
            .collect();
        assert_eq!(
            sections,
            [
                "NAME",
                "SYNOPSIS",
                "DESCRIPTION",
                "OPTIONS",
                "COMMANDS",
                "SESSION KEYS",
                "CONFIGURATION",
                "ENVIRONMENT",
                "FILES",
                "EXIT STATUS",
                "EXAMPLES",
                "VERSION"
            ]
        );
        assert!(page.starts_with(".TH PREPDECK 1 \"\" \"prepdeck "), "{}", &page[..40]);
        assert_eq!(page.matches(".ds Aq").count(), 2, "the apostrophe is defined once");
    }

    #[test]
    fn every_command_has_a_subsection_with_its_options() {
        let page = page();
        for command in Cli::command().get_subcommands() {
            let heading = format!(".SS \"prepdeck {}\"", command.get_name());
            assert!(page.contains(&heading), "no {heading}");
        }
        assert!(page.contains("\\-\\-limit"), "review's --limit is listed");
        let options = &page[page.find(".SH OPTIONS").unwrap()..page.find(".SH COMMANDS").unwrap()];
        for global in ["\\fB\\-\\-db\\fR", "\\fB\\-\\-color\\fR", "\\-\\-help", "\\-\\-version"] {
            assert!(options.contains(global), "OPTIONS lacks {global}: {options}");
        }
        assert!(page.contains("\\-\\-all\\-decks"), "plan's --all-decks is listed");
    }

    #[test]
    fn session_keys_exit_statuses_and_environment_are_there() {
        let page = page();
        for needle in [
            "again, hard, good, easy",
            "Esc, Ctrl\\-C",
            "PREPDECK_DB",
            "PREPDECK_NOW",
            "NO_COLOR",
            "VISUAL, EDITOR",
            "Misuse",
        ] {
            assert!(page.contains(needle), "missing {needle:?}");
        }
    }
}

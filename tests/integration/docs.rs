//! What the documentation says agrees with what the program knows: the manual holds every
//! session key, setting, environment variable and exit status that `--help` and `prepdeck
//! config` show (and no other), and the README's command table names every command.

use clap::CommandFactory;

use crate::util::Sandbox;

/// The manual's roff as plain text: requests dropped, escapes resolved, whitespace folded,
/// one string per `.SH` section (keyed by its heading), each `.TP` entry starting a line.
fn man_sections(roff: &str) -> Vec<(String, String)> {
    let mut sections: Vec<(String, String)> = Vec::new();
    for line in roff.lines() {
        if let Some(heading) = line.strip_prefix(".SH ") {
            sections.push((heading.trim_matches('"').to_string(), String::new()));
            continue;
        }
        let Some((_, text)) = sections.last_mut() else { continue };
        if line.starts_with(".TP") {
            text.push_str("\n.TP ");
        } else if !line.starts_with('.') {
            let plain = line
                .replace("\\fB", "")
                .replace("\\fR", "")
                .replace("\\fI", "")
                .replace("\\-", "-")
                .replace("\\*(Aq", "'")
                .replace("\\(aq", "'")
                .replace("\\&", "")
                .replace("\\e", "\\");
            text.push_str(&plain);
            text.push(' ');
        }
    }
    sections
        .into_iter()
        .map(|(heading, text)| {
            let folded = text.lines().map(fold).collect::<Vec<_>>().join("\n");
            (heading, folded)
        })
        .collect()
}

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn section<'a>(sections: &'a [(String, String)], heading: &str) -> &'a str {
    sections.iter().find(|(h, _)| h == heading).map_or_else(
        || panic!("the manual has no {heading} section"),
        |(_, text)| text.as_str(),
    )
}

/// How many entries (`.TP`) a section of the manual lists.
fn entries_in(section: &str) -> usize {
    section.lines().filter(|l| l.starts_with(".TP ")).count()
}

/// The entries of the list under a help heading (a line starting with `heading`): each
/// name, and its text with whitespace folded, until the blank line that ends the list.
fn help_list(help: &str, heading: &str) -> Vec<(String, String)> {
    let mut lines = help.lines().skip_while(|l| !l.starts_with(heading));
    assert!(lines.next().is_some(), "no {heading:?} in:\n{help}");
    let mut entries: Vec<(String, String)> = Vec::new();
    for line in lines.take_while(|l| !l.trim().is_empty()) {
        let starts_entry = line.starts_with("  ") && !line[2..].starts_with(' ');
        if starts_entry {
            let rest = &line[2..];
            let (name, text) = rest.split_once("  ").unwrap_or((rest, ""));
            entries.push((name.to_string(), text.to_string()));
        } else {
            let (_, text) = entries.last_mut().expect("an entry before its continuation");
            text.push(' ');
            text.push_str(line.trim());
        }
    }
    entries.into_iter().map(|(name, text)| (name, fold(&text))).collect()
}

/// The paragraph of help text starting with `opening`, folded.
fn help_paragraph(help: &str, opening: &str) -> String {
    let start = help
        .find(opening)
        .unwrap_or_else(|| panic!("no {opening:?} in:\n{help}"));
    let paragraph = help[start..].split("\n\n").next().unwrap();
    fold(paragraph)
}

#[test]
fn the_manual_holds_the_keys_settings_environment_and_exit_statuses_help_and_config_show() {
    let sandbox = Sandbox::new();
    let page = man_sections(&sandbox.ok(&["man"]));

    // Session keys, from both interactive commands' help.
    let keys = section(&page, "SESSION KEYS");
    for command in ["review", "drill"] {
        let help = sandbox.ok_at(80, &["help", command]);
        let front = help_list(&help, "Keys at a card's front:");
        let back = help_list(&help, "Keys once the back is shown:");
        assert!(front.len() >= 6 && back.len() >= 4, "{front:?} {back:?}");
        for (name, text) in front.iter().chain(&back) {
            let entry = format!(".TP {name} {text}");
            assert!(
                keys.contains(&entry),
                "the manual lacks {entry:?} from {command}'s help:\n{keys}"
            );
        }
        assert_eq!(entries_in(keys), front.len() + back.len(), "{keys}");
        let typing = help_paragraph(&help, "Typing at a prompt:");
        assert!(keys.contains(&typing), "the manual lacks {typing:?}:\n{keys}");
    }
    let mock = help_paragraph(&sandbox.ok_at(80, &["help", "mock"]), "In a mock,");
    assert!(keys.contains(&mock), "the manual lacks {mock:?}:\n{keys}");

    // Settings: what `config` shows with no file, and what its help says.
    let configuration = section(&page, "CONFIGURATION");
    let shown = sandbox.ok_at(200, &["config"]);
    let rows: Vec<Vec<&str>> = shown
        .lines()
        .skip_while(|l| !l.starts_with("SETTING"))
        .skip(1)
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
        })
        // The table ends where a line is not a row (a note on NO_COLOR follows it).
        .take_while(|row| row.len() == 4)
        .collect();
    assert!(rows.len() >= 7, "{shown}");
    for row in &rows {
        let [name, value, from, about] = row[..] else {
            panic!("a row of four columns: {row:?}")
        };
        assert_eq!(from, "built-in", "{row:?}");
        let built_in = if value == "(none)" { "none" } else { value };
        let entry = format!(".TP {name} {about}; built-in: {built_in}");
        assert!(
            configuration.contains(&entry),
            "the manual lacks {entry:?}:\n{configuration}"
        );
    }
    assert_eq!(entries_in(configuration), rows.len(), "{configuration}");
    let config_help = sandbox.ok_at(80, &["help", "config"]);
    let listed = help_list(&config_help, "Settings:");
    assert_eq!(listed.len(), rows.len(), "{config_help}");
    for (name, text) in &listed {
        let entry = format!(".TP {name} {}", text.replace(" built-in: ", "; built-in: "));
        assert!(
            configuration.contains(&entry),
            "the manual lacks {entry:?}:\n{configuration}"
        );
    }
    let rules = help_paragraph(&config_help, "Defaults set once");
    assert!(
        configuration.contains(&rules),
        "the manual lacks {rules:?}:\n{configuration}"
    );
    let example = config_help.split("Example config.toml:\n").nth(1).expect("an example");
    for line in example.lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            configuration.contains(line.trim()),
            "the manual's example lacks {line:?}"
        );
    }

    // Environment and exit statuses, from the top-level help.
    let top = sandbox.ok_at(80, &["help"]);
    for (heading, help_heading) in [("ENVIRONMENT", "Environment:"), ("EXIT STATUS", "Exit status")] {
        let text = section(&page, heading);
        let listed = help_list(&top, help_heading);
        assert!(listed.len() >= 3, "{listed:?}");
        for (name, does) in &listed {
            let entry = format!(".TP {name} {does}");
            assert!(text.contains(&entry), "the manual's {heading} lacks {entry:?}:\n{text}");
        }
        assert_eq!(entries_in(text), listed.len(), "{heading}: {text}");
    }
    let exit_codes: Vec<String> = help_list(&top, "Exit status")
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    assert_eq!(exit_codes, ["0", "1", "2"]);
}

/// The README's command table: its rows' first cells.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = readme
        .split("## Commands")
        .nth(1)
        .expect("a Commands section")
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|row| {
            row.split(" | ")
                .next()
                .unwrap()
                .trim_start_matches('|')
                .trim()
                .to_string()
        })
        .collect::<Vec<_>>();
    assert!(!table.is_empty(), "no command table");
    table
}

#[test]
fn the_readme_command_table_names_every_command() {
    let rows = readme_commands();
    // A row names its commands in code spans: `import PATH...`, `tag TAG CARD...` / `untag …`.
    let named: Vec<String> = rows
        .iter()
        .flat_map(|cell| {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(|code| code.split_whitespace().next().unwrap_or("").to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let cli = prepdeck::cli::Cli::command();
    for command in cli.get_subcommands().filter(|c| !c.is_hide_set()) {
        let name = command.get_name();
        assert!(
            named.iter().any(|n| n == name),
            "the README's command table has no row for `{name}`: {named:?}"
        );
        // A command with commands of its own lists each in its row: `story new|list|…`.
        let subcommands: Vec<&str> = command.get_subcommands().map(clap::Command::get_name).collect();
        if !subcommands.is_empty() {
            let row = rows
                .iter()
                .find(|cell| cell.contains(&format!("`{name} ")))
                .expect("its row");
            for sub in subcommands {
                assert!(
                    row.split(['`', ' ', '|', '\\']).any(|word| word == sub),
                    "the README's `{name}` row lacks {sub}: {row}"
                );
            }
        }
    }
}

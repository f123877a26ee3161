//! `plan --format ics`: the file reads back through an independent iCalendar parser (the
//! `ical` crate) unchanged, follows RFC 5545's rules for what every event carries, and
//! keeps each event's UID when it is exported again: the next day, after a rename, and
//! from a database restored from a backup.

use std::collections::BTreeSet;
use std::io::BufReader;

use ical::parser::ical::component::{IcalCalendar, IcalEvent};
use serde_json::Value;

use crate::util::Sandbox;

const ACME: &str = "# Company Profile: Acme Robotics
## Potential Questions to Prepare For
- Why robots?
- How do you test a gripper?
- What breaks first in a warehouse?
- Tell me about a failure.
";

const GLOBEX: &str = "# Company Profile: Globex
## Common Questions
- Why globes?
- Biggest map you made?
";

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    let a = sandbox.write("acme.md", ACME);
    let g = sandbox.write("globex.md", GLOBEX);
    sandbox.ok(&["import", &a, &g]);
    sandbox.ok(&["interview", "acme", "+5"]);
    sandbox
}

/// Parses the text with the `ical` crate and checks RFC 5545's structural rules.
fn parse(text: &str) -> IcalCalendar {
    assert!(text.ends_with("END:VCALENDAR\r\n"), "CRLF line ends: {text:?}");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "content lines are folded at 75 octets: {line:?}");
        assert!(!line.contains('\n'), "no bare line feeds: {line:?}");
    }
    let mut calendars: Vec<IcalCalendar> = ical::IcalParser::new(BufReader::new(text.as_bytes()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("the parser refused the file: {e}\n{text}"));
    assert_eq!(calendars.len(), 1);
    let calendar = calendars.remove(0);
    for name in ["VERSION", "PRODID"] {
        assert_eq!(count(&calendar.properties, name), 1, "VCALENDAR needs one {name}");
    }
    for event in &calendar.events {
        for name in ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"] {
            assert_eq!(count(&event.properties, name), 1, "one {name} in {event:?}");
        }
        let start = property(event, "DTSTART");
        let end = property(event, "DTEND");
        assert!(
            start
                .params
                .as_ref()
                .unwrap()
                .contains(&("VALUE".to_string(), vec!["DATE".to_string()]))
        );
        assert!(end.value > start.value, "an all-day event ends the next day");
    }
    calendar
}

fn count(properties: &[ical::property::Property], name: &str) -> usize {
    properties.iter().filter(|p| p.name == name).count()
}

fn property<'a>(event: &'a IcalEvent, name: &str) -> &'a ical::property::Property {
    event.properties.iter().find(|p| p.name == name).unwrap()
}

fn value(event: &IcalEvent, name: &str) -> String {
    property(event, name).value.clone().unwrap_or_default()
}

fn uids(calendar: &IcalCalendar) -> BTreeSet<String> {
    let all: Vec<String> = calendar.events.iter().map(|e| value(e, "UID")).collect();
    let unique: BTreeSet<String> = all.iter().cloned().collect();
    assert_eq!(unique.len(), all.len(), "UIDs are unique: {all:?}");
    unique
}

fn export(sandbox: &Sandbox, args: &[&str]) -> IcalCalendar {
    let mut full = vec!["plan"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--format", "ics", "-o", "prep.ics"]);
    let out = sandbox.run(&full);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "prepdeck: wrote the plan to prep.ics\n"
    );
    parse(&std::fs::read_to_string(sandbox.dir.path().join("prep.ics")).unwrap())
}

#[test]
fn the_plan_reads_back_as_all_day_events_with_the_days_counts() {
    let sandbox = sandbox();
    let calendar = export(&sandbox, &["acme"]);
    let plan: Value = sandbox.json(&["plan", "acme", "--json"]);
    let days = plan["days"].as_array().unwrap();
    assert_eq!(days.len(), 6, "today through the interview");
    let studied: Vec<&Value> = days
        .iter()
        .filter(|d| d["reviews"].as_u64().unwrap() + d["new"].as_u64().unwrap() > 0)
        .collect();
    assert!(studied.len() < days.len(), "the plan has a day without study: {days:?}");
    assert_eq!(
        calendar.events.len(),
        1 + studied.len(),
        "the interview and every day with study, none for a day without"
    );

    let interview = &calendar.events[0];
    assert_eq!(value(interview, "SUMMARY"), "Interview: Acme Robotics");
    assert_eq!(value(interview, "DTSTART"), "20260306");
    assert_eq!(value(interview, "DTEND"), "20260307");
    assert_eq!(
        value(interview, "DTSTAMP"),
        "20260301T080000Z",
        "the command's clock, in UTC"
    );

    for (day, event) in studied.iter().zip(&calendar.events[1..]) {
        let date = day["day"].as_str().unwrap().replace('-', "");
        let (reviews, new) = (day["reviews"].as_u64().unwrap(), day["new"].as_u64().unwrap());
        assert_eq!(value(event, "DTSTART"), date);
        assert!(value(event, "UID").starts_with(&format!("study-{date}-")), "{event:?}");
        let description = value(event, "DESCRIPTION");
        assert!(
            description.starts_with(&format!("Reviews: {reviews}\\nNew cards: {new}\\n")),
            "{description}"
        );
        assert_eq!(
            value(event, "SUMMARY"),
            format!(
                "Acme Robotics: study {} cards ({reviews} reviews\\, {new} new)",
                reviews + new
            )
        );
        assert!(event.properties.iter().all(|p| p.name != "STATUS"), "{event:?}");
    }
    let text = sandbox.ok(&["plan", "acme", "--format", "ics"]);
    assert_eq!(
        text,
        std::fs::read_to_string(sandbox.dir.path().join("prep.ics")).unwrap(),
        "standard output gets the same file"
    );
}

#[test]
fn exporting_again_keeps_every_uid() {
    let mut sandbox = sandbox();
    let first = uids(&export(&sandbox, &["acme"]));
    assert_eq!(first, uids(&export(&sandbox, &["acme"])), "the same day: the same UIDs");

    // A day later, after some reviews: yesterday's session is gone, the others stay.
    for id in sandbox.active_ids().iter().take(3) {
        sandbox.ok(&["grade", id, "good"]);
    }
    sandbox.on("2026-03-02");
    let next = uids(&export(&sandbox, &["acme"]));
    assert!(first.iter().any(|uid| uid.starts_with("study-20260301-")), "{first:?}");
    assert!(
        !next.iter().any(|uid| uid.starts_with("study-20260301-")),
        "the past day is gone: {next:?}"
    );
    // A day studied in both plans keeps its event's UID (only days that gained or lost
    // study differ), and so does the interview.
    let kept: Vec<&String> = first.intersection(&next).collect();
    assert!(kept.iter().any(|uid| uid.starts_with("interview-")), "{kept:?}");
    assert!(kept.len() >= 2, "{first:?} → {next:?}");
    for uid in next.difference(&first) {
        let day = &uid["study-".len().."study-".len() + 8];
        assert!(!first.iter().any(|f| f.contains(day)), "{uid} had another UID before");
    }

    // A renamed deck is the same deck.
    sandbox.ok(&["rename", "acme", "Acme Robotics Inc"]);
    assert_eq!(next, uids(&export(&sandbox, &["acme"])));
}

#[test]
fn a_restored_database_exports_the_same_uids() {
    let sandbox = sandbox();
    let before = uids(&export(&sandbox, &["acme"]));
    sandbox.ok(&["export", "--all-decks", "--format", "json", "-o", "backup.json"]);

    let restored = Sandbox::new();
    // Another deck first, so the restored rows get other ids than they had.
    let other = restored.write("other.md", "# Company Profile: Zeta\n## Common Questions\n- Why?\n");
    restored.ok(&["import", &other]);
    let backup = sandbox.dir.path().join("backup.json");
    restored.ok(&["import", &backup.to_string_lossy()]);
    assert_ne!(
        sandbox.json(&["cards", "acme", "--json"])[0]["id"],
        restored.json(&["cards", "acme", "--json"])[0]["id"],
        "the restore gave the cards new row ids"
    );
    assert_eq!(before, uids(&export(&restored, &["acme"])));
}

#[test]
fn all_decks_plans_every_deck_with_an_interview_ahead() {
    let sandbox = sandbox();
    let acme_only = uids(&export(&sandbox, &["--all-decks"]));
    assert_eq!(
        acme_only,
        uids(&export(&sandbox, &["acme"])),
        "Globex has no interview yet"
    );

    sandbox.ok(&["interview", "globex", "+2"]);
    let calendar = export(&sandbox, &["--all-decks"]);
    let both = uids(&calendar);
    let globex_days = sandbox.json(&["plan", "globex", "--json"])["days"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["reviews"].as_u64().unwrap() + d["new"].as_u64().unwrap() > 0)
        .count();
    assert_eq!(
        both.len(),
        acme_only.len() + 1 + globex_days,
        "Globex adds its interview and its days with study"
    );
    assert!(acme_only.is_subset(&both));
    let summaries: Vec<String> = calendar.events.iter().map(|e| value(e, "SUMMARY")).collect();
    assert!(summaries.contains(&"Interview: Globex".to_string()), "{summaries:?}");

    let text = sandbox.ok(&["plan", "--all-decks"]);
    assert!(text.starts_with("Globex: 2 active cards (2 new), interview"), "{text}");
    assert!(text.contains("\nAcme Robotics: 4 active cards (4 new)"), "{text}");
    let json = sandbox.json(&["plan", "--all-decks", "--json"]);
    assert_eq!(json.as_array().unwrap().len(), 2);
}

#[test]
fn all_decks_without_any_interview_is_refused() {
    let sandbox = Sandbox::new();
    let g = sandbox.write("globex.md", GLOBEX);
    sandbox.ok(&["import", &g]);
    let err = sandbox.fails(&["plan", "--all-decks", "--format", "ics", "-o", "prep.ics"], 1);
    assert_eq!(
        err,
        "prepdeck: no deck has an interview date ahead; set one first: prepdeck interview DECK YYYY-MM-DD\n"
    );
    assert!(!sandbox.dir.path().join("prep.ics").exists());
    let err = sandbox.fails(&["plan"], 2);
    assert!(err.contains("required arguments were not provided"), "{err}");
}

#[test]
fn every_line_is_at_most_75_octets_whatever_the_names_length() {
    let sandbox = Sandbox::new();
    // Names of every length over two folds, in one- and many-byte characters: some end a
    // content line exactly where a fold would fall.
    let mut paths = Vec::new();
    for length in 1..=40 {
        for (tag, filler) in [("a", "x"), ("u", "é"), ("e", "😀")] {
            let name = format!("Acme{}", filler.repeat(length));
            paths.push(sandbox.write(
                &format!("{tag}{length}.md"),
                format!("# Company Profile: {name}\n## Common Questions\n- Why?\n"),
            ));
        }
    }
    let mut args = vec!["import"];
    args.extend(paths.iter().map(String::as_str));
    sandbox.ok(&args);
    for deck in sandbox.json(&["decks", "--json"]).as_array().unwrap() {
        sandbox.ok(&["interview", deck["name"].as_str().unwrap(), "+3"]);
    }
    let calendar = export(&sandbox, &["--all-decks"]);
    // An interview and the two days of study of each deck's one card (no event for a day
    // without study).
    assert_eq!(
        calendar.events.len(),
        120 * 3,
        "an interview and two study days per deck"
    );
    let summaries: BTreeSet<String> = calendar.events.iter().map(|e| value(e, "SUMMARY")).collect();
    assert!(summaries.contains(&format!("Interview: Acme{}", "😀".repeat(40))));
}

#[test]
fn calendar_descriptions_quote_deck_names_for_the_shell() {
    let sandbox = Sandbox::new();
    let evil = sandbox.write(
        "evil.md",
        "# Company Profile: Evil $(touch X); Bob's\n## Common Questions\n- Why?\n",
    );
    sandbox.ok(&["import", &evil]);
    sandbox.ok(&["interview", "evil", "+2"]);
    let calendar = export(&sandbox, &["evil"]);
    // As written in the file: the semicolon and backslash escaped for iCalendar.
    let quoted = "'Evil $(touch X)\\; Bob'\\\\''s'";
    assert_eq!(
        value(&calendar.events[0], "DESCRIPTION"),
        format!("The interview for your prepdeck deck Evil $(touch X)\\; Bob's. A last drill: prepdeck drill {quoted}")
    );
    assert!(value(&calendar.events[1], "DESCRIPTION").contains(&format!("Start with: prepdeck review {quoted}\\n")));
}

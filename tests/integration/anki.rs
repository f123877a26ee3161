//! Other tools' files: Anki packages made by the Anki library itself (checked card by card
//! against what Anki's API said they hold, `tests/fixtures/anki/expected.json`),
//! spreadsheets and Anki's plain-text export.

use std::collections::HashMap;

use serde_json::Value;

use crate::util::{Sandbox, fixtures};

fn anki_fixture(name: &str) -> String {
    fixtures().join("anki").join(name).display().to_string()
}

fn expected() -> Value {
    let text = std::fs::read_to_string(fixtures().join("anki/expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A sandbox whose clock is the fixtures' last day (UTC, as they were made).
fn sandbox(day: &str) -> Sandbox {
    let mut sandbox = Sandbox::new();
    sandbox.now = format!("{day}T12:00:00+00:00");
    sandbox
}

/// Every card, suspended and retired ones too, by guid.
fn cards_by_guid(sandbox: &Sandbox) -> HashMap<String, Value> {
    let cards = sandbox.json(&["cards", "--all", "--json"]);
    cards
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["guid"].as_str().unwrap().to_string(), c.clone()))
        .collect()
}

/// Every card's logged reviews, by guid, from a JSON backup.
fn logs_by_guid(sandbox: &Sandbox) -> HashMap<String, Vec<Value>> {
    let out = sandbox.dir.path().join("backup.json");
    sandbox.ok(&["export", "--all-decks", "--format", "json", "-o", out.to_str().unwrap()]);
    let backup: Value = serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    let mut logs = HashMap::new();
    for deck in backup["decks"].as_array().unwrap() {
        for card in deck["cards"].as_array().unwrap() {
            logs.insert(
                card["guid"].as_str().unwrap().to_string(),
                card["reviews"].as_array().unwrap().clone(),
            );
        }
    }
    logs
}

/// The card of a note that carries its schedule: the first one studied.
fn scheduled_card(note: &Value) -> &Value {
    let cards = note["cards"].as_array().unwrap();
    cards.iter().find(|c| c["type"] != 0).unwrap_or(&cards[0])
}

/// The day Anki counts a moment (milliseconds, UTC) in: its day starts at 04:00.
fn anki_day(millis: i64) -> String {
    chrono::DateTime::from_timestamp_millis(millis - 4 * 3600 * 1000)
        .unwrap()
        .date_naive()
        .to_string()
}

/// Checks every note of `notes` against the imported cards and their logs.
fn check_notes(notes: &[Value], cards: &HashMap<String, Value>, logs: &HashMap<String, Vec<Value>>) {
    for note in notes {
        let guid = note["guid"].as_str().unwrap();
        let card = cards.get(guid).unwrap_or_else(|| panic!("note {guid} became no card"));
        let anki = scheduled_card(note);
        assert_eq!(card["deck"], anki["deck"], "{guid}: deck");
        assert_eq!(card["kind"], "question");
        let mut tags: Vec<String> = note["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_lowercase())
            .collect();
        tags.sort();
        let mine: Vec<String> = card["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_lowercase())
            .collect();
        assert_eq!(mine, tags, "{guid}: tags");
        assert_eq!(card["state"] == "suspended", anki["queue"] == -1, "{guid}: suspended");
        let grades: Vec<&Value> = anki["revlog"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["ease"] != 0 && r["type"] != 4 && r["type"] != 5)
            .collect();
        let log = &logs[guid];
        assert_eq!(log.len(), grades.len(), "{guid}: every grade is in the log");
        assert_eq!(card["reviews"], grades.len(), "{guid}: review count");
        for (row, grade) in log.iter().zip(&grades) {
            let at = chrono::DateTime::parse_from_rfc3339(row["reviewed_at"].as_str().unwrap()).unwrap();
            assert_eq!(at.timestamp_millis(), grade["id"].as_i64().unwrap(), "{guid}: moment");
            let expected_grade = match grade["ease"].as_i64().unwrap() {
                1 => 1,
                2 => 3,
                3 => 4,
                _ => 5,
            };
            assert_eq!(row["grade"], expected_grade, "{guid}: grade");
            assert_eq!(row["origin"], "anki");
            assert_eq!(
                row["review_day"],
                anki_day(grade["id"].as_i64().unwrap()),
                "{guid}: day"
            );
            assert_eq!(row["duration_ms"], grade["time"], "{guid}: time taken");
        }
        if anki["type"] == 0 {
            assert_eq!(card["last_reviewed"], Value::Null, "{guid}: new in Anki, new here");
            continue;
        }
        let factor = anki["factor"].as_f64().unwrap();
        let ease = if factor > 0.0 { factor / 1000.0 } else { 2.5 };
        assert!((card["ease"].as_f64().unwrap() - ease).abs() < 1e-9, "{guid}: ease");
        assert_eq!(card["lapses"], anki["lapses"], "{guid}: lapses");
        let due = if anki["queue"] == 1 {
            anki_day(anki["due_at"].as_i64().unwrap() * 1000)
        } else {
            anki["due_date"].as_str().unwrap().to_string()
        };
        assert_eq!(card["due"], due, "{guid}: due");
        let last = anki_day(grades.last().unwrap()["id"].as_i64().unwrap());
        assert_eq!(card["last_reviewed"], last, "{guid}: last review");
        // The interval shown is the days from the last review to the due date: Anki's own
        // interval for a card in review, the step's days for one still learning.
        let day = |text: &str| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        let interval = if anki["type"] == 2 {
            anki["ivl"].as_i64().unwrap()
        } else {
            (day(&due) - day(&last)).num_days()
        };
        assert_eq!(card["interval"], interval, "{guid}: interval");
    }
}

#[test]
fn every_anki_note_and_schedule_is_carried_card_by_card_in_each_format() {
    let expected = expected();
    let notes = expected["notes"].as_array().unwrap();
    for package in ["collection.apkg", "legacy.apkg", "collection.colpkg", "legacy.colpkg"] {
        let sandbox = sandbox(expected["today"].as_str().unwrap());
        let report = sandbox.ok(&["import", &anki_fixture(package)]);
        let format = if package.starts_with("legacy") {
            "legacy"
        } else {
            "current"
        };
        assert!(
            report.contains(&format!("({format} format): 10 notes in 4 decks")),
            "{report}"
        );
        assert!(report.contains("1 media file skipped"), "{report}");
        let cards = cards_by_guid(&sandbox);
        assert_eq!(cards.len(), notes.len(), "{package}: one card per note");
        check_notes(notes, &cards, &logs_by_guid(&sandbox));
        let check = sandbox.ok(&["check"]);
        assert!(check.contains("schedules agree with the review log"), "{check}");
    }
}

#[test]
fn notes_read_as_text_fronts_backs_cloze_and_fields() {
    let sandbox = sandbox("2026-03-10");
    sandbox.ok(&["import", &anki_fixture("collection.apkg")]);
    let cards = cards_by_guid(&sandbox);
    let side = |guid: &str, key: &str| cards[guid][key].as_str().unwrap().to_string();
    assert_eq!(side("btree00001", "front"), "What is a B-tree?");
    assert_eq!(
        side("btree00001", "back"),
        "A balanced search tree whose nodes hold many keys.\nDatabases & file systems use it."
    );
    assert_eq!(
        side("cap0000001", "back"),
        "- Consistency\n- Availability\n- Partition tolerance"
    );
    assert_eq!(side("cloze00001", "front"), "The [...] language reached 1.0 in [year].");
    assert_eq!(
        side("cloze00001", "back"),
        "The Rust language reached 1.0 in 2015.\n\nStable since then."
    );
    assert_eq!(side("nested0001", "front"), "[...] nested, then [...].");
    assert_eq!(
        side("concept001", "back"),
        "Definition: Doing it twice has the effect of doing it once.\n\nExample: PUT /users/1"
    );
    assert_eq!(side("diagram001", "front"), "Which diagram is this?");
}

#[test]
fn a_later_package_updates_cards_in_place_keeps_answers_and_never_duplicates() {
    let expected = expected();
    let mut sandbox = sandbox(expected["today"].as_str().unwrap());
    sandbox.ok(&["import", &anki_fixture("collection.apkg")]);
    let before = cards_by_guid(&sandbox);
    let btree = before["btree00001"]["id"].to_string();
    sandbox.ok(&["answer", &btree, "--text", "My own words on B-trees"]);

    sandbox.now = format!("{}T12:00:00+00:00", expected["later_today"].as_str().unwrap());
    let dry = sandbox.ok(&["import", "--dry-run", &anki_fixture("later.apkg")]);
    assert!(dry.contains("1 added") && dry.contains("1 retired"), "{dry}");
    assert!(dry.contains("What is a write-ahead log?"), "{dry}");
    let report = sandbox.ok(&["import", &anki_fixture("later.apkg")]);
    assert!(report.contains("1 added") && report.contains("1 changed"), "{report}");

    let after = cards_by_guid(&sandbox);
    assert_eq!(after.len(), before.len() + 1, "one new note, none duplicated");
    for (guid, card) in &before {
        assert_eq!(after[guid]["id"], card["id"], "{guid} keeps its card");
    }
    assert_eq!(after["whyco00001"]["state"], "retired", "a note gone from the package");
    assert_eq!(after["btree00001"]["answer"], "My own words on B-trees");
    assert_eq!(
        after["btree00001"]["back"].as_str().unwrap().lines().next().unwrap(),
        "A balanced search tree with many keys per node; databases use it."
    );
    let later: Vec<Value> = expected["later"]["notes"].as_array().unwrap().clone();
    check_notes(&later, &after, &logs_by_guid(&sandbox));

    // The same package again: nothing changes, no review is added twice.
    let again = sandbox.ok(&["import", &anki_fixture("later.apkg")]);
    assert!(
        again.contains("10 unchanged") && !again.contains("logged review"),
        "{again}"
    );
    check_notes(&later, &cards_by_guid(&sandbox), &logs_by_guid(&sandbox));
    assert!(sandbox.ok(&["check"]).contains("schedules agree with the review log"));
}

#[test]
fn grades_given_here_and_in_anki_make_one_log_in_the_order_given() {
    let expected = expected();
    let mut sandbox = sandbox(expected["today"].as_str().unwrap());
    sandbox.ok(&["import", &anki_fixture("collection.apkg")]);
    let cards = cards_by_guid(&sandbox);
    let cap = cards["cap0000001"]["id"].to_string();
    // Graded here the day before Anki's later grades of the same card.
    sandbox.now = format!("{}T08:00:00+00:00", expected["today"].as_str().unwrap());
    sandbox.ok(&["grade", &cap, "good"]);
    sandbox.now = format!("{}T12:00:00+00:00", expected["later_today"].as_str().unwrap());
    sandbox.ok(&["import", &anki_fixture("later.apkg")]);
    let log = &logs_by_guid(&sandbox)["cap0000001"];
    let moments: Vec<i64> = log
        .iter()
        .map(|r| {
            chrono::DateTime::parse_from_rfc3339(r["reviewed_at"].as_str().unwrap())
                .unwrap()
                .timestamp_millis()
        })
        .collect();
    let mut sorted = moments.clone();
    sorted.sort_unstable();
    assert_eq!(moments, sorted, "the log is in the order grades were given");
    assert_eq!(log.iter().filter(|r| r["origin"] == "grade").count(), 1);
    let anki_card = scheduled_card(
        expected["later"]["notes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["guid"] == "cap0000001")
            .unwrap(),
    );
    let card = &cards_by_guid(&sandbox)["cap0000001"];
    assert_eq!(
        card["interval"], anki_card["ivl"],
        "Anki's grade is the latest: its schedule"
    );
    assert!(sandbox.ok(&["check"]).contains("schedules agree with the review log"));
}

#[test]
fn anki_plain_text_export_is_the_same_cards_as_its_package() {
    let sandbox = sandbox("2026-03-10");
    let report = sandbox.ok(&["import", &anki_fixture("notes.txt")]);
    assert!(
        report.contains("Anki notes in plain text: 10 notes in 4 decks"),
        "{report}"
    );
    let from_text = cards_by_guid(&sandbox);
    assert_eq!(from_text["btree00001"]["deck"], "Interview::Systems");
    assert_eq!(
        from_text["cloze00001"]["front"],
        "The [...] language reached 1.0 in [year]."
    );
    assert_eq!(
        from_text["btree00001"]["tags"],
        serde_json::json!(["databases", "systems"])
    );
    // The package of the same notes finds them by their GUIDs.
    let report = sandbox.ok(&["import", &anki_fixture("collection.apkg")]);
    assert!(!report.contains("added"), "{report}");
    assert_eq!(cards_by_guid(&sandbox).len(), from_text.len());
}

#[test]
fn spreadsheets_with_a_header_or_two_columns_come_in_whole() {
    let sandbox = sandbox("2026-03-10");
    let csv = sandbox.write(
        "prep.csv",
        "\u{feff}Question,Answer,Tags,Deck\r\n\"Why us, and why now?\",\"Two lines:\r\n\"\"quoted\"\" too\",\"culture, why\",Acme\r\nWhat is DNS?,Names to addresses,net,\r\n",
    );
    let dry = sandbox.ok(&["import", "--dry-run", &csv]);
    assert!(dry.contains("CSV with a header: 2 notes in 1 deck"), "{dry}");
    let json = sandbox.json(&["import", "--json", &csv]);
    assert_eq!(json["files"][0]["format"], "csv");
    assert!(
        json["files"][0]["read_as"]
            .as_str()
            .unwrap()
            .starts_with("CSV with a header")
    );
    let cards = sandbox.json(&["cards", "--json"]);
    let card = |front: &str| {
        cards
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["front"] == front)
            .unwrap()
            .clone()
    };
    let why = card("Why us, and why now?");
    assert_eq!(why["back"], "Two lines:\n\"quoted\" too");
    assert_eq!(why["deck"], "Acme");
    assert_eq!(why["tags"], serde_json::json!(["culture", "why"]));
    assert_eq!(card("What is DNS?")["deck"], "prep", "no deck named: the file's name");

    let tsv = sandbox.write("pairs.tsv", "What is TCP?\tStreams\nWhat is UDP?\tDatagrams\n");
    let report = sandbox.ok(&["import", &tsv]);
    assert!(
        report.contains("TSV with two columns and no header: 2 notes"),
        "{report}"
    );
    let plain = sandbox.write("plain.csv", "Question,Answer\nWhy?,Because\n");
    assert!(sandbox.ok(&["import", &plain]).contains("1 added"));
}

#[test]
fn broken_packages_and_sheets_are_refused_and_change_nothing() {
    let sandbox = sandbox("2026-03-10");
    sandbox.ok(&["import", &anki_fixture("collection.apkg")]);
    let before = sandbox.json(&["cards", "--all", "--json"]);
    let corrupt = sandbox.write(
        "corrupt.apkg",
        b"PK\x03\x04 this is not really a zip archive".as_slice(),
    );
    let message = sandbox.fails(&["import", &corrupt], 1);
    assert!(
        message.contains("cannot import this Anki package: not a readable zip archive"),
        "{message}"
    );
    let mut truncated = std::fs::read(fixtures().join("anki/collection.apkg")).unwrap();
    truncated.truncate(truncated.len() / 2);
    let half = sandbox.write("half.apkg", truncated);
    assert!(
        sandbox
            .fails(&["import", &half], 1)
            .contains("cannot import this Anki package")
    );
    let binary = sandbox.write("zero.csv", vec![0u8; 4096]);
    assert!(sandbox.fails(&["import", &binary], 1).contains("binary"));
    let bad_header = sandbox.write("bad.txt", "#separator:Weird\nx\ty\n");
    let message = sandbox.fails(&["import", &bad_header], 1);
    assert!(
        message.contains("cannot import this Anki text export: line 1"),
        "{message}"
    );
    assert_eq!(sandbox.json(&["cards", "--all", "--json"]), before);
}

//! Export and interop: JSON backups that round-trip, CSV that parses back, Anki text that
//! keeps hostile text intact, and the printable prep sheet.

use serde_json::Value;

use crate::util::Sandbox;

const PROFILE: &str = "# Company Profile: Rowan & Co
## Potential Questions to Prepare For
- How do you handle \\<b\\>bold\\</b\\> claims & \"quotes\"?
- Why Rowan?
  - [founding story](https://example.com/rowan)
## Key Talking Points
- Led the R&D team
## Questions to Ask Interviewer
- to the team:
  - What's the on-call load?
## Skills-to-Requirements Mapping
| Your Skill | Their Requirement | Talking Point |
|---|---|---|
| Go | Backend services | Ran 40 of them |
## Keywords to Emphasize
- Ledgers
- Auditability
## Company Mission and Values
- Core values:
  - Count twice
";

/// A deck with history: grades over three days, an answer with tabs, quotes and lines.
fn with_history() -> Sandbox {
    let mut s = Sandbox::new();
    let path = s.write("rowan.md", PROFILE);
    s.ok(&["import", &path]);
    s.ok(&["interview", "rowan", "2026-03-20"]);
    let bold = s.id_of("bold");
    let why = s.id_of("Why Rowan?");
    s.ok(&["grade", &bold, "4"]);
    s.ok(&["grade", &why, "1"]);
    s.on("2026-03-02");
    s.ok(&["grade", &bold, "5"]);
    s.ok(&["grade", &why, "3"]);
    s.ok(&[
        "answer",
        &bold,
        "--text",
        "Say \"it depends\"\tthen <measure> & show\nthe data.",
    ]);
    s.ok(&["suspend", &s.id_of("Backend services")]);
    s
}

/// A backup document without the moment it was written and the machine that wrote it.
fn backup_of(s: &Sandbox) -> Value {
    let mut doc: Value = serde_json::from_str(&s.ok(&["export", "--all-decks", "--format", "json"])).unwrap();
    doc.as_object_mut().unwrap().remove("exported_at");
    doc.as_object_mut().unwrap().remove("machine");
    doc
}

#[test]
fn a_json_backup_restores_cards_schedule_and_history_identically() {
    let original = with_history();
    let file = original.dir.path().join("backup.json");
    original.ok(&["export", "rowan", "--format", "json", "-o", file.to_str().unwrap()]);
    let restored = Sandbox::new();
    let report = restored.json(&["import", file.to_str().unwrap(), "--json"]);
    assert_eq!(report["files"][0]["added"].as_array().unwrap().len(), 5);
    assert_eq!(
        backup_of(&restored),
        backup_of(&original),
        "every field and every logged review"
    );
    let strip_ids = |cards: Vec<Value>| -> Vec<Value> {
        cards
            .into_iter()
            .map(|mut c| {
                c.as_object_mut().unwrap().remove("id");
                c
            })
            .collect()
    };
    assert_eq!(strip_ids(restored.all_cards()), strip_ids(original.all_cards()));
    assert_eq!(restored.json(&["decks", "--json"])[0]["interview"], "2026-03-20");
    // Restoring again duplicates nothing.
    let again = restored.json(&["import", file.to_str().unwrap(), "--json"]);
    assert_eq!(again["files"][0]["added"].as_array().unwrap().len(), 0);
    assert_eq!(again["files"][0]["unchanged"], 5);
    assert_eq!(restored.all_cards().len(), 5);
    assert_eq!(backup_of(&restored), backup_of(&original));
}

#[test]
fn bad_backups_are_refused_without_writing() {
    let s = with_history();
    let before = backup_of(&s);
    let broken = s.write(
        "broken.json",
        "{\"format\": \"prepdeck-backup\", \"version\": 1, \"decks\": [",
    );
    let err = s.fails(&["import", &broken], 1);
    assert!(
        err.starts_with(&format!("prepdeck: {broken}: not a prepdeck backup (invalid JSON: ")),
        "{err}"
    );
    let mut doc = backup_of(&s);
    doc["exported_at"] = Value::from("2026-03-02T09:00:00+01:00");
    doc["version"] = Value::from(8);
    let future = s.write("future.json", doc.to_string());
    let err = s.fails(&["import", &future], 1);
    assert!(
        err.contains("it is version 8 of the backup format; this prepdeck reads up to 6"),
        "{err}"
    );
    doc["version"] = Value::from(1);
    doc["decks"][0]["cards"][0]["reviews"][0]["grade"] = Value::from(9);
    doc["decks"][0]["name"] = Value::from("Elsewhere");
    let bad_grade = s.write("bad-grade.json", doc.to_string());
    let err = s.fails(&["import", &bad_grade], 1);
    assert!(err.contains("grade 9 is not 0-5"), "{err}");
    assert!(!err.contains("invalid JSON"), "the JSON is well formed: {err}");
    assert_eq!(backup_of(&s), before);
}

#[test]
fn csv_parses_back_to_the_same_rows() {
    let s = with_history();
    let text = s.ok(&["export", "rowan", "--format", "csv", "--all"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, prepdeck::output::export::CSV_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cards = s.all_cards();
    assert_eq!(rows.len(), cards.len());
    for (row, card) in rows.iter().zip(&cards) {
        let field = |name: &str| {
            row.get(header.iter().position(|h| h == name).unwrap())
                .unwrap()
                .to_string()
        };
        assert_eq!(field("id"), card["id"].to_string());
        for name in [
            "guid", "deck", "kind", "section", "front", "back", "answer", "context", "state",
        ] {
            assert_eq!(field(name), card[name].as_str().unwrap(), "{name}");
        }
        assert_eq!(field("ease"), card["ease"].to_string());
        assert_eq!(field("interval"), card["interval"].to_string());
        assert_eq!(field("reviews"), card["reviews"].to_string());
        assert_eq!(field("due"), card["due"].as_str().unwrap_or(""));
    }
}

#[test]
fn a_csv_export_carries_its_tags_and_imports_back_with_them() {
    let s = with_history();
    let bold = s.id_of("bold");
    s.ok(&["tag", "system-design", &bold]);
    s.ok(&["tag", "warm-up", &bold]);
    let text = s.ok(&["export", "rowan", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let tags_column = reader.headers().unwrap().iter().position(|h| h == "tags").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let tagged: Vec<&str> = rows
        .iter()
        .map(|row| &row[tags_column])
        .filter(|tags| !tags.is_empty())
        .collect();
    assert_eq!(tagged, ["system-design warm-up"]);

    let other = Sandbox::new();
    let path = other.write("rowan.csv", &text);
    other.ok(&["import", &path]);
    let cards = other.all_cards();
    let tagged: Vec<&Value> = cards.iter().filter(|c| c["tags"] != serde_json::json!([])).collect();
    assert_eq!(tagged.len(), 1, "{tagged:?}");
    assert_eq!(tagged[0]["tags"], serde_json::json!(["system-design", "warm-up"]));
    let original = s
        .all_cards()
        .into_iter()
        .find(|c| c["id"] == bold.parse::<u64>().unwrap())
        .unwrap();
    assert_eq!(tagged[0]["back"], original["back"], "{:?}", tagged[0]);
    assert_eq!(cards.len(), rows.len());
}

#[test]
fn anki_text_keeps_hostile_text_intact() {
    let s = with_history();
    let text = s.ok(&["export", "rowan", "--format", "anki"]);
    let (headers, body): (Vec<&str>, Vec<&str>) = text.lines().partition(|l| l.starts_with('#'));
    assert_eq!(
        headers,
        vec![
            "#separator:tab",
            "#html:true",
            "#notetype:Basic",
            "#deck column:1",
            "#guid column:2",
            "#tags column:5",
            "#columns:Deck\tGUID\tFront\tBack\tTags"
        ]
    );
    // Read the body the way Anki does: tab-separated, fields optionally in double quotes.
    let body = body.join("\n");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .from_reader(body.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4, "suspended cards stay out unless --all");
    for row in &rows {
        assert_eq!(row.len(), 5);
        assert_eq!(&row[0], "prepdeck::Rowan & Co");
        assert!(row[1].starts_with("prepdeck-"));
    }
    let bold = rows.iter().find(|r| r[2].contains("bold")).unwrap();
    assert_eq!(
        &bold[2],
        "How do you handle &lt;b&gt;bold&lt;/b&gt; claims &amp; \"quotes\"?"
    );
    assert_eq!(
        &bold[3],
        "Say \"it depends\"\tthen &lt;measure&gt; &amp; show<br>the data."
    );
    assert_eq!(&bold[4], "prepdeck question");
    let why = rows.iter().find(|r| r[2] == *"Why Rowan?").unwrap();
    assert_eq!(
        &why[3], "<i>founding story (https://example.com/rowan)</i>",
        "a back with no answer starts with what there is, not with blank lines"
    );
    let talking = rows.iter().find(|r| r[4].ends_with("talking-point")).unwrap();
    assert_eq!(&talking[3], "Led the R&amp;D team");
    // The same card keeps its GUID from one export to the next.
    let again = s.ok(&["export", "rowan", "--format", "anki"]);
    assert_eq!(again, text);
}

#[test]
fn the_prep_sheet_keeps_document_order_every_note_and_the_documents_keywords() {
    let s = with_history();
    s.ok(&["answer", &s.id_of("R&D team"), "--text", "say how many engineers"]);
    s.ok(&[
        "answer",
        &s.id_of("Backend services"),
        "--text",
        "mention the 40 services",
    ]);
    let sheet = s.ok(&["export", "rowan", "--format", "md"]);
    assert!(
        sheet.starts_with("# Rowan & Co — interview prep sheet\n\nInterview: **Friday 20 March 2026** (in 18 days)"),
        "{sheet}"
    );
    assert!(
        sheet.contains("\n## Keywords to Emphasize\n\nLedgers · Auditability\n"),
        "{sheet}"
    );
    assert!(
        sheet.contains("\n## Company Mission and Values\n\n- Core values:\n  - Count twice\n"),
        "{sheet}"
    );
    // Document order and numbers, whatever the cards' strength: the answered question
    // in full, the other in a compact list, marked weak.
    assert!(
        sheet.contains(
            "### 1. How do you handle \\<b\\>bold\\</b\\> claims & \"quotes\"?\n\nSay \"it depends\"\tthen \\<measure\\> & show  \nthe data.\n"
        ),
        "{sheet}"
    );
    assert!(
        sheet.contains("### No answer prepared yet (1)\n\n2\\. Why Rowan? **(weak)**\n"),
        "{sheet}"
    );
    assert!(!sheet.contains("_No prepared answer yet._"), "{sheet}");
    assert!(
        sheet.contains("- Led the R&D team\n  - say how many engineers\n"),
        "notes on talking points are printed: {sheet}"
    );
    assert!(
        sheet.contains("**to the team**\n\n- What's the on-call load?"),
        "{sheet}"
    );
    assert!(
        !sheet.contains("Backend services"),
        "the suspended skill card stays off the sheet without --all"
    );
    let all = s.ok(&["export", "rowan", "--format", "md", "--all"]);
    assert!(
        all.contains("| Their requirement | Your skill and talking point | Your notes |\n|---|---|---|\n| Backend services _(suspended)_ | Go — Ran 40 of them | mention the 40 services |"),
        "{all}"
    );
    // Suspending the first question leaves the second its number.
    s.ok(&["suspend", &s.id_of("bold")]);
    let sheet = s.ok(&["export", "rowan", "--format", "md"]);
    assert!(sheet.contains("\n2\\. Why Rowan? **(weak)**\n"), "{sheet}");
    assert!(!sheet.contains("### 1."), "{sheet}");
    let err = s.fails(&["export", "nobody", "--format", "md"], 1);
    assert!(err.contains("no deck matches \"nobody\""), "{err}");
}

#[test]
fn the_users_own_headings_print_as_headings_in_the_prep_sheet() {
    let s = with_history();
    s.ok(&[
        "answer",
        &s.id_of("Why Rowan?"),
        "--text",
        "# Situation\nWe rewrote the C# ledger.\n## Result\nNo cent lost.",
    ]);
    let sheet = s.ok(&["export", "rowan", "--format", "md"]);
    assert!(
        sheet.contains(
            "### 2. Why Rowan? **(weak)**\n\n#### Situation\n\nWe rewrote the C# ledger.\n\n#### Result\n\nNo cent lost.\n"
        ),
        "{sheet}"
    );
    assert!(!sheet.contains("\\#"), "{sheet}");
}

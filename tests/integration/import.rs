//! Import: every profile shape yields its expected cards, and re-imports lose nothing.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{Sandbox, fixtures, item_text};

/// Text as the expectations compare it: case-insensitively, quotes of every style alike
/// (a document's HTML copy may lend its capitals and straight quotes to an item).
fn folded(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

/// Checks every `profiles/NAME` against `expected/NAME.json` in `dir`: the deck name, the
/// texts (or count) of each kind, and strings that must appear nowhere.
fn check_conformance(dir: &Path) {
    let expected_dir = dir.join("expected");
    let mut checked = 0;
    for entry in std::fs::read_dir(&expected_dir).expect("expected/ folder") {
        let expected_path = entry.unwrap().path();
        let name = expected_path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .trim_end_matches(".json")
            .to_string();
        let expected: Value = serde_json::from_str(&std::fs::read_to_string(&expected_path).unwrap()).unwrap();
        let sandbox = Sandbox::new();
        let profile = sandbox.write(&name, std::fs::read(dir.join("profiles").join(&name)).unwrap());
        let report = sandbox.json(&["import", &profile, "--json"]);
        assert_eq!(report["files"][0]["deck"], expected["deck"], "{name}: deck name");
        let cards = sandbox.all_cards();
        let optional: Vec<String> = expected["cards"]["question_optional"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
            .unwrap_or_default();
        for (kind, want) in expected["cards"].as_object().unwrap() {
            if kind.ends_with("_optional") {
                continue;
            }
            let got: Vec<String> = cards
                .iter()
                .filter(|c| c["kind"] == kind.as_str())
                .map(|c| folded(&item_text(c)))
                .collect();
            match want {
                Value::Number(n) => assert_eq!(
                    got.len() as u64,
                    n.as_u64().unwrap(),
                    "{name}: number of {kind} cards: {got:?}"
                ),
                Value::Array(texts) => {
                    let want: Vec<String> = texts.iter().map(|t| folded(t.as_str().unwrap())).collect();
                    let extra: Vec<&String> = got
                        .iter()
                        .filter(|g| {
                            let allowed_optional =
                                kind == "question" && optional.iter().any(|o| g.contains(&folded(o)));
                            !want.contains(g) && !allowed_optional
                        })
                        .collect();
                    assert!(extra.is_empty(), "{name}: unexpected {kind} cards {extra:?}");
                    for text in &want {
                        assert!(got.contains(text), "{name}: missing {kind} card {text:?}; got {got:?}");
                    }
                }
                other => panic!("{name}: unreadable expectation {other}"),
            }
        }
        let everything = serde_json::to_string(&cards).unwrap();
        let shown = sandbox.ok(&["cards", "--all"]);
        for never in expected["never"].as_array().into_iter().flatten() {
            let never = never.as_str().unwrap();
            for card in &cards {
                for field in ["front", "back", "section", "context"] {
                    assert!(
                        !card[field].as_str().unwrap().contains(never),
                        "{name}: {never:?} in {card}"
                    );
                }
            }
            assert!(!shown.contains(never), "{name}: {never:?} printed by `cards`");
        }
        assert!(!everything.is_empty());
        checked += 1;
    }
    assert!(checked > 0, "no expectations found in {}", expected_dir.display());
}

#[test]
fn every_fixture_profile_yields_exactly_its_expected_cards() {
    check_conformance(&fixtures());
}

/// Set `PREPDECK_CONFORMANCE_DIR` to a folder with `profiles/` and `expected/` to run the
/// same check on other profiles (CI points it at the shared fixtures).
#[test]
fn profiles_named_by_the_environment_yield_their_expected_cards() {
    if let Ok(dir) = std::env::var("PREPDECK_CONFORMANCE_DIR") {
        check_conformance(Path::new(&dir));
    } else {
        // Without the variable the project's own fixtures stand in, so the check always runs.
        check_conformance(&fixtures());
    }
}

#[test]
fn importing_a_folder_reports_each_file_and_notes_encoding_repairs() {
    let sandbox = Sandbox::new();
    let folder = fixtures().join("profiles");
    let out = sandbox.ok(&["import", folder.to_str().unwrap()]);
    assert!(
        out.contains("into Crème Brûlée Studio (new deck, named from the title): 3 added"),
        "{out}"
    );
    assert!(
        out.contains("note: not UTF-8: decoded as Latin-1 (Windows-1252)"),
        "{out}"
    );
    assert!(
        out.contains("note: repaired mis-decoded characters (mojibake)"),
        "{out}"
    );
    assert!(
        out.contains("4 files into 4 decks: 28 added, 0 changed, 0 restored, 0 retired, 0 unchanged"),
        "{out}"
    );
    let decks = sandbox.json(&["decks", "--json"]);
    let names: Vec<&str> = decks
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec![
            "Crème Brûlée Studio",
            "Kelp Analytics",
            "Quarry Systems",
            "Tessera Maps"
        ]
    );
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let sandbox = Sandbox::new();
    let profile = sandbox.fixture("quarry-systems.md");
    sandbox.ok(&["import", &profile]);
    let before = sandbox.all_cards();
    let second = sandbox.json(&["import", &profile, "--json"]);
    assert_eq!(second["files"][0]["unchanged"], 11);
    assert_eq!(second["files"][0]["added"].as_array().unwrap().len(), 0);
    assert_eq!(sandbox.all_cards(), before);
}

const PROFILE_V1: &str = "# Company Profile: Juniper Rail

## Interview Preparation
### Potential Questions to Prepare For
- \"Tell me about a production incident you owned from detection to postmortem.\"
- \"Why do you want to work on trains?\"
- \"How would you model a timetable change?\"

### Questions to Ask Interviewer
- \"How big is the platform team?\"
";

const PROFILE_V2: &str = "# Company Profile: Juniper Rail

## Interview Preparation
### Potential Questions to Prepare For
- \"Tell me about a production incident that you owned from detection to the postmortem.\"
- \"How would you model a timetable change?\"
- \"What would you automate first in our depots?\"

### Questions to Ask Interviewer
- \"How big is the platform team?\"
";

#[test]
fn reimports_keep_history_answers_and_retire_what_is_gone() {
    let mut sandbox = Sandbox::new();
    let path = sandbox.write("juniper.md", PROFILE_V1);
    sandbox.ok(&["import", &path]);
    let incident = sandbox.id_of("production incident you owned");
    let trains = sandbox.id_of("work on trains");
    sandbox.ok(&["grade", &incident, "4"]);
    sandbox.ok(&["grade", &trains, "5"]);
    sandbox.on("2026-03-02");
    sandbox.ok(&["grade", &incident, "5"]);
    sandbox.ok(&[
        "answer",
        &incident,
        "--text",
        "The 2024 ledger outage: paged at 3am, fixed by 5.",
    ]);

    // The edited document: one question reworded, one removed, one added.
    std::fs::write(&path, PROFILE_V2).unwrap();
    let dry = sandbox.ok(&["import", &path, "--dry-run"]);
    assert!(
        dry.contains("would import into Juniper Rail: 1 added, 1 changed, 1 retired, 2 unchanged"),
        "{dry}"
    );
    assert!(
        dry.contains("+ question      What would you automate first in our depots?"),
        "{dry}"
    );
    assert!(
        dry.contains("~ question      Tell me about a production incident that you owned"),
        "{dry}"
    );
    assert!(
        dry.contains("- question      Why do you want to work on trains?"),
        "{dry}"
    );
    assert_eq!(sandbox.all_cards().len(), 4, "a dry run writes nothing");

    sandbox.ok(&["import", &path]);
    let edited = sandbox.card_with("production incident that you owned");
    assert_eq!(
        edited["id"].as_i64().unwrap().to_string(),
        incident,
        "the lightly edited item keeps its card"
    );
    assert_eq!(edited["reviews"], 2);
    assert_eq!(edited["interval"], 6);
    assert_eq!(edited["back"], "The 2024 ledger outage: paged at 3am, fixed by 5.");
    let retired = sandbox.card_with("work on trains");
    assert_eq!(retired["state"], "retired");
    assert_eq!(retired["reviews"], 1, "a retired card keeps its history");
    let active = sandbox.json(&["cards", "--json"]);
    assert_eq!(active.as_array().unwrap().len(), 4);
    assert!(!serde_json::to_string(&active).unwrap().contains("work on trains"));
    assert_eq!(sandbox.card_with("automate first")["state"], "new");

    // Importing the same version again changes nothing; the first version brings the
    // retired card back with its history, and the answer survives every round.
    let again = sandbox.json(&["import", &path, "--json"]);
    assert_eq!(again["files"][0]["unchanged"], 4);
    std::fs::write(&path, PROFILE_V1).unwrap();
    let back = sandbox.json(&["import", &path, "--json"]);
    assert_eq!(back["files"][0]["restored"].as_array().unwrap().len(), 1);
    assert_eq!(sandbox.card_with("work on trains")["state"], "learning");
    assert_eq!(sandbox.card_with("work on trains")["reviews"], 1);
    assert_eq!(
        sandbox.card_with("production incident you owned")["back"],
        "The 2024 ledger outage: paged at 3am, fixed by 5."
    );
    assert_eq!(sandbox.card_with("automate first")["state"], "retired");
}

#[test]
fn the_deck_flag_wins_and_deck_names_resolve_by_case_and_prefix() {
    let sandbox = Sandbox::new();
    let quarry = sandbox.fixture("quarry-systems.md");
    let kelp = sandbox.fixture("kelp-analytics.html");
    sandbox.ok(&["import", &quarry, "--deck", "Target Co"]);
    sandbox.ok(&["import", &kelp]);
    let cards = sandbox.json(&["cards", "target", "--json"]);
    assert_eq!(cards.as_array().unwrap().len(), 11);
    assert!(cards.as_array().unwrap().iter().all(|c| c["deck"] == "Target Co"));
    assert_eq!(
        sandbox
            .json(&["cards", "KELP ANALYTICS", "--json"])
            .as_array()
            .unwrap()
            .len(),
        5
    );
    let err = sandbox.fails(&["cards", "kelpp"], 1);
    assert_eq!(
        err,
        "prepdeck: no deck matches \"kelpp\"; did you mean \"Kelp Analytics\"?\n"
    );
    sandbox.ok(&["import", &kelp, "--deck", "Kelp Two"]);
    let err = sandbox.fails(&["cards", "kelp"], 1);
    assert_eq!(
        err,
        "prepdeck: \"kelp\" matches 2 decks: \"Kelp Analytics\", \"Kelp Two\"; type more of the name\n"
    );
}

#[test]
fn cards_filter_by_kind_and_show_every_json_field() {
    let sandbox = Sandbox::new();
    let quarry = sandbox.fixture("quarry-systems.md");
    sandbox.ok(&["import", &quarry]);
    let asks = sandbox.json(&["cards", "--kind", "ask", "--json"]);
    assert_eq!(asks.as_array().unwrap().len(), 2);
    let card = &asks[0];
    for field in [
        "id",
        "deck",
        "kind",
        "section",
        "front",
        "back",
        "state",
        "ease",
        "interval",
        "repetitions",
        "lapses",
        "reviews",
        "due",
        "last_reviewed",
    ] {
        assert!(card.get(field).is_some(), "missing {field} in {card}");
    }
    assert_eq!(card["state"], "new");
    assert_eq!(card["ease"], 2.5);
    assert_eq!(card["due"], Value::Null);
    assert_eq!(
        card["back"],
        "How do field engineers report problems back to the software team?"
    );
    assert_eq!(card["section"], "Questions to Ask Interviewer");
    let skill = &sandbox.json(&["cards", "--kind", "skill-map", "--json"])[0];
    assert_eq!(
        skill["front"],
        "Quarry Systems wants: Safe firmware for remote devices — which of your skills, and which story?"
    );
    assert_eq!(
        skill["back"],
        "Embedded Rust — Shipped OTA updates with zero bricked sensors"
    );
    let err = sandbox.fails(&["cards", "--kind", "flashcard"], 2);
    assert!(
        err.starts_with("error: invalid value 'flashcard' for '--kind <KIND>'\n  [possible values: question, talking-point, ask, skill-map, topic]\n"),
        "{err}"
    );
    let table = sandbox.ok(&["cards", "quarry", "--kind", "question"]);
    assert!(table.starts_with("ID  KIND      STATE  DUE  ITEM\n"), "{table}");
    assert!(table.contains("Why Quarry?"), "{table}");
}

#[test]
fn a_dry_run_on_a_fresh_machine_creates_no_database() {
    let sandbox = Sandbox::new();
    let quarry = sandbox.fixture("quarry-systems.md");
    let out = sandbox.ok(&["import", &quarry, "--dry-run"]);
    assert!(
        out.contains("would import into Quarry Systems (new deck, named from the title): 11 added"),
        "{out}"
    );
    assert!(!sandbox.db.exists(), "the dry run created {}", sandbox.db.display());
}

#[test]
fn decks_can_be_renamed_and_removed_with_their_history() {
    let sandbox = Sandbox::new();
    let quarry = sandbox.fixture("quarry-systems.md");
    let kelp = sandbox.fixture("kelp-analytics.html");
    sandbox.ok(&["import", &quarry, &kelp]);
    let id = sandbox.id_of("Taught SQL");
    sandbox.ok(&["grade", &id, "4"]);
    assert_eq!(
        sandbox.ok(&["rename", "kelp", "Kelp Data"]),
        "renamed Kelp Analytics to Kelp Data\n"
    );
    let card = sandbox.card_with("Taught SQL");
    assert_eq!(card["deck"], "Kelp Data");
    assert_eq!(
        card["front"],
        "Kelp Data — key talking point 2 of 2 (hint: marketing): say it in full."
    );
    assert_eq!(card["reviews"], 1);
    let err = sandbox.fails(&["rename", "kelp", "QUARRY systems"], 1);
    assert_eq!(err, "prepdeck: a deck named \"QUARRY systems\" exists already\n");
    let err = sandbox.fails(&["remove", "quarry"], 2);
    assert!(err.contains("needs --yes when there is no terminal"), "{err}");
    let out = sandbox.ok(&["remove", "quarry", "--yes"]);
    assert!(out.starts_with("deleted Quarry Systems (11 cards"), "{out}");
    let decks = sandbox.json(&["decks", "--json"]);
    assert_eq!(decks.as_array().unwrap().len(), 1);
    assert_eq!(sandbox.all_cards().len(), 5);
    assert!(sandbox.ok(&["check"]).contains("✓ schedules agree with the review log"));
}

#[test]
fn fronts_of_talking_points_and_asks_number_the_list_and_hide_the_item() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("juniper.md", PROFILE_V1.replace(
        "### Questions to Ask Interviewer\n",
        "### Key Talking Points\n- Rebuilt the timetable importer in Rust\n- Halved the depot app's crash rate with offline sync\n\n### Questions to Ask Interviewer\n",
    ));
    sandbox.ok(&["import", &path]);
    let points: Vec<Value> = sandbox
        .all_cards()
        .into_iter()
        .filter(|c| c["kind"] == "talking-point")
        .collect();
    let fronts: Vec<&str> = points.iter().map(|c| c["front"].as_str().unwrap()).collect();
    assert_eq!(
        fronts,
        vec![
            "Juniper Rail — key talking point 1 of 2 (hint: importer): say it in full.",
            "Juniper Rail — key talking point 2 of 2 (hint: offline): say it in full.",
        ],
        "a question holds `timetable` too, so the importer cues the first point"
    );
    // SPEC §5: the item's own text is the back of a talking point and of an ask.
    assert_eq!(points[0]["back"], "Rebuilt the timetable importer in Rust");
    let ask = sandbox.card_with("platform team");
    assert_eq!(ask["back"], "How big is the platform team?");
    assert_eq!(
        ask["front"],
        "Juniper Rail — question 1 of 1 to ask the interviewer (hint: platform): say it in full."
    );
    for card in sandbox.all_cards() {
        let front = card["front"].as_str().unwrap();
        if card["kind"] != "question" {
            let opening: Vec<&str> = card["back"].as_str().unwrap().split_whitespace().take(2).collect();
            assert!(
                !front.contains(&opening.join(" ")),
                "{front} gives away {}",
                card["back"]
            );
        }
    }

    // A point gone from the document leaves the list: the rest are numbered again.
    std::fs::write(
        &path,
        std::fs::read_to_string(&path)
            .unwrap()
            .replace("- Rebuilt the timetable importer in Rust\n", ""),
    )
    .unwrap();
    sandbox.ok(&["import", &path]);
    assert_eq!(
        sandbox.card_with("offline sync")["front"],
        "Juniper Rail — key talking point 1 of 1 (hint: offline): say it in full."
    );
    assert_eq!(
        sandbox.card_with("timetable importer")["front"],
        "Juniper Rail — a key talking point: say it in full.",
        "a retired card has no place in the list, and no cue among the deck's cards"
    );
}

const TWO_ITEMS: &str =
    "# Company Profile: Acme\n## Key Talking Points\n- Led the ledger rewrite\n## Potential Questions\n- Why Acme?\n";

fn journal_mode(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap()
}

/// A first import writes its pages once, through a rollback journal, and leaves the
/// database with its write-ahead log like every other command.
#[test]
fn a_first_import_leaves_the_database_in_write_ahead_log_mode() {
    let sandbox = Sandbox::new();
    let profile = sandbox.write("acme.md", TWO_ITEMS);
    sandbox.ok(&["import", &profile]);
    assert_eq!(journal_mode(&sandbox.db), "wal");
    assert_eq!(sandbox.all_cards().len(), 2);
    assert!(sandbox.ok(&["check"]).contains("✓ integrity and foreign keys"));
}

/// Another program has the new database open when the first import starts: the import
/// keeps the write-ahead log, and the reader sees its cards.
#[test]
fn a_first_import_beside_an_open_reader_keeps_the_log() {
    let sandbox = Sandbox::new();
    sandbox.ok(&["decks"]);
    let reader = rusqlite::Connection::open(&sandbox.db).unwrap();
    let cards = |reader: &rusqlite::Connection| -> i64 {
        reader
            .query_row("SELECT count(*) FROM cards", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(cards(&reader), 0);
    let profile = sandbox.write("acme.md", TWO_ITEMS);
    sandbox.ok(&["import", &profile]);
    assert_eq!(cards(&reader), 2);
    assert_eq!(journal_mode(&sandbox.db), "wal");
}

/// The cue a talking point's or question to ask's front gives, if any.
fn cue(front: &str) -> Option<String> {
    let (_, rest) = front.split_once("(hint: ")?;
    let (cue, _) = rest.split_once("): say it in full.")?;
    Some(cue.to_string())
}

/// The lower-cased words of a text, trimmed of punctuation.
fn words_of(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .collect()
}

/// Imports every profile of `folders` and checks, deck by deck, that no two cards share a
/// cue, that no cue is filler, and that no cue word is one most of the deck's items hold.
fn check_cues(folders: &[PathBuf]) {
    let sandbox = Sandbox::new();
    let mut args = vec!["import".to_string()];
    args.extend(folders.iter().map(|f| f.to_string_lossy().into_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    sandbox.ok(&args);
    let cards = sandbox.all_cards();
    let mut decks: std::collections::BTreeMap<String, Vec<&Value>> = std::collections::BTreeMap::new();
    for card in &cards {
        decks
            .entry(card["deck"].as_str().unwrap().to_string())
            .or_default()
            .push(card);
    }
    let mut cued = 0;
    for (deck, cards) in decks {
        let mut seen: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        for card in &cards {
            let front = card["front"].as_str().unwrap();
            let Some(cue) = cue(front) else { continue };
            cued += 1;
            if let Some(other) = seen.insert(cue.to_lowercase(), front.to_string()) {
                panic!("{deck}: two cards share the cue {cue:?}:\n  {other}\n  {front}");
            }
            for word in cue.split(", ") {
                let word = word.to_lowercase();
                assert!(
                    !["typically", "significant", "today"].contains(&word.as_str()),
                    "{deck}: a filler word as a cue: {front}"
                );
                let holding = cards.iter().filter(|c| words_of(&item_text(c)).contains(&word)).count();
                assert!(
                    holding * 2 <= cards.len() || holding == 1,
                    "{deck}: {word:?} is in {holding} of {} items: {front}",
                    cards.len()
                );
            }
        }
    }
    assert!(cued > 0, "no cues at all");
}

#[test]
fn no_two_cards_of_a_deck_share_a_cue_and_no_cue_is_filler() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    check_cues(&[fixtures().join("profiles"), fixtures().join("cues"), root.join("decks")]);
    if let Ok(dir) = std::env::var("PREPDECK_CONFORMANCE_DIR") {
        check_cues(&[Path::new(&dir).join("profiles")]);
    }
}

const ACME_V1: &str = "# Company Profile: Acme Rail
## Potential Questions to Prepare For
- Why Acme?
- Tell me about a hard bug.
- How do you review code?
- What would you change first?
- How do you test firmware?
- How do you handle an outage?
- How would you design a scheduler?
- What is your biggest weakness?
";

#[test]
fn an_edited_copy_of_a_renamed_decks_document_goes_into_that_deck_and_says_so() {
    let sandbox = Sandbox::new();
    let original = sandbox.write("acme.md", ACME_V1);
    sandbox.ok(&["import", &original]);
    let id = sandbox.id_of("hard bug");
    sandbox.ok(&["grade", &id, "4"]);
    sandbox.ok(&["rename", "acme", "Acme (applied)"]);
    let copy = sandbox.write(
        "v2/acme.md",
        ACME_V1.replace(
            "What is your biggest weakness?",
            "What did you learn from your last project?",
        ),
    );
    let dry = sandbox.ok(&["import", &copy, "--dry-run"]);
    assert!(
        dry.starts_with(&format!(
            "{copy} would import into Acme (applied): 1 added, 7 unchanged\n"
        )),
        "{dry}"
    );
    let note = format!(
        "an edited copy of {} (7 of its 8 items are that document's)",
        canonical(&original)
    );
    assert!(dry.contains(&note), "{dry}");
    let out = sandbox.ok(&["import", &copy]);
    assert!(out.contains(&note), "{out}");
    let decks = sandbox.json(&["decks", "--json"]);
    assert_eq!(decks.as_array().unwrap().len(), 1, "no second deck: {decks}");
    assert_eq!(
        decks[0]["cards"], 9,
        "the original's item stays while its document does"
    );
    assert_eq!(
        sandbox.card_with("hard bug")["reviews"],
        1,
        "the shared card kept its history"
    );
    // --deck still chooses.
    let elsewhere = sandbox.ok(&["import", &copy, "--deck", "Other", "--dry-run"]);
    assert!(
        elsewhere.contains("would import into Other (new deck, named --deck): 8 added"),
        "{elsewhere}"
    );
}

#[test]
fn prune_retires_the_cards_only_deleted_documents_held() {
    let sandbox = Sandbox::new();
    let original = sandbox.write("acme.md", ACME_V1);
    sandbox.ok(&["import", &original]);
    let copy = sandbox.write(
        "v2/acme.md",
        ACME_V1.replace(
            "What is your biggest weakness?",
            "What did you learn from your last project?",
        ),
    );
    sandbox.ok(&["import", &copy]);
    std::fs::remove_file(&original).unwrap();
    let out = sandbox.ok(&["import", &copy]);
    assert!(
        out.contains(&format!(
            "note: 1 card of the deck: only {}, which is gone, holds it; --prune retires it",
            canonical_gone(&original)
        )),
        "{out}"
    );
    assert_eq!(
        sandbox.json(&["decks", "--json"])[0]["cards"],
        9,
        "nothing retired without --prune"
    );
    let dry = sandbox.ok(&["import", &copy, "--prune", "--dry-run"]);
    assert!(
        dry.contains("would import into Acme Rail: 1 retired, 8 unchanged"),
        "{dry}"
    );
    assert!(dry.contains("- question      What is your biggest weakness?"), "{dry}");
    assert_eq!(
        sandbox.json(&["decks", "--json"])[0]["cards"],
        9,
        "the dry run wrote nothing"
    );
    let report = sandbox.json(&["import", &copy, "--prune", "--json"]);
    assert_eq!(
        report["files"][0]["retired"][0]["text"],
        "What is your biggest weakness?"
    );
    let weakness = sandbox.card_with("biggest weakness");
    assert_eq!(weakness["state"], "retired", "hidden, its history kept");
    assert_eq!(sandbox.json(&["decks", "--json"])[0]["cards"], 8);
    // Pruned once is pruned: nothing more to say.
    let again = sandbox.ok(&["import", &copy, "--prune"]);
    assert!(again.contains(": 8 unchanged\n"), "{again}");
    assert!(!again.contains("note:") && !again.contains("retired"), "{again}");
}

/// A path as the import keeps it: canonical (the sandbox may sit behind a symlink).
fn canonical(path: &str) -> String {
    std::fs::canonicalize(path).unwrap().to_string_lossy().into_owned()
}

/// The canonical path of a file that is gone: its folder's canonical path and its name.
fn canonical_gone(path: &str) -> String {
    let path = Path::new(path);
    canonical(path.parent().unwrap().to_str().unwrap()) + "/" + path.file_name().unwrap().to_str().unwrap()
}

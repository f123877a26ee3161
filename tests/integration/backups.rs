//! Backups that are snapshots and complete, and restores that merge: a backup restored on
//! a machine that already has the profiles, or two machines' backups combined, keep every
//! review, every answer and the interview date, with no card twice.

use std::collections::HashMap;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::Value;

use crate::util::Sandbox;

const PROFILE: &str = "# Company Profile: Tamarack Labs
## Potential Questions to Prepare For
- Why Tamarack?
- Tell me about a hard bug.
- How do you review code?
- What would you change first?
## Key Talking Points
- Cut build times in half
";

fn with_profile() -> (Sandbox, String) {
    let sandbox = Sandbox::new();
    let path = sandbox.write("tamarack.md", PROFILE);
    sandbox.ok(&["import", &path]);
    (sandbox, path)
}

/// The JSON backup of every deck, written to `name` in the sandbox; returns its path.
fn export(sandbox: &Sandbox, name: &str) -> String {
    let path = sandbox.dir.path().join(name);
    sandbox.ok(&[
        "export",
        "--all-decks",
        "--format",
        "json",
        "-o",
        path.to_str().unwrap(),
    ]);
    path.to_string_lossy().into_owned()
}

/// Each card's logged reviews by item text, as (day, grade, origin) in log order.
fn histories(sandbox: &Sandbox) -> HashMap<String, Vec<(String, u64, String)>> {
    let backup: Value = serde_json::from_str(&sandbox.ok(&["export", "--all-decks", "--format", "json"])).unwrap();
    let mut out = HashMap::new();
    for deck in backup["decks"].as_array().unwrap() {
        for card in deck["cards"].as_array().unwrap() {
            let reviews = card["reviews"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        r["review_day"].as_str().unwrap().to_string(),
                        r["grade"].as_u64().unwrap(),
                        r["origin"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            let previous = out.insert(card["item_text"].as_str().unwrap().to_string(), reviews);
            assert!(previous.is_none(), "{} is there twice", card["item_text"]);
        }
    }
    out
}

fn assert_check_clean(sandbox: &Sandbox) {
    let report = sandbox.ok(&["check"]);
    assert!(report.contains("✓ schedules agree with the review log"), "{report}");
}

#[test]
fn two_machines_graded_differently_merge_into_one_history_with_nothing_lost() {
    let (mut laptop, _) = with_profile();
    let (mut desktop, _) = with_profile();
    let grade_on = |machine: &mut Sandbox, day: &str, text: &str, grade: &str| {
        machine.on(day);
        let id = machine.id_of(text);
        machine.ok(&["grade", &id, grade]);
    };
    grade_on(&mut laptop, "2026-03-01", "Why Tamarack?", "4");
    grade_on(&mut laptop, "2026-03-02", "Why Tamarack?", "5");
    grade_on(&mut laptop, "2026-03-02", "hard bug", "2");
    grade_on(&mut desktop, "2026-03-01", "hard bug", "4");
    grade_on(&mut desktop, "2026-03-03", "hard bug", "3");
    grade_on(&mut desktop, "2026-03-03", "review code", "5");
    laptop.ok(&[
        "answer",
        &laptop.id_of("hard bug"),
        "--text",
        "The race in the scheduler.",
    ]);
    desktop.ok(&["answer", &desktop.id_of("hard bug"), "--text", "The leak in the cache."]);
    desktop.ok(&["answer", &desktop.id_of("review code"), "--text", "Small diffs."]);
    let from_laptop = export(&laptop, "laptop.json");
    let from_desktop = export(&desktop, "desktop.json");
    let laptop_log = histories(&laptop);
    let desktop_log = histories(&desktop);

    let mut merged = Sandbox::new();
    merged.on("2026-03-04");
    std::fs::copy(&from_laptop, merged.dir.path().join("laptop.json")).unwrap();
    std::fs::copy(&from_desktop, merged.dir.path().join("desktop.json")).unwrap();
    let laptop_copy = merged.dir.path().join("laptop.json");
    let desktop_copy = merged.dir.path().join("desktop.json");
    merged.ok(&["import", laptop_copy.to_str().unwrap()]);
    merged.ok(&["import", desktop_copy.to_str().unwrap()]);
    let cards = merged.all_cards();
    assert_eq!(cards.len(), 5, "no card twice: {cards:#?}");
    let together = histories(&merged);
    for (text, log) in &together {
        let mut expected: Vec<_> = laptop_log[text].iter().chain(&desktop_log[text]).cloned().collect();
        expected.sort();
        let mut found = log.clone();
        found.sort();
        assert_eq!(found, expected, "every review of {text:?} from both machines");
    }
    assert_check_clean(&merged);
    // The merged schedule is the replay of the merged log: three passing reviews.
    let bug = merged.card_with("hard bug");
    assert_eq!(bug["reviews"], 3);
    assert_eq!(bug["lapses"], 1);
    assert_eq!(bug["last_reviewed"], "2026-03-03");
    // Both answered the question: the later answer (the desktop's) wins, never the two
    // glued together, and the laptop's stays in the card's history.
    assert_eq!(bug["answer"], "The leak in the cache.");
    let shown = merged.ok(&["show", &bug["id"].to_string()]);
    let earlier = shown.split("earlier versions").nth(1).unwrap_or_default();
    assert!(earlier.contains("The race in the scheduler."), "{shown}");
    assert_eq!(merged.card_with("review code")["answer"], "Small diffs.");
    // Restoring either backup again changes nothing.
    let before = merged.ok(&["export", "--all-decks", "--format", "json"]);
    merged.ok(&["import", desktop_copy.to_str().unwrap()]);
    merged.ok(&["import", laptop_copy.to_str().unwrap()]);
    let after = merged.ok(&["export", "--all-decks", "--format", "json"]);
    assert_eq!(after, before);
}

#[test]
fn profiles_then_a_backup_on_a_new_machine_give_no_duplicates_and_keep_the_interview() {
    let (mut old, _) = with_profile();
    old.ok(&["interview", "tamarack", "2026-03-20"]);
    old.ok(&["grade", &old.id_of("Why Tamarack?"), "4"]);
    old.on("2026-03-02");
    old.ok(&["grade", &old.id_of("Why Tamarack?"), "5"]);
    old.ok(&["answer", &old.id_of("Why Tamarack?"), "--text", "Their maps."]);
    let backup = export(&old, "backup.json");
    let expected = histories(&old);

    for backup_first in [false, true] {
        let fresh = Sandbox::new();
        let profile = fresh.write("profiles/tamarack.md", PROFILE);
        let copy = fresh.dir.path().join("backup.json");
        std::fs::copy(&backup, &copy).unwrap();
        let copy = copy.to_str().unwrap();
        if backup_first {
            fresh.ok(&["import", copy]);
            fresh.ok(&["import", fresh.dir.path().join("profiles").to_str().unwrap()]);
        } else {
            fresh.ok(&["import", fresh.dir.path().join("profiles").to_str().unwrap()]);
            let report = fresh.ok(&["import", copy]);
            assert!(report.contains("5 cards were already here"), "{report}");
        }
        assert_eq!(fresh.all_cards().len(), 5, "backup first: {backup_first}");
        assert_eq!(histories(&fresh), expected, "backup first: {backup_first}");
        assert_eq!(fresh.json(&["decks", "--json"])[0]["interview"], "2026-03-20");
        let why = fresh.card_with("Why Tamarack?");
        assert_eq!(why["answer"], "Their maps.");
        assert_eq!(why["due"], old.card_with("Why Tamarack?")["due"]);
        assert_check_clean(&fresh);
        let _ = profile;
    }
}

#[test]
fn a_backup_holds_mock_interviews_and_a_restore_brings_them_back() {
    let (sandbox, _) = with_profile();
    let mut p = crate::pty::spawn(&sandbox, &["mock", "tamarack", "--questions", "2", "--seed", "3"]);
    for _ in 0..2 {
        p.exp_string("left").unwrap();
        p.send("\r").unwrap();
        p.flush().unwrap();
    }
    for grade in ["4", "2"] {
        p.exp_string("stop grading").unwrap();
        p.send_line(grade).unwrap();
    }
    p.exp_eof().unwrap();
    let backup = export(&sandbox, "backup.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&backup).unwrap()).unwrap();
    assert_eq!(doc["version"], 6);
    let runs = doc["decks"][0]["mock_runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["answers"].as_array().unwrap().len(), 2);
    assert!(
        runs[0]["answers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["review"].is_string())
    );

    let restored = Sandbox::new();
    restored.ok(&["import", &backup]);
    restored.ok(&["import", &backup]);
    let stats = restored.json(&["stats", "--json"]);
    assert_eq!(stats["decks"][0]["mock_runs"], 1, "restored once, not twice");
    assert_eq!(stats["decks"][0]["mock_answers"], 2);
    // The moment and the machine that wrote each backup differ; nothing else does.
    let strip = |text: String| {
        let mut doc: Value = serde_json::from_str(&text).unwrap();
        doc.as_object_mut().unwrap().remove("exported_at");
        doc.as_object_mut().unwrap().remove("machine");
        doc
    };
    assert_eq!(
        strip(restored.ok(&["export", "--all-decks", "--format", "json"])),
        strip(sandbox.ok(&["export", "--all-decks", "--format", "json"])),
        "every field, review and mock answer, linked to its review"
    );
}

#[test]
fn impossible_values_in_a_backup_are_refused_and_controls_are_stripped() {
    let (sandbox, _) = with_profile();
    sandbox.ok(&["grade", &sandbox.id_of("Why Tamarack?"), "4"]);
    let good: Value = serde_json::from_str(&std::fs::read_to_string(export(&sandbox, "good.json")).unwrap()).unwrap();
    let target = Sandbox::new();
    let snapshot = || target.ok(&["cards", "--all", "--json"]);
    let before = snapshot();
    let cases = [
        (
            "interval.json",
            "/decks/0/cards/0/interval",
            Value::from(36_501),
            "interval 36501 is over the 36500-day cap",
        ),
        (
            "ease.json",
            "/decks/0/cards/0/reviews/0/ease_after",
            Value::from(0.5),
            "ease 0.5 is outside 1.3 to 1000",
        ),
        (
            "stamp.json",
            "/decks/0/cards/0/reviews/0/reviewed_at",
            Value::from("yesterday"),
            "time \"yesterday\" is not an RFC 3339 time",
        ),
        (
            "reps.json",
            "/decks/0/cards/0/repetitions",
            Value::from(4_000_000_000u64),
            "more than a card can have",
        ),
    ];
    for (name, field, value, problem) in cases {
        let mut doc = good.clone();
        *doc.pointer_mut(field).unwrap() = value;
        let path = target.write(name, doc.to_string());
        let err = target.fails(&["import", &path], 1);
        assert!(
            err.starts_with(&format!(
                "prepdeck: {path}: the backup holds a value prepdeck cannot use (card "
            )),
            "{err}"
        );
        assert!(err.contains(problem), "{name}: {err}");
        assert!(err.ends_with("); nothing was restored\n"), "{err}");
        assert_eq!(snapshot(), before, "{name} changed the database");
    }
    // Terminal controls in texts are stripped, as an import strips them.
    let mut doc = good.clone();
    doc["decks"][0]["name"] = Value::from("Evil\u{1b}[2J Labs");
    doc["decks"][0]["cards"][0]["item_text"] = Value::from("Why \u{1b}]0;owned\u{7}us?");
    doc["decks"][0]["cards"][0]["answer"] = Value::from("Because\u{1b}[31m red\nand more");
    let hostile = target.write("hostile.json", doc.to_string());
    target.ok(&["import", &hostile]);
    let card = target.card_with("Why us?");
    assert_eq!(card["deck"], "Evil Labs");
    assert_eq!(card["answer"], "Because red\nand more");
    let shown = target.ok(&["show", &card["id"].to_string()]);
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
    assert_check_clean(&target);
}

/// Checks a backup document on its own: every card's schedule and review count agree with
/// its log, as they do in any one moment of the database.
fn assert_consistent(doc: &Value, at: usize) {
    for deck in doc["decks"].as_array().unwrap() {
        for card in deck["cards"].as_array().unwrap() {
            let reviews = card["reviews"].as_array().unwrap();
            assert_eq!(
                card["review_count"].as_u64().unwrap() as usize,
                reviews.len(),
                "backup {at}: card {} counts {} reviews but logs {}",
                card["guid"],
                card["review_count"],
                reviews.len()
            );
            if let Some(last) = reviews.iter().rev().find(|r| r["effect"] == "review") {
                assert_eq!(
                    card["interval"], last["interval_after"],
                    "backup {at}: card {}",
                    card["guid"]
                );
                assert_eq!(card["due"], last["due_after"], "backup {at}: card {}", card["guid"]);
            }
        }
    }
}

#[test]
fn backups_taken_while_another_prepdeck_grades_are_snapshots() {
    let sandbox = Sandbox::new();
    let mut doc = String::from("# Company Profile: Busy Co\n## Common Questions\n");
    for i in 0..400 {
        doc.push_str(&format!("- Busy question number {i}?\n"));
    }
    let path = sandbox.write("busy.md", doc);
    sandbox.ok(&["import", &path]);
    let ids = sandbox.active_ids();
    let stop = AtomicBool::new(false);
    let backups: Vec<String> = std::thread::scope(|scope| {
        let grader = scope.spawn(|| {
            let mut graded = 0;
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let out = sandbox
                    .command(&["grade", &ids[(i * 37) % ids.len()], ["1", "3", "4", "5"][i % 4]])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .unwrap();
                graded += usize::from(out.success());
                i += 1;
            }
            graded
        });
        // Let some grades land first.
        std::thread::sleep(Duration::from_millis(300));
        let backups = (0..30)
            .map(|_| sandbox.ok(&["export", "--all-decks", "--format", "json"]))
            .collect();
        stop.store(true, Ordering::Relaxed);
        assert!(grader.join().unwrap() > 0, "nothing was graded meanwhile");
        backups
    });
    for (at, text) in backups.iter().enumerate() {
        let doc: Value = serde_json::from_str(text).unwrap();
        assert_consistent(&doc, at);
        let restored = Sandbox::new();
        let file = restored.write("backup.json", text);
        restored.ok(&["import", &file]);
        let report = restored.ok(&["check"]);
        assert!(
            report.contains("✓ schedules agree with the review log"),
            "backup {at} restored into a database check rejects: {report}"
        );
    }
}

#[test]
fn a_version_1_backup_without_mock_interviews_is_still_restored() {
    let (sandbox, _) = with_profile();
    sandbox.ok(&["grade", &sandbox.id_of("Why Tamarack?"), "4"]);
    let mut doc: Value = serde_json::from_str(&sandbox.ok(&["export", "--all-decks", "--format", "json"])).unwrap();
    doc["version"] = Value::from(1);
    for deck in doc["decks"].as_array_mut().unwrap() {
        deck.as_object_mut().unwrap().remove("mock_runs");
    }
    let restored = Sandbox::new();
    let path = restored.write("old.json", doc.to_string());
    restored.ok(&["import", &path]);
    assert_eq!(histories(&restored), histories(&sandbox));
    assert_check_clean(&restored);
}

/// `prepdeck scheduler --json`: the default, the desired retention, and each deck's
/// scheduler with whether it is its own choice.
fn schedulers(sandbox: &Sandbox) -> (String, f64, Vec<(String, String, bool)>) {
    let doc = sandbox.json(&["scheduler", "--json"]);
    let decks = doc["decks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["name"].as_str().unwrap().to_string(),
                d["scheduler"].as_str().unwrap().to_string(),
                d["own"].as_bool().unwrap(),
            )
        })
        .collect();
    (
        doc["default"].as_str().unwrap().to_string(),
        doc["desired_retention"].as_f64().unwrap(),
        decks,
    )
}

#[test]
fn a_backup_restores_schedulers_and_fsrs_settings_where_none_are_set_here() {
    let (sandbox, _) = with_profile();
    sandbox.ok(&["grade", &sandbox.id_of("Why Tamarack?"), "5"]);
    sandbox.ok(&["scheduler", "tamarack", "fsrs"]);
    sandbox.ok(&["scheduler", "--retention", "0.95"]);
    let backup = export(&sandbox, "backup.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&backup).unwrap()).unwrap();
    assert_eq!(doc["version"], 6);
    assert_eq!(doc["decks"][0]["scheduler"], "fsrs");
    assert_eq!(doc["settings"]["desired_retention"], 0.95);
    assert_eq!(
        doc["settings"]["default_scheduler"],
        Value::Null,
        "never chosen, so not carried"
    );

    // A fresh database takes every choice the backup carries.
    let fresh = Sandbox::new();
    let report = fresh.ok(&["import", &backup]);
    assert!(report.contains("note: FSRS desired retention 0.95\n"), "{report}");
    assert!(report.contains("note: Tamarack Labs: scheduler fsrs\n"), "{report}");
    assert_eq!(
        schedulers(&fresh),
        (
            "sm2".to_string(),
            0.95,
            vec![("Tamarack Labs".to_string(), "fsrs".to_string(), true)]
        )
    );
    let why = fresh.card_with("Why Tamarack?");
    assert_eq!(
        why["due"],
        sandbox.card_with("Why Tamarack?")["due"],
        "due as FSRS at 0.95 sets it"
    );
    assert_check_clean(&fresh);

    // A database whose choices were made after the backup's keeps them: the later change
    // wins, whichever side it is on.
    let (mut chosen, _) = with_profile();
    chosen.on("2026-03-02");
    chosen.ok(&["grade", &chosen.id_of("Why Tamarack?"), "5"]);
    chosen.ok(&["scheduler", "tamarack", "sm2"]);
    chosen.ok(&["scheduler", "--retention", "0.9"]);
    let report = chosen.ok(&["import", &backup]);
    assert!(!report.contains("retention"), "{report}");
    assert_eq!(
        schedulers(&chosen),
        (
            "sm2".to_string(),
            0.9,
            vec![("Tamarack Labs".to_string(), "sm2".to_string(), true)]
        )
    );
    assert_check_clean(&chosen);
    // One whose choices were made before the backup's takes the backup's.
    let (mut earlier, _) = with_profile();
    earlier.on("2026-02-27");
    earlier.ok(&["scheduler", "tamarack", "sm2"]);
    earlier.ok(&["scheduler", "--retention", "0.85"]);
    let report = earlier.ok(&["import", &backup]);
    assert!(report.contains("note: FSRS desired retention 0.95\n"), "{report}");
    assert_eq!(
        schedulers(&earlier),
        (
            "sm2".to_string(),
            0.95,
            vec![("Tamarack Labs".to_string(), "fsrs".to_string(), true)]
        )
    );

    // A deck that follows the default here takes the backup's scheduler, and its cards
    // are rescheduled under it.
    let (follows, _) = with_profile();
    follows.ok(&["grade", &follows.id_of("Why Tamarack?"), "5"]);
    let sm2_due = follows.card_with("Why Tamarack?")["due"].clone();
    follows.ok(&["scheduler", "--default", "sm2"]);
    follows.ok(&["import", &backup]);
    assert_eq!(
        schedulers(&follows),
        (
            "sm2".to_string(),
            0.95,
            vec![("Tamarack Labs".to_string(), "fsrs".to_string(), true)]
        )
    );
    let why = follows.card_with("Why Tamarack?");
    assert_eq!(why["reviews"], 1, "the same review on both sides is one review");
    assert_eq!(why["due"], sandbox.card_with("Why Tamarack?")["due"]);
    assert_ne!(why["due"], sm2_due, "the due date is FSRS's now");
    assert_check_clean(&follows);
}

#[test]
fn fitted_fsrs_parameters_and_the_default_scheduler_travel_in_a_backup() {
    let (sandbox, _) = with_profile();
    sandbox.ok(&["scheduler", "--default", "fsrs"]);
    let mut doc: Value = serde_json::from_str(&sandbox.ok(&["export", "--all-decks", "--format", "json"])).unwrap();
    assert_eq!(doc["settings"]["default_scheduler"], "fsrs");
    assert_eq!(
        doc["decks"][0]["scheduler"],
        Value::Null,
        "the deck follows the default"
    );
    // Parameters as `prepdeck optimize` would have fitted them (fitting needs months of
    // reviews): FSRS-6's defaults, nudged.
    let fitted: Vec<f64> = [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629,
        1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ]
    .iter()
    .map(|p| p * 1.01)
    .collect();
    doc["settings"]["fsrs_parameters"] = serde_json::json!(fitted);
    doc["settings"]["fitted_on"] = Value::from("2026-02-20");
    doc["settings"]["fitted_from_reviews"] = Value::from(1200);
    let fresh = Sandbox::new();
    let path = fresh.write("backup.json", doc.to_string());
    let report = fresh.ok(&["import", &path]);
    assert!(report.contains("note: default scheduler fsrs\n"), "{report}");
    assert!(
        report.contains("note: fitted FSRS parameters (fitted on 2026-02-20 from 1200 reviews)\n"),
        "{report}"
    );
    let shown = fresh.json(&["scheduler", "--json"]);
    assert_eq!(shown["default"], "fsrs");
    assert_eq!(shown["decks"][0]["own"], false);
    assert_eq!(shown["fitted_on"], "2026-02-20");
    assert_eq!(shown["fitted_from_reviews"], 1200);
    let restored: Vec<f64> = shown["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_f64().unwrap())
        .collect();
    assert_eq!(restored.len(), 21);
    for (got, want) in restored.iter().zip(&fitted) {
        assert!((got - want).abs() < 1e-5, "{got} vs {want}");
    }
    // Restoring again changes nothing and says nothing about settings.
    let again = fresh.ok(&["import", &path]);
    assert!(!again.contains("FSRS") && !again.contains("took"), "{again}");
    // Parameters FSRS cannot run with are refused, naming them.
    doc["settings"]["fsrs_parameters"] = serde_json::json!([1.0, 2.0]);
    let bad = fresh.write("bad.json", doc.to_string());
    let err = fresh.fails(&["import", &bad], 1);
    assert!(err.contains("its FSRS parameters are not usable"), "{err}");
}

#[test]
fn a_restored_deck_renamed_is_still_the_deck_its_document_updates() {
    let (old, path) = with_profile();
    old.ok(&["grade", &old.id_of("Why Tamarack?"), "4"]);
    let backup = export(&old, "backup.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&backup).unwrap()).unwrap();
    let documents = doc["decks"][0]["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0]["cards"].as_array().unwrap().len(), 5);

    // The same path on the new machine (here: the old sandbox's file, still there).
    let fresh = Sandbox::new();
    fresh.ok(&["import", &backup]);
    fresh.ok(&["rename", "tamarack", "Tamarack onsite"]);
    let report = fresh.json(&["import", &path, "--json"]);
    assert_eq!(report["files"][0]["deck"], "Tamarack onsite");
    assert_eq!(report["files"][0]["unchanged"], 5);
    assert_eq!(fresh.json(&["decks", "--json"]).as_array().unwrap().len(), 1);
    assert_eq!(fresh.card_with("Why Tamarack?")["reviews"], 1);

    // The same content from another path, the old file gone: the same document, moved.
    let moved = Sandbox::new();
    moved.ok(&["import", &backup]);
    moved.ok(&["rename", "tamarack", "Tamarack onsite"]);
    std::fs::remove_file(&path).unwrap();
    let copy = moved.write("profiles/tamarack.md", format!("{PROFILE}- Mentored two interns\n"));
    let report = moved.json(&["import", &copy, "--json"]);
    assert_eq!(report["files"][0]["deck"], "Tamarack onsite");
    assert_eq!(report["files"][0]["added"].as_array().unwrap().len(), 1);
    assert_eq!(report["files"][0]["unchanged"], 5);
    assert_eq!(moved.json(&["decks", "--json"]).as_array().unwrap().len(), 1);
    assert_eq!(moved.card_with("Why Tamarack?")["reviews"], 1);
    assert_check_clean(&moved);
}

#[test]
fn a_document_already_here_is_not_restored_twice() {
    let (old, _) = with_profile();
    let backup = export(&old, "backup.json");
    // The profiles were imported here from another path first: that document is the
    // backup's, and a second one holding the same cards would keep an item removed from
    // the profile from being retired.
    let fresh = Sandbox::new();
    let profile = fresh.write("profiles/tamarack.md", PROFILE);
    fresh.ok(&["import", &profile]);
    let report = fresh.ok(&["import", &backup]);
    assert!(!report.contains("document link"), "{report}");
    fresh.write(
        "profiles/tamarack.md",
        PROFILE.replace("- How do you review code?\n", ""),
    );
    let report = fresh.json(&["import", &profile, "--json"]);
    assert_eq!(report["files"][0]["retired"].as_array().unwrap().len(), 1, "{report}");
    // Restoring into an empty database and again restores the link once.
    let empty = Sandbox::new();
    let first = empty.ok(&["import", &backup]);
    assert!(
        first.contains("note: restored 1 document link: re-importing that document updates its deck\n"),
        "{first}"
    );
    let second = empty.ok(&["import", &backup]);
    assert!(!second.contains("document link"), "{second}");
    let again: Value = serde_json::from_str(&empty.ok(&["export", "--all-decks", "--format", "json"])).unwrap();
    assert_eq!(again["decks"][0]["documents"].as_array().unwrap().len(), 1);
}

#[test]
fn backups_of_every_earlier_format_version_are_still_restored() {
    for version in [1, 2, 3, 5] {
        let sandbox = Sandbox::new();
        let path = crate::util::fixtures().join(format!("backups/v{version}.json"));
        let report = sandbox.ok(&["import", path.to_str().unwrap()]);
        assert!(
            report.contains("Tamarack Labs (new deck, named from the backup): 3 added"),
            "v{version}: {report}"
        );
        assert!(report.contains("restored 3 logged reviews"), "v{version}: {report}");
        let why = sandbox.card_with("Why Tamarack?");
        assert_eq!(
            (why["answer"].as_str(), why["due"].as_str(), why["reviews"].as_u64()),
            (Some("Their maps."), Some("2026-03-08"), Some(2)),
            "v{version}"
        );
        assert_eq!(sandbox.json(&["decks", "--json"])[0]["interview"], "2026-03-20");
        let stories = sandbox.json(&["story", "list", "--json"]);
        assert_eq!(
            stories.as_array().unwrap().len(),
            usize::from(version >= 3),
            "v{version}"
        );
        assert_eq!(schedulers(&sandbox).2[0].1, "sm2");
        assert_check_clean(&sandbox);
        if version == 5 {
            assert_eq!(why["tags"], serde_json::json!(["culture"]));
            assert_eq!(sandbox.card_with("Halved build times")["kind"], "talking-point");
        }
        // Restoring it again changes nothing: what it says without versions is read the
        // same way each time.
        let before = sandbox.ok(&["export", "--all-decks", "--format", "json"]);
        let again = sandbox.ok(&["import", path.to_str().unwrap()]);
        assert!(!again.contains("took"), "v{version}: {again}");
        assert_eq!(sandbox.ok(&["export", "--all-decks", "--format", "json"]), before);
    }
}

#[test]
fn a_deck_switched_to_fsrs_after_its_grades_comes_back_with_fsrs_due_dates() {
    // The log holds the due dates SM-2 gave; the switch moved the cards, not the log.
    let (sandbox, _) = with_profile();
    sandbox.ok(&["grade", &sandbox.id_of("Why Tamarack?"), "5"]);
    let sm2_due = sandbox.card_with("Why Tamarack?")["due"].clone();
    sandbox.ok(&["scheduler", "tamarack", "fsrs"]);
    let fsrs_due = sandbox.card_with("Why Tamarack?")["due"].clone();
    assert_ne!(fsrs_due, sm2_due);
    let backup = export(&sandbox, "backup.json");
    let fresh = Sandbox::new();
    fresh.ok(&["import", &backup]);
    assert_eq!(fresh.card_with("Why Tamarack?")["due"], fsrs_due);
    assert_check_clean(&fresh);
}

/// The review days of the card with `guid`, from a backup of every deck.
fn review_days_of(sandbox: &Sandbox, guid: &str) -> Vec<String> {
    let backup: Value = serde_json::from_str(&sandbox.ok(&["export", "--all-decks", "--format", "json"])).unwrap();
    let cards = backup["decks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["cards"].as_array().unwrap());
    let card = cards.into_iter().find(|c| c["guid"] == guid).unwrap();
    card["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["review_day"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_card_matched_by_text_is_not_merged_again_by_its_guid() {
    let (mut sandbox, _) = with_profile();
    sandbox.ok(&["grade", &sandbox.id_of("Why Tamarack?"), "4"]);
    let mut doc: Value = serde_json::from_str(&sandbox.ok(&["export", "--all-decks", "--format", "json"])).unwrap();
    let cards = doc["decks"][0]["cards"].as_array_mut().unwrap();
    let at = cards.iter().position(|c| c["item_text"] == "Why Tamarack?").unwrap();
    let x = cards[at].clone();
    let guid = x["guid"].as_str().unwrap().to_string();
    let moved = |card: &Value, day: &str, due: &str| {
        let mut card = card.clone();
        let review = &mut card["reviews"][0];
        review["reviewed_at"] = Value::from(format!("{day}T09:00:00+01:00"));
        review["review_day"] = Value::from(day);
        review["due_after"] = Value::from(due);
        card
    };
    // Card A: a guid of its own and X's text, first; card B: X's guid, reworded.
    let mut a = moved(&x, "2026-03-05", "2026-03-06");
    a["guid"] = Value::from("a0000000000000000001");
    let mut b = moved(&x, "2026-03-06", "2026-03-07");
    b["item_text"] = Value::from("Why Tamarack, truly?");
    cards.splice(at..=at, [a, b]);
    let path = sandbox.write("edited.json", doc.to_string());
    sandbox.on("2026-03-09");
    sandbox.ok(&["import", &path]);
    assert_eq!(review_days_of(&sandbox, &guid), vec!["2026-03-01", "2026-03-06"]);
    assert_eq!(review_days_of(&sandbox, "a0000000000000000001"), vec!["2026-03-05"]);
    assert_check_clean(&sandbox);
}

const WITH_NOTES: &str = "# Company Profile: Larkspur Health
## Mission and Values
- Care that reaches every clinic
  - Patients first
## Interview Preparation
### Potential Questions to Prepare For
- Why Larkspur?
### Keywords to Emphasize
- HL7
- Consent
";

#[test]
fn a_backup_carries_every_document_note_into_a_fresh_database() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("larkspur.md", WITH_NOTES);
    sandbox.ok(&["import", &path]);
    let sheet = sandbox.ok(&["export", "larkspur", "--format", "md"]);
    assert!(sheet.contains("## Keywords to Emphasize\n\nHL7 · Consent\n"), "{sheet}");
    assert!(
        sheet.contains("## Mission and Values\n\n- Care that reaches every clinic\n  - Patients first\n"),
        "{sheet}"
    );
    let backup = export(&sandbox, "backup.json");

    let fresh = Sandbox::new();
    fresh.ok(&["import", &backup]);
    let restored = fresh.ok(&["export", "larkspur", "--format", "md"]);
    assert_eq!(
        restored.lines().skip(3).collect::<Vec<_>>(),
        sheet.lines().skip(3).collect::<Vec<_>>(),
        "the restored prep sheet is the original's (after its dated header)"
    );
    // A second restore adds no second copy of the notes.
    fresh.ok(&["import", &backup]);
    let again = fresh.ok(&["export", "larkspur", "--format", "md"]);
    assert_eq!(again.matches("## Keywords to Emphasize").count(), 1, "{again}");
    assert_eq!(again.matches("HL7").count(), 1, "{again}");
}

#[test]
fn a_backup_written_before_notes_were_carried_still_restores() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("larkspur.md", WITH_NOTES);
    sandbox.ok(&["import", &path]);
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(export(&sandbox, "b.json")).unwrap()).unwrap();
    assert!(doc["decks"][0]["documents"][0]["notes"].is_array());
    doc["decks"][0]["documents"][0].as_object_mut().unwrap().remove("notes");
    let old = sandbox.write("old.json", doc.to_string());
    let fresh = Sandbox::new();
    fresh.ok(&["import", &old]);
    assert_eq!(fresh.all_cards().len(), 1);
    // A note nested past all reason is refused, and nothing is restored.
    doc["decks"][0]["documents"][0]["notes"] = serde_json::json!([{"topic": "keywords", "heading": "K", "entries": [{"depth": 4_000_000_000_u64, "text": "x"}]}]);
    let deep = sandbox.write("deep.json", doc.to_string());
    let empty = Sandbox::new();
    let err = empty.fails(&["import", &deep], 1);
    assert!(err.contains("nests deeper than 32 levels"), "{err}");
}

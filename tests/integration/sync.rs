//! Two machines, one history (SPEC §7): `sync DIR` over many rounds with edits on both
//! sides and a file half copied, and each finding of the hostile pass on merges (issue 22)
//! pinned: merges that grew, removals that came back, answers that vanished, an interview
//! date that moved nothing, text from a backup's labels, absurd FSRS parameters.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::Sandbox;

const PROFILE: &str = "# Company Profile: Tamarack Labs
## Potential Questions to Prepare For
- Why Tamarack?
- Tell me about a hard bug.
- How do you review code?
- What would you change first?
- How do you handle on-call?
- Describe a migration you led.
## Key Talking Points
- Cut build times in half
- Led the move to Kafka
";

/// A machine: its own database and clock, and the folder its sync tool keeps.
struct Machine {
    sandbox: Sandbox,
    share: PathBuf,
}

impl Machine {
    fn new() -> Machine {
        let sandbox = Sandbox::new();
        let share = sandbox.dir.path().join("share");
        std::fs::create_dir_all(&share).unwrap();
        Machine { sandbox, share }
    }

    /// Moves the clock to `day` at `hour` (two machines edit at different hours).
    fn at(&mut self, day: &str, hour: u32) -> &mut Machine {
        self.sandbox.now = format!("{day}T{hour:02}:00:00+01:00");
        self
    }

    fn ok(&self, args: &[&str]) -> String {
        self.sandbox.ok(args)
    }

    fn sync(&self) -> String {
        self.ok(&["sync", self.share.to_str().unwrap()])
    }

    fn id_of(&self, text: &str) -> String {
        self.sandbox.id_of(text)
    }

    /// This machine's own file in its folder.
    fn own_file(&self) -> PathBuf {
        let report = self
            .sandbox
            .json(&["sync", self.share.to_str().unwrap(), "--dry-run", "--json"]);
        self.share
            .join(format!("prepdeck-{}.json", report["machine"].as_str().unwrap()))
    }

    /// The whole database as a backup, without what differs by machine.
    fn state(&self) -> Value {
        let mut doc: Value = serde_json::from_str(&self.ok(&["export", "--all-decks", "--format", "json"])).unwrap();
        let object = doc.as_object_mut().unwrap();
        object.remove("exported_at");
        object.remove("machine");
        for deck in doc["decks"].as_array_mut().unwrap() {
            let deck = deck.as_object_mut().unwrap();
            deck.remove("documents");
            deck.remove("created_at");
            for card in deck["cards"].as_array_mut().unwrap() {
                let card = card.as_object_mut().unwrap();
                for bookkeeping in ["created_at", "updated_at", "content_at"] {
                    card.remove(bookkeeping);
                }
                // The copy of the schedule each log row keeps is what the rules of the
                // moment made of it where it was written: the grades are the record.
                for review in card["reviews"].as_array_mut().unwrap() {
                    review.as_object_mut().unwrap().retain(|field, _| {
                        ["reviewed_at", "review_day", "grade", "effect", "origin"].contains(&field.as_str())
                    });
                }
            }
        }
        for story in doc["stories"].as_array_mut().unwrap() {
            let story = story.as_object_mut().unwrap();
            story.remove("created_at");
            story.remove("updated_at");
        }
        doc
    }
}

/// What a sync tool does: copies a machine's file into the other's folder.
fn carry(from: &Machine, to: &Machine) {
    let file = from.own_file();
    std::fs::copy(&file, to.share.join(file.file_name().unwrap())).unwrap();
}

#[test]
fn sync_brings_two_machines_to_one_database_over_ten_rounds_with_a_file_half_copied() {
    let mut laptop = Machine::new();
    let mut desktop = Machine::new();
    let profile = laptop.sandbox.write("tamarack.md", PROFILE);
    laptop.at("2026-03-01", 8).ok(&["import", &profile]);
    laptop.sync();
    carry(&laptop, &desktop);
    let first = desktop.at("2026-03-01", 8).sync();
    assert!(first.contains("1 new deck, 8 new cards"), "{first}");
    let questions = [
        "Why Tamarack?",
        "hard bug",
        "review code",
        "change first",
        "on-call",
        "migration you led",
    ];
    let mut skipped_once = false;
    for round in 0..10 {
        let day = format!("2026-03-{:02}", round + 2);
        // Both machines edit the same answer on the same day; the desktop an hour later.
        laptop.at(&day, 9);
        desktop.at(&day, 10);
        let shared = laptop.id_of(questions[round % 6]);
        laptop.ok(&["answer", &shared, "--text", &format!("laptop {round}")]);
        desktop.ok(&[
            "answer",
            &desktop.id_of(questions[round % 6]),
            "--text",
            &format!("desktop {round}"),
        ]);
        laptop.ok(&["grade", &laptop.id_of(questions[(round + 1) % 6]), "4"]);
        desktop.ok(&["grade", &desktop.id_of(questions[(round + 2) % 6]), "3"]);
        if round % 2 == 0 {
            laptop.ok(&["tag", &format!("round{round}"), &shared]);
        } else {
            desktop.ok(&[
                "untag",
                &format!("round{}", round - 1),
                &desktop.id_of(questions[(round - 1) % 6]),
            ]);
        }
        if round == 3 {
            desktop.ok(&["story", "new", "Kafka move", "--text", "Moved 40 services."]);
            desktop.ok(&["story", "link", "kafka move", &desktop.id_of("migration you led")]);
            laptop.ok(&["interview", "tamarack", "2026-03-30"]);
        }
        if round == 6 {
            laptop.ok(&["story", "unlink", "kafka move", &laptop.id_of("migration you led")]);
            desktop.ok(&["interview", "tamarack", "--clear"]);
        }
        // Each syncs, the sync tool carries the files, in turn one machine first, then the
        // other.
        let (one, other) = if round % 2 == 0 {
            (&laptop, &desktop)
        } else {
            (&desktop, &laptop)
        };
        one.sync();
        carry(one, other);
        if round == 5 {
            // The sync tool is midway through copying the desktop's file.
            let full = std::fs::read(one.own_file()).unwrap();
            let half = other.share.join(one.own_file().file_name().unwrap());
            std::fs::write(&half, &full[..full.len() / 2]).unwrap();
            let report = other.sync();
            assert!(
                report.contains(": skipped: not a prepdeck backup (invalid JSON"),
                "{report}"
            );
            assert!(report.contains("it is merged on a later run"), "{report}");
            assert_eq!(report.matches("skipped").count(), 1, "{report}");
            skipped_once = true;
            carry(other, one);
            one.sync();
            carry(one, other);
        } else {
            other.sync();
            carry(other, one);
        }
    }
    assert!(skipped_once);
    // Two more syncs each way: nothing left to learn, and they are one database.
    for _ in 0..2 {
        laptop.sync();
        carry(&laptop, &desktop);
        desktop.sync();
        carry(&desktop, &laptop);
    }
    assert_eq!(laptop.state(), desktop.state());
    let again = laptop.sync();
    assert!(again.contains("unchanged since the last sync"), "{again}");
    assert!(again.contains("this machine's file is up to date"), "{again}");
    // The later answer of each round won, alone; the earlier is in the card's history.
    let last = desktop.sandbox.card_with("migration you led");
    assert_eq!(last["answer"], "desktop 5");
    let shown = laptop.ok(&["show", &laptop.id_of("hard bug")]);
    assert!(shown.contains("desktop 7"), "{shown}");
    let earlier = shown.split("earlier versions").nth(1).unwrap_or_default();
    assert!(earlier.contains("laptop 7") && earlier.contains("desktop 1"), "{shown}");
    // Removals made on either machine stayed removed; every grade is there.
    let decks = laptop.sandbox.json(&["decks", "--json"]);
    assert_eq!(decks[0]["interview"], Value::Null);
    let story = laptop.sandbox.json(&["story", "show", "kafka move", "--json"]);
    assert_eq!(story["cards"].as_array().map(Vec::len), Some(0), "{story}");
    let reviews: u64 = laptop
        .sandbox
        .all_cards()
        .iter()
        .map(|c| c["reviews"].as_u64().unwrap())
        .sum();
    assert_eq!(reviews, 20, "ten grades on each machine");
    // Each tag the laptop added was taken off on the desktop the round after.
    let tagged = laptop.sandbox.json(&["tags", "--json"]);
    assert_eq!(tagged, serde_json::json!([]), "{tagged}");
    for machine in [&laptop, &desktop] {
        let report = machine.ok(&["check"]);
        assert!(!report.contains('✗'), "{report}");
    }
}

#[test]
fn a_folder_that_is_a_file_a_pipe_the_database_or_missing_is_refused_in_one_sentence() {
    let s = Sandbox::new();
    s.ok(&["import", &s.write("tamarack.md", PROFILE)]);
    let before = s.ok(&["export", "--all-decks", "--format", "json"]);
    let file = s.write("notes.txt", "hello");
    let err = s.fails(&["sync", &file], 1);
    assert_eq!(
        err,
        format!("prepdeck: {file}: it is a file, not a folder; give the folder your machines share\n")
    );
    let db = s.db.to_str().unwrap().to_string();
    let err = s.fails(&["sync", &db], 1);
    assert!(err.contains("it is the prepdeck database itself"), "{err}");
    let fifo = s.dir.path().join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let out = s
        .run_within(&["sync", fifo.to_str().unwrap()], std::time::Duration::from_secs(20))
        .expect("a pipe is refused without being opened");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("it is a named pipe, not a folder"));
    let missing = s.dir.path().join("nowhere");
    let err = s.fails(&["sync", missing.to_str().unwrap()], 1);
    assert!(err.contains("no such folder"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // A pipe, a folder or a stray file named like a machine's file in the folder is
    // skipped with one line; nothing hangs.
    let share = s.dir.path().join("share");
    std::fs::create_dir_all(share.join("prepdeck-aaaa.json")).unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(share.join("prepdeck-bbbb.json"))
            .status()
            .unwrap()
            .success()
    );
    std::fs::write(
        share.join("prepdeck-cccc.json"),
        "{\"format\": \"prepdeck-backup\", \"version\": 99}",
    )
    .unwrap();
    let out = s
        .run_within(&["sync", share.to_str().unwrap()], std::time::Duration::from_secs(20))
        .expect("nothing in the folder blocks a sync");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}");
    assert!(
        report.contains("prepdeck-aaaa.json: skipped: it is a folder, not a file"),
        "{report}"
    );
    assert!(
        report.contains("prepdeck-bbbb.json: skipped: it is a named pipe, not a file"),
        "{report}"
    );
    assert!(report.contains("prepdeck-cccc.json: skipped: "), "{report}");
    assert_eq!(
        before,
        s.ok(&["export", "--all-decks", "--format", "json"]),
        "nothing merged"
    );
}

#[test]
fn a_read_only_folder_still_brings_in_what_the_others_wrote_and_says_this_machines_file_was_not_written() {
    let mut laptop = Machine::new();
    let profile = laptop.sandbox.write("tamarack.md", PROFILE);
    laptop.at("2026-03-01", 9).ok(&["import", &profile]);
    laptop.sync();
    let desktop = Sandbox::for_another_user();
    let share = desktop.dir.path().join("share");
    std::fs::create_dir_all(&share).unwrap();
    let file = laptop.own_file();
    std::fs::copy(&file, share.join(file.file_name().unwrap())).unwrap();
    std::fs::set_permissions(&share, std::os::unix::fs::PermissionsExt::from_mode(0o555)).unwrap();
    let out = desktop.run_unprivileged(&["sync", share.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("cannot write this machine's file there (Permission denied")
            && err.contains("what the other machines wrote is merged"),
        "{err}"
    );
    let decks = desktop.run_unprivileged(&["decks", "--json"]);
    let decks: Value = serde_json::from_slice(&decks.stdout).unwrap();
    assert_eq!(decks[0]["name"], "Tamarack Labs", "{decks}");
    assert_eq!(
        std::fs::read_dir(&share).unwrap().count(),
        1,
        "nothing left behind in the folder"
    );
}

#[test]
fn a_dry_run_says_what_would_come_in_and_writes_nothing() {
    let mut a = Machine::new();
    let b = Machine::new();
    let profile = a.sandbox.write("tamarack.md", PROFILE);
    a.at("2026-03-01", 9).ok(&["import", &profile]);
    a.sync();
    carry(&a, &b);
    let report = b
        .sandbox
        .json(&["sync", b.share.to_str().unwrap(), "--dry-run", "--json"]);
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["files"][0]["result"], "merged");
    assert_eq!(report["files"][0]["cards_added"], 8);
    assert_eq!(report["wrote"], Value::Null);
    assert_eq!(
        b.sandbox.json(&["decks", "--json"]),
        serde_json::json!([]),
        "nothing merged"
    );
    assert_eq!(
        std::fs::read_dir(&b.share).unwrap().count(),
        1,
        "no file of its own written"
    );
}

/// A copy of a database writes as the same machine: the one that finds its file written by
/// the other merges it and takes a new name, and nothing is lost.
#[test]
fn a_copied_database_takes_a_new_machine_name_and_loses_nothing() {
    let mut a = Machine::new();
    let profile = a.sandbox.write("tamarack.md", PROFILE);
    a.at("2026-03-01", 9).ok(&["import", &profile]);
    a.sync();
    let mut b = Machine::new();
    std::fs::create_dir_all(b.sandbox.db.parent().unwrap()).unwrap();
    std::fs::copy(&a.sandbox.db, &b.sandbox.db).unwrap();
    b.at("2026-03-02", 9);
    b.ok(&["answer", &b.id_of("hard bug"), "--text", "From the copy."]);
    b.sync();
    carry(&b, &a);
    let report = a.at("2026-03-02", 10).sync();
    assert!(report.contains("another database wrote as this machine"), "{report}");
    assert_eq!(a.sandbox.card_with("hard bug")["answer"], "From the copy.");
    carry(&a, &b);
    b.sync();
    carry(&b, &a);
    a.sync();
    assert_eq!(a.state(), b.state());
}

/// A clock set back: an edit made with the clock behind the last change still wins.
#[test]
fn an_edit_made_with_the_clock_set_back_still_wins() {
    let mut a = Machine::new();
    let profile = a.sandbox.write("tamarack.md", PROFILE);
    a.at("2026-03-05", 9).ok(&["import", &profile]);
    let id = a.id_of("hard bug");
    a.ok(&["answer", &id, "--text", "First."]);
    a.at("2026-03-01", 9)
        .ok(&["answer", &id, "--text", "Second, clock behind."]);
    assert_eq!(a.sandbox.card_with("hard bug")["answer"], "Second, clock behind.");
    let b = Machine::new();
    a.sync();
    carry(&a, &b);
    b.sync();
    assert_eq!(b.sandbox.card_with("hard bug")["answer"], "Second, clock behind.");
}

// ---- The findings of the hostile pass (issue 22), each pinned. ----

/// A backup of every deck, written to `name` in the sandbox.
fn export(s: &Sandbox, name: &str) -> String {
    let path = s.dir.path().join(name);
    s.ok(&[
        "export",
        "--all-decks",
        "--format",
        "json",
        "-o",
        path.to_str().unwrap(),
    ]);
    path.to_string_lossy().into_owned()
}

/// Finding 1: each round both machines edit the same answer and story and exchange
/// backups; the texts never grow.
#[test]
fn merged_answers_and_stories_do_not_grow_round_after_round() {
    let mut a = Sandbox::new();
    a.ok(&["import", &a.write("tamarack.md", PROFILE)]);
    a.ok(&["story", "new", "Bug", "--text", "The race."]);
    let start = export(&a, "start.json");
    let mut b = Sandbox::new();
    b.ok(&["import", &start]);
    for round in 0..6 {
        let day = format!("2026-03-{:02}", round + 2);
        a.on(&day);
        b.now = format!("{day}T10:00:00+01:00");
        a.ok(&[
            "answer",
            &a.id_of("hard bug"),
            "--text",
            &format!("A's answer, round {round}."),
        ]);
        b.ok(&[
            "answer",
            &b.id_of("hard bug"),
            "--text",
            &format!("B's answer, round {round}."),
        ]);
        a.ok(&["story", "edit", "bug", "--text", &format!("A's story {round}.")]);
        b.ok(&["story", "edit", "bug", "--text", &format!("B's story {round}.")]);
        let from_a = export(&a, "a.json");
        let from_b = export(&b, "b.json");
        a.ok(&["import", &from_b]);
        b.ok(&["import", &from_a]);
        for s in [&a, &b] {
            let answer = s.card_with("hard bug")["answer"].as_str().unwrap().to_string();
            assert_eq!(answer, format!("B's answer, round {round}."), "round {round}");
            let story = s.json(&["story", "show", "bug", "--json"]);
            assert_eq!(story["body"], format!("B's story {round}."), "round {round}");
        }
    }
}

/// Finding 2: an answer cleared, a story unlinked, an interview date cleared and fitted
/// parameters reset stay so when an older backup is restored.
#[test]
fn removals_stay_removed_when_an_older_backup_is_restored() {
    let s = Sandbox::new();
    s.ok(&["import", &s.write("tamarack.md", PROFILE)]);
    let id = s.id_of("hard bug");
    s.ok(&["answer", &id, "--text", "The race in the scheduler."]);
    s.ok(&["story", "new", "Race", "--text", "Two workers."]);
    s.ok(&["story", "link", "race", &id]);
    s.ok(&["interview", "tamarack", "2026-03-20"]);
    // Fitted parameters, as `optimize` stores them (fitting needs months of reviews).
    let mut doc: Value = serde_json::from_str(&s.ok(&["export", "--all-decks", "--format", "json"])).unwrap();
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
    let with_fit = s.write("fit.json", doc.to_string());
    s.ok(&["import", &with_fit]);
    assert_ne!(s.json(&["scheduler", "--json"])["fitted_on"], Value::Null);
    let older = export(&s, "older.json");

    let mut s = s;
    s.on("2026-03-02");
    s.ok(&["answer", &id, "--text", ""]);
    s.ok(&["story", "unlink", "race", &id]);
    s.ok(&["interview", "tamarack", "--clear"]);
    s.ok(&["optimize", "--reset"]);
    s.on("2026-03-03");
    s.ok(&["import", &older]);
    let card = s.card_with("hard bug");
    assert_eq!(card["answer"], "");
    assert_eq!(card["stories"], serde_json::json!([]));
    assert_eq!(s.json(&["decks", "--json"])[0]["interview"], Value::Null);
    assert_eq!(s.json(&["scheduler", "--json"])["fitted_on"], Value::Null);
}

/// Finding 3: an answer contained in the other is not dropped without a word: the later
/// one wins, and the other is in the card's history.
#[test]
fn an_answer_contained_in_the_other_is_kept_in_the_history() {
    let mut a = Sandbox::new();
    a.ok(&["import", &a.write("tamarack.md", PROFILE)]);
    let start = export(&a, "start.json");
    let mut b = Sandbox::new();
    b.ok(&["import", &start]);
    a.on("2026-03-02");
    a.ok(&[
        "answer",
        &a.id_of("Why Tamarack?"),
        "--text",
        "I would never use Kafka here; use SQS",
    ]);
    b.on("2026-03-03");
    b.ok(&["answer", &b.id_of("Why Tamarack?"), "--text", "use Kafka"]);
    a.ok(&["import", &export(&b, "b.json")]);
    let card = a.card_with("Why Tamarack?");
    assert_eq!(card["answer"], "use Kafka", "the later answer");
    let shown = a.ok(&["show", &card["id"].to_string()]);
    let earlier = shown.split("earlier versions").nth(1).unwrap_or_default();
    assert!(earlier.contains("I would never use Kafka here; use SQS"), "{shown}");
}

/// Finding 4: a restored interview date reschedules its deck as `interview` does: no
/// card stays due on or after the interview day.
#[test]
fn a_restored_interview_date_reschedules_its_deck() {
    let mut a = Sandbox::new();
    a.ok(&["import", &a.write("tamarack.md", PROFILE)]);
    let start = export(&a, "start.json");
    for card in a.active_ids() {
        a.ok(&["grade", &card, "5"]);
    }
    a.on("2026-03-08");
    for card in a.active_ids() {
        a.ok(&["grade", &card, "5"]);
    }
    let mut b = Sandbox::new();
    b.ok(&["import", &start]);
    b.on("2026-03-09");
    b.ok(&["interview", "tamarack", "2026-03-14"]);
    a.on("2026-03-10");
    let report = a.ok(&["import", &export(&b, "b.json")]);
    assert!(report.contains("Tamarack Labs: interview date 2026-03-14"), "{report}");
    assert!(report.contains("rescheduled as `interview` would"), "{report}");
    for card in a.all_cards() {
        let due = card["due"].as_str().unwrap();
        assert!(due < "2026-03-14", "{} due {due}", card["front"]);
    }
    assert!(!a.ok(&["check"]).contains('✗'));
}

/// Finding 5: the backup's `exported_at` and its file name never reach a card's text; an
/// `exported_at` that is not a time (escape sequences, ten megabytes) is refused.
#[test]
fn a_backups_time_and_name_never_reach_user_text() {
    let a = Sandbox::new();
    a.ok(&["import", &a.write("tamarack.md", PROFILE)]);
    let start = export(&a, "start.json");
    let mut b = Sandbox::new();
    b.ok(&["import", &start]);
    a.ok(&["answer", &a.id_of("hard bug"), "--text", "A's."]);
    b.on("2026-03-02");
    b.ok(&["answer", &b.id_of("hard bug"), "--text", "B's."]);
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(export(&b, "b.json")).unwrap()).unwrap();
    for (name, exported_at) in [
        (
            "escapes.json",
            "\u{1b}[2J\u{1b}]0;owned\u{7}2026-03-02T09:00:00+01:00".to_string(),
        ),
        ("huge.json", "9".repeat(10 * 1024 * 1024)),
    ] {
        doc["exported_at"] = Value::from(exported_at);
        let path = a.write(name, doc.to_string());
        let err = a.fails(&["import", &path], 1);
        assert!(err.contains("export time"), "{err}");
        assert!(err.len() < 400 && !err.contains('\u{1b}'), "{err}");
    }
    doc["exported_at"] = Value::from("2026-03-02T09:00:00+01:00");
    let evil = a.write("evil\u{1b}[31m.json", doc.to_string());
    a.ok(&["import", &evil]);
    assert_eq!(a.card_with("hard bug")["answer"], "B's.");
    for format in ["md", "csv", "anki"] {
        let out = a.ok(&["export", "tamarack", "--format", format]);
        assert!(!out.contains('\u{1b}') && !out.contains("backup"), "{format}: {out}");
    }
}

/// Finding 6: absurd FSRS parameters in a backup are refused whole; `check` fails on any
/// that an older build let in.
#[test]
fn absurd_fsrs_parameters_are_refused_and_check_finds_stored_ones() {
    let a = Sandbox::new();
    a.ok(&["import", &a.write("tamarack.md", PROFILE)]);
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(export(&a, "a.json")).unwrap()).unwrap();
    let target = Sandbox::new();
    for (name, value) in [("huge.json", 1e30), ("negative.json", -1.0), ("zero.json", 0.0)] {
        doc["settings"]["fsrs_parameters"] = serde_json::json!(vec![value; 21]);
        let path = target.write(name, doc.to_string());
        let err = target.fails(&["import", &path], 1);
        assert!(
            err.contains("its FSRS parameters are not usable (w0 is"),
            "{name}: {err}"
        );
        assert!(err.ends_with("; nothing was restored\n"), "{err}");
    }
    assert!(target.json(&["decks", "--json"]).as_array().unwrap().is_empty());
    // Stored by an older build: `check` names them and fails.
    set_setting(&a.db, "fsrs_parameters", &serde_json::json!(vec![1e30; 21]).to_string());
    let out = a.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("✗ fitted FSRS parameters out of range: w0 is 1e30"),
        "{report}"
    );
    set_setting(
        &a.db,
        "fsrs_parameters",
        &serde_json::json!(fsrs_defaults()).to_string(),
    );
    set_setting(&a.db, "desired_retention", "1.5");
    let report = String::from_utf8_lossy(&a.run(&["check"]).stdout).into_owned();
    assert!(
        report.contains("✗ FSRS desired retention 1.5 is outside 0.70-0.99"),
        "{report}"
    );
}

fn fsrs_defaults() -> Vec<f64> {
    vec![
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629,
        1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ]
}

/// Writes a setting straight into the database, as a build without checks would have.
fn set_setting(db: &Path, key: &str, value: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
        [key, value],
    )
    .unwrap();
}

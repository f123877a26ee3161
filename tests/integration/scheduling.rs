//! Scheduling through the command line: grade, due, interview dates, plan, answers,
//! suspension and check.

use serde_json::Value;

use crate::util::Sandbox;

const TWO_DECKS_A: &str = "# Company Profile: Alder Bank
## Potential Questions to Prepare For
- Why banking?
- How do you test money movement?
- What is your weakest skill?
## Key Talking Points
- Built the settlement service
";

const TWO_DECKS_B: &str = "# Company Profile: Birch Games
## Common Questions
- Favourite game?
- How do you profile a frame?
";

fn two_decks() -> Sandbox {
    let sandbox = Sandbox::new();
    let a = sandbox.write("alder.md", TWO_DECKS_A);
    let b = sandbox.write("birch.md", TWO_DECKS_B);
    sandbox.ok(&["import", &a, &b]);
    sandbox
}

#[test]
fn grading_follows_sm2_to_the_day() {
    let mut sandbox = two_decks();
    let id = sandbox.id_of("Why banking?");
    // Grades 5,0,5,5,5 a due date apart: intervals 1,1,1,6,12 and EF 2.6,1.8,1.9,2.0,2.1.
    let expected = [
        ("2026-03-01", "5", 1, 2.6, "2026-03-02"),
        ("2026-03-02", "0", 1, 1.8, "2026-03-03"),
        ("2026-03-03", "easy", 1, 1.9, "2026-03-04"),
        ("2026-03-04", "5", 6, 2.0, "2026-03-10"),
        ("2026-03-10", "5", 12, 2.1, "2026-03-22"),
    ];
    for (day, grade, interval, ease, due) in expected {
        sandbox.on(day);
        let result = sandbox.json(&["grade", &id, grade, "--json"]);
        assert_eq!(result["interval"], interval, "{day}");
        assert_eq!(result["ease"], ease, "{day}");
        assert_eq!(result["due"], due, "{day}");
    }
    let card = sandbox.card_with("Why banking?");
    assert_eq!(card["lapses"], 1);
    assert_eq!(card["reviews"], 5);
    assert_eq!(card["repetitions"], 3);
    assert_eq!(card["state"], "review");
    assert_eq!(card["last_reviewed"], "2026-03-10");
    // Graded again the same day: an early review with no time elapsed, so the interval
    // stays 12 instead of growing to ⌈12 × 2.1⌉ = 26.
    let text = sandbox.ok(&["grade", &id, "good"]);
    assert_eq!(
        text,
        format!("card #{id} graded 4: next due 2026-03-22 (in 12 days) · interval 12 d · ease 2.10\n")
    );
}

#[test]
fn due_lists_overdue_first_then_new_cards_within_the_daily_limit() {
    let mut sandbox = two_decks();
    let why = sandbox.id_of("Why banking?");
    let game = sandbox.id_of("Favourite game?");
    sandbox.ok(&["grade", &why, "4"]);
    sandbox.on("2026-02-27");
    sandbox.ok(&["grade", &game, "4"]);
    sandbox.on("2026-03-02");
    let due = sandbox.json(&["due", "--json", "--new", "1"]);
    let fronts: Vec<&str> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["front"].as_str().unwrap())
        .collect();
    // Favourite game? was due on 2026-02-28 (most overdue), Why banking? on 2026-03-02,
    // then one new card per deck.
    assert_eq!(
        fronts,
        vec![
            "Favourite game?",
            "Why banking?",
            "How do you test money movement?",
            "How do you profile a frame?"
        ]
    );
    assert_eq!(
        sandbox
            .json(&["due", "--json", "--limit", "2"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let alder_only = sandbox.json(&["due", "alder", "--json"]);
    assert!(alder_only.as_array().unwrap().iter().all(|c| c["deck"] == "Alder Bank"));
    let text = sandbox.ok(&["due", "--new", "0"]);
    assert!(text.starts_with("2 cards to review today: 2 due, 0 new\n"), "{text}");
}

#[test]
fn with_nothing_due_review_and_due_name_the_next_day() {
    let sandbox = two_decks();
    for card in sandbox.all_cards() {
        sandbox.ok(&["grade", &card["id"].to_string(), "5"]);
    }
    assert_eq!(
        sandbox.ok(&["due"]),
        "Nothing to review now. The next card is due tomorrow (2026-03-02).\n"
    );
}

#[test]
fn an_interview_date_brings_cards_back_the_day_before_and_paces_new_cards() {
    let mut sandbox = two_decks();
    let out = sandbox.ok(&["interview", "alder", "2026-03-07"]);
    assert!(
        out.starts_with("Alder Bank: interview on Saturday 7 March 2026 (in 6 days)."),
        "{out}"
    );
    let id = sandbox.id_of("Why banking?");
    sandbox.ok(&["grade", &id, "5"]);
    sandbox.on("2026-03-02");
    // SM-2 says six days (2026-03-08), past the interview: the card comes back on 03-06,
    // the last day before it, and the interval shown is the four days to it.
    let graded = sandbox.json(&["grade", &id, "5", "--json"]);
    assert_eq!(graded["interval"], 4, "the days to the due date the rule set");
    assert_eq!(graded["due"], "2026-03-06");
    let shown = sandbox.ok(&["show", &id]);
    assert!(shown.contains("interval 4 days"), "{shown}");
    let decks = sandbox.json(&["decks", "--json"]);
    assert_eq!(decks[0]["name"], "Alder Bank", "the nearest interview comes first");
    assert_eq!(decks[0]["interview"], "2026-03-07");
    assert_eq!(decks[0]["days_left"], 5);
    // The top-up is an early review: four days of the six have passed, so the interval
    // grows from those (⌈4 × 2.7⌉ = 11), not from six; and it stays where SM-2 puts it.
    sandbox.on("2026-03-06");
    let topped = sandbox.json(&["grade", &id, "5", "--json"]);
    assert_eq!(topped["interval"], 11);
    assert_eq!(topped["due"], "2026-03-17");
    // After the interview, plain SM-2: ⌈11 × 2.8⌉ = 31.
    sandbox.on("2026-03-17");
    let after = sandbox.json(&["grade", &id, "5", "--json"]);
    assert_eq!(after["due"], "2026-04-17");
    sandbox.ok(&["interview", "alder", "--clear"]);
    assert_eq!(sandbox.json(&["decks", "--json"])[0]["interview"], Value::Null);
    assert_eq!(
        sandbox.fails(&["interview", "alder"], 2),
        "prepdeck: give the interview date (YYYY-MM-DD), --clear to remove it, or --minutes N for a daily budget\n"
    );
}

#[test]
fn a_card_recalled_well_on_first_sight_waits_longer_for_its_first_step_before_an_interview() {
    let mut sandbox = two_decks();
    sandbox.ok(&["interview", "alder", "2026-03-21"]);
    let why = sandbox.id_of("Why banking?");
    let test = sandbox.id_of("How do you test money movement?");
    let weak = sandbox.id_of("What is your weakest skill?");
    // SM-2's first step is one day; with the interview's last day ahead a 4 waits two
    // days and a 5 four, while a 3 keeps SM-2's day. The interval shown is the wait.
    let good = sandbox.json(&["grade", &why, "4", "--json"]);
    assert_eq!(
        (good["interval"].clone(), good["due"].clone()),
        (2.into(), "2026-03-03".into())
    );
    let easy = sandbox.json(&["grade", &test, "5", "--json"]);
    assert_eq!(easy["due"], "2026-03-05");
    let hard = sandbox.json(&["grade", &weak, "3", "--json"]);
    assert_eq!(hard["due"], "2026-03-02");
    // Birch Games has no interview: plain SM-2.
    let game = sandbox.id_of("Favourite game?");
    assert_eq!(sandbox.json(&["grade", &game, "5", "--json"])["due"], "2026-03-02");
    // Without the interview the step is SM-2's again.
    sandbox.ok(&["interview", "alder", "--clear"]);
    assert_eq!(sandbox.card_with("Why banking?")["due"], "2026-03-02");
    assert_eq!(
        sandbox.card_with("How do you test money movement?")["due"],
        "2026-03-02"
    );
    // Late in the run-up the step would pass the last day (03-20): it waits for that day.
    sandbox.ok(&["interview", "alder", "2026-03-21"]);
    sandbox.on("2026-03-17");
    let late = sandbox.json(&["grade", &weak, "0", "--json"]);
    assert_eq!(late["due"], "2026-03-18", "a failed card keeps its next day");
    sandbox.on("2026-03-18");
    let relearned = sandbox.json(&["grade", &weak, "4", "--json"]);
    assert_eq!(relearned["due"], "2026-03-20");
}

#[test]
fn an_interview_date_never_pushes_a_card_already_due_to_a_later_day() {
    let mut sandbox = two_decks();
    let why = sandbox.id_of("Why banking?");
    // Learned on 02-20 and 02-21: due 02-27 by SM-2's six days.
    sandbox.on("2026-02-20");
    sandbox.ok(&["grade", &why, "4"]);
    sandbox.on("2026-02-21");
    assert_eq!(sandbox.json(&["grade", &why, "4", "--json"])["due"], "2026-02-27");
    // On 03-01 it is two days overdue. An interview on 03-04 would hold a review due that
    // close to the last day (03-03) for it, but this one is already due: it stays due.
    sandbox.on("2026-03-01");
    sandbox.ok(&["interview", "alder", "2026-03-04"]);
    assert_eq!(sandbox.card_with("Why banking?")["due"], "2026-02-27");
    let due = sandbox.json(&["due", "--json"]);
    assert!(
        due.as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == why.parse::<i64>().unwrap()),
        "{due}"
    );
}

#[test]
fn due_cards_of_a_deck_with_an_interview_come_before_older_ones_of_decks_without() {
    let mut sandbox = Sandbox::new();
    let questions = |company: &str, n: usize| {
        let mut doc = format!("# Company Profile: {company}\n## Common Questions\n");
        for i in 1..=n {
            doc.push_str(&format!("- {company} question number {i}?\n"));
        }
        doc
    };
    let alpha = sandbox.write("alpha.md", questions("Alpha", 4));
    let zeta = sandbox.write("zeta.md", questions("Zeta", 3));
    sandbox.ok(&["import", &alpha, &zeta]);
    // Alpha's cards fell due on 02-21; Zeta's fall due today, four days before its
    // interview (not tomorrow, so the session limit still applies to them).
    sandbox.on("2026-02-20");
    for i in 1..=4 {
        let id = sandbox.id_of(&format!("Alpha question number {i}?"));
        sandbox.ok(&["grade", &id, "4"]);
    }
    sandbox.on("2026-02-28");
    for i in 1..=3 {
        let id = sandbox.id_of(&format!("Zeta question number {i}?"));
        sandbox.ok(&["grade", &id, "3"]);
    }
    sandbox.on("2026-03-01");
    sandbox.ok(&["interview", "zeta", "2026-03-05"]);
    let due = sandbox.json(&["due", "--limit", "3", "--json"]);
    let decks: Vec<&str> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["deck"].as_str().unwrap())
        .collect();
    assert_eq!(decks, ["Zeta", "Zeta", "Zeta"], "{due}");
}

#[test]
fn pacing_raises_the_new_card_quota_before_an_interview() {
    let sandbox = Sandbox::new();
    let mut profile = String::from("# Company Profile: Cedar Labs\n## Common Questions\n");
    for i in 1..=30 {
        profile.push_str(&format!("- Question number {i}?\n"));
    }
    let path = sandbox.write("cedar.md", profile);
    sandbox.ok(&["import", &path]);
    assert_eq!(sandbox.json(&["due", "--json"]).as_array().unwrap().len(), 10);
    // Every card is to be seen four days before the interview: six days out that leaves
    // three days, ⌈30 / 3⌉ = 10, the usual pace.
    sandbox.ok(&["interview", "cedar", "+6"]);
    assert_eq!(sandbox.json(&["due", "--json"]).as_array().unwrap().len(), 10);
    // Four days out or nearer, every unseen card is due today.
    sandbox.ok(&["interview", "cedar", "+4"]);
    assert_eq!(sandbox.json(&["due", "--json"]).as_array().unwrap().len(), 30);
    sandbox.ok(&["interview", "cedar", "+5"]);
    assert_eq!(sandbox.json(&["due", "--json"]).as_array().unwrap().len(), 15);
    // Cards first seen today still count against today's quota.
    let first = sandbox.json(&["due", "--json"])[0]["id"].to_string();
    sandbox.ok(&["grade", &first, "4"]);
    assert_eq!(sandbox.json(&["due", "--json"]).as_array().unwrap().len(), 14);
}

/// A deck of `n` questions, "Cedar Labs", imported into a fresh sandbox.
fn cedar(n: usize) -> Sandbox {
    let sandbox = Sandbox::new();
    let mut profile = String::from("# Company Profile: Cedar Labs\n## Common Questions\n");
    for i in 1..=n {
        profile.push_str(&format!("- Question number {i}?\n"));
    }
    let path = sandbox.write("cedar.md", profile);
    sandbox.ok(&["import", &path]);
    sandbox
}

fn queue_length(sandbox: &Sandbox, args: &[&str]) -> usize {
    let mut all = vec!["due", "--json"];
    all.extend_from_slice(args);
    sandbox.json(&all).as_array().unwrap().len()
}

#[test]
fn on_the_interview_day_every_unseen_card_is_introduced() {
    let sandbox = cedar(30);
    assert_eq!(queue_length(&sandbox, &[]), 10);
    sandbox.ok(&["interview", "cedar", "today"]);
    assert_eq!(queue_length(&sandbox, &[]), 30, "no daily cap on the day");
    assert_eq!(queue_length(&sandbox, &["--new", "2"]), 30);
    let first = sandbox.json(&["due", "--json"])[0]["id"].to_string();
    sandbox.ok(&["grade", &first, "4"]);
    assert_eq!(queue_length(&sandbox, &[]), 29, "the rest, not 30 more");
}

#[test]
fn the_session_limit_never_hides_a_card_of_an_interview_today_or_tomorrow() {
    let sandbox = cedar(30);
    let birch = sandbox.write("birch.md", TWO_DECKS_B);
    sandbox.ok(&["import", &birch]);
    for (when, cedar_cards) in [("+2", 5), ("tomorrow", 30), ("today", 30)] {
        sandbox.ok(&["interview", "cedar", when]);
        let due = sandbox.json(&["due", "--json", "--limit", "5"]);
        let cards = due.as_array().unwrap();
        let of_cedar = cards.iter().filter(|c| c["deck"] == "Cedar Labs").count();
        assert_eq!(of_cedar, cedar_cards, "interview {when}");
        if cedar_cards > 5 {
            assert_eq!(cards.len(), 30, "the other deck waits: the limit is used up");
        }
    }
}

#[test]
fn plan_says_when_a_day_needs_more_than_the_limit() {
    let sandbox = cedar(30);
    sandbox.ok(&["interview", "cedar", "+3"]);
    let text = sandbox.ok(&["plan", "cedar", "--limit", "12"]);
    assert!(
        text.contains("Sun 01 Mar: 30 cards, over the session limit of 12; the rest wait for the next day.\n"),
        "{text}"
    );
    assert!(
        text.contains("Tue 03 Mar: 30 cards, over the session limit of 12; all shown, the interview being near.\n"),
        "{text}"
    );
    let plan = sandbox.json(&["plan", "cedar", "--limit", "12", "--json"]);
    let days = plan["days"].as_array().unwrap();
    assert_eq!(days[0]["new"], 12);
    assert_eq!(days[0]["over_limit"], 18);
    let new: u64 = days.iter().map(|d| d["new"].as_u64().unwrap()).sum();
    assert_eq!(new, 30, "every card is introduced before the interview day");
    assert!(!sandbox.ok(&["plan", "cedar"]).contains("session limit"));
}

#[test]
fn plan_shows_every_day_to_the_interview() {
    let sandbox = two_decks();
    sandbox.ok(&["interview", "alder", "+10"]);
    let plan = sandbox.json(&["plan", "alder", "--json"]);
    let days = plan["days"].as_array().unwrap();
    assert_eq!(days.len(), 11);
    assert_eq!(days[0]["day"], "2026-03-01");
    assert_eq!(days[10]["days_left"], 0);
    let new: u64 = days.iter().map(|d| d["new"].as_u64().unwrap()).sum();
    assert_eq!(new, 4, "every card is introduced");
    assert!(days[9]["reviews"].as_u64().unwrap() > 0, "reviews land the day before");
    let text = sandbox.ok(&["plan", "alder"]);
    assert!(
        text.contains("DAY                   LEFT  REVIEWS  NEW  TOTAL"),
        "{text}"
    );
    let err = sandbox.fails(&["plan", "birch"], 1);
    assert!(err.contains("Birch Games has no interview date ahead"), "{err}");
}

#[test]
fn answers_are_written_from_text_or_the_editor() {
    let sandbox = two_decks();
    let id = sandbox.id_of("Why banking?");
    assert_eq!(
        sandbox.ok(&["answer", &id, "--text", "I like ledgers."]),
        format!("answer to card #{id} saved\n")
    );
    assert_eq!(sandbox.card_with("Why banking?")["back"], "I like ledgers.");
    // An editor that appends a line to the file it is given.
    sandbox.answer_in_editor(&id, "printf 'Also: payments are fun.\\n' >> \"$1\"");
    assert_eq!(
        sandbox.card_with("Why banking?")["back"],
        "I like ledgers.\nAlso: payments are fun."
    );
    // An editor that writes a STAR answer with markdown headings above what was there.
    sandbox.answer_in_editor(
        &id,
        "printf '# Situation\\nA ledger lagged.\\n## Result\\nNo lag since.\\n' > \"$1.new\"\ncat \"$1\" >> \"$1.new\"\nmv \"$1.new\" \"$1\"",
    );
    assert_eq!(
        sandbox.card_with("Why banking?")["back"],
        "# Situation\nA ledger lagged.\n## Result\nNo lag since.\nI like ledgers.\nAlso: payments are fun.",
        "headings written in the editor are the user's text, kept like --text keeps them"
    );
    let talking = sandbox.id_of("settlement service");
    sandbox.ok(&["answer", &talking, "--text", "mention the 2am page"]);
    let card = sandbox.card_with("settlement service");
    assert_eq!(
        card["back"], "Built the settlement service",
        "notes never replace a document's back"
    );
    assert_eq!(card["answer"], "mention the 2am page");
}

#[test]
fn suspended_cards_leave_the_queue_until_resumed() {
    let sandbox = two_decks();
    let id = sandbox.id_of("Why banking?");
    sandbox.ok(&["suspend", &id]);
    assert_eq!(sandbox.card_with("Why banking?")["state"], "suspended");
    assert!(!sandbox.ok(&["due"]).contains("Why banking?"));
    assert!(!sandbox.ok(&["cards"]).contains("Why banking?"));
    sandbox.ok(&["unsuspend", &id]);
    assert!(sandbox.ok(&["due"]).contains("Why banking?"));
    sandbox.ok(&["suspend", &id]);
    // Grading a suspended card records the grade but promises no due date.
    assert_eq!(
        sandbox.ok(&["grade", &id, "4"]),
        format!(
            "card #{id} graded 4: interval 1 d · ease 2.50\nit stays suspended: `prepdeck unsuspend {id}` brings it back\n"
        )
    );
    assert_eq!(sandbox.card_with("Why banking?")["state"], "suspended");
}

#[test]
fn check_passes_a_healthy_database_and_names_what_is_wrong() {
    let sandbox = two_decks();
    let id = sandbox.id_of("Why banking?");
    sandbox.ok(&["grade", &id, "4"]);
    let report = sandbox.ok(&["check"]);
    assert!(report.contains("✓ integrity and foreign keys"), "{report}");
    assert!(report.contains("✓ schedules agree with the review log"), "{report}");
    assert!(report.ends_with("2 decks, 6 cards, 1 logged review\n"), "{report}");
    {
        let conn = rusqlite::Connection::open(&sandbox.db).unwrap();
        conn.execute(
            "UPDATE cards SET interval_days = 40, due = '2200-01-01' WHERE id = ?1",
            [id.parse::<i64>().unwrap()],
        )
        .unwrap();
    }
    let out = sandbox.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains(&format!(
            "✗ schedule differs from the last logged review: 1 card: #{id}"
        )),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "✗ due more than the interval cap after its last review: 1 card: #{id}"
        )),
        "{report}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 problems found in the database"));
    {
        let conn = rusqlite::Connection::open(&sandbox.db).unwrap();
        conn.execute("UPDATE deck_days SET reviews = 7", []).unwrap();
    }
    let report = String::from_utf8_lossy(&sandbox.run(&["check"]).stdout).into_owned();
    assert!(
        report.contains("✗ daily totals differ from the review log: 1 deck: #1"),
        "{report}"
    );
}

#[test]
fn check_accepts_grades_given_while_the_clock_went_backwards() {
    let mut sandbox = two_decks();
    let id = sandbox.id_of("Why banking?");
    let other = sandbox.id_of("Favourite game?");
    sandbox.on("2026-03-10");
    sandbox.ok(&["grade", &id, "4"]);
    sandbox.ok(&["grade", &other, "4"]);
    // A time-zone change or PREPDECK_NOW: the next grade is dated five days earlier.
    sandbox.on("2026-03-05");
    sandbox.ok(&["grade", &id, "3"]);
    for day in ["2026-03-05", "2026-03-10"] {
        sandbox.on(day);
        let report = sandbox.ok(&["check"]);
        assert!(
            report.contains("✓ schedules agree with the review log"),
            "{day}: {report}"
        );
    }
    sandbox.on("2026-03-05");
    let report = sandbox.ok(&["check"]);
    assert!(
        report.contains(
            "note: 1 card was last reviewed after today (2026-03-05): the clock was ahead then, or is behind now"
        ),
        "{report}"
    );
    let card = sandbox.card_with("Why banking?");
    assert_eq!(card["last_reviewed"], "2026-03-05");
    assert_eq!(card["reviews"], 2);
}

#[test]
fn check_accepts_what_grading_in_year_9999_wrote() {
    let mut sandbox = two_decks();
    let id = sandbox.id_of("Why banking?");
    for day in ["9999-12-01", "9999-12-02", "9999-12-08", "9999-12-25"] {
        sandbox.on(day);
        sandbox.ok(&["grade", &id, "5"]);
    }
    let card = sandbox.card_with("Why banking?");
    assert_eq!(card["due"], "9999-12-31", "dates stop at the last four-digit year");
    let report = sandbox.ok(&["check"]);
    assert!(report.contains("✓ schedules agree with the review log"), "{report}");
    sandbox.ok(&["due"]);
    let err = sandbox.fails(&["interview", "alder", "+30"], 2);
    assert!(err.contains("\"+30\" is not a date"), "{err}");
}

//! FSRS beside SM-2 through the command line: switching a deck's scheduler and back,
//! the database's default and desired retention, fitting parameters, and readiness in
//! cards (the weakest ones, how many are expected to be recalled).

use serde_json::Value;

use crate::util::Sandbox;

/// A deck of twelve questions, "Cedar Labs", with an interview on 2026-03-20, graded over
/// three days (one failure among them).
fn graded_deck() -> Sandbox {
    let mut sandbox = Sandbox::new();
    let mut profile = String::from("# Company Profile: Cedar Labs\n## Common Questions\n");
    for i in 1..=12 {
        profile.push_str(&format!("- Question number {i}?\n"));
    }
    let path = sandbox.write("cedar.md", profile);
    sandbox.ok(&["import", &path]);
    sandbox.ok(&["interview", "cedar", "2026-03-20"]);
    for (day, grades) in [
        ("2026-03-01", ["4", "5", "3", "4", "4", "5"]),
        ("2026-03-02", ["4", "1", "4", "5", "3", "4"]),
    ] {
        sandbox.on(day);
        for (i, grade) in grades.iter().enumerate() {
            sandbox.ok(&["grade", &(i + 1).to_string(), grade]);
        }
    }
    sandbox.on("2026-03-03");
    sandbox
}

/// Each card's (id, due, repetitions, ease, stability), in id order. (The interval shown
/// is the days to the due date, which each scheduler sets its own way.)
fn schedules(sandbox: &Sandbox) -> Vec<(i64, Value, Value, Value, Value)> {
    let mut cards: Vec<_> = sandbox
        .all_cards()
        .into_iter()
        .map(|c| {
            (
                c["id"].as_i64().unwrap(),
                c["due"].clone(),
                c["repetitions"].clone(),
                c["ease"].clone(),
                c["stability"].clone(),
            )
        })
        .collect();
    cards.sort_by_key(|c| c.0);
    cards
}

#[test]
fn switching_a_deck_to_fsrs_and_back_restores_every_due_date() {
    let sandbox = graded_deck();
    let sm2 = schedules(&sandbox);
    assert!(
        sm2.iter().take(6).all(|c| c.4.is_number()),
        "every graded card has a memory"
    );
    let out = sandbox.ok(&["scheduler", "cedar", "fsrs"]);
    assert!(out.starts_with("Cedar Labs now uses FSRS (was SM-2): "), "{out}");
    assert!(
        out.ends_with("`prepdeck scheduler 'Cedar Labs' sm2` switches back.\n"),
        "{out}"
    );
    let fsrs = schedules(&sandbox);
    assert_ne!(
        fsrs.iter().map(|c| &c.1).collect::<Vec<_>>(),
        sm2.iter().map(|c| &c.1).collect::<Vec<_>>(),
        "FSRS sets its own due dates"
    );
    for (under_fsrs, under_sm2) in fsrs.iter().zip(&sm2) {
        assert_eq!(
            (&under_fsrs.2, &under_fsrs.3, &under_fsrs.4),
            (&under_sm2.2, &under_sm2.3, &under_sm2.4),
            "SM-2's state and the memory stay as the grades made them"
        );
    }
    assert_eq!(sandbox.all_cards()[0]["scheduler"], "fsrs");
    assert_eq!(
        sandbox.ok(&["scheduler", "cedar", "fsrs"]),
        "Cedar Labs uses FSRS, as before.\n"
    );
    sandbox.ok(&["scheduler", "cedar", "sm2"]);
    assert_eq!(schedules(&sandbox), sm2, "back under SM-2, every due date is back");
    assert!(sandbox.ok(&["check"]).contains("✓ schedules agree with the review log"));
}

#[test]
fn a_deck_graded_under_fsrs_gets_fsrs_intervals_and_the_top_up() {
    let mut sandbox = graded_deck();
    sandbox.ok(&["scheduler", "cedar", "fsrs"]);
    let id = "7";
    sandbox.on("2026-03-03");
    let first = sandbox.json(&["grade", id, "4", "--json"]);
    // A new card graded good: FSRS-6's initial stability for good is 2.3 days.
    assert_eq!(first["due"], "2026-03-05");
    sandbox.on("2026-03-05");
    let second = sandbox.json(&["grade", id, "4", "--json"]);
    let stability = second["stability"].as_f64().unwrap();
    assert!(stability > 5.0, "{second}");
    // Reviewed on the last day before the interview, the card keeps FSRS's own date.
    sandbox.on("2026-03-19");
    let topped = sandbox.json(&["grade", id, "4", "--json"]);
    let due = topped["due"].as_str().unwrap();
    assert!(due > "2026-03-20", "{topped}");
}

#[test]
fn the_default_scheduler_and_retention_apply_to_decks_without_their_own() {
    let sandbox = graded_deck();
    let birch = sandbox.write(
        "birch.md",
        "# Company Profile: Birch Games\n## Common Questions\n- Favourite game?\n",
    );
    sandbox.ok(&["import", &birch]);
    sandbox.ok(&["scheduler", "birch", "sm2"]);
    let out = sandbox.ok(&["scheduler", "--default", "fsrs"]);
    assert!(
        out.starts_with("Decks without their own scheduler now use FSRS: "),
        "{out}"
    );
    let listing = sandbox.ok(&["scheduler"]);
    assert!(listing.contains("Cedar Labs   fsrs (default)\n"), "{listing}");
    assert!(listing.contains("Birch Games  sm2\n"), "{listing}");
    assert!(listing.ends_with("Decks without their own scheduler use fsrs. FSRS: FSRS-6's default parameters (`prepdeck optimize` fits them to your log), desired retention 0.90.\n"), "{listing}");
    let before = schedules(&sandbox);
    sandbox.ok(&["scheduler", "--retention", "0.97"]);
    let stricter = schedules(&sandbox);
    assert!(
        before.iter().zip(&stricter).any(|(a, b)| b.1.as_str() < a.1.as_str()),
        "a higher retention brings reviews sooner"
    );
    let json = sandbox.json(&["scheduler", "--json"]);
    assert_eq!(json["default"], "fsrs");
    assert_eq!(json["desired_retention"], 0.97);
    assert_eq!(json["decks"][0]["name"], "Cedar Labs");
    assert_eq!(json["decks"][0]["own"], false);
    assert_eq!(json["decks"][1]["own"], true);
    sandbox.ok(&["scheduler", "cedar", "default"]);
    assert_eq!(
        sandbox.fails(&["scheduler", "cedar", "anki"], 2),
        "prepdeck: \"anki\" is not a scheduler: use sm2 or fsrs\n"
    );
    assert_eq!(
        sandbox.fails(&["scheduler", "--retention", "1.5"], 2),
        "prepdeck: a desired retention of 1.5 is outside 0.70-0.99\n"
    );
    assert_eq!(
        sandbox.json(&["scheduler", "--json"])["desired_retention"],
        0.97,
        "unchanged"
    );
}

#[test]
fn optimize_says_how_many_more_reviews_it_needs() {
    let sandbox = graded_deck();
    assert_eq!(
        sandbox.fails(&["optimize"], 1),
        "prepdeck: not enough reviews to fit FSRS: it needs 400 reviews made a day or more after the card's previous one, and the log has 6; 394 more are needed\n"
    );
    assert_eq!(
        sandbox.ok(&["optimize", "--reset"]),
        "FSRS is back to its default parameters: 0 cards recomputed from their review log.\n"
    );
}

#[test]
fn the_weakest_cards_are_named_and_listed() {
    let sandbox = graded_deck();
    let weakest = sandbox.json(&["cards", "cedar", "--weakest", "3", "--json"]);
    let weakest = weakest.as_array().unwrap();
    assert_eq!(weakest.len(), 3);
    // Card 2 was failed on 03-02: the least likely to be recalled on 03-20, though not
    // counted as forgotten: its memory took the failure in, and says what is left.
    assert_eq!(weakest[0]["id"], 2);
    let failed = weakest[0]["recall"].as_f64().unwrap();
    assert!(failed > 0.0 && failed < 0.8, "{failed}");
    assert_eq!(weakest[0]["recall_day"], "2026-03-20");
    let recalls: Vec<f64> = weakest.iter().map(|c| c["recall"].as_f64().unwrap()).collect();
    assert!(recalls.windows(2).all(|w| w[0] <= w[1]), "{recalls:?}");
    let text = sandbox.ok(&["cards", "cedar", "--weakest"]);
    assert!(
        text.starts_with("Least likely to be recalled on Fri 20 Mar, weakest first:\n"),
        "{text}"
    );
    assert!(
        text.ends_with("6 cards not yet seen count as forgotten: `prepdeck review` introduces them.\n"),
        "{text}"
    );
    let stats = sandbox.json(&["stats", "cedar", "--json"]);
    let deck = &stats["decks"][0];
    assert_eq!(deck["weakest"][0]["id"], 2);
    assert_eq!(deck["weakest"].as_array().unwrap().len(), 3);
    let expected = deck["expected_recall"].as_f64().unwrap();
    let readiness = deck["readiness"].as_f64().unwrap();
    assert!(
        (expected - readiness / 100.0 * 12.0).abs() < 0.1,
        "{expected} of 12 at {readiness}%"
    );
    let page = sandbox.ok(&["stats", "cedar"]);
    assert!(
        page.contains(&format!(
            "  recall     ≈{expected:.0} of 12 cards on Fri 20 Mar (6 not yet seen) · SM-2\n"
        )),
        "{page}"
    );
    assert!(
        page.contains("all of them, weakest first: prepdeck cards 'Cedar Labs' --weakest\n"),
        "{page}"
    );
}

/// A backup of `cards` questions, each graded good on `days` (days after 2026-01-01 for
/// card `c`): built from a one-card export, its review rows copied with new days.
fn backup_of_histories(sandbox: &Sandbox, cards: u64, days: impl Fn(u64) -> Vec<u64>) -> String {
    let template = Sandbox::new();
    let path = template.write("oak.md", "# Company Profile: Oak\n## Common Questions\n- Why us?\n");
    template.ok(&["import", &path]);
    template.ok(&["grade", "1", "4"]);
    template.ok(&["export", "oak", "--format", "json", "-o", "oak.json"]);
    let mut backup: Value =
        serde_json::from_slice(&std::fs::read(template.dir.path().join("oak.json")).unwrap()).unwrap();
    backup["decks"][0]["documents"] = serde_json::json!([]);
    let card = backup["decks"][0]["cards"][0].clone();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let made: Vec<Value> = (0..cards)
        .map(|c| {
            let mut copy = card.clone();
            copy["guid"] = format!("g{c:05}").into();
            copy["item_text"] = format!("Question number {c}?").into();
            copy["position"] = c.into();
            let reviews: Vec<Value> = days(c)
                .into_iter()
                .map(|d| {
                    let day = start + chrono::Days::new(d);
                    let mut review = card["reviews"][0].clone();
                    review["review_day"] = day.to_string().into();
                    review["reviewed_at"] = format!("{day}T09:00:00+00:00").into();
                    review
                })
                .collect();
            copy["review_count"] = reviews.len().into();
            copy["reviews"] = reviews.into();
            copy
        })
        .collect();
    backup["decks"][0]["cards"] = made.into();
    // The format named first, as prepdeck writes it (a JSON value sorts its keys).
    let decks = backup.as_object_mut().unwrap().remove("decks").unwrap();
    let rest = serde_json::to_string(&backup).unwrap();
    let text = format!("{},\"decks\":{decks}}}", &rest[..rest.len() - 1]);
    sandbox.write("histories.json", text)
}

#[test]
fn optimize_says_so_when_fsrs_learns_nothing_and_stores_nothing() {
    let mut sandbox = Sandbox::new();
    // No two cards share a first grade and a second day: FSRS sets every history aside.
    let backup = backup_of_histories(&sandbox, 120, |c| {
        let mut day = 0;
        let mut days = vec![0];
        for step in 0..4 {
            day += 1 + c + step * 200;
            days.push(day);
        }
        days
    });
    sandbox.on("2030-01-01");
    sandbox.ok(&["import", &backup]);
    let before = sandbox.json(&["scheduler", "--json"]);
    assert_eq!(
        sandbox.fails(&["optimize"], 1),
        "prepdeck: FSRS learned nothing from the 480 reviews: it set aside every card's history as too short or unlike the others, and fell back to its defaults; nothing was stored\n"
    );
    assert_eq!(sandbox.json(&["scheduler", "--json"]), before, "nothing stored");
    assert_eq!(before["parameters"], Value::Null);
}

//! The story bank end to end: a story written once, linked to questions at two companies,
//! shown on both backs, kept through re-import, counted in coverage.

use crate::util::Sandbox;

const ACME: &str = "# Company Profile: Acme Robotics\n## Common Questions\n- How would you design a scalable model serving system?\n- What are your salary expectations?\n";
const KELP: &str = "# Company Profile: Kelp Analytics\n## Interview Questions\n- How do you approach building scalable ML infrastructure?\n- Tell me about a production incident you owned.\n";

fn two_decks() -> Sandbox {
    let s = Sandbox::new();
    let acme = s.write("acme.md", ACME);
    let kelp = s.write("kelp.md", KELP);
    s.ok(&["import", &acme, &kelp]);
    s
}

#[test]
fn a_story_linked_in_two_decks_shows_on_both_and_survives_reimport() {
    let s = two_decks();
    let serving = s.id_of("model serving");
    let infra = s.id_of("ML infrastructure");
    let out = s.ok(&[
        "story",
        "new",
        "Serving at scale",
        "--text",
        "Situation: GPUs idle.\nResult: 3x cheaper.",
    ]);
    assert!(out.starts_with("story “Serving at scale” saved\n"), "{out}");
    assert!(out.contains("questions it may answer"), "{out}");
    assert!(
        out.contains(&format!("#{serving} ")) && out.contains(&format!("#{infra} ")),
        "{out}"
    );
    assert_eq!(
        s.ok(&["story", "link", "serving", &serving, &infra]),
        format!("linked story “Serving at scale” to #{serving}, #{infra} (2 new)\n")
    );
    for id in [&serving, &infra] {
        let card = s.json(&["show", id, "--json"]);
        assert_eq!(
            card["back"],
            "Story “Serving at scale”:\nSituation: GPUs idle.\nResult: 3x cheaper."
        );
        assert_eq!(card["stories"], serde_json::json!(["Serving at scale"]));
    }
    // An answer of the card's own comes first.
    s.ok(&["answer", &serving, "--text", "Start from the latency budget."]);
    let back = s.json(&["show", &serving, "--json"])["back"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        back.starts_with("Start from the latency budget.\n\nStory “Serving at scale”:"),
        "{back}"
    );

    // The Kelp document rewords its question: the card, and so its link, stays.
    let kelp = s.write(
        "kelp.md",
        KELP.replace("How do you approach building", "How would you approach building"),
    );
    let report = s.ok(&["import", &kelp]);
    assert!(report.contains("1 changed"), "{report}");
    let card = s.json(&["show", &infra, "--json"]);
    assert!(card["front"].as_str().unwrap().starts_with("How would you approach"));
    assert_eq!(card["stories"], serde_json::json!(["Serving at scale"]));

    let shown = s.ok(&["story", "show", "serv"]);
    assert!(shown.contains("Situation: GPUs idle."), "{shown}");
    assert!(shown.contains(&format!("#{serving} Acme Robotics")), "{shown}");
    assert!(shown.contains(&format!("#{infra} Kelp Analytics")), "{shown}");
}

#[test]
fn coverage_counts_answers_and_stories_and_unanswered_lists_the_rest() {
    let s = two_decks();
    let serving = s.id_of("model serving");
    let incident = s.id_of("production incident");
    s.ok(&["story", "new", "Outage", "--text", "Owned the 2am page."]);
    s.ok(&["story", "link", "outage", &incident]);
    s.ok(&["answer", &serving, "--text", "Latency budget first."]);
    let stats = s.json(&["stats", "--json"]);
    let deck = |name: &str| {
        stats["decks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (
            deck("Acme Robotics")["answered"].as_u64(),
            deck("Acme Robotics")["storied"].as_u64()
        ),
        (Some(1), Some(0))
    );
    assert_eq!(
        (
            deck("Kelp Analytics")["answered"].as_u64(),
            deck("Kelp Analytics")["storied"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let text = s.ok(&["stats", "kelp"]);
    assert!(
        text.contains("1 of 2 questions have a prepared answer (1 by a story)"),
        "{text}"
    );
    let unanswered = s.json(&["cards", "--unanswered", "--json"]);
    let fronts: Vec<&str> = unanswered
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["front"].as_str().unwrap())
        .collect();
    assert_eq!(
        fronts,
        vec![
            "What are your salary expectations?",
            "How do you approach building scalable ML infrastructure?"
        ]
    );
    s.fails(&["cards", "--unanswered", "--kind", "ask"], 2);

    // The prep sheet counts the same, and prints each story once under "Your stories".
    let sheet = s.ok(&["export", "kelp", "--format", "md"]);
    assert!(sheet.contains("Prepared: 1 of 2 questions (1 by a story)."), "{sheet}");
    assert!(sheet.contains("Story: **Outage** (under Your stories)"), "{sheet}");
    assert!(
        sheet.contains("## Your stories\n\n### Outage\n\nAnswers question 2 here.\n\nOwned the 2am page.\n"),
        "{sheet}"
    );
    assert_eq!(sheet.matches("Owned the 2am page.").count(), 1, "{sheet}");
}

#[test]
fn stories_refuse_what_they_cannot_do_and_removal_names_what_it_takes() {
    let s = two_decks();
    let serving = s.id_of("model serving");
    s.ok(&["story", "new", "Serving", "--text", "GPUs."]);
    assert_eq!(
        s.fails(&["story", "new", "serving", "--text", "again"], 1),
        "prepdeck: a story named \"serving\" exists already\n"
    );
    assert_eq!(
        s.fails(&["story", "link", "nosuch", &serving], 1),
        "prepdeck: no story is called \"nosuch\"; `prepdeck story list` lists them\n"
    );
    assert_eq!(
        s.ok(&["story", "new", "Empty", "--text", "Situation:\nTask:\nAction:\nResult:"]),
        "nothing written; no story made\n"
    );
    s.ok(&["story", "link", "serving", &serving]);
    // No terminal to ask on: --yes is needed, and nothing is removed.
    let err = s.fails(&["story", "remove", "serving"], 2);
    assert!(
        err.contains(&format!(
            "removing story “Serving” (1 card shows it: #{serving}; 1 card without its own answer keeps the \
             story's text as its answer: #{serving}) needs --yes"
        )),
        "{err}"
    );
    assert_eq!(s.json(&["story", "list", "--json"]).as_array().unwrap().len(), 1);
    let out = s.ok(&["story", "remove", "serving", "--yes"]);
    assert!(out.starts_with("deleted story “Serving”"), "{out}");
    assert_eq!(s.json(&["show", &serving, "--json"])["answer"], "GPUs.");
}

#[test]
fn removing_a_story_keeps_its_text_on_cards_without_an_answer_of_their_own() {
    let s = two_decks();
    let serving = s.id_of("model serving");
    let infra = s.id_of("ML infrastructure");
    let salary = s.id_of("salary expectations");
    s.ok(&["answer", &infra, "--text", "Sharded by tenant."]);
    s.ok(&[
        "story",
        "new",
        "Serving",
        "--text",
        "Situation: GPUs idle.\nResult: 3x cheaper.",
    ]);
    s.ok(&["story", "link", "serving", &serving, &infra, &salary]);
    let (first, second) = if serving < salary {
        (&serving, &salary)
    } else {
        (&salary, &serving)
    };
    let err = s.fails(&["story", "remove", "serving"], 2);
    assert!(
        err.contains(&format!(
            "3 cards show it: #{serving}, #{salary}, #{infra}; 2 cards without their own answer keep the story's \
             text as their answer: #{first}, #{second}; the other card's own answer stays) needs --yes"
        )),
        "{err}"
    );
    assert_eq!(
        s.ok(&["story", "remove", "serving", "--yes"]),
        format!(
            "deleted story “Serving” (3 cards showed it: #{serving}, #{salary}, #{infra}; 2 cards without their own \
             answer kept the story's text as their answer: #{first}, #{second}; the other card's own answer stays)\n"
        )
    );
    for id in [&serving, &salary] {
        let card = s.json(&["show", id, "--json"]);
        assert_eq!(card["answer"], "Situation: GPUs idle.\nResult: 3x cheaper.");
        assert_eq!(card["stories"], serde_json::json!([]));
    }
    assert_eq!(s.json(&["show", &infra, "--json"])["answer"], "Sharded by tenant.");
    assert_eq!(s.json(&["story", "list", "--json"]), serde_json::json!([]));
    let unanswered = s.json(&["cards", "--unanswered", "--json"]);
    assert!(
        unanswered
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["front"] != "What are your salary expectations?"),
        "the card is still prepared: {unanswered}"
    );
}

#[test]
fn anki_and_csv_exports_carry_the_story_as_the_back() {
    let s = two_decks();
    let serving = s.id_of("model serving");
    s.ok(&["story", "new", "Serving", "--text", "Autoscaled GPU pool."]);
    s.ok(&["story", "link", "serving", &serving]);
    let anki = s.ok(&["export", "acme", "--format", "anki"]);
    let row = anki.lines().find(|l| l.contains("model serving")).unwrap();
    assert!(row.contains("Story “Serving”:<br>Autoscaled GPU pool."), "{row}");
    let csv = s.ok(&["export", "acme", "--format", "csv"]);
    let row = csv.lines().find(|l| l.contains("model serving")).unwrap();
    assert!(row.contains("Story “Serving”:"), "{row}");
}

#[test]
fn stories_survive_a_backup_and_two_machines_merge_without_losing_one() {
    // Machine A writes a story for Acme's question; machine B, a day later, one for Kelp's
    // with the same name and another text.
    let a = two_decks();
    let serving = a.id_of("model serving");
    a.ok(&["story", "new", "Serving", "--text", "Autoscaled GPU pool."]);
    a.ok(&["story", "link", "serving", &serving]);
    a.ok(&["export", "--all-decks", "--format", "json", "-o", "a.json"]);
    let mut b = two_decks();
    b.on("2026-03-02");
    let infra = b.id_of("ML infrastructure");
    b.ok(&["story", "new", "Serving", "--text", "Sharded by tenant."]);
    b.ok(&["story", "link", "serving", &infra]);
    b.ok(&["export", "--all-decks", "--format", "json", "-o", "b.json"]);
    let backup_a = a.dir.path().join("a.json");
    let backup_b = b.dir.path().join("b.json");
    let backup: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&backup_a).unwrap()).unwrap();
    assert_eq!(backup["version"], 6);
    assert_eq!(backup["stories"][0]["name"], "Serving");

    // A third machine restores both: one story (the same name is the same story), the later
    // text, never the two glued together, linked to both questions.
    let c = Sandbox::new();
    c.ok(&["import", &backup_a.to_string_lossy()]);
    let report = c.ok(&["import", &backup_b.to_string_lossy()]);
    assert!(report.contains("took the later values from the backup"), "{report}");
    let stories = c.json(&["story", "list", "--json"]);
    assert_eq!(stories.as_array().unwrap().len(), 1);
    let body = stories[0]["body"].as_str().unwrap();
    assert_eq!(body, "Sharded by tenant.");
    let fronts: Vec<&str> = stories[0]["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["front"].as_str().unwrap())
        .collect();
    assert_eq!(fronts.len(), 2, "{fronts:?}");
    // Restoring either again changes nothing; in the other order the same comes out.
    let before = c.ok(&["story", "list", "--json"]);
    c.ok(&["import", &backup_b.to_string_lossy()]);
    c.ok(&["import", &backup_a.to_string_lossy()]);
    assert_eq!(c.ok(&["story", "list", "--json"]), before);
    let d = Sandbox::new();
    d.ok(&["import", &backup_b.to_string_lossy()]);
    d.ok(&["import", &backup_a.to_string_lossy()]);
    assert_eq!(d.json(&["story", "list", "--json"])[0]["body"], "Sharded by tenant.");
    c.ok(&["check"]);
}

const QUARRY: &str = "# Company Profile: Quarry Systems
## Key Talking Points
- Wrote the firmware update path for 900 field sensors
## Questions to Ask the Interviewer
- How do field engineers report problems?
## Skills-to-Requirements Mapping
| Your Skill | Their Requirement | Talking Point |
|---|---|---|
| Embedded Rust | Safe firmware for remote devices | Staged rollouts |
";

#[test]
fn stories_link_to_skill_map_and_talking_point_cards_and_a_refused_card_stops_no_other() {
    let s = Sandbox::new();
    let quarry = s.write("quarry.md", QUARRY);
    s.ok(&["import", &quarry]);
    let skill = s.id_of("Safe firmware");
    let point = s.id_of("firmware update path");
    let ask = s.id_of("field engineers");
    s.ok(&["story", "new", "Rollout", "--text", "Staged the update to 900 sensors."]);

    let out = s.run(&["story", "link", "rollout", &skill, &ask, "9999", &point]);
    assert_eq!(out.status.code(), Some(1), "some cards were refused");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("linked story “Rollout” to #{skill}, #{point} (2 new)\n")
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "prepdeck: card #{ask} is a card of kind ask: stories answer questions, topics, talking points and \
             skill-map requirements, so link one of those\n\
             prepdeck: no card has the id \"9999\"; `prepdeck cards --all` lists them\n\
             prepdeck: 2 of 4 cards were not linked (see above)\n"
        )
    );
    for id in [&skill, &point] {
        let card = s.json(&["show", id, "--json"]);
        assert_eq!(card["stories"], serde_json::json!(["Rollout"]), "{card}");
    }
    assert_eq!(s.json(&["show", &ask, "--json"])["stories"], serde_json::json!([]));
    // The back a session shows carries the story after the skill and talking point.
    let shown = s.ok(&["show", &skill]);
    assert!(shown.contains("Story “Rollout”:"), "{shown}");
    assert!(shown.contains("Staged the update to 900 sensors."), "{shown}");
    // Every card refused: nothing linked, and the status says so.
    let err = s.fails(&["story", "link", "rollout", &ask], 1);
    assert!(
        err.starts_with(&format!("prepdeck: card #{ask} is a card of kind ask")),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let sheet = s.ok(&["export", "quarry", "--format", "md"]);
    assert!(sheet.contains("## Your stories\n\n### Rollout\n"), "{sheet}");
}

//! Stats: each figure pinned to its definition on a hand-made history, and the rendered
//! page pinned by golden snapshots with and without colour.

use crate::util::Sandbox;

const ALDER: &str = "# Company Profile: Alder Bank
## Potential Questions to Prepare For
- Question A?
- Question B?
- Question C?
## Key Talking Points
- Talking point D
";

const BIRCH: &str = "# Company Profile: Birch Games
## Common Questions
- Question E?
- Question F?
";

/// Alder (interview 2026-03-20): A 5,5 · B 2,4 · C 4,3 · D new, with no review on 03-03.
/// Birch (no interview): E graded 5 four times into a 48-day interval · F new.
fn history() -> Sandbox {
    let mut s = Sandbox::new();
    s.on("2026-02-01");
    let alder = s.write("alder.md", ALDER);
    let birch = s.write("birch.md", BIRCH);
    s.ok(&["import", &alder, &birch]);
    let card_a = s.id_of("Question A?");
    let card_b = s.id_of("Question B?");
    let card_c = s.id_of("Question C?");
    let card_e = s.id_of("Question E?");
    for day in ["2026-02-01", "2026-02-02", "2026-02-08", "2026-02-25"] {
        s.on(day).ok(&["grade", &card_e, "5"]);
    }
    s.on("2026-03-01");
    s.ok(&["interview", "alder", "2026-03-20"]);
    s.ok(&["grade", &card_a, "5"]);
    s.ok(&["grade", &card_b, "2"]);
    s.ok(&["grade", &card_c, "4"]);
    s.on("2026-03-02");
    s.ok(&["grade", &card_a, "5"]);
    s.ok(&["grade", &card_b, "4"]);
    s.on("2026-03-04");
    s.ok(&["grade", &card_c, "3"]);
    s.on("2026-03-05");
    s
}

fn close(actual: &serde_json::Value, expected: f64) -> bool {
    (actual.as_f64().unwrap() - expected).abs() < 0.051
}

/// A deck's readiness by its definition: the mean of the recall estimates `cards --json`
/// shows for its active cards (each on its deck's readiness day), as a percentage.
fn mean_recall_shown(s: &Sandbox, deck: &str) -> f64 {
    let cards = s.json(&["cards", deck, "--json"]);
    let recalls: Vec<f64> = cards
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["recall"].as_f64().unwrap())
        .collect();
    100.0 * recalls.iter().sum::<f64>() / recalls.len() as f64
}

#[test]
fn every_figure_matches_its_definition() {
    let mut s = history();
    let stats = s.json(&["stats", "--json"]);
    let alder = &stats["decks"][0];
    let birch = &stats["decks"][1];
    assert_eq!(alder["name"], "Alder Bank");
    // Readiness on the interview day: the mean of each card's recall estimate then, as
    // `cards --json` shows it (its memory's retrievability; D never seen counts 0). B
    // failed on 03-01 and was recalled the next day: counted as what its memory says.
    assert!(close(&alder["readiness"], mean_recall_shown(&s, "alder")), "{alder}");
    assert!(close(&alder["readiness"], 61.4), "{alder}");
    assert_eq!(alder["readiness_day"], "2026-03-20");
    // Birch has no interview: measured today (E's memory after four reviews, F 0).
    assert!(close(&birch["readiness"], mean_recall_shown(&s, "birch")), "{birch}");
    assert!(close(&birch["readiness"], 49.7), "{birch}");
    assert_eq!(birch["readiness_day"], "2026-03-05");
    let expected = alder["expected_recall"].as_f64().unwrap();
    assert!(
        (expected - 4.0 * mean_recall_shown(&s, "alder") / 100.0).abs() < 0.05,
        "{alder}"
    );
    assert_eq!(alder["cards"], 4);
    assert_eq!(alder["new"], 1);
    assert_eq!(alder["learning"], 1, "B lapsed back to one repetition");
    assert_eq!(alder["review"], 2, "A and C have two repetitions each");
    assert_eq!(alder["due"], 1, "B was due 2026-03-03");
    assert_eq!(alder["mature"], 0);
    assert_eq!(birch["mature"], 1);
    assert_eq!(alder["retention"], 0.833, "5 of 6 reviews graded 3 or more");
    assert_eq!(
        birch["retention"], 1.0,
        "E's reviews on 02-08 and 02-25 fall in the 30 days"
    );
    assert_eq!(birch["reviews_30d"], 2, "02-01 and 02-02 are older than 30 days");
    assert_eq!(alder["streak"], 1, "03-04 only: 03-03 had no review and B was due");
    assert_eq!(
        birch["streak"], 32,
        "02-01 to 03-04: E was reviewed on every day it was due, and nothing else was ever due"
    );
    assert_eq!(alder["questions"], 3);
    assert_eq!(alder["answered"], 0);
    assert_eq!(alder["interview"], "2026-03-20");
    assert_eq!(alder["days_left"], 15);
    let total = &stats["total"];
    assert_eq!(total["cards"], 6);
    assert_eq!(total["due"], 1);
    assert!(close(&total["readiness"], 57.5), "{total}");
    assert_eq!(stats["forecast"].as_array().unwrap().len(), 14);
    assert_eq!(stats["forecast"][0]["due"], 1, "overdue cards count today");

    // The same history, read on other days.
    s.on("2026-03-03");
    let stats = s.json(&["stats", "alder", "--json"]);
    assert_eq!(stats["decks"].as_array().unwrap().len(), 1);
    assert_eq!(stats["total"]["streak"], 2, "ending yesterday still counts");
    s.on("2026-03-05");
    s.ok(&["interview", "alder", "--clear"]);
    let stats = s.json(&["stats", "alder", "--json"]);
    // Without an interview the target is today.
    assert!(
        close(&stats["decks"][0]["readiness"], mean_recall_shown(&s, "alder")),
        "{stats}"
    );
    let decks = s.json(&["decks", "--json"]);
    for field in [
        "name",
        "cards",
        "new",
        "due",
        "interview",
        "readiness",
        "retention",
        "streak",
    ] {
        assert!(decks[0].get(field).is_some(), "decks --json lacks {field}");
    }
}

#[test]
fn the_stats_page_renders_the_same_every_time() {
    let s = history();
    let plain = s.ok(&["stats"]);
    insta::assert_snapshot!("stats_plain", plain);
    let colored = s.ok(&["stats", "--color", "always"]);
    assert!(colored.contains("\u{1b}[1m"), "colour was asked for");
    insta::assert_snapshot!("stats_colored", colored.replace('\u{1b}', "␛"));
    let piped = s.command(&["stats"]).env_remove("NO_COLOR").output().unwrap();
    assert!(
        !String::from_utf8_lossy(&piped.stdout).contains('\u{1b}'),
        "no colour when piped"
    );
}

#[test]
fn a_past_interview_shows_readiness_for_today_not_for_the_past_day() {
    let mut s = Sandbox::new();
    let alder = s.write("alder.md", ALDER);
    s.ok(&["import", &alder]);
    s.ok(&["interview", "alder", "2026-03-05"]);
    s.ok(&["grade", &s.id_of("Question A?"), "4"]);
    s.on("2026-03-08");
    let stats = s.json(&["stats", "--json"]);
    assert_eq!(stats["decks"][0]["readiness_day"], "2026-03-08");
    let page = s.ok_at(80, &["stats"]);
    assert!(page.contains("today (interview was 2026-03-05)"), "{page}");
    let sheet = s.ok(&["export", "alder", "--format", "md"]);
    let header = sheet.lines().nth(2).unwrap();
    assert!(
        header.starts_with("Interview was **Thursday 5 March 2026** (3 days ago) · readiness today "),
        "{header}"
    );
}

/// SPEC §4: a deck's readiness (and its expected-recall count) is the mean of the recall
/// estimates `cards --json` shows, whichever scheduler, before and after an interview date.
#[test]
fn readiness_is_the_mean_of_the_estimates_cards_json_shows() {
    let mut s = history();
    for scheduler in ["sm2", "fsrs"] {
        s.ok(&["scheduler", "alder", scheduler]);
        for deck in ["alder", "birch"] {
            let stats = s.json(&["stats", deck, "--json"]);
            let figures = &stats["decks"][0];
            let mean = mean_recall_shown(&s, deck);
            assert!(
                close(&figures["readiness"], mean),
                "{scheduler} {deck}: {figures} vs {mean}"
            );
            let cards = figures["cards"].as_f64().unwrap();
            let expected = figures["expected_recall"].as_f64().unwrap();
            assert!((expected - cards * mean / 100.0).abs() < 0.051, "{figures}");
        }
    }
    s.on("2026-03-12");
    s.ok(&["interview", "alder", "+3"]);
    let stats = s.json(&["stats", "alder", "--json"]);
    assert_eq!(stats["decks"][0]["readiness_day"], "2026-03-15");
    assert!(close(&stats["decks"][0]["readiness"], mean_recall_shown(&s, "alder")));
    let cards = s.json(&["cards", "alder", "--json"]);
    assert!(
        cards
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["recall_day"] == "2026-03-15")
    );
}

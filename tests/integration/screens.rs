//! Every screen a user reads, pinned by golden snapshots at 80 columns: a review card
//! (front, then revealed), the session summary, `stats`, `decks`, `plan`, a mock question
//! and its end table, and `show`. No line of any of them is wider than 80 columns.

use std::time::Duration;

use chrono::NaiveDate;
use prepdeck::domain::{CardId, DeckId, Grade, Kind, Progress, Sm2};
use prepdeck::report::figures::{DeckReadiness, WeakCard};
use prepdeck::report::summary::{MockAnswer, MockReport, MockSummary, RepeatedCard, SessionReport, SessionSummary};
use prepdeck::schedule::fsrs::default_model;
use prepdeck::schedule::{Mode, Rules, preview};
use prepdeck::ui::Style;
use prepdeck::ui::preview::GradePreview;
use prepdeck::ui::prompt::{CardView, MockResult, back_screen, front_screen, mock_grade_screen, mock_question_screen};
use serde_json::Value;

use crate::util::Sandbox;

const WIDTH: usize = 80;

const PROFILE: &str = "# Company Profile: Saltmarsh Freight Technologies

## Company Mission and Values
- **Mission statement**: \"Every pallet, on time, every time\"

## Interview Preparation
### Key Talking Points
- Rebuilt the dispatch optimiser so that 1,200 trucks a day are routed in under four seconds each
- Mentored three engineers through their first on-call rotations

### Keywords to Emphasize
- Route optimisation
- Observability

### Potential Questions to Prepare For
- \"Walk us through a time you had to choose between shipping on schedule and fixing a reliability problem you had found late.\"
- \"How would you design the ETA service?\"
  - [glassdoor thread](https://example.com/glassdoor/saltmarsh-eta)

### Questions to Ask Interviewer
- \"Which part of the routing stack would the team rebuild first, given a free quarter?\"
";

/// Fails on any line wider than the terminal.
fn fits(name: &str, text: &str) {
    for line in text.lines() {
        assert!(
            prepdeck::ui::width(line) <= WIDTH,
            "{name}: a line of {} columns:\n{line}",
            prepdeck::ui::width(line)
        );
    }
}

/// The deck with a week of history: an interview on 2026-03-09, grades on two days, an
/// answer written, a mock interview's worth of timings.
fn saltmarsh() -> Sandbox {
    let mut s = Sandbox::new();
    let path = s.write("saltmarsh.md", PROFILE);
    s.ok(&["import", &path]);
    s.ok(&["interview", "saltmarsh", "2026-03-09"]);
    let walk = s.id_of("Walk us through");
    let eta = s.id_of("ETA service");
    s.ok(&[
        "answer",
        &walk,
        "--text",
        "Situation: the March release, a data race found two days out.\nAction: shipped behind a flag, fixed in a week.\nResult: no customer saw it.",
    ]);
    s.ok(&["grade", &walk, "4"]);
    s.ok(&["grade", &eta, "2"]);
    s.on("2026-03-02");
    s.ok(&["grade", &walk, "5"]);
    s.ok(&["grade", &eta, "4"]);
    s.on("2026-03-03");
    s
}

fn view_of(card: &Value, position: usize, total: usize) -> CardView {
    let kind: Kind = card["kind"].as_str().unwrap().parse().unwrap();
    let answer = card["answer"].as_str().unwrap().to_string();
    CardView {
        position,
        total,
        card_id: card["id"].as_i64().unwrap(),
        deck: card["deck"].as_str().unwrap().to_string(),
        kind,
        section: card["section"].as_str().unwrap().to_string(),
        front: card["front"].as_str().unwrap().to_string(),
        back: card["back"].as_str().unwrap().to_string(),
        notes: if kind.back_is_answer() { String::new() } else { answer },
        context: card["context"].as_str().unwrap().to_string(),
        repeat: false,
        left: total - position,
        similar: Vec::new(),
        preview: Some(preview_of(card)),
    }
}

/// What each grade would do to a card on 2026-03-03, its deck's interview on 2026-03-09.
fn preview_of(card: &Value) -> GradePreview {
    let day = |v: &Value| v.as_str().map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
    let last_reviewed = day(&card["last_reviewed"]);
    let progress = Progress {
        sm2: Sm2 {
            ease: card["ease"].as_f64().unwrap(),
            interval: card["interval"].as_u64().unwrap() as u32,
            repetitions: card["repetitions"].as_u64().unwrap() as u32,
        },
        due: day(&card["due"]),
        last_reviewed,
        last_grade: last_reviewed.and(Grade::new(4)),
        first_reviewed: last_reviewed,
        lapses: card["lapses"].as_u64().unwrap() as u32,
        memory: None,
    };
    let today = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
    let rules = Rules::sm2(NaiveDate::from_ymd_opt(2026, 3, 9), default_model());
    GradePreview::of(&preview(&progress, Mode::Review, today, &rules), today, 4)
}

#[test]
fn a_review_card_front_and_revealed() {
    let s = saltmarsh();
    let style = Style::plain(WIDTH);
    let point = view_of(&s.card_with("dispatch optimiser"), 3, 12);
    let question = view_of(&s.card_with("Walk us through"), 4, 12);
    let eta = view_of(&s.card_with("ETA service"), 5, 12);
    let screen = format!(
        "{}{}{}{}{}{}",
        front_screen(&point, &style),
        back_screen(&point, &style, true),
        front_screen(&question, &style),
        back_screen(&question, &style, true),
        front_screen(&eta, &style),
        back_screen(&eta, &style, true),
    );
    fits("review card", &screen);
    insta::assert_snapshot!("review_card", screen);
}

#[test]
fn the_session_summary() {
    let style = Style::plain(WIDTH);
    let summary = SessionSummary {
        cards: 6,
        grades: [0, 1, 0, 1, 3, 2],
        first_time: 4,
        repeated: vec![RepeatedCard {
            card: CardId(14),
            front: "Walk us through a time you had to choose between shipping on schedule and fixing a reliability problem you had found late.".to_string(),
            tries: 2,
        }],
        skipped: 1,
        suspended: 0,
        elapsed: Duration::from_secs(254),
        quit_early: false,
        reviews: 6,
        practice: 1,
        decks: vec![DeckId(1)],
        graded: [
            (CardId(14), vec![Grade::new(1).unwrap(), Grade::new(4).unwrap()]),
            (CardId(9), vec![Grade::new(4).unwrap()]),
        ]
        .into_iter()
        .collect(),
    };
    let weak = |id, recall| WeakCard {
        id,
        front: String::new(),
        recall,
        due: chrono::NaiveDate::from_ymd_opt(2026, 3, 2),
    };
    let readiness = |id, name: &str, percent: f64| DeckReadiness {
        id: DeckId(id),
        name: name.to_string(),
        percent,
        expected: percent / 100.0 * 12.0,
        cards: 12,
        unseen: 2,
        day: chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
        weakest: Vec::new(),
    };
    let before = [
        readiness(1, "Saltmarsh Freight Technologies", 31.0),
        readiness(2, "Untouched Co", 50.0),
    ];
    let after = [
        DeckReadiness {
            weakest: vec![weak(14, 0.0), weak(9, 0.62), weak(3, 0.81)],
            ..readiness(1, "Saltmarsh Freight Technologies", 58.0)
        },
        readiness(2, "Untouched Co", 50.0),
    ];
    let report = SessionReport {
        summary,
        before: before.to_vec(),
        after: after.to_vec(),
        then: None,
    };
    let screen = prepdeck::ui::summary::session_report(&report, &style);
    fits("session summary", &screen);
    assert!(
        !screen.contains("Untouched Co"),
        "a deck the session did not grade is left out"
    );
    insta::assert_snapshot!("session_summary", screen);
}

#[test]
fn the_stats_decks_plan_and_show_pages() {
    let mut s = saltmarsh();
    let other = s.write(
        "quay.md",
        "# Company Profile: Quay Street Analytics\n## Common Questions\n- Why analytics?\n",
    );
    s.ok(&["import", &other]);
    s.ok(&["interview", "quay", "2026-03-04"]);
    s.on("2026-03-06");
    for (name, args) in [
        ("stats", vec!["stats"]),
        ("decks", vec!["decks"]),
        ("plan", vec!["plan", "saltmarsh"]),
        ("show", vec!["show", &s.id_of("Walk us through")]),
        ("show_talking_point", vec!["show", &s.id_of("dispatch optimiser")]),
    ] {
        let page = s.ok_at(WIDTH, &args);
        fits(name, &page);
        insta::assert_snapshot!(name, page);
    }
}

#[test]
fn a_mock_question_its_grading_and_its_end_table() {
    let s = saltmarsh();
    let style = Style::plain(WIDTH);
    let question = view_of(&s.card_with("Walk us through"), 2, 3);
    let grading = MockResult {
        card: question.clone(),
        elapsed: Duration::from_secs(137),
        limit: Duration::from_secs(120),
        timed_out: true,
    };
    let answer = |front: &str, seconds, timed_out, grade| MockAnswer {
        card: CardId(1),
        front: front.to_string(),
        elapsed: Duration::from_secs(seconds),
        timed_out,
        grade: Grade::new(grade),
    };
    let summary = MockSummary {
        run: 1,
        drawn: 3,
        answers: vec![
            answer("How would you design the ETA service?", 71, false, 4),
            answer(&question.front, 137, true, 3),
            answer("Why Saltmarsh, and why now?", 40, false, 9),
        ],
        stopped_early: false,
    };
    let readiness = |percent: f64| DeckReadiness {
        id: DeckId(1),
        name: "Saltmarsh Freight Technologies".to_string(),
        percent,
        expected: percent / 100.0 * 12.0,
        cards: 12,
        unseen: 0,
        day: chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
        weakest: Vec::new(),
    };
    let screen = format!(
        "{}{}{}",
        mock_question_screen(&question, &style),
        mock_grade_screen(&grading, &style),
        prepdeck::ui::summary::mock_report(
            &MockReport {
                summary,
                limit: Duration::from_secs(120),
                before: vec![readiness(31.0)],
                after: vec![readiness(44.0)],
                seed: 7,
            },
            &style
        )
    );
    fits("mock", &screen);
    insta::assert_snapshot!("mock_question_and_end_table", screen);
}

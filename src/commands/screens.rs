//! Every command's screen drawn in-process from its view, at 80 columns, and pinned by
//! snapshots: a deck with a week of history is built in a store in memory, each view is
//! read from it as its command reads it, and drawn as the terminal shows it. No process,
//! no terminal.

use chrono::Days;

use crate::clock::Now;
use crate::domain::{BudgetChange, CardRef, Grade, InterviewChange, Scheduler, SearchTerms};
use crate::report::import::{ChangeLine, FileReport, ImportReport, ItemLine, Shape};
use crate::store::{CardFilter, Store};
use crate::study::cards::{self, Wanted};
use crate::study::queue::{DayRules, todays_queue};
use crate::study::{check, decks, edits, figures, grading, plan, stories};
use crate::ui::{self, Style};

const WIDTH: usize = 80;

const PROFILE: &str = "# Company Profile: Saltmarsh Freight Technologies

## Interview Preparation
### Key Talking Points
- Rebuilt the dispatch optimiser so that 1,200 trucks a day are routed in under four seconds each
- Mentored three engineers through their first on-call rotations

### Potential Questions to Prepare For
- \"Walk us through a time you had to choose between shipping on schedule and fixing a reliability problem you had found late.\"
- \"How would you design the ETA service?\"
- \"Why Saltmarsh, and why now?\"

### Questions to Ask Interviewer
- \"Which part of the routing stack would the team rebuild first, given a free quarter?\"
";

fn style() -> Style {
    Style::plain(WIDTH)
}

fn now(day: &str) -> Now {
    Now::parse(&format!("{day}T09:00:00+00:00")).unwrap()
}

/// Fails on any line wider than the terminal.
fn fits(name: &str, text: &str) {
    for line in text.lines() {
        assert!(
            ui::width(line) <= WIDTH,
            "{name}: a line of {} columns:\n{line}",
            ui::width(line)
        );
    }
}

/// Pins `screen` under `name`, once no line of it is wider than the terminal.
fn pin(name: &str, screen: &str) {
    fits(name, screen);
    insta::assert_snapshot!(name, screen);
}

/// The deck with a week of history: an interview on 2026-03-12, each card graded on
/// 2026-03-01 (one question failed), two questions graded again on 2026-03-04, an answer
/// written, a tag, and a story linked; read on 2026-03-06.
fn saltmarsh() -> (Store, Now) {
    let mut store = crate::import::test_store(PROFILE);
    let deck = store.find_deck("saltmarsh").unwrap();
    let first = now("2026-03-01");
    decks::set_interview(
        &mut store,
        deck,
        InterviewChange::Set(first.today() + Days::new(11)),
        BudgetChange::Keep,
        first.today(),
        None,
    )
    .unwrap();
    let cards = store.cards(&CardFilter::default()).unwrap();
    let id_of = |start: &str| cards.iter().find(|c| c.item_text.starts_with(start)).unwrap().id;
    let (walk, eta) = (id_of("Walk us through"), id_of("How would you design"));
    for card in &cards {
        let grade = if card.id == walk { 1 } else { 4 };
        grading::grade_from_script(&mut store, card.id, Grade::new(grade).unwrap(), first).unwrap();
    }
    for id in [walk, eta] {
        grading::grade_from_script(&mut store, id, Grade::new(5).unwrap(), now("2026-03-04")).unwrap();
    }
    let stamp = &crate::testing::stamp("2026-03-04T10:00:00+00:00");
    store
        .set_answer(walk, "Shipped on time behind a flag, fixed it the week after.", stamp)
        .unwrap();
    edits::tag(&mut store, "ops", &[CardRef::One(eta)], true, stamp).unwrap();
    let mut guids = crate::domain::card::GuidSource::new(7, 1);
    stories::write(
        &mut store,
        "Late reliability fix",
        "Situation: a late bug.",
        false,
        &mut guids,
        stamp,
    )
    .unwrap();
    stories::link(&mut store, "late", &[CardRef::One(walk)], true, stamp).unwrap();
    (store, now("2026-03-06"))
}

#[test]
fn the_deck_screens() {
    let (mut store, now) = saltmarsh();
    let today = now.today();
    pin(
        "decks",
        &ui::decks::deck_list(&figures::deck_list(&store, today, None).unwrap(), &style()),
    );
    pin(
        "stats",
        &ui::stats_page::render(&figures::stats(&store, today, None, Some(20)).unwrap(), &style()),
    );
    // Its last sentence is one line however wide (the end-to-end tests pin it so): held to
    // its snapshot, not to the width.
    insta::assert_snapshot!(
        "schedulers",
        ui::decks::schedulers(&decks::schedulers(&store, None).unwrap(), &style())
    );
    let deck = store.find_deck("saltmarsh").unwrap();
    let set = decks::set_interview(
        &mut store,
        deck,
        InterviewChange::Keep,
        BudgetChange::Set(25),
        today,
        None,
    )
    .unwrap();
    pin("interview", &ui::decks::interview_set(&set, &style()));
    let change = decks::set_deck_scheduler(&mut store, deck, Some(Scheduler::Fsrs), today).unwrap();
    // Sentences as the command has always printed them, one line each however wide.
    insta::assert_snapshot!("scheduler_switched", ui::decks::scheduler_changes(&[change]));
}

#[test]
fn the_plan() {
    let (store, now) = saltmarsh();
    let rules = plan::PlanRules {
        pace: crate::schedule::plan::Pace {
            per_day: 10,
            introduced_today: 0,
            limit: 200,
        },
        default_minutes: Some(15),
    };
    let plans = plan::plans(&store, Some("saltmarsh"), rules, now.today()).unwrap();
    pin("plan", &ui::plan::plans(&plans, &style()));
}

#[test]
fn the_card_screens() {
    let (mut store, now) = saltmarsh();
    let today = now.today();
    let wanted = |search: Option<&str>, weakest: Option<usize>| Wanted {
        filter: CardFilter {
            kind: weakest.map(|_| crate::domain::Kind::Question),
            ..CardFilter::default()
        },
        search: search.map(|s| SearchTerms::parse(s).unwrap()),
        state: None,
        unanswered: false,
        weakest,
    };
    let mut list = |w| ui::cards::card_list(&cards::list(&mut store, w, today).unwrap(), &style());
    pin("cards", &list(wanted(None, None)));
    pin("cards_search", &list(wanted(Some("late reliab"), None)));
    pin("cards_weakest", &list(wanted(None, Some(3))));
    let walk = store.cards(&CardFilter::default()).unwrap()[2].id;
    pin(
        "show",
        &ui::cards::shown(&cards::show(&store, walk, true).unwrap(), &style()),
    );
    let rules = DayRules {
        new_per_day: 10,
        limit: 200,
        default_minutes: None,
    };
    let queue = todays_queue(&store, &[], today + Days::new(3), rules, None).unwrap();
    pin("due", &ui::cards::todays_queue(&queue, &style()));
    pin("tags", &ui::cards::tag_list(&edits::tags(&store).unwrap(), &style()));
}

#[test]
fn the_story_screens() {
    let (store, _) = saltmarsh();
    pin(
        "story_list",
        &ui::stories::list(&stories::list(&store).unwrap(), &style()),
    );
    pin(
        "story_show",
        &ui::stories::full(&stories::shown(&store, "late").unwrap(), &style()),
    );
}

#[test]
fn the_check() {
    let (store, now) = saltmarsh();
    let mut report = check::check(&store, now.today()).unwrap();
    report.path = "/home/someone/.local/share/prepdeck/prepdeck.db".to_string();
    pin("check", &ui::setup::check(&report, &style()));
}

#[test]
fn an_import_dry_run() {
    let line = |text: &str| ItemLine {
        kind: crate::domain::Kind::Question,
        text: text.to_string(),
    };
    let file = FileReport {
        path: "/home/someone/jobs/saltmarsh.md".to_string(),
        deck: "Saltmarsh Freight Technologies".to_string(),
        deck_created: false,
        named_by: "the title",
        format: "markdown",
        read_as: "company profile: 3 questions, 2 talking points, 1 question to ask".to_string(),
        shape: Shape::plain("company profile", None),
        notes: vec!["repaired mis-decoded characters (mojibake)".to_string()],
        added: vec![line("What would you measure first on the ETA service?")],
        changed: vec![ChangeLine {
            kind: crate::domain::Kind::Question,
            from: "How would you design the ETA service?".to_string(),
            to: "How would you design the ETA service for 1,200 trucks a day?".to_string(),
        }],
        restored: Vec::new(),
        retired: vec![line("Why Saltmarsh, and why now?")],
        unchanged: 4,
    };
    let mut screen = ui::import::file(&file, true, &style());
    let report = ImportReport {
        dry_run: true,
        files: vec![file],
        skipped: Vec::new(),
        failed: Vec::new(),
    };
    screen.push_str(&ui::import::total(&report, &style()));
    // Each file's first line stays one line however long, as scripts read it: the only
    // screen not held to the width.
    insta::assert_snapshot!("import_dry_run", screen);
}

#[test]
fn a_sync() {
    use crate::report::sync::{FileResult, SyncReport, SyncedFile};
    let file = |machine: &str, result: FileResult, notes: &[&str]| SyncedFile {
        file: format!("prepdeck-{machine}.json"),
        machine: machine.to_string(),
        result,
        notes: notes.iter().map(ToString::to_string).collect(),
    };
    let report = SyncReport {
        folder: "/home/someone/Sync/prepdeck".to_string(),
        machine: "9c41d07e2b5a6f18".to_string(),
        renamed_from: Some("3fa2c19d0e4b7a61".to_string()),
        files: vec![
            file(
                "3fa2c19d0e4b7a61",
                FileResult::Merged {
                    cards_added: 2,
                    reviews_added: 14,
                    values_changed: 3,
                    removals: 1,
                    decks_added: 0,
                },
                &["Saltmarsh Freight Technologies: interview date 2026-03-14"],
            ),
            file("5d0b7e13c9a2f846", FileResult::Unchanged, &[]),
            file(
                "a81f6c20d4e9b357",
                FileResult::Skipped {
                    reason: "it is not a prepdeck backup (incomplete, or another file)".to_string(),
                    later: true,
                },
                &[],
            ),
            file(
                "c2e9a4f7b1d05368",
                FileResult::Skipped {
                    reason: "it is a named pipe, not a file".to_string(),
                    later: false,
                },
                &[],
            ),
        ],
        rescheduled: 6,
        wrote: Some("/home/someone/Sync/prepdeck/prepdeck-9c41d07e2b5a6f18.json".to_string()),
        dry_run: false,
    };
    pin("sync", &ui::sync::report(&report, &style()));
    // `--json` is the same view: the shape docs/json.md gives.
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json["files"][0],
        serde_json::json!({
            "file": "prepdeck-3fa2c19d0e4b7a61.json",
            "machine": "3fa2c19d0e4b7a61",
            "result": "merged",
            "cards_added": 2,
            "reviews_added": 14,
            "values_changed": 3,
            "removals": 1,
            "decks_added": 0,
            "notes": ["Saltmarsh Freight Technologies: interview date 2026-03-14"],
        })
    );
    assert_eq!(
        json["files"][1],
        serde_json::json!({"file": "prepdeck-5d0b7e13c9a2f846.json", "machine": "5d0b7e13c9a2f846", "result": "unchanged"})
    );
    assert_eq!(json["files"][3]["result"], "skipped");
    assert_eq!(json["files"][3]["later"], false);
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "dry_run",
            "files",
            "folder",
            "machine",
            "renamed_from",
            "rescheduled",
            "wrote"
        ]
    );
}

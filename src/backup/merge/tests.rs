//! Merges converge: random edits, clears, links, grades and rule changes on two and three
//! databases, merged in random orders, end in one database; and the rules each merge
//! keeps, one by one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use proptest::prelude::*;

use super::*;
use crate::backup::Backup;
use crate::domain::card::GuidSource;
use crate::domain::{CardId, Grade, Origin, OwnTexts, Scheduler, StoryId};
use crate::import::{DocumentImport, import_document};
use crate::schedule::Mode;
use crate::store::CardFilter;
use crate::study::grading::{GradeGiven, record};
use crate::study::reschedule::{reschedule_all, reschedule_deck};

const PROFILE: &str = "# Company Profile: Quarry
## Common Questions
- Why mining?
- Tell me about telemetry.
- How do you roll out firmware?
- What is your worst outage?
## Key Talking Points
- Wrote the update path for 900 sensors
- Cut build times in half
";

const TODAY: &str = "2026-03-01";

fn today() -> NaiveDate {
    TODAY.parse().unwrap()
}

/// A database of its own: a store, and the machine clock its commands read.
struct Machine {
    store: Store,
}

thread_local! {
    /// How far apart changes are, in this test's thread: a second (every change on one
    /// day), or three hours (changes over days).
    static SPREAD_SECONDS: std::cell::Cell<i64> = const { std::cell::Cell::new(1) };
}

/// The moment of the `tick`th change: every change at its own moment, in one order for
/// every machine (as if their clocks agreed).
fn moment(tick: u32) -> DateTime<FixedOffset> {
    let spread = SPREAD_SECONDS.get();
    DateTime::parse_from_rfc3339(&format!("{TODAY}T09:00:00+00:00")).unwrap()
        + Duration::seconds(i64::from(tick) * spread)
}

fn imported(seed: u64) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    store.set_clock(moment(0));
    let profile = crate::profile::parse(PROFILE.as_bytes(), "quarry").unwrap();
    let doc = DocumentImport {
        deck: &profile.company,
        deck_flag: None,
        path: "/quarry.md",
        content_hash: "0",
        items: &profile.items,
        notes: &profile.notes,
        stamp: &crate::testing::stamp("2026-03-01T09:00:00+00:00"),
    };
    import_document(&mut store, &doc, &mut GuidSource::new(seed, seed), false).unwrap();
    store
}

/// The whole database as a backup of every deck.
fn backup_of(store: &Store) -> Backup {
    let decks: Vec<DeckId> = store.decks(None).unwrap().into_iter().map(|d| d.id).collect();
    store
        .backup(&decks, true, &crate::testing::stamp("2026-03-01T09:00:00+00:00"))
        .unwrap()
}

/// Merges `from`'s backup into `into` as `import` and `sync` do: the merge, then the decks
/// whose rules changed recomputed.
fn merge_into(into: &mut Store, from: &Backup) -> MergeOutcome {
    let outcome = check_and_merge(into, Path::new("b.json"), from, "0").unwrap();
    let day = into.clock_day();
    recompute_after(into, &outcome, day).unwrap();
    outcome
}

/// Everything a user would see of a database, by guid, in one order: decks and their
/// rules, cards with their values, schedules, FSRS memory and logs, stories and links,
/// settings, and every version and alias. Left out: what each machine keeps of its own
/// (ids, documents, creation and update times, the machine's name).
fn dump(store: &Store, with_due_dates: bool) -> String {
    let mut backup = backup_of(store);
    backup.exported_at = String::new();
    backup.machine = None;
    backup.decks.sort_by(|a, b| a.guid.cmp(&b.guid));
    for deck in &mut backup.decks {
        deck.created_at = String::new();
        deck.documents = Vec::new();
        deck.cards.sort_by(|a, b| a.guid.cmp(&b.guid));
        for card in &mut deck.cards {
            card.created_at = String::new();
            card.updated_at = String::new();
            card.content_at = None;
            if !with_due_dates {
                card.due = None;
            }
            // A log row's copy of the schedule around it is what the rules of the moment
            // made of it on the machine that wrote the row: the grade is the record.
            for review in &mut card.reviews {
                let kept = BackupReview {
                    reviewed_at: review.reviewed_at.clone(),
                    review_day: review.review_day,
                    grade: review.grade,
                    effect: review.effect,
                    origin: review.origin,
                    duration_ms: review.duration_ms,
                    ..blank_review()
                };
                *review = kept;
            }
        }
    }
    for story in &mut backup.stories {
        story.created_at = String::new();
        story.updated_at = String::new();
        story.cards.sort();
    }
    backup.stories.sort_by(|a, b| a.guid.cmp(&b.guid));
    let memories: BTreeMap<String, String> = store
        .cards(&CardFilter {
            all: true,
            ..CardFilter::default()
        })
        .unwrap()
        .into_iter()
        .map(|card| {
            let memory = card
                .progress
                .memory
                .map(|m| format!("{:.6} {:.6} {}", m.stability, m.difficulty, m.day));
            (card.guid, format!("{memory:?}"))
        })
        .collect();
    format!("{}\n{memories:#?}", serde_json::to_string_pretty(&backup).unwrap())
}

/// A log row with nothing but its identity to compare.
fn blank_review() -> BackupReview {
    BackupReview {
        reviewed_at: String::new(),
        review_day: today(),
        grade: Grade::new(0).unwrap(),
        effect: Effect::Review,
        origin: Origin::Grade,
        duration_ms: None,
        ease_before: 0.0,
        interval_before: 0,
        reps_before: 0,
        lapses_before: 0,
        due_before: None,
        last_reviewed_before: None,
        last_grade_before: None,
        first_reviewed_before: None,
        ease_after: 0.0,
        interval_after: 0,
        reps_after: 0,
        due_after: None,
    }
}

/// One thing a user does on one machine.
#[derive(Debug, Clone)]
enum Op {
    Answer(usize, Option<&'static str>),
    Front(usize, Option<&'static str>),
    Tag(usize, &'static str, bool),
    Suspend(usize, bool),
    StoryNew(&'static str, &'static str),
    StoryEdit(usize, &'static str),
    StoryRemove(usize),
    Link(usize, usize, bool),
    Interview(Option<u64>),
    Scheduler(Option<Scheduler>),
    Retention(Option<f64>),
    Grade(usize, u8),
    /// This machine merges another's backup.
    Merge(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let card = 0usize..6;
    prop_oneof![
        (
            card.clone(),
            prop::option::of(prop::sample::select(vec!["use Kafka", "use SQS", "a long story"]))
        )
            .prop_map(|(c, t)| Op::Answer(c, t)),
        (
            card.clone(),
            prop::option::of(prop::sample::select(vec!["Mine?", "Ours?"]))
        )
            .prop_map(|(c, t)| Op::Front(c, t)),
        (
            card.clone(),
            prop::sample::select(vec!["infra", "Infra", "ops"]),
            any::<bool>()
        )
            .prop_map(|(c, t, on)| Op::Tag(c, t, on)),
        (card.clone(), any::<bool>()).prop_map(|(c, on)| Op::Suspend(c, on)),
        (
            prop::sample::select(vec!["Dispatcher", "Outage"]),
            prop::sample::select(vec!["one", "two"])
        )
            .prop_map(|(n, b)| Op::StoryNew(n, b)),
        (0usize..2, prop::sample::select(vec!["three", "four"])).prop_map(|(s, b)| Op::StoryEdit(s, b)),
        (0usize..2).prop_map(Op::StoryRemove),
        (0usize..2, 0usize..4, any::<bool>()).prop_map(|(s, c, on)| Op::Link(s, c, on)),
        prop::option::of(10u64..40).prop_map(Op::Interview),
        prop::option::of(prop::sample::select(vec![Scheduler::Sm2, Scheduler::Fsrs])).prop_map(Op::Scheduler),
        prop::option::of(prop::sample::select(vec![0.85, 0.95])).prop_map(Op::Retention),
        (card.clone(), 0u8..=5).prop_map(|(c, g)| Op::Grade(c, g)),
        (card, 0u8..=5).prop_map(|(c, g)| Op::Grade(c, g)),
        (0usize..3).prop_map(Op::Merge),
    ]
}

/// What the oracle expects of a register: the last change made anywhere (every change at
/// its own moment, so the last is the latest).
#[derive(Default)]
struct Oracle {
    last: BTreeMap<String, Option<String>>,
    grades: BTreeMap<String, Vec<(String, u8)>>,
    /// Stories made under one name on more than one machine: whether they are one story
    /// depends on whether both were ever on one machine at once (by name), so no single
    /// last change speaks for them.
    made: BTreeMap<&'static str, usize>,
}

impl Machine {
    fn cards(&self) -> Vec<crate::domain::Card> {
        let mut cards = self
            .store
            .cards(&CardFilter {
                all: true,
                ..CardFilter::default()
            })
            .unwrap();
        cards.sort_by_key(|c| c.position);
        cards
    }

    fn story(&self, name: &str) -> Option<StoryId> {
        self.store.story_named(name).unwrap()
    }

    /// Does `op` at moment `tick`; notes in the oracle what it meant to change.
    // One arm per kind of edit, each as the command makes it: apart, they would hide that
    // the oracle is told of every one.
    #[allow(clippy::too_many_lines)]
    fn apply(&mut self, op: &Op, tick: u32, oracle: &mut Oracle) {
        let now = moment(tick);
        self.store.set_clock(now);
        let stamp = crate::domain::Timestamp::at(now);
        let cards = self.cards();
        let deck = cards[0].deck_id;
        let item = |c: usize| cards[c].item_text.clone();
        match *op {
            Op::Answer(c, text) => {
                self.store.set_answer(cards[c].id, text.unwrap_or(""), &stamp).unwrap();
                oracle
                    .last
                    .insert(format!("answer {}", item(c)), text.map(str::to_string));
            }
            Op::Front(c, text) => {
                let own = OwnTexts {
                    front: text.map(str::to_string),
                    back: cards[c].own.back.clone(),
                };
                if own.front != cards[c].own.front {
                    self.store.set_own_texts(cards[c].id, &own, &stamp).unwrap();
                    oracle
                        .last
                        .insert(format!("front {}", item(c)), text.map(str::to_string));
                }
            }
            Op::Tag(c, tag, on) => {
                let changed = if on {
                    self.store.add_tag(tag, &[cards[c].id], &stamp).unwrap()
                } else {
                    self.store.remove_tag(tag, &[cards[c].id], &stamp).unwrap()
                };
                if changed > 0 {
                    oracle
                        .last
                        .insert(format!("tag {} {}", item(c), tag.to_lowercase()), on.then(String::new));
                }
            }
            Op::Suspend(c, on) => {
                self.store.set_suspended(cards[c].id, on, &stamp).unwrap();
                oracle
                    .last
                    .insert(format!("suspended {}", item(c)), on.then(String::new));
            }
            Op::StoryNew(name, body) => {
                if self.story(name).is_none() {
                    let guid = format!("s{tick:08}");
                    self.store.create_story(name, body, &guid, &stamp).unwrap();
                    oracle.last.insert(format!("story {name}"), Some(String::new()));
                    *oracle.made.entry(name).or_default() += 1;
                }
            }
            Op::StoryEdit(s, body) => {
                let name = ["Dispatcher", "Outage"][s];
                if let Some(id) = self.story(name) {
                    self.store.set_story_body(id, body, &stamp).unwrap();
                }
            }
            Op::StoryRemove(s) => {
                if let Some(id) = self.story(["Dispatcher", "Outage"][s]) {
                    let story = self.store.story(id).unwrap();
                    // Cards that showed the story and had no answer of their own take its text.
                    for card in self.store.remove_story(id, &stamp).unwrap() {
                        let text = cards.iter().find(|c| c.id == card).unwrap().item_text.clone();
                        oracle.last.insert(format!("answer {text}"), Some(story.body.clone()));
                    }
                    oracle.last.insert(format!("story {}", story.name), None);
                }
            }
            Op::Link(s, c, on) => {
                if let Some(id) = self.story(["Dispatcher", "Outage"][s]) {
                    if on {
                        self.store.link_story(id, &[cards[c].id], &stamp).unwrap();
                    } else {
                        self.store.unlink_story(id, &[cards[c].id]).unwrap();
                    }
                }
            }
            Op::Interview(days) => {
                let date = days.map(|d| today() + chrono::Days::new(d));
                self.store
                    .atomically(|store| {
                        store.set_interview(deck, date)?;
                        let model = store.fsrs_model()?;
                        reschedule_deck(
                            store,
                            deck,
                            &model,
                            Recompute::DueDates {
                                today: now.date_naive(),
                            },
                        )
                    })
                    .unwrap();
                oracle.last.insert("interview".to_string(), date.map(|d| d.to_string()));
            }
            Op::Scheduler(choice) => {
                self.store.set_deck_scheduler(deck, choice).unwrap();
                let model = self.store.fsrs_model().unwrap();
                reschedule_deck(
                    &mut self.store,
                    deck,
                    &model,
                    Recompute::DueDates {
                        today: now.date_naive(),
                    },
                )
                .unwrap();
                oracle
                    .last
                    .insert("scheduler".to_string(), choice.map(|s| s.to_string()));
            }
            Op::Retention(retention) => {
                self.store.set_desired_retention(retention).unwrap();
                let model = self.store.fsrs_model().unwrap();
                reschedule_all(&mut self.store, &model, now.date_naive()).unwrap();
                oracle
                    .last
                    .insert("retention".to_string(), retention.map(|r| r.to_string()));
            }
            Op::Grade(c, g) => {
                let given = GradeGiven {
                    card: cards[c].id,
                    grade: Grade::new(g).unwrap(),
                    mode: Mode::Review,
                    origin: Origin::Grade,
                    day: now.date_naive(),
                    stamp: stamp.clone(),
                    took: None,
                };
                record(&mut self.store, &given).unwrap();
                oracle.grades.entry(item(c)).or_default().push((stamp.to_string(), g));
            }
            Op::Merge(_) => unreachable!("merges are done by the caller"),
        }
    }

    /// The values the oracle speaks of, as this database shows them.
    fn shown(&self, oracle: &Oracle) -> BTreeMap<String, Option<String>> {
        let cards = self.cards();
        let deck = self.store.deck(cards[0].deck_id).unwrap();
        let stories: BTreeSet<String> = self.store.stories().unwrap().into_iter().map(|s| s.name).collect();
        oracle
            .last
            .keys()
            .map(|key| {
                let (what, rest) = key.split_once(' ').unwrap_or((key.as_str(), ""));
                let card = |text: &str| cards.iter().find(|c| c.item_text == text).unwrap().clone();
                let value = match what {
                    "answer" => Some(card(rest).answer).filter(|a| !a.is_empty()),
                    "front" => card(rest).own.front,
                    "suspended" => card(rest).suspended.then(String::new),
                    "tag" => {
                        let (text, tag) = rest.rsplit_once(' ').unwrap();
                        card(text)
                            .tags
                            .iter()
                            .any(|t| t.to_lowercase() == tag)
                            .then(String::new)
                    }
                    "story" => stories.contains(rest).then(String::new),
                    "interview" => deck.interview.map(|d| d.to_string()),
                    "scheduler" => deck.scheduler.map(|s| s.to_string()),
                    "retention" => self
                        .store
                        .fsrs_settings()
                        .unwrap()
                        .desired_retention
                        .map(|r| r.to_string()),
                    _ => unreachable!(),
                };
                (key.clone(), value)
            })
            .collect()
    }

    /// Every grade of the card with this text: (moment, grade).
    fn grades(&self, text: &str) -> Vec<(String, u8)> {
        let backup = backup_of(&self.store);
        let card = backup.decks[0].cards.iter().find(|c| c.item_text == text).unwrap();
        let mut grades: Vec<(String, u8)> = card
            .reviews
            .iter()
            .map(|r| {
                let at = DateTime::parse_from_rfc3339(&r.reviewed_at).unwrap().to_rfc3339();
                (at, r.grade.value())
            })
            .collect();
        grades.sort();
        grades
    }
}

/// Runs `ops` on `count` machines (each op on the machine `op.0`), then merges every
/// machine with every other until none learns anything, and checks that they ended as one.
// The property reads as one script, edits to merges to checks; cut in pieces it would hide
// the order things happen in.
#[allow(clippy::too_many_lines)]
fn converge(
    count: usize,
    independent: bool,
    ops: &[(usize, Op)],
    order: &[usize],
) -> std::result::Result<(), TestCaseError> {
    // Changes over days: a card due when its deck's rules change stays due on the machine
    // that learns the change that day, and takes its new date on one that learns it later
    // (as `interview` does on each), until its next grade; due dates are compared only when
    // every change is made on one day.
    let with_due_dates = SPREAD_SECONDS.get() == 1;
    let dump = |store: &Store| dump(store, with_due_dates);
    let mut machines: Vec<Machine> = if independent {
        (0..count)
            .map(|i| Machine {
                store: imported(1 + i as u64),
            })
            .collect()
    } else {
        let first = imported(1);
        let backup = backup_of(&first);
        let mut machines = vec![Machine { store: first }];
        for _ in 1..count {
            let mut store = Store::open_in_memory().unwrap();
            store.set_clock(moment(0));
            merge_into(&mut store, &backup);
            machines.push(Machine { store });
        }
        machines
    };
    let mut oracle = Oracle::default();
    for (tick, (at, op)) in ops.iter().enumerate() {
        let tick = tick as u32 + 1;
        let at = at % count;
        match op {
            Op::Merge(from) => {
                let from = from % count;
                if from != at {
                    let backup = backup_of(&machines[from].store);
                    machines[at].store.set_clock(moment(tick));
                    merge_into(&mut machines[at].store, &backup);
                }
            }
            op => machines[at].apply(op, tick, &mut oracle),
        }
    }
    // Everyone merges everyone, in the order given, until nothing more is learned.
    let mut rounds = 0;
    loop {
        let mut learned = false;
        for &i in order {
            for j in 0..count {
                let (into, from) = (i % count, j);
                if into == from {
                    continue;
                }
                let backup = backup_of(&machines[from].store);
                let outcome = merge_into(&mut machines[into].store, &backup);
                if std::env::var("DEBUG_MERGE").is_ok() {
                    eprintln!(
                        "{into} <- {from}: {outcome:?}\n stories {:?}\n aliases {:?}",
                        machines[into]
                            .store
                            .stories()
                            .unwrap()
                            .iter()
                            .map(|s| s.guid.clone())
                            .collect::<Vec<_>>(),
                        backup.aliases
                    );
                    for v in machines[into]
                        .store
                        .versions()
                        .unwrap()
                        .iter()
                        .filter(|v| v.register.subject == Subject::Story)
                    {
                        eprintln!("   {v:?}");
                    }
                }
                learned |= outcome.changed_anything();
            }
        }
        rounds += 1;
        if !learned {
            break;
        }
        prop_assert!(rounds < 5, "merges still learn after {rounds} rounds");
    }
    let first = dump(&machines[0].store);
    for (i, machine) in machines.iter().enumerate().skip(1) {
        prop_assert_eq!(&dump(&machine.store), &first, "machine {} differs from machine 0", i);
    }
    // Merging again, in any direction, changes nothing and adds nothing.
    let before = machines[0].store.versions().unwrap().len();
    let backup = backup_of(&machines[count - 1].store);
    let again = merge_into(&mut machines[0].store, &backup);
    prop_assert!(!again.changed_anything(), "{:?}", again);
    prop_assert_eq!(machines[0].store.versions().unwrap().len(), before);
    prop_assert_eq!(&dump(&machines[0].store), &first);
    // Every value is the last change made to it anywhere: removals stayed removed.
    for (name, _) in oracle.made.clone().into_iter().filter(|(_, n)| *n > 1) {
        oracle.last.remove(&format!("story {name}"));
    }
    let expected = oracle.last.clone();
    prop_assert_eq!(machines[0].shown(&oracle), expected);
    // No grade lost.
    for (text, grades) in &oracle.grades {
        let mut given = grades.clone();
        given.sort();
        let given: Vec<(String, u8)> = given
            .into_iter()
            .map(|(at, g)| (DateTime::parse_from_rfc3339(&at).unwrap().to_rfc3339(), g))
            .collect();
        prop_assert_eq!(machines[0].grades(text), given, "grades of {}", text);
    }
    prop_assert!(machines[0].store.schedule_problems().unwrap().is_empty());
    Ok(())
}

fn scenario(count: usize) -> impl Strategy<Value = (Vec<(usize, Op)>, Vec<usize>)> {
    (
        prop::collection::vec((0..count, op()), 1..40),
        Just((0..count).collect::<Vec<usize>>()).prop_shuffle(),
    )
}

proptest! {
    #![proptest_config(crate::testing::proptest_config(16))]

    #[test]
    fn two_machines_from_one_backup_converge((ops, order) in scenario(2)) {
        converge(2, false, &ops, &order)?;
    }

    #[test]
    fn three_machines_from_one_backup_converge((ops, order) in scenario(3)) {
        converge(3, false, &ops, &order)?;
    }

    #[test]
    fn three_machines_that_imported_the_profile_each_converge((ops, order) in scenario(3)) {
        converge(3, true, &ops, &order)?;
    }

    #[test]
    fn three_machines_changing_things_over_days_converge((ops, order) in scenario(3)) {
        converge_over_days(3, &ops, &order)?;
    }
}

/// [`converge`] with changes three hours apart, over several days.
fn converge_over_days(count: usize, ops: &[(usize, Op)], order: &[usize]) -> std::result::Result<(), TestCaseError> {
    SPREAD_SECONDS.set(3 * 3600);
    let converged = converge(count, false, ops, order);
    SPREAD_SECONDS.set(1);
    converged
}

/// A+B, B+A and (A+B)+A give the same database, and A+B again changes nothing.
#[test]
fn merges_are_commutative_associative_and_idempotent() {
    let mut a = Machine { store: imported(1) };
    let backup = backup_of(&a.store);
    let mut b = Machine {
        store: Store::open_in_memory().unwrap(),
    };
    merge_into(&mut b.store, &backup);
    let mut oracle = Oracle::default();
    a.apply(&Op::Answer(0, Some("use Kafka")), 1, &mut oracle);
    b.apply(&Op::Answer(0, Some("use SQS")), 2, &mut oracle);
    a.apply(&Op::Grade(1, 4), 3, &mut oracle);
    b.apply(&Op::Grade(1, 2), 4, &mut oracle);
    b.apply(&Op::Tag(2, "infra", true), 5, &mut oracle);
    a.apply(&Op::Interview(Some(20)), 6, &mut oracle);
    let (from_a, from_b) = (backup_of(&a.store), backup_of(&b.store));
    let fresh = || {
        let mut store = Store::open_in_memory().unwrap();
        store.set_clock(moment(10));
        store
    };
    let mut ab = fresh();
    merge_into(&mut ab, &from_a);
    merge_into(&mut ab, &from_b);
    let mut ba = fresh();
    merge_into(&mut ba, &from_b);
    merge_into(&mut ba, &from_a);
    let dump = |store: &Store| dump(store, true);
    assert_eq!(dump(&ab), dump(&ba), "A+B and B+A");
    let mut aba = fresh();
    merge_into(&mut aba, &from_a);
    merge_into(&mut aba, &from_b);
    merge_into(&mut aba, &from_a);
    assert_eq!(dump(&aba), dump(&ab), "(A+B)+A");
    let again = merge_into(&mut ab, &from_b);
    assert!(!again.changed_anything(), "{again:?}");
    let card = ab
        .cards(&CardFilter::default())
        .unwrap()
        .into_iter()
        .find(|c| c.item_text == "Why mining?")
        .unwrap();
    assert_eq!(card.answer, "use SQS", "the later answer, alone");
    let history = ab.card_text_versions(card.id).unwrap();
    assert_eq!(history.len(), 2, "the earlier answer is kept in the history");
    let _ = CardId(0);
}

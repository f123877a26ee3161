//! The interview-morning simulation (SPEC "Measured by simulation"): prepdeck's own
//! scheduling code — [`prepdeck::schedule::apply`], the daily queue with its new-card
//! pace and session limit, the final top-up — driven day by day for simulated learners
//! whose memory follows FSRS-6 with default parameters (the `fsrs` crate's model).
//!
//!     cargo run --release --example simulate [-- --runs N --seed S]
//!
//! (1,000 learners per case by default, about ten seconds).
//!
//! Each day the learner sits one session of `prepdeck review`: today's queue in its order,
//! every card shown is graded, a card graded below 4 comes back three cards later as a
//! practice repeat (as `review` does) until it reaches 4. A card seen for the first time
//! is rated as FSRS's simulator rates first sightings; a card seen before is recalled with
//! its true FSRS retrievability and, when recalled, rated hard, good or easy as FSRS's
//! simulator rates reviews. Ratings map to grades again → 1, hard → 3, good → 4,
//! easy → 5. Every grade, repeats included, updates the learner's memory and counts as a
//! review. Days are calendar days. On the interview morning the mean true recall over all
//! cards is taken, before any review that day.

use std::collections::{HashMap, VecDeque};

use chrono::{Days, NaiveDate};
use fsrs::{FSRS, MemoryState, current_retrievability};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use prepdeck::domain::{Card, CardId, DeckId, Grade, Kind, NewCardUsage, Progress, Scheduler};
use prepdeck::schedule::fsrs::default_model;
use prepdeck::schedule::queue::{self, Candidate};
use prepdeck::schedule::{Mode, Rules, apply};
use prepdeck::study::queue::{DEFAULT_LIMIT, DEFAULT_NEW_PER_DAY};
use prepdeck::study::session::REPEAT_GAP;

/// FSRS's simulator: how a first sighting is rated (again, hard, good, easy), and how a
/// recalled card is rated (hard, good, easy).
const FIRST_RATING: [f64; 4] = [0.24, 0.094, 0.495, 0.171];
const RECALLED_RATING: [f64; 3] = [0.224, 0.631, 0.145];

/// Cards and days to the interview.
const CASES: [(usize, u64); 5] = [(30, 14), (30, 7), (100, 10), (200, 21), (300, 10)];

/// What schedules the simulated deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    /// SM-2 with the new-card pace SPEC first gave (at least 10 a day, and at least
    /// ⌈unseen / max(1, days left − 1)⌉ so that every card is seen by the day before the
    /// interview), and nothing else of the interview: no top-up, no hold, no
    /// interview-day rules.
    PlainSm2,
    /// SM-2 with everything the interview date brings, as prepdeck ships it.
    Shipped,
    /// FSRS-6 with default parameters at 90% desired retention, and the same interview
    /// rules, its retrievability deciding the top-up.
    Fsrs,
}

impl Run {
    const ALL: [Run; 3] = [Run::PlainSm2, Run::Shipped, Run::Fsrs];

    fn name(self) -> &'static str {
        match self {
            Run::PlainSm2 => "plain SM-2",
            Run::Shipped => "SM-2 + last days",
            Run::Fsrs => "FSRS + last days",
        }
    }

    fn scheduler(self) -> Scheduler {
        match self {
            Run::Fsrs => Scheduler::Fsrs,
            _ => Scheduler::Sm2,
        }
    }
}

/// The learner's true memory of one card: FSRS state and the day it was last graded.
#[derive(Debug, Clone, Copy)]
struct Memory {
    state: MemoryState,
    day: NaiveDate,
}

struct Learner {
    model: FSRS,
    decay: f32,
    memory: Vec<Option<Memory>>,
    rng: StdRng,
}

impl Learner {
    fn new(cards: usize, seed: u64) -> Learner {
        Learner {
            model: FSRS::default(),
            decay: fsrs::DEFAULT_PARAMETERS[20],
            memory: vec![None; cards],
            rng: StdRng::seed_from_u64(seed),
        }
    }

    /// The true chance of recalling card `i` on `day` (0 for a card never seen).
    fn recall(&self, i: usize, day: NaiveDate) -> f64 {
        self.memory[i].map_or(0.0, |m| {
            let elapsed = (day - m.day).num_days().max(0) as f32;
            f64::from(current_retrievability(m.state, elapsed, self.decay))
        })
    }

    /// Shows card `i` on `day`: the learner answers, grades, and remembers.
    fn answer(&mut self, i: usize, day: NaiveDate) -> Grade {
        let rating = match self.memory[i] {
            None => 1 + pick(&mut self.rng, &FIRST_RATING),
            Some(_) => {
                if self.rng.random::<f64>() < self.recall(i, day) {
                    2 + pick(&mut self.rng, &RECALLED_RATING)
                } else {
                    1
                }
            }
        };
        let (previous, elapsed) = match self.memory[i] {
            None => (None, 0),
            Some(m) => (Some(m.state), (day - m.day).num_days().max(0) as u32),
        };
        let next = self
            .model
            .next_states(previous, 0.9, elapsed)
            .expect("FSRS accepts every state it made");
        let state = match rating {
            1 => next.again,
            2 => next.hard,
            3 => next.good,
            _ => next.easy,
        }
        .memory;
        self.memory[i] = Some(Memory { state, day });
        Grade::new([1, 3, 4, 5][rating as usize - 1]).expect("a grade 0-5")
    }
}

/// An index drawn with the given weights.
fn pick(rng: &mut StdRng, weights: &[f64]) -> u32 {
    let mut u = rng.random::<f64>() * weights.iter().sum::<f64>();
    for (i, w) in weights.iter().enumerate() {
        if u < *w {
            return i as u32;
        }
        u -= w;
    }
    weights.len() as u32 - 1
}

/// One simulated deck: its cards as prepdeck's queue sees them.
fn deck(cards: usize, interview: Option<NaiveDate>, scheduler: Scheduler) -> Vec<Card> {
    (0..cards)
        .map(|i| Card {
            id: CardId(i as i64 + 1),
            guid: format!("{i:020}"),
            deck_id: DeckId(1),
            deck: "Simulated".to_string(),
            interview,
            scheduler,
            kind: Kind::Question,
            section: String::new(),
            item_text: format!("Question {i}?"),
            detail: String::new(),
            context: String::new(),
            answer: String::new(),
            position: i as i64,
            progress: Progress::default(),
            reviews: 0,
            suspended: false,
            retired: false,
            place: None,
            stories: Vec::new(),
            tags: Vec::new(),
            own: prepdeck::domain::OwnTexts::default(),
            by_hand: false,
            cue: None,
        })
        .collect()
}

/// What one run measured.
#[derive(Debug, Clone, Copy, Default)]
struct Outcome {
    recall: f64,
    reviews: u32,
}

/// Runs one learner through one case under one scheduler.
fn run(cards: usize, days: u64, which: Run, seed: u64) -> Outcome {
    let start = NaiveDate::from_ymd_opt(2026, 3, 2).expect("a date");
    let interview = start + Days::new(days);
    // Plain SM-2 keeps only the new-card pace of the interview.
    let deadline = (which != Run::PlainSm2).then_some(interview);
    let rules = Rules {
        interview: deadline,
        scheduler: which.scheduler(),
        model: default_model(),
    };
    let mut deck = deck(cards, deadline, which.scheduler());
    let mut learner = Learner::new(cards, seed);
    let mut reviews = 0;
    let mut day = start;
    while day < interview {
        let order = todays_queue(&deck, day, interview, which);
        let mut pending: VecDeque<(usize, bool)> = order.into_iter().map(|i| (i, false)).collect();
        while let Some((i, repeat)) = pending.pop_front() {
            let grade = learner.answer(i, day);
            reviews += 1;
            let mode = if repeat { Mode::Practice } else { Mode::Review };
            deck[i].progress = apply(&deck[i].progress, grade, mode, day, &rules).after;
            if !grade.settled() {
                pending.insert(REPEAT_GAP.min(pending.len()), (i, true));
            }
        }
        day = day + Days::new(1);
    }
    let recall = (0..cards).map(|i| learner.recall(i, interview)).sum::<f64>() / cards as f64;
    Outcome { recall, reviews }
}

/// Today's queue as `review` builds it: due cards and the day's new cards, ordered and cut
/// by prepdeck's queue code. Returns indices into `deck`.
fn todays_queue(deck: &[Card], today: NaiveDate, interview: NaiveDate, which: Run) -> Vec<usize> {
    let unseen = deck.iter().filter(|c| c.is_new()).count();
    let usage = NewCardUsage {
        deck: DeckId(1),
        interview: Some(interview),
        introduced_today: 0,
        unseen_at_start_of_day: unseen,
        has_new: unseen > 0,
    };
    let mut allowance = queue::new_card_allowances(&[usage], DEFAULT_NEW_PER_DAY, today, DEFAULT_LIMIT);
    if which == Run::PlainSm2 {
        let spread_over = ((interview - today).num_days() - 1).max(1) as usize;
        let first_pace = DEFAULT_NEW_PER_DAY.max(unseen.div_ceil(spread_over)).min(unseen);
        allowance.insert(DeckId(1), first_pace.min(DEFAULT_LIMIT));
    }
    let left = allowance.get(&DeckId(1)).copied().unwrap_or(0);
    let due = deck
        .iter()
        .filter(|c| c.progress.is_overdue_or_due(today))
        .map(|c| Candidate::of(c, today))
        .collect();
    let new = deck
        .iter()
        .filter(|c| c.is_new())
        .take(left)
        .map(|c| Candidate::of(c, today))
        .collect();
    let index: HashMap<CardId, usize> = deck.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    queue::daily(due, new, &allowance, DEFAULT_LIMIT)
        .into_iter()
        .map(|id| index[&id])
        .collect()
}

/// Mean, standard error of the mean, and standard deviation (the spread between learners).
fn summary(values: &[f64]) -> (f64, f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, (variance / n).sqrt(), variance.sqrt())
}

fn main() {
    let mut runs = 1000u64;
    let mut seed = 1u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().and_then(|v| v.parse().ok());
        match (arg.as_str(), value) {
            ("--runs", Some(v)) if v > 1 => runs = v,
            ("--seed", Some(v)) => seed = v,
            _ => {
                eprintln!("usage: simulate [--runs N (2 or more)] [--seed S]");
                std::process::exit(2);
            }
        }
    }
    println!(
        "{runs} learners per case and scheduler, seeds {seed}..{}; ± is twice the standard error of the mean, sd the spread between learners",
        seed + runs - 1
    );
    println!(
        "{:<7} {:<17} {:>22} {:>22} {:>6}",
        "case", "scheduler", "recall on the day", "reviews", "ratio"
    );
    for (cards, days) in CASES {
        let mut plain_reviews = 0.0;
        for which in Run::ALL {
            let outcomes: Vec<Outcome> = (seed..seed + runs).map(|s| run(cards, days, which, s)).collect();
            let recall: Vec<f64> = outcomes.iter().map(|o| o.recall).collect();
            let reviews: Vec<f64> = outcomes.iter().map(|o| f64::from(o.reviews)).collect();
            let (recall, recall_error, recall_sd) = summary(&recall);
            let (reviews, reviews_error, reviews_sd) = summary(&reviews);
            if which == Run::PlainSm2 {
                plain_reviews = reviews;
            }
            println!(
                "{:<7} {:<17} {:>6.4} ±{:.4} sd {:.3} {:>7.1} ±{:>4.1} sd {:>5.1} {:>6.3}×",
                format!("{cards}/{days}"),
                which.name(),
                recall,
                2.0 * recall_error,
                recall_sd,
                reviews,
                2.0 * reviews_error,
                reviews_sd,
                reviews / plain_reviews
            );
        }
    }
}

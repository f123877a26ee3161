//! The interview-morning simulation (SPEC "Measured by simulation"): prepdeck's own
//! scheduling code — [`prepdeck::schedule::apply`], the daily queue with its new-card
//! pace, session limit, last days and daily budget — driven day by day for simulated
//! learners whose memory follows FSRS-6 with default parameters (the `fsrs` crate's
//! model). docs/scheduling.md gives the figures and what they mean.
//!
//!     cargo run --release --example simulate [-- --runs N --seed S]
//!
//! (300 learners per case, scheduler and population by default, about a minute).
//!
//! Each day the learner sits one session of `prepdeck review`: today's queue in its order,
//! every card shown is graded, a card graded below 4 comes back three cards later as a
//! practice repeat (as `review` does) until it reaches 4. A card seen before is recalled
//! with its true FSRS retrievability and, when recalled, rated hard, good or easy as
//! FSRS's simulator rates reviews. A first sighting is rated as FSRS's simulator rates
//! first sightings (the project's learners), or recalled half the time and then rated as a
//! review is (the second population). Ratings map to grades again → 1, hard → 3,
//! good → 4, easy → 5. Every grade, repeats included, updates the learner's memory,
//! counts as a review and takes 20 seconds. Days are calendar days. On the interview
//! morning, before any review that day, the mean true recall over all cards is taken, and
//! beside it the readiness prepdeck shows.

use std::collections::{HashMap, VecDeque};

use chrono::{Days, NaiveDate};
use fsrs::{FSRS, MemoryState, current_retrievability};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use prepdeck::domain::{Card, CardId, DeckId, Grade, Kind, NewCardUsage, Progress, Scheduler};
use prepdeck::schedule::budget::{Budget, LoggedGrade, RecentLog};
use prepdeck::schedule::deadline::{self, average_day};
use prepdeck::schedule::fsrs::default_model;
use prepdeck::schedule::queue::{self, Candidate, DEFAULT_LIMIT, DEFAULT_NEW_PER_DAY, REPEAT_GAP};
use prepdeck::schedule::readiness::Readiness;
use prepdeck::schedule::{Mode, Rules, apply};

/// FSRS's simulator: how a first sighting is rated (again, hard, good, easy), and how a
/// recalled card is rated (hard, good, easy).
const FIRST_RATING: [f64; 4] = [0.24, 0.094, 0.495, 0.171];
const RECALLED_RATING: [f64; 3] = [0.224, 0.631, 0.145];

/// Seconds each review (repeats included) takes the simulated learner.
const SECONDS_PER_REVIEW: f64 = 20.0;

/// Cards, days to the interview, and the daily budget in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Case {
    cards: usize,
    days: u64,
    minutes: Option<u32>,
}

const CASES: [Case; 8] = [
    Case {
        cards: 30,
        days: 14,
        minutes: None,
    },
    Case {
        cards: 30,
        days: 7,
        minutes: None,
    },
    Case {
        cards: 100,
        days: 10,
        minutes: None,
    },
    Case {
        cards: 200,
        days: 21,
        minutes: None,
    },
    Case {
        cards: 300,
        days: 10,
        minutes: None,
    },
    Case {
        cards: 300,
        days: 10,
        minutes: Some(30),
    },
    Case {
        cards: 300,
        days: 10,
        minutes: Some(45),
    },
    Case {
        cards: 100,
        days: 10,
        minutes: Some(15),
    },
];

impl Case {
    fn name(self) -> String {
        match self.minutes {
            Some(m) => format!("{}/{} {m}m", self.cards, self.days),
            None => format!("{}/{}", self.cards, self.days),
        }
    }
}

/// How the learners meet a card for the first time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Population {
    /// As FSRS's own simulator rates first sightings (again a quarter of the time).
    Project,
    /// Recalled half the time, then rated as a review is.
    HalfFirst,
}

impl Population {
    const ALL: [Population; 2] = [Population::Project, Population::HalfFirst];

    fn name(self) -> &'static str {
        match self {
            Population::Project => "the project's learners (first sightings as FSRS's simulator rates them)",
            Population::HalfFirst => "second population (a first sighting recalled half the time)",
        }
    }
}

/// What schedules the simulated deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    /// SM-2 with the new-card pace SPEC first gave (at least 10 a day, and at least
    /// ⌈unseen / max(1, days left − 1)⌉ so that every card is seen by the day before the
    /// interview), and nothing else of the interview: no top-up, no hold, no
    /// interview-day rules, no budget.
    PlainSm2,
    /// SM-2 with everything the interview date (and the budget) brings, as prepdeck ships it.
    Shipped,
    /// FSRS-6 with default parameters at 90% desired retention, and the same rules, its
    /// retrievability deciding the top-up.
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
    population: Population,
    model: FSRS,
    decay: f32,
    memory: Vec<Option<Memory>>,
    rng: StdRng,
}

impl Learner {
    fn new(cards: usize, seed: u64, population: Population) -> Learner {
        Learner {
            population,
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

    /// Recalled with chance `p`: rated hard, good or easy; else again.
    fn rate(&mut self, p: f64) -> u32 {
        if self.rng.random::<f64>() < p {
            2 + pick(&mut self.rng, &RECALLED_RATING)
        } else {
            1
        }
    }

    /// Shows card `i` on `day`: the learner answers, grades, and remembers.
    fn answer(&mut self, i: usize, day: NaiveDate) -> Grade {
        let rating = match (self.memory[i], self.population) {
            (None, Population::Project) => 1 + pick(&mut self.rng, &FIRST_RATING),
            (None, Population::HalfFirst) => self.rate(0.5),
            (Some(_), _) => self.rate(self.recall(i, day)),
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

/// What one learner's run measured.
#[derive(Debug, Clone, Default)]
struct Outcome {
    /// Mean true recall on the interview morning.
    recall: f64,
    /// Readiness prepdeck shows that morning, 0–1 (its expected-recall count is this
    /// times the cards).
    readiness: f64,
    reviews: u32,
    /// Reviews (repeats included) on each day before the interview.
    loads: Vec<u32>,
}

impl Outcome {
    fn peak(&self) -> u32 {
        self.loads.iter().copied().max().unwrap_or(0)
    }

    fn eve(&self) -> u32 {
        self.loads.last().copied().unwrap_or(0)
    }

    fn average(&self) -> f64 {
        f64::from(self.reviews) / self.loads.len().max(1) as f64
    }

    /// Days before the last three with no review while cards waited for the last day.
    fn empty_days(&self) -> usize {
        let before = self.loads.len().saturating_sub(3);
        self.loads[..before].iter().filter(|l| **l == 0).count()
    }
}

/// Runs one learner through one case under one scheduler.
fn run(case: Case, which: Run, seed: u64, population: Population) -> Outcome {
    let start = NaiveDate::from_ymd_opt(2026, 3, 2).expect("a date");
    let interview = start + Days::new(case.days);
    // Plain SM-2 keeps only the new-card pace of the interview.
    let deadline = (which != Run::PlainSm2).then_some(interview);
    let minutes = case.minutes.filter(|_| which != Run::PlainSm2);
    let rules = Rules {
        interview: deadline,
        scheduler: which.scheduler(),
        model: default_model(),
    };
    let mut deck = deck(case.cards, deadline, which.scheduler());
    let mut learner = Learner::new(case.cards, seed, population);
    // The learner's log, as prepdeck reads it for the budget and the average day.
    let mut log: Vec<LoggedGrade> = Vec::new();
    let mut outcome = Outcome::default();
    let mut day = start;
    while day < interview {
        let recent = RecentLog::read(&log, day);
        let budget = minutes.map(|minutes| Budget {
            minutes,
            time: recent.time,
        });
        let average = average_day(&recent.cards_per_day(DeckId(1), day));
        let order = todays_queue(&deck, day, interview, which, budget, average);
        let mut pending: VecDeque<(usize, bool)> = order.into_iter().map(|i| (i, false)).collect();
        let mut reviews = 0;
        while let Some((i, repeat)) = pending.pop_front() {
            let grade = learner.answer(i, day);
            reviews += 1;
            let mode = if repeat { Mode::Practice } else { Mode::Review };
            deck[i].progress = apply(&deck[i].progress, grade, mode, day, &rules).after;
            log.push(LoggedGrade {
                card: deck[i].id,
                deck: DeckId(1),
                day,
                grade,
                seconds: Some(SECONDS_PER_REVIEW),
                first_reviewed: deck[i].progress.first_reviewed,
            });
            if !grade.settled() {
                pending.insert(REPEAT_GAP.min(pending.len()), (i, true));
            }
        }
        outcome.loads.push(reviews);
        outcome.reviews += reviews;
        day = day + Days::new(1);
    }
    outcome.recall = (0..case.cards).map(|i| learner.recall(i, interview)).sum::<f64>() / case.cards as f64;
    let mut readiness = Readiness::on(interview);
    for card in &deck {
        readiness.add(rules.recall_estimate(&card.progress, interview));
    }
    outcome.readiness = readiness.percent() / 100.0;
    outcome
}

/// Today's queue as `review` builds it: the pace's new-card allowance, the deck's day
/// planned by its last days and budget, ordered and cut by prepdeck's queue code.
/// Returns indices into `deck`.
fn todays_queue(
    deck: &[Card],
    today: NaiveDate,
    interview: NaiveDate,
    which: Run,
    budget: Option<Budget>,
    average: f64,
) -> Vec<usize> {
    let unseen = deck.iter().filter(|c| c.is_new()).count();
    let usage = NewCardUsage {
        deck: DeckId(1),
        interview: Some(interview),
        introduced_today: 0,
        unseen_at_start_of_day: unseen,
        has_new: unseen > 0,
    };
    let mut allowance = queue::new_card_allowances(&[usage], DEFAULT_NEW_PER_DAY, today, DEFAULT_LIMIT);
    let due: Vec<Candidate> = if which == Run::PlainSm2 {
        let spread_over = ((interview - today).num_days() - 1).max(1) as usize;
        let first_pace = DEFAULT_NEW_PER_DAY.max(unseen.div_ceil(spread_over)).min(unseen);
        allowance.insert(DeckId(1), first_pace.min(DEFAULT_LIMIT));
        deck.iter()
            .filter(|c| c.progress.is_overdue_or_due(today))
            .map(|c| Candidate::of(c, today))
            .collect()
    } else {
        let states: Vec<Progress> = deck.iter().map(|c| c.progress).collect();
        let rules = Rules::of(&deck[0], default_model());
        let plan = deadline::plan_day(&deadline::DeckDay {
            cards: &states,
            today,
            rules: &rules,
            new_allowed: allowance.get(&DeckId(1)).copied().unwrap_or(0),
            budget,
            average,
            spent_today: 0.0,
        });
        allowance.insert(DeckId(1), plan.new);
        plan.seen.iter().map(|&i| queue::planned(&deck[i], today)).collect()
    };
    let left = allowance.get(&DeckId(1)).copied().unwrap_or(0);
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

/// Mean and twice the standard error of the mean.
fn mean_and_error(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let values: Vec<f64> = values.collect();
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, 2.0 * (variance / n).sqrt())
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    mean_and_error(values).0
}

fn main() {
    let mut runs = 300u64;
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
        "{runs} learners per case, scheduler and population, seeds {seed}..{}; ± is twice the standard error of the mean.",
        seed + runs - 1
    );
    println!();
    println!("- recall: true recall on the interview morning; readiness: what prepdeck shows that morning;");
    println!("  gap: the largest difference between the two for any one learner, in points");
    println!("- reviews: all grades, repeats included; × plain: reviews ÷ plain SM-2's in the same case");
    println!("- peak, eve, avg: reviews on the busiest day, on the day before the interview, on the average day");
    println!("- busiest, longest: minutes on a learner's busiest day (mean over learners), and on the longest");
    println!("  day of any learner (20 s a review); empty: days before the last three with no review");
    for population in Population::ALL {
        println!("\n{}\n", population.name());
        println!(
            "| case | scheduler | recall | readiness | gap | reviews | × plain | peak | eve | avg | eve ÷ avg | busiest | longest | empty |"
        );
        println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        let mut plain_reviews: HashMap<(usize, u64), f64> = HashMap::new();
        for case in CASES {
            for which in Run::ALL {
                if which == Run::PlainSm2 && case.minutes.is_some() {
                    continue;
                }
                let outcomes: Vec<Outcome> = (seed..seed + runs).map(|s| run(case, which, s, population)).collect();
                let (recall, recall_error) = mean_and_error(outcomes.iter().map(|o| o.recall));
                let ready = mean(outcomes.iter().map(|o| o.readiness));
                let gap = outcomes
                    .iter()
                    .map(|o| (o.readiness - o.recall).abs())
                    .fold(0.0, f64::max);
                let (reviews, reviews_error) = mean_and_error(outcomes.iter().map(|o| f64::from(o.reviews)));
                if which == Run::PlainSm2 {
                    plain_reviews.insert((case.cards, case.days), reviews);
                }
                let plain = plain_reviews.get(&(case.cards, case.days)).copied().unwrap_or(f64::NAN);
                let peak = mean(outcomes.iter().map(|o| f64::from(o.peak())));
                let eve = mean(outcomes.iter().map(|o| f64::from(o.eve())));
                let average = mean(outcomes.iter().map(Outcome::average));
                let minutes = |reviews: f64| reviews * SECONDS_PER_REVIEW / 60.0;
                let longest = outcomes.iter().map(Outcome::peak).max().unwrap_or(0);
                let empty = mean(outcomes.iter().map(|o| o.empty_days() as f64));
                println!(
                    "| {} | {} | {recall:.3} ±{recall_error:.3} | {:.1}% | {:.1} | {reviews:.0} ±{reviews_error:.0} | {:.2}× | {peak:.0} | {eve:.0} | {average:.0} | {:.2} | {:.0} | {:.0} | {empty:.2} |",
                    case.name(),
                    which.name(),
                    100.0 * ready,
                    100.0 * gap,
                    reviews / plain,
                    eve / average,
                    minutes(peak),
                    minutes(f64::from(longest)),
                );
            }
        }
    }
}

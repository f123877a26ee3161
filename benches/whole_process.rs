//! Whole-process benchmarks of the real `prepdeck` binary at 1k, 10k and 100k cards (with
//! 10 logged reviews per card): wall time (median of several runs, start-up included) and
//! peak memory of each command. Run by hand, never in CI:
//!
//!     cargo bench --bench whole_process                 # all three sizes
//!     cargo bench --bench whole_process -- 100000 --runs 9
//!     cargo bench --bench whole_process -- 100000 --keep     # keep the database to profile
//!
//! Peak memory is the largest resident set of the command's process, read with
//! getrusage(RUSAGE_CHILDREN) in a fresh helper process per measurement.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use prepdeck::domain::Grade;
use prepdeck::domain::Progress;
use prepdeck::schedule::fsrs::default_model;
use prepdeck::schedule::{Mode, Rules, apply};

const BIN: &str = env!("CARGO_BIN_EXE_prepdeck");
const NOW: &str = "2026-06-01T09:00:00+00:00";
const CARDS_PER_PROFILE: usize = 1_000;
const REVIEWS_PER_CARD: usize = 10;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if args.first().map(String::as_str) == Some("--measure") {
        measure_child(&args[1..]);
        return;
    }
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(7);
    let sizes: Vec<usize> = args
        .iter()
        .filter_map(|a| a.parse().ok())
        .filter(|n| *n >= CARDS_PER_PROFILE)
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000, 100_000]
    } else {
        sizes
    };
    println!(
        "prepdeck whole-process benchmark: median and spread of {runs} runs (imports: at most 5), peak RSS; {} cores",
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    );
    println!(
        "{:>8}  {:<28} {:>10} {:>17} {:>10}",
        "cards", "command", "median", "(fastest–slowest)", "peak RSS"
    );
    let keep = args.iter().any(|a| a == "--keep");
    for cards in sizes {
        bench_size(cards, runs, keep);
    }
}

/// Runs in a fresh process: spawns the command, waits, prints its wall time and peak RSS.
fn measure_child(command: &[String]) {
    let started = Instant::now();
    let status = Command::new(&command[0])
        .args(&command[1..])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let elapsed = started.elapsed();
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN).unwrap();
    println!("{} {} {}", elapsed.as_nanos(), usage.max_rss(), status.success());
}

/// The wall times of several runs of one command, and its largest peak memory.
#[derive(Default)]
struct Timing {
    times: Vec<Duration>,
    peak_kb: u64,
}

impl Timing {
    fn add(&mut self, other: Timing) {
        self.times.extend(other.times);
        self.peak_kb = self.peak_kb.max(other.peak_kb);
    }
}

/// Times `prepdeck ARGS` `runs` times (with `before` run untimed ahead of each run).
fn time(db: &Path, args: &[&str], runs: usize, mut before: impl FnMut(usize)) -> Timing {
    let me = std::env::current_exe().unwrap();
    let mut times = Vec::new();
    let mut peak = 0;
    for run in 0..runs {
        before(run);
        let out = Command::new(&me)
            .arg("--measure")
            .arg(BIN)
            .args(["--db", db.to_str().unwrap()])
            .args(args)
            .env("PREPDECK_NOW", NOW)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let mut parts = text.split_whitespace();
        let nanos: u64 = parts.next().unwrap().parse().unwrap();
        let rss: u64 = parts.next().unwrap().parse().unwrap();
        assert_eq!(parts.next(), Some("true"), "prepdeck {args:?} failed");
        times.push(Duration::from_nanos(nanos));
        peak = peak.max(rss);
    }
    Timing { times, peak_kb: peak }
}

/// One line: the median, the spread (fastest–slowest run) and the peak memory.
fn report(cards: usize, what: &str, mut timing: Timing) {
    timing.times.sort();
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    let spread = format!(
        "({:.2}–{:.2})",
        ms(&timing.times[0]),
        ms(&timing.times[timing.times.len() - 1])
    );
    println!(
        "{cards:>8}  {what:<28} {:>8.2}ms {spread:>17} {:>7.1} MB",
        ms(&timing.times[timing.times.len() / 2]),
        timing.peak_kb as f64 / 1024.0
    );
}

fn bench_size(cards: usize, runs: usize, keep: bool) {
    let dir = tempfile::tempdir().unwrap();
    if keep {
        eprintln!("          (keeping {})", dir.path().display());
    }
    let profiles = dir.path().join("profiles");
    write_profiles(&profiles, cards / CARDS_PER_PROFILE);
    let db = dir.path().join("bench.db");
    let reset = |_| {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    };
    report(
        cards,
        "import (cold)",
        time(&db, &["import", profiles.to_str().unwrap()], runs.min(5), reset),
    );
    report(
        cards,
        "import (again, unchanged)",
        time(&db, &["import", profiles.to_str().unwrap()], runs.min(5), |_| {}),
    );
    let started = Instant::now();
    let logged = write_history(&db);
    eprintln!(
        "          (history: {logged} review-log rows written in {:.1}s)",
        started.elapsed().as_secs_f64()
    );
    report(cards, "due --json", time(&db, &["due", "--json"], runs, |_| {}));
    // Each run grades a different card.
    let ids: Vec<String> = (0..runs).map(|run| ((run * 9_973) % cards + 1).to_string()).collect();
    let mut timing = Timing::default();
    for id in &ids {
        timing.add(time(&db, &["grade", id, "good"], 1, |_| {}));
    }
    report(cards, "grade CARD good", timing);
    report(cards, "stats --json", time(&db, &["stats", "--json"], runs, |_| {}));
    // A few words as a user types them: rare together, and a prefix of a common word.
    report(
        cards,
        "cards --search (3 words)",
        time(&db, &["cards", "--search", "shard roadm 17"], runs, |_| {}),
    );
    report(
        cards,
        "cards --search (3) --json",
        time(&db, &["cards", "--search", "shard roadm 17", "--json"], runs, |_| {}),
    );
    report(cards, "decks --json", time(&db, &["decks", "--json"], runs, |_| {}));
    report(cards, "--help", time(&db, &["--help"], runs, |_| {}));
    if keep {
        let _ = dir.keep();
    }
}

const WORDS: &[&str] = &[
    "design",
    "build",
    "scale",
    "measure",
    "debug",
    "deploy",
    "migrate",
    "monitor",
    "test",
    "review",
    "ship",
    "own",
    "lead",
    "mentor",
    "cache",
    "queue",
    "index",
    "shard",
    "replicate",
    "stream",
    "batch",
    "latency",
    "budget",
    "incident",
    "customer",
    "roadmap",
];

fn sentence(rng: &mut StdRng, words: usize, tag: usize) -> String {
    let mut out: Vec<&str> = (0..words).map(|_| WORDS[rng.random_range(0..WORDS.len())]).collect();
    out[0] = "how";
    format!("{} {tag}", out.join(" "))
}

/// `count` markdown profiles of 1,000 items each: 400 questions, 250 talking points,
/// 250 questions to ask, 100 skill rows.
fn write_profiles(dir: &Path, count: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let mut rng = StdRng::seed_from_u64(7);
    for p in 0..count {
        let mut doc = format!(
            "# Company Profile: Bench Company {p:03}\n\n## Interview Preparation\n### Potential Questions to Prepare For\n"
        );
        for i in 0..400 {
            doc.push_str(&format!("- \"{}?\"\n", sentence(&mut rng, 12, i)));
        }
        doc.push_str("\n### Key Talking Points\n");
        for i in 0..250 {
            doc.push_str(&format!("- {}\n", sentence(&mut rng, 14, i)));
        }
        doc.push_str("\n### Questions to Ask Interviewer\n");
        for i in 0..250 {
            doc.push_str(&format!("- {}?\n", sentence(&mut rng, 10, i)));
        }
        doc.push_str(
            "\n### Skills-to-Requirements Mapping\n| Your Skill | Their Requirement | Talking Point |\n|---|---|---|\n",
        );
        for i in 0..100 {
            doc.push_str(&format!(
                "| {} | {} | {} |\n",
                sentence(&mut rng, 3, i),
                sentence(&mut rng, 4, i),
                sentence(&mut rng, 8, i)
            ));
        }
        std::fs::write(dir.join(format!("company-{p:03}.md")), doc).unwrap();
    }
}

/// Ten SM-2 reviews per card over the months before `NOW`, written straight into the
/// database with schedules that agree with the log (as `prepdeck check` verifies).
fn write_history(db: &PathBuf) -> usize {
    let mut conn = rusqlite::Connection::open(db).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let mut rng = StdRng::seed_from_u64(11);
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM cards")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let tx = conn.transaction().unwrap();
    let mut rows = 0;
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO reviews (card_id, deck_id, reviewed_at, review_day, grade, effect, origin, duration_ms, ease_before,
                 interval_before, reps_before, lapses_before, due_before, ease_after, interval_after, reps_after, due_after)
                 VALUES (?1, (SELECT deck_id FROM cards WHERE id = ?1), ?2, ?3, ?4, 'review', 'review', ?5, ?6, ?7, ?8, ?9, ?10,
                 ?11, ?12, ?13, ?14)",
            )
            .unwrap();
        let mut update = tx
            .prepare(
                "UPDATE cards SET ease = ?1, interval_days = ?2, repetitions = ?3, lapses = ?4, due = ?5, last_reviewed = ?6,
                 last_grade = ?7, first_reviewed = ?8, review_count = ?9 WHERE id = ?10",
            )
            .unwrap();
        let rules = Rules::sm2(None, default_model());
        for id in ids {
            // Plan the card's grades first, then place them so that its last review falls
            // shortly before today: a user who keeps up, with a few cards overdue.
            let grades: Vec<Grade> = (0..REVIEWS_PER_CARD)
                .map(|_| Grade::new([5, 4, 4, 4, 3, 3, 2, 1][rng.random_range(0..8)]).unwrap())
                .collect();
            let lateness: Vec<u64> = (0..REVIEWS_PER_CARD).map(|_| rng.random_range(0..3)).collect();
            let mut probe = Progress::default();
            let mut probe_day = today;
            let mut span = 0u64;
            let mut last_interval = 1u64;
            for (n, grade) in grades.iter().enumerate() {
                // Each probe review on the day the last one set: reviewing early would not
                // grow the interval.
                probe = apply(&probe, *grade, Mode::Review, probe_day, &rules).after;
                probe_day = probe_day + Days::new(u64::from(probe.sm2.interval));
                if n + 1 < grades.len() {
                    span += u64::from(probe.sm2.interval) + lateness[n];
                }
                last_interval = u64::from(probe.sm2.interval);
            }
            let back = span + rng.random_range(0..=last_interval.min(60));
            let mut state = Progress::default();
            let mut day = today - Days::new(back);
            let first = day;
            let mut last = (day, grades[0]);
            let mut logged = 0;
            for (n, &grade) in grades.iter().enumerate() {
                if day > today {
                    break;
                }
                let after = apply(&state, grade, Mode::Review, day, &rules).after;
                insert
                    .execute(rusqlite::params![
                        id,
                        format!("{day}T08:00:00+00:00"),
                        day,
                        grade.value(),
                        rng.random_range(2_000..40_000),
                        state.sm2.ease,
                        state.sm2.interval,
                        state.sm2.repetitions,
                        state.lapses,
                        state.due,
                        after.sm2.ease,
                        after.sm2.interval,
                        after.sm2.repetitions,
                        after.due
                    ])
                    .unwrap();
                rows += 1;
                logged += 1;
                state = after;
                last = (day, grade);
                day = after.due.unwrap_or(day) + Days::new(lateness[n]);
            }
            update
                .execute(rusqlite::params![
                    state.sm2.ease,
                    state.sm2.interval,
                    state.sm2.repetitions,
                    state.lapses,
                    state.due,
                    last.0,
                    last.1.value(),
                    first,
                    logged,
                    id
                ])
                .unwrap();
        }
    }
    tx.commit().unwrap();
    rows
}

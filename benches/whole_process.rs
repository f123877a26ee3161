//! Whole-process benchmarks of the real `prepdeck` binary on every workload of
//! benches/README.md: wall time (median and spread of several runs, start-up included) and
//! peak memory of each command, and how each figure grows with the number of cards. Run by
//! hand, never in CI:
//!
//!     cargo bench --bench whole_process                         # 10k and 100k cards, 1k and 10k files
//!     cargo bench --bench whole_process -- --sizes 10000,100000,1000000 --runs 5
//!     cargo bench --bench whole_process -- --only fresh,folder --bin /tmp/prepdeck-before
//!     cargo bench --bench whole_process -- --keep /tmp/bench --json /tmp/bench/figures.json
//!
//! Workloads, at each size (cards in profiles of 1,000 items, one deck each):
//! - `fresh`: the first import of the profiles (many decks, no history), importing them
//!   again unchanged, the first search (which indexes the imported cards' words), then the
//!   first session of the first day (`due --json`), `stats`, `decks` and `cards --search`
//!   on the freshly imported cards;
//! - `history`: ten SM-2 reviews per card written into the same database (100k cards: a
//!   million log rows), then `due --json`, `stats`, `decks`, `cards --search`, a grade, a
//!   JSON backup of every deck and its restore into a new database;
//! - `folder`: a folder of small profiles (ten items each, 1,000 and 10,000 files), imported
//!   first and again unchanged: the time per file must not grow with the files;
//! - `bank`: one question bank of 1 MB and 10 MB (`1. ### Question` items with answers of
//!   prose, code, a table and a list; a linked table of contents), imported first and again
//!   unchanged;
//! - `sync`: at each size up to the largest restore, `sync DIR` between the history's
//!   database and a second machine made from it by the restore, each grading cards of its
//!   own (see [`Bench::sync`]).
//!
//! `--bin PATH` measures another build (the one before a change), `--keep DIR` keeps the
//! generated profiles and databases (for benches/anki_compare.py and for profiling), and
//! `--json FILE` writes every figure for benches/anki_compare.py. Peak memory is the
//! largest resident set of the command's process, read with getrusage(RUSAGE_CHILDREN) in a
//! fresh helper process per measurement.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::json;

use prepdeck::domain::Grade;
use prepdeck::domain::Progress;
use prepdeck::schedule::fsrs::default_model;
use prepdeck::schedule::{Mode, Rules, apply};

const NOW: &str = "2026-06-01T09:00:00+00:00";
const CARDS_PER_PROFILE: usize = 1_000;
const REVIEWS_PER_CARD: usize = 10;
const ITEMS_PER_FOLDER_FILE: usize = 10;
/// The largest history whose JSON backup stays under the size `import` accepts (2 GB).
const LARGEST_RESTORE: usize = 100_000;
/// A few words as a user types them: rare together, and a prefix of a common word.
const SEARCH: &str = "shard roadm 17";

/// What to measure, from the command line.
struct Options {
    sizes: Vec<usize>,
    files: Vec<usize>,
    bank_megabytes: Vec<usize>,
    runs: usize,
    only: Vec<String>,
    bin: PathBuf,
    keep: Option<PathBuf>,
    json: Option<PathBuf>,
}

impl Options {
    fn parse(args: &[String]) -> Options {
        let value = |flag: &str| {
            args.iter()
                .position(|a| a == flag)
                .and_then(|i| args.get(i + 1))
                .cloned()
        };
        let numbers = |flag: &str, default: &[usize]| -> Vec<usize> {
            value(flag).map_or_else(
                || default.to_vec(),
                |list| {
                    list.split(',')
                        .filter_map(|n| n.replace('_', "").parse().ok())
                        .collect()
                },
            )
        };
        Options {
            sizes: numbers("--sizes", &[10_000, 100_000])
                .into_iter()
                .filter(|n| *n >= CARDS_PER_PROFILE)
                .collect(),
            files: numbers("--files", &[1_000, 10_000]),
            bank_megabytes: numbers("--bank-mb", &[1, 10]),
            runs: value("--runs").and_then(|n| n.parse().ok()).unwrap_or(7),
            only: value("--only").map_or_else(
                || {
                    ["fresh", "history", "folder", "sync", "bank"]
                        .map(String::from)
                        .to_vec()
                },
                |list| list.split(',').map(str::to_string).collect(),
            ),
            bin: value("--bin").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_prepdeck")), PathBuf::from),
            keep: value("--keep").map(PathBuf::from),
            json: value("--json").map(PathBuf::from),
        }
    }

    fn wants(&self, workload: &str) -> bool {
        self.only.iter().any(|w| w == workload)
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if args.first().map(String::as_str) == Some("--measure") {
        measure_child(&args[1..]);
        return;
    }
    let options = Options::parse(&args);
    let mut bench = Bench {
        runs: options.runs,
        bin: options.bin.clone(),
        figures: Vec::new(),
        kept: Vec::new(),
    };
    println!(
        "prepdeck whole-process benchmark of {}: median (fastest–slowest) of {} runs (imports and restores: at most 5), peak RSS; {} cores",
        bench.bin.display(),
        bench.runs,
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    );
    println!("load average at the start: {}", load_average());
    println!(
        "{:<8} {:>9}  {:<30} {:>10} {:>21} {:>9}",
        "workload", "size", "command", "median", "(fastest–slowest)", "peak RSS"
    );
    for &cards in &options.sizes {
        if options.wants("fresh") || options.wants("history") || options.wants("sync") {
            bench.cards(cards, &options);
        }
    }
    if options.wants("folder") {
        for &files in &options.files {
            bench.folder(files, &options);
        }
    }
    if options.wants("bank") {
        for &megabytes in &options.bank_megabytes {
            bench.bank(megabytes, &options);
        }
    }
    println!("load average at the end: {}", load_average());
    bench.growth();
    if let Some(path) = &options.json {
        let figures: Vec<_> = bench
            .figures
            .iter()
            .map(|f| {
                json!({
                    "workload": f.workload,
                    "size": f.size,
                    "command": f.command,
                    "ms": f.times.iter().map(|t| t.as_secs_f64() * 1000.0).collect::<Vec<_>>(),
                    "peak_kb": f.peak_kb,
                })
            })
            .collect();
        let kept: Vec<_> = bench
            .kept
            .iter()
            .map(|(workload, size, dir)| json!({"workload": workload, "size": size, "dir": dir}))
            .collect();
        let document = json!({
            "binary": bench.bin,
            "runs": bench.runs,
            "load_average": load_average(),
            "figures": figures,
            "kept": kept,
        });
        std::fs::write(path, serde_json::to_string_pretty(&document).unwrap()).unwrap();
    }
}

/// The machine's load averages (1, 5 and 15 minutes), as the kernel gives them.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "unknown".to_string(),
        |s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    )
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

/// One measured command of one workload at one size.
struct Figure {
    workload: &'static str,
    /// Cards, or files for the folder workload.
    size: usize,
    command: String,
    times: Vec<Duration>,
    peak_kb: u64,
}

impl Figure {
    fn median(&self) -> Duration {
        let mut times = self.times.clone();
        times.sort();
        times[times.len() / 2]
    }
}

struct Bench {
    runs: usize,
    bin: PathBuf,
    figures: Vec<Figure>,
    /// Where each workload's data was kept: (workload, size, folder).
    kept: Vec<(&'static str, usize, PathBuf)>,
}

/// The working folder of one workload at one size: kept under `--keep`, else temporary.
enum Workspace {
    Kept(PathBuf),
    Temporary(tempfile::TempDir),
}

impl Workspace {
    fn new(options: &Options, name: &str) -> Workspace {
        match &options.keep {
            Some(root) => {
                let dir = root.join(name);
                let _ = std::fs::remove_dir_all(&dir);
                std::fs::create_dir_all(&dir).unwrap();
                Workspace::Kept(dir)
            }
            None => Workspace::Temporary(tempfile::tempdir().unwrap()),
        }
    }

    fn path(&self) -> &Path {
        match self {
            Workspace::Kept(dir) => dir,
            Workspace::Temporary(dir) => dir.path(),
        }
    }
}

/// Removes a database and the files SQLite keeps beside it.
fn remove_database(db: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}

impl Bench {
    /// Times `prepdeck --db DB ARGS` `runs` times (with `before` run untimed ahead of each).
    fn time(&self, db: &Path, args: &[&str], runs: usize, mut before: impl FnMut(usize)) -> (Vec<Duration>, u64) {
        let me = std::env::current_exe().unwrap();
        let mut times = Vec::new();
        let mut peak = 0;
        for run in 0..runs {
            before(run);
            let out = Command::new(&me)
                .arg("--measure")
                .arg(&self.bin)
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
        (times, peak)
    }

    /// Measures one command and prints its line.
    // Each argument names one part of the line; a struct would only repeat them.
    #[allow(clippy::too_many_arguments)]
    fn measure(
        &mut self,
        workload: &'static str,
        size: usize,
        command: &str,
        db: &Path,
        args: &[&str],
        runs: usize,
        before: impl FnMut(usize),
    ) {
        let (times, peak_kb) = self.time(db, args, runs, before);
        self.record(Figure {
            workload,
            size,
            command: command.to_string(),
            times,
            peak_kb,
        });
    }

    fn record(&mut self, figure: Figure) {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let fastest = figure.times.iter().min().copied().unwrap_or_default();
        let slowest = figure.times.iter().max().copied().unwrap_or_default();
        println!(
            "{:<8} {:>9}  {:<30} {:>8.1}ms {:>21} {:>6.1} MB",
            figure.workload,
            figure.size,
            figure.command,
            ms(figure.median()),
            format!("({:.1}–{:.1})", ms(fastest), ms(slowest)),
            figure.peak_kb as f64 / 1024.0
        );
        self.figures.push(figure);
    }

    /// The `fresh` and `history` workloads (and the restore) at `cards` cards.
    fn cards(&mut self, cards: usize, options: &Options) {
        let space = Workspace::new(options, &format!("cards-{cards}"));
        let dir = space.path().to_path_buf();
        if let Workspace::Kept(dir) = &space {
            self.kept.push(("cards", cards, dir.clone()));
        }
        let profiles = dir.join("profiles");
        write_profiles(&profiles, cards / CARDS_PER_PROFILE);
        let db = dir.join("bench.db");
        let profiles_arg = profiles.to_str().unwrap();
        let few = self.runs.min(5);
        self.measure(
            "fresh",
            cards,
            "import (cold)",
            &db,
            &["import", profiles_arg],
            few,
            |_| remove_database(&db),
        );
        self.measure(
            "fresh",
            cards,
            "import (again, unchanged)",
            &db,
            &["import", profiles_arg],
            few,
            |_| {},
        );
        let runs = self.runs;
        if options.wants("fresh") {
            self.first_search(cards, &dir, &db, few);
            self.run(&db, &["cards", "--search", SEARCH]);
            self.reading_commands("fresh", cards, &db, runs);
            self.interviews_ahead(cards, &dir, &db, runs);
        }
        // The sync workload starts from the history and its restore.
        if !options.wants("history") && !options.wants("sync") {
            return;
        }
        let started = Instant::now();
        let logged = write_history(&db);
        println!(
            "{:<8} {:>9}  ({logged} review-log rows written in {:.1}s; load average {})",
            "history",
            cards,
            started.elapsed().as_secs_f64(),
            load_average()
        );
        self.reading_commands("history", cards, &db, runs);
        // Each run grades a different card.
        let mut times = Vec::new();
        let mut peak_kb = 0;
        for run in 0..runs {
            let id = ((run * 9_973) % cards + 1).to_string();
            let (run_times, run_peak) = self.time(&db, &["grade", &id, "good"], 1, |_| {});
            times.extend(run_times);
            peak_kb = peak_kb.max(run_peak);
        }
        self.record(Figure {
            workload: "history",
            size: cards,
            command: "grade CARD good".to_string(),
            times,
            peak_kb,
        });
        if cards > LARGEST_RESTORE {
            println!(
                "{:<8} {:>9}  (no backup and restore: ten reviews per card make a backup over the 2 GB import accepts)",
                "history", cards
            );
            return;
        }
        let backup = dir.join("backup.json");
        let backup_arg = backup.to_str().unwrap();
        self.measure(
            "history",
            cards,
            "export --format json (backup)",
            &db,
            &["export", "--all-decks", "--format", "json", "-o", backup_arg],
            few,
            |_| {
                let _ = std::fs::remove_file(&backup);
            },
        );
        let restored = dir.join("restored.db");
        self.measure(
            "history",
            cards,
            "restore (import backup.json)",
            &restored,
            &["import", backup_arg],
            self.runs.min(3),
            |_| remove_database(&restored),
        );
        if options.wants("sync") {
            self.sync(cards, &dir, &db, &restored);
        }
        if matches!(space, Workspace::Temporary(_)) {
            remove_database(&restored);
        }
    }

    /// The first card when every deck has its interview ahead (in 19 days): each deck's
    /// day is then planned from all its cards (its last days may bring reviews forward).
    fn interviews_ahead(&mut self, cards: usize, dir: &Path, db: &Path, runs: usize) {
        let planned = dir.join("interviews.db");
        remove_database(&planned);
        std::fs::copy(db, &planned).unwrap();
        rusqlite::Connection::open(&planned)
            .unwrap()
            .execute("UPDATE decks SET interview_date = '2026-06-20'", [])
            .unwrap();
        self.measure(
            "fresh",
            cards,
            "first card, interviews ahead",
            &planned,
            &["due", "--json"],
            runs,
            |_| {},
        );
        remove_database(&planned);
    }

    /// The first search after an import, which indexes the imported cards' words (in
    /// bulk, once): timed on copies of the database as the import left it.
    fn first_search(&mut self, cards: usize, dir: &Path, db: &Path, runs: usize) {
        let imported = dir.join("imported.db");
        let searched = dir.join("searched.db");
        std::fs::copy(db, &imported).unwrap();
        self.measure(
            "fresh",
            cards,
            "cards --search (first, indexes)",
            &searched,
            &["cards", "--search", SEARCH],
            runs,
            |_| {
                remove_database(&searched);
                std::fs::copy(&imported, &searched).unwrap();
            },
        );
        remove_database(&imported);
        remove_database(&searched);
    }

    /// Runs `prepdeck --db DB ARGS` untimed (setting up a measurement).
    fn run(&self, db: &Path, args: &[&str]) {
        let status = Command::new(&self.bin)
            .args(["--db", db.to_str().unwrap()])
            .args(args)
            .env("PREPDECK_NOW", NOW)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "prepdeck {args:?} failed");
    }

    /// `sync DIR` between two machines: the history's database (`first`) and a second one
    /// made from it by a restore (`restored`), each grading cards of its own. Times the
    /// first machine's first sync (writing its whole file), the second's (merging that file
    /// and writing its own), the second's again with nothing new, and the first's merging
    /// the second's grades.
    fn sync(&mut self, cards: usize, dir: &Path, first: &Path, restored: &Path) {
        const GRADES: usize = 20;
        let folder = dir.join("sync");
        let folder_arg = folder.to_str().unwrap().to_string();
        let sync = ["sync", folder_arg.as_str()];
        let copy = |from: &Path, to: &Path| {
            remove_database(to);
            std::fs::copy(from, to).unwrap();
        };
        let files = |folder: &Path| -> Vec<PathBuf> {
            std::fs::read_dir(folder)
                .map(|entries| entries.map(|e| e.unwrap().path()).collect())
                .unwrap_or_default()
        };
        let few = self.runs.min(3);
        // The first machine: its whole file written from nothing.
        let a_start = dir.join("sync-a-start.db");
        let a = dir.join("sync-a.db");
        copy(first, &a_start);
        self.measure("sync", cards, "sync DIR (first machine, first)", &a, &sync, few, |_| {
            let _ = std::fs::remove_dir_all(&folder);
            std::fs::create_dir_all(&folder).unwrap();
            copy(&a_start, &a);
        });
        let a_synced = dir.join("sync-a-synced.db");
        copy(&a, &a_synced);
        let a_file = files(&folder);
        // The second machine grades cards of its own, then merges the first's file.
        let b_start = dir.join("sync-b-start.db");
        let b = dir.join("sync-b.db");
        copy(restored, &b_start);
        for n in 0..GRADES {
            let id = ((n * 7_919) % cards + 1).to_string();
            self.run(&b_start, &["grade", &id, "good"]);
        }
        self.measure("sync", cards, "sync DIR (second, merges first)", &b, &sync, few, |_| {
            for file in files(&folder) {
                if !a_file.contains(&file) {
                    let _ = std::fs::remove_file(file);
                }
            }
            copy(&b_start, &b);
        });
        self.measure(
            "sync",
            cards,
            "sync DIR (second, nothing new)",
            &b,
            &sync,
            self.runs,
            |_| {},
        );
        // The first machine merges the second's grades.
        // Each run from the folder as the second machine left it: a copied database that
        // found a newer file of its own would take it for a clone of itself.
        let left = dir.join("sync-left");
        let _ = std::fs::remove_dir_all(&left);
        std::fs::create_dir_all(&left).unwrap();
        for file in files(&folder) {
            std::fs::copy(&file, left.join(file.file_name().unwrap())).unwrap();
        }
        self.measure("sync", cards, "sync DIR (first, merges grades)", &a, &sync, few, |_| {
            let _ = std::fs::remove_dir_all(&folder);
            std::fs::create_dir_all(&folder).unwrap();
            for file in files(&left) {
                std::fs::copy(&file, folder.join(file.file_name().unwrap())).unwrap();
            }
            copy(&a_synced, &a);
        });
        let _ = std::fs::remove_dir_all(&left);
        for db in [&a_start, &a, &a_synced, &b_start, &b] {
            remove_database(db);
        }
        let _ = std::fs::remove_dir_all(&folder);
    }

    /// The commands that read what a workload left: the first card, stats, decks, search.
    fn reading_commands(&mut self, workload: &'static str, cards: usize, db: &Path, runs: usize) {
        let none = |_| {};
        self.measure(
            workload,
            cards,
            "first card: due --json",
            db,
            &["due", "--json"],
            runs,
            none,
        );
        self.measure(workload, cards, "stats --json", db, &["stats", "--json"], runs, none);
        self.measure(workload, cards, "decks --json", db, &["decks", "--json"], runs, none);
        self.measure(
            workload,
            cards,
            "cards --search (3 words)",
            db,
            &["cards", "--search", SEARCH],
            runs,
            none,
        );
    }

    /// A folder of `files` small profiles, each its own company: the first import, and
    /// again unchanged.
    fn folder(&mut self, files: usize, options: &Options) {
        let space = Workspace::new(options, &format!("folder-{files}"));
        let dir = space.path().to_path_buf();
        if let Workspace::Kept(dir) = &space {
            self.kept.push(("folder", files, dir.clone()));
        }
        let folder = dir.join("profiles");
        write_small_profiles(&folder, files);
        let db = dir.join("bench.db");
        let folder_arg = folder.to_str().unwrap();
        let few = self.runs.min(3);
        self.measure(
            "folder",
            files,
            "import (cold)",
            &db,
            &["import", folder_arg],
            few,
            |_| remove_database(&db),
        );
        self.measure(
            "folder",
            files,
            "import (again, unchanged)",
            &db,
            &["import", folder_arg],
            few,
            |_| {},
        );
    }

    /// One question bank of about `megabytes` MB (`1. ### Question` items with answers of
    /// prose, code, a table and a list, a linked table of contents, back-to-top links):
    /// the first import, and again unchanged. The size is the bank's questions.
    fn bank(&mut self, megabytes: usize, options: &Options) {
        let space = Workspace::new(options, &format!("bank-{megabytes}mb"));
        let dir = space.path().to_path_buf();
        if let Workspace::Kept(dir) = &space {
            self.kept.push(("bank", megabytes, dir.clone()));
        }
        let bank = dir.join("questions.md");
        let questions = write_bank(&bank, megabytes * 1024 * 1024);
        let db = dir.join("bench.db");
        let bank_arg = bank.to_str().unwrap();
        let few = self.runs.min(5);
        self.measure(
            "bank",
            questions,
            "import (cold)",
            &db,
            &["import", bank_arg],
            few,
            |_| remove_database(&db),
        );
        let cards = cards_in(&self.bin, &db);
        assert_eq!(cards, questions, "every question of the bank is one card");
        self.measure(
            "bank",
            questions,
            "import (again, unchanged)",
            &db,
            &["import", bank_arg],
            few,
            |_| {},
        );
    }

    /// How each command's median grows from one size to the next: at most tenfold per
    /// tenfold (linear), and the first card flat.
    fn growth(&self) {
        let mut keys: Vec<(&str, &str)> = Vec::new();
        for f in &self.figures {
            if !keys.contains(&(f.workload, f.command.as_str())) {
                keys.push((f.workload, &f.command));
            }
        }
        println!("\ngrowth: each median, and how it grows from one size to the next (×size → ×time)");
        for (workload, command) in keys {
            let series: Vec<&Figure> = self
                .figures
                .iter()
                .filter(|f| f.workload == workload && f.command == command)
                .collect();
            if series.len() < 2 {
                continue;
            }
            let mut line = format!("{workload:<8} {command:<30}");
            let mut worst: f64 = 0.0;
            for (i, f) in series.iter().enumerate() {
                let ms = f.median().as_secs_f64() * 1000.0;
                let _ = write!(line, " {:>8}: {ms:>9.1}ms", f.size);
                if i > 0 {
                    let before = series[i - 1];
                    let size = f.size as f64 / before.size as f64;
                    let time = f.median().as_secs_f64() / before.median().as_secs_f64();
                    let _ = write!(line, " (×{size:.0} → ×{time:.2})");
                    // The exponent of the growth: 1 is linear, 0 flat.
                    worst = worst.max(time.ln() / size.ln());
                }
            }
            let verdict = if command.starts_with("first card") || command.starts_with("grade") {
                if worst <= 0.15 { "flat" } else { "NOT FLAT" }
            } else if worst <= 1.1 {
                "at most linear"
            } else {
                "FASTER THAN LINEAR"
            };
            println!("{line}  {verdict} (exponent {worst:.2})");
        }
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

/// A question bank of at least `bytes` bytes in the shape of the public banks on code
/// hosts: a linked table of contents, then `1. ### Question` items whose answers hold a
/// paragraph, a code block, a table and a list, each ending in a back-to-top link. Returns
/// how many questions it holds.
fn write_bank(path: &Path, bytes: usize) -> usize {
    let mut rng = StdRng::seed_from_u64(17);
    let mut questions = Vec::new();
    let mut body = String::new();
    let mut n = 0;
    while body.len() < bytes {
        n += 1;
        let question = format!(
            "What is the {} of {} {n}?",
            WORDS[n % WORDS.len()],
            sentence(&mut rng, 4, n)
        );
        let _ = write!(
            body,
            "{n}. ### {question}\n\n    {}. {}.\n\n    ```python\n    def handle_{n}(items):\n        \
             return [item for item in items if item.ready]\n    ```\n\n    | Term | Meaning |\n    |---|---|\n    \
             | {} | {} |\n    | {} | {} |\n\n    - {}\n    - {}\n\n    **[⬆ Back to Top](#table-of-contents)**\n\n",
            sentence(&mut rng, 30, n),
            sentence(&mut rng, 24, n),
            sentence(&mut rng, 2, n),
            sentence(&mut rng, 8, n),
            sentence(&mut rng, 2, n),
            sentence(&mut rng, 8, n),
            sentence(&mut rng, 10, n),
            sentence(&mut rng, 10, n),
        );
        questions.push(question);
    }
    let mut doc = String::from("# Interview Questions\n\n## Table of Contents\n\n");
    for (i, question) in questions.iter().enumerate() {
        let anchor: String = question
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() => Some(c),
                _ => None,
            })
            .collect();
        let _ = writeln!(doc, "{}. [{question}](#{anchor})", i + 1);
    }
    doc.push_str("\n## Questions\n\n");
    doc.push_str(&body);
    std::fs::write(path, doc).unwrap();
    questions.len()
}

/// How many cards the database holds, as `cards --json` lists them.
fn cards_in(bin: &Path, db: &Path) -> usize {
    let out = Command::new(bin)
        .args(["--db", db.to_str().unwrap(), "cards", "--json"])
        .env("PREPDECK_NOW", NOW)
        .output()
        .unwrap();
    assert!(out.status.success(), "prepdeck cards --json failed");
    let cards: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    cards.as_array().map_or(0, Vec::len)
}

/// `count` small markdown profiles of [`ITEMS_PER_FOLDER_FILE`] items each, each naming its
/// own company: four questions, three talking points, two questions to ask, a skill row.
fn write_small_profiles(dir: &Path, count: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let mut rng = StdRng::seed_from_u64(13);
    for p in 0..count {
        let mut doc = format!("# Company Profile: Folder Company {p:05}\n\n## Potential Questions to Prepare For\n");
        for i in 0..4 {
            doc.push_str(&format!("- {}?\n", sentence(&mut rng, 10, i)));
        }
        doc.push_str("\n## Key Talking Points\n");
        for i in 0..3 {
            doc.push_str(&format!("- {}\n", sentence(&mut rng, 12, i)));
        }
        doc.push_str("\n## Questions to Ask Interviewer\n");
        for i in 0..2 {
            doc.push_str(&format!("- {}?\n", sentence(&mut rng, 8, i)));
        }
        doc.push_str(
            "\n## Skills-to-Requirements Mapping\n| Your Skill | Their Requirement | Talking Point |\n|---|---|---|\n",
        );
        doc.push_str(&format!(
            "| {} | {} | {} |\n",
            sentence(&mut rng, 3, 0),
            sentence(&mut rng, 4, 0),
            sentence(&mut rng, 8, 0)
        ));
        debug_assert_eq!(ITEMS_PER_FOLDER_FILE, 4 + 3 + 2 + 1);
        std::fs::write(dir.join(format!("company-{p:05}.md")), doc).unwrap();
    }
}

/// Ten SM-2 reviews per card over the months before `NOW`, written straight into the
/// database with schedules that agree with the log (as `prepdeck check` verifies).
fn write_history(db: &Path) -> usize {
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

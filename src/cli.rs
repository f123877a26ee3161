//! The command line, as clap types only: every command, argument and help text. The
//! behaviour lives in `commands/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Spaced-repetition flashcards for job-interview preparation.
///
/// prepdeck turns your company profiles (markdown, HTML or plain text) into decks of
/// cards, runs short daily reviews scheduled with SM-2, and drills one company's cards
/// before its interview.
#[derive(Debug, Parser)]
#[command(
    name = "prepdeck",
    version,
    after_help = "Start with:\n  prepdeck import decks/          # import the sample profiles\n  prepdeck cards                  # see what was made\n  prepdeck review                 # today's session\n\nThe database lives in the platform data folder ($XDG_DATA_HOME/prepdeck/prepdeck.db on Linux);\n--db or PREPDECK_DB moves it. PREPDECK_NOW (RFC 3339) fixes the clock for what-if planning."
)]
pub struct Cli {
    /// The database file (created on first use); PREPDECK_DB sets it too (an empty value
    /// counts as unset).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import company profiles (files or folders) into decks.
    ///
    /// Each document becomes one deck, named after the company. Re-importing an edited
    /// document keeps every card's history: edited items keep their card, new items are
    /// added, removed items are retired (hidden, history kept).
    #[command(
        after_help = "Examples:\n  prepdeck import ~/jobs/acme.md\n  prepdeck import ~/jobs/ --dry-run\n  prepdeck import notes.txt --deck \"Acme Robotics\""
    )]
    Import(ImportArgs),

    /// List decks with their card counts and interview dates.
    #[command(after_help = "Examples:\n  prepdeck decks\n  prepdeck decks --json")]
    Decks(JsonArg),

    /// List cards with their state.
    #[command(
        after_help = "Examples:\n  prepdeck cards acme\n  prepdeck cards --kind question\n  prepdeck cards acme --all --json"
    )]
    Cards(CardsArgs),

    /// Show one card in full: front, back, answer, notes, schedule and history.
    #[command(after_help = "Example:\n  prepdeck show 12")]
    Show(ShowArgs),

    /// Review today's due and new cards, interactively.
    ///
    /// Enter reveals the back; type a grade (0-5, or again/hard/good/easy) and Enter to
    /// record it. Cards graded below 4 come back later in the session. Esc, Ctrl-C or q
    /// ends the session; every grade already given is kept.
    #[command(
        after_help = "Examples:\n  prepdeck review\n  prepdeck review acme --limit 20\n  prepdeck review --new 5"
    )]
    Review(ReviewArgs),

    /// Cram every card of one deck before its interview, weakest first.
    ///
    /// Cards graded below 4 come back until they reach 4. Cards not yet due that you
    /// recall are logged as practice and keep their schedule; a failed one counts as a
    /// lapse.
    #[command(
        after_help = "Examples:\n  prepdeck drill acme\n  prepdeck drill acme --kind question --limit 15\n  prepdeck drill acme --shuffle --seed 7"
    )]
    Drill(DrillArgs),

    /// Rehearse a mock interview: random questions, a countdown, no peeking.
    ///
    /// Questions are drawn at random, weighted toward weak cards and ones never rehearsed
    /// in a mock. Answer each aloud and press Enter when done; nothing is revealed until
    /// the end, where you compare with your prepared answers and grade yourself (each grade
    /// is a normal review).
    #[command(
        after_help = "Examples:\n  prepdeck mock acme\n  prepdeck mock acme --questions 3 --minutes 1.5\n  prepdeck mock acme --kinds question,skill-map --seed 7"
    )]
    Mock(MockArgs),

    /// Rename a deck (its cards and history stay with it).
    #[command(after_help = "Example:\n  prepdeck rename acme \"Acme Robotics\"")]
    Rename(RenameArgs),

    /// Delete a deck with all its cards and history (asks first; --yes in scripts).
    #[command(after_help = "Examples:\n  prepdeck remove typo-deck\n  prepdeck remove typo-deck --yes")]
    Remove(RemoveArgs),

    /// Set or clear a deck's interview date.
    #[command(
        after_help = "Examples:\n  prepdeck interview acme 2026-03-10\n  prepdeck interview acme +7\n  prepdeck interview acme --clear"
    )]
    Interview(InterviewArgs),

    /// A day-by-day plan from today to a deck's interview.
    #[command(after_help = "Example:\n  prepdeck plan acme")]
    Plan(PlanArgs),

    /// Grade one card without prompting (for scripts): a normal, schedule-setting review.
    #[command(after_help = "Examples:\n  prepdeck grade 12 good\n  prepdeck grade 12 4")]
    Grade(GradeArgs),

    /// Write or edit your prepared answer to a card.
    ///
    /// Without --text, opens $VISUAL or $EDITOR on the current answer.
    #[command(
        after_help = "Examples:\n  prepdeck answer 12\n  prepdeck answer 12 --text \"Dispatcher story: 300 robots, sub-second\""
    )]
    Answer(AnswerArgs),

    /// Suspend cards: they leave reviews and drills until resumed.
    #[command(after_help = "Example:\n  prepdeck suspend 12 14")]
    Suspend(CardIdsArgs),

    /// Resume suspended cards.
    #[command(after_help = "Example:\n  prepdeck unsuspend 12")]
    Unsuspend(CardIdsArgs),

    /// Show what `review` would ask now, without prompting.
    #[command(after_help = "Examples:\n  prepdeck due\n  prepdeck due acme --json")]
    Due(DueArgs),

    /// Readiness, retention, forecast, streak and activity.
    #[command(after_help = "Examples:\n  prepdeck stats\n  prepdeck stats acme --json")]
    Stats(StatsArgs),

    /// Export decks for Anki, as a JSON backup, as CSV, or as a printable prep sheet.
    ///
    /// A JSON backup holds everything (answers, schedule, the whole review log, mock
    /// interviews) and is restored with `prepdeck import FILE.json`, which merges it with
    /// what the database already holds.
    #[command(
        after_help = "Examples:\n  prepdeck export acme --format anki -o acme.txt\n  prepdeck export --all-decks --format json -o backup.json\n  prepdeck export acme --format md > acme-prep.md"
    )]
    Export(ExportArgs),

    /// Check the database's integrity and the schedule's sanity.
    ///
    /// Exits with status 1 when it finds a problem.
    #[command(after_help = "Example:\n  prepdeck check")]
    Check,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Anki's text import (File > Import), with deck, GUID and tag columns.
    Anki,
    /// A complete, versioned backup that `prepdeck import` restores.
    Json,
    /// One row per card with its schedule, for spreadsheets.
    Csv,
    /// A printable prep sheet per company.
    Md,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The decks to export.
    #[arg(value_name = "DECK", required_unless_present = "all_decks")]
    pub decks: Vec<String>,

    /// Export every deck.
    #[arg(long, conflicts_with = "decks")]
    pub all_decks: bool,

    /// The output format.
    #[arg(long, short = 'f', value_enum)]
    pub format: ExportFormat,

    /// Write to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Include suspended and retired cards (a JSON backup always has them).
    #[arg(long)]
    pub all: bool,
}

/// `--json`.
#[derive(Debug, Args)]
pub struct JsonArg {
    /// Print one JSON document instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Profile files, or folders of them.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Put the cards in this deck, whatever the documents say.
    #[arg(long, value_name = "NAME")]
    pub deck: Option<String>,

    /// Show what would be added, changed and retired, and write nothing.
    #[arg(long, short = 'n')]
    pub dry_run: bool,

    /// Print the import report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CardsArgs {
    /// Only this deck (case-insensitive; a unique prefix is enough).
    pub deck: Option<String>,

    /// Only cards of this kind: question, talking-point, ask, skill-map, topic.
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,

    /// Include suspended and retired cards.
    #[arg(long)]
    pub all: bool,

    /// Print a JSON array.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The card's id (see `prepdeck cards`).
    pub card: String,

    /// Print the card as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct QueueArgs {
    /// Only these decks (all decks when none is named).
    #[arg(value_name = "DECK")]
    pub decks: Vec<String>,

    /// At most this many cards [default: 200].
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// New cards per deck per day (default 10; a deck with an interview may need more).
    #[arg(long = "new", value_name = "N")]
    pub new_per_day: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub queue: QueueArgs,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    #[command(flatten)]
    pub queue: QueueArgs,

    /// Print a JSON array of cards in review order.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DrillArgs {
    /// The deck to drill.
    pub deck: String,

    /// Only cards of this kind.
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,

    /// At most this many cards (the weakest).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// Shuffle instead of weakest first.
    #[arg(long)]
    pub shuffle: bool,

    /// Seed for --shuffle, to repeat an order.
    #[arg(long, value_name = "S", requires = "shuffle")]
    pub seed: Option<u64>,
}

#[derive(Debug, Args)]
pub struct MockArgs {
    /// The deck to rehearse.
    pub deck: String,

    /// How many questions.
    #[arg(long, short = 'n', default_value_t = 5, value_name = "N")]
    pub questions: usize,

    /// Minutes allowed per answer (fractions allowed: 1.5 is 90 seconds).
    #[arg(long, short = 'm', default_value_t = 2.0, value_name = "M")]
    pub minutes: f64,

    /// Card kinds to draw from, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "question", value_name = "KINDS")]
    pub kinds: Vec<String>,

    /// Seed for the draw, to repeat a run.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
}

#[derive(Debug, Args)]
pub struct RenameArgs {
    /// The deck to rename.
    pub deck: String,

    /// Its new name.
    pub name: String,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The deck to delete.
    pub deck: String,

    /// Delete without asking.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct InterviewArgs {
    /// The deck.
    pub deck: String,

    /// The interview day: YYYY-MM-DD, today, tomorrow, or +N days.
    pub date: Option<String>,

    /// Remove the interview date.
    #[arg(long)]
    pub clear: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The deck (it needs an interview date).
    pub deck: String,

    /// New cards per day, as for `review --new`.
    #[arg(long = "new", value_name = "N")]
    pub new_per_day: Option<usize>,

    /// Print the plan as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct GradeArgs {
    /// The card's id.
    pub card: String,

    /// 0-5, or again (1), hard (3), good (4), easy (5).
    pub grade: String,

    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AnswerArgs {
    /// The card's id.
    pub card: String,

    /// The answer text (instead of opening an editor). An empty text clears it.
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
}

#[derive(Debug, Args)]
pub struct CardIdsArgs {
    /// Card ids.
    #[arg(required = true, value_name = "CARD")]
    pub cards: Vec<String>,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Only this deck.
    pub deck: Option<String>,

    /// Print one JSON object: {"decks": [...], "total": {...}}.
    #[arg(long)]
    pub json: bool,
}

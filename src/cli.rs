//! The command line, as clap types only: every command, argument and help text. The
//! behaviour lives in `commands/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;

use crate::config::{CONFIG_EXAMPLE, CONFIG_FILE, ENVIRONMENT, settings_with_built_ins};
use crate::error::EXIT_STATUSES;
use crate::output::completion::complete_deck;
use crate::ui::prompt::{KEYS_AT_THE_BACK, KEYS_AT_THE_FRONT, LINE_EDITING, MOCK_KEYS};

/// Spaced-repetition flashcards for job-interview preparation.
///
/// prepdeck turns your company profiles (markdown, HTML or plain text) into decks of
/// cards, runs short daily reviews scheduled with SM-2, and drills one company's cards
/// before its interview.
#[derive(Debug, Parser)]
#[command(
    name = "prepdeck",
    version,
    after_help = format!("{GLOBAL_HELP}\n\n{MORE_HELP}"),
    after_long_help = long_help()
)]
pub struct Cli {
    // The two global options work before or after any command. Clap would list them
    // again under every command; they are hidden there and described once, in
    // GLOBAL_HELP below the top-level help. PREPDECK_DB is read outside clap (an empty
    // value counts as unset), so usage lines never show `--db` as given.
    /// The database file (created on first use).
    #[arg(long, global = true, hide = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// When to colour the output [default: auto, or the config file's color].
    #[arg(long, global = true, hide = true, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,

    #[command(subcommand)]
    pub command: Command,
}

/// The end of the top-level help: the global options, then where to start.
const GLOBAL_HELP: &str = "\
Global options (before or after any command):
      --db <PATH>     The database file, made on first use (PREPDECK_DB also
                      sets it)
      --color <WHEN>  When to colour: auto (on a terminal, unless NO_COLOR is
                      set), always or never [default: auto]

Start with:
  prepdeck import decks/          # import the sample profiles
  prepdeck cards                  # see what was made
  prepdeck review                 # today's session

The database lives in the platform data folder ($XDG_DATA_HOME/prepdeck/ on
Linux); --db or PREPDECK_DB moves it.";

/// Where the rest of the reference is, below the top-level help.
const MORE_HELP: &str = "\
Session keys: prepdeck help review. Settings: prepdeck help config. The manual:
prepdeck man (or man prepdeck once installed).";

/// The width help text is laid out for: 80 columns, or the terminal's (or `COLUMNS`) when
/// narrower, so that clap, which wraps what is wider than the terminal, never breaks a
/// line of these lists away from its column.
fn help_width() -> usize {
    crate::ui::Style::detect(ColorChoice::Never).width.min(80)
}

/// The widest name given a column of its own; a longer one has its text on the next line.
const HELP_NAME_COLUMN: usize = 16;

/// `text` wrapped to the help's width, every line after `indent` spaces.
fn help_paragraph(text: &str, indent: usize) -> String {
    let mut out = String::new();
    for line in crate::ui::wrap(text, help_width().saturating_sub(indent).max(20)) {
        out.push_str(&" ".repeat(indent));
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Entries as help lists them: names in a column, each text wrapped beside its name.
fn help_list<N: AsRef<str>, T: AsRef<str>>(entries: &[(N, T)]) -> String {
    let widest = entries
        .iter()
        .map(|(name, _)| name.as_ref().len())
        .filter(|&w| w <= HELP_NAME_COLUMN)
        .max()
        .unwrap_or(0);
    let column = 2 + widest + 2;
    let mut out = String::new();
    for (name, text) in entries {
        let text = help_paragraph(text.as_ref(), column);
        let name = name.as_ref();
        if name.len() <= widest {
            out.push_str(&format!("  {name:widest$}  {}", &text[column..]));
        } else {
            out.push_str(&format!("  {name}\n{text}"));
        }
    }
    out
}

/// The keys of `review` and `drill`, then their examples.
fn session_help(examples: &str) -> String {
    format!(
        "Keys at a card's front:\n{}\nKeys once the back is shown:\n{}\n{}\nExamples:\n{examples}",
        help_list(KEYS_AT_THE_FRONT),
        help_list(KEYS_AT_THE_BACK),
        help_paragraph(LINE_EDITING, 0),
    )
}

/// `prepdeck --help` (and `prepdeck help`): `-h`'s end, then the environment and the exit
/// statuses.
fn long_help() -> String {
    format!(
        "{GLOBAL_HELP}\n\nEnvironment:\n{}\nExit status (errors are one sentence on stderr):\n{}\n{MORE_HELP}",
        help_list(ENVIRONMENT),
        help_list(EXIT_STATUSES),
    )
}

/// The end of `prepdeck config --help`: every setting, the rules, an example.
fn config_help() -> String {
    let example: String = CONFIG_EXAMPLE.lines().flat_map(|l| ["  ", l, "\n"]).collect();
    format!(
        "Settings:\n{}\n{}\nExample config.toml:\n{example}",
        help_list(
            &settings_with_built_ins()
                .iter()
                .map(|s| (s.name, format!("{}\nbuilt-in: {}", s.about, s.built_in)))
                .collect::<Vec<_>>()
        ),
        help_paragraph(CONFIG_FILE, 0),
    )
}

const REVIEW_EXAMPLES: &str = "  prepdeck review\n  prepdeck review acme --limit 20\n  prepdeck review --new 5";

const DRILL_EXAMPLES: &str =
    "  prepdeck drill acme\n  prepdeck drill acme --kind question --limit 15\n  prepdeck drill acme --shuffle --seed 7";

pub use crate::config::ColorChoice;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import company profiles (files or folders) into decks.
    ///
    /// Each document becomes one deck, named after the company. Re-importing an edited
    /// document keeps every card's history: edited items keep their card, new items are
    /// added, removed items are retired (hidden, history kept). An edited copy of a
    /// document at a new path goes into that document's deck, even after a rename.
    #[command(
        after_help = "Examples:\n  prepdeck import ~/jobs/acme.md\n  prepdeck import ~/jobs/ --dry-run\n  prepdeck import notes.txt --deck \"Acme Robotics\"\n  prepdeck import ~/jobs/acme-v2.md --prune"
    )]
    Import(ImportArgs),

    /// List decks with their card counts and interview dates.
    #[command(after_help = "Examples:\n  prepdeck decks\n  prepdeck decks --json")]
    Decks(JsonArg),

    /// List cards with their state, or search them.
    ///
    /// --search finds the cards holding every word given (in any order, each also as the
    /// start of a longer word, in any case) in their front, back, your answer, the
    /// document's context, or a story linked to them; best matches first.
    #[command(
        after_help = "Examples:\n  prepdeck cards acme\n  prepdeck cards --kind question --tag systems\n  prepdeck cards --search \"cache invalid\"\n  prepdeck cards acme --search kafka --state learning\n  prepdeck cards acme --all --json"
    )]
    Cards(CardsArgs),

    /// Show one card in full: front, back, answer, notes, schedule and history.
    #[command(after_help = "Example:\n  prepdeck show 12")]
    Show(ShowArgs),

    /// Review today's due and new cards, interactively.
    ///
    /// Each card's front is shown; recall the answer, reveal the back, and grade how well
    /// you recalled it. Every grade is recorded at once. Cards graded below 4 come back
    /// later in the session. Esc, Ctrl-C or q ends the session; every grade already given
    /// is kept.
    #[command(after_help = session_help(REVIEW_EXAMPLES))]
    Review(ReviewArgs),

    /// Cram every card of one deck before its interview, weakest first.
    ///
    /// Cards graded below 4 come back until they reach 4. Cards not yet due that you
    /// recall are logged as practice and keep their schedule; a failed one counts as a
    /// lapse.
    #[command(after_help = session_help(DRILL_EXAMPLES))]
    Drill(DrillArgs),

    /// Rehearse a mock interview: random questions, a countdown, no peeking.
    ///
    /// Questions are drawn at random, weighted toward weak cards and ones never rehearsed
    /// in a mock. Answer each aloud and press Enter when done; nothing is revealed until
    /// the end, where you compare with your prepared answers and grade yourself (each grade
    /// is a normal review).
    #[command(
        after_help = format!("{}\nExamples:\n  prepdeck mock acme\n  prepdeck mock acme --questions 3 --minutes 1.5\n  prepdeck mock acme --kinds question,skill-map --seed 7", help_paragraph(MOCK_KEYS, 0))
    )]
    Mock(MockArgs),

    /// Rename a deck (its cards and history stay with it).
    #[command(after_help = "Example:\n  prepdeck rename acme \"Acme Robotics\"")]
    Rename(RenameArgs),

    /// Delete a deck with all its cards and history (asks first; --yes in scripts).
    #[command(after_help = "Examples:\n  prepdeck remove typo-deck\n  prepdeck remove typo-deck --yes")]
    Remove(RemoveArgs),

    /// Set or clear a deck's interview date, and its daily budget.
    #[command(
        after_help = "Examples:\n  prepdeck interview acme 2026-03-10\n  prepdeck interview acme +7 --minutes 30\n  prepdeck interview acme --minutes 45\n  prepdeck interview acme --no-minutes\n  prepdeck interview acme --clear"
    )]
    Interview(InterviewArgs),

    /// A day-by-day plan from today to a deck's interview.
    ///
    /// As a table, as JSON, or as a calendar file (--format ics) with the interview and each
    /// day's study session; importing a newer file into the calendar updates those events.
    #[command(
        after_help = "Examples:\n  prepdeck plan acme\n  prepdeck plan acme --format ics -o acme-prep.ics\n  prepdeck plan --all-decks --format ics -o prep.ics"
    )]
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

    /// Add a card by hand to a deck.
    ///
    /// Without --front, opens $VISUAL or $EDITOR on a small form: front, back, kind and
    /// tags. A card added by hand belongs to no document: re-importing the deck's documents
    /// never retires or changes it. A deck that does not exist is made only after asking
    /// (or with --create).
    #[command(
        after_help = "Examples:\n  prepdeck add acme\n  prepdeck add acme --front \"Why robots?\" --back \"Because fleets scale.\"\n  prepdeck add acme --kind ask --front \"Ask about on-call\" --tag ops\n  prepdeck add \"New Co\" --create --front \"Why New Co?\" --json"
    )]
    Add(AddArgs),

    /// Change a card's front and back in your own words.
    ///
    /// On a card from a document, your words are kept over the document's: re-importing
    /// never reverts them, `show` marks the card as edited and shows the document's text
    /// too, and --revert returns to the document's text. On a card added by hand, its texts
    /// change. Either way the card keeps its schedule and history. Without --front or
    /// --back, opens $VISUAL or $EDITOR on the card's front and back.
    #[command(
        after_help = "Examples:\n  prepdeck edit 12\n  prepdeck edit 12 --front \"Acme: the ledger rewrite, in full\"\n  prepdeck edit 12 --back \"Token bucket per client, Redis-backed.\"\n  prepdeck edit 12 --revert"
    )]
    Edit(EditArgs),

    /// Suspend cards: they leave reviews and drills until resumed.
    #[command(after_help = "Examples:\n  prepdeck suspend 12 14\n  prepdeck suspend 20-25")]
    Suspend(CardIdsArgs),

    /// Resume suspended cards.
    #[command(after_help = "Example:\n  prepdeck unsuspend 12")]
    Unsuspend(CardIdsArgs),

    /// Tag cards (a card list, ranges such as 12-20 included).
    ///
    /// A tag is one word, in any case: `Systems` and `systems` are one tag, kept as first
    /// written. `--tag TAG` then picks the cards of `cards`, `due`, `review` and `drill`.
    #[command(after_help = "Examples:\n  prepdeck tag systems 12 14 20-25\n  prepdeck review --tag systems")]
    Tag(TagArgs),

    /// Take a tag off cards.
    #[command(after_help = "Example:\n  prepdeck untag systems 12 20-25")]
    Untag(TagArgs),

    /// List tags with how many cards carry each.
    #[command(after_help = "Examples:\n  prepdeck tags\n  prepdeck tags --json")]
    Tags(JsonArg),

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

    /// Bring this machine and your others to one database, through a folder they share.
    ///
    /// DIR is a folder every machine sees (Syncthing, Dropbox, a network drive, a git
    /// repository). Each machine writes its whole history to DIR/prepdeck-MACHINE.json and
    /// merges the files the others wrote there: for every answer, text, tag, story, link,
    /// interview date and setting the later change wins (the earlier stays in the card's
    /// history, `show`), a removal stays removed, and review logs are united. Run it on each
    /// machine, in any order, as often as you like. A file the sync tool has only half
    /// copied is skipped with one line and merged next time.
    #[command(after_help = "Examples:
  prepdeck sync ~/Sync/prepdeck
  prepdeck sync /mnt/nas/prepdeck --dry-run
  prepdeck sync ~/Dropbox/prepdeck --json")]
    Sync(SyncArgs),

    /// Choose SM-2 or FSRS for a deck, or for every deck without its own choice.
    ///
    /// SM-2 is the default. Switching replays each card's review log under the new
    /// scheduler: its FSRS memory and due date come from the log, SM-2's own state stays as
    /// your grades made it, so switching back gives back every SM-2 due date. Without
    /// arguments, lists each deck's scheduler and FSRS's settings.
    #[command(
        after_help = "Examples:\n  prepdeck scheduler\n  prepdeck scheduler acme fsrs\n  prepdeck scheduler acme default\n  prepdeck scheduler --default fsrs\n  prepdeck scheduler --retention 0.85"
    )]
    Scheduler(SchedulerArgs),

    /// Fit FSRS's parameters to your own review log.
    ///
    /// Needs 400 reviews made a day or more after the card's previous one, and says how
    /// many more it needs when there are fewer. The fitted parameters replace FSRS-6's
    /// defaults for every deck; decks under FSRS are rescheduled with them.
    #[command(after_help = "Examples:\n  prepdeck optimize\n  prepdeck optimize --reset")]
    Optimize(OptimizeArgs),

    /// Check the database's integrity and the schedule's sanity.
    ///
    /// Exits with status 1 when it finds a problem.
    #[command(after_help = "Example:\n  prepdeck check")]
    Check,

    /// Stories: prepared answers kept once and linked to questions in any deck.
    ///
    /// The same few stories answer most behavioural and design questions everywhere. Write
    /// one once, link it to every question it answers, at every company; a linked card's
    /// back shows it (after the card's own answer, if it has one).
    #[command(
        subcommand,
        after_help = "Examples:\n  prepdeck story new \"Dispatcher rewrite\"\n  prepdeck story link dispatcher 12 34\n  prepdeck story list"
    )]
    Story(StoryCommand),

    /// Print the script that makes your shell complete prepdeck's commands and deck names.
    #[command(
        after_help = "Enable it with one line in your shell's startup file (~/.bashrc, ~/.zshrc, ...):\n  bash        source <(prepdeck completions bash)\n  zsh         source <(prepdeck completions zsh)\n  fish        prepdeck completions fish | source\n  elvish      eval (prepdeck completions elvish | slurp)\n  powershell  prepdeck completions powershell | Out-String | Invoke-Expression"
    )]
    Completions(CompletionsArgs),

    /// Print the manual page (roff), for `man`.
    #[command(
        after_help = "Read it at once:\n  prepdeck man | man -l -\n\nInstall it (man looks there when ~/.local/bin is on your PATH):\n  mkdir -p ~/.local/share/man/man1\n  prepdeck man > ~/.local/share/man/man1/prepdeck.1\n  man prepdeck"
    )]
    Man,

    /// Show the settings in effect and where each comes from (flag, config file, built-in).
    ///
    /// The config file is $XDG_CONFIG_HOME/prepdeck/config.toml (the platform's config
    /// folder elsewhere), or the file PREPDECK_CONFIG names. Names the config file and the
    /// database in use, and for each setting its value and where it comes from: a flag,
    /// the file and its line, the environment (VISUAL, EDITOR) or the built-in default.
    #[command(
        after_help = config_help()
    )]
    Config,
}

/// What `story` does.
#[derive(Debug, Subcommand)]
pub enum StoryCommand {
    /// Write a new story (in $VISUAL or $EDITOR, on a Situation / Task / Action / Result
    /// skeleton, or from --text), then see the questions it may answer.
    #[command(
        after_help = "Examples:\n  prepdeck story new \"Dispatcher rewrite\"\n  prepdeck story new Outage --text \"Situation: …\""
    )]
    New(StoryNewArgs),

    /// List stories with how many questions each answers.
    List(JsonArg),

    /// Show a story: its text and the questions it answers.
    Show(StoryShowArgs),

    /// Edit a story's text (in the editor, or from --text).
    Edit(StoryEditArgs),

    /// Rename a story (its links stay).
    Rename(StoryRenameArgs),

    /// Delete a story (asks first; --yes in scripts). Cards keep their own answers.
    Remove(StoryRemoveArgs),

    /// Link a story to cards (questions, topics, talking points, skill-map requirements):
    /// their backs show it. Cards that cannot take it are named; the others are linked.
    #[command(after_help = "Example:\n  prepdeck story link dispatcher 12 34")]
    Link(StoryLinkArgs),

    /// Unlink a story from cards.
    Unlink(StoryLinkArgs),
}

#[derive(Debug, Args)]
pub struct StoryNewArgs {
    /// The story's name (unique; any case).
    pub name: String,

    /// The story's text, instead of opening an editor.
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
}

#[derive(Debug, Args)]
pub struct StoryShowArgs {
    /// The story (a unique prefix of its name is enough).
    pub story: String,

    /// Print the story as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StoryEditArgs {
    /// The story.
    pub story: String,

    /// The new text, instead of opening an editor.
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
}

#[derive(Debug, Args)]
pub struct StoryRenameArgs {
    /// The story.
    pub story: String,

    /// Its new name.
    pub name: String,
}

#[derive(Debug, Args)]
pub struct StoryRemoveArgs {
    /// The story.
    pub story: String,

    /// Delete without asking.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct StoryLinkArgs {
    /// The story.
    pub story: String,

    /// Card ids, or ranges of them such as 12-20 (questions or topics).
    #[arg(required = true, value_name = "CARD")]
    pub cards: Vec<String>,
}

/// `completions SHELL`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
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
    #[arg(value_name = "DECK", required_unless_present = "all_decks", add = ArgValueCompleter::new(complete_deck))]
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

    /// Also retire the cards of each imported document's deck that no document still on
    /// disk holds (their documents were deleted); cards added by hand stay.
    #[arg(long)]
    pub prune: bool,

    /// Print the import report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CardsArgs {
    /// Only this deck (case-insensitive; a unique prefix is enough).
    #[arg(add = ArgValueCompleter::new(complete_deck))]
    pub deck: Option<String>,

    /// Only cards holding every one of these words (or words they start), best first;
    /// matches are marked when colour is on.
    #[arg(long, short = 's', value_name = "TEXT", allow_hyphen_values = true)]
    pub search: Option<String>,

    /// Only cards carrying this tag (in any case).
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,

    /// Only cards in this state: new, learning, review, suspended or retired (the last two
    /// need no --all).
    #[arg(long, value_name = "STATE")]
    pub state: Option<String>,

    /// Only questions with neither an answer of their own nor a linked story.
    #[arg(long)]
    pub unanswered: bool,

    /// Only cards of this kind: question, talking-point, ask, skill-map, topic.
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,

    /// Include suspended and retired cards.
    #[arg(long)]
    pub all: bool,

    /// The N cards seen before that are least likely to be recalled on the interview day
    /// (today when there is none), weakest first [default: 10].
    #[arg(
        long,
        value_name = "N",
        num_args = 0..=1,
        default_missing_value = "10",
        conflicts_with = "all",
        value_parser = at_least_one
    )]
    pub weakest: Option<usize>,

    /// Print a JSON array.
    #[arg(long)]
    pub json: bool,
}

/// A count of one or more.
fn at_least_one(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("\"{text}\" is not a number of cards (1 or more)")),
    }
}

#[derive(Debug, Args)]
pub struct SchedulerArgs {
    /// The deck (every deck is listed when none is named).
    pub deck: Option<String>,

    /// sm2, fsrs, or default (follow the database's default).
    #[arg(value_name = "SCHEDULER", requires = "deck")]
    pub scheduler: Option<String>,

    /// Set the scheduler of every deck without its own: sm2 or fsrs.
    #[arg(long, value_name = "SCHEDULER", conflicts_with_all = ["deck", "scheduler"])]
    pub default: Option<String>,

    /// FSRS's desired retention, 0.70-0.99 [default: 0.9].
    #[arg(long, value_name = "R", conflicts_with_all = ["deck", "scheduler"])]
    pub retention: Option<f64>,

    /// Print the settings as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The folder the machines share.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Say what would come in from each file, and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Print one JSON object: {"folder", "machine", "files": [...], "wrote", ...}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// Forget fitted parameters and go back to FSRS-6's defaults.
    #[arg(long)]
    pub reset: bool,
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
    #[arg(value_name = "DECK", add = ArgValueCompleter::new(complete_deck))]
    pub decks: Vec<String>,

    /// At most this many cards [default: 200, or the config file's session_limit].
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// New cards per deck per day (default 10, or the config file's new_per_day; a deck with
    /// an interview may need more).
    #[arg(long = "new", value_name = "N")]
    pub new_per_day: Option<usize>,

    /// Only cards carrying this tag (in any case).
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
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
    #[arg(add = ArgValueCompleter::new(complete_deck))]
    pub deck: String,

    /// Only cards of this kind.
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,

    /// Only cards carrying this tag (in any case).
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,

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
    #[arg(add = ArgValueCompleter::new(complete_deck))]
    pub deck: String,

    /// How many questions [default: 5, or the config file's mock_questions].
    #[arg(long, short = 'n', value_name = "N")]
    pub questions: Option<usize>,

    /// Minutes allowed per answer (fractions allowed: 1.5 is 90 seconds) [default: 2, or
    /// the config file's mock_minutes].
    #[arg(long, short = 'm', value_name = "M")]
    pub minutes: Option<f64>,

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
    #[arg(add = ArgValueCompleter::new(complete_deck))]
    pub deck: String,

    /// Its new name.
    pub name: String,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The deck to delete.
    #[arg(add = ArgValueCompleter::new(complete_deck))]
    pub deck: String,

    /// Delete without asking.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct InterviewArgs {
    /// The deck.
    #[arg(add = ArgValueCompleter::new(complete_deck))]
    pub deck: String,

    /// The interview day: YYYY-MM-DD, today, tomorrow, or +N days.
    pub date: Option<String>,

    /// Remove the interview date.
    #[arg(long)]
    pub clear: bool,

    /// Study this deck at most N minutes a day (1-1440); alone, changes the budget and
    /// keeps the date.
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub minutes: Option<String>,

    /// Remove the deck's own budget (the config file's daily_minutes applies, if set).
    #[arg(long, conflicts_with = "minutes")]
    pub no_minutes: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The deck (it needs an interview date).
    #[arg(required_unless_present = "all_decks", add = ArgValueCompleter::new(complete_deck))]
    pub deck: Option<String>,

    /// Plan every deck that has an interview ahead.
    #[arg(long, conflicts_with = "deck")]
    pub all_decks: bool,

    /// New cards per day, as for `review --new`.
    #[arg(long = "new", value_name = "N")]
    pub new_per_day: Option<usize>,

    /// The session limit, as for `review --limit` [default: 200].
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// Print the plan as JSON (the same as --format json).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// The output format.
    #[arg(long, short = 'f', value_enum, default_value_t = PlanFormat::Table)]
    pub format: PlanFormat,

    /// Write to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// What `plan` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// A table per deck.
    Table,
    /// One JSON document.
    Json,
    /// An iCalendar file (RFC 5545): the interview and each day's study session as all-day
    /// events, which a calendar updates in place when the file is imported again.
    Ics,
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
    /// Card ids, or ranges of them such as 12-20.
    #[arg(required = true, value_name = "CARD")]
    pub cards: Vec<String>,
}

#[derive(Debug, Args)]
pub struct TagArgs {
    /// The tag: one word, in any case.
    pub tag: String,

    /// Card ids, or ranges of them such as 12-20.
    #[arg(required = true, value_name = "CARD")]
    pub cards: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The deck (case-insensitive; a unique prefix is enough). A deck that does not exist
    /// is made after asking, or with --create.
    #[arg(add = ArgValueCompleter::new(complete_deck))]
    pub deck: String,

    /// The front: the question or cue (without it, the editor opens).
    #[arg(long, value_name = "TEXT")]
    pub front: Option<String>,

    /// The back: the answer or the point to make.
    #[arg(long, value_name = "TEXT")]
    pub back: Option<String>,

    /// question, talking-point, ask, skill-map or topic [default: question].
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,

    /// A tag for the card (repeat for more).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Make the deck if it does not exist, without asking.
    #[arg(long)]
    pub create: bool,

    /// Print the new card as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The card's id.
    pub card: String,

    /// The new front (the question or cue).
    #[arg(long, value_name = "TEXT", conflicts_with = "revert")]
    pub front: Option<String>,

    /// The new back (the answer the card gives; your own prepared answer is `prepdeck
    /// answer`).
    #[arg(long, value_name = "TEXT", conflicts_with = "revert")]
    pub back: Option<String>,

    /// Return to the document's front and back.
    #[arg(long)]
    pub revert: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Only this deck.
    #[arg(add = ArgValueCompleter::new(complete_deck))]
    pub deck: Option<String>,

    /// Print one JSON object: {"decks": [...], "total": {...}}.
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_puts_a_long_name_above_its_text_and_wraps_beside_short_ones() {
        let listed = help_list(&[("a", "one two three"), ("a-name-longer-than-the-column", "below")]);
        assert_eq!(
            listed,
            "  a  one two three\n  a-name-longer-than-the-column\n     below\n"
        );
        let long = "word ".repeat(40);
        for line in help_list(&[("k", long.as_str())]).lines() {
            assert!(line.chars().count() <= help_width(), "{line:?}");
            assert!(
                line.starts_with("  k  word") || line.starts_with("     word"),
                "{line:?}"
            );
        }
    }
}

//! One module per subcommand: the glue between the command line, the store, the schedule
//! and the terminal. Each `run` gets the parsed arguments and the command's [`Context`];
//! no command calls another, shared pieces live in `study`, `report` and `ui`.

pub mod cards;
pub mod check;
pub mod completions;
pub mod config;
pub mod deck;
pub mod decks;
pub mod drill;
pub mod export;
pub mod grade;
pub mod import;
pub mod interview;
pub mod man;
pub mod mock_interview;
pub mod plan;
pub mod review;
pub mod scheduler;
pub mod stats;
pub mod story;

use std::io::Write;
use std::path::PathBuf;

use crate::cli::Command;
use crate::clock::Now;
use crate::config::Settings;
use crate::domain::card::GuidSource;
use crate::domain::{CardId, Kind};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::ui::Style;

/// What every command gets: the clock reading, the database location, the output style,
/// and the settings of the config file.
#[derive(Debug, Clone)]
pub struct Context {
    pub now: Now,
    pub db: PathBuf,
    /// The database was named by `--db` or `PREPDECK_DB` (not the platform default).
    pub db_given: bool,
    pub style: Style,
    pub settings: Settings,
}

impl Context {
    pub fn store(&self) -> Result<Store> {
        Store::open(&self.db)
    }

    /// Identities for cards and stories this command creates: the command's time and a
    /// random start, so two processes never make the same one.
    #[must_use]
    pub fn guids(&self) -> GuidSource {
        GuidSource::new(
            u64::try_from(self.now.at.timestamp_millis()).unwrap_or(0),
            rand::random(),
        )
    }
}

/// Runs one subcommand.
pub fn dispatch(command: Command, ctx: &Context) -> Result<()> {
    match command {
        Command::Import(args) => import::run(&args, ctx),
        Command::Decks(args) => decks::run(args.json, ctx),
        Command::Cards(args) => cards::run(&args, ctx),
        Command::Show(args) => cards::show(&args, ctx),
        Command::Review(args) => review::run(&args, ctx),
        Command::Drill(args) => drill::run(&args, ctx),
        Command::Mock(args) => mock_interview::run(&args, ctx),
        Command::Interview(args) => interview::run(&args, ctx),
        Command::Rename(args) => deck::rename(&args, ctx),
        Command::Remove(args) => deck::remove(&args, ctx),
        Command::Plan(args) => plan::run(&args, ctx),
        Command::Grade(args) => grade::grade(&args, ctx),
        Command::Answer(args) => grade::answer(&args, ctx),
        Command::Suspend(args) => grade::suspend(&args.cards, true, ctx),
        Command::Unsuspend(args) => grade::suspend(&args.cards, false, ctx),
        Command::Due(args) => review::due(&args, ctx),
        Command::Stats(args) => stats::run(&args, ctx),
        Command::Export(args) => export::run(&args, ctx),
        Command::Check => check::run(ctx),
        Command::Story(command) => story::run(&command, ctx),
        Command::Completions(args) => completions::run(&args),
        Command::Man => man::run(),
        Command::Config => config::run(ctx),
        Command::Scheduler(args) => scheduler::run(&args, ctx),
        Command::Optimize(args) => scheduler::optimize(&args, ctx),
    }
}

/// Writes to standard output in one piece. A closed pipe (`prepdeck cards | head`)
/// surfaces as an I/O error that `main` treats as success.
pub fn emit(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("cannot write to standard output", e))
}

/// A value as one pretty JSON document followed by a newline.
pub fn json_text<T: serde::Serialize>(value: &T) -> Result<String> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| Error::Encode {
        what: "JSON",
        source: Box::new(e),
    })?;
    text.push('\n');
    Ok(text)
}

/// Prints one JSON document followed by a newline.
pub fn emit_json<T: serde::Serialize>(value: &T) -> Result<()> {
    emit(&json_text(value)?)
}

/// Parses an optional `--kind`.
pub fn parse_kind(kind: Option<&String>) -> Result<Option<Kind>> {
    Ok(kind.map(|k| k.parse()).transpose()?)
}

/// Parses a card id typed by the user. Done before the database is opened, so that a
/// mistyped id is reported as misuse whatever state the database is in.
pub fn parse_card_id(typed: &str) -> Result<CardId> {
    Ok(typed.parse()?)
}

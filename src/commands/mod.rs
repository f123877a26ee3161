//! One module per subcommand: the glue between the command line, the store, the schedule
//! and the terminal. Each `run` gets the parsed arguments and the command's [`Context`].

pub mod cards;
pub mod check;
pub mod deck;
pub mod decks;
pub mod drill;
pub mod export;
pub mod grade;
pub mod import;
pub mod interview;
pub mod mock;
pub mod plan;
pub mod review;
pub mod stats;

use std::io::Write;
use std::path::PathBuf;

use crate::cli::Command;
use crate::clock::Now;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::types::{CardId, Kind};
use crate::ui::Style;

/// What every command gets: the clock reading, the database location, the output style.
#[derive(Debug, Clone)]
pub struct Context {
    pub now: Now,
    pub db: PathBuf,
    pub style: Style,
}

impl Context {
    pub fn store(&self) -> Result<Store> {
        Store::open(&self.db)
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
        Command::Mock(args) => mock::run(&args, ctx),
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

/// Prints one JSON document followed by a newline.
pub fn emit_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| Error::Usage(format!("cannot encode JSON: {e}")))?;
    text.push('\n');
    emit(&text)
}

/// Parses an optional `--kind`.
pub fn parse_kind(kind: Option<&String>) -> Result<Option<Kind>> {
    kind.map(|k| k.parse()).transpose()
}

/// Parses a card id typed by the user and checks that the card exists.
pub fn parse_card(store: &Store, typed: &str) -> Result<CardId> {
    let id: CardId = typed.parse()?;
    store.card(id).map(|card| card.id)
}

/// "in 3 days", "tomorrow", "today", "2 days ago".
#[must_use]
pub fn relative_day(day: chrono::NaiveDate, today: chrono::NaiveDate) -> String {
    match (day - today).num_days() {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "yesterday".to_string(),
        n if n > 1 => format!("in {n} days"),
        n => format!("{} days ago", -n),
    }
}

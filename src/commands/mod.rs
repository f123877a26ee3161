//! One module per subcommand, each glue only: its `run` gets the parsed arguments and the
//! command's [`Context`], makes one call into `study`, `import` or `output` that returns
//! the command's view, and has `ui` draw it (or serde print it for `--json`). No command
//! calls another.

pub mod add;
pub mod cards;
pub mod check;
pub mod completions;
pub mod config;
pub mod deck;
pub mod decks;
pub mod drill;
pub mod edit;
pub mod export;
pub mod grade;
pub mod import;
pub mod interview;
pub mod man;
pub mod mock_interview;
pub mod plan;
pub mod review;
pub mod scheduler;
#[cfg(test)]
mod screens;
pub mod stats;
pub mod story;
pub mod sync;
pub mod tags;

use std::path::PathBuf;

use crate::cli::Command;
use crate::clock::Now;
use crate::config::Settings;
use crate::domain::card::GuidSource;
use crate::domain::{CardId, CardRef, Kind};
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
    /// The database, its changes dated by the command's clock.
    pub fn store(&self) -> Result<Store> {
        let mut store = Store::open(&self.db)?;
        store.set_clock(self.now.at);
        Ok(store)
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
        Command::Add(args) => add::add(&args, ctx),
        Command::Edit(args) => edit::edit(&args, ctx),
        Command::Tag(args) => tags::tag(&args, true, ctx),
        Command::Untag(args) => tags::tag(&args, false, ctx),
        Command::Tags(args) => tags::list(args.json, ctx),
        Command::Suspend(args) => grade::suspend(&args.cards, true, ctx),
        Command::Unsuspend(args) => grade::suspend(&args.cards, false, ctx),
        Command::Due(args) => review::due(&args, ctx),
        Command::Stats(args) => stats::run(&args, ctx),
        Command::Export(args) => export::run(&args, ctx),
        Command::Sync(args) => sync::run(&args, ctx),
        Command::Check => check::run(ctx),
        Command::Story(command) => story::run(&command, ctx),
        Command::Completions(args) => completions::run(&args),
        Command::Man => man::run(),
        Command::Config => config::run(ctx),
        Command::Scheduler(args) => scheduler::run(&args, ctx),
        Command::Optimize(args) => scheduler::optimize(&args, ctx),
    }
}

/// Parses an optional `--kind`.
pub fn parse_kind(kind: Option<&String>) -> Result<Option<Kind>> {
    Ok(kind.map(|k| k.parse()).transpose()?)
}

/// A card's text as the user typed it, kept: trimmed, terminal controls taken out (as an
/// import takes them out of documents), so that what is stored is what is shown and found.
#[must_use]
pub fn card_text(typed: &str) -> String {
    crate::profile::text::strip_controls(typed).trim().to_string()
}

/// Parses an optional `--tag`.
pub fn parse_tag(tag: Option<&String>) -> Result<Option<String>> {
    Ok(tag.map(|t| crate::domain::card::clean_tag(t)).transpose()?)
}

/// Parses a card id typed by the user. Done before the database is opened, so that a
/// mistyped id is reported as misuse whatever state the database is in.
pub fn parse_card_id(typed: &str) -> Result<CardId> {
    Ok(typed.parse()?)
}

/// Parses a card list, before the database is opened (a typo is misuse whatever it holds).
pub fn parse_card_list(typed: &[String]) -> Result<Vec<CardRef>> {
    let mut refs = Vec::new();
    for word in typed.iter().flat_map(|w| w.split(',')).map(str::trim) {
        if word.is_empty() {
            continue;
        }
        match word.trim_start_matches('#').split_once('-') {
            Some((first, last)) => {
                let (first, last) = (parse_card_id(first)?, parse_card_id(last)?);
                if first > last {
                    return Err(Error::BadCardRange(word.to_string()));
                }
                refs.push(CardRef::Range(first, last));
            }
            None => refs.push(CardRef::One(parse_card_id(word)?)),
        }
    }
    if refs.is_empty() {
        return Err(Error::BadCardId(typed.join(" ")));
    }
    Ok(refs)
}

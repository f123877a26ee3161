//! prepdeck: spaced-repetition flashcards for job-interview preparation. The binary is a
//! thin shell over [`run`]; tests drive the same library.

pub mod cli;
pub mod clock;
pub mod commands;
pub mod domain;
pub mod error;
pub mod export;
pub mod import;
pub mod output;
pub mod profile;
pub mod report;
pub mod schedule;
pub mod store;
pub mod study;

pub mod ui;

pub use error::{Error, Result};

/// Runs a parsed command line: reads the clock once, finds the database, dispatches.
pub fn run(cli: cli::Cli) -> Result<()> {
    let fixed_now = std::env::var("PREPDECK_NOW").ok();
    let now = clock::Now::read(fixed_now.as_deref())?;
    let from_env = std::env::var_os("PREPDECK_DB").filter(|v| !v.is_empty());
    let db = store::database_path(cli.db, from_env.map(Into::into))?;
    let ctx = commands::Context {
        now,
        db,
        style: ui::Style::detect(cli.color),
    };
    commands::dispatch(cli.command, &ctx)
}

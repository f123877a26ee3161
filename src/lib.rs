//! prepdeck: spaced-repetition flashcards for job-interview preparation. The binary is a
//! thin shell over [`run`]; tests drive the same library.

// What the binary, the benchmarks, the examples and the end-to-end tests use is public;
// everything else is the crate's own, so that code nothing calls shows up as dead.
mod backup;
pub mod cli;
mod clock;
mod commands;
mod config;
pub mod crash;
pub mod domain;
pub mod error;
mod file_kind;
mod import;
mod interchange;
mod names;
pub mod output;
pub mod profile;
pub mod report;
pub mod schedule;
pub mod store;
mod study;
#[cfg(test)]
mod testing;
pub mod ui;
mod wording;

pub use error::{Error, Result};

/// Runs a parsed command line: reads the clock and the config file once, finds the
/// database, dispatches.
pub fn run(cli: cli::Cli) -> Result<()> {
    let fixed_now = std::env::var("PREPDECK_NOW").ok();
    let now = clock::Now::read(fixed_now.as_deref())?;
    // The completion script and the manual use no setting; they work while a broken
    // config file is being fixed.
    let loaded = if matches!(cli.command, cli::Command::Completions(_) | cli::Command::Man) {
        config::Loaded::default()
    } else {
        config::load(std::env::var_os(config::CONFIG_ENV).map(std::path::PathBuf::from))?
    };
    let settings = config::Settings::new(loaded, cli.color, ui::editor::editor_from_env());
    // Read here rather than by clap, whose usage lines would show `--db` as given; an empty
    // value means unset.
    let from_env = std::env::var_os("PREPDECK_DB").filter(|v| !v.is_empty());
    let db_given = cli.db.is_some() || from_env.is_some();
    let db = store::database_path(cli.db, from_env.map(Into::into))?;
    store::wait_out_other_writers(|| {
        eprintln!(
            "prepdeck: another prepdeck is writing to the database (a large import or restore takes a while); waiting for it to finish (Ctrl-C stops)"
        );
    });
    let ctx = commands::Context {
        now,
        db,
        db_given,
        style: ui::Style::detect(settings.color_choice().0),
        settings,
    };
    commands::dispatch(cli.command, &ctx)
}

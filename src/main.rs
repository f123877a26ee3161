//! The `prepdeck` binary: parse the command line, run it, turn the outcome into an exit
//! status. Everything else is in the library.

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

fn main() -> ExitCode {
    prepdeck::output::completion::answer_if_asked(prepdeck::cli::Cli::command);
    let cli = prepdeck::cli::Cli::parse();
    match prepdeck::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(prepdeck::Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("prepdeck: {}", prepdeck::profile::text::one_line(&error.to_string()));
            ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(1))
        }
    }
}

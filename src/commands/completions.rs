//! `prepdeck completions SHELL`: the script that makes the shell complete prepdeck's
//! commands, options and deck names.

use std::path::PathBuf;

use super::emit;
use crate::cli::CompletionsArgs;
use crate::completion::registration;
use crate::error::{Error, Result};

pub fn run(args: &CompletionsArgs) -> Result<()> {
    let script =
        registration(args.shell, &program()).map_err(|e| Error::io("cannot write the completion script", e))?;
    emit(&script)
}

/// How the script should call prepdeck back: as it was called now (`prepdeck` from
/// `PATH`, or a path, made absolute so the script works from any folder).
fn program() -> String {
    let invoked = std::env::args_os()
        .next()
        .map_or_else(|| "prepdeck".into(), PathBuf::from);
    let program = if invoked.components().count() > 1 && invoked.is_relative() {
        std::env::current_dir().map_or(invoked.clone(), |dir| dir.join(&invoked))
    } else {
        invoked
    };
    program.to_string_lossy().into_owned()
}

//! `prepdeck completions SHELL`: the script that makes the shell complete prepdeck's
//! commands, options and deck names.

use crate::cli::CompletionsArgs;
use crate::error::Result;
use crate::output::{completion, emit};

pub fn run(args: &CompletionsArgs) -> Result<()> {
    emit(&completion::script(args.shell)?)
}

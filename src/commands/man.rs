//! `prepdeck man`: the manual page in roff, for `man -l -` or a man1 folder.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::Result;
use crate::output::{emit, man_page};

pub fn run() -> Result<()> {
    emit(&man_page::render(Cli::command()))
}

//! `prepdeck man`: the manual page in roff, for `man -l -` or a man1 folder.

use super::emit;
use crate::error::Result;

pub fn run() -> Result<()> {
    emit(&crate::man_page::render())
}

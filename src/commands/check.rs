//! `prepdeck check`: database integrity and schedule sanity, as a plain report.

use super::Context;
use crate::error::{Error, Result};
use crate::output::emit;

pub fn run(ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let report = crate::study::check::check(&store, ctx.now.today())?;
    emit(&crate::ui::setup::check(&report, &ctx.style))?;
    match report.problems() {
        0 => Ok(()),
        problems => Err(Error::CheckFailed(problems)),
    }
}

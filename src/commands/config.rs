//! `prepdeck config`: the settings in effect, and where each comes from (a flag, the config
//! file, the environment, or the built-in default).

use super::Context;
use crate::error::Result;
use crate::output::emit;

pub fn run(ctx: &Context) -> Result<()> {
    let shown = ctx.settings.shown(&ctx.db, ctx.db_given);
    emit(&crate::ui::setup::config(&shown, &ctx.style))
}

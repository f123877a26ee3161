//! `prepdeck sync DIR`: merges the files other machines wrote into a shared folder, then
//! writes this machine's (see `backup::sync`); a report of what came in from each.

use super::Context;
use crate::cli::SyncArgs;
use crate::error::Result;
use crate::output::{emit, emit_json};

pub fn run(args: &SyncArgs, ctx: &Context) -> Result<()> {
    let mut store = ctx.store()?;
    let report = crate::backup::sync::sync(&mut store, &args.dir, &ctx.now, args.dry_run, &mut |_| {
        crate::crash::point("sync.file");
    })?;
    if args.json {
        return emit_json(&report);
    }
    emit(&crate::ui::sync::report(&report, &ctx.style))
}

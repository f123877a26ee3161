//! `prepdeck import`: files and folders of profiles into decks (see `import::pipeline`),
//! each file told as it is committed, then the total or the JSON report.

use super::Context;
use crate::cli::ImportArgs;
use crate::error::{Error, Result};
use crate::import::pipeline::{self, Request, Told};
use crate::output::{emit, emit_json};
use crate::store::Store;
use crate::ui::progress::Progress;
use crate::ui::safe_line;

pub fn run(args: &ImportArgs, ctx: &Context) -> Result<()> {
    let deck_flag = args
        .deck
        .as_deref()
        .map(|name| crate::names::typed(name, "deck", "--deck needs a name that is not empty"))
        .transpose()?;
    // A dry run on a machine with no database yet must not create one.
    let mut store = if args.dry_run && !ctx.db.exists() {
        Store::open_in_memory()?
    } else {
        ctx.store()?
    };
    let stamp = ctx.now.stamp();
    let request = Request {
        paths: &args.paths,
        deck_flag: deck_flag.as_deref(),
        dry_run: args.dry_run,
        prune: args.prune,
        stamp: &stamp,
        today: ctx.now.today(),
        offset: *ctx.now.at.offset(),
    };
    let progress = Progress::new(!args.json);
    let imported = pipeline::run(&mut store, &request, &mut ctx.guids(), &progress, |told| {
        match told {
            _ if args.json => {}
            Told::Imported(file) => emit(&crate::ui::import::file(file, args.dry_run, &ctx.style))?,
            Told::Skipped(e) => eprintln!("prepdeck: skipped {}", safe_line(&e.to_string())),
        }
        Ok(())
    })?;
    if args.json {
        emit_json(&imported.report)?;
    } else if imported.report.files.len() > 1 {
        emit(&crate::ui::import::total(&imported.report, &ctx.style))?;
    }
    finish(imported.errors, args.paths.len(), args.json)
}

/// One failing path: its own error. Several paths: each failure on its own line, then a
/// count (what succeeded stays imported).
fn finish(mut errors: Vec<Error>, total: usize, json: bool) -> Result<()> {
    match errors.len() {
        0 => Ok(()),
        1 if total == 1 => Err(errors.remove(0)),
        failed => {
            if !json {
                for e in &errors {
                    eprintln!("prepdeck: {}", safe_line(&e.to_string()));
                }
            }
            Err(Error::SomeImportsFailed { failed, total })
        }
    }
}

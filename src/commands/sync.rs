//! `prepdeck sync DIR`: merges the files other machines wrote into a shared folder, then
//! writes this machine's (see `backup::sync`); a report of what came in from each.

use super::Context;
use crate::backup::sync::{FileResult, SyncReport, sync};
use crate::cli::SyncArgs;
use crate::error::Result;
use crate::output::{emit, emit_json};
use crate::ui::{Tone, count, prefixed, safe_line, wrap};

pub fn run(args: &SyncArgs, ctx: &Context) -> Result<()> {
    let mut store = ctx.store()?;
    let report = sync(&mut store, &args.dir, &ctx.now, args.dry_run, &mut |_| {
        crate::crash::point("sync.file");
    })?;
    if args.json {
        return emit_json(&report);
    }
    emit(&text(&report, ctx))
}

/// The report as a person reads it.
fn text(report: &SyncReport, ctx: &Context) -> String {
    let style = &ctx.style;
    let mut out = format!(
        "sync with {} (this machine: {})\n",
        safe_line(&report.folder),
        report.machine
    );
    if let Some(old) = &report.renamed_from {
        out.push_str(&format!(
            "  {} another database wrote as this machine ({old}), a copy of this one perhaps: its file was merged, \
             and this database writes as {} from now on\n",
            style.paint("note:", Tone::Warn),
            report.machine
        ));
    }
    if report.files.is_empty() {
        out.push_str("  no other machine's file here yet\n");
    }
    for file in &report.files {
        let said = match &file.result {
            FileResult::Unchanged => style.paint("unchanged since the last sync", Tone::Dim),
            FileResult::Skipped { reason, later } => format!(
                "{} {}{}",
                style.paint("skipped:", Tone::Warn),
                safe_line(reason),
                if *later {
                    "; it is merged on a later run, once whole"
                } else {
                    ""
                }
            ),
            FileResult::Merged {
                cards_added,
                reviews_added,
                values_changed,
                removals,
                decks_added,
            } => {
                let parts: Vec<String> = [
                    (*decks_added, "new deck"),
                    (*cards_added, "new card"),
                    (*reviews_added, "review"),
                    (*values_changed, "changed value"),
                    (*removals, "removal"),
                ]
                .into_iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, noun)| count(n, noun))
                .collect();
                if parts.is_empty() {
                    "nothing new".to_string()
                } else {
                    parts.join(", ")
                }
            }
        };
        out.push_str(&prefixed(
            wrap(
                &format!("{}: {said}", safe_line(&file.file)),
                ctx.style.width.saturating_sub(4),
            ),
            "  ",
        ));
        for note in &file.notes {
            out.push_str(&prefixed(
                wrap(&safe_line(note), ctx.style.width.saturating_sub(6)),
                "    ",
            ));
        }
    }
    if report.rescheduled > 0 {
        out.push_str(&format!(
            "  {} rescheduled: interview dates or schedulers changed\n",
            count(report.rescheduled, "card")
        ));
    }
    if report.dry_run {
        out.push_str("dry run: nothing was written\n");
    } else if let Some(wrote) = &report.wrote {
        out.push_str(&format!("wrote {}\n", safe_line(wrote)));
    } else {
        out.push_str("this machine's file is up to date\n");
    }
    out
}

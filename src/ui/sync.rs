//! What `sync` prints: the folder and this machine, a line for each other machine's file
//! (what came in, or why it was skipped, with the deck values and settings taken), the
//! cards rescheduled, and this machine's file.

use super::{Style, Tone, count, safe_line, wrap};
use crate::report::sync::{FileResult, SyncReport, SyncedFile};

/// `sync`'s report as a person reads it.
#[must_use]
pub fn report(report: &SyncReport, style: &Style) -> String {
    let mut out = format!(
        "sync with {} (this machine: {})\n",
        safe_line(&report.folder),
        report.machine
    );
    if let Some(old) = &report.renamed_from {
        let line = format!(
            "{} another database wrote as this machine ({old}), a copy of this one perhaps: its file was merged, \
             and this database writes as {} from now on",
            style.paint("note:", Tone::Warn),
            report.machine
        );
        out.push_str(&hanging(&line, "  ", "        ", style));
    }
    if report.files.is_empty() {
        out.push_str("  no other machine's file here yet\n");
    }
    for file in &report.files {
        out.push_str(&synced_file(file, style));
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

/// One file's line, wrapped, and its notes under it.
fn synced_file(file: &SyncedFile, style: &Style) -> String {
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
    // Lines after the first hang under the file's name, so a wrapped line is not read as
    // a file of its own, nor as a note.
    let mut out = hanging(&format!("{}: {said}", safe_line(&file.file)), "  ", "      ", style);
    for note in &file.notes {
        out.push_str(&hanging(&safe_line(note), "    ", "      ", style));
    }
    out
}

/// `text` wrapped to the terminal, its first line after `first` and the rest after `rest`.
fn hanging(text: &str, first: &str, rest: &str, style: &Style) -> String {
    let mut out = String::new();
    for (i, line) in wrap(text, style.width.saturating_sub(rest.len()))
        .into_iter()
        .enumerate()
    {
        out.push_str(if i == 0 { first } else { rest });
        out.push_str(&line);
        out.push('\n');
    }
    out
}

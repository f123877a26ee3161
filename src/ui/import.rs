//! What `import` prints: each file as it is committed (with every item in a dry run), and
//! the total over several files.

use super::{Style, Tone, count, prefixed, safe, safe_line, truncate, wrap};
use crate::domain::Kind;
use crate::report::import::{FileReport, ImportReport};

/// One file's import: where it went, its counts, what it was read as, its notes, and in a
/// dry run every item it would add, change, restore or retire.
#[must_use]
pub fn file(file: &FileReport, dry_run: bool, style: &Style) -> String {
    let mut out = String::new();
    let deck_note = if file.deck_created {
        format!(" (new deck, named {})", file.named_by)
    } else {
        String::new()
    };
    let verb = if dry_run { "would import" } else { "imported" };
    let heading = format!(
        "{} {verb} into {}{deck_note}: {}",
        safe_line(&file.path),
        style.paint(&safe_line(&file.deck), Tone::Bold),
        counts(file)
    );
    out.push_str(&style.record(&heading));
    let indented = |text: &str| {
        if style.fitted {
            prefixed(wrap(text, style.width.saturating_sub(4).max(20)), "  ")
        } else {
            format!("  {text}\n")
        }
    };
    if !file.is_backup() {
        out.push_str(&indented(&format!("read as {}", safe(&file.read_as))));
    }
    for note in &file.notes {
        out.push_str(&indented(&format!(
            "{} {}",
            style.paint("note:", Tone::Warn),
            safe(note)
        )));
    }
    if dry_run {
        out.push_str(&items(file, style));
    }
    out
}

/// Every item a dry run would add (`+`), change (`~`, with what it was), restore (`↺`) or
/// retire (`-`).
fn items(file: &FileReport, style: &Style) -> String {
    let line = |sign: &str, tone: Tone, kind: Kind, text: &str| {
        format!(
            "  {} {:<13} {}\n",
            style.paint(sign, tone),
            kind.as_str(),
            truncate(&safe(text), style.width.saturating_sub(18))
        )
    };
    let mut out = String::new();
    for item in &file.added {
        out.push_str(&line("+", Tone::Good, item.kind, &item.text));
    }
    for change in &file.changed {
        out.push_str(&line("~", Tone::Warn, change.kind, &change.to));
        let was = if change.from == change.to {
            // Same wording: the document's answer to it changed.
            "its answer changed".to_string()
        } else {
            format!("was: {}", truncate(&safe(&change.from), style.width.saturating_sub(23)))
        };
        out.push_str(&format!("  {:<15} {}\n", "", style.paint(&was, Tone::Dim)));
    }
    for item in &file.restored {
        out.push_str(&line("↺", Tone::Accent, item.kind, &item.text));
    }
    for item in &file.retired {
        out.push_str(&line("-", Tone::Bad, item.kind, &item.text));
    }
    out
}

/// `3 added, 1 changed`, or `nothing to do`.
fn counts(file: &FileReport) -> String {
    let parts: Vec<String> = [
        (file.added.len(), "added"),
        (file.changed.len(), "changed"),
        (file.restored.len(), "restored"),
        (file.retired.len(), "retired"),
        (file.unchanged, "unchanged"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| format!("{n} {word}"))
    .collect();
    if parts.is_empty() {
        "nothing to do".to_string()
    } else {
        parts.join(", ")
    }
}

/// The total over every file imported.
#[must_use]
pub fn total(report: &ImportReport, style: &Style) -> String {
    let sum = |f: fn(&FileReport) -> usize| report.files.iter().map(f).sum::<usize>();
    let decks: std::collections::BTreeSet<&str> = report.files.iter().map(|f| f.deck.as_str()).collect();
    let text = format!(
        "{} into {}: {} added, {} changed, {} restored, {} retired, {} unchanged{}",
        count(report.files.len(), "file"),
        count(decks.len(), "deck"),
        sum(|f| f.added.len()),
        sum(|f| f.changed.len()),
        sum(|f| f.restored.len()),
        sum(|f| f.retired.len()),
        sum(|f| f.unchanged),
        if report.dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    );
    style.paint(&style.record(&text), Tone::Bold)
}

//! What `sync DIR` shows: each file of the shared folder with what came in from it (or why
//! it was skipped), the cards rescheduled, and this machine's file.

use serde::Serialize;

/// A sync, as `sync --json` prints it (or, in a dry run, what it would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub folder: String,
    /// This machine's name (after a new one was taken, if it was).
    pub machine: String,
    /// Another database wrote this machine's file (a copied database): this one took a
    /// new name.
    pub renamed_from: Option<String>,
    pub files: Vec<SyncedFile>,
    /// Cards whose due dates moved because an interview date or scheduler changed.
    pub rescheduled: usize,
    /// This machine's file, when it was written (not in a dry run, nor when its content is
    /// what is there already).
    pub wrote: Option<String>,
    pub dry_run: bool,
}

/// One other machine's file of the folder and what was done with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncedFile {
    pub file: String,
    /// The machine that wrote it, as its name says.
    pub machine: String,
    #[serde(flatten)]
    pub result: FileResult,
    /// What the merge says of the decks' values and settings it took (an interview date,
    /// a scheduler).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// What `sync` did with one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum FileResult {
    /// Merged: what came in.
    Merged {
        cards_added: usize,
        reviews_added: usize,
        values_changed: usize,
        removals: usize,
        decks_added: usize,
    },
    /// Its content is what was merged from it last time.
    Unchanged,
    /// Not merged: why; `later` when it is merged on a later run once it reads and checks
    /// (a file a sync tool is still copying), not for what is no file at all.
    Skipped { reason: String, later: bool },
}

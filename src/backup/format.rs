//! The JSON backup format, version by version: decks, cards with their logs, mock
//! interviews, stories, documents, settings, and (since version 6) the history of every
//! value the user edits. A backup of every deck is also what `sync` writes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{Effect, Grade, Kind, Origin, Progress, Scheduler, Sm2};
use crate::store::ChosenSettings;

/// Names the format in the file, so `import` can recognise a backup by its content.
pub const BACKUP_FORMAT: &str = "prepdeck-backup";
/// The backup format's version; a reader refuses versions it does not know. Version 2
/// added mock interviews, version 3 stories, version 4 each deck's scheduler and documents
/// and the database's settings, version 5 each card's tags, the user's own front and back
/// and whether it was added by hand, version 6 the history of every value the user edits
/// (versions), the guids known to name one thing (aliases), each deck's guid, each card's
/// content time and the machine that wrote the file; older files are still read (they lack
/// what came later).
pub const BACKUP_VERSION: u32 = 6;

/// A whole backup file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub decks: Vec<BackupDeck>,
    /// The stories linked to the backup's cards (every story, in a backup of every deck).
    /// Since version 3.
    #[serde(default)]
    pub stories: Vec<BackupStory>,
    /// The settings the user set (default scheduler, FSRS's desired retention and fitted
    /// parameters); unset ones are absent. Since version 4.
    #[serde(default)]
    pub settings: ChosenSettings,
    /// The machine that wrote the file. Since version 6.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine: Option<String>,
    /// Every version of every value the user edits that the file's decks, cards and stories
    /// (and the settings) have: what a merge takes the later of. Since version 6.
    #[serde(default)]
    pub versions: Vec<BackupVersion>,
    /// Guids known to name one card, deck or story. Since version 6.
    #[serde(default)]
    pub aliases: Vec<BackupAlias>,
}

/// One version of a register (see `domain::version`): its value is JSON, `null` for a
/// clear or a removal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupVersion {
    pub subject: String,
    pub key: String,
    pub field: String,
    pub value: serde_json::Value,
    pub changed_at: String,
    pub machine: String,
}

/// Two guids that name one thing; the smaller is the one used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupAlias {
    pub alias: String,
    pub canonical: String,
}

/// A story as a backup holds it: its identity, its text, and the guids of the cards it is
/// linked to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupStory {
    pub guid: String,
    pub name: String,
    pub body: String,
    pub created_at: String,
    pub updated_at: String,
    pub cards: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupDeck {
    /// The deck's identity across machines. Since version 6.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guid: Option<String>,
    pub name: String,
    pub interview: Option<NaiveDate>,
    pub created_at: String,
    pub cards: Vec<BackupCard>,
    /// Since version 2.
    #[serde(default)]
    pub mock_runs: Vec<BackupMockRun>,
    /// The deck's own scheduler; `None` when it follows the default. Since version 4.
    #[serde(default)]
    pub scheduler: Option<Scheduler>,
    /// The documents the deck was imported from. Since version 4.
    #[serde(default)]
    pub documents: Vec<BackupDocument>,
}

/// A document a deck was imported from: its canonical path and content hash when last
/// imported, and the guids of the cards it holds (a re-import finds the deck by them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupDocument {
    pub path: String,
    pub content_hash: String,
    pub imported_at: String,
    pub cards: Vec<String>,
    /// Its notes for the prep sheet (keywords, mission and values), in document order.
    /// Optional: backups written before they were carried read as having none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<BackupNote>,
}

/// One note section of a document: its topic (`keywords` or `values`), heading and
/// entries, as the document words them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupNote {
    pub topic: String,
    pub heading: String,
    pub entries: Vec<BackupNoteEntry>,
}

/// One line of a note section, with its nesting depth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupNoteEntry {
    pub depth: u32,
    pub text: String,
}

/// A mock interview run and the answers given in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupMockRun {
    pub started_at: String,
    pub run_day: NaiveDate,
    pub seed: i64,
    pub limit_seconds: u32,
    pub completed: bool,
    pub answers: Vec<BackupMockAnswer>,
}

/// One answer of a mock run: its card by guid, and the review its self-grade was recorded
/// as, by that review's time (`reviewed_at`), when it was graded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupMockAnswer {
    pub card: String,
    pub position: i64,
    pub elapsed_ms: u64,
    pub timed_out: bool,
    pub review: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupCard {
    pub guid: String,
    pub kind: Kind,
    pub section: String,
    pub item_text: String,
    pub detail: String,
    pub context: String,
    pub answer: String,
    pub position: i64,
    pub ease: f64,
    pub interval: u32,
    pub repetitions: u32,
    pub lapses: u32,
    pub due: Option<NaiveDate>,
    pub last_reviewed: Option<NaiveDate>,
    pub last_grade: Option<Grade>,
    pub first_reviewed: Option<NaiveDate>,
    pub review_count: u32,
    pub suspended: bool,
    pub retired_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub reviews: Vec<BackupReview>,
    /// The user's own front and back over the document's (`prepdeck edit`). Since
    /// version 5.
    #[serde(default)]
    pub own_front: Option<String>,
    #[serde(default)]
    pub own_back: Option<String>,
    /// Added by hand (`prepdeck add`): no document holds it. Since version 5.
    #[serde(default)]
    pub by_hand: bool,
    /// Its tags. Since version 5.
    #[serde(default)]
    pub tags: Vec<String>,
    /// When the text its document gives it last changed (absent: when it was made). Since
    /// version 6.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupReview {
    pub reviewed_at: String,
    pub review_day: NaiveDate,
    pub grade: Grade,
    pub effect: Effect,
    pub origin: Origin,
    pub duration_ms: Option<u64>,
    pub ease_before: f64,
    pub interval_before: u32,
    pub reps_before: u32,
    pub lapses_before: u32,
    pub due_before: Option<NaiveDate>,
    pub last_reviewed_before: Option<NaiveDate>,
    pub last_grade_before: Option<Grade>,
    pub first_reviewed_before: Option<NaiveDate>,
    pub ease_after: f64,
    pub interval_after: u32,
    pub reps_after: u32,
    pub due_after: Option<NaiveDate>,
}

impl BackupCard {
    /// The card's progress as the backup records it.
    #[must_use]
    pub fn progress(&self) -> Progress {
        Progress {
            sm2: Sm2 {
                ease: self.ease,
                interval: self.interval,
                repetitions: self.repetitions,
            },
            due: self.due,
            last_reviewed: self.last_reviewed,
            last_grade: self.last_grade,
            first_reviewed: self.first_reviewed,
            lapses: self.lapses,
            // A backup carries the log, not the FSRS memory derived from it.
            memory: None,
        }
    }
}

impl BackupReview {
    /// The card's progress before this review, as the log recorded it.
    #[must_use]
    pub fn before(&self) -> Progress {
        Progress {
            sm2: Sm2 {
                ease: self.ease_before,
                interval: self.interval_before,
                repetitions: self.reps_before,
            },
            due: self.due_before,
            last_reviewed: self.last_reviewed_before,
            last_grade: self.last_grade_before,
            first_reviewed: self.first_reviewed_before,
            lapses: self.lapses_before,
            memory: None,
        }
    }

    /// The card's SM-2 state after this review, as the log recorded it.
    #[must_use]
    pub fn sm2_after(&self) -> Sm2 {
        Sm2 {
            ease: self.ease_after,
            interval: self.interval_after,
            repetitions: self.reps_after,
        }
    }
}

impl Backup {
    /// Recognises a backup by its first bytes: the start of a JSON object (`{` and then
    /// `"` or `}`), after a byte-order mark (UTF-8 or UTF-16) if there is one, wherever
    /// the object names its format. A profile starting with a `{Placeholder}` is not one;
    /// a JSON object that is not a backup is refused as one, saying what it lacks.
    #[must_use]
    pub fn looks_like_one(head: &[u8]) -> bool {
        let text = match encoding_rs::Encoding::for_bom(head) {
            Some((encoding, bom_length)) => encoding.decode_without_bom_handling(&head[bom_length..]).0,
            None => String::from_utf8_lossy(head),
        };
        let mut opening = text.chars().filter(|c| !c.is_whitespace());
        opening.next() == Some('{') && matches!(opening.next(), Some('"' | '}'))
    }

    /// Checks that the file is a backup this prepdeck reads (its values are checked by the
    /// restore, [`super::validate`]).
    pub fn recognise(&self) -> std::result::Result<(), super::Problem> {
        if self.format != BACKUP_FORMAT {
            return Err(super::Problem::Format(crate::store::value::brief(&self.format)));
        }
        if self.version > BACKUP_VERSION {
            return Err(super::Problem::Version(self.version));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backups_are_recognised_by_the_start_of_a_json_object() {
        assert!(Backup::looks_like_one(b"  {\n  \"decks\": []"));
        assert!(Backup::looks_like_one(b"\xef\xbb\xbf{\"format\""));
        assert!(Backup::looks_like_one(b"\xff\xfe{\0\"\0"));
        assert!(!Backup::looks_like_one(
            b"{Company} Interview Prep\n## Common Questions"
        ));
        assert!(!Backup::looks_like_one(b"{{company}}"));
        assert!(!Backup::looks_like_one(b"# Company Profile: {\"x\"}"));
        assert!(!Backup::looks_like_one(b"\xff\xfe#\0 \0"));
    }
}

//! Cards from other tools' files: Anki packages and collections, spreadsheets (CSV and
//! TSV) and Anki's "Notes in Plain Text" export, each read into one shape — notes with a
//! front, a back, a deck, tags and, from Anki, the card's schedule and review log — that
//! the importer writes the same way whatever the file was. Pure: bytes and rows in, notes
//! out (the Anki collection's rows are read in `store`, the package unpacked in `import`).

pub mod anki;
pub mod delimited;
pub mod field;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::domain::{Effect, Grade, Progress, Sm2};
use crate::wording::count;

/// What a file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An `.apkg` (or, with `whole`, a `.colpkg`); `legacy` for the format older Ankis read
    /// (`collection.anki21` / `collection.anki2`) rather than `collection.anki21b`.
    AnkiPackage { legacy: bool, whole: bool },
    /// A bare Anki collection file (`collection.anki2`).
    AnkiCollection,
    /// Anki's "Notes in Plain Text" export, with its `#` header lines.
    AnkiText,
    /// A spreadsheet saved as text: comma, semicolon or tab separated, with a header
    /// naming its columns or two columns without one.
    Spreadsheet { delimiter: u8, header: bool },
}

impl Shape {
    /// A short name for the report and `--json`: `anki package`, `csv`.
    #[must_use]
    pub fn format(self) -> &'static str {
        match self {
            Shape::AnkiPackage { whole: false, .. } => "anki package",
            Shape::AnkiPackage { whole: true, .. } => "anki collection package",
            Shape::AnkiCollection => "anki collection",
            Shape::AnkiText => "anki notes in plain text",
            Shape::Spreadsheet { delimiter: b'\t', .. } => "tsv",
            Shape::Spreadsheet { .. } => "csv",
        }
    }

    /// What the file was read as, for a person: "Anki package (current format)".
    #[must_use]
    pub fn describe(self) -> String {
        match self {
            Shape::AnkiPackage { legacy, whole } => format!(
                "Anki {}package ({} format)",
                if whole { "collection " } else { "" },
                if legacy { "legacy" } else { "current" }
            ),
            Shape::AnkiCollection => "Anki collection".to_string(),
            Shape::AnkiText => "Anki notes in plain text".to_string(),
            Shape::Spreadsheet { delimiter, header } => format!(
                "{} {}",
                if delimiter == b'\t' { "TSV" } else { "CSV" },
                if header {
                    "with a header"
                } else {
                    "with two columns and no header"
                }
            ),
        }
    }
}

/// The notes a file holds, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct CardSet {
    pub shape: Shape,
    pub notes: Vec<ForeignNote>,
    /// Sentences for the report about what was left out or read specially: media skipped,
    /// rows without a question.
    pub remarks: Vec<String>,
}

impl CardSet {
    /// What the file held, in one line: "Anki package (current format): 312 notes in 3
    /// decks, 120 cards with scheduling, 2,041 reviews".
    #[must_use]
    pub fn summary(&self) -> String {
        let decks: std::collections::BTreeSet<&str> = self.notes.iter().filter_map(|n| n.deck.as_deref()).collect();
        let mut line = format!("{}: {}", self.shape.describe(), count(self.notes.len(), "note"));
        if !decks.is_empty() {
            line.push_str(&format!(" in {}", count(decks.len(), "deck")));
        }
        let scheduled = self
            .notes
            .iter()
            .filter(|n| n.schedule.as_ref().is_some_and(|s| !s.progress.is_new()))
            .count();
        let reviews: usize = self
            .notes
            .iter()
            .filter_map(|n| n.schedule.as_ref())
            .map(|s| s.log.len())
            .sum();
        if matches!(self.shape, Shape::AnkiPackage { .. } | Shape::AnkiCollection) {
            line.push_str(&format!(
                ", {} with scheduling, {}",
                count(scheduled, "card"),
                count(reviews, "review")
            ));
        }
        if !self.remarks.is_empty() {
            line.push_str("; ");
            line.push_str(&self.remarks.join("; "));
        }
        line
    }
}

/// One note of another tool: one card here.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignNote {
    /// Its identity in the other tool (Anki's note GUID): a re-import updates the card
    /// holding it. Without one, the card is found by its question, as a profile's are.
    pub guid: Option<String>,
    /// The deck the file names for it; `None` leaves it to `--deck` or the file's name.
    pub deck: Option<String>,
    pub front: String,
    pub back: String,
    pub tags: Vec<String>,
    pub schedule: Option<Schedule>,
}

/// A card's schedule and review log as another tool kept them.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// Where the card stands (its FSRS memory is left to the importer, which replays it).
    pub progress: Progress,
    pub suspended: bool,
    /// Its grades, oldest first, each with the card's schedule around it.
    pub log: Vec<ForeignReview>,
}

/// One grade of a card's review log in another tool.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignReview {
    /// The moment it was given (to the millisecond: with the card, its identity across
    /// re-imports).
    pub at: DateTime<FixedOffset>,
    /// The day it counts for.
    pub day: NaiveDate,
    pub grade: Grade,
    pub effect: Effect,
    pub duration_ms: Option<u64>,
    pub before: Progress,
    pub sm2_after: Sm2,
    pub due_after: Option<NaiveDate>,
}

/// The longest tag kept (the database's limit).
pub const MAX_TAG_CHARS: usize = 200;

/// Tags as written in a tag field: split at white space (and, with `commas`, at commas and
/// semicolons too), controls stripped, each once in any case, too long ones left out.
#[must_use]
pub fn split_tags(text: &str, commas: bool) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for raw in text.split(|c: char| c.is_whitespace() || (commas && matches!(c, ',' | ';'))) {
        let tag = crate::profile::text::strip_controls(raw).trim().to_string();
        if tag.is_empty() || tag.chars().count() > MAX_TAG_CHARS {
            continue;
        }
        if !tags
            .iter()
            .any(|t| t.eq_ignore_ascii_case(&tag) || t.to_lowercase() == tag.to_lowercase())
        {
            tags.push(tag);
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_split_once_each_in_any_case() {
        assert_eq!(split_tags(" systems  Systems db ", false), ["systems", "db"]);
        assert_eq!(split_tags("a, b;c", true), ["a", "b", "c"]);
        assert_eq!(split_tags("a,b", false), ["a,b"]);
        assert!(split_tags(&"x".repeat(201), false).is_empty());
    }

    #[test]
    fn shapes_describe_themselves() {
        let set = CardSet {
            shape: Shape::AnkiPackage {
                legacy: false,
                whole: false,
            },
            notes: Vec::new(),
            remarks: vec!["1 media file skipped".to_string()],
        };
        assert_eq!(
            set.summary(),
            "Anki package (current format): 0 notes, 0 cards with scheduling, 0 reviews; 1 media file skipped"
        );
        assert_eq!(
            Shape::Spreadsheet {
                delimiter: b'\t',
                header: false
            }
            .describe(),
            "TSV with two columns and no header"
        );
    }
}

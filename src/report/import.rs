//! What `import` reports: each file with what it was read as and what became of its items,
//! the files a folder held that gave no cards, and the paths that failed.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::Kind;
use crate::profile::Reading;

/// A whole import, as `import --json` prints it.
#[derive(Debug, Serialize)]
pub struct ImportReport {
    pub dry_run: bool,
    pub files: Vec<FileReport>,
    /// Files inside folders that yielded no cards.
    pub skipped: Vec<Problem>,
    /// Paths that failed.
    pub failed: Vec<Problem>,
}

/// One file's import.
#[derive(Debug, Serialize)]
pub struct FileReport {
    pub path: String,
    pub deck: String,
    pub deck_created: bool,
    pub named_by: &'static str,
    pub format: &'static str,
    /// What the document was read as, in one line (`question bank: 412 questions, …`).
    pub read_as: String,
    /// The same, in parts.
    pub shape: Shape,
    pub notes: Vec<String>,
    pub added: Vec<ItemLine>,
    pub changed: Vec<ChangeLine>,
    pub restored: Vec<ItemLine>,
    pub retired: Vec<ItemLine>,
    pub unchanged: usize,
}

impl FileReport {
    /// The items the file's import went through: added, changed, restored, retired or found
    /// unchanged.
    #[must_use]
    pub fn items(&self) -> usize {
        self.added.len() + self.changed.len() + self.restored.len() + self.retired.len() + self.unchanged
    }

    /// The file is a prepdeck backup (restored, not read as a document).
    #[must_use]
    pub fn is_backup(&self) -> bool {
        self.shape.kind == BACKUP
    }
}

/// What a backup is called wherever an import names what a file was read as.
pub const BACKUP: &str = "prepdeck backup";

/// What a document was read as: a company profile, a question bank (with its counts),
/// another tool's notes, or a backup.
#[derive(Debug, Serialize)]
pub struct Shape {
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub questions: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered: Option<usize>,
    /// Questions of each way of writing them (`question headings`, `<details> blocks`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub written_as: BTreeMap<&'static str, usize>,
    /// What was left out: table-of-contents entries, back-to-top links, badges, front
    /// matter or MDX, repeated questions.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped: BTreeMap<&'static str, usize>,
}

impl Shape {
    /// A document as the profile reader read it.
    #[must_use]
    pub fn of(reading: &Reading) -> Shape {
        match reading {
            Reading::Profile { contents_skipped } => Shape {
                skipped: [("table of contents", *contents_skipped)]
                    .into_iter()
                    .filter(|(_, n)| *n > 0)
                    .collect(),
                ..Shape::plain("company profile", None)
            },
            Reading::Bank(bank) => {
                let s = &bank.skipped;
                let skipped = [
                    ("table of contents", s.contents),
                    ("navigation links", s.navigation),
                    ("badges", s.badges),
                    ("front matter and mdx", s.markup),
                    ("repeated questions", s.repeats),
                ]
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .collect();
                Shape {
                    answered: Some(bank.answered),
                    written_as: bank.shapes.iter().map(|(shape, n)| (shape.describe(), *n)).collect(),
                    skipped,
                    ..Shape::plain("question bank", Some(bank.questions))
                }
            }
        }
    }

    /// A file of `kind` with nothing to say of its parts but, perhaps, how many questions.
    #[must_use]
    pub fn plain(kind: &'static str, questions: Option<usize>) -> Shape {
        Shape {
            kind,
            questions,
            answered: None,
            written_as: BTreeMap::new(),
            skipped: BTreeMap::new(),
        }
    }
}

/// An item added, restored or retired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemLine {
    pub kind: Kind,
    pub text: String,
}

/// An item whose wording (or, with the same wording, its answer) changed.
#[derive(Debug, Serialize)]
pub struct ChangeLine {
    pub kind: Kind,
    pub from: String,
    pub to: String,
}

/// A path that failed or gave nothing, and why.
#[derive(Debug, Serialize)]
pub struct Problem {
    pub path: String,
    pub error: String,
}

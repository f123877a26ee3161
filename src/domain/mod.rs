//! What prepdeck's words mean, defined once: card kinds, grades, a card's progress and
//! state, decks and their counts, the review log's vocabulary, the texts a card shows, a
//! document's notes, and how alike two questions read.
//! Plain types with no SQL and no terminal; every other layer asks these.

pub mod card;
pub mod cue;
pub mod deck;
pub mod grade;
pub mod kind;
pub mod note;
pub mod review;
pub mod search;
pub mod similarity;
pub mod story;
pub mod text;
pub mod version;

pub use card::{Card, CardId, CardRef, CardStatus, Memory, OwnTexts, Progress, Sm2, State};
pub use deck::{BudgetChange, DeckCounts, DeckId, InterviewChange, NewCardUsage, Scheduler};
pub use grade::Grade;
pub use kind::Kind;
pub use note::{DocumentNote, NoteEntry, NoteTopic};
pub use review::{Effect, HistoryEntry, LoggedGrade, Origin, RecordedStep};
pub use search::SearchTerms;
pub use story::{Story, StoryId, StoryText, Suggestion};
pub use text::Place;

/// The most characters a deck or story name has. A name typed longer is refused; one read
/// from a document's title or a backup is cut to this, and the import says so.
pub const MAX_NAME_CHARS: usize = 100;

/// A value typed by the user that is not one of ours: which word, and what was typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("\"{0}\" is not a card kind")]
    Kind(String),
    #[error("\"{0}\" is not a grade")]
    Grade(String),
    #[error("\"{0}\" is not a card id")]
    CardId(String),
    #[error("\"{0}\" is not a scheduler: use sm2 or fsrs")]
    Scheduler(String),
    #[error("\"{0}\" is not a tag")]
    Tag(String),
}

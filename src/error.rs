//! The one error type of prepdeck: every failure a user can meet, worded for people,
//! and the exit status each one maps to.

use std::path::PathBuf;

/// Every way a prepdeck command can fail. Messages are whole sentences meant for the
/// person at the terminal; `main` prints them once, prefixed with `prepdeck: `.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: no such file or folder", .0.display())]
    PathNotFound(PathBuf),

    #[error("{}: cannot read it ({source})", path.display())]
    Read { path: PathBuf, source: std::io::Error },

    #[error("{}: {problem}", path.display())]
    Document {
        path: PathBuf,
        problem: crate::profile::ProfileError,
    },

    #[error("{}: {what}, not a regular file; give a profile file or a folder of them", path.display())]
    NotARegularFile { path: PathBuf, what: &'static str },

    #[error("{}: the folder holds no profile files", .0.display())]
    EmptyFolder(PathBuf),

    #[error("{}: no file in the folder yielded any cards (see the skipped files above)", .0.display())]
    FolderYieldedNothing(PathBuf),

    #[error("{failed} of {total} paths could not be imported (see the messages above)")]
    SomeImportsFailed { failed: usize, total: usize },

    #[error("{}: not a prepdeck backup ({reason})", path.display())]
    BadBackup { path: PathBuf, reason: String },

    #[error("{}: cannot import this Anki package: {reason}", path.display())]
    BadPackage { path: PathBuf, reason: String },

    #[error("{}: cannot import this {shape}: {problem}", path.display())]
    BadSheet {
        path: PathBuf,
        shape: &'static str,
        problem: crate::interchange::delimited::SheetError,
    },

    #[error("{}: the backup holds a value prepdeck cannot use ({problem}); nothing was restored", path.display())]
    InvalidBackup { path: PathBuf, problem: String },

    #[error("{}: {what}", path.display())]
    SyncFolder { path: PathBuf, what: String },

    #[error(
        "{}: --deck does not apply to a backup, which restores its decks under their own names; nothing was restored (restore it without --deck, then `prepdeck rename` a deck)",
        .0.display()
    )]
    DeckFlagOnBackup(PathBuf),

    #[error("no deck matches \"{name}\"{hint}")]
    UnknownDeck { name: String, hint: String },

    #[error("\"{name}\" matches {count} decks: {candidates}; type more of the name")]
    AmbiguousDeck {
        name: String,
        count: usize,
        candidates: String,
    },

    #[error("a deck named \"{0}\" exists already")]
    DeckExists(String),

    #[error("there are no decks yet; import a profile first: prepdeck import PATH")]
    NoDecks,

    #[error("no story is called \"{0}\"; `prepdeck story list` lists them")]
    UnknownStory(String),

    #[error("\"{name}\" matches {count} stories: {candidates}; type more of the name")]
    AmbiguousStory {
        name: String,
        count: usize,
        candidates: String,
    },

    #[error(
        "a {what} name is at most {} characters, and this one has {chars}",
        crate::domain::MAX_NAME_CHARS
    )]
    NameTooLong { what: &'static str, chars: usize },

    #[error("a story named \"{0}\" exists already")]
    StoryExists(String),

    #[error("there are no stories yet; write one first: prepdeck story new NAME")]
    NoStories,

    #[error("the story was removed while this command ran")]
    StoryGone,

    #[error(
        "card #{card} is a card of kind {kind}: stories answer questions, topics, talking points and skill-map requirements, so link one of those"
    )]
    NotAnswerable {
        card: crate::domain::CardId,
        kind: &'static str,
    },

    #[error(
        "{refused} of {} {} not {done} (see above)",
        crate::wording::count(*given, "card"),
        crate::wording::agreeing(*refused, "was", "were")
    )]
    SomeCardsRefused {
        refused: usize,
        given: usize,
        done: &'static str,
    },

    #[error("no card has the id \"{0}\"; `prepdeck cards --all` lists them")]
    UnknownCard(String),

    #[error("\"{0}\" is not a card id: use the number `prepdeck cards` shows, such as 12 or #12")]
    BadCardId(String),

    #[error("\"{0}\" is not a grade: use a digit 0-5 or again, hard, good, easy")]
    BadGrade(String),

    #[error("\"{0}\" is not a card kind: use question, talking-point, ask, skill-map or topic")]
    BadKind(String),

    #[error(
        "\"{}\" is not a tag: a tag is one word of at most 200 characters (system-design, not system design)",
        crate::profile::text::one_line(.0)
    )]
    BadTag(String),

    #[error("\"{}\" is not a range of card ids: give the lower id first, such as 12-20", crate::profile::text::one_line(.0))]
    BadCardRange(String),

    #[error("no card has an id in {0}; `prepdeck cards --all` lists them")]
    EmptyCardRange(String),

    #[error("a card's front cannot be empty: give the question or cue it asks")]
    EmptyFront,

    #[error("card #{card} has nothing to revert: {why}")]
    NothingToRevert {
        card: crate::domain::CardId,
        why: &'static str,
    },

    #[error("\"{0}\" is not a date: use YYYY-MM-DD, today, tomorrow or +N (days from today)")]
    BadDate(String),

    #[error("{date} is in the past (today is {today}); give the day of the interview")]
    PastDate { date: String, today: String },

    #[error("give an interview date or --clear, not both")]
    DateAndClear,

    #[error("give the interview date (YYYY-MM-DD), --clear to remove it, or --minutes N for a daily budget")]
    MissingDate,

    #[error("--minutes must be a whole number of minutes from 1 to 1440, not \"{0}\"")]
    BadMinutes(String),

    #[error("PREPDECK_NOW=\"{0}\" is not an RFC 3339 time such as 2026-03-01T09:00:00+01:00")]
    BadNow(String),

    #[error("no database location: set PREPDECK_DB or pass --db PATH (no data directory is known for this user)")]
    NoDataDir,

    #[error("{}: not a prepdeck database ({reason}); the file was left untouched", path.display())]
    NotOurDatabase { path: PathBuf, reason: String },

    #[error("{}: the database was written by a newer prepdeck (schema {found}, this build knows up to {known}); upgrade prepdeck to open it", path.display())]
    NewerSchema { path: PathBuf, found: i64, known: i64 },

    #[error("{}: {source}", path.display())]
    Database { path: PathBuf, source: rusqlite::Error },

    #[error(
        "{}: the database is read-only (this user cannot write the file or its folder); commands that only read it still work",
        path.display()
    )]
    ReadOnly { path: PathBuf },

    #[error(
        "{}: the database is read-only (this user cannot write the file or its folder) and must first be upgraded to schema {version} by a prepdeck that can write it",
        path.display()
    )]
    ReadOnlyNeedsUpgrade { path: PathBuf, version: i64 },

    #[error(
        "{}: could not copy the database to {} before upgrading it ({reason}); the database was left as it was",
        path.display(),
        copy.display()
    )]
    UpgradeCopyFailed {
        path: PathBuf,
        copy: PathBuf,
        reason: String,
    },

    #[error("{}: upgrading the database to schema {version} would leave rows pointing to missing rows ({problems}); the database was left as it was", path.display())]
    MigrationBrokeLinks {
        path: PathBuf,
        version: i64,
        problems: String,
    },

    #[error(
        "`prepdeck {0}` needs an interactive terminal; use `prepdeck due` to see the queue and `prepdeck grade CARD GRADE` to grade from a script"
    )]
    NoTerminal(&'static str),

    #[error("the deck was removed while this command ran (deck id {0})")]
    DeckGone(crate::domain::DeckId),

    #[error("{deck} has no interview date ahead; set one first: prepdeck interview {deck_word} YYYY-MM-DD")]
    NoInterviewDate {
        deck: String,
        /// The deck's name as one shell word, for the command to copy.
        deck_word: String,
    },

    #[error("no deck has an interview date ahead; set one first: prepdeck interview DECK YYYY-MM-DD")]
    NoInterviewsAhead,

    #[error("{deck} has no active cards of kind {kinds} to ask")]
    NothingToAsk { deck: String, kinds: String },

    #[error(
        "{}: another prepdeck kept the database busy for over 10 seconds; nothing was written, try again when it is done",
        path.display()
    )]
    Busy { path: PathBuf },

    #[error("card #{0} was graded by another prepdeck at the same moment; its grade was not recorded")]
    CardChanged(crate::domain::CardId),

    #[error("that grade can no longer be undone: {0}")]
    CannotUndo(&'static str),

    #[error("no editor to open: set $VISUAL or $EDITOR (or editor in the config file), or pass the text with --text")]
    NoEditor,

    #[error("the editor \"{editor}\" failed: {reason}")]
    EditorFailed { editor: String, reason: String },

    #[error("the editor came back empty, so the text was left as it was")]
    EditorEmptied,

    #[error("{context}: {source}")]
    Io { context: String, source: std::io::Error },

    #[error("the terminal prompt failed: {source}")]
    Prompt {
        #[source]
        source: inquire::InquireError,
    },

    #[error("the terminal failed: {source}")]
    Terminal {
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write {what}: {source}")]
    Encode {
        what: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },

    #[error("{}, line {line}: {problem}", path.display())]
    Config {
        path: PathBuf,
        line: usize,
        problem: String,
    },

    #[error("{}: no such config file (named by PREPDECK_CONFIG)", .0.display())]
    ConfigMissing(PathBuf),

    #[error("{}: cannot use it as the config file: {problem}", path.display())]
    ConfigUnusable { path: PathBuf, problem: String },

    #[error("{} is {what}; write the output to another file", path.display())]
    OutputIsDatabase { path: PathBuf, what: &'static str },

    #[error("{} is {what}; give the name of a file for the output", path.display())]
    OutputNotAFile { path: PathBuf, what: &'static str },

    #[error("{} found in the database (see the report above)", crate::wording::count(*.0, "problem"))]
    CheckFailed(usize),

    #[error("\"{0}\" is not a scheduler: use sm2 or fsrs")]
    BadScheduler(String),

    #[error("a desired retention of {0} is outside 0.70-0.99")]
    BadRetention(String),

    #[error("{}: the stored FSRS settings are damaged ({reason}); run `prepdeck optimize --reset` to go back to FSRS's defaults", path.display())]
    BadFsrsSettings { path: PathBuf, reason: String },

    #[error(
        "not enough reviews to fit FSRS: it needs {needed} reviews made a day or more after the card's previous one, and the log has {have}; {} more are needed",
        needed - have
    )]
    NotEnoughReviews { have: usize, needed: usize },

    #[error("FSRS could not fit parameters to the review log: {0}")]
    FitFailed(String),

    #[error(
        "FSRS learned nothing from the {reviews} reviews: it set aside every card's history as too short or unlike the others, and fell back to its defaults; nothing was stored"
    )]
    FitLearnedNothing { reviews: usize },

    #[error("{0}")]
    Usage(String),
}

/// The exit statuses, as [`Error::exit_code`] gives them, for `--help` and the manual
/// (written once for both).
pub const EXIT_STATUSES: &[(&str, &str)] = &[
    (
        "0",
        "Success, including a session ended early with q, Esc or Ctrl-C, and output cut short by a closed pipe.",
    ),
    (
        "1",
        "Failure: a file that cannot be read or imported, a deck, card or story not found, a damaged database or one from a newer prepdeck, some of the cards named refused (the others done), a problem found by check.",
    ),
    (
        "2",
        "Misuse: bad arguments, a bad date, grade or card id, an output path that is the database or a folder, an unusable config file, or an interactive command without a terminal.",
    ),
];

impl Error {
    /// No editor, one that failed, or a text emptied in it: a session says so and stays
    /// on the card.
    #[must_use]
    pub fn is_editor_problem(&self) -> bool {
        matches!(
            self,
            Error::NoEditor | Error::EditorFailed { .. } | Error::EditorEmptied
        )
    }

    /// The message as a session shows it, where there is no `--text` to point to.
    #[must_use]
    pub fn in_session(&self) -> String {
        match self {
            Error::NoEditor => "no editor to open: set $VISUAL or $EDITOR, or editor in the config file".to_string(),
            other => other.to_string(),
        }
    }

    /// The process exit status: 2 for a command used wrongly (bad arguments, no terminal),
    /// 1 for everything that went wrong while doing the work.
    #[must_use]
    pub fn exit_code(&self) -> i32 {
        // Every variant is named: a new error must say whether it is misuse (2) or a
        // failure (1).
        match self {
            Error::OutputIsDatabase { .. }
            | Error::OutputNotAFile { .. }
            | Error::NoTerminal { .. }
            | Error::BadGrade { .. }
            | Error::BadCardId { .. }
            | Error::BadKind { .. }
            | Error::BadTag { .. }
            | Error::BadCardRange { .. }
            | Error::EmptyFront
            | Error::BadDate { .. }
            | Error::PastDate { .. }
            | Error::DateAndClear
            | Error::MissingDate
            | Error::BadMinutes { .. }
            | Error::BadScheduler { .. }
            | Error::BadRetention { .. }
            | Error::BadNow { .. }
            | Error::Config { .. }
            | Error::ConfigMissing { .. }
            | Error::ConfigUnusable { .. }
            | Error::NameTooLong { .. }
            | Error::DeckFlagOnBackup { .. }
            | Error::Usage { .. } => 2,
            Error::PathNotFound { .. }
            | Error::Read { .. }
            | Error::Document { .. }
            | Error::NotARegularFile { .. }
            | Error::EmptyFolder { .. }
            | Error::FolderYieldedNothing { .. }
            | Error::SomeImportsFailed { .. }
            | Error::BadBackup { .. }
            | Error::BadPackage { .. }
            | Error::BadSheet { .. }
            | Error::InvalidBackup { .. }
            | Error::SyncFolder { .. }
            | Error::UnknownDeck { .. }
            | Error::AmbiguousDeck { .. }
            | Error::DeckExists { .. }
            | Error::NoDecks
            | Error::UnknownStory { .. }
            | Error::AmbiguousStory { .. }
            | Error::StoryExists { .. }
            | Error::NoStories
            | Error::StoryGone
            | Error::NotAnswerable { .. }
            | Error::SomeCardsRefused { .. }
            | Error::UnknownCard { .. }
            | Error::EmptyCardRange { .. }
            | Error::NothingToRevert { .. }
            | Error::NoDataDir
            | Error::NotOurDatabase { .. }
            | Error::NewerSchema { .. }
            | Error::Database { .. }
            | Error::ReadOnly { .. }
            | Error::ReadOnlyNeedsUpgrade { .. }
            | Error::UpgradeCopyFailed { .. }
            | Error::MigrationBrokeLinks { .. }
            | Error::DeckGone { .. }
            | Error::NoInterviewDate { .. }
            | Error::NoInterviewsAhead
            | Error::NothingToAsk { .. }
            | Error::Busy { .. }
            | Error::CardChanged { .. }
            | Error::CannotUndo { .. }
            | Error::NoEditor
            | Error::EditorFailed { .. }
            | Error::EditorEmptied
            | Error::Io { .. }
            | Error::Prompt { .. }
            | Error::Terminal { .. }
            | Error::Encode { .. }
            | Error::CheckFailed { .. }
            | Error::BadFsrsSettings { .. }
            | Error::NotEnoughReviews { .. }
            | Error::FitFailed { .. }
            | Error::FitLearnedNothing { .. } => 1,
        }
    }

    /// Wraps an I/O error with what was being done, for a readable message.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

impl From<crate::domain::ParseError> for Error {
    fn from(error: crate::domain::ParseError) -> Self {
        use crate::domain::ParseError;
        match error {
            ParseError::Kind(typed) => Error::BadKind(typed),
            ParseError::Grade(typed) => Error::BadGrade(typed),
            ParseError::CardId(typed) => Error::BadCardId(typed),
            ParseError::Scheduler(typed) => Error::BadScheduler(typed),
            ParseError::Tag(typed) => Error::BadTag(typed),
        }
    }
}

impl From<inquire::InquireError> for Error {
    fn from(source: inquire::InquireError) -> Self {
        Error::Prompt { source }
    }
}

/// Shorthand used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// Help and the manual list the statuses `exit_code` gives, and say which is which.
    #[test]
    fn the_exit_statuses_listed_are_the_ones_exit_code_gives() {
        let listed: Vec<&str> = EXIT_STATUSES.iter().map(|(code, _)| *code).collect();
        assert_eq!(listed, ["0", "1", "2"]);
        let said = |code: i32| EXIT_STATUSES[usize::try_from(code).unwrap()].1;
        assert!(said(Error::MissingDate.exit_code()).starts_with("Misuse"));
        assert!(said(Error::NoDecks.exit_code()).starts_with("Failure"));
    }
}

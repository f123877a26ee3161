//! The review log's vocabulary: whether a logged grade set the schedule, and which command
//! gave it.

use std::fmt;

/// Whether a logged grade set the card's schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// A normal review: the schedule is what the grade made of it.
    Review,
    /// A repeat inside a session, or a cram of a card not due: logged, schedule untouched.
    Practice,
}

impl Effect {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Review => "review",
            Effect::Practice => "practice",
        }
    }

    #[must_use]
    pub fn from_stored(name: &str) -> Option<Effect> {
        [Effect::Review, Effect::Practice]
            .into_iter()
            .find(|e| e.as_str() == name)
    }
}

/// One grade of a card's review log, as replaying the log reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoggedGrade {
    pub day: chrono::NaiveDate,
    pub grade: super::Grade,
    /// Whether the grade set the schedule when it was given.
    pub effect: Effect,
    /// What the log recorded of the card around this grade, when the replay should keep
    /// it (a restore); `None` to apply the grade afresh under today's rules.
    pub recorded: Option<RecordedStep>,
}

/// The progress a log row recorded before its grade, and the schedule after it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecordedStep {
    pub before: super::Progress,
    pub sm2_after: super::Sm2,
    pub due_after: Option<chrono::NaiveDate>,
}

/// The command that gave a grade, or the other tool it was given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Review,
    Drill,
    Grade,
    Mock,
    /// Given in Anki, and brought in with its package.
    Anki,
}

impl Origin {
    pub const ALL: [Origin; 5] = [Origin::Review, Origin::Drill, Origin::Grade, Origin::Mock, Origin::Anki];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Review => "review",
            Origin::Drill => "drill",
            Origin::Grade => "grade",
            Origin::Mock => "mock",
            Origin::Anki => "anki",
        }
    }

    #[must_use]
    pub fn from_stored(name: &str) -> Option<Origin> {
        Origin::ALL.into_iter().find(|o| o.as_str() == name)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One logged grade of a card, for `show`.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    pub day: chrono::NaiveDate,
    pub grade: super::Grade,
    pub effect: Effect,
    pub origin: Origin,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_words_read_back_as_written() {
        for origin in Origin::ALL {
            assert_eq!(Origin::from_stored(origin.as_str()), Some(origin));
            let json = serde_json::to_string(&origin).unwrap();
            assert_eq!(json, format!("\"{}\"", origin.as_str()));
        }
        for effect in [Effect::Review, Effect::Practice] {
            assert_eq!(Effect::from_stored(effect.as_str()), Some(effect));
        }
        assert!(serde_json::from_str::<Effect>("\"cram\"").is_err());
    }
}

//! Stories: prepared answers kept once and linked to questions in any deck, so one answer
//! serves every company that asks the same thing in other words.

use std::fmt;

/// A story's id in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StoryId(pub i64);

impl fmt::Display for StoryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A story as a linked card shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryText {
    pub name: String,
    pub body: String,
}

/// A story with its identity and how many cards show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    pub id: StoryId,
    pub guid: String,
    pub name: String,
    pub body: String,
    pub created_at: String,
    pub updated_at: String,
    /// Cards linked to it (retired and suspended ones included).
    pub links: u32,
}

/// The skeleton a new story starts from: Situation, Task, Action, Result.
pub const SKELETON: &str = "Situation: \n\nTask: \n\nAction: \n\nResult: \n";

/// What is left of a story's text once the untouched skeleton is taken away: empty when
/// the user wrote nothing.
#[must_use]
pub fn written(body: &str) -> &str {
    let trimmed = body.trim();
    let untouched = SKELETON.split_whitespace().eq(trimmed.split_whitespace());
    if untouched { "" } else { trimmed }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_untouched_skeleton_is_no_story() {
        assert_eq!(written(SKELETON), "");
        assert_eq!(written("  Situation:\nTask:\nAction:\nResult:\n"), "");
        assert_eq!(
            written("Situation: 300 robots\n\nResult: sub-second"),
            "Situation: 300 robots\n\nResult: sub-second"
        );
    }
}

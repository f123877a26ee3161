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
    pub created_at: super::Timestamp,
    pub updated_at: super::Timestamp,
    /// Cards linked to it (retired and suspended ones included).
    pub links: u32,
}

/// A question elsewhere like the one at hand: where a story or answer written once could
/// serve again.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub card: crate::domain::Card,
    /// Cosine similarity of their wording, 0–1.
    pub score: f64,
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

/// Words a question opens with that make a poor name.
const OPENERS: &[&str] = &[
    "how", "what", "why", "when", "where", "which", "who", "do", "does", "did", "would", "could", "can", "will",
    "should", "you", "your", "tell", "me", "us", "about", "a", "an", "the", "describe", "explain", "walk", "through",
    "is", "are", "was", "time", "approach", "give", "example", "of", "to", "that",
];

/// A name offered for a story made from the answer to `question`: its first few words
/// once the question's opening ("How would you …", "Tell me about a …") is dropped.
#[must_use]
pub fn name_from_question(question: &str) -> String {
    let words: Vec<&str> = question
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let start = words
        .iter()
        .position(|w| !OPENERS.contains(&w.to_lowercase().as_str()))
        .unwrap_or(0);
    let name = words[start..].iter().take(5).copied().collect::<Vec<_>>().join(" ");
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Story".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_offered_skip_the_questions_opening() {
        assert_eq!(
            name_from_question("How do you approach building scalable ML infrastructure?"),
            "Building scalable ML infrastructure"
        );
        assert_eq!(
            name_from_question("Tell me about a production incident you owned."),
            "Production incident you owned"
        );
        assert_eq!(name_from_question("Why?"), "Why");
        assert_eq!(name_from_question("   "), "Story");
    }

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

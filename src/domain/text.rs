//! The texts a card shows, composed from its item's parts and its deck's name when it is
//! read (so they are never stored twice, and a better wording reaches every card).

use super::{Kind, StoryText};

/// What a card shows: its front, and the back the document gives (the user's own answer
/// is kept apart and shown with it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardText {
    pub front: String,
    pub back: String,
}

/// Composes the card a user sees for an item of a company's deck.
#[must_use]
pub fn compose(company: &str, kind: Kind, section: &str, text: &str, detail: &str) -> CardText {
    match kind {
        Kind::Question => CardText {
            front: text.to_string(),
            back: String::new(),
        },
        Kind::TalkingPoint => CardText {
            front: format!("{company} — key talking point: {}", cue(text)),
            back: text.to_string(),
        },
        Kind::Ask => CardText {
            front: format!("{company} — a question to ask {}: {}", audience(section), cue(text)),
            back: text.to_string(),
        },
        Kind::SkillMap => CardText {
            front: text.to_string(),
            back: detail.to_string(),
        },
        Kind::Topic => CardText {
            front: format!("{company} — explain: {text}"),
            back: String::new(),
        },
    }
}

/// A question's back: the card's own answer first, then each linked story under its name.
#[must_use]
pub fn answer_with_stories(answer: &str, stories: &[StoryText]) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !answer.trim().is_empty() {
        parts.push(answer.trim().to_string());
    }
    for story in stories {
        parts.push(format!("Story “{}”:\n{}", story.name, story.body.trim()));
    }
    parts.join("\n\n")
}

/// Words that carry no cue on their own: a cue runs until it holds two other words.
const FILLER_WORDS: &[&str] = &[
    "a", "an", "the", "how", "what", "what's", "what’s", "why", "which", "who", "when", "where", "do", "does", "did",
    "you", "your", "i", "we", "our", "is", "are", "was", "were", "be", "has", "have", "had", "would", "will", "can",
    "could", "of", "to", "in", "for", "on", "with", "at", "by", "and", "or",
];

/// The first words of an item, enough to recall the rest without giving it away: up to
/// two meaningful words, never more than half the item.
fn cue(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let cap = (words.len() / 2).max(1);
    let mut meaningful = 0;
    let mut shown = 0;
    for word in &words {
        if shown == cap || meaningful == 2 {
            break;
        }
        shown += 1;
        let bare = word
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .to_lowercase();
        if !FILLER_WORDS.contains(&bare.as_str()) {
            meaningful += 1;
        }
    }
    format!("“{} …”", words[..shown].join(" "))
}

/// Whom an ask card's group addresses: `to company` → the company.
fn audience(section: &str) -> &'static str {
    let lower = section.to_lowercase();
    if lower.contains("hiring manager") || lower.contains("manager") {
        "the hiring manager"
    } else if lower.contains("recruiter") {
        "the recruiter"
    } else if lower.contains("team") && !lower.contains("interviewer") {
        "the team"
    } else if lower.contains("company") {
        "the company"
    } else {
        "the interviewer"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_back_shows_the_own_answer_first_then_each_story() {
        let story = |name: &str, body: &str| StoryText {
            name: name.to_string(),
            body: body.to_string(),
        };
        assert_eq!(answer_with_stories("", &[]), "");
        assert_eq!(answer_with_stories(" Mine. ", &[]), "Mine.");
        assert_eq!(
            answer_with_stories("Mine.", &[story("Dispatcher", "300 robots.\n")]),
            "Mine.\n\nStory “Dispatcher”:\n300 robots."
        );
        assert_eq!(
            answer_with_stories("", &[story("A", "a"), story("B", "b")]),
            "Story “A”:\na\n\nStory “B”:\nb"
        );
    }

    #[test]
    fn cards_hide_what_they_ask_for() {
        let text = "Cut perception model latency by 40% with TensorRT";
        let card = compose("Acme", Kind::TalkingPoint, "Key Talking Points", text, "");
        assert_eq!(card.front, "Acme — key talking point: “Cut perception …”");
        assert_eq!(
            cue("how do you keep patient data safe when pipelines fail halfway?"),
            "“how do you keep patient …”"
        );
        assert_eq!(
            cue("how has the platform changed in the last 6–12 months?"),
            "“how has the platform changed …”"
        );
        assert_eq!(cue("Why?"), "“Why? …”");
        assert_eq!(card.back, text);
        assert!(
            compose("Acme", Kind::Ask, "to company", text, "")
                .front
                .contains("to ask the company")
        );
    }
}

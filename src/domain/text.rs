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

/// Where an item sits in its list in the document: number `number` of `of` (the deck's
/// cards of the same kind and section, in document order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub number: u32,
    pub of: u32,
}

/// The parts of an item that a card's texts are made from.
#[derive(Debug, Clone, Copy)]
pub struct ItemParts<'a> {
    pub company: &'a str,
    pub kind: Kind,
    pub section: &'a str,
    pub text: &'a str,
    pub detail: &'a str,
    pub place: Option<Place>,
    /// The word (or two) that tells the item apart in its deck ([`super::cue`]), shown as a
    /// hint on the fronts of talking points and questions to ask.
    pub cue: Option<&'a str>,
}

/// Composes the card a user sees for an item of a company's deck. The fronts of talking
/// points and questions to ask name the company, the list and the item's place in it and
/// give the item's cue as a hint (words from inside it that no other item of the deck
/// holds, never its opening words): the user recalls the item rather than reading most of
/// it.
#[must_use]
pub fn compose(item: &ItemParts<'_>) -> CardText {
    let ItemParts {
        company,
        kind,
        section,
        text,
        detail,
        place,
        cue,
    } = *item;
    // Only talking points and asks give a hint.
    let hint = || cue.map_or_else(String::new, |words| format!(" (hint: {words})"));
    match kind {
        // A question bank gives its answer; a profile gives none (the user writes one).
        Kind::Question => CardText {
            front: text.to_string(),
            back: detail.to_string(),
        },
        Kind::TalkingPoint => {
            let numbered = place.map_or_else(
                || "a key talking point".to_string(),
                |p| format!("key talking point {} of {}", p.number, p.of),
            );
            CardText {
                front: format!("{company} — {numbered}{}{}: say it in full.", group(section), hint()),
                back: text.to_string(),
            }
        }
        Kind::Ask => {
            let numbered = place.map_or_else(
                || "a question".to_string(),
                |p| format!("question {} of {}", p.number, p.of),
            );
            CardText {
                front: format!(
                    "{company} — {numbered} to ask {}{}: say it in full.",
                    audience(section),
                    hint()
                ),
                back: text.to_string(),
            }
        }
        Kind::SkillMap => CardText {
            front: format!("{company} wants: {text} — which of your skills, and which story?"),
            back: detail.to_string(),
        },
        Kind::Topic => CardText {
            front: format!("{company} — explain: {text}"),
            back: detail.to_string(),
        },
    }
}

/// Whether a text uses markdown's block structure or emphasis (a code fence, a table, a
/// list, a heading, a quote, bold, a link): a question bank's answer kept as written, to
/// be laid out as markdown rather than as plain text.
#[must_use]
pub fn looks_like_markdown(text: &str) -> bool {
    text.contains("**")
        || text.contains("](")
        || text.lines().any(|line| {
            let t = line.trim_start();
            t.starts_with("```")
                || t.starts_with("~~~")
                || (t.starts_with('|') && t.ends_with('|') && t.len() > 2)
                || t.starts_with("- ")
                || t.starts_with("* ")
                || t.starts_with("> ")
                || t.starts_with('#') && t.trim_start_matches('#').starts_with(' ')
                || t.split_once(". ")
                    .is_some_and(|(n, _)| !n.is_empty() && n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit()))
        })
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

/// Both texts kept: ours, and theirs under a line `--- LABEL ---` when they differ (unless
/// ours already holds it, as after restoring the same backup twice). The flag says both
/// were kept. Used wherever two writers' texts meet: a backup restore, an edit that raced
/// another.
#[must_use]
pub fn keep_both(ours: &str, theirs: &str, label: &str) -> (String, bool) {
    if theirs.trim().is_empty() || ours.contains(theirs) {
        return (ours.to_string(), false);
    }
    if ours.trim().is_empty() {
        return (theirs.to_string(), false);
    }
    (format!("{ours}\n\n--- {label} ---\n{theirs}"), true)
}

/// A talking point's group when the document gives one (`Technical`), as ` under …`;
/// nothing for the section heading itself (`Key Talking Points`).
fn group(section: &str) -> String {
    let lower = section.to_lowercase();
    if section.trim().is_empty() || lower.contains("talking point") || lower.contains("key points") {
        String::new()
    } else {
        format!(" under “{}”", section.trim())
    }
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
    fn differing_texts_are_both_kept_once() {
        let (merged, both) = keep_both("Mine.", "Theirs.", "answer from the backup b.json");
        assert!(both);
        assert_eq!(merged, "Mine.\n\n--- answer from the backup b.json ---\nTheirs.");
        assert_eq!(keep_both(&merged, "Theirs.", "x"), (merged.clone(), false));
        assert_eq!(keep_both("", "Theirs.", "x"), ("Theirs.".to_string(), false));
        assert_eq!(keep_both("Mine.", "", "x"), ("Mine.".to_string(), false));
    }

    fn parts<'a>(kind: Kind, section: &'a str, text: &'a str, place: Option<Place>) -> ItemParts<'a> {
        ItemParts {
            company: "Acme",
            kind,
            section,
            text,
            detail: "",
            place,
            cue: None,
        }
    }

    /// The card of an item that is its deck's only one, with the cue that gives it.
    fn alone(kind: Kind, section: &str, text: &str, place: Option<Place>) -> CardText {
        let item = crate::domain::cue::DeckItem {
            id: crate::domain::CardId(1),
            kind,
            text,
        };
        let cues = crate::domain::cue::deck_cues("Acme", &[item]);
        compose(&ItemParts {
            cue: cues.get(&item.id).map(String::as_str),
            ..parts(kind, section, text, place)
        })
    }

    /// The words a front shares with the start of its item.
    fn opening_words_given_away(front: &str, item: &str) -> bool {
        let opening: Vec<&str> = item.split_whitespace().take(2).collect();
        front.contains(&opening.join(" "))
            || opening
                .iter()
                .any(|w| w.chars().count() > 3 && front.to_lowercase().contains(&w.to_lowercase()))
    }

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
    fn fronts_of_talking_points_and_asks_never_give_away_their_opening_words() {
        let text = "Scaled a ledger service to 20k writes per second";
        let place = Some(Place { number: 3, of: 9 });
        let card = alone(Kind::TalkingPoint, "Key Talking Points", text, place);
        assert_eq!(
            card.front,
            "Acme — key talking point 3 of 9 (hint: ledger): say it in full."
        );
        assert_eq!(card.back, text);
        for (kind, section, item) in [
            (
                Kind::TalkingPoint,
                "Key Talking Points",
                "Cut perception model latency by 40% with TensorRT",
            ),
            (
                Kind::TalkingPoint,
                "Key Talking Points",
                "Built the event pipeline that tracks 2 million container moves",
            ),
            (
                Kind::Ask,
                "to company",
                "how do you keep patient data safe when pipelines fail halfway?",
            ),
            (
                Kind::Ask,
                "Questions to Ask Interviewer",
                "How does the team split work between onboard software and cloud services?",
            ),
            (Kind::Ask, "to interviewer", "Why?"),
        ] {
            let front = alone(kind, section, item, place).front;
            assert!(!opening_words_given_away(&front, item), "{front} gives away {item}");
            assert!(front.starts_with("Acme — "), "{front}");
            assert!(front.contains("3 of 9"), "{front}");
        }
    }

    #[test]
    fn asks_name_their_audience_and_talking_points_their_group() {
        let ask = compose(&ItemParts {
            cue: Some("pipelines"),
            ..parts(
                Kind::Ask,
                "to company",
                "how do you keep patient data safe when pipelines fail halfway?",
                Some(Place { number: 1, of: 2 }),
            )
        });
        assert_eq!(
            ask.front,
            "Acme — question 1 of 2 to ask the company (hint: pipelines): say it in full."
        );
        let unplaced = compose(&parts(Kind::Ask, "Questions to Ask Interviewer", "Team size?", None));
        assert_eq!(
            unplaced.front,
            "Acme — a question to ask the interviewer: say it in full."
        );
        let grouped = compose(&ItemParts {
            cue: Some("Kubernetes, forty"),
            ..parts(
                Kind::TalkingPoint,
                "Technical",
                "Led the Kubernetes migration for forty services",
                Some(Place { number: 2, of: 3 }),
            )
        });
        assert_eq!(
            grouped.front,
            "Acme — key talking point 2 of 3 under “Technical” (hint: Kubernetes, forty): say it in full."
        );
    }

    #[test]
    fn a_skill_map_front_says_what_to_recall() {
        let card = compose(&ItemParts {
            detail: "Fleet orchestration service — Built the dispatcher",
            ..parts(
                Kind::SkillMap,
                "Skills-to-Requirements Mapping",
                "Coordinate hundreds of robots",
                None,
            )
        });
        assert_eq!(
            card.front,
            "Acme wants: Coordinate hundreds of robots — which of your skills, and which story?"
        );
        assert_eq!(card.back, "Fleet orchestration service — Built the dispatcher");
    }
}

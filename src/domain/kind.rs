//! What a card rehearses: the kinds of item a company profile holds.

use std::fmt;
use std::str::FromStr;

use super::ParseError;

/// What a card rehearses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A question the interviewer may ask; the back is the user's prepared answer.
    Question,
    /// A point the user wants to make about themselves.
    TalkingPoint,
    /// A question for the user to ask the interviewer.
    Ask,
    /// One of their requirements, mapped to the user's matching skill.
    SkillMap,
    /// A concept to review and explain in one's own words.
    Topic,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Question,
        Kind::TalkingPoint,
        Kind::Ask,
        Kind::SkillMap,
        Kind::Topic,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Question => "question",
            Kind::TalkingPoint => "talking-point",
            Kind::Ask => "ask",
            Kind::SkillMap => "skill-map",
            Kind::Topic => "topic",
        }
    }

    /// The kind whose stored name is exactly `name`.
    #[must_use]
    pub fn from_stored(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Whether a story can be linked to a card of this kind: every kind the user answers
    /// aloud with one (questions, topics, talking points, skill-map requirements), not a
    /// question the user asks.
    #[must_use]
    pub fn takes_stories(self) -> bool {
        !matches!(self, Kind::Ask)
    }

    /// Whether the card's back is the user's own written answer (empty until written).
    #[must_use]
    pub fn back_is_answer(self) -> bool {
        matches!(self, Kind::Question | Kind::Topic)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = ParseError;

    /// Accepts the stored names and the ways people type them (`Talking Points`,
    /// `skill_map`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        Kind::from_stored(wanted.trim_end_matches('s')).ok_or_else(|| ParseError::Kind(s.to_string()))
    }
}

impl serde::Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Kind {
    /// Only the stored names: a backup is read as exactly what was written.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Kind::from_stored(&name).ok_or_else(|| serde::de::Error::custom(format!("unknown card kind \"{name}\"")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back_from_their_names_and_from_what_people_type() {
        for kind in Kind::ALL {
            assert_eq!(kind.as_str().parse::<Kind>().unwrap(), kind);
            assert_eq!(Kind::from_stored(kind.as_str()), Some(kind));
        }
        assert_eq!("Talking Points".parse::<Kind>().unwrap(), Kind::TalkingPoint);
        assert_eq!(Kind::from_stored("Talking Points"), None);
        assert!("bogus".parse::<Kind>().is_err());
    }
}

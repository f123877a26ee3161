//! Small value types shared by every layer: card kinds, grades, card states, card ids,
//! and how each is written to SQLite and read back.

use std::fmt;
use std::str::FromStr;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::error::Error;

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

impl serde::Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        let wanted = wanted.trim_end_matches('s');
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == wanted)
            .ok_or_else(|| Error::BadKind(s.to_string()))
    }
}

impl ToSql for Kind {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for Kind {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| FromSqlError::Other(format!("unknown card kind {text:?}").into()))
    }
}

/// A SuperMemo grade, 0 (blackout) to 5 (perfect).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Grade(u8);

impl Grade {
    /// Recalled after a hesitation: what `plan` assumes of every review.
    pub const GOOD: Grade = Grade(4);

    #[must_use]
    pub fn new(value: u8) -> Option<Grade> {
        (value <= 5).then_some(Grade(value))
    }

    #[must_use]
    pub fn value(self) -> u8 {
        self.0
    }

    /// Grades 3 and up are recalled; below 3 is a lapse.
    #[must_use]
    pub fn passed(self) -> bool {
        self.0 >= 3
    }

    /// Grades 4 and 5 end a card's turn in a session; lower grades bring it back.
    #[must_use]
    pub fn settled(self) -> bool {
        self.0 >= 4
    }
}

impl FromStr for Grade {
    type Err = Error;

    /// Accepts a digit 0–5 or the words again (1), hard (3), good (4), easy (5).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = match s.trim().to_ascii_lowercase().as_str() {
            "again" => 1,
            "hard" => 3,
            "good" => 4,
            "easy" => 5,
            digit => digit.parse::<u8>().map_err(|_| Error::BadGrade(s.to_string()))?,
        };
        Grade::new(value).ok_or_else(|| Error::BadGrade(s.to_string()))
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl ToSql for Grade {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(i64::from(self.0)))
    }
}

impl FromSql for Grade {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let n = value.as_i64()?;
        u8::try_from(n)
            .ok()
            .and_then(Grade::new)
            .ok_or(FromSqlError::OutOfRange(n))
    }
}

/// A card's place in its life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    New,
    Learning,
    Review,
    Suspended,
    Retired,
}

impl State {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            State::New => "new",
            State::Learning => "learning",
            State::Review => "review",
            State::Suspended => "suspended",
            State::Retired => "retired",
        }
    }
}

impl serde::Serialize for State {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A card's id as the user types it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CardId(pub i64);

impl FromStr for CardId {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits = s.trim().trim_start_matches('#');
        digits
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map(CardId)
            .ok_or_else(|| Error::UnknownCard(s.to_string()))
    }
}

impl fmt::Display for CardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl ToSql for CardId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0))
    }
}

impl FromSql for CardId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_i64().map(CardId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn round_trip<T: ToSql + FromSql>(value: &T) -> T {
        let conn = Connection::open_in_memory().unwrap();
        conn.query_row("SELECT ?1", [value], |row| row.get(0)).unwrap()
    }

    #[test]
    fn kinds_round_trip_through_sqlite_and_text() {
        for kind in Kind::ALL {
            assert_eq!(round_trip(&kind), kind);
            assert_eq!(kind.as_str().parse::<Kind>().unwrap(), kind);
        }
        assert_eq!("Talking Points".parse::<Kind>().unwrap(), Kind::TalkingPoint);
        assert!("bogus".parse::<Kind>().is_err());
    }

    #[test]
    fn grades_accept_digits_and_words() {
        assert_eq!("again".parse::<Grade>().unwrap().value(), 1);
        assert_eq!("Hard".parse::<Grade>().unwrap().value(), 3);
        assert_eq!("good".parse::<Grade>().unwrap().value(), 4);
        assert_eq!("easy".parse::<Grade>().unwrap().value(), 5);
        assert_eq!("0".parse::<Grade>().unwrap().value(), 0);
        assert!("6".parse::<Grade>().is_err());
        assert!("-1".parse::<Grade>().is_err());
        assert!("great".parse::<Grade>().is_err());
        assert_eq!(round_trip(&Grade::new(4).unwrap()), Grade::new(4).unwrap());
    }

    #[test]
    fn card_ids_parse_with_or_without_hash() {
        assert_eq!("#12".parse::<CardId>().unwrap(), CardId(12));
        assert_eq!(round_trip(&CardId(7)), CardId(7));
        assert!("0".parse::<CardId>().is_err());
        assert!("abc".parse::<CardId>().is_err());
    }
}

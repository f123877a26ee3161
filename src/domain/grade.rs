//! SuperMemo's grades, 0 (blackout) to 5 (perfect), and the words people type for them.

use std::fmt;
use std::str::FromStr;

use super::ParseError;

/// A SuperMemo grade, 0 (blackout) to 5 (perfect).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Grade(u8);

impl Grade {
    /// Recalled after a hesitation: what `plan` assumes of every review.
    pub const GOOD: Grade = Grade(4);

    /// Every grade, 0 to 5.
    pub const ALL: [Grade; 6] = [Grade(0), Grade(1), Grade(2), Grade(3), Grade(4), Grade(5)];

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
    type Err = ParseError;

    /// Accepts a digit 0–5 or the words again (1), hard (3), good (4), easy (5).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let value = match s.trim().to_ascii_lowercase().as_str() {
            "again" => 1,
            "hard" => 3,
            "good" => 4,
            "easy" => 5,
            digit => digit.parse::<u8>().map_err(|_| ParseError::Grade(s.to_string()))?,
        };
        Grade::new(value).ok_or_else(|| ParseError::Grade(s.to_string()))
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl serde::Serialize for Grade {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Grade {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = i64::deserialize(d)?;
        u8::try_from(value)
            .ok()
            .and_then(Grade::new)
            .ok_or_else(|| serde::de::Error::custom(format!("grade {value} is not 0-5")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn grades_read_back_from_json_only_when_in_range() {
        let grade: Grade = serde_json::from_str("4").unwrap();
        assert_eq!(grade, Grade::GOOD);
        assert!(serde_json::from_str::<Grade>("9").is_err());
        assert!(serde_json::from_str::<Grade>("-1").is_err());
    }
}

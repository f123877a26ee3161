//! The moments the database keeps (a review's time, when a card or story was made or
//! changed): RFC 3339 text with the user's offset, read back exactly as it was written.

use std::fmt;

use chrono::{DateTime, FixedOffset, SecondsFormat};

use super::card::LAST_DAY;

/// A moment as the database keeps it: an RFC 3339 time with its offset, such as
/// `2026-03-01T09:00:00+01:00`. Made from the clock it is written to the second; read
/// from a database or a backup it keeps the text it was read from, so that what was
/// stored is stored again byte for byte.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
    at: DateTime<FixedOffset>,
}

impl Timestamp {
    /// The moment `at`, to the second, in its own offset.
    #[must_use]
    pub fn at(at: DateTime<FixedOffset>) -> Timestamp {
        Timestamp {
            text: at.to_rfc3339_opts(SecondsFormat::Secs, false),
            at,
        }
    }

    /// `text` if it is an RFC 3339 time on or before the last day kept, as written.
    #[must_use]
    pub fn parse(text: &str) -> Option<Timestamp> {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .filter(|at| at.date_naive() <= LAST_DAY)
            .map(|at| Timestamp {
                text: text.to_string(),
                at,
            })
    }

    /// The text as stored.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The moment, in the offset it was written with.
    #[must_use]
    pub fn moment(&self) -> DateTime<FixedOffset> {
        self.at
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Timestamp::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("\"{text}\" is not an RFC 3339 time")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moment_from_the_clock_is_written_to_the_second_in_its_offset() {
        let at = DateTime::parse_from_rfc3339("2026-03-01T23:30:00.75-05:00").unwrap();
        assert_eq!(Timestamp::at(at).as_str(), "2026-03-01T23:30:00-05:00");
    }

    #[test]
    fn a_stored_time_keeps_the_text_it_was_read_from() {
        for text in [
            "2026-03-01T09:00:00Z",
            "2026-03-01T09:00:00.5+00:00",
            "2026-03-01t09:00:00+01:00",
        ] {
            let read = Timestamp::parse(text).unwrap();
            assert_eq!(read.to_string(), text);
            assert_eq!(serde_json::to_string(&read).unwrap(), format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<Timestamp>(&format!("\"{text}\"")).unwrap(), read);
        }
        assert!(Timestamp::parse("2026-03-01 09:00:00").is_none());
        assert!(Timestamp::parse("10000-01-01T00:00:00Z").is_none());
        assert!(serde_json::from_str::<Timestamp>("\"yesterday\"").is_err());
    }
}

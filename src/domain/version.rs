//! Two machines, one history (SPEC §7): every value the user edits is a *register*, and each
//! change of it a *version* — its value (none for a clear or a removal: a tombstone), when
//! it was made and on which machine. A register's value is its winning version: the
//! greatest by time, then machine, then value, so every database that holds the same
//! versions shows the same values, whatever order it learned them in.

use std::fmt;

use chrono::{DateTime, Duration, Utc};

use super::card::LAST_DAY;

/// What a register belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    /// A card, by guid: its answer, own front and back, suspension.
    Card,
    /// A tag on a card, by the card's guid and the tag in lower case.
    Tag,
    /// A story, by guid: its name, text, and whether it is there.
    Story,
    /// A story's link to a card, by the story's guid and the card's.
    Link,
    /// A deck, by guid: its name, interview date, daily budget, scheduler, and whether it
    /// is there.
    Deck,
    /// The database's settings (no key): the default scheduler, FSRS's desired retention
    /// and fitted parameters.
    Settings,
}

impl Subject {
    pub const ALL: [Subject; 6] = [
        Subject::Card,
        Subject::Tag,
        Subject::Story,
        Subject::Link,
        Subject::Deck,
        Subject::Settings,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Card => "card",
            Subject::Tag => "tag",
            Subject::Story => "story",
            Subject::Link => "link",
            Subject::Deck => "deck",
            Subject::Settings => "settings",
        }
    }

    /// The fields a register of this subject may have.
    #[must_use]
    pub fn fields(self) -> &'static [Field] {
        match self {
            Subject::Card => &[Field::Answer, Field::Front, Field::Back, Field::Suspended],
            Subject::Tag | Subject::Link => &[Field::Present],
            Subject::Story => &[Field::Name, Field::Body, Field::Present],
            Subject::Deck => &[
                Field::Name,
                Field::Interview,
                Field::DailyMinutes,
                Field::Scheduler,
                Field::Present,
            ],
            Subject::Settings => &[Field::Scheduler, Field::DesiredRetention, Field::FsrsParameters],
        }
    }
}

impl std::str::FromStr for Subject {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Subject::ALL.into_iter().find(|subject| subject.as_str() == s).ok_or(())
    }
}

/// Which value of its subject a register holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Answer,
    Front,
    Back,
    Suspended,
    Present,
    Name,
    Body,
    Interview,
    DailyMinutes,
    Scheduler,
    DesiredRetention,
    FsrsParameters,
}

impl Field {
    const ALL: [Field; 12] = [
        Field::Answer,
        Field::Front,
        Field::Back,
        Field::Suspended,
        Field::Present,
        Field::Name,
        Field::Body,
        Field::Interview,
        Field::DailyMinutes,
        Field::Scheduler,
        Field::DesiredRetention,
        Field::FsrsParameters,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Answer => "answer",
            Field::Front => "front",
            Field::Back => "back",
            Field::Suspended => "suspended",
            Field::Present => "present",
            Field::Name => "name",
            Field::Body => "body",
            Field::Interview => "interview",
            Field::DailyMinutes => "daily_minutes",
            Field::Scheduler => "scheduler",
            Field::DesiredRetention => "desired_retention",
            Field::FsrsParameters => "fsrs_parameters",
        }
    }
}

impl std::str::FromStr for Field {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Field::ALL.into_iter().find(|field| field.as_str() == s).ok_or(())
    }
}

/// What separates the parts of a key made of two (a tag's card and tag, a link's story and
/// card): a tab, which neither a guid nor a tag holds.
pub const KEY_SEPARATOR: char = '\t';

/// One register: a subject's key (guids; empty for the settings) and a field.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Register {
    pub subject: Subject,
    pub key: String,
    pub field: Field,
}

impl Register {
    #[must_use]
    pub fn card(guid: &str, field: Field) -> Register {
        Register {
            subject: Subject::Card,
            key: guid.to_string(),
            field,
        }
    }

    /// A tag on a card: one register per tag in any case (`Systems` and `systems` are one
    /// tag, as the database keeps them).
    #[must_use]
    pub fn tag(card: &str, tag: &str) -> Register {
        Register {
            subject: Subject::Tag,
            key: format!("{card}{KEY_SEPARATOR}{}", tag.to_ascii_lowercase()),
            field: Field::Present,
        }
    }

    #[must_use]
    pub fn story(guid: &str, field: Field) -> Register {
        Register {
            subject: Subject::Story,
            key: guid.to_string(),
            field,
        }
    }

    #[must_use]
    pub fn link(story: &str, card: &str) -> Register {
        Register {
            subject: Subject::Link,
            key: format!("{story}{KEY_SEPARATOR}{card}"),
            field: Field::Present,
        }
    }

    #[must_use]
    pub fn deck(guid: &str, field: Field) -> Register {
        Register {
            subject: Subject::Deck,
            key: guid.to_string(),
            field,
        }
    }

    #[must_use]
    pub fn settings(field: Field) -> Register {
        Register {
            subject: Subject::Settings,
            key: String::new(),
            field,
        }
    }

    /// The guids the key is made of: one (a card, story or deck), two (a tag's card and
    /// its tag; a link's story and card: the tag is not a guid), or none.
    #[must_use]
    pub fn guids(&self) -> Vec<&str> {
        match self.subject {
            Subject::Card | Subject::Story | Subject::Deck => vec![self.key.as_str()],
            Subject::Tag => self
                .key
                .split_once(KEY_SEPARATOR)
                .map(|(card, _)| vec![card])
                .unwrap_or_default(),
            Subject::Link => self
                .key
                .split_once(KEY_SEPARATOR)
                .map(|(story, card)| vec![story, card])
                .unwrap_or_default(),
            Subject::Settings => Vec::new(),
        }
    }

    /// The same register with each guid of its key mapped through `canonical`.
    #[must_use]
    pub fn mapped(&self, canonical: impl Fn(&str) -> String) -> Register {
        let key = match self.subject {
            Subject::Card | Subject::Story | Subject::Deck => canonical(&self.key),
            Subject::Tag | Subject::Link => match self.key.split_once(KEY_SEPARATOR) {
                Some((first, rest)) if self.subject == Subject::Tag => {
                    format!("{}{KEY_SEPARATOR}{rest}", canonical(first))
                }
                Some((first, rest)) => format!("{}{KEY_SEPARATOR}{}", canonical(first), canonical(rest)),
                None => self.key.clone(),
            },
            Subject::Settings => String::new(),
        };
        Register { key, ..self.clone() }
    }
}

/// Whether `text` can be a guid: 1 to 64 printable ASCII characters, no spaces.
#[must_use]
pub fn is_guid(text: &str) -> bool {
    !text.is_empty() && text.len() <= 64 && text.chars().all(|c| c.is_ascii_graphic())
}

/// When a version was made: a UTC instant to the millisecond, written
/// `2026-03-01T08:00:00.000Z` so that text order is time order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Stamp(DateTime<Utc>);

impl Stamp {
    /// The earliest stamp written (the database writes nothing dated before 1970).
    pub const EPOCH: Stamp = Stamp(DateTime::UNIX_EPOCH);

    #[must_use]
    pub fn new(at: DateTime<Utc>) -> Stamp {
        // Kept to the millisecond, as written.
        let millis = at.timestamp_millis();
        Stamp(DateTime::from_timestamp_millis(millis).unwrap_or(at))
    }

    /// Reads a stamp as written; `None` for anything else, or a time outside 1970–9999.
    #[must_use]
    pub fn parse(text: &str) -> Option<Stamp> {
        if text.len() != 24 || !text.ends_with('Z') {
            return None;
        }
        let at = DateTime::parse_from_rfc3339(text).ok()?.with_timezone(&Utc);
        let stamp = Stamp(at);
        (stamp.to_string() == text && at >= DateTime::UNIX_EPOCH && at.date_naive() <= LAST_DAY).then_some(stamp)
    }

    /// Reads any RFC 3339 time (an `updated_at` of a card, say) as a stamp.
    #[must_use]
    pub fn from_rfc3339(text: &str) -> Option<Stamp> {
        let at = DateTime::parse_from_rfc3339(text.trim()).ok()?.with_timezone(&Utc);
        (at >= DateTime::UNIX_EPOCH && at.date_naive() <= LAST_DAY).then(|| Stamp::new(at))
    }

    /// One millisecond later.
    #[must_use]
    pub fn next(self) -> Stamp {
        Stamp(self.0 + Duration::milliseconds(1))
    }

    #[must_use]
    pub fn at(self) -> DateTime<Utc> {
        self.0
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M:%S%.3fZ"))
    }
}

/// One version of a register, as stored and as a backup carries it. `value` is the JSON
/// text of the value in its one canonical form (`backup::Value::encode`); `None` is a
/// tombstone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Version {
    pub register: Register,
    pub value: Option<String>,
    pub changed_at: Stamp,
    pub machine: String,
}

impl Version {
    /// The order that picks a register's winner: time, then machine, then value (a
    /// tombstone below any value), so ties are decided the same way everywhere.
    #[must_use]
    pub fn beats(&self, other: &Version) -> bool {
        (self.changed_at, &self.machine, &self.value) > (other.changed_at, &other.machine, &other.value)
    }
}

/// The winning version of each register among `versions` (any order).
#[must_use]
pub fn winners<'a>(
    versions: impl IntoIterator<Item = &'a Version>,
) -> std::collections::BTreeMap<&'a Register, &'a Version> {
    let mut best: std::collections::BTreeMap<&Register, &Version> = std::collections::BTreeMap::new();
    for version in versions {
        match best.get(&version.register) {
            Some(current) if !version.beats(current) => {}
            _ => {
                best.insert(&version.register, version);
            }
        }
    }
    best
}

/// Whether `machine` can name a machine: 1 to 64 lower-case letters, digits and dashes.
#[must_use]
pub fn is_machine(machine: &str) -> bool {
    !machine.is_empty()
        && machine.len() <= 64
        && machine
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(at: &str, machine: &str, value: Option<&str>) -> Version {
        Version {
            register: Register::card("g1", Field::Answer),
            value: value.map(str::to_string),
            changed_at: Stamp::parse(at).unwrap(),
            machine: machine.to_string(),
        }
    }

    #[test]
    fn stamps_are_written_to_the_millisecond_and_read_back_only_in_that_form() {
        let stamp = Stamp::from_rfc3339("2026-03-01T09:00:00+01:00").unwrap();
        assert_eq!(stamp.to_string(), "2026-03-01T08:00:00.000Z");
        assert_eq!(Stamp::parse("2026-03-01T08:00:00.000Z"), Some(stamp));
        assert_eq!(stamp.next().to_string(), "2026-03-01T08:00:00.001Z");
        for bad in [
            "2026-03-01T08:00:00Z",
            "2026-03-01T09:00:00.000+01:00",
            "1969-12-31T23:59:59.999Z",
            "x".repeat(24).as_str(),
        ] {
            assert_eq!(Stamp::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_winner_is_the_latest_then_the_greater_machine_then_the_greater_value() {
        let early = version("2026-03-01T08:00:00.000Z", "b", Some("\"x\""));
        let late = version("2026-03-01T08:00:00.001Z", "a", None);
        assert!(late.beats(&early));
        let other_machine = version("2026-03-01T08:00:00.001Z", "b", None);
        assert!(other_machine.beats(&late));
        let with_value = version("2026-03-01T08:00:00.001Z", "b", Some("\"y\""));
        assert!(with_value.beats(&other_machine), "a value over a tombstone at a tie");
        let all = [early.clone(), with_value.clone(), late.clone(), other_machine.clone()];
        let reversed: Vec<Version> = all.iter().rev().cloned().collect();
        assert_eq!(winners(&all), winners(&reversed));
        assert_eq!(winners(&all).values().next(), Some(&&with_value));
    }

    #[test]
    fn keys_map_each_guid_and_keep_the_tag() {
        let canonical = |guid: &str| if guid == "b" { "a".to_string() } else { guid.to_string() };
        assert_eq!(Register::tag("b", "x").mapped(canonical).key, "a\tx");
        assert_eq!(Register::link("b", "b").mapped(canonical).key, "a\ta");
        assert_eq!(Register::tag("b", "b").mapped(canonical).key, "a\tb");
        assert_eq!(Register::link("s", "b").guids(), vec!["s", "b"]);
    }
}

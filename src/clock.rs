//! The command's one reading of the clock: `PREPDECK_NOW` when set, the system clock
//! otherwise. Everything below a command receives `now`/`today` from here.

use chrono::{DateTime, FixedOffset, Local, NaiveDate};

use crate::domain::Timestamp;
use crate::error::{Error, Result};

/// The moment a command runs, in the user's local offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    pub at: DateTime<FixedOffset>,
}

impl Now {
    /// Reads `PREPDECK_NOW` (RFC 3339) if it is given, the local clock otherwise.
    pub fn read(fixed: Option<&str>) -> Result<Self> {
        match fixed {
            Some(text) if !text.trim().is_empty() => Self::parse(text),
            _ => Ok(Now {
                at: Local::now().fixed_offset(),
            }),
        }
    }

    /// Parses an RFC 3339 timestamp such as `2026-03-01T09:00:00+01:00`.
    pub fn parse(text: &str) -> Result<Self> {
        DateTime::parse_from_rfc3339(text.trim())
            .map(|at| Now { at })
            .map_err(|_| Error::BadNow(text.to_string()))
    }

    /// The user's local calendar day: the day reviews are dated by.
    #[must_use]
    pub fn today(&self) -> NaiveDate {
        self.at.date_naive()
    }

    /// The moment as the database keeps it.
    #[must_use]
    pub fn stamp(&self) -> Timestamp {
        Timestamp::at(self.at)
    }
}

/// A day as a user types it: a date (`YYYY-MM-DD`), or a count of days from today
/// (`today`, `tomorrow`, `+N`), which only the command's clock turns into a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypedDay {
    On(NaiveDate),
    FromToday {
        days: u32,
        /// As typed, for the message when the day falls past the last date kept.
        typed: String,
    },
}

/// The most days ahead a `+N` may name: a hundred years.
const MAX_DAYS_AHEAD: u32 = 36_500;

impl std::str::FromStr for TypedDay {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        let trimmed = text.trim();
        let lower = trimmed.to_ascii_lowercase();
        let from_today = |days| TypedDay::FromToday {
            days,
            typed: text.to_string(),
        };
        let parsed = match lower.as_str() {
            "today" => Some(from_today(0)),
            "tomorrow" => Some(from_today(1)),
            _ => match lower.strip_prefix('+') {
                Some(days) => days
                    .parse::<u32>()
                    .ok()
                    .filter(|d| *d <= MAX_DAYS_AHEAD)
                    .map(from_today),
                None => NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
                    .ok()
                    .filter(|day| *day <= crate::domain::card::LAST_DAY)
                    .map(TypedDay::On),
            },
        };
        parsed.ok_or_else(|| Error::BadDate(text.to_string()))
    }
}

impl TypedDay {
    /// The date meant, counted from `today`; refused past the last date kept.
    pub fn resolve(&self, today: NaiveDate) -> Result<NaiveDate> {
        match self {
            TypedDay::On(day) => Ok(*day),
            TypedDay::FromToday { days, typed } => today
                .checked_add_days(chrono::Days::new(u64::from(*days)))
                .filter(|day| *day <= crate::domain::card::LAST_DAY)
                .ok_or_else(|| Error::BadDate(typed.clone())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_keeps_its_own_offset_for_the_day() {
        let now = Now::parse("2026-03-01T23:30:00-05:00").unwrap();
        assert_eq!(now.today().to_string(), "2026-03-01");
        assert_eq!(now.stamp().as_str(), "2026-03-01T23:30:00-05:00");
    }

    #[test]
    fn a_malformed_fixed_clock_is_refused() {
        assert!(matches!(Now::parse("yesterday"), Err(Error::BadNow(_))));
    }

    fn parse_user_date(text: &str, today: NaiveDate) -> Result<NaiveDate> {
        text.parse::<TypedDay>()?.resolve(today)
    }

    #[test]
    fn user_dates_accept_words_and_offsets() {
        let today = NaiveDate::from_ymd_opt(2026, 2, 27).unwrap();
        assert_eq!(parse_user_date("tomorrow", today).unwrap().to_string(), "2026-02-28");
        assert_eq!(parse_user_date("+3", today).unwrap().to_string(), "2026-03-02");
        assert_eq!(parse_user_date("2026-03-10", today).unwrap().to_string(), "2026-03-10");
        assert!(parse_user_date("2026-02-30", today).is_err());
        assert!(parse_user_date("+99999999999", today).is_err());
        assert!("10000-01-01".parse::<TypedDay>().is_err());
        let last = crate::domain::card::LAST_DAY;
        assert!(matches!(parse_user_date("+1", last), Err(Error::BadDate(typed)) if typed == "+1"));
        assert_eq!(parse_user_date("today", last).unwrap(), last);
    }
}

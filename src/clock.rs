//! The command's one reading of the clock: `PREPDECK_NOW` when set, the system clock
//! otherwise. Everything below a command receives `now`/`today` from here.

use chrono::{DateTime, FixedOffset, Local, NaiveDate};

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

    /// The timestamp as stored in the review log.
    #[must_use]
    pub fn stamp(&self) -> String {
        self.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }
}

/// Parses a date the way a user types it: `YYYY-MM-DD`, `today`, `tomorrow`, or `+N` days.
pub fn parse_user_date(text: &str, today: NaiveDate) -> Result<NaiveDate> {
    let trimmed = text.trim();
    let lower = trimmed.to_ascii_lowercase();
    let parsed = match lower.as_str() {
        "today" => Some(today),
        "tomorrow" => today.succ_opt(),
        _ => {
            if let Some(days) = lower.strip_prefix('+') {
                days.parse::<u32>()
                    .ok()
                    .filter(|d| *d <= 36_500)
                    .and_then(|d| today.checked_add_days(chrono::Days::new(u64::from(d))))
            } else {
                NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").ok()
            }
        }
    };
    parsed
        .filter(|day| *day <= crate::domain::card::LAST_DAY)
        .ok_or_else(|| Error::BadDate(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_keeps_its_own_offset_for_the_day() {
        let now = Now::parse("2026-03-01T23:30:00-05:00").unwrap();
        assert_eq!(now.today().to_string(), "2026-03-01");
        assert_eq!(now.stamp(), "2026-03-01T23:30:00-05:00");
    }

    #[test]
    fn a_malformed_fixed_clock_is_refused() {
        assert!(matches!(Now::parse("yesterday"), Err(Error::BadNow(_))));
    }

    #[test]
    fn user_dates_accept_words_and_offsets() {
        let today = NaiveDate::from_ymd_opt(2026, 2, 27).unwrap();
        assert_eq!(parse_user_date("tomorrow", today).unwrap().to_string(), "2026-02-28");
        assert_eq!(parse_user_date("+3", today).unwrap().to_string(), "2026-03-02");
        assert_eq!(parse_user_date("2026-03-10", today).unwrap().to_string(), "2026-03-10");
        assert!(parse_user_date("2026-02-30", today).is_err());
        assert!(parse_user_date("+99999999999", today).is_err());
    }
}

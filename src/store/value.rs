//! A register's value, typed by its field, and its one JSON text: what a version holds in
//! the `versions` table and in a backup. Reading a value checks it as a restore checks
//! everything it is given — texts stripped of terminal controls, names bounded, dates and
//! numbers in range, FSRS parameters within FSRS-6's bounds — so a version from a backup or
//! a sync folder can hold nothing the commands could not have written, and one damaged in
//! the database reads as damaged.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::Scheduler;
use crate::domain::card::{LAST_DAY, clean_tag};
use crate::domain::version::{Field, KEY_SEPARATOR, Register, Subject, is_guid};

/// FSRS parameters fitted by `prepdeck optimize`, with when and from how many reviews.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FittedParameters {
    pub parameters: Vec<f32>,
    pub fitted_on: Option<NaiveDate>,
    pub fitted_from: Option<usize>,
}

/// A register's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An answer, an own front or back, a story's text, a story's or deck's name.
    Text(String),
    /// Suspended, or there (a story, a link).
    Yes,
    /// A tag, as first written.
    Tag(String),
    Day(NaiveDate),
    Minutes(u32),
    Scheduler(Scheduler),
    Retention(f64),
    Fitted(FittedParameters),
}

/// A register or value a version cannot hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueProblem {
    #[error("a {subject} has no value \"{field}\"")]
    NoSuchField { subject: &'static str, field: String },
    #[error("\"{key}\" does not name a {subject}")]
    Key { subject: &'static str, key: String },
    #[error("the {field} of a {subject} cannot be {value}")]
    Value {
        subject: &'static str,
        field: &'static str,
        value: String,
    },
    #[error("the {field} of a {subject} is out of range: {why}")]
    OutOfRange {
        subject: &'static str,
        field: &'static str,
        why: String,
    },
}

/// The longest text a version holds (a long answer is a few thousand characters).
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// The most reviews FSRS may say it was fitted from.
const MAX_FITTED_FROM: usize = 100_000_000;

/// Checks that a register can be one: a field of its subject, a key of the right shape
/// (guids; a tag in lower case after its card's guid).
pub fn check_register(register: &Register) -> Result<(), ValueProblem> {
    if !register.subject.fields().contains(&register.field) {
        return Err(ValueProblem::NoSuchField {
            subject: register.subject.as_str(),
            field: register.field.as_str().to_string(),
        });
    }
    let key_fits = match register.subject {
        Subject::Card | Subject::Story | Subject::Deck => is_guid(&register.key),
        Subject::Tag => register
            .key
            .split_once(KEY_SEPARATOR)
            .is_some_and(|(card, tag)| is_guid(card) && clean_tag(tag).is_ok_and(|t| t == tag.to_ascii_lowercase())),
        Subject::Link => register
            .key
            .split_once(KEY_SEPARATOR)
            .is_some_and(|(story, card)| is_guid(story) && is_guid(card)),
        Subject::Settings => register.key.is_empty(),
    };
    if key_fits {
        Ok(())
    } else {
        Err(ValueProblem::Key {
            subject: register.subject.as_str(),
            key: brief(&register.key),
        })
    }
}

/// Text cut short and made printable, for a message about a value.
pub(crate) fn brief(text: &str) -> String {
    crate::profile::text::excerpt(text, 40)
}

impl Value {
    /// The one JSON text of this value that every database stores for it.
    #[must_use]
    pub fn encode(&self) -> String {
        let json = match self {
            Value::Text(text) | Value::Tag(text) => serde_json::Value::String(text.clone()),
            Value::Yes => serde_json::Value::Bool(true),
            Value::Day(day) => serde_json::Value::String(day.to_string()),
            Value::Minutes(minutes) => serde_json::Value::from(*minutes),
            Value::Scheduler(scheduler) => serde_json::Value::String(scheduler.as_str().to_string()),
            Value::Retention(retention) => serde_json::Value::from(*retention),
            // Written from the f32 values themselves, so the text reads back to them.
            Value::Fitted(fitted) => return serde_json::to_string(fitted).unwrap_or_default(),
        };
        json.to_string()
    }

    /// Reads the value of `register` from its JSON text, checking it.
    pub fn decode(register: &Register, text: &str) -> Result<Value, ValueProblem> {
        let json: serde_json::Value = serde_json::from_str(text).map_err(|_| bad_value(register, text))?;
        Value::from_json(register, &json)
    }

    /// [`Value::decode`] of JSON already parsed.
    pub fn from_json(register: &Register, json: &serde_json::Value) -> Result<Value, ValueProblem> {
        let bad = || bad_value(register, &json.to_string());
        let out_of_range = |why: String| ValueProblem::OutOfRange {
            subject: register.subject.as_str(),
            field: register.field.as_str(),
            why,
        };
        let text = || json.as_str().ok_or_else(bad);
        let value = match (register.subject, register.field) {
            (Subject::Card, Field::Answer | Field::Front | Field::Back) | (Subject::Story, Field::Body) => {
                let text = text()?;
                if text.len() > MAX_TEXT_BYTES {
                    return Err(out_of_range(format!("{} bytes of text", text.len())));
                }
                let kept = crate::profile::text::strip_controls(text).trim().to_string();
                if kept.is_empty() {
                    // An empty text is a clear, written as a tombstone.
                    return Err(bad());
                }
                Value::Text(kept)
            }
            (Subject::Story | Subject::Deck, Field::Name) => {
                let (name, _) = crate::names::shortened(text()?);
                if name.is_empty() {
                    return Err(bad());
                }
                Value::Text(name)
            }
            (Subject::Tag, Field::Present) => {
                let tag = clean_tag(text()?).map_err(|_| bad())?;
                let lower = register.key.split_once(KEY_SEPARATOR).map(|(_, t)| t);
                if lower != Some(tag.to_ascii_lowercase().as_str()) {
                    return Err(bad());
                }
                Value::Tag(tag)
            }
            (_, Field::Suspended | Field::Present) => match json {
                serde_json::Value::Bool(true) => Value::Yes,
                _ => return Err(bad()),
            },
            (Subject::Deck, Field::Interview) => {
                let day: NaiveDate = text()?.parse().map_err(|_| bad())?;
                if day > LAST_DAY || day.year() < 1970 {
                    return Err(out_of_range(format!("{day} is not between 1970 and 9999")));
                }
                Value::Day(day)
            }
            (Subject::Deck, Field::DailyMinutes) => {
                let minutes = json.as_u64().ok_or_else(bad)?;
                if !(1..=1440).contains(&minutes) {
                    return Err(out_of_range(format!(
                        "{minutes} minutes a day is not between 1 and 1440"
                    )));
                }
                Value::Minutes(minutes as u32)
            }
            (Subject::Deck | Subject::Settings, Field::Scheduler) => {
                Value::Scheduler(text()?.parse().map_err(|_| bad())?)
            }
            (Subject::Settings, Field::DesiredRetention) => {
                let retention = json.as_f64().ok_or_else(bad)?;
                if !crate::schedule::fsrs::RETENTION_RANGE.contains(&retention) {
                    return Err(out_of_range(format!("{retention} is not between 0.70 and 0.99")));
                }
                Value::Retention(retention)
            }
            (Subject::Settings, Field::FsrsParameters) => {
                let fitted: FittedParameters = serde_json::from_value(json.clone()).map_err(|_| bad())?;
                if fitted.parameters.is_empty() {
                    return Err(bad());
                }
                crate::schedule::fsrs::check_parameters(&fitted.parameters).map_err(out_of_range)?;
                if fitted.fitted_on.is_some_and(|day| day > LAST_DAY || day.year() < 1970) {
                    return Err(out_of_range(
                        "the day of the fit is not between 1970 and 9999".to_string(),
                    ));
                }
                if fitted.fitted_from.is_some_and(|n| n > MAX_FITTED_FROM) {
                    return Err(out_of_range(
                        "fitted from more reviews than a database holds".to_string(),
                    ));
                }
                Value::Fitted(fitted)
            }
            (subject, field) => {
                return Err(ValueProblem::NoSuchField {
                    subject: subject.as_str(),
                    field: field.as_str().to_string(),
                });
            }
        };
        Ok(value)
    }

    /// The text of a text value.
    #[must_use]
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Text(text) | Value::Tag(text) => Some(text),
            _ => None,
        }
    }
}

/// A value that is not one the register can hold, shown briefly.
fn bad_value(register: &Register, text: &str) -> ValueProblem {
    ValueProblem::Value {
        subject: register.subject.as_str(),
        field: register.field.as_str(),
        value: brief(text),
    }
}

/// The value a text the user typed gives a text register: none for an empty text (a clear).
#[must_use]
pub fn text_value(text: &str) -> Option<Value> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| Value::Text(trimmed.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_and_written_one_way() {
        let answer = Register::card("g1", Field::Answer);
        assert_eq!(
            Value::decode(&answer, "\"\\u001b[31mred\\u001b[0m  \"").unwrap(),
            Value::Text("red".to_string())
        );
        assert!(
            Value::decode(&answer, "\"  \"").is_err(),
            "an empty answer is a tombstone"
        );
        let minutes = Register::deck("d1", Field::DailyMinutes);
        assert!(Value::decode(&minutes, "0").is_err());
        assert_eq!(Value::decode(&minutes, "30").unwrap().encode(), "30");
        let interview = Register::deck("d1", Field::Interview);
        assert!(Value::decode(&interview, "\"+10000-01-01\"").is_err());
        assert_eq!(
            Value::decode(&interview, "\"2026-03-10\"").unwrap().encode(),
            "\"2026-03-10\""
        );
        let retention = Register::settings(Field::DesiredRetention);
        assert!(Value::decode(&retention, "1e30").is_err());
        assert_eq!(Value::decode(&retention, "0.92").unwrap().encode(), "0.92");
        let parameters = Register::settings(Field::FsrsParameters);
        let fitted = Value::Fitted(FittedParameters {
            parameters: fsrs::DEFAULT_PARAMETERS.to_vec(),
            fitted_on: Some(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()),
            fitted_from: Some(900),
        });
        let text = fitted.encode();
        assert_eq!(Value::decode(&parameters, &text).unwrap(), fitted);
        assert_eq!(Value::decode(&parameters, &text).unwrap().encode(), text);
        for absurd in [1e30_f32, -1.0, 0.0] {
            let absurd = Value::Fitted(FittedParameters {
                parameters: vec![absurd; 21],
                fitted_on: None,
                fitted_from: None,
            });
            assert!(Value::decode(&parameters, &absurd.encode()).is_err());
        }
        let tag = Register::tag("g1", "Systems");
        assert_eq!(
            Value::decode(&tag, "\"Systems\"").unwrap(),
            Value::Tag("Systems".to_string())
        );
        assert!(Value::decode(&tag, "\"Other\"").is_err());
        assert!(Value::decode(&Register::card("g1", Field::Suspended), "false").is_err());
    }

    #[test]
    fn registers_are_checked_for_their_fields_and_keys() {
        assert!(check_register(&Register::tag("g", "Upper")).is_ok());
        let upper = Register {
            key: "g\tUpper".into(),
            ..Register::tag("g", "x")
        };
        assert!(check_register(&upper).is_err());
        assert!(check_register(&Register::card("g", Field::Interview)).is_err());
        assert!(check_register(&Register::card("two words", Field::Answer)).is_err());
        assert!(check_register(&Register::settings(Field::Scheduler)).is_ok());
    }
}

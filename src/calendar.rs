//! Study plans as an iCalendar file (RFC 5545), written with the icalendar crate: per deck,
//! the interview and each day's study session as all-day events. Each event's UID comes
//! from the deck's stable identity (not a row id, which a restore changes), the kind of
//! event and, for sessions, the day; so a calendar that imports a newer file updates the
//! same events instead of adding copies.

use chrono::{DateTime, Days, NaiveDate, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};

use crate::schedule::plan::PlanDay;

/// One deck's plan, as `plan` computed it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeckPlan {
    pub deck: String,
    /// What identifies the deck across renames and restores (see `Store::deck_identity`).
    pub identity: String,
    pub interview: NaiveDate,
    pub days: Vec<PlanDay>,
}

/// The UID of a deck's interview: one per deck, so moving the date moves the event.
#[must_use]
pub fn interview_uid(identity: &str) -> String {
    format!("interview-{identity}@prepdeck")
}

/// The UID of a deck's study session on `day`.
#[must_use]
pub fn session_uid(identity: &str, day: NaiveDate) -> String {
    format!("study-{}-{identity}@prepdeck", day.format("%Y%m%d"))
}

/// The calendar for `plans`, stamped `now` (DTSTAMP: when the file was made).
#[must_use]
pub fn plan_calendar(plans: &[DeckPlan], now: DateTime<Utc>) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new(
            "PRODID",
            format!("-//prepdeck//prepdeck {}//EN", env!("CARGO_PKG_VERSION")),
        ))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .name("Interview prep");
    for plan in plans {
        calendar.push(interview_event(plan, now));
        for day in &plan.days {
            calendar.push(session_event(plan, day, now));
        }
    }
    calendar.to_string()
}

/// An all-day event on `day` that leaves the day free for other plans.
fn all_day(uid: &str, day: NaiveDate, now: DateTime<Utc>) -> Event {
    let mut event = Event::new();
    event
        .uid(uid)
        .timestamp(now)
        .starts(day)
        .ends(day.checked_add_days(Days::new(1)).unwrap_or(day))
        .append_property(Property::new("TRANSP", "TRANSPARENT"));
    event
}

fn interview_event(plan: &DeckPlan, now: DateTime<Utc>) -> Event {
    all_day(&interview_uid(&plan.identity), plan.interview, now)
        .summary(&format!("Interview: {}", plan.deck))
        .description(&format!(
            "The interview for your prepdeck deck {}. A last drill: prepdeck drill \"{}\"",
            plan.deck, plan.deck
        ))
        .done()
}

/// A day's session: its review and new-card counts. A day with nothing to do is written
/// as a cancelled event, so an earlier file's session on that day is called off.
fn session_event(plan: &DeckPlan, day: &PlanDay, now: DateTime<Utc>) -> Event {
    let left = (plan.interview - day.day).num_days();
    let until = match left {
        0 => "The interview is today.".to_string(),
        1 => "1 day to the interview.".to_string(),
        n => format!("{n} days to the interview."),
    };
    let mut event = all_day(&session_uid(&plan.identity, day.day), day.day, now);
    if day.reviews + day.new == 0 {
        event
            .summary(&format!("{}: nothing to study", plan.deck))
            .description(&format!("No cards of {} are due this day. {until}", plan.deck))
            .status(EventStatus::Cancelled);
    } else {
        event
            .summary(&format!(
                "{}: study {} cards ({} reviews, {} new)",
                plan.deck,
                day.reviews + day.new,
                day.reviews,
                day.new
            ))
            .description(&format!(
                "Reviews: {}\nNew cards: {}\n{until}\nStart with: prepdeck review \"{}\"\nThe plan assumes every due card is reviewed on its day and recalled; failed cards add repeats.",
                day.reviews, day.new, plan.deck
            ));
    }
    event.done()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::day;

    fn plan() -> DeckPlan {
        DeckPlan {
            deck: "Acme, Inc; Robotics".to_string(),
            identity: "00000012340000000029".to_string(),
            interview: day("2026-03-03"),
            days: vec![
                PlanDay {
                    day: day("2026-03-01"),
                    reviews: 0,
                    new: 10,
                    brought: 0,
                    over_limit: 0,
                    imminent: false,
                    seconds: None,
                },
                PlanDay {
                    day: day("2026-03-02"),
                    reviews: 0,
                    new: 0,
                    brought: 0,
                    over_limit: 0,
                    imminent: false,
                    seconds: None,
                },
                PlanDay {
                    day: day("2026-03-03"),
                    reviews: 10,
                    new: 0,
                    brought: 0,
                    over_limit: 0,
                    imminent: false,
                    seconds: None,
                },
            ],
        }
    }

    fn stamp() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-01T08:00:00Z").unwrap().to_utc()
    }

    #[test]
    fn events_are_all_day_with_counts_and_escaped_text() {
        let text = plan_calendar(&[plan()], stamp());
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 4, "an interview and three days");
        assert!(text.contains("DTSTART;VALUE=DATE:20260301\r\n"), "{text}");
        assert!(text.contains("DTEND;VALUE=DATE:20260302\r\n"), "{text}");
        assert!(text.contains("SUMMARY:Acme\\, Inc\\; Robotics: study 10 cards (0 reviews\\, 10 new)"));
        assert!(text.contains("DTSTAMP:20260301T080000Z"));
        assert!(text.contains("STATUS:CANCELLED"), "the empty day is called off");
        assert!(text.lines().all(|l| l.len() <= 75), "lines are folded at 75 octets");
    }

    #[test]
    fn uids_depend_on_identity_day_and_kind_only() {
        assert_eq!(session_uid("abc", day("2026-03-01")), "study-20260301-abc@prepdeck");
        assert_eq!(interview_uid("abc"), "interview-abc@prepdeck");
        let mut renamed = plan();
        renamed.deck = "Acme".to_string();
        let uids = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| l.starts_with("UID:"))
                .map(String::from)
                .collect()
        };
        assert_eq!(
            uids(&plan_calendar(&[plan()], stamp())),
            uids(&plan_calendar(&[renamed], stamp()))
        );
    }
}

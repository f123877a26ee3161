//! Study plans as an iCalendar file (RFC 5545): per deck, the interview and each day's
//! study session as all-day events (none for a day without study). Each event's UID comes from the deck's stable identity
//! (not a row id, which a restore changes), the kind of event and, for sessions, the day;
//! so a calendar that imports a newer file updates the same events instead of adding
//! copies. Written here in one pass, linear in the text's length, with every line folded
//! to at most 75 octets at a character boundary.

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::report::plan::DeckPlan;
use crate::schedule::plan::PlanDay;

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
    let mut out = String::new();
    line(&mut out, "BEGIN", "VCALENDAR");
    line(&mut out, "VERSION", "2.0");
    line(
        &mut out,
        "PRODID",
        &format!("-//prepdeck//prepdeck {}//EN", env!("CARGO_PKG_VERSION")),
    );
    line(&mut out, "CALSCALE", "GREGORIAN");
    line(&mut out, "NAME", "Interview prep");
    line(&mut out, "X-WR-CALNAME", "Interview prep");
    for plan in plans {
        interview_event(plan, now).write(&mut out);
        // A day with nothing to study has no event: a calendar full of empty days is clutter.
        for day in plan.days.iter().filter(|day| day.reviews + day.new > 0) {
            session_event(plan, day, now).write(&mut out);
        }
    }
    line(&mut out, "END", "VCALENDAR");
    out
}

/// One all-day event, built as the functions below describe it and then written.
#[derive(Debug, Clone)]
struct Event {
    uid: String,
    stamp: DateTime<Utc>,
    day: NaiveDate,
    summary: String,
    description: String,
}

impl Event {
    fn summary(&mut self, text: &str) -> &mut Event {
        self.summary = text.to_string();
        self
    }

    fn description(&mut self, text: &str) -> &mut Event {
        self.description = text.to_string();
        self
    }

    fn done(&mut self) -> Event {
        self.clone()
    }

    fn write(&self, out: &mut String) {
        line(out, "BEGIN", "VEVENT");
        line(out, "UID", &self.uid);
        line(out, "DTSTAMP", &self.stamp.format("%Y%m%dT%H%M%SZ").to_string());
        line(out, "DTSTART;VALUE=DATE", &self.day.format("%Y%m%d").to_string());
        let end = self.day.checked_add_days(Days::new(1)).unwrap_or(self.day);
        line(out, "DTEND;VALUE=DATE", &end.format("%Y%m%d").to_string());
        line(out, "SUMMARY", &escape_text(&self.summary));
        line(out, "DESCRIPTION", &escape_text(&self.description));
        line(out, "TRANSP", "TRANSPARENT");
        line(out, "END", "VEVENT");
    }
}

/// An all-day event on `day` that leaves the day free for other plans.
fn all_day(uid: &str, day: NaiveDate, now: DateTime<Utc>) -> Event {
    Event {
        uid: uid.to_string(),
        stamp: now,
        day,
        summary: String::new(),
        description: String::new(),
    }
}

/// Most octets on one line of the file, its line break aside (RFC 5545 section 3.1).
const LINE_OCTETS: usize = 75;

/// Writes the content line `name:value`, folded: a line that would pass 75 octets goes on
/// after a line break and a space, never inside a character's UTF-8 bytes, and where it
/// can between two characters that are not whitespace (readers that trim folded lines
/// would lose a space or tab at either side of the fold).
fn line(out: &mut String, name: &str, value: &str) {
    let mut line_start = out.len();
    // The latest place on the current line between two characters that are not
    // whitespace, past the line's first character.
    let mut fold_at = None;
    let mut after_whitespace = true;
    for c in name.chars().chain(std::iter::once(':')).chain(value.chars()) {
        if out.len() - line_start + c.len_utf8() > LINE_OCTETS {
            // Moving the text after that place down must still fit the next line.
            let at = fold_at
                .filter(|&at| 1 + out.len() - at + c.len_utf8() <= LINE_OCTETS)
                .unwrap_or(out.len());
            out.insert_str(at, "\r\n ");
            line_start = at + 2;
            fold_at = None;
        }
        if !c.is_whitespace() && !after_whitespace && out.len() > line_start + 1 {
            fold_at = Some(out.len());
        }
        after_whitespace = c.is_whitespace();
        out.push(c);
    }
    out.push_str("\r\n");
}

/// A TEXT value (RFC 5545 section 3.3.11): backslashes, semicolons, commas and line breaks
/// escaped; other control characters, which TEXT cannot hold, left out.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn interview_event(plan: &DeckPlan, now: DateTime<Utc>) -> Event {
    all_day(&interview_uid(&plan.identity), plan.interview, now)
        .summary(&format!("Interview: {}", plan.deck))
        .description(&format!(
            "The interview for your prepdeck deck {}. A last drill: prepdeck drill {}",
            plan.deck,
            crate::ui::shell_word(&plan.deck)
        ))
        .done()
}

/// A day's session: its review and new-card counts.
fn session_event(plan: &DeckPlan, day: &PlanDay, now: DateTime<Utc>) -> Event {
    let left = (plan.interview - day.day).num_days();
    let until = match left {
        0 => "The interview is today.".to_string(),
        1 => "1 day to the interview.".to_string(),
        n => format!("{n} days to the interview."),
    };
    all_day(&session_uid(&plan.identity, day.day), day.day, now)
        .summary(&format!(
            "{}: study {} cards ({} reviews, {} new)",
            plan.deck,
            day.reviews + day.new,
            day.reviews,
            day.new
        ))
        .description(&format!(
            "Reviews: {}\nNew cards: {}\n{until}\nStart with: prepdeck review {}\nThe plan assumes every due card is reviewed on its day and recalled; failed cards add repeats.",
            day.reviews,
            day.new,
            crate::ui::shell_word(&plan.deck)
        ))
        .done()
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
        assert_eq!(
            text.matches("BEGIN:VEVENT").count(),
            3,
            "an interview and the two days with study"
        );
        assert!(text.contains("DTSTART;VALUE=DATE:20260301\r\n"), "{text}");
        assert!(text.contains("DTEND;VALUE=DATE:20260302\r\n"), "{text}");
        assert!(text.contains("SUMMARY:Acme\\, Inc\\; Robotics: study 10 cards (0 reviews\\, 10 new)"));
        assert!(text.contains("DTSTAMP:20260301T080000Z"));
        assert!(
            !text.contains("DTSTART;VALUE=DATE:20260302"),
            "no event on the day without study: {text}"
        );
        assert!(
            !text.contains("STATUS:CANCELLED") && !text.contains("nothing to study"),
            "{text}"
        );
        assert!(text.lines().all(|l| l.len() <= 75), "lines are folded at 75 octets");
    }

    /// The file's lines joined back as RFC 5545 says a reader unfolds them.
    fn unfolded(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    #[test]
    fn lines_fold_at_75_octets_between_characters_of_any_width() {
        for filler in ["é", "😀", "中", "a", "aé😀", "a b", "éé  "] {
            for offset in 0..4 {
                let mut named = plan();
                named.deck = format!("{}{}", "x".repeat(offset), filler.repeat(200));
                let text = plan_calendar(&[named.clone()], stamp());
                for physical in text.split("\r\n") {
                    assert!(physical.len() <= 75, "{} octets: {physical:?}", physical.len());
                }
                let summary = format!("SUMMARY:Interview: {}\r\n", named.deck);
                assert!(unfolded(&text).contains(&summary), "{filler} after {offset}");
                assert!(
                    !text.contains(" \r\n ") && !text.contains("\r\n  "),
                    "no fold beside a space"
                );
            }
        }
    }

    #[test]
    fn a_megabyte_name_is_written_whole_and_folded() {
        let mut named = plan();
        named.deck = "Ä".repeat(500_000);
        let text = plan_calendar(&[named.clone()], stamp());
        assert!(text.split("\r\n").all(|l| l.len() <= 75));
        assert!(unfolded(&text).contains(&format!("SUMMARY:Interview: {}\r\n", named.deck)));
    }

    #[test]
    fn descriptions_quote_the_deck_for_the_shell() {
        let mut named = plan();
        named.deck = "Evil $(touch X)".to_string();
        let text = unfolded(&plan_calendar(&[named], stamp()));
        assert!(
            text.contains("A last drill: prepdeck drill 'Evil $(touch X)'"),
            "{text}"
        );
        assert!(text.contains("Start with: prepdeck review 'Evil $(touch X)'"), "{text}");
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

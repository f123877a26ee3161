//! An Anki collection's notes, cards and review log made into notes with their schedule.
//!
//! - Each note is one card: its first field the front, its other fields the back (a
//!   field's name before it when the note type has more than two); a cloze note's
//!   deletions are blanked on the front and revealed on the back. HTML becomes text.
//! - The deck is the note's first card's home deck (a filtered deck's card counts in the
//!   deck it came from), its name as Anki writes it: `Interview::Systems`.
//! - A note with several cards (reversed cards, one card per cloze deletion) is one card
//!   here, and it takes the schedule and review log of the first of them that was studied.
//! - The schedule: interval, ease (Anki's factor ÷ 1000, at least SM-2's floor), lapses and
//!   due date as Anki had them. A review card's due day counts from the collection's
//!   creation day; a learning card is due on the day its due moment falls in, with Anki's
//!   day starting at its rollover hour. SM-2's repetitions are the card's recalls in a row
//!   (at least 2 for a card in review, as SM-2 counts a card past its learning steps).
//! - The review log: Again, Hard, Good, Easy are grades 1, 3, 4, 5 (the grades FSRS maps
//!   back to them); a grade given in a filtered deck that did not reschedule is practice;
//!   rows Anki writes for changes made by hand (no button pressed) are not grades and are
//!   left out. Each grade keeps the moment it was given, to the millisecond: its identity.
//! - A card Anki shows as new keeps any log it has (a card reset to new) as practice.

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};

use super::field::{Media, cloze_sides, html_to_text};
use super::{CardSet, ForeignNote, ForeignReview, Schedule, Shape, split_tags};
use crate::domain::card::{LAST_DAY, MAX_INTERVAL, MIN_EASE};
use crate::domain::{Effect, Grade, Progress, Sm2};
use crate::wording::count;

/// The easiest card prepdeck keeps (far beyond Anki's own range).
const MAX_EASE: f64 = 100.0;

/// What `store` reads of an Anki collection, either schema.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Collection {
    /// The collection's creation (seconds): its day 0 starts then.
    pub crt: i64,
    /// The UTC offset it was created in, in minutes west of UTC, when it says.
    pub creation_offset_minutes: Option<i32>,
    /// The hour at which Anki's day starts (4 unless set).
    pub rollover_hour: u32,
    /// 1 for the oldest scheduler (three answer buttons while learning), 2 for later ones.
    pub scheduler_version: u32,
    /// Deck names by id, levels joined by `::`.
    pub decks: HashMap<i64, String>,
    pub notetypes: HashMap<i64, NoteType>,
    /// By id (creation order).
    pub notes: Vec<Note>,
    pub cards: Vec<Card>,
    pub revlog: Vec<Revlog>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteType {
    pub name: String,
    pub cloze: bool,
    /// Field names in order.
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Note {
    pub id: i64,
    pub guid: String,
    pub notetype: i64,
    /// Space-separated.
    pub tags: String,
    /// The field values, joined by U+001F as Anki stores them.
    pub fields: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Card {
    pub id: i64,
    pub note: i64,
    pub deck: i64,
    /// The home deck of a card in a filtered deck (0 otherwise), and its due there.
    pub original_deck: i64,
    pub original_due: i64,
    pub ord: i64,
    /// 0 new, 1 learning, 2 review, 3 relearning.
    pub kind: i64,
    /// -1 suspended, -2/-3 buried, 0 new, 1 learning, 2 review, 3 learning on days, 4 preview.
    pub queue: i64,
    /// A day number for review cards, a moment (seconds) for learning ones.
    pub due: i64,
    pub interval: i64,
    pub factor: i64,
    pub lapses: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Revlog {
    /// The moment, in milliseconds.
    pub id: i64,
    pub card: i64,
    /// The button: 1 again, 2 hard, 3 good, 4 easy; 0 for a change made by hand.
    pub ease: i64,
    /// Days, or negative seconds while learning.
    pub interval: i64,
    pub factor: i64,
    pub taken_ms: i64,
    /// 0 learning, 1 review, 2 relearning, 3 filtered deck, 4 manual, 5 rescheduled.
    pub kind: i64,
}

/// Anki's day boundaries for a collection, in the user's offset.
#[derive(Debug, Clone, Copy)]
struct Days {
    /// The day of the collection's day 0.
    zero: NaiveDate,
    crt: i64,
    rollover: i64,
    offset: FixedOffset,
    v1: bool,
}

impl Days {
    fn of(collection: &Collection, offset: FixedOffset) -> Days {
        let created = collection
            .creation_offset_minutes
            .and_then(|west| FixedOffset::west_opt(west.saturating_mul(60)))
            .unwrap_or(offset);
        let zero = created
            .timestamp_opt(collection.crt, 0)
            .single()
            .map_or(NaiveDate::MIN, |at| at.date_naive());
        Days {
            zero,
            crt: collection.crt,
            rollover: i64::from(collection.rollover_hour.min(23)),
            offset,
            v1: collection.scheduler_version < 2,
        }
    }

    /// The day numbered `n` (a review card's due).
    fn numbered(self, n: i64) -> Option<NaiveDate> {
        self.zero
            .checked_add_signed(Duration::try_days(n)?)
            .filter(|d| *d <= LAST_DAY)
    }

    /// The Anki day a moment (seconds) falls in.
    fn of_moment(self, seconds: i64) -> Option<NaiveDate> {
        if self.v1 {
            return self.numbered((seconds - self.crt).div_euclid(86_400));
        }
        let at = self.offset.timestamp_opt(seconds, 0).single()?;
        let day = (at - Duration::hours(self.rollover)).date_naive();
        (day <= LAST_DAY).then_some(day)
    }

    fn moment(self, millis: i64) -> Option<DateTime<FixedOffset>> {
        self.offset.timestamp_millis_opt(millis).single()
    }
}

/// The notes of `collection`, read as `shape`; `offset` is the user's UTC offset (Anki's
/// times are moments; prepdeck's days are the user's). `media_files` is how many media
/// files the package held (none is read).
#[must_use]
pub fn notes_of(collection: &Collection, shape: Shape, offset: FixedOffset, media_files: usize) -> CardSet {
    let days = Days::of(collection, offset);
    let mut cards_by_note: HashMap<i64, Vec<&Card>> = HashMap::new();
    for card in &collection.cards {
        cards_by_note.entry(card.note).or_default().push(card);
    }
    let mut log_by_card: HashMap<i64, Vec<&Revlog>> = HashMap::new();
    for row in &collection.revlog {
        log_by_card.entry(row.card).or_default().push(row);
    }
    let mut media = Media::default();
    let mut notes = Vec::with_capacity(collection.notes.len());
    let (mut empty, mut siblings, mut unlogged) = (0, 0, 0);
    for note in &collection.notes {
        let notetype = collection.notetypes.get(&note.notetype);
        let Some((front, back)) = sides(note, notetype, &mut media) else {
            empty += 1;
            continue;
        };
        let mut cards = cards_by_note.remove(&note.id).unwrap_or_default();
        cards.sort_by_key(|c| (c.ord, c.id));
        // The first card studied carries the schedule; the note's other studied cards
        // are counted for the report.
        let chosen = cards.iter().copied().find(|c| c.kind != 0).or(cards.first().copied());
        siblings += cards
            .iter()
            .filter(|c| c.kind != 0 && chosen.is_some_and(|chosen| chosen.id != c.id))
            .count();
        let deck = chosen.and_then(|card| {
            let home = if card.original_deck != 0 {
                card.original_deck
            } else {
                card.deck
            };
            collection.decks.get(&home).cloned()
        });
        let schedule = chosen.and_then(|card| {
            let mut log = log_by_card.remove(&card.id).unwrap_or_default();
            log.sort_by_key(|r| r.id);
            let schedule = schedule_of(card, &log, days);
            if card.kind != 0 && schedule.as_ref().is_none_or(|s| s.progress.is_new()) {
                unlogged += 1;
            }
            schedule
        });
        notes.push(ForeignNote {
            guid: Some(note.guid.clone()).filter(|g| !g.is_empty()),
            deck: Some(deck.unwrap_or_else(|| "Default".to_string())),
            front,
            back,
            tags: split_tags(&note.tags, false),
            schedule,
        });
    }
    let mut remarks = Vec::new();
    if media_files > 0 {
        remarks.push(format!("{} skipped", count(media_files, "media file")));
    }
    if let Some(remark) = super::delimited::media_remark(media) {
        remarks.push(remark);
    }
    if siblings > 0 {
        remarks.push(format!(
            "{} of the same notes (reversed or other cloze cards) kept no schedule: a note is one card here",
            count(siblings, "other studied card")
        ));
    }
    if unlogged > 0 {
        remarks.push(format!(
            "{} studied in Anki but with no review log in the file start as new",
            count(unlogged, "card")
        ));
    }
    if empty > 0 {
        remarks.push(format!("{} with an empty first field skipped", count(empty, "note")));
    }
    CardSet { shape, notes, remarks }
}

/// A note's front and back (`None` when the front is empty).
fn sides(note: &Note, notetype: Option<&NoteType>, media: &mut Media) -> Option<(String, String)> {
    let fields: Vec<&str> = note.fields.split('\u{1f}').collect();
    let names = notetype.map_or(&[][..], |t| t.fields.as_slice());
    let labelled = names.len() > 2;
    let cloze = notetype.is_some_and(|t| t.cloze);
    let first = fields.first().copied().unwrap_or("");
    let mut back: Vec<String> = Vec::new();
    let front = if cloze {
        let (front, revealed) = cloze_sides(first);
        back.push(html_to_text(&revealed, media));
        html_to_text(&front, media)
    } else {
        html_to_text(first, media)
    };
    for (i, field) in fields.iter().enumerate().skip(1) {
        let text = html_to_text(field, media);
        if text.is_empty() {
            continue;
        }
        match names.get(i).filter(|_| labelled) {
            Some(name) => back.push(format!("{name}: {text}")),
            None => back.push(text),
        }
    }
    back.retain(|p| !p.is_empty());
    (!front.is_empty()).then(|| (front, back.join("\n\n")))
}

/// The grade an answer button gives: Again 1, Hard 3, Good 4, Easy 5; the oldest
/// scheduler's learning cards had three buttons (Again, Good, Easy).
fn grade_of(row: &Revlog, v1: bool) -> Option<Grade> {
    let three_buttons = v1 && matches!(row.kind, 0 | 2);
    let value = match (row.ease, three_buttons) {
        (1, _) => 1,
        (2, false) => 3,
        (2, true) | (3, false) => 4,
        (3, true) | (4, false) => 5,
        _ => return None,
    };
    Grade::new(value)
}

fn ease_of(factor: i64) -> Option<f64> {
    (factor > 0).then(|| (factor as f64 / 1000.0).clamp(MIN_EASE, MAX_EASE))
}

/// A card's schedule and log, `None` for a new card with no log.
fn schedule_of(card: &Card, log: &[&Revlog], days: Days) -> Option<Schedule> {
    let rows = replayed(card, log, days);
    match rows.iter().rposition(|r| r.effect == Effect::Review) {
        Some(last_review) => Some(schedule_now(card, rows, last_review, days)),
        None => practice_only(card, rows),
    }
}

/// Anki's log replayed grade by grade: each row with the schedule before and after it.
/// Rows that are no grade (kinds 4 and 5) are left out; a cram grade (kind 3), or any on a
/// card Anki still counts as new, is practice.
fn replayed(card: &Card, log: &[&Revlog], days: Days) -> Vec<ForeignReview> {
    let mut state = Progress::default();
    let mut rows: Vec<ForeignReview> = Vec::new();
    let studied = card.kind != 0;
    for row in log {
        if matches!(row.kind, 4 | 5) {
            continue;
        }
        let (Some(grade), Some(at), Some(day)) = (
            grade_of(row, days.v1),
            days.moment(row.id),
            days.of_moment(row.id.div_euclid(1000)),
        ) else {
            continue;
        };
        let effect = if row.kind == 3 || !studied {
            Effect::Practice
        } else {
            Effect::Review
        };
        let duration_ms = u64::try_from(row.taken_ms).ok().filter(|ms| *ms <= 24 * 3600 * 1000);
        let before = state;
        if effect == Effect::Practice {
            state.first_reviewed.get_or_insert(day);
            rows.push(ForeignReview {
                at,
                day,
                grade,
                effect,
                duration_ms,
                before,
                sm2_after: before.sm2,
                due_after: before.due,
            });
            continue;
        }
        let passed = grade.passed();
        let (interval, due) = if row.interval > 0 {
            let interval = row.interval.min(i64::from(MAX_INTERVAL));
            (
                interval as u32,
                day.checked_add_signed(Duration::days(interval))
                    .filter(|d| *d <= LAST_DAY),
            )
        } else {
            (
                1,
                days.of_moment(row.id.div_euclid(1000).saturating_add(row.interval.saturating_neg())),
            )
        };
        let repetitions = match (passed, row.interval > 0) {
            (false, _) => 0,
            (true, true) => (state.sm2.repetitions + 1).max(2),
            (true, false) => (state.sm2.repetitions + 1).min(1),
        };
        state = Progress {
            sm2: Sm2 {
                ease: ease_of(row.factor).unwrap_or(state.sm2.ease),
                interval,
                repetitions,
            },
            due: due.map(|d| d.max(day)),
            last_reviewed: Some(day),
            last_grade: Some(grade),
            first_reviewed: state.first_reviewed.or(Some(day)),
            lapses: state.lapses + u32::from(row.kind == 1 && !passed),
            memory: None,
        };
        rows.push(ForeignReview {
            at,
            day,
            grade,
            effect,
            duration_ms,
            before,
            sm2_after: state.sm2,
            due_after: state.due,
        });
    }
    rows
}

/// A card that is new (or studied with no grade in the file): no schedule, the log as
/// practice; `None` when there is neither a log nor a suspension to keep.
fn practice_only(card: &Card, rows: Vec<ForeignReview>) -> Option<Schedule> {
    let progress = Progress {
        first_reviewed: rows.first().map(|r| r.day),
        ..Progress::default()
    };
    let practice: Vec<ForeignReview> = rows
        .into_iter()
        .map(|r| ForeignReview {
            effect: Effect::Practice,
            before: progress,
            sm2_after: progress.sm2,
            due_after: None,
            ..r
        })
        .collect();
    (!practice.is_empty() || card.queue == -1).then_some(Schedule {
        progress,
        suspended: card.queue == -1,
        log: practice,
    })
}

/// The card as Anki has it now, after its last review (`rows[last_review]`): that
/// review's outcome, and whatever was done to it since (a due date set by hand).
fn schedule_now(card: &Card, mut rows: Vec<ForeignReview>, last_review: usize, days: Days) -> Schedule {
    let last = &rows[last_review];
    let streak = rows[..=last_review]
        .iter()
        .rev()
        .filter(|r| r.effect == Effect::Review)
        .take_while(|r| r.grade.passed())
        .count() as u32;
    let (interval, repetitions) = match card.kind {
        2 => (card.interval, streak.max(2)),
        3 => (card.interval, 0),
        _ => (1, streak.min(1)),
    };
    let sm2 = Sm2 {
        ease: ease_of(card.factor).unwrap_or(last.sm2_after.ease),
        interval: interval.clamp(1, i64::from(MAX_INTERVAL)) as u32,
        repetitions,
    };
    let due_number = if card.original_deck != 0 && card.original_due != 0 {
        card.original_due
    } else {
        card.due
    };
    let due = if card.kind == 2 || due_number < 1_000_000_000 {
        days.numbered(due_number)
    } else {
        days.of_moment(due_number)
    };
    let progress = Progress {
        sm2,
        due: Some(due.unwrap_or(last.day).max(last.day)),
        last_reviewed: Some(last.day),
        last_grade: Some(last.grade),
        first_reviewed: rows.first().map(|r| r.day),
        lapses: u32::try_from(card.lapses).unwrap_or(0),
        memory: None,
    };
    rows[last_review].sm2_after = progress.sm2;
    rows[last_review].due_after = progress.due;
    Schedule {
        progress,
        suspended: card.queue == -1,
        log: rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// A collection created 2026-02-26 at 04:00 UTC, rollover at 4.
    fn collection() -> Collection {
        Collection {
            crt: 1_772_078_400,
            creation_offset_minutes: Some(0),
            rollover_hour: 4,
            scheduler_version: 2,
            ..Collection::default()
        }
    }

    #[test]
    fn anki_days_start_at_the_rollover_hour() {
        let days = Days::of(&collection(), utc());
        assert_eq!(days.numbered(12), Some(day("2026-03-10")));
        // 03:59 on the 10th is still Anki's 9th; 04:00 is the 10th.
        assert_eq!(days.of_moment(1_773_115_140), Some(day("2026-03-09")));
        assert_eq!(days.of_moment(1_773_115_200), Some(day("2026-03-10")));
        // In the user's offset: 02:00 UTC is 11:00 in Tokyo, well into that day.
        let tokyo = Days::of(&collection(), FixedOffset::east_opt(9 * 3600).unwrap());
        assert_eq!(tokyo.of_moment(1_773_108_000), Some(day("2026-03-10")));
        let v1 = Days { v1: true, ..days };
        assert_eq!(v1.of_moment(1_772_078_400 + 86_400 * 3 - 1), Some(day("2026-02-28")));
    }

    #[test]
    fn buttons_become_grades_and_hand_changes_are_no_grades() {
        let row = |ease, kind| Revlog {
            ease,
            kind,
            ..Revlog::default()
        };
        let grades: Vec<Option<u8>> = [1, 2, 3, 4, 0]
            .iter()
            .map(|&e| grade_of(&row(e, 1), false).map(Grade::value))
            .collect();
        assert_eq!(grades, [Some(1), Some(3), Some(4), Some(5), None]);
        assert_eq!(
            grade_of(&row(2, 0), true).map(Grade::value),
            Some(4),
            "v1 learning: Good"
        );
        assert_eq!(grade_of(&row(2, 1), true).map(Grade::value), Some(3), "v1 review: Hard");
    }

    fn basic() -> NoteType {
        NoteType {
            name: "Basic".to_string(),
            cloze: false,
            fields: vec!["Front".to_string(), "Back".to_string()],
        }
    }

    #[test]
    fn a_reviewed_card_keeps_anki_schedule_and_its_log_chains() {
        let mut c = collection();
        c.decks.insert(5, "Interview::Systems".to_string());
        c.notetypes.insert(1, basic());
        c.notes.push(Note {
            id: 10,
            guid: "g1".to_string(),
            notetype: 1,
            tags: " systems db ".to_string(),
            fields: "Q<b>1</b>\u{1f}A &amp; B".to_string(),
        });
        c.cards.push(Card {
            id: 100,
            note: 10,
            deck: 5,
            kind: 2,
            queue: 2,
            due: 12,
            interval: 8,
            factor: 2350,
            lapses: 1,
            ..Card::default()
        });
        let at = |day: i64, hour: i64| (1_772_078_400 + day * 86_400 + (hour - 4) * 3600) * 1000;
        for (id, ease, interval, factor, kind) in [
            (at(0, 10), 3, -600, 0, 0),
            (at(0, 11), 3, 1, 2500, 0),
            (at(1, 10), 1, -600, 2300, 1),
            (at(1, 11), 3, 1, 2300, 2),
            (at(2, 10), 2, 3, 2150, 1),
            (at(2, 12), 0, 5, 2150, 4),
            (at(4, 10), 3, 8, 2350, 1),
        ] {
            c.revlog.push(Revlog {
                id,
                card: 100,
                ease,
                interval,
                factor,
                taken_ms: 5000,
                kind,
            });
        }
        let set = notes_of(
            &c,
            Shape::AnkiPackage {
                legacy: false,
                whole: false,
            },
            utc(),
            2,
        );
        let note = &set.notes[0];
        assert_eq!((note.front.as_str(), note.back.as_str()), ("Q1", "A & B"));
        assert_eq!(note.deck.as_deref(), Some("Interview::Systems"));
        assert_eq!(note.tags, ["systems", "db"]);
        let schedule = note.schedule.as_ref().unwrap();
        let p = schedule.progress;
        assert_eq!(
            (p.sm2.interval, p.sm2.ease, p.lapses, p.due),
            (8, 2.35, 1, Some(day("2026-03-10")))
        );
        assert_eq!(p.sm2.repetitions, 3, "three recalls in a row since the lapse");
        assert_eq!(p.last_reviewed, Some(day("2026-03-02")));
        assert_eq!(p.first_reviewed, Some(day("2026-02-26")));
        let grades: Vec<u8> = schedule.log.iter().map(|r| r.grade.value()).collect();
        assert_eq!(grades, [4, 4, 1, 4, 3, 4], "the hand-made change is no grade");
        for pair in schedule.log.windows(2) {
            assert_eq!(
                pair[1].before.sm2, pair[0].sm2_after,
                "each row starts where the last ended"
            );
        }
        assert_eq!(schedule.log[2].sm2_after.repetitions, 0, "a lapse");
        assert_eq!(schedule.log[5].sm2_after, p.sm2, "the last row ends where the card is");
        assert_eq!(schedule.log[0].at.timestamp_millis(), at(0, 10));
        assert_eq!(set.remarks, ["2 media files skipped"]);
    }

    #[test]
    fn cloze_and_custom_notes_and_new_or_suspended_cards() {
        let mut c = collection();
        c.decks.insert(1, "Trivia".to_string());
        c.notetypes.insert(
            2,
            NoteType {
                name: "Cloze".to_string(),
                cloze: true,
                fields: vec!["Text".to_string(), "Back Extra".to_string()],
            },
        );
        c.notetypes.insert(
            3,
            NoteType {
                name: "Concept".to_string(),
                cloze: false,
                fields: vec!["Term".to_string(), "Definition".to_string(), "Example".to_string()],
            },
        );
        c.notes.push(Note {
            id: 1,
            guid: "c".to_string(),
            notetype: 2,
            tags: String::new(),
            fields: "The {{c1::Rust}} language\u{1f}Stable".to_string(),
        });
        c.notes.push(Note {
            id: 2,
            guid: "k".to_string(),
            notetype: 3,
            tags: String::new(),
            fields: "Idempotency\u{1f}Twice is once\u{1f}".to_string(),
        });
        c.notes.push(Note {
            id: 3,
            guid: "e".to_string(),
            notetype: 3,
            tags: String::new(),
            fields: "<img src=x.png>\u{1f}only an image".to_string(),
        });
        c.cards.push(Card {
            id: 11,
            note: 1,
            deck: 1,
            ..Card::default()
        });
        c.cards.push(Card {
            id: 21,
            note: 2,
            deck: 1,
            queue: -1,
            ..Card::default()
        });
        let set = notes_of(&c, Shape::AnkiCollection, utc(), 0);
        assert_eq!(set.notes[0].front, "The [...] language");
        assert_eq!(set.notes[0].back, "The Rust language\n\nStable");
        assert_eq!(set.notes[0].schedule, None, "a new card has no schedule");
        assert_eq!(set.notes[1].back, "Definition: Twice is once");
        let suspended = set.notes[1].schedule.as_ref().unwrap();
        assert!(suspended.suspended && suspended.progress.is_new());
        assert_eq!(set.notes.len(), 2);
        assert_eq!(
            set.remarks,
            [
                "1 image or sound reference left out of the cards' text",
                "1 note with an empty first field skipped"
            ]
        );
    }
}

//! What a card is: its identity, its texts' parts, its progress through SM-2, and the state
//! and due-ness that follow from them. Every layer asks these rules; none restates them.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use super::text::{self, CardText, ItemParts, Place};
use super::{DeckId, Grade, Kind, ParseError, Scheduler, StoryText};

/// The last day prepdeck writes: dates are stored as `YYYY-MM-DD` text and compared as
/// text, which orders them correctly only while the year has four digits.
pub const LAST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(day) => day,
    None => NaiveDate::MAX,
};

/// Intervals never grow past a hundred years.
pub const MAX_INTERVAL: u32 = 36_500;
/// The SM-2 easiness floor.
pub const MIN_EASE: f64 = 1.3;
/// A new card's easiness.
pub const START_EASE: f64 = 2.5;
/// A card is mature once its interval reaches this many days.
pub const MATURE_INTERVAL: u32 = 21;
/// Repetitions after which a card has left the learning steps (1 and 6 days).
pub const LEARNED_REPETITIONS: u32 = 2;

/// A card's id as the user types it (`12` or `#12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CardId(pub i64);

impl FromStr for CardId {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits = s.trim().trim_start_matches('#');
        digits
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map(CardId)
            .ok_or_else(|| ParseError::CardId(s.to_string()))
    }
}

impl fmt::Display for CardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A card's SM-2 memory: easiness, interval in days, successful repetitions in a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sm2 {
    pub ease: f64,
    pub interval: u32,
    pub repetitions: u32,
}

impl Default for Sm2 {
    fn default() -> Self {
        Sm2 {
            ease: START_EASE,
            interval: 0,
            repetitions: 0,
        }
    }
}

/// A card's memory as FSRS models it after its last review of any kind (practice
/// included): how many days until recall falls to 90% (stability), how hard the card is
/// (difficulty, 1–10), and the day of that review. Derived from the review log.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    pub stability: f64,
    pub difficulty: f64,
    pub day: NaiveDate,
}

/// Where a card stands in its schedule: what grading changes.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Progress {
    pub sm2: Sm2,
    /// The day the next review is due; `None` until the first review.
    pub due: Option<NaiveDate>,
    /// The day and grade of the last schedule-setting review (readiness reads them).
    pub last_reviewed: Option<NaiveDate>,
    pub last_grade: Option<Grade>,
    /// The day of the first review of any kind: new-card quotas count by it.
    pub first_reviewed: Option<NaiveDate>,
    pub lapses: u32,
    /// FSRS's model of the card's memory, kept by every grade whatever the deck's
    /// scheduler; `None` until the first review (or for a history from before it was kept).
    pub memory: Option<Memory>,
}

impl Progress {
    /// Never reviewed.
    #[must_use]
    pub fn is_new(&self) -> bool {
        self.last_reviewed.is_none()
    }

    /// New, or due on or before `today`: a review now sets the schedule.
    #[must_use]
    pub fn is_due(&self, today: NaiveDate) -> bool {
        self.due.is_none_or(|due| due <= today)
    }

    /// Reviewed and due on or before `today` (a new card is not "due", it is new).
    #[must_use]
    pub fn is_overdue_or_due(&self, today: NaiveDate) -> bool {
        !self.is_new() && self.due.is_some_and(|due| due <= today)
    }

    /// The interval the schedule really set: the days from the last schedule-setting
    /// review to the due date (which the interview's last days, or FSRS, may have put
    /// elsewhere than SM-2's stored interval says); SM-2's interval while either is
    /// missing. What every screen and `--json` shows as the interval.
    #[must_use]
    pub fn shown_interval(&self) -> u32 {
        match (self.last_reviewed, self.due) {
            (Some(reviewed), Some(due)) => u32::try_from((due - reviewed).num_days()).unwrap_or(0),
            _ => self.sm2.interval,
        }
    }

    /// Interval of 21 days or more.
    #[must_use]
    pub fn is_mature(&self) -> bool {
        self.sm2.interval >= MATURE_INTERVAL
    }
}

/// A card's place in its life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// Never reviewed.
    New,
    /// Reviewed, fewer than two repetitions: the 1- and 6-day steps, or just lapsed.
    Learning,
    /// Two or more repetitions.
    Review,
    Suspended,
    /// Gone from its document: hidden, history kept.
    Retired,
}

impl State {
    /// The state of a card from its flags and progress; retired wins over suspended.
    #[must_use]
    pub fn of(suspended: bool, retired: bool, progress: &Progress) -> State {
        if retired {
            State::Retired
        } else if suspended {
            State::Suspended
        } else if progress.is_new() {
            State::New
        } else if progress.sm2.repetitions < LEARNED_REPETITIONS {
            State::Learning
        } else {
            State::Review
        }
    }

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

    /// Neither suspended nor retired: shown in reviews, drills and counts.
    #[must_use]
    pub fn is_active(self) -> bool {
        !matches!(self, State::Suspended | State::Retired)
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for State {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A card with its deck, the parts of its item, the user's answer and its progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub id: CardId,
    /// Stable identity across exports, backups and machines.
    pub guid: String,
    pub deck_id: DeckId,
    pub deck: String,
    /// The deck's interview date.
    pub interview: Option<NaiveDate>,
    /// What schedules the card's deck.
    pub scheduler: Scheduler,
    pub kind: Kind,
    pub section: String,
    /// The item's own text: the question, the talking point, their requirement.
    pub item_text: String,
    /// A skill-map item's skill and talking point.
    pub detail: String,
    /// Notes the document attaches: nested bullets, source links.
    pub context: String,
    /// The user's own words: a question's answer, notes on other kinds.
    pub answer: String,
    /// Place in its document.
    pub position: i64,
    /// Its number in its list (the deck's cards of its kind and section, retired ones
    /// left out); `None` for a retired card.
    pub place: Option<Place>,
    pub progress: Progress,
    /// Logged reviews, practice included.
    pub reviews: u32,
    pub suspended: bool,
    pub retired: bool,
    /// Stories linked to the card, shown on its back after its own answer.
    pub stories: Vec<StoryText>,
    /// Its tags, in alphabetical order (any case).
    pub tags: Vec<String>,
    /// The user's own front and back (`prepdeck edit`), shown instead of the texts composed
    /// from the document; no import writes them.
    pub own: OwnTexts,
    /// Added by hand: no document holds it.
    pub by_hand: bool,
    /// What tells the item apart in its deck (see [`super::cue`]): its front's hint.
    pub cue: Option<String>,
}

/// The longest tag kept, in characters (the database refuses longer ones).
pub const MAX_TAG_CHARS: usize = 200;

/// A tag as the user typed it, made one to keep: trimmed, one word (as Anki's tags are),
/// no control characters, at most [`MAX_TAG_CHARS`] long.
pub fn clean_tag(typed: &str) -> Result<String, ParseError> {
    let tag = typed.trim();
    let fine = !tag.is_empty()
        && tag.chars().count() <= MAX_TAG_CHARS
        && !tag.chars().any(|c| c.is_whitespace() || c.is_control());
    if fine {
        Ok(tag.to_string())
    } else {
        Err(ParseError::Tag(typed.to_string()))
    }
}

/// The user's own wording of a card, where they gave one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OwnTexts {
    pub front: Option<String>,
    pub back: Option<String>,
}

impl OwnTexts {
    /// Either text is the user's.
    #[must_use]
    pub fn any(&self) -> bool {
        self.front.is_some() || self.back.is_some()
    }
}

impl Card {
    #[must_use]
    pub fn state(&self) -> State {
        State::of(self.suspended, self.retired, &self.progress)
    }

    #[must_use]
    pub fn is_new(&self) -> bool {
        self.progress.is_new()
    }

    /// The front and the document's back, composed from the item and the deck's name
    /// (the user's own texts left aside: see [`Card::front`] and [`Card::back`]). A card
    /// added by hand shows its front and back as the user wrote them.
    #[must_use]
    pub fn text(&self) -> CardText {
        if self.by_hand {
            return CardText {
                front: self.item_text.clone(),
                back: self.detail.clone(),
            };
        }
        text::compose(&ItemParts {
            company: &self.deck,
            kind: self.kind,
            section: &self.section,
            text: &self.item_text,
            detail: &self.detail,
            place: self.place,
            cue: self.cue.as_deref(),
        })
    }

    /// The front the user sees: their own when they edited it, else the document's.
    #[must_use]
    pub fn front(&self) -> String {
        match &self.own.front {
            Some(front) => front.clone(),
            None => self.text().front,
        }
    }

    /// The card's back as a document (or the user's edit) words it: a question bank's
    /// answer, a talking point, a skill and its story. Empty for a question the document
    /// gives no answer to.
    #[must_use]
    pub fn given_back(&self) -> String {
        match &self.own.back {
            Some(back) => back.clone(),
            None => self.text().back,
        }
    }

    /// The back the user sees. For a question or topic: the given back (a question
    /// bank's answer), then the user's prepared answer and each linked story; for the
    /// other kinds the given back and each linked story (the user's answer is shown beside
    /// it as notes).
    #[must_use]
    pub fn back(&self) -> String {
        let given = self.given_back();
        if !self.kind.back_is_answer() {
            // A talking point or requirement told with a story shows the story after it.
            let stories = text::answer_with_stories("", &self.stories);
            return match (given.trim().is_empty(), stories.is_empty()) {
                (_, true) => given,
                (true, false) => stories,
                (false, false) => format!("{}\n\n{stories}", given.trim_end()),
            };
        }
        let prepared = text::answer_with_stories(&self.answer, &self.stories);
        match (given.trim().is_empty(), prepared.is_empty()) {
            (true, _) => prepared,
            (false, true) => given,
            (false, false) => format!("{}\n\nYour answer:\n{prepared}", given.trim_end()),
        }
    }

    /// A question or topic with an answer of its own or a linked story.
    #[must_use]
    pub fn is_answered(&self) -> bool {
        !self.answer.trim().is_empty() || !self.stories.is_empty()
    }

    /// The user changed the document's wording of this card (`prepdeck edit`).
    #[must_use]
    pub fn is_edited(&self) -> bool {
        !self.by_hand && self.own.any()
    }

    /// The item's own words as the user now reads them, for one-line listings: the
    /// question (or their requirement, or the topic), or the talking point or question to
    /// ask itself; the user's own wording where they gave one.
    #[must_use]
    pub fn item(&self) -> &str {
        let item_is_back = matches!(self.kind, super::Kind::TalkingPoint | super::Kind::Ask);
        if self.by_hand {
            return if item_is_back && !self.detail.trim().is_empty() {
                &self.detail
            } else {
                &self.item_text
            };
        }
        let own = if item_is_back { &self.own.back } else { &self.own.front };
        own.as_deref()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(&self.item_text)
    }

    /// The user's notes on a kind whose back is the document's (empty for questions and
    /// topics, whose answer is the back itself).
    #[must_use]
    pub fn notes(&self) -> &str {
        if self.kind.back_is_answer() { "" } else { &self.answer }
    }
}

/// Makes the stable identities of new cards: 20 hex digits, a creation time in
/// milliseconds and then a counter from a random 40-bit start. Time-ordered, so a bulk
/// import appends to the guid index instead of touching pages all over it; the random
/// start keeps two processes importing in the same millisecond apart. The caller gives
/// the time and the randomness.
#[derive(Debug, Clone)]
pub struct GuidSource {
    millis: u64,
    counter: u64,
}

impl GuidSource {
    #[must_use]
    pub fn new(millis: u64, random_start: u64) -> GuidSource {
        GuidSource {
            millis: millis & 0xff_ffff_ffff,
            counter: random_start,
        }
    }

    pub fn next_guid(&mut self) -> String {
        let unique = self.counter & 0xff_ffff_ffff;
        self.counter = self.counter.wrapping_add(1);
        format!("{:010x}{unique:010x}", self.millis)
    }
}

/// What the deck tallies read of a card: far less than a whole [`Card`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CardStatus {
    pub id: CardId,
    pub deck: DeckId,
    pub scheduler: Scheduler,
    pub kind: Kind,
    pub suspended: bool,
    pub retired: bool,
    pub prepared: Prepared,
    pub progress: Progress,
}

/// What the user has prepared for a card: an answer of its own, a linked story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prepared {
    pub own_answer: bool,
    pub story: bool,
}

impl Prepared {
    /// Either one: the card has something to say.
    #[must_use]
    pub fn any(self) -> bool {
        self.own_answer || self.story
    }
}

impl CardStatus {
    #[must_use]
    pub fn state(&self) -> State {
        State::of(self.suspended, self.retired, &self.progress)
    }
}

/// A card list as the user types it: ids (`12`, `#12`) and ranges of ids (`12-20`), also
/// comma-separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardRef {
    One(CardId),
    /// From the first id to the last, both included.
    Range(CardId, CardId),
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::day;

    #[test]
    fn tags_are_one_trimmed_word() {
        assert_eq!(clean_tag("  system-design ").unwrap(), "system-design");
        for bad in ["", "  ", "two words", "tab\there", "bell\u{7}"] {
            assert!(clean_tag(bad).is_err(), "{bad:?}");
        }
        assert!(clean_tag(&"x".repeat(MAX_TAG_CHARS)).is_ok());
        assert!(clean_tag(&"x".repeat(MAX_TAG_CHARS + 1)).is_err());
    }

    #[test]
    fn card_ids_parse_with_or_without_hash() {
        assert_eq!("#12".parse::<CardId>().unwrap(), CardId(12));
        assert!("0".parse::<CardId>().is_err());
        assert!("abc".parse::<CardId>().is_err());
    }

    #[test]
    fn a_cards_state_follows_its_flags_then_its_repetitions() {
        let mut progress = Progress::default();
        assert_eq!(State::of(false, false, &progress), State::New);
        progress.last_reviewed = Some(day("2026-03-01"));
        progress.sm2.repetitions = 1;
        assert_eq!(State::of(false, false, &progress), State::Learning);
        progress.sm2.repetitions = 2;
        assert_eq!(State::of(false, false, &progress), State::Review);
        assert_eq!(State::of(true, false, &progress), State::Suspended);
        assert_eq!(State::of(true, true, &progress), State::Retired);
        assert!(!State::Retired.is_active());
    }

    #[test]
    fn guids_are_time_ordered_and_distinct() {
        let mut guids = GuidSource::new(0x1234, 41);
        let first = guids.next_guid();
        let second = guids.next_guid();
        assert_eq!(first, "00000012340000000029");
        assert_eq!(second, "0000001234000000002a");
        assert!(first < second);
    }

    #[test]
    fn due_ness_and_maturity() {
        let mut progress = Progress::default();
        let today = day("2026-03-10");
        assert!(progress.is_due(today), "a new card can be reviewed");
        assert!(!progress.is_overdue_or_due(today), "but it is new, not due");
        progress.last_reviewed = Some(day("2026-03-01"));
        progress.due = Some(day("2026-03-11"));
        assert!(!progress.is_due(today));
        progress.due = Some(today);
        assert!(progress.is_due(today) && progress.is_overdue_or_due(today));
        progress.sm2.interval = 20;
        assert!(!progress.is_mature());
        progress.sm2.interval = MATURE_INTERVAL;
        assert!(progress.is_mature());
    }
}

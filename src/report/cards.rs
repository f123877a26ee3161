//! What the card commands show: lists of cards (a filter, a search, the weakest), one card
//! in full, today's queue, and what a grade, an answer, a suspension, a tag, an edit or a
//! card added by hand did.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::card_json::CardJson;
use crate::domain::version::Version;
use crate::domain::{Card, CardId, HistoryEntry, Scheduler, SearchTerms, Suggestion};

/// `cards`: the cards a filter or a search found (`cards --json` prints the list).
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct CardList {
    pub cards: Vec<RatedCard>,
    /// How the page lays them out.
    #[serde(skip)]
    pub listed_as: ListedAs,
    /// The cards may come from several decks: each row names its deck.
    #[serde(skip)]
    pub show_deck: bool,
    /// `--unanswered`: an empty list means every question is prepared.
    #[serde(skip)]
    pub unanswered: bool,
    #[serde(skip)]
    pub today: NaiveDate,
}

/// How a list of cards is laid out on the page.
#[derive(Debug)]
pub enum ListedAs {
    Table,
    /// Search results, best first, with the words found.
    Search(SearchTerms),
    /// `--weakest N`, weakest first; `unseen` cards of the filter were never seen.
    Weakest {
        unseen: usize,
    },
}

/// A card with its chance of recall on its deck's readiness day: the estimate the deck's
/// readiness is the mean of.
#[derive(Debug)]
pub struct RatedCard {
    pub card: Card,
    /// 0–1, on `day`.
    pub recall: f64,
    pub day: NaiveDate,
}

impl Serialize for RatedCard {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Rated {
            #[serde(flatten)]
            card: CardJson,
            recall: f64,
            recall_day: NaiveDate,
        }
        Rated {
            card: CardJson::from(&self.card),
            recall: (self.recall * 10_000.0).round() / 10_000.0,
            recall_day: self.day,
        }
        .serialize(serializer)
    }
}

/// `show`: one card in full (`show --json` prints the card alone).
#[derive(Debug)]
pub struct CardShown {
    pub card: Card,
    /// Its logged grades, oldest first.
    pub history: Vec<HistoryEntry>,
    /// Every version of its answer, own front and own back, newest first: each field's
    /// first is its value now, the rest lost to a later change (here or on another machine).
    pub earlier: Vec<Version>,
    /// Questions elsewhere like it (for cards whose back is an answer).
    pub similar: Vec<Suggestion>,
}

impl Serialize for CardShown {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        CardJson::from(&self.card).serialize(serializer)
    }
}

/// `due` (and `review` before it starts): today's queue, due cards then new ones
/// (`due --json` prints the cards).
#[derive(Debug)]
pub struct TodaysQueue {
    pub cards: Vec<Card>,
    /// When the queue is empty: why.
    pub empty: Option<EmptyQueue>,
    pub today: NaiveDate,
}

impl TodaysQueue {
    /// The new cards in the queue.
    #[must_use]
    pub fn new_cards(&self) -> usize {
        self.cards.iter().filter(|c| c.is_new()).count()
    }
}

impl Serialize for TodaysQueue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.cards.iter().map(CardJson::from))
    }
}

/// Why today's queue is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmptyQueue {
    /// `--limit 0` hides `waiting` cards (`new` of them new).
    LimitHidesAll { waiting: usize, new: usize },
    /// Nothing is due until this day.
    NextDue(NaiveDate),
    /// Nothing is due, and nothing is scheduled.
    NothingScheduled,
}

/// `grade CARD GRADE`: what the grade did to the card's schedule.
#[derive(Debug)]
pub struct GradeRecorded {
    pub id: CardId,
    pub grade: crate::domain::Grade,
    pub ease: f64,
    pub interval: u32,
    pub repetitions: u32,
    pub due: Option<NaiveDate>,
    pub scheduler: Scheduler,
    /// FSRS's stability after the grade, in days.
    pub stability: Option<f64>,
    /// The card is retired or suspended: no session shows it, whatever its schedule.
    pub out_of_sessions: Option<OutOfSessions>,
    pub today: NaiveDate,
}

/// Why a graded card shows in no session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutOfSessions {
    Retired,
    Suspended,
}

impl Serialize for GradeRecorded {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Graded {
            id: i64,
            grade: u8,
            ease: f64,
            interval: u32,
            repetitions: u32,
            due: Option<NaiveDate>,
            scheduler: Scheduler,
            stability: Option<f64>,
        }
        Graded {
            id: self.id.0,
            grade: self.grade.value(),
            ease: self.ease,
            interval: self.interval,
            repetitions: self.repetitions,
            due: self.due,
            scheduler: self.scheduler,
            stability: self.stability.map(|s| (s * 100.0).round() / 100.0),
        }
        .serialize(serializer)
    }
}

/// `answer CARD`: what became of the prepared answer.
#[derive(Debug)]
pub struct AnswerWritten {
    pub id: CardId,
    pub outcome: AnswerOutcome,
    /// Questions elsewhere like it, when an answer was saved on a question.
    pub similar: Option<Vec<Suggestion>>,
}

/// What became of an answer written with `answer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerOutcome {
    Saved,
    /// Saved, with the answer written elsewhere meanwhile kept below it.
    SavedAboveAnother,
    Cleared,
    Unchanged,
}

/// `suspend`/`unsuspend`: each card named, by what became of it.
#[derive(Debug, Default)]
pub struct Suspension {
    pub suspending: bool,
    pub changed: Vec<CardId>,
    /// Already as asked.
    pub unchanged: Vec<CardId>,
    /// Retired (gone from their document): hidden whatever their flag.
    pub retired: Vec<CardId>,
}

/// `tag`/`untag`: how many cards took the tag on or off, and how many had (or lacked) it.
#[derive(Debug)]
pub struct Tagging {
    pub tag: String,
    pub adding: bool,
    pub changed: usize,
    pub unchanged: usize,
}

/// `tags`: every tag with its card counts, by name (`tags --json` prints the list).
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct TagList {
    pub tags: Vec<TagCount>,
}

/// A tag and how many cards carry it.
#[derive(Debug, Serialize)]
pub struct TagCount {
    pub tag: String,
    /// Active cards carrying it (neither suspended nor retired).
    pub cards: usize,
    /// Every card carrying it.
    pub all: usize,
}

/// `add`: the card added by hand (`add --json` prints the card).
#[derive(Debug)]
pub struct CardAdded {
    pub card: Card,
    pub deck_created: bool,
}

impl Serialize for CardAdded {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        CardJson::from(&self.card).serialize(serializer)
    }
}

/// `edit CARD`: what became of the card's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardEdited {
    Unchanged,
    /// A card added by hand took the new texts.
    HandCard,
    /// A document's card keeps the user's own words over its document's.
    OwnWords,
    /// Back to its document's texts (`--revert`, or texts the same as the document's).
    DocumentText,
}

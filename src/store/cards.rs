//! Cards: reading them with their deck and schedule, the queries behind `cards`, `due`
//! and `drill`, answers, suspension.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, ToSql, params};

use super::value::{Value, text_value};
use super::versions::change;
use super::{AtPath, Store, deck_filter};
use crate::domain::version::{Field, Register};
use crate::domain::{
    Card, CardId, DeckId, Grade, Kind, Memory, NewCardUsage, OwnTexts, Place, Progress, Sm2, StoryText, Timestamp,
};
use crate::error::{Error, Result};

/// Which cards `cards` lists.
#[derive(Debug, Clone, Default)]
pub struct CardFilter {
    pub deck: Option<DeckId>,
    pub kind: Option<Kind>,
    /// Include suspended and retired cards.
    pub all: bool,
    /// Only cards carrying this tag (in any case).
    pub tag: Option<String>,
}

/// The columns of a card's progress, in the one order every query reads and writes them
/// in ([`progress_from_row`] reads, [`ProgressValues::params`] binds): `progress_columns!("c.")`
/// lists them with a table's alias, `progress_columns!(set)` is the `SET` of all eleven to
/// the parameters `?1` to `?11`.
macro_rules! progress_columns {
    (set) => {
        concat!(
            "(",
            $crate::store::cards::progress_columns!(""),
            ") = (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
        )
    };
    ($table:literal) => {
        concat!(
            $table,
            "ease, ",
            $table,
            "interval_days, ",
            $table,
            "repetitions, ",
            $table,
            "lapses, ",
            $table,
            "due, ",
            $table,
            "last_reviewed, ",
            $table,
            "last_grade, ",
            $table,
            "first_reviewed, ",
            $table,
            "stability, ",
            $table,
            "difficulty, ",
            $table,
            "memory_day"
        )
    };
}
pub(super) use progress_columns;

const CARD_COLUMNS: &str = concat!(
    "c.id, c.guid, c.deck_id, d.name, d.interview_date, c.kind, c.section, c.item_text,
    c.detail, c.context, c.answer, c.position, c.review_count, c.suspended, c.retired_at IS NOT NULL, ",
    progress_columns!("c."),
    ", coalesce(d.scheduler, (SELECT value FROM settings WHERE key = 'scheduler'), 'sm2'),
    CASE WHEN d.lists_stale THEN p.number ELSE c.list_number END,
    CASE WHEN d.lists_stale THEN p.size ELSE c.list_size END,
    c.own_front, c.own_back, c.by_hand"
);

/// Where a card's progress starts in a row of [`CARD_COLUMNS`].
const PROGRESS_AT: usize = 15;

/// A card's progress as the values of [`progress_columns`], to bind in their order.
pub(super) struct ProgressValues {
    sm2: Sm2,
    lapses: u32,
    due: Option<NaiveDate>,
    last_reviewed: Option<NaiveDate>,
    last_grade: Option<Grade>,
    first_reviewed: Option<NaiveDate>,
    stability: Option<f64>,
    difficulty: Option<f64>,
    memory_day: Option<NaiveDate>,
}

impl ProgressValues {
    pub(super) fn of(p: &Progress) -> Self {
        ProgressValues {
            sm2: p.sm2,
            lapses: p.lapses,
            due: p.due,
            last_reviewed: p.last_reviewed,
            last_grade: p.last_grade,
            first_reviewed: p.first_reviewed,
            stability: p.memory.map(|m| m.stability),
            difficulty: p.memory.map(|m| m.difficulty),
            memory_day: p.memory.map(|m| m.day),
        }
    }

    /// The eleven values, in the order of [`progress_columns`].
    pub(super) fn params(&self) -> [&dyn ToSql; 11] {
        [
            &self.sm2.ease,
            &self.sm2.interval,
            &self.sm2.repetitions,
            &self.lapses,
            &self.due,
            &self.last_reviewed,
            &self.last_grade,
            &self.first_reviewed,
            &self.stability,
            &self.difficulty,
            &self.memory_day,
        ]
    }
}

/// A card's progress from the columns of [`progress_columns`] in a row, from `at` on.
pub(super) fn progress_from_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Progress> {
    Ok(Progress {
        sm2: Sm2 {
            ease: r.get(at)?,
            interval: r.get(at + 1)?,
            repetitions: r.get(at + 2)?,
        },
        lapses: r.get(at + 3)?,
        due: day_at(r, at + 4)?,
        last_reviewed: day_at(r, at + 5)?,
        last_grade: r.get(at + 6)?,
        first_reviewed: day_at(r, at + 7)?,
        memory: memory_from(r.get(at + 8)?, r.get(at + 9)?, day_at(r, at + 10)?),
    })
}

/// A day stored as `YYYY-MM-DD` (or NULL), read without a format parser: the tallies
/// read four per card. Anything else is read the general way, which names what is wrong.
pub(super) fn day_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Option<NaiveDate>> {
    use rusqlite::types::ValueRef;
    let parsed = match r.get_ref(at)? {
        ValueRef::Null => return Ok(None),
        ValueRef::Text(text) => plain_day(text),
        _ => None,
    };
    match parsed {
        Some(day) => Ok(Some(day)),
        None => r.get(at),
    }
}

/// `YYYY-MM-DD` exactly, as a day.
fn plain_day(text: &[u8]) -> Option<NaiveDate> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *text else {
        return None;
    };
    let digits = [y1, y2, y3, y4, m1, m2, d1, d2];
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let number = |ds: &[u8]| ds.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    NaiveDate::from_ymd_opt(number(&digits[..4]) as i32, number(&digits[4..6]), number(&digits[6..]))
}

/// A card's FSRS memory from its three columns (all set, or the card has none).
pub(super) fn memory_from(
    stability: Option<f64>,
    difficulty: Option<f64>,
    day: Option<chrono::NaiveDate>,
) -> Option<Memory> {
    Some(Memory {
        stability: stability?,
        difficulty: difficulty?,
        day: day?,
    })
}

/// `SELECT` of whole cards (`c`) with their deck (`d`), to be followed by `WHERE`. Each
/// talking point and question to ask comes with its place in its list (its number among
/// the cards of its document, kind and section that are not retired, in document order,
/// and their count), which its front shows. Cards keep their place
/// ([`renumber_marked_decks`]); only a deck marked since its cards last moved (by a write
/// that has not committed yet, or one that bypassed [`super::Write`]) is numbered here,
/// within `scope`: a condition on `cards` that holds for every card the query reads, so
/// that a query of one card or one deck numbers no more than that deck.
pub(super) fn select_cards(scope: &str) -> String {
    // The marked decks drive the numbering (CROSS JOIN keeps them the outer loop): with
    // none marked, no card is read for it, whatever the scope.
    format!(
        "WITH places AS ({})
         SELECT {CARD_COLUMNS} FROM cards c JOIN decks d ON d.id = c.deck_id LEFT JOIN places p ON p.id = c.id",
        list_places(
            "(SELECT id AS stale_deck FROM decks WHERE lists_stale) AS s CROSS JOIN cards",
            &format!("cards.deck_id = s.stale_deck AND ({scope})")
        )
    )
}

/// Each numbered card (`id`) of the cards (of `from`) where `condition` holds, with its
/// place in its list: `number` of `size`.
fn list_places(from: &str, condition: &str) -> String {
    format!(
        "SELECT id,
             row_number() OVER list AS number,
             count(*) OVER (PARTITION BY deck_id, document_id, kind, section) AS size
         FROM {from}
         WHERE retired_at IS NULL AND kind IN ('talking-point', 'ask') AND ({condition})
         WINDOW list AS (PARTITION BY deck_id, document_id, kind, section ORDER BY position, id)"
    )
}

/// Gives the cards of every marked deck (see migration 0006) their place in their list,
/// and clears the marks: run by each unit of writing before it commits, so that readers
/// find every card's place kept.
pub(super) fn renumber_marked_decks(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    static RENUMBER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let marked: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM decks WHERE lists_stale)")?
        .query_row([], |r| r.get(0))?;
    if !marked {
        return Ok(());
    }
    let renumber = RENUMBER.get_or_init(|| {
        format!(
            "UPDATE cards SET list_number = p.number, list_size = p.size
             FROM ({}) AS p
             WHERE cards.id = p.id AND (cards.list_number IS NOT p.number OR cards.list_size IS NOT p.size)",
            list_places("cards", "deck_id IN (SELECT id FROM decks WHERE lists_stale)")
        )
    });
    conn.prepare_cached(renumber)?.execute([])?;
    conn.prepare_cached(
        "UPDATE cards SET list_number = NULL, list_size = NULL
         WHERE deck_id IN (SELECT id FROM decks WHERE lists_stale) AND list_number IS NOT NULL
             AND (retired_at IS NOT NULL OR kind NOT IN ('talking-point', 'ask'))",
    )?
    .execute([])?;
    conn.prepare_cached("UPDATE decks SET lists_stale = 0 WHERE lists_stale")?
        .execute([])?;
    Ok(())
}

/// `AND` the card (`c`) carries `tag`, its value bound as the next of `values`; nothing
/// without a tag.
fn tag_filter<'a>(tag: Option<&'a &str>, values: &mut Vec<&'a dyn rusqlite::ToSql>) -> String {
    let Some(tag) = tag else {
        return String::new();
    };
    values.push(tag);
    format!(
        "AND c.id IN (SELECT card_id FROM card_tags WHERE tag = ?{})",
        values.len()
    )
}

/// The scope of a query of one card `?1`: its deck.
pub(super) const ONE_CARD_SCOPE: &str = "deck_id = (SELECT deck_id FROM cards WHERE id = ?1)";

/// A card from a row of [`select_cards`].
pub(super) fn card_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Card> {
    Ok(Card {
        id: r.get(0)?,
        guid: r.get(1)?,
        deck_id: r.get(2)?,
        deck: r.get(3)?,
        interview: r.get(4)?,
        kind: r.get(5)?,
        section: r.get(6)?,
        item_text: r.get(7)?,
        detail: r.get(8)?,
        context: r.get(9)?,
        answer: r.get(10)?,
        position: r.get(11)?,
        progress: progress_from_row(r, PROGRESS_AT)?,
        reviews: r.get(12)?,
        suspended: r.get(13)?,
        retired: r.get(14)?,
        stories: Vec::new(),
        tags: Vec::new(),
        scheduler: r.get(26)?,
        place: match (r.get::<_, Option<u32>>(27)?, r.get::<_, Option<u32>>(28)?) {
            (Some(number), Some(of)) => Some(Place { number, of }),
            _ => None,
        },
        own: OwnTexts {
            front: r.get(29)?,
            back: r.get(30)?,
        },
        by_hand: r.get(31)?,
        cue: None,
    })
}

impl Store {
    /// One card by id, whatever its state.
    pub fn card(&self, id: CardId) -> Result<Card> {
        let sql = format!("{} WHERE c.id = ?1", select_cards(ONE_CARD_SCOPE));
        let card = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut s| s.query_row([id], card_from_row).optional())
            .at(&self.path)?
            .ok_or_else(|| Error::UnknownCard(id.to_string()))?;
        let mut cards = [card];
        self.attach_stories(&mut cards)?;
        self.attach_tags(&mut cards)?;
        self.attach_cues(&mut cards)?;
        let [card] = cards;
        Ok(card)
    }

    /// Cards for listing: by deck (nearest interview first), kind, then document order.
    pub fn cards(&self, filter: &CardFilter) -> Result<Vec<Card>> {
        let mut cards = self.cards_as_stored(filter)?;
        self.attach_stories(&mut cards)?;
        self.attach_tags(&mut cards)?;
        self.attach_cues(&mut cards)?;
        Ok(cards)
    }

    /// [`Store::cards`] without their stories, tags and cues: what rescheduling reads.
    pub fn cards_as_stored(&self, filter: &CardFilter) -> Result<Vec<Card>> {
        // One deck's cards are read through the deck's index, not by testing every card
        // (a condition `?1 IS NULL OR deck_id = ?1` uses no index: plans do not depend on
        // bound values here).
        let deck = if filter.deck.is_some() {
            "c.deck_id = ?1"
        } else {
            "?1 IS NULL"
        };
        let sql = format!(
            "{} WHERE {deck}
               AND (?2 IS NULL OR c.kind = ?2)
               AND (?3 OR (c.retired_at IS NULL AND c.suspended = 0))
               AND (?4 IS NULL OR EXISTS (SELECT 1 FROM card_tags t WHERE t.card_id = c.id AND t.tag = ?4))
             ORDER BY d.interview_date IS NULL, d.interview_date, d.name_key, c.position, c.id",
            select_cards(if filter.deck.is_some() { "deck_id = ?1" } else { "1" })
        );
        let mut stmt = self.conn.prepare_cached(&sql).at(&self.path)?;
        let rows = stmt
            .query_map(params![filter.deck, filter.kind, filter.all, filter.tag], card_from_row)
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// Enough of the active cards due on or before `today` (in the given decks, all when
    /// empty) to fill the first `limit` places of the queue: every one of the decks whose
    /// interview is today or tomorrow (the limit never hides those), the first `limit` of
    /// the other decks with an interview ahead (ordered by the whole queue key) and the
    /// first `limit` of the decks without one (in the order of the `cards_due` index, so
    /// nothing is sorted). Each part is read only when some deck falls in it, and those
    /// with an interview only from their own decks' cards, so that no part walks every
    /// due card to find none.
    /// With `tag`, only cards carrying it.
    pub fn due_cards(&self, decks: &[DeckId], today: NaiveDate, limit: usize, tag: Option<&str>) -> Result<Vec<Card>> {
        let filter = deck_filter("c.deck_id", decks);
        let active = "c.due IS NOT NULL AND c.due <= ?1 AND c.suspended = 0 AND c.retired_at IS NULL";
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let tomorrow = crate::schedule::sm2::add_days(today, 1);
        let [imminent, ahead, without] = self.decks_by_interview(decks, today, tomorrow)?;
        let select = select_cards(&format!("1 {}", deck_filter("deck_id", decks)));
        let mut cards = Vec::new();
        if !imminent.is_empty() {
            let mut values: Vec<&dyn rusqlite::ToSql> = vec![&today, &tomorrow];
            let sql = format!(
                "{select} WHERE {active} AND d.interview_date >= ?1 AND d.interview_date <= ?2 {} {}",
                deck_filter("c.deck_id", &imminent),
                tag_filter(tag.as_ref(), &mut values)
            );
            cards.extend(self.query_cards(&sql, values.as_slice())?);
        }
        if !ahead.is_empty() {
            let mut values: Vec<&dyn rusqlite::ToSql> = vec![&today, &limit, &tomorrow];
            let sql = format!(
                "{select} WHERE {active} AND d.interview_date > ?3 {} {}
                 ORDER BY d.interview_date, c.due, c.deck_id, c.position, c.id LIMIT ?2",
                deck_filter("c.deck_id", &ahead),
                tag_filter(tag.as_ref(), &mut values)
            );
            cards.extend(self.query_cards(&sql, values.as_slice())?);
        }
        if !without.is_empty() {
            let mut values: Vec<&dyn rusqlite::ToSql> = vec![&today, &limit];
            let sql = format!(
                "{select} WHERE {active} AND (d.interview_date IS NULL OR d.interview_date < ?1) {filter} {}
                 ORDER BY c.due, c.deck_id, c.position LIMIT ?2",
                tag_filter(tag.as_ref(), &mut values)
            );
            cards.extend(self.query_cards(&sql, values.as_slice())?);
        }
        Ok(cards)
    }

    /// The given decks (all when empty) by the part of [`Store::due_cards`] they fall in:
    /// interview today or tomorrow, interview later, and no interview ahead.
    fn decks_by_interview(&self, decks: &[DeckId], today: NaiveDate, tomorrow: NaiveDate) -> Result<[Vec<DeckId>; 3]> {
        let sql = format!(
            "SELECT id, CASE WHEN interview_date >= ?1 AND interview_date <= ?2 THEN 0
                 WHEN interview_date > ?2 THEN 1 ELSE 2 END
             FROM decks WHERE 1 {}",
            deck_filter("id", decks)
        );
        let mut stmt = self.conn.prepare_cached(&sql).at(&self.path)?;
        let rows = stmt
            .query_map((today, tomorrow), |r| Ok((r.get::<_, DeckId>(0)?, r.get::<_, u8>(1)?)))
            .at(&self.path)?;
        let mut parts: [Vec<DeckId>; 3] = Default::default();
        for row in rows {
            let (deck, part) = row.at(&self.path)?;
            parts[usize::from(part)].push(deck);
        }
        Ok(parts)
    }

    /// The `limit` never-reviewed active cards of one deck that the queue introduces first:
    /// the kinds in turn (each kind's first card, in kind order, then each kind's second,
    /// and so on), each kind in document order, as [`crate::schedule::queue::daily`]
    /// takes a deck's new cards. With `tag`, only cards carrying it. Each kind's first
    /// `limit` ids are read in order from the `cards_new_by_kind` index (its keys only),
    /// and only the chosen cards are read whole: a deck's other new cards are never read.
    pub fn new_cards(&self, deck: DeckId, limit: usize, tag: Option<&str>) -> Result<Vec<Card>> {
        let limit_value = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut by_kind: Vec<Vec<i64>> = Vec::with_capacity(Kind::ALL.len());
        for kind in Kind::ALL {
            let mut values: Vec<&dyn rusqlite::ToSql> = vec![&deck, &kind, &limit_value];
            let tag = tag_filter(tag.as_ref(), &mut values);
            let sql = format!(
                "SELECT id FROM cards c
                 WHERE deck_id = ?1 AND kind = ?2 AND last_reviewed IS NULL AND suspended = 0
                     AND retired_at IS NULL {tag}
                 ORDER BY position, id LIMIT ?3"
            );
            let mut stmt = self.conn.prepare_cached(&sql).at(&self.path)?;
            let ids = stmt.query_map(values.as_slice(), |r| r.get(0)).at(&self.path)?;
            by_kind.push(ids.collect::<rusqlite::Result<_>>().at(&self.path)?);
        }
        let longest = by_kind.iter().map(Vec::len).max().unwrap_or(0);
        let chosen: Vec<i64> = (0..longest)
            .flat_map(|turn| by_kind.iter().filter_map(move |ids| ids.get(turn).copied()))
            .take(limit)
            .collect();
        if chosen.is_empty() {
            return Ok(Vec::new());
        }
        let chosen: Vec<CardId> = chosen.into_iter().map(CardId).collect();
        self.deck_cards_with_ids(deck, &chosen, None)
    }

    /// The cards of one deck with the given ids (those still there), in the deck's order,
    /// each whole; with `tag`, only those carrying it.
    pub fn deck_cards_with_ids(&self, deck: DeckId, ids: &[CardId], tag: Option<&str>) -> Result<Vec<Card>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = serde_json::to_string(&ids.iter().map(|id| id.0).collect::<Vec<i64>>())
            .unwrap_or_else(|_| "[]".to_string());
        let mut values: Vec<&dyn rusqlite::ToSql> = vec![&deck, &list];
        let tag = tag_filter(tag.as_ref(), &mut values);
        let sql = format!(
            "{} WHERE c.id IN (SELECT value FROM json_each(?2)) {tag} ORDER BY c.position, c.id",
            select_cards("deck_id = ?1")
        );
        self.query_cards(&sql, values.as_slice())
    }

    /// The progress of each active card of one deck (neither suspended nor retired), in
    /// the deck's order: all a deck's planned day is worked out from, without reading the
    /// cards whole.
    pub fn active_progress(&self, deck: DeckId) -> Result<Vec<(CardId, Progress)>> {
        let mut stmt = self
            .conn
            .prepare_cached(concat!(
                "SELECT c.id, ",
                progress_columns!("c."),
                " FROM cards c WHERE c.deck_id = ?1 AND c.suspended = 0 AND c.retired_at IS NULL
                 ORDER BY c.position, c.id",
            ))
            .at(&self.path)?;
        let rows = stmt
            .query_map([deck], |r| Ok((r.get(0)?, progress_from_row(r, 1)?)))
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<_>>().at(&self.path)
    }

    /// Active cards of one deck, optionally of one kind.
    pub fn active_cards(&self, deck: DeckId, kind: Option<Kind>) -> Result<Vec<Card>> {
        self.cards(&CardFilter {
            deck: Some(deck),
            kind,
            all: false,
            tag: None,
        })
    }

    /// What today's new-card quota of each deck (all when `decks` is empty) depends on:
    /// its interview date, the cards first reviewed today, and, for a deck whose interview
    /// is today or ahead, the cards not yet reviewed at the start of today.
    pub fn new_card_usage(&self, decks: &[DeckId], today: NaiveDate) -> Result<Vec<NewCardUsage>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.interview_date,
                    (SELECT count(*) FROM cards c WHERE c.first_reviewed = ?1 AND c.deck_id = d.id
                        AND c.suspended = 0 AND c.retired_at IS NULL),
                    CASE WHEN d.interview_date >= ?1 THEN
                        (SELECT count(*) FROM cards c WHERE c.deck_id = d.id AND c.last_reviewed IS NULL
                            AND c.suspended = 0 AND c.retired_at IS NULL)
                    ELSE 0 END,
                    EXISTS (SELECT 1 FROM cards c WHERE c.deck_id = d.id AND c.last_reviewed IS NULL
                        AND c.suspended = 0 AND c.retired_at IS NULL)
                 FROM decks d",
            )
            .at(&self.path)?;
        let rows = stmt
            .query_map([today], |r| {
                let introduced: i64 = r.get(2)?;
                let never_reviewed: i64 = r.get(3)?;
                Ok(NewCardUsage {
                    deck: r.get(0)?,
                    interview: r.get(1)?,
                    introduced_today: introduced as usize,
                    unseen_at_start_of_day: (never_reviewed + introduced) as usize,
                    has_new: r.get(4)?,
                })
            })
            .at(&self.path)?;
        let all: Vec<NewCardUsage> = rows.collect::<rusqlite::Result<_>>().at(&self.path)?;
        Ok(all
            .into_iter()
            .filter(|u| decks.is_empty() || decks.contains(&u.deck))
            .collect())
    }

    /// Writes the user's answer (a question's back, or notes on other kinds); an empty one
    /// clears it. Recorded as a change of the card's answer, dated `now`.
    pub fn set_answer(&mut self, id: CardId, answer: &str, now: &Timestamp) -> Result<()> {
        self.change_card(id, Field::Answer, text_value(answer).as_ref(), now, None)
            .map(|_| ())
    }

    /// Writes the user's answer only if the card's answer is still `before` (what an
    /// editor was opened on); false when another writer changed it meanwhile.
    pub fn set_answer_if(&mut self, id: CardId, before: &str, answer: &str, now: &Timestamp) -> Result<bool> {
        self.change_card(id, Field::Answer, text_value(answer).as_ref(), now, Some(before))
    }

    /// Suspends or resumes a card.
    pub fn set_suspended(&mut self, id: CardId, suspended: bool, now: &Timestamp) -> Result<()> {
        let value = suspended.then_some(Value::Yes);
        self.change_card(id, Field::Suspended, value.as_ref(), now, None)
            .map(|_| ())
    }

    /// Changes one of a card's registers (and its update time), in one transaction; with
    /// `only_if_answer`, only while its answer is still that (false otherwise).
    pub(super) fn change_card(
        &mut self,
        id: CardId,
        field: Field,
        value: Option<&Value>,
        now: &Timestamp,
        only_if_answer: Option<&str>,
    ) -> Result<bool> {
        let changer = self.changer()?;
        let path = self.path.clone();
        let tx = self.write()?;
        let found: Option<(String, String)> = tx
            .query_row("SELECT guid, answer FROM cards WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .at(&path)?;
        let Some((guid, answer)) = found else {
            return Err(Error::UnknownCard(id.to_string()));
        };
        if only_if_answer.is_some_and(|before| before != answer) {
            return Ok(false);
        }
        change(&tx, &changer, &Register::card(&guid, field), value).at(&path)?;
        tx.execute("UPDATE cards SET updated_at = ?1 WHERE id = ?2", params![now, id])
            .at(&path)?;
        tx.commit().at(&path)?;
        Ok(true)
    }

    /// The earliest due day after `today` among active cards of the given decks (with
    /// `tag`, among those carrying it).
    pub fn next_due_after(&self, decks: &[DeckId], today: NaiveDate, tag: Option<&str>) -> Result<Option<NaiveDate>> {
        let mut values: Vec<&dyn rusqlite::ToSql> = vec![&today];
        let sql = format!(
            "SELECT min(c.due) FROM cards c WHERE c.due > ?1 AND c.suspended = 0 AND c.retired_at IS NULL {} {}",
            deck_filter("c.deck_id", decks),
            tag_filter(tag.as_ref(), &mut values)
        );
        self.conn
            .query_row(&sql, values.as_slice(), |r| r.get(0))
            .at(&self.path)
    }

    fn query_cards<P: rusqlite::Params>(&self, sql: &str, params: P) -> Result<Vec<Card>> {
        let mut stmt = self.conn.prepare_cached(sql).at(&self.path)?;
        let rows = stmt.query_map(params, card_from_row).at(&self.path)?;
        let mut cards: Vec<Card> = rows.collect::<rusqlite::Result<_>>().at(&self.path)?;
        self.attach_stories(&mut cards)?;
        self.attach_tags(&mut cards)?;
        self.attach_cues(&mut cards)?;
        Ok(cards)
    }

    /// Fills in each card's linked stories, tags and cue, as every other read does.
    pub(super) fn attach_extras(&self, cards: &mut [Card]) -> Result<()> {
        self.attach_stories(cards)?;
        self.attach_tags(cards)?;
        self.attach_cues(cards)
    }

    /// Fills in each card's linked stories (a few hundred links at most, read at once).
    fn attach_stories(&self, cards: &mut [Card]) -> Result<()> {
        if cards.is_empty() {
            return Ok(());
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT l.card_id, s.name, s.body FROM story_links l JOIN stories s ON s.id = l.story_id
                 ORDER BY l.card_id, l.linked_at, s.name_key",
            )
            .at(&self.path)?;
        let mut rows = stmt.query([]).at(&self.path)?;
        let mut by_card: std::collections::HashMap<CardId, Vec<StoryText>> = std::collections::HashMap::new();
        while let Some(row) = rows.next().at(&self.path)? {
            let card: CardId = row.get(0).at(&self.path)?;
            by_card.entry(card).or_default().push(StoryText {
                name: row.get(1).at(&self.path)?,
                body: row.get(2).at(&self.path)?,
            });
        }
        if by_card.is_empty() {
            return Ok(());
        }
        for card in cards {
            if let Some(stories) = by_card.get(&card.id) {
                card.stories.clone_from(stories);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::domain::Place;
    use crate::domain::card::GuidSource;
    use crate::import::{DocumentImport, import_document};

    /// Imports `profile` as the document `path` into the deck `deck`; `dry_run` keeps nothing.
    fn import(store: &mut Store, deck: &str, path: &str, profile: &str, dry_run: bool) {
        // Each import its own guids, as each run of `prepdeck import` has.
        static RUN: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let profile = crate::profile::parse(profile.as_bytes(), "test").unwrap();
        let doc = DocumentImport {
            deck,
            deck_flag: Some(deck),
            path,
            content_hash: "0",
            items: &profile.items,
            notes: &profile.notes,
            stamp: &crate::testing::stamp("2026-03-01T09:00:00+00:00"),
        };
        let run = RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        import_document(store, &doc, &mut GuidSource::new(run, run), dry_run).unwrap();
    }

    /// Each card and its place.
    type Places = Vec<(CardId, Option<Place>)>;

    /// Every card with its place as kept, and as numbered afresh with every deck marked.
    fn places(store: &Store) -> (Places, Places) {
        let read = |store: &Store| -> Places {
            let every = CardFilter {
                all: true,
                ..CardFilter::default()
            };
            store.cards(&every).unwrap().iter().map(|c| (c.id, c.place)).collect()
        };
        let kept = read(store);
        // Marked in a transaction that is rolled back, so nothing renumbers them.
        let tx = store.conn.unchecked_transaction().unwrap();
        tx.execute("UPDATE decks SET lists_stale = 1", []).unwrap();
        let afresh = read(store);
        drop(tx);
        (kept, afresh)
    }

    fn assert_places_kept(store: &Store) -> Places {
        let marked: i64 = store
            .conn
            .query_row("SELECT count(*) FROM decks WHERE lists_stale", [], |r| r.get(0))
            .unwrap();
        assert_eq!(marked, 0, "every committed change was renumbered");
        let (kept, afresh) = places(store);
        assert_eq!(kept, afresh, "kept places are the places numbered afresh");
        kept
    }

    fn numbered(places: &Places) -> Vec<(u32, u32)> {
        places.iter().filter_map(|(_, p)| p.map(|p| (p.number, p.of))).collect()
    }

    fn place_of(store: &Store, text: &str) -> Option<(u32, u32)> {
        let every = CardFilter {
            all: true,
            ..CardFilter::default()
        };
        let cards = store.cards(&every).unwrap();
        let card = cards.iter().find(|c| c.item_text == text).unwrap();
        card.place.map(|p| (p.number, p.of))
    }

    const FIRST: &str = "# Company Profile: Orbit\n## Key Talking Points\n- Led the ledger rewrite\n- Cut costs by half\n- Mentored four engineers\n## Questions to Ask Interviewer\n- How is the team organised?\n- What does success look like?\n## Potential Questions\n- Why Orbit?\n";

    /// A talking point gone (retired), one added before the others, the asks swapped.
    const EDITED: &str = "# Company Profile: Orbit\n## Key Talking Points\n- Shipped the mobile app\n- Led the ledger rewrite\n- Mentored four engineers\n## Questions to Ask Interviewer\n- What does success look like?\n- How is the team organised?\n## Potential Questions\n- Why Orbit?\n";

    #[test]
    fn progress_written_is_read_back_whole_by_every_query_of_it() {
        use crate::testing::{day, grade};
        let mut store = Store::open_in_memory().unwrap();
        import(&mut store, "Orbit", "/orbit.md", FIRST, false);
        let card = store.cards(&CardFilter::default()).unwrap()[0].clone();
        // Every column a different value, so that two swapped columns cannot pass.
        let progress = Progress {
            sm2: Sm2 {
                ease: 2.36,
                interval: 17,
                repetitions: 4,
            },
            lapses: 2,
            due: Some(day("2026-04-02")),
            last_reviewed: Some(day("2026-03-16")),
            last_grade: Some(grade(3)),
            first_reviewed: Some(day("2026-02-01")),
            memory: Some(Memory {
                stability: 12.5,
                difficulty: 6.25,
                day: day("2026-03-15"),
            }),
        };
        store.rewrite_progress(&[(card.id, progress)]).unwrap();
        assert_eq!(store.card(card.id).unwrap().progress, progress);
        let mut visited = None;
        store
            .visit_card_statuses(Some(card.deck_id), |status| {
                if status.id == card.id {
                    visited = Some(status.progress);
                }
            })
            .unwrap();
        assert_eq!(visited, Some(progress));
    }

    #[test]
    fn stored_days_read_as_the_general_parser_reads_them() {
        for text in ["2026-03-01", "1999-12-31", "2024-02-29", "0001-01-01", "9999-12-31"] {
            assert_eq!(
                plain_day(text.as_bytes()),
                NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
                "{text}"
            );
        }
        for text in [
            "2023-02-29",
            "2026-13-01",
            "2026-3-01",
            "2026-03-01 ",
            "20260301",
            "２026-03-01",
            "",
        ] {
            assert_eq!(plain_day(text.as_bytes()), None, "{text:?}");
        }
    }

    #[test]
    fn kept_places_are_the_places_numbered_afresh_after_every_kind_of_change() {
        let mut store = Store::open_in_memory().unwrap();
        import(&mut store, "Orbit", "/orbit.md", FIRST, false);
        let first = assert_places_kept(&store);
        assert_eq!(numbered(&first), vec![(1, 3), (2, 3), (3, 3), (1, 2), (2, 2)]);
        assert_eq!(place_of(&store, "Led the ledger rewrite"), Some((1, 3)));

        import(&mut store, "Orbit", "/orbit.md", EDITED, false);
        assert_places_kept(&store);
        assert_eq!(place_of(&store, "Shipped the mobile app"), Some((1, 3)));
        assert_eq!(place_of(&store, "Led the ledger rewrite"), Some((2, 3)));
        assert_eq!(place_of(&store, "Cut costs by half"), None, "retired");
        assert_eq!(place_of(&store, "What does success look like?"), Some((1, 2)));

        // The retired card comes back; a second document feeds the same deck; a dry run
        // changes nothing.
        import(&mut store, "Orbit", "/orbit.md", FIRST, false);
        assert_places_kept(&store);
        assert_eq!(place_of(&store, "Cut costs by half"), Some((2, 3)));
        import(&mut store, "Orbit", "/orbit-notes.md", EDITED, false);
        let before = assert_places_kept(&store);
        import(&mut store, "Orbit", "/orbit.md", EDITED, true);
        assert_eq!(assert_places_kept(&store), before);

        // A deck restored from a backup, and a deck removed.
        let orbit = store.find_deck("Orbit").unwrap();
        let backup = store
            .backup(&[orbit], false, &crate::testing::stamp("2026-03-02T09:00:00+00:00"))
            .unwrap();
        let mut restored = Store::open_in_memory().unwrap();
        crate::backup::merge::check_and_merge(&mut restored, Path::new("b.json"), &backup, "0").unwrap();
        assert!(!numbered(&assert_places_kept(&restored)).is_empty());
        import(&mut store, "Lumen", "/lumen.md", FIRST, false);
        store.remove_deck(orbit).unwrap();
        assert_eq!(numbered(&assert_places_kept(&store)), numbered(&first));
    }

    #[test]
    fn a_change_made_outside_a_unit_of_writing_is_numbered_when_read() {
        let store = {
            let mut store = Store::open_in_memory().unwrap();
            import(&mut store, "Orbit", "/orbit.md", FIRST, false);
            store
        };
        store
            .conn
            .execute(
                "UPDATE cards SET retired_at = 't' WHERE item_text = 'Cut costs by half'",
                [],
            )
            .unwrap();
        let (kept, afresh) = places(&store);
        assert_eq!(kept, afresh);
        assert_eq!(numbered(&kept), vec![(1, 2), (2, 2), (1, 2), (2, 2)]);
        assert_eq!(place_of(&store, "Mentored four engineers"), Some((2, 2)));
    }
}

//! Schedule sanity checks behind `prepdeck check`: each query finds cards whose stored
//! schedule disagrees with the review log or with itself.

use chrono::NaiveDate;

use super::{AtPath, Store};
use crate::error::Result;

/// Each check: what it finds, and the SQL that lists the offending card ids (`?1` is today,
/// `?2` the furthest plausible due day). A check whose ids are decks says so with "deck:".
const CHECKS: &[(&str, &str)] = &[
    (
        "review count differs from the review log",
        "SELECT c.id FROM cards c WHERE c.review_count != (SELECT count(*) FROM reviews r WHERE r.card_id = c.id)",
    ),
    (
        "last review day differs from the review log",
        "SELECT c.id FROM cards c WHERE c.last_reviewed IS NOT (SELECT max(review_day) FROM reviews r WHERE r.card_id = c.id AND r.effect = 'review')",
    ),
    (
        "schedule differs from the last logged review",
        "SELECT c.id FROM cards c JOIN reviews r ON r.id = (SELECT max(id) FROM reviews WHERE card_id = c.id AND effect = 'review')
         WHERE c.interval_days != r.interval_after OR c.repetitions != r.reps_after OR abs(c.ease - r.ease_after) > 1e-9 OR c.due IS NOT r.due_after",
    ),
    ("reviewed but has no due date", "SELECT id FROM cards WHERE last_reviewed IS NOT NULL AND due IS NULL"),
    ("due before its last review", "SELECT id FROM cards WHERE due < last_reviewed"),
    ("never reviewed but has a due date", "SELECT id FROM cards WHERE last_reviewed IS NULL AND due IS NOT NULL"),
    ("due date far in the future", "SELECT id FROM cards WHERE due > ?2"),
    ("reviewed in the future", "SELECT id FROM cards WHERE last_reviewed > ?1"),
    ("interval outside 1 to 36500 days after a review", "SELECT id FROM cards WHERE last_reviewed IS NOT NULL AND (interval_days < 1 OR interval_days > 36500)"),
    ("ease below the SM-2 floor of 1.3", "SELECT id FROM cards WHERE ease < 1.3 - 1e-9"),
    (
        "deck:daily totals differ from the review log",
        "SELECT DISTINCT coalesce(t.deck_id, l.deck_id) FROM
             (SELECT deck_id, review_day AS day, count(*) AS reviews, sum(grade >= 3) AS passed FROM reviews GROUP BY 1, 2) l
             FULL JOIN deck_days t ON t.deck_id = l.deck_id AND t.day = l.day
         WHERE t.reviews IS NOT l.reviews OR t.passed IS NOT l.passed",
    ),
];

/// Totals for the check's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub decks: u32,
    pub cards: u32,
    pub reviews: u32,
}

impl Store {
    /// Every schedule problem: (what, whether the ids are decks rather than cards, ids).
    pub fn schedule_problems(&self, today: NaiveDate) -> Result<Vec<(&'static str, bool, Vec<i64>)>> {
        let horizon = crate::schedule::sm2::add_days(today, crate::schedule::sm2::MAX_INTERVAL + 1);
        let mut problems = Vec::new();
        for (what, sql) in CHECKS {
            let mut stmt = self.conn.prepare(sql).at(&self.path)?;
            let expected = stmt.parameter_count();
            let ids: Vec<i64> = match expected {
                0 => stmt
                    .query_map([], |r| r.get(0))
                    .at(&self.path)?
                    .collect::<rusqlite::Result<_>>(),
                1 => stmt
                    .query_map([today], |r| r.get(0))
                    .at(&self.path)?
                    .collect::<rusqlite::Result<_>>(),
                _ => stmt
                    .query_map((today, horizon), |r| r.get(0))
                    .at(&self.path)?
                    .collect::<rusqlite::Result<_>>(),
            }
            .at(&self.path)?;
            if !ids.is_empty() {
                let (what, decks) = what.strip_prefix("deck:").map_or((*what, false), |w| (w, true));
                problems.push((what, decks, ids));
            }
        }
        Ok(problems)
    }

    pub fn totals(&self) -> Result<Totals> {
        self.conn
            .query_row(
                "SELECT (SELECT count(*) FROM decks), (SELECT count(*) FROM cards), (SELECT count(*) FROM reviews)",
                [],
                |r| {
                    Ok(Totals {
                        decks: r.get(0)?,
                        cards: r.get(1)?,
                        reviews: r.get(2)?,
                    })
                },
            )
            .at(&self.path)
    }
}

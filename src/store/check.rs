//! Schedule sanity checks behind `prepdeck check`: each query finds cards (or decks) whose
//! stored schedule disagrees with the review log or with the domain's own limits.

use chrono::NaiveDate;

use rusqlite::OptionalExtension;

use super::{AtPath, Store};
use crate::domain::card::{MAX_INTERVAL, MIN_EASE};
use crate::error::Result;

/// What a problem's ids name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Cards,
    Decks,
}

/// One kind of schedule problem, with the ids it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleProblem {
    pub what: &'static str,
    pub subject: Subject,
    pub ids: Vec<i64>,
}

/// A check: what it finds, what its ids name, and the SQL that lists them. The SQL may use
/// `:min_ease` and `:max_interval`.
struct Check {
    what: &'static str,
    subject: Subject,
    sql: &'static str,
}

const fn cards(what: &'static str, sql: &'static str) -> Check {
    Check {
        what,
        subject: Subject::Cards,
        sql,
    }
}

const CHECKS: &[Check] = &[
    cards(
        "review count differs from the review log",
        "SELECT c.id FROM cards c WHERE c.review_count != (SELECT count(*) FROM reviews r WHERE r.card_id = c.id)",
    ),
    // The log's order is the order the grades were given, whatever day each was dated (a
    // clock set back, or a time-zone change, dates a later grade earlier).
    cards(
        "last review day differs from the review log",
        "SELECT c.id FROM cards c WHERE c.last_reviewed IS NOT
             (SELECT review_day FROM reviews r WHERE r.card_id = c.id AND r.effect = 'review' ORDER BY r.id DESC LIMIT 1)",
    ),
    // The due date is not compared: switching a deck's scheduler moves it without a grade.
    cards(
        "schedule differs from the last logged review",
        "SELECT c.id FROM cards c JOIN reviews r ON r.id = (SELECT max(id) FROM reviews WHERE card_id = c.id AND effect = 'review')
         WHERE c.interval_days != r.interval_after OR c.repetitions != r.reps_after OR abs(c.ease - r.ease_after) > 1e-9",
    ),
    cards(
        "reviewed but has no due date",
        "SELECT id FROM cards WHERE last_reviewed IS NOT NULL AND due IS NULL",
    ),
    cards(
        "never reviewed but has a due date",
        "SELECT id FROM cards WHERE last_reviewed IS NULL AND due IS NOT NULL",
    ),
    cards(
        "interval outside 1 day to the interval cap after a review",
        "SELECT id FROM cards WHERE last_reviewed IS NOT NULL AND (interval_days < 1 OR interval_days > :max_interval)",
    ),
    cards(
        "ease below the SM-2 floor",
        "SELECT id FROM cards WHERE ease < :min_ease - 1e-9",
    ),
    Check {
        what: "daily totals differ from the review log",
        subject: Subject::Decks,
        sql: "SELECT DISTINCT coalesce(t.deck_id, l.deck_id) FROM
                 (SELECT deck_id, review_day AS day, count(*) AS reviews, sum(grade >= 3) AS passed FROM reviews GROUP BY 1, 2) l
                 FULL JOIN deck_days t ON t.deck_id = l.deck_id AND t.day = l.day
             WHERE t.reviews IS NOT l.reviews OR t.passed IS NOT l.passed",
    },
];

/// The rules about a card's dates, checked on the dates themselves rather than on their
/// text (which orders years past 9999 wrongly). `today` plays no part: a clock set back
/// writes reviews dated after a later "today", and that is not damage.
fn date_problems(due: Option<NaiveDate>, last_reviewed: Option<NaiveDate>) -> Option<&'static str> {
    let (due, reviewed) = (due?, last_reviewed?);
    if due < reviewed {
        return Some("due before its last review");
    }
    if due > crate::schedule::sm2::add_days(reviewed, MAX_INTERVAL) {
        return Some("due more than the interval cap after its last review");
    }
    None
}

/// Totals for the check's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub decks: u32,
    pub cards: u32,
    pub reviews: u32,
}

impl Store {
    /// Every schedule problem found, one entry per kind of problem.
    pub fn schedule_problems(&self) -> Result<Vec<ScheduleProblem>> {
        let mut problems = Vec::new();
        for check in CHECKS {
            let mut stmt = self.conn.prepare(check.sql).at(&self.path)?;
            for (name, value) in [
                (":min_ease", &MIN_EASE as &dyn rusqlite::ToSql),
                (":max_interval", &MAX_INTERVAL),
            ] {
                if let Some(index) = stmt.parameter_index(name).at(&self.path)? {
                    stmt.raw_bind_parameter(index, value).at(&self.path)?;
                }
            }
            let mut rows = stmt.raw_query();
            let mut ids = Vec::new();
            while let Some(row) = rows.next().at(&self.path)? {
                ids.push(row.get(0).at(&self.path)?);
            }
            if !ids.is_empty() {
                problems.push(ScheduleProblem {
                    what: check.what,
                    subject: check.subject,
                    ids,
                });
            }
        }
        let mut by_date: Vec<ScheduleProblem> = Vec::new();
        let mut stmt = self
            .conn
            .prepare("SELECT id, due, last_reviewed FROM cards WHERE due IS NOT NULL AND last_reviewed IS NOT NULL")
            .at(&self.path)?;
        let mut rows = stmt.query([]).at(&self.path)?;
        while let Some(row) = rows.next().at(&self.path)? {
            let id: i64 = row.get(0).at(&self.path)?;
            // A day that does not read as one is reported by `value_problems`.
            let day = |i: usize| -> Result<Option<NaiveDate>> {
                let text: Option<String> = row.get::<_, Option<String>>(i).ok().flatten();
                Ok(text.and_then(|t| t.parse().ok()))
            };
            let Some(what) = date_problems(day(1)?, day(2)?) else {
                continue;
            };
            match by_date.iter_mut().find(|p| p.what == what) {
                Some(problem) => problem.ids.push(id),
                None => by_date.push(ScheduleProblem {
                    what,
                    subject: Subject::Cards,
                    ids: vec![id],
                }),
            }
        }
        problems.extend(by_date);
        Ok(problems)
    }

    /// Cards whose last review is dated after `today`: not damage (the clock was ahead
    /// then, or is behind now), but worth a note.
    pub fn reviewed_after(&self, today: NaiveDate) -> Result<usize> {
        let mut stmt = self
            .conn
            .prepare("SELECT last_reviewed FROM cards WHERE last_reviewed IS NOT NULL")
            .at(&self.path)?;
        let mut rows = stmt.query([]).at(&self.path)?;
        let mut later = 0;
        while let Some(row) = rows.next().at(&self.path)? {
            let day: NaiveDate = row.get(0).at(&self.path)?;
            later += usize::from(day > today);
        }
        Ok(later)
    }

    /// Values stored out of the range prepdeck writes them in (an older build, or an older
    /// restore, may have let one in): FSRS's settings, dates, daily budgets, and versions
    /// that cannot be read. One sentence each.
    pub fn value_problems(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let setting = |key: &str| -> Result<Option<String>> {
            self.conn
                .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
                .optional()
                .at(&self.path)
        };
        if let Some(json) = setting("fsrs_parameters")? {
            match serde_json::from_str::<Vec<f32>>(&json) {
                Ok(parameters) => {
                    if let Err(why) = crate::schedule::fsrs::check_parameters(&parameters) {
                        problems.push(format!("fitted FSRS parameters out of range: {why}"));
                    }
                }
                Err(_) => problems.push("fitted FSRS parameters that are not a list of numbers".to_string()),
            }
        }
        if let Some(text) = setting("desired_retention")?
            && !text
                .parse::<f64>()
                .is_ok_and(|r| crate::schedule::fsrs::RETENTION_RANGE.contains(&r))
        {
            problems.push(format!(
                "FSRS desired retention {} is outside 0.70-0.99",
                crate::profile::text::excerpt(&text, 20)
            ));
        }
        if let Some(text) = setting("scheduler")?
            && text.parse::<crate::domain::Scheduler>().is_err()
        {
            problems.push(format!(
                "the default scheduler \"{}\" is neither sm2 nor fsrs",
                crate::profile::text::excerpt(&text, 20)
            ));
        }
        // A day is stored as YYYY-MM-DD between 1970 and 9999; `date()` gives any other
        // text back changed (or not at all).
        let bad_day = |column: &str| {
            format!(
                "{column} IS NOT NULL AND (typeof({column}) != 'text' OR date({column}) IS NOT {column}
                     OR {column} < '1970-01-01' OR {column} > '9999-12-31')"
            )
        };
        for (sql, what) in [
            (
                format!("SELECT count(*) FROM decks WHERE {}", bad_day("interview_date")),
                "interview date",
            ),
            (
                format!(
                    "SELECT count(*) FROM cards WHERE ({}) OR ({}) OR ({})",
                    bad_day("due"),
                    bad_day("last_reviewed"),
                    bad_day("first_reviewed")
                ),
                "card date",
            ),
            (
                "SELECT count(*) FROM decks WHERE daily_minutes IS NOT NULL AND daily_minutes NOT BETWEEN 1 AND 1440"
                    .to_string(),
                "daily budget",
            ),
        ] {
            let found: i64 = self.conn.query_row(&sql, [], |r| r.get(0)).at(&self.path)?;
            if found > 0 {
                problems.push(format!("{} out of range", crate::wording::count(found, what)));
            }
        }
        let damaged = self.damaged_versions()?;
        if damaged > 0 {
            problems.push(format!(
                "{} of edited values that cannot be read",
                crate::wording::count(damaged, "stored version")
            ));
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

//! Restoring a JSON backup into a database that may already hold part of it: on a new
//! machine after the profiles were imported, on the machine that made it, or to combine
//! two machines' histories. Nothing either side holds is lost.
//!
//! - Every value is checked as a grade would be (ranges, dates, the easiness floor, the
//!   interval cap) and texts are stripped of terminal controls as an import strips them; a
//!   backup with an impossible value is refused whole.
//! - A backup deck goes into the deck already holding most of its cards (by guid, whatever
//!   it is called now), else the deck of its name, else a new deck.
//! - A backup card is the same card as one in the deck when it has the same guid, or the
//!   same kind and item text (as a re-import matches them).
//! - Review logs are united: a review is identified by its time (`reviewed_at`), day,
//!   grade, effect and origin, and appears as many times as on the side that has it most
//!   often. The united log keeps each side's own order, interleaved by time; the card's
//!   schedule is replayed from it (`schedule::replay`).
//! - Answers are kept: when both sides wrote a different one, both are kept, the backup's
//!   under a marked line.
//! - The interview date is restored when the deck has none; when both have one and they
//!   differ, the deck's is kept and the report says so.
//! - Mock runs are added unless the deck has a run that started at the same moment with the
//!   same seed.
//! - Stories merge like answers: one with the same guid, or else the same name, is the same
//!   story; when both texts differ both are kept, the backup's under a marked line; every
//!   link of the backup is added to the cards its cards became.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate};

use super::ItemChange;
use crate::domain::card::{LAST_DAY, MAX_INTERVAL, MIN_EASE};
use crate::domain::text::keep_both;
use crate::domain::{CardId, Effect, Grade, Kind, Origin, Progress};
use crate::domain::{LoggedGrade, RecordedStep, Scheduler};
use crate::error::{Error, Result};
use crate::profile::text::{clean_name, strip_controls};
use crate::schedule::Rules;
use crate::schedule::replay::replay_steps;
use crate::store::{Backup, BackupCard, BackupReview, RestoreCard, Store};

/// What restoring a backup did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestoreOutcome {
    pub decks: Vec<String>,
    pub decks_created: usize,
    /// Cards the database did not have.
    pub added: Vec<ItemChange>,
    /// Backup cards that were already in the database, merged into them.
    pub merged: usize,
    pub reviews_added: usize,
    /// Cards whose answer differed on both sides: both are kept.
    pub answers_kept_both: usize,
    pub mock_runs_added: usize,
    /// Stories the database did not have, and those whose text differed on both sides
    /// (both kept).
    pub stories_added: usize,
    pub stories_kept_both: usize,
    /// Sentences for the report: interview dates restored or kept.
    pub notes: Vec<String>,
}

/// Restores `backup` (read from `path`) in one transaction.
/// `on_card` is called as each backup card is done (a progress bar).
pub fn restore(
    store: &mut Store,
    path: &Path,
    backup: &Backup,
    stamp: &str,
    dry_run: bool,
    on_card: &mut dyn FnMut(),
) -> Result<RestoreOutcome> {
    let backup = checked(backup).map_err(|problem| Error::InvalidBackup {
        path: path.to_path_buf(),
        problem,
    })?;
    let label = format!(
        "answer from the backup {} (exported {})",
        path.file_name()
            .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned()),
        backup.exported_at.get(..10).unwrap_or(&backup.exported_at)
    );
    // A merged log is replayed under its deck's rules: its scheduler (or the default),
    // FSRS's parameters, its interview date.
    let model = store.fsrs_model()?;
    let default_scheduler = store.default_scheduler()?;
    let schedulers: HashMap<crate::domain::DeckId, Scheduler> = store
        .decks(None)?
        .into_iter()
        .map(|d| (d.id, d.scheduler.unwrap_or(default_scheduler)))
        .collect();
    let writer = store.begin_restore()?;
    let mut outcome = RestoreOutcome::default();
    // Every backup card's guid, and the card it became here: stories link by them.
    let mut restored_cards: HashMap<&str, CardId> = HashMap::new();
    for from in &backup.decks {
        let guids: Vec<&str> = from.cards.iter().map(|c| c.guid.as_str()).collect();
        let deck = writer.deck_for(&from.name, &from.created_at, &guids)?;
        outcome.decks.push(deck.name.clone());
        outcome.decks_created += usize::from(deck.created);
        let interview = match (deck.interview, from.interview) {
            (None, Some(date)) => {
                writer.set_interview(deck.id, Some(date))?;
                if !deck.created {
                    outcome
                        .notes
                        .push(format!("{}: interview date {date} restored", deck.name));
                }
                Some(date)
            }
            (Some(ours), Some(theirs)) if ours != theirs => {
                outcome.notes.push(format!(
                    "{}: kept the interview date {ours}; the backup's was {theirs}",
                    deck.name
                ));
                Some(ours)
            }
            (ours, _) => ours,
        };
        let rules = Rules {
            interview,
            scheduler: schedulers.get(&deck.id).copied().unwrap_or(default_scheduler),
            model: &model,
        };
        let mut cards = writer.deck_cards(deck.id)?;
        let mut by_guid: HashMap<String, usize> = cards.iter().enumerate().map(|(i, c)| (c.guid.clone(), i)).collect();
        let mut by_text: HashMap<(Kind, String), Vec<usize>> = HashMap::new();
        for (i, card) in cards.iter().enumerate() {
            by_text
                .entry(text_key(card.kind, &card.item_text, &card.detail))
                .or_default()
                .push(i);
        }
        let mut matched = vec![false; cards.len()];
        let card_ids = &mut restored_cards;
        for theirs in &from.cards {
            on_card();
            let found = match by_guid.get(&theirs.guid) {
                Some(&i) => Some(i),
                None => by_text
                    .get(&text_key(theirs.kind, &theirs.item_text, &theirs.detail))
                    .and_then(|candidates| candidates.iter().copied().find(|&i| !matched[i])),
            };
            let elsewhere = match found {
                Some(_) => None,
                None => writer.card_elsewhere(&theirs.guid, deck.id)?,
            };
            let ours = match (found, elsewhere) {
                (Some(i), _) => {
                    matched[i] = true;
                    Some(cards[i].clone())
                }
                (None, Some(card)) => Some(card),
                (None, None) => None,
            };
            let Some(ours) = ours else {
                let rows = replayed(Vec::new(), &theirs.reviews, &rules);
                let progress = progress_after(&rows, &rules);
                let id = writer.insert_card(deck.id, theirs, &progress, rows.len())?;
                writer.write_log(id, deck.id, &rows, &[])?;
                outcome.reviews_added += rows.len();
                outcome.added.push(ItemChange {
                    kind: theirs.kind,
                    text: theirs.item_text.clone(),
                });
                card_ids.insert(&theirs.guid, id);
                // A later backup card with this guid or text merges into this one.
                cards.push(RestoreCard {
                    id,
                    deck: deck.id,
                    guid: theirs.guid.clone(),
                    kind: theirs.kind,
                    item_text: theirs.item_text.clone(),
                    detail: theirs.detail.clone(),
                    answer: theirs.answer.clone(),
                    progress,
                    log: Vec::new(),
                });
                matched.push(true);
                by_guid.insert(theirs.guid.clone(), cards.len() - 1);
                continue;
            };
            outcome.merged += 1;
            card_ids.insert(&theirs.guid, ours.id);
            let (answer, both) = keep_both(&ours.answer, &theirs.answer, &label);
            outcome.answers_kept_both += usize::from(both);
            let ours_log: Vec<(Option<i64>, BackupReview)> =
                ours.log.iter().map(|(id, r)| (Some(*id), r.clone())).collect();
            let united = unite_logs(&ours_log, &theirs.reviews);
            let added = united.len() - ours.log.len();
            if added == 0 && answer == ours.answer {
                continue;
            }
            let (rows, progress) = if added == 0 {
                (united, ours.progress)
            } else {
                let rows = replayed(united, &[], &rules);
                let progress = progress_after(&rows, &rules);
                (rows, progress)
            };
            if added > 0 {
                let old: Vec<i64> = ours.log.iter().map(|(id, _)| *id).collect();
                writer.write_log(ours.id, ours.deck, &rows, &old)?;
            }
            writer.update_card(ours.id, &answer, &progress, rows.len(), stamp)?;
            outcome.reviews_added += added;
            if let Some(i) = by_guid.get(&ours.guid).copied() {
                cards[i].answer = answer;
            }
        }
        for run in &from.mock_runs {
            if writer.has_mock_run(deck.id, &run.started_at, run.seed)? {
                continue;
            }
            let mut answers = Vec::with_capacity(run.answers.len());
            for answer in &run.answers {
                let Some(&card) = card_ids.get(answer.card.as_str()) else {
                    continue;
                };
                let review = match &answer.review {
                    Some(at) => writer.review_at(card, at)?,
                    None => None,
                };
                answers.push((card, answer, review));
            }
            writer.insert_mock_run(deck.id, run, &answers)?;
            outcome.mock_runs_added += 1;
        }
    }
    let story_label = label.replace("answer from", "story text from");
    for story in &backup.stories {
        let id = if let Some((id, ours)) = writer.story_for(&story.guid, &story.name)? {
            let (body, both) = keep_both(&ours, &story.body, &story_label);
            if body != ours {
                writer.set_story_body(id, &body, stamp)?;
            }
            outcome.stories_kept_both += usize::from(both);
            id
        } else {
            outcome.stories_added += 1;
            writer.insert_story(story)?
        };
        for guid in &story.cards {
            let card = match restored_cards.get(guid.as_str()) {
                Some(&card) => Some(card),
                None => writer.card_by_guid(guid)?,
            };
            if let Some(card) = card {
                writer.link_story(id, card, stamp)?;
            }
        }
    }
    writer.finish(!dry_run)?;
    Ok(outcome)
}

/// How a card is recognised by its text: its kind and its item's match key.
fn text_key(kind: Kind, text: &str, detail: &str) -> (Kind, String) {
    (kind, crate::profile::item_key(kind, text, detail))
}

/// The identity of a logged review.
fn identity(r: &BackupReview) -> (&str, NaiveDate, Grade, Effect, Origin) {
    (r.reviewed_at.as_str(), r.review_day, r.grade, r.effect, r.origin)
}

/// The moment of a review, for ordering; `None` sorts first (never from a checked backup).
fn moment(r: &BackupReview) -> Option<DateTime<chrono::FixedOffset>> {
    DateTime::parse_from_rfc3339(&r.reviewed_at).ok()
}

/// The union of two logs of one card. Each review appears as many times as on the side
/// that has it most often; each side's own order is kept, the two interleaved by time
/// (ours first at equal times). Rows of ours keep their ids.
fn unite_logs(ours: &[(Option<i64>, BackupReview)], theirs: &[BackupReview]) -> Vec<(Option<i64>, BackupReview)> {
    let mut needed: HashMap<_, usize> = HashMap::new();
    for (key, n) in counts(ours.iter().map(|(_, r)| r))
        .into_iter()
        .chain(counts(theirs.iter()))
    {
        let slot = needed.entry(key).or_default();
        *slot = (*slot).max(n);
    }
    let mut written: HashMap<_, usize> = HashMap::new();
    let mut united = Vec::with_capacity(ours.len().max(theirs.len()));
    let (mut i, mut j) = (0, 0);
    while i < ours.len() || j < theirs.len() {
        let take_ours = j >= theirs.len() || (i < ours.len() && moment(&ours[i].1) <= moment(&theirs[j]));
        let (id, row) = if take_ours {
            i += 1;
            (ours[i - 1].0, &ours[i - 1].1)
        } else {
            j += 1;
            (None, &theirs[j - 1])
        };
        let key = identity(row);
        let done = written.entry(key).or_default();
        if *done < needed[&key] {
            *done += 1;
            united.push((id, row.clone()));
        }
    }
    united
}

/// How many times each review appears in a log.
fn counts<'a>(
    rows: impl Iterator<Item = &'a BackupReview>,
) -> HashMap<(&'a str, NaiveDate, Grade, Effect, Origin), usize> {
    let mut here = HashMap::new();
    for r in rows {
        *here.entry(identity(r)).or_default() += 1;
    }
    here
}

/// `rows` followed by `more`, each row's before and after replayed from the whole log.
fn replayed(
    mut rows: Vec<(Option<i64>, BackupReview)>,
    more: &[BackupReview],
    rules: &Rules,
) -> Vec<(Option<i64>, BackupReview)> {
    rows.extend(more.iter().map(|r| (None, r.clone())));
    let log: Vec<LoggedGrade> = rows.iter().map(|(_, r)| logged(r)).collect();
    for ((_, row), step) in rows.iter_mut().zip(replay_steps(&log, rules)) {
        let (before, after) = (step.before, step.after);
        row.ease_before = before.sm2.ease;
        row.interval_before = before.sm2.interval;
        row.reps_before = before.sm2.repetitions;
        row.lapses_before = before.lapses;
        row.due_before = before.due;
        row.last_reviewed_before = before.last_reviewed;
        row.last_grade_before = before.last_grade;
        row.first_reviewed_before = before.first_reviewed;
        row.ease_after = after.sm2.ease;
        row.interval_after = after.sm2.interval;
        row.reps_after = after.sm2.repetitions;
        row.due_after = after.due;
    }
    rows
}

/// A log row as replay reads it: the grade, and the step it recorded.
fn logged(r: &BackupReview) -> LoggedGrade {
    LoggedGrade {
        day: r.review_day,
        grade: r.grade,
        effect: r.effect,
        recorded: Some(RecordedStep {
            before: r.before(),
            sm2_after: r.sm2_after(),
            due_after: r.due_after,
        }),
    }
}

/// A card's progress after its (replayed) log: that of its last row.
fn progress_after(rows: &[(Option<i64>, BackupReview)], rules: &Rules) -> Progress {
    let log: Vec<LoggedGrade> = rows.iter().map(|(_, r)| logged(r)).collect();
    replay_steps(&log, rules)
        .last()
        .map_or_else(Progress::default, |step| step.after)
}

/// The largest counts and durations a backup may hold: far beyond any real use, small
/// enough that nothing downstream overflows.
const MAX_COUNT: u32 = 1_000_000;
const MAX_DURATION_MS: u64 = 24 * 3600 * 1000;
const MAX_EASE: f64 = 1_000.0;
const MAX_POSITION: i64 = 1_000_000_000;

/// The backup with every value checked as a grade would be, and its texts stripped of
/// terminal controls as an import strips them; or the first impossible value, named.
fn checked(backup: &Backup) -> std::result::Result<Backup, String> {
    let mut clean = backup.clone();
    for deck in &mut clean.decks {
        deck.name = clean_name(&deck.name);
        if deck.name.is_empty() {
            return Err("a deck has no name".to_string());
        }
        let name = deck.name.clone();
        let at_deck = |what: String| format!("deck \"{name}\": {what}");
        date(deck.interview, "interview date").map_err(at_deck)?;
        stamp(&deck.created_at, "creation time").map_err(at_deck)?;
        let mut guids = std::collections::HashSet::new();
        for card in &mut deck.cards {
            let guid = card.guid.clone();
            let at = |what: String| format!("card {guid} of deck \"{name}\": {what}");
            if card.guid.is_empty()
                || card.guid.len() > 64
                || !card.guid.chars().all(|c| c.is_ascii_graphic())
                || !guids.insert(card.guid.clone())
            {
                return Err(format!(
                    "a card of deck \"{name}\" has a guid that is empty, too long, not plain text or repeated"
                ));
            }
            check_card(card).map_err(at)?;
        }
        let guids: std::collections::HashSet<&str> = deck.cards.iter().map(|c| c.guid.as_str()).collect();
        for run in &deck.mock_runs {
            let at_run = |what: String| format!("mock run of {} in deck \"{name}\": {what}", run.started_at);
            stamp(&run.started_at, "start time").map_err(at_run)?;
            date(Some(run.run_day), "day").map_err(at_run)?;
            if run.limit_seconds == 0 {
                return Err(at_run("a time limit of 0 seconds".to_string()));
            }
            for answer in &run.answers {
                if !guids.contains(answer.card.as_str()) {
                    return Err(at_run(format!(
                        "an answer to card {}, which is not in the deck",
                        answer.card
                    )));
                }
                if !(0..=MAX_POSITION).contains(&answer.position) || answer.elapsed_ms > MAX_DURATION_MS {
                    return Err(at_run(format!("an impossible answer to card {}", answer.card)));
                }
                if let Some(at) = &answer.review {
                    stamp(at, "review time").map_err(at_run)?;
                }
            }
        }
    }
    let mut names = std::collections::HashSet::new();
    for story in &mut clean.stories {
        story.name = clean_name(&story.name);
        if let std::borrow::Cow::Owned(stripped) = strip_controls(&story.body) {
            story.body = stripped;
        }
        let at = |what: String| format!("story \"{}\": {what}", story.name);
        if story.name.is_empty() || !names.insert(story.name.to_lowercase()) {
            return Err("a story has no name, or the same name as another".to_string());
        }
        if story.guid.is_empty() || story.guid.len() > 64 || !story.guid.chars().all(|c| c.is_ascii_graphic()) {
            return Err(at("its guid is empty, too long or not plain text".to_string()));
        }
        stamp(&story.created_at, "creation time").map_err(at)?;
        stamp(&story.updated_at, "change time").map_err(at)?;
    }
    Ok(clean)
}

fn check_card(card: &mut BackupCard) -> std::result::Result<(), String> {
    for text in [
        &mut card.section,
        &mut card.item_text,
        &mut card.detail,
        &mut card.context,
        &mut card.answer,
    ] {
        if let std::borrow::Cow::Owned(stripped) = strip_controls(text) {
            *text = stripped;
        }
    }
    if card.item_text.trim().is_empty() {
        return Err("its item text is empty".to_string());
    }
    if !(0..=MAX_POSITION).contains(&card.position) {
        return Err(format!("position {} is out of range", card.position));
    }
    progress(&card.progress())?;
    stamp(&card.created_at, "creation time")?;
    stamp(&card.updated_at, "change time")?;
    if let Some(retired) = &card.retired_at {
        stamp(retired, "retirement time")?;
    }
    for review in &card.reviews {
        let at = |what: String| format!("review of {}: {what}", review.reviewed_at);
        stamp(&review.reviewed_at, "time").map_err(at)?;
        date(Some(review.review_day), "day").map_err(at)?;
        if review.duration_ms.is_some_and(|ms| ms > MAX_DURATION_MS) {
            return Err(at("a duration over a day".to_string()));
        }
        progress(&review.before()).map_err(at)?;
        progress(&Progress {
            sm2: review.sm2_after(),
            due: review.due_after,
            ..Progress::default()
        })
        .map_err(at)?;
    }
    Ok(())
}

/// A schedule within the limits a grade keeps.
fn progress(p: &Progress) -> std::result::Result<(), String> {
    if !p.sm2.ease.is_finite() || p.sm2.ease < MIN_EASE - 1e-9 || p.sm2.ease > MAX_EASE {
        return Err(format!("ease {} is outside {MIN_EASE} to {MAX_EASE}", p.sm2.ease));
    }
    if p.sm2.interval > MAX_INTERVAL {
        return Err(format!(
            "interval {} is over the {MAX_INTERVAL}-day cap",
            p.sm2.interval
        ));
    }
    if p.sm2.repetitions > MAX_COUNT || p.lapses > MAX_COUNT {
        return Err(format!(
            "{} repetitions and {} lapses are more than a card can have",
            p.sm2.repetitions, p.lapses
        ));
    }
    for (day, what) in [
        (p.due, "due date"),
        (p.last_reviewed, "last review day"),
        (p.first_reviewed, "first review day"),
    ] {
        date(day, what)?;
    }
    Ok(())
}

fn date(day: Option<NaiveDate>, what: &str) -> std::result::Result<(), String> {
    match day {
        Some(day) if day > LAST_DAY => Err(format!("{what} {day} is after {LAST_DAY}")),
        _ => Ok(()),
    }
}

fn stamp(text: &str, what: &str) -> std::result::Result<(), String> {
    match DateTime::parse_from_rfc3339(text) {
        Ok(at) if at.date_naive() <= LAST_DAY => Ok(()),
        _ => Err(format!("{what} \"{}\" is not an RFC 3339 time", strip_controls(text))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review(at: &str, grade: u8) -> BackupReview {
        BackupReview {
            reviewed_at: at.to_string(),
            review_day: NaiveDate::parse_from_str(&at[..10], "%Y-%m-%d").unwrap(),
            grade: Grade::new(grade).unwrap(),
            effect: Effect::Review,
            origin: Origin::Grade,
            duration_ms: None,
            ease_before: 2.5,
            interval_before: 0,
            reps_before: 0,
            lapses_before: 0,
            due_before: None,
            last_reviewed_before: None,
            last_grade_before: None,
            first_reviewed_before: None,
            ease_after: 2.5,
            interval_after: 1,
            reps_after: 1,
            due_after: None,
        }
    }

    fn times(rows: &[(Option<i64>, BackupReview)]) -> Vec<(Option<i64>, &str)> {
        rows.iter().map(|(id, r)| (*id, r.reviewed_at.as_str())).collect()
    }

    #[test]
    fn logs_unite_by_identity_keep_each_sides_order_and_interleave_by_time() {
        let a = review("2026-03-01T09:00:00+00:00", 4);
        let b = review("2026-03-03T09:00:00+00:00", 3);
        let c = review("2026-03-02T09:00:00+00:00", 5);
        // A clock set back: ours logged day 10 before day 5.
        let late = review("2026-03-10T09:00:00+00:00", 4);
        let early = review("2026-03-05T09:00:00+00:00", 2);
        let ours = vec![
            (Some(1), a.clone()),
            (Some(2), b.clone()),
            (Some(3), late),
            (Some(4), early),
        ];
        let theirs = vec![a.clone(), c, b.clone()];
        let united = unite_logs(&ours, &theirs);
        assert_eq!(
            times(&united),
            vec![
                (Some(1), "2026-03-01T09:00:00+00:00"),
                (None, "2026-03-02T09:00:00+00:00"),
                (Some(2), "2026-03-03T09:00:00+00:00"),
                (Some(3), "2026-03-10T09:00:00+00:00"),
                (Some(4), "2026-03-05T09:00:00+00:00"),
            ]
        );
        // The same review twice on one side is two reviews; on both sides, still two.
        let twice = vec![(Some(1), a.clone()), (Some(2), a.clone())];
        assert_eq!(unite_logs(&twice, &[a.clone(), a.clone()]).len(), 2);
        assert_eq!(unite_logs(&twice, std::slice::from_ref(&a)).len(), 2);
        assert_eq!(unite_logs(&[], &[a.clone(), b]).len(), 2);
    }
}

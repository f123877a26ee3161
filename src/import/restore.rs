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
//!   same kind and item text (as a re-import matches them). A local card is merged with one
//!   backup card at most, and one whose guid the backup holds is that card's, never
//!   another's by text. A card with the guid in another deck stays there, replayed under
//!   that deck's rules.
//! - Review logs are united: a review is identified by its time (`reviewed_at`), day,
//!   grade, effect and origin, and appears as many times as on the side that has it most
//!   often. The united log keeps each side's own order, interleaved by time; the card's
//!   schedule is replayed from it (`schedule::replay`).
//! - Answers are kept: when both sides wrote a different one, both are kept, the backup's
//!   under a marked line.
//! - Tags are united. The user's own front and back (`edit`) come back where this
//!   database has none; where both have one and they differ, this database's stays and
//!   the report names the backup's. A card added by hand is matched by its guid only (no
//!   document's card is it by text), and no restored document holds one.
//! - The interview date is restored when the deck has none; when both have one and they
//!   differ, the deck's is kept and the report says so.
//! - Mock runs are added unless the deck has a run that started at the same moment with the
//!   same seed.
//! - Stories merge like answers: one with the same guid, or else the same name, is the same
//!   story; when both texts differ both are kept, the backup's under a marked line; every
//!   link of the backup is added to the cards its cards became.
//! - Choices never overwrite one made here: a deck's scheduler from the backup applies to a
//!   deck the restore creates or one that follows the default; the default scheduler, FSRS's
//!   desired retention and its fitted parameters apply where this database has none set.
//!   The report says what was applied and what was kept.
//! - The documents a deck was imported from come back with the cards they hold, so that
//!   re-importing one (from the same path, or the same content from another) updates the
//!   deck whatever it is called now; unless this database already knows the path, or a
//!   document of the deck here already holds mostly the same cards (it is that document).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, NaiveDate};

use super::ItemChange;
use crate::domain::card::{LAST_DAY, MAX_INTERVAL, MIN_EASE, clean_tag};
use crate::domain::text::keep_both;
use crate::domain::{CardId, DeckId, Effect, Grade, Kind, Origin, Progress};
use crate::domain::{LoggedGrade, RecordedStep, Scheduler};
use crate::error::{Error, Result};
use crate::profile::text::strip_controls;
use crate::schedule::Rules;
use crate::schedule::fsrs::{DEFAULT_RETENTION, Model, RETENTION_RANGE};
use crate::schedule::replay::replay_steps;
use crate::store::{Backup, BackupCard, BackupReview, ChosenSettings, RestoreCard, Store};

/// The deepest a note entry of a restored document may nest (documents nest a few levels).
const MAX_NOTE_DEPTH: u32 = 32;

/// What restoring a backup did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestoreOutcome {
    pub decks: Vec<String>,
    /// Every deck the restore wrote into: the backup's, and those of cards found elsewhere.
    pub deck_ids: Vec<DeckId>,
    pub decks_created: usize,
    /// Cards the database did not have.
    pub added: Vec<ItemChange>,
    /// Backup cards that were already in the database, merged into them.
    pub merged: usize,
    pub reviews_added: usize,
    /// Cards whose answer differed on both sides: both are kept.
    pub answers_kept_both: usize,
    /// Tags the backup added to cards already here.
    pub tags_added: usize,
    /// Cards here that took the backup's own front or back (they had none).
    pub own_texts_restored: usize,
    pub mock_runs_added: usize,
    /// Stories the database did not have, and those whose text differed on both sides
    /// (both kept).
    pub stories_added: usize,
    pub stories_kept_both: usize,
    /// Documents restored with the cards they hold: re-importing one updates its deck.
    pub documents_restored: usize,
    /// Decks whose due dates are to be recomputed from the log: those whose scheduler
    /// (their own, or the default they follow) the restore changed, and those it wrote
    /// into that FSRS schedules.
    pub reschedule: Vec<DeckId>,
    /// The restore set FSRS's desired retention or parameters: every memory, and FSRS's
    /// due dates, are to be recomputed.
    pub fsrs_changed: bool,
    /// Sentences for the report: interview dates, schedulers and settings restored or kept.
    pub notes: Vec<String>,
}

/// The settings a restore writes, and what the report says about each.
#[derive(Debug, Clone, Default, PartialEq)]
struct SettingsMerge {
    /// Only the settings to write are set.
    apply: ChosenSettings,
    notes: Vec<String>,
}

/// One choice merged: the backup's fills a choice not made here, one made here is kept.
#[derive(Debug, Clone, PartialEq)]
struct MergedChoice<T> {
    /// The choice after the restore.
    now: Option<T>,
    /// The backup's choice, to write.
    fill: Option<T>,
    /// What the report says: the choice restored, or kept and the backup's named.
    note: Option<String>,
}

fn merge_choice<T: PartialEq + Copy + std::fmt::Display>(
    what: &str,
    ours: Option<T>,
    theirs: Option<T>,
) -> MergedChoice<T> {
    match (ours, theirs) {
        (None, Some(theirs)) => MergedChoice {
            now: Some(theirs),
            fill: Some(theirs),
            note: Some(format!("{what} {theirs} restored")),
        },
        (Some(ours), Some(theirs)) if ours != theirs => MergedChoice {
            now: Some(ours),
            fill: None,
            note: Some(format!("kept the {what} {ours}; the backup's was {theirs}")),
        },
        (ours, _) => MergedChoice {
            now: ours,
            fill: None,
            note: None,
        },
    }
}

/// The backup's settings fill those this database does not set; one set here is kept.
fn merge_settings(ours: &ChosenSettings, theirs: &ChosenSettings) -> SettingsMerge {
    let mut merge = SettingsMerge::default();
    let scheduler = merge_choice("default scheduler", ours.default_scheduler, theirs.default_scheduler);
    let retention = merge_choice(
        "FSRS desired retention",
        ours.desired_retention,
        theirs.desired_retention,
    );
    merge.apply.default_scheduler = scheduler.fill;
    merge.apply.desired_retention = retention.fill;
    merge.notes.extend(scheduler.note.into_iter().chain(retention.note));
    let fitted = |s: &ChosenSettings| match s.fitted_on.zip(s.fitted_from_reviews) {
        Some((day, reviews)) => format!(" (fitted on {day} from {reviews} reviews)"),
        None => String::new(),
    };
    if !theirs.fsrs_parameters.is_empty() {
        if ours.fsrs_parameters.is_empty() {
            merge.apply.fsrs_parameters.clone_from(&theirs.fsrs_parameters);
            merge.apply.fitted_on = theirs.fitted_on;
            merge.apply.fitted_from_reviews = theirs.fitted_from_reviews;
            merge
                .notes
                .push(format!("fitted FSRS parameters restored{}", fitted(theirs)));
        } else if ours.fsrs_parameters != theirs.fsrs_parameters {
            merge.notes.push(format!(
                "kept the FSRS parameters fitted here{}; the backup's differ{}",
                fitted(ours),
                fitted(theirs)
            ));
        }
    }
    merge
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
    let (backup, name_notes) = checked(backup).map_err(|problem| Error::InvalidBackup {
        path: path.to_path_buf(),
        problem,
    })?;
    let label = format!(
        "answer from the backup {} (exported {})",
        path.file_name()
            .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned()),
        backup.exported_at.get(..10).unwrap_or(&backup.exported_at)
    );
    let writer = store.begin_restore()?;
    let mut outcome = RestoreOutcome {
        notes: name_notes,
        ..RestoreOutcome::default()
    };
    let schedulers_before = writer.schedulers()?;
    let settings = merge_settings(&writer.chosen_settings()?, &backup.settings);
    writer.set_settings(&settings.apply)?;
    outcome.notes.extend(settings.notes);
    outcome.fsrs_changed = settings.apply.desired_retention.is_some() || !settings.apply.fsrs_parameters.is_empty();
    // A merged log is replayed under its deck's rules: its scheduler (or the default),
    // FSRS's parameters, its interview date; the backup's settings merged first.
    let model = writer.fsrs_model()?;
    let default_scheduler = writer.chosen_settings()?.default_scheduler.unwrap_or_default();
    // Every backup card's guid, and the card (and deck) it became here: stories and
    // documents link by them.
    let mut restored_cards: HashMap<&str, (CardId, DeckId)> = HashMap::new();
    // The local cards already merged with a backup card, and the guids the backup holds: a
    // local card whose guid the backup holds is that card's, never another's by text.
    let mut merged: HashSet<CardId> = HashSet::new();
    let backup_guids: HashSet<&str> = backup
        .decks
        .iter()
        .flat_map(|d| d.cards.iter().map(|c| c.guid.as_str()))
        .collect();
    for from in &backup.decks {
        let guids: Vec<&str> = from.cards.iter().map(|c| c.guid.as_str()).collect();
        let deck = writer.deck_for(&from.name, &from.created_at, &guids)?;
        outcome.decks.push(deck.name.clone());
        outcome.deck_ids.push(deck.id);
        outcome.decks_created += usize::from(deck.created);
        let interview = merge_choice("interview date", deck.interview, from.interview);
        if let Some(date) = interview.fill {
            writer.set_interview(deck.id, Some(date))?;
        }
        let scheduler = merge_choice("scheduler", deck.scheduler, from.scheduler);
        if let Some(scheduler) = scheduler.fill {
            writer.set_deck_scheduler(deck.id, Some(scheduler))?;
        }
        // A deck the restore creates takes its interview date without a word.
        let interview_note = interview.note.filter(|_| !(deck.created && interview.fill.is_some()));
        for note in interview_note.into_iter().chain(scheduler.note) {
            outcome.notes.push(format!("{}: {note}", deck.name));
        }
        let (interview, own_scheduler) = (interview.now, scheduler.now);
        let rules = Rules {
            interview,
            scheduler: own_scheduler.unwrap_or(default_scheduler),
            model: &model,
        };
        let mut cards = writer.deck_cards(deck.id)?;
        let mut by_guid: HashMap<String, usize> = cards.iter().enumerate().map(|(i, c)| (c.guid.clone(), i)).collect();
        let mut by_text: HashMap<(Kind, String), Vec<usize>> = HashMap::new();
        for (i, card) in cards.iter().enumerate().filter(|(_, c)| !c.by_hand) {
            by_text
                .entry(text_key(card.kind, &card.item_text, &card.detail))
                .or_default()
                .push(i);
        }
        let card_ids = &mut restored_cards;
        for theirs in &from.cards {
            on_card();
            // A local card is merged with one backup card at most: the one with its guid
            // if the backup has it, else the first with its text.
            let free = |i: &usize| !merged.contains(&cards[*i].id);
            let by_text_free = |i: &usize| free(i) && !backup_guids.contains(cards[*i].guid.as_str());
            let found = by_guid.get(&theirs.guid).copied().filter(free).or_else(|| {
                by_text
                    .get(&text_key(theirs.kind, &theirs.item_text, &theirs.detail))
                    .filter(|_| !theirs.by_hand)
                    .and_then(|candidates| candidates.iter().copied().find(by_text_free))
            });
            let ours = match found {
                Some(i) => Some(cards[i].clone()),
                None => writer
                    .card_elsewhere(&theirs.guid, deck.id)?
                    .filter(|card| !merged.contains(&card.id)),
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
                card_ids.insert(&theirs.guid, (id, deck.id));
                merged.insert(id);
                cards.push(RestoreCard {
                    id,
                    deck: deck.id,
                    guid: theirs.guid.clone(),
                    kind: theirs.kind,
                    item_text: theirs.item_text.clone(),
                    detail: theirs.detail.clone(),
                    answer: theirs.answer.clone(),
                    own_front: theirs.own_front.clone(),
                    own_back: theirs.own_back.clone(),
                    by_hand: theirs.by_hand,
                    tags: theirs.tags.clone(),
                    progress,
                    log: Vec::new(),
                });
                by_guid.insert(theirs.guid.clone(), cards.len() - 1);
                continue;
            };
            outcome.merged += 1;
            merged.insert(ours.id);
            card_ids.insert(&theirs.guid, (ours.id, ours.deck));
            // A card found in another deck is replayed under that deck's rules.
            let elsewhere_rules;
            let rules = if ours.deck == deck.id {
                &rules
            } else {
                if !outcome.deck_ids.contains(&ours.deck) {
                    outcome.deck_ids.push(ours.deck);
                }
                let home = writer.deck(ours.deck)?;
                elsewhere_rules = Rules {
                    interview: home.interview,
                    scheduler: home.scheduler.unwrap_or(default_scheduler),
                    model: &model,
                };
                &elsewhere_rules
            };
            outcome.tags_added += writer.add_tags(ours.id, &theirs.tags)?;
            let own = merge_own_texts(&ours, theirs);
            if own.front.is_some() || own.back.is_some() {
                writer.fill_own_texts(ours.id, own.front.as_deref(), own.back.as_deref(), stamp)?;
                outcome.own_texts_restored += 1;
            }
            if !own.kept.is_empty() {
                outcome.notes.push(kept_sentence(&deck.name, ours.id, &own.kept));
            }
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
                let rows = replayed(united, &[], rules);
                let progress = progress_after(&rows, rules);
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
                let Some(&(card, _)) = card_ids.get(answer.card.as_str()) else {
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
        for document in &from.documents {
            if writer.document_known(&document.path)? {
                writer.fill_document_notes(&document.path, &document.notes)?;
                continue;
            }
            let mut held: Vec<CardId> = document
                .cards
                .iter()
                .filter_map(|guid| card_ids.get(guid.as_str()))
                .filter(|(_, in_deck)| *in_deck == deck.id)
                .map(|(card, _)| *card)
                .collect();
            held.dedup();
            let here_already = writer.deck_documents(deck.id)?.iter().any(|ours| {
                let shared = ours.iter().filter(|card| held.contains(card)).count();
                super::mostly_shared(shared, ours.len(), held.len())
            });
            if !here_already {
                writer.insert_document(deck.id, document, &held)?;
                outcome.documents_restored += 1;
            }
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
                Some(&(card, _)) => Some(card),
                None => writer.card_by_guid(guid)?,
            };
            if let Some(card) = card {
                writer.link_story(id, card, stamp)?;
            }
        }
    }
    let schedulers_after = writer.schedulers()?;
    // A log carries the due dates of the rules it was graded under: a deck now under
    // FSRS, or under another scheduler than before, has its due dates recomputed.
    outcome.reschedule = schedulers_after
        .iter()
        .filter(|&(deck, after)| {
            schedulers_before.get(deck).is_some_and(|before| before != after)
                || (*after == Scheduler::Fsrs && outcome.deck_ids.contains(deck))
        })
        .map(|(deck, _)| *deck)
        .collect();
    outcome.reschedule.sort_unstable();
    writer.finish(!dry_run)?;
    Ok(outcome)
}

/// The user's own texts of a card here and of the same card in a backup, merged.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct OwnMerge {
    /// The backup's own front and back, to fill in where this database has none.
    front: Option<String>,
    back: Option<String>,
    /// The sides (`front`, `back`) kept here over a different text of the backup's, with
    /// the backup's text.
    kept: Vec<(&'static str, String)>,
}

/// The backup's own front and back fill those this card lacks; where both have one and
/// they differ (or both are hand-made cards whose texts differ), this database's stays.
fn merge_own_texts(ours: &RestoreCard, theirs: &BackupCard) -> OwnMerge {
    let sides = if ours.by_hand && theirs.by_hand {
        [
            ("front", Some(&ours.item_text), Some(&theirs.item_text)),
            ("back", Some(&ours.detail), Some(&theirs.detail)),
        ]
    } else {
        [
            ("front", ours.own_front.as_ref(), theirs.own_front.as_ref()),
            ("back", ours.own_back.as_ref(), theirs.own_back.as_ref()),
        ]
    };
    let mut merge = OwnMerge::default();
    for (side, here, there) in sides {
        match (here, there) {
            (None, Some(there)) if !ours.by_hand => {
                let fill = if side == "front" {
                    &mut merge.front
                } else {
                    &mut merge.back
                };
                *fill = Some(there.clone());
            }
            (Some(here), Some(there)) if here.trim() != there.trim() => merge.kept.push((side, there.clone())),
            _ => {}
        }
    }
    merge
}

/// The report's sentence for the texts a card kept over the backup's.
fn kept_sentence(deck: &str, card: CardId, kept: &[(&str, String)]) -> String {
    let sides: Vec<&str> = kept.iter().map(|(side, _)| *side).collect();
    let theirs: Vec<String> = kept
        .iter()
        .map(|(_, text)| format!("“{}”", crate::ui::truncate(&crate::ui::safe_line(text), 50)))
        .collect();
    format!(
        "{deck}: card #{card} keeps the {} written here; the backup's {} {}",
        sides.join(" and "),
        crate::wording::agreeing(kept.len(), "was", "were"),
        theirs.join(" and ")
    )
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

/// The backup with every value checked as a grade would be, its texts stripped of
/// terminal controls as an import strips them and its names cut to the longest a name may
/// be (with a note for each cut); or the first impossible value, named.
fn checked(backup: &Backup) -> std::result::Result<(Backup, Vec<String>), String> {
    let mut clean = backup.clone();
    let mut notes = Vec::new();
    let mut bounded = |name: &str, what: &str| {
        let (kept, cut_from) = crate::names::shortened(name);
        if let Some(chars) = cut_from {
            notes.push(format!("\"{kept}\": {}", crate::names::shortened_note(what, chars)));
        }
        kept
    };
    // Guids are unique in a database, so in a backup of one too.
    let mut every_guid = std::collections::HashSet::new();
    for deck in &mut clean.decks {
        deck.name = bounded(&deck.name, "deck");
        if deck.name.is_empty() {
            return Err("a deck has no name".to_string());
        }
        let name = deck.name.clone();
        let at_deck = |what: String| format!("deck \"{name}\": {what}");
        date(deck.interview, "interview date").map_err(at_deck)?;
        stamp(&deck.created_at, "creation time").map_err(at_deck)?;
        for card in &mut deck.cards {
            let guid = card.guid.clone();
            let at = |what: String| format!("card {guid} of deck \"{name}\": {what}");
            if card.guid.is_empty()
                || card.guid.len() > 64
                || !card.guid.chars().all(|c| c.is_ascii_graphic())
                || !every_guid.insert(card.guid.clone())
            {
                return Err(format!(
                    "a card of deck \"{name}\" has a guid that is empty, too long, not plain text or repeated"
                ));
            }
            check_card(card).map_err(at)?;
        }
        let guids: std::collections::HashSet<&str> = deck.cards.iter().map(|c| c.guid.as_str()).collect();
        let by_hand: std::collections::HashSet<&str> = deck
            .cards
            .iter()
            .filter(|c| c.by_hand)
            .map(|c| c.guid.as_str())
            .collect();
        for document in &mut deck.documents {
            if let std::borrow::Cow::Owned(stripped) = strip_controls(&document.path) {
                document.path = stripped;
            }
            let at_document = |what: String| format!("document \"{}\" of deck \"{name}\": {what}", document.path);
            if document.path.trim().is_empty() {
                return Err(format!("a document of deck \"{name}\" has no path"));
            }
            stamp(&document.imported_at, "import time").map_err(at_document)?;
            if let Some(guid) = document.cards.iter().find(|guid| !guids.contains(guid.as_str())) {
                return Err(at_document(format!("it holds card {guid}, which is not in the deck")));
            }
            if let Some(guid) = document.cards.iter().find(|guid| by_hand.contains(guid.as_str())) {
                return Err(at_document(format!(
                    "it holds card {guid}, which was added by hand (no document holds one)"
                )));
            }
            for note in &mut document.notes {
                if note.entries.iter().any(|e| e.depth > MAX_NOTE_DEPTH) {
                    return Err(at_document(format!(
                        "a note of it nests deeper than {MAX_NOTE_DEPTH} levels"
                    )));
                }
                for text in std::iter::once(&mut note.heading).chain(note.entries.iter_mut().map(|e| &mut e.text)) {
                    if let std::borrow::Cow::Owned(stripped) = strip_controls(text) {
                        *text = stripped;
                    }
                }
            }
        }
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
    check_settings(&clean.settings)?;
    let mut names = std::collections::HashSet::new();
    for story in &mut clean.stories {
        story.name = bounded(&story.name, "story");
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
    Ok((clean, notes))
}

/// Settings FSRS can run with.
fn check_settings(settings: &ChosenSettings) -> std::result::Result<(), String> {
    if let Some(retention) = settings.desired_retention
        && !RETENTION_RANGE.contains(&retention)
    {
        return Err(format!(
            "the desired retention {retention} is outside {}-{}",
            RETENTION_RANGE.start(),
            RETENTION_RANGE.end()
        ));
    }
    Model::new(&settings.fsrs_parameters, DEFAULT_RETENTION)
        .map_err(|e| format!("its FSRS parameters are not usable ({e})"))?;
    date(settings.fitted_on, "the day FSRS was fitted")?;
    if settings.fitted_from_reviews.is_some_and(|n| n > MAX_COUNT as usize) {
        return Err("FSRS was fitted from more reviews than a database can hold".to_string());
    }
    Ok(())
}

fn check_card(card: &mut BackupCard) -> std::result::Result<(), String> {
    for text in [
        &mut card.section,
        &mut card.item_text,
        &mut card.detail,
        &mut card.context,
        &mut card.answer,
    ]
    .into_iter()
    .chain(card.own_front.as_mut())
    .chain(card.own_back.as_mut())
    {
        if let std::borrow::Cow::Owned(stripped) = strip_controls(text) {
            *text = stripped;
        }
    }
    if card.item_text.trim().is_empty() {
        return Err("its item text is empty".to_string());
    }
    if card.own_front.as_deref().is_some_and(|f| f.trim().is_empty()) {
        return Err("its own front is empty".to_string());
    }
    if card.by_hand && (card.own_front.is_some() || card.own_back.is_some()) {
        return Err("it was added by hand, so no document's text stands under its own texts".to_string());
    }
    if card.by_hand && card.retired_at.is_some() {
        return Err("it was added by hand, so no document can retire it".to_string());
    }
    let mut tags: Vec<String> = Vec::with_capacity(card.tags.len());
    for tag in &card.tags {
        let tag = clean_tag(tag).map_err(|_| format!("\"{}\" is not a tag", strip_controls(tag)))?;
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            tags.push(tag);
        }
    }
    card.tags = tags;
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

    fn settings(scheduler: Option<Scheduler>, retention: Option<f64>, parameters: &[f32]) -> ChosenSettings {
        ChosenSettings {
            default_scheduler: scheduler,
            desired_retention: retention,
            fsrs_parameters: parameters.to_vec(),
            fitted_on: (!parameters.is_empty()).then(|| NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()),
            fitted_from_reviews: (!parameters.is_empty()).then_some(900),
        }
    }

    #[test]
    fn settings_from_a_backup_fill_only_what_is_not_set_here() {
        let fitted = fsrs::DEFAULT_PARAMETERS.map(|p| p * 1.02);
        let theirs = settings(Some(Scheduler::Fsrs), Some(0.95), &fitted);
        // Nothing set here: everything applies, and each is reported.
        let merge = merge_settings(&ChosenSettings::default(), &theirs);
        assert_eq!(merge.apply, theirs);
        assert_eq!(
            merge.notes,
            vec![
                "default scheduler fsrs restored",
                "FSRS desired retention 0.95 restored",
                "fitted FSRS parameters restored (fitted on 2026-02-01 from 900 reviews)"
            ]
        );
        // Everything set here, differently: nothing applies, each kept choice is reported.
        let ours = settings(Some(Scheduler::Sm2), Some(0.9), &fsrs::DEFAULT_PARAMETERS);
        let merge = merge_settings(&ours, &theirs);
        assert_eq!(merge.apply, ChosenSettings::default());
        assert_eq!(
            merge.notes,
            vec![
                "kept the default scheduler sm2; the backup's was fsrs",
                "kept the FSRS desired retention 0.9; the backup's was 0.95",
                "kept the FSRS parameters fitted here (fitted on 2026-02-01 from 900 reviews); the backup's differ \
                 (fitted on 2026-02-01 from 900 reviews)"
            ]
        );
        // The same choices on both sides, or none in the backup: nothing to do or say.
        assert_eq!(merge_settings(&theirs, &theirs), SettingsMerge::default());
        assert_eq!(
            merge_settings(&ours, &ChosenSettings::default()),
            SettingsMerge::default()
        );
    }

    /// A store holding one deck fed by `/test.md`, its first card graded, the deck under
    /// FSRS and FSRS aiming at 0.95.
    fn chosen_store() -> Store {
        let mut store = crate::import::test_store(QUARRY);
        grade_on(&mut store, 1, 5, "2026-03-01");
        store.set_deck_scheduler(DeckId(1), Some(Scheduler::Fsrs)).unwrap();
        store.set_desired_retention(Some(0.95)).unwrap();
        let model = store.fsrs_model().unwrap();
        crate::study::reschedule::reschedule_deck(
            &mut store,
            DeckId(1),
            &model,
            crate::study::reschedule::Recompute::DueDates { today: NaiveDate::MIN },
        )
        .unwrap();
        store
    }

    fn restore_into(store: &mut Store, backup: &Backup) -> RestoreOutcome {
        restore(
            store,
            Path::new("/backup.json"),
            backup,
            "2026-03-02T09:00:00+00:00",
            false,
            &mut || {},
        )
        .unwrap()
    }

    #[test]
    fn a_restore_brings_the_decks_scheduler_settings_and_documents_into_a_new_database() {
        let source = chosen_store();
        let backup = source.backup(&[DeckId(1)], true, "2026-03-02T09:00:00+00:00").unwrap();
        assert_eq!(backup.decks[0].scheduler, Some(Scheduler::Fsrs));
        assert_eq!(backup.decks[0].documents.len(), 1);
        assert_eq!(backup.decks[0].documents[0].path, "/test.md");
        assert_eq!(backup.decks[0].documents[0].cards.len(), 2);
        assert_eq!(backup.settings.desired_retention, Some(0.95));

        let mut fresh = Store::open_in_memory().unwrap();
        let outcome = restore_into(&mut fresh, &backup);
        assert_eq!(outcome.documents_restored, 1);
        assert!(outcome.fsrs_changed);
        assert_eq!(outcome.reschedule, vec![DeckId(1)], "a deck under FSRS");
        let deck = fresh.deck(DeckId(1)).unwrap();
        assert_eq!(deck.scheduler, Some(Scheduler::Fsrs));
        assert_eq!(fresh.fsrs_settings().unwrap().desired_retention, Some(0.95));
        // The document is known again, holding the cards it held.
        let again = fresh.backup(&[DeckId(1)], true, "2026-03-02T09:00:00+00:00").unwrap();
        assert_eq!(again.decks[0].documents, backup.decks[0].documents);
        // A second restore adds no document and changes no rule.
        let outcome = restore_into(&mut fresh, &backup);
        assert_eq!((outcome.documents_restored, outcome.fsrs_changed), (0, false));
    }

    #[test]
    fn a_deck_following_the_default_takes_the_backups_scheduler_and_a_chosen_one_stays() {
        let backup = chosen_store()
            .backup(&[DeckId(1)], true, "2026-03-02T09:00:00+00:00")
            .unwrap();
        let mut follows = crate::import::test_store(QUARRY);
        let outcome = restore_into(&mut follows, &backup);
        assert_eq!(follows.deck(DeckId(1)).unwrap().scheduler, Some(Scheduler::Fsrs));
        assert_eq!(outcome.reschedule, vec![DeckId(1)]);
        assert!(outcome.notes.contains(&"Quarry: scheduler fsrs restored".to_string()));

        let mut chosen = crate::import::test_store(QUARRY);
        chosen.set_deck_scheduler(DeckId(1), Some(Scheduler::Sm2)).unwrap();
        let outcome = restore_into(&mut chosen, &backup);
        assert_eq!(chosen.deck(DeckId(1)).unwrap().scheduler, Some(Scheduler::Sm2));
        assert!(outcome.reschedule.is_empty());
        assert!(
            outcome
                .notes
                .contains(&"Quarry: kept the scheduler sm2; the backup's was fsrs".to_string())
        );
    }

    const QUARRY: &str = "# Company Profile: Quarry\n## Common Questions\n- Why mining?\n- Tell me about telemetry.\n";

    /// Grades card `card` of `store` with a normal review at 09:00 on `day`.
    fn grade_on(store: &mut Store, card: i64, grade: u8, day: &str) {
        let given = crate::study::grading::GradeGiven {
            card: CardId(card),
            grade: Grade::new(grade).unwrap(),
            mode: crate::schedule::Mode::Review,
            origin: Origin::Grade,
            day: day.parse().unwrap(),
            stamp: crate::testing::stamp(&format!("{day}T09:00:00+00:00")),
            took: None,
        };
        crate::study::grading::record(store, &given).unwrap();
    }

    /// A backup card's one review moved to 09:00 on `day`.
    fn moved_review(card: &BackupCard, day: &str) -> Vec<BackupReview> {
        let mut review = card.reviews[0].clone();
        let day: NaiveDate = day.parse().unwrap();
        let shift = day - review.review_day;
        review.reviewed_at = format!("{day}T09:00:00+00:00");
        review.review_day = day;
        review.due_after = review.due_after.map(|due| due + shift);
        vec![review]
    }

    fn review_days(store: &Store, card: CardId) -> Vec<String> {
        let logs = store.logs(None).unwrap();
        let log = logs
            .iter()
            .find(|(id, _)| *id == card)
            .map(|(_, log)| log.clone())
            .unwrap_or_default();
        log.iter().map(|l| l.day.to_string()).collect()
    }

    /// Backup card A (a new guid, the text of local card X) comes before backup card B
    /// (X's guid, reworded): B is X, and A a card of its own; X never takes both histories.
    #[test]
    fn a_local_card_merges_with_one_backup_card_and_its_guid_twin_wins() {
        let mut store = crate::import::test_store(QUARRY);
        grade_on(&mut store, 1, 4, "2026-03-01");
        let mut backup = store.backup(&[DeckId(1)], true, "2026-03-09T09:00:00+00:00").unwrap();
        let x = backup.decks[0].cards[0].clone();
        let mut a = x.clone();
        a.guid = "a0000000000000000001".to_string();
        a.reviews = moved_review(&x, "2026-03-05");
        let mut b = x.clone();
        b.item_text = "Why mining, really?".to_string();
        b.reviews = moved_review(&x, "2026-03-06");
        backup.decks[0].cards = vec![a, b];
        backup.decks[0].documents.clear();

        let outcome = restore_into(&mut store, &backup);
        assert_eq!(outcome.merged, 1, "{outcome:?}");
        assert_eq!(outcome.added.len(), 1);
        assert_eq!(review_days(&store, CardId(1)), vec!["2026-03-01", "2026-03-06"]);
        let a_card = store.card(CardId(3)).unwrap();
        assert_eq!(a_card.guid, "a0000000000000000001");
        assert_eq!(review_days(&store, a_card.id), vec!["2026-03-05"]);
        assert_eq!(store.schedule_problems().unwrap(), vec![]);
        // Restoring again adds nothing.
        let again = restore_into(&mut store, &backup);
        assert_eq!((again.merged, again.added.len(), again.reviews_added), (2, 0, 0));
    }

    /// A backup card whose guid is in another deck here merges into that card, replayed
    /// under that deck's scheduler and interview date, not the one being restored.
    #[test]
    fn a_card_found_in_another_deck_is_replayed_under_its_own_decks_rules() {
        let mut store = crate::import::test_store(QUARRY);
        crate::import::add_test_profile(
            &mut store,
            "# Company Profile: Kelp\n## Common Questions\n- Why kelp?\n- Why the ocean?\n",
            "/kelp.md",
        );
        grade_on(&mut store, 1, 4, "2026-03-01");
        store.set_deck_scheduler(DeckId(1), Some(Scheduler::Fsrs)).unwrap();
        store
            .set_interview(DeckId(1), Some("2026-03-20".parse().unwrap()))
            .unwrap();
        let model = store.fsrs_model().unwrap();
        crate::study::reschedule::reschedule_deck(
            &mut store,
            DeckId(1),
            &model,
            crate::study::reschedule::Recompute::DueDates { today: NaiveDate::MIN },
        )
        .unwrap();
        // Kelp's backup holds Quarry's first card too (moved there on another machine),
        // with a second review.
        let mut backup = store
            .backup(&[DeckId(1), DeckId(2)], true, "2026-03-09T09:00:00+00:00")
            .unwrap();
        let mut moved = backup.decks[0].cards[0].clone();
        let mut second = moved.reviews[0].clone();
        second.reviewed_at = "2026-03-02T09:00:00+00:00".to_string();
        second.review_day = "2026-03-02".parse().unwrap();
        moved.reviews.push(second);
        backup.decks[1].cards.push(moved);
        backup.decks.remove(0);

        let outcome = restore_into(&mut store, &backup);
        assert_eq!(outcome.reviews_added, 1);
        assert_eq!(outcome.deck_ids, vec![DeckId(2), DeckId(1)]);
        let card = store.card(CardId(1)).unwrap();
        assert_eq!(card.deck, "Quarry", "the card stays in its deck");
        let log = store.logs(Some(DeckId(1))).unwrap().remove(0).1;
        let rules_of = |scheduler, interview| Rules {
            interview,
            scheduler,
            model: &model,
        };
        let own = crate::schedule::replay(&log, &rules_of(Scheduler::Fsrs, Some("2026-03-20".parse().unwrap())));
        let kelps = crate::schedule::replay(&log, &rules_of(Scheduler::Sm2, None));
        assert_ne!(own.due, kelps.due, "the two decks' rules give different dates");
        assert_eq!(card.progress.due, own.due);
    }
}

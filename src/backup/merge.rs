//! Merging a checked backup into a database (SPEC §7), in one transaction: on a new machine
//! after the profiles were imported, on the machine that made it, or to bring two
//! machines' histories together. Every order of any number of merges of the same files
//! gives the same database, and merging again changes nothing.
//!
//! - Identity: every guid is read through the aliases both sides know (the smallest of
//!   those linked is the one used). A backup deck is the deck with its guid, else the one
//!   already holding most of its cards, else the deck of its name; a card is the one with
//!   its guid (in any deck: it stays there), else one of the deck with the same kind and
//!   text (as a re-import matches them; never a card added by hand, never one whose guid
//!   the backup holds); a story is the one with its guid, else the one of its name. Two
//!   guids found to name one thing become aliases, and the larger is renamed to the
//!   smaller everywhere, so the next merge finds everything by guid.
//! - Values the user edits: the versions of both sides are united, and each register shows
//!   its winner (latest time, then machine, then value). A value the file shows without a
//!   version saying so (a backup from before versions, a file edited by hand) is taken as
//!   changed when its card, story or deck last changed, by the file's machine. Nothing is
//!   ever concatenated, and a removal stays removed until a later change.
//! - What a document gives a card (its text, place, retirement) is one value: the later of
//!   the two sides' (by the time it last changed).
//! - Review logs are united: a review is identified by its time (`reviewed_at`), day,
//!   grade, effect and origin, and appears as many times as on the side that has it most
//!   often; the united log is in time order. A card whose log changed is replayed under its
//!   deck's merged rules, its due date the one its last review sets under them.
//! - Mock runs are added unless the deck has a run that started at the same moment with the
//!   same seed; documents come back with the cards they hold unless this database knows
//!   the path, or a document of the deck here already holds mostly the same cards.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::DateTime;

use super::format::{Backup, BackupCard, BackupDeck, BackupReview};
use super::validate::Checked;
use crate::domain::version::{Field, Register, Stamp, Subject, Version, winners};
use crate::domain::{CardId, DeckId, Effect, Kind, LoggedGrade, Progress, RecordedStep};
use crate::error::Result;
use crate::report::import::ItemLine;
use crate::schedule::Rules;
use crate::schedule::grade::due_after_last_review;
use crate::schedule::replay::{Step, replay_steps};
use crate::store::value::{FittedParameters, Value, text_value};
use crate::store::{CardContent, RestoreCard, RestoreDeck, RestoreWriter, Store};
use crate::study::reschedule::{Recompute, reschedule_decks};

/// What merging a backup did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeOutcome {
    /// The decks of the backup, as named here.
    pub decks: Vec<String>,
    /// Every deck the merge wrote into.
    pub deck_ids: Vec<DeckId>,
    pub decks_created: usize,
    /// Cards the database did not have.
    pub added: Vec<ItemLine>,
    /// Backup cards that were already here.
    pub merged: usize,
    pub reviews_added: usize,
    /// Versions this database did not hold.
    pub versions_learned: usize,
    /// Values that took another value, and values cleared or removed, by subject.
    pub values_set: BTreeMap<Subject, usize>,
    pub values_removed: BTreeMap<Subject, usize>,
    /// Decks of the backup removed here (or by the merge): their cards are not restored.
    pub decks_skipped: usize,
    pub mock_runs_added: usize,
    /// Documents restored with the cards they hold: re-importing one updates its deck.
    pub documents_restored: usize,
    /// Decks whose interview date or scheduler the merge changed: to be recomputed as
    /// `interview` does.
    pub rules_changed: Vec<DeckId>,
    /// The default scheduler or FSRS's settings changed: every deck is to be recomputed.
    pub settings_changed: bool,
    /// Sentences for the report.
    pub notes: Vec<String>,
}

impl MergeOutcome {
    /// Whether the merge changed anything at all.
    #[cfg(test)]
    #[must_use]
    pub fn changed_anything(&self) -> bool {
        self.decks_created > 0
            || !self.added.is_empty()
            || self.reviews_added > 0
            || self.versions_learned > 0
            || !self.values_set.is_empty()
            || !self.values_removed.is_empty()
            || self.mock_runs_added > 0
            || self.documents_restored > 0
    }
}

/// Guids known to name one thing, each read as the smallest of those linked to it.
#[derive(Debug, Default)]
struct Identities {
    canonical: HashMap<String, String>,
    members: HashMap<String, Vec<String>>,
}

impl Identities {
    fn of(&self, guid: &str) -> String {
        self.canonical.get(guid).cloned().unwrap_or_else(|| guid.to_string())
    }

    /// Links `a` and `b`; when that joins two sets, returns the guid that stops being used
    /// and the one used instead.
    fn join(&mut self, a: &str, b: &str) -> Option<(String, String)> {
        let (ca, cb) = (self.of(a), self.of(b));
        if ca == cb {
            return None;
        }
        let (kept, gone) = if ca < cb { (ca, cb) } else { (cb, ca) };
        let moved = self.members.remove(&gone).unwrap_or_else(|| vec![gone.clone()]);
        let class = self.members.entry(kept.clone()).or_insert_with(|| vec![kept.clone()]);
        for member in moved {
            self.canonical.insert(member.clone(), kept.clone());
            class.push(member);
        }
        Some((gone, kept))
    }
}

/// Links two guids found to name one thing: recorded as an alias, and the one no longer
/// used renamed everywhere here.
fn identify(writer: &RestoreWriter<'_>, ids: &mut Identities, a: &str, b: &str) -> Result<()> {
    if a == b {
        return Ok(());
    }
    let (alias, canonical) = if a < b { (b, a) } else { (a, b) };
    writer.add_alias(alias, canonical)?;
    if let Some((gone, kept)) = ids.join(a, b) {
        writer.rename_guid(&gone, &kept)?;
    }
    Ok(())
}

/// Merges a checked backup in one transaction (with `dry_run`, rolled back: the outcome
/// says what it would do). `on_card` is called as each backup card is done.
pub fn merge(store: &mut Store, checked: &Checked, dry_run: bool, on_card: &mut dyn FnMut()) -> Result<MergeOutcome> {
    let writer = store.begin_restore()?;
    let mut merging = Merging {
        writer: &writer,
        ids: Identities::default(),
        outcome: MergeOutcome {
            notes: checked.notes.clone(),
            ..MergeOutcome::default()
        },
    };
    merging.learn_identities(checked)?;
    let unknown_stories = merging.unknown_stories(&checked.backup)?;
    for version in &checked.versions {
        merging.learn(version)?;
    }
    let into = merging.decks_and_cards(&checked.backup, on_card)?;
    merging.stories_by_name(&checked.backup, &unknown_stories)?;
    merging.values(checked, &into)?;
    let card_ids = merging.logs(&checked.backup, &into)?;
    merging.runs_and_documents(&checked.backup, &into, &card_ids)?;
    let mut outcome = merging.outcome;
    outcome.deck_ids.sort_unstable();
    outcome.deck_ids.dedup();
    writer.finish(!dry_run)?;
    Ok(outcome)
}

/// A merge under way: the transaction it writes through, the guids it knows to name one
/// thing, and what it did so far.
struct Merging<'a, 'w> {
    writer: &'a RestoreWriter<'w>,
    ids: Identities,
    outcome: MergeOutcome,
}

/// Where each backup card went: its guid in the file → its card and deck here.
type CardsHere = HashMap<String, (CardId, DeckId)>;

impl Merging<'_, '_> {
    /// The aliases both sides know, each pair's larger guid renamed to the smaller here.
    fn learn_identities(&mut self, checked: &Checked) -> Result<()> {
        for (alias, canonical) in self.writer.aliases()? {
            self.ids.join(&alias, &canonical);
        }
        for (alias, canonical) in &checked.aliases {
            identify(self.writer, &mut self.ids, alias, canonical)?;
        }
        Ok(())
    }

    /// Learns a version (its guids read through the aliases), counting it when it is new.
    fn learn(&mut self, version: &Version) -> Result<()> {
        let learned = self.writer.learn(&mapped(version, &self.ids))?;
        self.outcome.versions_learned += usize::from(learned);
        Ok(())
    }

    /// The file's stories this database knows by none of their guids, before it learns the
    /// file's versions (one it does not know may be one it has under another guid, by
    /// name).
    fn unknown_stories(&self, backup: &Backup) -> Result<HashSet<String>> {
        let mut unknown = HashSet::new();
        for story in &backup.stories {
            let guid = self.ids.of(&story.guid);
            if self.writer.story_by_guid(&guid)?.is_none()
                && self.writer.winner(&Register::story(&guid, Field::Present))?.is_none()
            {
                unknown.insert(story.guid.clone());
            }
        }
        Ok(unknown)
    }

    /// Decks and cards, found or made, their guids made one. Returns, for each backup deck,
    /// the guid of the deck it went into (`None`: removed here, and left out).
    fn decks_and_cards(&mut self, backup: &Backup, on_card: &mut dyn FnMut()) -> Result<Vec<Option<String>>> {
        let file_cards: HashSet<String> = backup
            .decks
            .iter()
            .flat_map(|d| d.cards.iter().map(|c| self.ids.of(&c.guid)))
            .collect();
        let mut matched: HashSet<CardId> = HashSet::new();
        let mut into: Vec<Option<String>> = Vec::with_capacity(backup.decks.len());
        for from in &backup.decks {
            let Some(deck) = self.deck_for(from)? else {
                self.outcome.decks_skipped += 1;
                into.push(None);
                from.cards.iter().for_each(|_| on_card());
                continue;
            };
            self.outcome.decks_created += usize::from(deck.created);
            self.outcome.decks.push(deck.name.clone());
            self.outcome.deck_ids.push(deck.id);
            into.push(Some(deck.guid.clone()));
            self.cards(&deck, from, &file_cards, &mut matched, on_card)?;
        }
        Ok(into)
    }

    /// The deck a backup deck goes into: the one with its guid, else the one holding most
    /// of its cards, else the one of its name, else a new one; `None` when it was removed
    /// here.
    fn deck_for(&mut self, from: &BackupDeck) -> Result<Option<RestoreDeck>> {
        let guid = from.guid.as_deref().map(|g| self.ids.of(g));
        if let Some(guid) = &guid
            && removed(self.writer, &Register::deck(guid, Field::Present))?
        {
            return Ok(None);
        }
        let mut found = match &guid {
            Some(guid) => self.writer.deck_by_guid(guid)?,
            None => None,
        };
        if found.is_none() {
            let card_guids: Vec<String> = from.cards.iter().map(|c| self.ids.of(&c.guid)).collect();
            let refs: Vec<&str> = card_guids.iter().map(String::as_str).collect();
            found = match self.writer.deck_holding(&refs)? {
                Some(deck) => Some(deck),
                None => self.writer.deck_named(&from.name)?,
            };
        }
        let deck = match found {
            Some(deck) => {
                if let Some(guid) = &guid {
                    identify(self.writer, &mut self.ids, guid, &deck.guid)?;
                }
                self.writer.deck(deck.id)?
            }
            None => self.writer.create_deck(&from.name, &from.created_at, guid.as_deref())?,
        };
        Ok(Some(deck))
    }

    /// A backup deck's cards into `deck`: each found by guid (anywhere), else by kind and
    /// text in the deck (not one the file names by guid, nor one `matched` already), else
    /// added. What a document gives a found card is the later side's.
    fn cards(
        &mut self,
        deck: &RestoreDeck,
        from: &BackupDeck,
        file_cards: &HashSet<String>,
        matched: &mut HashSet<CardId>,
        on_card: &mut dyn FnMut(),
    ) -> Result<()> {
        let mut cards = self.writer.deck_cards(deck.id)?;
        let mut by_guid: HashMap<String, usize> = cards.iter().enumerate().map(|(i, c)| (c.guid.clone(), i)).collect();
        let mut by_text: HashMap<(Kind, String), Vec<usize>> = HashMap::new();
        for (i, card) in cards.iter().enumerate().filter(|(_, c)| !c.by_hand) {
            by_text
                .entry(text_key(card.kind, &card.item_text, &card.detail))
                .or_default()
                .push(i);
        }
        for theirs in &from.cards {
            on_card();
            let guid = self.ids.of(&theirs.guid);
            let free = |i: &usize| !matched.contains(&cards[*i].id);
            let by_text_free = |i: &usize| free(i) && !file_cards.contains(&cards[*i].guid);
            let found = by_guid.get(&guid).copied().filter(free).or_else(|| {
                by_text
                    .get(&text_key(theirs.kind, &theirs.item_text, &theirs.detail))
                    .filter(|_| !theirs.by_hand)
                    .and_then(|candidates| candidates.iter().copied().find(by_text_free))
            });
            let ours: Option<RestoreCard> = match found {
                Some(i) => Some(cards[i].clone()),
                None => self
                    .writer
                    .card_by_guid(&guid)?
                    .filter(|card| !matched.contains(&card.id)),
            };
            let Some(ours) = ours else {
                let id = self.writer.insert_card(deck.id, theirs, &guid)?;
                matched.insert(id);
                self.outcome.added.push(ItemLine {
                    kind: theirs.kind,
                    text: theirs.item_text.clone(),
                });
                by_guid.insert(guid.clone(), cards.len());
                cards.push(RestoreCard {
                    id,
                    deck: deck.id,
                    guid,
                    kind: theirs.kind,
                    item_text: theirs.item_text.clone(),
                    detail: theirs.detail.clone(),
                    by_hand: theirs.by_hand,
                    content: CardContent::of(theirs),
                    progress: Progress::default(),
                    log: Vec::new(),
                });
                continue;
            };
            self.outcome.merged += 1;
            matched.insert(ours.id);
            identify(self.writer, &mut self.ids, &ours.guid, &guid)?;
            let content = CardContent::of(theirs);
            if later(&content, &ours.content) {
                self.writer.set_content(ours.id, &content)?;
            }
        }
        Ok(())
    }

    /// Stories: one of the same name that neither side knows by the other's guid is the
    /// same story.
    fn stories_by_name(&mut self, backup: &Backup, unknown: &HashSet<String>) -> Result<()> {
        let file_stories: HashSet<String> = backup.stories.iter().map(|s| self.ids.of(&s.guid)).collect();
        for story in backup.stories.iter().filter(|s| unknown.contains(&s.guid)) {
            let guid = self.ids.of(&story.guid);
            if let Some(local) = self.writer.story_named(&story.name)?
                && !file_stories.contains(&local)
            {
                identify(self.writer, &mut self.ids, &local, &guid)?;
            }
        }
        Ok(())
    }

    /// What the file shows without a version saying so (as its writer knew the guids),
    /// then every winner made live.
    fn values(&mut self, checked: &Checked, into: &[Option<String>]) -> Result<()> {
        let mut as_written = Identities::default();
        for (alias, canonical) in &checked.aliases {
            as_written.join(alias, canonical);
        }
        for version in derived(checked, &as_written, into) {
            self.learn(&version)?;
        }
        let live = self.writer.materialise()?;
        self.outcome.notes.extend(setting_notes(&live.settings));
        self.outcome.values_set = live.set;
        self.outcome.values_removed = live.removed;
        self.outcome.rules_changed = live.rules_changed;
        self.outcome.settings_changed = live.settings_changed;
        Ok(())
    }

    /// Logs united, each card whose log changed replayed under its deck's merged rules.
    /// Returns where each backup card went.
    fn logs(&mut self, backup: &Backup, into: &[Option<String>]) -> Result<CardsHere> {
        let model = self.writer.fsrs_model()?;
        let default_scheduler = self.writer.default_scheduler()?;
        let mut decks: HashMap<DeckId, RestoreDeck> = HashMap::new();
        let mut card_ids = CardsHere::new();
        for (from, deck_guid) in backup.decks.iter().zip(into) {
            if deck_guid.is_none() {
                continue;
            }
            for theirs in &from.cards {
                let Some(ours) = self.writer.card_by_guid(&self.ids.of(&theirs.guid))? else {
                    continue;
                };
                card_ids.insert(theirs.guid.clone(), (ours.id, ours.deck));
                if !self.outcome.deck_ids.contains(&ours.deck) {
                    self.outcome.deck_ids.push(ours.deck);
                }
                let united = unite_logs(&ours.log, &theirs.reviews);
                let unchanged = united.len() == ours.log.len()
                    && united
                        .iter()
                        .zip(&ours.log)
                        .all(|((id, _), (old, _))| *id == Some(*old));
                if unchanged {
                    continue;
                }
                let home = match decks.entry(ours.deck) {
                    std::collections::hash_map::Entry::Occupied(known) => known.into_mut(),
                    std::collections::hash_map::Entry::Vacant(slot) => slot.insert(self.writer.deck(ours.deck)?),
                };
                let rules = Rules {
                    interview: home.interview,
                    scheduler: home.scheduler.unwrap_or(default_scheduler),
                    model: &model,
                };
                let (rows, progress) = replayed(united, &rules);
                let old: Vec<i64> = ours.log.iter().map(|(id, _)| *id).collect();
                self.writer.write_log(ours.id, ours.deck, &rows, &old)?;
                self.writer.set_progress(ours.id, &progress, rows.len())?;
                self.outcome.reviews_added += rows.len().saturating_sub(ours.log.len());
            }
        }
        Ok(card_ids)
    }

    /// Mock runs this database lacks, and documents with the cards they hold unless the
    /// deck here already has that document (by path, or by mostly the same cards).
    fn runs_and_documents(&mut self, backup: &Backup, into: &[Option<String>], card_ids: &CardsHere) -> Result<()> {
        for (from, deck_guid) in backup.decks.iter().zip(into) {
            let Some(deck_guid) = deck_guid else {
                continue;
            };
            let Some(deck) = self.writer.deck_by_guid(deck_guid)? else {
                continue;
            };
            for run in &from.mock_runs {
                if self.writer.has_mock_run(deck.id, &run.started_at, run.seed)? {
                    continue;
                }
                let mut answers = Vec::with_capacity(run.answers.len());
                for answer in &run.answers {
                    let Some(&(card, _)) = card_ids.get(answer.card.as_str()) else {
                        continue;
                    };
                    let review = match &answer.review {
                        Some(at) => self.writer.review_at(card, at)?,
                        None => None,
                    };
                    answers.push((card, answer, review));
                }
                self.writer.insert_mock_run(deck.id, run, &answers)?;
                self.outcome.mock_runs_added += 1;
            }
            for document in &from.documents {
                if self.writer.document_known(&document.path)? {
                    self.writer.fill_document_notes(&document.path, &document.notes)?;
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
                let here_already = self.writer.deck_documents(deck.id)?.iter().any(|ours| {
                    let shared = ours.iter().filter(|card| held.contains(card)).count();
                    crate::profile::reconcile::mostly_shared(shared, ours.len(), held.len())
                });
                if !here_already {
                    self.writer.insert_document(deck.id, document, &held)?;
                    self.outcome.documents_restored += 1;
                }
            }
        }
        Ok(())
    }
}

/// Checks and merges a backup held in memory, read from `path` (for messages); its
/// fingerprint `hash` names the machine of what it says without versions.
#[cfg(test)]
pub fn check_and_merge(
    store: &mut Store,
    path: &std::path::Path,
    backup: &super::Backup,
    hash: &str,
) -> Result<MergeOutcome> {
    let checked = super::validate::check(backup, hash).map_err(|problem| crate::error::Error::InvalidBackup {
        path: path.to_path_buf(),
        problem: problem.to_string(),
    })?;
    merge(store, &checked, false, &mut || {})
}

/// Recomputes the decks whose rules a merge changed as `interview` does (every deck when
/// the default scheduler or FSRS's settings changed), as of `today`; returns how many
/// cards changed.
pub fn recompute_after(store: &mut Store, outcome: &MergeOutcome, today: chrono::NaiveDate) -> Result<usize> {
    let decks: Vec<DeckId> = if outcome.settings_changed {
        store.decks(None)?.into_iter().map(|deck| deck.id).collect()
    } else {
        outcome.rules_changed.clone()
    };
    if decks.is_empty() {
        return Ok(0);
    }
    let model = store.fsrs_model()?;
    let plan: Vec<(DeckId, Recompute)> = decks
        .into_iter()
        .map(|deck| (deck, Recompute::DueDates { today }))
        .collect();
    reschedule_decks(store, &model, &plan)
}

/// The report's sentences about the values a merge took from `source` ("the backup",
/// "laptop"): values changed, removals, decks left out.
#[must_use]
pub fn value_notes(outcome: &MergeOutcome, source: &str) -> Vec<String> {
    let mut notes = Vec::new();
    let tally = |counts: &BTreeMap<Subject, usize>| {
        counts
            .iter()
            .map(|(subject, n)| crate::ui::count(*n, subject_noun(*subject)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !outcome.values_set.is_empty() {
        notes.push(format!(
            "took the later values from {source}: {}",
            tally(&outcome.values_set)
        ));
    }
    if !outcome.values_removed.is_empty() {
        notes.push(format!(
            "took removals from {source} (cleared or removed since): {}",
            tally(&outcome.values_removed)
        ));
    }
    if outcome.decks_skipped > 0 {
        notes.push(format!(
            "{} of {source} {} removed here, and left out",
            crate::ui::count(outcome.decks_skipped, "deck"),
            crate::wording::agreeing(outcome.decks_skipped, "was", "were")
        ));
    }
    notes
}

/// The report's sentence for each deck value or setting a merge changed.
fn setting_notes(changes: &[(Register, Option<Value>, Option<String>)]) -> Vec<String> {
    changes
        .iter()
        .filter_map(|(register, value, deck)| {
            let deck = deck.as_deref().map(crate::ui::safe_line).unwrap_or_default();
            let said = match (register.field, value) {
                (Field::Present, None) => format!("{deck}: removed (it was removed on another machine)"),
                (Field::Name, Some(Value::Text(name))) => format!("{deck}: renamed \"{}\"", crate::ui::safe_line(name)),
                (Field::Interview, Some(Value::Day(day))) => format!("{deck}: interview date {day}"),
                (Field::Interview, None) => format!("{deck}: interview date cleared"),
                (Field::DailyMinutes, Some(Value::Minutes(minutes))) => {
                    format!("{deck}: daily budget {}", crate::ui::count(*minutes, "minute"))
                }
                (Field::DailyMinutes, None) => format!("{deck}: daily budget removed"),
                (Field::Scheduler, Some(Value::Scheduler(scheduler))) if register.subject == Subject::Deck => {
                    format!("{deck}: scheduler {scheduler}")
                }
                (Field::Scheduler, None) if register.subject == Subject::Deck => {
                    format!("{deck}: follows the default scheduler")
                }
                (Field::Scheduler, Some(Value::Scheduler(scheduler))) => format!("default scheduler {scheduler}"),
                (Field::Scheduler, None) => "default scheduler back to sm2".to_string(),
                (Field::DesiredRetention, Some(Value::Retention(retention))) => {
                    format!("FSRS desired retention {retention}")
                }
                (Field::DesiredRetention, None) => "FSRS desired retention back to the default".to_string(),
                (Field::FsrsParameters, Some(Value::Fitted(fitted))) => {
                    match fitted.fitted_on.zip(fitted.fitted_from) {
                        Some((day, reviews)) => {
                            format!("fitted FSRS parameters (fitted on {day} from {reviews} reviews)")
                        }
                        None => "fitted FSRS parameters".to_string(),
                    }
                }
                (Field::FsrsParameters, None) => "FSRS parameters back to FSRS-6's defaults".to_string(),
                _ => return None,
            };
            Some(said)
        })
        .collect()
}

/// What one value of a subject is called in a report.
fn subject_noun(subject: Subject) -> &'static str {
    match subject {
        Subject::Card => "card value",
        Subject::Tag => "tag",
        Subject::Story => "story value",
        Subject::Link => "story link",
        Subject::Deck => "deck value",
        Subject::Settings => "setting",
    }
}

/// A version with the guids of its key read through the aliases.
fn mapped(version: &Version, ids: &Identities) -> Version {
    Version {
        register: version.register.mapped(|guid| ids.of(guid)),
        ..version.clone()
    }
}

/// Whether a register's winner, here, is a removal.
fn removed(writer: &RestoreWriter<'_>, register: &Register) -> Result<bool> {
    Ok(writer.winner(register)?.is_some_and(|v| v.value.is_none()))
}

/// Whether the content `theirs` changed later than `ours` (ties decided by the content, so
/// both sides decide alike).
fn later(theirs: &CardContent, ours: &CardContent) -> bool {
    let at = |content: &CardContent| Stamp::from_rfc3339(&content.at).unwrap_or(Stamp::EPOCH);
    (at(theirs), theirs) > (at(ours), ours)
}

/// How a card is recognised by its text: its kind and its item's match key.
fn text_key(kind: Kind, text: &str, detail: &str) -> (Kind, String) {
    (kind, crate::profile::item_key(kind, text, detail))
}

/// The versions the file's values say without a version saying so: each value the file
/// shows that is not its versions' winner, dated when its card, story or deck last changed
/// (the settings: when the file was written). `ids` are the guids as the file's writer
/// knew them (its own aliases), so the file is read as it was written; `into` holds, for
/// each backup deck, the guid of the deck it went into (`None` for a deck removed here),
/// the guid of a deck the file names none for.
fn derived(checked: &Checked, ids: &Identities, into: &[Option<String>]) -> Vec<Version> {
    let backup = &checked.backup;
    let file: Vec<Version> = checked.versions.iter().map(|v| mapped(v, ids)).collect();
    let winning: BTreeMap<&Register, &Version> = winners(&file);
    let mut out = Vec::new();
    let mut want = |register: Register, value: Option<Value>, at: &str| {
        let value = value.map(|v| v.encode());
        let winner = winning.get(&register);
        if winner.and_then(|v| v.value.as_deref()) == value.as_deref() {
            return;
        }
        // The file was changed after its own winner, so its value is later than that.
        let after_winner = winner.map_or(Stamp::EPOCH, |v| v.changed_at.next());
        if let Some(at) = Stamp::from_rfc3339(at) {
            out.push(Version {
                register,
                value,
                changed_at: at.max(after_winner),
                machine: checked.machine.clone(),
            });
        }
    };
    // The registers of the file's tags and links that show a value, by card and by story.
    let mut tagged: HashMap<&str, Vec<&Register>> = HashMap::new();
    let mut linked: HashMap<&str, Vec<&Register>> = HashMap::new();
    for (register, version) in &winning {
        let guids = register.guids();
        match (register.subject, &version.value) {
            (Subject::Tag, Some(_)) => tagged.entry(guids[0]).or_default().push(register),
            (Subject::Link, Some(_)) => linked.entry(guids[0]).or_default().push(register),
            _ => {}
        }
    }
    let mut in_file: HashSet<String> = HashSet::new();
    for (deck, into) in backup.decks.iter().zip(into) {
        if into.is_none() {
            continue;
        }
        let Some(guid) = deck.guid.as_deref().map(|g| ids.of(g)).or_else(|| into.clone()) else {
            continue;
        };
        let reg = |field| Register::deck(&guid, field);
        want(reg(Field::Name), Some(Value::Text(deck.name.clone())), &deck.created_at);
        want(reg(Field::Interview), deck.interview.map(Value::Day), &deck.created_at);
        want(
            reg(Field::Scheduler),
            deck.scheduler.map(Value::Scheduler),
            &deck.created_at,
        );
        for card in &deck.cards {
            let guid = ids.of(&card.guid);
            in_file.insert(guid.clone());
            card_versions(card, &guid, &tagged, &mut want);
        }
    }
    for story in &backup.stories {
        let guid = ids.of(&story.guid);
        let reg = |field| Register::story(&guid, field);
        want(reg(Field::Present), Some(Value::Yes), &story.created_at);
        want(
            reg(Field::Name),
            Some(Value::Text(story.name.clone())),
            &story.updated_at,
        );
        want(reg(Field::Body), text_value(&story.body), &story.updated_at);
        let shown: HashSet<String> = story
            .cards
            .iter()
            .map(|card| ids.of(card))
            .filter(|card| in_file.contains(card))
            .collect();
        for card in &shown {
            want(Register::link(&guid, card), Some(Value::Yes), &story.updated_at);
        }
        for register in linked.get(guid.as_str()).into_iter().flatten() {
            let card = register.guids()[1];
            if in_file.contains(card) && !shown.contains(card) {
                want((*register).clone(), None, &story.updated_at);
            }
        }
    }
    let settings = &backup.settings;
    let reg = Register::settings;
    want(
        reg(Field::Scheduler),
        settings.default_scheduler.map(Value::Scheduler),
        &backup.exported_at,
    );
    want(
        reg(Field::DesiredRetention),
        settings.desired_retention.map(Value::Retention),
        &backup.exported_at,
    );
    let fitted = (!settings.fsrs_parameters.is_empty()).then(|| {
        Value::Fitted(FittedParameters {
            parameters: settings.fsrs_parameters.clone(),
            fitted_on: settings.fitted_on,
            fitted_from: settings.fitted_from_reviews,
        })
    });
    want(reg(Field::FsrsParameters), fitted, &backup.exported_at);
    out
}

/// The values a backup card shows, as [`derived`] wants them.
fn card_versions(
    card: &BackupCard,
    guid: &str,
    tagged: &HashMap<&str, Vec<&Register>>,
    want: &mut impl FnMut(Register, Option<Value>, &str),
) {
    let at = card.updated_at.as_str();
    want(Register::card(guid, Field::Answer), text_value(&card.answer), at);
    if !card.by_hand {
        want(
            Register::card(guid, Field::Front),
            card.own_front.as_deref().and_then(text_value),
            at,
        );
        want(
            Register::card(guid, Field::Back),
            card.own_back.as_deref().and_then(text_value),
            at,
        );
    }
    want(
        Register::card(guid, Field::Suspended),
        card.suspended.then_some(Value::Yes),
        at,
    );
    let mut shown = HashSet::new();
    for tag in &card.tags {
        let register = Register::tag(guid, tag);
        shown.insert(register.key.clone());
        want(register, Some(Value::Tag(tag.clone())), at);
    }
    for register in tagged.get(guid).into_iter().flatten() {
        if !shown.contains(&register.key) {
            want((*register).clone(), None, at);
        }
    }
}

/// The moment of a review, for ordering.
fn moment(r: &BackupReview) -> Option<DateTime<chrono::FixedOffset>> {
    DateTime::parse_from_rfc3339(&r.reviewed_at).ok()
}

/// The identity of a logged review.
fn identity(
    r: &BackupReview,
) -> (
    &str,
    chrono::NaiveDate,
    crate::domain::Grade,
    Effect,
    crate::domain::Origin,
) {
    (r.reviewed_at.as_str(), r.review_day, r.grade, r.effect, r.origin)
}

/// The union of two logs of one card: each review as many times as on the side that has it
/// most often, in time order (reviews of the same moment by day, grade, effect and origin),
/// so both sides unite to the same log. Rows of ours keep their ids.
fn unite_logs(ours: &[(i64, BackupReview)], theirs: &[BackupReview]) -> Vec<(Option<i64>, BackupReview)> {
    let mut ours_count: HashMap<_, usize> = HashMap::new();
    for (_, r) in ours {
        *ours_count.entry(identity(r)).or_default() += 1;
    }
    let mut theirs_count: HashMap<_, usize> = HashMap::new();
    let mut united: Vec<(Option<i64>, BackupReview)> = ours.iter().map(|(id, r)| (Some(*id), r.clone())).collect();
    for r in theirs {
        let key = identity(r);
        let seen = theirs_count.entry(key).or_default();
        *seen += 1;
        if *seen > ours_count.get(&key).copied().unwrap_or(0) {
            united.push((None, r.clone()));
        }
    }
    united.sort_by(|(a_id, a), (b_id, b)| {
        let key = |r: &BackupReview| {
            (
                moment(r),
                r.reviewed_at.clone(),
                r.review_day,
                r.grade,
                r.effect.as_str(),
                r.origin.as_str(),
            )
        };
        // Equal reviews keep ours first, in ours' order.
        key(a)
            .cmp(&key(b))
            .then_with(|| (a_id.is_none(), *a_id).cmp(&(b_id.is_none(), *b_id)))
    });
    united
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

/// The rows with each one's before and after replayed from the whole log under `rules`,
/// and the card's progress after them: its due date the one its last review sets under
/// `rules` (as a change of the rules recomputes it), whatever the log recorded.
fn replayed(mut rows: Vec<(Option<i64>, BackupReview)>, rules: &Rules) -> (Vec<(Option<i64>, BackupReview)>, Progress) {
    let log: Vec<LoggedGrade> = rows.iter().map(|(_, r)| logged(r)).collect();
    let steps = replay_steps(&log, rules);
    for ((_, row), step) in rows.iter_mut().zip(&steps) {
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
    let progress = settled(&steps, &log, rules);
    (rows, progress)
}

/// A card's progress after its replayed log.
fn settled(steps: &[Step], log: &[LoggedGrade], rules: &Rules) -> Progress {
    let last = steps.last().map_or_else(Progress::default, |step| step.after);
    match log.iter().rposition(|l| l.effect == Effect::Review) {
        Some(i) => Progress {
            due: due_after_last_review(&steps[i].after, rules).or(last.due),
            ..last
        },
        None => last,
    }
}

#[cfg(test)]
mod tests;

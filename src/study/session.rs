//! An interactive session over a queue of cards, shared by `review` and `drill`: show,
//! reveal, grade (committed at once), bring failed cards back, undo, edit, suspend, skip,
//! and a summary at the end however the session ends. What another prepdeck does meanwhile
//! (grading the same card, removing a deck, holding the database busy) is said in one line
//! and the session goes on.

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::Instant;

use super::answers::{save_answer, saved_message};
use super::grading::{self, GradeGiven};
use super::suggestions::Suggester;
use crate::clock::Now;
use crate::domain::Suggestion;
use crate::domain::card::GuidSource;
use crate::domain::story::name_from_question;
use crate::domain::{Card, CardId, Effect, Grade, Origin};
use crate::error::{Error, Result};
use crate::report::summary::{RepeatedCard, SessionSummary};
use crate::schedule::fsrs::Model;
use crate::schedule::queue::REPEAT_GAP;
use crate::schedule::{Mode, Rules, preview};
use crate::store::Store;
use crate::ui::preview::{GradePreview, after_grade};
use crate::ui::prompt::{BackAction, CardView, FrontAction, Prompt, SimilarView};

/// What kind of session runs: the daily review, or a drill of one deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Daily review: every card in the queue is due or new, so every first grade sets
    /// the schedule.
    Review,
    /// Cramming: a card not yet due that is recalled (3+) is practice; failed, it lapses.
    Drill,
}

impl Kind {
    /// The rules a card's first grade in the session is given under; repeats are practice.
    fn mode(self, repeat: bool) -> Mode {
        match (self, repeat) {
            (_, true) => Mode::Practice,
            (Kind::Review, false) => Mode::Review,
            (Kind::Drill, false) => Mode::Drill,
        }
    }

    fn origin(self) -> Origin {
        match self {
            Kind::Review => Origin::Review,
            Kind::Drill => Origin::Drill,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    card: CardId,
    repeat: bool,
}

/// A logged grade the user may still undo.
struct Undoable {
    review_id: i64,
    entry: Entry,
    requeued: bool,
    grade: Grade,
    effect: Effect,
}

/// The state of a running session.
struct Session<'a> {
    store: &'a mut Store,
    prompt: &'a mut dyn Prompt,
    kind: Kind,
    now: Now,
    started: Instant,
    pending: VecDeque<Entry>,
    /// Cards shown so far and the queue's size, for the `3/12` counter.
    shown: usize,
    total: usize,
    undo: Vec<Undoable>,
    /// The grades each card was given so far, in order.
    attempts: HashMap<CardId, Vec<Grade>>,
    /// The front of each card graded, for the summary (the card may be gone by then).
    fronts: HashMap<CardId, String>,
    summary: SessionSummary,
    /// Questions of every deck by wording, loaded when a question is first shown and
    /// again after an answer or a link changed what there is to reuse.
    suggester: Option<Suggester>,
    guids: &'a mut GuidSource,
    /// The FSRS model the grades are applied with, for the preview of each grade.
    model: Model,
}

/// Something a similar question elsewhere offers to link.
enum LinkChoice {
    /// A story it is linked to.
    Story { name: String, from: CardId, deck: String },
    /// Its own answer, which becomes a story linked to both cards.
    Answer(Box<Card>),
}

impl LinkChoice {
    fn label(&self) -> String {
        match self {
            LinkChoice::Story { name, from, deck } => format!("story “{name}” (linked to {deck} #{from})"),
            LinkChoice::Answer(card) => format!(
                "the answer of {} #{} (becomes a story both cards show): {}",
                card.deck,
                card.id,
                crate::ui::truncate(card.answer.trim(), 40)
            ),
        }
    }
}

/// Runs a session over `queue` until it is empty or the user quits. `guids` names any
/// story made from an answer during the session.
pub fn run(
    store: &mut Store,
    prompt: &mut dyn Prompt,
    queue: Vec<CardId>,
    kind: Kind,
    now: Now,
    guids: &mut GuidSource,
) -> Result<SessionSummary> {
    let total = queue.len();
    let model = store.fsrs_model()?;
    let mut session = Session {
        store,
        prompt,
        kind,
        now,
        started: Instant::now(),
        pending: queue.into_iter().map(|card| Entry { card, repeat: false }).collect(),
        shown: 0,
        total,
        undo: Vec::new(),
        attempts: HashMap::new(),
        fronts: HashMap::new(),
        summary: SessionSummary::default(),
        suggester: None,
        guids,
        model,
    };
    while let Some(entry) = session.pending.pop_front() {
        if !session.turn(entry)? {
            session.summary.quit_early = true;
            break;
        }
    }
    Ok(session.finish())
}

impl Session<'_> {
    fn stamp(&self) -> String {
        stamp(self.now, self.started)
    }

    /// Shows one card and handles what the user does with it; `false` when they quit.
    fn turn(&mut self, entry: Entry) -> Result<bool> {
        let mut card = match self.store.card(entry.card) {
            Ok(card) => card,
            Err(Error::UnknownCard(_)) => {
                self.prompt.say(&format!(
                    "card #{} is gone (its deck was removed); going on",
                    entry.card
                ));
                return Ok(true);
            }
            Err(e) => return Err(e),
        };
        if card.suspended || card.retired {
            return Ok(true);
        }
        self.shown += 1;
        let (mut view, mut found) = self.view(&card, entry)?;
        let shown_at = Instant::now();
        match self.prompt.front(&view)? {
            FrontAction::Reveal => {}
            FrontAction::Grade(grade) => {
                self.grade(entry, &card, grade, shown_at)?;
                return Ok(true);
            }
            FrontAction::Skip => return Ok(self.skip()),
            FrontAction::Suspend => return self.suspend(&card),
            FrontAction::Undo => return self.undo_last(entry),
            FrontAction::Quit => return Ok(false),
        }
        loop {
            match self.prompt.back(&view)? {
                BackAction::Grade(grade) => {
                    self.grade(entry, &card, grade, shown_at)?;
                    return Ok(true);
                }
                BackAction::Edit => match self.prompt.edit_answer(&view, &card.answer) {
                    Ok(Some(text)) => match save_answer(self.store, card.id, &card.answer, &text, &self.stamp()) {
                        Ok(saved) => {
                            self.suggester = None;
                            // The next edit opens on this answer, not the one first shown.
                            card = self.store.card(card.id)?;
                            (view, found) = self.view(&card, entry)?;
                            self.prompt.say(saved_message(saved));
                        }
                        Err(Error::UnknownCard(_)) => {
                            self.prompt
                                .say(&gone_while_shown(card.id, "the answer could not be saved"));
                            return Ok(true);
                        }
                        Err(e) => return Err(e),
                    },
                    Ok(None) => {}
                    // No editor, or one that failed: say so and stay on the card.
                    Err(e) if e.is_editor_problem() => self.prompt.say(&e.in_session()),
                    Err(e) => return Err(e),
                },
                BackAction::Link => {
                    if self.link(&card, &found)? {
                        card = self.store.card(card.id)?;
                        (view, found) = self.view(&card, entry)?;
                    }
                }
                BackAction::Skip => return Ok(self.skip()),
                BackAction::Suspend => return self.suspend(&card),
                BackAction::Undo => return self.undo_last(entry),
                BackAction::Quit => return Ok(false),
            }
        }
    }

    /// The card as shown now, with the count of other cards still to come and, for
    /// questions and topics, the answered questions elsewhere it could link.
    fn view(&mut self, card: &Card, entry: Entry) -> Result<(CardView, Vec<Suggestion>)> {
        let waiting: HashSet<CardId> = self
            .pending
            .iter()
            .map(|e| e.card)
            .filter(|id| *id != entry.card)
            .collect();
        let today = self.now.today();
        let previews = preview(
            &card.progress,
            self.kind.mode(entry.repeat),
            today,
            &Rules::of(card, &self.model),
        );
        let mut view = CardView {
            left: waiting.len(),
            preview: Some(GradePreview::of(&previews, today, repeat_below())),
            ..CardView::of(card, self.shown, self.total, entry.repeat)
        };
        if !card.kind.back_is_answer() {
            return Ok((view, Vec::new()));
        }
        if self.suggester.is_none() {
            self.suggester = Some(Suggester::load(self.store)?);
        }
        let found: Vec<Suggestion> = self
            .suggester
            .as_ref()
            .map(|s| s.for_card(card))
            .unwrap_or_default()
            .into_iter()
            .filter(|s| offers_something(card, s))
            .collect();
        view.similar = found.iter().map(similar_view).collect();
        Ok((view, found))
    }

    /// Links what the user picks from the similar questions' answers and stories;
    /// `true` when a link was made.
    fn link(&mut self, card: &Card, found: &[Suggestion]) -> Result<bool> {
        let mut choices: Vec<LinkChoice> = Vec::new();
        for suggestion in found {
            let other = &suggestion.card;
            for story in &other.stories {
                let known = card.stories.iter().any(|s| s.name == story.name)
                    || choices
                        .iter()
                        .any(|c| matches!(c, LinkChoice::Story { name, .. } if *name == story.name));
                if !known {
                    choices.push(LinkChoice::Story {
                        name: story.name.clone(),
                        from: other.id,
                        deck: other.deck.clone(),
                    });
                }
            }
            if !other.answer.trim().is_empty() {
                choices.push(LinkChoice::Answer(Box::new(other.clone())));
            }
        }
        let index = match choices.len() {
            0 => {
                self.prompt
                    .say("no question elsewhere like this one has an answer or a story to link yet");
                return Ok(false);
            }
            1 => 0,
            _ => {
                let labels: Vec<String> = choices.iter().map(LinkChoice::label).collect();
                match self.prompt.choose("link which answer?", &labels)? {
                    Some(index) => index,
                    None => return Ok(false),
                }
            }
        };
        let stamp = self.stamp();
        match &choices[index] {
            LinkChoice::Story { name, .. } => {
                let id = self.store.story_named(name)?.ok_or(Error::StoryGone)?;
                self.store.link_story(id, &[card.id], &stamp)?;
                self.prompt.say(&format!("linked story “{name}” to card #{}", card.id));
            }
            LinkChoice::Answer(source) => {
                let offered = name_from_question(&source.item_text);
                let Some(name) = self.prompt.ask_text("name the story", &offered)? else {
                    return Ok(false);
                };
                if name.trim().is_empty() {
                    self.prompt.say("a story needs a name; nothing was linked");
                    return Ok(false);
                }
                let guid = self.guids.next_guid();
                match self.store.answer_to_story(source.id, &[card.id], &name, &guid, &stamp) {
                    Err(Error::StoryExists(taken)) => {
                        self.prompt
                            .say(&format!("a story named “{taken}” exists already; nothing was linked"));
                        return Ok(false);
                    }
                    Err(refused @ (Error::NameTooLong { .. } | Error::Usage(_))) => {
                        self.prompt.say(&format!("{refused}; nothing was linked"));
                        return Ok(false);
                    }
                    result => {
                        result?;
                    }
                }
                self.prompt.say(&format!(
                    "#{}'s answer is now story “{}”, shown on #{} and #{}",
                    source.id,
                    name.trim(),
                    source.id,
                    card.id
                ));
            }
        }
        self.suggester = None;
        Ok(true)
    }

    fn skip(&mut self) -> bool {
        self.summary.skipped += 1;
        true
    }

    fn suspend(&mut self, card: &Card) -> Result<bool> {
        match self.store.set_suspended(card.id, true, &self.stamp()) {
            Ok(()) => {}
            Err(Error::UnknownCard(_)) => {
                self.prompt.say(&gone_while_shown(card.id, "it was not suspended"));
                return Ok(true);
            }
            Err(e) => return Err(e),
        }
        self.summary.suspended += 1;
        self.prompt.say(&format!(
            "card #{} suspended (prepdeck unsuspend {} brings it back)",
            card.id, card.id
        ));
        Ok(true)
    }

    /// Commits a grade at once, and brings the card back later when it is below 4.
    fn grade(&mut self, entry: Entry, card: &Card, grade: Grade, shown_at: Instant) -> Result<()> {
        let given = GradeGiven {
            card: card.id,
            grade,
            mode: self.kind.mode(entry.repeat),
            origin: self.kind.origin(),
            day: self.now.today(),
            stamp: self.stamp(),
            took: Some(shown_at.elapsed()),
        };
        let Some(logged) = self.record(&given)? else {
            return Ok(());
        };
        self.fronts.entry(card.id).or_insert_with(|| card.front());
        if !self.summary.decks.contains(&card.deck_id) {
            self.summary.decks.push(card.deck_id);
        }
        let grades = self.attempts.entry(card.id).or_default();
        grades.push(grade);
        if grades.len() == 1 {
            self.summary.cards += 1;
            if grade.settled() {
                self.summary.first_time += 1;
            }
        }
        self.summary.grades[usize::from(grade.value())] += 1;
        match logged.effect {
            Effect::Review => self.summary.reviews += 1,
            Effect::Practice => self.summary.practice += 1,
        }
        let requeued = !grade.settled();
        self.prompt.after_grade(&after_grade(
            logged.effect,
            logged.due_after,
            requeued,
            card.interview,
            self.now.today(),
        ));
        if requeued {
            let at = REPEAT_GAP.min(self.pending.len());
            self.pending.insert(
                at,
                Entry {
                    card: card.id,
                    repeat: true,
                },
            );
            self.total += 1;
        }
        self.undo.push(Undoable {
            review_id: logged.id,
            entry,
            requeued,
            grade,
            effect: logged.effect,
        });
        Ok(())
    }

    /// Records a grade, waiting as long as another prepdeck holds the database busy: the
    /// grade the user just gave is never dropped for that. `None` when the card is gone.
    fn record(&mut self, given: &GradeGiven) -> Result<Option<crate::store::LoggedReview>> {
        let mut told = false;
        loop {
            match grading::record(self.store, given) {
                Ok(recorded) => return Ok(Some(recorded.logged)),
                Err(Error::Busy { .. } | Error::CardChanged(_)) => {
                    if !told {
                        // Short enough for one line of an 80-column terminal.
                        self.prompt
                            .say("the database is busy: your grade is kept and recorded once it is free");
                        told = true;
                    }
                }
                Err(Error::UnknownCard(_)) => {
                    self.prompt
                        .say(&gone_while_shown(given.card, "its grade could not be kept"));
                    return Ok(None);
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Takes back the most recent grade of the session: that card is shown again next,
    /// then the card that was on screen.
    fn undo_last(&mut self, current: Entry) -> Result<bool> {
        self.pending.push_front(current);
        self.shown -= 1;
        let Some(last) = self.undo.pop() else {
            self.prompt.say("nothing to undo");
            return Ok(true);
        };
        match self.store.undo_review(last.review_id) {
            Ok(_) => {}
            // Graded again by another prepdeck, or gone with its deck: the grade stays as
            // it is, and so does the session.
            Err(Error::CannotUndo(why)) => {
                self.prompt.say(&format!(
                    "card #{}: that grade can no longer be undone, {why}",
                    last.entry.card
                ));
                return Ok(true);
            }
            Err(e) => return Err(e),
        }
        if last.requeued
            && let Some(pos) = self.pending.iter().position(|e| e.card == last.entry.card && e.repeat)
        {
            self.pending.remove(pos);
            self.total -= 1;
        }
        self.pending.push_front(last.entry);
        self.shown = self.shown.saturating_sub(1);
        let summary = &mut self.summary;
        summary.grades[usize::from(last.grade.value())] -= 1;
        match last.effect {
            Effect::Review => summary.reviews -= 1,
            Effect::Practice => summary.practice -= 1,
        }
        if let Some(grades) = self.attempts.get_mut(&last.entry.card) {
            grades.pop();
            if grades.is_empty() {
                self.attempts.remove(&last.entry.card);
                summary.cards -= 1;
                if last.grade.settled() {
                    summary.first_time -= 1;
                }
            }
        }
        self.prompt
            .say(&format!("undid grade {} of card #{}", last.grade, last.entry.card));
        Ok(true)
    }

    fn finish(mut self) -> SessionSummary {
        let mut repeated = Vec::new();
        for (id, grades) in &self.attempts {
            if grades.len() > 1 {
                repeated.push(RepeatedCard {
                    card: *id,
                    front: self.fronts.get(id).cloned().unwrap_or_default(),
                    tries: grades.len() as u32,
                });
            }
        }
        self.summary.graded = self.attempts.drain().collect();
        repeated.sort_by_key(|r| r.card);
        self.summary.decks.sort_unstable();
        self.summary.repeated = repeated;
        self.summary.elapsed = self.started.elapsed();
        self.summary
    }
}

/// Whether a similar question has something `card` does not show yet: an answer of its
/// own, or a story not linked to `card`.
fn offers_something(card: &Card, suggestion: &Suggestion) -> bool {
    let other = &suggestion.card;
    !other.answer.trim().is_empty()
        || other
            .stories
            .iter()
            .any(|story| !card.stories.iter().any(|s| s.name == story.name))
}

/// A similar question as the back of a card lists it.
fn similar_view(suggestion: &Suggestion) -> SimilarView {
    let card = &suggestion.card;
    let mut has: Vec<String> = card.stories.iter().map(|s| format!("story “{}”", s.name)).collect();
    if !card.answer.trim().is_empty() {
        has.push("an answer".to_string());
    }
    SimilarView {
        card_id: card.id.0,
        deck: card.deck.clone(),
        question: card.item_text.clone(),
        has,
    }
}

/// Grades below this bring a card back later in the session.
fn repeat_below() -> u8 {
    Grade::ALL.into_iter().find(|g| g.settled()).map_or(6, Grade::value)
}

/// One line for a card removed (with its deck, by another prepdeck) while it was shown.
fn gone_while_shown(card: CardId, consequence: &str) -> String {
    format!("card #{card} was removed with its deck: {consequence}")
}

/// The time of a grade: the command's clock reading plus the time the session has run,
/// so a fixed `PREPDECK_NOW` still orders grades.
fn stamp(now: Now, started: Instant) -> String {
    let elapsed = chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
    Now { at: now.at + elapsed }.stamp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DeckId;
    use crate::ui::scripted::ScriptedPrompt;

    /// An in-memory store with one deck of `n` questions, and their ids in order.
    fn store_with(n: usize) -> (Store, Vec<CardId>) {
        let mut doc = String::from("# Company Profile: Test Co\n## Common Questions\n");
        for i in 1..=n {
            doc.push_str(&format!("- Question {i}?\n"));
        }
        let store = crate::import::test_store(&doc);
        let ids = store
            .active_cards(DeckId(1), None)
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        (store, ids)
    }

    fn now() -> Now {
        Now::parse("2026-03-01T09:00:00+00:00").unwrap()
    }

    /// A review session over `queue` at [`now`], which must end without an error.
    fn review(store: &mut Store, prompt: &mut dyn Prompt, queue: Vec<CardId>) -> SessionSummary {
        run(store, prompt, queue, Kind::Review, now(), &mut GuidSource::new(0, 0)).unwrap()
    }

    fn shown_ids(prompt: &ScriptedPrompt) -> Vec<i64> {
        prompt.shown.iter().map(|v| v.card_id).collect()
    }

    /// "Left" counts cards, not showings: a failed card waiting to come back is one card
    /// left, so failing keeps the count where it was instead of lowering it.
    #[test]
    fn cards_left_counts_a_failed_card_once_until_it_is_recalled() {
        let (mut store, ids) = store_with(5);
        let mut prompt = ScriptedPrompt::new(&["", "1", "", "4", "", "4", "", "4", "", "5", "", "5"]);
        review(&mut store, &mut prompt, ids);
        let left: Vec<usize> = prompt.shown.iter().map(|v| v.left).collect();
        let counter: Vec<(usize, usize)> = prompt.shown.iter().map(|v| (v.position, v.total)).collect();
        assert_eq!(left, vec![4, 4, 3, 2, 1, 0]);
        assert_eq!(counter, vec![(1, 5), (2, 6), (3, 6), (4, 6), (5, 6), (6, 6)]);
    }

    /// For every grade, in a review and a drill, a new card and a learned one, with an
    /// interview and without, under SM-2 and FSRS: the back showed what the grade then
    /// stored, and the line after it says the same day.
    #[test]
    fn each_grades_preview_is_what_the_grade_then_stores() {
        use crate::domain::Scheduler;
        let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let mut checked = 0;
        for kind in [Kind::Review, Kind::Drill] {
            for learned in [false, true] {
                for interview in [None, Some(day("2026-03-09"))] {
                    for scheduler in [Scheduler::Sm2, Scheduler::Fsrs] {
                        for g in 0..=5u8 {
                            let (mut store, ids) = store_with(1);
                            store.set_interview(DeckId(1), interview).unwrap();
                            store.set_deck_scheduler(DeckId(1), Some(scheduler)).unwrap();
                            if learned {
                                for (on, grade) in [("2026-02-26", 4), ("2026-02-27", 5)] {
                                    let given = GradeGiven {
                                        card: ids[0],
                                        grade: Grade::new(grade).unwrap(),
                                        mode: Mode::Review,
                                        origin: Origin::Grade,
                                        day: day(on),
                                        stamp: format!("{on}T09:00:00+00:00"),
                                        took: None,
                                    };
                                    grading::record(&mut store, &given).unwrap();
                                }
                            }
                            let mut prompt = ScriptedPrompt::new(&["", &g.to_string()]);
                            run(
                                &mut store,
                                &mut prompt,
                                ids.clone(),
                                kind,
                                now(),
                                &mut GuidSource::new(0, 0),
                            )
                            .unwrap();
                            let preview = prompt.shown[0].preview.clone().unwrap();
                            let shown = preview.for_grade(g).unwrap();
                            let card = store.card(ids[0]).unwrap();
                            let logged = store.card_history(ids[0]).unwrap().pop().unwrap();
                            let case = format!("{kind:?} learned={learned} {interview:?} {scheduler:?} grade {g}");
                            assert_eq!(shown.due, card.progress.due, "{case}");
                            assert_eq!(shown.practice, logged.effect == Effect::Practice, "{case}");
                            let due = card.progress.due.unwrap();
                            assert!(
                                prompt.after_grades[0].contains(&due.format("%a %-d %b").to_string()),
                                "{case}: {:?}",
                                prompt.after_grades
                            );
                            assert_eq!(prompt.after_grades[0].starts_with("back later"), g < 4, "{case}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(checked, 2 * 2 * 2 * 2 * 6);
    }

    #[test]
    fn a_failed_card_returns_after_three_others_and_its_repeat_is_practice() {
        let (mut store, ids) = store_with(5);
        // Card 1 failed, cards 2–5 passed, card 1 passed on its return.
        let mut prompt = ScriptedPrompt::new(&["", "1", "", "4", "", "4", "", "4", "", "5", "", "5", "", "4"]);
        let summary = review(&mut store, &mut prompt, ids.clone());
        assert_eq!(shown_ids(&prompt), vec![1, 2, 3, 4, 1, 5]);
        assert!(prompt.shown[4].repeat);
        assert_eq!(summary.cards, 5);
        assert_eq!(summary.first_time, 4);
        assert_eq!(summary.grades, [0, 1, 0, 0, 3, 2]);
        assert_eq!(summary.reviews, 5);
        assert_eq!(summary.practice, 1);
        assert_eq!(summary.repeated.len(), 1);
        assert!(!summary.quit_early);
        let card = store.card(ids[0]).unwrap();
        assert_eq!(card.reviews, 2);
        assert_eq!(
            card.progress.sm2.repetitions, 0,
            "the repeat did not touch the schedule"
        );
        assert_eq!(card.progress.lapses, 1);
    }

    #[test]
    fn a_grade_typed_before_revealing_reveals_and_records_it() {
        let (mut store, ids) = store_with(2);
        let mut prompt = ScriptedPrompt::new(&["4", "", "5"]);
        let summary = review(&mut store, &mut prompt, ids.clone());
        assert_eq!(summary.cards, 2);
        assert_eq!(summary.grades, [0, 0, 0, 0, 1, 1]);
        assert_eq!(store.card(ids[0]).unwrap().progress.last_grade, Grade::new(4));
        assert_eq!(summary.decks, vec![DeckId(1)], "the decks a grade was given in");
    }

    #[test]
    fn quitting_keeps_every_grade_given() {
        let (mut store, ids) = store_with(3);
        let mut prompt = ScriptedPrompt::new(&["", "5", "q"]);
        let summary = review(&mut store, &mut prompt, ids.clone());
        assert!(summary.quit_early);
        assert_eq!(summary.cards, 1);
        assert_eq!(store.card(ids[0]).unwrap().reviews, 1);
        assert_eq!(store.card(ids[1]).unwrap().reviews, 0);
        // A script that runs out is the same as Esc: the session ends normally.
        let mut prompt = ScriptedPrompt::new(&[""]);
        let summary = review(&mut store, &mut prompt, ids[1..].to_vec());
        assert!(summary.quit_early);
        assert_eq!(store.card(ids[1]).unwrap().reviews, 0);
    }

    #[test]
    fn undo_restores_the_schedule_and_shows_the_card_again() {
        let (mut store, ids) = store_with(2);
        let before = store.card(ids[0]).unwrap();
        let mut prompt = ScriptedPrompt::new(&["", "1", "u", "", "5", "", "4"]);
        let summary = review(&mut store, &mut prompt, ids.clone());
        assert_eq!(shown_ids(&prompt), vec![1, 2, 1, 2]);
        assert_eq!(prompt.messages, vec!["undid grade 1 of card #1"]);
        assert_eq!(summary.grades, [0, 0, 0, 0, 1, 1]);
        assert_eq!(summary.cards, 2);
        let card = store.card(ids[0]).unwrap();
        assert_eq!(card.reviews, 1);
        assert_eq!(card.progress.lapses, before.progress.lapses);
        assert!((card.progress.sm2.ease - 2.6).abs() < 1e-9);
    }

    #[test]
    fn skip_suspend_and_edit_do_what_they_say() {
        let (mut store, ids) = store_with(3);
        let mut prompt = ScriptedPrompt::new(&["s", "x", "", "e", "4"]);
        prompt.edits.push_back("My prepared answer.".to_string());
        let summary = review(&mut store, &mut prompt, ids.clone());
        assert_eq!(summary.skipped, 1);
        assert_eq!(summary.suspended, 1);
        assert!(store.card(ids[1]).unwrap().suspended);
        let third = store.card(ids[2]).unwrap();
        assert_eq!(third.answer, "My prepared answer.");
        assert_eq!(third.reviews, 1);
        assert_eq!(store.card(ids[0]).unwrap().reviews, 0);
    }

    #[test]
    fn a_second_edit_of_one_card_opens_on_the_first_one() {
        let (mut store, ids) = store_with(1);
        let mut prompt = ScriptedPrompt::new(&["", "e", "e", "4"]);
        prompt
            .edits
            .extend(["First.".to_string(), "First, then second.".to_string()]);
        run(
            &mut store,
            &mut prompt,
            ids.clone(),
            Kind::Review,
            now(),
            &mut GuidSource::new(0, 0),
        )
        .unwrap();
        assert_eq!(prompt.opened_on, vec!["", "First."]);
        assert_eq!(prompt.messages, vec!["answer saved", "answer saved"]);
        assert_eq!(store.card(ids[0]).unwrap().answer, "First, then second.");
    }

    #[test]
    fn a_missing_editor_is_reported_and_the_session_goes_on() {
        struct NoEditor(ScriptedPrompt);
        impl Prompt for NoEditor {
            fn front(&mut self, view: &CardView) -> Result<FrontAction> {
                self.0.front(view)
            }
            fn back(&mut self, view: &CardView) -> Result<BackAction> {
                self.0.back(view)
            }
            fn edit_answer(&mut self, _view: &CardView, _current: &str) -> Result<Option<String>> {
                Err(Error::NoEditor)
            }
            fn say(&mut self, message: &str) {
                self.0.say(message);
            }
            fn timed_answer(
                &mut self,
                view: &CardView,
                limit: std::time::Duration,
            ) -> Result<crate::ui::prompt::Timed> {
                self.0.timed_answer(view, limit)
            }
            fn self_grade(&mut self, result: &crate::ui::prompt::MockResult) -> Result<BackAction> {
                self.0.self_grade(result)
            }
            fn choose(&mut self, title: &str, options: &[String]) -> Result<Option<usize>> {
                self.0.choose(title, options)
            }
            fn ask_text(&mut self, question: &str, default: &str) -> Result<Option<String>> {
                self.0.ask_text(question, default)
            }
        }
        let (mut store, ids) = store_with(1);
        let mut prompt = NoEditor(ScriptedPrompt::new(&["", "e", "4"]));
        let summary = review(&mut store, &mut prompt, ids.clone());
        assert_eq!(summary.cards, 1, "the grade after the failed edit is kept");
        assert_eq!(
            prompt.0.messages[0], "no editor to open: set $VISUAL or $EDITOR, or editor in the config file",
            "a session has no --text to point to"
        );
    }

    /// Acme's serving question (card 1) and Kelp's reworded one (card 2), which has an
    /// answer of its own.
    fn two_companies() -> Store {
        let mut store = crate::import::test_store(
            "# Company Profile: Acme\n## Common Questions\n- How would you design a scalable model serving system?\n",
        );
        crate::import::add_test_profile(
            &mut store,
            "# Company Profile: Kelp\n## Common Questions\n- How do you approach building scalable ML infrastructure?\n",
            "/kelp.md",
        );
        store
            .set_answer(
                CardId(2),
                "Shard the model servers by tenant.",
                "2026-03-01T09:00:00+00:00",
            )
            .unwrap();
        store
    }

    #[test]
    fn l_turns_a_similar_questions_answer_into_a_story_both_cards_show() {
        let mut store = two_companies();
        // Reveal Acme's card, link (one choice: Kelp's answer), take the offered name, grade.
        let mut prompt = ScriptedPrompt::new(&["", "l", "", "4"]);
        let mut guids = GuidSource::new(0, 0);
        run(
            &mut store,
            &mut prompt,
            vec![CardId(1)],
            Kind::Review,
            now(),
            &mut guids,
        )
        .unwrap();
        assert_eq!(prompt.shown[0].similar.len(), 1, "Kelp's answered question is offered");
        assert_eq!(
            prompt.messages,
            vec!["#2's answer is now story “Building scalable ML infrastructure”, shown on #2 and #1"]
        );
        let acme = store.card(CardId(1)).unwrap();
        let kelp = store.card(CardId(2)).unwrap();
        assert_eq!(acme.reviews, 1, "the grade after the link is kept");
        assert_eq!(kelp.answer, "", "the answer moved into the story");
        assert_eq!(acme.back(), kelp.back());
        assert!(acme.back().contains("Shard the model servers by tenant."));
    }

    #[test]
    fn l_links_the_story_a_similar_question_already_shows() {
        let mut store = two_companies();
        let serving = store
            .create_story("Serving", "Autoscaled GPU pool.", "g1", "2026-03-01T09:00:00+00:00")
            .unwrap();
        store
            .link_story(serving, &[CardId(2)], "2026-03-01T09:00:00+00:00")
            .unwrap();
        // Two choices now (the story, Kelp's own answer): pick the first, then grade.
        let mut prompt = ScriptedPrompt::new(&["", "l", "1", "5"]);
        let mut guids = GuidSource::new(0, 0);
        run(
            &mut store,
            &mut prompt,
            vec![CardId(1)],
            Kind::Review,
            now(),
            &mut guids,
        )
        .unwrap();
        assert_eq!(prompt.messages, vec!["linked story “Serving” to card #1"]);
        let acme = store.card(CardId(1)).unwrap();
        assert_eq!(acme.back(), "Story “Serving”:\nAutoscaled GPU pool.");
        assert_eq!(
            store.card(CardId(2)).unwrap().answer,
            "Shard the model servers by tenant."
        );
    }

    #[test]
    fn l_with_nothing_to_link_says_so_and_the_card_stays() {
        let (mut store, ids) = store_with(1);
        let mut prompt = ScriptedPrompt::new(&["", "l", "3"]);
        review(&mut store, &mut prompt, ids.clone());
        assert_eq!(
            prompt.messages,
            vec!["no question elsewhere like this one has an answer or a story to link yet"]
        );
        assert_eq!(store.card(ids[0]).unwrap().reviews, 1);
    }

    #[test]
    fn a_grade_waits_out_a_busy_database_instead_of_ending_the_session() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("busy.db");
        let mut store = Store::open(&path).unwrap();
        crate::import::add_test_profile(
            &mut store,
            "# Company Profile: Test Co\n## Common Questions\n- One?\n",
            "/test.md",
        );
        store.set_busy_timeout(std::time::Duration::from_millis(50));
        // Another process holds the write lock for a while.
        let holder = rusqlite::Connection::open(&path).unwrap();
        holder.execute_batch("BEGIN IMMEDIATE").unwrap();
        let release = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(400));
            holder.execute_batch("COMMIT").unwrap();
        });
        let mut prompt = ScriptedPrompt::new(&["", "4"]);
        let summary = review(&mut store, &mut prompt, vec![CardId(1)]);
        release.join().unwrap();
        assert_eq!(summary.cards, 1);
        assert!(
            prompt.messages[0].starts_with("the database is busy"),
            "{:?}",
            prompt.messages
        );
        assert_eq!(store.card(CardId(1)).unwrap().reviews, 1, "the grade was recorded");
    }
}

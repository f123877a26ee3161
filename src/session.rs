//! An interactive session over a queue of cards, shared by `review` and `drill`: show,
//! reveal, grade (committed at once), bring failed cards back, undo, edit, suspend, skip,
//! and a summary at the end however the session ends.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::clock::Now;
use crate::error::Result;
use crate::schedule;
use crate::store::{Card, Effect, NewReview, Store};
use crate::types::{CardId, Grade};
use crate::ui::prompt::{BackAction, CardView, FrontAction, Prompt};

/// How a session treats a card's first grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Daily review: every card in the queue is due or new, so every first grade sets
    /// the schedule.
    Review,
    /// Cramming: a card not yet due that is recalled (3+) is practice; failed, it lapses.
    Drill,
}

impl Mode {
    fn origin(self) -> &'static str {
        match self {
            Mode::Review => "review",
            Mode::Drill => "drill",
        }
    }
}

/// A failed card comes back after this many other cards (or at the end).
const REPEAT_GAP: usize = 3;

/// What a session did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Cards graded at least once.
    pub cards: usize,
    /// Every grade given, repeats included, by value 0–5.
    pub grades: [u32; 6],
    /// Cards graded 4 or 5 the first time they were shown.
    pub first_time: usize,
    /// Cards that needed repeats: (id, front, how many grades it took).
    pub repeated: Vec<(CardId, String, u32)>,
    pub skipped: usize,
    pub suspended: usize,
    pub elapsed: Duration,
    /// Ended by the user before the queue was empty.
    pub quit_early: bool,
    /// Schedule-setting reviews and practice grades logged.
    pub reviews: usize,
    pub practice: usize,
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

/// Runs a session over `queue` until it is empty or the user quits.
pub fn run(store: &mut Store, prompt: &mut dyn Prompt, queue: Vec<CardId>, mode: Mode, now: Now) -> Result<Summary> {
    let today = now.today();
    let started = Instant::now();
    let mut pending: VecDeque<Entry> = queue.into_iter().map(|card| Entry { card, repeat: false }).collect();
    let mut total = pending.len();
    let mut shown = 0;
    let mut undo: Vec<Undoable> = Vec::new();
    let mut summary = Summary::default();
    let mut attempts: std::collections::HashMap<CardId, u32> = std::collections::HashMap::new();

    while let Some(entry) = pending.pop_front() {
        let card = match store.card(entry.card) {
            Ok(card) if !card.suspended && !card.retired => card,
            Ok(_) => continue,
            Err(e) => return Err(e),
        };
        shown += 1;
        let mut view = view_of(&card, shown, total, entry.repeat);
        let shown_at = Instant::now();
        match prompt.front(&view)? {
            FrontAction::Reveal => {}
            FrontAction::Skip => {
                summary.skipped += 1;
                continue;
            }
            FrontAction::Suspend => {
                store.set_suspended(card.id, true, &stamp(now, started))?;
                summary.suspended += 1;
                prompt.say(&format!(
                    "card #{} suspended (prepdeck unsuspend {} brings it back)",
                    card.id, card.id
                ));
                continue;
            }
            FrontAction::Undo => {
                shown -= 1;
                pending.push_front(entry);
                undo_last(
                    store,
                    prompt,
                    &mut undo,
                    &mut pending,
                    &mut summary,
                    &mut attempts,
                    &mut shown,
                )?;
                continue;
            }
            FrontAction::Quit => {
                summary.quit_early = true;
                break;
            }
        }
        let grade = loop {
            match prompt.back(&view)? {
                BackAction::Grade(grade) => break Some(grade),
                BackAction::Edit => {
                    if let Some(text) = prompt.edit_answer(&view, &card.answer)? {
                        store.set_answer(card.id, &text, &stamp(now, started))?;
                        let fresh = store.card(card.id)?;
                        view = view_of(&fresh, shown, total, entry.repeat);
                        prompt.say("answer saved");
                    }
                }
                BackAction::Skip => {
                    summary.skipped += 1;
                    break None;
                }
                BackAction::Suspend => {
                    store.set_suspended(card.id, true, &stamp(now, started))?;
                    summary.suspended += 1;
                    prompt.say(&format!("card #{} suspended", card.id));
                    break None;
                }
                BackAction::Undo => {
                    shown -= 1;
                    pending.push_front(entry);
                    undo_last(
                        store,
                        prompt,
                        &mut undo,
                        &mut pending,
                        &mut summary,
                        &mut attempts,
                        &mut shown,
                    )?;
                    break None;
                }
                BackAction::Quit => {
                    summary.quit_early = true;
                    break None;
                }
            }
        };
        if summary.quit_early {
            break;
        }
        let Some(grade) = grade else { continue };

        let review = NewReview {
            grade,
            origin: mode.origin(),
            duration_ms: Some(shown_at.elapsed().as_millis() as u64),
        };
        let logged = store.record_review(card.id, review, today, &stamp(now, started), |current| {
            decide(mode, entry.repeat, current, grade, today)
        })?;
        let tries = attempts.entry(card.id).or_insert(0);
        *tries += 1;
        if *tries == 1 {
            summary.cards += 1;
            if grade.settled() {
                summary.first_time += 1;
            }
        }
        summary.grades[usize::from(grade.value())] += 1;
        match logged.effect {
            Effect::Review => summary.reviews += 1,
            Effect::Practice => summary.practice += 1,
        }
        let requeued = !grade.settled();
        if requeued {
            let at = REPEAT_GAP.min(pending.len());
            pending.insert(
                at,
                Entry {
                    card: card.id,
                    repeat: true,
                },
            );
            total += 1;
        }
        undo.push(Undoable {
            review_id: logged.id,
            entry,
            requeued,
            grade,
            effect: logged.effect,
        });
    }

    summary.repeated = attempts
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(id, n)| (*id, store.card(*id).map(|c| c.front).unwrap_or_default(), *n))
        .collect();
    summary.repeated.sort_by_key(|(id, _, _)| *id);
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// What a grade does to the card's schedule (`None`: logged as practice).
#[must_use]
pub fn decide(mode: Mode, repeat: bool, card: &Card, grade: Grade, today: NaiveDate) -> Option<schedule::Scheduled> {
    if repeat {
        return None;
    }
    let sets_schedule = match mode {
        Mode::Review => true,
        Mode::Drill => card.is_new() || card.is_due(today) || !grade.passed(),
    };
    sets_schedule.then(|| schedule::schedule(card.sm2, grade, today, card.interview))
}

/// Takes back the most recent grade of the session and shows that card again next.
fn undo_last(
    store: &mut Store,
    prompt: &mut dyn Prompt,
    undo: &mut Vec<Undoable>,
    pending: &mut VecDeque<Entry>,
    summary: &mut Summary,
    attempts: &mut std::collections::HashMap<CardId, u32>,
    shown: &mut usize,
) -> Result<()> {
    let Some(last) = undo.pop() else {
        prompt.say("nothing to undo");
        return Ok(());
    };
    store.undo_review(last.review_id)?;
    if last.requeued
        && let Some(pos) = pending.iter().position(|e| e.card == last.entry.card && e.repeat)
    {
        pending.remove(pos);
    }
    pending.push_front(last.entry);
    summary.grades[usize::from(last.grade.value())] -= 1;
    match last.effect {
        Effect::Review => summary.reviews -= 1,
        Effect::Practice => summary.practice -= 1,
    }
    if let Some(n) = attempts.get_mut(&last.entry.card) {
        *n -= 1;
        if *n == 0 {
            attempts.remove(&last.entry.card);
            summary.cards -= 1;
            if last.grade.settled() {
                summary.first_time -= 1;
            }
        }
    }
    *shown = shown.saturating_sub(1);
    prompt.say(&format!("undid grade {} of card #{}", last.grade, last.entry.card));
    Ok(())
}

fn view_of(card: &Card, position: usize, total: usize, repeat: bool) -> CardView {
    CardView {
        position,
        total: total.max(position),
        card_id: card.id.0,
        deck: card.deck.clone(),
        kind: card.kind,
        section: card.section.clone(),
        front: card.front.clone(),
        back: card.back().to_string(),
        notes: if card.kind.back_is_answer() {
            String::new()
        } else {
            card.answer.clone()
        },
        context: card.context.clone(),
        repeat,
    }
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
    use crate::commands::import::stored_items;
    use crate::store::DocumentImport;
    use crate::ui::prompt::ScriptedPrompt;

    /// An in-memory store with one deck of `n` questions, and their ids in order.
    fn store_with(n: usize) -> (Store, Vec<CardId>) {
        let mut doc = String::from("# Company Profile: Test Co\n## Common Questions\n");
        for i in 1..=n {
            doc.push_str(&format!("- Question {i}?\n"));
        }
        let profile = crate::profile::parse(doc.as_bytes(), "test").unwrap();
        let items = stored_items(&profile, "Test Co");
        let mut store = Store::open_in_memory().unwrap();
        let import = DocumentImport {
            deck: "Test Co",
            path: "/test.md",
            content_hash: "0",
            items: &items,
            stamp: "2026-03-01T09:00:00+00:00",
        };
        store.import_document(&import, false).unwrap();
        let ids = store.active_cards(1, None).unwrap().iter().map(|c| c.id).collect();
        (store, ids)
    }

    fn now() -> Now {
        Now::parse("2026-03-01T09:00:00+00:00").unwrap()
    }

    fn shown_ids(prompt: &ScriptedPrompt) -> Vec<i64> {
        prompt.shown.iter().map(|v| v.card_id).collect()
    }

    #[test]
    fn a_failed_card_returns_after_three_others_and_its_repeat_is_practice() {
        let (mut store, ids) = store_with(5);
        // Card 1 failed, cards 2–5 passed, card 1 passed on its return.
        let mut prompt = ScriptedPrompt::new(&["", "1", "", "4", "", "4", "", "4", "", "5", "", "5", "", "4"]);
        let summary = run(&mut store, &mut prompt, ids.clone(), Mode::Review, now()).unwrap();
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
        assert_eq!(card.sm2.repetitions, 0, "the repeat did not touch the schedule");
        assert_eq!(card.lapses, 1);
    }

    #[test]
    fn quitting_keeps_every_grade_given() {
        let (mut store, ids) = store_with(3);
        let mut prompt = ScriptedPrompt::new(&["", "5", "q"]);
        let summary = run(&mut store, &mut prompt, ids.clone(), Mode::Review, now()).unwrap();
        assert!(summary.quit_early);
        assert_eq!(summary.cards, 1);
        assert_eq!(store.card(ids[0]).unwrap().reviews, 1);
        assert_eq!(store.card(ids[1]).unwrap().reviews, 0);
        // A script that runs out is the same as Esc: the session ends normally.
        let mut prompt = ScriptedPrompt::new(&[""]);
        let summary = run(&mut store, &mut prompt, ids[1..].to_vec(), Mode::Review, now()).unwrap();
        assert!(summary.quit_early);
        assert_eq!(store.card(ids[1]).unwrap().reviews, 0);
    }

    #[test]
    fn undo_restores_the_schedule_and_shows_the_card_again() {
        let (mut store, ids) = store_with(2);
        let before = store.card(ids[0]).unwrap();
        let mut prompt = ScriptedPrompt::new(&["", "1", "u", "", "5", "", "4"]);
        let summary = run(&mut store, &mut prompt, ids.clone(), Mode::Review, now()).unwrap();
        assert_eq!(shown_ids(&prompt), vec![1, 2, 1, 2]);
        assert_eq!(prompt.messages, vec!["undid grade 1 of card #1"]);
        assert_eq!(summary.grades, [0, 0, 0, 0, 1, 1]);
        assert_eq!(summary.cards, 2);
        let card = store.card(ids[0]).unwrap();
        assert_eq!(card.reviews, 1);
        assert_eq!(card.lapses, before.lapses);
        assert!((card.sm2.ease - 2.6).abs() < 1e-9);
    }

    #[test]
    fn skip_suspend_and_edit_do_what_they_say() {
        let (mut store, ids) = store_with(3);
        let mut prompt = ScriptedPrompt::new(&["s", "x", "", "e", "4"]);
        prompt.edits.push_back("My prepared answer.".to_string());
        let summary = run(&mut store, &mut prompt, ids.clone(), Mode::Review, now()).unwrap();
        assert_eq!(summary.skipped, 1);
        assert_eq!(summary.suspended, 1);
        assert!(store.card(ids[1]).unwrap().suspended);
        let third = store.card(ids[2]).unwrap();
        assert_eq!(third.answer, "My prepared answer.");
        assert_eq!(third.reviews, 1);
        assert_eq!(store.card(ids[0]).unwrap().reviews, 0);
    }

    #[test]
    fn drill_sets_the_schedule_only_for_new_due_or_failed_cards() {
        let (store, ids) = store_with(1);
        let today = now().today();
        let mut card = store.card(ids[0]).unwrap();
        let grade = |g| Grade::new(g).unwrap();
        assert!(
            decide(Mode::Drill, false, &card, grade(5), today).is_some(),
            "a new card is reviewed"
        );
        card.last_reviewed = Some(today);
        card.due = today.checked_add_days(chrono::Days::new(5));
        assert!(
            decide(Mode::Drill, false, &card, grade(3), today).is_none(),
            "recalled early: practice"
        );
        assert!(
            decide(Mode::Drill, false, &card, grade(2), today).is_some_and(|s| s.lapsed),
            "failed early: a lapse"
        );
        assert!(
            decide(Mode::Drill, true, &card, grade(0), today).is_none(),
            "a repeat is always practice"
        );
        card.due = Some(today);
        assert!(
            decide(Mode::Drill, false, &card, grade(4), today).is_some(),
            "a due card is reviewed"
        );
        assert!(decide(Mode::Review, false, &card, grade(4), today).is_some());
    }
}

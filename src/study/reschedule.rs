//! Recomputing schedules from the review log when the rules change under the cards: a
//! deck's scheduler switched, its interview date moved, FSRS refitted. Each card's FSRS
//! memory is replayed from its log; its due date becomes the one its last review would
//! set under the new rules. SM-2's own state is left as the grades made it, so switching
//! back and forth loses nothing.

use chrono::NaiveDate;

use crate::domain::{Card, CardId, DeckId, Effect, LoggedGrade, Progress, Scheduler};
use crate::error::Result;
use crate::schedule::fsrs::Model;
use crate::schedule::grade::due_after_last_review;
use crate::schedule::{Rules, replay};
use crate::store::{CardFilter, Store};

/// What a card's progress becomes under `rules`, given its whole log.
#[must_use]
pub fn rescheduled(card: &Card, log: &[LoggedGrade], rules: &Rules) -> Progress {
    let memory = replay(log, rules).memory.or(card.progress.memory);
    let Some(last_review) = log.iter().rposition(|l| l.effect == Effect::Review) else {
        return Progress {
            memory,
            ..card.progress
        };
    };
    // The card as its last schedule-setting review left it: today's SM-2 state, the
    // memory of that day.
    let then = Progress {
        memory: replay(&log[..=last_review], rules).memory.or(card.progress.memory),
        ..card.progress
    };
    Progress {
        due: due_after_last_review(&then, rules).or(card.progress.due),
        memory,
        ..card.progress
    }
}

/// What a recomputation may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recompute {
    /// FSRS memory only (a backup's log restored, FSRS refitted under an SM-2 deck).
    Memory,
    /// Memory and due dates, as of `today`: a card already due stays due, however the new
    /// rules would have placed it.
    DueDates { today: NaiveDate },
}

/// Recomputes the cards of `deck` (suspended and retired ones too) and writes those that
/// changed; returns how many did. Reads and writes in one transaction, so a grade given
/// meanwhile waits for it instead of being overwritten by a schedule computed before it.
pub fn reschedule_deck(store: &mut Store, deck: DeckId, model: &Model, what: Recompute) -> Result<usize> {
    store.atomically(|store| recompute_deck(store, deck, model, what))
}

fn recompute_deck(store: &mut Store, deck: DeckId, model: &Model, what: Recompute) -> Result<usize> {
    let cards = store.cards_as_stored(&CardFilter {
        deck: Some(deck),
        kind: None,
        all: true,
        tag: None,
    })?;
    let logs: std::collections::HashMap<CardId, Vec<LoggedGrade>> = store.logs(Some(deck))?.into_iter().collect();
    let mut changed = Vec::new();
    for card in &cards {
        let Some(log) = logs.get(&card.id) else {
            continue;
        };
        let mut after = rescheduled(card, log, &Rules::of(card, model));
        let keep_due = match what {
            Recompute::Memory => true,
            Recompute::DueDates { today } => {
                card.progress.due.is_some_and(|due| due <= today) && after.due > card.progress.due
            }
        };
        if keep_due {
            after.due = card.progress.due;
        }
        if after != card.progress {
            changed.push((card.id, after));
        }
    }
    store.rewrite_progress(&changed)?;
    Ok(changed.len())
}

/// Recomputes each deck of `plan` as it says, all in one transaction; returns the cards
/// changed.
pub fn reschedule_decks(store: &mut Store, model: &Model, plan: &[(DeckId, Recompute)]) -> Result<usize> {
    store.atomically(|store| {
        plan.iter().try_fold(0, |changed, &(deck, what)| {
            Ok(changed + recompute_deck(store, deck, model, what)?)
        })
    })
}

/// What a change of FSRS's model asks of every deck: memory everywhere, due dates where
/// FSRS schedules (a card due by `today` staying due).
pub fn after_model_change(store: &Store, today: NaiveDate) -> Result<Vec<(DeckId, Recompute)>> {
    let default = store.default_scheduler()?;
    Ok(store
        .decks(None)?
        .into_iter()
        .map(|deck| {
            let what = match deck.scheduler.unwrap_or(default) {
                Scheduler::Fsrs => Recompute::DueDates { today },
                Scheduler::Sm2 => Recompute::Memory,
            };
            (deck.id, what)
        })
        .collect())
}

/// Recomputes every deck after FSRS's model changed ([`after_model_change`]). Returns the
/// cards changed.
pub fn reschedule_all(store: &mut Store, model: &Model, today: NaiveDate) -> Result<usize> {
    store.atomically(|store| {
        let plan = after_model_change(store, today)?;
        reschedule_decks(store, model, &plan)
    })
}

#[cfg(test)]
mod tests {
    use chrono::{Days, NaiveDate};

    use super::*;
    use crate::domain::{Grade, Origin};
    use crate::schedule::Mode;
    use crate::study::grading::{self, GradeGiven};

    fn store() -> Store {
        crate::import::test_store("# Company Profile: Test Co\n## Common Questions\n- One?\n- Two?\n- Three?\n")
    }

    fn grade(store: &mut Store, card: i64, g: u8, mode: Mode, day: NaiveDate) {
        let given = GradeGiven {
            card: CardId(card),
            grade: Grade::new(g).unwrap(),
            mode,
            origin: Origin::Review,
            day,
            stamp: crate::testing::stamp(&format!("{day}T09:00:00+00:00")),
            took: None,
        };
        grading::record(store, &given).unwrap();
    }

    fn progress(store: &Store) -> Vec<Progress> {
        (1..=3).map(|id| store.card(CardId(id)).unwrap().progress).collect()
    }

    fn switch(store: &mut Store, scheduler: Scheduler) {
        store.set_deck_scheduler(DeckId(1), Some(scheduler)).unwrap();
        let model = store.fsrs_model().unwrap();
        reschedule_deck(store, DeckId(1), &model, Recompute::DueDates { today: NaiveDate::MIN }).unwrap();
    }

    /// A history with practice, lapses and an interview.
    fn history(store: &mut Store) -> NaiveDate {
        let start = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        store.set_interview(DeckId(1), Some(start + Days::new(30))).unwrap();
        for (offset, card, g, mode) in [
            (0, 1, 4, Mode::Review),
            (0, 1, 5, Mode::Practice),
            (0, 2, 1, Mode::Review),
            (0, 2, 4, Mode::Practice),
            (1, 1, 4, Mode::Review),
            (1, 2, 3, Mode::Review),
            (3, 2, 2, Mode::Drill),
            (7, 1, 5, Mode::Review),
        ] {
            grade(store, card, g, mode, start + Days::new(offset));
        }
        start + Days::new(7)
    }

    #[test]
    fn switching_to_fsrs_and_back_gives_back_every_sm2_schedule() {
        let mut store = store();
        history(&mut store);
        let sm2 = progress(&store);
        switch(&mut store, Scheduler::Fsrs);
        let fsrs = progress(&store);
        assert_ne!(fsrs[0].due, sm2[0].due, "FSRS sets its own due dates");
        for (under_fsrs, under_sm2) in fsrs.iter().zip(&sm2) {
            assert_eq!(under_fsrs.sm2, under_sm2.sm2, "SM-2's state is kept");
            assert_eq!(under_fsrs.memory, under_sm2.memory, "the memory is the log's");
        }
        switch(&mut store, Scheduler::Sm2);
        assert_eq!(progress(&store), sm2);
        assert!(store.schedule_problems().unwrap().is_empty());
    }

    #[test]
    fn a_deck_graded_under_fsrs_keeps_what_its_log_says() {
        let mut store = store();
        switch(&mut store, Scheduler::Fsrs);
        let last = history(&mut store);
        let graded = progress(&store);
        // Replaying the deck under the rules it was graded by changes nothing.
        switch(&mut store, Scheduler::Fsrs);
        assert_eq!(progress(&store), graded);
        let model = store.fsrs_model().unwrap();
        let memory = graded[0].memory.unwrap();
        assert_eq!(memory.day, last);
        let fsrs_due = crate::schedule::sm2::add_days(last, model.interval(memory));
        let last_day = NaiveDate::from_ymd_opt(2026, 3, 30).unwrap();
        assert!(fsrs_due > last_day, "FSRS's own date lies past the interview");
        assert_eq!(
            graded[0].due,
            Some(last_day),
            "so the top-up brings it back the day before"
        );
    }

    /// Fitting FSRS to a deck's log and recomputing every deck: memories follow the new
    /// parameters everywhere, due dates only under FSRS.
    #[test]
    fn refitted_parameters_recompute_memories_and_fsrs_due_dates() {
        let mut doc = String::from("# Company Profile: Test Co\n## Common Questions\n");
        for i in 1..=90 {
            doc.push_str(&format!("- Question number {i}?\n"));
        }
        let mut store = crate::import::test_store(&doc);
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        for card in 1..=90i64 {
            let mut day = start + Days::new(card as u64 % 20);
            for step in 0..6 {
                let g = if (card + step) % 7 == 0 { 1 } else { 4 };
                grade(&mut store, card, g, Mode::Review, day);
                day = store.card(CardId(card)).unwrap().progress.due.unwrap();
            }
        }
        let before: Vec<Progress> = (1..=90).map(|id| store.card(CardId(id)).unwrap().progress).collect();
        let histories: Vec<crate::schedule::fsrs::History> = store
            .logs(None)
            .unwrap()
            .into_iter()
            .map(|(_, log)| log.into_iter().map(|l| (l.day, l.grade)).collect())
            .collect();
        let fitted = crate::schedule::fsrs::fit(&histories).unwrap();
        store
            .set_fsrs_parameters(Some((&fitted, start, histories.len())))
            .unwrap();
        let model = store.fsrs_model().unwrap();
        assert!(reschedule_all(&mut store, &model, NaiveDate::MIN).unwrap() > 0);
        let under_sm2: Vec<Progress> = (1..=90).map(|id| store.card(CardId(id)).unwrap().progress).collect();
        for (after, was) in under_sm2.iter().zip(&before) {
            assert_eq!(after.due, was.due, "an SM-2 deck keeps its due dates");
            assert_eq!(after.sm2, was.sm2);
        }
        assert!(
            under_sm2.iter().zip(&before).any(|(a, b)| a.memory != b.memory),
            "memories follow the fit"
        );
        store.set_deck_scheduler(DeckId(1), Some(Scheduler::Fsrs)).unwrap();
        reschedule_all(&mut store, &model, NaiveDate::MIN).unwrap();
        let card = store.card(CardId(5)).unwrap();
        let memory = card.progress.memory.unwrap();
        assert_eq!(
            card.progress.due,
            Some(crate::schedule::sm2::add_days(
                card.progress.last_reviewed.unwrap(),
                model.interval(memory)
            )),
            "under FSRS the due date is the fitted model's"
        );
    }

    #[test]
    fn a_card_never_graded_is_left_alone() {
        let mut store = store();
        let before = progress(&store);
        switch(&mut store, Scheduler::Fsrs);
        assert_eq!(progress(&store), before);
    }
}

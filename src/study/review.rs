//! A review, a drill or a mock interview from start to end, as its report tells it: each
//! deck's readiness before, the session, the readiness after, and after a review what
//! still waits today.

use super::figures::readiness_of;
use super::mock_interview::{self, MockConfig};
use super::queue::{self, DayRules};
use super::session::{self, Kind};
use crate::clock::Now;
use crate::domain::card::GuidSource;
use crate::domain::{Card, CardId, DeckId};
use crate::error::Result;
use crate::report::summary::{AfterReview, MockReport, SessionReport};
use crate::store::Store;
use crate::ui::prompt::Prompt;

/// What a review was asked for: its decks (as found, and as the user named them), the
/// rules of the day, and the tag.
pub struct ReviewAsked<'a> {
    pub decks: &'a [DeckId],
    pub named: &'a [String],
    pub rules: DayRules,
    pub tag: Option<&'a str>,
}

/// Reviews `cards` (today's queue), then says what still waits today.
pub fn review(
    store: &mut Store,
    prompt: &mut dyn Prompt,
    cards: &[Card],
    asked: &ReviewAsked<'_>,
    now: Now,
    guids: &mut GuidSource,
) -> Result<SessionReport> {
    let today = now.today();
    let mut report = run_session(store, prompt, cards, Kind::Review, now, guids)?;
    let left = queue::today(store, asked.decks, today, asked.rules, asked.tag)?.len();
    report.then = Some(if left > 0 {
        AfterReview::StillWaiting {
            cards: left,
            decks: asked.named.to_vec(),
            tag: asked.tag.map(str::to_string),
        }
    } else {
        match store.next_due_after(asked.decks, today, asked.tag)? {
            Some(day) => AfterReview::NextReview { day, today },
            None => AfterReview::Nothing,
        }
    });
    Ok(report)
}

/// Drills `order`, the cards of one deck in the order to show them.
pub fn drill(
    store: &mut Store,
    prompt: &mut dyn Prompt,
    deck: DeckId,
    order: Vec<CardId>,
    now: Now,
    guids: &mut GuidSource,
) -> Result<SessionReport> {
    let today = now.today();
    let before = readiness_of(store, &[deck], today)?;
    let summary = session::run(store, prompt, order, Kind::Drill, now, guids)?;
    let after = readiness_of(store, &[deck], today)?;
    Ok(SessionReport {
        summary,
        before,
        after,
        then: None,
    })
}

/// A session over `cards`, with the readiness of their decks before and after.
fn run_session(
    store: &mut Store,
    prompt: &mut dyn Prompt,
    cards: &[Card],
    kind: Kind,
    now: Now,
    guids: &mut GuidSource,
) -> Result<SessionReport> {
    let today = now.today();
    let involved = queue::decks_of(cards);
    let before = readiness_of(store, &involved, today)?;
    let order = cards.iter().map(|c| c.id).collect();
    let summary = session::run(store, prompt, order, kind, now, guids)?;
    let after = readiness_of(store, &involved, today)?;
    Ok(SessionReport {
        summary,
        before,
        after,
        then: None,
    })
}

/// Rehearses the questions `drawn` for `config`, with the deck's readiness before and
/// after.
pub fn mock(
    store: &mut Store,
    prompt: &mut dyn Prompt,
    config: &MockConfig,
    drawn: &[Card],
    now: Now,
) -> Result<MockReport> {
    let today = now.today();
    let before = readiness_of(store, &[config.deck], today)?;
    let summary = mock_interview::run(store, prompt, config, drawn, now)?;
    let after = readiness_of(store, &[config.deck], today)?;
    Ok(MockReport {
        summary,
        limit: config.limit,
        before,
        after,
        seed: config.seed,
    })
}

//! Reading the figures `decks`, `stats` and the end of a session show: each deck's counts
//! by state, readiness for the interview day, retention, streak, time spent, mock history,
//! and the due forecast, all from one snapshot of the database.

use std::collections::HashMap;

use crate::domain::{CardId, DeckCounts, DeckId, Scheduler};
use crate::error::Result;
use crate::report::decks::{ACTIVITY_WEEKS, DeckList, Stats};
use crate::report::figures::{DeckFigures, DeckReadiness, Figures, ForecastDay, TotalFigures, WeakCard};
use crate::schedule::Rules;
use crate::schedule::fsrs::Model;
use crate::schedule::readiness::{Readiness, retention, streak, target_day};
use crate::store::{DeckAggregates, MockHistory, Store};
use chrono::{Days, NaiveDate};

/// The forecast covers this many days from today.
const FORECAST_DAYS: u64 = 14;

/// Retention looks back this many days.
pub const RETENTION_WINDOW_DAYS: u64 = 30;

/// How many of a deck's weakest cards the figures name.
pub const WEAKEST_NAMED: usize = 3;

/// A card is named among the weakest only when its recall estimate is below this (the
/// retention schedules aim for): a card nearly sure to be recalled is not weak, whatever
/// the others' estimates.
pub const WEAK_BELOW: f64 = 0.9;

/// The figures of every deck (or just `only`) on `today`, their totals, and the due
/// forecast, all from one snapshot of the database.
pub fn figures(store: &Store, today: NaiveDate, only: Option<DeckId>) -> Result<Figures> {
    store.snapshot(|store| figures_in(store, today, only))
}

/// `decks`: every deck's figures, those that follow the config file's budget
/// (`default_minutes`) shown with it.
pub fn deck_list(store: &Store, today: NaiveDate, default_minutes: Option<u32>) -> Result<DeckList> {
    let mut decks = figures(store, today, None)?.decks;
    with_default_budget(&mut decks, default_minutes);
    Ok(DeckList { decks, today })
}

/// `stats`: every deck's figures (or `only` one's), the totals, the due forecast, and the
/// activity of the last twelve weeks.
pub fn stats(store: &Store, today: NaiveDate, only: Option<DeckId>, default_minutes: Option<u32>) -> Result<Stats> {
    let Figures {
        mut decks,
        total,
        forecast,
    } = figures(store, today, only)?;
    with_default_budget(&mut decks, default_minutes);
    let since = today.checked_sub_days(Days::new(7 * ACTIVITY_WEEKS)).unwrap_or(today);
    let deck_ids: Vec<DeckId> = only.into_iter().collect();
    Ok(Stats {
        decks,
        total,
        forecast,
        activity: store.activity(&deck_ids, since)?.into_iter().collect(),
        one_deck: only.is_some(),
        today,
    })
}

/// Decks without a budget of their own follow the config file's.
fn with_default_budget(decks: &mut [DeckFigures], default_minutes: Option<u32>) {
    for deck in decks {
        deck.daily_minutes = deck.daily_minutes.or(default_minutes);
    }
}

/// One deck's figures, as `remove` and the prep sheet name it.
pub fn one_deck(store: &Store, today: NaiveDate, deck: DeckId) -> Result<DeckFigures> {
    figures(store, today, Some(deck))?
        .decks
        .pop()
        .ok_or(crate::error::Error::DeckGone(deck))
}

/// Each deck's readiness, for a session's before → after line.
pub fn readiness_of(store: &Store, decks: &[DeckId], today: NaiveDate) -> Result<Vec<DeckReadiness>> {
    let model = store.fsrs_model()?;
    let mut readiness = Vec::with_capacity(decks.len());
    for &id in decks {
        // A deck removed meanwhile (by another prepdeck, during a session) has none.
        let Some(deck) = tally(store, Some(id), today, today, &model)?.decks.into_iter().next() else {
            continue;
        };
        readiness.push(DeckReadiness {
            id,
            name: deck.name,
            percent: deck.readiness.percent(),
            expected: deck.readiness.expected(),
            cards: deck.readiness.cards(),
            unseen: deck.counts.new,
            day: deck.readiness.target(),
            weakest: weak_cards(store, &deck.weakest)?,
        });
    }
    Ok(readiness)
}

/// A deck's cards counted in one pass.
struct DeckTally {
    id: DeckId,
    name: String,
    interview: Option<NaiveDate>,
    scheduler: Scheduler,
    daily_minutes: Option<u32>,
    counts: DeckCounts,
    readiness: Readiness,
    /// The weakest cards seen before: (recall, id), at most [`WEAKEST_NAMED`], weakest first.
    weakest: Vec<(f64, CardId)>,
}

impl DeckTally {
    /// Keeps `card` if it is weak and among the weakest seen so far.
    fn consider(&mut self, recall: f64, card: CardId) {
        if recall >= WEAK_BELOW {
            return;
        }
        let place = self
            .weakest
            .partition_point(|&(r, id)| r.total_cmp(&recall).then(id.cmp(&card)).is_lt());
        if place < WEAKEST_NAMED {
            self.weakest.insert(place, (recall, card));
            self.weakest.truncate(WEAKEST_NAMED);
        }
    }
}

/// The weakest cards with their fronts.
fn weak_cards(store: &Store, weakest: &[(f64, CardId)]) -> Result<Vec<WeakCard>> {
    weakest
        .iter()
        .map(|&(recall, id)| {
            let card = store.card(id)?;
            Ok(WeakCard {
                id: id.0,
                front: card.front(),
                recall: round3(recall),
                due: card.progress.due,
            })
        })
        .collect()
}

/// The streak of one deck (or of all): days with a review, and days with nothing due.
/// The review days are read back only as far as the streak reaches: a few weeks' first,
/// eight times as many while the streak runs past all of them (each gap is looked at
/// once).
fn streak_of(store: &Store, deck: Option<DeckId>, today: NaiveDate) -> Result<u32> {
    let mut gaps: HashMap<(NaiveDate, NaiveDate), bool> = HashMap::new();
    let mut count = 64;
    loop {
        let days = store.review_days(deck, today, count)?;
        let length = streak(&days, today, |from, to| {
            if let Some(&known) = gaps.get(&(from, to)) {
                return Ok(known);
            }
            let nothing_due = store.nothing_due_between(deck, from, to)?;
            gaps.insert((from, to), nothing_due);
            Ok::<_, crate::error::Error>(nothing_due)
        })?;
        // All the days there are, or a streak that stops short of the oldest day read.
        let end = if days.first() == Some(&today) {
            Some(today)
        } else {
            today.pred_opt()
        };
        let start = end.and_then(|end| end.checked_sub_days(Days::new(u64::from(length.saturating_sub(1)))));
        let reaches_oldest =
            length > 0 && matches!((start, days.last()), (Some(start), Some(oldest)) if start <= *oldest);
        if days.len() < count || !reaches_oldest {
            return Ok(length);
        }
        count = count.saturating_mul(8);
    }
}

struct Tally {
    decks: Vec<DeckTally>,
    due_on: HashMap<NaiveDate, u32>,
}

/// Counts every card of the decks (all, or `only`) once: states, readiness on each deck's
/// day, and how many active cards fall due on each day up to `horizon`.
fn tally(store: &Store, only: Option<DeckId>, today: NaiveDate, horizon: NaiveDate, model: &Model) -> Result<Tally> {
    let default_scheduler = store.default_scheduler()?;
    let mut decks: Vec<DeckTally> = store
        .decks(only)?
        .into_iter()
        .map(|deck| DeckTally {
            readiness: Readiness::on(target_day(deck.interview, today)),
            id: deck.id,
            name: deck.name,
            interview: deck.interview,
            scheduler: deck.scheduler.unwrap_or(default_scheduler),
            daily_minutes: deck.daily_minutes,
            counts: DeckCounts::default(),
            weakest: Vec::new(),
        })
        .collect();
    let slot: HashMap<DeckId, usize> = decks.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    let mut due_on: HashMap<NaiveDate, u32> = HashMap::new();
    store.visit_card_statuses(only, |card| {
        let Some(&i) = slot.get(&card.deck) else {
            return;
        };
        let deck = &mut decks[i];
        deck.counts.add(card, today);
        if !card.state().is_active() {
            return;
        }
        let rules = Rules {
            interview: deck.interview,
            scheduler: card.scheduler,
            model,
        };
        let recall = rules.recall_estimate(&card.progress, deck.readiness.target());
        deck.readiness.add(recall);
        if !card.progress.is_new() {
            deck.consider(recall, card.id);
        }
        if let Some(due) = card.progress.due.filter(|due| *due <= horizon) {
            *due_on.entry(due.max(today)).or_default() += 1;
        }
    })?;
    Ok(Tally { decks, due_on })
}

fn figures_in(store: &Store, today: NaiveDate, only: Option<DeckId>) -> Result<Figures> {
    let horizon = today.checked_add_days(Days::new(FORECAST_DAYS - 1)).unwrap_or(today);
    let model = store.fsrs_model()?;
    let tally = tally(store, only, today, horizon, &model)?;
    let forecast = (0..FORECAST_DAYS)
        .filter_map(|i| today.checked_add_days(Days::new(i)))
        .map(|day| ForecastDay {
            day,
            due: tally.due_on.get(&day).copied().unwrap_or(0),
        })
        .collect();
    let window_start = today
        .checked_sub_days(Days::new(RETENTION_WINDOW_DAYS - 1))
        .unwrap_or(today);
    let aggregates = store.deck_aggregates(window_start, today)?;
    let mocks = store.mock_history()?;
    let empty = DeckAggregates::default();
    let mut figures = Vec::with_capacity(tally.decks.len());
    for deck in &tally.decks {
        let agg = aggregates.get(&deck.id).unwrap_or(&empty);
        let mock = mocks.get(&deck.id).copied().unwrap_or_default();
        let weakest = weak_cards(store, &deck.weakest)?;
        figures.push(figures_of(
            deck,
            agg,
            streak_of(store, Some(deck.id), today)?,
            mock,
            today,
            weakest,
        ));
    }
    let total = if let (Some(_), [one]) = (only, figures.as_slice()) {
        total_for_one(one)
    } else {
        total_of(&figures, &aggregates, streak_of(store, None, today)?)
    };
    Ok(Figures {
        decks: figures,
        total,
        forecast,
    })
}

fn figures_of(
    deck: &DeckTally,
    agg: &DeckAggregates,
    streak: u32,
    mock: MockHistory,
    today: NaiveDate,
    weakest: Vec<WeakCard>,
) -> DeckFigures {
    let readiness = deck.readiness.percent();
    DeckFigures {
        id: deck.id,
        name: deck.name.clone(),
        counts: deck.counts,
        interview: deck.interview,
        days_left: deck.interview.map(|d| (d - today).num_days()),
        readiness: round1(readiness),
        readiness_exact: readiness,
        readiness_day: deck.readiness.target(),
        expected_recall: round1(deck.readiness.expected()),
        weakest,
        scheduler: deck.scheduler,
        daily_minutes: deck.daily_minutes,
        retention: retention(agg.passed, agg.reviewed).map(round3),
        reviews_30d: agg.reviewed,
        streak,
        mean_answer_seconds: agg.mean_answer_ms.map(|ms| round1(ms / 1000.0)),
        reviews_today: agg.reviews_today,
        seconds_today: round1(agg.ms_today as f64 / 1000.0),
        mock_runs: mock.runs,
        mock_answers: mock.answers,
        mock_mean_answer_seconds: mock.mean_answer_ms.map(|ms| round1(ms / 1000.0)),
        mock_over_limit: mock.over_limit,
    }
}

/// Totals: sums of the counts, readiness weighted by each deck's active cards (so each
/// card counts on its own deck's readiness day), retention over every deck's reviews.
fn total_of(figures: &[DeckFigures], aggregates: &HashMap<DeckId, DeckAggregates>, streak: u32) -> TotalFigures {
    let mut counts = DeckCounts::default();
    for deck in figures {
        counts += deck.counts;
    }
    let cards = counts.cards;
    let weighted: f64 = figures
        .iter()
        .map(|f| f.readiness_exact * f64::from(f.counts.cards))
        .sum();
    let passed = aggregates.values().map(|a| a.passed).sum();
    let reviewed = aggregates.values().map(|a| a.reviewed).sum();
    TotalFigures {
        decks: figures.len(),
        counts,
        readiness: if cards == 0 {
            0.0
        } else {
            round1(weighted / f64::from(cards))
        },
        retention: retention(passed, reviewed).map(round3),
        reviews_30d: reviewed,
        streak,
        reviews_today: figures.iter().map(|f| f.reviews_today).sum(),
        seconds_today: round1(figures.iter().map(|f| f.seconds_today).sum()),
    }
}

/// With one deck named, the total is that deck's own figures.
fn total_for_one(deck: &DeckFigures) -> TotalFigures {
    TotalFigures {
        decks: 1,
        counts: deck.counts,
        readiness: deck.readiness,
        retention: deck.retention,
        reviews_30d: deck.reviews_30d,
        streak: deck.streak,
        reviews_today: deck.reviews_today,
        seconds_today: deck.seconds_today,
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

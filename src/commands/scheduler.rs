//! `prepdeck scheduler` and `prepdeck optimize`: which scheduler each deck follows, FSRS's
//! desired retention, and FSRS's parameters fitted to the user's own log.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Context, emit, emit_json};
use crate::cli::{OptimizeArgs, SchedulerArgs};
use crate::domain::{DeckId, Scheduler};
use crate::error::{Error, Result};
use crate::schedule::fsrs::{self, DEFAULT_RETENTION, FitError, RETENTION_RANGE, reviews_to_learn_from};
use crate::store::{FsrsSettings, Store};
use crate::study::reschedule::{Recompute, reschedule_all, reschedule_deck, reschedule_decks};
use crate::ui::table::Table;
use crate::ui::{Tone, count, safe, shell_word};

#[derive(Serialize)]
struct SchedulersJson {
    default: Scheduler,
    desired_retention: f64,
    /// `null` for FSRS-6's defaults.
    parameters: Option<Vec<f32>>,
    fitted_on: Option<chrono::NaiveDate>,
    fitted_from_reviews: Option<usize>,
    decks: Vec<DeckSchedulerJson>,
}

#[derive(Serialize)]
struct DeckSchedulerJson {
    name: String,
    scheduler: Scheduler,
    /// The deck chose it itself (rather than following the default).
    own: bool,
}

/// What the typed scheduler word asks for: a scheduler, or the default.
fn parse_choice(word: &str) -> Result<Option<Scheduler>> {
    if word.trim().eq_ignore_ascii_case("default") {
        Ok(None)
    } else {
        Ok(Some(word.parse()?))
    }
}

pub fn run(args: &SchedulerArgs, ctx: &Context) -> Result<()> {
    if let Some(retention) = args.retention
        && !RETENTION_RANGE.contains(&retention)
    {
        return Err(Error::BadRetention(retention.to_string()));
    }
    let default_choice = args.default.as_deref().map(str::parse::<Scheduler>).transpose()?;
    let choice = args.scheduler.as_deref().map(parse_choice).transpose()?;
    let mut store = ctx.store()?;
    let mut out = String::new();
    if let Some(retention) = args.retention {
        let moved = store.atomically(|store| {
            store.set_desired_retention(Some(retention))?;
            let model = store.fsrs_model()?;
            reschedule_picked(store, &model, ctx.now.today(), |_, s| s == Scheduler::Fsrs)
        })?;
        out.push_str(&format!(
            "FSRS now aims for {:.0}% recall: {} of FSRS decks rescheduled.\n",
            retention * 100.0,
            count(moved, "card")
        ));
    }
    if let Some(scheduler) = default_choice {
        let moved = store.atomically(|store| {
            let was = store.default_scheduler()?;
            store.set_default_scheduler(scheduler)?;
            if was == scheduler {
                return Ok(0);
            }
            let model = store.fsrs_model()?;
            reschedule_picked(store, &model, ctx.now.today(), |own, _| own.is_none())
        })?;
        out.push_str(&format!(
            "Decks without their own scheduler now use {}: {} rescheduled from their review log.\n",
            scheduler.label(),
            count(moved, "card")
        ));
    }
    if let (Some(typed), Some(choice)) = (&args.deck, choice) {
        let deck = store.find_deck(typed)?;
        out.push_str(&store.atomically(|store| switch_deck(store, deck, choice, ctx.now.today()))?);
    }
    if !out.is_empty() {
        return emit(&out);
    }
    let only = args.deck.as_deref().map(|d| store.find_deck(d)).transpose()?;
    show(&store, only, args.json, ctx)
}

/// Reschedules the decks `pick(own scheduler, effective scheduler)` selects; returns the
/// cards changed.
fn reschedule_picked(
    store: &mut Store,
    model: &fsrs::Model,
    today: NaiveDate,
    pick: impl Fn(Option<Scheduler>, Scheduler) -> bool,
) -> Result<usize> {
    let default = store.default_scheduler()?;
    let plan: Vec<(DeckId, Recompute)> = store
        .decks(None)?
        .into_iter()
        .filter(|deck| pick(deck.scheduler, deck.scheduler.unwrap_or(default)))
        .map(|deck| (deck.id, Recompute::DueDates { today }))
        .collect();
    reschedule_decks(store, model, &plan)
}

/// Sets one deck's scheduler (or makes it follow the default) and reschedules its cards.
fn switch_deck(store: &mut Store, deck: DeckId, choice: Option<Scheduler>, today: NaiveDate) -> Result<String> {
    let name = safe(&store.deck(deck)?.name).into_owned();
    let was = store.scheduler_of(deck)?;
    store.set_deck_scheduler(deck, choice)?;
    let now = store.scheduler_of(deck)?;
    let following = if choice.is_none() { " (the default)" } else { "" };
    if was == now {
        return Ok(format!("{name} uses {}{following}, as before.\n", now.label()));
    }
    let model = store.fsrs_model()?;
    let moved = reschedule_deck(store, deck, &model, Recompute::DueDates { today })?;
    Ok(format!(
        "{name} now uses {}{following} (was {}): {} rescheduled from their review log.\n\
         `prepdeck scheduler {} {}` switches back.\n",
        now.label(),
        was.label(),
        count(moved, "card"),
        shell_word(&name),
        was.as_str()
    ))
}

fn show(store: &Store, only: Option<DeckId>, json: bool, ctx: &Context) -> Result<()> {
    let default = store.default_scheduler()?;
    let settings = store.fsrs_settings()?;
    let decks = store.decks(only)?;
    let retention = settings.desired_retention.unwrap_or(DEFAULT_RETENTION);
    if json {
        return emit_json(&SchedulersJson {
            default,
            desired_retention: retention,
            parameters: (!settings.parameters.is_empty()).then(|| settings.parameters.clone()),
            fitted_on: settings.fitted.map(|f| f.0),
            fitted_from_reviews: settings.fitted.map(|f| f.1),
            decks: decks
                .iter()
                .map(|d| DeckSchedulerJson {
                    name: d.name.clone(),
                    scheduler: d.scheduler.unwrap_or(default),
                    own: d.scheduler.is_some(),
                })
                .collect(),
        });
    }
    let mut out = String::new();
    if decks.is_empty() {
        out.push_str("No decks yet.\n");
    } else {
        let mut table = Table::new(&["DECK", "SCHEDULER"]).flex(0);
        for deck in &decks {
            let scheduler = match deck.scheduler {
                Some(own) => own.as_str().to_string(),
                None => format!("{} (default)", default.as_str()),
            };
            table.row(vec![safe(&deck.name).into_owned().into(), scheduler.into()]);
        }
        out.push_str(&table.render(&ctx.style));
    }
    out.push_str(&format!(
        "Decks without their own scheduler use {}. FSRS: {}, desired retention {retention:.2}.\n",
        default.as_str(),
        parameters_text(&settings)
    ));
    emit(&out)
}

fn parameters_text(settings: &FsrsSettings) -> String {
    match settings.fitted {
        Some((day, reviews)) if !settings.parameters.is_empty() => {
            format!("parameters fitted on {day} from {reviews} reviews")
        }
        _ if !settings.parameters.is_empty() => "fitted parameters".to_string(),
        _ => "FSRS-6's default parameters (`prepdeck optimize` fits them to your log)".to_string(),
    }
}

pub fn optimize(args: &OptimizeArgs, ctx: &Context) -> Result<()> {
    let mut store = ctx.store()?;
    if args.reset {
        let moved = store.atomically(|store| {
            store.set_fsrs_parameters(None)?;
            let model = store.fsrs_model()?;
            reschedule_all(store, &model, ctx.now.today())
        })?;
        return emit(&format!(
            "FSRS is back to its default parameters: {} recomputed from their review log.\n",
            count(moved, "card")
        ));
    }
    let histories: Vec<fsrs::History> = store
        .logs(None)?
        .into_iter()
        .map(|(_, log)| log.into_iter().map(|l| (l.day, l.grade)).collect())
        .collect();
    let reviews = reviews_to_learn_from(&histories);
    let parameters = fsrs::fit(&histories).map_err(|e| match e {
        FitError::NotEnough { have, needed } => Error::NotEnoughReviews { have, needed },
        FitError::Failed(reason) => Error::FitFailed(reason),
        FitError::LearnedNothing => Error::FitLearnedNothing { reviews },
    })?;
    let moved = store.atomically(|store| {
        store.set_fsrs_parameters(Some((&parameters, ctx.now.today(), reviews)))?;
        let model = store.fsrs_model()?;
        reschedule_all(store, &model, ctx.now.today())
    })?;
    let mut out = match fsrs::reach(&parameters) {
        fsrs::Reach::All => format!(
            "Fitted FSRS to {reviews} reviews: the parameters are stored and {} recomputed from their review log.\n",
            count(moved, "card")
        ),
        fsrs::Reach::FirstStabilities => format!(
            "Fitted FSRS to {reviews} reviews, in part: only how long a card is remembered after its first grade; too few cards were reviewed again after that for the rest, which keep FSRS-6's defaults. Stored, and {} recomputed from their review log.\n",
            count(moved, "card")
        ),
    };
    out.push_str(&ctx.style.paint(
        "Decks under SM-2 keep their due dates; `prepdeck scheduler DECK fsrs` puts a deck under FSRS, `prepdeck optimize --reset` forgets the fit.\n",
        Tone::Dim,
    ));
    emit(&out)
}

//! `prepdeck review` and `prepdeck due`: today's queue (due cards, then the day's new
//! cards), shown interactively or listed.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::cards::CardJson;
use super::{Context, emit, emit_json, relative_day};
use crate::cli::{DueArgs, QueueArgs, ReviewArgs};
use crate::error::Result;
use crate::schedule::deadline::new_card_quota;
use crate::schedule::queue::{self, Candidate};
use crate::session::{self, Mode, Summary};
use crate::store::{Card, Store};
use crate::types::CardId;
use crate::ui::prompt::{TerminalPrompt, require_terminal};
use crate::ui::table::Table;
use crate::ui::{Style, Tone, safe};

/// New cards a deck introduces per day unless `--new` says otherwise.
pub const DEFAULT_NEW_PER_DAY: usize = 10;

/// Cards a session shows at most unless `--limit` says otherwise (Anki's daily review
/// limit): a backlog is worked off over days, not in one sitting.
pub const DEFAULT_LIMIT: usize = 200;

/// Today's queue in the order `review` shows it: at most `limit` cards, due cards first,
/// then each deck's new cards within its quota. Reads only what it can show.
pub fn daily_queue(
    store: &Store,
    decks: &[i64],
    today: NaiveDate,
    new_per_day: usize,
    limit: usize,
) -> Result<Vec<Card>> {
    let due = store.due_cards(decks, today, limit)?;
    let mut allowance = HashMap::new();
    let mut new = Vec::new();
    for usage in store.new_card_usage(decks, today)?.into_iter().filter(|u| u.has_new) {
        let quota = new_card_quota(new_per_day, usage.unseen_at_start_of_day, today, usage.interview);
        let left = quota.saturating_sub(usage.introduced_today).min(limit);
        if left > 0 {
            allowance.insert(usage.deck, left);
            new.extend(store.new_cards(usage.deck, left)?);
        }
    }
    let candidate = |c: &Card| Candidate {
        id: c.id.0,
        deck: c.deck_id,
        due: c.due,
        position: c.position,
        interview: c.interview.filter(|d| *d >= today),
    };
    let order = queue::daily(
        due.iter().map(candidate).collect(),
        new.iter().map(candidate).collect(),
        &allowance,
        Some(limit),
    );
    let mut by_id: HashMap<i64, Card> = due.into_iter().chain(new).map(|c| (c.id.0, c)).collect();
    Ok(order.into_iter().filter_map(|id| by_id.remove(&id)).collect())
}

/// The decks named on the command line, and today's queue over them.
fn queue_for(store: &Store, args: &QueueArgs, today: NaiveDate) -> Result<(Vec<i64>, Vec<Card>)> {
    let decks: Vec<i64> = args.decks.iter().map(|d| store.find_deck(d)).collect::<Result<_>>()?;
    let cards = daily_queue(
        store,
        &decks,
        today,
        new_per_day(args),
        args.limit.unwrap_or(DEFAULT_LIMIT),
    )?;
    Ok((decks, cards))
}

fn new_per_day(args: &QueueArgs) -> usize {
    args.new_per_day.unwrap_or(DEFAULT_NEW_PER_DAY)
}

pub fn due(args: &DueArgs, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let today = ctx.now.today();
    let (decks, cards) = queue_for(&store, &args.queue, today)?;
    if args.json {
        return emit_json(&cards.iter().map(CardJson::from).collect::<Vec<_>>());
    }
    if cards.is_empty() {
        return emit(&nothing_due(&store, &decks, today)?);
    }
    let new = cards.iter().filter(|c| c.is_new()).count();
    let mut out = format!(
        "{} cards to review today: {} due, {new} new\n",
        cards.len(),
        cards.len() - new
    );
    let mut table = Table::new(&["#", "ID", "DECK", "KIND", "DUE", "ITEM"])
        .right(0)
        .right(1)
        .flex(5);
    for (i, card) in cards.iter().enumerate() {
        table.row(vec![
            (i + 1).to_string().into(),
            card.id.to_string().into(),
            crate::ui::truncate(&safe(&card.deck), 20).into(),
            card.kind.as_str().into(),
            card.due
                .map_or_else(|| "new".to_string(), |d| relative_day(d, today))
                .into(),
            safe(&card.item_text).into_owned().into(),
        ]);
    }
    out.push_str(&table.render(&ctx.style));
    emit(&out)
}

/// "Nothing is due" with the day of the next card, if any.
fn nothing_due(store: &Store, decks: &[i64], today: NaiveDate) -> Result<String> {
    Ok(match store.next_due_after(decks, today)? {
        Some(day) => format!(
            "Nothing to review now. The next card is due {} ({day}).\n",
            relative_day(day, today)
        ),
        None => "Nothing to review now, and nothing scheduled. Import a profile or drill a deck.\n".to_string(),
    })
}

pub fn run(args: &ReviewArgs, ctx: &Context) -> Result<()> {
    require_terminal("review")?;
    let mut store = ctx.store()?;
    let today = ctx.now.today();
    let (decks, cards) = queue_for(&store, &args.queue, today)?;
    if cards.is_empty() {
        return emit(&nothing_due(&store, &decks, today)?);
    }
    let involved: Vec<i64> = unique_decks(&cards);
    let before = readiness_of(&store, &involved, today)?;
    let new = cards.iter().filter(|c| c.is_new()).count();
    emit(&format!(
        "{} cards today: {} due, {new} new. Enter reveals, a grade records; q or Esc ends.\n",
        cards.len(),
        cards.len() - new
    ))?;
    let queue: Vec<CardId> = cards.iter().map(|c| c.id).collect();
    let mut prompt = TerminalPrompt::new(ctx.style);
    let summary = session::run(&mut store, &mut prompt, queue, Mode::Review, ctx.now)?;
    let after = readiness_of(&store, &involved, today)?;
    let mut text = render_summary(&summary, &before, &after, &ctx.style);
    let left = daily_queue(&store, &decks, today, new_per_day(&args.queue), DEFAULT_LIMIT)?.len();
    if left > 0 {
        text.push_str(&format!("{left} cards are still waiting today: prepdeck review\n"));
    } else if let Some(day) = store.next_due_after(&decks, today)? {
        text.push_str(&format!("Next review: {} ({day}).\n", relative_day(day, today)));
    }
    emit(&text)
}

/// The decks of a list of cards, in first-seen order.
#[must_use]
pub fn unique_decks(cards: &[Card]) -> Vec<i64> {
    let mut seen = Vec::new();
    for card in cards {
        if !seen.contains(&card.deck_id) {
            seen.push(card.deck_id);
        }
    }
    seen
}

/// Readiness (deck name, percent) of each deck, for the before → after line.
pub fn readiness_of(store: &Store, decks: &[i64], today: NaiveDate) -> Result<Vec<(String, f64)>> {
    decks
        .iter()
        .map(|&id| store.deck(id, today).map(|deck| (deck.name, deck.readiness)))
        .collect()
}

/// The end-of-session report: cards, grades, time, repeats, readiness before → after.
#[must_use]
pub fn render_summary(summary: &Summary, before: &[(String, f64)], after: &[(String, f64)], style: &Style) -> String {
    let mut out = String::from("\n");
    let title = if summary.quit_early {
        "Session ended early"
    } else {
        "Session complete"
    };
    let minutes = summary.elapsed.as_secs() / 60;
    let seconds = summary.elapsed.as_secs() % 60;
    out.push_str(&format!(
        "{}: {} cards, {} grades in {minutes}m {seconds:02}s\n",
        style.paint(title, Tone::Bold),
        summary.cards,
        summary.grades.iter().sum::<u32>()
    ));
    let grades: Vec<String> = summary
        .grades
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(g, n)| format!("{g}×{n}"))
        .collect();
    if !grades.is_empty() {
        out.push_str(&format!("  grades      {}\n", grades.join("  ")));
    }
    if summary.cards > 0 {
        out.push_str(&format!(
            "  first time  {} of {} recalled (4 or 5)\n",
            summary.first_time, summary.cards
        ));
    }
    if summary.practice > 0 {
        out.push_str(&format!(
            "  practice    {} grades left the schedule alone\n",
            summary.practice
        ));
    }
    if !summary.repeated.is_empty() {
        out.push_str("  needed repeats:\n");
        for (id, front, tries) in &summary.repeated {
            out.push_str(&format!(
                "    #{id} ({tries} tries) {}\n",
                crate::ui::truncate(&safe(front), style.width.saturating_sub(20))
            ));
        }
    }
    if summary.skipped > 0 || summary.suspended > 0 {
        out.push_str(&format!(
            "  skipped {} · suspended {}\n",
            summary.skipped, summary.suspended
        ));
    }
    for ((name, was), (_, now)) in before.iter().zip(after) {
        let tone = if now >= was { Tone::Good } else { Tone::Warn };
        out.push_str(&format!(
            "  readiness   {}: {was:.0}% → {}\n",
            safe(name),
            style.paint(&format!("{now:.0}%"), tone)
        ));
    }
    out
}

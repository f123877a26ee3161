//! `prepdeck review` and `prepdeck due`: today's queue (due cards, then the day's new
//! cards), shown interactively or listed.

use chrono::NaiveDate;

use super::{Context, emit, emit_json, parse_tag};
use crate::cli::{DueArgs, QueueArgs, ReviewArgs};
use crate::config::Settings;
use crate::domain::{Card, DeckId};
use crate::error::Result;
use crate::report::{CardJson, readiness_of};
use crate::store::Store;
use crate::study::queue;
use crate::study::session::{self, Kind};
use crate::ui::prompt::TerminalPrompt;
use crate::ui::table::Table;
use crate::ui::{agreeing, count, prefixed, relative_day, safe, safe_line, shell_word, truncate, wrap_without_widows};

/// The decks named on the command line.
fn decks_named(store: &Store, args: &QueueArgs) -> Result<Vec<DeckId>> {
    args.decks.iter().map(|d| store.find_deck(d)).collect()
}

/// Today's queue over `decks` (all when empty).
fn queue_of(
    store: &Store,
    decks: &[DeckId],
    args: &QueueArgs,
    settings: &Settings,
    today: NaiveDate,
) -> Result<Vec<Card>> {
    let tag = parse_tag(args.tag.as_ref())?;
    queue::today(store, decks, today, day_rules(args, settings), tag.as_deref())
}

/// The flags and settings that shape today's queue.
fn day_rules(args: &QueueArgs, settings: &Settings) -> queue::DayRules {
    queue::DayRules {
        new_per_day: settings.new_per_day(args.new_per_day),
        limit: settings.session_limit(args.limit),
        default_minutes: settings.daily_minutes(),
    }
}

pub fn due(args: &DueArgs, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let today = ctx.now.today();
    let decks = decks_named(&store, &args.queue)?;
    let cards = queue_of(&store, &decks, &args.queue, &ctx.settings, today)?;
    if args.json {
        return emit_json(&cards.iter().map(CardJson::from).collect::<Vec<_>>());
    }
    if cards.is_empty() {
        return emit(&nothing_shown(&store, &args.queue, &ctx.settings, &decks, today)?);
    }
    let new = cards.iter().filter(|c| c.is_new()).count();
    let mut out = format!(
        "{} to review today: {} due, {new} new\n",
        count(cards.len(), "card"),
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
            truncate(&safe_line(&card.deck), 20).into(),
            card.kind.as_str().into(),
            match card.progress.due {
                None => "new".to_string(),
                // Brought forward: its final review before the interview, early.
                Some(d) if d > today => format!("early ({})", relative_day(d, today)),
                Some(d) => relative_day(d, today),
            }
            .into(),
            safe(card.item()).into_owned().into(),
        ]);
    }
    out.push_str(&table.render(&ctx.style));
    emit(&out)
}

/// What to say of an empty queue: with `--limit 0`, the cards that wait all the same;
/// else that nothing is due, with the day of the next card.
fn nothing_shown(
    store: &Store,
    args: &QueueArgs,
    settings: &Settings,
    decks: &[DeckId],
    today: NaiveDate,
) -> Result<String> {
    if args.limit == Some(0) {
        let unlimited = queue::DayRules {
            limit: usize::MAX,
            ..day_rules(args, settings)
        };
        let waiting = queue::today(store, decks, today, unlimited, args.tag.as_deref())?;
        if !waiting.is_empty() {
            let new = waiting.iter().filter(|c| c.is_new()).count();
            return Ok(format!(
                "{} {} today ({} due, {new} new), but --limit 0 shows none of them.\n",
                count(waiting.len(), "card"),
                agreeing(waiting.len(), "waits", "wait"),
                waiting.len() - new,
            ));
        }
    }
    nothing_due(store, decks, today, args.tag.as_deref())
}

/// "Nothing is due" with the day of the next card (carrying `tag`), if any.
fn nothing_due(store: &Store, decks: &[DeckId], today: NaiveDate, tag: Option<&str>) -> Result<String> {
    let tag = tag.map(str::trim);
    Ok(match store.next_due_after(decks, today, tag)? {
        Some(day) => format!(
            "Nothing to review now. The next card is due {} ({day}).\n",
            relative_day(day, today)
        ),
        None => "Nothing to review now, and nothing scheduled. Import a profile or drill a deck.\n".to_string(),
    })
}

pub fn run(args: &ReviewArgs, ctx: &Context) -> Result<()> {
    let mut store = ctx.store()?;
    // A deck that does not exist is named before the terminal is asked for.
    let decks = decks_named(&store, &args.queue)?;
    let mut prompt = TerminalPrompt::open("review", ctx.style, ctx.settings.editor())?;
    let today = ctx.now.today();
    let cards = queue_of(&store, &decks, &args.queue, &ctx.settings, today)?;
    if cards.is_empty() {
        return emit(&nothing_shown(&store, &args.queue, &ctx.settings, &decks, today)?);
    }
    let involved = queue::decks_of(&cards);
    let before = readiness_of(&store, &involved, today)?;
    let new = cards.iter().filter(|c| c.is_new()).count();
    let intro = format!(
        "{} today: {} due, {new} new. Enter reveals, a grade records; q or Esc ends.",
        count(cards.len(), "card"),
        cards.len() - new
    );
    emit(&prefixed(wrap_without_widows(&intro, ctx.style.width), ""))?;
    let order = cards.iter().map(|c| c.id).collect();
    let summary = session::run(&mut store, &mut prompt, order, Kind::Review, ctx.now, &mut ctx.guids())?;
    let after = readiness_of(&store, &involved, today)?;
    let mut text = crate::ui::summary::session(&summary, &before, &after, &ctx.style);
    let tag = args.queue.tag.as_deref().map(str::trim);
    let left = queue::today(&store, &decks, today, day_rules(&args.queue, &ctx.settings), tag)?.len();
    if left > 0 {
        // The same decks as this session, as the user named them.
        let mut again = String::from("prepdeck review");
        for deck in &args.queue.decks {
            again.push(' ');
            again.push_str(&shell_word(deck));
        }
        if let Some(tag) = tag {
            again.push_str(&format!(" --tag {}", shell_word(tag)));
        }
        let are = agreeing(left, "is", "are");
        text.push_str(&format!("{} {are} still waiting today: {again}\n", count(left, "card")));
    } else if let Some(day) = store.next_due_after(&decks, today, tag)? {
        text.push_str(&format!("Next review: {} ({day}).\n", relative_day(day, today)));
    }
    emit(&text)
}

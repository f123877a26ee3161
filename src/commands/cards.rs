//! `prepdeck cards` and `prepdeck show`: cards with their state, as a table or JSON.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Context, emit, emit_json, parse_kind};
use crate::cli::{CardsArgs, ShowArgs};
use crate::error::Result;
use crate::store::{Card, CardFilter};
use crate::types::{Kind, State};
use crate::ui::table::{Table, toned};
use crate::ui::{Tone, prefixed, safe, wrap};

/// A card as every `--json` output prints it (SPEC §5).
#[derive(Debug, Serialize)]
pub struct CardJson {
    pub id: i64,
    pub deck: String,
    pub kind: Kind,
    pub section: String,
    pub front: String,
    pub back: String,
    pub answer: String,
    pub context: String,
    pub state: State,
    pub ease: f64,
    pub interval: u32,
    pub repetitions: u32,
    pub lapses: u32,
    pub reviews: u32,
    pub due: Option<NaiveDate>,
    pub last_reviewed: Option<NaiveDate>,
    pub guid: String,
}

impl From<&Card> for CardJson {
    fn from(card: &Card) -> Self {
        CardJson {
            id: card.id.0,
            deck: card.deck.clone(),
            kind: card.kind,
            section: card.section.clone(),
            front: card.front.clone(),
            back: card.back().to_string(),
            answer: card.answer.clone(),
            context: card.context.clone(),
            state: card.state(),
            ease: card.sm2.ease,
            interval: card.sm2.interval,
            repetitions: card.sm2.repetitions,
            lapses: card.lapses,
            reviews: card.reviews,
            due: card.due,
            last_reviewed: card.last_reviewed,
            guid: card.guid.clone(),
        }
    }
}

pub fn run(args: &CardsArgs, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let deck = args.deck.as_deref().map(|d| store.find_deck(d)).transpose()?;
    let kind = parse_kind(args.kind.as_ref())?;
    let cards = store.cards(&CardFilter {
        deck,
        kind,
        all: args.all,
    })?;
    if args.json {
        return emit_json(&cards.iter().map(CardJson::from).collect::<Vec<_>>());
    }
    if cards.is_empty() {
        return emit("No cards match.\n");
    }
    emit(&card_table(&cards, deck.is_none(), ctx))
}

/// Cards as a table: id, deck (when several), kind, state, due, and the front.
#[must_use]
pub fn card_table(cards: &[Card], show_deck: bool, ctx: &Context) -> String {
    let today = ctx.now.today();
    let mut headers = vec!["ID"];
    if show_deck {
        headers.push("DECK");
    }
    headers.extend(["KIND", "STATE", "DUE", "ITEM"]);
    let front_column = headers.len() - 1;
    let mut table = Table::new(&headers).right(0).flex(front_column);
    for card in cards {
        let mut row = vec![card.id.to_string().into()];
        if show_deck {
            row.push(crate::ui::truncate(&safe(&card.deck), 20).into());
        }
        let state = card.state();
        let state_tone = match state {
            State::New => Tone::Accent,
            State::Learning => Tone::Warn,
            State::Review => Tone::Good,
            State::Suspended | State::Retired => Tone::Dim,
        };
        let due = match card.due {
            Some(day) if day <= today => toned(day.to_string(), Tone::Warn),
            Some(day) => day.to_string().into(),
            None => "-".into(),
        };
        row.extend([
            card.kind.as_str().into(),
            toned(state.as_str(), state_tone),
            due,
            safe(&card.item_text).into_owned().into(),
        ]);
        table.row(row);
    }
    table.render(&ctx.style)
}

pub fn show(args: &ShowArgs, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let id = super::parse_card(&store, &args.card)?;
    let card = store.card(id)?;
    if args.json {
        return emit_json(&CardJson::from(&card));
    }
    let style = &ctx.style;
    let width = style.width.saturating_sub(4).max(20);
    let block = |text: &str| -> String { prefixed(wrap(&safe(text), width), "  ") };
    let mut out = format!(
        "{} · {} · {} · {}\n",
        style.paint(&format!("card #{}", card.id), Tone::Bold),
        safe(&card.deck),
        card.kind,
        safe(&card.section)
    );
    out.push_str(&format!("{}\n{}", style.paint("front", Tone::Dim), block(&card.front)));
    let back = card.back();
    out.push_str(&format!(
        "{}\n{}",
        style.paint("back", Tone::Dim),
        if back.is_empty() {
            format!("  (no prepared answer yet: prepdeck answer {})\n", card.id)
        } else {
            block(back)
        }
    ));
    if !card.kind.back_is_answer() && !card.answer.is_empty() {
        out.push_str(&format!(
            "{}\n{}",
            style.paint("your notes", Tone::Dim),
            block(&card.answer)
        ));
    }
    if !card.context.is_empty() {
        out.push_str(&format!(
            "{}\n{}",
            style.paint("from the document", Tone::Dim),
            block(&card.context)
        ));
    }
    out.push_str(&format!(
        "{}\n  {} · ease {:.2} · interval {} d · {} repetitions · {} lapses · due {}\n",
        style.paint("schedule", Tone::Dim),
        card.state(),
        card.sm2.ease,
        card.sm2.interval,
        card.sm2.repetitions,
        card.lapses,
        card.due.map_or("-".to_string(), |d| d.to_string())
    ));
    let history = store.card_history(id)?;
    if !history.is_empty() {
        let line: Vec<String> = history
            .iter()
            .map(|(day, grade, sets, origin)| {
                format!(
                    "{day} {grade}{}{}",
                    if *sets { "" } else { " (practice)" },
                    if origin == "review" {
                        String::new()
                    } else {
                        format!(" [{origin}]")
                    }
                )
            })
            .collect();
        out.push_str(&format!(
            "{}\n{}",
            style.paint("history", Tone::Dim),
            prefixed(&line, "  ")
        ));
    }
    emit(&out)
}

//! Cards on screen: the `cards` table and the full view of one card that `show` prints.

use chrono::NaiveDate;

use super::table::{Table, toned};
use super::{Style, Tone, prefixed, safe, safe_line, truncate, wrap};
use crate::domain::{Card, Effect, Origin, State};
use crate::store::HistoryEntry;

/// Cards as a table: id, deck (when several), kind, state, due, and the front.
#[must_use]
pub fn table(cards: &[Card], show_deck: bool, today: NaiveDate, style: &Style) -> String {
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
            row.push(truncate(&safe_line(&card.deck), 20).into());
        }
        let state = card.state();
        let state_tone = match state {
            State::New => Tone::Accent,
            State::Learning => Tone::Warn,
            State::Review => Tone::Good,
            State::Suspended | State::Retired => Tone::Dim,
        };
        let due = match card.progress.due {
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
    table.render(style)
}

/// One card in full: front, back, notes, context, schedule and history.
#[must_use]
pub fn full(card: &Card, history: &[HistoryEntry], style: &Style) -> String {
    let width = style.width.saturating_sub(4).max(20);
    let block = |text: &str| -> String { prefixed(wrap(&safe(text), width), "  ") };
    let mut out = format!(
        "{} · {} · {} · {}\n",
        style.paint(&format!("card #{}", card.id), Tone::Bold),
        safe_line(&card.deck),
        card.kind,
        safe(&card.section)
    );
    out.push_str(&format!(
        "{}\n{}",
        style.paint("front", Tone::Dim),
        block(&card.front())
    ));
    let back = card.back();
    out.push_str(&format!(
        "{}\n{}",
        style.paint("back", Tone::Dim),
        if back.is_empty() {
            format!("  (no prepared answer yet: prepdeck answer {})\n", card.id)
        } else {
            block(&back)
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
        card.progress.sm2.ease,
        card.progress.sm2.interval,
        card.progress.sm2.repetitions,
        card.progress.lapses,
        card.progress.due.map_or("-".to_string(), |d| d.to_string())
    ));
    if !history.is_empty() {
        let line: Vec<String> = history
            .iter()
            .map(|entry| {
                format!(
                    "{} {}{}{}",
                    entry.day,
                    entry.grade,
                    if entry.effect == Effect::Review {
                        ""
                    } else {
                        " (practice)"
                    },
                    if entry.origin == Origin::Review {
                        String::new()
                    } else {
                        format!(" [{}]", entry.origin)
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
    out
}

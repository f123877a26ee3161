//! Cards on screen: the `cards` table and the full view of one card that `show` prints.

use chrono::NaiveDate;

use super::table::{Table, toned};
use super::{Style, Tone, agreeing, count, join_wrapped, prefixed, safe, safe_line, truncate, wrap};
use crate::domain::version::Version;
use crate::domain::{Card, Effect, Origin, State};
use crate::store::HistoryEntry;

/// Earlier versions listed under a card before the rest are counted.
const EARLIER_SHOWN: usize = 10;

/// The earlier versions of a card's answer, own front and own back (those that lost to a
/// later change, on this machine or another), newest first: what `show` lists under the
/// card. `versions` are all of them, newest first; each field's first is its value now.
#[must_use]
pub fn earlier_versions(versions: &[Version], style: &Style) -> String {
    let width = style.width.saturating_sub(4).max(20);
    let mut seen = std::collections::HashSet::new();
    let earlier: Vec<&Version> = versions.iter().filter(|v| !seen.insert(v.register.field)).collect();
    if earlier.is_empty() {
        return String::new();
    }
    let mut out = style.paint("earlier versions", Tone::Dim);
    out.push('\n');
    for version in earlier.iter().take(EARLIER_SHOWN) {
        let at = version.changed_at.at().format("%Y-%m-%d %H:%M UTC");
        let text = version
            .value
            .as_deref()
            .and_then(|json| serde_json::from_str::<String>(json).ok());
        let what = match &text {
            Some(_) => version.register.field.as_str().to_string(),
            None => format!("{} cleared", version.register.field.as_str()),
        };
        let machine = &version.machine[..version.machine.len().min(8)];
        out.push_str(&format!(
            "  {}\n",
            style.paint(&format!("{what} · {at} · machine {machine}"), Tone::Dim)
        ));
        if let Some(text) = text {
            out.push_str(&prefixed(wrap(&safe(&text), width), "    "));
        }
    }
    if earlier.len() > EARLIER_SHOWN {
        out.push_str(&format!("  and {} more\n", earlier.len() - EARLIER_SHOWN));
    }
    out
}

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
            safe(card.item()).into_owned().into(),
        ]);
        table.row(row);
    }
    table.render(style)
}

/// A card seen before, with its chance of recall on its deck's readiness day.
pub struct WeakCard<'a> {
    pub card: &'a Card,
    pub recall: f64,
    pub day: NaiveDate,
}

/// The weakest cards: id, deck (when several), kind, recall on the readiness day, due, and
/// the item; then how many cards were never seen (they count as forgotten).
#[must_use]
pub fn weakest(cards: &[WeakCard], unseen: usize, show_deck: bool, today: NaiveDate, style: &Style) -> String {
    let mut out = String::new();
    if cards.is_empty() {
        out.push_str("No card has been reviewed yet.\n");
    } else {
        let days: Vec<NaiveDate> = cards.iter().map(|w| w.day).collect();
        let day = days[0];
        let when = if days.iter().all(|d| *d == day) {
            if day == today {
                "today".to_string()
            } else {
                format!("on {}", day.format("%a %-d %b"))
            }
        } else {
            "on each deck's interview day".to_string()
        };
        out.push_str(&format!("Least likely to be recalled {when}, weakest first:\n"));
        let mut headers = vec!["ID"];
        if show_deck {
            headers.push("DECK");
        }
        headers.extend(["KIND", "RECALL", "LAPSES", "DUE", "ITEM"]);
        let front_column = headers.len() - 1;
        let mut table = Table::new(&headers)
            .right(0)
            .right(front_column - 3)
            .right(front_column - 2)
            .flex(front_column);
        for weak in cards {
            let card = weak.card;
            let mut row = vec![card.id.to_string().into()];
            if show_deck {
                row.push(truncate(&safe(&card.deck), 20).into());
            }
            let tone = if weak.recall < 0.8 {
                Tone::Bad
            } else if weak.recall < 0.9 {
                Tone::Warn
            } else {
                Tone::Good
            };
            row.extend([
                card.kind.as_str().into(),
                toned(format!("{:.0}%", weak.recall * 100.0), tone),
                card.progress.lapses.to_string().into(),
                card.progress
                    .due
                    .map_or_else(|| "-".to_string(), |d| d.to_string())
                    .into(),
                safe(card.item()).into_owned().into(),
            ]);
            table.row(row);
        }
        out.push_str(&table.render(style));
    }
    if unseen > 0 {
        out.push_str(&style.paint(
            &format!(
                "{} not yet seen {} as forgotten: `prepdeck review` introduces them.\n",
                count(unseen, "card"),
                agreeing(unseen, "counts", "count")
            ),
            Tone::Dim,
        ));
    }
    out
}

/// One card in full: front, back, notes, context, schedule and history.
#[must_use]
pub fn full(card: &Card, history: &[HistoryEntry], style: &Style) -> String {
    let width = style.width.saturating_sub(4).max(20);
    let block = |text: &str| -> String { prefixed(wrap(&safe(text), width), "  ") };
    let card_block = |text: &str| -> String { prefixed(super::rich(&safe(text), width), "  ") };
    let mut heading = format!(
        "{} · {} · {}",
        style.paint(&format!("card #{}", card.id), Tone::Bold),
        safe_line(&card.deck),
        card.kind,
    );
    if !card.section.trim().is_empty() {
        heading.push_str(&format!(" · {}", safe(&card.section)));
    }
    if card.by_hand {
        heading.push_str(" · added by hand");
    } else if card.is_edited() {
        heading.push_str(&format!(" · {}", style.paint("edited", Tone::Accent)));
    }
    let mut out = prefixed(wrap(&heading, style.width), "");
    if !card.tags.is_empty() {
        let tags: Vec<String> = card.tags.iter().map(|t| safe_line(t).into_owned()).collect();
        out.push_str(&format!("{} {}\n", style.paint("tags", Tone::Dim), tags.join(" · ")));
    }
    let yours = |own: &Option<String>, what: &str| {
        let label = if own.is_some() {
            format!("{what} (yours)")
        } else {
            what.to_string()
        };
        style.paint(&label, Tone::Dim)
    };
    out.push_str(&format!(
        "{}\n{}",
        yours(&card.own.front, "front"),
        card_block(&card.front())
    ));
    let back = card.back();
    out.push_str(&format!(
        "{}\n{}",
        yours(&card.own.back, "back"),
        if back.is_empty() {
            format!("  (no prepared answer yet: prepdeck answer {})\n", card.id)
        } else {
            card_block(&back)
        }
    ));
    if card.is_edited() {
        // What the document says, which `edit --revert` returns to.
        let document = card.text();
        for (own, what, text) in [
            (&card.own.front, "front", &document.front),
            (&card.own.back, "back", &document.back),
        ] {
            if own.is_some() {
                let text = if text.trim().is_empty() {
                    "(none)"
                } else {
                    text.as_str()
                };
                out.push_str(&format!(
                    "{}\n{}",
                    style.paint(
                        &format!(
                            "the document's {what} (prepdeck edit {} --revert returns to it)",
                            card.id
                        ),
                        Tone::Dim
                    ),
                    block(text)
                ));
            }
        }
    }
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
    let interval = count(card.progress.shown_interval(), "day");
    let repetitions = count(card.progress.sm2.repetitions, "repetition");
    let lapses = count(card.progress.lapses, "lapse");
    let due = format!("due {}", card.progress.due.map_or("-".to_string(), |d| d.to_string()));
    let ease = format!("ease {:.2}", card.progress.sm2.ease);
    let schedule = [
        card.state().as_str(),
        &due,
        &format!("interval {interval}"),
        &ease,
        &repetitions,
        &lapses,
    ];
    out.push_str(&format!(
        "{}\n{}",
        style.paint(&format!("schedule ({})", card.scheduler.label()), Tone::Dim),
        prefixed(join_wrapped(&schedule, width), "  ")
    ));
    if let Some(memory) = card.progress.memory {
        out.push_str(&format!(
            "  FSRS memory: stability {:.1} d · difficulty {:.1} · last seen {}\n",
            memory.stability, memory.difficulty, memory.day
        ));
    }
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

//! `prepdeck decks`: every deck with its counts, readiness and interview date.

use super::{Context, emit, emit_json};
use crate::error::Result;
use crate::report::figures;
use crate::ui::table::{Table, toned};
use crate::ui::{Tone, prefixed, relative_day, safe, shell_word, wrap};

pub fn run(json: bool, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let today = ctx.now.today();
    let mut decks = figures(&store, today, None)?.decks;
    for deck in &mut decks {
        deck.daily_minutes = deck.daily_minutes.or(ctx.settings.daily_minutes());
    }
    if json {
        return emit_json(&decks);
    }
    if decks.is_empty() {
        return emit("No decks yet. Import a profile: prepdeck import PATH\n");
    }
    let mut table = Table::new(&["DECK", "CARDS", "NEW", "DUE", "READY", "INTERVIEW"])
        .right(1)
        .right(2)
        .right(3)
        .right(4)
        .flex(0);
    for deck in &decks {
        let interview = match deck.interview {
            Some(day) => format!("{day} ({})", relative_day(day, today)),
            None => "-".to_string(),
        };
        table.row(vec![
            crate::ui::safe_line(&deck.name).into_owned().into(),
            deck.counts.cards.to_string().into(),
            deck.counts.new.to_string().into(),
            if deck.counts.due > 0 {
                toned(deck.counts.due.to_string(), Tone::Warn)
            } else {
                deck.counts.due.to_string().into()
            },
            toned(
                format!("{:.0}%", deck.readiness),
                crate::ui::chart::tone_for_percent(deck.readiness),
            ),
            interview.into(),
        ]);
    }
    let mut out = table.render(&ctx.style);
    for deck in decks.iter().filter(|d| d.interview.is_some_and(|day| day < today)) {
        let hint = format!(
            "{}'s interview date has passed: set the next one with prepdeck interview {} DATE, or clear it with --clear.",
            safe(&deck.name),
            shell_word(&deck.name)
        );
        out.push_str(&ctx.style.paint(&prefixed(wrap(&hint, ctx.style.width), ""), Tone::Dim));
    }
    emit(&out)
}

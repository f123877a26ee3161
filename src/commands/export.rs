//! `prepdeck export`: decks for Anki, as a JSON backup, as CSV, or as a prep sheet; to
//! standard output or to a file (see `output` for how files are written).

use super::{Context, emit, json_text};
use crate::cli::{ExportArgs, ExportFormat};
use crate::domain::{Card, DeckId};
use crate::error::{Error, Result};
use crate::output::export;
use crate::report::figures;
use crate::store::{CardFilter, Store};

pub fn run(args: &ExportArgs, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    if let Some(path) = &args.output {
        crate::output::file::check_output(path, store.path())?;
    }
    let today = ctx.now.today();
    let decks = chosen_decks(&store, args)?;
    let text = match args.format {
        ExportFormat::Json => json_text(&store.backup(&decks, args.all_decks, &ctx.now.stamp())?)?,
        ExportFormat::Anki => export::anki(&cards_of(&store, &decks, args.all)?),
        ExportFormat::Csv => export::csv(&cards_of(&store, &decks, args.all)?).map_err(|e| Error::Encode {
            what: "CSV",
            source: Box::new(e),
        })?,
        ExportFormat::Md => {
            let mut sheets = Vec::new();
            let model = store.fsrs_model()?;
            for &deck_id in &decks {
                let Some(deck) = figures(&store, today, Some(deck_id))?.decks.pop() else {
                    return Err(Error::DeckGone(deck_id));
                };
                // Suspended cards are read even without --all: the sheet numbers its
                // items the same whether or not it prints them.
                let cards = cards_of(&store, &[deck_id], true)?;
                let notes = store.deck_notes(deck_id)?;
                sheets.push(export::prep_sheet(&export::SheetInput {
                    deck: &deck.name,
                    interview: deck.interview,
                    readiness: deck.readiness,
                    cards: &cards,
                    notes: &notes,
                    include_suspended: args.all,
                    today,
                    model: &model,
                }));
            }
            sheets.join("\n---\n\n")
        }
    };
    match &args.output {
        Some(path) => {
            crate::output::file::write_output(path, text.as_bytes(), store.path())?;
            eprintln!(
                "prepdeck: wrote {} to {}",
                crate::ui::count(decks.len(), "deck"),
                crate::ui::safe_line(&path.to_string_lossy())
            );
            Ok(())
        }
        None => emit(&text),
    }
}

/// The decks named, or every deck with `--all-decks`.
fn chosen_decks(store: &Store, args: &ExportArgs) -> Result<Vec<DeckId>> {
    if args.all_decks {
        let decks: Vec<DeckId> = store.decks(None)?.into_iter().map(|d| d.id).collect();
        if decks.is_empty() {
            return Err(Error::NoDecks);
        }
        return Ok(decks);
    }
    let mut ids = Vec::new();
    for name in &args.decks {
        let id = store.find_deck(name)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

fn cards_of(store: &Store, decks: &[DeckId], all: bool) -> Result<Vec<Card>> {
    let mut cards = Vec::new();
    for &deck in decks {
        cards.extend(store.cards(&CardFilter {
            deck: Some(deck),
            kind: None,
            all,
            tag: None,
        })?);
    }
    Ok(cards)
}

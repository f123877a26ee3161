//! `prepdeck export`: decks for Anki, as a JSON backup, as CSV, or as a prep sheet; to
//! standard output or to a file (see `output::file` for how files are written).

use super::Context;
use crate::backup::write::{Layout, write as write_backup};
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::{Error, Result};
use crate::output::{deliver, export, write_text};
use crate::study::cards::cards_of;
use crate::study::decks::chosen;
use crate::study::figures::one_deck;

pub fn run(args: &ExportArgs, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    if let Some(path) = &args.output {
        crate::output::file::check_output(path, store.path())?;
    }
    let today = ctx.now.today();
    let decks = chosen(&store, &args.decks, args.all_decks)?;
    let what = crate::ui::count(decks.len(), "deck");
    let text = match args.format {
        // A backup is written as it is read, never held whole.
        ExportFormat::Json => {
            let exported_at = ctx.now.stamp().to_string();
            return deliver(args.output.as_deref(), store.path(), &what, |out| {
                write_backup(&store, &decks, args.all_decks, &exported_at, Layout::Pretty, out)
            });
        }
        ExportFormat::Anki => export::anki(&cards_of(&store, &decks, args.all)?),
        ExportFormat::Csv => export::csv(&cards_of(&store, &decks, args.all)?).map_err(|e| Error::Encode {
            what: "CSV",
            source: Box::new(e),
        })?,
        ExportFormat::Md => {
            let mut sheets = Vec::new();
            let model = store.fsrs_model()?;
            for &deck_id in &decks {
                let deck = one_deck(&store, today, deck_id)?;
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
    deliver(args.output.as_deref(), store.path(), &what, |out| {
        write_text(out, text.as_bytes())
    })
}

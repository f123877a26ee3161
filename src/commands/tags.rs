//! `prepdeck tag`, `untag` and `tags`: tags by hand on lists and ranges of cards, and the
//! tags there are with their card counts.

use serde::Serialize;

use super::{Context, emit, emit_json, parse_card_list, resolve_cards};
use crate::cli::TagArgs;
use crate::domain::card::clean_tag;
use crate::error::Result;
use crate::ui::table::Table;
use crate::ui::{count, safe_line};

/// `tag TAG CARD...` (or `untag`): every card checked before any changes, all in one
/// transaction.
pub fn tag(args: &TagArgs, adding: bool, ctx: &Context) -> Result<()> {
    let tag = clean_tag(&args.tag)?;
    let refs = parse_card_list(&args.cards)?;
    let mut store = ctx.store()?;
    let ids = resolve_cards(&store, &refs)?;
    let stamp = ctx.now.stamp();
    let changed = if adding {
        store.add_tag(&tag, &ids, &stamp)?
    } else {
        store.remove_tag(&tag, &ids, &stamp)?
    };
    let tag = safe_line(&tag);
    let unchanged = ids.len() - changed;
    let mut out = if adding {
        format!("tagged {} with {tag}", count(changed, "card"))
    } else {
        format!("took {tag} off {}", count(changed, "card"))
    };
    if unchanged > 0 {
        let had = if adding { "had it already" } else { "did not have it" };
        out.push_str(&format!(" ({} {had})", count(unchanged, "other")));
    }
    out.push('\n');
    emit(&out)
}

/// A tag as `tags --json` prints it.
#[derive(Serialize)]
struct TagJson {
    tag: String,
    /// Active cards carrying it (neither suspended nor retired).
    cards: usize,
    /// Every card carrying it.
    all: usize,
}

/// `tags [--json]`: every tag with its card counts, by name.
pub fn list(json: bool, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let tags = store.tag_counts()?;
    if json {
        return emit_json(
            &tags
                .iter()
                .map(|t| TagJson {
                    tag: t.tag.clone(),
                    cards: t.active,
                    all: t.all,
                })
                .collect::<Vec<_>>(),
        );
    }
    if tags.is_empty() {
        return emit("No tags yet. Tag cards with: prepdeck tag TAG CARD...\n");
    }
    let mut table = Table::new(&["TAG", "CARDS", "ALL"]).right(1).right(2).flex(0);
    for t in &tags {
        table.row(vec![
            safe_line(&t.tag).into_owned().into(),
            t.active.to_string().into(),
            t.all.to_string().into(),
        ]);
    }
    emit(&table.render(&ctx.style))
}

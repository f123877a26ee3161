//! `prepdeck cards` and `prepdeck show`: cards with their state, as a table or JSON.

use super::{Context, parse_tag};
use crate::cli::{CardsArgs, ShowArgs};
use crate::domain::{Kind, SearchTerms};
use crate::error::{Error, Result};
use crate::output::{emit, emit_json};
use crate::store::CardFilter;
use crate::study::cards::{self, Wanted};
use crate::ui::safe_line;

pub fn run(args: &CardsArgs, ctx: &Context) -> Result<()> {
    let kind = args.kind;
    if args.unanswered && kind.is_some_and(|k| k != Kind::Question) {
        return Err(Error::Usage(
            "--unanswered lists questions; leave out --kind or give --kind question".to_string(),
        ));
    }
    let tag = parse_tag(args.tag.as_ref())?;
    let state = args.state;
    let search = match &args.search {
        Some(typed) => Some(SearchTerms::parse(typed).ok_or_else(|| {
            Error::Usage(format!(
                "--search \"{}\" holds no word to look for: give letters or digits",
                safe_line(typed)
            ))
        })?),
        None => None,
    };
    let mut store = ctx.store()?;
    let deck = args.deck.as_deref().map(|d| store.find_deck(d)).transpose()?;
    let wanted = Wanted {
        filter: CardFilter {
            deck,
            kind: if args.unanswered { Some(Kind::Question) } else { kind },
            // A state out of the sessions is asked for by name: no --all needed.
            all: args.all || state.is_some_and(|s| !s.is_active()),
            tag,
        },
        search,
        state,
        unanswered: args.unanswered,
        weakest: args.weakest,
    };
    let list = cards::list(&mut store, wanted, ctx.now.today())?;
    if args.json {
        return emit_json(&list);
    }
    emit(&crate::ui::cards::card_list(&list, &ctx.style))
}

pub fn show(args: &ShowArgs, ctx: &Context) -> Result<()> {
    let id = args.card;
    let store = ctx.store()?;
    let shown = cards::show(&store, id, !args.json)?;
    if args.json {
        return emit_json(&shown);
    }
    emit(&crate::ui::cards::shown(&shown, &ctx.style))
}

//! `prepdeck cards` and `prepdeck show`: cards with their state, as a table or JSON.

use super::{Context, emit, emit_json, parse_kind};
use crate::cli::{CardsArgs, ShowArgs};
use crate::domain::Kind;
use crate::error::{Error, Result};
use crate::report::CardJson;
use crate::store::CardFilter;
use crate::study::suggestions::Suggester;

pub fn run(args: &CardsArgs, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let deck = args.deck.as_deref().map(|d| store.find_deck(d)).transpose()?;
    let kind = parse_kind(args.kind.as_ref())?;
    if args.unanswered && kind.is_some_and(|k| k != Kind::Question) {
        return Err(Error::Usage(
            "--unanswered lists questions; leave out --kind or give --kind question".to_string(),
        ));
    }
    let mut cards = store.cards(&CardFilter {
        deck,
        kind: if args.unanswered { Some(Kind::Question) } else { kind },
        all: args.all,
    })?;
    if args.unanswered {
        cards.retain(|card| !card.is_answered());
    }
    if args.json {
        return emit_json(&cards.iter().map(CardJson::from).collect::<Vec<_>>());
    }
    if cards.is_empty() {
        return emit(if args.unanswered {
            "Every question has an answer or a story.\n"
        } else {
            "No cards match.\n"
        });
    }
    emit(&crate::ui::cards::table(
        &cards,
        deck.is_none(),
        ctx.now.today(),
        &ctx.style,
    ))
}

pub fn show(args: &ShowArgs, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let id = super::parse_card(&store, &args.card)?;
    let card = store.card(id)?;
    if args.json {
        return emit_json(&CardJson::from(&card));
    }
    let history = store.card_history(id)?;
    let mut out = crate::ui::cards::full(&card, &history, &ctx.style);
    if card.kind.back_is_answer() {
        let found = Suggester::load(&store)?.for_card(&card);
        out.push_str(&crate::ui::stories::similar(
            "similar questions elsewhere",
            &found,
            &ctx.style,
        ));
    }
    emit(&out)
}

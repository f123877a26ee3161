//! `prepdeck cards` and `prepdeck show`: cards with their state, as a table or JSON.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Context, emit, emit_json, parse_kind, parse_tag};
use crate::cli::{CardsArgs, ShowArgs};
use crate::domain::{Card, Kind, SearchTerms, State};
use crate::error::{Error, Result};
use crate::report::CardJson;
use crate::schedule::Rules;
use crate::schedule::readiness::target_day;
use crate::store::{CardFilter, Store};
use crate::study::suggestions::Suggester;
use crate::ui::cards::WeakCard;
use crate::ui::safe_line;

pub fn run(args: &CardsArgs, ctx: &Context) -> Result<()> {
    let kind = parse_kind(args.kind.as_ref())?;
    if args.unanswered && kind.is_some_and(|k| k != Kind::Question) {
        return Err(Error::Usage(
            "--unanswered lists questions; leave out --kind or give --kind question".to_string(),
        ));
    }
    let tag = parse_tag(args.tag.as_ref())?;
    let state = args.state.as_deref().map(parse_state).transpose()?;
    let terms = match &args.search {
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
    let filter = CardFilter {
        deck,
        kind: if args.unanswered { Some(Kind::Question) } else { kind },
        // A state out of the sessions is asked for by name: no --all needed.
        all: args.all || state.is_some_and(|s| !s.is_active()),
        tag,
    };
    let mut cards = match &terms {
        Some(terms) => store.search_cards(terms, &filter)?,
        None => store.cards(&filter)?,
    };
    if let Some(state) = state {
        cards.retain(|card| card.state() == state);
    }
    if args.unanswered {
        cards.retain(|card| !card.is_answered());
    }
    if let Some(n) = args.weakest {
        return weakest(&store, &cards, n, deck.is_none(), args.json, ctx);
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
    if let Some(terms) = &terms {
        return emit(&crate::ui::search::results(
            &cards,
            terms,
            deck.is_none(),
            ctx.now.today(),
            &ctx.style,
        ));
    }
    emit(&crate::ui::cards::table(
        &cards,
        deck.is_none(),
        ctx.now.today(),
        &ctx.style,
    ))
}

/// A state named with `--state`.
fn parse_state(typed: &str) -> Result<State> {
    let wanted = typed.trim().to_ascii_lowercase();
    [
        State::New,
        State::Learning,
        State::Review,
        State::Suspended,
        State::Retired,
    ]
    .into_iter()
    .find(|s| s.as_str() == wanted)
    .ok_or_else(|| {
        Error::Usage(format!(
            "\"{}\" is not a card state: use new, learning, review, suspended or retired",
            safe_line(typed)
        ))
    })
}

/// A card with its chance of recall on its deck's readiness day.
#[derive(Serialize)]
struct WeakJson {
    #[serde(flatten)]
    card: CardJson,
    /// 0–1, on `recall_day`.
    recall: f64,
    recall_day: NaiveDate,
}

/// `cards --weakest N`: the cards seen before least likely to be recalled on their deck's
/// interview day (today when it has none), weakest first.
fn weakest(store: &Store, cards: &[Card], n: usize, show_deck: bool, json: bool, ctx: &Context) -> Result<()> {
    let today = ctx.now.today();
    let model = store.fsrs_model()?;
    let mut scored: Vec<WeakCard> = cards
        .iter()
        .filter(|c| !c.is_new())
        .map(|card| {
            let day = target_day(card.interview, today);
            WeakCard {
                recall: Rules::of(card, &model).recall_estimate(&card.progress, day),
                day,
                card,
            }
        })
        .collect();
    scored.sort_by(|a, b| {
        a.recall
            .total_cmp(&b.recall)
            .then(b.card.progress.lapses.cmp(&a.card.progress.lapses))
            .then(a.card.deck.cmp(&b.card.deck))
            .then(a.card.position.cmp(&b.card.position))
    });
    scored.truncate(n);
    if json {
        return emit_json(
            &scored
                .iter()
                .map(|w| WeakJson {
                    card: CardJson::from(w.card),
                    recall: (w.recall * 1000.0).round() / 1000.0,
                    recall_day: w.day,
                })
                .collect::<Vec<_>>(),
        );
    }
    let unseen = cards.iter().filter(|c| c.is_new()).count();
    emit(&crate::ui::cards::weakest(
        &scored, unseen, show_deck, today, &ctx.style,
    ))
}

pub fn show(args: &ShowArgs, ctx: &Context) -> Result<()> {
    let id = super::parse_card_id(&args.card)?;
    let store = ctx.store()?;
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

//! `prepdeck add DECK`: a card by hand, from flags or from a form in the editor, into a
//! deck that exists or one the user agrees to make.

use super::{Context, card_text, parse_kind};
use crate::cli::AddArgs;
use crate::domain::Kind;
use crate::domain::card::clean_tag;
use crate::error::{Error, Result};
use crate::output::{emit, emit_json};
use crate::profile::text::clean_name;
use crate::store::{DeckChoice, DeckLookup, HandCard, Store};
use crate::ui::card_form::{ADD_INSTRUCTION, CardForm};
use crate::ui::confirm::confirm_new_deck;

/// What the card will be: its kind, tags and texts.
struct Written {
    kind: Kind,
    tags: Vec<String>,
    front: String,
    back: String,
}

pub fn add(args: &AddArgs, ctx: &Context) -> Result<()> {
    // Everything typed is checked before the database is opened or anything is asked.
    let kind = parse_kind(args.kind.as_ref())?.unwrap_or(Kind::Question);
    let tags = tags_of(&args.tags)?;
    let name = clean_name(&args.deck);
    if name.is_empty() {
        return Err(Error::Usage("give the deck a name that is not empty".to_string()));
    }
    if args.front.as_deref().is_some_and(|front| card_text(front).is_empty()) {
        return Err(Error::EmptyFront);
    }
    let mut store = ctx.store()?;
    let Some(deck) = deck_for(&store, &name, args.create)? else {
        return emit("no card added\n");
    };
    // The deck as stored names it in the editor, not as typed.
    let deck_name = match deck {
        DeckChoice::Known(id) => store.deck(id)?.name,
        DeckChoice::Named(name) => name.to_string(),
    };
    let written = match &args.front {
        Some(front) => Written {
            kind,
            tags,
            front: card_text(front),
            back: card_text(args.back.as_deref().unwrap_or_default()),
        },
        None => match in_editor(kind, tags, args.back.as_deref().unwrap_or_default(), &deck_name, ctx)? {
            Some(written) => written,
            None => return emit("nothing written; no card added\n"),
        },
    };
    let card = HandCard {
        kind: written.kind,
        front: &written.front,
        back: &written.back,
        tags: &written.tags,
    };
    let added = crate::study::edits::add(&mut store, deck, &card, &ctx.guids().next_guid(), &ctx.now.stamp())?;
    if args.json {
        return emit_json(&added);
    }
    emit(&crate::ui::cards::card_added(&added, &ctx.style))
}

/// Each tag given, made one to keep, each once (in any case).
fn tags_of(typed: &[String]) -> Result<Vec<String>> {
    let mut tags: Vec<String> = Vec::new();
    for tag in typed {
        let tag = clean_tag(tag)?;
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            tags.push(tag);
        }
    }
    Ok(tags)
}

/// The deck the card goes into: one that matches the name (exactly, or a unique prefix);
/// else, with `--create` or once the user agrees, a new one of that name. `None` when the
/// user declines.
fn deck_for<'n>(store: &Store, name: &'n str, create: bool) -> Result<Option<DeckChoice<'n>>> {
    match store.lookup_deck(name)? {
        DeckLookup::Found(id) => Ok(Some(DeckChoice::Known(id))),
        // The store's sentence names the decks the name matches.
        DeckLookup::Ambiguous(_) => store.find_deck(name).map(|id| Some(DeckChoice::Known(id))),
        DeckLookup::Missing { suggestions } => {
            if create || confirm_new_deck(name, &suggestions)? {
                Ok(Some(DeckChoice::Named(name)))
            } else {
                Ok(None)
            }
        }
    }
}

/// The card as written in the editor's form (opened with the kind, tags and back given);
/// `None` when the user leaves the front empty or saves the form as it opened. A kind or
/// tag that is not one opens the form again, with the problem said under it, so nothing
/// typed is lost to a slip.
fn in_editor(kind: Kind, tags: Vec<String>, back: &str, deck: &str, ctx: &Context) -> Result<Option<Written>> {
    let editor = ctx.settings.editor().ok_or_else(|| {
        Error::Usage(
            "no editor to open: set $VISUAL or $EDITOR (or editor in the config file), or give the card with --front and --back"
                .to_string(),
        )
    })?;
    let mut text = CardForm {
        kind: Some(kind.as_str().to_string()),
        tags: Some(tags),
        front: String::new(),
        back: back.to_string(),
    }
    .render();
    let mut problem: Option<Error> = None;
    loop {
        let about = match &problem {
            None => format!("A new card for {deck}."),
            Some(problem) => format!("A new card for {deck}. Not added yet: {problem}."),
        };
        let edited = match crate::ui::editor::edit_with(Some(&editor), &text, &about, ADD_INSTRUCTION) {
            Ok(Some(edited)) => edited,
            // Left as it was after a problem: the problem is the answer.
            Ok(None) | Err(Error::EditorEmptied) => return problem.map_or(Ok(None), Err),
            Err(e) => return Err(e),
        };
        let form = CardForm::parse(&edited);
        if card_text(&form.front).is_empty() {
            return Ok(None);
        }
        let read = || -> Result<Written> {
            let kind = match form.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
                Some(typed) => typed.parse::<Kind>()?,
                None => kind,
            };
            Ok(Written {
                kind,
                tags: tags_of(form.tags.as_deref().unwrap_or_default())?,
                front: card_text(&form.front),
                back: card_text(&form.back),
            })
        };
        match read() {
            Ok(written) => return Ok(Some(written)),
            Err(e @ (Error::BadKind(_) | Error::BadTag(_))) => {
                problem = Some(e);
                text = edited;
            }
            Err(e) => return Err(e),
        }
    }
}

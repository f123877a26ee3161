//! `prepdeck story …`: write, list, show, edit, rename, remove, link and unlink stories.

use serde::Serialize;

use super::{CardRef, Context, emit, emit_json, parse_card_list};
use crate::cli::{StoryCommand, StoryEditArgs, StoryLinkArgs, StoryNewArgs};
use crate::domain::story::{SKELETON, written};
use crate::domain::{Card, CardId, StoryId};
use crate::error::{Error, Result};
use crate::report::CardJson;
use crate::store::{Store, story_name};
use crate::study::answers::{self, Saved};
use crate::study::suggestions::Suggester;
use crate::ui::prompt::confirm_removal;
use crate::ui::stories::{StoryWithCards, full, list, similar};
use crate::ui::{safe, safe_line};
use crate::wording::count;

/// Questions a new story is offered for.
const OFFERED: usize = 5;

pub fn run(command: &StoryCommand, ctx: &Context) -> Result<()> {
    match command {
        StoryCommand::New(args) => new(args, ctx),
        StoryCommand::List(args) => list_stories(args.json, ctx),
        StoryCommand::Show(args) => show(&args.story, args.json, ctx),
        StoryCommand::Edit(args) => edit(args, ctx),
        StoryCommand::Rename(args) => {
            let name = story_name(&args.name)?;
            let mut store = ctx.store()?;
            let id = store.find_story(&args.story)?;
            let old = store.story(id)?.name;
            store.rename_story(id, &name, &ctx.now.stamp())?;
            emit(&format!("renamed story “{}” to “{}”\n", safe(&old), safe(&name)))
        }
        StoryCommand::Remove(args) => {
            let mut store = ctx.store()?;
            let id = store.find_story(&args.story)?;
            let doomed = store.story(id)?;
            let shown_by = store.story_cards(id)?;
            let bare = store.story_cards_without_answer(id)?;
            let what = removal(&doomed.name, &shown_by, &bare, Tense::Asking);
            if !args.yes && !confirm_removal(&what, &ctx.style)? {
                return emit("nothing deleted\n");
            }
            let given = store.remove_story(id, &ctx.now.stamp())?;
            emit(&format!(
                "deleted {}\n",
                removal(&doomed.name, &shown_by, &given, Tense::Done)
            ))
        }
        StoryCommand::Link(args) => link(args, true, ctx),
        StoryCommand::Unlink(args) => link(args, false, ctx),
    }
}

/// Whether a removal is being asked about or was done.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tense {
    Asking,
    Done,
}

/// What removing a story takes and what it leaves: the cards that show it, and those
/// without an answer of their own (`bare`), which keep the story's text as their answer.
fn removal(name: &str, shown_by: &[CardId], bare: &[CardId], tense: Tense) -> String {
    let story = format!("story “{}”", safe(name));
    if shown_by.is_empty() {
        return format!("{story} (linked to no card)");
    }
    let asking = tense == Tense::Asking;
    let show = match (asking, shown_by.len()) {
        (true, 1) => "shows",
        (true, _) => "show",
        (false, _) => "showed",
    };
    let shown = format!("{} {show} it: {}", count(shown_by.len(), "card"), id_list(shown_by));
    let (its, keep) = match (bare.len(), asking) {
        (1, true) => ("its", "keeps"),
        (1, false) => ("its", "kept"),
        (_, true) => ("their", "keep"),
        (_, false) => ("their", "kept"),
    };
    if bare.is_empty() {
        let (own, stays) = if shown_by.len() == 1 {
            ("its own answer", "stays")
        } else {
            ("their own answers", "stay")
        };
        return format!("{story} ({shown}; {own} {stays})");
    }
    let kept_own = match shown_by.len().saturating_sub(bare.len()) {
        0 => "",
        1 => "; the other card's own answer stays",
        _ => "; the other cards' own answers stay",
    };
    format!(
        "{story} ({shown}; {} without {its} own answer {keep} the story's text as {its} answer: {}{kept_own})",
        count(bare.len(), "card"),
        id_list(bare)
    )
}

fn id_list(ids: &[CardId]) -> String {
    ids.iter().map(|id| format!("#{id}")).collect::<Vec<_>>().join(", ")
}

/// The text given with --text, or written in the editor starting from `current`; `None`
/// when the user left it as it was.
fn text_from(given: Option<&String>, current: &str, about: &str, ctx: &Context) -> Result<Option<String>> {
    match given {
        Some(text) => Ok(Some(text.trim().to_string())),
        None => crate::ui::editor::edit(ctx.settings.editor().as_deref(), current, about),
    }
}

fn new(args: &StoryNewArgs, ctx: &Context) -> Result<()> {
    let name = story_name(&args.name)?;
    let name = name.as_str();
    let mut store = ctx.store()?;
    // Before the editor opens: text typed for a name that is taken would have nowhere to go.
    if store.story_named(name)?.is_some() {
        return Err(Error::StoryExists(name.to_string()));
    }
    let about = format!("Story “{name}”: the answer you will give wherever it fits.");
    let Some(body) = text_from(args.text.as_ref(), SKELETON, &about, ctx)? else {
        return emit("nothing written; no story made\n");
    };
    let body = written(&body);
    if body.is_empty() {
        return emit("nothing written; no story made\n");
    }
    let mut guids = ctx.guids();
    let asked = name;
    let mut name = name.to_string();
    // The name was free when the editor opened; if another prepdeck took it meanwhile,
    // the text just written goes under the next free one rather than being lost.
    let mut nth = 1;
    loop {
        match store.create_story(&name, body, &guids.next_guid(), &ctx.now.stamp()) {
            Err(Error::StoryExists(_)) if args.text.is_none() && nth < 100 => {
                nth += 1;
                name = format!("{asked} ({nth})");
            }
            made => {
                made?;
                break;
            }
        }
    }
    let name = name.as_str();
    let suggester = Suggester::load(&store)?;
    let found = suggester.for_story(name, body, OFFERED);
    let mut out = if name == asked {
        format!("story “{}” saved\n", safe(name))
    } else {
        format!(
            "story “{}” saved (“{}” was taken while the editor was open)\n",
            safe(name),
            safe(asked)
        )
    };
    if !found.is_empty() {
        out.push_str(&similar("questions it may answer", &found, &ctx.style));
        let ids: Vec<CardId> = found.iter().map(|s| s.card.id).collect();
        out.push_str(&format!(
            "link them: prepdeck story link {} {}\n",
            crate::ui::shell_word(name),
            ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")
        ));
    }
    emit(&out)
}

fn edit(args: &StoryEditArgs, ctx: &Context) -> Result<()> {
    let mut store = ctx.store()?;
    let id = store.find_story(&args.story)?;
    let current = store.story(id)?;
    let about = format!("Story “{}”.", current.name);
    match text_from(args.text.as_ref(), &current.body, &about, ctx)? {
        Some(body) if body != current.body.trim() => {
            let saved = if args.text.is_some() {
                store.set_story_body(id, &body, &ctx.now.stamp())?;
                Saved::Alone
            } else {
                answers::save_story(&mut store, id, &current.body, &body, &ctx.now.stamp())?
            };
            let kept = match saved {
                Saved::Alone => "",
                Saved::AboveAnother => "; the text written elsewhere meanwhile is kept below it",
            };
            emit(&format!("story “{}” saved{kept}\n", safe(&current.name)))
        }
        _ => emit(&format!("story “{}” unchanged\n", safe(&current.name))),
    }
}

/// The cards a story is linked to.
fn linked_cards(store: &Store, id: StoryId) -> Result<Vec<Card>> {
    store
        .story_cards(id)?
        .into_iter()
        .map(|card| store.card(card))
        .collect()
}

#[derive(Serialize)]
struct StoryJson {
    name: String,
    guid: String,
    body: String,
    created_at: String,
    updated_at: String,
    cards: Vec<CardJson>,
}

fn list_stories(json: bool, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let stories = store.stories()?;
    let cards: Vec<Vec<Card>> = stories
        .iter()
        .map(|s| linked_cards(&store, s.id))
        .collect::<Result<_>>()?;
    if json {
        return emit_json(
            &stories
                .iter()
                .zip(&cards)
                .map(|(s, c)| story_json(s, c))
                .collect::<Vec<_>>(),
        );
    }
    if stories.is_empty() {
        return emit("No stories yet. Write one: prepdeck story new NAME\n");
    }
    let entries: Vec<StoryWithCards<'_>> = stories
        .iter()
        .zip(&cards)
        .map(|(story, cards)| StoryWithCards { story, cards })
        .collect();
    emit(&list(&entries, &ctx.style))
}

fn story_json(story: &crate::domain::Story, cards: &[Card]) -> StoryJson {
    StoryJson {
        name: story.name.clone(),
        guid: story.guid.clone(),
        body: story.body.clone(),
        created_at: story.created_at.clone(),
        updated_at: story.updated_at.clone(),
        cards: cards.iter().map(CardJson::from).collect(),
    }
}

fn show(typed: &str, json: bool, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let id = store.find_story(typed)?;
    let shown = store.story(id)?;
    let cards = linked_cards(&store, id)?;
    if json {
        return emit_json(&story_json(&shown, &cards));
    }
    emit(&full(
        &StoryWithCards {
            story: &shown,
            cards: &cards,
        },
        &ctx.style,
    ))
}

fn link(args: &StoryLinkArgs, linking: bool, ctx: &Context) -> Result<()> {
    // Card ids are checked before the database is opened: a typo is misuse whatever it holds.
    let typed = parse_card_list(&args.cards)?;
    let mut store = ctx.store()?;
    let id = store.find_story(&args.story)?;
    let name = store.story(id)?.name;
    // A card that cannot be linked is named, and the others are linked all the same.
    let given = typed.len();
    let mut ids = Vec::new();
    let mut refused: Vec<Error> = Vec::new();
    for card in named_cards(&store, &typed, &mut refused)? {
        match store.card(card) {
            Ok(card) if linking && !card.kind.takes_stories() => refused.push(Error::NotAnswerable {
                card: card.id,
                kind: card.kind.as_str(),
            }),
            Ok(card) => {
                if !ids.contains(&card.id) {
                    ids.push(card.id);
                }
            }
            Err(e @ Error::UnknownCard(_)) => refused.push(e),
            Err(e) => return Err(e),
        }
    }
    if !ids.is_empty() {
        link_or_unlink(&mut store, id, &name, &ids, linking, ctx)?;
    }
    if refused.is_empty() {
        return Ok(());
    }
    if given == 1 {
        return Err(refused.remove(0));
    }
    for reason in &refused {
        eprintln!("prepdeck: {}", safe_line(&reason.to_string()));
    }
    Err(Error::SomeCardsRefused {
        refused: refused.len(),
        given,
        done: if linking { "linked" } else { "unlinked" },
    })
}

/// The ids a card list names, each once: a range gives the cards in it; a range with
/// none is refused (into `refused`) and the others go on.
fn named_cards(store: &Store, refs: &[CardRef], refused: &mut Vec<Error>) -> Result<Vec<CardId>> {
    let mut ids: Vec<CardId> = Vec::new();
    for card in refs {
        match *card {
            CardRef::One(id) => ids.push(id),
            CardRef::Range(first, last) => {
                let found = store.card_ids_between(first, last)?;
                if found.is_empty() {
                    refused.push(Error::EmptyCardRange(format!("{first}-{last}")));
                }
                ids.extend(found);
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    Ok(ids)
}

/// Links (or unlinks) story `id`, named `name`, to cards that can take it, and says so.
fn link_or_unlink(
    store: &mut Store,
    id: StoryId,
    name: &str,
    ids: &[CardId],
    linking: bool,
    ctx: &Context,
) -> Result<()> {
    if linking {
        let added = store.link_story(id, ids, &ctx.now.stamp())?;
        emit(&format!(
            "linked story “{}” to {} ({} new)\n",
            safe(name),
            id_list(ids),
            added
        ))
    } else {
        let removed = store.unlink_story(id, ids)?;
        if removed == 0 {
            return emit(&format!("story “{}” was not linked to {}\n", safe(name), id_list(ids)));
        }
        emit(&format!(
            "unlinked story “{}” from {}\n",
            safe(name),
            count(removed, "card")
        ))
    }
}

//! `prepdeck story …`: write, list, show, edit, rename, remove, link and unlink stories.

use super::{Context, parse_card_list};
use crate::cli::{StoryCommand, StoryEditArgs, StoryLinkArgs, StoryNewArgs};
use crate::domain::story::{SKELETON, written};
use crate::error::{Error, Result};
use crate::output::{emit, emit_json};
use crate::report::stories::StoryEdited;
use crate::store::story_name;
use crate::study::stories;
use crate::ui::prompt::confirm_removal;
use crate::ui::safe_line;

pub fn run(command: &StoryCommand, ctx: &Context) -> Result<()> {
    match command {
        StoryCommand::New(args) => new(args, ctx),
        StoryCommand::List(args) => {
            let list = stories::list(&ctx.store()?)?;
            if args.json {
                return emit_json(&list);
            }
            emit(&crate::ui::stories::list(&list, &ctx.style))
        }
        StoryCommand::Show(args) => {
            let shown = stories::shown(&ctx.store()?, &args.story)?;
            if args.json {
                return emit_json(&shown);
            }
            emit(&crate::ui::stories::full(&shown, &ctx.style))
        }
        StoryCommand::Edit(args) => edit(args, ctx),
        StoryCommand::Rename(args) => {
            let name = story_name(&args.name)?;
            let renamed = stories::rename(&mut ctx.store()?, &args.story, &name, &ctx.now.stamp())?;
            emit(&crate::ui::stories::renamed(&renamed))
        }
        StoryCommand::Remove(args) => {
            let mut store = ctx.store()?;
            let id = store.find_story(&args.story)?;
            let asked = stories::removal(&store, id)?;
            let what = crate::ui::stories::removal(&asked, false);
            if !args.yes && !confirm_removal(&what, &ctx.style)? {
                return emit("nothing deleted\n");
            }
            let done = stories::remove(&mut store, id, asked, &ctx.now.stamp())?;
            emit(&format!("deleted {}\n", crate::ui::stories::removal(&done, true)))
        }
        StoryCommand::Link(args) => link(args, true, ctx),
        StoryCommand::Unlink(args) => link(args, false, ctx),
    }
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
    let mut store = ctx.store()?;
    // Before the editor opens: text typed for a name that is taken would have nowhere to go.
    if store.story_named(&name)?.is_some() {
        return Err(Error::StoryExists(name));
    }
    let about = format!("Story “{name}”: the answer you will give wherever it fits.");
    let Some(body) = text_from(args.text.as_ref(), SKELETON, &about, ctx)? else {
        return emit("nothing written; no story made\n");
    };
    let body = written(&body);
    if body.is_empty() {
        return emit("nothing written; no story made\n");
    }
    let from_editor = args.text.is_none();
    let saved = stories::write(&mut store, &name, body, from_editor, &mut ctx.guids(), &ctx.now.stamp())?;
    emit(&crate::ui::stories::written(&saved, &ctx.style))
}

fn edit(args: &StoryEditArgs, ctx: &Context) -> Result<()> {
    let mut store = ctx.store()?;
    let id = store.find_story(&args.story)?;
    let current = store.story(id)?;
    let about = format!("Story “{}”.", current.name);
    let edited = match text_from(args.text.as_ref(), &current.body, &about, ctx)? {
        Some(body) => stories::save_text(
            &mut store,
            id,
            &current.body,
            &body,
            args.text.is_none(),
            &ctx.now.stamp(),
        )?,
        None => StoryEdited::Unchanged,
    };
    emit(&crate::ui::stories::edited(&current.name, edited))
}

fn link(args: &StoryLinkArgs, linking: bool, ctx: &Context) -> Result<()> {
    // Card ids are checked before the database is opened: a typo is misuse whatever it holds.
    let typed = parse_card_list(&args.cards)?;
    let mut store = ctx.store()?;
    let mut linked = stories::link(&mut store, &args.story, &typed, linking, &ctx.now.stamp())?;
    if let Some(done) = &linked.done {
        emit(&crate::ui::stories::links(done))?;
    }
    // A card that cannot be linked is named, and the others are linked all the same.
    let given = typed.len();
    if linked.refused.is_empty() {
        return Ok(());
    }
    if given == 1 {
        return Err(linked.refused.remove(0));
    }
    for reason in &linked.refused {
        eprintln!("prepdeck: {}", safe_line(&reason.to_string()));
    }
    Err(Error::SomeCardsRefused {
        refused: linked.refused.len(),
        given,
        done: if linking { "linked" } else { "unlinked" },
    })
}

//! Non-interactive card edits: `grade`, `answer`, `suspend`/`unsuspend`.

use super::{Context, parse_card_id, parse_card_list};
use crate::cli::{AnswerArgs, GradeArgs};
use crate::domain::Grade;
use crate::error::{Error, Result};
use crate::output::{emit, emit_json};
use crate::study::answers::{self, Saved, answer_written};

/// `grade CARD GRADE`: a normal, schedule-setting review whether or not the card is due.
pub fn grade(args: &GradeArgs, ctx: &Context) -> Result<()> {
    let id = parse_card_id(&args.card)?;
    let grade: Grade = args.grade.parse()?;
    let mut store = ctx.store()?;
    let graded = crate::study::grading::grade_from_script(&mut store, id, grade, ctx.now)?;
    if args.json {
        return emit_json(&graded);
    }
    emit(&crate::ui::cards::grade_recorded(&graded))
}

/// `answer CARD [--text T]`: writes the prepared answer, from the flag or in the editor.
pub fn answer(args: &AnswerArgs, ctx: &Context) -> Result<()> {
    let id = parse_card_id(&args.card)?;
    let mut store = ctx.store()?;
    let card = store.card(id)?;
    let (text, saved) = if let Some(text) = &args.text {
        let text = text.trim().to_string();
        store.set_answer(id, &text, &ctx.now.stamp())?;
        (Some(text), Saved::Alone)
    } else {
        let editor = ctx.settings.editor().ok_or(Error::NoEditor)?;
        let about = crate::ui::editor::about(&card.front(), &card.given_back(), card.kind);
        match crate::ui::editor::edit(Some(&editor), &card.answer, &about)? {
            Some(edited) => {
                let saved = answers::save_answer(&mut store, id, &card.answer, &edited, &ctx.now.stamp())?;
                (Some(edited), saved)
            }
            None => (None, Saved::Alone),
        }
    };
    let written = answer_written(&store, &card, text.as_deref(), saved)?;
    emit(&crate::ui::cards::answer_written(&written, &ctx.style))
}

/// `suspend`/`unsuspend CARD...`: all ids are checked before any card changes; the report
/// says what each card's state is now (a retired card stays hidden whatever its flag).
pub fn suspend(cards: &[String], suspending: bool, ctx: &Context) -> Result<()> {
    let refs = parse_card_list(cards)?;
    let mut store = ctx.store()?;
    let said = crate::study::edits::suspend(&mut store, &refs, suspending, &ctx.now.stamp())?;
    emit(&crate::ui::cards::suspension(&said))
}

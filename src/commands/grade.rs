//! Non-interactive card edits: `grade`, `answer`, `suspend`/`unsuspend`.

use serde::Serialize;

use super::{Context, emit, emit_json, parse_card_id, parse_card_list, resolve_cards};
use crate::cli::{AnswerArgs, GradeArgs};
use crate::domain::{Grade, Origin, Scheduler};
use crate::error::{Error, Result};
use crate::schedule::Mode;
use crate::study::answers::{self, Saved};
use crate::study::grading::{self, GradeGiven};
use crate::study::suggestions::Suggester;
use crate::ui::{agreeing, relative_day};

#[derive(Serialize)]
struct GradeJson {
    id: i64,
    grade: u8,
    ease: f64,
    interval: u32,
    repetitions: u32,
    due: Option<chrono::NaiveDate>,
    scheduler: Scheduler,
    /// FSRS's stability after the grade, in days.
    stability: Option<f64>,
}

/// `grade CARD GRADE`: a normal, schedule-setting review whether or not the card is due.
pub fn grade(args: &GradeArgs, ctx: &Context) -> Result<()> {
    let id = parse_card_id(&args.card)?;
    let grade: Grade = args.grade.parse()?;
    let mut store = ctx.store()?;
    let today = ctx.now.today();
    let given = GradeGiven {
        card: id,
        grade,
        mode: Mode::Review,
        origin: Origin::Grade,
        day: today,
        stamp: ctx.now.stamp(),
        took: None,
    };
    let recorded = grading::record(&mut store, &given)?;
    let logged = recorded.logged;
    let interval = recorded.update.after.shown_interval();
    let scheduler = recorded.before.scheduler;
    let stability = recorded.update.after.memory.map(|m| m.stability);
    if args.json {
        return emit_json(&GradeJson {
            id: id.0,
            grade: grade.value(),
            ease: logged.sm2_after.ease,
            interval,
            repetitions: logged.sm2_after.repetitions,
            due: logged.due_after,
            scheduler,
            stability: stability.map(|s| (s * 100.0).round() / 100.0),
        });
    }
    let card = store.card(id)?;
    let due = logged
        .due_after
        .map_or_else(|| "-".to_string(), |d| format!("{d} ({})", relative_day(d, today)));
    let schedule = match (scheduler, stability) {
        (Scheduler::Fsrs, Some(stability)) => format!("FSRS stability {stability:.1} d"),
        _ => format!("interval {interval} d · ease {:.2}", logged.sm2_after.ease),
    };
    // A card out of the sessions is due nowhere, whatever its schedule says.
    let out_of_sessions = if card.retired {
        Some("it is retired (gone from its document), so no session shows it".to_string())
    } else if card.suspended {
        Some(format!("it stays suspended: `prepdeck unsuspend {id}` brings it back"))
    } else {
        None
    };
    match out_of_sessions {
        Some(why) => emit(&format!("card #{id} graded {grade}: {schedule}\n{why}\n")),
        None => emit(&format!("card #{id} graded {grade}: next due {due} · {schedule}\n")),
    }
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
    match text {
        Some(text) => {
            let what = match saved {
                Saved::AboveAnother => "saved; the answer written elsewhere meanwhile is kept below it",
                Saved::Alone if text.is_empty() => "cleared",
                Saved::Alone => "saved",
            };
            let mut out = format!("answer to card #{id} {what}\n");
            if !text.is_empty() && card.kind.back_is_answer() {
                let found = Suggester::load(&store)?.for_card(&card);
                out.push_str(&crate::ui::stories::similar(
                    "similar questions elsewhere (make this answer a story to share it: prepdeck story new NAME)",
                    &found,
                    &ctx.style,
                ));
            }
            emit(&out)
        }
        None => emit(&format!("answer to card #{id} unchanged\n")),
    }
}

/// `suspend`/`unsuspend CARD...`: all ids are checked before any card changes; the report
/// says what each card's state is now (a retired card stays hidden whatever its flag).
pub fn suspend(cards: &[String], suspended: bool, ctx: &Context) -> Result<()> {
    let refs = parse_card_list(cards)?;
    let mut store = ctx.store()?;
    let ids = resolve_cards(&store, &refs)?;
    let found = ids.iter().map(|id| store.card(*id)).collect::<Result<Vec<_>>>()?;
    let mut changed = Vec::new();
    let mut unchanged = Vec::new();
    let mut retired = Vec::new();
    for card in &found {
        if card.suspended != suspended {
            store.set_suspended(card.id, suspended, &ctx.now.stamp())?;
        }
        let list = if card.retired && !suspended {
            &mut retired
        } else if card.suspended == suspended {
            &mut unchanged
        } else {
            &mut changed
        };
        let tag = format!("#{}", card.id);
        if !list.contains(&tag) {
            list.push(tag);
        }
    }
    let mut out = String::new();
    if !changed.is_empty() {
        let verb = if suspended { "suspended" } else { "unsuspended" };
        out.push_str(&format!("{verb} {}\n", changed.join(", ")));
    }
    if !unchanged.is_empty() {
        let verb = agreeing(unchanged.len(), "was", "were");
        let state = if suspended {
            "already suspended"
        } else {
            "not suspended"
        };
        out.push_str(&format!("{} {verb} {state}\n", unchanged.join(", ")));
    }
    if !retired.is_empty() {
        out.push_str(&format!(
            "{} {} retired (the item is gone from its document): hidden until a re-import finds it again\n",
            retired.join(", "),
            agreeing(retired.len(), "is", "are")
        ));
    }
    emit(&out)
}

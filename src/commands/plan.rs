//! `prepdeck plan DECK` (or `--all-decks`): the days from today to the interview, with the
//! reviews and new cards each one holds if every due card is reviewed (and recalled) on
//! its day; as a table, JSON, or a calendar file.

use super::Context;
use crate::cli::{PlanArgs, PlanFormat};
use crate::error::Result;
use crate::output::calendar::plan_calendar;
use crate::output::{deliver, json_text, write_text};
use crate::report::plan::DeckPlan;
use crate::schedule::plan::Pace;
use crate::study::plan::{PlanRules, plans};
use crate::ui::Style;

pub fn run(args: &PlanArgs, ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let rules = PlanRules {
        pace: Pace {
            per_day: ctx.settings.new_per_day(args.new_per_day),
            introduced_today: 0,
            limit: ctx.settings.session_limit(args.limit),
        },
        default_minutes: ctx.settings.daily_minutes(),
    };
    let one = (!args.all_decks).then(|| args.deck.as_deref().unwrap_or_default());
    let plans = plans(&store, one, rules, ctx.now.today())?;
    let format = if args.json { PlanFormat::Json } else { args.format };
    // A file gets no colour codes.
    let style = if args.output.is_some() {
        Style::plain(ctx.style.width)
    } else {
        ctx.style
    };
    let text = match format {
        PlanFormat::Table => crate::ui::plan::plans(&plans, &style),
        PlanFormat::Json => json_text(&plans)?,
        PlanFormat::Ics => {
            let decks: Vec<DeckPlan> = plans.planned.into_iter().map(|p| p.plan).collect();
            plan_calendar(&decks, ctx.now.at.to_utc())
        }
    };
    deliver(args.output.as_deref(), store.path(), "the plan", |out| {
        write_text(out, text.as_bytes())
    })
}

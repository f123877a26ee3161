//! `prepdeck check`: database integrity and schedule sanity, as a plain report.

use super::{Context, emit};
use crate::error::{Error, Result};
use crate::store::Subject;
use crate::ui::{Tone, agreeing, count};

/// Card ids listed per problem before the rest are counted.
const IDS_SHOWN: usize = 10;

pub fn run(ctx: &Context) -> Result<()> {
    let store = ctx.store()?;
    let style = &ctx.style;
    let mut out = format!("checking {}\n", crate::ui::safe_line(&store.path().to_string_lossy()));
    let integrity = store.integrity_problems()?;
    let schedule = store.schedule_problems()?;
    let values = store.value_problems()?;
    let reviewed_later = store.reviewed_after(ctx.now.today())?;
    for line in &integrity {
        out.push_str(&format!("  {} {line}\n", style.paint("✗", Tone::Bad)));
    }
    if integrity.is_empty() {
        out.push_str(&format!(
            "  {} integrity and foreign keys\n",
            style.paint("✓", Tone::Good)
        ));
    }
    for problem in &schedule {
        let ids = &problem.ids;
        let mut shown: Vec<String> = ids.iter().take(IDS_SHOWN).map(|id| format!("#{id}")).collect();
        if ids.len() > IDS_SHOWN {
            shown.push(format!("and {} more", ids.len() - IDS_SHOWN));
        }
        let noun = match problem.subject {
            Subject::Decks => "deck",
            Subject::Cards => "card",
        };
        out.push_str(&format!(
            "  {} {}: {}: {}\n",
            style.paint("✗", Tone::Bad),
            problem.what,
            count(ids.len(), noun),
            shown.join(", ")
        ));
    }
    if schedule.is_empty() {
        out.push_str(&format!(
            "  {} schedules agree with the review log\n",
            style.paint("✓", Tone::Good)
        ));
    }
    for problem in &values {
        out.push_str(&format!("  {} {problem}\n", style.paint("✗", Tone::Bad)));
    }
    if values.is_empty() {
        out.push_str(&format!(
            "  {} settings, dates and edited values in range\n",
            style.paint("✓", Tone::Good)
        ));
    }
    if reviewed_later > 0 {
        out.push_str(&format!(
            "  {} {} {} last reviewed after today ({}): the clock was ahead then, or is behind now\n",
            style.paint("note:", Tone::Warn),
            count(reviewed_later, "card"),
            agreeing(reviewed_later, "was", "were"),
            ctx.now.today()
        ));
    }
    let totals = store.totals()?;
    out.push_str(&format!(
        "{}, {}, {}\n",
        count(totals.decks, "deck"),
        count(totals.cards, "card"),
        count(totals.reviews, "logged review")
    ));
    emit(&out)?;
    let problems = integrity.len() + schedule.len() + values.len();
    if problems > 0 {
        return Err(Error::CheckFailed(problems));
    }
    Ok(())
}

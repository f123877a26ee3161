//! The screens about prepdeck's own setup: `config` (where the file and the database are,
//! each setting with where it comes from) and `check` (the database's integrity and the
//! schedules that disagree with the log).

use super::table::{Table, toned};
use super::{Style, Tone, agreeing, count, safe, safe_line, width, wrap_path};
use crate::config::{CONFIG_ENV, Shown};
use crate::report::check::CheckReport;

/// Card ids listed per problem before the rest are counted.
const IDS_SHOWN: usize = 10;

/// `config`: the file and the database, then each setting in effect.
#[must_use]
pub fn config(shown: &Shown, style: &Style) -> String {
    let (file, state) = match &shown.file {
        Some(path) if shown.file_exists => (path.display().to_string(), "(read)".to_string()),
        Some(path) => (
            path.display().to_string(),
            "(not there: built-in defaults apply)".to_string(),
        ),
        None => (
            "none".to_string(),
            format!("(no config folder is known; set {CONFIG_ENV})"),
        ),
    };
    let db_from = if shown.db_given {
        "(--db or PREPDECK_DB)"
    } else {
        "(platform default)"
    };
    let mut out = labelled("Config file:", &file, &state, style);
    out.push_str(&labelled("Database:", &shown.db.display().to_string(), db_from, style));
    out.push('\n');
    let mut table = Table::new(&["SETTING", "VALUE", "FROM", "WHAT IT SETS"])
        .flex(3)
        .wrapping();
    for (key, value, origin) in &shown.settings {
        table.row(vec![
            key.name.into(),
            toned(safe(value).into_owned(), Tone::Accent),
            origin.to_string().into(),
            key.about.into(),
        ]);
    }
    out.push_str(&table.render(style));
    if shown.no_color {
        out.push_str(&style.paint("NO_COLOR is set, so color = auto means no colour.\n", Tone::Dim));
    }
    out
}

/// `Config file: PATH (state)`: the path wrapped after its separators to the width, each
/// line under the first, and the state after it where it fits.
fn labelled(label: &str, path: &str, state: &str, style: &Style) -> String {
    const LABEL_WIDTH: usize = 13;
    let indent = " ".repeat(LABEL_WIDTH);
    let room = style.width.saturating_sub(LABEL_WIDTH).max(20);
    let mut lines = wrap_path(&safe(path), room);
    if let Some(last) = lines.last_mut() {
        if width(last) + 1 + width(state) <= room {
            last.push(' ');
            last.push_str(state);
        } else {
            lines.push(state.to_string());
        }
    }
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            let head = format!("{label:<LABEL_WIDTH$}");
            out.push_str(&format!("{}{line}\n", style.paint(&head, Tone::Bold)));
        } else {
            out.push_str(&format!("{indent}{line}\n"));
        }
    }
    out
}

/// `check`: each problem found (or that none was), a note on reviews dated after today,
/// and the totals.
#[must_use]
pub fn check(report: &CheckReport, style: &Style) -> String {
    let mut out = format!("checking {}\n", safe_line(&report.path));
    for line in &report.integrity {
        out.push_str(&format!("  {} {line}\n", style.paint("✗", Tone::Bad)));
    }
    if report.integrity.is_empty() {
        out.push_str(&format!(
            "  {} integrity and foreign keys\n",
            style.paint("✓", Tone::Good)
        ));
    }
    for problem in &report.schedule {
        let ids = &problem.ids;
        let mut shown: Vec<String> = ids.iter().take(IDS_SHOWN).map(|id| format!("#{id}")).collect();
        if ids.len() > IDS_SHOWN {
            shown.push(format!("and {} more", ids.len() - IDS_SHOWN));
        }
        out.push_str(&format!(
            "  {} {}: {}: {}\n",
            style.paint("✗", Tone::Bad),
            problem.what,
            count(ids.len(), problem.noun),
            shown.join(", ")
        ));
    }
    if report.schedule.is_empty() {
        out.push_str(&format!(
            "  {} schedules agree with the review log\n",
            style.paint("✓", Tone::Good)
        ));
    }
    for problem in &report.values {
        out.push_str(&format!("  {} {problem}\n", style.paint("✗", Tone::Bad)));
    }
    if report.values.is_empty() {
        out.push_str(&format!(
            "  {} settings, dates and edited values in range\n",
            style.paint("✓", Tone::Good)
        ));
    }
    if report.reviewed_later > 0 {
        out.push_str(&format!(
            "  {} {} {} last reviewed after today ({}): the clock was ahead then, or is behind now\n",
            style.paint("note:", Tone::Warn),
            count(report.reviewed_later, "card"),
            agreeing(report.reviewed_later, "was", "were"),
            report.today
        ));
    }
    out.push_str(&format!(
        "{}, {}, {}\n",
        count(report.decks, "deck"),
        count(report.cards, "card"),
        count(report.reviews, "logged review")
    ));
    out
}

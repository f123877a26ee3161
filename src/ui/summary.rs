//! The reports at the end of a session and of a mock interview: what was graded, how it
//! went, and readiness before → after.

use super::prompt::clock_text;
use super::table::{Table, toned};
use super::{Style, Tone, safe, truncate};
use crate::report::{DeckReadiness, MockSummary, SessionSummary};

/// The end-of-session report: cards, grades, time, repeats, readiness before → after.
#[must_use]
pub fn session(summary: &SessionSummary, before: &[DeckReadiness], after: &[DeckReadiness], style: &Style) -> String {
    let mut out = String::from("\n");
    let title = if summary.quit_early {
        "Session ended early"
    } else {
        "Session complete"
    };
    let minutes = summary.elapsed.as_secs() / 60;
    let seconds = summary.elapsed.as_secs() % 60;
    out.push_str(&format!(
        "{}: {} cards, {} grades in {minutes}m {seconds:02}s\n",
        style.paint(title, Tone::Bold),
        summary.cards,
        summary.grades.iter().sum::<u32>()
    ));
    let grades: Vec<String> = summary
        .grades
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(g, n)| format!("{g}×{n}"))
        .collect();
    if !grades.is_empty() {
        out.push_str(&format!("  grades      {}\n", grades.join("  ")));
    }
    if summary.cards > 0 {
        out.push_str(&format!(
            "  first time  {} of {} recalled (4 or 5)\n",
            summary.first_time, summary.cards
        ));
    }
    if summary.practice > 0 {
        out.push_str(&format!(
            "  practice    {} grades left the schedule alone\n",
            summary.practice
        ));
    }
    if !summary.repeated.is_empty() {
        out.push_str("  needed repeats:\n");
        for repeated in &summary.repeated {
            out.push_str(&format!(
                "    #{} ({} tries) {}\n",
                repeated.card,
                repeated.tries,
                truncate(&safe(&repeated.front), style.width.saturating_sub(20))
            ));
        }
    }
    if summary.skipped > 0 || summary.suspended > 0 {
        out.push_str(&format!(
            "  skipped {} · suspended {}\n",
            summary.skipped, summary.suspended
        ));
    }
    out.push_str(&readiness_lines(before, after, "  readiness   ", style));
    out
}

/// The end of a mock interview: each answer's time against the limit and its grade.
#[must_use]
pub fn mock_interview(
    summary: &MockSummary,
    limit: std::time::Duration,
    before: &[DeckReadiness],
    after: &[DeckReadiness],
    style: &Style,
) -> String {
    let mut out = format!(
        "\n{}: {} of {} questions answered\n",
        style.paint(
            if summary.stopped_early {
                "Mock ended early"
            } else {
                "Mock complete"
            },
            Tone::Bold
        ),
        summary.answers.len(),
        summary.drawn
    );
    let mut table = Table::new(&["#", "TIME", "LIMIT", "GRADE", "QUESTION"])
        .right(0)
        .flex(4);
    for (i, answer) in summary.answers.iter().enumerate() {
        let time = if answer.timed_out {
            toned("over", Tone::Bad)
        } else {
            clock_text(answer.elapsed).into()
        };
        let grade = answer.grade.map_or_else(|| "-".to_string(), |g| g.to_string());
        table.row(vec![
            (i + 1).to_string().into(),
            time,
            clock_text(limit).into(),
            grade.into(),
            safe(&answer.front).into_owned().into(),
        ]);
    }
    if !table.is_empty() {
        out.push_str(&table.render(style));
    }
    let over = summary.answers.iter().filter(|a| a.timed_out).count();
    if over > 0 {
        out.push_str(&format!(
            "{over} answer(s) ran over the limit: practise saying them shorter.\n"
        ));
    }
    out.push_str(&readiness_lines(before, after, "readiness ", style));
    out
}

/// `readiness   Acme: 40% → 55%`, one line per deck.
fn readiness_lines(before: &[DeckReadiness], after: &[DeckReadiness], lead: &str, style: &Style) -> String {
    let mut out = String::new();
    for was in before {
        let Some(now) = after.iter().find(|now| now.deck == was.deck) else {
            out.push_str(&format!(
                "{lead}{}: removed during the session\n",
                super::safe_line(&was.name)
            ));
            continue;
        };
        let tone = if now.percent >= was.percent {
            Tone::Good
        } else {
            Tone::Warn
        };
        out.push_str(&format!(
            "{lead}{}: {:.0}% → {}\n",
            super::safe_line(&was.name),
            was.percent,
            style.paint(&format!("{:.0}%", now.percent), tone)
        ));
    }
    out
}

//! The reports at the end of a session and of a mock interview: what was graded, how it
//! went, and readiness before → after.

use super::prompt::clock_text;
use super::table::{Table, toned};
use super::{Style, Tone, agreeing, count, safe, shell_word, truncate, width};
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
        "{}: {}, {} in {minutes}m {seconds:02}s\n",
        style.paint(title, Tone::Bold),
        count(summary.cards, "card"),
        count(summary.grades.iter().sum::<u32>(), "grade")
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
            "  practice    {} left the schedule alone\n",
            count(summary.practice, "grade")
        ));
    }
    if !summary.repeated.is_empty() {
        out.push_str("  needed repeats:\n");
        for repeated in &summary.repeated {
            let lead = format!("    #{} ({}) ", repeated.card, count(repeated.tries, "try"));
            let room = style.width.saturating_sub(width(&lead)).max(12);
            out.push_str(&format!("{lead}{}\n", truncate(&safe(&repeated.front), room)));
        }
    }
    if summary.skipped > 0 || summary.suspended > 0 {
        out.push_str(&format!(
            "  skipped {} · suspended {}\n",
            summary.skipped, summary.suspended
        ));
    }
    // Only the decks the session graded: the others' figures did not move.
    let touched = |list: &[DeckReadiness]| -> Vec<DeckReadiness> {
        list.iter().filter(|d| summary.decks.contains(&d.id)).cloned().collect()
    };
    out.push_str(&readiness_lines(
        &touched(before),
        &touched(after),
        "  readiness   ",
        style,
    ));
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
        "\n{}: {} of {} answered\n",
        style.paint(
            if summary.stopped_early {
                "Mock ended early"
            } else {
                "Mock complete"
            },
            Tone::Bold
        ),
        summary.answers.len(),
        count(summary.drawn, "question")
    );
    let mut table = Table::new(&["#", "TIME", "LIMIT", "GRADE", "QUESTION"])
        .right(0)
        .flex(4);
    for (i, answer) in summary.answers.iter().enumerate() {
        let time = if answer.timed_out {
            toned(format!("{} over", clock_text(answer.elapsed)), Tone::Bad)
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
        let them = agreeing(over, "it", "them");
        out.push_str(&format!(
            "{} ran over the limit: practise saying {them} shorter.\n",
            count(over, "answer")
        ));
    }
    out.push_str(&readiness_lines(before, after, "readiness ", style));
    out
}

/// `readiness   Acme: 40% → 55%`, one line per deck, and what it means in cards: how many
/// are expected to be recalled on the readiness day, and the weakest few.
fn readiness_lines(before: &[DeckReadiness], after: &[DeckReadiness], lead: &str, style: &Style) -> String {
    let mut out = String::new();
    let indent = " ".repeat(width(lead));
    for was in before {
        let Some(now) = after.iter().find(|now| now.id == was.id) else {
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
        let unseen = if now.unseen > 0 {
            format!(", {} not yet seen", now.unseen)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{indent}≈{:.0} of {} cards recalled on {}{unseen}\n",
            now.expected,
            now.cards,
            now.day.format("%a %-d %b")
        ));
        if !now.weakest.is_empty() {
            let ids: Vec<String> = now
                .weakest
                .iter()
                .map(|w| format!("#{} ({:.0}%)", w.id, w.recall * 100.0))
                .collect();
            out.push_str(&format!("{indent}weakest {}\n", ids.join(" ")));
            let hint = format!(
                "all of them, weakest first: prepdeck cards {} --weakest",
                shell_word(&now.name)
            );
            let room = style.width.saturating_sub(indent.len()).max(20);
            out.push_str(&style.paint(&super::prefixed(super::wrap(&hint, room), &indent), Tone::Dim));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::WeakCard;

    fn readiness(percent: f64, expected: f64, weakest: Vec<WeakCard>) -> DeckReadiness {
        DeckReadiness {
            id: crate::domain::DeckId(1),
            name: "Acme Robotics".to_string(),
            percent,
            expected,
            cards: 30,
            unseen: 4,
            day: chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
            weakest,
        }
    }

    #[test]
    fn the_session_summary_says_what_readiness_means_in_cards() {
        let weak = |id, recall| WeakCard {
            id,
            front: format!("Question {id}?"),
            recall,
        };
        let before = [readiness(40.0, 12.0, vec![])];
        let after = [readiness(55.2, 16.6, vec![weak(12, 0.41), weak(3, 0.552)])];
        let graded = SessionSummary {
            decks: vec![crate::domain::DeckId(1)],
            ..SessionSummary::default()
        };
        let text = session(&graded, &before, &after, &Style::plain(80));
        assert!(
            text.ends_with(
                "  readiness   Acme Robotics: 40% → 55%\n\
                 \x20             ≈17 of 30 cards recalled on Tue 10 Mar, 4 not yet seen\n\
                 \x20             weakest #12 (41%) #3 (55%)\n\
                 \x20             all of them, weakest first: prepdeck cards 'Acme Robotics'\n\
                 \x20             --weakest\n"
            ),
            "{text}"
        );
    }
}

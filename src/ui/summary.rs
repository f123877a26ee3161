//! The start and end of a session and of a mock interview: what the session holds, then
//! what was graded, how it went, readiness before → after, and what still waits.

use std::collections::BTreeMap;
use std::time::Duration;

use super::prompt::clock_text;
use super::table::{Table, toned};
use super::{
    Style, Tone, agreeing, count, prefixed, relative_day, safe, safe_line, shell_word, truncate, width,
    wrap_without_widows,
};
use crate::domain::{CardId, Grade};
use crate::report::cards::TodaysQueue;
use crate::report::figures::{DeckReadiness, WeakCard};
use crate::report::summary::{AfterReview, MockReport, SessionReport, SessionSummary};

/// What a review holds, and its keys.
#[must_use]
pub fn review_intro(queue: &TodaysQueue, style: &Style) -> String {
    let new = queue.new_cards();
    let intro = format!(
        "{} today: {} due, {new} new. Enter reveals, a grade records; q or Esc ends.",
        count(queue.cards.len(), "card"),
        queue.cards.len() - new
    );
    prefixed(wrap_without_widows(&intro, style.width), "")
}

/// A drill of a deck without active cards (carrying `tag`).
#[must_use]
pub fn nothing_to_drill(tag: Option<&str>) -> String {
    match tag {
        Some(tag) => format!("This deck has no active cards tagged {} to drill.\n", safe_line(tag)),
        None => "This deck has no active cards to drill.\n".to_string(),
    }
}

/// What a drill of `cards` cards of `deck` does, and how it ends.
#[must_use]
pub fn drill_intro(cards: usize, deck: &str, style: &Style) -> String {
    let intro = format!(
        "Drilling {} of {}: failed cards come back until recalled. q or Esc ends.",
        count(cards, "card"),
        safe_line(deck)
    );
    prefixed(wrap_without_widows(&intro, style.width), "")
}

/// What a mock of `drawn` questions (`asked` for) asks, with the time each has.
#[must_use]
pub fn mock_intro(drawn: usize, asked: usize, limit: Duration, seed: u64, style: &Style) -> String {
    let fewer = if drawn < asked { " (all the deck has)" } else { "" };
    let intro = format!(
        "Mock interview: {}{fewer}, {} each (seed {seed}). Answer each aloud and press Enter when done; Esc ends the mock.",
        count(drawn, "question"),
        clock_text(limit)
    );
    prefixed(wrap_without_widows(&intro, style.width), "")
}

/// The end of a review or drill: the session's report, then what still waits today.
#[must_use]
pub fn session_report(report: &SessionReport, style: &Style) -> String {
    let mut out = session(&report.summary, &report.before, &report.after, style);
    match &report.then {
        Some(AfterReview::StillWaiting { cards, decks, tag }) => {
            // The same decks as this session, as the user named them.
            let mut again = String::from("prepdeck review");
            for deck in decks {
                again.push(' ');
                again.push_str(&shell_word(deck));
            }
            if let Some(tag) = tag {
                again.push_str(&format!(" --tag {}", shell_word(tag)));
            }
            let are = agreeing(*cards, "is", "are");
            out.push_str(&format!(
                "{} {are} still waiting today: {again}\n",
                count(*cards, "card")
            ));
        }
        Some(AfterReview::NextReview { day, today }) => {
            out.push_str(&format!("Next review: {} ({day}).\n", relative_day(*day, *today)));
        }
        Some(AfterReview::Nothing) | None => {}
    }
    out
}

/// The end-of-session report: cards, grades, time, repeats, readiness before → after.
fn session(summary: &SessionSummary, before: &[DeckReadiness], after: &[DeckReadiness], style: &Style) -> String {
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
        &summary.graded,
        style,
    ));
    out
}

/// The end of a mock interview: each answer's time against the limit and its grade, the
/// deck's readiness before → after, and the seed that repeats the draw.
#[must_use]
pub fn mock_report(report: &MockReport, style: &Style) -> String {
    let summary = &report.summary;
    let (limit, before, after) = (report.limit, &report.before, &report.after);
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
    let graded: Graded = summary
        .answers
        .iter()
        .filter_map(|a| a.grade.map(|g| (a.card, vec![g])))
        .collect();
    out.push_str(&readiness_lines(before, after, "readiness ", &graded, style));
    out.push_str(&format!("Repeat this draw with --seed {}.\n", report.seed));
    out
}

/// The grades each card was given, in order, by card.
type Graded = BTreeMap<CardId, Vec<Grade>>;

/// `1st`, `2nd`, `3rd`, `4th`, … `11th`, `21st`.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// What the user did with a card today, from its grades in order: `failed, then recalled
/// on the 3rd try`.
fn what_happened(grades: &[Grade]) -> Option<String> {
    let (first, last) = (grades.first()?, grades.last()?);
    let opening = if first.value() < 3 {
        "failed"
    } else if first.settled() {
        "recalled"
    } else {
        "recalled with difficulty"
    };
    Some(match grades.len() {
        1 => format!("{opening} today"),
        n if last.settled() => format!("{opening}, then recalled on the {} try", ordinal(n)),
        n => format!("{opening}, not yet recalled after {n} tries"),
    })
}

/// A weak card's estimate in words: a card whose last grade failed counts as not yet
/// learned until its next review (never a bare 0% beside a recall today).
fn estimate(weak: &WeakCard, day: chrono::NaiveDate) -> String {
    if weak.recall <= 0.0 {
        return match weak.due {
            Some(due) => format!(
                "counted as not yet learned until its next review, {}",
                due.format("%a %-d %b")
            ),
            None => "counted as not yet learned".to_string(),
        };
    }
    format!(
        "{:.0}% likely to be recalled on {}",
        weak.recall * 100.0,
        day.format("%a %-d %b")
    )
}

/// `readiness   Acme: 40% → 55%`, one line per deck, and what it means in cards: how many
/// are expected to be recalled on the readiness day, and the weakest few, each with what
/// the user did with it today (`graded`) and its estimate in words.
fn readiness_lines(
    before: &[DeckReadiness],
    after: &[DeckReadiness],
    lead: &str,
    graded: &Graded,
    style: &Style,
) -> String {
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
            out.push_str(&format!("{indent}weakest:\n"));
            let id_width = now
                .weakest
                .iter()
                .map(|w| w.id.to_string().len() + 1)
                .max()
                .unwrap_or(0);
            let lead = format!("{indent}  ");
            let hang = " ".repeat(width(&lead) + id_width + 2);
            let room = style.width.saturating_sub(width(&hang)).max(20);
            for weak in &now.weakest {
                let said = estimate(weak, now.day);
                let text = match graded
                    .get(&crate::domain::CardId(weak.id))
                    .and_then(|g| what_happened(g))
                {
                    Some(today) => format!("{today}; {said}"),
                    None => said,
                };
                let lines = super::wrap(&text, room);
                for (i, line) in lines.iter().enumerate() {
                    if i == 0 {
                        let id = format!("#{}", weak.id);
                        out.push_str(&format!("{lead}{id:<id_width$}  {line}\n"));
                    } else {
                        out.push_str(&format!("{hang}{line}\n"));
                    }
                }
            }
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

    fn weak(id: i64, recall: f64) -> WeakCard {
        WeakCard {
            id,
            front: format!("Question {id}?"),
            recall,
            due: chrono::NaiveDate::from_ymd_opt(2026, 3, 2),
        }
    }

    #[test]
    fn the_session_summary_says_what_readiness_means_in_cards() {
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
                 \x20             weakest:\n\
                 \x20               #12  41% likely to be recalled on Tue 10 Mar\n\
                 \x20               #3   55% likely to be recalled on Tue 10 Mar\n\
                 \x20             all of them, weakest first: prepdeck cards 'Acme Robotics'\n\
                 \x20             --weakest\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_card_failed_then_recalled_today_says_so_instead_of_a_bare_zero() {
        let grade = |g: u8| Grade::new(g).unwrap();
        let before = [readiness(40.0, 12.0, vec![])];
        let after = [readiness(41.0, 12.3, vec![weak(12, 0.0), weak(3, 0.552)])];
        let mut summary = SessionSummary {
            decks: vec![crate::domain::DeckId(1)],
            ..SessionSummary::default()
        };
        summary.graded.insert(CardId(12), vec![grade(1), grade(2), grade(4)]);
        summary.graded.insert(CardId(3), vec![grade(4)]);
        let text = session(&summary, &before, &after, &Style::plain(80));
        assert!(
            text.contains(
                "  weakest:\n\
                 \x20               #12  failed, then recalled on the 3rd try; counted as not yet\n\
                 \x20                    learned until its next review, Mon 2 Mar\n\
                 \x20               #3   recalled today; 55% likely to be recalled on Tue 10 Mar\n"
            ),
            "{text}"
        );
        assert!(!text.contains("0%)"), "{text}");
    }

    #[test]
    fn what_the_user_did_today_reads_in_words() {
        let grades = |gs: &[u8]| gs.iter().map(|g| Grade::new(*g).unwrap()).collect::<Vec<_>>();
        assert_eq!(
            what_happened(&grades(&[1, 4])).unwrap(),
            "failed, then recalled on the 2nd try"
        );
        assert_eq!(
            what_happened(&grades(&[3, 2, 5])).unwrap(),
            "recalled with difficulty, then recalled on the 3rd try"
        );
        assert_eq!(
            what_happened(&grades(&[0, 1])).unwrap(),
            "failed, not yet recalled after 2 tries"
        );
        assert_eq!(what_happened(&grades(&[5])).unwrap(), "recalled today");
        assert_eq!(what_happened(&[]), None);
        assert_eq!(
            [1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal),
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"
            ]
        );
    }
}

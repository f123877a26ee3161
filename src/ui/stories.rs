//! Stories on screen: the `story list` table, one story in full, and the similar questions
//! elsewhere that `show`, `answer` and `story new` offer.

use super::table::Table;
use super::{Style, Tone, prefixed, safe, truncate, wrap};
use crate::domain::Suggestion;
use crate::domain::{Card, Story};

/// A story with the cards it is linked to.
pub struct StoryWithCards<'a> {
    pub story: &'a Story,
    pub cards: &'a [Card],
}

/// `story list`: each story, how many questions in how many decks it answers.
#[must_use]
pub fn list(stories: &[StoryWithCards<'_>], style: &Style) -> String {
    let mut table = Table::new(&["STORY", "QUESTIONS", "DECKS", "UPDATED"])
        .right(1)
        .right(2)
        .flex(0);
    for entry in stories {
        let mut decks: Vec<&str> = entry.cards.iter().map(|c| c.deck.as_str()).collect();
        decks.sort_unstable();
        decks.dedup();
        table.row(vec![
            safe(&entry.story.name).into_owned().into(),
            entry.cards.len().to_string().into(),
            decks.len().to_string().into(),
            entry.story.updated_at.get(..10).unwrap_or_default().to_string().into(),
        ]);
    }
    table.render(style)
}

/// One story in full: its text and the questions it answers.
#[must_use]
pub fn full(entry: &StoryWithCards<'_>, style: &Style) -> String {
    let width = style.width.saturating_sub(4).max(20);
    let mut out = format!(
        "{}\n",
        style.paint(&format!("story “{}”", safe(&entry.story.name)), Tone::Bold)
    );
    let body = entry.story.body.trim();
    if body.is_empty() {
        out.push_str("  (no text yet: prepdeck story edit NAME)\n");
    } else {
        out.push_str(&prefixed(wrap(&safe(body), width), "  "));
    }
    if entry.cards.is_empty() {
        out.push_str(&format!(
            "{}\n  none yet: prepdeck story link {} CARD...\n",
            style.paint("answers", Tone::Dim),
            super::shell_word(&entry.story.name)
        ));
    } else {
        out.push_str(&format!("{}\n", style.paint("answers", Tone::Dim)));
        for card in entry.cards {
            out.push_str(&question_line(card, style.width));
        }
    }
    out
}

/// `  #12 Acme Robotics  How would you …?`, cut to the width.
fn question_line(card: &Card, width: usize) -> String {
    let lead = format!("  #{} {}  ", card.id, truncate(&safe(&card.deck), 24));
    let room = width.saturating_sub(super::width(&lead)).max(20);
    format!("{lead}{}\n", truncate(&safe(&card.item_text), room))
}

/// Similar questions elsewhere, each with what it already has (an answer, stories), under
/// `title`; empty when there are none.
#[must_use]
pub fn similar(title: &str, found: &[Suggestion], style: &Style) -> String {
    if found.is_empty() {
        return String::new();
    }
    let mut out = format!("{}\n", style.paint(title, Tone::Dim));
    for suggestion in found {
        let card = &suggestion.card;
        out.push_str(&question_line(card, style.width));
        let mut has: Vec<String> = card
            .stories
            .iter()
            .map(|s| format!("story “{}”", safe(&s.name)))
            .collect();
        if !card.answer.trim().is_empty() {
            has.push(format!("its answer: {}", safe(card.answer.trim())));
        }
        if has.is_empty() {
            has.push("no answer yet".to_string());
        }
        let line = truncate(&has.join(" · "), style.width.saturating_sub(6).max(20));
        out.push_str(&format!("      {}\n", style.paint(&line, Tone::Dim)));
    }
    out
}

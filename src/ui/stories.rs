//! Stories on screen: the `story list` table, one story in full, a story written, edited,
//! renamed, removed, linked or unlinked, and the similar questions elsewhere that `show`,
//! `answer` and `story new` offer.

use super::table::Table;
use super::{Style, Tone, card_ids, count, prefixed, safe, shell_word, truncate, wrap};
use crate::domain::{Card, Suggestion};
use crate::report::Renamed;
use crate::report::stories::{StoryEdited, StoryLinks, StoryList, StoryRemoval, StoryShown, StoryWritten};

/// `story list`: each story, how many questions in how many decks it answers.
#[must_use]
pub fn list(list: &StoryList, style: &Style) -> String {
    if list.stories.is_empty() {
        return "No stories yet. Write one: prepdeck story new NAME\n".to_string();
    }
    let mut table = Table::new(&["STORY", "QUESTIONS", "DECKS", "UPDATED"])
        .right(1)
        .right(2)
        .flex(0);
    for entry in &list.stories {
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
pub fn full(entry: &StoryShown, style: &Style) -> String {
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
        for card in &entry.cards {
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

/// `story new`: the story saved (under the next free name when its own was taken), and
/// the questions it may answer, with the command that links them.
#[must_use]
pub fn written(written: &StoryWritten, style: &Style) -> String {
    let name = &written.name;
    let mut out = match &written.taken {
        None => format!("story “{}” saved\n", safe(name)),
        Some(asked) => format!(
            "story “{}” saved (“{}” was taken while the editor was open)\n",
            safe(name),
            safe(asked)
        ),
    };
    if !written.may_answer.is_empty() {
        out.push_str(&similar("questions it may answer", &written.may_answer, style));
        let ids: Vec<String> = written.may_answer.iter().map(|s| s.card.id.to_string()).collect();
        out.push_str(&format!(
            "link them: prepdeck story link {} {}\n",
            shell_word(name),
            ids.join(" ")
        ));
    }
    out
}

/// `story edit`: whether story `name` changed.
#[must_use]
pub fn edited(name: &str, edited: StoryEdited) -> String {
    match edited {
        StoryEdited::Saved => format!("story “{}” saved\n", safe(name)),
        StoryEdited::SavedAboveAnother => format!(
            "story “{}” saved; the text written elsewhere meanwhile is kept below it\n",
            safe(name)
        ),
        StoryEdited::Unchanged => format!("story “{}” unchanged\n", safe(name)),
    }
}

/// `story rename`.
#[must_use]
pub fn renamed(renamed: &Renamed) -> String {
    format!("renamed story “{}” to “{}”\n", safe(&renamed.old), safe(&renamed.new))
}

/// What removing a story takes and what it leaves, as the question (`done` false) or the
/// report says it: the cards that show it, and those without an answer of their own,
/// which keep the story's text as their answer.
#[must_use]
pub fn removal(removal: &StoryRemoval, done: bool) -> String {
    let story = format!("story “{}”", safe(&removal.name));
    let (shown_by, bare) = (&removal.shown_by, &removal.bare);
    if shown_by.is_empty() {
        return format!("{story} (linked to no card)");
    }
    let show = match (done, shown_by.len()) {
        (false, 1) => "shows",
        (false, _) => "show",
        (true, _) => "showed",
    };
    let shown = format!("{} {show} it: {}", count(shown_by.len(), "card"), card_ids(shown_by));
    if bare.is_empty() {
        let (own, stays) = if shown_by.len() == 1 {
            ("its own answer", "stays")
        } else {
            ("their own answers", "stay")
        };
        return format!("{story} ({shown}; {own} {stays})");
    }
    let (its, keep) = match (bare.len(), done) {
        (1, false) => ("its", "keeps"),
        (1, true) => ("its", "kept"),
        (_, false) => ("their", "keep"),
        (_, true) => ("their", "kept"),
    };
    let kept_own = match shown_by.len().saturating_sub(bare.len()) {
        0 => "",
        1 => "; the other card's own answer stays",
        _ => "; the other cards' own answers stay",
    };
    format!(
        "{story} ({shown}; {} without {its} own answer {keep} the story's text as {its} answer: {}{kept_own})",
        count(bare.len(), "card"),
        card_ids(bare)
    )
}

/// `story link` or `unlink`: the cards the story now answers, or no longer does.
#[must_use]
pub fn links(links: &StoryLinks) -> String {
    let name = safe(&links.name);
    if links.linking {
        return format!(
            "linked story “{name}” to {} ({} new)\n",
            card_ids(&links.cards),
            links.changed
        );
    }
    if links.changed == 0 {
        return format!("story “{name}” was not linked to {}\n", card_ids(&links.cards));
    }
    format!("unlinked story “{name}” from {}\n", count(links.changed, "card"))
}

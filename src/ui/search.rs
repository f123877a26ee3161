//! Search results on screen (`cards --search`): each card, best first, with its item and
//! a line from each other place the words were found (its back, the answer, the
//! document's context, a linked story), the matching words marked when colour is on.

use chrono::NaiveDate;

use super::{Style, Tone, safe_line, truncate, width};
use crate::domain::{Card, SearchTerms};
use crate::wording::count;

/// Lines shown for one card besides its item, at most.
const EXTRA_LINES: usize = 2;

/// The indent of a card's lines under its heading.
const INDENT: &str = "     ";

/// The cards found, best first.
#[must_use]
pub fn results(cards: &[&Card], terms: &SearchTerms, show_deck: bool, today: NaiveDate, style: &Style) -> String {
    let mut out = format!("{} found, best first:\n", count(cards.len(), "card"));
    let room = style.width.saturating_sub(width(INDENT)).max(20);
    for card in cards {
        let mut heading = vec![style.paint(&format!("#{:<4}", card.id.0), Tone::Accent)];
        if show_deck {
            heading.push(truncate(&safe_line(&card.deck), 24));
        }
        heading.push(card.kind.to_string());
        heading.push(card.state().to_string());
        if let Some(due) = card.progress.due.filter(|_| card.state().is_active()) {
            heading.push(if due <= today {
                style.paint(&format!("due {due}"), Tone::Warn)
            } else {
                format!("due {due}")
            });
        }
        if card.is_edited() {
            heading.push("edited".to_string());
        }
        if !card.tags.is_empty() {
            let tags: Vec<String> = card.tags.iter().map(|t| safe_line(t).into_owned()).collect();
            heading.push(style.paint(&format!("tagged {}", tags.join(", ")), Tone::Dim));
        }
        // The id column is painted whole; the rest joined as the session's header is.
        let (id, rest) = heading
            .split_first()
            .map_or((String::new(), &[][..]), |(id, rest)| (id.clone(), rest));
        out.push_str(&format!("{id} {}\n", rest.join(" · ")));
        let item = card.item();
        out.push_str(&format!(
            "{INDENT}{}\n",
            mark(&snippet(item, terms, room), terms, style)
        ));
        let in_item = terms.found_in(item);
        let mut missing: Vec<&str> = terms
            .terms()
            .iter()
            .map(String::as_str)
            .filter(|t| !in_item.contains(t))
            .collect();
        let mut shown = 0;
        for (label, text) in places(card) {
            if missing.is_empty() || shown == EXTRA_LINES {
                break;
            }
            let here = terms.found_in(&text);
            if !missing.iter().any(|t| here.contains(t)) {
                continue;
            }
            missing.retain(|t| !here.contains(t));
            let lead = format!("{label}: ");
            let line = snippet(&text, terms, room.saturating_sub(width(&lead)).max(10));
            out.push_str(&format!(
                "{INDENT}{}{}\n",
                style.paint(&lead, Tone::Dim),
                mark(&line, terms, style)
            ));
            shown += 1;
        }
    }
    out
}

/// The places besides its item where a card's words are, labelled, in the order the rank
/// weighs them: front, back, the user's answer, context and section, linked stories.
fn places(card: &Card) -> Vec<(String, String)> {
    let item = card.item();
    let mut places = Vec::new();
    for (label, text) in [("front", card.front()), ("back", card.given_back())] {
        if text.trim() != item.trim() && !text.trim().is_empty() {
            places.push((label.to_string(), text));
        }
    }
    if !card.answer.trim().is_empty() {
        let label = if card.kind.back_is_answer() {
            "your answer"
        } else {
            "your notes"
        };
        places.push((label.to_string(), card.answer.clone()));
    }
    for (label, text) in [("context", &card.context), ("section", &card.section)] {
        if !text.trim().is_empty() {
            places.push((label.to_string(), text.clone()));
        }
    }
    for story in &card.stories {
        places.push((
            format!("story “{}”", truncate(&safe_line(&story.name), 24)),
            story.body.clone(),
        ));
    }
    places
}

/// `text` on one line, cut to `room` columns around its first matching word (a little of
/// what comes before it kept, `…` where it was cut).
fn snippet(text: &str, terms: &SearchTerms, room: usize) -> String {
    let flat = safe_line_flat(text);
    if width(&flat) <= room {
        return flat;
    }
    let first = terms.matches_in(&flat).first().map_or(0, |&(start, _)| start);
    // A quarter of the room before the match, from the start of a word; more when what
    // follows the match leaves room to spare.
    let lead = (room / 4).max(room.saturating_sub(width(&flat[first..]) + 2));
    let mut start = first;
    for (at, _) in flat[..first].char_indices().rev() {
        if width(&flat[at..first]) > lead {
            break;
        }
        start = at;
    }
    if start > 0 {
        start = flat[start..first]
            .find(' ')
            .map_or(start, |space| start + space + 1)
            .min(first);
    }
    let cut = if start == 0 {
        flat.clone()
    } else {
        format!("…{}", &flat[start..])
    };
    truncate(&cut, room)
}

/// Text on one line: controls stripped, runs of white space as one space.
fn safe_line_flat(text: &str) -> String {
    super::safe(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` with its matching words painted, when colour is on.
fn mark(text: &str, terms: &SearchTerms, style: &Style) -> String {
    if !style.color {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in terms.matches_in(text) {
        out.push_str(&text[at..start]);
        out.push_str(&style.paint(&text[start..end], Tone::Match));
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_keeps_the_match_in_view() {
        let terms = SearchTerms::parse("coalescing").unwrap();
        let text = "The cache stampede at Orbit taught us a lot; in the end we added request coalescing \
                    in front of the ledger and the alerts went quiet for good.";
        let cut = snippet(text, &terms, 40);
        assert!(cut.contains("coalescing"), "{cut}");
        assert!(cut.starts_with('…') && cut.ends_with('…'), "{cut}");
        assert!(width(&cut) <= 40, "{cut}");
        assert_eq!(snippet("short one", &terms, 40), "short one");
    }

    #[test]
    fn matching_words_are_painted_only_with_colour() {
        let terms = SearchTerms::parse("cach").unwrap();
        let colour = Style {
            color: true,
            ..Style::plain(80)
        };
        assert_eq!(
            mark("A Cache, cached.", &terms, &colour),
            format!(
                "A {}, {}.",
                colour.paint("Cache", Tone::Match),
                colour.paint("cached", Tone::Match)
            )
        );
        assert_eq!(mark("A Cache.", &terms, &Style::plain(80)), "A Cache.");
    }
}

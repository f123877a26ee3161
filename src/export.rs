//! Writing cards for other tools: Anki's plain-text import format, CSV for spreadsheets,
//! and a printable markdown prep sheet. Pure: cards in, text out.

use chrono::NaiveDate;

use crate::domain::Card;
use crate::domain::Kind;
use crate::schedule::Rules;
use crate::schedule::fsrs::Model;

/// Anki's text import with file headers: tab-separated, HTML fields, one Basic note per
/// card in deck `prepdeck::<Company>`, tagged with its kind, and a GUID column so that a
/// newer export updates the notes it made before instead of duplicating them.
#[must_use]
pub fn anki(cards: &[Card]) -> String {
    let mut out = String::from(
        "#separator:tab\n#html:true\n#notetype:Basic\n#deck column:1\n#guid column:2\n#tags column:5\n#columns:Deck\tGUID\tFront\tBack\tTags\n",
    );
    for card in cards {
        let deck = format!("prepdeck::{}", card.deck.replace("::", ":"));
        let mut back = html(&card.back());
        let notes = if card.kind.back_is_answer() {
            ""
        } else {
            card.answer.as_str()
        };
        for extra in [notes, card.context.as_str()] {
            if !extra.trim().is_empty() {
                back.push_str(&format!("<br><br><i>{}</i>", html(extra)));
            }
        }
        let tags = format!("prepdeck {}", card.kind.as_str());
        let fields = [
            deck.as_str(),
            &format!("prepdeck-{}", card.guid),
            &html(&card.front()),
            &back,
            &tags,
        ];
        let line: Vec<String> = fields.iter().map(|f| anki_field(f)).collect();
        out.push_str(&line.join("\t"));
        out.push('\n');
    }
    out
}

/// Text as an HTML field: `&`, `<`, `>` escaped, line breaks as `<br>`.
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Quotes a field the way Anki's importer reads quoted fields: wrapped in double quotes,
/// inner quotes doubled, whenever it holds a tab, a quote or a line break (or starts with
/// a quote, which Anki would otherwise take as an opening quote).
fn anki_field(field: &str) -> String {
    if field.contains(['\t', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 17] = [
    "id",
    "guid",
    "deck",
    "kind",
    "section",
    "front",
    "back",
    "answer",
    "state",
    "ease",
    "interval",
    "repetitions",
    "lapses",
    "reviews",
    "due",
    "last_reviewed",
    "interview",
];

/// One row per card with its schedule (RFC 4180, by the csv crate).
pub fn csv(cards: &[Card]) -> Result<String, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(CSV_HEADER)?;
    for card in cards {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        writer.write_record([
            card.id.to_string(),
            card.guid.clone(),
            card.deck.clone(),
            card.kind.to_string(),
            card.section.clone(),
            card.front(),
            card.back(),
            card.answer.clone(),
            card.state().to_string(),
            card.progress.sm2.ease.to_string(),
            card.progress.sm2.interval.to_string(),
            card.progress.sm2.repetitions.to_string(),
            card.progress.lapses.to_string(),
            card.reviews.to_string(),
            date(card.progress.due),
            date(card.progress.last_reviewed),
            date(card.interview),
        ])?;
    }
    let bytes = writer.into_inner().map_err(csv::IntoInnerError::into_error)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A printable prep sheet for one deck: questions with your answers, talking points,
/// questions to ask, and the skills table, each weakest first.
#[must_use]
pub fn prep_sheet(
    deck: &str,
    interview: Option<NaiveDate>,
    readiness: f64,
    cards: &[Card],
    today: NaiveDate,
    model: &Model,
) -> String {
    let mut out = format!("# {} — interview prep sheet\n\n", md_inline(deck));
    match interview {
        Some(day) => out.push_str(&format!(
            "Interview: **{}** ({} days away) · readiness {readiness:.0}% · printed {today}\n",
            day.format("%A %-d %B %Y"),
            (day - today).num_days()
        )),
        None => out.push_str(&format!(
            "No interview date set · readiness {readiness:.0}% · printed {today}\n"
        )),
    }
    let weakest_first = |kind: Kind| {
        let mut of_kind: Vec<&Card> = cards.iter().filter(|c| c.kind == kind).collect();
        of_kind.sort_by(|a, b| {
            Rules::of(a, model)
                .recall_estimate(&a.progress, today)
                .total_cmp(&Rules::of(b, model).recall_estimate(&b.progress, today))
                .then(b.progress.lapses.cmp(&a.progress.lapses))
                .then(a.position.cmp(&b.position))
        });
        of_kind
    };
    let questions = weakest_first(Kind::Question);
    if !questions.is_empty() {
        out.push_str("\n## Questions they may ask\n");
        for (i, card) in questions.iter().enumerate() {
            out.push_str(&format!("\n### {}. {}\n\n", i + 1, md_inline(&card.front())));
            if card.answer.trim().is_empty() {
                out.push_str("_No prepared answer yet._\n");
            } else {
                out.push_str(&format!("{}\n", md_block(&card.answer)));
            }
            if !card.context.is_empty() {
                out.push_str(&format!("\n> {}\n", md_inline(&card.context).replace('\n', "\n> ")));
            }
        }
    }
    let points = weakest_first(Kind::TalkingPoint);
    if !points.is_empty() {
        out.push_str("\n## Talking points\n\n");
        for card in points {
            out.push_str(&format!("- {}\n", md_inline(&card.text().back)));
            if !card.answer.trim().is_empty() {
                out.push_str(&format!("  - {}\n", md_inline(&card.answer)));
            }
        }
    }
    let asks = weakest_first(Kind::Ask);
    if !asks.is_empty() {
        out.push_str("\n## Questions to ask\n");
        let mut sections: Vec<&str> = Vec::new();
        for card in &asks {
            if !sections.contains(&card.section.as_str()) {
                sections.push(&card.section);
            }
        }
        for section in sections {
            out.push_str(&format!("\n**{}**\n\n", md_inline(section)));
            for card in asks.iter().filter(|c| c.section == section) {
                out.push_str(&format!("- {}\n", md_inline(&card.text().back)));
            }
        }
    }
    let skills = weakest_first(Kind::SkillMap);
    if !skills.is_empty() {
        out.push_str(
            "\n## Skills to requirements\n\n| Their requirement | Your skill and talking point |\n|---|---|\n",
        );
        for card in skills {
            out.push_str(&format!(
                "| {} | {} |\n",
                md_cell(&card.front()),
                md_cell(&card.text().back)
            ));
        }
    }
    let topics = weakest_first(Kind::Topic);
    if !topics.is_empty() {
        out.push_str("\n## Concepts to review\n\n");
        for card in topics {
            let notes = if card.answer.trim().is_empty() {
                String::new()
            } else {
                format!(": {}", md_inline(&card.answer))
            };
            out.push_str(&format!("- {}{notes}\n", md_inline(&card.item_text)));
        }
    }
    out
}

/// Text that must not start markdown structure inside a line: `<`, `*`, `_`, `` ` ``, `[`,
/// `#` at the start and backslashes are escaped.
fn md_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// A multi-line answer: each line escaped, paragraphs kept.
fn md_block(text: &str) -> String {
    text.lines().map(md_inline).collect::<Vec<_>>().join("  \n")
}

/// A table cell: escaped, on one line.
fn md_cell(text: &str) -> String {
    md_inline(&text.replace('\n', " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anki_fields_survive_tabs_quotes_newlines_and_markup() {
        assert_eq!(anki_field("plain"), "plain");
        assert_eq!(anki_field("a\tb"), "\"a\tb\"");
        assert_eq!(anki_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(html("<b>R&D</b>\nnext"), "&lt;b&gt;R&amp;D&lt;/b&gt;<br>next");
    }

    #[test]
    fn markdown_escapes_what_would_become_markup() {
        assert_eq!(
            md_inline("use *args and a|b [link]"),
            "use \\*args and a\\|b \\[link\\]"
        );
    }
}

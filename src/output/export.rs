//! Writing cards for other tools: Anki's plain-text import format, CSV for spreadsheets,
//! and a printable markdown prep sheet. Pure: cards in, text out.

use chrono::NaiveDate;

use crate::domain::{Card, DocumentNote, Kind, NoteTopic, StoryText};
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
        let notes = if card.kind.back_is_answer() {
            ""
        } else {
            card.answer.as_str()
        };
        // The back, then notes and context in italics, a blank line between those present.
        let mut parts = Vec::new();
        if !card.back().trim().is_empty() {
            parts.push(rich_html(&card.back()));
        }
        for extra in [notes, card.context.as_str()] {
            if !extra.trim().is_empty() {
                parts.push(format!("<i>{}</i>", html(extra)));
            }
        }
        let back = parts.join("<br><br>");
        // Tags are single words, as Anki's are: the kind's, then the card's own.
        let mut tags = format!("prepdeck {}", card.kind.as_str());
        for tag in &card.tags {
            tags.push(' ');
            tags.push_str(tag);
        }
        let fields = [
            deck.as_str(),
            &format!("prepdeck-{}", card.guid),
            &rich_html(&card.front()),
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

/// A card's text as HTML: markdown (a question bank's answer with code, lists, tables)
/// rendered as HTML, so that code and tables survive in Anki; other text escaped with its
/// line breaks. Raw HTML that could run code is shown as text.
fn rich_html(text: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    if !crate::domain::text::looks_like_markdown(text) {
        return html(text);
    }
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(text, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) if is_active_html(&raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::with_capacity(text.len() * 2);
    pulldown_cmark::html::push_html(&mut out, events);
    out.trim_end().to_string()
}

/// HTML that runs or embeds something: scripts, frames, objects, event handlers.
fn is_active_html(raw: &str) -> bool {
    let lower = raw.to_ascii_lowercase();
    [
        "<script",
        "<iframe",
        "<object",
        "<embed",
        "<style",
        "javascript:",
        "<link",
        "<meta",
        "<form",
    ]
    .iter()
    .any(|t| lower.contains(t))
        || lower.split_whitespace().any(|w| w.starts_with("on") && w.contains('='))
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
pub const CSV_HEADER: [&str; 19] = [
    "id",
    "guid",
    "deck",
    "kind",
    "section",
    "front",
    "back",
    "answer",
    "context",
    "state",
    "ease",
    "interval",
    "repetitions",
    "lapses",
    "reviews",
    "due",
    "last_reviewed",
    "interview",
    "tags",
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
            card.context.clone(),
            card.state().to_string(),
            card.progress.sm2.ease.to_string(),
            card.progress.sm2.interval.to_string(),
            card.progress.sm2.repetitions.to_string(),
            card.progress.lapses.to_string(),
            card.reviews.to_string(),
            date(card.progress.due),
            date(card.progress.last_reviewed),
            date(card.interview),
            card.tags.join(" "),
        ])?;
    }
    let bytes = writer.into_inner().map_err(csv::IntoInnerError::into_error)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// What a prep sheet is printed from.
#[derive(Debug, Clone, Copy)]
pub struct SheetInput<'a> {
    pub deck: &'a str,
    pub interview: Option<NaiveDate>,
    /// The deck's readiness, 0–100.
    pub readiness: f64,
    /// The deck's cards that are not retired, suspended ones included.
    pub cards: &'a [Card],
    /// The documents' keywords, mission and values.
    pub notes: &'a [DocumentNote],
    /// Print suspended cards too (`--all`), marked as such.
    pub include_suspended: bool,
    pub today: NaiveDate,
    /// FSRS's parameters, for the recall estimates of decks it schedules.
    pub model: &'a Model,
}

/// Below this recall estimate for the interview day (today when there is none), a card
/// that has been reviewed is marked weak on the sheet.
const WEAK_RECALL: f64 = 0.7;

/// A printable prep sheet for one deck, the page to read in the lobby: the keywords to
/// work in, the company's mission and values, then every card kind in document order
/// with stable numbers (weak and unpractised ones marked, never reordered), every note
/// the user wrote, and the questions still without an answer listed compactly.
#[must_use]
pub fn prep_sheet(input: &SheetInput<'_>) -> String {
    let sheet = Sheet::of(input);
    let mut out = heading(input);
    out.push_str(&sheet.legend(input.today));
    out.push_str(&document_notes(input.notes));
    let questions = sheet.of_kind(Kind::Question);
    out.push_str(&sheet.questions(&questions));
    let told_elsewhere: Vec<&Card> = [Kind::TalkingPoint, Kind::SkillMap]
        .into_iter()
        .flat_map(|kind| sheet.of_kind(kind))
        .map(|(_, card)| card)
        .filter(|card| !card.stories.is_empty())
        .collect();
    push_stories(&mut out, &questions, &told_elsewhere);
    out.push_str(&sheet.talking_points());
    out.push_str(&sheet.asks());
    out.push_str(&sheet.skills());
    out.push_str(&sheet.topics());
    out
}

/// The sheet's title, and the interview with the deck's readiness.
fn heading(input: &SheetInput<'_>) -> String {
    let SheetInput {
        deck,
        interview,
        readiness,
        today,
        ..
    } = *input;
    let mut out = format!("# {} — interview prep sheet\n\n", md_inline(deck));
    match interview {
        // Readiness is measured for the interview while it is ahead, and for today after it.
        Some(day) if day < today => out.push_str(&format!(
            "Interview was **{}** ({}) · readiness today {readiness:.0}% · printed {today}\n",
            day.format("%A %-d %B %Y"),
            crate::ui::relative_day(day, today)
        )),
        Some(day) => out.push_str(&format!(
            "Interview: **{}** ({}) · readiness {readiness:.0}% · printed {today}\n",
            day.format("%A %-d %B %Y"),
            crate::ui::relative_day(day, today)
        )),
        None => out.push_str(&format!(
            "No interview date set · readiness {readiness:.0}% · printed {today}\n"
        )),
    }
    out
}

/// The documents' keywords on one line, and their mission and values as lists.
fn document_notes(notes: &[DocumentNote]) -> String {
    let mut out = String::new();
    for note in notes.iter().filter(|n| n.topic == NoteTopic::Keywords) {
        let words: Vec<String> = note.entries.iter().map(|e| md_inline(&e.text)).collect();
        out.push_str(&format!("\n## {}\n\n{}\n", md_inline(&note.heading), words.join(" · ")));
    }
    for note in notes.iter().filter(|n| n.topic == NoteTopic::Values) {
        out.push_str(&format!("\n## {}\n\n", md_inline(&note.heading)));
        for entry in &note.entries {
            out.push_str(&format!("{}- {}\n", "  ".repeat(entry.depth), md_inline(&entry.text)));
        }
    }
    out
}

/// The cards a sheet prints, in document order, with what marks them.
struct Sheet<'a> {
    /// Every card that is not retired: numbers stay the same whether or not suspended
    /// cards are printed, and from one printing to the next.
    cards: Vec<&'a Card>,
    include_suspended: bool,
    /// The day recall is estimated for: the interview while it is ahead, else today.
    target: NaiveDate,
    model: &'a Model,
}

impl<'a> Sheet<'a> {
    fn of(input: &SheetInput<'a>) -> Sheet<'a> {
        let mut cards: Vec<&Card> = input.cards.iter().filter(|c| !c.retired).collect();
        cards.sort_by_key(|c| (c.position, c.id));
        Sheet {
            cards,
            include_suspended: input.include_suspended,
            target: input.interview.filter(|d| *d >= input.today).unwrap_or(input.today),
            model: input.model,
        }
    }

    /// The printed cards of `kind`, each with its number among all the deck's cards of
    /// that kind.
    fn of_kind(&self, kind: Kind) -> Vec<(usize, &'a Card)> {
        self.cards
            .iter()
            .filter(|c| c.kind == kind)
            .enumerate()
            .map(|(i, c)| (i + 1, *c))
            .filter(|(_, c)| self.include_suspended || !c.suspended)
            .collect()
    }

    fn mark(&self, card: &Card) -> &'static str {
        mark(card, self.target, self.model)
    }

    /// What the marks mean, when any card carries one: cards not practised yet, and weak
    /// ones.
    fn legend(&self, today: NaiveDate) -> String {
        let printed: Vec<&&Card> = self
            .cards
            .iter()
            .filter(|c| self.include_suspended || !c.suspended)
            .collect();
        let unpractised = printed.iter().filter(|c| c.is_new()).count();
        let weak = printed.iter().any(|c| !self.mark(c).is_empty() && !c.suspended);
        if unpractised == 0 && !weak {
            return String::new();
        }
        let mut line = Vec::new();
        if unpractised > 0 {
            line.push(format!(
                "Not practised yet: {unpractised} of {}.",
                crate::ui::count(printed.len(), "card")
            ));
        }
        if weak {
            let day = if self.target == today {
                "today"
            } else {
                "on the interview day"
            };
            line.push(format!("**(weak)**: practised, but likely forgotten {day}."));
        }
        format!("\n{}\n", line.join(" "))
    }

    /// The questions: each prepared or answered by the document in full (with its answer,
    /// stories and context), then those with no answer yet, listed compactly.
    fn questions(&self, questions: &[(usize, &Card)]) -> String {
        if questions.is_empty() {
            return String::new();
        }
        let mut out = String::from("\n## Questions they may ask\n");
        // A question with the document's answer (a question bank) is printed with it.
        let has_given = |c: &Card| !c.given_back().trim().is_empty();
        let (answered, unanswered): (Vec<_>, Vec<_>) =
            questions.iter().partition(|(_, c)| c.is_answered() || has_given(c));
        let prepared = answered.iter().filter(|(_, c)| c.is_answered()).count();
        let storied = answered.iter().filter(|(_, c)| !c.stories.is_empty()).count();
        let given = answered.iter().filter(|(_, c)| has_given(c)).count();
        out.push_str(&format!(
            "\nPrepared: {} of {}{}.{}\n",
            prepared,
            crate::ui::count(questions.len(), "question"),
            if storied > 0 {
                format!(" ({storied} by a story)")
            } else {
                String::new()
            },
            if given > 0 {
                format!(" The document answers {given}.")
            } else {
                String::new()
            }
        ));
        for (number, card) in &answered {
            out.push_str(&self.question(*number, card));
        }
        if !unanswered.is_empty() {
            out.push_str(&format!("\n### No answer prepared yet ({})\n\n", unanswered.len()));
            let lines: Vec<String> = unanswered
                .iter()
                .map(|(number, card)| format!("{number}\\. {}{}", md_inline(&card.front()), self.mark(card)))
                .collect();
            // Hard line breaks, and escaped numbers that no renderer renumbers.
            out.push_str(&lines.join("  \n"));
            out.push('\n');
        }
        out
    }

    /// One question in full: its number and title, the rest of its prompt, the
    /// document's answer, the user's answer, its stories and its context.
    fn question(&self, number: usize, card: &Card) -> String {
        let mut out = String::new();
        let front = card.front();
        let (title, prompt) = front.split_once('\n').unwrap_or((front.as_str(), ""));
        out.push_str(&format!("\n### {number}. {}{}\n\n", md_inline(title), self.mark(card)));
        if !prompt.trim().is_empty() {
            out.push_str(&format!("{}\n\n", prompt.trim()));
        }
        let given_back = card.given_back();
        if !given_back.trim().is_empty() {
            // The document's answer is markdown already: kept as written.
            out.push_str(&format!("{}\n", given_back.trim()));
        }
        let answered = !card.answer.trim().is_empty();
        if answered {
            if !given_back.trim().is_empty() {
                out.push_str("\n**Your answer:**\n\n");
            }
            out.push_str(&format!("{}\n", md_block(&card.answer)));
        }
        for (i, story) in card.stories.iter().enumerate() {
            // A blank line between paragraphs, not after the heading's own.
            let gap = if answered || !given_back.trim().is_empty() || i > 0 {
                "\n"
            } else {
                ""
            };
            out.push_str(&format!(
                "{gap}Story: **{}** (under Your stories)\n",
                md_inline(&story.name)
            ));
        }
        if !card.context.is_empty() {
            out.push_str(&format!("\n> {}\n", md_inline(&card.context).replace('\n', "  \n> ")));
        }
        out
    }

    /// The talking points, each with the user's notes under it.
    fn talking_points(&self) -> String {
        let points = self.of_kind(Kind::TalkingPoint);
        if points.is_empty() {
            return String::new();
        }
        let mut out = String::from("\n## Talking points\n\n");
        for (_, card) in &points {
            out.push_str(&format!("- {}{}\n", md_inline(&card.given_back()), self.mark(card)));
            push_notes(&mut out, card);
        }
        out
    }

    /// The questions to ask, under their sections, each with the user's notes.
    fn asks(&self) -> String {
        let asks = self.of_kind(Kind::Ask);
        if asks.is_empty() {
            return String::new();
        }
        let mut out = String::from("\n## Questions to ask\n");
        let mut sections: Vec<&str> = Vec::new();
        for (_, card) in &asks {
            if !sections.contains(&card.section.as_str()) {
                sections.push(&card.section);
            }
        }
        for section in sections {
            out.push_str(&format!("\n**{}**\n\n", md_inline(section)));
            for (_, card) in asks.iter().filter(|(_, c)| c.section == section) {
                out.push_str(&format!("- {}{}\n", md_inline(&card.given_back()), self.mark(card)));
                push_notes(&mut out, card);
            }
        }
        out
    }

    /// Their requirements against the user's skills, as a table (with the user's notes
    /// when any card has them).
    fn skills(&self) -> String {
        let skills = self.of_kind(Kind::SkillMap);
        if skills.is_empty() {
            return String::new();
        }
        let mut out = String::new();
        let with_notes = skills.iter().any(|(_, c)| !c.answer.trim().is_empty());
        out.push_str("\n## Skills to requirements\n\n| Their requirement | Your skill and talking point |");
        out.push_str(if with_notes {
            " Your notes |\n|---|---|---|\n"
        } else {
            "\n|---|---|\n"
        });
        for (_, card) in &skills {
            let mut stories = String::new();
            for story in &card.stories {
                stories.push_str(&format!(" · story: **{}**", md_cell(&story.name)));
            }
            out.push_str(&format!(
                "| {}{} | {}{stories} |",
                md_cell(card.item()),
                self.mark(card),
                md_cell(&card.given_back())
            ));
            if with_notes {
                out.push_str(&format!(" {} |", md_cell(&card.answer)));
            }
            out.push('\n');
        }
        out
    }

    /// The concepts to review, each with the user's notes.
    fn topics(&self) -> String {
        let topics = self.of_kind(Kind::Topic);
        if topics.is_empty() {
            return String::new();
        }
        let mut out = String::from("\n## Concepts to review\n\n");
        for (_, card) in &topics {
            let notes = if card.answer.trim().is_empty() {
                String::new()
            } else {
                format!(": {}", md_inline(&card.answer).replace('\n', " "))
            };
            out.push_str(&format!("- {}{}{notes}\n", md_inline(card.item()), self.mark(card)));
        }
        out
    }
}

/// "Your stories": each story the deck's cards show, once, with its text, the numbers of
/// the questions it answers here, and how many talking points and requirements it backs.
fn push_stories(out: &mut String, questions: &[(usize, &Card)], others: &[&Card]) {
    let mut stories: Vec<(&StoryText, Vec<usize>, usize)> = Vec::new();
    let told = questions
        .iter()
        .map(|(number, card)| (Some(*number), *card))
        .chain(others.iter().map(|card| (None, *card)));
    for (number, card) in told {
        for story in &card.stories {
            let at = stories
                .iter()
                .position(|(s, _, _)| s.name == story.name)
                .unwrap_or_else(|| {
                    stories.push((story, Vec::new(), 0));
                    stories.len() - 1
                });
            match number {
                Some(number) => stories[at].1.push(number),
                None => stories[at].2 += 1,
            }
        }
    }
    if stories.is_empty() {
        return;
    }
    out.push_str("\n## Your stories\n");
    for (story, numbers, backed) in stories {
        let list: Vec<String> = numbers.iter().map(ToString::to_string).collect();
        let mut uses = Vec::new();
        if !numbers.is_empty() {
            uses.push(format!(
                "answers {} {}",
                crate::wording::plural(numbers.len(), "question"),
                list.join(", ")
            ));
        }
        match backed {
            0 => {}
            1 => uses.push("backs a talking point or requirement".to_string()),
            n => uses.push(format!("backs {n} talking points or requirements")),
        }
        let uses = uses.join("; ");
        let mut chars = uses.chars();
        let uses: String = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        out.push_str(&format!(
            "\n### {}\n\n{uses} here.\n\n{}\n",
            md_inline(&story.name),
            md_block(&story.body)
        ));
    }
}

/// A card's mark on the sheet: suspended, or practised but weak on `target` (its recall
/// estimate below [`WEAK_RECALL`]); nothing otherwise (the sheet counts the cards never
/// practised instead of marking each).
fn mark(card: &Card, target: NaiveDate, model: &Model) -> &'static str {
    if card.suspended {
        " _(suspended)_"
    } else if !card.is_new() && Rules::of(card, model).recall_estimate(&card.progress, target) < WEAK_RECALL {
        " **(weak)**"
    } else {
        ""
    }
}

/// The user's notes on a card and the stories it is told with, under its line.
fn push_notes(out: &mut String, card: &Card) {
    if !card.answer.trim().is_empty() {
        for line in card.answer.lines().filter(|l| !l.trim().is_empty()) {
            out.push_str(&format!("  - {}\n", md_inline(line)));
        }
    }
    for story in &card.stories {
        out.push_str(&format!(
            "  - Story: **{}** (under Your stories)\n",
            md_inline(&story.name)
        ));
    }
}

/// Text that must not start markdown structure inside a line: `<`, `>`, `*`, `_`, `` ` ``,
/// `[`, `]`, `|` and backslashes are escaped, and `#` where it would start a heading (at
/// the start of the line): `C#` stays as written.
fn md_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut line_start = true;
    for ch in text.chars() {
        let heading_mark = ch == '#' && line_start;
        if heading_mark || matches!(ch, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(ch);
        line_start = ch == '\n' || (line_start && ch.is_whitespace());
    }
    out
}

/// A heading the user wrote in their own text (`# Situation`, `## Result`): its words.
fn user_heading(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    let marks = trimmed.chars().take_while(|c| *c == '#').count();
    let rest = &trimmed[marks..];
    ((1..=6).contains(&marks) && (rest.is_empty() || rest.starts_with(' '))).then(|| rest.trim())
}

/// A multi-line text of the user's (an answer, a story): each line escaped, paragraphs
/// kept, and the user's own `#` headings printed as headings, one level under the sheet's
/// (the sheet's questions and stories are level 3).
fn md_block(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        match user_heading(line) {
            Some(words) => {
                if lines.last().is_some_and(|l| !l.is_empty()) {
                    lines.push(String::new());
                }
                lines.push(format!("#### {}", md_inline(words)));
                lines.push(String::new());
            }
            None => lines.push(md_inline(line)),
        }
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    // A hard break ends each line of a paragraph; headings and blank lines need none.
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        if i + 1 < lines.len() {
            let plain = !line.is_empty() && !line.starts_with("#### ") && !lines[i + 1].is_empty();
            out.push_str(if plain { "  \n" } else { "\n" });
        }
    }
    out
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
    fn markdown_answers_become_html_that_keeps_code_and_tables() {
        let back = "Use `let`:\n\n```js\nlet a = 1 < 2;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>\n";
        let html = rich_html(back);
        assert!(
            html.contains("<pre><code class=\"language-js\">let a = 1 &lt; 2;\n</code></pre>"),
            "{html}"
        );
        assert!(html.contains("<table>") && html.contains("<td>1</td>"), "{html}");
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"), "{html}");
        assert_eq!(
            rich_html("Plain <b>text</b>\nline"),
            "Plain &lt;b&gt;text&lt;/b&gt;<br>line"
        );
    }

    #[test]
    fn markdown_escapes_what_would_become_markup() {
        assert_eq!(
            md_inline("use *args and a|b [link]"),
            "use \\*args and a\\|b \\[link\\]"
        );
        assert_eq!(md_inline("C# and F#"), "C# and F#", "a # inside a line starts nothing");
        assert_eq!(md_inline("#1 priority"), "\\#1 priority", "one at the start would");
    }

    #[test]
    fn the_users_headings_are_headings_under_the_sheets_own() {
        assert_eq!(
            md_block("# Situation\nThe queue stalled.\nAt 3 am.\n\n## Result\nNo data lost, in C#."),
            "#### Situation\n\nThe queue stalled.  \nAt 3 am.\n\n#### Result\n\nNo data lost, in C#."
        );
        assert_eq!(md_block("#hashtag stays text"), "\\#hashtag stays text");
        assert_eq!(md_block("one\ntwo"), "one  \ntwo");
    }
}

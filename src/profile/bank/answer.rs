//! An answer's text as the document wrote it: the source of its blocks, dedented out of
//! their list item, without what is not content (back-to-top links, badges, the HTML that
//! only wraps a `<details>` body).

use std::ops::Range;

use super::tree::{closes_fence, fence_marker, strip_ascii_prefix, strip_ascii_suffix};
use crate::profile::find_ascii_ignoring_case;
use crate::profile::html_walk::{self, HtmlReader, Opening};

/// What was left out of answers and the document, for the import report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Table-of-contents entries (links to the document's own headings).
    pub contents: usize,
    /// "Back to top" and other links that only move around the document.
    pub navigation: usize,
    /// Badges.
    pub badges: usize,
    /// Questions asked again later in the document (kept once).
    pub repeats: usize,
    /// Front matter, MDX `import`/`export` lines and components.
    pub markup: usize,
}

/// A piece of the source that belongs to an answer, and how far its lines are indented
/// in the list item that holds it.
#[derive(Debug, Clone)]
pub struct Piece {
    pub range: Range<usize>,
    pub indent: usize,
}

/// The text of pieces of the source, each run of pieces at one indent taken whole (blank
/// lines and all) and dedented.
#[must_use]
pub fn gather(source: &str, pieces: &[Piece]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < pieces.len() {
        let mut j = i;
        // A run ends where something that is not the answer's (a block taken out of it)
        // lies between two pieces.
        while j + 1 < pieces.len()
            && pieces[j + 1].indent == pieces[i].indent
            && pieces[j + 1].range.start >= pieces[j].range.end
            && source
                .get(pieces[j].range.end..pieces[j + 1].range.start)
                .is_some_and(|gap| gap.trim().is_empty())
        {
            j += 1;
        }
        let range = pieces[i].range.start..pieces[j].range.end.max(pieces[i].range.start);
        if let Some(text) = source.get(range) {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&dedent(text, pieces[i].indent));
        }
        i = j + 1;
    }
    out
}

/// Removes up to `indent` columns of leading white space from every line but the first
/// (which starts where its block starts).
#[must_use]
pub fn dedent(text: &str, indent: usize) -> String {
    if indent == 0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i == 0 {
            out.push_str(line);
            continue;
        }
        let mut columns = 0;
        let mut cut = 0;
        for (at, c) in line.char_indices() {
            let width = match c {
                ' ' => 1,
                '\t' => 4 - columns % 4,
                _ => break,
            };
            if columns + width > indent {
                break;
            }
            columns += width;
            cut = at + c.len_utf8();
        }
        out.push_str(&line[cut..]);
    }
    out
}

/// Removes up to `indent` columns of leading white space from every line.
#[must_use]
pub fn dedent_all(text: &str, indent: usize) -> String {
    dedent(&format!("\n{text}"), indent)[1..].to_string()
}

/// An answer made presentable: navigation links, badges and wrapper-only HTML lines gone,
/// a leading `Answer:` label gone, runs of blank lines made one, ends trimmed. Code
/// blocks are kept exactly.
#[must_use]
pub fn clean(text: &str, skipped: &mut Skipped) -> String {
    let mut lines: Vec<&str> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if closes_fence(trimmed, open) {
                fence = None;
            }
            lines.push(line);
            continue;
        }
        if let Some(marker) = fence_marker(trimmed) {
            fence = Some(marker);
            lines.push(line);
            continue;
        }
        if is_navigation(line) {
            skipped.navigation += 1;
            continue;
        }
        if is_badges(line) {
            skipped.badges += 1;
            continue;
        }
        if is_wrapper(line) {
            continue;
        }
        lines.push(line);
    }
    // Ends: blank lines, rules, and a lone label that only says "answer".
    let lead = lines
        .iter()
        .take_while(|l| l.trim().is_empty() || super::question::is_answer_label(l))
        .count();
    lines.drain(..lead);
    // A marker in front of the answer's first words (`<b>Ans:</b> The …`, `### A. It …`)
    // goes; a short `#### Answer: D` stays, as it says which option.
    let mut first_line = None;
    if let Some(first) = lines.first() {
        let heading = first.trim_start().starts_with('#');
        let rest = if heading {
            super::question::heading_answer_marker(first)
        } else {
            super::question::strip_answer_marker(first)
        };
        if let Some(rest) = rest
            && (!heading || rest.split_whitespace().count() > 3)
        {
            first_line = Some(rest.to_string());
        }
    }
    if let Some(line) = first_line.as_deref() {
        lines[0] = line;
    }
    while lines.last().is_some_and(|l| l.trim().is_empty() || is_rule(l.trim())) {
        lines.pop();
    }
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    let mut fence: Option<(char, usize)> = None;
    for line in lines {
        let trimmed = line.trim_start();
        let in_code = fence.is_some();
        if let Some(open) = fence {
            if closes_fence(trimmed, open) {
                fence = None;
            }
        } else if let Some(marker) = fence_marker(trimmed) {
            fence = Some(marker);
        }
        if line.trim().is_empty() && !in_code {
            blank = true;
            continue;
        }
        if blank && !out.is_empty() {
            out.push('\n');
        }
        blank = false;
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.trim_end().to_string()
}

fn is_rule(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3 && (t.chars().all(|c| c == '-') || t.chars().all(|c| c == '*') || t.chars().all(|c| c == '_'))
}

/// The text a reader sees of a line: tags, link targets and emphasis marks gone; inline
/// code kept as written, backticks and all.
#[must_use]
pub fn visible(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' => {
                out.push(c);
                for c in chars.by_ref() {
                    out.push(c);
                    if c == '`' {
                        break;
                    }
                }
            }
            '<' if chars
                .peek()
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == '/' || *c == '!') =>
            {
                for c in chars.by_ref() {
                    if c == '>' {
                        break;
                    }
                }
            }
            ']' if chars.peek() == Some(&'(') => {
                for c in chars.by_ref() {
                    if c == ')' {
                        break;
                    }
                }
            }
            '!' if chars.peek() == Some(&'[') => {}
            '[' | '*' => {}
            '_' if chars.peek() == Some(&'_') => {
                chars.next();
            }
            c => out.push(c),
        }
    }
    out
}

/// A line that only moves around the document: `**[⬆ Back to Top](#table-of-contents)**`,
/// `<a href="#">↥ back to top</a>`.
#[must_use]
pub fn is_navigation(line: &str) -> bool {
    if !line.contains('#') {
        return false;
    }
    let lower = line.to_lowercase();
    let anchor =
        lower.contains("](#") || lower.contains("href=\"#") || lower.contains("href='#") || lower.contains("href=#");
    if !anchor {
        return false;
    }
    let shown = visible(&lower);
    let words: Vec<&str> = shown.split_whitespace().collect();
    words.len() <= 6
        && words.iter().any(|w| {
            [
                "top", "back", "contents", "toc", "up", "home", "index", "↑", "⬆", "↥", "⇧", "🔝", "⬆️",
            ]
            .iter()
            .any(|k| w.trim_matches(|c: char| c.is_ascii_punctuation()) == *k)
                || w.starts_with('⬆')
                || w.starts_with('↑')
                || w.starts_with('↥')
        })
}

/// A line of badges only (shields and the like).
#[must_use]
pub fn is_badges(line: &str) -> bool {
    if !line.contains("![") && !line.contains("<img") && !line.contains("<IMG") {
        return false;
    }
    let lower = line.to_lowercase();
    let has_image = lower.contains("![") || lower.contains("<img");
    if !has_image || !(lower.contains("shields.io") || lower.contains("badge")) {
        return false;
    }
    visible(&strip_images(&lower)).trim().is_empty()
}

/// The line without its markdown images (`![alt](url)`).
fn strip_images(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("![") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        if let Some(end) = after
            .find("](")
            .and_then(|close| after[close..].find(')').map(|end| close + end + 1))
        {
            rest = &after[end..];
        } else {
            out.push_str(after);
            rest = "";
        }
    }
    out.push_str(rest);
    out
}

/// A line of nothing but HTML tags that wrap content (`<p>`, `</b></details>` is not: the
/// closing `</details>` is cut off before this runs), `<br>`, `<div align="right">`.
fn is_wrapper(line: &str) -> bool {
    let t = line.trim();
    if !t.starts_with('<') || !t.ends_with('>') {
        return false;
    }
    let mut rest = t;
    while let Some(open) = rest.strip_prefix('<') {
        let Some(close) = open.find('>') else { return false };
        let name: String = open[..close]
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if ![
            "p", "b", "br", "div", "strong", "span", "center", "hr", "i", "em", "kbd", "sub", "sup",
        ]
        .contains(&name.as_str())
        {
            return false;
        }
        rest = open[close + 1..].trim_start();
    }
    rest.is_empty()
}

/// A `<details>` element's summary (its inner HTML) and body (the source between
/// `</summary>` and the closing `</details>`).
#[must_use]
pub fn details_parts(element: &str) -> (String, String) {
    let inner_start = element.find('>').map_or(element.len(), |g| g + 1);
    let inner_end = element
        .rfind("</details")
        .or_else(|| element.rfind("</DETAILS"))
        .filter(|&end| end >= inner_start)
        .unwrap_or(element.len());
    let inner = &element[inner_start..inner_end];
    let Some(open) = find_ascii_ignoring_case(inner, "<summary") else {
        return (String::new(), unwrap_body(inner));
    };
    let after_open = &inner[open..];
    let summary_start = after_open.find('>').map_or(after_open.len(), |g| g + 1);
    let summary_and_rest = &after_open[summary_start..];
    match find_ascii_ignoring_case(summary_and_rest, "</summary") {
        Some(close) => {
            let summary = summary_and_rest[..close].to_string();
            let rest = &summary_and_rest[close..];
            let body = rest.find('>').map_or("", |g| &rest[g + 1..]);
            (summary, unwrap_body(body))
        }
        None => (summary_and_rest.to_string(), String::new()),
    }
}

/// A `<details>` body without the tags that only wrap it (`<br><b>` … `</b>`, `<p>` …
/// `</p>`), dedented.
fn unwrap_body(body: &str) -> String {
    let mut text = body.trim();
    loop {
        let before = text;
        for tag in [
            "<br>",
            "<br/>",
            "<br />",
            "<b>",
            "<p>",
            "<strong>",
            "<div>",
            "<blockquote>",
        ] {
            if let Some(rest) = strip_ascii_prefix(text, tag) {
                text = rest.trim_start();
            }
        }
        for tag in [
            "</b>",
            "</p>",
            "</strong>",
            "</div>",
            "</blockquote>",
            "<br>",
            "<br/>",
            "<br />",
        ] {
            if let Some(rest) = strip_ascii_suffix(text, tag) {
                text = rest.trim_end();
            }
        }
        if text == before {
            break;
        }
    }
    common_dedent(text)
}

/// Removes the indentation every non-blank line after the first shares (a body written
/// indented under its `<summary>`).
fn common_dedent(text: &str) -> String {
    let indent = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let first = text.lines().next().unwrap_or("").trim_start();
    let mut out = first.to_string();
    for line in text.lines().skip(1) {
        out.push('\n');
        out.push_str(
            line.get(indent.min(line.len() - line.trim_start_matches([' ', '\t']).len())..)
                .unwrap_or(line),
        );
    }
    out
}

/// A summary's inner HTML as text: `<code>x</code>` as `` `x` ``, an image as its `alt`,
/// other tags gone, entities decoded, white space made single.
#[must_use]
pub fn summary_text(html: &str) -> String {
    let mut summary = SummaryText::default();
    html_walk::walk(html, &[], &mut summary);
    crate::profile::text::squash_whitespace(&summary.0)
}

#[derive(Default)]
struct SummaryText(String);

impl HtmlReader for SummaryText {
    fn start(&mut self, tag: &Opening<'_>) {
        match tag.name {
            "code" => self.0.push('`'),
            "br" => self.0.push(' '),
            "img" => self.0.push_str(&tag.attribute("alt").unwrap_or_default()),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if name == "code" {
            self.0.push('`');
        }
    }

    fn text(&mut self, text: &str) {
        self.0.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn navigation_badges_and_wrappers_leave_the_answer() {
        let mut skipped = Skipped::default();
        let text = "Answer:\n\nA closure keeps its scope.\n\n\n\n```js\n**[⬆ Back to Top](#toc)**\n```\n\n**[⬆ Back to Top](#table-of-contents)**\n<div align=\"right\">\n    <b><a href=\"#\">↥ back to top</a></b>\n</div>\n[![npm](https://img.shields.io/npm/v/x.svg)](https://npm.im/x)\n\n---\n";
        assert_eq!(
            clean(text, &mut skipped),
            "A closure keeps its scope.\n\n```js\n**[⬆ Back to Top](#toc)**\n```"
        );
        assert_eq!((skipped.navigation, skipped.badges), (2, 1));
    }

    #[test]
    fn item_bodies_are_dedented_and_runs_taken_whole() {
        let source = "1. ### Q\n\n   First line\n   second\n\n   ```\n     code\n   ```\n";
        let start = source.find("First").unwrap();
        let pieces = [Piece {
            range: start..source.len(),
            indent: 3,
        }];
        assert_eq!(gather(source, &pieces), "First line\nsecond\n\n```\n  code\n```\n");
    }

    #[test]
    fn details_give_their_summary_and_unwrapped_body() {
        let (summary, body) = details_parts(
            "<details>\n<summary>What does <code>git status</code> do?</summary><br><b>\n\nShows the tree.\n</b></details>",
        );
        assert_eq!(summary_text(&summary), "What does `git status` do?");
        assert_eq!(body, "Shows the tree.");
        let (_, empty) = details_parts("<details>\n<summary>Q?</summary><br><b>\n</b></details>");
        assert_eq!(empty, "");
        assert_eq!(summary_text("a &lt;b&gt; &#39;c&#x27; &bogus;"), "a <b> 'c' &bogus;");
    }

    #[test]
    fn an_answer_beginning_or_ending_in_other_scripts_is_unwrapped_without_splitting_a_character() {
        // A wrapper's length once fell inside `–` or `ï` and the byte slice panicked.
        for (element, answer) in [
            (
                "<details>\n<summary>Q?</summary><br><b>\n\nTask – a call to a module\n</b></details>",
                "Task – a call to a module",
            ),
            ("<details>\n<summary>Q?</summary>\n\nAbcd – x\n</details>", "Abcd – x"),
            (
                "<details>\n<summary>Q?</summary>\n\nNaïve answer\n</details>",
                "Naïve answer",
            ),
            ("<details><summary>Q?</summary>日本語の答え</details>", "日本語の答え"),
            (
                "<details><summary>Q?</summary><p>Ça marche – oui</P></details>",
                "Ça marche – oui",
            ),
        ] {
            assert_eq!(details_parts(element).1, answer, "{element}");
        }
        assert_eq!(strip_ascii_prefix("Ab–", "<br>"), None);
        assert_eq!(strip_ascii_suffix("–x", "</b>"), None);
        assert_eq!(strip_ascii_suffix("x</B>", "</b>"), Some("x"));
    }
}

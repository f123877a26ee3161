//! A card field as other tools write it, made readable: HTML turned into text (line
//! breaks, list items, table rows; entities decoded; images and sounds left out), and
//! Anki's cloze deletions blanked on the front and revealed on the back.

use crate::profile::html_walk::{self, HtmlReader, Opening};

/// Elements whose content is never shown.
const HIDDEN: &[&str] = &["script", "style", "template", "head", "title"];

/// Elements that start and end a line of their own.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "li",
    "table",
    "tr",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
];

/// Images, sounds and other media a field refers to: their names were left out of the text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Media {
    pub images: usize,
    pub sounds: usize,
}

/// An HTML field as plain text: block elements and `<br>` become line breaks, list items
/// `- ` lines (numbered in an ordered list), table cells are separated by ` | `, text
/// inside `<pre>` keeps its spacing, everything else is collapsed as a browser would.
/// Images and `[sound:…]` references are dropped; `media` counts them.
#[must_use]
pub fn html_to_text(html: &str, media: &mut Media) -> String {
    let without_sounds = drop_sounds(html, media);
    let mut out = Writer::default();
    html_walk::walk(&without_sounds, HIDDEN, &mut out);
    media.images += out.images;
    out.finish()
}

/// Plain text from a tool that wrote no HTML: line endings unified, ends trimmed.
#[must_use]
pub fn plain_text(text: &str) -> String {
    tidy(&text.replace("\r\n", "\n").replace('\r', "\n"))
}

#[derive(Default)]
struct Writer {
    text: String,
    /// Images met: their names are left out.
    images: usize,
    preformatted: usize,
    /// Open lists: the next number of each ordered one, `None` for a bulleted one.
    lists: Vec<Option<u32>>,
    /// Cells written in the current table row.
    cells: usize,
}

impl HtmlReader for Writer {
    fn start(&mut self, tag: &Opening<'_>) {
        let name = tag.name;
        match name {
            "br" => self.text.push('\n'),
            "img" => self.images += 1,
            "pre" => self.preformatted += 1,
            "ul" => self.lists.push(None),
            "ol" => self.lists.push(Some(1)),
            "tr" => self.cells = 0,
            "td" | "th" => {
                if self.cells > 0 {
                    self.text.push_str(" | ");
                }
                self.cells += 1;
            }
            _ => {}
        }
        if BLOCKS.contains(&name) {
            self.line_break();
        }
        if name == "li" {
            let depth = self.lists.len().saturating_sub(1);
            self.text.push_str(&"  ".repeat(depth));
            match self.lists.last_mut() {
                Some(Some(number)) => {
                    self.text.push_str(&format!("{number}. "));
                    *number += 1;
                }
                _ => self.text.push_str("- "),
            }
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "pre" => self.preformatted = self.preformatted.saturating_sub(1),
            "ul" | "ol" => {
                self.lists.pop();
            }
            _ => {}
        }
        if BLOCKS.contains(&name) {
            self.line_break();
        }
    }

    fn text(&mut self, text: &str) {
        if self.preformatted > 0 {
            self.text.push_str(&text.replace('\u{a0}', " "));
            return;
        }
        for (i, word) in text.split(|c: char| c.is_whitespace() && c != '\u{a0}').enumerate() {
            if i > 0 && !self.text.ends_with([' ', '\n']) && !self.text.is_empty() {
                self.text.push(' ');
            }
            self.text.push_str(&word.replace('\u{a0}', " "));
        }
    }
}

impl Writer {
    /// Ends the running line, unless it is already ended.
    fn line_break(&mut self) {
        let trimmed = self.text.trim_end_matches(' ').len();
        self.text.truncate(trimmed);
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    fn finish(self) -> String {
        tidy(&self.text)
    }
}

/// Each line's trailing spaces gone, at most one empty line in a row, ends trimmed.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim_matches('\n').to_string()
}

/// `[sound:name.mp3]` references removed, counted.
fn drop_sounds(html: &str, media: &mut Media) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("[sound:") {
        let Some(end) = rest[start..].find(']') else {
            break;
        };
        out.push_str(&rest[..start]);
        media.sounds += 1;
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

/// Whether a field holds Anki's cloze deletions (`{{c1::…}}`).
#[must_use]
pub fn has_cloze(text: &str) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find("{{c") {
        let after = &rest[at + 3..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with("::") {
            return true;
        }
        rest = after;
    }
    false
}

/// A cloze field's front (every deletion blanked as `[...]`, or `[hint]` where it gives
/// one; a deletion inside another goes with it) and back (every deletion revealed).
#[must_use]
pub fn cloze_sides(text: &str) -> (String, String) {
    let parsed = parse_cloze(text);
    let mut front = String::with_capacity(text.len());
    let mut back = String::with_capacity(text.len());
    for part in &parsed {
        match part {
            ClozePart::Text(t) => {
                front.push_str(t);
                back.push_str(t);
            }
            ClozePart::Deletion { content, hint } => {
                front.push_str(&format!("[{}]", hint.as_deref().unwrap_or("...")));
                back.push_str(&revealed(content));
            }
        }
    }
    (front, back)
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum ClozePart {
    Text(String),
    Deletion {
        content: Vec<ClozePart>,
        hint: Option<String>,
    },
}

fn revealed(parts: &[ClozePart]) -> String {
    parts
        .iter()
        .map(|part| match part {
            ClozePart::Text(t) => t.clone(),
            ClozePart::Deletion { content, .. } => revealed(content),
        })
        .collect()
}

/// Splits text into plain runs and deletions, nested deletions inside their parent. An
/// opening never closed is kept as text.
fn parse_cloze(text: &str) -> Vec<ClozePart> {
    // The open deletions, each with its opening as written and the parts read inside it.
    let mut stack: Vec<(&str, Vec<ClozePart>)> = vec![("", Vec::new())];
    let mut plain = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = cloze_opening(rest) {
            flush(&mut plain, &mut stack);
            stack.push((&rest[..rest.len() - after.len()], Vec::new()));
            rest = after;
        } else if stack.len() > 1 && rest.starts_with("}}") {
            flush(&mut plain, &mut stack);
            let (_, content) = stack.pop().unwrap_or_default();
            let (content, hint) = split_hint(content);
            if let Some((_, parent)) = stack.last_mut() {
                parent.push(ClozePart::Deletion { content, hint });
            }
            rest = &rest[2..];
        } else {
            let ch = rest.chars().next().unwrap_or(' ');
            plain.push(ch);
            rest = &rest[ch.len_utf8()..];
        }
    }
    flush(&mut plain, &mut stack);
    // Deletions left open: their text as it was written.
    while stack.len() > 1 {
        let (opening, open) = stack.pop().unwrap_or_default();
        if let Some((_, parent)) = stack.last_mut() {
            parent.push(ClozePart::Text(opening.to_string()));
            parent.extend(open);
        }
    }
    stack.pop().map(|(_, parts)| parts).unwrap_or_default()
}

fn flush(plain: &mut String, stack: &mut [(&str, Vec<ClozePart>)]) {
    if !plain.is_empty()
        && let Some((_, top)) = stack.last_mut()
    {
        top.push(ClozePart::Text(std::mem::take(plain)));
    }
}

/// The text after `{{cN::` when `text` starts with one.
fn cloze_opening(text: &str) -> Option<&str> {
    let after = text.strip_prefix("{{c")?;
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0).then_some(())?;
    after[digits..].strip_prefix("::")
}

/// A deletion's hint: the text after the last `::` of its own (not a nested deletion's).
fn split_hint(mut content: Vec<ClozePart>) -> (Vec<ClozePart>, Option<String>) {
    for index in (0..content.len()).rev() {
        if let ClozePart::Text(text) = &content[index]
            && let Some(at) = text.rfind("::")
        {
            let hint = text[at + 2..].to_string();
            let kept = text[..at].to_string();
            content.truncate(index);
            if !kept.is_empty() {
                content.push(ClozePart::Text(kept));
            }
            return (content, Some(hint));
        }
    }
    (content, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        html_to_text(html, &mut Media::default())
    }

    #[test]
    fn html_fields_become_readable_text() {
        assert_eq!(
            text("A balanced tree.<br>Databases &amp; file systems use it."),
            "A balanced tree.\nDatabases & file systems use it."
        );
        assert_eq!(
            text("<ul><li>Consistency</li><li>Availability</li></ul>"),
            "- Consistency\n- Availability"
        );
        assert_eq!(text("<ol><li>one</li><li>two</li></ol>"), "1. one\n2. two");
        assert_eq!(text("<div>Situation</div><div>Action</div>"), "Situation\nAction");
        assert_eq!(
            text("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"),
            "a | b\n1 | 2"
        );
        assert_eq!(
            text("<pre>fn main() {\n    run();\n}</pre>after"),
            "fn main() {\n    run();\n}\nafter"
        );
        assert_eq!(text("a&nbsp;b   c\n d"), "a b c d");
        assert_eq!(text("<style>p{}</style><p>kept</p>"), "kept");
    }

    #[test]
    fn images_and_sounds_are_left_out_and_counted() {
        let mut media = Media::default();
        assert_eq!(
            html_to_text("Which? <img src=\"a.png\"> [sound:b.mp3]now", &mut media),
            "Which? now"
        );
        assert_eq!(media, Media { images: 1, sounds: 1 });
    }

    #[test]
    fn cloze_deletions_are_blanked_on_the_front_and_revealed_on_the_back() {
        assert!(has_cloze("The {{c1::Rust}} language"));
        assert!(!has_cloze("{{Front}} and {{c::x}}"));
        assert_eq!(
            cloze_sides("The {{c1::Rust}} language reached 1.0 in {{c2::2015::year}}."),
            (
                "The [...] language reached 1.0 in [year].".to_string(),
                "The Rust language reached 1.0 in 2015.".to_string()
            )
        );
        assert_eq!(
            cloze_sides("{{c1::Outer {{c2::inner}} text}} then {{c3::last}}."),
            (
                "[...] then [...].".to_string(),
                "Outer inner text then last.".to_string()
            )
        );
        assert_eq!(
            cloze_sides("{{c1::a {{c2::b::x}}::hint}}"),
            ("[hint]".to_string(), "a b".to_string())
        );
        assert_eq!(
            cloze_sides("never {{c1::closed"),
            ("never {{c1::closed".to_string(), "never {{c1::closed".to_string())
        );
    }
}

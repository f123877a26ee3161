//! A question bank's answer (markdown) laid out for a terminal: prose wrapped to the
//! width, code blocks kept line for line and indented, lists with hanging indents, tables
//! aligned when they fit and flattened to `header: value` lines when they do not, quotes
//! barred. Inline HTML reads as its text.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::{width, wrap};
use crate::profile::html_walk::{self, HtmlReader, Opening};

/// The lines of `text` laid out in `columns` columns (code lines may run longer: they are
/// never broken).
#[must_use]
pub fn render(text: &str, columns: usize) -> Vec<String> {
    let columns = columns.max(20);
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut layout = Layout {
        columns,
        ..Layout::default()
    };
    for event in Parser::new_ext(text, options) {
        layout.event(event);
    }
    layout.flush();
    while layout.lines.last().is_some_and(String::is_empty) {
        layout.lines.pop();
    }
    layout.lines
}

/// Lists and quotes nested deeper than this are indented no further.
const MAX_NESTING: usize = 8;

/// An open list: numbered from `next`, or bulleted.
struct List {
    next: Option<u64>,
}

#[derive(Default)]
struct Layout {
    columns: usize,
    lines: Vec<String>,
    /// Inline text being gathered for the current paragraph, heading or item.
    text: String,
    /// Prefixes in force: list indents, quote bars.
    prefixes: Vec<String>,
    /// The marker the next line of text starts with (a list item's bullet).
    marker: Option<String>,
    lists: Vec<List>,
    code: Option<String>,
    table: Option<Table>,
    links: Vec<String>,
    /// A blank line is due before the next block.
    gap: bool,
    /// Raw HTML gathered from an HTML block.
    html: String,
}

#[derive(Default)]
struct Table {
    alignments: Vec<Alignment>,
    rows: Vec<Vec<String>>,
    cell: String,
}

impl Layout {
    fn prefix(&self) -> String {
        self.prefixes.concat()
    }

    fn event(&mut self, event: Event<'_>) {
        if let Some(code) = self.code.as_mut() {
            match event {
                Event::Text(text) => code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => {
                    let code = self.code.take().unwrap_or_default();
                    self.code_block(&code);
                }
                _ => {}
            }
            return;
        }
        if !matches!(event, Event::Html(_)) && !self.html.is_empty() {
            let html = std::mem::take(&mut self.html);
            self.html_block(&html);
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.push(&text),
            Event::Code(code) => {
                self.push("`");
                self.push(&code);
                self.push("`");
            }
            Event::SoftBreak => self.push(" "),
            Event::HardBreak => self.push("\n"),
            Event::Html(html) => self.html.push_str(&html),
            Event::InlineHtml(html) => self.inline_html(&html),
            Event::Rule => {
                self.flush();
                self.block_gap();
                let rule = "─".repeat(self.columns.saturating_sub(width(&self.prefix())).min(24));
                self.line(&rule);
                self.gap = true;
            }
            Event::TaskListMarker(done) => self.push(if done { "[x] " } else { "[ ] " }),
            _ => {}
        }
    }

    fn push(&mut self, text: &str) {
        if let Some(table) = self.table.as_mut() {
            table.cell.push_str(text);
        } else {
            self.text.push_str(text);
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } if self.marker.is_none() => {
                self.flush();
                self.block_gap();
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.block_gap();
                // Quotes deeper than a few levels are barred no further.
                let bar = if self.prefixes.len() < MAX_NESTING { "│ " } else { "" };
                self.prefixes.push(bar.to_string());
            }
            Tag::CodeBlock(kind) => {
                self.flush();
                self.block_gap();
                let _ = matches!(kind, CodeBlockKind::Fenced(_));
                self.code = Some(String::new());
            }
            Tag::List(start) => {
                self.flush();
                if self.lists.is_empty() {
                    self.block_gap();
                }
                self.lists.push(List { next: start });
            }
            Tag::Item => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(List { next: Some(n) }) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "• ".to_string(),
                };
                self.marker = Some(marker);
            }
            Tag::Table(alignments) => {
                self.flush();
                self.block_gap();
                self.table = Some(Table {
                    alignments,
                    ..Table::default()
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableCell => {
                if let Some(t) = self.table.as_mut() {
                    t.cell.clear();
                }
            }
            Tag::Link { dest_url, .. } => self.links.push(dest_url.to_string()),
            Tag::Image { dest_url, .. } => {
                self.push("[image: ");
                self.links.push(dest_url.to_string());
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => {
                self.flush();
                self.gap = true;
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.prefixes.pop();
                self.gap = true;
            }
            TagEnd::Item => {
                self.flush();
                self.marker = None;
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                self.gap = true;
            }
            TagEnd::TableCell => {
                if let Some(t) = self.table.as_mut() {
                    let cell = crate::profile::text::squash_whitespace(&t.cell);
                    if let Some(row) = t.rows.last_mut() {
                        row.push(cell);
                    }
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.table_block(&table);
                }
                self.gap = true;
            }
            TagEnd::Link => {
                if let Some(url) = self.links.pop() {
                    let shown = self.table.as_ref().map_or(self.text.as_str(), |t| t.cell.as_str());
                    // The address adds nothing when it is the text, or a place in the document.
                    if !url.starts_with('#') && !shown.ends_with(url.as_str()) {
                        self.push(&format!(" ({url})"));
                    }
                }
            }
            TagEnd::Image => {
                self.links.pop();
                self.push("]");
            }
            _ => {}
        }
    }

    /// A blank line before a block, unless at the start or right after a list marker.
    fn block_gap(&mut self) {
        if self.gap && !self.lines.is_empty() && self.marker.is_none() {
            let prefix = self.prefix();
            self.lines.push(prefix.trim_end().to_string());
        }
        self.gap = false;
    }

    /// Writes the gathered inline text, wrapped, with the list marker on its first line.
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.text);
        if text.trim().is_empty() {
            return;
        }
        let prefix = self.prefix();
        let indent = " ".repeat(self.lists.len().saturating_sub(1).min(MAX_NESTING) * 3);
        let marker = self.marker.take();
        let hang = marker.as_ref().map_or(0, |m| width(m));
        let room = self
            .columns
            .saturating_sub(width(&prefix) + indent.len() + hang)
            .max(12);
        for (i, line) in wrap(text.trim(), room).into_iter().enumerate() {
            let lead = match (&marker, i) {
                (Some(m), 0) => m.clone(),
                (Some(_), _) => " ".repeat(hang),
                (None, _) => String::new(),
            };
            self.lines
                .push(format!("{prefix}{indent}{lead}{line}").trim_end().to_string());
        }
        // Later paragraphs of the same item hang under its text.
        if marker.is_some() && !self.lists.is_empty() {
            self.marker = None;
        }
    }

    fn line(&mut self, text: &str) {
        let prefix = self.prefix();
        self.lines.push(format!("{prefix}{text}"));
    }

    /// Code, line for line, indented four columns past the text around it.
    fn code_block(&mut self, code: &str) {
        let indent = " ".repeat(self.lists.len().min(MAX_NESTING) * 3 + 4);
        for line in code.trim_end_matches('\n').lines() {
            let line = line.replace('\t', "    ");
            self.line(format!("{indent}{line}").trim_end());
        }
        self.gap = true;
    }

    /// A table aligned in columns when it fits, else each row as `header: value` lines.
    fn table_block(&mut self, table: &Table) {
        let indent = " ".repeat(self.lists.len().min(MAX_NESTING) * 3);
        let count = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        if count == 0 {
            return;
        }
        let mut widths = vec![0; count];
        for row in &table.rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(width(cell));
            }
        }
        let total = widths.iter().sum::<usize>() + 3 * (count - 1) + indent.len() + width(&self.prefix());
        if total <= self.columns {
            for (r, row) in table.rows.iter().enumerate() {
                let cells: Vec<String> = (0..count)
                    .map(|i| {
                        let cell = row.get(i).map_or("", String::as_str);
                        let pad = widths[i].saturating_sub(width(cell));
                        match table.alignments.get(i) {
                            Some(Alignment::Right) => format!("{}{cell}", " ".repeat(pad)),
                            Some(Alignment::Center) => {
                                format!("{}{cell}{}", " ".repeat(pad / 2), " ".repeat(pad - pad / 2))
                            }
                            _ => format!("{cell}{}", " ".repeat(pad)),
                        }
                    })
                    .collect();
                self.line(format!("{indent}{}", cells.join(" │ ")).trim_end());
                if r == 0 {
                    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
                    self.line(&format!("{indent}{}", rule.join("─┼─")));
                }
            }
            return;
        }
        let header = table.rows.first().cloned().unwrap_or_default();
        let room = self
            .columns
            .saturating_sub(indent.len() + width(&self.prefix()) + 2)
            .max(12);
        for (r, row) in table.rows.iter().enumerate().skip(1) {
            if r > 1 {
                self.line("");
            }
            for (i, cell) in row.iter().enumerate() {
                let name = header.get(i).map_or("", String::as_str);
                let text = if name.is_empty() {
                    cell.clone()
                } else {
                    format!("{name}: {cell}")
                };
                for (j, line) in wrap(&text, room).into_iter().enumerate() {
                    let lead = if j == 0 { "" } else { "  " };
                    self.line(&format!("{indent}{lead}{line}"));
                }
            }
        }
    }

    /// Inline HTML: `<br>` breaks the line, `<code>` reads as a backtick, other tags as
    /// nothing.
    fn inline_html(&mut self, html: &str) {
        let lower = html.trim().to_ascii_lowercase();
        if lower.starts_with("<br") {
            self.push("\n");
        } else if lower.starts_with("<code") || lower.starts_with("</code") {
            self.push("`");
        } else if lower.starts_with("<img") {
            let alt = crate::profile::bank::html_attribute(&lower, "alt").unwrap_or_default();
            self.push(&format!("[image: {alt}]"));
        }
    }

    /// An HTML block as the text it shows: tags gone, paragraphs and items on lines of
    /// their own.
    fn html_block(&mut self, html: &str) {
        self.flush();
        let text = html_text(html);
        if text.trim().is_empty() {
            return;
        }
        self.block_gap();
        let prefix_width = width(&self.prefix());
        for line in text.lines() {
            if line.trim().is_empty() {
                self.line("");
                continue;
            }
            for wrapped in wrap(line.trim(), self.columns.saturating_sub(prefix_width).max(12)) {
                self.line(&wrapped);
            }
        }
        self.gap = true;
    }
}

/// The text of a piece of HTML: block tags and `<br>` as line breaks, `<li>` as a bullet,
/// `<summary>` as a line of its own, entities decoded.
fn html_text(html: &str) -> String {
    let mut text = HtmlText::default();
    html_walk::walk(html, &[], &mut text);
    let mut lines: Vec<String> = Vec::new();
    for line in text.0.lines() {
        let line = line.trim().trim_start_matches(" │").trim().to_string();
        if line.is_empty() && lines.last().is_none_or(String::is_empty) {
            continue;
        }
        lines.push(line);
    }
    lines.join("\n").trim().to_string()
}

#[derive(Default)]
struct HtmlText(String);

impl HtmlText {
    fn tag(&mut self, name: &str, opening: bool) {
        match name {
            "br" | "p" | "div" | "tr" | "ul" | "ol" | "summary" | "details" | "h1" | "h2" | "h3" | "h4" | "h5"
            | "h6" | "pre" | "table" => self.0.push('\n'),
            "li" if opening => self.0.push_str("\n• "),
            "td" | "th" if opening => self.0.push_str(" │ "),
            "code" => self.0.push('`'),
            _ => {}
        }
    }
}

impl HtmlReader for HtmlText {
    fn start(&mut self, tag: &Opening<'_>) {
        self.tag(tag.name, true);
    }

    fn end(&mut self, name: &str) {
        self.tag(name, false);
    }

    fn text(&mut self, text: &str) {
        self.0.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_wraps_code_stays_and_lists_hang() {
        let text = "A closure is the combination of a function and the lexical environment within which it was declared.\n\n```js\nfunction outer() {\n    return () => x; // a comment that is much longer than the width allows\n}\n```\n\n1. Own scope where variables are defined between its curly brackets\n2. Outer function's variables\n";
        assert_eq!(
            render(text, 40),
            vec![
                "A closure is the combination of a",
                "function and the lexical environment",
                "within which it was declared.",
                "",
                "    function outer() {",
                "        return () => x; // a comment that is much longer than the width allows",
                "    }",
                "",
                "1. Own scope where variables are defined",
                "   between its curly brackets",
                "2. Outer function's variables",
            ]
        );
    }

    #[test]
    fn tables_align_when_they_fit_and_flatten_when_they_do_not() {
        let table =
            "| Feature | Cookie | Local |\n|---|---|---|\n| Size | 4KB | 5 MB |\n| Sent to server | Yes | No |\n";
        assert_eq!(
            render(table, 60),
            vec![
                "Feature        │ Cookie │ Local",
                "───────────────┼────────┼──────",
                "Size           │ 4KB    │ 5 MB",
                "Sent to server │ Yes    │ No",
            ]
        );
        assert_eq!(
            render(table, 20),
            vec![
                "Feature: Size",
                "Cookie: 4KB",
                "Local: 5 MB",
                "",
                "Feature: Sent to",
                "  server",
                "Cookie: Yes",
                "Local: No",
            ]
        );
    }

    #[test]
    fn quotes_links_images_and_html_read_as_text() {
        let text = "> Chains follow fixed paths.\n\nSee [the docs](https://example.com) and [top](#top).\n\n![diagram](d.png)\n\n<p>First<br>second</p>\n<ul><li>one</li><li>two</li></ul>\n";
        assert_eq!(
            render(text, 60),
            vec![
                "│ Chains follow fixed paths.",
                "",
                "See the docs (https://example.com) and top.",
                "",
                "[image: diagram]",
                "",
                "First",
                "second",
                "",
                "• one",
                "• two",
            ]
        );
    }
}

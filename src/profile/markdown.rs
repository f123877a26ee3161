//! Markdown (CommonMark with GitHub tables) to blocks, by pulldown-cmark. Raw HTML blocks
//! inside the markdown are handed to the HTML reader, so pasted HTML is read too.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::blocks::{Block, Inline, Link};
use super::html;

/// Reads a markdown document into blocks. Front matter, blockquotes (banners, notes to
/// self) and code blocks are not content and are skipped.
#[must_use]
pub fn read(source: &str) -> Vec<Block> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    // Front matter is the publishing tool's, not the document's (its closing `---` would
    // make its lines a heading).
    let source = super::text::front_matter_len(source).map_or(source, |length| &source[length..]);
    let mut reader = Reader::default();
    for event in Parser::new_ext(source, options) {
        reader.event(event);
    }
    reader.flush_html();
    reader.blocks
}

/// A list item being read: its text so far and whether it has been emitted already
/// (it is emitted early when a nested list starts inside it).
#[derive(Default)]
struct OpenItem {
    text: Inline,
    emitted: bool,
}

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    /// Depth of blockquotes and code blocks being skipped.
    skipping: usize,
    items: Vec<OpenItem>,
    heading: Option<(u8, Inline)>,
    paragraph: Option<Inline>,
    table: Option<TableBuf>,
    link_starts: Vec<(usize, String)>,
    html: String,
}

#[derive(Default)]
struct TableBuf {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    cell: Option<Inline>,
    in_head: bool,
}

impl Reader {
    /// The text buffer that inline events currently write to.
    fn target(&mut self) -> Option<&mut Inline> {
        if let Some(table) = self.table.as_mut() {
            return table.cell.as_mut();
        }
        if let Some((_, text)) = self.heading.as_mut() {
            return Some(text);
        }
        // Text after a nested list inside the same item is kept as a loose line.
        if let Some(item) = self.items.last_mut()
            && !item.emitted
        {
            return Some(&mut item.text);
        }
        self.paragraph.as_mut()
    }

    fn push_text(&mut self, s: &str) {
        if let Some(target) = self.target() {
            target.push_str(s);
        } else if !s.trim().is_empty() {
            let mut line = Inline::default();
            line.push_str(s);
            self.blocks.push(Block::Line(line));
        }
    }

    fn event(&mut self, event: Event<'_>) {
        if self.skipping > 0 {
            match event {
                Event::Start(Tag::BlockQuote(_) | Tag::CodeBlock(_)) => self.skipping += 1,
                Event::End(TagEnd::BlockQuote(_) | TagEnd::CodeBlock) => self.skipping -= 1,
                _ => {}
            }
            return;
        }
        if !matches!(event, Event::Html(_)) {
            self.flush_html();
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) => self.push_text(&text),
            Event::SoftBreak => {
                if self.paragraph.is_some() && self.items.is_empty() {
                    self.push_text("\n");
                } else {
                    self.push_text(" ");
                }
            }
            Event::HardBreak => self.push_text("\n"),
            Event::Html(html) => self.html.push_str(&html),
            Event::InlineHtml(tag) => {
                let lower = tag.to_ascii_lowercase();
                if lower.starts_with("<br") {
                    self.push_text("\n");
                }
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::BlockQuote(_) | Tag::CodeBlock(_) => self.skipping += 1,
            Tag::Heading { level, .. } => self.heading = Some((level as u8, Inline::default())),
            Tag::Paragraph => {
                if self.items.is_empty() && self.table.is_none() {
                    self.paragraph = Some(Inline::default());
                } else if let Some(item) = self.items.last_mut() {
                    // A second paragraph inside a loose list item continues its text.
                    if !item.text.is_blank() && !item.emitted {
                        item.text.push_str(" ");
                    }
                }
            }
            Tag::List(_) => {
                // A nested list: the parent item's own text is complete now.
                let depth = self.items.len();
                if let Some(parent) = self.items.last_mut()
                    && !parent.emitted
                {
                    parent.emitted = true;
                    let text = std::mem::take(&mut parent.text);
                    self.blocks.push(Block::Item { depth: depth - 1, text });
                }
            }
            Tag::Item => self.items.push(OpenItem::default()),
            Tag::Table(_) => self.table = Some(TableBuf::default()),
            Tag::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.in_head = true;
                }
            }
            Tag::TableCell => {
                if let Some(t) = self.table.as_mut() {
                    t.cell = Some(Inline::default());
                }
            }
            Tag::Link { dest_url, .. } => {
                let start = self.target().map_or(0, |t| t.text.len());
                self.link_starts.push((start, dest_url.to_string()));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some((level, text)) = self.heading.take() {
                    self.blocks.push(Block::Heading { level, text: text.text });
                }
            }
            TagEnd::Paragraph => {
                if let Some(paragraph) = self.paragraph.take() {
                    for line in paragraph.lines() {
                        if !line.is_blank() {
                            self.blocks.push(Block::Line(line));
                        }
                    }
                }
            }
            TagEnd::Item => {
                let depth = self.items.len().saturating_sub(1);
                if let Some(item) = self.items.pop()
                    && !item.emitted
                {
                    self.blocks.push(Block::Item { depth, text: item.text });
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.header = std::mem::take(&mut t.row);
                    t.in_head = false;
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            TagEnd::TableCell => {
                if let Some(t) = self.table.as_mut() {
                    let cell = t.cell.take().unwrap_or_default();
                    t.row.push(cell.text.trim().to_string());
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.blocks.push(Block::Table {
                        header: t.header,
                        rows: t.rows,
                    });
                }
            }
            TagEnd::Link => {
                if let Some((start, url)) = self.link_starts.pop()
                    && let Some(target) = self.target()
                {
                    let end = target.text.len();
                    if start <= end {
                        target.links.push(Link { start, end, url });
                    }
                }
            }
            _ => {}
        }
    }

    /// Reads a finished run of raw HTML with the HTML reader.
    fn flush_html(&mut self) {
        if self.html.trim().is_empty() {
            self.html.clear();
            return;
        }
        let html = std::mem::take(&mut self.html);
        self.blocks.extend(html::read(&html));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(depth: usize, text: &str) -> Block {
        Block::Item {
            depth,
            text: Inline {
                text: text.to_string(),
                links: vec![],
            },
        }
    }

    #[test]
    fn nested_items_carry_their_depth() {
        let blocks = read("- to interviewer:\n  - why?\n  - how?\n- to company:\n  - when?\n");
        assert_eq!(
            blocks,
            vec![
                item(0, "to interviewer:"),
                item(1, "why?"),
                item(1, "how?"),
                item(0, "to company:"),
                item(1, "when?"),
            ]
        );
    }

    #[test]
    fn blockquotes_are_skipped_and_headings_kept() {
        let blocks = read("> **notice**\n> more\n\n## 5. questions to ask\n\n- one\n");
        assert_eq!(
            blocks,
            vec![
                Block::Heading {
                    level: 2,
                    text: "5. questions to ask".into()
                },
                item(0, "one"),
            ]
        );
    }

    #[test]
    fn links_are_kept_with_their_range() {
        let blocks = read("- see [forum thread](https://example.com/t)\n");
        let Block::Item { text, .. } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(
            text.split_links(),
            (
                "see ".to_string(),
                vec!["forum thread (https://example.com/t)".to_string()]
            )
        );
        assert_eq!(text.with_addresses(), "see forum thread (https://example.com/t)");
    }

    #[test]
    fn tables_keep_header_and_rows() {
        let blocks = read("| A | B |\n|---|---|\n| 1 | \"two\" |\n");
        assert_eq!(
            blocks,
            vec![Block::Table {
                header: vec!["A".into(), "B".into()],
                rows: vec![vec!["1".into(), "\"two\"".into()]]
            }]
        );
    }

    #[test]
    fn paragraph_lines_stay_apart() {
        let blocks = read("Questions to ask:\nWhy now?\n");
        assert_eq!(blocks.len(), 2);
    }
}

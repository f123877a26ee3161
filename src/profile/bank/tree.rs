//! A markdown document as a tree of blocks, each with its byte range in the source, so that
//! a question's answer can be taken from the source exactly as written. `<details>` blocks,
//! which markdown splits into pieces of HTML and text, are joined back into one block.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::profile::find_ascii_ignoring_case;

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Heading(u8),
    Paragraph,
    List,
    Item,
    Code,
    Html,
    Table,
    Quote,
    Rule,
    /// A `<details>` element: its summary and body are read from the source.
    Details,
    Other,
}

/// The visible text of a paragraph, heading or table cell, with what it is made of.
#[derive(Debug, Clone, Default)]
pub struct Inline {
    /// The text as read: inline code in backticks, links by their text, images left out.
    pub text: String,
    /// Letters and digits in all, inside bold, inside links to the document's own anchors,
    /// inside any link.
    pub chars: usize,
    pub bold_chars: usize,
    pub anchor_chars: usize,
    pub link_chars: usize,
    pub images: usize,
    /// The addresses of its links and images.
    pub urls: Vec<String>,
}

impl Inline {
    /// Nothing but links to places in the document itself (a table of contents entry).
    #[must_use]
    pub fn is_anchor_links(&self) -> bool {
        self.anchor_chars > 0 && self.anchor_chars == self.chars
    }

    /// Bold from end to end (`**What is X?**`).
    #[must_use]
    pub fn is_bold(&self) -> bool {
        self.chars > 0 && self.bold_chars * 10 >= self.chars * 9
    }
}

/// One block: its kind, its source range, its inline text (headings, paragraphs, cells) and
/// its children (list items, the blocks of an item or quote, the cells of a table's rows).
#[derive(Debug, Clone)]
pub struct Node {
    pub kind: Kind,
    pub range: Range<usize>,
    pub inline: Inline,
    pub children: Vec<Node>,
    /// For a table: the rows, each a list of cells (the header first).
    pub rows: Vec<Vec<Cell>>,
    /// For a list item: it opens with a task box (`- [ ] Explain X`), a thing to do.
    pub task: bool,
}

/// A table cell: its text and its source.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub inline: Inline,
    pub range: Range<usize>,
}

impl Node {
    fn new(kind: Kind, range: Range<usize>) -> Node {
        Node {
            kind,
            range,
            inline: Inline::default(),
            children: Vec::new(),
            rows: Vec::new(),
            task: false,
        }
    }
}

/// Reads a markdown document into its top-level blocks.
#[must_use]
pub fn read(source: &str) -> Vec<Node> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut builder = Builder {
        stack: vec![Node::new(Kind::Other, 0..source.len())],
        ..Builder::default()
    };
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        builder.event(event, range);
    }
    while builder.stack.len() > 1 {
        builder.close();
    }
    let mut root = builder.stack.pop().map(|n| n.children).unwrap_or_default();
    join_details(source, &mut root);
    root
}

#[derive(Default)]
struct Builder {
    /// Open blocks, the document itself at the bottom.
    stack: Vec<Node>,
    /// Open inline spans that count: bold, links (to an anchor or not), images.
    bold: usize,
    links: Vec<bool>,
    images: usize,
    /// Open table cell, and the row being read.
    cell: Option<Cell>,
    row: Vec<Cell>,
    /// Skipping a metadata block (front matter).
    metadata: bool,
    /// Blocks opened past [`MAX_DEPTH`], not kept.
    overflow: usize,
}

/// How deep blocks nest in the tree.
const MAX_DEPTH: usize = 48;

impl Builder {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if self.metadata {
            if matches!(event, Event::End(TagEnd::MetadataBlock(_))) {
                self.metadata = false;
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text, range),
            Event::Code(code) => {
                let quoted = format!("`{code}`");
                self.text(&quoted, range);
            }
            Event::SoftBreak | Event::HardBreak => self.text(" ", range),
            Event::InlineHtml(html) => self.inline_html(&html, range),
            Event::Rule => self.leaf(Kind::Rule, range),
            Event::TaskListMarker(_) => {
                if let Some(item) = self.stack.iter_mut().rev().find(|n| n.kind == Kind::Item) {
                    item.task = true;
                }
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::MetadataBlock(_) => self.metadata = true,
            Tag::Paragraph => self.open(Kind::Paragraph, range),
            Tag::Heading { level, .. } => self.open(Kind::Heading(level as u8), range),
            Tag::List(_) => self.open(Kind::List, range),
            Tag::Item => self.open(Kind::Item, range),
            Tag::CodeBlock(_) => self.open(Kind::Code, range),
            Tag::HtmlBlock => self.open(Kind::Html, range),
            Tag::BlockQuote(_) => self.open(Kind::Quote, range),
            Tag::Table(_) => self.open(Kind::Table, range),
            Tag::TableCell => {
                self.cell = Some(Cell {
                    inline: Inline::default(),
                    range,
                });
            }
            Tag::Strong => self.bold += 1,
            Tag::Link { dest_url, .. } => {
                self.links.push(dest_url.starts_with('#'));
                self.url(&dest_url, range);
            }
            Tag::Image { dest_url, .. } => {
                self.images += 1;
                self.url(&dest_url, range.clone());
                if let Some(inline) = self.inline(range) {
                    inline.images += 1;
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::BlockQuote(_)
            | TagEnd::Table => {
                if self.overflow > 0 {
                    self.overflow -= 1;
                    return;
                }
                // A paragraph opened implicitly inside a tight item ends with it.
                if matches!(tag, TagEnd::Item) && self.top_kind() == Some(Kind::Paragraph) {
                    self.close();
                }
                self.close();
            }
            TagEnd::TableCell => {
                if let Some(cell) = self.cell.take() {
                    self.row.push(cell);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                let row = std::mem::take(&mut self.row);
                if let Some(table) = self.stack.last_mut() {
                    table.rows.push(row);
                }
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Link => {
                self.links.pop();
            }
            TagEnd::Image => self.images = self.images.saturating_sub(1),
            _ => {}
        }
    }

    fn top_kind(&self) -> Option<Kind> {
        self.stack.last().map(|n| n.kind)
    }

    fn open(&mut self, kind: Kind, range: Range<usize>) {
        // Blocks nested deeper than any document needs (a quote in a quote … a thousand
        // times) are read as part of the deepest one kept: the tree stays shallow.
        if self.stack.len() >= MAX_DEPTH {
            self.overflow += 1;
            return;
        }
        // A block starting inside a tight item ends the item's own line of text.
        if kind != Kind::Paragraph && self.top_kind() == Some(Kind::Paragraph) && self.stack.len() > 1 {
            let parent = self.stack.len() - 2;
            if self.stack[parent].kind == Kind::Item {
                self.close();
            }
        }
        self.stack.push(Node::new(kind, range));
    }

    fn close(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        if let Some(mut node) = self.stack.pop() {
            if node.kind == Kind::Paragraph && !node.children.is_empty() {
                node.children.clear();
            }
            if let Some(parent) = self.stack.last_mut() {
                parent.children.push(node);
            }
        }
    }

    fn leaf(&mut self, kind: Kind, range: Range<usize>) {
        self.open(kind, range);
        self.close();
    }

    /// The inline text that an event at `range` adds to: a table cell, a heading or
    /// paragraph, or (in a tight list item) a paragraph opened for it.
    fn inline(&mut self, range: Range<usize>) -> Option<&mut Inline> {
        if self.cell.is_some() {
            return self.cell.as_mut().map(|cell| &mut cell.inline);
        }
        if self.top_kind() == Some(Kind::Item) {
            self.stack.push(Node::new(Kind::Paragraph, range));
        }
        let top = self.stack.last_mut()?;
        if matches!(top.kind, Kind::Paragraph | Kind::Heading(_)) {
            Some(&mut top.inline)
        } else {
            None
        }
    }

    fn text(&mut self, text: &str, range: Range<usize>) {
        let end = range.end;
        let (bold, images) = (self.bold > 0, self.images > 0);
        let link = self.links.last().copied();
        let Some(inline) = self.inline(range) else {
            return;
        };
        if images {
            return;
        }
        inline.text.push_str(text);
        let chars = text.chars().filter(|c| c.is_alphanumeric()).count();
        inline.chars += chars;
        if bold {
            inline.bold_chars += chars;
        }
        if let Some(anchor) = link {
            inline.link_chars += chars;
            if anchor {
                inline.anchor_chars += chars;
            }
        }
        self.stretch(end);
    }

    /// Grows the open implicit paragraph to cover what was just read.
    fn stretch(&mut self, end: usize) {
        if self.cell.is_some() {
            return;
        }
        if let Some(top) = self.stack.last_mut()
            && top.kind == Kind::Paragraph
            && top.range.end < end
        {
            top.range.end = end;
        }
    }

    fn url(&mut self, url: &str, range: Range<usize>) {
        if let Some(inline) = self.inline(range) {
            inline.urls.push(url.to_string());
        }
    }

    /// `<br>` reads as a space, `<b>` as bold, `<a href="#…">` as an anchor link, `<img>` as
    /// an image; other tags add nothing.
    fn inline_html(&mut self, html: &str, range: Range<usize>) {
        let lower = html.trim().to_ascii_lowercase();
        let name: String = lower
            .trim_start_matches('<')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect();
        match name.as_str() {
            "br" | "br/" => self.text(" ", range),
            "b" | "strong" => self.bold += 1,
            "/b" | "/strong" => self.bold = self.bold.saturating_sub(1),
            "a" => {
                let anchor = attribute(&lower, "href").is_some_and(|h| h.starts_with('#'));
                self.links.push(anchor);
            }
            "/a" => {
                self.links.pop();
            }
            "img" => {
                if let Some(inline) = self.inline(range) {
                    inline.images += 1;
                    if let Some(src) = attribute(&lower, "src") {
                        inline.urls.push(src);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The value of `name="…"` (or `'…'`, or bare) in a lower-cased tag.
#[must_use]
pub fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}="))?;
    let rest = &tag[at + name.len() + 1..];
    let value = match rest.chars().next()? {
        q @ ('"' | '\'') => rest[1..].split(q).next()?,
        _ => rest.split(|c: char| c.is_whitespace() || c == '>').next()?,
    };
    Some(value.to_string())
}

/// Joins each `<details>` element, which markdown reads as HTML, text and more HTML, into
/// one block spanning it; inside lists and quotes too.
fn join_details(source: &str, nodes: &mut Vec<Node>) {
    for node in nodes.iter_mut() {
        if matches!(node.kind, Kind::List | Kind::Item | Kind::Quote) {
            join_details(source, &mut node.children);
        }
    }
    // Built anew in one pass: replacing runs in place would move the rest of the list
    // once per element.
    let old = std::mem::take(nodes);
    let limit = old.last().map_or(source.len(), |n| n.range.end);
    let mut old = old.into_iter().peekable();
    while let Some(node) = old.next() {
        let at = (node.kind == Kind::Html)
            .then(|| find_ascii_ignoring_case(&source[node.range.clone()], "<details"))
            .flatten();
        let Some(at) = at else {
            nodes.push(node);
            continue;
        };
        let start = node.range.start + at;
        let regions = details_regions(source, start, limit);
        let end = regions.last().map_or(node.range.end, |r| r.end);
        // Whatever sits before the first `<details` in the HTML block stays as it was.
        if start > node.range.start {
            let mut lead = node.clone();
            lead.range.end = start;
            nodes.push(lead);
        }
        while old.peek().is_some_and(|n| n.range.start < end) {
            old.next();
        }
        nodes.extend(regions.into_iter().map(|r| Node::new(Kind::Details, r)));
    }
}

/// The `<details>` elements that follow one another from `start` (only white space
/// between them), each as the range from its `<details` to just past its `</details>`
/// (or to `limit` when it is never closed). Tags in fenced code do not count.
fn details_regions(source: &str, start: usize, limit: usize) -> Vec<Range<usize>> {
    let mut regions = Vec::new();
    let mut at = start;
    loop {
        let end = details_end(source, at, limit);
        regions.push(at..end);
        let rest = &source[end..limit];
        let trimmed = rest.trim_start();
        if !starts_with_ascii(trimmed, "<details") {
            break;
        }
        at = end + (rest.len() - trimmed.len());
    }
    regions
}

/// Just past the `</details>` that closes the element opening at `start`.
fn details_end(source: &str, start: usize, limit: usize) -> usize {
    let mut depth = 0usize;
    let mut fence: Option<(char, usize)> = None;
    let mut offset = start;
    for line in source[start..limit].split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if closes_fence(trimmed, open) {
                fence = None;
            }
            offset += line.len();
            continue;
        }
        if let Some(marker) = fence_marker(trimmed) {
            fence = Some(marker);
            offset += line.len();
            continue;
        }
        let mut pos = 0;
        while pos < line.len() {
            let rest = &line[pos..];
            let Some(lt) = rest.find('<') else { break };
            let tag = &rest[lt..];
            if starts_with_ascii(tag, "<details") {
                depth += 1;
            } else if starts_with_ascii(tag, "</details") {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let close = tag.find('>').map_or(tag.len(), |g| g + 1);
                    return offset + pos + lt + close;
                }
            }
            pos += lt + 1;
        }
        offset += line.len();
    }
    limit
}

/// A code fence's character and length when `line` (already trimmed at the start) opens
/// or closes one.
#[must_use]
pub fn fence_marker(line: &str) -> Option<(char, usize)> {
    let first = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = line.chars().take_while(|c| *c == first).count();
    // A backtick fence's info string holds no backtick (```` ```x``` ```` is inline code).
    (n >= 3 && !(first == '`' && line[n..].contains('`'))).then_some((first, n))
}

/// Whether `line` (trimmed at the start) closes the fence `open`: a run of its character
/// at least as long, and nothing after it.
#[must_use]
pub fn closes_fence(line: &str, open: (char, usize)) -> bool {
    let n = line.chars().take_while(|c| *c == open.0).count();
    n >= open.1 && line[n * open.0.len_utf8()..].trim().is_empty()
}

fn starts_with_ascii(text: &str, prefix: &str) -> bool {
    strip_ascii_prefix(text, prefix).is_some()
}

/// `text` without the ASCII `tag` it starts with, in any case. Compared as bytes: text
/// that is not ASCII there never matches, and a match ends on a character boundary.
pub fn strip_ascii_prefix<'a>(text: &'a str, tag: &str) -> Option<&'a str> {
    let head = text.as_bytes().get(..tag.len())?;
    head.eq_ignore_ascii_case(tag.as_bytes()).then(|| &text[tag.len()..])
}

/// `text` without the ASCII `tag` it ends with, in any case (as [`strip_ascii_prefix`]).
pub fn strip_ascii_suffix<'a>(text: &'a str, tag: &str) -> Option<&'a str> {
    let start = text.len().checked_sub(tag.len())?;
    let tail = &text.as_bytes()[start..];
    tail.eq_ignore_ascii_case(tag.as_bytes()).then(|| &text[..start])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(nodes: &[Node]) -> Vec<Kind> {
        nodes.iter().map(|n| n.kind).collect()
    }

    #[test]
    fn headings_inside_list_items_are_children_of_the_item() {
        let source = "1. ### What is X?\n\n   X is a thing.\n\n2. ### Why?\n   Because.\n";
        let nodes = read(source);
        assert_eq!(kinds(&nodes), vec![Kind::List]);
        let first = &nodes[0].children[0];
        assert_eq!(kinds(&first.children), vec![Kind::Heading(3), Kind::Paragraph]);
        assert_eq!(first.children[0].inline.text, "What is X?");
        assert_eq!(source[first.children[1].range.clone()].trim_end(), "X is a thing.");
    }

    #[test]
    fn details_become_one_block_however_markdown_splits_them() {
        let source = "<details>\n<summary>What is <code>git</code>?</summary><br><b>\n\nA tool.\n</b></details>\n\n<details><summary>Two</summary>\n\nB\n\n```\n</details>\n```\n\n</details>\n\nAfter.\n";
        let nodes = read(source);
        assert_eq!(kinds(&nodes), vec![Kind::Details, Kind::Details, Kind::Paragraph]);
        assert!(source[nodes[0].range.clone()].ends_with("</b></details>"));
        assert!(
            source[nodes[1].range.clone()].ends_with("```\n\n</details>"),
            "a tag in code does not close it"
        );
    }

    #[test]
    fn inline_text_knows_links_bold_and_images() {
        let nodes = read("[What is X](#what-is-x)\n\n**Why?**\n\n[![b](https://img.shields.io/x)](https://e.x)\n");
        assert!(nodes[0].inline.is_anchor_links());
        assert!(nodes[1].inline.is_bold());
        assert!(nodes[2].inline.images > 0 && nodes[2].inline.chars == 0);
        assert_eq!(nodes[2].inline.urls.len(), 2);
    }

    #[test]
    fn tight_items_get_a_paragraph_before_their_nested_list() {
        let nodes = read("- Why now?\n  - And later?\n- Next?\n");
        let item = &nodes[0].children[0];
        assert_eq!(kinds(&item.children), vec![Kind::Paragraph, Kind::List]);
        assert_eq!(item.children[0].inline.text, "Why now?");
    }

    #[test]
    fn very_deep_nesting_keeps_the_tree_shallow() {
        let quotes = format!("{}deep\n\nafter\n", "> ".repeat(100_000));
        let nodes = read(&quotes);
        let mut depth = 0;
        let mut node = nodes.first();
        while let Some(n) = node {
            depth += 1;
            node = n.children.first();
        }
        assert!(depth <= MAX_DEPTH + 2, "{depth}");
        let lists: String = (0..2_000)
            .flat_map(|i| ["  ".repeat(i), "- item\n".to_string()])
            .collect();
        assert!(!read(&lists).is_empty());
    }

    #[test]
    fn tables_keep_their_cells_and_front_matter_is_skipped() {
        let nodes = read("---\ntitle: x\n---\n\n| Question | Answer |\n|---|---|\n| Why? | `Because` |\n");
        assert_eq!(kinds(&nodes), vec![Kind::Table]);
        assert_eq!(nodes[0].rows.len(), 2);
        assert_eq!(nodes[0].rows[1][1].inline.text, "`Because`");
    }
}

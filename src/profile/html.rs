//! HTML to blocks, by the WHATWG tokenizer html5gum (entities decoded, tag soup tolerated).
//! Whole documents and HTML fragments pasted into markdown both come through here.

use super::blocks::{Block, Inline, Link};
use super::html_walk::{self, HtmlReader, Opening};

/// Elements whose content is never profile text.
const SKIPPED: &[&str] = &["script", "style", "template", "noscript", "blockquote", "pre", "svg"];

/// Elements that end the running line of text when they open or close.
const BREAKING: &[&str] = &[
    "p", "div", "section", "article", "header", "footer", "main", "body", "html", "ul", "ol", "li", "table", "tr",
    "hr", "dl", "dt", "dd", "nav", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
];

/// Reads an HTML document or fragment into blocks.
#[must_use]
pub fn read(source: &str) -> Vec<Block> {
    let mut reader = Reader::default();
    html_walk::walk(source, SKIPPED, &mut reader);
    reader.flush_line();
    reader.blocks
}

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    /// Open `<li>` elements: whether each one's own text was emitted already.
    items: Vec<bool>,
    list_depth: usize,
    line: Inline,
    heading: Option<u8>,
    in_title: bool,
    title: String,
    table: Option<TableBuf>,
    link_start: Option<(usize, String)>,
}

#[derive(Default)]
struct TableBuf {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    row_is_header: bool,
    cell: Option<String>,
}

impl HtmlReader for Reader {
    fn start(&mut self, tag: &Opening<'_>) {
        let name = tag.name;
        match name {
            "title" => self.in_title = true,
            "br" => self.line.push_str("\n"),
            "a" => self.link_start = tag.attribute("href").map(|url| (self.line.text.len(), url)),
            "td" | "th" => {
                if let Some(t) = self.table.as_mut() {
                    t.cell = Some(String::new());
                    t.row_is_header |= name == "th";
                }
                return;
            }
            _ => {}
        }
        if BREAKING.contains(&name) {
            self.flush_line();
        }
        match name {
            h if heading_level(h).is_some() => self.heading = heading_level(h),
            "ul" | "ol" => {
                self.list_depth += 1;
                // The enclosing item's own text ends where its nested list begins.
                if let Some(emitted) = self.items.last_mut() {
                    *emitted = true;
                }
            }
            "li" => self.items.push(false),
            "table" => self.table = Some(TableBuf::default()),
            "tr" => {
                if let Some(t) = self.table.as_mut() {
                    t.row.clear();
                    t.row_is_header = false;
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "title" => {
                self.in_title = false;
                let title = crate::profile::text::squash_whitespace(&self.title);
                if !title.is_empty() {
                    self.blocks.push(Block::Title(title));
                }
                return;
            }
            "a" => {
                if let Some((start, url)) = self.link_start.take() {
                    let end = self.line.text.len();
                    if start <= end {
                        self.line.links.push(Link { start, end, url });
                    }
                }
                return;
            }
            "td" | "th" => {
                if let Some(t) = self.table.as_mut()
                    && let Some(cell) = t.cell.take()
                {
                    t.row.push(crate::profile::text::squash_whitespace(&cell));
                }
                return;
            }
            _ => {}
        }
        if BREAKING.contains(&name) {
            self.flush_line();
        }
        match name {
            h if heading_level(h).is_some() => self.heading = None,
            "ul" | "ol" => self.list_depth = self.list_depth.saturating_sub(1),
            "li" => {
                self.items.pop();
            }
            "tr" => {
                if let Some(t) = self.table.as_mut() {
                    let row = std::mem::take(&mut t.row);
                    if t.row_is_header && t.header.is_empty() {
                        t.header = row;
                    } else if !row.is_empty() {
                        t.rows.push(row);
                    }
                }
            }
            "table" => {
                if let Some(mut t) = self.table.take() {
                    if t.header.is_empty() && !t.rows.is_empty() {
                        t.header = t.rows.remove(0);
                    }
                    self.blocks.push(Block::Table {
                        header: t.header,
                        rows: t.rows,
                    });
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_title {
            self.title.push_str(text);
        } else if let Some(cell) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
            cell.push_str(text);
        } else {
            self.line.push_collapsed(text);
        }
    }
}

impl Reader {
    /// Ends the running text: a heading, the current list item, or loose lines.
    fn flush_line(&mut self) {
        if self.line.is_blank() {
            self.line = Inline::default();
            return;
        }
        let line = std::mem::take(&mut self.line);
        // A link that spans a block break goes on in the next line, from its start.
        if let Some((start, _)) = self.link_start.as_mut() {
            *start = 0;
        }
        if let Some(level) = self.heading {
            self.blocks.push(Block::Heading {
                level,
                text: crate::profile::text::squash_whitespace(&line.text),
            });
            return;
        }
        if let Some(emitted) = self.items.last_mut()
            && !*emitted
        {
            *emitted = true;
            self.blocks.push(Block::Item {
                depth: self.list_depth.saturating_sub(1),
                text: trim_inline(&line),
            });
            return;
        }
        for part in line.lines() {
            if !part.is_blank() {
                self.blocks.push(Block::Line(trim_inline(&part)));
            }
        }
    }
}

/// Trims white space at both ends, keeping link ranges in step.
fn trim_inline(inline: &Inline) -> Inline {
    let lead = inline.text.len() - inline.text.trim_start().len();
    let mut out = inline.without_prefix(lead);
    let trimmed = out.text.trim_end().len();
    out.text.truncate(trimmed);
    for link in &mut out.links {
        link.end = link.end.min(trimmed);
    }
    out.links.retain(|l| l.start <= l.end);
    out
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Title(t) => format!("title:{t}"),
                Block::Heading { level, text } => format!("h{level}:{text}"),
                Block::Item { depth, text } => format!("item{depth}:{}", text.text),
                Block::Line(l) => format!("line:{}", l.text),
                Block::Table { header, rows } => format!("table:{}x{}", header.len(), rows.len()),
            })
            .collect()
    }

    #[test]
    fn documents_become_headings_and_items_with_entities_decoded() {
        let blocks = read(
            "<html><head><title>Company Profile: X</title><style>h1{}</style></head><body>\
             <h2>Interview Preparation</h2><ul><li>&ldquo;Why?&rdquo;</li>\
             <li>Parent<ul><li>child</li></ul></li></ul></body></html>",
        );
        assert_eq!(
            texts(&blocks),
            vec![
                "title:Company Profile: X",
                "h2:Interview Preparation",
                "item0:“Why?”",
                "item0:Parent",
                "item1:child"
            ]
        );
    }

    #[test]
    fn br_separated_paragraphs_become_lines() {
        let blocks = read(
            "<div><p>Guide<br>\n  5. Questions to Ask:<br>\n  - What&rsquo;s next?<br>\n  - see <a href=\"https://e.x/t\">thread</a></p></div>",
        );
        assert_eq!(
            texts(&blocks),
            vec![
                "line:Guide",
                "line:5. Questions to Ask:",
                "line:- What’s next?",
                "line:- see thread"
            ]
        );
        let Block::Line(last) = &blocks[3] else { panic!() };
        assert_eq!(last.split_links().1, vec!["thread (https://e.x/t)".to_string()]);
    }

    #[test]
    fn tables_take_th_rows_as_header() {
        let blocks =
            read("<table><tr><th>Your Skill</th><th>Their Requirement</th></tr><tr><td>a</td><td>b</td></tr></table>");
        assert_eq!(
            blocks,
            vec![Block::Table {
                header: vec!["Your Skill".into(), "Their Requirement".into()],
                rows: vec![vec!["a".into(), "b".into()]],
            }]
        );
    }

    #[test]
    fn scripts_and_blockquotes_are_not_content() {
        let blocks = read("<script>var x = '<li>no</li>';</script><blockquote><p>banner</p></blockquote><p>yes</p>");
        assert_eq!(texts(&blocks), vec!["line:yes"]);
    }
}

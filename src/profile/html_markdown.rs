//! HTML to markdown, so that an HTML question bank is read like a markdown one and its
//! answers keep their paragraphs, lists, code and tables: headings become `#` lines,
//! lists `-`/`1.` items, `<pre>` fenced code, tables pipe tables, and `<details>` stays
//! as it is (the bank reader reads it). Entities are decoded by the tokenizer.

use super::html_walk::{self, HtmlReader, Opening};

/// Elements whose content is never shown: scripts, styles, the page's chrome.
const SKIPPED: &[&str] = &[
    "script", "style", "template", "noscript", "svg", "head", "nav", "footer", "button", "form",
];

/// Converts an HTML document or fragment to markdown.
#[must_use]
pub fn convert(source: &str) -> String {
    let mut writer = Writer::default();
    html_walk::walk(source, SKIPPED, &mut writer);
    writer.finish()
}

#[derive(Default)]
struct Writer {
    out: String,
    /// Open lists: ordered or not, and the next number.
    lists: Vec<(bool, usize)>,
    /// Inside `<pre>`: text kept as it is.
    pre: usize,
    /// Open links: their address.
    links: Vec<Option<String>>,
    /// The table being read: rows of cells, and the cell being read.
    table: Option<Table>,
}

#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    cell: Option<String>,
}

impl Writer {
    /// Where text goes: the open table cell, or the document.
    fn sink(&mut self) -> &mut String {
        match self.table.as_mut().and_then(|t| t.cell.as_mut()) {
            Some(cell) => cell,
            None => &mut self.out,
        }
    }

    fn push(&mut self, text: &str) {
        self.sink().push_str(text);
    }

    /// Ends the current block: a blank line (inside a list, a line break and indent).
    fn block_break(&mut self) {
        if self.table.as_ref().is_some_and(|t| t.cell.is_some()) {
            let cell = self.sink();
            if !cell.is_empty() && !cell.ends_with("<br>") {
                cell.push_str("<br>");
            }
            return;
        }
        let trimmed = self.out.trim_end_matches([' ', '\t']).len();
        self.out.truncate(trimmed);
        if self.out.is_empty() {
            return;
        }
        if self.lists.is_empty() {
            while !self.out.ends_with("\n\n") {
                self.out.push('\n');
            }
        } else if !self.out.ends_with('\n') {
            self.out.push('\n');
            self.out.push_str(&"   ".repeat(self.lists.len()));
        }
    }
}

impl HtmlReader for Writer {
    fn start(&mut self, tag: &Opening<'_>) {
        let name = tag.name;
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.block_break();
                let level = usize::from(name.as_bytes()[1] - b'0');
                self.push(&format!("{} ", "#".repeat(level)));
            }
            "p" | "div" | "section" | "article" | "main" | "header" | "aside" | "dl" | "dd" | "figure"
            | "blockquote" => {
                self.block_break();
            }
            "dt" => {
                self.block_break();
                self.push("**");
            }
            "br" => {
                if self.pre > 0 {
                    self.push("\n");
                } else if self.table.as_ref().is_some_and(|t| t.cell.is_some()) {
                    self.push("<br>");
                } else {
                    self.push("  \n");
                }
            }
            "hr" => {
                self.block_break();
                self.push("---");
                self.block_break();
            }
            "ul" | "ol" => {
                if self.lists.is_empty() {
                    self.block_break();
                }
                self.lists.push((name == "ol", 1));
            }
            "li" => {
                let depth = self.lists.len().max(1);
                let marker = match self.lists.last_mut() {
                    Some((true, n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "- ".to_string(),
                };
                let trimmed = self.out.trim_end_matches([' ', '\t']).len();
                self.out.truncate(trimmed);
                if !self.out.is_empty() && !self.out.ends_with('\n') {
                    self.out.push('\n');
                }
                self.out.push_str(&"   ".repeat(depth - 1));
                self.out.push_str(&marker);
            }
            "pre" => {
                self.block_break();
                self.push("```\n");
                self.pre += 1;
            }
            "code" if self.pre == 0 => self.push("`"),
            "b" | "strong" if self.pre == 0 => self.push("**"),
            "i" | "em" if self.pre == 0 => self.push("*"),
            "a" => {
                let href = tag
                    .attribute("href")
                    .filter(|h| !h.is_empty() && !h.starts_with("javascript:"));
                if href.is_some() {
                    self.push("[");
                }
                self.links.push(href);
            }
            "img" => {
                let alt = tag.attribute("alt").unwrap_or_default();
                if let Some(src) = tag.attribute("src") {
                    self.push(&format!("![{alt}]({src})"));
                }
            }
            "table" => {
                self.block_break();
                self.table = Some(Table::default());
            }
            "tr" => {
                if let Some(t) = self.table.as_mut() {
                    t.rows.push(Vec::new());
                }
            }
            "td" | "th" => {
                if let Some(t) = self.table.as_mut() {
                    t.cell = Some(String::new());
                }
            }
            "details" => {
                self.block_break();
                self.push("<details>\n");
            }
            "summary" => self.push("<summary>"),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "p" | "div" | "section" | "article" | "main" | "header"
            | "aside" | "dl" | "dd" | "figure" | "blockquote" | "li" => self.block_break(),
            "dt" => {
                self.push("**");
                self.block_break();
            }
            "ul" | "ol" => {
                self.lists.pop();
                self.block_break();
            }
            "pre" => {
                self.pre = self.pre.saturating_sub(1);
                if !self.out.ends_with('\n') {
                    self.push("\n");
                }
                self.push("```");
                self.block_break();
            }
            "code" if self.pre == 0 => self.push("`"),
            "b" | "strong" if self.pre == 0 => self.push("**"),
            "i" | "em" if self.pre == 0 => self.push("*"),
            "a" => {
                if let Some(Some(href)) = self.links.pop() {
                    self.push(&format!("]({href})"));
                }
            }
            "td" | "th" => {
                if let Some(t) = self.table.as_mut()
                    && let Some(cell) = t.cell.take()
                {
                    let cell = cell
                        .trim()
                        .trim_end_matches("<br>")
                        .replace('|', "\\|")
                        .replace('\n', " ");
                    if let Some(row) = t.rows.last_mut() {
                        row.push(cell);
                    }
                }
            }
            "table" => {
                if let Some(t) = self.table.take() {
                    self.write_table(&t.rows);
                }
            }
            "summary" => self.push("</summary>\n\n"),
            "details" => {
                self.block_break();
                self.push("</details>");
                self.block_break();
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.pre > 0 {
            self.push(text);
            return;
        }
        let mut collapsed = String::with_capacity(text.len());
        let at_line_start = {
            let sink = self.sink();
            sink.is_empty() || sink.ends_with([' ', '\n']) || sink.ends_with("<br>")
        };
        let mut space = !at_line_start && text.starts_with(char::is_whitespace);
        for word in text.split_whitespace() {
            if space {
                collapsed.push(' ');
            }
            collapsed.push_str(&escape(word));
            space = true;
        }
        if text.ends_with(char::is_whitespace) && !collapsed.is_empty() {
            collapsed.push(' ');
        }
        self.push(&collapsed);
    }
}

impl Writer {
    fn write_table(&mut self, rows: &[Vec<String>]) {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return;
        }
        let line = |row: &[String]| {
            let mut cells: Vec<&str> = row.iter().map(String::as_str).collect();
            cells.resize(width, "");
            format!("| {} |\n", cells.join(" | "))
        };
        let mut out = String::new();
        for (i, row) in rows.iter().filter(|r| !r.is_empty()).enumerate() {
            out.push_str(&line(row));
            if i == 0 {
                out.push_str(&format!("|{}\n", "---|".repeat(width)));
            }
        }
        self.push(&out);
        self.block_break();
    }

    fn finish(mut self) -> String {
        self.block_break();
        self.out.trim().to_string() + "\n"
    }
}

/// Text that would read as markup: a `<` that would open a tag.
fn escape(word: &str) -> String {
    if !word.contains('<') {
        return word.to_string();
    }
    let mut out = String::with_capacity(word.len() + 4);
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/' || *n == '!')
        {
            out.push_str("&lt;");
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_html_bank_becomes_markdown_with_its_structure() {
        let html = "<html><head><title>Q</title><style>p{}</style></head><body><nav><a href='#a'>Top</a></nav>\
            <h2>What is a &lt;div&gt;?</h2><p>A <b>block</b> element.</p><ul><li>one<ul><li>two</li></ul></li></ul>\
            <pre><code>let x = 1;\n  indented();</code></pre>\
            <table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2|3</td></tr></table>\
            <details><summary>Why?</summary><p>Because.</p></details></body></html>";
        assert_eq!(
            convert(html),
            "## What is a &lt;div>?\n\nA **block** element.\n\n- one\n   - two\n\n```\nlet x = 1;\n  indented();\n```\n\n| A | B |\n|---|---|\n| 1 | 2\\|3 |\n\n<details>\n<summary>Why?</summary>\n\nBecause.\n\n</details>\n"
        );
    }
}

//! The shape both readers (markdown and HTML) reduce a document to: headings, list items
//! with their depth, loose lines of text, and tables. Sections are recognised on this
//! shape alone, so a profile reads the same whatever format it arrived in.

/// A link inside a piece of text, by byte range of its visible text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub start: usize,
    pub end: usize,
    pub url: String,
}

impl Link {
    /// Whether the range is a real slice of `text`: ordered, inside it, on character
    /// boundaries. Readers drop links that a block break cut in two; this guards the rest.
    #[must_use]
    pub fn fits(&self, text: &str) -> bool {
        self.start <= self.end
            && self.end <= text.len()
            && text.is_char_boundary(self.start)
            && text.is_char_boundary(self.end)
    }
}

/// Visible text with the links it contains.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    pub text: String,
    pub links: Vec<Link>,
}

impl Inline {
    pub fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Appends text as HTML renders it: runs of white space become one space.
    pub fn push_collapsed(&mut self, s: &str) {
        for (i, part) in s.split(char::is_whitespace).enumerate() {
            if i > 0 && !self.text.ends_with([' ', '\n']) {
                self.text.push(' ');
            }
            self.text.push_str(part);
        }
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Splits at line breaks, keeping each line's links.
    #[must_use]
    pub fn lines(&self) -> Vec<Inline> {
        let mut out = Vec::new();
        let mut offset = 0;
        for line in self.text.split('\n') {
            let end = offset + line.len();
            let links = self
                .links
                .iter()
                .filter(|l| l.start >= offset && l.end <= end && l.start <= l.end)
                .map(|l| Link {
                    start: l.start - offset,
                    end: l.end - offset,
                    url: l.url.clone(),
                })
                .collect();
            out.push(Inline {
                text: line.to_string(),
                links,
            });
            offset = end + 1;
        }
        out
    }

    /// Cuts off the first `n` bytes (a bullet marker), shifting the links.
    #[must_use]
    pub fn without_prefix(&self, n: usize) -> Inline {
        Inline {
            text: self.text[n..].to_string(),
            links: self
                .links
                .iter()
                .filter(|l| l.start >= n && l.start <= l.end)
                .map(|l| Link {
                    start: l.start - n,
                    end: l.end - n,
                    url: l.url.clone(),
                })
                .collect(),
        }
    }

    /// The text with each link's address after its visible text (`notes (https://…)`),
    /// so that a note keeps where it points.
    #[must_use]
    pub fn with_addresses(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut last = 0;
        for link in &self.links {
            if link.start < last || !link.fits(&self.text) {
                continue;
            }
            out.push_str(&self.text[last..link.end]);
            let label = self.text[link.start..link.end].trim();
            if label != link.url {
                out.push_str(&format!(" ({})", link.url));
            }
            last = link.end;
        }
        out.push_str(&self.text[last..]);
        out
    }

    /// The text with every link's visible text removed, and the links themselves, in
    /// "text (url)" form. Used when a line's detail is only a link to a source.
    #[must_use]
    pub fn split_links(&self) -> (String, Vec<String>) {
        let mut rest = String::new();
        let mut last = 0;
        let mut links = Vec::new();
        for link in &self.links {
            if link.start < last || !link.fits(&self.text) {
                continue;
            }
            rest.push_str(&self.text[last..link.start]);
            let label = self.text[link.start..link.end].trim();
            links.push(if label.is_empty() || label == link.url {
                link.url.clone()
            } else {
                format!("{label} ({})", link.url)
            });
            last = link.end;
        }
        rest.push_str(&self.text[last..]);
        (rest, links)
    }
}

/// One structural piece of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// The document's `<title>`.
    Title(String),
    /// A heading of level 1–6.
    Heading { level: u8, text: String },
    /// A list item at a nesting depth (0 for a top-level item), without its children.
    Item { depth: usize, text: Inline },
    /// One line of running text (a paragraph line, or a `<br>`-separated line).
    Line(Inline),
    /// A table: its header cells and body rows.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

//! Plain-text tables aligned by display width, with one flexible column that is cut to fit
//! the terminal.

use super::{Style, Tone, truncate, width};

/// One cell: its text and an optional colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub tone: Option<Tone>,
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell { text, tone: None }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell {
            text: text.to_string(),
            tone: None,
        }
    }
}

/// A cell with a colour.
#[must_use]
pub fn toned(text: impl Into<String>, tone: Tone) -> Cell {
    Cell {
        text: text.into(),
        tone: Some(tone),
    }
}

/// A table: headers, rows, right-aligned columns, and the column that gives way.
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<Cell>>,
    right: Vec<bool>,
    flex: Option<usize>,
    /// The flexible column, when it is the last, wraps onto more lines instead of being cut.
    wrap: bool,
}

impl Table {
    #[must_use]
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| (*h).to_string()).collect(),
            rows: Vec::new(),
            right: vec![false; headers.len()],
            flex: None,
            wrap: false,
        }
    }

    /// Right-aligns a column (numbers).
    #[must_use]
    pub fn right(mut self, column: usize) -> Table {
        self.right[column] = true;
        self
    }

    /// The column that is truncated when the table is wider than the terminal.
    #[must_use]
    pub fn flex(mut self, column: usize) -> Table {
        self.flex = Some(column);
        self
    }

    /// The flexible column (the last) wraps its text onto more lines, each starting under
    /// the column, rather than cutting it.
    #[must_use]
    pub fn wrapping(mut self) -> Table {
        self.wrap = true;
        self
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Renders with two spaces between columns, the header in bold.
    #[must_use]
    pub fn render(&self, style: &Style) -> String {
        let columns = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(columns) {
                widths[i] = widths[i].max(width(&cell.text));
            }
        }
        if let Some(flex) = self.flex {
            let others: usize = widths
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != flex)
                .map(|(_, w)| w + 2)
                .sum();
            let room = style.width.saturating_sub(others).max(12);
            widths[flex] = widths[flex].min(room);
        }
        let mut out = String::new();
        let header: Vec<Cell> = self.headers.iter().map(|h| toned(h.clone(), Tone::Bold)).collect();
        let wrapped = self.flex.filter(|flex| self.wrap && flex + 1 == columns);
        for row in std::iter::once(&header).chain(&self.rows) {
            let mut line = String::new();
            let mut more: Vec<String> = Vec::new();
            for (i, cell) in row.iter().enumerate().take(columns) {
                let text = if wrapped == Some(i) {
                    let mut lines = super::wrap(&cell.text, widths[i]).into_iter();
                    let first = lines.next().unwrap_or_default();
                    more = lines.collect();
                    first
                } else {
                    truncate(&cell.text, widths[i])
                };
                let pad = widths[i].saturating_sub(width(&text));
                let last = i + 1 == columns;
                let painted = match cell.tone {
                    Some(tone) => style.paint(&text, tone),
                    None => text,
                };
                if self.right[i] {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(&painted);
                } else {
                    line.push_str(&painted);
                    if !last {
                        line.push_str(&" ".repeat(pad));
                    }
                }
                if !last {
                    line.push_str("  ");
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
            if let Some(flex) = wrapped {
                let indent: usize = widths[..flex].iter().map(|w| w + 2).sum();
                for line in &more {
                    out.push_str(&format!("{}{line}\n", " ".repeat(indent)));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_and_the_flexible_one_gives_way() {
        let mut table = Table::new(&["ID", "FRONT", "DUE"]).right(0).flex(1);
        table.row(vec![
            "7".into(),
            "How would you design a task scheduler for a fleet?".into(),
            "2026-03-01".into(),
        ]);
        table.row(vec!["12".into(), "Why us?".into(), "-".into()]);
        let text = table.render(&Style::plain(40));
        assert_eq!(
            text,
            "ID  FRONT                     DUE\n 7  How would you design a …  2026-03-01\n12  Why us?                   -\n"
        );
    }

    #[test]
    fn a_wrapping_last_column_continues_under_itself() {
        let mut table = Table::new(&["KEY", "ABOUT"]).flex(1).wrapping();
        table.row(vec![
            "color".into(),
            "when to colour the output: auto, always or never".into(),
        ]);
        assert_eq!(
            table.render(&Style::plain(30)),
            "KEY    ABOUT\ncolor  when to colour the\n       output: auto, always or\n       never\n"
        );
    }
}

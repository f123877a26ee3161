//! What the user sees and types: each command's view drawn for the terminal (tables,
//! charts, colour decisions, wrapping to the width), and the prompts of interactive
//! sessions (behind a trait, so sessions can be driven by a script in tests). Draws views
//! and domain values; reads no store.

pub(crate) mod card_form;
pub(crate) mod cards;
pub(crate) mod chart;
pub(crate) mod confirm;
pub(crate) mod decks;
pub(crate) mod editor;
pub(crate) mod import;
pub(crate) mod line;
pub(crate) mod markdown;
pub(crate) mod plan;
pub mod preview;
pub(crate) mod progress;
pub mod prompt;
#[cfg(test)]
pub(crate) mod scripted;
pub(crate) mod search;
pub(crate) mod setup;
pub(crate) mod shell;
pub(crate) mod stats_page;
pub(crate) mod stories;
pub mod summary;
pub(crate) mod sync;
pub(crate) mod table;

use std::io::IsTerminal;

use unicode_width::UnicodeWidthStr;

use crate::config::{ColorChoice, no_color_asked};
use crate::profile::text::strip_controls;

pub use crate::wording::{agreeing, count};

/// How output is dressed: colour or not, and the width to fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    /// Whether a width was asked for (a terminal, `COLUMNS`): only then are one-line
    /// records, such as each file's line of an import, wrapped; piped, they stay whole
    /// for `grep`.
    pub fitted: bool,
}

impl Style {
    /// Colour on a terminal unless `NO_COLOR` is set (or as `--color` says); the width of
    /// `COLUMNS` when set, else of the terminal, else 100 columns when piped.
    #[must_use]
    pub fn detect(choice: ColorChoice) -> Style {
        let tty = std::io::stdout().is_terminal();
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color_asked(),
        };
        let asked = columns_env().or_else(|| if tty { crossterm_width() } else { None });
        Style {
            color,
            width: asked.unwrap_or(100),
            fitted: asked.is_some(),
        }
    }

    /// A plain style for tests and files.
    #[must_use]
    pub fn plain(width: usize) -> Style {
        Style {
            color: false,
            width,
            fitted: true,
        }
    }

    /// A one-line record as printed: wrapped to the width when one was asked for.
    #[must_use]
    pub fn record(&self, line: &str) -> String {
        if self.fitted {
            prefixed(wrap(line, self.width.max(20)), "")
        } else {
            format!("{line}\n")
        }
    }

    #[must_use]
    pub fn paint(&self, text: &str, tone: Tone) -> String {
        if !self.color || text.is_empty() {
            return text.to_string();
        }
        format!("\u{1b}[{}m{text}\u{1b}[0m", tone.code())
    }
}

/// The few colours prepdeck uses, each with one meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Headings and names.
    Bold,
    /// Secondary information.
    Dim,
    /// Good: learned, passed, ready.
    Good,
    /// Needs attention: due, weak.
    Warn,
    /// Bad: failed, overdue.
    Bad,
    /// Accents: counts, ids.
    Accent,
    /// The words a search found.
    Match,
}

impl Tone {
    fn code(self) -> &'static str {
        match self {
            Tone::Bold => "1",
            Tone::Dim => "2",
            Tone::Good => "32",
            Tone::Warn => "33",
            Tone::Bad => "31",
            Tone::Accent => "36",
            Tone::Match => "1;35",
        }
    }
}

/// The width `COLUMNS` asks for, if it is a number of at least 20.
fn columns_env() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|cols| cols.trim().parse::<usize>().ok())
        .filter(|n| *n >= 20)
}

/// The terminal's size through crossterm (already inquire's terminal backend).
fn crossterm_width() -> Option<usize> {
    crossterm::terminal::size()
        .ok()
        .map(|(w, _)| usize::from(w))
        .filter(|w| *w >= 20)
}

/// Text from documents and users made safe to print: control sequences removed.
#[must_use]
pub fn safe(text: &str) -> std::borrow::Cow<'_, str> {
    strip_controls(text)
}

/// A name or a path made safe to print on one line: controls stripped, line breaks shown
/// as `\n`.
#[must_use]
pub fn safe_line(text: &str) -> std::borrow::Cow<'_, str> {
    crate::profile::text::one_line(text)
}

/// Card ids as a list: `#3, #7`.
#[must_use]
pub fn card_ids(ids: &[crate::domain::CardId]) -> String {
    ids.iter().map(|id| format!("#{id}")).collect::<Vec<_>>().join(", ")
}

/// "in 3 days", "tomorrow", "today", "2 days ago".
#[must_use]
pub fn relative_day(day: chrono::NaiveDate, today: chrono::NaiveDate) -> String {
    match (day - today).num_days() {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "yesterday".to_string(),
        n if n > 1 => format!("in {n} days"),
        n => format!("{} days ago", -n),
    }
}

pub use shell::word as shell_word;

/// Display width of text in terminal columns; colour sequences take none.
#[must_use]
pub fn width(text: &str) -> usize {
    if !text.contains('\u{1b}') {
        return UnicodeWidthStr::width(text);
    }
    let mut total = 0;
    let mut rest = text;
    while let Some(start) = rest.find('\u{1b}') {
        total += UnicodeWidthStr::width(&rest[..start]);
        let sequence = &rest[start + 1..];
        // A CSI sequence (`ESC [ … m`) ends at its first letter.
        let end = sequence
            .strip_prefix('[')
            .and_then(|body| body.find(|c: char| c.is_ascii_alphabetic()).map(|i| i + 2))
            .unwrap_or(0);
        rest = &sequence[end..];
    }
    total + UnicodeWidthStr::width(rest)
}

/// Cuts text to at most `max` columns, ending with `…` when cut; newlines become spaces.
#[must_use]
pub fn truncate(text: &str, max: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect();
    if width(&flat) <= max {
        return flat;
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in flat.chars() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(ch);
        used += w;
    }
    out.push('…');
    out
}

/// Each line prefixed with `prefix` and ended with a newline.
#[must_use]
pub fn prefixed<S: AsRef<str>>(lines: impl IntoIterator<Item = S>, prefix: &str) -> String {
    let mut out = String::new();
    for line in lines {
        out.push_str(prefix);
        out.push_str(line.as_ref());
        out.push('\n');
    }
    out
}

/// Wraps text to `max` columns at word boundaries, keeping existing line breaks. A word
/// of punctuation alone (`—`, `…”`) stays with the word before it, so no line starts
/// with one; a word longer than a line is not cut.
#[must_use]
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut units: Vec<String> = Vec::new();
        for word in paragraph.split_whitespace() {
            match units.last_mut() {
                Some(last) if !word.chars().any(char::is_alphanumeric) => {
                    last.push(' ');
                    last.push_str(word);
                }
                _ => units.push(word.to_string()),
            }
        }
        let mut line = String::new();
        for unit in units {
            if !line.is_empty() && width(&line) + 1 + width(&unit) > max {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&unit);
        }
        lines.push(line);
    }
    lines
}

/// Text wrapped as [`wrap`] does, but no paragraph ends on a line holding a single word
/// when the line above can give it company: the introductions of sessions, where a lone
/// `ends.` reads as a stray.
#[must_use]
pub fn wrap_without_widows(text: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let mut lines = wrap(paragraph, max);
        let n = lines.len();
        if n >= 2 && !lines[n - 1].contains(' ') {
            let above = lines[n - 2].clone();
            if let Some((kept, moved)) = above.rsplit_once(' ') {
                let joined = format!("{moved} {}", lines[n - 1]);
                if width(&joined) <= max && kept.contains(' ') {
                    lines[n - 1] = joined;
                    lines[n - 2] = kept.to_string();
                }
            }
        }
        out.extend(lines);
    }
    out
}

/// A path wrapped to `max` columns after its separators (`/`), cut inside a part only
/// when the part alone is wider than a line.
#[must_use]
pub fn wrap_path(path: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for part in path.split_inclusive('/') {
        if !line.is_empty() && width(&line) + width(part) > max {
            lines.push(std::mem::take(&mut line));
        }
        for c in part.chars() {
            if width(&line) + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) > max && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    lines.push(line);
    lines
}

/// A card's text laid out in `max` columns: text written in markdown (a question bank's
/// answer with code, lists or tables) as [`markdown::render`] lays it out, other text
/// wrapped as it is.
#[must_use]
pub fn rich(text: &str, max: usize) -> Vec<String> {
    if crate::domain::text::looks_like_markdown(text) {
        markdown::render(text, max)
    } else {
        wrap(text, max)
    }
}

/// Items joined by ` · ` and wrapped to `max` columns between items, never inside one:
/// the key lines of a session.
#[must_use]
pub fn join_wrapped(items: &[&str], max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for item in items {
        if !line.is_empty() && width(&line) + 3 + width(item) > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push_str(" · ");
        }
        line.push_str(item);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_columns_not_bytes() {
        assert_eq!(truncate("résumé review", 8), "résumé …");
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("日本語テキスト", 7), "日本語…");
    }

    #[test]
    fn a_paragraph_ends_on_more_than_one_word_where_it_can() {
        let text = "Drilling 12 cards of Saltmarsh Freight: failed cards come back. q or Esc ends.";
        assert_eq!(wrap(text, 73).last().unwrap(), "ends.");
        let lines = wrap_without_widows(text, 73);
        assert_eq!(lines.last().unwrap(), "Esc ends.", "{lines:?}");
        assert!(lines.iter().all(|l| width(l) <= 73));
        assert_eq!(wrap_without_widows("one two", 3), vec!["one", "two"], "nothing to move");
        assert_eq!(wrap_without_widows("a\nb c", 80), vec!["a", "b c"]);
    }

    #[test]
    fn paths_wrap_after_their_separators() {
        assert_eq!(
            wrap_path("/home/someone/.config/prepdeck/config.toml", 20),
            vec!["/home/someone/", ".config/prepdeck/", "config.toml"]
        );
        assert_eq!(
            wrap_path("/a/averyveryverylongname", 8),
            vec!["/a/", "averyver", "yverylon", "gname"]
        );
        assert_eq!(wrap_path("short", 20), vec!["short"]);
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(wrap("one two three four", 9), vec!["one two", "three", "four"]);
        assert_eq!(wrap("a\nb", 9), vec!["a", "b"]);
        assert_eq!(
            wrap("Acme — key talking point: “Cut perception …”", 41),
            vec!["Acme — key talking point: “Cut", "perception …”"],
            "no line starts with a lone dash or closing quote"
        );
        assert_eq!(
            join_wrapped(&["Enter reveal", "0-5 grade", "s skip", "q quit"], 26),
            vec!["Enter reveal · 0-5 grade", "s skip · q quit"]
        );
    }

    #[test]
    fn colour_takes_no_width() {
        let painted = Style {
            color: true,
            ..Style::plain(80)
        }
        .paint("due", Tone::Warn);
        assert_eq!(width(&painted), 3);
        assert_eq!(width("plain"), 5);
    }

    #[test]
    fn plain_style_never_paints() {
        assert_eq!(Style::plain(80).paint("x", Tone::Bad), "x");
        let colored = Style {
            color: true,
            ..Style::plain(80)
        };
        assert_eq!(colored.paint("x", Tone::Bad), "\u{1b}[31mx\u{1b}[0m");
    }
}

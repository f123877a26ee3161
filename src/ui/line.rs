//! One line typed at a session prompt, edited as in a shell: Ctrl-A/Ctrl-E go to the
//! start and end, Ctrl-U and Ctrl-K cut before and after the cursor, Ctrl-W cuts the word
//! before it, Ctrl-B/Ctrl-F and the arrows move, Backspace/Delete/Ctrl-D delete. Any other
//! chord with Ctrl or Alt is ignored: it never types a letter, so it never acts as a
//! command key. Enter gives the line; Esc and Ctrl-C (or Ctrl-D on an empty line) give
//! nothing, the session's way to stop.

use std::io::Write;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use unicode_width::UnicodeWidthChar;

use super::{Style, Tone};
use crate::error::{Error, Result};

/// What a key did to the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Still editing.
    Editing,
    /// Enter: the line is given.
    Done,
    /// Esc, Ctrl-C, or Ctrl-D on an empty line: nothing is given.
    Cancelled,
}

/// The line being typed and the cursor in it (a place between characters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEditor {
    chars: Vec<char>,
    cursor: usize,
}

impl LineEditor {
    #[must_use]
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// The cursor's place, in characters from the start.
    #[cfg(test)]
    fn cursor(&self) -> usize {
        self.cursor
    }

    /// Applies one key.
    pub fn press(&mut self, key: KeyEvent) -> Step {
        if key.kind == KeyEventKind::Release {
            return Step::Editing;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Enter => return Step::Done,
            KeyCode::Esc => return Step::Cancelled,
            KeyCode::Char(c) if ctrl && !alt => return self.control(c.to_ascii_lowercase()),
            KeyCode::Char(c) if !ctrl && !alt && !c.is_control() => {
                self.chars.insert(self.cursor, c);
                self.cursor += 1;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
            }
            KeyCode::Delete if self.cursor < self.chars.len() => {
                self.chars.remove(self.cursor);
            }
            KeyCode::Left if ctrl || alt => self.cursor = self.word_start(),
            KeyCode::Right if ctrl || alt => self.cursor = self.word_end(),
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.chars.len()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.chars.len(),
            _ => {}
        }
        Step::Editing
    }

    /// A Ctrl chord: the shell's line-editing keys; every other one does nothing.
    fn control(&mut self, key: char) -> Step {
        match key {
            // Ctrl-J and Ctrl-M are what Enter sends on some terminals.
            'j' | 'm' => return Step::Done,
            'c' => return Step::Cancelled,
            'd' if self.chars.is_empty() => return Step::Cancelled,
            'd' if self.cursor < self.chars.len() => {
                self.chars.remove(self.cursor);
            }
            'a' => self.cursor = 0,
            'e' => self.cursor = self.chars.len(),
            'b' => self.cursor = self.cursor.saturating_sub(1),
            'f' => self.cursor = (self.cursor + 1).min(self.chars.len()),
            'h' if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
            }
            'u' => {
                self.chars.drain(..self.cursor);
                self.cursor = 0;
            }
            'k' => self.chars.truncate(self.cursor),
            'w' => {
                let start = self.blank_then_word_start();
                self.chars.drain(start..self.cursor);
                self.cursor = start;
            }
            _ => {}
        }
        Step::Editing
    }

    /// Where Ctrl-W cuts from: back over blanks, then over the word before them (as a
    /// shell's unix-word-rubout).
    fn blank_then_word_start(&self) -> usize {
        let mut at = self.cursor;
        while at > 0 && self.chars[at - 1].is_whitespace() {
            at -= 1;
        }
        while at > 0 && !self.chars[at - 1].is_whitespace() {
            at -= 1;
        }
        at
    }

    /// The start of the word the cursor is in or after.
    fn word_start(&self) -> usize {
        let mut at = self.cursor;
        while at > 0 && !self.chars[at - 1].is_alphanumeric() {
            at -= 1;
        }
        while at > 0 && self.chars[at - 1].is_alphanumeric() {
            at -= 1;
        }
        at
    }

    /// The end of the word the cursor is in or before.
    fn word_end(&self) -> usize {
        let mut at = self.cursor;
        while at < self.chars.len() && !self.chars[at].is_alphanumeric() {
            at += 1;
        }
        while at < self.chars.len() && self.chars[at].is_alphanumeric() {
            at += 1;
        }
        at
    }
}

/// The prompt and as much of the line as fits in `columns`, with the cursor's column: the
/// line scrolls so the cursor stays in view. An empty line shows `default`, dimmed.
fn render(prompt: &str, default: &str, line: &LineEditor, columns: usize, style: &Style) -> (String, usize) {
    let prompt_width = super::width(prompt);
    if line.chars.is_empty() && !default.is_empty() {
        let room = columns.saturating_sub(prompt_width + 1);
        let shown = super::truncate(&super::safe_line(default), room);
        return (format!("{prompt}{}", style.paint(&shown, Tone::Dim)), prompt_width);
    }
    let room = columns.saturating_sub(prompt_width + 1).max(1);
    let char_width = |c: &char| c.width().unwrap_or(0);
    // The first character shown: the line's start, or later so the cursor fits.
    let mut first = 0;
    let mut before_cursor: usize = line.chars[..line.cursor].iter().map(char_width).sum();
    while before_cursor >= room && first < line.cursor {
        before_cursor -= char_width(&line.chars[first]);
        first += 1;
    }
    let mut shown = String::new();
    let mut used = 0;
    for c in &line.chars[first..] {
        if used + char_width(c) > room {
            break;
        }
        used += char_width(c);
        shown.push(*c);
    }
    let cursor = prompt_width + before_cursor;
    (format!("{prompt}{shown}"), cursor)
}

/// Reads one line on the terminal after `› LABEL `, offering `default` (given when the line
/// is left empty). `None` when the user cancels (Esc, Ctrl-C, Ctrl-D).
pub fn read_line(label: &str, default: &str, style: &Style) -> Result<Option<String>> {
    let failed = |source: std::io::Error| Error::Terminal { source };
    let prompt = if label.is_empty() {
        "› ".to_string()
    } else {
        format!("› {label} ")
    };
    let columns = crossterm::terminal::size().map_or(style.width, |(c, _)| usize::from(c).max(10));
    let mut out = std::io::stdout();
    let mut line = LineEditor::default();
    let raw = RawMode::enter()?;
    let step = loop {
        // Drawn when no key is waiting: a paste of many characters draws once.
        if !event::poll(std::time::Duration::ZERO).map_err(failed)? {
            let (text, cursor) = render(&prompt, default, &line, columns, style);
            let _ = write!(out, "\r{text}\u{1b}[K\r");
            if cursor > 0 {
                let _ = write!(out, "\u{1b}[{cursor}C");
            }
            let _ = out.flush();
        }
        match event::read().map_err(failed)? {
            Event::Key(key) => match line.press(key) {
                Step::Editing => {}
                done => break done,
            },
            Event::Paste(text) => {
                for c in text.chars().filter(|c| !c.is_control()) {
                    line.press(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
                }
            }
            _ => {}
        }
    };
    let given = match step {
        Step::Done if line.chars.is_empty() => Some(default.to_string()),
        Step::Done => Some(line.text()),
        _ => None,
    };
    // The line as it was answered, without the dimmed default.
    let answered = given
        .as_deref()
        .map_or_else(|| line.text(), |t| super::safe_line(t).into_owned());
    // Cut to one line: a long paste is not printed again in full.
    let answered = super::truncate(&answered, columns.saturating_sub(super::width(&prompt) + 1));
    let _ = write!(out, "\r{prompt}{answered}\u{1b}[K\r\n");
    let _ = out.flush();
    drop(raw);
    Ok(given)
}

/// Raw terminal mode for the countdown and line editing, left again even if they fail.
pub(super) struct RawMode;

impl RawMode {
    pub(super) fn enter() -> Result<RawMode> {
        crossterm::terminal::enable_raw_mode().map_err(|source| Error::Terminal { source })?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    /// Types `keys` into a fresh line: the line, and what the last key did.
    fn typed(keys: &[KeyEvent]) -> (String, Step) {
        let mut line = LineEditor::default();
        let mut step = Step::Editing;
        for k in keys {
            step = line.press(*k);
        }
        (line.text(), step)
    }

    fn text(s: &str) -> Vec<KeyEvent> {
        s.chars().map(|c| key(KeyCode::Char(c))).collect()
    }

    #[test]
    fn control_chords_edit_the_line_and_never_type_their_letter() {
        let mut keys = text("again");
        keys.push(ctrl('u'));
        keys.extend(text("4"));
        assert_eq!(
            typed(&keys),
            ("4".to_string(), Step::Editing),
            "Ctrl-U cuts to the start"
        );

        let mut keys = text("hard easy");
        keys.push(ctrl('w'));
        assert_eq!(typed(&keys).0, "hard ", "Ctrl-W cuts the word before the cursor");

        let mut keys = text("ood");
        keys.push(ctrl('a'));
        keys.extend(text("g"));
        keys.push(ctrl('e'));
        keys.extend(text("!"));
        assert_eq!(typed(&keys).0, "good!", "Ctrl-A and Ctrl-E go to the start and the end");

        let mut keys = text("good");
        keys.extend([key(KeyCode::Left), key(KeyCode::Left), ctrl('k')]);
        assert_eq!(typed(&keys).0, "go", "Ctrl-K cuts to the end");

        for chord in ['u', 'x', 's', 'q', 'l', 'e', 'z', 'g', 'r', 'y'] {
            assert_eq!(
                typed(&[ctrl(chord), key(KeyCode::Enter)]),
                (String::new(), Step::Done),
                "Ctrl-{chord} typed nothing"
            );
            let alt = KeyEvent::new(KeyCode::Char(chord), KeyModifiers::ALT);
            assert_eq!(typed(&[alt]).0, "", "Alt-{chord} typed nothing");
        }
    }

    #[test]
    fn enter_gives_the_line_and_esc_ctrl_c_ctrl_d_cancel() {
        assert_eq!(typed(&[ctrl('j')]).1, Step::Done, "Ctrl-J is a newline");
        assert_eq!(typed(&[ctrl('m')]).1, Step::Done);
        assert_eq!(typed(&[key(KeyCode::Esc)]).1, Step::Cancelled);
        assert_eq!(typed(&[ctrl('c')]).1, Step::Cancelled);
        assert_eq!(
            typed(&[ctrl('d')]).1,
            Step::Cancelled,
            "Ctrl-D on an empty line ends it"
        );
        let mut keys = text("ab");
        keys.extend([key(KeyCode::Home), ctrl('d')]);
        assert_eq!(
            typed(&keys),
            ("b".to_string(), Step::Editing),
            "Ctrl-D deletes otherwise"
        );
    }

    #[test]
    fn backspace_delete_and_word_moves_edit_where_the_cursor_is() {
        let mut keys = text("grade 4");
        keys.extend([key(KeyCode::Backspace), key(KeyCode::Home), key(KeyCode::Delete)]);
        assert_eq!(typed(&keys).0, "rade ");
        let mut line = LineEditor::default();
        for k in text("one two three") {
            line.press(k);
        }
        line.press(KeyEvent::new(KeyCode::Left, KeyModifiers::CONTROL));
        assert_eq!(line.cursor(), 8);
        line.press(KeyEvent::new(KeyCode::Left, KeyModifiers::CONTROL));
        assert_eq!(line.cursor(), 4);
        line.press(KeyEvent::new(KeyCode::Right, KeyModifiers::CONTROL));
        assert_eq!(line.cursor(), 7);
    }

    #[test]
    fn a_long_line_scrolls_to_keep_the_cursor_in_view() {
        let mut line = LineEditor::default();
        for k in text("abcdefghijklmnopqrstuvwxyz") {
            line.press(k);
        }
        let style = Style::plain(20);
        let (shown, cursor) = render("› ", "", &line, 20, &style);
        assert_eq!(shown, "› klmnopqrstuvwxyz");
        assert_eq!(cursor, 18);
        line.press(key(KeyCode::Home));
        let (shown, cursor) = render("› ", "", &line, 20, &style);
        assert_eq!(shown, "› abcdefghijklmnopq");
        assert_eq!(cursor, 2);
        let (shown, _) = render("› name ", "Dispatcher", &LineEditor::default(), 20, &style);
        assert_eq!(shown, "› name Dispatcher", "an empty line shows the default");
    }
}

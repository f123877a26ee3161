//! The prompts of an interactive session, behind the [`Prompt`] trait: inquire on a real
//! terminal, a scripted fake in tests. Both read the same keys through the same parsers.

use std::collections::VecDeque;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use inquire::InquireError;

use super::{Style, Tone, safe, wrap};
use crate::domain::{Card, Grade, Kind};
use crate::error::{Error, Result};

/// What the session shows of a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardView {
    pub position: usize,
    pub total: usize,
    pub card_id: i64,
    pub deck: String,
    pub kind: Kind,
    pub section: String,
    pub front: String,
    /// The back: the prepared answer for questions and topics, the item otherwise.
    pub back: String,
    /// The user's answer shown as notes on kinds whose back is the document's.
    pub notes: String,
    /// Notes from the document (nested bullets, source links).
    pub context: String,
    /// The card is back because it was graded below 4 earlier in the session.
    pub repeat: bool,
}

impl CardView {
    /// A card as a session shows it: `position` of `total` in the session.
    #[must_use]
    pub fn of(card: &Card, position: usize, total: usize, repeat: bool) -> CardView {
        let text = card.text();
        CardView {
            position,
            total: total.max(position),
            card_id: card.id.0,
            deck: card.deck.clone(),
            kind: card.kind,
            section: card.section.clone(),
            front: text.front,
            back: if card.kind.back_is_answer() {
                card.answer.clone()
            } else {
                text.back
            },
            notes: card.notes().to_string(),
            context: card.context.clone(),
            repeat,
        }
    }
}

/// What the user asked for at the front of a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontAction {
    Reveal,
    Skip,
    Suspend,
    Undo,
    Quit,
}

/// What the user asked for once the back is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackAction {
    Grade(Grade),
    Edit,
    Skip,
    Suspend,
    Undo,
    Quit,
}

/// How one timed answer in a mock interview went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timed {
    pub elapsed: Duration,
    pub timed_out: bool,
    /// The user ended the mock (Esc, Ctrl-C) instead of answering.
    pub aborted: bool,
}

/// A mock answer shown back for self-grading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockResult {
    pub card: CardView,
    pub elapsed: Duration,
    pub limit: Duration,
    pub timed_out: bool,
}

/// `m:ss`.
#[must_use]
pub fn clock_text(duration: Duration) -> String {
    let secs = duration.as_secs();
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// The keys of the front: Enter reveals; s, x, u, q.
#[must_use]
pub fn parse_front(input: &str) -> Option<FrontAction> {
    match input.trim().to_ascii_lowercase().as_str() {
        "" | "r" | "reveal" => Some(FrontAction::Reveal),
        "s" | "skip" => Some(FrontAction::Skip),
        "x" | "suspend" => Some(FrontAction::Suspend),
        "u" | "undo" => Some(FrontAction::Undo),
        "q" | "quit" => Some(FrontAction::Quit),
        _ => None,
    }
}

/// The keys of the back: a grade (0–5, again/hard/good/easy); e, s, x, u, q.
#[must_use]
pub fn parse_back(input: &str) -> Option<BackAction> {
    match input.trim().to_ascii_lowercase().as_str() {
        "e" | "edit" => Some(BackAction::Edit),
        "s" | "skip" => Some(BackAction::Skip),
        "x" | "suspend" => Some(BackAction::Suspend),
        "u" | "undo" => Some(BackAction::Undo),
        "q" | "quit" => Some(BackAction::Quit),
        other => other.parse::<Grade>().ok().map(BackAction::Grade),
    }
}

/// A session's way of talking to the user.
pub trait Prompt {
    /// Shows the front and waits for Enter (or another key).
    fn front(&mut self, view: &CardView) -> Result<FrontAction>;
    /// Shows the back and waits for a grade (or another key).
    fn back(&mut self, view: &CardView) -> Result<BackAction>;
    /// Lets the user write the answer; `None` leaves it as it was.
    fn edit_answer(&mut self, view: &CardView, current: &str) -> Result<Option<String>>;
    /// A one-line message (undo done, card suspended, …).
    fn say(&mut self, message: &str);
    /// Shows a mock-interview question with a live countdown until Enter or time is up.
    fn timed_answer(&mut self, view: &CardView, limit: Duration) -> Result<Timed>;
    /// Shows how a mock answer went and asks for a self-grade; `None` ends the grading.
    fn self_grade(&mut self, result: &MockResult) -> Result<Option<Grade>>;
}

/// Fails with the sentence SPEC §5 asks for when there is no terminal to prompt on.
pub fn require_terminal(command: &'static str) -> Result<()> {
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        Ok(())
    } else {
        Err(Error::NoTerminal(command))
    }
}

/// The real prompt, on the terminal with inquire.
pub struct TerminalPrompt {
    style: Style,
    /// The command that runs the prompt, named if the terminal goes away.
    command: &'static str,
}

impl TerminalPrompt {
    /// A prompt for `command` (`review`, `drill`, `mock`), which needs a terminal.
    pub fn open(command: &'static str, style: Style) -> Result<Self> {
        require_terminal(command)?;
        Ok(TerminalPrompt { style, command })
    }

    fn header(&self, view: &CardView) -> String {
        let mut parts = vec![
            format!("{}/{}", view.position, view.total),
            super::safe_line(&view.deck).into_owned(),
            view.kind.to_string(),
        ];
        if !view.section.is_empty() {
            parts.push(safe(&view.section).into_owned());
        }
        if view.repeat {
            parts.push("again".to_string());
        }
        let text = format!("── {} ── #{}", parts.join(" · "), view.card_id);
        self.style.paint(&text, Tone::Dim)
    }

    fn block(&self, text: &str, indent: &str) -> String {
        let width = self.style.width.saturating_sub(indent.len()).max(20);
        super::prefixed(wrap(&safe(text), width), indent)
    }

    /// Reads a line; `None` is inquire's end-of-input (Esc, Ctrl-C), the session's Quit.
    fn read_line(&self, prompt: inquire::Text<'_, '_>) -> Result<Option<String>> {
        match prompt.prompt() {
            Ok(text) => Ok(Some(text)),
            Err(InquireError::OperationCanceled | InquireError::OperationInterrupted) => Ok(None),
            Err(InquireError::NotTTY) => Err(Error::NoTerminal(self.command)),
            Err(source) => Err(Error::Prompt { source }),
        }
    }
}

impl Prompt for TerminalPrompt {
    fn front(&mut self, view: &CardView) -> Result<FrontAction> {
        let mut out = std::io::stdout();
        let front = self.block(&view.front, "  ");
        let _ = write!(
            out,
            "\n{}\n{}\n",
            self.header(view),
            self.style.paint(front.trim_end(), Tone::Bold)
        );
        let _ = out.flush();
        loop {
            let input = inquire::Text::new("")
                .with_help_message("Enter reveal · s skip · x suspend · u undo · q quit")
                .with_render_config(render_config());
            let Some(line) = self.read_line(input)? else {
                return Ok(FrontAction::Quit);
            };
            if let Some(action) = parse_front(&line) {
                return Ok(action);
            }
        }
    }

    fn back(&mut self, view: &CardView) -> Result<BackAction> {
        let mut out = std::io::stdout();
        let back = if view.back.trim().is_empty() {
            if view.kind.back_is_answer() {
                self.style
                    .paint("  (no prepared answer yet: type e to write one)\n", Tone::Dim)
            } else {
                String::new()
            }
        } else {
            self.block(&view.back, "  ")
        };
        let _ = write!(out, "{back}");
        if !view.notes.trim().is_empty() {
            let _ = write!(
                out,
                "{}\n{}",
                self.style.paint("  your notes:", Tone::Dim),
                self.block(&view.notes, "    ")
            );
        }
        if !view.context.trim().is_empty() {
            let _ = write!(
                out,
                "{}",
                self.style.paint(&self.block(&view.context, "  ↳ "), Tone::Dim)
            );
        }
        let _ = out.flush();
        loop {
            let input = inquire::Text::new("grade")
                .with_help_message("0-5 or again/hard/good/easy · e edit answer · s skip · x suspend · u undo · q quit")
                .with_render_config(render_config());
            let Some(line) = self.read_line(input)? else {
                return Ok(BackAction::Quit);
            };
            if let Some(action) = parse_back(&line) {
                return Ok(action);
            }
            let _ = writeln!(
                out,
                "  {}",
                self.style
                    .paint("type a grade 0-5, again, hard, good or easy", Tone::Warn)
            );
        }
    }

    fn edit_answer(&mut self, view: &CardView, current: &str) -> Result<Option<String>> {
        super::editor::edit(current, &view.front)
    }

    fn say(&mut self, message: &str) {
        println!("  {}", self.style.paint(message, Tone::Accent));
    }

    fn timed_answer(&mut self, view: &CardView, limit: Duration) -> Result<Timed> {
        let mut out = std::io::stdout();
        let header = format!(
            "── question {}/{} · {} ──",
            view.position,
            view.total,
            super::safe_line(&view.deck)
        );
        let front = self.block(&view.front, "  ");
        let _ = write!(
            out,
            "\n{}\n{}\n",
            self.style.paint(&header, Tone::Dim),
            self.style.paint(front.trim_end(), Tone::Bold)
        );
        let _ = out.flush();
        let raw = RawMode::enter()?;
        let started = Instant::now();
        let outcome = loop {
            let left = limit.saturating_sub(started.elapsed());
            let line = format!(
                "  ⏱ {} left · answer aloud, Enter when done · Esc ends the mock",
                clock_text(left + Duration::from_millis(999))
            );
            let _ = write!(
                out,
                "\r{}\u{1b}[K",
                self.style
                    .paint(&line, if left < limit / 4 { Tone::Warn } else { Tone::Dim })
            );
            let _ = out.flush();
            if left.is_zero() {
                break Timed {
                    elapsed: limit,
                    timed_out: true,
                    aborted: false,
                };
            }
            match next_key(left.min(Duration::from_millis(200)))? {
                Some(Key::Enter) => {
                    break Timed {
                        elapsed: started.elapsed(),
                        timed_out: false,
                        aborted: false,
                    };
                }
                Some(Key::Stop) => {
                    break Timed {
                        elapsed: started.elapsed(),
                        timed_out: false,
                        aborted: true,
                    };
                }
                None => {}
            }
        };
        let _ = write!(out, "\r\u{1b}[K");
        if outcome.timed_out {
            let alarm = format!("  ⏰ Time's up ({}) · Enter for the next question", clock_text(limit));
            let _ = write!(out, "\u{7}{}\r\n", self.style.paint(&alarm, Tone::Bad));
            let _ = out.flush();
            loop {
                match next_key(Duration::from_millis(500))? {
                    Some(Key::Enter) => break,
                    Some(Key::Stop) => {
                        drop(raw);
                        return Ok(Timed {
                            aborted: true,
                            ..outcome
                        });
                    }
                    None => {}
                }
            }
        } else if !outcome.aborted {
            let _ = write!(out, "  answered in {}\r\n", clock_text(outcome.elapsed));
        }
        drop(raw);
        Ok(outcome)
    }

    fn self_grade(&mut self, result: &MockResult) -> Result<Option<Grade>> {
        let mut out = std::io::stdout();
        let view = &result.card;
        let timing = if result.timed_out {
            self.style
                .paint(&format!("over the limit ({})", clock_text(result.limit)), Tone::Bad)
        } else {
            self.style.paint(
                &format!("{} of {}", clock_text(result.elapsed), clock_text(result.limit)),
                Tone::Good,
            )
        };
        let _ = write!(
            out,
            "\n{} {}\n{}",
            self.style
                .paint(&format!("{}/{}", view.position, view.total), Tone::Dim),
            timing,
            self.style.paint(&self.block(&view.front, "  "), Tone::Bold)
        );
        if view.back.trim().is_empty() {
            let _ = writeln!(
                out,
                "{}",
                self.style.paint("  (no prepared answer to compare with)", Tone::Dim)
            );
        } else {
            let _ = write!(
                out,
                "{}\n{}",
                self.style.paint("  your prepared answer:", Tone::Dim),
                self.block(&view.back, "    ")
            );
        }
        let _ = out.flush();
        loop {
            let input = inquire::Text::new("grade")
                .with_help_message("how well did you answer? 0-5 or again/hard/good/easy · q stops grading")
                .with_render_config(render_config());
            let Some(line) = self.read_line(input)? else {
                return Ok(None);
            };
            match parse_back(&line) {
                Some(BackAction::Grade(grade)) => return Ok(Some(grade)),
                Some(BackAction::Quit) => return Ok(None),
                _ => {
                    let _ = writeln!(
                        out,
                        "  {}",
                        self.style
                            .paint("type a grade 0-5, again, hard, good or easy", Tone::Warn)
                    );
                }
            }
        }
    }
}

/// Raw terminal mode for the countdown, left again even if the countdown fails.
struct RawMode;

impl RawMode {
    fn enter() -> Result<RawMode> {
        crossterm::terminal::enable_raw_mode().map_err(|source| Error::Terminal { source })?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

enum Key {
    Enter,
    Stop,
}

/// Waits up to `timeout` for Enter, or Esc / Ctrl-C / q.
fn next_key(timeout: Duration) -> Result<Option<Key>> {
    use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
    let failed = |source: std::io::Error| Error::Terminal { source };
    if !event::poll(timeout).map_err(failed)? {
        return Ok(None);
    }
    if let Event::Key(key) = event::read().map_err(failed)?
        && key.kind != KeyEventKind::Release
    {
        return Ok(match key.code {
            KeyCode::Enter => Some(Key::Enter),
            KeyCode::Esc | KeyCode::Char('q') => Some(Key::Stop),
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => Some(Key::Stop),
            _ => None,
        });
    }
    Ok(None)
}

fn render_config() -> inquire::ui::RenderConfig<'static> {
    inquire::ui::RenderConfig::default()
        .with_prompt_prefix(inquire::ui::Styled::new("›"))
        .with_answered_prompt_prefix(inquire::ui::Styled::new("›"))
}

/// A prompt that answers from a script, for tests: each string is what the user types
/// at the next front or back (`""` is a bare Enter). When the script runs out it quits.
#[derive(Debug, Default)]
pub struct ScriptedPrompt {
    pub script: VecDeque<String>,
    /// Every card shown, in order.
    pub shown: Vec<CardView>,
    pub messages: Vec<String>,
    /// Text to give when asked to edit an answer.
    pub edits: VecDeque<String>,
    /// How each timed mock answer goes.
    pub timed: VecDeque<Timed>,
    /// Every mock result shown for grading.
    pub results: Vec<MockResult>,
}

impl ScriptedPrompt {
    #[must_use]
    pub fn new(script: &[&str]) -> Self {
        ScriptedPrompt {
            script: script.iter().map(|s| (*s).to_string()).collect(),
            ..ScriptedPrompt::default()
        }
    }
}

impl Prompt for ScriptedPrompt {
    fn front(&mut self, view: &CardView) -> Result<FrontAction> {
        self.shown.push(view.clone());
        loop {
            let Some(line) = self.script.pop_front() else {
                return Ok(FrontAction::Quit);
            };
            if let Some(action) = parse_front(&line) {
                return Ok(action);
            }
        }
    }

    fn back(&mut self, _view: &CardView) -> Result<BackAction> {
        loop {
            let Some(line) = self.script.pop_front() else {
                return Ok(BackAction::Quit);
            };
            if let Some(action) = parse_back(&line) {
                return Ok(action);
            }
        }
    }

    fn edit_answer(&mut self, _view: &CardView, _current: &str) -> Result<Option<String>> {
        Ok(self.edits.pop_front())
    }

    fn say(&mut self, message: &str) {
        self.messages.push(message.to_string());
    }

    fn timed_answer(&mut self, view: &CardView, _limit: Duration) -> Result<Timed> {
        self.shown.push(view.clone());
        Ok(self.timed.pop_front().unwrap_or(Timed {
            elapsed: Duration::ZERO,
            timed_out: false,
            aborted: true,
        }))
    }

    fn self_grade(&mut self, result: &MockResult) -> Result<Option<Grade>> {
        self.results.push(result.clone());
        Ok(self.script.pop_front().and_then(|line| match parse_back(&line) {
            Some(BackAction::Grade(grade)) => Some(grade),
            _ => None,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_the_same_for_every_prompt() {
        assert_eq!(parse_front(""), Some(FrontAction::Reveal));
        assert_eq!(parse_front(" Q "), Some(FrontAction::Quit));
        assert_eq!(parse_front("7"), None);
        assert_eq!(parse_back("good"), Some(BackAction::Grade(Grade::new(4).unwrap())));
        assert_eq!(parse_back("0"), Some(BackAction::Grade(Grade::new(0).unwrap())));
        assert_eq!(parse_back("e"), Some(BackAction::Edit));
        assert_eq!(parse_back(""), None);
        assert_eq!(parse_back("9"), None);
    }
}

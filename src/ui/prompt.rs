//! The prompts of an interactive session, behind the [`Prompt`] trait: the terminal (lines
//! edited as in a shell, lists chosen with inquire), a scripted fake in tests. Both read the
//! same keys through the same parsers.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use inquire::InquireError;

use super::{Style, Tone, join_wrapped, safe, truncate, width, wrap};
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
    /// Cards still to come after this one, each counted once: a failed card waiting to
    /// come back is one of them, so failing a card keeps the count where it was.
    pub left: usize,
    /// Questions elsewhere like this one that have an answer or a story to link.
    pub similar: Vec<SimilarView>,
    /// What each grade would do, shown with the keys of the back.
    pub preview: Option<super::preview::GradePreview>,
}

/// A similar question in another deck, as the back of a card lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimilarView {
    pub card_id: i64,
    pub deck: String,
    pub question: String,
    /// What it has to reuse: `story “X”`, `an answer`.
    pub has: Vec<String>,
}

impl CardView {
    /// A card as a session shows it: `position` of `total` in the session.
    #[must_use]
    pub fn of(card: &Card, position: usize, total: usize, repeat: bool) -> CardView {
        CardView {
            position,
            total: total.max(position),
            card_id: card.id.0,
            deck: card.deck.clone(),
            kind: card.kind,
            section: card.section.clone(),
            front: card.front(),
            back: card.back(),
            notes: card.notes().to_string(),
            context: card.context.clone(),
            repeat,
            left: total.saturating_sub(position),
            similar: Vec::new(),
            preview: None,
        }
    }
}

/// What the user asked for at the front of a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontAction {
    Reveal,
    /// A grade typed before revealing: the back is shown and the grade recorded.
    Grade(Grade),
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
    /// Link a story (or turn an answer into one) from a similar question elsewhere.
    Link,
    Skip,
    Suspend,
    Undo,
    Quit,
}

/// How one timed answer in a mock interview went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timed {
    /// From the question to Enter, time over the limit included.
    pub elapsed: Duration,
    /// The countdown ran out before Enter.
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

// What each key does, written once for `review --help`, `drill --help` and the manual's
// SESSION KEYS; a test below checks that the prompts accept every key listed.

/// The keys at a card's front in `review` and `drill`.
pub const KEYS_AT_THE_FRONT: &[(&str, &str)] = &[
    ("Enter", "reveal the back"),
    (
        "0-5",
        "reveal the back and record the grade at once (again, hard, good, easy also work)",
    ),
    ("s", "skip the card"),
    ("x", "suspend it (prepdeck unsuspend brings it back)"),
    ("u", "undo the last grade: that card is shown again"),
    (
        "q, Esc",
        "end the session and show its summary; every grade given is kept (Esc, Ctrl-C and Ctrl-D on an empty line need no Enter)",
    ),
];

/// The keys once a card's back is shown.
pub const KEYS_AT_THE_BACK: &[(&str, &str)] = &[
    (
        "0-5",
        "grade: 5 perfect, 4 after a pause, 3 with difficulty, 2 wrong but easy once seen, 1 wrong, 0 blank (again is 1, hard 3, good 4, easy 5); a card graded below 4 comes back later in the session",
    ),
    (
        "e",
        "write or edit your prepared answer in the editor (the config file's editor, else $VISUAL, else $EDITOR); every line you write is kept, # headings too",
    ),
    (
        "l",
        "link a similar question's answer or story from another company (listed on the back when there is one): its story, or its answer, which becomes a story both cards show",
    ),
    ("s, x, u, q", "as at the front"),
];

/// Editing the line typed at a session's prompt.
pub const LINE_EDITING: &str = "Typing at a prompt: Ctrl-A and Ctrl-E go to the start and end of the line, Ctrl-U and Ctrl-K cut before and after the cursor, Ctrl-W cuts the word before it, Ctrl-B, Ctrl-F and the arrows move. Any other Ctrl or Alt chord types nothing, so it never acts as a key above (Ctrl-U then Enter reveals; it does not undo).";

/// The keys of a mock interview.
pub const MOCK_KEYS: &str = "In a mock, answer each question aloud and press Enter when done; Esc or Ctrl-C ends the mock early. At the end each answer comes back with its time and your prepared answer: grade it 0-5 (or again, hard, good, easy), e writes your prepared answer, s leaves it ungraded, q stops grading.";

/// The keys of the front: Enter reveals, a grade reveals and grades; s, x, u, q.
#[must_use]
pub fn parse_front(input: &str) -> Option<FrontAction> {
    match input.trim().to_ascii_lowercase().as_str() {
        "" | "r" | "reveal" => Some(FrontAction::Reveal),
        "s" | "skip" => Some(FrontAction::Skip),
        "x" | "suspend" => Some(FrontAction::Suspend),
        "u" | "undo" => Some(FrontAction::Undo),
        "q" | "quit" => Some(FrontAction::Quit),
        other => other.parse::<Grade>().ok().map(FrontAction::Grade),
    }
}

/// What each key does at a card's front, as the session lists them.
pub const FRONT_KEYS: &[&str] = &[
    "Enter reveal",
    "0-5 reveal and grade",
    "s skip",
    "x suspend",
    "u undo",
    "q quit",
];

/// What each key does once the back is shown.
pub const BACK_KEYS: &[&str] = &[
    "0-5 or again/hard/good/easy grade",
    "e edit answer",
    "s skip",
    "x suspend",
    "u undo",
    "q quit",
];

/// The keys of the back when a similar question elsewhere has an answer to link.
pub const BACK_KEYS_WITH_LINK: &[&str] = &[
    "0-5 or again/hard/good/easy grade",
    "e edit answer",
    "l link",
    "s skip",
    "x suspend",
    "u undo",
    "q quit",
];

/// What each key does when grading a mock answer.
pub const MOCK_GRADE_KEYS: &[&str] = &[
    "0-5 or again/hard/good/easy grade",
    "e edit answer",
    "s leave ungraded",
    "q stop grading",
];

/// A card's header line: `── 2/5 · 3 left · Acme · question · Common Questions ── #12`, cut to
/// `style.width` (the section gives way first, then the deck's name). The room the section
/// gets does not depend on this card's counts, repeat mark or id (only on its deck and
/// kind): a section is cut at the same place on every card of a session.
#[must_use]
pub fn header(view: &CardView, style: &Style) -> String {
    let left = match view.left {
        0 => "last card".to_string(),
        n => format!("{n} left"),
    };
    let lead = format!("── {}/{} · {left} · ", view.position, view.total);
    let tail = format!(
        " · {}{} ── #{}",
        view.kind,
        if view.repeat { " · again" } else { "" },
        view.card_id
    );
    // The widest lead and tail a session shows for a card of this kind (counts as wide as
    // the session's total, ids of up to four digits, the repeat mark).
    let digits = view.total.to_string().len().max(2);
    let widest_lead = width("── ") + 2 * digits + 1 + width(" · ") + "last card".len().max(digits + 5) + width(" · ");
    let widest_tail = width(&format!(" · {} · again ── #", view.kind)) + view.card_id.to_string().len().max(4);
    let deck = super::safe_line(&view.deck).into_owned();
    let section = safe(&view.section).into_owned();
    let room = style.width.saturating_sub(width(&lead) + width(&tail));
    let deck = truncate(&deck, room.max(8));
    let section_room = style
        .width
        .saturating_sub(widest_lead.max(width(&lead)) + widest_tail.max(width(&tail)) + width(&deck) + 3);
    // A section cut to a stub (`Questions t…`) says nothing: whole, or a good part, or none.
    let shown = width(&section) <= section_room || section_room >= 16;
    let middle = if section.is_empty() || !shown {
        deck
    } else {
        format!("{deck} · {}", truncate(&section, section_room))
    };
    let text = format!("{lead}{middle}{tail}");
    style.paint(&text, Tone::Dim)
}

/// Text wrapped to the style's width with `indent` before every line.
fn block(text: &str, indent: &str, style: &Style) -> String {
    let room = style.width.saturating_sub(width(indent)).max(20);
    super::prefixed(wrap(&safe(text), room), indent)
}

/// A card's front or back laid out to the style's width with `indent` before every line:
/// markdown (a question bank's code, lists and tables) laid out as such.
fn card_block(text: &str, indent: &str, style: &Style) -> String {
    let room = style.width.saturating_sub(width(indent)).max(20);
    super::prefixed(super::rich(&safe(text), room), indent)
}

/// A list of keys, wrapped between keys to the style's width, dimmed.
#[must_use]
pub fn key_lines(keys: &[&str], style: &Style) -> String {
    let lines = join_wrapped(keys, style.width.saturating_sub(2).max(20));
    let painted: Vec<String> = lines.iter().map(|l| style.paint(l, Tone::Dim)).collect();
    super::prefixed(painted, "  ")
}

/// The front of a card as a session shows it: header, front, and the keys.
#[must_use]
pub fn front_screen(view: &CardView, style: &Style) -> String {
    let front = card_block(&view.front, "  ", style);
    format!(
        "\n{}\n{}\n{}",
        header(view, style),
        style.paint(front.trim_end(), Tone::Bold),
        key_lines(FRONT_KEYS, style)
    )
}

/// The revealed back: the answer (or how to write one), the user's notes, and the
/// document's context; the keys follow when the card waits for a grade.
#[must_use]
pub fn back_screen(view: &CardView, style: &Style, with_keys: bool) -> String {
    let mut out = if view.back.trim().is_empty() {
        if view.kind.back_is_answer() {
            style.paint("  (no prepared answer yet: type e to write one)\n", Tone::Dim)
        } else {
            String::new()
        }
    } else {
        card_block(&view.back, "  ", style)
    };
    if !view.notes.trim().is_empty() {
        out.push_str(&format!(
            "{}\n{}",
            style.paint("  your notes:", Tone::Dim),
            block(&view.notes, "    ", style)
        ));
    }
    if !view.context.trim().is_empty() {
        out.push_str(&style.paint(&block(&view.context, "  ↳ ", style), Tone::Dim));
    }
    if !view.similar.is_empty() {
        out.push_str(&style.paint("  similar questions elsewhere (l links an answer):\n", Tone::Dim));
        for similar in &view.similar {
            let line = format!(
                "#{} {} ({}): {}",
                similar.card_id,
                safe(&similar.deck),
                similar.has.join(", "),
                safe(&similar.question)
            );
            out.push_str(&style.paint(&block(&line, "    ", style), Tone::Dim));
        }
    }
    if with_keys {
        if let Some(preview) = &view.preview {
            out.push_str(&super::preview::key_line(preview, style));
        }
        if view.similar.is_empty() {
            out.push_str(&key_lines(BACK_KEYS, style));
        } else {
            out.push_str(&key_lines(BACK_KEYS_WITH_LINK, style));
        }
    }
    out
}

/// A mock interview's question, before its countdown starts.
#[must_use]
pub fn mock_question_screen(view: &CardView, style: &Style) -> String {
    let header = format!(
        "── question {} of {} · {} ──",
        view.position,
        view.total,
        truncate(&super::safe_line(&view.deck), style.width.saturating_sub(24).max(8))
    );
    let front = card_block(&view.front, "  ", style);
    format!(
        "\n{}\n{}\n",
        style.paint(&header, Tone::Dim),
        style.paint(front.trim_end(), Tone::Bold)
    )
}

/// How long an answer took against the limit: `1:15 of 2:00`, or `2:17, over the 2:00
/// limit`.
#[must_use]
pub fn timing_text(elapsed: Duration, limit: Duration, timed_out: bool) -> String {
    if timed_out {
        format!("{}, over the {} limit", clock_text(elapsed), clock_text(limit))
    } else {
        format!("{} of {}", clock_text(elapsed), clock_text(limit))
    }
}

/// A mock answer shown back for grading: which question, its time, the question and the
/// prepared answer to compare with, and the keys.
#[must_use]
pub fn mock_grade_screen(result: &MockResult, style: &Style) -> String {
    let view = &result.card;
    let timing = timing_text(result.elapsed, result.limit, result.timed_out);
    let mut out = format!(
        "\n{} {}\n{}",
        style.paint(&format!("question {} of {} ·", view.position, view.total), Tone::Dim),
        style.paint(&timing, if result.timed_out { Tone::Bad } else { Tone::Good }),
        style.paint(&card_block(&view.front, "  ", style), Tone::Bold)
    );
    if view.back.trim().is_empty() {
        out.push_str(&style.paint("  (no prepared answer to compare with: e writes one)\n", Tone::Dim));
    } else {
        out.push_str(&format!(
            "{}\n{}",
            style.paint("  your prepared answer:", Tone::Dim),
            card_block(&view.back, "    ", style)
        ));
    }
    out.push_str(&key_lines(MOCK_GRADE_KEYS, style));
    out
}

/// The keys of the back: a grade (0–5, again/hard/good/easy); e, s, x, u, q.
#[must_use]
pub fn parse_back(input: &str) -> Option<BackAction> {
    match input.trim().to_ascii_lowercase().as_str() {
        "e" | "edit" => Some(BackAction::Edit),
        "l" | "link" => Some(BackAction::Link),
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
    /// The line after a grade: when the card comes back.
    fn after_grade(&mut self, line: &str) {
        self.say(line);
    }
    /// Shows a mock-interview question with a live countdown until Enter or time is up.
    fn timed_answer(&mut self, view: &CardView, limit: Duration) -> Result<Timed>;
    /// Shows how a mock answer went and asks for a self-grade: a grade, `Edit` (write the
    /// prepared answer), `Skip` (leave it ungraded) or `Quit` (stop grading).
    fn self_grade(&mut self, result: &MockResult) -> Result<BackAction>;
    /// Asks the user to pick one of `options`; `None` when they decline.
    fn choose(&mut self, title: &str, options: &[String]) -> Result<Option<usize>>;
    /// Asks for a line of text, offering `default`; `None` when they decline.
    fn ask_text(&mut self, question: &str, default: &str) -> Result<Option<String>>;
}

/// Fails with the sentence SPEC §5 asks for when there is no terminal to prompt on.
pub fn require_terminal(command: &'static str) -> Result<()> {
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        Ok(())
    } else {
        Err(Error::NoTerminal(command))
    }
}

/// Asks whether to delete `what`, said in full above a short yes/no question (no by
/// default; Esc or Ctrl-C is no). Without a terminal, a sentence says `--yes` is needed.
pub fn confirm_removal(what: &str, style: &Style) -> Result<bool> {
    require_terminal("remove").map_err(|_| {
        Error::Usage(format!(
            "removing {what} needs --yes when there is no terminal to ask on"
        ))
    })?;
    // What goes is said in full above a short question, so the prompt fits its line.
    let mut out = std::io::stdout();
    let _ = write!(
        out,
        "{}",
        super::prefixed(wrap(&format!("This deletes {what}."), style.width), "")
    );
    let _ = out.flush();
    loop {
        let Some(answer) = super::line::read_line("Delete it? (y/N)", "", style)? else {
            return Ok(false);
        };
        match answer.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" => return Ok(true),
            "" | "n" | "no" => return Ok(false),
            _ => println!(
                "  {}",
                style.paint("type y to delete it, or n (or Enter) to keep it", Tone::Warn)
            ),
        }
    }
}

/// The real prompt, on the terminal.
pub struct TerminalPrompt {
    style: Style,
    /// The command that runs the prompt, named if the terminal goes away.
    command: &'static str,
    /// The editor `e` opens (the config file's, `$VISUAL` or `$EDITOR`).
    editor: Option<String>,
}

impl TerminalPrompt {
    /// A prompt for `command` (`review`, `drill`, `mock`), which needs a terminal, with the
    /// editor `e` opens: every session that can write an answer is given one.
    pub fn open(command: &'static str, style: Style, editor: Option<String>) -> Result<Self> {
        require_terminal(command)?;
        Ok(TerminalPrompt { style, command, editor })
    }

    /// Reads a line after `label`, edited as in a shell (see [`super::line`]); `None` is
    /// Esc or Ctrl-C, the session's Quit.
    fn read_line(&self, label: &str, default: &str) -> Result<Option<String>> {
        super::line::read_line(label, default, &self.style)
    }
}

impl TerminalPrompt {
    /// Says that what was typed is not a key here, and which keys are.
    fn not_a_key(&self, keys: &[&str]) {
        let first = keys.first().copied().unwrap_or_default();
        println!(
            "  {}",
            self.style.paint(
                &format!("not a key here: try {first}, or one of the keys above"),
                Tone::Warn
            )
        );
    }
}

impl Prompt for TerminalPrompt {
    fn front(&mut self, view: &CardView) -> Result<FrontAction> {
        let mut out = std::io::stdout();
        let _ = write!(out, "{}", front_screen(view, &self.style));
        let _ = out.flush();
        loop {
            let Some(line) = self.read_line("", "")? else {
                return Ok(FrontAction::Quit);
            };
            match parse_front(&line) {
                Some(FrontAction::Grade(grade)) => {
                    // Graded before revealing: show what the answer was, then record.
                    let _ = writeln!(
                        out,
                        "{}  {}",
                        back_screen(view, &self.style, false),
                        self.style.paint(&format!("graded {grade}"), Tone::Accent)
                    );
                    let _ = out.flush();
                    return Ok(FrontAction::Grade(grade));
                }
                Some(action) => return Ok(action),
                None => self.not_a_key(FRONT_KEYS),
            }
        }
    }

    fn back(&mut self, view: &CardView) -> Result<BackAction> {
        let mut out = std::io::stdout();
        let _ = write!(out, "{}", back_screen(view, &self.style, true));
        let _ = out.flush();
        loop {
            let Some(line) = self.read_line("grade", "")? else {
                return Ok(BackAction::Quit);
            };
            if let Some(action) = parse_back(&line) {
                return Ok(action);
            }
            self.not_a_key(BACK_KEYS);
        }
    }

    fn edit_answer(&mut self, view: &CardView, current: &str) -> Result<Option<String>> {
        super::editor::edit(
            self.editor.as_deref(),
            current,
            &super::editor::about(&view.front, &view.back, view.kind),
        )
    }

    fn say(&mut self, message: &str) {
        println!("  {}", self.style.paint(message, Tone::Accent));
    }

    fn after_grade(&mut self, line: &str) {
        println!("  {}", self.style.paint(line, Tone::Dim));
    }

    fn timed_answer(&mut self, view: &CardView, limit: Duration) -> Result<Timed> {
        let mut out = std::io::stdout();
        let _ = write!(out, "{}", mock_question_screen(view, &self.style));
        let _ = out.flush();
        let raw = super::line::RawMode::enter()?;
        let started = Instant::now();
        let last = view.position >= view.total;
        let outcome = loop {
            let left = limit.saturating_sub(started.elapsed());
            let line = if self.style.width >= 70 {
                format!(
                    "  ⏱ {} left · answer aloud, Enter when done · Esc ends the mock",
                    clock_text(left + Duration::from_millis(999))
                )
            } else {
                format!(
                    "  ⏱ {} left · Enter when done",
                    clock_text(left + Duration::from_millis(999))
                )
            };
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
            let next = if last {
                "Enter when done, then grade your answers"
            } else {
                "Enter when done, for the next question"
            };
            let alarm = format!("  ⏰ Time's up ({}) · {next}", clock_text(limit));
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
            // The answer went on past the limit: its real length is what to practise.
            let elapsed = started.elapsed();
            let _ = write!(out, "  answered in {}\r\n", timing_text(elapsed, limit, true));
            drop(raw);
            return Ok(Timed { elapsed, ..outcome });
        } else if !outcome.aborted {
            let _ = write!(out, "  answered in {}\r\n", clock_text(outcome.elapsed));
        }
        drop(raw);
        Ok(outcome)
    }

    fn choose(&mut self, title: &str, options: &[String]) -> Result<Option<usize>> {
        let labels: Vec<String> = options.iter().map(|o| safe(o).into_owned()).collect();
        let select = inquire::Select::new(title, labels.clone()).with_render_config(render_config());
        match select.prompt() {
            Ok(chosen) => Ok(labels.iter().position(|l| *l == chosen)),
            Err(InquireError::OperationCanceled | InquireError::OperationInterrupted) => Ok(None),
            Err(InquireError::NotTTY) => Err(Error::NoTerminal(self.command)),
            Err(source) => Err(Error::Prompt { source }),
        }
    }

    fn ask_text(&mut self, question: &str, default: &str) -> Result<Option<String>> {
        Ok(self.read_line(question, default)?.map(|text| text.trim().to_string()))
    }

    fn self_grade(&mut self, result: &MockResult) -> Result<BackAction> {
        let mut out = std::io::stdout();
        let _ = write!(out, "{}", mock_grade_screen(result, &self.style));
        let _ = out.flush();
        loop {
            let Some(line) = self.read_line("grade", "")? else {
                return Ok(BackAction::Quit);
            };
            match parse_back(&line) {
                Some(action @ (BackAction::Grade(_) | BackAction::Edit | BackAction::Skip | BackAction::Quit)) => {
                    return Ok(action);
                }
                _ => self.not_a_key(MOCK_GRADE_KEYS),
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_the_same_for_every_prompt() {
        assert_eq!(parse_front(""), Some(FrontAction::Reveal));
        assert_eq!(parse_front(" Q "), Some(FrontAction::Quit));
        assert_eq!(parse_front("7"), None);
        assert_eq!(
            parse_front("good"),
            Some(FrontAction::Grade(Grade::new(4).unwrap())),
            "a grade before revealing is a grade"
        );
        assert_eq!(parse_back("good"), Some(BackAction::Grade(Grade::new(4).unwrap())));
        assert_eq!(parse_back("0"), Some(BackAction::Grade(Grade::new(0).unwrap())));
        assert_eq!(parse_back("e"), Some(BackAction::Edit));
        assert_eq!(parse_back(""), None);
        assert_eq!(parse_back("9"), None);
    }

    #[test]
    fn the_header_cuts_the_section_at_the_same_place_for_every_card() {
        let view = |position: usize, left: usize, card_id: i64, repeat: bool| CardView {
            position,
            total: 12,
            card_id,
            deck: "Acme Robotics".to_string(),
            kind: Kind::Question,
            section: "Potential Questions to Prepare For in the Interview Loop".to_string(),
            front: String::new(),
            back: String::new(),
            notes: String::new(),
            context: String::new(),
            repeat,
            left,
            similar: Vec::new(),
            preview: None,
        };
        for columns in [80, 100] {
            let style = Style::plain(columns);
            let middles: Vec<String> = [
                view(1, 11, 3, false),
                view(9, 3, 145, false),
                view(10, 2, 12, true),
                view(12, 0, 7, false),
            ]
            .iter()
            .map(|v| {
                let line = header(v, &style);
                assert!(width(&line) <= columns, "{line}");
                // The deck and the section, between the counts and the kind.
                let start = line.find("Acme").unwrap();
                line[start..line.find(" · question").unwrap()].to_string()
            })
            .collect();
            assert!(middles.iter().all(|m| *m == middles[0]), "{columns}: {middles:?}");
            if columns == 100 {
                assert!(middles[0].ends_with('…'), "{middles:?}");
            }
        }
    }

    /// What a key entry's name says to type: Enter is the empty line, 0-5 the six grades;
    /// Esc ends the line itself, so it is never typed as text.
    fn typed(keys: &str) -> Vec<String> {
        keys.split(", ")
            .flat_map(|k| match k {
                "Enter" => vec![String::new()],
                "0-5" => (0..=5).map(|g| g.to_string()).collect(),
                other => vec![other.to_string()],
            })
            .filter(|k| k != "Esc")
            .collect()
    }

    /// What help and the manual list is what the prompts accept, at the side they name.
    #[test]
    fn every_documented_key_is_accepted_where_it_is_listed() {
        type Accepted = fn(&str) -> bool;
        let front: Accepted = |key| parse_front(key).is_some();
        let back: Accepted = |key| parse_back(key).is_some();
        for (listed, accepted) in [(KEYS_AT_THE_FRONT, front), (KEYS_AT_THE_BACK, back)] {
            for (keys, text) in listed {
                for key in typed(keys) {
                    assert!(accepted(&key), "{key:?} from {keys:?}");
                }
                if *keys == "0-5" {
                    for word in ["again", "hard", "good", "easy"] {
                        assert!(text.contains(word) && accepted(word), "{word}");
                    }
                }
            }
        }
    }
}

//! A prompt that answers from a script, for the unit tests of sessions and mock
//! interviews. Compiled only for tests, never into the binary.

use std::collections::VecDeque;
use std::time::Duration;

use super::prompt::{BackAction, CardView, FrontAction, MockResult, Prompt, Timed, parse_back, parse_front};
use crate::error::Result;

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
    /// The answer each edit was opened on, in order.
    pub opened_on: Vec<String>,
    /// How each timed mock answer goes.
    pub timed: VecDeque<Timed>,
    /// Every mock result shown for grading.
    pub results: Vec<MockResult>,
    /// The line shown after each grade.
    pub after_grades: Vec<String>,
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

    fn edit_answer(&mut self, _view: &CardView, current: &str) -> Result<Option<String>> {
        self.opened_on.push(current.to_string());
        Ok(self.edits.pop_front())
    }

    fn say(&mut self, message: &str) {
        self.messages.push(message.to_string());
    }

    fn after_grade(&mut self, line: &str) {
        self.after_grades.push(line.to_string());
    }

    fn timed_answer(&mut self, view: &CardView, _limit: Duration) -> Result<Timed> {
        self.shown.push(view.clone());
        Ok(self.timed.pop_front().unwrap_or(Timed {
            elapsed: Duration::ZERO,
            timed_out: false,
            aborted: true,
        }))
    }

    /// The next script line as a 1-based choice; anything else declines.
    fn choose(&mut self, _title: &str, options: &[String]) -> Result<Option<usize>> {
        Ok(self
            .script
            .pop_front()
            .and_then(|line| line.trim().parse::<usize>().ok())
            .filter(|n| (1..=options.len()).contains(n))
            .map(|n| n - 1))
    }

    /// The next script line; an empty line takes the default.
    fn ask_text(&mut self, _question: &str, default: &str) -> Result<Option<String>> {
        Ok(self.script.pop_front().map(|line| {
            if line.trim().is_empty() {
                default.to_string()
            } else {
                line.trim().to_string()
            }
        }))
    }

    fn self_grade(&mut self, result: &MockResult) -> Result<BackAction> {
        self.results.push(result.clone());
        loop {
            let Some(line) = self.script.pop_front() else {
                return Ok(BackAction::Quit);
            };
            if let Some(action) = parse_back(&line) {
                return Ok(action);
            }
        }
    }
}

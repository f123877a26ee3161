//! Yes-or-no questions a command asks before it makes something the user may not have
//! meant (the session's prompts are in [`super::prompt`]).

use inquire::InquireError;

use super::prompt::require_terminal;
use crate::error::{Error, Result};

/// Asks whether to make the deck `name`, which does not exist (no by default; Esc or
/// Ctrl-C is no), naming the decks it may have been meant for. Without a terminal, a
/// sentence says `--create` is needed.
pub fn confirm_new_deck(name: &str, suggestions: &[String]) -> Result<bool> {
    let meant = if suggestions.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = suggestions
            .iter()
            .map(|s| format!("\"{}\"", super::safe_line(s)))
            .collect();
        format!(" (did you mean {}?)", names.join(" or "))
    };
    let name = super::safe_line(name);
    require_terminal("add").map_err(|_| {
        Error::Usage(format!(
            "there is no deck \"{name}\"{meant}; add --create to make it when there is no terminal to ask on"
        ))
    })?;
    let question = format!("There is no deck \"{name}\"{meant}. Make it?");
    match inquire::Confirm::new(&question).with_default(false).prompt() {
        Ok(answer) => Ok(answer),
        Err(InquireError::OperationCanceled | InquireError::OperationInterrupted) => Ok(false),
        Err(source) => Err(Error::Prompt { source }),
    }
}

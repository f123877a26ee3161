//! Editing text in the user's editor ($VISUAL, then $EDITOR): the file opens with the
//! current text, and below a cut line that holds a fresh random token, the card it
//! answers. Everything the user wrote comes back as written, `#` headings included; only
//! the cut line and the lines prepdeck put under it are left out.

use std::io::Write;
use std::process::Command;

use crate::domain::Kind;
use crate::error::{Error, Result};

/// The editor the environment names, `$VISUAL` before `$EDITOR`, with the variable's name
/// (the config file's `editor` comes first; see `config`).
#[must_use]
pub fn editor_from_env() -> Option<(&'static str, String)> {
    ["VISUAL", "EDITOR"]
        .into_iter()
        .filter_map(|var| std::env::var(var).ok().map(|v| (var, v.trim().to_string())))
        .find(|(_, v)| !v.is_empty())
}

/// What the answer file shows of its card under the cut line: the front, and for a kind
/// whose notes the user writes beside the document's back (a talking point, a question
/// to ask), that back too, since the front alone hides it.
#[must_use]
pub fn about(front: &str, back: &str, kind: Kind) -> String {
    if kind.back_is_answer() || back.trim().is_empty() {
        front.to_string()
    } else {
        format!("{front}\n{back}")
    }
}

/// Opens `current` in `editor` and returns the edited text; `None` when the user saved
/// it unchanged. A text emptied in the editor is refused, as `git commit` refuses an empty
/// message: an answer or a story shown on many cards is too easily wiped by a slip, and
/// `--text ""` clears one on purpose.
pub fn edit(editor: Option<&str>, current: &str, about: &str) -> Result<Option<String>> {
    edit_with(editor, current, about, ANSWER_INSTRUCTION)
}

/// What the answer file says under the card about how it is read.
const ANSWER_INSTRUCTION: &str = "Write your answer above the cut line; prepdeck leaves out this part.";

/// As [`edit`], with `instruction` as the last line under the cut (what to write above it).
pub fn edit_with(editor: Option<&str>, current: &str, about: &str, instruction: &str) -> Result<Option<String>> {
    let editor = editor.ok_or(Error::NoEditor)?.to_string();
    let cut = cut_line(rand::random());
    let footer = footer(about, instruction);
    let initial = format!("{current}\n\n{cut}\n{}\n", footer.join("\n"));
    // A fresh file only this user can read (tempfile creates it 0600), removed when dropped.
    let mut file = tempfile::Builder::new()
        .prefix("prepdeck-answer-")
        .suffix(".md")
        .tempfile()
        .map_err(|e| Error::io("cannot create a file for the editor", e))?;
    let path = file.path().to_path_buf();
    file.write_all(initial.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|e| Error::io(format!("{}: cannot write the answer file", path.display()), e))?;
    // Through the shell, so that editors given with arguments ("code --wait") work.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("prepdeck-editor")
        .arg(&path)
        .status();
    let result = match status {
        Ok(s) if s.success() => std::fs::read_to_string(&path)
            .map_err(|e| Error::io(format!("{}: cannot read the answer back", path.display()), e))
            .and_then(|text| {
                let edited = answer_in(&text, &cut, &footer);
                if edited.is_empty() && !current.trim().is_empty() {
                    return Err(Error::EditorEmptied);
                }
                Ok((edited != current.trim()).then_some(edited))
            }),
        Ok(s) => Err(Error::EditorFailed {
            editor: editor.clone(),
            reason: format!("it exited with {s}; the text was left as it was"),
        }),
        Err(e) => Err(Error::EditorFailed {
            editor: editor.clone(),
            reason: e.to_string(),
        }),
    };
    drop(file);
    result
}

/// The line below which the answer file holds only what the card asks. Its token is
/// random for every edit, so no line of an answer can be taken for it.
fn cut_line(token: u64) -> String {
    format!("------------------------ >8 prepdeck {token:016x} ------------------------")
}

/// What prepdeck writes under the cut line: the card, and how the file is read back.
fn footer(about: &str, instruction: &str) -> Vec<String> {
    let mut lines: Vec<String> = crate::ui::safe(about).lines().map(str::to_string).collect();
    lines.extend(instruction.lines().map(str::to_string));
    lines
}

/// The answer in an edited file: every line above the cut line, and any line under it
/// that is not one prepdeck wrote there (text typed below the cut is kept, not lost).
/// Without a cut line, the whole file. Ends trimmed.
fn answer_in(text: &str, cut: &str, footer: &[String]) -> String {
    let mut lines = text.lines();
    let mut kept: Vec<&str> = lines.by_ref().take_while(|line| line.trim_end() != cut).collect();
    let mut ours: Vec<&str> = footer.iter().map(String::as_str).collect();
    let below: Vec<&str> = lines
        .filter(|line| match ours.iter().position(|o| o == line) {
            Some(at) => {
                ours.remove(at);
                false
            }
            None => true,
        })
        .collect();
    if below.iter().any(|l| !l.trim().is_empty()) {
        while kept.last().is_some_and(|l| l.trim().is_empty()) {
            kept.pop();
        }
        kept.extend(below);
    }
    kept.join("\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_every_line_the_user_wrote_come_back() {
        let cut = cut_line(0xfeed);
        let footer = footer("Why Acme?", ANSWER_INSTRUCTION);
        let file = format!(
            "# Situation\nThe ledger lagged.\n## Result\n# 3 fewer pages\n\n{cut}\n{}\n",
            footer.join("\n")
        );
        assert_eq!(
            answer_in(&file, &cut, &footer),
            "# Situation\nThe ledger lagged.\n## Result\n# 3 fewer pages"
        );
        let other_cut = cut_line(1);
        assert_eq!(
            answer_in(&format!("kept\n{other_cut}\nalso kept"), &cut, &footer),
            format!("kept\n{other_cut}\nalso kept"),
            "another edit's cut line is text like any other"
        );
        assert_eq!(
            answer_in("all of it\n", &cut, &footer),
            "all of it",
            "no cut line: nothing dropped"
        );
        let typed_below = format!("Intro.\n\n{cut}\n{}\nWritten at the end.\n", footer.join("\n"));
        assert_eq!(
            answer_in(&typed_below, &cut, &footer),
            "Intro.\nWritten at the end.",
            "text typed under the cut is kept"
        );
    }
}

//! Editing text in the user's editor ($VISUAL, then $EDITOR), git-style: the file opens with
//! the current text and a commented header; `#` lines are dropped on the way back.

use std::io::Write;
use std::process::Command;

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

/// Opens `current` in `editor` and returns the edited text; `None` when the user saved it
/// unchanged.
pub fn edit(editor: Option<&str>, current: &str, about: &str) -> Result<Option<String>> {
    let editor = editor.ok_or(Error::NoEditor)?.to_string();
    let header = crate::ui::prefixed(crate::ui::safe(about).lines(), "# ");
    let initial = format!("{current}\n{header}# Write your answer above. Lines starting with # are ignored.\n");
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
            .map(|text| {
                let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
                let edited = kept.join("\n").trim().to_string();
                (edited != current.trim()).then_some(edited)
            }),
        Ok(s) => Err(Error::EditorFailed {
            editor: editor.clone(),
            reason: format!("it exited with {s}; the answer was left as it was"),
        }),
        Err(e) => Err(Error::EditorFailed {
            editor: editor.clone(),
            reason: e.to_string(),
        }),
    };
    drop(file);
    result
}

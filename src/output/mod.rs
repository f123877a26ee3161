//! What leaves prepdeck besides its screens: standard output in one piece, JSON, a file
//! named with `-o` (never over the database), cards for other tools and the prep sheet,
//! study plans as iCalendar, the manual page and the shell's completion scripts.

pub(crate) mod calendar;
pub mod completion;
pub mod export;
pub(crate) mod file;
pub(crate) mod man_page;

use std::io::Write;

use crate::error::{Error, Result};

/// Writes to standard output in one piece. A closed pipe (`prepdeck cards | head`)
/// surfaces as an I/O error that `main` treats as success.
pub fn emit(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("cannot write to standard output", e))
}

/// A value as one pretty JSON document followed by a newline.
pub fn json_text<T: serde::Serialize>(value: &T) -> Result<String> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| Error::Encode {
        what: "JSON",
        source: Box::new(e),
    })?;
    text.push('\n');
    Ok(text)
}

/// Prints one JSON document followed by a newline.
pub fn emit_json<T: serde::Serialize>(value: &T) -> Result<()> {
    emit(&json_text(value)?)
}

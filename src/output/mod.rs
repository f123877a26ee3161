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
    emit_with(|out| write_text(out, text.as_bytes()))
}

/// Writes to standard output what `write` writes, as it writes it (a backup is never held
/// whole). A failure of standard output is reported as such, whatever `write` made of it.
pub fn emit_with(write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let mut out = Recording::new(std::io::stdout().lock());
    let written = write(&mut out).and_then(|()| out.flush().map_err(|e| Error::io("", e)));
    match out.failed {
        Some(e) => Err(Error::io("cannot write to standard output", e)),
        None => written,
    }
}

/// Writes a command's output to the file named with `-o` (see [`file`]), saying on standard
/// error that `what` went there, or to standard output. `database` is the database the
/// command works on, which the file may never be.
pub fn deliver(
    output: Option<&std::path::Path>,
    database: &std::path::Path,
    what: &str,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    match output {
        Some(path) => {
            file::write_output(path, database, write)?;
            eprintln!(
                "prepdeck: wrote {what} to {}",
                crate::ui::safe_line(&path.to_string_lossy())
            );
            Ok(())
        }
        None => emit_with(write),
    }
}

/// Writes `bytes` whole, for a `write` closure that has its text already.
pub fn write_text(out: &mut dyn Write, bytes: &[u8]) -> Result<()> {
    out.write_all(bytes).map_err(|e| Error::io("", e))
}

/// A writer that keeps its first failure, so that the caller can name the output that
/// failed however the code writing to it reported the error.
pub(crate) struct Recording<W> {
    inner: W,
    pub(crate) failed: Option<std::io::Error>,
}

impl<W: Write> Recording<W> {
    pub(crate) fn new(inner: W) -> Self {
        Recording { inner, failed: None }
    }

    fn keep(&mut self, error: std::io::Error) -> std::io::Error {
        let copy = match error.raw_os_error() {
            Some(code) => std::io::Error::from_raw_os_error(code),
            None => std::io::Error::new(error.kind(), error.to_string()),
        };
        self.failed.get_or_insert(error);
        copy
    }
}

impl<W: Write> Write for Recording<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.inner.write(bytes).map_err(|e| self.keep(e))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().map_err(|e| self.keep(e))
    }
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

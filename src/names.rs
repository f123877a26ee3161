//! Deck and story names: what is kept of a name typed or read (control sequences
//! stripped, whitespace folded to single spaces, trimmed) and the longest a name may be,
//! so a name fits a line of a table, a calendar entry or a message.

use crate::domain::MAX_NAME_CHARS;
use crate::error::{Error, Result};
use crate::profile::text::clean_name;

/// A name the user typed for a `what` ("deck", "story"), as it is stored: refused when
/// nothing printable is left (`empty` says so) or when it is over [`MAX_NAME_CHARS`].
pub fn typed(name: &str, what: &'static str, empty: &str) -> Result<String> {
    let clean = clean_name(name);
    if clean.is_empty() {
        return Err(Error::Usage(empty.to_string()));
    }
    let chars = clean.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(Error::NameTooLong { what, chars });
    }
    Ok(clean)
}

/// A name read from a document or a backup, as it is stored: cut to [`MAX_NAME_CHARS`]
/// when it is longer; then with the number of characters it had.
#[must_use]
pub fn shortened(name: &str) -> (String, Option<usize>) {
    let clean = clean_name(name);
    match clean.char_indices().nth(MAX_NAME_CHARS) {
        None => (clean, None),
        Some((cut, _)) => {
            let chars = clean.chars().count();
            (clean[..cut].trim_end().to_string(), Some(chars))
        }
    }
}

/// What the import or restore says of a `what` ("deck", "story") name it cut.
#[must_use]
pub fn shortened_note(what: &str, chars: usize) -> String {
    format!("the {what} name read had {chars} characters: it keeps the first {MAX_NAME_CHARS}, the most a name has")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_names_are_cleaned_and_bounded() {
        assert_eq!(typed("  Acme \n Robotics ", "deck", "empty").unwrap(), "Acme Robotics");
        assert_eq!(typed("\u{1b}[31mRed\u{1b}[0m", "story", "empty").unwrap(), "Red");
        assert!(matches!(typed("\u{1b}[2J\u{7}\u{1}", "story", "empty"), Err(Error::Usage(m)) if m == "empty"));
        let longest = "é".repeat(MAX_NAME_CHARS);
        assert_eq!(typed(&longest, "deck", "empty").unwrap(), longest);
        assert!(matches!(
            typed(&format!("{longest}x"), "deck", "empty"),
            Err(Error::NameTooLong {
                what: "deck",
                chars: 101
            })
        ));
    }

    #[test]
    fn read_names_are_cut_between_characters() {
        assert_eq!(shortened("Acme"), ("Acme".to_string(), None));
        let (kept, had) = shortened(&"😀".repeat(250_000));
        assert_eq!(kept, "😀".repeat(MAX_NAME_CHARS));
        assert_eq!(had, Some(250_000));
        let (kept, _) = shortened(&format!("{} tail", "a".repeat(MAX_NAME_CHARS - 1)));
        assert_eq!(kept, "a".repeat(MAX_NAME_CHARS - 1), "no trailing space");
    }
}

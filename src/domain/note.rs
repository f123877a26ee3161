//! A document's notes: sections that are not cards but belong on its prep sheet — the
//! keywords to emphasize and the company's mission and values, as the document words them.

/// What a note section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoteTopic {
    /// Words and phrases to work into answers.
    Keywords,
    /// The company's mission, values and principles.
    Values,
}

impl NoteTopic {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            NoteTopic::Keywords => "keywords",
            NoteTopic::Values => "values",
        }
    }

    /// The topic whose stored name is exactly `name`.
    #[must_use]
    pub fn from_stored(name: &str) -> Option<NoteTopic> {
        [NoteTopic::Keywords, NoteTopic::Values]
            .into_iter()
            .find(|t| t.as_str() == name)
    }
}

/// One note section of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentNote {
    pub topic: NoteTopic,
    /// The section's heading as the document gives it (`Keywords to Emphasize`).
    pub heading: String,
    /// Its entries in order, each with its nesting depth (0 for a top-level entry).
    pub entries: Vec<NoteEntry>,
}

/// One line of a note section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEntry {
    pub depth: usize,
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_read_back_from_their_names() {
        for topic in [NoteTopic::Keywords, NoteTopic::Values] {
            assert_eq!(NoteTopic::from_stored(topic.as_str()), Some(topic));
        }
        assert_eq!(NoteTopic::from_stored("Keywords"), None);
    }
}

//! The small form `add` and `edit` open in the editor: a card's kind and tags on a line
//! each, then its front and its back, each under its own label line. Written and read
//! back here; the editor itself is [`super::editor`].

/// What the form holds. `kind` and `tags` are `None` when the form has no line for them
/// (`edit` changes only the texts).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CardForm {
    pub kind: Option<String>,
    pub tags: Option<Vec<String>>,
    pub front: String,
    pub back: String,
}

/// What the form says under the editor's cut line about how it is read.
pub const ADD_INSTRUCTION: &str = "\
Fill in the card above the cut line: its front under \"front:\", its back under
\"back:\" (as many lines as it takes). kind is question, talking-point, ask,
skill-map or topic; tags are words separated by spaces. An empty front adds
nothing. prepdeck leaves out this part.";

/// The same for `edit`.
pub const EDIT_INSTRUCTION: &str = "\
Change the front under \"front:\" and the back under \"back:\" above the cut
line; prepdeck leaves out this part.";

const KIND: &str = "kind:";
const TAGS: &str = "tags:";
const FRONT: &str = "front:";
const BACK: &str = "back:";

impl CardForm {
    /// The form as the editor opens on it.
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Some(kind) = &self.kind {
            out.push_str(&format!("{KIND} {kind}\n"));
        }
        if let Some(tags) = &self.tags {
            out.push_str(format!("{TAGS} {}", tags.join(" ")).trim_end());
            out.push('\n');
        }
        out.push_str(&format!("{FRONT}\n{}\n{BACK}\n{}", self.front.trim(), self.back.trim()));
        out.trim_end().to_string()
    }

    /// The form as the user left it. The `kind:` and `tags:` lines count before `front:`;
    /// the front runs from `front:` to the `back:` line, and everything after that is the
    /// back (so a back may hold any line). Other lines before `front:` (or a text with no
    /// `front:` line at all) go to the front: nothing typed is dropped.
    #[must_use]
    pub fn parse(text: &str) -> CardForm {
        let mut form = CardForm::default();
        let mut front: Option<Vec<&str>> = None;
        let mut back: Option<Vec<&str>> = None;
        let mut loose: Vec<&str> = Vec::new();
        for line in text.lines() {
            if let Some(back) = back.as_mut() {
                back.push(line);
                continue;
            }
            if let Some(rest) = label(line, BACK).filter(|_| front.is_some()) {
                back = Some(vec![rest.trim_start()]);
                continue;
            }
            if let Some(front) = front.as_mut() {
                front.push(line);
                continue;
            }
            if let Some(rest) = label(line, FRONT) {
                front = Some(vec![rest.trim_start()]);
            } else if let Some(rest) = label(line, KIND) {
                form.kind = Some(rest.trim().to_string());
            } else if let Some(rest) = label(line, TAGS) {
                form.tags = Some(
                    rest.split([' ', ',', '\t'])
                        .filter(|t| !t.trim().is_empty())
                        .map(|t| t.trim().to_string())
                        .collect(),
                );
            } else {
                loose.push(line);
            }
        }
        let joined = |lines: Vec<&str>| lines.join("\n").trim().to_string();
        loose.extend(front.unwrap_or_default());
        form.front = joined(loose);
        form.back = joined(back.unwrap_or_default());
        form
    }
}

/// The rest of `line` after `name` at its start (any case), or `None`.
fn label<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let head = line.get(..name.len())?;
    head.eq_ignore_ascii_case(name).then(|| &line[name.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_reads_back_as_it_was_written() {
        let form = CardForm {
            kind: Some("talking-point".to_string()),
            tags: Some(vec!["systems".to_string(), "ops".to_string()]),
            front: "The dispatcher story".to_string(),
            back: "Rewrote it.\n\nback: 40% faster.".to_string(),
        };
        assert_eq!(CardForm::parse(&form.render()), form);
        let empty = CardForm {
            kind: Some("question".to_string()),
            tags: Some(Vec::new()),
            ..CardForm::default()
        };
        assert_eq!(empty.render(), "kind: question\ntags:\nfront:\n\nback:");
        assert_eq!(CardForm::parse(&empty.render()), empty);
    }

    #[test]
    fn the_user_may_write_on_the_label_line_or_leave_labels_out() {
        let form = CardForm::parse("Kind: ask\nTAGS: a, b\nfront: Why now?\nstill the front\nback: Because.");
        assert_eq!(form.kind.as_deref(), Some("ask"));
        assert_eq!(form.tags, Some(vec!["a".to_string(), "b".to_string()]));
        assert_eq!(form.front, "Why now?\nstill the front");
        assert_eq!(form.back, "Because.");
        assert_eq!(CardForm::parse("Just a question?\n").front, "Just a question?");
        assert_eq!(
            CardForm::parse("back: not a back\nfront: q").front,
            "back: not a back\nq",
            "a back before the front is no back, and nothing typed is dropped"
        );
    }
}

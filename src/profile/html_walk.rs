//! One walk over HTML for every reader of it: the WHATWG tokenizer html5gum (entities
//! decoded, tag soup tolerated, script and style content never read as markup), tag names
//! lower-cased, and the content of the elements a reader never shows dropped before the
//! reader sees it. Profiles, question banks, other tools' fields and the terminal's
//! rendering of answers each say only what they make of a tag.

use html5gum::{DefaultEmitter, StartTag, Token, Tokenizer};

/// An opening tag, as a reader sees it.
pub struct Opening<'a> {
    /// The element's name, lower-cased.
    pub name: &'a str,
    /// `<br/>`: no end tag follows.
    pub self_closing: bool,
    tag: &'a StartTag<()>,
}

impl Opening<'_> {
    /// The value of one of the tag's attributes, if it has it.
    #[must_use]
    pub fn attribute(&self, key: &str) -> Option<String> {
        self.tag
            .attributes
            .get(key.as_bytes())
            .map(|value| String::from_utf8_lossy(value).into_owned())
    }
}

/// What a reader makes of tags and text, in document order.
pub trait HtmlReader {
    /// An element opens.
    fn start(&mut self, tag: &Opening<'_>);
    /// An element closes (`name` lower-cased); also for elements never opened.
    fn end(&mut self, name: &str);
    /// Text, entities decoded.
    fn text(&mut self, text: &str);
}

/// Walks `source` into `reader`, leaving out whatever stands inside an element named in
/// `hidden` (its own tags too).
pub fn walk(source: &str, hidden: &[&str], reader: &mut impl HtmlReader) {
    let mut emitter = DefaultEmitter::default();
    // Script and style content must not be tokenized as markup.
    emitter.naively_switch_states(true);
    let mut hiding: Vec<String> = Vec::new();
    for token in Tokenizer::new_with_emitter(source, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if !hiding.is_empty() || hidden.contains(&name.as_str()) {
                    if !tag.self_closing && !is_void(&name) {
                        hiding.push(name);
                    }
                    continue;
                }
                reader.start(&Opening {
                    name: &name,
                    self_closing: tag.self_closing,
                    tag: &tag,
                });
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if let Some(open) = hiding.last() {
                    if *open == name {
                        hiding.pop();
                    }
                    continue;
                }
                reader.end(&name);
            }
            Token::String(text) if hiding.is_empty() => reader.text(&String::from_utf8_lossy(&text)),
            _ => {}
        }
    }
}

/// Elements that never have content or an end tag.
#[must_use]
pub fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "hr"
            | "img"
            | "meta"
            | "link"
            | "input"
            | "area"
            | "base"
            | "col"
            | "embed"
            | "source"
            | "track"
            | "wbr"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Trace(Vec<String>);

    impl HtmlReader for Trace {
        fn start(&mut self, tag: &Opening<'_>) {
            let href = tag.attribute("href").map(|h| format!(" href={h}")).unwrap_or_default();
            self.0.push(format!(
                "<{}{href}{}>",
                tag.name,
                if tag.self_closing { "/" } else { "" }
            ));
        }
        fn end(&mut self, name: &str) {
            self.0.push(format!("</{name}>"));
        }
        fn text(&mut self, text: &str) {
            self.0.push(text.to_string());
        }
    }

    #[test]
    fn hidden_elements_vanish_with_their_content_and_names_are_lower_cased() {
        let mut trace = Trace::default();
        walk(
            "<P>a &amp; b<SCRIPT>if (x < y) {}</script><nav><a href='#'>top</a><br></nav><A HREF='u'>c</A><br/></p>",
            &["script", "nav"],
            &mut trace,
        );
        assert_eq!(trace.0, ["<p>", "a & b", "<a href=u>", "c", "</a>", "<br/>", "</p>"]);
    }
}

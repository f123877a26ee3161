//! What a search looks for: the words the user typed, each matching any word of a card that
//! starts with it, in any case and with or without accents (as the full-text index folds
//! them), in any order.

/// The words of a search, folded (lower case, accents taken off), in the order typed,
/// each once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchTerms {
    terms: Vec<String>,
}

/// The most words one search keeps: far beyond what anyone types, small enough that no
/// query grows without bound.
pub const MAX_TERMS: usize = 32;

impl SearchTerms {
    /// The words of `typed`; `None` when it holds none (only punctuation or spaces).
    /// Everything that is not a letter or a digit separates words, as the index's
    /// tokenizer reads text: quotes, `*`, `-` and brackets are never query syntax.
    #[must_use]
    pub fn parse(typed: &str) -> Option<SearchTerms> {
        let mut terms: Vec<String> = Vec::new();
        for (start, end) in words(typed) {
            let term = fold(&typed[start..end]);
            if !terms.contains(&term) {
                terms.push(term);
            }
            if terms.len() == MAX_TERMS {
                break;
            }
        }
        (!terms.is_empty()).then_some(SearchTerms { terms })
    }

    /// The folded words.
    #[must_use]
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// Whether a word of a card (as written) is one the search looks for: it starts with
    /// one of the terms, case and accents aside.
    #[must_use]
    pub fn matches_word(&self, word: &str) -> bool {
        let folded = fold(word);
        self.terms.iter().any(|term| folded.starts_with(term.as_str()))
    }

    /// The terms found in `text` (each term once, in the order of the search).
    #[must_use]
    pub fn found_in(&self, text: &str) -> Vec<&str> {
        let folded: Vec<String> = words(text).map(|(s, e)| fold(&text[s..e])).collect();
        self.terms
            .iter()
            .filter(|term| folded.iter().any(|w| w.starts_with(term.as_str())))
            .map(String::as_str)
            .collect()
    }

    /// The byte ranges of `text`'s words that match, in order.
    #[must_use]
    pub fn matches_in(&self, text: &str) -> Vec<(usize, usize)> {
        words(text).filter(|&(s, e)| self.matches_word(&text[s..e])).collect()
    }
}

/// The byte ranges of the words of `text`: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = chars.peek() {
            if c.is_alphanumeric() {
                break;
            }
            chars.next();
        }
        let (start, _) = *chars.peek()?;
        let mut end = start;
        while let Some(&(at, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                break;
            }
            end = at + c.len_utf8();
            chars.next();
        }
        Some((start, end))
    })
}

/// A word folded as the index folds it: lower case, and the accents of Latin letters
/// taken off (`Résumé` → `resume`).
#[must_use]
pub fn fold(word: &str) -> String {
    word.chars().flat_map(char::to_lowercase).map(base_letter).collect()
}

/// A Latin letter without its accent; any other character as it is.
fn base_letter(c: char) -> char {
    match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' => 'd',
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' => 'h',
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò'..='ö' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' => 's',
        'ţ' | 'ť' => 't',
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_syntax_is_only_words() {
        let terms = SearchTerms::parse("\"Kafka\" AND -outage* NEAR( café").unwrap();
        assert_eq!(terms.terms(), ["kafka", "and", "outage", "near", "cafe"]);
        assert!(SearchTerms::parse(" \"*\" -( ) ").is_none());
        assert_eq!(SearchTerms::parse("cache CACHE").unwrap().terms(), ["cache"]);
    }

    #[test]
    fn words_match_by_prefix_in_any_case_and_accent() {
        let terms = SearchTerms::parse("resum kaf").unwrap();
        assert!(terms.matches_word("Résumé"));
        assert!(terms.matches_word("KAFKA"));
        assert!(!terms.matches_word("prekafka"));
        assert_eq!(
            terms.matches_in("My résumé mentions Kafka, twice."),
            vec![(3, 11), (21, 26)]
        );
        assert_eq!(terms.found_in("kafka only"), ["kaf"]);
    }
}

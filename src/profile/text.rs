//! Text repair for documents written by people and other tools: byte decoding with a
//! fallback, mojibake repair, terminal-control stripping, quote and key normalisation.

use std::borrow::Cow;

use encoding_rs::{Encoding, MACINTOSH, UTF_8, WINDOWS_1252};

/// How the bytes of a document were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoding {
    Utf8,
    /// A byte-order mark named the encoding (UTF-8 or UTF-16).
    Bom(&'static str),
    /// Not valid UTF-8: read as Windows-1252, the superset of Latin-1 that editors write.
    Windows1252,
}

impl Decoding {
    /// A sentence for the import report when the encoding was not plain UTF-8.
    #[must_use]
    pub fn note(self) -> Option<String> {
        match self {
            Decoding::Utf8 | Decoding::Bom("UTF-8") => None,
            Decoding::Bom(name) => Some(format!("decoded as {name} (byte-order mark)")),
            Decoding::Windows1252 => Some("not UTF-8: decoded as Latin-1 (Windows-1252)".to_string()),
        }
    }
}

/// Decodes a document's bytes: a byte-order mark wins, then UTF-8, then Windows-1252.
#[must_use]
pub fn decode(bytes: &[u8]) -> (String, Decoding) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), Decoding::Bom(encoding.name()));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_string(), Decoding::Utf8)
    } else {
        let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
        (text.into_owned(), Decoding::Windows1252)
    }
}

/// True when the bytes are not text: NUL bytes, or mostly control characters.
#[must_use]
pub fn looks_binary(bytes: &[u8]) -> bool {
    if Encoding::for_bom(bytes).is_some_and(|(enc, _)| enc != UTF_8) {
        return false; // UTF-16 text is full of NULs by design.
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|b| b.is_ascii_control() && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    controls * 10 > head.len()
}

/// Repairs UTF-8 text that was once decoded as Mac Roman (`what‚Äôs`) or Windows-1252
/// (`whatâ€™s`). Each run of non-ASCII characters is mapped back to the bytes it came
/// from; wherever those bytes form a multi-byte UTF-8 character, that character replaces
/// them. Correct text is left alone, because accented letters and symbols written on
/// purpose almost never line up into valid UTF-8 sequences.
#[must_use]
pub fn repair_mojibake(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut run = String::new();
    for ch in text.chars() {
        if ch.is_ascii() {
            if !run.is_empty() {
                changed |= repair_run(&run, &mut out);
                run.clear();
            }
            out.push(ch);
        } else {
            run.push(ch);
        }
    }
    if !run.is_empty() {
        changed |= repair_run(&run, &mut out);
    }
    if changed { Cow::Owned(out) } else { Cow::Borrowed(text) }
}

/// Repairs one run of non-ASCII characters into `out`; returns whether anything changed.
fn repair_run(run: &str, out: &mut String) -> bool {
    if run.chars().count() < 2 {
        out.push_str(run);
        return false;
    }
    // Both encodings can turn some runs into valid UTF-8 (`Ã©` is `é` from Windows-1252
    // but a combining mark from Mac Roman): keep the plausible reading that repairs most.
    let best = [MACINTOSH, WINDOWS_1252]
        .into_iter()
        .filter_map(|encoding| reinterpret(run, encoding))
        .filter(|candidate| !candidate.chars().any(implausible_in_prose))
        .min_by_key(|candidate| candidate.chars().count());
    if let Some(repaired) = best {
        out.push_str(&repaired);
        true
    } else {
        out.push_str(run);
        false
    }
}

/// Characters that a repair must not produce: they betray a wrong guess of the encoding.
fn implausible_in_prose(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c) || ('\u{80}'..='\u{9f}').contains(&c)
}

/// Maps each character back to its byte in `encoding` and decodes every valid UTF-8
/// multi-byte sequence found among them. `None` when no sequence was found.
fn reinterpret(run: &str, encoding: &'static Encoding) -> Option<String> {
    let chars: Vec<char> = run.chars().collect();
    let bytes: Vec<Option<u8>> = chars.iter().map(|&c| single_byte(c, encoding)).collect();
    let mut out = String::with_capacity(run.len());
    let mut repaired = false;
    let mut i = 0;
    while i < chars.len() {
        if let Some((ch, len)) = utf8_sequence_at(&bytes[i..]) {
            out.push(ch);
            repaired = true;
            i += len;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    repaired.then_some(out)
}

/// The byte a character has in a single-byte encoding, if it has one.
fn single_byte(ch: char, encoding: &'static Encoding) -> Option<u8> {
    let mut buf = [0u8; 4];
    let (bytes, _, had_errors) = encoding.encode(ch.encode_utf8(&mut buf));
    (!had_errors && bytes.len() == 1).then(|| bytes[0])
}

/// A valid multi-byte UTF-8 character starting at the first byte, with its length.
fn utf8_sequence_at(bytes: &[Option<u8>]) -> Option<(char, usize)> {
    let lead = (*bytes.first()?)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    if bytes.len() < len {
        return None;
    }
    let seq: Option<Vec<u8>> = bytes[..len].iter().copied().collect();
    let seq = seq?;
    let text = std::str::from_utf8(&seq).ok()?;
    text.chars().next().map(|c| (c, len))
}

/// Removes terminal control sequences and control characters (C0 but newline and tab,
/// DEL, C1), so that text from a document can never drive the terminal it is printed on.
#[must_use]
pub fn strip_controls(text: &str) -> Cow<'_, str> {
    // Printable ASCII, line breaks and tabs (nearly every text) are seen byte by byte.
    let plain = text.bytes().all(|b| matches!(b, b' '..=b'~' | b'\n' | b'\t'));
    if plain || !text.chars().any(is_unwanted_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\u{1b}' => skip_escape_sequence(&mut chars),
            '\u{9b}' => skip_until_final(&mut chars),
            c if is_unwanted_control(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn is_unwanted_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || c == '\u{7f}' || is_bidi_control(c)
}

/// The embedding, override and isolate controls of bidirectional text: printed, they can
/// reorder what follows them on the line (`evil\u{202e}dm.exe`).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text that must print as one line (a file or deck name, an error sentence): controls
/// stripped as by [`strip_controls`], and line breaks and tabs shown as `\n`, `\r`, `\t`.
#[must_use]
pub fn one_line(text: &str) -> Cow<'_, str> {
    let stripped = strip_controls(text);
    if !stripped.contains(['\n', '\r', '\t']) {
        return stripped;
    }
    Cow::Owned(stripped.replace('\n', "\\n").replace('\r', "\\r").replace('\t', "\\t"))
}

/// Text quoted in a message (a value a file holds, a key it names): on one line as by
/// [`one_line`], and cut to `max` characters, ending with `…` when cut.
#[must_use]
pub fn excerpt(text: &str, max: usize) -> String {
    let line = one_line(text);
    match line.char_indices().nth(max.saturating_sub(1)) {
        Some((cut, _)) if line.chars().count() > max => format!("{}…", &line[..cut]),
        _ => line.into_owned(),
    }
}

/// A deck name as it is stored: controls stripped, whitespace (line breaks included)
/// folded to single spaces, trimmed.
#[must_use]
pub fn clean_name(name: &str) -> String {
    squash_whitespace(&strip_controls(name))
}

fn skip_escape_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_until_final(chars);
        }
        Some(']' | 'P' | '_' | '^' | 'X') => {
            // OSC and string sequences end with BEL or ESC \.
            chars.next();
            while let Some(c) = chars.next() {
                if c == '\u{7}' {
                    break;
                }
                if c == '\u{1b}' {
                    if chars.peek() == Some(&'\\') {
                        chars.next();
                    }
                    break;
                }
            }
        }
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

fn skip_until_final(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

const OPENING_QUOTES: &[char] = &['"', '\u{201c}', '\u{201e}', '\u{ab}', '\'', '\u{2018}'];
const CLOSING_QUOTES: &[char] = &['"', '\u{201d}', '\u{201c}', '\u{bb}', '\'', '\u{2019}'];

/// Removes quotes that wrap a whole item (`"…"`, `“…”`, `'…'`), keeping quotes inside it.
#[must_use]
pub fn strip_wrapping_quotes(text: &str) -> &str {
    let mut current = text.trim();
    loop {
        let Some(first) = current.chars().next() else {
            return current;
        };
        if !OPENING_QUOTES.contains(&first) {
            return current;
        }
        let body = &current[first.len_utf8()..];
        let trimmed_end = body.trim_end_matches(['.', ',', ';']);
        let Some(last) = trimmed_end.chars().last() else {
            return current;
        };
        if !CLOSING_QUOTES.contains(&last) {
            return current;
        }
        let inner = &trimmed_end[..trimmed_end.len() - last.len_utf8()];
        let is_double = |c: char| matches!(c, '"' | '\u{201c}' | '\u{201d}' | '\u{201e}');
        // A quote of the same weight inside means the outer pair does not wrap the whole.
        if (is_double(first) && inner.chars().any(is_double)) || (first == '\'' && inner.contains('\'')) {
            return current;
        }
        current = inner.trim();
    }
}

/// Collapses every run of white space to one space and trims the ends.
#[must_use]
pub fn squash_whitespace(text: &str) -> String {
    let trimmed = text.trim();
    let mut previous_space = false;
    let already_squashed = trimmed.chars().all(|c| {
        let lone = c == ' ' && !previous_space;
        let ok = !c.is_whitespace() || lone;
        previous_space = c == ' ';
        ok
    });
    if already_squashed {
        return trimmed.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The identity of an item's text for matching: lower case, letters and digits only,
/// single spaces. Quotes, apostrophes, dashes and other punctuation fold away.
#[must_use]
pub fn match_key(text: &str) -> String {
    if text.is_ascii() {
        ascii_match_key(text.as_bytes())
    } else {
        unicode_match_key(text)
    }
}

/// [`match_key`] of any text, character by character.
fn unicode_match_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(ch.to_ascii_lowercase());
        } else if ch.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(ch.to_lowercase());
        } else if matches!(ch, '\'' | '\u{2019}' | '\u{2018}' | '`') {
            // "you'd" and "youd" are the same word; don't split it.
        } else {
            pending_space = true;
        }
    }
    out
}

/// [`match_key`] of ASCII text, byte by byte (the same rules: no other letter or quote
/// can occur in it).
fn ascii_match_key(text: &[u8]) -> String {
    let mut out = Vec::with_capacity(text.len());
    let mut pending_space = false;
    for &byte in text {
        if byte.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(b' ');
            }
            pending_space = false;
            out.push(byte.to_ascii_lowercase());
        } else if !matches!(byte, b'\'' | b'`') {
            pending_space = true;
        }
    }
    // Only ASCII bytes were pushed.
    String::from_utf8(out).unwrap_or_default()
}

/// Title-cases a name that was written all in lower case (`lumen health` → `Lumen Health`);
/// a name with any capital letter is kept as written.
#[must_use]
pub fn title_case_if_lower(name: &str) -> String {
    if name.chars().any(char::is_uppercase) {
        return name.to_string();
    }
    name.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where the front matter at the top of a document ends (`---` … `---` of YAML, or `+++`
/// … `+++` of TOML, holding `key: value` lines): the length of the block with its closing
/// line, or `None` when the document has none. A rule over prose is not front matter.
#[must_use]
pub fn front_matter_len(source: &str) -> Option<usize> {
    let mut lines = source.split_inclusive('\n');
    let first = lines.next()?;
    let marker = first.trim_end();
    if marker != "---" && marker != "+++" {
        return None;
    }
    let mut length = first.len();
    let mut keys = false;
    for line in lines.take(200) {
        length += line.len();
        let text = line.trim_end();
        if text == marker || (marker == "---" && text == "...") {
            return keys.then_some(length);
        }
        keys |= text.contains(':') || text.contains('=');
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_one_line_cut_to_its_length() {
        assert_eq!(excerpt("short", 40), "short");
        assert_eq!(excerpt("a\nb\u{1b}[31m", 40), "a\\nb");
        assert_eq!(excerpt("abcdef", 4), "abc…");
        assert_eq!(excerpt("abcd", 4), "abcd");
        assert_eq!(excerpt("ééééé", 3), "éé…");
    }

    #[test]
    fn mac_roman_mojibake_is_repaired() {
        assert_eq!(repair_mojibake("what‚Äôs up"), "what’s up");
        assert_eq!(repair_mojibake("the last 6‚Äì12 months"), "the last 6–12 months");
        assert_eq!(repair_mojibake("‚ö†Ô∏è notice"), "⚠️ notice");
        assert_eq!(repair_mojibake("‚Äúquoted‚Äù"), "“quoted”");
    }

    #[test]
    fn windows_1252_mojibake_is_repaired() {
        assert_eq!(repair_mojibake("whatâ€™s"), "what’s");
        assert_eq!(repair_mojibake("cafÃ©"), "café");
    }

    #[test]
    fn correct_text_is_left_alone() {
        for text in [
            "café",
            "naïve résumé",
            "Zürich – Genève",
            "what’s",
            "6–12",
            "日本語のテキスト",
            "⚠️",
        ] {
            assert_eq!(repair_mojibake(text), text, "{text}");
        }
    }

    #[test]
    fn latin1_bytes_fall_back_to_windows_1252() {
        let (text, how) = decode(b"caf\xe9 na\xefve");
        assert_eq!(text, "café naïve");
        assert_eq!(how, Decoding::Windows1252);
        assert!(how.note().unwrap().contains("Latin-1"));
        assert_eq!(decode("café".as_bytes()).1, Decoding::Utf8);
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "hé".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert!(!looks_binary(&bytes));
        assert_eq!(decode(&bytes).0, "hé");
    }

    #[test]
    fn binary_is_recognised() {
        assert!(looks_binary(b"\x7fELF\x02\x01\x01\x00\x00"));
        assert!(!looks_binary(b"# Profile\r\n- item\n"));
    }

    #[test]
    fn controls_and_escape_sequences_are_stripped() {
        assert_eq!(strip_controls("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(strip_controls("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(strip_controls("bell\u{7} back\u{8}space\u{9b}2Jz"), "bell backspacez");
        assert_eq!(strip_controls("keep\nlines\tand tabs"), "keep\nlines\tand tabs");
    }

    #[test]
    fn wrapping_quotes_go_inner_quotes_stay() {
        assert_eq!(strip_wrapping_quotes("\"Why us?\""), "Why us?");
        assert_eq!(strip_wrapping_quotes("“Why us?”"), "Why us?");
        assert_eq!(strip_wrapping_quotes("\"Why us?\"."), "Why us?");
        assert_eq!(strip_wrapping_quotes("\"A\" and \"B\""), "\"A\" and \"B\"");
        assert_eq!(strip_wrapping_quotes("'Tis fine"), "'Tis fine");
        assert_eq!(strip_wrapping_quotes("plain"), "plain");
    }

    #[test]
    fn ascii_text_has_the_same_match_key_byte_by_byte() {
        proptest::proptest!(crate::testing::proptest_config(256), |(text in "[ -~\t\n]{0,60}")| {
            proptest::prop_assert_eq!(ascii_match_key(text.as_bytes()), unicode_match_key(&text));
        });
    }

    #[test]
    fn match_keys_fold_case_quotes_and_punctuation() {
        assert_eq!(match_key("What’s the plan — now?"), match_key("whats the plan now"));
        assert_eq!(match_key("6–12 months"), match_key("6-12 Months"));
        assert_eq!(match_key("you'd"), "youd");
    }

    #[test]
    fn names_are_title_cased_only_when_all_lower() {
        assert_eq!(title_case_if_lower("lumen health"), "Lumen Health");
        assert_eq!(title_case_if_lower("iRobot"), "iRobot");
    }
}

//! Spreadsheets saved as text (CSV, TSV, semicolon-separated) and Anki's "Notes in Plain
//! Text" export, read into notes.
//!
//! - A sheet whose first row names its columns — a question (`question`, `front`, `q`,
//!   `prompt`, `term`) and an answer (`answer`, `back`, `a`, `definition`), and optionally
//!   `deck` and `tags` — in any case, separated by commas, semicolons or tabs.
//! - Two columns without a header: question and answer. Read only when nothing else
//!   fits (the importer tries profiles first), and only tab-separated or from a file the
//!   caller says is a spreadsheet (`.csv`), so a prose file with a comma on each line is
//!   never taken for one.
//! - Anki's export, recognised by its `#key:value` lines at the top: `#separator`,
//!   `#html`, `#tags`, `#deck`, `#notetype`, `#columns`, and the columns of the GUID, note
//!   type, deck and tags; the other columns are the note's fields, the first its front.
//!
//! Quoted fields may hold separators, doubled quotes and line breaks; a byte-order mark and
//! Windows line endings are read as usual. Fields holding HTML are turned into text.

use super::field::{Media, cloze_sides, has_cloze, html_to_text, plain_text};
use super::{CardSet, ForeignNote, Shape, split_tags};
use crate::wording::count;

/// Why a file that is clearly a sheet or an Anki export cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("line {line}: {problem}")]
    Line { line: u64, problem: String },
    #[error("{0}")]
    Header(String),
    #[error("no row holds a question")]
    NoRows,
}

/// Reads `text` as Anki's plain-text export or as a sheet with a header. `Ok(None)`: it is
/// neither (a profile, perhaps).
pub fn read(text: &str) -> Result<Option<CardSet>, SheetError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(header) = anki_header(text)? {
        return read_anki_text(text, &header).map(Some);
    }
    let Some((delimiter, columns)) = sheet_header(text) else {
        return Ok(None);
    };
    let rows = records(text, delimiter).skip(1);
    read_rows(
        rows,
        &columns,
        Shape::Spreadsheet {
            delimiter,
            header: true,
        },
    )
    .map(Some)
}

/// Whether `text` (or its first part) is Anki's text export or a sheet with a header: what
/// [`read`] reads rather than leaving to the profile reader.
#[must_use]
pub fn looks_like_one(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    anki_text(text) || sheet_header(text).is_some()
}

/// Whether `text` starts with Anki's `#key:value` header lines (readable or not).
#[must_use]
pub fn anki_text(text: &str) -> bool {
    !matches!(anki_header(text.strip_prefix('\u{feff}').unwrap_or(text)), Ok(None))
}

/// The delimiter and columns a sheet's first row names, if it names a question and an
/// answer.
fn sheet_header(text: &str) -> Option<(u8, Columns)> {
    let first_line = text.lines().find(|l| !l.trim().is_empty())?;
    [b'\t', b';', b','].into_iter().find_map(|delimiter| {
        if !first_line.contains(char::from(delimiter)) {
            return None;
        }
        let first = records(text, delimiter).next()?.ok()?;
        Columns::from_header(&first.fields).map(|columns| (delimiter, columns))
    })
}

/// Reads `text` as two columns without a header (question, answer): separated by tabs, or
/// with `comma_ok` (the file is named as a spreadsheet) by commas or semicolons. `None`
/// unless every row has exactly two fields and at least one has a question.
#[must_use]
pub fn read_two_columns(text: &str, comma_ok: bool) -> Option<CardSet> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().find(|l| !l.trim().is_empty())?;
    let delimiter = [b'\t', b';', b',']
        .into_iter()
        .find(|&d| first_line.contains(char::from(d)) && (d == b'\t' || comma_ok))?;
    let rows: Vec<Record> = records(text, delimiter).collect::<Result<_, _>>().ok()?;
    if rows.is_empty() || rows.iter().any(|r| r.fields.len() != 2) {
        return None;
    }
    let columns = Columns {
        front: 0,
        back: Some(1),
        ..Columns::default()
    };
    read_rows(
        rows.into_iter().map(Ok),
        &columns,
        Shape::Spreadsheet {
            delimiter,
            header: false,
        },
    )
    .ok()
}

/// One row: its fields and the line it starts on.
struct Record {
    fields: Vec<String>,
    line: u64,
}

/// The non-empty rows of `text` (a row of empty fields is no row).
fn records(text: &str, delimiter: u8) -> impl Iterator<Item = Result<Record, SheetError>> + '_ {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    std::iter::from_fn(move || {
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => return None,
                Ok(true) => {
                    if record.iter().all(|f| f.trim().is_empty()) {
                        continue;
                    }
                    let line = record.position().map_or(0, csv::Position::line);
                    return Some(Ok(Record {
                        fields: record.iter().map(str::to_string).collect(),
                        line,
                    }));
                }
                Err(e) => {
                    let line = e.position().map_or(0, csv::Position::line);
                    return Some(Err(SheetError::Line {
                        line,
                        problem: format!("not readable as a row: {e}"),
                    }));
                }
            }
        }
    })
}

/// Where a sheet's columns are (0-based); the fields are the columns not named otherwise.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Columns {
    front: usize,
    /// The answer's column; `None` for Anki's export, whose fields after the first make
    /// the back.
    back: Option<usize>,
    deck: Option<usize>,
    tags: Option<usize>,
    guid: Option<usize>,
    notetype: Option<usize>,
    /// Anki's export: fields are HTML (`#html:true`); `None` guesses field by field.
    html: Option<bool>,
    fixed_deck: Option<String>,
    fixed_tags: Vec<String>,
    /// Anki's `#separator:`; without it, guessed from the first row.
    separator: Option<u8>,
    /// Tags are split at commas too (a spreadsheet's tag column, not Anki's).
    comma_tags: bool,
}

impl Columns {
    /// The columns a header row names, if it names a question and an answer.
    fn from_header(header: &[String]) -> Option<Columns> {
        let mut columns = Columns {
            comma_tags: true,
            ..Columns::default()
        };
        let (mut front, mut back) = (None, None);
        for (i, name) in header.iter().enumerate() {
            let name: String = name
                .trim()
                .trim_start_matches('\u{feff}')
                .to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect();
            let slot = match name.as_str() {
                "question" | "questions" | "front" | "q" | "prompt" | "term" | "cardfront" | "frontside" => &mut front,
                "answer" | "answers" | "back" | "a" | "definition" | "response" | "cardback" | "backside" => &mut back,
                "deck" | "deckname" => &mut columns.deck,
                "tags" | "tag" => &mut columns.tags,
                _ => continue,
            };
            slot.get_or_insert(i);
        }
        columns.front = front?;
        columns.back = Some(back?);
        Some(columns)
    }
}

/// Anki's `#key:value` header lines at the top of the file, or `None` when it has none.
fn anki_header(text: &str) -> Result<Option<Columns>, SheetError> {
    let mut columns = Columns::default();
    let mut seen = false;
    for (index, line) in text.lines().enumerate() {
        let Some(rest) = line.strip_prefix('#') else {
            break;
        };
        let Some((key, value)) = rest.split_once(':') else {
            break;
        };
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim_end_matches('\r');
        let line = index as u64 + 1;
        let column = |value: &str| -> Result<Option<usize>, SheetError> {
            match value.trim().parse::<usize>() {
                Ok(0) | Err(_) => Err(SheetError::Line {
                    line,
                    problem: format!("\"#{key}:{value}\" names no column (columns count from 1)"),
                }),
                Ok(n) => Ok(Some(n - 1)),
            }
        };
        match key.as_str() {
            "separator" => columns.separator = Some(separator_of(value.trim(), line)?),
            "html" => columns.html = Some(value.trim().eq_ignore_ascii_case("true")),
            "tags" => columns.fixed_tags = split_tags(value, false),
            "deck" => columns.fixed_deck = Some(value.trim().to_string()).filter(|d| !d.is_empty()),
            "guid column" => columns.guid = column(value)?,
            "notetype column" => columns.notetype = column(value)?,
            "deck column" => columns.deck = column(value)?,
            "tags column" => columns.tags = column(value)?,
            "columns" | "notetype" | "if matches" => {}
            _ => break,
        }
        seen = true;
    }
    Ok(seen.then_some(columns))
}

/// The byte a `#separator:` value names.
fn separator_of(value: &str, line: u64) -> Result<u8, SheetError> {
    Ok(match value.to_ascii_lowercase().as_str() {
        "tab" | "\t" => b'\t',
        "comma" | "," => b',',
        "semicolon" | ";" => b';',
        "space" | " " | "" => b' ',
        "pipe" | "|" => b'|',
        "colon" | ":" => b':',
        other => {
            return Err(SheetError::Line {
                line,
                problem: format!("\"#separator:{other}\" is not a separator Anki writes"),
            });
        }
    })
}

fn read_anki_text(text: &str, header: &Columns) -> Result<CardSet, SheetError> {
    let header_lines = text
        .lines()
        .take_while(|l| l.starts_with('#') && l.contains(':'))
        .count();
    let body_start: usize = text.split_inclusive('\n').take(header_lines).map(str::len).sum();
    let body = &text[body_start..];
    // Without `#separator:`, the one Anki would guess: a tab if the first row has one.
    let separator = header.separator.unwrap_or_else(|| {
        let first = body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        if first.contains('\t') { b'\t' } else { b',' }
    });
    let columns = Columns {
        back: None,
        ..header.clone()
    };
    let rows = records(body, separator).map(|r| {
        r.map(|mut record| {
            record.line += header_lines as u64;
            record
        })
    });
    read_rows(rows, &columns, Shape::AnkiText)
}

/// Notes from rows, by `columns`. Rows without a question are skipped and counted.
fn read_rows(
    rows: impl Iterator<Item = Result<Record, SheetError>>,
    columns: &Columns,
    shape: Shape,
) -> Result<CardSet, SheetError> {
    let mut notes = Vec::new();
    let mut skipped: Vec<u64> = Vec::new();
    let mut media = Media::default();
    for row in rows {
        let row = row?;
        let get = |column: Option<usize>| column.and_then(|c| row.fields.get(c)).map(|f| f.trim());
        let named = [columns.deck, columns.tags, columns.guid, columns.notetype];
        // Anki's export: every column not named in the header is a field, the first the
        // front; a sheet: its question and answer columns.
        let fields: Vec<&str> = if columns.back.is_none() {
            (0..row.fields.len())
                .filter(|c| !named.contains(&Some(*c)))
                .map(|c| row.fields[c].as_str())
                .collect()
        } else {
            vec![get(Some(columns.front)).unwrap_or(""), get(columns.back).unwrap_or("")]
        };
        let notetype = get(columns.notetype).unwrap_or("");
        let Some((front, back)) = note_sides(&fields, notetype, columns.html, &mut media) else {
            skipped.push(row.line);
            continue;
        };
        let mut tags = columns.fixed_tags.clone();
        for tag in split_tags(get(columns.tags).unwrap_or(""), columns.comma_tags) {
            if !tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
                tags.push(tag);
            }
        }
        let deck = get(columns.deck)
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .or_else(|| columns.fixed_deck.clone());
        notes.push(ForeignNote {
            guid: get(columns.guid).filter(|g| !g.is_empty()).map(str::to_string),
            deck,
            front,
            back,
            tags,
            schedule: None,
        });
    }
    if notes.is_empty() {
        return Err(SheetError::NoRows);
    }
    let mut remarks = Vec::new();
    if !skipped.is_empty() {
        let lines: Vec<String> = skipped.iter().take(5).map(u64::to_string).collect();
        remarks.push(format!(
            "{} without a question skipped (line {}{})",
            count(skipped.len(), "row"),
            lines.join(", "),
            if skipped.len() > 5 { ", …" } else { "" }
        ));
    }
    if let Some(note) = media_remark(media) {
        remarks.push(note);
    }
    Ok(CardSet { shape, notes, remarks })
}

/// The remark on media a file's fields referred to, if any.
#[must_use]
pub fn media_remark(media: Media) -> Option<String> {
    let total = media.images + media.sounds;
    (total > 0).then(|| {
        format!(
            "{} left out of the cards' text",
            count(total, "image or sound reference")
        )
    })
}

/// A note's front and back from its fields: the first field is the front, the others make
/// the back (each non-empty one a paragraph); a cloze note's deletions are blanked on the
/// front and revealed on the back. `None` when the front is empty.
pub(super) fn note_sides(
    fields: &[&str],
    notetype: &str,
    html: Option<bool>,
    media: &mut Media,
) -> Option<(String, String)> {
    let readable = |text: &str, media: &mut Media| {
        if html.unwrap_or_else(|| looks_like_html(text)) {
            html_to_text(text, media)
        } else {
            plain_text(text)
        }
    };
    let first = fields.first().copied().unwrap_or("");
    let mut back_parts = Vec::new();
    let front = if notetype.to_lowercase().contains("cloze") || has_cloze(first) {
        let (front, back) = cloze_sides(first);
        back_parts.push(readable(&back, media));
        readable(&front, media)
    } else {
        readable(first, media)
    };
    for field in &fields[1.min(fields.len())..] {
        back_parts.push(readable(field, media));
    }
    back_parts.retain(|p| !p.trim().is_empty());
    (!front.trim().is_empty()).then(|| (front, back_parts.join("\n\n")))
}

/// Whether a field of unknown kind holds markup: an entity, or a tag of an element a card
/// field is written with (`<b>`, `</div>`, `<br/>`), so that plain text about `<T>` or
/// `<measure>` stays as it is.
fn looks_like_html(text: &str) -> bool {
    const ELEMENTS: &[&str] = &[
        "a",
        "b",
        "big",
        "blockquote",
        "br",
        "center",
        "code",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "font",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "tt",
        "u",
        "ul",
    ];
    let tags = text.match_indices('<').any(|(at, _)| {
        let rest = text[at + 1..].strip_prefix('/').unwrap_or(&text[at + 1..]);
        let name_end = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
        let after = rest[name_end..].chars().next();
        ELEMENTS.contains(&rest[..name_end].to_ascii_lowercase().as_str())
            && matches!(after, Some('>' | ' ' | '/' | '\t' | '\n'))
    });
    tags || ["&amp;", "&lt;", "&gt;", "&nbsp;", "&quot;", "&#"]
        .iter()
        .any(|e| text.contains(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_tags_of_html_elements_or_entities_make_a_field_html() {
        for html in [
            "A <b>bold</b> claim",
            "one<br/>two",
            "<DIV class=x>a</DIV>",
            "x &amp; y",
            "</p>",
        ] {
            assert!(looks_like_html(html), "{html}");
        }
        for plain in [
            "Vec<T> and Option<u8>",
            "then <measure> & show",
            "a < b > c",
            "<",
            "x<br",
        ] {
            assert!(!looks_like_html(plain), "{plain}");
        }
    }

    fn fronts_and_backs(set: &CardSet) -> Vec<(&str, &str)> {
        set.notes.iter().map(|n| (n.front.as_str(), n.back.as_str())).collect()
    }

    #[test]
    fn a_sheet_with_a_header_in_any_case_and_order() {
        let text = "\u{feff}Tags,ANSWER,Question,Deck\r\n\"systems, db\",\"A tree, \"\"balanced\"\"\r\nover lines\",What is a B-tree?,Interview::Systems\r\n,Canberra,Capital of Australia?,\r\n";
        let set = read(text).unwrap().unwrap();
        assert_eq!(
            set.shape,
            Shape::Spreadsheet {
                delimiter: b',',
                header: true
            }
        );
        assert_eq!(
            fronts_and_backs(&set),
            [
                ("What is a B-tree?", "A tree, \"balanced\"\nover lines"),
                ("Capital of Australia?", "Canberra")
            ]
        );
        assert_eq!(set.notes[0].tags, ["systems", "db"]);
        assert_eq!(set.notes[0].deck.as_deref(), Some("Interview::Systems"));
        assert_eq!(set.notes[1].deck, None);
    }

    #[test]
    fn tab_and_semicolon_sheets_and_rows_without_a_question() {
        let set = read("front\tback\nWhy?\tBecause\n\tno question\n").unwrap().unwrap();
        assert_eq!(fronts_and_backs(&set), [("Why?", "Because")]);
        assert_eq!(set.remarks, ["1 row without a question skipped (line 3)"]);
        let set = read("Question;Answer\nWhy;Because\n").unwrap().unwrap();
        assert_eq!(fronts_and_backs(&set), [("Why", "Because")]);
        assert_eq!(
            read("# Company Profile: X\n## Potential Questions\n- Why, though?\n").unwrap(),
            None
        );
        assert_eq!(read("Question,Answer\n,\n").unwrap_err(), SheetError::NoRows);
        assert!(looks_like_one("question\tanswer\nx\ty\n") && looks_like_one("#separator:tab\nx\ty\n"));
        assert!(!looks_like_one("# Notes\n- why, how\n"));
    }

    #[test]
    fn two_columns_without_a_header_only_where_they_must_be_a_sheet() {
        let set = read_two_columns("What is DNS?\tThe phone book\nTCP?\tStreams\n", false).unwrap();
        assert_eq!(
            fronts_and_backs(&set),
            [("What is DNS?", "The phone book"), ("TCP?", "Streams")]
        );
        assert!(read_two_columns("Hello, world\nGoodbye, moon\n", false).is_none());
        let set = read_two_columns("Hello, world\nGoodbye, moon\n", true).unwrap();
        assert_eq!(set.notes.len(), 2);
        assert!(
            read_two_columns("a,b\nc,d,e\n", true).is_none(),
            "every row must have two fields"
        );
    }

    #[test]
    fn anki_plain_text_with_its_header_lines() {
        let text = "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:7\n\
                    btree00001\tBasic\tInterview::Systems\tWhat is a <b>B-tree</b>?\tA tree.<br>Used by databases &amp; more.\t\tdatabases systems\n\
                    cloze00001\tCloze\tTrivia\tThe {{c1::Rust}} language reached 1.0 in {{c2::2015::year}}.\tStable since then.\t\ttrivia\n\
                    concept001\tConcept\tInterview::Systems\tIdempotency\tTwice is once.\t<code>PUT /users/1</code>\thttp\n\
                    diagram001\tBasic\tInterview::Systems\t\"Which diagram? <img src=\"\"d.png\"\">\"\tSequence\t\t\n";
        let set = read(text).unwrap().unwrap();
        assert_eq!(set.shape, Shape::AnkiText);
        assert_eq!(
            fronts_and_backs(&set),
            [
                ("What is a B-tree?", "A tree.\nUsed by databases & more."),
                (
                    "The [...] language reached 1.0 in [year].",
                    "The Rust language reached 1.0 in 2015.\n\nStable since then."
                ),
                ("Idempotency", "Twice is once.\n\nPUT /users/1"),
                ("Which diagram?", "Sequence"),
            ]
        );
        assert_eq!(set.notes[0].guid.as_deref(), Some("btree00001"));
        assert_eq!(set.notes[0].deck.as_deref(), Some("Interview::Systems"));
        assert_eq!(set.notes[0].tags, ["databases", "systems"]);
        assert_eq!(set.remarks, ["1 image or sound reference left out of the cards' text"]);
    }

    #[test]
    fn anki_text_with_fixed_deck_tags_and_named_separator() {
        let text = "#separator:Semicolon\n#html:false\n#deck:Trivia\n#tags:imported quiz\nWhy <not>?;Because\n";
        let set = read(text).unwrap().unwrap();
        assert_eq!(fronts_and_backs(&set), [("Why <not>?", "Because")]);
        assert_eq!(set.notes[0].deck.as_deref(), Some("Trivia"));
        assert_eq!(set.notes[0].tags, ["imported", "quiz"]);
        assert!(matches!(
            read("#separator:Weird\nx\n").unwrap_err(),
            SheetError::Line { line: 1, .. }
        ));
        assert!(matches!(
            read("#separator:tab\n#deck column:0\nx\ty\n").unwrap_err(),
            SheetError::Line { line: 2, .. }
        ));
    }
}

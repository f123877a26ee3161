//! Documents → items. Decodes and repairs a profile's text, reads it as markdown or HTML
//! (whichever its content is), recognises its sections and names its company. Pure: no
//! files, no database.

pub mod bank;
mod blocks;
mod classify;
mod html;
mod html_markdown;
pub mod html_walk;
mod markdown;
pub mod reconcile;
pub mod text;

use crate::domain::{DocumentNote, Kind};
use crate::wording::{count, plural};

pub use classify::{classify_heading, clean_label, has_placeholder};
pub use text::Decoding;

/// Profiles larger than this are refused: no real profile is near it, and the limit keeps
/// a stray log file from tying up the importer.
pub const MAX_PROFILE_BYTES: usize = 16 * 1024 * 1024;

/// One thing worth rehearsing, as the document states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: Kind,
    /// The heading or group it sits under (`Questions to Ask Interviewer`, `to company`).
    pub section: String,
    /// The item's own text: the question, the talking point, the question to ask, their
    /// requirement, the topic.
    pub text: String,
    /// For a skill-map item: the user's matching skill and talking point.
    pub detail: String,
    /// Notes the document attaches: nested bullets, a source link.
    pub context: String,
    /// The item's identity for matching across imports ([`text::match_key`] of its text,
    /// and for a skill-map item of its skill too).
    pub key: String,
}

/// How the deck's name was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSource {
    Title,
    CompanyLine,
    InterviewerLine,
    FileStem,
}

impl NameSource {
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            NameSource::Title => "from the title",
            NameSource::CompanyLine => "from the company background",
            NameSource::InterviewerLine => "from the interviewer background",
            NameSource::FileStem => "from the file name",
        }
    }
}

/// The document format, detected from content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    /// Markdown followed by an HTML copy of the same content after a divider line.
    MarkdownWithHtml,
    Html,
}

impl Format {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::MarkdownWithHtml => "markdown + html",
            Format::Html => "html",
        }
    }
}

/// A parsed profile.
#[derive(Debug, Clone)]
pub struct Profile {
    pub company: String,
    pub named_by: NameSource,
    pub format: Format,
    pub decoding: Decoding,
    /// Whether mojibake was found and repaired.
    pub repaired_mojibake: bool,
    pub items: Vec<Item>,
    /// Sections that are not cards but belong on the prep sheet: keywords to emphasize,
    /// mission and values.
    pub notes: Vec<DocumentNote>,
    /// What the document was read as: a company profile or a question bank.
    pub reading: Reading,
}

/// What a document was read as, so that the import report can show a misreading at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// Sections of a company profile (questions, talking points, questions to ask, …);
    /// entries of a table of contents that were not taken for questions.
    Profile { contents_skipped: usize },
    /// Questions with the document's answers.
    Bank(BankReading),
}

/// What a question bank held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankReading {
    pub questions: usize,
    pub answered: usize,
    /// How many questions of each shape.
    pub shapes: Vec<(bank::Shape, usize)>,
    pub skipped: bank::Skipped,
}

impl BankReading {
    fn of(bank: &bank::Bank) -> BankReading {
        BankReading {
            questions: bank.questions.len(),
            answered: bank.answered(),
            shapes: bank.shapes(),
            skipped: bank.skipped,
        }
    }
}

impl Reading {
    /// One line for the import report: `question bank: 412 questions, 398 with answers
    /// (question headings); table of contents skipped (412 entries)`.
    #[must_use]
    pub fn describe(&self, items: &[Item]) -> String {
        match self {
            Reading::Profile { contents_skipped } => describe_profile(*contents_skipped, items),
            Reading::Bank(bank) => describe_bank(bank, items),
        }
    }
}

/// `2 questions, 1 talking point`: how many items of each of `kinds` there are, with the
/// words for one and for many; kinds with none left out.
fn kind_counts(items: &[Item], kinds: &[(Kind, &str, &str)]) -> Vec<String> {
    kinds
        .iter()
        .filter_map(|(kind, one, many)| {
            let n = items.iter().filter(|i| i.kind == *kind).count();
            (n > 0).then(|| format!("{n} {}", if n == 1 { one } else { many }))
        })
        .collect()
}

/// `company profile: 12 questions, 3 talking points (2 with the document's answers)`.
fn describe_profile(contents_skipped: usize, items: &[Item]) -> String {
    let parts = kind_counts(
        items,
        &[
            (Kind::Question, "question", "questions"),
            (Kind::TalkingPoint, "talking point", "talking points"),
            (Kind::Ask, "question to ask", "questions to ask"),
            (Kind::SkillMap, "skill mapping", "skill mappings"),
            (Kind::Topic, "topic", "topics"),
        ],
    );
    let answered = items
        .iter()
        .filter(|i| i.kind == Kind::Question && !i.detail.is_empty())
        .count();
    let mut line = format!("company profile: {}", parts.join(", "));
    if answered > 0 {
        line.push_str(&format!(" ({answered} with the document's answers)"));
    }
    if contents_skipped > 0 {
        line.push_str(&format!(
            "; table of contents skipped ({contents_skipped} {})",
            if contents_skipped == 1 { "entry" } else { "entries" }
        ));
    }
    line
}

/// `question bank: 412 questions, 398 with answers (question headings)`, the other items
/// it holds, and what was left out of it.
fn describe_bank(bank: &BankReading, items: &[Item]) -> String {
    let shapes: Vec<String> = bank
        .shapes
        .iter()
        .map(|(shape, n)| {
            if bank.shapes.len() == 1 {
                shape.describe().to_string()
            } else {
                format!("{n} as {}", shape.describe())
            }
        })
        .collect();
    let mut line = format!(
        "question bank: {} {}, {} with answers ({})",
        bank.questions,
        if bank.questions == 1 { "question" } else { "questions" },
        bank.answered,
        shapes.join(", ")
    );
    let others = kind_counts(
        items,
        &[
            (Kind::Ask, "question to ask", "questions to ask"),
            (Kind::TalkingPoint, "talking point", "talking points"),
            (Kind::SkillMap, "skill mapping", "skill mappings"),
            (Kind::Topic, "topic", "topics"),
        ],
    );
    if !others.is_empty() {
        line.push_str(&format!(", and {}", others.join(", ")));
    }
    let skipped = skipped_parts(&bank.skipped);
    if !skipped.is_empty() {
        line.push_str("; ");
        line.push_str(&skipped.join("; "));
    }
    line
}

/// What a question bank's reading left out, each in words.
fn skipped_parts(s: &bank::Skipped) -> Vec<String> {
    let parts = [
        (
            s.contents,
            format!("table of contents skipped ({})", count(s.contents, "entry")),
        ),
        (
            s.navigation,
            format!("{} skipped", count(s.navigation, "back-to-top link")),
        ),
        (s.badges, format!("{} of badges skipped", count(s.badges, "line"))),
        (
            s.markup,
            format!("{} of front matter or MDX skipped", count(s.markup, "piece")),
        ),
        (
            s.repeats,
            format!("{} repeated {} kept once", s.repeats, plural(s.repeats, "question")),
        ),
    ];
    parts
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(_, words)| words)
        .collect()
}

/// Why a document yields no cards.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("the file is empty")]
    Empty,
    #[error("this is a binary file, not a profile")]
    Binary,
    #[error("the file is {0} MB; profiles over 16 MB are refused")]
    TooLarge(usize),
    #[error(
        "no recognised section: expected headings such as \"Potential Questions\", \"Key Talking Points\", \"Questions to Ask\" or a skills-to-requirements table"
    )]
    NoSections,
    #[error("its sections hold no items (only placeholders or empty lists)")]
    NoItems,
    /// A reader of ours failed on this file: a fault to report, not the file's.
    #[error(
        "prepdeck's reader failed on this file (a fault in prepdeck, not in the file: please report it with the file); nothing of it was imported"
    )]
    ReaderFault,
}

/// Parses one document. `file_stem` names the deck when nothing in the document does.
pub fn parse(bytes: &[u8], file_stem: &str) -> Result<Profile, ProfileError> {
    if bytes.len() > MAX_PROFILE_BYTES {
        return Err(ProfileError::TooLarge(bytes.len() / (1024 * 1024)));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ProfileError::Empty);
    }
    if text::looks_binary(bytes) {
        return Err(ProfileError::Binary);
    }
    let (decoded, decoding) = text::decode(bytes);
    let unified = decoded.replace("\r\n", "\n").replace('\r', "\n");
    let repaired = text::repair_mojibake(&unified);
    let repaired_mojibake = matches!(repaired, std::borrow::Cow::Owned(_));
    let source = repaired.as_ref();

    let format = detect_format(source);
    let bank = bank::read(&bank_source(source, format));
    // A document with questions written with their answers is read as a bank when the
    // profile reader, given what the bank does not hold, finds nothing the bank would
    // lose; only then is the whole document read as a profile.
    let as_bank = (bank.deliberate() >= 2)
        .then(|| classify::walk_parts(&outside_parts(&bank, source, format)))
        .filter(|outside| reads_as_bank(outside, &bank));
    let (walk, reading) = if let Some(mut walk) = as_bank {
        walk.items = bank_items(&bank, std::mem::take(&mut walk.items));
        (walk, Reading::Bank(BankReading::of(&bank)))
    } else {
        let (_, parts) = read_blocks(source);
        let mut walk = classify::walk_parts(&parts);
        // Only questions, and not half of the bank's: the profile's sections left out a
        // list of them (before the first heading), which the bank holds.
        let bank_holds_more =
            bank.questions.len() >= 2 * walk.items.len() && walk.items.iter().all(|item| item.kind == Kind::Question);
        if !bank.questions.is_empty() && (walk.items.is_empty() || bank_holds_more) {
            // No profile at all, but questions (a plain list of them), with any the
            // profile reader found that the bank did not.
            let missed: Vec<Item> = std::mem::take(&mut walk.items)
                .into_iter()
                .filter(|item| !bank.knows(&item.text))
                .collect();
            walk.items = bank_items(&bank, Vec::new());
            walk.items.extend(missed);
            (walk, Reading::Bank(BankReading::of(&bank)))
        } else {
            let contents_skipped = lend_answers(&bank, &mut walk.items);
            (walk, Reading::Profile { contents_skipped })
        }
    };
    if walk.items.is_empty() {
        return Err(if walk.sections_seen == 0 {
            ProfileError::NoSections
        } else {
            ProfileError::NoItems
        });
    }
    let (mut company, mut named_by) = company_name(&walk, file_stem);
    if named_by == NameSource::FileStem
        && matches!(reading, Reading::Bank(_))
        && let Some(title) = bank
            .title
            .iter()
            .chain(walk.title.iter())
            .chain(walk.first_h1.iter())
            .find_map(|t| bank_title(t))
    {
        (company, named_by) = (title, NameSource::Title);
    }
    Ok(Profile {
        company,
        named_by,
        format,
        decoding,
        repaired_mojibake,
        items: walk.items,
        notes: walk.notes,
        reading,
    })
}

/// The text the question-bank reader reads: markdown as it is, an HTML document turned
/// into markdown, and of a markdown document with an HTML copy only the markdown.
fn bank_source(source: &str, format: Format) -> std::borrow::Cow<'_, str> {
    match format {
        Format::Markdown => std::borrow::Cow::Borrowed(source),
        Format::MarkdownWithHtml => {
            std::borrow::Cow::Borrowed(split_html_copy(source).map_or(source, |(markdown, _)| markdown))
        }
        Format::Html => std::borrow::Cow::Owned(html_markdown::convert(source)),
    }
}

/// A document with questions written with their answers on purpose (question headings,
/// `<details>`, `Q:`/`A:`, question/answer tables) is a question bank unless the rest of
/// it, as the profile reader reads it, holds questions the bank does not: most of them
/// must be the bank's own (a contents entry, a question also written as a heading), or
/// they must be few beside the bank's questions; and where the rest reads like a company
/// profile (talking points, skill mappings, keywords or values), only the first will do.
fn reads_as_bank(walk: &classify::Walk, bank: &bank::Bank) -> bool {
    if bank.questions.is_empty() || bank.deliberate() < 2 {
        return false;
    }
    if walk.items.is_empty() {
        return true;
    }
    // Questions as a profile has them: short items, or items phrased as questions.
    let questions: Vec<&Item> = walk
        .items
        .iter()
        .filter(|i| i.kind == Kind::Question && (i.text.split_whitespace().count() <= 12 || bank::is_question(&i.text)))
        .collect();
    let known = questions.iter().filter(|i| bank.knows(&i.text)).count();
    if known * 10 >= questions.len() * 8 {
        return true;
    }
    let profile_like = !walk.notes.is_empty()
        || walk
            .items
            .iter()
            .any(|i| matches!(i.kind, Kind::TalkingPoint | Kind::SkillMap | Kind::Topic));
    // A few stray lines (an intro's "Want updates?", a list of translations) do not
    // outweigh a bank's questions.
    let unknown = questions.iter().filter(|i| !bank.knows(&i.text));
    let unknown_asked = unknown.clone().filter(|i| bank::is_question(&i.text)).count();
    let unknown = unknown.count();
    bank.deliberate() >= 4 * unknown || (!profile_like && unknown_asked <= bank.deliberate())
}

/// A bank's items: its questions, then the profile reader's items of other kinds
/// (questions to ask, talking points) that are not lines of the bank's answers.
fn bank_items(bank: &bank::Bank, profile_items: Vec<Item>) -> Vec<Item> {
    let mut items: Vec<Item> = bank
        .questions
        .iter()
        .map(|q| Item {
            kind: Kind::Question,
            section: q.section.clone(),
            key: q.key.clone(),
            text: q.text.clone(),
            detail: q.answer.clone(),
            context: q.follow_ups.join("\n"),
        })
        .collect();
    items.extend(
        profile_items
            .into_iter()
            .filter(|i| i.kind != Kind::Question && !bank.knows(&i.text)),
    );
    items
}

/// A profile's questions take the answers the document writes under them: a question
/// the bank reader found with its answer keeps it, and a list item that ran a question and
/// its answer together (`- Why us?` with its answer on the next line) is parted. Entries of
/// a table of contents are not questions.
fn lend_answers(bank: &bank::Bank, items: &mut Vec<Item>) -> usize {
    let before = items.len();
    items.retain(|i| i.kind != Kind::Question || !bank.is_contents_entry(&i.text));
    let contents_skipped = before - items.len();
    let answered: std::collections::HashMap<String, &bank::Question> = bank
        .questions
        .iter()
        .filter(|q| !q.answer.is_empty() && q.shape.is_deliberate())
        .map(|q| (q.key.clone(), q))
        .collect();
    for item in items
        .iter_mut()
        .filter(|i| i.kind == Kind::Question && i.detail.is_empty())
    {
        if let Some(question) = answered.get(&item.key) {
            item.detail.clone_from(&question.answer);
        } else if let Some(question) = bank.glued(&item.text) {
            item.text.clone_from(&question.text);
            item.key = item_key(Kind::Question, &question.text, "");
            item.detail.clone_from(&question.answer);
        }
    }
    contents_skipped
}

/// A bank's title as its deck's name: short, without decoration.
fn bank_title(title: &str) -> Option<String> {
    let name = text::clean_name(&bank::title_text(title));
    let words = name.split_whitespace().count();
    (words > 0 && words <= 10 && !has_placeholder(&name)).then_some(name)
}

/// The document's format, from its content.
fn detect_format(source: &str) -> Format {
    if is_html_document(source) {
        Format::Html
    } else if split_html_copy(source).is_some() {
        Format::MarkdownWithHtml
    } else {
        Format::Markdown
    }
}

/// What the profile reader reads of a bank: the document without the bank's questions,
/// answers and contents (as markdown; an HTML copy after a divider as HTML).
fn outside_parts(bank: &bank::Bank, source: &str, format: Format) -> Vec<Vec<blocks::Block>> {
    let mut parts = vec![markdown::read(&bank.outside)];
    if format == Format::MarkdownWithHtml
        && let Some((_, html_part)) = split_html_copy(source)
    {
        parts.push(html::read(html_part));
    }
    parts
}

/// Reads the text as HTML when it is an HTML document, as markdown otherwise; a markdown
/// document's HTML copy after a `---HTML FORMATTING---` divider is read as HTML.
fn read_blocks(source: &str) -> (Format, Vec<Vec<blocks::Block>>) {
    if is_html_document(source) {
        return (Format::Html, vec![html::read(source)]);
    }
    match split_html_copy(source) {
        Some((markdown_part, html_part)) => (
            Format::MarkdownWithHtml,
            vec![markdown::read(markdown_part), html::read(html_part)],
        ),
        None => (Format::Markdown, vec![markdown::read(source)]),
    }
}

fn is_html_document(source: &str) -> bool {
    let head: String = source
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
        || (head.starts_with('<')
            && ["<body", "<h1", "<h2", "<ul", "<p>", "<div"]
                .iter()
                .any(|t| head.contains(t)))
}

/// Finds a divider line such as `----HTML FORMATTING----` and splits there.
fn split_html_copy(source: &str) -> Option<(&str, &str)> {
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        if !line.as_bytes().windows(4).any(|w| w.eq_ignore_ascii_case(b"html")) {
            offset += line.len();
            continue;
        }
        let trimmed = line.trim();
        let inner = trimmed.trim_matches(|c: char| c == '-' || c == '=' || c == '*' || c == '#' || c.is_whitespace());
        let lower = inner.to_ascii_lowercase();
        // A rule of dashes or equals signs, or a word about formatting, makes the line a
        // divider; a bold heading or a question that mentions HTML (`**Why is HTML
        // important?**`, `## HTML`) is not one.
        let ruled = trimmed.contains("---") || trimmed.contains("===") || lower.contains("format");
        if trimmed.len() > inner.len() + 2
            && lower.contains("html")
            && inner.split_whitespace().count() <= 4
            && ruled
            && !inner.ends_with('?')
        {
            return Some((&source[..offset], &source[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// Names the company: a `Company Profile: X` title, a company-background line, an
/// interviewer line, and last the file stem.
fn company_name(walk: &classify::Walk, file_stem: &str) -> (String, NameSource) {
    let from_title = walk
        .title
        .iter()
        .chain(walk.first_h1.iter())
        .find_map(|t| name_from_title(t, true))
        // A first line of plain text names the company only in a title's words.
        .or_else(|| walk.first_line.as_deref().and_then(|t| name_from_title(t, false)));
    if let Some(name) = from_title {
        return (name, NameSource::Title);
    }
    if let Some(name) = walk.named_company.as_deref().and_then(clean_name) {
        return (name, NameSource::CompanyLine);
    }
    if let Some(name) = walk.company_lines.iter().find_map(|l| name_from_company_line(l)) {
        return (name, NameSource::CompanyLine);
    }
    if let Some(name) = walk
        .interviewer_lines
        .iter()
        .find_map(|l| name_from_interviewer_line(l))
    {
        return (name, NameSource::InterviewerLine);
    }
    (file_stem.to_string(), NameSource::FileStem)
}

/// Words that make a title generic rather than a company's name.
const GENERIC_TITLE_WORDS: &[&str] = &[
    "template",
    "interview",
    "prep",
    "preparation",
    "profile",
    "notes",
    "guide",
    "requirements",
    "research",
    "questions",
    "company",
    "sheet",
    "plan",
    "",
];

/// The company a title names; `bare` accepts a short title with no other words (`Stripe`).
fn name_from_title(title: &str, bare: bool) -> Option<String> {
    let lower = title.to_lowercase();
    for marker in [
        "company profile",
        "interview preparation",
        "interview prep",
        "prep sheet",
        "profile",
        "interview",
    ] {
        let Some(pos) = find_ascii_ignoring_case(title, marker) else {
            continue;
        };
        let after = title[pos + marker.len()..].trim_start();
        if let Some(rest) = after.strip_prefix([':', '-', '—', '–', '|'])
            && let Some(name) = clean_name(rest)
        {
            return Some(name);
        }
        let before = title[..pos]
            .trim_end()
            .trim_end_matches([':', '-', '—', '–', '|'])
            .trim_end();
        // `Acme — Interview Prep`, `ACME CORP - INTERVIEW NOTES`: the name comes first.
        let only_generic_after = after
            .split_whitespace()
            .all(|w| GENERIC_TITLE_WORDS.contains(&w.to_lowercase().trim_matches(|c: char| !c.is_alphanumeric())));
        if only_generic_after && let Some(name) = clean_name(before) {
            return Some(name);
        }
    }
    let words: Vec<String> = lower
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .collect();
    if bare && words.len() <= 5 && !words.iter().any(|w| GENERIC_TITLE_WORDS.contains(&w.as_str())) {
        return clean_name(title);
    }
    None
}

/// A plausible company name, or `None` for placeholders, pronouns and sentences.
fn clean_name(raw: &str) -> Option<String> {
    let name = text::strip_wrapping_quotes(clean_label(raw).trim_end_matches(['.', ',', ';']).trim()).to_string();
    let words = name.split_whitespace().count();
    if name.is_empty() || words > 6 || has_placeholder(&name) || name.contains(['[', ']', '{', '}', '<', '>']) {
        return None;
    }
    let first = name.split_whitespace().next().unwrap_or("").to_lowercase();
    if [
        "they", "it", "we", "the", "our", "their", "he", "she", "this", "what", "who", "how", "why", "a", "an",
    ]
    .contains(&first.as_str())
        && words <= 2
    {
        return None;
    }
    if [
        "they", "it", "we", "our", "their", "he", "she", "this", "what", "who", "how", "why",
    ]
    .contains(&first.as_str())
    {
        return None;
    }
    Some(text::title_case_if_lower(&name))
}

/// Where an ASCII `needle` first occurs in `haystack`, ignoring ASCII case, as a byte
/// offset into `haystack` itself (lower-casing first would shift offsets when a character
/// changes length, and slicing there could cut a character in two).
fn find_ascii_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    // Only where the first byte matches is the rest compared.
    let first = needle[0].to_ascii_lowercase();
    (0..=hay.len() - needle.len())
        .find(|&i| hay[i].to_ascii_lowercase() == first && hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// `acme is a …`, `lumen health builds …`: the words before the verb.
fn name_from_company_line(line: &str) -> Option<String> {
    const VERBS: &[&str] = &[
        " is ",
        " are ",
        " builds ",
        " build ",
        " makes ",
        " develops ",
        " provides ",
        " offers ",
        " creates ",
        " sells ",
        " operates ",
        " was founded",
        " helps ",
        " designs ",
        " runs ",
        " powers ",
        " specializes ",
        " specialises ",
    ];
    let cut = VERBS.iter().filter_map(|v| find_ascii_ignoring_case(line, v)).min()?;
    let candidate = line[..cut].trim();
    if candidate.contains(':') || candidate.split_whitespace().count() > 4 {
        return None;
    }
    clean_name(candidate)
}

/// `… principal engineer at lumen health, working on …`: the words after ` at `.
fn name_from_interviewer_line(line: &str) -> Option<String> {
    let pos = find_ascii_ignoring_case(line, " at ")?;
    let rest = &line[pos + 4..];
    let end = rest.find([',', '.', ';', '(', '—', '–']).unwrap_or(rest.len());
    let candidate = rest[..end].trim();
    (candidate.split_whitespace().count() <= 4)
        .then(|| clean_name(candidate))
        .flatten()
}

/// An item's identity for matching across imports: its folded text, and for a skill-map
/// item its skill and talking point too (one requirement can map to two skills). A
/// question is known by the question it asks, so a card made from a line that reported
/// it (`a recruiter mentioned they ask about X`, as earlier imports kept it) pairs with
/// the question that line now becomes.
#[must_use]
pub fn item_key(kind: Kind, text: &str, detail: &str) -> String {
    match kind {
        Kind::SkillMap => text::match_key(&format!("{text} {detail}")),
        Kind::Question => match classify::reported_question(text) {
            Some(question) => text::match_key(&question),
            None => text::match_key(text),
        },
        _ => text::match_key(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(profile: &Profile, kind: Kind) -> Vec<&str> {
        profile
            .items
            .iter()
            .filter(|i| i.kind == kind)
            .map(|i| i.text.as_str())
            .collect()
    }

    #[test]
    fn a_question_list_under_front_matter_and_before_the_first_heading_is_read_whole() {
        let doc = "---\ntitle: JavaScript Questions\nlayout: page\n---\n\n* Explain event delegation.\n* What is a closure?\n  * How would you use one?\n* What is hoisting?\n* Why use strict mode?\n\n## Coding questions\n\n* Write an IIFE\n";
        let profile = parse(doc.as_bytes(), "javascript-questions").unwrap();
        assert_eq!(
            kinds(&profile, Kind::Question),
            vec![
                "Explain event delegation.",
                "What is a closure?",
                "What is hoisting?",
                "Why use strict mode?",
                "Write an IIFE"
            ]
        );
        assert!(
            profile.items.iter().all(|i| !i.section.contains("layout")),
            "front matter is no section: {:?}",
            profile.items
        );
        assert_eq!(text::front_matter_len("---\nNot front matter\n---\n"), None);
        assert_eq!(text::front_matter_len("+++\ntitle = \"x\"\n+++\nrest"), Some(20));
    }

    #[test]
    fn a_markdown_profile_yields_each_kind() {
        let doc = "# Company Profile: Tidewater Labs\n\n## Overview\n- **Size**: [Research needed]\n\n## Interview Preparation\n### Key Talking Points\n- Built a thing that mattered a lot\n\n### Potential Questions to Prepare For\n- \"Why Tidewater?\"\n- \"Why now?\"\n\n### Questions to Ask Interviewer\n1. What does onboarding look like?\n\n### Skills-to-Requirements Mapping\n| Your Skill | Their Requirement | Talking Point |\n|---|---|---|\n| Go services | \"Backend at scale\" | Ran 40 services |\n| [Skill] | [Requirement] | [Point] |\n";
        let profile = parse(doc.as_bytes(), "x").unwrap();
        assert_eq!(profile.company, "Tidewater Labs");
        assert_eq!(profile.named_by, NameSource::Title);
        assert_eq!(kinds(&profile, Kind::Question), vec!["Why Tidewater?", "Why now?"]);
        assert_eq!(
            kinds(&profile, Kind::TalkingPoint),
            vec!["Built a thing that mattered a lot"]
        );
        assert_eq!(kinds(&profile, Kind::Ask), vec!["What does onboarding look like?"]);
        assert_eq!(kinds(&profile, Kind::SkillMap), vec!["Backend at scale"]);
        let skill = profile.items.iter().find(|i| i.kind == Kind::SkillMap).unwrap();
        assert_eq!(skill.detail, "Go services — Ran 40 services");
    }

    #[test]
    fn keywords_mission_and_values_are_kept_as_notes() {
        use crate::domain::{NoteEntry, NoteTopic};
        let doc = "# Company Profile: Tidewater Labs\n\n## Company Mission and Values\n- **Mission statement**: \"Make tides predictable\"\n- **Core values**:\n  - Safety first\n  - Own the outcome\n- **Founded**: [Year]\n\n## Interview Preparation\n### Keywords to Emphasize\n- Real-time systems\n- Observability\n\n### Potential Questions to Prepare For\n- Why Tidewater?\n\n---HTML FORMATTING---\n<h3>Keywords to Emphasize</h3><ul><li>Real-time systems</li><li>Latency</li></ul>\n";
        let profile = parse(doc.as_bytes(), "x").unwrap();
        let entry = |depth, text: &str| NoteEntry {
            depth,
            text: text.to_string(),
        };
        assert_eq!(profile.notes.len(), 2, "{:?}", profile.notes);
        assert_eq!(profile.notes[0].topic, NoteTopic::Values);
        assert_eq!(profile.notes[0].heading, "Company Mission and Values");
        assert_eq!(
            profile.notes[0].entries,
            vec![
                entry(0, "Mission statement: \"Make tides predictable\""),
                entry(0, "Core values:"),
                entry(1, "Safety first"),
                entry(1, "Own the outcome"),
            ],
            "placeholders stay out"
        );
        assert_eq!(profile.notes[1].topic, NoteTopic::Keywords);
        assert_eq!(
            profile.notes[1].entries,
            vec![
                entry(0, "Real-time systems"),
                entry(0, "Observability"),
                entry(0, "Latency")
            ],
            "the HTML copy adds what is new"
        );
        assert_eq!(kinds(&profile, Kind::Question), vec!["Why Tidewater?"]);
    }

    #[test]
    fn empty_binary_and_sectionless_documents_are_refused() {
        assert_eq!(parse(b"  \n\r\n", "x").unwrap_err(), ProfileError::Empty);
        assert_eq!(parse(b"\x00\x01\x02binary", "x").unwrap_err(), ProfileError::Binary);
        assert_eq!(
            parse(b"# Notes\n- nothing here\n", "x").unwrap_err(),
            ProfileError::NoSections
        );
        assert_eq!(
            parse(b"## Potential Questions\n- [Add questions here]\n", "x").unwrap_err(),
            ProfileError::NoItems
        );
    }

    #[test]
    fn the_company_is_inferred_from_background_lines() {
        let doc = "# interview prep template\n\n## company background\n- quillfeather is a small publishing startup.\n\n## common questions\n- why publishing?\n";
        let profile = parse(doc.as_bytes(), "notes").unwrap();
        assert_eq!(profile.company, "Quillfeather");
        assert_eq!(profile.named_by, NameSource::CompanyLine);
        let stem_only = parse(b"## common questions\n- why publishing?\n", "my-notes").unwrap();
        assert_eq!(stem_only.company, "my-notes");
    }

    #[test]
    fn titles_name_companies_in_several_styles() {
        assert_eq!(
            name_from_title("Company Profile: Orbit Payments", true).as_deref(),
            Some("Orbit Payments")
        );
        assert_eq!(
            name_from_title("Orbit Payments — Interview Prep", true).as_deref(),
            Some("Orbit Payments")
        );
        assert_eq!(name_from_title("Stripe", true).as_deref(), Some("Stripe"));
        assert_eq!(name_from_title("interview prep requirements template", true), None);
        assert_eq!(name_from_title("Company Profile: [Company Name]", true), None);
    }

    #[test]
    fn plain_text_notes_with_shouted_labels_and_bullets() {
        let doc = "ACME CORP - INTERVIEW NOTES\n\nPOTENTIAL QUESTIONS:\n1) Why Acme?\n2) Greatest strength?\n\nQUESTIONS TO ASK:\n• What are the priorities?\n\nCall went well\n";
        let profile = parse(doc.as_bytes(), "notes").unwrap();
        assert_eq!(profile.company, "ACME CORP");
        assert_eq!(kinds(&profile, Kind::Question), vec!["Why Acme?", "Greatest strength?"]);
        assert_eq!(kinds(&profile, Kind::Ask), vec!["What are the priorities?"]);
        let untitled = parse(b"Call went well\n\nCommon questions:\n- Why us?\n", "my-notes").unwrap();
        assert_eq!(
            untitled.company, "my-notes",
            "a first line that is not a title names nothing"
        );
    }

    #[test]
    fn groups_details_tables_and_bold_labels_are_told_apart() {
        let doc = "# Zephyr — Interview Prep\n## Interview Questions\n### Behavioral\n1. Tell me about a failure.\n\n**Questions to ask:**\n- How are promotions decided?\n\n## Key Talking Points\n- Technical\n  - Led the Kubernetes migration\n- Led migration to Kubernetes\n  - cut deploy time from 40 to 6 min\n\n| Question | Notes |\n|---|---|\n| Why Zephyr? | open source |\n";
        let profile = parse(doc.as_bytes(), "z").unwrap();
        assert_eq!(profile.company, "Zephyr");
        let question = profile
            .items
            .iter()
            .find(|i| i.text == "Tell me about a failure.")
            .unwrap();
        assert_eq!(question.section, "Behavioral");
        assert_eq!(kinds(&profile, Kind::Ask), vec!["How are promotions decided?"]);
        let points: Vec<&Item> = profile.items.iter().filter(|i| i.kind == Kind::TalkingPoint).collect();
        assert_eq!(points[0].section, "Technical", "a one-word parent names a group");
        assert_eq!(points[1].text, "Led migration to Kubernetes");
        assert_eq!(
            points[1].context, "cut deploy time from 40 to 6 min",
            "a longer parent keeps its details"
        );
        assert!(
            kinds(&profile, Kind::Question).contains(&"Why Zephyr?"),
            "a table with a question column holds questions"
        );
        let html = "<h1>Interview prep: Quanta</h1><h2>Potential questions</h2><ul><li>Why?</li></ul><p><strong>Questions to ask</strong></p><ul><li>Team size?</li></ul>";
        let profile = parse(html.as_bytes(), "q").unwrap();
        assert_eq!(
            kinds(&profile, Kind::Ask),
            vec!["Team size?"],
            "a bold line names its section"
        );
    }

    #[test]
    fn a_profile_with_a_few_answered_questions_stays_a_profile_and_keeps_the_answers() {
        let doc = "# Company Profile: Harbor Works\n\n## Interview Preparation\n### Key Talking Points\n- Built the berth scheduler for forty cranes\n\n### Potential Questions to Prepare For\n**Why Harbor Works?**\nBecause ports run the world.\n\n**Why now?**\nThe timing is right.\n\n- \"Greatest strength\"\n- \"Walk me through your resume\"\n\n### Questions to Ask Interviewer\n- How big is the team?\n";
        let profile = parse(doc.as_bytes(), "x").unwrap();
        assert!(
            matches!(profile.reading, Reading::Profile { .. }),
            "{:?}",
            profile.reading
        );
        assert_eq!(
            kinds(&profile, Kind::Question),
            vec![
                "Why Harbor Works?",
                "Why now?",
                "Greatest strength",
                "Walk me through your resume"
            ]
        );
        let first = profile.items.iter().find(|i| i.text == "Why Harbor Works?").unwrap();
        assert_eq!(
            first.detail, "Because ports run the world.",
            "the answer written under it"
        );
        assert_eq!(kinds(&profile, Kind::TalkingPoint).len(), 1);
        assert_eq!(kinds(&profile, Kind::Ask), vec!["How big is the team?"]);
    }

    #[test]
    fn a_bank_with_a_few_stray_lines_is_still_a_bank() {
        let doc = "# Quiz\n\nWant updates? Subscribe!\n\n- [English](en.md)\n- [Deutsch](de.md)\n\n### 1. What is a closure?\n\nA function and its scope.\n\n### 2. What is hoisting?\n\nDeclarations move up.\n";
        let profile = parse(doc.as_bytes(), "quiz").unwrap();
        let Reading::Bank(bank) = &profile.reading else {
            panic!("{:?}", profile.reading)
        };
        assert_eq!((bank.questions, bank.answered), (2, 2));
        assert_eq!(
            kinds(&profile, Kind::Question),
            vec!["What is a closure?", "What is hoisting?"]
        );
        assert_eq!(profile.company, "Quiz");
    }

    #[test]
    fn a_contents_list_that_runs_into_the_question_headings_list_is_skipped() {
        // The contents' `1.`, `2.` and the questions' `1. ###` make one markdown list.
        let doc = "# Backend Interview Questions\n\n## Table of Contents\n1. [What is a B-tree?](#what-is-a-b-tree)\n2. [What is CAP?](#what-is-cap)\n\n1. ### What is a B-tree?\n   A balanced search tree.\n\n   #### Example\n   | op | cost |\n   |----|------|\n   | find | log n |\n\n   **[⬆ Back to Top](#table-of-contents)**\n\n2. ### What is CAP?\n   - Consistency\n   - Availability\n\n   **[⬆ Back to Top](#table-of-contents)**\n";
        let profile = parse(doc.as_bytes(), "bank").unwrap();
        let Reading::Bank(bank) = &profile.reading else {
            panic!("{:?}", profile.reading)
        };
        assert_eq!((bank.questions, bank.answered), (2, 2));
        assert_eq!((bank.skipped.contents, bank.skipped.navigation), (2, 2));
        assert_eq!(
            kinds(&profile, Kind::Question),
            vec!["What is a B-tree?", "What is CAP?"]
        );
        assert_eq!(profile.items[1].detail, "- Consistency\n- Availability");
    }

    #[test]
    fn a_question_with_a_tab_inside_is_one_line_of_plain_spaces() {
        let doc = "- 0A\ta?\n- \n| Your Skill | Their Requirement |\n## Potential Questions\n## Potential Questions\n";
        let profile = parse(doc.as_bytes(), "gen").unwrap();
        assert_eq!(kinds(&profile, Kind::Question), vec!["0A a?"]);
    }

    #[test]
    fn names_are_found_beside_characters_that_change_length_in_lower_case() {
        // 'İ' is two bytes, its lower case three: offsets taken from a lower-cased copy
        // would cut the original in the wrong place.
        assert_eq!(
            name_from_title("İİİ Company Profile: Kale", true).as_deref(),
            Some("Kale")
        );
        assert_eq!(
            name_from_company_line("İstanbul Labs builds ferries").as_deref(),
            Some("İstanbul Labs")
        );
        assert_eq!(find_ascii_ignoring_case("ÅBC Profile", "profile"), Some(5));
    }
}

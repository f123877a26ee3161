//! Question-and-answer documents: a question bank's questions with the answers it gives,
//! read from the markdown source so that each answer is kept as written (paragraphs,
//! lists, code, tables). Shapes: question headings (also `1. ### What is X?` list items)
//! with their body up to the next question; `<details><summary>Q</summary>A</details>`;
//! `Q:`/`A:` pairs; bold question lines; lists of questions (nested questions are
//! follow-ups); tables with a question and an answer column. Tables of contents, "back to
//! top" links, badges, front matter and MDX lines are left out, and a question asked again
//! is kept once. Pure: text in, questions out.

mod answer;
mod question;
mod tree;

use std::collections::{HashMap, HashSet};

pub use answer::Skipped;
use answer::{Piece, gather};
use question::Likeness;
pub use tree::attribute as html_attribute;
use tree::{Kind as Block, Node};

use crate::domain::Kind;

/// How a question was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Shape {
    Heading,
    Details,
    Pair,
    BoldLine,
    List,
    Table,
}

impl Shape {
    pub const ALL: [Shape; 6] = [
        Shape::Heading,
        Shape::Details,
        Shape::Pair,
        Shape::BoldLine,
        Shape::List,
        Shape::Table,
    ];

    /// What the import report calls questions of this shape.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Shape::Heading => "question headings",
            Shape::Details => "<details> blocks",
            Shape::Pair => "Q:/A: pairs",
            Shape::BoldLine => "bold question lines",
            Shape::List => "question lists",
            Shape::Table => "question/answer tables",
        }
    }

    /// A shape that marks a question and its answer on purpose: a document holding such
    /// questions is a question bank, not a profile.
    #[must_use]
    pub fn is_deliberate(self) -> bool {
        self != Shape::List
    }
}

/// One question of a bank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The question; when the document puts code or options under it before the answer,
    /// those follow on later lines.
    pub text: String,
    /// The document's answer as written (markdown), empty when it gives none.
    pub answer: String,
    /// Nested follow-up questions.
    pub follow_ups: Vec<String>,
    /// The heading it sits under.
    pub section: String,
    pub shape: Shape,
    /// Its identity across imports ([`crate::profile::item_key`] of its text).
    pub key: String,
}

/// What a document holds as a question bank.
#[derive(Debug, Clone, Default)]
pub struct Bank {
    pub questions: Vec<Question>,
    pub skipped: Skipped,
    /// Every line of its questions, answers, follow-ups and table of contents, folded as
    /// match keys: what another reader of the document finds there is the bank's already.
    pub known_lines: std::collections::HashSet<String>,
    /// The table of contents' entries, folded as match keys.
    pub contents_lines: std::collections::HashSet<String>,
    /// The document's title: its first heading, when of level 1 (without badges).
    pub title: Option<String>,
    /// Its questions' match keys.
    pub question_keys: std::collections::HashSet<String>,
    /// Its questions by the match key of their first line.
    pub by_key: HashMap<String, usize>,
    /// The document as read (without front matter and MDX lines), with the bank's questions,
    /// answers and contents blanked out: what remains for the profile reader (questions to
    /// ask, talking points) to read.
    pub outside: String,
}

impl Bank {
    /// Whether a line (an item's text) is one of the bank's questions, answers, follow-ups
    /// or contents entries.
    #[must_use]
    pub fn knows(&self, text: &str) -> bool {
        let key = line_key(text);
        !key.is_empty() && (self.known_lines.contains(&key) || self.glued(text).is_some())
    }

    /// The question (with its answer) that `text` runs together: the question's words,
    /// then, after an optional answer marker, the start of its answer (`Where do values
    /// live? A: On the heap …`, as a reader that joins lines takes it).
    #[must_use]
    pub fn glued(&self, text: &str) -> Option<&Question> {
        let key = line_key(text);
        let words: Vec<&str> = key.split(' ').collect();
        // A question is a few dozen words at most; its prefixes are built once each.
        let longest = words.len().saturating_sub(1).min(40);
        let mut prefixes = Vec::with_capacity(longest);
        let mut prefix = String::new();
        for word in &words[..longest] {
            if !prefix.is_empty() {
                prefix.push(' ');
            }
            prefix.push_str(word);
            prefixes.push(prefix.clone());
        }
        for cut in (1..=longest).rev() {
            let Some(&index) = self.by_key.get(&prefixes[cut - 1]) else {
                continue;
            };
            let question = &self.questions[index];
            let mut rest = &words[cut..];
            if rest.first().is_some_and(|w| ["a", "ans", "answer"].contains(w)) {
                rest = &rest[1..];
            }
            let answer = crate::profile::text::match_key(&answer::visible(&question.answer));
            let rest = rest.join(" ");
            return (!question.answer.is_empty() && !rest.is_empty() && answer.starts_with(&rest)).then_some(question);
        }
        None
    }

    /// Whether a line is an entry of the document's table of contents and not one of its
    /// questions.
    #[must_use]
    pub fn is_contents_entry(&self, text: &str) -> bool {
        let key = line_key(text);
        !key.is_empty() && self.contents_lines.contains(&key) && !self.question_keys.contains(&key)
    }

    /// Questions written in a deliberate question-and-answer shape.
    #[must_use]
    pub fn deliberate(&self) -> usize {
        self.questions.iter().filter(|q| q.shape.is_deliberate()).count()
    }

    /// Questions that carry an answer.
    #[must_use]
    pub fn answered(&self) -> usize {
        self.questions.iter().filter(|q| !q.answer.is_empty()).count()
    }

    /// Questions of each shape found, in a fixed order.
    #[must_use]
    pub fn shapes(&self) -> Vec<(Shape, usize)> {
        Shape::ALL
            .iter()
            .map(|&s| (s, self.questions.iter().filter(|q| q.shape == s).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

/// Whether a line reads as a question (a mark, a marker or a question's opening words).
#[must_use]
pub fn is_question(text: &str) -> bool {
    question::likeness(text) != Likeness::No
}

/// A title as a deck's name: its text without heading marks, emoji, badges or images.
#[must_use]
pub fn title_text(title: &str) -> String {
    let visible = answer::visible(title);
    let kept: String = visible
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace() || ".,&'’:+-–—()/#".contains(*c))
        .collect();
    crate::profile::text::squash_whitespace(kept.trim_matches(|c: char| !c.is_alphanumeric() && c != ')'))
}

/// Reads a markdown document (an HTML one is turned into markdown first) as a question
/// bank.
#[must_use]
pub fn read(source: &str) -> Bank {
    let mut skipped = Skipped::default();
    let cleaned = strip_markup(source, &mut skipped);
    let nodes = tree::read(&cleaned);
    let entries = flatten(&cleaned, &nodes);
    let numbered_levels = numbered_question_levels(&entries);
    let within_answers = headings_within_answers(&cleaned, &entries, &numbered_levels);
    let mut reader = Reader {
        source: &cleaned,
        numbered_levels,
        bank: Bank {
            skipped,
            ..Bank::default()
        },
        seen: HashMap::new(),
        sections: Vec::new(),
        heading: None,
        free: None,
        tentative: None,
        title: None,
        claimed: Vec::new(),
        labelled: None,
        told_apart: HashSet::new(),
        boilerplate: boilerplate_headings(&cleaned, &entries),
        within_answers,
    };
    for entry in &entries {
        reader.entry(entry);
    }
    reader.close_heading();
    reader.close_free();
    reader.bank.title = reader.title.take();
    reader.bank.outside = blank_out(&cleaned, &mut reader.claimed);
    reader.bank.question_keys = reader.seen.into_keys().collect();
    reader.bank.by_key = reader
        .bank
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (line_key(q.text.lines().next().unwrap_or("")), i))
        .collect();
    reader.bank
}

/// The source without front matter, MDX `import`/`export` lines and lines that are only a
/// JSX component (`<SomeAd />`), and with `###1.` headings spaced; code blocks are left
/// alone.
fn strip_markup(source: &str, skipped: &mut Skipped) -> String {
    let mut out = String::with_capacity(source.len());
    let body = match crate::profile::text::front_matter_len(source) {
        Some(length) => {
            skipped.markup += 1;
            &source[length..]
        }
        None => source,
    };
    let lines = body.split_inclusive('\n');
    let mut fence: Option<(char, usize)> = None;
    for line in lines {
        let trimmed = line.trim();
        if let Some(open) = fence {
            if tree::closes_fence(trimmed, open) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if let Some(marker) = tree::fence_marker(trimmed) {
            fence = Some(marker);
            out.push_str(line);
            continue;
        }
        if is_mdx_line(trimmed) {
            skipped.markup += 1;
            continue;
        }
        match spaced_heading(line) {
            Some((hashes, rest)) => {
                out.push_str(hashes);
                out.push(' ');
                out.push_str(rest);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// `###1. What is X?` as its writer meant it, split where the space belongs: a numbered
/// heading whose `#`s run into its number. GitHub showed such lines as headings before it
/// followed CommonMark, which needs the space, and older banks are full of them.
fn spaced_heading(line: &str) -> Option<(&str, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    if indent > 3 || !(2..=6).contains(&hashes) {
        return None;
    }
    let after = &rest[hashes..];
    let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let numbered = (1..=4).contains(&digits) && after[digits..].starts_with(['.', ')']);
    numbered.then(|| line.split_at(indent + hashes))
}

/// `import X from "y"`, `export const meta = …`, `<SomeAd />`, `<Callout>`/`</Callout>`.
fn is_mdx_line(line: &str) -> bool {
    if (line.starts_with("import ") && (line.contains(" from ") || line.ends_with(['"', '\'', ';'])))
        || line.starts_with("export const ")
        || line.starts_with("export default ")
    {
        return true;
    }
    let Some(inner) = line.strip_prefix('<') else {
        return false;
    };
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    inner.starts_with(|c: char| c.is_ascii_uppercase())
        && line.ends_with('>')
        && line.matches('<').count() == 1
        && !inner.contains("://")
}

/// One step of the document's linear reading: a heading (of the document, or heading a
/// list item) or any other block, with the indent of the item that holds it.
#[derive(Debug, Clone, Copy)]
struct Entry<'n> {
    node: &'n Node,
    indent: usize,
}

impl Entry<'_> {
    fn level(&self) -> Option<u8> {
        match self.node.kind {
            Block::Heading(level) => Some(level),
            _ => None,
        }
    }

    fn piece(&self) -> Piece {
        Piece {
            range: self.node.range.clone(),
            indent: self.indent,
        }
    }
}

/// The document as a sequence of entries: lists whose items open with a heading
/// (`1. ### What is X?`) are read as those headings followed by the rest of each item.
fn flatten<'n>(source: &str, nodes: &'n [Node]) -> Vec<Entry<'n>> {
    let mut entries = Vec::with_capacity(nodes.len());
    for node in nodes {
        let headed = node.kind == Block::List && {
            let items = node.children.len();
            let with_heading = node
                .children
                .iter()
                .filter(|item| {
                    item.children
                        .first()
                        .is_some_and(|c| matches!(c.kind, Block::Heading(_)))
                })
                .count();
            with_heading > 0 && with_heading * 2 >= items
        };
        if !headed {
            entries.push(Entry { node, indent: 0 });
            continue;
        }
        for item in &node.children {
            match item.children.first() {
                Some(first) if matches!(first.kind, Block::Heading(_)) => {
                    let indent = column(source, first.range.start);
                    for child in &item.children {
                        entries.push(Entry { node: child, indent });
                    }
                }
                _ => entries.push(Entry { node: item, indent: 0 }),
            }
        }
    }
    entries
}

/// The column at which byte `at` sits on its line.
fn column(source: &str, at: usize) -> usize {
    let line_start = source[..at].rfind('\n').map_or(0, |n| n + 1);
    source[line_start..at].chars().count()
}

/// Heading levels at which numbered headings are questions, because most headings there
/// are questions (`14. All objects have prototypes.` among `13. What …?` headings).
fn numbered_question_levels(entries: &[Entry<'_>]) -> Vec<u8> {
    let mut counts: HashMap<u8, (usize, usize)> = HashMap::new();
    for entry in entries {
        if let Some(level) = entry.level() {
            let text = &entry.node.inline.text;
            if is_numbered(text) {
                let count = counts.entry(level).or_default();
                count.0 += 1;
                if question::likeness(text) != Likeness::No {
                    count.1 += 1;
                }
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, (numbered, questions))| *questions >= 2 && questions * 10 >= numbered * 6)
        .map(|(level, _)| level)
        .collect()
}

/// The blocks under the heading at `at`, up to the next heading.
fn under_heading<'e, 'n>(entries: &'e [Entry<'n>], at: usize) -> impl Iterator<Item = &'e Entry<'n>> {
    entries[at + 1..].iter().take_while(|e| e.level().is_none())
}

/// The keys of unnumbered headings written five times or more with the same words over
/// the same line or two (or nothing): boilerplate between questions (`Have doubt in this
/// question?` over a link to the writer). A question asked again over other code, or again
/// with its answer, has other or longer text under it, and is rarely asked five times.
fn boilerplate_headings(source: &str, entries: &[Entry<'_>]) -> HashSet<String> {
    /// How much text under a heading still reads as a boilerplate line.
    const LONGEST_BOILERPLATE_BODY: usize = 300;
    // Per key: how often it heads, and the text under it when that was the same each time
    // (nothing under it goes with any text).
    let mut seen: HashMap<String, (usize, Option<String>)> = HashMap::new();
    for (at, entry) in entries.iter().enumerate() {
        let text = &entry.node.inline.text;
        if entry.level().is_none() || is_numbered(text) {
            continue;
        }
        let under: String = under_heading(entries, at)
            .map(|e| source[e.node.range.clone()].trim())
            .collect::<Vec<_>>()
            .join("\n");
        let under = (under.len() <= LONGEST_BOILERPLATE_BODY).then_some(under);
        match seen.entry(crate::profile::text::match_key(text)) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert((1, under));
            }
            std::collections::hash_map::Entry::Occupied(mut slot) => {
                let (count, same) = slot.get_mut();
                *count += 1;
                match (&same, &under) {
                    (_, Some(text)) if text.is_empty() => {}
                    (Some(earlier), _) if earlier.is_empty() => *same = under,
                    _ if *same != under => *same = None,
                    _ => {}
                }
            }
        }
    }
    seen.into_iter()
        .filter(|(key, (count, same))| *count >= 5 && same.is_some() && !key.is_empty())
        .map(|(key, _)| key)
        .collect()
}

/// Where the headings start that are part of an answer although written at its question's
/// level (`### Method 1` under `### 6. How to empty an array?`): a heading that asks
/// nothing, with content under it, after a question heading of its level (and maybe others
/// like it). A heading over nothing (a group's title: `## # 2. Modules` straight over
/// `## Q. What is a module?`) still ends the answer and names what follows.
fn headings_within_answers(source: &str, entries: &[Entry<'_>], numbered_levels: &[u8]) -> HashSet<usize> {
    let asks = |text: &str, level: u8| {
        question::likeness(text) != Likeness::No || (is_numbered(text) && numbered_levels.contains(&level))
    };
    // For each level, the last heading that a heading of that level answers to: a wider
    // one, or a question of its own level (other headings of the chain are passed over).
    let mut answers_to: [Option<bool>; 7] = [None; 7];
    let mut within = HashSet::new();
    for (at, entry) in entries.iter().enumerate() {
        let Some(level) = entry.level() else { continue };
        let text = &entry.node.inline.text;
        let question = asks(text, level);
        let level = usize::from(level.min(6));
        let under_a_question = answers_to[level] == Some(true);
        for (deeper, last) in answers_to.iter_mut().enumerate() {
            if deeper > level {
                *last = Some(false);
            } else if deeper == level && question {
                *last = Some(true);
            }
        }
        if question || question::is_contents_heading(text) || is_housekeeping_section(text) {
            continue;
        }
        let content_under = under_heading(entries, at).any(|e| match e.node.kind {
            Block::Rule => false,
            Block::Html => {
                let html = &source[e.node.range.clone()];
                !answer::is_navigation(html) && shows_text(html)
            }
            _ => true,
        });
        if under_a_question && content_under {
            within.insert(entry.node.range.start);
        }
    }
    within
}

/// Whether HTML shows any words (not only `<br/>`, `<div>` or `<hr>`).
fn shows_text(html: &str) -> bool {
    let mut in_tag = false;
    html.chars().any(|c| match c {
        '<' => {
            in_tag = true;
            false
        }
        '>' => {
            in_tag = false;
            false
        }
        c => !in_tag && c.is_alphanumeric(),
    })
}

/// A heading that only numbers a question: `Question 30`, `Q 7`, `Q12.`.
fn is_question_label(text: &str) -> bool {
    let words = question::strip_decoration(text).to_lowercase();
    let rest = words
        .strip_prefix("question")
        .or_else(|| words.strip_prefix('q'))
        .map(|rest| {
            rest.trim_start_matches([' ', '#', '-', ':', '.'])
                .trim_end_matches(['.', ':'])
        });
    rest.is_some_and(|number| !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
}

fn is_numbered(text: &str) -> bool {
    let t = text.trim().trim_start_matches(['#', '*', '_', ' ']);
    let t = t.strip_prefix(['Q', 'q']).unwrap_or(t);
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    digits > 0 && t[digits..].starts_with(['.', ')', ':', ' '])
}

/// Headings that name the document's housekeeping, never a question.
const HOUSEKEEPING: &[&str] = &[
    "how to contribute",
    "how to use",
    "how to read",
    "how to run",
    "how to install",
    "how to download",
    "how to support",
    "how to help",
    "how can i contribute",
    "how can i help",
    "how do i contribute",
];

/// A heading over the document's housekeeping rather than a group of questions.
fn is_housekeeping_section(name: &str) -> bool {
    let lower = name.to_lowercase();
    question::is_contents_heading(name)
        || [
            "disclaimer",
            "introduction",
            "intro",
            "preface",
            "about",
            "about this",
            "license",
            "licence",
            "contributing",
            "contributors",
            "credits",
            "acknowledgements",
            "acknowledgments",
            "support",
            "sponsors",
            "note",
            "notes",
            "usage",
            "downloading pdf/epub formats",
            "downloads",
            "download",
        ]
        .contains(&lower.as_str())
        || lower.starts_with("how to ")
        || lower.starts_with("download")
}

/// What a heading does in a bank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Only an anchor (`Q12`): ignored.
    Anchor,
    /// The same words over many answers (`Have doubt in this question??` after each one):
    /// the writer's boilerplate, which ends the answer above it and asks nothing.
    Boilerplate,
    Contents,
    Question(Likeness),
    Section,
}

/// A question heading being read, with the blocks of its body.
struct OpenHeading<'n> {
    level: u8,
    text: String,
    likeness: Likeness,
    /// Numbered at a level where numbered headings are the questions (`## 1. What is X?`).
    numbered: bool,
    body: Vec<Entry<'n>>,
    section: String,
}

/// A question written outside headings (a `Q:` line, a bold question line, a plain
/// question line followed by an answer label), with the blocks after it.
struct OpenFree<'n> {
    shape: Shape,
    text: String,
    /// Blocks before the answer begins (code or options that belong with the question).
    prompt: Vec<Entry<'n>>,
    /// Text after the answer marker on its own line (`A: Because …`).
    lead: String,
    answer: Vec<Entry<'n>>,
    /// The answer began explicitly (`A:`, `Answer:`, an answer `<details>`).
    answering: bool,
    section: String,
}

struct Reader<'s, 'n> {
    source: &'s str,
    numbered_levels: Vec<u8>,
    bank: Bank,
    seen: HashMap<String, usize>,
    /// Non-question headings in force: level, name, and whether they hold another kind of
    /// card (questions to ask, talking points) that is not the bank's to read.
    sections: Vec<(u8, String, bool)>,
    heading: Option<OpenHeading<'n>>,
    free: Option<OpenFree<'n>>,
    /// A plain question line that becomes a question if an answer label follows it.
    tentative: Option<(String, Vec<Entry<'n>>)>,
    /// The document's title (its first heading, when of level 1): the deck's name, not a
    /// section.
    title: Option<String>,
    /// The source ranges read as questions, answers or contents.
    claimed: Vec<std::ops::Range<usize>>,
    /// The keys of questions asked several times over different code: each later one
    /// takes its code into the question at once.
    told_apart: HashSet<String>,
    /// The level of the heading just read when it only numbers a question (`Question 30`).
    labelled: Option<u8>,
    /// The keys of headings that are the writer's boilerplate (see [`Role::Boilerplate`]).
    boilerplate: HashSet<String>,
    /// Where the headings that belong to the answer above them start (see
    /// [`headings_within_answers`]).
    within_answers: HashSet<usize>,
}

impl<'n> Reader<'_, 'n> {
    fn role(&self, level: u8, text: &str) -> Role {
        if question::is_anchor_heading(text) {
            return Role::Anchor;
        }
        if self.boilerplate.contains(&crate::profile::text::match_key(text)) {
            return Role::Boilerplate;
        }
        if question::is_contents_heading(text) {
            return Role::Contents;
        }
        let lower = question::strip_decoration(text).to_lowercase();
        // `How to contribute`, but not `How to install WP-CLI on Windows?`.
        if HOUSEKEEPING.iter().any(|h| lower.starts_with(h))
            && !lower.ends_with('?')
            && question::question_marker(text.trim_start_matches(['#', ' '])).is_none()
            && lower.split_whitespace().count() <= 6
        {
            return Role::Section;
        }
        match question::likeness(text) {
            Likeness::No if is_numbered(text) && self.numbered_levels.contains(&level) => {
                Role::Question(Likeness::Opener)
            }
            // `## Question 30` over `##### Best way to detect X.`: the label numbers the
            // heading under it, which is the question whatever its wording.
            Likeness::No if self.labelled.is_some_and(|label| level > label) => Role::Question(Likeness::Opener),
            Likeness::No => Role::Section,
            likeness => Role::Question(likeness),
        }
    }

    /// The innermost heading in force that groups questions (not the document's
    /// housekeeping: its disclaimer, contents or licence).
    fn section(&self) -> String {
        self.sections
            .iter()
            .rev()
            .map(|(_, name, _)| name)
            .find(|name| !is_housekeeping_section(name) && Some(*name) != self.title.as_ref())
            .cloned()
            .unwrap_or_default()
    }

    /// Inside a section that holds another kind of card, or a table of contents.
    fn foreign(&self) -> bool {
        self.sections.iter().any(|(_, _, foreign)| *foreign)
    }

    fn in_contents(&self) -> bool {
        self.sections
            .last()
            .is_some_and(|(_, name, _)| question::is_contents_heading(name))
    }

    fn entry(&mut self, entry: &Entry<'n>) {
        let Some(level) = entry.level() else {
            self.labelled = None;
            if let Some(open) = self.heading.as_mut() {
                open.body.push(*entry);
                self.claimed.push(entry.node.range.clone());
            } else {
                self.free_block(entry);
            }
            return;
        };
        let text = entry.node.inline.text.clone();
        let role = self.role(level, &text);
        self.labelled = is_question_label(&text).then_some(level);
        if role == Role::Anchor {
            return;
        }
        if role == Role::Boilerplate {
            self.close_heading();
            self.close_free();
            self.claimed.push(entry.node.range.clone());
            return;
        }
        if let Some(open) = &mut self.heading
            && open.body.is_empty()
            && question::heading_answer_marker(&text).is_some()
        {
            // `### A. …` under `### Q. …`: the answer, as a heading.
            open.body.push(*entry);
            self.claimed.push(entry.node.range.clone());
            return;
        }
        if let Some(open) = &mut self.heading {
            // A deeper heading (`#### Example`) belongs to the answer, unless it is
            // plainly a question of its own.
            // Where numbered headings are the questions (`## 1. What is PEP 8?`), an
            // unnumbered one under them (`### What is PEP 8?`, `### Why it matters`)
            // is the answer's own structure.
            let within_numbered = open.numbered && !is_numbered(&text);
            let own_question = matches!(role, Role::Question(Likeness::Sure))
                && !within_numbered
                && (open.likeness != Likeness::Sure
                    || question::question_marker(&text).is_some()
                    || text.trim_end().ends_with('?'));
            if (level > open.level && !own_question)
                || (level == open.level && self.within_answers.contains(&entry.node.range.start))
            {
                open.body.push(*entry);
                self.claimed.push(entry.node.range.clone());
                return;
            }
        }
        if let Some(open) = &self.heading
            && open.body.is_empty()
            && open.likeness != Likeness::Sure
            && level > open.level
            && matches!(role, Role::Question(_))
        {
            // `## Predict the output` straight over `#### Q. What is the output …?`: a
            // title for the questions below it, not a question.
            let (open_level, open_text) = (open.level, open.text.clone());
            self.heading = None;
            self.open_section(open_level, &open_text);
        }
        self.close_heading();
        self.close_free();
        match role {
            Role::Question(likeness) => {
                // A question ends the sections below its level, a table of contents at
                // any level (`## Contents` right over `1. ### What is X?`: contents hold
                // links, never a question with its answer) and other housekeeping at its
                // level; a group's heading at its level (`## Joins` over `## Q. …`) still
                // names the questions after it.
                while self.sections.last().is_some_and(|(l, name, _)| {
                    *l > level || question::is_contents_heading(name) || (*l == level && is_housekeeping_section(name))
                }) {
                    self.sections.pop();
                }
                self.claimed.push(entry.node.range.clone());
                self.heading = Some(OpenHeading {
                    level,
                    text: question::strip_decoration(&text),
                    likeness,
                    numbered: is_numbered(&text) && self.numbered_levels.contains(&level),
                    body: Vec::new(),
                    section: self.section(),
                });
            }
            Role::Contents | Role::Section | Role::Anchor | Role::Boilerplate => self.open_section(level, &text),
        }
    }

    fn open_section(&mut self, level: u8, text: &str) {
        if level == 1 && self.title.is_none() && self.bank.questions.is_empty() && self.sections.is_empty() {
            self.title = Some(question::strip_decoration(text));
        }
        while self.sections.last().is_some_and(|(l, _, _)| *l >= level) {
            self.sections.pop();
        }
        let foreign = matches!(
            crate::profile::classify_heading(text),
            Some(Kind::Ask | Kind::TalkingPoint | Kind::SkillMap | Kind::Topic)
        );
        let name = question::strip_decoration(text);
        self.sections.push((level, name, foreign));
    }

    /// Ends the question heading being read: its body is its answer, unless the body holds
    /// questions of its own (then the heading names their section) or an answer
    /// `<details>` (then what comes before it belongs with the question).
    fn close_heading(&mut self) {
        let Some(open) = self.heading.take() else { return };
        let inner_questions = open.body.iter().filter(|e| self.is_question_block(e)).count();
        if inner_questions >= 2 {
            self.open_section(open.level, &open.text);
            for entry in &open.body {
                if entry.level().is_some() {
                    // Sub-headings were kept for the answer; as a section they are
                    // sections (or questions) again.
                    self.entry(entry);
                } else if let Some(heading) = self.heading.as_mut() {
                    heading.body.push(*entry);
                } else {
                    self.free_block(entry);
                }
            }
            self.close_heading();
            self.close_free();
            return;
        }
        // A `Q:` line after the answer (`## Q: …?` `A: …` then `Q: …?` `A: …`) asks a
        // question of its own: from there on the body is read as the document is.
        let mut body = open.body;
        let trailing = match body
            .iter()
            .position(|e| e.node.kind == Block::Paragraph && self.is_question_block(e))
        {
            Some(at) if at > 0 => body.split_off(at),
            _ => Vec::new(),
        };
        let open = OpenHeading { body, ..open };
        // A `<details>` whose summary plainly asks a question is a question of its own;
        // the rest of the body stays the heading's answer.
        let (own, body): (Vec<Entry<'n>>, Vec<Entry<'n>>) = open.body.iter().partition(|e| {
            e.node.kind == Block::Details
                && self
                    .details_summary(e)
                    .is_some_and(|s| !question::is_answer_summary(&s) && question::likeness(&s) == Likeness::Sure)
        });
        let open = OpenHeading { body, ..open };
        // An answer `<details>` that ends the body (nothing but rules or navigation after
        // it) holds the answer; one in the middle of prose is part of the answer.
        let split = open
            .body
            .iter()
            .position(|e| {
                e.node.kind == Block::Details && self.details_summary(e).is_none_or(|s| question::is_answer_summary(&s))
            })
            .filter(|&at| {
                open.body[at + 1..].iter().all(|e| {
                    e.node.kind == Block::Rule
                        || (e.node.kind == Block::Html && answer::is_navigation(&self.source[e.node.range.clone()]))
                        || e.node.kind == Block::Details
                })
            });
        let (prompt, answer) = match split {
            Some(at) => {
                let details_body = self.details_body(&open.body[at]);
                let after = gather(self.source, &pieces(&open.body[at + 1..]));
                (
                    gather(self.source, &pieces(&open.body[..at])),
                    join(&details_body, &after),
                )
            }
            None => (String::new(), gather(self.source, &pieces(&open.body))),
        };
        self.emit(&open.text, &prompt, &answer, Vec::new(), &open.section, Shape::Heading);
        for entry in own.iter().chain(&trailing) {
            self.free_block(entry);
        }
    }

    /// A block that is a question in its own right (a `<details>` with a question summary,
    /// a `Q:` line): several of them under one heading make it a section.
    fn is_question_block(&self, entry: &Entry<'_>) -> bool {
        match entry.node.kind {
            Block::Details => self
                .details_summary(entry)
                .is_some_and(|s| !question::is_answer_summary(&s)),
            Block::Paragraph => question::question_marker(&entry.node.inline.text).is_some(),
            _ => false,
        }
    }

    fn details_summary(&self, entry: &Entry<'_>) -> Option<String> {
        let (summary, _) = answer::details_parts(&self.source[entry.node.range.clone()]);
        let text = answer::summary_text(&summary);
        (!text.is_empty()).then_some(text)
    }

    fn details_body(&self, entry: &Entry<'_>) -> String {
        let (_, body) = answer::details_parts(&self.source[entry.node.range.clone()]);
        answer::dedent(&body, entry.indent)
    }

    /// A block read outside any question heading.
    fn free_block(&mut self, entry: &Entry<'n>) {
        let node = entry.node;
        match node.kind {
            Block::Details => {
                self.claimed.push(node.range.clone());
                let (summary, body) = answer::details_parts(&self.source[node.range.clone()]);
                let summary = answer::summary_text(&summary);
                let body = answer::dedent(&body, entry.indent);
                if summary.is_empty() || question::is_answer_summary(&summary) {
                    // The answer to the question just read.
                    if let Some(open) = self.free.as_mut() {
                        open.answering = true;
                        open.lead = join(&open.lead, &body);
                        self.close_free();
                    } else if let Some((text, prompt)) = self.tentative.take() {
                        let prompt = gather(self.source, &pieces(&prompt));
                        self.emit(&text, &prompt, &body, Vec::new(), &self.section(), Shape::Pair);
                    }
                    return;
                }
                self.close_free();
                self.emit(
                    &question::strip_decoration(&summary),
                    "",
                    &body,
                    Vec::new(),
                    &self.section(),
                    Shape::Details,
                );
            }
            Block::Paragraph => self.free_paragraph(entry),
            Block::List => self.free_list(entry),
            Block::Table => self.free_table(entry),
            Block::Item => {
                self.claimed.push(node.range.clone());
                // An item of a list whose other items open with question headings: the
                // contents that head such a list are contents still.
                let links = item_contents(node);
                let a_link = node
                    .children
                    .first()
                    .is_some_and(|c| c.kind == Block::Paragraph && c.inline.is_anchor_links());
                if self.in_contents() || a_link {
                    self.bank.skipped.contents += links;
                    self.know_item(node);
                    return;
                }
                self.free_list_items(std::slice::from_ref(node), entry.indent);
            }
            _ => self.absorb(entry),
        }
    }

    /// Adds a block to the free question being read, or to the plain question line
    /// waiting for its answer.
    fn absorb(&mut self, entry: &Entry<'n>) {
        if self.free.is_some() || self.tentative.is_some() {
            self.claimed.push(entry.node.range.clone());
        }
        if let Some(open) = self.free.as_mut() {
            if open.answering {
                open.answer.push(*entry);
            } else {
                open.prompt.push(*entry);
            }
        } else if let Some((_, prompt)) = self.tentative.as_mut() {
            prompt.push(*entry);
            if prompt.len() > 3 {
                self.tentative = None;
            }
        }
    }

    fn free_paragraph(&mut self, entry: &Entry<'n>) {
        let node = entry.node;
        let handled = self.free_paragraph_read(entry);
        if handled {
            self.claimed.push(node.range.clone());
        }
    }

    /// Reads a paragraph outside question headings; `true` when it was the bank's (a
    /// question, an answer, contents, navigation).
    fn free_paragraph_read(&mut self, entry: &Entry<'n>) -> bool {
        let node = entry.node;
        let text = node.inline.text.trim();
        let source = &self.source[node.range.clone()];
        if self.in_contents() || (node.inline.is_anchor_links() && !text.is_empty()) {
            let line = text.to_string();
            self.know_contents(&line);
            self.bank.skipped.contents += usize::from(self.in_contents() && node.inline.anchor_chars > 0);
            if !self.in_contents() {
                self.bank.skipped.navigation += 1;
            }
            return true;
        }
        if let Some(rest) = question::question_marker(source) {
            self.close_free();
            self.tentative = None;
            let (question_text, lead) = split_pair(rest, entry.indent);
            let answering = lead.is_some();
            self.free = Some(OpenFree {
                shape: Shape::Pair,
                text: question::strip_decoration(&inline_text(&question_text)),
                prompt: Vec::new(),
                lead: lead.unwrap_or_default(),
                answer: Vec::new(),
                answering,
                section: self.section(),
            });
            return true;
        }
        let answer_start = question::answer_marker(source).or_else(|| question::is_answer_label(text).then_some(""));
        if let Some(rest) = answer_start {
            let rest = answer::dedent(rest, entry.indent);
            if let Some(open) = self.free.as_mut() {
                if open.answering {
                    open.answer.push(*entry);
                } else {
                    open.answering = true;
                    open.lead = rest;
                }
                return true;
            } else if let Some((question_text, prompt)) = self.tentative.take() {
                self.free = Some(OpenFree {
                    shape: Shape::Pair,
                    text: question_text,
                    prompt,
                    lead: rest,
                    answer: Vec::new(),
                    answering: true,
                    section: self.section(),
                });
                return true;
            }
            return false;
        }
        if let Some((first_line, rest)) = bold_first_line(source)
            && question::likeness(&first_line) != Likeness::No
        {
            self.close_free();
            self.tentative = None;
            self.free = Some(OpenFree {
                shape: Shape::BoldLine,
                text: question::strip_decoration(&inline_text(&first_line)),
                prompt: Vec::new(),
                lead: answer::dedent_all(rest, entry.indent),
                answer: Vec::new(),
                answering: true,
                section: self.section(),
            });
            return true;
        }
        let likeness = question::likeness(text);
        if node.inline.is_bold() && likeness != Likeness::No && text.chars().count() <= 300 {
            self.close_free();
            self.tentative = None;
            self.free = Some(OpenFree {
                shape: Shape::BoldLine,
                text: question::strip_decoration(text),
                prompt: Vec::new(),
                lead: String::new(),
                answer: Vec::new(),
                answering: false,
                section: self.section(),
            });
            return true;
        }
        if self.free.is_some() {
            self.absorb(entry);
            return false;
        }
        if text.ends_with('?') && !text.contains('\n') && text.chars().count() <= 300 {
            self.tentative = Some((question::strip_decoration(text), Vec::new()));
        } else {
            self.absorb(entry);
        }
        false
    }

    /// Ends the free question being read: with an explicit answer, what came before it
    /// belongs with the question; without one, what follows the question is its answer.
    fn close_free(&mut self) {
        let Some(open) = self.free.take() else { return };
        let (prompt, answer) = if open.answering {
            let rest = gather(self.source, &pieces(&open.answer));
            (gather(self.source, &pieces(&open.prompt)), join(&open.lead, &rest))
        } else {
            (String::new(), gather(self.source, &pieces(&open.prompt)))
        };
        self.emit(&open.text, &prompt, &answer, Vec::new(), &open.section, open.shape);
    }

    fn free_list(&mut self, entry: &Entry<'n>) {
        let node = entry.node;
        let entries = count_contents(node);
        if self.in_contents() || (entries > 0 && entries * 2 >= node.children.len()) {
            self.bank.skipped.contents += entries;
            self.know_list(node);
            self.claimed.push(node.range.clone());
            return;
        }
        let items = &node.children;
        // A task list (`- [ ] Explain X`) is things to do, however they are worded.
        let marked = items
            .iter()
            .filter(|item| !item.task && first_text(item).is_some_and(|t| question::question_marker(t).is_some()))
            .count();
        let questions = items
            .iter()
            .filter(|item| !item.task && first_text(item).is_some_and(|t| question::likeness(t) != Likeness::No))
            .count();
        if marked > 0 || (questions > 0 && questions * 2 >= items.len() && !self.answering_free()) {
            self.close_free();
            self.tentative = None;
            // Left for the profile reader to see too: a profile's list of questions holds
            // items that read as no question (`"Greatest strength"`), which only it keeps.
            self.free_list_items(items, entry.indent);
        } else {
            self.absorb(entry);
        }
    }

    /// Remembers every line of a list skipped as contents.
    fn know_list(&mut self, list: &Node) {
        for item in &list.children {
            self.know_item(item);
        }
    }

    /// Remembers every line of a list item skipped as contents.
    fn know_item(&mut self, item: &Node) {
        for child in &item.children {
            if child.kind == Block::List {
                self.know_list(child);
            } else {
                let text = child.inline.text.clone();
                self.know_contents(&text);
            }
        }
    }

    /// Remembers a table-of-contents entry.
    fn know_contents(&mut self, line: &str) {
        self.know(line);
        let key = line_key(line);
        if !key.is_empty() {
            self.bank.contents_lines.insert(key);
        }
    }

    /// A free question is waiting for its answer right now.
    fn answering_free(&self) -> bool {
        self.free
            .as_ref()
            .is_some_and(|f| f.answering && f.answer.is_empty() && f.lead.is_empty())
    }

    /// Each item of a list of questions: its first line is the question; nested questions
    /// are follow-ups and the rest of the item its answer. `- Q: …` / `- A: …` items pair
    /// up.
    fn free_list_items(&mut self, items: &'n [Node], indent: usize) {
        let mut pending: Option<(String, Vec<String>)> = None;
        for item in items.iter().filter(|item| !item.task) {
            let Some(first) = item.children.first() else { continue };
            let first_source = &self.source[first.range.clone()];
            let item_indent =
                indent + column(self.source, first.range.start).saturating_sub(column(self.source, item.range.start));
            let item_indent = item_indent.max(indent + column(self.source, first.range.start));
            if let Some(rest) = question::answer_marker(first_source)
                && let Some((text, follow_ups)) = pending.take()
            {
                let mut answer = answer::dedent(rest, item_indent);
                let tail = gather(self.source, &child_pieces(&item.children[1..], item_indent));
                answer = join(&answer, &tail);
                self.emit(&text, "", &answer, follow_ups, &self.section(), Shape::Pair);
                continue;
            }
            if let Some((text, follow_ups)) = pending.take() {
                self.emit(&text, "", "", follow_ups, &self.section(), Shape::Pair);
            }
            if let Some(rest) = question::question_marker(first_source) {
                let (question_text, lead) = split_pair(rest, item_indent);
                let text = question::strip_decoration(&inline_text(&question_text));
                let tail = gather(self.source, &child_pieces(&item.children[1..], item_indent));
                match lead {
                    Some(lead) => {
                        self.emit(&text, "", &join(&lead, &tail), Vec::new(), &self.section(), Shape::Pair);
                    }
                    // `* **Q: …?**` over `  * **Answer:** …`: the nested item is the answer.
                    None if !tail.trim().is_empty() => {
                        let answer = nested_answer(&tail).unwrap_or(tail);
                        self.emit(&text, "", &answer, Vec::new(), &self.section(), Shape::Pair);
                    }
                    None => pending = Some((text, Vec::new())),
                }
                continue;
            }
            let text = first.inline.text.trim();
            if first.kind != Block::Paragraph || question::likeness(text) == Likeness::No {
                continue;
            }
            // `- Why this company?` with its answer on the next line of the same item.
            let (text, lead) = match first_source.split_once('\n') {
                Some((line, rest))
                    if !rest.trim().is_empty()
                        && question::likeness(line).max(bold_likeness(line)) == Likeness::Sure =>
                {
                    (inline_text(line), answer::dedent_all(rest, item_indent))
                }
                _ => (text.to_string(), String::new()),
            };
            let mut follow_ups = Vec::new();
            let mut answer_parts = Vec::new();
            for child in &item.children[1..] {
                if child.kind == Block::List && all_questions(child) {
                    collect_follow_ups(child, &mut follow_ups);
                } else {
                    answer_parts.push(child.clone());
                }
            }
            let answer = join(&lead, &gather(self.source, &child_pieces(&answer_parts, item_indent)));
            self.emit(
                &question::strip_decoration(&text),
                "",
                &answer,
                follow_ups,
                &self.section(),
                Shape::List,
            );
        }
        if let Some((text, follow_ups)) = pending.take() {
            self.emit(&text, "", "", follow_ups, &self.section(), Shape::Pair);
        }
    }

    fn free_table(&mut self, entry: &Entry<'n>) {
        let node = entry.node;
        let Some(header) = node.rows.first() else { return };
        let body = &node.rows[1..];
        let contents = body
            .iter()
            .filter(|row| row.iter().any(|c| c.inline.is_anchor_links()))
            .count();
        if self.in_contents() || (contents > 0 && contents * 2 >= body.len()) {
            self.bank.skipped.contents += contents;
            for cell in body.iter().flatten() {
                let text = cell.inline.text.clone();
                self.know_contents(&text);
            }
            self.claimed.push(node.range.clone());
            return;
        }
        let names: Vec<String> = header.iter().map(|c| c.inline.text.trim().to_lowercase()).collect();
        let question_column = names
            .iter()
            .position(|h| h.contains("question") || h == "q" || h == "q.");
        let answer_column = names.iter().position(|h| {
            ["answer", "solution", "explanation", "response", "ans"]
                .iter()
                .any(|w| h.contains(w))
                || h == "a"
                || h == "a."
        });
        let (Some(q), Some(a)) = (question_column, answer_column) else {
            self.absorb(entry);
            return;
        };
        // A table that merely has such columns (counts per question, a schema) is no bank:
        // most of its question cells must read as questions.
        let filled: Vec<&str> = body
            .iter()
            .filter_map(|row| row.get(q))
            .map(|c| c.inline.text.trim())
            .filter(|t| !t.is_empty())
            .collect();
        let asked = filled.iter().filter(|t| question::likeness(t) != Likeness::No).count();
        if q == a || asked * 2 < filled.len() || filled.is_empty() {
            self.absorb(entry);
            return;
        }
        self.close_free();
        self.tentative = None;
        self.claimed.push(node.range.clone());
        for row in body {
            let (Some(question_cell), answer_cell) = (row.get(q), row.get(a)) else {
                continue;
            };
            let text = question::strip_decoration(&question_cell.inline.text);
            let answer = answer_cell
                .map(|c| cell_markdown(&self.source[c.range.clone()]))
                .unwrap_or_default();
            self.emit(&text, "", &answer, Vec::new(), &self.section(), Shape::Table);
        }
    }

    fn emit_new(
        &mut self,
        key: String,
        text: String,
        answer: String,
        follow_ups: Vec<String>,
        section: &str,
        shape: Shape,
    ) {
        self.seen.insert(key.clone(), self.bank.questions.len());
        self.bank.questions.push(Question {
            text,
            answer,
            follow_ups,
            section: crate::profile::text::squash_whitespace(section),
            shape,
            key,
        });
    }

    /// A question worded like an earlier one but answered differently, where each answer
    /// opens with code: the code moves into both questions, which then differ. Returns the
    /// new question's text and answer, or `None` (a plain repeat).
    fn tell_apart(&mut self, taken: usize, text: &str, answer: &str) -> Option<(String, String)> {
        let earlier = &self.bank.questions[taken];
        if answer.is_empty() || earlier.answer.is_empty() || earlier.answer == answer {
            return None;
        }
        let (new_code, new_rest) = leading_code(answer)?;
        let new_text = format!("{text}\n\n{new_code}");
        let new_key = crate::profile::item_key(Kind::Question, &new_text, "");
        if let Some((old_code, old_rest)) = leading_code(&earlier.answer) {
            let old_text = format!("{}\n\n{old_code}", earlier.text);
            let old_key = crate::profile::item_key(Kind::Question, &old_text, "");
            if old_key == new_key || self.seen.contains_key(&old_key) {
                return None;
            }
            let old_rest = old_rest.to_string();
            self.seen.remove(&earlier.key);
            self.seen.insert(old_key.clone(), taken);
            let earlier = &mut self.bank.questions[taken];
            earlier.text = old_text;
            earlier.answer = old_rest;
            earlier.key = old_key;
        }
        if self.seen.contains_key(&new_key) {
            return None;
        }
        Some((new_text, new_rest.to_string()))
    }

    /// Remembers a line of the document as the bank's own.
    fn know(&mut self, line: &str) {
        let key = line_key(line);
        if !key.is_empty() {
            self.bank.known_lines.insert(key);
        }
    }

    /// Adds a question unless it is empty, a placeholder or inside a section of another
    /// kind; a repeat is kept once (taking the answer when the first had none).
    fn emit(&mut self, text: &str, prompt: &str, answer: &str, follow_ups: Vec<String>, section: &str, shape: Shape) {
        if self.foreign() {
            return;
        }
        // One line, as the profile reader takes a question: a tab or a line break inside it
        // is a space.
        let text = crate::profile::text::squash_whitespace(&crate::profile::text::strip_controls(text));
        // `"Why us?"` as the profile reader takes it: without the quotes around it.
        let text = crate::profile::text::strip_wrapping_quotes(text.trim()).to_string();
        if text.chars().filter(|c| c.is_alphanumeric()).count() < 2 || crate::profile::has_placeholder(&text) {
            return;
        }
        let prompt = answer::clean(prompt, &mut self.bank.skipped);
        let full = if prompt.is_empty() {
            text
        } else {
            format!("{text}\n\n{prompt}")
        };
        let answer = answer::clean(&crate::profile::text::strip_controls(answer), &mut self.bank.skipped);
        // What the profile reader could take for a question here is the question itself
        // (its answer is left out of what that reader reads).
        self.know(full.lines().next().unwrap_or(""));
        for follow_up in &follow_ups {
            self.know(follow_up);
        }
        let key = crate::profile::item_key(Kind::Question, &full, "");
        if key.is_empty() {
            return;
        }
        if let Some(&taken) = self.seen.get(&key)
            && let Some((text, answer)) = self.tell_apart(taken, &full, &answer)
        {
            // The same words over different code (`What is the output?`): the code is
            // part of each question.
            self.told_apart.insert(key);
            let key = crate::profile::item_key(Kind::Question, &text, "");
            self.emit_new(key, text, answer, follow_ups, section, shape);
            return;
        }
        if self.told_apart.contains(&key)
            && let Some((code, rest)) = leading_code(&answer)
        {
            let text = format!("{full}\n\n{code}");
            let own_key = crate::profile::item_key(Kind::Question, &text, "");
            if !self.seen.contains_key(&own_key) {
                let rest = rest.to_string();
                self.emit_new(own_key, text, rest, follow_ups, section, shape);
                return;
            }
        }
        if let Some(&taken) = self.seen.get(&key) {
            self.bank.skipped.repeats += 1;
            let earlier = &mut self.bank.questions[taken];
            if earlier.answer.is_empty() {
                earlier.answer = answer;
            }
            for follow_up in follow_ups {
                if !earlier.follow_ups.contains(&follow_up) {
                    earlier.follow_ups.push(follow_up);
                }
            }
            return;
        }
        self.emit_new(key, full, answer, follow_ups, section, shape);
    }
}

/// A line's identity for telling what the bank holds: its visible text without markup,
/// numbering or markers, folded.
fn line_key(line: &str) -> String {
    // Backticks go first: another reader may have dropped them, and what they held (a
    // `<file>` placeholder) must read the same on both sides.
    let line = line.replace('`', "");
    crate::profile::text::match_key(&question::strip_decoration(&answer::visible(&line)))
}

fn pieces(entries: &[Entry<'_>]) -> Vec<Piece> {
    entries.iter().map(Entry::piece).collect()
}

fn child_pieces(nodes: &[Node], indent: usize) -> Vec<Piece> {
    nodes
        .iter()
        .map(|n| Piece {
            range: n.range.clone(),
            indent,
        })
        .collect()
}

/// The text with every claimed range blanked out, so that another reader sees only what
/// is left.
fn blank_out(text: &str, claimed: &mut [std::ops::Range<usize>]) -> String {
    claimed.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for range in claimed.iter() {
        let start = range.start.max(at).min(text.len());
        let end = range.end.min(text.len());
        if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        out.push_str(&text[at..start]);
        // A claimed block reads as a blank line: what it held is the bank's, and the
        // blocks around it stay apart.
        out.push_str(if text[start..end].contains('\n') { "\n\n" } else { " " });
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// An answer's opening fenced code block and what follows it.
fn leading_code(answer: &str) -> Option<(&str, &str)> {
    let first = answer.lines().next()?;
    let open = tree::fence_marker(first.trim_start())?;
    let mut offset = (first.len() + 1).min(answer.len());
    for line in answer[offset..].split_inclusive('\n') {
        offset += line.len();
        if tree::closes_fence(line.trim_start(), open) {
            let end = offset.min(answer.len());
            return Some((answer[..end].trim_end(), answer[end..].trim()));
        }
    }
    None
}

/// Two parts of an answer, a blank line between them when both are there.
fn join(first: &str, second: &str) -> String {
    match (first.trim().is_empty(), second.trim().is_empty()) {
        (true, _) => second.to_string(),
        (false, true) => first.to_string(),
        (false, false) => format!("{}\n\n{}", first.trim_end(), second),
    }
}

/// A paragraph's first line when it is bold from end to end and more lines follow it
/// (`**What is X?**` with its answer on the next line).
fn bold_first_line(source: &str) -> Option<(String, &str)> {
    let (line, rest) = source.split_once('\n')?;
    if rest.trim().is_empty() {
        return None;
    }
    let t = line.trim().trim_end_matches('\\').trim_end();
    let inner = t
        .strip_prefix("**")
        .and_then(|r| r.strip_suffix("**"))
        .or_else(|| t.strip_prefix("__").and_then(|r| r.strip_suffix("__")))?;
    (!inner.contains("**") && !inner.trim().is_empty()).then(|| (inner.to_string(), rest))
}

/// How surely a line that is bold from end to end is a question (`No` when not bold).
fn bold_likeness(line: &str) -> Likeness {
    let t = line.trim().trim_end_matches('\\').trim_end();
    let bold = t.len() > 4 && (t.starts_with("**") && t.ends_with("**") || t.starts_with("__") && t.ends_with("__"));
    if bold { question::likeness(t) } else { Likeness::No }
}

/// A `Q:` paragraph's question and, when an `A:` line follows inside it, the answer's
/// first lines.
fn split_pair(rest: &str, indent: usize) -> (String, Option<String>) {
    let first = rest.lines().next().unwrap_or("");
    // `**Q: How …?** A: Primitive …`: the answer on the question's own line.
    if let Some(at) = inline_answer(first) {
        let answer = &rest[at..];
        let answer = question::answer_marker(answer).unwrap_or(answer);
        return (first[..at].to_string(), Some(answer::dedent(answer, indent)));
    }
    let mut question = String::new();
    let mut lines = rest.split_inclusive('\n');
    for line in lines.by_ref() {
        let trimmed = line.trim_start();
        if !question.is_empty()
            && let Some(answer) = question::answer_marker(trimmed)
        {
            let mut answer = answer.to_string();
            for more in lines {
                answer.push_str(more);
            }
            return (question, Some(answer::dedent(&answer, indent)));
        }
        question.push_str(line);
    }
    // `**Q: What is X?**` with the answer on the next line, unmarked.
    let closed = first.trim_end().trim_end_matches('\\').trim_end();
    if let Some((line, after)) = rest.split_once('\n')
        && !after.trim().is_empty()
        && (closed.ends_with('?') || closed.ends_with("**") || closed.ends_with("__"))
    {
        return (line.to_string(), Some(answer::dedent_all(after, indent)));
    }
    (question, None)
}

/// An answer written as a nested item (`- **A**: …`): its text without the bullet and
/// marker, the rest dedented.
fn nested_answer(tail: &str) -> Option<String> {
    let first = tail.lines().next()?.trim_start();
    let body = first.strip_prefix(['-', '*', '+'])?.trim_start();
    let rest = question::strip_answer_marker(body).or_else(|| question::answer_marker(body))?;
    let more: Vec<&str> = tail.lines().skip(1).collect();
    let more = answer::dedent_all(&more.join("\n"), 2);
    Some(join(rest, &more))
}

/// Where an answer marker starts inside a question's line (`…?** A: …`, `…? Answer: …`),
/// if it does: after a question mark or the end of bold.
fn inline_answer(line: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = line[from..].find(['A', 'a']) {
        let at = from + found;
        from = at + 1;
        let before = line[..at].trim_end();
        let after_bold = before.trim_end_matches(['*', '_']);
        let opens_bold = before.len() - after_bold.len();
        // The marker may be bold itself (`…? **A:** …`).
        let head = if opens_bold > 0 && before[after_bold.len()..].chars().all(|c| c == '*' || c == '_') {
            after_bold.trim_end()
        } else {
            before
        };
        if head.is_empty() || !(head.ends_with('?') || head.ends_with("**") || head.ends_with("__")) {
            continue;
        }
        let marker_start = at - (before.len() - head.len()).min(at);
        let candidate = &line[marker_start..];
        if question::answer_marker(candidate.trim_start()).is_some_and(|r| !r.is_empty()) {
            return Some(marker_start);
        }
    }
    None
}

/// Markdown inline source as plain question text: line-break markers (`\` and two
/// spaces), bold and `<br>` gone.
fn inline_text(source: &str) -> String {
    let text = source.replace("<br>", " ").replace("<br/>", " ").replace("<br />", " ");
    let joined: Vec<&str> = text.lines().map(|l| l.trim().trim_end_matches('\\').trim()).collect();
    let line = joined.join(" ");
    answer::visible(&line)
}

/// A table cell's source as an answer: `<br>` as line breaks, escaped pipes unescaped.
fn cell_markdown(source: &str) -> String {
    let mut text = source.trim().replace("\\|", "|");
    for br in ["<br>", "<br/>", "<br />", "<BR>"] {
        text = text.replace(br, "\n");
    }
    text.lines().map(str::trim).collect::<Vec<_>>().join("\n")
}

/// The text of an item's first block, when it is a paragraph.
fn first_text(item: &Node) -> Option<&str> {
    item.children
        .first()
        .filter(|c| c.kind == Block::Paragraph)
        .map(|c| c.inline.text.trim())
}

/// Whether every item of a list (nested lists too) is a question.
fn all_questions(list: &Node) -> bool {
    list.children.iter().all(|item| {
        first_text(item)
            .is_some_and(|t| question::likeness(t) != Likeness::No || t.to_lowercase().starts_with("follow"))
            && item.children[1..]
                .iter()
                .all(|c| c.kind == Block::List && all_questions(c))
    })
}

fn collect_follow_ups(list: &Node, out: &mut Vec<String>) {
    for item in &list.children {
        if let Some(text) = first_text(item) {
            out.push(crate::profile::text::squash_whitespace(text));
        }
        for child in &item.children[1..] {
            collect_follow_ups(child, out);
        }
    }
}

/// Table-of-contents entries in a list (nested lists too): items that are only links to
/// the document's own headings.
fn count_contents(list: &Node) -> usize {
    list.children.iter().map(item_contents).sum()
}

/// Table-of-contents entries in one list item (its nested lists too).
fn item_contents(item: &Node) -> usize {
    item.children
        .iter()
        .map(|child| match child.kind {
            Block::Paragraph if child.inline.is_anchor_links() => 1,
            Block::List => count_contents(child),
            _ => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(bank: &Bank) -> Vec<&str> {
        bank.questions.iter().map(|q| q.text.as_str()).collect()
    }

    #[test]
    fn a_q_line_after_a_heading_question_s_answer_is_a_question_of_its_own() {
        let doc = "# Tracing\n\n## Q: What does service.name represent?\nA: The service identity.\n\nQ: Why did hotrod not work?\nA: It emits several services.\n\n## Q: Why Grafana?\nA: One place for all signals.\n";
        let bank = read(doc);
        assert_eq!(
            texts(&bank),
            vec![
                "What does service.name represent?",
                "Why did hotrod not work?",
                "Why Grafana?"
            ]
        );
        let answers: Vec<&str> = bank.questions.iter().map(|q| q.answer.as_str()).collect();
        assert_eq!(
            answers,
            vec![
                "The service identity.",
                "It emits several services.",
                "One place for all signals."
            ]
        );
    }

    #[test]
    fn a_heading_at_the_question_s_level_with_content_stays_in_its_answer_and_a_bare_one_is_a_group() {
        let doc = "# JS\n\n### # 1. ARRAYS\n\n<br/>\n\n### 6. How to empty an array?\nA couple of ways.\n\n### Method 1\n\n```js\na = [];\n```\n\n### Method 2\n\n```js\na.length = 0;\n```\n\n### # 2. OBJECTS\n\n<br/>\n\n### 7. How to copy an object?\nUse `structuredClone`.\n";
        let bank = read(doc);
        assert_eq!(texts(&bank), vec!["How to empty an array?", "How to copy an object?"]);
        assert_eq!(
            bank.questions[0].answer,
            "A couple of ways.\n\n### Method 1\n\n```js\na = [];\n```\n\n### Method 2\n\n```js\na.length = 0;\n```"
        );
        assert_eq!(bank.questions[1].answer, "Use `structuredClone`.");
        assert_eq!(bank.questions[1].section, "OBJECTS");
    }

    #[test]
    fn under_numbered_question_headings_unnumbered_sub_headings_are_the_answer_s() {
        let doc = "# Python\n\n## 1. What is PEP 8 and why is it important?\n\n### What is PEP 8?\n\nThe style guide.\n\n### Why It Is Important\n\n- Readability.\n\n### Base Rules\n\n- Use 4 spaces.\n\n## 2. How is Python executed?\n\nCompiled to bytecode.\n\n#### 1. Interpreted\n\nLine by line.\n\n## 3. What is a decorator?\n\nA function that wraps another.\n";
        let bank = read(doc);
        assert_eq!(
            texts(&bank),
            vec![
                "What is PEP 8 and why is it important?",
                "How is Python executed?",
                "What is a decorator?"
            ]
        );
        assert_eq!(
            bank.questions[0].answer,
            "### What is PEP 8?\n\nThe style guide.\n\n### Why It Is Important\n\n- Readability.\n\n### Base Rules\n\n- Use 4 spaces."
        );
        assert_eq!(
            bank.questions[1].answer,
            "Compiled to bytecode.\n\n#### 1. Interpreted\n\nLine by line."
        );
    }

    #[test]
    fn a_task_list_is_things_to_do_not_questions() {
        let doc = "# JS\n\n## Interview Q&A\n\n<details><summary>What is a closure?</summary>\n\nA function with its scope.\n</details>\n\n<details><summary>What is hoisting?</summary>\n\nDeclarations move up.\n</details>\n\n## Mastery checklist\n\n- [ ] List the 8 falsy values from memory.\n- [x] Explain the `var` loop bug and two fixes.\n- [ ] Why does `this` change?\n\n## More questions\n\n- What is a promise?\n- How does `await` work?\n";
        assert_eq!(
            texts(&read(doc)),
            vec![
                "What is a closure?",
                "What is hoisting?",
                "What is a promise?",
                "How does `await` work?"
            ]
        );
    }

    #[test]
    fn headings_whose_hashes_run_into_their_number_are_questions() {
        let doc = "# Quiz\n\n###1. console.log(typeof null);\n\n1. object\n2. null\n\nAnswer: 1) object\n\n###2. What is the output of the following code?\n\n```js\nconsole.log(a);\nvar a = 1;\n```\n\nAnswer: undefined\n\n###3. What does `void 0` give?\n\nAnswer: undefined\n";
        let bank = read(doc);
        assert_eq!(
            texts(&bank),
            vec![
                "console.log(typeof null);",
                "What is the output of the following code?",
                "What does `void 0` give?"
            ]
        );
        assert_eq!(bank.questions[0].answer, "1. object\n2. null\n\nAnswer: 1) object");
        // A `#hashtag` or `#1` in running text is left as written.
        assert_eq!(spaced_heading("#1 priority\n"), None);
        assert_eq!(spaced_heading("##Notes\n"), None);
        assert_eq!(spaced_heading("    ###1. indented code\n"), None);
        assert_eq!(spaced_heading("###12) Q\n"), Some(("###", "12) Q\n")));
    }

    #[test]
    fn one_question_over_different_code_is_a_card_for_each_code_from_the_first() {
        let mut doc = String::from("# Quiz\n");
        for name in ["a", "b", "c"] {
            doc.push_str(&format!(
                "\n### What is the output?\n\n```js\n{name}();\n```\n\nAnswer: {name}\n"
            ));
        }
        let bank = read(&doc);
        assert_eq!(
            texts(&bank),
            vec![
                "What is the output?\n\n```js\na();\n```",
                "What is the output?\n\n```js\nb();\n```",
                "What is the output?\n\n```js\nc();\n```",
            ]
        );
        assert!(bank.questions.iter().all(|q| q.answer.starts_with("Answer:")));
    }

    #[test]
    fn a_heading_repeated_between_answers_is_boilerplate_and_a_labelled_heading_is_a_question() {
        let mut doc = String::from("# JS\n");
        for n in 1..=5 {
            doc.push_str(&format!(
                "\n#### {n}. What is scope {n}?\n\nWhere names live, case {n}.\n\n## Have doubt in this question ??\n[Ask me](https://example.com/ask)\n"
            ));
        }
        doc.push_str("\n#### 6. What is `undefined x 1` in JavaScript\nAn empty slot.\n");
        doc.push_str("\n## Question 7\n##### Best way to detect an undefined property.\n\nUse `typeof`.\n");
        let bank = read(&doc);
        assert_eq!(
            texts(&bank),
            vec![
                "What is scope 1?",
                "What is scope 2?",
                "What is scope 3?",
                "What is scope 4?",
                "What is scope 5?",
                "What is `undefined x 1` in JavaScript",
                "Best way to detect an undefined property.",
            ]
        );
        assert_eq!(bank.questions[0].answer, "Where names live, case 1.");
        assert_eq!(bank.questions[5].answer, "An empty slot.");
        assert_eq!(bank.questions[6].answer, "Use `typeof`.");
        // A question asked three times with its short answer is one question, not
        // boilerplate.
        let repeated = "\n## Why Rust?\n\nBecause it is safe and fast.\n".repeat(3);
        assert_eq!(texts(&read(&format!("# Q\n{repeated}"))), vec!["Why Rust?"]);
    }

    #[test]
    fn numbered_heading_items_with_a_linked_contents_table() {
        let doc = "# JS Questions\n\n### Table of Contents\n\n| No. | Questions |\n|---|---|\n|1 | [What is a closure](#what-is-a-closure)|\n|2 | [What is hoisting](#what-is-hoisting)|\n\n1. ### What is a closure\n\n   A function with its scope.\n\n   ```js\n   let f = () => x;\n   ```\n\n   | a | b |\n   |---|---|\n   | 1 | 2 |\n\n   **[⬆ Back to Top](#table-of-contents)**\n\n2. ### What is hoisting\n\n   #### Example\n\n   Declarations move up.\n\n   **[⬆ Back to Top](#table-of-contents)**\n";
        let bank = read(doc);
        assert_eq!(texts(&bank), vec!["What is a closure", "What is hoisting"]);
        assert_eq!(
            bank.questions[0].answer,
            "A function with its scope.\n\n```js\nlet f = () => x;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |"
        );
        assert_eq!(bank.questions[1].answer, "#### Example\n\nDeclarations move up.");
        assert_eq!(bank.skipped.contents, 2);
        assert_eq!(bank.skipped.navigation, 2);
    }

    #[test]
    fn details_blocks_with_question_summaries() {
        let doc = "## Git\n\n<details>\n<summary>What does <code>git status</code> show?</summary><br><b>\n\nThe working tree.\n</b></details>\n\n<details>\n<summary>How to squash?</summary><br><b>\n</b></details>\n";
        let bank = read(doc);
        assert_eq!(texts(&bank), vec!["What does `git status` show?", "How to squash?"]);
        assert_eq!(bank.questions[0].answer, "The working tree.");
        assert_eq!(bank.questions[1].answer, "", "an empty body is no answer");
        assert_eq!(bank.questions[0].section, "Git");
    }

    #[test]
    fn an_answer_summary_leaves_the_code_above_it_with_the_question() {
        let doc = "###### 1. What's the output?\n\n```js\nconsole.log(1)\n```\n\n- A: `1`\n- B: `2`\n\n<details><summary><b>Answer</b></summary>\n<p>\n\n#### Answer: A\n\nIt logs one.\n\n</p>\n</details>\n\n---\n\n###### 2. What's the output?\n\n```js\nconsole.log(2)\n```\n\n<details><summary><b>Answer</b></summary>\n<p>\n\n#### Answer: B\n\n</p>\n</details>\n";
        let bank = read(doc);
        assert_eq!(bank.questions.len(), 2, "same wording, different code: two questions");
        assert_eq!(
            bank.questions[0].text,
            "What's the output?\n\n```js\nconsole.log(1)\n```\n\n- A: `1`\n- B: `2`"
        );
        assert_eq!(bank.questions[0].answer, "#### Answer: A\n\nIt logs one.");
    }

    #[test]
    fn pairs_bold_lines_lists_and_tables() {
        let doc = "# Notes\n\n**Q:** What is Rust?\n\n**A:** A language.\n\nMore about it.\n\nQ: Why?\nA: Speed.\n\n**Why Go?**\n\nSimplicity.\n\n## Behavioural\n\n- Tell me about a failure.\n  - What did you learn?\n- Why this company?\n  Because of the mission.\n\n| Question | Answer |\n|---|---|\n| What is TCP? | A protocol<br>with handshakes |\n";
        let bank = read(doc);
        assert_eq!(
            texts(&bank),
            vec![
                "What is Rust?",
                "Why?",
                "Why Go?",
                "Tell me about a failure.",
                "Why this company?",
                "What is TCP?"
            ]
        );
        let answers: Vec<&str> = bank.questions.iter().map(|q| q.answer.as_str()).collect();
        assert_eq!(
            answers,
            vec![
                "A language.\n\nMore about it.",
                "Speed.",
                "Simplicity.",
                "",
                "Because of the mission.",
                "A protocol\nwith handshakes"
            ]
        );
        assert_eq!(bank.questions[3].follow_ups, vec!["What did you learn?"]);
        assert_eq!(bank.questions[3].shape, Shape::List);
    }

    #[test]
    fn junk_is_never_a_question() {
        let doc = "---\ntitle: Bank\ntags: [a]\n---\n\nimport Ad from '../Ad';\n\n# Bank [![CI](https://img.shields.io/badge/ci-passing-green)](https://x)\n\n<SomeAd />\n\n- [What is X?](#what-is-x)\n  - [What is Y?](#what-is-y)\n\n#### Q1\n### Q1. What is X?\n\nX.\n\n<SomeAd />\n\n### Q2. What is Y?\n\nY.\n\n### What is X?\n\nX again.\n\n## Questions to ask\n\n- What is the team like?\n";
        let bank = read(doc);
        assert_eq!(texts(&bank), vec!["What is X?", "What is Y?"]);
        assert_eq!(bank.questions[0].answer, "X.");
        assert_eq!(bank.skipped.repeats, 1);
        assert_eq!(bank.skipped.contents, 2);
        assert!(bank.skipped.markup >= 3, "{:?}", bank.skipped);
    }

    #[test]
    fn a_heading_over_several_details_is_their_section() {
        let doc = "## What should you know about Docker?\n\n<details><summary>What is an image?</summary>\n\nA template.\n</details>\n\n<details><summary>What is a container?</summary>\n\nA running image.\n</details>\n";
        let bank = read(doc);
        assert_eq!(texts(&bank), vec!["What is an image?", "What is a container?"]);
        assert_eq!(bank.questions[0].section, "What should you know about Docker?");
    }
}

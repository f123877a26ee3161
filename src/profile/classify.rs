//! Recognises sections by their heading or label text and turns the blocks under them
//! into items; also gathers the clues that name the company.

use std::collections::HashMap;

use super::Item;
use super::blocks::{Block, Inline};
use super::text::{squash_whitespace, strip_controls, strip_wrapping_quotes};
use crate::domain::{DocumentNote, Kind, NoteEntry, NoteTopic};

/// Level given to a label line that opens a section, below every real heading.
const LABEL_LEVEL: u8 = 10;

/// The kind of card a heading or label announces, if any.
#[must_use]
pub fn classify_heading(raw: &str) -> Option<Kind> {
    let label = clean_label(raw).to_lowercase();
    if label.is_empty() || label.split_whitespace().count() > 12 {
        return None;
    }
    let has = |needle: &str| label.contains(needle);
    if has("talking point") || has("key points") || has("selling points") || has("points to make") {
        return Some(Kind::TalkingPoint);
    }
    if has("skill") && (has("requirement") || has("mapping") || has("match")) || has("requirements mapping") {
        return Some(Kind::SkillMap);
    }
    if TOPIC_LABELS.iter().any(|t| label == *t) {
        return Some(Kind::Topic);
    }
    let they_ask = [
        "they might ask",
        "they may ask",
        "they will ask",
        "may be asked",
        "might be asked",
        "likely to ask",
        "likely asked",
        "will be asked",
        "could be asked",
        "they ask",
    ];
    if they_ask.iter().any(|p| has(p)) {
        return Some(Kind::Question);
    }
    let we_ask = [
        "to ask",
        "ask the",
        "ask them",
        "ask your",
        "ask my",
        "for the interviewer",
        "for interviewer",
        "for the hiring",
        "for them",
        "for the company",
        "for the team",
        "reverse question",
        "my questions",
        "questions i have",
        "questions for",
    ];
    if we_ask.iter().any(|p| has(p)) {
        return Some(Kind::Ask);
    }
    if has("question") || has("q&a") || has("q & a") || label == "faq" || label == "faqs" {
        return Some(Kind::Question);
    }
    None
}

/// The notes a heading announces (`Keywords to Emphasize`, `Company Mission and Values`),
/// if it announces no card kind.
#[must_use]
pub fn classify_note_heading(raw: &str) -> Option<NoteTopic> {
    let label = clean_label(raw).to_lowercase();
    if label.is_empty() || label.split_whitespace().count() > 8 || classify_heading(raw).is_some() {
        return None;
    }
    let has = |needle: &str| label.contains(needle);
    if has("keyword") || has("buzzword") || has("key terms") || has("terms to use") || has("phrases to use") {
        Some(NoteTopic::Keywords)
    } else if has("values") || has("mission") || has("principles") {
        Some(NoteTopic::Values)
    } else {
        None
    }
}

/// The section a label line or bullet (`5. Questions to Ask:`) opens, if it reads as a
/// heading: short, unlike a sentence that happens to mention asking.
fn classify_label(label: &str) -> Option<Kind> {
    if label.split_whitespace().count() > 6 {
        return None;
    }
    classify_heading(label)
}

/// Labels that introduce a comma-separated list of concepts to review.
const TOPIC_LABELS: &[&str] = &[
    "concepts to review",
    "topics to review",
    "topics to study",
    "concepts to study",
    "things to review",
    "areas to review",
    "topics to brush up on",
    "review topics",
    "study topics",
];

/// A heading or label without its decoration: numbering (`5.`, `iv)`), markdown marks,
/// leading symbols and emoji, and the trailing colon.
#[must_use]
pub fn clean_label(raw: &str) -> String {
    let mut text = raw.trim().trim_start_matches('#').trim();
    text = text.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '(');
    text = strip_numbering(text);
    let text: String = text.chars().filter(|c| !matches!(c, '*' | '_' | '`')).collect();
    let text = text.trim().trim_end_matches([':', '：', '-', '—', '–']).trim();
    squash_whitespace(text)
}

/// Removes list-style numbering such as `5.`, `(2)`, `3)`, `iv.` from the start.
fn strip_numbering(text: &str) -> &str {
    let t = text.trim_start_matches('(');
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let romans = t.len() - t.trim_start_matches(['i', 'v', 'x', 'I', 'V', 'X']).len();
    for n in [digits, romans] {
        if n > 0
            && let Some(rest) = t[n..].strip_prefix(['.', ')', ':'])
            && (rest.is_empty() || rest.starts_with(' '))
        {
            return rest.trim_start();
        }
    }
    text
}

/// The text of a bullet line (`- x`, `* x`, `• x`, `1. x`, `2) x`), if the line is one.
fn bullet_body(text: &str) -> Option<usize> {
    let trimmed = text.trim_start();
    let lead = text.len() - trimmed.len();
    let mut chars = trimmed.char_indices();
    let (_, first) = chars.next()?;
    let marker_end = if matches!(first, '-' | '*' | '•' | '·' | '‣' | '◦' | '–' | '—' | '+' | '▪' | '○')
    {
        first.len_utf8()
    } else if first.is_ascii_digit() {
        let digits = trimmed.len() - trimmed.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if !trimmed[digits..].starts_with(['.', ')']) {
            return None;
        }
        digits + 1
    } else {
        return None;
    };
    let rest = &trimmed[marker_end..];
    let spaces = rest.len() - rest.trim_start().len();
    (spaces > 0 && !rest.trim().is_empty()).then_some(lead + marker_end + spaces)
}

/// A label line's text without its colon, when the line is a label (`to company:`).
fn label_text(text: &str) -> Option<String> {
    let trimmed = text.trim().trim_end_matches(['*', '_']).trim_end();
    let body = trimmed.strip_suffix(':').or_else(|| trimmed.strip_suffix('：'))?;
    let cleaned = clean_label(body);
    (!cleaned.is_empty() && cleaned.split_whitespace().count() <= 12).then_some(cleaned)
}

/// Where the walker is: the section kind in force and the name cards get as `section`.
#[derive(Debug, Clone)]
struct Frame {
    level: u8,
    kind: Option<Kind>,
    /// Notes for the prep sheet, when the section holds no cards but them.
    notes: Option<NoteTopic>,
    name: String,
}

/// A group label (`to interviewer:`) and the items it governs.
#[derive(Debug, Clone)]
struct Group {
    name: String,
    /// Items deeper than this depth belong to the group; `None`: until the next label.
    above_depth: Option<usize>,
}

/// What the walk found: items in document order, and clues to the company's name.
#[derive(Debug, Default)]
pub struct Walk {
    pub items: Vec<Item>,
    pub title: Option<String>,
    pub first_h1: Option<String>,
    /// The first line of running text before any heading: plain-text profiles title
    /// themselves there.
    pub first_line: Option<String>,
    /// Lines from company-background sections (`acme is a …`).
    pub company_lines: Vec<String>,
    /// Lines from interviewer-background sections (`… engineer at acme`).
    pub interviewer_lines: Vec<String>,
    /// `Company: X` / `Company name: X` values.
    pub named_company: Option<String>,
    pub sections_seen: usize,
    /// Keywords, mission and values, for the prep sheet.
    pub notes: Vec<DocumentNote>,
}

#[derive(Default)]
struct Walker {
    frames: Vec<Frame>,
    group: Option<Group>,
    /// The last card made from a list item, and its depth: deeper items add to its notes.
    owner: Option<(usize, usize)>,
    /// Keys already taken, one map per card kind, to the index of the item holding each.
    seen: [HashMap<String, usize>; Kind::ALL.len()],
    walk: Walk,
    /// The last section name cleaned, as (raw, clean): items come in runs of one section.
    last_section: (String, String),
}

/// For each list item, the index just past its nested items (its subtree), found in one
/// pass with a stack so that deeply nested lists stay linear.
fn subtree_ends(blocks: &[Block]) -> Vec<usize> {
    let mut ends: Vec<usize> = (1..=blocks.len()).collect();
    let mut open: Vec<(usize, usize)> = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let depth = match block {
            Block::Item { depth, .. } => Some(*depth),
            _ => None,
        };
        while let Some(&(start, open_depth)) = open.last() {
            if depth.is_some_and(|d| d > open_depth) {
                break;
            }
            ends[start] = i;
            open.pop();
        }
        if let Some(d) = depth {
            open.push((i, d));
        }
    }
    for (start, _) in open {
        ends[start] = blocks.len();
    }
    ends
}

/// Walks the parts of one document (the markdown, then its HTML copy) and collects their
/// items. Sections start afresh in each part; repeats across parts are folded.
#[must_use]
pub fn walk_parts(parts: &[Vec<Block>]) -> Walk {
    let mut walker = Walker::default();
    for blocks in parts {
        walker.frames.clear();
        walker.group = None;
        walker.owner = None;
        let ends = subtree_ends(blocks);
        let mut i = 0;
        while i < blocks.len() {
            i = walker.block(blocks, &ends, i);
        }
    }
    walker.walk
}

impl Walker {
    /// The card kind of the section in force, if any.
    fn kind(&self) -> Option<Kind> {
        self.frames.iter().rev().find_map(|f| f.kind)
    }

    /// The name cards get as their section: the group label, else the innermost heading.
    fn section_name(&self) -> &str {
        match &self.group {
            Some(group) => &group.name,
            None => self.frames.last().map_or("", |f| f.name.as_str()),
        }
    }

    /// The innermost heading's lower-case text, for company clues.
    fn heading_context(&self) -> String {
        self.frames
            .iter()
            .rev()
            .find(|f| f.level < LABEL_LEVEL)
            .map(|f| f.name.to_lowercase())
            .unwrap_or_default()
    }

    fn open_frame(&mut self, level: u8, text: &str) {
        self.frames.retain(|f| f.level < level);
        let kind = classify_heading(text);
        if kind.is_some() {
            self.walk.sections_seen += 1;
        }
        let notes = if kind.is_none() {
            classify_note_heading(text)
        } else {
            None
        };
        self.frames.push(Frame {
            level,
            kind,
            notes,
            name: clean_label(text),
        });
        self.group = None;
        self.owner = None;
    }

    /// Handles the block at `i`; returns the index of the next block to handle.
    fn block(&mut self, blocks: &[Block], ends: &[usize], i: usize) -> usize {
        match &blocks[i] {
            Block::Title(title) => {
                self.walk.title.get_or_insert_with(|| title.clone());
            }
            Block::Heading { level, text } => {
                if *level == 1 && self.walk.first_h1.is_none() {
                    self.walk.first_h1 = Some(text.clone());
                }
                self.open_frame(*level, text);
            }
            Block::Table { header, rows } => {
                self.owner = None;
                self.table(header, rows);
            }
            Block::Line(line) => {
                self.owner = None;
                self.line(line);
            }
            Block::Item { depth, text } => {
                return self.item(*depth, text, &blocks[i + 1..ends[i]], i);
            }
        }
        i + 1
    }

    fn line(&mut self, line: &Inline) {
        self.note_clue(&line.text);
        if self.frames.is_empty() && self.walk.first_line.is_none() && self.walk.items.is_empty() {
            self.walk.first_line = Some(line.text.trim().to_string());
        }
        if let Some(label) = label_text(&line.text) {
            let body_label = bullet_body(&line.text).map_or(label.clone(), |n| clean_label(&line.text[n..]));
            if classify_label(&body_label).is_some() {
                self.open_frame(LABEL_LEVEL, &body_label);
                return;
            }
        }
        // A short line standing alone that names a section (`Questions to ask`, often bold
        // in pasted HTML) is a heading even without its colon.
        let bare = line.text.trim();
        if bullet_body(bare).is_none() && !bare.ends_with(['?', '.', '!']) && classify_label(bare).is_some() {
            self.open_frame(LABEL_LEVEL, bare);
            return;
        }
        if let Some(n) = bullet_body(&line.text) {
            let body = line.without_prefix(n);
            self.item(0, &body, &[], usize::MAX);
            return;
        }
        if self.note(0, &line.text) {
            return;
        }
        if self.topics(&line.text) {
            return;
        }
        let Some(kind) = self.kind() else {
            return;
        };
        if let Some(label) = label_text(&line.text) {
            self.group = Some(Group {
                name: label,
                above_depth: None,
            });
            return;
        }
        let text = line.text.trim();
        let accepted = match kind {
            Kind::Question | Kind::Ask => text.ends_with('?') || strip_wrapping_quotes(text) != text,
            Kind::TalkingPoint => text.split_whitespace().count() >= 3,
            Kind::SkillMap | Kind::Topic => false,
        };
        if accepted {
            self.push(kind, line, "", &[]);
        }
    }

    /// Handles a list item and, where they are its notes, its children. Returns the index
    /// after the last block consumed (`usize::MAX` marks a bullet line, not a block).
    fn item(&mut self, depth: usize, text: &Inline, children: &[Block], index: usize) -> usize {
        let next = index.wrapping_add(1);
        self.note_clue(&text.text);
        if let Some(group) = &self.group
            && group.above_depth.is_some_and(|d| depth <= d)
        {
            self.group = None;
        }
        if let Some((owner, owner_depth)) = self.owner {
            if depth > owner_depth {
                let note = squash_whitespace(&strip_controls(&text.with_addresses()));
                if !note.is_empty() {
                    let context = &mut self.walk.items[owner].context;
                    if !context.is_empty() {
                        context.push('\n');
                    }
                    context.push_str(&note);
                }
                return next;
            }
            self.owner = None;
        }
        if self.note(depth, &text.text) {
            return next;
        }
        if self.topics(&text.text) {
            return next;
        }
        if let Some(label) = label_text(&text.text) {
            if classify_label(&label).is_some() {
                self.open_frame(LABEL_LEVEL + depth as u8, &label);
                return next;
            }
            let only_links = !children.is_empty()
                && children
                    .iter()
                    .all(|b| matches!(b, Block::Item { text, .. } if is_link_only(text)));
            if let Some(kind) = self.kind() {
                if only_links {
                    // `asked about X:` with its source as a nested link: the line is the item.
                    let links = children
                        .iter()
                        .filter_map(|b| match b {
                            Block::Item { text, .. } => Some(text.split_links().1),
                            _ => None,
                        })
                        .flatten()
                        .collect::<Vec<_>>();
                    self.push(
                        kind,
                        &Inline {
                            text: label,
                            links: vec![],
                        },
                        "",
                        &links,
                    );
                    return next + children.len();
                }
                self.group = Some(Group {
                    name: label,
                    above_depth: (!children.is_empty()).then_some(depth),
                });
            }
            return next;
        }
        let Some(kind) = self.kind() else {
            return next;
        };
        if !children.is_empty() && looks_like_group_name(&text.text, children) {
            self.group = Some(Group {
                name: clean_label(&text.text),
                above_depth: Some(depth),
            });
            return next;
        }
        let (body, links) = trailing_links(text);
        if let Some(position) = self.push(kind, &body, "", &links)
            && index != usize::MAX
        {
            self.owner = Some((position, depth));
        }
        next
    }

    /// `concepts to review: a, b, c` anywhere, and in a preparation section any list of
    /// concepts under a label that names them (`system design patterns: a, b, c`), becomes
    /// one topic card per concept.
    fn topics(&mut self, text: &str) -> bool {
        let Some((label, list)) = text.split_once(':') else {
            return false;
        };
        let label = clean_label(label).to_lowercase();
        let concepts = concept_list(list);
        let wanted = TOPIC_LABELS.contains(&label.as_str())
            || (self.in_preparation_section() && names_concepts(&label) && concepts.len() >= 2);
        if !wanted || concepts.is_empty() {
            return false;
        }
        for topic in concepts {
            let inline = Inline {
                text: topic.to_string(),
                links: vec![],
            };
            self.push_with_section(Kind::Topic, &label, &inline, "", &[]);
        }
        true
    }

    /// Keeps a line of a note section (keywords, mission and values) as written; `false`
    /// when no note section is in force. A line the document repeats (its HTML copy) is
    /// kept once.
    fn note(&mut self, depth: usize, text: &str) -> bool {
        let Some(frame) = self.frames.iter().rev().find(|f| f.kind.is_some() || f.notes.is_some()) else {
            return false;
        };
        let Some(topic) = frame.notes else {
            return false;
        };
        let heading = frame.name.clone();
        let text = squash_whitespace(&strip_controls(text))
            .replace("**", "")
            .replace("__", "");
        let text = strip_wrapping_quotes(&text).to_string();
        if text.is_empty() || has_placeholder(&text) {
            return true;
        }
        let key = super::text::match_key(&text);
        let notes = &mut self.walk.notes;
        let same_heading = super::text::match_key(&heading);
        let found = notes
            .iter()
            .position(|n| n.topic == topic && super::text::match_key(&n.heading) == same_heading);
        let index = found.unwrap_or_else(|| {
            notes.push(DocumentNote {
                topic,
                heading,
                entries: Vec::new(),
            });
            notes.len() - 1
        });
        let entries = &mut notes[index].entries;
        if !entries.iter().any(|e| super::text::match_key(&e.text) == key) {
            entries.push(NoteEntry { depth, text });
        }
        true
    }

    /// Whether a heading in force is about preparing (`4. technical preparations`,
    /// `Interview Preparation`, `Study plan`).
    fn in_preparation_section(&self) -> bool {
        self.frames.iter().any(|f| {
            let name = f.name.to_lowercase();
            ["prep", "technical", "study", "review", "brush up"]
                .iter()
                .any(|w| name.contains(w))
        })
    }

    fn table(&mut self, header: &[String], rows: &[Vec<String>]) {
        if let Some(columns) = skill_map_columns(header) {
            self.walk.sections_seen += 1;
            let section = if self.kind().is_some() {
                self.section_name().to_string()
            } else {
                "Skills-to-Requirements Mapping".to_string()
            };
            for row in rows {
                let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).map_or("", |s| s.trim());
                let requirement = strip_wrapping_quotes(cell(Some(columns.requirement)));
                let skill = strip_wrapping_quotes(cell(Some(columns.skill)));
                let point = strip_wrapping_quotes(cell(columns.talking_point));
                if requirement.is_empty() || skill.is_empty() || has_placeholder(requirement) || has_placeholder(skill)
                {
                    continue;
                }
                let detail = if point.is_empty() || has_placeholder(point) {
                    skill.to_string()
                } else {
                    format!("{skill} — {point}")
                };
                let inline = Inline {
                    text: requirement.to_string(),
                    links: vec![],
                };
                self.push_with_section(Kind::SkillMap, &section, &inline, &detail, &[]);
            }
            return;
        }
        let has_question_column = header.iter().any(|h| h.to_lowercase().contains("question"));
        let kind = match self.kind() {
            Some(Kind::Ask) => Kind::Ask,
            _ if has_question_column => Kind::Question,
            Some(kind) => kind,
            None => return,
        };
        if matches!(kind, Kind::SkillMap | Kind::Topic) {
            return;
        }
        let wanted = match kind {
            Kind::TalkingPoint => "point",
            _ => "question",
        };
        let column = header
            .iter()
            .position(|h| h.to_lowercase().contains(wanted))
            .unwrap_or(0);
        for row in rows {
            if let Some(cell) = row.get(column) {
                let inline = Inline {
                    text: cell.clone(),
                    links: vec![],
                };
                self.push(kind, &inline, "", &[]);
            }
        }
    }

    /// Records lines that may name the company.
    fn note_clue(&mut self, text: &str) {
        if self.kind().is_some() {
            return;
        }
        let heading = self.heading_context();
        let text = squash_whitespace(text);
        if let Some((label, value)) = text.split_once(':') {
            let label = clean_label(label).to_lowercase();
            if matches!(
                label.as_str(),
                "company" | "company name" | "organization" | "organisation" | "employer"
            ) {
                let value = strip_wrapping_quotes(value.trim());
                if !value.is_empty() && !has_placeholder(value) {
                    self.walk.named_company.get_or_insert_with(|| value.to_string());
                }
            }
        }
        if heading.contains("interviewer") {
            self.walk.interviewer_lines.push(text);
        } else if heading.contains("company")
            || heading.contains("about")
            || heading.contains("overview")
            || heading.contains("background")
        {
            self.walk.company_lines.push(text);
        }
    }

    fn push(&mut self, kind: Kind, text: &Inline, detail: &str, links: &[String]) -> Option<usize> {
        let section = if self.kind().is_some() {
            self.section_name().to_string()
        } else {
            String::new()
        };
        self.push_with_section(kind, &section, text, detail, links)
    }

    /// Cleans an item's text and adds it unless it is a placeholder or a repeat. A line
    /// that reports a question (`a recruiter mentioned they ask about X`) becomes the
    /// question, the line kept as its context. A repeat (the HTML copy of a document)
    /// that is better capitalised lends its capitals to the item already taken.
    fn push_with_section(
        &mut self,
        kind: Kind,
        section: &str,
        text: &Inline,
        detail: &str,
        links: &[String],
    ) -> Option<usize> {
        let cleaned = clean_item_text(&text.text, kind)?;
        let reported = if kind == Kind::Question {
            reported_question(&cleaned)
        } else {
            None
        };
        let (text, source) = match reported {
            Some(question) => (question, Some(cleaned)),
            None => (cleaned, None),
        };
        let key = super::item_key(kind, &text, detail);
        if key.is_empty() {
            return None;
        }
        if self.last_section.0 != section {
            self.last_section = (section.to_string(), squash_whitespace(&strip_controls(section)));
        }
        let section = self.last_section.1.clone();
        if let Some(&taken) = self.seen[kind as usize].get(&key) {
            let item = &mut self.walk.items[taken];
            if let Some(better) = better_cased(&item.text, &text) {
                item.text = better;
            }
            if let Some(better) = better_cased(&item.section, &section) {
                item.section = better;
            }
            return None;
        }
        self.seen[kind as usize].insert(key.clone(), self.walk.items.len());
        let context: Vec<String> = source.into_iter().chain(links.iter().cloned()).collect();
        self.walk.items.push(Item {
            kind,
            key,
            section,
            text,
            detail: squash_whitespace(&strip_controls(detail)),
            context: context.join("\n"),
        });
        Some(self.walk.items.len() - 1)
    }
}

/// Words that, ending a label, say that a comma list of concepts follows.
const CONCEPT_NOUNS: &[&str] = &[
    "pattern",
    "concept",
    "topic",
    "area",
    "technology",
    "technologie",
    "tool",
    "skill",
    "algorithm",
    "framework",
    "language",
    "principle",
    "fundamental",
    "subject",
    "term",
    "library",
    "librarie",
    "database",
    "protocol",
    "structure",
    "method",
    "technique",
    "practice",
    "paradigm",
    "architecture",
    "tradeoff",
    "trade-off",
];

/// A label that names a list of concepts: `system design patterns`, `tools to know`.
fn names_concepts(label: &str) -> bool {
    let words: Vec<&str> = label.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 {
        return false;
    }
    let last = words[words.len() - 1];
    let singular = last.strip_suffix('s').unwrap_or(last);
    CONCEPT_NOUNS.contains(&singular)
        || ["review", "study", "know", "brush", "practice", "revisit", "refresh"]
            .iter()
            .any(|w| words.contains(w))
}

/// The concepts of `a, b and c`: each short, none a sentence or a placeholder; empty
/// when the text is not such a list.
fn concept_list(list: &str) -> Vec<&str> {
    let concepts: Vec<&str> = list
        .split([',', ';'])
        .map(|t| {
            let t = t.trim().trim_end_matches('.').trim();
            t.strip_prefix("and ").unwrap_or(t).trim()
        })
        .filter(|t| !t.is_empty())
        .collect();
    let plausible = concepts.iter().all(|t| {
        t.split_whitespace().count() <= 6
            && !t.contains(['?', '!'])
            && !has_placeholder(t)
            && t.chars().any(char::is_alphabetic)
    });
    if plausible { concepts } else { Vec::new() }
}

/// The question a line reports (`a forum user mentioned being asked about X`,
/// `expect questions on X`): `X — how would you answer?`. `None` for a line that is a
/// question already or reports none.
#[must_use]
pub fn reported_question(text: &str) -> Option<String> {
    const MARKERS: &[&str] = &[
        " asked about ",
        " ask about ",
        " asks about ",
        " asking about ",
        " asked on ",
        " questions about ",
        " questions on ",
        " question about ",
        " quizzed on ",
        " grilled on ",
    ];
    /// Words that say the line reports what is asked rather than asking it.
    const REPORTING: &[&str] = &[
        "mentioned",
        "mention",
        "mentions",
        "said",
        "says",
        "say",
        "told",
        "tells",
        "reported",
        "reports",
        "heard",
        "hear",
        "noted",
        "notes",
        "wrote",
        "writes",
        "posted",
        "according",
        "apparently",
        "reportedly",
        "expect",
        "expected",
        "likely",
        "often",
        "usually",
        "always",
        "typically",
        "might",
        "may",
        "will",
        "could",
        "tend",
        "tends",
        "recruiter",
        "forum",
        "glassdoor",
        "reddit",
        "interviewers",
        "candidates",
        "someone",
        "people",
        "they",
        "be",
        "being",
        "get",
        "got",
    ];
    /// Openings of an interview question that happens to contain `asked about`.
    const PROMPTS: &[&str] = &["tell ", "describe ", "walk ", "explain ", "give ", "talk ", "share "];
    if text.trim_end().ends_with('?') {
        return None;
    }
    let lower = text.trim_start().to_lowercase();
    if PROMPTS.iter().any(|p| lower.starts_with(p)) {
        return None;
    }
    // Every marker holds one of these: most lines are passed over at once.
    if ![" ask", " question", " quizzed", " grilled"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return None;
    }
    let (at, marker) = MARKERS
        .iter()
        .filter_map(|m| super::find_ascii_ignoring_case(text, m).map(|at| (at, m)))
        .min()?;
    let reports = text[..at]
        .split_whitespace()
        .any(|w| REPORTING.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase().as_str()));
    if !reports {
        return None;
    }
    let topic = strip_wrapping_quotes(text[at + marker.len()..].trim().trim_end_matches([':', '.', ';', ',']));
    let words = topic.split_whitespace().count();
    if words == 0 || words > 12 || topic.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
        return None;
    }
    let mut chars = topic.chars();
    let first: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
    Some(format!("{first}{} — how would you answer?", chars.as_str()))
}

/// The text compared for casing: letters without case, quotes of every style alike.
fn fold_case_and_quotes(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{2bc}' | '`' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' => '"',
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

/// How properly a text is capitalised: a capital first letter, then more capitals (an
/// all-capitals text counts as none).
fn capitalisation(text: &str) -> (bool, usize) {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = text.chars().filter(|c| c.is_uppercase()).count();
    if letters > 1 && capitals == letters {
        return (false, 0);
    }
    let first_capital = text.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase);
    (first_capital, capitals)
}

/// `kept` with the capitals of `other` when the two are the same text but for case (and
/// quote style) and `other` is better capitalised; `kept`'s punctuation stays. `None`
/// otherwise.
fn better_cased(kept: &str, other: &str) -> Option<String> {
    if kept.chars().count() != other.chars().count()
        || !kept
            .chars()
            .zip(other.chars())
            .all(|(a, b)| fold_case_and_quotes(a) == fold_case_and_quotes(b))
        || capitalisation(other) <= capitalisation(kept)
    {
        return None;
    }
    Some(
        kept.chars()
            .zip(other.chars())
            .map(|(a, b)| if a.is_alphabetic() { b } else { a })
            .collect(),
    )
}

/// An item's text made presentable, or `None` when it is not content.
fn clean_item_text(raw: &str, kind: Kind) -> Option<String> {
    let mut text = squash_whitespace(&strip_controls(raw));
    if text.contains("**") || text.contains("__") {
        text = text.replace("**", "").replace("__", "");
    }
    let mut text = strip_wrapping_quotes(text.trim()).to_string();
    if kind == Kind::Question
        && let Some(rest) = strip_question_prefix(&text)
    {
        text = strip_wrapping_quotes(rest).to_string();
    }
    if has_placeholder(&text) || text.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
        return None;
    }
    Some(text)
}

/// `Q:`, `Q1.`, `Q3)` in front of a question.
fn strip_question_prefix(text: &str) -> Option<&str> {
    let rest = text.strip_prefix(['Q', 'q'])?;
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = rest.strip_prefix([':', '.', ')'])?;
    Some(rest.trim())
}

/// True for bracketed template text such as `[Yes/No]` or `[Research needed ...]`.
#[must_use]
pub fn has_placeholder(text: &str) -> bool {
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            return false;
        };
        let inside = &after[..close];
        let is_checkbox = inside.trim().is_empty() || inside.trim().eq_ignore_ascii_case("x");
        if !is_checkbox && inside.chars().any(char::is_alphabetic) {
            return true;
        }
        rest = &after[close + 1..];
    }
    false
}

/// A bullet that is nothing but a link (a source, a profile URL): not an item of its own.
fn is_link_only(text: &Inline) -> bool {
    if text.links.is_empty() {
        let t = text.text.trim();
        return t.starts_with("http://") || t.starts_with("https://");
    }
    let (rest, _) = text.split_links();
    rest.chars().all(|c| !c.is_alphanumeric())
}

/// Splits `text: <link>` into the text and the link; other links stay as text.
fn trailing_links(text: &Inline) -> (Inline, Vec<String>) {
    let (rest, links) = text.split_links();
    let trimmed = rest.trim_end();
    if links.is_empty()
        || !trimmed.ends_with(':')
        || text.links.last().is_none_or(|l| l.end < text.text.trim_end().len())
    {
        return (text.clone(), Vec::new());
    }
    let body = trimmed.trim_end_matches(':').trim_end().to_string();
    (
        Inline {
            text: body,
            links: vec![],
        },
        links,
    )
}

/// A short bullet with no sentence punctuation, used as the title of its nested items
/// (`- Behavioral` over a list of behavioural questions).
fn looks_like_group_name(text: &str, children: &[Block]) -> bool {
    let t = text.trim();
    if t.ends_with(['?', '.', '!', '"', '”']) {
        return false;
    }
    let words = t.split_whitespace().count();
    // One or two words (`Behavioral`, `System design`) name a group; a longer line names
    // one only over a list of questions (`About the team` over three questions). Otherwise
    // (`Led the migration to Kubernetes` over its details) it is an item with notes.
    let questions_below = children
        .iter()
        .all(|b| matches!(b, Block::Item { text, .. } if text.text.trim_end().ends_with('?')));
    words <= 2 || (words <= 5 && questions_below)
}

struct SkillColumns {
    skill: usize,
    requirement: usize,
    talking_point: Option<usize>,
}

/// Finds the skill, requirement and talking-point columns of a skills table.
fn skill_map_columns(header: &[String]) -> Option<SkillColumns> {
    let lower: Vec<String> = header.iter().map(|h| h.to_lowercase()).collect();
    let find = |needles: &[&str]| lower.iter().position(|h| needles.iter().any(|n| h.contains(n)));
    let requirement = find(&["requirement", "they need", "they want", "their need", "job ask"])?;
    let skill = lower.iter().enumerate().position(|(i, h)| {
        i != requirement && (h.contains("skill") || h.contains("experience") || h.starts_with("your"))
    })?;
    let talking_point = lower.iter().enumerate().position(|(i, h)| {
        i != requirement
            && i != skill
            && (h.contains("talking")
                || h.contains("point")
                || h.contains("evidence")
                || h.contains("example")
                || h.contains("story"))
    });
    Some(SkillColumns {
        skill,
        requirement,
        talking_point,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_classified_by_their_words() {
        assert_eq!(
            classify_heading("### Potential Questions to Prepare For"),
            Some(Kind::Question)
        );
        assert_eq!(classify_heading("## 6. common questions"), Some(Kind::Question));
        assert_eq!(classify_heading("**Behavioral Questions:**"), Some(Kind::Question));
        assert_eq!(classify_heading("## 5. questions to ask"), Some(Kind::Ask));
        assert_eq!(classify_heading("Questions to Ask Interviewer"), Some(Kind::Ask));
        assert_eq!(classify_heading("Questions for the Interviewer"), Some(Kind::Ask));
        assert_eq!(classify_heading("Things they might ask"), Some(Kind::Question));
        assert_eq!(classify_heading("Key Talking Points"), Some(Kind::TalkingPoint));
        assert_eq!(classify_heading("Skills-to-Requirements Mapping"), Some(Kind::SkillMap));
        assert_eq!(classify_heading("Keywords to Emphasize"), None);
        assert_eq!(classify_heading("Interview Preparation"), None);
        assert_eq!(classify_heading("1. before interview"), None);
        assert_eq!(classify_heading("## Interview Q&A"), Some(Kind::Question));
        assert_eq!(classify_heading("## 💬 Questions to ask (pick 3)"), Some(Kind::Ask));
        assert_eq!(classify_heading("My questions for them"), Some(Kind::Ask));
    }

    #[test]
    fn labels_lose_numbering_and_decoration() {
        assert_eq!(clean_label("## 5. questions to ask:"), "questions to ask");
        assert_eq!(clean_label("📋 **Interview Prep Guide**"), "Interview Prep Guide");
        assert_eq!(clean_label("iv) Common Questions"), "Common Questions");
        assert_eq!(clean_label("2025 plans"), "2025 plans");
    }

    #[test]
    fn placeholders_are_recognised_but_checkboxes_are_not() {
        assert!(has_placeholder("[Yes/No]"));
        assert!(has_placeholder("Size: [Research needed for exact employee count]"));
        assert!(!has_placeholder("[ ] ask about on-call"));
        assert!(!has_placeholder("arrays a[0] and b[1]"));
        assert!(!has_placeholder("no brackets"));
    }

    #[test]
    fn bullet_lines_are_recognised() {
        assert_eq!(bullet_body("- What next?"), Some(2));
        assert_eq!(bullet_body("  12) item"), Some(6));
        assert_eq!(bullet_body("• item"), Some(4));
        assert_eq!(bullet_body("-5 degrees"), None);
        assert_eq!(bullet_body("2025. A year"), Some(6));
        assert_eq!(bullet_body("Plain"), None);
    }

    #[test]
    fn lines_that_report_a_question_become_the_question() {
        assert_eq!(
            reported_question("a forum user mentioned being asked about exactly-once delivery tradeoffs").as_deref(),
            Some("Exactly-once delivery tradeoffs — how would you answer?")
        );
        assert_eq!(
            reported_question("A recruiter said they ask about map projections:").as_deref(),
            Some("Map projections — how would you answer?")
        );
        assert_eq!(
            reported_question("Expect questions on \"consistency models\".").as_deref(),
            Some("Consistency models — how would you answer?")
        );
        for question in [
            "What would you do if a customer asked about pricing?",
            "Tell me about a time they asked about a feature you had cut.",
            "Describe a time a stakeholder asked about delays.",
            "How would you design an API that serves lessons?",
        ] {
            assert_eq!(reported_question(question), None, "{question}");
        }
    }

    #[test]
    fn the_better_capitalised_copy_lends_its_capitals() {
        assert_eq!(
            better_cased(
                "walk me through how you’d design a pipeline that ingests hl7 messages.",
                "Walk me through how you'd design a pipeline that ingests HL7 messages."
            )
            .as_deref(),
            Some("Walk me through how you’d design a pipeline that ingests HL7 messages."),
            "the first copy's typography stays"
        );
        assert_eq!(
            better_cased("What’s next?", "what’s next?"),
            None,
            "already the better one"
        );
        assert_eq!(
            better_cased("what’s next?", "WHAT’S NEXT?"),
            None,
            "shouting is not better"
        );
        assert_eq!(
            better_cased("what is next?", "What is next now?"),
            None,
            "not the same text"
        );
    }

    #[test]
    fn labelled_concept_lists_in_preparation_sections_become_topics() {
        assert!(names_concepts("system design patterns"));
        assert!(names_concepts("tools to know"));
        assert!(!names_concepts("role"));
        assert!(!names_concepts("interviewers"));
        assert_eq!(
            concept_list(" change data capture, data lakehouse, and stream processing."),
            vec!["change data capture", "data lakehouse", "stream processing"]
        );
        assert!(concept_list(" we met at 3pm, talked about the role, and what would you change?").is_empty());
    }

    #[test]
    fn question_prefixes_are_removed() {
        assert_eq!(
            clean_item_text("Q3: \"Why us?\"", Kind::Question).as_deref(),
            Some("Why us?")
        );
        assert_eq!(
            clean_item_text("Quick wins?", Kind::Question).as_deref(),
            Some("Quick wins?")
        );
    }
}

#[cfg(test)]
mod subtree_tests {
    use super::*;

    fn item(depth: usize) -> Block {
        Block::Item {
            depth,
            text: Inline::default(),
        }
    }

    #[test]
    fn subtrees_end_where_a_shallower_item_or_other_block_begins() {
        let blocks = vec![
            item(0),
            item(1),
            item(2),
            item(1),
            item(0),
            Block::Line(Inline::default()),
            item(0),
            item(1),
        ];
        assert_eq!(subtree_ends(&blocks), vec![4, 3, 3, 4, 5, 6, 8, 8]);
    }

    #[test]
    fn a_very_deep_list_is_walked_in_linear_time() {
        let blocks: Vec<Block> = (0..200_000).map(item).collect();
        let ends = subtree_ends(&blocks);
        assert_eq!(ends[0], 200_000);
        assert_eq!(ends[199_999], 200_000);
    }
}

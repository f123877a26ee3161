//! Telling a question from other text: a question mark, a `Q1.` or `Question:` marker, or
//! the words an interview question opens with; and the markers of answers.

/// How surely a line of text is a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Likeness {
    No,
    /// It opens as questions do (`What is`, `Explain`, `Difference between`).
    Opener,
    /// It ends with a question mark, or is marked (`Q3.`, `Question:`).
    Sure,
}

/// Words an interview question (or a task standing for one) opens with.
const OPENERS: &[&str] = &[
    "what",
    "what's",
    "whats",
    "why",
    "how",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "is",
    "are",
    "am",
    "was",
    "were",
    "can",
    "could",
    "do",
    "does",
    "did",
    "should",
    "shall",
    "would",
    "will",
    "has",
    "have",
    "had",
    "may",
    "might",
    "must",
    "explain",
    "describe",
    "define",
    "compare",
    "contrast",
    "differentiate",
    "distinguish",
    "discuss",
    "list",
    "name",
    "give",
    "tell",
    "write",
    "implement",
    "design",
    "mention",
    "state",
    "outline",
    "summarize",
    "summarise",
    "elaborate",
    "illustrate",
    "identify",
    "suggest",
    "walk",
    "demonstrate",
    "difference",
    "differences",
    "diff",
    "predict",
    "guess",
    "suppose",
    "imagine",
    "if",
    "in",
    "true",
    "whats",
    "why's",
    "how's",
    "where's",
    "who's",
    "when's",
    "isn't",
    "aren't",
    "don't",
    "doesn't",
    "can't",
    "won't",
];

/// How surely `text` (a heading, a bold line, a list item) is a question.
#[must_use]
pub fn likeness(text: &str) -> Likeness {
    let cleaned = strip_decoration(text);
    if cleaned.is_empty() {
        return Likeness::No;
    }
    if question_marker(text).is_some() || cleaned.trim_end_matches(['*', '_', ')', '"', '\'', '”']).ends_with('?') {
        return Likeness::Sure;
    }
    let first = cleaned
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .to_lowercase()
        .replace('’', "'");
    if first == "in" {
        // `In what …`, `In which …`; not `In this section`.
        let second = cleaned.split_whitespace().nth(1).unwrap_or("").to_lowercase();
        return if ["what", "which", "how"].contains(&second.as_str()) {
            Likeness::Opener
        } else {
            Likeness::No
        };
    }
    if first == "true" {
        return if cleaned.to_lowercase().starts_with("true or false") {
            Likeness::Sure
        } else {
            Likeness::No
        };
    }
    // `List of …`, `Name of …` title a list rather than ask for one.
    let second = cleaned.split_whitespace().nth(1).unwrap_or("").to_lowercase();
    if ["list", "name", "state"].contains(&first.as_str()) && ["of", "and"].contains(&second.as_str()) {
        return Likeness::No;
    }
    if OPENERS.contains(&first.as_str()) && cleaned.split_whitespace().count() >= 2 {
        Likeness::Opener
    } else {
        Likeness::No
    }
}

/// The question with its decoration gone: heading marks, bold, numbering (`12.`, `Q3.`,
/// `Question 4:`), leading symbols and emoji.
#[must_use]
pub fn strip_decoration(text: &str) -> String {
    let mut t = text.trim().trim_start_matches('#').trim();
    loop {
        let before = t;
        t = t
            .trim_start_matches(|c: char| {
                !c.is_alphanumeric() && !matches!(c, '`' | '"' | '\'' | '“' | '‘' | '(' | '<' | '[')
            })
            .trim_start();
        if let Some(rest) = question_marker(t) {
            t = rest;
        }
        t = strip_number(t);
        if t == before {
            break;
        }
    }
    let t = t.trim();
    let unbolded = strip_wrapping(t, "**").or_else(|| strip_wrapping(t, "__")).unwrap_or(t);
    let unbolded = unbolded.trim().trim_end_matches(['*', '_']).trim_end();
    unbolded.trim_start_matches(['*', '_']).trim().to_string()
}

fn strip_wrapping<'a>(text: &'a str, mark: &str) -> Option<&'a str> {
    text.strip_prefix(mark)?.strip_suffix(mark)
}

/// `12.`, `12)`, `(12)`, `12 -`, `1.2.3` at the start.
fn strip_number(text: &str) -> &str {
    let t = text.trim_start_matches('(');
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.').len();
    if digits == 0 || !t.starts_with(|c: char| c.is_ascii_digit()) {
        return text;
    }
    let rest = &t[digits..];
    let rest = rest.strip_prefix([')', ':']).unwrap_or(rest);
    let rest_trim = rest.trim_start();
    let rest_trim = rest_trim
        .strip_prefix(['-', '–', '—'])
        .map_or(rest_trim, str::trim_start);
    // `2025 plans` is not numbering: a number must end with punctuation or a dash.
    if t[..digits].ends_with('.') || rest.len() < t.len() - digits || rest_trim.len() + 1 < rest.len() {
        rest_trim
    } else {
        text
    }
}

/// What follows a question marker (`Q:`, `Q.`, `Q12)`, `**Q3:**`, `Question:`,
/// `Question 4 -`), if the text opens with one.
#[must_use]
pub fn question_marker(text: &str) -> Option<&str> {
    marker(text, &["question", "ques", "q"])
}

/// What follows an answer marker (`A:`, `**A.**`, `Ans:`, `Answer:`, `Answer -`), if the
/// text opens with one. A lone `A.` is an option of a multiple-choice question, not an
/// answer, so `A` takes a colon only.
#[must_use]
pub fn answer_marker(text: &str) -> Option<&str> {
    let rest = marker(text, &["answer", "ans", "a"])?;
    let head = text.trim_start().trim_start_matches(['*', '_']);
    if head.len() > 1
        && head.as_bytes()[0].eq_ignore_ascii_case(&b'a')
        && !head[1..].starts_with(|c: char| c.is_alphabetic())
    {
        // `A` alone: only `A:` (and its bold forms) is a marker.
        let after_a = head[1..].trim_start_matches(['*', '_']);
        if !after_a.starts_with(':') {
            return None;
        }
    }
    Some(rest)
}

/// What follows an answer marker at the start of a heading (`### A. It contains …`),
/// where a lone `A.` is the answer to the question heading above it.
#[must_use]
pub fn heading_answer_marker(text: &str) -> Option<&str> {
    marker(text.trim_start_matches('#').trim_start(), &["answer", "ans", "a"])
}

/// A line that opens with an answer marker, however marked up (`<b>Ans:</b> The …`,
/// `**A.** Yes`, `Answer - no`), without it; `None` when it has none or nothing follows.
#[must_use]
pub fn strip_answer_marker(line: &str) -> Option<&str> {
    let mut t = line.trim_start();
    for open in ["<b>", "<strong>", "**", "__", "<B>"] {
        if let Some(rest) = t.strip_prefix(open) {
            t = rest.trim_start();
        }
    }
    let word_end = t.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(t.len());
    let word = t[..word_end].to_ascii_lowercase();
    let rest = t[word_end..].trim_start();
    // The colon may sit outside the bold (`**A**: …`).
    let rest = rest.trim_start_matches(['*', '_']).trim_start();
    let rest = match word.as_str() {
        "answer" | "ans" => rest.strip_prefix([':', '.', '-', '–', '—'])?,
        "a" => rest.strip_prefix(':')?,
        _ => return None,
    };
    let mut rest = rest.trim_start();
    loop {
        let before = rest;
        for close in ["</b>", "</strong>", "**", "__", "</B>"] {
            if let Some(r) = rest.strip_prefix(close) {
                rest = r.trim_start();
            }
        }
        if rest == before {
            break;
        }
    }
    (!rest.trim().is_empty()).then_some(rest)
}

/// A label word (any case, optionally bold, optionally numbered) followed by `:`, `.`, `)`
/// or ` -`, then the text.
fn marker<'a>(text: &'a str, words: &[&str]) -> Option<&'a str> {
    let t = text.trim_start().trim_start_matches(['*', '_']).trim_start();
    for word in words {
        let Some(rest) = super::tree::strip_ascii_prefix(t, word) else {
            continue;
        };
        let rest = rest.trim_start_matches(['*', '_']);
        // `Q12.`, `Question 3:`: a number may follow the word.
        let numbered = rest.trim_start();
        let digits = numbered.len() - numbered.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let rest = if digits > 0 { &numbered[digits..] } else { rest };
        if rest.starts_with(|c: char| c.is_alphanumeric()) {
            continue;
        }
        let rest = rest.trim_start_matches(['*', '_']);
        let after = if let Some(r) = rest.strip_prefix([':', '.', ')', '：']) {
            r
        } else if let Some(r) = rest.trim_start().strip_prefix(['-', '–', '—']) {
            r
        } else if digits > 0 && rest.starts_with(' ') {
            // `Q12 What …`
            rest
        } else {
            continue;
        };
        let after = after.trim_start_matches(['*', '_']).trim_start();
        return Some(after);
    }
    None
}

/// A heading that only anchors a place (`Q12`, `12`, `#12`), never a card or a section.
#[must_use]
pub fn is_anchor_heading(text: &str) -> bool {
    let t = text.trim().trim_start_matches('#').trim();
    let t = t.strip_prefix(['Q', 'q']).unwrap_or(t);
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// A heading over a table of contents.
#[must_use]
pub fn is_contents_heading(text: &str) -> bool {
    let label = strip_decoration(text).to_lowercase();
    let label = label.trim_end_matches(':').trim();
    matches!(
        label,
        "table of contents"
            | "contents"
            | "toc"
            | "table of content"
            | "index"
            | "table of questions"
            | "questions index"
            | "list of questions"
            | "question index"
            | "content"
    ) || label.starts_with("table of contents")
}

/// A `<summary>` that stands for the answer itself (`Answer`, `Show answer`, `Solution`),
/// so the question is what comes before the `<details>`.
#[must_use]
pub fn is_answer_summary(text: &str) -> bool {
    let label = strip_decoration(text).to_lowercase();
    let label = label.trim_end_matches([':', '.', '!']).trim();
    let words: Vec<&str> = label.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 {
        return false;
    }
    let wanted = [
        "answer",
        "answers",
        "solution",
        "solutions",
        "explanation",
        "ans",
        "reveal",
        "expand",
        "output",
        "result",
        "hint",
        "spoiler",
    ];
    words
        .iter()
        .any(|w| wanted.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
        || label == "click here"
        || label == "show"
        || label == "click to see"
}

/// A line of text that only labels the answer below it (`Answer:`, `**Interview Answer:**`).
#[must_use]
pub fn is_answer_label(text: &str) -> bool {
    let label = strip_decoration(text).to_lowercase();
    let label = label
        .trim_end_matches([':', '.'])
        .trim()
        .trim_end_matches(['*', '_'])
        .trim();
    let words = label.split_whitespace().count();
    words <= 3
        && (label == "answer" || label == "ans" || label == "a" || label.ends_with(" answer") || label == "solution")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_told_by_mark_marker_or_opening_word() {
        assert_eq!(likeness("What are closures"), Likeness::Opener);
        assert_eq!(likeness("1. ### What is prototype chain"), Likeness::Opener);
        assert_eq!(likeness("Q13. DOM and DOM Manipulation"), Likeness::Sure);
        assert_eq!(likeness("All objects have prototypes?"), Likeness::Sure);
        assert_eq!(likeness("**Difference between let and var**"), Likeness::Opener);
        assert_eq!(likeness("True or False? A branch is a pointer"), Likeness::Sure);
        assert_eq!(likeness("Table of Contents"), Likeness::No);
        assert_eq!(likeness("In this section"), Likeness::No);
        assert_eq!(likeness("Example"), Likeness::No);
        assert_eq!(likeness("List of (Advanced) JavaScript Questions"), Likeness::No);
        assert_eq!(likeness("List the HTTP methods"), Likeness::Opener);
        assert_eq!(
            likeness("Quick Revision Sheet"),
            Likeness::No,
            "Q is only a marker with punctuation"
        );
    }

    #[test]
    fn decoration_goes_and_the_question_stays() {
        assert_eq!(strip_decoration("### 12. What is `let`?"), "What is `let`?");
        assert_eq!(strip_decoration("**Q3:** Why Rust?"), "Why Rust?");
        assert_eq!(strip_decoration("Question 4 - How?"), "How?");
        assert_eq!(strip_decoration("🔹 1. What is React?"), "What is React?");
        assert_eq!(strip_decoration("2025 plans"), "2025 plans");
        assert_eq!(strip_decoration("**1. What is Java?**"), "What is Java?");
    }

    #[test]
    fn answer_markers_are_not_options() {
        assert_eq!(answer_marker("A: Because."), Some("Because."));
        assert_eq!(answer_marker("**A:** Because."), Some("Because."));
        assert_eq!(answer_marker("Answer: D"), Some("D"));
        assert_eq!(answer_marker("A. an option"), None);
        assert_eq!(answer_marker("A) an option"), None);
        assert_eq!(answer_marker("Another thing"), None);
        assert_eq!(question_marker("Q: Why?"), Some("Why?"));
        assert_eq!(question_marker("Quick wins?"), None);
    }

    #[test]
    fn answer_markers_come_off_the_answers_first_line() {
        assert_eq!(
            strip_answer_marker("<b>Ans:</b> The IDs track calls."),
            Some("The IDs track calls.")
        );
        assert_eq!(
            strip_answer_marker("**A.** [MIT](https://x)"),
            None,
            "a lone A. is an option"
        );
        assert_eq!(strip_answer_marker("**Answer:** Yes."), Some("Yes."));
        assert_eq!(strip_answer_marker("Another line"), None);
        assert_eq!(
            heading_answer_marker("### A. It contains a sample."),
            Some("It contains a sample.")
        );
    }

    #[test]
    fn anchors_contents_and_answer_summaries() {
        assert!(is_anchor_heading("Q12"));
        assert!(is_anchor_heading("12"));
        assert!(!is_anchor_heading("Q12. Why?"));
        assert!(is_contents_heading("### Table of Contents"));
        assert!(is_answer_summary("<b>Answer</b>") || is_answer_summary("Answer"));
        assert!(is_answer_summary("Show answer"));
        assert!(!is_answer_summary("What is a closure?"));
        assert!(is_answer_label("**Interview Answer:**"));
        assert!(!is_answer_label("The answer lies in the event loop."));
    }
}

//! How alike two interview questions are, across companies that word them differently:
//! each question becomes its content words (stop words and interview filler dropped,
//! common synonyms folded together, Snowball-stemmed), weighted by how rare each word is
//! among the questions compared (TF-IDF), and compared by cosine. Pure: text in, scores
//! out.

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

/// Below this score two questions are not worth suggesting to each other.
pub const SUGGESTION_THRESHOLD: f64 = 0.2;

/// Words that say nothing about what a question asks: English function words and the
/// phrasing every interview question shares ("tell me about a time you …").
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "during",
    "each",
    "else",
    "ever",
    "few",
    "for",
    "from",
    "further",
    "get",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "no",
    "nor",
    "not",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "s",
    "t",
    "d",
    "ll",
    "re",
    "ve",
    "m",
    // Interview phrasing.
    "tell",
    "describe",
    "explain",
    "give",
    "example",
    "examples",
    "time",
    "times",
    "walk",
    "talk",
    "share",
    "approach",
    "handle",
    "handled",
    "situation",
    "think",
    "like",
    "way",
    "ways",
    "make",
    "made",
    "go",
    "went",
    "know",
    "new",
    "work",
    "working",
    "worked",
    "job",
    "role",
    "company",
    "kind",
    "sort",
    "thing",
    "things",
    "use",
    "used",
    "using",
    "someone",
    "something",
    "question",
    "questions",
    "keep",
    "ensure",
    "sure",
];

/// Words interviewers use for the same thing, folded to one term before stemming. A word
/// may belong to two groups ("failed" can be a personal mistake or a system crash).
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "design",
        &[
            "design",
            "designing",
            "designed",
            "build",
            "building",
            "built",
            "architect",
            "architecting",
            "architecture",
        ],
    ),
    (
        "scale",
        &["scale", "scalable", "scaling", "scalability", "scales", "scaled"],
    ),
    (
        "incident",
        &[
            "incident",
            "incidents",
            "outage",
            "outages",
            "downtime",
            "postmortem",
            "on-call",
        ],
    ),
    // "A failure in your career" is a mistake; "a pipeline that fails" is a crash.
    (
        "mistake",
        &[
            "mistake", "mistakes", "failure", "failures", "failed", "wrong", "regret",
        ],
    ),
    (
        "crash",
        &["crash", "crashes", "crashed", "failed", "fail", "fails", "failing"],
    ),
    (
        "security",
        &[
            "safe",
            "safely",
            "safety",
            "protect",
            "protected",
            "protecting",
            "secure",
            "security",
            "privacy",
        ],
    ),
    ("data", &["data", "record", "records", "dataset", "datasets"]),
    ("partial", &["halfway", "midway", "partial", "partially", "half"]),
    (
        "conflict",
        &[
            "conflict",
            "conflicts",
            "disagree",
            "disagreed",
            "disagreement",
            "disagreements",
            "pushback",
            "argument",
        ],
    ),
    (
        "system",
        &[
            "system",
            "systems",
            "infrastructure",
            "platform",
            "platforms",
            "stack",
            "service",
            "services",
        ],
    ),
    (
        "team",
        &[
            "team",
            "teams",
            "teammate",
            "teammates",
            "colleague",
            "colleagues",
            "coworker",
            "coworkers",
            "peer",
            "peers",
        ],
    ),
    (
        "lead",
        &[
            "lead",
            "led",
            "leading",
            "leadership",
            "leader",
            "manage",
            "managed",
            "managing",
        ],
    ),
    (
        "customer",
        &["customer", "customers", "client", "clients", "user", "users"],
    ),
    (
        "priority",
        &[
            "prioritize",
            "prioritise",
            "prioritized",
            "prioritizing",
            "priorities",
            "priority",
            "prioritization",
        ],
    ),
    ("deadline", &["deadline", "deadlines", "timeline", "timelines"]),
    ("feedback", &["feedback", "criticism", "critique"]),
    (
        "mentor",
        &["mentor", "mentored", "mentoring", "coach", "coached", "coaching"],
    ),
    (
        "performance",
        &[
            "performance",
            "latency",
            "slow",
            "slowness",
            "throughput",
            "optimize",
            "optimise",
        ],
    ),
    (
        "debug",
        &[
            "debug",
            "debugged",
            "debugging",
            "troubleshoot",
            "troubleshooting",
            "diagnose",
            "diagnosed",
        ],
    ),
    (
        "serve",
        &[
            "serve",
            "serving",
            "served",
            "inference",
            "deploy",
            "deployed",
            "deploying",
            "deployment",
        ],
    ),
    (
        "motivation",
        &[
            "motivate",
            "motivated",
            "motivates",
            "motivation",
            "excites",
            "excited",
            "passion",
            "want",
            "join",
            "joining",
            "interest",
            "interested",
            "attracts",
            "attracted",
        ],
    ),
    (
        "weakness",
        &["weakness", "weaknesses", "improve", "improvement", "growth"],
    ),
    (
        "quality",
        &["quality", "bad", "dirty", "clean", "corrupt", "corrupted", "garbage"],
    ),
    (
        "test",
        &[
            "test",
            "tests",
            "tested",
            "testing",
            "validate",
            "validated",
            "validating",
            "validation",
            "verify",
        ],
    ),
    ("pipeline", &["pipeline", "pipelines", "etl", "elt"]),
];

/// Two-word phrases that mean one term.
const PHRASES: &[(&str, &str, &str)] = &[
    ("machine", "learning", "ml"),
    ("artificial", "intelligence", "ml"),
    ("on", "call", "incident"),
];

/// A question reduced to what it asks: its folded, stemmed content words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms(Vec<String>);

impl Terms {
    /// The terms, in the order their words came.
    #[must_use]
    pub fn into_vec(self) -> Vec<String> {
        self.0
    }
}

/// How much a term weighs among `items` texts when `holding` of them hold it: a smoothed
/// inverse document frequency (rarer weighs more).
#[must_use]
pub fn rarity(items: usize, holding: usize) -> f64 {
    ((items as f64 + 1.0) / (holding as f64 + 1.0)).ln() + 1.0
}

/// Turns questions into [`Terms`]; holds the stemmer and the folding tables.
pub struct Analyzer {
    stemmer: Stemmer,
    folded: HashMap<String, Vec<&'static str>>,
}

impl Default for Analyzer {
    fn default() -> Self {
        // Each word of a group by its stem too, so its other forms fold the same way
        // ("disagreeing" as "disagree").
        let stemmer = Stemmer::create(Algorithm::English);
        let mut folded: HashMap<String, Vec<&'static str>> = HashMap::new();
        for (canonical, words) in SYNONYMS {
            for word in *words {
                for key in [(*word).to_string(), stemmer.stem(word).into_owned()] {
                    let canonicals = folded.entry(key).or_default();
                    if !canonicals.contains(canonical) {
                        canonicals.push(canonical);
                    }
                }
            }
        }
        Analyzer { stemmer, folded }
    }
}

impl Analyzer {
    /// The content words of `text`.
    #[must_use]
    pub fn terms(&self, text: &str) -> Terms {
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .map(|w| w.trim_matches('-'))
            .filter(|w| !w.is_empty())
            .collect();
        let mut terms = Vec::with_capacity(words.len());
        let mut i = 0;
        while i < words.len() {
            if let Some(next) = words.get(i + 1)
                && let Some((_, _, term)) = PHRASES.iter().find(|(a, b, _)| *a == words[i] && b == next)
            {
                terms.push((*term).to_string());
                i += 2;
                continue;
            }
            let word = words[i];
            i += 1;
            if let Some(canonicals) = self.folded.get(word) {
                terms.extend(canonicals.iter().map(|c| (*c).to_string()));
            } else if !STOP_WORDS.contains(&word) && !word.chars().all(|c| c.is_ascii_digit()) {
                let stem = self.stemmer.stem(word);
                match self.folded.get(stem.as_ref()) {
                    Some(canonicals) => terms.extend(canonicals.iter().map(|c| (*c).to_string())),
                    None => terms.push(stem.into_owned()),
                }
            }
        }
        Terms(terms)
    }
}

/// Questions to compare, with how many of them hold each term (for rarity weights).
pub struct Index {
    docs: Vec<Terms>,
    frequency: HashMap<String, usize>,
}

impl Index {
    /// Indexes `texts`; their positions are the ids [`Index::most_similar`] returns.
    #[must_use]
    pub fn new<'a>(analyzer: &Analyzer, texts: impl IntoIterator<Item = &'a str>) -> Index {
        let docs: Vec<Terms> = texts.into_iter().map(|t| analyzer.terms(t)).collect();
        let mut frequency: HashMap<String, usize> = HashMap::new();
        for doc in &docs {
            let mut seen: Vec<&String> = doc.0.iter().collect();
            seen.sort_unstable();
            seen.dedup();
            for term in seen {
                *frequency.entry(term.clone()).or_default() += 1;
            }
        }
        Index { docs, frequency }
    }

    /// Rarer terms weigh more: a smoothed inverse document frequency.
    fn weight(&self, term: &str) -> f64 {
        rarity(self.docs.len(), self.frequency.get(term).copied().unwrap_or(0))
    }

    /// A question's terms as a weighted vector (sublinear term frequency × rarity).
    fn vector<'t>(&self, terms: &'t Terms) -> HashMap<&'t str, f64> {
        let mut counts: HashMap<&str, f64> = HashMap::new();
        for term in &terms.0 {
            *counts.entry(term.as_str()).or_default() += 1.0;
        }
        counts
            .into_iter()
            .map(|(term, tf)| (term, (1.0 + tf.ln()) * self.weight(term)))
            .collect()
    }

    /// Cosine similarity of two questions' weighted terms, 0–1.
    #[must_use]
    pub fn similarity(&self, a: &Terms, b: &Terms) -> f64 {
        let (va, vb) = (self.vector(a), self.vector(b));
        let dot: f64 = va.iter().filter_map(|(t, w)| vb.get(t).map(|x| w * x)).sum();
        let norm = |v: &HashMap<&str, f64>| v.values().map(|w| w * w).sum::<f64>().sqrt();
        let denominator = norm(&va) * norm(&vb);
        if denominator == 0.0 { 0.0 } else { dot / denominator }
    }

    /// The indexed questions most like `query`, best first, those scoring at least
    /// `threshold`, at most `limit` of them; `skip` says which ids not to offer.
    #[must_use]
    pub fn most_similar(
        &self,
        query: &Terms,
        limit: usize,
        threshold: f64,
        skip: impl Fn(usize) -> bool,
    ) -> Vec<(usize, f64)> {
        let mut scored: Vec<(usize, f64)> = self
            .docs
            .iter()
            .enumerate()
            .filter(|(id, _)| !skip(*id))
            .map(|(id, doc)| (id, self.similarity(query, doc)))
            .filter(|(_, score)| *score >= threshold)
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.truncate(limit);
        scored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pairs of questions that ask the same thing in other words, as different companies
    /// put them. Each question's partner must rank first among all the others.
    const RELATED: &[(&str, &str)] = &[
        (
            "How would you design a scalable model serving system?",
            "How do you approach building scalable ML infrastructure?",
        ),
        (
            "Tell me about a production incident you owned.",
            "Describe an outage you were responsible for and what you learned from the postmortem.",
        ),
        (
            "Tell me about a time you disagreed with your manager.",
            "Describe a conflict with a team lead and how you resolved the disagreement.",
        ),
        (
            "What is your biggest weakness?",
            "Which area of your skills do you most need to improve?",
        ),
        (
            "Why do you want to work at Acme?",
            "What motivates you to join our company?",
        ),
        (
            "How do you prioritize competing deadlines?",
            "How do you decide priorities when two projects have the same timeline?",
        ),
        (
            "Tell me about a mistake you made and how you fixed it.",
            "Describe a failure in your career and what you did about it.",
        ),
        (
            "How do you mentor junior engineers?",
            "What is your approach to coaching less experienced developers?",
        ),
        (
            "How would you debug a slow database query?",
            "Walk me through troubleshooting SQL query latency.",
        ),
        (
            "How do you handle difficult customers?",
            "Tell me about an unhappy client you had to win back.",
        ),
        (
            "Describe how you give feedback to a teammate.",
            "How do you deliver criticism to a colleague?",
        ),
        (
            "How would you migrate a monolith to microservices?",
            "Walk through breaking a monolithic application into microservices.",
        ),
        (
            "How do you ensure data quality in ETL pipelines?",
            "How do you keep bad data out of your data pipelines?",
        ),
        (
            "Explain exactly-once delivery in message queues.",
            "What are the tradeoffs of exactly-once delivery semantics?",
        ),
        (
            "How do you test machine learning models before deploying them?",
            "How do you validate an ML model before it goes to production?",
        ),
        (
            "How do you keep patient data safe when pipelines fail halfway?",
            "How do you protect patient records if a pipeline crashes midway?",
        ),
    ];

    /// Questions unrelated to any of the above.
    const UNRELATED: &[&str] = &[
        "What are your salary expectations?",
        "Where do you see yourself in five years?",
        "Do you have any questions for us?",
        "What is your favourite programming language and why?",
    ];

    /// Pairs that share words but ask different things: never suggested for each other.
    const UNRELATED_PAIRS: &[(&str, &str)] = &[
        (
            "What is your salary expectation?",
            "How do you handle difficult customers?",
        ),
        (
            "Where do you see yourself in five years?",
            "How do you mentor junior engineers?",
        ),
        (
            "How would you design a URL shortener?",
            "Tell me about a mistake you made and how you fixed it.",
        ),
        (
            "Why do you want to leave your current job?",
            "How would you debug a slow database query?",
        ),
        (
            "What questions do you have for the team?",
            "How do you ensure data quality in ETL pipelines?",
        ),
        (
            "Describe your ideal manager.",
            "Explain exactly-once delivery in message queues.",
        ),
        (
            "How do you stay current with new technology?",
            "How do you protect patient records if a pipeline crashes midway?",
        ),
        (
            "What did you build in your last hackathon?",
            "Describe how you give feedback to a teammate.",
        ),
        (
            "How do you prioritize competing deadlines?",
            "How do you test machine learning models before deploying them?",
        ),
        (
            "Tell me about a production incident you owned.",
            "What motivates you to join our company?",
        ),
        (
            "How would you migrate a monolith to microservices?",
            "What is your biggest weakness?",
        ),
        (
            "How do you handle difficult customers?",
            "How would you design a scalable model serving system?",
        ),
        (
            "Describe a conflict with a team lead and how you resolved the disagreement.",
            "Walk me through troubleshooting SQL query latency.",
        ),
        (
            "What is your favourite programming language and why?",
            "How do you keep bad data out of your data pipelines?",
        ),
    ];

    #[test]
    fn questions_that_ask_different_things_stay_apart() {
        let analyzer = Analyzer::default();
        let texts: Vec<&str> = corpus()
            .into_iter()
            .chain(UNRELATED_PAIRS.iter().flat_map(|(a, b)| [*a, *b]))
            .collect();
        let index = Index::new(&analyzer, texts.iter().copied());
        let lowest_related = RELATED
            .iter()
            .map(|(a, b)| index.similarity(&analyzer.terms(a), &analyzer.terms(b)))
            .fold(f64::INFINITY, f64::min);
        for (a, b) in UNRELATED_PAIRS {
            let score = index.similarity(&analyzer.terms(a), &analyzer.terms(b));
            assert!(
                score < SUGGESTION_THRESHOLD && score < lowest_related,
                "{a:?} ~ {b:?} scored {score}"
            );
        }
    }

    fn corpus() -> Vec<&'static str> {
        RELATED
            .iter()
            .flat_map(|(a, b)| [*a, *b])
            .chain(UNRELATED.iter().copied())
            .collect()
    }

    #[test]
    fn each_question_ranks_its_reworded_partner_first() {
        let analyzer = Analyzer::default();
        let texts = corpus();
        let index = Index::new(&analyzer, texts.iter().copied());
        for (id, text) in texts.iter().enumerate().take(RELATED.len() * 2) {
            let partner = id ^ 1;
            let query = analyzer.terms(text);
            let best = index.most_similar(&query, 3, 0.0, |other| other == id);
            assert_eq!(
                best.first().map(|(found, _)| *found),
                Some(partner),
                "{text:?} should rank {:?} first, ranked {:?}",
                texts[partner],
                best.iter().map(|(i, s)| (texts[*i], *s)).collect::<Vec<_>>()
            );
            assert!(
                best[0].1 >= SUGGESTION_THRESHOLD,
                "{text:?} ~ {:?} scored {} — too low to be suggested",
                texts[partner],
                best[0].1
            );
        }
    }

    #[test]
    fn unrelated_questions_are_not_suggested() {
        let analyzer = Analyzer::default();
        let texts = corpus();
        let index = Index::new(&analyzer, texts.iter().copied());
        let first_unrelated = RELATED.len() * 2;
        for (id, text) in texts.iter().enumerate().skip(first_unrelated) {
            let suggestions = index.most_similar(&analyzer.terms(text), 3, SUGGESTION_THRESHOLD, |other| other == id);
            assert!(
                suggestions.is_empty(),
                "{text:?} was matched with {:?}",
                suggestions.iter().map(|(i, s)| (texts[*i], *s)).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn words_are_folded_and_stemmed() {
        let analyzer = Analyzer::default();
        assert_eq!(
            analyzer
                .terms("Tell me about building scalable Machine Learning pipelines")
                .0,
            vec!["design", "scale", "ml", "pipeline"]
        );
        assert_eq!(analyzer.terms("Why?").0, Vec::<String>::new());
        assert_eq!(
            analyzer.terms("disagreeing").0,
            vec!["conflict"],
            "other forms fold by their stem"
        );
        let index = Index::new(&analyzer, ["", "What?"]);
        assert!(index.similarity(&analyzer.terms(""), &analyzer.terms("What?")).abs() < f64::EPSILON);
    }
}

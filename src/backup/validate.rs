//! Checking a backup before anything of it is written: every value as a grade or a command
//! would have made it (ranges, dates, the easiness floor, the interval cap, FSRS-6's
//! parameter bounds), texts stripped of terminal controls as an import strips them, names
//! cut to the longest a name may be, and every version's register, time, machine and value
//! checked. A file with an impossible value is refused whole, naming the value.

use std::borrow::Cow;
use std::collections::HashSet;

use chrono::{DateTime, Datelike, NaiveDate};

use super::format::{BACKUP_VERSION, Backup, BackupAlias, BackupCard, BackupDeck, BackupStory, BackupVersion};
use crate::domain::Progress;
use crate::domain::card::{LAST_DAY, MAX_INTERVAL, MIN_EASE, clean_tag};
use crate::domain::version::{Register, Stamp, Version, is_guid, is_machine};
use crate::profile::text::strip_controls;
use crate::store::ChosenSettings;
use crate::store::value::{Value, ValueProblem, brief, check_register};

/// The deepest a note entry of a restored document may nest (documents nest a few levels).
const MAX_NOTE_DEPTH: u32 = 32;
/// The largest counts and durations a backup may hold: far beyond any real use, small
/// enough that nothing downstream overflows.
const MAX_COUNT: u32 = 1_000_000;
const MAX_DURATION_MS: u64 = 24 * 3600 * 1000;
const MAX_EASE: f64 = 1_000.0;
const MAX_POSITION: i64 = 1_000_000_000;
/// The longest time text read (an RFC 3339 time is 20 to 35 characters).
const MAX_TIME_CHARS: usize = 64;

/// What is wrong with a backup: the first impossible value found, and where.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    #[error("the format is \"{0}\", not \"prepdeck-backup\"")]
    Format(String),
    #[error("it is version {0} of the backup format; this prepdeck reads up to {BACKUP_VERSION}")]
    Version(u32),
    /// A problem found in one part of the file: "deck \"Acme\"", "card g1 of deck \"Acme\"".
    #[error("{place}: {problem}")]
    At { place: String, problem: Box<Problem> },
    #[error("a deck has no name")]
    DeckWithoutName,
    #[error("a story has no name, or the same name as another")]
    StoryName,
    #[error("{0} has a guid that is empty, too long, not plain text or repeated")]
    Guid(String),
    #[error("{what} {day} is after {LAST_DAY}")]
    LateDay { what: &'static str, day: NaiveDate },
    #[error("{what} {day} is before 1970")]
    EarlyDay { what: &'static str, day: NaiveDate },
    #[error("{what} \"{text}\" is not an RFC 3339 time")]
    Time { what: &'static str, text: String },
    #[error("ease {0} is outside {MIN_EASE} to {MAX_EASE}")]
    Ease(f64),
    #[error("interval {0} is over the {MAX_INTERVAL}-day cap")]
    Interval(u32),
    #[error("{0} repetitions and {1} lapses are more than a card can have")]
    Counts(u32, u32),
    #[error("its item text is empty")]
    EmptyItem,
    #[error("its own front is empty")]
    EmptyFront,
    #[error("it was added by hand, so {0}")]
    ByHand(&'static str),
    #[error("\"{0}\" is not a tag")]
    Tag(String),
    #[error("position {0} is out of range")]
    Position(i64),
    #[error("a duration over a day")]
    Duration,
    #[error("it has no path")]
    NoPath,
    #[error("it holds card {0}, which is not in the deck")]
    NotInDeck(String),
    #[error("it holds card {0}, which was added by hand (no document holds one)")]
    HeldByHand(String),
    #[error("a note of it nests deeper than {MAX_NOTE_DEPTH} levels")]
    DeepNote,
    #[error("a time limit of 0 seconds")]
    NoTimeLimit,
    #[error("an answer to card {0}, which is not in the deck")]
    AnswerElsewhere(String),
    #[error("an impossible answer to card {0}")]
    ImpossibleAnswer(String),
    #[error("the desired retention {0} is outside 0.7-0.99")]
    Retention(f64),
    #[error("its FSRS parameters are not usable ({0})")]
    Parameters(String),
    #[error("FSRS was fitted from more reviews than a database can hold")]
    FittedFrom,
    #[error("a version of a {subject} \"{field}\" {problem}")]
    BadVersion {
        subject: String,
        field: String,
        problem: String,
    },
    #[error(transparent)]
    Value(#[from] ValueProblem),
    #[error("an alias \"{0}\" is not a guid")]
    Alias(String),
}

impl Problem {
    fn at(place: impl Into<String>) -> impl FnOnce(Problem) -> Problem {
        let place = place.into();
        move |problem| Problem::At {
            place,
            problem: Box::new(problem),
        }
    }
}

/// A backup with every value checked: the file's texts cleaned, its versions and aliases
/// read, the machine its versions came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub backup: Backup,
    /// Sentences for the report: names that were cut.
    pub notes: Vec<String>,
    pub versions: Vec<Version>,
    pub aliases: Vec<(String, String)>,
    /// The machine named for what the file says without a version (a backup from before
    /// versions, a value edited by hand): the file's own machine, or one named after its
    /// fingerprint.
    pub machine: String,
}

/// Checks every value of `backup` (whose bytes have the fingerprint `hash`), or names the
/// first impossible one.
pub fn check(backup: &Backup, hash: &str) -> Result<Checked, Problem> {
    backup.recognise()?;
    let mut clean = backup.clone();
    let mut notes = Vec::new();
    stamp(&clean.exported_at, "export time")?;
    let machine = match &clean.machine {
        Some(machine) if is_machine(machine) => machine.clone(),
        Some(machine) => {
            return Err(Problem::BadVersion {
                subject: "backup".to_string(),
                field: "machine".to_string(),
                problem: format!("names \"{}\", which is not a machine", brief(machine)),
            });
        }
        None => format!("backup-{}", &hash[..hash.len().min(12)]),
    };
    // Guids are unique in a database, so in a backup of one too.
    let mut guids = Guids::default();
    for deck in &mut clean.decks {
        check_deck(deck, &mut guids, &mut notes)?;
    }
    check_settings(&clean.settings)?;
    check_stories(&mut clean.stories, &mut notes)?;
    let versions = clean
        .versions
        .iter()
        .map(check_version)
        .collect::<Result<Vec<_>, _>>()?;
    let aliases = check_aliases(&clean.aliases)?;
    // What the merge reads from the versions and aliases is kept apart from the file.
    clean.versions = Vec::new();
    clean.aliases = Vec::new();
    Ok(Checked {
        backup: clean,
        notes,
        versions,
        aliases,
        machine,
    })
}

/// The guids of a backup's decks and cards seen so far: each may appear once.
#[derive(Default)]
struct Guids {
    decks: HashSet<String>,
    cards: HashSet<String>,
}

/// A name read from the backup, cut to the longest a name may be (`notes` says so when it
/// was).
fn bounded(name: &str, what: &str, notes: &mut Vec<String>) -> String {
    let (kept, cut_from) = crate::names::shortened(name);
    if let Some(chars) = cut_from {
        notes.push(format!("\"{kept}\": {}", crate::names::shortened_note(what, chars)));
    }
    kept
}

/// One deck: its name, guid and dates, then its cards, documents and mock runs.
fn check_deck(deck: &mut BackupDeck, guids: &mut Guids, notes: &mut Vec<String>) -> Result<(), Problem> {
    deck.name = bounded(&deck.name, "deck", notes);
    if deck.name.is_empty() {
        return Err(Problem::DeckWithoutName);
    }
    let name = deck.name.clone();
    let at_deck = || Problem::at(format!("deck \"{name}\""));
    if let Some(guid) = &deck.guid
        && (!is_guid(guid) || !guids.decks.insert(guid.clone()))
    {
        return Err(at_deck()(Problem::Guid("the deck".to_string())));
    }
    date(deck.interview, "interview date").map_err(at_deck())?;
    stamp(&deck.created_at, "creation time").map_err(at_deck())?;
    for card in &mut deck.cards {
        if !is_guid(&card.guid) || !guids.cards.insert(card.guid.clone()) {
            return Err(Problem::Guid(format!("a card of deck \"{name}\"")));
        }
        let place = format!("card {} of deck \"{name}\"", card.guid);
        check_card(card).map_err(Problem::at(place))?;
    }
    check_documents(deck)?;
    check_mock_runs(deck)
}

/// The documents of a checked deck's cards: a path, an import time, cards of the deck that
/// no hand made, notes not nested too deep.
fn check_documents(deck: &mut BackupDeck) -> Result<(), Problem> {
    let name = &deck.name;
    let guids: HashSet<&str> = deck.cards.iter().map(|c| c.guid.as_str()).collect();
    let by_hand: HashSet<&str> = deck
        .cards
        .iter()
        .filter(|c| c.by_hand)
        .map(|c| c.guid.as_str())
        .collect();
    for document in &mut deck.documents {
        strip(&mut document.path);
        if document.path.trim().is_empty() {
            return Err(Problem::at(format!("a document of deck \"{name}\""))(Problem::NoPath));
        }
        let at_document = || Problem::at(format!("document \"{}\" of deck \"{name}\"", document.path));
        stamp(&document.imported_at, "import time").map_err(at_document())?;
        if let Some(guid) = document.cards.iter().find(|guid| !guids.contains(guid.as_str())) {
            return Err(at_document()(Problem::NotInDeck(guid.clone())));
        }
        if let Some(guid) = document.cards.iter().find(|guid| by_hand.contains(guid.as_str())) {
            return Err(at_document()(Problem::HeldByHand(guid.clone())));
        }
        for note in &mut document.notes {
            if note.entries.iter().any(|e| e.depth > MAX_NOTE_DEPTH) {
                return Err(at_document()(Problem::DeepNote));
            }
            for text in std::iter::once(&mut note.heading).chain(note.entries.iter_mut().map(|e| &mut e.text)) {
                strip(text);
            }
        }
    }
    Ok(())
}

/// The mock runs of a checked deck: times and days in range, a time limit, answers to
/// cards of the deck as a run could give them.
fn check_mock_runs(deck: &BackupDeck) -> Result<(), Problem> {
    let name = &deck.name;
    let guids: HashSet<&str> = deck.cards.iter().map(|c| c.guid.as_str()).collect();
    for run in &deck.mock_runs {
        let at_run = || Problem::at(format!("mock run of {} in deck \"{name}\"", brief(&run.started_at)));
        stamp(&run.started_at, "start time").map_err(at_run())?;
        date(Some(run.run_day), "day").map_err(at_run())?;
        if run.limit_seconds == 0 {
            return Err(at_run()(Problem::NoTimeLimit));
        }
        for answer in &run.answers {
            if !guids.contains(answer.card.as_str()) {
                return Err(at_run()(Problem::AnswerElsewhere(brief(&answer.card))));
            }
            if !(0..=MAX_POSITION).contains(&answer.position) || answer.elapsed_ms > MAX_DURATION_MS {
                return Err(at_run()(Problem::ImpossibleAnswer(answer.card.clone())));
            }
            if let Some(at) = &answer.review {
                stamp(at, "review time").map_err(at_run())?;
            }
        }
    }
    Ok(())
}

/// The story bank: names bounded and unique, texts cleaned, guids and times well formed.
fn check_stories(stories: &mut [BackupStory], notes: &mut Vec<String>) -> Result<(), Problem> {
    let mut names = HashSet::new();
    for story in stories {
        story.name = bounded(&story.name, "story", notes);
        strip(&mut story.body);
        if story.name.is_empty() || !names.insert(story.name.to_lowercase()) {
            return Err(Problem::StoryName);
        }
        let at = || Problem::at(format!("story \"{}\"", story.name));
        if !is_guid(&story.guid) {
            return Err(at()(Problem::Guid("the story".to_string())));
        }
        stamp(&story.created_at, "creation time").map_err(at())?;
        stamp(&story.updated_at, "change time").map_err(at())?;
        if let Some(card) = story.cards.iter().find(|card| !is_guid(card)) {
            return Err(at()(Problem::NotInDeck(brief(card))));
        }
    }
    Ok(())
}

/// The aliases, as pairs of guids.
fn check_aliases(aliases: &[BackupAlias]) -> Result<Vec<(String, String)>, Problem> {
    let mut pairs = Vec::with_capacity(aliases.len());
    for alias in aliases {
        for guid in [&alias.alias, &alias.canonical] {
            if !is_guid(guid) {
                return Err(Problem::Alias(brief(guid)));
            }
        }
        pairs.push((alias.alias.clone(), alias.canonical.clone()));
    }
    Ok(pairs)
}

/// One version of the file, checked and with its value in its one form.
fn check_version(version: &BackupVersion) -> Result<Version, Problem> {
    let bad = |problem: String| Problem::BadVersion {
        subject: brief(&version.subject),
        field: brief(&version.field),
        problem,
    };
    let subject = version
        .subject
        .parse()
        .map_err(|()| bad("names no subject prepdeck keeps".to_string()))?;
    let field = version
        .field
        .parse()
        .map_err(|()| bad("names no value prepdeck keeps".to_string()))?;
    let register = Register {
        subject,
        key: version.key.clone(),
        field,
    };
    check_register(&register)?;
    let changed_at = Stamp::parse(&version.changed_at).ok_or_else(|| {
        bad(format!(
            "has the time \"{}\", not a UTC time as prepdeck writes them",
            brief(&version.changed_at)
        ))
    })?;
    if !is_machine(&version.machine) {
        return Err(bad(format!("names the machine \"{}\"", brief(&version.machine))));
    }
    let value = match &version.value {
        serde_json::Value::Null => None,
        json => Some(Value::from_json(&register, json)?.encode()),
    };
    Ok(Version {
        register,
        value,
        changed_at,
        machine: version.machine.clone(),
    })
}

/// Takes terminal controls out of a text, in place.
fn strip(text: &mut String) {
    if let Cow::Owned(stripped) = strip_controls(text) {
        *text = stripped;
    }
}

/// Settings FSRS can run with.
fn check_settings(settings: &ChosenSettings) -> Result<(), Problem> {
    if let Some(retention) = settings.desired_retention
        && !crate::schedule::fsrs::RETENTION_RANGE.contains(&retention)
    {
        return Err(Problem::Retention(retention));
    }
    crate::schedule::fsrs::check_parameters(&settings.fsrs_parameters).map_err(Problem::Parameters)?;
    date(settings.fitted_on, "the day FSRS was fitted")?;
    if settings.fitted_from_reviews.is_some_and(|n| n > MAX_COUNT as usize) {
        return Err(Problem::FittedFrom);
    }
    Ok(())
}

fn check_card(card: &mut BackupCard) -> Result<(), Problem> {
    for text in [
        &mut card.section,
        &mut card.item_text,
        &mut card.detail,
        &mut card.context,
        &mut card.answer,
    ]
    .into_iter()
    .chain(card.own_front.as_mut())
    .chain(card.own_back.as_mut())
    {
        strip(text);
    }
    if card.item_text.trim().is_empty() {
        return Err(Problem::EmptyItem);
    }
    if card.own_front.as_deref().is_some_and(|f| f.trim().is_empty()) {
        return Err(Problem::EmptyFront);
    }
    if card.by_hand && (card.own_front.is_some() || card.own_back.is_some()) {
        return Err(Problem::ByHand("no document's text stands under its own texts"));
    }
    if card.by_hand && card.retired_at.is_some() {
        return Err(Problem::ByHand("no document can retire it"));
    }
    let mut tags: Vec<String> = Vec::with_capacity(card.tags.len());
    for tag in &card.tags {
        let tag = clean_tag(tag).map_err(|_| Problem::Tag(brief(tag)))?;
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            tags.push(tag);
        }
    }
    card.tags = tags;
    if !(0..=MAX_POSITION).contains(&card.position) {
        return Err(Problem::Position(card.position));
    }
    progress(&card.progress())?;
    stamp(&card.created_at, "creation time")?;
    stamp(&card.updated_at, "change time")?;
    if let Some(retired) = &card.retired_at {
        stamp(retired, "retirement time")?;
    }
    if let Some(content_at) = &card.content_at {
        stamp(content_at, "content time")?;
    }
    for review in &card.reviews {
        let at = || Problem::at(format!("review of {}", brief(&review.reviewed_at)));
        stamp(&review.reviewed_at, "time").map_err(at())?;
        date(Some(review.review_day), "day").map_err(at())?;
        if review.duration_ms.is_some_and(|ms| ms > MAX_DURATION_MS) {
            return Err(at()(Problem::Duration));
        }
        progress(&review.before()).map_err(at())?;
        progress(&Progress {
            sm2: review.sm2_after(),
            due: review.due_after,
            ..Progress::default()
        })
        .map_err(at())?;
    }
    Ok(())
}

/// A schedule within the limits a grade keeps.
fn progress(p: &Progress) -> Result<(), Problem> {
    if !p.sm2.ease.is_finite() || p.sm2.ease < MIN_EASE - 1e-9 || p.sm2.ease > MAX_EASE {
        return Err(Problem::Ease(p.sm2.ease));
    }
    if p.sm2.interval > MAX_INTERVAL {
        return Err(Problem::Interval(p.sm2.interval));
    }
    if p.sm2.repetitions > MAX_COUNT || p.lapses > MAX_COUNT {
        return Err(Problem::Counts(p.sm2.repetitions, p.lapses));
    }
    for (day, what) in [
        (p.due, "due date"),
        (p.last_reviewed, "last review day"),
        (p.first_reviewed, "first review day"),
    ] {
        date(day, what)?;
    }
    Ok(())
}

/// A day between 1970 and 9999, as prepdeck writes them.
fn date(day: Option<NaiveDate>, what: &'static str) -> Result<(), Problem> {
    match day {
        Some(day) if day > LAST_DAY => Err(Problem::LateDay { what, day }),
        Some(day) if day.year() < 1970 => Err(Problem::EarlyDay { what, day }),
        _ => Ok(()),
    }
}

/// An RFC 3339 time of a sane length, between 1970 and 9999.
fn stamp(text: &str, what: &'static str) -> Result<(), Problem> {
    let fine = text.chars().count() <= MAX_TIME_CHARS
        && DateTime::parse_from_rfc3339(text)
            .is_ok_and(|at| at.date_naive() <= LAST_DAY && at.date_naive().year() >= 1970);
    if fine {
        Ok(())
    } else {
        Err(Problem::Time {
            what,
            text: brief(text),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::format::BackupDeck;

    fn backup() -> Backup {
        Backup {
            format: crate::backup::BACKUP_FORMAT.to_string(),
            version: BACKUP_VERSION,
            exported_at: "2026-03-01T09:00:00+00:00".to_string(),
            decks: vec![BackupDeck {
                guid: Some("d1".to_string()),
                name: "Acme".to_string(),
                interview: None,
                created_at: "2026-03-01T09:00:00+00:00".to_string(),
                cards: Vec::new(),
                mock_runs: Vec::new(),
                scheduler: None,
                documents: Vec::new(),
            }],
            stories: Vec::new(),
            settings: ChosenSettings::default(),
            machine: Some("m1".to_string()),
            versions: Vec::new(),
            aliases: Vec::new(),
        }
    }

    fn version(field: &str, value: serde_json::Value, machine: &str) -> BackupVersion {
        BackupVersion {
            subject: "deck".to_string(),
            key: "d1".to_string(),
            field: field.to_string(),
            value,
            changed_at: "2026-03-01T08:00:00.000Z".to_string(),
            machine: machine.to_string(),
        }
    }

    #[test]
    fn a_clean_backup_checks_and_its_versions_are_read() {
        let mut clean = backup();
        clean.versions = vec![
            version("interview", "2026-03-20".into(), "m1"),
            version("interview", serde_json::Value::Null, "m2"),
        ];
        let checked = check(&clean, "0123456789abcdef").unwrap();
        assert_eq!(checked.machine, "m1");
        assert_eq!(checked.versions.len(), 2);
        assert_eq!(checked.versions[0].value.as_deref(), Some("\"2026-03-20\""));
        assert_eq!(checked.versions[1].value, None);
        let mut old = backup();
        old.machine = None;
        assert_eq!(check(&old, "0123456789abcdef").unwrap().machine, "backup-0123456789ab");
    }

    #[test]
    fn impossible_values_are_named_and_refuse_the_whole_file() {
        let refused = |edit: &dyn Fn(&mut Backup)| {
            let mut b = backup();
            edit(&mut b);
            check(&b, "0").unwrap_err().to_string()
        };
        let long = refused(&|b| b.exported_at = "9".repeat(10 * 1024 * 1024));
        assert!(long.starts_with("export time \"9999") && long.len() < 100, "{long}");
        let escaped = refused(&|b| b.exported_at = "\u{1b}[2J2026-03-01T09:00:00+00:00".to_string());
        assert!(!escaped.contains('\u{1b}'), "{escaped}");
        assert_eq!(
            refused(&|b| b.settings.fsrs_parameters = vec![1e30; 21]),
            "its FSRS parameters are not usable (w0 is 1e30, outside FSRS-6's 0.001 to 100)"
        );
        assert_eq!(
            refused(&|b| b.decks[0].interview = NaiveDate::from_ymd_opt(1960, 1, 1)),
            "deck \"Acme\": interview date 1960-01-01 is before 1970"
        );
        assert_eq!(
            refused(&|b| b.versions = vec![version("interview", "2026-03-20".into(), "Not A Machine")]),
            "a version of a deck \"interview\" names the machine \"Not A Machine\""
        );
        assert_eq!(
            refused(&|b| b.versions = vec![version("daily_minutes", 5000.into(), "m1")]),
            "the daily_minutes of a deck is out of range: 5000 minutes a day is not between 1 and 1440"
        );
        assert_eq!(
            refused(&|b| b.versions = vec![version("answer", "x".into(), "m1")]),
            "a deck has no value \"answer\""
        );
        assert_eq!(
            refused(&|b| {
                b.versions = vec![version("interview", "2026-03-20".into(), "m1")];
                b.versions[0].changed_at = "2026-03-01T09:00:00+01:00".to_string();
            }),
            "a version of a deck \"interview\" has the time \"2026-03-01T09:00:00+01:00\", not a UTC time as prepdeck writes them"
        );
    }
}

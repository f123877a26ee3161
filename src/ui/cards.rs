//! Cards on screen: the `cards` list (a table, search results, the weakest), one card in
//! full as `show` prints it, today's queue as `due` lists it, and what a grade, an answer,
//! a suspension, a tag, an edit or a card added by hand did.

use chrono::NaiveDate;

use super::table::{Table, toned};
use super::{
    Style, Tone, agreeing, card_ids, count, join_wrapped, prefixed, relative_day, safe, safe_line, truncate, wrap,
};
use crate::domain::version::Version;
use crate::domain::{Card, CardId, Effect, Origin, State};
use crate::report::cards::{
    AnswerOutcome, AnswerWritten, CardAdded, CardEdited, CardList, CardShown, EmptyQueue, GradeRecorded, ListedAs,
    OutOfSessions, RatedCard, Suspension, TagList, Tagging, TodaysQueue,
};

/// `cards`: the list as its filter asked for it (a table, search results or the weakest),
/// or what an empty one means.
#[must_use]
pub fn card_list(list: &CardList, style: &Style) -> String {
    let cards: Vec<&Card> = list.cards.iter().map(|rated| &rated.card).collect();
    match &list.listed_as {
        ListedAs::Weakest { unseen } => weakest(&list.cards, *unseen, list.show_deck, list.today, style),
        _ if cards.is_empty() && list.unanswered => "Every question has an answer or a story.\n".to_string(),
        _ if cards.is_empty() => "No cards match.\n".to_string(),
        ListedAs::Search(terms) => super::search::results(&cards, terms, list.show_deck, list.today, style),
        ListedAs::Table => table(&cards, list.show_deck, list.today, style),
    }
}

/// Earlier versions listed under a card before the rest are counted.
const EARLIER_SHOWN: usize = 10;

/// The earlier versions of a card's answer, own front and own back (those that lost to a
/// later change, on this machine or another), newest first: what `show` lists under the
/// card. `versions` are all of them, newest first; each field's first is its value now.
#[must_use]
fn earlier_versions(versions: &[Version], style: &Style) -> String {
    let width = style.width.saturating_sub(4).max(20);
    let mut seen = std::collections::HashSet::new();
    let earlier: Vec<&Version> = versions.iter().filter(|v| !seen.insert(v.register.field)).collect();
    if earlier.is_empty() {
        return String::new();
    }
    let mut out = style.paint("earlier versions", Tone::Dim);
    out.push('\n');
    for version in earlier.iter().take(EARLIER_SHOWN) {
        let at = version.changed_at.at().format("%Y-%m-%d %H:%M UTC");
        let text = version
            .value
            .as_deref()
            .and_then(|json| serde_json::from_str::<String>(json).ok());
        let what = match &text {
            Some(_) => version.register.field.as_str().to_string(),
            None => format!("{} cleared", version.register.field.as_str()),
        };
        let machine = &version.machine[..version.machine.len().min(8)];
        out.push_str(&format!(
            "  {}\n",
            style.paint(&format!("{what} · {at} · machine {machine}"), Tone::Dim)
        ));
        if let Some(text) = text {
            out.push_str(&prefixed(wrap(&safe(&text), width), "    "));
        }
    }
    if earlier.len() > EARLIER_SHOWN {
        out.push_str(&format!("  and {} more\n", earlier.len() - EARLIER_SHOWN));
    }
    out
}

/// Cards as a table: id, deck (when several), kind, state, due, and the front.
#[must_use]
fn table(cards: &[&Card], show_deck: bool, today: NaiveDate, style: &Style) -> String {
    let mut headers = vec!["ID"];
    if show_deck {
        headers.push("DECK");
    }
    headers.extend(["KIND", "STATE", "DUE", "ITEM"]);
    let front_column = headers.len() - 1;
    let mut table = Table::new(&headers).right(0).flex(front_column);
    for card in cards {
        let mut row = vec![card.id.to_string().into()];
        if show_deck {
            row.push(truncate(&safe_line(&card.deck), 20).into());
        }
        let state = card.state();
        let state_tone = match state {
            State::New => Tone::Accent,
            State::Learning => Tone::Warn,
            State::Review => Tone::Good,
            State::Suspended | State::Retired => Tone::Dim,
        };
        let due = match card.progress.due {
            Some(day) if day <= today => toned(day.to_string(), Tone::Warn),
            Some(day) => day.to_string().into(),
            None => "-".into(),
        };
        row.extend([
            card.kind.as_str().into(),
            toned(state.as_str(), state_tone),
            due,
            safe(card.item()).into_owned().into(),
        ]);
        table.row(row);
    }
    table.render(style)
}

/// The weakest cards: id, deck (when several), kind, recall on the readiness day, due, and
/// the item; then how many cards were never seen (they count as forgotten).
fn weakest(cards: &[RatedCard], unseen: usize, show_deck: bool, today: NaiveDate, style: &Style) -> String {
    let mut out = String::new();
    if cards.is_empty() {
        out.push_str("No card has been reviewed yet.\n");
    } else {
        let days: Vec<NaiveDate> = cards.iter().map(|w| w.day).collect();
        let day = days[0];
        let when = if days.iter().all(|d| *d == day) {
            if day == today {
                "today".to_string()
            } else {
                format!("on {}", day.format("%a %-d %b"))
            }
        } else {
            "on each deck's interview day".to_string()
        };
        out.push_str(&format!("Least likely to be recalled {when}, weakest first:\n"));
        let mut headers = vec!["ID"];
        if show_deck {
            headers.push("DECK");
        }
        headers.extend(["KIND", "RECALL", "LAPSES", "DUE", "ITEM"]);
        let front_column = headers.len() - 1;
        let mut table = Table::new(&headers)
            .right(0)
            .right(front_column - 3)
            .right(front_column - 2)
            .flex(front_column);
        for weak in cards {
            let card = &weak.card;
            let mut row = vec![card.id.to_string().into()];
            if show_deck {
                row.push(truncate(&safe(&card.deck), 20).into());
            }
            let tone = if weak.recall < 0.8 {
                Tone::Bad
            } else if weak.recall < 0.9 {
                Tone::Warn
            } else {
                Tone::Good
            };
            row.extend([
                card.kind.as_str().into(),
                toned(format!("{:.0}%", weak.recall * 100.0), tone),
                card.progress.lapses.to_string().into(),
                card.progress
                    .due
                    .map_or_else(|| "-".to_string(), |d| d.to_string())
                    .into(),
                safe(card.item()).into_owned().into(),
            ]);
            table.row(row);
        }
        out.push_str(&table.render(style));
    }
    if unseen > 0 {
        out.push_str(&style.paint(
            &format!(
                "{} not yet seen {} as forgotten: `prepdeck review` introduces them.\n",
                count(unseen, "card"),
                agreeing(unseen, "counts", "count")
            ),
            Tone::Dim,
        ));
    }
    out
}

/// `show`: one card in full (front, back, notes, context, schedule and history), then the
/// similar questions elsewhere.
#[must_use]
pub fn shown(shown: &CardShown, style: &Style) -> String {
    let mut out = full(&shown.card, style);
    out.push_str(&history(shown, style));
    out.push_str(&earlier_versions(&shown.earlier, style));
    out.push_str(&super::stories::similar(
        "similar questions elsewhere",
        &shown.similar,
        style,
    ));
    out
}

/// One card: heading, front and back (and the document's, where the user wrote their own),
/// notes, context and schedule.
fn full(card: &Card, style: &Style) -> String {
    let width = style.width.saturating_sub(4).max(20);
    let block = |label: &str, text: &str| {
        format!(
            "{}\n{}",
            style.paint(label, Tone::Dim),
            prefixed(wrap(&safe(text), width), "  ")
        )
    };
    let mut out = heading(card, style);
    out.push_str(&texts(card, style));
    if !card.kind.back_is_answer() && !card.answer.is_empty() {
        out.push_str(&block("your notes", &card.answer));
    }
    if !card.context.is_empty() {
        out.push_str(&block("from the document", &card.context));
    }
    out.push_str(&schedule(card, style));
    out
}

/// `card #12 · Acme · question · section · edited`, then its tags.
fn heading(card: &Card, style: &Style) -> String {
    let mut heading = format!(
        "{} · {} · {}",
        style.paint(&format!("card #{}", card.id), Tone::Bold),
        safe_line(&card.deck),
        card.kind,
    );
    if !card.section.trim().is_empty() {
        heading.push_str(&format!(" · {}", safe(&card.section)));
    }
    if card.by_hand {
        heading.push_str(" · added by hand");
    } else if card.is_edited() {
        heading.push_str(&format!(" · {}", style.paint("edited", Tone::Accent)));
    }
    let mut out = prefixed(wrap(&heading, style.width), "");
    if !card.tags.is_empty() {
        let tags: Vec<String> = card.tags.iter().map(|t| safe_line(t).into_owned()).collect();
        out.push_str(&format!("{} {}\n", style.paint("tags", Tone::Dim), tags.join(" · ")));
    }
    out
}

/// The front and back as the card shows them (marked where they are the user's own), and
/// where they are, what the document says, which `edit --revert` returns to.
fn texts(card: &Card, style: &Style) -> String {
    let width = style.width.saturating_sub(4).max(20);
    let card_block = |text: &str| -> String { prefixed(super::rich(&safe(text), width), "  ") };
    let yours = |own: &Option<String>, what: &str| {
        let label = if own.is_some() {
            format!("{what} (yours)")
        } else {
            what.to_string()
        };
        style.paint(&label, Tone::Dim)
    };
    let mut out = format!("{}\n{}", yours(&card.own.front, "front"), card_block(&card.front()));
    let back = card.back();
    out.push_str(&format!(
        "{}\n{}",
        yours(&card.own.back, "back"),
        if back.is_empty() {
            format!("  (no prepared answer yet: prepdeck answer {})\n", card.id)
        } else {
            card_block(&back)
        }
    ));
    if card.is_edited() {
        let document = card.text();
        for (own, what, text) in [
            (&card.own.front, "front", &document.front),
            (&card.own.back, "back", &document.back),
        ] {
            if own.is_some() {
                let text = if text.trim().is_empty() {
                    "(none)"
                } else {
                    text.as_str()
                };
                let label = format!(
                    "the document's {what} (prepdeck edit {} --revert returns to it)",
                    card.id
                );
                out.push_str(&format!(
                    "{}\n{}",
                    style.paint(&label, Tone::Dim),
                    prefixed(wrap(&safe(text), width), "  ")
                ));
            }
        }
    }
    out
}

/// The card's state and schedule, and FSRS's model of its memory.
fn schedule(card: &Card, style: &Style) -> String {
    let width = style.width.saturating_sub(4).max(20);
    let interval = count(card.progress.shown_interval(), "day");
    let repetitions = count(card.progress.sm2.repetitions, "repetition");
    let lapses = count(card.progress.lapses, "lapse");
    let due = format!("due {}", card.progress.due.map_or("-".to_string(), |d| d.to_string()));
    let ease = format!("ease {:.2}", card.progress.sm2.ease);
    let schedule = [
        card.state().as_str(),
        &due,
        &format!("interval {interval}"),
        &ease,
        &repetitions,
        &lapses,
    ];
    let mut out = format!(
        "{}\n{}",
        style.paint(&format!("schedule ({})", card.scheduler.label()), Tone::Dim),
        prefixed(join_wrapped(&schedule, width), "  ")
    );
    if let Some(memory) = card.progress.memory {
        out.push_str(&format!(
            "  FSRS memory: stability {:.1} d · difficulty {:.1} · last seen {}\n",
            memory.stability, memory.difficulty, memory.day
        ));
    }
    out
}

/// The card's logged grades, oldest first: day, grade, practice, and where given.
fn history(shown: &CardShown, style: &Style) -> String {
    if shown.history.is_empty() {
        return String::new();
    }
    let line: Vec<String> = shown
        .history
        .iter()
        .map(|entry| {
            format!(
                "{} {}{}{}",
                entry.day,
                entry.grade,
                if entry.effect == Effect::Review {
                    ""
                } else {
                    " (practice)"
                },
                if entry.origin == Origin::Review {
                    String::new()
                } else {
                    format!(" [{}]", entry.origin)
                }
            )
        })
        .collect();
    format!("{}\n{}", style.paint("history", Tone::Dim), prefixed(&line, "  "))
}

/// `due`: today's queue as a table, or why it is empty.
#[must_use]
pub fn todays_queue(queue: &TodaysQueue, style: &Style) -> String {
    if let Some(empty) = queue.empty.filter(|_| queue.cards.is_empty()) {
        return empty_queue(empty, queue.today);
    }
    let today = queue.today;
    let new = queue.new_cards();
    let mut out = format!(
        "{} to review today: {} due, {new} new\n",
        count(queue.cards.len(), "card"),
        queue.cards.len() - new
    );
    let mut table = Table::new(&["#", "ID", "DECK", "KIND", "DUE", "ITEM"])
        .right(0)
        .right(1)
        .flex(5);
    for (i, card) in queue.cards.iter().enumerate() {
        table.row(vec![
            (i + 1).to_string().into(),
            card.id.to_string().into(),
            truncate(&safe_line(&card.deck), 20).into(),
            card.kind.as_str().into(),
            match card.progress.due {
                None => "new".to_string(),
                // Brought forward: its final review before the interview, early.
                Some(d) if d > today => format!("early ({})", relative_day(d, today)),
                Some(d) => relative_day(d, today),
            }
            .into(),
            safe(card.item()).into_owned().into(),
        ]);
    }
    out.push_str(&table.render(style));
    out
}

/// What an empty queue means: the cards `--limit 0` hides, or when the next card is due.
#[must_use]
pub fn empty_queue(empty: EmptyQueue, today: NaiveDate) -> String {
    match empty {
        EmptyQueue::LimitHidesAll { waiting, new } => format!(
            "{} {} today ({} due, {new} new), but --limit 0 shows none of them.\n",
            count(waiting, "card"),
            agreeing(waiting, "waits", "wait"),
            waiting - new,
        ),
        EmptyQueue::NextDue(day) => format!(
            "Nothing to review now. The next card is due {} ({day}).\n",
            relative_day(day, today)
        ),
        EmptyQueue::NothingScheduled => {
            "Nothing to review now, and nothing scheduled. Import a profile or drill a deck.\n".to_string()
        }
    }
}

/// `grade`: the grade given and the card's schedule now (or why no session shows it).
#[must_use]
pub fn grade_recorded(graded: &GradeRecorded) -> String {
    let id = graded.id;
    let due = graded.due.map_or_else(
        || "-".to_string(),
        |d| format!("{d} ({})", relative_day(d, graded.today)),
    );
    let schedule = match (graded.scheduler, graded.stability) {
        (crate::domain::Scheduler::Fsrs, Some(stability)) => format!("FSRS stability {stability:.1} d"),
        _ => format!("interval {} d · ease {:.2}", graded.interval, graded.ease),
    };
    let grade = graded.grade;
    match graded.out_of_sessions {
        Some(OutOfSessions::Retired) => format!(
            "card #{id} graded {grade}: {schedule}\nit is retired (gone from its document), so no session shows it\n"
        ),
        Some(OutOfSessions::Suspended) => format!(
            "card #{id} graded {grade}: {schedule}\nit stays suspended: `prepdeck unsuspend {id}` brings it back\n"
        ),
        None => format!("card #{id} graded {grade}: next due {due} · {schedule}\n"),
    }
}

/// `answer`: what became of the answer, and the questions elsewhere it could serve.
#[must_use]
pub fn answer_written(written: &AnswerWritten, style: &Style) -> String {
    let id = written.id;
    let what = match written.outcome {
        AnswerOutcome::Unchanged => return format!("answer to card #{id} unchanged\n"),
        AnswerOutcome::SavedAboveAnother => "saved; the answer written elsewhere meanwhile is kept below it",
        AnswerOutcome::Cleared => "cleared",
        AnswerOutcome::Saved => "saved",
    };
    let mut out = format!("answer to card #{id} {what}\n");
    if let Some(similar) = &written.similar {
        out.push_str(&super::stories::similar(
            "similar questions elsewhere (make this answer a story to share it: prepdeck story new NAME)",
            similar,
            style,
        ));
    }
    out
}

/// `suspend`/`unsuspend`: the cards changed, those already so, and the retired ones.
#[must_use]
pub fn suspension(said: &Suspension) -> String {
    let mut out = String::new();
    if !said.changed.is_empty() {
        let verb = if said.suspending { "suspended" } else { "unsuspended" };
        out.push_str(&format!("{verb} {}\n", card_ids(&said.changed)));
    }
    if !said.unchanged.is_empty() {
        let verb = agreeing(said.unchanged.len(), "was", "were");
        let state = if said.suspending {
            "already suspended"
        } else {
            "not suspended"
        };
        out.push_str(&format!("{} {verb} {state}\n", card_ids(&said.unchanged)));
    }
    if !said.retired.is_empty() {
        out.push_str(&format!(
            "{} {} retired (the item is gone from its document): hidden until a re-import finds it again\n",
            card_ids(&said.retired),
            agreeing(said.retired.len(), "is", "are")
        ));
    }
    out
}

/// `tag`/`untag`: how many cards took the tag on or off.
#[must_use]
pub fn tagging(tagging: &Tagging) -> String {
    let tag = safe_line(&tagging.tag);
    let mut out = if tagging.adding {
        format!("tagged {} with {tag}", count(tagging.changed, "card"))
    } else {
        format!("took {tag} off {}", count(tagging.changed, "card"))
    };
    if tagging.unchanged > 0 {
        let had = if tagging.adding {
            "had it already"
        } else {
            "did not have it"
        };
        out.push_str(&format!(" ({} {had})", count(tagging.unchanged, "other")));
    }
    out.push('\n');
    out
}

/// `tags`: each tag with its active and total cards.
#[must_use]
pub fn tag_list(list: &TagList, style: &Style) -> String {
    if list.tags.is_empty() {
        return "No tags yet. Tag cards with: prepdeck tag TAG CARD...\n".to_string();
    }
    let mut table = Table::new(&["TAG", "CARDS", "ALL"]).right(1).right(2).flex(0);
    for t in &list.tags {
        table.row(vec![
            safe_line(&t.tag).into_owned().into(),
            t.cards.to_string().into(),
            t.all.to_string().into(),
        ]);
    }
    table.render(style)
}

/// `add`: the card added, where, and its front cut to the width.
#[must_use]
pub fn card_added(added: &CardAdded, style: &Style) -> String {
    let card = &added.card;
    let made = if added.deck_created { " (a new deck)" } else { "" };
    let lead = format!(
        "added card #{} to {}{made}: {} · ",
        card.id,
        safe_line(&card.deck),
        card.kind
    );
    let room = style.width.saturating_sub(super::width(&lead)).max(20);
    format!("{lead}{}\n", truncate(&safe_line(&card.front()), room))
}

/// `edit`: what became of card `id`'s texts.
#[must_use]
pub fn card_edited(id: CardId, edited: CardEdited) -> String {
    match edited {
        CardEdited::Unchanged => format!("card #{id} unchanged\n"),
        CardEdited::HandCard => format!("card #{id} edited; its schedule and history stay as they were\n"),
        CardEdited::OwnWords => format!(
            "card #{id} edited; its schedule and history stay, and re-importing keeps your words\n\
             (`prepdeck edit {id} --revert` returns to the document's text)\n"
        ),
        CardEdited::DocumentText => format!("card #{id} shows its document's front and back again\n"),
    }
}

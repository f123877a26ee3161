//! The order cards are shown in: today's queue (due cards, then each deck's new cards
//! within its quota for today) and the drill order (weakest first).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::deadline::{interview_is_imminent, new_card_quota};
use super::fsrs::Model;
use super::grade::Rules;
use crate::domain::{Card, CardId, DeckId, Kind, NewCardUsage};

/// New cards a deck introduces per day unless `--new` says otherwise.
pub const DEFAULT_NEW_PER_DAY: usize = 10;

/// A card failed in a session comes back after this many other cards (or at the end).
pub const REPEAT_GAP: usize = 3;

/// Cards a session shows at most unless `--limit` says otherwise (Anki's daily review
/// limit): a backlog is worked off over days, not in one sitting.
pub const DEFAULT_LIMIT: usize = 200;

/// A card as queue ordering sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub id: CardId,
    pub deck: DeckId,
    pub kind: Kind,
    /// `None` for a new card.
    pub due: Option<NaiveDate>,
    pub position: i64,
    /// The deck's interview, while it is ahead.
    pub interview: Option<NaiveDate>,
    /// The deck's interview is today or tomorrow: the session limit never hides the card.
    pub imminent: bool,
}

impl Candidate {
    #[must_use]
    pub fn of(card: &Card, today: NaiveDate) -> Candidate {
        Candidate {
            id: card.id,
            deck: card.deck_id,
            kind: card.kind,
            due: card.progress.due,
            position: card.position,
            interview: card.interview.filter(|d| *d >= today),
            imminent: interview_is_imminent(card.interview, today),
        }
    }
}

/// How many new cards each deck may still introduce today: its quota (at least
/// `per_day`, more when the interview needs it) less the cards it introduced already,
/// never more than the session's `limit` unless the deck's interview is today or
/// tomorrow. Decks with nothing left are absent.
#[must_use]
pub fn new_card_allowances(
    usage: &[NewCardUsage],
    per_day: usize,
    today: NaiveDate,
    limit: usize,
) -> HashMap<DeckId, usize> {
    usage
        .iter()
        .filter(|u| u.has_new)
        .filter_map(|u| {
            let quota = new_card_quota(per_day, u.unseen_at_start_of_day, today, u.interview);
            let room = if interview_is_imminent(u.interview, today) {
                usize::MAX
            } else {
                limit
            };
            let left = quota.saturating_sub(u.introduced_today).min(room);
            (left > 0).then_some((u.deck, left))
        })
        .collect()
}

/// The decks with new cards to introduce today, in the order [`daily`] takes their new
/// cards (nearest interview ahead first, then by deck), each with its allowance and
/// whether its interview is today or tomorrow (the session limit never hides its cards).
#[must_use]
pub fn new_card_decks(
    usage: &[NewCardUsage],
    allowance: &HashMap<DeckId, usize>,
    today: NaiveDate,
) -> Vec<(DeckId, usize, bool)> {
    let mut decks: Vec<(&NewCardUsage, usize)> = usage
        .iter()
        .filter_map(|u| allowance.get(&u.deck).map(|&left| (u, left)))
        .collect();
    decks.sort_by_key(|(u, _)| (interview_rank(u.interview.filter(|d| *d >= today)), u.deck));
    decks
        .into_iter()
        .map(|(u, left)| (u.deck, left, interview_is_imminent(u.interview, today)))
        .collect()
}

/// A card seen before that its deck's planned day holds ([`super::deadline::plan_day`]):
/// in the queue as due today when its final review is brought forward.
#[must_use]
pub fn planned(card: &Card, today: NaiveDate) -> Candidate {
    Candidate {
        due: Some(card.progress.due.map_or(today, |d| d.min(today))),
        ..Candidate::of(card, today)
    }
}

/// Interview dates sort nearest first, decks without one last.
fn interview_rank(interview: Option<NaiveDate>) -> (bool, NaiveDate) {
    (interview.is_none(), interview.unwrap_or(NaiveDate::MAX))
}

/// Today's queue: due cards (nearest interview first, as SPEC's daily practice asks, then
/// most overdue), then new cards
/// deck by deck (nearest interview first) within each deck's allowance for today, cut to
/// `limit` cards — except the cards of a deck whose interview is today or tomorrow, which
/// the limit never hides. A deck's new cards take turns by kind — its first question,
/// first talking point, first question to ask, …, then its second of each — so that a
/// document listing its talking points first still brings questions on the first day.
#[must_use]
pub fn daily(
    mut due: Vec<Candidate>,
    mut new: Vec<Candidate>,
    new_allowance: &HashMap<DeckId, usize>,
    limit: usize,
) -> Vec<CardId> {
    due.sort_by_key(|c| (interview_rank(c.interview), c.due, c.deck, c.position, c.id));
    new.sort_by_key(|c| (interview_rank(c.interview), c.deck, c.position, c.id));
    let mut turns: HashMap<(DeckId, Kind), usize> = HashMap::new();
    let mut new: Vec<(usize, Candidate)> = new
        .into_iter()
        .map(|c| {
            let turn = turns.entry((c.deck, c.kind)).or_default();
            *turn += 1;
            (*turn, c)
        })
        .collect();
    new.sort_by_key(|(turn, c)| (interview_rank(c.interview), c.deck, *turn, c.kind, c.position, c.id));
    let mut taken: HashMap<DeckId, usize> = HashMap::new();
    let new_today = new.into_iter().map(|(_, c)| c).filter(|c| {
        let allowed = new_allowance.get(&c.deck).copied().unwrap_or(0);
        let count = taken.entry(c.deck).or_default();
        *count += 1;
        *count <= allowed
    });
    due.into_iter()
        .chain(new_today)
        .enumerate()
        .filter(|(place, c)| *place < limit || c.imminent)
        .map(|(_, c)| c.id)
        .collect()
}

/// A card as the drill order sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DrillCandidate {
    pub id: CardId,
    pub never_seen: bool,
    /// Recall estimate today, 0–1.
    pub recall: f64,
    pub lapses: u32,
    pub position: i64,
}

impl DrillCandidate {
    /// A card as the drill order sees it, its recall estimated by its deck's scheduler.
    #[must_use]
    pub fn of(card: &Card, today: NaiveDate, model: &Model) -> DrillCandidate {
        DrillCandidate {
            id: card.id,
            never_seen: card.is_new(),
            recall: Rules::of(card, model).recall_estimate(&card.progress, today),
            lapses: card.progress.lapses,
            position: card.position,
        }
    }
}

/// Weakest first: never seen, then lowest recall estimate, then most lapses.
#[must_use]
pub fn drill(mut cards: Vec<DrillCandidate>) -> Vec<CardId> {
    cards.sort_by(|a, b| {
        b.never_seen
            .cmp(&a.never_seen)
            .then(a.recall.total_cmp(&b.recall))
            .then(b.lapses.cmp(&a.lapses))
            .then(a.position.cmp(&b.position))
            .then(a.id.cmp(&b.id))
    });
    cards.into_iter().map(|c| c.id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::day;

    fn cand(id: i64, deck: i64, due: Option<&str>, interview: Option<&str>) -> Candidate {
        Candidate {
            id: CardId(id),
            deck: DeckId(deck),
            kind: Kind::Question,
            due: due.map(day),
            position: id,
            interview: interview.map(day),
            imminent: false,
        }
    }

    fn ids(list: &[i64]) -> Vec<CardId> {
        list.iter().copied().map(CardId).collect()
    }

    #[test]
    fn nearest_interview_first_then_most_overdue_then_new_within_allowance() {
        let due = vec![
            cand(1, 1, Some("2026-03-01"), None),
            cand(2, 2, Some("2026-02-20"), None),
            cand(3, 2, Some("2026-03-01"), Some("2026-03-05")),
        ];
        let new = vec![
            cand(4, 1, None, None),
            cand(5, 1, None, None),
            cand(6, 2, None, Some("2026-03-05")),
        ];
        let allowance = HashMap::from([(DeckId(1), 1), (DeckId(2), 5)]);
        assert_eq!(
            daily(due.clone(), new.clone(), &allowance, usize::MAX),
            ids(&[3, 2, 1, 6, 4])
        );
        assert_eq!(
            daily(due, new, &allowance, 2),
            ids(&[3, 2]),
            "an interview's due card is not hidden behind older cards of decks without one"
        );
    }

    #[test]
    fn new_cards_take_turns_by_kind_questions_first() {
        // Document order: three talking points, two questions, an ask.
        let kinds = [
            Kind::TalkingPoint,
            Kind::TalkingPoint,
            Kind::TalkingPoint,
            Kind::Question,
            Kind::Question,
            Kind::Ask,
        ];
        let new: Vec<Candidate> = kinds
            .iter()
            .enumerate()
            .map(|(i, kind)| Candidate {
                kind: *kind,
                ..cand(i as i64 + 1, 1, None, None)
            })
            .collect();
        let allowance = HashMap::from([(DeckId(1), 4)]);
        assert_eq!(daily(vec![], new.clone(), &allowance, usize::MAX), ids(&[4, 1, 6, 5]));
        let all = HashMap::from([(DeckId(1), 6)]);
        assert_eq!(daily(vec![], new, &all, usize::MAX), ids(&[4, 1, 6, 5, 2, 3]));
    }

    #[test]
    fn the_limit_never_hides_a_card_of_an_imminent_interview() {
        let mut due: Vec<Candidate> = (1..=4).map(|id| cand(id, 1, Some("2026-03-01"), None)).collect();
        due.extend((5..=7).map(|id| Candidate {
            imminent: true,
            ..cand(id, 2, Some("2026-03-02"), Some("2026-03-03"))
        }));
        let new = vec![Candidate {
            imminent: true,
            ..cand(8, 2, None, Some("2026-03-03"))
        }];
        let allowance = HashMap::from([(DeckId(2), 1)]);
        assert_eq!(daily(due, new, &allowance, 2), ids(&[5, 6, 7, 8]));
    }

    #[test]
    fn allowances_are_the_quota_left_today_within_the_limit() {
        let today = day("2026-03-01");
        let usage = |deck, introduced_today, unseen, interview: Option<&str>| NewCardUsage {
            deck: DeckId(deck),
            interview: interview.map(day),
            introduced_today,
            unseen_at_start_of_day: unseen,
            has_new: true,
        };
        let allowances = new_card_allowances(
            &[
                usage(1, 4, 30, None),
                usage(2, 0, 100, Some("2026-03-06")),
                usage(3, 10, 30, None),
            ],
            10,
            today,
            20,
        );
        assert_eq!(allowances.get(&DeckId(1)), Some(&6));
        assert_eq!(
            allowances.get(&DeckId(2)),
            Some(&20),
            "25 due to the interview, cut to the limit"
        );
        assert_eq!(allowances.get(&DeckId(3)), None, "the day's quota is used up");
        let near = new_card_allowances(
            &[
                usage(1, 0, 300, Some("2026-03-02")),
                usage(2, 0, 300, Some("2026-03-01")),
            ],
            10,
            today,
            20,
        );
        assert_eq!(near.get(&DeckId(1)), Some(&300), "interview tomorrow: no limit");
        assert_eq!(near.get(&DeckId(2)), Some(&300), "interview today: every unseen card");
    }

    #[test]
    fn drill_puts_the_weakest_first() {
        let c = |id, never_seen, recall, lapses| DrillCandidate {
            id: CardId(id),
            never_seen,
            recall,
            lapses,
            position: id,
        };
        let order = drill(vec![
            c(1, false, 0.9, 0),
            c(2, false, 0.5, 0),
            c(3, true, 0.0, 0),
            c(4, false, 0.5, 3),
        ]);
        assert_eq!(order, ids(&[3, 4, 2, 1]));
    }
}

//! The order cards are shown in: the daily queue (due cards, then the day's new cards) and
//! the drill order (weakest first).

use std::collections::HashMap;

use chrono::NaiveDate;

/// A card as queue ordering sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub id: i64,
    pub deck: i64,
    /// `None` for a new card.
    pub due: Option<NaiveDate>,
    pub position: i64,
    pub interview: Option<NaiveDate>,
}

/// Interview dates sort nearest first, decks without one last.
fn interview_rank(interview: Option<NaiveDate>) -> (bool, NaiveDate) {
    (interview.is_none(), interview.unwrap_or(NaiveDate::MAX))
}

/// Today's queue: due cards (most overdue first, then nearest interview), then new cards
/// deck by deck (nearest interview first) within each deck's allowance for today, cut to
/// `limit` cards.
#[must_use]
pub fn daily(
    mut due: Vec<Candidate>,
    mut new: Vec<Candidate>,
    new_allowance: &HashMap<i64, usize>,
    limit: Option<usize>,
) -> Vec<i64> {
    due.sort_by_key(|c| (c.due, interview_rank(c.interview), c.deck, c.position, c.id));
    new.sort_by_key(|c| (interview_rank(c.interview), c.deck, c.position, c.id));
    let mut taken: HashMap<i64, usize> = HashMap::new();
    let new_today = new.into_iter().filter(|c| {
        let allowed = new_allowance.get(&c.deck).copied().unwrap_or(0);
        let count = taken.entry(c.deck).or_default();
        *count += 1;
        *count <= allowed
    });
    due.into_iter()
        .chain(new_today)
        .map(|c| c.id)
        .take(limit.unwrap_or(usize::MAX))
        .collect()
}

/// A card as the drill order sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DrillCandidate {
    pub id: i64,
    pub never_seen: bool,
    /// Recall estimate today, 0–1.
    pub recall: f64,
    pub lapses: u32,
    pub position: i64,
}

/// Weakest first: never seen, then lowest recall estimate, then most lapses.
#[must_use]
pub fn drill(mut cards: Vec<DrillCandidate>) -> Vec<i64> {
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

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cand(id: i64, deck: i64, due: Option<&str>, interview: Option<&str>) -> Candidate {
        Candidate {
            id,
            deck,
            due: due.map(day),
            position: id,
            interview: interview.map(day),
        }
    }

    #[test]
    fn overdue_first_then_nearest_interview_then_new_within_allowance() {
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
        let allowance = HashMap::from([(1, 1), (2, 5)]);
        assert_eq!(daily(due.clone(), new.clone(), &allowance, None), vec![2, 3, 1, 6, 4]);
        assert_eq!(daily(due, new, &allowance, Some(2)), vec![2, 3]);
    }

    #[test]
    fn drill_puts_the_weakest_first() {
        let c = |id, never_seen, recall, lapses| DrillCandidate {
            id,
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
        assert_eq!(order, vec![3, 4, 2, 1]);
    }
}

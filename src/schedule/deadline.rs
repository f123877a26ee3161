//! The interview date as part of the schedule: due dates pulled before the interview, and
//! the new-card pace that shows every card by the day before it.

use chrono::NaiveDate;

use super::sm2::add_days;

/// While `today` is before the interview, a card is never due past the midpoint of the
/// days left: `min(sm2_due, today + max(1, ⌊(interview − today) / 2⌋))`. From the
/// interview day on, plain SM-2 applies.
#[must_use]
pub fn pull_forward(sm2_due: NaiveDate, today: NaiveDate, interview: Option<NaiveDate>) -> NaiveDate {
    let Some(interview) = interview else {
        return sm2_due;
    };
    let days_left = (interview - today).num_days();
    if days_left <= 0 {
        return sm2_due;
    }
    let latest = add_days(today, (days_left / 2).max(1) as u32);
    sm2_due.min(latest)
}

/// How many new cards a deck introduces today: at least `per_day`, and with an interview
/// ahead at least `⌈unseen / max(1, days_left − 1)⌉`, where `unseen` is counted at the
/// start of the day (cards first reviewed today still count).
#[must_use]
pub fn new_card_quota(
    per_day: usize,
    unseen_at_start_of_day: usize,
    today: NaiveDate,
    interview: Option<NaiveDate>,
) -> usize {
    match interview {
        Some(interview) if interview > today => {
            let days_left = (interview - today).num_days();
            let spread_over = (days_left - 1).max(1) as usize;
            per_day.max(unseen_at_start_of_day.div_ceil(spread_over))
        }
        _ => per_day,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn due_dates_land_at_most_halfway_to_the_interview() {
        let today = day("2026-03-01");
        let interview = Some(day("2026-03-11"));
        assert_eq!(pull_forward(day("2026-03-20"), today, interview), day("2026-03-06"));
        assert_eq!(pull_forward(day("2026-03-03"), today, interview), day("2026-03-03"));
        // One day left: the card is due tomorrow, the interview day.
        assert_eq!(
            pull_forward(day("2026-03-20"), today, Some(day("2026-03-02"))),
            day("2026-03-02")
        );
        assert_eq!(
            pull_forward(day("2026-03-20"), today, Some(day("2026-03-04"))),
            day("2026-03-02")
        );
    }

    #[test]
    fn from_the_interview_day_on_plain_sm2_applies() {
        let today = day("2026-03-11");
        assert_eq!(pull_forward(day("2026-04-01"), today, Some(today)), day("2026-04-01"));
        assert_eq!(
            pull_forward(day("2026-04-01"), today, Some(day("2026-03-01"))),
            day("2026-04-01")
        );
        assert_eq!(pull_forward(day("2026-04-01"), today, None), day("2026-04-01"));
    }

    #[test]
    fn pacing_spreads_unseen_cards_before_the_day_before() {
        let today = day("2026-03-01");
        assert_eq!(new_card_quota(10, 100, today, Some(day("2026-03-06"))), 25);
        assert_eq!(new_card_quota(10, 12, today, Some(day("2026-03-06"))), 10);
        assert_eq!(new_card_quota(10, 30, today, Some(day("2026-03-02"))), 30);
        assert_eq!(new_card_quota(3, 30, today, None), 3);
        assert_eq!(new_card_quota(3, 30, today, Some(today)), 3);
    }
}

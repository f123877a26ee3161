//! The interview date as part of the schedule: the final top-up that brings a card back
//! the day before the interview, and the new-card pace that shows every card in time.

use chrono::NaiveDate;

/// A card whose recall estimate for the interview day is below this is brought back the
/// day before the interview.
pub const TOP_UP_BELOW: f64 = 0.99;

/// The last day before the interview (F = D − 1), when there is one.
#[must_use]
pub fn final_day(interview: NaiveDate) -> Option<NaiveDate> {
    interview.pred_opt()
}

/// The final top-up (SPEC "Interview deadline"). After a schedule-setting review on
/// `today` that leaves the next review on `next_due`: if the last day before the interview
/// falls strictly between the two and `recall_on(interview)`, the card's recall estimate
/// for the interview day, is below [`TOP_UP_BELOW`], the card is due on that last day
/// instead. Nothing else is pulled forward: a review on the last day itself, or from the
/// interview day on, keeps `next_due`.
#[must_use]
pub fn final_top_up(
    next_due: NaiveDate,
    today: NaiveDate,
    interview: Option<NaiveDate>,
    recall_on: impl FnOnce(NaiveDate) -> f64,
) -> NaiveDate {
    let Some((interview, last_day)) = interview.and_then(|d| Some((d, final_day(d)?))) else {
        return next_due;
    };
    if today < last_day && last_day < next_due && recall_on(interview) < TOP_UP_BELOW {
        last_day
    } else {
        next_due
    }
}

/// Whether a deck's interview is today or tomorrow: then no card of it waits for another
/// day (the session limit does not cut it).
#[must_use]
pub fn interview_is_imminent(interview: Option<NaiveDate>, today: NaiveDate) -> bool {
    interview.is_some_and(|d| d >= today && (d - today).num_days() <= 1)
}

/// How many new cards a deck introduces today: at least `per_day`; with an interview ahead
/// at least `⌈unseen / max(1, days_left − 1)⌉`, where `unseen` is counted at the start of
/// the day (cards first reviewed today still count); on the interview day itself every
/// card not yet seen.
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
        Some(interview) if interview == today => per_day.max(unseen_at_start_of_day),
        _ => per_day,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    const FORGETTABLE: fn(NaiveDate) -> f64 = |_| 0.5;

    #[test]
    fn a_card_due_after_the_last_day_comes_back_on_it() {
        let today = day("2026-03-01");
        let interview = Some(day("2026-03-11"));
        // SM-2 says 03-20; the last day before the interview is 03-10.
        assert_eq!(
            final_top_up(day("2026-03-20"), today, interview, FORGETTABLE),
            day("2026-03-10")
        );
        // Due on or before the last day: SM-2's date stands (it is reviewed in time anyway).
        assert_eq!(
            final_top_up(day("2026-03-03"), today, interview, FORGETTABLE),
            day("2026-03-03")
        );
        assert_eq!(
            final_top_up(day("2026-03-10"), today, interview, FORGETTABLE),
            day("2026-03-10")
        );
    }

    #[test]
    fn a_card_sure_to_be_recalled_keeps_its_date() {
        let today = day("2026-03-01");
        let interview = Some(day("2026-03-11"));
        assert_eq!(
            final_top_up(day("2026-05-01"), today, interview, |_| 0.995),
            day("2026-05-01")
        );
        assert_eq!(
            final_top_up(day("2026-05-01"), today, interview, |_| 0.989),
            day("2026-03-10"),
            "just below the threshold"
        );
    }

    #[test]
    fn the_estimate_is_asked_for_the_interview_day() {
        let interview = day("2026-03-11");
        let mut asked = None;
        let _ = final_top_up(day("2026-04-01"), day("2026-03-01"), Some(interview), |d| {
            asked = Some(d);
            0.0
        });
        assert_eq!(asked, Some(interview));
    }

    #[test]
    fn nothing_moves_on_the_last_day_or_from_the_interview_on() {
        let interview = Some(day("2026-03-11"));
        for today in ["2026-03-10", "2026-03-11", "2026-03-20"] {
            assert_eq!(
                final_top_up(day("2026-04-01"), day(today), interview, FORGETTABLE),
                day("2026-04-01"),
                "reviewed {today}"
            );
        }
        assert_eq!(
            final_top_up(day("2026-04-01"), day("2026-03-01"), None, FORGETTABLE),
            day("2026-04-01")
        );
        // An interview tomorrow: today is the last day, nothing is pulled.
        assert_eq!(
            final_top_up(
                day("2026-04-01"),
                day("2026-03-01"),
                Some(day("2026-03-02")),
                FORGETTABLE
            ),
            day("2026-04-01")
        );
        // The calendar's first day has no day before it.
        assert_eq!(
            final_top_up(NaiveDate::MAX, NaiveDate::MIN, Some(NaiveDate::MIN), FORGETTABLE),
            NaiveDate::MAX
        );
    }

    #[test]
    fn pacing_spreads_unseen_cards_before_the_day_before() {
        let today = day("2026-03-01");
        assert_eq!(new_card_quota(10, 100, today, Some(day("2026-03-06"))), 25);
        assert_eq!(new_card_quota(10, 12, today, Some(day("2026-03-06"))), 10);
        assert_eq!(new_card_quota(10, 30, today, Some(day("2026-03-02"))), 30);
        assert_eq!(new_card_quota(3, 30, today, None), 3);
        assert_eq!(
            new_card_quota(3, 30, today, Some(day("2026-02-20"))),
            3,
            "after the interview"
        );
    }

    #[test]
    fn on_the_interview_day_every_unseen_card_is_introduced() {
        let today = day("2026-03-01");
        assert_eq!(new_card_quota(10, 300, today, Some(today)), 300);
        assert_eq!(new_card_quota(10, 4, today, Some(today)), 10);
    }

    #[test]
    fn an_interview_today_or_tomorrow_is_imminent() {
        let today = day("2026-03-01");
        assert!(interview_is_imminent(Some(today), today));
        assert!(interview_is_imminent(Some(day("2026-03-02")), today));
        assert!(!interview_is_imminent(Some(day("2026-03-03")), today));
        assert!(!interview_is_imminent(Some(day("2026-02-28")), today));
        assert!(!interview_is_imminent(None, today));
    }
}

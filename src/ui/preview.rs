//! When a card comes back, on screen: on its back, what each grade would do (`again: 1 d
//! · 3: 6 d · 4: 6 d · 5: 15 d`), and after a grade, one line saying when it is due. The
//! numbers are what [`crate::schedule::preview`] gives, the grade path itself.

use chrono::NaiveDate;

use super::{Style, Tone, join_wrapped, relative_day};
use crate::domain::Effect;
use crate::schedule::Preview;

/// What one grade (or run of grades) would do, as the back of a card shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// The lowest and highest grade with this outcome.
    pub grades: (u8, u8),
    /// The due date the grade sets; for practice, the one the card keeps.
    pub due: Option<NaiveDate>,
    pub practice: bool,
    /// The interview's last days set the date.
    pub last_day: bool,
}

/// Every grade's outcome, for a card shown on `today`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradePreview {
    pub today: NaiveDate,
    pub outcomes: Vec<Outcome>,
    /// Grades below this bring the card back later in the same session.
    pub repeat_below: u8,
}

impl GradePreview {
    /// The six grades' previews, runs of grades with the same outcome taken together.
    #[must_use]
    pub fn of(previews: &[Preview], today: NaiveDate, repeat_below: u8) -> GradePreview {
        let mut outcomes: Vec<Outcome> = Vec::new();
        for preview in previews {
            let grade = preview.grade.value();
            let outcome = Outcome {
                grades: (grade, grade),
                due: preview.update.after.due,
                practice: preview.update.effect == Effect::Practice,
                last_day: preview.last_day,
            };
            match outcomes.last_mut() {
                Some(last)
                    if (last.due, last.practice, last.last_day) == (outcome.due, outcome.practice, outcome.last_day)
                        // Failing and passing grades are one run only as practice (no lapse).
                        && (outcome.practice || (last.grades.1 >= 3) == (grade >= 3)) =>
                {
                    last.grades.1 = grade;
                }
                _ => outcomes.push(outcome),
            }
        }
        GradePreview {
            today,
            outcomes,
            repeat_below,
        }
    }

    /// The outcome of one grade.
    #[cfg(test)]
    #[must_use]
    pub fn for_grade(&self, grade: u8) -> Option<&Outcome> {
        self.outcomes
            .iter()
            .find(|o| (o.grades.0..=o.grades.1).contains(&grade))
    }
}

/// `again` for grades 0–2 together, else the grades as typed (`3`, `3-5`).
fn label(grades: (u8, u8)) -> String {
    match grades {
        (0, 2) => "again".to_string(),
        (low, high) if low == high => low.to_string(),
        (low, high) => format!("{low}-{high}"),
    }
}

/// Days from `today` to `due`, short: `1 d`, `15 d`.
fn days(due: NaiveDate, today: NaiveDate) -> String {
    format!("{} d", (due - today).num_days())
}

/// The key line's preview: each grade and when it brings the card back, wrapped to the
/// width between items, dimmed.
#[must_use]
pub fn key_line(preview: &GradePreview, style: &Style) -> String {
    let mut items: Vec<String> = preview
        .outcomes
        .iter()
        .map(|o| {
            let when = match o.due {
                Some(due) if o.practice => format!("practice, due in {}", days(due, preview.today)),
                None if o.practice => "practice".to_string(),
                Some(due) if o.last_day => format!("{}, last day", days(due, preview.today)),
                Some(due) => days(due, preview.today),
                None => "-".to_string(),
            };
            format!("{}: {when}", label(o.grades))
        })
        .collect();
    items.push(format!("below {}: again this session", preview.repeat_below));
    let refs: Vec<&str> = items.iter().map(String::as_str).collect();
    let lines = join_wrapped(&refs, style.width.saturating_sub(2).max(20));
    let painted: Vec<String> = lines.iter().map(|l| style.paint(l, Tone::Dim)).collect();
    super::prefixed(painted, "  ")
}

/// The line after a grade: when the card is due now, and whether it comes back in the
/// session first. From what the grade stored.
#[must_use]
pub fn after_grade(
    effect: Effect,
    due: Option<NaiveDate>,
    again_this_session: bool,
    interview: Option<NaiveDate>,
    today: NaiveDate,
) -> String {
    let when = |due: NaiveDate| {
        let last_day = interview.and_then(|d| d.pred_opt()) == Some(due);
        format!(
            "{} ({}{})",
            relative_day(due, today),
            due.format("%a %-d %b"),
            if last_day { ", the day before the interview" } else { "" }
        )
    };
    let schedule = match (effect, due) {
        (Effect::Review, Some(due)) => format!("next due {}", when(due)),
        (Effect::Practice, Some(due)) => format!("practice: it stays due {}", when(due)),
        (_, None) => "practice: it stays new".to_string(),
    };
    if again_this_session {
        format!("back later this session; {schedule}")
    } else {
        schedule
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Progress;
    use crate::schedule::fsrs::default_model;
    use crate::schedule::{Mode, Rules, preview};
    use crate::testing::day;

    fn shown(card: &Progress, mode: Mode, interview: Option<NaiveDate>) -> String {
        let today = day("2026-03-01");
        let rules = Rules::sm2(interview, default_model());
        let previews = preview(card, mode, today, &rules);
        key_line(&GradePreview::of(&previews, today, 4), &Style::plain(80))
    }

    #[test]
    fn the_key_line_says_what_each_grade_does_in_80_columns() {
        let new = Progress::default();
        assert_eq!(
            shown(&new, Mode::Review, None),
            "  again: 1 d · 3-5: 1 d · below 4: again this session\n"
        );
        // Before an interview a good first recall waits two days, an easy one four.
        assert_eq!(
            shown(&new, Mode::Review, Some(day("2026-03-20"))),
            "  again: 1 d · 3: 1 d · 4: 2 d · 5: 4 d · below 4: again this session\n"
        );
        let today = day("2026-03-01");
        let rules = Rules::sm2(None, default_model());
        let learned =
            crate::schedule::apply(&new, crate::testing::grade(4), Mode::Review, day("2026-02-20"), &rules).after;
        let learned = crate::schedule::apply(
            &learned,
            crate::testing::grade(4),
            Mode::Review,
            day("2026-02-21"),
            &rules,
        )
        .after;
        assert_eq!(learned.due, Some(day("2026-02-27")));
        assert_eq!(
            shown(&learned, Mode::Review, Some(day("2026-03-10"))),
            "  again: 1 d · 3-5: 8 d, last day · below 4: again this session\n"
        );
        let later = crate::schedule::apply(&learned, crate::testing::grade(4), Mode::Review, today, &rules).after;
        assert_eq!(
            shown(&later, Mode::Drill, None),
            "  again: 1 d · 3-5: practice, due in 15 d · below 4: again this session\n"
        );
        assert!(
            shown(&later, Mode::Drill, None)
                .lines()
                .all(|l| l.chars().count() <= 80)
        );
        assert_eq!(
            shown(&later, Mode::Practice, None),
            "  0-5: practice, due in 15 d · below 4: again this session\n",
            "a repeat in the session keeps the schedule whatever the grade"
        );
    }

    #[test]
    fn the_line_after_a_grade_names_the_day() {
        let today = day("2026-03-01");
        assert_eq!(
            after_grade(Effect::Review, Some(day("2026-03-07")), false, None, today),
            "next due in 6 days (Sat 7 Mar)"
        );
        assert_eq!(
            after_grade(
                Effect::Review,
                Some(day("2026-03-02")),
                true,
                Some(day("2026-03-03")),
                today
            ),
            "back later this session; next due tomorrow (Mon 2 Mar, the day before the interview)"
        );
        assert_eq!(
            after_grade(Effect::Practice, Some(day("2026-03-16")), false, None, today),
            "practice: it stays due in 15 days (Mon 16 Mar)"
        );
    }
}

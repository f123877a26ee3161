//! Property tests (bounded, so CI stays fast): SM-2 against an exact-arithmetic reference,
//! scheduling invariants, and the importer on arbitrary input.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use prepdeck::domain::{Grade, Progress, Sm2};
use prepdeck::profile;
use prepdeck::schedule::fsrs::default_model;
use prepdeck::schedule::{self, Mode, Rules, apply};

/// SM-2 in exact integers: ease in hundredths, so no float can drift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Exact {
    ease_hundredths: i64,
    interval: i64,
    repetitions: i64,
}

fn exact_review(before: Exact, grade: i64) -> Exact {
    let (interval, repetitions) = if grade >= 3 {
        let interval = match before.repetitions {
            0 => 1,
            1 => 6,
            // ⌈I × EF⌉ with EF = e/100: (I·e + 99) div 100.
            _ => (before.interval * before.ease_hundredths + 99) / 100,
        };
        (interval.min(36_500), before.repetitions + 1)
    } else {
        (1, 0)
    };
    let miss = 5 - grade;
    let ease = (before.ease_hundredths + 10 - miss * (8 + miss * 2)).max(130);
    Exact {
        ease_hundredths: ease,
        interval,
        repetitions,
    }
}

/// SM-2 with an interview date (or none).
fn sm2(interview: Option<NaiveDate>) -> Rules<'static> {
    Rules::sm2(interview, default_model())
}

fn day0() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

proptest! {
    #![proptest_config(crate::util::proptest_config(400))]

    #[test]
    fn sm2_matches_the_exact_reference_step_by_step(
        grades in prop::collection::vec(0u8..=5, 1..60),
        lateness in prop::collection::vec(0u64..20, 60),
    ) {
        let mut ours = Sm2::default();
        let mut exact = Exact { ease_hundredths: 250, interval: 0, repetitions: 0 };
        let mut today = day0();
        for (step, &g) in grades.iter().enumerate() {
            let out = schedule::sm2::review(ours, Grade::new(g).unwrap(), today);
            exact = exact_review(exact, i64::from(g));
            prop_assert_eq!(i64::from(out.state.interval), exact.interval, "interval at step {}", step);
            prop_assert_eq!(i64::from(out.state.repetitions), exact.repetitions, "repetitions at step {}", step);
            prop_assert!((out.state.ease * 100.0 - exact.ease_hundredths as f64).abs() < 1e-6, "ease at step {}: {} vs {}", step, out.state.ease, exact.ease_hundredths);
            prop_assert_eq!(out.due, today + Days::new(exact.interval as u64), "due at step {}", step);
            ours = out.state;
            // The user comes back on the due day or some days late.
            today = out.due + Days::new(lateness[step]);
        }
    }

    #[test]
    fn scheduling_invariants_hold_with_and_without_an_interview(
        grades in prop::collection::vec(0u8..=5, 1..40),
        gaps in prop::collection::vec(0u64..30, 40),
        interview_in in prop::option::of(0u64..60),
    ) {
        let mut state = Progress::default();
        let mut today = day0();
        let interview = interview_in.map(|d| day0() + Days::new(d));
        for (step, &g) in grades.iter().enumerate() {
            let after = apply(&state, Grade::new(g).unwrap(), Mode::Review, today, &sm2(interview)).after;
            let due = after.due.unwrap();
            prop_assert!(after.sm2.ease >= 1.3 - 1e-12);
            prop_assert!(after.sm2.interval >= 1);
            prop_assert!(due > today, "due never on or before the review day");
            // With the interview's last day ahead, a card just learned with a 4 or 5 takes
            // a first step of two or four days; beyond that only the last day before the
            // interview ever replaces SM-2's date: pulled forward to it (the top-up) or
            // held back to it (at most five days).
            let mut sm2_due = today + Days::new(u64::from(after.sm2.interval));
            if due != sm2_due {
                let last_day = interview.unwrap() - Days::new(1);
                prop_assert!(today < last_day, "step {}: the last day lies ahead", step);
                let first_step = match (after.sm2.repetitions, g) {
                    (1, 4) => Some(2),
                    (1, 5) => Some(4),
                    _ => None,
                };
                if let Some(days) = first_step {
                    sm2_due = today + Days::new(days);
                }
                if due != sm2_due {
                    prop_assert_eq!(due, last_day, "step {}: only the day before the interview", step);
                    prop_assert!(sm2_due + Days::new(5) >= due, "step {}: held more than five days", step);
                }
            }
            state = after;
            today = today + Days::new(gaps[step]);
        }
    }

    /// However early a card is reviewed (top-ups, cramming, `grade` on a whim), its
    /// interval never ends larger than reviewing the same grades on time would make it.
    #[test]
    fn early_reviews_never_yield_a_larger_interval_than_on_time_ones(
        steps in prop::collection::vec((0u8..=5, 0.0f64..=1.0), 1..40),
        interview_in in prop::option::of(1u64..120),
    ) {
        let interview = interview_in.map(|d| day0() + Days::new(d));
        let mut on_time = Progress::default();
        let mut early = Progress::default();
        let (mut on_time_day, mut early_day) = (day0(), day0());
        for (step, &(g, earliness)) in steps.iter().enumerate() {
            let grade = Grade::new(g).unwrap();
            on_time = apply(&on_time, grade, Mode::Review, on_time_day, &sm2(interview)).after;
            early = apply(&early, grade, Mode::Review, early_day, &sm2(interview)).after;
            prop_assert!(
                early.sm2.interval <= on_time.sm2.interval,
                "step {}: early {} > on time {}", step, early.sm2.interval, on_time.sm2.interval
            );
            prop_assert_eq!(early.sm2.repetitions, on_time.sm2.repetitions);
            // The on-time learner comes back on SM-2's due date; the early one any day
            // from the day of the review up to it.
            on_time_day = on_time_day + Days::new(u64::from(on_time.sm2.interval));
            let gap = (f64::from(early.sm2.interval) * earliness).floor() as u64;
            early_day = early_day + Days::new(gap);
        }
    }

    #[test]
    fn the_importer_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = profile::parse(&bytes, "fuzz");
    }

    #[test]
    fn items_from_any_markdown_are_clean(
        lines in prop::collection::vec(
            prop_oneof![
                Just("## Potential Questions".to_string()),
                Just("### Questions to Ask:".to_string()),
                Just("- to company:".to_string()),
                Just("| Your Skill | Their Requirement |".to_string()),
                Just("|---|---|".to_string()),
                Just("<p>6. Common Questions:<br>- x?</p>".to_string()),
                "[ -~]{0,40}",
                "- [\\x00-\\x7f\u{2018}\u{201c}\u{e9}\u{1b}]{0,30}",
                "  - \"[a-z ?]{0,30}\"",
            ],
            0..40,
        )
    ) {
        let doc = lines.join("\n");
        if let Ok(parsed) = profile::parse(doc.as_bytes(), "gen") {
            for item in &parsed.items {
                prop_assert!(!item.text.is_empty());
                prop_assert!(!item.text.chars().any(char::is_control), "control character in {:?}", item.text);
                prop_assert!(!profile::has_placeholder(&item.text));
            }
            let keys: std::collections::HashSet<_> = parsed.items.iter().map(|i| (i.kind, profile::text::match_key(&format!("{} {}", i.text, i.detail)))).collect();
            prop_assert_eq!(keys.len(), parsed.items.len(), "duplicates were folded");
        }
    }
}

/// A line of text in many scripts, with the characters bank markup is made of.
const ANY_SCRIPT: &str = "[a-zA-Z0-9 ?.,:;<>/*_`|#()\\[\\]\u{e9}\u{ef}\u{c7}\u{2013}\u{2014}\u{2019}\u{65e5}\u{672c}\u{1f600}\u{301}\u{a0}]{0,30}";

proptest! {
    #![proptest_config(crate::util::proptest_config(64))]

    #[test]
    fn question_banks_in_any_script_never_panic_and_give_clean_cards(
        lines in prop::collection::vec(
            prop_oneof![
                Just("## Table of Contents".to_string()),
                Just("**[\u{2b06} Back to Top](#table-of-contents)**".to_string()),
                Just("<details>".to_string()),
                Just("<br><b>".to_string()),
                Just("</b></details>".to_string()),
                Just("</details>".to_string()),
                Just("| Question | Answer |".to_string()),
                Just("|---|---|".to_string()),
                Just("```".to_string()),
                Just(String::new()),
                ANY_SCRIPT.prop_map(|t| format!("1. ### {t}?")),
                ANY_SCRIPT.prop_map(|t| format!("## {t}?")),
                ANY_SCRIPT.prop_map(|t| format!("<summary>{t}?</summary>")),
                ANY_SCRIPT.prop_map(|t| format!("<summary>{t}?</summary><br><b>{t}")),
                ANY_SCRIPT.prop_map(|t| format!("{t}</b></details>")),
                ANY_SCRIPT.prop_map(|t| format!("Q: {t}?")),
                ANY_SCRIPT.prop_map(|t| format!("**Answer:** {t}")),
                ANY_SCRIPT.prop_map(|t| format!("| {t}? | {t} |")),
                ANY_SCRIPT.prop_map(|t| format!("1. [{t}](#{t})")),
                ANY_SCRIPT.prop_map(|t| format!("   {t}")),
                ANY_SCRIPT.prop_map(|t| format!("- {t}?")),
                ANY_SCRIPT,
            ],
            0..40,
        )
    ) {
        let doc = format!("# Interview Questions\n\n{}\n", lines.join("\n"));
        if let Ok(parsed) = profile::parse(doc.as_bytes(), "bank") {
            for item in &parsed.items {
                // A question may carry its prompt (code, an example) after a blank line.
                let question = item.text.lines().next().unwrap_or_default();
                prop_assert!(!question.trim().is_empty(), "no question in {:?}", item.text);
                prop_assert!(
                    !item.text.chars().any(|c| c.is_control() && c != '\n'),
                    "control character in {:?}",
                    item.text
                );
            }
        }
    }
}

/// Every input the fuzzer ever crashed on, kept in `tests/fixtures/fuzz/`, parses or is
/// refused without a panic.
#[test]
fn fuzzer_findings_stay_fixed() {
    let dir = crate::util::fixtures().join("fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let _ = profile::parse(&bytes, "regression");
        seen += 1;
    }
    assert!(seen > 0, "no regression inputs in {}", dir.display());
}

//! The daily budget through the command line: `interview --minutes`, the config file's
//! `daily_minutes`, `plan` within them, and `due` asking what `plan` planned.

use serde_json::Value;

use crate::util::Sandbox;

/// A deck of sixty questions, imported on 2026-03-01.
fn big_deck() -> Sandbox {
    let sandbox = Sandbox::new();
    let mut doc = String::from("# Company Profile: Cobalt Freight\n## Potential Questions to Prepare For\n");
    for i in 1..=60 {
        doc.push_str(&format!("- Question number {i} about freight?\n"));
    }
    let path = sandbox.write("cobalt.md", doc);
    sandbox.ok(&["import", &path]);
    sandbox
}

fn deck_field(sandbox: &Sandbox, field: &str) -> Value {
    sandbox.json(&["decks", "--json"])[0][field].clone()
}

/// The plan's days, each (cards, minutes).
fn planned(sandbox: &Sandbox) -> (Value, Vec<(u64, f64)>) {
    let plan = sandbox.json(&["plan", "cobalt", "--json"]);
    let days = plan["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["reviews"].as_u64().unwrap() + d["new"].as_u64().unwrap(),
                d["minutes"].as_f64().unwrap_or(f64::NAN),
            )
        })
        .collect();
    (plan, days)
}

#[test]
fn a_budget_set_with_the_interview_stays_until_changed_and_plan_keeps_within_it() {
    let sandbox = big_deck();
    let out = sandbox
        .ok(&["interview", "cobalt", "+10", "--minutes", "10"])
        .replace('\n', " ");
    assert!(
        out.starts_with(
            "Cobalt Freight: interview on Wednesday 11 March 2026 (in 10 days). Reviews will land before it. Budget: 10 minutes a day."
        ),
        "{out}"
    );
    assert_eq!(deck_field(&sandbox, "daily_minutes"), 10);
    let (plan, days) = planned(&sandbox);
    assert_eq!(plan["daily_minutes"], 10);
    assert!(plan["morning_recall_without_budget"].is_number(), "{plan}");
    assert!(days.iter().all(|(_, minutes)| *minutes <= 10.0), "{days:?}");
    assert!(days.iter().map(|d| d.0).sum::<u64>() > 60, "every card is planned");
    let table = sandbox.ok(&["plan", "cobalt"]);
    assert!(table.contains("Budget: 10 minutes a day; 20 s a review"), "{table}");
    let (with, without) = (
        plan["morning_recall"].as_f64().unwrap(),
        plan["morning_recall_without_budget"].as_f64().unwrap(),
    );
    let cost = if format!("{with:.2}") == format!("{without:.2}") {
        "as without the budget.".to_string()
    } else {
        format!("instead of {without:.2} without the budget.")
    };
    assert!(
        table
            .replace('\n', " ")
            .contains(&format!("Expected recall on the morning: {with:.2}")),
        "{table}"
    );
    assert!(
        table.replace('\n', " ").contains(&cost),
        "what the budget costs: {table}"
    );

    // A new date keeps the budget; --minutes alone keeps the date.
    sandbox.ok(&["interview", "cobalt", "2026-03-15"]);
    assert_eq!(deck_field(&sandbox, "daily_minutes"), 10);
    let out = sandbox
        .ok(&["interview", "cobalt", "--minutes", "20"])
        .replace('\n', " ");
    assert!(
        out.contains("interview on Sunday 15 March 2026") && out.contains("Budget: 20 minutes a day."),
        "{out}"
    );
    assert_eq!(deck_field(&sandbox, "interview"), "2026-03-15");
    assert_eq!(deck_field(&sandbox, "daily_minutes"), 20);

    // --no-minutes removes the deck's own; the config file's then applies.
    sandbox.config("daily_minutes = 5\n");
    let out = sandbox.ok(&["interview", "cobalt", "--no-minutes"]);
    assert!(
        out.replace('\n', " ")
            .contains("the config file's daily_minutes (5 minutes) applies"),
        "{out}"
    );
    assert_eq!(deck_field(&sandbox, "daily_minutes"), 5);
    let (plan, days) = planned(&sandbox);
    assert_eq!(plan["daily_minutes"], 5);
    assert!(days.iter().all(|(_, minutes)| *minutes <= 5.0), "{days:?}");
    assert_eq!(sandbox.json(&["stats", "--json"])["decks"][0]["daily_minutes"], 5);
    sandbox.config("");
    assert_eq!(deck_field(&sandbox, "daily_minutes"), Value::Null);
    assert_eq!(
        sandbox.json(&["plan", "cobalt", "--json"])["daily_minutes"],
        Value::Null
    );
    // Clearing the date leaves a budget set alone.
    sandbox.ok(&["interview", "cobalt", "--minutes", "15"]);
    sandbox.ok(&["interview", "cobalt", "--clear"]);
    assert_eq!(deck_field(&sandbox, "interview"), Value::Null);
    assert_eq!(deck_field(&sandbox, "daily_minutes"), 15);
}

/// The plan is what `due` (and `review`) will ask: each day's first row is today's queue,
/// day after day, with the plan's grades given.
#[test]
fn due_asks_each_day_what_the_plan_planned() {
    let mut sandbox = big_deck();
    sandbox.ok(&["interview", "cobalt", "+8", "--minutes", "6"]);
    for day in [
        "2026-03-01",
        "2026-03-02",
        "2026-03-03",
        "2026-03-04",
        "2026-03-05",
        "2026-03-06",
        "2026-03-07",
        "2026-03-08",
    ] {
        sandbox.on(day);
        let (_, days) = planned(&sandbox);
        let due = sandbox.json(&["due", "cobalt", "--json"]);
        let due = due.as_array().unwrap();
        assert_eq!(
            due.len() as u64,
            days[0].0,
            "{day}: due lists what the plan plans for today"
        );
        for card in due {
            sandbox.ok(&["grade", &card["id"].to_string(), "4"]);
        }
        let again = sandbox.json(&["due", "cobalt", "--json"]);
        assert_eq!(
            again.as_array().unwrap().len(),
            0,
            "{day}: nothing more once the day's cards are done"
        );
    }
}

#[test]
fn bad_minutes_are_refused_in_one_sentence_and_change_nothing() {
    let sandbox = big_deck();
    for bad in ["0", "1441", "abc", "-5", "2.5", "", "99999999999999999999"] {
        let err = sandbox.fails(&["interview", "cobalt", "+10", "--minutes", bad], 2);
        assert_eq!(
            err,
            format!("prepdeck: --minutes must be a whole number of minutes from 1 to 1440, not \"{bad}\"\n")
        );
    }
    assert_eq!(deck_field(&sandbox, "interview"), Value::Null);
    assert_eq!(deck_field(&sandbox, "daily_minutes"), Value::Null);
    sandbox.fails(&["interview", "cobalt", "--minutes", "10", "--no-minutes"], 2);
    sandbox.config("daily_minutes = 0\n");
    let err = sandbox.fails(&["plan", "cobalt"], 2);
    assert!(
        err.ends_with("daily_minutes must be a whole number of minutes from 1 to 1440, not 0\n"),
        "{err}"
    );
}

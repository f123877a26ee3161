//! A document stays tied to the deck it fed: renames of the deck or of the document's
//! title do not fork it; two documents feeding one deck each keep their own cards; a moved
//! file is the same document.

use crate::util::Sandbox;

const NORTHWIND: &str = "# Company Profile: Northwind Logistics
## Potential Questions to Prepare For
- Why logistics?
- How would you route a thousand trucks?
- Tell me about a outage you led.
- What does on-call look like for you?
";

fn deck_names(sandbox: &Sandbox) -> Vec<String> {
    let mut names: Vec<String> = sandbox
        .json(&["decks", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

fn counts(report: &serde_json::Value) -> (usize, usize, usize, u64) {
    let file = &report["files"][0];
    (
        file["added"].as_array().unwrap().len(),
        file["changed"].as_array().unwrap().len(),
        file["retired"].as_array().unwrap().len(),
        file["unchanged"].as_u64().unwrap(),
    )
}

#[test]
fn a_renamed_deck_or_a_retitled_document_does_not_fork_on_reimport() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("northwind.md", NORTHWIND);
    sandbox.ok(&["import", &path]);
    let id = sandbox.id_of("Why logistics?");
    sandbox.ok(&["grade", &id, "4"]);
    sandbox.ok(&["rename", "northwind", "NW"]);
    let report = sandbox.json(&["import", &path, "--json"]);
    assert_eq!(report["files"][0]["deck"], "NW");
    assert_eq!(counts(&report), (0, 0, 0, 4));
    assert_eq!(deck_names(&sandbox), vec!["NW"]);
    // The document's title changes: still the same deck.
    sandbox.write(
        "northwind.md",
        NORTHWIND.replace("Northwind Logistics", "Northwind Freight Ltd"),
    );
    let report = sandbox.json(&["import", &path, "--json"]);
    assert_eq!(report["files"][0]["deck"], "NW");
    assert_eq!(deck_names(&sandbox), vec!["NW"]);
    assert_eq!(sandbox.all_cards().len(), 4);
    assert_eq!(sandbox.card_with("Why logistics?")["reviews"], 1);
    // --deck still chooses.
    let report = sandbox.json(&["import", &path, "--deck", "Elsewhere", "--json"]);
    assert_eq!(report["files"][0]["deck"], "Elsewhere");
    assert_eq!(deck_names(&sandbox), vec!["Elsewhere", "NW"]);
}

#[test]
fn an_edited_copy_beside_the_original_changes_none_of_its_cards() {
    let sandbox = Sandbox::new();
    let original = sandbox.write("northwind.md", NORTHWIND);
    sandbox.ok(&["import", &original]);
    let routed = sandbox.id_of("thousand trucks");
    sandbox.ok(&["grade", &routed, "5"]);
    // A copy that rewords one question, drops another and adds a third.
    let edited = NORTHWIND
        .replace(
            "How would you route a thousand trucks?",
            "How would you route ten thousand trucks?",
        )
        .replace("- Tell me about a outage you led.\n", "")
        + "- Why now?\n";
    let copy = sandbox.write("northwind-v2.md", edited);
    let report = sandbox.json(&["import", &copy, "--json"]);
    assert_eq!(
        counts(&report),
        (2, 0, 0, 2),
        "its own new and reworded items are its own cards"
    );
    let card = sandbox.card_with("route a thousand trucks");
    assert_eq!(card["id"].to_string(), routed, "the original's card keeps its wording");
    assert_eq!(card["reviews"], 1);
    assert_eq!(sandbox.card_with("ten thousand trucks")["reviews"], 0);
    assert_eq!(
        sandbox.card_with("outage you led")["state"],
        "new",
        "still held by the original: not retired"
    );
    // Importing either again changes nothing: the two do not fight.
    for _ in 0..2 {
        assert_eq!(counts(&sandbox.json(&["import", &original, "--json"])), (0, 0, 0, 4));
        assert_eq!(counts(&sandbox.json(&["import", &copy, "--json"])), (0, 0, 0, 4));
    }
    assert_eq!(sandbox.all_cards().len(), 6);
}

#[test]
fn a_moved_and_edited_file_is_the_same_document() {
    let sandbox = Sandbox::new();
    let old = sandbox.write("jobs/northwind.md", NORTHWIND);
    sandbox.ok(&["import", &old]);
    let routed = sandbox.id_of("thousand trucks");
    sandbox.ok(&["grade", &routed, "5"]);
    std::fs::remove_file(&old).unwrap();
    let edited = NORTHWIND
        .replace(
            "How would you route a thousand trucks?",
            "How would you route a thousand lorries?",
        )
        .replace("- Tell me about a outage you led.\n", "");
    let new = sandbox.write("archive/northwind-2026.md", edited);
    let report = sandbox.json(&["import", &new, "--json"]);
    let file = &report["files"][0];
    assert_eq!(file["deck"], "Northwind Logistics");
    assert_eq!(counts(&report), (0, 1, 1, 2), "{report:#}");
    assert!(
        file["notes"][0].as_str().unwrap().starts_with("the same document as "),
        "{report:#}"
    );
    let card = sandbox.card_with("thousand lorries");
    assert_eq!(card["id"].to_string(), routed, "the reworded item kept its card");
    assert_eq!(card["reviews"], 1);
    assert_eq!(sandbox.card_with("outage you led")["state"], "retired");
    assert_eq!(deck_names(&sandbox), vec!["Northwind Logistics"]);
}

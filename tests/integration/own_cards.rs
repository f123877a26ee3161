//! Cards in the user's own words, end to end: `add` (flags and editor), `edit` and
//! `--revert` across re-imports, `tag`/`untag`/`tags` and every `--tag` filter, `cards
//! --search`, backups carrying all of it, and the refusals that change nothing.

use std::process::Command;

use serde_json::Value;

use crate::util::Sandbox;

const ACME: &str = "# Company Profile: Acme Robotics
## Potential Questions to Prepare For
- How would you design a cache for the fleet map?
- Tell me about an outage you handled.
- How do you size a work queue?
## Key Talking Points
- Rebuilt the dispatcher so 300 robots route in under a second
## Questions to Ask Interviewer
- What does the on-call rotation look like?
";

/// A sandbox with Acme imported (cards 1–5) and the path of its profile.
fn acme() -> (Sandbox, String) {
    let s = Sandbox::new();
    let path = s.write("acme.md", ACME);
    s.ok(&["import", &path]);
    (s, path)
}

/// A card's JSON by id.
fn card(s: &Sandbox, id: &str) -> Value {
    s.json(&["show", id, "--json"])
}

/// An editor script (sh, on the file in `$1`) written into the sandbox.
fn editor(s: &Sandbox, name: &str, script: &str) -> String {
    let path = s.write(name, format!("#!/bin/sh\n{script}\n"));
    assert!(Command::new("chmod").args(["+x", &path]).status().unwrap().success());
    path
}

/// Runs `prepdeck ARGS` with `EDITOR` set; returns (stdout, stderr, exit status).
fn with_editor(s: &Sandbox, editor: &str, args: &[&str]) -> (String, String, i32) {
    let out = s.command(args).env("EDITOR", editor).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

/// Everything in the database a failed command must leave as it was.
fn everything(s: &Sandbox) -> (Vec<Value>, Value, Value) {
    (s.all_cards(), s.json(&["decks", "--json"]), s.json(&["tags", "--json"]))
}

fn ids(cards: &Value) -> Vec<i64> {
    cards
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn add_with_flags_makes_a_hand_made_card_with_its_kind_and_tags() {
    let (s, _) = acme();
    let out = s.ok(&[
        "add",
        "acme",
        "--front",
        "Why robots?",
        "--back",
        "Because fleets scale.",
    ]);
    assert_eq!(out, "added card #6 to Acme Robotics: question · Why robots?\n");
    let added = s.json(&[
        "add",
        "acm",
        "--kind",
        "talking-point",
        "--front",
        "The dispatcher story",
        "--back",
        "Rewrote it: 40% faster.",
        "--tag",
        "Systems",
        "--tag",
        "systems",
        "--tag",
        "ops",
        "--json",
    ]);
    assert_eq!(added["id"], 7);
    assert_eq!(added["deck"], "Acme Robotics");
    assert_eq!(added["kind"], "talking-point");
    assert_eq!(
        added["front"], "The dispatcher story",
        "a hand-made front is shown as written"
    );
    assert_eq!(added["back"], "Rewrote it: 40% faster.");
    assert_eq!(
        added["tags"],
        serde_json::json!(["ops", "Systems"]),
        "one tag in any case"
    );
    assert_eq!(added["by_hand"], true);
    assert_eq!(added["edited"], false);
    assert_eq!(added["state"], "new");
    let question = card(&s, "6");
    assert_eq!(
        (question["front"].as_str(), question["by_hand"].as_bool()),
        (Some("Why robots?"), Some(true))
    );
    // A new deck only with --create when there is no terminal to ask on.
    let before = everything(&s);
    let err = s.fails(&["add", "Lumen Labs", "--front", "Why Lumen?"], 2);
    assert_eq!(
        err,
        "prepdeck: there is no deck \"Lumen Labs\"; add --create to make it when there is no terminal to ask on\n"
    );
    assert_eq!(everything(&s), before, "nothing was made");
    let out = s.ok(&["add", "Lumen Labs", "--create", "--front", "Why Lumen?"]);
    assert_eq!(out, "added card #8 to Lumen Labs (a new deck): question · Why Lumen?\n");
    // Terminal controls never reach the database: what is kept is what is shown and found.
    s.ok(&[
        "add",
        "lumen",
        "--front",
        "\u{1b}[31mRed\u{1b}]0;title\u{7} team?",
        "--back",
        "\u{1b}[2Jcleared",
    ]);
    let red = card(&s, "9");
    assert_eq!(
        (red["front"].as_str(), red["back"].as_str()),
        (Some("Red team?"), Some("cleared"))
    );
    assert_eq!(ids(&s.json(&["cards", "--search", "red", "--json"])), [9]);
}

#[test]
fn add_refuses_an_empty_front_a_bad_kind_or_tag_and_changes_nothing() {
    let (s, _) = acme();
    let before = everything(&s);
    let refusals: [(&[&str], i32, &str); 5] = [
        (
            &["add", "acme", "--front", "  "],
            2,
            "prepdeck: a card's front cannot be empty: give the question or cue it asks\n",
        ),
        (
            &["add", "acme", "--front", "Q?", "--kind", "quiz"],
            2,
            "error: invalid value 'quiz' for '--kind <KIND>'\n  [possible values: question, talking-point, ask, skill-map, topic]\n\nFor more information, try '--help'.\n",
        ),
        (
            &["add", "acme", "--front", "Q?", "--tag", "two words"],
            2,
            "prepdeck: \"two words\" is not a tag: a tag is one word of at most 200 characters (system-design, not system design)\n",
        ),
        (
            &["add", "  ", "--front", "Q?"],
            2,
            "prepdeck: give the deck a name that is not empty\n",
        ),
        (
            &["add", "acme"],
            2,
            "prepdeck: no editor to open: set $VISUAL or $EDITOR (or editor in the config file), or give the card with --front and --back\n",
        ),
    ];
    for (args, code, message) in refusals {
        assert_eq!(s.fails(args, code), message, "{args:?}");
    }
    assert_eq!(everything(&s), before);
}

#[test]
fn add_in_the_editor_fills_the_form_and_a_slip_in_it_opens_it_again() {
    let (s, _) = acme();
    let fill = editor(
        &s,
        "fill.sh",
        "sed -i 's/^kind: question$/kind: topic/; s/^tags:$/tags: infra, cache/; s/^front:$/front: Consistent hashing/; s/^back:$/back:\\nA ring of virtual nodes.\\nEach key to the next node./' \"$1\"",
    );
    let (out, err, code) = with_editor(&s, &fill, &["add", "acme"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(out, "added card #6 to Acme Robotics: topic · Consistent hashing\n");
    let made = card(&s, "6");
    assert_eq!(made["kind"], "topic");
    assert_eq!(made["front"], "Consistent hashing");
    assert_eq!(made["back"], "A ring of virtual nodes.\nEach key to the next node.");
    assert_eq!(made["tags"], serde_json::json!(["cache", "infra"]));

    // The form opens with the flags given; a kind that is not one opens it again, with the
    // problem said under the cut line, and the text typed the first time is still there.
    let slip = editor(
        &s,
        "slip.sh",
        "n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; cp \"$1\" \"opened-$n\"\n\
         if [ $n = 1 ]; then sed -i 's/^kind: ask$/kind: aks/; s/^front:$/front: Ask about on-call/' \"$1\"; \
         else sed -i 's/^kind: aks$/kind: ask/' \"$1\"; fi",
    );
    let (out, _, code) = with_editor(
        &s,
        &slip,
        &[
            "add",
            "acme",
            "--kind",
            "ask",
            "--tag",
            "ops",
            "--back",
            "Who is paged first?",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(out, "added card #7 to Acme Robotics: ask · Ask about on-call\n");
    let first = std::fs::read_to_string(s.dir.path().join("opened-1")).unwrap();
    assert!(
        first.starts_with("kind: ask\ntags: ops\nfront:\n\nback:\nWho is paged first?\n"),
        "{first}"
    );
    let second = std::fs::read_to_string(s.dir.path().join("opened-2")).unwrap();
    assert!(second.contains("front: Ask about on-call"), "{second}");
    assert!(second.contains("Not added yet: \"aks\" is not a card kind"), "{second}");
    assert_eq!(card(&s, "7")["back"], "Who is paged first?");

    // Saved as it opened, or with an empty front: nothing is added.
    let before = everything(&s);
    for script in ["true", "sed -i 's/^tags:$/tags: x/' \"$1\""] {
        let noop = editor(&s, "noop.sh", script);
        let (out, _, code) = with_editor(&s, &noop, &["add", "acme"]);
        assert_eq!(
            (code, out.as_str()),
            (0, "nothing written; no card added\n"),
            "{script}"
        );
    }
    assert_eq!(everything(&s), before);
}

#[test]
fn a_hand_made_card_is_never_retired_or_changed_by_reimporting_the_decks_documents() {
    let (s, path) = acme();
    // The same words as a document's item: still a card of its own.
    s.ok(&[
        "add",
        "acme",
        "--front",
        "Tell me about an outage you handled.",
        "--back",
        "The March one.",
    ]);
    s.ok(&["grade", "6", "4"]);
    let before = card(&s, "6");
    // The document loses the item, then gets it back reworded: its own card is retired and
    // restored; the hand-made one stays as it was.
    std::fs::write(&path, ACME.replace("- Tell me about an outage you handled.\n", "")).unwrap();
    let report = s.ok(&["import", &path]);
    assert!(report.contains("1 retired"), "{report}");
    assert_eq!(card(&s, "2")["state"], "retired");
    assert_eq!(card(&s, "6"), before);
    std::fs::write(
        &path,
        ACME.replace("an outage you handled", "an outage you handled well"),
    )
    .unwrap();
    s.ok(&["import", &path]);
    assert_eq!(card(&s, "6"), before, "never paired with the document's item");
    assert_eq!(card(&s, "2")["state"], "new", "the document's own card came back");
    assert_eq!(card(&s, "2")["front"], "Tell me about an outage you handled well.");
}

#[test]
fn a_spreadsheet_never_pairs_with_retires_or_changes_a_hand_made_card() {
    let (s, _) = acme();
    s.ok(&["add", "acme", "--front", "What is a B-tree?", "--back", "My own words."]);
    s.ok(&["grade", "6", "4"]);
    let before = card(&s, "6");
    let deck = before["deck"].as_str().unwrap().to_string();
    let sheet = s.write(
        "sheet.csv",
        "Question,Answer\nWhat is a B-tree?,A balanced tree.\nWhat is CAP?,Pick two.\n",
    );
    let report = s.ok(&["import", &sheet, "--deck", &deck]);
    assert!(report.contains("2 added"), "{report}");
    assert_eq!(card(&s, "6"), before, "the sheet's row is a card of its own");
    // The row leaves the sheet: what the sheet held is retired, the hand-made card stays.
    std::fs::write(&sheet, "Question,Answer\nWhat is CAP?,Pick two.\n").unwrap();
    let report = s.ok(&["import", &sheet, "--deck", &deck]);
    assert!(report.contains("1 retired"), "{report}");
    assert_eq!(card(&s, "6"), before);
}

#[test]
fn an_edit_survives_reimports_shows_the_documents_text_and_reverts() {
    let (s, path) = acme();
    let point = "4";
    s.ok(&["grade", point, "5"]);
    let graded = card(&s, point);
    let out = s.ok(&["edit", point, "--front", "Acme: the dispatcher story, in full"]);
    assert_eq!(
        out,
        "card #4 edited; its schedule and history stay, and re-importing keeps your words\n(`prepdeck edit 4 --revert` returns to the document's text)\n"
    );
    let edited = card(&s, point);
    assert_eq!(edited["front"], "Acme: the dispatcher story, in full");
    assert_eq!(edited["edited"], true);
    for field in ["due", "interval", "ease", "repetitions", "reviews", "last_reviewed"] {
        assert_eq!(edited[field], graded[field], "{field} kept");
    }
    // The document rewords the point: its back follows the document, the front stays
    // the user's.
    std::fs::write(&path, ACME.replace("in under a second", "in under one second")).unwrap();
    s.ok(&["import", &path]);
    let after = card(&s, point);
    assert_eq!(after["front"], "Acme: the dispatcher story, in full");
    assert_eq!(
        after["back"],
        "Rebuilt the dispatcher so 300 robots route in under one second"
    );
    assert_eq!(after["reviews"], 1);
    let shown = s.ok(&["show", point]);
    assert!(
        shown.starts_with("card #4 · Acme Robotics · talking-point · Key Talking Points · edited\n"),
        "{shown}"
    );
    assert!(
        shown.contains("front (yours)\n  Acme: the dispatcher story, in full\n"),
        "{shown}"
    );
    assert!(
        shown.contains(
            "the document's front (prepdeck edit 4 --revert returns to it)\n  Acme Robotics — key talking point 1 of 1 (hint: dispatcher): say it in full.\n"
        ),
        "{shown}"
    );
    // Listing and search read the user's words too.
    assert_eq!(ids(&s.json(&["cards", "--search", "full story", "--json"])), [4]);
    assert_eq!(
        s.ok(&["edit", point, "--revert"]),
        "card #4 shows its document's front and back again\n"
    );
    let reverted = card(&s, point);
    assert_eq!(reverted["edited"], false);
    assert_eq!(
        reverted["front"],
        "Acme Robotics — key talking point 1 of 1 (hint: dispatcher): say it in full."
    );
    assert_eq!(reverted["due"], graded["due"]);
    assert_eq!(
        s.fails(&["edit", point, "--revert"], 1),
        "prepdeck: card #4 has nothing to revert: it already shows its document's text\n"
    );
}

#[test]
fn edit_in_the_editor_and_on_a_hand_made_card() {
    let (s, _) = acme();
    let reword = editor(
        &s,
        "reword.sh",
        "cp \"$1\" opened; sed -i 's/^How would you design a cache for the fleet map?$/How would you cache the fleet map?/; s/^back:$/back:\\nRead-through, 30 s TTL./' \"$1\"",
    );
    let (out, _, code) = with_editor(&s, &reword, &["edit", "1"]);
    assert_eq!(code, 0, "{out}");
    let opened = std::fs::read_to_string(s.dir.path().join("opened")).unwrap();
    assert!(
        opened.starts_with("front:\nHow would you design a cache for the fleet map?\nback:\n\n"),
        "{opened}"
    );
    assert!(
        opened.contains("The document's text (what --revert returns to):"),
        "{opened}"
    );
    let edited = card(&s, "1");
    assert_eq!(edited["front"], "How would you cache the fleet map?");
    assert_eq!(edited["back"], "Read-through, 30 s TTL.");
    let (out, _, _) = with_editor(&s, "true", &["edit", "1"]);
    assert_eq!(out, "card #1 unchanged\n");

    s.ok(&["add", "acme", "--front", "Why robots?", "--back", "Scale."]);
    s.ok(&["grade", "6", "3"]);
    assert_eq!(
        s.ok(&["edit", "6", "--back", "Fleets scale; people do not."]),
        "card #6 edited; its schedule and history stay as they were\n"
    );
    let hand = card(&s, "6");
    assert_eq!(
        (hand["front"].as_str(), hand["back"].as_str()),
        (Some("Why robots?"), Some("Fleets scale; people do not."))
    );
    assert_eq!(
        (hand["edited"].as_bool(), hand["reviews"].as_u64()),
        (Some(false), Some(1))
    );
    assert_eq!(
        s.fails(&["edit", "6", "--revert"], 1),
        "prepdeck: card #6 has nothing to revert: it was added by hand, so no document gives it a text to return to\n"
    );
}

#[test]
fn unknown_cards_and_empty_fronts_are_refused_in_one_sentence_with_nothing_changed() {
    let (s, _) = acme();
    s.ok(&["tag", "keep", "1"]);
    let before = everything(&s);
    let refusals: [(&[&str], i32, &str); 10] = [
        (
            &["edit", "1"],
            2,
            "prepdeck: no editor to open: set $VISUAL or $EDITOR (or editor in the config file), or give the texts with --front and --back\n",
        ),
        (
            &["edit", "99", "--front", "x"],
            1,
            "prepdeck: no card has the id \"99\"; `prepdeck cards --all` lists them\n",
        ),
        (
            &["edit", "1", "--front", ""],
            2,
            "prepdeck: a card's front cannot be empty: give the question or cue it asks\n",
        ),
        (
            &["edit", "x1", "--front", "y"],
            2,
            "error: invalid value 'x1' for '<CARD>': not a card id: use the number `prepdeck cards` shows, such as 12 or #12\n\nFor more information, try '--help'.\n",
        ),
        (
            &["tag", "ops", "1", "2", "99"],
            1,
            "prepdeck: no card has the id \"99\"; `prepdeck cards --all` lists them\n",
        ),
        (
            &["untag", "keep", "1", "99"],
            1,
            "prepdeck: no card has the id \"99\"; `prepdeck cards --all` lists them\n",
        ),
        (
            &["tag", "ops", "50-60"],
            1,
            "prepdeck: no card has an id in 50-60; `prepdeck cards --all` lists them\n",
        ),
        (
            &["tag", "ops", "5-2"],
            2,
            "error: invalid value '5-2' for '<CARD>...': not a range of card ids: give the lower id first, such as 12-20\n\nFor more information, try '--help'.\n",
        ),
        (
            &["tag", "two words", "1"],
            2,
            "prepdeck: \"two words\" is not a tag: a tag is one word of at most 200 characters (system-design, not system design)\n",
        ),
        (
            &["cards", "--search", "\"*( -"],
            2,
            "prepdeck: --search \"\"*( -\" holds no word to look for: give letters or digits\n",
        ),
    ];
    for (args, code, message) in refusals {
        assert_eq!(s.fails(args, code), message, "{args:?}");
    }
    assert_eq!(everything(&s), before);
}

#[test]
fn tag_and_untag_take_lists_and_ranges_and_tags_counts_them() {
    let (s, _) = acme();
    assert_eq!(
        s.ok(&["tag", "Systems", "1-3", "#5", "2"]),
        "tagged 4 cards with Systems\n"
    );
    assert_eq!(
        s.ok(&["tag", "systems", "1,4"]),
        "tagged 1 card with systems (1 other had it already)\n"
    );
    s.ok(&["tag", "ops", "4"]);
    s.ok(&["suspend", "5"]);
    assert_eq!(
        s.json(&["tags", "--json"]),
        serde_json::json!([
            {"tag": "ops", "cards": 1, "all": 1},
            {"tag": "Systems", "cards": 4, "all": 5},
        ])
    );
    assert_eq!(
        s.ok(&["tags"]),
        "TAG      ACTIVE  ALL\nops           1    1\nSystems       4    5\n\
         ACTIVE leaves out suspended and retired cards; ALL counts them.\n"
    );
    assert_eq!(
        card(&s, "4")["tags"],
        serde_json::json!(["ops", "Systems"]),
        "the first spelling is kept"
    );
    assert_eq!(s.ok(&["untag", "SYSTEMS", "1-2", "4"]), "took SYSTEMS off 3 cards\n");
    assert_eq!(
        s.ok(&["untag", "systems", "1"]),
        "took systems off 0 cards (1 other did not have it)\n"
    );
    assert_eq!(ids(&s.json(&["cards", "--tag", "systems", "--all", "--json"])), [3, 5]);
    // Ranges work wherever cards are listed.
    assert_eq!(s.ok(&["suspend", "1-2"]), "suspended #1, #2\n");
    // The header, both tags, and the line saying what ACTIVE leaves out.
    assert_eq!(s.ok(&["tags"]).lines().count(), 4);
}

#[test]
fn every_tag_filter_picks_the_tagged_cards() {
    let (s, _) = acme();
    s.ok(&["tag", "infra", "1", "3"]);
    assert_eq!(ids(&s.json(&["cards", "--tag", "INFRA", "--json"])), [1, 3]);
    assert_eq!(
        ids(&s.json(&["cards", "acme", "--tag", "infra", "--kind", "question", "--json"])),
        [1, 3]
    );
    assert_eq!(ids(&s.json(&["due", "--tag", "infra", "--json"])), [1, 3]);
    assert_eq!(ids(&s.json(&["due", "--json"])).len(), 5);
    assert_eq!(s.ok(&["cards", "--tag", "nothing"]), "No cards match.\n");
    assert_eq!(
        s.ok(&["due", "--tag", "nothing"]),
        "Nothing to review now, and nothing scheduled. Import a profile or drill a deck.\n"
    );
    // Tomorrow, card 1 is due and card 2 too, but only card 1 carries the tag.
    let mut s = s;
    s.ok(&["grade", "1", "4"]);
    s.ok(&["grade", "2", "4"]);
    s.on("2026-03-02");
    let due: Vec<Value> = s
        .json(&["due", "--tag", "infra", "--new", "0", "--json"])
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(due.iter().map(|c| c["id"].as_i64().unwrap()).collect::<Vec<_>>(), [1]);
    assert_eq!(
        s.fails(&["due", "--tag", "a b"], 2),
        "prepdeck: \"a b\" is not a tag: a tag is one word of at most 200 characters (system-design, not system design)\n"
    );
}

#[test]
fn search_ranks_every_word_in_any_order_and_combines_with_every_filter() {
    let (s, _) = acme();
    s.ok(&[
        "answer",
        "2",
        "--text",
        "The cache stampede at Acme: we added request coalescing in front of the ledger.",
    ]);
    s.ok(&[
        "add",
        "acme",
        "--kind",
        "topic",
        "--front",
        "Résumé caching",
        "--back",
        "Keep it short.",
    ]);
    s.ok(&[
        "story",
        "new",
        "Dispatcher",
        "--text",
        "Rewrote the dispatcher in Rust; latency fell by half.",
    ]);
    s.ok(&["story", "link", "dispatcher", "3"]);
    let found = |args: &[&str]| -> Vec<i64> {
        let mut all = vec!["cards", "--json"];
        all.extend_from_slice(args);
        ids(&s.json(&all))
    };
    // A word in the front counts most, then the back and answer.
    assert_eq!(found(&["--search", "cache"]), [1, 2]);
    assert_eq!(
        found(&["--search", "CACH"]),
        [6, 1, 2],
        "a prefix in any case, accents aside"
    );
    assert_eq!(found(&["--search", "resume"]), [6]);
    assert_eq!(found(&["--search", "map fleet"]), [1], "every word, in any order");
    assert_eq!(found(&["--search", "rust"]), [3], "a linked story's words");
    assert_eq!(
        found(&["--search", "queue latency"]),
        [3],
        "the card's words and its story's together"
    );
    assert!(found(&["--search", "cache queue"]).is_empty());
    // What the user types is never query syntax.
    for typed in [
        "\"cache",
        "cache*",
        "-cache",
        "cache)",
        "cache:",
        "^cache",
        "{cache}",
        "(((cache",
        "\"\"\"cache\"",
    ] {
        assert_eq!(found(&["--search", typed]), [1, 2], "{typed:?}");
    }
    for typed in ["cache AND", "NEAR(cache", "cache OR x"] {
        assert!(
            found(&["--search", typed]).is_empty(),
            "{typed:?}: AND, OR, NEAR are words like any other"
        );
    }
    // Combined with the deck, kind, tag and state filters.
    s.ok(&["tag", "infra", "2"]);
    assert_eq!(found(&["acme", "--search", "cach", "--kind", "question"]), [1, 2]);
    assert_eq!(found(&["--search", "cach", "--tag", "infra"]), [2]);
    s.ok(&["grade", "2", "4"]);
    assert_eq!(found(&["--search", "cach", "--state", "learning"]), [2]);
    assert_eq!(found(&["--search", "cach", "--state", "new"]), [6, 1]);
    s.ok(&["suspend", "1"]);
    assert_eq!(found(&["--search", "cach"]), [6, 2]);
    assert_eq!(found(&["--search", "cach", "--all"]), [6, 1, 2]);
    assert_eq!(
        found(&["--search", "cach", "--state", "suspended"]),
        [1],
        "a state out of sessions needs no --all"
    );
    assert_eq!(
        s.fails(&["cards", "--state", "asleep"], 2),
        "error: invalid value 'asleep' for '--state <STATE>'\n  [possible values: new, learning, review, suspended, retired]\n\nFor more information, try '--help'.\n"
    );
}

#[test]
fn a_card_found_by_search_reads_as_the_listing_shows_it_cue_included() {
    let (s, _) = acme();
    let listed = s.json(&["cards", "--json"]);
    let found = s.json(&["cards", "--search", "dispatcher", "--json"]);
    let found = found.as_array().unwrap();
    assert!(!found.is_empty());
    for card in found {
        let same = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == card["id"])
            .unwrap();
        assert!(same["front"].as_str().unwrap().contains("hint:"), "{same}");
        assert_eq!(card["front"], same["front"], "card #{}", card["id"]);
    }
}

#[test]
fn search_results_fit_80_columns_and_mark_the_words_found_when_colour_is_on() {
    let (s, _) = acme();
    s.ok(&[
        "answer",
        "2",
        "--text",
        "Long before the pager went off we had seen the signs: the cache stampede at Acme, which we stopped with request coalescing in front of the ledger.",
    ]);
    let plain = s.ok_at(80, &["cards", "--search", "coalescing outage"]);
    assert_eq!(
        plain,
        "1 card found, best first:\n\
         #2    Acme Robotics · question · new\n     \
         Tell me about an outage you handled.\n     \
         your answer: …we stopped with request coalescing in front of the ledger.\n"
    );
    assert!(plain.lines().all(|l| l.chars().count() <= 80), "{plain}");
    let colour = s.ok_at(80, &["--color", "always", "cards", "--search", "outage"]);
    assert!(colour.contains("\u{1b}[1;35moutage\u{1b}[0m"), "{colour:?}");
    assert!(!plain.contains('\u{1b}'));
}

/// The cards of a backup file, by guid.
fn backup_cards(path: &str) -> Vec<Value> {
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["decks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["cards"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn a_backup_carries_hand_made_cards_edits_and_tags_and_a_restore_merges_them() {
    let (a, _) = acme();
    a.ok(&[
        "add",
        "acme",
        "--front",
        "Why robots?",
        "--back",
        "Scale.",
        "--tag",
        "mine",
    ]);
    a.ok(&["edit", "1", "--front", "How would you cache the fleet map?"]);
    a.ok(&["edit", "2", "--back", "The March outage."]);
    a.ok(&["tag", "infra", "1", "3"]);
    let backup = a.dir.path().join("a.json").to_string_lossy().into_owned();
    a.ok(&["export", "--all-decks", "--format", "json", "-o", &backup]);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&backup).unwrap()).unwrap();
    assert_eq!(doc["version"], 6);
    let in_file = backup_cards(&backup);
    let hand = in_file.iter().find(|c| c["item_text"] == "Why robots?").unwrap();
    assert_eq!(
        (hand["by_hand"].as_bool(), hand["tags"].clone()),
        (Some(true), serde_json::json!(["mine"]))
    );
    assert!(
        doc["decks"][0]["documents"][0]["cards"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| *g != hand["guid"]),
        "no document holds a hand-made card"
    );

    // A new machine gets everything back.
    let b = Sandbox::new();
    b.ok(&["import", &backup]);
    let restored = b.all_cards();
    assert_eq!(restored.len(), 6);
    let mine = b.card_with("Why robots?");
    assert_eq!(
        (mine["by_hand"].as_bool(), mine["tags"].clone()),
        (Some(true), serde_json::json!(["mine"]))
    );
    assert_eq!(
        b.json(&["show", "1", "--json"])["front"],
        "How would you cache the fleet map?"
    );
    assert_eq!(b.json(&["show", "2", "--json"])["back"], "The March outage.");
    assert_eq!(ids(&b.json(&["cards", "--tag", "infra", "--json"])), [1, 3]);

    // A machine with the profile and its own later edits: tags united, the backup's own
    // back taken (none was written here), its own front kept (written later here), the
    // backup's front in the card's history.
    let (mut c, path) = acme();
    c.on("2026-03-02");
    c.ok(&["edit", "1", "--front", "Cache the fleet map: how?"]);
    c.ok(&["tag", "local", "1"]);
    let report = c.ok(&["import", &backup]);
    assert!(
        report.contains("took the later values from the backup: 1 card value, 3 tags"),
        "{report}"
    );
    let shown = c.ok(&["show", "1"]);
    let earlier = shown.split("earlier versions").nth(1).unwrap_or_default();
    assert!(earlier.contains("How would you cache the fleet map?"), "{shown}");
    let one = c.json(&["show", "1", "--json"]);
    assert_eq!(one["front"], "Cache the fleet map: how?");
    assert_eq!(one["tags"], serde_json::json!(["infra", "local"]));
    assert_eq!(c.json(&["show", "2", "--json"])["back"], "The March outage.");
    assert_eq!(c.card_with("Why robots?")["by_hand"], true);
    // Restoring again changes nothing, and a re-import leaves the hand-made card alone.
    let again = c.ok(&["import", &backup]);
    assert!(!again.contains("took"), "{again}");
    c.ok(&["import", &path]);
    assert_eq!(c.all_cards().len(), 6);
    assert_eq!(c.card_with("Why robots?")["state"], "new");
}

#[test]
fn an_earlier_backup_without_tags_or_own_texts_is_still_restored() {
    let (a, _) = acme();
    let backup = a.dir.path().join("a.json").to_string_lossy().into_owned();
    a.ok(&["export", "--all-decks", "--format", "json", "-o", &backup]);
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&backup).unwrap()).unwrap();
    doc["version"] = Value::from(4);
    for card in doc["decks"][0]["cards"].as_array_mut().unwrap() {
        let card = card.as_object_mut().unwrap();
        for field in ["own_front", "own_back", "by_hand", "tags"] {
            assert!(card.remove(field).is_some(), "{field} is written");
        }
    }
    let v4 = a.write("v4.json", doc.to_string());
    let b = Sandbox::new();
    b.ok(&["import", &v4]);
    let cards = b.all_cards();
    assert_eq!(cards.len(), 5);
    assert!(
        cards
            .iter()
            .all(|c| c["by_hand"] == false && c["tags"] == serde_json::json!([]))
    );
}

/// A change that spoils a backup.
type Spoil<'a> = Box<dyn Fn(&mut Value) + 'a>;

#[test]
fn a_backup_with_an_impossible_hand_made_card_is_refused_whole() {
    let (a, _) = acme();
    a.ok(&["add", "acme", "--front", "Why robots?"]);
    let backup = a.dir.path().join("a.json").to_string_lossy().into_owned();
    a.ok(&["export", "--all-decks", "--format", "json", "-o", &backup]);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&backup).unwrap()).unwrap();
    let hand_guid = backup_cards(&backup).iter().find(|c| c["by_hand"] == true).unwrap()["guid"].clone();
    let b = Sandbox::new();
    let cases: [(&str, Spoil<'_>); 3] = [
        (
            "which was added by hand (no document holds one)",
            Box::new(|d: &mut Value| {
                d["decks"][0]["documents"][0]["cards"]
                    .as_array_mut()
                    .unwrap()
                    .push(hand_guid.clone());
            }),
        ),
        (
            "is not a tag",
            Box::new(|d: &mut Value| d["decks"][0]["cards"][0]["tags"] = serde_json::json!(["two words"])),
        ),
        (
            "it was added by hand, so no document can retire it",
            Box::new(|d: &mut Value| {
                let cards = d["decks"][0]["cards"].as_array_mut().unwrap();
                let hand = cards.iter_mut().find(|c| c["by_hand"] == true).unwrap();
                hand["retired_at"] = Value::from("2026-03-01T09:00:00+01:00");
            }),
        ),
    ];
    for (problem, spoil) in cases {
        let mut bad = doc.clone();
        spoil(&mut bad);
        let file = b.write("bad.json", bad.to_string());
        let err = b.fails(&["import", &file], 1);
        assert!(err.contains(problem) && err.contains("nothing was restored"), "{err}");
        assert_eq!(
            b.json(&["decks", "--json"]),
            serde_json::json!([]),
            "nothing was restored"
        );
    }
}

mod on_a_terminal {
    //! The same in a pseudo-terminal: the preview on a card's back and the line after a
    //! grade, `review --tag` and `drill --tag`, and `add` asking before it makes a deck.

    use nix::sys::wait::WaitStatus;
    use rexpect::session::PtySession;

    use super::{acme, card};
    use crate::pty::spawn;

    fn finish(mut p: PtySession) -> (String, i32) {
        let rest = p.exp_eof().unwrap_or_default();
        let code = match p.process().wait() {
            Ok(WaitStatus::Exited(_, code)) => code,
            other => panic!("unexpected end: {other:?}"),
        };
        (rest, code)
    }

    #[test]
    fn the_back_shows_what_each_grade_does_and_the_grade_stores_just_that() {
        let (mut s, _) = acme();
        s.ok(&["interview", "acme", "2026-03-20"]);
        s.ok(&["grade", "1", "4"]);
        s.on("2026-03-02");
        s.ok(&["grade", "1", "4"]);
        s.on("2026-03-08");
        // Card 1 is due today; a pass would be due after the interview, so the last day
        // before it (03-19) takes it. (rexpect matches ASCII only: no `·` here.)
        let mut p = spawn(&s, &["review", "acme"]);
        p.exp_string("How would you design a cache").unwrap();
        p.exp_string("Enter reveal").unwrap();
        p.send_line("").unwrap();
        p.exp_string("again: 1 d").unwrap();
        p.exp_string("3-5: 11 d, last day").unwrap();
        p.exp_string("below 4: again this session").unwrap();
        p.exp_string("0-5 or again").unwrap();
        p.send_line("4").unwrap();
        p.exp_string("next due in 11 days (Thu 19 Mar, the day before the interview)")
            .unwrap();
        // The next card, failed: it comes back later, due tomorrow.
        p.exp_string("Enter reveal").unwrap();
        p.send_line("1").unwrap();
        p.exp_string("back later this session; next due tomorrow (Mon 9 Mar)")
            .unwrap();
        p.send_control('c').unwrap();
        let (rest, code) = finish(p);
        assert_eq!(code, 0, "{rest}");
        assert_eq!(card(&s, "1")["due"], "2026-03-19");
        let failed: Vec<serde_json::Value> = s.all_cards().into_iter().filter(|c| c["lapses"] == 1).collect();
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0]["due"], "2026-03-09");
    }

    #[test]
    fn review_and_drill_take_only_the_tagged_cards() {
        let (s, _) = acme();
        s.ok(&["tag", "infra", "3", "5"]);
        let mut p = spawn(&s, &["review", "--tag", "infra"]);
        p.exp_string("2 cards today: 0 due, 2 new").unwrap();
        for front in [
            "How do you size a work queue?",
            "What does the on-call rotation look like?",
        ] {
            p.exp_string("Enter reveal").unwrap();
            p.send_line("5").unwrap();
            p.exp_string(front).unwrap();
        }
        let (rest, code) = finish(p);
        assert_eq!(code, 0, "{rest}");
        let reviewed: Vec<i64> = s
            .all_cards()
            .iter()
            .filter(|c| c["reviews"] == 1)
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        assert_eq!(reviewed, [3, 5]);

        let mut p = spawn(&s, &["drill", "acme", "--tag", "INFRA"]);
        p.exp_string("Drilling 2 cards of Acme Robotics").unwrap();
        p.exp_string("Enter reveal").unwrap();
        p.send_line("5").unwrap();
        p.exp_string("Enter reveal").unwrap();
        p.send_line("5").unwrap();
        let (rest, code) = finish(p);
        assert_eq!(code, 0, "{rest}");
        assert!(rest.contains("Session complete: 2 cards"), "{rest}");
        let mut p = spawn(&s, &["drill", "acme", "--tag", "nothing"]);
        p.exp_string("This deck has no active cards tagged nothing to drill.")
            .unwrap();
        assert_eq!(finish(p).1, 0);
    }

    #[test]
    fn add_asks_before_it_makes_a_deck() {
        let (s, _) = acme();
        let mut p = spawn(&s, &["add", "acmee", "--front", "Typo?"]);
        p.exp_string("There is no deck \"acmee\" (did you mean \"Acme Robotics\"?). Make it?")
            .unwrap();
        p.send_line("n").unwrap();
        p.exp_string("no card added").unwrap();
        assert_eq!(finish(p).1, 0);
        assert_eq!(s.json(&["decks", "--json"]).as_array().unwrap().len(), 1);
        let mut p = spawn(&s, &["add", "Lumen", "--front", "Why Lumen?"]);
        p.exp_string("Make it?").unwrap();
        p.send_line("y").unwrap();
        p.exp_string("added card #6 to Lumen (a new deck): question").unwrap();
        assert_eq!(finish(p).1, 0);
    }
}

/// The search index takes written cards in bulk before a search reads it: whatever wrote
/// them (a folder imported in one bulk write, a re-import that changed an item, an answer,
/// a restore into another database), a search finds the words they hold now and not the
/// words they lost.
#[test]
fn search_finds_what_a_bulk_import_a_reimport_an_answer_and_a_restore_wrote() {
    let s = Sandbox::new();
    let company = |name: &str, word: &str| {
        format!(
            "# Company Profile: {name}\n## Potential Questions to Prepare For\n- How would you shard the {word} ledger?\n- Tell me about an outage you handled.\n"
        )
    };
    std::fs::create_dir_all(s.dir.path().join("profiles")).unwrap();
    for (file, name, word) in [
        ("a.md", "Avalon", "zephyr"),
        ("b.md", "Borealis", "quokka"),
        ("c.md", "Cirrus", "marmot"),
    ] {
        s.write(&format!("profiles/{file}"), company(name, word));
    }
    let profiles = s.dir.path().join("profiles");
    s.ok(&["import", profiles.to_str().unwrap()]);
    let found = |s: &Sandbox, words: &str| -> Vec<String> {
        s.json(&["cards", "--search", words, "--json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["deck"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(found(&s, "quokka"), ["Borealis"]);
    assert_eq!(found(&s, "outage"), ["Avalon", "Borealis", "Cirrus"]);
    s.write("profiles/b.md", company("Borealis", "wombat"));
    s.ok(&["import", profiles.to_str().unwrap()]);
    assert_eq!(found(&s, "wombat"), ["Borealis"], "the item's new words");
    assert!(found(&s, "quokka").is_empty(), "not the words it lost");
    let marmot = s.json(&["cards", "--search", "marmot", "--json"])[0]["id"].to_string();
    s.ok(&[
        "answer",
        &marmot,
        "--text",
        "Consistent hashing with a narwhal of replicas.",
    ]);
    assert_eq!(found(&s, "narwhal"), ["Cirrus"], "an answer's words");
    let backup = s.dir.path().join("backup.json");
    s.ok(&[
        "export",
        "--all-decks",
        "--format",
        "json",
        "-o",
        backup.to_str().unwrap(),
    ]);
    let restored = Sandbox::new();
    restored.ok(&["import", backup.to_str().unwrap()]);
    assert_eq!(found(&restored, "narwhal wombat").len(), 0, "every word, in one card");
    assert_eq!(found(&restored, "narwhal"), ["Cirrus"]);
    assert_eq!(found(&restored, "wombat"), ["Borealis"]);
    assert_eq!(found(&restored, "outage").len(), 3);
}

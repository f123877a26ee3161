//! Question banks: every shape of question-and-answer document becomes one question card
//! per question with the document's answer as its back, the junk around them none; the
//! answer follows re-imports while the user's own answer stays; long answers read well at
//! 80 columns and survive export.

use serde_json::Value;

use crate::util::{Sandbox, fixtures};

/// Imports one bank fixture; returns the import report's entry for it and the cards.
fn import_bank(sandbox: &Sandbox, name: &str) -> (Value, Vec<Value>) {
    let bytes = std::fs::read(fixtures().join("banks").join(name)).unwrap();
    let path = sandbox.write(name, bytes);
    let report = sandbox.json(&["import", &path, "--json"]);
    (report["files"][0].clone(), sandbox.all_cards())
}

fn fronts(cards: &[Value]) -> Vec<&str> {
    cards.iter().map(|c| c["front"].as_str().unwrap()).collect()
}

fn back_of<'c>(cards: &'c [Value], front: &str) -> &'c str {
    let card = cards
        .iter()
        .find(|c| c["front"].as_str().unwrap().starts_with(front))
        .unwrap_or_else(|| panic!("no card {front:?} in {:?}", fronts(cards)));
    card["back"].as_str().unwrap()
}

/// None of `junk` appears on any card (front, back, section, context).
fn nowhere(cards: &[Value], junk: &[&str]) {
    for card in cards {
        for field in ["front", "back", "section", "context"] {
            let text = card[field].as_str().unwrap();
            for j in junk {
                assert!(!text.contains(j), "{j:?} on a card: {card}");
            }
        }
    }
}

#[test]
fn numbered_question_headings_with_a_linked_contents_table() {
    let sandbox = Sandbox::new();
    let (report, cards) = import_bank(&sandbox, "heading-items.md");
    assert_eq!(report["deck"], "Rust Interview Questions & Answers");
    assert_eq!(
        fronts(&cards),
        vec![
            "What is ownership",
            "What is a lifetime",
            "How do you share data between threads",
            "Explain the difference between String and &str",
            "What is a trait object",
        ],
        "one card per question: no contents entry, answer line or repeat"
    );
    assert_eq!(
        back_of(&cards, "What is ownership"),
        "Every value has exactly one owner. When the owner goes out of scope the value is dropped.\nMoving a value hands ownership to another binding:\n\n```rust\nlet a = String::from(\"hi\");\nlet b = a;          // a is moved into b\n// println!(\"{a}\"); // error: borrow of moved value\n```\n\n| Operation | Effect on `a` |\n|-----------|---------------|\n| `let b = a;` | moved, unusable |\n| `let b = a.clone();` | still usable |\n| `let b = &a;` | borrowed |",
        "the answer as written: paragraphs, code, table; the repeat's answer does not replace it"
    );
    assert!(
        back_of(&cards, "What is a lifetime").starts_with(
            "A lifetime names the region of code in which a reference is valid.\n\n#### Example\n\n```rust\nfn longest"
        ),
        "a sub-heading stays in the answer"
    );
    assert_eq!(
        back_of(&cards, "What is a trait object"),
        "",
        "no answer written, none made up"
    );
    nowhere(
        &cards,
        &[
            "Back to Top",
            "Table of Contents",
            "shields.io",
            "banner",
            "Disclaimer",
            "Asked again",
        ],
    );
    let shape = &report["shape"];
    assert_eq!(shape["kind"], "question bank");
    assert_eq!(
        (shape["questions"].as_u64(), shape["answered"].as_u64()),
        (Some(5), Some(4))
    );
    assert_eq!(shape["written_as"]["question headings"], 5);
    assert_eq!(shape["skipped"]["table of contents"], 5);
    assert_eq!(shape["skipped"]["navigation links"], 6);
    assert_eq!(shape["skipped"]["repeated questions"], 1);
    assert_eq!(
        report["read_as"],
        "question bank: 5 questions, 4 with answers (question headings); table of contents skipped (5 entries); 6 back-to-top links skipped; 1 repeated question kept once"
    );
}

#[test]
fn details_blocks_with_questions_in_their_summaries() {
    let sandbox = Sandbox::new();
    let (report, cards) = import_bank(&sandbox, "details.md");
    assert_eq!(report["deck"], "Linux");
    assert_eq!(
        fronts(&cards),
        vec![
            "What does `chmod 750 file` do?",
            "How do you find which process listens on port 8080?",
            "What is an inode?",
            "True or False? A zombie process still holds its memory",
            "Explain the difference between a `fork` and a thread",
        ]
    );
    assert_eq!(
        back_of(&cards, "How do you find"),
        "```\nss -ltnp 'sport = :8080'\nlsof -i :8080\n```"
    );
    assert_eq!(back_of(&cards, "What is an inode?"), "", "an empty body is no answer");
    assert_eq!(
        back_of(&cards, "Explain the difference"),
        "- A forked child gets a copy of the address space.\n- Threads share one address space."
    );
    let sections: Vec<&str> = cards.iter().map(|c| c["section"].as_str().unwrap()).collect();
    assert_eq!(
        sections,
        vec!["Questions", "Questions", "Questions", "Processes", "Processes"]
    );
    nowhere(&cards, &["Permissions", "<summary>", "</b>", "back to top", "<details"]);
    assert_eq!(report["shape"]["written_as"]["<details> blocks"], 5);
}

#[test]
fn q_and_a_pairs_plain_bold_and_in_lists_with_front_matter_and_mdx_left_out() {
    let sandbox = Sandbox::new();
    let (report, cards) = import_bank(&sandbox, "pairs.mdx");
    assert_eq!(
        fronts(&cards),
        vec![
            "What is the difference between TCP and UDP?",
            "What does DNS resolve?",
            "What is a subnet mask for?",
            "What port does HTTPS use by default?",
            "What is a MAC address?",
            "What happens when a packet's TTL reaches zero?",
        ]
    );
    assert_eq!(
        back_of(&cards, "What is the difference between TCP"),
        "TCP is connection-oriented and reliable; UDP sends datagrams with no delivery guarantee.\n\nIt trades reliability for latency."
    );
    assert_eq!(back_of(&cards, "What does DNS"), "Names to addresses.");
    assert_eq!(
        back_of(&cards, "What is a subnet mask"),
        "It splits an address into its network and host parts.\n\n```\n192.168.1.0/24  ->  255.255.255.0\n```"
    );
    assert_eq!(back_of(&cards, "What port"), "443.");
    assert_eq!(
        back_of(&cards, "What is a MAC"),
        "A hardware address of a network interface."
    );
    nowhere(&cards, &["import", "SomeAd", "title:", "Callout", "tags:"]);
    assert_eq!(report["shape"]["skipped"]["front matter and mdx"], 5);
}

#[test]
fn lists_of_questions_keep_follow_ups_on_the_card_and_take_answers_below_them() {
    let sandbox = Sandbox::new();
    let (report, cards) = import_bank(&sandbox, "lists.md");
    let questions: Vec<&Value> = cards.iter().filter(|c| c["kind"] == "question").collect();
    let texts: Vec<&str> = questions.iter().map(|c| c["front"].as_str().unwrap()).collect();
    assert_eq!(
        texts,
        vec![
            "Tell me about a time you disagreed with a teammate.",
            "How do you handle a teammate who misses deadlines?",
            "Describe a project you led from start to finish.",
            "What is the biggest mistake you made at work?",
            "How do you recover from a missed deadline?",
        ],
        "contents entries are not questions"
    );
    assert_eq!(
        questions[0]["context"], "What did you do next?\nWould you do it differently today?",
        "follow-ups stay on their question's card"
    );
    assert_eq!(
        back_of(&cards, "How do you handle"),
        "I talk to them first, privately, and ask what is in the way."
    );
    assert_eq!(
        back_of(&cards, "What is the biggest mistake"),
        "Shipping a migration on a Friday afternoon. I now schedule risky changes early in the week."
    );
    let asks: Vec<&Value> = cards.iter().filter(|c| c["kind"] == "ask").collect();
    assert_eq!(asks.len(), 2, "questions to ask stay questions to ask");
    for card in &cards {
        for entry in ["Teamwork", "Big failures", "Failure"] {
            assert_ne!(card["front"], entry, "a contents entry became a card");
        }
    }
    assert!(
        report["read_as"]
            .as_str()
            .unwrap()
            .contains("table of contents skipped (2 entries)"),
        "{report}"
    );
}

#[test]
fn a_table_with_question_and_answer_columns() {
    let sandbox = Sandbox::new();
    let (report, cards) = import_bank(&sandbox, "table.md");
    assert_eq!(
        fronts(&cards),
        vec![
            "What is a load balancer?",
            "What is sharding?",
            "What does `CAP` stand for?",
            "What is a CDN?"
        ]
    );
    assert_eq!(
        back_of(&cards, "What is sharding?"),
        "Splitting data across databases by key.\nEach shard holds a subset."
    );
    assert_eq!(back_of(&cards, "What is a CDN?"), "");
    nowhere(&cards, &["RPS", "requests per second"]);
    assert_eq!(report["shape"]["written_as"]["question/answer tables"], 4);
}

#[test]
fn code_and_options_above_an_answer_summary_belong_to_the_question() {
    let sandbox = Sandbox::new();
    let (_, cards) = import_bank(&sandbox, "quiz.md");
    assert_eq!(
        cards.len(),
        3,
        "the same wording over different code is three questions"
    );
    assert_eq!(
        cards[0]["front"],
        "What's the output?\n\n```python\nprint(0.1 + 0.2 == 0.3)\n```\n\n- A: `True`\n- B: `False`"
    );
    assert_eq!(
        cards[0]["back"],
        "#### Answer: B\n\nFloating point cannot represent 0.1 exactly, so the sum is `0.30000000000000004`."
    );
    assert_eq!(cards[2]["front"], "Lists are mutable.\n\n- A: true\n- B: false");
    assert_eq!(cards[2]["back"], "#### Answer: A");
    nowhere(&cards, &["collapsed section", "<details", "</p>"]);
}

#[test]
fn bold_question_lines_in_a_text_file() {
    let sandbox = Sandbox::new();
    let (_, cards) = import_bank(&sandbox, "bold.txt");
    assert_eq!(
        fronts(&cards),
        vec![
            "What is a Pod?",
            "Why would you use a Deployment instead of a bare Pod?",
            "Difference between a ConfigMap and a Secret"
        ]
    );
    assert_eq!(
        back_of(&cards, "What is a Pod?"),
        "The smallest deployable unit: one or more containers that share a network namespace."
    );
    nowhere(&cards, &["Kubernetes review"]);
}

#[test]
fn an_html_bank_keeps_its_lists_code_and_tables() {
    let sandbox = Sandbox::new();
    let (report, cards) = import_bank(&sandbox, "bank.html");
    assert_eq!(report["format"], "html");
    assert_eq!(
        fronts(&cards),
        vec![
            "What is the difference between an INNER JOIN and a LEFT JOIN?",
            "When would you use a self join?",
            "What does an index cost?",
            "What is a covering index?",
        ]
    );
    let join = back_of(&cards, "What is the difference");
    assert!(
        join.contains("```\nSELECT c.name, o.id\n  FROM customers c\n"),
        "{join}"
    );
    assert_eq!(
        back_of(&cards, "When would you use"),
        "- To compare rows of one table, such as employees and their managers.\n- To walk a hierarchy one level at a time."
    );
    assert_eq!(
        back_of(&cards, "What does an index cost?"),
        "| Operation | Effect |\n|---|---|\n| SELECT | faster lookups |\n| INSERT | slower writes |",
        "the question <details> under it is a card of its own, not part of this answer"
    );
    assert_eq!(
        back_of(&cards, "What is a covering index?"),
        "An index that holds every column a query needs."
    );
    nowhere(&cards, &["Not a question", "Home", "Back to top", "color: navy"]);
}

const BANK_V1: &str = "# Caching

### What is cache stampede?

Many clients miss the same key at once and all hit the database.

### What is write-through caching?

Writes go to the cache and the store together.
";

#[test]
fn the_documents_answer_follows_a_reimport_while_the_users_answer_stays() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("caching.md", BANK_V1);
    sandbox.ok(&["import", &path]);
    let id = sandbox.id_of("What is cache stampede?");
    sandbox.ok(&[
        "answer",
        &id,
        "--text",
        "Mention request coalescing and jittered expiry.",
    ]);
    sandbox.ok(&["grade", &id, "4"]);
    let before = sandbox.card_with("What is cache stampede?");
    assert_eq!(
        before["back"],
        "Many clients miss the same key at once and all hit the database.\n\nYour answer:\nMention request coalescing and jittered expiry."
    );

    let v2 = BANK_V1.replace(
        "Many clients miss the same key at once and all hit the database.",
        "Many clients miss one hot key together and all hit the database.\n\n```\nlock(key) -> one refill\n```",
    );
    sandbox.write("caching.md", &v2);
    let dry = sandbox.ok(&["import", &path, "--dry-run"]);
    assert!(dry.contains("its answer changed"), "{dry}");
    let report = sandbox.json(&["import", &path, "--json"]);
    let file = &report["files"][0];
    assert_eq!(file["added"].as_array().unwrap().len(), 0);
    assert_eq!(file["retired"].as_array().unwrap().len(), 0);
    assert_eq!(file["changed"][0]["to"], "What is cache stampede?");

    let after = sandbox.card_with("What is cache stampede?");
    assert_eq!(after["id"], before["id"], "the same card");
    assert_eq!(after["reviews"], 1, "its history kept");
    assert_eq!(
        after["answer"], "Mention request coalescing and jittered expiry.",
        "the user's answer untouched"
    );
    assert_eq!(
        after["back"],
        "Many clients miss one hot key together and all hit the database.\n\n```\nlock(key) -> one refill\n```\n\nYour answer:\nMention request coalescing and jittered expiry."
    );
    let again = sandbox.json(&["import", &path, "--json"]);
    assert_eq!(again["files"][0]["unchanged"], 2, "nothing changes twice");
}

#[test]
fn a_long_answer_with_code_and_a_table_reads_well_at_80_columns() {
    let sandbox = Sandbox::new();
    import_bank(&sandbox, "heading-items.md");
    let id = sandbox.id_of("What is ownership");
    let page = sandbox.ok_at(80, &["show", &id]);
    for line in page.lines() {
        assert!(prepdeck::ui::width(line) <= 80, "too wide: {line}");
    }
    insta::assert_snapshot!("show_bank_answer", page);
    // A code line longer than the terminal is never broken.
    let long = sandbox.write(
        "long.md",
        "### Why keep code lines whole?\n\n```\nlet total = orders.iter().filter(|o| o.paid).map(|o| o.amount_in_cents).sum::<u64>();\n```\n\nBecause a wrapped line of code reads as two statements, which it is not, and a reader would be misled.\n",
    );
    sandbox.ok(&["import", &long]);
    let page = sandbox.ok_at(60, &["show", &sandbox.id_of("Why keep code lines whole?")]);
    assert!(
        page.contains("      let total = orders.iter().filter(|o| o.paid).map(|o| o.amount_in_cents).sum::<u64>();\n"),
        "{page}"
    );
    assert!(
        page.contains("  Because a wrapped line of code reads as two statements,\n"),
        "{page}"
    );
}

#[test]
fn exports_keep_a_long_answers_code_and_table() {
    let sandbox = Sandbox::new();
    import_bank(&sandbox, "heading-items.md");
    let anki = sandbox.ok(&["export", "rust", "--format", "anki"]);
    assert!(
        anki.contains("<pre><code class=\"\"language-rust\"\">let a = String::from("),
        "{anki}"
    );
    assert!(
        anki.contains("<table>") && anki.contains("<td>moved, unusable</td>"),
        "{anki}"
    );
    let csv = sandbox.ok(&["export", "rust", "--format", "csv"]);
    assert!(csv.contains("```rust\nlet a = String::from(\"\"hi\"\");"), "{csv}");
    let sheet = sandbox.ok(&["export", "rust", "--format", "md"]);
    assert!(sheet.contains("The document answers 4."), "{sheet}");
    assert!(
        sheet.contains("| `let b = a;` | moved, unusable |"),
        "the answer as written: {sheet}"
    );
}

#[test]
fn company_profiles_still_read_as_profiles() {
    let sandbox = Sandbox::new();
    let profile = sandbox.fixture("quarry-systems.md");
    let report = sandbox.json(&["import", &profile, "--json"]);
    assert_eq!(report["files"][0]["shape"]["kind"], "company profile");
    assert!(
        report["files"][0]["read_as"]
            .as_str()
            .unwrap()
            .starts_with("company profile: "),
        "{report}"
    );
}

#[test]
fn pairs_with_the_answer_inline_nested_or_on_the_next_line() {
    let sandbox = Sandbox::new();
    let (_, cards) = import_bank(&sandbox, "pairs-inline.md");
    let pairs: Vec<(&str, &str)> = cards
        .iter()
        .map(|c| (c["front"].as_str().unwrap(), c["back"].as_str().unwrap()))
        .collect();
    assert_eq!(
        pairs,
        vec![
            (
                "What does `defer` do?",
                "It schedules a call to run when the surrounding function returns."
            ),
            (
                "What is the zero value of a slice?",
                "`nil`, with length and capacity zero."
            ),
            (
                "Where do escaping values live?",
                "On the heap; the compiler decides by escape analysis."
            ),
            (
                "What does the garbage collector stop?",
                "Briefly, every goroutine, at the start and end of a cycle."
            ),
            (
                "Is a map safe for concurrent writes?",
                "No. Guard it with a mutex or use `sync.Map`."
            ),
            (
                "What is a goroutine leak?",
                "> A goroutine blocked forever, holding its stack and whatever it references."
            ),
        ]
    );
}

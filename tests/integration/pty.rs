//! The interactive commands end to end, in a pseudo-terminal: what a person at a terminal
//! types, and what is in the database afterwards.

use std::process::Command;

use nix::sys::wait::WaitStatus;
use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};

use crate::util::{Sandbox, bin};

const DECK: &str = "# Company Profile: Larch Labs
## Potential Questions to Prepare For
- First question about larches?
- Second question about pines?
- Third question about firs?
";

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    let path = sandbox.write("larch.md", DECK);
    sandbox.ok(&["import", &path]);
    sandbox
}

/// Starts `prepdeck ARGS` in a pseudo-terminal with the sandbox's database and clock.
pub fn spawn(sandbox: &Sandbox, args: &[&str]) -> PtySession {
    spawn_with(sandbox, args, &[])
}

/// As [`spawn`], with more environment variables.
pub fn spawn_with(sandbox: &Sandbox, args: &[&str], vars: &[(&str, &str)]) -> PtySession {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .env("PREPDECK_DB", &sandbox.db)
        .env("PREPDECK_NOW", &sandbox.now)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env("TERM", "xterm")
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .env_remove("PREPDECK_CONFIG")
        .env("XDG_CONFIG_HOME", sandbox.config_home());
    cmd.envs(vars.iter().copied());
    spawn_with_options(
        cmd,
        Options::new().timeout_ms(Some(20_000)).strip_ansi_escape_codes(true),
    )
    .expect("a pseudo-terminal")
}

/// Waits for a card's front, reveals it, waits for the grade prompt and types `grade`.
fn grade_card(p: &mut PtySession, front: &str, grade: &str) {
    p.exp_string(front)
        .unwrap_or_else(|e| panic!("waiting for {front:?}: {e}"));
    p.exp_string("Enter reveal").unwrap();
    p.send_line("").unwrap();
    p.exp_string("0-5 or again")
        .unwrap_or_else(|e| panic!("waiting for the grade prompt of {front:?}: {e}"));
    p.send_line(grade).unwrap();
}

/// Reads the rest of the output and the exit status.
fn finish(mut p: PtySession) -> (String, i32) {
    let rest = p.exp_eof().unwrap_or_default();
    let code = match p.process().wait() {
        Ok(WaitStatus::Exited(_, code)) => code,
        other => panic!("unexpected end: {other:?}"),
    };
    (rest, code)
}

#[test]
fn review_reveals_and_grades_three_cards() {
    let sandbox = sandbox();
    let mut p = spawn(&sandbox, &["review"]);
    p.exp_string("3 cards today: 0 due, 3 new").unwrap();
    grade_card(&mut p, "First question about larches?", "4");
    grade_card(&mut p, "Second question about pines?", "good");
    grade_card(&mut p, "Third question about firs?", "5");
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("Session complete: 3 cards, 3 grades"), "{rest}");
    assert!(rest.contains("first time  3 of 3 recalled"), "{rest}");
    for card in sandbox.all_cards() {
        assert_eq!(card["reviews"], 1, "{card}");
        assert_eq!(card["interval"], 1);
        assert_eq!(card["due"], "2026-03-02");
    }
}

#[test]
fn a_failed_card_comes_back_and_keeps_the_schedule_its_first_grade_set() {
    let sandbox = sandbox();
    let mut p = spawn(&sandbox, &["review"]);
    grade_card(&mut p, "First question about larches?", "1");
    grade_card(&mut p, "Second question about pines?", "4");
    grade_card(&mut p, "Third question about firs?", "4");
    // The failed card is shown again, marked as a repeat, and graded 5 this time.
    // (rexpect reads bytes one by one, so only ASCII is matched.)
    p.exp_string(" again ").unwrap();
    grade_card(&mut p, "First question about larches?", "5");
    let (rest, code) = finish(p);
    assert_eq!(code, 0);
    assert!(rest.contains("needed repeats:"), "{rest}");
    let card = sandbox.card_with("larches");
    assert_eq!(card["reviews"], 2, "the repeat is logged");
    assert_eq!(card["lapses"], 1);
    assert_eq!(
        card["repetitions"], 0,
        "the repeat (practice) left SM-2's state as the first grade set it"
    );
    assert_eq!(card["interval"], 1);
    assert_eq!(card["ease"], 1.96);
    assert_eq!(card["due"], "2026-03-02");
}

#[test]
fn ctrl_c_after_one_grade_keeps_that_grade() {
    let sandbox = sandbox();
    let mut p = spawn(&sandbox, &["review"]);
    grade_card(&mut p, "First question about larches?", "5");
    p.exp_string("Second question about pines?").unwrap();
    p.exp_string("Enter reveal").unwrap();
    p.send_control('c').unwrap();
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "Ctrl-C ends the session normally: {rest}");
    assert!(rest.contains("Session ended early: 1 card, 1 grade"), "{rest}");
    assert_eq!(sandbox.card_with("larches")["reviews"], 1);
    assert_eq!(sandbox.card_with("larches")["ease"], 2.6);
    assert_eq!(sandbox.card_with("pines")["reviews"], 0);
}

#[test]
fn drill_keeps_a_recalled_cards_due_date_and_counts_a_failure_as_a_lapse() {
    let mut sandbox = sandbox();
    // All three cards reviewed and due in six days.
    for text in ["larches", "pines", "firs"] {
        let id = sandbox.id_of(text);
        sandbox.ok(&["grade", &id, "5"]);
        sandbox.on("2026-03-02");
        sandbox.ok(&["grade", &id, "5"]);
        sandbox.on("2026-03-01");
    }
    sandbox.on("2026-03-03");
    let mut p = spawn(&sandbox, &["drill", "larch"]);
    p.exp_string("Drilling 3 cards of Larch Labs").unwrap();
    // Equal recall: document order. Larches recalled, pines failed, firs recalled.
    grade_card(&mut p, "First question about larches?", "4");
    grade_card(&mut p, "Second question about pines?", "2");
    grade_card(&mut p, "Third question about firs?", "5");
    grade_card(&mut p, "Second question about pines?", "4");
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("first time  2 of 3 recalled"), "{rest}");
    let larches = sandbox.card_with("larches");
    assert_eq!(larches["due"], "2026-03-08", "practice leaves the due date alone");
    assert_eq!(larches["interval"], 6);
    assert_eq!(larches["reviews"], 3, "the practice grade is logged");
    let pines = sandbox.card_with("pines");
    assert_eq!(pines["lapses"], 1);
    assert_eq!(pines["repetitions"], 0);
    assert_eq!(pines["interval"], 1);
    assert_eq!(pines["due"], "2026-03-04", "rescheduled as a lapse");
    assert_eq!(
        pines["reviews"], 4,
        "lapse and the repeat that followed are both logged"
    );
}

#[test]
fn undo_takes_back_the_last_grade() {
    let sandbox = sandbox();
    let mut p = spawn(&sandbox, &["review"]);
    grade_card(&mut p, "First question about larches?", "1");
    p.exp_string("Second question about pines?").unwrap();
    p.exp_string("Enter reveal").unwrap();
    p.send_line("u").unwrap();
    p.exp_string("undid grade 1 of card #1").unwrap();
    grade_card(&mut p, "First question about larches?", "5");
    grade_card(&mut p, "Second question about pines?", "q");
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    let card = sandbox.card_with("larches");
    assert_eq!(card["reviews"], 1);
    assert_eq!(card["lapses"], 0);
    assert_eq!(card["ease"], 2.6);
}

#[test]
fn a_mock_interview_times_two_answers_one_of_them_out() {
    let sandbox = sandbox();
    let mut p = spawn(
        &sandbox,
        &["mock", "larch", "--questions", "5", "--minutes", "0.05", "--seed", "4"],
    );
    // The deck has three questions: the mock says so instead of promising five.
    p.exp_string("Mock interview: 3 questions (all the deck has), 0:03 each (seed 4).")
        .unwrap();
    p.exp_string("question 1 of 3").unwrap();
    p.exp_string("left").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("answered in 0:0").unwrap();
    p.exp_string("question 2 of 3").unwrap();
    p.exp_string("left").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("question 3 of 3").unwrap();
    // Nothing typed: the countdown runs out and says so; the last question leads to grading.
    // (rexpect reads bytes one by one, so only ASCII is matched.)
    p.exp_string("Time's up (0:03)").unwrap();
    p.exp_string("Enter when done, then grade your answers").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1200));
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_regex(r"answered in 0:0\d, over the 0:03 limit").unwrap();
    p.exp_string("question 1 of 3 ").unwrap();
    p.exp_string("e edit answer").unwrap();
    p.send_line("4").unwrap();
    p.exp_string("question 2 of 3 ").unwrap();
    p.send_line("s").unwrap();
    // The answer that ran over shows its own time, over the limit, not just "over".
    p.exp_string("question 3 of 3 ").unwrap();
    p.exp_regex(r"0:0\d, over the 0:03 limit").unwrap();
    p.exp_string("e edit answer").unwrap();
    p.send_line("2").unwrap();
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("Mock complete: 3 of 3 questions answered"), "{rest}");
    assert!(
        rest.lines()
            .any(|l| l.trim_start().starts_with("3  0:0") && l.contains(" over ")),
        "the time of the answer that ran over, not just \"over\": {rest}"
    );
    assert!(
        rest.contains("1 answer ran over the limit: practise saying it shorter."),
        "{rest}"
    );
    let graded: Vec<serde_json::Value> = sandbox.all_cards().into_iter().filter(|c| c["reviews"] == 1).collect();
    assert_eq!(
        graded.len(),
        2,
        "two self-grades are normal reviews, one answer left ungraded"
    );
    assert_eq!(graded.iter().filter(|c| c["lapses"] == 1).count(), 1);
    let stats = sandbox.json(&["stats", "--json"]);
    assert_eq!(stats["decks"][0]["mock_runs"], 1);
    assert_eq!(stats["decks"][0]["mock_answers"], 3);
    assert_eq!(stats["decks"][0]["mock_over_limit"], 1);
}

#[test]
fn the_card_header_counts_the_cards_left_and_a_failed_card_stays_counted() {
    let sandbox = sandbox();
    let mut p = spawn(&sandbox, &["review"]);
    // (The pty reader sees bytes, so the header's "·" separators are not matched.)
    let header = |p: &mut PtySession, counter: &str, left: &str| {
        p.exp_string(counter).unwrap();
        p.exp_string(left).unwrap();
    };
    header(&mut p, " 1/3 ", " 2 left ");
    grade_card(&mut p, "First question about larches?", "again");
    // The failed card will come back: still two cards to go after this one.
    header(&mut p, " 2/4 ", " 2 left ");
    grade_card(&mut p, "Second question about pines?", "good");
    header(&mut p, " 3/4 ", " 1 left ");
    grade_card(&mut p, "Third question about firs?", "good");
    header(&mut p, " 4/4 ", " last card ");
    grade_card(&mut p, "First question about larches?", "good");
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
}

#[test]
fn a_mock_takes_its_length_from_the_config_file() {
    let sandbox = sandbox();
    sandbox.config("mock_questions = 1\nmock_minutes = 0.05\n");
    let mut p = spawn(&sandbox, &["mock", "larch", "--seed", "4"]);
    p.exp_string("Mock interview: 1 question, 0:03 each (seed 4)").unwrap();
    p.send("\x1b").unwrap();
    p.flush().unwrap();
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
}

/// A folder of `n` small profiles.
fn many_profiles(sandbox: &Sandbox, n: usize) -> String {
    for i in 0..n {
        sandbox.write(
            &format!("many/company-{i:02}.md"),
            format!("# Company Profile: Company {i:02}\n## Common Questions\n- Question {i}?\n"),
        );
    }
    sandbox.dir.path().join("many").to_string_lossy().into_owned()
}

#[test]
fn an_import_of_many_files_shows_a_progress_bar_on_a_terminal_only() {
    let sandbox = Sandbox::new();
    let folder = many_profiles(&sandbox, 12);
    let p = spawn(&sandbox, &["import", &folder]);
    let (out, code) = finish(p);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("importing ["), "a bar on the terminal: {out}");
    assert!(out.contains("/12 files"), "{out}");
    assert!(out.contains("12 files into 12 decks"), "{out}");

    let piped = Sandbox::new();
    let folder = many_profiles(&piped, 12);
    let run = piped.run(&["import", &folder]);
    assert!(run.status.success());
    assert_eq!(String::from_utf8_lossy(&run.stderr), "", "no bar when piped");
    assert!(!String::from_utf8_lossy(&run.stdout).contains("importing ["));

    let json = Sandbox::new();
    let folder = many_profiles(&json, 12);
    let (out, code) = finish(spawn(&json, &["import", &folder, "--json"]));
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("importing ["), "no bar with --json: {out}");
}

#[test]
fn a_restore_shows_a_progress_bar_on_a_terminal() {
    let source = Sandbox::new();
    let folder = many_profiles(&source, 3);
    source.ok(&["import", &folder]);
    source.ok(&["export", "--all-decks", "--format", "json", "-o", "backup.json"]);
    let backup = source.dir.path().join("backup.json");
    let target = Sandbox::new();
    let (out, code) = finish(spawn(&target, &["import", &backup.to_string_lossy()]));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("restoring ["), "{out}");
    assert!(out.contains("/3 cards"), "{out}");
    assert_eq!(target.all_cards().len(), 3);
}

#[test]
fn a_grade_typed_at_the_front_reveals_the_back_and_records_it() {
    let sandbox = sandbox();
    let id = sandbox.id_of("larches");
    sandbox.ok(&["answer", &id, "--text", "Larches shed their needles."]);
    let mut p = spawn(&sandbox, &["review", "larch"]);
    p.exp_string("First question about larches?").unwrap();
    p.exp_string("Enter reveal").unwrap();
    p.send_line("4").unwrap();
    p.exp_string("Larches shed their needles.").unwrap();
    p.exp_string("Second question about pines?").unwrap();
    p.exp_string("Enter reveal").unwrap();
    p.send_line("q").unwrap();
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("Session ended early: 1 card, 1 grade"), "{rest}");
    // After `review larch`, the way back names the same deck.
    assert!(
        rest.contains("2 cards are still waiting today: prepdeck review larch"),
        "{rest}"
    );
    assert_eq!(sandbox.card_with("larches")["reviews"], 1);
    assert_eq!(sandbox.card_with("larches")["interval"], 1);
}

#[test]
fn undo_after_another_prepdeck_graded_the_card_says_why_and_the_session_goes_on() {
    let sandbox = sandbox();
    let first = sandbox.id_of("larches");
    let mut p = spawn(&sandbox, &["review"]);
    grade_card(&mut p, "First question about larches?", "5");
    p.exp_string("Second question about pines?").unwrap();
    p.exp_string("Enter reveal").unwrap();
    // Meanwhile, another prepdeck grades the first card again.
    sandbox.ok(&["grade", &first, "3"]);
    p.send_line("u").unwrap();
    p.exp_string(&format!(
        "card #{first}: that grade can no longer be undone, the card was graded again since"
    ))
    .unwrap();
    grade_card(&mut p, "Second question about pines?", "4");
    grade_card(&mut p, "Third question about firs?", "4");
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("Session complete: 3 cards, 3 grades"), "{rest}");
    assert_eq!(sandbox.card_with("larches")["reviews"], 2, "both grades are kept");
    assert_eq!(sandbox.card_with("pines")["reviews"], 1);
}

#[test]
fn a_deck_removed_mid_session_is_said_and_the_session_ends_normally() {
    let sandbox = sandbox();
    let mut p = spawn(&sandbox, &["review"]);
    grade_card(&mut p, "First question about larches?", "5");
    p.exp_string("Second question about pines?").unwrap();
    p.exp_string("Enter reveal").unwrap();
    sandbox.ok(&["remove", "larch", "--yes"]);
    p.send_line("").unwrap();
    p.exp_string("0-5 or again").unwrap();
    p.send_line("4").unwrap();
    p.exp_string("was removed with its deck: its grade could not be kept")
        .unwrap();
    p.exp_string("is gone (its deck was removed); going on").unwrap();
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("Session complete: 1 card, 1 grade"), "{rest}");
    assert!(rest.contains("Larch Labs: removed during the session"), "{rest}");
}

/// Ctrl-A, Ctrl-E, Ctrl-K, Ctrl-U, Ctrl-W and Ctrl-X as bytes a terminal sends.
const CTRL_A: &str = "\x01";
const CTRL_E: &str = "\x05";
const CTRL_K: &str = "\x0b";
const CTRL_U: &str = "\x15";
const CTRL_W: &str = "\x17";
const CTRL_X: &str = "\x18";

/// Types `keys` at the terminal (rexpect holds back what has no newline until flushed).
fn type_keys(p: &mut PtySession, keys: &str) {
    p.send(keys).unwrap();
    p.flush().unwrap();
}

#[test]
fn ctrl_chords_edit_the_line_as_in_a_shell_and_never_act_as_command_letters() {
    let sandbox = sandbox();
    let mut p = spawn(&sandbox, &["review"]);
    p.exp_string("First question about larches?").unwrap();
    p.exp_string("Enter reveal").unwrap();
    type_keys(&mut p, "\r");
    p.exp_string("0-5 or again").unwrap();
    // `hard`, cut by Ctrl-W, then 4.
    type_keys(&mut p, &format!("hard{CTRL_W}4\r"));
    p.exp_string("Second question about pines?").unwrap();
    p.exp_string("Enter reveal").unwrap();
    // Ctrl-U then Enter reveals (an empty line): it does not undo the grade just given.
    type_keys(&mut p, &format!("{CTRL_U}\r"));
    p.exp_string("0-5 or again").unwrap();
    // `x`, Ctrl-A, `5`, Ctrl-K: the line is `5`, and nothing is suspended.
    type_keys(&mut p, &format!("x{CTRL_A}5{CTRL_K}\r"));
    p.exp_string("Third question about firs?").unwrap();
    p.exp_string("Enter reveal").unwrap();
    // Ctrl-X then Enter reveals: it does not suspend the card.
    type_keys(&mut p, &format!("{CTRL_X}\r"));
    p.exp_string("0-5 or again").unwrap();
    // `sy`, Ctrl-A, `ea`, Ctrl-E, Enter: `easy`.
    type_keys(&mut p, &format!("sy{CTRL_A}ea{CTRL_E}\r"));
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("Session complete: 3 cards, 3 grades"), "{rest}");
    assert!(!rest.contains("undid"), "{rest}");
    for text in ["larches", "pines", "firs"] {
        let card = sandbox.card_with(text);
        assert_eq!(
            (&card["state"], &card["reviews"]),
            (&"learning".into(), &1.into()),
            "{card}"
        );
    }
    assert_eq!(sandbox.card_with("larches")["ease"], 2.5, "graded 4");
    assert_eq!(sandbox.card_with("pines")["ease"], 2.6, "graded 5");
    assert_eq!(sandbox.card_with("firs")["ease"], 2.6, "graded easy");
}

#[test]
fn ctrl_u_in_the_story_name_prompt_clears_the_line_instead_of_typing_u() {
    let sandbox = Sandbox::new();
    let acme = sandbox.write(
        "acme.md",
        "# Company Profile: Acme\n## Potential Questions to Prepare For\n- Tell me about a production incident you owned.\n",
    );
    let birch = sandbox.write(
        "birch.md",
        "# Company Profile: Birch\n## Potential Questions to Prepare For\n- Describe a production incident you owned end to end.\n",
    );
    sandbox.ok(&["import", &acme, &birch]);
    let answered = sandbox.id_of("Tell me about a production incident");
    sandbox.ok(&["answer", &answered, "--text", "The night the queue stalled."]);
    let mut p = spawn(&sandbox, &["review", "birch"]);
    p.exp_string("Describe a production incident").unwrap();
    p.exp_string("Enter reveal").unwrap();
    type_keys(&mut p, "\r");
    p.exp_string("l link").unwrap();
    type_keys(&mut p, "l\r");
    p.exp_string("name the story").unwrap();
    type_keys(
        &mut p,
        &format!("{CTRL_U}Serving{CTRL_W}Queue stall{CTRL_A}{CTRL_K}Queue stall\r"),
    );
    p.exp_string("is now story").unwrap();
    p.exp_string("0-5 or again").unwrap();
    type_keys(&mut p, "4\r");
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    let stories = sandbox.json(&["story", "list", "--json"]);
    let names: Vec<&str> = stories
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Queue stall"]);
}

/// An editor that writes `text` into the file it is given.
fn scripted_editor(sandbox: &Sandbox, text: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = sandbox.write("editor.sh", format!("#!/bin/sh\nprintf '%s\\n' '{text}' > \"$1\"\n"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn e_while_grading_a_mock_opens_the_editor() {
    let sandbox = sandbox();
    let editor = scripted_editor(&sandbox, "Start with the outage.");
    let mut p = spawn_with(
        &sandbox,
        &["mock", "larch", "--questions", "1", "--minutes", "1", "--seed", "4"],
        &[("EDITOR", &editor)],
    );
    p.exp_string("question 1 of 1").unwrap();
    p.exp_string("left").unwrap();
    type_keys(&mut p, "\r");
    p.exp_string("e edit answer").unwrap();
    type_keys(&mut p, "e\r");
    p.exp_string("answer saved").unwrap();
    p.exp_string("Start with the outage.").unwrap();
    p.exp_string("e edit answer").unwrap();
    type_keys(&mut p, "4\r");
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    assert!(!rest.contains("no editor to open"), "{rest}");
    let answered: Vec<serde_json::Value> = sandbox
        .all_cards()
        .into_iter()
        .filter(|c| c["answer"] == "Start with the outage.")
        .collect();
    assert_eq!(answered.len(), 1, "the answer written in the editor is the card's");
    assert_eq!(answered[0]["reviews"], 1, "and the mock's grade was recorded");
}

#[test]
fn the_summary_says_a_failed_card_was_recalled_and_names_no_sure_card_as_weak() {
    let sandbox = sandbox();
    // Two cards graded earlier today: nearly sure to be recalled, nothing weak about them.
    sandbox.ok(&["grade", &sandbox.id_of("pines"), "5"]);
    sandbox.ok(&["grade", &sandbox.id_of("firs"), "5"]);
    let larches = sandbox.id_of("larches");
    let mut p = spawn(&sandbox, &["review"]);
    grade_card(&mut p, "First question about larches?", "1");
    p.exp_string(" again ").unwrap();
    grade_card(&mut p, "First question about larches?", "2");
    p.exp_string(" again ").unwrap();
    grade_card(&mut p, "First question about larches?", "4");
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
    // What was done today is said (three tries); its estimate is its memory's after the
    // repeats, never a bare 0% beside a recall, and a card nearly sure to be recalled is
    // never named weakest.
    assert!(
        rest.contains(&format!("#{larches} (3 tries) First question about larches?")),
        "{rest}"
    );
    assert!(!rest.contains("(0%)") && !rest.contains(" 0% "), "{rest}");
    let weakest = rest.split("weakest").nth(1).unwrap_or_default();
    for sure in ["pines", "firs"] {
        assert!(!weakest.contains(&format!("#{} ", sandbox.id_of(sure))), "{rest}");
    }
}

#[test]
fn the_drill_intro_at_80_columns_leaves_no_word_alone_on_its_last_line() {
    let sandbox = sandbox();
    let mut p = spawn_with(&sandbox, &["drill", "larch"], &[("COLUMNS", "80")]);
    p.exp_string("Drilling 3 cards of Larch Labs: failed cards come back until recalled. q or")
        .unwrap();
    p.exp_string("\r\nEsc ends.\r\n").unwrap();
    p.exp_string("Enter reveal").unwrap();
    type_keys(&mut p, "q\r");
    let (rest, code) = finish(p);
    assert_eq!(code, 0, "{rest}");
}

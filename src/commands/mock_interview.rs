//! `prepdeck mock DECK`: a timed, spoken rehearsal of random questions, graded at the end.

use std::time::Duration;

use super::{Context, emit};
use crate::cli::MockArgs;
use crate::domain::Kind;
use crate::error::{Error, Result};
use crate::report::readiness_of;
use crate::schedule::interview_draw::MAX_MINUTES;
use crate::study::mock_interview::{self, MockConfig};
use crate::ui::prompt::{TerminalPrompt, clock_text};
use crate::ui::{count, prefixed, wrap_without_widows};

pub fn run(args: &MockArgs, ctx: &Context) -> Result<()> {
    let minutes = ctx.settings.mock_minutes(args.minutes);
    let questions = ctx.settings.mock_questions(args.questions);
    if !(minutes.is_finite() && minutes > 0.0 && minutes <= MAX_MINUTES) {
        let given = if minutes.abs() < 1e6 {
            format!("--minutes {minutes}")
        } else {
            "--minutes".to_string()
        };
        return Err(Error::Usage(format!(
            "{given} is not a time limit: give more than 0 minutes and at most {MAX_MINUTES}"
        )));
    }
    if questions == 0 {
        return Err(Error::Usage("--questions must be at least 1".to_string()));
    }
    let kinds = args
        .kinds
        .iter()
        .map(|k| k.parse::<Kind>())
        .collect::<Result<Vec<_>, _>>()?;
    let mut store = ctx.store()?;
    let deck = store.find_deck(&args.deck)?;
    let mut prompt = TerminalPrompt::open("mock", ctx.style, ctx.settings.editor())?;
    // A seed short enough to retype: the draw's weights, not the seed, carry its chance.
    let seed = args.seed.unwrap_or_else(|| rand::random_range(1..100_000));
    let config = MockConfig {
        deck,
        questions,
        limit: Duration::from_secs_f64((minutes * 60.0).round().max(1.0)),
        kinds,
        seed,
    };
    let today = ctx.now.today();
    let drawn = mock_interview::draw_questions(&store, &config, today)?;
    let before = readiness_of(&store, &[deck], today)?;
    let fewer = if drawn.len() < questions {
        " (all the deck has)"
    } else {
        ""
    };
    let intro = format!(
        "Mock interview: {}{fewer}, {} each (seed {seed}). Answer each aloud and press Enter when done; Esc ends the mock.",
        count(drawn.len(), "question"),
        clock_text(config.limit)
    );
    emit(&prefixed(wrap_without_widows(&intro, ctx.style.width), ""))?;
    let summary = mock_interview::run(&mut store, &mut prompt, &config, &drawn, ctx.now)?;
    let after = readiness_of(&store, &[deck], today)?;
    let mut out = crate::ui::summary::mock_interview(&summary, config.limit, &before, &after, &ctx.style);
    out.push_str(&format!("Repeat this draw with --seed {seed}.\n"));
    emit(&out)
}

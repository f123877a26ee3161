//! `prepdeck mock DECK`: a timed, spoken rehearsal of random questions, graded at the end.

use std::time::Duration;

use super::Context;
use crate::cli::MockArgs;
use crate::domain::Kind;
use crate::error::{Error, Result};
use crate::output::emit;
use crate::schedule::interview_draw::MAX_MINUTES;
use crate::study::mock_interview::{self, MockConfig};
use crate::ui::prompt::TerminalPrompt;

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
    let drawn = mock_interview::draw_questions(&store, &config, ctx.now.today())?;
    emit(&crate::ui::summary::mock_intro(
        drawn.len(),
        questions,
        config.limit,
        seed,
        &ctx.style,
    ))?;
    let report = crate::study::review::mock(&mut store, &mut prompt, &config, &drawn, ctx.now)?;
    emit(&crate::ui::summary::mock_report(&report, &ctx.style))
}

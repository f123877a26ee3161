//! `prepdeck mock DECK`: a timed, spoken rehearsal of random questions, graded at the end.

use std::time::Duration;

use super::{Context, emit};
use crate::cli::MockArgs;
use crate::domain::Kind;
use crate::error::{Error, Result};
use crate::report::readiness_of;
use crate::study::mock_interview::{self, MAX_MINUTES, MockConfig};
use crate::ui::prompt::{TerminalPrompt, clock_text};

pub fn run(args: &MockArgs, ctx: &Context) -> Result<()> {
    let minutes = ctx.settings.mock_minutes(args.minutes);
    let questions = ctx.settings.mock_questions(args.questions);
    if !(minutes.is_finite() && minutes > 0.0 && minutes <= MAX_MINUTES) {
        return Err(Error::Usage(format!(
            "--minutes {minutes} is not a time limit: give minutes between 0 and {MAX_MINUTES}"
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
    let mut prompt = TerminalPrompt::open("mock", ctx.style)?;
    let seed = args.seed.unwrap_or_else(rand::random);
    let config = MockConfig {
        deck,
        questions,
        limit: Duration::from_secs_f64((minutes * 60.0).round().max(1.0)),
        kinds,
        seed,
    };
    let today = ctx.now.today();
    let before = readiness_of(&store, &[deck], today)?;
    emit(&format!(
        "Mock interview: {} questions, {} each (seed {seed}). Answer aloud; Enter when done; Esc ends.\n",
        questions,
        clock_text(config.limit)
    ))?;
    let summary = mock_interview::run(&mut store, &mut prompt, &config, ctx.now)?;
    let after = readiness_of(&store, &[deck], today)?;
    let mut out = crate::ui::summary::mock_interview(&summary, config.limit, &before, &after, &ctx.style);
    out.push_str(&format!("Repeat this draw with --seed {seed}.\n"));
    emit(&out)
}

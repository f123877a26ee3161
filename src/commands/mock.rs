//! `prepdeck mock DECK`: a timed, spoken rehearsal of random questions, graded at the end.

use std::time::Duration;

use super::review::readiness_of;
use super::{Context, emit};
use crate::cli::MockArgs;
use crate::error::{Error, Result};
use crate::mock::{self, MockConfig};
use crate::types::Kind;
use crate::ui::prompt::{TerminalPrompt, clock_text, require_terminal};
use crate::ui::table::{Table, toned};
use crate::ui::{Tone, safe};

pub fn run(args: &MockArgs, ctx: &Context) -> Result<()> {
    if !(args.minutes.is_finite() && args.minutes > 0.0 && args.minutes <= 60.0) {
        return Err(Error::Usage(format!(
            "--minutes {} is not a time limit: give minutes between 0 and 60",
            args.minutes
        )));
    }
    if args.questions == 0 {
        return Err(Error::Usage("--questions must be at least 1".to_string()));
    }
    let kinds = args
        .kinds
        .iter()
        .map(|k| k.parse::<Kind>())
        .collect::<Result<Vec<_>>>()?;
    require_terminal("mock")?;
    let mut store = ctx.store()?;
    let deck = store.find_deck(&args.deck)?;
    let seed = args.seed.unwrap_or_else(rand::random);
    let config = MockConfig {
        deck,
        questions: args.questions,
        limit: Duration::from_secs_f64((args.minutes * 60.0).round().max(1.0)),
        kinds,
        seed,
    };
    let today = ctx.now.today();
    let before = readiness_of(&store, &[deck], today)?;
    emit(&format!(
        "Mock interview: {} questions, {} each (seed {seed}). Answer aloud; Enter when done; Esc ends.\n",
        args.questions,
        clock_text(config.limit)
    ))?;
    let mut prompt = TerminalPrompt::new(ctx.style);
    let summary = mock::run(&mut store, &mut prompt, &config, ctx.now)?;
    let after = readiness_of(&store, &[deck], today)?;

    let style = &ctx.style;
    let mut out = format!(
        "\n{}: {} of {} questions answered\n",
        style.paint(
            if summary.stopped_early {
                "Mock ended early"
            } else {
                "Mock complete"
            },
            Tone::Bold
        ),
        summary.answers.len(),
        summary.drawn
    );
    let mut table = Table::new(&["#", "TIME", "LIMIT", "GRADE", "QUESTION"])
        .right(0)
        .flex(4);
    for (i, answer) in summary.answers.iter().enumerate() {
        let time = if answer.timed_out {
            toned("over", Tone::Bad)
        } else {
            clock_text(answer.elapsed).into()
        };
        let grade = answer.grade.map_or_else(|| "-".to_string(), |g| g.to_string());
        table.row(vec![
            (i + 1).to_string().into(),
            time,
            clock_text(config.limit).into(),
            grade.into(),
            safe(&answer.front).into_owned().into(),
        ]);
    }
    if !table.is_empty() {
        out.push_str(&table.render(style));
    }
    let over = summary.answers.iter().filter(|a| a.timed_out).count();
    if over > 0 {
        out.push_str(&format!(
            "{over} answer(s) ran over the limit: practise saying them shorter.\n"
        ));
    }
    for ((name, was), (_, now)) in before.iter().zip(&after) {
        out.push_str(&format!("readiness {}: {was:.0}% → {now:.0}%\n", safe(name)));
    }
    out.push_str(&format!("Repeat this draw with --seed {seed}.\n"));
    emit(&out)
}

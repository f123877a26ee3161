//! Progress bars for long work (an import of many files, a large restore), drawn on
//! standard error with indicatif, and only when both standard output and standard error
//! are a terminal: piped output and `--json` get none.

use std::io::IsTerminal;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The bars of one command; text printed while they show goes through [`Progress::suspend`].
pub struct Progress {
    bars: MultiProgress,
}

impl Progress {
    /// Bars on the terminal when `wanted` and the output is a terminal; invisible otherwise.
    #[must_use]
    pub fn new(wanted: bool) -> Progress {
        let target = if wanted && std::io::stdout().is_terminal() && std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        Progress {
            bars: MultiProgress::with_draw_target(target),
        }
    }

    /// A bar counting `total` of `unit` ("files", "cards"), under any bar already shown.
    #[must_use]
    pub fn bar(&self, total: usize, verb: &str, unit: &str) -> ProgressBar {
        let template = format!("{verb} [{{bar:30}}] {{pos}}/{{len}} {unit} {{wide_msg}}");
        let style = ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        let bar = self.bars.add(ProgressBar::new(total as u64).with_style(style));
        bar.tick();
        bar
    }

    /// Takes a finished bar off the screen.
    pub fn done(&self, bar: &ProgressBar) {
        bar.finish_and_clear();
        self.bars.remove(bar);
    }

    /// Runs `print` with the bars lifted, so its lines do not tangle with them.
    pub fn suspend<R>(&self, print: impl FnOnce() -> R) -> R {
        self.bars.suspend(print)
    }
}

//! Progress of the command line's long jobs (loading the demo, backup and restore, the
//! benchmarks' loads) on the terminal, through indicatif. Drawn only when standard error is a
//! terminal: tests, CI logs and anything piped see nothing of it, and what a command prints on
//! standard output is never mixed with it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};
use std::borrow::Cow;
use std::io::IsTerminal;
use std::time::Duration;

/// A bar or a spinner on standard error; cleared when done or dropped (an error on the way
/// leaves no half-drawn bar above its message).
#[derive(Clone, Debug)]
pub struct Progress(ProgressBar);

/// How often a spinner turns while nothing else moves it.
const TICK: Duration = Duration::from_millis(120);

impl Progress {
    /// A job of `len` counted steps: `[=====>    ] 3/7 what it is doing`.
    pub fn steps(len: u64, message: impl Into<Cow<'static, str>>) -> Self {
        let style =
            ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg} ({elapsed})")
                .expect("a valid template")
                .progress_chars("=> ");
        Progress::drawn(ProgressBar::new(len).with_style(style).with_message(message))
    }

    /// Rows of a file, counted: the bar, rows done of all, rows a second and the time left.
    pub fn rows(len: u64, message: impl Into<Cow<'static, str>>) -> Self {
        let style = ProgressStyle::with_template(
            "{spinner} [{bar:30}] {human_pos}/{human_len} rows, {per_sec}, {eta} left {msg}",
        )
        .expect("a valid template")
        .progress_chars("=> ");
        Progress::drawn(ProgressBar::new(len).with_style(style).with_message(message))
    }

    /// Steps done so far set outright.
    pub fn set(&self, n: u64) {
        self.0.set_position(n);
    }

    /// A job whose size is not known beforehand: a spinner, what it is doing, how many it has
    /// done so far (if it counts) and the time it has taken.
    pub fn spinner(message: impl Into<Cow<'static, str>>) -> Self {
        let style = ProgressStyle::with_template("{spinner} {msg} {human_pos} ({elapsed})")
            .expect("a valid template");
        Progress::drawn(ProgressBar::new_spinner().with_style(style).with_message(message))
    }

    fn drawn(bar: ProgressBar) -> Self {
        let bar = bar.with_finish(ProgressFinish::AndClear);
        if shown() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(TICK);
        } else {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        Progress(bar)
    }

    /// Says what it does now.
    pub fn stage(&self, message: impl Into<Cow<'static, str>>) {
        self.0.set_message(message);
    }

    /// `n` more steps done.
    pub fn inc(&self, n: u64) {
        self.0.inc(n);
    }

    /// The job is done: the bar goes.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }

    /// Whether nothing is drawn (standard error is not a terminal).
    pub fn is_hidden(&self) -> bool {
        self.0.is_hidden()
    }

    /// Steps done so far.
    pub fn position(&self) -> u64 {
        self.0.position()
    }
}

/// Whether progress is drawn at all: only for a person at a terminal.
fn shown() -> bool {
    std::io::stderr().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_drawn_only_on_a_terminal_and_counts_either_way() {
        let steps = Progress::steps(3, "loading");
        assert_eq!(steps.is_hidden(), !std::io::stderr().is_terminal());
        steps.inc(2);
        steps.stage("checking");
        assert_eq!(steps.position(), 2);
        steps.finish();
        let spinner = Progress::spinner("answers");
        spinner.inc(1);
        assert_eq!(spinner.position(), 1);
        assert_eq!(spinner.is_hidden(), steps.is_hidden());
    }
}

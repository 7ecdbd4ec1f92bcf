//! The progress bar on stderr: a bar with an ETA when the command knows how
//! many trials it will run, a spinner when it does not (precision control,
//! grid searches); hidden with `--quiet` or when stderr is not a terminal.

use keysplit::Progress;
use std::io::IsTerminal;
use std::sync::{Arc, OnceLock};

/// An indicatif bar, made when the command starts.
pub struct Bar {
    hidden: bool,
    bar: OnceLock<indicatif::ProgressBar>,
}

impl Bar {
    /// A bar, hidden with `--quiet` or when stderr is not a terminal.
    pub fn new(quiet: bool) -> Arc<Bar> {
        Arc::new(Bar {
            hidden: quiet || !std::io::stderr().is_terminal(),
            bar: OnceLock::new(),
        })
    }

    /// Clears the bar once the trials are done.
    pub fn finish(&self) {
        if let Some(b) = self.bar.get() {
            b.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn start(&self, total: Option<u64>) {
        let bar = if self.hidden {
            indicatif::ProgressBar::hidden()
        } else {
            let (b, template) = match total {
                Some(n) => (
                    indicatif::ProgressBar::new(n),
                    "{spinner} {bar:40} {pos}/{len} trials  {rate}  ETA {eta}",
                ),
                None => (
                    indicatif::ProgressBar::new_spinner(),
                    "{spinner} {pos} trials simulated  {rate}  {elapsed}",
                ),
            };
            // Trials per second as a whole number (indicatif's own
            // `{per_sec}` prints four decimals: "159.8327/s").
            let rate = |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0} trials/s", state.per_sec());
            };
            b.set_style(
                indicatif::ProgressStyle::with_template(template)
                    .map(|style| style.with_key("rate", rate))
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b
        };
        let _ = self.bar.set(bar);
    }

    fn advance(&self, trials: u64) {
        if let Some(b) = self.bar.get() {
            b.inc(trials);
        }
    }
}

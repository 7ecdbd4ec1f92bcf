//! The commands as a library: load a scenario, then run, sweep, size or
//! analyse its sensitivity, each with an options struct and a typed
//! outcome, and write the outcome's output folder. The command line is a
//! thin layer over these; another front end (a notebook binding, a
//! service) calls the same functions and gets the same bytes.
//!
//! This is the top of the library: it joins the analyses, the outputs and
//! the charts. Nothing here prints; progress goes to a [`Progress`] the
//! caller supplies.

pub mod init;
pub mod run;
pub mod sensitivity;
pub mod shard;
pub mod size;
pub mod sweep;

use crate::charts::{self, Chart};
use crate::error::{Error, Result};
use crate::output::{self, Figure, trials};
use crate::scenario::{Loaded, Scenario};
use crate::sim::shard::Trials;
use crate::sim::{Engine, Pool, Progress};
use std::path::Path;
use std::sync::Arc;

/// Reads and validates a scenario file, exactly as `keysplit validate`
/// does: every problem of the file, then the checks of its typical trial.
/// Warnings come back as data in [`Loaded::warnings`].
pub fn load(path: &Path) -> Result<Loaded> {
    crate::sim::load(path).map_err(Error::invalid)
}

/// [`load`] for one shard of a command (`--shard`): the file's trial
/// count is checked against the memory when the shard runs, for its block
/// of the trials only.
pub fn load_shard(path: &Path) -> Result<Loaded> {
    crate::sim::load_shard(path).map_err(Error::invalid)
}

/// [`load`] from text; `label` names the scenario in messages.
pub fn load_str(src: &str, label: &str) -> Result<Loaded> {
    crate::sim::load_str(src, label).map_err(Error::invalid)
}

/// What every command shares.
#[derive(Clone, Default)]
pub struct Options {
    /// Trials (per point for sweep and size, per run for sensitivity);
    /// overrides `[simulation] trials`.
    pub trials: Option<u64>,
    /// The random seed; overrides `[simulation] seed`.
    pub seed: Option<u64>,
    /// The worker threads, shared by every run of the command (results do
    /// not depend on their number).
    pub pool: Pool,
    /// Told about the trials as they run.
    pub progress: Option<Arc<dyn Progress>>,
    /// Where the trials come from: simulated (the default), one shard's
    /// block, or replayed from the parts of a sharded run (docs/scale.md).
    pub trials_from: Trials,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("trials", &self.trials)
            .field("seed", &self.seed)
            .field("pool", &self.pool)
            .finish_non_exhaustive()
    }
}

impl Options {
    /// Options with `threads` worker threads and nothing else set.
    pub fn threads(threads: usize) -> Options {
        Options {
            pool: Pool::new(Some(threads)),
            ..Options::default()
        }
    }

    /// The engine every run of the command shares.
    fn engine(&self) -> Engine {
        Engine::new(self.pool.clone(), self.progress.clone()).with_trials(self.trials_from.clone())
    }

    /// Refuses a shard of a command that cannot be split exactly: one under
    /// precision control (it adds trials until the results are precise
    /// enough, which no shard can know), or with more shards than `trials`.
    fn check_shard(&self, trials: u64, precision: bool) -> Result<()> {
        let Trials::Shard { shard, .. } = &self.trials_from else {
            return Ok(());
        };
        if precision {
            return Err(Error::Usage(format!(
                "--shard {shard} with --precision: precision control adds trials until every difference is precise enough, which no shard can decide alone; run the shards with a fixed --trials instead"
            )));
        }
        shard.check(trials)
    }

    /// The loaded scenario with the trials and seed overridden.
    fn scenario(&self, loaded: &Loaded) -> Result<Scenario> {
        let mut s = loaded.scenario.clone();
        if let Some(t) = self.trials {
            if t == 0 {
                return Err(Error::Usage("--trials must be at least 1".into()));
            }
            s.trials = t;
        }
        if let Some(seed) = self.seed {
            s.seed = seed;
        }
        Ok(s)
    }
}

/// What a command writes besides its summaries.
#[derive(Clone, Copy, Debug, Default)]
pub struct Files {
    /// The charts (and for `run` the reports).
    pub charts: bool,
    /// The per-trial table, in this format (`trials.csv` or `trials.parquet`).
    pub per_trial: Option<trials::Format>,
    /// `run` only: `report.pdf` on this paper, printed from `report.html`
    /// by headless Chromium when one is installed (with the charts only).
    pub pdf: Option<output::pdf::Paper>,
}

/// Writes an output folder atomically with `fill` (the one way: see
/// `output::OutputFolder`), its marker naming `command`; a failure names
/// `what` was being written and where (a refused folder or an interrupt
/// says so itself).
fn write_folder(
    out: &Path,
    command: &str,
    what: &'static str,
    fill: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    output::write_atomically(out, command, fill).map_err(|e| match e {
        Error::OutputFolder { .. } | Error::Interrupted { .. } => e,
        e => Error::Write {
            what,
            out: out.to_path_buf(),
            source: Box::new(e),
        },
    })
}

/// Draws `charts` on `pool` and writes them into `dir/charts/`.
fn write_charts<C: Chart>(dir: &Path, pool: &Pool, charts: &[(String, C)]) -> Result<Vec<Figure>> {
    let figures = pool.install(|| charts::render(charts))??;
    output::write_figures(dir, &figures)?;
    Ok(figures)
}

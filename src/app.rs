//! The commands, as the binary calls them: each takes a plain request,
//! does its work through the library, and returns an error that `main`
//! prints. Kept free of clap so tests and other front ends can call them.

use crate::analysis::precision::{self, Outcome};
use crate::output::{self, json::Provenance};
use crate::scenario::{self, Problems, Scenario};
use crate::sim::engine::{self, RunOptions, RunResult};
use anyhow::{Context, Result};
use sha2::{Digest, Sha256};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A request to run a scenario; `sweep` and `size` take the same options.
#[derive(Clone, Debug, Default)]
pub struct RunRequest {
    pub scenario: PathBuf,
    pub trials: Option<u64>,
    pub seed: Option<u64>,
    pub threads: Option<usize>,
    pub out: Option<PathBuf>,
    pub quiet: bool,
    /// Skip the charts and the reports (fast runs).
    pub no_charts: bool,
    /// Add trials until the paired difference of a metric is this precise.
    pub precision: Option<precision::Target>,
    /// The most trials `precision` may use.
    pub max_trials: Option<u64>,
}

/// An error in the user's input (exit code 2), as opposed to a failure.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InputError(pub String);

/// The default output folder: `output/<scenario file stem>`.
pub fn default_out(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into());
    PathBuf::from("output").join(stem)
}

impl RunRequest {
    /// Loads and validates the scenario exactly as `validate` does, prints
    /// its warnings (to stderr, even with `--quiet`), and checks the
    /// overrides that need no scenario.
    pub fn load(&self) -> Result<scenario::Loaded> {
        let loaded =
            crate::sim::load(&self.scenario).map_err(|p: Problems| InputError(p.to_string()))?;
        for w in &loaded.warnings {
            eprintln!("{w}");
        }
        if self.trials == Some(0) {
            return Err(InputError("--trials must be at least 1".into()).into());
        }
        if self.threads == Some(0) {
            return Err(InputError("--threads must be at least 1".into()).into());
        }
        Ok(loaded)
    }
}

/// Applies command-line overrides to a validated scenario.
pub fn apply_overrides(s: &mut Scenario, trials: Option<u64>, seed: Option<u64>) -> Result<()> {
    if let Some(t) = trials {
        if t == 0 {
            return Err(InputError("--trials must be at least 1".into()).into());
        }
        s.trials = t;
    }
    if let Some(seed) = seed {
        s.seed = seed;
    }
    Ok(())
}

/// `keysplit run`.
pub fn run(req: &RunRequest) -> Result<(RunResult, Option<Outcome>, PathBuf)> {
    let loaded = req.load()?;
    let mut s = loaded.scenario;
    apply_overrides(&mut s, req.trials, req.seed)?;
    engine::check_memory(s.trials, s.splits.len(), engine::available_memory())
        .map_err(|e| InputError(e.to_string()))?;
    let out = req
        .out
        .clone()
        .unwrap_or_else(|| default_out(&req.scenario));

    let total = if req.precision.is_some() {
        None
    } else {
        Some(s.trials)
    };
    let (opts, bar) = progress(req.quiet, req.threads, total);
    let mut precision = None;
    let result = match req.precision {
        None => engine::run(&s, &opts)?,
        Some(target) => {
            let max = req.max_trials.unwrap_or(precision::DEFAULT_MAX_TRIALS);
            let mut runner = engine::Runner::new(&s, &opts)?;
            let others: Vec<usize> = (0..s.splits.len()).filter(|&k| k != s.baseline).collect();
            let outcome =
                precision::run_until(std::slice::from_mut(&mut runner), &[others], target, max)?;
            precision = Some(outcome);
            runner.into_result()
        }
    };
    s.trials = result.trials;
    bar.finish_and_clear();

    let prov = Provenance {
        file: req
            .scenario
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        sha256: format!("{:x}", Sha256::digest(loaded.source.as_bytes())),
    };
    output::write_atomically(&out, |dir| {
        output::write_file(
            dir,
            "summary.json",
            output::json::to_string(&output::json::summary(
                &s,
                &result,
                precision.as_ref(),
                &prov,
            ))
            .as_bytes(),
        )?;
        output::write_file(dir, "summary.csv", &output::csv::summary(&result)?)?;
        if !req.no_charts {
            let charts = crate::charts::render_all(dir, &s, &result)?;
            if let Some(o) = &precision {
                let conv = crate::charts::convergence::for_run(&s, &result, o);
                crate::charts::write_charts(dir, &[("convergence".to_string(), conv)])?;
            }
            let html = output::report::html(&s, &result, &prov, &charts);
            output::write_file(dir, "report.html", html.as_bytes())?;
            let md = output::report::markdown(&s, &result, &prov, &charts);
            output::write_file(dir, "report.md", md.as_bytes())?;
        }
        Ok(())
    })
    .with_context(|| format!("writing the results to {}", out.display()))?;
    if !req.quiet {
        let width = if std::io::stdout().is_terminal() {
            None
        } else {
            Some(160)
        };
        println!("{}", s.name);
        print!("{}", output::table::render(&result, width));
        if let Some(o) = &precision {
            println!("{}", o.sentence());
        }
        for c in &result.correlations {
            println!(
                "Rank correlation {} ~ {}: requested {:.2}, achieved {:.3}",
                c.a, c.b, c.requested, c.achieved
            );
        }
        eprintln!("Results written to {}", out.display());
    }
    Ok((result, precision, out))
}

/// `keysplit validate`: prints every problem and warning; errors make it fail.
pub fn validate(path: &Path) -> Result<String> {
    match crate::sim::load(path) {
        Ok(l) => {
            let s = &l.scenario;
            let layout = crate::sim::Layout::new(s);
            let mut text = String::new();
            for w in &l.warnings {
                text.push_str(&format!("{w}\n"));
            }
            text.push_str(&format!(
                "{}: valid. {} splits, {} accounts, {} account-product cells, {} uncertain inputs, {} trials of {} months.\n",
                path.display(),
                s.splits.len(),
                s.accounts(),
                layout.cells.len(),
                s.uncertain_params().count(),
                s.trials,
                s.horizon_months
            ));
            if s.sampling != scenario::Sampling::Random {
                text.push_str(&format!(
                    "Sampling: {} (blocks of {} trials).\n",
                    s.sampling.name(),
                    crate::sim::design::block_size(s)
                ));
            }
            for c in &s.correlations {
                text.push_str(&format!(
                    "Rank correlation {} ~ {}: {}\n",
                    s.params[c.a].path, s.params[c.b].path, c.rank
                ));
            }
            Ok(text)
        }
        Err(p) => {
            let mut text = p.to_string();
            let w: Vec<String> = p.warnings().map(|w| w.to_string()).collect();
            if !w.is_empty() {
                text.push_str(&format!(
                    "and {} warning{}:\n{}\n",
                    w.len(),
                    if w.len() == 1 { "" } else { "s" },
                    w.join("\n")
                ));
            }
            Err(InputError(text.trim_end().to_string()).into())
        }
    }
}

/// Run options with a progress bar on stderr: a bar with ETA when the total
/// is known, a spinner when it is not (precision control, searches); hidden
/// with `--quiet` or when stderr is not a terminal.
pub fn progress(
    quiet: bool,
    threads: Option<usize>,
    total: Option<u64>,
) -> (RunOptions, indicatif::ProgressBar) {
    let bar = if quiet || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        let (b, template) = match total {
            Some(n) => (
                indicatif::ProgressBar::new(n),
                "{spinner} {bar:40} {pos}/{len} trials  {per_sec}  ETA {eta}",
            ),
            None => (
                indicatif::ProgressBar::new_spinner(),
                "{spinner} {pos} trials simulated  {per_sec}  {elapsed}",
            ),
        };
        b.set_style(
            indicatif::ProgressStyle::with_template(template)
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    };
    let tick = bar.clone();
    (
        RunOptions {
            threads,
            progress: Some(Arc::new(move || tick.inc(1))),
            ..Default::default()
        },
        bar,
    )
}

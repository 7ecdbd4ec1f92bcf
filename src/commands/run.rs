//! `run`: every split of a scenario over the same trials, optionally under
//! precision control, and its output folder (summary JSON and CSV, the
//! charts and the report).

use super::{Files, Options, write_charts, write_folder};
use crate::analysis::precision::{self, Outcome, Precision};
use crate::charts;
use crate::error::Result;
use crate::output::{self, json::Provenance, trials};
use crate::scenario::{Loaded, Scenario};
use crate::sim::memory::{available_memory, check_memory};
use crate::sim::{Pool, RunResult};
use std::path::Path;

/// How to run a scenario.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// Trials, seed, threads and progress.
    pub options: Options,
    /// Add trials until every paired difference is this precise, instead of
    /// running a fixed number of trials.
    pub precision: Option<Precision>,
}

/// What a run produced.
#[derive(Clone, Debug)]
pub struct RunOutcome {
    /// The scenario as run: trials and seed overridden, and the trial count
    /// that precision control stopped at.
    pub scenario: Scenario,
    /// Summaries, paired differences and the per-trial metrics.
    pub result: RunResult,
    /// What precision control did, when the run used it.
    pub precision: Option<Outcome>,
}

/// Runs every split of the scenario over the same trials.
pub fn run(loaded: &Loaded, opts: &RunOptions) -> Result<RunOutcome> {
    let mut s = opts.options.scenario(loaded)?;
    opts.options
        .check_shard(s.trials, opts.precision.is_some())?;
    let engine = opts.options.engine();
    check_memory(engine.held(s.trials), s.splits.len(), available_memory())?;
    let (result, precision) = match opts.precision {
        None => {
            engine.start(Some(s.trials));
            (engine.run(&s)?, None)
        }
        Some(p) => {
            engine.start(None);
            let (result, outcome) = precision::run(&engine, &s, p)?;
            (result, Some(outcome))
        }
    };
    s.trials = result.trials;
    Ok(RunOutcome {
        scenario: s,
        result,
        precision,
    })
}

/// Writes a run's output folder atomically: `summary.json`, `summary.csv`,
/// `summary.xlsx`, with `files.per_trial` the per-trial table, and with
/// `files.charts` the charts (and the convergence chart of precision
/// control), `report.html` and `report.md` (and the workbook's Charts
/// sheet), and with `files.pdf` too `report.pdf`. Charts are drawn on
/// `pool`. Returns warnings about files that could not be made (a PDF
/// without a browser); the folder is written all the same.
pub fn write(
    out: &Path,
    o: &RunOutcome,
    prov: &Provenance,
    files: &Files,
    pool: &Pool,
) -> Result<Vec<String>> {
    let (s, r) = (&o.scenario, &o.result);
    let mut warnings = Vec::new();
    write_folder(out, "run", "results", |dir| {
        let summary = output::json::summary(s, r, o.precision.as_ref(), prov);
        output::write_file(
            dir,
            "summary.json",
            output::json::to_string(&summary).as_bytes(),
        )?;
        output::write_file(dir, "summary.csv", &output::csv::summary(r)?)?;
        if let Some(format) = files.per_trial {
            let point = trials::Point {
                label: trials::Label::Run,
                scenario: s,
                result: r,
            };
            trials::write(dir, &trials::Table::new(vec![point]), format)?;
        }
        let mut figures = Vec::new();
        if files.charts {
            figures = pool.install(|| charts::render_run(s, r))??;
            output::write_figures(dir, &figures)?;
            let html = output::report::html(s, r, prov, &figures);
            output::write_file(dir, "report.html", html.as_bytes())?;
            let md = output::report::markdown(s, r, prov, &figures);
            output::write_file(dir, "report.md", md.as_bytes())?;
            if let Some(paper) = files.pdf {
                warnings.extend(output::pdf::print(dir, paper)?);
            }
            if let Some(p) = &o.precision {
                let conv = charts::run::convergence(s, r, p);
                figures.extend(write_charts(
                    dir,
                    pool,
                    &[("convergence".to_string(), conv)],
                )?);
            }
        }
        let book = output::xlsx::workbook(s, r, &figures)?;
        output::write_file(dir, "summary.xlsx", &book)?;
        Ok(())
    })?;
    Ok(warnings)
}

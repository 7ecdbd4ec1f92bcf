//! `size`: a grid of fixed field x inside headcounts for one split, the
//! recommended team, and its output folder (`size.csv`, `size.json`, the
//! heat map).

use super::{Files, Options, write_charts, write_folder};
use crate::analysis::precision::Precision;
use crate::analysis::size::{self, SizeSpec, Sizing};
use crate::charts;
use crate::error::{Error, Result};
use crate::output::{self, trials};
use crate::scenario::{Loaded, Scenario};
use crate::sim::{Pool, RunResult};
use std::path::Path;

/// What to size, and how.
#[derive(Clone, Debug)]
pub struct SizeOptions {
    /// Trials (per team), seed, threads and progress.
    pub options: Options,
    /// The split, the ranges, the objective and the constraints.
    pub spec: SizeSpec,
    /// Add trials until the difference of every team is this precise.
    pub precision: Option<Precision>,
    /// Keep every team's per-trial metrics, for the per-trial table.
    pub per_trial: bool,
}

/// What a sizing produced.
#[derive(Clone, Debug)]
pub struct SizeOutcome {
    /// The scenario as loaded, trials and seed overridden.
    pub scenario: Scenario,
    /// Every team of the grid, the recommendation and the build-up team.
    pub sizing: Sizing,
    /// With `per_trial`: every team's run, in the order of `sizing.cells`
    /// (the workload build-up team is not among them).
    pub runs: Vec<RunResult>,
}

/// Evaluates the grid of teams for one split and recommends one.
pub fn size(loaded: &Loaded, opts: &SizeOptions) -> Result<SizeOutcome> {
    let s = opts.options.scenario(loaded)?;
    s.split_index(&opts.spec.split).map_err(Error::Usage)?;
    opts.options
        .check_shard(s.trials, opts.precision.is_some())?;
    let engine = opts.options.engine();
    // A coarse-then-fine search does not know its trial count in advance.
    engine.start(None);
    let (sizing, runs) = size::run(&s, &opts.spec, &engine, opts.precision, opts.per_trial)?;
    Ok(SizeOutcome {
        scenario: s,
        sizing,
        runs,
    })
}

/// Writes a sizing's output folder atomically: `size.csv`, `size.json`,
/// with `files.charts` the heat map (and the convergence chart of precision
/// control), drawn on `pool`, and with `files.per_trial` the per-trial
/// table (one row per team of the grid, trial and split).
pub fn write(out: &Path, o: &SizeOutcome, files: &Files, pool: &Pool) -> Result<()> {
    let (z, s) = (&o.sizing, &o.scenario);
    write_folder(out, "size", "sizing", |dir| {
        output::write_file(dir, "size.csv", &output::size::csv(z)?)?;
        let json = output::size::json(z);
        output::write_file(dir, "size.json", output::json::to_string(&json).as_bytes())?;
        if let Some(format) = files.per_trial {
            // A team's scenario differs from the sized one in its staffing
            // only, so its inputs are drawn from the same parameters.
            let points = o
                .runs
                .iter()
                .zip(&z.cells)
                .map(|(result, c)| trials::Point {
                    label: trials::Label::Size {
                        outside: c.outside,
                        inside: c.inside,
                    },
                    scenario: s,
                    result,
                })
                .collect();
            trials::write(dir, &trials::Table::new(points), format)?;
        }
        if files.charts {
            write_charts(dir, pool, &[charts::heatmap::chart(z, s)])?;
            if let Some(p) = &z.precision {
                let conv = charts::heatmap::convergence(z, s, p);
                write_charts(dir, pool, &[("convergence".to_string(), conv)])?;
            }
        }
        Ok(())
    })
}

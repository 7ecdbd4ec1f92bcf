//! `size`: a grid of fixed field x inside headcounts for one split, the
//! recommended team, and its output folder (`size.csv`, `size.json`, the
//! heat map).

use super::{Options, write_charts, write_folder};
use crate::analysis::precision::Precision;
use crate::analysis::size::{self, SizeSpec, Sizing};
use crate::charts;
use crate::error::{Error, Result};
use crate::output;
use crate::scenario::{Loaded, Scenario};
use crate::sim::Pool;
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
}

/// What a sizing produced.
#[derive(Clone, Debug)]
pub struct SizeOutcome {
    /// The scenario as loaded, trials and seed overridden.
    pub scenario: Scenario,
    /// Every team of the grid, the recommendation and the build-up team.
    pub sizing: Sizing,
}

/// Evaluates the grid of teams for one split and recommends one.
pub fn size(loaded: &Loaded, opts: &SizeOptions) -> Result<SizeOutcome> {
    let s = opts.options.scenario(loaded)?;
    s.split_index(&opts.spec.split).map_err(Error::Usage)?;
    let engine = opts.options.engine();
    // A coarse-then-fine search does not know its trial count in advance.
    engine.start(None);
    let sizing = size::run(&s, &opts.spec, &engine, opts.precision)?;
    Ok(SizeOutcome {
        scenario: s,
        sizing,
    })
}

/// Writes a sizing's output folder atomically: `size.csv`, `size.json`
/// and, with `charts`, the heat map (and the convergence chart of precision
/// control), drawn on `pool`.
pub fn write(out: &Path, o: &SizeOutcome, charts: bool, pool: &Pool) -> Result<()> {
    let (z, s) = (&o.sizing, &o.scenario);
    write_folder(out, "size", "sizing", |dir| {
        output::write_file(dir, "size.csv", &output::size::csv(z)?)?;
        let json = output::size::json(z);
        output::write_file(dir, "size.json", output::json::to_string(&json).as_bytes())?;
        if charts {
            write_charts(dir, pool, &[charts::heatmap::chart(z, s)])?;
            if let Some(p) = &z.precision {
                let conv = charts::heatmap::convergence(z, s, p);
                write_charts(dir, pool, &[("convergence".to_string(), conv)])?;
            }
        }
        Ok(())
    })
}

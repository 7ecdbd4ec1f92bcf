//! `sensitivity`: which uncertain inputs drive one split's difference
//! against the baseline, and its output folder (`sensitivity.csv`,
//! `sensitivity.json`, the tornado, rank-correlation and Sobol charts).

use super::{Options, write_charts, write_folder};
use crate::analysis::sensitivity::{self, SensSpec, Sensitivity};
use crate::charts;
use crate::error::{Error, Result};
use crate::output;
use crate::scenario::{Loaded, Scenario};
use crate::sim::Pool;
use std::path::Path;

/// What to analyse, and how.
#[derive(Clone, Debug)]
pub struct SensitivityOptions {
    /// Trials (per run), seed, threads and progress.
    pub options: Options,
    /// The split, the metric and the Saltelli rows.
    pub spec: SensSpec,
}

/// What a sensitivity analysis produced.
#[derive(Clone, Debug)]
pub struct SensitivityOutcome {
    /// The scenario as loaded, trials and seed overridden.
    pub scenario: Scenario,
    /// The inputs by swing, with their correlations and Sobol indices.
    pub sensitivity: Sensitivity,
}

/// Analyses which uncertain inputs drive the split's difference.
pub fn sensitivity(loaded: &Loaded, opts: &SensitivityOptions) -> Result<SensitivityOutcome> {
    let s = opts.options.scenario(loaded)?;
    s.split_index(&opts.spec.split).map_err(Error::Usage)?;
    let engine = opts.options.engine();
    engine.start(Some(sensitivity::planned_trials(
        &s,
        &opts.spec.split,
        opts.spec.sobol_samples,
    )));
    let a = sensitivity::run(&s, &opts.spec, &engine)?;
    Ok(SensitivityOutcome {
        scenario: s,
        sensitivity: a,
    })
}

/// Writes the analysis's output folder atomically: `sensitivity.csv`,
/// `sensitivity.json` and, with `charts`, its charts, drawn on `pool`.
pub fn write(out: &Path, o: &SensitivityOutcome, charts: bool, pool: &Pool) -> Result<()> {
    let (a, s) = (&o.sensitivity, &o.scenario);
    write_folder(out, "sensitivity", "sensitivity analysis", |dir| {
        output::write_file(dir, "sensitivity.csv", &output::sensitivity::csv(a)?)?;
        let json = output::sensitivity::json(a);
        output::write_file(
            dir,
            "sensitivity.json",
            output::json::to_string(&json).as_bytes(),
        )?;
        if charts {
            write_charts(dir, pool, &charts::sensitivity::charts(a, s))?;
        }
        Ok(())
    })
}

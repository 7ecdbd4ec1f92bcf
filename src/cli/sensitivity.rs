//! `keysplit sensitivity`.

use super::common::CommonArgs;
use keysplit::Error;
use keysplit::analysis::sensitivity::SensSpec;
use keysplit::commands::sensitivity;
use keysplit::core::metrics::Metric;
use keysplit::output;

const EXAMPLES: &str = "Examples:
  keysplit sensitivity scenarios/key_accounts.toml --split \"Shift and lift, by layoff\"
  keysplit sensitivity scenarios/key_accounts.toml --split \"Shift and lift, by layoff\" --metric cost-of-sales --no-sobol
  keysplit sensitivity scenarios/key_accounts.toml --split \"Shift and lift, by layoff\" --trials 2000 --shard 1/2 --out part-1
  keysplit sensitivity scenarios/key_accounts.toml --split \"Shift and lift, by layoff\" --trials 2000 --shard 2/2 --out part-2";

#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    #[command(flatten)]
    pub(super) common: CommonArgs,
    /// The split to analyse (its paired difference is against the baseline).
    #[arg(long)]
    split: String,
    /// The metric whose difference is analysed (default: the scenario's decision_metric).
    #[arg(long)]
    metric: Option<String>,
    /// Base rows of the Saltelli design for the Sobol indices (runs N x (inputs + 2) trials).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(2..=1_000_000))]
    sobol_samples: u64,
    /// Skip the Sobol indices (the tornado and rank correlations only).
    #[arg(long)]
    no_sobol: bool,
}

pub fn run(a: Args) -> Result<(), Error> {
    let c = &a.common;
    c.precision()?;
    let metric: Option<Metric> = a
        .metric
        .as_deref()
        .map(|m| {
            m.parse()
                .map_err(|e| Error::Usage(format!("--metric: {e}")))
        })
        .transpose()?;
    if c.precision.is_some() {
        return Err(Error::Usage(
            "--precision is not available for sensitivity: every run uses the same --trials (common random numbers across the held inputs); set --trials instead".into(),
        ));
    }
    if c.per_trial.is_some() {
        return Err(Error::Usage(
            "--per-trial is not available for sensitivity (its runs hold inputs at chosen values); use it with run, sweep or size".into(),
        ));
    }
    let spec = SensSpec {
        split: a.split,
        metric,
        sobol_samples: (!a.no_sobol).then_some(a.sobol_samples as usize),
    };
    c.execute(
        Some("sensitivity"),
        |loaded, options| {
            keysplit::sensitivity(loaded, &keysplit::SensitivityOptions { options, spec })
        },
        |out, _, outcome, pool| {
            sensitivity::write(out, outcome, !c.no_charts, pool).map(|()| vec![])
        },
        |outcome| output::sensitivity::table(&outcome.sensitivity),
    )
}

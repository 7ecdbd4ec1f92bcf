//! `keysplit size`.

use super::common::CommonArgs;
use keysplit::Error;
use keysplit::analysis::size::{Constraint, Headcounts, Objective, SizeSpec};
use keysplit::commands::size;
use keysplit::output;

const EXAMPLES: &str = "Examples:
  keysplit size scenarios/key_accounts.toml --split \"Shift and lift, by layoff\" --constraint 'coverage_outside>=0.9@0.8'
  keysplit size scenarios/key_accounts.toml --split \"Shift and lift, by layoff\" --outside 8..14 --inside 2..6 \\
      --objective mean-ltv-with-terminal";

#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    #[command(flatten)]
    pub(super) common: CommonArgs,
    /// The split to size.
    #[arg(long)]
    split: String,
    /// Field reps to try, LOW..HIGH (default: around the workload build-up).
    #[arg(long)]
    outside: Option<String>,
    /// Inside reps to try, LOW..HIGH (default: around the workload build-up).
    #[arg(long)]
    inside: Option<String>,
    /// mean-METRIC for any metric, e.g. mean-ltv-with-terminal (values the book left at the end), mean-ltv or
    /// mean-cost-of-sales, or p10-ltv (risk-averse). Default: the mean of the scenario's decision_metric.
    #[arg(long)]
    objective: Option<String>,
    /// A constraint, repeatable: METRIC>=VALUE (on the mean) or METRIC>=VALUE@SHARE
    /// (in at least SHARE of trials), e.g. coverage_outside>=0.95@0.9, cost_of_sales<=0.12.
    #[arg(long = "constraint")]
    constraints: Vec<String>,
}

pub fn run(a: Args) -> Result<(), Error> {
    let c = &a.common;
    let precision = c.precision()?;
    let files = c.files()?;
    let range = |flag: &str, r: &Option<String>| -> Result<Option<(u32, u32)>, Error> {
        r.as_deref()
            .map(|r| {
                r.parse::<Headcounts>()
                    .map(|Headcounts(lo, hi)| (lo, hi))
                    .map_err(|e| Error::Usage(format!("{flag}: {e}")))
            })
            .transpose()
    };
    let spec = SizeSpec {
        split: a.split.clone(),
        outside: range("--outside", &a.outside)?,
        inside: range("--inside", &a.inside)?,
        objective: a
            .objective
            .as_deref()
            .map(|o| {
                o.parse::<Objective>()
                    .map_err(|e| Error::Usage(format!("--objective: {e}")))
            })
            .transpose()?,
        constraints: a
            .constraints
            .iter()
            .map(|k| {
                k.parse::<Constraint>()
                    .map_err(|e| Error::Usage(format!("--constraint: {e}")))
            })
            .collect::<Result<_, _>>()?,
    };
    c.execute(
        Some("size"),
        |loaded, options| {
            let opts = keysplit::SizeOptions {
                options,
                spec,
                precision,
                per_trial: files.per_trial.is_some(),
            };
            keysplit::size(loaded, &opts)
        },
        |out, _, outcome, pool| size::write(out, outcome, &files, pool).map(|()| vec![]),
        |outcome| output::size::text(&outcome.sizing),
    )
}

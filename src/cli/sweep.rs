//! `keysplit sweep`.

use super::common::CommonArgs;
use keysplit::Error;
use keysplit::analysis::sweep::{SweepSpec, Values, linspace};
use keysplit::commands::sweep;
use keysplit::output;

const EXAMPLES: &str = "Examples:
  keysplit sweep scenarios/key_accounts.toml --split \"Half of transactional inside\" \\
      --param 'splits.\"Half of transactional inside\".assign.transactional.inside' --from 0 --to 1 --steps 10
  keysplit sweep scenarios/key_accounts.toml --split \"Shift and lift, by layoff\" \\
      --param motions.complex.win_rate.inside.alpha --values 3,4,5 --per-trial csv";

#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    #[command(flatten)]
    pub(super) common: CommonArgs,
    /// The split to report (its paired difference is against the baseline).
    #[arg(long)]
    split: String,
    /// The input's key path, e.g. 'splits."Shift and lift".assign.transactional.inside'.
    #[arg(long)]
    param: String,
    /// The values to try, comma-separated (or use --from/--to/--steps).
    #[arg(long, conflicts_with_all = ["from", "to", "steps"])]
    values: Option<String>,
    /// First value of an evenly spaced range.
    #[arg(long, requires_all = ["to", "steps"])]
    from: Option<f64>,
    /// Last value of the range.
    #[arg(long, requires_all = ["from", "steps"])]
    to: Option<f64>,
    /// Number of equal steps from --from to --to (steps + 1 points).
    #[arg(long, requires_all = ["from", "to"], value_parser = clap::value_parser!(u32).range(1..=1000))]
    steps: Option<u32>,
}

pub fn run(a: Args) -> Result<(), Error> {
    let c = &a.common;
    let precision = c.precision()?;
    let files = c.files()?;
    let values = match (&a.values, a.from, a.to, a.steps) {
        (Some(v), ..) => v.parse::<Values>().map_err(Error::Usage)?.0,
        (None, Some(from), Some(to), Some(n)) => {
            for (flag, x) in [("--from", from), ("--to", to)] {
                if !x.is_finite() {
                    return Err(Error::Usage(format!(
                        "{flag} {x} is not a finite number: give --from and --to finite values"
                    )));
                }
            }
            linspace(from, to, n)
        }
        _ => {
            return Err(Error::Usage(
                "give the sweep's values: --values V1,V2,... or --from A --to B --steps N".into(),
            ));
        }
    };
    let spec = SweepSpec {
        split: a.split,
        param: a.param,
        values,
    };
    c.execute(
        Some("sweep"),
        |loaded, options| {
            let opts = keysplit::SweepOptions {
                options,
                spec,
                precision,
                per_trial: files.per_trial.is_some(),
            };
            keysplit::sweep(loaded, &opts)
        },
        |out, _, outcome, pool| sweep::write(out, outcome, &files, pool).map(|()| vec![]),
        |outcome| output::sweep::table(&outcome.sweep),
    )
}

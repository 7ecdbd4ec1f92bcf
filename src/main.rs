//! keysplit: parse the command line, call the library, print any error with
//! its causes, and exit non-zero (2 for bad input, 1 for other failures).

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use keysplit::analysis::size;
use keysplit::app::{self, InputError};
use keysplit::commands;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run { common } => common_of(common).and_then(|req| app::run(&req).map(|_| ())),
        Command::Sweep {
            common,
            split,
            param,
            values,
            from,
            to,
            steps,
        } => common_of(common).and_then(|common| {
            let values = match (values, from, to, steps) {
                (Some(v), ..) => commands::parse_values(&v).map_err(InputError)?,
                (None, Some(a), Some(b), Some(n)) => keysplit::analysis::sweep::linspace(a, b, n),
                _ => {
                    return Err(InputError(
                        "give the sweep's values: --values V1,V2,... or --from A --to B --steps N"
                            .into(),
                    )
                    .into());
                }
            };
            commands::sweep(&commands::SweepRequest {
                common,
                split,
                param,
                values,
            })
            .map(|_| ())
        }),
        Command::Size {
            common,
            split,
            outside,
            inside,
            objective,
            constraints,
        } => common_of(common).and_then(|common| {
            let range = |flag: &str, r: Option<String>| -> anyhow::Result<Option<(u32, u32)>> {
                r.map(|r| {
                    size::parse_range(&r).map_err(|e| InputError(format!("{flag}: {e}")).into())
                })
                .transpose()
            };
            let spec = size::SizeSpec {
                split,
                outside: range("--outside", outside)?,
                inside: range("--inside", inside)?,
                objective: objective
                    .parse()
                    .map_err(|e: String| InputError(format!("--objective: {e}")))?,
                constraints: constraints
                    .iter()
                    .map(|c| {
                        c.parse()
                            .map_err(|e: String| InputError(format!("--constraint: {e}")))
                    })
                    .collect::<Result<_, _>>()?,
            };
            commands::size(&commands::SizeRequest { common, spec }).map(|_| ())
        }),
        Command::Sensitivity {
            common,
            split,
            metric,
            sobol_samples,
            no_sobol,
        } => common_of(common).and_then(|common| {
            let metric = keysplit::core::metrics::by_name(&metric).ok_or_else(|| {
                let names: Vec<&str> = keysplit::core::metrics::METRICS
                    .iter()
                    .map(|m| m.name)
                    .collect();
                InputError(format!(
                    "--metric: no metric is named {metric:?}; the metrics are: {}",
                    names.join(", ")
                ))
            })?;
            let spec = keysplit::analysis::sensitivity::SensSpec {
                split,
                metric,
                sobol_samples: (!no_sobol).then_some(sobol_samples as usize),
            };
            commands::sensitivity(&commands::SensitivityRequest { common, spec }).map(|_| ())
        }),
        Command::Validate { scenario } => app::validate(&scenario).map(|text| print!("{text}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(input) = e.downcast_ref::<InputError>() {
                eprintln!("{input}");
                return ExitCode::from(2);
            }
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(1)
        }
    }
}

/// Turns the shared flags into the library's options, checking --precision.
fn common_of(a: cli::CommonArgs) -> anyhow::Result<commands::Common> {
    let precision = match a.precision {
        Some(p) => Some(
            p.parse()
                .map_err(|e: String| InputError(format!("--precision: {e}")))?,
        ),
        None => None,
    };
    Ok(commands::Common {
        scenario: a.scenario,
        trials: a.trials,
        seed: a.seed,
        threads: a.threads.map(|t| t as usize),
        out: a.out,
        quiet: a.quiet,
        no_charts: a.no_charts,
        precision,
        max_trials: a.max_trials,
    })
}

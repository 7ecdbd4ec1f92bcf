//! Command-line definitions (clap only; the work is in the library).

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Simulate splitting key-account work between inside and field sales reps.
#[derive(Parser, Debug)]
#[command(name = "keysplit", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run every split of a scenario and write summary.json, summary.csv (and charts, report).
    Run {
        #[command(flatten)]
        common: CommonArgs,
    },
    /// One split's metrics as one numeric input moves, with break-even points.
    Sweep {
        #[command(flatten)]
        common: CommonArgs,
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
    },
    /// Recommend a team: evaluate a grid of fixed field x inside headcounts for one split.
    Size {
        #[command(flatten)]
        common: CommonArgs,
        /// The split to size.
        #[arg(long)]
        split: String,
        /// Field reps to try, LOW..HIGH (default: around the workload build-up).
        #[arg(long)]
        outside: Option<String>,
        /// Inside reps to try, LOW..HIGH (default: around the workload build-up).
        #[arg(long)]
        inside: Option<String>,
        /// mean-ltv (default), p10-ltv (risk-averse), mean-ltv-with-terminal (values the book left at the end) or mean-cost-of-sales.
        #[arg(long, default_value = "mean-ltv")]
        objective: String,
        /// A constraint, repeatable: METRIC>=VALUE (on the mean) or METRIC>=VALUE@SHARE
        /// (in at least SHARE of trials), e.g. coverage_outside>=0.95@0.9, cost_of_sales<=0.12.
        #[arg(long = "constraint")]
        constraints: Vec<String>,
    },
    /// Which uncertain inputs drive one split's difference against the baseline:
    /// tornado, rank correlations and Sobol indices, and where the decision flips.
    Sensitivity {
        #[command(flatten)]
        common: CommonArgs,
        /// The split to analyse (its paired difference is against the baseline).
        #[arg(long)]
        split: String,
        /// The metric whose difference is analysed (default: ltv).
        #[arg(long, default_value = "ltv")]
        metric: String,
        /// Base rows of the Saltelli design for the Sobol indices (runs N x (inputs + 2) trials).
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(2..=1_000_000))]
        sobol_samples: u64,
        /// Skip the Sobol indices (the tornado and rank correlations only).
        #[arg(long)]
        no_sobol: bool,
    },
    /// Check a scenario file and report every problem with its key path and line.
    Validate {
        /// The scenario file (TOML).
        scenario: PathBuf,
    },
}

/// Options shared by `run`, `sweep` and `size`.
#[derive(clap::Args, Debug)]
pub struct CommonArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// Number of Monte Carlo trials, per point for sweep and size (overrides simulation.trials).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub trials: Option<u64>,
    /// Random seed (overrides simulation.seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..1025))]
    pub threads: Option<u64>,
    /// Output folder (default: output/<scenario file stem>, and -sweep / -size / -sensitivity after the stem for those commands).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// No progress bar and no table.
    #[arg(long, short)]
    pub quiet: bool,
    /// Skip the charts (and for `run` the reports), for fast runs.
    #[arg(long)]
    pub no_charts: bool,
    /// Add trials in batches of 500 until the 95% interval of the paired
    /// difference of METRIC against the baseline is within +/- HALF_WIDTH at
    /// every point, e.g. ltv:50000.
    #[arg(long, value_name = "METRIC:HALF_WIDTH")]
    pub precision: Option<String>,
    /// The most trials --precision may use (default 100000).
    #[arg(long, requires = "precision", value_parser = clap::value_parser!(u64).range(2..))]
    pub max_trials: Option<u64>,
}

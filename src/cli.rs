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
        /// The scenario file (TOML).
        scenario: PathBuf,
        /// Number of Monte Carlo trials (overrides simulation.trials).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
        trials: Option<u64>,
        /// Random seed (overrides simulation.seed).
        #[arg(long)]
        seed: Option<u64>,
        /// Worker threads (default: all cores). Results do not depend on it.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..1025))]
        threads: Option<u64>,
        /// Output folder (default: output/<scenario file stem>).
        #[arg(long)]
        out: Option<PathBuf>,
        /// No progress bar and no table.
        #[arg(long, short)]
        quiet: bool,
        /// Skip the charts and the reports (report.html, report.md), for fast runs.
        #[arg(long)]
        no_charts: bool,
    },
    /// Check a scenario file and report every problem with its key path and line.
    Validate {
        /// The scenario file (TOML).
        scenario: PathBuf,
    },
}

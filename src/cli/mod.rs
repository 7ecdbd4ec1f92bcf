//! The command line, binary side only: clap arguments parsed into the
//! library's types, one file per command, the progress bar, and all the
//! printing. The work is in the library (`keysplit::commands`).

mod common;
mod init;
mod merge;
mod progress;
mod run;
mod sensitivity;
pub mod signals;
mod size;
mod sweep;
mod validate;

use clap::{Parser, Subcommand};
use keysplit::Error;

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
    Run(run::Args),
    /// One split's metrics as one numeric input moves, with break-even points.
    Sweep(sweep::Args),
    /// Recommend a team: evaluate a grid of fixed field x inside headcounts for one split.
    Size(size::Args),
    /// Which uncertain inputs drive one split's difference against the baseline:
    /// tornado, rank correlations and Sobol indices, and where the decision flips.
    Sensitivity(sensitivity::Args),
    /// Join the partial folders of a command run with --shard K/N into its
    /// usual outputs, as one machine writes them.
    Merge(merge::Args),
    /// Check a scenario file and report every problem with its key path and line.
    Validate(validate::Args),
    /// Write a commented starter scenario, every assumption marked "check this".
    Init(init::Args),
}

impl Cli {
    /// Runs the command.
    pub fn run(self) -> Result<(), Error> {
        match self.command {
            Command::Run(a) => run::run(a),
            Command::Sweep(a) => sweep::run(a),
            Command::Size(a) => size::run(a),
            Command::Sensitivity(a) => sensitivity::run(a),
            Command::Merge(a) => merge::run(a),
            Command::Validate(a) => validate::run(a),
            Command::Init(a) => init::run(a),
        }
    }
}

impl Command {
    /// The flags a command shares with the others, for those that have them.
    fn common_mut(&mut self) -> Option<&mut common::CommonArgs> {
        match self {
            Command::Run(a) => Some(&mut a.common),
            Command::Sweep(a) => Some(&mut a.common),
            Command::Size(a) => Some(&mut a.common),
            Command::Sensitivity(a) => Some(&mut a.common),
            Command::Merge(_) | Command::Validate(_) | Command::Init(_) => None,
        }
    }
}

/// A command line's options as they are parsed, without the scenario's
/// path (parts compare its bytes) and the flags that change neither the
/// results nor the files written (`--shard`, `--out`, `--threads`,
/// `--quiet`): what the parts of one sharded command share.
pub fn canonical(argv: &[String]) -> Result<String, Error> {
    let all = std::iter::once("keysplit".to_string()).chain(argv.iter().cloned());
    let mut cli = Cli::try_parse_from(all).map_err(|e| Error::Usage(e.to_string()))?;
    if let Some(c) = cli.command.common_mut() {
        c.scenario = Default::default();
        c.out = None;
        c.threads = None;
        c.quiet = false;
        c.shard = None;
    }
    Ok(format!("{:?}", cli.command))
}

/// Text for the terminal: every message, table and path goes through here,
/// so that no escape code (in a name, a path or a flag's value) reaches it.
pub fn safe(s: &str) -> std::borrow::Cow<'_, str> {
    keysplit::core::format::terminal(s)
}

/// Prints an error to stderr: an error in the user's input (exit code 2) as
/// its message alone, a failure (exit code 1) as `error:` with its causes.
/// An invalid scenario lists its warnings too when `with_warnings` (as
/// `validate` does).
pub fn report(e: &Error, exit_code: u8, with_warnings: bool) {
    match e {
        Error::InvalidScenario { problems, at: None } if with_warnings => {
            eprintln!("{}", safe(&validate::failure(problems)));
        }
        e if exit_code == 2 => eprintln!("{}", safe(&e.to_string())),
        e => {
            eprintln!("error: {}", safe(&e.to_string()));
            let mut cause = std::error::Error::source(e);
            while let Some(c) = cause {
                eprintln!("  caused by: {}", safe(&c.to_string()));
                cause = c.source();
            }
        }
    }
}

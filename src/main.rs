//! keysplit: parse the command line, run the command, and turn an error into
//! its message and exit code (2 for the user's input, 1 for failures).

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use keysplit::Error;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    cli::signals::install();
    // `validate` lists a failing file's warnings with its errors; the other
    // commands only the errors.
    let with_warnings = matches!(cli.command, Command::Validate(_));
    match cli.run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = exit_code(&e);
            cli::report(&e, code, with_warnings);
            ExitCode::from(code)
        }
    }
}

/// The exit code of an error, the only place that decides it (README,
/// "What keysplit promises"): 2 when the input is at fault (an invalid
/// scenario, a flag or value that cannot work, an output folder keysplit
/// will not write, a run too large for the memory, inputs so large that the
/// sums overflow), 1 when the tool or the machine failed, and 128 + the
/// signal's number after an interrupt, as shells report it.
fn exit_code(e: &Error) -> u8 {
    match e {
        Error::InvalidScenario { .. }
        | Error::Usage(_)
        | Error::Memory(_)
        | Error::OutputFolder { .. }
        | Error::Overflow(_) => 2,
        Error::Interrupted { signal } => cli::signals::exit_code(*signal),
        Error::Io { .. } | Error::Write { .. } | Error::Render(_) | Error::Threads(_) => 1,
    }
}

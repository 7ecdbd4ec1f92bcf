//! keysplit: parse the command line, run the command, and turn an error into
//! its message and exit code (2 for the user's input, 1 for failures).

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use keysplit::Error;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
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

/// The exit code of an error, the only place that decides it: 2 when the
/// input is at fault (an invalid scenario, a flag or value that cannot
/// work, a run too large for the memory), 1 when the tool or the machine
/// failed.
fn exit_code(e: &Error) -> u8 {
    match e {
        Error::InvalidScenario { .. } | Error::Usage(_) | Error::Memory(_) => 2,
        Error::Io { .. } | Error::Write { .. } | Error::Render(_) | Error::Threads(_) => 1,
    }
}

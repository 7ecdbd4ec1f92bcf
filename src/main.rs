//! keysplit: parse the command line, call the library, print any error with
//! its causes, and exit non-zero (2 for bad input, 1 for other failures).

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use keysplit::app::{self, InputError, RunRequest};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run {
            scenario,
            trials,
            seed,
            threads,
            out,
            quiet,
            no_charts,
        } => {
            let req = RunRequest {
                scenario,
                trials,
                seed,
                threads: threads.map(|t| t as usize),
                out,
                quiet,
                no_charts,
            };
            app::run(&req).map(|_| ())
        }
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

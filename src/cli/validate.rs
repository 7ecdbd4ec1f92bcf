//! `keysplit validate`: every problem and warning of a scenario file; a
//! file with errors fails (exit code 2), like every other command would.

use keysplit::{Error, output, scenario::Problems};
use std::path::PathBuf;

const EXAMPLES: &str = "Examples:
  keysplit validate scenarios/key_accounts.toml";

#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The scenario file (TOML).
    scenario: PathBuf,
}

pub fn run(a: Args) -> Result<(), Error> {
    let loaded = keysplit::load(&a.scenario)?;
    print!(
        "{}",
        super::safe(&output::validate::valid(
            &a.scenario.display().to_string(),
            &loaded
        ))
    );
    Ok(())
}

/// What a failed `validate` prints: the errors, then the warnings.
pub fn failure(problems: &Problems) -> String {
    output::validate::invalid(problems)
}

//! `keysplit init`.

use keysplit::Error;
use keysplit::commands::init;

const EXAMPLES: &str = "Examples:
  keysplit init my_accounts
  keysplit validate my_accounts.toml";

#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The scenario file to write (.toml is added when missing; default
    /// scenario.toml). An existing file is never overwritten.
    name: Option<String>,
}

pub fn run(a: Args) -> Result<(), Error> {
    let file = init::file_for(a.name.as_deref());
    init::write_new(&file, &init::starter(&file))?;
    println!(
        "Wrote {}: a starter scenario that runs as written. Replace every number marked \"check this\" with your own, then: keysplit validate {}",
        file.display(),
        file.display()
    );
    Ok(())
}

//! `keysplit run`.

use super::common::CommonArgs;
use keysplit::Error;
use keysplit::commands::run;
use keysplit::output::{json::Provenance, table};
use std::io::IsTerminal;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    common: CommonArgs,
}

pub fn run(a: Args) -> Result<(), Error> {
    let c = &a.common;
    let precision = c.precision()?;
    let files = c.files()?;
    c.execute(
        None,
        |loaded, options| keysplit::run(loaded, &keysplit::RunOptions { options, precision }),
        |out, loaded, outcome, pool| {
            let prov = Provenance::new(&c.scenario, &loaded.source);
            run::write(out, outcome, &prov, &files, pool)
        },
        |outcome| {
            // A terminal gets the table at its width; a pipe or file 160 columns.
            let width = if std::io::stdout().is_terminal() {
                None
            } else {
                Some(160)
            };
            table::run_text(
                &outcome.scenario.name,
                &outcome.result,
                outcome.precision.as_ref(),
                width,
            )
        },
    )
}

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
    let loaded = c.load()?;
    let (options, bar) = c.options();
    let opts = keysplit::RunOptions { options, precision };
    let outcome = keysplit::run(&loaded, &opts)?;
    bar.finish();
    let out = c.out_dir(None);
    let prov = Provenance::new(&c.scenario, &loaded.source);
    run::write(&out, &outcome, &prov, !c.no_charts, &opts.options.pool)?;
    if !c.quiet {
        // A terminal gets the table at its width; a pipe or file 160 columns.
        let width = if std::io::stdout().is_terminal() {
            None
        } else {
            Some(160)
        };
        print!(
            "{}",
            table::run_text(
                &outcome.scenario.name,
                &outcome.result,
                outcome.precision.as_ref(),
                width
            )
        );
    }
    c.written(&out);
    Ok(())
}

//! `keysplit run`.

use super::common::CommonArgs;
use keysplit::Error;
use keysplit::commands::run;
use keysplit::output::pdf::Paper;
use keysplit::output::{json::Provenance, table};
use std::io::IsTerminal;

const EXAMPLES: &str = "Examples:
  keysplit run scenarios/key_accounts.toml
  keysplit run scenarios/tutorial.toml --trials 5000 --seed 7 --threads 2 --out my-results
  keysplit run scenarios/key_accounts.toml --precision ltv:50000
  keysplit run scenarios/key_accounts.toml --per-trial parquet --pdf --paper a4";

#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    #[command(flatten)]
    pub(super) common: CommonArgs,
    /// Also print the report to report.pdf with headless Chromium, when one
    /// is installed (a warning says so when not; the rest is written).
    #[arg(long, conflicts_with = "no_charts")]
    pdf: bool,
    /// The paper of report.pdf: letter (default) or a4.
    #[arg(long, requires = "pdf", value_name = "letter|a4")]
    paper: Option<String>,
}

pub fn run(a: Args) -> Result<(), Error> {
    let c = &a.common;
    let precision = c.precision()?;
    let mut files = c.files()?;
    if a.pdf {
        let paper = match &a.paper {
            None => Paper::default(),
            Some(p) => p
                .parse::<Paper>()
                .map_err(|e| Error::Usage(format!("--paper: {e}")))?,
        };
        files.pdf = Some(paper);
    }
    c.execute(
        None,
        |loaded, options| keysplit::run(loaded, &keysplit::RunOptions { options, precision }),
        |out, loaded, outcome, pool| {
            let prov = Provenance::new(&c.scenario, &loaded.source).with_warnings(&loaded.warnings);
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

//! `keysplit merge`: the parts of a sharded command, joined into the
//! outputs the command writes on one machine (docs/scale.md).

use super::Cli;
use clap::Parser;
use keysplit::Error;
use keysplit::commands::shard;
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "Examples:
  keysplit run scenarios/key_accounts.toml --trials 3000 --shard 1/3 --out part-1
  keysplit run scenarios/key_accounts.toml --trials 3000 --shard 2/3 --out part-2
  keysplit run scenarios/key_accounts.toml --trials 3000 --shard 3/3 --out part-3
  keysplit merge part-1 part-2 part-3 --out results";

#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The partial folders that `--shard K/N` wrote, in any order.
    #[arg(required = true)]
    parts: Vec<PathBuf>,
    /// The output folder: what the command writes on one machine.
    #[arg(long)]
    out: PathBuf,
    /// Worker threads for the summaries and charts (default: all cores).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..1025))]
    threads: Option<u64>,
    /// No table.
    #[arg(long, short)]
    quiet: bool,
}

/// A folder of its own under the system's temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch, Error> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir =
            std::env::temp_dir().join(format!("keysplit-merge-{}-{nanos}", std::process::id()));
        std::fs::create_dir(&dir).map_err(Error::io("cannot create", &dir))?;
        Ok(Scratch(dir))
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn run(a: Args) -> Result<(), Error> {
    // Before reading gigabytes of parts, not after.
    keysplit::output::OutputFolder::check(&a.out)?;
    let same = |p: &Path| match (p.canonicalize(), a.out.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    if let Some(p) = a.parts.iter().find(|p| same(p)) {
        return Err(Error::Usage(format!(
            "--out {} is one of the parts: the merge would replace it; write the results to another folder",
            super::safe(&p.display().to_string())
        )));
    }
    let merged = shard::merge(&a.parts)?;
    let scratch = Scratch::new()?;
    let scenario = shard::lay_out(scratch.path(), &merged.command, &merged.sources)?;
    let argv = std::iter::once("keysplit".to_string()).chain(merged.command.argv.iter().cloned());
    let mut cli = Cli::try_parse_from(argv).map_err(|e| {
        Error::Usage(format!(
            "the parts' command line does not parse here: {}",
            e.to_string().trim()
        ))
    })?;
    let Some(c) = cli.command.common_mut() else {
        return Err(Error::Usage(format!(
            "the parts' command line is not one that can be sharded: {:?}",
            merged.command.argv
        )));
    };
    c.scenario = scenario;
    c.out = Some(a.out);
    c.shard = None;
    c.threads = a.threads;
    c.quiet = a.quiet;
    c.trials_from = merged.trials;
    cli.run()
}

//! The flags every command but `validate` shares, and what they become:
//! the library's options, the loaded scenario (its warnings printed), and
//! the output folder.

use super::progress::Bar;
use super::safe;
use keysplit::commands::shard::{BookRef, Command as PartCommand, Sources};
use keysplit::output::trials::Format;
use keysplit::sim::shard::{Shard, Trials};
use keysplit::{Error, Files, Loaded, Options, Pool, Precision, Target};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Options shared by `run`, `sweep` and `size`.
#[derive(clap::Args, Debug)]
pub struct CommonArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// Number of Monte Carlo trials, per point for sweep and size (overrides simulation.trials).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub trials: Option<u64>,
    /// Random seed (overrides simulation.seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..1025))]
    pub threads: Option<u64>,
    /// Output folder (default: output/<scenario file stem>, and -sweep / -size / -sensitivity after the stem for those commands).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// No progress bar and no table.
    #[arg(long, short)]
    pub quiet: bool,
    /// Skip the charts (and for `run` the reports), for fast runs.
    #[arg(long)]
    pub no_charts: bool,
    /// Add trials in batches of 500 until the 95% interval of the paired
    /// difference of METRIC against the baseline is within +/- HALF_WIDTH at
    /// every point, e.g. ltv:50000.
    #[arg(long, value_name = "METRIC:HALF_WIDTH")]
    pub precision: Option<String>,
    /// The most trials --precision may use (default 100000).
    #[arg(long, requires = "precision", value_parser = clap::value_parser!(u64).range(2..))]
    pub max_trials: Option<u64>,
    /// Also write every trial's metrics and drawn inputs, one row per
    /// (point,) trial and split: trials.csv or trials.parquet.
    #[arg(long, value_name = "csv|parquet")]
    pub per_trial: Option<String>,
    /// Compute only shard K of N (a contiguous block of the trials) and
    /// write a partial folder for `keysplit merge`; `auto` reads a
    /// Kubernetes Indexed Job's or a Slurm job array's environment
    /// (docs/scale.md).
    #[arg(long, value_name = "K/N|auto")]
    pub shard: Option<String>,
    /// Where the trials come from: set by `merge`, which runs the command
    /// again on the parts' trials.
    #[arg(skip)]
    pub trials_from: Trials,
}

impl CommonArgs {
    /// `--precision` and `--max-trials`, parsed.
    pub fn precision(&self) -> Result<Option<Precision>, Error> {
        self.precision
            .as_deref()
            .map(|p| {
                let target: Target = p
                    .parse()
                    .map_err(|e: String| Error::Usage(format!("--precision: {e}")))?;
                Ok(Precision::new(target, self.max_trials))
            })
            .transpose()
    }

    /// The files to write besides the summaries: charts unless
    /// `--no-charts`, and `--per-trial`, parsed.
    pub fn files(&self) -> Result<Files, Error> {
        let per_trial = self
            .per_trial
            .as_deref()
            .map(|f| {
                f.parse::<Format>()
                    .map_err(|e| Error::Usage(format!("--per-trial: {e}")))
            })
            .transpose()?;
        Ok(Files {
            charts: !self.no_charts,
            per_trial,
            pdf: None,
        })
    }

    /// `--shard`, parsed (`auto` from the scheduler's environment).
    pub fn shard(&self) -> Result<Option<Shard>, Error> {
        let Some(text) = &self.shard else {
            return Ok(None);
        };
        let shard = if text.trim() == "auto" {
            keysplit::sim::shard::from_env(|k| std::env::var(k).ok())
        } else {
            text.parse::<Shard>().map_err(|e| format!("--shard {e}"))
        };
        shard.map(Some).map_err(Error::Usage)
    }

    /// The library's options, with a progress bar on stderr (hidden with
    /// `--quiet` or when stderr is not a terminal), on `shard` when given.
    pub fn options(&self, shard: Option<Shard>) -> (Options, Arc<Bar>) {
        let bar = Bar::new(self.quiet);
        let options = Options {
            trials: self.trials,
            seed: self.seed,
            pool: Pool::new(self.threads.map(|t| t as usize)),
            progress: Some(bar.clone()),
            trials_from: shard.map_or_else(|| self.trials_from.clone(), Trials::shard),
        };
        (options, bar)
    }

    /// Loads and validates the scenario exactly as `validate` does, and
    /// prints its warnings (to stderr, even with `--quiet`).
    pub fn load(&self, shard: Option<Shard>) -> Result<Loaded, Error> {
        let loaded = match shard {
            None => keysplit::load(&self.scenario)?,
            Some(_) => keysplit::commands::load_shard(&self.scenario)?,
        };
        for w in &loaded.warnings {
            eprintln!("{}", safe(&w.to_string()));
        }
        Ok(loaded)
    }

    /// The output folder: `--out`, or `output/<scenario file stem>` with
    /// `-<suffix>` after the stem.
    pub fn out_dir(&self, suffix: Option<&str>) -> PathBuf {
        self.out.clone().unwrap_or_else(|| {
            let d = default_out(&self.scenario);
            match suffix {
                None => d,
                Some(suffix) => {
                    let name = format!(
                        "{}-{suffix}",
                        d.file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default()
                    );
                    d.with_file_name(name)
                }
            }
        })
    }

    /// Runs a command the way every command runs: load the scenario (its
    /// warnings printed), check that its output folder (`output/<stem>` with
    /// `-<suffix>`, or `--out`) may be written, `run` it with the options
    /// and a progress bar, `write` the folder, then, unless `--quiet`, print
    /// its `text` and where the results went.
    pub fn execute<O>(
        &self,
        suffix: Option<&str>,
        run: impl FnOnce(&Loaded, Options) -> Result<O, Error>,
        write: impl FnOnce(&Path, &Loaded, &O, &Pool) -> Result<Vec<String>, Error>,
        text: impl FnOnce(&O) -> String,
    ) -> Result<(), Error> {
        let shard = self.shard()?;
        let loaded = self.load(shard)?;
        // Before minutes of work, not after.
        let out = match shard {
            None => self.out_dir(suffix),
            Some(sh) => self.out.clone().unwrap_or_else(|| {
                self.out_dir(Some(&format!(
                    "{}shard-{}-of-{}",
                    suffix.map(|s| format!("{s}-")).unwrap_or_default(),
                    sh.k,
                    sh.n
                )))
            }),
        };
        keysplit::output::OutputFolder::check(&out)?;
        let (options, bar) = self.options(shard);
        let pool = options.pool.clone();
        let trials_from = options.trials_from.clone();
        let part = shard
            .map(|sh| self.part(suffix.unwrap_or("run"), &loaded, sh))
            .transpose()?;
        let outcome = run(&loaded, options)?;
        bar.finish();
        if let (Some(sh), Some((command, sources))) = (shard, part) {
            let records = trials_from.take_records();
            keysplit::commands::shard::write_part(&out, &command, &sources, sh, &records)?;
            if !self.quiet {
                eprintln!(
                    "Shard {sh} (trials {:?} of each run) written to {}; merge every shard with keysplit merge PARTS... --out DIR",
                    sh.range(command.trials),
                    safe(&out.display().to_string())
                );
            }
            return Ok(());
        }
        for w in write(&out, &loaded, &outcome, &pool)? {
            eprintln!("warning: {}", safe(&w));
        }
        if !self.quiet {
            print!("{}", safe(&text(&outcome)));
            eprintln!("Results written to {}", safe(&out.display().to_string()));
        }
        Ok(())
    }
}

impl CommonArgs {
    /// What a shard's part records of the command `name` (the command line
    /// as given, the scenario's and the book's bytes) for the merge.
    fn part(
        &self,
        name: &str,
        loaded: &Loaded,
        shard: Shard,
    ) -> Result<(PartCommand, Sources), Error> {
        let s = &loaded.scenario;
        let prov = keysplit::output::json::Provenance::new(&self.scenario, &loaded.source);
        let argv: Vec<String> = std::env::args().skip(1).collect();
        let (book, book_bytes) = match &s.book {
            None => (None, None),
            Some(b) => {
                keysplit::commands::shard::check_book_path(&b.file)?;
                let path = &b.data.path;
                let bytes = std::fs::read(path).map_err(|e| {
                    Error::Usage(format!(
                        "{}: cannot read the account book again: {e}",
                        path.display()
                    ))
                })?;
                let sha256 = keysplit::commands::shard::digest(&bytes);
                if sha256 != b.data.sha256 {
                    return Err(Error::Usage(format!(
                        "{}: the account book changed while it was read; run the shard again",
                        path.display()
                    )));
                }
                (
                    Some(BookRef {
                        file: b.file.clone(),
                        sha256,
                    }),
                    Some(bytes),
                )
            }
        };
        let command = PartCommand {
            version: env!("CARGO_PKG_VERSION").into(),
            command: name.into(),
            options: super::canonical(&argv)?,
            argv,
            scenario_file: prov.file,
            scenario_sha256: prov.sha256,
            book,
            seed: self.seed.unwrap_or(s.seed),
            trials: self.trials.unwrap_or(s.trials),
            shards: shard.n,
            metrics: keysplit::commands::shard::metric_names(),
        };
        let sources = Sources {
            scenario: loaded.source.clone(),
            book: book_bytes,
        };
        Ok((command, sources))
    }
}

/// The default output folder: `output/<scenario file stem>`.
fn default_out(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into());
    PathBuf::from("output").join(stem)
}

//! Partial folders and their merge (docs/scale.md).
//!
//! A command run with `--shard K/N` writes a partial folder: what its
//! runners held (every trial's metrics of its block, and the monthly rows
//! of those among the first trials that keep them, as exact 64-bit floats),
//! and what the merge needs to run the command again: the scenario's text
//! and its account book's bytes, their SHA-256, the seed, the version, the
//! command line. The merge checks that the parts belong together and cover
//! every trial exactly once, and joins their records into a
//! [`Trials::Replay`], with which the command runs again and writes its
//! usual outputs from the same numbers.

use crate::core::metrics::METRICS;
use crate::error::{Error, Result};
use crate::output;
use crate::sim::shard::{Recorded, Shard, Trials};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// A partial folder's manifest.
pub const MANIFEST: &str = "keysplit-part.json";
/// The runners' records: little-endian 64-bit floats, run after run, each
/// run's metrics then its monthly rows.
pub const DATA: &str = "trials.f64";
/// The scenario file's text, under its own name in this folder.
const SCENARIO_DIR: &str = "scenario";
/// The account book's bytes.
const BOOK: &str = "book.bin";

/// What every part of one sharded command shares: what the merge checks
/// and needs to run the command again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Command {
    /// keysplit's version.
    pub version: String,
    /// `run`, `sweep` or `size`.
    pub command: String,
    /// The command's options as parsed (every flag that can change the
    /// results or the files written; not `--shard`, `--out`, `--threads`,
    /// `--quiet`).
    pub options: String,
    /// The command line after the program's name, to run it again.
    pub argv: Vec<String>,
    /// The scenario file's name (no folders).
    pub scenario_file: String,
    /// SHA-256 of the scenario file's bytes.
    pub scenario_sha256: String,
    /// The account book as the scenario names it, and the SHA-256 of its bytes.
    pub book: Option<BookRef>,
    /// The random seed the command runs with.
    pub seed: u64,
    /// The trials of each run (per point for sweep and size).
    pub trials: u64,
    /// The number of shards.
    pub shards: u64,
    /// The metrics of a trial, in order (their names).
    pub metrics: Vec<String>,
}

/// An account book in a partial folder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookRef {
    /// Its path as written in the scenario (relative to it).
    pub file: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

/// One runner's share in a part.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct RunShape {
    from: u64,
    to: u64,
    total: u64,
    stride: usize,
    mstride: usize,
    monthly_rows: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Manifest {
    /// Always true: this folder is one part of a sharded command.
    partial: bool,
    #[serde(flatten)]
    command: Command,
    /// Which shard, from 1.
    shard: u64,
    /// The trials of this part (of each run).
    trials_from: u64,
    trials_to: u64,
    runs: Vec<RunShape>,
}

/// The sources of a command to shard: the scenario's text and its account
/// book's bytes.
#[derive(Clone, Debug)]
pub struct Sources {
    /// The scenario file's text.
    pub scenario: String,
    /// The account book's bytes, when the scenario has one.
    pub book: Option<Vec<u8>>,
}

fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// The metric names a part records.
pub fn metric_names() -> Vec<String> {
    METRICS.iter().map(|m| m.name.to_string()).collect()
}

/// Refuses a book path the merge could not lay out beside the scenario
/// again (absolute, or with a drive): a shard needs it relative.
pub fn check_book_path(file: &str) -> Result<()> {
    let relative = Path::new(file).components().all(|c| {
        matches!(
            c,
            Component::Normal(_) | Component::ParentDir | Component::CurDir
        )
    });
    if relative {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "--shard: the account book {file:?} is not a path relative to the scenario file; write [book] file relative to it, so that the merge can read the book from the parts"
        )))
    }
}

/// Writes shard `shard`'s partial folder at `out` (atomically, as every
/// output folder): the manifest, the records of the runners and the
/// sources. The folder's marker names it a part.
pub fn write_part(
    out: &Path,
    command: &Command,
    sources: &Sources,
    shard: Shard,
    records: &[Recorded],
) -> Result<()> {
    let block = shard.range(command.trials);
    let manifest = Manifest {
        partial: true,
        command: command.clone(),
        shard: shard.k,
        trials_from: block.start,
        trials_to: block.end,
        runs: records
            .iter()
            .map(|r| RunShape {
                from: r.from,
                to: r.to,
                total: r.total,
                stride: r.stride,
                mstride: r.mstride,
                monthly_rows: (r.monthly.len() / r.mstride.max(1)) as u64,
            })
            .collect(),
    };
    let marker = format!("{} --shard (partial folder: merge it)", command.command);
    super::write_folder(out, &marker, "partial folder", |dir| {
        let text =
            serde_json::to_string_pretty(&manifest).map_err(|e| Error::Usage(e.to_string()))?;
        output::write_file(dir, MANIFEST, text.as_bytes())?;
        output::write_stream(dir, DATA, |w| {
            for r in records {
                for x in r.per_trial.iter().chain(&r.monthly) {
                    w.write_all(&x.to_le_bytes())
                        .map_err(Error::io("cannot write", &dir.join(DATA)))?;
                }
            }
            Ok(())
        })?;
        let name = format!("{SCENARIO_DIR}/{}", command.scenario_file);
        output::write_file(dir, &name, sources.scenario.as_bytes())?;
        if let Some(book) = &sources.book {
            output::write_file(dir, BOOK, book)?;
        }
        Ok(())
    })
}

/// The command and sources the parts share, and their records joined.
#[derive(Debug)]
pub struct Merged {
    /// The command the parts ran.
    pub command: Command,
    /// Its sources.
    pub sources: Sources,
    /// The runners' records, joined in trial order: run the command with
    /// these as its trials.
    pub trials: Trials,
}

struct Part {
    path: PathBuf,
    manifest: Manifest,
}

/// Reads a partial folder's manifest, or says what the folder is instead.
fn read_manifest(path: &Path) -> Result<Manifest> {
    let file = path.join(MANIFEST);
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            let what = match std::fs::read_to_string(path.join(output::MARKER)) {
                Ok(m) => {
                    let command = serde_json::from_str::<serde_json::Value>(&m)
                        .ok()
                        .and_then(|v| v.get("command")?.as_str().map(str::to_string))
                        .unwrap_or_default();
                    format!(
                        "it is the full output folder of `keysplit {command}`, not a part; merge only the folders that `--shard K/N` wrote"
                    )
                }
                Err(_) if !path.is_dir() => format!("it is not a folder ({e})"),
                Err(_) => format!(
                    "it holds no {MANIFEST}: it is not a partial folder written with --shard"
                ),
            };
            return Err(Error::Usage(format!("{}: {what}", path.display())));
        }
    };
    let m: Manifest = serde_json::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "{}: {e}: the part's manifest is damaged; write the part again",
            file.display()
        ))
    })?;
    if !m.partial {
        return Err(Error::Usage(format!(
            "{}: the manifest does not mark it a part",
            file.display()
        )));
    }
    Ok(m)
}

/// The flags of a command line as typed (`Command::argv`), with their
/// values, for the merge's message: every flag but those that may differ
/// between parts (`--shard`, `--out`, `--threads`, `--quiet`) and those the
/// merge names on lines of their own (`--trials`, `--seed`).
fn flags(argv: &[String]) -> BTreeMap<String, String> {
    let is_flag = |a: &str| {
        a.starts_with("--")
            || (a.len() == 2 && a.starts_with('-') && a[1..].chars().all(char::is_alphabetic))
    };
    let mut out = BTreeMap::new();
    let mut args = argv.iter().peekable();
    while let Some(a) = args.next() {
        if !is_flag(a) {
            continue;
        }
        let (flag, value) = match a.split_once('=') {
            Some((f, v)) => (f.to_string(), v.to_string()),
            None => {
                let v = args.next_if(|v| !is_flag(v)).cloned().unwrap_or_default();
                (a.clone(), v)
            }
        };
        let own = [
            "--shard",
            "--out",
            "--threads",
            "--quiet",
            "-q",
            "--trials",
            "--seed",
        ];
        if !own.contains(&flag.as_str()) {
            out.insert(flag, value);
        }
    }
    out
}

/// The flags two parts' command lines differ in, as typed (`--per-trial
/// csv` against `--per-trial (not given)`), quoted where a shell would
/// need it; empty when they differ in nothing but the flags [`flags`]
/// leaves out.
fn flag_differences(a: &[String], b: &[String]) -> (Vec<String>, Vec<String>) {
    let (fa, fb) = (flags(a), flags(b));
    let said = |f: &str, v: Option<&String>| match v {
        None => format!("{f} (not given)"),
        Some(v) if v.is_empty() => f.to_string(),
        Some(v) if v.contains([' ', ',']) => format!("{f} \"{v}\""),
        Some(v) => format!("{f} {v}"),
    };
    let mut names: Vec<&String> = fa.keys().chain(fb.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|f| fa.get(*f) != fb.get(*f))
        .map(|f| (said(f, fa.get(f)), said(f, fb.get(f))))
        .unzip()
}

/// Reads the parts at `paths` (in any order), checks that they belong
/// together and hold every trial exactly once, and joins their records.
/// Every problem is reported at once, naming the parts involved.
pub fn merge(paths: &[PathBuf]) -> Result<Merged> {
    if paths.is_empty() {
        return Err(Error::Usage(
            "merge: name the partial folders to merge".into(),
        ));
    }
    let mut problems = Vec::new();
    let mut parts = Vec::new();
    for p in paths {
        match read_manifest(p) {
            Ok(manifest) => parts.push(Part {
                path: p.clone(),
                manifest,
            }),
            Err(e) => problems.push(e.to_string()),
        }
    }
    if !problems.is_empty() {
        return Err(refused(problems));
    }
    parts.sort_by_key(|p| {
        (
            p.manifest.trials_from,
            p.manifest.trials_to,
            p.manifest.shard,
        )
    });
    // The same command on the same sources.
    let first = &parts[0];
    let field = |p: &Part| -> Vec<(&'static str, String)> {
        let c = &p.manifest.command;
        vec![
            ("keysplit version", c.version.clone()),
            ("command", c.command.clone()),
            ("command-line options", c.options.clone()),
            ("scenario file name", c.scenario_file.clone()),
            ("scenario bytes (SHA-256)", c.scenario_sha256.clone()),
            (
                "account book (file, SHA-256)",
                c.book
                    .as_ref()
                    .map_or("none".into(), |b| format!("{} {}", b.file, b.sha256)),
            ),
            ("seed", c.seed.to_string()),
            ("trials", c.trials.to_string()),
            ("number of shards", c.shards.to_string()),
            ("metrics", c.metrics.join(",")),
            ("runs", p.manifest.runs.len().to_string()),
        ]
    };
    let want = field(first);
    for p in &parts[1..] {
        for ((name, a), (_, b)) in want.iter().zip(field(p)) {
            if *a == b {
                continue;
            }
            let (a, b) = if *name == "command-line options" {
                let (pa, pb) = (&first.manifest.command, &p.manifest.command);
                let (da, db) = flag_differences(&pa.argv, &pb.argv);
                if !da.is_empty() {
                    (da.join(", "), db.join(", "))
                } else if (pa.trials, pa.seed) != (pb.trials, pb.seed) {
                    // Said on the lines of their own.
                    continue;
                } else {
                    // The same flags, written otherwise: the options as parsed.
                    (format!("{a:?}"), format!("{b:?}"))
                }
            } else {
                (format!("{a:?}"), format!("{b:?}"))
            };
            problems.push(format!(
                "{} and {} differ in {name}: {a} against {b}; merge only the parts of one sharded command",
                first.path.display(),
                p.path.display()
            ));
        }
    }
    let here = env!("CARGO_PKG_VERSION");
    if first.manifest.command.version != here {
        problems.push(format!(
            "{} was written by keysplit {}, and this is keysplit {here}: merge the parts with the version that wrote them",
            first.path.display(),
            first.manifest.command.version
        ));
    }
    if !problems.is_empty() {
        return Err(refused(problems));
    }
    // Every trial exactly once.
    let total = first.manifest.command.trials;
    let mut next = 0u64;
    let mut prev: Option<&Part> = None;
    for p in &parts {
        let (a, b) = (p.manifest.trials_from, p.manifest.trials_to);
        let name =
            |q: Option<&Part>| q.map_or("the start".into(), |q| q.path.display().to_string());
        if a > next {
            problems.push(format!(
                "trials {next}..{a} are missing (between {} and {}): run the shard that holds them and merge it too",
                name(prev),
                p.path.display()
            ));
        } else if a < next {
            problems.push(format!(
                "trials {a}..{} are in more than one part ({} and {}): merge each shard once",
                next.min(b),
                name(prev),
                p.path.display()
            ));
        }
        if b >= next {
            next = b;
            prev = Some(p);
        }
    }
    if next < total {
        problems.push(format!(
            "trials {next}..{total} are missing (after {}): run the shard that holds them and merge it too",
            prev.map_or("the start".into(), |q| q.path.display().to_string())
        ));
    }
    if !problems.is_empty() {
        return Err(refused(problems));
    }
    let trials = join(&parts)?;
    let sources = read_sources(first)?;
    Ok(Merged {
        command: first.manifest.command.clone(),
        sources,
        trials,
    })
}

fn refused(problems: Vec<String>) -> Error {
    Error::Usage(format!(
        "cannot merge these parts (nothing was written):\n{}",
        problems
            .iter()
            .map(|p| format!("  - {p}"))
            .collect::<Vec<_>>()
            .join("\n")
    ))
}

/// The records of every part, joined run by run in trial order.
fn join(parts: &[Part]) -> Result<Trials> {
    let mut joined: Vec<Recorded> = parts[0]
        .manifest
        .runs
        .iter()
        .map(|r| Recorded {
            from: 0,
            to: 0,
            total: r.total,
            stride: r.stride,
            mstride: r.mstride,
            per_trial: Vec::new(),
            monthly: Vec::new(),
        })
        .collect();
    for p in parts {
        let file = p.path.join(DATA);
        let bytes = std::fs::read(&file).map_err(|e| Error::io("cannot read", &file)(e))?;
        let mut at = 0usize;
        let mut take = |n: usize| -> Result<&[u8]> {
            let end = at + n * 8;
            let s = bytes.get(at..end).ok_or_else(|| {
                Error::Usage(format!(
                    "{}: the file is shorter than its manifest says: the part is damaged; write it again",
                    file.display()
                ))
            })?;
            at = end;
            Ok(s)
        };
        for (i, (shape, rec)) in p.manifest.runs.iter().zip(joined.iter_mut()).enumerate() {
            let same = shape.total == rec.total
                && shape.stride == rec.stride
                && shape.mstride == rec.mstride
                && shape.from == rec.to;
            if !same {
                return Err(Error::Usage(format!(
                    "{}: run {} does not continue the parts before it (trials {}..{} of {}): the parts were not written by one sharded command",
                    p.path.display(),
                    i + 1,
                    shape.from,
                    shape.to,
                    shape.total
                )));
            }
            let floats = |b: &[u8]| -> Vec<f64> {
                b.chunks_exact(8)
                    .map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes")))
                    .collect()
            };
            let n = (shape.to - shape.from) as usize * shape.stride;
            rec.per_trial.extend(floats(take(n)?));
            let m = shape.monthly_rows as usize * shape.mstride;
            rec.monthly.extend(floats(take(m)?));
            rec.to = shape.to;
        }
        if at != bytes.len() {
            return Err(Error::Usage(format!(
                "{}: the file is longer than its manifest says: the part is damaged; write it again",
                file.display()
            )));
        }
    }
    Ok(Trials::Replay(Arc::new(joined)))
}

/// The scenario's text and book's bytes of a part, checked against their hashes.
fn read_sources(p: &Part) -> Result<Sources> {
    let c = &p.manifest.command;
    let file = p.path.join(SCENARIO_DIR).join(&c.scenario_file);
    let scenario =
        std::fs::read_to_string(&file).map_err(|e| Error::io("cannot read", &file)(e))?;
    let damaged = |f: &Path| {
        Error::Usage(format!(
            "{}: its SHA-256 is not the one the manifest records: the part is damaged; write it again",
            f.display()
        ))
    };
    if sha256(scenario.as_bytes()) != c.scenario_sha256 {
        return Err(damaged(&file));
    }
    let book = match &c.book {
        None => None,
        Some(b) => {
            let f = p.path.join(BOOK);
            let bytes = std::fs::read(&f).map_err(|e| Error::io("cannot read", &f)(e))?;
            if sha256(&bytes) != b.sha256 {
                return Err(damaged(&f));
            }
            Some(bytes)
        }
    };
    Ok(Sources { scenario, book })
}

/// Lays the sources out in `dir` as the scenario expects them (the book at
/// its path relative to the scenario file) and returns the scenario file's
/// path there.
pub fn lay_out(dir: &Path, command: &Command, sources: &Sources) -> Result<PathBuf> {
    // As deep as the book's path climbs, so that `..` stays inside `dir`.
    let climbs = command.book.as_ref().map_or(0, |b| {
        Path::new(&b.file)
            .components()
            .filter(|c| matches!(c, Component::ParentDir))
            .count()
    });
    let mut sdir = dir.to_path_buf();
    for _ in 0..climbs {
        sdir.push("s");
    }
    let create =
        |d: &Path| std::fs::create_dir_all(d).map_err(|e| Error::io("cannot create", d)(e));
    create(&sdir)?;
    let scenario = sdir.join(&command.scenario_file);
    std::fs::write(&scenario, sources.scenario.as_bytes())
        .map_err(|e| Error::io("cannot write", &scenario)(e))?;
    if let (Some(b), Some(bytes)) = (&command.book, &sources.book) {
        check_book_path(&b.file)?;
        let path = sdir.join(&b.file);
        if let Some(parent) = path.parent() {
            create(parent)?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io("cannot write", &path)(e))?;
    }
    Ok(scenario)
}

/// The SHA-256 of `bytes`, as a part records it.
pub fn digest(bytes: &[u8]) -> String {
    sha256(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values with commas (a split's name, a list of sweep values) are
    /// compared whole; the flags that may differ between parts, and trials
    /// and seed (said on lines of their own), are left out.
    #[test]
    fn flags_that_differ_are_said_as_typed() {
        let argv = |split: &str, values: &str, trials: &str| -> Vec<String> {
            [
                "sweep", "s.toml", "--split", split, "--values", values, "--trials", trials,
                "--shard", "1/2", "--out", "p1", "-q",
            ]
            .map(String::from)
            .to_vec()
        };
        let a = argv("Shift and lift, by layoff", "0.1,0.2", "100");
        let b = argv("Shift and lift, by layoff", "0.1,0.6", "100");
        assert_eq!(
            flag_differences(&a, &b),
            (
                vec!["--values \"0.1,0.2\"".to_string()],
                vec!["--values \"0.1,0.6\"".to_string()]
            )
        );
        let c = argv("Shift and lift, by attrition", "0.1,0.2", "7");
        assert_eq!(
            flag_differences(&a, &c),
            (
                vec!["--split \"Shift and lift, by layoff\"".to_string()],
                vec!["--split \"Shift and lift, by attrition\"".to_string()]
            )
        );
        let mut d = a.clone();
        d.extend(["--per-trial=csv".to_string(), "--no-charts".to_string()]);
        assert_eq!(
            flag_differences(&a, &d),
            (
                vec![
                    "--no-charts (not given)".to_string(),
                    "--per-trial (not given)".to_string()
                ],
                vec!["--no-charts".to_string(), "--per-trial csv".to_string()]
            )
        );
        let e = argv("Shift and lift, by layoff", "0.1,0.2", "7");
        assert_eq!(flag_differences(&a, &e), (vec![], vec![]));
    }
}

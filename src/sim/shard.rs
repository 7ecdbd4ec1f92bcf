//! Trials beyond one machine (docs/scale.md): a command run as shard K of N
//! simulates only its contiguous block of trial indices and records, per
//! runner, what the runner held; the merge replays those records through
//! the very same command, so every summary, chart and report is computed
//! by the code that computes them on one machine.
//!
//! A trial's numbers depend only on (scenario, seed, trial index)
//! (docs/model.md, "Engine and reproducibility"), so where a trial runs
//! does not change it. Runners are identified by the order in which a
//! command creates them, which is fixed for a command whose runs do not
//! depend on earlier results (no precision control, no coarse-then-fine
//! grid: those are refused). The runs a command chooses from earlier
//! results (sensitivity's flip values) come after every other run, are
//! marked as such, and are left to the merge, which simulates them in
//! full ([`crate::sim::Runner::chosen_from_results`]).

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

/// Shard `k` of `n` (1-based: `1 <= k <= n`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, from 1.
    pub k: u64,
    /// How many shards.
    pub n: u64,
}

impl Shard {
    /// Shard `k` of `n`, refused unless `1 <= k <= n`.
    pub fn new(k: u64, n: u64) -> std::result::Result<Shard, String> {
        if n == 0 {
            return Err("the number of shards N must be at least 1 (write K/N, e.g. 1/8)".into());
        }
        if k == 0 || k > n {
            return Err(format!(
                "{k}/{n}: K counts from 1 to N (write K/N with 1 <= K <= {n})"
            ));
        }
        Ok(Shard { k, n })
    }

    /// This shard's trials out of `total`: the `k`-th of `n` contiguous
    /// blocks, `floor((k-1) total / n) .. floor(k total / n)`, so the blocks
    /// cover `0..total` exactly once and differ in size by at most one.
    pub fn range(self, total: u64) -> Range<u64> {
        let at = |k: u64| (u128::from(k) * u128::from(total) / u128::from(self.n)) as u64;
        at(self.k - 1)..at(self.k)
    }

    /// Refuses more shards than trials (a shard would have none).
    pub fn check(self, total: u64) -> Result<()> {
        if self.n > total {
            return Err(Error::Usage(format!(
                "--shard {}/{}: {} shards of {total} trials would leave some shards without a trial; use at most {total} shards",
                self.k, self.n, self.n
            )));
        }
        Ok(())
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Shard, String> {
        let bad = || format!("{s:?}: write K/N (shard K of N, from 1), e.g. 3/8, or auto");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k: u64 = k.trim().parse().map_err(|_| bad())?;
        let n: u64 = n.trim().parse().map_err(|_| bad())?;
        Shard::new(k, n)
    }
}

/// The shard a batch scheduler's task is, from its environment (`var`
/// reads one variable): a Kubernetes Indexed Job's `JOB_COMPLETION_INDEX`
/// (from 0) with the completion count in `KEYSPLIT_SHARD_COUNT` (the Job
/// does not set it: the manifest does, to its `completions`), or a Slurm
/// job array's `SLURM_ARRAY_TASK_ID` with `SLURM_ARRAY_TASK_COUNT` and
/// `SLURM_ARRAY_TASK_MIN` (arrays may start at 1, or anywhere).
pub fn from_env(var: impl Fn(&str) -> Option<String>) -> std::result::Result<Shard, String> {
    let num = |name: &str| -> std::result::Result<Option<u64>, String> {
        match var(name) {
            None => Ok(None),
            Some(v) => v.trim().parse::<u64>().map(Some).map_err(|_| {
                format!("--shard auto: {name}={v:?} is not a whole number at least 0")
            }),
        }
    };
    if let Some(index) = num("JOB_COMPLETION_INDEX")? {
        let Some(n) = num("KEYSPLIT_SHARD_COUNT")? else {
            return Err("--shard auto: JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but KEYSPLIT_SHARD_COUNT is not; set it in the Job's manifest to the same value as spec.completions (docs/scale.md)".into());
        };
        return Shard::new(index + 1, n).map_err(|e| {
            format!("--shard auto: JOB_COMPLETION_INDEX={index} with KEYSPLIT_SHARD_COUNT={n}: {e}")
        });
    }
    if let Some(id) = num("SLURM_ARRAY_TASK_ID")? {
        let Some(n) = num("SLURM_ARRAY_TASK_COUNT")? else {
            return Err("--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not (Slurm sets both for a job array: submit with sbatch --array)".into());
        };
        let min = num("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
        let k = id.checked_sub(min).map(|i| i + 1).ok_or_else(|| {
            format!("--shard auto: SLURM_ARRAY_TASK_ID={id} is below SLURM_ARRAY_TASK_MIN={min}")
        })?;
        return Shard::new(k, n).map_err(|e| {
            format!("--shard auto: SLURM_ARRAY_TASK_ID={id}, SLURM_ARRAY_TASK_MIN={min}, SLURM_ARRAY_TASK_COUNT={n}: {e}; an array of N shards is --array=0-(N-1) or 1-N with no step (docs/scale.md)")
        });
    }
    Err("--shard auto: neither JOB_COMPLETION_INDEX (a Kubernetes Indexed Job, with KEYSPLIT_SHARD_COUNT) nor SLURM_ARRAY_TASK_ID (a Slurm job array) is set; outside a scheduler write --shard K/N".into())
}

/// What one runner held at the end of a shard: its trials `from..to` of
/// `total`, their metrics (`stride` numbers per trial) and the monthly rows
/// of those of them among the first trials that keep their months
/// (`mstride` numbers per trial).
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    /// The trials held.
    pub from: u64,
    /// One past the last trial held.
    pub to: u64,
    /// The trials the runner was extended to (every shard's).
    pub total: u64,
    /// Numbers per trial in `per_trial`.
    pub stride: usize,
    /// Numbers per sampled trial in `monthly`.
    pub mstride: usize,
    /// `[trial][split][metric]`, trials `from..to`.
    pub per_trial: Vec<f64>,
    /// The monthly rows of trials `from..` (as many as were sampled).
    pub monthly: Vec<f64>,
}

/// How an engine's runners get their trials.
#[derive(Clone, Debug, Default)]
pub enum Trials {
    /// Simulated, every one.
    #[default]
    All,
    /// Shard `shard`: only its block of each runner's trials is simulated,
    /// and each runner's trials are recorded when it ends.
    Shard {
        /// Which block.
        shard: Shard,
        /// The runners' records, by runner number.
        records: Arc<Mutex<BTreeMap<usize, Recorded>>>,
    },
    /// Replayed from the records of every shard, joined in trial order
    /// (one per runner number, each `0..total`).
    Replay(Arc<Vec<Recorded>>),
}

impl Trials {
    /// Shard `shard`, recording into a fresh store.
    pub fn shard(shard: Shard) -> Trials {
        Trials::Shard {
            shard,
            records: Arc::default(),
        }
    }

    /// The records of a shard's runners in runner order (empty otherwise).
    pub fn take_records(&self) -> Vec<Recorded> {
        match self {
            Trials::Shard { records, .. } => {
                let mut map = records.lock().unwrap_or_else(|e| e.into_inner());
                std::mem::take(&mut *map).into_values().collect()
            }
            _ => Vec::new(),
        }
    }

    /// Whether this is a shard's (recording its block of every run).
    pub fn is_shard(&self) -> bool {
        matches!(self, Trials::Shard { .. })
    }

    /// The trials a run of `total` trials holds in memory under this mode.
    pub fn held(&self, total: u64) -> u64 {
        match self {
            Trials::Shard { shard, .. } => {
                let r = shard.range(total);
                r.end - r.start
            }
            _ => total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_every_trial_once() {
        for total in [1u64, 7, 500, 1001] {
            for n in 1..=7.min(total) {
                let mut next = 0;
                for k in 1..=n {
                    let r = Shard::new(k, n).unwrap().range(total);
                    assert_eq!(r.start, next);
                    // floor division: sizes differ by at most one.
                    let len = r.end - r.start;
                    assert!(len == total / n || len == total / n + 1);
                    next = r.end;
                }
                assert_eq!(next, total);
            }
        }
    }

    #[test]
    fn parses_k_of_n() {
        assert_eq!("3/8".parse(), Ok(Shard { k: 3, n: 8 }));
        for bad in ["0/3", "4/3", "1/0", "x/3", "3", "-1/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn kubernetes_indexed_job() {
        let e = env(&[("JOB_COMPLETION_INDEX", "0"), ("KEYSPLIT_SHARD_COUNT", "4")]);
        assert_eq!(from_env(e), Ok(Shard { k: 1, n: 4 }));
        let e = env(&[("JOB_COMPLETION_INDEX", "3"), ("KEYSPLIT_SHARD_COUNT", "4")]);
        assert_eq!(from_env(e), Ok(Shard { k: 4, n: 4 }));
        let e = env(&[("JOB_COMPLETION_INDEX", "4"), ("KEYSPLIT_SHARD_COUNT", "4")]);
        assert!(from_env(e).unwrap_err().contains("K counts from 1"));
        let e = env(&[("JOB_COMPLETION_INDEX", "1")]);
        assert!(from_env(e).unwrap_err().contains("KEYSPLIT_SHARD_COUNT"));
        let e = env(&[
            ("JOB_COMPLETION_INDEX", "one"),
            ("KEYSPLIT_SHARD_COUNT", "4"),
        ]);
        assert!(from_env(e).unwrap_err().contains("\"one\""));
    }

    #[test]
    fn slurm_arrays_from_zero_or_one() {
        let e = env(&[
            ("SLURM_ARRAY_TASK_ID", "0"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ]);
        assert_eq!(from_env(e), Ok(Shard { k: 1, n: 3 }));
        let e = env(&[
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
        ]);
        assert_eq!(from_env(e), Ok(Shard { k: 3, n: 3 }));
        let e = env(&[
            ("SLURM_ARRAY_TASK_ID", "0"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
        ]);
        assert!(from_env(e).unwrap_err().contains("below"));
        let e = env(&[("SLURM_ARRAY_TASK_ID", "2")]);
        assert!(from_env(e).unwrap_err().contains("SLURM_ARRAY_TASK_COUNT"));
        assert!(from_env(env(&[])).unwrap_err().contains("neither"));
    }
}

//! How much memory a run needs, and the refusal of a run that would not fit
//! (docs/model.md, "Engine and reproducibility"). A command that keeps
//! several runs at once (the points of a sweep, the teams of a grid) counts
//! them all before it starts.

use crate::core::metrics::N_METRICS;
use crate::error::{Error, Result};

/// Bytes of per-trial storage one run of `splits` splits needs.
pub fn bytes_needed(trials: u64, splits: usize) -> u128 {
    // The flat metrics buffer plus one sorted copy per metric at summary time.
    u128::from(trials) * (splits as u128 * N_METRICS as u128 + 2) * 8
}

/// The memory this machine can give a run (MemAvailable on Linux).
pub fn available_memory() -> Option<u128> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u128 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Refuses a trial count whose stored metrics would not fit in memory.
pub fn check_memory(trials: u64, splits: usize, available: Option<u128>) -> Result<()> {
    check_runs(trials, &[splits], available, &trials_or_shards(trials))
}

/// The fix of a refusal: `flag` at the largest trial count that fits.
pub fn trials_flag(flag: &str) -> impl Fn(u64) -> String + '_ {
    move |max| format!("use {flag} {max} or fewer")
}

/// The fix of a refusal of `trials` trials: fewer trials, or shards of at
/// most the largest count that fits (docs/scale.md).
pub fn trials_or_shards(trials: u64) -> impl Fn(u64) -> String {
    move |max| {
        format!(
            "use --trials {max} or fewer, or {}",
            shard_hint(trials, max)
        )
    }
}

/// How to split `trials` trials into shards of at most `max` trials each.
/// The merge holds every trial's metrics again, as one machine would.
pub fn shard_hint(trials: u64, max: u64) -> String {
    let n = trials.div_ceil(max.max(1));
    format!(
        "run it as --shard K/N with N >= {n} (shards of at most {max} trials fit here) and merge the parts on a machine with the memory for all {trials} trials (docs/scale.md)"
    )
}

/// When `trials` trials of runs held at once, one entry of `runs` per run
/// (its number of splits), would not fit in `available` bytes: what they
/// would need, in words, and the largest trial count that fits.
pub fn too_large(trials: u64, runs: &[usize], available: Option<u128>) -> Option<(String, u64)> {
    let avail = available?;
    let budget = avail / 10 * 8;
    let need: u128 = runs.iter().map(|&k| bytes_needed(trials, k)).sum();
    if need <= budget {
        return None;
    }
    let per_trial: u128 = runs.iter().map(|&k| bytes_needed(1, k)).sum();
    let max = u64::try_from(budget / per_trial.max(1)).unwrap_or(u64::MAX);
    let what = match runs.len() {
        1 => format!("{trials} trials"),
        n => format!("{n} runs of {trials} trials each"),
    };
    Some((
        format!(
            "{what} would need about {:.1} GiB for their per-trial metrics, but only {:.1} GiB is available",
            need as f64 / (1u128 << 30) as f64,
            budget as f64 / (1u128 << 30) as f64,
        ),
        max,
    ))
}

/// Refuses `trials` trials of runs held at once ([`too_large`]): the
/// message gives the estimate, and `fix` (given the largest trial count
/// that fits) says what to change.
pub fn check_runs(
    trials: u64,
    runs: &[usize],
    available: Option<u128>,
    fix: &dyn Fn(u64) -> String,
) -> Result<()> {
    match too_large(trials, runs, available) {
        Some((need, max)) => Err(Error::Memory(format!("{need}; {}", fix(max)))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_names_the_shards_that_fit() {
        // 10^9 trials of 4 splits: (4 x N_METRICS + 2) x 8 bytes each.
        let per_trial = (4 * N_METRICS as u128 + 2) * 8;
        let need = 1_000_000_000u128 * per_trial;
        // A machine whose budget (8/10 of what is available) holds 10^6 trials.
        let available = per_trial * 1_000_000 / 8 * 10;
        let e = check_memory(1_000_000_000, 4, Some(available)).unwrap_err();
        let text = e.to_string();
        let gib = format!("{:.1} GiB", need as f64 / (1u128 << 30) as f64);
        assert!(text.contains(&gib), "{text}");
        assert!(text.contains("use --trials 1000000 or fewer"), "{text}");
        assert!(text.contains("--shard K/N with N >= 1000 "), "{text}");
        // A count that does not divide evenly rounds the shards up.
        assert!(shard_hint(1001, 10).contains("N >= 101 "));
    }
}

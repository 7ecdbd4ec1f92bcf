//! Designs of the per-trial parameter draws.
//!
//! By default every per-trial parameter takes its keyed uniform (see
//! [`crate::core::rng`]). A [`ParamDesign`] overrides those uniforms trial by trial
//! for some or all parameters: Latin hypercube sampling, rank correlations
//! (Iman and Conover 1982) and the Saltelli matrices of variance-based
//! sensitivity analysis are all such designs. The per-cell-month uniforms are
//! never touched, so common random numbers across splits still hold.

/// Uniforms for the per-trial parameters, one row per trial, one column per
/// entry of `Scenario::params`. `NaN` means "use the keyed uniform"; trials
/// beyond the last row use keyed uniforms for every parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamDesign {
    n_params: usize,
    /// The trial of the first row (0 but on a shard, which builds the
    /// blocks of its own trials only).
    first: u64,
    rows: Vec<f64>,
}

impl ParamDesign {
    /// A design of `trials` rows in which every parameter keeps its keyed draw.
    pub fn keyed(n_params: usize, trials: usize) -> ParamDesign {
        ParamDesign {
            n_params,
            first: 0,
            rows: vec![f64::NAN; n_params * trials],
        }
    }

    /// An empty design whose first row will be trial `first` (the start of
    /// a block), to be grown by [`grow`].
    pub fn starting_at(n_params: usize, first: u64) -> ParamDesign {
        ParamDesign {
            n_params,
            first,
            rows: Vec::new(),
        }
    }

    /// One past the last trial with a row.
    pub fn trials(&self) -> u64 {
        self.first + self.rows.len().checked_div(self.n_params).unwrap_or(0) as u64
    }

    /// Columns: the scenario's per-trial parameters.
    pub fn n_params(&self) -> usize {
        self.n_params
    }

    /// The row of trial `t`, if the design has one.
    pub fn row(&self, t: u64) -> Option<&[f64]> {
        let t = usize::try_from(t.checked_sub(self.first)?).ok()?;
        self.rows.get(t * self.n_params..(t + 1) * self.n_params)
    }

    /// Sets the uniform of parameter `p` in trial `t` (a value in (0, 1)).
    pub fn set(&mut self, t: usize, p: usize, u: f64) {
        debug_assert!(u > 0.0 && u < 1.0, "design uniforms lie in (0, 1)");
        self.rows[t * self.n_params + p] = u;
    }

    /// The uniform of parameter `p` in trial `t` (NaN: keyed).
    pub fn get(&self, t: usize, p: usize) -> f64 {
        self.rows[t * self.n_params + p]
    }
}

use crate::core::correlation::{argsort, cholesky, spearman, target_matrix};
use crate::core::rng::{Key, purpose};
use crate::scenario::{Sampling, Scenario};
use rand::seq::SliceRandom;
use std::collections::BTreeMap;

/// Trials per deterministic batch: precision control adds trials in batches
/// of this size, and sampling designs are built in blocks of it, so a run
/// extended batch by batch keeps whole strata.
pub const BATCH: u64 = 500;

/// The number of trials in one block of a design: [`BATCH`] (so precision
/// control, which adds trials in batches of `BATCH`, keeps whole strata),
/// or the scenario's trial count when that is smaller.
pub fn block_size(s: &Scenario) -> usize {
    s.trials.clamp(1, BATCH) as usize
}

/// The design a scenario asks for (`sampling = "lhs"` or `[[correlations]]`)
/// covering at least `trials` trials, or `None` when every per-trial
/// parameter keeps its keyed draw.
///
/// The design is made of independent blocks of [`block_size`] trials. Block
/// `b` depends only on (seed, `b`, block size, the parameters' key paths),
/// never on how many blocks there are, so a design can grow by whole blocks
/// ([`grow`]) and a run extended later gives exactly what a longer run gives.
/// The trials of a last, partly used block are a subset of a stratified
/// block: each is still drawn from the right marginal law.
pub fn design_for(s: &Scenario, trials: u64) -> Option<ParamDesign> {
    if s.sampling == Sampling::Random && s.correlations.is_empty() {
        return None;
    }
    let mut d = ParamDesign::keyed(s.params.len(), 0);
    grow(&mut d, s, trials);
    Some(d)
}

/// Appends blocks to a design from [`design_for`] until it covers `trials`.
pub fn grow(d: &mut ParamDesign, s: &Scenario, trials: u64) {
    let n = block_size(s);
    while d.trials() < trials {
        let b = d.trials() / n as u64;
        d.rows.extend(block(s, b, n));
    }
}

/// The columns of a design: the distinct key paths that it sets, each with
/// the parameters that share it (a key inside a split is keyed by its path
/// within the split, so the same key in two splits shares its uniform).
fn columns(s: &Scenario) -> BTreeMap<&str, Vec<usize>> {
    let correlated: Vec<&str> = s
        .correlations
        .iter()
        .flat_map(|c| [c.a, c.b])
        .map(|p| s.params[p].key_path.as_str())
        .collect();
    let mut cols: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, d) in s.params.iter().enumerate() {
        if d.dist.is_const() {
            continue;
        }
        if s.sampling == Sampling::Lhs || correlated.contains(&d.key_path.as_str()) {
            cols.entry(d.key_path.as_str()).or_default().push(i);
        }
    }
    cols
}

/// A random permutation of `0..n`, by rand's Fisher-Yates shuffle on a
/// keyed stream.
fn permutation(key: Key, n: usize) -> Vec<usize> {
    let mut p: Vec<usize> = (0..n).collect();
    p.shuffle(&mut key.stream());
    p
}

/// Keeps a design uniform strictly inside (0, 1).
fn open(u: f64) -> f64 {
    u.clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON)
}

/// The rows (row-major, `n x params`) of block `b` of `n` trials.
fn block(s: &Scenario, b: u64, n: usize) -> Vec<f64> {
    let np = s.params.len();
    let mut rows = vec![f64::NAN; n * np];
    let cols = columns(s);
    let root = Key::root(s.seed);
    let bkey = |path: &str| root.with(purpose::DESIGN).with(b).with_name(path);
    // One uniform per trial and column.
    let mut u: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for &path in cols.keys() {
        let col = match s.sampling {
            Sampling::Lhs => {
                // u(t) = (π(t) + v(t)) / n: one draw in each of n strata.
                let key = bkey(path);
                let perm = permutation(key.with(0), n);
                let jitter = key.with(1);
                (0..n)
                    .map(|t| open((perm[t] as f64 + jitter.uniform(t as u64)) / n as f64))
                    .collect()
            }
            Sampling::Random => {
                // Exactly the keyed uniforms these trials would draw anyway,
                // so correlations only reorder them within the block.
                (0..n)
                    .map(|t| {
                        let trial = b * n as u64 + t as u64;
                        root.with(trial)
                            .with(purpose::PARAM)
                            .with_name(path)
                            .uniform(0)
                    })
                    .collect()
            }
        };
        u.insert(path, col);
    }
    iman_conover(s, &bkey, n, &mut u);
    for (path, params) in &cols {
        for (t, &x) in u[path].iter().enumerate() {
            for &p in params {
                rows[t * np + p] = x;
            }
        }
    }
    rows
}

/// The correlated key paths and the pairs between them (indices into the list).
fn correlated(s: &Scenario) -> (Vec<&str>, Vec<(usize, usize, f64)>) {
    let mut paths: Vec<&str> = Vec::new();
    let mut index = |p: usize| {
        let k = s.params[p].key_path.as_str();
        match paths.iter().position(|&x| x == k) {
            Some(i) => i,
            None => {
                paths.push(k);
                paths.len() - 1
            }
        }
    };
    // Both inputs are distributions in a validated scenario; a caller that
    // edits a resolved scenario could make one constant, which then has no
    // column to rearrange.
    let pairs = s
        .correlations
        .iter()
        .filter(|c| !s.params[c.a].dist.is_const() && !s.params[c.b].dist.is_const())
        .map(|c| (index(c.a), index(c.b), c.rank))
        .collect();
    (paths, pairs)
}

/// Iman and Conover (1982): rearranges the uniforms of the correlated
/// columns of one block so that their rank correlations approach the
/// targets. Only the order of the values within a column changes, so the
/// marginals are exactly those of the block before.
fn iman_conover<'s>(
    s: &'s Scenario,
    bkey: &dyn Fn(&str) -> Key,
    n: usize,
    u: &mut BTreeMap<&'s str, Vec<f64>>,
) {
    let (paths, pairs) = correlated(s);
    let k = paths.len();
    if k < 2 || n < k + 2 {
        return;
    }
    let Some(p) = cholesky(&target_matrix(k, &pairs), k) else {
        return;
    };
    // Van der Waerden scores, independently shuffled per column.
    let scores: Vec<f64> = (1..=n)
        .map(|i| crate::core::dist::std_normal_quantile(i as f64 / (n + 1) as f64))
        .collect();
    let mut sm = vec![0.0; n * k]; // n x k
    for (j, path) in paths.iter().enumerate() {
        let perm = permutation(bkey(path).with(2), n);
        for t in 0..n {
            sm[t * k + j] = scores[perm[t]];
        }
    }
    // Their correlation matrix E (the scores have mean zero by symmetry, but
    // we centre anyway).
    let mean: Vec<f64> = (0..k)
        .map(|j| (0..n).map(|t| sm[t * k + j]).sum::<f64>() / n as f64)
        .collect();
    let mut e = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..k {
            e[i * k + j] = (0..n)
                .map(|t| (sm[t * k + i] - mean[i]) * (sm[t * k + j] - mean[j]))
                .sum::<f64>();
        }
    }
    let d: Vec<f64> = (0..k).map(|i| e[i * k + i].sqrt()).collect();
    for i in 0..k {
        for j in 0..k {
            e[i * k + j] /= d[i] * d[j];
        }
    }
    let Some(q) = cholesky(&e, k) else {
        return;
    };
    // T = S (Q⁻¹)ᵀ Pᵀ, row by row: t = P (Q⁻¹ s).
    let mut tm = vec![0.0; n * k];
    let mut x = vec![0.0; k];
    for t in 0..n {
        let row = &sm[t * k..(t + 1) * k];
        for i in 0..k {
            let mut v = row[i];
            for c in 0..i {
                v -= q[i * k + c] * x[c];
            }
            x[i] = v / q[i * k + i];
        }
        for i in 0..k {
            tm[t * k + i] = (0..=i).map(|c| p[i * k + c] * x[c]).sum();
        }
    }
    // Give each column's values the ranks of the matching column of T.
    for (j, path) in paths.iter().enumerate() {
        let col = u.get_mut(path).expect("a correlated column");
        let mut sorted = col.clone();
        sorted.sort_by(f64::total_cmp);
        let order = argsort(&(0..n).map(|t| tm[t * k + j]).collect::<Vec<f64>>());
        for (r, &t) in order.iter().enumerate() {
            col[t] = sorted[r];
        }
    }
}

/// The requested and achieved rank correlation of one `[[correlations]]` pair.
#[derive(Clone, Debug, PartialEq)]
pub struct Achieved {
    /// The key path of one input.
    pub a: String,
    /// The key path of the other.
    pub b: String,
    /// The rank correlation asked for.
    pub requested: f64,
    /// The Spearman correlation of their uniforms over the run's trials.
    pub achieved: f64,
}

/// The uniform parameter `p` took in trial `t` (the design's, else the keyed one).
fn uniform_of(s: &Scenario, design: Option<&ParamDesign>, t: u64, p: usize) -> f64 {
    design
        .and_then(|d| d.row(t))
        .map(|r| r[p])
        .filter(|u| !u.is_nan())
        .unwrap_or_else(|| {
            Key::root(s.seed)
                .with(t)
                .with(purpose::PARAM)
                .with_name(&s.params[p].key_path)
                .uniform(0)
        })
}

/// The achieved rank correlation of every requested pair over `trials`
/// (all of a run's, or a shard's block), from the uniforms the trials drew.
pub fn achieved(
    s: &Scenario,
    design: Option<&ParamDesign>,
    trials: std::ops::Range<u64>,
) -> Vec<Achieved> {
    s.correlations
        .iter()
        .map(|c| {
            let col = |p| -> Vec<f64> {
                trials
                    .clone()
                    .map(|t| uniform_of(s, design, t, p))
                    .collect()
            };
            Achieved {
                a: s.params[c.a].path.clone(),
                b: s.params[c.b].path.clone(),
                requested: c.rank,
                achieved: spearman(&col(c.a), &col(c.b)).unwrap_or(f64::NAN),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shuffles_are_permutations() {
        let mut p = permutation(Key::root(3), 100);
        p.sort_unstable();
        assert_eq!(p, (0..100).collect::<Vec<_>>());
    }
}

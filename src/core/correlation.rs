//! Correlation: the one rank (Spearman) helper every part of keysplit uses,
//! and the normal-score matrices of the Iman and Conover (1982) method.
//!
//! Spearman's coefficient is Pearson's on the ranks, ties given their
//! average rank (Spearman 1904). The sensitivity analysis correlates inputs
//! with differences (ties are common there: a constant metric), and a run
//! reports the achieved correlation of two inputs' uniforms (no ties); both
//! go through [`spearman`], so they cannot drift apart.

/// The indices that sort `xs` ascending (by `f64::total_cmp`; ties keep
/// their order of appearance).
pub fn argsort(xs: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..xs.len()).collect();
    idx.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    idx
}

/// Ranks with ties given their average rank (1-based).
pub fn ranks(xs: &[f64]) -> Vec<f64> {
    let idx = argsort(xs);
    let mut r = vec![0.0; xs.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && xs[idx[j + 1]] == xs[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &p in &idx[i..=j] {
            r[p] = avg;
        }
        i = j + 1;
    }
    r
}

/// Pearson correlation; `None` when either side is constant or too short.
pub fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len();
    if n < 2 || ys.len() != n {
        return None;
    }
    let mx = xs.iter().sum::<f64>() / n as f64;
    let my = ys.iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    Some((sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// Spearman's rank correlation (Pearson on average ranks); `None` when
/// either side is constant or has fewer than two values.
pub fn spearman(xs: &[f64], ys: &[f64]) -> Option<f64> {
    pearson(&ranks(xs), &ranks(ys))
}

/// The 95% interval of a Spearman correlation `rho` from `n` pairs: Fisher's
/// z = atanh(rho) is near normal, with standard error sqrt(1.06 / (n - 3))
/// for a rank correlation (Fieller, Hartley and Pearson 1957; 1 / sqrt(n - 3)
/// is Pearson's), so the interval is tanh(z ± 1.96 se). `None` with fewer
/// than four pairs. An interval that contains 0 cannot tell the input's
/// effect from noise (docs/sensitivity.md).
pub fn spearman_ci95(rho: f64, n: usize) -> Option<(f64, f64)> {
    if n < 4 || !rho.is_finite() {
        return None;
    }
    // |rho| = 1 has z = ±inf: its interval is the point itself.
    let z = rho.clamp(-1.0, 1.0).atanh();
    let half = 1.96 * (1.06 / (n - 3) as f64).sqrt();
    Some(((z - half).tanh(), (z + half).tanh()))
}

/// The two-sided p-value of a Spearman correlation `rho` from `n` pairs
/// against no correlation, from the same Fisher z statistic as
/// [`spearman_ci95`]: z = atanh(rho) / sqrt(1.06 / (n - 3)) is near standard
/// normal when the input has no effect, so p = 2 (1 - Phi(|z|)) = erfc(|z| /
/// sqrt 2). p < 0.05 exactly when the 95% interval excludes 0 (up to 1.96
/// against the normal quantile 1.959964). `None` with fewer than four pairs.
pub fn spearman_p(rho: f64, n: usize) -> Option<f64> {
    if n < 4 || !rho.is_finite() {
        return None;
    }
    let z = rho.clamp(-1.0, 1.0).atanh() / (1.06 / (n - 3) as f64).sqrt();
    Some(statrs::function::erf::erfc(
        z.abs() / std::f64::consts::SQRT_2,
    ))
}

/// The Pearson correlation of normal scores that gives a rank (Spearman)
/// correlation `rank`: r = 2 sin(π ρ / 6) (Pearson 1907).
pub fn pearson_for_rank(rank: f64) -> f64 {
    2.0 * (std::f64::consts::PI * rank / 6.0).sin()
}

/// The target matrix of Iman-Conover for `k` inputs and the given pairs
/// (indices into `0..k`, rank correlations): the identity plus the pairs,
/// symmetric, with each rank correlation turned into its normal-score
/// Pearson correlation.
pub fn target_matrix(k: usize, pairs: &[(usize, usize, f64)]) -> Vec<f64> {
    let mut c = vec![0.0; k * k];
    for i in 0..k {
        c[i * k + i] = 1.0;
    }
    for &(a, b, rank) in pairs {
        let r = pearson_for_rank(rank);
        c[a * k + b] = r;
        c[b * k + a] = r;
    }
    c
}

/// The lower-triangular Cholesky factor `L` (row-major, `k x k`) of a
/// symmetric matrix `m` with `m = L Lᵀ`, or `None` when `m` is not
/// positive definite. `k` is small (the correlated inputs), so the plain
/// O(k³) algorithm is all we need.
pub fn cholesky(m: &[f64], k: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..=i {
            let mut sum = m[i * k + j];
            for c in 0..j {
                sum -= l[i * k + c] * l[j * k + c];
            }
            if i == j {
                if sum.is_nan() || sum <= 1e-10 {
                    return None;
                }
                l[i * k + i] = sum.sqrt();
            } else {
                l[i * k + j] = sum / l[j * k + j];
            }
        }
    }
    Some(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_interval_is_fishers_z_with_the_rank_correction() {
        // rho = 0.5 from n = 109 pairs: z = atanh(0.5) = 0.549306, se =
        // sqrt(1.06 / 106) = 0.1, so z ± 0.196 gives tanh(0.353306) = 0.339304
        // and tanh(0.745306) = 0.632340.
        let (lo, hi) = spearman_ci95(0.5, 109).unwrap();
        assert!((lo - 0.339304).abs() < 1e-6, "{lo}");
        assert!((hi - 0.632340).abs() < 1e-6, "{hi}");
        // Symmetric in the sign of rho; always within [-1, 1].
        let (nlo, nhi) = spearman_ci95(-0.5, 109).unwrap();
        assert!((nlo + hi).abs() < 1e-12 && (nhi + lo).abs() < 1e-12);
        assert_eq!(spearman_ci95(1.0, 50), Some((1.0, 1.0)));
        assert!(spearman_ci95(0.3, 3).is_none());
    }

    #[test]
    fn spearman_p_is_the_normal_tail_of_fishers_z() {
        // n = 109: se = sqrt(1.06 / 106) = 0.1, so z = 10 atanh(rho). The
        // normal's two-sided tails: P(|Z| > 1.959964) = 0.05, P(|Z| >
        // 2.575829) = 0.01, P(|Z| > 1) = 0.317311 (Abramowitz and Stegun
        // 1964, table 26.1).
        for (z, p) in [(1.959_964, 0.05), (2.575_829, 0.01), (1.0, 0.317_311)] {
            let rho = (z / 10.0f64).tanh();
            assert!((spearman_p(rho, 109).unwrap() - p).abs() < 1e-6, "{z}");
            assert!((spearman_p(-rho, 109).unwrap() - p).abs() < 1e-6, "{z}");
        }
        assert_eq!(spearman_p(0.0, 50), Some(1.0));
        assert_eq!(spearman_p(1.0, 50), Some(0.0));
        assert!(spearman_p(0.3, 3).is_none());
        // p < 0.05 where the 95% interval excludes 0.
        for rho in [0.17, 0.18, 0.19, 0.2, -0.19] {
            let (lo, hi) = spearman_ci95(rho, 109).unwrap();
            assert_eq!(
                spearman_p(rho, 109).unwrap() < 0.05,
                lo > 0.0 || hi < 0.0,
                "{rho}"
            );
        }
    }

    #[test]
    fn spearman_interval_covers_zero_for_independent_samples() {
        // 400 pairs of independent samples of 300: the interval must contain
        // the true rank correlation, 0, in about 95% of them (binomial sd
        // sqrt(400 x 0.05 x 0.95) = 4.4 misses around 20).
        let key = crate::core::rng::Key::root(7);
        let mut missed = 0;
        for r in 0..400u64 {
            let row = key.with(r);
            let xs: Vec<f64> = (0..300).map(|i| row.uniform(i)).collect();
            let ys: Vec<f64> = (0..300).map(|i| row.uniform(300 + i)).collect();
            let (lo, hi) = spearman_ci95(spearman(&xs, &ys).unwrap(), 300).unwrap();
            if lo > 0.0 || hi < 0.0 {
                missed += 1;
            }
        }
        assert!((5..=35).contains(&missed), "{missed} of 400 missed 0");
    }

    #[test]
    fn ranks_average_ties() {
        assert_eq!(ranks(&[10.0, 20.0, 20.0, 5.0]), vec![2.0, 3.5, 3.5, 1.0]);
    }

    #[test]
    fn spearman_of_a_monotone_map_is_one() {
        let xs: Vec<f64> = (0..20).map(f64::from).collect();
        let ys: Vec<f64> = xs.iter().map(|x| x.powi(3)).collect();
        assert!((spearman(&xs, &ys).unwrap() - 1.0).abs() < 1e-12);
        let neg: Vec<f64> = xs.iter().map(|x| -x.exp()).collect();
        assert!((spearman(&xs, &neg).unwrap() + 1.0).abs() < 1e-12);
        assert!(spearman(&xs, &[1.0; 20]).is_none());
    }

    #[test]
    fn spearman_of_monotone_samples_is_one() {
        let x = [0.1, 0.5, 0.3, 0.9];
        let y = [1.0, 7.0, 2.0, 8.0];
        assert!((spearman(&x, &y).unwrap() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn cholesky_factors_and_rejects() {
        let m = [4.0, 2.0, 2.0, 3.0];
        let l = cholesky(&m, 2).unwrap();
        assert_eq!(l[0], 2.0);
        assert_eq!(l[1], 0.0);
        assert_eq!(l[2], 1.0);
        assert!((l[3] - 2f64.sqrt()).abs() < 1e-12);
        // a-b 0.9, b-c 0.9, a-c -0.9 is not a correlation matrix.
        let c = target_matrix(3, &[(0, 1, 0.9), (1, 2, 0.9), (0, 2, -0.9)]);
        assert!(cholesky(&c, 3).is_none());
    }
}

//! Summaries over trials (docs/model.md, "Summaries"): mean, sd (n-1), se, quantiles
//! by linear interpolation between order statistics (Hyndman and Fan 1996,
//! type 7), and paired differences against the baseline with a Student-t 95%
//! interval of the mean. Values are reduced in trial order, so the result does
//! not depend on how trials were scheduled.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Summary of one metric over the trials where it is defined.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Summary {
    /// The mean.
    pub mean: f64,
    /// The sample standard deviation (n - 1), with two values or more.
    pub sd: Option<f64>,
    /// The standard error of the mean, sd / sqrt(n).
    pub se: Option<f64>,
    /// The 5th percentile.
    pub p5: f64,
    /// The 10th percentile.
    pub p10: f64,
    /// The median.
    pub p50: f64,
    /// The 90th percentile.
    pub p90: f64,
    /// The 95th percentile.
    pub p95: f64,
    /// Trials where the metric is defined.
    pub n: u64,
}

/// Paired difference of one metric against the baseline.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Delta {
    /// The mean difference.
    pub mean: f64,
    /// The lower end of its Student-t 95% interval (two trials or more).
    pub ci95_low: Option<f64>,
    /// The upper end.
    pub ci95_high: Option<f64>,
    /// Share of trials in which the split beats the baseline.
    pub p_better: f64,
    /// Share of trials in which it does worse.
    pub p_worse: f64,
    /// Trials where both are defined.
    pub n: u64,
}

impl Delta {
    /// Whether its 95% interval is known and excludes 0: the difference
    /// can be told apart from none.
    pub fn clear(&self) -> bool {
        matches!((self.ci95_low, self.ci95_high), (Some(lo), Some(hi)) if lo > 0.0 || hi < 0.0)
    }
}

/// Running sums that merge exactly when added in a fixed order.
#[derive(Clone, Copy, Debug, Default)]
pub struct Moments {
    /// Values pushed.
    pub n: u64,
    /// Their mean.
    pub mean: f64,
    m2: f64,
}

impl Moments {
    /// Welford's update (Welford 1962), numerically stable for large sums.
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    /// Sample standard deviation (n - 1), if n >= 2.
    pub fn sd(&self) -> Option<f64> {
        (self.n >= 2).then(|| (self.m2 / (self.n - 1) as f64).max(0.0).sqrt())
    }

    /// The standard error of the mean, if n >= 2.
    pub fn se(&self) -> Option<f64> {
        self.sd().map(|s| s / (self.n as f64).sqrt())
    }

    /// Half-width of the 95% Student-t interval of the mean.
    pub fn ci95_half_width(&self) -> Option<f64> {
        let se = self.se()?;
        Some(t_975(self.n - 1) * se)
    }
}

/// The 0.975 quantile of Student's t with `df` degrees of freedom.
///
/// statrs' numerical inverse drifts by ~1e-4 at a million degrees of
/// freedom, so from 1,000 on we use the Cornish-Fisher expansion around the
/// normal quantile (Abramowitz and Stegun 1964, 26.7.5), exact there to
/// better than 1e-9.
pub fn t_975(df: u64) -> f64 {
    if df >= 1000 {
        let z: f64 = 1.959_963_984_540_054; // standard normal 0.975 quantile
        let v = df as f64;
        let g1 = (z.powi(3) + z) / 4.0;
        let g2 = (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / 96.0;
        let g3 = (3.0 * z.powi(7) + 19.0 * z.powi(5) + 17.0 * z.powi(3) - 15.0 * z) / 384.0;
        return z + g1 / v + g2 / (v * v) + g3 / (v * v * v);
    }
    match StudentsT::new(0.0, 1.0, df as f64) {
        Ok(t) => t.inverse_cdf(0.975),
        Err(_) => f64::NAN,
    }
}

/// Holm's (1979) step-down adjustment of a family of p-values, controlling
/// the family-wise error rate: with the m defined p-values sorted up, p(1)
/// <= ... <= p(m), the adjusted value of p(i) is max over j <= i of
/// min(1, (m - j + 1) p(j)). A hypothesis is rejected at level alpha when
/// its adjusted p-value is at most alpha, which is Holm's rule: reject p(1),
/// p(2), ... while p(j) <= alpha / (m - j + 1), and stop at the first that
/// is not. `None` entries are not in the family and stay `None`; ties keep
/// their order, which does not change the adjusted values.
pub fn holm(ps: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut order: Vec<usize> = (0..ps.len()).filter(|&i| ps[i].is_some()).collect();
    order.sort_by(|&a, &b| ps[a].unwrap_or(1.0).total_cmp(&ps[b].unwrap_or(1.0)));
    let m = order.len();
    let mut out = vec![None; ps.len()];
    let mut running: f64 = 0.0;
    for (j, &i) in order.iter().enumerate() {
        let p = ps[i].unwrap_or(1.0);
        running = running.max(((m - j) as f64 * p).min(1.0));
        out[i] = Some(running);
    }
    out
}

/// The p-quantile of sorted data by linear interpolation (type 7).
///
/// ```
/// // R: quantile(c(1, 2, 3, 4, 5), 0.1) = 1.4
/// assert!((keysplit::core::stats::quantile_sorted(&[1.0, 2.0, 3.0, 4.0, 5.0], 0.1) - 1.4).abs() < 1e-12);
/// ```
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The payback month of a difference by month (docs/model.md, "The
/// transition", reading 12): the first month (1-based) from which
/// `diff(t)` for months t = 0..months stays at or above zero; 1 if it is
/// never below, `None` if it ends below (or there are no months).
///
/// ```
/// use keysplit::core::stats::payback_month;
/// let d = [-5.0, -1.0, 2.0, -0.5, 1.0, 3.0];
/// assert_eq!(payback_month(|t| d[t], 6), Some(5));
/// assert_eq!(payback_month(|_| 1.0, 6), Some(1));
/// assert_eq!(payback_month(|t| d[t] - 4.0, 6), None);
/// ```
pub fn payback_month(diff: impl Fn(usize) -> f64, months: usize) -> Option<usize> {
    let last = months.checked_sub(1)?;
    if diff(last) < 0.0 {
        return None;
    }
    Some(
        (0..months)
            .rev()
            .find(|&t| diff(t) < 0.0)
            .map_or(1, |t| t + 2),
    )
}

/// Summarises the defined (non-NaN) values, in the order given.
pub fn summarize(values: impl Iterator<Item = f64>, scratch: &mut Vec<f64>) -> Option<Summary> {
    scratch.clear();
    let mut mo = Moments::default();
    for x in values.filter(|x| !x.is_nan()) {
        mo.push(x);
        scratch.push(x);
    }
    if mo.n == 0 {
        return None;
    }
    scratch.sort_unstable_by(f64::total_cmp);
    Some(Summary {
        mean: mo.mean,
        sd: mo.sd(),
        se: mo.se(),
        p5: quantile_sorted(scratch, 0.05),
        p10: quantile_sorted(scratch, 0.10),
        p50: quantile_sorted(scratch, 0.50),
        p90: quantile_sorted(scratch, 0.90),
        p95: quantile_sorted(scratch, 0.95),
        n: mo.n,
    })
}

/// Whether a difference `x - base` is better, and whether worse (a tie is
/// neither).
fn better_worse(d: f64, higher_is_better: bool) -> (bool, bool) {
    if higher_is_better {
        (d > 0.0, d < 0.0)
    } else {
        (d < 0.0, d > 0.0)
    }
}

/// Paired difference `x - base` over trials where both are defined.
pub fn paired(
    x: impl Iterator<Item = f64>,
    base: impl Iterator<Item = f64>,
    higher_is_better: bool,
) -> Option<Delta> {
    let mut mo = Moments::default();
    let (mut better, mut worse) = (0u64, 0u64);
    for (a, b) in x.zip(base) {
        if a.is_nan() || b.is_nan() {
            continue;
        }
        let d = a - b;
        mo.push(d);
        let (b, w) = better_worse(d, higher_is_better);
        better += u64::from(b);
        worse += u64::from(w);
    }
    if mo.n == 0 {
        return None;
    }
    let hw = mo.ci95_half_width();
    Some(Delta {
        mean: mo.mean,
        ci95_low: hw.map(|h| mo.mean - h),
        ci95_high: hw.map(|h| mo.mean + h),
        p_better: better as f64 / mo.n as f64,
        p_worse: worse as f64 / mo.n as f64,
        n: mo.n,
    })
}

/// The type-7 quantile `p` of `xs` (no `NaN`), as [`quantile_sorted`] of
/// their sorted copy gives it, found by selection instead of a sort: the
/// order statistic at floor(h) by `select_nth_unstable`, the next one as the
/// least above it. Reorders `xs`.
pub fn quantile_select(xs: &mut [f64], p: f64) -> f64 {
    let n = xs.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor() as usize;
    let (_, &mut a, above) = xs.select_nth_unstable_by(lo, f64::total_cmp);
    let b = above.iter().copied().min_by(f64::total_cmp).unwrap_or(a);
    a + (h - lo as f64) * (b - a)
}

/// Resamples of a bootstrap interval: percentile intervals need about a
/// thousand (Efron and Tibshirani 1993, 19.3).
pub const QUANTILE_RESAMPLES: usize = 1000;

/// The difference of the `p` quantiles of `x` and `base` over the trials
/// where both are defined, with a paired percentile-bootstrap 95% interval
/// (the same resampled trials for both; Efron and Tibshirani 1993, ch. 13):
/// a quantile has no per-trial difference, so its noise is read from
/// resamples of the trials. `p_better` and `p_worse` are the shares of
/// resamples in which `x`'s quantile beats `base`'s, or loses. The resamples
/// are drawn from `key`'s streams, so the result is reproducible.
pub fn paired_quantile(
    x: &[f64],
    base: &[f64],
    p: f64,
    higher_is_better: bool,
    key: crate::core::rng::Key,
) -> Option<Delta> {
    use rand::seq::IndexedRandom;
    let pairs: Vec<(f64, f64)> = x
        .iter()
        .zip(base)
        .filter(|(a, b)| !a.is_nan() && !b.is_nan())
        .map(|(a, b)| (*a, *b))
        .collect();
    let n = pairs.len();
    if n == 0 {
        return None;
    }
    let (mut xs, mut bs): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
    let mean = quantile_select(&mut xs, p) - quantile_select(&mut bs, p);
    let (mut diffs, mut better, mut worse) = (Vec::with_capacity(QUANTILE_RESAMPLES), 0, 0);
    if n >= 2 {
        for r in 0..QUANTILE_RESAMPLES {
            let mut rng = key.with(r as u64).stream();
            xs.clear();
            bs.clear();
            for _ in 0..n {
                let (a, b) = *pairs.choose(&mut rng).expect("n >= 2");
                xs.push(a);
                bs.push(b);
            }
            let d = quantile_select(&mut xs, p) - quantile_select(&mut bs, p);
            let (b, w) = better_worse(d, higher_is_better);
            better += usize::from(b);
            worse += usize::from(w);
            diffs.push(d);
        }
    }
    let interval = (!diffs.is_empty()).then(|| {
        diffs.sort_unstable_by(f64::total_cmp);
        (
            quantile_sorted(&diffs, 0.025),
            quantile_sorted(&diffs, 0.975),
        )
    });
    let share = |c: usize| {
        if diffs.is_empty() {
            0.0
        } else {
            c as f64 / diffs.len() as f64
        }
    };
    Some(Delta {
        mean,
        ci95_low: interval.map(|i| i.0),
        ci95_high: interval.map(|i| i.1),
        p_better: share(better),
        p_worse: share(worse),
        n: n as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holm_steps_down_by_the_formula() {
        // m = 4 p-values, hand-computed (Holm 1979): sorted up 0.005, 0.01,
        // 0.03, 0.04 take the multipliers 4, 3, 2, 1: 0.02, 0.03, 0.06, 0.04,
        // and the running maximum makes the last 0.06. At alpha = 0.05 Holm's
        // rule rejects 0.005 (<= 0.05/4) and 0.01 (<= 0.05/3), and stops at
        // 0.03 (> 0.05/2), so 0.04 is kept although 0.04 <= 0.05/1.
        let ps = [Some(0.01), Some(0.04), None, Some(0.03), Some(0.005)];
        let adj = holm(&ps);
        let want = [Some(0.03), Some(0.06), None, Some(0.06), Some(0.02)];
        for (a, w) in adj.iter().zip(want) {
            match (a, w) {
                (Some(a), Some(w)) => assert!((a - w).abs() < 1e-15, "{adj:?}"),
                (a, w) => assert_eq!(*a, w),
            }
        }
        let rejected: Vec<bool> = adj.iter().map(|a| a.is_some_and(|a| a <= 0.05)).collect();
        assert_eq!(rejected, [true, false, false, false, true]);
        // Capped at 1; a family of one is unadjusted; an empty one is empty.
        assert_eq!(holm(&[Some(0.6), Some(0.7)]), [Some(1.0), Some(1.0)]);
        assert_eq!(holm(&[Some(0.03)]), [Some(0.03)]);
        assert!(holm(&[]).is_empty());
    }

    #[test]
    fn quantiles_interpolate_like_type_7() {
        // R: quantile(c(1,2,3,4,5), c(.1,.5,.95)) = 1.4, 3, 4.8
        let xs = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert!((quantile_sorted(&xs, 0.1) - 1.4).abs() < 1e-12);
        assert!((quantile_sorted(&xs, 0.5) - 3.0).abs() < 1e-12);
        assert!((quantile_sorted(&xs, 0.95) - 4.8).abs() < 1e-12);
    }

    #[test]
    fn summary_skips_undefined_values() {
        let mut s = Vec::new();
        let sum = summarize([1.0, f64::NAN, 3.0].into_iter(), &mut s).unwrap();
        assert_eq!(sum.n, 2);
        assert_eq!(sum.mean, 2.0);
        // sd of {1, 3} with n-1: sqrt(2).
        assert!((sum.sd.unwrap() - 2f64.sqrt()).abs() < 1e-12);
        assert!(summarize([f64::NAN].into_iter(), &mut s).is_none());
        let one = summarize([5.0].into_iter(), &mut s).unwrap();
        assert_eq!(one.sd, None);
    }

    #[test]
    fn t_quantile_matches_tables() {
        // Student t 0.975 quantiles: df 1 -> 12.7062, df 10 -> 2.2281, df 1e6 -> 1.95996.
        assert!((t_975(1) - 12.706_204_736).abs() < 1e-6);
        assert!((t_975(10) - 2.228_138_852).abs() < 1e-6);
        assert!((t_975(1_000) - 1.962_339_081).abs() < 1e-6);
        assert!((t_975(1_000_000) - 1.959_966_35).abs() < 1e-6);
        // The two methods agree where they meet.
        let statrs_999 = StudentsT::new(0.0, 1.0, 999.0).unwrap().inverse_cdf(0.975);
        assert!((t_975(999) - statrs_999).abs() < 1e-12);
        assert!((t_975(1000) - t_975(999)).abs() < 1e-5);
    }

    #[test]
    fn paired_difference_counts_direction() {
        let d = paired(
            [2.0, 1.0, 3.0].into_iter(),
            [1.0, 1.0, 4.0].into_iter(),
            true,
        )
        .unwrap();
        assert_eq!(d.n, 3);
        assert!((d.mean - 0.0).abs() < 1e-12);
        assert!((d.p_better - 1.0 / 3.0).abs() < 1e-12);
        assert!((d.p_worse - 1.0 / 3.0).abs() < 1e-12);
        let lower = paired([2.0].into_iter(), [1.0].into_iter(), false).unwrap();
        assert_eq!(lower.p_worse, 1.0);
        assert_eq!(lower.ci95_low, None);
    }

    proptest::proptest! {
        #[test]
        fn selection_gives_the_sorted_quantile(
            xs in proptest::collection::vec(-1e6f64..1e6, 1..200),
            p in 0.0f64..=1.0,
        ) {
            let mut sorted = xs.clone();
            sorted.sort_by(f64::total_cmp);
            let mut work = xs.clone();
            proptest::prop_assert_eq!(quantile_select(&mut work, p), quantile_sorted(&sorted, p));
        }
    }

    fn normals(key: crate::core::rng::Key, n: usize) -> Vec<f64> {
        (0..n as u64)
            .map(|i| crate::core::dist::std_normal_quantile(key.uniform(i)))
            .collect()
    }

    #[test]
    fn a_shifted_sample_differs_by_its_shift_in_every_resample() {
        let key = crate::core::rng::Key::root(7);
        let base = normals(key.with(1), 300);
        // A shift by a power of two keeps the sums exact.
        let x: Vec<f64> = base.iter().map(|b| b + 0.5).collect();
        let d = paired_quantile(&x, &base, 0.1, true, key.with(9)).unwrap();
        // Every resample's quantiles differ by the shift, to rounding.
        for v in [Some(d.mean), d.ci95_low, d.ci95_high] {
            assert!((v.unwrap() - 0.5).abs() < 1e-12, "{v:?}");
        }
        assert_eq!((d.p_better, d.p_worse, d.n), (1.0, 0.0, 300));
        let lower_is_better = paired_quantile(&x, &base, 0.1, false, key.with(9)).unwrap();
        assert_eq!(
            (lower_is_better.p_better, lower_is_better.p_worse),
            (0.0, 1.0)
        );
        let same = paired_quantile(&base, &base, 0.1, true, key.with(9)).unwrap();
        assert_eq!(
            (same.ci95_low, same.ci95_high, same.p_better),
            (Some(0.0), Some(0.0), 0.0)
        );
    }

    #[test]
    fn the_bootstrap_interval_has_the_width_and_coverage_of_the_quantiles_noise() {
        // Two independent standard normal samples of n: the sample P10's
        // variance is p (1 - p) / (n phi(z_p)^2) (Cramer 1946, 28.5), so
        // their difference's 95% half-width is 1.96 sqrt(2 p (1 - p) / n) /
        // phi(z_p), with z_0.1 = -1.2815516 and phi(z) = exp(-z^2/2)/sqrt(2 pi).
        let (n, p, runs) = (500usize, 0.1, 20u64);
        let z: f64 = -1.281_551_565_5;
        let phi = (-z * z / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
        let expected = 1.96 * (2.0 * p * (1.0 - p) / n as f64).sqrt() / phi;
        let (mut width, mut covered) = (0.0, 0);
        for seed in 0..runs {
            let key = crate::core::rng::Key::root(seed);
            let (x, base) = (normals(key.with(1), n), normals(key.with(2), n));
            let d = paired_quantile(&x, &base, p, true, key.with(3)).unwrap();
            let (lo, hi) = (d.ci95_low.unwrap(), d.ci95_high.unwrap());
            width += (hi - lo) / 2.0 / runs as f64;
            // The true difference is 0.
            covered += usize::from(lo < 0.0 && hi > 0.0);
            assert!(d.p_better + d.p_worse <= 1.0);
        }
        assert!(
            (width / expected - 1.0).abs() < 0.15,
            "half-width {width} vs {expected}"
        );
        // 95% coverage: 17 or more of 20 with probability 0.98 (binomial).
        assert!(covered >= 17, "{covered} of {runs} intervals hold 0");
        // Undefined trials are left out of both.
        let key = crate::core::rng::Key::root(1);
        let (x, base) = (normals(key.with(1), n), normals(key.with(2), n));
        let mut gappy = x.clone();
        gappy[0] = f64::NAN;
        assert_eq!(
            paired_quantile(&gappy, &base, p, true, key.with(3))
                .unwrap()
                .n,
            n as u64 - 1
        );
    }
}

//! Fast quantiles of the deal-size laws for the per-cell-month loop.

use super::{Dist, beta_pdf, beta_quantile};
use std::sync::Arc;

/// The quantile function of a deal-size law, fast enough for the
/// per-cell-month loop. For the beta family (PERT and beta), whose exact
/// inverse CDF costs microseconds, it interpolates tables of exact quantiles
/// and of their slopes (cubic Hermite): one over u in the body
/// [0.01, 0.99], and one per tail over s = u^(1/alpha) (the lower tail; the
/// upper one is the lower tail of the mirrored law 1 - X ~ beta(beta,
/// alpha)), in which the quantile is smooth however steep it is in u. The
/// result is the exact quantile to 1e-9 of the range (tested) for every u a
/// keyed uniform can take; the exact inverse serves only u below 10^-16 (or
/// above 1 - 10^-16), which no uniform reaches. Every other law uses its
/// closed-form inverse directly. Tables are built once per process per
/// shape and shared.
#[derive(Clone, Debug)]
pub struct FastQuantile {
    dist: Dist,
    beta: Option<BetaTable>,
}

#[derive(Clone, Debug)]
struct BetaTable {
    alpha: f64,
    beta: f64,
    min: f64,
    max: f64,
    range: f64,
    tables: Arc<Tables>,
}

/// The tables of one shape (alpha, beta) of the standard beta law.
#[derive(Debug)]
struct Tables {
    /// (quantile, slope) at u = k / [`BODY_INTERVALS`]; only the entries
    /// around [`TAIL`, 1 - `TAIL`] are filled.
    body: Box<[(f64, f64)]>,
    /// The quantile for u below [`TAIL`].
    lower: TailTable,
    /// The distance to 1 of the quantile for u above 1 - [`TAIL`]: the
    /// lower tail of beta(beta, alpha) at 1 - u.
    upper: TailTable,
}

/// The lower tail of a standard beta law, u in [[`TAIL_MIN`], [`TAIL`]),
/// tabulated in s = u^(1/alpha). Near 0 the quantile is
/// `(u alpha B(alpha, beta))^(1/alpha) (1 + O(s))`, a power of u that a grid
/// in u cannot follow when alpha is small (a steep start) or large (a long
/// flat one) but that is nearly linear in s.
#[derive(Debug)]
struct TailTable {
    /// 1 / alpha.
    power: f64,
    /// s at the first node.
    s0: f64,
    /// The spacing of the nodes in s.
    h: f64,
    /// Its inverse.
    scale: f64,
    /// (quantile, slope dx/ds) at the nodes, equally spaced in s.
    nodes: Box<[(f64, f64)]>,
}

/// Intervals of the body table.
const BODY_INTERVALS: usize = 4096;
/// Below this u (and above 1 - it) a tail table is used.
const TAIL: f64 = 0.01;
/// Below this u (and above 1 - it) the exact inverse is used: keyed
/// uniforms are at least 2^-53 (about 1.1e-16) from 0 and 1
/// (docs/model.md, "Randomness"), so the simulation never gets there.
const TAIL_MIN: f64 = 1e-16;
/// Intervals of a tail table.
const TAIL_INTERVALS: usize = 256;

/// A slope that is not finite (at a bound, where the density is 0 or
/// infinite, or in underflow) is taken as flat: the interpolation's clamp
/// keeps the result between the two exact quantiles around it.
fn finite_or_flat(slope: f64) -> f64 {
    if slope.is_finite() { slope } else { 0.0 }
}

/// Cubic Hermite interpolation at `t` in [0, 1] of an interval of width `h`
/// with values and slopes at both ends, clamped to the values' bracket.
#[inline]
fn hermite((x0, d0): (f64, f64), (x1, d1): (f64, f64), h: f64, t: f64) -> f64 {
    let (t2, t3) = (t * t, t * t * t);
    let h00 = 2.0 * t3 - 3.0 * t2 + 1.0;
    let h10 = t3 - 2.0 * t2 + t;
    let h01 = -2.0 * t3 + 3.0 * t2;
    let h11 = t3 - t2;
    let x = h00 * x0 + h10 * h * d0 + h01 * x1 + h11 * h * d1;
    if x.is_finite() {
        x.clamp(x0, x1)
    } else {
        x0 + t * (x1 - x0)
    }
}

impl TailTable {
    fn new(alpha: f64, beta: f64, ln_b: f64) -> TailTable {
        let power = 1.0 / alpha;
        let (s0, s1) = (TAIL_MIN.powf(power), TAIL.powf(power));
        let n = TAIL_INTERVALS;
        let h = (s1 - s0) / n as f64;
        let mut prev = 0.0f64;
        let nodes = (0..=n)
            .map(|k| {
                let s = if k == n { s1 } else { s0 + k as f64 * h };
                let u = s.powf(alpha);
                // Non-decreasing even where round-off is not, so that a
                // bracket [x0, x1] is never reversed.
                let x = beta_quantile(alpha, beta, u).max(prev);
                prev = x;
                // dx/ds = (dx/du) (du/ds) = alpha u / (s pdf(x)).
                let slope = alpha * u / (s * beta_pdf(alpha, beta, ln_b, x));
                (x, finite_or_flat(slope))
            })
            .collect();
        TailTable {
            power,
            s0,
            h,
            scale: 1.0 / h,
            nodes,
        }
    }

    /// The quantile at u in [[`TAIL_MIN`], [`TAIL`]).
    #[inline]
    fn eval(&self, u: f64) -> f64 {
        let pos = ((u.powf(self.power) - self.s0) * self.scale).max(0.0);
        let i = (pos as usize).min(TAIL_INTERVALS - 1);
        let t = (pos - i as f64).min(1.0);
        hermite(self.nodes[i], self.nodes[i + 1], self.h, t)
    }
}

fn beta_tables(alpha: f64, beta: f64) -> Arc<Tables> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    type Cache = Mutex<HashMap<(u64, u64), Arc<Tables>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (alpha.to_bits(), beta.to_bits());
    if let Ok(map) = cache.lock()
        && let Some(t) = map.get(&key)
    {
        return t.clone();
    }
    let ln_b = statrs::function::beta::ln_beta(alpha, beta);
    let n = BODY_INTERVALS;
    let first = ((TAIL * n as f64).floor() as usize).saturating_sub(1);
    let mut prev = 0.0f64;
    let body = (0..=n)
        .map(|k| {
            let u = k as f64 / n as f64;
            if k < first || k > n - first {
                return (f64::NAN, f64::NAN); // tails: never read
            }
            let x = beta_quantile(alpha, beta, u).max(prev);
            prev = x;
            (x, finite_or_flat(1.0 / beta_pdf(alpha, beta, ln_b, x)))
        })
        .collect();
    let t = Arc::new(Tables {
        body,
        lower: TailTable::new(alpha, beta, ln_b),
        upper: TailTable::new(beta, alpha, ln_b),
    });
    if let Ok(mut map) = cache.lock() {
        map.insert(key, t.clone());
    }
    t
}

impl FastQuantile {
    /// The fast quantile of `d` (tables for the beta family).
    pub fn new(d: &Dist) -> FastQuantile {
        let beta = match *d {
            Dist::Pert {
                min,
                max,
                alpha,
                beta,
                ..
            }
            | Dist::Beta {
                alpha,
                beta,
                min,
                max,
            } => Some(BetaTable {
                alpha,
                beta,
                min,
                max,
                range: max - min,
                tables: beta_tables(alpha, beta),
            }),
            _ => None,
        };
        FastQuantile {
            dist: d.clone(),
            beta,
        }
    }

    /// The quantile at `u` in (0, 1).
    #[inline]
    pub fn eval(&self, u: f64) -> f64 {
        match &self.beta {
            None => self.dist.inverse_cdf(u),
            Some(b) => (b.min + b.range * b.standard(u)).clamp(b.min, b.max),
        }
    }
}

impl BetaTable {
    fn standard(&self, u: f64) -> f64 {
        let t = &*self.tables;
        if (TAIL..=1.0 - TAIL).contains(&u) {
            let n = BODY_INTERVALS;
            let pos = u * n as f64;
            let i = (pos as usize).min(n - 1);
            hermite(t.body[i], t.body[i + 1], 1.0 / n as f64, pos - i as f64)
        } else if (TAIL_MIN..TAIL).contains(&u) {
            t.lower.eval(u)
        } else if (TAIL_MIN..TAIL).contains(&(1.0 - u)) {
            // 1 - u is exact for u above 1/2 (Sterbenz).
            1.0 - t.upper.eval(1.0 - u)
        } else {
            beta_quantile(self.alpha, self.beta, u)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_quantiles_match_the_exact_inverse_cdf() {
        let mut laws = vec![
            Dist::pert(0.05, 0.10, 0.20).unwrap(),
            Dist::pert(0.0, 0.0, 1.0).unwrap(),
            Dist::pert(10.0, 90.0, 100.0).unwrap(),
            Dist::beta(2.0, 5.0, Some(1000.0), Some(9000.0)).unwrap(),
            Dist::beta(0.5, 0.5, None, None).unwrap(),
            Dist::beta(30.0, 3.0, None, None).unwrap(),
            Dist::lognormal(5000.0, 50000.0).unwrap(),
            Dist::triangular(0.0, 1.0, 3.0).unwrap(),
        ];
        // Shapes below 1 (a density infinite at a bound), large ones (a
        // long flat tail in u), and the accepted extremes (BETA_SHAPES).
        for (a, b) in [
            (0.05, 0.05),
            (0.05, 100.0),
            (0.05, 1e4),
            (0.2, 3.0),
            (0.7, 0.3),
            (1.0, 1.0),
            (1.0, 1e3),
            (3.0, 30.0),
            (30.0, 30.0),
            (100.0, 100.0),
            (1e3, 0.5),
            (1e3, 1e3),
            (1e4, 1e4),
        ] {
            laws.push(Dist::beta(a, b, None, None).unwrap());
        }
        // The body, and each tail swept on a log scale down to the
        // smallest keyed uniform, 2^-53 (docs/model.md, "Randomness"),
        // with its mirror near 1.
        let tail = (0..=1400).map(|k| 10f64.powf(-2.0 - k as f64 / 100.0));
        let us = (1..2000)
            .map(|k| k as f64 / 2000.0)
            .chain(tail.clone())
            .chain(tail.map(|u| 1.0 - u))
            .chain([2f64.powi(-53), 1.0 - 2f64.powi(-53), 0.5 + 1e-7]);
        for d in &laws {
            let f = FastQuantile::new(d);
            let (lo, hi, _) = d.support();
            let scale = if hi.is_finite() { hi - lo } else { 1.0 };
            for u in us.clone() {
                let (exact, fast) = (d.inverse_cdf(u), f.eval(u));
                let tol = 1e-9 * scale.max(exact.abs());
                assert!(
                    (exact - fast).abs() <= tol,
                    "{d} at u = {u:e}: exact {exact}, fast {fast}"
                );
            }
        }
    }
}

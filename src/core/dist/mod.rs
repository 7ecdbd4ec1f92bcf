//! Distributions of the scenario file (docs/model.md, "Distributions").
//!
//! Each kind is a small immutable value built by a fallible constructor and
//! sampled only through its inverse CDF: a draw is `inverse_cdf(u)` for a
//! uniform `u` that is a pure function of its key (see [`crate::core::rng`]). That
//! is what makes common random numbers work: the same `u` gives the same
//! quantile of whatever law a key carries, so turning a constant into a
//! distribution, or changing a distribution's parameters, moves a draw
//! smoothly instead of reshuffling every other draw.

mod fast;
mod range;

pub use fast::FastQuantile;
pub use range::Range;

use statrs::distribution::{ContinuousCDF, Normal as NormalLaw};
use std::fmt;

/// The standard normal quantile at 0.9 (Abramowitz and Stegun 1964, table 26.1):
/// a lognormal given by its 10th and 90th percentiles has
/// `sigma = (ln p90 - ln p10) / (2 z_0.9)`.
pub const Z_90: f64 = 1.281_551_565_544_600_4;

/// A validated distribution (or a constant).
#[derive(Clone, Debug, PartialEq)]
pub enum Dist {
    /// Always the same value.
    Const(f64),
    /// Triangular on `[min, max]`, peaking at `mode`.
    Triangular {
        /// The smallest value.
        min: f64,
        /// The most likely value.
        mode: f64,
        /// The largest value.
        max: f64,
    },
    /// Beta-PERT with lambda 4 (Malcolm et al. 1959; Vose 2008).
    Pert {
        /// The smallest value.
        min: f64,
        /// The most likely value.
        mode: f64,
        /// The largest value.
        max: f64,
        /// The beta law's first shape, `1 + 4 (mode - min) / (max - min)`.
        alpha: f64,
        /// Its second shape, `1 + 4 (max - mode) / (max - min)`.
        beta: f64,
    },
    /// Uniform on `[min, max]`.
    Uniform {
        /// The smallest value.
        min: f64,
        /// The largest value.
        max: f64,
    },
    /// A normal, possibly truncated to `[min, max]`; sampled by the inverse
    /// CDF of the truncated law (`cdf_lo`, `cdf_hi` are the untruncated CDF at
    /// the bounds), never by clipping.
    Normal {
        /// The mean of the untruncated law.
        mean: f64,
        /// Its standard deviation.
        sd: f64,
        /// The lower bound (-infinity when untruncated).
        min: f64,
        /// The upper bound (infinity when untruncated).
        max: f64,
        /// The untruncated CDF at `min`.
        cdf_lo: f64,
        /// The untruncated CDF at `max`.
        cdf_hi: f64,
    },
    /// A lognormal given by its 10th and 90th percentiles.
    LogNormal {
        /// The 10th percentile.
        p10: f64,
        /// The 90th percentile.
        p90: f64,
        /// The mean of the log.
        mu: f64,
        /// The standard deviation of the log.
        sigma: f64,
    },
    /// A beta law rescaled to `[min, max]`.
    Beta {
        /// The first shape.
        alpha: f64,
        /// The second shape.
        beta: f64,
        /// The lower bound (0 by default).
        min: f64,
        /// The upper bound (1 by default).
        max: f64,
    },
}

/// Why a distribution's parameters are not acceptable.
#[derive(Clone, Debug, PartialEq)]
pub struct DistError {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

/// The largest magnitude of any number in a scenario, constant or
/// distribution parameter: 10^15 (a thousand trillion). No salary, deal,
/// spend or count comes near it, and below it every sum of a run (10 million
/// cells over 1,200 months, up-sells added every month) stays a finite
/// number (docs/scenario.md, "Values").
pub const MAX_MAGNITUDE: f64 = 1e15;

/// The range of a beta law's shapes. Below 0.05 the law is all but two
/// points at its bounds (beta(0.01, 1) is below 10^-30 half the time);
/// above 10,000 it is narrower than 1% of its range, a constant in all but
/// name. In between, the quantile is computed to full precision in bounded
/// time (tested over the whole range).
pub const BETA_SHAPES: (f64, f64) = (0.05, 1e4);

/// The largest ratio of a lognormal's P90 to its P10: a million. A wider
/// lognormal is not an estimate of anything, and its far tail would
/// overflow the sums of a run.
pub const LOGNORMAL_MAX_RATIO: f64 = 1e6;

/// A number for a message: plain, or in scientific notation when it is
/// tiny or huge (`5e-324`, not 324 digits).
pub(crate) fn show(x: f64) -> String {
    if x != 0.0 && (x.abs() < 1e-6 || x.abs() >= 1e16) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

pub(crate) fn bad(message: impl Into<String>, fix: impl Into<String>) -> DistError {
    DistError {
        message: message.into(),
        fix: fix.into(),
    }
}

fn finite(name: &str, x: f64) -> Result<f64, DistError> {
    if !x.is_finite() {
        Err(bad(
            format!("`{name}` must be a finite number"),
            format!("give `{name}` a finite value"),
        ))
    } else if x.abs() > MAX_MAGNITUDE {
        Err(too_large(&format!("`{name}` "), x))
    } else {
        Ok(x)
    }
}

/// The problem of a number beyond [`MAX_MAGNITUDE`].
fn too_large(what: &str, x: f64) -> DistError {
    bad(
        format!("{what}must be at most 10^15 in size (got {x:e})"),
        "check the units: keysplit refuses numbers beyond 10^15 (a thousand trillion), far above any real salary, deal or count, so that the sums of a run stay finite",
    )
}

impl Dist {
    /// A constant; refuses a value that is not finite.
    pub fn constant(x: f64) -> Result<Dist, DistError> {
        if !x.is_finite() {
            Err(bad(
                format!("must be a finite number (got {x})"),
                "write a finite number",
            ))
        } else if x.abs() > MAX_MAGNITUDE {
            Err(too_large("", x))
        } else {
            Ok(Dist::Const(x))
        }
    }

    /// A triangular law; needs min <= mode <= max and min < max.
    pub fn triangular(min: f64, mode: f64, max: f64) -> Result<Dist, DistError> {
        let (min, mode, max) = (
            finite("min", min)?,
            finite("mode", mode)?,
            finite("max", max)?,
        );
        if !(min <= mode && mode <= max) || min >= max {
            return Err(bad(
                format!(
                    "a triangular needs min <= mode <= max and min < max (got {min}, {mode}, {max})"
                ),
                "reorder the three values, or use a constant if they are all equal",
            ));
        }
        Ok(Dist::Triangular { min, mode, max })
    }

    /// A Beta-PERT law; needs min <= mode <= max and min < max.
    pub fn pert(min: f64, mode: f64, max: f64) -> Result<Dist, DistError> {
        let (min, mode, max) = (
            finite("min", min)?,
            finite("mode", mode)?,
            finite("max", max)?,
        );
        if !(min <= mode && mode <= max) || min >= max {
            return Err(bad(
                format!("a PERT needs min <= mode <= max and min < max (got {min}, {mode}, {max})"),
                "reorder the three values, or use a constant if they are all equal",
            ));
        }
        // Beta-PERT shape parameters with lambda = 4 (Vose 2008, "Risk Analysis", 3rd ed.).
        let range = max - min;
        let alpha = 1.0 + 4.0 * (mode - min) / range;
        let beta = 1.0 + 4.0 * (max - mode) / range;
        Ok(Dist::Pert {
            min,
            mode,
            max,
            alpha,
            beta,
        })
    }

    /// A uniform law; needs min < max.
    pub fn uniform(min: f64, max: f64) -> Result<Dist, DistError> {
        let (min, max) = (finite("min", min)?, finite("max", max)?);
        if min >= max {
            return Err(bad(
                format!("a uniform needs min < max (got {min}, {max})"),
                "swap the bounds, or use a constant if they are equal",
            ));
        }
        Ok(Dist::Uniform { min, max })
    }

    /// A normal law, truncated to `[min, max]` when either is given; refuses a truncation that keeps almost nothing.
    pub fn normal(
        mean: f64,
        sd: f64,
        min: Option<f64>,
        max: Option<f64>,
    ) -> Result<Dist, DistError> {
        let (mean, sd) = (finite("mean", mean)?, finite("sd", sd)?);
        if sd <= 0.0 {
            return Err(bad(
                format!("a normal needs sd > 0 (got {sd})"),
                "give a positive `sd`, or use a constant",
            ));
        }
        let min = match min {
            Some(x) => finite("min", x)?,
            None => f64::NEG_INFINITY,
        };
        let max = match max {
            Some(x) => finite("max", x)?,
            None => f64::INFINITY,
        };
        if min >= max {
            return Err(bad(
                format!("a truncated normal needs min < max (got {min}, {max})"),
                "swap the bounds",
            ));
        }
        let law =
            NormalLaw::new(mean, sd).map_err(|e| bad(e.to_string(), "check `mean` and `sd`"))?;
        let cdf_lo = if min.is_finite() { law.cdf(min) } else { 0.0 };
        let cdf_hi = if max.is_finite() { law.cdf(max) } else { 1.0 };
        // Below ~1e-12 of mass the inverse CDF of the truncated law loses all
        // precision; such a truncation is almost surely a typo.
        if cdf_hi - cdf_lo < 1e-12 {
            return Err(bad(
                format!(
                    "the truncation [{min}, {max}] keeps almost none of a normal with mean {mean} and sd {sd}"
                ),
                "move the mean inside the bounds, or widen them",
            ));
        }
        Ok(Dist::Normal {
            mean,
            sd,
            min,
            max,
            cdf_lo,
            cdf_hi,
        })
    }

    /// A lognormal law from its 10th and 90th percentiles; needs 0 < p10 <
    /// p90 <= p10 x [`LOGNORMAL_MAX_RATIO`].
    pub fn lognormal(p10: f64, p90: f64) -> Result<Dist, DistError> {
        let (p10, p90) = (finite("p10", p10)?, finite("p90", p90)?);
        if !(0.0 < p10 && p10 < p90) {
            return Err(bad(
                format!("a lognormal needs 0 < p10 < p90 (got p10 = {p10}, p90 = {p90})"),
                "give its 10th and 90th percentiles, both positive, p10 the smaller",
            ));
        }
        if p90 > p10 * LOGNORMAL_MAX_RATIO {
            return Err(bad(
                format!(
                    "a lognormal's p90 may be at most a million times its p10 (got p10 = {p10}, p90 = {p90})"
                ),
                "check the units of p10 and p90; a wider law is not an estimate of anything, and its far tail would overflow",
            ));
        }
        let mu = 0.5 * (p10.ln() + p90.ln());
        let sigma = (p90.ln() - p10.ln()) / (2.0 * Z_90);
        Ok(Dist::LogNormal {
            p10,
            p90,
            mu,
            sigma,
        })
    }

    /// A lognormal law from its mean and standard deviation (both > 0), by
    /// the moments of the lognormal (Johnson, Kotz and Balakrishnan 1994,
    /// ch. 14): `sigma^2 = ln(1 + sd^2 / mean^2)`, `mu = ln(mean) -
    /// sigma^2 / 2`; it is then the lognormal with P10 `exp(mu - z sigma)`
    /// and P90 `exp(mu + z sigma)`, z the normal quantile at 0.9.
    pub fn lognormal_mean_sd(mean: f64, sd: f64) -> Result<Dist, DistError> {
        let (mean, sd) = (finite("mean", mean)?, finite("sd", sd)?);
        if !(mean > 0.0 && sd > 0.0) {
            return Err(bad(
                format!("a lognormal needs mean > 0 and sd > 0 (got mean = {mean}, sd = {sd})"),
                "give a positive mean and a positive sd, or use a constant",
            ));
        }
        let sigma = (sd / mean).powi(2).ln_1p().sqrt();
        let mu = mean.ln() - 0.5 * sigma * sigma;
        let (p10, p90) = ((mu - Z_90 * sigma).exp(), (mu + Z_90 * sigma).exp());
        // The bound of the p10/p90 form: exp(2 z sigma) at most the ratio.
        if 2.0 * Z_90 * sigma > LOGNORMAL_MAX_RATIO.ln() {
            return Err(bad(
                format!(
                    "a lognormal with mean {mean} and sd {sd} has a p90 more than a million times its p10 ({p10:e} and {p90:e})"
                ),
                "check the units of mean and sd; a wider law is not an estimate of anything, and its far tail would overflow",
            ));
        }
        Ok(Dist::LogNormal {
            p10,
            p90,
            mu,
            sigma,
        })
    }

    /// The same law with every value multiplied by `k > 0` (a percentage
    /// written where a share belongs, scaled by 1/100 for a hint).
    pub fn scaled(&self, k: f64) -> Option<Dist> {
        match *self {
            Dist::Const(x) => Dist::constant(k * x),
            Dist::Triangular { min, mode, max } => Dist::triangular(k * min, k * mode, k * max),
            Dist::Pert { min, mode, max, .. } => Dist::pert(k * min, k * mode, k * max),
            Dist::Uniform { min, max } => Dist::uniform(k * min, k * max),
            Dist::Normal {
                mean, sd, min, max, ..
            } => Dist::normal(
                k * mean,
                k * sd,
                min.is_finite().then_some(k * min),
                max.is_finite().then_some(k * max),
            ),
            Dist::LogNormal { p10, p90, .. } => Dist::lognormal(k * p10, k * p90),
            Dist::Beta {
                alpha,
                beta,
                min,
                max,
            } => Dist::beta(alpha, beta, Some(k * min), Some(k * max)),
        }
        .ok()
    }

    /// A beta law on `[min, max]` (default `[0, 1]`); needs shapes in
    /// [`BETA_SHAPES`].
    pub fn beta(
        alpha: f64,
        beta: f64,
        min: Option<f64>,
        max: Option<f64>,
    ) -> Result<Dist, DistError> {
        let (alpha, beta) = (finite("alpha", alpha)?, finite("beta", beta)?);
        if alpha <= 0.0 || beta <= 0.0 {
            return Err(bad(
                format!("a beta needs alpha > 0 and beta > 0 (got {alpha}, {beta})"),
                "give both shape parameters positive values",
            ));
        }
        let (lo, hi) = BETA_SHAPES;
        for (name, x) in [("alpha", alpha), ("beta", beta)] {
            if x < lo {
                return Err(bad(
                    format!("a beta's `{name}` must be at least {lo} (got {})", show(x)),
                    "below 0.05 the law is all but two points at its bounds; to model two outcomes use a uniform share or two splits, otherwise use shapes of 0.05 or more",
                ));
            }
            if x > hi {
                return Err(bad(
                    format!("a beta's `{name}` must be at most 10000 (got {})", show(x)),
                    "above 10,000 the law is narrower than 1% of its range: use a constant, or a PERT with the range you mean",
                ));
            }
        }
        let min = finite("min", min.unwrap_or(0.0))?;
        let max = finite("max", max.unwrap_or(1.0))?;
        if min >= max {
            return Err(bad(
                format!("a beta needs min < max (got {min}, {max})"),
                "swap the bounds",
            ));
        }
        Ok(Dist::Beta {
            alpha,
            beta,
            min,
            max,
        })
    }

    /// True when the value never varies.
    pub fn is_const(&self) -> bool {
        matches!(self, Dist::Const(_))
    }

    /// The quantile at `u` in (0, 1).
    pub fn inverse_cdf(&self, u: f64) -> f64 {
        match *self {
            Dist::Const(x) => x,
            Dist::Triangular { min, mode, max } => {
                // Closed form (Johnson and Kotz 1995, "Continuous Univariate Distributions").
                let range = max - min;
                let fc = (mode - min) / range;
                let x = if u < fc {
                    min + (u * range * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - u) * range * (max - mode)).sqrt()
                };
                // Round-off at the very edge must not leave the support
                // (here and below).
                x.clamp(min, max)
            }
            Dist::Pert {
                min,
                max,
                alpha,
                beta,
                ..
            } => (min + (max - min) * beta_quantile(alpha, beta, u)).clamp(min, max),
            Dist::Uniform { min, max } => (min + u * (max - min)).clamp(min, max),
            Dist::Normal {
                mean,
                sd,
                min,
                max,
                cdf_lo,
                cdf_hi,
            } => {
                let p = cdf_lo + u * (cdf_hi - cdf_lo);
                let x = if p > 0.5 && cdf_lo > 0.0 && max.is_infinite() {
                    // Truncated below only: in the upper half p rounds to 1
                    // near u = 1 (an infinite quantile), so the upper tail's
                    // probability is computed directly instead of as 1 - p.
                    let sf_lo = 0.5 * erfc((min - mean) / (sd * std::f64::consts::SQRT_2));
                    mean - sd * std_normal_quantile((1.0 - u) * sf_lo)
                } else {
                    mean + sd * std_normal_quantile(p)
                };
                x.clamp(min, max)
            }
            Dist::LogNormal { mu, sigma, .. } => (mu + sigma * std_normal_quantile(u)).exp(),
            Dist::Beta {
                alpha,
                beta,
                min,
                max,
            } => (min + (max - min) * beta_quantile(alpha, beta, u)).clamp(min, max),
        }
    }

    /// The closed support `[lo, hi]` (infinite where unbounded), and whether
    /// each end is attained (open ends are the lognormal's 0 and the infinities).
    pub fn support(&self) -> (f64, f64, bool) {
        match *self {
            Dist::Const(x) => (x, x, true),
            Dist::Triangular { min, max, .. }
            | Dist::Pert { min, max, .. }
            | Dist::Uniform { min, max }
            | Dist::Normal { min, max, .. }
            | Dist::Beta { min, max, .. } => (min, max, true),
            Dist::LogNormal { .. } => (0.0, f64::INFINITY, false),
        }
    }

    /// The mean of the law (used for reports and hand checks).
    pub fn mean(&self) -> f64 {
        match *self {
            Dist::Const(x) => x,
            Dist::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Dist::Pert { min, mode, max, .. } => (min + 4.0 * mode + max) / 6.0,
            Dist::Uniform { min, max } => 0.5 * (min + max),
            Dist::Normal {
                mean,
                sd,
                min,
                max,
                cdf_lo,
                cdf_hi,
            } => {
                // Mean of a truncated normal (Johnson, Kotz and Balakrishnan 1994).
                let phi = |x: f64| {
                    if x.is_finite() {
                        (-0.5 * ((x - mean) / sd).powi(2)).exp()
                            / (2.0 * std::f64::consts::PI).sqrt()
                    } else {
                        0.0
                    }
                };
                mean + sd * (phi(min) - phi(max)) / (cdf_hi - cdf_lo)
            }
            Dist::LogNormal { mu, sigma, .. } => (mu + 0.5 * sigma * sigma).exp(),
            Dist::Beta {
                alpha,
                beta,
                min,
                max,
            } => min + (max - min) * alpha / (alpha + beta),
        }
    }

    /// A short human description, e.g. `PERT(0.1, 0.2, 0.4)`.
    pub fn describe(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Dist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Dist::Const(x) => write!(f, "{x}"),
            Dist::Triangular { min, mode, max } => write!(f, "triangular({min}, {mode}, {max})"),
            Dist::Pert { min, mode, max, .. } => write!(f, "PERT({min}, {mode}, {max})"),
            Dist::Uniform { min, max } => write!(f, "uniform({min}, {max})"),
            Dist::Normal {
                mean, sd, min, max, ..
            } => {
                write!(f, "normal(mean {mean}, sd {sd}")?;
                if min.is_finite() || max.is_finite() {
                    write!(f, ", truncated to [{min}, {max}]")?;
                }
                write!(f, ")")
            }
            Dist::LogNormal { p10, p90, .. } => write!(f, "lognormal(P10 {p10}, P90 {p90})"),
            Dist::Beta {
                alpha,
                beta,
                min,
                max,
            } => {
                write!(f, "beta({alpha}, {beta})")?;
                if min != 0.0 || max != 1.0 {
                    write!(f, " on [{min}, {max}]")?;
                }
                Ok(())
            }
        }
    }
}

use statrs::function::erf::erfc;

/// The standard normal quantile at `p` in (0, 1): Wichura's algorithm AS 241
/// (PPND16; Wichura 1988, Applied Statistics 37, 477-484), rational
/// approximations accurate to about 1 part in 10^16. Every lognormal spend
/// of every trial goes through it, and it costs less than the inverse
/// complementary error function it replaced (docs/model.md, "Distributions").
// The coefficients are written as published, digit for digit, so that they
// can be checked against the paper.
#[allow(clippy::excessive_precision)]
pub(crate) fn std_normal_quantile(p: f64) -> f64 {
    // p close to 1/2.
    const A: [f64; 8] = [
        3.387_132_872_796_366_608,
        1.331_416_678_917_843_774_5e2,
        1.971_590_950_306_551_442_7e3,
        1.373_169_376_550_946_112_5e4,
        4.592_195_393_154_987_145_7e4,
        6.726_577_092_700_870_085_3e4,
        3.343_057_558_358_812_810_5e4,
        2.509_080_928_730_122_672_7e3,
    ];
    const B: [f64; 8] = [
        1.0,
        4.231_333_070_160_091_125_2e1,
        6.871_870_074_920_579_083e2,
        5.394_196_021_424_751_107_7e3,
        2.121_379_430_158_659_586_7e4,
        3.930_789_580_009_271_061e4,
        2.872_908_573_572_194_267_4e4,
        5.226_495_278_852_854_561e3,
    ];
    // p not close to 0, 1/2 or 1.
    const C: [f64; 8] = [
        1.423_437_110_749_683_577_34,
        4.630_337_846_156_545_295_9,
        5.769_497_221_460_691_405_5,
        3.647_848_324_763_204_605_04,
        1.270_458_252_452_368_382_58,
        2.417_807_251_774_506_117_7e-1,
        2.272_384_498_926_918_458_33e-2,
        7.745_450_142_783_414_076_4e-4,
    ];
    const D: [f64; 8] = [
        1.0,
        2.053_191_626_637_758_821_87,
        1.676_384_830_183_803_849_4,
        6.897_673_349_851_000_045_5e-1,
        1.481_039_764_274_800_745_9e-1,
        1.519_866_656_361_645_719_66e-2,
        5.475_938_084_995_344_946e-4,
        1.050_750_071_644_416_843_24e-9,
    ];
    // p near 0 or 1.
    const E: [f64; 8] = [
        6.657_904_643_501_103_777_2,
        5.463_784_911_164_114_369_9,
        1.784_826_539_917_291_335_8,
        2.965_605_718_285_048_912_3e-1,
        2.653_218_952_657_612_309_3e-2,
        1.242_660_947_388_078_438_6e-3,
        2.711_555_568_743_487_578_15e-5,
        2.010_334_399_292_288_132_65e-7,
    ];
    const F: [f64; 8] = [
        1.0,
        5.998_322_065_558_879_376_9e-1,
        1.369_298_809_227_358_053_1e-1,
        1.487_536_129_085_061_485_25e-2,
        7.868_691_311_456_132_591e-4,
        1.846_318_317_510_054_681_8e-5,
        1.421_511_758_316_445_888_7e-7,
        2.044_263_103_389_939_785_64e-15,
    ];
    fn ratio(num: &[f64; 8], den: &[f64; 8], r: f64) -> f64 {
        let horner = |c: &[f64; 8]| c.iter().rev().fold(0.0, |acc, &k| acc * r + k);
        horner(num) / horner(den)
    }
    // A normal truncated to a finite range can ask for p = 1 (its CDF at u
    // near 1 rounds up): the infinite quantile, which the range then clamps.
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        return q * ratio(&A, &B, 0.180_625 - q * q);
    }
    let r = (-(if q < 0.0 { p } else { 1.0 - p }).ln()).sqrt();
    let z = if r <= 5.0 {
        ratio(&C, &D, r - 1.6)
    } else {
        ratio(&E, &F, r - 5.0)
    };
    if q < 0.0 { -z } else { z }
}

/// The quantile at `u` of the standard beta law with shapes `a`, `b` (in
/// [`BETA_SHAPES`]): the root of `I_x(a, b) = u` (the regularised incomplete
/// beta function), found from the start of AS 109 ([`beta_start`]) by
/// Halley steps kept inside a bisection bracket (for PERT shapes, about 5
/// evaluations of I over u from 1e-16 to 1/2, where Newton steps from the
/// mean took about 15). It
/// always returns, after at most 200 evaluations, a number in [0, 1] that is
/// non-decreasing in `u`; statrs' own inverse (AS 109) can loop for ever on
/// extreme shapes, so it is not used.
pub(crate) fn beta_quantile(a: f64, b: f64, u: f64) -> f64 {
    if u.is_nan() || u <= 0.0 {
        0.0
    } else if u >= 1.0 {
        1.0
    } else if u > 0.5 {
        // The upper half from the mirrored law, 1 - X ~ beta(b, a): the
        // distance to 1 keeps its full relative precision there.
        1.0 - beta_root(b, a, 1.0 - u)
    } else {
        beta_root(a, b, u)
    }
}

/// The root of `I_x(a, b) = u` for u in (0, 1/2].
fn beta_root(a: f64, b: f64, u: f64) -> f64 {
    use statrs::function::beta::ln_beta;
    let ln_b = ln_beta(a, b);
    let reg = BetaReg::new(a, b);
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    let mut x = beta_start(a, b, u, ln_b);
    for _ in 0..200 {
        let f = reg.at(x) - u;
        if f == 0.0 {
            return x;
        }
        if f < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let pdf = beta_pdf(a, b, ln_b, x);
        // Halley's step (cubic convergence), with f''/f' = (a - 1)/x -
        // (b - 1)/(1 - x), where its correction to Newton's is small;
        // Newton's step elsewhere.
        let step = f / pdf;
        let c = 0.5 * step * ((a - 1.0) / x - (b - 1.0) / (1.0 - x));
        let guess = x - if c.abs() < 0.5 {
            step / (1.0 - c)
        } else {
            step
        };
        let next = if guess.is_finite() && guess > lo && guess < hi {
            guess
        } else if lo > 0.0 && hi / lo > 1e3 {
            // A bracket over orders of magnitude: bisect the exponent, so
            // that tiny quantiles (small shapes) are reached quickly.
            (lo.ln() * 0.5 + hi.ln() * 0.5).exp()
        } else if lo == 0.0 && hi < 1e-3 {
            hi * 1e-3
        } else {
            0.5 * (lo + hi)
        };
        if !(next > lo && next < hi) || (hi - lo) <= 4.0 * f64::EPSILON * hi {
            break;
        }
        if (next - x).abs() <= 2.0 * f64::EPSILON * x.max(f64::MIN_POSITIVE) {
            return next;
        }
        x = next;
    }
    0.5 * (lo + hi)
}

/// The regularised incomplete beta function `I_x(a, b)` of one pair of
/// shapes, evaluated at many x: statrs' `beta_reg` (0.19; the continued
/// fraction of Numerical Recipes, Press et al. 2007, 6.4, by Lentz's
/// method), step for step, with its `ln Γ(a + b) - ln Γ(a) - ln Γ(b)`
/// computed once instead of at every evaluation (a root takes about five):
/// the same numbers to the bit (tested against statrs).
struct BetaReg {
    a: f64,
    b: f64,
    /// `ln Γ(a + b) - ln Γ(a) - ln Γ(b)`, in statrs' order of operations.
    ln_gammas: f64,
}

impl BetaReg {
    /// The shapes must be positive (as `beta_reg` requires).
    fn new(a: f64, b: f64) -> BetaReg {
        use statrs::function::gamma::ln_gamma;
        BetaReg {
            a,
            b,
            ln_gammas: ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b),
        }
    }

    /// `I_x(a, b)` for x in [0, 1].
    #[allow(clippy::many_single_char_names)]
    fn at(&self, x: f64) -> f64 {
        // statrs: 0 at x = 0 and within 1e-15 of 1 (there its ULP test
        // adds nothing: 5 ULPs below 1 are 5.6e-16).
        let bt = if x == 0.0 || (x - 1.0).abs() <= 1e-15 {
            0.0
        } else {
            (self.ln_gammas + self.a * x.ln() + self.b * (1.0 - x).ln()).exp()
        };
        let (mut a, mut b, mut x) = (self.a, self.b, x);
        let symm_transform = x >= (a + 1.0) / (a + b + 2.0);
        let eps = f64::EPSILON / 2.0;
        let fpmin = f64::MIN_POSITIVE / eps;
        if symm_transform {
            x = 1.0 - x;
            std::mem::swap(&mut a, &mut b);
        }
        let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
        let mut c = 1.0;
        let mut d = 1.0 - qab * x / qap;
        if d.abs() < fpmin {
            d = fpmin;
        }
        d = 1.0 / d;
        let mut h = d;
        // One of Lentz's steps: the next d and c from a coefficient, each
        // kept off zero.
        let step = |aa: f64, d: &mut f64, c: &mut f64| {
            *d = 1.0 + aa * *d;
            if d.abs() < fpmin {
                *d = fpmin;
            }
            *c = 1.0 + aa / *c;
            if c.abs() < fpmin {
                *c = fpmin;
            }
            *d = 1.0 / *d;
        };
        for m in 1..141 {
            let m = f64::from(m);
            let m2 = m * 2.0;
            step(m * (b - m) * x / ((qam + m2) * (a + m2)), &mut d, &mut c);
            // statrs multiplies this step as (h d) c and the next as h (d c).
            h = h * d * c;
            step(
                -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
                &mut d,
                &mut c,
            );
            let del = d * c;
            h *= del;
            if (del - 1.0).abs() <= eps {
                break;
            }
        }
        if symm_transform {
            1.0 - bt * h / a
        } else {
            bt * h / a
        }
    }
}

/// The density of the standard beta law at x, from logs (exact where it
/// neither under- nor overflows); `ln_b` is ln B(a, b).
pub(crate) fn beta_pdf(a: f64, b: f64, ln_b: f64, x: f64) -> f64 {
    ((a - 1.0) * x.ln() + (b - 1.0) * (-x).ln_1p() - ln_b).exp()
}

/// A first approximation to the root of `I_x(a, b) = u`, u in (0, 1/2]:
/// the start of algorithm AS 109 (Cran, Martin and Thomas 1977): Carter's
/// (1947) normal approximation when both shapes exceed 1, otherwise
/// Wilson and Hilferty's (1931) chi-square approximation or the power law
/// of either tail (Majumder and Bhattacharjee 1973, AS 63/64); the normal
/// quantile from Hastings' (1955) rational approximation (Abramowitz and
/// Stegun 1964, 26.2.22). A start that is not strictly inside (0, 1) is
/// replaced by the mean.
fn beta_start(a: f64, b: f64, u: f64, ln_b: f64) -> f64 {
    let r = (-2.0 * u.ln()).sqrt();
    let y = r - (2.30753 + 0.27061 * r) / (1.0 + (0.99229 + 0.04481 * r) * r);
    let x = if a > 1.0 && b > 1.0 {
        let r = (y * y - 3.0) / 6.0;
        let (s, t) = (1.0 / (2.0 * a - 1.0), 1.0 / (2.0 * b - 1.0));
        let h = 2.0 / (s + t);
        let w = y * (h + r).sqrt() / h - (t - s) * (r + 5.0 / 6.0 - 2.0 / (3.0 * h));
        a / (a + b * (2.0 * w).exp())
    } else {
        let r = 2.0 * b;
        let t = 1.0 / (9.0 * b);
        let t = r * (1.0 - t + y * t.sqrt()).powi(3);
        if t <= 0.0 {
            1.0 - (((-u).ln_1p() + b.ln() + ln_b) / b).exp()
        } else {
            let t = (4.0 * a + r - 2.0) / t;
            if t <= 1.0 {
                (((u * a).ln() + ln_b) / a).exp()
            } else {
                1.0 - 2.0 / (t + 1.0)
            }
        }
    };
    if x > 0.0 && x < 1.0 {
        x
    } else {
        (a / (a + b)).clamp(1e-3, 1.0 - 1e-3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mean_by_quadrature(d: &Dist) -> f64 {
        // Midpoint rule over u: E[X] = integral of F^-1(u) du.
        let n = 200_000;
        (0..n)
            .map(|i| d.inverse_cdf((i as f64 + 0.5) / n as f64))
            .sum::<f64>()
            / n as f64
    }

    /// The normal quantile against reference values (SciPy 1.17
    /// `scipy.special.ndtri`, the Cephes library's normal quantile), to 2e-15
    /// relative, over the middle, both splits of the algorithm (|p - 1/2| =
    /// 0.425, and p = exp(-25)) and the far tails; and against statrs'
    /// inverse complementary error function (`-sqrt 2 erfc_inv(2 p)`) on a
    /// fine grid, to 1e-12 relative.
    #[test]
    fn normal_quantiles_match_reference_values() {
        let reference = [
            (1e-300, -37.0470962993612),
            (1e-100, -21.273453560965322),
            (1e-20, -9.262340089798409),
            (1e-10, -6.361340902404056),
            (2f64.powi(-53), -8.209536151601387),
            (1e-5, -4.264890793922825),
            (0.001, -3.090232306167813),
            (0.01, -2.3263478740408408),
            (0.025, -1.9599639845400545),
            (0.075, -1.4395314709384563),
            (0.0751, -1.4388253927525403),
            (0.1, -1.2815515655446004),
            (0.3, -0.5244005127080409),
            (0.6, 0.2533471031357997),
            (0.9, 1.2815515655446004),
            (0.925, 1.4395314709384563),
            (0.975, 1.959963984540054),
            (0.999, 3.090232306167813),
            (1.0 - 2f64.powi(-40), 7.047700256664409),
        ];
        for (p, z) in reference {
            let got = std_normal_quantile(p);
            assert!(
                (got - z).abs() <= 2e-15 * z.abs(),
                "p = {p}: {got}, not {z}"
            );
        }
        assert_eq!(std_normal_quantile(0.5), 0.0);
        assert_eq!(std_normal_quantile(1.0), f64::INFINITY);
        assert_eq!(std_normal_quantile(0.0), f64::NEG_INFINITY);
        // A normal truncated to [-1.74, 10]: its CDF at the largest uniform
        // rounds to 1, and the quantile must still be finite, at the top.
        let d = Dist::normal(0.0, 1.0, Some(-1.74), Some(10.0)).unwrap();
        let x = d.inverse_cdf(1.0 - 2f64.powi(-53));
        assert!(x.is_finite() && (4.0..=10.0).contains(&x), "{x}");
        let grid = (1..20_000).map(|k| k as f64 / 20_000.0);
        for p in grid.chain((1..300).map(|e| 10f64.powi(-e))) {
            let z = std_normal_quantile(p);
            let by_erfc = -std::f64::consts::SQRT_2 * statrs::function::erf::erfc_inv(2.0 * p);
            assert!(
                (z - by_erfc).abs() <= 1e-12 * z.abs().max(1e-3),
                "p = {p}: {z} against {by_erfc}"
            );
        }
    }

    #[test]
    fn triangular_quantiles_match_the_closed_form() {
        let d = Dist::triangular(0.0, 1.0, 4.0).unwrap();
        // F(mode) = (mode-min)/(max-min) = 0.25.
        assert!((d.inverse_cdf(0.25) - 1.0).abs() < 1e-12);
        // Median on the right limb: max - sqrt(0.5 * 4 * 3).
        assert!((d.inverse_cdf(0.5) - (4.0 - 6.0f64.sqrt())).abs() < 1e-12);
        assert!((mean_by_quadrature(&d) - 5.0 / 3.0).abs() < 1e-4);
    }

    #[test]
    fn pert_mean_is_min_plus_four_mode_plus_max_over_six() {
        let d = Dist::pert(0.1, 0.2, 0.6).unwrap();
        assert!((mean_by_quadrature(&d) - (0.1 + 0.8 + 0.6) / 6.0).abs() < 1e-5);
    }

    #[test]
    fn lognormal_hits_its_percentiles() {
        let d = Dist::lognormal(50_000.0, 200_000.0).unwrap();
        assert!((d.inverse_cdf(0.1) / 50_000.0 - 1.0).abs() < 1e-9);
        assert!((d.inverse_cdf(0.9) / 200_000.0 - 1.0).abs() < 1e-9);
        // The median is the geometric mean of the two.
        assert!((d.inverse_cdf(0.5) / 100_000.0 - 1.0).abs() < 1e-9);
    }

    #[test]
    fn lognormal_by_mean_and_sd_has_that_mean_and_sd() {
        let (m, s) = (100_000.0, 40_000.0);
        let d = Dist::lognormal_mean_sd(m, s).unwrap();
        assert!((d.mean() / m - 1.0).abs() < 1e-12);
        // Var = (exp(sigma^2) - 1) mean^2 (Johnson, Kotz and Balakrishnan
        // 1994); by quadrature over u the sd is s.
        let n = 400_000;
        let var = (0..n)
            .map(|i| (d.inverse_cdf((i as f64 + 0.5) / n as f64) - m).powi(2))
            .sum::<f64>()
            / n as f64;
        assert!((var.sqrt() / s - 1.0).abs() < 2e-3, "{}", var.sqrt());
        // Its P10 and P90 are the ones a p10/p90 lognormal would take.
        let Dist::LogNormal { p10, p90, .. } = d else {
            panic!()
        };
        assert!((d.inverse_cdf(0.1) / p10 - 1.0).abs() < 1e-9);
        assert!((d.inverse_cdf(0.9) / p90 - 1.0).abs() < 1e-9);
        assert!(Dist::lognormal_mean_sd(0.0, 1.0).is_err());
        assert!(Dist::lognormal_mean_sd(1.0, 0.0).is_err());
        // p90 / p10 = exp(2 z sigma): 1.4e4 for sd = 1000 x the mean
        // (sigma 3.72), beyond 10^6 for sd = 10^7 x the mean (sigma 5.68).
        assert!(Dist::lognormal_mean_sd(1.0, 1000.0).is_ok());
        assert!(Dist::lognormal_mean_sd(1.0, 1e7).is_err());
    }

    #[test]
    fn truncated_normal_stays_inside_and_is_not_clipped() {
        let d = Dist::normal(0.0, 1.0, Some(0.0), None).unwrap();
        // Half-normal: median = z_0.75 = 0.6744897501960817 (A&S 1964).
        assert!((d.inverse_cdf(0.5) - 0.674_489_750_196_081_7).abs() < 1e-9);
        // Mean of the half normal: sqrt(2/pi).
        assert!((d.mean() - (2.0 / std::f64::consts::PI).sqrt()).abs() < 1e-12);
        assert!((mean_by_quadrature(&d) - d.mean()).abs() < 1e-3);
        assert!(d.inverse_cdf(1e-12) >= 0.0);
    }

    #[test]
    fn beta_rescaled_mean() {
        let d = Dist::beta(2.0, 6.0, Some(10.0), Some(20.0)).unwrap();
        assert!((mean_by_quadrature(&d) - 12.5).abs() < 1e-4);
    }

    #[test]
    fn constructors_reject_bad_parameters() {
        assert!(Dist::triangular(1.0, 0.0, 2.0).is_err());
        assert!(Dist::pert(1.0, 1.0, 1.0).is_err());
        assert!(Dist::uniform(2.0, 1.0).is_err());
        assert!(Dist::normal(0.0, 0.0, None, None).is_err());
        assert!(Dist::normal(0.0, 1.0, Some(50.0), None).is_err());
        assert!(Dist::lognormal(0.0, 1.0).is_err());
        assert!(Dist::lognormal(2.0, 1.0).is_err());
        assert!(Dist::beta(0.0, 1.0, None, None).is_err());
        assert!(Dist::triangular(f64::NAN, 0.0, 1.0).is_err());
    }

    /// `BetaReg` is statrs' `beta_reg` to the bit: shapes from 0.05 to
    /// 10^4, x over (0, 1) on a log scale from both ends, at the edges and
    /// around the switch to the mirrored fraction.
    #[test]
    fn beta_reg_with_its_gammas_once_is_statrs_to_the_bit() {
        use crate::core::rng::Key;
        let key = Key::root(11);
        let mut n = 0;
        for i in 0..300u64 {
            let shape = |j: u64| 0.05 * 2e5f64.powf(key.uniform(j));
            let (a, b) = (shape(2 * i), shape(2 * i + 1));
            let reg = BetaReg::new(a, b);
            let switch = (a + 1.0) / (a + b + 2.0);
            let mut xs = vec![
                0.0,
                1.0,
                1.0 - 1e-15,
                1.0 - 2e-15,
                switch,
                switch.next_down(),
            ];
            for k in 0..20u64 {
                let u = key.uniform(1_000_000 + 100 * i + k);
                let tiny = 1e-12f64.powf(u);
                xs.extend([u, tiny, 1.0 - tiny]);
            }
            for x in xs {
                let ours = reg.at(x);
                let theirs = statrs::function::beta::beta_reg(a, b, x);
                assert_eq!(ours.to_bits(), theirs.to_bits(), "a {a}, b {b}, x {x}");
                n += 1;
            }
        }
        assert_eq!(n, 300 * 66);
    }

    #[test]
    fn beta_quantiles_match_closed_forms() {
        // beta(a, 1): F(x) = x^a, so x = u^(1/a); beta(1, b): F(x) = 1 -
        // (1 - x)^b, so x = 1 - (1 - u)^(1/b); beta(1/2, 1/2), the arcsine
        // law: F(x) = (2/pi) asin(sqrt(x)), so x = sin^2(pi u / 2)
        // (Johnson, Kotz and Balakrishnan 1995, ch. 25). Over the tails and
        // the body, for shapes from 0.05 to 10,000.
        let tail = (0..=140).map(|k| 10f64.powf(-2.0 - k as f64 / 10.0));
        let us: Vec<f64> = (1..200)
            .map(|k| k as f64 / 200.0)
            .chain(tail.clone())
            .chain(tail.map(|u| 1.0 - u))
            .collect();
        let exact = |a: f64, b: f64, u: f64| {
            if b == 1.0 {
                u.powf(1.0 / a)
            } else if a == 1.0 {
                -((-u).ln_1p() / b).exp_m1()
            } else {
                (std::f64::consts::FRAC_PI_2 * u).sin().powi(2)
            }
        };
        let shapes = [0.05, 0.3, 1.0, 2.5, 5.0, 30.0, 1e3, 1e4];
        let laws = shapes
            .iter()
            .flat_map(|&k| [(k, 1.0), (1.0, k)])
            .chain([(0.5, 0.5)]);
        for (a, b) in laws {
            for &u in &us {
                let (x, want) = (beta_quantile(a, b, u), exact(a, b, u));
                assert!(
                    (x - want).abs() <= 1e-13 + 1e-11 * want,
                    "beta({a}, {b}) at u = {u:e}: {x} instead of {want}"
                );
            }
        }
    }
}

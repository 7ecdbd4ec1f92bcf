//! Distributions of the scenario file (MODEL.md section 8).
//!
//! Each kind is a small immutable value built by a fallible constructor and
//! sampled only through its inverse CDF: a draw is `inverse_cdf(u)` for a
//! uniform `u` that is a pure function of its key (see [`crate::core::rng`]). That
//! is what makes common random numbers work: the same `u` gives the same
//! quantile of whatever law a key carries, so turning a constant into a
//! distribution, or changing a distribution's parameters, moves a draw
//! smoothly instead of reshuffling every other draw.

use statrs::distribution::{Beta as BetaLaw, ContinuousCDF, Normal as NormalLaw};
use std::fmt;

/// The standard normal quantile at 0.9 (Abramowitz and Stegun 1964, table 26.1):
/// a lognormal given by its 10th and 90th percentiles has
/// `sigma = (ln p90 - ln p10) / (2 z_0.9)`.
pub const Z_90: f64 = 1.281_551_565_544_600_4;

/// A validated distribution (or a constant).
#[derive(Clone, Debug, PartialEq)]
pub enum Dist {
    Const(f64),
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    /// Beta-PERT with lambda 4 (Malcolm et al. 1959; Vose 2008).
    Pert {
        min: f64,
        mode: f64,
        max: f64,
        alpha: f64,
        beta: f64,
    },
    Uniform {
        min: f64,
        max: f64,
    },
    /// A normal, possibly truncated to `[min, max]`; sampled by the inverse
    /// CDF of the truncated law (`cdf_lo`, `cdf_hi` are the untruncated CDF at
    /// the bounds), never by clipping.
    Normal {
        mean: f64,
        sd: f64,
        min: f64,
        max: f64,
        cdf_lo: f64,
        cdf_hi: f64,
    },
    LogNormal {
        p10: f64,
        p90: f64,
        mu: f64,
        sigma: f64,
    },
    /// A beta law rescaled to `[min, max]`.
    Beta {
        alpha: f64,
        beta: f64,
        min: f64,
        max: f64,
    },
}

/// Why a distribution's parameters are not acceptable.
#[derive(Clone, Debug, PartialEq)]
pub struct DistError {
    pub message: String,
    pub fix: String,
}

fn bad(message: impl Into<String>, fix: impl Into<String>) -> DistError {
    DistError {
        message: message.into(),
        fix: fix.into(),
    }
}

fn finite(name: &str, x: f64) -> Result<f64, DistError> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(bad(
            format!("`{name}` must be a finite number"),
            format!("give `{name}` a finite value"),
        ))
    }
}

impl Dist {
    pub fn constant(x: f64) -> Result<Dist, DistError> {
        if x.is_finite() {
            Ok(Dist::Const(x))
        } else {
            Err(bad(
                format!("must be a finite number (got {x})"),
                "write a finite number",
            ))
        }
    }

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

    pub fn lognormal(p10: f64, p90: f64) -> Result<Dist, DistError> {
        let (p10, p90) = (finite("p10", p10)?, finite("p90", p90)?);
        if !(0.0 < p10 && p10 < p90) {
            return Err(bad(
                format!("a lognormal needs 0 < p10 < p90 (got p10 = {p10}, p90 = {p90})"),
                "give its 10th and 90th percentiles, both positive, p10 the smaller",
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
                if u < fc {
                    min + (u * range * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - u) * range * (max - mode)).sqrt()
                }
            }
            Dist::Pert {
                min,
                max,
                alpha,
                beta,
                ..
            } => min + (max - min) * beta_quantile(alpha, beta, u),
            Dist::Uniform { min, max } => min + u * (max - min),
            Dist::Normal {
                mean,
                sd,
                min,
                max,
                cdf_lo,
                cdf_hi,
            } => {
                let p = cdf_lo + u * (cdf_hi - cdf_lo);
                let x = mean + sd * std_normal_quantile(p);
                // Round-off at the very edge must not leave the support.
                x.clamp(min, max)
            }
            Dist::LogNormal { mu, sigma, .. } => (mu + sigma * std_normal_quantile(u)).exp(),
            Dist::Beta {
                alpha,
                beta,
                min,
                max,
            } => min + (max - min) * beta_quantile(alpha, beta, u),
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

/// The standard normal quantile, via the inverse complementary error function.
#[inline]
pub(crate) fn std_normal_quantile(p: f64) -> f64 {
    -std::f64::consts::SQRT_2 * statrs::function::erf::erfc_inv(2.0 * p)
}

#[inline]
fn beta_quantile(alpha: f64, beta: f64, u: f64) -> f64 {
    // statrs' inverse of the regularised incomplete beta function; the
    // constructor above already rejected non-positive shapes.
    match BetaLaw::new(alpha, beta) {
        Ok(law) => law.inverse_cdf(u),
        Err(_) => f64::NAN,
    }
}

/// The range a key's values must lie in (MODEL.md section 8, "ranges").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Range {
    /// [0, 1]: shares, rates, probabilities.
    Unit,
    /// [0, 1): `admin_share`.
    UnitBelowOne,
    /// (0, 1]: `target_utilization`.
    UnitAboveZero,
    /// > 0: `annual_hours`.
    Positive,
    /// >= 0: hours, counts, costs, sizes, ...
    NonNegative,
    /// > -1: `discount_rate`.
    AboveMinusOne,
    /// >= 1: `max_intensity`, `span`.
    AtLeastOne,
}

impl Range {
    fn bounds(self) -> (f64, bool, f64, bool) {
        // (lo, lo_included, hi, hi_included)
        match self {
            Range::Unit => (0.0, true, 1.0, true),
            Range::UnitBelowOne => (0.0, true, 1.0, false),
            Range::UnitAboveZero => (0.0, false, 1.0, true),
            Range::Positive => (0.0, false, f64::INFINITY, false),
            Range::NonNegative => (0.0, true, f64::INFINITY, false),
            Range::AboveMinusOne => (-1.0, false, f64::INFINITY, false),
            Range::AtLeastOne => (1.0, true, f64::INFINITY, false),
        }
    }

    /// The range in interval notation.
    pub fn describe(self) -> &'static str {
        match self {
            Range::Unit => "[0, 1]",
            Range::UnitBelowOne => "[0, 1)",
            Range::UnitAboveZero => "(0, 1]",
            Range::Positive => "> 0",
            Range::NonNegative => ">= 0",
            Range::AboveMinusOne => "> -1",
            Range::AtLeastOne => ">= 1",
        }
    }

    /// What a value must be, for messages: `a share below 1 in [0, 1)`,
    /// `a positive number`.
    fn what(self) -> String {
        let (what, interval) = match self {
            Range::Unit => ("a share or rate", true),
            Range::UnitBelowOne => ("a share below 1", true),
            Range::UnitAboveZero => ("a share above 0", true),
            Range::Positive => ("a positive number", false),
            Range::NonNegative => ("a number that cannot be negative", false),
            Range::AboveMinusOne => ("a rate above -1", false),
            Range::AtLeastOne => ("a number of at least 1", false),
        };
        if interval {
            format!("{what} in {}", self.describe())
        } else {
            what.to_string()
        }
    }

    /// Where values must lie, for fixes: `inside [0, 1]`, `above 0`.
    fn within(self) -> String {
        match self {
            Range::Unit | Range::UnitBelowOne | Range::UnitAboveZero => {
                format!("inside {}", self.describe())
            }
            Range::Positive => "above 0".into(),
            Range::NonNegative => "at 0 or above".into(),
            Range::AboveMinusOne => "above -1".into(),
            Range::AtLeastOne => "at 1 or above".into(),
        }
    }

    /// True when `x` lies in the range.
    pub fn contains(self, x: f64) -> bool {
        let (lo, lo_in, hi, hi_in) = self.bounds();
        let above = if lo_in { x >= lo } else { x > lo };
        let below = if hi_in { x <= hi } else { x < hi };
        above && below
    }

    /// Checks that every value `d` can take lies in the range; on failure the
    /// error says which distribution would fit.
    pub fn check(self, d: &Dist) -> Result<(), DistError> {
        let (lo, hi, attained) = d.support();
        let (rlo, rlo_in, rhi, rhi_in) = self.bounds();
        let lo_ok = if lo.is_infinite() {
            rlo.is_infinite()
        } else if rlo_in || !attained {
            lo >= rlo
        } else {
            lo > rlo
        };
        let hi_ok = if hi.is_infinite() {
            rhi.is_infinite()
        } else if rhi_in {
            hi <= rhi
        } else {
            hi < rhi
        };
        if lo_ok && hi_ok {
            return Ok(());
        }
        let (what, within) = (self.what(), self.within());
        if let Dist::Const(x) = d {
            return Err(bad(
                format!("must be {what} (got {x})"),
                format!("use a value {within}"),
            ));
        }
        let side = if !lo_ok { "below" } else { "above" };
        let message = match d {
            Dist::Normal { min, max, .. }
                if (!lo_ok && min.is_infinite()) || (!hi_ok && max.is_infinite()) =>
            {
                format!("must be {what}, but an untruncated normal reaches {side} it")
            }
            Dist::LogNormal { .. } if !lo_ok => {
                format!("must be {what}, but a lognormal takes every positive value, down to 0")
            }
            Dist::LogNormal { .. } => {
                format!("must be {what}, but a lognormal is unbounded above")
            }
            _ => format!("must be {what}, but {d} reaches {side} it (support [{lo}, {hi}])"),
        };
        let unit = matches!(
            self,
            Range::Unit | Range::UnitBelowOne | Range::UnitAboveZero
        );
        let fix = match d {
            Dist::Normal { .. } if unit => format!(
                "use a beta (its support is [0, 1]) or a PERT with min and max {within}, or truncate the normal with `min` and `max` {within}"
            ),
            Dist::LogNormal { .. } if unit => {
                format!("use a beta (its support is [0, 1]) or a PERT with min and max {within}")
            }
            Dist::Normal { .. } if self == Range::NonNegative => {
                "truncate the normal with `min = 0` (it is then sampled from the truncated law), or use a lognormal for a positive quantity".to_string()
            }
            Dist::Normal { .. } if self == Range::Positive => {
                "truncate the normal with a `min` above 0 (it is then sampled from the truncated law), or use a lognormal for a positive quantity".to_string()
            }
            Dist::Normal { .. } => format!(
                "truncate the normal with `min`/`max` {within} (it is then sampled from the truncated law), or use a PERT with bounds {within}"
            ),
            Dist::LogNormal { .. } => {
                format!("use a PERT, triangular or uniform with bounds {within}")
            }
            Dist::Beta { .. } => format!("set the beta's `min` and `max` {within}"),
            _ => format!("move the distribution's bounds {within}"),
        };
        Err(bad(message, fix))
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

    #[test]
    fn range_messages_name_the_side_that_is_crossed() {
        // A lognormal reaches down to 0: below a lower bound of 1, not above.
        let e = Range::AtLeastOne
            .check(&Dist::lognormal(1.2, 2.0).unwrap())
            .unwrap_err();
        assert!(e.message.contains("down to 0"), "{}", e.message);
        assert!(!e.fix.contains("normal"), "{}", e.fix);
        // On a share, the fix for a lognormal does not speak of a normal.
        let e = Range::Unit
            .check(&Dist::lognormal(0.1, 0.2).unwrap())
            .unwrap_err();
        assert!(e.message.contains("unbounded above"), "{}", e.message);
        assert!(!e.fix.contains("truncate"), "{}", e.fix);
        // Half-lines read as words, not as "in > 0".
        let e = Range::Positive.check(&Dist::Const(0.0)).unwrap_err();
        assert_eq!(e.message, "must be a positive number (got 0)");
        assert_eq!(e.fix, "use a value above 0");
        let e = Range::UnitBelowOne.check(&Dist::Const(1.0)).unwrap_err();
        assert_eq!(e.message, "must be a share below 1 in [0, 1) (got 1)");
        assert!(Dist::constant(f64::NAN).is_err());
    }

    #[test]
    fn support_checks_say_what_fits() {
        let pert = Dist::pert(0.1, 0.3, 1.2).unwrap();
        let e = Range::UnitBelowOne.check(&pert).unwrap_err();
        assert!(e.message.contains("[0, 1)"), "{}", e.message);
        assert!(Range::Unit.check(&pert).is_err());
        assert!(
            Range::Unit
                .check(&Dist::pert(0.0, 0.3, 1.0).unwrap())
                .is_ok()
        );
        assert!(
            Range::UnitBelowOne
                .check(&Dist::pert(0.0, 0.3, 1.0).unwrap())
                .is_err()
        );
        let n = Dist::normal(5.0, 1.0, None, None).unwrap();
        let e = Range::NonNegative.check(&n).unwrap_err();
        assert!(e.fix.contains("truncate"), "{}", e.fix);
        assert!(
            Range::NonNegative
                .check(&Dist::normal(5.0, 1.0, Some(0.0), None).unwrap())
                .is_ok()
        );
        assert!(
            Range::Positive
                .check(&Dist::lognormal(1.0, 2.0).unwrap())
                .is_ok()
        );
        assert!(Range::Positive.check(&Dist::Const(0.0)).is_err());
        assert!(
            Range::Unit
                .check(&Dist::lognormal(0.1, 0.2).unwrap())
                .is_err()
        );
        assert!(Range::AboveMinusOne.check(&Dist::Const(-0.5)).is_ok());
        assert!(
            Range::UnitAboveZero
                .check(&Dist::uniform(0.0, 1.0).unwrap())
                .is_err()
        );
        assert!(
            Range::UnitAboveZero
                .check(&Dist::uniform(0.5, 1.0).unwrap())
                .is_ok()
        );
    }
}

/// The quantile function of a deal-size law, fast enough for the
/// per-cell-month loop. For the beta family (PERT and beta), whose exact
/// inverse CDF costs microseconds, it uses a table of exact quantiles and of
/// their slopes (1 / density) with cubic Hermite interpolation between them,
/// and the exact inverse in the outer 1% of each tail, where the quantile can
/// be steep; the result is the exact quantile to 1e-9 of the range (tested).
/// Every other law uses its closed-form inverse directly. Tables are built
/// once per process per shape and shared.
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
    range: f64,
    /// (quantile, slope) of the standard beta at u = k / (len - 1).
    table: std::sync::Arc<[(f64, f64)]>,
}

/// Intervals of a beta quantile table.
const TABLE_INTERVALS: usize = 4096;
/// Below this u (and above 1 - it) the exact inverse is used.
const TAIL: f64 = 0.01;

fn beta_table(alpha: f64, beta: f64) -> std::sync::Arc<[(f64, f64)]> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    type Cache = Mutex<HashMap<(u64, u64), Arc<[(f64, f64)]>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (alpha.to_bits(), beta.to_bits());
    if let Ok(map) = cache.lock()
        && let Some(t) = map.get(&key)
    {
        return t.clone();
    }
    let ln_b = statrs::function::beta::ln_beta(alpha, beta);
    let n = TABLE_INTERVALS;
    let t: Arc<[(f64, f64)]> = (0..=n)
        .map(|k| {
            let u = k as f64 / n as f64;
            let first = ((TAIL * n as f64).floor() as usize).saturating_sub(1);
            if k < first || k > n - first {
                return (f64::NAN, f64::NAN); // tails: never read
            }
            let x = beta_quantile(alpha, beta, u);
            let pdf = ((alpha - 1.0) * x.ln() + (beta - 1.0) * (1.0 - x).ln() - ln_b).exp();
            (x, 1.0 / pdf)
        })
        .collect();
    if let Ok(mut map) = cache.lock() {
        map.insert(key, t.clone());
    }
    t
}

impl FastQuantile {
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
                range: max - min,
                table: beta_table(alpha, beta),
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
            Some(b) => b.min + b.range * b.standard(u),
        }
    }
}

impl BetaTable {
    fn standard(&self, u: f64) -> f64 {
        if !(TAIL..=1.0 - TAIL).contains(&u) {
            return beta_quantile(self.alpha, self.beta, u);
        }
        let n = TABLE_INTERVALS;
        let h = 1.0 / n as f64;
        let pos = u * n as f64;
        let i = (pos as usize).min(n - 1);
        let t = pos - i as f64;
        let ((x0, d0), (x1, d1)) = (self.table[i], self.table[i + 1]);
        // Cubic Hermite basis (values and slopes at both ends).
        let (t2, t3) = (t * t, t * t * t);
        let h00 = 2.0 * t3 - 3.0 * t2 + 1.0;
        let h10 = t3 - 2.0 * t2 + t;
        let h01 = -2.0 * t3 + 3.0 * t2;
        let h11 = t3 - t2;
        (h00 * x0 + h10 * h * d0 + h01 * x1 + h11 * h * d1).clamp(x0, x1)
    }
}

#[cfg(test)]
mod fast_tests {
    use super::*;

    #[test]
    fn fast_quantiles_match_the_exact_inverse_cdf() {
        let laws = [
            Dist::pert(0.05, 0.10, 0.20).unwrap(),
            Dist::pert(0.0, 0.0, 1.0).unwrap(),
            Dist::pert(10.0, 90.0, 100.0).unwrap(),
            Dist::beta(2.0, 5.0, Some(1000.0), Some(9000.0)).unwrap(),
            Dist::beta(0.5, 0.5, None, None).unwrap(),
            Dist::beta(30.0, 3.0, None, None).unwrap(),
            Dist::lognormal(5000.0, 50000.0).unwrap(),
            Dist::triangular(0.0, 1.0, 3.0).unwrap(),
        ];
        let us = (1..2000).map(|k| k as f64 / 2000.0).chain([
            1e-9,
            1e-6,
            1e-4,
            0.5 + 1e-7,
            1.0 - 1e-4,
            1.0 - 1e-6,
            1.0 - 1e-9,
        ]);
        for d in &laws {
            let f = FastQuantile::new(d);
            let (lo, hi, _) = d.support();
            let scale = if hi.is_finite() { hi - lo } else { 1.0 };
            for u in us.clone() {
                let (exact, fast) = (d.inverse_cdf(u), f.eval(u));
                let tol = 1e-9 * scale.max(exact.abs());
                assert!(
                    (exact - fast).abs() <= tol,
                    "{d} at u = {u}: exact {exact}, fast {fast}"
                );
            }
        }
    }
}

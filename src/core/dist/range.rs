//! The ranges a scenario key's values must lie in, and the check that a
//! distribution stays inside its key's range (docs/model.md, "Distributions").

use super::{Dist, DistError, bad};

/// The range a key's values must lie in (docs/scenario.md gives the range of every key).
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
    /// At least -0.5: `discount_rate`. A rate closer to -1 makes the
    /// discount factors of a long horizon overflow: `(1 + d)^(-t/12)` at
    /// d = -0.9999 over 1,200 months is 10^400.
    DiscountRate,
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
            Range::DiscountRate => (-0.5, true, f64::INFINITY, false),
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
            Range::DiscountRate => ">= -0.5",
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
            Range::DiscountRate => ("a rate of at least -0.5", false),
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
            Range::DiscountRate => "at -0.5 or above".into(),
            Range::AtLeastOne => "at 1 or above".into(),
        }
    }

    /// True for the ranges of shares and rates ([0, 1] and its half-open
    /// forms).
    pub fn is_share(self) -> bool {
        matches!(
            self,
            Range::Unit | Range::UnitBelowOne | Range::UnitAboveZero
        )
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
        // A percentage written where a share belongs (`admin_share = 50`).
        let percent = self.is_share() && lo > 1.0 && hi <= 100.0;
        let as_share = d.scaled(0.01).filter(|s| percent && self.check(s).is_ok());
        if let Dist::Const(x) = d {
            let fix = match as_share {
                Some(Dist::Const(s)) => format!(
                    "did you mean {}? a share is written as a fraction ({x}% is {})",
                    two_decimals(s),
                    two_decimals(s)
                ),
                _ => format!("use a value {within}"),
            };
            return Err(bad(format!("must be {what} (got {x})"), fix));
        }
        if let Some(s) = as_share {
            return Err(bad(
                format!("must be {what}, but {d} reaches above it (support [{lo}, {hi}])"),
                format!("did you mean {s}? a share is written as a fraction (5% is 0.05)"),
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
        let unit = self.is_share();
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

/// A share as people write it: at least two decimals (0.50, 0.06, 0.125).
fn two_decimals(x: f64) -> String {
    let s = x.to_string();
    match s.split_once('.') {
        Some((_, dec)) if dec.len() >= 2 => s,
        Some(_) => format!("{s}0"),
        None => format!("{s}.00"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_percentage_where_a_share_belongs_gets_the_share() {
        let e = Range::UnitBelowOne.check(&Dist::Const(50.0)).unwrap_err();
        assert_eq!(e.message, "must be a share below 1 in [0, 1) (got 50)");
        assert!(e.fix.starts_with("did you mean 0.50?"), "{}", e.fix);
        let e = Range::Unit.check(&Dist::Const(6.0)).unwrap_err();
        assert!(e.fix.starts_with("did you mean 0.06?"), "{}", e.fix);
        let e = Range::Unit.check(&Dist::Const(12.5)).unwrap_err();
        assert!(e.fix.starts_with("did you mean 0.125?"), "{}", e.fix);
        // 100 is no share below 1: no hint that would fail again.
        let e = Range::UnitBelowOne.check(&Dist::Const(100.0)).unwrap_err();
        assert_eq!(e.fix, "use a value inside [0, 1)");
        // Nor is 250% a share, or a cost a percentage.
        assert!(
            !Range::Unit
                .check(&Dist::Const(250.0))
                .unwrap_err()
                .fix
                .contains("mean")
        );
        assert!(Range::NonNegative.check(&Dist::Const(50.0)).is_ok());
        // A distribution written in percent gets its share form.
        let pert = Dist::pert(5.0, 10.0, 20.0).unwrap();
        let e = Range::Unit.check(&pert).unwrap_err();
        assert!(
            e.fix.starts_with("did you mean PERT(0.05, 0.1, 0.2)?"),
            "{}",
            e.fix
        );
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
        assert!(Range::DiscountRate.check(&Dist::Const(-0.5)).is_ok());
        assert!(Range::DiscountRate.check(&Dist::Const(-0.9999)).is_err());
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

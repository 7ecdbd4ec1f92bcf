//! Every distribution over its whole accepted parameter range (docs/scenario.md,
//! "Values"): wherever a constructor accepts its parameters, the inverse CDF
//! (exact, and the fast one of the per-deal draws) returns, in bounded time,
//! a finite number within the support, non-decreasing in u. Parameters are
//! drawn log-uniformly over every magnitude the file may hold, edges
//! included (the beta's shapes at 0.05 and 10,000, magnitudes at 10^15).

use keysplit::core::dist::{BETA_SHAPES, Dist, FastQuantile, MAX_MAGNITUDE};
use proptest::prelude::*;
use std::sync::mpsc;
use std::time::Duration;

/// The uniforms tried: the extremes a keyed stream yields (2^-53 from 0 and
/// from 1), the table's edges, and a grid.
fn uniforms() -> Vec<f64> {
    let e = 2f64.powi(-53);
    let mut us = vec![e, 1e-300_f64.max(e), 1e-12, 1e-6, 0.0099, 0.01, 0.0101];
    us.extend((1..100).map(|k| k as f64 / 100.0));
    us.extend([0.9899, 0.99, 0.9901, 1.0 - 1e-6, 1.0 - 1e-12, 1.0 - e]);
    us.sort_by(f64::total_cmp);
    us.dedup();
    us
}

/// A magnitude from 10^-15 to 10^15 with either sign, or one of the edges.
fn magnitude() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-15.0f64..15.0, any::<bool>()).prop_map(|(e, neg)| {
            let x = 10f64.powf(e);
            if neg { -x } else { x }
        }),
        Just(0.0),
        Just(MAX_MAGNITUDE),
        Just(-MAX_MAGNITUDE),
    ]
}

/// A beta shape anywhere in the accepted range, edges included.
fn shape() -> impl Strategy<Value = f64> {
    let (lo, hi) = BETA_SHAPES;
    prop_oneof![
        (lo.log10()..hi.log10()).prop_map(|e| 10f64.powf(e)),
        Just(lo),
        Just(hi),
        Just(1.0),
    ]
}

/// Any distribution a constructor accepts (or `None`).
fn dist() -> impl Strategy<Value = Option<Dist>> {
    let m = magnitude;
    prop_oneof![
        (m(), m(), m()).prop_map(|(a, b, c)| {
            let mut v = [a, b, c];
            v.sort_by(f64::total_cmp);
            Dist::triangular(v[0], v[1], v[2]).ok()
        }),
        (m(), m(), m()).prop_map(|(a, b, c)| {
            let mut v = [a, b, c];
            v.sort_by(f64::total_cmp);
            Dist::pert(v[0], v[1], v[2]).ok()
        }),
        (m(), m()).prop_map(|(a, b)| Dist::uniform(a.min(b), a.max(b)).ok()),
        (
            m(),
            m(),
            proptest::option::of(m()),
            proptest::option::of(m())
        )
            .prop_map(|(mean, sd, lo, hi)| Dist::normal(mean, sd.abs(), lo, hi).ok()),
        (m(), -6.0f64..6.0).prop_map(|(p10, r)| {
            Dist::lognormal(p10.abs(), p10.abs() * 10f64.powf(r.abs())).ok()
        }),
        (
            shape(),
            shape(),
            proptest::option::of(m()),
            proptest::option::of(m())
        )
            .prop_map(|(a, b, lo, hi)| Dist::beta(a, b, lo, hi).ok()),
    ]
}

/// Checks one law; returns the first failure.
fn check(d: &Dist) -> Result<(), String> {
    let (lo, hi, _) = d.support();
    let fast = FastQuantile::new(d);
    let (mut prev, mut prev_fast) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    for u in uniforms() {
        for (what, x, prev) in [
            ("exact", d.inverse_cdf(u), &mut prev),
            ("fast", fast.eval(u), &mut prev_fast),
        ] {
            if !x.is_finite() {
                return Err(format!("{d}: {what} quantile at {u} is {x}"));
            }
            if x < lo || x > hi {
                return Err(format!(
                    "{d}: {what} quantile at {u} is {x}, outside [{lo}, {hi}]"
                ));
            }
            // Non-decreasing, up to the round-off of the law's own scale
            // (min + (max - min) q loses the digits of q below it).
            let scale = if lo.is_finite() && hi.is_finite() {
                lo.abs().max(hi.abs())
            } else {
                x.abs()
            };
            let tol = 1e-12 * scale.max(prev.abs()).max(f64::MIN_POSITIVE);
            if x < *prev - tol {
                return Err(format!(
                    "{d}: {what} quantile decreases at {u}: {prev} then {x}"
                ));
            }
            *prev = x;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn every_accepted_law_has_a_finite_monotone_quantile_within_its_support(d in dist()) {
        let Some(d) = d else { return Ok(()) };
        // In bounded time: a quantile that loops fails here instead of hanging.
        let (tx, rx) = mpsc::channel();
        let law = d.clone();
        std::thread::spawn(move || { let _ = tx.send(check(&law)); });
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(r) => prop_assert!(r.is_ok(), "{}", r.unwrap_err()),
            Err(_) => prop_assert!(false, "{d}: the quantiles did not return within 20 s"),
        }
    }
}

#[test]
fn the_beta_quantile_inverts_the_cdf_at_the_edges_of_the_shapes() {
    // I_x(a, b) at the computed quantile gives u back, for the shapes of
    // the issue (0.1 with 2; 10^4 with 1) and every corner of the range.
    use statrs::distribution::{Beta, ContinuousCDF};
    let (lo, hi) = BETA_SHAPES;
    for (a, b) in [
        (0.1, 2.0),
        (hi, 1.0),
        (lo, lo),
        (lo, hi),
        (hi, lo),
        (hi, hi),
        (1.0, 1.0),
    ] {
        let d = Dist::beta(a, b, None, None).unwrap();
        for u in [1e-9, 0.01, 0.3, 0.5, 0.7, 0.99, 1.0 - 1e-9] {
            let x = d.inverse_cdf(u);
            // The CDF crosses u within a few doubles of x (where the
            // density is steep, one double moves the CDF by more than
            // 1e-9). In the upper half, read through the mirrored law
            // 1 - X ~ beta(b, a), whose CDF keeps its precision near 1.
            let (mut below, mut above) = (x, x);
            for _ in 0..4 {
                below = below.next_down().max(0.0);
                above = above.next_up().min(1.0);
            }
            let (cdf_below, cdf_above) = if u <= 0.5 {
                let law = Beta::new(a, b).unwrap();
                (law.cdf(below), law.cdf(above))
            } else {
                let mirror = Beta::new(b, a).unwrap();
                (1.0 - mirror.cdf(1.0 - below), 1.0 - mirror.cdf(1.0 - above))
            };
            assert!(
                cdf_below - 1e-9 <= u && u <= cdf_above + 1e-9,
                "beta({a}, {b}) at {u}: x = {x}, cdf from {cdf_below} to {cdf_above}"
            );
        }
    }
}

#[test]
fn parameters_outside_the_accepted_range_are_refused_with_a_reason() {
    assert!(
        Dist::beta(5e-324, 1.0, None, None)
            .unwrap_err()
            .message
            .contains("at least 0.05")
    );
    assert!(
        Dist::beta(1e7, 1.0, None, None)
            .unwrap_err()
            .message
            .contains("at most 10000")
    );
    assert!(Dist::beta(1e10, 1e10, None, None).is_err());
    assert!(Dist::constant(1e305).unwrap_err().message.contains("10^15"));
    assert!(Dist::uniform(0.0, 1.7e308).is_err());
    assert!(
        Dist::lognormal(1e-300, 1e15)
            .unwrap_err()
            .message
            .contains("a million times")
    );
    assert!(Dist::constant(1e15).is_ok() && Dist::constant(-1e15).is_ok());
}

//! Parameter designs: a design row overrides the keyed uniforms of the
//! per-trial parameters, and nothing else.

mod common;
use common::*;
use keysplit::engine::{RunOptions, Runner};
use keysplit::model::{Draw, Layout, World};
use keysplit::sampling::ParamDesign;
use std::sync::Arc;

#[test]
fn a_design_row_sets_the_uniforms_of_its_parameters_only() {
    let src = std::fs::read_to_string("scenarios/key_accounts.toml").unwrap();
    let s = scenario(&src);
    let layout = Layout::new(&s);
    let p = s
        .params
        .iter()
        .position(|d| !d.dist.is_const())
        .expect("an uncertain input");
    let mut design = ParamDesign::keyed(s.params.len(), 3);
    for t in 0..3 {
        design.set(t, p, 0.5);
    }
    let (mut keyed, mut designed) = (World::default(), World::default());
    for t in 0..4u64 {
        keyed.draw(&s, &layout, Draw::Trial(t));
        designed.draw_with(&s, &layout, Draw::Trial(t), design.row(t));
        for (i, (a, b)) in keyed.values.iter().zip(&designed.values).enumerate() {
            if i == p && t < 3 {
                assert_eq!(*b, s.params[p].dist.inverse_cdf(0.5));
            } else {
                assert_eq!(a.to_bits(), b.to_bits(), "param {i}, trial {t}");
            }
        }
        // Spends (and every per-cell-month uniform) are untouched.
        assert_eq!(keyed.spend, designed.spend);
    }
}

#[test]
fn designed_runs_are_identical_for_any_thread_count() {
    let src = std::fs::read_to_string("scenarios/key_accounts.toml").unwrap();
    let mut s = scenario(&src);
    s.trials = 30;
    let mut design = ParamDesign::keyed(s.params.len(), 30);
    for t in 0..30 {
        for (p, d) in s.params.iter().enumerate() {
            if !d.dist.is_const() {
                design.set(t, p, (t as f64 + 0.5) / 30.0);
            }
        }
    }
    let design = Arc::new(design);
    let run = |threads| {
        let mut r = Runner::new(
            &s,
            &RunOptions {
                threads: Some(threads),
                design: Some(design.clone()),
                ..Default::default()
            },
        )
        .unwrap();
        r.extend_to(30).unwrap();
        r.into_result()
            .per_trial
            .iter()
            .map(|x| x.to_bits())
            .collect::<Vec<_>>()
    };
    assert_eq!(run(1), run(2));
    // And the design matters: without it the numbers differ.
    let plain = run_default(&s);
    assert_ne!(run(2), plain);
}

fn run_default(s: &keysplit::scenario::Scenario) -> Vec<u64> {
    run(s, 2).per_trial.iter().map(|x| x.to_bits()).collect()
}

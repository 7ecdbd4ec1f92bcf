//! Helpers shared by the integration tests.
#![allow(dead_code)]

use keysplit::engine::{self, RunOptions, RunResult};
use keysplit::scenario::{Scenario, load_str};

/// Loads a scenario from text, panicking with every problem if it is invalid.
pub fn scenario(src: &str) -> Scenario {
    match load_str(src, "test.toml") {
        Ok(l) => l.scenario,
        Err(p) => panic!("test scenario is invalid:\n{p}"),
    }
}

/// Runs a scenario on `threads` threads.
pub fn run(s: &Scenario, threads: usize) -> RunResult {
    engine::run(
        s,
        &RunOptions {
            threads: Some(threads),
            progress: None,
        },
    )
    .expect("run")
}

pub fn split_index(r: &RunResult, name: &str) -> usize {
    r.splits
        .iter()
        .position(|s| s.name == name)
        .unwrap_or_else(|| panic!("no split {name}"))
}

pub fn metric(name: &str) -> usize {
    keysplit::metrics::by_name(name).unwrap_or_else(|| panic!("no metric {name}"))
}

/// A role table with the given hours and admin share, and no costs.
pub fn role(hours: f64, admin: f64) -> String {
    format!("annual_hours = {hours}\nadmin_share = {admin}\n")
}

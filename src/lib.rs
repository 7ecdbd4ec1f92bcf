//! keysplit: a Monte Carlo simulator of how key-account work is split between
//! inside sales reps and field (outside) reps. See `docs/model.md` for the
//! model as implemented, and the README for how to run it.
//!
//! The library is shared by the binary, the tests and the benches:
//! [`scenario`] loads and validates a file, [`engine`] runs the trials of
//! [`model`] in parallel, [`stats`] summarises them, [`export`] writes the
//! outputs and [`charts`] draws them.

pub mod app;
pub mod charts;
pub mod commands;
pub mod dist;
pub mod engine;
pub mod export;
pub mod metrics;
pub mod model;
pub mod precision;
pub mod rng;
pub mod sampling;
pub mod scenario;
pub mod sensitivity;
pub mod size;
pub mod stats;
pub mod sweep;

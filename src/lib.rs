//! keysplit: a Monte Carlo simulator of how key-account work is split between
//! inside sales reps and field (outside) reps. See `docs/model.md` for the
//! model as implemented, and the README for how to run it.
//!
//! The library is shared by the binary, the tests and the benches:
//! [`scenario`] loads and validates a file, [`engine`] runs the trials of
//! [`model`] in parallel, [`stats`] summarises them, [`export`] writes the
//! outputs and [`charts`] draws them.

pub mod analysis;
pub mod app;
pub mod charts;
pub mod commands;
pub mod core;
pub mod output;
pub mod scenario;
pub mod sim;

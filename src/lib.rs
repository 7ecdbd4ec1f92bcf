//! keysplit: a Monte Carlo simulator of how key-account work is split between
//! inside sales reps and field (outside) reps. The model is described in
//! `docs/model.md`, the layout of the code in `docs/architecture.md`.
//!
//! The library is what the `keysplit` command line runs, and anything else
//! can embed it the same way: load a scenario ([`load`] or [`load_str`]),
//! then [`run`], [`sweep`], [`size`] or [`sensitivity`] it, each with an
//! options struct and a typed outcome, and write the outcome's folder with
//! the `write` function of its module in [`commands`]. Nothing in the
//! library prints: warnings come back as data ([`Loaded::warnings`]),
//! progress goes to a [`Progress`] the caller implements, and every failure
//! is an [`Error`].
//!
//! ```
//! let src = std::fs::read_to_string("scenarios/tutorial.toml").unwrap();
//! let loaded = keysplit::load_str(&src, "tutorial.toml").unwrap();
//! let opts = keysplit::RunOptions {
//!     options: keysplit::Options {
//!         trials: Some(50),
//!         ..keysplit::Options::threads(1)
//!     },
//!     ..Default::default()
//! };
//! let outcome = keysplit::run(&loaded, &opts).unwrap();
//! assert_eq!(outcome.result.trials, 50);
//! assert_eq!(outcome.result.splits.len(), loaded.scenario.splits.len());
//! ```
//!
//! The layers, each importing only from those below it: [`core`] (random
//! streams, distributions, statistics, metrics, number formats),
//! [`scenario`] (the file, its validation and the resolved scenario),
//! [`error`], [`sim`] (one trial, the engine), [`analysis`] (precision,
//! sweep, size, sensitivity), [`output`] (files, tables, the report, the
//! sentences), [`charts`], and [`commands`] on top.

pub mod analysis;
pub mod charts;
pub mod commands;
pub mod core;
pub mod error;
pub mod output;
pub mod scenario;
pub mod sim;

pub use analysis::precision::{Precision, Target};
pub use commands::run::{RunOptions, RunOutcome, run};
pub use commands::sensitivity::{SensitivityOptions, SensitivityOutcome, sensitivity};
pub use commands::size::{SizeOptions, SizeOutcome, size};
pub use commands::sweep::{SweepOptions, SweepOutcome, sweep};
pub use commands::{Options, load, load_str};
pub use error::{Error, Result};
pub use scenario::Loaded;
pub use sim::{Pool, Progress};

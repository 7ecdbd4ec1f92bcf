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
//! let toml = r#"
//! name = "Maintenance inside?"
//! [simulation]
//! trials = 50
//! seed = 7
//! [roles.outside]
//! annual_hours = 1800
//! admin_share = 0.5
//! base_salary = 95000
//! [roles.inside]
//! annual_hours = 1800
//! admin_share = 0.4
//! base_salary = 60000
//! [motions.maintenance]
//! touches_per_year = 6
//! hours_per_touch = { outside = 1.0, inside = 0.75 }
//! annual_churn = { outside = 0.08, inside = 0.09 }
//! [[products]]
//! name = "Support"
//! motion = "maintenance"
//! gross_margin = { dist = "pert", min = 0.5, mode = 0.6, max = 0.7 }
//! [[tiers]]
//! name = "Key accounts"
//! accounts = 20
//! spend = { "Support" = 100000 }
//! [[splits]]
//! name = "All field"
//! assign = { maintenance = "outside" }
//! [[splits]]
//! name = "Maintenance inside"
//! assign = { maintenance = "inside" }
//! "#;
//! let loaded = keysplit::load_str(toml, "example.toml")?;
//! assert!(loaded.warnings.is_empty());
//! let opts = keysplit::RunOptions {
//!     options: keysplit::Options::threads(1),
//!     precision: None,
//! };
//! let outcome = keysplit::run(&loaded, &opts)?;
//! assert_eq!(outcome.result.trials, 50);
//! let ltv = keysplit::core::metrics::Metric::Ltv;
//! let inside = &outcome.result.splits[1];
//! let delta = inside.deltas[ltv].as_ref().expect("a paired difference");
//! assert!(delta.ci95_low <= Some(delta.mean) && Some(delta.mean) <= delta.ci95_high);
//! # Ok::<(), keysplit::Error>(())
//! ```
//!
//! The layers, each importing only from those below it: [`core`] (random
//! streams, distributions, statistics, metrics, number formats),
//! [`scenario`] (the file, its validation and the resolved scenario),
//! [`error`], [`sim`] (one trial, the engine), [`analysis`] (precision,
//! sweep, size, sensitivity), [`output`] (files, tables, the report, the
//! sentences), [`charts`], and [`commands`] on top.

#![warn(missing_docs)]

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
pub use commands::{Files, Options, load, load_str};
pub use error::{Error, Result};
pub use scenario::Loaded;
pub use sim::{Pool, Progress};

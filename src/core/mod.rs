//! The leaves: keyed random streams, distributions, summaries, the metrics
//! and the number formats. Nothing here knows a scenario.

pub mod correlation;
pub mod dist;
pub mod font;
pub mod format;
pub mod hint;
pub mod metrics;
pub mod rng;
pub mod role;
pub mod stats;

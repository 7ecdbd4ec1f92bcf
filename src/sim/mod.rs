//! The simulation: one trial of every split, and the engine that runs
//! trials in parallel.

pub mod design;
pub mod engine;
pub mod model;

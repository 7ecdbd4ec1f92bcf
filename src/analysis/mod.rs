//! The analyses built on the engine: precision control, sweeps, team sizing
//! and sensitivity.

pub mod precision;
pub mod sensitivity;
pub mod size;
pub mod sweep;

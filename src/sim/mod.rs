//! The simulation: one trial of every split (docs/model.md, "One trial, for
//! one split"), and the engine that runs trials in parallel.
//!
//! A trial is drawn once ([`world::World`]) and then every split is
//! assigned ([`mod@assign`]), staffed ([`staffing`]) and simulated month by
//! month ([`month`]) against it with the same uniforms (common random
//! numbers). Pure and seeded: the same scenario, seed and trial index give
//! the same numbers on any thread, in any order.

pub mod assign;
mod candidates;
pub mod design;
pub mod engine;
pub mod layout;
pub mod memory;
pub mod month;
pub mod shard;
mod slots;
pub mod staffing;
mod totals;
pub mod transition;
pub mod world;

pub use assign::assign;
pub use design::BATCH;
pub use engine::{Engine, Pool, Progress, RunResult, Runner};
pub use layout::{CellInfo, Layout};
pub use month::Workspace;
pub use staffing::{StaffedTeam, fte_required, headcount, management_counts, teams, typical};
pub use world::{Draw, World, floor_trial, monthly};

use crate::scenario::{self, Loaded, Problem, Problems, Severity};
use std::path::Path;

/// Reads and validates a scenario file in full: the file's own rules, then
/// its typical trial (which needs the model), then its trial count against
/// the memory, as `run` would refuse it.
pub fn load(path: &Path) -> Result<Loaded, Problems> {
    fits(scenario::load(path, &typical)?, &path.display().to_string())
}

/// [`load`] without the memory check of the file's trial count: a shard
/// holds its block of the trials only (docs/scale.md).
pub fn load_shard(path: &Path) -> Result<Loaded, Problems> {
    scenario::load(path, &typical)
}

/// [`load`] from text; `label` names it in messages.
pub fn load_str(src: &str, label: &str) -> Result<Loaded, Problems> {
    fits(scenario::load_str(src, label, &typical)?, label)
}

/// [`load`] of a scenario's text read from `origin` (the folder its book's
/// path is relative to, and a book already read there).
pub fn load_in(src: &str, label: &str, origin: &scenario::Origin) -> Result<Loaded, Problems> {
    fits(scenario::load_in(src, label, origin, &typical)?, label)
}

/// Refuses a scenario whose own trial count would not fit in memory, as an
/// error at `simulation.trials`: `validate` refuses what `run` would.
fn fits(loaded: Loaded, label: &str) -> Result<Loaded, Problems> {
    let s = &loaded.scenario;
    let available = memory::available_memory();
    let Some((need, max)) = memory::too_large(s.trials, &[s.splits.len()], available) else {
        return Ok(loaded);
    };
    let mut list = vec![Problem {
        severity: Severity::Error,
        path: "simulation.trials".into(),
        line: scenario::key_line(&loaded.source, &["simulation", "trials"]),
        message: format!("{need} on this machine"),
        fix: format!(
            "set simulation.trials to {max} or fewer, or {}",
            memory::shard_hint(s.trials, max)
        ),
        place: None,
    }];
    list.extend(loaded.warnings);
    Err(Problems {
        file: label.to_string(),
        list,
    })
}

/// [`load`] of a changed text of a loaded scenario (a sweep's point), with
/// the same folder and the account book already read.
pub fn reload(prior: &Loaded, src: &str, label: &str) -> Result<Loaded, Problems> {
    fits(scenario::reload(prior, src, label, &typical)?, label)
}

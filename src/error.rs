//! The one error type of the library.
//!
//! Every kind says what went wrong in the words the user reads, and names
//! the flag, key or file at fault. The kinds fall in two classes that the
//! command line maps to its exit codes: the user's input (an invalid
//! scenario, a wrong flag value, a run refused for lack of memory) and a
//! failure of the tool or the machine (a file that cannot be written, a
//! chart that cannot be drawn, worker threads that cannot start).
//!
//! This module sits just above `scenario` (an invalid scenario carries its
//! [`Problems`]) and below everything that runs a scenario, so every layer
//! from `sim` up returns it.

use crate::scenario::Problems;
use std::path::PathBuf;

/// Everything that can go wrong in keysplit.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The scenario breaks the rules of the file: every problem, with its key
    /// path, line and fix (`problems` also holds the warnings, which the
    /// message leaves out).
    #[error("{}{problems}", at.as_ref().map(|a| format!("at {a}:\n")).unwrap_or_default())]
    InvalidScenario {
        /// The errors and warnings found.
        problems: Problems,
        /// Where the scenario came from when it is not the file itself,
        /// e.g. "the sweep point roles.inside.base_salary = 50000".
        at: Option<String>,
    },

    /// A request that cannot be carried out as given: an unknown split, an
    /// empty range, a value out of bounds. The message names the flag or
    /// key and what would work.
    #[error("{0}")]
    Usage(String),

    /// The run would not fit in memory; the message gives the estimate and
    /// the largest trial count that fits.
    #[error("{0}")]
    Memory(String),

    /// An output folder keysplit will not write, found before any work
    /// starts: a folder it did not write (replacing it would delete the
    /// user's files), a regular file, the current folder, or a place it
    /// cannot write.
    #[error("cannot write the results to {}: {problem}\n  fix: {fix}", path.display())]
    OutputFolder {
        /// The folder as given.
        path: PathBuf,
        /// Why not.
        problem: String,
        /// What would work.
        fix: String,
    },

    /// A per-trial metric that is not a finite number: the inputs are so
    /// large that the sums overflowed. The message names the trial and the
    /// inputs with the largest values.
    #[error("{0}")]
    Overflow(String),

    /// The process received an interrupt (SIGINT, SIGTERM or SIGHUP) and
    /// abandoned its work; nothing was written.
    #[error("interrupted (signal {signal}): nothing was written")]
    Interrupted {
        /// The signal's number.
        signal: i32,
    },

    /// A file or folder that cannot be read, created or written.
    #[error("{action} {}", path.display())]
    Io {
        /// What was being done, e.g. "cannot write".
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },

    /// Writing a command's outputs failed; `source` says how.
    #[error("writing the {what} to {}", out.display())]
    Write {
        /// What was being written, e.g. "results" or "sweep".
        what: &'static str,
        /// The output folder.
        out: PathBuf,
        /// The failure.
        #[source]
        source: Box<Error>,
    },

    /// A chart, a PNG or a CSV table that could not be produced.
    #[error("{0}")]
    Render(String),

    /// The worker threads could not be started.
    #[error("cannot start worker threads: {0}")]
    Threads(String),
}

impl Error {
    /// A function that turns an I/O error while doing `action` on `path`
    /// into [`Error::Io`], for `map_err`.
    pub fn io(
        action: &'static str,
        path: &std::path::Path,
    ) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.to_path_buf();
        move |source| Error::Io {
            action,
            path,
            source,
        }
    }

    /// An invalid scenario read from its own file.
    pub fn invalid(problems: Problems) -> Error {
        Error::InvalidScenario { problems, at: None }
    }
}

impl From<Problems> for Error {
    fn from(problems: Problems) -> Error {
        Error::invalid(problems)
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

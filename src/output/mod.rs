//! The outputs: one format per file (summary JSON and CSV, the outputs of
//! sweep, size and sensitivity, the terminal tables, the report), the
//! sentences that describe results, and the atomic writing of an output
//! folder. Charts arrive here already drawn ([`Figure`]).

pub mod csv;
pub mod decision;
pub mod json;
pub mod pdf;
pub mod precision;
pub mod report;
pub mod sensitivity;
pub mod size;
pub mod sweep;
pub mod table;
pub mod trials;
pub mod validate;
pub mod xlsx;

use crate::error::{Error, Result};

mod figure;
mod folder;

pub use figure::{Figure, write_figures};
pub use folder::{MARKER, OutputFolder, abandon, write_atomically, write_file, write_stream};

/// A CSV table written into memory by `fill`.
pub fn csv_table(
    fill: impl FnOnce(&mut ::csv::Writer<Vec<u8>>) -> ::csv::Result<()>,
) -> Result<Vec<u8>> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    fill(&mut w).map_err(|e| Error::Render(format!("a CSV table: {e}")))?;
    w.into_inner()
        .map_err(|e| Error::Render(format!("a CSV table: {e}")))
}

/// A text cell for a CSV file, neutralised against formula injection
/// (OWASP, "CSV Injection"): a cell that starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return gets a leading `'`, so a spreadsheet shows it
/// as text instead of running it (`=HYPERLINK(...)`, `+cmd|...`); control
/// characters become U+FFFD. Every text cell of every CSV file keysplit
/// writes goes through here (names, key paths, labels); numbers do not
/// (they come from [`csv_num`], and a negative number is not a formula).
pub fn csv_text(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let clean = crate::core::format::one_line(s);
    if risky {
        format!("'{clean}")
    } else {
        clean.into_owned()
    }
}

/// A number for a CSV cell: empty when undefined (null in the JSON).
pub fn csv_num(x: Option<f64>) -> String {
    x.filter(|v| v.is_finite())
        .map(|v| v.to_string())
        .unwrap_or_default()
}

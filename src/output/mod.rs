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

/// A number for a CSV cell: empty when undefined (null in the JSON). The
/// shortest text that reads back as the same number: plain decimals, or,
/// below 1e-6 and from 1e21 in size (a p-value of 1e-90), scientific
/// notation (`1.5e-90`, as JSON writes it and every CSV reader parses),
/// never a hundred digits.
pub fn csv_num(x: Option<f64>) -> String {
    x.filter(|v| v.is_finite())
        .map(|v| {
            if v != 0.0 && !(1e-6..1e21).contains(&v.abs()) {
                format!("{v:e}")
            } else {
                v.to_string()
            }
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::csv_num;

    #[test]
    fn csv_numbers_read_back_exactly_and_stay_short() {
        for x in [
            0.0,
            -0.0,
            1.0,
            0.1,
            -2.5,
            123_456.789,
            1e-6,
            9.99e20,
            1.48e-89,
            -3e-7,
            2e21,
            1e300,
        ] {
            let s = csv_num(Some(x));
            assert_eq!(s.parse::<f64>().unwrap(), x, "{s}");
            assert!(s.len() <= 25, "{s}");
        }
        // The everyday range is written as before, in plain decimals.
        assert_eq!(csv_num(Some(0.05)), "0.05");
        assert_eq!(csv_num(Some(19_142_291.976)), "19142291.976");
        assert_eq!(csv_num(Some(1.48e-89)), "1.48e-89");
        assert_eq!(csv_num(None), "");
        assert_eq!(csv_num(Some(f64::NAN)), "");
    }
}

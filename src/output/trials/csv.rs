//! `trials.csv`: the per-trial table as CSV. Floats are written in Rust's
//! shortest round-trip form (`Display` for `f64`), so parsing a cell gives
//! back the very f64 the run computed; an undefined value is an empty cell.

use super::{LabelValue, Table, label_values};
use std::fmt::Write as _;
use std::io::Write;

/// Writes the table as CSV to `w`, row by row.
pub(super) fn write(t: &Table<'_>, w: impl Write) -> Result<(), String> {
    let mut w = ::csv::Writer::from_writer(std::io::BufWriter::new(w));
    let e = |e: ::csv::Error| e.to_string();
    w.write_record(t.columns().iter().map(|c| c.name.as_str()))
        .map_err(e)?;
    let (mut scratch, mut inputs, mut cell) = (Vec::new(), Vec::new(), String::new());
    let mut field = |w: &mut ::csv::Writer<_>, x: std::fmt::Arguments<'_>| {
        cell.clear();
        let _ = cell.write_fmt(x);
        w.write_field(&cell)
    };
    for (p, pt) in t.points().iter().enumerate() {
        let label = label_values(p, pt.label);
        let r = pt.result;
        for trial in 0..r.trials {
            t.inputs(p, trial, &mut scratch, &mut inputs);
            for (k, sp) in r.splits.iter().enumerate() {
                for v in &label {
                    match *v {
                        LabelValue::U32(x) => field(&mut w, format_args!("{x}")),
                        LabelValue::F64(x) => field(&mut w, format_args!("{x}")),
                    }
                    .map_err(e)?;
                }
                field(&mut w, format_args!("{trial}")).map_err(e)?;
                w.write_field(&sp.name).map_err(e)?;
                for &x in r.trial(trial, k).iter().chain(&inputs) {
                    if x.is_finite() {
                        field(&mut w, format_args!("{x}")).map_err(e)?;
                    } else {
                        w.write_field("").map_err(e)?;
                    }
                }
                w.write_record(None::<&[u8]>).map_err(e)?;
            }
        }
    }
    w.flush().map_err(|e| e.to_string())
}

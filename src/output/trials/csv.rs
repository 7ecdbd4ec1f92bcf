//! `trials.csv`: the per-trial table as CSV. Floats are written in Rust's
//! shortest round-trip form (`Display` for `f64`, as `csv_num` writes
//! them), so parsing a cell gives back the very f64 the run computed; an
//! undefined value is an empty cell; text cells go through `csv_text`.

use super::{LabelValue, Table, label_values};
use crate::output::csv_text;
use std::fmt::Write as _;
use std::io::Write;

/// Writes the table as CSV to `w`, row by row.
pub(super) fn write(t: &Table<'_>, w: impl Write) -> Result<(), String> {
    let mut w = ::csv::Writer::from_writer(std::io::BufWriter::new(w));
    let e = |e: ::csv::Error| e.to_string();
    // Text cells are neutralised like every CSV keysplit writes.
    w.write_record(t.columns().iter().map(|c| csv_text(&c.name)))
        .map_err(e)?;
    let (mut inputs, mut cell) = (Vec::new(), String::new());
    let mut field = |w: &mut ::csv::Writer<_>, x: std::fmt::Arguments<'_>| {
        cell.clear();
        let _ = cell.write_fmt(x);
        w.write_field(&cell)
    };
    for (p, pt) in t.points().iter().enumerate() {
        let label = label_values(p, pt.label);
        let r = pt.result;
        let names: Vec<String> = r.splits.iter().map(|sp| csv_text(&sp.name)).collect();
        for trial in 0..r.trials {
            t.inputs(p, trial, &mut inputs);
            for (k, name) in names.iter().enumerate() {
                for v in &label {
                    match *v {
                        LabelValue::U32(x) => field(&mut w, format_args!("{x}")),
                        LabelValue::F64(x) => field(&mut w, format_args!("{x}")),
                    }
                    .map_err(e)?;
                }
                field(&mut w, format_args!("{trial}")).map_err(e)?;
                w.write_field(name).map_err(e)?;
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

//! `trials.parquet`: the per-trial table as Parquet, written with the
//! `parquet` crate's column writer (no Arrow). Types: `point`, `outside`,
//! `inside` unsigned 32-bit, `trial` unsigned 64-bit, `split` UTF-8 text,
//! `value` a double, every metric and input an optional double (null where
//! undefined). Uncompressed: per-trial doubles barely compress, and
//! leaving the codecs out keeps the build small.

use super::{LabelValue, Table, Type, label_values};
use parquet::basic::{ConvertedType, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type as Schema;
use std::io::Write;
use std::sync::Arc;

/// About this many rows go into one row group (whole trials of one point).
const ROWS_PER_GROUP: usize = 1 << 16;

/// The Parquet schema of the table's columns.
fn schema(t: &Table<'_>) -> parquet::errors::Result<Schema> {
    let fields = t
        .columns()
        .iter()
        .map(|c| {
            let b = |p: Physical| Schema::primitive_type_builder(&c.name, p);
            let unsigned = |bits: i8, ct: ConvertedType, p: Physical| {
                b(p).with_repetition(Repetition::REQUIRED)
                    .with_logical_type(Some(LogicalType::integer(bits, false)))
                    .with_converted_type(ct)
            };
            let f = match c.ty {
                Type::U32 => unsigned(32, ConvertedType::UINT_32, Physical::INT32),
                Type::U64 => unsigned(64, ConvertedType::UINT_64, Physical::INT64),
                Type::Text => b(Physical::BYTE_ARRAY)
                    .with_repetition(Repetition::REQUIRED)
                    .with_logical_type(Some(LogicalType::String))
                    .with_converted_type(ConvertedType::UTF8),
                Type::F64 => b(Physical::DOUBLE).with_repetition(Repetition::REQUIRED),
                Type::F64OrNull => b(Physical::DOUBLE).with_repetition(Repetition::OPTIONAL),
            };
            f.build().map(Arc::new)
        })
        .collect::<parquet::errors::Result<Vec<_>>>()?;
    Schema::group_type_builder("keysplit_trials")
        .with_fields(fields)
        .build()
}

/// One row group's values, column by column.
enum Values {
    I32(Vec<i32>),
    I64(Vec<i64>),
    Text(Vec<ByteArray>),
    F64(Vec<f64>),
    /// Defined values and one definition level per row (1 defined, 0 null).
    F64OrNull(Vec<f64>, Vec<i16>),
}

/// Writes the table as Parquet to `w`, a row group of whole trials at a time.
pub(super) fn write(t: &Table<'_>, w: impl Write + Send) -> Result<(), String> {
    let e = |e: parquet::errors::ParquetError| e.to_string();
    let props = WriterProperties::builder()
        .set_created_by(format!("keysplit {}", env!("CARGO_PKG_VERSION")))
        .build();
    let mut file = SerializedFileWriter::new(w, Arc::new(schema(t).map_err(e)?), Arc::new(props))
        .map_err(e)?;
    let mut inputs = Vec::new();
    for (p, pt) in t.points().iter().enumerate() {
        let r = pt.result;
        let splits = r.splits.len().max(1);
        let per_group = (ROWS_PER_GROUP / splits).max(1) as u64;
        let label = label_values(p, pt.label);
        let mut first = 0;
        while first < r.trials {
            let last = (first + per_group).min(r.trials);
            let rows = (last - first) as usize * splits;
            let n_metrics = r.trial(first, 0).len();
            // Per trial of the group: its drawn inputs, one row of the matrix.
            let mut drawn = Vec::with_capacity((last - first) as usize * t.n_inputs());
            for trial in first..last {
                t.inputs(p, trial, &mut inputs);
                drawn.extend_from_slice(&inputs);
            }
            let optional = |x: &mut dyn FnMut(u64, usize) -> f64| {
                let (mut vals, mut defs) = (Vec::with_capacity(rows), Vec::with_capacity(rows));
                for trial in first..last {
                    for k in 0..splits {
                        let v = x(trial, k);
                        defs.push(i16::from(v.is_finite()));
                        if v.is_finite() {
                            vals.push(v);
                        }
                    }
                }
                Values::F64OrNull(vals, defs)
            };
            let mut columns: Vec<Values> = Vec::new();
            for v in &label {
                columns.push(match *v {
                    LabelValue::U32(x) => Values::I32(vec![x as i32; rows]),
                    LabelValue::F64(x) => Values::F64(vec![x; rows]),
                });
            }
            columns.push(Values::I64(
                (first..last)
                    .flat_map(|trial| std::iter::repeat_n(trial as i64, splits))
                    .collect(),
            ));
            columns.push(Values::Text(
                (first..last)
                    .flat_map(|_| r.splits.iter().map(|s| ByteArray::from(s.name.as_str())))
                    .collect(),
            ));
            for m in 0..n_metrics {
                columns.push(optional(&mut |trial, k| r.trial(trial, k)[m]));
            }
            let n_inputs = t.n_inputs();
            for j in 0..n_inputs {
                columns.push(optional(&mut |trial, _| {
                    drawn[(trial - first) as usize * n_inputs + j]
                }));
            }
            let mut group = file.next_row_group().map_err(e)?;
            let mut values = columns.into_iter();
            while let Some(mut col) = group.next_column().map_err(e)? {
                let written = match values.next() {
                    Some(Values::I32(v)) => col.typed::<Int32Type>().write_batch(&v, None, None),
                    Some(Values::I64(v)) => col.typed::<Int64Type>().write_batch(&v, None, None),
                    Some(Values::Text(v)) => {
                        col.typed::<ByteArrayType>().write_batch(&v, None, None)
                    }
                    Some(Values::F64(v)) => col.typed::<DoubleType>().write_batch(&v, None, None),
                    Some(Values::F64OrNull(v, d)) => {
                        col.typed::<DoubleType>().write_batch(&v, Some(&d), None)
                    }
                    None => return Err("more Parquet columns than values".into()),
                };
                written.map_err(e)?;
                col.close().map_err(e)?;
            }
            group.close().map_err(e)?;
            first = last;
        }
    }
    file.close().map_err(e)?;
    Ok(())
}

//! Per-trial data (`trials.csv`, `trials.parquet`): every metric of every
//! split in every trial, with the drawn value of every uncertain input, for
//! analysis outside keysplit (a spreadsheet, pandas, polars) and for
//! joining the trial ranges of several machines.
//!
//! The schema (docs/outputs.md) is one row per (point, trial, split), rows
//! ordered by point, then trial, then split, so that files holding
//! contiguous trial ranges concatenate. Columns:
//!
//! * the point: none for `run`; `point` (u32, its index) and the swept
//!   `value` (f64) for `sweep`; `point`, `outside` and `inside` (u32, the
//!   team) for `size`;
//! * `trial` (u64, the engine's trial index from 0) and `split` (text);
//! * every metric, in the library's metric order
//!   ([`crate::core::metrics::Metric::ALL`]), f64,
//!   empty / null where undefined in that trial;
//! * every uncertain per-trial input, by its key path as written in the
//!   scenario, in the scenario's parameter order, f64.
//!
//! The inputs are not stored during the run: a trial's inputs are a pure
//! function of (scenario, seed, trial, design row), so they are drawn again
//! while the rows are written ([`World::param_values`]), and memory
//! stays with trials x metrics.

mod csv;
mod parquet;

use crate::core::metrics::METRICS;
use crate::error::{Error, Result};
use crate::scenario::Scenario;
use crate::sim::{RunResult, World};
use std::path::Path;

/// The format of the per-trial file (`--per-trial csv|parquet`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `trials.csv`: floats in Rust's shortest round-trip form, so that
    /// reading them back gives every f64 bit for bit.
    Csv,
    /// `trials.parquet`: typed columns (u32, u64, text, f64 with nulls).
    Parquet,
}

impl Format {
    /// The file's name in the output folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Csv => "trials.csv",
            Format::Parquet => "trials.parquet",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Format, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "parquet" => Ok(Format::Parquet),
            _ => Err(format!(
                "unknown per-trial format {s:?}: use csv or parquet"
            )),
        }
    }
}

/// What identifies the point a run belongs to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Label {
    /// A plain run: no point columns.
    Run,
    /// A sweep point: the swept input's value.
    Sweep(f64),
    /// A team of a sizing grid: field and inside reps.
    Size {
        /// Field reps.
        outside: u32,
        /// Inside reps.
        inside: u32,
    },
}

/// One run behind the rows: its label, its scenario and its result.
#[derive(Clone, Copy, Debug)]
pub struct Point<'a> {
    /// The point's label columns.
    pub label: Label,
    /// The scenario as run (its parameters give the inputs).
    pub scenario: &'a Scenario,
    /// The run's per-trial metrics and design.
    pub result: &'a RunResult,
}

/// The type of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    /// An unsigned 32-bit integer.
    U32,
    /// An unsigned 64-bit integer.
    U64,
    /// Text.
    Text,
    /// A 64-bit float, never missing.
    F64,
    /// A 64-bit float, missing where undefined.
    F64OrNull,
}

/// A column of the per-trial table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// Its header.
    pub name: String,
    /// Its type.
    pub ty: Type,
}

/// The per-trial table of a command: its points, in order, and its input
/// columns.
pub struct Table<'a> {
    points: Vec<Point<'a>>,
    /// The input columns' key paths.
    inputs: Vec<String>,
    /// Per point, per input column: the parameter's index in that point's
    /// scenario (`None` where the point has no such parameter).
    params: Vec<Vec<Option<usize>>>,
}

impl<'a> Table<'a> {
    /// The table of `points` (all of one kind of label). The input columns
    /// are the uncertain parameters of the points, in parameter order
    /// (the first point's, then any another point adds).
    pub fn new(points: Vec<Point<'a>>) -> Table<'a> {
        let mut inputs: Vec<String> = Vec::new();
        for p in &points {
            for d in p.scenario.uncertain_params() {
                if !inputs.contains(&d.path) {
                    inputs.push(d.path.clone());
                }
            }
        }
        let params = points
            .iter()
            .map(|p| {
                inputs
                    .iter()
                    .map(|path| p.scenario.params.iter().position(|d| &d.path == path))
                    .collect()
            })
            .collect();
        Table {
            points,
            inputs,
            params,
        }
    }

    /// The columns, in order.
    pub fn columns(&self) -> Vec<Column> {
        let col = |name: &str, ty: Type| Column {
            name: name.to_string(),
            ty,
        };
        let mut cols = match self.points.first().map(|p| p.label) {
            None | Some(Label::Run) => vec![],
            Some(Label::Sweep(_)) => vec![col("point", Type::U32), col("value", Type::F64)],
            Some(Label::Size { .. }) => vec![
                col("point", Type::U32),
                col("outside", Type::U32),
                col("inside", Type::U32),
            ],
        };
        cols.push(col("trial", Type::U64));
        cols.push(col("split", Type::Text));
        cols.extend(METRICS.iter().map(|m| col(m.name, Type::F64OrNull)));
        cols.extend(self.inputs.iter().map(|p| col(p, Type::F64OrNull)));
        cols
    }

    /// The points, in row order.
    pub fn points(&self) -> &[Point<'a>] {
        &self.points
    }

    /// The number of input columns.
    pub fn n_inputs(&self) -> usize {
        self.inputs.len()
    }

    /// The drawn inputs of trial `t` of point `p` into `out`: one per input
    /// column, NaN where the point has no such parameter.
    pub fn inputs(&self, p: usize, t: u64, out: &mut Vec<f64>) {
        let pt = &self.points[p];
        let drawn = World::param_values(pt.scenario, t, pt.result.design_row(t));
        out.clear();
        out.extend(self.params[p].iter().map(|i| match i {
            Some(i) => drawn[*i],
            None => f64::NAN,
        }));
    }
}

/// The point columns' values of a label, as numbers, in column order.
fn label_values(point: usize, label: Label) -> Vec<LabelValue> {
    let point = LabelValue::U32(point as u32);
    match label {
        Label::Run => vec![],
        Label::Sweep(v) => vec![point, LabelValue::F64(v)],
        Label::Size { outside, inside } => {
            vec![point, LabelValue::U32(outside), LabelValue::U32(inside)]
        }
    }
}

/// A value of a point column.
#[derive(Clone, Copy, Debug)]
enum LabelValue {
    U32(u32),
    F64(f64),
}

/// Writes the per-trial table into `dir` as [`Format::file_name`],
/// streaming it (the rows are never held in memory whole).
pub fn write(dir: &Path, table: &Table<'_>, format: Format) -> Result<()> {
    let what = format.file_name();
    super::write_stream(dir, what, |w| {
        match format {
            Format::Csv => csv::write(table, w),
            Format::Parquet => parquet::write(table, w),
        }
        .map_err(|e| Error::Render(format!("{what}: {e}")))
    })
}

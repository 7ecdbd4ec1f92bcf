//! `summary.xlsx`: the run as an Excel workbook for finance, written on
//! every run with `rust_xlsxwriter`. Every value is a number with a number
//! format (currency, percent), never text; a share of trials on the
//! Comparison sheet is shown in the terminal table's words ("<1%", "equal
//! in every trial") through its number format:
//!
//! * **Comparison**: laid out like the terminal table, one row per metric
//!   of [`super::table::ROWS`], and per split its mean and P10-P90 and, for
//!   splits other than the baseline, the paired difference with its 95%
//!   interval and P(better); the two header rows and the metric column are
//!   frozen.
//! * **Metrics**: every split and metric in long form, the columns of
//!   `summary.csv`.
//! * **Inputs**: every input of the scenario with its distribution, how
//!   often it is drawn, and its P10, P50 and P90.
//! * **Charts**: the run's charts (when it drew them), one under another.

use super::Figure;
use super::csv::HEADER;
use crate::core::dist::Dist;
use crate::core::format;
use crate::core::metrics::{Metric, Unit};
use crate::core::stats::Delta;
use crate::error::{Error, Result};
use crate::scenario::Scenario;
use crate::sim::engine::RunResult;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Image, Workbook, Worksheet,
    XlsxError,
};

/// The number format of a metric's values, and of its differences.
fn formats(unit: Unit) -> (&'static str, &'static str) {
    match unit {
        Unit::Money => ("$#,##0;-$#,##0", "+$#,##0;-$#,##0;$0"),
        Unit::Ratio => ("0.0%", "+0.0%;-0.0%;0.0%"),
        Unit::Hours => ("#,##0", "+#,##0;-#,##0;0"),
        Unit::Count => ("#,##0.0", "+#,##0.0;-#,##0.0;0.0"),
    }
}

fn number(fmt: &str) -> Format {
    Format::new().set_num_format(fmt)
}

fn header() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border_bottom(FormatBorder::Thin)
        .set_background_color(0xEEF1F5)
}

/// A number format that shows `words` whatever the number: a share on the
/// Comparison sheet reads as the terminal table and the report print it
/// ("<1%", ">99%", "equal in every trial") and the cell still holds the
/// number for formulas. A plain "0%" would show 0.004 as "0%", and a tie
/// as "0%", which reads as "always worse".
fn shown_as(words: &str) -> Format {
    // A literal in a number format is quoted; a quote inside it cannot be.
    number(&format!("\"{}\"", words.replace('"', "'")))
}

/// A P(better) cell's format: [`format::p_better`]'s words.
fn p_better(d: &Delta) -> Format {
    shown_as(&format::p_better(d).unwrap_or_else(String::from))
}

/// Writes a number, or leaves the cell empty when it is undefined.
fn put(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    x: Option<f64>,
    f: &Format,
) -> Result<(), XlsxError> {
    match x.filter(|v| v.is_finite()) {
        Some(v) => ws.write_number_with_format(row, col, v, f).map(|_| ()),
        None => ws.write_blank(row, col, f).map(|_| ()),
    }
}

/// The Comparison sheet.
fn comparison(ws: &mut Worksheet, r: &RunResult, trials: u64) -> Result<(), XlsxError> {
    ws.set_name("Comparison")?;
    let head = header();
    ws.write_string_with_format(0, 0, "Metric", &head)?;
    ws.write_string_with_format(1, 0, "", &head)?;
    let mut col: u16 = 1;
    // Column groups: the baseline has mean and P10-P90, the others also
    // the paired difference.
    let mut groups = Vec::new();
    for sp in &r.splits {
        let subs: &[&str] = if sp.baseline {
            &["Mean", "P10", "P90"]
        } else {
            &[
                "Mean",
                "P10",
                "P90",
                "Δ mean",
                "Δ 95% low",
                "Δ 95% high",
                "P(better)",
            ]
        };
        let last = col + subs.len() as u16 - 1;
        let title = if sp.baseline {
            format!("{} (baseline)", sp.name)
        } else {
            sp.name.clone()
        };
        ws.merge_range(0, col, 0, last, &title, &head)?;
        for (i, s) in subs.iter().enumerate() {
            ws.write_string_with_format(1, col + i as u16, *s, &head)?;
            ws.set_column_width(col + i as u16, if i < 3 { 12 } else { 13 })?;
        }
        groups.push(col);
        col = last + 1;
    }
    ws.set_row_height(0, 30)?;
    let label = Format::new().set_bold();
    let pct = number("0%");
    // The terminal table's rows and labels: the decision metric first
    // (docs/model.md, "The decision metric").
    let rows = super::decision::rows(r.decision.metric);
    // The payback row leads with the share of trials that pay back (a row
    // of its own), then the median month among them in whole months (the
    // terminal table's, `decision::payback`), never their mean.
    let mut row = 2;
    for m in &rows {
        let def = m.def();
        let (value, delta) = formats(def.unit);
        let (value, delta) = (number(value), number(delta));
        let payback = *m == Metric::PaybackMonth;
        if payback {
            ws.write_string_with_format(row, 0, "Share of trials that pay back", &label)?;
            for (sp, &c) in r.splits.iter().zip(&groups) {
                match sp.p_payback {
                    Some(p) => put(ws, row, c, Some(p), &shown_as(&format::share_of_trials(p)))?,
                    None => put(ws, row, c, None, &pct)?,
                }
            }
            row += 1;
        }
        let name = if payback {
            "Payback month (median; P10, P90) of the trials that pay back".to_string()
        } else {
            super::decision::label(*m, r.decision.metric)
        };
        ws.write_string_with_format(row, 0, &name, &label)?;
        for (sp, &c) in r.splits.iter().zip(&groups) {
            let s = sp.metrics[*m].as_ref();
            if payback {
                let whole = number("0");
                put(ws, row, c, s.map(|s| s.p50.round()), &whole)?;
                put(ws, row, c + 1, s.map(|s| s.p10.round()), &whole)?;
                put(ws, row, c + 2, s.map(|s| s.p90.round()), &whole)?;
                continue;
            }
            // As the terminal table writes them: a count that is whole in
            // every cell without decimals, and a difference of two shares
            // in percentage points ("-2.2 pt", never "-2.2%", which reads
            // as a relative change).
            let whole = |xs: &[Option<f64>]| {
                def.unit == Unit::Count && xs.iter().flatten().all(|x| x.fract() == 0.0)
            };
            let values = s.map_or([None; 3], |s| [Some(s.mean), Some(s.p10), Some(s.p90)]);
            let value = if whole(&values) {
                number("#,##0")
            } else {
                value.clone()
            };
            for (i, x) in values.into_iter().enumerate() {
                put(ws, row, c + i as u16, x, &value)?;
            }
            if !sp.baseline {
                let d = sp.deltas[*m].as_ref();
                let diffs = d.map_or([None; 3], |d| [Some(d.mean), d.ci95_low, d.ci95_high]);
                let (scale, delta) = if def.unit == Unit::Ratio {
                    (100.0, number("+0.0\" pt\";-0.0\" pt\";0.0\" pt\""))
                } else if whole(&diffs) {
                    (1.0, number("+#,##0;-#,##0;0"))
                } else {
                    (1.0, delta.clone())
                };
                for (i, x) in diffs.into_iter().enumerate() {
                    put(ws, row, c + 3 + i as u16, x.map(|x| x * scale), &delta)?;
                }
                match d {
                    Some(d) => put(ws, row, c + 6, Some(d.p_better), &p_better(d))?,
                    None => put(ws, row, c + 6, None, &pct)?,
                }
            }
        }
        row += 1;
    }
    let note = row + 1;
    ws.write_string(
        note,
        0,
        format!(
            "Means over {trials} trials; P10 and P90 bound 80% of simulated worlds; Δ = mean paired difference vs the baseline with its 95% interval; P(better) = share of trials where the split beats the baseline."
        ),
    )?;
    for (j, n) in super::decision::notes(r).iter().enumerate() {
        ws.write_string(note + 1 + j as u32, 0, n)?;
    }
    ws.set_column_width(0, 34)?;
    ws.set_freeze_panes(2, 1)?;
    Ok(())
}

/// The Metrics sheet: `summary.csv` as numbers.
fn metrics(ws: &mut Worksheet, r: &RunResult) -> Result<(), XlsxError> {
    ws.set_name("Metrics")?;
    let head = header();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
    }
    let (pct, int) = (number("0.0%"), number("0"));
    let mut row = 1;
    for sp in &r.splits {
        for m in Metric::ALL {
            let def = m.def();
            let (value, delta) = formats(def.unit);
            let (value, delta) = (number(value), number(delta));
            let s = sp.metrics[m].as_ref();
            let d = sp.deltas[m].as_ref();
            ws.write_string(row, 0, &sp.name)?;
            ws.write_string(row, 1, def.name)?;
            let stats = [
                s.map(|s| s.mean),
                s.and_then(|s| s.sd),
                s.and_then(|s| s.se),
                s.map(|s| s.p5),
                s.map(|s| s.p10),
                s.map(|s| s.p50),
                s.map(|s| s.p90),
                s.map(|s| s.p95),
            ];
            for (i, x) in stats.into_iter().enumerate() {
                put(ws, row, 2 + i as u16, x, &value)?;
            }
            ws.write_number_with_format(row, 10, s.map_or(0, |s| s.n) as f64, &int)?;
            put(ws, row, 11, d.map(|d| d.mean), &delta)?;
            put(ws, row, 12, d.and_then(|d| d.ci95_low), &delta)?;
            put(ws, row, 13, d.and_then(|d| d.ci95_high), &delta)?;
            put(ws, row, 14, d.map(|d| d.p_better), &pct)?;
            put(ws, row, 15, d.map(|d| d.p_worse), &pct)?;
            ws.write_number_with_format(row, 16, d.map_or(0, |d| d.n) as f64, &int)?;
            put(ws, row, 17, super::csv::p_payback(sp, m), &pct)?;
            row += 1;
        }
    }
    ws.autofit();
    ws.set_freeze_panes(1, 2)?;
    Ok(())
}

/// Every input of the scenario: (key path, distribution, how often drawn).
fn inputs(s: &Scenario) -> Vec<(String, &Dist, &'static str)> {
    let mut out: Vec<(String, &Dist, &'static str)> = s
        .params
        .iter()
        .map(|d| {
            let when = if d.dist.is_const() {
                "constant"
            } else {
                "per trial"
            };
            (d.path.clone(), &d.dist, when)
        })
        .collect();
    for m in &s.motions {
        let path = format!(
            "motions.{}.upsell_size",
            crate::scenario::problems::seg(&m.name)
        );
        out.push((path, &m.upsell_size, "per won deal"));
    }
    for p in &s.products {
        let path = format!("products.{:?}.cross_sell_size", p.name);
        out.push((path, &p.cross_sell_size, "per won deal"));
    }
    for t in &s.tiers {
        for (p, d) in s.products.iter().zip(&t.spend) {
            if let Some(d) = d {
                let path = format!("tiers.{:?}.spend.{:?}", t.name, p.name);
                out.push((path, d, "per account and trial"));
            }
        }
    }
    if let Some(b) = &s.book {
        let when = "per account, product and trial";
        out.push(("book.spend_uncertainty".into(), &b.spend_uncertainty, when));
    }
    out
}

/// The Inputs sheet.
fn inputs_sheet(ws: &mut Worksheet, s: &Scenario) -> Result<(), XlsxError> {
    ws.set_name("Inputs")?;
    let head = header();
    for (c, h) in ["Input", "Distribution", "Drawn", "P10", "P50", "P90"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
    }
    let num = number("#,##0.####");
    for (i, (path, d, when)) in inputs(s).into_iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string(row, 0, &path)?;
        ws.write_string(row, 1, d.to_string())?;
        ws.write_string(row, 2, when)?;
        for (c, q) in [0.1, 0.5, 0.9].into_iter().enumerate() {
            put(ws, row, 3 + c as u16, Some(d.inverse_cdf(q)), &num)?;
        }
    }
    ws.autofit();
    ws.set_freeze_panes(1, 1)?;
    Ok(())
}

/// The Charts sheet: each chart under its heading, at half its pixel size.
fn charts_sheet(ws: &mut Worksheet, figures: &[Figure]) -> Result<(), XlsxError> {
    ws.set_name("Charts")?;
    let bold = Format::new().set_bold().set_font_size(13);
    // Rows of the default height (20 px) a chart drawn at half size takes.
    let mut row = 0;
    for f in figures {
        ws.write_string_with_format(row, 0, &f.heading, &bold)?;
        let image = Image::new_from_buffer(&f.png)?
            .set_scale_width(0.5)
            .set_scale_height(0.5)
            .set_alt_text(&f.title);
        ws.insert_image(row + 1, 0, &image)?;
        row += 3 + (f.height / 2).div_ceil(20);
    }
    Ok(())
}

/// The workbook's bytes. The creation date is fixed so that the same run
/// gives the same bytes (the file holds no wall time, like the others).
pub fn workbook(s: &Scenario, r: &RunResult, figures: &[Figure]) -> Result<Vec<u8>> {
    let build = || -> Result<Vec<u8>, XlsxError> {
        let mut wb = Workbook::new();
        let props = DocProperties::new()
            .set_title(&s.name)
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?);
        wb.set_properties(&props);
        comparison(wb.add_worksheet(), r, r.trials)?;
        metrics(wb.add_worksheet(), r)?;
        inputs_sheet(wb.add_worksheet(), s)?;
        if !figures.is_empty() {
            charts_sheet(wb.add_worksheet(), figures)?;
        }
        wb.save_to_buffer()
    };
    build().map_err(|e| Error::Render(format!("summary.xlsx: {e}")))
}

//! Charts of `keysplit sensitivity`: the tornado (mean difference with each
//! input held at its P10 and its P90), the rank correlations of the inputs
//! with the per-trial difference, and the Sobol indices with their intervals.
//! One horizontal row per input, the input named in words on the left.

use super::*;
use crate::analysis::sensitivity::{Input, Sensitivity};
use crate::core::format;
use crate::core::metrics::Unit;
use crate::scenario::Scenario;
use crate::scenario::words::label;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// At most this many inputs are drawn (the CSV has them all).
pub const MAX_ROWS: usize = 14;

/// The three charts of a sensitivity analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The swing of the difference when each input is held at P10 and P90.
    Tornado,
    /// The rank correlation of each input with the difference.
    RankCorrelation,
    /// First-order and total Sobol indices.
    Sobol,
}

/// One chart of a sensitivity analysis.
pub struct SensitivityChart<'a> {
    a: &'a Sensitivity,
    kind: Kind,
    footer: String,
}

/// The charts to write: `tornado`, `rank-correlation` and (when computed) `sobol`.
pub fn charts<'a>(a: &'a Sensitivity, s: &Scenario) -> Vec<(String, SensitivityChart<'a>)> {
    let footer = footer_text(
        &a.scenario,
        &format!("{} trials per run", format::thousands(a.trials as f64)),
        a.seed,
        s.horizon_months,
    );
    let mut kinds = vec![
        ("tornado", Kind::Tornado),
        ("rank-correlation", Kind::RankCorrelation),
    ];
    if a.sobol_samples > 0 && a.inputs.iter().any(|i| i.first_order.is_some()) {
        kinds.push(("sobol", Kind::Sobol));
    }
    kinds
        .into_iter()
        .map(|(stem, kind)| {
            (
                stem.to_string(),
                SensitivityChart {
                    a,
                    kind,
                    footer: footer.clone(),
                },
            )
        })
        .collect()
}

fn amount(a: &Sensitivity, x: f64) -> String {
    match a.metric.def().unit {
        Unit::Money => format::money_signed(x),
        u => format::value(x, u),
    }
}

/// The metric as prose names it ("LTV", "cost of sales").
pub fn metric_word(a: &Sensitivity) -> String {
    crate::core::format::metric_noun(a.metric)
}

fn tick(a: &Sensitivity) -> fn(f64) -> String {
    match a.metric.def().unit {
        Unit::Money => tick_money,
        Unit::Ratio => tick_pct,
        _ => tick_count,
    }
}

/// The fill of a rank correlation's bar: the side it favours, or grey when
/// its interval cannot tell it from 0.
pub fn rank_color(i: &Input) -> RGBColor {
    match i.spearman {
        Some(r) if i.spearman_clear() => {
            if r >= 0.0 {
                PALETTE[0]
            } else {
                PALETTE[1]
            }
        }
        _ => NOISE,
    }
}

/// The shade of the Sobol chart below 0, where only noise can fall.
const NEGATIVE: RGBColor = RGBColor(0xF2, 0xF2, 0xF2);

/// Bars that show noise.
const NOISE: RGBColor = RGBColor(0xBD, 0xBD, 0xBD);

/// A Sobol index as its label says it: a share, or "<0" for an estimate
/// below 0 (noise; the JSON keeps the estimate).
fn share(x: f64) -> String {
    if x < 0.0 {
        "<0".into()
    } else {
        format!("{:.0}%", 100.0 * x)
    }
}

/// A text's horizontal extent: its left and right pixel.
pub type Span = (i32, i32);

/// The horizontal layout of a sensitivity chart: the inputs' names,
/// right-aligned at `names_right`, then the plot's scale, with room on
/// each side of it for the value labels, so that no value label reaches
/// an input's name (however long the names and large the values).
struct Layout {
    /// The names as drawn (shortened to at most 2/5 of the width).
    names: Vec<String>,
    /// Where the names end.
    names_right: i32,
    /// The plot's scale.
    scale: Scale,
}

/// A row's value labels: left of its bars, and right of them.
type Sides = (Option<String>, Option<String>);

/// Between an input's name and the nearest value label or bar.
const GAP: i32 = 16;
/// From a bar's or a whisker's end to its value label.
const PAD: i32 = 8;

impl SensitivityChart<'_> {
    /// The value labels of an input's row, before the scale is known: the
    /// one left of its bars (right-aligned there) and the one right of them.
    fn value_texts(&self, i: &Input) -> Sides {
        let a = self.a;
        match self.kind {
            Kind::Tornado => {
                let (l, r) = if i.at_p10 <= i.at_p90 {
                    (i.at_p10, i.at_p90)
                } else {
                    (i.at_p90, i.at_p10)
                };
                (Some(amount(a, l)), Some(amount(a, r)))
            }
            Kind::RankCorrelation => match i.spearman {
                Some(r) if r < 0.0 => (Some(format!("{r:+.2}")), None),
                Some(r) => (None, Some(format!("{r:+.2}"))),
                None => (None, Some("n/a".into())),
            },
            Kind::Sobol => match (i.first_order, i.total) {
                (Some(fo), Some(t)) => (
                    None,
                    Some(format!(
                        "first {} · total {}",
                        share(fo.value),
                        share(t.value)
                    )),
                ),
                _ => (None, None),
            },
        }
    }

    /// The value labels of an input's row on the scale: text, the x it is
    /// aligned at, and how.
    fn values(&self, i: &Input, sc: &Scale) -> Vec<(String, i32, HPos)> {
        let a = self.a;
        // The ends of what the row draws: its bars and whiskers.
        let (lo, hi) = match self.kind {
            Kind::Tornado => (
                sc.px(i.at_p10.min(i.at_p90).min(a.base_mean)),
                sc.px(i.at_p10.max(i.at_p90).max(a.base_mean)),
            ),
            Kind::RankCorrelation => match i.spearman {
                Some(rho) => {
                    let (l, h) = i.spearman_ci95.unwrap_or((rho, rho));
                    (sc.px(rho.min(l)), sc.px(rho.max(h)))
                }
                None => (sc.px(0.0), sc.px(0.0)),
            },
            Kind::Sobol => {
                let right = match (i.first_order, i.total) {
                    (Some(fo), Some(t)) => fo.ci95_high.max(t.ci95_high).max(t.value),
                    _ => 0.0,
                };
                (sc.px_clamped(0.0), sc.px_clamped(right))
            }
        };
        let (l, r) = self.value_texts(i);
        l.map(|s| (s, lo - PAD, HPos::Right))
            .into_iter()
            .chain(r.map(|s| (s, hi + PAD, HPos::Left)))
            .collect()
    }

    /// The range of values the plot shows.
    fn range(&self, rows: &[&Input]) -> (f64, f64) {
        let a = self.a;
        match self.kind {
            Kind::Tornado => {
                let mut lo = a.base_mean.min(0.0);
                let mut hi = a.base_mean.max(0.0);
                for i in rows {
                    for v in [i.at_p10, i.at_p90] {
                        if v.is_finite() {
                            lo = lo.min(v);
                            hi = hi.max(v);
                        }
                    }
                }
                (lo, hi)
            }
            Kind::RankCorrelation => (-1.0, 1.0),
            Kind::Sobol => {
                let mut lo: f64 = 0.0;
                let mut hi: f64 = 0.0;
                for i in rows {
                    for x in [i.first_order, i.total].into_iter().flatten() {
                        lo = lo.min(x.ci95_low);
                        hi = hi.max(x.ci95_high);
                    }
                }
                (lo.max(-0.5), hi.clamp(0.1, 1.5))
            }
        }
    }

    /// The names and the scale between `left` and `right`: the widest
    /// value label of each side is set aside beside the plot.
    fn layout(&self, rows: &[&Input], (left, right): (i32, i32)) -> Layout {
        let (lt, nt) = (Txt::new(TICK), Txt::new(NOTE));
        let full: Vec<String> = rows.iter().map(|i| self.label(i)).collect();
        let names_w = full
            .iter()
            .map(|l| lt.width(l))
            .max()
            .unwrap_or(0)
            .min((right - left) * 2 / 5);
        let names = full.iter().map(|l| fit(l, lt, names_w)).collect();
        let widest = |side: fn(Sides) -> Option<String>| {
            rows.iter()
                .filter_map(|i| side(self.value_texts(i)))
                .map(|s| nt.width(&s) + PAD)
                .max()
                .unwrap_or(0)
        };
        let names_right = left + names_w;
        let x0 = names_right + GAP + widest(|t| t.0);
        let x1 = right - widest(|t| t.1).max(PAD);
        let (lo, hi) = self.range(rows);
        let scale = if self.kind == Kind::RankCorrelation {
            Scale::exact(lo, hi, 8, 0.1, (x0, x1))
        } else {
            Scale::nice(lo, hi, 8, 1e-9, (x0, x1))
        };
        Layout {
            names,
            names_right,
            scale,
        }
    }

    /// Where each row's texts go across a chart of `width` pixels: its
    /// name's span and its value labels' spans, as [`Chart::draw`] places
    /// them (for the tests of the layout).
    pub fn row_spans(&self, width: i32) -> Vec<(Span, Vec<Span>)> {
        init_fonts();
        let rows = self.rows();
        let lay = self.layout(&rows, (MARGIN, width - MARGIN));
        let (lt, nt) = (Txt::new(TICK), Txt::new(NOTE));
        rows.iter()
            .zip(&lay.names)
            .map(|(i, name)| {
                let values = self
                    .values(i, &lay.scale)
                    .into_iter()
                    .map(|(s, x, h)| {
                        let w = nt.width(&s);
                        if matches!(h, HPos::Right) {
                            (x - w, x)
                        } else {
                            (x, x + w)
                        }
                    })
                    .collect();
                ((lay.names_right - lt.width(name), lay.names_right), values)
            })
            .collect()
    }

    /// The inputs drawn, in drawing order (top first).
    fn rows(&self) -> Vec<&Input> {
        let mut v: Vec<&Input> = self.a.inputs.iter().filter(|i| !i.no_effect).collect();
        match self.kind {
            Kind::Tornado => {}
            Kind::RankCorrelation => v.sort_by(|x, y| {
                let r = |i: &Input| i.spearman.map(f64::abs).unwrap_or(-1.0);
                r(y).total_cmp(&r(x))
            }),
            Kind::Sobol => v.sort_by(|x, y| {
                let t = |i: &Input| i.total.map(|t| t.value).unwrap_or(f64::NEG_INFINITY);
                t(y).total_cmp(&t(x))
            }),
        }
        v.truncate(MAX_ROWS);
        v
    }

    fn subtitle(&self) -> String {
        let a = self.a;
        let m = metric_word(a);
        let drawn = a.inputs.iter().filter(|i| !i.no_effect).count();
        let left_out = a.inputs.len() - drawn;
        // Which inputs are drawn: the top ones, and not those that change
        // no trial of this comparison.
        let mut shown = Vec::new();
        if drawn > MAX_ROWS {
            shown.push(format!("The top {MAX_ROWS} of {drawn} inputs"));
        }
        if left_out > 0 {
            let (n, verb) = match left_out {
                1 => ("1 input".to_string(), "changes"),
                n => (format!("{n} inputs"), "change"),
            };
            shown.push(format!(
                "{}{n} that {verb} no trial of this comparison left out",
                if shown.is_empty() { "" } else { "; " }
            ));
        }
        let more = if shown.is_empty() {
            String::new()
        } else {
            format!(" {}; all are in sensitivity.csv.", shown.concat())
        };
        let (split, base) = (&a.split, &a.baseline);
        let cands = match self.kind {
            Kind::Tornado => vec![
                format!(
                    "Mean paired {m} difference of {split} against {base} with one input held at its P10 and at its P90, all others varying over the same trials. \
                     Solid line: zero; dashed: the mean with nothing held.{more}"
                ),
                format!(
                    "Mean {m} difference against {base}, one input held at P10 and at P90, the others varying. Solid: zero; dashed: nothing held.{more}"
                ),
            ],
            Kind::RankCorrelation => vec![
                format!(
                    "Spearman rank correlation of each input's draw with the per-trial {m} difference of {split} against {base}, with its 95% interval (for the input alone). \
                     Positive: higher values of the input favour {split}; grey: no clear effect once all {drawn} inputs are tested together (Holm).{more}"
                ),
                format!(
                    "Spearman rank correlation of each input with the per-trial {m} difference against {base}, 95% intervals (each input alone). \
                     Positive: higher input favours the split; grey: no clear effect among {drawn} inputs (Holm).{more}"
                ),
                format!(
                    "Rank correlation of each input with the per-trial {m} difference, 95% intervals (each input alone). \
                     Grey: no clear effect among {drawn} inputs (Holm).{more}"
                ),
            ],
            Kind::Sobol => {
                let rows = format::thousands(a.sobol_samples as f64);
                vec![
                    format!(
                        "Share of the variance of the per-trial {m} difference due to each input: first order (alone, dark) and total (with interactions, light), \
                         {rows} Saltelli rows, Jansen estimators, bootstrap 95% intervals; assumes independent inputs. \
                         Estimates below 0 are noise: their bars stop at 0.{more}"
                    ),
                    format!(
                        "Share of the variance of the {m} difference due to each input, first order (dark) and total (light), {rows} Saltelli rows, 95% intervals. \
                         Estimates below 0 are noise: their bars stop at 0.{more}"
                    ),
                ]
            }
        };
        first_fitting(cands, subtitle_fits)
    }

    fn label(&self, i: &Input) -> String {
        match self.kind {
            Kind::Tornado => format!(
                "{} ({} → {})",
                label(&i.path),
                format::number(i.p10),
                format::number(i.p90)
            ),
            _ => label(&i.path),
        }
    }
}

impl Chart for SensitivityChart<'_> {
    fn title(&self) -> String {
        let a = self.a;
        let top = a.inputs.iter().find(|i| i.swing > 0.0 && !i.no_effect);
        let cands = match (self.kind, top) {
            (_, None) => vec!["No uncertain input moves the difference".to_string()],
            (Kind::Tornado, Some(t)) => vec![
                format!(
                    "{} moves the {} difference of {} most: {} to {}",
                    label(&t.path),
                    metric_word(a),
                    a.split,
                    amount(a, t.at_p10),
                    amount(a, t.at_p90)
                ),
                format!("{} moves the difference most", label(&t.path)),
            ],
            (Kind::RankCorrelation, _) => {
                // Only a correlation told from noise is a finding.
                let best = self
                    .rows()
                    .into_iter()
                    .find(|i| i.spearman_clear())
                    .map(|i| (label(&i.path), i.spearman));
                match best {
                    Some((l, Some(r))) => vec![
                        format!(
                            "{l} tracks the trial-by-trial difference most closely (ρ = {r:+.2})"
                        ),
                        format!("{l} tracks the difference most (ρ = {r:+.2})"),
                    ],
                    _ => vec![
                        "No input's rank correlation with the difference can be told from zero"
                            .to_string(),
                    ],
                }
            }
            (Kind::Sobol, _) => {
                let best = self.rows().first().map(|i| (label(&i.path), i.total));
                match best {
                    Some((l, Some(t))) => vec![
                        format!(
                            "{l} explains the largest share of the variance of the difference: {:.0}% in total",
                            100.0 * t.value
                        ),
                        format!("{l} explains {:.0}% of the variance", 100.0 * t.value),
                    ],
                    _ => vec!["Variance-based (Sobol) indices".to_string()],
                }
            }
        };
        first_fitting(cands, title_fits)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let a = self.a;
        let f = frame_with(area, &self.title(), &self.subtitle(), &self.footer)?;
        let rows = self.rows();
        if rows.is_empty() {
            let note = if a.inputs.is_empty() {
                "The scenario has no uncertain inputs."
            } else {
                "No uncertain input changes any trial of this comparison."
            };
            return empty_note(area, &f, note);
        }
        let lay = self.layout(&rows, (f.left, f.right));
        let sc = lay.scale;
        let lt = Txt::new(TICK);
        let axis = match self.kind {
            Kind::Tornado => format!("Mean {} difference against {}", metric_word(a), a.baseline),
            Kind::RankCorrelation => "Spearman rank correlation".into(),
            Kind::Sobol => "Share of the variance of the difference".into(),
        };
        let fmt: fn(f64) -> String = match self.kind {
            Kind::Tornado => tick(a),
            Kind::RankCorrelation => format::number,
            Kind::Sobol => tick_pct,
        };
        let legend_h = Txt::new(NOTE).line() + 12;
        let (top, bottom) = (f.top + legend_h, f.bottom - x_axis_height());
        if self.kind == Kind::Sobol && sc.lo < 0.0 {
            // Below 0 no share of variance exists: shade it, so a whisker
            // that reaches into it reads as the noise it is.
            fill(area, (sc.px(sc.lo), top), (sc.px(0.0), bottom), NEGATIVE)?;
        }
        x_axis(area, &sc, (top, bottom), &fmt, &axis)?;
        let n = rows.len() as i32;
        let row_h = (bottom - top) / n;
        let bar_h = (row_h * 3 / 5).clamp(6, 44);
        let nt = Txt::new(NOTE).color(MUTED);
        // Legend.
        let legend: Vec<(RGBColor, &str)> = match self.kind {
            Kind::Tornado => vec![
                (PALETTE[1], "input held at its P10"),
                (PALETTE[0], "input held at its P90"),
            ],
            Kind::RankCorrelation => vec![
                (PALETTE[0], "higher input favours the split"),
                (PALETTE[1], "higher input favours the baseline"),
                (NOISE, "no clear effect (Holm-adjusted p above 5%)"),
            ],
            Kind::Sobol => vec![
                (PALETTE[0], "first order"),
                (tint(PALETTE[0], 0.6), "total"),
            ],
        };
        let mut lx = f.left;
        for (c, l) in &legend {
            swatch(area, (lx, f.top + nt.cap()), nt, *c)?;
            text(
                area,
                l,
                (lx + nt.cap() + 8, f.top + nt.cap()),
                HPos::Left,
                nt,
            )?;
            lx += nt.cap() + 8 + nt.width(l) + 30;
        }
        // The value labels, drawn last: over the zero line, on a halo, so
        // a line never crosses a number.
        let mut values = Vec::with_capacity(2 * rows.len());
        for (r, (inp, label)) in rows.iter().zip(&lay.names).enumerate() {
            let cy = top + row_h * r as i32 + row_h / 2;
            text(
                area,
                label,
                (lay.names_right, cy + lt.cap() / 2),
                HPos::Right,
                lt,
            )?;
            let (y0, y1) = (cy - bar_h / 2, cy + bar_h / 2);
            match self.kind {
                Kind::Tornado => {
                    let base = sc.px(a.base_mean);
                    for (v, c) in [(inp.at_p10, PALETTE[1]), (inp.at_p90, PALETTE[0])] {
                        if v.is_finite() {
                            let x = sc.px(v);
                            fill(area, (base.min(x), y0), (base.max(x), y1), c)?;
                        }
                    }
                }
                Kind::RankCorrelation => {
                    if let Some(rho) = inp.spearman {
                        let (z, x) = (sc.px(0.0), sc.px(rho));
                        let c = rank_color(inp);
                        fill(area, (z.min(x), y0), (z.max(x), y1), c)?;
                        // The whisker: the 95% interval; the value goes
                        // beyond its outer end.
                        let (lo, hi) = inp.spearman_ci95.unwrap_or((rho, rho));
                        let (ca, cb) = (sc.px(lo), sc.px(hi));
                        let wc = if inp.spearman_clear() { INK } else { FAINT };
                        line(area, vec![(ca, cy), (cb, cy)], wc, 2)?;
                        line(area, vec![(ca, y0 + 4), (ca, y1 - 4)], wc, 2)?;
                        line(area, vec![(cb, y0 + 4), (cb, y1 - 4)], wc, 2)?;
                    }
                }
                Kind::Sobol => {
                    let half = (bar_h / 2).max(3);
                    let parts = [
                        (inp.total, tint(PALETTE[0], 0.6), (y0, y0 + half)),
                        (inp.first_order, PALETTE[0], (y0 + half, y1)),
                    ];
                    for (ix, c, (ya, yb)) in parts {
                        let Some(ix) = ix else { continue };
                        // A share of variance is never below 0: an estimate
                        // below it is noise, so its bar stops at 0 while its
                        // whisker shows the interval as estimated.
                        let (z, x) = (sc.px_clamped(0.0), sc.px_clamped(ix.value.max(0.0)));
                        fill(area, (z.min(x), ya), (z.max(x), yb), c)?;
                        let ym = (ya + yb) / 2;
                        let (ca, cb) = (sc.px_clamped(ix.ci95_low), sc.px_clamped(ix.ci95_high));
                        line(area, vec![(ca, ym), (cb, ym)], INK, 2)?;
                        line(area, vec![(ca, ya + 2), (ca, yb - 2)], INK, 2)?;
                        line(area, vec![(cb, ya + 2), (cb, yb - 2)], INK, 2)?;
                    }
                }
            }
            // A correlation that is noise has its value in grey too.
            let noise = self.kind == Kind::RankCorrelation
                && inp.spearman.is_some()
                && !inp.spearman_clear();
            let vt = if noise { nt.color(FAINT) } else { nt };
            for (s, x, h) in self.values(inp, &sc) {
                values.push((s, (x, cy + nt.cap() / 2), h, vt));
            }
        }
        // Zero line, and for the tornado the mean with nothing held.
        let z = sc.px_clamped(0.0);
        line(area, vec![(z, top - 4), (z, bottom)], INK, 2)?;
        if self.kind == Kind::Tornado && a.base_mean.is_finite() {
            let m = sc.px(a.base_mean);
            dashed(area, (m, top - 4), (m, bottom), INK, 2, (8, 6))?;
            let t = Txt::new(NOTE).color(INK);
            let s = format!("mean {}", amount(a, a.base_mean));
            let w = t.width(&s);
            // Centred on the dashed line, clear of the legend and of the right edge.
            let x = (m - w / 2).max(lx).min(f.right - w);
            text(area, &s, (x, f.top + t.cap()), HPos::Left, t)?;
        }
        for (s, (x, y), h, t) in values {
            let w = t.width(&s);
            let l = if matches!(h, HPos::Right) { x - w } else { x };
            fill(
                area,
                (l - 3, y - t.cap() - 4),
                (l + w + 3, y + 5),
                BG.mix(0.85),
            )?;
            text(area, &s, (x, y), h, t)?;
        }
        Ok(())
    }
}

//! Charts of `keysplit sweep`, one per key metric: the swept value (x)
//! against the swept split's metric (y), its mean as a line through the
//! points with the P10-P90 band of trials, the baseline's mean at each point
//! dashed (it moves when the swept input also shapes the baseline), and for
//! the decision metric and cost of sales the break-even values, where the mean paired
//! difference against the baseline crosses zero, as labelled vertical lines.

use super::convergence::{Convergence, MAX_PANELS, Series, subject};
use super::*;
use crate::analysis::precision::Outcome;
use crate::analysis::sweep::Sweep;
use crate::core::format;
use crate::core::metrics::{Metric, Unit};
use crate::core::stats::Summary;
use crate::scenario::Scenario;
use crate::scenario::words::param_words;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// The metrics that get a chart, in file order. `selling_share_inside` is
/// left out when it is undefined at every point (a split without inside reps).
pub const SWEEP_METRICS: [Metric; 6] = [
    Metric::Ltv,
    Metric::CostOfSales,
    Metric::SellingShareOutside,
    Metric::SellingShareInside,
    Metric::HeadcountOutside,
    Metric::HeadcountInside,
];

/// One sweep chart: a sweep and the metric it shows.
pub struct SweepChart<'a> {
    /// The sweep.
    pub sw: &'a Sweep,
    /// The metric on the y axis.
    pub metric: Metric,
    /// The swept split's colour (as in the charts of `run`).
    pub color: RGBColor,
    /// Months simulated.
    pub horizon_months: u32,
    /// The provenance line.
    pub footer: String,
}

/// The provenance line under a sweep's charts.
fn footer(sw: &Sweep, s: &Scenario) -> String {
    footer_text(
        &sw.scenario,
        &format!("{} trials per point", format::thousands(sw.trials as f64)),
        sw.seed,
        s.horizon_months,
    )
}

/// The sweep's charts with their file stems (`sweep-<metric>`).
pub fn charts<'a>(sw: &'a Sweep, s: &Scenario) -> Vec<(String, SweepChart<'a>)> {
    let footer = footer(sw, s);
    let color = named_split_color(s, &sw.split);
    // The decision metric first, then the others.
    let mut metrics = vec![sw.decision];
    metrics.extend(SWEEP_METRICS.into_iter().filter(|m| *m != sw.decision));
    metrics
        .into_iter()
        .filter(|&m| {
            m != Metric::SellingShareInside || sw.points.iter().any(|p| p.metrics[m].is_some())
        })
        .map(|m| {
            (
                format!("sweep-{}", m.def().name),
                SweepChart {
                    sw,
                    metric: m,
                    color,
                    horizon_months: s.horizon_months,
                    footer: footer.clone(),
                },
            )
        })
        .collect()
}

/// A swept value as the titles and break-even labels print it: about three
/// significant digits of the swept range.
pub fn value_text(v: f64, lo: f64, hi: f64) -> String {
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
        return plain(v, decimals_for(&[v]).min(4));
    }
    let span = hi - lo;
    let decimals = (2.0 - span.log10().floor()).clamp(0.0, 6.0) as usize;
    plain(v, decimals)
}

/// A swept value itself, as written ("0", "0.125", "95,000").
fn swept(v: f64) -> String {
    plain(v, decimals_for(&[v]).min(4))
}

impl SweepChart<'_> {
    fn def(&self) -> &'static crate::core::metrics::MetricDef {
        self.metric.def()
    }

    fn value(&self, x: f64) -> String {
        format::value(x, self.def().unit)
    }

    /// The points in ascending swept value (a sweep keeps the order given).
    fn sorted(&self) -> Vec<&crate::analysis::sweep::Point> {
        let mut pts: Vec<&crate::analysis::sweep::Point> = self.sw.points.iter().collect();
        pts.sort_by(|a, b| a.value.total_cmp(&b.value));
        pts
    }

    fn range(&self) -> (f64, f64) {
        let xs = self.sw.points.iter().map(|p| p.value);
        let lo = xs.clone().fold(f64::INFINITY, f64::min);
        let hi = xs.fold(f64::NEG_INFINITY, f64::max);
        (lo, hi)
    }

    fn has_break_even(&self) -> bool {
        self.sw.break_even_metrics().contains(&self.metric)
    }

    /// Break-even values, ascending.
    fn break_evens(&self) -> Vec<f64> {
        if !self.has_break_even() {
            return Vec::new();
        }
        let mut be = self.sw.break_evens(self.metric);
        be.sort_by(f64::total_cmp);
        be
    }

    fn swept_is_baseline(&self) -> bool {
        self.sw.split == self.sw.baseline
    }

    fn axis_title(&self) -> String {
        let unit = match self.def().unit {
            Unit::Money => " ($)",
            Unit::Ratio => " (%)",
            _ => "",
        };
        let horizon = if self.sw.param.ends_with("horizon_months") {
            "the horizon".to_string()
        } else {
            format!("{} months", self.horizon_months)
        };
        match self.metric {
            Metric::Ltv => format!("Lifetime value over {horizon}, discounted ($)"),
            Metric::LtvWithTerminal => "LTV with terminal value, discounted ($)".into(),
            Metric::CostOfSales => "Cost of sales / revenue (%)".into(),
            Metric::SellingShareOutside => "Field reps' hours spent selling (%)".into(),
            Metric::SellingShareInside => "Inside reps' hours spent selling (%)".into(),
            // The metric is the split's team, its target (docs/model.md,
            // "Metrics"): with `start = "current"` the team at the start
            // is today's.
            Metric::HeadcountOutside => "Field reps in the target team".into(),
            Metric::HeadcountInside => "Inside reps in the target team".into(),
            _ => format!("{}{unit}", self.def().label),
        }
    }

    /// The finding for LTV and cost of sales: where the split beats the baseline.
    fn break_even_title(&self, split: &str, base: &str) -> Option<String> {
        let sw = self.sw;
        let m = self.metric;
        let higher = self.def().higher_is_better;
        let deltas: Vec<(f64, f64)> = self
            .sorted()
            .iter()
            .filter_map(|p| p.deltas[m].as_ref().map(|d| (p.value, d.mean)))
            .collect();
        let (first, last) = (deltas.first()?.1, deltas.last()?.1);
        let better = |d: f64| if higher { d > 0.0 } else { d < 0.0 };
        let (lo, hi) = self.range();
        let words = param_words(&sw.param);
        let span = if lo < hi {
            format!("{words} from {} to {}", swept(lo), swept(hi))
        } else {
            format!("{words} = {}", swept(lo))
        };
        let n = format::metric_noun(self.metric);
        let be = self.break_evens();
        let at = |v: f64| value_text(v, lo, hi);
        Some(match be.len() {
            0 if deltas.iter().all(|d| d.1 == 0.0) => {
                format!("{split} and {base} have the same {n} at every swept value ({span})")
            }
            0 if deltas.iter().all(|d| better(d.1)) => {
                format!("{split} beats {base} on {n} at every swept value ({span})")
            }
            0 => format!("{split} beats {base} on {n} at no swept value ({span})"),
            1 if better(last) && !better(first) => format!(
                "{split} beats {base} on {n} once {words} passes {}",
                at(be[0])
            ),
            1 if better(first) && !better(last) => format!(
                "{split} beats {base} on {n} only while {words} stays below {}",
                at(be[0])
            ),
            1 => format!(
                "{split} and {base} break even on {n} at {words} = {}",
                at(be[0])
            ),
            k => format!(
                "{split} and {base} trade the lead on {n} {k} times: break-even at {words} = {}",
                be.iter().map(|&v| at(v)).collect::<Vec<_>>().join(", ")
            ),
        })
    }

    /// The finding for the other metrics: how the mean moves.
    fn trend_title(&self, split: &str, base_name: &str) -> String {
        let sw = self.sw;
        let m = self.metric;
        let means: Vec<(f64, f64)> = self
            .sorted()
            .iter()
            .filter_map(|p| p.metrics[m].as_ref().map(|s| (p.value, s.mean)))
            .collect();
        let n = format::metric_noun(self.metric);
        let words = param_words(&sw.param);
        let Some(&(x0, a)) = means.first() else {
            return format!(
                "{split}: {n} is undefined at every value of {words} (no rep of that role)"
            );
        };
        let &(x1, b) = means.last().unwrap_or(&(x0, a));
        let tol = 1e-9 * a.abs().max(b.abs()).max(1.0);
        let same = means.iter().all(|p| (p.1 - a).abs() <= tol);
        let (lo, hi) = (x0, x1);
        let rising = means.windows(2).all(|w| w[1].1 >= w[0].1 - tol);
        let falling = means.windows(2).all(|w| w[1].1 <= w[0].1 + tol);
        let base = self.baseline_note(base_name);
        let main = if same {
            if lo < hi {
                format!(
                    "{}: {n} stays at {} for {words} from {} to {}",
                    split,
                    self.value(a),
                    swept(lo),
                    swept(hi)
                )
            } else {
                format!(
                    "{}: {n} is {} at {words} = {}",
                    split,
                    self.value(a),
                    swept(lo)
                )
            }
        } else if rising || falling {
            format!(
                "{}: {n} {} from {} to {} as {words} goes from {} to {}",
                split,
                if rising { "rises" } else { "falls" },
                self.value(a),
                self.value(b),
                swept(x0),
                swept(x1)
            )
        } else {
            let min = means.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
            let max = means.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
            format!(
                "{}: {n} moves between {} and {} as {words} goes from {} to {}",
                split,
                self.value(min),
                self.value(max),
                swept(x0),
                swept(x1)
            )
        };
        format!("{main}{base}")
    }

    /// " (vs 21 for Today)" when the baseline does not move.
    fn baseline_note(&self, base: &str) -> String {
        if self.swept_is_baseline() {
            return String::new();
        }
        let m = self.metric;
        let bs: Vec<f64> = self
            .sw
            .points
            .iter()
            .filter_map(|p| p.baseline[m].as_ref().map(|s| s.mean))
            .collect();
        match bs.first() {
            Some(&b) if bs.iter().all(|&x| (x - b).abs() <= 1e-9 * b.abs().max(1.0)) => {
                format!(" (vs {} for {base})", self.value(b))
            }
            _ => String::new(),
        }
    }

    /// Whether the P10-P90 band has a width at some swept value.
    fn band_varies(&self) -> bool {
        self.sw
            .points
            .iter()
            .filter_map(|p| band(&p.metrics[self.metric]))
            .any(|(p10, mean, p90)| p90 - p10 > 1e-9 * mean.abs().max(1.0))
    }

    /// The subtitle: what the chart draws, the band only where it is drawn.
    pub fn subtitle(&self) -> String {
        let sw = self.sw;
        let m = self.metric;
        let has_base =
            !self.swept_is_baseline() && sw.points.iter().any(|p| p.baseline[m].is_some());
        let has_be = has_base && !self.break_evens().is_empty();
        let what = format::capitalized(&format::metric_noun(self.metric));
        let st = Txt::new(SUBTITLE);
        let (base, base_short) = if has_base {
            (
                format!(
                    "; dashed: {} mean at each value (same random draws)",
                    sw.baseline
                ),
                format!("; dashed: {} mean", fit(&sw.baseline, st, 300)),
            )
        } else {
            (String::new(), String::new())
        };
        // The band is promised only where it is drawn: a metric equal in
        // every trial (a team sized from the median world) has none.
        let band = if self.band_varies() {
            ", band: P10–P90 of trials"
        } else {
            ""
        };
        let (be, be_short) = if has_be {
            (
                "; vertical line: break-even, where the mean paired difference crosses zero",
                "; vertical line: break-even",
            )
        } else {
            ("", "")
        };
        // The full key path stays; the rest gives way until two lines hold it.
        first_fitting(
            vec![
                format!(
                    "{what} of {} as {} moves. Line: mean{band}{base}{be}.",
                    sw.split, sw.param
                ),
                format!("{what} as {} moves. Line: mean{band}{base}{be}.", sw.param),
                format!(
                    "{what} as {} moves. Line: mean{band}{base_short}{be_short}.",
                    sw.param
                ),
                format!("{what} as {} moves.", sw.param),
            ],
            subtitle_fits,
        )
    }
}

/// The P10-P90 band and the mean of a point, if the metric is defined there.
fn band(s: &Option<Summary>) -> Option<(f64, f64, f64)> {
    s.as_ref().map(|s| (s.p10, s.mean, s.p90))
}

/// An x scale over exactly the swept range, a little inset so the end
/// points clear the axes, with ticks at the swept values when there are few
/// and their labels fit, else round ticks inside the range.
fn x_scale(xs: &[f64], (p0, p1): (i32, i32)) -> (Scale, usize) {
    let tt = Txt::new(TICK);
    let lo = xs.first().copied().unwrap_or(0.0);
    let hi = xs.last().copied().unwrap_or(lo);
    if lo >= hi {
        let pad = (lo.abs() * 0.1).max(0.5);
        let d = decimals_for(&[lo]);
        return (
            Scale {
                lo: lo - pad,
                hi: lo + pad,
                p0,
                p1,
                ticks: vec![lo],
            },
            d,
        );
    }
    let inset = (hi - lo) * 0.03;
    let room = |ticks: &[f64], d: usize| {
        let widest = ticks
            .iter()
            .map(|&v| tt.width(&plain(v, d)))
            .max()
            .unwrap_or(0);
        let gaps = ticks
            .windows(2)
            .map(|w| w[1] - w[0])
            .fold(f64::INFINITY, f64::min);
        let px = gaps / (hi - lo + 2.0 * inset) * f64::from(p1 - p0);
        f64::from(widest + 24) <= px
    };
    let d = decimals_for(xs);
    if xs.len() <= 12 && d <= 3 && room(xs, d) {
        return (
            Scale {
                lo: lo - inset,
                hi: hi + inset,
                p0,
                p1,
                ticks: xs.to_vec(),
            },
            d,
        );
    }
    for target in [10, 8, 6, 5, 4, 3, 2] {
        let mut s = Scale::exact(lo, hi, target, 1e-9, (p0, p1));
        let d = decimals_for(&s.ticks);
        if room(&s.ticks, d) || target == 2 {
            s.lo = lo - inset;
            s.hi = hi + inset;
            return (s, d);
        }
    }
    unreachable!("the last target always returns")
}

impl Chart for SweepChart<'_> {
    fn title(&self) -> String {
        // Long split names give way (shortened with an ellipsis) so the
        // finding itself always shows in the title's two lines.
        init_fonts();
        let tt = Txt::new(TITLE).bold();
        let mut last = String::new();
        for w in [i32::MAX, 700, 520, 380, 260, 160] {
            let (split, base) = (fit(&self.sw.split, tt, w), fit(&self.sw.baseline, tt, w));
            last = match self.has_break_even() && !self.swept_is_baseline() {
                true => self
                    .break_even_title(&split, &base)
                    .unwrap_or_else(|| self.trend_title(&split, &base)),
                false => self.trend_title(&split, &base),
            };
            if title_fits(&last) {
                break;
            }
        }
        last
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Drawn<DB> {
        let f = frame_with(area, &self.title(), &self.subtitle(), &self.footer)?;
        let m = self.metric;
        let pts = self.sorted();
        let xs: Vec<f64> = pts.iter().map(|p| p.value).collect();
        let vals: Vec<Option<(f64, f64, f64)>> = pts.iter().map(|p| band(&p.metrics[m])).collect();
        let base: Vec<Option<f64>> = if self.swept_is_baseline() {
            vec![None; pts.len()]
        } else {
            pts.iter()
                .map(|p| p.baseline[m].as_ref().map(|s| s.mean))
                .collect()
        };
        if vals.iter().all(Option::is_none) {
            return empty_note(
                area,
                &f,
                &format!(
                    "{} is undefined at every swept value for {}.",
                    self.def().label,
                    self.sw.split
                ),
            );
        }
        let be = if self.swept_is_baseline() {
            Vec::new()
        } else {
            self.break_evens()
        };

        // Legend row.
        let kt = Txt::new(NOTE);
        let varies = self.band_varies();
        let mut items = Vec::new();
        if varies {
            items.push((
                Mark::Band(tint(self.color, 0.7)),
                "P10–P90 of trials".to_string(),
            ));
        }
        let split_key = items.len();
        items.push((Mark::Line(self.color, 4), format!("{} mean", self.sw.split)));
        if base.iter().any(Option::is_some) {
            items.push((Mark::Dashed(INK, 2), format!("{} mean", self.sw.baseline)));
        }
        if !be.is_empty() {
            items.push((Mark::Rule(INK, 2), "Break-even".into()));
        }
        // Long split names: shorten the labels until the row fits.
        let max_w = f.right - f.left;
        let mut name_w = 600;
        while keys_width(&items, kt) > max_w && name_w > 120 {
            name_w -= 40;
            items[split_key].1 = fit(&format!("{} mean", self.sw.split), kt, name_w);
            if let Some((Mark::Dashed(..), l)) = items.get_mut(split_key + 1) {
                *l = fit(&format!("{} mean", self.sw.baseline), kt, name_w);
            }
        }
        let key_y = f.top + kt.cap();
        keys(area, &items, (f.left, key_y), kt)?;

        let lt = Txt::new(LABEL);
        let tt = Txt::new(TICK);
        let bt = Txt::new(NOTE).bold();
        let bottom = f.bottom - x_axis_height();

        // y: every band, mean and baseline mean.
        let ys = vals
            .iter()
            .flatten()
            .flat_map(|&(a, b, c)| [a, b, c])
            .chain(base.iter().flatten().copied())
            .filter(|v| v.is_finite());
        let (ylo, yhi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        let unit = self.def().unit;
        let fmt: &dyn Fn(f64) -> String = match unit {
            Unit::Money => &tick_money,
            Unit::Ratio => &tick_pct,
            _ => &tick_count,
        };
        let y_scale = |top: i32| match unit {
            Unit::Count => Scale::counts(yhi, (bottom, top), 8),
            _ => {
                let pad = (yhi - ylo) * 0.05;
                let min_pad = if unit == Unit::Ratio { 0.005 } else { 1.0 };
                Scale::fitted(
                    ylo - pad,
                    yhi + pad,
                    min_pad,
                    (bottom, top),
                    |_| tt.line() + 4,
                    12,
                )
            }
        };
        let right = f.right - 8;
        // Break-even labels sit in rows above the plot: break-evens closer
        // than a label's width share one label, labels that still overlap go
        // to a second row, and if that is not enough one label names them all.
        let (lo, hi) = self.range();
        let label_of = |members: &[usize]| {
            let vs: Vec<String> = members.iter().map(|&i| value_text(be[i], lo, hi)).collect();
            fit(
                &format!("Break-even {}", vs.join(", ")),
                bt,
                f.right - f.left,
            )
        };
        let place = |sx: &Scale| -> Vec<(Vec<usize>, String, i32, usize)> {
            if be.is_empty() {
                return Vec::new();
            }
            let one = bt.width(&label_of(&[0])) + 16;
            let mut groups: Vec<Vec<usize>> = Vec::new();
            for i in 0..be.len() {
                match groups.last_mut() {
                    Some(g) if sx.px(be[i]) - sx.px(be[g[g.len() - 1]]) < one => g.push(i),
                    _ => groups.push(vec![i]),
                }
            }
            let mut ends: Vec<i32> = Vec::new();
            let mut out = Vec::new();
            for g in groups {
                let label = label_of(&g);
                let x = (sx.px(be[g[0]]) + sx.px(be[g[g.len() - 1]])) / 2;
                let w = bt.width(&label);
                let lx = (x - w / 2).min(f.right - w).max(f.left);
                let row = match ends.iter().position(|&end| lx > end + 16) {
                    Some(r) => r,
                    None => {
                        ends.push(i32::MIN);
                        ends.len() - 1
                    }
                };
                ends[row] = lx + w;
                out.push((g, label, lx, row));
            }
            if ends.len() > 2 {
                let all: Vec<usize> = (0..be.len()).collect();
                let label = label_of(&all);
                let w = bt.width(&label);
                let x = (sx.px(be[0]) + sx.px(be[be.len() - 1])) / 2;
                let lx = (x - w / 2).min(f.right - w).max(f.left);
                return vec![(all, label, lx, 0)];
            }
            out
        };
        let row_h = bt.line() + 6;
        let key_gap = 34;
        let mut rows = usize::from(!be.is_empty());
        let (top, sy, left, sx, decimals, placed) = loop {
            let top = key_y + key_gap + rows as i32 * row_h;
            let sy = y_scale(top);
            let left = f.left + lt.cap() + 16 + tick_width(&sy, fmt) + 12;
            let (sx, decimals) = x_scale(&xs, (left, right));
            let placed = place(&sx);
            let need = placed.iter().map(|p| p.3 + 1).max().unwrap_or(0);
            if need <= rows || rows >= 2 {
                break (top, sy, left, sx, decimals, placed);
            }
            rows = need.min(2);
        };
        y_axis(
            area,
            &sy,
            (left, right),
            fmt,
            Some((&self.axis_title(), f.left)),
        )?;
        let xtitle = format::capitalized(&param_words(&self.sw.param));
        x_axis(area, &sx, (top, bottom), &|v| plain(v, decimals), &xtitle)?;

        // Bands and lines, in runs of consecutive defined points.
        let px: Vec<i32> = xs.iter().map(|&x| sx.px(x)).collect();
        let runs = runs_of(&vals);
        let band_c = tint(self.color, 0.7);
        for r in &runs {
            if r.len() >= 2 {
                let mut poly: Vec<(i32, i32)> = r
                    .iter()
                    .map(|&i| (px[i], sy.px(vals[i].unwrap().2)))
                    .collect();
                poly.extend(r.iter().rev().map(|&i| (px[i], sy.px(vals[i].unwrap().0))));
                area.draw(&Polygon::new(poly, band_c.filled()))?;
            } else {
                let i = r[0];
                let (p10, _, p90) = vals[i].unwrap();
                let (y0, y1) = (sy.px(p90), sy.px(p10));
                fill(area, (px[i] - 18, y0), (px[i] + 18, y1.max(y0 + 1)), band_c)?;
            }
        }
        // The baseline, dashed, in its own runs.
        let base_vals: Vec<Option<(f64, f64, f64)>> =
            base.iter().map(|b| b.map(|v| (v, v, v))).collect();
        for r in runs_of(&base_vals) {
            if r.len() == 1 {
                let (i, y) = (r[0], sy.px(base[r[0]].unwrap_or(0.0)));
                dashed(area, (px[i] - 48, y), (px[i] + 48, y), INK, 2, (6, 4))?;
                if pts.len() == 1
                    && let Some(b) = base[i]
                {
                    let label = format!("{} mean {}", self.sw.baseline, self.value(b));
                    text(area, &label, (px[i] + 60, y + kt.cap() / 2), HPos::Left, kt)?;
                }
                continue;
            }
            // One dashed path, so the dashes run on across points.
            let pts: Vec<(i32, i32)> = r
                .iter()
                .map(|&i| (px[i], sy.px(base[i].unwrap_or(0.0))))
                .collect();
            dashed_path(area, &pts, INK, 2)?;
        }
        for r in &runs {
            let line_pts: Vec<(i32, i32)> = r
                .iter()
                .map(|&i| (px[i], sy.px(vals[i].unwrap().1)))
                .collect();
            if line_pts.len() >= 2 {
                line(area, line_pts.clone(), self.color, 4)?;
            }
            if pts.len() == 1 {
                let (_, mean, _) = vals[r[0]].unwrap_or_default();
                let label = format!("{} mean {}", self.sw.split, self.value(mean));
                let (x, y) = line_pts[0];
                text(
                    area,
                    &label,
                    (x + 60, y + kt.cap() / 2),
                    HPos::Left,
                    kt.bold(),
                )?;
            }
            // A dot at each simulated point, when there is room for it.
            if line_pts.len() == 1 || (right - left) / (pts.len() as i32) >= 14 {
                for &p in &line_pts {
                    area.draw(&Circle::new(p, 7, BG.filled()))?;
                    area.draw(&Circle::new(p, 5, self.color.filled()))?;
                }
            }
        }

        // Break-evens: a vertical rule each, labelled above the plot (the
        // first row nearest to it, a thin leader up to the second row).
        for &v in &be {
            let x = sx.px(v);
            line(area, vec![(x, top), (x, bottom)], INK, 2)?;
        }
        for (members, label, lx, row) in &placed {
            let ly = top - 12 - *row as i32 * row_h;
            if *row > 0 {
                for &i in members {
                    let x = sx.px(be[i]);
                    line(area, vec![(x, ly + 6), (x, top)], AXIS, 1)?;
                }
            }
            text(area, label, (*lx, ly), HPos::Left, bt)?;
        }
        Ok(())
    }
}

/// Runs of consecutive defined entries (indices).
fn runs_of(v: &[Option<(f64, f64, f64)>]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut cur = Vec::new();
    for (i, x) in v.iter().enumerate() {
        match x {
            Some(_) => cur.push(i),
            None if !cur.is_empty() => out.push(std::mem::take(&mut cur)),
            None => {}
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A dashed polyline whose dash pattern runs on across its corners.
fn dashed_path<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pts: &[(i32, i32)],
    c: RGBColor,
    w: u32,
) -> Drawn<DB> {
    let (dash, gap) = (8.0, 5.0);
    let mut phase = 0.0; // distance into the current dash + gap period
    for seg in pts.windows(2) {
        let ((x0, y0), (x1, y1)) = (seg[0], seg[1]);
        let (dx, dy) = (f64::from(x1 - x0), f64::from(y1 - y0));
        let len = (dx * dx + dy * dy).sqrt();
        let at = |d: f64| {
            (
                x0 + (dx * d / len).round() as i32,
                y0 + (dy * d / len).round() as i32,
            )
        };
        let mut s = 0.0;
        while s < len {
            if phase < dash {
                let e = (s + dash - phase).min(len);
                line(area, vec![at(s), at(e)], c, w)?;
                phase += e - s;
                s = e;
            } else {
                let e = (s + dash + gap - phase).min(len);
                phase += e - s;
                s = e;
            }
            if phase >= dash + gap {
                phase = 0.0;
            }
        }
    }
    Ok(())
}

/// The chart of `sweep --precision`: one panel per point (evenly spaced
/// points when there are more than [`MAX_PANELS`]). `s` is the scenario the
/// sweep patched (its split order tells where the swept split sits in each
/// point's runner).
pub fn convergence<'a>(sw: &Sweep, s: &Scenario, o: &'a Outcome) -> Convergence<'a> {
    let footer = footer(sw, s);
    let (split, color) = subject(s, &sw.split);
    let n = sw.points.len();
    let picks: Vec<usize> = if n <= MAX_PANELS {
        (0..n).collect()
    } else {
        let mut v: Vec<usize> = (0..MAX_PANELS)
            .map(|j| ((j * (n - 1)) as f64 / (MAX_PANELS - 1) as f64).round() as usize)
            .collect();
        v.dedup();
        v
    };
    let words = param_words(&sw.param);
    let series = match split {
        Some(k) => picks
            .iter()
            .map(|&i| {
                let v = plain(
                    sw.points[i].value,
                    decimals_for(&[sw.points[i].value]).min(4),
                );
                Series {
                    label: format!("{words} = {v}"),
                    short: format!("= {v}"),
                    color,
                    runner: i,
                    split: k,
                }
            })
            .collect(),
        None => Vec::new(),
    };
    let which = if picks.len() < n {
        format!("{} of the {n} sweep points, evenly spaced", picks.len())
    } else if n == 1 {
        "the one sweep point".into()
    } else {
        format!("all {n} sweep points")
    };
    Convergence {
        outcome: o,
        baseline: sw.baseline.clone(),
        subject: Some(sw.split.clone()),
        series,
        which,
        footer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swept_values_print_with_sensible_digits() {
        assert_eq!(value_text(0.22973, 0.0, 1.0), "0.23");
        assert_eq!(value_text(0.0123, 0.0, 0.05), "0.0123");
        assert_eq!(value_text(87_654.3, 50_000.0, 150_000.0), "87,654");
        assert_eq!(value_text(5.0, 5.0, 5.0), "5");
        assert_eq!(value_text(0.125, 0.125, 0.125), "0.125");
    }
}

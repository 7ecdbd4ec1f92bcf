//! Scales from data to pixels with round ticks, the tick labels, and the
//! axes drawn with them.

use super::shapes::Drawn;
use super::shapes::line;
use super::style::{AXIS, GRID, LABEL, MUTED, TICK};
use super::text::{Txt, text, text_up};
use crate::core::format;
use crate::core::metrics::Unit;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// The most ticks an axis has.
const MAX_TICKS: i64 = 64;

/// A linear map from data values to pixels.
#[derive(Clone, Debug)]
pub struct Scale {
    /// The lowest value shown.
    pub lo: f64,
    /// The highest value shown.
    pub hi: f64,
    /// The pixel of `lo`.
    pub p0: i32,
    /// The pixel of `hi`.
    pub p1: i32,
    /// The tick values.
    pub ticks: Vec<f64>,
}

impl Scale {
    /// A scale over `[lo, hi]` widened to round ticks, about `target` of them.
    /// Equal or non-finite ends are padded (by `min_pad` at least) so the
    /// axis is never empty.
    pub fn nice(lo: f64, hi: f64, target: usize, min_pad: f64, (p0, p1): (i32, i32)) -> Scale {
        let (lo, hi) = padded(lo, hi, min_pad);
        let step = nice_step((hi - lo) / target.max(1) as f64);
        let k0 = (lo / step + 1e-9).floor();
        let k1 = (hi / step - 1e-9).ceil();
        // About `target` ticks; never more than MAX_TICKS, whatever round-off
        // does to absurd ranges (a count from data must not size a loop).
        let n = ((k1 - k0) as i64).clamp(1, MAX_TICKS);
        let ticks: Vec<f64> = (0..=n).map(|i| clean((k0 + i as f64) * step)).collect();
        Scale {
            lo: k0 * step,
            hi: ticks.last().copied().unwrap_or(k1 * step),
            p0,
            p1,
            ticks,
        }
    }

    /// A scale over exactly `[lo, hi]` with round ticks inside it.
    pub fn exact(lo: f64, hi: f64, target: usize, min_pad: f64, (p0, p1): (i32, i32)) -> Scale {
        let (lo, hi) = padded(lo, hi, min_pad);
        let step = nice_step((hi - lo) / target.max(1) as f64);
        let k0 = (lo / step - 1e-9).ceil() as i64;
        let k1 = (hi / step + 1e-9).floor() as i64;
        let k1 = k1.min(k0.saturating_add(MAX_TICKS));
        let ticks = (k0..=k1).map(|k| clean(k as f64 * step)).collect();
        Scale {
            lo,
            hi,
            p0,
            p1,
            ticks,
        }
    }

    /// Like [`Scale::nice`], with as many ticks as fit when each label is
    /// `label_w(tick)` pixels wide with `gap` pixels between them.
    pub fn fitted(
        lo: f64,
        hi: f64,
        min_pad: f64,
        (p0, p1): (i32, i32),
        label_w: impl Fn(f64) -> i32,
        gap: i32,
    ) -> Scale {
        let mut last = None;
        for target in [8, 7, 6, 5, 4, 3, 2] {
            let s = Scale::nice(lo, hi, target, min_pad, (p0, p1));
            let widest = s.ticks.iter().map(|&t| label_w(t)).max().unwrap_or(0);
            let room = (p1 - p0).abs() / (s.ticks.len().max(2) as i32 - 1);
            if widest + gap <= room {
                return s;
            }
            last = Some(s);
        }
        last.unwrap_or_else(|| Scale::nice(lo, hi, 2, min_pad, (p0, p1)))
    }

    /// A scale for counts of people: whole-number ticks from zero, with
    /// room above `hi`.
    pub fn counts(hi: f64, (p0, p1): (i32, i32), max_ticks: usize) -> Scale {
        let hi = if hi.is_finite() { hi.max(0.0) } else { 0.0 };
        let fits = |s: f64| (hi / s).ceil() + 1.0 <= max_ticks.max(2) as f64;
        let step = [
            1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0, 1000.0,
        ]
        .into_iter()
        .find(|&s| fits(s))
        // Beyond 1,000 a step: a round one that fits (the ticks never
        // number more than max_ticks, however large the count).
        .unwrap_or_else(|| {
            let mut s = nice_step(hi / (max_ticks.max(2) - 1) as f64).max(1000.0);
            while !fits(s) && s.is_finite() {
                s *= 2.0;
            }
            s
        });
        let top = ((hi / step).floor() + 1.0) * step;
        let n = ((top / step).round() as i64).clamp(1, MAX_TICKS);
        Scale {
            lo: 0.0,
            hi: top,
            p0,
            p1,
            ticks: (0..=n).map(|k| k as f64 * step).collect(),
        }
    }

    /// The pixel of `v`, kept within a million pixels of the chart (far off
    /// the canvas, where drawing clips it) so that no shape gets a length
    /// that overflows or a loop over its pixels that never ends.
    pub fn px(&self, v: f64) -> i32 {
        let span = self.hi - self.lo;
        let f = if span > 0.0 && span.is_finite() {
            (v - self.lo) / span
        } else {
            0.5
        };
        let f = if f.is_nan() { 0.5 } else { f };
        (f64::from(self.p0) + f * f64::from(self.p1 - self.p0))
            .round()
            .clamp(-1e6, 1e6) as i32
    }

    /// `px`, kept inside the scale's pixel range.
    pub fn px_clamped(&self, v: f64) -> i32 {
        let (a, b) = (self.p0.min(self.p1), self.p0.max(self.p1));
        self.px(v).clamp(a, b)
    }
}

fn clean(x: f64) -> f64 {
    // Round away float noise (0.30000000000000004) and negative zero.
    let r = (x * 1e9).round() / 1e9;
    if r == 0.0 { 0.0 } else { r }
}

fn padded(lo: f64, hi: f64, min_pad: f64) -> (f64, f64) {
    let (lo, hi) = match (lo.is_finite(), hi.is_finite()) {
        (true, true) => (lo.min(hi), lo.max(hi)),
        (true, false) => (lo, lo),
        (false, true) => (hi, hi),
        (false, false) => (0.0, 0.0),
    };
    let span = hi - lo;
    if span > 1e-9 * lo.abs().max(hi.abs()) && span >= min_pad * 1e-6 {
        return (lo, hi);
    }
    let pad = (lo.abs().max(hi.abs()) * 0.1).max(min_pad);
    (lo - pad, hi + pad)
}

fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let m = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * mag
}

/// Money ticks: the compact money form ($5M, $250k), with as many decimals
/// as the tick needs to be written exactly ($10.25M, never a rounded
/// "$10.3M" between "$10.0M" and "$10.5M"); [`tick_labels`] then gives every
/// tick of an axis the same decimals.
pub fn tick_money(v: f64) -> String {
    let a = v.abs();
    if !v.is_finite() || a >= 1e15 {
        return format::money(v);
    }
    let (x, suffix) = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
        .into_iter()
        .find(|(unit, _)| a >= *unit)
        .map_or((a, ""), |(unit, suffix)| (a / unit, suffix));
    let sign = if v < 0.0 { "-" } else { "" };
    format!("{sign}${}{suffix}", plain(x, decimals_for(&[x]).min(3)))
}
/// A percentage tick, written exactly ("5.25%", "6%"); [`tick_labels`] then
/// gives every tick of an axis the same decimals ("5.25%", "6.00%").
pub fn tick_pct(v: f64) -> String {
    let p = v * 100.0;
    if !p.is_finite() || p.abs() >= 1e15 {
        return format::pct(v);
    }
    format!("{}%", plain(p, decimals_for(&[p]).min(4)))
}
/// A count tick, with thousands separators and the decimals a tick between
/// whole numbers needs ("2.5").
pub fn tick_count(v: f64) -> String {
    if !v.is_finite() || v.abs() >= 1e15 {
        return format::thousands(v);
    }
    plain(v, decimals_for(&[v]).min(4))
}

/// The labels of an axis's ticks: each formatted by `fmt`, then every one
/// given as many decimals as the one with the most in the same unit ("k",
/// "M", "%"), so ticks evenly spaced
/// read as evenly spaced ("5.25%, 5.50%, 5.75%, 6.00%", never "5.2%, 5.5%,
/// 5.8%, 6%"). A zero keeps its plain form ("$0", "0%").
pub fn tick_labels(ticks: &[f64], fmt: &dyn Fn(f64) -> String) -> Vec<String> {
    let labels: Vec<String> = ticks.iter().map(|&v| fmt(v)).collect();
    // Per unit after the number ("k", "M", "%"): "$250k" and "$1.25M" are
    // each exact in their own unit.
    let most = |unit: &str| {
        labels
            .iter()
            .filter_map(|l| number_in(l).filter(|n| &l[n.end..] == unit))
            .map(|n| n.decimals)
            .max()
            .unwrap_or(0)
    };
    labels
        .iter()
        .map(|l| match number_in(l) {
            Some(n) if n.decimals < most(&l[n.end..]) && !n.zero => {
                let most = most(&l[n.end..]);
                let pad = "0".repeat(most - n.decimals);
                let dot = if n.decimals == 0 { "." } else { "" };
                format!("{}{dot}{pad}{}", &l[..n.end], &l[n.end..])
            }
            _ => l.clone(),
        })
        .collect()
}

/// The first number written in a label: where it ends, its decimals, and
/// whether it is zero.
struct Number {
    end: usize,
    decimals: usize,
    zero: bool,
}

fn number_in(label: &str) -> Option<Number> {
    let start = label.find(|c: char| c.is_ascii_digit())?;
    let b = label.as_bytes();
    let mut i = start;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b',') {
        i += 1;
    }
    let mut decimals = 0;
    if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            decimals += 1;
        }
    }
    // Scientific notation ("1.2e18") is left as it is.
    if b.get(i).is_some_and(|c| *c == b'e') {
        return None;
    }
    let zero = label[start..i]
        .chars()
        .all(|c| matches!(c, '0' | ',' | '.'));
    Some(Number {
        end: i,
        decimals,
        zero,
    })
}

/// The tick labels of a metric's unit.
pub fn tick_for(unit: Unit) -> fn(f64) -> String {
    match unit {
        Unit::Money => tick_money,
        Unit::Ratio => tick_pct,
        Unit::Hours | Unit::Count => tick_count,
    }
}

/// The tick labels of a difference in a metric's unit: signed, zero plain.
pub fn tick_delta(unit: Unit) -> impl Fn(f64) -> String {
    move |v: f64| {
        if v > 0.0 {
            format!("+{}", tick_for(unit)(v))
        } else {
            tick_for(unit)(v)
        }
    }
}

/// A horizontal value axis under a plot: grid lines from `top` to `bottom`,
/// tick labels under `bottom`, and the axis title under them. Returns the
/// y of the lowest ink.
pub fn x_axis<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: &Scale,
    (top, bottom): (i32, i32),
    fmt: &dyn Fn(f64) -> String,
    title: &str,
) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    let tt = Txt::new(TICK).color(MUTED);
    for (&v, label) in sc.ticks.iter().zip(tick_labels(&sc.ticks, fmt)) {
        let x = sc.px(v);
        line(area, vec![(x, top), (x, bottom)], GRID, 1)?;
        line(area, vec![(x, bottom), (x, bottom + 6)], AXIS, 1)?;
        text(area, &label, (x, bottom + 10 + tt.cap()), HPos::Center, tt)?;
    }
    line(area, vec![(sc.p0, bottom), (sc.p1, bottom)], AXIS, 1)?;
    let lt = Txt::new(LABEL);
    let y = bottom + 10 + tt.cap() + 14 + lt.cap();
    text(area, title, ((sc.p0 + sc.p1) / 2, y), HPos::Center, lt)?;
    Ok(y + (lt.size * 0.25) as i32)
}

/// Height that [`x_axis`] needs under the plot.
pub fn x_axis_height() -> i32 {
    10 + Txt::new(TICK).cap() + 14 + Txt::new(LABEL).cap() + (LABEL * 0.25) as i32
}

/// A vertical value axis left of a plot: grid lines from `left` to `right`,
/// tick labels right-aligned left of `left`, and a rotated title at
/// `title_x`. Returns nothing; [`tick_width`] gives the room its labels need.
pub fn y_axis<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: &Scale,
    (left, right): (i32, i32),
    fmt: &dyn Fn(f64) -> String,
    title: Option<(&str, i32)>,
) -> Drawn<DB> {
    let tt = Txt::new(TICK).color(MUTED);
    for (&v, label) in sc.ticks.iter().zip(tick_labels(&sc.ticks, fmt)) {
        let y = sc.px(v);
        line(area, vec![(left, y), (right, y)], GRID, 1)?;
        line(area, vec![(left - 6, y), (left, y)], AXIS, 1)?;
        text(area, &label, (left - 10, y + tt.cap() / 2), HPos::Right, tt)?;
    }
    line(area, vec![(left, sc.p0), (left, sc.p1)], AXIS, 1)?;
    if let Some((t, x)) = title {
        let lt = Txt::new(LABEL);
        text_up(area, t, (x + lt.cap(), (sc.p0 + sc.p1) / 2), lt)?;
    }
    Ok(())
}

/// Width of the widest tick label of `sc`.
pub fn tick_width(sc: &Scale, fmt: &dyn Fn(f64) -> String) -> i32 {
    let tt = Txt::new(TICK);
    tick_labels(&sc.ticks, fmt)
        .iter()
        .map(|l| tt.width(l))
        .max()
        .unwrap_or(0)
}

/// A plain number for an axis whose ticks are `step` apart: just enough
/// decimals to tell ticks apart, thousands separated.
pub fn tick_plain(v: f64, step: f64) -> String {
    plain(v, decimals_for(&[step]))
}

/// The fewest decimals (at most 6) that write every one of `xs` exactly.
pub fn decimals_for(xs: &[f64]) -> usize {
    (0..6)
        .find(|&d| {
            let k = 10f64.powi(d as i32);
            xs.iter()
                .filter(|x| x.is_finite())
                .all(|x| ((x * k).round() - x * k).abs() < 1e-6 * (x.abs() * k).max(1.0))
        })
        .unwrap_or(6)
}

/// `v` with `decimals` decimals and thousands separators ("12,500", "0.25").
pub fn plain(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), format!(".{f}")),
        None => (s.clone(), String::new()),
    };
    let grouped = format::thousands(int.parse::<f64>().unwrap_or(0.0));
    let neg = v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0');
    format!("{}{grouped}{frac}", if neg { "-" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_are_never_empty() {
        let s = Scale::nice(5.0, 5.0, 5, 1.0, (0, 100));
        assert!(s.hi > s.lo && s.lo <= 5.0 && s.hi >= 5.0);
        let z = Scale::nice(0.0, 0.0, 5, 0.01, (0, 100));
        assert!(z.hi > z.lo);
        let n = Scale::nice(f64::NAN, f64::NAN, 5, 1.0, (0, 100));
        assert!(n.hi > n.lo);
        let m = Scale::nice(1.2e7, 3.4e7, 5, 1.0, (0, 100));
        assert_eq!(m.ticks.first().copied(), Some(1.0e7));
        assert_eq!(m.ticks.last().copied(), Some(3.5e7));
    }

    #[test]
    fn absurd_ranges_give_few_ticks_and_pixels_near_the_chart() {
        for (lo, hi) in [
            (0.0, 1e300),
            (-1.7e308, 1.7e308),
            (1e305, 1e305 * (1.0 + 1e-15)),
            (f64::NEG_INFINITY, f64::INFINITY),
            (f64::NAN, 1e300),
        ] {
            for s in [
                Scale::nice(lo, hi, 6, 1.0, (0, 1000)),
                Scale::exact(lo, hi, 6, 1.0, (0, 1000)),
                Scale::counts(hi, (0, 1000), 8),
            ] {
                assert!(s.ticks.len() <= 65, "{lo}..{hi}: {} ticks", s.ticks.len());
                for v in [lo, hi, 0.0, f64::NAN, 1e308] {
                    assert!(s.px(v).abs() <= 1_000_000);
                }
            }
        }
        assert!(Scale::counts(1e6, (0, 1000), 8).ticks.len() <= 8);
    }

    /// The value a tick label writes: its number times its unit.
    fn value_of(label: &str) -> f64 {
        let neg = label.starts_with('-');
        let digits: String = label
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let unit = match label.chars().last() {
            Some('%') => 0.01,
            Some('k') => 1e3,
            Some('M') => 1e6,
            Some('B') => 1e9,
            _ => 1.0,
        };
        let v = digits.parse::<f64>().unwrap() * unit;
        if neg { -v } else { v }
    }

    #[test]
    fn tick_labels_write_their_ticks_exactly_with_equal_decimals() {
        // Ranges whose round steps need decimals: a percent axis at 0.25%
        // steps (the review's "5.2%, 5.5%, 5.8%, 6%"), money at $0.25M
        // steps above $10M, counts at 0.5, and a plain one.
        type Format = fn(f64) -> String;
        let cases: [(f64, f64, Format); 6] = [
            (0.0525, 0.07, tick_pct),
            (0.0, 0.004, tick_pct),
            (10.0e6, 11.5e6, tick_money),
            (-40e6, 30e6, tick_money),
            (0.0, 3.0, tick_count),
            (1_000.0, 40_000.0, tick_count),
        ];
        for (lo, hi, fmt) in cases {
            for target in 2..=8 {
                let sc = Scale::nice(lo, hi, target, 1e-12, (0, 1000));
                let labels = tick_labels(&sc.ticks, &fmt);
                let step = sc.ticks[1] - sc.ticks[0];
                for (v, l) in sc.ticks.iter().zip(&labels) {
                    assert!(
                        (value_of(l) - v).abs() <= 1e-9 * step.abs(),
                        "{l} for tick {v} (step {step})"
                    );
                }
                // Equal decimals within a unit ("$250k, $500k, $750k, $1.00M,
                // $1.25M").
                let decimals: Vec<(&str, usize)> = labels
                    .iter()
                    .filter_map(|l| {
                        number_in(l)
                            .filter(|n| !n.zero)
                            .map(|n| (&l[n.end..], n.decimals))
                    })
                    .collect();
                for a in &decimals {
                    assert!(
                        decimals.iter().all(|b| a.0 != b.0 || a.1 == b.1),
                        "{labels:?}"
                    );
                }
            }
        }
        let sc = Scale::nice(-1.75e6, 0.25e6, 8, 1e-12, (0, 1000));
        assert_eq!(
            tick_labels(&sc.ticks, &tick_money),
            [
                "-$1.75M", "-$1.50M", "-$1.25M", "-$1.00M", "-$750k", "-$500k", "-$250k", "$0",
                "$250k"
            ]
        );
        let sc = Scale::nice(0.0525, 0.07, 8, 1e-12, (0, 1000));
        assert_eq!(
            tick_labels(&sc.ticks, &tick_pct)[..4],
            ["5.25%", "5.50%", "5.75%", "6.00%"]
        );
    }

    #[test]
    fn plain_numbers_read_well() {
        assert_eq!(tick_plain(0.25, 0.25), "0.25");
        assert_eq!(tick_plain(0.2, 0.2), "0.2");
        assert_eq!(tick_plain(95_000.0, 5_000.0), "95,000");
        assert_eq!(tick_plain(-0.0001, 0.5), "0.0");
        assert_eq!(tick_plain(0.125, 0.125), "0.125");
        assert_eq!(decimals_for(&[0.0, 0.3, 1.0]), 1);
        assert_eq!(plain(-1234.5, 1), "-1,234.5");
    }
}

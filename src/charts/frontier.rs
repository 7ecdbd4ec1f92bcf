//! Chart 6: the frontier. Cost of sales as a share of revenue (x) against
//! lifetime value (y), one point per split at the means, P10-P90 whiskers in
//! both directions, each point labelled. Up and to the left is better.

use super::data::{ChartData, Quantiles, SplitData, best_by};
use super::*;
use crate::core::format;
use crate::core::stats::Delta;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::HPos;

/// The chart's title: its finding, in words. The LTV is the horizon's
/// (not the decision metric, which may add the terminal value), and a lead
/// whose 95% interval of the difference against the baseline holds zero
/// is said to be one that cannot be told apart from the baseline.
pub fn title(d: &ChartData) -> String {
    let ltv = best_by(&d.splits, |sp| sp.ltv.as_ref().map(|q| q.mean));
    let cos = best_by(&d.splits, |sp| sp.cost_of_sales.as_ref().map(|q| -q.mean));
    let ltv_words = format!("{}-month LTV", d.horizon_months);
    let ltv_of = |a: &SplitData| format::money(a.ltv.as_ref().map_or(f64::NAN, |q| q.mean));
    let cos_of = |b: &SplitData| format::pct(b.cost_of_sales.as_ref().map_or(f64::NAN, |q| q.mean));
    let base = format!("the baseline's ({})", d.baseline().name);
    match (ltv, cos) {
        (Some(a), Some(b)) if d.splits.len() == 1 => format!(
            "{}: {ltv_words} {} at a cost of sales of {} of revenue",
            a.name,
            ltv_of(a),
            cos_of(b)
        ),
        (Some(a), Some(b)) if a.index == b.index => match (
            within_noise(&a.ltv_delta),
            within_noise(&a.cost_of_sales_delta),
        ) {
            (false, false) => format!(
                "{} has both the highest {ltv_words} and the lowest cost of sales",
                a.name
            ),
            (true, false) => format!(
                "{} has the lowest cost of sales; its {ltv_words}, the highest, cannot be told apart from {base}",
                a.name
            ),
            (false, true) => format!(
                "{} has the highest {ltv_words}; its cost of sales, the lowest, cannot be told apart from {base}",
                a.name
            ),
            (true, true) => format!(
                "{} has the highest {ltv_words} and the lowest cost of sales, neither told apart from {base}",
                a.name
            ),
        },
        (Some(a), Some(b)) => {
            let apart = |delta: &Option<Delta>| {
                if within_noise(delta) {
                    format!(", not told apart from {base}")
                } else {
                    String::new()
                }
            };
            format!(
                "Highest {ltv_words}: {} ({}{}); lowest cost of sales: {} ({}{})",
                a.name,
                ltv_of(a),
                apart(&a.ltv_delta),
                b.name,
                cos_of(b),
                apart(&b.cost_of_sales_delta)
            )
        }
        _ => "Cost of sales against lifetime value".into(),
    }
}

/// Whether a difference against the baseline cannot be told from none:
/// its 95% interval holds zero. `None` (the baseline itself) is no lead.
fn within_noise(delta: &Option<Delta>) -> bool {
    // One trial: no interval, nothing told apart.
    delta.as_ref().is_some_and(|x| !x.clear())
}

fn subtitle(d: &ChartData) -> String {
    format!(
        "Each split at its mean cost of sales (share of revenue) and mean lifetime value over {} months; whiskers: \
         P10–P90 of trials. The spread is mostly the world's, shared by every split: the paired chart shows how sure a difference is.",
        d.horizon_months
    )
}

/// Draws the chart on any backend.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, d: &ChartData) -> Drawn<DB> {
    let f = frame(area, d, &title(d), &subtitle(d))?;
    // The splits with both means, and the quantiles of each.
    let pts: Vec<(&SplitData, &Quantiles, &Quantiles)> = d
        .splits
        .iter()
        .filter_map(|sp| Some((sp, sp.cost_of_sales.as_ref()?, sp.ltv.as_ref()?)))
        .collect();
    if pts.is_empty() {
        return empty_note(
            area,
            &f,
            "Cost of sales or lifetime value is undefined in every trial.",
        );
    }
    let (mut xlo, mut xhi, mut ylo, mut yhi) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for (_, c, l) in &pts {
        xlo = xlo.min(c.p10.min(c.mean));
        xhi = xhi.max(c.p90.max(c.mean));
        ylo = ylo.min(l.p10.min(l.mean));
        yhi = yhi.max(l.p90.max(l.mean));
    }
    // Room around the data for labels.
    let (xpad, ypad) = ((xhi - xlo) * 0.06, (yhi - ylo) * 0.06);
    let lt = Txt::new(LABEL);
    let top = f.top + 8;
    let bottom = f.bottom - x_axis_height();
    let sy = Scale::fitted(
        ylo - ypad,
        yhi + ypad,
        1.0,
        (bottom, top),
        |_| lt.line(),
        24,
    );
    let tick_w = tick_width(&sy, &tick_money);
    let left = f.left + lt.cap() + 16 + tick_w + 12;
    let right = f.right - Txt::new(TICK).width("100.0%") / 2;
    let sx = Scale::fitted(
        xlo - xpad,
        xhi + xpad,
        0.005,
        (left, right),
        |v| Txt::new(TICK).width(&tick_pct(v)),
        28,
    );
    y_axis(
        area,
        &sy,
        (left, right),
        &tick_money,
        Some((
            &format!(
                "Lifetime value over {} months, discounted ($)",
                d.horizon_months
            ),
            f.left,
        )),
    )?;
    x_axis(
        area,
        &sx,
        (top, bottom),
        &tick_pct,
        "Cost of sales / revenue (%)",
    )?;

    let note = Txt::new(NOTE).color(MUTED);
    let better = "Better: up and to the left";
    text(
        area,
        better,
        (left + 14, top + 14 + note.cap()),
        HPos::Left,
        note,
    )?;

    // Each split in pixels, once: its point, its whiskers' ends and its
    // label's size.
    let bt = Txt::new(LABEL).bold();
    let marks: Vec<Mark> = pts
        .iter()
        .map(|&(sp, c, l)| Mark {
            sp,
            at: (sx.px(c.mean), sy.px(l.mean)),
            x: (sx.px(c.p10), sx.px(c.p90)),
            y: (sy.px(l.p10), sy.px(l.p90)),
            size: (bt.width(&sp.name), bt.cap()),
        })
        .collect();

    // Whiskers first, then points, then labels on top.
    for m in &marks {
        let ((px, py), (x10, x90), (y10, y90)) = (m.at, m.x, m.y);
        line(area, vec![(x10, py), (x90, py)], m.sp.color, 3)?;
        line(area, vec![(px, y10), (px, y90)], m.sp.color, 3)?;
        for xx in [x10, x90] {
            line(area, vec![(xx, py - 8), (xx, py + 8)], m.sp.color, 3)?;
        }
        for yy in [y10, y90] {
            line(area, vec![(px - 8, yy), (px + 8, yy)], m.sp.color, 3)?;
        }
    }
    for m in &marks {
        area.draw(&Circle::new(m.at, 13, BG.filled()))?;
        area.draw(&Circle::new(m.at, 10, m.sp.color.filled()))?;
    }
    let points: Vec<(i32, i32)> = marks.iter().map(|m| m.at).collect();
    let sizes: Vec<(i32, i32)> = marks.iter().map(|m| m.size).collect();
    // Whiskers as thin boxes: a label may cover another split's whisker
    // only when nothing better is free.
    let whiskers: Vec<Rect> = marks
        .iter()
        .flat_map(|m| {
            let ((px, py), (x10, x90), (y10, y90)) = (m.at, m.x, m.y);
            [(x10, py - 2, x90, py + 2), (px - 2, y90, px + 2, y10)]
        })
        .collect();
    // Keep clear of the "Better" note.
    let note_box = (
        left,
        top,
        left + 28 + note.width(better),
        top + 28 + note.cap(),
    );
    let placed = place_labels(
        &points,
        &sizes,
        &whiskers,
        note_box,
        (left, top, right, bottom),
    );
    for (m, label) in marks.iter().zip(&placed) {
        let ((px, py), (tx, ty)) = (m.at, label.at);
        let b = label_box((tx, ty), m.size);
        if label.leader {
            // From the point's edge to the nearest point of the label's box.
            let (nx, ny) = (px.clamp(b.0, b.2), py.clamp(b.1, b.3));
            let (dx, dy) = (f64::from(nx - px), f64::from(ny - py));
            let d = dx.hypot(dy).max(1.0);
            let from = (
                px + (dx / d * 13.0).round() as i32,
                py + (dy / d * 13.0).round() as i32,
            );
            line(area, vec![from, (nx, ny)], m.sp.color, 2)?;
        }
        fill(area, (b.0, b.1), (b.2, b.3), BG.mix(0.85))?;
        text(area, &m.sp.name, (tx, ty), HPos::Left, bt)?;
    }
    Ok(())
}

/// A split on the chart, in pixels.
struct Mark<'a> {
    sp: &'a SplitData,
    /// Its point: mean cost of sales, mean lifetime value.
    at: (i32, i32),
    /// Its whiskers' ends: P10 and P90 of cost of sales (x) and of
    /// lifetime value (y).
    x: (i32, i32),
    y: (i32, i32),
    /// Its label's text width and cap height.
    size: (i32, i32),
}

/// A box: left, top, right, bottom (pixels).
type Rect = (i32, i32, i32, i32);

/// Where a point's label goes: its text's left end and baseline, and
/// whether it sits away from the point, joined to it by a leader line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Label {
    /// Left end and baseline of the text.
    pub at: (i32, i32),
    /// Whether a leader line joins it to its point.
    pub leader: bool,
}

/// The box a label's text takes (with its halo), from its left end and
/// baseline and its width and cap height.
fn label_box((tx, ty): (i32, i32), (w, h): (i32, i32)) -> Rect {
    (tx - 4, ty - h - 5, tx + w + 4, ty + 7)
}

/// The distance from a point to a box (0 inside it).
fn distance((x, y): (i32, i32), b: Rect) -> f64 {
    let dx = (b.0 - x).max(x - b.2).max(0);
    let dy = (b.1 - y).max(y - b.3).max(0);
    f64::from(dx).hypot(f64::from(dy))
}

/// Places each point's label (`sizes`: text width and cap height) inside
/// `bounds`, greedily in order: beside its point where that is free, else
/// further out with a leader line. A label nearer its own point than any
/// other is preferred, and one that is not (points on top of each other)
/// gets a leader line: a label never sits unmarked beside another split's
/// point. It avoids other labels, the points, the `reserved` box and, less
/// strongly, the whiskers.
pub fn place_labels(
    points: &[(i32, i32)],
    sizes: &[(i32, i32)],
    whiskers: &[Rect],
    reserved: Rect,
    bounds: Rect,
) -> Vec<Label> {
    let mut taken: Vec<Rect> = points
        .iter()
        .map(|&(px, py)| (px - 13, py - 13, px + 13, py + 13))
        .collect();
    taken.push(reserved);
    let mut out = Vec::with_capacity(points.len());
    for (i, (&(px, py), &(w, h))) in points.iter().zip(sizes).enumerate() {
        // Rings of candidate spots: beside the point, then further out.
        let rings = [18, 48, 84].map(|r| {
            [
                (px + r, py - r / 2),
                (px + r, py + h + r / 2),
                (px - r - w, py - r / 2),
                (px - r - w, py + h + r / 2),
                (px - w / 2, py - r - 6),
                (px - w / 2, py + h + r + 6),
                (px + r, py + h / 2),
                (px - r - w, py + h / 2),
            ]
        });
        let spot = |ring: usize, ci: usize| -> (i64, Label) {
            let at = rings[ring][ci];
            let b = label_box(at, (w, h));
            // Prefer earlier spots and nearer rings on ties.
            let mut score = ci as i64 + 500 * ring as i64;
            for t in &taken {
                score += 1000 * overlap(b, *t);
            }
            for wh in whiskers {
                score += 3 * overlap(b, *wh);
            }
            let outside = (bounds.0 - b.0).max(0)
                + (b.2 - bounds.2).max(0)
                + (bounds.1 - b.1).max(0)
                + (b.3 - bounds.3).max(0);
            score += 100_000 * i64::from(outside);
            // Never nearer another point than its own.
            let own = distance((px, py), b);
            let nearest_other = points
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, &p)| distance(p, b))
                .fold(f64::INFINITY, f64::min);
            // A label as near another point as its own is joined to its
            // own by a leader line, and placed so only when nothing
            // clear is free.
            let ambiguous = nearest_other <= own + 6.0;
            if ambiguous {
                score += 5_000;
            }
            let label = Label {
                at,
                leader: ring > 0 || ambiguous,
            };
            (score, label)
        };
        // The lowest score, the first of equals, starting from the first
        // spot.
        let mut best = spot(0, 0);
        for (ring, spots) in rings.iter().enumerate() {
            for ci in (0..spots.len()).skip(usize::from(ring == 0)) {
                let c = spot(ring, ci);
                if c.0 < best.0 {
                    best = c;
                }
            }
        }
        let label = best.1;
        taken.push(label_box(label.at, (w, h)));
        out.push(label);
    }
    out
}

fn overlap(a: (i32, i32, i32, i32), b: (i32, i32, i32, i32)) -> i64 {
    let w = (a.2.min(b.2) - a.0.max(b.0)).max(0);
    let h = (a.3.min(b.3) - a.1.max(b.1)).max(0);
    i64::from(w) * i64::from(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Points in a plot of 1,200 x 500 pixels, crowded as the example's
    /// splits are (three within 40 pixels, two on top of each other), each
    /// label 230 pixels wide.
    fn crowds() -> Vec<Vec<(i32, i32)>> {
        let mut out = vec![
            vec![
                (300, 250),
                (330, 270),
                (360, 262),
                (700, 270),
                (705, 285),
                (1000, 240),
            ],
            vec![(600, 250), (610, 250), (620, 250), (630, 250)],
            vec![(100, 100), (1100, 400), (110, 110), (1090, 390)],
        ];
        // And scattered ones from a fixed sequence (a linear congruential
        // generator: the same points every run).
        let mut seed: u64 = 7;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % m) as i32
        };
        for _ in 0..20 {
            let n = 2 + next(5) as usize;
            out.push((0..n).map(|_| (100 + next(1000), 60 + next(380))).collect());
        }
        out
    }

    #[test]
    fn every_label_is_nearer_its_own_point_than_any_other_or_has_a_leader() {
        for points in crowds() {
            let sizes = vec![(230, 16); points.len()];
            let placed = place_labels(&points, &sizes, &[], (0, 0, 200, 30), (0, 0, 1200, 500));
            for (i, l) in placed.iter().enumerate() {
                let b = label_box(l.at, sizes[i]);
                let own = distance(points[i], b);
                for (j, &p) in points.iter().enumerate().filter(|&(j, _)| j != i) {
                    assert!(
                        l.leader || distance(p, b) > own,
                        "label {i} at {:?} is as near point {j} {p:?} as its own {:?} ({points:?})",
                        l.at,
                        points[i]
                    );
                }
                // Beside the point, or joined to it by a leader line.
                assert!(l.leader || own <= 20.0, "{own} from its point, no leader");
            }
            // Apart from each other where the points are apart.
            let spread = points.iter().all(|a| {
                points
                    .iter()
                    .filter(|b| *b != a)
                    .all(|b| (a.0 - b.0).abs() + (a.1 - b.1).abs() > 40)
            });
            if spread {
                for (i, a) in placed.iter().enumerate() {
                    for (j, b) in placed.iter().enumerate().skip(i + 1) {
                        let (ba, bb) = (label_box(a.at, sizes[i]), label_box(b.at, sizes[j]));
                        assert_eq!(overlap(ba, bb), 0, "labels {i} and {j} of {points:?}");
                    }
                }
            }
        }
        // The review's case: two points near each other, each label beside
        // its own point with no leader.
        let points = [(300, 250), (345, 262)];
        let placed = place_labels(
            &points,
            &[(230, 16); 2],
            &[],
            (0, 0, 1, 1),
            (0, 0, 1200, 500),
        );
        assert!(placed.iter().all(|l| !l.leader), "{placed:?}");
    }
}

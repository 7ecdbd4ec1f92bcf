//! The cell-months that can have an event (docs/model.md, "A month, in
//! order", implementation note on candidates): a cell churns or has an
//! opportunity only when its `u_churn` or `u_opp` falls below a threshold,
//! and no split's threshold can exceed a bound known once the trial is
//! drawn. So a trial draws every cell-month's two uniforms once and keeps
//! only those below their motion's bounds (about a tenth of them); every
//! split then looks at those candidates alone, instead of every cell.
//!
//! The thresholds' formulas live here too, so that the month loop and the
//! bounds read the same operations: a bound is the same formula at the end
//! of each input's range, and IEEE rounding is monotonic.

use super::world::World;
use crate::core::rng::{Key, unit};
use crate::scenario::Role;

/// The most candidates a trial keeps for all its months (44 bytes each:
/// the cell, its two uniforms, its `u_win` and two deal sizes; 44 MiB per
/// worker thread at most). A trial with more (a large book, or bounds
/// near 1) keeps the months that fit and finds each later month's
/// candidates as the month comes, once per split, so that its memory does
/// not grow with months; the results are the same.
pub const MAX_CANDIDATES: usize = 1 << 20;

/// An absolute margin on the chance-of-opportunity bound: `exp` and `powf`
/// are not guaranteed monotonic to the last bit, the margin is far above
/// their error (about 1e-16 near 1) and costs nothing measurable.
const OPP_MARGIN: f64 = 1e-12;

/// The churn factor `1 + k max(0, 1 - i_r)` of step 5.1.
#[inline(always)]
pub(super) fn churn_factor(k: f64, i_r: f64) -> f64 {
    1.0 + k * (1.0 - i_r).max(0.0)
}

/// The monthly churn hazard of step 5.1, `[min(1, hz), min(1, hz H_c)]`,
/// without and with the hand-off multiplier, from `hz` = the motion's
/// monthly hazard times the churn factor.
#[inline(always)]
pub(super) fn hazards(hz: f64, handoff_multiplier: f64) -> [f64; 2] {
    [hz.min(1.0), (hz * handoff_multiplier).min(1.0)]
}

/// The response `M(i) = i^e` of step 4 (1 when e = 0).
#[inline(always)]
pub(super) fn response(i_r: f64, e: f64) -> f64 {
    if e == 0.0 { 1.0 } else { i_r.powf(e) }
}

/// The chance of an opportunity in a month (step 5.3), `1 - exp(-rate M / 12)`.
#[inline(always)]
pub(super) fn opportunity(rate_per_year: f64, response: f64) -> f64 {
    1.0 - (-rate_per_year * response / 12.0).exp()
}

/// Per motion of the trial's world, `[churn, opportunity]` bounds: no
/// cell of the motion churns in any month of any split unless its
/// `u_churn` is below the first, and has no opportunity unless its `u_opp`
/// is below the second. Where the response has no largest value (an
/// elasticity below 0, which validation refuses), the bound is above 1,
/// which every uniform is below. A threshold that is not a number (`I_max^e`
/// overflowing, times a rate of 0) never fires, and is left out.
pub(super) fn bounds(w: &World, out: &mut Vec<[f64; 2]>) {
    let imax = w.max_intensity;
    // i_r lies in [0, I_max]: the churn factor is largest at i_r = 0 for
    // k >= 0, and at most 1 for k < 0.
    let factor = churn_factor(w.undercoverage_churn, 0.0).max(1.0);
    // The response grows with i_r for e > 0: largest at I_max.
    let e = w.elasticity;
    let response_max = if e == 0.0 {
        1.0
    } else if e > 0.0 && imax >= 0.0 {
        response(imax, e)
    } else {
        f64::INFINITY
    };
    out.clear();
    out.extend(w.motions.iter().map(|mn| {
        let churn = Role::ALL
            .iter()
            .flat_map(|&r| hazards(mn.hz[r] * factor, w.handoff_multiplier))
            .fold(0.0f64, f64::max);
        let opp = [mn.upsell_per_year, mn.cross_sell_per_year]
            .map(|rate| opportunity(rate, response_max))
            .into_iter()
            .fold(0.0f64, f64::max);
        // f64::max skips a NaN: a bound is always a number.
        [churn, opp + OPP_MARGIN]
    }));
}

/// How many of the 2^52 uniforms of the grid (`unit`, docs/model.md
/// "Randomness") lie below `b`: a uniform made from `bits` is below `b` if
/// and only if `bits >> 12` is below this limit, so that the cells can be
/// compared as integers, and only the candidates made into numbers.
///
/// `unit(bits) = (m + 1/2) 2^-52` with `m = bits >> 12`, so `unit < b` if and
/// only if `m < b 2^52 - 1/2`: both steps are exact in floating point (a
/// power of 2, then a half where the result is below 2^52), and for an
/// integer m, `m < y` if and only if `m < ceil(y)`.
pub(super) fn limit(b: f64) -> u64 {
    const GRID: f64 = (1u64 << 52) as f64;
    let y = b * GRID - 0.5;
    if y.is_nan() || y <= 0.0 {
        0
    } else if y >= GRID {
        1 << 52
    } else {
        y.ceil() as u64
    }
}

/// Whether a cell state's thresholds `[churn, opportunity]` are within its
/// motion's bounds: what makes the candidates hold every event. A
/// threshold that is not a number is within (no uniform is below it).
pub(super) fn within(thresholds: [f64; 2], bounds: [f64; 2]) -> bool {
    let under = |t: f64, b: f64| t.is_nan() || t <= b;
    under(thresholds[0], bounds[0]) && under(thresholds[1], bounds[1])
}

/// The trial's candidates: per month, the cells (in cell order) whose
/// `[u_churn, u_opp]` fall below their motion's bounds, with those two
/// uniforms.
#[derive(Default)]
pub struct Candidates {
    /// Per cell: its motion's bounds as limits on `bits >> 12` (see
    /// [`limit`]), for this trial.
    cell_limits: Vec<[u64; 2]>,
    /// Scratch for one month: every cell's place, and its draws as bits,
    /// written at the end of the month's candidates found so far.
    month_cells: Vec<u32>,
    month_bits: Vec<[u64; 2]>,
    /// The candidates: the cell, its `[u_churn, u_opp]`, and its `u_win`
    /// and deal sizes once a split has needed them (see [`Month`]).
    cells: Vec<u32>,
    uniforms: Vec<[f64; 2]>,
    win: Vec<f64>,
    sizes: Vec<[f64; 2]>,
    /// Where each month's candidates start in `cells` (months from 1; entry
    /// t - 1), and where the last ends, for the months the trial keeps: the
    /// first `month_start.len() - 1`. A later month's are found as it
    /// comes, after the end of those.
    month_start: Vec<usize>,
}

impl Candidates {
    /// Finds the trial's candidates: every month's, if there are at most
    /// `max` of them in all; else those of the first months that fit in
    /// `max` (see [`Candidates::month`]).
    pub(super) fn draw(
        &mut self,
        keys: &[Key],
        motion_of: impl Iterator<Item = u32>,
        bounds: &[[f64; 2]],
        horizon: u32,
        max: usize,
    ) {
        self.cell_limits.clear();
        self.cell_limits
            .extend(motion_of.map(|m| bounds[m as usize].map(limit)));
        debug_assert_eq!(self.cell_limits.len(), keys.len());
        self.truncate(0);
        self.month_start.clear();
        self.month_start.push(0);
        for t in 1..=horizon {
            self.find(keys, t);
            if self.cells.len() > max {
                // Month t does not fit: the table ends with month t - 1.
                self.truncate(self.tabled());
                return;
            }
            self.month_start.push(self.cells.len());
        }
    }

    /// How many months, from the first, the table holds.
    #[cfg(test)]
    pub(super) fn months_kept(&self) -> usize {
        self.month_start.len() - 1
    }

    /// Where the candidates of the months in the table end.
    pub(super) fn tabled(&self) -> usize {
        self.month_start.last().copied().unwrap_or(0)
    }

    fn truncate(&mut self, len: usize) {
        self.cells.truncate(len);
        self.uniforms.truncate(len);
        self.win.truncate(len);
        self.sizes.truncate(len);
    }

    /// Appends month `t`'s candidates. The month's cells are compared as
    /// bits (see [`limit`]) without a branch per cell, each written into
    /// the scratch at the end of those found and kept by moving the end
    /// past it; only the candidates are then made into uniforms and kept,
    /// so the buffers grow by what is found.
    fn find(&mut self, keys: &[Key], t: u32) {
        let n0 = 4 * u64::from(t - 1);
        self.month_cells.resize(keys.len(), 0);
        self.month_bits.resize(keys.len(), [0; 2]);
        let (cells, bits) = (&mut self.month_cells[..], &mut self.month_bits[..]);
        let mut found = 0;
        for (i, (k, l)) in keys.iter().zip(&self.cell_limits).enumerate() {
            let b = [k.bits(n0), k.bits(n0 + 1)];
            cells[found] = i as u32;
            bits[found] = b;
            found += usize::from(((b[0] >> 12) < l[0]) | ((b[1] >> 12) < l[1]));
        }
        self.cells.extend_from_slice(&cells[..found]);
        self.uniforms
            .extend(bits[..found].iter().map(|b| b.map(unit)));
        self.win.resize(self.cells.len(), f64::NAN);
        self.sizes.resize(self.cells.len(), [f64::NAN; 2]);
    }

    /// Month `t`'s candidates (from 1), from the trial's table, or found
    /// now, after the table's, when it does not hold them.
    pub(super) fn month(&mut self, t: u32, keys: &[Key]) -> Month<'_> {
        let t = t as usize;
        let range = match self.month_start.get(t - 1..=t) {
            Some(&[a, b]) => a..b,
            _ => {
                let end = self.tabled();
                self.truncate(end);
                self.find(keys, t as u32);
                end..self.cells.len()
            }
        };
        Month {
            cells: &self.cells[range.clone()],
            uniforms: &self.uniforms[range.clone()],
            win: &mut self.win[range.clone()],
            sizes: &mut self.sizes[range],
        }
    }
}

/// One month's candidates, in cell order.
pub(super) struct Month<'a> {
    /// The cells.
    pub(super) cells: &'a [u32],
    /// Their `[u_churn, u_opp]`.
    pub(super) uniforms: &'a [[f64; 2]],
    /// Their `u_win` (element 4 (t - 1) + 2 of the cell's stream), NaN
    /// until a split has an opportunity there: the same in every split,
    /// so drawn once, and never for a candidate only of churn.
    pub(super) win: &'a mut [f64],
    /// Their deal sizes, `[up-sell multiple, cross-sell size]` from `u_size`
    /// (element 4 (t - 1) + 3), NaN until a split needs one: the same in
    /// every split, so drawn once.
    pub(super) sizes: &'a mut [[f64; 2]],
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rng::Key;

    /// A uniform is below a bound exactly when its bits are below the
    /// bound's limit: at the grid's points, a floating-point step either
    /// side of them, and at random bounds.
    #[test]
    fn a_limit_says_which_uniforms_are_below_a_bound() {
        let key = Key::root(3);
        let mut bounds = vec![
            0.0,
            -1.0,
            1.0,
            2.0,
            1e-300,
            f64::MIN_POSITIVE,
            0.5,
            1.0 - 1e-16,
        ];
        for i in 0..2000u64 {
            let m = key.bits(i) >> (12 + i % 50);
            let on = unit(m << 12);
            bounds.extend([on, on.next_up(), on.next_down(), key.uniform(10_000 + i)]);
        }
        for b in bounds {
            let l = limit(b);
            // The uniforms next to the limit, and the grid's ends.
            for m in [
                l.saturating_sub(2),
                l.saturating_sub(1),
                l,
                l + 1,
                0,
                (1 << 52) - 1,
            ] {
                let m = m.min((1 << 52) - 1);
                let bits = (m << 12) | 0xABC;
                assert_eq!((bits >> 12) < l, unit(bits) < b, "bound {b:e}, m {m}");
            }
        }
    }

    /// Month by month, the candidates are exactly the cells whose keyed
    /// stream's elements 4 (t - 1) and 4 (t - 1) + 1 (docs/model.md,
    /// "Randomness") fall below their motion's bounds, in cell order; with
    /// a table and without one.
    #[test]
    fn the_candidates_are_the_cells_below_their_bounds() {
        let keys: Vec<Key> = (0..500).map(|i| Key::root(9).with(i)).collect();
        let motion: Vec<u32> = (0..500).map(|i| (i % 3) as u32).collect();
        let bounds = [[0.02, 0.1], [0.0, 0.3], [0.05, 0.0]];
        let horizon = 7;
        let expected = |t: u32| {
            let n0 = 4 * u64::from(t - 1);
            let mut e = (Vec::new(), Vec::new());
            for (i, k) in keys.iter().enumerate() {
                let u = [k.uniform(n0), k.uniform(n0 + 1)];
                let b = bounds[motion[i] as usize];
                if u[0] < b[0] || u[1] < b[1] {
                    e.0.push(i as u32);
                    e.1.push(u);
                }
            }
            e
        };
        let mut table = Candidates::default();
        table.draw(
            &keys,
            motion.iter().copied(),
            &bounds,
            horizon,
            MAX_CANDIDATES,
        );
        assert_eq!(table.month_start.len(), horizon as usize + 1);
        let mut untabled = Candidates::default();
        untabled.draw(&keys, motion.iter().copied(), &bounds, horizon, 0);
        assert_eq!(untabled.month_start, [0]);
        // Room for three months' candidates (about 60 each) but not four.
        let first_three: usize = (1..=3).map(|t| expected(t).0.len()).sum();
        let mut part = Candidates::default();
        part.draw(&keys, motion.iter().copied(), &bounds, horizon, first_three);
        assert_eq!(part.month_start.len(), 4);
        for t in (1..=horizon).chain([2, 6, 1]) {
            let (cells, u) = expected(t);
            // About 0.12 of 500 cells a month: the test sees candidates.
            assert!(cells.len() > 20, "{}", cells.len());
            for c in [&mut table, &mut untabled, &mut part] {
                let m = c.month(t, &keys);
                assert_eq!((m.cells, m.uniforms), (&cells[..], &u[..]));
                // Drawn when a split first needs them.
                assert!(m.win.iter().all(|x| x.is_nan()));
                assert!(m.sizes.iter().flatten().all(|x| x.is_nan()));
            }
        }
    }
}

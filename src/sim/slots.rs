//! Reps' seats, month by month (docs/model.md, "A month, in order", step 1,
//! and "The transition"): quits, vacancies, hires and ramp-up, and, in a
//! team reduced by attrition, the excess seats that close as their reps
//! quit and whose reps step into the target seats that lose theirs.

use super::transition::Seats;
use super::world::RoleNums;
use crate::core::rng::Key;

/// A seat that is never refilled (a closed excess seat).
const NEVER: u32 = u32::MAX;

/// Tenure of a rep who was already fully ramped before month 1.
const RAMPED: u32 = u32::MAX / 2;

/// One seat of a role (its monthly uniforms are in the trial's [`Quits`]).
#[derive(Clone, Copy, Debug)]
pub(super) struct Slot {
    filled: bool,
    /// The month a hire arrives in a vacant seat.
    arrival: u32,
    /// Months since the rep arrived (1 in the arrival month).
    tenure: u32,
    /// The rep's ramp-up in months (a redeployed rep's may differ).
    ramp: f64,
    /// An excess seat (reduction by attrition): closes when its rep quits.
    excess: bool,
    /// Its rep quit this month (target seats only).
    quit: bool,
}

/// What a role's seats give in one month.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct SlotMonth {
    /// Productive hours: `E_r(t)`.
    pub e: f64,
    /// Filled seats.
    pub filled: u32,
    /// Hires arriving this month.
    pub hires: u32,
}

/// The months in which each seat of a role would lose its rep, in one
/// trial: seat i's rep quits in month t when `key.with(i).uniform(t - 1)`
/// is below the role's monthly quit hazard, whoever holds the seat, in
/// every split. The seat's uniforms are the same in every split, so they
/// are drawn once per trial, as one bit per month, for as many seats as
/// the largest team needs (docs/model.md, "A month, in order", step 1).
#[derive(Clone, Debug, Default)]
pub(super) struct Quits {
    key: Key,
    hazard: f64,
    horizon: u32,
    /// Words of 64 months per seat.
    words: usize,
    /// Seat after seat, `words` words each; bit `t - 1` is month t.
    bits: Vec<u64>,
}

impl Quits {
    /// Starts a trial's table: seats keyed `key.with(i)`, quitting below
    /// `hazard`, over `horizon` months; no seat drawn yet.
    pub fn new_trial(&mut self, key: Key, hazard: f64, horizon: u32) {
        self.key = key;
        self.hazard = hazard;
        self.horizon = horizon;
        self.words = (horizon as usize).div_ceil(64);
        self.bits.clear();
    }

    /// Draws the months of seats up to `seats` (those not drawn yet).
    pub fn draw(&mut self, seats: u32) {
        let drawn = self.bits.len().checked_div(self.words).unwrap_or(0);
        for i in drawn..seats as usize {
            let key = self.key.with(i as u64);
            for w in 0..self.words {
                let months = (w * 64)..(self.horizon as usize).min(w * 64 + 64);
                let mut word = 0u64;
                for n in months {
                    word |= u64::from(key.uniform(n as u64) < self.hazard) << (n % 64);
                }
                self.bits.push(word);
            }
        }
    }

    /// Whether seat i's rep (if any) quits in month t.
    #[inline(always)]
    fn quits(&self, i: usize, t: u32) -> bool {
        let n = (t - 1) as usize;
        self.bits[i * self.words + n / 64] >> (n % 64) & 1 == 1
    }
}

/// A role's seats and how many excess seats are still filled.
#[derive(Clone, Debug, Default)]
pub(super) struct Team {
    slots: Vec<Slot>,
    excess_left: u32,
}

impl Team {
    /// Seats the role at the start of month 1 (docs/model.md, "The
    /// transition", readings 4 and 5): today's reps kept in seats
    /// 0..kept-1 and, under attrition, the excess reps above them, all
    /// ramped; then the redeployed reps in the lowest new seats, ramping
    /// over `redeploy_ramp` from month 1; then the vacant new seats, whose
    /// hire arrives in month 1 + months_to_hire as after a quit just
    /// before month 1. Seat i quits as [`Quits`] says, whoever holds it.
    pub fn seat(&mut self, seats: &Seats, rn: &RoleNums, redeploy_ramp: f64) {
        let slot = |filled, arrival, tenure, ramp, excess| Slot {
            filled,
            arrival,
            tenure,
            ramp,
            excess,
            quit: false,
        };
        let (kept, excess) = (seats.kept, seats.kept + seats.excess);
        let redeployed = excess + seats.redeployed;
        let all = seats.all();
        self.slots.clear();
        self.slots.extend((0..all).map(|i| {
            if i < kept {
                slot(true, 0, RAMPED, rn.ramp_months, false)
            } else if i < excess {
                slot(true, 0, RAMPED, rn.ramp_months, true)
            } else if i < redeployed {
                slot(true, 0, 0, redeploy_ramp, false)
            } else {
                slot(false, 1 + rn.months_to_hire, 0, rn.ramp_months, false)
            }
        }));
        self.excess_left = seats.excess;
    }

    /// Month t: quits (an excess seat closes; a target seat falls vacant
    /// for months_to_hire months), then each target seat whose rep quit,
    /// lowest first, takes the rep of the highest excess seat still filled
    /// (reading 6), then arrivals, then productivity `min(1, j / ramp)` in
    /// the rep's j-th month, summed in seat order; the hours lost to
    /// ramp-up are added to `ramp_hours`, seat by seat.
    pub fn month(
        &mut self,
        t: u32,
        rn: &RoleNums,
        quits: &Quits,
        ramp_hours: &mut f64,
    ) -> SlotMonth {
        let mut target_quits = false;
        for (i, slot) in self.slots.iter_mut().enumerate() {
            slot.quit = false;
            if slot.filled && quits.quits(i, t) {
                slot.filled = false;
                if slot.excess {
                    slot.arrival = NEVER;
                    self.excess_left -= 1;
                } else {
                    slot.arrival = t + rn.months_to_hire;
                    slot.quit = true;
                    target_quits = true;
                }
            }
        }
        if target_quits && self.excess_left > 0 {
            self.refill_from_excess();
        }
        let mut m = SlotMonth::default();
        for slot in self.slots.iter_mut() {
            if !slot.filled && slot.arrival == t {
                slot.filled = true;
                slot.tenure = 0;
                slot.ramp = rn.ramp_months;
                m.hires += 1;
            }
            if slot.filled {
                slot.tenure = slot.tenure.saturating_add(1);
                let prod = if slot.ramp > 0.0 {
                    (f64::from(slot.tenure) / slot.ramp).min(1.0)
                } else {
                    1.0
                };
                m.e += rn.capacity * prod;
                *ramp_hours += rn.capacity * (1.0 - prod);
                m.filled += 1;
            }
        }
        m
    }

    /// Moves excess reps into the target seats whose reps quit this month:
    /// the lowest such seat takes the highest excess seat still filled, and
    /// so on; each excess seat used closes. Target seats come first.
    fn refill_from_excess(&mut self) {
        let mut top = self.slots.len();
        for i in 0..self.slots.len() {
            if !self.slots[i].quit {
                continue;
            }
            while top > i + 1 && !(self.slots[top - 1].excess && self.slots[top - 1].filled) {
                top -= 1;
            }
            if top <= i + 1 {
                return;
            }
            let from = top - 1;
            let rep = self.slots[from];
            let to = &mut self.slots[i];
            to.filled = true;
            to.tenure = rep.tenure;
            to.ramp = rep.ramp;
            let closed = &mut self.slots[from];
            closed.filled = false;
            closed.arrival = NEVER;
            self.excess_left -= 1;
            top = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seat i quits in month t exactly when its keyed uniform of element
    /// t - 1 is below the hazard (the draw every split made for itself
    /// before the table), past 64 months too, and seats drawn later give
    /// the same months as seats drawn at once.
    #[test]
    fn a_seat_quits_when_its_own_uniform_is_below_the_hazard() {
        let key = Key::root(11).with(3);
        let (hazard, horizon) = (0.3, 130);
        let mut once = Quits::default();
        once.new_trial(key, hazard, horizon);
        once.draw(7);
        let mut grown = Quits::default();
        grown.new_trial(key, hazard, horizon);
        grown.draw(2);
        grown.draw(2);
        grown.draw(7);
        let mut quits = 0;
        for i in 0..7 {
            for t in 1..=horizon {
                let expected = key.with(i as u64).uniform(u64::from(t - 1)) < hazard;
                assert_eq!(once.quits(i, t), expected, "seat {i}, month {t}");
                assert_eq!(grown.quits(i, t), expected, "seat {i}, month {t}");
                quits += usize::from(expected);
            }
        }
        // About 0.3 x 7 x 130 = 273 quits: the table is not all one way.
        assert!((200..350).contains(&quits), "{quits}");
        // A new trial starts a new table.
        once.new_trial(key.with(1), hazard, 12);
        once.draw(1);
        for t in 1..=12 {
            assert_eq!(
                once.quits(0, t),
                key.with(1).with(0).uniform(u64::from(t - 1)) < hazard
            );
        }
    }
}

//! Counter-based random numbers.
//!
//! docs/model.md ("Randomness") asks that every uniform be a pure function of
//! (seed, trial, purpose, names and indices), never of positions in the
//! scenario's arrays or of the order in which threads run. We meet that with
//! keyed hashing rather than stateful generators: a [`Key`] is built by folding
//! names and indices into a 64-bit value, and the uniforms of a stream are the
//! SplitMix64 sequence started at that key (Steele, Lea and Flood, "Fast
//! splittable pseudorandom number generators", OOPSLA 2014). Element `n` of a
//! stream is `mix64(key + (n + 1) * GOLDEN)`, so any element can be read
//! directly, in any order, by any thread, and an element nobody reads is
//! "consumed" all the same.
//!
//! Where a draw needs a sequence rather than one element (a permutation of
//! Latin hypercube strata, a bootstrap resample), a key's [`Stream`] reads
//! its elements in order as a `rand` generator, so the algorithms are
//! rand's own (`SliceRandom::shuffle`, `IndexedRandom::choose`) instead of
//! hand-written ones.

use rand::TryRng;
use std::convert::Infallible;

/// The 64-bit golden ratio increment of SplitMix64.
pub const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// Purposes: each kind of draw has its own family of streams.
pub mod purpose {
    /// The per-trial parameters.
    pub const PARAM: u64 = 1;
    /// The accounts' starting spend.
    pub const SPEND: u64 = 2;
    /// The monthly events of a cell (churn, opportunities, wins, sizes).
    pub const CELL: u64 = 3;
    /// The monthly quits of a rep's seat.
    pub const SLOT: u64 = 4;
    /// Parameter designs (Latin hypercube strata, Iman-Conover shuffles).
    pub const DESIGN: u64 = 5;
    /// Whether a cell kept by a reduced role gets a new rep (once per trial).
    pub const TRANSITION: u64 = 6;
    /// Bootstrap resamples of the trials for a quantile's paired difference.
    pub const QUANTILE_BOOTSTRAP: u64 = 7;
}

/// The SplitMix64 output function (a bijective 64-bit finaliser).
#[inline(always)]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A stable 64-bit hash of a name (FNV-1a, then mixed), the same on every
/// platform and every run, unlike `std`'s randomly keyed hasher.
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for b in s.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    mix64(h)
}

/// Maps 64 random bits to a uniform in the open interval (0, 1): the top 52
/// bits plus one half, on a grid of 2^-52, so that inverse CDFs never see 0
/// or 1 (with 53 bits the largest value would round up to 1).
#[inline(always)]
pub fn unit(bits: u64) -> f64 {
    ((bits >> 12) as f64 + 0.5) * (1.0 / (1u64 << 52) as f64)
}

/// A key naming one stream of uniforms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Key(pub u64);

impl Key {
    /// The key of a whole run.
    pub fn root(seed: u64) -> Key {
        Key(mix64(seed ^ 0x6B65_7973_706C_6974)) // "keysplit"
    }

    /// A child key: this key with one more name or index folded in.
    #[inline]
    pub fn with(self, x: u64) -> Key {
        Key(mix64(
            self.0.rotate_left(23) ^ mix64(x.wrapping_add(GOLDEN)),
        ))
    }

    /// A child key for a name.
    pub fn with_name(self, name: &str) -> Key {
        self.with(hash_str(name))
    }

    /// Element `n` of this key's stream: 64 random bits.
    #[inline(always)]
    pub fn bits(self, n: u64) -> u64 {
        mix64(self.0.wrapping_add(n.wrapping_add(1).wrapping_mul(GOLDEN)))
    }

    /// Element `n` of this key's stream, as a uniform in (0, 1).
    #[inline(always)]
    pub fn uniform(self, n: u64) -> f64 {
        unit(self.bits(n))
    }

    /// This key's stream as a `rand` generator, from element 0.
    pub fn stream(self) -> Stream {
        Stream { key: self, next: 0 }
    }
}

/// A key's stream read in order: a `rand` generator (it implements
/// `TryRng` with no error, hence `rand::Rng` and `RngExt`). Its n-th 64-bit
/// word is element n of the stream ([`Key::bits`]); a 32-bit word is the
/// high half of the next 64-bit one (SplitMix64's best bits), so each word
/// of either size consumes one element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stream {
    key: Key,
    next: u64,
}

impl Stream {
    /// The elements read so far.
    pub fn position(&self) -> u64 {
        self.next
    }
}

impl TryRng for Stream {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok((self.try_next_u64()? >> 32) as u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let x = self.key.bits(self.next);
        self.next += 1;
        Ok(x)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        rand::rand_core::utils::fill_bytes_via_next_word(dst, || self.try_next_u64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniforms_lie_in_the_open_unit_interval() {
        assert!(unit(0) > 0.0);
        assert!(unit(u64::MAX) < 1.0);
    }

    #[test]
    fn stream_mean_and_variance_match_the_uniform_law() {
        // A uniform on (0,1) has mean 1/2 and variance 1/12.
        let k = Key::root(7).with(3).with_name("cell");
        let n = 200_000u64;
        let xs: Vec<f64> = (0..n).map(|i| k.uniform(i)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        // Standard error of the mean: sqrt(1/12 / n) ~ 0.00065.
        assert!((mean - 0.5).abs() < 4.0 * (1.0 / 12.0 / n as f64).sqrt());
        assert!((var - 1.0 / 12.0).abs() < 0.002);
    }

    /// The first outputs of SplitMix64 seeded with 0, from the published
    /// algorithm (Steele, Lea and Flood 2014; Vigna's reference
    /// `splitmix64.c`: `x += 0x9e3779b97f4a7c15`, then the mix), as commonly
    /// listed for testing implementations.
    const SPLITMIX64_SEED_0: [u64; 4] = [
        0xE220_A839_7B1D_CDAF,
        0x6E78_9E6A_A1B9_65F4,
        0x06C4_5D18_8009_454F,
        0xF88B_B8A8_724C_81EC,
    ];

    #[test]
    fn the_stream_of_key_zero_is_splitmix64_seeded_with_zero() {
        use rand::Rng;
        let mut s = Key(0).stream();
        for want in SPLITMIX64_SEED_0 {
            assert_eq!(s.next_u64(), want);
        }
        assert_eq!(s.position(), 4);
        // Direct reads agree with the stream, in any order.
        assert_eq!(Key(0).bits(2), SPLITMIX64_SEED_0[2]);
        // A 32-bit word is the high half of the next element.
        let mut s = Key(0).stream();
        assert_eq!(s.next_u32(), 0xE220_A839);
        assert_eq!(s.next_u32(), 0x6E78_9E6A);
        let mut bytes = [0u8; 12];
        Key(0).stream().fill_bytes(&mut bytes);
        assert_eq!(bytes[..8], SPLITMIX64_SEED_0[0].to_le_bytes());
        assert_eq!(bytes[8..], SPLITMIX64_SEED_0[1].to_le_bytes()[..4]);
    }

    /// rand 0.10's `SliceRandom::shuffle`, written out from its documented
    /// algorithm for slices shorter than 13: Durstenfeld's Fisher-Yates run
    /// forwards, element i swapped with an index uniform in 0..=i, the
    /// indices being the mixed-radix digits (radix 2, 3, ..., 12) of one
    /// draw uniform in [0, 12!), itself drawn by the widening multiply
    /// (Lemire 2019) of one 32-bit word: `(x * 12!) >> 32`.
    fn shuffled_by_hand(x: u32, n: usize) -> Vec<usize> {
        const BOUND: u64 = 479_001_600; // 2 x 3 x ... x 12
        let wide = u64::from(x) * BOUND;
        // A low half above 2^32 - bound would take a second word; the
        // words used here do not.
        assert!(wide as u32 <= 0u32.wrapping_sub(BOUND as u32));
        let mut chunk = wide >> 32;
        let mut v: Vec<usize> = (0..n).collect();
        for i in 1..n {
            let radix = i as u64 + 1;
            v.swap(i, (chunk % radix) as usize);
            chunk /= radix;
        }
        v
    }

    #[test]
    fn shuffles_are_rands_fisher_yates_on_the_stream() {
        use rand::seq::SliceRandom;
        for n in [2, 5, 8, 12] {
            let mut v: Vec<usize> = (0..n).collect();
            v.shuffle(&mut Key(0).stream());
            assert_eq!(v, shuffled_by_hand(0xE220_A839, n), "n = {n}");
        }
        // One word for the whole permutation.
        let mut s = Key(0).stream();
        (0..12).collect::<Vec<usize>>().shuffle(&mut s);
        assert_eq!(s.position(), 1);
    }

    #[test]
    fn choices_are_one_widening_multiply_each() {
        use rand::seq::IndexedRandom;
        // rand's `choose` on a slice of length L: index (x * L) >> 32 of the
        // next 32-bit word x (no second word is needed for these).
        let rows: Vec<u32> = (0..1000).collect();
        let mut s = Key(0).stream();
        for word in SPLITMIX64_SEED_0 {
            let x = word >> 32;
            assert!((x * 1000) as u32 <= 0u32.wrapping_sub(1000));
            let want = ((x * 1000) >> 32) as u32;
            assert_eq!(rows.choose(&mut s), Some(&want));
        }
    }

    #[test]
    fn keys_depend_on_every_component() {
        let r = Key::root(1);
        assert_ne!(r.with(1).with(2), r.with(2).with(1));
        assert_ne!(Key::root(1), Key::root(2));
        assert_ne!(r.with_name("a"), r.with_name("b"));
    }
}

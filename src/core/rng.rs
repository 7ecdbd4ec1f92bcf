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

    /// Element `n` of this key's stream, as a uniform in (0, 1).
    #[inline(always)]
    pub fn uniform(self, n: u64) -> f64 {
        unit(mix64(
            self.0.wrapping_add(n.wrapping_add(1).wrapping_mul(GOLDEN)),
        ))
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

    #[test]
    fn keys_depend_on_every_component() {
        let r = Key::root(1);
        assert_ne!(r.with(1).with(2), r.with(2).with(1));
        assert_ne!(Key::root(1), Key::root(2));
        assert_ne!(r.with_name("a"), r.with_name("b"));
    }
}

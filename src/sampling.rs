//! Designs of the per-trial parameter draws.
//!
//! By default every per-trial parameter takes its keyed uniform (see
//! [`crate::rng`]). A [`ParamDesign`] overrides those uniforms trial by trial
//! for some or all parameters: Latin hypercube sampling, rank correlations
//! (Iman and Conover 1982) and the Saltelli matrices of variance-based
//! sensitivity analysis are all such designs. The per-cell-month uniforms are
//! never touched, so common random numbers across splits still hold.

/// Uniforms for the per-trial parameters, one row per trial, one column per
/// entry of `Scenario::params`. `NaN` means "use the keyed uniform"; trials
/// beyond the last row use keyed uniforms for every parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamDesign {
    n_params: usize,
    rows: Vec<f64>,
}

impl ParamDesign {
    /// A design of `trials` rows in which every parameter keeps its keyed draw.
    pub fn keyed(n_params: usize, trials: usize) -> ParamDesign {
        ParamDesign {
            n_params,
            rows: vec![f64::NAN; n_params * trials],
        }
    }

    /// Rows in the design.
    pub fn trials(&self) -> u64 {
        self.rows.len().checked_div(self.n_params).unwrap_or(0) as u64
    }

    pub fn n_params(&self) -> usize {
        self.n_params
    }

    /// The row of trial `t`, if the design has one.
    pub fn row(&self, t: u64) -> Option<&[f64]> {
        let t = usize::try_from(t).ok()?;
        self.rows.get(t * self.n_params..(t + 1) * self.n_params)
    }

    /// Sets the uniform of parameter `p` in trial `t` (a value in (0, 1)).
    pub fn set(&mut self, t: usize, p: usize, u: f64) {
        debug_assert!(u > 0.0 && u < 1.0, "design uniforms lie in (0, 1)");
        self.rows[t * self.n_params + p] = u;
    }

    /// The uniform of parameter `p` in trial `t` (NaN: keyed).
    pub fn get(&self, t: usize, p: usize) -> f64 {
        self.rows[t * self.n_params + p]
    }
}

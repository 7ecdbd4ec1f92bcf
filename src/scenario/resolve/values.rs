//! Written values: a number, a distribution table, or a value of the wrong
//! type, turned into a [`Dist`] or a problem that says what was expected.

use crate::core::dist::{Dist, DistError};
use crate::scenario::file::{Num, Wrong};
use crate::scenario::problems::nearest;
use toml::Value;

/// The problem of a value of the wrong type where a number was expected.
pub(super) fn wrong_type(w: &Wrong, expected: &str, fix: &str) -> DistError {
    let fix = match w {
        Wrong::Str(s) if s.trim().parse::<f64>().is_ok() => {
            format!("remove the quotes: write {}", s.trim())
        }
        Wrong::Huge => "use a smaller number".to_string(),
        _ => fix.to_string(),
    };
    DistError {
        message: format!("must be {expected}, not {w}"),
        fix,
    }
}

/// Converts a written value into a distribution (or a constant).
pub(super) fn num_to_dist(n: &Num) -> Result<Dist, DistError> {
    let bad = |m: String, f: &str| DistError {
        message: m,
        fix: f.to_string(),
    };
    match n {
        Num::Int(i) => Dist::constant(*i as f64),
        Num::Float(x) => Dist::constant(*x),
        Num::Wrong(w) => Err(wrong_type(
            w,
            "a number or a distribution table",
            "write a number, or a distribution table such as { dist = \"pert\", min = 1, mode = 2, max = 4 }",
        )),
        Num::Table(t) => {
            const KINDS: [&str; 6] = [
                "triangular",
                "pert",
                "uniform",
                "normal",
                "lognormal",
                "beta",
            ];
            // Names in any case: "PERT" as the literature writes it.
            let lower;
            let kind = match t.get("dist") {
                Some(Value::String(s)) => {
                    lower = s.trim().to_ascii_lowercase();
                    lower.as_str()
                }
                Some(other) => {
                    return Err(bad(
                        format!("`dist` must be a string naming the distribution (got {other})"),
                        "write e.g. dist = \"pert\"",
                    ));
                }
                None => {
                    return Err(bad(
                        "a distribution table needs a `dist` key".into(),
                        "add dist = \"triangular\" | \"pert\" | \"uniform\" | \"normal\" | \"lognormal\" | \"beta\"",
                    ));
                }
            };
            let (required, optional): (&[&str], &[&str]) = match kind {
                "triangular" | "pert" => (&["min", "mode", "max"], &[]),
                "uniform" => (&["min", "max"], &[]),
                "normal" => (&["mean", "sd"], &["min", "max"]),
                // By its 10th and 90th percentiles, or by its mean and sd.
                "lognormal" if t.contains_key("mean") || t.contains_key("sd") => {
                    (&["mean", "sd"], &[])
                }
                "lognormal" => (&["p10", "p90"], &[]),
                "beta" => (&["alpha", "beta"], &["min", "max"]),
                _ => {
                    let hint = nearest(kind, KINDS)
                        .map(|k| format!("did you mean \"{k}\"? "))
                        .unwrap_or_default();
                    let kind = match t.get("dist") {
                        Some(Value::String(s)) => s.as_str(),
                        _ => kind,
                    };
                    return Err(bad(
                        format!("unknown distribution \"{kind}\""),
                        &format!("{hint}use one of: {}", KINDS.join(", ")),
                    ));
                }
            };
            let takes = match kind {
                "lognormal" => "p10, p90 (its 10th and 90th percentiles), or mean, sd".to_string(),
                _ => required
                    .iter()
                    .chain(optional)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            for k in t.keys().filter(|k| k.as_str() != "dist") {
                if !required.contains(&k.as_str()) && !optional.contains(&k.as_str()) {
                    if kind == "lognormal" && ["p10", "p90"].contains(&k.as_str()) {
                        return Err(bad(
                            format!(
                                "a lognormal is given by p10 and p90 or by mean and sd, and this one mixes them (`{k}` with `{}`)",
                                required[0]
                            ),
                            "keep one pair: { dist = \"lognormal\", p10 = ..., p90 = ... } or { dist = \"lognormal\", mean = ..., sd = ... }",
                        ));
                    }
                    let hint = nearest(k, required.iter().chain(optional).copied())
                        .map(|n| format!("did you mean `{n}`? "))
                        .unwrap_or_default();
                    return Err(bad(
                        format!("`{k}` is not a parameter of a {kind} distribution"),
                        &format!("{hint}a {kind} takes: {takes}"),
                    ));
                }
            }
            let get = |k: &str| -> Result<Option<f64>, DistError> {
                match t.get(k) {
                    None => Ok(None),
                    Some(Value::Integer(i)) => Ok(Some(*i as f64)),
                    Some(Value::Float(x)) => Ok(Some(*x)),
                    Some(other) => Err(DistError {
                        message: format!("the {kind}'s `{k}` must be a plain number (got {other})"),
                        fix: "a distribution's own parameters are constants: write a number".into(),
                    }),
                }
            };
            let mut vals = Vec::new();
            for k in required {
                match get(k)? {
                    Some(x) => vals.push(x),
                    None => {
                        return Err(bad(
                            format!("a {kind} distribution needs `{k}`"),
                            &format!("add `{k}`; a {kind} takes: {takes}"),
                        ));
                    }
                }
            }
            match kind {
                "triangular" => Dist::triangular(vals[0], vals[1], vals[2]),
                "pert" => Dist::pert(vals[0], vals[1], vals[2]),
                "uniform" => Dist::uniform(vals[0], vals[1]),
                "normal" => Dist::normal(vals[0], vals[1], get("min")?, get("max")?),
                "lognormal" if required[0] == "mean" => Dist::lognormal_mean_sd(vals[0], vals[1]),
                "lognormal" => Dist::lognormal(vals[0], vals[1]),
                _ => Dist::beta(vals[0], vals[1], get("min")?, get("max")?),
            }
        }
    }
}

/// A number-like value for a message.
pub(super) fn describe_num(n: &Num) -> String {
    match n {
        Num::Int(i) => i.to_string(),
        Num::Float(x) => x.to_string(),
        Num::Table(_) => "a table".to_string(),
        Num::Wrong(w) => w.to_string(),
    }
}

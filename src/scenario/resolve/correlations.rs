//! `[[correlations]]`: rank correlations between uncertain per-trial inputs,
//! checked one by one and then together.

use super::ctx::{Ctx, Span};
use super::names::nearest_list;
use super::values::describe_num;
use crate::core::correlation::{cholesky, target_matrix};
use crate::scenario::Correlation;
use crate::scenario::file::{FileCorrelation, Num, Sp};

/// `[[correlations]]`: pairs of uncertain per-trial inputs (by their display
/// paths) and rank correlations, checked one by one and then together (the
/// matrix they form must be positive definite).
pub(super) fn resolve(cx: &mut Ctx<'_>, list: &[Sp<FileCorrelation>]) -> Vec<Correlation> {
    let mut out: Vec<(usize, Span, Correlation)> = Vec::new();
    let mut ok = true;
    for (i, c) in list.iter().enumerate() {
        let prefix = format!("correlations[{i}]");
        let cf = c.get_ref();
        let side = |cx: &mut Ctx<'_>, key: &str, v: Option<&Sp<String>>| -> Option<usize> {
            let path = format!("{prefix}.{key}");
            let Some(v) = v else {
                cx.err(
                    &path,
                    Some(c.span()),
                    "is required and missing",
                    format!("add {key} = \"<key path of an uncertain input>\", e.g. \"products.\\\"platform\\\".gross_margin\""),
                );
                return None;
            };
            let want = v.get_ref().trim();
            let found = cx.params.iter().position(|d| d.path == want);
            match found {
                Some(p) if !cx.params[p].dist.is_const() => Some(p),
                Some(_) => {
                    cx.err(
                        &path,
                        Some(v.span()),
                        format!("{want} is a constant here, not a distribution, so it cannot be correlated"),
                        "make it a distribution (e.g. { dist = \"triangular\", min = ..., mode = ..., max = ... }) or remove this correlation",
                    );
                    None
                }
                None => {
                    let uncertain: Vec<&str> = cx
                        .params
                        .iter()
                        .filter(|d| !d.dist.is_const())
                        .map(|d| d.path.as_str())
                        .collect();
                    let near = nearest_list(want, &uncertain);
                    let fix = if uncertain.is_empty() {
                        "the scenario has no uncertain inputs; make an input a distribution first"
                            .to_string()
                    } else if near.is_empty() {
                        format!(
                            "use the key path of an uncertain input: {}",
                            uncertain.join(", ")
                        )
                    } else {
                        format!("did you mean {}?", near.join(" or "))
                    };
                    cx.err(
                        &path,
                        Some(v.span()),
                        format!("{want:?} is not the key path of an uncertain input"),
                        fix,
                    );
                    None
                }
            }
        };
        let a = side(cx, "a", cf.a.as_ref());
        let b = side(cx, "b", cf.b.as_ref());
        let rank_path = format!("{prefix}.rank");
        let rank = match cf.rank.as_ref() {
            None => {
                cx.err(
                    &rank_path,
                    Some(c.span()),
                    "is required and missing",
                    "add rank = r: the rank correlation, from -1 to 1 (e.g. 0.6)",
                );
                None
            }
            Some(v) => {
                let x = match v.get_ref() {
                    Num::Int(i) => Some(*i as f64),
                    Num::Float(x) => Some(*x),
                    _ => None,
                };
                match x {
                    Some(x) if (-1.0..=1.0).contains(&x) => Some(x),
                    _ => {
                        cx.err(
                            &rank_path,
                            Some(v.span()),
                            format!(
                                "the rank correlation must be a number from -1 to 1 (got {})",
                                describe_num(v.get_ref())
                            ),
                            "use a number from -1 to 1, e.g. rank = 0.6",
                        );
                        None
                    }
                }
            }
        };
        let (Some(a), Some(b), Some(rank)) = (a, b, rank) else {
            ok = false;
            continue;
        };
        let (ka, kb) = (&cx.params[a].key_path, &cx.params[b].key_path);
        if ka == kb {
            let msg = if a == b {
                "a and b name the same input".to_string()
            } else {
                format!(
                    "{} and {} are the same key in two splits and share one draw",
                    cx.params[a].path, cx.params[b].path
                )
            };
            cx.err(
                &prefix,
                Some(c.span()),
                msg,
                "correlate two different inputs",
            );
            ok = false;
            continue;
        }
        let (ka, kb) = (ka.clone(), kb.clone());
        if let Some((j, _, _)) = out.iter().find(|(_, _, o)| {
            let (oa, ob) = (&cx.params[o.a].key_path, &cx.params[o.b].key_path);
            (*oa == ka && *ob == kb) || (*oa == kb && *ob == ka)
        }) {
            cx.err(
                &prefix,
                Some(c.span()),
                format!("this pair is already correlated by correlations[{j}]"),
                "give each pair of inputs one rank correlation; remove one of the two entries",
            );
            ok = false;
            continue;
        }
        out.push((i, Some(c.span()), Correlation { a, b, rank }));
    }
    let list: Vec<Correlation> = out.iter().map(|(_, _, c)| c.clone()).collect();
    if ok && !list.is_empty() {
        let mut paths: Vec<&str> = Vec::new();
        let mut index = |p: usize| {
            let k = cx.params[p].key_path.as_str();
            paths.iter().position(|&x| x == k).unwrap_or_else(|| {
                paths.push(k);
                paths.len() - 1
            })
        };
        let pairs: Vec<(usize, usize, f64)> = list
            .iter()
            .map(|c| (index(c.a), index(c.b), c.rank))
            .collect();
        let k = paths.len();
        let m = target_matrix(k, &pairs);
        if cholesky(&m, k).is_none() {
            let names: Vec<String> = out
                .iter()
                .map(|(i, _, c)| {
                    format!(
                        "correlations[{i}] ({} ~ {}: {})",
                        cx.params[c.a].path, cx.params[c.b].path, c.rank
                    )
                })
                .collect();
            let span = out.first().and_then(|o| o.1.clone());
            cx.err(
                "correlations",
                span,
                format!(
                    "these rank correlations cannot hold together (their matrix is not positive definite): {}",
                    names.join(", ")
                ),
                "lower the magnitudes of the correlations (e.g. a strong a~b and b~c force a~c to be positive), or drop one; a rank of exactly 1 or -1 is not allowed",
            );
        }
    }
    list
}

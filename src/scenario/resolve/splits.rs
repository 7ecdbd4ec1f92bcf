//! `[[splits]]`: the alternatives compared, each with who owns what, its
//! staffing and its commission-credit policy; and which split is the
//! baseline and which is today's organisation.

use super::ctx::{Ctx, Span};
use super::names::{check_names, entry_prefix, unknown_name_fix};
use super::overrides::{self, Accounts};
use crate::core::dist::{Dist, Range};
use crate::scenario::file::{FileCredit, FileSplit, RuleSpec, Sp, StaffEntry, StaffingSpec};
use crate::scenario::problems::{nearest, seg};
use crate::scenario::{
    ByRole, Credit, Policy, RankBy, Role, Rule, Split, Staff, Start, Transition,
};
use std::collections::BTreeMap;

/// The splits, and the indices of the baseline and the current split.
pub(super) fn resolve(
    cx: &mut Ctx<'_>,
    splits_file: &[Sp<FileSplit>],
    motion_names: &[String],
    product_names: &[String],
    transition: (Start, &Transition, u32),
    accounts: &Accounts<'_>,
) -> (Vec<Split>, usize, usize) {
    if splits_file.is_empty() {
        cx.err(
            "splits",
            None,
            "the scenario has no splits",
            "add at least one [[splits]] table with a name (the first is the baseline)",
        );
    }
    let split_names = check_names(
        cx,
        "splits",
        splits_file
            .iter()
            .enumerate()
            .map(|(i, s)| (i, Some(s.span()), s.get_ref().name.as_ref())),
    );
    let mut splits = Vec::new();
    // Where a split's staffing says "current", for the check below.
    let mut current_words = Vec::new();
    for (i, s) in splits_file.iter().enumerate() {
        splits.push(resolve_split(
            cx,
            i,
            s,
            &split_names[i],
            (motion_names, product_names, accounts),
            transition,
            &mut current_words,
        ));
    }
    let flagged = |pick: fn(&FileSplit) -> Option<&Sp<bool>>| -> Vec<(usize, Span)> {
        splits_file
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                pick(s.get_ref())
                    .filter(|b| *b.get_ref())
                    .map(|b| (i, Some(b.span())))
            })
            .collect()
    };
    let baselines = flagged(|s| s.baseline.as_ref());
    let currents = flagged(|s| s.current.as_ref());
    for (word, list) in [("baseline", &baselines), ("current", &currents)] {
        if list.len() > 1 {
            let names: Vec<String> = list
                .iter()
                .map(|(i, _)| format!("{:?}", split_names[*i]))
                .collect();
            for (i, span) in list.iter().skip(1) {
                cx.err(
                    &format!("splits.{:?}.{word}", split_names[*i]),
                    span.clone(),
                    format!("several splits are marked `{word} = true`: {}", names.join(", ")),
                    format!("mark exactly one split `{word} = true` (or none: the first split is then the {word})"),
                );
            }
        }
    }
    let baseline = baselines.first().map(|b| b.0).unwrap_or(0);
    let current = currents.first().map(|c| c.0).unwrap_or(baseline);
    for (i, path, span) in current_words {
        if i == current {
            cx.err(
                &path,
                span,
                "\"current\" means the current split's headcount, but this is the current split",
                "give today's team a headcount or \"sized\" here; \"current\" is for the other splits",
            );
        }
    }
    (splits, baseline, current)
}

/// One table of rules (`assign` by motion, `assign_products` by product)
/// written at `path`: per name (of `kind`), the rule if one is given. A
/// share is keyed `<key_path>.<name>.inside`, its path within the split.
pub(super) fn rule_table(
    cx: &mut Ctx<'_>,
    table: Option<&Sp<BTreeMap<String, Sp<RuleSpec>>>>,
    names: &[String],
    kind: &str,
    path: &str,
    key_path: &str,
) -> Vec<Option<Rule>> {
    let mut out = vec![None; names.len()];
    let Some(t) = table else { return out };
    for (name, r) in t.get_ref() {
        // Motions are bare segments where they can be; products always quoted.
        let s = if kind == "motion" {
            seg(name)
        } else {
            format!("{name:?}")
        };
        let rpath = format!("{path}.{s}");
        match names.iter().position(|n| n == name) {
            Some(k) => {
                out[k] = Some(resolve_rule(
                    cx,
                    r,
                    &rpath,
                    &format!("{key_path}.{s}.inside"),
                ))
            }
            None => cx.err(
                &rpath,
                Some(r.span()),
                format!("no {kind} is named {name:?}"),
                unknown_name_fix(kind, name, names),
            ),
        }
    }
    out
}

/// A rule as written at `path`; a share is a per-trial parameter keyed by
/// `key_path` (its path within the split).
pub(super) fn resolve_rule(cx: &mut Ctx<'_>, r: &Sp<RuleSpec>, path: &str, key_path: &str) -> Rule {
    let span = Some(r.span());
    match r.get_ref() {
        RuleSpec::Role(w) => match w.as_str() {
            "inside" => Rule::Inside,
            "outside" => Rule::Outside,
            other => {
                cx.err(
                    path,
                    span,
                    format!("{other:?} is not a role"),
                    "write \"inside\", \"outside\" or a share { inside = 0.4 }",
                );
                Rule::Outside
            }
        },
        RuleSpec::Share(t) => {
            let mut unknown = false;
            for k in t.keys().filter(|k| k.as_str() != "inside") {
                let hint = nearest(k, ["inside"])
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                cx.err(
                    &format!("{path}.{}", seg(k)),
                    span.clone(),
                    format!("unknown key `{k}` in a share rule"),
                    format!("{hint}a share rule has one key: {{ inside = s }}, the share of the pool that goes to inside reps"),
                );
                unknown = true;
            }
            match t.get("inside") {
                // A misspelled `inside` is reported once, above.
                None if unknown => Rule::Outside,
                None => {
                    cx.err(
                        path,
                        span,
                        "a share rule needs `inside`",
                        "write { inside = 0.5 }: the share of the pool assigned to inside reps",
                    );
                    Rule::Outside
                }
                Some(n) => {
                    let full = format!("{path}.inside");
                    let dist = cx.dist(n, &full, Range::Unit).unwrap_or(Dist::Const(0.0));
                    Rule::Share(cx.param(&full, key_path, dist))
                }
            }
        }
    }
}

fn resolve_split(
    cx: &mut Ctx<'_>,
    i: usize,
    s: &Sp<FileSplit>,
    name: &str,
    (motions, products, accounts): (&[String], &[String], &Accounts<'_>),
    (start, transition, horizon): (Start, &Transition, u32),
    current_words: &mut Vec<(usize, String, Span)>,
) -> Split {
    let sf = s.get_ref();
    let prefix = entry_prefix("splits", i, sf.name.as_ref());
    let assign: Vec<Rule> = rule_table(
        cx,
        sf.assign.as_ref(),
        motions,
        "motion",
        &format!("{prefix}.assign"),
        "assign",
    )
    .into_iter()
    .map(|r| r.unwrap_or(Rule::Outside))
    .collect();
    let assign_products = rule_table(
        cx,
        sf.assign_products.as_ref(),
        products,
        "product",
        &format!("{prefix}.assign_products"),
        "assign_products",
    );
    let mut staffing = ByRole::both(Staff::Sized);
    if let Some(st) = &sf.staffing {
        let span = Some(st.span());
        let path = format!("{prefix}.staffing");
        match st.get_ref() {
            StaffingSpec::Word(w) if w == "sized" => {}
            StaffingSpec::Word(w) => cx.err(
                &path,
                span,
                format!("{w:?} is not a staffing rule"),
                if w == "current" {
                    "\"current\" is given per role: write { outside = \"current\", inside = \"current\" }"
                } else {
                    "write \"sized\" or { outside = 12, inside = \"sized\" } (a role may also be \"current\")"
                },
            ),
            StaffingSpec::Table(t) => {
                for (k, e) in t {
                    let rpath = format!("{path}.{}", seg(k));
                    let role = match k.as_str() {
                        "outside" => Role::Outside,
                        "inside" => Role::Inside,
                        _ => {
                            cx.err(&rpath, Some(e.span()), format!("unknown role `{k}` in staffing"), "staffing takes `outside` and `inside`, each a whole number of reps or \"sized\"");
                            continue;
                        }
                    };
                    staffing[role] = match e.get_ref() {
                        StaffEntry::Word(w) if w == "sized" => Staff::Sized,
                        StaffEntry::Word(w) if w == "current" => {
                            current_words.push((i, rpath.clone(), Some(e.span())));
                            Staff::Current
                        }
                        StaffEntry::Word(w) => {
                            let hint = nearest(w, ["sized", "current"])
                                .map(|n| format!("did you mean {n:?}? "))
                                .unwrap_or_default();
                            cx.err(
                                &rpath,
                                Some(e.span()),
                                format!("{w:?} is not a headcount"),
                                format!("{hint}write a whole number of reps, \"sized\" (workload build-up) or \"current\" (the current split's headcount)"),
                            );
                            Staff::Sized
                        }
                        StaffEntry::Num(n) => {
                            let sp = Sp::new(e.span(), n.clone());
                            Staff::Fixed(cx.int(Some(&sp), &rpath, 0, 0, i64::from(u32::MAX)) as u32)
                        }
                    };
                }
            }
        }
    }
    let cd = FileCredit::default();
    let cf = sf.credit.as_ref().map(|c| c.get_ref()).unwrap_or(&cd);
    let policy = cx.word(
        cf.policy.as_ref(),
        &format!("{prefix}.credit.policy"),
        (
            &[
                ("exclusive", Policy::Exclusive),
                ("double", Policy::Double),
                ("team", Policy::Team),
            ],
            Policy::Exclusive,
        ),
        "is not a credit policy",
        "use \"exclusive\", \"double\" or \"team\"",
    );
    let conflict_penalty = cx.value(
        cf.conflict_penalty.as_ref(),
        &format!("{prefix}.credit.conflict_penalty"),
        "credit.conflict_penalty",
        0.0,
        Range::Unit,
    );
    let team_bonus_rate = cx.value(
        cf.team_bonus_rate.as_ref(),
        &format!("{prefix}.credit.team_bonus_rate"),
        "credit.team_bonus_rate",
        0.0,
        Range::Unit,
    );
    // An unknown policy is reported above; its keys are not second-guessed.
    let known = policy.is_some();
    let policy = policy.unwrap_or(Policy::Exclusive);
    if known
        && policy != Policy::Exclusive
        && let Some(c) = &cf.conflict_penalty
    {
        cx.warn(
            &format!("{prefix}.credit.conflict_penalty"),
            Some(c.span()),
            format!("the conflict penalty only applies under the exclusive policy; this split's policy is {}", policy.name()),
            "remove it, or set policy = \"exclusive\"",
        );
    }
    if known
        && policy != Policy::Team
        && let Some(c) = &cf.team_bonus_rate
    {
        cx.warn(
            &format!("{prefix}.credit.team_bonus_rate"),
            Some(c.span()),
            format!(
                "the team bonus is only paid under the team policy; this split's policy is {}",
                policy.name()
            ),
            "remove it, or set policy = \"team\"",
        );
    }
    let transition = super::transition::resolve_split(
        cx,
        sf.transition.as_ref(),
        &prefix,
        transition,
        start,
        horizon,
    );
    let overrides = overrides::resolve(
        cx,
        &prefix,
        sf.overrides.as_deref().unwrap_or(&[]),
        motions,
        products,
        accounts,
    );
    let rank_by = cx
        .word(
            sf.rank_by.as_ref(),
            &format!("{prefix}.rank_by"),
            (
                &[("cell", RankBy::Cell), ("account", RankBy::Account)],
                RankBy::Cell,
            ),
            "is not a way to rank a share's pool",
            "write \"cell\" (cell by cell, smallest spend first) or \"account\" (whole accounts, \
             smallest total spend first)",
        )
        .unwrap_or(RankBy::Cell);
    let is_share = |r: &Rule| matches!(r, Rule::Share(_));
    let has_share = assign.iter().any(is_share)
        || assign_products.iter().flatten().any(is_share)
        || overrides.iter().any(|o| {
            o.assign.iter().flatten().any(is_share)
                || o.assign_products.iter().flatten().any(is_share)
        });
    if rank_by == RankBy::Account
        && !has_share
        && let Some(r) = &sf.rank_by
    {
        cx.warn(
            &format!("{prefix}.rank_by"),
            Some(r.span()),
            "rank_by only changes share rules ({ inside = s }), and this split has none",
            "remove rank_by, or give a motion or product a share",
        );
    }
    Split {
        name: name.to_string(),
        assign,
        assign_products,
        staffing,
        credit: Credit {
            policy,
            conflict_penalty,
            team_bonus_rate,
        },
        transition,
        overrides,
        rank_by,
    }
}

//! The command line against bad input (docs/scenario.md; exit code 2, as the README says).
//!
//! Every file in `tests/bad/` is `tests/good/base.toml` with one thing wrong
//! (a few with several). For each, `keysplit validate` must exit with code 2
//! and say where the problem is (key path and line) and how to fix it, and
//! `keysplit run` must fail the same way without creating its output folder.
//! Nothing may panic. The table below is the contract: a file in `tests/bad/`
//! without a row (or a row without a file) is itself a failure.

use assert_cmd::cargo::cargo_bin_cmd;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// One bad input and what the tool must say about it.
struct Bad {
    /// A file in `tests/bad/`.
    file: &'static str,
    /// The key path an error must name, as printed (without the backticks).
    key: Option<&'static str>,
    /// The line that error must give.
    line: Option<usize>,
    /// Words the output must contain (the problem itself, or the hint).
    says: &'static str,
    /// How many errors the file has: a single mistake must not cascade.
    errors: usize,
}

const fn bad(
    file: &'static str,
    key: Option<&'static str>,
    line: Option<usize>,
    says: &'static str,
    errors: usize,
) -> Bad {
    Bad {
        file,
        key,
        line,
        says,
        errors,
    }
}

#[rustfmt::skip]
const CASES: &[Bad] = &[
    // Misspelled keys, in every kind of table.
    bad("unknown_key_top.toml", Some("simulaton"), Some(5), "did you mean `simulation`?", 1),
    bad("unknown_key_role.toml", Some("roles.inside.admn_share"), Some(29), "did you mean `admin_share`?", 1),
    bad("unknown_key_motion.toml", Some("motions.complex.touches_per_yr"), Some(56), "did you mean `touches_per_year`?", 1),
    bad("unknown_key_by_role.toml", Some("motions.complex.hours_per_touch.outsde"), Some(58), "did you mean `outside`?", 1),
    bad("unknown_key_product.toml", Some("products.\"Platform\".gross_marign"), Some(78), "did you mean `gross_margin`?", 1),
    bad("unknown_key_tier.toml", Some("tiers.\"Key accounts\".cross_sel"), Some(84), "did you mean `cross_sell`?", 1),
    bad("unknown_key_layer.toml", Some("management.\"Managers\".anual_cost"), Some(42), "did you mean `annual_cost`?", 1),
    bad("unknown_key_split.toml", Some("splits.\"Maintenance inside\".asign"), Some(94), "did you mean `assign`?", 1),
    bad("unknown_key_credit.toml", Some("splits.\"Maintenance inside\".credit.polcy"), Some(96), "did you mean `policy`?", 1),
    bad("unknown_key_handoff.toml", Some("simulation.handoff.month"), Some(11), "did you mean `months`?", 1),
    // Missing required keys: the line is the table that lacks the key.
    bad("missing_annual_hours.toml", Some("roles.inside.annual_hours"), Some(27), "required", 1),
    bad("missing_product_motion.toml", Some("products.\"Platform\".motion"), Some(75), "needs a `motion`", 1),
    bad("missing_tier_accounts.toml", Some("tiers.\"Key accounts\".accounts"), Some(80), "required", 1),
    bad("missing_layer_span.toml", Some("management.\"Managers\".span"), Some(39), "required", 1),
    bad("missing_layer_name.toml", Some("management[0].name"), Some(39), "needs a `name`", 1),
    bad("missing_split_name.toml", Some("splits[1].name"), Some(92), "needs a `name`", 1),
    bad("missing_scenario_name.toml", Some("name"), None, "needs a `name`", 1),
    bad("missing_role.toml", Some("roles.inside"), Some(13), "role is missing", 1),
    // Names that do not resolve, or clash.
    bad("product_unknown_motion.toml", Some("products.\"Platform\".motion"), Some(77), "did you mean \"complex\"?", 1),
    bad("tier_unknown_product.toml", Some("tiers.\"Key accounts\".spend.\"Platfrom\""), Some(83), "did you mean \"Platform\"?", 1),
    bad("tier_cross_sell_unknown_product.toml", Some("tiers.\"Key accounts\".cross_sell"), Some(84), "did you mean \"Warranty\"?", 1),
    bad("product_in_spend_and_cross_sell.toml", Some("tiers.\"Key accounts\".cross_sell"), Some(84), "both owned", 1),
    bad("duplicate_product_name.toml", Some("products.\"Platform\".name"), Some(81), "used twice", 1),
    bad("duplicate_tier_name.toml", Some("tiers.\"Key accounts\".name"), Some(87), "used twice", 1),
    bad("duplicate_split_name.toml", Some("splits.\"All field\".name"), Some(99), "used twice", 1),
    bad("duplicate_layer_name.toml", Some("management.\"Managers\".name"), Some(45), "used twice", 1),
    bad("no_splits.toml", Some("splits"), None, "no splits", 1),
    bad("two_baselines.toml", Some("splits.\"Half inside\".baseline"), Some(100), "several splits are marked `baseline = true`", 1),
    bad("two_currents.toml", Some("splits.\"Maintenance inside\".current"), Some(94), "several splits are marked `current = true`", 1),
    // Ranges, for constants and for every value a distribution can take.
    bad("share_above_one_const.toml", Some("roles.outside.annual_attrition"), Some(22), "[0, 1] (got 1.5)", 1),
    bad("share_above_one_pert.toml", Some("roles.inside.admin_share"), Some(29), "PERT(0.1, 0.3, 1.2) reaches above it", 1),
    bad("win_rate_above_one_uniform.toml", Some("motions.maintenance.win_rate.inside"), Some(49), "uniform(0.5, 1.1) reaches above it", 1),
    bad("beta_share_outside.toml", Some("roles.inside.admin_share"), Some(29), "set the beta's `min` and `max` inside [0, 1)", 1),
    bad("negative_cost.toml", Some("roles.outside.base_salary"), Some(17), "cannot be negative (got -90000)", 1),
    bad("negative_touches.toml", Some("motions.maintenance.touches_per_year"), Some(45), "cannot be negative (got -6)", 1),
    bad("negative_accounts.toml", Some("tiers.\"Key accounts\".accounts"), Some(82), "at least 0 (got -10)", 1),
    bad("negative_spend.toml", Some("tiers.\"Key accounts\".spend.\"Support\""), Some(83), "cannot be negative", 1),
    bad("fractional_accounts.toml", Some("tiers.\"Key accounts\".accounts"), Some(82), "whole number (got 10.5)", 1),
    bad("zero_accounts.toml", Some("tiers"), Some(80), "no accounts", 1),
    bad("accounts_too_many.toml", Some("tiers.\"Key accounts\".accounts"), Some(82), "at most 10000000", 1),
    bad("zero_trials.toml", Some("simulation.trials"), Some(6), "at least 1 (got 0)", 1),
    bad("fractional_trials.toml", Some("simulation.trials"), Some(6), "whole number (got 20.5)", 1),
    bad("months_to_hire_point_zero.toml", Some("roles.outside.months_to_hire"), Some(23), "whole number (got 6.0)", 1),
    bad("negative_seed.toml", Some("simulation.seed"), Some(8), "at least 0 (got -1)", 1),
    bad("integer_too_large.toml", Some("simulation.seed"), Some(8), "too large", 1),
    bad("horizon_too_long.toml", Some("simulation.horizon_months"), Some(7), "at most 1200 (got 5000)", 1),
    bad("horizon_distribution.toml", Some("simulation.horizon_months"), Some(7), "not a distribution", 1),
    bad("months_to_hire_distribution.toml", Some("roles.inside.months_to_hire"), Some(35), "not a distribution", 1),
    bad("handoff_months_fractional.toml", Some("simulation.handoff.months"), Some(11), "whole number (got 2.5)", 1),
    bad("span_zero.toml", Some("management.\"Managers\".span"), Some(41), "at least 1 (got 0)", 1),
    bad("headcount_negative.toml", Some("splits.\"Maintenance inside\".staffing.inside"), Some(95), "at least 0 (got -2)", 1),
    bad("headcount_fractional.toml", Some("splits.\"Maintenance inside\".staffing.inside"), Some(95), "whole number (got 2.5)", 1),
    bad("headcount_distribution.toml", Some("splits.\"Maintenance inside\".staffing.inside"), Some(95), "not a distribution", 1),
    bad("staffing_unknown_word.toml", Some("splits.\"Maintenance inside\".staffing"), Some(95), "\"size\" is not a staffing rule", 1),
    bad("staffing_unknown_role.toml", Some("splits.\"Maintenance inside\".staffing.insde"), Some(95), "unknown role `insde`", 1),
    bad("target_utilization_zero.toml", Some("roles.outside.target_utilization"), Some(16), "(0, 1] (got 0)", 1),
    bad("admin_share_one.toml", Some("roles.outside.admin_share"), Some(15), "[0, 1) (got 1)", 1),
    bad("annual_hours_zero.toml", Some("roles.outside.annual_hours"), Some(14), "positive number (got 0)", 1),
    bad("discount_rate_minus_one.toml", Some("simulation.discount_rate"), Some(9), "at least -0.5 (got -1)", 1),
    bad("max_intensity_half.toml", Some("simulation.max_intensity"), Some(10), "at least 1 (got 0.5)", 1),
    bad("conflict_penalty_above_one.toml", Some("splits.\"Maintenance inside\".credit.conflict_penalty"), Some(96), "[0, 1] (got 2)", 1),
    bad("nan_value.toml", Some("roles.outside.ramp_months"), Some(24), "finite", 1),
    // Magnitudes and shapes that broke a run (issue 12): bounded in validation.
    bad("beta_shape_tiny.toml", Some("motions.complex.upsell_size"), Some(62), "`alpha` must be at least 0.05 (got 0.01)", 1),
    bad("beta_shape_huge.toml", Some("motions.complex.upsell_size"), Some(62), "`alpha` must be at most 10000 (got 10000000)", 1),
    bad("beta_shape_subnormal.toml", Some("motions.complex.upsell_size"), Some(62), "at least 0.05 (got 5e-324)", 1),
    bad("upsell_size_huge.toml", Some("motions.complex.upsell_size"), Some(62), "at most 10^15 in size (got 1e305)", 1),
    bad("spend_huge.toml", Some("tiers.\"Key accounts\".spend.\"Platform\""), Some(83), "at most 10^15 in size (got 1.7e308)", 1),
    bad("salary_huge.toml", Some("roles.outside.base_salary"), Some(17), "at most 10^15 in size (got 1e300)", 1),
    bad("cross_sell_size_huge.toml", Some("products.\"Warranty\".cross_sell_size"), Some(73), "at most 10^15 in size (got 1e300)", 1),
    bad("discount_rate_near_minus_one.toml", Some("simulation.discount_rate"), Some(9), "at least -0.5 (got -0.9999)", 1),
    bad("lognormal_too_wide.toml", Some("tiers.\"Key accounts\".spend.\"Support\""), Some(83), "at most a million times its p10", 1),
    bad("trials_beyond_memory.toml", Some("simulation.trials"), Some(6), "set simulation.trials to", 1),
    // Names that would break the charts, the reports or the terminal.
    bad("name_escape_code.toml", Some("splits[1].name"), Some(93), "control character (U+001B", 1),
    bad("name_newline.toml", Some("name"), Some(3), "control character (U+000A", 1),
    bad("name_too_long.toml", Some("splits[1].name"), Some(93), "250 characters long; at most 200", 1),
    // Assignment and credit rules.
    bad("assign_typo_role.toml", Some("splits.\"Maintenance inside\".assign.maintenance"), Some(94), "\"insdie\" is not a role", 1),
    bad("assign_share_above_one.toml", Some("splits.\"Half inside\".assign.maintenance.inside"), Some(100), "[0, 1] (got 1.5)", 1),
    bad("assign_share_unknown_key.toml", Some("splits.\"Half inside\".assign.maintenance.insde"), Some(100), "did you mean `inside`?", 1),
    bad("assign_unknown_motion.toml", Some("splits.\"Maintenance inside\".assign.maintenence"), Some(94), "did you mean \"maintenance\"?", 1),
    bad("assign_products_unknown_product.toml", Some("splits.\"Half inside\".assign_products.\"Waranty\""), Some(101), "did you mean \"Warranty\"?", 1),
    bad("unknown_credit_policy.toml", Some("splits.\"Maintenance inside\".credit.policy"), Some(96), "\"shared\" is not a credit policy", 1),
    bad("credit_policy_typo.toml", Some("splits.\"Half inside\".credit.policy"), Some(102), "did you mean \"team\"?", 1),
    bad("inside_travel_keys.toml", Some("roles.inside.travel_hours_per_visit"), Some(34), "roles.inside.travel_cost_per_visit` (line 35", 2),
    // Distributions.
    bad("unknown_dist_kind.toml", Some("motions.complex.win_rate.outside"), Some(60), "did you mean \"pert\"?", 1),
    bad("dist_missing_param.toml", Some("motions.complex.win_rate.outside"), Some(60), "needs `mode`", 1),
    bad("dist_unknown_param.toml", Some("motions.complex.touches_per_year"), Some(56), "did you mean `sd`?", 1),
    bad("dist_without_kind.toml", Some("motions.complex.touches_per_year"), Some(56), "needs a `dist` key", 1),
    bad("dist_param_is_string.toml", Some("motions.complex.touches_per_year"), Some(56), "must be a plain number", 1),
    bad("dist_param_is_table.toml", Some("motions.complex.touches_per_year"), Some(56), "must be a plain number", 1),
    bad("dist_bad_order.toml", Some("motions.complex.touches_per_year"), Some(56), "min <= mode <= max", 1),
    bad("inf_value.toml", Some("motions.complex.touches_per_year"), Some(56), "finite", 1),
    bad("untruncated_normal.toml", Some("motions.complex.touches_per_year"), Some(56), "untruncated normal reaches below it", 1),
    bad("truncated_normal_below_zero.toml", Some("motions.complex.touches_per_year"), Some(56), "`min = 0`", 1),
    bad("lognormal_share.toml", Some("motions.complex.in_person_share"), Some(57), "lognormal is unbounded above", 1),
    bad("lognormal_max_intensity.toml", Some("simulation.max_intensity"), Some(10), "down to 0", 1),
    bad("unknown_dist_lists_kinds.toml", Some("motions.complex.win_rate.outside"), Some(60), "use one of: triangular, pert, uniform, normal, lognormal, beta", 1),
    bad("lognormal_mixed_params.toml", Some("tiers.\"Key accounts\".spend.\"Support\""), Some(83), "by p10 and p90 or by mean and sd", 1),
    // Habits: a percentage written where a share belongs.
    bad("admin_share_percent.toml", Some("roles.outside.admin_share"), Some(15), "did you mean 0.50?", 1),
    bad("commission_rate_percent.toml", Some("roles.outside.commission_rate"), Some(19), "did you mean 0.06?", 1),
    bad("win_rate_percent_pert.toml", Some("motions.complex.win_rate.outside"), Some(60), "did you mean PERT(0.3, 0.45, 0.6)?", 1),
    // Not TOML, or values of the wrong type.
    bad("syntax_error.toml", None, Some(44), "not valid TOML", 1),
    bad("syntax_error_value.toml", None, Some(71), "not valid TOML", 1),
    bad("duplicate_key.toml", None, Some(17), "the key `admin_share` is defined twice", 1),
    bad("string_for_number.toml", Some("roles.inside.annual_hours"), Some(28), "remove the quotes", 1),
    bad("bool_for_number.toml", Some("motions.complex.upsell_size"), Some(62), "not the boolean true", 1),
    bad("date_for_number.toml", Some("roles.outside.hire_cost"), Some(25), "not a date", 1),
    bad("array_for_number.toml", Some("roles.inside.base_salary"), Some(31), "not an array", 1),
    bad("number_for_string.toml", Some("products.\"Platform\".motion"), Some(77), "expected a string", 1),
    bad("string_for_bool.toml", Some("splits.\"All field\".baseline"), Some(88), "expected a boolean", 1),
    bad("number_for_by_role_table.toml", Some("motions.maintenance.annual_churn"), Some(48), "outside = ..., inside = ...", 1),
    bad("products_not_array.toml", Some("products"), Some(64), "[[products]]", 1),
    bad("empty.toml", None, None, "the file is empty", 1),
    bad("comments_only.toml", None, None, "the file is empty", 1),
    // The move from today's team and the decision metric (docs/scenario.md, [transition]).
    bad("transition_reduce_unknown.toml", Some("transition.reduce"), Some(105), "did you mean \"layoff\"?", 1),
    bad("transition_severance_negative.toml", Some("transition.severance_months"), Some(105), "cannot be negative (got -1)", 1),
    bad("transition_severance_unknown_role.toml", Some("transition.severance_months.insde"), Some(105), "did you mean `inside`?", 1),
    bad("transition_phase_fractional.toml", Some("transition.phase_months"), Some(105), "whole number (got 2.5)", 1),
    bad("transition_phase_too_long.toml", Some("transition.phase_months"), Some(105), "must be at most 1200 (got 1201)", 1),
    bad("transition_start_in_split.toml", Some("splits.\"Half inside\".transition.start"), Some(103), "set it once in the top-level [transition] table", 1),
    bad("transition_start_unknown.toml", Some("transition.start"), Some(105), "\"today\" is not a start", 1),
    bad("decision_metric_unknown.toml", Some("simulation.decision_metric"), Some(12), "did you mean \"ltv_with_terminal\"?", 1),
    bad("decision_metric_no_direction.toml", Some("simulation.decision_metric"), Some(12), "has no better direction", 1),
    bad("staffing_current_in_current.toml", Some("splits.\"All field\".staffing.outside"), Some(91), "but this is the current split", 1),
    bad("staffing_role_unknown_word.toml", Some("splits.\"Maintenance inside\".staffing.outside"), Some(95), "did you mean \"current\"?", 1),
    bad("several_problems_transition.toml", Some("transition.phase_months"), Some(108), "whole number (got 2.5)", 4),
    // Several problems at once: every one is reported (see also the tests below).
    // A table written as something else: the fix shows the form.
    bad("assign_as_string.toml", Some("splits.\"All field\".assign"), Some(90), "assign = { maintenance = \"inside\"", 1),
    bad("credit_as_string.toml", Some("splits.\"Half inside\".credit"), Some(102), "policy: exclusive, double or team", 1),
    bad("role_as_array_of_tables.toml", Some("roles.inside"), Some(27), "single brackets: [roles.inside]", 1),
    bad("several_problems.toml", Some("motions.maintenance.in_person_share"), Some(46), "[0, 1] (got 1.25)", 3),
    bad("several_problems_types.toml", Some("motions.maintenance.upsell_size"), Some(51), "not the boolean true", 3),
    bad("several_problems_spread.toml", Some("splits.\"Half inside\".credit.policy"), Some(102), "did you mean \"team\"?", 5),
];

/// The files whose mistake also earns a warning, and why that warning is
/// true: each leaves a product that no tier owns or cross-sells. Any other bad
/// file must not warn about what its wrong value would have meant.
const WARNS: &[&str] = &[
    "duplicate_product_name.toml", // the second "Platform" is in no tier
    "tier_unknown_product.toml",   // "Platform" lost its spend to the typo
    "tier_cross_sell_unknown_product.toml", // "Warranty" lost its cross-sell to the typo
    "unknown_key_tier.toml",       // so did "Warranty" here
    "several_problems_spread.toml", // cross_sell = ["Support"] dropped "Warranty"
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bad_dir() -> PathBuf {
    root().join("tests").join("bad")
}

fn base() -> PathBuf {
    root().join("tests").join("good").join("base.toml")
}

/// Runs keysplit in `cwd` and returns (exit code, stdout, stderr).
fn keysplit(cwd: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = cargo_bin_cmd!("keysplit")
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("keysplit runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The entries of a folder, by name.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// What a bad input must get from the tool, in any command: exit code 2, a
/// message naming the key path and line, a fix, no panic. Returns the failures.
fn check_output(
    what: &str,
    code: Option<i32>,
    stderr: &str,
    key: Option<&str>,
    line: Option<usize>,
) -> Vec<String> {
    let mut fails = Vec::new();
    let mut fail = |m: String| fails.push(format!("{what}: {m}\n--- stderr ---\n{stderr}"));
    if code != Some(2) {
        fail(format!("exit code {code:?}, expected 2"));
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        fail("it panicked".into());
    }
    if !stderr.lines().any(|l| l.trim_start().starts_with("fix: ")) {
        fail("no `fix:` line".into());
    }
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    if errors.is_empty() {
        fail("no `error: ` line".into());
    }
    let at = line.map(|n| format!("line {n}, column "));
    match (key, &at) {
        (Some(k), _) => {
            let named = format!("error: `{k}`");
            let hit = errors.iter().find(|l| {
                l.starts_with(&named)
                    && l[named.len()..].starts_with([' ', ':'])
                    && at.as_ref().is_none_or(|a| l.contains(&format!("({a}")))
            });
            if hit.is_none() {
                fail(match &at {
                    Some(a) => format!("no error names `{k}` at {a}"),
                    None => format!("no error names `{k}`"),
                });
            }
        }
        (None, Some(a)) => {
            if !errors.iter().any(|l| l.starts_with(&format!("error: {a}"))) {
                fail(format!("no error at {a}"));
            }
        }
        (None, None) => {}
    }
    fails
}

/// `validate` and `run` on one bad scenario file; returns the failures.
fn check_bad_file(
    path: &Path,
    key: Option<&str>,
    line: Option<usize>,
    says: &str,
    errors: Option<usize>,
    warns: bool,
) -> Vec<String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let p = path.to_str().expect("UTF-8 test path");
    let tmp = tempfile::tempdir().expect("a temp dir");

    let (code, stdout, stderr) = keysplit(tmp.path(), &["validate", p]);
    let mut fails = check_output(&format!("{name} (validate)"), code, &stderr, key, line);
    if !stderr.contains(says) {
        fails.push(format!(
            "{name} (validate): stderr does not say {says:?}\n--- stderr ---\n{stderr}"
        ));
    }
    if let Some(n) = errors {
        let head = format!("has {n} error{}:", if n == 1 { "" } else { "s" });
        if !stderr.contains(&head) {
            fails.push(format!(
                "{name} (validate): expected {head:?}\n--- stderr ---\n{stderr}"
            ));
        }
    }
    if !warns && stderr.contains("warning: ") {
        fails.push(format!(
            "{name} (validate): a warning besides the error\n--- stderr ---\n{stderr}"
        ));
    }
    if !stdout.is_empty() {
        fails.push(format!(
            "{name} (validate): printed to stdout on failure:\n{stdout}"
        ));
    }

    let out = tmp.path().join("out");
    let o = out.to_str().expect("UTF-8 temp path");
    let (code, _, stderr) = keysplit(tmp.path(), &["run", p, "--out", o, "--quiet"]);
    fails.extend(check_output(
        &format!("{name} (run)"),
        code,
        &stderr,
        key,
        line,
    ));
    let left = entries(tmp.path());
    if !left.is_empty() {
        fails.push(format!("{name} (run): left {left:?} behind in its folder"));
    }
    fails
}

fn report(fails: Vec<String>) {
    assert!(
        fails.is_empty(),
        "{} failure(s):\n\n{}",
        fails.len(),
        fails.join("\n\n")
    );
}

#[test]
fn the_base_scenario_is_valid() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = keysplit(tmp.path(), &["validate", base().to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("valid"), "{stdout}");
    assert!(
        !stdout.contains("warning") && !stderr.contains("warning"),
        "the base must have no warnings, so that each bad file shows only its own problem:\n{stdout}{stderr}"
    );
}

#[test]
fn every_bad_file_is_in_the_table_and_the_other_way_round() {
    let on_disk: Vec<String> = entries(&bad_dir())
        .into_iter()
        .filter(|n| n.ends_with(".toml"))
        .collect();
    let in_table: Vec<String> = {
        let mut v: Vec<String> = CASES.iter().map(|c| c.file.to_string()).collect();
        v.sort();
        v
    };
    let missing: Vec<&String> = on_disk.iter().filter(|n| !in_table.contains(n)).collect();
    let extra: Vec<&String> = in_table.iter().filter(|n| !on_disk.contains(n)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "files without a row: {missing:?}; rows without a file: {extra:?}"
    );
    assert!(
        on_disk.len() >= 30,
        "the corpus has {} files",
        on_disk.len()
    );
}

#[test]
fn every_bad_file_fails_with_key_line_and_fix_and_writes_nothing() {
    let mut fails = Vec::new();
    for c in CASES {
        fails.extend(check_bad_file(
            &bad_dir().join(c.file),
            c.key,
            c.line,
            c.says,
            Some(c.errors),
            WARNS.contains(&c.file),
        ));
    }
    report(fails);
}

#[test]
fn a_file_with_three_problems_reports_all_three() {
    let tmp = tempfile::tempdir().unwrap();
    let file = bad_dir().join("several_problems.toml");
    let (code, _, stderr) = keysplit(tmp.path(), &["validate", file.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("has 3 errors:"), "{stderr}");
    let mut fails = Vec::new();
    for (key, line) in [
        ("roles.outside.travel_hours_per_vist", 20),
        ("motions.maintenance.in_person_share", 46),
        ("products.\"Warranty\".motion", 71),
    ] {
        fails.extend(check_output(
            "several_problems.toml",
            code,
            &stderr,
            Some(key),
            Some(line),
        ));
    }
    // Wrong types do not stop the other checks.
    let file = bad_dir().join("several_problems_types.toml");
    let (code, _, stderr) = keysplit(tmp.path(), &["validate", file.to_str().unwrap()]);
    assert!(stderr.contains("has 3 errors:"), "{stderr}");
    for (key, line) in [
        ("roles.outside.annual_hours", 14),
        ("motions.maintenance.upsell_size", 51),
        ("products.\"Platform\".gross_marign", 78),
    ] {
        fails.extend(check_output(
            "several_problems_types.toml",
            code,
            &stderr,
            Some(key),
            Some(line),
        ));
    }
    report(fails);
}

#[test]
fn a_file_that_is_not_utf8_is_refused_with_its_line() {
    let text = fs::read_to_string(base()).unwrap();
    let mut bytes = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if i == 1 {
            // "# Prix: café crème" in Latin-1.
            bytes.extend_from_slice(b"# Prix: caf\xe9 cr\xe8me");
        } else {
            bytes.extend_from_slice(line.as_bytes());
        }
        bytes.push(b'\n');
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("latin1.toml");
    fs::write(&file, bytes).unwrap();
    report(check_bad_file(
        &file,
        None,
        Some(2),
        "UTF-8",
        Some(1),
        false,
    ));
}

#[test]
fn a_missing_file_or_a_folder_is_refused() {
    let mut fails = check_bad_file(
        &bad_dir().join("no_such_scenario.toml"),
        None,
        None,
        "cannot read the scenario file",
        Some(1),
        false,
    );
    fails.extend(check_bad_file(
        &bad_dir(),
        None,
        None,
        "cannot read the scenario file",
        Some(1),
        false,
    ));
    report(fails);
}

/// Every file under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let modified = fs::metadata(&p).unwrap().modified().unwrap();
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    (fs::read(&p).unwrap(), modified),
                );
            }
        }
    }
    out
}

#[test]
fn a_failed_run_leaves_an_earlier_output_folder_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = out.to_str().unwrap();
    let good = base();
    let (code, _, stderr) = keysplit(
        tmp.path(),
        &[
            "run",
            good.to_str().unwrap(),
            "--out",
            o,
            "--trials",
            "20",
            "--quiet",
        ],
    );
    assert_eq!(code, Some(0), "the good run failed:\n{stderr}");
    assert!(out.join("summary.json").is_file(), "{:?}", entries(&out));
    // A file of the user's own: it would vanish if the folder were replaced.
    fs::write(out.join("notes.txt"), "mine").unwrap();
    let before = snapshot(&out);

    let mut fails = Vec::new();
    let runs: Vec<(String, Vec<String>)> = {
        let file = |f: &str| bad_dir().join(f).to_str().unwrap().to_string();
        let g = good.to_str().unwrap().to_string();
        vec![
            (
                "share_above_one_pert.toml".into(),
                vec![file("share_above_one_pert.toml")],
            ),
            ("syntax_error.toml".into(), vec![file("syntax_error.toml")]),
            (
                "several_problems.toml".into(),
                vec![file("several_problems.toml")],
            ),
            ("empty.toml".into(), vec![file("empty.toml")]),
            ("a missing file".into(), vec![file("no_such_scenario.toml")]),
            (
                "--trials 0".into(),
                vec![g.clone(), "--trials".into(), "0".into()],
            ),
            (
                "--threads 0".into(),
                vec![g, "--threads".into(), "0".into()],
            ),
        ]
    };
    for (what, args) in runs {
        let mut all: Vec<&str> = vec!["run"];
        all.extend(args.iter().map(String::as_str));
        all.extend(["--out", o, "--quiet"]);
        let (code, _, stderr) = keysplit(tmp.path(), &all);
        if code != Some(2) {
            fails.push(format!("{what}: exit code {code:?}, expected 2\n{stderr}"));
        }
        if stderr.contains("panicked") {
            fails.push(format!("{what}: panicked\n{stderr}"));
        }
        if snapshot(&out) != before {
            fails.push(format!("{what}: the earlier output folder changed"));
        }
        let left = entries(tmp.path());
        if left != ["out"] {
            fails.push(format!("{what}: the folder now holds {left:?}"));
        }
    }
    report(fails);
}

#[test]
fn zero_trials_or_threads_on_the_command_line_are_refused_by_name() {
    let mut fails = Vec::new();
    for flag in ["--trials", "--threads"] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let (code, _, stderr) = keysplit(
            tmp.path(),
            &[
                "run",
                base().to_str().unwrap(),
                flag,
                "0",
                "--out",
                out.to_str().unwrap(),
                "--quiet",
            ],
        );
        if code != Some(2) {
            fails.push(format!(
                "{flag} 0: exit code {code:?}, expected 2\n{stderr}"
            ));
        }
        if !stderr.contains(flag) {
            fails.push(format!(
                "{flag} 0: the message does not name {flag}\n{stderr}"
            ));
        }
        if stderr.contains("panicked") {
            fails.push(format!("{flag} 0: panicked\n{stderr}"));
        }
        let left = entries(tmp.path());
        if !left.is_empty() {
            fails.push(format!("{flag} 0: left {left:?} behind"));
        }
    }
    report(fails);
}

#[test]
fn a_run_too_large_for_memory_is_refused_alike_by_every_command() {
    // The refusal reads the available memory from /proc/meminfo; elsewhere
    // the run would try to allocate, so there is nothing to test.
    if std::fs::read_to_string("/proc/meminfo").is_err() {
        return;
    }
    let tmp = tempfile::tempdir().expect("a temp dir");
    let ka = root().join("scenarios").join("key_accounts.toml");
    let ka = ka.to_str().expect("UTF-8 path");
    // 1e11 trials need about 10^11 x (2 splits x 35 metrics + 2) x 8 bytes,
    // some 50 TiB: beyond any machine this runs on.
    let huge = "100000000000";
    let cases: [&[&str]; 4] = [
        &["run", ka],
        &[
            "sweep",
            ka,
            "--split",
            "Shift and lift, by layoff",
            "--param",
            "roles.inside.base_salary",
            "--values",
            "50000,60000",
        ],
        &[
            "size",
            ka,
            "--split",
            "Shift and lift, by layoff",
            "--outside",
            "9..10",
            "--inside",
            "3",
        ],
        &[
            "sensitivity",
            ka,
            "--split",
            "Shift and lift, by layoff",
            "--no-sobol",
        ],
    ];
    let mut fails = Vec::new();
    for args in cases {
        let out = tmp.path().join("out");
        let o = out.to_str().expect("UTF-8 temp path");
        let mut all = args.to_vec();
        all.extend(["--trials", huge, "--out", o]);
        let (code, _, stderr) = keysplit(tmp.path(), &all);
        let what = args[0];
        if code != Some(2) {
            fails.push(format!("{what}: exit code {code:?}, expected 2\n{stderr}"));
        }
        if !stderr.contains("GiB") || !stderr.contains("use --trials") {
            fails.push(format!("{what}: no estimate and fix\n{stderr}"));
        }
        if stderr.starts_with("error:") {
            fails.push(format!("{what}: a refusal is not a failure\n{stderr}"));
        }
        if out.exists() {
            fails.push(format!("{what}: wrote {}", out.display()));
        }
    }
    report(fails);
}

/// A swept value the file's rules refuse is named by the flags that gave
/// it and by its key path, with the fix, and no line: the point's text is
/// the document written out again, whose lines are not the file's.
#[test]
fn a_refused_sweep_point_names_its_flags_and_no_line() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let example = root().join("scenarios/key_accounts.toml");
    for (param, value, says) in [
        ("roles.outside.admin_share", "55", "did you mean 0.55?"),
        (
            "motions.complex.win_rate.insde",
            "0.2",
            "did you mean `inside`?",
        ),
    ] {
        let (code, _, stderr) = keysplit(
            tmp.path(),
            &[
                "sweep",
                example.to_str().unwrap(),
                "--split",
                "Half of transactional inside",
                "--param",
                param,
                "--values",
                value,
                "--trials",
                "3",
                "--quiet",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(code, Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("--param {param} at {value}")),
            "{stderr}"
        );
        assert!(stderr.contains(&format!("`{param}`: ")), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(!stderr.contains("(line "), "{stderr}");
        assert!(entries(tmp.path()).is_empty());
    }
}

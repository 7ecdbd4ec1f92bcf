//! Sensitivity analysis on a scenario whose paired LTV difference is a known
//! linear function of two uniform inputs and nothing else is random.

mod common;
use common::metric;
use keysplit::analysis::sensitivity::{Index, SensSpec, Sensitivity, run};
use keysplit::output::sensitivity::sentence;
use keysplit::sim::Engine;

/// One shared account with certain up-sells and no churn (see tests/sweep.rs).
/// The baseline ("exclusive", full conflict penalty) wins nothing; the "team"
/// split wins every up-sell and pays a team bonus b on its bookings. With no
/// discounting, over H = 12 months, spends S_svc = 120,000, S_plat = 240,000,
/// up-sells of 10% a month from the next month on:
///   extra revenue of a product = S/12 * 0.1 * (0 + 1 + ... + 11) = S/12 * 0.1 * 66,
///     svc: 66,000, plat: 132,000;
///   bookings = H * 0.1 * (S_svc + S_plat) = 432,000.
/// The svc margin is 0.5 and the plat margin g is uncertain, so
///   difference = 0.5 * 66,000 + 132,000 g - 432,000 b = 33,000 + C_G g + C_B b,
/// with C_G = 132,000 and C_B = -432,000, g ~ uniform(0.3, 0.7) and
/// b ~ uniform(0.15, 0.35).
const C_G: f64 = 132_000.0;
const C_B: f64 = -432_000.0;
const G: (f64, f64) = (0.3, 0.7);
const B: (f64, f64) = (0.15, 0.35);
const G_PATH: &str = r#"products."plat".gross_margin"#;
const B_PATH: &str = r#"splits."team".credit.team_bonus_rate"#;

fn src() -> String {
    common::shared_account(
        ("", ""),
        "",
        r#"[[splits]]
name = "exclusive"
assign = { maintenance = "inside" }
staffing = { outside = 1, inside = 1 }
credit = { policy = "exclusive", conflict_penalty = 1 }
[[splits]]
name = "team"
assign = { maintenance = "inside" }
staffing = { outside = 1, inside = 1 }
credit = { policy = "team", team_bonus_rate = { dist = "uniform", min = 0.15, max = 0.35 } }"#,
    )
    .replace(
        "motion = \"complex\"\ngross_margin = 0.5",
        "motion = \"complex\"\ngross_margin = { dist = \"uniform\", min = 0.3, max = 0.7 }",
    )
}

fn analyse(sobol: Option<usize>) -> Sensitivity {
    let mut s = common::scenario(&src());
    s.trials = 2000;
    let spec = SensSpec {
        split: "team".into(),
        metric: Some(metric("ltv")),
        sobol_samples: sobol,
    };
    run(&s, &spec, &Engine::with_threads(2)).unwrap()
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1.0)
}

#[test]
fn tornado_matches_the_linear_formula() {
    let a = analyse(None);
    assert_eq!(a.inputs.len(), 2, "only g and b are uncertain");
    // b: |C_B| (P90 - P10) = 432,000 * 0.16; g: 132,000 * 0.32.
    let (b, g) = (&a.inputs[0], &a.inputs[1]);
    assert_eq!(b.path, B_PATH);
    assert_eq!(g.path, G_PATH);
    let q = |(lo, hi): (f64, f64), p: f64| lo + p * (hi - lo);
    assert!(close(b.p10, q(B, 0.1), 1e-12) && close(b.p90, q(B, 0.9), 1e-12));
    assert!(close(g.p10, q(G, 0.1), 1e-12) && close(g.p90, q(G, 0.9), 1e-12));
    assert!(
        close(b.swing, C_B.abs() * (b.p90 - b.p10), 1e-9),
        "{}",
        b.swing
    );
    assert!(
        close(g.swing, C_G.abs() * (g.p90 - g.p10), 1e-9),
        "{}",
        g.swing
    );
    assert!(close(b.at_p90 - b.at_p10, C_B * (b.p90 - b.p10), 1e-9));
    assert!(close(g.at_p90 - g.at_p10, C_G * (g.p90 - g.p10), 1e-9));
    // The mean with nothing held is the formula at the sample means: close to
    // its expectation 33,000 + C_G 0.5 + C_B 0.25 = -9,000.
    let expect = 33_000.0 + C_G * 0.5 + C_B * 0.25;
    assert!((a.base_mean - expect).abs() < 2_000.0, "{}", a.base_mean);
    // Holding b at its P10 leaves the mean of g over the same trials.
    let mid_g = (b.at_p10 - 33_000.0 - C_B * b.p10) / C_G;
    assert!((mid_g - 0.5).abs() < 0.01, "{mid_g}");
    // Spearman: the bigger contributor correlates more, and with the right signs.
    let (rb, rg) = (b.spearman.unwrap(), g.spearman.unwrap());
    assert!(rb < 0.0 && rg > 0.0, "{rb} {rg}");
    assert!(rb.abs() > rg.abs(), "{rb} {rg}");
    // Both flip within their ranges; a linear response crosses zero exactly at
    // the root of the line through the held points.
    for inp in [b, g] {
        assert_eq!(inp.flips.len(), 1, "{}: {:?}", inp.path, inp.flips);
        let root = inp.p10 - inp.at_p10 * (inp.p90 - inp.p10) / (inp.at_p90 - inp.at_p10);
        assert!(
            close(inp.flips[0], root, 1e-9),
            "{} vs {root}",
            inp.flips[0]
        );
    }
    // Analytically: b* = (33,000 + C_G E[g]) / 432,000 = 0.2292, g* = (432,000 E[b] - 33,000) / C_G = 0.5682.
    assert!(
        (b.flips[0] - 99_000.0 / 432_000.0).abs() < 0.005,
        "{}",
        b.flips[0]
    );
    assert!(
        (g.flips[0] - 75_000.0 / C_G).abs() < 0.005,
        "{}",
        g.flips[0]
    );
    let sentence = sentence(&a);
    assert!(sentence.contains("Team bonus rate"), "{sentence}");
    assert!(sentence.contains("Plat gross margin"), "{sentence}");
    assert!(sentence.matches("flips at 0.").count() == 2, "{sentence}");
}

#[test]
fn sobol_indices_match_the_analytic_shares() {
    let a = analyse(Some(1000));
    let var_b = C_B * C_B * (B.1 - B.0).powi(2) / 12.0;
    let var_g = C_G * C_G * (G.1 - G.0).powi(2) / 12.0;
    let total_var = var_b + var_g;
    assert!(
        (a.sobol_variance.unwrap() / total_var - 1.0).abs() < 0.1,
        "{:?} vs {total_var}",
        a.sobol_variance
    );
    for (inp, share) in a.inputs.iter().zip([var_b / total_var, var_g / total_var]) {
        let f = inp.first_order.unwrap();
        let t = inp.total.unwrap();
        assert!(
            f.ci95_low <= share && share <= f.ci95_high,
            "{}: first order {f:?} vs {share}",
            inp.path
        );
        assert!(
            t.ci95_low <= share && share <= t.ci95_high,
            "{}: total {t:?} vs {share}",
            inp.path
        );
        // Additive model: total = first order, and the intervals are informative.
        assert!((t.value - f.value).abs() < 0.1, "{f:?} {t:?}");
        assert!(f.ci95_high - f.ci95_low < 0.3, "{f:?}");
    }
    // Deterministic: the same seed gives the same indices.
    let again = analyse(Some(1000));
    assert_eq!(a.inputs[0].first_order, again.inputs[0].first_order);
}

#[test]
fn the_command_writes_its_outputs_and_rejects_bad_options() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("linear.toml");
    std::fs::write(&file, src()).unwrap();
    let out = dir.path().join("out");
    let bin = || assert_cmd::Command::cargo_bin("keysplit").unwrap();
    let o = bin()
        .args(["sensitivity", "--split", "team", "--trials", "300"])
        .args(["--sobol-samples", "200", "--threads", "2", "--out"])
        .arg(&out)
        .arg(&file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("The two inputs that matter most"),
        "{stdout}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("sensitivity.json")).unwrap())
            .unwrap();
    assert_eq!(json["inputs"].as_array().unwrap().len(), 2);
    assert_eq!(json["inputs"][0]["path"], B_PATH);
    assert!(json["sentence"].as_str().unwrap().contains("flips at"));
    assert!(json["inputs"][0]["sobol_first"]["ci95_low"].is_number());
    let csv = std::fs::read_to_string(out.join("sensitivity.csv")).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .contains("sobol_total_ci95_high")
    );
    for chart in ["tornado", "rank-correlation", "sobol"] {
        common::assert_chart_png(&out.join(format!("charts/{chart}.png")));
        assert!(out.join(format!("charts/{chart}.svg")).exists());
    }
    // The same seed gives the same bytes, on any number of threads.
    let out1 = dir.path().join("out1");
    let o = bin()
        .args([
            "sensitivity",
            "--split",
            "team",
            "--trials",
            "300",
            "--quiet",
        ])
        .args([
            "--sobol-samples",
            "200",
            "--threads",
            "1",
            "--no-charts",
            "--out",
        ])
        .arg(&out1)
        .arg(&file)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(
        std::fs::read(out.join("sensitivity.json")).unwrap(),
        std::fs::read(out1.join("sensitivity.json")).unwrap()
    );
    // --no-sobol skips the indices and their chart.
    let out2 = dir.path().join("out2");
    let o = bin()
        .args([
            "sensitivity",
            "--split",
            "team",
            "--trials",
            "100",
            "--quiet",
        ])
        .args(["--no-sobol", "--out"])
        .arg(&out2)
        .arg(&file)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(!out2.join("charts/sobol.png").exists());
    assert!(out2.join("charts/tornado.png").exists());
    // Bad input: exit code 2 with a clear message.
    for (args, want) in [
        (vec!["--split", "teem"], "did you mean \"team\""),
        (vec!["--split", "exclusive"], "is the baseline"),
        (
            vec!["--split", "team", "--metric", "ltvv"],
            "unknown metric \"ltvv\"; did you mean ltv?",
        ),
        (
            vec!["--split", "team", "--per-trial", "csv"],
            "--per-trial is not available for sensitivity",
        ),
        (
            vec!["--split", "team", "--precision", "ltv:1000"],
            "--precision is not available",
        ),
    ] {
        let o = bin()
            .arg("sensitivity")
            .args(&args)
            .arg("--quiet")
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(want), "{args:?}: {err}");
    }
}

#[test]
fn within_trial_chance_does_not_inflate_first_order_indices() {
    // Churn on the maintenance product adds chance within each trial, and a
    // field salary that both splits pay alike has no effect on the difference.
    let text = common::shared_account(
        (
            "base_salary = { dist = \"uniform\", min = 50000, max = 150000 }",
            "",
        ),
        "annual_churn = { outside = 0.6, inside = 0.6 }",
        "",
    );
    let text = src().replace(
        "[roles.outside]\nannual_hours = 1800\n",
        &text[text.find("[roles.outside]").unwrap()..text.find("[roles.inside]").unwrap()],
    );
    let text = text
        .replace(
            "[motions.maintenance]\n",
            "[motions.maintenance]\nannual_churn = { outside = 0.9, inside = 0.9 }\n",
        )
        .replace(
            "[motions.complex]\n",
            "[motions.complex]\nannual_churn = { outside = 0.9, inside = 0.9 }\n",
        );
    let mut s = common::scenario(&text);
    s.trials = 500;
    let spec = SensSpec {
        split: "team".into(),
        metric: Some(metric("ltv")),
        sobol_samples: Some(1000),
    };
    let a = run(&s, &spec, &Engine::default()).unwrap();
    assert_eq!(a.inputs.len(), 3);
    let salary = a
        .inputs
        .iter()
        .find(|i| i.path == "roles.outside.base_salary")
        .unwrap();
    // Zero up to rounding (the salary is summed into both splits' costs):
    // it changes no trial's difference beyond rounding, so it is marked.
    assert!(salary.swing < 1e-6, "{}", salary.swing);
    assert!(salary.no_effect);
    assert!(a.inputs.iter().filter(|i| i.no_effect).count() == 1);
    assert!(
        salary.total.unwrap().value.abs() < 1e-9,
        "{:?}",
        salary.total
    );
    let f = salary.first_order.unwrap();
    assert!(f.ci95_low <= 0.0 && 0.0 <= f.ci95_high, "{f:?}");
    // Chance within trials explains a real share: the test would catch a
    // design that shared it between B and A_B^i.
    let totals: f64 = a.inputs.iter().map(|i| i.total.unwrap().value).sum();
    assert!(totals < 0.95, "{totals}");
}

#[test]
fn rank_correlations_read_the_design_the_run_used() {
    // Issue 12: under Latin hypercube sampling the correlations were taken
    // against inputs redrawn without the design, and came out near zero.
    // The difference is linear in g (up) and b (down) and nothing else
    // varies, so under any sampling the rank correlations are those of a
    // linear function of two independent uniforms: with the spreads above,
    // g's share of the variance is (132,000 x 0.4)^2 / ((132,000 x 0.4)^2 +
    // (432,000 x 0.2)^2) = 0.27, so rho(g) ~ +0.52 and rho(b) ~ -0.85. Random and
    // LHS must agree within the noise of 600 trials (se of a rank
    // correlation ~ 1/sqrt(600) = 0.04).
    let spec = SensSpec {
        split: "team".into(),
        metric: Some(metric("ltv")),
        sobol_samples: None,
    };
    let rho = |sampling: keysplit::scenario::Sampling| {
        let mut s = common::scenario(&src());
        s.trials = 600;
        s.sampling = sampling;
        let a = run(&s, &spec, &Engine::with_threads(2)).unwrap();
        let of = |p: &str| {
            a.inputs
                .iter()
                .find(|i| i.path == p)
                .and_then(|i| i.spearman)
                .unwrap()
        };
        (of(G_PATH), of(B_PATH))
    };
    let (g_random, b_random) = rho(keysplit::scenario::Sampling::Random);
    let (g_lhs, b_lhs) = rho(keysplit::scenario::Sampling::Lhs);
    assert!(g_random > 0.35 && b_random < -0.7, "{g_random} {b_random}");
    assert!(
        (g_random - g_lhs).abs() < 0.15,
        "g: random {g_random}, lhs {g_lhs}"
    );
    assert!(
        (b_random - b_lhs).abs() < 0.15,
        "b: random {b_random}, lhs {b_lhs}"
    );
}

#[test]
fn inputs_outside_the_comparison_are_marked_and_left_off_the_charts() {
    // In key_accounts.toml, "Shift and lift, by layoff" keeps complex work
    // with field reps, as today's all-field team does, so inside reps'
    // complex win rate and churn never apply; it lays field reps off and
    // hires inside reps, so no inside rep is paid severance; it redeploys no
    // one, so the redeploy ramp never applies. Holding any of these four at
    // its P10 or P90 must leave every trial's difference as it was; every
    // other uncertain input enters the comparison.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/key_accounts.toml");
    let mut s = keysplit::sim::load(&path).unwrap().scenario;
    s.trials = 24;
    let spec = SensSpec {
        split: "Shift and lift, by layoff".into(),
        metric: None,
        sobol_samples: None,
    };
    let a = run(&s, &spec, &Engine::with_threads(2)).unwrap();
    let marked: std::collections::BTreeSet<&str> = a
        .inputs
        .iter()
        .filter(|i| i.no_effect)
        .map(|i| i.path.as_str())
        .collect();
    let expected: std::collections::BTreeSet<&str> = [
        "motions.complex.win_rate.inside",
        "motions.complex.annual_churn.inside",
        "transition.severance_months.inside",
        "transition.redeploy_ramp_months",
    ]
    .into();
    assert_eq!(marked, expected);
    for i in &a.inputs {
        assert_eq!(i.no_effect, i.swing == 0.0, "{}: swing {}", i.path, i.swing);
        // Its correlation is noise by construction: never a direction.
        if i.no_effect {
            assert!(!i.spearman_clear(), "{}", i.path);
            assert_eq!(
                keysplit::charts::sensitivity::rank_color(i),
                keysplit::charts::sensitivity::rank_color(&noise_of(i))
            );
        }
    }
    // Left off every chart (the subtitle counts them), named "no effect" in
    // the table, never in the sentence.
    for (stem, chart) in keysplit::charts::sensitivity::charts(&a, &s) {
        let svg = keysplit::charts::chart_svg(&chart).unwrap();
        assert!(!svg.contains("Redeploy ramp months"), "{stem}");
        assert!(!svg.contains("Severance months, inside reps"), "{stem}");
        assert!(svg.contains("4 inputs that change no trial"), "{stem}");
    }
    let table = keysplit::output::sensitivity::table(&a);
    let row = table
        .lines()
        .find(|l| l.contains("Redeploy ramp months"))
        .unwrap();
    assert!(row.contains("no effect"), "{row}");
    assert!(!sentence(&a).contains("Redeploy"));
    let json = keysplit::output::sensitivity::json(&a);
    let ramp = json["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"] == "transition.redeploy_ramp_months")
        .unwrap();
    assert_eq!(ramp["no_effect"], true);
    // With only such inputs, the charts say so (not "no uncertain inputs").
    let mut none = a.clone();
    none.inputs.retain(|i| i.no_effect);
    for (stem, chart) in keysplit::charts::sensitivity::charts(&none, &s) {
        let svg = keysplit::charts::chart_svg(&chart).unwrap();
        assert!(
            svg.contains("No uncertain input changes any trial"),
            "{stem}"
        );
    }
}

/// `i` as an input whose correlation is pure noise (0 within its interval).
fn noise_of(i: &keysplit::analysis::sensitivity::Input) -> keysplit::analysis::sensitivity::Input {
    keysplit::analysis::sensitivity::Input {
        spearman: Some(0.0),
        spearman_ci95: Some((-0.1, 0.1)),
        spearman_p: Some(1.0),
        spearman_p_holm: Some(1.0),
        no_effect: false,
        ..i.clone()
    }
}

#[test]
fn a_rank_correlation_within_noise_favours_neither_side() {
    // The linear scenario plus a third input, the svc gross margin, drawn
    // from uniform(0.5, 0.5001): it moves the difference by 66,000 x 0.0001
    // = $6.60 at most (66,000 is the svc margin's coefficient, above), against
    // a spread of the difference of sqrt((432,000 x 0.2)^2 + (132,000 x 0.4)^2)
    // / sqrt(12) = $29k. Its true rank correlation is about 6.6 / sqrt(12) /
    // 29,000 = 0.0001: its 95% interval must contain 0, so it is noise,
    // while g and b (rho about +0.52 and -0.85) are clear.
    let text = src().replace(
        "name = \"svc\"\nmotion = \"maintenance\"\ngross_margin = 0.5",
        "name = \"svc\"\nmotion = \"maintenance\"\ngross_margin = { dist = \"uniform\", min = 0.5, max = 0.5001 }",
    );
    let mut s = common::scenario(&text);
    s.trials = 400;
    let spec = SensSpec {
        split: "team".into(),
        metric: Some(metric("ltv")),
        sobol_samples: None,
    };
    let a = run(&s, &spec, &Engine::with_threads(2)).unwrap();
    assert_eq!(a.inputs.len(), 3);
    let of = |p: &str| a.inputs.iter().find(|i| i.path == p).unwrap();
    let tiny = of(r#"products."svc".gross_margin"#);
    let (b, g) = (of(B_PATH), of(G_PATH));
    // Not "no effect": it does change every trial, by a few dollars.
    assert!(!tiny.no_effect && tiny.swing > 0.0, "{}", tiny.swing);
    let (lo, hi) = tiny.spearman_ci95.unwrap();
    assert!(lo < 0.0 && 0.0 < hi, "{lo} {hi}");
    // The interval is Fisher's z with the rank correction, over the 400 trials.
    let rho = tiny.spearman.unwrap();
    let half = 1.96 * (1.06f64 / 397.0).sqrt();
    assert!((lo - (rho.atanh() - half).tanh()).abs() < 1e-12);
    assert!(!tiny.spearman_clear());
    assert!(b.spearman_clear() && g.spearman_clear());
    use keysplit::charts::PALETTE;
    use keysplit::charts::sensitivity::rank_color;
    assert_eq!(rank_color(g), PALETTE[0], "higher g favours the team split");
    assert_eq!(rank_color(b), PALETTE[1], "higher b favours the baseline");
    let grey = rank_color(tiny);
    assert!(grey != PALETTE[0] && grey != PALETTE[1] && grey.0 == grey.1 && grey.1 == grey.2);
    let table = keysplit::output::sensitivity::table(&a);
    let row = table
        .lines()
        .find(|l| l.contains("Svc gross margin"))
        .unwrap();
    assert!(row.contains("noise"), "{row}");
    assert!(
        table.contains("favours neither side"),
        "the mark is explained"
    );
    // Where every correlation is clear, there is no mark to explain.
    let clear = analyse(None);
    assert!(clear.inputs.iter().all(|i| i.spearman_clear()));
    let plain = keysplit::output::sensitivity::table(&clear);
    assert!(
        !plain.contains("noise") && !plain.contains("no effect"),
        "{plain}"
    );
    let json = keysplit::output::sensitivity::json(&a);
    assert_eq!(json["inputs"][2]["spearman_clear"], false);
    assert_eq!(json["inputs"][0]["spearman_clear"], true);
    // The title's finding is a clear correlation, the strongest: b's.
    let charts = keysplit::charts::sensitivity::charts(&a, &s);
    let rank = &charts.iter().find(|c| c.0 == "rank-correlation").unwrap().1;
    use keysplit::charts::Chart;
    assert!(
        rank.title().starts_with("Team bonus rate"),
        "{}",
        rank.title()
    );
    // With every correlation noise, the title claims none.
    let mut quiet = a.clone();
    for i in &mut quiet.inputs {
        *i = noise_of(i);
    }
    let charts = keysplit::charts::sensitivity::charts(&quiet, &s);
    let rank = &charts.iter().find(|c| c.0 == "rank-correlation").unwrap().1;
    assert!(
        rank.title().contains("can be told from zero"),
        "{}",
        rank.title()
    );
}

#[test]
fn a_negative_sobol_estimate_draws_no_bar_below_zero() {
    // A first-order estimate of -20% is noise: its bar stops at 0 (no
    // first-order rectangle), its whisker still spans the interval, the label
    // says "<0", and the JSON keeps the estimate. The same input with +20%
    // draws its bar: 20% of the axis.
    let a = analyse(None);
    let with_first = |v: f64| {
        let mut x = a.clone();
        x.sobol_samples = 200;
        for i in &mut x.inputs {
            i.first_order = Some(Index {
                value: v,
                ci95_low: v - 0.15,
                ci95_high: v + 0.15,
            });
            i.total = Some(Index {
                value: 0.3,
                ci95_low: 0.25,
                ci95_high: 0.35,
            });
        }
        x
    };
    let s = common::scenario(&src());
    let first_bars = |x: &Sensitivity| {
        let charts = keysplit::charts::sensitivity::charts(x, &s);
        let sobol = &charts.iter().find(|c| c.0 == "sobol").unwrap().1;
        let svg = keysplit::charts::chart_svg(sobol).unwrap();
        // The first-order fill (the legend's swatch is a small square).
        let wide = svg
            .split("<rect")
            .skip(1)
            .filter(|r| r.contains("#0072B2"))
            .filter_map(|r| {
                let w = r.split("width=\"").nth(1)?.split('"').next()?;
                w.parse::<f64>().ok()
            })
            .filter(|w| *w > 30.0)
            .count();
        (wide, svg)
    };
    let (up, _) = first_bars(&with_first(0.2));
    assert_eq!(up, 2, "one first-order bar per input");
    let neg = with_first(-0.2);
    let (down, svg) = first_bars(&neg);
    assert_eq!(down, 0, "no first-order bar below 0");
    assert!(svg.contains("first &lt;0") || svg.contains("first <0"));
    assert!(svg.contains("below 0 are noise"));
    let json = keysplit::output::sensitivity::json(&neg);
    assert_eq!(json["inputs"][0]["sobol_first"]["value"], -0.2);
}

/// Twenty inputs of no practical effect beside the two real ones: twenty
/// more maintenance products `n1`..`n20`, each with a spend of $1,000 and
/// a gross margin drawn from uniform(0.5, 0.51). Each moves the difference
/// by at most 0.01 x 1,000 / 12 x 0.1 x 66 = $5.50 (the up-sell revenue of
/// the linear scenario above), against a spread of the difference of about
/// $29k: their rank correlations with it are about 5.5 / sqrt(12) / 29,000
/// = 0.00005, pure noise. They do change every trial, so they are not "no
/// effect", and they are tested with the real inputs b and g.
fn planted(trials: u64, seed: u64) -> Sensitivity {
    let names: Vec<String> = (1..=20).map(|i| format!("n{i}")).collect();
    let products: String = names
        .iter()
        .map(|n| {
            format!(
                "[[products]]\nname = \"{n}\"\nmotion = \"maintenance\"\ngross_margin = {{ dist = \"uniform\", min = 0.5, max = 0.51 }}\n"
            )
        })
        .collect();
    let spends: String = names.iter().map(|n| format!(", {n} = 1000")).collect();
    let text = src()
        .replace("[[tiers]]", &format!("{products}[[tiers]]"))
        .replace("plat = 240000 }", &format!("plat = 240000{spends} }}"));
    let mut s = common::scenario(&text);
    s.trials = trials;
    s.seed = seed;
    let spec = SensSpec {
        split: "team".into(),
        metric: Some(metric("ltv")),
        sobol_samples: None,
    };
    run(&s, &spec, &Engine::with_threads(2)).unwrap()
}

#[test]
fn with_many_noise_inputs_only_the_real_ones_are_clear() {
    // Seed 3 is a run where pure noise looks clear on its own: at least
    // one of the twenty noise inputs has an unadjusted p-value below 5%
    // (its 95% interval excludes 0), as one in twenty does on average.
    let a = planted(300, 3);
    assert_eq!(a.inputs.len(), 22);
    let (noise, real): (Vec<_>, Vec<_>) = a
        .inputs
        .iter()
        .partition(|i| i.path.starts_with("products.\"n"));
    assert_eq!(real.len(), 2);
    assert!(noise.iter().all(|i| !i.no_effect));
    let fooled: Vec<&str> = noise
        .iter()
        .filter(|i| {
            let (lo, hi) = i.spearman_ci95.unwrap();
            lo > 0.0 || hi < 0.0
        })
        .map(|i| i.path.as_str())
        .collect();
    assert!(
        !fooled.is_empty(),
        "the planted case needs a noise input that looks clear alone"
    );
    // Holm across the 22 inputs: none of the noise is marked clear; b and g
    // (rho about -0.85 and +0.5) are.
    for i in &noise {
        assert!(!i.spearman_clear(), "{} p {:?}", i.path, i.spearman_p_holm);
    }
    for i in &real {
        assert!(i.spearman_clear(), "{}", i.path);
    }
    // The adjusted p-values are Holm's on the unadjusted ones (Holm 1979):
    // sorted up, the j-th (from 1) is max over k <= j of min(1, (22 - k + 1) p(k)).
    let mut ps: Vec<(f64, f64)> = a
        .inputs
        .iter()
        .map(|i| (i.spearman_p.unwrap(), i.spearman_p_holm.unwrap()))
        .collect();
    ps.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut running: f64 = 0.0;
    for (k, (p, adj)) in ps.iter().enumerate() {
        running = running.max((22 - k) as f64 * p).min(1.0);
        assert!(
            (adj - running).abs() <= 1e-12 * running.max(1e-300),
            "{k}: {adj} vs {running}"
        );
    }
    // The outputs keep the unadjusted interval and add both p-values and
    // the mark.
    let csv = String::from_utf8(keysplit::output::sensitivity::csv(&a).unwrap()).unwrap();
    let head: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    for col in [
        "spearman_ci95_low",
        "spearman_p",
        "spearman_p_holm",
        "spearman_mark",
    ] {
        assert!(head.contains(&col), "{col}");
    }
    let json = keysplit::output::sensitivity::json(&a);
    let one = json["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"] == fooled[0])
        .unwrap();
    assert_eq!(one["spearman_mark"], "noise");
    assert!(one["spearman_p"].as_f64().unwrap() < 0.05);
    assert!(one["spearman_p_holm"].as_f64().unwrap() > 0.05);
    assert!(one["spearman_ci95"]["low"].is_number());
}

#[test]
fn no_value_label_of_the_tornado_reaches_an_input_name() {
    // The review's case: long input names and large values. The top row
    // swings furthest, so its left value label sits at the plot's left
    // edge, next to the names: -$1.00T falls on a round tick, so the axis
    // starts there with no padding.
    let mut a = analyse(None);
    let long = "A product name as long as a CRM exports it, with its region and line of business";
    a.inputs[0].path = format!("products.\"{long}\".gross_margin");
    a.inputs[0].at_p10 = -1.0e12;
    a.inputs[0].at_p90 = 1.0e12;
    a.inputs[1].path = format!("products.\"{long} too\".gross_margin");
    a.inputs[1].at_p10 = -4.0e11;
    a.inputs[1].at_p90 = 3.0e11;
    let s = common::scenario(&src());
    let width = keysplit::charts::WIDTH as i32;
    for (stem, chart) in keysplit::charts::sensitivity::charts(&a, &s) {
        for (name, values) in chart.row_spans(width) {
            for v in values {
                // At least 12 pixels between a name and a value label, and
                // every label on the chart.
                assert!(
                    v.0 >= name.1 + 12,
                    "{stem}: value {v:?} reaches the name {name:?}"
                );
                assert!(
                    v.0 >= keysplit::charts::MARGIN && v.1 <= width - keysplit::charts::MARGIN,
                    "{stem}: {v:?}"
                );
            }
            assert!(name.0 >= keysplit::charts::MARGIN, "{stem}: {name:?}");
        }
    }
}

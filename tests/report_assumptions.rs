//! The report's "Assumptions, the most uncertain first": the uncertain inputs
//! listed by relative spread, (P90 - P10) / median, and the words true of
//! the tables below them.

mod common;

/// The shared account, one split, three uniform per-trial inputs and a
/// per-won-deal up-sell size. For uniform(a, b): P10 = a + 0.1 (b - a),
/// P90 = a + 0.9 (b - a), median (a + b) / 2, so the relative spread is
/// 0.8 (b - a) / ((a + b) / 2):
///   inside annual hours uniform(1000, 3000): 1600 / 2000 = 80%;
///   plat gross margin uniform(0.3, 0.7): 0.32 / 0.5 = 64%;
///   svc gross margin uniform(0.45, 0.55): 0.08 / 0.5 = 16%;
/// and the complex up-sell size uniform(0.05, 0.15) per won deal: 0.08 /
/// 0.1 = 80%.
fn text() -> String {
    common::shared_account(("", ""), "", "[[splits]]\nname = \"one\"")
    .replace(
        "name = \"svc\"\nmotion = \"maintenance\"\ngross_margin = 0.5",
        "name = \"svc\"\nmotion = \"maintenance\"\ngross_margin = { dist = \"uniform\", min = 0.45, max = 0.55 }",
    )
    .replace(
        "motion = \"complex\"\ngross_margin = 0.5",
        "motion = \"complex\"\ngross_margin = { dist = \"uniform\", min = 0.3, max = 0.7 }",
    )
    .replace(
        "[roles.inside]\nannual_hours = 1800",
        "[roles.inside]\nannual_hours = { dist = \"uniform\", min = 1000, max = 3000 }",
    )
    .replace(
        "[motions.complex]\nupsell_per_year = 1e9\nupsell_size = 0.1",
        "[motions.complex]\nupsell_per_year = 1e9\nupsell_size = { dist = \"uniform\", min = 0.05, max = 0.15 }",
    )
}

#[test]
fn assumptions_are_listed_by_relative_spread_with_true_words() {
    let mut s = common::scenario(&text());
    s.trials = 4;
    let r = common::run(&s, 1);
    let prov = keysplit::output::json::Provenance::new(std::path::Path::new("test.toml"), &text());
    let report = keysplit::output::report::markdown(&s, &r, &prov, &[]);
    // Ordered by how uncertain an input is, not by how much the result
    // depends on it (that is `keysplit sensitivity`'s): the heading must
    // not call the first rows the drivers of the result.
    assert!(
        !report.to_lowercase().contains("drive the result"),
        "{report}"
    );
    let section = report
        .split("## Assumptions, the most uncertain first")
        .nth(1)
        .unwrap()
        .split("| Model setting")
        .next()
        .unwrap();
    // The per-trial inputs, widest first, each with its spread.
    let rows: Vec<&str> = section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Input"))
        .collect();
    let want = [
        ("roles.inside.annual_hours", "80.0%"),
        (r#"products."plat".gross_margin"#, "64.0%"),
        (r#"products."svc".gross_margin"#, "16.0%"),
        ("motions.complex.upsell_size (per won up-sell", "80.0%"),
    ];
    assert_eq!(rows.len(), want.len(), "{section}");
    for (row, (name, spread)) in rows.iter().zip(want) {
        assert!(
            row.starts_with(&format!("| {name}")),
            "{row} should be {name}"
        );
        assert!(
            row.trim_end().ends_with(&format!("| {spread} |")),
            "{row}: {spread}"
        );
    }
    // The measure is stated, and "every other input is a constant" is said
    // only beside both tables, which hold every drawn input.
    assert!(section.contains("(P90 − P10) / median"), "{section}");
    assert!(
        section.contains("for every account, product or won deal"),
        "{section}"
    );
    assert!(section.contains("Distribution (per account or per deal)"));
}

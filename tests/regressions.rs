//! The inputs of issue 12 that validation accepts, or that get past it only
//! through the library: each must end cleanly (a result, or a clean error),
//! quickly, and write nothing unsafe.

mod common;
use keysplit::core::dist::Dist;
use keysplit::sim::Engine;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn tutorial() -> String {
    std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial.toml"),
    )
    .unwrap()
}

#[test]
fn a_beta_deal_size_with_a_small_shape_runs() {
    // Shape 0.1 panicked in the quantile table; it is inside the range now.
    let src = tutorial().replace(
        "upsell_size = 0.25",
        r#"upsell_size = { dist = "beta", alpha = 0.1, beta = 2 }"#,
    );
    let mut s = common::scenario(&src);
    s.trials = 20;
    let r = common::run(&s, 2);
    assert!(
        r.splits
            .iter()
            .all(|sp| sp.metrics[common::metric("ltv")].is_some())
    );
}

#[test]
fn an_overflow_past_validation_is_an_error_naming_the_inputs() {
    // Validation bounds every number; a scenario built in code can still
    // overflow, and must then fail with the inputs named, not print NaN.
    let mut s = common::scenario(&tutorial());
    s.trials = 5;
    let i = s
        .params
        .iter()
        .position(|p| p.path == "roles.outside.base_salary")
        .unwrap();
    s.params[i].dist = Dist::Const(1.7e308);
    let e = Engine::with_threads(1).run(&s).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, keysplit::Error::Overflow(_)), "{msg}");
    assert!(msg.contains("roles.outside.base_salary = 1.7e308"), "{msg}");
    assert!(!msg.contains("NaN"), "{msg}");

    let mut s = common::scenario(&tutorial());
    s.trials = 5;
    s.horizon_months = 1200;
    let d = s
        .params
        .iter()
        .position(|p| p.path == "simulation.discount_rate")
        .unwrap();
    s.params[d].dist = Dist::Const(-0.9999);
    let msg = Engine::with_threads(1).run(&s).unwrap_err().to_string();
    assert!(
        msg.contains("simulation.discount_rate = -0.9999 over 1200 months"),
        "{msg}"
    );
}

#[test]
fn every_run_chart_draws_absurd_but_finite_numbers_quickly() {
    // Salaries, spends and deal sizes of 1e300 (past validation) gave a
    // panic in the paired chart and a chart loop at 3-4 GB. Every chart
    // must draw them, in bounded time, as well-formed SVG with short labels.
    let edits: [(&str, f64); 3] = [
        ("roles.outside.base_salary", 1e300),
        ("roles.inside.base_salary", 1e300),
        ("motions.maintenance.upsell_per_year", 1e12),
    ];
    for (path, v) in edits {
        let mut s = common::scenario(&tutorial());
        s.trials = 30;
        let i = s.params.iter().position(|p| p.path == path).unwrap();
        s.params[i].dist = Dist::Const(v);
        s.tiers[0].spend = s.tiers[0]
            .spend
            .iter()
            .map(|d| d.as_ref().map(|_| Dist::Const(1e250)))
            .collect();
        let r = match Engine::with_threads(2).run(&s) {
            Ok(r) => r,
            Err(keysplit::Error::Overflow(_)) => continue,
            Err(e) => panic!("{path}: {e}"),
        };
        let started = Instant::now();
        let figures = keysplit::charts::render_run(&s, &r).unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{path}: charts took {:?}",
            started.elapsed()
        );
        for f in &figures {
            roxmltree::Document::parse(&f.svg)
                .unwrap_or_else(|e| panic!("{path}: {} is not well-formed: {e}", f.stem));
            assert!(
                !f.svg.contains("NaN") && !f.svg.contains("inf"),
                "{path}: {}",
                f.stem
            );
        }
        let table = keysplit::output::table::run_text(&s.name, &r, None, Some(160));
        assert!(!table.contains("NaN"), "{path}: {table}");
        assert!(
            table.lines().all(|l| l.chars().count() <= 400),
            "{path}: {table}"
        );
    }
}

#[test]
fn a_long_name_is_shortened_quickly() {
    // fit() measured every prefix: 20,000 characters took 21 s.
    let t = keysplit::charts::Txt::new(20.0);
    let name = "x".repeat(100_000);
    let started = Instant::now();
    let short = keysplit::charts::fit(&name, t, 300);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(short.ends_with('…') && t.width(&short) <= 300);
    assert!(t.width(&format!("{}…", "x".repeat(short.chars().count()))) > 300);
}

#[test]
fn names_cannot_inject_formulas_html_or_markup_into_the_outputs() {
    // Validation refuses control characters; these names are valid.
    let hostile = [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "# Heading",
    ];
    let mut src = tutorial().replace(
        "name = \"Tutorial: maintenance inside?\"",
        "name = \"<script>alert(1)</script>\"",
    );
    src = src.replace(
        "name = \"Maintenance inside\"",
        &format!("name = {:?}", hostile[0]),
    );
    for (k, n) in hostile.iter().enumerate().skip(1) {
        src.push_str(&format!(
            "\n[[splits]]\nname = {n:?}\nassign = {{ maintenance = {{ inside = {} }} }}\n",
            0.1 * k as f64
        ));
    }
    let loaded = keysplit::load_str(&src, "hostile.toml").unwrap();
    let mut options = keysplit::Options::threads(1);
    options.trials = Some(10);
    let opts = keysplit::RunOptions {
        options,
        precision: None,
    };
    let outcome = keysplit::run(&loaded, &opts).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    let prov = keysplit::output::json::Provenance::new(std::path::Path::new("hostile.toml"), &src);
    let files = keysplit::Files {
        charts: true,
        per_trial: Some(keysplit::output::trials::Format::Csv),
        pdf: None,
    };
    keysplit::commands::run::write(&out, &outcome, &prov, &files, &keysplit::Pool::new(Some(1)))
        .unwrap();
    // CSV: every text cell that starts like a formula is quoted, in the
    // summary and in the per-trial table (its split column).
    for (file, column) in [("summary.csv", 0), ("trials.csv", 1)] {
        let csv = std::fs::read_to_string(out.join(file)).unwrap();
        let mut rdr = ::csv::Reader::from_reader(csv.as_bytes());
        for rec in rdr.records() {
            let cell = rec.unwrap()[column].to_string();
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{file}: {cell}"
            );
        }
        assert!(csv.contains("'=HYPERLINK"), "{file}");
    }
    // Markdown: no raw HTML (a `<` that opens a tag is backslash-escaped,
    // which CommonMark renders as the character), no injected heading.
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let raw = md.replace("\\<", "");
    assert!(
        !raw.contains("<script") && !raw.contains("<img"),
        "raw HTML in report.md"
    );
    assert!(md.contains("\\<script>"), "the name is kept, escaped");
    assert!(
        !md.lines().any(|l| l.starts_with("# Heading")),
        "a heading was injected"
    );
    // HTML: escaped; SVG: well-formed.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("<script>alert") && !html.contains("<img src=x"));
    for e in std::fs::read_dir(out.join("charts")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "svg") {
            let svg = std::fs::read_to_string(&p).unwrap();
            roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        }
    }
}

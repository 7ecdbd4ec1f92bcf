//! The command line as a user meets it: every shipped scenario validates and
//! runs, outputs are byte-identical for any thread count, and overrides apply.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn keysplit() -> Command {
    Command::cargo_bin("keysplit").expect("binary")
}

fn scenarios() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir("scenarios")
        .expect("scenarios/")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    assert!(v.len() >= 2, "expected the example scenarios");
    v
}

fn run_to(scenario: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut cmd = keysplit();
    cmd.arg("run")
        .arg(scenario)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .args(extra);
    let o = cmd.output().expect("run");
    assert!(
        o.status.success(),
        "{}: {}",
        scenario.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

#[test]
fn every_scenario_validates_and_runs() {
    let tmp = tempfile::tempdir().unwrap();
    for s in scenarios() {
        keysplit().arg("validate").arg(&s).assert().success();
        let out = tmp.path().join(s.file_stem().unwrap());
        run_to(&s, &out, &["--trials", "40"]);
        let text = std::fs::read_to_string(out.join("summary.json")).unwrap();
        assert!(
            !text.contains("NaN") && !text.contains("inf"),
            "{}",
            s.display()
        );
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["trials"], 40);
        let splits = v["splits"].as_array().unwrap();
        assert!(!splits.is_empty());
        assert_eq!(splits.iter().filter(|s| s["baseline"] == true).count(), 1);
        assert_eq!(splits.iter().filter(|s| s["current"] == true).count(), 1);
        for sp in splits {
            let ltv = &sp["metrics"]["ltv"];
            for k in ["mean", "sd", "se", "p5", "p10", "p50", "p90", "p95", "n"] {
                assert!(ltv[k].is_number(), "{}: ltv.{k}", s.display());
            }
            for k in ["mean", "ci95_low", "ci95_high", "p_better", "p_worse", "n"] {
                assert!(
                    sp["delta_vs_baseline"]["ltv"][k].is_number(),
                    "{}: delta ltv.{k}",
                    s.display()
                );
            }
        }
        assert!(out.join("summary.csv").exists());
    }
}

#[test]
fn summary_is_byte_identical_for_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let s = Path::new("scenarios/key_accounts.toml");
    let a = tmp.path().join("one");
    let b = tmp.path().join("two");
    let c = tmp.path().join("three");
    let args = |t| {
        [
            "--trials",
            "120",
            "--no-charts",
            "--per-trial",
            "csv",
            "--threads",
            t,
        ]
    };
    run_to(s, &a, &args("1"));
    run_to(s, &b, &args("2"));
    run_to(s, &c, &args("3"));
    for f in ["summary.json", "summary.csv", "summary.xlsx", "trials.csv"] {
        let x = std::fs::read(a.join(f)).unwrap();
        assert_eq!(x, std::fs::read(b.join(f)).unwrap(), "{f}: 1 vs 2 threads");
        assert_eq!(x, std::fs::read(c.join(f)).unwrap(), "{f}: 1 vs 3 threads");
    }
}

#[test]
fn seed_and_trials_overrides_apply() {
    let tmp = tempfile::tempdir().unwrap();
    let s = Path::new("scenarios/tutorial.toml");
    let read = |d: &Path| {
        serde_json::from_str::<serde_json::Value>(
            &std::fs::read_to_string(d.join("summary.json")).unwrap(),
        )
        .unwrap()
    };
    run_to(s, &tmp.path().join("a"), &["--trials", "30", "--seed", "1"]);
    run_to(s, &tmp.path().join("b"), &["--trials", "30", "--seed", "2"]);
    run_to(s, &tmp.path().join("c"), &["--trials", "30", "--seed", "1"]);
    let (a, b, c) = (
        read(&tmp.path().join("a")),
        read(&tmp.path().join("b")),
        read(&tmp.path().join("c")),
    );
    assert_eq!(a["seed"], 1);
    assert_eq!(a["trials"], 30);
    assert_eq!(a, c);
    assert_ne!(a["splits"], b["splits"]);
}

#[test]
fn run_prints_a_comparison_table_naming_every_split() {
    let tmp = tempfile::tempdir().unwrap();
    let o = keysplit()
        .args(["run", "scenarios/tutorial.toml", "--trials", "20", "--out"])
        .arg(tmp.path().join("t"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let table = String::from_utf8_lossy(&o.stdout);
    let text = std::fs::read_to_string("scenarios/tutorial.toml").unwrap();
    let s = keysplit::sim::load_str(&text, "tutorial").unwrap().scenario;
    for sp in &s.splits {
        assert!(
            table.contains(&sp.name[..sp.name.len().min(12)]),
            "table lacks {}",
            sp.name
        );
    }
    assert!(table.contains("P(better)"));
}

#[test]
fn a_rerun_replaces_the_output_folder_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    // A folder keysplit wrote (it holds the marker) is replaced whole.
    run_to(
        Path::new("scenarios/tutorial.toml"),
        &out,
        &["--trials", "10", "--no-charts"],
    );
    assert!(out.join(keysplit::output::MARKER).is_file());
    std::fs::write(out.join("stale.txt"), "from an old run").unwrap();
    run_to(
        Path::new("scenarios/tutorial.toml"),
        &out,
        &["--trials", "10"],
    );
    assert!(!out.join("stale.txt").exists());
    assert!(out.join("summary.json").exists());
    // No temporary folders are left beside it.
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["o".to_string()]);
}

/// The warnings `validate` gives reach the outputs, not only the terminal:
/// a book column whose header misspells a product is read as an attribute
/// (its spends are left out), and the report says so before its findings
/// and `summary.json` lists it with its fix; a scenario without warnings
/// has neither.
#[test]
fn the_inputs_warnings_are_in_the_report_and_the_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let book = std::fs::read_to_string("scenarios/book_accounts.csv").unwrap();
    let (header, rest) = book.split_once('\n').unwrap();
    assert!(header.contains(",Consumables,"));
    let header = header.replace(",Consumables,", ",Consumable,");
    std::fs::write(
        tmp.path().join("book_accounts.csv"),
        format!("{header}\n{rest}"),
    )
    .unwrap();
    std::fs::copy("scenarios/book.toml", tmp.path().join("book.toml")).unwrap();
    for (scenario, warned) in [
        (tmp.path().join("book.toml"), true),
        ("scenarios/tutorial.toml".into(), false),
    ] {
        let out = tmp.path().join(format!("out-{warned}"));
        let o = run_to(&scenario, &out, &["--trials", "20"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let md = std::fs::read_to_string(out.join("report.md")).unwrap();
        let html = std::fs::read_to_string(out.join("report.html")).unwrap();
        let summary: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap())
                .unwrap();
        let section = "Warnings about the inputs";
        assert_eq!(md.contains(section), warned);
        assert_eq!(html.contains(section), warned);
        assert_eq!(summary.get("warnings").is_some(), warned);
        if warned {
            // Before the findings, with the column and its fix.
            assert!(md.find(section).unwrap() < md.find("## Findings").unwrap());
            assert!(md.contains("column H (\"Consumable\")"), "{md}");
            assert!(
                md.contains("Fix: rename the header to \"Consumables\""),
                "{md}"
            );
            let list = summary["warnings"].as_array().unwrap();
            assert!(list.iter().any(|w| {
                w["warning"].as_str().unwrap().contains("\"Consumable\"")
                    && w["fix"].as_str().unwrap().contains("rename the header")
            }));
        }
    }
}

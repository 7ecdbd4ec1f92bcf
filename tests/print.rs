//! The report that prints: print CSS in `report.html` (page breaks before
//! sections, nothing split across pages, the provenance last) and
//! `run --pdf` through headless Chromium, or a clear warning without one.

use assert_cmd::Command;
use std::path::Path;

fn run(out: &Path, path_env: Option<&Path>, extra: &[&str]) -> std::process::Output {
    let mut cmd = Command::cargo_bin("keysplit").unwrap();
    cmd.args([
        "run",
        "scenarios/tutorial.toml",
        "--quiet",
        "--trials",
        "30",
        "--out",
    ])
    .arg(out)
    .args(extra);
    if let Some(p) = path_env {
        cmd.env("PATH", p);
    }
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

#[test]
fn the_report_has_print_rules_and_ends_with_its_provenance() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    run(&out, None, &[]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for rule in [
        "@media print",
        ".page-break { break-before: page; }",
        "table { font-size: 9pt; break-inside: avoid; }",
        ".chart { break-inside: avoid;",
    ] {
        assert!(html.contains(rule), "report.html lacks {rule:?}");
    }
    // Sections start pages; charts are whole sections.
    assert!(html.matches("<div class=\"page-break\"></div>").count() >= 4);
    assert!(html.contains("<section class=\"chart\">"));
    // The provenance closes the report: no section after it.
    let last = html.rfind("<h2>").unwrap();
    assert!(html[last..].starts_with("<h2>Provenance</h2>"));
    // Markdown has no page breaks, and the same order.
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md[md.rfind("\n## ").unwrap()..].starts_with("\n## Provenance"));
}

#[test]
fn pdf_without_chromium_warns_and_writes_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("no-browsers");
    std::fs::create_dir(&empty).unwrap();
    let out = tmp.path().join("o");
    let o = run(&out, Some(&empty), &["--pdf"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("warning: report.pdf was not written: no headless Chromium found"),
        "{err}"
    );
    assert!(!out.join("report.pdf").exists());
    for f in ["report.html", "summary.json", "summary.xlsx"] {
        assert!(out.join(f).exists(), "{f}");
    }
}

#[test]
fn pdf_with_chromium_prints_the_report() {
    if keysplit::output::pdf::browser().is_none() {
        eprintln!("skipped: no Chromium on this machine");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    // Paper sizes in points (1/72 in): A4 210 x 297 mm, Letter 8.5 x 11 in.
    let mm = 72.0 / 25.4;
    for (paper, size) in [("a4", (210.0 * mm, 297.0 * mm)), ("letter", (612.0, 792.0))] {
        let out = tmp.path().join(paper);
        let o = run(&out, None, &["--pdf", "--paper", paper]);
        assert!(
            o.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let pdf = std::fs::read(out.join("report.pdf")).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        // Every page is the paper's size (the MediaBox, to a point).
        let text = String::from_utf8_lossy(&pdf);
        let boxes: Vec<(f64, f64)> = text
            .split("/MediaBox [0 0 ")
            .skip(1)
            .map(|b| {
                let mut n = b.split([' ', ']']).map(|x| x.parse::<f64>().unwrap());
                (n.next().unwrap(), n.next().unwrap())
            })
            .collect();
        assert!(boxes.len() >= 4, "{paper}: {} pages", boxes.len());
        for (w, h) in boxes {
            assert!(
                (w - size.0).abs() < 1.0 && (h - size.1).abs() < 1.0,
                "{paper}: {w} x {h}"
            );
        }
        // The browser's profile does not stay in the output folder.
        assert!(!out.join(".chromium").exists());
    }
}

#[test]
fn pdf_needs_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let o = Command::cargo_bin("keysplit")
        .unwrap()
        .args([
            "run",
            "scenarios/tutorial.toml",
            "--pdf",
            "--no-charts",
            "--out",
        ])
        .arg(tmp.path().join("o"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--no-charts"));
}

//! `summary.xlsx`, read back with calamine: every value a number equal to
//! the run's summaries, the sheets the README lists, written with and
//! without charts.

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};
use keysplit::core::metrics::{Metric, Unit};
use keysplit::output::decision;
use std::path::Path;

fn run(out: &Path, extra: &[&str]) {
    let o = Command::cargo_bin("keysplit")
        .unwrap()
        .args([
            "run",
            "scenarios/tutorial.toml",
            "--quiet",
            "--trials",
            "40",
            "--out",
        ])
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn float(d: Option<&Data>) -> Option<f64> {
    match d {
        Some(Data::Float(x)) => Some(*x),
        Some(Data::Int(i)) => Some(*i as f64),
        Some(Data::Empty) | None => None,
        Some(other) => panic!("expected a number, got {other:?}"),
    }
}

#[test]
fn the_workbook_holds_the_summaries_as_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    run(&out, &[]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let mut wb: Xlsx<_> = open_workbook(out.join("summary.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["Comparison", "Metrics", "Inputs", "Charts"]
    );

    // Comparison: the baseline's three columns, then 7 per other split.
    let c = wb.worksheet_range("Comparison").unwrap();
    let splits = json["splits"].as_array().unwrap();
    // The rows of the terminal table: the decision metric first, labelled as such.
    let chosen = Metric::by_name(json["decision_metric"].as_str().unwrap()).unwrap();
    let rows = decision::rows(chosen);
    let mut col = 1;
    for sp in splits {
        let baseline = sp["baseline"] == true;
        let name = sp["name"].as_str().unwrap();
        let title = c.get_value((0, col)).unwrap().to_string();
        assert!(title.starts_with(name), "{title} vs {name}");
        // The payback metric takes two rows: the share of trials that pay
        // back, then the median month among them with P10 and P90, each
        // rounded to a whole month (never their mean).
        let mut row = 1;
        for m in &rows {
            row += 1;
            let s = &sp["metrics"][m.name()];
            if *m == Metric::PaybackMonth {
                assert_eq!(
                    c.get_value((row, 0)).unwrap().to_string(),
                    "Share of trials that pay back"
                );
                assert_eq!(float(c.get_value((row, col))), sp["p_payback"].as_f64());
                row += 1;
                assert!(
                    c.get_value((row, 0))
                        .unwrap()
                        .to_string()
                        .starts_with("Payback month (median")
                );
                for (cell, q) in [(col, "p50"), (col + 1, "p10"), (col + 2, "p90")] {
                    let want = s[q].as_f64().map(f64::round);
                    assert_eq!(float(c.get_value((row, cell))), want, "{name} {q}");
                }
                continue;
            }
            assert_eq!(
                c.get_value((row, 0)).unwrap().to_string(),
                decision::label(*m, chosen),
                "row {row}"
            );
            let near = |cell: u32, want: &serde_json::Value| {
                let got = float(c.get_value((row, cell)));
                match (got, want.as_f64()) {
                    (Some(a), Some(b)) => {
                        assert!((a - b).abs() <= 1e-15 * b.abs(), "{name} {}", m.name())
                    }
                    (a, b) => assert_eq!(a, b, "{name} {}", m.name()),
                }
            };
            near(col, &s["mean"]);
            near(col + 1, &s["p10"]);
            near(col + 2, &s["p90"]);
            if !baseline {
                let d = &sp["delta_vs_baseline"][m.name()];
                // A difference of shares in percentage points, as the
                // terminal table gives it.
                let points = |v: &serde_json::Value| match (m.def().unit, v.as_f64()) {
                    (Unit::Ratio, Some(x)) => serde_json::json!(x * 100.0),
                    _ => v.clone(),
                };
                near(col + 3, &points(&d["mean"]));
                near(col + 4, &points(&d["ci95_low"]));
                near(col + 5, &points(&d["ci95_high"]));
                near(col + 6, &d["p_better"]);
            }
        }
        col += if baseline { 3 } else { 7 };
    }

    // Metrics: summary.csv cell for cell, numbers as numbers (the CSV's
    // shortest round-trip text parses to the very same f64).
    let m = wb.worksheet_range("Metrics").unwrap();
    let mut csv = csv::Reader::from_path(out.join("summary.csv")).unwrap();
    let header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
    for (c, h) in header.iter().enumerate() {
        assert_eq!(m.get_value((0, c as u32)).unwrap().to_string(), *h);
    }
    let mut rows = 0;
    for (r, rec) in csv.records().enumerate() {
        let rec = rec.unwrap();
        let row = 1 + r as u32;
        for (c, cell) in rec.iter().enumerate() {
            let got = m.get_value((row, c as u32));
            if c < 2 {
                assert_eq!(got.unwrap().to_string(), cell);
            } else {
                let want = (!cell.is_empty()).then(|| cell.parse::<f64>().unwrap());
                assert_eq!(float(got), want, "Metrics row {row} column {}", header[c]);
            }
        }
        // The share of trials that pay back, as summary.json has it, on
        // the payback rows of the splits other than the baseline.
        let split = splits.iter().find(|sp| sp["name"] == rec[0]).unwrap();
        let p_payback = rec[header.iter().position(|h| h == "p_payback").unwrap()].to_string();
        let want = match split["p_payback"].as_f64() {
            Some(p) if &rec[1] == "payback_month" => p.to_string(),
            _ => String::new(),
        };
        assert_eq!(p_payback, want, "{} {}", &rec[0], &rec[1]);
        rows += 1;
    }
    assert_eq!(rows, splits.len() * Metric::ALL.len());

    // Inputs: the tutorial's one uncertain per-trial input with its
    // quantiles (a beta(9, 11): P50 near its mean 0.45), and the spend
    // drawn per account.
    let i = wb.worksheet_range("Inputs").unwrap();
    let find = |path: &str| {
        (1..i.height() as u32)
            .find(|&r| i.get_value((r, 0)).is_some_and(|v| *v == path))
            .unwrap_or_else(|| panic!("no input {path}"))
    };
    let r = find("motions.complex.win_rate.outside");
    assert_eq!(i.get_value((r, 1)).unwrap().to_string(), "beta(9, 11)");
    assert_eq!(i.get_value((r, 2)).unwrap().to_string(), "per trial");
    let (p10, p50, p90) = (
        float(i.get_value((r, 3))).unwrap(),
        float(i.get_value((r, 4))).unwrap(),
        float(i.get_value((r, 5))).unwrap(),
    );
    assert!(p10 < p50 && p50 < p90 && (p50 - 0.45).abs() < 0.01);
    let r = find("tiers.\"Key accounts\".spend.\"Support contract\"");
    assert_eq!(
        i.get_value((r, 2)).unwrap().to_string(),
        "per account and trial"
    );
    // A lognormal given by P10 40000 and P90 150000 has those quantiles.
    assert!((float(i.get_value((r, 3))).unwrap() / 40000.0 - 1.0).abs() < 1e-9);
    assert!((float(i.get_value((r, 5))).unwrap() / 150000.0 - 1.0).abs() < 1e-9);
}

#[test]
fn without_charts_the_workbook_has_no_charts_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    run(&out, &["--no-charts"]);
    let wb: Xlsx<_> = open_workbook(out.join("summary.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), ["Comparison", "Metrics", "Inputs"]);
}

/// The terminal table's words for how often a split beats the baseline
/// (README, "Reading the output"): "equal in every trial" when it is
/// better in none and worse in none, "<1%" and ">99%" for a share that
/// rounds to 0% or 100% but is not none or all, else the whole percent.
fn terminal_words(p_better: f64, p_worse: f64) -> String {
    if p_better == 0.0 && p_worse == 0.0 {
        "equal in every trial".into()
    } else if p_better > 0.0 && p_better < 0.005 {
        "<1%".into()
    } else if p_better < 1.0 && p_better > 0.995 {
        ">99%".into()
    } else {
        format!("{:.0}%", 100.0 * p_better)
    }
}

/// What Excel shows for the number `v` in a cell of number format `code`:
/// a quoted literal as it is, "0%" as the whole percent.
fn shown(code: &str, v: f64) -> String {
    match code.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        Some(literal) => literal.to_string(),
        None if code == "0%" => format!("{:.0}%", 100.0 * v),
        None => panic!("unexpected number format {code:?}"),
    }
}

/// Each cell of the Comparison sheet ("H3") with its value and the
/// number format it is shown with.
fn shown_cells(xlsx: &Path) -> std::collections::HashMap<String, (f64, String)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let (styles, sheet) = (read("xl/styles.xml"), read("xl/worksheets/sheet1.xml"));
    let styles = roxmltree::Document::parse(&styles).unwrap();
    // Number format 9 is Excel's built-in "0%" (ECMA-376, 18.8.30).
    let mut codes: std::collections::HashMap<String, String> =
        [("9".to_string(), "0%".to_string())].into();
    for f in styles.descendants().filter(|n| n.has_tag_name("numFmt")) {
        codes.insert(
            f.attribute("numFmtId").unwrap().into(),
            f.attribute("formatCode").unwrap().into(),
        );
    }
    let xfs = styles
        .descendants()
        .find(|n| n.has_tag_name("cellXfs"))
        .unwrap();
    let formats: Vec<String> = xfs
        .children()
        .filter(|n| n.has_tag_name("xf"))
        .map(|x| {
            let id = x.attribute("numFmtId").unwrap_or("0");
            codes.get(id).cloned().unwrap_or_default()
        })
        .collect();
    let sheet = roxmltree::Document::parse(&sheet).unwrap();
    sheet
        .descendants()
        .filter(|n| n.has_tag_name("c"))
        .filter_map(|c| {
            let v: f64 = c
                .children()
                .find(|n| n.has_tag_name("v"))?
                .text()?
                .parse()
                .ok()?;
            let s: usize = c.attribute("s").unwrap_or("0").parse().unwrap();
            Some((c.attribute("r")?.to_string(), (v, formats[s].clone())))
        })
        .collect()
}

/// A cell's name ("H3") from its 0-based row and column.
fn cell_name(row: u32, col: u32) -> String {
    let mut letters = String::new();
    let mut c = col + 1;
    while c > 0 {
        letters.insert(0, (b'A' + ((c - 1) % 26) as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

#[test]
fn the_comparison_sheet_shows_shares_of_trials_in_the_terminal_words() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    run(&out, &["--no-charts"]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let cells = shown_cells(&out.join("summary.xlsx"));
    let shown = |row, col| {
        let (v, code) = &cells[&cell_name(row, col)];
        shown(code, *v)
    };
    let chosen = Metric::by_name(json["decision_metric"].as_str().unwrap()).unwrap();
    let (mut col, mut ties) = (1, 0);
    for sp in json["splits"].as_array().unwrap() {
        if sp["baseline"] == true {
            col += 3;
            continue;
        }
        // Rows from 2 (0-based), the payback metric taking two.
        let mut row = 2;
        for m in decision::rows(chosen) {
            if m == Metric::PaybackMonth {
                let p = sp["p_payback"].as_f64().unwrap();
                let want = terminal_words(p, 1.0 - p);
                assert_eq!(shown(row, col), want, "{} pays back", sp["name"]);
                row += 1;
            } else if let Some(d) = sp["delta_vs_baseline"][m.name()].as_object() {
                let (b, w) = (
                    d["p_better"].as_f64().unwrap(),
                    d["p_worse"].as_f64().unwrap(),
                );
                ties += usize::from(b == 0.0 && w == 0.0);
                assert_eq!(
                    shown(row, col + 6),
                    terminal_words(b, w),
                    "{} {}",
                    sp["name"],
                    m.name()
                );
            }
            row += 1;
        }
        col += 7;
    }
    // The tutorial's splits keep some headcounts of the baseline: the
    // ties that a plain "0%" showed as "always worse".
    assert!(ties > 0, "no tie to check");
}

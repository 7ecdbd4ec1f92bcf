//! Per-trial data (`--per-trial csv|parquet`): the schema (columns, types,
//! row order), the drawn inputs, and that the per-trial values reproduce
//! the summaries bit for bit.

use assert_cmd::Command;
use keysplit::core::metrics::{METRICS, Metric};
use keysplit::core::stats::summarize;
use std::path::Path;

fn keysplit() -> Command {
    Command::cargo_bin("keysplit").expect("binary")
}

/// One account, two products; revenue is certain (no churn, no
/// opportunities), so `gross_margin` (the metric) is the spend times the
/// drawn margin of each product over 12 months: with the platform's margin
/// m drawn and the service's fixed at 0.5, gross margin = 120000 x 0.5 +
/// 240000 x m. The inside split leaves inside selling hours undefined in
/// the baseline (it has no inside reps), so the table holds empty cells.
const SCENARIO: &str = r#"
name = "per-trial"
[simulation]
trials = 60
horizon_months = 12
seed = 3
sampling = "lhs"
[roles.outside]
annual_hours = 1800
admin_share = { dist = "uniform", min = 0.3, max = 0.5 }
[roles.inside]
annual_hours = 1800
[motions.maintenance]
touches_per_year = 6
hours_per_touch = { outside = 1, inside = 1 }
[motions.complex]
touches_per_year = 12
hours_per_touch = { outside = 2, inside = 2 }
[[products]]
name = "svc"
motion = "maintenance"
gross_margin = 0.5
[[products]]
name = "plat"
motion = "complex"
gross_margin = { dist = "pert", min = 0.3, mode = 0.4, max = 0.6 }
[[tiers]]
name = "t"
accounts = 1
spend = { svc = 120000, plat = 240000 }
[[splits]]
name = "All field"
[[splits]]
name = "Service inside"
assign = { maintenance = "inside" }
"#;

const INPUTS: [&str; 2] = [
    "roles.outside.admin_share",
    "products.\"plat\".gross_margin",
];

fn run(dir: &Path, extra: &[&str]) {
    let scenario = dir.join("s.toml");
    std::fs::write(&scenario, SCENARIO).unwrap();
    let o = keysplit()
        .arg("run")
        .arg(&scenario)
        .arg("--quiet")
        .arg("--no-charts")
        .arg("--out")
        .arg(dir.join("out"))
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The CSV's header and rows (cells as text).
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn num(cell: &str) -> Option<f64> {
    (!cell.is_empty()).then(|| cell.parse().expect("a number"))
}

#[test]
fn run_rows_are_trial_major_with_every_metric_and_input() {
    let tmp = tempfile::tempdir().unwrap();
    run(tmp.path(), &["--per-trial", "csv"]);
    let (header, rows) = read_csv(&tmp.path().join("out/trials.csv"));
    let mut expected = vec!["trial".to_string(), "split".to_string()];
    expected.extend(METRICS.iter().map(|m| m.name.to_string()));
    expected.extend(INPUTS.iter().map(|s| s.to_string()));
    assert_eq!(header, expected);
    assert_eq!(rows.len(), 60 * 2);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[0], (i / 2).to_string(), "trial-major order");
        assert_eq!(row[1], ["All field", "Service inside"][i % 2]);
        // The drawn margin is the one the trial ran with.
        let m = num(&row[col(INPUTS[1])]).unwrap();
        let gm = num(&row[col("gross_margin")]).unwrap();
        let want = 120000.0 * 0.5 + 240000.0 * m;
        assert!((gm - want).abs() <= 1e-9 * want, "row {i}: {gm} vs {want}");
    }
    // Undefined where the split has no inside reps: an empty cell.
    assert_eq!(rows[0][col("selling_hours_inside")], "");
    assert_ne!(rows[1][col("selling_hours_inside")], "");
    // Latin hypercube: the 60 drawn admin shares fall one in each of 60
    // equal strata of the uniform(0.3, 0.5), so the drawn inputs are the
    // design's, not fresh keyed draws.
    let mut strata: Vec<usize> = rows
        .iter()
        .step_by(2)
        .map(|r| ((num(&r[col(INPUTS[0])]).unwrap() - 0.3) / 0.2 * 60.0) as usize)
        .collect();
    strata.sort();
    assert_eq!(strata, (0..60).collect::<Vec<_>>());
}

#[test]
fn per_trial_means_equal_the_summary_means_bit_for_bit() {
    let tmp = tempfile::tempdir().unwrap();
    run(tmp.path(), &["--per-trial", "csv"]);
    let out = tmp.path().join("out");
    let (header, rows) = read_csv(&out.join("trials.csv"));
    let (sh, summary) = read_csv(&out.join("summary.csv"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let mut scratch = Vec::new();
    for (k, split) in ["All field", "Service inside"].iter().enumerate() {
        for m in Metric::ALL {
            let c = header.iter().position(|h| h == m.name()).unwrap();
            // Undefined trials are NaN to the summaries, as in the engine.
            let xs = rows
                .iter()
                .filter(|r| r[1] == *split)
                .map(|r| num(&r[c]).unwrap_or(f64::NAN));
            // The same Welford reduction in trial order as the run's.
            let mean = summarize(xs, &mut scratch).map(|s| s.mean);
            let row = summary
                .iter()
                .find(|r| r[0] == *split && r[1] == m.name())
                .unwrap();
            let want = num(&row[sh.iter().position(|h| h == "mean").unwrap()]);
            assert_eq!(
                mean.map(f64::to_bits),
                want.map(f64::to_bits),
                "{split} {}",
                m.name()
            );
            // summary.json holds the same mean; serde_json's default float
            // parser may be off by an ulp, hence the relative tolerance.
            let j = json["splits"][k]["metrics"][m.name()]["mean"].as_f64();
            match (mean, j) {
                (Some(a), Some(b)) => assert!((a - b).abs() <= 1e-15 * a.abs().max(1e-300)),
                (a, b) => assert_eq!(a.is_none(), b.is_none(), "{split} {}", m.name()),
            }
        }
    }
}

#[test]
fn parquet_holds_the_csv_values_with_their_types() {
    use parquet::basic::{ConvertedType, Repetition, Type as Physical};
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let tmp = tempfile::tempdir().unwrap();
    run(tmp.path(), &["--per-trial", "csv"]);
    let (header, rows) = read_csv(&tmp.path().join("out/trials.csv"));
    run(tmp.path(), &["--per-trial", "parquet", "--threads", "1"]);
    let path = tmp.path().join("out/trials.parquet");
    let bytes = std::fs::read(&path).unwrap();
    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let names: Vec<String> = schema
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    assert_eq!(names, header);
    let col = |i: usize| schema.column(i);
    assert_eq!(col(0).physical_type(), Physical::INT64);
    assert_eq!(col(0).converted_type(), ConvertedType::UINT_64);
    assert_eq!(col(1).physical_type(), Physical::BYTE_ARRAY);
    assert_eq!(col(1).converted_type(), ConvertedType::UTF8);
    for (i, name) in names.iter().enumerate().skip(2) {
        assert_eq!(col(i).physical_type(), Physical::DOUBLE, "{name}");
        let info = col(i).self_type().get_basic_info().repetition();
        assert_eq!(info, Repetition::OPTIONAL, "{name}");
    }
    let mut n = 0;
    for (row, want) in reader.get_row_iter(None).unwrap().zip(&rows) {
        let row = row.unwrap();
        for (i, (_, field)) in row.get_column_iter().enumerate() {
            let got = match field {
                Field::ULong(x) => x.to_string(),
                Field::Str(s) => s.clone(),
                Field::Double(x) => x.to_string(),
                Field::Null => String::new(),
                other => panic!("column {}: unexpected {other:?}", names[i]),
            };
            assert_eq!(got, want[i], "row {n}, column {}", names[i]);
        }
        n += 1;
    }
    assert_eq!(n, rows.len());
    // The same bytes on two threads.
    run(tmp.path(), &["--per-trial", "parquet", "--threads", "2"]);
    assert_eq!(bytes, std::fs::read(&path).unwrap());
}

#[test]
fn sweep_and_size_rows_carry_their_point() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tmp.path().join("s.toml");
    std::fs::write(&scenario, SCENARIO).unwrap();
    let o = keysplit()
        .args([
            "sweep",
            "--quiet",
            "--no-charts",
            "--trials",
            "7",
            "--per-trial",
            "csv",
        ])
        .args([
            "--split",
            "Service inside",
            "--param",
            "roles.inside.annual_hours",
        ])
        .args(["--values", "1700,1800,1900", "--out"])
        .arg(tmp.path().join("sweep"))
        .arg(&scenario)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (header, rows) = read_csv(&tmp.path().join("sweep/trials.csv"));
    assert_eq!(header[..4], ["point", "value", "trial", "split"]);
    // 3 points x 7 trials x 2 splits, point-major, then trial, then split.
    assert_eq!(rows.len(), 3 * 7 * 2);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r[0], (i / 14).to_string());
        assert_eq!(r[1], ["1700", "1800", "1900"][i / 14]);
        assert_eq!(r[2], ((i % 14) / 2).to_string());
    }
    // Each point's mean LTV of the swept split is sweep.json's.
    let sweep: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(tmp.path().join("sweep/sweep.json")).unwrap(),
    )
    .unwrap();
    let ltv = header.iter().position(|h| h == "ltv").unwrap();
    let mut scratch = Vec::new();
    for p in 0..3 {
        let xs = rows
            .iter()
            .filter(|r| r[0] == p.to_string() && r[3] == "Service inside")
            .map(|r| num(&r[ltv]).unwrap());
        let mean = summarize(xs, &mut scratch).unwrap().mean;
        let want = sweep["points"][p]["metrics"]["ltv"]["mean"]
            .as_f64()
            .unwrap();
        assert!((mean - want).abs() <= 1e-15 * want.abs(), "point {p}");
    }

    let o = keysplit()
        .args([
            "size",
            "--quiet",
            "--no-charts",
            "--trials",
            "5",
            "--per-trial",
            "csv",
        ])
        .args([
            "--split",
            "Service inside",
            "--outside",
            "1..2",
            "--inside",
            "0..1",
        ])
        .arg("--out")
        .arg(tmp.path().join("size"))
        .arg(&scenario)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (header, rows) = read_csv(&tmp.path().join("size/trials.csv"));
    assert_eq!(
        header[..5],
        ["point", "outside", "inside", "trial", "split"]
    );
    assert_eq!(rows.len(), 4 * 5 * 2);
    let hc = header
        .iter()
        .position(|h| h == "headcount_outside")
        .unwrap();
    let teams = [("1", "0"), ("1", "1"), ("2", "0"), ("2", "1")];
    for (i, r) in rows.iter().enumerate() {
        let (o, n) = teams[i / 10];
        assert_eq!(
            (r[0].as_str(), r[1].as_str(), r[2].as_str()),
            (&*(i / 10).to_string(), o, n)
        );
        if r[4] == "Service inside" {
            // The team is the one the row says.
            assert_eq!(num(&r[hc]), Some(o.parse().unwrap()));
        }
    }
}

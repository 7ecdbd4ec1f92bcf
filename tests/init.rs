//! `keysplit init`: a starter scenario that validates and runs as written,
//! every assumption marked "check this", never written over a file.

use assert_cmd::Command;
use keysplit::commands::init;
use std::path::Path;

fn keysplit(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("keysplit").unwrap();
    c.current_dir(dir);
    c
}

#[test]
fn the_starter_validates_and_runs_as_written() {
    let tmp = tempfile::tempdir().unwrap();
    let o = keysplit(tmp.path())
        .args(["init", "north_region"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let file = tmp.path().join("north_region.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("name = \"north region\""));
    let o = keysplit(tmp.path())
        .args(["validate", "north_region.toml"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // No warnings: a starter that warns would teach people to ignore them.
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("north_region.toml: valid."), "{out}");
    let o = keysplit(tmp.path())
        .args(["run", "north_region.toml", "--trials", "30", "--quiet"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(tmp.path().join("output/north_region/summary.json").exists());
}

#[test]
fn every_assumption_is_marked_check_this() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("accounts.csv");
    std::fs::write(&book, tiered_csv()).unwrap();
    let from_book = init::from_book(&tmp.path().join("s.toml"), &book, None)
        .unwrap()
        .text;
    for text in [init::starter(Path::new("s.toml")), from_book] {
        assert_marked(&text);
        // The template's region markers never reach a scenario.
        assert!(
            !text
                .lines()
                .any(|l| l.starts_with("#{") || l.starts_with("#}"))
        );
    }
}

fn assert_marked(text: &str) {
    // Keys that are settings or structure, not assumptions about a business.
    let structural = [
        "name",
        "trials",
        "seed",
        "motion",
        "baseline",
        "current",
        "assign",
        "cross_sell",
        // A starter from a book: where its accounts are, and its splits' rules.
        "file",
        "where",
        "rank_by",
    ];
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim();
        let Some((key, value)) = line.split_once(" = ") else {
            continue;
        };
        if line.starts_with('#') || structural.contains(&key.trim()) {
            continue;
        }
        // A product never cross-sold says why instead.
        if key.trim() == "cross_sell_size" && value.starts_with("0 ") {
            continue;
        }
        // The mark is on the line, or in the comments and lines of the
        // same block above it (up to a blank line).
        let marked = lines[..=i]
            .iter()
            .rev()
            .take_while(|l| !l.trim().is_empty())
            .any(|l| l.contains("check this"));
        assert!(
            marked,
            "line {}: {line:?} is not marked \"check this\"",
            i + 1
        );
    }
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("mine.toml");
    std::fs::write(&file, "name = \"my own work\"\n").unwrap();
    let o = keysplit(tmp.path())
        .args(["init", "mine.toml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("mine.toml already exists"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "name = \"my own work\"\n"
    );
    // No temporary file is left beside it.
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    // Without a name, scenario.toml.
    let o = keysplit(tmp.path()).arg("init").output().unwrap();
    assert!(o.status.success());
    assert!(tmp.path().join("scenario.toml").exists());
}

// ---------------------------------------------------------------------------
// `init --from-book`

/// A book with a `tier` column, an attribute, and three products, one of
/// them named with quotes and a space (written safely as a TOML string).
/// The columns: account, Tier, region, then the products of `PRODUCTS`.
const PRODUCTS: [&str; 3] = ["Support", "Spare parts", "Platform \"X\""];
const ROWS: [[&str; 6]; 5] = [
    [
        "A1",
        "Strategic",
        "EMEA",
        "$120,000",
        "whitespace",
        "500000",
    ],
    ["A2", "Strategic", "APAC", "80000", "20000", ""],
    ["A3", "Growth", "EMEA", "30000", "15000", "whitespace"],
    ["A4", "Growth", "EMEA", "25000", "", "900000"],
    ["A5", "Growth", "APAC", "40000", "Whitespace", ""],
];

/// A spend cell's value in the fixture ($ and thousands separators
/// dropped), 0 for empty and whitespace cells.
fn spend(cell: &str) -> f64 {
    cell.replace(['$', ','], "").parse().unwrap_or(0.0)
}

fn tiered_csv() -> String {
    let mut out =
        String::from("account,Tier,region,Support,Spare parts,\"Platform \"\"X\"\"\"\r\n");
    for r in ROWS {
        let cells: Vec<String> = r
            .iter()
            .map(|c| {
                if c.contains(',') {
                    format!("\"{c}\"")
                } else {
                    c.to_string()
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The tier with the largest total spend in `rows` (tier in column 1,
/// spends from column 3 on), the first of equals.
fn largest_tier(rows: &[[&str; 6]]) -> String {
    let mut totals: Vec<(String, f64)> = Vec::new();
    for r in rows {
        let s: f64 = r[3..].iter().map(|c| spend(c)).sum();
        match totals.iter_mut().find(|(t, _)| t == r[1]) {
            Some((_, t)) => *t += s,
            None => totals.push((r[1].to_string(), s)),
        }
    }
    let best = totals.iter().map(|t| t.1).fold(f64::MIN, f64::max);
    totals.into_iter().find(|t| t.1 == best).unwrap().0
}

/// The scenario's products, book file, sheet and the tier each split's
/// overrides keep, as the TOML says.
fn read_back(text: &str) -> (Vec<String>, String, Option<String>, Vec<Option<String>>) {
    let v: toml::Table = text.parse().unwrap();
    let products = v["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    let book = v["book"].as_table().unwrap();
    let tiers = v["splits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            s.get("overrides")
                .map(|o| o[0]["where"]["tier"].as_str().unwrap().to_string())
        })
        .collect();
    (
        products,
        book["file"].as_str().unwrap().to_string(),
        book.get("sheet").map(|s| s.as_str().unwrap().to_string()),
        tiers,
    )
}

/// The comments of a scenario as one line (the writer wraps them).
fn unwrapped(text: &str) -> String {
    text.lines()
        .filter_map(|l| l.strip_prefix('#'))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `keysplit validate` and `keysplit run` (few trials) of `scenario` from `dir`.
fn validates_and_runs(dir: &Path, scenario: &str) {
    let o = keysplit(dir).args(["validate", scenario]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains(": valid."), "{out}");
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = keysplit(dir)
        .args(["run", scenario, "--trials", "20", "--quiet", "--no-charts"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_starter_from_a_csv_book_with_tiers_validates_and_runs() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("data")).unwrap();
    std::fs::create_dir_all(tmp.path().join("scenarios")).unwrap();
    std::fs::write(tmp.path().join("data/accounts.csv"), tiered_csv()).unwrap();
    let o = keysplit(tmp.path())
        .args(["init", "--from-book", "data/accounts.csv", "scenarios/crm"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // A small book: the only warnings are of teams rounded up to one rep.
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.lines()
            .filter(|l| l.starts_with("warning"))
            .all(|l| l.contains("rounds up to whole reps")),
        "{err}"
    );
    let text = std::fs::read_to_string(tmp.path().join("scenarios/crm.toml")).unwrap();
    let (products, file, sheet, tiers) = read_back(&text);
    assert_eq!(products, PRODUCTS);
    // Relative to the scenario's folder, so `validate` finds it from anywhere.
    assert_eq!(file, "../data/accounts.csv");
    assert_eq!(sheet, None);
    // All field, maintenance inside, by whole accounts, and the largest
    // tier (Growth: 30000 + 15000 + 25000 + 900000 + 40000 = 1,010,000
    // against Strategic's 720,000) kept in the field.
    assert_eq!(largest_tier(&ROWS), "Growth");
    assert_eq!(tiers, [None, None, None, Some(largest_tier(&ROWS))]);
    assert!(text.contains("rank_by = \"account\""));
    let total: f64 = ROWS.iter().flat_map(|r| &r[3..]).map(|c| spend(c)).sum();
    assert_eq!(total, 1_730_000.0);
    let comments = unwrapped(&text);
    assert!(
        comments.contains("Total spend $1,730,000 a year"),
        "{comments}"
    );
    assert!(comments.contains("5 accounts; 3 products"), "{comments}");
    validates_and_runs(tmp.path(), "scenarios/crm.toml");
    // From the scenario's own folder too.
    validates_and_runs(&tmp.path().join("scenarios"), "crm.toml");
}

#[test]
fn a_starter_from_a_semicolon_book_without_tiers_has_no_tier_split() {
    let tmp = tempfile::tempdir().unwrap();
    // A European export: `;` between cells; "Employees" is a text attribute
    // here (a band), "Owner" plain text.
    let csv = "\u{feff}Account;Owner;Employees;Service;Licences\n\
               Alpha GmbH;Eva;50-100;12000;whitespace\n\
               Beta SA;Luc;100-500;8000;45000\n\
               Gamma AB;Eva;10-50;;30000\n";
    std::fs::write(tmp.path().join("book.csv"), csv).unwrap();
    let built = init::from_book(
        &tmp.path().join("eu.toml"),
        &tmp.path().join("book.csv"),
        None,
    )
    .unwrap();
    assert_eq!(built.products, ["Service", "Licences"]);
    assert_eq!(built.field_tier, None);
    only_rounded_up(&built.warnings);
    let o = keysplit(tmp.path())
        .args(["init", "--from-book", "book.csv", "eu"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(tmp.path().join("eu.toml")).unwrap();
    let (products, file, _, tiers) = read_back(&text);
    assert_eq!(products, ["Service", "Licences"]);
    assert_eq!(file, "book.csv");
    assert_eq!(tiers, [None, None, None]);
    // Licences: 45000 per owner against Service's (12000 + 8000) / 2 =
    // 10000, so Licences is the complex sale.
    assert!(text.contains("name = \"Licences\"\n# check this: guessed to be a complex sale"));
    validates_and_runs(tmp.path(), "eu.toml");
}

/// A small book's starter warns of nothing but teams rounded up to one rep
/// (see `a_team_rounded_up_from_a_fraction_of_a_rep_is_warned_about`).
fn only_rounded_up(warnings: &[keysplit::scenario::Problem]) {
    assert!(
        warnings
            .iter()
            .all(|w| w.message.contains("rounds up to whole reps")),
        "{warnings:?}"
    );
}

#[test]
fn a_single_product_book_drops_the_unused_complex_motion() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("b.csv"),
        "account,tier,Support\nA,Key,100\nB,Key,200\n",
    )
    .unwrap();
    let built =
        init::from_book(&tmp.path().join("s.toml"), &tmp.path().join("b.csv"), None).unwrap();
    assert!(!built.text.contains("[motions.complex]"));
    assert!(!built.text.contains("complex = "));
    // One tier only: nothing to keep in the field.
    assert_eq!(built.field_tier, None);
    // Two accounts are a fraction of one rep's work.
    only_rounded_up(&built.warnings);
}

#[test]
fn a_team_rounded_up_from_a_fraction_of_a_rep_is_warned_about() {
    // Twenty accounts owning one maintenance product. The starter's
    // workload build-up (docs/model.md, Talley 1961): FTE = cells x touches
    // x (hours + in-person share x travel hours) / (annual hours x (1 -
    // admin share) x target utilization), so
    //   all field, outside: 20 x 6 x (1.0 + 0.25 x 2.5) / (1800 x 0.45 x 0.85) = 0.283;
    //   maintenance inside, inside: 20 x 6 x 0.75 / (1800 x 0.55 x 0.85) = 0.107;
    // each sized to 1 rep.
    let tmp = tempfile::tempdir().unwrap();
    let rows: String = (1..=20)
        .map(|i| format!("A{i},Key,{}\n", 1000 * i))
        .collect();
    std::fs::write(
        tmp.path().join("b.csv"),
        format!("account,tier,Support\n{rows}"),
    )
    .unwrap();
    let file = tmp.path().join("s.toml");
    let built = init::from_book(&file, &tmp.path().join("b.csv"), None).unwrap();
    let outside = 20.0 * 6.0 * (1.0 + 0.25 * 2.5) / (1800.0 * 0.45 * 0.85);
    let inside = 20.0 * 6.0 * 0.75 / (1800.0 * 0.55 * 0.85);
    for (path, role, fte) in [
        (r#"splits."All field".staffing.outside"#, "outside", outside),
        (
            r#"splits."Maintenance inside".staffing.inside"#,
            "inside",
            inside,
        ),
    ] {
        let w = built
            .warnings
            .iter()
            .find(|w| w.path == path)
            .unwrap_or_else(|| panic!("no warning at {path}: {:?}", built.warnings));
        let said = format!("1 rep for {fte:.2} FTE of work");
        assert!(w.message.contains(&said), "{}: {said}", w.message);
        assert!(
            w.fix.contains(&format!("staffing = {{ {role} = N }}")),
            "{}",
            w.fix
        );
        // The written scenario says it too, as a comment above the splits.
        let text: String = built
            .text
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            text.contains(&said),
            "{said} not in the scenario's comments"
        );
    }
    let note = built.text.find("FTE of work").unwrap();
    assert!(note < built.text.find("[[splits]]").unwrap());
    // The command prints the warnings and writes the note.
    let o = keysplit(tmp.path())
        .args(["init", "--from-book", "b.csv", "cli"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!("1 rep for {inside:.2} FTE of work")),
        "{err}"
    );
    let written = std::fs::read_to_string(tmp.path().join("cli.toml")).unwrap();
    assert!(
        written.contains("# check this: \"Maintenance inside\": the inside team"),
        "{written}"
    );
    // Teams of half a rep's work or more are not warned about: the
    // example's smallest sized team is 2.1 FTE.
    let ex = keysplit::sim::load(Path::new("scenarios/key_accounts.toml")).unwrap();
    assert!(!ex.warnings.iter().any(|w| w.message.contains("rounds up")));
}

#[test]
fn a_starter_from_a_workbook_names_its_sheet_and_runs() {
    use rust_xlsxwriter::Workbook;
    let tmp = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("Notes")
        .unwrap()
        .write_string(0, 0, "exported from the CRM")
        .unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Accounts").unwrap();
    let headers = ["account", "tier", "Support", "Platform"];
    // (account, tier, Support, Platform); None: empty; NaN: whitespace.
    let rows: [(&str, &str, Option<f64>, Option<f64>); 4] = [
        ("ACME", "Key", Some(50000.0), Some(f64::NAN)),
        ("Globex", "Key", Some(70000.0), Some(400000.0)),
        ("Initech", "Mid", Some(20000.0), None),
        ("Umbrella", "Mid", Some(30000.0), Some(f64::NAN)),
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, (a, t, s, p)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *a).unwrap();
        ws.write_string(r, 1, *t).unwrap();
        for (c, v) in [(2u16, s), (3, p)] {
            match v {
                Some(x) if x.is_nan() => ws.write_string(r, c, "whitespace").map(|_| ()),
                Some(x) => ws.write_number(r, c, *x).map(|_| ()),
                None => Ok(()),
            }
            .unwrap();
        }
    }
    std::fs::write(tmp.path().join("book.xlsx"), wb.save_to_buffer().unwrap()).unwrap();
    let o = keysplit(tmp.path())
        .args([
            "init",
            "--from-book",
            "book.xlsx",
            "--sheet",
            "Accounts",
            "wb",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(tmp.path().join("wb.toml")).unwrap();
    let (products, file, sheet, tiers) = read_back(&text);
    assert_eq!(products, headers[2..]);
    assert_eq!(file, "book.xlsx");
    assert_eq!(sheet.as_deref(), Some("Accounts"));
    // Key: 50000 + 70000 + 400000 = 520,000; Mid: 20000 + 30000 = 50,000.
    let tier_total = |t: &str| -> f64 {
        rows.iter()
            .filter(|r| r.1 == t)
            .flat_map(|r| [r.2, r.3])
            .flatten()
            .filter(|x| !x.is_nan())
            .sum()
    };
    assert!(tier_total("Key") > tier_total("Mid"));
    assert_eq!(tiers[3].as_deref(), Some("Key"));
    validates_and_runs(tmp.path(), "wb.toml");
}

#[test]
fn a_bad_book_writes_nothing_and_names_every_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = "account,tier,Support,Platform\n\
               ACME,Key,12abc,5000\n\
               Globex,Key,-45000,7000\n\
               Initech,Key,3000,4000\n";
    std::fs::write(tmp.path().join("bad.csv"), csv).unwrap();
    let o = keysplit(tmp.path())
        .args(["init", "--from-book", "bad.csv", "s"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    // Both problems, each at its row and column with its value and a fix:
    // the loader's own words.
    assert!(err.contains("bad.csv has 2 errors"), "{err}");
    assert!(
        err.contains("row 2, column C (\"Support\"), value `12abc`"),
        "{err}"
    );
    assert!(
        err.contains("row 3, column C (\"Support\"), value `-45000`"),
        "{err}"
    );
    assert!(err.contains("fix:"), "{err}");
    // Nothing written: only the book is in the folder.
    let files: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(files.len(), 1);

    // A sheet for a CSV file, and a book that is not there: exit 2 too.
    for args in [
        &["init", "--from-book", "bad.csv", "--sheet", "X", "s"][..],
        &["init", "--from-book", "missing.csv", "s"][..],
    ] {
        let o = keysplit(tmp.path()).args(args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}

#[test]
fn a_starter_from_a_book_never_overwrites_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("b.csv"), tiered_csv()).unwrap();
    std::fs::write(tmp.path().join("mine.toml"), "mine").unwrap();
    let o = keysplit(tmp.path())
        .args(["init", "--from-book", "b.csv", "mine"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("mine.toml already exists"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("mine.toml")).unwrap(),
        "mine"
    );
}

//! The account book beyond the CSV corpus: `.xlsx` workbooks (built here,
//! at test time), the `[book]` table's own problems, `where` and the
//! overrides' problems, names shared with the tiers' accounts, and the
//! command line's behaviour on a refused book (exit code 2, nothing
//! written). docs/scenario.md, "The account book" and "Overrides".

mod common;
use assert_cmd::Command;
use common::load_in_folder;
use keysplit::scenario::{Loaded, Problem, Problems, Severity};
use rust_xlsxwriter::Workbook;
use std::path::Path;

/// Two motions and two products; a tier "Key" of 2 accounts; `book` is
/// the `[book]` table's lines and `splits` the splits.
fn scenario(book: &str, splits: &str) -> String {
    format!(
        r#"
name = "book input"
[simulation]
trials = 5
horizon_months = 3
[roles.outside]
annual_hours = 1800
[roles.inside]
annual_hours = 1800
[motions.maintenance]
touches_per_year = 6
hours_per_touch = {{ outside = 1, inside = 1 }}
[motions.complex]
touches_per_year = 24
hours_per_touch = {{ outside = 3, inside = 3 }}
[[products]]
name = "Support"
motion = "maintenance"
[[products]]
name = "Platform"
motion = "complex"
[[tiers]]
name = "Key"
accounts = 2
spend = {{ "Support" = 50000 }}
[book]
{book}
{splits}
"#
    )
}

const ALL_FIELD: &str = "[[splits]]\nname = \"all field\"\n";

const CSV: &str = "account,tier,region,Support,Platform\n\
                   ACME,Strategic,EMEA,120000,300000\n\
                   Globex,Growth,APAC,40000,whitespace\n\
                   Initech,Growth,EMEA,30000,\n";

fn errors(r: Result<Loaded, Problems>) -> Vec<Problem> {
    match r {
        Ok(_) => panic!("the scenario should be refused"),
        Err(p) => p.errors().cloned().collect(),
    }
}

fn one_error(r: Result<Loaded, Problems>, path: &str, words: &[&str]) -> Problem {
    let e = errors(r);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].path, path, "{}", e[0]);
    for w in words {
        assert!(e[0].to_string().contains(w), "{w:?} missing in: {}", e[0]);
    }
    e[0].clone()
}

/// A workbook with a first sheet "Notes" and the accounts on "Accounts":
/// numbers in number cells and in text cells, a number in an attribute
/// column, an empty tier cell.
fn workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("Notes").unwrap();
    notes.write_string(0, 0, "exported from the CRM").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Accounts").unwrap();
    for (c, h) in ["account", "tier", "region", "Support", "Platform"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "ACME").unwrap();
    ws.write_string(1, 1, "Strategic").unwrap();
    ws.write_string(1, 2, "EMEA").unwrap();
    ws.write_number(1, 3, 120000.0).unwrap();
    ws.write_string(1, 4, "Whitespace").unwrap();
    ws.write_string(2, 0, "Globex").unwrap();
    ws.write_number(2, 2, 7).unwrap();
    ws.write_string(2, 3, "$1,250").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn an_xlsx_book_reads_number_and_text_cells() {
    let toml = scenario("file = \"accounts.xlsx\"\nsheet = \"Accounts\"", ALL_FIELD);
    let (_d, r) = load_in_folder(&toml, &[("accounts.xlsx", &workbook())]);
    let l = r.unwrap_or_else(|p| panic!("{p}"));
    let b = &l.scenario.book.as_ref().unwrap().data;
    assert_eq!(b.accounts.len(), 2);
    let acme = &b.accounts[0];
    let globex = &b.accounts[1];
    assert_eq!(
        (acme.name.as_str(), globex.name.as_str()),
        ("ACME", "Globex")
    );
    // A number cell is a spend; `Whitespace` in a text cell a cross-sell
    // target; `$1,250` in a text cell is read like a CSV's.
    let cells = |a| {
        b.cells_of(a)
            .iter()
            .map(|c| (c.product, c.owned, c.spend))
            .collect::<Vec<_>>()
    };
    assert_eq!(cells(acme), [(0, true, 120000.0), (1, false, 0.0)]);
    assert_eq!(cells(globex), [(0, true, 1250.0)]);
    // A number in an attribute column is its text; an empty tier is "Book".
    assert_eq!(globex.attributes, ["7"]);
    assert_eq!(b.tiers[globex.tier as usize], "Book");
    assert_eq!(acme.row, 2);
    assert_eq!(l.scenario.accounts(), 4);
}

#[test]
fn an_xlsx_book_without_sheet_reads_the_first_sheet() {
    let toml = scenario("file = \"accounts.xlsx\"", ALL_FIELD);
    let (_d, r) = load_in_folder(&toml, &[("accounts.xlsx", &workbook())]);
    // The first sheet holds a note, not an `account` column.
    one_error(r, "book.file", &["row 1", "no `account` column"]);
}

#[test]
fn a_sheet_that_does_not_exist_lists_the_sheets() {
    let toml = scenario("file = \"accounts.xlsx\"\nsheet = \"Acounts\"", ALL_FIELD);
    let (_d, r) = load_in_folder(&toml, &[("accounts.xlsx", &workbook())]);
    let e = one_error(
        r,
        "book.sheet",
        &["no sheet \"Acounts\"", "\"Notes\", \"Accounts\""],
    );
    assert!(e.line.is_some(), "the problem points at the TOML line");
}

#[test]
fn a_sheet_with_a_csv_is_an_error() {
    let toml = scenario("file = \"accounts.csv\"\nsheet = \"Accounts\"", ALL_FIELD);
    let (_d, r) = load_in_folder(&toml, &[("accounts.csv", CSV.as_bytes())]);
    one_error(r, "book.sheet", &["CSV file", "remove `sheet`"]);
}

#[test]
fn workbook_cells_that_are_not_spends_are_refused_where_they_are() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["account", "Support", "Platform"].iter().enumerate() {
        ws.write_string(2, c as u16 + 1, *h).unwrap();
    }
    ws.write_string(3, 1, "ACME").unwrap();
    ws.write_number(3, 2, -5.0).unwrap();
    ws.write_boolean(3, 3, true).unwrap();
    ws.write_string(4, 1, "Globex").unwrap();
    ws.write_string(4, 2, "n/a").unwrap();
    let toml = scenario("file = \"accounts.xlsx\"", ALL_FIELD);
    let (_d, r) = load_in_folder(&toml, &[("accounts.xlsx", &wb.save_to_buffer().unwrap())]);
    let e = errors(r);
    // The header is row 3 of the sheet, starting in column B.
    let got: Vec<(usize, String, String)> = e
        .iter()
        .map(|p| {
            let at = p.place.as_ref().unwrap();
            let letters = keysplit::scenario::problems::column_letters(at.column.unwrap());
            (at.row, letters, at.value.clone())
        })
        .collect();
    assert_eq!(
        got,
        [
            (4, "C".to_string(), "-5".to_string()),
            (4, "D".to_string(), "TRUE".to_string()),
            (5, "C".to_string(), "n/a".to_string()),
        ]
    );
    assert!(e[0].message.contains("negative"));
    assert!(e[1].message.contains("not a number"));
}

#[test]
fn a_missing_file_names_the_path_as_written_and_the_folder() {
    let toml = scenario("file = \"acounts.csv\"", ALL_FIELD);
    let (d, r) = load_in_folder(&toml, &[("accounts.csv", CSV.as_bytes())]);
    let folder = d.path().display().to_string();
    one_error(
        r,
        "book.file",
        &["\"acounts.csv\"", &folder, "relative to the folder"],
    );
}

#[test]
fn a_file_that_is_neither_csv_nor_xlsx_is_refused() {
    let toml = scenario("file = \"accounts.xls\"", ALL_FIELD);
    let (_d, r) = load_in_folder(&toml, &[("accounts.xls", CSV.as_bytes())]);
    one_error(
        r,
        "book.file",
        &["neither a .csv nor an .xlsx", "CSV UTF-8"],
    );
}

#[test]
fn a_where_key_that_is_no_attribute_lists_the_attributes() {
    let splits = "[[splits]]\nname = \"x\"\n[[splits.overrides]]\nwhere = { regio = \"EMEA\" }\nassign = { maintenance = \"inside\" }\n";
    let toml = scenario("file = \"accounts.csv\"", splits);
    let (_d, r) = load_in_folder(&toml, &[("accounts.csv", CSV.as_bytes())]);
    one_error(
        r,
        "splits.\"x\".overrides[0].where.regio",
        &[
            "not an attribute",
            "did you mean `region`",
            "`account`, `tier`",
            "region",
        ],
    );
}

#[test]
fn an_override_naming_an_unknown_motion_or_product_is_an_error() {
    let splits = "[[splits]]\nname = \"x\"\n[[splits.overrides]]\nwhere = { tier = \"Growth\" }\nassign = { maintenace = \"inside\" }\nassign_products = { \"Platfrom\" = \"inside\" }\n";
    let toml = scenario("file = \"accounts.csv\"", splits);
    let (_d, r) = load_in_folder(&toml, &[("accounts.csv", CSV.as_bytes())]);
    let e = errors(r);
    let text: Vec<String> = e.iter().map(|p| p.to_string()).collect();
    assert_eq!(e.len(), 2, "{text:#?}");
    assert!(
        text[0].contains("no motion is named \"maintenace\"")
            && text[0].contains("did you mean \"maintenance\"")
    );
    assert!(
        text[1].contains("no product is named \"Platfrom\"")
            && text[1].contains("did you mean \"Platform\"")
    );
}

#[test]
fn where_values_that_match_no_account_warn() {
    let splits = "[[splits]]\nname = \"x\"\n[[splits.overrides]]\nwhere = { region = [\"EMEA\", \"Antarctica\"] }\nassign = { maintenance = \"inside\" }\n[[splits.overrides]]\nwhere = { account = [\"ACME Corp\", \"Key#1\", \"Key#2\", \"Key#01\"] }\nassign = { complex = \"inside\" }\n";
    let toml = scenario("file = \"accounts.csv\"", splits);
    let (_d, r) = load_in_folder(&toml, &[("accounts.csv", CSV.as_bytes())]);
    let l = r.unwrap_or_else(|p| panic!("{p}"));
    let w: Vec<String> = l
        .warnings
        .iter()
        .filter(|w| w.path.contains("where"))
        .map(|w| w.to_string())
        .collect();
    // "Key#1" is the second account of tier Key; "Key#2" is past its two
    // accounts and "Key#01" is not how a tier account is named.
    assert_eq!(w.len(), 4, "{w:#?}");
    assert!(w[0].contains("\"Antarctica\" matches no account's `region`"));
    assert!(w[1].contains("\"ACME Corp\"") && w[1].contains("did you mean \"ACME\""));
    assert!(w[2].contains("\"Key#2\""));
    assert!(w[3].contains("\"Key#01\""));
    // Tier accounts come first: Key#0, Key#1, then ACME, Globex, Initech.
    let o = &l.scenario.splits[0].overrides;
    assert_eq!(o[0].matches, [false, false, true, false, true]);
    assert_eq!(o[1].matches, [false, true, false, false, false]);
}

#[test]
fn book_names_must_differ_from_the_tier_accounts_names() {
    let csv = "account,Support\nKey#1,100\nKey#7,100\n";
    let toml = scenario("file = \"accounts.csv\"", ALL_FIELD);
    let (_d, r) = load_in_folder(&toml, &[("accounts.csv", csv.as_bytes())]);
    // Key has accounts Key#0 and Key#1 only.
    let e = one_error(r, "book.file", &["account 1 of tier \"Key\"", "unique"]);
    let at = e.place.unwrap();
    assert_eq!(
        (at.row, at.column, at.value.as_str()),
        (2, Some(1), "Key#1")
    );
}

#[test]
fn a_book_and_the_scenario_report_all_their_problems_at_once() {
    let csv = "account,Support\nACME,-1\nGlobex,abc\n";
    let splits = "[[splits]]\nname = \"x\"\nrank_by = \"acount\"\n";
    let toml = scenario("file = \"accounts.csv\"", splits);
    let (_d, r) = load_in_folder(&toml, &[("accounts.csv", csv.as_bytes())]);
    let e = errors(r);
    assert_eq!(e.len(), 3, "{e:#?}");
    assert!(e[0].to_string().contains("did you mean \"account\""));
    assert_eq!(e[1].place.as_ref().unwrap().row, 2);
    assert_eq!(e[2].place.as_ref().unwrap().row, 3);
    assert!(e.iter().all(|p| p.severity == Severity::Error));
}

fn keysplit() -> Command {
    Command::cargo_bin("keysplit").unwrap()
}

#[test]
fn a_refused_book_writes_nothing_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("accounts.csv"),
        "account,Support\nACME,n/a\n",
    )
    .unwrap();
    let toml = scenario("file = \"accounts.csv\"", ALL_FIELD);
    std::fs::write(dir.path().join("s.toml"), toml).unwrap();
    let out = dir.path().join("out");
    for args in [
        vec!["validate"],
        vec!["run", "--out", out.to_str().unwrap()],
    ] {
        let a = keysplit()
            .args(&args)
            .arg(dir.path().join("s.toml"))
            .assert()
            .code(2);
        let stderr = String::from_utf8(a.get_output().stderr.clone()).unwrap();
        let stdout = String::from_utf8(a.get_output().stdout.clone()).unwrap();
        let text = format!("{stdout}{stderr}");
        assert!(
            text.contains("accounts.csv, row 2, column B (\"Support\"), value `n/a`"),
            "{text}"
        );
    }
    assert!(!out.exists());
}

#[test]
fn validate_counts_accounts_and_cells_per_tier() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("accounts.csv"), CSV).unwrap();
    std::fs::write(
        dir.path().join("s.toml"),
        scenario("file = \"accounts.csv\"", ALL_FIELD),
    )
    .unwrap();
    let a = keysplit()
        .arg("validate")
        .arg(dir.path().join("s.toml"))
        .assert()
        .success();
    let text = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    // 2 tier accounts (1 cell each) and 3 book accounts (5 cells).
    assert!(
        text.contains("5 accounts, 7 account-product cells"),
        "{text}"
    );
    assert!(
        text.contains("Account book accounts.csv: 3 accounts, 4 owned and 1 whitespace cells."),
        "{text}"
    );
    assert!(text.contains("tier Strategic: 1 accounts, 2 owned and 0 whitespace cells"));
    assert!(text.contains("tier Growth: 2 accounts, 2 owned and 1 whitespace cells"));
}

/// A sweep validates every point's text again but reads the book once: it
/// runs with the file gone after loading.
#[test]
fn a_sweep_reads_the_book_once() {
    let splits = "[[splits]]\nname = \"all field\"\n[[splits]]\nname = \"half\"\nassign = { maintenance = { inside = 0.5 } }\n";
    let toml = scenario("file = \"accounts.csv\"", splits);
    let (d, r) = load_in_folder(&toml, &[("accounts.csv", CSV.as_bytes())]);
    let loaded = r.unwrap_or_else(|p| panic!("{p}"));
    std::fs::remove_file(d.path().join("accounts.csv")).unwrap();
    let spec = keysplit::analysis::sweep::SweepSpec {
        split: "half".into(),
        param: "splits.\"half\".assign.maintenance.inside".into(),
        values: vec![0.0, 1.0],
    };
    let opts = keysplit::SweepOptions {
        options: keysplit::Options::threads(1),
        spec,
        precision: None,
        per_trial: false,
    };
    let out = keysplit::sweep(&loaded, &opts).expect("the sweep runs without the file");
    assert_eq!(out.sweep.points.len(), 2);
    assert!(Path::new(&loaded.dir).is_dir());
}

/// An override's share is a key path like any other: a sweep sets it by
/// `overrides[i]`, and the inside workload follows (Growth's two
/// maintenance cells, Globex and Initech, 6 touches x 1 h each).
#[test]
fn a_sweep_sets_an_overrides_share() {
    let splits = "[[splits]]\nname = \"all field\"\n[[splits]]\nname = \"x\"\n[[splits.overrides]]\nwhere = { tier = \"Growth\" }\nassign = { maintenance = { inside = 0.5 } }\n";
    let toml = scenario("file = \"accounts.csv\"", splits);
    let (_d, r) = load_in_folder(&toml, &[("accounts.csv", CSV.as_bytes())]);
    let loaded = r.unwrap_or_else(|p| panic!("{p}"));
    let spec = keysplit::analysis::sweep::SweepSpec {
        split: "x".into(),
        param: "splits.\"x\".overrides[0].assign.maintenance.inside".into(),
        values: vec![0.0, 0.5, 1.0],
    };
    let opts = keysplit::SweepOptions {
        options: keysplit::Options::threads(1),
        spec,
        precision: None,
        per_trial: false,
    };
    let out = keysplit::sweep(&loaded, &opts).expect("the sweep runs");
    let fte = keysplit::core::metrics::Metric::FteRequiredInside;
    let got: Vec<f64> = out
        .sweep
        .points
        .iter()
        .map(|p| p.metrics[fte].as_ref().unwrap().mean)
        .collect();
    // floor(s x 2 + 1/2) cells inside: 0, 1, 2; 6 h each over 1,800 h.
    assert_eq!(got, [0.0, 6.0 / 1800.0, 12.0 / 1800.0]);
}

/// A book's names follow the scenario's rules for names (plain text, at
/// most 200 characters) and its spends the bound on every number (10^15).
#[test]
fn book_names_and_spends_are_bounded_like_the_scenarios() {
    let long = "T".repeat(201);
    let csv = format!(
        "account,tier,Support\n\"Tab\there\",Growth,100\nACME,{long},100\nGlobex,Growth,2000000000000000\n"
    );
    let toml = scenario("file = \"accounts.csv\"", ALL_FIELD);
    let (_d, r) = load_in_folder(&toml, &[("accounts.csv", csv.as_bytes())]);
    let e = errors(r);
    let got: Vec<(usize, usize)> = e
        .iter()
        .map(|p| {
            let at = p.place.as_ref().unwrap();
            (at.row, at.column.unwrap())
        })
        .collect();
    assert_eq!(got, [(2, 1), (3, 2), (4, 3)], "{e:#?}");
    assert!(e[0].message.contains("control character"));
    assert!(e[1].message.contains("200 characters"));
    // A long value is shown cut, not whole.
    assert!(e[1].place.as_ref().unwrap().value.chars().count() <= 81);
    assert!(e[2].message.contains("10^15"));
}

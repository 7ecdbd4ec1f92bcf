//! The account book in the model (docs/model.md, "The book of business"),
//! each expectation derived by hand: a book of constant spends is the
//! same portfolio as tiers of constants; overrides change the workload
//! build-up (Talley 1961) exactly as touches x hours predict; a share
//! ranked by account moves whole accounts, the smallest first; reordering
//! the rows and columns of a book changes no result, to the bit; results
//! do not depend on the number of threads.

mod common;
use assert_cmd::Command;
use common::*;
use keysplit::core::metrics::Metric;
use keysplit::scenario::{Loaded, Role, Scenario};
use keysplit::sim::{Draw, Layout, RunResult, World, assign};
use proptest::prelude::*;
use std::collections::BTreeSet;

/// Loads `toml` from a new folder that also holds `accounts.csv`.
fn with_book(toml: &str, csv: &str) -> Loaded {
    let (_dir, loaded) = load_in_folder(toml, &[("accounts.csv", csv.as_bytes())]);
    loaded.unwrap_or_else(|p| panic!("{p}"))
}

/// Every per-trial value of every metric of every split, as bits.
fn bits(r: &RunResult) -> Vec<u64> {
    (0..r.splits.len())
        .flat_map(|k| Metric::ALL.iter().flat_map(move |&m| r.values(k, m)))
        .map(f64::to_bits)
        .collect()
}

/// Roles with attrition and uncertain pay (keyed by role and slot, never
/// by account), two motions and three products; `motions_extra` is added
/// to both motions.
fn world(motions_extra: &str) -> String {
    format!(
        r#"
[roles.outside]
annual_hours = 1600
admin_share = 0.5
base_salary = {{ dist = "pert", min = 80000, mode = 90000, max = 110000 }}
annual_attrition = 0.3
months_to_hire = 2
ramp_months = 3
hire_cost = 20000
travel_hours_per_visit = 2
travel_cost_per_visit = 150
[roles.inside]
annual_hours = 1700
admin_share = 0.4
base_salary = 60000
annual_attrition = 0.35
months_to_hire = 1
[motions.maintenance]
touches_per_year = 6
in_person_share = 0.25
hours_per_touch = {{ outside = 1.0, inside = 0.75 }}
prospect_touches_per_year = 1
{motions_extra}
[motions.complex]
touches_per_year = 24
in_person_share = 0.4
hours_per_touch = {{ outside = 3.0, inside = 3.5 }}
prospect_touches_per_year = 4
{motions_extra}
[[products]]
name = "Support"
motion = "maintenance"
gross_margin = 0.6
cross_sell_size = 20000
[[products]]
name = "Warranty"
motion = "maintenance"
gross_margin = {{ dist = "uniform", min = 0.4, max = 0.6 }}
cross_sell_size = 10000
[[products]]
name = "Platform"
motion = "complex"
gross_margin = 0.4
cross_sell_size = 100000
"#
    )
}

const SPLITS: &str = r#"
[[splits]]
name = "All field"
[[splits]]
name = "Maintenance inside"
assign = { maintenance = "inside" }
[[splits]]
name = "Half of complex inside"
assign = { maintenance = "inside", complex = { inside = { dist = "uniform", min = 0.3, max = 0.7 } } }
"#;

/// Six accounts of constant spends written as one tier, and as a book of
/// six rows: with no churn and no opportunities nothing random is keyed
/// by account, so every metric of every trial must be the same number.
#[test]
fn a_book_of_constant_spends_is_the_same_portfolio_as_tiers() {
    let head = format!(
        "name = \"same\"\n[simulation]\ntrials = 40\nhorizon_months = 12\ndiscount_rate = 0.08\n{}",
        world("annual_churn = { outside = 0, inside = 0 }")
    );
    let tiers = format!(
        "{head}[[tiers]]\nname = \"T\"\naccounts = 6\ncross_sell = [\"Warranty\"]\nspend = {{ \"Support\" = 50000, \"Platform\" = 200000 }}\n{SPLITS}"
    );
    let book = format!("{head}[book]\nfile = \"accounts.csv\"\n{SPLITS}");
    let csv: String = std::iter::once("account,Support,Warranty,Platform\n".to_string())
        .chain((0..6).map(|i| format!("Account {i},50000,whitespace,200000\n")))
        .collect();
    let a = run(&scenario(&tiers), 2);
    let b = run(&with_book(&book, &csv).scenario, 2);
    assert_eq!(bits(&a), bits(&b));
    // The comparison is not empty: pay and margins vary by trial.
    let ltv: BTreeSet<u64> = a.values(0, Metric::Ltv).map(f64::to_bits).collect();
    assert!(ltv.len() > 20);
}

/// Workload build-up (Talley 1961) by hand. Both roles plan 1,000 hours a
/// year per rep (annual_hours 1000, no admin, utilisation 1). Per active
/// cell and year: maintenance W_out = 10 touches x 2 h = 20, W_in = 10 x 1
/// = 10; complex W_out = 4 x 5 = 20, W_in = 4 x 6 = 24; no travel, no
/// prospecting. Accounts: tier "Key" (2 accounts, Support owned), and the
/// book A (Strategic, EMEA: Support, Platform), B (Growth, EMEA: Support),
/// C (Growth, APAC: Support, Platform), D (Growth, NA: Support).
#[test]
fn overrides_change_fte_required_as_touches_times_hours_predict() {
    let toml = r#"
name = "overrides"
[simulation]
trials = 3
horizon_months = 2
[roles.outside]
annual_hours = 1000
[roles.inside]
annual_hours = 1000
[motions.maintenance]
touches_per_year = 10
hours_per_touch = { outside = 2, inside = 1 }
[motions.complex]
touches_per_year = 4
hours_per_touch = { outside = 5, inside = 6 }
[[products]]
name = "Support"
motion = "maintenance"
[[products]]
name = "Platform"
motion = "complex"
[[tiers]]
name = "Key"
accounts = 2
spend = { "Support" = 10 }
[book]
file = "accounts.csv"

[[splits]]
name = "maintenance inside except Strategic"
assign = { maintenance = "inside" }
[[splits.overrides]]
where = { tier = "Strategic" }
assign = { maintenance = "outside" }

[[splits]]
name = "maintenance inside except B, Key#1 and D's Support"
assign = { maintenance = "inside" }
[[splits.overrides]]
where = { account = ["B", "Key#1"] }
assign = { maintenance = "outside" }
[[splits.overrides]]
where = { account = "D" }
assign = { maintenance = "inside" }
assign_products = { "Support" = "outside" }

[[splits]]
name = "complex inside in EMEA and APAC"
[[splits.overrides]]
where = { region = ["EMEA", "APAC"] }
assign = { complex = "inside" }

[[splits]]
name = "first claim wins"
assign = { maintenance = "inside" }
[[splits.overrides]]
where = { region = "EMEA" }
assign = { maintenance = "outside" }
[[splits.overrides]]
where = { tier = "Growth" }
assign = { maintenance = "inside", complex = "inside" }

[[splits]]
name = "a share is a pool of its own"
assign = { maintenance = "inside" }
[[splits.overrides]]
where = { tier = "Growth" }
assign = { maintenance = { inside = 0.5 } }
"#;
    let csv = "account,tier,region,Support,Platform\n\
               A,Strategic,EMEA,100,500\n\
               B,Growth,EMEA,50,\n\
               C,Growth,APAC,30,100\n\
               D,Growth,NA,20,\n";
    let l = with_book(toml, csv);
    let r = run(&l.scenario, 1);
    // (outside hours, inside hours) per split, by hand.
    let expected = [
        // A's Support stays with the field: out A.S 20 + A.P 20 + C.P 20;
        // in Key#0, Key#1, B, C, D Support 5 x 10.
        (60.0, 50.0),
        // B, Key#1 (first override) and D's Support (the second's product
        // rule beats its motion rule) with the field: out 3 x 20 + 2 x 20;
        // in Key#0, A, C Support 3 x 10.
        (100.0, 30.0),
        // Every maintenance cell with the field (6 x 20); the complex cells
        // of A (EMEA) and C (APAC) inside (2 x 24).
        (120.0, 48.0),
        // EMEA claims A's and B's Support for the field first; Growth
        // claims C's and D's Support and C's Platform inside; A's Platform
        // follows the split (field): out 3 x 20; in C.S, D.S, Key x 2 (4 x
        // 10) + C.P 24.
        (60.0, 64.0),
        // Growth's Support (B 50, C 30, D 20) is its own pool: floor(0.5 x 3
        // + 1/2) = 2 smallest, D and C, go inside; B stays out. The split
        // puts Key x 2 and A inside: out B.S 20 + A.P 20 + C.P 20; in 5 x 10.
        (60.0, 50.0),
    ];
    for (k, (out, inside)) in expected.iter().enumerate() {
        for (m, hours) in [
            ("fte_required_outside", out),
            ("fte_required_inside", inside),
        ] {
            let s = r.splits[k].metrics[metric(m)].as_ref().unwrap();
            let want = hours / 1000.0;
            assert!(
                (s.mean - want).abs() <= 1e-12 * want.max(1.0) && s.p10 == s.p90,
                "{}: {m} = {} but touches x hours give {want}",
                r.splits[k].name,
                s.mean
            );
        }
    }
    // The last split differs from the first only in how the share falls.
    assert!(l.warnings.iter().all(|w| !w.message.contains("identical")));
}

/// A book of 24 accounts buying up to three transactional products, some
/// as whitespace, with uncertain spends; some accounts hold whitespace
/// only. `rule` is the split's assignment.
fn ranking_scenario(rule: &str, rank_by: &str) -> Loaded {
    let toml = format!(
        r#"
name = "rank"
[simulation]
trials = 30
[roles.outside]
annual_hours = 1800
[roles.inside]
annual_hours = 1800
[motions.transactional]
touches_per_year = 12
hours_per_touch = {{ outside = 1, inside = 1 }}
[[products]]
name = "P1"
motion = "transactional"
[[products]]
name = "P2"
motion = "transactional"
[[products]]
name = "P3"
motion = "transactional"
[book]
file = "accounts.csv"
spend_uncertainty = {{ dist = "lognormal", p10 = 0.5, p90 = 2 }}
[[splits]]
name = "share"
{rule}
rank_by = "{rank_by}"
"#
    );
    let mut csv = String::from("account,P1,P2,P3\n");
    for i in 0..24u32 {
        let cell = |j: u32| match (i * 7 + j * 5) % 6 {
            0 => String::new(),
            1 => "whitespace".into(),
            k => format!("{}", 1000 * (k + i)),
        };
        // Accounts 20-23 hold whitespace only.
        if i >= 20 {
            csv.push_str(&format!("acct{i:02},whitespace,,whitespace\n"));
        } else {
            csv.push_str(&format!("acct{i:02},{},{},{}\n", cell(0), cell(1), cell(2)));
        }
    }
    with_book(&toml, &csv)
}

/// For each trial: the owners of every cell under the split's rule.
fn owners(s: &Scenario, trials: u64) -> (Layout, Vec<(World, Vec<Role>)>) {
    let layout = Layout::new(s);
    let out = (0..trials)
        .map(|t| {
            let mut w = World::default();
            w.draw(s, &layout, Draw::Trial(t));
            let (mut owner, mut scratch) = (Vec::new(), Vec::new());
            assign(&layout, &w, (0, &s.splits[0]), &mut owner, &mut scratch);
            (w, owner)
        })
        .collect();
    (layout, out)
}

/// Reading 16: the n accounts holding an active cell of the pool are
/// ranked by total drawn spend; floor(s n + 1/2) of the smallest move with
/// all their cells of the pool (whitespace included); whitespace-only
/// accounts stay with the field.
#[test]
fn a_share_ranked_by_account_moves_whole_accounts_smallest_first() {
    let l = ranking_scenario("assign = { transactional = { inside = 0.4 } }", "account");
    let s = &l.scenario;
    let (layout, trials) = owners(s, 30);
    for (w, owner) in &trials {
        let mut holders: Vec<u32> = layout
            .cells
            .iter()
            .filter(|c| c.active)
            .map(|c| c.account)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        holders
            .sort_by(|a, b| w.account_spend[*a as usize].total_cmp(&w.account_spend[*b as usize]));
        let k = (0.4 * holders.len() as f64 + 0.5).floor() as usize;
        let inside: BTreeSet<u32> = holders[..k].iter().copied().collect();
        for (c, o) in layout.cells.iter().zip(owner) {
            let want = if inside.contains(&c.account) {
                Role::Inside
            } else {
                Role::Outside
            };
            assert_eq!(*o, want, "account {} product {}", c.account, c.product);
        }
    }
    // 20 accounts hold an active cell here: 8 move in every trial.
    assert_eq!(
        trials[0]
            .1
            .iter()
            .zip(&layout.cells)
            .filter(|(o, _)| **o == Role::Inside)
            .map(|(_, c)| c.account)
            .collect::<BTreeSet<_>>()
            .len(),
        8
    );
}

/// The same share ranked cell by cell splits some accounts between the
/// roles; by account it never does, for a product's pool too.
#[test]
fn by_cell_accounts_are_split_by_account_never() {
    let split_accounts = |l: &Loaded| {
        let (layout, trials) = owners(&l.scenario, 30);
        trials
            .iter()
            .map(|(_, owner)| {
                let mut roles: Vec<BTreeSet<Role>> = vec![BTreeSet::new(); layout.n_accounts];
                for (c, o) in layout.cells.iter().zip(owner) {
                    roles[c.account as usize].insert(*o);
                }
                roles.iter().filter(|r| r.len() > 1).count()
            })
            .sum::<usize>()
    };
    let rule = "assign = { transactional = { inside = 0.4 } }";
    assert!(split_accounts(&ranking_scenario(rule, "cell")) > 0);
    assert_eq!(split_accounts(&ranking_scenario(rule, "account")), 0);
    // A product's share by account: within P1, whole accounts; the P1
    // cells inside are those of the smallest accounts holding P1.
    let l = ranking_scenario("assign_products = { \"P1\" = { inside = 0.5 } }", "account");
    let (layout, trials) = owners(&l.scenario, 30);
    for (w, owner) in &trials {
        let p1: Vec<(f64, bool, Role)> = layout
            .cells
            .iter()
            .zip(owner)
            .filter(|(c, _)| c.product == 0)
            .map(|(c, o)| (w.account_spend[c.account as usize], c.active, *o))
            .collect();
        let holders = p1.iter().filter(|x| x.1).count();
        let k = (0.5 * holders as f64 + 0.5).floor() as usize;
        let mut active: Vec<&(f64, bool, Role)> = p1.iter().filter(|x| x.1).collect();
        active.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert!(active[..k].iter().all(|x| x.2 == Role::Inside));
        assert!(active[k..].iter().all(|x| x.2 == Role::Outside));
        // Accounts with P1 as whitespace only have no active P1 cell: field.
        assert!(p1.iter().filter(|x| !x.1).all(|x| x.2 == Role::Outside));
    }
}

/// A book, its rows and its columns in a given order.
fn book_text(rows: &[(String, String, [String; 3])], order: &[usize], columns: &[usize]) -> String {
    let header = ["region", "Support", "Warranty", "Platform"];
    let mut out = String::from("account");
    for &c in columns {
        out.push(',');
        out.push_str(header[c]);
    }
    out.push('\n');
    for &i in order {
        let (name, region, cells) = &rows[i];
        out.push_str(name);
        for &c in columns {
            out.push(',');
            out.push_str(if c == 0 { region } else { &cells[c - 1] });
        }
        out.push('\n');
    }
    out
}

fn shuffle_scenario() -> String {
    format!(
        r#"name = "shuffle"
[simulation]
trials = 12
horizon_months = 6
undercoverage_churn = 1
handoff = {{ churn_multiplier = 2, months = 3 }}
{}
[book]
file = "accounts.csv"
spend_uncertainty = {{ dist = "lognormal", p10 = 0.8, p90 = 1.2 }}
[[splits]]
name = "All field"
[[splits]]
name = "Half of maintenance, whole accounts"
assign = {{ maintenance = {{ inside = 0.5 }} }}
rank_by = "account"
[[splits]]
name = "Complex inside except EMEA"
assign = {{ complex = {{ inside = 0.5 }} }}
[[splits.overrides]]
where = {{ region = "EMEA" }}
assign = {{ complex = "outside", maintenance = "inside" }}
"#,
        world(
            "annual_churn = { outside = 0.1, inside = 0.2 }\nupsell_per_year = 2\ncross_sell_per_year = 1\nwin_rate = { outside = 0.5, inside = 0.4 }\nupsell_size = { dist = \"pert\", min = 0.05, mode = 0.1, max = 0.3 }"
        )
    )
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("whitespace".to_string()),
        (1u32..500_000).prop_map(|x| x.to_string()),
    ]
}

fn rows() -> impl Strategy<Value = Vec<(String, String, [String; 3])>> {
    prop::collection::vec(
        (
            prop_oneof![Just("EMEA"), Just("APAC"), Just("NA")],
            [cell(), cell(), cell()],
        ),
        4..12,
    )
    .prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (region, cells))| (format!("Account {i:02}"), region.to_string(), cells))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Draws are keyed by account and product names, and book accounts are
    /// laid out by name: any order of the rows and of the columns gives
    /// every metric of every trial bit for bit.
    #[test]
    fn reordering_a_books_rows_and_columns_changes_nothing(
        (rows, order, columns) in rows().prop_flat_map(|rows| {
            let n = rows.len();
            (Just(rows), Just((0..n).collect::<Vec<_>>()).prop_shuffle(), Just(vec![0usize, 1, 2, 3]).prop_shuffle())
        })
    ) {
        let toml = shuffle_scenario();
        let identity: Vec<usize> = (0..rows.len()).collect();
        let a = with_book(&toml, &book_text(&rows, &identity, &[0, 1, 2, 3]));
        let b = with_book(&toml, &book_text(&rows, &order, &columns));
        prop_assert_eq!(bits(&run(&a.scenario, 1)), bits(&run(&b.scenario, 1)));
    }
}

/// The example book gives byte-identical outputs on 1 and 2 threads.
#[test]
fn the_example_book_is_byte_identical_on_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/book.toml");
    let mut files = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(threads);
        Command::cargo_bin("keysplit")
            .unwrap()
            .args(["run", scenario, "--trials", "40", "--no-charts", "--quiet"])
            .args(["--threads", threads, "--out"])
            .arg(&out)
            .assert()
            .success();
        files.push((
            std::fs::read(out.join("summary.json")).unwrap(),
            std::fs::read(out.join("summary.csv")).unwrap(),
        ));
    }
    assert!(
        files[0] == files[1],
        "summary files differ between 1 and 2 threads"
    );
    let json = String::from_utf8(files[0].0.clone()).unwrap();
    assert!(json.contains("\"file\": \"book_accounts.csv\""));
}

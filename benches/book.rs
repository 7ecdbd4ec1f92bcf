//! Loading an account book of 100,000 accounts x 20 products (a 20 MB CSV:
//! 14 owned products and 6 cross-sell targets per account, with tier,
//! region and segment columns): reading, checking and resolving the
//! scenario, and the checks of its typical trial, as every command does
//! once (`keysplit::load`).
//!
//! Run: `cargo bench --bench book`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use keysplit::core::rng::Key;
use std::fmt::Write;

const ACCOUNTS: u32 = 100_000;
const PRODUCTS: usize = 20;

/// The scenario: three motions, 20 products, three splits (one a share).
fn scenario() -> String {
    let mut s = String::from(
        "name = \"100,000 accounts\"\n\
         [roles.outside]\nannual_hours = 1800\nadmin_share = 0.5\n\
         [roles.inside]\nannual_hours = 1800\nadmin_share = 0.4\n",
    );
    let motions = ["maintenance", "transactional", "complex"];
    for (m, touches) in motions.iter().zip([6, 12, 24]) {
        writeln!(
            s,
            "[motions.{m}]\ntouches_per_year = {touches}\nhours_per_touch = {{ outside = 1, inside = 1 }}"
        )
        .unwrap();
    }
    for p in 0..PRODUCTS {
        writeln!(
            s,
            "[[products]]\nname = \"Product {p:02}\"\nmotion = \"{}\"",
            motions[p * 3 / PRODUCTS]
        )
        .unwrap();
    }
    s.push_str(
        "[book]\nfile = \"book.csv\"\nspend_uncertainty = { dist = \"lognormal\", p10 = 0.85, p90 = 1.15 }\n\
         [[splits]]\nname = \"All field\"\n\
         [[splits]]\nname = \"Shift and lift\"\nassign = { maintenance = \"inside\", transactional = \"inside\" }\n\
         [[splits]]\nname = \"Half of transactional inside\"\n\
         assign = { maintenance = \"inside\", transactional = { inside = 0.5 } }\n",
    );
    s
}

/// The book: spends from a keyed stream, some written `$1,250,000`-style.
fn book() -> String {
    let mut s = String::from("account,tier,region,segment");
    for p in 0..PRODUCTS {
        write!(s, ",Product {p:02}").unwrap();
    }
    s.push('\n');
    let key = Key::root(7);
    let tiers = ["Strategic", "Enterprise", "Growth"];
    let regions = ["EMEA", "APAC", "North America", "Latin America"];
    for a in 0..ACCOUNTS {
        let k = key.with(u64::from(a));
        let n = |i: u64| k.bits(i);
        write!(
            s,
            "Account {a:06},{},{},Segment {}",
            tiers[(n(0) % 3) as usize],
            regions[(n(1) % 4) as usize],
            n(2) % 17
        )
        .unwrap();
        for p in 0..PRODUCTS {
            let spend = 1000 + n(3 + p as u64) % 900_000;
            if p >= 14 {
                s.push_str(",whitespace");
            } else if spend % 10 == 0 {
                write!(s, ",\"${},{:03}\"", spend / 1000, spend % 1000).unwrap();
            } else {
                write!(s, ",{spend}").unwrap();
            }
        }
        s.push('\n');
    }
    s
}

fn load(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let csv = book();
    std::fs::write(dir.path().join("book.csv"), &csv).expect("write the book");
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, scenario()).expect("write the scenario");
    let mut g = c.benchmark_group("book");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(csv.len() as u64));
    g.bench_function("load_100000_accounts_x_20_products", |b| {
        b.iter(|| keysplit::load(&path).expect("the book loads"))
    });
    g.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);

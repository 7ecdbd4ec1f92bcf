//! The stable counterpart of the cargo-fuzz target (fuzz/fuzz_targets/load.rs):
//! mutated copies of the example scenarios, the test corpus's base and a
//! few of its bad files (numbers swapped for extremes, lines deleted or
//! duplicated, bytes inserted, hostile strings, truncation) must load or be
//! refused cleanly, and a small one that loads must run: no panic, no hang
//! (each case has a deadline), an outcome or a clean error. Runs in seconds.

use proptest::prelude::*;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

fn seeds() -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    [
        "scenarios/tutorial.toml",
        "scenarios/key_accounts.toml",
        "tests/good/base.toml",
        "tests/bad/several_problems.toml",
        "tests/bad/beta_shape_tiny.toml",
    ]
    .iter()
    .map(|p| std::fs::read_to_string(root.join(p)).unwrap())
    .collect()
}

/// Values a hostile or careless file might hold.
const EXTREMES: &[&str] = &[
    "0",
    "-1",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "5e-324",
    "nan",
    "inf",
    "-inf",
    "1e15",
    "1e16",
    "9223372036854775807",
    "-9223372036854775808",
    "0.0",
    "1e-300",
    "{ dist = \"beta\", alpha = 0.05, beta = 10000 }",
    "{ dist = \"beta\", alpha = 1e-9, beta = 1e9 }",
    "{ dist = \"lognormal\", p10 = 1e-15, p90 = 1e15 }",
    "{ dist = \"normal\", mean = -1e15, sd = 1e15, min = 0 }",
    "{ dist = \"pert\", min = 0, mode = 0, max = 1e15 }",
    "\"=HYPERLINK(1)\"",
    "\"\\u001b[2J\"",
    "\"a\\nb\"",
    "[]",
    "{}",
    "true",
];

#[derive(Clone, Debug)]
enum Mutation {
    /// Replace the n-th number in the text with an extreme.
    Number(usize, usize),
    /// Delete line n.
    Delete(usize),
    /// Duplicate line n.
    Duplicate(usize),
    /// Insert bytes at a position (a fraction of the length).
    Insert(f64, String),
    /// Keep only a prefix (a fraction of the length).
    Truncate(f64),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0..400usize, 0..EXTREMES.len()).prop_map(|(n, e)| Mutation::Number(n, e)),
        (0..300usize).prop_map(Mutation::Delete),
        (0..300usize).prop_map(Mutation::Duplicate),
        (0.0..1.0f64, "[\\[\\]{}=\",.\\n a-z0-9#\\u{1b}\\u{0}]{1,12}")
            .prop_map(|(at, s)| Mutation::Insert(at, s)),
        (0.0..1.0f64).prop_map(Mutation::Truncate),
    ]
}

fn apply(src: &str, m: &Mutation) -> String {
    let boundary = |f: f64| {
        let mut i = ((src.len() as f64) * f) as usize;
        while !src.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match m {
        Mutation::Number(n, e) => {
            // The n-th run of digits (modulo their count).
            let spans: Vec<(usize, usize)> = {
                let b = src.as_bytes();
                let mut v = Vec::new();
                let mut i = 0;
                while i < b.len() {
                    if b[i].is_ascii_digit() {
                        let s = i;
                        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                            i += 1;
                        }
                        v.push((s, i));
                    } else {
                        i += 1;
                    }
                }
                v
            };
            if spans.is_empty() {
                return src.to_string();
            }
            let (a, b) = spans[n % spans.len()];
            format!("{}{}{}", &src[..a], EXTREMES[*e], &src[b..])
        }
        Mutation::Delete(n) | Mutation::Duplicate(n) => {
            let lines: Vec<&str> = src.lines().collect();
            let k = n % lines.len().max(1);
            let mut out: Vec<&str> = Vec::new();
            for (i, l) in lines.iter().enumerate() {
                if i != k || matches!(m, Mutation::Duplicate(_)) {
                    out.push(l);
                }
                if i == k && matches!(m, Mutation::Duplicate(_)) {
                    out.push(l);
                }
            }
            out.join("\n")
        }
        Mutation::Insert(at, s) => {
            let i = boundary(*at);
            format!("{}{s}{}", &src[..i], &src[i..])
        }
        Mutation::Truncate(at) => src[..boundary(*at)].to_string(),
    }
}

/// Loads, and runs 2 trials if small; `Err` names a panic.
fn exercise(text: String) -> Result<(), String> {
    let result = std::panic::catch_unwind(move || {
        let Ok(loaded) = keysplit::load_str(&text, "mutated.toml") else {
            return;
        };
        let s = &loaded.scenario;
        let accounts: usize = s.tiers.iter().map(|t| t.accounts as usize).sum();
        let work = accounts * s.products.len().max(1) * s.horizon_months as usize * s.splits.len();
        if work > 2_000_000 {
            return;
        }
        let mut options = keysplit::Options::threads(1);
        options.trials = Some(2);
        let opts = keysplit::RunOptions {
            options,
            precision: None,
        };
        // An outcome or a clean error: both are fine.
        let _ = keysplit::run(&loaded, &opts);
    });
    result.map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn mutated_scenarios_load_or_fail_cleanly_in_bounded_time(
        seed in 0..5usize,
        muts in proptest::collection::vec(mutation(), 1..4),
    ) {
        let mut text = seeds()[seed].clone();
        for m in &muts {
            text = apply(&text, m);
        }
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || { let _ = tx.send(exercise(text)); });
        match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(r) => prop_assert!(r.is_ok(), "panicked: {}", r.unwrap_err()),
            Err(_) => prop_assert!(false, "no answer within 20 s"),
        }
    }
}

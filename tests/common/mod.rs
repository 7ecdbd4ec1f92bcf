//! Helpers shared by the integration tests.
#![allow(dead_code)]

use keysplit::scenario::Scenario;
use keysplit::sim::load_str;
use keysplit::sim::{Engine, RunResult};
use std::path::Path;

/// Writes `files` and the scenario `toml` (as `scenario.toml`) into a new
/// folder and loads it as a file would be (its account book relative to
/// it). The folder lasts as long as the returned guard.
pub fn load_in_folder(
    toml: &str,
    files: &[(&str, &[u8])],
) -> (
    tempfile::TempDir,
    Result<keysplit::scenario::Loaded, keysplit::scenario::Problems>,
) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write a file");
    }
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, toml).expect("write the scenario");
    let loaded = keysplit::sim::load(&path);
    (dir, loaded)
}

/// Loads a scenario from text, panicking with every problem if it is invalid.
pub fn scenario(src: &str) -> Scenario {
    match load_str(src, "test.toml") {
        Ok(l) => l.scenario,
        Err(p) => panic!("test scenario is invalid:\n{p}"),
    }
}

/// Runs a scenario on `threads` threads.
pub fn run(s: &Scenario, threads: usize) -> RunResult {
    self::threads(threads).run(s).expect("run")
}

pub fn split_index(r: &RunResult, name: &str) -> usize {
    r.splits
        .iter()
        .position(|s| s.name == name)
        .unwrap_or_else(|| panic!("no split {name}"))
}

pub fn metric(name: &str) -> keysplit::core::metrics::Metric {
    keysplit::core::metrics::Metric::by_name(name).unwrap_or_else(|| panic!("no metric {name}"))
}

/// A role table with the given hours and admin share, and no costs.
pub fn role(hours: f64, admin: f64) -> String {
    format!("annual_hours = {hours}\nadmin_share = {admin}\n")
}

/// One account owning a maintenance product ("svc", spend 120,000) and a
/// complex product ("plat", 240,000): with maintenance inside it is a shared
/// account. Opportunities are certain (a huge rate gives 1 - exp(-rate/12) =
/// 1), wins are certain (win rate 1), every won up-sell is 10% of the cell's
/// starting spend, margins are 0.5, the horizon 12 months, no discounting.
/// `roles` is appended to both role tables' shared keys as
/// `(outside extra lines, inside extra lines)`; `maintenance` adds lines to
/// the maintenance motion; `splits` is the `[[splits]]` text.
pub fn shared_account(roles: (&str, &str), maintenance: &str, splits: &str) -> String {
    format!(
        r#"
name = "shared account"
[simulation]
trials = 10
horizon_months = 12
response_elasticity = 0
[roles.outside]
annual_hours = 1800
{}
[roles.inside]
annual_hours = 1800
{}
[motions.maintenance]
upsell_per_year = 1e9
upsell_size = 0.1
win_rate = {{ outside = 1, inside = 1 }}
{maintenance}
[motions.complex]
upsell_per_year = 1e9
upsell_size = 0.1
win_rate = {{ outside = 1, inside = 1 }}
[[products]]
name = "svc"
motion = "maintenance"
gross_margin = 0.5
[[products]]
name = "plat"
motion = "complex"
gross_margin = 0.5
[[tiers]]
name = "t"
accounts = 1
spend = {{ svc = 120000, plat = 240000 }}
{splits}
"#,
        roles.0, roles.1
    )
}

/// Asserts that a chart PNG decodes at the chart size and is not blank (has
/// dark ink and more than a handful of colours); returns its RGB pixels.
pub fn assert_chart_png(png_path: &std::path::Path) -> Vec<u8> {
    let file =
        std::fs::File::open(png_path).unwrap_or_else(|e| panic!("{}: {e}", png_path.display()));
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap_or_else(|e| panic!("{} does not decode: {e}", png_path.display()));
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader
        .next_frame(&mut buf)
        .unwrap_or_else(|e| panic!("{} does not decode: {e}", png_path.display()));
    assert_eq!(
        (info.width, info.height),
        (keysplit::charts::WIDTH, keysplit::charts::HEIGHT),
        "{}",
        png_path.display()
    );
    buf.truncate(info.buffer_size());
    let dark = buf.chunks(3).filter(|p| p.iter().all(|&c| c < 100)).count();
    assert!(dark > 2_000, "{} looks blank", png_path.display());
    let colours: std::collections::BTreeSet<&[u8]> = buf.chunks(3).collect();
    assert!(
        colours.len() > 20,
        "{} has almost no ink",
        png_path.display()
    );
    buf
}

/// An engine with `threads` workers and nothing else set.
pub fn threads(n: usize) -> Engine {
    Engine::with_threads(n)
}

/// The text of the realistic example scenario.
pub fn key_accounts_text() -> String {
    std::fs::read_to_string("scenarios/key_accounts.toml").expect("scenarios/key_accounts.toml")
}

/// Parses a chart SVG (its root must be `svg`) and returns its texts, trimmed.
pub fn svg_texts(svg_path: &Path) -> Vec<String> {
    let svg =
        std::fs::read_to_string(svg_path).unwrap_or_else(|e| panic!("{}: {e}", svg_path.display()));
    let doc = roxmltree::Document::parse(&svg)
        .unwrap_or_else(|e| panic!("{} does not parse: {e}", svg_path.display()));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(|t| t.trim().to_string())
        .collect()
}

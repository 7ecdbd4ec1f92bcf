//! Any bytes as a scenario file: loading must return a scenario or its
//! problems, never panic or hang (libFuzzer reports both). A scenario that
//! loads is also run for 2 trials when it is small, so the checks of the
//! typical trial and one simulated trial are fuzzed too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(loaded) = keysplit::load_str(text, "fuzz.toml") else {
        return;
    };
    let s = &loaded.scenario;
    let cells: usize = s.tiers.iter().map(|t| t.accounts as usize).sum::<usize>() * s.products.len().max(1);
    if cells * s.horizon_months as usize * s.splits.len() > 2_000_000 {
        return;
    }
    let mut options = keysplit::Options::threads(1);
    options.trials = Some(2);
    let opts = keysplit::RunOptions { options, precision: None };
    let _ = keysplit::run(&loaded, &opts);
});

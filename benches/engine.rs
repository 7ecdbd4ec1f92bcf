//! Engine throughput on the realistic scenario, in cell-months per second:
//! accounts x products x months x splits x trials / second (the issue's
//! definition, counting absent pairs too; the cells actually simulated are
//! the owned and whitespace ones). Each split is run from today's team
//! (`start = "current"`, the default) and at its own team (`"target"`, the
//! model without the transition).
//!
//! The floor (`floor/200_trials`) is the same scenario with nothing but
//! every cell-month's `u_churn` and `u_opp` drawn once per trial and, for
//! every split, compared with a constant (`keysplit::sim::floor_trial`), on
//! one thread. The engine's throughput on one thread divided by the
//! floor's is how far the engine is from it. `floor/200_trials_compared_once`
//! compares each cell-month once in all, as the engine's candidates do.
//!
//! Run: `cargo bench --bench engine`; `KEYSPLIT_BENCH_SCENARIO=FILE` benches
//! another scenario.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use keysplit::scenario::Start;
use keysplit::sim::{Engine, Layout, floor_trial, load};
use std::path::Path;

fn engine(c: &mut Criterion) {
    let path = std::env::var("KEYSPLIT_BENCH_SCENARIO")
        .unwrap_or_else(|_| "scenarios/key_accounts.toml".to_string());
    let mut s = load(Path::new(&path)).expect("scenario").scenario;
    s.trials = 200;
    let cell_months = s.accounts()
        * s.products.len() as u64
        * u64::from(s.horizon_months)
        * s.splits.len() as u64
        * s.trials;
    let mut g = c.benchmark_group("engine");
    g.sample_size(10);
    g.throughput(Throughput::Elements(cell_months));
    for start in [Start::Current, Start::Target] {
        s.start = start;
        for threads in [1usize, 2] {
            // One engine per thread count: its threads start once, as in a command.
            let engine = Engine::with_threads(threads);
            let id = format!("200_trials_start_{}_{threads}_threads", start.name());
            g.bench_function(id, |b| b.iter(|| engine.run(&s).expect("run")));
        }
    }
    g.finish();

    let mut g = c.benchmark_group("floor");
    g.sample_size(10);
    g.throughput(Throughput::Elements(cell_months));
    let layout = Layout::new(&s);
    let (mut keys, mut uniforms) = (Vec::new(), Vec::new());
    // Compared once per split (the floor), and once in all (as the
    // engine's candidates are).
    for (id, splits) in [
        ("200_trials", s.splits.len()),
        ("200_trials_compared_once", 1),
    ] {
        g.bench_function(id, |b| {
            b.iter(|| {
                (0..s.trials)
                    .map(|t| floor_trial(&s, &layout, t, splits, (&mut keys, &mut uniforms)))
                    .sum::<u64>()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);

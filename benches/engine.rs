//! Engine throughput on the realistic scenario, in cell-months per second:
//! accounts x products x months x splits x trials / second (the issue's
//! definition, counting absent pairs too; the cells actually simulated are
//! the owned and whitespace ones).
//!
//! Run: `cargo bench --bench engine`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use keysplit::sim::{Engine, load};
use std::path::Path;

fn engine(c: &mut Criterion) {
    let mut s = load(Path::new("scenarios/key_accounts.toml"))
        .expect("scenario")
        .scenario;
    s.trials = 200;
    let cell_months = s.accounts()
        * s.products.len() as u64
        * u64::from(s.horizon_months)
        * s.splits.len() as u64
        * s.trials;
    let mut g = c.benchmark_group("engine");
    g.sample_size(10);
    g.throughput(Throughput::Elements(cell_months));
    for threads in [1usize, 2] {
        // One engine per thread count: its threads start once, as in a command.
        let engine = Engine::with_threads(threads);
        g.bench_function(format!("key_accounts_200_trials_{threads}_threads"), |b| {
            b.iter(|| engine.run(&s).expect("run"))
        });
    }
    g.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);

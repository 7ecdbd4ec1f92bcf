//! `summary.json`, in the schema the README describes ("Reading the output"). It holds no wall
//! time and no thread count, so the same scenario and seed give the same
//! bytes on any machine and any number of threads.

use crate::analysis::precision::Outcome;
use crate::core::metrics::Metric;
use crate::scenario::Scenario;
use crate::sim::engine::RunResult;
use serde_json::{Map, Value, json};

/// Provenance of a run that goes into every output.
#[derive(Clone, Debug)]
pub struct Provenance {
    /// The scenario file's name (no folders).
    pub file: String,
    /// SHA-256 of the scenario file's bytes.
    pub sha256: String,
    /// The warnings `validate` gives for the scenario (and its account
    /// book), each as what is wrong (where and what, as printed) and its
    /// fix: the outputs carry them, so that a reader of the report or the
    /// summary sees what the terminal said before the run.
    pub warnings: Vec<(String, String)>,
}

impl Provenance {
    /// The provenance of a scenario read from `path` with text `source`.
    pub fn new(path: &std::path::Path, source: &str) -> Provenance {
        use sha2::{Digest, Sha256};
        Provenance {
            file: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            sha256: format!("{:x}", Sha256::digest(source.as_bytes())),
            warnings: Vec::new(),
        }
    }

    /// The same, with the scenario's warnings.
    pub fn with_warnings<'a>(
        mut self,
        warnings: impl IntoIterator<Item = &'a crate::scenario::Problem>,
    ) -> Provenance {
        self.warnings = warnings
            .into_iter()
            .map(|w| (w.what(), w.fix.clone()))
            .collect();
        self
    }
}

/// The `summary.json` value: provenance, the run's settings, and per split every metric's summary and paired difference.
pub fn summary(
    s: &Scenario,
    r: &RunResult,
    precision: Option<&Outcome>,
    prov: &Provenance,
) -> Value {
    let splits: Vec<Value> = r
        .splits
        .iter()
        .map(|sp| {
            let mut metrics = Map::new();
            let mut deltas = Map::new();
            for (m, def) in Metric::ALL.iter().map(|&m| (m, m.def())) {
                metrics.insert(
                    def.name.to_string(),
                    serde_json::to_value(&sp.metrics[m]).unwrap_or(Value::Null),
                );
                deltas.insert(
                    def.name.to_string(),
                    serde_json::to_value(&sp.deltas[m]).unwrap_or(Value::Null),
                );
            }
            let band = sp
                .delta_cumulative
                .as_ref()
                .map(|b| json!({ "p10": b.p10, "p50": b.p50, "p90": b.p90 }));
            json!({
                "name": sp.name,
                "baseline": sp.baseline,
                "current": sp.current,
                "metrics": metrics,
                "delta_vs_baseline": deltas,
                "p_payback": sp.p_payback,
                "delta_cumulative": band,
            })
        })
        .collect();
    let mut v = json!({
        "scenario": s.name,
        "scenario_file": prov.file,
        "scenario_sha256": prov.sha256,
        "keysplit_version": env!("CARGO_PKG_VERSION"),
        "trials": r.trials,
        "seed": r.seed,
        "horizon_months": r.horizon_months,
        "accounts": s.accounts(),
        "transition_start": s.start.name(),
        "decision_metric": r.decision.metric.name(),
        "splits": splits,
    });
    if let Value::Object(map) = &mut v {
        if let Some((asked, why)) = &r.decision.fallback {
            map.insert(
                "decision_metric_fallback".into(),
                json!({ "requested": asked.name(), "reason": why }),
            );
        }
        if s.sampling != crate::scenario::Sampling::Random {
            map.insert("sampling".into(), json!(s.sampling.name()));
        }
        if !prov.warnings.is_empty() {
            let list: Vec<Value> = prov
                .warnings
                .iter()
                .map(|(what, fix)| json!({ "warning": what, "fix": fix }))
                .collect();
            map.insert("warnings".into(), Value::Array(list));
        }
        if let Some(b) = &s.book {
            map.insert(
                "book".into(),
                json!({
                    "file": b.file,
                    "sha256": b.data.sha256,
                    "accounts": b.data.accounts.len(),
                }),
            );
        }
        if !r.correlations.is_empty() {
            let list: Vec<Value> = r
                .correlations
                .iter()
                .map(|c| {
                    json!({
                        "a": c.a,
                        "b": c.b,
                        "requested": c.requested,
                        "achieved": c.achieved,
                    })
                })
                .collect();
            map.insert("correlations".into(), Value::Array(list));
        }
    }
    if let (Some(o), Value::Object(map)) = (precision, &mut v) {
        map.insert(
            "precision".into(),
            json!({
                "metric": o.target.metric.def().name,
                "half_width": o.target.half_width,
                "trials": o.trials,
                "met": o.met,
                "widest_half_width": o.worst_half_width,
            }),
        );
    }
    v
}

/// The JSON text, pretty-printed with a final newline.
pub fn to_string(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

//! Shards and merge (docs/scale.md): the parts of a command run with
//! `--shard K/N`, merged, write the very bytes the command writes on one
//! machine; parts that do not belong together are refused, naming why and
//! which, and nothing is written.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

const TUTORIAL: &str = "scenarios/tutorial.toml";
/// A sweep of the tutorial's inside salary, before its values.
const SALARY_SWEEP: [&str; 6] = [
    "sweep",
    TUTORIAL,
    "--split",
    "Maintenance inside",
    "--param",
    "roles.inside.base_salary",
];

fn keysplit() -> Command {
    let mut c = Command::cargo_bin("keysplit").unwrap();
    // The schedulers' variables of the machine running the tests must not
    // reach --shard auto.
    for v in [
        "JOB_COMPLETION_INDEX",
        "KEYSPLIT_SHARD_COUNT",
        "SLURM_ARRAY_TASK_ID",
        "SLURM_ARRAY_TASK_COUNT",
        "SLURM_ARRAY_TASK_MIN",
    ] {
        c.env_remove(v);
    }
    c
}

/// Runs `keysplit ARGS... EXTRA...` and asserts it succeeded.
fn ok(args: &[&str], extra: &[&str]) {
    let o = keysplit()
        .args(args)
        .args(extra)
        .arg("-q")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{args:?} {extra:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Runs `keysplit ARGS...` and asserts it failed with exit code 2.
fn refused(args: &[&str]) -> String {
    let o: Output = keysplit().args(args).output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every file under `dir`, by its path relative to it, with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, d: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Asserts that two output folders hold the same files with the same bytes.
fn same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    assert_eq!(
        ta.keys().collect::<Vec<_>>(),
        tb.keys().collect::<Vec<_>>(),
        "{} and {} hold different files",
        a.display(),
        b.display()
    );
    for (name, bytes) in &ta {
        assert!(
            *bytes == tb[name],
            "{} differs between {} and {}",
            name.display(),
            a.display(),
            b.display()
        );
    }
}

/// Runs `args` on one machine and as `n` shards (on 2 threads, the whole
/// run on 1), merges the shards given in reverse order, and asserts the
/// merged folder is the single machine's, byte for byte.
fn shards_match(tmp: &Path, args: &[&str], counts: &[u64]) {
    let full = tmp.join("full");
    ok(args, &["--threads", "1", "--out", s(&full)]);
    assert!(tree(&full).len() >= 3);
    for &n in counts {
        let parts: Vec<PathBuf> = (1..=n)
            .map(|k| {
                let p = tmp.join(format!("part-{k}-of-{n}"));
                let shard = format!("{k}/{n}");
                ok(args, &["--shard", &shard, "--threads", "2", "--out", s(&p)]);
                p
            })
            .collect();
        let merged = tmp.join(format!("merged-{n}"));
        let mut merge = vec!["merge"];
        merge.extend(parts.iter().rev().map(|p| s(p)));
        ok(&merge, &["--out", s(&merged)]);
        same_tree(&full, &merged);
    }
}

#[test]
fn run_merged_from_1_3_and_7_shards_is_the_single_machine_run() {
    let tmp = tempfile::tempdir().unwrap();
    // Charts, both reports, the workbook and the per-trial table included.
    let args = [
        "run",
        TUTORIAL,
        "--trials",
        "30",
        "--seed",
        "11",
        "--per-trial",
        "parquet",
    ];
    shards_match(tmp.path(), &args, &[1, 3, 7]);
    let full = tree(&tmp.path().join("full"));
    for f in ["summary.json", "summary.csv", "summary.xlsx", "report.html"] {
        assert!(full.contains_key(Path::new(f)), "{f}");
    }
}

#[test]
fn sweep_merged_from_1_3_and_7_shards_is_the_single_machine_sweep() {
    let tmp = tempfile::tempdir().unwrap();
    let args = [
        &SALARY_SWEEP[..],
        &[
            "--values",
            "50000,70000",
            "--trials",
            "21",
            "--per-trial",
            "csv",
        ],
    ]
    .concat();
    shards_match(tmp.path(), &args, &[1, 3, 7]);
}

#[test]
fn size_merged_from_1_3_and_7_shards_is_the_single_machine_sizing() {
    let tmp = tempfile::tempdir().unwrap();
    let args = [
        "size",
        TUTORIAL,
        "--split",
        "Maintenance inside",
        "--outside",
        "2..3",
        "--inside",
        "0..1",
        "--trials",
        "21",
    ];
    shards_match(tmp.path(), &args, &[1, 3, 7]);
}

/// Latin hypercube designs with rank correlations (Iman-Conover) are built
/// in blocks of 500 trials: shards whose edges fall inside a block (1100 / 7
/// = 157.1 trials each) build the whole block and take their rows; the
/// monthly rows of the first 1000 trials cross shards too, and the achieved
/// correlation is over every trial.
#[test]
fn latin_hypercube_shards_off_the_blocks_of_500_merge_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    let churn = "annual_churn = { outside = 0.08, inside = 0.09 }";
    let mut text = std::fs::read_to_string(TUTORIAL).unwrap().replacen(
        "[simulation]",
        "[simulation]\nsampling = \"lhs\"",
        1,
    );
    assert!(text.contains(churn));
    text = text.replacen(
        churn,
        "annual_churn = { outside = 0.08, inside = { dist = \"pert\", min = 0.05, mode = 0.09, max = 0.15 } }",
        1,
    );
    text.push_str("\n[[correlations]]\na = \"motions.complex.win_rate.outside\"\n");
    text.push_str("b = \"motions.maintenance.annual_churn.inside\"\nrank = 0.6\n");
    let path = tmp.path().join("lhs.toml");
    std::fs::write(&path, text).unwrap();
    let args = ["run", s(&path), "--trials", "1100", "--no-charts"];
    shards_match(tmp.path(), &args, &[7]);
    let json = std::fs::read_to_string(tmp.path().join("full/summary.json")).unwrap();
    assert!(json.contains("\"achieved\""), "the correlation is reported");
}

#[test]
fn a_scenario_with_an_account_book_merges_from_its_parts_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir_all(dir.join("books")).unwrap();
    // The book in a folder of its own, as the scenario names it.
    let text = std::fs::read_to_string("scenarios/book.toml")
        .unwrap()
        .replace("\"book_accounts.csv\"", "\"books/book_accounts.csv\"");
    assert!(text.contains("books/book_accounts.csv"));
    std::fs::write(dir.join("book.toml"), text).unwrap();
    std::fs::copy(
        "scenarios/book_accounts.csv",
        dir.join("books/book_accounts.csv"),
    )
    .unwrap();
    let scenario = dir.join("book.toml");
    let args = ["run", s(&scenario), "--trials", "12", "--no-charts"];
    let full = tmp.path().join("full");
    ok(&args, &["--out", s(&full)]);
    let parts: Vec<PathBuf> = (1..=3)
        .map(|k| {
            let p = tmp.path().join(format!("p{k}"));
            ok(&args, &["--shard", &format!("{k}/3"), "--out", s(&p)]);
            p
        })
        .collect();
    // The merge reads the book from the parts, not from its folder.
    std::fs::remove_dir_all(&dir).unwrap();
    let merged = tmp.path().join("merged");
    ok(
        &["merge", s(&parts[1]), s(&parts[2]), s(&parts[0])],
        &["--out", s(&merged)],
    );
    same_tree(&full, &merged);
    let json = std::fs::read_to_string(merged.join("summary.json")).unwrap();
    assert!(
        json.contains("books/book_accounts.csv"),
        "the book as written"
    );
}

/// The shards of a Kubernetes Indexed Job and of a Slurm array (from 1) run
/// as parallel processes with the variables those schedulers set.
#[test]
fn shard_auto_runs_under_kubernetes_and_slurm_variables() {
    let tmp = tempfile::tempdir().unwrap();
    let args = ["run", TUTORIAL, "--trials", "24", "--no-charts"];
    let full = tmp.path().join("full");
    ok(&args, &["--out", s(&full)]);
    type Env = Vec<(&'static str, String)>;
    type Scheduler = (&'static str, Box<dyn Fn(u64) -> Env>);
    let schedulers: [Scheduler; 2] = [
        (
            "k8s",
            Box::new(|i| {
                vec![
                    ("JOB_COMPLETION_INDEX", i.to_string()),
                    ("KEYSPLIT_SHARD_COUNT", "3".into()),
                ]
            }),
        ),
        (
            "slurm",
            Box::new(|i| {
                vec![
                    ("SLURM_ARRAY_TASK_ID", (i + 1).to_string()),
                    ("SLURM_ARRAY_TASK_MIN", "1".into()),
                    ("SLURM_ARRAY_TASK_COUNT", "3".into()),
                ]
            }),
        ),
    ];
    for (name, env) in &schedulers {
        let out = tmp.path().join(name);
        let children: Vec<_> = (0..3)
            .map(|i| {
                let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("keysplit"));
                for v in [
                    "JOB_COMPLETION_INDEX",
                    "KEYSPLIT_SHARD_COUNT",
                    "SLURM_ARRAY_TASK_ID",
                ] {
                    c.env_remove(v);
                }
                c.args(args)
                    .args(["-q", "--threads", "1", "--shard", "auto", "--out"])
                    .arg(out.join(format!("part-{i}")))
                    .envs(env(i))
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut c in children {
            assert!(c.wait().unwrap().success(), "{name}");
        }
        let merged = tmp.path().join(format!("{name}-merged"));
        let parts: Vec<String> = (0..3)
            .map(|i| s(&out.join(format!("part-{i}"))).to_string())
            .collect();
        let mut m = vec!["merge"];
        m.extend(parts.iter().map(String::as_str));
        ok(&m, &["--out", s(&merged)]);
        same_tree(&full, &merged);
    }
}

/// Three parts of one sharded run, and variants of it.
struct Parts {
    tmp: tempfile::TempDir,
    scenario: PathBuf,
}

impl Parts {
    fn new() -> Parts {
        let tmp = tempfile::tempdir().unwrap();
        let scenario = tmp.path().join("tutorial.toml");
        std::fs::copy(TUTORIAL, &scenario).unwrap();
        Parts { tmp, scenario }
    }

    /// Shard `k` of `n` of the run with `extra` flags, into `name`.
    fn part(&self, name: &str, k: u64, n: u64, extra: &[&str]) -> String {
        let out = self.tmp.path().join(name);
        let shard = format!("{k}/{n}");
        let mut args = vec!["run", s(&self.scenario), "--trials", "30", "--no-charts"];
        args.extend(extra);
        ok(&args, &["--shard", &shard, "--out", s(&out)]);
        s(&out).to_string()
    }

    fn out(&self) -> PathBuf {
        self.tmp.path().join("merged")
    }

    /// Merging `parts` is refused, nothing is written, and the message says `why`.
    fn refused(&self, parts: &[&str], why: &[&str]) {
        let mut args = vec!["merge"];
        args.extend(parts);
        let out = self.out();
        args.extend(["--out", s(&out)]);
        let err = refused(&args);
        for w in why {
            assert!(err.contains(w), "{w:?} not in:\n{err}");
        }
        assert!(!out.exists(), "nothing is written");
    }
}

#[test]
fn parts_that_do_not_belong_together_are_refused_naming_them() {
    let p = Parts::new();
    let a1 = p.part("a1", 1, 3, &[]);
    let a2 = p.part("a2", 2, 3, &[]);
    let a3 = p.part("a3", 3, 3, &[]);
    // A different seed, different options.
    let seed = p.part("seed", 2, 3, &["--seed", "99"]);
    p.refused(&[&a1, &seed, &a3], &["differ in seed", "seed"]);
    let opts = p.part("opts", 2, 3, &["--per-trial", "csv"]);
    p.refused(
        &[&a1, &opts, &a3],
        &["differ in command-line options: --per-trial (not given) against --per-trial csv;"],
    );
    // Said as the flags a user writes, never as the parser's own words, and
    // a seed that differs is not said twice (as an option too).
    for (part, once) in [(&seed, "differ in seed"), (&opts, "differ in command-line")] {
        let out = p.out();
        let err = refused(&["merge", a1.as_str(), part.as_str(), "--out", s(&out)]);
        assert!(!err.contains("Args {"), "{err}");
        assert_eq!(err.matches("differ in").count(), 1, "{err}");
        assert!(err.contains(once), "{err}");
    }
    // A missing range, a doubled range, named with the parts around them.
    p.refused(&[&a3, &a1], &["trials 10..20 are missing", "a1", "a3"]);
    p.refused(&[&a1, &a2], &["trials 20..30 are missing (after"]);
    let copy = p.tmp.path().join("a2-again");
    std::fs::create_dir(&copy).unwrap();
    for (name, bytes) in tree(Path::new(&a2)) {
        let f = copy.join(name);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, bytes).unwrap();
    }
    p.refused(
        &[&a1, &a2, s(&copy), &a3],
        &["trials 10..20 are in more than one part", "a2-again"],
    );
    // Another command over the same scenario.
    let sized = p.tmp.path().join("sized");
    ok(
        &[
            "size",
            s(&p.scenario),
            "--split",
            "Maintenance inside",
            "--outside",
            "3",
            "--inside",
            "1",
        ],
        &[
            "--trials",
            "30",
            "--no-charts",
            "--shard",
            "2/3",
            "--out",
            s(&sized),
        ],
    );
    p.refused(
        &[&a1, s(&sized), &a3],
        &["differ in command: \"run\" against \"size\""],
    );
    // Another shard count covers the same trials differently.
    let other = p.part("halves", 2, 2, &[]);
    p.refused(&[&a1, &a2, &other], &["differ in number of shards"]);
    // A full output folder is not a part.
    let full = p.tmp.path().join("full");
    ok(
        &["run", s(&p.scenario), "--trials", "30", "--no-charts"],
        &["--out", s(&full)],
    );
    p.refused(
        &[&a1, &a2, &a3, s(&full)],
        &["full output folder of `keysplit run`"],
    );
    // Another version of keysplit.
    let v = p.part("version", 2, 3, &[]);
    let m = Path::new(&v).join("keysplit-part.json");
    let text = std::fs::read_to_string(&m).unwrap();
    let version = format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(text.contains(&version));
    std::fs::write(&m, text.replace(&version, "\"version\": \"0.0.1\"")).unwrap();
    p.refused(&[&a1, &v, &a3], &["differ in keysplit version"]);
    // Another scenario: one byte more.
    let mut text = std::fs::read_to_string(&p.scenario).unwrap();
    text.push('\n');
    std::fs::write(&p.scenario, text).unwrap();
    let edited = p.part("edited", 2, 3, &[]);
    p.refused(
        &[&a1, &edited, &a3],
        &["differ in scenario bytes (SHA-256)"],
    );
    // Damaged data.
    let d = p.tmp.path().join("a2").join("trials.f64");
    let mut bytes = std::fs::read(&d).unwrap();
    bytes.pop();
    std::fs::write(&d, bytes).unwrap();
    p.refused(&[&a1, &a2, &a3], &["trials.f64", "damaged"]);
}

#[test]
fn shards_that_cannot_be_exact_are_refused_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = s(&out);
    let run = |extra: &[&str]| {
        let mut a = vec!["run", TUTORIAL, "--trials", "5", "--out", o];
        a.extend(extra);
        let e = refused(&a);
        assert!(!out.exists(), "{extra:?}: nothing is written");
        e
    };
    assert!(run(&["--shard", "0/3"]).contains("K counts from 1"));
    assert!(run(&["--shard", "4/3"]).contains("--shard 4/3: K counts from 1"));
    assert!(run(&["--shard", "1/0"]).contains("at least 1"));
    assert!(run(&["--shard", "two/3"]).contains("write K/N"));
    assert!(run(&["--shard", "1/6"]).contains("use at most 5 shards"));
    assert!(run(&["--shard", "1/2", "--precision", "ltv:1000"]).contains("--precision"));
    assert!(run(&["--shard", "auto"]).contains("neither JOB_COMPLETION_INDEX"));
    let e = refused(&[
        "size",
        TUTORIAL,
        "--split",
        "Maintenance inside",
        "--outside",
        "1..40",
        "--inside",
        "0..40",
        "--trials",
        "5",
        "--shard",
        "1/2",
        "--out",
        o,
    ]);
    assert!(e.contains("coarse then fine"), "{e}");
    assert!(!out.exists());
    let e = refused(&["merge", s(tmp.path()), "--out", o]);
    assert!(e.contains("not a partial folder"), "{e}");
    // The merge does not write over one of its parts.
    let part = tmp.path().join("part");
    ok(
        &["run", TUTORIAL, "--trials", "5", "--no-charts"],
        &["--shard", "1/1", "--out", s(&part)],
    );
    let e = refused(&["merge", s(&part), "--out", s(&part)]);
    assert!(e.contains("is one of the parts"), "{e}");
    assert!(part.join("keysplit-part.json").exists());
    // A book named by an absolute path could not be laid out again.
    let csv = std::fs::canonicalize("scenarios/book_accounts.csv").unwrap();
    let text = std::fs::read_to_string("scenarios/book.toml")
        .unwrap()
        .replace("\"book_accounts.csv\"", &format!("{:?}", s(&csv)));
    let scenario = tmp.path().join("absolute.toml");
    std::fs::write(&scenario, text).unwrap();
    let e = refused(&[
        "run",
        s(&scenario),
        "--trials",
        "5",
        "--shard",
        "1/2",
        "--out",
        o,
    ]);
    assert!(
        e.contains("not a path relative to the scenario file"),
        "{e}"
    );
    assert!(!out.exists());
}

/// The tutorial with four uncertain inputs (so that the flip runs, made for
/// the top two by swing, are chosen among them), written into `dir`; with
/// `lhs`, sampled by Latin hypercube.
fn four_inputs(dir: &Path, lhs: bool) -> PathBuf {
    let mut text = std::fs::read_to_string(TUTORIAL).unwrap();
    for (from, to) in [
        (
            "hours_per_touch = { outside = 1.0, inside = 0.75 }",
            "hours_per_touch = { outside = 1.0, inside = { dist = \"uniform\", min = 0.5, max = 1.5 } }",
        ),
        (
            "annual_churn = { outside = 0.08, inside = 0.09 }",
            "annual_churn = { outside = 0.08, inside = { dist = \"uniform\", min = 0.05, max = 0.2 } }",
        ),
        (
            "win_rate = { outside = 0.65, inside = 0.60 }",
            "win_rate = { outside = 0.65, inside = { dist = \"uniform\", min = 0.4, max = 0.8 } }",
        ),
    ] {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    if lhs {
        text = text.replace("[simulation]\n", "[simulation]\nsampling = \"lhs\"\n");
    }
    let file = dir.join(if lhs { "lhs.toml" } else { "four.toml" });
    std::fs::write(&file, text).unwrap();
    file
}

/// `keysplit sensitivity SCENARIO --split "Maintenance inside" EXTRA...`.
fn sensitivity<'a>(scenario: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["sensitivity", s(scenario), "--split", "Maintenance inside"];
    args.extend(extra);
    args
}

/// The inputs of a sensitivity.json: (path, number of flip-run points).
fn responses(dir: &Path) -> Vec<(String, usize)> {
    let text = std::fs::read_to_string(dir.join("sensitivity.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let n = i["response"].as_array().map_or(0, Vec::len);
            (i["path"].as_str().unwrap().to_string(), n)
        })
        .collect()
}

#[test]
fn sensitivity_merged_from_1_3_and_7_shards_is_the_single_machine_run() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = four_inputs(tmp.path(), false);
    // 5 Saltelli rows in 7 shards: some shards hold none of the A rows.
    let args = sensitivity(
        &scenario,
        &["--trials", "20", "--seed", "5", "--sobol-samples", "5"],
    );
    shards_match(tmp.path(), &args, &[1, 3, 7]);
    // The merge made the flip runs (the shards did not): the top two inputs
    // by swing have their five held points, so the comparison above covers
    // the runs the merge simulated itself.
    let r = responses(&tmp.path().join("merged-7"));
    assert_eq!(r.len(), 4, "{r:?}");
    assert_eq!(r.iter().map(|x| x.1).collect::<Vec<_>>(), [5, 5, 0, 0]);
    let charts = tree(&tmp.path().join("full").join("charts"));
    assert!(
        charts
            .keys()
            .any(|k| k.to_string_lossy().starts_with("sobol"))
    );
}

#[test]
fn sensitivity_without_sobol_and_with_latin_hypercube_merges_exactly() {
    for (lhs, extra) in [(false, "--no-sobol"), (true, "--sobol-samples=6")] {
        let tmp = tempfile::tempdir().unwrap();
        let scenario = four_inputs(tmp.path(), lhs);
        let args = sensitivity(&scenario, &["--trials", "24", extra]);
        shards_match(tmp.path(), &args, &[3]);
        assert_eq!(responses(&tmp.path().join("merged-3")).len(), 4);
    }
}

#[test]
fn sensitivity_parts_that_do_not_belong_together_are_refused() {
    let p = Parts::new();
    let scenario = four_inputs(p.tmp.path(), false);
    let part = |name: &str, k: u64, n: u64, metric: &str| {
        let out = p.tmp.path().join(name);
        let shard = format!("{k}/{n}");
        let extra = ["--metric", metric, "--trials", "12", "--sobol-samples", "4"];
        ok(
            &sensitivity(&scenario, &extra),
            &["--no-charts", "--shard", &shard, "--out", s(&out)],
        );
        s(&out).to_string()
    };
    let a1 = part("s1", 1, 3, "ltv");
    let a2 = part("s2", 2, 3, "ltv");
    let a3 = part("s3", 3, 3, "ltv");
    // A missing part: the merge does not simulate it in its place.
    p.refused(&[&a1, &a3], &["trials 4..8 are missing", "s1", "s3"]);
    p.refused(&[&a2, &a3], &["trials 0..4 are missing"]);
    // A doubled range.
    let again = part("s2-again", 2, 3, "ltv");
    p.refused(
        &[&a1, &a2, &again, &a3],
        &["trials 4..8 are in more than one part", "s2-again"],
    );
    // A part of another sensitivity (another metric: another command line).
    let other = part("other", 2, 3, "cost-of-sales");
    p.refused(&[&a1, &other, &a3], &["differ in command-line options"]);
    // A part of `run` over the same trials.
    let run = p.part("r2", 2, 3, &[]);
    p.refused(
        &[&a1, &run, &a3],
        &["differ in command: \"sensitivity\" against \"run\""],
    );
    // The three together merge.
    ok(&["merge", &a3, &a1, &a2], &["--out", s(&p.out())]);
    assert!(p.out().join("sensitivity.json").exists());
}

#[test]
fn sensitivity_shard_auto_reads_the_schedulers_index() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = four_inputs(tmp.path(), false);
    let args = sensitivity(
        &scenario,
        &["--trials", "9", "--sobol-samples", "3", "--no-charts"],
    );
    let full = tmp.path().join("full");
    ok(&args, &["--out", s(&full)]);
    let mut merge = vec!["merge".to_string()];
    for i in 0..3 {
        let part = tmp.path().join(format!("part-{i}"));
        let o = keysplit()
            .args(&args)
            .args(["-q", "--shard", "auto", "--out", s(&part)])
            .env("JOB_COMPLETION_INDEX", i.to_string())
            .env("KEYSPLIT_SHARD_COUNT", "3")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        merge.push(s(&part).to_string());
    }
    let merged = tmp.path().join("merged");
    let m: Vec<&str> = merge.iter().map(String::as_str).collect();
    ok(&m, &["--out", s(&merged)]);
    same_tree(&full, &merged);
}

/// Parts of sweeps over different values are refused, although the lists
/// share their first value and are written with commas: the merge must not
/// mix two sweeps' trials into one point.
#[test]
fn sweeps_over_different_values_are_not_merged() {
    let tmp = tempfile::tempdir().unwrap();
    let part = |k: &str, values: &str| {
        let out = tmp.path().join(format!("part-{k}"));
        let shard = format!("{k}/2");
        ok(
            &[
                &SALARY_SWEEP[..],
                &[
                    "--values",
                    values,
                    "--trials",
                    "6",
                    "--no-charts",
                    "--shard",
                    &shard,
                ],
            ]
            .concat(),
            &["--out", s(&out)],
        );
        out
    };
    let (a, b) = (part("1", "50000,60000"), part("2", "50000,70000"));
    let out = tmp.path().join("merged");
    let err = refused(&["merge", s(&a), s(&b), "--out", s(&out)]);
    assert!(
        err.contains("--values \"50000,60000\" against --values \"50000,70000\""),
        "{err}"
    );
    assert!(!out.exists());
}

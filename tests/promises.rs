//! What keysplit promises (README, "What keysplit promises"), one test per
//! promise: it never deletes a folder it did not write, it never leaves a
//! half-written output (not after a failure, not after an interrupt, not
//! after a kill), and its exit codes are 0 (done), 1 (the tool or the
//! machine failed) and 2 (the input is at fault).

use assert_cmd::cargo::cargo_bin_cmd;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn tutorial() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial.toml")
}

fn key_accounts() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/key_accounts.toml")
}

/// Runs keysplit in `cwd`: (exit code, stderr).
fn keysplit(cwd: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = cargo_bin_cmd!("keysplit")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("keysplit runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A quick run of `scenario` into `out` (5 trials, no charts) in `cwd`,
/// which must succeed.
fn quick_run(cwd: &Path, scenario: &Path, out: &str) {
    let s = scenario.to_str().unwrap();
    let (code, stderr) = keysplit(
        cwd,
        &[
            "run",
            s,
            "--out",
            out,
            "--trials",
            "5",
            "--no-charts",
            "--quiet",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
}

/// The names in a folder, hidden ones included, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A process id that is no longer running: a child that has exited.
fn dead_pid() -> u32 {
    let mut c = Command::new("true").spawn().expect("`true` runs");
    let pid = c.id();
    c.wait().unwrap();
    pid
}

/// Every command, run on the tutorial with `extra` arguments.
fn every_command(scenario: &str) -> Vec<Vec<String>> {
    let s = scenario.to_string();
    let split = "Maintenance inside".to_string();
    let v = |a: &[&str]| -> Vec<String> { a.iter().map(|x| x.to_string()).collect() };
    vec![
        [v(&["run"]), vec![s.clone()]].concat(),
        [
            v(&["sweep"]),
            vec![s.clone(), "--split".into(), split.clone()],
            v(&[
                "--param",
                "roles.inside.base_salary",
                "--values",
                "50000,60000",
            ]),
        ]
        .concat(),
        [
            v(&["size"]),
            vec![s.clone(), "--split".into(), split.clone()],
            v(&["--outside", "2..3", "--inside", "1"]),
        ]
        .concat(),
        [
            v(&["sensitivity"]),
            vec![s, "--split".into(), split],
            v(&["--no-sobol"]),
        ]
        .concat(),
    ]
}

#[test]
fn a_folder_keysplit_did_not_write_is_refused_by_every_command_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    let mine = tmp.path().join("mine");
    fs::create_dir(&mine).unwrap();
    fs::write(mine.join("thesis.docx"), "years of work").unwrap();
    let t = tutorial();
    for args in every_command(t.to_str().unwrap()) {
        let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
        // Trials that no memory holds: had the folder been checked after the
        // work, the refusal would be about memory.
        all.extend(["--out", "mine", "--trials", "100000000000", "--quiet"]);
        let (code, stderr) = keysplit(tmp.path(), &all);
        assert_eq!(code, Some(2), "{}: {stderr}", args[0]);
        assert!(
            stderr.contains("keysplit did not write it") && stderr.contains("fix:"),
            "{}: {stderr}",
            args[0]
        );
        assert!(
            !stderr.contains("GiB"),
            "{}: checked too late: {stderr}",
            args[0]
        );
        assert_eq!(names(&mine), ["thesis.docx"], "{}", args[0]);
        assert_eq!(
            fs::read_to_string(mine.join("thesis.docx")).unwrap(),
            "years of work"
        );
        assert_eq!(names(tmp.path()), ["mine"], "{}", args[0]);
    }
}

#[test]
fn the_current_folder_a_file_or_an_unwritable_place_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tmp.path().join("s.toml");
    fs::copy(tutorial(), &scenario).unwrap();
    fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let sub = tmp.path().join("sub");
    fs::create_dir(&sub).unwrap();
    let cases: [(&Path, &str, &str); 5] = [
        (tmp.path(), ".", "does not name a folder of its own"),
        (&sub, "..", "does not name a folder of its own"),
        (&sub, "../sub", "is the current folder or holds it"),
        (tmp.path(), "notes.txt", "is a file, not a folder"),
        (tmp.path(), "notes.txt/results", "is a file, so no folder"),
    ];
    for (cwd, out, says) in cases {
        let s = scenario.to_str().unwrap();
        let (code, stderr) = keysplit(cwd, &["run", s, "--out", out, "--trials", "5", "--quiet"]);
        assert_eq!(code, Some(2), "--out {out}: {stderr}");
        assert!(stderr.contains(says), "--out {out}: {stderr}");
        assert_eq!(
            names(tmp.path()),
            ["notes.txt", "s.toml", "sub"],
            "--out {out}"
        );
        assert!(names(&sub).is_empty(), "--out {out}");
        assert_eq!(
            fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
            "mine"
        );
    }
}

#[test]
fn a_symlink_is_written_through_and_stays_a_link() {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("real");
    fs::create_dir(&real).unwrap();
    std::os::unix::fs::symlink("real", tmp.path().join("link")).unwrap();
    let t = tutorial();
    for _ in 0..2 {
        let (code, stderr) = keysplit(
            tmp.path(),
            &[
                "run",
                t.to_str().unwrap(),
                "--out",
                "link",
                "--trials",
                "5",
                "--no-charts",
                "--quiet",
            ],
        );
        assert_eq!(code, Some(0), "{stderr}");
        let link = fs::symlink_metadata(tmp.path().join("link")).unwrap();
        assert!(link.file_type().is_symlink());
        assert_eq!(
            names(&real),
            [
                keysplit::output::MARKER,
                "summary.csv",
                "summary.json",
                "summary.xlsx"
            ]
        );
        assert_eq!(names(tmp.path()), ["link", "real"]);
    }
}

#[test]
fn a_stale_temporary_folder_of_a_dead_run_is_cleaned_and_no_other() {
    let tmp = tempfile::tempdir().unwrap();
    let dead = dead_pid();
    let stale = tmp.path().join(format!(".o.tmp-{dead}"));
    fs::create_dir_all(stale.join("charts")).unwrap();
    fs::write(
        stale.join(keysplit::output::MARKER),
        r#"{"written_by": "keysplit"}"#,
    )
    .unwrap();
    fs::write(stale.join("summary.js"), "half a fi").unwrap();
    // Not ours (no marker), and one of a running process (this test's).
    let foreign = tmp.path().join(format!(".o.tmp-{}", dead_pid()));
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("keep.txt"), "not keysplit's").unwrap();
    let running = tmp.path().join(format!(".o.tmp-{}", std::process::id()));
    fs::create_dir(&running).unwrap();
    fs::write(
        running.join(keysplit::output::MARKER),
        r#"{"written_by": "keysplit"}"#,
    )
    .unwrap();
    quick_run(tmp.path(), &tutorial(), "o");
    assert!(!stale.exists(), "the dead run's folder is still there");
    assert!(foreign.join("keep.txt").exists());
    assert!(running.exists());
    assert!(tmp.path().join("o").join("summary.json").is_file());
}

#[test]
fn an_old_folder_left_between_two_renames_is_put_back() {
    // The fallback without an atomic exchange renames the old folder away
    // and the new one in; a kill between the two leaves no output folder.
    let tmp = tempfile::tempdir().unwrap();
    let old = tmp.path().join(format!(".o.old-{}", dead_pid()));
    fs::create_dir(&old).unwrap();
    fs::write(
        old.join(keysplit::output::MARKER),
        r#"{"written_by": "keysplit"}"#,
    )
    .unwrap();
    fs::write(old.join("summary.json"), "the earlier results").unwrap();
    let out = tmp.path().join("o");
    keysplit::output::OutputFolder::check(&out).expect("may be written");
    assert_eq!(
        fs::read_to_string(out.join("summary.json")).unwrap(),
        "the earlier results"
    );
    assert_eq!(names(tmp.path()), ["o"]);
}

#[test]
fn an_interrupt_while_simulating_writes_nothing_and_keeps_the_earlier_results() {
    let tmp = tempfile::tempdir().unwrap();
    let ka = key_accounts();
    quick_run(tmp.path(), &ka, "o");
    let ka = ka.to_str().unwrap();
    let before = fs::read(tmp.path().join("o/summary.json")).unwrap();
    for (signal, code) in [("TERM", 143), ("INT", 130)] {
        // A run of minutes, interrupted once its threads are at work.
        let child = Command::new(env!("CARGO_BIN_EXE_keysplit"))
            .args(["run", ka, "--out", "o", "--trials", "5000000", "--quiet"])
            .current_dir(tmp.path())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(700));
        let killed = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let started = Instant::now();
        let out = child.wait_with_output().unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "it did not stop"
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "SIG{signal}: {stderr}");
        assert!(
            stderr.contains("nothing was written"),
            "SIG{signal}: {stderr}"
        );
        assert_eq!(names(tmp.path()), ["o"], "SIG{signal}");
        assert_eq!(fs::read(tmp.path().join("o/summary.json")).unwrap(), before);
    }
}

#[test]
fn exit_codes_are_0_done_1_failed_2_input_at_fault() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tutorial();
    // 0: done.
    quick_run(tmp.path(), &t, "ok");
    let t = t.to_str().unwrap();
    // 2: the input is at fault (a file, a flag, an output folder, memory).
    fs::write(tmp.path().join("bad.toml"), "name = 1\n").unwrap();
    let twos: [&[&str]; 4] = [
        &["validate", "bad.toml"],
        &["run", t, "--out", "x", "--split-typo"],
        &["run", t, "--out", "bad.toml"],
        &["run", t, "--out", "x", "--trials", "100000000000"],
    ];
    for args in twos {
        let (code, stderr) = keysplit(tmp.path(), args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    // 1: the machine failed: a file-size limit makes every write past 1 KiB
    // fail (SIGXFSZ ignored, so the write returns EFBIG), as a full disk would.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 1 && exec '{}' run '{t}' --out full --trials 5 --no-charts --quiet",
            env!("CARGO_BIN_EXE_keysplit")
        ))
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    // ... and left nothing half-written.
    assert_eq!(names(tmp.path()), ["bad.toml", "ok"]);
}

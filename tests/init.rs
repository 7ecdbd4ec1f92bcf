//! `keysplit init`: a starter scenario that validates and runs as written,
//! every assumption marked "check this", never written over a file.

use assert_cmd::Command;

fn keysplit(dir: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("keysplit").unwrap();
    c.current_dir(dir);
    c
}

#[test]
fn the_starter_validates_and_runs_as_written() {
    let tmp = tempfile::tempdir().unwrap();
    let o = keysplit(tmp.path())
        .args(["init", "north_region"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let file = tmp.path().join("north_region.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("name = \"north region\""));
    let o = keysplit(tmp.path())
        .args(["validate", "north_region.toml"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // No warnings: a starter that warns would teach people to ignore them.
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("north_region.toml: valid."), "{out}");
    let o = keysplit(tmp.path())
        .args(["run", "north_region.toml", "--trials", "30", "--quiet"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(tmp.path().join("output/north_region/summary.json").exists());
}

#[test]
fn every_assumption_is_marked_check_this() {
    let text = keysplit::commands::init::starter(std::path::Path::new("s.toml"));
    // Keys that are settings or structure, not assumptions about a business.
    let structural = [
        "name",
        "trials",
        "seed",
        "motion",
        "baseline",
        "current",
        "assign",
        "cross_sell",
    ];
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim();
        let Some((key, value)) = line.split_once(" = ") else {
            continue;
        };
        if line.starts_with('#') || structural.contains(&key.trim()) {
            continue;
        }
        // A product never cross-sold says why instead.
        if key.trim() == "cross_sell_size" && value.starts_with("0 ") {
            continue;
        }
        // The mark is on the line, or in the comments and lines of the
        // same block above it (up to a blank line).
        let marked = lines[..=i]
            .iter()
            .rev()
            .take_while(|l| !l.trim().is_empty())
            .any(|l| l.contains("check this"));
        assert!(
            marked,
            "line {}: {line:?} is not marked \"check this\"",
            i + 1
        );
    }
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("mine.toml");
    std::fs::write(&file, "name = \"my own work\"\n").unwrap();
    let o = keysplit(tmp.path())
        .args(["init", "mine.toml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("mine.toml already exists"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "name = \"my own work\"\n"
    );
    // No temporary file is left beside it.
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    // Without a name, scenario.toml.
    let o = keysplit(tmp.path()).arg("init").output().unwrap();
    assert!(o.status.success());
    assert!(tmp.path().join("scenario.toml").exists());
}

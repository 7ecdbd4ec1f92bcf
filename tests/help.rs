//! `--help` of every command ends with examples, the README's command lines
//! among them, and every example runs as written (with few trials).

use assert_cmd::Command;

const COMMANDS: [&str; 6] = ["run", "sweep", "size", "sensitivity", "validate", "init"];

fn keysplit() -> Command {
    Command::cargo_bin("keysplit").expect("binary")
}

/// Joins `\`-continued lines and collapses runs of spaces.
fn normalise(text: &str) -> Vec<String> {
    let joined = text.replace("\\\n", " ");
    joined
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Splits a command line as a POSIX shell would for these examples: words
/// separated by spaces, with '...' and "..." quoting.
fn words(line: &str) -> Vec<String> {
    let (mut out, mut cur, mut quote, mut any) = (Vec::new(), String::new(), None, false);
    for c in line.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, ' ') => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (_, c) => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

fn examples(cmd: &str) -> Vec<String> {
    let o = keysplit().args([cmd, "--help"]).output().unwrap();
    assert!(o.status.success());
    let help = String::from_utf8(o.stdout).unwrap();
    let at = help
        .find("\nExamples:\n")
        .unwrap_or_else(|| panic!("`keysplit {cmd} --help` has no examples"));
    normalise(&help[at..])
        .into_iter()
        .skip(1)
        .filter(|l| l.starts_with("keysplit "))
        .collect()
}

#[test]
fn every_readme_command_line_is_an_example_of_its_command() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let mut found = 0;
    for line in normalise(&readme) {
        let Some(rest) = line.strip_prefix("cargo run --release -- ") else {
            continue;
        };
        let cmd = rest.split(' ').next().unwrap();
        // The README's lines carry comments after `#`.
        let example = format!("keysplit {}", rest.split(" # ").next().unwrap().trim());
        assert!(
            examples(cmd).contains(&example),
            "`keysplit {cmd} --help` lacks the README's {example:?}"
        );
        found += 1;
    }
    assert!(found >= 7, "only {found} README command lines");
}

#[test]
fn every_example_runs() {
    let tmp = tempfile::tempdir().unwrap();
    // init's books: the example CSV where the README has it, and a
    // workbook whose accounts are on a sheet named "Accounts".
    std::fs::create_dir(tmp.path().join("scenarios")).unwrap();
    std::fs::copy(
        "scenarios/book_accounts.csv",
        tmp.path().join("scenarios/book_accounts.csv"),
    )
    .unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Accounts").unwrap();
    ws.write_row(0, 0, ["account", "Support"]).unwrap();
    ws.write_string(1, 0, "ACME").unwrap();
    ws.write_number(1, 1, 50000).unwrap();
    wb.save(tmp.path().join("accounts.xlsx")).unwrap();
    for cmd in COMMANDS {
        let list = examples(cmd);
        assert!(!list.is_empty(), "{cmd}");
        for (i, example) in list.iter().enumerate() {
            let mut args = words(example);
            assert_eq!(args[0], "keysplit");
            // init's examples write and check a new file, in a scratch folder.
            let mut c = keysplit();
            if cmd == "init" {
                let o = c.args(&args[1..]).current_dir(tmp.path()).output().unwrap();
                assert!(
                    o.status.success(),
                    "{example}: {}",
                    String::from_utf8_lossy(&o.stderr)
                );
                continue;
            }
            assert_eq!(args[1], cmd);
            // The example's own trial count and folder give way to ours.
            while let Some(k) = args.iter().position(|a| a == "--trials" || a == "--out") {
                args.drain(k..k + 2);
            }
            c.args(&args[1..]);
            if cmd != "validate" {
                // Few trials, and the folder in the scratch directory.
                c.args(["--quiet", "--trials", "3", "--out"])
                    .arg(tmp.path().join(format!("{cmd}-{i}")));
            }
            if cmd == "sensitivity" {
                c.args(["--sobol-samples", "4"]);
            }
            let o = c.output().unwrap();
            assert!(
                o.status.success(),
                "{example}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
}

/// The key path the README gives as an example of a distribution's
/// parameter to sweep exists in the example scenario: a user who copies it
/// gets a sweep, not an error.
#[test]
fn the_readme_example_of_a_swept_parameter_sweeps() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let text = normalise(&readme).join(" ");
    let after = text
        .split("parameter such as `")
        .nth(1)
        .expect("the README gives an example key path");
    let path = after.split('`').next().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let o = keysplit()
        .args(["sweep", "scenarios/key_accounts.toml", "--split"])
        .arg("Half of transactional inside")
        .args(["--param", path, "--values", "0.2,0.4", "--trials", "3"])
        .args(["--quiet", "--no-charts", "--out"])
        .arg(tmp.path().join("sweep"))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{path}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

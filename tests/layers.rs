//! The layers hold: every module of the library imports only from its own
//! layer or the layers below it (docs/architecture.md). A `crate::` path in
//! a file of `src/<layer>/` that names a higher layer fails this test, doc
//! links included (a link is a dependency of the documentation).

use std::path::{Path, PathBuf};

/// The library's layers, bottom first. `error` sits between `scenario` (an
/// invalid scenario carries its problems) and everything that runs one.
const LAYERS: [&str; 8] = [
    "core", "scenario", "error", "sim", "analysis", "output", "charts", "commands",
];

/// Files and folders of `src/` outside the layers: the facade (which may
/// use every layer) and the binary (which uses the library by its name).
const OUTSIDE: [&str; 3] = ["lib.rs", "main.rs", "cli"];

/// The level of a name that follows `crate::`: a layer, or a re-export at
/// the crate root (`crate::Error` is the error layer's; any other root name
/// is the facade's, the top).
fn level(name: &str) -> usize {
    match name {
        "Error" | "Result" => 2,
        _ => LAYERS
            .iter()
            .position(|l| *l == name)
            .unwrap_or(LAYERS.len()),
    }
}

/// The first segment of every `crate::` path in `text`, including each
/// item of a grouped import `use crate::{a, b::c}`.
fn crate_paths(text: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        // `$crate::` in macros and `foo_crate::` are other crates' paths.
        let before = rest[..i].chars().last();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            // Split the group at its top-level commas.
            let (mut depth, mut start) = (0, 0);
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.push(ident(group[start..j].trim()));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(ident(group[start..j].trim()));
                        start = j + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.push(ident(rest));
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every import of `src` that runs up the layers, as "file: path" lines,
/// and every top-level module that belongs to no layer.
fn violations(src: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut files = Vec::new();
    rust_files(src, &mut files);
    for f in files {
        let rel = f.strip_prefix(src).expect("a file under src");
        let top = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        if OUTSIDE.contains(&top.as_str()) {
            continue;
        }
        let layer = top.trim_end_matches(".rs");
        let Some(own) = LAYERS.iter().position(|l| *l == layer) else {
            out.push(format!(
                "{}: `{layer}` is in no layer; add it to LAYERS",
                rel.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(&f).expect("a readable source file");
        for name in crate_paths(&text) {
            if level(&name) > own {
                out.push(format!(
                    "{}: layer `{layer}` uses `crate::{name}`, which is above it",
                    rel.display()
                ));
            }
        }
    }
    out
}

#[test]
fn lower_layers_never_import_higher_ones() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let v = violations(&src);
    assert!(
        v.is_empty(),
        "imports that run up the layers:\n{}",
        v.join("\n")
    );
}

#[test]
fn the_check_catches_an_upward_import() {
    // A copy of the layout with one planted upward import, one grouped, and
    // one legal downward import.
    let tmp = tempfile::tempdir().expect("a temp dir");
    let src = tmp.path();
    for (file, text) in [
        ("lib.rs", "pub mod core; pub mod sim; pub mod charts;"),
        ("core/mod.rs", "pub mod rng;"),
        ("core/rng.rs", "use crate::sim::Engine;"),
        ("sim/mod.rs", "use crate::{core::rng, charts};"),
        (
            "charts/mod.rs",
            "use crate::core::rng::Key; use crate::Error;",
        ),
        ("stray.rs", "pub fn f() {}"),
    ] {
        let p = src.join(file);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let v = violations(src);
    assert_eq!(v.len(), 3, "{v:#?}");
    assert!(
        v.iter()
            .any(|x| x.contains("core/rng.rs") && x.contains("crate::sim"))
    );
    assert!(
        v.iter()
            .any(|x| x.contains("sim/mod.rs") && x.contains("crate::charts"))
    );
    assert!(
        v.iter()
            .any(|x| x.contains("stray.rs") && x.contains("no layer"))
    );
}

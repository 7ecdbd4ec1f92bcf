//! `init`: a commented starter scenario in the tutorial's shape, every
//! assumption marked "check this", written to a new file (never over an
//! existing one).

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The starter scenario's text, with its placeholders.
const STARTER: &str = include_str!("starter.toml");

/// The file `init` writes for `name`: `name` itself when it ends in
/// `.toml`, else `name.toml`; `scenario.toml` without a name.
pub fn file_for(name: Option<&str>) -> PathBuf {
    match name {
        None => PathBuf::from("scenario.toml"),
        Some(n) if n.ends_with(".toml") => PathBuf::from(n),
        Some(n) => PathBuf::from(format!("{n}.toml")),
    }
}

/// The starter scenario for `file`: its `name` is the file's stem.
pub fn starter(file: &Path) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().replace(['_', '-'], " "))
        .unwrap_or_else(|| "scenario".into());
    STARTER
        .replace("{NAME}", &stem.replace('\\', "").replace('"', "'"))
        .replace("{FILE}", &file.display().to_string())
}

/// Writes `text` to `path` as a new file: refused when `path` exists, and
/// never left half-written (a temporary sibling is linked into place).
pub fn write_new(path: &Path, text: &str) -> Result<()> {
    if path.exists() {
        return Err(Error::Usage(format!(
            "{} already exists; give another name (keysplit init NAME) or move it away",
            path.display()
        )));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.unwrap_or_default(),
        std::process::id()
    ));
    std::fs::write(&tmp, text).map_err(Error::io("cannot write", &tmp))?;
    // A hard link fails if the name was taken meanwhile, so nothing is
    // ever overwritten.
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    linked.map_err(Error::io("cannot write", path))
}

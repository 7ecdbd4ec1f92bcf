//! Writing an output folder atomically: every file goes into a temporary
//! sibling folder, which replaces the output folder only once everything is
//! written, so an error never leaves a half-written folder behind.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes a whole output folder atomically: `fill` writes into a fresh
/// temporary sibling folder, which is then renamed to `out` (replacing any
/// previous run). On error the temporary folder is removed and `out` is left
/// as it was.
pub fn write_atomically(out: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(Error::io("cannot create the folder", &parent))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.tmp-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir(&tmp).map_err(Error::io("cannot create", &tmp))?;
    if let Err(e) = fill(&tmp) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let replaced = out.exists();
    if replaced && let Err(e) = std::fs::rename(out, &old) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(Error::io("cannot replace", out)(e));
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        if replaced {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(Error::io("cannot move the results into", out)(e));
    }
    if replaced {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

/// Writes `bytes` to `dir/name`, naming the file in any error.
pub fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    write_stream(dir, name, |w| {
        w.write_all(bytes).map_err(|source| Error::Io {
            action: "cannot write",
            path: dir.join(name),
            source,
        })
    })
}

/// Writes `dir/name` by streaming it through `fill` (a large file is never
/// held in memory whole), naming the file in any error.
pub fn write_stream(
    dir: &Path,
    name: &str,
    fill: impl FnOnce(&mut (dyn Write + Send)) -> Result<()>,
) -> Result<()> {
    let path = dir.join(name);
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).map_err(Error::io("cannot create", p))?;
    }
    let file = std::fs::File::create(&path).map_err(Error::io("cannot write", &path))?;
    let mut w = std::io::BufWriter::new(file);
    fill(&mut w)?;
    w.flush().map_err(Error::io("cannot write", &path))
}

//! Output folders, the one way every command writes its results
//! (docs/architecture.md, "Output folders"). What keysplit promises here:
//!
//! - **It never deletes what it did not write.** A folder is replaced only
//!   when it holds the marker file [`MARKER`] that keysplit writes into every
//!   output folder; any other non-empty folder, a regular file, the current
//!   folder or one of its parents is refused before any work starts.
//! - **It never leaves a half-written output.** Every file goes into a
//!   temporary sibling folder `.<name>.tmp-<pid>`, is flushed to disk with
//!   the folder itself, and only then takes the place of the output folder,
//!   in one atomic exchange of the two folders where the system has one
//!   (Linux, macOS) and by two renames elsewhere. Until that moment the old
//!   folder is untouched; from it on, the new one is complete.
//! - **Leftovers are cleaned.** A temporary folder of a process that no
//!   longer runs (killed with SIGKILL, or by a power cut) is recognised by
//!   its marker and its process id and removed by the next run that writes
//!   beside it; an old folder left between the two renames is put back.
//! - **An interrupt ends cleanly.** [`abandon`] (the binary calls it on
//!   SIGINT, SIGTERM and SIGHUP) removes the temporary folder of a write in
//!   progress and stops any write from committing.
//!
//! A symlink given as the output folder is written through: its target is
//! replaced, the link stays.

use crate::error::{Error, Result};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicI32, Ordering};

/// The marker file in every output folder keysplit writes: a small JSON
/// object naming keysplit, its version and the command. A folder holding it
/// may be replaced by a later run; a folder without it is never touched.
pub const MARKER: &str = "keysplit-output.json";

/// What a temporary folder is called: `.<name>.tmp-<pid>`.
const TMP: &str = ".tmp-";
/// What the previous folder is called between the two renames of the
/// fallback: `.<name>.old-<pid>`.
const OLD: &str = ".old-";

/// The signal an interrupted process received (0: none).
static ABANDONED: AtomicI32 = AtomicI32::new(0);
/// Whether this process has written an output folder in full.
static WRITTEN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
/// The temporary folder of the write in progress; its lock is held while a
/// write commits, so [`abandon`] either removes it before the commit or
/// finds the commit done.
static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// An output folder, checked: keysplit may write it, and can.
#[derive(Clone, Debug)]
pub struct OutputFolder {
    /// The folder as the user named it.
    given: PathBuf,
    /// Where the results go: `given`, or the folder a symlink points to.
    target: PathBuf,
    /// The folder that holds `target` (and the temporary folders).
    parent: PathBuf,
    /// The file name of `target`.
    name: String,
}

fn refuse(path: &Path, problem: impl Into<String>, fix: impl Into<String>) -> Error {
    Error::OutputFolder {
        path: path.to_path_buf(),
        problem: problem.into(),
        fix: fix.into(),
    }
}

/// Whether `dir` holds keysplit's marker file.
fn has_marker(dir: &Path) -> bool {
    let Ok(text) = fs::read_to_string(dir.join(MARKER)) else {
        return false;
    };
    serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| {
            v.get("written_by")
                .and_then(|w| w.as_str())
                .map(|w| w == "keysplit")
        })
        .unwrap_or(false)
}

/// The marker's text for `command`.
fn marker_text(command: &str) -> String {
    let v = serde_json::json!({
        "written_by": "keysplit",
        "version": env!("CARGO_PKG_VERSION"),
        "command": command,
        "note": "keysplit replaces this folder whole when it writes here again; it never replaces a folder without this file",
    });
    super::json::to_string(&v)
}

/// Whether the process `pid` is still running (a process of another user
/// counts as running; without a way to ask, every process does).
fn alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        match i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        {
            Some(p) => !matches!(
                rustix::process::test_kill_process(p),
                Err(rustix::io::Errno::SRCH)
            ),
            None => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

impl OutputFolder {
    /// Checks that the results may go to `out`, before any work starts:
    /// `out` must name a folder of its own (not `.`, `..` or `/`, not the
    /// current folder or one that holds it), be absent, empty or a folder
    /// keysplit wrote (with [`MARKER`]), and its parent must be writable. A
    /// symlink is followed. Stale temporary folders of earlier runs beside it
    /// are cleaned.
    pub fn check(out: &Path) -> Result<OutputFolder> {
        let not_own = || {
            refuse(
                out,
                "it does not name a folder of its own, and keysplit replaces the whole output folder",
                "give --out a new folder's name, e.g. --out results",
            )
        };
        let target = resolve_links(out)?;
        let name = match target.file_name() {
            Some(n) => n.to_string_lossy().into_owned(),
            None => return Err(not_own()),
        };
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let folder = OutputFolder {
            given: out.to_path_buf(),
            target,
            parent,
            name,
        };
        folder.check_target()?;
        folder.check_writable()?;
        folder.clean_stale();
        Ok(folder)
    }

    /// The folder as the user named it.
    pub fn path(&self) -> &Path {
        &self.given
    }

    fn check_target(&self) -> Result<()> {
        let (out, t) = (&self.given, &self.target);
        let meta = match fs::metadata(t) {
            Ok(m) => m,
            // Absent (a parent that is a file is refused by check_writable).
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                return Ok(());
            }
            Err(e) => return Err(Error::io("cannot read", t)(e)),
        };
        if !meta.is_dir() {
            return Err(refuse(
                out,
                "it is a file, not a folder",
                "give --out the name of a folder (keysplit writes several files)",
            ));
        }
        if let (Ok(here), Ok(there)) = (std::env::current_dir(), fs::canonicalize(t))
            && fs::canonicalize(here).is_ok_and(|here| here.starts_with(&there))
        {
            return Err(refuse(
                out,
                "it is the current folder or holds it, and keysplit replaces the whole output folder",
                "give --out a new folder's name, e.g. --out results",
            ));
        }
        let empty = fs::read_dir(t)
            .map_err(Error::io("cannot read", t))?
            .next()
            .is_none();
        if !empty && !has_marker(t) {
            return Err(refuse(
                out,
                format!(
                    "the folder is not empty and keysplit did not write it (it has no {MARKER}); keysplit replaces the whole output folder, so it would delete what is in it"
                ),
                "give --out a new or empty folder, or move the files out of this one",
            ));
        }
        Ok(())
    }

    /// Creates and removes a file where the temporary folder will go: the
    /// nearest folder that exists on the way to the parent.
    fn check_writable(&self) -> Result<()> {
        let mut dir = self.parent.clone();
        loop {
            match fs::metadata(&dir) {
                Ok(m) if m.is_dir() => break,
                Ok(_) => {
                    return Err(refuse(
                        &self.given,
                        format!(
                            "{} is a file, so no folder can be made in it",
                            dir.display()
                        ),
                        "give --out a path whose parent folders are folders",
                    ));
                }
                Err(_) => match dir.parent() {
                    Some(p) if !p.as_os_str().is_empty() => dir = p.to_path_buf(),
                    _ => {
                        dir = PathBuf::from(".");
                        break;
                    }
                },
            }
        }
        let probe = dir.join(format!(".{}.probe-{}", self.name, std::process::id()));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
        {
            Ok(_) => {
                let _ = fs::remove_file(&probe);
                Ok(())
            }
            Err(e) => Err(refuse(
                &self.given,
                format!("keysplit cannot write in {}: {e}", dir.display()),
                "give --out a folder in a place you can write, or fix the permissions",
            )),
        }
    }

    /// Removes temporary folders of earlier runs whose process is gone (by
    /// marker, or empty), and puts back an old folder left between the two
    /// renames of the fallback. Best effort: what cannot be cleaned stays.
    fn clean_stale(&self) {
        let Ok(entries) = fs::read_dir(&self.parent) else {
            return;
        };
        let prefix = format!(".{}", self.name);
        for e in entries.flatten() {
            let file = e.file_name().to_string_lossy().into_owned();
            let Some(rest) = file.strip_prefix(&prefix) else {
                continue;
            };
            let (old, pid) = match (rest.strip_prefix(TMP), rest.strip_prefix(OLD)) {
                (Some(p), _) => (false, p),
                (_, Some(p)) => (true, p),
                _ => continue,
            };
            let Ok(pid) = pid.parse::<u32>() else {
                continue;
            };
            let path = e.path();
            if pid == std::process::id() || alive(pid) || !path.is_dir() {
                continue;
            }
            if !has_marker(&path) {
                // Killed before its marker: remove it only if it is empty.
                let _ = fs::remove_dir(&path);
                continue;
            }
            if old && !self.target.exists() {
                let _ = fs::rename(&path, &self.target);
            } else {
                let _ = fs::remove_dir_all(&path);
            }
        }
    }

    /// Writes the folder atomically: `fill` writes every file into a fresh
    /// temporary folder (which already holds the marker), every file and
    /// folder is flushed to disk, then the temporary folder takes the place
    /// of the output folder. On error, or after [`abandon`], the temporary
    /// folder is removed and the output folder is left as it was.
    pub fn write(&self, command: &str, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
        interrupted()?;
        fs::create_dir_all(&self.parent)
            .map_err(Error::io("cannot create the folder", &self.parent))?;
        let pid = std::process::id();
        let tmp = self.parent.join(format!(".{}{TMP}{pid}", self.name));
        let _ = fs::remove_dir_all(&tmp);
        fs::create_dir(&tmp).map_err(Error::io("cannot create", &tmp))?;
        let registered = Registered::new(&tmp);
        let result = write_file(&tmp, MARKER, marker_text(command).as_bytes())
            .and_then(|()| fill(&tmp))
            .and_then(|()| sync_tree(&tmp))
            .and_then(|()| self.commit(&tmp));
        drop(registered);
        if result.is_err() {
            let _ = fs::remove_dir_all(&tmp);
        }
        result
    }

    /// Puts the complete temporary folder in the output folder's place,
    /// under the lock that [`abandon`] takes.
    fn commit(&self, tmp: &Path) -> Result<()> {
        let _guard = IN_PROGRESS.lock().unwrap_or_else(|p| p.into_inner());
        interrupted()?;
        // The folder may have changed while the command ran.
        self.check_target()?;
        let target = &self.target;
        if !target.exists() {
            fs::rename(tmp, target).map_err(Error::io("cannot move the results into", target))?;
        } else if exchange(tmp, target).is_ok() {
            // `tmp` now holds the previous results.
            sync_dir(&self.parent);
            let _ = fs::remove_dir_all(tmp);
        } else {
            let old = self
                .parent
                .join(format!(".{}{OLD}{}", self.name, std::process::id()));
            fs::rename(target, &old).map_err(Error::io("cannot replace", target))?;
            if let Err(e) = fs::rename(tmp, target) {
                let _ = fs::rename(&old, target);
                return Err(Error::io("cannot move the results into", target)(e));
            }
            sync_dir(&self.parent);
            let _ = fs::remove_dir_all(&old);
        }
        sync_dir(&self.parent);
        WRITTEN.store(true, Ordering::SeqCst);
        Ok(())
    }
}

/// Follows `out` while it is a symlink (a dangling one names where to write).
fn resolve_links(out: &Path) -> Result<PathBuf> {
    let mut p = out.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&p).map_err(Error::io("cannot read the link", &p))?;
                p = match p.parent() {
                    Some(dir) => dir.join(link),
                    None => link,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(refuse(
        out,
        "it is a loop of symbolic links",
        "give --out a folder, or a link to one",
    ))
}

/// Swaps two folders in one step (Linux's `renameat2` with
/// `RENAME_EXCHANGE`, macOS's `renamex_np` with `RENAME_SWAP`).
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
    }
    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
    {
        let _ = (a, b);
        Err(io::Error::from(io::ErrorKind::Unsupported))
    }
}

/// Flushes every file and folder under `dir` to disk, `dir` last.
fn sync_tree(dir: &Path) -> Result<()> {
    for e in fs::read_dir(dir).map_err(Error::io("cannot read", dir))? {
        let e = e.map_err(Error::io("cannot read", dir))?;
        let path = e.path();
        if e.file_type()
            .map_err(Error::io("cannot read", &path))?
            .is_dir()
        {
            sync_tree(&path)?;
        } else {
            fs::File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(Error::io("cannot flush to disk", &path))?;
        }
    }
    sync_dir(dir);
    Ok(())
}

/// Flushes a folder's entries to disk (best effort: not every system can).
fn sync_dir(dir: &Path) {
    if let Ok(f) = fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

/// The error of a write after [`abandon`].
fn interrupted() -> Result<()> {
    match ABANDONED.load(Ordering::SeqCst) {
        0 => Ok(()),
        signal => Err(Error::Interrupted { signal }),
    }
}

/// A temporary folder registered for [`abandon`] while it exists.
struct Registered(PathBuf);

impl Registered {
    fn new(tmp: &Path) -> Registered {
        let mut list = IN_PROGRESS.lock().unwrap_or_else(|p| p.into_inner());
        list.push(tmp.to_path_buf());
        Registered(tmp.to_path_buf())
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        let mut list = IN_PROGRESS.lock().unwrap_or_else(|p| p.into_inner());
        list.retain(|p| p != &self.0);
    }
}

/// Stops every output write of this process for good, for an interrupt:
/// the temporary folder of a write in progress is removed (or, if the write
/// is committing, the commit finishes first), and no later write commits;
/// they fail with [`Error::Interrupted`] carrying `signal`. The caller then
/// exits. Whatever cannot be removed here is cleaned by the next run.
/// Returns whether an output folder was written in full before.
pub fn abandon(signal: i32) -> bool {
    ABANDONED.store(signal.max(1), Ordering::SeqCst);
    let list = IN_PROGRESS.lock().unwrap_or_else(|p| p.into_inner());
    for tmp in list.iter() {
        // The writing thread may still be adding files: try a few times.
        for _ in 0..5 {
            if fs::remove_dir_all(tmp).is_ok() || !tmp.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
    WRITTEN.load(Ordering::SeqCst)
}

/// Checks `out` ([`OutputFolder::check`]) and writes it atomically
/// ([`OutputFolder::write`]) with `fill`; `command` is recorded in the marker.
pub fn write_atomically(
    out: &Path,
    command: &str,
    fill: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    OutputFolder::check(out)?.write(command, fill)
}

/// Writes `bytes` to `dir/name`, naming the file in any error.
pub fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    write_stream(dir, name, |w| {
        w.write_all(bytes)
            .map_err(Error::io("cannot write", &dir.join(name)))
    })
}

/// Writes `dir/name` by streaming it through `fill` (a large file, such as
/// the per-trial table, is never held in memory whole), naming the file in
/// any error.
pub fn write_stream(
    dir: &Path,
    name: &str,
    fill: impl FnOnce(&mut (dyn Write + Send)) -> Result<()>,
) -> Result<()> {
    interrupted()?;
    let path = dir.join(name);
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).map_err(Error::io("cannot create", p))?;
    }
    let file = fs::File::create(&path).map_err(Error::io("cannot write", &path))?;
    let mut w = io::BufWriter::new(file);
    fill(&mut w)?;
    w.flush().map_err(Error::io("cannot write", &path))
}

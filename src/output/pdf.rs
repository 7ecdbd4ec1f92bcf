//! `report.pdf`: `report.html` printed by headless Chromium, when one is
//! installed (`chromium`, `chromium-browser` or `google-chrome` on the
//! PATH). The report's print CSS lays out the pages; this only asks the
//! browser to print it on the chosen paper. Without a browser, or when it
//! fails, the PDF is skipped with a warning that says why: the rest of the
//! output folder is written all the same.

use crate::error::{Error, Result};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The paper `report.pdf` is printed on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paper {
    /// US Letter, 8.5 x 11 in.
    #[default]
    Letter,
    /// ISO A4, 210 x 297 mm.
    A4,
}

impl Paper {
    /// Its name in CSS's `@page { size: ... }`.
    fn css(self) -> &'static str {
        match self {
            Paper::Letter => "Letter",
            Paper::A4 => "A4",
        }
    }
}

impl std::str::FromStr for Paper {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Paper, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "letter" => Ok(Paper::Letter),
            "a4" => Ok(Paper::A4),
            _ => Err(format!("unknown paper {s:?}: use letter or a4")),
        }
    }
}

/// The browsers tried, in order.
pub const BROWSERS: [&str; 3] = ["chromium", "chromium-browser", "google-chrome"];

/// How long the browser may take to print.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The first of [`BROWSERS`] found on the PATH.
pub fn browser() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    BROWSERS.iter().find_map(|b| {
        std::env::split_paths(&path)
            .map(|d| d.join(b))
            .find(|p| p.is_file())
    })
}

/// Prints `dir/report.html` to `dir/report.pdf` on `paper`. Returns a
/// warning instead when no browser is installed or the browser failed.
pub fn print(dir: &Path, paper: Paper) -> Result<Option<String>> {
    let Some(browser) = browser() else {
        return Ok(Some(format!(
            "report.pdf was not written: no headless Chromium found ({} on the PATH); install one (e.g. apt-get install chromium) or print report.html from a browser",
            BROWSERS.join(", ")
        )));
    };
    let dir = std::path::absolute(dir).map_err(Error::io("cannot find", dir))?;
    // A fresh profile, and the copy to print with its paper size, inside the
    // output folder being written (removed before the folder is published).
    let profile = dir.join(".chromium");
    std::fs::create_dir_all(&profile).map_err(Error::io("cannot create", &profile))?;
    let result = print_with(&browser, &dir, &profile, paper);
    let _ = std::fs::remove_dir_all(&profile);
    result
}

fn print_with(browser: &Path, dir: &Path, profile: &Path, paper: Paper) -> Result<Option<String>> {
    let html_path = dir.join("report.html");
    let html = std::fs::read_to_string(&html_path).map_err(Error::io("cannot read", &html_path))?;
    let sized = html.replacen(
        "<style>",
        &format!("<style>\n@page {{ size: {}; }}", paper.css()),
        1,
    );
    let copy = profile.join("report.html");
    std::fs::write(&copy, sized).map_err(Error::io("cannot write", &copy))?;
    let pdf = dir.join("report.pdf");
    let log = profile.join("chromium.log");
    let log_file = std::fs::File::create(&log).map_err(Error::io("cannot write", &log))?;
    // --no-sandbox: containers and CI run as root, where Chromium's sandbox
    // cannot start. No network: the report is self-contained.
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", copy.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log_file)
        .spawn()
        .map_err(Error::io("cannot start", browser))?;
    let start = Instant::now();
    let status = loop {
        match child
            .try_wait()
            .map_err(Error::io("cannot wait for", browser))?
        {
            Some(status) => break Some(status),
            None if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    let written = std::fs::metadata(&pdf).is_ok_and(|m| m.len() > 0);
    if status.is_some_and(|s| s.success()) && written {
        return Ok(None);
    }
    let _ = std::fs::remove_file(&pdf);
    let tail: Vec<String> = std::fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .rev()
        .take(3)
        .map(str::to_string)
        .collect();
    let why = match status {
        None => format!("it did not finish within {} s", TIMEOUT.as_secs()),
        Some(s) => format!("it exited with {s}"),
    };
    Ok(Some(format!(
        "report.pdf was not written: {} failed to print report.html ({why}){}",
        browser.display(),
        if tail.is_empty() {
            String::new()
        } else {
            format!(
                ": {}",
                tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
            )
        }
    )))
}

//! An interrupt during the write phase (README, "What keysplit promises"):
//! `output::abandon`, which the binary calls on SIGINT, SIGTERM and SIGHUP,
//! removes the temporary folder of the write in progress, and the write
//! fails without touching the earlier results. Its own test binary: an
//! abandon holds for the rest of the process.

use keysplit::Error;
use keysplit::output::{abandon, write_atomically, write_file};
use std::fs;
use std::sync::mpsc;

#[test]
fn an_interrupt_while_writing_removes_the_half_written_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    write_atomically(&out, "run", |dir| {
        write_file(dir, "summary.json", b"earlier")
    })
    .unwrap();

    // A failure half-way: the earlier results stay, nothing is left beside them.
    let failed = write_atomically(&out, "run", |dir| {
        write_file(dir, "summary.json", b"newer")?;
        Err(Error::Render("a chart failed".into()))
    });
    assert!(failed.is_err());
    assert_eq!(fs::read(out.join("summary.json")).unwrap(), b"earlier");
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);

    // An interrupt half-way.
    let (half, resume) = (mpsc::channel(), mpsc::channel::<()>());
    let (tx_half, rx_half) = half;
    let (tx_resume, rx_resume) = resume;
    let writer = {
        let out = out.clone();
        std::thread::spawn(move || {
            write_atomically(&out, "run", |dir| {
                write_file(dir, "summary.json", b"newer")?;
                tx_half.send(dir.to_path_buf()).unwrap();
                rx_resume.recv().unwrap();
                write_file(dir, "summary.csv", b"newer")
            })
        })
    };
    let tmp_dir = rx_half.recv().unwrap();
    assert!(tmp_dir.join("summary.json").exists());
    // True: the first write above was complete.
    assert!(abandon(15));
    assert!(!tmp_dir.exists(), "the half-written folder is still there");
    tx_resume.send(()).unwrap();
    let result = writer.join().unwrap();
    assert!(
        matches!(result, Err(Error::Interrupted { signal: 15 })),
        "{result:?}"
    );
    assert_eq!(fs::read(out.join("summary.json")).unwrap(), b"earlier");
    let left: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

/// SIGTERM ends a run even when its stderr is a pipe nobody reads any more
/// (a scheduler that killed the reader first): the message about the
/// interrupt cannot be written, and the process exits all the same.
#[cfg(unix)]
#[test]
fn a_signal_ends_the_run_when_stderr_is_a_broken_pipe() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_keysplit"))
        .args(["run", "scenarios/key_accounts.toml", "--trials", "200000"])
        .args(["--no-charts", "-q", "--threads", "1", "--out"])
        .arg(tmp.path().join("o"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Past loading (whose warnings go to stderr), into the trials.
    std::thread::sleep(Duration::from_millis(800));
    drop(child.stderr.take());
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let status = status.expect("the run ignored SIGTERM");
    // 128 + 15, as shells report a command ended by SIGTERM.
    assert_eq!(status.code(), Some(143));
    assert!(!tmp.path().join("o").exists());
}

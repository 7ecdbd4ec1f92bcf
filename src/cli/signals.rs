//! Interrupts: SIGINT (Ctrl-C), SIGTERM (a batch scheduler's kill) and
//! SIGHUP (a closed terminal) end the process cleanly. A thread waits for
//! them; on one it tells the library to abandon any output folder being
//! written (its temporary folder is removed, the previous results stay),
//! says so on stderr and exits with 128 + the signal's number, as shells
//! report an interrupted command. What an interrupt leaves at each phase is
//! in the README ("What keysplit promises").

/// The exit code after `signal`.
pub fn exit_code(signal: i32) -> u8 {
    u8::try_from(128 + signal.clamp(1, 127)).unwrap_or(130)
}

/// Starts the thread that handles the signals (nothing where there are none).
pub fn install() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        use signal_hook::iterator::Signals;
        use std::io::Write;
        let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let what = if keysplit::output::abandon(signal) {
                    " after the results were written"
                } else {
                    ": nothing was written"
                };
                // Not eprintln!, which panics when stderr is gone (a pipe
                // whose reader ended first): this thread would die and the
                // process run on, deaf to the signal.
                let _ = writeln!(std::io::stderr(), "\ninterrupted (signal {signal}){what}");
                std::process::exit(i32::from(exit_code(signal)));
            }
        });
    }
}

//! CPU time of other processes, from Linux's scheduler statistics: the
//! nanoseconds each thread has run (`/proc/PID/task/*/schedstat`), which is
//! far finer than the 10 ms ticks of `/proc/PID/stat`.

use std::fs;
use std::io;
use std::time::Duration;

/// The CPU time process `pid` has used so far, user and system, all threads.
pub fn cpu_time(pid: u32) -> io::Result<Duration> {
    let mut total = 0u64;
    for task in fs::read_dir(format!("/proc/{pid}/task"))? {
        let schedstat = match fs::read_to_string(task?.path().join("schedstat")) {
            Ok(schedstat) => schedstat,
            // The thread ended after the directory was listed: its entry is
            // gone, or still there for a task that no longer exists.
            Err(error)
                if error.kind() == io::ErrorKind::NotFound
                    || error.raw_os_error() == Some(ESRCH) =>
            {
                continue;
            }
            Err(error) => return Err(error),
        };
        total += parse_schedstat(&schedstat).ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidData, "unexpected schedstat format")
        })?;
    }
    Ok(Duration::from_nanos(total))
}

/// Linux's "no such process", which reading a file of a thread that just
/// ended gives.
const ESRCH: i32 = 3;

/// The first field of a schedstat line: time on the CPU, in ns.
fn parse_schedstat(line: &str) -> Option<u64> {
    line.split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_run_time() {
        assert_eq!(parse_schedstat("123456 789 10\n"), Some(123_456));
        assert_eq!(parse_schedstat(""), None);
    }

    #[test]
    fn this_process_has_used_some_cpu() {
        let spin = (0..2_000_000u64).fold(0u64, |a, b| a.wrapping_mul(31).wrapping_add(b));
        std::hint::black_box(spin);
        let used = cpu_time(std::process::id()).expect("Linux /proc");
        assert!(used > Duration::ZERO);
    }

    #[test]
    fn threads_that_end_meanwhile_are_no_error() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let stop = AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    std::thread::spawn(|| {}).join().expect("an empty thread");
                }
            });
            for _ in 0..2_000 {
                let used = cpu_time(std::process::id());
                if used.is_err() {
                    stop.store(true, Ordering::Relaxed);
                }
                used.expect("every thread listed, ended or not");
            }
            stop.store(true, Ordering::Relaxed);
        });
    }
}

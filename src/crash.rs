//! Crash points: the moments a power cut or `kill -9` would do most harm (between a
//! commit and the line that reports it, half-way through a file or a restore, after a
//! grade is written), where a test build can be told to stop dead, or to hold still while
//! a test does something meanwhile. The reliability tests crash there on purpose instead of
//! firing a timer and hoping to land mid-way.
//!
//! `PREPDECK_CRASH_AT=NAME` aborts the process the first time it passes the point NAME,
//! `NAME:N` the N-th time. `PREPDECK_HOLD_AT=NAME[:N]` with `PREPDECK_HOLD_FILE=PATH`
//! instead creates PATH there and waits until it is removed. Only builds with debug
//! assertions (the tests' builds) read these variables; in a release build every point
//! compiles to nothing.

/// The environment variable naming the point to crash at.
pub const CRASH_ENV: &str = "PREPDECK_CRASH_AT";
/// The environment variable naming the point to hold at.
pub const HOLD_ENV: &str = "PREPDECK_HOLD_AT";
/// The file a held process creates, and waits for the test to remove.
pub const HOLD_FILE_ENV: &str = "PREPDECK_HOLD_FILE";

/// Passes the point `name`: aborts here if this is the pass `PREPDECK_CRASH_AT` asks for,
/// as a kill would, without unwinding, flushing or rolling back anything; holds here if it
/// is the pass `PREPDECK_HOLD_AT` asks for.
#[inline]
pub fn point(name: &'static str) {
    #[cfg(debug_assertions)]
    armed::pass(name);
    #[cfg(not(debug_assertions))]
    let _ = name;
}

#[cfg(debug_assertions)]
mod armed {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    /// A point and the pass to act on, with the passes counted so far.
    struct Trigger {
        point: String,
        nth: usize,
        passes: AtomicUsize,
    }

    impl Trigger {
        fn from_env(var: &str) -> Option<Trigger> {
            let (point, nth) = parse(var, &std::env::var(var).ok()?);
            Some(Trigger {
                point,
                nth,
                passes: AtomicUsize::new(0),
            })
        }

        /// Whether passing `name` now is the pass to act on.
        fn fires(trigger: Option<&Trigger>, name: &str) -> bool {
            trigger.is_some_and(|t| t.point == name && t.passes.fetch_add(1, Ordering::SeqCst) + 1 == t.nth)
        }
    }

    static CRASH: OnceLock<Option<Trigger>> = OnceLock::new();
    static HOLD: OnceLock<Option<Trigger>> = OnceLock::new();

    /// How long a held process waits at most: a test that died does not leave it behind.
    const LONGEST_HOLD: Duration = Duration::from_secs(120);

    pub fn pass(name: &str) {
        if Trigger::fires(CRASH.get_or_init(|| Trigger::from_env(super::CRASH_ENV)).as_ref(), name) {
            // Said on stderr so that a test can tell this abort from any other.
            eprintln!("prepdeck: crash point {name} reached: aborting");
            std::process::abort();
        }
        if Trigger::fires(HOLD.get_or_init(|| Trigger::from_env(super::HOLD_ENV)).as_ref(), name) {
            let file = std::env::var_os(super::HOLD_FILE_ENV)
                .unwrap_or_else(|| panic!("{} needs {} too", super::HOLD_ENV, super::HOLD_FILE_ENV));
            std::fs::write(&file, format!("{}\n", std::process::id())).expect("the hold file is written");
            let started = Instant::now();
            while std::fs::exists(&file).unwrap_or(false) && started.elapsed() < LONGEST_HOLD {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    }

    /// `NAME` or `NAME:N`; a pass that is not a positive number is a mistake in the test
    /// that set it, said at once rather than never acting.
    fn parse(var: &str, spec: &str) -> (String, usize) {
        match spec.rsplit_once(':') {
            Some((point, nth)) => {
                let nth = nth
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| panic!("{var}={spec}: the pass after ':' must be 1 or more"));
                (point.to_string(), nth)
            }
            None => (spec.to_string(), 1),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::parse;

        #[test]
        fn a_point_is_named_alone_or_with_its_pass() {
            assert_eq!(parse("V", "import.chunk"), ("import.chunk".to_string(), 1));
            assert_eq!(parse("V", "grade.committed:3"), ("grade.committed".to_string(), 3));
        }

        #[test]
        #[should_panic(expected = "V=import.chunk:0: the pass after ':' must be 1 or more")]
        fn a_pass_of_zero_is_refused() {
            parse("V", "import.chunk:0");
        }
    }
}

//! Crash points: the moments a power cut or `kill -9` would do most harm (between a
//! commit and the line that reports it, half-way through a file or a restore, after a
//! grade is written), where a test build can be told to stop dead. The reliability tests
//! crash there on purpose instead of firing a timer and hoping to land mid-way.
//!
//! `PREPDECK_CRASH_AT=NAME` aborts the process the first time it passes the point NAME,
//! `NAME:N` the N-th time. Only builds with debug assertions (the tests' builds) read the
//! variable; in a release build every point compiles to nothing.

/// The environment variable naming the crash point.
pub const CRASH_ENV: &str = "PREPDECK_CRASH_AT";

/// Passes the crash point `name`: aborts here if this is the pass `PREPDECK_CRASH_AT` asks
/// for, as a kill would, without unwinding, flushing or rolling back anything.
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

    /// The point asked for and on which pass, read once.
    static TARGET: OnceLock<Option<(String, usize)>> = OnceLock::new();
    /// How many times the process has passed that point.
    static PASSES: AtomicUsize = AtomicUsize::new(0);

    pub fn pass(name: &str) {
        let target = TARGET.get_or_init(|| std::env::var(super::CRASH_ENV).ok().map(|spec| parse(&spec)));
        let Some((point, nth)) = target else {
            return;
        };
        if point == name && PASSES.fetch_add(1, Ordering::SeqCst) + 1 == *nth {
            // Said on stderr so that a test can tell this abort from any other.
            eprintln!("prepdeck: crash point {name} (pass {nth}) reached: aborting");
            std::process::abort();
        }
    }

    /// `NAME` or `NAME:N`; a count that is not a positive number is a mistake in the test
    /// that set it, said at once rather than never crashing.
    fn parse(spec: &str) -> (String, usize) {
        match spec.rsplit_once(':') {
            Some((point, nth)) => {
                let nth = nth
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| panic!("{}={spec}: the pass after ':' must be 1 or more", super::CRASH_ENV));
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
            assert_eq!(parse("import.chunk"), ("import.chunk".to_string(), 1));
            assert_eq!(parse("grade.committed:3"), ("grade.committed".to_string(), 3));
        }

        #[test]
        #[should_panic(expected = "must be 1 or more")]
        fn a_pass_of_zero_is_refused() {
            parse("import.chunk:0");
        }
    }
}

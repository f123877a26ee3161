//! What the unit tests share: dates and grades written as literals. Compiled only for
//! tests, never into the binary.

use chrono::NaiveDate;

use crate::domain::Grade;

/// The date `s` (`YYYY-MM-DD`), which a test spells correctly.
pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The grade `g` (0–5), which a test picks from the scale.
pub fn grade(g: u8) -> Grade {
    Grade::new(g).unwrap()
}

/// The moment `s` (RFC 3339), which a test spells correctly.
pub fn stamp(s: &str) -> crate::domain::Timestamp {
    crate::domain::Timestamp::parse(s).unwrap()
}

/// How many cases a property test runs: `default` in the suite (bounded, so CI stays
/// quick), or `PROPTEST_CASES` when a deeper run asks for more.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// A property test's settings: [`cases`] cases, drawn from a fixed seed so that every run of
/// the suite tries the same inputs and a failure repeats; `PROPTEST_RNG_SEED` draws other
/// ones for a run that explores.
pub fn proptest_config(default_cases: u32) -> proptest::test_runner::Config {
    let mut config = proptest::test_runner::Config::with_cases(cases(default_cases));
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(PROPTEST_SEED);
    }
    config
}

/// The seed the suite's property tests draw from.
pub const PROPTEST_SEED: u64 = 20_261_207;

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

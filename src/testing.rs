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

//! prepdeck: spaced-repetition flashcards for job-interview preparation. The binary is a
//! thin shell over [`run`]; tests drive the same library.

pub mod clock;
pub mod error;
pub mod profile;
pub mod types;
pub mod schedule;

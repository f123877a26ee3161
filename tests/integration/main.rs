//! End-to-end tests: the real `prepdeck` binary run in temporary folders, checked on
//! stdout, stderr and exit status. One test binary, one module per area.

// A test reads as one script from setup to the last check; cut in pieces it would hide
// the order things happen in.
#![allow(clippy::too_many_lines)]

mod util;

mod anki;
mod backups;
mod bad_input;
mod banks;
mod budget;
mod calendar;
mod completions;
mod config;
mod docs;
mod export;
mod fsrs;
mod hostile;
mod identity;
mod import;
mod manual;
mod migrations;
mod output_paths;
mod own_cards;
mod permissions;
mod properties;
mod pty;
mod reliability;
mod scheduling;
mod screens;
mod stats;
mod stories;
mod sync;

//! `sync DIR`.

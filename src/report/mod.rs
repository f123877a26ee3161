//! What each command shows, as a typed view: one value per command that `ui` draws for the
//! terminal and `--json` prints through serde, so a screen and its JSON never drift apart.
//! Built by `study` and `import` from what the store holds; here only plain values and
//! their JSON shapes, no store and no terminal.

pub(crate) mod card_json;
pub(crate) mod cards;
pub(crate) mod check;
pub(crate) mod decks;
pub mod figures;
pub(crate) mod import;
pub(crate) mod plan;
pub(crate) mod stories;
pub mod summary;
pub(crate) mod sync;

/// A deck or a story renamed: its old name and its new one.
#[derive(Debug)]
pub struct Renamed {
    pub old: String,
    pub new: String,
}

//! What prepdeck reports about decks and cards: the figures `decks` and `stats` show
//! (counts, readiness, retention, streaks, forecast), what a session or mock interview
//! did, and the JSON shape of a card. Reads
//! the store, counts with the domain's rules; rendering is `ui`'s.

mod card_json;
mod figures;
pub mod import;
mod summary;

pub use card_json::CardJson;
pub use figures::{DeckFigures, Figures, TotalFigures, WEAKEST_NAMED, WeakCard, figures, readiness_of};
pub use summary::{DeckReadiness, MockAnswer, MockSummary, RepeatedCard, SessionSummary};

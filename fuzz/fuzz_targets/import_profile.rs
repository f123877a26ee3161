//! Fuzzes the document importer: any bytes must parse or be refused, never panic, and every
//! item that comes out must be clean enough to print and store.

#![no_main]

use libfuzzer_sys::fuzz_target;
use prepdeck::profile;

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = profile::parse(data, "fuzz") {
        assert!(!parsed.items.is_empty());
        for item in &parsed.items {
            assert!(!item.text.trim().is_empty());
            assert!(!item.text.chars().any(char::is_control), "{:?}", item.text);
            assert!(!profile::has_placeholder(&item.text));
            let card = profile::compose(&parsed.company, item);
            assert!(!card.front.is_empty());
        }
    }
});

//! Prints the items prepdeck reads from a profile: `cargo run --example parse_profile FILE`.
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("readable file");
        let stem = std::path::Path::new(&path)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .to_string();
        match prepdeck::profile::parse(&bytes, &stem) {
            Ok(p) => {
                println!(
                    "== {path}: {} ({:?}, {:?}, mojibake {})",
                    p.company, p.named_by, p.format, p.repaired_mojibake
                );
                for item in &p.items {
                    println!(
                        "  [{}] ({}) {} | {} | {}",
                        item.kind,
                        item.section,
                        item.text,
                        item.detail,
                        item.context.replace('\n', " / ")
                    );
                }
            }
            Err(e) => println!("== {path}: error: {e}"),
        }
    }
}

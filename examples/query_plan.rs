//! Prints SQLite's plan for a query against a prepdeck database, with every parameter bound
//! to the same value (a date works for most):
//!
//!     cargo run --release --example query_plan -- DB "SELECT …" [VALUE]

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(db), Some(sql)) = (args.next(), args.next()) else {
        eprintln!("usage: query_plan DB SQL [VALUE]");
        std::process::exit(2);
    };
    let value = args.next().unwrap_or_else(|| "2026-06-01".to_string());
    let conn = rusqlite::Connection::open(db).expect("an SQLite database");
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("a query SQLite accepts");
    let values = vec![value; stmt.parameter_count()];
    let rows = stmt
        .query_map(rusqlite::params_from_iter(values.iter()), |r| r.get::<_, String>(3))
        .expect("a plan");
    for row in rows {
        println!("{}", row.expect("a plan row"));
    }
}

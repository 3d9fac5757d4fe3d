//! The `overdue-guard` command line tool. (Skeleton: replaced by the CLI work.)

fn main() {
    let text = std::env::args().nth(1).unwrap_or_default();
    let msg = overdue_guard::Message { text, ..Default::default() };
    let report = overdue_guard::classify(&msg, &overdue_guard::Options::default());
    println!("{}", serde_json::to_string(&report).unwrap_or_default());
}

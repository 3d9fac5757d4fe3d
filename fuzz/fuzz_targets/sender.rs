//! Any text as a sender, and the phone numbers in it.
#![no_main]

#[path = "../../tests/common/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|text: &str| {
    if let Err(e) = checks::sender_and_numbers(text) {
        panic!("{e}");
    }
});

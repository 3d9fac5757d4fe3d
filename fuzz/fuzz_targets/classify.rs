//! `classify` on any message: text, sender and links cut from the input at NUL bytes.
#![no_main]

#[path = "../../tests/common/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = checks::message(&checks::message_from_bytes(data)) {
        panic!("{e}");
    }
});

//! Normalising and stripping any text, with a range given by the first two bytes.
#![no_main]

#[path = "../../tests/common/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (a, b) = (data.first().copied().unwrap_or(0) as usize, data.get(1).copied().unwrap_or(0) as usize);
    let text = String::from_utf8_lossy(data.get(2..).unwrap_or_default());
    if let Err(e) = checks::normalising(&text, a, b) {
        panic!("{e}");
    }
});

//! Links found in any text, and a link element made of the text's two halves (split at the first NUL).
#![no_main]

#[path = "../../tests/common/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|text: &str| {
    let (href, shown) = text.split_once('\0').map_or((Some(text), None), |(h, s)| (Some(h), Some(s)));
    if let Err(e) = checks::links_in_text(text).and_then(|()| checks::input_link(href, shown)) {
        panic!("{e}");
    }
});

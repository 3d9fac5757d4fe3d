//! The properties that the property tests (`tests/properties.rs`) and the
//! fuzz targets (`fuzz/`) check on every input: nothing panics, every span
//! and range lies inside its text, in order, on UTF-16 and byte boundaries,
//! and the same input gives the same report. Each returns what is wrong.

#![allow(dead_code)]

use overdue_guard::links::{find_in_text, from_input};
use overdue_guard::sender::{find_phone_numbers, parse_sender};
use overdue_guard::text::{is_invisible, visible, Normalized, Stripped, Utf16Index};
use overdue_guard::{classify, InputLink, Message, Options, Span};
use std::ops::Range;

/// The span is in order, inside `units`, and cuts no surrogate pair.
pub fn span_ok(span: Span, units: &[u16]) -> bool {
    let on_boundary = |at: u32| !matches!(units.get(at as usize), Some(&u) if (0xDC00..=0xDFFF).contains(&u));
    span.0 <= span.1 && span.1 as usize <= units.len() && on_boundary(span.0) && on_boundary(span.1)
}

/// The byte range is in order, inside `text`, on char boundaries.
pub fn range_ok(r: &Range<usize>, text: &str) -> bool {
    r.start <= r.end && text.get(r.clone()).is_some()
}

fn fail(what: String) -> Result<(), String> {
    Err(what)
}

/// `classify`: spans fit the text, input indexes fit the links, and a second run gives the same report.
pub fn message(m: &Message) -> Result<(), String> {
    let report = classify(m, &Options::default());
    let units: Vec<u16> = m.text.encode_utf16().collect();
    for s in &report.signals {
        if let Some(span) = s.span.filter(|&sp| !span_ok(sp, &units)) {
            return fail(format!("signal {} span {span:?}", s.id));
        }
    }
    for l in &report.links {
        if let Some(span) = l.span.filter(|&sp| !span_ok(sp, &units)) {
            return fail(format!("link {} span {span:?}", l.url));
        }
        if l.input_index.is_some_and(|i| i >= m.links.len()) {
            return fail(format!("link {} input_index {:?}", l.url, l.input_index));
        }
    }
    let first = serde_json::to_string(&report).map_err(|e| e.to_string())?;
    let again = serde_json::to_string(&classify(m, &Options::default())).map_err(|e| e.to_string())?;
    if first != again {
        return fail("same input, another report".into());
    }
    Ok(())
}

/// Links in text: ranges fit, in order, without overlap.
pub fn links_in_text(t: &str) -> Result<(), String> {
    let mut last_end = 0;
    for link in find_in_text(t) {
        let Some(r) = link.range else { return fail(format!("{} has no range", link.url)) };
        if !range_ok(&r, t) || r.start < last_end {
            return fail(format!("range {r:?} after {last_end}"));
        }
        last_end = r.end;
    }
    Ok(())
}

/// A link element: no range, no invisible character left in its URL.
pub fn input_link(href: Option<&str>, shown: Option<&str>) -> Result<(), String> {
    match from_input(href, shown) {
        Some(link) if link.range.is_some() => fail("an input link with a range".into()),
        Some(link) if link.url.chars().any(is_invisible) => fail(format!("invisible character in {:?}", link.url)),
        _ => Ok(()),
    }
}

/// Senders and phone numbers: the raw sender is kept, number ranges fit.
pub fn sender_and_numbers(t: &str) -> Result<(), String> {
    if parse_sender(t).raw != t {
        return fail("the sender's raw text changed".into());
    }
    match find_phone_numbers(t).into_iter().find(|p| !range_ok(&p.range, t)) {
        Some(p) => fail(format!("number range {:?}", p.range)),
        None => Ok(()),
    }
}

/// Normalising and stripping map any range back inside the text; nothing invisible stays visible.
pub fn normalising(t: &str, a: usize, b: usize) -> Result<(), String> {
    let n = Normalized::new(t);
    for r in [0..n.text.len(), a..b, a.min(b)..a.max(b)] {
        let o = n.original_range(r.clone());
        if !range_ok(&o, t) {
            return fail(format!("normalised {r:?} → {o:?}"));
        }
    }
    let s = Stripped::new(t);
    if s.text.chars().any(is_invisible) {
        return fail("an invisible character left after stripping".into());
    }
    for r in [0..s.text.len(), a..b, a.min(b)..a.max(b)] {
        let o = s.original_range(r.clone());
        if !range_ok(&o, t) {
            return fail(format!("stripped {r:?} → {o:?}"));
        }
    }
    let units: Vec<u16> = t.encode_utf16().collect();
    if !span_ok(Utf16Index::new(t).span(0..t.len()), &units) {
        return fail("the whole text's UTF-16 span".into());
    }
    if visible(t).chars().any(is_invisible) {
        return fail("an invisible character left after writing them out".into());
    }
    Ok(())
}

/// A message from raw fuzz bytes: text, sender, then link hrefs and texts, split at NUL bytes.
pub fn message_from_bytes(data: &[u8]) -> Message {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let body = parts.next().unwrap_or_default().to_string();
    let sender = parts.next().map(str::to_string);
    let rest: Vec<&str> = parts.collect();
    let links = rest
        .chunks(2)
        .map(|pair| InputLink { href: pair.first().map(|s| s.to_string()), text: pair.get(1).map(|s| s.to_string()) })
        .collect();
    Message { text: body, sender, links, ..Message::default() }
}

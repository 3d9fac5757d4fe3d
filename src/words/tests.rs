use super::*;
use proptest::prelude::*;

/// Matches: byte range and value.
type Found = Vec<(Range<usize>, usize)>;

/// What a list's table finds and what its automaton finds, leftmost-longest
/// or overlapping as the list was built; the automaton of the same list
/// made [`Words::sparse`] (natively a packed one) finds the same.
fn both(words: &[&str], longest: bool, text: &str) -> (Found, Found) {
    let table = Words::new(words, longest).expect("words").table;
    let built = Words::new(words, longest).expect("words").built();
    let sparse = Words::sparse(words, longest).expect("words").built();
    if longest {
        let a: Found = built.leftmost(text).collect();
        assert_eq!(sparse.leftmost(text).collect::<Found>(), a, "sparse {text:?}");
        return (table.leftmost(text), a);
    }
    let a: Found = built.overlapping(text).collect();
    assert_eq!(sparse.overlapping(text).collect::<Found>(), a, "sparse {text:?}");
    assert_eq!(table.is_match(text), built.is_match(text), "is_match {text:?}");
    assert_eq!(table.is_match(text), sparse.is_match(text), "sparse is_match {text:?}");
    assert_eq!(table.is_match(text), !a.is_empty(), "is_match {text:?}");
    (table.overlapping(text), a)
}

/// `|marked|` spans of `marked`, as byte ranges of the text without the bars.
fn spans(marked: &str) -> (String, Vec<Range<usize>>) {
    let (mut text, mut spans, mut open) = (String::new(), Vec::new(), None);
    for c in marked.chars() {
        match (c, open) {
            ('|', None) => open = Some(text.len()),
            ('|', Some(start)) => {
                spans.push(start..text.len());
                open = None;
            }
            _ => text.push(c),
        }
    }
    (text, spans)
}

#[test]
fn leftmost_longest_by_table_and_automaton() {
    let words = ["逾期", "逾期未还", "未还款", "yu期", "past due", "due", "p", "期"];
    for marked in [
        "您已|逾期未还|款，请|p|ay",
        "|逾期||期||期|",
        "|yu期| |past due| |due|",
        "|p|as",
        "",
        "é|p|é",
    ] {
        let (text, expected) = spans(marked);
        let (table, automaton) = both(&words, true, &text);
        assert_eq!(table.iter().map(|m| m.0.clone()).collect::<Vec<_>>(), expected, "{marked}");
        assert_eq!(table, automaton, "{marked}");
    }
}

#[test]
fn overlapping_by_end_the_longer_first() {
    let words = ["逾期", "期", "逾期未还", "未还", "a", "aa"];
    let (table, automaton) = both(&words, false, "逾期未还 aaa");
    let ends: Found = vec![(0..6, 0), (3..6, 1), (0..12, 2), (6..12, 3), (13..14, 4), (13..15, 5), (14..15, 4), (14..16, 5), (15..16, 4)];
    assert_eq!(table, ends);
    assert_eq!(automaton, ends);
}

#[test]
fn repeated_and_empty_words_keep_the_first_value() {
    let words = Words::new(&["", "due", "past", "due"], true).expect("words");
    assert_eq!(words.leftmost("past due").collect::<Vec<_>>(), vec![(0..4, 2), (5..8, 1)]);
    assert!(Words::new(&[""], false).is_none());
    assert!(Words::new::<&str>(&[], false).is_none());
}

#[test]
fn the_automaton_is_built_once_the_table_has_searched_enough() {
    // A short list (12 bytes of words): built once BUILD_AFTER_AT_LEAST
    // bytes have been searched, not after 24.
    let words = Words::new(&["逾期", "催收"], false).expect("words");
    let repeats = BUILD_AFTER_AT_LEAST / 18 - 1;
    let half = "已逾期".repeat(repeats);
    for _ in 0..2 {
        assert_eq!(words.overlapping(&half).count(), repeats);
        assert!(words.automaton.get().is_none(), "{words:?}");
    }
    assert_eq!(words.overlapping("已逾期").collect::<Vec<_>>(), vec![(3..9, 0)]);
    assert!(words.automaton.get().is_none(), "{words:?}");
    assert_eq!(words.overlapping(&half).count(), repeats);
    assert!(format!("{words:?}").contains("automaton: Some(Some("), "{words:?}");
    // One text as long as that gets the automaton at once.
    let words = Words::new(&["逾期", "催收"], true).expect("words");
    let long = "逾期".repeat(BUILD_AFTER_AT_LEAST / 6 + 1);
    assert_eq!(words.leftmost(&long).count(), BUILD_AFTER_AT_LEAST / 6 + 1);
    assert!(words.automaton.get().is_some(), "{words:?}");
    // A long list (18,000 bytes of words): built after BUILD_AFTER times that.
    let many: Vec<String> = (0..3000).map(|i| format!("w{i:05}")).collect();
    let words = Words::new(&many, false).expect("words");
    let text = "w01234 ".repeat((BUILD_AFTER_AT_LEAST + 1000) / 7);
    assert!(text.len() >= BUILD_AFTER_AT_LEAST && text.len() < BUILD_AFTER * 18_000);
    assert!(words.is_match(&text));
    assert!(words.automaton.get().is_none(), "{words:?}");
    assert!(words.is_match(&text));
    assert!(words.automaton.get().is_some(), "{words:?}");
}

/// Every keyword of the rules, over every message of the found and written
/// sets (normalised as the rules see them): the table finds what the
/// automaton finds.
#[test]
fn the_rules_keywords_found_alike_in_real_messages() {
    let keywords: &[&str] = &crate::rules::keyword_texts().collect::<Vec<_>>();
    let table = Words::new(keywords, false).expect("keywords");
    let built = Words::new(keywords, false).expect("keywords").built();
    let root = env!("CARGO_MANIFEST_DIR");
    let mut messages = 0;
    for file in ["tests/data/found.jsonl", "tests/data/written.jsonl", "tests/data/written-en.jsonl"] {
        let data = std::fs::read_to_string(format!("{root}/{file}")).expect("test data");
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            let m: serde_json::Value = serde_json::from_str(line).expect("json");
            let text = crate::text::fold_str(m["text"].as_str().unwrap_or_default());
            let t: Vec<_> = table.table.overlapping(&text);
            let a: Vec<_> = built.overlapping(&text).collect();
            assert_eq!(t, a, "{file}: {}", m["id"]);
            messages += 1;
        }
    }
    assert!(messages > 3000, "{messages} messages");
}

proptest! {
    #[test]
    fn table_and_automaton_agree(
        words in proptest::collection::vec("[ab逾期é]{1,4}", 1..12),
        text in "[ab逾期é ]{0,40}",
        longest in any::<bool>(),
    ) {
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let (table, automaton) = both(&words, longest, &text);
        prop_assert_eq!(table, automaton);
    }
}

/// Instructions are what `make bench` compares; this prints the two costs
/// [`BUILD_AFTER`] weighs, in time, for the rules' keywords over the first
/// messages of the found set.
#[test]
#[ignore]
fn build_and_search_costs() {
    let keywords: &[&str] = &crate::rules::keyword_texts().collect::<Vec<_>>();
    let bytes: usize = keywords.iter().map(|k| k.len()).sum();
    let start = std::time::Instant::now();
    let built = Words::new(keywords, false).expect("keywords").built();
    let build = start.elapsed();
    let table = Words::new(keywords, false).expect("keywords");
    let data = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/found.jsonl")).expect("test data");
    let texts: Vec<String> = data.lines().filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok()).map(|m| crate::text::fold_str(m["text"].as_str().unwrap_or_default())).collect();
    let searched: usize = texts.iter().map(String::len).sum();
    let time = |w: &dyn Fn(&str) -> usize| {
        let start = std::time::Instant::now();
        let n: usize = texts.iter().map(|t| w(t)).sum();
        (start.elapsed(), n)
    };
    let (by_table, n1) = time(&|t| table.table.overlapping(t).len());
    let (by_automaton, n2) = time(&|t| built.overlapping(t).count());
    assert_eq!(n1, n2);
    let extra = (by_table.as_secs_f64() - by_automaton.as_secs_f64()) / searched as f64;
    println!("build {build:?} for {bytes} bytes of words ({:.1} ns a byte); search {searched} bytes: table {by_table:?}, automaton {by_automaton:?} ({:.2} ns a byte more); break-even after {:.1} bytes searched a byte of words", build.as_secs_f64() * 1e9 / bytes as f64, extra * 1e9, build.as_secs_f64() / extra / bytes as f64);
}

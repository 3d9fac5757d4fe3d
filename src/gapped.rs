//! Expressions made only of literals, alternatives of literals and bounded
//! gaps, matched without compiling anything.
//!
//! Many of the rules' Chinese expressions have this shape (147 of 363):
//! `点击[^。]{0,40}(还款|缴费|支付)`, `(物业|水|电)费[^。，]{0,12}未(缴|交)`.
//! The regex crates compile an expression into automata the first time a
//! message needs it, and in the WebAssembly module that is also the first
//! time their compiler's code runs, which V8 then compiles: for the first
//! report of a worker that has just started, a fifth of the wait went to one
//! such expression. An expression of this shape needs no automaton: a
//! backtracking walk over its parts, in order, finds what the regex crates
//! find, the leftmost match and, there, the first alternative and the longest
//! gap that let the rest match (their "leftmost-first" semantics), and the
//! texts it runs on are short windows around an anchor.
//!
//! [`Gapped::parse`] accepts the shape, with one gap at most so that the walk
//! stays within (gap length + 1) steps a start, and nothing else (`None` for
//! any other expression, which `src/backtrack.rs` searches first and the
//! regex crates once it has been searched enough); a test in `src/rules.rs` checks
//! that every expression of the rules it accepts finds the same matches as
//! the regex crates on every message of the test data.

use std::ops::Range;

/// One part of a [`Gapped`] expression, borrowing from the expression's text.
#[derive(Debug, Clone, PartialEq)]
enum Part<'a> {
    /// One of these literals, tried in order (one literal: a plain run of
    /// characters); `optional`: or none of them, tried last.
    Literals { alternatives: Vec<&'a str>, optional: bool },
    /// Up to `max` characters, none of them in `except` (any but a line
    /// break for `.`), as many as let the rest match, tried longest first.
    Gap { except: &'a str, max: usize },
}

/// An expression of literals, alternatives and bounded gaps (see the module
/// documentation).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Gapped<'a> {
    parts: Vec<Part<'a>>,
}

/// Characters with a meaning in the expressions' syntax.
const META: &[char] = &['\\', '(', ')', '[', ']', '{', '}', '.', '*', '+', '?', '|', '^', '$'];

/// Longest gap accepted: longer ones are left to the automata.
const MAX_GAP: usize = 200;

/// Quantifiers: after a literal run, a group or a gap, the shape is left.
const QUANTIFIERS: [char; 4] = ['?', '*', '+', '{'];

impl<'a> Gapped<'a> {
    /// The expression, if it is a sequence of literal runs, groups of
    /// literal alternatives (`(a|bc)`, optionally followed by `?`) and gaps
    /// `[^…]{0,n}` or `.{0,n}`, beginning with a literal or a group that is
    /// not optional; `None` for anything else.
    pub(crate) fn parse(re: &'a str) -> Option<Gapped<'a>> {
        let mut parts = Vec::new();
        let mut rest = re;
        while let Some(c) = rest.chars().next() {
            let (part, after) = match c {
                '(' => group(rest)?,
                '[' | '.' => gap(rest)?,
                c if META.contains(&c) => return None,
                _ => {
                    let end = rest.find(|c: char| META.contains(&c)).unwrap_or(rest.len());
                    // A quantifier after a run applies to its last character only.
                    if rest[end..].starts_with(QUANTIFIERS) {
                        return None;
                    }
                    (Part::Literals { alternatives: vec![&rest[..end]], optional: false }, &rest[end..])
                }
            };
            parts.push(part);
            rest = after;
        }
        // One gap at most: with two, a text dense in the literals around
        // them would cost the walk the product of their lengths at every
        // start (the automata stay linear).
        let gaps = parts.iter().filter(|p| matches!(p, Part::Gap { .. })).count();
        (gaps <= 1 && matches!(parts.first(), Some(Part::Literals { optional: false, .. }))).then_some(Gapped { parts })
    }

    /// The literals any match contains, in order: one entry for each part
    /// of literals that is not optional, listing its alternatives.
    pub(crate) fn required(&self) -> Vec<Vec<String>> {
        let literals = |p: &Part<'_>| match p {
            Part::Literals { alternatives, optional: false } => Some(alternatives.iter().map(|a| a.to_string()).collect()),
            _ => None,
        };
        self.parts.iter().filter_map(literals).collect()
    }

    /// Calls `f` with the byte range of each match in `haystack` that begins
    /// at byte `from` or after it, leftmost first and not overlapping, while
    /// `f` returns true.
    /// (One function for every caller's `f`: the module carries it once.)
    pub(crate) fn each_match_from(&self, haystack: &str, from: usize, f: &mut dyn FnMut(Range<usize>) -> bool) {
        let mut at = from;
        while at <= haystack.len() {
            let Some(m) = self.find_at(haystack, at) else { return };
            if !f(m.clone()) {
                return;
            }
            // Matches are never empty (the first part is a non-empty literal).
            at = m.end.max(m.start + 1);
            while !haystack.is_char_boundary(at) {
                at += 1;
            }
        }
    }

    /// The leftmost match beginning at `from` or after it.
    fn find_at(&self, haystack: &str, from: usize) -> Option<Range<usize>> {
        let Some(Part::Literals { alternatives, .. }) = self.parts.first() else { return None };
        let mut at = from;
        // A match begins where one of the first part's literals does: the
        // nearest place one does, then the next.
        loop {
            let text = haystack.get(at..)?;
            let start = at + alternatives.iter().filter_map(|a| text.find(a)).min()?;
            if let Some(end) = self.match_from(haystack, 0, start) {
                return Some(start..end);
            }
            at = start + text[start - at..].chars().next().map_or(1, char::len_utf8);
        }
    }

    /// Where the parts from `i` on, matched from byte `at`, end: the first
    /// way in the order of leftmost-first semantics.
    fn match_from(&self, haystack: &str, i: usize, at: usize) -> Option<usize> {
        let Some(part) = self.parts.get(i) else { return Some(at) };
        let rest = &haystack[at..];
        match part {
            Part::Literals { alternatives, optional } => alternatives
                .iter()
                .filter(|a| rest.starts_with(**a))
                .find_map(|a| self.match_from(haystack, i + 1, at + a.len()))
                .or_else(|| if *optional { self.match_from(haystack, i + 1, at) } else { None }),
            Part::Gap { except, max } => {
                // The longest gap: up to `max` characters not in `except`.
                let longest = at + rest.chars().take(*max).take_while(|c| !except.chars().any(|e| e == *c)).map(char::len_utf8).sum::<usize>();
                // Tried from it down to none, one character shorter each time.
                let shorter = haystack[at..longest].char_indices().rev().map(|(j, _)| at + j);
                std::iter::once(longest).chain(shorter).find_map(|end| self.match_from(haystack, i + 1, end))
            }
        }
    }
}

/// `(a|bc)` or `(a|bc)?` at the start of `s`, and what follows it.
fn group(s: &str) -> Option<(Part<'_>, &str)> {
    let close = s.find(')')?;
    let inner = &s[1..close];
    let alternatives: Vec<&str> = inner.split('|').collect();
    if alternatives.iter().any(|a| a.is_empty() || a.contains(META)) {
        return None;
    }
    let after = &s[close + 1..];
    let (optional, after) = match after.strip_prefix('?') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    if after.starts_with(QUANTIFIERS) {
        return None;
    }
    Some((Part::Literals { alternatives, optional }, after))
}

/// `[^…]{0,n}` or `.{0,n}` at the start of `s`, and what follows it.
fn gap(s: &str) -> Option<(Part<'_>, &str)> {
    let (except, after) = if let Some(rest) = s.strip_prefix('.') {
        ("\n", rest)
    } else {
        let rest = s.strip_prefix("[^")?;
        let close = rest.find(']')?;
        let members = &rest[..close];
        // No escapes, ranges, nested classes or a `]` member.
        if members.is_empty() || members.contains(['\\', '-', '[', '^']) {
            return None;
        }
        (members, &rest[close + 1..])
    };
    let bound = after.strip_prefix("{0,")?;
    let close = bound.find('}')?;
    let max: usize = bound[..close].parse().ok().filter(|&n| n <= MAX_GAP)?;
    let after = &bound[close + 1..];
    if after.starts_with(QUANTIFIERS) {
        return None;
    }
    Some((Part::Gap { except, max }, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(re: &str, text: &str) -> Vec<&'static str> {
        let g = Gapped::parse(re).unwrap_or_else(|| panic!("{re} not accepted"));
        let mut out = Vec::new();
        g.each_match_from(text, 0, &mut |m| {
            out.push(&*String::leak(text[m].to_string()));
            true
        });
        out
    }

    #[test]
    fn accepts_literals_alternatives_and_bounded_gaps_only() {
        for re in ["逾期", "点击[^。]{0,40}(还款|缴费)", "(物业|水)费(已经|已)?欠", "a.{0,3}b(c|d)?e", "(a|b)c"] {
            assert!(Gapped::parse(re).is_some(), "{re}");
        }
        for re in [
            r"\d+天",        // a class escape
            "逾期?",          // a quantifier on one character
            "(a|b)?c",       // may begin with nothing
            "[^。]{0,4}逾期", // begins with a gap
            "a[^a-z]{0,3}b", // a range
            "a[^x]{1,3}b",   // a lower bound
            "a(b|)c",        // an empty alternative
            "a(?:b|c)",      // a non-capturing group
            "a|b",           // alternatives outside a group
            "a[^x]{0,300}b", // too long a gap
            "a.{0,3}b.{0,3}c", // two gaps
            "a+",
            "",
        ] {
            assert_eq!(Gapped::parse(re), None, "{re}");
        }
    }

    #[test]
    fn finds_leftmost_first_matches_as_the_regex_crates_do() {
        // The leftmost start wins; there, the first alternative that lets the rest match.
        assert_eq!(matches("(ab|a)(c|bcd)", "xabcd abc"), ["abc", "abc"]);
        // Gaps are greedy, but give back what the rest needs.
        assert_eq!(matches("点击[^。]{0,10}(还款|缴费)", "请点击链接还款或缴费。点击缴费"), ["点击链接还款或缴费", "点击缴费"]);
        // A gap stops at its excluded characters.
        assert!(matches("点击[^。]{0,10}还款", "点击链接。还款").is_empty());
        // An optional group is taken when it can be.
        assert_eq!(matches("费(已经|已)?欠", "水费已经欠了 电费欠"), ["费已经欠", "费欠"]);
        // `.` stops at a line break; bounds count characters, not bytes.
        assert!(matches("a.{0,2}b", "a\nb").is_empty());
        assert_eq!(matches("a.{0,2}b", "a逾期b"), ["a逾期b"]);
        assert!(matches("a.{0,2}b", "a逾期了b").is_empty());
    }
}

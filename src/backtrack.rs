//! A bounded backtracking matcher for the rules' expressions, which needs no
//! compiling: what an expression uses before it has searched enough text to
//! be worth compiling into automata.
//!
//! The regex crates compile an expression into a Thompson NFA and lazy DFAs
//! the first time a message needs it. For an English expression with bounded
//! gaps of a negated class (`[^.!?\n]{0,40}`) that is tens of thousands of
//! NFA states, and in the WebAssembly module the compiler's code also runs
//! for the first time then: V8 compiles it and, as it runs long, optimises
//! it, on the worker's few cores while the first report waits (an English
//! first message took 83 ms where V8's baseline compiler alone took 32 ms).
//! The windows around an anchor that an expression searches are short, and a
//! backtracker over the expression's parsed program searches them without
//! building anything.
//!
//! [`Program::parse`] reads regex-lite syntax (the data's): literals, `.`,
//! classes with ranges and `\d \s \w` (ASCII, as in regex-lite), their
//! negations, groups, alternation, the quantifiers `? * + {n} {n,} {n,m}`
//! (greedy or lazy), `^ $` (the haystack's ends) and ASCII `\b \B`. Anything
//! else, and an expression that can match the empty string, gives `None`,
//! which the automata keep. The search is leftmost-first, as the regex
//! crates': the leftmost start, and there the first way in the order of
//! alternatives and quantifiers. It remembers each (instruction, place) it
//! has tried and failed, so a search costs at most the program's length
//! times the text's; a search that would need more memory than
//! [`MAX_VISITED_BITS`] answers `Err`, and the automata search instead.

use std::cell::RefCell;
use std::ops::Range;

/// The most (instruction, place) pairs one search remembers: 2 Mbit, 256 KB,
/// as regex-automata's bounded backtracker.
const MAX_VISITED_BITS: usize = 1 << 21;

/// The longest counted repetition accepted (`{0,200}` is 200 copies of
/// what it repeats): longer ones are left to the automata.
const MAX_REPEAT: u32 = 300;

/// The most instructions a program has.
const MAX_INSTRUCTIONS: usize = 20_000;

/// Sorted ranges of characters; `negated`: any character outside them.
#[derive(Debug, Clone, PartialEq)]
struct Class {
    ranges: Vec<(char, char)>,
    negated: bool,
}

impl Class {
    fn matches(&self, c: char) -> bool {
        self.ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != self.negated
    }
}

/// What matches one character or one place.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Leaf {
    Char(char),
    /// The `n`th class of the expression (copies of a repetition share it).
    Class(usize),
    /// `.`: any character but a line break.
    Any,
    Start,
    End,
    /// `\b` (`true`) or `\B`, by ASCII word bytes.
    Boundary(bool),
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Leaf(Leaf),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat { node: Box<Node>, min: u32, max: Option<u32>, greedy: bool },
}

#[derive(Debug, Clone, PartialEq)]
enum Inst {
    Leaf(Leaf),
    /// Try the first, then the second.
    Split(usize, usize),
    Jump(usize),
    Match,
}

/// An expression read into instructions for the backtracker.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Program {
    insts: Vec<Inst>,
    classes: Vec<Class>,
}

impl Program {
    /// The program of `re` (regex-lite syntax), or `None` when it uses
    /// syntax the backtracker does not read, is too long, or can match the
    /// empty string.
    pub(crate) fn parse(re: &str) -> Option<Program> {
        let mut parser = Parser { chars: re.chars().collect(), at: 0, classes: Vec::new() };
        let node = parser.alternation()?;
        if parser.at != parser.chars.len() || nullable(&node) {
            return None;
        }
        let mut insts = Vec::new();
        compile(&node, &mut insts)?;
        insts.push(Inst::Match);
        (insts.len() <= MAX_INSTRUCTIONS).then_some(Program { insts, classes: parser.classes })
    }

    /// The number of instructions.
    pub(crate) fn len(&self) -> usize {
        self.insts.len()
    }

    /// Calls `f` with the byte range of each match in `haystack` that begins
    /// at byte `from` or after it, leftmost first and not overlapping, while
    /// `f` returns true; `Err(())` (before any call) when the search would
    /// need more memory than it may take.
    pub(crate) fn each_match_from(&self, haystack: &str, from: usize, f: &mut dyn FnMut(Range<usize>) -> bool) -> Result<(), ()> {
        let from = from.min(haystack.len());
        let places = haystack.len() - from + 1;
        let bits = self.insts.len().checked_mul(places).filter(|&b| b <= MAX_VISITED_BITS).ok_or(())?;
        thread_local! {
            static VISITED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
        }
        VISITED.with(|visited| {
            let mut visited = visited.try_borrow_mut().map_err(|_| ())?;
            let mut search = Search { insts: &self.insts, classes: &self.classes, text: haystack, from, places, visited: &mut visited, stack: Vec::new() };
            search.clear(bits);
            let mut at = from;
            while at <= haystack.len() {
                let Some(m) = search.find_at(at) else { break };
                if !f(m.clone()) {
                    break;
                }
                // Matches are never empty (parse refuses such expressions).
                // The places a later start visits are past this match's end;
                // what failed before stays failed from any start.
                at = m.end;
            }
            Ok(())
        })
    }
}

struct Search<'a> {
    insts: &'a [Inst],
    classes: &'a [Class],
    text: &'a str,
    from: usize,
    places: usize,
    visited: &'a mut Vec<u64>,
    stack: Vec<(usize, usize)>,
}

impl Search<'_> {
    fn clear(&mut self, bits: usize) {
        let words = bits.div_ceil(64);
        self.visited.clear();
        self.visited.resize(words, 0);
    }

    /// Whether (instruction, place) was tried before; marks it tried.
    fn seen(&mut self, ip: usize, at: usize) -> bool {
        let bit = ip * self.places + (at - self.from);
        let (word, mask) = (bit / 64, 1u64 << (bit % 64));
        let seen = self.visited[word] & mask != 0;
        self.visited[word] |= mask;
        seen
    }

    /// The leftmost match beginning at `start` or after it.
    fn find_at(&mut self, start: usize) -> Option<Range<usize>> {
        let mut at = start;
        loop {
            if let Some(end) = self.run(at) {
                return Some(at..end);
            }
            at += self.text[at..].chars().next()?.len_utf8();
        }
    }

    /// Where the first match beginning at `start` ends.
    fn run(&mut self, start: usize) -> Option<usize> {
        self.stack.clear();
        self.stack.push((0, start));
        let bytes = self.text.as_bytes();
        while let Some((mut ip, mut at)) = self.stack.pop() {
            loop {
                if self.seen(ip, at) {
                    break;
                }
                match &self.insts[ip] {
                    Inst::Match => return Some(at),
                    Inst::Leaf(leaf) => {
                        let next = self.text[at..].chars().next();
                        let taken = match (leaf, next) {
                            (Leaf::Char(c), Some(n)) => (n == *c).then_some(n.len_utf8()),
                            (Leaf::Class(i), Some(n)) => self.classes[*i].matches(n).then_some(n.len_utf8()),
                            (Leaf::Any, Some(n)) => (n != '\n').then_some(n.len_utf8()),
                            (Leaf::Char(_) | Leaf::Class(_) | Leaf::Any, None) => None,
                            (Leaf::Start, _) => (at == 0).then_some(0),
                            (Leaf::End, _) => (at == bytes.len()).then_some(0),
                            (Leaf::Boundary(wanted), _) => {
                                let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
                                let boundary = word(at.checked_sub(1).and_then(|i| bytes.get(i))) != word(bytes.get(at));
                                (boundary == *wanted).then_some(0)
                            }
                        };
                        match taken {
                            Some(len) => at += len,
                            None => break,
                        }
                    }
                    Inst::Split(first, second) => {
                        self.stack.push((*second, at));
                        ip = *first;
                        continue;
                    }
                    Inst::Jump(to) => {
                        ip = *to;
                        continue;
                    }
                }
                ip += 1;
            }
        }
        None
    }
}

/// Whether `node` can match the empty string.
fn nullable(node: &Node) -> bool {
    match node {
        Node::Leaf(Leaf::Char(_) | Leaf::Class(_) | Leaf::Any) => false,
        Node::Leaf(Leaf::Start | Leaf::End | Leaf::Boundary(_)) => true,
        Node::Concat(nodes) => nodes.iter().all(nullable),
        Node::Alt(nodes) => nodes.iter().any(nullable),
        Node::Repeat { node, min, .. } => *min == 0 || nullable(node),
    }
}

/// Appends the instructions of `node`; `None` when there would be too many.
fn compile(node: &Node, insts: &mut Vec<Inst>) -> Option<()> {
    if insts.len() > MAX_INSTRUCTIONS {
        return None;
    }
    match node {
        Node::Leaf(leaf) => insts.push(Inst::Leaf(*leaf)),
        Node::Concat(nodes) => {
            for n in nodes {
                compile(n, insts)?;
            }
        }
        Node::Alt(nodes) => {
            // split(a, split(b, c)): each alternative jumps to the end.
            let mut jumps = Vec::new();
            for (i, n) in nodes.iter().enumerate() {
                if i + 1 < nodes.len() {
                    let split = insts.len();
                    insts.push(Inst::Split(split + 1, 0));
                    compile(n, insts)?;
                    jumps.push(insts.len());
                    insts.push(Inst::Jump(0));
                    let next = insts.len();
                    insts[split] = Inst::Split(split + 1, next);
                } else {
                    compile(n, insts)?;
                }
            }
            let end = insts.len();
            for j in jumps {
                insts[j] = Inst::Jump(end);
            }
        }
        Node::Repeat { node, min, max, greedy } => {
            for _ in 0..*min {
                compile(node, insts)?;
            }
            let split = |body: usize, exit: usize| if *greedy { Inst::Split(body, exit) } else { Inst::Split(exit, body) };
            match max {
                None => {
                    // L: split(body, exit); body; jump L
                    let top = insts.len();
                    insts.push(Inst::Jump(0));
                    compile(node, insts)?;
                    insts.push(Inst::Jump(top));
                    let exit = insts.len();
                    insts[top] = split(top + 1, exit);
                }
                Some(max) => {
                    // split(body, exit); body; split(body, exit); body; …
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(insts.len());
                        insts.push(Inst::Jump(0));
                        compile(node, insts)?;
                    }
                    let exit = insts.len();
                    for s in splits {
                        insts[s] = split(s + 1, exit);
                    }
                }
            }
        }
    }
    Some(())
}

/// Characters that stand for themselves after a `\`.
const ESCAPABLE: &str = "\\.+*?()|[]{}^$#&-~ /'\"!,:;<=>@%`";

/// A recursive-descent reader of the syntax. Its rarer parts (classes,
/// escapes, quantifiers) are functions of their own, so that the loop over
/// plain characters, which the rules' long word lists make hot, stays small
/// for V8 to optimise.
struct Parser {
    chars: Vec<char>,
    at: usize,
    classes: Vec<Class>,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        self.at += usize::from(found);
        found
    }

    fn alternation(&mut self) -> Option<Node> {
        let mut alternatives = vec![self.concat()?];
        while self.eat('|') {
            alternatives.push(self.concat()?);
        }
        Some(if alternatives.len() == 1 { alternatives.pop()? } else { Node::Alt(alternatives) })
    }

    fn concat(&mut self) -> Option<Node> {
        let mut nodes = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            nodes.push(self.quantified(atom)?);
        }
        Some(if nodes.len() == 1 { nodes.pop()? } else { Node::Concat(nodes) })
    }

    fn atom(&mut self) -> Option<Node> {
        let c = self.peek()?;
        self.at += 1;
        match c {
            '(' => {
                if self.peek() == Some('?') {
                    return None; // flags and non-capturing groups
                }
                let inner = self.alternation()?;
                self.eat(')').then_some(inner)
            }
            '[' => self.class(),
            '.' => Some(Node::Leaf(Leaf::Any)),
            '^' => Some(Node::Leaf(Leaf::Start)),
            '$' => Some(Node::Leaf(Leaf::End)),
            '\\' => self.escape(),
            '*' | '+' | '?' | '{' | ')' | ']' | '}' => None,
            c => Some(Node::Leaf(Leaf::Char(c))),
        }
    }

    /// After a `\` outside a class.
    #[inline(never)]
    fn escape(&mut self) -> Option<Node> {
        let c = self.peek()?;
        self.at += 1;
        if let Some((ranges, negated)) = perl_class(c) {
            return Some(self.add_class(ranges.to_vec(), negated));
        }
        let leaf = match c {
            'b' => Leaf::Boundary(true),
            'B' => Leaf::Boundary(false),
            'n' => Leaf::Char('\n'),
            't' => Leaf::Char('\t'),
            c if ESCAPABLE.contains(c) => Leaf::Char(c),
            _ => return None,
        };
        Some(Node::Leaf(leaf))
    }

    /// After a `[`: the class up to its `]`.
    #[inline(never)]
    fn class(&mut self) -> Option<Node> {
        let negated = self.eat('^');
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let c = self.peek()?;
            self.at += 1;
            let lo = match c {
                ']' if !first => break,
                '[' => return None, // nested classes, [[:digit:]]
                '\\' => {
                    let e = self.peek()?;
                    self.at += 1;
                    match perl_class(e) {
                        Some((set, false)) => {
                            ranges.extend_from_slice(set);
                            first = false;
                            continue;
                        }
                        Some((_, true)) => return None, // a negated class inside a class
                        None => match e {
                            'n' => '\n',
                            't' => '\t',
                            e if ESCAPABLE.contains(e) => e,
                            _ => return None,
                        },
                    }
                }
                c => c,
            };
            first = false;
            // A range `lo-hi`, unless the `-` is last.
            if self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|&n| n != ']') {
                self.at += 1;
                let hi = match self.peek()? {
                    '\\' | '[' => return None,
                    hi => hi,
                };
                self.at += 1;
                if hi < lo {
                    return None;
                }
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        ranges.sort_unstable();
        Some(self.add_class(ranges, negated))
    }

    fn add_class(&mut self, ranges: Vec<(char, char)>, negated: bool) -> Node {
        self.classes.push(Class { ranges, negated });
        Node::Leaf(Leaf::Class(self.classes.len() - 1))
    }

    /// `atom` with the quantifier that follows it, if any.
    #[inline(never)]
    fn quantified(&mut self, atom: Node) -> Option<Node> {
        let (min, max) = match self.peek() {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('{') => {
                let close = self.chars[self.at..].iter().position(|&c| c == '}')? + self.at;
                let inside: String = self.chars[self.at + 1..close].iter().collect();
                let (min, max) = match inside.split_once(',') {
                    None => {
                        let n = inside.parse().ok()?;
                        (n, Some(n))
                    }
                    Some((min, "")) => (min.parse().ok()?, None),
                    Some((min, max)) => (min.parse().ok()?, Some(max.parse().ok()?)),
                };
                if max.is_some_and(|m| m < min || m > MAX_REPEAT) || min > MAX_REPEAT {
                    return None;
                }
                self.at = close;
                (min, max)
            }
            _ => return Some(atom),
        };
        self.at += 1;
        let greedy = !self.eat('?');
        if matches!(self.peek(), Some('?' | '*' | '+' | '{')) {
            return None; // a quantifier on a quantifier
        }
        if matches!(atom, Node::Leaf(Leaf::Start | Leaf::End | Leaf::Boundary(_))) {
            return None;
        }
        Some(Node::Repeat { node: Box::new(atom), min, max, greedy })
    }
}

/// The ASCII sets of `\d \s \w` (regex-lite's), and whether the letter
/// negates them (`\D \S \W`).
fn perl_class(c: char) -> Option<(&'static [(char, char)], bool)> {
    const DIGIT: &[(char, char)] = &[('0', '9')];
    const SPACE: &[(char, char)] = &[('\t', '\r'), (' ', ' ')];
    const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
    match c {
        'd' => Some((DIGIT, false)),
        's' => Some((SPACE, false)),
        'w' => Some((WORD, false)),
        'D' => Some((DIGIT, true)),
        'S' => Some((SPACE, true)),
        'W' => Some((WORD, true)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matches of `re` in `text` from byte `from`.
    fn matches(re: &str, text: &str, from: usize) -> Vec<Range<usize>> {
        let p = Program::parse(re).unwrap_or_else(|| panic!("{re} not read"));
        let mut out = Vec::new();
        p.each_match_from(text, from, &mut |m| {
            out.push(m);
            true
        })
        .expect("small enough");
        out
    }

    /// Leftmost-first, table-driven, checked against regex-lite itself.
    #[test]
    fn finds_what_regex_lite_finds() {
        let table = [
            (r"(ab|a)(c|bcd)", "xabcd abc"),
            (r"点击[^。]{0,10}(还款|缴费)", "请点击链接还款或缴费。点击缴费"),
            (r"\bcall now", "recall now; call now"),
            (r"(claim|prize) \d", "win 5 now prize 7"),
            (r"a.{0,2}b", "a\nb a逾期b a逾期了b"),
            (r"\d{1,3}\s?(days?|天)", "30 days 7天 1234 day"),
            (r"(re)?payment of [^.!?\n]{1,40}? (to [^.!?\n]{1,30} )?(is|was) due", "repayment of $5 to bank is due. payment of x was due"),
            (r"^(hi|hey)[ ,!.]+[a-z]+", "hey, bob hi there"),
            (r"due\.$", "pay now. due."),
            (r"[a-z-]+\.top\b", "go to pay-now.top/x or a.topx"),
            (r"\w+@\w+", "mail a_b@c9 now"),
            (r"[^\d\s]{2,}\B", "ab12 cde fg"),
            (r"x*y+?", "xxyyy y"),
            (r"(a|ab)(c|bcd)(d*)", "abcd"),
            (r"[\d,.]*\d", "1,234.5 and 7"),
            (r"(逾期|期)\d+天", "逾期3天，到期5天"),
            (r"[$£€]?\d+", "pay £30 or 5"),
        ];
        for (re, text) in table {
            let want: Vec<Range<usize>> = regex_lite::Regex::new(re).expect("compiles").find_iter(text).map(|m| m.range()).collect();
            assert_eq!(matches(re, text, 0), want, "{re} on {text:?}");
        }
    }

    proptest::proptest! {
        /// On random texts of the characters the expressions name, from
        /// random places, the backtracker finds what regex-lite finds.
        #[test]
        fn agrees_with_regex_lite_on_random_texts(text in "[ab逾期1 .\n_é]{0,30}", which in 0usize..12, from in 0usize..30) {
            let expressions = [
                r"(ab|a)(b|ba)?",
                r"a[^.\n]{0,4}b",
                r"\ba+\b",
                r"\Bb",
                r"(逾期|期)\d*",
                r"[^ab]{2,}",
                r"a.*?b",
                r"(a|b)+1",
                r"^a|b$",
                r"\w{2}\s?\d",
                r"(a(b|逾)?){1,3}期",
                r"[a-b_]+é?",
            ];
            let re = expressions[which];
            let from = (0..=from.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            let lite = regex_lite::Regex::new(re).expect("compiles");
            let want: Vec<Range<usize>> = std::iter::successors(lite.find_at(&text, from), |m| lite.find_at(&text, m.end())).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(matches(re, &text, from), want, "{} on {:?} from {}", re, text, from);
        }
    }

    #[test]
    fn leaves_what_it_does_not_read_to_the_automata() {
        for re in [r"(?i)code", r"(?:a|b)c", r"[[:digit:]]", r"\p{Han}", r"a**", r"a?", r"(a|)", r"\bx?\b", "a{5,400}", r"[\D]x", ""] {
            assert_eq!(Program::parse(re), None, "{re}");
        }
    }

    #[test]
    fn a_search_too_big_to_remember_says_so() {
        let p = Program::parse(r"a[^\n]{0,300}b").expect("read");
        let long = "a".repeat(20_000);
        assert_eq!(p.each_match_from(&long, 0, &mut |_| true), Err(()));
        assert!(p.each_match_from("a  b", 0, &mut |_| true).is_ok());
    }

    #[test]
    fn a_search_from_inside_the_text_keeps_its_context() {
        assert_eq!(matches(r"\bab", "xab ab", 1), [4..6]);
    }
}

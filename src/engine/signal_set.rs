//! A set of signal indices: which signals a message raised, counted or saw,
//! each once, in the order of the catalogue.

/// Distinct signal indices, a bit each: a message's sets are small and
/// short-lived, and iterate in the order of the indices. The bits of up to
/// [`SET_WORDS`]` · 64` signals (the catalogue has about 400) are kept in
/// place, so that a message's four sets allocate nothing; a larger
/// catalogue's on the heap.
pub(super) enum SignalSet {
    Inline { words: [u64; SET_WORDS], len: usize },
    Heap(Vec<u64>),
}

/// Words of bits a [`SignalSet`] keeps in place.
const SET_WORDS: usize = 8;

impl SignalSet {
    /// An empty set for indices below `signals`.
    pub(super) fn new(signals: usize) -> Self {
        let len = signals.div_ceil(64);
        if len <= SET_WORDS {
            SignalSet::Inline { words: [0; SET_WORDS], len }
        } else {
            SignalSet::Heap(vec![0; len])
        }
    }

    fn words(&self) -> &[u64] {
        match self {
            SignalSet::Inline { words, len } => &words[..*len],
            SignalSet::Heap(words) => words,
        }
    }

    fn words_mut(&mut self) -> &mut [u64] {
        match self {
            SignalSet::Inline { words, len } => &mut words[..*len],
            SignalSet::Heap(words) => words,
        }
    }

    /// Adds `i`; true when it was not in the set. An index past the
    /// catalogue (never made by the engine) is never in it.
    pub(super) fn insert(&mut self, i: usize) -> bool {
        let Some(word) = self.words_mut().get_mut(i / 64) else { return false };
        let bit = 1u64 << (i % 64);
        let new = *word & bit == 0;
        *word |= bit;
        new
    }

    pub(super) fn contains(&self, i: usize) -> bool {
        self.words().get(i / 64).is_some_and(|word| word & (1u64 << (i % 64)) != 0)
    }

    /// The indices, ascending.
    pub(super) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words().iter().enumerate().flat_map(|(at, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                let bit = (rest != 0).then(|| rest.trailing_zeros() as usize)?;
                rest &= rest - 1;
                Some(at * 64 + bit)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_set_holds_each_index_once_in_order() {
        let mut set = SignalSet::new(130);
        for (i, new) in [(129, true), (3, true), (64, true), (3, false), (0, true), (129, false)] {
            assert_eq!(set.insert(i), new, "{i}");
        }
        assert_eq!(set.iter().collect::<Vec<_>>(), [0, 3, 64, 129]);
        assert!(set.contains(64) && !set.contains(63) && !set.contains(500));
        // An index past the catalogue is never taken in.
        assert!(!set.insert(500) && !set.contains(500));
        assert!(SignalSet::new(0).iter().next().is_none());
    }

    /// A catalogue too large for the bits kept in place: the same answers
    /// from the heap.
    #[test]
    fn a_large_signal_set_holds_each_index_once_in_order() {
        let signals = SET_WORDS * 64 + 70;
        let mut set = SignalSet::new(signals);
        assert!(matches!(set, SignalSet::Heap(_)));
        for (i, new) in [(signals - 1, true), (3, true), (SET_WORDS * 64, true), (3, false), (signals - 1, false)] {
            assert_eq!(set.insert(i), new, "{i}");
        }
        assert_eq!(set.iter().collect::<Vec<_>>(), [3, SET_WORDS * 64, signals - 1]);
        let past = signals.div_ceil(64) * 64;
        assert!(!set.insert(past) && !set.contains(past));
    }
}

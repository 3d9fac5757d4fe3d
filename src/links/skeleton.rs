//! Confusable skeletons (Unicode UTS #39) of host labels, from a table that
//! build.rs writes with the `unicode-security` crate: only characters whose
//! skeleton is ASCII are in it, because a label only ever imitates an ASCII
//! domain. `None` means the skeleton is not ASCII.

include!(concat!(env!("OUT_DIR"), "/ascii_skeletons.rs"));

/// The skeleton of `s` when it is all ASCII (`раураl` → `paypal`), else `None`.
pub(crate) fn ascii_skeleton(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let i = ASCII_SKELETONS.binary_search_by_key(&c, |&(k, _)| k).ok()?;
        out.push_str(ASCII_SKELETONS[i].1);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table gives what `unicode-security` gives, on labels of every kind.
    #[test]
    fn agrees_with_unicode_security() {
        let labels = [
            "paypal", "раураl", "pаypal", "crnbchina", "cmbchina", "icbc", "1cbc", "0", "m", "rn",
            "аррӏе", "例子", "中国银行", "ɡoogle", "xn--80ak6aa92e", "ｐａｙｐａｌ", "é", "e\u{301}", "",
            "-", "ß", "Ⅰ", "ﬁ",
        ];
        for label in labels {
            let want: String = unicode_security::skeleton(label).collect();
            let got = ascii_skeleton(label);
            if want.is_ascii() {
                assert_eq!(got.as_deref(), Some(want.as_str()), "{label}");
            } else {
                assert_eq!(got, None, "{label}: skeleton {want}");
            }
        }
    }
}

// Invisible characters written out. Zero-width characters, the soft hyphen,
// bidirectional controls (a right-to-left override shows `yap.docx` for
// `xcod.yap`), the byte-order mark …: Unicode's Default_Ignorable_Code_Point,
// the same list as `is_invisible` in src/text.rs (a test compares them).
// Evidence shows them as ⟨U+202E⟩, so it reads as what it is, in its real order.

/** One invisible character. */
export const INVISIBLE = /[\u{00AD}\u{034F}\u{061C}\u{115F}-\u{1160}\u{17B4}-\u{17B5}\u{180B}-\u{180F}\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2060}-\u{206F}\u{3164}\u{FE00}-\u{FE0F}\u{FEFF}\u{FFA0}\u{FFF0}-\u{FFF8}\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\u{E0000}-\u{E0FFF}]/u;

const EVERY = new RegExp(INVISIBLE.source, "gu");

/** `⟨U+202E⟩` for one character. */
export function codeName(c) {
  return `⟨U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}⟩`;
}

/** `s` with every invisible character written out; anything not a string is returned as it is. */
export function visible(s) {
  return typeof s === "string" ? s.replace(EVERY, codeName) : s;
}

/**
 * `s` cut into pieces [{text, hidden}]: runs of ordinary text, and each
 * invisible character on its own (hidden: true), in order; joined they are `s`.
 */
export function pieces(s) {
  const out = [];
  let at = 0;
  for (const m of s.matchAll(EVERY)) {
    if (m.index > at) out.push({ text: s.slice(at, m.index), hidden: false });
    out.push({ text: m[0], hidden: true });
    at = m.index + m[0].length;
  }
  if (at < s.length) out.push({ text: s.slice(at), hidden: false });
  return out;
}

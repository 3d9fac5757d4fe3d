// The signals' and advice's sentences, which the WebAssembly module does not
// carry (the payload budget): they are read from the `_locales` files the
// extension ships anyway (scripts/gen-locales.mjs writes them from the data
// files), as `signal_<id>` and `advice_<id>` in chrome.i18n's format.

/** "zh_CN" and "en" files, and the catalogue field each fills. */
const FILES = { zh_CN: "zh", en: "en" };

/**
 * A chrome.i18n message back to the catalogue's template: `$DETAIL$` → `{detail}`
 * and `$$` → `$` (gen-locales.mjs's `message()` the other way round).
 */
export function templateOf(message) {
  return String(message).replace(/\$\$|\$([A-Z_]+)\$/g, (whole, name) => (name ? `{${name.toLowerCase()}}` : "$"));
}

/**
 * Fills `zh` and `en` of every entry of `catalog.signals` and `catalog.advice`
 * (Maps of id → def) from the two messages files ({zh_CN, en} of parsed
 * messages.json). An id without its message keeps an empty sentence, which
 * the view shows as the id.
 */
export function fillSentences(catalog, messages) {
  for (const [file, field] of Object.entries(FILES)) {
    const table = messages[file] ?? {};
    for (const [kind, prefix] of [["signals", "signal_"], ["advice", "advice_"]]) {
      for (const [id, def] of catalog[kind]) {
        const entry = table[prefix + id];
        def[field] = entry ? templateOf(entry.message) : "";
      }
    }
  }
  return catalog;
}

/** The two messages files of the installed extension. */
export async function loadMessages(getURL) {
  const entries = await Promise.all(
    Object.keys(FILES).map(async (file) => {
      const r = await fetch(getURL(`_locales/${file}/messages.json`));
      if (!r.ok) throw new Error(`_locales/${file}/messages.json: ${r.status}`);
      return [file, await r.json()];
    }),
  );
  return Object.fromEntries(entries);
}

// UI strings in the user's chosen language. chrome.i18n follows the browser's
// language and cannot switch at run time, so pages and the background read
// extension/i18n/ui.json (the source that _locales/ is generated from) for an
// explicit choice, and use chrome.i18n when the choice is "auto".

let uiPromise = null;

/** The UI string table: {key: {zh_CN, en, description}} (loaded once). */
export function loadUi() {
  uiPromise ??= fetch(chrome.runtime.getURL("extension/i18n/ui.json"))
    .then((r) => r.json())
    .catch((e) => {
      uiPromise = null;
      throw e;
    });
  return uiPromise;
}

/** "zh_CN" or "en" for a language setting ("auto" follows the browser). */
export function resolveLang(setting) {
  if (setting === "zh_CN" || setting === "en") return setting;
  let ui = "";
  try {
    ui = chrome.i18n.getUILanguage() || "";
  } catch {
    // not in an extension context
  }
  return ui.toLowerCase().startsWith("zh") ? "zh_CN" : "en";
}

/** The BCP 47 tag for a `lang` attribute. */
export function htmlLang(lang) {
  return lang === "zh_CN" ? "zh-CN" : "en";
}

/** Replaces `{name}` in `template` with `vars[name]` (unknown names are left empty). */
export function fill(template, vars = {}) {
  return String(template).replace(/\{([a-z_]+)\}/g, (_, name) => (vars[name] === undefined ? "" : String(vars[name])));
}

/**
 * A translator `t(key, vars)` for `lang`. With `auto`, strings without variables
 * come from chrome.i18n (the browser's locale) when it has them.
 */
export function translator(ui, lang, auto = false) {
  return (key, vars) => {
    if (auto && !vars) {
      try {
        const message = chrome.i18n.getMessage(key);
        if (message) return message;
      } catch {
        // fall through to ui.json
      }
    }
    const entry = ui[key];
    if (!entry) return key;
    return fill(entry[lang] ?? entry.en ?? key, vars);
  };
}

/** The translator for the user's language setting. */
export async function translatorFor(languageSetting) {
  const ui = await loadUi();
  const lang = resolveLang(languageSetting);
  return { lang, t: translator(ui, lang, languageSetting !== "zh_CN" && languageSetting !== "en") };
}

/**
 * Fills a page's static strings: `data-i18n` (text), `data-i18n-placeholder`,
 * `data-i18n-aria-label`, `data-i18n-title`; sets the document's `lang`.
 */
export function localiseDocument(doc, t, lang) {
  doc.documentElement.lang = htmlLang(lang);
  for (const el of doc.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of doc.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of doc.querySelectorAll("[data-i18n-aria-label]")) el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel));
  for (const el of doc.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
}

// What every handler needs: the validated settings, the language and its
// translator, and the engine's catalogue. Settings are cached in memory for the
// worker's lifetime and dropped when storage.sync changes.

import { loadSettings, engineOptions } from "../shared/settings.js";
import { translatorFor, translator, loadUi } from "../shared/i18n.js";
import { ensureEngine, prepareMessage, classifyMessage } from "./engine.js";
import { buildView, messageLang } from "./view.js";

let settingsPromise = null;

/** The current settings (validated; defaults on any problem). */
export function currentSettings() {
  settingsPromise ??= loadSettings();
  return settingsPromise;
}

/** Forgets the cached settings (storage changed). */
export function forgetSettings() {
  settingsPromise = null;
}

/** {settings, lang, t, catalog} for one request. */
export async function requestContext() {
  const settings = await currentSettings();
  const [{ lang, t }, catalog] = await Promise.all([translatorFor(settings.language), ensureEngine()]);
  return { settings, lang, t, catalog };
}

/**
 * {lang, t} for explaining `text`: the user's language, except that with the setting on "auto"
 * a message written in the other language is explained in its own (a Chinese message on an
 * English browser gets the Chinese card).
 */
async function languageFor(text, c) {
  if (c.settings.language === "zh_CN" || c.settings.language === "en") return c;
  const lang = messageLang(text);
  if (!lang || lang === c.lang) return c;
  return { lang, t: translator(await loadUi(), lang) };
}

/**
 * Classifies a raw message and localises the report: {report, view, text}. Throws on bad input.
 * `followMessage`: the view is in the message's language when the setting is "auto" (cards on
 * the page; the popup stays in the browser's language, like the rest of its page).
 */
export async function check(rawMessage, ctx, { followMessage = false } = {}) {
  const c = ctx ?? (await requestContext());
  const message = prepareMessage(rawMessage);
  const report = await classifyMessage(message, engineOptions(c.settings));
  const { lang, t } = followMessage ? await languageFor(message.text, c) : c;
  return { report, view: buildView(report, c.catalog, t, lang, message.text), text: message.text };
}

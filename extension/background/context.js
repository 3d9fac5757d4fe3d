// What every handler needs: the validated settings, the language and its
// translator, and the engine's catalogue. Settings are cached in memory for the
// worker's lifetime and dropped when storage.sync changes.

import { loadSettings, engineOptions } from "../shared/settings.js";
import { translatorFor } from "../shared/i18n.js";
import { ensureEngine, prepareMessage, classifyMessage } from "./engine.js";
import { buildView } from "./view.js";

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

/** Classifies a raw message and localises the report: {report, view}. Throws on bad input. */
export async function check(rawMessage, ctx) {
  const c = ctx ?? (await requestContext());
  const message = prepareMessage(rawMessage);
  const report = await classifyMessage(message, engineOptions(c.settings));
  return { report, view: buildView(report, c.catalog, c.t, c.lang, message.text), text: message.text };
}

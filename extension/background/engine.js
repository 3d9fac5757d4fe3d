// The classifier engine (the Rust crate compiled to WebAssembly) hosted in the
// background. The service worker can be stopped at any time and restarted on
// the next event, so the module is instantiated lazily and idempotently: every
// caller awaits ensureEngine(), which initialises once per worker lifetime and
// retries after a failure.

import init, { classify, catalog } from "../../pkg/overdue_guard.js";
import { fillSentences, loadMessages } from "./sentences.js";

/** Longest text classified, in UTF-16 code units (longer text is cut). */
export const MAX_TEXT = 100000;
/** Longest sender, link href or link text kept. */
const MAX_FIELD = 2048;

let ready = null;

/**
 * Initialises the engine once; resolves to its catalogue indexed by id:
 * {thresholds, signals: Map(id → def), advice: Map(id → def)}, each def with
 * its Chinese and English sentence from `_locales` (sentences.js).
 */
export function ensureEngine() {
  ready ??= start().catch((e) => {
    ready = null;
    throw e;
  });
  return ready;
}

async function start() {
  const getURL = (p) => chrome.runtime.getURL(p);
  // Without its sentences a report still shows, each reason by its id.
  const messages = loadMessages(getURL).catch((e) => {
    console.error("overdue-guard: the signals' sentences could not be read:", e);
    return {};
  });
  await init({ module_or_path: getURL("pkg/overdue_guard_bg.wasm") });
  const c = catalog();
  const indexed = {
    thresholds: c.thresholds,
    signals: new Map(c.signals.map((s) => [s.id, s])),
    advice: new Map(c.advice.map((a) => [a.id, a])),
  };
  return fillSentences(indexed, await messages);
}

/** Cuts `s` to at most `max` UTF-16 units without splitting a surrogate pair. */
export function cut(s, max) {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * Checks and trims a message from a content script or a page into the engine's
 * input. Throws an Error naming what is wrong.
 */
export function prepareMessage(raw) {
  if (!raw || typeof raw !== "object") throw new Error("message must be an object");
  if (typeof raw.text !== "string") throw new Error("message.text must be a string");
  const message = { text: cut(raw.text, MAX_TEXT) };
  if (typeof raw.sender === "string" && raw.sender.trim()) message.sender = cut(raw.sender.trim(), MAX_FIELD);
  if (raw.channel === "sms" || raw.channel === "email") message.channel = raw.channel;
  if (Array.isArray(raw.links)) {
    // Every distinct link, however many: padding a message with ordinary links
    // must not push the bad one out. Repeats are passed once; `origins` keeps
    // the index of each one's first element, for the report's input_index.
    const links = [];
    const origins = [];
    const seen = new Set();
    raw.links.forEach((link, i) => {
      const href = link && typeof link.href === "string" ? cut(link.href, MAX_FIELD) : undefined;
      const text = link && typeof link.text === "string" ? cut(link.text, MAX_FIELD) : undefined;
      const key = `${href ?? ""}\u0000${text ?? ""}`;
      if (seen.has(key)) return;
      seen.add(key);
      links.push({ href, text });
      origins.push(i);
    });
    message.links = links;
    Object.defineProperty(message, "linkOrigins", { value: origins, enumerable: false });
  }
  return message;
}

/** Classifies a prepared message with the engine options; resolves to the report. */
export async function classifyMessage(message, options) {
  await ensureEngine();
  const report = classify(message, options);
  const origins = message.linkOrigins;
  if (origins) {
    for (const link of report.links ?? []) {
      if (Number.isInteger(link.input_index)) link.input_index = origins[link.input_index] ?? null;
    }
  }
  return report;
}

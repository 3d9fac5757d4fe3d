// The background's message router: one handler per message type of the
// extension protocol, each allowed only from the kind of sender it is meant
// for. Anything else gets {ok:false, error} and a log line, never an exception.

import { Msg } from "../shared/messages.js";
import { SITES } from "../shared/settings.js";
import { currentSettings, requestContext, check } from "./context.js";
import { resolveLang } from "../shared/i18n.js";
import { activeTabId, scanPage, storeSummary, lastSummary, clearSummary } from "./scan.js";

/** Most items in one cs-bg-classify batch. */
export const MAX_BATCH = 50;

const COUNT_FIELDS = ["scanned", "benign", "suspicious", "scam", "overdue"];

/** Why `sender` may not send a message of `type`, or null when it may. */
export function senderProblem(type, sender) {
  if (!sender || sender.id !== chrome.runtime.id) return "message from another extension";
  const base = chrome.runtime.getURL("");
  const fromExtensionPage = typeof sender.url === "string" && sender.url.startsWith(base);
  if (type.startsWith("cs-")) return sender.tab && !fromExtensionPage ? null : "content-script message not from a web page";
  if (type.startsWith("ui-")) {
    return typeof sender.url === "string" && sender.url.startsWith(base) ? null : "page message not from an extension page";
  }
  return "unknown message type";
}

const handlers = {
  async [Msg.HELLO](msg) {
    const settings = await currentSettings();
    const site = typeof msg.site === "string" ? msg.site : "";
    const enabled = SITES.includes(site) ? settings.sites[site] : site === "generic";
    return { ok: true, enabled, lang: resolveLang(settings.language) };
  },

  async [Msg.CLASSIFY](msg) {
    if (!Array.isArray(msg.items)) throw new Error("items must be an array");
    if (msg.items.length > MAX_BATCH) throw new Error(`at most ${MAX_BATCH} items per batch`);
    const ctx = await requestContext();
    const results = [];
    // The card strings go once per language of the batch, not in every view: the page parses
    // every byte of the answer on its main thread (the content script puts them back).
    const strings = {};
    for (const item of msg.items) {
      const key = item && (typeof item.key === "string" || typeof item.key === "number") ? String(item.key) : "";
      try {
        const { report, view: { strings: cardStrings, ...view } } = await check(item?.message, ctx, { followMessage: true });
        strings[view.lang] ??= cardStrings;
        results.push({ key, report, view });
      } catch (e) {
        results.push({ key, report: null, view: null, error: errorText(e) });
      }
    }
    return { ok: true, results, strings };
  },

  async [Msg.SCAN_SUMMARY](msg, sender) {
    const counts = {};
    for (const field of COUNT_FIELDS) {
      const n = msg.counts?.[field];
      counts[field] = Number.isFinite(n) && n >= 0 ? Math.floor(n) : 0;
    }
    await storeSummary(sender.tab.id, counts);
    return { ok: true };
  },

  async [Msg.CHECK](msg) {
    const message = msg.message;
    if (!message || typeof message.text !== "string" || !message.text.trim()) throw new Error("the message text is empty");
    const { report, view, text } = await check({ text: message.text, sender: message.sender, channel: message.channel });
    // The text checked: a text over the engine's limit is cut, and the popup says so.
    return { ok: true, report, view, text, truncated: text.length < message.text.length };
  },

  async [Msg.SCAN_PAGE](msg) {
    const tabId = Number.isInteger(msg.tabId) ? msg.tabId : await activeTabId();
    if (tabId === null) throw new Error("no active tab");
    await clearSummary();
    await scanPage(tabId);
    return { ok: true };
  },

  async [Msg.LAST_SUMMARY]() {
    const last = await lastSummary();
    return { ok: true, counts: last?.counts ?? null, tabId: last?.tabId ?? null };
  },
};

function errorText(e) {
  return String(e && e.message ? e.message : e);
}

/** chrome.runtime.onMessage listener (registered at the top level of the worker). */
export function onMessage(msg, sender, sendResponse) {
  const type = msg && typeof msg === "object" && typeof msg.type === "string" ? msg.type : "";
  const handler = Object.hasOwn(handlers, type) ? handlers[type] : null;
  const problem = handler ? senderProblem(type, sender) : `unknown message type ${JSON.stringify(type).slice(0, 60)}`;
  if (problem) {
    console.warn("overdue-guard: refused message:", problem);
    sendResponse({ ok: false, error: problem });
    return false;
  }
  handler(msg, sender).then(sendResponse, (e) => {
    console.warn(`overdue-guard: ${type} failed:`, e);
    sendResponse({ ok: false, error: errorText(e) });
  });
  return true;
}

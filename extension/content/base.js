// overdue-guard content scripts: the shared base. The content side is five classic scripts
// (content scripts cannot be modules), loaded in this order before one site adapter and start.js:
//   base.js      the OverdueGuard namespace, the shared state, small DOM helpers
//   read.js      reading a message as the user sees it (text, offsets, links)
//   marks.js     drawing on the page: data-og-* attributes, highlights, badges and their layout
//   card.js      the explanation card and the page events that open it
//   schedule.js  finding messages, classifying them in batches, watching for changes; start()
// Each file adds one part to globalThis.OverdueGuard and keeps the first instance when the
// scripts are injected twice (the generic adapter's "scan this page").
//
// Problem: webmail and SMS-sync pages show messages that may be overdue notices, collection
// threats or scams. The engine lives in the background; the content side finds the messages on
// the page (through one site adapter), reads their text and links exactly as the user sees them,
// sends them off in small batches, and draws the answer without changing the page's text.
// Editors, compose boxes and quoted history are never read or touched.

(() => {
  "use strict";
  const OG = (globalThis.OverdueGuard ??= { version: 1, adapters: {} });
  if (OG.base) return; // injected twice: keep the first instance

  const UI_ATTR = "data-og-ui"; // every element we create carries it

  // ------------------------------------------------------------------ small helpers

  const api = globalThis.browser?.runtime?.id ? globalThis.browser : globalThis.chrome;

  function send(message) {
    try {
      return Promise.resolve(api.runtime.sendMessage(message)).catch((e) => ({ ok: false, error: String(e) }));
    } catch (e) {
      return Promise.resolve({ ok: false, error: String(e) });
    }
  }

  /** Runs `fn` in a new task (after whatever the browser has queued, a frame being drawn included). */
  function afterTask(fn) {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => fn();
    channel.port2.postMessage(null);
  }

  /** Resolves in a later task, so the page can handle input and draw in between. */
  const nextTask = () => (typeof globalThis.scheduler?.yield === "function"
    ? globalThis.scheduler.yield()
    : new Promise((resolve) => afterTask(resolve)));

  /** Longest stretch of work, in ms, before the content scripts give the main thread back. */
  const SLICE_MS = 8;

  /** Whether the browser has a key press or click waiting (Chromium), where it can tell. */
  const inputPending = typeof navigator.scheduling?.isInputPending === "function"
    ? () => navigator.scheduling.isInputPending()
    : () => false;

  /**
   * A slicer for a loop of small units of work: `await slice()` between units yields to the page
   * once SLICE_MS have passed since the last yield, or at once when input is waiting, so no task
   * of ours grows long and a keystroke is not kept waiting behind one.
   */
  function slicer() {
    let since = performance.now();
    return async () => {
      if (performance.now() - since < SLICE_MS && !inputPending()) return;
      await nextTask();
      since = performance.now();
    };
  }

  /** cyrb53: a fast 53-bit string hash, as hex. */
  function hash(str) {
    let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (let i = 0; i < str.length; i++) {
      const ch = str.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16);
  }

  function el(doc, tag, attrs, text) {
    const e = doc.createElement(tag);
    if (attrs) for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text != null) e.textContent = text;
    return e;
  }

  const isOurs = (node) => {
    const e = node && (node.nodeType === 1 ? node : node.parentElement);
    return !!(e && e.closest && e.closest(`[${UI_ATTR}]`));
  };

  /** Editors and form fields, by markup only (isContentEditable would force a style update). */
  const EDITOR = '[contenteditable=""],[contenteditable="true" i],[contenteditable="plaintext-only" i],textarea,input,[role="textbox"]';

  /** An editor, or inside one: never read, never marked. */
  function isEditor(e) {
    if (!e || e.nodeType !== 1) return false;
    if (e.ownerDocument?.designMode === "on") return true;
    return !!e.closest(EDITOR);
  }

  /** Hidden by the page (display:none, visibility:hidden, hidden attribute). */
  function isHidden(e) {
    if (e.hidden) return true;
    if (typeof e.checkVisibility === "function") return !e.checkVisibility({ visibilityProperty: true });
    const s = e.ownerDocument.defaultView?.getComputedStyle(e);
    return !s || s.display === "none" || s.visibility === "hidden";
  }

  /** Shown on the page: connected and not inside a hidden ancestor. */
  function isShown(e) {
    return !!e && e.isConnected && e.getClientRects().length > 0 && !isHidden(e);
  }

  // ------------------------------------------------------------------ state

  const state = {
    adapter: null,
    site: "",
    enabled: false,
    started: false,
    lang: (navigator.language || "").toLowerCase().startsWith("zh") ? "zh_CN" : "en",
    cache: new Map(), // what is asked (channel and a hash of text, sender, links) -> {report, view}
    pending: new Map(), // what is asked -> [entry] waiting for its answer
    queue: [], // entries to send
    inFlight: 0, // classify requests waiting for the background
    retryMs: 0, // wait before scanning again after a failed request
    lost: 0, // classify requests that got no answer (the background stopped, say)
    entries: new Set(), // drawn or waiting entries
    byBody: new WeakMap(), // body element -> entry
    claims: new WeakMap(), // marked page element -> Set of the entries that marked it
    observers: new WeakMap(), // Document -> {observer, target}
    lastSummary: "",
    timer: 0, // the pending scan's timeout
    waitingSince: 0, // when the pending scan was first asked for
    scanning: false, // a scan is running (it yields between messages)
    scans: 0, // scans started (tests count them)
    rescan: false, // something changed while it ran: scan again after it
    lastUrl: "",
    lastContext: null, // {el, at} of the last contextmenu target
    seenAt: new Map(), // message key -> Date first seen
    selection: null, // the entry of the last checked selection
  };

  OG.base = { UI_ATTR, EDITOR, api, send, afterTask, nextTask, slicer, hash, el, isOurs, isEditor, isHidden, isShown, state };
})();

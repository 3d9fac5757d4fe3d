// overdue-guard content scripts: finding the messages, classifying them, keeping up with the page.
// An adapter registers {site, channel?, findMessages(doc) -> [message], observeRoot?(doc),
// skipSelector?}; a message is {key, container, body, senderEl?, sender?, channel?, links?,
// frameDoc?, badgeAnchor? (where the badge goes; default the container), row? (an inbox row: a small
// badge inside it, no thread context)}. start.js calls OverdueGuard.start().
(() => {
  "use strict";
  const OG = globalThis.OverdueGuard;
  if (!OG?.card || OG.util) return;
  const { api, send, slicer, afterTask, hash, isOurs, isEditor, isHidden, isShown, UI_ATTR, state } = OG.base;
  const { WS, readMessage, readMessageSliced, realHref, unwrap, spanToRange } = OG.read;
  const { draw, drawAttrs, undraw, drawHighlights, layoutSoon } = OG.marks;
  const { showCard, listen } = OG.card;

  const BATCH = 50; // cs-bg-classify items per message (protocol limit)
  const IN_FLIGHT = 4; // batches the background may be working on at once
  const DEBOUNCE_MS = 200;
  const MAX_WAIT_MS = 1000; // the longest a change waits for its scan while the page keeps changing
  const CHECK_MS = 2000; // how often the address and the watched root are compared (no page walk)
  const RETRY_MS = [1000, 30000]; // after a failed request: first and longest wait
  const CACHE_MAX = 2000; // answers remembered per page
  const SEEN_MAX = 10000; // first-seen times remembered per page

  // ------------------------------------------------------------------ scanning
  // A scan runs when the page changed (mutations in the adapter's root, navigation, a frame that
  // loaded), never on a timer. It walks the adapter's messages in slices (adapters may return a
  // generator, so finding them is sliced too), skips the ones it already knows unchanged, reads
  // the new ones in slices and queues them; the queue goes to the background in batches while the
  // scan goes on, and the answers are drawn together as they come (drawAll).

  /** Scans after `delay` ms of quiet; a page that never stops changing (a clock ticking every
   *  50 ms) still gets a scan every MAX_WAIT_MS instead of none at all. */
  function scheduleScan(delay = DEBOUNCE_MS) {
    const now = performance.now();
    if (!state.timer) state.waitingSince = now;
    else if (delay === DEBOUNCE_MS && now - state.waitingSince > MAX_WAIT_MS) return; // the pending scan stays
    clearTimeout(state.timer);
    state.timer = setTimeout(() => { state.timer = 0; scan(); }, delay);
  }

  /** One pass: find the adapter's messages, classify new ones, redraw re-rendered ones. */
  async function scan() {
    if (!state.enabled || !state.adapter) return;
    if (state.scanning) { state.rescan = true; return; }
    state.scanning = true;
    state.rescan = false;
    state.scans++;
    try {
      prune();
      recountScams();
      observe(document, state.adapter.observeRoot?.(document));
      const slice = slicer();
      const found = []; // in page order: a message's index is its place on the page in this pass
      try {
        for (const m of state.adapter.findMessages(document) || []) { found.push(m); await slice(); }
      } catch (e) { console.debug("overdue-guard: adapter failed", e); }
      for (const at of screenFirst(found)) {
        try { await consider(found[at], slice, at); } catch (e) { console.debug("overdue-guard: message skipped", e); }
        if (state.queue.length >= BATCH) flush();
        await slice();
      }
      flush();
      recountScams();
      await reconsider(slice);
      if (!state.queue.length && !state.inFlight) summarize();
      layoutSoon();
    } catch (e) {
      console.debug("overdue-guard: scan failed", e);
    } finally {
      state.scanning = false;
      planDraw();
      if (state.rescan) scheduleScan();
    }
  }

  /**
   * The indexes of `found` (in page order), those on screen first: a long conversation opens at
   * its end, and its last messages should not wait for the thousands above them. The first
   * message on screen is found by a binary search over the messages' rects (a list is laid out
   * top to bottom), so a few rects are read, after one layout.
   */
  function screenFirst(found) {
    const order = found.map((_, i) => i);
    if (found.length <= BATCH) return order;
    const rect = (i) => (found[i].badgeAnchor || found[i].container || found[i].body).getBoundingClientRect();
    let lo = 0, hi = found.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rect(mid).bottom < 0) lo = mid + 1; else hi = mid;
    }
    const bottom = document.documentElement.clientHeight;
    let end = lo;
    while (end < found.length && end - lo < BATCH && rect(end).top <= bottom) end++;
    return [...order.slice(lo, end), ...order.slice(0, lo), ...order.slice(end)];
  }

  async function consider(m, slice, at) {
    const body = m.body;
    if (!body || !body.isConnected || isEditor(body) || isOurs(body)) return;
    const container = m.container || body;
    const sig = body.textContent;
    const prev = state.byBody.get(body);
    if (prev && prev.sig === sig && prev.container === container && container.hasAttribute("data-og-verdict") === !!prev.result) {
      const rerendered = prev.m.senderEl !== m.senderEl || prev.m.links; // sender/link elements
      prev.m = m;
      prev.at = at;
      if (!prev.result) return;
      if (prev.badgeAt && !prev.badgeAt.isConnected) draw(prev, prev.result); // its badge's anchor was replaced
      else if (rerendered) drawAttrs(prev);
      return;
    }
    if (prev) undraw(prev);
    const read = await readMessageSliced(body, joinSel(state.adapter.skipSelector, m.skipSelector), slice);
    if (!read.text.trim() || !body.isConnected || state.byBody.has(body)) return;
    if (m.links) read.links = m.links.map((l) => ({ el: l.el, href: l.href || (l.el ? realHref(l.el) : ""), text: l.text ?? l.el?.textContent?.trim() ?? "" }));
    const sender = m.sender || "";
    const channel = m.channel || state.adapter.channel || "email";
    // what the engine is asked: the same text from the same sender (threads repeat notices and
    // templates) is classified once, whichever message it is
    const ask = `${channel}|${hash([read.text, sender, ...read.links.flatMap((l) => [l.href, l.text])].join("\u0000"))}`;
    const key = `${state.site}|${m.key || ""}|${ask}`; // this message
    const entry = { key, ask, channel, m, at, body, container, sig, read, sender, result: null, spans: [], ranges: [], badge: null, doc: read.doc };
    state.byBody.set(body, entry);
    state.entries.add(entry);
    if (m.frameDoc) observe(m.frameDoc, m.frameDoc.body);
    seen(key);
    const cached = state.cache.get(ask);
    if (cached) { show(entry, cached); return; }
    if (state.pending.has(ask)) { state.pending.get(ask).push(entry); return; }
    state.pending.set(ask, [entry]);
    state.queue.push(entry);
  }

  /** Notes when a message was first seen (copied evidence says it); the oldest are forgotten. */
  function seen(key) {
    if (state.seenAt.has(key)) return;
    state.seenAt.set(key, new Date());
    if (state.seenAt.size > SEEN_MAX) state.seenAt.delete(state.seenAt.keys().next().value);
  }

  const joinSel = (...s) => s.filter(Boolean).join(",") || null;

  /** Sends queued messages in batches, at most IN_FLIGHT at a time. */
  function flush() {
    while (state.inFlight < IN_FLIGHT && state.queue.length) classify(state.queue.splice(0, BATCH));
  }

  /** One cs-bg-classify request; its answers are drawn as they come. */
  async function classify(batch) {
    state.inFlight++;
    try {
      const items = batch.map((e) => ({
        key: e.ask,
        message: {
          text: e.read.text,
          ...(e.sender ? { sender: e.sender } : {}),
          channel: e.channel,
          links: e.read.links.map((l) => ({ href: l.href, text: l.text })),
        },
      }));
      const res = await send({ type: "cs-bg-classify", site: state.site, items });
      if (!res || !res.ok) {
        // forget them, and scan again later (waiting longer after each failure)
        console.debug("overdue-guard: classify failed", res?.error);
        state.lost++;
        for (const e of batch) forget(e);
        state.retryMs = Math.min(RETRY_MS[1], state.retryMs ? state.retryMs * 2 : RETRY_MS[0]);
        scheduleScan(state.retryMs);
        return;
      }
      state.retryMs = 0;
      for (const r of res.results || []) {
        if (!r || !r.report) continue;
        if (r.view && !r.view.strings) r.view.strings = res.strings?.[r.view.lang]; // sent once per language
        const result = { report: r.report, view: r.view };
        remember(r.key, result);
        for (const e of state.pending.get(r.key) || []) drawSoon(e, result);
        state.pending.delete(r.key);
      }
    } finally {
      state.inFlight--;
      if (state.queue.length) flush();
      planDraw(); // the last answers: at once
    }
  }

  // Answers are drawn together in passes. Each pass of writes costs the page a frame of style,
  // paint invalidation and paint, and on a long page that frame costs about the same for ten
  // marks as for a thousand (pre-paint walks the long list: ~35 ms with 10,000 bubbles). So the
  // passes are spaced by what their frames cost: at least DRAW_EVERY_MS[0] apart, and far enough
  // that those frames take at most 1/FRAME_SHARE of the main thread (at most DRAW_EVERY_MS[1]);
  // the last answers are drawn at once.
  const DRAW_EVERY_MS = [100, 1000];
  const FRAME_SHARE = 5;
  let toDraw = []; // [entry, result]
  let drawTimer = 0;
  let drawing = false; // a pass is running (it yields between messages)
  let drawnAt = -Infinity;
  let frameMs = 0; // what the frame after the last pass cost the main thread

  function drawSoon(entry, result) {
    toDraw.push([entry, result]);
    planDraw();
  }

  /** Plans the next pass: at once when no more answers are coming, else when it is time. */
  function planDraw() {
    if (drawing || !toDraw.length) return;
    const last = !state.inFlight && !state.queue.length && !state.scanning;
    if (drawTimer && !last) return;
    clearTimeout(drawTimer);
    const every = Math.min(DRAW_EVERY_MS[1], Math.max(DRAW_EVERY_MS[0], FRAME_SHARE * frameMs));
    drawTimer = setTimeout(drawAll, last ? 0 : Math.max(0, drawnAt + every - performance.now()));
  }

  async function drawAll() {
    drawTimer = 0;
    drawing = true;
    const batch = toDraw;
    toDraw = [];
    drawnAt = performance.now();
    try {
      const slice = slicer();
      for (const [entry, result] of batch) {
        if (state.entries.has(entry)) show(entry, result);
        await slice();
      }
      await reconsider(slice);
    } finally {
      drawing = false;
    }
    measureFrame();
    layoutSoon();
    planDraw();
    if (!drawTimer && !state.inFlight && !state.queue.length) summarize();
  }

  /** Measures the next frame: from its animation-frame callbacks to the first task after it. */
  function measureFrame() {
    requestAnimationFrame(() => {
      const t = performance.now();
      afterTask(() => { frameMs = performance.now() - t; });
    });
  }

  // ------------------------------------------------------------------ conversations
  // The engine judges each message alone; a reader sees it in its thread. A message from a sender
  // whose earlier message on this page was judged a scam says so, and is at least suspicious.
  // Only the entries of the page are compared: nothing about the messages is stored.

  const EARLIER_SCAM = "earlier_scam_from_sender";

  // Each message is drawn once with what is known of its thread when its answer comes (answers
  // come mostly in page order, so the first scam is usually known before the messages after it);
  // all of them are compared again only when a sender's first scam changed.
  let firstScam = new Map(); // sender -> their first message (in page order) judged a scam, as known
  let threadChanged = false; // firstScam changed since the messages were last compared with it

  /** Whether `e` takes part in thread context (not a checked selection, not an inbox row: a list
   *  is newest first, not a thread). */
  const inThread = (e) => Boolean(e.sender) && !e.m.row;

  /** Draws the engine's result `own` for `entry`, with what its thread says as far as known. */
  function show(entry, own) {
    entry.own = own;
    entry.afterScam = false;
    entry.judgedBy = undefined; // not yet compared with its sender's first scam
    if (inThread(entry) && own.report.verdict === "scam") {
      const first = firstScam.get(entry.sender);
      if (!first || before(entry, first)) { firstScam.set(entry.sender, entry); threadChanged = true; }
    }
    judge(entry, true);
  }

  /** Whether message `a` comes before message `b` on the page: their places in the last pass (not
   *  compareDocumentPosition, which walks the siblings of a long list on every call). */
  const before = (a, b) => a.at < b.at;

  /**
   * Compares `e` with its sender's first scam and draws it when what it shows changes (`force`:
   * draws it anyway). Returns whether it drew.
   */
  function judge(e, force = false) {
    const first = (inThread(e) && firstScam.get(e.sender)) || null;
    if (!force && first === e.judgedBy) return false; // compared with this one already (long conversations: once)
    e.judgedBy = first;
    const afterScam = Boolean(first && first !== e && e.own.report.verdict !== "scam" && before(first, e));
    if (!force && afterScam === e.afterScam) return false;
    e.afterScam = afterScam;
    draw(e, afterScam ? withEarlierScam(e.own) : e.own);
    return true;
  }

  /** Finds every sender's first scam afresh (a scan: messages left, moved or were re-rendered). */
  function recountScams() {
    const found = new Map();
    for (const e of state.entries) {
      if (!inThread(e) || e.own?.report.verdict !== "scam" || !e.container.isConnected) continue;
      const first = found.get(e.sender);
      if (!first || before(e, first)) found.set(e.sender, e);
    }
    firstScam = found;
    threadChanged = true;
  }

  /** Redraws the messages whose thread context changed, when a sender's first scam changed. */
  async function reconsider(slice) {
    if (!threadChanged) return;
    threadChanged = false;
    for (const e of state.entries) {
      if (e.own && judge(e)) await slice();
    }
  }

  /** `result` with the thread's reason first, its verdict raised to suspicious, the sender flagged. */
  function withEarlierScam({ report, view }) {
    const str = view?.strings || {};
    const raise = report.verdict === "benign";
    const reason = { id: EARLIER_SCAM, text: str.reason_earlier_scam || EARLIER_SCAM, evidence: "", span: null, severity: "scam" };
    return {
      report: {
        ...report,
        verdict: raise ? "suspicious" : report.verdict,
        sender: report.sender ? { ...report.sender, signals: [...(report.sender.signals || []), EARLIER_SCAM] } : report.sender,
      },
      view: view && {
        ...view,
        ...(raise ? { verdict: "suspicious", verdict_label: str.verdict_suspicious, headline: str.headline_suspicious } : {}),
        reasons: [reason, ...(view.reasons || [])],
      },
    };
  }

  /** Drops an entry that has no result yet, so that a later scan considers its message afresh. */
  function forget(e) {
    for (const x of state.pending.get(e.ask) || []) {
      state.entries.delete(x);
      if (state.byBody.get(x.body) === x) state.byBody.delete(x.body);
    }
    state.pending.delete(e.ask);
  }

  /** Caches a result; the oldest go first once the cache is full (long SMS sessions). */
  function remember(ask, result) {
    state.cache.delete(ask);
    state.cache.set(ask, result);
    if (state.cache.size > CACHE_MAX) state.cache.delete(state.cache.keys().next().value);
  }

  /** The generic adapter reports its counts to the popup through the background. */
  function summarize() {
    if (state.site !== "generic") return;
    const counts = { scanned: 0, benign: 0, suspicious: 0, scam: 0, overdue: 0 };
    for (const e of state.entries) {
      if (!e.result) continue;
      counts.scanned++;
      counts[e.result.report.verdict] = (counts[e.result.report.verdict] || 0) + 1;
      if (e.result.report.overdue) counts.overdue++;
    }
    const json = JSON.stringify(counts);
    if (json === state.lastSummary) return;
    state.lastSummary = json;
    send({ type: "cs-bg-scan-summary", counts });
  }

  /** Forgets entries whose elements left the page (windowed lists, navigation). */
  function prune() {
    for (const e of state.entries) {
      if (!e.body.isConnected || !e.container.isConnected) undraw(e);
    }
  }

  // ------------------------------------------------------------------ mutation watching

  /** Attributes whose change may show or hide a message (read tabs, collapsed messages). */
  const SHOWING = ["hidden", "style", "class"];

  /** A mutation that may change what the page's messages are: not ours, not typing in an editor. */
  function matters(r) {
    const at = r.target.nodeType === 1 ? r.target : r.target.parentElement;
    if (!at || isOurs(at) || isEditor(at)) return false;
    if (r.type !== "childList") return true;
    for (const list of [r.addedNodes, r.removedNodes]) {
      for (const n of list) if (!(n.nodeType === 1 && n.hasAttribute(UI_ATTR))) return true;
    }
    return false;
  }

  function observe(doc, root) {
    const target = root && root.nodeType === 1 ? root : doc.body || doc.documentElement;
    if (!target) return;
    const old = state.observers.get(doc);
    if (old && old.target === target && target.isConnected) return;
    if (old) old.observer.disconnect();
    const observer = new MutationObserver((records) => {
      if (records.some(matters)) scheduleScan();
    });
    observer.observe(target, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: SHOWING });
    state.observers.set(doc, { observer, target });
    if (old) return;
    if (doc !== document) { listen(doc); return; }
    // iframes (same-origin bodies) announce new documents with load events
    doc.addEventListener("load", (ev) => { if (ev.target?.tagName === "IFRAME") scheduleScan(); }, true);
  }

  /** Navigation the page did not announce, or a watched root the page replaced: scan again. */
  function checkPage() {
    if (document.hidden || !state.enabled || state.scanning) return;
    const watched = state.observers.get(document)?.target;
    const root = state.adapter.observeRoot?.(document) || document.body;
    if (location.href !== state.lastUrl || (root && root !== watched)) {
      state.lastUrl = location.href;
      scheduleScan(0);
    }
  }

  // ------------------------------------------------------------------ background requests

  function onBackgroundMessage(msg, _sender, sendResponse) {
    if (!msg || typeof msg.type !== "string") return false;
    if (msg.type === "bg-cs-rescan") {
      rescan().then(() => sendResponse({ ok: true }));
      return true;
    }
    if (msg.type === "bg-cs-show-report") {
      const sel = document.getSelection();
      const recentLink = state.lastContext && Date.now() - state.lastContext.at < 30000 ? state.lastContext.el : null;
      let anchor = null;
      if (msg.from === "link" && recentLink) anchor = recentLink.closest?.("a") || recentLink;
      else if (sel && sel.rangeCount && !sel.isCollapsed) anchor = sel.getRangeAt(0).cloneRange();
      if (!anchor) return false; // not this frame: let another frame (or the background's window) answer
      const result = { report: msg.report, view: msg.view };
      if (state.selection) undraw(state.selection);
      const entry = anchor instanceof Range ? selectionEntry(anchor, msg.text || "", result) : null;
      state.selection = entry;
      state.seenAt.set("selection", new Date());
      showCard(entry || { key: "selection", doc: document, sender: "", m: {}, container: document.body, text: msg.text || "",
        read: { text: msg.text || "", links: [], pieces: { start: [], node: [], at: [], n: [] }, doc: document }, result, spans: [], ranges: [] }, anchor, "report");
      sendResponse({ ok: true });
      return false;
    }
    return false;
  }

  /**
   * A checked selection as an entry whose flagged spans are highlighted. The report's spans are
   * offsets into `text` (the selection as the browser handed it over); its whitespace may differ
   * from the page's, so offsets are matched on the non-space characters.
   */
  function selectionEntry(range, text, result) {
    let root = range.commonAncestorContainer;
    if (root.nodeType !== 1) root = root.parentElement;
    if (!root || isOurs(root)) return null;
    const read = readMessage(root, null);
    const strip = (str) => {
      const idx = [];
      let out = "";
      for (let i = 0; i < str.length; i++) if (!WS.test(str[i])) { out += str[i]; idx.push(i); }
      return { out, idx };
    };
    const page = strip(read.text), sent = strip(text);
    const base = sent.out ? page.out.indexOf(sent.out) : -1;
    const lowerBound = (arr, v) => { let lo = 0, hi = arr.length; while (lo < hi) { const m = (lo + hi) >> 1; if (arr[m] < v) lo = m + 1; else hi = m; } return lo; };
    const map = (span) => {
      if (!span || base < 0) return null;
      const k0 = lowerBound(sent.idx, span[0]), k1 = lowerBound(sent.idx, span[1]);
      if (k1 <= k0) return null;
      return [page.idx[base + k0], page.idx[base + k1 - 1] + 1];
    };
    const report = { ...result.report,
      signals: (result.report.signals || []).map((x) => ({ ...x, span: map(x.span) })),
      links: (result.report.links || []).map((x) => ({ ...x, span: map(x.span), input_index: undefined })) };
    const entry = { key: "selection", m: {}, body: root, container: root, sig: null, read, sender: "", text,
      result: { report, view: result.view }, spans: [], ranges: [], badge: null, doc: root.ownerDocument };
    state.entries.add(entry);
    drawHighlights(entry, true);
    return entry;
  }

  let helloAsked = 0;
  /** Asks the background whether this site is on; true once it has answered. A background that
   *  is starting or being stopped may not answer: ask again, waiting longer each time (RETRY_MS),
   *  for as long as the extension is there. Scanning waits for the answer, and a failed request
   *  never switches the site off. A newer question (rescan) ends an older one's asking. */
  async function hello() {
    const asked = ++helloAsked;
    for (let wait = RETRY_MS[0]; ; wait = Math.min(RETRY_MS[1], wait * 2)) {
      const res = await send({ type: "cs-bg-hello", site: state.site });
      if (asked !== helloAsked) return false;
      if (res && res.ok) {
        state.enabled = !!res.enabled;
        if (res.lang) state.lang = res.lang;
        return true;
      }
      console.debug("overdue-guard: hello failed", res?.error);
      if (!api?.runtime?.id) return false; // the extension was removed or updated: this script is orphaned
      await new Promise((r) => setTimeout(r, wait));
      if (asked !== helloAsked) return false;
    }
  }

  async function rescan() {
    for (const e of [...state.entries]) undraw(e);
    state.cache.clear();
    state.pending.clear();
    state.queue = [];
    state.lastSummary = "";
    if (await hello() && state.enabled) scheduleScan(0);
  }

  // ------------------------------------------------------------------ public surface

  Object.assign(OG, {
    /** An adapter: {site, channel?, findMessages(doc) -> array or generator of messages,
     *  observeRoot?(doc), skipSelector?}. */
    registerAdapter(adapter) {
      if (!adapter || !adapter.site || typeof adapter.findMessages !== "function") return;
      if (!this.adapters[adapter.site]) this.adapters[adapter.site] = adapter;
    },
    /** Starts scanning with the registered adapter (first one registered wins). */
    async start(site) {
      const adapter = this.adapters[site] || Object.values(this.adapters)[0];
      if (!adapter) return;
      if (state.started) {
        state.lastSummary = ""; // injected again ("scan this page" twice): report again
        if (state.enabled) scheduleScan(0);
        return;
      }
      state.started = true;
      state.adapter = adapter;
      state.site = adapter.site;
      try { api?.runtime?.onMessage?.addListener(onBackgroundMessage); } catch { /* no runtime */ }
      listen(document);
      state.lastUrl = location.href;
      setInterval(checkPage, CHECK_MS);
      window.addEventListener("hashchange", () => scheduleScan(0));
      window.addEventListener("popstate", () => scheduleScan(0));
      // a site switched off stays quiet until bg-cs-rescan says otherwise
      if (await hello() && state.enabled) scan();
    },
    /** Runs a scan now (tests and the generic adapter use it). */
    scanNow() { scan(); },
    // shared helpers for adapters
    util: { readMessage, realHref, unwrap, isEditor, isShown, isHidden, spanToRange, hash, listen, state },
  });
})();

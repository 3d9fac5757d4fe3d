// overdue-guard content core: the engine-free page side.
//
// Problem: webmail and SMS-sync pages show messages that may be overdue notices, collection
// threats or scams. The engine lives in the background; this script finds the messages on the
// page (through one site adapter), reads their text and links exactly as the user sees them,
// sends them off in small batches, and draws the answer without changing the page's text:
//   - attributes on page elements: data-og-verdict / data-og-overdue on the message container,
//     data-og-flag on flagged links and senders (the styling hooks and the test contract);
//   - flagged text spans: CSS Custom Highlight API ranges (overlay boxes where unsupported);
//   - a verdict badge and the explanation card, in shadow roots inside one layer element that
//     hangs off <html> (never inside <body>), built with createElement/textContent only.
// Editors, compose boxes and quoted history are never read or touched.
//
// Classic script (content scripts cannot be modules): defines globalThis.OverdueGuard once.
// An adapter registers {site, channel?, findMessages(doc) -> [message], observeRoot?(doc),
// skipSelector?}; a message is {key, container, body, senderEl?, sender?, channel?, links?,
// frameDoc?, badgeAnchor? (where the badge goes; default the container)}. start.js calls OverdueGuard.start().

(() => {
  "use strict";
  if (globalThis.OverdueGuard) return; // injected twice: keep the first instance

  const BATCH = 50; // cs-bg-classify items per message (protocol limit)
  const MAX_TEXT = 100000; // characters per message (protocol limit)
  const DEBOUNCE_MS = 200;
  const UI_ATTR = "data-og-ui"; // every element we create carries it
  const HIGHLIGHTS = ["og-scam", "og-suspicious", "og-info"];
  const RESCAN_SWEEP_MS = 2000;
  const CACHE_MAX = 2000; // classified messages remembered per page

  // Elements whose text is never part of a message, and subtrees that are editors.
  const SKIP_TAGS = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA", "INPUT",
    "SELECT", "OPTION", "BUTTON", "SVG", "CANVAS", "IFRAME", "OBJECT", "HEAD", "TITLE"]);
  const BLOCK_TAGS = new Set(["P", "DIV", "LI", "TR", "TD", "TH", "BR", "H1", "H2", "H3", "H4",
    "H5", "H6", "TABLE", "UL", "OL", "SECTION", "ARTICLE", "HEADER", "FOOTER", "BLOCKQUOTE", "PRE",
    "HR", "DL", "DT", "DD", "ADDRESS", "CENTER"]);
  const WS = /[\s\u00a0\u202f\u3000\u200b]/;

  // ------------------------------------------------------------------ small helpers

  const api = globalThis.browser?.runtime?.id ? globalThis.browser : globalThis.chrome;

  function send(message) {
    try {
      return Promise.resolve(api.runtime.sendMessage(message)).catch((e) => ({ ok: false, error: String(e) }));
    } catch (e) {
      return Promise.resolve({ ok: false, error: String(e) });
    }
  }

  const idle = (fn) => (typeof requestIdleCallback === "function"
    ? requestIdleCallback(fn, { timeout: 500 })
    : setTimeout(() => fn({ timeRemaining: () => 8, didTimeout: true }), 16));

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

  /** An editor, or inside one: never read, never marked. */
  function isEditor(e) {
    if (!e || e.nodeType !== 1) return false;
    if (e.ownerDocument?.designMode === "on") return true;
    if (e.isContentEditable) return true;
    return !!e.closest('[contenteditable=""],[contenteditable="true"],[contenteditable="plaintext-only"],textarea,input,[role="textbox"]');
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

  // ------------------------------------------------------------------ reading text

  /**
   * Reads what the user sees of `body`: the text (whitespace runs collapsed to one space,
   * block boundaries as newlines), a map from its UTF-16 offsets back to text nodes, and the
   * links with their real targets. Skips scripts, hidden parts, editors, our own UI and
   * whatever `skipSelector` names (quoted history).
   */
  function readMessage(body, skipSelector) {
    const doc = body.ownerDocument;
    const win = doc.defaultView || window;
    const segs = []; // {start, node, pos: node offset of each output char}
    const links = [];
    let text = "";
    let pendingBreak = false;

    const accept = (e) => {
      if (SKIP_TAGS.has(e.tagName.toUpperCase())) return false;
      if (e.hasAttribute(UI_ATTR)) return false;
      if (e.isContentEditable) return false;
      if (skipSelector && e.matches(skipSelector)) return false;
      if (e.hidden) return false;
      const s = win.getComputedStyle(e);
      if (s.display === "none" || s.visibility === "hidden") return false;
      return true;
    };

    const walk = (node) => {
      for (let n = node.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3) {
          const data = n.data;
          const seg = { start: text.length, node: n, pos: [] };
          for (let i = 0; i < data.length; i++) {
            const c = data[i];
            const last = text[text.length - 1];
            if (WS.test(c)) {
              if (last === undefined || last === " " || last === "\n") continue;
              text += " "; seg.pos.push(i);
              continue;
            }
            if (pendingBreak && text.length) {
              if (last === " ") text = text.slice(0, -1) + "\n"; // the space stays mapped
              else if (last !== "\n" && !seg.pos.length) { text += "\n"; seg.start = text.length; }
            }
            pendingBreak = false;
            text += c; seg.pos.push(i);
          }
          if (seg.pos.length) segs.push(seg);
        } else if (n.nodeType === 1) {
          if (!accept(n)) continue;
          const block = BLOCK_TAGS.has(n.tagName.toUpperCase());
          if (block) pendingBreak = true;
          const isLink = n.tagName.toUpperCase() === "A" && n.hasAttribute("href");
          const before = text.length;
          walk(n);
          if (isLink) links.push({ el: n, href: realHref(n), text: text.slice(before).trim() });
          if (block) pendingBreak = true;
        }
      }
    };
    walk(body);
    // a trailing collapsed space carries no meaning
    if (text.endsWith(" ") || text.endsWith("\n")) {
      text = text.slice(0, -1);
      const last = segs[segs.length - 1];
      if (last) { last.pos.pop(); if (!last.pos.length) segs.pop(); }
    }
    if (text.length > MAX_TEXT) text = text.slice(0, MAX_TEXT);
    return { text, segs, links, doc };
  }

  /** The target a link really goes to: redirect wrappers of the mail sites unwrapped. */
  function realHref(a) {
    let href = a.getAttribute("href") || "";
    const safe = a.getAttribute("data-saferedirecturl");
    if ((!href || href === "#" || href.startsWith("javascript:")) && safe) href = safe;
    try {
      href = new URL(href, a.ownerDocument.baseURI).href;
    } catch { return href; }
    for (let i = 0; i < 3; i++) {
      const inner = unwrap(href);
      if (!inner || inner === href) break;
      href = inner;
    }
    return href;
  }

  /** One level of redirector unwrapping (Google /url?q=, Safe Links ?url=, QQ gourl=, NetEase jump). */
  function unwrap(href) {
    let u;
    try { u = new URL(href); } catch { return null; }
    const h = u.hostname, p = u.searchParams;
    const pick = (...names) => {
      for (const n of names) {
        const v = p.get(n);
        if (v && /^https?:\/\//i.test(v)) return v;
      }
      return null;
    };
    if (/(^|\.)google\.[a-z.]+$/.test(h) && u.pathname === "/url") return pick("q", "url");
    if (h.endsWith("safelinks.protection.outlook.com") || /safelink/i.test(u.pathname)) return pick("url");
    if (/(^|\.)(mail\.qq\.com|exmail\.qq\.com)$/.test(h)) return pick("gourl", "url");
    if (/(^|\.)(mail\.163\.com|mail\.126\.com|mail\.yeah\.net)$/.test(h)) return pick("url", "link", "target");
    return null;
  }

  /** Maps a UTF-16 span of the read text back to a DOM Range (null when it cannot). */
  function spanToRange(read, span) {
    if (!span || !read.segs.length) return null;
    let [s, e] = span;
    if (!(e > s)) return null;
    const find = (off, isEnd) => {
      // last segment starting at or before off (binary search)
      let lo = 0, hi = read.segs.length - 1, k = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (read.segs[mid].start <= off - (isEnd ? 1 : 0)) { k = mid; lo = mid + 1; } else hi = mid - 1;
      }
      if (k < 0) k = 0;
      const seg = read.segs[k];
      const i = (isEnd ? off - 1 : off) - seg.start;
      if (i < 0) return { node: seg.node, offset: seg.pos[0] ?? 0 };
      if (i >= seg.pos.length) {
        // off falls in an inserted newline: snap to the next segment start / this segment end
        if (!isEnd && read.segs[k + 1]) return { node: read.segs[k + 1].node, offset: read.segs[k + 1].pos[0] };
        return { node: seg.node, offset: (seg.pos[seg.pos.length - 1] ?? 0) + 1 };
      }
      return { node: seg.node, offset: seg.pos[i] + (isEnd ? 1 : 0) };
    };
    try {
      const a = find(s, false), b = find(e, true);
      const r = read.doc.createRange();
      r.setStart(a.node, a.offset);
      r.setEnd(b.node, b.offset);
      return r.collapsed ? null : r;
    } catch { return null; }
  }

  // ------------------------------------------------------------------ strings

  const FALLBACK = {
    en: { card_title: "overdue-guard", reasons_title: "Why", advice_title: "What to do",
      copy_evidence: "Copy as evidence", copied: "Copied", close: "Close",
      link_warning_title: "This link may be a scam", link_warning_body: "The message this link is in looks like a scam. Do not enter card numbers, passwords or codes. Open it anyway?",
      link_warning_open: "Open anyway", link_warning_cancel: "Cancel", evidence_header: "Message kept as evidence (overdue-guard)",
      sender_label: "Sender", time_seen_label: "Seen at", good_signs_title: "Good signs",
      verdict: { benign: "No problem found", suspicious: "Suspicious", scam: "Likely scam" }, overdue: "Overdue / collection notice" },
    zh_CN: { card_title: "逾期短信卫士", reasons_title: "原因", advice_title: "建议",
      copy_evidence: "复制为证据", copied: "已复制", close: "关闭",
      link_warning_title: "此链接可能是诈骗", link_warning_body: "这条消息疑似诈骗。不要输入卡号、密码或验证码。仍要打开吗？",
      link_warning_open: "仍然打开", link_warning_cancel: "取消", evidence_header: "留存证据（逾期短信卫士）",
      sender_label: "发送方", time_seen_label: "看到时间", good_signs_title: "可信迹象",
      verdict: { benign: "未发现问题", suspicious: "可疑", scam: "疑似诈骗" }, overdue: "催收/逾期通知" },
  };

  function strings(view) {
    const lang = view?.lang || state.lang || "en";
    const fb = FALLBACK[lang] || FALLBACK.en;
    return { ...fb, ...(view?.strings || {}) };
  }

  // ------------------------------------------------------------------ state

  const state = {
    adapter: null,
    site: "",
    enabled: false,
    started: false,
    lang: (navigator.language || "").toLowerCase().startsWith("zh") ? "zh_CN" : "en",
    cache: new Map(), // key -> {report, view}
    pending: new Map(), // key -> [entry] waiting for a result
    queue: [], // entries to send
    flushing: false,
    entries: new Set(), // drawn or waiting entries
    byBody: new WeakMap(), // body element -> entry
    observers: new WeakMap(), // Document -> {observer, target}
    lastSummary: "",
    timer: 0,
    lastUrl: "",
    lastContext: null, // {el, at} of the last contextmenu target
    seenAt: new Map(), // key -> Date first seen
    selection: null, // the entry of the last checked selection
  };

  // ------------------------------------------------------------------ scanning

  function scheduleScan(delay = DEBOUNCE_MS) {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => idle(scan), delay);
  }

  /** One pass: find the adapter's messages, classify new ones, redraw re-rendered ones. */
  function scan() {
    if (!state.enabled || !state.adapter) return;
    prune();
    let found = [];
    try { found = state.adapter.findMessages(document) || []; } catch (e) { console.debug("overdue-guard: adapter failed", e); }
    for (const m of found) {
      try { consider(m); } catch (e) { console.debug("overdue-guard: message skipped", e); }
    }
    observe(document, state.adapter.observeRoot?.(document));
    flush();
    if (!state.queue.length && !state.flushing) summarize();
    layoutSoon();
  }

  function consider(m) {
    const body = m.body;
    if (!body || !body.isConnected || isEditor(body) || isOurs(body)) return;
    const container = m.container || body;
    const sig = body.textContent;
    const prev = state.byBody.get(body);
    if (prev && prev.sig === sig && prev.container === container && container.hasAttribute("data-og-verdict") === !!prev.result) {
      prev.m = m; // sender/link elements may have been re-rendered
      if (prev.result) drawAttrs(prev);
      return;
    }
    if (prev) undraw(prev);
    const read = readMessage(body, joinSel(state.adapter.skipSelector, m.skipSelector));
    if (!read.text.trim()) return;
    if (m.links) read.links = m.links.map((l) => ({ el: l.el, href: l.href || (l.el ? realHref(l.el) : ""), text: l.text ?? l.el?.textContent?.trim() ?? "" }));
    const sender = m.sender || "";
    const key = `${state.site}|${m.key || ""}|${hash(read.text + "\u0000" + sender + "\u0000" + read.links.map((l) => l.href).join(" "))}`;
    const entry = { key, m, body, container, sig, read, sender, result: null, ranges: [], badge: null, doc: read.doc };
    state.byBody.set(body, entry);
    state.entries.add(entry);
    if (m.frameDoc) observe(m.frameDoc, m.frameDoc.body);
    if (!state.seenAt.has(key)) state.seenAt.set(key, new Date());
    const cached = state.cache.get(key);
    if (cached) { draw(entry, cached); return; }
    if (state.pending.has(key)) { state.pending.get(key).push(entry); return; }
    state.pending.set(key, [entry]);
    state.queue.push(entry);
  }

  const joinSel = (...s) => s.filter(Boolean).join(",") || null;

  /** Sends queued messages in batches, off the main path. */
  function flush() {
    if (state.flushing || !state.queue.length) return;
    state.flushing = true;
    idle(async () => {
      try {
        while (state.queue.length) {
          const batch = state.queue.splice(0, BATCH);
          const items = batch.map((e) => ({
            key: e.key,
            message: {
              text: e.read.text,
              ...(e.sender ? { sender: e.sender } : {}),
              channel: e.m.channel || state.adapter.channel || "email",
              links: e.read.links.map((l) => ({ href: l.href, text: l.text })),
            },
          }));
          const res = await send({ type: "cs-bg-classify", site: state.site, items });
          if (!res || !res.ok) {
            // forget them: the next sweep sends them again
            console.debug("overdue-guard: classify failed", res?.error);
            for (const e of batch) forget(e);
            continue;
          }
          for (const r of res.results || []) {
            if (!r || !r.report) continue;
            const result = { report: r.report, view: r.view };
            remember(r.key, result);
            for (const e of state.pending.get(r.key) || []) if (state.entries.has(e)) draw(e, result);
            state.pending.delete(r.key);
          }
        }
      } finally {
        state.flushing = false;
        layoutSoon();
        summarize();
      }
    });
  }

  /** Drops an entry that has no result yet, so that a later scan considers its message afresh. */
  function forget(e) {
    for (const x of state.pending.get(e.key) || []) {
      state.entries.delete(x);
      if (state.byBody.get(x.body) === x) state.byBody.delete(x.body);
    }
    state.pending.delete(e.key);
  }

  /** Caches a result; the oldest go first once the cache is full (long SMS sessions). */
  function remember(key, result) {
    state.cache.delete(key);
    state.cache.set(key, result);
    while (state.cache.size > CACHE_MAX) {
      const oldest = state.cache.keys().next().value;
      state.cache.delete(oldest);
      state.seenAt.delete(oldest);
    }
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

  function observe(doc, root) {
    const target = root && root.nodeType === 1 ? root : doc.body || doc.documentElement;
    if (!target) return;
    const old = state.observers.get(doc);
    if (old && old.target === target && target.isConnected) return;
    if (old) old.observer.disconnect();
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        if (isOurs(r.target)) continue;
        if (r.type === "characterData") { scheduleScan(); return; }
        const nodes = [...r.addedNodes, ...r.removedNodes];
        if (nodes.some((n) => !isOurs(n) && !(n.nodeType === 1 && n.hasAttribute(UI_ATTR)))) { scheduleScan(); return; }
      }
    });
    observer.observe(target, { childList: true, subtree: true, characterData: true });
    state.observers.set(doc, { observer, target });
    if (old) return;
    if (doc !== document) { listen(doc); return; }
    // iframes (same-origin bodies) announce new documents with load events
    doc.addEventListener("load", (ev) => { if (ev.target?.tagName === "IFRAME") scheduleScan(); }, true);
  }

  // ------------------------------------------------------------------ drawing

  function drawAttrs(entry) {
    const { report } = entry.result;
    const c = entry.container;
    if (c.getAttribute("data-og-verdict") !== report.verdict) c.setAttribute("data-og-verdict", report.verdict);
    const ov = report.overdue ? "true" : "false";
    if (c.getAttribute("data-og-overdue") !== ov) c.setAttribute("data-og-overdue", ov);
    for (const l of report.links || []) {
      const i = l.input_index;
      const ids = warnings(report, l.signals);
      if (i == null || !ids.length) continue;
      const link = entry.read.links[i];
      if (link?.el) setFlag(link.el, ids);
    }
    const senderEl = entry.m.senderEl;
    const ids = warnings(report, report.sender?.signals);
    if (senderEl && ids.length && !isEditor(senderEl)) setFlag(senderEl, ids);
  }

  /** The ids among `ids` that warn (weight > 0): a sender or link that only raised good signs
   *  (official_sender, …) is not flagged. */
  function warnings(report, ids) {
    if (!ids?.length) return [];
    const weight = new Map((report.signals || []).map((x) => [x.id, x.weight]));
    return ids.filter((id) => !(weight.get(id) <= 0));
  }

  /** Writes data-og-flag only when it changes (the page's own observers see every write). */
  function setFlag(e, ids) {
    const value = [...new Set(ids)].join(" ");
    if (e.getAttribute("data-og-flag") !== value) e.setAttribute("data-og-flag", value);
  }

  function draw(entry, result) {
    entry.result = result;
    drawAttrs(entry);
    drawHighlights(entry);
    drawBadge(entry);
  }

  /** Removes an entry's marks (also from elements the page has detached) and forgets it. */
  function undraw(entry) {
    clearHighlights(entry);
    if (entry.badge) { entry.badge.remove(); entry.badge = null; }
    state.entries.delete(entry);
    if (state.byBody.get(entry.body) === entry) state.byBody.delete(entry.body);
    if (card.entry === entry) hideCard();
    if (!entry.result) return;
    const claimed = (e) => [...state.entries].some((o) => o.result && (o.container === e || o.m.senderEl === e || o.read.links.some((l) => l.el === e)));
    for (const e of [entry.container, entry.m.senderEl, ...entry.read.links.map((l) => l.el)]) {
      if (!e || !e.removeAttribute || claimed(e)) continue; // a sender header shared by other messages
      e.removeAttribute("data-og-verdict");
      e.removeAttribute("data-og-overdue");
      e.removeAttribute("data-og-flag");
    }
  }

  /** Which highlight a signal of this report is drawn with. */
  function highlightName(report, weight) {
    if (weight <= 0) return "og-info";
    return report.verdict === "scam" ? "og-scam" : report.verdict === "suspicious" ? "og-suspicious" : "og-info";
  }

  function registryFor(doc) {
    const win = doc.defaultView;
    if (!win || !win.CSS || !win.CSS.highlights || typeof win.Highlight !== "function") return null;
    if (!doc.__ogHighlights) {
      const map = {};
      for (const name of HIGHLIGHTS) {
        let h = win.CSS.highlights.get(name);
        if (!h) { h = new win.Highlight(); win.CSS.highlights.set(name, h); }
        h.priority = name === "og-scam" ? 3 : name === "og-suspicious" ? 2 : 1;
        map[name] = h;
      }
      Object.defineProperty(doc, "__ogHighlights", { value: map, configurable: true });
      ensureMarksCss(doc);
    }
    return doc.__ogHighlights;
  }

  function drawHighlights(entry) {
    clearHighlights(entry);
    const { report } = entry.result;
    const wanted = [];
    for (const s of report.signals || []) if (s.span && s.weight !== 0) wanted.push([s.span, highlightName(report, s.weight)]);
    for (const l of report.links || []) if (l.span && warnings(report, l.signals).length) wanted.push([l.span, highlightName(report, 1)]);
    if (!wanted.length) return;
    const reg = registryFor(entry.doc);
    for (const [span, name] of wanted) {
      const r = spanToRange(entry.read, span);
      if (!r) continue;
      entry.ranges.push({ range: r, name, span });
      if (reg) reg[name].add(r);
    }
    if (!reg) layoutSoon(); // overlay boxes instead
  }

  function clearHighlights(entry) {
    const reg = entry.doc.__ogHighlights;
    for (const { range, name } of entry.ranges) reg?.[name]?.delete(range);
    entry.ranges = [];
    for (const box of entry.boxes || []) box.remove();
    entry.boxes = [];
  }

  /** ::highlight() rules must live in the document; the manifest's marks.css normally is. */
  function ensureMarksCss(doc) {
    const win = doc.defaultView;
    if (!win || win.getComputedStyle(doc.documentElement).getPropertyValue("--og-marks").trim()) return;
    try {
      const sheet = new win.CSSStyleSheet();
      sheet.replaceSync(":root{--og-marks:1}" + HIGHLIGHT_CSS);
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    } catch { /* no constructable sheets: the overlay still shows the badge */ }
  }

  const HIGHLIGHT_CSS = `
    ::highlight(og-scam){background-color:rgba(217,48,37,.22);text-decoration:underline wavy #c5221f;text-decoration-thickness:1.5px}
    ::highlight(og-suspicious){background-color:rgba(249,171,0,.30);text-decoration:underline wavy #b06000}
    ::highlight(og-info){background-color:rgba(26,115,232,.14)}`;

  // ------------------------------------------------------------------ the layer (badges, boxes, card)

  const LAYER_CSS = `
    :host{all:initial}
    .badge{position:fixed;pointer-events:auto;display:inline-flex;align-items:center;gap:4px;
      font:600 12px/1.2 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
      padding:3px 8px 3px 6px;border-radius:999px;border:1px solid transparent;cursor:pointer;
      box-shadow:0 1px 3px rgba(0,0,0,.25);white-space:nowrap;max-width:220px;overflow:hidden;text-overflow:ellipsis}
    .badge:focus-visible{outline:2px solid #1a73e8;outline-offset:2px}
    .badge .dot{width:8px;height:8px;border-radius:50%;flex:none}
    .badge.scam{background:#fce8e6;color:#a50e0e;border-color:#f4b4ae}.badge.scam .dot{background:#d93025}
    .badge.suspicious{background:#fef7e0;color:#7a4a00;border-color:#f6d68a}.badge.suspicious .dot{background:#f29900}
    .badge.benign{background:#e6f4ea;color:#0d652d;border-color:#a8dab5}.badge.benign .dot{background:#1e8e3e}
    .box{position:fixed;pointer-events:none;border-radius:2px}
    .box.og-scam{background:rgba(217,48,37,.22);border-bottom:2px solid #c5221f}
    .box.og-suspicious{background:rgba(249,171,0,.30);border-bottom:2px solid #b06000}
    .box.og-info{background:rgba(26,115,232,.14)}`;

  const CARD_CSS = `
    :host{all:initial}
    .card{position:fixed;pointer-events:auto;box-sizing:border-box;width:min(360px,calc(100vw - 16px));max-height:min(70vh,560px);overflow:auto;
      background:#fff;color:#202124;border-radius:12px;box-shadow:0 6px 24px rgba(0,0,0,.28),0 0 0 1px rgba(0,0,0,.08);
      font:14px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;text-align:left}
    .head{display:flex;flex-wrap:wrap;align-items:center;gap:4px 8px;padding:10px 12px 8px;border-radius:12px 12px 0 0}
    .head.scam{background:#fce8e6}.head.suspicious{background:#fef7e0}.head.benign{background:#e6f4ea}
    .verdict{font-weight:700;font-size:15px}
    .scam .verdict{color:#a50e0e}.suspicious .verdict{color:#7a4a00}.benign .verdict{color:#0d652d}
    .tag{white-space:nowrap;font-size:12px;padding:1px 7px;border-radius:999px;background:rgba(0,0,0,.07);color:#3c4043}
    .brand{margin-left:auto;white-space:nowrap;font-size:11px;color:#5f6368}
    .body{padding:8px 14px 12px}
    .headline{margin:2px 0 8px;font-weight:600}
    h3{font-size:12px;letter-spacing:.02em;text-transform:uppercase;color:#5f6368;margin:10px 0 4px}
    ul{margin:0;padding:0 0 0 18px}li{margin:3px 0}
    q{quotes:"\\201C" "\\201D";background:#f1f3f4;border-radius:3px;padding:0 3px;font-weight:600;word-break:break-all}
    .advice li::marker{color:#1e8e3e}.good li::marker{color:#1a73e8}
    .url{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;background:#f1f3f4;padding:4px 6px;border-radius:4px;word-break:break-all;margin:6px 0}
    .actions{display:flex;gap:8px;justify-content:flex-end;padding:0 12px 12px;flex-wrap:wrap}
    button{font:inherit;font-size:13px;border-radius:6px;padding:5px 12px;cursor:pointer;border:1px solid #dadce0;background:#fff;color:#1a73e8}
    button.primary{background:#1a73e8;border-color:#1a73e8;color:#fff}
    button.danger{background:#fff;border-color:#d93025;color:#c5221f}
    button:focus-visible{outline:2px solid #1a73e8;outline-offset:2px}
    .feedback{align-self:center;font-size:12px;color:#1e8e3e;margin-right:auto}`;

  const layers = new WeakMap(); // doc -> {host, root}

  function sheetFor(doc, css) {
    const win = doc.defaultView;
    try {
      const s = new win.CSSStyleSheet();
      s.replaceSync(css);
      return s;
    } catch { return null; }
  }

  function shadowHost(doc, kind, css) {
    const host = el(doc, "og-layer", { [UI_ATTR]: kind });
    host.style.cssText = "position:fixed;top:0;left:0;width:0;height:0;z-index:2147483647;pointer-events:none;display:block";
    const root = host.attachShadow({ mode: "open" });
    const sheet = sheetFor(doc, css);
    let adopted = false;
    if (sheet) {
      try { root.adoptedStyleSheets = [sheet]; adopted = root.adoptedStyleSheets.length === 1; } catch { adopted = false; }
    }
    if (!adopted) root.append(el(doc, "style", null, css));
    return { host, root };
  }

  function layerFor(doc) {
    let l = layers.get(doc);
    if (!l || !l.host.isConnected) {
      l = shadowHost(doc, "layer", LAYER_CSS);
      doc.documentElement.append(l.host);
      layers.set(doc, l);
    }
    return l;
  }

  function drawBadge(entry) {
    const { report, view } = entry.result;
    if (entry.badge) { entry.badge.remove(); entry.badge = null; }
    if (report.verdict === "benign" && !report.overdue) return; // ordinary mail: no noise
    const doc = entry.doc === entry.container.ownerDocument ? entry.doc : entry.container.ownerDocument;
    const { root } = layerFor(doc);
    const str = strings(view);
    const label = view?.verdict_label || str.verdict[report.verdict];
    const text = report.verdict === "benign" && report.overdue ? (view?.overdue_label || str.overdue) : label;
    const b = el(doc, "button", { class: `badge ${report.verdict}`, type: "button", "data-og-badge": report.verdict, "aria-haspopup": "dialog" });
    b.append(el(doc, "span", { class: "dot", "aria-hidden": "true" }), el(doc, "span", null, text));
    b.setAttribute("aria-label", `${str.card_title}: ${label}${report.overdue ? " · " + (view?.overdue_label || str.overdue) : ""}`);
    b.addEventListener("mouseenter", () => showCard(entry, b, "hover"));
    b.addEventListener("mouseleave", () => hideCardSoon());
    b.addEventListener("focus", () => showCard(entry, b, "focus"));
    b.addEventListener("click", (ev) => { ev.stopPropagation(); showCard(entry, b, "click"); card.root?.querySelector("button")?.focus({ preventScroll: true }); });
    for (const t of ["pointerdown", "mousedown", "mouseup", "keydown"]) b.addEventListener(t, (ev) => ev.stopPropagation());
    b.style.visibility = "hidden";
    root.append(b);
    entry.badge = b;
    layoutSoon();
  }

  /** Client rect of an element in the coordinate space of `doc` (its own document). */
  const rectOf = (e) => e.getBoundingClientRect();

  let layoutQueued = false;
  function layoutSoon() {
    if (layoutQueued) return;
    layoutQueued = true;
    requestAnimationFrame(() => { layoutQueued = false; layout(); });
  }

  /** Places badges at the top-right corner of their message and overlay boxes over ranges. */
  function layout() {
    for (const e of state.entries) {
      if (e.badge) {
        // straddles the message's top edge, right-aligned: covers as little of it as possible
        const at = e.m.badgeAnchor?.isConnected ? e.m.badgeAnchor : e.container;
        const r = rectOf(at);
        const de = at.ownerDocument.documentElement;
        if (!r.width || !r.height || r.bottom < 0 || r.top > de.clientHeight || !isShown(at)) {
          e.badge.style.visibility = "hidden";
        } else {
          const bw = e.badge.offsetWidth || 90, bh = e.badge.offsetHeight || 22;
          e.badge.style.left = `${Math.max(4, Math.min(r.right - bw - 14, de.clientWidth - bw - 6))}px`;
          e.badge.style.top = `${Math.max(4, r.top - bh / 2)}px`;
          e.badge.style.visibility = "visible";
        }
      }
      if (e.ranges.length && !e.doc.__ogHighlights) {
        for (const b of e.boxes || []) b.remove();
        e.boxes = [];
        const { root } = layerFor(e.doc);
        for (const { range, name } of e.ranges) {
          for (const rr of range.getClientRects()) {
            const box = el(e.doc, "div", { class: `box ${name}` });
            box.style.cssText = `left:${rr.left}px;top:${rr.top}px;width:${rr.width}px;height:${rr.height}px`;
            root.append(box);
            e.boxes.push(box);
          }
        }
      }
    }
    if (card.entry && card.anchor) placeCard(card.anchor);
  }

  // ------------------------------------------------------------------ the card

  const card = { host: null, root: null, entry: null, anchor: null, hideTimer: 0, doc: null };

  function cardHost(doc) {
    if (card.host && card.doc === doc && card.host.isConnected) return card;
    card.host?.remove();
    const { host, root } = shadowHost(doc, "card", CARD_CSS);
    doc.documentElement.append(host);
    root.addEventListener("keydown", (ev) => { if (ev.key === "Escape") { ev.stopPropagation(); hideCard(true); } });
    root.addEventListener("focusout", (ev) => { if (!ev.relatedTarget || !root.contains(ev.relatedTarget)) hideCardSoon(); });
    for (const t of ["pointerdown", "mousedown", "mouseup", "click", "keydown", "keyup"]) host.addEventListener(t, (ev) => ev.stopPropagation());
    Object.assign(card, { host, root, doc });
    return card;
  }

  /** Cards opened by a click, a link warning or a background request stay until dismissed. */
  const PINNED = new Set(["click", "link", "report"]);

  function hideCardSoon() {
    if (PINNED.has(card.mode)) return;
    clearTimeout(card.hideTimer);
    card.hideTimer = setTimeout(() => hideCard(), 350);
  }

  function hideCard(returnFocus) {
    clearTimeout(card.hideTimer);
    const anchor = card.anchor;
    if (card.root) for (const n of [...card.root.children]) if (n.tagName !== "STYLE") n.remove();
    card.entry = null; card.anchor = null; card.mode = null;
    if (card.host) card.host.removeAttribute("data-og-open");
    if (returnFocus && anchor?.focus) anchor.focus({ preventScroll: true });
  }

  /**
   * Shows the card for a drawn entry (or for a bare {report, view, text} from the background),
   * anchored at an element or a rect. mode "link" asks before opening `link.href`.
   */
  function showCard(entry, anchor, mode, link) {
    clearTimeout(card.hideTimer);
    const docForCard = document; // frames' messages get their card in this document, shifted
    if (card.entry === entry && card.anchor === anchor && card.mode === mode && card.root?.querySelector(".card")) return;
    const { root } = cardHost(docForCard);
    hideCard();
    card.entry = entry; card.anchor = anchor; card.mode = mode;
    const { report, view } = entry.result;
    const str = strings(view);
    const d = docForCard;
    const box = el(d, "div", { class: "card", role: "dialog", "aria-label": str.card_title, "data-og-card": report.verdict });
    // on the card as a whole (not its children): pointing at it keeps it, leaving it closes it
    box.addEventListener("mouseenter", () => clearTimeout(card.hideTimer));
    box.addEventListener("mouseleave", () => hideCardSoon());
    const head = el(d, "div", { class: `head ${report.verdict}` });
    head.append(el(d, "span", { class: "verdict" }, view?.verdict_label || str.verdict[report.verdict]));
    if (report.overdue) head.append(el(d, "span", { class: "tag" }, view?.overdue_label || str.overdue));
    head.append(el(d, "span", { class: "brand" }, str.card_title));
    box.append(head);
    const body = el(d, "div", { class: "body" });
    if (mode === "link" && link) {
      body.append(el(d, "p", { class: "headline" }, str.link_warning_title));
      body.append(el(d, "p", null, str.link_warning_body));
      body.append(el(d, "div", { class: "url" }, link.href));
    }
    if (view?.headline) body.append(el(d, "p", { class: "headline" }, view.headline));
    const reasons = view?.reasons?.length ? view.reasons : (report.signals || []).filter((s, i, all) => s.weight > 0 && all.findIndex((t) => t.id === s.id) === i).map((s) => ({ id: s.id, text: s.id, evidence: s.evidence }));
    if (reasons.length) {
      body.append(el(d, "h3", null, str.reasons_title));
      const ul = el(d, "ul", { class: "reasons" });
      for (const r of reasons) {
        const li = el(d, "li", { "data-id": r.id });
        if (r.evidence) { li.append(el(d, "q", null, clip(r.evidence, 42)), d.createTextNode(" ")); }
        li.append(d.createTextNode(r.text || r.id));
        ul.append(li);
      }
      body.append(ul);
    }
    if (view?.good_signs?.length && mode !== "link") {
      body.append(el(d, "h3", null, str.good_signs_title));
      const ul = el(d, "ul", { class: "good" });
      for (const g of view.good_signs) {
        const li = el(d, "li", { "data-id": g.id });
        if (g.evidence) li.append(el(d, "q", null, clip(g.evidence, 42)), d.createTextNode(" "));
        li.append(d.createTextNode(g.text || g.id));
        ul.append(li);
      }
      body.append(ul);
    }
    const advice = view?.advice?.length ? view.advice : (report.advice || []).map((a) => ({ id: a.id, text: a.detail ? `${a.id}: ${a.detail}` : a.id }));
    if (advice.length) {
      body.append(el(d, "h3", null, str.advice_title));
      const ul = el(d, "ul", { class: "advice" });
      for (const a of mode === "link" ? advice.slice(0, 2) : advice) ul.append(el(d, "li", { "data-id": a.id }, a.text));
      body.append(ul);
    }
    box.append(body);
    const actions = el(d, "div", { class: "actions" });
    const feedback = el(d, "span", { class: "feedback", role: "status", "aria-live": "polite" });
    actions.append(feedback);
    if (mode === "link" && link) {
      const cancel = el(d, "button", { type: "button", class: "primary", "data-og-action": "cancel" }, str.link_warning_cancel);
      const open = el(d, "button", { type: "button", class: "danger", "data-og-action": "open" }, str.link_warning_open);
      cancel.addEventListener("click", () => hideCard(true));
      open.addEventListener("click", () => { hideCard(); window.open(link.href, "_blank", "noopener,noreferrer"); });
      actions.append(cancel, open);
    } else {
      const copy = el(d, "button", { type: "button", "data-og-action": "copy" }, str.copy_evidence);
      copy.addEventListener("click", async () => {
        const ok = await copyText(d, evidenceText(entry, str, reasons));
        feedback.textContent = ok ? str.copied : "";
      });
      const close = el(d, "button", { type: "button", "data-og-action": "close" }, str.close);
      close.addEventListener("click", () => hideCard(true));
      actions.append(copy, close);
    }
    box.append(actions);
    root.append(box);
    card.host.setAttribute("data-og-open", report.verdict);
    placeCard(anchor);
  }

  const clip = (s, n) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

  function placeCard(anchor) {
    const box = card.root?.querySelector(".card");
    if (!box) return;
    const win = card.doc.defaultView;
    let r = anchor && typeof anchor.getBoundingClientRect === "function" ? anchor.getBoundingClientRect() : anchor;
    if (!r || r.nodeType) r = { left: win.innerWidth / 2 - 190, right: win.innerWidth / 2 + 190, top: 80, bottom: 80 };
    // anchors inside a same-origin iframe: shift by the frame's position
    const owner = anchor?.ownerDocument || anchor?.startContainer?.ownerDocument;
    if (owner && owner !== card.doc) {
      const fe = owner.defaultView?.frameElement;
      if (fe) { const fr = fe.getBoundingClientRect(); r = { left: r.left + fr.left, right: r.right + fr.left, top: r.top + fr.top, bottom: r.bottom + fr.top }; }
    }
    const vw = card.doc.documentElement.clientWidth || win.innerWidth;
    const vh = card.doc.documentElement.clientHeight || win.innerHeight;
    const w = box.offsetWidth, h = box.offsetHeight;
    let left, top;
    if (vw - r.right >= w + 16) {
      // beside the mark, so the message itself stays readable
      left = r.right + 8;
      top = Math.min(Math.max(8, r.top - 8), vh - h - 8);
    } else {
      left = Math.min(Math.max(8, r.right - w), vw - w - 8);
      top = r.bottom + 6;
      if (top + h > vh - 8) top = Math.max(8, r.top - h - 6);
    }
    box.style.left = `${Math.max(8, left)}px`;
    box.style.top = `${top}px`;
  }

  function evidenceText(entry, str, reasons) {
    const seen = state.seenAt.get(entry.key) || new Date();
    const lines = [str.evidence_header, `${str.sender_label}: ${entry.sender || "-"}`, `${str.time_seen_label}: ${seen.toISOString()}`,
      `URL: ${entry.doc.location?.href || ""}`, "", entry.text ?? entry.read.text, ""];
    const v = entry.result.view;
    lines.push(`${v?.verdict_label || str.verdict[entry.result.report.verdict]}${entry.result.report.overdue ? " · " + (v?.overdue_label || str.overdue) : ""}`);
    for (const r of reasons) lines.push(`- ${r.evidence ? `“${r.evidence}” ` : ""}${r.text || r.id}`);
    return lines.join("\n");
  }

  async function copyText(doc, text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // clipboard API refused (no focus / permission): a hidden textarea in our shadow root
      try {
        const ta = el(doc, "textarea", { "aria-hidden": "true" });
        ta.value = text;
        ta.style.cssText = "position:fixed;left:-9999px;top:0;opacity:0";
        card.root.append(ta);
        ta.select();
        const ok = doc.execCommand("copy");
        ta.remove();
        return ok;
      } catch { return false; }
    }
  }

  // ------------------------------------------------------------------ page events: hover, focus, link clicks

  /** The drawn entry and flagged element an event target belongs to. */
  function markOf(target) {
    if (!target || target.nodeType !== 1 || isOurs(target)) return null;
    const flagged = target.closest("[data-og-flag]");
    if (!flagged) return null;
    for (const e of state.entries) {
      if (!e.result) continue;
      if (e.m.senderEl === flagged) return { entry: e, el: flagged };
      const link = e.read.links.find((l) => l.el === flagged);
      if (link) return { entry: e, el: flagged, link };
    }
    return null;
  }

  function rangeAt(doc, x, y) {
    let node = null, offset = 0;
    if (doc.caretPositionFromPoint) {
      const p = doc.caretPositionFromPoint(x, y);
      if (p) { node = p.offsetNode; offset = p.offset; }
    } else if (doc.caretRangeFromPoint) {
      const r = doc.caretRangeFromPoint(x, y);
      if (r) { node = r.startContainer; offset = r.startOffset; }
    }
    if (!node) return null;
    for (const e of state.entries) {
      if (e.doc !== doc) continue;
      for (const hr of e.ranges) {
        try {
          if (hr.range.isPointInRange(node, offset)) {
            const rects = [...hr.range.getClientRects()];
            if (rects.some((rc) => x >= rc.left - 1 && x <= rc.right + 1 && y >= rc.top - 1 && y <= rc.bottom + 1)) return { entry: e, range: hr.range };
          }
        } catch { /* range in another document */ }
      }
    }
    return null;
  }

  function listen(doc) {
    if (doc.__ogListening) return;
    Object.defineProperty(doc, "__ogListening", { value: true, configurable: true });
    const win = doc.defaultView;
    doc.addEventListener("mouseover", (ev) => {
      const m = markOf(ev.target);
      if (m) showCard(m.entry, m.el, "hover");
    }, true);
    doc.addEventListener("mouseout", (ev) => { if (markOf(ev.target)) hideCardSoon(); }, true);
    doc.addEventListener("focusin", (ev) => {
      const m = markOf(ev.target);
      if (m) showCard(m.entry, m.el, "focus");
    }, true);
    doc.addEventListener("focusout", (ev) => { if (markOf(ev.target)) hideCardSoon(); }, true);
    doc.addEventListener("pointerdown", (ev) => { if (card.entry && PINNED.has(card.mode) && !isOurs(ev.target) && !markOf(ev.target)) hideCard(); }, true);
    let moveQueued = false, lastMove = null;
    doc.addEventListener("pointermove", (ev) => {
      if (isOurs(ev.target)) return; // over the card or a badge: the card stays
      lastMove = ev;
      if (moveQueued) return;
      moveQueued = true;
      win.requestAnimationFrame(() => {
        moveQueued = false;
        const hit = rangeAt(doc, lastMove.clientX, lastMove.clientY);
        if (hit) showCard(hit.entry, hit.range, "hover");
        else if (card.mode === "hover" && card.anchor && card.anchor.constructor?.name === "Range") hideCardSoon();
      });
    }, { passive: true, capture: true });
    const askFirst = (ev) => {
      if (ev.type === "auxclick" && ev.button !== 1) return;
      const m = markOf(ev.target);
      if (!m || !m.link || m.entry.result.report.verdict !== "scam") return;
      ev.preventDefault();
      ev.stopPropagation();
      showCard(m.entry, m.el, "link", m.link);
      card.root?.querySelector('[data-og-action="cancel"]')?.focus({ preventScroll: true });
    };
    doc.addEventListener("click", askFirst, true);
    doc.addEventListener("auxclick", askFirst, true); // middle click opens a tab too
    doc.addEventListener("contextmenu", (ev) => { state.lastContext = { el: ev.target, at: Date.now() }; }, true);
    doc.addEventListener("keydown", (ev) => { if (ev.key === "Escape" && card.entry) hideCard(true); }, true);
    win.addEventListener("scroll", layoutSoon, { capture: true, passive: true });
    win.addEventListener("resize", layoutSoon, { passive: true });
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
        read: { text: msg.text || "", links: [], segs: [], doc: document }, result, ranges: [] }, anchor, "report");
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
      result: { report, view: result.view }, ranges: [], badge: null, doc: root.ownerDocument };
    state.entries.add(entry);
    drawHighlights(entry);
    return entry;
  }

  async function hello() {
    for (let i = 0; i < 3; i++) {
      const res = await send({ type: "cs-bg-hello", site: state.site });
      if (res && res.ok) {
        state.enabled = !!res.enabled;
        if (res.lang) state.lang = res.lang;
        return;
      }
      await new Promise((r) => setTimeout(r, 300 * (i + 1)));
    }
    state.enabled = false;
  }

  async function rescan() {
    for (const e of [...state.entries]) undraw(e);
    state.cache.clear();
    state.pending.clear();
    state.queue = [];
    state.lastSummary = "";
    await hello();
    if (state.enabled) scheduleScan(0);
  }

  // ------------------------------------------------------------------ public surface

  const OverdueGuard = {
    version: 1,
    adapters: {},
    /** An adapter: {site, channel?, findMessages(doc), observeRoot?(doc), skipSelector?, sweep?}
     *  (sweep: false = no periodic re-scan, only on mutations and navigation). */
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
      setInterval(() => {
        if (document.hidden || !state.enabled) return;
        if (location.href !== state.lastUrl) { state.lastUrl = location.href; scheduleScan(0); return; }
        if (state.adapter.sweep !== false) scheduleScan(0); // safety sweep: cheap when nothing changed
      }, RESCAN_SWEEP_MS);
      window.addEventListener("hashchange", () => scheduleScan(0));
      window.addEventListener("popstate", () => scheduleScan(0));
      await hello(); // a site switched off stays quiet until bg-cs-rescan says otherwise
      if (state.enabled) scan();
    },
    /** Runs a scan now (tests and the generic adapter use it). */
    scanNow() { scan(); },
    // shared helpers for adapters
    util: { readMessage, realHref, unwrap, isEditor, isShown, isHidden, spanToRange, hash, listen, state },
  };
  globalThis.OverdueGuard = OverdueGuard;
})();

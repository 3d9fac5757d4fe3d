// overdue-guard content scripts: drawing on the page.
//   - attributes on page elements: data-og-verdict / data-og-overdue on the message container,
//     data-og-flag on flagged links and senders (the styling hooks and the test contract);
//   - flagged text spans: CSS Custom Highlight API ranges (overlay boxes where unsupported);
//   - a verdict badge per message, in a closed shadow root inside one layer element that hangs off
//     <html> (never inside <body>), built with createElement/textContent only.
(() => {
  "use strict";
  const OG = globalThis.OverdueGuard;
  if (!OG?.read || OG.marks) return;
  const { UI_ATTR, el, isEditor, isOurs, isShown, state } = OG.base;
  const { spanToRange } = OG.read;
  const HIGHLIGHTS = ["og-scam", "og-suspicious", "og-info"];
  // ------------------------------------------------------------------ strings

  const FALLBACK = {
    en: { card_title: "overdue-guard", reasons_title: "Why", advice_title: "What to do",
      copy_evidence: "Copy as evidence", copied: "Copied", close: "Close",
      link_warning_title: "This link may be a scam", link_warning_body: "The message this link is in looks like a scam. Do not enter card numbers, passwords or codes. Open it anyway?",
      link_warning_open: "Open anyway", link_warning_cancel: "Cancel", evidence_header: "Message kept as evidence (overdue-guard)",
      sender_label: "Sender", time_seen_label: "Seen at", good_signs_title: "Good signs",
      about_link: "The link", about_sender: "The sender", about_wording: "The wording",
      verdict: { benign: "No problem found", suspicious: "Suspicious", scam: "Likely scam" }, overdue: "Overdue / collection notice" },
    zh_CN: { card_title: "逾期短信卫士", reasons_title: "原因", advice_title: "建议",
      copy_evidence: "复制为证据", copied: "已复制", close: "关闭",
      link_warning_title: "此链接可能是诈骗", link_warning_body: "这条消息疑似诈骗。不要输入卡号、密码或验证码。仍要打开吗？",
      link_warning_open: "仍然打开", link_warning_cancel: "取消", evidence_header: "留存证据（逾期短信卫士）",
      sender_label: "发送方", time_seen_label: "看到时间", good_signs_title: "可信迹象",
      about_link: "链接", about_sender: "发送方", about_wording: "措辞",
      verdict: { benign: "未发现问题", suspicious: "可疑", scam: "疑似诈骗" }, overdue: "催收/逾期通知" },
  };

  function strings(view) {
    const lang = view?.lang || state.lang || "en";
    const fb = FALLBACK[lang] || FALLBACK.en;
    return { ...fb, ...(view?.strings || {}) };
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
    for (const e of [c, senderEl, ...entry.read.links.map((l) => l.el)]) claim(entry, e);
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

  /** Marks a classified message: attributes now; highlights and badge once it is on screen. */
  function draw(entry, result) {
    entry.result = result;
    drawAttrs(entry);
    drawHighlights(entry, false);
    hideBadge(entry);
    const { report } = result;
    entry.wantsBadge = report.verdict !== "benign" || report.overdue; // ordinary mail: no noise
    const anchor = entry.m.badgeAnchor?.isConnected ? entry.m.badgeAnchor : entry.container;
    if (!entry.wantsBadge && !entry.spans.length) unwatch(entry);
    else if (entry.badgeAt !== anchor) { unwatch(entry); watch(entry, anchor); }
    else layoutSoon(); // redrawn in its place in the list: the next layout pass shows it again
  }

  /** Removes an entry's marks (also from elements the page has detached) and forgets it. */
  function undraw(entry) {
    clearHighlights(entry);
    hideBadge(entry);
    unwatch(entry);
    state.entries.delete(entry);
    if (state.byBody.get(entry.body) === entry) state.byBody.delete(entry.body);
    if (OG.card.current.entry === entry) OG.card.hideCard();
    for (const e of entry.claimed || []) {
      const by = state.claims.get(e);
      by?.delete(entry);
      if (by?.size) continue; // a sender header shared by other messages
      state.claims.delete(e);
      e.removeAttribute("data-og-verdict");
      e.removeAttribute("data-og-overdue");
      e.removeAttribute("data-og-flag");
    }
    entry.claimed = null;
  }

  /** Records that `entry` answers for the marks on `e` (its container, sender, links). */
  function claim(entry, e) {
    if (!e?.removeAttribute) return;
    (entry.claimed ??= new Set()).add(e);
    let by = state.claims.get(e);
    if (!by) state.claims.set(e, (by = new Set()));
    by.add(entry);
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
      doc.addEventListener("beforeinput", onTyping, true);
    }
    return doc.__ogHighlights;
  }

  /**
   * Notes the report's flagged spans (entry.spans). They become ranges in the page's highlight
   * registry only while the message is on screen (or at once when `now`): every range in the
   * registry costs the browser work on each frame in which the page changed, and every live
   * range is updated by each change to the document (typing in a composer included).
   */
  function drawHighlights(entry, now) {
    clearHighlights(entry);
    const { report } = entry.result;
    for (const s of report.signals || []) if (s.span && s.weight !== 0) entry.spans.push({ span: s.span, name: highlightName(report, s.weight) });
    for (const l of report.links || []) if (l.span && warnings(report, l.signals).length) entry.spans.push({ span: l.span, name: highlightName(report, 1) });
    if (now) showHighlights(entry);
  }

  function showHighlights(entry) {
    if (!entry.spans.length || entry.highlighted) return;
    entry.highlighted = true;
    for (const { span, name } of entry.spans) {
      const range = spanToRange(entry.read, span);
      if (range) entry.ranges.push({ range, name, span });
    }
    const reg = registryFor(entry.doc);
    if (!reg) { layoutSoon(); return; } // overlay boxes instead
    for (const { range, name } of entry.ranges) reg[name].add(range);
  }

  function hideHighlights(entry) {
    if (!entry.highlighted) return;
    entry.highlighted = false;
    const reg = entry.doc.__ogHighlights;
    for (const { range, name } of entry.ranges) reg?.[name]?.delete(range);
    for (const box of entry.boxes || []) box.remove();
    entry.boxes = [];
    entry.ranges = [];
  }

  function clearHighlights(entry) {
    hideHighlights(entry);
    entry.spans = [];
  }

  // While a single range is in a highlight registry, Chromium repaints the whole document after
  // each change to its DOM or style: it walks every element again before painting (~30 ms a
  // frame with 10,000 bubbles, for one range as for a hundred). So new highlights wait while the
  // page is being scanned and marked (it changes every few hundred ms then), and the shown ones
  // are taken down while the user types (each keystroke changes the DOM) until TYPING_QUIET_MS
  // after the last keystroke.
  const TYPING_QUIET_MS = 1000;
  let typingTimer = 0;

  function onTyping(ev) {
    if (isOurs(ev.target)) return;
    if (!typingTimer) for (const e of onScreen) hideHighlights(e);
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { typingTimer = 0; layoutSoon(); }, TYPING_QUIET_MS);
  }

  /** Whether the highlights of the messages on screen may be shown now. */
  const mayHighlight = () => !typingTimer && !state.scanning && !state.inFlight && !state.queue.length;

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
    .badge.row{font-size:11px;padding:1px 6px 1px 4px;box-shadow:none}
    .badge.dark{box-shadow:0 1px 3px rgba(0,0,0,.6)}
    .badge.dark.scam{background:#5c1a16;color:#f6aea9;border-color:#8c2a22}
    .badge.dark.suspicious{background:#4a3500;color:#fdd663;border-color:#7a5a00}
    .badge.dark.benign{background:#0f3d1f;color:#81c995;border-color:#1e6b38}
    .badge.dark:focus-visible{outline-color:#8ab4f8}
    .box{position:fixed;pointer-events:none;border-radius:2px}
    .box.og-scam{background:rgba(217,48,37,.22);border-bottom:2px solid #c5221f}
    .box.og-suspicious{background:rgba(249,171,0,.30);border-bottom:2px solid #b06000}
    .box.og-info{background:rgba(26,115,232,.14)}`;


  const layers = new WeakMap(); // doc -> {host, root}

  // ------------------------------------------------------------------ hosts the page cannot read or restyle
  // Everything we draw lives in closed shadow roots: a page script sees only the empty host
  // element (data-og-ui="layer" / "card"), never the verdict, the reasons or the badge text. The
  // host's own look is pinned by an inline style marked !important (it beats the page's style
  // sheets). A per-document observer puts back a host the page removes, restyles or re-attributes;
  // it writes only what differs and drops the records of its own writes, so it never feeds itself,
  // and it gives up for a second after REPAIRS_PER_SECOND repairs (a page fighting it).

  const HOST_STYLE = "all:initial;position:fixed;top:0;left:0;width:0;height:0;margin:0;padding:0;border:0;" +
    "z-index:2147483647;pointer-events:none;display:block;visibility:visible;opacity:1;transform:none;filter:none;" +
    "clip-path:none;contain:none;overflow:visible";
  const HOST_CSS = HOST_STYLE.split(";").map((d) => `${d} !important`).join(";");
  const REPAIRS_PER_SECOND = 20;
  const guards = new WeakMap(); // doc -> {observer, hosts: Map(host -> kind), repairs, since, retry, root}

  function hostStyleOk(host) {
    return host.getAttribute("style") === HOST_CSS;
  }

  function pinHost(host, kind) {
    if (!hostStyleOk(host)) host.setAttribute("style", HOST_CSS);
    if (host.getAttribute(UI_ATTR) !== kind) host.setAttribute(UI_ATTR, kind);
    for (const a of [...host.attributes]) if (a.name !== "style" && a.name !== UI_ATTR) host.removeAttribute(a.name);
  }

  /** Puts back every guarded host of `doc` that the page has removed or changed. */
  function repair(doc) {
    const g = guards.get(doc);
    if (!g || !doc.documentElement) return;
    const now = performance.now();
    if (now - g.since > 1000) { g.since = now; g.repairs = 0; }
    let fixed = false;
    for (const [host, kind] of g.hosts) {
      const wrong = host.parentNode !== doc.documentElement || !hostStyleOk(host) || host.getAttribute(UI_ATTR) !== kind ||
        host.attributes.length !== 2;
      if (!wrong) continue;
      if (g.repairs >= REPAIRS_PER_SECOND) { // a page that fights back: try again in a second
        if (!g.retry) g.retry = setTimeout(() => { g.retry = 0; repair(doc); }, 1000);
        break;
      }
      g.repairs++;
      fixed = true;
      pinHost(host, kind);
      if (host.parentNode !== doc.documentElement) doc.documentElement.append(host);
    }
    g.observer.takeRecords(); // our own writes
    if (fixed) layoutSoon();
  }

  function guard(doc, host, kind) {
    let g = guards.get(doc);
    if (!g) {
      const win = doc.defaultView;
      g = { hosts: new Map(), repairs: 0, since: 0, retry: 0, root: doc.documentElement };
      g.observer = new win.MutationObserver(() => repair(doc));
      g.observer.observe(doc.documentElement, { childList: true });
      guards.set(doc, g);
    }
    if (g.root !== doc.documentElement) { // the page replaced <html>
      g.root = doc.documentElement;
      g.observer.observe(doc.documentElement, { childList: true });
    }
    g.hosts.set(host, kind);
    g.observer.observe(host, { attributes: true });
  }

  function sheetFor(doc, css) {
    const win = doc.defaultView;
    try {
      const s = new win.CSSStyleSheet();
      s.replaceSync(css);
      return s;
    } catch { return null; }
  }

  /** A guarded host with a closed shadow root, appended to <html>: {host, root}. */
  function shadowHost(doc, kind, css) {
    const host = el(doc, "og-layer");
    pinHost(host, kind);
    const root = host.attachShadow({ mode: "closed" }); // only the extension holds `root`
    const sheet = sheetFor(doc, css);
    let adopted = false;
    if (sheet) {
      try { root.adoptedStyleSheets = [sheet]; adopted = root.adoptedStyleSheets.length === 1; } catch { adopted = false; }
    }
    if (!adopted) root.append(el(doc, "style", null, css));
    doc.documentElement.append(host);
    guard(doc, host, kind);
    return { host, root };
  }

  /** Puts a guarded host back if the page took it away (before its observer has run). */
  function ensureHost(doc, host) {
    if (host.parentNode !== doc.documentElement) repair(doc);
    return host.isConnected;
  }

  function layerFor(doc) {
    let l = layers.get(doc);
    if (!l) layers.set(doc, (l = shadowHost(doc, "layer", LAYER_CSS)));
    else ensureHost(doc, l.host);
    return l;
  }

  // ------------------------------------------------------------------ dark mode
  // The badge and card follow the page: the first opaque background behind the anchor (its
  // luminance), or, where every background is transparent, the page's color-scheme (and the
  // system's preference when the page says it follows it).

  function parseRgb(c) {
    const m = /rgba?\(([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:[ ,/]+([\d.]+%?))?/.exec(c || "");
    if (!m) return null;
    const a = m[4] == null ? 1 : m[4].endsWith("%") ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return { r: +m[1], g: +m[2], b: +m[3], a };
  }

  /** Relative luminance (WCAG) of an sRGB colour. */
  function luminance({ r, g, b }) {
    const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  }

  const DARK_BELOW = 0.2; // backgrounds darker than this get the dark badge and card

  function isDark(at) {
    const doc = at?.ownerDocument || document;
    const win = doc.defaultView;
    for (let e = at?.nodeType === 1 ? at : at?.parentElement; e; e = e.parentElement) {
      const c = parseRgb(win.getComputedStyle(e).backgroundColor);
      if (c && c.a >= 0.5) return luminance(c) < DARK_BELOW;
    }
    const body = doc.body && parseRgb(win.getComputedStyle(doc.body).backgroundColor);
    if (body && body.a >= 0.5) return luminance(body) < DARK_BELOW;
    const scheme = win.getComputedStyle(doc.documentElement).colorScheme || "";
    if (/\bdark\b/.test(scheme)) return !/\blight\b/.test(scheme) || win.matchMedia("(prefers-color-scheme: dark)").matches;
    return false;
  }

  /** The verdict badge of an entry on screen (a button in the layer's shadow root). */
  function showBadge(entry) {
    if (entry.badge || !entry.wantsBadge) return;
    const { report, view } = entry.result;
    const doc = entry.doc === entry.container.ownerDocument ? entry.doc : entry.container.ownerDocument;
    const { root } = layerFor(doc);
    const str = strings(view);
    const label = view?.verdict_label || str.verdict[report.verdict];
    const text = report.verdict === "benign" && report.overdue ? (view?.overdue_label || str.overdue) : label;
    const dark = isDark(entry.badgeAt || entry.container);
    const b = el(doc, "button", { class: `badge ${report.verdict}${dark ? " dark" : ""}${entry.m.row ? " row" : ""}`, type: "button", "data-og-badge": report.verdict, "aria-haspopup": "dialog" });
    b.append(el(doc, "span", { class: "dot", "aria-hidden": "true" }), el(doc, "span", null, text));
    b.setAttribute("aria-label", `${str.card_title}: ${label}${report.overdue ? " · " + (view?.overdue_label || str.overdue) : ""}`);
    const card = OG.card;
    b.addEventListener("mouseenter", () => card.showCard(entry, b, "hover"));
    b.addEventListener("mouseleave", () => card.hideCardSoon());
    b.addEventListener("focus", () => { if (!card.current.returning) card.showCard(entry, b, "focus"); });
    b.addEventListener("click", (ev) => { ev.stopPropagation(); card.showCard(entry, b, "click"); card.current.root?.querySelector("button")?.focus({ preventScroll: true }); });
    for (const t of ["pointerdown", "mousedown", "mouseup", "keydown"]) b.addEventListener(t, (ev) => ev.stopPropagation());
    b.style.visibility = "hidden"; // until layout() has placed it
    root.append(b);
    entry.badge = b;
    entry.badgeText = b.textContent;
    entry.badgeSize = null;
  }

  function hideBadge(entry) {
    if (!entry.badge) return;
    if (OG.card.current.anchor === entry.badge) OG.card.hideCard();
    entry.badge.remove();
    entry.badge = null;
  }

  // ------------------------------------------------------------------ on screen: highlights and badges
  // Only messages on screen have their highlights in the registry and a badge in the layer: each
  // costs the browser work on every frame in which anything changes (typing included), and so
  // would an IntersectionObserver watching thousands of messages. Instead, when the page scrolls,
  // resizes or changes (and after drawing), one layout pass finds the messages on screen, with a
  // binary search over the marked messages in document order when there are many (a long list
  // is laid out top to bottom), reads every rect it needs first, then writes (one layout per
  // frame). A badge's size is measured once.

  const LINEAR_MAX = 200; // up to this many marked messages, each one's rect is read
  let listed = []; // marked entries that want a badge or highlights, in document order
  let unlisted = 0; // entries left in `listed` that are no longer marked
  let onScreen = new Set();

  /** Lists a marked entry, in document order (binary search with compareDocumentPosition). */
  function watch(entry, anchor) {
    compact();
    entry.badgeAt = anchor;
    // page order: the messages' places in the last scan when both have one (compareDocumentPosition
    // walks the siblings of a long list on every call), else the DOM's
    const after = (e) => (Number.isInteger(e.at) && Number.isInteger(entry.at) ? e.at < entry.at
      : e.badgeAt.compareDocumentPosition(anchor) & Node.DOCUMENT_POSITION_FOLLOWING);
    if (!listed.length || after(listed[listed.length - 1])) listed.push(entry); // the usual case: drawn in page order
    else {
      let lo = 0, hi = listed.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (after(listed[mid])) lo = mid + 1; else hi = mid;
      }
      listed.splice(lo, 0, entry);
    }
    layoutSoon();
  }

  function unwatch(entry) {
    if (!entry.badgeAt) return;
    entry.badgeAt = null;
    unlisted++;
    onScreen.delete(entry);
  }

  function compact() {
    if (!unlisted) return;
    listed = listed.filter((e) => e.badgeAt);
    unlisted = 0;
  }

  /** Whether rect `r` of `at` is on its document's screen. */
  function visible(at, r) {
    return r.width > 0 && r.height > 0 && r.bottom >= 0 && r.top <= at.ownerDocument.documentElement.clientHeight && isShown(at);
  }

  /** The listed entries on screen now, with their anchors' rects. */
  function findOnScreen() {
    compact();
    const found = new Map();
    const rect = (i) => listed[i].badgeAt.getBoundingClientRect();
    let from = 0;
    if (listed.length > LINEAR_MAX) {
      // the first whose bottom edge is below the top of the screen
      let lo = 0, hi = listed.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (rect(mid).bottom < 0) lo = mid + 1; else hi = mid;
      }
      from = lo;
    }
    const vh = listed[from]?.badgeAt.ownerDocument.documentElement.clientHeight ?? 0;
    for (let i = from; i < listed.length; i++) {
      const e = listed[i], r = rect(i);
      if (listed.length > LINEAR_MAX && r.height > 0 && r.top > vh) break; // the rest are below the screen
      if (visible(e.badgeAt, r)) found.set(e, r);
    }
    return found;
  }

  let layoutQueued = false;
  function layoutSoon() {
    if (layoutQueued) return;
    layoutQueued = true;
    requestAnimationFrame(() => { layoutQueued = false; layout(); });
  }

  /** Shows the marks of the messages on screen (and only theirs), and places their badges. */
  function layout() {
    const now = findOnScreen(); // reads
    for (const e of onScreen) if (!now.has(e)) { hideHighlights(e); hideBadge(e); }
    onScreen = new Set(now.keys());
    for (const e of onScreen) {
      if (e.badge && (e.badge.textContent !== e.badgeText || !e.badge.isConnected)) hideBadge(e); // redrawn from our state
      if (mayHighlight()) showHighlights(e);
      showBadge(e);
    }
    const places = [];
    for (const [e, r] of now) { // reads (one layout, for the badges just made)
      if (!e.badge) continue;
      e.badgeSize ??= { w: e.badge.offsetWidth || 90, h: e.badge.offsetHeight || 22 };
      places.push({ e, r, vw: e.badgeAt.ownerDocument.documentElement.clientWidth });
    }
    for (const { e, r, vw } of places) { // writes
      // straddles the message's top edge, right-aligned: covers as little of it as possible;
      // in a list row, inside the row's right end (over the snippet's cut-off tail)
      const { w, h } = e.badgeSize;
      const style = e.badge.style;
      style.left = `${Math.max(4, Math.min(r.right - w - (e.m.row ? 4 : 14), vw - w - 6))}px`;
      style.top = `${Math.max(4, e.m.row ? r.top + (r.height - h) / 2 : r.top - h / 2)}px`;
      style.visibility = "visible";
    }
    for (const e of onScreen) if (e.highlighted && !e.doc.__ogHighlights) drawBoxes(e);
    if (state.selection?.highlighted && !state.selection.doc.__ogHighlights) drawBoxes(state.selection);
    const card = OG.card.current;
    if (card.entry && card.anchor) OG.card.placeCard(card.anchor);
  }

  /** Overlay boxes over an entry's ranges, where the Highlight API is missing. */
  function drawBoxes(e) {
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

  /** What the extension has drawn in this document, as the extension sees it (for tests and the
   *  demo, in the content-script world; the page sees only empty hosts). */
  function inspect() {
    const rect = (e) => { const r = e.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; };
    const badges = [];
    for (const e of state.entries) {
      const b = e.badge;
      if (!b) continue;
      const r = rect(b);
      const root = b.getRootNode();
      const top = root.elementFromPoint?.(r.x + r.w / 2, r.y + r.h / 2);
      badges.push({ verdict: e.result.report.verdict, text: b.textContent, label: b.getAttribute("aria-label"), dark: b.classList.contains("dark"),
        visible: b.style.visibility !== "hidden" && b.isConnected && r.w > 0, onTop: !!top && b.contains(top), rect: r,
        message: e.container.id || "", messageRect: rect(e.container), focused: root.activeElement === b });
    }
    return { badges, card: OG.card.inspect() };
  }

  /** Focuses the `i`-th badge (tests: what a Tab onto it does). */
  function focusBadge(i = 0) {
    const b = [...state.entries].map((e) => e.badge).filter(Boolean)[i];
    b?.focus();
    return !!b;
  }

  OG.marks = { draw, drawAttrs, undraw, drawHighlights, shadowHost, ensureHost, isDark, layoutSoon, strings, inspect, focusBadge };
})();

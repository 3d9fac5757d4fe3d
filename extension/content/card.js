// overdue-guard content scripts: the explanation card (why, and what to do) and the page events
// that open it: hovering or focusing a mark, pointing at highlighted text, clicking a flagged
// link in a scam message (asks first). Built in a closed shadow root with createElement/textContent.
(() => {
  "use strict";
  const OG = globalThis.OverdueGuard;
  if (!OG?.marks || OG.card) return;
  const { el, isOurs, state } = OG.base;
  const { shadowHost, ensureHost, isDark, layoutSoon, strings } = OG.marks;
  // Colours are variables, so the dark card (a dark page) only swaps them. The card is a column:
  // head and actions stay put, the body scrolls, so the buttons are always on screen.
  const CARD_CSS = `
    :host{all:initial}
    .card{--bg:#fff;--fg:#202124;--muted:#5f6368;--chip:#f1f3f4;--line:#dadce0;--accent:#1a73e8;--on-accent:#fff;
      --scam-bg:#fce8e6;--scam-fg:#a50e0e;--sus-bg:#fef7e0;--sus-fg:#7a4a00;--ok-bg:#e6f4ea;--ok-fg:#0d652d;--danger:#c5221f;
      position:fixed;pointer-events:auto;box-sizing:border-box;width:min(360px,calc(100vw - 16px));max-height:min(70vh,560px);
      display:flex;flex-direction:column;overflow:hidden;
      background:var(--bg);color:var(--fg);border-radius:12px;box-shadow:0 6px 24px rgba(0,0,0,.28),0 0 0 1px rgba(0,0,0,.08);
      font:14px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;text-align:left}
    .card.dark{--bg:#292a2d;--fg:#e8eaed;--muted:#9aa0a6;--chip:#3c4043;--line:#5f6368;--accent:#8ab4f8;--on-accent:#202124;
      --scam-bg:#5c1a16;--scam-fg:#f6aea9;--sus-bg:#4a3500;--sus-fg:#fdd663;--ok-bg:#0f3d1f;--ok-fg:#81c995;--danger:#f28b82;
      box-shadow:0 6px 24px rgba(0,0,0,.7),0 0 0 1px rgba(255,255,255,.12)}
    .card.docked{width:auto;left:8px !important;right:8px;max-height:45vh}
    .head{flex:none;display:flex;flex-wrap:wrap;align-items:center;gap:4px 8px;padding:10px 12px 8px}
    .head.scam{background:var(--scam-bg)}.head.suspicious{background:var(--sus-bg)}.head.benign{background:var(--ok-bg)}
    .verdict{font-weight:700;font-size:15px}
    .scam .verdict{color:var(--scam-fg)}.suspicious .verdict{color:var(--sus-fg)}.benign .verdict{color:var(--ok-fg)}
    .tag{white-space:nowrap;font-size:12px;padding:1px 7px;border-radius:999px;background:var(--chip);color:var(--fg)}
    .brand{margin-left:auto;white-space:nowrap;font-size:11px;color:var(--muted)}
    .body{flex:1 1 auto;min-height:0;overflow:auto;padding:8px 14px 10px}
    .headline{margin:2px 0 8px;font-weight:600}
    h3{font-size:12px;letter-spacing:.02em;text-transform:uppercase;color:var(--muted);margin:10px 0 4px}
    h4{font-size:12px;font-weight:600;color:var(--muted);margin:6px 0 2px}
    ul{margin:0;padding:0 0 0 18px}li{margin:3px 0}
    q{quotes:"\\201C" "\\201D";background:var(--chip);border-radius:3px;padding:0 3px;font-weight:600;word-break:break-all}
    .advice li::marker{color:var(--ok-fg)}.good li::marker{color:var(--accent)}
    .url{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;background:var(--chip);padding:4px 6px;border-radius:4px;word-break:break-all;margin:6px 0}
    .actions{flex:none;display:flex;gap:8px;justify-content:flex-end;padding:8px 12px 12px;flex-wrap:wrap;border-top:1px solid var(--line)}
    button{font:inherit;font-size:13px;border-radius:6px;padding:5px 12px;cursor:pointer;border:1px solid var(--line);background:var(--bg);color:var(--accent)}
    button.primary{background:var(--accent);border-color:var(--accent);color:var(--on-accent)}
    button.danger{background:var(--bg);border-color:var(--danger);color:var(--danger)}
    button:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
    .feedback{align-self:center;font-size:12px;color:var(--ok-fg);margin-right:auto}`;
  // ------------------------------------------------------------------ the card

  const card = { host: null, root: null, entry: null, anchor: null, hideTimer: 0, doc: null };

  function cardHost(doc) {
    if (card.host && card.doc === doc) { ensureHost(doc, card.host); return card; }
    const { host, root } = shadowHost(doc, "card", CARD_CSS);
    root.addEventListener("keydown", onCardKey);
    root.addEventListener("focusout", (ev) => { if (!ev.relatedTarget || !root.contains(ev.relatedTarget)) hideCardSoon(); });
    for (const t of ["pointerdown", "mousedown", "mouseup", "click", "keydown", "keyup"]) host.addEventListener(t, (ev) => ev.stopPropagation());
    Object.assign(card, { host, root, doc });
    return card;
  }

  /** Escape closes the card (a link warning: cancels); in a link warning Tab cycles its buttons. */
  function onCardKey(ev) {
    if (ev.key === "Escape") { ev.stopPropagation(); ev.preventDefault(); hideCard(true); return; }
    if (ev.key !== "Tab" || card.mode !== "link") return;
    const buttons = [...card.root.querySelectorAll("button")];
    if (!buttons.length) return;
    const at = buttons.indexOf(card.root.activeElement);
    const next = buttons[(at + (ev.shiftKey ? -1 : 1) + buttons.length) % buttons.length];
    ev.preventDefault();
    next.focus({ preventScroll: true });
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
    if (returnFocus && anchor?.focus) { // back where the user was, without reopening a card there
      card.returning = true;
      anchor.focus({ preventScroll: true });
      card.returning = false;
    }
  }

  /**
   * The reasons to show, each once: a repeated text is dropped, and reasons quoting the same
   * evidence (one URL flagged three ways) share one line.
   */
  function distinctReasons(reasons) {
    const out = [], byEvidence = new Map(), texts = new Set();
    for (const r of reasons) {
      const text = r.text || r.id;
      if (texts.has(text)) continue;
      texts.add(text);
      const same = r.evidence && byEvidence.get(r.evidence);
      if (same) { same.texts.push(text); same.ids.push(r.id); continue; }
      const line = { ids: [r.id], evidence: r.evidence, texts: [text] };
      if (r.evidence) byEvidence.set(r.evidence, line);
      out.push(line);
    }
    return out;
  }

  function listSection(d, body, title, cls, items) {
    if (!items.length) return;
    body.append(el(d, "h3", null, title), list(d, cls, items));
  }

  function list(d, cls, items) {
    const ul = el(d, "ul", { class: cls });
    for (const it of items) {
      const li = el(d, "li", { "data-id": it.ids ? it.ids.join(" ") : it.id });
      if (it.evidence) li.append(el(d, "q", null, clip(seen(it.evidence), 42)), d.createTextNode(" "));
      li.append(d.createTextNode(seen(it.texts ? it.texts.join(" ") : it.text || it.id)));
      ul.append(li);
    }
    return ul;
  }

  const ABOUT = ["link", "sender", "wording"];

  /**
   * The reasons grouped by what they are about: a link (signals the report raised on a link), the
   * sender (on the sender), or the wording (the rest); under one heading, with a label per group
   * when there is more than one.
   */
  function reasonsSection(d, body, str, report, lines) {
    if (!lines.length) return;
    const about = new Map();
    for (const l of report.links || []) for (const id of l.signals || []) about.set(id, "link");
    for (const id of report.sender?.signals || []) if (!about.has(id)) about.set(id, "sender");
    const groups = new Map(ABOUT.map((g) => [g, []]));
    for (const line of lines) groups.get(line.ids.map((id) => about.get(id)).find(Boolean) || "wording").push(line);
    const used = ABOUT.filter((g) => groups.get(g).length);
    body.append(el(d, "h3", null, str.reasons_title));
    for (const g of used) {
      if (used.length > 1) body.append(el(d, "h4", { class: "about" }, str[`about_${g}`]));
      body.append(list(d, "reasons", groups.get(g)));
    }
  }

  /**
   * Shows the card for a drawn entry (or for a bare {report, view, text} from the background),
   * anchored at an element or a rect. mode "link" asks before opening `link.href`, and holds
   * until the user chooses: hovering or focusing other marks does not replace it.
   */
  function showCard(entry, anchor, mode, link) {
    clearTimeout(card.hideTimer);
    if (card.mode === "link" && mode !== "link" && card.root?.querySelector(".card")) return;
    const docForCard = document; // frames' messages get their card in this document, shifted
    if (card.entry === entry && card.anchor === anchor && card.mode === mode && card.root?.querySelector(".card")) return;
    const { root } = cardHost(docForCard);
    hideCard();
    card.entry = entry; card.anchor = anchor; card.mode = mode;
    const { report, view } = entry.result;
    const str = strings(view);
    const d = docForCard;
    const dark = isDark(entry.container?.isConnected ? entry.container : anchor?.startContainer || (anchor?.nodeType && !isOurs(anchor) ? anchor : d.body));
    const box = el(d, "div", { class: `card${dark ? " dark" : ""}`, role: mode === "link" ? "alertdialog" : "dialog",
      "aria-label": mode === "link" ? str.link_warning_title : str.card_title, "data-og-card": report.verdict });
    if (mode === "link") box.setAttribute("aria-modal", "true");
    // on the card as a whole (not its children): pointing at it keeps it, leaving it closes it
    box.addEventListener("mouseenter", () => clearTimeout(card.hideTimer));
    box.addEventListener("mouseleave", () => hideCardSoon());
    const head = el(d, "div", { class: `head ${report.verdict}` });
    head.append(el(d, "span", { class: "verdict" }, view?.verdict_label || str.verdict[report.verdict]));
    if (report.overdue) head.append(el(d, "span", { class: "tag" }, view?.overdue_label || str.overdue));
    head.append(el(d, "span", { class: "brand" }, str.card_title));
    box.append(head);
    const actions = el(d, "div", { class: "actions" });
    const body = el(d, "div", { class: "body" });
    if (mode === "link" && link) {
      body.append(el(d, "p", { class: "headline" }, str.link_warning_title));
      body.append(el(d, "p", null, str.link_warning_body));
      body.append(el(d, "div", { class: "url" }, seen(link.href)));
    }
    if (view?.headline) body.append(el(d, "p", { class: "headline" }, view.headline));
    // what to do comes first: it must be readable without scrolling
    const advice = view?.advice?.length ? view.advice : (report.advice || []).map((a) => ({ id: a.id, text: a.detail ? `${a.id}: ${a.detail}` : a.id }));
    listSection(d, body, str.advice_title, "advice", mode === "link" ? advice.slice(0, 2) : advice);
    const reasons = view?.reasons?.length ? view.reasons : (report.signals || []).filter((s) => s.weight > 0).map((s) => ({ id: s.id, text: s.id, evidence: s.evidence }));
    reasonsSection(d, body, str, report, distinctReasons(reasons));
    if (mode !== "link") listSection(d, body, str.good_signs_title, "good", distinctReasons(view?.good_signs || []));
    box.append(body);
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
    placeCard(anchor);
  }

  const clip = (s, n) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

  /**
   * Text with its invisible characters made visible: Unicode format characters (category Cf:
   * bidirectional overrides and isolates, zero-width spaces and joiners, the soft hyphen, the BOM)
   * read as ⟨U+202E⟩, so a quoted URL or copied evidence cannot be reversed or padded unseen. A
   * zero-width joiner inside an emoji sequence is left alone.
   */
  const seen = (text) => String(text ?? "").replace(/(\p{Extended_Pictographic}?)(\p{Cf})(?=(\p{Extended_Pictographic}?))/gu,
    (all, before, c, after) => (c === "\u200D" && before && after ? all
      : `${before}⟨U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}⟩`));

  /** A rect in the card's document: shifted by the frame's position for anchors inside a same-origin iframe. */
  function topRect(node, r) {
    const owner = node?.ownerDocument || node?.startContainer?.ownerDocument;
    if (owner && owner !== card.doc) {
      const fe = owner.defaultView?.frameElement;
      if (fe) { const fr = fe.getBoundingClientRect(); return { left: r.left + fr.left, right: r.right + fr.left, top: r.top + fr.top, bottom: r.bottom + fr.top }; }
    }
    return r;
  }

  const GAP = 8;
  const MIN_H = 240; // the least height that still shows the head, "what to do" and the buttons

  /**
   * Places the card beside, below or above the message it explains (never over it), near the
   * anchor; where none of those has room (a narrow window, a message filling the screen) it is
   * docked as a panel along the screen's top or bottom edge, whichever is farther from the anchor.
   */
  function placeCard(anchor) {
    const box = card.root?.querySelector(".card");
    if (!box) return;
    const win = card.doc.defaultView;
    const vw = card.doc.documentElement.clientWidth || win.innerWidth;
    const vh = card.doc.documentElement.clientHeight || win.innerHeight;
    let a = anchor && typeof anchor.getBoundingClientRect === "function" ? anchor.getBoundingClientRect() : anchor;
    if (!a || a.nodeType || a.left == null) a = { left: vw / 2 - 190, right: vw / 2 + 190, top: 80, bottom: 80 };
    a = topRect(anchor, a);
    // the message: the container of a drawn message; for a checked selection, the selection
    const c = card.mode === "report" ? null : card.entry?.container;
    let m = c?.isConnected ? topRect(c, c.getBoundingClientRect()) : a;
    // the part of the message on screen, and the anchor (a badge straddles the message's edge)
    m = { left: Math.max(0, Math.min(m.left, a.left)), right: Math.min(vw, Math.max(m.right, a.right)),
      top: Math.max(0, Math.min(m.top, a.top)), bottom: Math.min(vh, Math.max(m.bottom, a.bottom)) };
    box.classList.remove("docked");
    Object.assign(box.style, { maxHeight: "", bottom: "" });
    const w = box.offsetWidth, h = box.offsetHeight;
    const clampX = (x) => Math.min(Math.max(GAP, x), vw - w - GAP);
    const clampY = (y, hh = h) => Math.min(Math.max(GAP, y), vh - hh - GAP);
    const free = { right: vw - m.right - 2 * GAP, left: m.left - 2 * GAP, below: vh - m.bottom - 2 * GAP, above: m.top - 2 * GAP };
    const put = (left, top, maxH) => {
      Object.assign(box.style, { left: `${left}px`, top: `${top}px`, maxHeight: maxH ? `${maxH}px` : "" });
    };
    if (free.right >= w) return put(m.right + GAP, clampY(a.top - GAP)); // beside, right
    if (free.left >= w) return put(m.left - w - GAP, clampY(a.top - GAP)); // beside, left
    if (free.below >= h) return put(clampX(a.right - w), m.bottom + GAP); // below
    if (free.above >= h) return put(clampX(a.right - w), m.top - h - GAP); // above
    // shorter (the body scrolls; head, "what to do" and the buttons stay) in the larger gap
    const gap = free.below >= free.above ? "below" : "above";
    if (free[gap] >= MIN_H) {
      return gap === "below" ? put(clampX(a.right - w), m.bottom + GAP, free[gap]) : put(clampX(a.right - w), GAP, free[gap]);
    }
    box.classList.add("docked"); // a panel along the edge farther from the anchor
    if (a.top + a.bottom > vh) Object.assign(box.style, { top: `${GAP}px`, left: `${GAP}px` });
    else Object.assign(box.style, { top: "auto", bottom: `${GAP}px`, left: `${GAP}px` });
  }

  /** The card as the extension sees it (tests): text, sections, buttons, what is on screen. */
  function inspect() {
    const box = card.root?.querySelector(".card");
    if (!box || !card.host?.isConnected) return null;
    const rect = (e) => { const r = e.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; };
    const body = box.querySelector(".body");
    const inView = (e) => { const r = e.getBoundingClientRect(), b = body.getBoundingClientRect(); return r.top >= b.top - 1 && r.bottom <= b.bottom + 1; };
    const items = (sel) => [...box.querySelectorAll(`${sel} li`)].map((li) => ({ id: li.getAttribute("data-id"), text: li.textContent, inView: inView(li) }));
    const active = card.root.activeElement;
    return {
      verdict: box.getAttribute("data-og-card"), mode: card.mode, role: box.getAttribute("role"), text: box.innerText,
      dark: box.classList.contains("dark"), docked: box.classList.contains("docked"), rect: rect(box),
      background: getComputedStyle(box).backgroundColor,
      advice: items(".advice"), reasons: items(".reasons"), good: items(".good"),
      groups: [...box.querySelectorAll("h4.about")].map((e) => e.textContent),
      buttons: [...box.querySelectorAll("button")].map((b) => ({ action: b.getAttribute("data-og-action"), text: b.textContent, rect: rect(b),
        focused: active === b, onTop: (() => { const r = b.getBoundingClientRect(); const t = card.root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); return !!t && b.contains(t); })() })),
      focusInside: !!active,
    };
  }

  function evidenceText(entry, str, reasons) {
    const seenAt = state.seenAt.get(entry.key) || new Date();
    const lines = [str.evidence_header, `${str.sender_label}: ${seen(entry.sender || "-")}`, `${str.time_seen_label}: ${seenAt.toISOString()}`,
      `URL: ${entry.doc.location?.href || ""}`, "", seen(entry.text ?? entry.read.text), ""];
    const v = entry.result.view;
    lines.push(`${v?.verdict_label || str.verdict[entry.result.report.verdict]}${entry.result.report.overdue ? " · " + (v?.overdue_label || str.overdue) : ""}`);
    for (const r of distinctReasons(reasons)) lines.push(`- ${r.evidence ? `“${seen(r.evidence)}” ` : ""}${seen(r.texts.join(" "))}`);
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
    for (const e of state.claims.get(flagged) || []) {
      if (!e.result) continue;
      if (e.m.senderEl === flagged) return { entry: e, el: flagged };
      const link = e.read.links.find((l) => l.el === flagged);
      if (link) return { entry: e, el: flagged, link };
    }
    return null;
  }

  /** The entries whose text may hold `node`: its message's (through its ancestors) and the checked selection's. */
  function entriesAround(node) {
    const out = [];
    for (let a = node.nodeType === 1 ? node : node.parentNode; a; a = a.parentNode) {
      const e = state.byBody.get(a);
      if (e) out.push(e);
    }
    if (state.selection) out.push(state.selection);
    return out;
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
    for (const e of entriesAround(node)) {
      if (e.doc !== doc || !e.result) continue;
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
      if (card.returning) return;
      const m = markOf(ev.target);
      if (m) showCard(m.entry, m.el, "focus");
    }, true);
    doc.addEventListener("focusout", (ev) => { if (markOf(ev.target)) hideCardSoon(); }, true);
    // a click elsewhere closes a pinned card, but a link warning waits for Cancel / Open anyway / Escape
    doc.addEventListener("pointerdown", (ev) => { if (card.entry && PINNED.has(card.mode) && card.mode !== "link" && !isOurs(ev.target) && !markOf(ev.target)) hideCard(); }, true);
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

  OG.card = { showCard, hideCard, hideCardSoon, placeCard, listen, inspect, current: card };
})();

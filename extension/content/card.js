// overdue-guard content scripts: the explanation card (why, and what to do) and the page events
// that open it: hovering or focusing a mark, pointing at highlighted text, clicking a flagged
// link in a scam message (asks first). Built in a shadow root with createElement/textContent.
(() => {
  "use strict";
  const OG = globalThis.OverdueGuard;
  if (!OG?.marks || OG.card) return;
  const { el, isOurs, state } = OG.base;
  const { shadowHost, layoutSoon, strings } = OG.marks;
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

  OG.card = { showCard, hideCard, hideCardSoon, placeCard, listen, current: card };
})();

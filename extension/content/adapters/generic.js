// overdue-guard adapter: any page, run only when the user asks (popup "scan this page").
// Unknown pages have no structure to rely on, so messages are found by shape:
//   1. a non-empty selection inside one element: that element is the message;
//   2. otherwise repeated sibling blocks (SMS bubbles, mail list items) of short text inside the
//      main region: each is a message; outgoing-looking ones ("outgoing", "sent", "self") skipped;
//   3. otherwise the largest text blocks of the page (at most three).
// The sender is the nearest preceding heading that looks like a phone number, a short code,
// an e-mail address or a 【signature】.
(() => {
  const OG = globalThis.OverdueGuard;
  if (!OG) return;
  const { isEditor, isShown } = OG.util;
  const SENDER = /(\+?\d[\d\s()-]{3,18}\d)|([\w.+-]+@[\w-]+\.[\w.-]+)|(【[^】]{2,12}】)/;
  const OUTGOING = /\b(outgoing|sent|self|mine|from-me|right)\b/i;
  const BLOCKS = "p, li, div, td, article, section, blockquote, dd";

  const textLen = (e) => (e.textContent || "").replace(/\s+/g, "").length;

  /** Nearest preceding heading-like text that names a sender. */
  function senderNear(e) {
    for (let a = e; a && a.nodeType === 1; a = a.parentElement) {
      const h = a.querySelector("h1, h2, h3, header, [class*=title], [class*=sender], [class*=from]");
      if (h && !h.contains(e)) {
        const m = (h.textContent || "").match(SENDER);
        if (m) return { senderEl: h, sender: m[0].trim() };
      }
    }
    return { senderEl: null, sender: "" };
  }

  function fromSelection(doc) {
    const sel = doc.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
    let e = sel.getRangeAt(0).commonAncestorContainer;
    if (e.nodeType !== 1) e = e.parentElement;
    if (!e || isEditor(e) || textLen(e) < 6) return null;
    return [e];
  }

  /** The largest group of same-shaped siblings holding short texts (chat bubbles, rows). */
  function repeated(root) {
    let best = null;
    for (const parent of root.querySelectorAll("*")) {
      const kids = [...parent.children].filter((k) => k.matches(BLOCKS) && textLen(k) >= 4 && textLen(k) <= 2000);
      if (kids.length < 2) continue;
      const shape = (k) => k.tagName + "." + [...k.classList].filter((c) => !OUTGOING.test(c) && !/incoming|received|left/i.test(c)).sort().join(".");
      const groups = new Map();
      for (const k of kids) groups.set(shape(k), [...(groups.get(shape(k)) || []), k]);
      for (const g of groups.values()) {
        const score = g.length * Math.min(200, g.reduce((n, k) => n + textLen(k), 0) / g.length);
        if (g.length >= 2 && (!best || score > best.score)) best = { score, items: g };
      }
    }
    return best ? best.items : null;
  }

  function largest(root) {
    const blocks = [...root.querySelectorAll(BLOCKS)].filter((e) => textLen(e) >= 20 &&
      ![...e.children].some((c) => c.matches(BLOCKS) && textLen(c) >= 0.6 * textLen(e)));
    return blocks.sort((a, b) => textLen(b) - textLen(a)).slice(0, 3);
  }

  OG.registerAdapter({
    site: "generic",
    skipSelector: "nav, footer, aside, [role=navigation], blockquote[type=\"cite\"]",
    findMessages(doc) {
      const root = doc.querySelector('main, [role="main"]') || doc.body;
      if (!root) return [];
      const picked = fromSelection(doc) || repeated(root) || largest(root);
      return picked
        .filter((e) => isShown(e) && !isEditor(e) && !OUTGOING.test(e.className || ""))
        .map((e) => {
          const inner = e.querySelector(".bubble, .text, .content, .msg-content, .message-text, p") || e;
          return { key: "", container: e, body: textLen(inner) >= 0.5 * textLen(e) ? inner : e, channel: textLen(e) < 400 ? "sms" : "email", ...senderNear(e) };
        });
    },
    observeRoot(doc) {
      return doc.querySelector('main, [role="main"]') || doc.body;
    },
  });
})();

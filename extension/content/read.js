// overdue-guard content scripts: reading a message as the user sees it.
(() => {
  "use strict";
  const OG = globalThis.OverdueGuard;
  if (!OG?.base || OG.read) return;
  const { UI_ATTR, EDITOR } = OG.base;

  const MAX_TEXT = 100000; // characters per message (protocol limit)
  // Elements whose text is never part of a message, and subtrees that are editors.
  const SKIP_TAGS = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA", "INPUT",
    "SELECT", "OPTION", "BUTTON", "SVG", "CANVAS", "IFRAME", "OBJECT", "HEAD", "TITLE"]);
  const BLOCK_TAGS = new Set(["P", "DIV", "LI", "TR", "TD", "TH", "BR", "H1", "H2", "H3", "H4",
    "H5", "H6", "TABLE", "UL", "OL", "SECTION", "ARTICLE", "HEADER", "FOOTER", "BLOCKQUOTE", "PRE",
    "HR", "DL", "DT", "DD", "ADDRESS", "CENTER"]);
  const WS = /[\s\u00a0\u202f\u3000\u200b]/;

  // ------------------------------------------------------------------ reading text

  /** Whether the UTF-16 code unit `c` is whitespace (as WS: JavaScript's \s and U+200B). */
  const isWs = (c) => c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c > 0x7f && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));
  const NODES_PER_STEP = 200; // nodes read between two chances to yield

  /**
   * Reads what the user sees of `body`: the text (whitespace runs collapsed to one space,
   * block boundaries as newlines), a map from its UTF-16 offsets back to text nodes, and the
   * links with their real targets. Skips scripts, hidden parts, editors, our own UI and
   * whatever `skipSelector` names (quoted history). Stops at `max` characters: nothing after
   * them is walked. A generator that yields every NODES_PER_STEP nodes (a chance to give the
   * main thread back) and returns {text, pieces, links, doc}; linear in what it reads: the text
   * is kept in parts joined once, the map in flat arrays of numbers (little for the garbage
   * collector to trace), and text nodes are scanned by character code (a regex's match object
   * per word made the garbage collector's share grow from 6 % at 100 K characters to 26 % at 1 M).
   */
  function* reading(body, skipSelector, max) {
    const doc = body.ownerDocument;
    const win = doc.defaultView || window;
    const parts = []; // the text, in parts joined at the end
    // piece i: text[start[i], start[i] + n[i]) is node[i].data[at[i], at[i] + n[i])
    const pieces = { start: [], node: [], at: [], n: [] };
    const links = [];
    let len = 0; // length of the text so far
    let last = ""; // its last character
    let pendingBreak = false;

    const accept = (e, tag) => {
      if (SKIP_TAGS.has(tag)) return false;
      if (e.hasAttribute(UI_ATTR)) return false;
      if (e.matches(EDITOR)) return false;
      if (skipSelector && e.matches(skipSelector)) return false;
      if (e.hidden) return false;
      const s = win.getComputedStyle(e);
      if (s.display === "none" || s.visibility === "hidden") return false;
      return true;
    };
    const append = (part) => { parts.push(part); len += part.length; last = part[part.length - 1]; };
    /** Appends `part`, read from node.data at `at`. */
    const map = (node, at, part) => {
      const k = pieces.n.length - 1;
      if (k >= 0 && pieces.node[k] === node && pieces.at[k] + pieces.n[k] === at && pieces.start[k] + pieces.n[k] === len) {
        pieces.n[k] += part.length; // contiguous: one piece
      } else {
        pieces.start.push(len); pieces.node.push(node); pieces.at.push(at); pieces.n.push(part.length);
      }
      append(part);
    };

    const readText = (node) => {
      const data = node.data, end = data.length;
      for (let i = 0, j; i < end && len < max; i = j) {
        const ws = isWs(data.charCodeAt(i));
        for (j = i + 1; j < end && isWs(data.charCodeAt(j)) === ws;) j++;
        if (ws) {
          if (len && last !== " " && last !== "\n") map(node, i, " ");
          continue;
        }
        if (pendingBreak && len) {
          if (last === " ") { parts[parts.length - 1] = parts[parts.length - 1].slice(0, -1) + "\n"; last = "\n"; } // the space stays mapped
          else if (last !== "\n") append("\n"); // mapped to nothing
        }
        pendingBreak = false;
        let part = data.slice(i, Math.min(j, i + max - len));
        if (j - i > max - len) {
          const code = part.charCodeAt(part.length - 1);
          if (code >= 0xd800 && code <= 0xdbff) part = part.slice(0, -1); // no half surrogate pair
          if (!part) { len = max; break; }
        }
        map(node, i, part);
      }
    };
    const closeLink = (frame) => links.push({ el: frame.el, href: realHref(frame.el), text: parts.slice(frame.part).join("").trim() });

    const stack = [{ el: body, child: body.firstChild }];
    let visited = 0;
    while (stack.length && len < max) {
      const top = stack[stack.length - 1];
      const n = top.child;
      if (!n) {
        stack.pop();
        if (top.link) closeLink(top);
        if (top.block) pendingBreak = true;
        continue;
      }
      top.child = n.nextSibling;
      if (++visited % NODES_PER_STEP === 0) yield;
      if (n.nodeType === 3) readText(n);
      else if (n.nodeType === 1) {
        const tag = n.tagName.toUpperCase();
        if (!accept(n, tag)) continue;
        const block = BLOCK_TAGS.has(tag);
        if (block) pendingBreak = true;
        stack.push({ el: n, child: n.firstChild, block, link: tag === "A" && n.hasAttribute("href"), part: parts.length });
      }
    }
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i].link) closeLink(stack[i]); // cut off at the cap
    // a trailing collapsed space carries no meaning
    if (last === " ") {
      parts[parts.length - 1] = parts[parts.length - 1].slice(0, -1);
      const k = pieces.n.length - 1;
      if (!--pieces.n[k]) for (const a of Object.values(pieces)) a.pop();
    }
    return { text: parts.join(""), pieces, links, doc };
  }

  /** Reads `body` in one go (see reading()). */
  function readMessage(body, skipSelector, max = MAX_TEXT) {
    const steps = reading(body, skipSelector, max);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /** Reads `body` in slices: `await slice()` between steps (see base.js slicer()). */
  async function readMessageSliced(body, skipSelector, slice, max = MAX_TEXT) {
    const steps = reading(body, skipSelector, max);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      await slice();
    }
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
    const { start, node, at: from, n } = read.pieces;
    if (!span || !n.length) return null;
    const [s, e] = span;
    if (!(e > s)) return null;
    const find = (off, isEnd) => {
      const at = isEnd ? off - 1 : off; // the character the boundary is before / after
      // last piece starting at or before it (binary search)
      let lo = 0, hi = n.length - 1, k = 0;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (start[mid] <= at) { k = mid; lo = mid + 1; } else hi = mid - 1;
      }
      const i = at - start[k];
      if (i < 0) return { node: node[k], offset: from[k] };
      if (i >= n[k]) {
        // it falls in an inserted newline: snap to the next piece's start / this piece's end
        if (!isEnd && k + 1 < n.length) return { node: node[k + 1], offset: from[k + 1] };
        return { node: node[k], offset: from[k] + n[k] };
      }
      return { node: node[k], offset: from[k] + i + (isEnd ? 1 : 0) };
    };
    try {
      const a = find(s, false), b = find(e, true);
      const r = read.doc.createRange();
      r.setStart(a.node, a.offset);
      r.setEnd(b.node, b.offset);
      return r.collapsed ? null : r;
    } catch { return null; }
  }


  OG.read = { MAX_TEXT, WS, readMessage, readMessageSliced, realHref, unwrap, spanToRange };
})();

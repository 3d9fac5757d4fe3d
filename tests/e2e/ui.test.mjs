// End-to-end: what the extension draws on a page that may be hostile (issue 8) and how it reads
// (issue 9). The badge, the card and the link warning live in closed shadow roots, so the page
// reads nothing but empty hosts; the tests look through the extension's own eyes (drawn(), in the
// content-script world), never through selectors a page could imitate. Covered: a page reading,
// rewriting, restyling, removing and imitating our drawing; messages it posts; the link warning
// (holds until the user chooses, buttons on screen, keyboard); dark pages; where the card goes.

import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import path from "node:path";
import { launch, fixturesDir, inContentScripts, drawn, waitDrawn, center } from "./harness.mjs";
import { appendGmailThreat } from "./generated.mjs";

let h;
const GMAIL = "https://mail.google.com/mail/u/0/";
const THREAD = "#inbox/FMfcgzQXJWlmnopq";

/** The Gmail thread fixture, edited by `edit(html)`, served at GMAIL + `name`. */
async function serveThread(name, edit = (x) => x) {
  const html = await fs.readFile(path.join(fixturesDir, "gmail/thread.html"), "utf8");
  const body = edit(html);
  await h.route(`${GMAIL}${name}`, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body }));
}

const dark = (html) => html
  .replace("color:#202124;background:#f6f8fc", "color:#e8eaed;background:#202124")
  .replace("div[role=main]{margin:0 16px 16px 256px;background:#fff", "div[role=main]{margin:0 16px 16px 256px;background:#2d2e30");
/** No background anywhere; the page says it follows the system's colour scheme. */
const followsSystem = (html) => html
  .replace("color:#202124;background:#f6f8fc", "color:CanvasText")
  .replace("div[role=main]{margin:0 16px 16px 256px;background:#fff", "div[role=main]{margin:0 16px 16px 256px")
  .replace("<style>", "<style>:root{color-scheme:light dark}");
/** Hostile content inside the scam message: markup and script as text, RTL, emoji, zero-width. */
const hostileText = (html) => html.replace("<div dir=\"ltr\">微众银行 贷后管理部</div>",
  "<div dir=\"ltr\">&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; 🙂\u200B\u202Egnp.exe\u202C 请点击 <span dir=\"rtl\">مرحبا</span></div>" +
  "<div dir=\"ltr\">微众银行 贷后管理部</div>");

before(async () => {
  h = await launch();
  await serveThread("");
  await serveThread("dark", dark);
  await serveThread("system", followsSystem);
  await serveThread("hostile", hostileText);
  await h.route("https://webank-settle.help/**", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "opened" }));
});

after(async () => {
  await h?.close();
});

afterEach(async () => {
  for (const p of h?.context.pages() || []) if (!p.isClosed()) await p.close().catch(() => {});
});

/** Opens a Gmail thread page (at `size`) and waits for the scam message's visible badge. */
async function open(name = "", size = { width: 1280, height: 800 }) {
  const page = await h.context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("dialog", (d) => { errors.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.errors = errors;
  await page.setViewportSize(size);
  await page.goto(`${GMAIL}${name}${THREAD}`);
  await page.locator("#m-scam[data-og-verdict]").waitFor({ state: "attached", timeout: 15000 });
  await waitDrawn(page, (v) => v.badges.some((b) => b.visible && b.message === "m-scam"), "the scam message's badge");
  return page;
}

const scamBadge = (view) => view.badges.find((b) => b.message === "m-scam");

async function clickBadge(page) {
  const at = center(scamBadge(await drawn(page)).rect);
  await page.mouse.click(at.x, at.y);
  return (await waitDrawn(page, (v) => v.card, "the card")).card;
}

/** Everything a page script can learn from our hosts and the document's text. */
function pageView() {
  const hosts = [...document.querySelectorAll("og-layer")];
  return {
    hosts: hosts.map((e) => ({ ui: e.getAttribute("data-og-ui"), shadowRoot: e.shadowRoot !== null, text: e.textContent,
      html: e.outerHTML, attrs: [...e.attributes].map((a) => a.name).sort() })),
    text: document.documentElement.innerText,
    active: document.activeElement?.outerHTML.slice(0, 200),
  };
}

// ------------------------------------------------------------------ issue 8: a page that reads, forges or imitates

test("a page script reads nothing of the badge or the card but their empty hosts", async () => {
  const page = await open();
  const card = await clickBadge(page);
  assert.match(card.text, /Likely scam|Suspicious|疑似诈骗|可疑/); // the Chinese message gets the Chinese card
  const seen = await page.evaluate(pageView);
  assert.deepEqual(seen.hosts.map((x) => x.ui).sort(), ["card", "layer"]);
  for (const host of seen.hosts) {
    assert.equal(host.shadowRoot, false, "closed shadow root");
    assert.equal(host.text, "");
    assert.deepEqual(host.attrs, ["data-og-ui", "style"]);
    assert.doesNotMatch(host.html, /scam|suspicious|benign|verdict/i, "the host says nothing of the verdict");
  }
  const headline = card.text.split("\n").find((l) => l.length > 20);
  assert.ok(headline && !seen.text.includes(headline), "the card's text is not in the page's text");
  assert.ok(!seen.text.includes(scamBadge(await drawn(page)).text), "the badge's text is not in the page's text");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a page that rewrites, restyles or removes the badge gets ours back, without a loop", async () => {
  const page = await open();
  const ours = scamBadge(await drawn(page));
  const touched = await page.evaluate(() => {
    const layer = document.querySelector('og-layer[data-og-ui="layer"]');
    const tried = [];
    try { layer.attachShadow({ mode: "open" }); tried.push("attachShadow worked"); } catch { tried.push("attachShadow refused"); }
    layer.textContent = "✓ Verified by overdue-guard"; // light DOM of a host with a shadow root is not rendered
    layer.style.display = "none";
    layer.setAttribute("data-og-ui", "verified");
    layer.setAttribute("data-og-verdict", "benign");
    const sheet = document.createElement("style");
    sheet.textContent = "og-layer{display:none !important;opacity:0 !important;visibility:hidden !important}";
    document.head.append(sheet);
    return tried;
  });
  assert.deepEqual(touched, ["attachShadow refused"]);
  let view = await waitDrawn(page, (v) => scamBadge(v)?.visible && scamBadge(v).onTop, "the badge back on top");
  assert.equal(scamBadge(view).text, ours.text);
  const host = await page.evaluate(() => {
    const l = document.querySelector("og-layer[data-og-ui]");
    return { ui: l.getAttribute("data-og-ui"), attrs: l.attributes.length, display: getComputedStyle(l).display };
  });
  assert.deepEqual(host, { ui: "layer", attrs: 2, display: "block" });

  // removed: put back, with the same badge
  await page.evaluate(() => document.querySelector('og-layer[data-og-ui="layer"]').remove());
  view = await waitDrawn(page, (v) => scamBadge(v)?.visible && scamBadge(v).onTop, "the badge after its host was removed");
  assert.equal(scamBadge(view).text, ours.text);

  // once repaired, nothing more is written: count mutations of our hosts for a second
  const writes = await page.evaluate(() => new Promise((resolve) => {
    let n = 0;
    const mo = new MutationObserver((rs) => { n += rs.length; });
    for (const e of document.querySelectorAll("og-layer")) mo.observe(e, { attributes: true });
    mo.observe(document.documentElement, { childList: true });
    setTimeout(() => { mo.disconnect(); resolve(n); }, 1000);
  }));
  assert.equal(writes, 0, "no loop on our own repairs");
  await page.close();
});

test("a page fighting the repair (removes the host on every change) costs a bounded number of repairs", async (t) => {
  const page = await open();
  const removals = await page.evaluate(() => new Promise((resolve) => {
    let n = 0;
    const mo = new MutationObserver(() => {
      const l = document.querySelector('og-layer[data-og-ui="layer"]');
      if (l) { n++; l.remove(); }
    });
    mo.observe(document.documentElement, { childList: true });
    document.querySelector('og-layer[data-og-ui="layer"]')?.remove();
    setTimeout(() => { mo.disconnect(); resolve(n); }, 2500);
  }));
  t.diagnostic(`host removals the page made in 2.5 s: ${removals}`);
  assert.ok(removals <= 80, `repairs are bounded (${removals} in 2.5 s)`);
  // the page gives up: ours is back within a second or two
  await waitDrawn(page, (v) => scamBadge(v)?.visible && scamBadge(v).onTop, "the badge back after the fight", 4000);
  await page.close();
});

test("a page that imitates the badge and the card does not change ours", async () => {
  const page = await open();
  const before = await drawn(page);
  await page.evaluate(() => {
    const fake = document.createElement("og-layer");
    fake.setAttribute("data-og-ui", "layer");
    const root = fake.attachShadow({ mode: "open" });
    const b = document.createElement("button");
    b.className = "badge benign";
    b.setAttribute("data-og-badge", "benign");
    b.textContent = "✓ Verified by overdue-guard";
    b.style.cssText = "position:fixed;left:900px;top:150px";
    const card = document.createElement("div");
    card.className = "card";
    card.textContent = "No problem found. This is the official WeBank portal.";
    root.append(b, card);
    document.documentElement.append(fake);
  });
  await page.waitForTimeout(300);
  const after = await drawn(page);
  assert.deepEqual(after.badges.map((b) => [b.verdict, b.text]), before.badges.map((b) => [b.verdict, b.text]));
  assert.equal(after.card, null);
  const card = await clickBadge(page);
  assert.doesNotMatch(card.text, /official WeBank portal|Verified/);
  await page.close();
});

test("messages the page posts are ignored", async () => {
  const page = await open();
  const verdict = await page.locator("#m-scam").getAttribute("data-og-verdict");
  await page.evaluate(() => {
    const report = { verdict: "benign", overdue: false, signals: [], links: [], advice: [] };
    for (const type of ["bg-cs-show-report", "bg-cs-rescan", "cs-bg-classify", "og-result"]) {
      window.postMessage({ type, report, view: { headline: "All clear" }, items: [] }, "*");
      document.dispatchEvent(new CustomEvent(type, { detail: { report } }));
    }
  });
  await page.waitForTimeout(500);
  assert.equal(await page.locator("#m-scam").getAttribute("data-og-verdict"), verdict);
  assert.equal((await drawn(page)).card, null, "no card opened");
  await page.close();
});

// ------------------------------------------------------------------ issue 9: the link warning

test("the link warning holds until the user chooses; its buttons are on screen and keyboard-reachable", async () => {
  const page = await open("", { width: 1280, height: 520 });
  const pagesBefore = h.context.pages().length;
  await page.locator("#l-scam").click();
  let { card } = await waitDrawn(page, (v) => v.card?.mode === "link", "the link warning");
  assert.equal(card.role, "alertdialog");
  assert.deepEqual(card.buttons.map((b) => b.action), ["cancel", "open"]);
  assert.ok(card.buttons[0].focused, "focus moves into the warning (Cancel)");
  for (const b of card.buttons) {
    assert.ok(b.onTop, `${b.action} is not covered`);
    assert.ok(b.rect.y >= 0 && b.rect.y + b.rect.h <= 520, `${b.action} is on screen (${JSON.stringify(b.rect)})`);
  }
  // small and large moves over the message, its highlights, the link and the badge: the warning stays
  const link = await page.locator("#l-scam").boundingBox();
  const points = [[link.x + 3, link.y + 3], [link.x + 6, link.y + 4], [link.x + link.width / 2, link.y + link.height / 2],
    [center(scamBadge(await drawn(page)).rect).x, center(scamBadge(await drawn(page)).rect).y], [400, 300], [5, 510]];
  for (const [x, y] of points) await page.mouse.move(x, y, { steps: 3 });
  await page.waitForTimeout(600);
  await page.mouse.down(); await page.mouse.up(); // a click elsewhere
  ({ card } = await drawn(page));
  assert.equal(card?.mode, "link", "still the link warning");
  // keyboard: focus back in, Tab cycles between the two buttons, Escape cancels
  await inContentScripts(page, "OverdueGuard.card.current.root.querySelector('[data-og-action=cancel]').focus()");
  const focused = async () => (await drawn(page)).card?.buttons.find((b) => b.focused)?.action;
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "open");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "cancel", "Tab cycles");
  await page.keyboard.press("Shift+Tab");
  assert.equal(await focused(), "open");
  await page.keyboard.press("Escape");
  await waitDrawn(page, (v) => !v.card, "Escape cancels");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "l-scam", "focus back on the link");
  assert.equal(h.context.pages().length, pagesBefore, "nothing was opened");
  // Open anyway, from the keyboard
  await page.locator("#l-scam").click();
  await waitDrawn(page, (v) => v.card?.mode === "link", "the link warning again");
  const opened = h.context.waitForEvent("page", { timeout: 5000 });
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  const tab = await opened;
  await tab.waitForURL(/webank-settle\.help/, { timeout: 5000 });
  await tab.close();
  await page.close();
});

// ------------------------------------------------------------------ issue 9: dark mode

/** Relative luminance of a CSS rgb() colour. */
function luminance(css) {
  const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map((v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

test("dark mode: a dark page gets the dark badge and card, a light page the light ones", async () => {
  for (const [name, wantDark, scheme] of [["dark", true, "light"], ["", false, "dark"], ["system", true, "dark"], ["system", false, "light"]]) {
    const p = await h.context.newPage();
    await p.emulateMedia({ colorScheme: scheme });
    await p.setViewportSize({ width: 1280, height: 800 });
    await p.goto(`${GMAIL}${name}${THREAD}`);
    await waitDrawn(p, (v) => scamBadge(v)?.visible, "the badge");
    const what = `${name || "light"} page, system ${scheme}`;
    assert.equal(scamBadge(await drawn(p)).dark, wantDark, `${what}: badge`);
    const card = await clickBadge(p);
    assert.equal(card.dark, wantDark, `${what}: card`);
    assert.equal(luminance(card.background) < 0.2, wantDark, `${what}: card background ${card.background}`);
    await p.close();
  }
});

// ------------------------------------------------------------------ issue 9: where the card goes

/** Whether two {x, y, w, h} rects overlap. */
const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

test("gmail at 1280×800: the card never covers its message; 'what to do' shows without scrolling; each reason once", async (t) => {
  const page = await open();
  for (const how of ["click", "hover"]) {
    if (how === "click") await clickBadge(page);
    else {
      await page.keyboard.press("Escape");
      await page.mouse.move(5, 790);
      const at = center(scamBadge(await drawn(page)).rect);
      await page.mouse.move(at.x, at.y, { steps: 3 });
    }
    const view = await waitDrawn(page, (v) => v.card, `the card (${how})`);
    const { card } = view;
    const message = scamBadge(view).messageRect;
    t.diagnostic(`${how}: card ${JSON.stringify(card.rect)}, message ${JSON.stringify(message)}`);
    assert.ok(!overlaps(card.rect, message), `${how}: card ${JSON.stringify(card.rect)} is clear of message ${JSON.stringify(message)}`);
    assert.ok(card.rect.y >= 0 && card.rect.y + card.rect.h <= 800 && card.rect.x >= 0 && card.rect.x + card.rect.w <= 1280, "on screen");
    assert.ok(card.advice.length && card.advice[0].inView, `${how}: the first "what to do" is visible without scrolling`);
    const texts = card.reasons.map((r) => r.text);
    assert.equal(new Set(texts).size, texts.length, `each reason once: ${texts.join(" | ")}`);
    const quoted = card.reasons.flatMap((r) => r.text.match(/“[^”]+”/g) || []);
    assert.equal(new Set(quoted).size, quoted.length, "each piece of evidence quoted once");
    assert.ok(card.buttons.every((b) => b.onTop), "buttons visible");
  }
  await page.close();
});

test("a report with repeated reasons shows each once, grouped, the shared evidence quoted once, beside the selection", async () => {
  const page = await open();
  await page.evaluate(() => {
    const r = document.createRange();
    r.selectNodeContents(document.querySelector("#b-scam div"));
    getSelection().removeAllRanges();
    getSelection().addRange(r);
  });
  const text = await page.evaluate(() => getSelection().toString());
  const url = "https://webank-settle.help/pay?id=88231";
  const reasons = [
    { id: "link_lookalike", text: "The link imitates the bank's site.", evidence: url },
    { id: "link_new_tld", text: "The link's domain ends in .help.", evidence: url },
    { id: "link_lookalike", text: "The link imitates the bank's site.", evidence: url },
    { id: "pressure_deadline", text: "It sets a deadline of hours.", evidence: "今日18:00前" },
    { id: "pressure_deadline", text: "It sets a deadline of hours.", evidence: "今日18:00前" },
    { id: "free_mail_sender", text: "It comes from a free mailbox.", evidence: "webank.notice2026@gmail.com" },
    { id: "bidi_link", text: "A link hides reversed text.", evidence: "https://www.ic\u200Bbc.com.cn/\u202Excod.yap\u202C" },
  ];
  const advice = Array.from({ length: 8 }, (_, i) => ({ id: `advice_${i}`, text: `Step ${i + 1}: call the number printed on your card, not the one in the message.` }));
  const view = { lang: "en", verdict: "scam", verdict_label: "Likely scam", headline: "This looks like a scam.", reasons, good_signs: [], advice, strings: {} };
  const report = { overdue: true, verdict: "scam", signals: [], advice: [],
    links: [{ url, signals: ["link_lookalike", "link_new_tld"] }, { signals: ["bidi_link"] }], sender: { signals: ["free_mail_sender"] } };
  const shown = await h.serviceWorker.evaluate(async ({ message }) => {
    const [tab] = await chrome.tabs.query({ url: "https://mail.google.com/*" });
    return chrome.tabs.sendMessage(tab.id, message);
  }, { message: { type: "bg-cs-show-report", report, view, text, from: "selection" } });
  assert.deepEqual(shown, { ok: true });
  const { card } = await waitDrawn(page, (v) => v.card?.mode === "report", "the report card");
  assert.equal(card.reasons.length, 4, card.reasons.map((r) => r.text).join(" | "));
  assert.deepEqual(card.groups, ["The link", "The sender", "The wording"], "grouped by what they are about");
  assert.deepEqual(card.reasons.map((r) => r.id), ["link_lookalike link_new_tld", "bidi_link", "free_mail_sender", "pressure_deadline"]);
  assert.match(card.reasons[1].text, /^https:\/\/www\.ic⟨U\+200B⟩bc\.com\.cn\/⟨U\+202E⟩x/, "invisible characters shown, not obeyed");
  assert.doesNotMatch(card.text, /[\u200B\u202A-\u202E]/);
  assert.equal(card.text.split(url.slice(0, 30)).length - 1, 1, "the URL is quoted once");
  assert.match(card.reasons[0].text, /imitates the bank's site\. The link's domain ends in \.help\./, "one line for the URL");
  assert.ok(card.advice[0].inView, "the first step is visible without scrolling");
  const sel = await page.evaluate(() => { const r = getSelection().getRangeAt(0).getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; });
  assert.ok(!overlaps(card.rect, sel), `the card ${JSON.stringify(card.rect)} leaves the selection ${JSON.stringify(sel)} readable`);
  await page.close();
});

test("a narrow window gets a docked panel that leaves the badge and the buttons visible", async () => {
  const page = await open("", { width: 420, height: 640 });
  const card = await clickBadge(page);
  const badge = scamBadge(await drawn(page));
  assert.ok(card.docked || !overlaps(card.rect, badge.messageRect), JSON.stringify(card.rect));
  assert.ok(card.rect.x >= 0 && card.rect.x + card.rect.w <= 420);
  assert.ok(!overlaps(card.rect, badge.rect), "the badge stays visible");
  assert.ok(card.buttons.every((b) => b.onTop && b.rect.y + b.rect.h <= 640));
  await page.close();
});

// ------------------------------------------------------------------ issue 8: hostile message text

test("markup, script text, RTL, emoji and zero-width characters in a message are shown as text and run nothing", async () => {
  await h.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: "https://mail.google.com" });
  const page = await open("hostile");
  const card = await clickBadge(page);
  assert.ok(card.text.length > 0);
  await page.waitForTimeout(300);
  assert.deepEqual(page.errors, [], "no dialog, no error");
  const injected = await page.evaluate(() => document.querySelectorAll("script:not([src]), img[src=x]").length);
  assert.equal(injected, 0, "no markup was made from the message text");
  // copied evidence shows the invisible characters instead of obeying them
  const copy = center(card.buttons.find((b) => b.action === "copy").rect);
  await page.mouse.click(copy.x, copy.y);
  await waitDrawn(page, (v) => /Copied|已复制/.test(v.card?.text), "the copy feedback");
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(clip, /<script>alert\(1\)<\/script>/, "markup copied as text");
  assert.match(clip, /🙂 ?(⟨U\+200B⟩)?⟨U\+202E⟩gnp\.exe⟨U\+202C⟩/, "the override shown, not obeyed");
  assert.doesNotMatch(clip, /[\u200B\u202A-\u202E]/, "no raw bidi or zero-width characters");
  await page.close();
});

test("a page that mutates itself every 50 ms: bounded CPU and scanning, no writes of ours in reply", async (t) => {
  const page = await open();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const taskSeconds = async () => (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration").value;
  const scans0 = await inContentScripts(page, "OverdueGuard.base.state.scans");
  const cpu0 = await taskSeconds();
  const writes = await page.evaluate(() => new Promise((resolve) => {
    const n = { hosts: 0, marks: 0 };
    let i = 0;
    const mo = new MutationObserver((rs) => {
      for (const r of rs) {
        if (r.target.localName === "og-layer" || [...r.addedNodes, ...r.removedNodes].some((x) => x.localName === "og-layer")) n.hosts++;
        else if (r.attributeName?.startsWith("data-og-")) n.marks++;
      }
    });
    mo.observe(document.documentElement, { subtree: true, childList: true, attributes: true });
    const clock = document.createElement("div");
    document.querySelector(".gb").append(clock);
    const stamp = document.querySelector("#m-scam .g3"); // inside the message's container, outside its body
    const t = setInterval(() => {
      clock.textContent = `tick ${i++}`;
      stamp.textContent = `9:14 AM (${i} s ago)`;
      document.body.classList.toggle("tick");
    }, 50);
    setTimeout(() => { clearInterval(t); mo.disconnect(); resolve(n); }, 3000);
  }));
  const cpu = (await taskSeconds()) - cpu0;
  const scans = (await inContentScripts(page, "OverdueGuard.base.state.scans")) - scans0;
  await cdp.detach();
  t.diagnostic(`60 ticks in 3 s: ${scans} scans, ${cpu.toFixed(2)} s of main-thread tasks (page and extension)`);
  assert.deepEqual(writes, { hosts: 0, marks: 0 }, "ticks cause no writes to our hosts or marks");
  assert.ok(scans <= 40, `scans stay bounded (${scans} for 60 ticks)`);
  assert.ok(cpu < 1.5, `main-thread time stays bounded (${cpu.toFixed(2)} s in 3 s)`);
  assert.ok(scamBadge(await drawn(page))?.visible, "the badge is still there");
  await page.close();
});

test("a message that arrives while the page ticks every 50 ms is still marked", async () => {
  const page = await open();
  await page.evaluate(() => {
    const stamp = document.querySelector("#m-scam .g3");
    let i = 0;
    window.__tick = setInterval(() => { stamp.textContent = `9:14 AM (${i++} s ago)`; }, 50);
  });
  await page.evaluate(appendGmailThreat);
  await assert.doesNotReject(page.locator("#m-new[data-og-verdict]").waitFor({ state: "attached", timeout: 6000 }), "marked while the clock ticks");
  await page.evaluate(() => clearInterval(window.__tick));
  await page.close();
});

test("deep nesting and the page's own shadow roots: messages still marked, nothing thrown", async () => {
  const page = await open();
  await page.evaluate(() => {
    // 1,500 levels (deeper than the HTML parser builds; Chromium itself crashes near 3,000) around the text
    const body = document.getElementById("b-scam");
    let inner = document.createElement("div");
    const outer = inner;
    for (let i = 0; i < 1500; i++) { const d = document.createElement("div"); inner.append(d); inner = d; }
    inner.append(...body.childNodes);
    body.append(outer);
    // a widget with its own (open) shadow root inside the plain message
    const w = document.createElement("div");
    w.attachShadow({ mode: "open" }).append(Object.assign(document.createElement("span"), { textContent: "Your account is 30 days past due." }));
    document.getElementById("m-plain").append(w);
  });
  await page.waitForTimeout(1500);
  assert.ok(["suspicious", "scam"].includes(await page.locator("#m-scam").getAttribute("data-og-verdict")), "the nested message keeps its verdict");
  const view = await waitDrawn(page, (v) => scamBadge(v)?.visible, "the badge");
  assert.ok(scamBadge(view).onTop);
  const card = await clickBadge(page);
  assert.ok(card.text.length > 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("no request left the browser", () => {
  assert.deepEqual(h.requests, []);
});

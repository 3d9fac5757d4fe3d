// End-to-end: hostile pages (issue 8) beyond what ui.test.mjs draws. Behaviour only, no timings:
// a 5 MB message is marked and the page keeps answering (a message added afterwards is marked
// too); 10,000 links hide no bad one; a cross-origin frame holding a message breaks nothing and
// is not read; the background stopped in the middle of a scan still leaves every message marked;
// the background answers only the extension's own contexts, never a page; a link whose host
// borrows a brand with a look-alike letter is flagged as such.

import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { launch, fixturesDir, inContentScripts } from "./harness.mjs";
import { gmailThread, gmailLinks, gmessagesConversation, appendGmailThreat } from "./generated.mjs";

let h;
const GMAIL = "https://mail.google.com/mail/u/0/";
const FRAME = "https://frames.invalid/message.html";
const pages = new Map(); // URL → html
const conversation = gmessagesConversation(1000);

/** A message in a frame of another origin, marked up the way Gmail marks up a message. */
const FRAMED = `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<div class="adn ads" id="f-msg"><span class="gD" email="hx_cuishou2026@126.com">恒信资产</span>
<div class="a3s aiL" id="f-body">你的借款已逾期97天，今天17点前不还，我们就安排人上门。Pay at <a id="f-link" href="https://hengxin-huankuan.top/pay">https://hengxin-huankuan.top/pay</a></div></div>
<script>window.addEventListener("message", (e) => { window.parent.postMessage({ type: "cs-bg-classify", items: [] }, "*"); });</script>
</body></html>`;

/** An Apple-ID phish whose link writes "apple" with a Cyrillic а (U+0430). */
const CONFUSABLE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Inbox - Gmail</title></head>
<body><div role="main"><div class="nH if" id="thread">
<div class="adn ads" id="m-conf" data-message-id="#msg-f:confusable">
<span class="gD" email="no-reply@id-support-mail.com" name="Apple">Apple</span>
<div class="a3s aiL" id="b-conf"><p>Your Apple ID has been locked. Verify your account at
<a id="l-conf" href="https://www.\u0430pple.com/verify">https://www.\u0430pple.com/verify</a> within 24 hours.</p></div></div>
</div></div></body></html>`;

before(async () => {
  h = await launch();
  const thread = await fs.readFile(path.join(fixturesDir, "gmail/thread.html"), "utf8");
  pages.set(`${GMAIL}big`, gmailThread(5 * 1024 * 1024));
  pages.set(`${GMAIL}links`, gmailLinks(10000));
  pages.set(`${GMAIL}framed`, thread.replace("— Lisa</div>",
    `— Lisa</div><iframe id="frame" src="${FRAME}" style="width:600px;height:160px"></iframe>`));
  pages.set(FRAME, FRAMED);
  pages.set(`${GMAIL}confusable`, CONFUSABLE);
  pages.set("https://messages.google.com/web/conversations/1000", conversation.html);
  const serve = async (route, request) => {
    const url = request.url().replace(/#.*/, "");
    const html = pages.get(url);
    await route.fulfill({ status: html ? 200 : 404, contentType: "text/html; charset=utf-8", body: html || "" });
  };
  for (const origin of ["https://mail.google.com", "https://messages.google.com", "https://frames.invalid"]) await h.route(`${origin}/**`, serve);
});

after(async () => {
  await h?.close();
});

afterEach(async () => {
  for (const p of h?.context.pages() || []) if (!p.isClosed()) await p.close().catch(() => {});
});

/** A new tab that records the page's errors and dialogs in page.errors. */
async function newPage() {
  const page = await h.context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("dialog", (d) => { page.errors.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  return page;
}

const verdict = (page, sel) => page.locator(sel).getAttribute("data-og-verdict");

test("a 5 MB message is marked, and the page keeps answering: a message added afterwards is marked too", async () => {
  const page = await newPage();
  // Chromium itself takes seconds to load a 5 MB page of 50,000 rows on two busy cores;
  // what this test times is the extension's part, which comes after.
  await page.goto(`${GMAIL}big`, { timeout: 60000 });
  // while the content scripts read and classify, the page's own scripts still run
  const answered = await page.evaluate(() => document.querySelectorAll("#b-long tr").length);
  assert.ok(answered > 50000, `the statement has ${answered} rows`);
  await page.locator("#m-long[data-og-verdict]").waitFor({ state: "attached", timeout: 60000 });
  assert.ok(["suspicious", "scam"].includes(await verdict(page, "#m-long")), "the threat at the top counts");
  const read = await inContentScripts(page, "[...OverdueGuard.base.state.entries].map((e) => e.read.text.length)");
  assert.deepEqual(read.map((n) => n <= 100000 && n >= 99999), [true], `read ${read} characters of about 5,000,000`);
  await page.evaluate(appendGmailThreat);
  await page.locator("#m-new[data-og-verdict]").waitFor({ state: "attached", timeout: 15000 });
  assert.ok(["suspicious", "scam"].includes(await verdict(page, "#m-new")));
  assert.deepEqual(page.errors, []);
});

test("10,000 links, one of them bad: that one is flagged for what it is, the padding is not", async () => {
  const page = await newPage();
  await page.goto(`${GMAIL}links`);
  await page.locator("#m-links[data-og-verdict]").waitFor({ state: "attached", timeout: 60000 });
  assert.notEqual(await verdict(page, "#m-links"), "benign");
  const read = await inContentScripts(page, "[...OverdueGuard.base.state.entries].map((e) => e.read.links.length)");
  assert.deepEqual(read, [10000], "every link is read");
  // In an overdue notice every link gets link_in_overdue_notice (the classifier's rule); only
  // the bad one carries a warning about the link itself.
  const flags = await page.locator("a[data-og-flag]").evaluateAll((as) => as.map((a) => [a.id, a.getAttribute("data-og-flag")]));
  const own = flags.filter(([, f]) => f.split(" ").some((id) => id !== "link_in_overdue_notice"));
  assert.equal(own.length, 1, JSON.stringify(own.slice(0, 5)));
  assert.equal(own[0][0], "l-bad");
  assert.match(own[0][1], /link_suspicious_tld/);
  assert.deepEqual(page.errors, []);
});

test("a cross-origin frame holding a message: nothing breaks, and the frame is not read", async () => {
  // Expected: the Gmail content script runs in the top frame only (all_frames: false), and the
  // extension has no access to frames.invalid, so the frame's message is neither read nor
  // marked; the top frame's messages are marked as without the frame; what the frame posts to
  // its parent is ignored.
  const page = await newPage();
  await page.goto(`${GMAIL}framed#inbox/FMfcgzQXJWlmnopq`);
  await page.locator("#m-scam[data-og-verdict]").waitFor({ state: "attached", timeout: 15000 });
  await page.locator("#m-plain[data-og-verdict]").waitFor({ state: "attached", timeout: 15000 });
  assert.ok(["suspicious", "scam"].includes(await verdict(page, "#m-scam")));
  assert.equal(await verdict(page, "#m-plain"), "benign", "the frame's text does not count as the plain message's");
  const frame = page.frames().find((f) => f.url() === FRAME);
  assert.ok(frame, "the frame loaded");
  await frame.evaluate(() => window.postMessage("poke", "*"));
  await page.waitForTimeout(800);
  const inFrame = await frame.evaluate(() => ({
    message: document.getElementById("f-body")?.textContent.includes("逾期97天"),
    marks: document.querySelectorAll("[data-og-verdict], [data-og-flag], [data-og-overdue]").length,
    layers: document.querySelectorAll("og-layer").length,
    highlights: CSS.highlights.size,
  }));
  assert.deepEqual(inFrame, { message: true, marks: 0, layers: 0, highlights: 0 });
  const texts = await inContentScripts(page, "[...OverdueGuard.base.state.entries].map((e) => e.read.text)");
  assert.ok(texts.length >= 2 && texts.every((t) => !t.includes("安排人上门。Pay at")), "nothing of the frame was read");
  assert.deepEqual(page.errors, []);
});

test("the background stopped while the page loads and in the middle of a scan: every message still ends up marked", async (t) => {
  const page = await newPage();
  const cdp = await h.context.newCDPSession(page);
  await cdp.send("ServiceWorker.enable");
  let stops = 0;
  cdp.on("ServiceWorker.workerVersionUpdated", (e) => {
    if (e.versions.some((v) => v.scriptURL.endsWith("/background/main.js") && v.runningStatus === "stopped")) stops++;
  });
  const marked = page.locator("mws-message-wrapper[data-og-verdict]");
  const stop = () => cdp.send("ServiceWorker.stopAllWorkers");
  // resolves once the content script has a classify request out (false after 5 s without one)
  const requestOut = () => inContentScripts(page, `new Promise((resolve) => {
    const t0 = Date.now();
    const poll = () => OverdueGuard.base.state.inFlight > 0 ? resolve(true) : Date.now() - t0 > 5000 ? resolve(false) : setTimeout(poll, 2);
    poll();
  })`).catch(() => false);
  // The browser stops the background again and again, without a pause, while the page loads:
  // the content script's first question waits (the browser holds it until a background runs).
  let storming = true;
  const storm = (async () => { while (storming) { await stop(); await sleep(0); } })();
  await page.goto("https://messages.google.com/web/conversations/1000");
  await page.waitForTimeout(3000);
  storming = false;
  await storm;
  const atLoad = await marked.count();
  // Then it stops the background while a classify request of the page's 900 incoming bubbles
  // is out (a new background starts its engine each time), until one request has lost its
  // answer; the stop comes a little later each time, so that it lands while the background
  // works on the request. Should a whole scan get through first, the page is loaded again.
  const delays = [0, 10, 30, 60, 120, 250];
  let lost = 0;
  for (let i = 0; i < 60 && !lost; i++) {
    if (await requestOut()) {
      await sleep(delays[i % delays.length]);
      await stop();
    } else if (await marked.count() === conversation.incoming) {
      await page.reload();
    }
    lost = await inContentScripts(page, "OverdueGuard.base.state.lost").catch(() => 0);
  }
  const atLost = await marked.count();
  t.diagnostic(`${atLoad} marked after 3 s of stops, ${atLost} of ${conversation.incoming} when a request lost its answer (${stops} stops seen)`);
  assert.ok(lost > 0, "a request of the scan lost its answer");
  assert.ok(stops >= 1, "the background did stop");
  await marked.nth(conversation.incoming - 1).waitFor({ state: "attached", timeout: 90000 });
  assert.equal(await marked.count(), conversation.incoming);
  assert.equal(await page.locator('mws-message-wrapper[is-outgoing="true"][data-og-verdict]').count(), 0);
  await cdp.detach();
  assert.deepEqual(page.errors, []);
});

test("the background answers only the extension's own contexts", async () => {
  const page = await newPage();
  await page.goto(`${GMAIL}framed#inbox/FMfcgzQXJWlmnopq`);
  await page.locator("#m-scam[data-og-verdict]").waitFor({ state: "attached", timeout: 15000 });
  // The page's own scripts can't reach the background: no externally_connectable in the
  // manifest, so a page has no chrome.runtime to send with, and no extension id works.
  const fromPage = await page.evaluate(async (id) => {
    const runtime = globalThis.chrome?.runtime;
    if (!runtime?.sendMessage) return "no runtime";
    try { return await runtime.sendMessage(id, { type: "ui-bg-check", message: { text: "hi" } }); } catch (e) { return `refused: ${e.message}`; }
  }, h.extensionId);
  assert.match(String(fromPage), /^(no runtime|refused)/, JSON.stringify(fromPage));
  // A web page's own extension context (the content scripts, or a compromised renderer that
  // speaks for them) may send only the content-script messages: the popup's and the options
  // page's messages are refused.
  const fromContent = await inContentScripts(page, `Promise.all([
    { type: "ui-bg-check", message: { text: "您的借款已逾期，请点击链接还款" } },
    { type: "ui-bg-scan-page" },
    { type: "ui-bg-last-summary" },
    { type: "bg-cs-show-report" },
  ].map((m) => chrome.runtime.sendMessage(m)))`);
  for (const r of fromContent) {
    assert.equal(r.ok, false);
    assert.match(r.error, /not from an extension page|unknown message type/);
  }
  // the content-script messages still work from there
  const hello = await inContentScripts(page, "chrome.runtime.sendMessage({ type: 'cs-bg-hello', site: 'gmail' })");
  assert.equal(hello.ok, true);
  // a frame of another origin has no extension context at all
  const frame = page.frames().find((f) => f.url() === FRAME);
  assert.equal(await frame.evaluate(() => typeof globalThis.chrome?.runtime?.sendMessage), "undefined");
});

test("a link that writes a brand with a look-alike letter is flagged as confusable", async () => {
  const page = await newPage();
  await page.goto(`${GMAIL}confusable`);
  await page.locator("#m-conf[data-og-verdict]").waitFor({ state: "attached", timeout: 15000 });
  assert.equal(await verdict(page, "#m-conf"), "scam");
  const flag = await page.locator("#l-conf").getAttribute("data-og-flag");
  assert.match(flag || "", /link_confusable/);
  assert.deepEqual(page.errors, []);
});

test("no request left the browser", () => {
  assert.deepEqual(h.requests, []);
});
